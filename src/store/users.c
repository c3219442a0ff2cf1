/* Users: accounts of staff and requesters. */
#include "store/store_internal.h"

enum store_rc store_user_create(struct db *db, const struct store_user_new *u,
				int64_t *id)
{
	static const char what[] = "creating a user";
	sqlite3_stmt *st = db_stmt(db, STMT_USER_INSERT);
	if (!st)
		return STORE_ERROR;
	const char *text[] = {u->email, u->name, u->title, u->role,
			      u->password_hash};
	int rc = SQLITE_OK;
	for (int i = 0; rc == SQLITE_OK && i < (int)(sizeof text / sizeof *text);
	     i++)
		rc = sqlite3_bind_text(st, i + 1, text[i], -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, db_now());
	if (rc != SQLITE_OK)
		return db_result(db, rc, what);
	enum store_rc r = db_step_done(db, st, what);
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return r;
}

enum store_rc store_user_count(struct db *db, const char *role,
			       int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_COUNT);
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK)
		return db_result(db, rc, "counting users");
	return db_step_int(db, st, "counting users", count);
}

enum store_rc store_user_find_by_email(struct db *db, const char *email,
				       json_t **user)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_BY_EMAIL);
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	enum store_rc r = rc == SQLITE_DONE ? STORE_NOT_FOUND
					    : db_result(db, rc, "finding a user");
	if (r == STORE_OK)
		*user = db_row_json(st);
	sqlite3_reset(st);
	return r;
}

enum store_rc store_user_password_hash(struct db *db, int64_t user_id,
				       char **hash)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_PASSWORD_HASH);
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_bind_int64(st, 1, user_id);
	if (rc != SQLITE_OK)
		return db_result(db, rc, "reading a password hash");
	return db_step_text(db, st, "reading a password hash", hash);
}
