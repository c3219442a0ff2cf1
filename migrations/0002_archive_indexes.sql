-- Indexes for the public archive's derived filters and the home page's
-- figures, so that both stay fast at a million requests. Their WHERE terms
-- are repeated literally by the statements that use them
-- (src/store/statements.c).

-- Published requests not closed, newest first, with the due date in the
-- index: the archive filtered by "overdue" or "due soon" pages through it
-- without reading the table, and the count of open requests is its size.
CREATE INDEX requests_public_active ON requests (received_at, id, due_date)
	WHERE published = 1 AND status <> 'closed';

-- Published closed requests by closing time, with receipt time for the
-- time to close: "closed this year" and its median read only this index.
CREATE INDEX requests_public_closed ON requests (closed_at, received_at)
	WHERE published = 1 AND status = 'closed';
