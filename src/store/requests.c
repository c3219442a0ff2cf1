/* Requests, their departments, events and documents, the search index that
 * follows them, the public archive and the audit log. */
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

enum store_rc store_user_get(struct db *db, int64_t id, json_t **user)
{
	PREPARE(st, STMT_USER_BY_ID);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a user", user);
}

enum store_rc store_department_create(struct db *db, const char *name,
				      const char *short_name, int64_t *id)
{
	PREPARE(st, STMT_DEPARTMENT_INSERT);
	enum store_rc r = RUN(st, "creating a department", "tti", name, short_name, db_now());
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_departments(struct db *db, json_t **rows)
{
	PREPARE(st, STMT_DEPARTMENTS_ACTIVE);
	return db_rows_json(db, st, "listing departments", rows);
}

enum store_rc store_user_department_add(struct db *db, int64_t user_id,
					int64_t department_id)
{
	PREPARE(st, STMT_USER_DEPARTMENT_ADD);
	return RUN(st, "adding a user to a department", "ii", user_id, department_id);
}

/* index_item lists an item for search and adds it to the indexes its
 * visibility allows. */
static enum store_rc index_item(struct db *db, const char *kind, int64_t item_id,
				int64_t request_id)
{
	PREPARE(ins, STMT_SEARCH_ITEM_INSERT);
	enum store_rc r = RUN(ins, "listing an item for search", "tii", kind, item_id, request_id);
	if (r != STORE_OK)
		return r;
	int64_t search_id = sqlite3_last_insert_rowid(db->conn);
	PREPARE(flag, STMT_SEARCH_ITEMS_FLAG);
	PREPARE(all, STMT_SEARCH_ALL_ADD);
	PREPARE(pub, STMT_SEARCH_PUBLIC_ADD);
	r = RUN(flag, "deciding an item's visibility", "ii", request_id, search_id);
	if (r == STORE_OK)
		r = RUN(all, "indexing an item", "i", search_id);
	if (r == STORE_OK)
		r = RUN(pub, "indexing a public item", "i", search_id);
	return r;
}

enum store_rc store_request_create(struct db *db, const struct store_request_new *q,
				   int64_t *id, char number[static 24])
{
	PREPARE(seq, STMT_SEQ_NEXT);
	int64_t n = 0;
	if (db_bind(db, seq, "ii", (int64_t)q->year, q->seq_start) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_step_int(db, seq, "numbering a request", &n);
	if (r != STORE_OK)
		return r;
	PREPARE(st, STMT_REQUEST_INSERT);
	r = RUN(st, "creating a request", "iitttttIitttIItttttIIIit", (int64_t)q->year, n,
		q->description, q->records_from_date, q->records_to_date, q->preferred_format,
		q->status ? q->status : "open", q->published_at, q->received_at, q->channel,
		q->due_date, q->due_explanation, q->point_of_contact_id, q->requester_id,
		q->requester_name, q->requester_email, q->requester_phone, q->requester_address,
		q->requester_organisation, q->created_by, q->closed_at, q->paused_at, q->now,
		q->first_due_date);
	if (r != STORE_OK)
		return r;
	int64_t rid = sqlite3_last_insert_rowid(db->conn);
	snprintf(number, 24, "%02d-%lld", q->year % 100, (long long)n);
	if (id)
		*id = rid;
	return index_item(db, "request", rid, rid);
}

enum store_rc store_request_by_number(struct db *db, const char *number, json_t **row)
{
	PREPARE(st, STMT_REQUEST_BY_NUMBER);
	if (db_bind(db, st, "t", number) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a request", row);
}

enum store_rc store_request_department_add(struct db *db, int64_t request_id,
					   int64_t department_id)
{
	PREPARE(st, STMT_REQUEST_DEPARTMENT_ADD);
	return RUN(st, "assigning a department", "ii", request_id, department_id);
}

enum store_rc store_request_departments(struct db *db, int64_t request_id, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_DEPARTMENTS);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing a request's departments", rows);
}

enum store_rc store_event_add(struct db *db, const struct store_event_new *e, int64_t *id)
{
	PREPARE(st, STMT_EVENT_INSERT);
	enum store_rc r = RUN(st, "adding an event", "ittIittitt", e->request_id, e->kind,
			      e->level, e->actor_id, (int64_t)e->actor_is_requester,
			      e->actor_name, e->actor_title, e->created_at, e->body, e->data);
	if (r != STORE_OK)
		return r;
	int64_t eid = sqlite3_last_insert_rowid(db->conn);
	if (id)
		*id = eid;
	return e->body ? index_item(db, "event", eid, e->request_id) : STORE_OK;
}

enum store_rc store_request_events(struct db *db, int64_t request_id, int max_level,
				   bool include_hidden, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_EVENTS);
	if (db_bind(db, st, "iii", request_id, (int64_t)max_level,
		    (int64_t)include_hidden) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading a timeline", rows);
}

enum store_rc store_request_documents(struct db *db, int64_t request_id, int max_level,
				      json_t **rows)
{
	PREPARE(st, STMT_REQUEST_DOCUMENTS);
	if (db_bind(db, st, "ii", request_id, (int64_t)max_level) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing documents", rows);
}

enum store_rc store_archive(struct db *db, const struct store_archive_query *q,
			    json_t **rows)
{
	const int64_t max = INT64_MAX;
	PREPARE(st, q->department_id ? STMT_ARCHIVE_DEPARTMENT : STMT_ARCHIVE);
	int rc = db_bind(db, st, q->department_id ? "tiiiittti" : "tiiiittt", q->status, q->received_from,
			 q->received_before ? q->received_before : max,
			 q->after_id ? q->after_received_at : max, q->after_id ? q->after_id : max,
			 q->today, q->soon, (int64_t)q->limit, q->department_id);
	if (rc != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing the archive", rows);
}

enum store_rc store_search(struct db *db, const char *fts_query, bool staff,
			   int64_t before_item, int limit, json_t **rows)
{
	PREPARE(st, staff ? STMT_SEARCH_ALL : STMT_SEARCH_PUBLIC);
	if (db_bind(db, st, "tii", fts_query, before_item ? before_item : INT64_MAX,
		    (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_rows_json(db, st, "searching", rows);
	/* A query FTS5 cannot parse is the user's mistake, not a failure. */
	if (r == STORE_ERROR && strstr(db_errmsg(db), "fts5"))
		return STORE_INVALID;
	return r;
}

enum store_rc store_public_figures(struct db *db, int64_t closed_since, int64_t *open,
				   int64_t *closed, double *median_days)
{
	PREPARE(o, STMT_COUNT_PUBLIC_OPEN);
	enum store_rc r = db_step_int(db, o, "counting open requests", open);
	if (r != STORE_OK)
		return r;
	PREPARE(c, STMT_COUNT_PUBLIC_CLOSED_SINCE);
	if (db_bind(db, c, "i", closed_since) != SQLITE_OK)
		return STORE_ERROR;
	if ((r = db_step_int(db, c, "counting closed requests", closed)) != STORE_OK)
		return r;
	*median_days = 0;
	if (*closed == 0)
		return STORE_OK;
	PREPARE(m, STMT_PUBLIC_CLOSE_DAYS);
	if (db_bind(db, m, "ii", closed_since, *closed / 2) != SQLITE_OK)
		return STORE_ERROR;
	int rc = sqlite3_step(m);
	if (rc == SQLITE_ROW)
		*median_days = sqlite3_column_double(m, 0);
	sqlite3_reset(m);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
						     : db_result(db, rc, "timing closures");
}

enum store_rc store_audit_add(struct db *db, const struct store_audit_new *a)
{
	PREPARE(st, STMT_AUDIT_INSERT);
	return RUN(st, "writing the audit log", "IitItIttt", a->actor_id, a->at, a->action,
		   a->request_id, a->target_type, a->target_id, a->before_json, a->after_json,
		   a->ip);
}

enum store_rc store_search_reindex(struct db *db, int64_t request_id)
{
	PREPARE(out, STMT_SEARCH_PUBLIC_REMOVE_REQUEST);
	PREPARE(flag, STMT_SEARCH_ITEMS_FLAG);
	PREPARE(in, STMT_SEARCH_PUBLIC_ADD_REQUEST);
	enum store_rc r = RUN(out, "unindexing a request", "i", request_id);
	if (r == STORE_OK)
		r = RUN(flag, "deciding visibility", "iI", request_id, (int64_t)0);
	if (r == STORE_OK)
		r = RUN(in, "indexing a request", "i", request_id);
	return r;
}
