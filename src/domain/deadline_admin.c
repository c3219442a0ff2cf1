#include "domain/deadline_admin.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/due.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/json_field.h"

enum { KEY_MAX = 31, LIST_MAX = DEADLINE_REASONS_MAX * DEADLINE_REASON_MAX };

static void problem(json_t *errors, const char *field, const char *message)
{
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(message));
}

/* audit writes an admin change's audit row; before and after are taken. */
static enum store_rc audit(const struct deadline_admin *a, const char *action,
			   const char *target_type, int64_t target_id, json_t *before,
			   json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *f = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct store_audit_new row = {
		.actor_id = a->user_id,
		.action = action,
		.target_type = target_type,
		.target_id = target_id,
		.before_json = b,
		.after_json = f,
		.ip = a->ip,
		.at = a->now,
	};
	enum store_rc rc = store_audit_add(a->db, &row);
	free(b);
	free(f);
	json_decref(before);
	json_decref(after);
	return rc;
}

static bool begin(const struct deadline_admin *a)
{
	if (db_begin(a->db))
		return true;
	log_error("deadline administration: %s", db_errmsg(a->db));
	return false;
}

/* start: DEADLINE_ADMIN_INVALID when errors holds a problem, else begins the
 * transaction: DEADLINE_ADMIN_OK, or DEADLINE_ADMIN_ERROR when it cannot. */
static enum deadline_admin_rc start(const struct deadline_admin *a, const json_t *errors)
{
	if (json_object_size(errors))
		return DEADLINE_ADMIN_INVALID;
	return begin(a) ? DEADLINE_ADMIN_OK : DEADLINE_ADMIN_ERROR;
}

/* finish commits when rc is DEADLINE_ADMIN_OK, else rolls back. */
static enum deadline_admin_rc finish(const struct deadline_admin *a, enum deadline_admin_rc rc)
{
	if (rc == DEADLINE_ADMIN_OK && db_commit(a->db))
		return rc;
	if (rc == DEADLINE_ADMIN_OK || rc == DEADLINE_ADMIN_ERROR) {
		log_error("deadline administration: %s", db_errmsg(a->db));
		rc = DEADLINE_ADMIN_ERROR;
	}
	db_rollback(a->db);
	return rc;
}

static enum deadline_admin_rc of_store(enum store_rc rc)
{
	return rc == STORE_OK          ? DEADLINE_ADMIN_OK
	       : rc == STORE_NOT_FOUND ? DEADLINE_ADMIN_NOT_FOUND
				       : DEADLINE_ADMIN_ERROR;
}

/* ---- Rule sets ---- */

static bool key_ok(const char *key)
{
	size_t n = strlen(key);
	if (!n || n > KEY_MAX || !islower((unsigned char)key[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)key[i]) && !isdigit((unsigned char)key[i]) &&
		    key[i] != '-')
			return false;
	return true;
}

static bool clock_ok(const char *s)
{
	return strlen(s) == 5 && s[2] == ':' && isdigit((unsigned char)s[0]) &&
	       isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[3]) &&
	       isdigit((unsigned char)s[4]) && (s[0] - '0') * 10 + s[1] - '0' < 24 && s[3] < '6';
}

/* reasons_of turns one reason a line into an array; blank lines are
 * skipped. A problem goes to errors under field. */
static json_t *reasons_of(const char *lines, const char *field, json_t *errors)
{
	json_t *list = json_array();
	for (const char *p = lines ? lines : ""; *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *s = p;
		p += n + (end != NULL);
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (!n)
			continue;
		if (n >= DEADLINE_REASON_MAX) {
			problem(errors, field, "has a reason longer than 199 characters");
			continue;
		}
		json_t *item = json_stringn(s, n);
		size_t i;
		json_t *seen;
		bool again = false;
		json_array_foreach(list, i, seen)
			again = again || json_equal(seen, item);
		if (again)
			problem(errors, field, "names a reason twice");
		if (json_array_size(list) == DEADLINE_REASONS_MAX)
			problem(errors, field, "has more than 8 reasons");
		if (again || json_array_size(list) == DEADLINE_REASONS_MAX)
			json_decref(item);
		else
			json_array_append_new(list, item);
	}
	return list;
}

