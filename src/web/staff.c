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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/request.h"
#include "domain/deadline_admin.h"
#include "domain/staff_actions.h"
#include "domain/wording.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/date.h"
#include "web/request_page.h"
#include "web/staff_edit.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum {
	STAFF_USERS_MAX = 500, /* people offered as point of contact */
	CHANGES_MAX = 20,      /* changes listed on a 409 */
	STAFF_PAGE_ROWS = STAFF_BULK_MAX, /* requests (or tasks) per page of a queue:
					     all of them can be selected at once */
	REQUEST_TASKS_MAX = 100, /* tasks shown on a request page */
	RECENTLY_CLOSED_DAYS = 30,
};

const char *const staff_message_levels[] = {"public", "requester", "staff", NULL};
static const char *const message_level_labels[] = {"Public", "Requester + Staff",
						   "Staff (internal note)"};

static json_t *staff_task_view(const json_t *t, struct deadline_clock now,
			       struct date soon_until);

/* choices_mark selects the choice whose value is value (NULL: leaves the
 * selection as it is). */
static void choices_mark(json_t *choices, const char *value)
{
	if (!value)
		return;
	size_t i;
	json_t *ch;
	json_array_foreach(choices, i, ch)
		json_object_set_new(ch, "selected", json_boolean(!strcmp(json_str(ch, "value"), value)));
}

static json_t *level_choices(void)
{
	return staff_level_choices(LEVEL_REQUESTER);
}

json_t *staff_level_choices(enum level selected)
{
	json_t *list = json_array();
	for (size_t i = 0; staff_message_levels[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value",
						      staff_message_levels[i], "label",
						      message_level_labels[i], "selected",
						      i == selected));
	return list;
}

static enum store_rc wording_choices(struct db *db, json_t *panel, const char *number);

/* id_text: a row's id as the text a form sends back. */
static json_t *id_text(const json_t *row)
{
	return json_sprintf("%lld", (long long)json_integer_value(json_object_get(row, "id")));
}

/* assignee_choices: the departments ("d12") and people ("u5") a task can
 * be for, in two groups. */
static json_t *assignee_choices(const json_t *depts, const json_t *people)
{
	const json_t *lists[] = {depts, people};
	const char prefix[] = {'d', 'u'};
	json_t *groups = json_array();
	for (size_t g = 0; g < 2; g++) {
		json_t *items = json_array(), *row;
		size_t i;
		json_array_foreach(lists[g], i, row)
			json_array_append_new(
				items, json_pack("{s:o, s:s, s:b}", "value",
						 json_sprintf("%c%lld", prefix[g],
							      (long long)json_integer_value(
								      json_object_get(row, "id"))),
						 "label", json_str(row, "name") ?: "", "selected", false));
		json_array_append_new(groups, json_pack("{s:s, s:o}", "label",
							g ? "People" : "Departments", "choices",
							items));
	}
	return groups;
}

/* panel_tasks adds the request's tasks to the staff panel: "tasks" (each
 * as staff_task_view, with can_finish) and the new task form's
 * "assignee_groups". */
static enum store_rc panel_tasks(struct db *db, const struct viewer *viewer, int64_t id,
				 const json_t *depts, const json_t *people, json_t *panel)
{
	json_t *rows = NULL, *mine = NULL;
	enum store_rc rc = store_request_tasks(db, id, REQUEST_TASKS_MAX, &rows);
	if (rc == STORE_OK)
		rc = store_user_departments(db, viewer->user_id, &mine);
	if (rc != STORE_OK) {
		json_decref(rows);
		return rc;
	}
	struct deadline_clock now = view_clock();
	struct date soon_until = view_soon_until(db, rows, now);
	json_t *tasks = json_array(), *t;
	size_t i, open = 0;
	json_array_foreach(rows, i, t) {
		json_t *v = staff_task_view(t, now, soon_until);
		bool done = json_is_true(json_object_get(v, "done"));
		open += !done;
		json_object_set_new(v, "can_finish",
				    json_boolean(!done && staff_may_finish_task(viewer, t, mine)));
		json_array_append_new(tasks, v);
	}
	json_decref(rows);
	json_decref(mine);
	json_object_set_new(panel, "tasks", tasks);
	json_object_set_new(panel, "open_tasks", json_integer((json_int_t)open));
	json_object_set_new(panel, "has_tasks", json_boolean(json_array_size(tasks) > 0));
	json_object_set_new(panel, "assignee_groups", assignee_choices(depts, people));
	return STORE_OK;
}

