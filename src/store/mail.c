/* Outgoing email (the outbox) and notifications: preferences, digests,
 * events already looked at, recipients, opt-outs. */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

enum store_rc store_outbox_enqueue(struct db *db, const struct store_mail_new *m, int64_t *id)
{
	PREPARE(st, STMT_OUTBOX_ENQUEUE);
	enum store_rc r = RUN(st, "queueing an email", "ttttttIIiI", m->to, m->subject,
			      m->body_text, m->body_html, m->headers_json, m->message_id,
			      m->request_id, m->event_id, m->now, m->recipient_id);
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_outbox_claim(struct db *db, int64_t now, int64_t lease, json_t **row)
{
	PREPARE(st, STMT_OUTBOX_CLAIM);
	if (db_bind(db, st, "ii", now, lease) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "claiming an email", row);
}

enum store_rc store_outbox_finish(struct db *db, int64_t id, int64_t attempts,
				  enum store_outbox_end end, int64_t at, const char *error)
{
	enum store_rc r;
	if (end == STORE_OUTBOX_SENT) {
		PREPARE(st, STMT_OUTBOX_SENT);
		r = RUN(st, "marking an email sent", "iii", id, attempts, at);
	} else if (end == STORE_OUTBOX_RETRY) {
		PREPARE(st, STMT_OUTBOX_RETRY);
		r = RUN(st, "rescheduling an email", "iiit", id, attempts, at, error);
	} else if (end == STORE_OUTBOX_WITHDRAWN) {
		PREPARE(st, STMT_OUTBOX_WITHDRAW);
		r = RUN(st, "withholding an email", "iit", id, attempts, error);
	} else {
		PREPARE(st, STMT_OUTBOX_FAIL);
		r = RUN(st, "failing an email", "iit", id, attempts, error);
	}
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_outbox_requeue(struct db *db, int64_t id, int64_t now)
{
	PREPARE(st, STMT_OUTBOX_REQUEUE);
	enum store_rc r = RUN(st, "queueing an email again", "ii", id, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_outbox_failed(struct db *db, int limit, json_t **rows, json_t **counts)
{
	PREPARE(list, STMT_OUTBOX_FAILED_LIST);
	if (db_bind(db, list, "i", (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_rows_json(db, list, "listing failed emails", rows);
	if (r != STORE_OK)
		return r;
	PREPARE(c, STMT_OUTBOX_COUNTS);
	r = db_row_one(db, c, "counting emails", counts);
	if (r != STORE_OK) {
		json_decref(*rows);
		*rows = NULL;
	}
	return r;
}

enum store_rc store_outbox_withdrawn(struct db *db, int limit, json_t **rows)
{
	PREPARE(st, STMT_OUTBOX_WITHDRAWN_LIST);
	if (db_bind(db, st, "i", (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing withheld emails", rows);
}

enum store_rc store_outbox_told(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_OUTBOX_TOLD);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading what an email tells", row);
}

enum store_rc store_told_documents(struct db *db, const char *event_data, json_t **rows)
{
	PREPARE(st, STMT_TOLD_DOCUMENTS);
	if (db_bind(db, st, "t", event_data ? event_data : "{}") != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading the documents an email names", rows);
}

enum store_rc store_notify_request(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_NOTIFY_REQUEST);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a request", row);
}

enum store_rc store_notify_prefs(struct db *db, int64_t user_id, json_t **prefs)
{
	PREPARE(st, STMT_NOTIFY_PREFS_OF_USER);
	if (db_bind(db, st, "i", user_id) != SQLITE_OK)
		return STORE_ERROR;
	json_t *rows = NULL;
	enum store_rc r = db_rows_json(db, st, "reading notification choices", &rows);
	if (r != STORE_OK)
		return r;
	*prefs = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		json_object_set(*prefs, json_string_value(json_object_get(row, "kind")),
				json_object_get(row, "delivery"));
	json_decref(rows);
	return STORE_OK;
}

enum store_rc store_notify_pref_set(struct db *db, int64_t user_id, const char *kind,
				    const char *delivery, int64_t now)
{
	PREPARE(st, STMT_NOTIFY_PREF_SET);
	return RUN(st, "saving a notification choice", "itti", user_id, kind, delivery, now);
}

enum store_rc store_notify_events(struct db *db, int64_t request_id, int64_t since,
				  json_t **rows)
{
	PREPARE(st, STMT_NOTIFY_EVENTS_PENDING);
	if (db_bind(db, st, "ii", request_id, since) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading events to notify", rows);
}

enum store_rc store_notify_event(struct db *db, int64_t event_id, json_t **row)
{
	PREPARE(st, STMT_NOTIFY_EVENT_PENDING);
	if (db_bind(db, st, "i", event_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading an event to notify", row);
}

enum store_rc store_notify_event_done(struct db *db, int64_t event_id, int64_t now)
{
	PREPARE(st, STMT_NOTIFY_EVENT_MARK);
	return RUN(st, "marking an event notified", "ii", event_id, now);
}

enum store_rc store_notify_people(struct db *db, enum store_people which, int64_t id,
				  int64_t department_id, json_t **rows)
{
	static const enum stmt_id ids[] = {
		[STORE_PEOPLE_DEPARTMENTS] = STMT_NOTIFY_DEPARTMENT_STAFF,
		[STORE_PEOPLE_TEAM] = STMT_NOTIFY_REQUEST_TEAM,
		[STORE_PEOPLE_ADMINS] = STMT_NOTIFY_ADMINS,
		[STORE_PEOPLE_TASK] = STMT_NOTIFY_TASK_ASSIGNEES,
	};
	PREPARE(st, ids[which]);
	int rc = which == STORE_PEOPLE_DEPARTMENTS ? db_bind(db, st, "iI", id, department_id)
		 : which == STORE_PEOPLE_ADMINS    ? SQLITE_OK
						   : db_bind(db, st, "i", id);
	if (rc != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "finding whom to tell", rows);
}

enum store_rc store_digest_add(struct db *db, const struct store_digest_item *d)
{
	PREPARE(st, STMT_DIGEST_ITEM_ADD);
	return RUN(st, "keeping a notification for the digest", "itIItti", d->user_id, d->kind,
		   d->request_id, d->event_id, d->subject, d->body_text, d->now);
}

enum store_rc store_digest_users(struct db *db, const char *due_by, json_t **rows)
{
	PREPARE(st, STMT_DIGEST_USERS);
	if (db_bind(db, st, "t", due_by) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "finding digests to send", rows);
}

enum store_rc store_digest_items(struct db *db, int64_t user_id, int limit, json_t **rows)
{
	PREPARE(st, STMT_DIGEST_ITEMS);
	if (db_bind(db, st, "ii", user_id, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading a digest", rows);
}

enum store_rc store_digest_reminders(struct db *db, int64_t user_id, const char *due_by,
				     int limit, json_t **rows)
{
	PREPARE(st, STMT_DIGEST_REMINDERS);
	if (db_bind(db, st, "iti", user_id, due_by, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading reminders", rows);
}

enum store_rc store_digest_sent(struct db *db, int64_t user_id, const char *day,
				int64_t last_item_id, int64_t outbox_id, int64_t now)
{
	PREPARE(add, STMT_DIGEST_SENT_ADD);
	enum store_rc r = RUN(add, "recording a digest", "itI", user_id, day, outbox_id);
	if (r != STORE_OK || !last_item_id)
		return r;
	PREPARE(mark, STMT_DIGEST_ITEMS_MARK);
	return RUN(mark, "marking digest items sent", "iii", user_id, last_item_id, now);
}

enum store_rc store_digest_items_done(struct db *db, int64_t user_id, int64_t last_item_id,
				      int64_t now)
{
	PREPARE(mark, STMT_DIGEST_ITEMS_MARK);
	return RUN(mark, "marking digest items done", "iii", user_id, last_item_id, now);
}

enum store_rc store_optout_set(struct db *db, int64_t request_id, bool off, int64_t now)
{
	if (off) {
		PREPARE(st, STMT_OPTOUT_SET);
		return RUN(st, "turning emails off", "ii", request_id, now);
	}
	PREPARE(st, STMT_OPTOUT_CLEAR);
	return RUN(st, "turning emails on", "i", request_id);
}

enum store_rc store_optout_get(struct db *db, int64_t request_id, bool *off)
{
	PREPARE(st, STMT_OPTOUT_GET);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	int64_t at = 0;
	enum store_rc r = db_step_int(db, st, "reading the email choice", &at);
	if (r == STORE_OK || r == STORE_NOT_FOUND) {
		*off = r == STORE_OK;
		return STORE_OK;
	}
	return r;
}