static bool calendar_exists(struct db *db, const char *calendar, enum store_rc *rc)
{
	json_t *rows = NULL;
	bool found = false;
	*rc = store_holiday_calendars(db, &rows);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		found = found || !strcmp(json_str(row, "calendar"), calendar);
	json_decref(rows);
	return found;
}

/* config_of builds a rule set's config from the form, or NULL with the
 * problems in errors. */
static json_t *config_of(const struct deadline_form *f, json_t *errors)
{
	if (f->cutoff && !clock_ok(f->cutoff))
		problem(errors, "cutoff", "must be a time of day like 17:00");
	if (f->ends_at && (!clock_ok(f->ends_at) || !strcmp(f->ends_at, "00:00")))
		problem(errors, "ends_at",
			"must be a time of day like 17:00, after 00:00; leave it empty for a "
			"deadline that ends with its day");
	if (f->ext_count && !f->ext_days)
		problem(errors, "ext_days", "is needed when the law allows an extension");
	if (f->ext_count && !f->ext_unit)
		problem(errors, "ext_unit", "is needed when the law allows an extension");
	json_t *ext_reasons = reasons_of(f->ext_reasons, "ext_reasons", errors);
	json_t *pause_reasons = reasons_of(f->pause_reasons, "pause_reasons", errors);
	json_t *limited = reasons_of(f->pause_limited_reasons, "pause_limited_reasons", errors);
	size_t i;
	json_t *v;
	json_array_foreach(limited, i, v) {
		bool listed = !json_array_size(pause_reasons);
		size_t j;
		json_t *w;
		json_array_foreach(pause_reasons, j, w)
			listed = listed || json_equal(v, w);
		if (!listed)
			problem(errors, "pause_limited_reasons",
				"must be among the reasons for a pause");
	}
	json_t *c = json_pack(
		"{s:s, s:s, s:{s:I, s:s, s:b}, s:[], s:b, s:I, s:o}", "citation",
		f->citation ? f->citation : "", "calendar", f->calendar ? f->calendar : "",
		"first_response", "days", (json_int_t)f->first_days, "unit",
		f->first_unit ? f->first_unit : "calendar", "roll_forward", f->first_roll_forward,
		"extensions", "pause_stops_clock", f->pause_stops_clock, "pause_max_count",
		(json_int_t)f->pause_max_count, "pause_reasons", pause_reasons);
	if (f->cutoff)
		json_object_set_new(c, "cutoff", json_string(f->cutoff));
	if (f->ends_at)
		json_object_set_new(c, "ends_at", json_string(f->ends_at));
	if (f->response)
		json_object_set_new(c, "response", json_string(f->response));
	if (f->pause_citation)
		json_object_set_new(c, "pause_citation", json_string(f->pause_citation));
	if (json_array_size(limited))
		json_object_set_new(c, "pause_limited_reasons", limited);
	else
		json_decref(limited);
	if (f->ext_count)
		json_array_append_new(
			json_object_get(c, "extensions"),
			json_pack("{s:I, s:s, s:b, s:I, s:o, s:s}", "days", (json_int_t)f->ext_days,
				  "unit", f->ext_unit ? f->ext_unit : "calendar", "roll_forward",
				  f->ext_roll_forward, "max_count", (json_int_t)f->ext_count,
				  "reasons", ext_reasons, "citation",
				  f->ext_citation ? f->ext_citation : ""));
	else
		json_decref(ext_reasons);
	if (json_object_size(errors)) {
		json_decref(c);
		return NULL;
	}
	return c;
}

void deadline_form_check(const struct deadline_form *f, bool create, json_t *errors)
{
	if (create && !key_ok(f->key ? f->key : ""))
		problem(errors, "key",
			"must be lowercase letters, digits and hyphens, starting "
			"with a letter, at most 31");
	json_decref(config_of(f, errors));
}

