/* The staff workspace: the request page's staff controls and the requester's
 * reply form (staff_panel_add), the actions they post to
 * (/requests/{number}/{action}), and the dashboard /staff.
 *
 * An action that succeeds answers 303 to the request page. One that is
 * refused shows the request page again, as it is now, with the problem at
 * the top and what was typed kept in its form: 400 for a field error or an
 * action that makes no sense now (a closed request must be reopened
 * first), 409 when the request changed since the form was made (with the
 * list of changes made since). */
#include "web/staff.h"

#include <stdio.h>
#include <string.h>

#include "domain/staff_actions.h"
#include "util/date.h"
#include "web/request_page.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

enum {
	STAFF_USERS_MAX = 500, /* people offered as point of contact */
	CHANGES_MAX = 20,      /* changes listed on a 409 */
	QUEUE_ROWS_MAX = 200,  /* requests listed per queue */
	RECENTLY_CLOSED_DAYS = 30,
};

const char *const staff_message_levels[] = {"public", "requester", "staff", NULL};
const char *const staff_queues[] = {"mine",    "unassigned", "due_soon", "overdue",
				    "paused",  "closed",     NULL};
const char *const staff_sorts[] = {"due", "received", "number", NULL};

static const char *const queue_labels[] = {"Mine", "Unassigned", "Due soon", "Overdue",
					   "Paused", "Recently closed"};
static const char *const sort_labels[] = {"Due date", "Received date", "Number"};
static const char *const message_level_labels[] = {"Public", "Requester + Staff",
						   "Staff (internal note)"};
static const char *const pause_reason_labels[] = {"Clarification", "Payment"};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* choices_mark selects the choice whose value is value (NULL: leaves the
 * selection as it is). */
static void choices_mark(json_t *choices, const char *value)
{
	if (!value)
		return;
	size_t i;
	json_t *ch;
	json_array_foreach(choices, i, ch)
		json_object_set_new(ch, "selected", json_boolean(!strcmp(str(ch, "value"), value)));
}

static json_t *pause_reason_choices(void)
{
	json_t *list = json_array();
	for (size_t i = 0; staff_pause_reasons[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value",
						      staff_pause_reasons[i], "label",
						      pause_reason_labels[i], "selected", i == 0));
	return list;
}

static json_t *level_choices(void)
{
	json_t *list = json_array();
	for (size_t i = 0; staff_message_levels[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value",
						      staff_message_levels[i], "label",
						      message_level_labels[i], "selected",
						      i == LEVEL_REQUESTER));
	return list;
}

enum store_rc staff_panel_add(struct db *db, const struct viewer *viewer, enum level level,
			      const json_t *row, json_t *req)
{
	json_t *version = json_object_get(row, "version");
	const char *number = str(row, "number");
	if (level == LEVEL_REQUESTER) {
		json_object_set_new(req, "reply", json_pack("{s:O, s:s+, s:{}}", "version", version,
							    "action", "/requests/", number,
							    "/message", "typed"));
		return STORE_OK;
	}
	if (level != LEVEL_STAFF)
		return STORE_OK;
	json_t *depts = NULL, *people = NULL;
	enum store_rc rc = store_departments(db, &depts);
	if (rc == STORE_OK)
		rc = store_staff_users(db, STAFF_USERS_MAX, &people);
	if (rc != STORE_OK) {
		json_decref(depts);
		return rc;
	}
	json_t *actions = json_object();
	static const char *const names[] = {"message", "assign", "contact", "due_date",
					    "publish", "unpublish", "close", "reopen",
					    "pause",   "resume"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		json_object_set_new(actions, names[i],
				    json_sprintf("/requests/%s/%s", number, names[i]));
	const char *status = str(row, "status");
	json_t *panel = json_pack(
		"{s:O, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:{}}", "version", version,
		"closed", status && !strcmp(status, "closed"), "paused",
		status && !strcmp(status, "paused"), "published",
		json_is_true(json_object_get(row, "published")), "can_publish",
		viewer->role >= ROLE_PUBLISHER, "actions", actions, "level_choices",
		level_choices(), "pause_reason_choices", pause_reason_choices(),
		"department_choices", view_department_choices(depts, 0),
		"contact_choices",
		view_department_choices(people, json_integer_value(json_object_get(
							row, "point_of_contact_id"))),
		"typed");
	json_decref(depts);
	json_decref(people);
	json_object_set_new(req, "staff", panel);
	/* A bounce marked the requester's address as failing (mail_in). */
	json_t *mail = NULL;
	rc = store_request_mail_state(db, json_integer_value(json_object_get(row, "id")), &mail);
	json_t *failed = json_object_get(mail, "requester_email_failed_at");
	if (rc == STORE_OK && json_is_integer(failed))
		json_object_set_new(panel, "email_failing",
				    json_pack("{s:o, s:O}", "at_label",
					      view_time_label(json_integer_value(failed)), "reason",
					      json_object_get(mail, "requester_email_failure")));
	json_decref(mail);
	return rc;
}

/* ---- Actions ---- */

/* The fields of the action forms, kept when the page is shown again. */
static const char *const typed_fields[] = {"body",	    "level",	     "department",
					   "contact",	    "due_date",	     "due_reason",
					   "close_message", "reopen_reason", "pause_message",
					   NULL};

static const char *param_str(const struct web_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->route->n_params; i++)
		if (!strcmp(c->route->params[i].name, name)) {
			const struct param_value *v = web_param(c, name);
			return v->present ? v->str : NULL;
		}
	return NULL;
}

