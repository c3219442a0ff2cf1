/* Timeline events: their kinds and how each kind is called on a page
 * (DESIGN.md section 3). The kinds are those the events table allows. */
#ifndef DISCLOSE_EVENT_H
#define DISCLOSE_EVENT_H

#include <stdbool.h>

enum event_kind {
	EVENT_OPENED,
	EVENT_DEPARTMENT_ASSIGNED,
	EVENT_POINT_OF_CONTACT_CHANGED,
	EVENT_SUPPORT_STAFF_CHANGED,
	EVENT_MESSAGE,
	EVENT_INTERNAL_NOTE,
	EVENT_DUE_DATE_CHANGED,
	EVENT_EXTENDED,
	EVENT_PAUSED,
	EVENT_RESUMED,
	EVENT_DOCUMENT_RELEASED,
	EVENT_TASK_ASSIGNED,
	EVENT_TASK_DONE,
	EVENT_PUBLISHED,
	EVENT_UNPUBLISHED,
	EVENT_CLOSED,
	EVENT_REOPENED,
	EVENT_REQUEST_EDITED,
	EVENT_OVERDUE,
	EVENT__COUNT
};

/* event_kind_parse reads a stored kind ("due_date_changed"); false when it
 * is not one. */
bool event_kind_parse(const char *s, enum event_kind *out);
/* event_kind_name is the stored name, event_kind_label the one people read
 * ("Due Date Changed"). */
const char *event_kind_name(enum event_kind k);
const char *event_kind_label(enum event_kind k);

#endif
