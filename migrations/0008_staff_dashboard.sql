-- The staff dashboard's queues (the queue statements in
-- src/store/statements.c): each queue finds, filters and orders its
-- requests in one index that holds every column its WHERE, its filters
-- (status, channel, point of contact, the compliance flag of 0007) and its
-- orders (due date, received, number) read, so that only the rows of the page shown are read from the
-- table, whatever the size of the queue.
--
-- Not closed: unassigned, due soon, overdue.
CREATE INDEX requests_dashboard_active ON requests
	(due_date, received_at, year, seq, status, channel, point_of_contact_id, compliance)
	WHERE status <> 'closed';
-- By status: paused, recently closed (by closed_at), all requests. It
-- begins with the columns of requests_status_closed (0005), which it
-- replaces.
CREATE INDEX requests_dashboard_status ON requests
	(status, closed_at, due_date, received_at, year, seq, channel, point_of_contact_id,
	compliance);
DROP INDEX requests_status_closed;
