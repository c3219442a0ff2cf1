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
	{"departments", STMT_QUEUE_DEPARTMENTS, STMT_QUEUE_DEPARTMENTS_COUNT},
	{"unassigned", STMT_QUEUE_UNASSIGNED, STMT_QUEUE_UNASSIGNED_COUNT},
	{"due_soon", STMT_QUEUE_DUE_SOON, STMT_QUEUE_DUE_SOON_COUNT},
	{"overdue", STMT_QUEUE_OVERDUE, STMT_QUEUE_OVERDUE_COUNT},
	{"paused", STMT_QUEUE_PAUSED, STMT_QUEUE_PAUSED_COUNT},
	{"closed", STMT_QUEUE_CLOSED, STMT_QUEUE_CLOSED_COUNT},
	{"all", STMT_QUEUE_ALL, STMT_QUEUE_ALL_COUNT},
	{"tasks", STMT_TASKS_MINE, STMT_TASKS_MINE_COUNT},
};

static int bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
	return id ? sqlite3_bind_int64(st, i, id) : sqlite3_bind_null(st, i);
}

/* bind_queue binds the parameters a queue statement uses, ?1 to its
 * highest (see the queue statements in statements.c). */
static enum store_rc bind_queue(struct db *db, sqlite3_stmt *st, const struct store_queue_query *q)
{
	int n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;
	for (int i = 1; i <= n && rc == SQLITE_OK; i++) {
		switch (i) {
		case 1: rc = sqlite3_bind_int64(st, i, q->user_id); break;
		case 2: rc = bind_text_or_null(st, i, q->now); break;
		case 3: rc = bind_text_or_null(st, i, q->soon_until); break;
		case 4: rc = sqlite3_bind_int64(st, i, q->closed_since); break;
		case 5: rc = bind_text_or_null(st, i, q->sort); break;
		case 6: rc = sqlite3_bind_int64(st, i, q->descending ? -1 : 1); break;
		case 7: rc = bind_id_or_null(st, i, q->department_id); break;
		case 8: rc = bind_text_or_null(st, i, q->status); break;
		case 9: rc = bind_text_or_null(st, i, q->channel); break;
		case 10: rc = bind_id_or_null(st, i, q->contact_id); break;
		case 11: rc = sqlite3_bind_int64(st, i, q->limit); break;
		case 12: rc = sqlite3_bind_int64(st, i, q->offset); break;
		default: rc = sqlite3_bind_int64(st, i, q->flagged); break;
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
	/* All requests without a filter, by received date or number: read in
	 * an index's order (with a filter that few match, that order could
	 * read every request from the table; the covering index is cheaper). */
	enum stmt_id list_id = queues[k].list;
	bool unfiltered = !q->department_id && !q->status && !q->channel && !q->contact_id &&
			  !q->flagged;
	if (list_id == STMT_QUEUE_ALL && unfiltered && q->sort && !strcmp(q->sort, "received"))
		list_id = q->descending ? STMT_QUEUE_ALL_RECEIVED_DESC : STMT_QUEUE_ALL_RECEIVED_ASC;
	else if (list_id == STMT_QUEUE_ALL && unfiltered && q->sort && !strcmp(q->sort, "number"))
		list_id = q->descending ? STMT_QUEUE_ALL_NUMBER_DESC : STMT_QUEUE_ALL_NUMBER_ASC;
	PREPARE(list, list_id);
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

enum store_rc store_task_add(struct db *db, const struct store_task_new *t, int64_t *id)
{
	PREPARE(st, STMT_TASK_INSERT);
	enum store_rc r = RUN(st, "adding a task", "iIIttIi", t->request_id, t->user_id,
			      t->department_id, t->description, t->due_date, t->created_by, t->now);
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_task_get(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_TASK_BY_ID);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a task", row);
}

enum store_rc store_task_done(struct db *db, int64_t id, const char *note, int64_t by,
			      int64_t now)
{
	PREPARE(st, STMT_TASK_DONE);
	enum store_rc r = RUN(st, "finishing a task", "itiI", id, note, now, by);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_request_tasks(struct db *db, int64_t request_id, int limit, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_TASKS);
	if (db_bind(db, st, "ii", request_id, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading a request's tasks", rows);
}
