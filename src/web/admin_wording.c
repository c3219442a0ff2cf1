/* Admin: closure reasons (/admin/closure-reasons) and message templates
 * (/admin/templates) -- list, add, edit, reorder (a position number),
 * deactivate and reactivate; the portal's settings (/admin/settings); and
 * the audit log (/admin/audit). Every change goes through domain/wording.h,
 * which writes its audit row.
 *
 * View models: the lists {page_title, is_reason, base, items: [{id, label,
 * text, citations, active, sort, url}], form {label, text, citations,
 * sort}}; one reason or template {page_title, is_reason, base, item,
 * form, action}; the settings {publish_choices: [{value, label, hint,
 * checked}]}; the audit log {rows: [{id, at, at_label, action,
 * action_label, actor_name, request_number, request_url, target_type,
 * target_id, changes: [{field, label, before, after}]}], filters,
 * next_url}. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/wording.h"
#include "store/store.h"
#include "util/date.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum {
	AUDIT_PER_PAGE = 50,
	AUDIT_USERS_MAX = 500, /* people offered by the audit log's filter */
};

struct kind {
	enum store_wording kind;
	const char *base;   /* "/admin/closure-reasons" */
	const char *plural; /* the list's title */
	const char *one;    /* "Closure reason: " before a label */
};

static const struct kind reasons = {STORE_REASON, "/admin/closure-reasons", "Closure reasons",
				    "Closure reason: "};
static const struct kind templates = {STORE_TEMPLATE, "/admin/templates", "Message templates",
				      "Message template: "};

static int unavailable(struct web_ctx *c)
{
	return web_error(c, 503, "The database is unavailable; try again shortly.");
}

/* typed is what the form sent for name, or "". */
static json_t *typed(const struct web_ctx *c, const char *name)
{
	const char *v = http_form(c->req, name);
	return view_form_value(v ? v : "");
}

/* form_typed is the form as it was sent. */
static json_t *form_typed(const struct web_ctx *c)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "label", typed(c, "label"), "text",
			 typed(c, "text"), "citations", typed(c, "citations"), "sort",
			 typed(c, "sort"));
}

/* next_position: where a new entry goes by default, after the last of rows. */
static int64_t next_position(const json_t *rows)
{
	int64_t last = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		if (json_integer_value(json_object_get(row, "sort")) > last)
			last = json_integer_value(json_object_get(row, "sort"));
	return last + 10 > WORDING_SORT_MAX ? WORDING_SORT_MAX : last + 10;
}

/* list_view is the list of one kind with its form to add one (empty, or
 * as sent). NULL on a database failure. */
static json_t *list_view(struct web_ctx *c, const struct kind *k, bool again)
{
	json_t *rows = NULL;
	if (store_wordings(c->db, k->kind, false, WORDING_ROWS_MAX, &rows) != STORE_OK)
		return NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		json_object_set_new(row, "url", json_sprintf("%s/%lld", k->base,
							     (long long)json_integer_value(
								     json_object_get(row, "id"))));
	json_t *form = again ? form_typed(c)
			     : json_pack("{s:s, s:s, s:s, s:I}", "label", "", "text", "",
					 "citations", "", "sort", (json_int_t)next_position(rows));
	return json_pack("{s:s, s:b, s:s, s:o, s:o}", "page_title", k->plural, "is_reason",
			 k->kind == STORE_REASON, "base", k->base, "items", rows, "form", form);
}

static int list_page(struct web_ctx *c, const struct kind *k)
{
	json_t *view = list_view(c, k, false);
	return view ? web_page(c, "admin_wording", view) : unavailable(c);
}

/* item_page answers one reason or template with its form (as sent when
 * status is not 200, with errors {field: message} when given). */
