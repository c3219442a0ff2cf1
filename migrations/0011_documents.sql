-- Documents: the settings the upload checks read, and the index the
-- documents list pages through.
--
-- documents.allowed_types: the sniffed MIME types (libmagic) an upload may
--   have, one per line; "image/*" allows a whole top-level type.
-- documents.max_request_mb: all current files of one request, together.
-- documents.max_per_request: current documents (files, links, offline
--   instructions) on one request.
INSERT INTO settings (key, value) VALUES
	('documents.allowed_types', 'application/pdf
image/*
text/plain
text/csv
message/rfc822
application/zip
application/msword
application/vnd.ms-excel
application/vnd.ms-powerpoint
application/vnd.ms-outlook
application/rtf
text/rtf
application/vnd.openxmlformats-officedocument.wordprocessingml.document
application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
application/vnd.openxmlformats-officedocument.presentationml.presentation
application/vnd.oasis.opendocument.text
application/vnd.oasis.opendocument.spreadsheet
application/vnd.oasis.opendocument.presentation'),
	('documents.max_request_mb', '5000'),
	('documents.max_per_request', '1000');

-- The documents list, newest first, current versions only.
CREATE INDEX documents_current ON documents (created_at, id)
	WHERE replaced_by_id IS NULL;