enum deadline_admin_rc deadline_rule_set_save(const struct deadline_admin *a, bool create,
					      const struct deadline_form *f, json_t *errors)
{
	deadline_form_check(f, create, errors);
	json_t *config = json_object_size(errors) ? NULL : config_of(f, errors);
	if (!config)
		return DEADLINE_ADMIN_INVALID;
	char *text = json_dumps(config, JSON_COMPACT);
	struct deadline_rules check;
	enum deadline_admin_rc rc = DEADLINE_ADMIN_OK;
	if (!deadline_rules_parse(f->key, text, &check)) {
		problem(errors, "first_days", "do not make a rule set the portal can count with");
		rc = DEADLINE_ADMIN_INVALID;
	}
	enum store_rc src = STORE_OK;
	if (rc == DEADLINE_ADMIN_OK && !begin(a))
		rc = DEADLINE_ADMIN_ERROR;
	else if (rc == DEADLINE_ADMIN_OK) {
		if (!calendar_exists(a->db, f->calendar, &src)) {
			rc = src == STORE_OK ? DEADLINE_ADMIN_INVALID : DEADLINE_ADMIN_ERROR;
			problem(errors, "calendar", "is not a holiday calendar of the portal");
		}
		json_t *before = NULL;
		if (rc == DEADLINE_ADMIN_OK && !create &&
		    (src = store_rule_set(a->db, f->key, &before)) != STORE_OK)
			rc = of_store(src);
		if (rc == DEADLINE_ADMIN_OK)
			src = store_rule_set_save(a->db, create, f->key, f->name, text, a->now);
		if (rc == DEADLINE_ADMIN_OK && src == STORE_CONFLICT) {
			problem(errors, "key", "is taken by another rule set");
			rc = DEADLINE_ADMIN_INVALID;
		} else if (rc == DEADLINE_ADMIN_OK) {
			rc = of_store(src);
		}
		json_t *after = json_pack("{s:s, s:s, s:s}", "key", f->key, "name", f->name,
					  "config", text);
		if (rc == DEADLINE_ADMIN_OK)
			rc = of_store(audit(
				a, create ? "deadline.rule_set.create" : "deadline.rule_set.update",
				"rule_set", 0, before ? json_incref(before) : NULL, after));
		else
			json_decref(after);
		json_decref(before);
		rc = finish(a, rc);
	}
	free(text);
	json_decref(config);
	return rc;
}

bool deadline_form_of(const char *key, const char *name, json_t *config, struct deadline_form *f,
		      char **lists)
{
	memset(f, 0, sizeof *f);
	*lists = NULL;
	const json_t *first = json_object_get(config, "first_response");
	const json_t *ext = json_array_get(json_object_get(config, "extensions"), 0);
	if (!json_is_object(first))
		return false;
	f->key = key;
	f->name = name;
	f->citation = json_str(config, "citation");
	f->calendar = json_str(config, "calendar");
	f->cutoff = json_str(config, "cutoff");
	f->ends_at = json_str(config, "ends_at");
	f->response = json_str(config, "response");
	f->first_days = json_integer_value(json_object_get(first, "days"));
	f->first_unit = json_str(first, "unit");
	f->first_roll_forward = json_is_true(json_object_get(first, "roll_forward"));
	if (ext) {
		f->ext_count = json_integer_value(json_object_get(ext, "max_count"));
		f->ext_days = json_integer_value(json_object_get(ext, "days"));
		f->ext_unit = json_str(ext, "unit");
		f->ext_roll_forward = json_is_true(json_object_get(ext, "roll_forward"));
		f->ext_citation = json_str(ext, "citation");
	}
	f->pause_stops_clock = json_is_true(json_object_get(config, "pause_stops_clock"));
	f->pause_max_count = json_integer_value(json_object_get(config, "pause_max_count"));
	f->pause_citation = json_str(config, "pause_citation");
	/* The three lists one after another in one buffer, each ending in NUL. */
	const json_t *from[] = {json_object_get(ext, "reasons"),
				json_object_get(config, "pause_reasons"),
				json_object_get(config, "pause_limited_reasons")};
	const char **to[] = {&f->ext_reasons, &f->pause_reasons, &f->pause_limited_reasons};
	size_t starts[3];
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < 3; k++) {
		starts[k] = b.len;
		size_t i;
		const json_t *v;
		json_array_foreach(from[k], i, v)
			buf_printf(&b, "%s%s", i ? "\n" : "", json_string_value(v) ?: "");
		buf_append(&b, "", 1);
	}
	*lists = buf_steal(&b);
	for (size_t k = 0; k < 3; k++)
		*to[k] = *lists + starts[k];
	return true;
}

