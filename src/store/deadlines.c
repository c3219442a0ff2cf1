/* Deadline rule sets and holiday calendars. */
#include "store/store_internal.h"

#include <string.h>

enum store_rc store_rule_set(struct db *db, const char *key, json_t **row)
{
	PREPARE(st, STMT_RULE_SET_BY_KEY);
	if (db_bind(db, st, "t", key) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a deadline rule set", row);
}

enum store_rc store_holiday_rules(struct db *db, const char *calendar, int64_t max, json_t **rows)
{
	PREPARE(st, STMT_HOLIDAY_RULES);
	if (db_bind(db, st, "ti", calendar, max) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading holiday rules", rows);
}

enum store_rc store_calendar_dates(struct db *db, int64_t max, json_t **rows)
{
	PREPARE(st, STMT_CALENDAR_DATES);
	if (db_bind(db, st, "i", max) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "reading calendar dates", rows);
}

/* event_data sets *rows to the parsed data of the events st lists (an
 * empty object for one without). */
static enum store_rc event_data(struct db *db, sqlite3_stmt *st, const char *what, json_t **rows)
{
	json_t *raw = NULL;
	enum store_rc r = db_rows_json(db, st, what, &raw);
	if (r != STORE_OK)
		return r;
	json_t *out = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(raw, i, row) {
		const char *data = json_string_value(json_object_get(row, "data"));
		json_t *d = data ? json_loads(data, 0, NULL) : NULL;
		json_array_append_new(out, json_is_object(d) ? d : (json_decref(d), json_object()));
	}
	json_decref(raw);
	*rows = out;
	return STORE_OK;
}

enum store_rc store_request_due_changes(struct db *db, int64_t request_id, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_DUE_CHANGES);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	return event_data(db, st, "reading a due date history", rows);
}

enum store_rc store_request_set_compliance(struct db *db, int64_t request_id, const char *text)
{
	PREPARE(st, STMT_REQUEST_SET_COMPLIANCE);
	return RUN(st, "flagging a request", "it", request_id, text);
}

enum store_rc store_request_pauses(struct db *db, int64_t request_id, json_t **rows)
{
	PREPARE(st, STMT_REQUEST_PAUSES);
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	return event_data(db, st, "reading a request's pauses", rows);
}

enum store_rc store_requests_due_by_rule(struct db *db, const char *from, int limit,
					 json_t **rows)
{
	PREPARE(st, STMT_REQUESTS_DUE_BY_RULE);
	if (db_bind(db, st, "ti", from, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing due dates kept by the rule", rows);
}

enum store_rc store_request_set_due(struct db *db, int64_t id, int64_t version,
				    const char *due, const char *first_due,
				    const char *explanation, int64_t now)
{
	PREPARE(st, STMT_REQUEST_SET_DUE);
	enum store_rc r = RUN(st, "moving a due date", "iittti", id, version, due, first_due,
			      explanation, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_requests_newly_overdue(struct db *db, const char *now, int limit,
					   json_t **rows)
{
	PREPARE(st, STMT_REQUESTS_NEWLY_OVERDUE);
	if (db_bind(db, st, "ti", now, (int64_t)limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing overdue requests", rows);
}

enum store_rc store_rule_sets(struct db *db, json_t **rows)
{
	PREPARE(st, STMT_RULE_SETS);
	return db_rows_json(db, st, "listing rule sets", rows);
}

enum store_rc store_rule_set_save(struct db *db, bool create, const char *key,
				  const char *name, const char *config, int64_t now)
{
	if (create) {
		PREPARE(st, STMT_RULE_SET_INSERT);
		return RUN(st, "creating a rule set", "ttti", key, name, config, now);
	}
	PREPARE(st, STMT_RULE_SET_UPDATE);
	enum store_rc r = RUN(st, "changing a rule set", "ttti", key, name, config, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_departments_rule_sets(struct db *db, json_t **rows)
{
	PREPARE(st, STMT_DEPARTMENTS_RULE_SETS);
	return db_rows_json(db, st, "listing departments' rule sets", rows);
}

enum store_rc store_department_set_rule_set(struct db *db, int64_t id, const char *key)
{
	PREPARE(st, STMT_DEPARTMENT_SET_RULE_SET);
	enum store_rc r = RUN(st, "setting a department's rule set", "iti", id, key, db_now());
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_department_rule_set(struct db *db, int64_t id, char **key)
{
	PREPARE(st, STMT_DEPARTMENT_RULE_SET);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_step_text(db, st, "reading a department's rule set", key);
}

enum store_rc store_holiday_calendars(struct db *db, json_t **rows)
{
	PREPARE(st, STMT_HOLIDAY_CALENDARS);
	return db_rows_json(db, st, "listing holiday calendars", rows);
}

enum store_rc store_holiday_rules_all(struct db *db, const char *calendar, json_t **rows)
{
	PREPARE(st, STMT_HOLIDAY_RULES_ALL);
	if (db_bind(db, st, "t", calendar) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing holiday rules", rows);
}

/* bind_rule binds r as ?1..?11 of the insert and the update; false (st
 * reset, *rc set) when it cannot. */
static bool bind_rule(struct db *db, sqlite3_stmt *st, const struct store_holiday_rule_new *r,
		      const char *what, enum store_rc *rc)
{
	bool fixed = !strcmp(r->kind, "fixed");
	if (db_bind(db, st, "tttiIIIitII", r->calendar, r->name, r->kind, r->month,
		    fixed ? r->day : 0, (int64_t)0, fixed ? 0 : r->nth, r->offset_days,
		    r->observance, r->first_year, r->last_year) != SQLITE_OK) {
		*rc = STORE_ERROR;
		return false;
	}
	/* 'I' binds 0 as NULL: the weekday (0 = Sunday) is bound apart. */
	int b = fixed ? sqlite3_bind_null(st, 6) : sqlite3_bind_int64(st, 6, r->weekday);
	if (b == SQLITE_OK)
		return true;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	*rc = db_result(db, b, what);
	return false;
}

enum store_rc store_holiday_rule_add(struct db *db, const struct store_holiday_rule_new *r,
				     int64_t *id)
{
	PREPARE(st, STMT_HOLIDAY_RULE_INSERT);
	enum store_rc out = STORE_OK;
	if (!bind_rule(db, st, r, "adding a holiday rule", &out))
		return out;
	out = db_step_done(db, st, "adding a holiday rule");
	if (out == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return out;
}

enum store_rc store_holiday_rule_get(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_HOLIDAY_RULE_GET);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a holiday rule", row);
}

enum store_rc store_holiday_rule_set_active(struct db *db, int64_t id, bool active)
{
	PREPARE(st, STMT_HOLIDAY_RULE_SET_ACTIVE);
	enum store_rc r = RUN(st, "changing a holiday rule", "ii", id, (int64_t)active);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_calendar_date_add(struct db *db, const char *date, const char *kind,
				      const char *name, int64_t user_id, int64_t now)
{
	PREPARE(st, STMT_CALENDAR_DATE_INSERT);
	return RUN(st, "adding a calendar date", "tttIi", date, kind, name, user_id, now);
}

enum store_rc store_calendar_date_get(struct db *db, const char *date, json_t **row)
{
	PREPARE(st, STMT_CALENDAR_DATE_GET);
	if (db_bind(db, st, "t", date) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a calendar date", row);
}

enum store_rc store_calendar_date_remove(struct db *db, const char *date)
{
	PREPARE(st, STMT_CALENDAR_DATE_DELETE);
	enum store_rc r = RUN(st, "removing a calendar date", "t", date);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_holiday_rules_copy(struct db *db, const char *from, const char *to,
				       int64_t *count)
{
	PREPARE(st, STMT_HOLIDAY_RULES_COPY);
	enum store_rc r = RUN(st, "copying a holiday calendar", "tt", from, to);
	if (r == STORE_OK && count)
		*count = sqlite3_changes(db->conn);
	return r;
}

enum store_rc store_holiday_rule_update(struct db *db, int64_t id,
					const struct store_holiday_rule_new *r)
{
	PREPARE(st, STMT_HOLIDAY_RULE_UPDATE);
	enum store_rc out = STORE_OK;
	if (!bind_rule(db, st, r, "changing a holiday rule", &out))
		return out;
	int b = sqlite3_bind_int64(st, 12, id);
	if (b != SQLITE_OK) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return db_result(db, b, "changing a holiday rule");
	}
	out = db_step_done(db, st, "changing a holiday rule");
	if (out == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return out;
}

enum store_rc store_rule_set_set_active(struct db *db, const char *key, bool active,
					int64_t now)
{
	PREPARE(st, STMT_RULE_SET_SET_ACTIVE);
	enum store_rc r = RUN(st, "turning a rule set off or on", "tii", key, (int64_t)active, now);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_rule_set_department(struct db *db, const char *key, char **name)
{
	PREPARE(st, STMT_RULE_SET_DEPARTMENT);
	if (db_bind(db, st, "t", key) != SQLITE_OK)
		return STORE_ERROR;
	*name = NULL;
	enum store_rc r = db_step_text(db, st, "finding a department's rule set", name);
	return r == STORE_NOT_FOUND ? STORE_OK : r;
}
