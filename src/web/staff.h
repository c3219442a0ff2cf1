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
 * department_choices, contact_choices, extension (staff_extension_view),
 * pause_note (staff_pause_note), typed {}}; for the request's
 * requester "reply" {version, action, typed {}}; nothing for the public.
 * row is the request as store_request_by_number read it. */
enum store_rc staff_panel_add(struct db *db, const struct viewer *viewer, enum level level,
			      const json_t *row, json_t *req);

#endif
