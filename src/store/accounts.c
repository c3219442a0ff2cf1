/* Sign-in and accounts: server keys, sessions, failed attempts, single-use
 * links, the outbox, account changes and a requester's own requests. */
#include "store/store_internal.h"

#include <string.h>

enum store_rc store_secret(struct db *db, const char *name,
			   const unsigned char candidate[STORE_HASH_BYTES],
			   unsigned char key[STORE_HASH_BYTES])
{
	PREPARE(ins, STMT_SECRET_INSERT);
	enum store_rc r = RUN(ins, "storing a key", "thi", name, candidate, db_now());
	if (r != STORE_OK)
		return r;
	PREPARE(get, STMT_SECRET_GET);
	if (db_bind(db, get, "t", name) != SQLITE_OK)
		return STORE_ERROR;
	int rc = sqlite3_step(get);
	r = rc == SQLITE_DONE ? STORE_NOT_FOUND : db_result(db, rc, "reading a key");
	if (r == STORE_OK) {
		if (sqlite3_column_bytes(get, 0) >= STORE_HASH_BYTES)
			memcpy(key, sqlite3_column_blob(get, 0), STORE_HASH_BYTES);
		else
			r = STORE_INVALID;
	}
	sqlite3_reset(get);
	return r;
}

enum store_rc store_session_create(struct db *db, const struct store_session_new *s)
{
	PREPARE(st, STMT_SESSION_INSERT);
	return RUN(st, "starting a session", "hiiitt", s->token_hash, s->user_id, s->now,
		   s->expires_at, s->ip, s->user_agent);
}

enum store_rc store_session_find(struct db *db, const unsigned char *token_hash, json_t **row)
{
	PREPARE(st, STMT_SESSION_FIND);
	if (db_bind(db, st, "h", token_hash) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "finding a session", row);
}

enum store_rc store_session_touch(struct db *db, int64_t id, int64_t now)
{
	PREPARE(st, STMT_SESSION_TOUCH);
	return RUN(st, "recording a session's use", "ii", id, now);
}

enum store_rc store_session_delete(struct db *db, const unsigned char *token_hash)
{
	PREPARE(st, STMT_SESSION_DELETE);
	return RUN(st, "ending a session", "h", token_hash);
}

enum store_rc store_session_delete_id(struct db *db, int64_t id)
{
	PREPARE(st, STMT_SESSION_DELETE_ID);
	return RUN(st, "ending a session", "i", id);
}

enum store_rc store_sessions_delete_user(struct db *db, int64_t user_id)
{
	PREPARE(st, STMT_SESSIONS_DELETE_USER);
	return RUN(st, "ending a user's sessions", "i", user_id);
}

enum store_rc store_sessions_purge(struct db *db, int64_t now)
{
	PREPARE(st, STMT_SESSIONS_PURGE);
	return RUN(st, "removing expired sessions", "i", now);
}

enum store_rc store_login_attempt_add(struct db *db, const char *key, int64_t at)
{
	PREPARE(st, STMT_LOGIN_ATTEMPT_INSERT);
	return RUN(st, "recording a failed sign-in", "ti", key, at);
}

enum store_rc store_login_attempts(struct db *db, const char *key, int64_t since,
				   int64_t *count, int64_t *oldest)
{
	PREPARE(st, STMT_LOGIN_ATTEMPTS_COUNT);
	if (db_bind(db, st, "ti", key, since) != SQLITE_OK)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	enum store_rc r = db_result(db, rc, "counting failed sign-ins");
	if (r == STORE_OK) {
		*count = sqlite3_column_int64(st, 0);
		*oldest = sqlite3_column_int64(st, 1); /* NULL reads as 0 */
	}
	sqlite3_reset(st);
	return r;
}

enum store_rc store_login_attempts_clear(struct db *db, const char *key)
{
	PREPARE(st, STMT_LOGIN_ATTEMPTS_CLEAR);
	return RUN(st, "forgetting failed sign-ins", "t", key);
}

enum store_rc store_login_attempts_purge(struct db *db, int64_t before)
{
	PREPARE(st, STMT_LOGIN_ATTEMPTS_PURGE);
	return RUN(st, "forgetting old failed sign-ins", "i", before);
}

enum store_rc store_token_create(struct db *db, const struct store_token_new *t)
{
	PREPARE(st, STMT_TOKEN_INSERT);
	return RUN(st, "making a link", "thIttii", t->purpose, t->token_hash, t->user_id,
		   t->email, t->data, t->now, t->expires_at);
}

