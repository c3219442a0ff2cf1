-- Replies by email (`disclose mail-in`): what a stored message turned out
-- to be, and bounced requester addresses.
--
-- inbound_mail keeps every message as received (raw) before anything else
-- happens. status: 'queued' stored, not processed yet; 'accepted' posted
-- on request_id as event_id; 'held' for staff to attach or discard
-- (/staff/mail); 'rejected' not posted (an auto-reply, a bounce, a
-- duplicate, too large, or discarded by staff: resolved_by); 'failed'
-- could not be processed (kept for staff like a held one).
ALTER TABLE inbound_mail ADD COLUMN from_name TEXT;
-- All the text of the message, converted to UTF-8 (body_text is the new
-- text of a reply: quoted history and signature removed).
ALTER TABLE inbound_mail ADD COLUMN full_text TEXT;
-- Why it was held or not posted.
ALTER TABLE inbound_mail ADD COLUMN reason TEXT CHECK (reason IN ('no_address',
	'unknown_request', 'bad_token', 'not_requester', 'too_many_attachments',
	'unreadable', 'auto_reply', 'bounce', 'duplicate', 'too_large', 'error'));
-- What made it automatic ("Auto-Submitted: auto-replied"), a bounce's
-- diagnostic, or the error.
ALTER TABLE inbound_mail ADD COLUMN reason_detail TEXT;
-- [{filename, content_type, size, document_id or problem}] in the order of
-- the message's parts: the document each file became, or why it did not.
ALTER TABLE inbound_mail ADD COLUMN attachments_json TEXT;
-- Bytes as received (raw holds only the head of a message too large).
ALTER TABLE inbound_mail ADD COLUMN size INTEGER CHECK (size >= 0);
-- The staff member who attached or discarded a held message.
ALTER TABLE inbound_mail ADD COLUMN resolved_by INTEGER REFERENCES users (id);
CREATE INDEX inbound_mail_request ON inbound_mail (request_id);

-- A bounce for the requester's address: when and why mail to it failed.
-- Cleared when a new bounce-free reply is posted from it.
ALTER TABLE requests ADD COLUMN requester_email_failed_at INTEGER;
ALTER TABLE requests ADD COLUMN requester_email_failure TEXT;
