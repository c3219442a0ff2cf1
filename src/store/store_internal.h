/* Inside the store: the connection, the named prepared statements and the
 * helpers that store_*.c files share. Nothing outside src/store/ (and its
 * unit tests) includes this file: SQLite types and SQL text stay here. */
#ifndef DISCLOSE_STORE_INTERNAL_H
#define DISCLOSE_STORE_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "store/store.h"
#include "util/buf.h"

/* Every SQL statement the program runs has a name here and its text in
 * db_stmt_defs (statements.c). */
enum stmt_id {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_FOREIGN_KEY_CHECK,
	STMT_DATA_VERSION,
	STMT_SCHEMA_OBJECT_COUNT,
	STMT_MIGRATIONS_TABLE_EXISTS,
	STMT_MIGRATIONS_VERSION,
	STMT_MIGRATIONS_RECORD,
	STMT_SETTING_GET,
	STMT_SETTING_SET,
	STMT_SETTINGS_ALL,
	STMT_USER_INSERT,
	STMT_USER_COUNT,
	STMT_USER_BY_EMAIL,
	STMT_USER_PASSWORD_HASH,
	STMT_USER_BY_ID,
	STMT_DEPARTMENT_INSERT,
	STMT_DEPARTMENTS_ACTIVE,
	STMT_USER_DEPARTMENT_ADD,
	STMT_SEQ_NEXT,
	STMT_REQUEST_INSERT,
	STMT_REQUEST_BY_NUMBER,
	STMT_REQUEST_DEPARTMENT_ADD,
	STMT_REQUEST_DEPARTMENTS,
	STMT_EVENT_INSERT,
	STMT_REQUEST_EVENTS,
	STMT_REQUEST_DOCUMENTS,
	STMT_SEARCH_ITEM_INSERT,
	STMT_SEARCH_ITEMS_FLAG,
	STMT_SEARCH_ITEMS_FLAG_EVERY,
	STMT_SEARCH_ALL_REBUILD,
	STMT_SEARCH_PUBLIC_REBUILD,
	STMT_SEARCH_ALL_ADD,
	STMT_SEARCH_PUBLIC_ADD,
	STMT_SEARCH_PUBLIC_REMOVE_REQUEST,
	STMT_SEARCH_PUBLIC_ADD_REQUEST,
	STMT_ARCHIVE_NEWEST,
	STMT_ARCHIVE_OLDEST,
	STMT_ARCHIVE_STATUS_NEWEST,
	STMT_ARCHIVE_STATUS_OLDEST,
	STMT_ARCHIVE_OVERDUE_NEWEST,
	STMT_ARCHIVE_OVERDUE_OLDEST,
	STMT_ARCHIVE_DUE_SOON_NEWEST,
	STMT_ARCHIVE_DUE_SOON_OLDEST,
	STMT_ARCHIVE_DEPARTMENT_NEWEST,
	STMT_ARCHIVE_DEPARTMENT_OLDEST,
	STMT_DEPARTMENTS_OF_REQUESTS,
	STMT_SEARCH_PUBLIC_BATCH,
	STMT_SEARCH_PUBLIC_SEEN,
	STMT_SEARCH_PUBLIC_ROWS,
	STMT_SEARCH_ALL_BATCH,
	STMT_SEARCH_ALL_SEEN,
	STMT_SEARCH_ALL_ROWS,
	STMT_COUNT_PUBLIC_OPEN,
	STMT_COUNT_PUBLIC_CLOSED_SINCE,
	STMT_PUBLIC_CLOSE_SECONDS,
	STMT_AUDIT_INSERT,
	STMT_SECRET_INSERT,
	STMT_SECRET_GET,
	STMT_SESSION_INSERT,
	STMT_SESSION_FIND,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_ID,
	STMT_SESSIONS_DELETE_USER,
	STMT_SESSIONS_PURGE,
	STMT_LOGIN_ATTEMPT_INSERT,
	STMT_LOGIN_ATTEMPTS_COUNT,
	STMT_LOGIN_ATTEMPTS_CLEAR,
	STMT_LOGIN_ATTEMPTS_PURGE,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_PEEK,
	STMT_TOKEN_USE,
	STMT_OUTBOX_INSERT,
	STMT_USER_SET_PASSWORD,
	STMT_USER_VERIFY_EMAIL,
	STMT_USER_LOGGED_IN,
	STMT_USER_UPDATE,
	STMT_USER_SET_ACTIVE,
	STMT_USER_DEPARTMENTS,
	STMT_USER_DEPARTMENTS_CLEAR,
	STMT_USERS_LIST,
	STMT_REQUESTS_ATTACH,
	STMT_REQUESTER_NAME_BY_EMAIL,
	STMT_REQUESTS_OF_REQUESTER,
	STMT_REQUESTS_OF_REQUESTER_COUNT,
	STMT_RULE_SET_BY_KEY,
	STMT_HOLIDAY_RULES,
	STMT_CALENDAR_DATES,
	STMT_REQUEST_UPDATE,
	STMT_DEPARTMENT_BY_ID,
	STMT_STAFF_USERS,
	STMT_REQUEST_CHANGES,
	STMT_QUEUE_MINE,
	STMT_QUEUE_MINE_COUNT,
	STMT_QUEUE_UNASSIGNED,
	STMT_QUEUE_UNASSIGNED_COUNT,
	STMT_QUEUE_DUE_SOON,
	STMT_QUEUE_DUE_SOON_COUNT,
	STMT_QUEUE_OVERDUE,
	STMT_QUEUE_OVERDUE_COUNT,
	STMT_QUEUE_PAUSED,
	STMT_QUEUE_PAUSED_COUNT,
	STMT_QUEUE_CLOSED,
	STMT_QUEUE_CLOSED_COUNT,
	/* Closure reasons, message templates, the audit log (closure.c). */
	STMT_REASONS,
	STMT_REASON_BY_ID,
	STMT_REASON_INSERT,
	STMT_REASON_UPDATE,
	STMT_REASON_SET_ACTIVE,
	STMT_TEMPLATES,
	STMT_TEMPLATE_BY_ID,
	STMT_TEMPLATE_INSERT,
	STMT_TEMPLATE_UPDATE,
	STMT_TEMPLATE_SET_ACTIVE,
	STMT_REQUEST_CLOSURE_REASONS_CLEAR,
	STMT_REQUEST_CLOSURE_REASON_ADD,
	STMT_REQUEST_CLOSURE_REASONS,
	STMT_AUDIT_LIST,
	STMT_AUDIT_LIST_REQUEST,
	STMT_AUDIT_LIST_ACTOR,
	STMT_AUDIT_LIST_ACTION,
	/* Editing the record: request text, events, support staff,
	 * departments (edits.c). */
	STMT_SEARCH_ITEM_ID,
	STMT_SEARCH_ALL_REMOVE,
	STMT_SEARCH_PUBLIC_REMOVE,
	STMT_REQUEST_SET_DESCRIPTION,
	STMT_REQUEST_ORIGINAL,
	STMT_REQUEST_TEXT_EDITS,
	STMT_EVENT_BY_ID,
	STMT_EVENT_UPDATE,
	STMT_SUPPORT_STAFF_ADD,
	STMT_SUPPORT_STAFF_REMOVE,
	STMT_REQUEST_SUPPORT_STAFF,
	STMT_REQUEST_DEPARTMENT_REMOVE,
	STMT_DEPARTMENTS_ADMIN,
	STMT_DEPARTMENT_SET_CONTACT,
	STMT_QUEUE_DEPARTMENTS,
	STMT_QUEUE_DEPARTMENTS_COUNT,
	STMT_QUEUE_ALL,
	STMT_QUEUE_ALL_COUNT,
	STMT_QUEUE_ALL_RECEIVED_ASC,
	STMT_QUEUE_ALL_RECEIVED_DESC,
	STMT_QUEUE_ALL_NUMBER_ASC,
	STMT_QUEUE_ALL_NUMBER_DESC,
	STMT_TASKS_MINE,
	STMT_TASKS_MINE_COUNT,
	STMT_REQUEST_TASKS,
	STMT_TASK_BY_ID,
	STMT_TASK_INSERT,
	STMT_TASK_DONE,
	/* Deadline upkeep and administration. */
	STMT_REQUEST_DUE_CHANGES,
	STMT_REQUEST_SET_COMPLIANCE,
	STMT_REQUEST_PAUSES,
	STMT_REQUESTS_DUE_BY_RULE,
	STMT_REQUEST_SET_DUE,
	STMT_REQUESTS_NEWLY_OVERDUE,
	STMT_ARCHIVE_FLAGGED_NEWEST,
	STMT_ARCHIVE_FLAGGED_OLDEST,
	STMT_RULE_SETS,
	STMT_RULE_SET_INSERT,
	STMT_RULE_SET_UPDATE,
	STMT_DEPARTMENTS_RULE_SETS,
	STMT_DEPARTMENT_SET_RULE_SET,
	STMT_DEPARTMENT_RULE_SET,
	STMT_HOLIDAY_CALENDARS,
	STMT_HOLIDAY_RULES_ALL,
	STMT_HOLIDAY_RULE_INSERT,
	STMT_HOLIDAY_RULE_GET,
	STMT_HOLIDAY_RULE_SET_ACTIVE,
	STMT_CALENDAR_DATE_INSERT,
	STMT_CALENDAR_DATE_GET,
	STMT_CALENDAR_DATE_DELETE,
	STMT_HOLIDAY_RULES_COPY,
	STMT_HOLIDAY_RULE_UPDATE,
	STMT_RULE_SET_SET_ACTIVE,
	STMT_RULE_SET_DEPARTMENT,
	/* Documents (documents.c). */
	STMT_DOCUMENT_INSERT,
	STMT_DOCUMENT_BY_ID,
	STMT_DOCUMENT_SET_LEVEL,
	STMT_DOCUMENT_REPLACE,
	STMT_DOCUMENT_DOWNLOADED,
	STMT_DOCUMENT_SET_TEXT,
	STMT_DOCUMENT_VERSIONS,
	STMT_DOCUMENTS_PENDING_TEXT,
	STMT_DOCUMENTS_INDEX,
	STMT_REQUEST_FILE_USAGE,
	STMT_REQUEST_FILES,
	/* Background jobs (src/worker). */
	STMT_JOB_ENQUEUE,
	STMT_JOB_CLAIM,
	STMT_JOB_DONE,
	STMT_JOB_RETRY,
	STMT_JOB_FAIL,
	STMT_JOB_GET,
	/* Outgoing email and notifications (src/domain/notify.c, worker/mailer.c). */
	STMT_OUTBOX_ENQUEUE,
	STMT_OUTBOX_CLAIM,
	STMT_OUTBOX_SENT,
	STMT_OUTBOX_RETRY,
	STMT_OUTBOX_FAIL,
	STMT_OUTBOX_REQUEUE,
	STMT_OUTBOX_FAILED_LIST,
	STMT_OUTBOX_COUNTS,
	STMT_NOTIFY_REQUEST,
	STMT_NOTIFY_PREFS_OF_USER,
	STMT_NOTIFY_PREF_SET,
	STMT_NOTIFY_EVENTS_PENDING,
	STMT_NOTIFY_EVENT_PENDING,
	STMT_NOTIFY_EVENT_MARK,
	STMT_NOTIFY_DEPARTMENT_STAFF,
	STMT_NOTIFY_REQUEST_TEAM,
	STMT_NOTIFY_ADMINS,
	STMT_NOTIFY_TASK_ASSIGNEES,
	STMT_DIGEST_ITEM_ADD,
	STMT_DIGEST_USERS,
	STMT_DIGEST_ITEMS,
	STMT_DIGEST_ITEMS_MARK,
	STMT_DIGEST_SENT_ADD,
	STMT_DIGEST_REMINDERS,
	STMT_OPTOUT_SET,
	STMT_OPTOUT_CLEAR,
	STMT_OPTOUT_GET,
	/* Incoming mail (mail_in.c). */
	STMT_INBOUND_INSERT,
	STMT_INBOUND_PROCESSED,
	STMT_INBOUND_FAILED,
	STMT_INBOUND_RESOLVE,
	STMT_INBOUND_GET,
	STMT_INBOUND_RAW,
	STMT_INBOUND_LIST,
	STMT_INBOUND_COUNT,
	STMT_INBOUND_DUPLICATE,
	STMT_INBOUND_ATTACHMENTS,
	STMT_REQUESTER_EMAIL_FAILING,
	STMT_REQUESTER_EMAIL_OK,
	STMT_REQUEST_MAIL_STATE,
	/* Emails checked again before sending (mail.c). */
	STMT_OUTBOX_WITHDRAW,
	STMT_OUTBOX_TOLD,
	STMT_OUTBOX_WITHDRAWN_LIST,
	STMT_TOLD_DOCUMENTS,
	STMT__COUNT
};

