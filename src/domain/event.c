#include "domain/event.h"

#include <string.h>

static const struct {
	const char *name, *label;
} kinds[] = {
	[EVENT_OPENED] = {"opened", "Request Opened"},
	[EVENT_DEPARTMENT_ASSIGNED] = {"department_assigned", "Department Assignment"},
	[EVENT_POINT_OF_CONTACT_CHANGED] = {"point_of_contact_changed", "Point of Contact Changed"},
	[EVENT_SUPPORT_STAFF_CHANGED] = {"support_staff_changed", "Support Staff Changed"},
	[EVENT_MESSAGE] = {"message", "External Message"},
	[EVENT_INTERNAL_NOTE] = {"internal_note", "Internal Note"},
	[EVENT_DUE_DATE_CHANGED] = {"due_date_changed", "Due Date Changed"},
	[EVENT_EXTENDED] = {"extended", "Deadline Extended"},
	[EVENT_PAUSED] = {"paused", "Request Paused"},
	[EVENT_RESUMED] = {"resumed", "Request Resumed"},
	[EVENT_DOCUMENT_RELEASED] = {"document_released", "Document Released"},
	[EVENT_TASK_ASSIGNED] = {"task_assigned", "Task Assigned"},
	[EVENT_TASK_DONE] = {"task_done", "Task Completed"},
	[EVENT_PUBLISHED] = {"published", "Request Published"},
	[EVENT_UNPUBLISHED] = {"unpublished", "Request Unpublished"},
	[EVENT_CLOSED] = {"closed", "Request Closed"},
	[EVENT_REOPENED] = {"reopened", "Request Reopened"},
	[EVENT_REQUEST_EDITED] = {"request_edited", "Request Edited"},
	[EVENT_OVERDUE] = {"overdue", "Overdue"},
};
_Static_assert(sizeof kinds / sizeof kinds[0] == EVENT__COUNT, "every event kind has a label");

bool event_kind_parse(const char *s, enum event_kind *out)
{
	for (int k = 0; s && k < EVENT__COUNT; k++)
		if (!strcmp(s, kinds[k].name)) {
			*out = (enum event_kind)k;
			return true;
		}
	return false;
}

const char *event_kind_name(enum event_kind k)
{
	return k < EVENT__COUNT ? kinds[k].name : "";
}

const char *event_kind_label(enum event_kind k)
{
	return k < EVENT__COUNT ? kinds[k].label : "";
}
