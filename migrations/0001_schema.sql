-- Disclose schema, version 1: the whole domain, so that later features add
-- columns and rows rather than redesign tables.
--
-- Conventions
-- * Every table is STRICT. Keys are INTEGER PRIMARY KEY (the rowid).
-- * Instants are INTEGER unix seconds, UTC, in columns named *_at
--   (received_at, created_at, expires_at, ...). They compare and subtract
--   as numbers, index compactly, and are formatted in the agency's time zone
--   only at the edge. Calendar days that the law counts (due dates, record
--   ranges, holidays) are not instants: they are TEXT 'YYYY-MM-DD' in the
--   agency's time zone, in columns named *_date, checked with date().
-- * Booleans are declared INT (0 or 1, checked); every other integer is
--   declared INTEGER. STRICT treats both alike; db_row_json() uses the
--   declared type to render INT columns as JSON true/false.
-- * An absent optional value is NULL, never ''.
-- * Enumerations are CHECK constraints. SQLite cannot alter a CHECK in place:
--   adding a value is a table rebuild (the "12 steps" of the ALTER TABLE
--   documentation), which db_migrate supports by running each migration with
--   foreign keys off and PRAGMA foreign_key_check before its commit. Open-ended
--   names (job kinds, audit actions, setting keys) are not enumerated.
-- * JSON columns (*_json, data, config, payload) hold text written by
--   jansson. They are not checked with json_valid(): with trusted_schema=OFF
--   SQLite 3.40 refuses JSON functions in the schema.
-- * Users, requests and departments are never deleted in normal operation
--   (users and departments are deactivated). History (events, documents,
--   tasks, audit rows) keeps a RESTRICT reference to the users in it.
--   Rows that only make sense with their parent (sessions, a request's
--   departments) cascade. Deleting a request (spam) needs its search rows
--   removed first: search_items refers to it with RESTRICT on purpose.
-- * Every statement lives in src/store/statements.c with bound parameters.
--   Partial indexes below are used only by queries that repeat their WHERE
--   term literally (e.g. "published = 1", "status <> 'closed'").

-- Applied migrations. db_migrate adds one row per migration in the same
-- transaction as the migration itself.
CREATE TABLE schema_migrations (
	version INTEGER PRIMARY KEY CHECK (version >= 1),
	name TEXT NOT NULL,
	applied_at INTEGER NOT NULL
) STRICT;

-- Agency-wide settings as text. Keys are code-defined; known keys are seeded
-- below and the few with a fixed vocabulary are checked here.
CREATE TABLE settings (
	key TEXT PRIMARY KEY
		CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_.]*'),
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
	CHECK (key <> 'publish_default'
		OR value IN ('manual', 'submission', 'closure')),
	CHECK (key <> 'request_number_start'
		OR (value GLOB '[1-9]*' AND value NOT GLOB '*[^0-9]*')),
	CHECK (key <> 'agency_timezone' OR value <> ''),
	CHECK (key <> 'deadline_rule_set' OR value <> '')
) STRICT, WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES
	('agency_name', 'Public Records'),
	('agency_timezone', 'America/Los_Angeles'),
	('request_number_start', '1'),
	('publish_default', 'manual'),
	('deadline_rule_set', 'cpra');

-- ---------------------------------------------------------------- people

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	-- NOCASE makes the UNIQUE constraint and every "email = ?" lookup
	-- case-insensitive (ASCII letters; the domain trims and validates).
	email TEXT NOT NULL COLLATE NOCASE UNIQUE
		CHECK (instr(email, '@') > 1 AND length(email) <= 254),
	name TEXT NOT NULL CHECK (name <> ''),
	title TEXT,
	role TEXT NOT NULL CHECK (role IN
		('admin', 'department_admin', 'publisher', 'staff', 'requester')),
	-- libsodium Argon2id string; NULL for accounts that log in by link only.
	-- Never part of a user row handed to pages (see store_user_*).
	password_hash TEXT,
	active INT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	email_verified_at INTEGER,
	phone TEXT,
	address TEXT,
	organisation TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	last_login_at INTEGER
) STRICT;
CREATE INDEX users_role ON users (role, active);

