/* Admin: deadlines. /admin/deadlines shows the rule sets (presets with
 * their citations, custom ones), the portal's choice and the due soon
 * window, each department's own rule set, the holiday calendars and the
 * dates added to them; /admin/deadlines/rule-sets/... builds and edits a
 * custom rule set; /admin/deadlines/calendars/{calendar} its holiday
 * rules. The rules of each change are in domain/deadline_admin.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/deadline_admin.h"
#include "store/store.h"
#include "util/date.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum { CALENDAR_DATES_SHOWN = 200 };

const char *const deadline_units[] = {"calendar", "business", NULL};
static const char *const unit_labels[] = {"Calendar days", "Business days"};
const char *const holiday_kinds[] = {"fixed", "nth_weekday", NULL};
static const char *const kind_labels[] = {"A fixed date", "A weekday of the month"};
const char *const holiday_weekdays[] = {"sunday",   "monday", "tuesday",  "wednesday",
					"thursday", "friday", "saturday", NULL};
static const char *const weekday_labels[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					     "Thursday", "Friday", "Saturday"};
const char *const holiday_nths[] = {"1", "2", "3", "4", "5", "-1", NULL};
static const char *const nth_labels[] = {"First", "Second", "Third", "Fourth", "Fifth", "Last"};
const char *const holiday_observances[] = {"none", "nearest_weekday", "sunday_to_monday",
					   "next_weekday", NULL};
static const char *const observance_labels[] = {
	"On the day, even on a weekend", "Saturday on Friday, Sunday on Monday", "Sunday on Monday",
	"Saturday and Sunday on Monday"};
const char *const calendar_date_kinds[] = {"closed", "open", NULL};
static const char *const date_kind_labels[] = {"Closed (a closure, a day of mourning)",
					       "Open (a working day although a rule says holiday)"};
const char *const holiday_actives[] = {"0", "1", NULL};
const char *const holiday_months[] = {"1", "2", "3",  "4",  "5",  "6", "7",
				      "8", "9", "10", "11", "12", NULL};
static const char *const month_names[] = {"January",   "February", "March",    "April",
					  "May",       "June",     "July",     "August",
					  "September", "October",  "November", "December"};

/* moved_note: the notice of how many due dates a change moved (?moved on
 * the pages it redirects to), or NULL. */
static json_t *moved_note(const struct web_ctx *c)
{
	for (size_t i = 0; i < c->route->n_params; i++)
		if (!strcmp(c->route->params[i].name, "moved")) {
			const struct param_value *v = web_param(c, "moved");
			return v->present ? json_sprintf("%lld due date%s computed again from the "
							 "calendar.",
							 (long long)v->num,
							 v->num == 1 ? " was" : "s were")
					  : NULL;
		}
	return NULL;
}

static int unavailable(struct web_ctx *c)
{
	return web_error(c, 503, "The database is unavailable; try again shortly.");
}

static const char *optional(const struct web_ctx *c, const char *name)
{
	const struct param_value *v = web_param(c, name);
	return v->present ? v->str : NULL;
}

static int64_t number(const struct web_ctx *c, const char *name, int64_t def)
{
	const struct param_value *v = web_param(c, name);
	return v->present ? v->num : def;
}

/* choices builds [{value, label, selected}]. */
static json_t *choices(const char *const *values, const char *const *labels, const char *chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; values[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", values[i],
						      "label", labels[i], "selected",
						      chosen && !strcmp(chosen, values[i])));
	return list;
}

static struct deadline_admin admin_of(struct web_ctx *c)
{
	return (struct deadline_admin){.db = c->db,
				       .user_id = c->viewer.user_id,
				       .ip = c->req->client_ip,
				       .now = date_time_now()};
}

/* rule_set_choices lists the rule sets for a <select>, chosen selected,
 * after an option "" labelled none (NULL: no such option). */
static json_t *rule_set_choices(const json_t *sets, const char *chosen, const char *none)
{
	json_t *list = json_array();
	if (none)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label", none,
						      "selected", !chosen || !*chosen));
	size_t i;
	json_t *s;
	json_array_foreach(sets, i, s)
		if (json_is_true(json_object_get(s, "active")))
			json_array_append_new(list,
					      json_pack("{s:s, s:s, s:b}", "value", json_str(s, "key"),
							"label", json_str(s, "name"), "selected",
							chosen && !strcmp(chosen, json_str(s, "key"))));
	return list;
}