enum store_rc staff_panel_add(struct db *db, const struct viewer *viewer, enum level level,
			      const json_t *row, json_t *req)
{
	json_t *version = json_object_get(row, "version");
	const char *number = json_str(row, "number");
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
					    "pause",   "resume",
					    /* editing the record (staff_edit.c) */
					    "edit", "support_add", "support_remove", "unassign",
					    /* tasks */
					    "task", "task_done",
					    /* deadlines */
					    "extend"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		json_object_set_new(actions, names[i],
				    json_sprintf("/requests/%s/%s", number, names[i]));
	const char *status = json_str(row, "status");
	json_t *panel = json_pack(
		"{s:O, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o, s:{}}", "version", version,
		"closed", status && !strcmp(status, "closed"), "paused",
		status && !strcmp(status, "paused"), "published",
		json_is_true(json_object_get(row, "published")), "can_publish",
		viewer->role >= ROLE_PUBLISHER, "actions", actions, "level_choices",
		level_choices(),
		"department_choices", view_department_choices(depts, 0),
		"contact_choices",
		view_department_choices(people, json_integer_value(json_object_get(
							row, "point_of_contact_id"))),
		"typed");
	rc = panel_tasks(db, viewer, json_integer_value(json_object_get(row, "id")), depts,
			 people, panel);
	json_decref(depts);
	if (rc == STORE_OK)
		rc = wording_choices(db, panel, number);
	if (rc != STORE_OK) {
		json_decref(panel);
		json_decref(people);
		return rc;
	}
	json_t *extension = NULL, *pause = NULL;
	if (!staff_deadline_forms(db, json_num(row, "id"), json_str(row, "due_explanation"),
				  &extension, &pause)) {
		json_decref(panel);
		json_decref(people);
		return STORE_ERROR;
	}
	json_object_set_new(panel, "extension", extension);
	json_object_set_new(panel, "pause", pause);
	json_object_set_new(req, "staff", panel);
	rc = staff_edit_panel_add(db, row, req, panel, people);
	json_decref(people);
	if (rc != STORE_OK)
		return rc;
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

/* The message form's templates and the close form's reasons: the active
 * ones, in the admins' order. A template's choice is made by a GET form
 * back to the request page (template_action), which needs no script. */
static enum store_rc wording_choices(struct db *db, json_t *panel, const char *number)
{
	json_t *templates = NULL, *reasons = NULL;
	enum store_rc rc = store_wordings(db, STORE_TEMPLATE, true, WORDING_ROWS_MAX, &templates);
	if (rc == STORE_OK)
		rc = store_wordings(db, STORE_REASON, true, WORDING_ROWS_MAX, &reasons);
	if (rc != STORE_OK) {
		json_decref(templates);
		return rc;
	}
	json_t *tc = json_array(), *rcs = json_array(), *row;
	size_t i;
	json_array_foreach(templates, i, row)
		json_array_append_new(tc, json_pack("{s:o, s:O, s:b}", "value", id_text(row),
						    "label", json_object_get(row, "label"),
						    "selected", false));
	json_array_foreach(reasons, i, row)
		json_array_append_new(
			rcs, json_pack("{s:o, s:I, s:O, s:O, s:O, s:b}", "value", id_text(row),
				       "index", (json_int_t)i, "label", json_object_get(row, "label"),
				       "text", json_object_get(row, "text"), "citations",
				       json_object_get(row, "citations"), "checked", false));
	json_decref(templates);
	json_decref(reasons);
	json_object_set_new(panel, "has_templates", json_boolean(json_array_size(tc) > 0));
	json_object_set_new(panel, "template_choices", tc);
	json_object_set_new(panel, "closure_reason_choices", rcs);
	json_object_set_new(panel, "template_action",
			    json_sprintf("/requests/%s#write-message", number));
	return STORE_OK;
}

enum store_rc staff_panel_use_template(struct db *db, json_t *view, int64_t template_id)
{
	json_t *panel = json_object_get(json_object_get(view, "request"), "staff");
	if (!panel)
		return STORE_OK;
	json_t *row = NULL;
	enum store_rc rc = store_wording_get(db, STORE_TEMPLATE, template_id, &row);
	if (rc == STORE_OK && !json_is_true(json_object_get(row, "active")))
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK) {
		json_object_set(json_object_get(panel, "typed"), "body", json_object_get(row, "text"));
		json_object_set(panel, "template_used", json_object_get(row, "label"));
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)template_id);
		choices_mark(json_object_get(panel, "template_choices"), id);
	}
	json_decref(row);
	return rc;
}

/* ---- Actions ---- */