enum store_rc store_token_peek(struct db *db, const char *purpose,
			       const unsigned char *token_hash, int64_t now, json_t **row)
{
	PREPARE(st, STMT_TOKEN_PEEK);
	if (db_bind(db, st, "hti", token_hash, purpose, now) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a link", row);
}

enum store_rc store_token_use(struct db *db, const char *purpose,
			      const unsigned char *token_hash, int64_t now, json_t **row)
{
	PREPARE(st, STMT_TOKEN_USE);
	if (db_bind(db, st, "hti", token_hash, purpose, now) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "using a link", row);
}

enum store_rc store_outbox_add(struct db *db, const char *to, const char *subject,
			       const char *body_text, int64_t now, int64_t *id)
{
	PREPARE(st, STMT_OUTBOX_INSERT);
	enum store_rc r = RUN(st, "queueing an email", "ttti", to, subject, body_text, now);
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_user_set_password(struct db *db, int64_t id, const char *password_hash,
				      int64_t now)
{
	PREPARE(st, STMT_USER_SET_PASSWORD);
	return RUN(st, "setting a password", "iti", id, password_hash, now);
}

enum store_rc store_user_verify_email(struct db *db, int64_t id, int64_t now)
{
	PREPARE(st, STMT_USER_VERIFY_EMAIL);
	return RUN(st, "verifying an email address", "ii", id, now);
}

enum store_rc store_user_logged_in(struct db *db, int64_t id, int64_t now)
{
	PREPARE(st, STMT_USER_LOGGED_IN);
	return RUN(st, "recording a sign-in", "ii", id, now);
}

enum store_rc store_user_update(struct db *db, int64_t id, const char *name,
				const char *title, const char *role, int64_t now)
{
	PREPARE(st, STMT_USER_UPDATE);
	return RUN(st, "changing a user", "ittti", id, name, title, role, now);
}

enum store_rc store_user_set_active(struct db *db, int64_t id, bool active, int64_t now)
{
	PREPARE(st, STMT_USER_SET_ACTIVE);
	return RUN(st, "(de)activating a user", "iii", id, (int64_t)active, now);
}

enum store_rc store_user_departments(struct db *db, int64_t id, json_t **rows)
{
	PREPARE(st, STMT_USER_DEPARTMENTS);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing a user's departments", rows);
}

enum store_rc store_user_departments_clear(struct db *db, int64_t id)
{
	PREPARE(st, STMT_USER_DEPARTMENTS_CLEAR);
	return RUN(st, "taking a user out of departments", "i", id);
}

enum store_rc store_users_list(struct db *db, bool requesters, int limit, int offset,
			       json_t **rows)
{
	PREPARE(st, STMT_USERS_LIST);
	if (db_bind(db, st, "iii", (int64_t)requesters, (int64_t)limit, (int64_t)offset) !=
	    SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing users", rows);
}

enum store_rc store_requests_attach(struct db *db, int64_t user_id, const char *email,
				    int64_t *count)
{
	PREPARE(st, STMT_REQUESTS_ATTACH);
	enum store_rc r = RUN(st, "attaching requests to an account", "it", user_id, email);
	if (r == STORE_OK && count)
		*count = sqlite3_changes(db->conn);
	return r;
}

enum store_rc store_requester_name_by_email(struct db *db, const char *email, char **name)
{
	PREPARE(st, STMT_REQUESTER_NAME_BY_EMAIL);
	if (db_bind(db, st, "t", email) != SQLITE_OK)
		return STORE_ERROR;
	return db_step_text(db, st, "finding a requester's name", name);
}

enum store_rc store_requests_of_requester(struct db *db, int64_t user_id, int max_level,
					  bool include_hidden, int limit, int offset,
					  json_t **rows)
{
	PREPARE(st, STMT_REQUESTS_OF_REQUESTER);
	if (db_bind(db, st, "iiiii", user_id, (int64_t)max_level, (int64_t)include_hidden,
		    (int64_t)limit, (int64_t)offset) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing a requester's requests", rows);
}

enum store_rc store_requests_of_requester_count(struct db *db, int64_t user_id,
						int64_t *count)
{
	PREPARE(st, STMT_REQUESTS_OF_REQUESTER_COUNT);
	if (db_bind(db, st, "i", user_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_step_int(db, st, "counting a requester's requests", count);
}
