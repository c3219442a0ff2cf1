-- Emails withheld before sending: an email about an event is checked
-- against the policy again just before it is sent (src/worker/mailer.c,
-- notify_mail_check); one its recipient may no longer see is not sent but
-- kept as 'withdrawn', with the reason in last_error. recipient_id is the
-- account the email was queued for (NULL: an address without an account,
-- or not a notification), whose role the check reads as it is then.
--
-- A CHECK cannot change in place: the table is rebuilt (migrations run
-- with foreign keys off; see src/store/migrate.c).
CREATE TABLE outbox_new (
	id INTEGER PRIMARY KEY,
	to_addr TEXT NOT NULL CHECK (instr(to_addr, '@') > 1),
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT,
	headers_json TEXT,
	message_id TEXT UNIQUE,
	request_id INTEGER REFERENCES requests (id) ON DELETE SET NULL,
	event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
	status TEXT NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'withdrawn')),
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at INTEGER NOT NULL,
	last_error TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	recipient_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;
INSERT INTO outbox_new (id, to_addr, subject, body_text, body_html, headers_json,
		message_id, request_id, event_id, status, attempts, next_attempt_at,
		last_error, created_at, sent_at)
	SELECT id, to_addr, subject, body_text, body_html, headers_json, message_id,
		request_id, event_id, status, attempts, next_attempt_at, last_error,
		created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (next_attempt_at)
	WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_request ON outbox (request_id);
CREATE INDEX outbox_failed ON outbox (created_at) WHERE status = 'failed';
CREATE INDEX outbox_withdrawn ON outbox (created_at) WHERE status = 'withdrawn';