/* ---- The portal's and the departments' rule sets ---- */

/* rule_set_exists: an active rule set of that key. */
static enum store_rc rule_set_exists(struct db *db, const char *key, bool *yes)
{
	json_t *row = NULL;
	enum store_rc rc = store_rule_set(db, key, &row);
	*yes = rc == STORE_OK && json_is_true(json_object_get(row, "active"));
	json_decref(row);
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

enum deadline_admin_rc deadline_portal_set(const struct deadline_admin *a, const char *rule_set,
					   int64_t due_soon_days, json_t *errors)
{
	if (due_soon_days < 0 || due_soon_days > DUE_SOON_MAX)
		problem(errors, "due_soon_days", "must be between 0 and 20");
	enum deadline_admin_rc rc = start(a, errors);
	if (rc != DEADLINE_ADMIN_OK)
		return rc;
	bool yes = false;
	rc = of_store(rule_set_exists(a->db, rule_set, &yes));
	if (rc == DEADLINE_ADMIN_OK && !yes) {
		problem(errors, "rule_set", "is not a rule set of the portal");
		rc = DEADLINE_ADMIN_INVALID;
	}
	char *old = NULL, *old_days = NULL, days[24];
	snprintf(days, sizeof days, "%lld", (long long)due_soon_days);
	if (rc == DEADLINE_ADMIN_OK &&
	    (store_setting_get(a->db, "deadline_rule_set", &old) == STORE_ERROR ||
	     store_setting_get(a->db, "due_soon_business_days", &old_days) == STORE_ERROR))
		rc = DEADLINE_ADMIN_ERROR;
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(store_setting_set(a->db, "deadline_rule_set", rule_set));
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(store_setting_set(a->db, "due_soon_business_days", days));
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(audit(a, "deadline.portal", "settings", 0,
				    json_pack("{s:s?, s:s?}", "deadline_rule_set", old,
					      "due_soon_business_days", old_days),
				    json_pack("{s:s, s:s}", "deadline_rule_set", rule_set,
					      "due_soon_business_days", days)));
	free(old);
	free(old_days);
	return finish(a, rc);
}

enum deadline_admin_rc deadline_department_set(const struct deadline_admin *a, int64_t id,
					       const char *rule_set, json_t *errors)
{
	if (!begin(a))
		return DEADLINE_ADMIN_ERROR;
	bool yes = true;
	enum deadline_admin_rc rc =
		rule_set ? of_store(rule_set_exists(a->db, rule_set, &yes)) : DEADLINE_ADMIN_OK;
	if (rc == DEADLINE_ADMIN_OK && !yes) {
		problem(errors, "rule_set", "is not a rule set of the portal");
		rc = DEADLINE_ADMIN_INVALID;
	}
	char *old = NULL;
	enum store_rc src = STORE_OK;
	if (rc == DEADLINE_ADMIN_OK &&
	    (src = store_department_rule_set(a->db, id, &old)) == STORE_ERROR)
		rc = DEADLINE_ADMIN_ERROR;
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(store_department_set_rule_set(a->db, id, rule_set));
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(audit(a, "department.rule_set", "department", id,
				    json_pack("{s:s?}", "rule_set", old),
				    json_pack("{s:s?}", "rule_set", rule_set)));
	free(old);
	return finish(a, rc);
}

enum deadline_admin_rc deadline_rule_set_set_active(const struct deadline_admin *a,
						    const char *key, bool active, json_t *errors)
{
	if (!begin(a))
		return DEADLINE_ADMIN_ERROR;
	json_t *set = NULL;
	char *portal = NULL, *department = NULL;
	enum deadline_admin_rc rc = of_store(store_rule_set(a->db, key, &set));
	bool was = json_is_true(json_object_get(set, "active"));
	if (rc == DEADLINE_ADMIN_OK && json_is_true(json_object_get(set, "preset"))) {
		problem(errors, "key", "is a preset: presets stay, copy one instead");
		rc = DEADLINE_ADMIN_INVALID;
	}
	if (rc == DEADLINE_ADMIN_OK && !active &&
	    (store_setting_get(a->db, "deadline_rule_set", &portal) == STORE_ERROR ||
	     store_rule_set_department(a->db, key, &department) != STORE_OK))
		rc = DEADLINE_ADMIN_ERROR;
	if (rc == DEADLINE_ADMIN_OK && !active && portal && !strcmp(portal, key)) {
		problem(errors, "key", "is the portal's rule set");
		rc = DEADLINE_ADMIN_INVALID;
	} else if (rc == DEADLINE_ADMIN_OK && !active && department) {
		char message[200];
		snprintf(message, sizeof message, "is the rule set of %s", department);
		problem(errors, "key", message);
		rc = DEADLINE_ADMIN_INVALID;
	}
	if (rc == DEADLINE_ADMIN_OK && was != active)
		rc = of_store(store_rule_set_set_active(a->db, key, active, a->now));
	if (rc == DEADLINE_ADMIN_OK && was != active)
		rc = of_store(audit(
			a, active ? "deadline.rule_set.activate" : "deadline.rule_set.deactivate",
			"rule_set", 0, json_pack("{s:s, s:b}", "key", key, "active", was),
			json_pack("{s:s, s:b}", "key", key, "active", active)));
	free(portal);
	free(department);
	json_decref(set);
	return finish(a, rc);
}

/* ---- The holiday calendar ---- */

/* recompute moves the due dates the calendar change touches (from: the
 * first date it can change; NULL: any), with the admin's byline. */
static enum deadline_admin_rc recompute(const struct deadline_admin *a, const char *from,
					const char *why, int *moved)
{
	json_t *user = NULL;
	if (a->user_id && store_user_get(a->db, a->user_id, &user) != STORE_OK)
		return DEADLINE_ADMIN_ERROR;
	struct store_event_new byline = {
		.actor_id = a->user_id,
		.actor_name = json_str(user, "name"),
		.actor_title = json_str(user, "title"),
		.created_at = a->now,
	};
	enum store_rc rc = due_recompute(a->db, &byline, a->ip, from, why, moved);
	json_decref(user);
	return of_store(rc);
}

static const char *const weekday_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					    "Thursday", "Friday", "Saturday"};