/* ---- The overview ---- */

/* overview is the page's view model; NULL on a database failure. */
static json_t *overview(struct web_ctx *c)
{
	json_t *sets = NULL, *depts = NULL, *cals = NULL, *dates = NULL;
	char *portal = NULL;
	if (store_rule_sets(c->db, &sets) != STORE_OK ||
	    store_departments_rule_sets(c->db, &depts) != STORE_OK ||
	    store_holiday_calendars(c->db, &cals) != STORE_OK ||
	    store_calendar_dates(c->db, CALENDAR_DATES_SHOWN, &dates) != STORE_OK ||
	    store_setting_get(c->db, "deadline_rule_set", &portal) == STORE_ERROR) {
		json_decref(sets);
		json_decref(depts);
		json_decref(cals);
		json_decref(dates);
		return NULL;
	}
	bool again = c->req->method == HTTP_POST;
	const char *chosen =
		again && http_form(c->req, "rule_set") ? http_form(c->req, "rule_set") : portal;
	size_t i;
	json_t *row;
	json_array_foreach(sets, i, row) {
		char *summary = deadline_rule_set_summary(json_str(row, "key"), json_str(row, "config"));
		json_t *config = json_loads(json_str(row, "config"), 0, NULL);
		json_object_set_new(row, "citation", json_string(json_str(config, "citation") ?: ""));
		json_object_set_new(row, "summary",
				    summary ? json_string(summary) : json_string("Not readable"));
		json_object_set_new(row, "url",
				    json_sprintf("/admin/deadlines/rule-sets/%s", json_str(row, "key")));
		json_object_set_new(
			row, "copy_url",
			json_sprintf("/admin/deadlines/rule-sets/new?from=%s", json_str(row, "key")));
		json_object_set_new(row, "portal",
				    json_boolean(portal && !strcmp(portal, json_str(row, "key"))));
		json_object_set_new(row, "active_action",
				    json_sprintf("/admin/deadlines/rule-sets/%s/active",
						 json_str(row, "key")));
		json_object_del(row, "config");
		json_decref(config);
		free(summary);
	}
	json_array_foreach(depts, i, row) {
		json_object_set_new(
			row, "choices",
			rule_set_choices(sets, json_str(row, "rule_set_key"), "The portal's rule set"));
		json_object_set_new(
			row, "action",
			json_sprintf("/admin/deadlines/departments/%lld",
				     (long long)json_integer_value(json_object_get(row, "id"))));
	}
	json_array_foreach(cals, i, row)
		json_object_set_new(
			row, "url",
			json_sprintf("/admin/deadlines/calendars/%s", json_str(row, "calendar")));
	json_array_foreach(dates, i, row) {
		json_object_set_new(row, "date_label", view_date_label(json_str(row, "date")));
		json_object_set_new(
			row, "kind_label",
			json_string(!strcmp(json_str(row, "kind"), "open") ? "Open" : "Closed"));
		json_object_set_new(
			row, "remove_action",
			json_sprintf("/admin/deadlines/dates/%s/remove", json_str(row, "date")));
	}
	char soon[24];
	snprintf(soon, sizeof soon, "%d", deadline_due_soon_days(c->db));
	json_t *view = json_pack(
		"{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:{s:s, s:s, s:s}}", "page_title", "Deadlines",
		"rule_sets", sets, "portal_choices", rule_set_choices(sets, chosen, NULL),
		"departments", depts, "calendars", cals, "dates", dates, "due_soon_days",
		again && http_form(c->req, "due_soon_days") ? http_form(c->req, "due_soon_days")
							    : soon,
		"date_kind_choices",
		choices(calendar_date_kinds, date_kind_labels,
			again && http_form(c->req, "kind") ? http_form(c->req, "kind") : "closed"),
		"form", "date", again ? (http_form(c->req, "date") ?: "") : "", "name",
		again ? (http_form(c->req, "name") ?: "") : "", "calendar_name",
		again ? (http_form(c->req, "calendar_name") ?: "") : "");
	json_t *moved = moved_note(c);
	if (moved)
		json_object_set_new(view, "moved", moved);
	free(portal);
	return view;
}