static int item_page(struct web_ctx *c, const struct kind *k, int status, json_t *errors)
{
	int64_t id = web_param(c, "id")->num;
	json_t *row = NULL;
	enum store_rc rc = store_wording_get(c->db, k->kind, id, &row);
	if (rc != STORE_OK) {
		json_decref(errors);
		return rc == STORE_NOT_FOUND ? web_error(c, 404, "There is no such entry.")
					     : unavailable(c);
	}
	json_t *form = status != 200 ? form_typed(c)
				     : json_pack("{s:O, s:O, s:s, s:O}", "label",
						 json_object_get(row, "label"), "text",
						 json_object_get(row, "text"), "citations",
						 json_str(row, "citations") ? json_str(row, "citations") : "",
						 "sort", json_object_get(row, "sort"));
	json_t *view = json_pack("{s:s+, s:b, s:s, s:o, s:o, s:s+}", "page_title", k->one,
				 json_str(row, "label"), "is_reason", k->kind == STORE_REASON, "base",
				 k->base, "item", row, "form", form, "action", k->base,
				 arena_printf(c->arena, "/%lld", (long long)id));
	if (status == 200)
		return web_page(c, "admin_wording_item", view);
	if (errors)
		json_object_set_new(view, "errors", errors);
	return web_form_errors(c, status, "admin_wording_item", view, NULL);
}

static const char *optional(const struct web_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->route->n_params; i++)
		if (!strcmp(c->route->params[i].name, name)) {
			const struct param_value *v = web_param(c, name);
			return v->present ? v->str : NULL;
		}
	return NULL;
}

/* input reads the form; sort keeps current when the form has none. */
static struct wording_input input(const struct web_ctx *c, int64_t current)
{
	const struct param_value *sort = web_param(c, "sort");
	return (struct wording_input){
		.label = web_param(c, "label")->str, .text = web_param(c, "text")->str,
		.citations = optional(c, "citations"), .sort = sort->present ? sort->num : current,
	};
}

static const char *taken(const struct kind *k)
{
	return k->kind == STORE_REASON ? "is the label of another closure reason"
				       : "is the name of another template";
}

static int create(struct web_ctx *c, const struct kind *k)
{
	json_t *errors = NULL;
	const char *problem = NULL;
	if (!c->n_errors) {
		struct account_env e = web_account_env(c);
		int64_t id = 0;
		struct wording_input in = input(c, 0);
		json_t *rows = NULL;
		if (!web_param(c, "sort")->present) {
			if (store_wordings(c->db, k->kind, false, WORDING_ROWS_MAX, &rows) !=
			    STORE_OK)
				return unavailable(c);
			in.sort = next_position(rows);
			json_decref(rows);
		}
		switch (wording_save(&e, c->viewer.user_id, k->kind, &id, &in)) {
		case WORDING_OK:
			return web_redirect(c, arena_printf(c->arena, "%s#item-%lld", k->base,
							    (long long)id));
		case WORDING_TAKEN:
			errors = json_pack("{s:s}", "label", taken(k));
			break;
		case WORDING_FULL:
			problem = "There are as many as the portal keeps: edit or reuse one instead.";
			break;
		default:
			return unavailable(c);
		}
	}
	json_t *view = list_view(c, k, true);
	if (!view) {
		json_decref(errors);
		return unavailable(c);
	}
	if (errors)
		json_object_set_new(view, "errors", errors);
	return web_form_errors(c, 400, "admin_wording", view, problem);
}

static int update(struct web_ctx *c, const struct kind *k)
{
	if (c->n_errors)
		return item_page(c, k, 400, NULL);
	int64_t id = web_param(c, "id")->num;
	json_t *row = NULL;
	enum store_rc rc = store_wording_get(c->db, k->kind, id, &row);
	if (rc == STORE_NOT_FOUND)
		return web_error(c, 404, "There is no such entry.");
	if (rc != STORE_OK)
		return unavailable(c);
	struct wording_input in = input(c, json_integer_value(json_object_get(row, "sort")));
	json_decref(row);
	struct account_env e = web_account_env(c);
	switch (wording_save(&e, c->viewer.user_id, k->kind, &id, &in)) {
	case WORDING_OK:
		return web_redirect(c, arena_printf(c->arena, "%s#item-%lld", k->base, (long long)id));
	case WORDING_NOT_FOUND:
		return web_error(c, 404, "There is no such entry.");
	case WORDING_TAKEN:
		return item_page(c, k, 400, json_pack("{s:s}", "label", taken(k)));
	default:
		return unavailable(c);
	}
}

