-- The staff dashboard's queues by status: paused requests, and closed ones
-- by closing time ("recently closed"). The other queues use
-- requests_contact (mine) and requests_active_due (due soon, overdue,
-- unassigned).
CREATE INDEX requests_status_closed ON requests (status, closed_at);
