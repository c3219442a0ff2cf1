/* Incoming mail: the raw message, what it turned out to be, the staff's
 * holding queue, and requester addresses that bounce. */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

enum store_rc store_inbound_add(struct db *db, const void *raw, size_t len, int64_t size,
				int64_t now, int64_t *id)
{
	PREPARE(st, STMT_INBOUND_INSERT);
	/* A zero-length blob is still a blob (raw is NOT NULL). */
	if (db_bind(db, st, "ii", now, size) != SQLITE_OK ||
	    sqlite3_bind_blob64(st, 3, len ? raw : "", len, SQLITE_STATIC) != SQLITE_OK) {
		db_set_error(db, "storing an email: %s", sqlite3_errmsg(db->conn));
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return STORE_ERROR;
	}
	enum store_rc r = db_step_done(db, st, "storing an email");
	sqlite3_clear_bindings(st);
	if (r == STORE_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_inbound_processed(struct db *db, int64_t id,
				      const struct store_inbound_result *r)
{
	PREPARE(st, STMT_INBOUND_PROCESSED);
	return RUN(st, "recording an email", "ittttttttttttIIi", id, r->message_id,
		   r->in_reply_to, r->from_addr, r->from_name, r->to_addr, r->subject,
		   r->body_text, r->full_text, r->attachments_json, r->status, r->reason,
		   r->reason_detail, r->request_id, r->event_id, r->now);
}

enum store_rc store_inbound_failed(struct db *db, int64_t id, const char *error, int64_t now)
{
	PREPARE(st, STMT_INBOUND_FAILED);
	return RUN(st, "recording an email's failure", "iti", id, error, now);
}

enum store_rc store_inbound_resolve(struct db *db, int64_t id, const char *status,
				    int64_t request_id, int64_t event_id, int64_t user_id,
				    int64_t now)
{
	PREPARE(st, STMT_INBOUND_RESOLVE);
	enum store_rc r = RUN(st, "resolving a held email", "itIIIi", id, status, request_id,
			      event_id, user_id, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_inbound_get(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_INBOUND_GET);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading an email", row);
}

enum store_rc store_inbound_raw(struct db *db, int64_t id, char **data, size_t *len)
{
	PREPARE(st, STMT_INBOUND_RAW);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	enum store_rc r = rc == SQLITE_ROW ? STORE_OK
			  : rc == SQLITE_DONE ? STORE_NOT_FOUND
					      : db_result(db, rc, "reading an email");
	if (r == STORE_OK) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		const void *p = sqlite3_column_blob(st, 0);
		char *copy = malloc(n + 1);
		if (!copy)
			abort();
		if (n)
			memcpy(copy, p, n);
		copy[n] = '\0';
		*data = copy;
		*len = n;
	}
	sqlite3_reset(st);
	return r;
}

static void status_list(struct buf *b, const char *const *statuses)
{
	json_t *list = json_array();
	for (; *statuses; statuses++)
		json_array_append_new(list, json_string(*statuses));
	char *text = json_dumps(list, JSON_COMPACT);
	buf_puts(b, text);
	free(text);
	json_decref(list);
}

enum store_rc store_inbound_list(struct db *db, const char *const *statuses, int limit,
				 int text_max, json_t **rows, int64_t *count)
{
	struct buf list = BUF_INIT;
	status_list(&list, statuses);
	sqlite3_stmt *st = db_stmt(db, STMT_INBOUND_COUNT);
	sqlite3_stmt *rs = db_stmt(db, STMT_INBOUND_LIST);
	enum store_rc r = STORE_ERROR;
	if (st && rs && db_bind(db, st, "t", buf_cstr(&list)) == SQLITE_OK)
		r = db_step_int(db, st, "counting emails", count);
	if (r == STORE_OK)
		r = db_bind(db, rs, "tii", buf_cstr(&list), (int64_t)limit, (int64_t)text_max) ==
				    SQLITE_OK
			    ? db_rows_json(db, rs, "listing emails", rows)
			    : STORE_ERROR;
	buf_free(&list);
	return r;
}

enum store_rc store_inbound_duplicate(struct db *db, const char *message_id,
				      int64_t request_id, bool *duplicate)
{
	PREPARE(st, STMT_INBOUND_DUPLICATE);
	int64_t n = 0;
	if (db_bind(db, st, "ti", message_id, request_id) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_step_int(db, st, "looking for a duplicate email", &n);
	if (r == STORE_OK)
		*duplicate = n > 0;
	return r;
}

enum store_rc store_inbound_attachments(struct db *db, int64_t id, const char *json)
{
	PREPARE(st, STMT_INBOUND_ATTACHMENTS);
	return RUN(st, "recording an email's files", "it", id, json);
}

enum store_rc store_requester_email_failing(struct db *db, const char *email, int64_t at,
					    const char *reason, int64_t *count)
{
	PREPARE(st, STMT_REQUESTER_EMAIL_FAILING);
	enum store_rc r = RUN(st, "marking an address as failing", "tit", email, at, reason);
	if (r == STORE_OK && count)
		*count = sqlite3_changes(db->conn);
	return r;
}

enum store_rc store_requester_email_ok(struct db *db, int64_t request_id)
{
	PREPARE(st, STMT_REQUESTER_EMAIL_OK);
	return RUN(st, "clearing a failing address", "i", request_id);
}

enum store_rc store_request_mail_state(struct db *db, int64_t request_id, json_t **row)
{
	PREPARE(st, STMT_REQUEST_MAIL_STATE);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a request's mail state", row);
}
