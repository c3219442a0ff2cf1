#include "domain/deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/die.h"
#include "util/log.h"

enum { DAYS_MAX = DEADLINE_DAYS_MAX, EXTENSIONS_MAX = DEADLINE_EXTENSIONS_MAX,
       NO_CUTOFF = 24 * 60 };

/* The words of the reason keys the presets use: the statutes' own lists
 * (Gov. Code 7922.535(c); 5 U.S.C. 552(a)(6)(B)(iii), (a)(6)(A)(ii)). */
static const struct {
	const char *key, *label;
} reason_labels[] = {
	{"records_elsewhere", "The records are in field facilities or other establishments "
			      "separate from the office processing the request"},
	{"voluminous", "A voluminous amount of separate and distinct records must be "
		       "searched for, collected and examined"},
	{"consult_agency", "Another agency with a substantial interest, or two or more "
			   "components of the agency, must be consulted"},
	{"data_extraction", "Data must be compiled, or a program written or a query "
			    "constructed to extract it"},
	{"information", "Information asked of the requester"},
	{"fee_clarification", "Clarification of fees with the requester"},
};

const char *deadline_reason_label(const char *reason)
{
	for (size_t i = 0; i < sizeof reason_labels / sizeof *reason_labels; i++)
		if (!strcmp(reason_labels[i].key, reason))
			return reason_labels[i].label;
	return reason;
}

bool deadline_reasons_has(const struct deadline_reasons *list, const char *reason)
{
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->items[i], reason))
			return true;
	return false;
}

/* reasons_parse reads an optional array of distinct non-empty strings. */
static bool reasons_parse(const json_t *a, struct deadline_reasons *out)
{
	out->n = 0;
	if (!a)
		return true;
	if (!json_is_array(a) || json_array_size(a) > DEADLINE_REASONS_MAX)
		return false;
	size_t i;
	const json_t *v;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		if (!s || !*s || strlen(s) >= DEADLINE_REASON_MAX || deadline_reasons_has(out, s))
			return false;
		snprintf(out->items[out->n++], DEADLINE_REASON_MAX, "%s", s);
	}
	return true;
}

/* reasons_within: every reason of some is one of all (when all lists
 * any: a rule set without its own pause reasons counts the portal's). */
static bool reasons_within(const struct deadline_reasons *some,
			   const struct deadline_reasons *all)
{
	for (size_t i = 0; all->n && i < some->n; i++)
		if (!deadline_reasons_has(all, some->items[i]))
			return false;
	return true;
}

static const char *const unit_names[] = {
    [DEADLINE_CALENDAR] = "calendar",
    [DEADLINE_BUSINESS] = "business",
};

/* copy_string copies the string at key (or "" when absent) into out; false
 * when it is not a string or does not fit. */
static bool copy_string(const json_t *o, const char *key, char *out, size_t size)
{
	const json_t *v = json_object_get(o, key);
	if (!v) {
		*out = '\0';
		return true;
	}
	const char *s = json_string_value(v);
	return s && strlen(s) < size && snprintf(out, size, "%s", s) >= 0;
}

static bool span_parse(const json_t *o, struct deadline_span *s)
{
	const char *unit = json_string_value(json_object_get(o, "unit"));
	json_int_t days = json_integer_value(json_object_get(o, "days"));
	if (!unit || days < 1 || days > DAYS_MAX)
		return false;
	if (!strcmp(unit, "calendar"))
		s->unit = DEADLINE_CALENDAR;
	else if (!strcmp(unit, "business"))
		s->unit = DEADLINE_BUSINESS;
	else
		return false;
	s->days = (int)days;
	s->roll_forward = json_is_true(json_object_get(o, "roll_forward"));
	return true;
}

/* clock_parse reads a time of day, "HH:MM" (00:00..23:59), into minutes
 * after midnight; absent (NULL) gives `absent`. */
static bool clock_parse(const char *s, int absent, int *min)
{
	if (!s) {
		*min = absent;
		return true;
	}
	if (strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 23 || m > 59)
		return false;
	*min = h * 60 + m;
	return true;
}