int page_admin_deadlines(struct web_ctx *c)
{
	json_t *view = overview(c);
	return view ? web_page(c, "admin_deadlines", view) : unavailable(c);
}

/* overview_again answers 400 with the overview and the form's problems
 * (errors taken). */
static int overview_again(struct web_ctx *c, json_t *errors)
{
	json_t *view = overview(c);
	if (!view) {
		json_decref(errors);
		return unavailable(c);
	}
	json_object_set_new(view, "errors", errors);
	return web_form_errors(c, 400, "admin_deadlines", view, NULL);
}

/* answer turns a change's result into the answer: back to `to` (with
 * how many due dates moved, when moved >= 0), or the form again. */
static int answer(struct web_ctx *c, enum deadline_admin_rc rc, json_t *errors, int moved,
		  const char *to, int (*again)(struct web_ctx *, json_t *))
{
	switch (rc) {
	case DEADLINE_ADMIN_OK:
		json_decref(errors);
		return web_redirect(c, moved >= 0 ? arena_printf(c->arena, "%s?moved=%d", to, moved)
						  : to);
	case DEADLINE_ADMIN_INVALID:
		return again(c, errors);
	case DEADLINE_ADMIN_NOT_FOUND:
		json_decref(errors);
		return web_error(c, 404, "There is no such item.");
	default:
		json_decref(errors);
		return unavailable(c);
	}
}

int action_admin_deadlines_portal(struct web_ctx *c)
{
	if (c->n_errors)
		return overview_again(c, json_object());
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	enum deadline_admin_rc rc = deadline_portal_set(&a, web_param(c, "rule_set")->str,
							web_param(c, "due_soon_days")->num, errors);
	return answer(c, rc, errors, -1, "/admin/deadlines", overview_again);
}

int action_admin_deadlines_department(struct web_ctx *c)
{
	if (c->n_errors)
		return overview_again(c, json_object());
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	enum deadline_admin_rc rc = deadline_department_set(
		&a, web_param(c, "id")->num, optional(c, "department_rule_set"), errors);
	if (json_object_get(errors, "rule_set")) {
		json_object_set(errors, "department_rule_set", json_object_get(errors, "rule_set"));
		json_object_del(errors, "rule_set");
	}
	return answer(c, rc, errors, -1, "/admin/deadlines", overview_again);
}

int action_admin_deadlines_date_add(struct web_ctx *c)
{
	if (c->n_errors)
		return overview_again(c, json_object());
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	int moved = 0;
	enum deadline_admin_rc rc =
		deadline_date_add(&a, web_param(c, "date")->str, web_param(c, "kind")->str,
				  web_param(c, "name")->str, errors, &moved);
	return answer(c, rc, errors, moved, "/admin/deadlines", overview_again);
}

int action_admin_calendar_create(struct web_ctx *c)
{
	if (c->n_errors)
		return overview_again(c, json_object());
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	const char *name = web_param(c, "calendar_name")->str;
	enum deadline_admin_rc rc =
		deadline_calendar_copy(&a, name, web_param(c, "copy_from")->str, errors);
	return answer(c, rc, errors, -1,
		      arena_printf(c->arena, "/admin/deadlines/calendars/%s", name), overview_again);
}

int action_admin_deadlines_date_remove(struct web_ctx *c)
{
	struct deadline_admin a = admin_of(c);
	int moved = 0;
	enum deadline_admin_rc rc = deadline_date_remove(&a, web_param(c, "date")->str, &moved);
	return answer(c, rc, json_object(), moved, "/admin/deadlines", overview_again);
}

/* form_page answers a form page: status 200, or status with the form's
 * errors ({"field": "message"}, NULL: none of its own) shown; takes view
 * and errors over. */
static int form_page(struct web_ctx *c, int status, const char *template, json_t *view,
		     json_t *errors)
{
	if (status == 200) {
		json_decref(errors);
		return web_page(c, template, view);
	}
	json_object_set_new(view, "errors", errors ? errors : json_object());
	return web_form_errors(c, status, template, view, NULL);
}

/* ---- Rule sets ---- */

/* Form fields that are text, and those that are numbers, as the form
 * names them. */