/* holiday_check adds to errors the rule's problems across fields. */
static void holiday_check(const struct deadline_holiday_form *f, json_t *errors)
{
	bool fixed = !strcmp(f->kind, "fixed");
	if (fixed && !f->day)
		problem(errors, "day", "is needed for a holiday on a fixed date");
	else if (fixed && f->day > date_days_in_month(2024, (int)f->month))
		problem(errors, "day", "is not a day of that month");
	if (!fixed && (f->weekday < 0 || f->weekday > 6))
		problem(errors, "weekday", "is needed for a holiday on a weekday of the month");
	if (!fixed && !f->nth)
		problem(errors, "nth", "is needed for a holiday on a weekday of the month");
	if (f->first_year && f->last_year && f->last_year < f->first_year)
		problem(errors, "last_year", "must not be before the first year");
}

/* holiday_row: the stored form of a checked rule. */
static struct store_holiday_rule_new holiday_row(const struct deadline_holiday_form *f)
{
	bool fixed = !strcmp(f->kind, "fixed");
	return (struct store_holiday_rule_new){
		.calendar = f->calendar,
		.name = f->name,
		.kind = f->kind,
		.observance = f->observance,
		.month = f->month,
		.day = fixed ? f->day : 0,
		.weekday = fixed ? -1 : f->weekday,
		.nth = fixed ? 0 : f->nth,
		.offset_days = f->offset_days,
		.first_year = f->first_year,
		.last_year = f->last_year,
	};
}

/* stored_holiday: a holiday_rules row as the form has it (strings point
 * into row). */