/* The fields of the action forms, kept when the page is shown again. */
static const char *const typed_fields[] = {"body",	    "level",	     "department",
					   "contact",	    "due_date",	     "due_reason",
					   "close_message", "reopen_reason", "pause_message",
					   "task_description", "task_due_date", "task_note",
					   "extend_note", NULL};

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

const char *staff_param_str(const struct web_ctx *c, const char *name)
{
	return param_str(c, name);
}

void staff_number(const struct web_ctx *c, char number[static 24])
{
	request_number(c, number);
}

json_t *staff_changes_since(struct db *db, const char *number, int64_t version)
{
	json_t *row = NULL, *rows = NULL, *out = json_array();
	if (store_request_by_number(db, number, &row) != STORE_OK)
		return out;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t n = json_integer_value(json_object_get(row, "version")) - version;
	json_decref(row);
	if (n > 0 &&
	    store_request_changes(db, id, n < CHANGES_MAX ? (int)n : CHANGES_MAX, &rows) == STORE_OK) {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			json_array_append_new(
				out, json_pack("{s:s, s:s?, s:o}", "label",
					       staff_action_label(json_str(r, "action")), "by",
					       json_str(r, "actor_name"), "at_label",
					       view_time_label(json_integer_value(json_object_get(r, "at")))));
	}
	json_decref(rows);
	return out;
}

/* declared: whether the action's route has the parameter name. */
static bool declared(const struct web_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->route->n_params; i++)
		if (!strcmp(c->route->params[i].name, name))
			return true;
	return false;
}

/* reasons_mark checks the closure reasons the close form sent. */
static void reasons_mark(const struct web_ctx *c, json_t *choices)
{
	if (!declared(c, "reasons"))
		return;
	const struct param_value *v = web_param(c, "reasons");
	size_t i;
	json_t *ch;
	json_array_foreach(choices, i, ch) {
		bool on = false;
		for (size_t k = 0; k < v->n_items && !on; k++)
			on = v->items[k].str && !strcmp(v->items[k].str, json_str(ch, "value"));
		json_object_set_new(ch, "checked", json_boolean(on));
	}
}

void staff_add_changes(struct web_ctx *c, json_t *view)
{
	char number[24];
	request_number(c, number);
	json_t *changes = staff_changes_since(c->db, number, web_param(c, "version")->num);
	json_object_set_new(view, "changes",
			    json_array_size(changes) ? json_pack("{s:o}", "items", changes)
						     : (json_decref(changes), json_null()));
}

/* mark_task_typed shows a refused task form again: the assignee chosen,
 * and the note typed under the task it was for. */
static void mark_task_typed(const struct web_ctx *c, json_t *panel)
{
	size_t i;
	json_t *g, *t;
	json_array_foreach(json_object_get(panel, "assignee_groups"), i, g)
		choices_mark(json_object_get(g, "choices"), param_str(c, "task_assignee"));
	const char *note = param_str(c, "task_note");
	if (!note)
		return;
	int64_t task = web_param(c, "task")->num;
	json_array_foreach(json_object_get(panel, "tasks"), i, t)
		if (json_integer_value(json_object_get(t, "id")) == task)
			json_object_set_new(t, "typed_note", view_form_value(note));
}

/* reshow answers status with the request page as it is now, the problem
 * at the top and the typed values kept in their forms. */
static int reshow(struct web_ctx *c, int status, const char *problem, bool stale)
{
	char number[24];
	request_number(c, number);
	json_t *view = NULL;
	if (request_page_view(c->db, &c->viewer, number, view_clock(), &view) != STORE_OK)
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
	size_t g;
	json_t *group;
	json_array_foreach(json_object_get(json_object_get(panel, "pause"), "groups"), g, group)
		choices_mark(json_object_get(group, "reasons"), param_str(c, "pause_reason"));
	choices_mark(json_object_get(panel, "department_choices"), param_str(c, "department"));
	choices_mark(json_object_get(panel, "contact_choices"), param_str(c, "contact"));
	if (c->route->handler == action_request_extend)
		reasons_mark(c, json_object_get(json_object_get(panel, "extension"), "reasons"));
	else
		reasons_mark(c, json_object_get(panel, "closure_reason_choices"));
	choices_mark(json_object_get(panel, "support_choices"), param_str(c, "support_user"));
	mark_task_typed(c, panel);
	if (stale)
		staff_add_changes(c, view);
	return web_form_errors(c, status, "request", view, problem);
}

