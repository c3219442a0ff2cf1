/* Keeping due dates true after the fact: the compliance flag a request
 * carries, due dates the rule keeps when the holiday calendar changes, and
 * the daily sweep that records requests falling overdue. Each function
 * works inside the caller's transaction (db_begin) except due_sweep, which
 * holds its own. */
#ifndef DISCLOSE_DUE_H
#define DISCLOSE_DUE_H

#include <stdint.h>

#include "store/db.h"
#include "store/store.h"

enum {
	DUE_RECOMPUTE_MAX = 20000, /* requests one calendar change recomputes */
	DUE_SWEEP_BATCH = 1000,    /* requests one sweep transaction marks */
};

/* due_recheck computes the request's compliance flag from its whole due
 * date history against the rule set its explanation names (the portal's
 * when that one is gone) and stores it on the request. */
enum store_rc due_recheck(struct db *db, int64_t request_id, const char *explanation);

/* due_recompute follows a change of the holiday calendar: every request
 * not closed whose due date came from the rule and falls on or after from
 * ("YYYY-MM-DD"; NULL: any) gets its first due date and due date computed
 * again from its receipt and history (deadline_replay); each one that
 * moves gets a public "Due Date Changed" event with byline's actor and
 * time whose text is why, an audit row and its flag rechecked. Due dates
 * set by hand are left alone. *moved (may be NULL) is how many moved. */
enum store_rc due_recompute(struct db *db, const struct store_event_new *byline,
			    const char *ip, const char *from, const char *why, int *moved);

/* due_sweep records, for every open request whose deadline ended at or
 * before now (deadline_ended) and which has no overdue event for that due
 * date yet,
 * an "Overdue" event at level staff: once per request and due date.
 * Paused and closed requests are not swept. *marked (may be NULL) is how
 * many it marked. False on a database failure (logged). */
bool due_sweep(struct db *db, int64_t now, int *marked);

#endif