static struct deadline_holiday_form stored_holiday(const json_t *row)
{
	const json_t *wd = json_object_get(row, "weekday");
	return (struct deadline_holiday_form){
		.calendar = json_str(row, "calendar"),
		.name = json_str(row, "name"),
		.kind = json_str(row, "kind") ?: "fixed",
		.observance = json_str(row, "observance") ?: "none",
		.month = json_integer_value(json_object_get(row, "month")),
		.day = json_integer_value(json_object_get(row, "day")),
		.weekday = json_is_integer(wd) ? json_integer_value(wd) : -1,
		.nth = json_integer_value(json_object_get(row, "nth")),
		.offset_days = json_integer_value(json_object_get(row, "offset_days")),
		.first_year = json_integer_value(json_object_get(row, "first_year")),
		.last_year = json_integer_value(json_object_get(row, "last_year")),
	};
}

static json_t *year_json(int64_t year)
{
	return year ? json_integer(year) : json_null();
}

/* holiday_json: a rule for the audit log. */
static json_t *holiday_json(const struct store_holiday_rule_new *r)
{
	bool weekday = r->weekday >= 0 && r->weekday <= 6;
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s?, s:I, s:I, s:s, s:o, s:o}", "calendar",
			 r->calendar, "name", r->name, "kind", r->kind, "month",
			 (json_int_t)r->month, "day", (json_int_t)r->day, "weekday",
			 weekday ? weekday_names[r->weekday] : NULL, "nth", (json_int_t)r->nth,
			 "offset_days", (json_int_t)r->offset_days, "observance", r->observance,
			 "first_year", year_json(r->first_year), "last_year",
			 year_json(r->last_year));
}

/* holiday_stored: the answer to storing a rule; a row the table refuses
 * is a problem of the form. */
static enum deadline_admin_rc holiday_stored(enum store_rc src, json_t *errors)
{
	if (src != STORE_INVALID)
		return of_store(src);
	problem(errors, "name", "does not make a holiday rule the calendar can hold");
	return DEADLINE_ADMIN_INVALID;
}

enum deadline_admin_rc deadline_holiday_add(const struct deadline_admin *a,
					    const struct deadline_holiday_form *f, json_t *errors,
					    int *moved)
{
	holiday_check(f, errors);
	enum deadline_admin_rc rc = start(a, errors);
	if (rc != DEADLINE_ADMIN_OK)
		return rc;
	enum store_rc src = STORE_OK;
	if (!calendar_exists(a->db, f->calendar, &src))
		rc = src == STORE_OK ? DEADLINE_ADMIN_NOT_FOUND : DEADLINE_ADMIN_ERROR;
	struct store_holiday_rule_new row = holiday_row(f);
	int64_t id = 0;
	if (rc == DEADLINE_ADMIN_OK)
		rc = holiday_stored(store_holiday_rule_add(a->db, &row, &id), errors);
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(
			audit(a, "holiday.rule.add", "holiday_rule", id, NULL, holiday_json(&row)));
	char why[200];
	snprintf(why, sizeof why, "The holiday calendar changed: %s was added.", f->name);
	if (rc == DEADLINE_ADMIN_OK)
		rc = recompute(a, NULL, why, moved);
	return finish(a, rc);
}

enum deadline_admin_rc deadline_holiday_update(const struct deadline_admin *a, int64_t id,
					       const struct deadline_holiday_form *f,
					       json_t *errors, int *moved)
{
	holiday_check(f, errors);
	enum deadline_admin_rc rc = start(a, errors);
	if (rc != DEADLINE_ADMIN_OK)
		return rc;
	json_t *old = NULL;
	rc = of_store(store_holiday_rule_get(a->db, id, &old));
	if (rc == DEADLINE_ADMIN_OK && strcmp(json_str(old, "calendar") ?: "", f->calendar))
		rc = DEADLINE_ADMIN_NOT_FOUND;
	struct deadline_holiday_form was = stored_holiday(old);
	struct store_holiday_rule_new before = holiday_row(&was), row = holiday_row(f);
	if (rc == DEADLINE_ADMIN_OK)
		rc = holiday_stored(store_holiday_rule_update(a->db, id, &row), errors);
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(audit(a, "holiday.rule.update", "holiday_rule", id,
				    holiday_json(&before), holiday_json(&row)));
	char why[300];
	if (strcmp(was.name ?: "", f->name))
		snprintf(why, sizeof why, "The holiday calendar changed: %s was changed (now %s).",
			 was.name ?: "a holiday", f->name);
	else
		snprintf(why, sizeof why, "The holiday calendar changed: %s was changed.", f->name);
	if (rc == DEADLINE_ADMIN_OK)
		rc = recompute(a, NULL, why, moved);
	json_decref(old);
	return finish(a, rc);
}

