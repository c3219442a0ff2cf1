/* Due dates. A rule set (deadline_rule_sets.config, JSON) says how the days
 * of a jurisdiction's law are counted; with the agency's holiday calendar
 * it gives a request's first due date, computed from the instant of receipt
 * and stored with how it was computed, so the page can explain it in words.
 *
 * Rule set config:
 *   {"citation": "Gov. Code 7922.535", "calendar": "us-ca",
 *    "cutoff": "17:00",           -- local time after which receipt counts
 *                                    from the next business day
 *    "ends_at": "17:00",          -- local time the due date's deadline
 *                                    ends; absent: at the end of the day
 *    "first_response": {"days": 10, "unit": "calendar" | "business",
 *                       "roll_forward": bool},  -- a calendar deadline on
 *                                    a weekend or holiday moves to the
 *                                    next business day
 *    "extensions": [{"days": 14, "unit": ..., "roll_forward": bool,
 *                    "max_count": 1, "reasons": [...], "citation": ...}],
 *    "pause_stops_clock": bool, "pause_max_count": n,  -- pauses that
 *                                    stop the clock; 0 or absent: any
 *    "pause_reasons": [...], "pause_citation": "...",
 *    "pause_limited_reasons": [...],  -- the pause reasons that
 *                                    pause_max_count counts and limits
 *                                    (FOIA: information, once; fee
 *                                    clarification, any number); absent:
 *                                    every reason
 *    "response": "..."}           -- what the first response is, when it
 *                                    is not the determination itself
 * A reason is a key the code knows ("voluminous": deadline_reason_label
 * gives its words) or the words themselves (custom rule sets). */
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

enum {
	DEADLINE_REASONS_MAX = 8,   /* reasons per list */
	DEADLINE_REASON_MAX = 200,  /* bytes of one reason */
	DEADLINE_PAUSES_MAX = 10,   /* pause_max_count at most */
	DEADLINE_EXTENSIONS_MAX = 10,
	DEADLINE_DAYS_MAX = 366,
	DEADLINE_END_OF_DAY = 24 * 60, /* ends_min of a deadline that ends at
					  midnight after its due date */
};

struct deadline_reasons {
	char items[DEADLINE_REASONS_MAX][DEADLINE_REASON_MAX];
	size_t n;
};

struct deadline_rules {
	char key[32];
	char citation[96];
	char calendar[32]; /* the holiday calendar's name: "us-ca" */
	int cutoff_min;	   /* minutes after local midnight; 24 * 60: none */
	int ends_min;	   /* when the deadline ends on its due date: minutes
			      after local midnight, 1..DEADLINE_END_OF_DAY */
	struct deadline_span first;
	bool has_extension;
	struct deadline_span extension;
	int extension_max; /* extensions allowed */
	char extension_citation[96];
	struct deadline_reasons extension_reasons;
	bool pause_stops_clock; /* the days paused push the due date back */
	int pause_max_count;    /* pauses that stop the clock; 0: any number */
	struct deadline_reasons pause_reasons;
	struct deadline_reasons pause_limited; /* of pause_reasons, those
						  pause_max_count limits;
						  none: all */
	char pause_citation[96];
	char response[96]; /* "acknowledgement with an approximate date"; "" */
};

/* deadline_rules_parse reads a rule set's key and config text into r.
 * Returns false, with r unspecified, when the config is not valid JSON
 * of the shape above or a value is out of range. */
bool deadline_rules_parse(const char *key, const char *config, struct deadline_rules *r);

/* deadline_reason_label: the words of a reason key the presets use
 * ("voluminous"), or reason itself. */
const char *deadline_reason_label(const char *reason);

struct buf;
/* deadline_reasons_words appends the words of list's reasons
 * (deadline_reason_label), "; " between, to b. */
void deadline_reasons_words(struct buf *b, const struct deadline_reasons *list);

/* deadline_reasons_has: whether reason is one of the list. */
bool deadline_reasons_has(const struct deadline_reasons *list, const char *reason);

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

/* deadline_engine_for: the engine of the rule set a request's stored
 * explanation (JSON text, may be NULL) names, or the portal's when that
 * one is gone. NULL (logged) when neither loads. */
struct deadline_engine *deadline_engine_for(struct db *db, const char *explanation);

/* A local moment, to the minute: what due dates are judged at. */
struct deadline_clock {
	struct date today;
	int minute; /* 0..1439 after local midnight; 1440 (with the day)
		       only as a bound for deadline_clock_text */
};

/* deadline_clock_at: the local date and minute of instant t. */
struct deadline_clock deadline_clock_at(int64_t t);

/* deadline_ended: whether the deadline of a request due on `due`, ending
 * ends_min minutes into that day (1..DEADLINE_END_OF_DAY), has passed at
 * clock c: the request is overdue from then. */
bool deadline_ended(struct date due, int ends_min, struct deadline_clock c);

/* deadline_clock_text writes c as "YYYY-MM-DD HH:MM", the text the store
 * compares with a deadline's end ("2019-09-23 17:00"; "2019-09-23 24:00"
 * ends with that day), and returns out. */
char *deadline_clock_text(struct deadline_clock c, char out[static DATE_FMT_MAX]);

