/* Editing the record on the web (staff_edit.c): the request's text and its
 * history, an event's level, visibility and text, and on the request
 * page's staff panel, support staff and departments to take off. */
#ifndef DISCLOSE_WEB_STAFF_EDIT_H
#define DISCLOSE_WEB_STAFF_EDIT_H

#include <jansson.h>

#include "store/store.h"

/* staff_edit_panel_add adds to the staff's request page req its
 * "text_history" (null until the text was edited; else {versions: [{label,
 * at_label, by, title, reason, text_html, current}]}, the text as received
 * first), and to its staff panel "support_staff" [{id, name, title}],
 * "support_choices" (people, the staff accounts [{id, name}], not yet
 * support staff) and "assigned" [{id, name}] (the departments, to take
 * off). row is the request as store_request_by_number read it. */
enum store_rc staff_edit_panel_add(struct db *db, const json_t *row, json_t *req, json_t *panel,
				   const json_t *people);

#endif