/* clock_field reads the optional time of day at key of c. */
static bool clock_field(const json_t *c, const char *key, int absent, int *min)
{
	const json_t *v = json_object_get(c, key);
	return (!v || json_is_string(v)) && clock_parse(json_string_value(v), absent, min);
}

bool deadline_rules_parse(const char *key, const char *config, struct deadline_rules *r)
{
	memset(r, 0, sizeof *r);
	if (!key || strlen(key) >= sizeof r->key || !config)
		return false;
	snprintf(r->key, sizeof r->key, "%s", key);
	json_t *c = json_loads(config, 0, NULL);
	bool good = json_is_object(c) &&
		    copy_string(c, "citation", r->citation, sizeof r->citation) &&
		    copy_string(c, "calendar", r->calendar, sizeof r->calendar) &&
		    clock_field(c, "cutoff", NO_CUTOFF, &r->cutoff_min) &&
		    /* a deadline ending at 00:00 would end before its day */
		    clock_field(c, "ends_at", DEADLINE_END_OF_DAY, &r->ends_min) && r->ends_min > 0 &&
		    span_parse(json_object_get(c, "first_response"), &r->first);
	const json_t *ext = json_array_get(json_object_get(c, "extensions"), 0);
	if (good && ext) {
		json_int_t max = json_integer_value(json_object_get(ext, "max_count"));
		good = span_parse(ext, &r->extension) && max >= 1 && max <= EXTENSIONS_MAX &&
		       copy_string(ext, "citation", r->extension_citation,
				   sizeof r->extension_citation) &&
		       reasons_parse(json_object_get(ext, "reasons"), &r->extension_reasons);
		r->has_extension = true;
		r->extension_max = (int)max;
	}
	r->pause_stops_clock = json_is_true(json_object_get(c, "pause_stops_clock"));
	const json_t *pauses = json_object_get(c, "pause_max_count");
	json_int_t max_pauses = json_integer_value(pauses);
	r->pause_max_count = (int)max_pauses;
	good = good && (!pauses || (json_is_integer(pauses) && max_pauses >= 0 &&
				    max_pauses <= DEADLINE_PAUSES_MAX)) &&
	       reasons_parse(json_object_get(c, "pause_reasons"), &r->pause_reasons) &&
	       reasons_parse(json_object_get(c, "pause_limited_reasons"), &r->pause_limited) &&
	       reasons_within(&r->pause_limited, &r->pause_reasons) &&
	       copy_string(c, "response", r->response, sizeof r->response) &&
	       copy_string(c, "pause_citation", r->pause_citation, sizeof r->pause_citation);
	json_decref(c);
	return good;
}

struct deadline_clock deadline_clock_at(int64_t t)
{
	struct date_time local = date_time_to_local(t);
	return (struct deadline_clock){local.date, local.hour * 60 + local.min};
}

bool deadline_ended(struct date due, int ends_min, struct deadline_clock c)
{
	int cmp = date_cmp(due, c.today);
	return cmp < 0 || (cmp == 0 && ends_min <= c.minute);
}

char *deadline_clock_text(struct deadline_clock c, char out[static DATE_FMT_MAX])
{
	char day[DATE_FMT_MAX];
	snprintf(out, DATE_FMT_MAX, "%s %02d:%02d", date_format_iso(c.today, day), c.minute / 60,
		 c.minute % 60);
	return out;
}

char *deadline_ends_text(int ends_min, char out[static DATE_FMT_MAX])
{
	if (ends_min <= 0 || ends_min >= DEADLINE_END_OF_DAY) {
		*out = '\0';
		return out;
	}
	return date_format_clock(ends_min / 60, ends_min % 60, out);
}

struct date deadline_add(const struct deadline_span *s, const struct holiday_calendar *cal,
			 struct date from)
{
	if (s->unit == DEADLINE_CALENDAR) {
		struct date d = date_add_days(from, s->days);
		return s->roll_forward ? holiday_next_business_day(cal, d) : d;
	}
	struct date d = from;
	for (int left = s->days; left > 0;) {
		d = date_add_days(d, 1);
		if (holiday_is_business_day(cal, d))
			left--;
	}
	return d;
}

