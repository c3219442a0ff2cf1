/* Administering deadlines: the portal's rule set and the due soon window,
 * a department's own rule set, custom rule sets, holiday rules and the
 * dates an admin adds to or removes from the calendar. Every change is one
 * transaction with its audit row; a change of the calendar also computes
 * again the due dates the rule keeps (domain/due.h), in the same
 * transaction. Nothing here reads HTTP: the web layer validates the types
 * and lengths, these functions the rules across fields, naming the field
 * of each problem. */
#ifndef DISCLOSE_DEADLINE_ADMIN_H
#define DISCLOSE_DEADLINE_ADMIN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/date.h"

enum { DUE_SOON_MAX = 20 }; /* business days of the due soon window */

/* Who changes what, for bylines and the audit log. */
struct deadline_admin {
	struct db *db;
	int64_t user_id;
	const char *ip; /* NULL: unknown */
	int64_t now;
};

enum deadline_admin_rc {
	DEADLINE_ADMIN_OK,
	DEADLINE_ADMIN_INVALID,   /* *errors {"field": "message"} says why */
	DEADLINE_ADMIN_NOT_FOUND, /* no such rule set, department, rule, date */
	DEADLINE_ADMIN_ERROR,     /* the database failed (logged) */
};

/* A rule set as the admin form has it; NULL or 0 where not given. */
struct deadline_form {
	const char *key;  /* creating only: lowercase letters, digits, '-' */
	const char *name, *citation, *calendar, *cutoff /* "HH:MM" */, *response;
	const char *ends_at; /* "HH:MM" on the due date; NULL: with the day */
	int64_t first_days;
	const char *first_unit; /* calendar, business */
	bool first_roll_forward;
	int64_t ext_count; /* 0: the law allows no extension */
	int64_t ext_days;
	const char *ext_unit;
	bool ext_roll_forward;
	const char *ext_citation;
	const char *ext_reasons; /* one reason a line */
	bool pause_stops_clock;
	int64_t pause_max_count; /* 0: any number */
	const char *pause_citation;
	const char *pause_reasons; /* one a line */
	const char *pause_limited_reasons; /* one a line, of pause_reasons:
					      those pause_max_count limits;
					      none: all */
};

/* deadline_form_of fills f from a stored rule set's key, name and config
 * (for the form: a preset copied, a custom one edited); the strings point
 * into config and *lists (the lists of reasons, one a line), which the
 * caller frees (json_decref, free). False when the config does not
 * parse. */
bool deadline_form_of(const char *key, const char *name, json_t *config,
		      struct deadline_form *f, char **lists);

/* deadline_form_check adds to errors the form's problems across fields
 * (the key when create, the cut-off's and the end's form, limited pause
 * reasons that are not pause reasons, extension days without a
 * count, lists of reasons), without the database. */
void deadline_form_check(const struct deadline_form *f, bool create, json_t *errors);

/* deadline_rule_set_save creates (create) or changes a custom rule set. */
enum deadline_admin_rc deadline_rule_set_save(const struct deadline_admin *a, bool create,
					      const struct deadline_form *f, json_t *errors);

/* deadline_portal_set chooses the portal's rule set and the due soon
 * window (0..DUE_SOON_MAX business days). */
enum deadline_admin_rc deadline_portal_set(const struct deadline_admin *a, const char *rule_set,
					   int64_t due_soon_days, json_t *errors);

/* deadline_department_set gives a department its own rule set (NULL: the
 * portal's). */
enum deadline_admin_rc deadline_department_set(const struct deadline_admin *a, int64_t id,
					       const char *rule_set, json_t *errors);

/* deadline_rule_set_set_active turns a custom rule set off or on. A
 * preset stays on; a rule set that is the portal's or a department's is
 * not turned off (errors "key" says whose it is). Requests whose due date
 * came from a rule set turned off keep counting with it; new requests do
 * not take it. */
enum deadline_admin_rc deadline_rule_set_set_active(const struct deadline_admin *a,
						    const char *key, bool active, json_t *errors);

/* A holiday rule as the form has it. */
struct deadline_holiday_form {
	const char *calendar, *name, *kind /* fixed, nth_weekday */, *observance;
	int64_t month, day;	/* day: fixed */
	int64_t weekday, nth;	/* nth_weekday: 0 = Sunday; 1..5, -1 = last */
	int64_t offset_days;
	int64_t first_year, last_year; /* 0: unbounded */
};

/* deadline_holiday_add adds a holiday rule; *moved is how many due dates
 * moved. */
enum deadline_admin_rc deadline_holiday_add(const struct deadline_admin *a,
					    const struct deadline_holiday_form *f, json_t *errors,
					    int *moved);
/* deadline_holiday_update changes the rule id of calendar f->calendar to
 * f (NOT_FOUND when that calendar has no such rule), checked as an added
 * rule is; *moved is how many due dates moved. */
enum deadline_admin_rc deadline_holiday_update(const struct deadline_admin *a, int64_t id,
					       const struct deadline_holiday_form *f,
					       json_t *errors, int *moved);
/* deadline_holiday_set_active turns a holiday rule on or off. */
enum deadline_admin_rc deadline_holiday_set_active(const struct deadline_admin *a, int64_t id,
						   bool active, int *moved);
/* deadline_calendar_copy makes the holiday calendar name (a key like a rule
 * set's: lowercase letters, digits, '-') with a copy of the rules of the
 * calendar from, for an admin to change. */
enum deadline_admin_rc deadline_calendar_copy(const struct deadline_admin *a, const char *name,
					      const char *from, json_t *errors);
/* deadline_date_add adds a date: kind "closed" (a closure) or "open" (a
 * working day although a rule says holiday). */
enum deadline_admin_rc deadline_date_add(const struct deadline_admin *a, const char *date,
					 const char *kind, const char *name, json_t *errors,
					 int *moved);
/* deadline_date_remove takes a date out of the calendar. */
enum deadline_admin_rc deadline_date_remove(const struct deadline_admin *a, const char *date,
					    int *moved);

/* deadline_rule_set_summary: a rule set's config in words ("10 calendar
 * days, moved off weekends and holidays; one extension of up to 14
 * calendar days; a pause does not stop the clock"), malloc'd; NULL when
 * it does not parse. */
char *deadline_rule_set_summary(const char *key, const char *config);

/* deadline_due_soon_days: the setting due_soon_business_days, or 3. */
int deadline_due_soon_days(struct db *db);

/* deadline_soon_until: the last due date that is "due soon" on today: the
 * business day deadline_due_soon_days after it, by the portal's rule set's
 * calendar (today itself for 0; that many calendar days when the rule set
 * does not load). */
struct date deadline_soon_until(struct db *db, struct date today);

#endif
