/* The staff workspace on the web: the controls on the request page, the
 * actions they post to, and the dashboard /staff (staff.c). */
#ifndef DISCLOSE_WEB_STAFF_H
#define DISCLOSE_WEB_STAFF_H

#include <jansson.h>

#include "domain/policy.h"
#include "store/store.h"

/* staff_panel_add adds to the request page's req what a signed-in viewer
 * at level may do: for staff "staff" {version, closed, published,
 * can_publish, actions (the form addresses), level_choices,
 * department_choices, contact_choices, typed {}, tasks (the request's
 * tasks, each {id, description, assignee_label, due_date, due_label,
 * overdue, due_soon, done, done_label, done_by, done_note, created_by,
 * can_finish}), open_tasks, has_tasks, assignee_groups (departments and
 * people a task can be for)}; for the request's
 * requester "reply" {version, action, typed {}}; nothing for the public.
 * row is the request as store_request_by_number read it. */
enum store_rc staff_panel_add(struct db *db, const struct viewer *viewer, enum level level,
			      const json_t *row, json_t *req);

#endif