static const char *const text_fields[] = {
	"key",	    "name",	    "citation",	    "calendar",	   "cutoff",	     "ends_at",
	"response", "ext_citation", "ext_reasons", "pause_citation", "pause_reasons",
	"pause_limited_reasons", NULL};
static const char *const number_fields[] = {"first_days", "ext_count", "ext_days",
					    "pause_max_count", NULL};

/* form_view turns a form into the view's "form" with its choices. */
static json_t *form_view(const struct deadline_form *f, const json_t *calendars)
{
	json_t *form = json_object();
	const char *values[] = {
		f->key,      f->name,         f->citation,    f->calendar,       f->cutoff,
		f->ends_at,  f->response,     f->ext_citation, f->ext_reasons,   f->pause_citation,
		f->pause_reasons, f->pause_limited_reasons};
	_Static_assert(sizeof values / sizeof *values + 1 == sizeof text_fields / sizeof *text_fields,
		       "a value for each text field");
	for (size_t i = 0; text_fields[i]; i++)
		json_object_set_new(form, text_fields[i], json_string(values[i] ?: ""));
	const int64_t nums[] = {f->first_days, f->ext_count, f->ext_days, f->pause_max_count};
	for (size_t i = 0; number_fields[i]; i++)
		json_object_set_new(form, number_fields[i],
				    nums[i] || i == 1 || i == 3
					    ? json_sprintf("%lld", (long long)nums[i])
					    : json_string(""));
	json_object_set_new(form, "first_roll_forward", json_boolean(f->first_roll_forward));
	json_object_set_new(form, "ext_roll_forward", json_boolean(f->ext_roll_forward));
	json_object_set_new(form, "pause_stops_clock", json_boolean(f->pause_stops_clock));
	json_object_set_new(form, "first_unit_choices",
			    choices(deadline_units, unit_labels, f->first_unit ?: "calendar"));
	json_object_set_new(form, "ext_unit_choices",
			    choices(deadline_units, unit_labels, f->ext_unit ?: "calendar"));
	json_t *cals = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(calendars, i, row)
		json_array_append_new(
			cals, json_pack("{s:s, s:s, s:b}", "value", json_str(row, "calendar"), "label",
					json_str(row, "calendar"), "selected",
					f->calendar && !strcmp(f->calendar, json_str(row, "calendar"))));
	json_object_set_new(form, "calendar_choices", cals);
	return form;
}

/* typed_form reads the form as it was sent (values that failed their
 * checks too, to show them again). */
static void typed_form(struct web_ctx *c, struct deadline_form *f)
{
	memset(f, 0, sizeof *f);
	f->key = http_form(c->req, "key");
	f->name = http_form(c->req, "name");
	f->citation = http_form(c->req, "citation");
	f->calendar = http_form(c->req, "calendar");
	f->cutoff = http_form(c->req, "cutoff");
	f->ends_at = http_form(c->req, "ends_at");
	f->response = http_form(c->req, "response");
	f->first_unit = http_form(c->req, "first_unit");
	f->first_roll_forward = http_form(c->req, "first_roll_forward") != NULL;
	f->ext_unit = http_form(c->req, "ext_unit");
	f->ext_roll_forward = http_form(c->req, "ext_roll_forward") != NULL;
	f->ext_citation = http_form(c->req, "ext_citation");
	f->ext_reasons = http_form(c->req, "ext_reasons");
	f->pause_stops_clock = http_form(c->req, "pause_stops_clock") != NULL;
	f->pause_citation = http_form(c->req, "pause_citation");
	f->pause_reasons = http_form(c->req, "pause_reasons");
	f->pause_limited_reasons = http_form(c->req, "pause_limited_reasons");
}

/* rule_set_page answers the page of a rule set: its form (custom, new)
 * or its definition (preset), as stored ({preset, active}; NULL: as sent
 * or new). */