/* deadline_ends_text: "5:00pm" for a deadline ending ends_min minutes into
 * its day, "" for one that ends with the day; returns out. */
char *deadline_ends_text(int ends_min, char out[static DATE_FMT_MAX]);

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

/* Pauses. A pause's event data records why the agency waits and whether
 * the pause stops the clock: {"reason": a reason (as in pause_reasons or
 * the portal's own), "label": its words, "stops_clock": bool, "clock_note":
 * why it does not although the rule set stops the clock}. Pauses recorded
 * before that decision was stored have no "stops_clock". */

/* deadline_pause_law: the statute that stops the clock (pause_citation,
 * or the rule set's citation). */
const char *deadline_pause_law(const struct deadline_rules *r);

/* deadline_pause_stops decides whether a pause for reason stops the clock
 * under r after `stopped` earlier pauses that count against its limit
 * stopped it (deadline_pauses_stopped): r stops the clock, the reason is
 * one of r's pause reasons when r lists any (reason NULL: not checked),
 * and, when the reason is one the limit counts (deadline_pause_limited),
 * pause_max_count is 0 or more than stopped. When r stops the clock but
 * not for this pause and why is not NULL, *why is set to a malloc'd clause
 * saying why ("5 U.S.C. 552(a)(6)(A)(ii) stops the clock only once for:
 * Information asked of the requester", "... stops the clock only for:
 * Information asked of the requester; Clarification of fees with the
 * requester"); else to NULL. */
bool deadline_pause_stops(const struct deadline_rules *r, const char *reason, int stopped,
			  char **why);

/* deadline_pause_limited: whether pause_max_count counts and limits a
 * pause for reason (NULL: a pause recorded without one: yes). */
bool deadline_pause_limited(const struct deadline_rules *r, const char *reason);

/* deadline_pauses_stopped counts the pauses that stopped the clock and
 * count against r's limit (deadline_pause_limited) in the first n of
 * pauses (paused events' data, oldest first): those recorded with
 * "stops_clock": true, and those recorded without a decision (every pause
 * counted then). */
int deadline_pauses_stopped(const struct deadline_rules *r, const json_t *pauses, size_t n);

/* deadline_pause_stopped: whether the last pause of pauses (as above)
 * stopped the clock: as it was decided and recorded, with its
 * "clock_note" as *why (malloc'd, or NULL); one recorded without a
 * decision, or none at all, is decided now by deadline_pause_stops with no
 * reason, after the pauses before it. */
bool deadline_pause_stopped(const struct deadline_rules *r, const json_t *pauses, char **why);

/* deadline_first writes the first due date (YYYY-MM-DD) for a request
 * received at instant received_at (local time in the agency's zone) into
 * due, and returns how it was computed as malloc'd JSON text to store with
 * it: {rule, citation, received, after_cutoff, cutoff, counted_from, days,
 * unit, counted, due, moved_because, ends_at ("17:00", only when the
 * deadline ends before the end of the day)}. */
char *deadline_first(const struct deadline_rules *r, const struct holiday_calendar *cal,
		     int64_t received_at, char due[static DATE_FMT_MAX]);

/* deadline_explain turns a stored explanation (parsed) into a sentence:
 * "Received Thursday September 12, 2019. 10 calendar days: Sunday September
 * 22, 2019, moved to the next business day: Monday September 23, 2019."
 * (with " The deadline ends at 5:00pm that day." when it does). Returns a malloc'd string, or NULL when the explanation is not one it
 * knows. */
char *deadline_explain(const json_t *explanation);

/* deadline_compliance checks a request's due date history against the rule
 * set. changes is the array of its due_date_changed event data, oldest
 * first ({"new": "YYYY-MM-DD", "old": "YYYY-MM-DD"}); a change to a later
 * date is an extension. Returns a new {"flag": true, "text": "Extended 7
 * times; Gov. Code 7922.535 allows one extension of up to 14 days"} when
 * the extensions exceed what the law allows (more of them, or one beyond
 * its days), else NULL. A change with "paused_days" in its data moved the
 * date for a pause and is no extension, nor is one with "recomputed" (the
 * holiday calendar changed under the rule). */
json_t *deadline_compliance(const struct deadline_rules *r, const struct holiday_calendar *cal,
			    const json_t *changes);

/* deadline_extensions counts the extensions in a due date history (as
 * deadline_compliance reads it). */
int deadline_extensions(const json_t *changes);

/* deadline_replay computes a due date again from the rules and calendar
 * given: the first due date for the instant of receipt, then each change
 * of the history (oldest first) that the rule made -- a pause
 * ("paused_days") tolled, an extension ("extension": true) added; changes
 * marked "recomputed" are skipped. Writes the first due date, the due date
 * and (malloc'd, to free) the first date's explanation. False, with
 * nothing written, when a change was set by hand: such a date is not the
 * rule's to move. */
bool deadline_replay(const struct deadline_rules *r, const struct holiday_calendar *cal,
		     int64_t received_at, const json_t *changes, char first[static DATE_FMT_MAX],
		     char due[static DATE_FMT_MAX], char **explanation);

#endif