static int set_active(struct web_ctx *c, const struct kind *k, bool active)
{
	int64_t id = web_param(c, "id")->num;
	struct account_env e = web_account_env(c);
	switch (wording_set_active(&e, c->viewer.user_id, k->kind, id, active)) {
	case WORDING_OK:
		return web_redirect(c, arena_printf(c->arena, "%s#item-%lld", k->base, (long long)id));
	case WORDING_NOT_FOUND:
		return web_error(c, 404, "There is no such entry.");
	default:
		return unavailable(c);
	}
}

int page_admin_reasons(struct web_ctx *c) { return list_page(c, &reasons); }
int action_admin_reason_create(struct web_ctx *c) { return create(c, &reasons); }
int page_admin_reason(struct web_ctx *c) { return item_page(c, &reasons, 200, NULL); }
int action_admin_reason_update(struct web_ctx *c) { return update(c, &reasons); }
int action_admin_reason_deactivate(struct web_ctx *c) { return set_active(c, &reasons, false); }
int action_admin_reason_reactivate(struct web_ctx *c) { return set_active(c, &reasons, true); }
int page_admin_templates(struct web_ctx *c) { return list_page(c, &templates); }
int action_admin_template_create(struct web_ctx *c) { return create(c, &templates); }
int page_admin_template(struct web_ctx *c) { return item_page(c, &templates, 200, NULL); }
int action_admin_template_update(struct web_ctx *c) { return update(c, &templates); }
int action_admin_template_deactivate(struct web_ctx *c) { return set_active(c, &templates, false); }
int action_admin_template_reactivate(struct web_ctx *c) { return set_active(c, &templates, true); }

/* ---- Settings ---- */

static const char *const publish_labels[] = {
	"When they are received", "When they are closed", "Only when staff publish them"};
static const char *const publish_hints[] = {
	"The public can read every request (its public part) as soon as it arrives.",
	"Closing a request publishes it, in the same step.",
	"A publisher publishes each request from its page.",
};

static int settings_page(struct web_ctx *c, int status, const char *chosen)
{
	char *current = NULL;
	if (!chosen) {
		enum store_rc rc = store_setting_get(c->db, "publish_default", &current);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND)
			return unavailable(c);
		chosen = current ? arena_printf(c->arena, "%s", current) : "manual";
		free(current);
	}
	json_t *choices = json_array();
	for (size_t i = 0; wording_publish_defaults[i]; i++)
		json_array_append_new(choices,
				      json_pack("{s:s, s:s, s:s, s:b}", "value",
						wording_publish_defaults[i], "label", publish_labels[i],
						"hint", publish_hints[i], "checked",
						!strcmp(chosen, wording_publish_defaults[i])));
	json_t *view = json_pack("{s:s, s:s, s:o}", "page_title", "Settings", "publish_default",
				 chosen, "publish_choices", choices);
	if (status == 200)
		return web_page(c, "admin_settings", view);
	return web_form_errors(c, status, "admin_settings", view, NULL);
}

int page_admin_settings(struct web_ctx *c)
{
	return settings_page(c, 200, NULL);
}

int action_admin_settings(struct web_ctx *c)
{
	if (c->n_errors)
		return settings_page(c, 400, "");
	struct account_env e = web_account_env(c);
	const char *value = web_param(c, "publish_default")->str;
	switch (wording_publish_default_set(&e, c->viewer.user_id, value)) {
	case WORDING_OK:
		return web_redirect(c, "/admin/settings");
	default:
		return unavailable(c);
	}
}

/* ---- The audit log ---- */

/* value_text is how an audited value reads: text as it is, "none", "yes",
 * "no", numbers, and lists as JSON. */
static json_t *value_text(const json_t *v)
{
	if (!v || json_is_null(v))
		return json_string("none");
	if (json_is_string(v))
		return json_copy((json_t *)v);
	if (json_is_boolean(v))
		return json_string(json_is_true(v) ? "yes" : "no");
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_t *out = json_string(text ? text : "");
	free(text);
	return out;
}

