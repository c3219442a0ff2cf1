/* Due dates. A rule set (deadline_rule_sets.config, JSON) says how the days
 * of a jurisdiction's law are counted; with the agency's holiday calendar
 * it gives a request's first due date, computed from the instant of receipt
 * and stored with how it was computed, so the page can explain it in words.
 *
 * Rule set config:
 *   {"citation": "Gov. Code 7922.535", "calendar": "us-ca",
 *    "cutoff": "17:00",           -- local time after which receipt counts
 *                                    from the next business day
 *    "first_response": {"days": 10, "unit": "calendar" | "business",
 *                       "roll_forward": bool},  -- a calendar deadline on
 *                                    a weekend or holiday moves to the
 *                                    next business day
 *    "extensions": [{"days": 14, "unit": ..., "roll_forward": bool,
 *                    "max_count": 1, "reasons": [...], "citation": ...}],
 *    "pause_stops_clock": bool, "pause_max_count": n,
 *    "pause_citation": "..."} */
#ifndef DISCLOSE_DEADLINE_H
#define DISCLOSE_DEADLINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/holiday.h"
#include "store/db.h"
#include "util/date.h"

enum deadline_unit { DEADLINE_CALENDAR, DEADLINE_BUSINESS };

/* A span of days in one unit: "10 calendar days, moved off weekends and
 * holidays", "20 business days". */
struct deadline_span {
	int days; /* 1..366 */
	enum deadline_unit unit;
	bool roll_forward;
};

struct deadline_rules {
	char key[32];
	char citation[96];
	char calendar[32]; /* the holiday calendar's name: "us-ca" */
	int cutoff_min;	   /* minutes after local midnight; 24 * 60: none */
	struct deadline_span first;
	bool has_extension;
	struct deadline_span extension;
	int extension_max; /* extensions allowed */
	char extension_citation[96];
	bool pause_stops_clock; /* the days paused push the due date back */
	char pause_citation[96];
};

/* deadline_rules_parse reads a rule set's key and config text into r.
 * Returns false, with r unspecified, when the config is not valid JSON
 * of the shape above or a value is out of range. */
bool deadline_rules_parse(const char *key, const char *config, struct deadline_rules *r);

/* A rule set with the holiday calendar it counts with. */
struct deadline_engine {
	struct deadline_rules rules;
	struct holiday_calendar cal;
};

/* deadline_engine_load reads the rule set named key (NULL: the portal's,
 * setting deadline_rule_set), its calendar's holiday rules and the agency's
 * added and removed dates. Returns a malloc'd engine to free(), or NULL
 * (logged) when one is missing or unreadable. */
struct deadline_engine *deadline_engine_load(struct db *db, const char *key);

/* deadline_add: the date `s` after `from` (the day of `from` not counted):
 * calendar days, moved to the next business day when s->roll_forward; or
 * business days of cal. */
struct date deadline_add(const struct deadline_span *s, const struct holiday_calendar *cal,
			 struct date from);

/* deadline_toll: the due date `due` pushed back by `days` days paused,
 * counted in the unit of the rule set's first response (a calendar count
 * moved off weekends and holidays when the rule does so); `due` itself
 * when the rule set does not stop the clock while paused or days <= 0. */
struct date deadline_toll(const struct deadline_rules *r, const struct holiday_calendar *cal,
			  struct date due, int days);

/* deadline_first writes the first due date (YYYY-MM-DD) for a request
 * received at instant received_at (local time in the agency's zone) into
 * due, and returns how it was computed as malloc'd JSON text to store with
 * it: {rule, citation, received, after_cutoff, cutoff, counted_from, days,
 * unit, counted, due, moved_because}. */
char *deadline_first(const struct deadline_rules *r, const struct holiday_calendar *cal,
		     int64_t received_at, char due[static DATE_FMT_MAX]);

/* deadline_explain turns a stored explanation (parsed) into a sentence:
 * "Received Thursday September 12, 2019. 10 calendar days: Sunday September
 * 22, 2019, moved to the next business day: Monday September 23, 2019."
 * Returns a malloc'd string, or NULL when the explanation is not one it
 * knows. */
char *deadline_explain(const json_t *explanation);

/* deadline_compliance checks a request's due date history against the rule
 * set. changes is the array of its due_date_changed event data, oldest
 * first ({"new": "YYYY-MM-DD", "old": "YYYY-MM-DD"}); a change to a later
 * date is an extension. Returns a new {"flag": true, "text": "Extended 7
 * times; Gov. Code 7922.535 allows one extension of up to 14 days"} when
 * the extensions exceed what the law allows (more of them, or one beyond
 * its days), else NULL. A change with "paused_days" in its data moved the
 * date for a pause and is no extension. */
json_t *deadline_compliance(const struct deadline_rules *r, const struct holiday_calendar *cal,
			    const json_t *changes);

#endif