static int rule_set_page(struct web_ctx *c, int status, const struct deadline_form *f, bool create,
			 const json_t *stored, json_t *errors)
{
	bool preset = !create && json_is_true(json_object_get(stored, "preset"));
	json_t *cals = NULL;
	if (store_holiday_calendars(c->db, &cals) != STORE_OK) {
		json_decref(errors);
		return unavailable(c);
	}
	json_t *form = form_view(f, cals);
	json_decref(cals);
	if (status != 200) /* numbers as typed, also those that failed */
		for (size_t i = 0; number_fields[i]; i++)
			json_object_set_new(form, number_fields[i],
					    json_string(http_form(c->req, number_fields[i]) ?: ""));
	json_t *view =
		json_pack("{s:s, s:o, s:b, s:b, s:s}", "page_title",
			  create    ? "New rule set"
			  : f->name ? f->name
				    : "Rule set",
			  "form", form, "create", create, "preset", preset, "action",
			  create ? "/admin/deadlines/rule-sets"
				 : arena_printf(c->arena, "/admin/deadlines/rule-sets/%s", f->key));
	if (!create && stored && !json_is_true(json_object_get(stored, "active")))
		json_object_set_new(view, "inactive", json_true());
	if (preset) {
		json_t *reasons = json_array();
		for (const char *p = f->ext_reasons ? f->ext_reasons : ""; *p;) {
			const char *end = strchr(p, '\n');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			const char *one = arena_printf(c->arena, "%.*s", (int)n, p);
			json_array_append_new(reasons, json_string(deadline_reason_label(one)));
			p += n + (end != NULL);
		}
		json_object_set_new(view, "reason_labels", reasons);
		json_object_set_new(view, "copy_url",
				    json_sprintf("/admin/deadlines/rule-sets/new?from=%s", f->key));
	}
	return form_page(c, status, "admin_rule_set", view, errors);
}

/* stored_page shows the stored rule set key (or, for a new one, the one
 * named by ?from, or a blank form). */
static int stored_page(struct web_ctx *c, const char *key, bool create)
{
	if (!key) {
		struct deadline_form blank = {.first_days = 10,
					      .first_unit = "calendar",
					      .first_roll_forward = true,
					      .cutoff = "17:00"};
		return rule_set_page(c, 200, &blank, true, NULL, NULL);
	}
	json_t *row = NULL;
	enum store_rc rc = store_rule_set(c->db, key, &row);
	if (rc == STORE_NOT_FOUND)
		return web_error(c, 404, "There is no such rule set.");
	if (rc != STORE_OK)
		return unavailable(c);
	json_t *config = json_loads(json_str(row, "config"), 0, NULL);
	struct deadline_form f;
	char *lists = NULL;
	int out;
	if (!deadline_form_of(create ? "" : key, json_str(row, "name"), config, &f, &lists))
		out = web_error(c, 500, "This rule set cannot be read.");
	else
		out = rule_set_page(c, 200, &f, create, row, NULL);
	free(lists);
	json_decref(config);
	json_decref(row);
	return out;
}

int page_admin_rule_set_new(struct web_ctx *c)
{
	return stored_page(c, optional(c, "from"), true);
}

int page_admin_rule_set(struct web_ctx *c)
{
	return stored_page(c, web_param(c, "key")->str, false);
}

/* save creates or changes a custom rule set from the form. */
static int save(struct web_ctx *c, bool create)
{
	struct deadline_form f;
	typed_form(c, &f);
	if (!create)
		f.key = web_param(c, "key")->str;
	json_t *errors = json_object();
	f.ext_count = number(c, "ext_count", 0);
	f.ext_days = number(c, "ext_days", 0);
	if (c->n_errors) {
		deadline_form_check(&f, create, errors);
		return rule_set_page(c, 400, &f, create, NULL, errors);
	}
	f.name = web_param(c, "name")->str;
	f.citation = web_param(c, "citation")->str;
	f.calendar = web_param(c, "calendar")->str;
	f.cutoff = optional(c, "cutoff");
	f.ends_at = optional(c, "ends_at");
	f.response = optional(c, "response");
	f.first_days = web_param(c, "first_days")->num;
	f.first_unit = web_param(c, "first_unit")->str;
	f.ext_unit = optional(c, "ext_unit");
	f.ext_citation = optional(c, "ext_citation");
	f.ext_reasons = optional(c, "ext_reasons");
	f.pause_max_count = number(c, "pause_max_count", 0);
	f.pause_citation = optional(c, "pause_citation");
	f.pause_reasons = optional(c, "pause_reasons");
	f.pause_limited_reasons = optional(c, "pause_limited_reasons");
	struct deadline_admin a = admin_of(c);
	switch (deadline_rule_set_save(&a, create, &f, errors)) {
	case DEADLINE_ADMIN_OK:
		json_decref(errors);
		return web_redirect(c,
				    arena_printf(c->arena, "/admin/deadlines/rule-sets/%s", f.key));
	case DEADLINE_ADMIN_INVALID:
		return rule_set_page(c, 400, &f, create, NULL, errors);
	case DEADLINE_ADMIN_NOT_FOUND:
		json_decref(errors);
		return web_error(c, 404,
				 "There is no custom rule set of that name: presets are "
				 "not changed, copy one instead.");
	default:
		json_decref(errors);
		return unavailable(c);
	}
}

