/* Holiday calendars: which local dates an agency is closed.
 *
 * A calendar is a list of rules (a fixed date, the nth or last weekday of a
 * month, shifted by offset days, with a weekend observance, valid from
 * first_year to last_year) plus dates an admin added ('closed': a closure,
 * a day of mourning) or removed ('open': a working day although a rule says
 * holiday). A business day is a weekday that is not closed. Nothing here
 * touches the database: the caller builds the calendar from rows. */
#ifndef DISCLOSE_HOLIDAY_H
#define DISCLOSE_HOLIDAY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"

enum holiday_observance {
	HOLIDAY_OBSERVE_NONE,		 /* the date itself, even on a weekend */
	HOLIDAY_OBSERVE_NEAREST_WEEKDAY, /* Saturday -> Friday, Sunday -> Monday */
	HOLIDAY_OBSERVE_SUNDAY_TO_MONDAY,
	HOLIDAY_OBSERVE_NEXT_WEEKDAY, /* Saturday and Sunday -> Monday */
};

struct holiday_rule {
	char name[64];
	bool nth_weekday; /* false: fixed month/day */
	int month, day;	  /* day: fixed rules */
	int weekday, nth; /* nth_weekday rules: 0 = Sunday; nth 1..5, -1 = last */
	int offset_days;
	enum holiday_observance observance;
	int first_year, last_year; /* 0: unbounded */
};

/* Limits on what a calendar holds. */
enum { HOLIDAY_MAX_RULES = 64, HOLIDAY_MAX_DATES = 1024 };

struct holiday_date {
	int32_t day; /* date_to_days() */
	bool open;   /* true: removed (a working day); false: closed */
	char name[64];
};

struct holiday_calendar {
	struct holiday_rule rules[HOLIDAY_MAX_RULES];
	size_t n_rules;
	struct holiday_date dates[HOLIDAY_MAX_DATES];
	size_t n_dates;
};

/* holiday_calendar_load fills cal from store rows: rules is an array of
 * holiday_rules rows ({name, kind, month, day, weekday, nth, offset_days,
 * observance, first_year, last_year, active}), dates an array of
 * calendar_dates rows ({date, kind, name}); either may be NULL. Inactive
 * rules are skipped. Returns false on a row it cannot read or past the
 * limits, leaving cal holding what was read before. */
bool holiday_calendar_load(struct holiday_calendar *cal, const json_t *rules, const json_t *dates);

/* holiday_rule_observed: the date rule r's holiday is observed in year y,
 * or false when the rule does not apply that year. */
bool holiday_rule_observed(const struct holiday_rule *r, int y, struct date *out);

/* holiday_closed_name: the name of the holiday or closure on d, or NULL
 * when d is not one (weekends are not holidays here). An 'open' date wins
 * over a rule; a 'closed' date wins over both. */
const char *holiday_closed_name(const struct holiday_calendar *cal, struct date d);

/* holiday_is_business_day: d is a weekday and not closed. */
bool holiday_is_business_day(const struct holiday_calendar *cal, struct date d);

/* holiday_next_business_day: the first business day on or after d. */
struct date holiday_next_business_day(const struct holiday_calendar *cal, struct date d);

#endif
