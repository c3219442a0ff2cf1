/* The staff workspace: changing a request under its version, departments
 * and staff to choose from, recent changes, and the staff queues. */
#include "store/store_internal.h"

enum store_rc store_request_update(struct db *db, int64_t id, int64_t version,
				   const struct store_request_change *ch, int64_t now)
{
	PREPARE(st, STMT_REQUEST_UPDATE);
	enum store_rc r = RUN(st, "changing a request", "iiiItiiti", id, version,
			      (int64_t)ch->set_contact, ch->contact_id, ch->due_date,
			      (int64_t)ch->set_published, (int64_t)ch->published, ch->status, now);
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

enum store_rc store_staff_queue(struct db *db, const struct store_queue_query *q,
				json_t **rows, int64_t *count)
{
	PREPARE(list, STMT_STAFF_QUEUE);
	if (db_bind(db, list, "tittiti", q->queue, q->user_id, q->today, q->soon_until,
		    q->closed_since, q->sort, (int64_t)q->limit) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_rows_json(db, list, "listing a queue", rows);
	if (r != STORE_OK)
		return r;
	PREPARE(n, STMT_STAFF_QUEUE_COUNT);
	if (db_bind(db, n, "titti", q->queue, q->user_id, q->today, q->soon_until,
		    q->closed_since) != SQLITE_OK)
		r = STORE_ERROR;
	else
		r = db_step_int(db, n, "counting a queue", count);
	if (r != STORE_OK) {
		json_decref(*rows);
		*rows = NULL;
	}
	return r;
}