int action_admin_rule_set_create(struct web_ctx *c)
{
	return save(c, true);
}

int action_admin_rule_set_update(struct web_ctx *c)
{
	return save(c, false);
}

/* ---- Holiday calendars ---- */

/* rule_when: "July 4", "Third Monday of January", "Last Monday of May,
 * plus 1 day". */
static json_t *rule_when(const json_t *r)
{
	int month = (int)json_integer_value(json_object_get(r, "month"));
	int64_t offset = json_integer_value(json_object_get(r, "offset_days"));
	const char *m = month >= 1 && month <= 12 ? month_names[month - 1] : "?";
	struct buf b = BUF_INIT;
	if (!strcmp(json_str(r, "kind") ?: "", "fixed")) {
		buf_printf(&b, "%s %lld", m,
			   (long long)json_integer_value(json_object_get(r, "day")));
	} else {
		int64_t nth = json_integer_value(json_object_get(r, "nth"));
		int64_t wd = json_integer_value(json_object_get(r, "weekday"));
		buf_printf(&b, "%s %s of %s",
			   nth == -1              ? "Last"
			   : nth >= 1 && nth <= 5 ? nth_labels[nth - 1]
						  : "?",
			   wd >= 0 && wd <= 6 ? weekday_labels[wd] : "?", m);
	}
	if (offset)
		buf_printf(&b, ", %s %lld day%s", offset > 0 ? "plus" : "minus",
			   (long long)(offset > 0 ? offset : -offset),
			   offset == 1 || offset == -1 ? "" : "s");
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The holiday rule form's fields: text inputs, then selects. */
enum { RULE_TEXTS = 5, RULE_FIELDS = 10 };
static const char *const rule_fields[RULE_FIELDS] = {
	"name", "day", "offset_days", "first_year", "last_year",
	"kind", "weekday", "nth", "observance", "month"};
static const char *const blank_rule[RULE_FIELDS] = {
	"", "", "0", "", "",
	"fixed", "monday", "1", "nearest_weekday", "1"};

/* rule_form: the holiday rule form's view {form, kind_choices, ...}: the
 * values as sent when a form comes back, else defs (in rule_fields'
 * order). */
static json_t *rule_form(struct web_ctx *c, const char *const defs[RULE_FIELDS])
{
	bool again = c->req->method == HTTP_POST;
	const char *v[RULE_FIELDS];
	for (size_t i = 0; i < RULE_FIELDS; i++)
		v[i] = again && http_form(c->req, rule_fields[i]) ? http_form(c->req, rule_fields[i])
								   : defs[i];
	json_t *form = json_object();
	for (size_t i = 0; i < RULE_TEXTS; i++)
		json_object_set_new(form, rule_fields[i], json_string(v[i]));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "form", form, "kind_choices",
			 choices(holiday_kinds, kind_labels, v[5]), "weekday_choices",
			 choices(holiday_weekdays, weekday_labels, v[6]), "nth_choices",
			 choices(holiday_nths, nth_labels, v[7]), "observance_choices",
			 choices(holiday_observances, observance_labels, v[8]), "month_choices",
			 choices(holiday_months, month_names, v[9]));
}