CREATE TABLE departments (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (name <> ''),
	short_name TEXT,
	-- Becomes the point of contact of a request assigned to this department.
	default_contact_id INTEGER REFERENCES users (id),
	active INT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_departments (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	department_id INTEGER NOT NULL
		REFERENCES departments (id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, department_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_departments_department
	ON user_departments (department_id, user_id);

-- ------------------------------------------------------ authentication

-- Only a 32-byte hash of the session token is stored (a stolen database
-- does not yield live sessions); the same holds for one_time_tokens.
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	ip TEXT,
	user_agent TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Login throttling: one row per failed attempt, keyed 'account:<email>' or
-- 'ip:<address>'; counted over a recent window, purged by age.
CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL CHECK (key <> ''),
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_attempts_key ON login_attempts (key, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- Single-use links sent by email. For a user, or for an address without an
-- account yet (a login link creates the requester account on use).
CREATE TABLE one_time_tokens (
	id INTEGER PRIMARY KEY,
	purpose TEXT NOT NULL
		CHECK (purpose IN ('login_link', 'password_reset', 'email_verify')),
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
	email TEXT COLLATE NOCASE,
	-- Where to go after use, e.g. {"next": "/requests/19-5156"}.
	data TEXT,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER,
	CHECK (user_id IS NOT NULL OR email IS NOT NULL)
) STRICT;
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id);
CREATE INDEX one_time_tokens_expires ON one_time_tokens (expires_at);

-- --------------------------------------------------- deadlines, calendar

-- How due dates are computed in one jurisdiction. config is JSON read by
-- src/domain/deadline.c: counting unit (calendar, business, calendar rolled
-- off weekends and holidays), cut-off time, first-response days, allowed
-- extensions (days, count, reasons, citation), whether a pause stops the
-- clock.
CREATE TABLE deadline_rule_sets (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE CHECK (key <> ''),
	name TEXT NOT NULL,
	config TEXT NOT NULL,
	active INT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

INSERT INTO deadline_rule_sets (key, name, config) VALUES ('cpra',
	'California Public Records Act',
	'{"citation":"Gov. Code § 7922.535","cutoff":"17:00",'
	|| '"first_response":{"days":10,"unit":"calendar","roll_forward":true},'
	|| '"extensions":[{"days":14,"unit":"calendar","max_count":1,'
	|| '"reasons":["records_elsewhere","voluminous","consult_agency",'
	|| '"data_extraction"],"citation":"Gov. Code § 7922.535(c)"}],'
	|| '"pause_stops_clock":false}');

-- Rule-based holidays: a fixed day ("July 4") or the nth weekday of a month
-- ("fourth Thursday of November"; nth -1 = last), shifted by offset_days
-- ("the day after Thanksgiving" = fourth Thursday + 1), with the weekend
-- observance the jurisdiction uses.
CREATE TABLE holiday_rules (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (name <> ''),
	kind TEXT NOT NULL CHECK (kind IN ('fixed', 'nth_weekday')),
	month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
	day INTEGER CHECK (day BETWEEN 1 AND 31),
	weekday INTEGER CHECK (weekday BETWEEN 0 AND 6), -- 0 = Sunday
	nth INTEGER CHECK (nth IN (-1, 1, 2, 3, 4, 5)),
	offset_days INTEGER NOT NULL DEFAULT 0,
	-- nearest_weekday: Saturday -> Friday, Sunday -> Monday (federal);
	-- sunday_to_monday: only Sunday moves; next_weekday: both to Monday.
	observance TEXT NOT NULL DEFAULT 'none' CHECK (observance IN
		('none', 'nearest_weekday', 'sunday_to_monday', 'next_weekday')),
	first_year INTEGER,
	last_year INTEGER,
	active INT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	CHECK ((kind = 'fixed' AND day IS NOT NULL AND weekday IS NULL
			AND nth IS NULL)
		OR (kind = 'nth_weekday' AND day IS NULL AND weekday IS NOT NULL
			AND nth IS NOT NULL)),
	CHECK (first_year IS NULL OR last_year IS NULL OR first_year <= last_year)
) STRICT;

-- Dates an admin adds: 'closed' (a closure or one-off holiday) or 'open'
-- (a working day although a rule says holiday).
CREATE TABLE calendar_dates (
	date TEXT PRIMARY KEY CHECK (date IS date(date)),
	kind TEXT NOT NULL CHECK (kind IN ('closed', 'open')),
	name TEXT NOT NULL CHECK (name <> ''),
	created_by INTEGER REFERENCES users (id),
	created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- ------------------------------------------------------------- requests

-- The next number per year of receipt (agency time zone). The first row of a
-- year starts at the setting request_number_start.
CREATE TABLE request_sequences (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),
	next_seq INTEGER NOT NULL CHECK (next_seq >= 1)
) STRICT;

CREATE TABLE requests (
	id INTEGER PRIMARY KEY,
	-- 'YY-N' (19-5156): two-digit year of receipt and the year's sequence.
	number TEXT NOT NULL UNIQUE,
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
	seq INTEGER NOT NULL CHECK (seq >= 1),
	description TEXT NOT NULL CHECK (description <> ''),
	-- The text as submitted, kept once staff edit description.
	original_description TEXT,
	records_from_date TEXT CHECK (records_from_date IS date(records_from_date)),
	records_to_date TEXT CHECK (records_to_date IS date(records_to_date)),
	preferred_format TEXT,

	status TEXT NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'paused', 'closed')),
	-- published_at: when it was published; NULL while it is not (the
	-- events keep the history of publishing and unpublishing).
	published INT NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	published_at INTEGER,

	received_at INTEGER NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN
		('web', 'email', 'phone', 'mail', 'in_person', 'fax')),

	-- Deadline. due_explanation is JSON: the rule, the steps of the count
	-- and what the law does not allow, for the page to explain.
	rule_set_id INTEGER REFERENCES deadline_rule_sets (id),
	due_date TEXT CHECK (due_date IS date(due_date)),
	due_source TEXT NOT NULL DEFAULT 'rule'
		CHECK (due_source IN ('rule', 'manual')),
	due_explanation TEXT,
	first_due_date TEXT CHECK (first_due_date IS date(first_due_date)),
	paused_at INTEGER,
	paused_days_total INTEGER NOT NULL DEFAULT 0
		CHECK (paused_days_total >= 0),
	closed_at INTEGER,

	point_of_contact_id INTEGER REFERENCES users (id),
	-- The requester's account, if any. The contact fields below are what
	-- the request was made with and are kept even without an account.
	requester_id INTEGER REFERENCES users (id),
	requester_name TEXT,
	requester_email TEXT COLLATE NOCASE,
	requester_phone TEXT,
	requester_address TEXT,
	requester_organisation TEXT,

	-- Optimistic concurrency: updates say "WHERE id = ? AND version = ?"
	-- and bump it; a stale form gets a conflict, not a lost update.
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	-- Random token for reply addresses (reply+TOKEN@agency).
	reply_token TEXT UNIQUE,
	created_by INTEGER REFERENCES users (id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,

	UNIQUE (year, seq),
	CHECK (number = printf('%02d-%d', year % 100, seq)),
	CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
	CHECK ((status = 'paused') = (paused_at IS NOT NULL)),
	CHECK (published = (published_at IS NOT NULL)),
	CHECK (records_from_date IS NULL OR records_to_date IS NULL
		OR records_from_date <= records_to_date)
) STRICT;
-- Public archive, newest first, keyset (received_at, id), optionally by
-- status and a received_at range.
CREATE INDEX requests_public ON requests (received_at, id)
	WHERE published = 1;
CREATE INDEX requests_public_status ON requests (status, received_at, id)
	WHERE published = 1;
-- Staff lists of every request, newest first.
CREATE INDEX requests_received ON requests (received_at, id);
-- Staff queues of requests not closed, by due date (and overdue sweeps).
CREATE INDEX requests_active_due ON requests (due_date, id)
	WHERE status <> 'closed';
CREATE INDEX requests_contact ON requests (point_of_contact_id, status, due_date);
-- A requester's own requests; requests to link when an address signs up.
CREATE INDEX requests_requester ON requests (requester_id, received_at);
CREATE INDEX requests_requester_email ON requests (requester_email);

-- A request's departments. published, status and received_at are copies of
-- the request's, kept by the two triggers below, so that the archive
-- filtered by department pages through one index at any size (otherwise a
-- large department sorts all its rows, a small one scans all requests).
-- Triggers are used because the copy must never drift, whoever writes.
CREATE TABLE request_departments (
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	department_id INTEGER NOT NULL REFERENCES departments (id),
	published INT NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	status TEXT NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'paused', 'closed')),
	received_at INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (request_id, department_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_departments_archive ON request_departments
	(department_id, received_at, request_id, published, status);
CREATE INDEX request_departments_queue ON request_departments
	(department_id, status, request_id);

CREATE TRIGGER request_departments_copy AFTER INSERT ON request_departments
BEGIN
	UPDATE request_departments
	SET (published, status, received_at) =
		(SELECT published, status, received_at FROM requests
		WHERE id = NEW.request_id)
	WHERE request_id = NEW.request_id
		AND department_id = NEW.department_id;
END;

CREATE TRIGGER requests_copy_to_departments
AFTER UPDATE OF published, status, received_at ON requests
WHEN OLD.published IS NOT NEW.published OR OLD.status IS NOT NEW.status
	OR OLD.received_at IS NOT NEW.received_at
BEGIN
	UPDATE request_departments
	SET published = NEW.published, status = NEW.status,
		received_at = NEW.received_at
	WHERE request_id = NEW.id;
END;

CREATE TABLE request_support_staff (
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (request_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_support_staff_user
	ON request_support_staff (user_id, request_id);

-- --------------------------------------------------------------- events

-- The timeline: append-only; edits set edited_at (the audit row keeps the
-- text before). actor_name and actor_title are the byline as written then
-- ('Kris Tu 34895 LAPD CPRA 1421', 'Detective III'); a NULL actor with
-- actor_is_requester = 0 is the system (no byline). data is JSON with the
-- structured values: {"old": "2020-05-12", "new": "2020-06-09"} for a due
-- date, department ids and names, closure reason ids, document ids, ...
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('opened', 'department_assigned',
		'point_of_contact_changed', 'support_staff_changed', 'message',
		'internal_note', 'due_date_changed', 'extended', 'paused', 'resumed',
		'document_released', 'task_assigned', 'task_done', 'published',
		'unpublished', 'closed', 'reopened', 'request_edited', 'overdue')),
	level TEXT NOT NULL CHECK (level IN ('public', 'requester', 'staff')),
	hidden INT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
	hidden_reason TEXT,
	hidden_by INTEGER REFERENCES users (id),
	hidden_at INTEGER,
	actor_id INTEGER REFERENCES users (id),
	actor_is_requester INT NOT NULL DEFAULT 0
		CHECK (actor_is_requester IN (0, 1)),
	actor_name TEXT,
	actor_title TEXT,
	created_at INTEGER NOT NULL,
	body TEXT, -- Markdown
	data TEXT,
	edited_at INTEGER,
	CHECK (hidden = 1 OR hidden_at IS NULL),
	CHECK (kind <> 'internal_note' OR level = 'staff')
) STRICT;
CREATE INDEX events_request ON events (request_id, created_at, id);

-- ------------------------------------------------------------ documents

-- A file (stored under storage_path, content-addressed by sha256), a link,
-- or records available offline (instructions: where and how to inspect).
-- A new version sets replaced_by_id on the old row; current documents have
-- replaced_by_id NULL. text_content is the extracted text (for search).
CREATE TABLE documents (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	level TEXT NOT NULL CHECK (level IN ('public', 'requester', 'staff')),
	kind TEXT NOT NULL CHECK (kind IN ('file', 'link', 'offline')),
	title TEXT NOT NULL CHECK (title <> ''),
	description TEXT,
	filename TEXT,
	content_type TEXT,
	size INTEGER CHECK (size >= 0),
	sha256 BLOB CHECK (length(sha256) = 32),
	storage_path TEXT,
	url TEXT,
	instructions TEXT,
	replaced_by_id INTEGER REFERENCES documents (id),
	text_status TEXT NOT NULL DEFAULT 'none'
		CHECK (text_status IN ('pending', 'done', 'failed', 'none')),
	text_content TEXT,
	uploaded_by INTEGER REFERENCES users (id),
	created_at INTEGER NOT NULL,
	released_at INTEGER,
	download_count INTEGER NOT NULL DEFAULT 0 CHECK (download_count >= 0),
	CHECK (kind <> 'file' OR (filename IS NOT NULL AND size IS NOT NULL
		AND sha256 IS NOT NULL AND storage_path IS NOT NULL)),
	CHECK (kind <> 'link' OR url IS NOT NULL),
	CHECK (kind <> 'offline' OR instructions IS NOT NULL),
	CHECK (replaced_by_id IS NOT id)
) STRICT;
CREATE INDEX documents_request ON documents (request_id, level, created_at);
CREATE INDEX documents_replaced_by ON documents (replaced_by_id);
CREATE INDEX documents_sha256 ON documents (sha256);

-- ---------------------------------------------------------------- tasks

CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	assignee_user_id INTEGER REFERENCES users (id),
	assignee_department_id INTEGER REFERENCES departments (id),
	description TEXT NOT NULL CHECK (description <> ''),
	due_date TEXT CHECK (due_date IS date(due_date)),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
	done_note TEXT,
	done_at INTEGER,
	done_by INTEGER REFERENCES users (id),
	created_by INTEGER REFERENCES users (id),
	created_at INTEGER NOT NULL,
	CHECK (assignee_user_id IS NOT NULL OR assignee_department_id IS NOT NULL),
	CHECK ((status = 'done') = (done_at IS NOT NULL))
) STRICT;
CREATE INDEX tasks_request ON tasks (request_id);
CREATE INDEX tasks_user ON tasks (assignee_user_id, status, due_date);
CREATE INDEX tasks_department ON tasks (assignee_department_id, status, due_date);

-- ------------------------------------------------ closure, templates

-- Why a request was closed: a label for staff, the text the requester
-- reads, and the law it cites (Gov. Code § 7927.705, ...).
CREATE TABLE closure_reasons (
	id INTEGER PRIMARY KEY,
	label TEXT NOT NULL UNIQUE CHECK (label <> ''),
	requester_text TEXT,
	citations TEXT,
	active INT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	sort INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE request_closure_reasons (
	request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	reason_id INTEGER NOT NULL REFERENCES closure_reasons (id),
	PRIMARY KEY (request_id, reason_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_closure_reasons_reason
	ON request_closure_reasons (reason_id, request_id);

CREATE TABLE message_templates (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (name <> ''),
	body TEXT NOT NULL, -- Markdown
	active INT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	sort INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- ------------------------------------------------------------ audit log

-- One row per staff or admin action, in the action's transaction. action is
-- 'entity.verb' ('request.close', 'user.create'); before_json/after_json
-- hold the changed fields. A NULL actor is the system (sweeps, mail-in).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	actor_id INTEGER REFERENCES users (id),
	at INTEGER NOT NULL,
	action TEXT NOT NULL CHECK (action <> ''),
	request_id INTEGER REFERENCES requests (id) ON DELETE SET NULL,
	target_type TEXT,
	target_id INTEGER,
	before_json TEXT,
	after_json TEXT,
	ip TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_request ON audit_log (request_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- ----------------------------------------------------------------- mail

-- Outgoing mail, sent by the background worker. A row being sent has
-- status 'sending' and next_attempt_at as its lease; a failed attempt goes
-- back to 'queued' with a later next_attempt_at, 'failed' after the last.
CREATE TABLE outbox (
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
		CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at INTEGER NOT NULL,
	last_error TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_attempt_at)
	WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_request ON outbox (request_id);

-- Incoming mail (`disclose mail-in`), held until processed: 'queued' to
-- parse, 'accepted' (became event_id on request_id), 'held' for staff to
-- review (no matching request or sender), 'rejected', 'failed' (error).
CREATE TABLE inbound_mail (
	id INTEGER PRIMARY KEY,
	raw BLOB NOT NULL,
	received_at INTEGER NOT NULL,
	message_id TEXT,
	in_reply_to TEXT,
	from_addr TEXT,
	to_addr TEXT,
	subject TEXT,
	body_text TEXT,
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN
		('queued', 'accepted', 'held', 'rejected', 'failed')),
	request_id INTEGER REFERENCES requests (id) ON DELETE SET NULL,
	event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
	error TEXT,
	processed_at INTEGER
) STRICT;
CREATE INDEX inbound_mail_status ON inbound_mail (status, received_at);
CREATE INDEX inbound_mail_message_id ON inbound_mail (message_id);

-- ----------------------------------------------------------------- jobs

-- Background work (text extraction, deadline sweeps, ...). A worker claims a
-- queued row whose run_at has come by setting locked_until (a lease; an
-- expired lease is claimable again); done rows are 'done', rows out of
-- attempts 'failed'. unique_key makes enqueueing idempotent
-- ('extract:document:42').
CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind <> ''),
	payload TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'done', 'failed')),
	run_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
	locked_until INTEGER,
	last_error TEXT,
	unique_key TEXT UNIQUE,
	created_at INTEGER NOT NULL,
	finished_at INTEGER
) STRICT;
CREATE INDEX jobs_queued ON jobs (run_at) WHERE status = 'queued';

-- ------------------------------------------------------- full-text search
--
-- Two FTS5 indexes over the same items: search_all (staff: every request
-- description, event body, document) and search_public (what the public may
-- see: descriptions of published requests, public non-hidden events of
-- published requests, released public documents).
--
-- search_items is the list of indexed items: its id is the rowid in both
-- FTS tables, and (kind, item_id, request_id) say what matched and where
-- to link. in_public says whether the item is also in search_public; the
-- store decides it with the domain's visibility rule (src/domain/policy)
-- when it writes the item, not a trigger.
--
-- Both FTS tables are external-content tables over the views below, which
-- read the text from requests/events/documents by primary key: the text is
-- stored once, yet snippet() and highlight() work. The rules of external
-- content apply, in the writer's transaction:
--   add:     INSERT INTO search_x(rowid, title, body)
--              SELECT id, title, body FROM search_x_content WHERE id = ?
--   remove:  INSERT INTO search_x(search_x, rowid, title, body)
--              SELECT 'delete', id, title, body FROM search_x_content
--              WHERE id = ?   -- BEFORE the source text or in_public changes
--   change:  remove, change the source, add.
-- 'rebuild' re-creates either index from its view ('integrity-check' checks
-- it), so a bug in the sync is repaired by a rebuild, not a migration.
CREATE TABLE search_items (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('request', 'event', 'document')),
	item_id INTEGER NOT NULL,
	request_id INTEGER NOT NULL REFERENCES requests (id),
	in_public INT NOT NULL DEFAULT 0 CHECK (in_public IN (0, 1)),
	UNIQUE (kind, item_id)
) STRICT;
CREATE INDEX search_items_request ON search_items (request_id);

CREATE VIEW search_all_content (id, title, body, in_public) AS
SELECT si.id,
	CASE si.kind WHEN 'document' THEN
		(SELECT d.title FROM documents AS d WHERE d.id = si.item_id)
	END,
	CASE si.kind
	WHEN 'request' THEN
		(SELECT r.description FROM requests AS r WHERE r.id = si.item_id)
	WHEN 'event' THEN
		(SELECT e.body FROM events AS e WHERE e.id = si.item_id)
	WHEN 'document' THEN
		(SELECT coalesce(d.description || char(10), '')
			|| coalesce(d.text_content, '')
		FROM documents AS d WHERE d.id = si.item_id)
	END,
	si.in_public
FROM search_items AS si;

CREATE VIEW search_public_content (id, title, body) AS
SELECT id, title, body FROM search_all_content WHERE in_public = 1;

CREATE VIRTUAL TABLE search_all USING fts5(title, body,
	content = 'search_all_content', content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2');

CREATE VIRTUAL TABLE search_public USING fts5(title, body,
	content = 'search_public_content', content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2');
