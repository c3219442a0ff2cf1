-- Deadlines: the compliance flag on the request, rule sets per department,
-- custom rule sets beside the presets, and the due soon window.

-- What the request's due date history does beyond what its rule set
-- allows ("Extended 7 times; Gov. Code 7922.535 allows one extension of
-- up to 14 days"), NULL while it stays within it. Written by every action
-- that changes the due date, in its transaction (src/domain/due.c).
ALTER TABLE requests ADD COLUMN compliance TEXT
	CHECK (compliance IS NULL OR compliance <> '');

-- The archive filtered by the flag, newest first (published only), and
-- the staff's view of every flagged request.
CREATE INDEX requests_public_flagged ON requests (received_at, id)
	WHERE published = 1 AND compliance IS NOT NULL;

-- A department's own rule set; NULL: the portal's (setting
-- deadline_rule_set). A request takes its department's at receipt.
ALTER TABLE departments ADD COLUMN rule_set_key TEXT
	REFERENCES deadline_rule_sets (key);

-- Presets are the laws as written: an admin reads them and builds custom
-- rule sets, but does not change them.
ALTER TABLE deadline_rule_sets ADD COLUMN preset INT NOT NULL DEFAULT 0
	CHECK (preset IN (0, 1));
UPDATE deadline_rule_sets SET preset = 1
WHERE key IN ('cpra', 'foia', 'ny-foil', 'tx-pia');

-- Due soon: this many business days before the due date.
INSERT INTO settings (key, value) VALUES ('due_soon_business_days', '3')
	ON CONFLICT (key) DO NOTHING;

-- The overdue sweep looks for an overdue event per request and due date.
CREATE INDEX events_request_kind ON events (request_id, kind);
