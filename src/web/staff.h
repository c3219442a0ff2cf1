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
 * department_choices, contact_choices, template_choices [{value, label,
 * selected}], template_action (the GET form that fills the message from a
 * template), closure_reason_choices [{value, index, label, text,
 * citations, checked}], typed {}}; for the request's
 * requester "reply" {version, action, typed {}}; nothing for the public.
 * row is the request as store_request_by_number read it. */
enum store_rc staff_panel_add(struct db *db, const struct viewer *viewer, enum level level,
			      const json_t *row, json_t *req);

/* staff_panel_use_template puts the active message template's body in the
 * staff message form of a request page's view (and selects it in the
 * template choices); STORE_NOT_FOUND when there is no such active
 * template. Nothing to do on a page without the staff panel. */
enum store_rc staff_panel_use_template(struct db *db, json_t *view, int64_t template_id);

#endif
