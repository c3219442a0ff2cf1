#include "domain/audit.h"

#include <string.h>

#include "domain/staff_actions.h"

/* Actions other than a staff action on a request (staff_action_label
 * names those). */
static const struct {
	const char *action, *label;
} labels[] = {
	{"request_created", "Recorded a new request"},
	{"closure_reason.create", "Added a closure reason"},
	{"closure_reason.update", "Changed a closure reason"},
	{"closure_reason.deactivate", "Deactivated a closure reason"},
	{"closure_reason.reactivate", "Reactivated a closure reason"},
	{"message_template.create", "Added a message template"},
	{"message_template.update", "Changed a message template"},
	{"message_template.deactivate", "Deactivated a message template"},
	{"message_template.reactivate", "Reactivated a message template"},
	{"setting.update", "Changed a portal setting"},
	{"user.create", "Added an account"},
	{"user.update", "Changed an account"},
	{"user.deactivate", "Deactivated an account"},
	{"user.reactivate", "Reactivated an account"},
	{"user.requests_attached", "Linked requests to an account"},
};

const char *const audit_actions[] = {
	"request_created", "request.message", "request.assign", "request.contact",
	"request.due_date", "request.pause", "request.resume", "request.publish",
	"request.unpublish", "request.close", "request.reopen",
	"closure_reason.create", "closure_reason.update", "closure_reason.deactivate",
	"closure_reason.reactivate", "message_template.create", "message_template.update",
	"message_template.deactivate", "message_template.reactivate", "setting.update",
	"user.create", "user.update", "user.deactivate", "user.reactivate",
	"user.requests_attached", NULL,
};

const char *audit_action_label(const char *action)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].action, action))
			return labels[i].label;
	return staff_action_label(action);
}
