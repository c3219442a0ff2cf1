/* The staff workspace: changing a request under its version, departments
 * and staff to choose from, recent changes, and the staff queues. */
#include "store/store_internal.h"

#include <string.h>

enum store_rc store_request_update(struct db *db, int64_t id, int64_t version,
				   const struct store_request_change *ch, int64_t now)
{
	PREPARE(st, STMT_REQUEST_UPDATE);
	enum store_rc r = RUN(st, "changing a request", "iiiItiitiii", id, version,
			      (int64_t)ch->set_contact, ch->contact_id, ch->due_date,
			      (int64_t)ch->set_published, (int64_t)ch->published, ch->status, now,
			      (int64_t)ch->due_by_rule, ch->paused_days);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_department_get(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_DEPARTMENT_BY_ID);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a department", row);
}

enum store_rc store_staff_users(struct db *db, int limit, json_t **rows)
{
	PREPARE(st, STMT_STAFF_USERS);
	if (db_bind(db, st, "i", (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing staff", rows);
}

enum store_rc store_request_changes(struct db *db, int64_t request_id, int limit,
				    json_t **rows)
{
	PREPARE(st, STMT_REQUEST_CHANGES);
	if (db_bind(db, st, "ii", request_id, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading a request's changes", rows);
}

static const struct {
	const char *name;
	enum stmt_id list, count;
} queues[] = {
	{"mine", STMT_QUEUE_MINE, STMT_QUEUE_MINE_COUNT},
	{"unassigned", STMT_QUEUE_UNASSIGNED, STMT_QUEUE_UNASSIGNED_COUNT},
	{"due_soon", STMT_QUEUE_DUE_SOON, STMT_QUEUE_DUE_SOON_COUNT},
	{"overdue", STMT_QUEUE_OVERDUE, STMT_QUEUE_OVERDUE_COUNT},
	{"paused", STMT_QUEUE_PAUSED, STMT_QUEUE_PAUSED_COUNT},
	{"closed", STMT_QUEUE_CLOSED, STMT_QUEUE_CLOSED_COUNT},
};

/* bind_queue binds the parameters a queue statement uses, ?1 to its
 * highest (see the queue statements in statements.c). */
static enum store_rc bind_queue(struct db *db, sqlite3_stmt *st, const struct store_queue_query *q)
{
	int n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;
	for (int i = 1; i <= n && rc == SQLITE_OK; i++) {
		switch (i) {
		case 1: rc = sqlite3_bind_int64(st, i, q->user_id); break;
		case 2: rc = sqlite3_bind_text(st, i, q->today, -1, SQLITE_STATIC); break;
		case 3: rc = sqlite3_bind_text(st, i, q->soon_until, -1, SQLITE_STATIC); break;
		case 4: rc = sqlite3_bind_int64(st, i, q->closed_since); break;
		case 5: rc = sqlite3_bind_text(st, i, q->sort, -1, SQLITE_STATIC); break;
		default: rc = sqlite3_bind_int64(st, i, q->limit); break;
		}
	}
	return db_result(db, rc, "binding a queue");
}

enum store_rc store_staff_queue(struct db *db, const struct store_queue_query *q,
				json_t **rows, int64_t *count)
{
	size_t k = 0;
	while (k < sizeof queues / sizeof queues[0] && strcmp(queues[k].name, q->queue))
		k++;
	if (k == sizeof queues / sizeof queues[0])
		return STORE_INVALID;
	PREPARE(list, queues[k].list);
	enum store_rc r = bind_queue(db, list, q);
	if (r != STORE_OK) {
		sqlite3_reset(list);
		sqlite3_clear_bindings(list);
		return r;
	}
	r = db_rows_json(db, list, "listing a queue", rows);
	if (r != STORE_OK)
		return r;
	PREPARE(n, queues[k].count);
	r = bind_queue(db, n, q);
	if (r == STORE_OK)
		r = db_step_int(db, n, "counting a queue", count);
	else
		sqlite3_reset(n);
	if (r != STORE_OK) {
		json_decref(*rows);
		*rows = NULL;
	}
	return r;
}
