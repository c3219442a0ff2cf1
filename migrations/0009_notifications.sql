-- Email notifications (src/domain/notify.c).
--
-- How each user wants each kind of notification: 'immediate' (an email
-- each time), 'digest' (in one email a day) or 'none'. No row: the kind's
-- default.
CREATE TABLE notification_prefs (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind <> ''),
	delivery TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest', 'none')),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

-- Notifications waiting for their recipient's daily digest; sent_at is set
-- when the digest that carries them is queued.
CREATE TABLE notification_digest_items (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	request_id INTEGER REFERENCES requests (id) ON DELETE CASCADE,
	event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;
CREATE INDEX notification_digest_pending ON notification_digest_items (user_id)
	WHERE sent_at IS NULL;

-- One digest per person and local day (the digest job may run again).
CREATE TABLE notification_digests_sent (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	day TEXT NOT NULL CHECK (day IS date(day)),
	outbox_id INTEGER,
	PRIMARY KEY (user_id, day)
) STRICT, WITHOUT ROWID;

-- Events whose notifications were decided (each event is looked at once).
CREATE TABLE notified_events (
	event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	at INTEGER NOT NULL
) STRICT;

-- Requests whose requester turned their emails off (the link in every
-- email to the requester; no sign-in needed).
CREATE TABLE request_email_optouts (
	request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
	at INTEGER NOT NULL
) STRICT;

-- The failed emails staff look at (/admin/mail), newest first.
CREATE INDEX outbox_failed ON outbox (created_at) WHERE status = 'failed';