int staff_run(struct web_ctx *c, struct staff_input *in, staff_reshow_fn again,
	      const char *done)
{
	if (c->n_errors)
		return again(c, 400, NULL, false);
	char number[24];
	request_number(c, number);
	in->version = web_param(c, "version")->num;
	struct staff_actor actor = {
		.viewer = c->viewer, .ip = c->req->client_ip, .now = date_time_now(),
	};
	const char *problem = NULL;
	switch (staff_act(c->db, &actor, number, in, &problem)) {
	case STAFF_OK:
		return web_redirect(c, done);
	case STAFF_NOT_FOUND:
		return web_error(c, 404, "There is no request with that number.");
	case STAFF_FORBIDDEN:
		return web_error(c, 403, "You may not do that on this request.");
	case STAFF_STALE:
		return again(c, 409,
			      "Someone changed this request after you opened it, so nothing was "
			      "saved. The page now shows it as it is; what you typed is kept "
			      "below. Check it and send it again.",
			      true);
	case STAFF_NEEDS_NOTE:
		web_add_error(c, "extend_note", problem);
		return reshow(c, 400, NULL, false);
	case STAFF_CLOSED:
	case STAFF_INVALID:
		return again(c, 400, problem, false);
	case STAFF_BAD_REASON:
		web_add_error(c, "reasons", "must be one or more of the active reasons listed");
		return again(c, 400, NULL, false);
	case STAFF_BAD_PAUSE_REASON:
		web_add_error(c, "pause_reason", "must be one of the reasons listed");
		return again(c, 400, NULL, false);
	default:
		return web_error(c, 500, "The change could not be saved; please try again.");
	}
}

/* act runs one action of the request page and answers. */
static int act(struct web_ctx *c, struct staff_input *in)
{
	char number[24];
	request_number(c, number);
	return staff_run(c, in, reshow,
			 arena_printf(c->arena, "/requests/%s#timeline-title", number));
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
	const struct param_value *v = web_param(c, "reasons");
	int64_t *ids = arena_calloc(c->arena, v->n_items ? v->n_items : 1, sizeof *ids);
	for (size_t i = 0; i < v->n_items; i++)
		ids[i] = v->items[i].num;
	struct staff_input in = {.action = STAFF_CLOSE, .body = param_str(c, "close_message"),
				 .reason_ids = ids, .n_reasons = v->n_items};
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

int action_request_extend(struct web_ctx *c)
{
	const struct param_value *v = web_param(c, "reasons");
	const char **reasons = arena_calloc(c->arena, v->n_items + 1, sizeof *reasons);
	for (size_t i = 0; i < v->n_items; i++)
		reasons[i] = v->items[i].str;
	struct staff_input in = {.action = STAFF_EXTEND, .body = param_str(c, "extend_note"),
				 .extension_reasons = reasons, .n_extension_reasons = v->n_items};
	return act(c, &in);
}

int action_request_resume(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_RESUME};
	return act(c, &in);
}

/* Support staff and departments taken off (the record's edits that the
 * request page's panel holds; staff_edit.c has the others). */
int action_request_support_add(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_SUPPORT_ADD,
				 .user_id = web_param(c, "support_user")->num};
	return act(c, &in);
}

int action_request_support_remove(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_SUPPORT_REMOVE,
				 .user_id = web_param(c, "support_user")->num};
	return act(c, &in);
}

int action_request_unassign(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_UNASSIGN,
				 .department_id = web_param(c, "remove_department")->num};
	return act(c, &in);
}

/* parse_assignee reads "d12" (a department) or "u5" (a person) into in. */
static bool parse_assignee(const char *v, struct staff_input *in)
{
	if (!v || (v[0] != 'd' && v[0] != 'u') || v[1] < '1' || v[1] > '9')
		return false;
	char *end = NULL;
	errno = 0;
	long long id = strtoll(v + 1, &end, 10);
	if (errno || *end || id <= 0)
		return false;
	if (v[0] == 'd')
		in->department_id = id;
	else
		in->user_id = id;
	return true;
}

int action_request_task(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_TASK,
				 .body = param_str(c, "task_description"),
				 .due_date = param_str(c, "task_due_date")};
	const char *who = param_str(c, "task_assignee");
	if (who && !parse_assignee(who, &in))
		web_add_error(c, "task_assignee", "is not a department or a person on the list.");
	return act(c, &in);
}

int action_request_task_done(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_TASK_DONE, .body = param_str(c, "task_note"),
				 .task_id = web_param(c, "task")->num};
	return act(c, &in);
}

/* ---- The dashboard ---- */

/* The queues, each with its label; "tasks" lists the viewer's open tasks,
 * the others requests. */
const char *const staff_queues[] = {"mine",    "tasks",  "departments", "unassigned", "due_soon",
				    "overdue", "paused", "closed",      "all",        NULL};