struct date deadline_toll(const struct deadline_rules *r, const struct holiday_calendar *cal,
			  struct date due, int days)
{
	if (!r->pause_stops_clock || days <= 0)
		return due;
	struct deadline_span s = r->first;
	s.days = days;
	return deadline_add(&s, cal, due);
}

const char *deadline_pause_law(const struct deadline_rules *r)
{
	return *r->pause_citation ? r->pause_citation : r->citation;
}

void deadline_reasons_words(struct buf *b, const struct deadline_reasons *list)
{
	for (size_t i = 0; i < list->n; i++)
		buf_printf(b, "%s%s", i ? "; " : "", deadline_reason_label(list->items[i]));
}

bool deadline_pause_stops(const struct deadline_rules *r, const char *reason, int stopped,
			  char **why)
{
	if (why)
		*why = NULL;
	if (!r->pause_stops_clock)
		return false;
	struct buf b = BUF_INIT;
	if (reason && r->pause_reasons.n && !deadline_reasons_has(&r->pause_reasons, reason)) {
		buf_printf(&b, "%s stops the clock only for: ", deadline_pause_law(r));
		deadline_reasons_words(&b, &r->pause_reasons);
	} else if (deadline_pause_limited(r, reason) && r->pause_max_count &&
		   stopped >= r->pause_max_count) {
		if (r->pause_max_count == 1)
			buf_printf(&b, "%s stops the clock only once", deadline_pause_law(r));
		else
			buf_printf(&b, "%s stops the clock at most %d times", deadline_pause_law(r),
				   r->pause_max_count);
		if (r->pause_limited.n) {
			buf_puts(&b, " for: ");
			deadline_reasons_words(&b, &r->pause_limited);
		}
	} else {
		return true;
	}
	if (why)
		*why = buf_steal(&b);
	buf_free(&b);
	return false;
}

bool deadline_pause_limited(const struct deadline_rules *r, const char *reason)
{
	return !reason || !r->pause_limited.n || deadline_reasons_has(&r->pause_limited, reason);
}

int deadline_pauses_stopped(const struct deadline_rules *r, const json_t *pauses, size_t n)
{
	int stopped = 0;
	for (size_t i = 0; i < n && i < json_array_size(pauses); i++) {
		const json_t *pause = json_array_get(pauses, i);
		const json_t *decided = json_object_get(pause, "stops_clock");
		stopped += (!json_is_boolean(decided) || json_is_true(decided)) &&
			   deadline_pause_limited(r, json_string_value(json_object_get(pause, "reason")));
	}
	return stopped;
}

bool deadline_pause_stopped(const struct deadline_rules *r, const json_t *pauses, char **why)
{
	size_t n = json_array_size(pauses);
	const json_t *last = n ? json_array_get(pauses, n - 1) : NULL;
	const json_t *decided = json_object_get(last, "stops_clock");
	if (!json_is_boolean(decided))
		return deadline_pause_stops(r, NULL,
					    deadline_pauses_stopped(r, pauses, n ? n - 1 : 0), why);
	const char *note = json_string_value(json_object_get(last, "clock_note"));
	if (why)
		*why = note && !json_is_true(decided) ? xstrdup(note) : NULL;
	return json_is_true(decided);
}