/* field_label: how an audited field reads; the field itself when not
 * listed. */
static const char *field_label(const char *field)
{
	static const struct {
		const char *field, *label;
	} labels[] = {
		{"active", "Active"},
		{"body", "Message"},
		{"citations", "Legal citations"},
		{"closure_reasons", "Closure reasons (ids)"},
		{"department_id", "Department (id)"},
		{"departments", "Departments (ids)"},
		{"due_date", "Due date"},
		{"email", "Email address"},
		{"event_id", "Event (id)"},
		{"label", "Label"},
		{"level", "Who sees it"},
		{"name", "Name"},
		{"number", "Request number"},
		{"channel", "Received via"},
		{"pause_reason", "Waiting for"},
		{"paused_days_total", "Days paused"},
		{"point_of_contact_id", "Point of contact (account id)"},
		{"publish_default", "Publish requests"},
		{"published", "Published"},
		{"requester_text", "Text for the requester"},
		{"role", "Role"},
		{"sort", "Position"},
		{"status", "Status"},
		{"stops_clock", "Stops the clock"},
		{"title", "Title"},
		{"version", "Version"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].field, field))
			return labels[i].label;
	return field;
}

/* changes lists the fields of an audit row: [{field, before, after}],
 * before or after null where the row has none (a creation). */
static json_t *changes(const json_t *row)
{
	const char *b = json_str(row, "before_json"), *a = json_str(row, "after_json");
	json_t *before = b ? json_loads(b, 0, NULL) : NULL;
	json_t *after = a ? json_loads(a, 0, NULL) : NULL;
	json_t *list = json_array(), *keys = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(after, key, v)
		json_object_set_new(keys, key, json_true());
	json_object_foreach(before, key, v)
		json_object_set_new(keys, key, json_true());
	json_object_foreach(keys, key, v) {
		json_t *was = json_object_get(before, key), *now = json_object_get(after, key);
		json_array_append_new(list,
				      json_pack("{s:s, s:s, s:o, s:o}", "field", key, "label",
						field_label(key), "before",
						before && json_object_get(before, key) ? value_text(was)
										       : json_null(),
						"after", after && now ? value_text(now) : json_null()));
	}
	json_decref(keys);
	json_decref(before);
	json_decref(after);
	return list;
}

static json_t *audit_row(const json_t *row)
{
	const char *number = json_str(row, "request_number");
	int64_t at = json_integer_value(json_object_get(row, "at"));
	char iso[DATE_FMT_MAX];
	json_t *out = json_pack(
		"{s:O, s:s, s:o, s:O, s:s, s:s, s:s?, s:O, s:O, s:o}", "id",
		json_object_get(row, "id"), "at", date_time_format_iso(at, iso), "at_label",
		view_time_label(at), "action", json_object_get(row, "action"), "action_label",
		audit_action_label(json_str(row, "action")), "actor_name",
		json_str(row, "actor_name") ? json_str(row, "actor_name") : "the system", "request_number",
		number, "target_type", json_object_get(row, "target_type"), "target_id",
		json_object_get(row, "target_id"), "changes", changes(row));
	json_object_set_new(out, "has_changes",
			    json_boolean(json_array_size(json_object_get(out, "changes")) > 0));
	json_object_set_new(out, "request_url",
			    number ? json_sprintf("/requests/%s", number) : json_null());
	return out;
}

/* audit_filters are the filter form's fields and choices as asked. */
static json_t *audit_filters(struct web_ctx *c, json_t *people)
{
	const struct param_value *user = web_param(c, "user"), *action = web_param(c, "action");
	json_t *users = json_array(), *actions = json_array(), *p;
	size_t i;
	json_array_foreach(people, i, p) {
		json_int_t id = json_integer_value(json_object_get(p, "id"));
		json_array_append_new(users, json_pack("{s:o, s:O, s:b}", "value",
						       json_sprintf("%lld", (long long)id), "label",
						       json_object_get(p, "name"), "selected",
						       user->present && user->num == id));
	}
	for (size_t k = 0; audit_actions[k]; k++)
		json_array_append_new(actions, json_pack("{s:s, s:s, s:b}", "value", audit_actions[k],
							 "label", audit_action_label(audit_actions[k]),
							 "selected",
							 action->present && (size_t)action->num == k));
	json_t *f = json_pack("{s:o, s:o}", "user_choices", users, "action_choices", actions);
	static const char *const texts[] = {"request", "from", "to"};
	for (size_t k = 0; k < 3; k++) {
		const struct param_value *v = web_param(c, texts[k]);
		json_object_set_new(f, texts[k], json_string(v->present ? v->str : ""));
	}
	return f;
}