static const char *const queue_labels[] = {"Mine",    "My tasks", "My departments",
					   "Unassigned", "Due soon", "Overdue",
					   "Paused",  "Recently closed", "All requests"};
enum { QUEUE_TASKS = 1 };
const char *const staff_sorts[] = {"due", "received", "number", NULL};
const char *const staff_directions[] = {"asc", "desc", NULL};
const char *const staff_statuses[] = {"open", "paused", "closed", NULL};
static const char *const status_labels[] = {"Open", "Paused", "Closed"};
static const char *const sort_labels[] = {"Due date", "Received date", "Number"};
/* How each order reads, ascending and descending; the default direction. */
static const char *const order_labels[][2] = {
	{"soonest first", "latest first"},
	{"oldest first", "newest first"},
	{"lowest first", "highest first"},
};
static const bool sort_descending[] = {false, true, true};

/* What the dashboard shows: the queue, its order, its filters, the page. */
struct dash {
	size_t queue, sort;
	bool desc;
	int64_t department, contact; /* 0: any */
	int status, channel;          /* index of the choice; -1: any */
	bool flagged;                 /* only requests with a compliance flag */
	int64_t page;                 /* from 1 */
};

static struct dash dash_read(const struct web_ctx *c)
{
	const struct param_value *q = web_param(c, "queue"), *s = web_param(c, "sort"),
				 *dir = web_param(c, "dir"), *st = web_param(c, "status"),
				 *ch = web_param(c, "channel"), *pg = web_param(c, "page");
	struct dash d = {
		.queue = q->present ? (size_t)q->num : 0,
		.sort = s->present ? (size_t)s->num : 0,
		.department = web_param(c, "department")->num,
		.contact = web_param(c, "contact")->num,
		.status = st->present ? (int)st->num : -1,
		.channel = ch->present ? (int)ch->num : -1,
		.page = pg->present ? pg->num : 1,
		.flagged = web_param(c, "flag")->present,
	};
	d.desc = dir->present ? dir->num == 1 : sort_descending[d.sort];
	return d;
}

/* dash_url is the dashboard's address for d: queue and sort always, the
 * rest when it is not the default. */
static const char *dash_url(struct web_ctx *c, const struct dash *d)
{
	struct buf b = {0};
	buf_printf(&b, "/staff?queue=%s&sort=%s", staff_queues[d->queue], staff_sorts[d->sort]);
	if (d->desc != sort_descending[d->sort])
		buf_printf(&b, "&dir=%s", staff_directions[d->desc]);
	if (d->department)
		buf_printf(&b, "&department=%lld", (long long)d->department);
	if (d->status >= 0)
		buf_printf(&b, "&status=%s", staff_statuses[d->status]);
	if (d->channel >= 0)
		buf_printf(&b, "&channel=%s", request_channels[d->channel]);
	if (d->contact)
		buf_printf(&b, "&contact=%lld", (long long)d->contact);
	if (d->flagged)
		buf_printf(&b, "&flag=%s", archive_flag_choices[0]);
	if (d->page > 1)
		buf_printf(&b, "&page=%lld", (long long)d->page);
	char *url = arena_strdup(c->arena, buf_cstr(&b));
	buf_free(&b);
	return url;
}

/* staff_task_view turns a task row (store_task_get) into {id, description,
 * assignee_label ("Training Division" or a name), due_date, due_label,
 * overdue, due_soon, done, done_label, done_by, done_note, created_by}. */