char *deadline_first(const struct deadline_rules *r, const struct holiday_calendar *cal,
		     int64_t received_at, char due_iso[static DATE_FMT_MAX])
{
	struct date_time local = date_time_to_local(received_at);
	struct date received = local.date, from = received;
	bool late = local.hour * 60 + local.min >= r->cutoff_min;
	if (late)
		from = holiday_next_business_day(cal, date_add_days(received, 1));
	struct date due = deadline_add(&r->first, cal, from);
	struct date counted =
		r->first.unit == DEADLINE_CALENDAR ? date_add_days(from, r->first.days) : due;
	char a[DATE_FMT_MAX], b[DATE_FMT_MAX], c[DATE_FMT_MAX];
	json_t *e = json_pack("{s:s, s:s, s:s, s:b, s:s, s:i, s:s, s:s, s:s}", "rule", r->key,
			      "citation", r->citation, "received", date_format_iso(received, a),
			      "after_cutoff", late, "counted_from", date_format_iso(from, b),
			      "days", r->first.days, "unit", unit_names[r->first.unit], "counted",
			      date_format_iso(counted, c), "due", date_format_iso(due, due_iso));
	if (late)
		json_object_set_new(
		    e, "cutoff", json_sprintf("%02d:%02d", r->cutoff_min / 60, r->cutoff_min % 60));
	if (date_cmp(due, counted) != 0) {
		const char *holiday = holiday_closed_name(cal, counted);
		json_object_set_new(e, "moved_because", json_string(holiday ? holiday : "weekend"));
	}
	if (r->ends_min < DEADLINE_END_OF_DAY)
		json_object_set_new(e, "ends_at",
				    json_sprintf("%02d:%02d", r->ends_min / 60, r->ends_min % 60));
	char *text = json_dumps(e, JSON_COMPACT);
	json_decref(e);
	return text;
}

static bool date_at(const json_t *o, const char *key, struct date *d)
{
	return date_parse(json_string_value(json_object_get(o, key)), d);
}

char *deadline_explain(const json_t *e)
{
	struct date received, counted, due, from;
	const char *unit = json_string_value(json_object_get(e, "unit"));
	json_int_t days = json_integer_value(json_object_get(e, "days"));
	if (!unit || (strcmp(unit, "calendar") && strcmp(unit, "business")) || days <= 0 ||
	    days > DAYS_MAX || !date_at(e, "received", &received) ||
	    !date_at(e, "counted", &counted) || !date_at(e, "due", &due))
		return NULL;
	char a[DATE_FMT_MAX], b[DATE_FMT_MAX], c[DATE_FMT_MAX];
	struct buf out = BUF_INIT;
	buf_printf(&out, "Received %s", date_format_long_wday(received, a));
	int h, m;
	const char *cutoff = json_string_value(json_object_get(e, "cutoff"));
	if (json_is_true(json_object_get(e, "after_cutoff")) && cutoff &&
	    sscanf(cutoff, "%2d:%2d", &h, &m) == 2 && date_at(e, "counted_from", &from))
		buf_printf(&out, " after %s, counted from the next business day: %s",
			   date_format_clock(h, m, b), date_format_long_wday(from, c));
	buf_printf(&out, ". %lld %s days: %s", (long long)days, unit,
		   date_format_long_wday(counted, a));
	if (date_cmp(counted, due) != 0)
		buf_printf(&out, ", moved to the next business day: %s",
			   date_format_long_wday(due, b));
	buf_putc(&out, '.');
	int ends;
	if (clock_field(e, "ends_at", DEADLINE_END_OF_DAY, &ends) && ends > 0 &&
	    ends < DEADLINE_END_OF_DAY)
		buf_printf(&out, " The deadline ends at %s that day.", deadline_ends_text(ends, a));
	return buf_steal(&out);
}

/* times writes "once", "twice" or "N times". */
static const char *times(int n, char out[static 24])
{
	if (n == 1)
		return "once";
	if (n == 2)
		return "twice";
	snprintf(out, 24, "%d times", n);
	return out;
}

/* is_extension: a change that moved the due date later, neither for a
 * pause nor because the calendar changed; sets its dates. */
static bool is_extension(const json_t *c, struct date *old, struct date *new)
{
	return !json_object_get(c, "paused_days") &&
	       !json_is_true(json_object_get(c, "recomputed")) && date_at(c, "old", old) &&
	       date_at(c, "new", new) && date_cmp(*new, *old) > 0;
}

int deadline_extensions(const json_t *changes)
{
	int n = 0;
	size_t i;
	const json_t *c;
	struct date old, new;
	json_array_foreach(changes, i, c)
		n += is_extension(c, &old, &new);
	return n;
}

