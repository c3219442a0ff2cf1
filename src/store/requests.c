/* Requests, their departments, events and documents, the search index that
 * follows them, the public archive and the audit log. */
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

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

enum store_rc db_index_item(struct db *db, const char *kind, int64_t item_id,
				int64_t request_id)
{
	PREPARE(ins, STMT_SEARCH_ITEM_INSERT);
	enum store_rc r = RUN(ins, "listing an item for search", "tii", kind, item_id, request_id);
	if (r != STORE_OK)
		return r;
	int64_t search_id = sqlite3_last_insert_rowid(db->conn);
	PREPARE(flag, STMT_SEARCH_ITEMS_FLAG);
	r = RUN(flag, "deciding an item's visibility", "ii", request_id, search_id);
	if (r != STORE_OK || db->bulk) /* db_bulk_end indexes everything */
		return r;
	PREPARE(all, STMT_SEARCH_ALL_ADD);
	PREPARE(pub, STMT_SEARCH_PUBLIC_ADD);
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
	r = RUN(st, "creating a request", "iitttttIitttIItttttIIIitI", (int64_t)q->year, n,
		q->description, q->records_from_date, q->records_to_date, q->preferred_format,
		q->status ? q->status : "open", q->published_at, q->received_at, q->channel,
		q->due_date, q->due_explanation, q->point_of_contact_id, q->requester_id,
		q->requester_name, q->requester_email, q->requester_phone, q->requester_address,
		q->requester_organisation, q->created_by, q->closed_at, q->paused_at, q->now,
		q->first_due_date, (int64_t)q->due_end_minute);
	if (r != STORE_OK)
		return r;
	int64_t rid = sqlite3_last_insert_rowid(db->conn);
	snprintf(number, 24, "%02d-%lld", q->year % 100, (long long)n);
	if (id)
		*id = rid;
	return db_index_item(db, "request", rid, rid);
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
	return e->body ? db_index_item(db, "event", eid, e->request_id) : STORE_OK;
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

/* archive_stmts[kind][oldest]: the statement for each kind of filter. */
enum archive_kind { ARCHIVE_ALL, ARCHIVE_STATUS, ARCHIVE_OVERDUE, ARCHIVE_DUE_SOON,
		    ARCHIVE_DEPARTMENT, ARCHIVE_FLAGGED };
static const enum stmt_id archive_stmts[][2] = {
	[ARCHIVE_ALL] = {STMT_ARCHIVE_NEWEST, STMT_ARCHIVE_OLDEST},
	[ARCHIVE_STATUS] = {STMT_ARCHIVE_STATUS_NEWEST, STMT_ARCHIVE_STATUS_OLDEST},
	[ARCHIVE_OVERDUE] = {STMT_ARCHIVE_OVERDUE_NEWEST, STMT_ARCHIVE_OVERDUE_OLDEST},
	[ARCHIVE_DUE_SOON] = {STMT_ARCHIVE_DUE_SOON_NEWEST, STMT_ARCHIVE_DUE_SOON_OLDEST},
	[ARCHIVE_DEPARTMENT] = {STMT_ARCHIVE_DEPARTMENT_NEWEST, STMT_ARCHIVE_DEPARTMENT_OLDEST},
	[ARCHIVE_FLAGGED] = {STMT_ARCHIVE_FLAGGED_NEWEST, STMT_ARCHIVE_FLAGGED_OLDEST},
};

static enum archive_kind archive_kind(const struct store_archive_filter *f)
{
	if (f->flagged) /* few rows: the other filters read them all */
		return ARCHIVE_FLAGGED;
	if (f->department_id)
		return ARCHIVE_DEPARTMENT;
	if (!f->status)
		return ARCHIVE_ALL;
	if (!strcmp(f->status, "overdue"))
		return ARCHIVE_OVERDUE;
	return !strcmp(f->status, "due_soon") ? ARCHIVE_DUE_SOON : ARCHIVE_STATUS;
}

/* A keyset position: rows strictly after it in the order of travel. */
struct key {
	int64_t at, id;
};

/* key_before tells whether a comes before b in the order of travel. */
static bool key_before(struct key a, struct key b, bool oldest)
{
	int c = a.at != b.at ? (a.at < b.at ? -1 : 1) : a.id != b.id ? (a.id < b.id ? -1 : 1) : 0;
	return oldest ? c < 0 : c > 0;
}

enum store_rc store_archive(struct db *db, const struct store_archive_query *q,
			    json_t **rows)
{
	const struct store_archive_filter *f = &q->filter;
	enum archive_kind kind = archive_kind(f);
	PREPARE(st, archive_stmts[kind][q->oldest]);
	int64_t from = f->received_from ? f->received_from : INT64_MIN;
	int64_t before = f->received_before ? f->received_before : INT64_MAX;
	/* Where the page starts: the end of the range it travels from (ids
	 * are positive, so id 0 stands for "any id" at that instant), or the
	 * last row shown when that is further on. */
	struct key start = q->oldest ? (struct key){from, 0} : (struct key){before, 0};
	if (q->oldest ? !f->received_from : !f->received_before)
		start.id = q->oldest ? INT64_MIN : INT64_MAX;
	struct key after = {q->after_received_at, q->after_id};
	if (q->after_id && key_before(start, after, q->oldest))
		start = after;
	int rc = db_bind(db, st, kind >= ARCHIVE_DEPARTMENT ? "tiiiittii" : "tiiiitti", f->status,
			 from, before, start.at, start.id, f->due_from, f->due_to,
			 (int64_t)q->limit, f->department_id);
	if (rc != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing the archive", rows);
}

enum store_rc store_departments_of_requests(struct db *db, const int64_t *ids, size_t n,
					    json_t **rows)
{
	PREPARE(st, STMT_DEPARTMENTS_OF_REQUESTS);
	struct buf list = BUF_INIT;
	db_id_list(&list, ids, n);
	enum store_rc r = STORE_ERROR;
	if (db_bind(db, st, "t", buf_cstr(&list)) == SQLITE_OK)
		r = db_rows_json(db, st, "listing the departments of requests", rows);
	sqlite3_clear_bindings(st); /* the list is freed below */
	buf_free(&list);
	return r;
}

enum store_rc store_public_figures(struct db *db, int64_t closed_since, int64_t *open,
				   int64_t *closed, int64_t *median_seconds)
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
	*median_seconds = 0;
	if (*closed == 0)
		return STORE_OK;
	PREPARE(m, STMT_PUBLIC_CLOSE_SECONDS);
	if (db_bind(db, m, "ii", closed_since, *closed / 2) != SQLITE_OK)
		return STORE_ERROR;
	r = db_step_int(db, m, "timing closures", median_seconds);
	return r == STORE_NOT_FOUND ? STORE_OK : r;
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

enum store_rc store_search_rebuild(struct db *db)
{
	PREPARE(flag, STMT_SEARCH_ITEMS_FLAG_EVERY);
	PREPARE(all, STMT_SEARCH_ALL_REBUILD);
	PREPARE(pub, STMT_SEARCH_PUBLIC_REBUILD);
	enum store_rc r = db_step_done(db, flag, "deciding visibility");
	if (r == STORE_OK)
		r = db_step_done(db, all, "rebuilding the search index");
	if (r == STORE_OK)
		r = db_step_done(db, pub, "rebuilding the public search index");
	return r;
}