static void request_number(const struct web_ctx *c, char number[static 24])
{
	const struct reqno *n = &web_param(c, "number")->reqno;
	snprintf(number, 24, "%02d-%d", n->year, n->seq);
}

/* changes_since lists the staff actions newer than version, newest first. */
static json_t *changes_since(struct db *db, const json_t *view, int64_t version)
{
	const json_t *req = json_object_get(view, "request");
	const json_t *panel = json_object_get(req, "staff");
	if (!panel)
		panel = json_object_get(req, "reply");
	int64_t now = json_integer_value(json_object_get(panel, "version"));
	int64_t id = 0;
	json_t *row = NULL;
	if (store_request_by_number(db, str(req, "number"), &row) == STORE_OK)
		id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	int64_t n = now - version;
	json_t *rows = NULL, *out = json_array();
	if (id && n > 0 &&
	    store_request_changes(db, id, n < CHANGES_MAX ? (int)n : CHANGES_MAX, &rows) == STORE_OK) {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			json_array_append_new(
				out, json_pack("{s:s, s:s?, s:o}", "label",
					       staff_action_label(str(r, "action")), "by",
					       str(r, "actor_name"), "at_label",
					       view_time_label(json_integer_value(json_object_get(r, "at")))));
	}
	json_decref(rows);
	return out;
}

/* reshow answers status with the request page as it is now, the problem
 * at the top and the typed values kept in their forms. */
static int reshow(struct web_ctx *c, int status, const char *problem, bool stale)
{
	char number[24];
	request_number(c, number);
	json_t *view = NULL;
	if (request_page_view(c->db, &c->viewer, number, view_today(), &view) != STORE_OK)
		return web_error(c, 404, "There is no request with that number.");
	json_t *req = json_object_get(view, "request");
	json_t *panel = json_object_get(req, "staff");
	if (!panel)
		panel = json_object_get(req, "reply");
	json_t *typed = json_object_get(panel, "typed");
	for (size_t i = 0; typed && typed_fields[i]; i++) {
		const char *v = param_str(c, typed_fields[i]);
		if (v)
			json_object_set_new(typed, typed_fields[i], view_form_value(v));
	}
	choices_mark(json_object_get(panel, "level_choices"), param_str(c, "level"));
	choices_mark(json_object_get(panel, "pause_reason_choices"), param_str(c, "pause_reason"));
	choices_mark(json_object_get(panel, "department_choices"), param_str(c, "department"));
	choices_mark(json_object_get(panel, "contact_choices"), param_str(c, "contact"));
	if (stale) {
		const struct param_value *v = web_param(c, "version");
		json_t *changes = changes_since(c->db, view, v->num);
		json_object_set_new(view, "changes",
				    json_array_size(changes) ? json_pack("{s:o}", "items", changes)
							     : (json_decref(changes), json_null()));
	}
	return web_form_errors(c, status, "request", view, problem);
}

/* act runs one action for the viewer and answers. */
static int act(struct web_ctx *c, struct staff_input *in)
{
	if (c->n_errors)
		return reshow(c, 400, NULL, false);
	char number[24];
	request_number(c, number);
	in->version = web_param(c, "version")->num;
	struct staff_actor actor = {
		.viewer = c->viewer, .ip = c->req->client_ip, .now = date_time_now(),
	};
	const char *problem = NULL;
	switch (staff_act(c->db, &actor, number, in, &problem)) {
	case STAFF_OK: {
		char *to = arena_printf(c->arena, "/requests/%s#timeline-title", number);
		return web_redirect(c, to);
	}
	case STAFF_NOT_FOUND:
		return web_error(c, 404, "There is no request with that number.");
	case STAFF_FORBIDDEN:
		return web_error(c, 403, "You may not do that on this request.");
	case STAFF_STALE:
		return reshow(c, 409,
			      "Someone changed this request after you opened it, so nothing was "
			      "saved. The page now shows it as it is; what you typed is kept "
			      "below. Check it and send it again.",
			      true);
	case STAFF_CLOSED:
	case STAFF_INVALID:
		return reshow(c, 400, problem, false);
	default:
		return web_error(c, 500, "The change could not be saved; please try again.");
	}
}

