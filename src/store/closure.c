/* Closure reasons and message templates (the wording staff reuse), a
 * closed request's reasons, and the audit log as a list. */
#include "store/store_internal.h"

#include <stddef.h>

/* The statements of each kind and how their parameters bind: insert
 * (label, text, citations, sort, now), update (id, label, text, citations,
 * sort, now); each kind's SQL uses those it has columns for. */
static const struct {
	enum stmt_id list, get, insert, update, set_active;
	const char *insert_types, *update_types;
} wordings[] = {
	[STORE_REASON] = {STMT_REASONS, STMT_REASON_BY_ID, STMT_REASON_INSERT,
			  STMT_REASON_UPDATE, STMT_REASON_SET_ACTIVE, "ttti", "ittti"},
	[STORE_TEMPLATE] = {STMT_TEMPLATES, STMT_TEMPLATE_BY_ID, STMT_TEMPLATE_INSERT,
			    STMT_TEMPLATE_UPDATE, STMT_TEMPLATE_SET_ACTIVE, "tttii", "itttii"},
};

enum store_rc store_wordings(struct db *db, enum store_wording kind, bool active_only,
			     int limit, json_t **rows)
{
	PREPARE(st, wordings[kind].list);
	if (db_bind(db, st, "ii", (int64_t)active_only, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing closure reasons or templates", rows);
}

enum store_rc store_wording_get(struct db *db, enum store_wording kind, int64_t id,
				json_t **row)
{
	PREPARE(st, wordings[kind].get);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a closure reason or template", row);
}

enum store_rc store_wording_save(struct db *db, enum store_wording kind, int64_t *id,
				 const struct store_wording_new *w, int64_t now)
{
	if (*id) {
		PREPARE(st, wordings[kind].update);
		enum store_rc r = RUN(st, "changing a closure reason or template",
				      wordings[kind].update_types, *id, w->label, w->text,
				      w->citations, w->sort, now);
		if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
			return STORE_NOT_FOUND;
		return r;
	}
	PREPARE(st, wordings[kind].insert);
	enum store_rc r = RUN(st, "adding a closure reason or template",
			      wordings[kind].insert_types, w->label, w->text, w->citations,
			      w->sort, now);
	if (r == STORE_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_wording_set_active(struct db *db, enum store_wording kind, int64_t id,
				       bool active, int64_t now)
{
	PREPARE(st, wordings[kind].set_active);
	enum store_rc r = kind == STORE_REASON
				  ? RUN(st, "changing a closure reason", "ii", id, (int64_t)active)
				  : RUN(st, "changing a template", "iii", id, (int64_t)active, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_request_closure_reasons_set(struct db *db, int64_t request_id,
						const int64_t *reason_ids, size_t n)
{
	PREPARE(clear, STMT_REQUEST_CLOSURE_REASONS_CLEAR);
	enum store_rc r = RUN(clear, "clearing a request's closure reasons", "i", request_id);
	for (size_t i = 0; r == STORE_OK && i < n; i++) {
		PREPARE(add, STMT_REQUEST_CLOSURE_REASON_ADD);
		r = RUN(add, "recording a closure reason", "ii", request_id, reason_ids[i]);
	}
	return r;
}

enum store_rc store_request_closure_reasons(struct db *db, int64_t request_id, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_CLOSURE_REASONS);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading a request's closure reasons", rows);
}

enum store_rc store_audit_list(struct db *db, const struct store_audit_query *q, json_t **rows)
{
	enum stmt_id id = q->request_id ? STMT_AUDIT_LIST_REQUEST
			  : q->actor_id ? STMT_AUDIT_LIST_ACTOR
			  : q->action	? STMT_AUDIT_LIST_ACTION
					: STMT_AUDIT_LIST;
	PREPARE(st, id);
	if (db_bind(db, st, "IItiiiii", q->actor_id, q->request_id, q->action,
		    q->from, q->before ? q->before : INT64_MAX,
		    q->after_id ? q->after_at : INT64_MAX, q->after_id ? q->after_id : INT64_MAX,
		    (int64_t)q->limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading the audit log", rows);
}