static json_t *staff_task_view(const json_t *t, struct deadline_clock now,
			       struct date soon_until)
{
	bool done = !strcmp(json_str(t, "status") ?: "", "done");
	const char *due = json_str(t, "due_date");
	const char *who = json_str(t, "assignee_department_name") ?: json_str(t, "assignee_user_name");
	json_t *v = json_object();
	view_status(v, done ? "closed" : "open", due, DEADLINE_END_OF_DAY, now, soon_until);
	json_object_del(v, "status");
	json_object_del(v, "status_label");
	json_object_set(v, "id", json_object_get(t, "id"));
	json_object_set_new(v, "description", json_string(json_str(t, "description") ?: ""));
	json_object_set_new(v, "assignee_label", json_string(who ?: "nobody"));
	json_object_set_new(v, "due_date", due ? json_string(due) : json_null());
	json_object_set_new(v, "due_label", view_date_label(due));
	json_object_set_new(v, "done", json_boolean(done));
	json_t *at = json_object_get(t, "done_at");
	json_object_set_new(v, "done_label",
			    json_is_integer(at) ? view_time_label(json_integer_value(at)) : json_null());
	static const char *const names[][2] = {{"done_by", "done_by_name"},
					       {"done_note", "done_note"},
					       {"created_by", "created_by_name"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *value = json_str(t, names[i][1]);
		json_object_set_new(v, names[i][0], value ? json_string(value) : json_null());
	}
	return v;
}

/* choices turns a NULL-terminated list of values into options, labelled
 * by labels (NULL: label_of), with selected marked. */
static json_t *choices(const char *const *values, const char *const *labels,
		       const char *(*label_of)(const char *), int selected)
{
	json_t *list = json_array();
	for (int i = 0; values[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", values[i],
						      "label", labels ? labels[i] : label_of(values[i]),
						      "selected", i == selected));
	return list;
}

/* dash_filters: the filter form's choices and what is chosen. */
static json_t *dash_filters(struct web_ctx *c, const struct dash *d, json_t *depts,
			    json_t *people)
{
	struct dash clear = {.queue = d->queue, .sort = d->sort, .desc = d->desc, .status = -1,
			     .channel = -1, .page = 1};
	bool active = d->department || d->contact || d->status >= 0 || d->channel >= 0 ||
		      d->flagged;
	return json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:s, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
			 "department_choices", view_department_choices(depts, d->department),
			 "status_choices", choices(staff_statuses, status_labels, NULL, d->status),
			 "channel_choices",
			 choices(request_channels, NULL, request_channel_label, d->channel),
			 "contact_choices", view_department_choices(people, d->contact), "flagged",
			 d->flagged, "active", active, "clear_url", dash_url(c, &clear), "keep", "name", "queue",
			 "value", staff_queues[d->queue], "name", "sort", "value",
			 staff_sorts[d->sort], "name", "dir", "value",
			 staff_directions[d->desc]);
}

/* dash_sorts: a link per order (the current one reversed by its link). */
static json_t *dash_sorts(struct web_ctx *c, const struct dash *d)
{
	json_t *sorts = json_array();
	for (size_t i = 0; staff_sorts[i]; i++) {
		struct dash to = *d;
		to.sort = i;
		to.page = 1;
		to.desc = i == d->sort ? !d->desc : sort_descending[i];
		bool current = i == d->sort;
		json_array_append_new(
			sorts, json_pack("{s:s, s:s, s:s, s:s, s:b}", "value", staff_sorts[i],
					 "label", sort_labels[i], "order_label",
					 order_labels[i][current ? d->desc : sort_descending[i]],
					 "url", dash_url(c, &to), "current", current));
		if (current)
			json_object_set_new(json_array_get(sorts, i), "reverse_label",
					    json_string(order_labels[i][!d->desc]));
	}
	return sorts;
}

/* dash_paging: where this page is, and links to the pages around it. */
static json_t *dash_paging(struct web_ctx *c, const struct dash *d, int64_t count)
{
	int64_t pages = count ? (count + STAFF_PAGE_ROWS - 1) / STAFF_PAGE_ROWS : 1;
	struct dash prev = *d, next = *d;
	prev.page = d->page - 1;
	next.page = d->page + 1;
	int64_t from = (d->page - 1) * STAFF_PAGE_ROWS + 1;
	int64_t to = d->page * STAFF_PAGE_ROWS < count ? d->page * STAFF_PAGE_ROWS : count;
	return json_pack("{s:I, s:I, s:I, s:I, s:b, s:s?, s:s?}", "page", (json_int_t)d->page,
			 "pages", (json_int_t)pages, "from", (json_int_t)(from <= to ? from : 0),
			 "to", (json_int_t)(from <= to ? to : 0), "several", pages > 1,
			 "prev_url", d->page > 1 ? dash_url(c, &prev) : NULL, "next_url",
			 d->page < pages ? dash_url(c, &next) : NULL);
}

/* dash_rows: the shown queue's rows for the page. */
static json_t *dash_rows(struct web_ctx *c, const struct dash *d, const json_t *rows,
			 struct deadline_clock now, struct date soon_until)
{
	if (d->queue == QUEUE_TASKS) {
		json_t *out = json_array(), *t;
		size_t i;
		json_array_foreach(rows, i, t) {
			json_t *v = staff_task_view(t, now, soon_until);
			const char *number = json_str(t, "number");
			json_object_set_new(v, "request_number", json_string(number));
			json_object_set_new(v, "request_url", json_sprintf("/requests/%s", number));
			json_object_set(v, "version", json_object_get(t, "request_version"));
			json_object_set_new(v, "done_action",
					    json_sprintf("/requests/%s/task_done", number));
			json_array_append_new(out, v);
		}
		return out;
	}
	json_t *out = view_request_rows(c->db, rows, now);
	for (size_t j = 0; out && j < json_array_size(rows); j++) {
		const json_t *row = json_array_get(rows, j);
		json_t *v = json_array_get(out, j);
		json_object_set_new(v, "unpublished",
				    json_boolean(!json_is_true(json_object_get(row, "published"))));
		json_object_set(v, "version", json_object_get(row, "version"));
		json_object_set_new(v, "pick",
				    json_sprintf("%s@%lld", json_str(row, "number"),
						 (long long)json_integer_value(
							 json_object_get(row, "version"))));
	}
	return out;
}

