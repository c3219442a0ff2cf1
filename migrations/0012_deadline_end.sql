-- The time of day a deadline ends (a rule set's "ends_at"): a request
-- keeps, from the rule set it was received under, the minute of its due
-- date at which the deadline ends; 1440, the default: at midnight after
-- it, the end of the day. Overdue from then on: the store compares
-- due_date || ' HH:MM' of this minute with the agency's local time as
-- "YYYY-MM-DD HH:MM" text (DUE_ENDS in src/store/statements.c).
ALTER TABLE requests ADD COLUMN due_end_minute INTEGER NOT NULL DEFAULT 1440
	CHECK (due_end_minute BETWEEN 1 AND 1440);

-- The dashboard's index of requests not closed (0008) holds the minute
-- too, so that due soon and overdue are still read from it alone.
DROP INDEX requests_dashboard_active;
CREATE INDEX requests_dashboard_active ON requests
	(due_date, due_end_minute, received_at, year, seq, status, channel, point_of_contact_id,
	compliance)
	WHERE status <> 'closed';
