-- Server-side keys (random bytes made at first use), e.g. 'csrf': the key
-- that signs the anti-forgery token of visitors who are not signed in.
-- Kept apart from settings so that no settings page or export can show
-- them.
CREATE TABLE secrets (
	name TEXT PRIMARY KEY CHECK (name <> ''),
	value BLOB NOT NULL CHECK (length(value) >= 32),
	created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