static json_t *calendar_view(struct web_ctx *c, const char *calendar, bool *found)
{
	json_t *rules = NULL, *cals = NULL;
	if (store_holiday_rules_all(c->db, calendar, &rules) != STORE_OK ||
	    store_holiday_calendars(c->db, &cals) != STORE_OK) {
		json_decref(rules);
		return NULL;
	}
	*found = false;
	size_t i;
	json_t *row;
	json_array_foreach(cals, i, row)
		*found = *found || !strcmp(json_str(row, "calendar"), calendar);
	json_decref(cals);
	json_array_foreach(rules, i, row) {
		json_object_set_new(row, "when", rule_when(row));
		const char *obs = json_str(row, "observance") ?: "none";
		for (size_t k = 0; holiday_observances[k]; k++)
			if (!strcmp(obs, holiday_observances[k]))
				json_object_set_new(row, "observance_label",
						    json_string(observance_labels[k]));
		json_object_set_new(
			row, "action",
			json_sprintf("/admin/deadlines/holidays/%lld/active",
				     (long long)json_integer_value(json_object_get(row, "id"))));
		json_object_set_new(
			row, "edit_url",
			json_sprintf("/admin/deadlines/calendars/%s/rules/%lld", calendar,
				     (long long)json_integer_value(json_object_get(row, "id"))));
	}
	json_t *view = json_pack("{s:s+, s:s, s:o, s:s+}", "page_title", "Holiday calendar ",
				 calendar, "calendar", calendar, "rules", rules, "action",
				 "/admin/deadlines/calendars/", calendar);
	json_object_update_new(view, rule_form(c, blank_rule));
	json_t *moved = moved_note(c);
	if (moved)
		json_object_set_new(view, "moved", moved);
	return view;
}

static int calendar_page(struct web_ctx *c, int status, json_t *errors)
{
	bool found = false;
	json_t *view = calendar_view(c, web_param(c, "calendar")->str, &found);
	if (!view) {
		json_decref(errors);
		return unavailable(c);
	}
	if (!found) {
		json_decref(view);
		json_decref(errors);
		return web_error(c, 404, "There is no such holiday calendar.");
	}
	return form_page(c, status, "admin_calendar", view, errors);
}

int page_admin_calendar(struct web_ctx *c)
{
	return calendar_page(c, 200, NULL);
}

static int calendar_again(struct web_ctx *c, json_t *errors)
{
	return calendar_page(c, 400, errors);
}

/* holiday_form_of reads the holiday rule form of a validated request. */
static struct deadline_holiday_form holiday_form_of(const struct web_ctx *c)
{
	const struct param_value *nth = web_param(c, "nth"), *wd = web_param(c, "weekday");
	return (struct deadline_holiday_form){
		.calendar = web_param(c, "calendar")->str,
		.name = web_param(c, "name")->str,
		.kind = web_param(c, "kind")->str,
		.observance = web_param(c, "observance")->str,
		.month = web_param(c, "month")->num + 1,
		.day = number(c, "day", 0),
		.weekday = wd->present ? wd->num : -1,
		.nth = nth->present ? strtol(nth->str, NULL, 10) : 0,
		.offset_days = number(c, "offset_days", 0),
		.first_year = number(c, "first_year", 0),
		.last_year = number(c, "last_year", 0),
	};
}

int action_admin_holiday_add(struct web_ctx *c)
{
	if (c->n_errors)
		return calendar_again(c, json_object());
	struct deadline_holiday_form f = holiday_form_of(c);
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	int moved = 0;
	enum deadline_admin_rc rc = deadline_holiday_add(&a, &f, errors, &moved);
	return answer(c, rc, errors, moved,
		      arena_printf(c->arena, "/admin/deadlines/calendars/%s", f.calendar),
		      calendar_again);
}

int action_admin_holiday_active(struct web_ctx *c)
{
	int64_t id = web_param(c, "id")->num;
	json_t *rule = NULL;
	enum store_rc src = store_holiday_rule_get(c->db, id, &rule);
	if (src == STORE_NOT_FOUND)
		return web_error(c, 404, "There is no such holiday rule.");
	if (src != STORE_OK)
		return unavailable(c);
	const char *to =
		arena_printf(c->arena, "/admin/deadlines/calendars/%s", json_str(rule, "calendar"));
	json_decref(rule);
	struct deadline_admin a = admin_of(c);
	int moved = 0;
	enum deadline_admin_rc rc =
		deadline_holiday_set_active(&a, id, web_param(c, "active")->num == 1, &moved);
	return answer(c, rc, json_object(), moved, to, overview_again);
}

/* ---- Editing a holiday rule ---- */