/* audit_query_string is the filters as a query string ("user=3&..."),
 * for the next page's link. */
static const char *audit_query_string(struct web_ctx *c)
{
	static const char *const names[] = {"user", "request", "action", "from", "to"};
	const char *q = "";
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		const struct param_value *v = web_param(c, names[k]);
		if (v->present) /* validated: digits, a number, a known action or a date */
			q = arena_printf(c->arena, "%s%s=%s&", q, names[k], v->str);
	}
	return q;
}

/* keyset_parse reads "AT-ID" (the last row of a page): two decimal
 * numbers, AT >= 0 and ID >= 1. */
static bool keyset_parse(const char *text, int64_t *at, int64_t *id)
{
	char *end;
	errno = 0;
	long long a = strtoll(text, &end, 10);
	if (errno || end == text || *end != '-' || a < 0)
		return false;
	const char *rest = end + 1;
	long long b = strtoll(rest, &end, 10);
	if (errno || end == rest || *end || b < 1)
		return false;
	*at = a;
	*id = b;
	return true;
}

int page_admin_audit(struct web_ctx *c)
{
	struct store_audit_query q = {.limit = AUDIT_PER_PAGE};
	const struct param_value *user = web_param(c, "user"), *number = web_param(c, "request"),
				 *action = web_param(c, "action"), *from = web_param(c, "from"),
				 *to = web_param(c, "to"), *after = web_param(c, "after");
	q.actor_id = user->present ? user->num : 0;
	q.action = action->present ? audit_actions[action->num] : NULL;
	if (from->present)
		q.from = date_local_start(date_from_days(from->day));
	if (to->present)
		q.before = date_local_start(date_from_days(to->day + 1));
	if (after->present && !keyset_parse(after->str, &q.after_at, &q.after_id))
		return web_field_error(c, "after", "is not a page of this list");
	if (number->present) {
		char n[24];
		snprintf(n, sizeof n, "%02d-%d", number->reqno.year, number->reqno.seq);
		json_t *req = NULL;
		enum store_rc rc = store_request_by_number(c->db, n, &req);
		if (rc == STORE_NOT_FOUND)
			return web_field_error(c, "request", "is not the number of a request");
		if (rc != STORE_OK)
			return unavailable(c);
		q.request_id = json_integer_value(json_object_get(req, "id"));
		json_decref(req);
	}
	json_t *rows = NULL, *people = NULL;
	if (store_audit_list(c->db, &q, &rows) != STORE_OK)
		return unavailable(c);
	if (store_staff_users(c->db, AUDIT_USERS_MAX, &people) != STORE_OK) {
		json_decref(rows);
		return unavailable(c);
	}
	json_t *list = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row)
		json_array_append_new(list, audit_row(row));
	json_t *view = json_pack("{s:s, s:o, s:b, s:o}", "page_title", "Audit log", "rows", list,
				 "empty", json_array_size(list) == 0, "filters",
				 audit_filters(c, people));
	if (json_array_size(rows) == AUDIT_PER_PAGE) {
		const json_t *last = json_array_get(rows, json_array_size(rows) - 1);
		json_object_set_new(
			view, "next_url",
			json_sprintf("/admin/audit?%safter=%lld-%lld", audit_query_string(c),
				     (long long)json_integer_value(json_object_get(last, "at")),
				     (long long)json_integer_value(json_object_get(last, "id"))));
	}
	json_decref(rows);
	json_decref(people);
	return web_page(c, "admin_audit", view);
}