enum deadline_admin_rc deadline_holiday_set_active(const struct deadline_admin *a, int64_t id,
						   bool active, int *moved)
{
	if (!begin(a))
		return DEADLINE_ADMIN_ERROR;
	json_t *rule = NULL;
	enum deadline_admin_rc rc = of_store(store_holiday_rule_get(a->db, id, &rule));
	bool was = json_is_true(json_object_get(rule, "active"));
	if (rc == DEADLINE_ADMIN_OK && was != active) {
		rc = of_store(store_holiday_rule_set_active(a->db, id, active));
		if (rc == DEADLINE_ADMIN_OK)
			rc = of_store(audit(
				a, active ? "holiday.rule.activate" : "holiday.rule.deactivate",
				"holiday_rule", id, json_pack("{s:b}", "active", was),
				json_pack("{s:b}", "active", active)));
		char why[200];
		snprintf(why, sizeof why, "The holiday calendar changed: %s %s.",
			 json_str(rule, "name") ?: "a holiday",
			 active ? "is a holiday again" : "is no longer a holiday");
		if (rc == DEADLINE_ADMIN_OK)
			rc = recompute(a, NULL, why, moved);
	} else if (moved) {
		*moved = 0;
	}
	json_decref(rule);
	return finish(a, rc);
}

enum deadline_admin_rc deadline_calendar_copy(const struct deadline_admin *a, const char *name,
					      const char *from, json_t *errors)
{
	if (!key_ok(name))
		problem(errors, "calendar_name",
			"must be lowercase letters, digits and hyphens, starting with a letter, "
			"at most 31");
	enum deadline_admin_rc rc = start(a, errors);
	if (rc != DEADLINE_ADMIN_OK)
		return rc;
	enum store_rc src = STORE_OK;
	if (calendar_exists(a->db, name, &src)) {
		problem(errors, "calendar_name", "is taken by another calendar");
		rc = DEADLINE_ADMIN_INVALID;
	} else if (src == STORE_OK && !calendar_exists(a->db, from, &src)) {
		problem(errors, "copy_from", "is not a holiday calendar of the portal");
		rc = DEADLINE_ADMIN_INVALID;
	}
	if (src != STORE_OK)
		rc = DEADLINE_ADMIN_ERROR;
	int64_t n = 0;
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(store_holiday_rules_copy(a->db, from, name, &n));
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(audit(a, "holiday.calendar.create", "holiday_calendar", 0, NULL,
				    json_pack("{s:s, s:s, s:I}", "calendar", name, "copied_from",
					      from, "rules", (json_int_t)n)));
	return finish(a, rc);
}

enum deadline_admin_rc deadline_date_add(const struct deadline_admin *a, const char *date,
					 const char *kind, const char *name, json_t *errors,
					 int *moved)
{
	if (!begin(a))
		return DEADLINE_ADMIN_ERROR;
	enum store_rc src = store_calendar_date_add(a->db, date, kind, name, a->user_id, a->now);
	enum deadline_admin_rc rc = of_store(src);
	if (src == STORE_CONFLICT) {
		problem(errors, "date", "is in the calendar already: remove it first");
		rc = DEADLINE_ADMIN_INVALID;
	}
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(audit(
			a, "calendar.date.add", "calendar_date", 0, NULL,
			json_pack("{s:s, s:s, s:s}", "date", date, "kind", kind, "name", name)));
	struct date d;
	char label[DATE_FMT_MAX], why[300];
	date_parse(date, &d);
	snprintf(why, sizeof why, "The holiday calendar changed: %s is %s (%s).",
		 date_format_long(d, label), strcmp(kind, "open") ? "a closure" : "a working day",
		 name);
	if (rc == DEADLINE_ADMIN_OK)
		rc = recompute(a, date, why, moved);
	return finish(a, rc);
}