int page_staff(struct web_ctx *c)
{
	struct dash d = dash_read(c);
	struct deadline_clock now = view_clock();
	struct date soon_until = deadline_soon_until(c->db, now.today);
	char now_text[DATE_FMT_MAX], soon_iso[DATE_FMT_MAX];
	struct store_queue_query query = {
		.user_id = c->viewer.user_id,
		.now = deadline_clock_text(now, now_text),
		.soon_until = date_format_iso(soon_until, soon_iso),
		.closed_since = date_time_now() - RECENTLY_CLOSED_DAYS * 86400,
		.sort = staff_sorts[d.sort],
		.descending = d.desc,
		.department_id = d.department,
		.status = d.status >= 0 ? staff_statuses[d.status] : NULL,
		.channel = d.channel >= 0 ? request_channels[d.channel] : NULL,
		.contact_id = d.contact,
		.flagged = d.flagged,
	};
	json_t *queues = json_array(), *shown = NULL, *depts = NULL, *people = NULL;
	int64_t shown_count = 0;
	bool failed = store_departments(c->db, &depts) != STORE_OK ||
		      store_staff_users(c->db, STAFF_USERS_MAX, &people) != STORE_OK;
	for (size_t i = 0; !failed && staff_queues[i]; i++) {
		json_t *rows = NULL;
		int64_t count = 0;
		query.queue = staff_queues[i];
		query.limit = i == d.queue ? STAFF_PAGE_ROWS : 0;
		query.offset = i == d.queue ? (d.page - 1) * STAFF_PAGE_ROWS : 0;
		if (store_staff_queue(c->db, &query, &rows, &count) != STORE_OK) {
			failed = true;
			break;
		}
		if (i == d.queue) {
			shown = dash_rows(c, &d, rows, now, soon_until);
			shown_count = count;
			failed = !shown;
		}
		json_decref(rows);
		struct dash to = d;
		to.queue = i;
		to.page = 1;
		json_array_append_new(queues, json_pack("{s:s, s:s, s:I, s:s, s:b}", "key",
							staff_queues[i], "label", queue_labels[i],
							"count", (json_int_t)count, "url",
							dash_url(c, &to), "current", i == d.queue));
	}
	if (failed) {
		json_decref(queues);
		json_decref(shown);
		json_decref(depts);
		json_decref(people);
		return web_error(c, 500, "The queues could not be read; please try again.");
	}
	bool tasks = d.queue == QUEUE_TASKS, empty = json_array_size(shown) == 0;
	json_t *bulk = tasks || empty ? json_null()
				      : json_pack("{s:s, s:b, s:o, s:s}", "action", "/staff/bulk",
						  "can_publish", c->viewer.role >= ROLE_PUBLISHER,
						  "department_choices",
						  view_department_choices(depts, 0), "back",
						  dash_url(c, &d));
	json_t *view = json_pack(
		"{s:s, s:o, s:{s:s, s:s, s:I, s:b, s:b, s:o, s:s}, s:o, s:o, s:o, s:o}",
		"page_title", "Staff dashboard", "queues", queues, "queue", "key",
		staff_queues[d.queue], "label", queue_labels[d.queue], "count",
		(json_int_t)shown_count, "empty", empty, "tasks", tasks, "rows", shown,
		"order_label", order_labels[d.sort][d.desc], "sorts", dash_sorts(c, &d), "filters",
		dash_filters(c, &d, depts, people), "paging", dash_paging(c, &d, shown_count),
		"bulk", bulk);
	json_decref(depts);
	json_decref(people);
	return web_page(c, "staff", view);
}

/* ---- Bulk actions ---- */

const char *const staff_bulk_actions[] = {"assign", "publish", NULL};
static const char *const bulk_labels[] = {"Assign a department", "Publish"};
static const char *const bulk_done[] = {"Department assigned.", "Published."};

