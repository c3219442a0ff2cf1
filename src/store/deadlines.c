/* Deadline rule sets and holiday calendars. */
#include "store/store_internal.h"

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