enum deadline_admin_rc deadline_date_remove(const struct deadline_admin *a, const char *date,
					    int *moved)
{
	if (!begin(a))
		return DEADLINE_ADMIN_ERROR;
	json_t *row = NULL;
	enum deadline_admin_rc rc = of_store(store_calendar_date_get(a->db, date, &row));
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(store_calendar_date_remove(a->db, date));
	if (rc == DEADLINE_ADMIN_OK)
		rc = of_store(audit(a, "calendar.date.remove", "calendar_date", 0, json_incref(row),
				    NULL));
	struct date d;
	char label[DATE_FMT_MAX], why[300];
	date_parse(date, &d);
	snprintf(why, sizeof why, "The holiday calendar changed: %s (%s) was taken out of it.",
		 date_format_long(d, label), json_str(row, "name") ?: "a date");
	if (rc == DEADLINE_ADMIN_OK)
		rc = recompute(a, date, why, moved);
	json_decref(row);
	return finish(a, rc);
}

/* ---- Words ---- */

static const char *unit_word(enum deadline_unit u)
{
	return u == DEADLINE_BUSINESS ? "business" : "calendar";
}

char *deadline_rule_set_summary(const char *key, const char *config)
{
	struct deadline_rules r;
	if (!deadline_rules_parse(key, config, &r))
		return NULL;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%d %s days", r.first.days, unit_word(r.first.unit));
	if (r.first.unit == DEADLINE_CALENDAR && r.first.roll_forward)
		buf_puts(&b, ", moved off weekends and holidays");
	if (*r.response)
		buf_printf(&b, " (%s)", r.response);
	if (r.cutoff_min < 24 * 60)
		buf_printf(&b, "; received after %02d:%02d counts from the next business day",
			   r.cutoff_min / 60, r.cutoff_min % 60);
	if (r.ends_min < DEADLINE_END_OF_DAY)
		buf_printf(&b, "; the deadline ends at %02d:%02d on the due date", r.ends_min / 60,
			   r.ends_min % 60);
	if (r.has_extension)
		buf_printf(&b, "; %d extension%s of up to %d %s days", r.extension_max,
			   r.extension_max == 1 ? "" : "s", r.extension.days,
			   unit_word(r.extension.unit));
	else
		buf_puts(&b, "; no extension");
	if (!r.pause_stops_clock)
		buf_puts(&b, "; a pause does not stop the clock");
	else if (r.pause_max_count) {
		buf_printf(&b, "; a pause stops the clock, at most %d time%s", r.pause_max_count,
			   r.pause_max_count == 1 ? "" : "s");
		if (r.pause_limited.n) {
			buf_puts(&b, " for: ");
			deadline_reasons_words(&b, &r.pause_limited);
		}
	} else
		buf_puts(&b, "; a pause stops the clock");
	buf_putc(&b, '.');
	return buf_steal(&b);
}

int deadline_due_soon_days(struct db *db)
{
	char *v = NULL;
	int days = 3;
	if (store_setting_get(db, "due_soon_business_days", &v) == STORE_OK && v) {
		long n = strtol(v, NULL, 10);
		if (n >= 0 && n <= DUE_SOON_MAX)
			days = (int)n;
	}
	free(v);
	return days;
}

struct date deadline_soon_until(struct db *db, struct date today)
{
	int days = deadline_due_soon_days(db);
	if (!days)
		return today;
	struct deadline_engine *e = deadline_engine_load(db, NULL);
	if (!e)
		return date_add_days(today, days);
	struct deadline_span span = {.days = days, .unit = DEADLINE_BUSINESS};
	struct date until = deadline_add(&span, &e->cal, today);
	free(e);
	return until;
}
