-- Closure reasons and message templates that a new portal starts with
-- (admins edit, reorder and deactivate them at /admin/closure-reasons and
-- /admin/templates). Citations are to the California Public Records Act as
-- recodified on 2023-01-01 (Gov. Code 7920.000 and following); a reason
-- that needs no legal basis cites nothing. An agency under another law
-- edits them.
--
-- Rows are added only where the label or name is free, so that a portal
-- which already made its own keeps them.

INSERT OR IGNORE INTO closure_reasons (label, requester_text, citations, sort) VALUES
	('Records released in full',
	 'The agency has released all the records it found that respond to your request.',
	 NULL, 10),
	('Records released in part, with exemptions',
	 'The agency has released the records it found that respond to your request. '
	 || 'Some records, or parts of them, are withheld or redacted because the law '
	 || 'exempts them from disclosure, as cited. Every reasonably segregable part of '
	 || 'a record has been released.',
	 'Gov. Code § 7922.000; Gov. Code § 7927.705', 20),
	('No responsive records',
	 'The agency searched for the records you asked for and found none.',
	 NULL, 30),
	('Withdrawn by the requester',
	 'You withdrew this request, so the agency has stopped working on it.',
	 NULL, 40),
	('Referred to another agency',
	 'The records you asked for are held by another agency. Please send your request '
	 || 'to that agency; the messages on this request say which one and how to reach it.',
	 NULL, 50),
	('Not a records request',
	 'Your message does not ask for existing records, so it is not a request under the '
	 || 'Public Records Act. The agency has answered it, or sent it to the right '
	 || 'office, in the messages on this request.',
	 NULL, 60),
	('Duplicate request',
	 'This request asks for the same records as another request, which the agency is '
	 || 'working on instead; the messages on this request give its number.',
	 NULL, 70),
	('Fee not paid',
	 'The copies you asked for were ready on payment of the direct cost of duplication, '
	 || 'and no payment was received, so the request is closed. You may make it again '
	 || 'at any time.',
	 'Gov. Code § 7922.530', 80);

-- Templates use no placeholders: what a template says must be right as it
-- stands, since staff may send it without editing.
INSERT OR IGNORE INTO message_templates (name, body, sort, created_at, updated_at) VALUES
	('Acknowledgement',
	 'Dear Requester,' || char(10) || char(10)
	 || 'Thank you for your request under the California Public Records Act. We have '
	 || 'received it and are searching for the records you asked for. The due date on '
	 || 'this page is when we will tell you what we found.' || char(10) || char(10)
	 || 'If you have any questions, please reply here.',
	 10, unixepoch(), unixepoch()),
	('Clarification needed',
	 'Dear Requester,' || char(10) || char(10)
	 || 'To find the records you are looking for, we need a little more detail. Could '
	 || 'you tell us the time period, the people or places involved, or any other '
	 || 'detail that would help us identify the records? We are glad to help you '
	 || 'describe them.' || char(10) || char(10)
	 || 'Please reply here.',
	 20, unixepoch(), unixepoch()),
	('Records released',
	 'Dear Requester,' || char(10) || char(10)
	 || 'The records that respond to your request are now available under '
	 || '**Documents** on this page.' || char(10) || char(10)
	 || 'If you have any questions, please reply here.',
	 30, unixepoch(), unixepoch()),
	('Extension notice',
	 'Dear Requester,' || char(10) || char(10)
	 || 'Because of unusual circumstances (the need to search for, collect and review '
	 || 'records held by other offices, or a large number of records), we are '
	 || 'extending the time to respond to your request by up to 14 days, as Gov. Code '
	 || '§ 7922.535 allows. The new due date is shown on this page.' || char(10) || char(10)
	 || 'If you have any questions, please reply here.',
	 40, unixepoch(), unixepoch());