/* bulk_pick reads "19-5156@3" into a request number and the version it
 * was shown at. */
static bool bulk_pick(const char *v, char number[static 24], int64_t *version)
{
	const char *at = strchr(v, '@');
	struct reqno n;
	if (!at || at - v >= 24)
		return false;
	memcpy(number, v, (size_t)(at - v));
	number[at - v] = '\0';
	char *end = NULL;
	errno = 0;
	long long ver = strtoll(at + 1, &end, 10);
	if (!reqno_parse(number, &n) || errno || *end || end == at + 1 || ver < 1)
		return false;
	snprintf(number, 24, "%02d-%d", n.year, n.seq);
	*version = ver;
	return true;
}

/* bulk_outcome: how one request's result reads, and its reason key. */
static json_t *bulk_outcome(enum staff_rc rc, size_t action, const char *problem)
{
	switch (rc) {
	case STAFF_OK:
		return json_pack("{s:b, s:s, s:s}", "ok", true, "reason", "done", "message",
				 bulk_done[action]);
	case STAFF_NOT_FOUND:
		return json_pack("{s:b, s:s, s:s}", "ok", false, "reason", "not_found", "message",
				 "Refused: there is no request with that number.");
	case STAFF_FORBIDDEN:
		return json_pack("{s:b, s:s, s:s}", "ok", false, "reason", "forbidden", "message",
				 action == 1 ? "Refused: publishing needs the publisher role."
					     : "Refused: you may not do that on this request.");
	case STAFF_STALE:
		return json_pack("{s:b, s:s, s:s}", "ok", false, "reason", "changed", "message",
				 "Refused: someone changed the request after the dashboard was "
				 "shown. Open it to see what changed.");
	case STAFF_CLOSED:
		return json_pack("{s:b, s:s, s:s}", "ok", false, "reason", "closed", "message",
				 "Refused: the request is closed; reopen it first.");
	case STAFF_INVALID:
		return json_pack("{s:b, s:s, s:s+}", "ok", false, "reason", "invalid", "message",
				 "Refused: ", problem ? problem : "that makes no sense here.");
	default:
		return json_pack("{s:b, s:s, s:s}", "ok", false, "reason", "error", "message",
				 "Not saved: the database failed. Please try again.");
	}
}

int action_staff_bulk(struct web_ctx *c)
{
	const struct param_value *picked = web_param(c, "requests");
	size_t action = (size_t)web_param(c, "bulk_action")->num;
	const struct param_value *dept = web_param(c, "department");
	const char *back = param_str(c, "back");
	if (!back || strncmp(back, "/staff?", 7))
		back = "/staff";
	if (!strcmp(staff_bulk_actions[action], "assign") && !dept->present)
		return web_field_error(c, "department", "Choose the department to assign.");
	char (*numbers)[24] = arena_calloc(c->arena, picked->n_items, sizeof *numbers);
	int64_t *versions = arena_calloc(c->arena, picked->n_items, sizeof *versions);
	for (size_t i = 0; i < picked->n_items; i++)
		if (!bulk_pick(picked->items[i].str, numbers[i], &versions[i]))
			return web_field_error(c, "requests", "Choose requests from the dashboard.");
	struct staff_actor actor = {
		.viewer = c->viewer, .ip = c->req->client_ip, .now = date_time_now(),
	};
	json_t *results = json_array();
	size_t done = 0;
	for (size_t i = 0; i < picked->n_items; i++) {
		bool repeated = false;
		for (size_t j = 0; j < i; j++)
			repeated = repeated || !strcmp(numbers[i], numbers[j]);
		if (repeated)
			continue;
		struct staff_input in = {
			.action = action == 0 ? STAFF_ASSIGN : STAFF_PUBLISH,
			.version = versions[i],
			.department_id = dept->num,
		};
		const char *problem = NULL;
		enum staff_rc rc = staff_act(c->db, &actor, numbers[i], &in, &problem);
		json_t *r = bulk_outcome(rc, action, problem);
		done += rc == STAFF_OK;
		json_object_set_new(r, "number", json_string(numbers[i]));
		json_object_set_new(r, "url", json_sprintf("/requests/%s", numbers[i]));
		json_array_append_new(results, r);
	}
	size_t total = json_array_size(results);
	return web_page(c, "staff_bulk",
			json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:I, s:o, s:s}", "page_title",
				  "Bulk action: results", "action", staff_bulk_actions[action],
				  "action_label", bulk_labels[action], "done", (json_int_t)done,
				  "refused", (json_int_t)(total - done), "any_refused", done < total,
				  "total", (json_int_t)total, "results", results, "back", back));
}