/* int_text: the integer field of row as text, or def when it is NULL. */
static const char *int_text(struct web_ctx *c, const json_t *row, const char *field,
			    const char *def)
{
	const json_t *v = json_object_get(row, field);
	return json_is_integer(v) ? arena_printf(c->arena, "%lld", (long long)json_integer_value(v))
				  : def;
}

/* holiday_rule_page answers the page of the rule ?id of the calendar in
 * the path: its form filled from the stored rule (or as sent, when it
 * comes back with errors, taken). */
static int holiday_rule_page(struct web_ctx *c, int status, json_t *errors)
{
	const char *calendar = web_param(c, "calendar")->str;
	int64_t id = web_param(c, "id")->num;
	json_t *rule = NULL;
	enum store_rc src = store_holiday_rule_get(c->db, id, &rule);
	if (src == STORE_OK && strcmp(json_str(rule, "calendar") ?: "", calendar))
		src = STORE_NOT_FOUND;
	if (src != STORE_OK) {
		json_decref(rule);
		json_decref(errors);
		return src == STORE_NOT_FOUND
			       ? web_error(c, 404, "This calendar has no such holiday rule.")
			       : unavailable(c);
	}
	const json_t *wd = json_object_get(rule, "weekday");
	int64_t weekday = json_is_integer(wd) ? json_integer_value(wd) : 1;
	const char *defs[RULE_FIELDS] = {
		json_str(rule, "name") ?: "",
		int_text(c, rule, "day", ""),
		int_text(c, rule, "offset_days", "0"),
		int_text(c, rule, "first_year", ""),
		int_text(c, rule, "last_year", ""),
		json_str(rule, "kind") ?: "fixed",
		holiday_weekdays[weekday >= 0 && weekday <= 6 ? weekday : 1],
		int_text(c, rule, "nth", "1"),
		json_str(rule, "observance") ?: "none",
		int_text(c, rule, "month", "1"),
	};
	const char *back = arena_printf(c->arena, "/admin/deadlines/calendars/%s", calendar);
	json_t *view = json_pack("{s:s+, s:s, s:s, s:s, s:I, s:b}", "page_title", "Edit ", defs[0],
				 "calendar", calendar, "calendar_url", back, "action",
				 arena_printf(c->arena, "%s/rules/%lld", back, (long long)id), "id",
				 (json_int_t)id, "active", json_is_true(json_object_get(rule, "active")));
	json_object_update_new(view, rule_form(c, defs));
	json_decref(rule);
	return form_page(c, status, "admin_holiday_rule", view, errors);
}

int page_admin_holiday_rule(struct web_ctx *c)
{
	return holiday_rule_page(c, 200, NULL);
}

static int holiday_rule_again(struct web_ctx *c, json_t *errors)
{
	return holiday_rule_page(c, 400, errors);
}

int action_admin_holiday_update(struct web_ctx *c)
{
	if (c->n_errors)
		return holiday_rule_again(c, json_object());
	struct deadline_holiday_form f = holiday_form_of(c);
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	int moved = 0;
	enum deadline_admin_rc rc =
		deadline_holiday_update(&a, web_param(c, "id")->num, &f, errors, &moved);
	return answer(c, rc, errors, moved,
		      arena_printf(c->arena, "/admin/deadlines/calendars/%s", f.calendar),
		      holiday_rule_again);
}

/* ---- Turning a custom rule set off and on ---- */

int action_admin_rule_set_active(struct web_ctx *c)
{
	if (c->n_errors)
		return overview_again(c, json_object());
	const char *key = web_param(c, "key")->str;
	json_t *errors = json_object();
	struct deadline_admin a = admin_of(c);
	enum deadline_admin_rc rc =
		deadline_rule_set_set_active(&a, key, web_param(c, "active")->num == 1, errors);
	if (rc != DEADLINE_ADMIN_INVALID)
		return answer(c, rc, errors, -1, "/admin/deadlines", overview_again);
	/* The problem is the rule set's, not a field's: said over the page. */
	const char *message = arena_printf(c->arena, "The rule set %s %s.", key,
					   json_str(errors, "key") ?: "cannot be changed");
	json_decref(errors);
	json_t *view = overview(c);
	return view ? web_form_errors(c, 400, "admin_deadlines", view, message) : unavailable(c);
}