bool deadline_replay(const struct deadline_rules *r, const struct holiday_calendar *cal,
		     int64_t received_at, const json_t *changes, char first[static DATE_FMT_MAX],
		     char due[static DATE_FMT_MAX], char **explanation)
{
	size_t i;
	const json_t *c;
	json_array_foreach(changes, i, c)
		if (!json_is_true(json_object_get(c, "recomputed")) &&
		    !json_is_integer(json_object_get(c, "paused_days")) &&
		    !(json_is_true(json_object_get(c, "extension")) && r->has_extension))
			return false;
	char *text = deadline_first(r, cal, received_at, first);
	struct date d;
	date_parse(first, &d);
	json_array_foreach(changes, i, c) {
		const json_t *paused = json_object_get(c, "paused_days");
		if (json_is_true(json_object_get(c, "recomputed")))
			continue;
		d = paused ? deadline_toll(r, cal, d, (int)json_integer_value(paused))
			   : deadline_add(&r->extension, cal, d);
	}
	date_format_iso(d, due);
	*explanation = text;
	return true;
}

static const char *const count_words[] = {"no", "one", "two", "three", "four", "five"};

json_t *deadline_compliance(const struct deadline_rules *r, const struct holiday_calendar *cal,
			    const json_t *changes)
{
	int extensions = 0;
	bool too_long = false;
	size_t i;
	const json_t *c;
	json_array_foreach(changes, i, c)
	{
		struct date old, new;
		if (!is_extension(c, &old, &new))
			continue;
		extensions++;
		if (r->has_extension && extensions <= r->extension_max &&
		    date_cmp(new, deadline_add(&r->extension, cal, old)) > 0)
			too_long = true;
	}
	int allowed = r->has_extension ? r->extension_max : 0;
	if (extensions <= allowed && !too_long)
		return NULL;
	char n[24];
	struct buf out = BUF_INIT;
	buf_printf(&out, "Extended %s; %s allows ", times(extensions, n),
		   *r->citation ? r->citation : "the law");
	if (allowed < (int)(sizeof count_words / sizeof *count_words))
		buf_printf(&out, "%s extension%s", count_words[allowed], allowed == 1 ? "" : "s");
	else
		buf_printf(&out, "%d extensions", allowed);
	if (allowed)
		buf_printf(&out, " of up to %d %sdays", r->extension.days,
			   r->extension.unit == DEADLINE_BUSINESS ? "business " : "");
	char *text = buf_steal(&out);
	json_t *flag = json_pack("{s:b, s:s}", "flag", true, "text", text);
	free(text);
	return flag;
}

struct deadline_engine *deadline_engine_for(struct db *db, const char *explanation)
{
	json_t *how = explanation ? json_loads(explanation, 0, NULL) : NULL;
	const char *rule = json_string_value(json_object_get(how, "rule"));
	struct deadline_engine *e = rule ? deadline_engine_load(db, rule) : NULL;
	json_decref(how);
	return e ? e : deadline_engine_load(db, NULL);
}

struct deadline_engine *deadline_engine_load(struct db *db, const char *key)
{
	char *setting = NULL;
	if (!key && store_setting_get(db, "deadline_rule_set", &setting) == STORE_OK)
		key = setting;
	json_t *set = NULL, *rules = NULL, *dates = NULL;
	struct deadline_engine *e = calloc(1, sizeof *e);
	if (!e)
		die_oom();
	bool good =
	    key && store_rule_set(db, key, &set) == STORE_OK &&
	    deadline_rules_parse(key, json_string_value(json_object_get(set, "config")),
				 &e->rules) &&
	    store_holiday_rules(db, e->rules.calendar, HOLIDAY_MAX_RULES, &rules) == STORE_OK &&
	    store_calendar_dates(db, HOLIDAY_MAX_DATES, &dates) == STORE_OK &&
	    holiday_calendar_load(&e->cal, rules, dates);
	if (!good) {
		log_error("deadline rule set '%s' is missing or invalid", key ? key : "");
		free(e);
		e = NULL;
	}
	free(setting);
	json_decref(set);
	json_decref(rules);
	json_decref(dates);
	return e;
}
