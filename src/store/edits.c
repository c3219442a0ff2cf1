/* Editing the record: a request's text and its history, an event's level,
 * visibility and text, support staff, a department taken off a request,
 * departments' default contacts; and the search index that follows. */
#include "store/store_internal.h"

enum store_rc store_search_item_unindex(struct db *db, const char *kind, int64_t item_id)
{
	PREPARE(find, STMT_SEARCH_ITEM_ID);
	int64_t id = 0;
	if (db_bind(db, find, "ti", kind, item_id) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_step_int(db, find, "finding a search item", &id);
	if (r == STORE_NOT_FOUND)
		return STORE_OK;
	if (r != STORE_OK || db->bulk)
		return r;
	PREPARE(all, STMT_SEARCH_ALL_REMOVE);
	PREPARE(pub, STMT_SEARCH_PUBLIC_REMOVE);
	r = RUN(all, "unindexing an item", "i", id);
	if (r == STORE_OK)
		r = RUN(pub, "unindexing a public item", "i", id);
	return r;
}

enum store_rc store_search_item_index(struct db *db, const char *kind, int64_t item_id,
				      int64_t request_id)
{
	PREPARE(find, STMT_SEARCH_ITEM_ID);
	int64_t id = 0;
	if (db_bind(db, find, "ti", kind, item_id) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_step_int(db, find, "finding a search item", &id);
	if (r == STORE_NOT_FOUND) {
		PREPARE(ins, STMT_SEARCH_ITEM_INSERT);
		r = RUN(ins, "listing an item for search", "tii", kind, item_id, request_id);
		id = sqlite3_last_insert_rowid(db->conn);
	}
	if (r != STORE_OK)
		return r;
	PREPARE(flag, STMT_SEARCH_ITEMS_FLAG);
	r = RUN(flag, "deciding an item's visibility", "ii", request_id, id);
	if (r != STORE_OK || db->bulk)
		return r;
	PREPARE(all, STMT_SEARCH_ALL_ADD);
	PREPARE(pub, STMT_SEARCH_PUBLIC_ADD);
	r = RUN(all, "indexing an item", "i", id);
	if (r == STORE_OK)
		r = RUN(pub, "indexing a public item", "i", id);
	return r;
}

enum store_rc store_request_set_description(struct db *db, int64_t request_id,
					    const char *description)
{
	PREPARE(st, STMT_REQUEST_SET_DESCRIPTION);
	return RUN(st, "editing a request's text", "it", request_id, description);
}

enum store_rc store_request_text_history(struct db *db, int64_t request_id, int limit,
					 json_t **original, json_t **edits)
{
	PREPARE(o, STMT_REQUEST_ORIGINAL);
	if (db_bind(db, o, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	json_t *row = NULL;
	enum store_rc r = db_row_one(db, o, "reading a request's original text", &row);
	if (r != STORE_OK)
		return r;
	PREPARE(st, STMT_REQUEST_TEXT_EDITS);
	if (db_bind(db, st, "ii", request_id, (int64_t)limit) != SQLITE_OK) {
		json_decref(row);
		return STORE_ERROR;
	}
	r = db_rows_json(db, st, "reading a request's edits", edits);
	if (r == STORE_OK)
		*original = row;
	else
		json_decref(row);
	return r;
}

enum store_rc store_event_get(struct db *db, int64_t request_id, int64_t event_id, json_t **row)
{
	PREPARE(st, STMT_EVENT_BY_ID);
	if (db_bind(db, st, "ii", event_id, request_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading an event", row);
}

enum store_rc store_event_update(struct db *db, int64_t request_id, int64_t event_id,
				 const struct store_event_change *ch)
{
	PREPARE(st, STMT_EVENT_UPDATE);
	enum store_rc r = RUN(st, "changing an event", "iittiitIItI", event_id, request_id,
			      ch->kind, ch->level, (int64_t)ch->set_hidden, (int64_t)ch->hidden,
			      ch->hidden_reason, ch->hidden_by, ch->hidden_at, ch->body,
			      ch->edited_at);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_support_staff_add(struct db *db, int64_t request_id, int64_t user_id)
{
	PREPARE(st, STMT_SUPPORT_STAFF_ADD);
	return RUN(st, "adding support staff", "ii", request_id, user_id);
}

enum store_rc store_support_staff_remove(struct db *db, int64_t request_id, int64_t user_id)
{
	PREPARE(st, STMT_SUPPORT_STAFF_REMOVE);
	enum store_rc r = RUN(st, "removing support staff", "ii", request_id, user_id);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_request_support_staff(struct db *db, int64_t request_id, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_SUPPORT_STAFF);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing support staff", rows);
}

enum store_rc store_request_department_remove(struct db *db, int64_t request_id,
					      int64_t department_id)
{
	PREPARE(st, STMT_REQUEST_DEPARTMENT_REMOVE);
	enum store_rc r = RUN(st, "removing a department", "ii", request_id, department_id);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_departments_admin(struct db *db, json_t **rows)
{
	PREPARE(st, STMT_DEPARTMENTS_ADMIN);
	return db_rows_json(db, st, "listing departments", rows);
}

enum store_rc store_department_set_contact(struct db *db, int64_t id, int64_t user_id,
					   int64_t now)
{
	PREPARE(st, STMT_DEPARTMENT_SET_CONTACT);
	enum store_rc r = RUN(st, "setting a department's contact", "iIi", id, user_id, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}
