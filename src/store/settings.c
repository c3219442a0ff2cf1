/* Settings: agency-wide key/value text. */
#include "store/store_internal.h"

#include "util/die.h"

enum store_rc store_setting_get(struct db *db, const char *key, char **value)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SETTING_GET);
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK)
		return db_result(db, rc, "reading a setting");
	return db_step_text(db, st, "reading a setting", value);
}

enum store_rc store_setting_set(struct db *db, const char *key,
				const char *value)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SETTING_SET);
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, db_now());
	if (rc != SQLITE_OK)
		return db_result(db, rc, "saving a setting");
	return db_step_done(db, st, "saving a setting");
}

enum store_rc store_settings_all(struct db *db, json_t **settings)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SETTINGS_ALL);
	if (!st)
		return STORE_ERROR;
	json_t *all = json_object();
	if (!all)
		die_oom();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = db_row_json(st);
		const char *key = json_string_value(json_object_get(row, "key"));
		if (json_object_set(all, key, json_object_get(row, "value")))
			die_oom();
		json_decref(row);
	}
	sqlite3_reset(st);
	enum store_rc r = db_result(db, rc, "reading the settings");
	if (r == STORE_OK)
		*settings = all;
	else
		json_decref(all);
	return r;
}