struct stmt_def {
	const char *name; /* for error messages */
	const char *sql;
};

/* db_stmt_defs[id] is the statement named id; complete (static assert). */
extern const struct stmt_def db_stmt_defs[];

struct db {
	sqlite3 *conn;
	sqlite3_stmt *stmts[STMT__COUNT]; /* prepared on first use */
	char err[512];                    /* last error, for db_errmsg */
	int64_t data_version;             /* last PRAGMA data_version seen */
	bool bulk;                        /* db_bulk_begin: FTS deferred */
	int64_t cache_size;               /* PRAGMA cache_size before bulk */
};

/* db_stmt returns the prepared statement id, reset and with no bindings;
 * it stays owned by db. Callers bind, step, and sqlite3_reset it when done
 * (a SELECT left mid-way holds its read snapshot). One statement serves
 * one use at a time: do not call code that fetches the same id while
 * stepping it. NULL on a prepare failure, with the error recorded. */
sqlite3_stmt *db_stmt(struct db *db, enum stmt_id id);

/* db_set_error records a message for db_errmsg. */
void db_set_error(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* db_result maps an SQLite result code (from step, bind, exec) to a store
 * result: OK/ROW/DONE -> STORE_OK; a unique or primary key violation ->
 * STORE_CONFLICT; another constraint -> STORE_INVALID; else STORE_ERROR.
 * For anything but STORE_OK it records "what: <sqlite message>". */
enum store_rc db_result(struct db *db, int rc, const char *what);

/* db_step_done steps a statement that returns no rows, resets it and maps
 * the result (db_result). */
enum store_rc db_step_done(struct db *db, sqlite3_stmt *st, const char *what);

/* db_step_int steps a statement expected to return one row and sets *out to
 * its first column as an integer; STORE_NOT_FOUND when there is no row.
 * Resets st. */
enum store_rc db_step_int(struct db *db, sqlite3_stmt *st, const char *what,
			  int64_t *out);

/* db_step_text is db_step_int for a text column: *out is a malloc'd copy.
 * A NULL value is STORE_NOT_FOUND. */
enum store_rc db_step_text(struct db *db, sqlite3_stmt *st, const char *what,
			   char **out);

/* db_row_json returns the current row of st as a new object (see store.h
 * for the conventions; a column declared INT is a boolean, a BLOB becomes
 * lowercase hex, invalid UTF-8 is replaced by U+FFFD). */
json_t *db_row_json(sqlite3_stmt *st);

/* db_bind binds values in order from ?1, one per character of types:
 *   't' const char * (NULL binds NULL)   'i' int64_t
 *   'I' int64_t, where 0 binds NULL (optional ids)
 *   'h' const unsigned char *: a STORE_HASH_BYTES blob (token hashes, keys)
 * Returns an SQLite result code; on failure the error is recorded. */
int db_bind(struct db *db, sqlite3_stmt *st, const char *types, ...);

/* db_rows_json steps st to the end and sets *rows to an array of its rows
 * (db_row_json each). Resets st. */
enum store_rc db_rows_json(struct db *db, sqlite3_stmt *st, const char *what,
			   json_t **rows);

/* db_row_one steps st once and sets *row to its row; STORE_NOT_FOUND when
 * there is none. Resets st. */
enum store_rc db_row_one(struct db *db, sqlite3_stmt *st, const char *what,
			 json_t **row);

/* db_id_list appends ids as a JSON array ("[3,5,8]"), to bind as one
 * parameter read with json_each. */
void db_id_list(struct buf *b, const int64_t *ids, size_t n);

/* store_fts_query appends to out the FTS5 query for the user's text: its
 * words (runs of ASCII letters and digits and of bytes >= 0x80; anything
 * else separates words), each quoted as an FTS5 string, joined by spaces
 * (all must match), at most STORE_SEARCH_WORDS_MAX of them. No user syntax
 * survives. Returns the number of words. */
size_t store_fts_query(const char *text, struct buf *out);

/* db_index_item lists an item (kind request, event or document) for search
 * and adds it to the indexes its visibility allows. */
enum store_rc db_index_item(struct db *db, const char *kind, int64_t item_id,
			    int64_t request_id);

/* db_now returns the current time in unix seconds. */
int64_t db_now(void);

/* In store functions (db in scope): PREPARE declares st as the named
 * statement, or returns STORE_ERROR; RUN binds the values (db_bind), steps
 * to the end and resets. */
#define PREPARE(st, id)                     \
	sqlite3_stmt *st = db_stmt(db, id); \
	if (!st)                            \
		return STORE_ERROR

#define RUN(st, what, types, ...)                                      \
	(db_bind(db, st, types, __VA_ARGS__) != SQLITE_OK                  \
		 ? (sqlite3_reset(st), sqlite3_clear_bindings(st), STORE_ERROR) \
		 : db_step_done(db, st, what))

#endif
