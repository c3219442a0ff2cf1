/* The staff workspace on the web: the controls on the request page, the
 * actions they post to, and the dashboard /staff (staff.c). */
#ifndef DISCLOSE_WEB_STAFF_H
#define DISCLOSE_WEB_STAFF_H

#include <jansson.h>

#include "domain/policy.h"
#include "domain/staff_actions.h"
#include "store/store.h"
#include "web/web.h"

/* staff_panel_add adds to the request page's req what a signed-in viewer
 * at level may do: for staff "staff" {version, closed, published,
 * can_publish, actions (the form addresses), level_choices,
 * department_choices, contact_choices, template_choices [{value, label,
 * selected}], template_action (the GET form that fills the message from a
 * template), closure_reason_choices [{value, index, label, text,
 * citations, checked}], typed {}, tasks (the request's tasks, each {id,
 * description, assignee_label, due_date, due_label, overdue, due_soon,
 * done, done_label, done_by, done_note, created_by, can_finish}),
 * open_tasks, has_tasks, assignee_groups (departments and people a task
 * can be for), extension and pause {note, groups}
 * (staff_deadline_forms)}; for the request's
 * requester "reply" {version, action, typed {}}; nothing for the public.
 * row is the request as store_request_by_number read it. */
enum store_rc staff_panel_add(struct db *db, const struct viewer *viewer, enum level level,
			      const json_t *row, json_t *req);

/* staff_panel_use_template puts the active message template's body in the
 * staff message form of a request page's view (and selects it in the
 * template choices); STORE_NOT_FOUND when there is no such active
 * template. Nothing to do on a page without the staff panel. */
enum store_rc staff_panel_use_template(struct db *db, json_t *view, int64_t template_id);
/* staff_reshow_fn answers a refused action with its form page again: the
 * status, the problem (NULL: field errors only) and, when the form was
 * stale, the changes since (staff_add_changes). */
typedef int (*staff_reshow_fn)(struct web_ctx *c, int status, const char *problem, bool stale);

/* staff_run does in (at the form's "version") on the request of the path's
 * "number" for the viewer and answers: 303 to done; reshow's 400 for field
 * errors or a refusal, 409 when stale; 403, 404 or 500 otherwise. */
int staff_run(struct web_ctx *c, struct staff_input *in, staff_reshow_fn reshow,
	      const char *done);

/* staff_number writes the path's request number ("19-5156"). */
void staff_number(const struct web_ctx *c, char number[static 24]);

/* staff_param_str: the route's parameter name as given, NULL when absent
 * or not a parameter of the route. */
const char *staff_param_str(const struct web_ctx *c, const char *name);

/* staff_level_choices: the levels a message may have, [{value, label,
 * selected}], selected marked. */
json_t *staff_level_choices(enum level selected);

/* staff_changes_since lists the staff actions on request number after
 * version, newest first: [{label, by, at_label}] (at most 20).
 * staff_add_changes sets view.changes {items} to those after the form's
 * "version" (null when none). */
json_t *staff_changes_since(struct db *db, const char *number, int64_t version);
void staff_add_changes(struct web_ctx *c, json_t *view);

#endif