int action_request_message(struct web_ctx *c)
{
	const struct param_value *level = web_param(c, "level");
	struct staff_input in = {
		.action = STAFF_MESSAGE, .body = param_str(c, "body"),
		.level = level->present ? (enum level)level->num : LEVEL_REQUESTER,
	};
	return act(c, &in);
}

int action_request_assign(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_ASSIGN,
				 .department_id = web_param(c, "department")->num};
	return act(c, &in);
}

int action_request_contact(struct web_ctx *c)
{
	const struct param_value *who = web_param(c, "contact");
	struct staff_input in = {.action = STAFF_CONTACT, .user_id = who->present ? who->num : 0};
	return act(c, &in);
}

int action_request_due_date(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_DUE_DATE, .due_date = param_str(c, "due_date"),
				 .body = param_str(c, "due_reason")};
	return act(c, &in);
}

int action_request_publish(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_PUBLISH};
	return act(c, &in);
}

int action_request_unpublish(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_UNPUBLISH};
	return act(c, &in);
}

int action_request_close(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_CLOSE, .body = param_str(c, "close_message")};
	return act(c, &in);
}

int action_request_reopen(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_REOPEN, .body = param_str(c, "reopen_reason")};
	return act(c, &in);
}

int action_request_pause(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_PAUSE, .body = param_str(c, "pause_message"),
				 .pause_reason = param_str(c, "pause_reason")};
	return act(c, &in);
}

int action_request_resume(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_RESUME};
	return act(c, &in);
}

/* ---- The dashboard ---- */

static const char *queue_url(struct web_ctx *c, size_t queue, size_t sort)
{
	return arena_printf(c->arena, "/staff?queue=%s&sort=%s", staff_queues[queue],
			    staff_sorts[sort]);
}

int page_staff(struct web_ctx *c)
{
	const struct param_value *q = web_param(c, "queue"), *s = web_param(c, "sort");
	size_t queue = q->present ? (size_t)q->num : 0, sort = s->present ? (size_t)s->num : 0;
	struct date today = view_today();
	char today_iso[DATE_FMT_MAX], soon_iso[DATE_FMT_MAX];
	struct store_queue_query query = {
		.user_id = c->viewer.user_id,
		.today = date_format_iso(today, today_iso),
		.soon_until = date_format_iso(date_add_days(today, DUE_SOON_DAYS), soon_iso),
		.closed_since = date_time_now() - RECENTLY_CLOSED_DAYS * 86400,
		.sort = staff_sorts[sort],
		.limit = QUEUE_ROWS_MAX,
	};
	json_t *queues = json_array(), *shown = NULL;
	int64_t shown_count = 0;
	for (size_t i = 0; staff_queues[i]; i++) {
		json_t *rows = NULL;
		int64_t count = 0;
		query.queue = staff_queues[i];
		query.limit = i == queue ? QUEUE_ROWS_MAX : 0;
		if (store_staff_queue(c->db, &query, &rows, &count) != STORE_OK) {
			json_decref(queues);
			json_decref(shown);
			return web_error(c, 500, "The queues could not be read; please try again.");
		}
		if (i == queue) {
			shown = view_request_rows(c->db, rows, today);
			for (size_t j = 0; shown && j < json_array_size(rows); j++)
				json_object_set_new(json_array_get(shown, j), "unpublished",
						    json_boolean(!json_is_true(json_object_get(
							    json_array_get(rows, j), "published"))));
			shown_count = count;
		}
		json_decref(rows);
		json_array_append_new(queues, json_pack("{s:s, s:s, s:I, s:s, s:b}", "key",
							staff_queues[i], "label", queue_labels[i],
							"count", (json_int_t)count, "url",
							queue_url(c, i, sort), "current", i == queue));
	}
	if (!shown) {
		json_decref(queues);
		return web_error(c, 500, "The queue could not be read; please try again.");
	}
	json_t *sorts = json_array();
	for (size_t i = 0; staff_sorts[i]; i++)
		json_array_append_new(sorts, json_pack("{s:s, s:s, s:s, s:b}", "value",
						       staff_sorts[i], "label", sort_labels[i],
						       "url", queue_url(c, queue, i), "current",
						       i == sort));
	return web_page(c, "staff",
			json_pack("{s:s, s:o, s:{s:s, s:s, s:I, s:b, s:o}, s:o}", "page_title",
				  "Staff dashboard", "queues", queues, "queue", "key",
				  staff_queues[queue], "label", queue_labels[queue], "count",
				  (json_int_t)shown_count, "empty", json_array_size(shown) == 0,
				  "rows", shown, "sorts", sorts));
}
