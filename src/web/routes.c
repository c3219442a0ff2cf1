/* Every URL of the portal: method, pattern, handler, minimum role and the
 * parameters it accepts. To find the code behind a URL, look here. */
#include "web/routes.h"

#include <stdint.h>

#include "domain/deadline.h"
#include "domain/deadline_admin.h"
#include "domain/due.h"
#include "domain/document.h"
#include "domain/request.h"
#include "domain/staff_actions.h"
#include "domain/password.h"
#include "domain/users.h"
#include "domain/audit.h"
#include "domain/wording.h"

#define PARAMS(a) a, sizeof a / sizeof a[0]
#define NO_PARAMS NULL, 0

/* ---- Shared parameters ---- */

#define EMAIL_FIELD \
	{.name = "email", .label = "Email address", .type = PARAM_EMAIL, .source = PARAM_FORM, \
	 .required = true, .max_len = 254}
#define NEW_PASSWORD_FIELDS \
	{.name = "password", .label = "Password", .type = PARAM_LINE, .source = PARAM_FORM, \
	 .required = true, .max_len = PASSWORD_MAX_LENGTH}, \
	{.name = "password_confirm", .label = "The repeated password", .type = PARAM_LINE, \
	 .source = PARAM_FORM, .required = true, .max_len = PASSWORD_MAX_LENGTH}
/* A single-use token from an emailed link. */
#define TOKEN_PATH \
	{.name = "token", .type = PARAM_LINE, .source = PARAM_PATH, .required = true, .max_len = 64}
#define PAGE_QUERY \
	{.name = "page", .type = PARAM_INT, .source = PARAM_QUERY, .min = 1, .max = 100000}
#define USER_ID_PATH \
	{.name = "id", .type = PARAM_INT, .source = PARAM_PATH, .required = true, .min = 1, \
	 .max = INT64_MAX}
#define USER_FIELDS(roles) \
	{.name = "name", .label = "Name", .type = PARAM_LINE, .source = PARAM_FORM, \
	 .required = true}, \
	{.name = "title", .label = "Title", .type = PARAM_LINE, .source = PARAM_FORM}, \
	{.name = "role", .label = "Role", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .required = true, .choices = roles}, \
	{.name = "departments", .label = "Departments", .type = PARAM_INT, \
	 .source = PARAM_FORM, .min = 1, .max = INT64_MAX, .max_items = USERS_MAX_DEPARTMENTS}

static const char *const staff_roles[] = {"admin", "department_admin", "publisher", "staff",
					  NULL};
static const char *const all_roles[] = {"admin",	"department_admin", "publisher",
					"staff",	"requester",	    NULL};
static const char *const user_lists[] = {"staff", "requesters", NULL};

/* ---- Per route ---- */

static const struct param_spec static_params[] = {
	{.name = "file", .type = PARAM_LINE, .source = PARAM_PATH, .required = true},
};
static const struct param_spec page_params[] = {PAGE_QUERY};
static const struct param_spec token_params[] = {TOKEN_PATH};
static const struct param_spec login_params[] = {
	EMAIL_FIELD,
	{.name = "password", .label = "Password", .type = PARAM_LINE, .source = PARAM_FORM,
	 .required = true, .max_len = PASSWORD_MAX_LENGTH},
};
static const struct param_spec email_params[] = {EMAIL_FIELD};
static const struct param_spec register_params[] = {
	EMAIL_FIELD,
	{.name = "name", .label = "Name", .type = PARAM_LINE, .source = PARAM_FORM,
	 .required = true},
	NEW_PASSWORD_FIELDS,
};
static const struct param_spec reset_params[] = {TOKEN_PATH, NEW_PASSWORD_FIELDS};
static const struct param_spec users_params[] = {
	{.name = "show", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = user_lists},
	PAGE_QUERY,
};
static const struct param_spec user_create_params[] = {
	EMAIL_FIELD,
	USER_FIELDS(staff_roles),
	{.name = "password", .label = "Initial password", .type = PARAM_LINE,
	 .source = PARAM_FORM, .max_len = PASSWORD_MAX_LENGTH},
};
static const struct param_spec user_params[] = {USER_ID_PATH};
static const struct param_spec user_update_params[] = {USER_ID_PATH, USER_FIELDS(all_roles)};

/* Reading a request (request_page.c). */
static const struct param_spec request_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	/* Staff: start the message from this template (staff.c). */
	{.name = "template", .label = "Template", .type = PARAM_INT, .source = PARAM_QUERY,
	 .min = 1, .max = INT64_MAX},
};

/* The staff workspace (staff.c): every action names the request and the
 * version its form was made at. */
#define ACTION_PARAMS \
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true}, \
	{.name = "version", .label = "Version", .type = PARAM_INT, .source = PARAM_FORM, \
	 .required = true, .min = 1, .max = INT64_MAX}
#define ACTION_TEXT(field, text_label) \
	{.name = field, .label = text_label, .type = PARAM_TEXT, .source = PARAM_FORM, \
	 .required = true, .max_len = STAFF_TEXT_MAX}
static const struct param_spec action_params[] = {ACTION_PARAMS};
static const struct param_spec message_params[] = {
	ACTION_PARAMS,
	ACTION_TEXT("body", "Message"),
	{.name = "level", .label = "Who sees it", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .choices = staff_message_levels},
};
static const struct param_spec assign_params[] = {
	ACTION_PARAMS,
	{.name = "department", .label = "Department", .type = PARAM_INT, .source = PARAM_FORM,
	 .required = true, .min = 1, .max = INT64_MAX},
};
static const struct param_spec contact_params[] = {
	ACTION_PARAMS,
	{.name = "contact", .label = "Point of contact", .type = PARAM_INT, .source = PARAM_FORM,
	 .min = 1, .max = INT64_MAX},
};
static const struct param_spec due_date_params[] = {
	ACTION_PARAMS,
	{.name = "due_date", .label = "New due date", .type = PARAM_DATE, .source = PARAM_FORM,
	 .required = true},
	ACTION_TEXT("due_reason", "Reason"),
};
static const struct param_spec close_params[] = {
	ACTION_PARAMS,
	{.name = "reasons", .label = "Closure reason", .type = PARAM_INT, .source = PARAM_FORM,
	 .required = true, .min = 1, .max = INT64_MAX, .max_items = STAFF_CLOSURE_REASONS_MAX},
	ACTION_TEXT("close_message", "Closing message"),
};
static const struct param_spec reopen_params[] = {ACTION_PARAMS,
						  ACTION_TEXT("reopen_reason", "Reason")};
static const struct param_spec pause_params[] = {
	ACTION_PARAMS,
	{.name = "pause_reason", .label = "Waiting for", .type = PARAM_LINE,
	 .source = PARAM_FORM, .required = true, .max_len = DEADLINE_REASON_MAX},
	ACTION_TEXT("pause_message", "Message to the requester"),
};
/* Editing the record (staff_edit.c, staff.c). */
#define EVENT_PATH \
	{.name = "event", .type = PARAM_INT, .source = PARAM_PATH, .required = true, .min = 1, \
	 .max = INT64_MAX}
static const struct param_spec edit_params[] = {
	ACTION_PARAMS,
	{.name = "description", .label = "Request text", .type = PARAM_TEXT,
	 .source = PARAM_FORM, .required = true, .max_len = REQUEST_DESCRIPTION_MAX},
	ACTION_TEXT("edit_reason", "Reason"),
};
static const struct param_spec event_page_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	EVENT_PATH,
};
static const struct param_spec event_action_params[] = {ACTION_PARAMS, EVENT_PATH};
static const struct param_spec event_level_params[] = {
	ACTION_PARAMS,
	EVENT_PATH,
	{.name = "event_level", .label = "Who sees it", .type = PARAM_ENUM,
	 .source = PARAM_FORM, .required = true, .choices = staff_message_levels},
	ACTION_TEXT("level_reason", "Reason"),
};
static const struct param_spec event_hide_params[] = {ACTION_PARAMS, EVENT_PATH,
						      ACTION_TEXT("hide_reason", "Reason")};
static const struct param_spec event_text_params[] = {ACTION_PARAMS, EVENT_PATH,
						      ACTION_TEXT("event_body", "Message")};
static const struct param_spec support_params[] = {
	ACTION_PARAMS,
	{.name = "support_user", .label = "Support staff", .type = PARAM_INT,
	 .source = PARAM_FORM, .required = true, .min = 1, .max = INT64_MAX},
};
static const struct param_spec unassign_params[] = {
	ACTION_PARAMS,
	{.name = "remove_department", .label = "Department", .type = PARAM_INT,
	 .source = PARAM_FORM, .required = true, .min = 1, .max = INT64_MAX},
};
static const struct param_spec department_contact_params[] = {
	USER_ID_PATH,
	{.name = "default_contact", .label = "Default point of contact", .type = PARAM_INT,
	 .source = PARAM_FORM, .min = 1, .max = INT64_MAX},
};

/* Tasks (staff.c). */
static const struct param_spec task_params[] = {
	ACTION_PARAMS,
	{.name = "task_description", .label = "What to do", .type = PARAM_TEXT,
	 .source = PARAM_FORM, .required = true, .max_len = STAFF_TASK_MAX},
	{.name = "task_assignee", .label = "For", .type = PARAM_LINE, .source = PARAM_FORM,
	 .required = true, .max_len = 24},
	{.name = "task_due_date", .label = "Due date", .type = PARAM_DATE, .source = PARAM_FORM,
	 .required = true},
};
static const struct param_spec task_done_params[] = {
	ACTION_PARAMS,
	{.name = "task", .label = "Task", .type = PARAM_INT, .source = PARAM_FORM,
	 .required = true, .min = 1, .max = INT64_MAX},
	ACTION_TEXT("task_note", "Note"),
};
/* Bulk actions from the dashboard (staff.c): each request "NUMBER@VERSION". */
static const struct param_spec bulk_params[] = {
	{.name = "requests", .label = "Requests", .type = PARAM_LINE, .source = PARAM_FORM,
	 .required = true, .max_len = 40, .max_items = STAFF_BULK_MAX},
	{.name = "bulk_action", .label = "Action", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .required = true, .choices = staff_bulk_actions},
	{.name = "department", .label = "Department", .type = PARAM_INT, .source = PARAM_FORM,
	 .min = 1, .max = INT64_MAX},
	{.name = "back", .label = "Back", .type = PARAM_LINE, .source = PARAM_FORM,
	 .max_len = 300},
};
static const struct param_spec extend_params[] = {
	ACTION_PARAMS,
	{.name = "reasons", .label = "Reasons", .type = PARAM_LINE, .source = PARAM_FORM,
	 .max_len = DEADLINE_REASON_MAX, .max_items = STAFF_REASONS_MAX},
	{.name = "extend_note", .label = "Written reason", .type = PARAM_TEXT,
	 .source = PARAM_FORM, .max_len = STAFF_TEXT_MAX},
};
static const struct param_spec staff_params[] = {
	{.name = "queue", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = staff_queues},
	{.name = "sort", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = staff_sorts},
	/* The dashboard's order, filters and page. */
	{.name = "dir", .label = "Order", .type = PARAM_ENUM, .source = PARAM_QUERY,
	 .choices = staff_directions},
	{.name = "department", .label = "Department", .type = PARAM_INT, .source = PARAM_QUERY,
	 .min = 1, .max = INT64_MAX},
	{.name = "status", .label = "Status", .type = PARAM_ENUM, .source = PARAM_QUERY,
	 .choices = staff_statuses},
	{.name = "channel", .label = "Received via", .type = PARAM_ENUM, .source = PARAM_QUERY,
	 .choices = request_channels},
	{.name = "contact", .label = "Point of contact", .type = PARAM_INT, .source = PARAM_QUERY,
	 .min = 1, .max = INT64_MAX},
	{.name = "flag", .label = "Deadline", .type = PARAM_ENUM, .source = PARAM_QUERY,
	 .choices = archive_flag_choices},
	PAGE_QUERY,
};

/* Closure reasons, message templates, settings and the audit log
 * (admin_wording.c). */
#define WORDING_ID_PATH \
	{.name = "id", .type = PARAM_INT, .source = PARAM_PATH, .required = true, .min = 1, \
	 .max = INT64_MAX}
#define WORDING_FIELDS(label_label, text_label) \
	{.name = "label", .label = label_label, .type = PARAM_LINE, .source = PARAM_FORM, \
	 .required = true, .max_len = WORDING_LABEL_MAX}, \
	{.name = "text", .label = text_label, .type = PARAM_TEXT, .source = PARAM_FORM, \
	 .required = true, .max_len = WORDING_TEXT_MAX}, \
	{.name = "sort", .label = "Position", .type = PARAM_INT, .source = PARAM_FORM, \
	 .min = 0, .max = WORDING_SORT_MAX}
#define REASON_FIELDS \
	WORDING_FIELDS("Label", "Text for the requester"), \
	{.name = "citations", .label = "Legal citations", .type = PARAM_LINE, \
	 .source = PARAM_FORM, .max_len = WORDING_CITATIONS_MAX}
#define TEMPLATE_FIELDS WORDING_FIELDS("Name", "Message")
static const struct param_spec reason_create_params[] = {REASON_FIELDS};
static const struct param_spec reason_update_params[] = {WORDING_ID_PATH, REASON_FIELDS};
static const struct param_spec template_create_params[] = {TEMPLATE_FIELDS};
static const struct param_spec template_update_params[] = {WORDING_ID_PATH, TEMPLATE_FIELDS};
static const struct param_spec wording_params[] = {WORDING_ID_PATH};
static const struct param_spec settings_params[] = {
	{.name = "publish_default", .label = "Publish requests", .type = PARAM_ENUM,
	 .source = PARAM_FORM, .required = true, .choices = wording_publish_defaults},
};
static const struct param_spec audit_params[] = {
	{.name = "user", .label = "Person", .type = PARAM_INT, .source = PARAM_QUERY, .min = 1,
	 .max = INT64_MAX},
	{.name = "request", .label = "Request", .type = PARAM_REQNO, .source = PARAM_QUERY},
	{.name = "action", .label = "Action", .type = PARAM_ENUM, .source = PARAM_QUERY,
	 .choices = audit_actions},
	{.name = "from", .label = "From", .type = PARAM_DATE, .source = PARAM_QUERY},
	{.name = "to", .label = "To", .type = PARAM_DATE, .source = PARAM_QUERY},
	{.name = "after", .label = "Page", .type = PARAM_LINE, .source = PARAM_QUERY,
	 .max_len = 48},
};

/* Email for staff (staff_mail.c). */
#define MAIL_ID_PATH \
	{.name = "id", .type = PARAM_INT, .source = PARAM_PATH, .required = true, .min = 1, \
	 .max = INT64_MAX}
static const struct param_spec staff_mail_params[] = {
	{.name = "show", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = staff_mail_tabs},
};
static const struct param_spec mail_params[] = {MAIL_ID_PATH};
static const struct param_spec mail_file_params[] = {
	MAIL_ID_PATH,
	{.name = "n", .type = PARAM_INT, .source = PARAM_PATH, .required = true, .min = 1,
	 .max = 100000},
};
static const struct param_spec mail_attach_params[] = {
	MAIL_ID_PATH,
	{.name = "number", .label = "Request number", .type = PARAM_REQNO, .source = PARAM_FORM,
	 .required = true},
};

/* Making a request (submit.c). */
#define SUBMIT_PARAMS \
	{.name = "description", .type = PARAM_TEXT, .source = PARAM_FORM, .required = true, \
	 .max_len = REQUEST_DESCRIPTION_MAX}, \
	{.name = "records_from", .type = PARAM_DATE, .source = PARAM_FORM}, \
	{.name = "records_to", .type = PARAM_DATE, .source = PARAM_FORM}, \
	{.name = "preferred_format", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .choices = request_formats}, \
	{.name = "department", .type = PARAM_INT, .source = PARAM_FORM, .min = 1, \
	 .max = INT32_MAX}, \
	{.name = "name", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 200}, \
	{.name = "email", .type = PARAM_EMAIL, .source = PARAM_FORM, .max_len = 254}, \
	{.name = "phone", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 40}, \
	{.name = "address", .type = PARAM_TEXT, .source = PARAM_FORM, .max_len = 500}, \
	{.name = "organisation", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 200}
static const struct param_spec submit_params[] = {
	SUBMIT_PARAMS,
	/* The honeypot, hidden from people; post_request refuses it filled. */
	{.name = "website", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 1000},
};
/* A request staff received another way (submit.c): the same fields, how
 * and when it came. */
static const struct param_spec staff_submit_params[] = {
	SUBMIT_PARAMS,
	{.name = "channel", .type = PARAM_ENUM, .source = PARAM_FORM, .required = true,
	 .choices = request_staff_channels},
	{.name = "received_date", .type = PARAM_DATE, .source = PARAM_FORM, .required = true},
	{.name = "received_time", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 5},
};
static const struct param_spec submitted_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	{.name = "no_email", .type = PARAM_FLAG, .source = PARAM_QUERY},
	{.name = "receipt", .type = PARAM_LINE, .source = PARAM_QUERY, .max_len = 64},
};

/* The archive and search (archive.c). */
static const struct param_spec archive_params[] = {
	{.name = "q", .type = PARAM_LINE, .source = PARAM_QUERY, .max_len = 200},
	{.name = "status", .type = PARAM_ENUM, .source = PARAM_QUERY,
	 .choices = archive_status_choices},
	{.name = "department", .type = PARAM_INT, .source = PARAM_QUERY, .min = 1,
	 .max = INT64_C(999999999999)},
	{.name = "from", .type = PARAM_DATE, .source = PARAM_QUERY},
	{.name = "to", .type = PARAM_DATE, .source = PARAM_QUERY},
	{.name = "sort", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = archive_sort_choices},
	{.name = "after", .type = PARAM_LINE, .source = PARAM_QUERY, .max_len = 64},
	{.name = "flag", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = archive_flag_choices},
};

/* Deadline administration (admin_deadlines.c). */
#define MOVED_QUERY \
	{.name = "moved", .type = PARAM_INT, .source = PARAM_QUERY, .min = 0, \
	 .max = DUE_RECOMPUTE_MAX}
#define RULE_SET_KEY(src, req) \
	{.name = "key", .label = "Key", .type = PARAM_LINE, .source = src, .required = req, \
	 .max_len = 31}
#define REASON_LIST(field, text_label) \
	{.name = field, .label = text_label, .type = PARAM_TEXT, .source = PARAM_FORM, \
	 .max_len = DEADLINE_REASONS_MAX * DEADLINE_REASON_MAX}
#define CITATION(field, text_label, req) \
	{.name = field, .label = text_label, .type = PARAM_LINE, .source = PARAM_FORM, \
	 .required = req, .max_len = 95}
#define DAYS(field, text_label, req) \
	{.name = field, .label = text_label, .type = PARAM_INT, .source = PARAM_FORM, \
	 .required = req, .min = 1, .max = DEADLINE_DAYS_MAX}
#define RULE_SET_FIELDS \
	{.name = "name", .label = "Name", .type = PARAM_LINE, .source = PARAM_FORM, \
	 .required = true, .max_len = 100}, \
	CITATION("citation", "Citation", true), \
	{.name = "calendar", .label = "Holiday calendar", .type = PARAM_LINE, \
	 .source = PARAM_FORM, .required = true, .max_len = 31}, \
	{.name = "cutoff", .label = "Cut-off time", .type = PARAM_LINE, .source = PARAM_FORM, \
	 .max_len = 5}, \
	{.name = "ends_at", .label = "Deadline ends at", .type = PARAM_LINE, .source = PARAM_FORM, \
	 .max_len = 5}, \
	CITATION("response", "First response", false), \
	DAYS("first_days", "Days for the first response", true), \
	{.name = "first_unit", .label = "Days counted", .type = PARAM_ENUM, \
	 .source = PARAM_FORM, .required = true, .choices = deadline_units}, \
	{.name = "first_roll_forward", .type = PARAM_FLAG, .source = PARAM_FORM}, \
	{.name = "ext_count", .label = "Extensions allowed", .type = PARAM_INT, \
	 .source = PARAM_FORM, .min = 0, .max = DEADLINE_EXTENSIONS_MAX}, \
	DAYS("ext_days", "Days per extension", false), \
	{.name = "ext_unit", .label = "Extension days counted", .type = PARAM_ENUM, \
	 .source = PARAM_FORM, .choices = deadline_units}, \
	{.name = "ext_roll_forward", .type = PARAM_FLAG, .source = PARAM_FORM}, \
	CITATION("ext_citation", "Extension citation", false), \
	REASON_LIST("ext_reasons", "Reasons for an extension"), \
	{.name = "pause_stops_clock", .type = PARAM_FLAG, .source = PARAM_FORM}, \
	{.name = "pause_max_count", .label = "Pauses that stop the clock", .type = PARAM_INT, \
	 .source = PARAM_FORM, .min = 0, .max = DEADLINE_PAUSES_MAX}, \
	CITATION("pause_citation", "Pause citation", false), \
	REASON_LIST("pause_reasons", "Reasons for a pause"), \
	REASON_LIST("pause_limited_reasons", "Reasons the limit counts")
static const struct param_spec admin_deadlines_params[] = {MOVED_QUERY};
static const struct param_spec deadlines_portal_params[] = {
	{.name = "rule_set", .label = "The portal's rule set", .type = PARAM_LINE,
	 .source = PARAM_FORM, .required = true, .max_len = 31},
	{.name = "due_soon_days", .label = "Due soon", .type = PARAM_INT, .source = PARAM_FORM,
	 .required = true, .min = 0, .max = DUE_SOON_MAX},
};
static const struct param_spec deadlines_department_params[] = {
	USER_ID_PATH,
	{.name = "department_rule_set", .label = "The department's rule set", .type = PARAM_LINE,
	 .source = PARAM_FORM, .max_len = 31},
};
static const struct param_spec calendar_date_add_params[] = {
	{.name = "date", .label = "Date", .type = PARAM_DATE, .source = PARAM_FORM,
	 .required = true},
	{.name = "kind", .label = "Kind", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .required = true, .choices = calendar_date_kinds},
	{.name = "name", .label = "Name", .type = PARAM_LINE, .source = PARAM_FORM,
	 .required = true, .max_len = 63},
};
static const struct param_spec calendar_date_params[] = {
	{.name = "date", .type = PARAM_DATE, .source = PARAM_PATH, .required = true},
};
static const struct param_spec rule_set_new_params[] = {
	{.name = "from", .type = PARAM_LINE, .source = PARAM_QUERY, .max_len = 31},
};
static const struct param_spec rule_set_params[] = {RULE_SET_KEY(PARAM_PATH, true)};
static const struct param_spec rule_set_create_params[] = {RULE_SET_KEY(PARAM_FORM, true),
							    RULE_SET_FIELDS};
static const struct param_spec rule_set_update_params[] = {RULE_SET_KEY(PARAM_PATH, true),
							    RULE_SET_FIELDS};
#define CALENDAR_PATH \
	{.name = "calendar", .type = PARAM_LINE, .source = PARAM_PATH, .required = true, \
	 .max_len = 31}
static const struct param_spec calendar_params[] = {CALENDAR_PATH, MOVED_QUERY};
static const struct param_spec calendar_create_params[] = {
	{.name = "calendar_name", .label = "Name of the calendar", .type = PARAM_LINE,
	 .source = PARAM_FORM, .required = true, .max_len = 31},
	{.name = "copy_from", .label = "Copy the rules of", .type = PARAM_LINE,
	 .source = PARAM_FORM, .required = true, .max_len = 31},
};
#define HOLIDAY_FIELDS \
	{.name = "name", .label = "Name", .type = PARAM_LINE, .source = PARAM_FORM, \
	 .required = true, .max_len = 63}, \
	{.name = "kind", .label = "Kind", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .required = true, .choices = holiday_kinds}, \
	{.name = "month", .label = "Month", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .required = true, .choices = holiday_months}, \
	{.name = "day", .label = "Day", .type = PARAM_INT, .source = PARAM_FORM, .min = 1, \
	 .max = 31}, \
	{.name = "weekday", .label = "Weekday", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .choices = holiday_weekdays}, \
	{.name = "nth", .label = "Which one", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .choices = holiday_nths}, \
	{.name = "offset_days", .label = "Days after", .type = PARAM_INT, .source = PARAM_FORM, \
	 .min = -31, .max = 31}, \
	{.name = "observance", .label = "On a weekend", .type = PARAM_ENUM, \
	 .source = PARAM_FORM, .required = true, .choices = holiday_observances}, \
	{.name = "first_year", .label = "First year", .type = PARAM_INT, .source = PARAM_FORM, \
	 .min = 1900, .max = 9999}, \
	{.name = "last_year", .label = "Last year", .type = PARAM_INT, .source = PARAM_FORM, \
	 .min = 1900, .max = 9999}
static const struct param_spec holiday_add_params[] = {CALENDAR_PATH, HOLIDAY_FIELDS};
static const struct param_spec holiday_active_params[] = {
	USER_ID_PATH,
	{.name = "active", .label = "Active", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .required = true, .choices = holiday_actives},
};
static const struct param_spec holiday_rule_params[] = {CALENDAR_PATH, USER_ID_PATH};
static const struct param_spec holiday_update_params[] = {CALENDAR_PATH, USER_ID_PATH,
							  HOLIDAY_FIELDS};
static const struct param_spec rule_set_active_params[] = {
	{.name = "key", .label = "Rule set", .type = PARAM_LINE, .source = PARAM_PATH,
	 .required = true, .max_len = 31},
	{.name = "active", .label = "Active", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .required = true, .choices = holiday_actives},
};

/* Documents (documents.c). */
#define DOCUMENT_ID_PATH \
	{.name = "id", .type = PARAM_INT, .source = PARAM_PATH, .required = true, .min = 1, \
	 .max = INT64_MAX}
static const struct param_spec documents_add_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	{.name = "kind", .label = "Kind", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .choices = document_kinds},
	{.name = "level", .label = "Who sees it", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .choices = document_levels},
	{.name = "title", .label = "Title", .type = PARAM_LINE, .source = PARAM_FORM,
	 .max_len = DOCUMENT_TITLE_MAX},
	{.name = "description", .label = "Description", .type = PARAM_TEXT, .source = PARAM_FORM,
	 .max_len = DOCUMENT_TEXT_MAX},
	{.name = "url", .label = "Link", .type = PARAM_LINE, .source = PARAM_FORM,
	 .max_len = DOCUMENT_URL_MAX},
	{.name = "instructions", .label = "Where and how to see them", .type = PARAM_TEXT,
	 .source = PARAM_FORM, .max_len = DOCUMENT_TEXT_MAX},
};
static const struct param_spec document_params[] = {DOCUMENT_ID_PATH};
static const struct param_spec document_file_params[] = {
	DOCUMENT_ID_PATH,
	{.name = "filename", .type = PARAM_LINE, .source = PARAM_PATH, .required = true,
	 .max_len = 1000},
};
static const struct param_spec document_level_params[] = {
	DOCUMENT_ID_PATH,
	{.name = "level", .label = "Who sees it", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .required = true, .choices = document_levels},
};
static const struct param_spec documents_params[] = {
	{.name = "q", .type = PARAM_LINE, .source = PARAM_QUERY, .max_len = 200},
	{.name = "request", .label = "Request", .type = PARAM_REQNO, .source = PARAM_QUERY},
	{.name = "department", .type = PARAM_INT, .source = PARAM_QUERY, .min = 1,
	 .max = INT64_C(999999999999)},
	{.name = "from", .type = PARAM_DATE, .source = PARAM_QUERY},
	{.name = "to", .type = PARAM_DATE, .source = PARAM_QUERY},
	{.name = "type", .type = PARAM_ENUM, .source = PARAM_QUERY, .choices = document_types},
	PAGE_QUERY,
};
static const struct param_spec documents_settings_params[] = {
	{.name = "allowed_types", .label = "Allowed types", .type = PARAM_TEXT,
	 .source = PARAM_FORM, .max_len = DOCUMENT_TYPES_MAX},
	{.name = "max_request_mb", .label = "Largest total per request", .type = PARAM_INT,
	 .source = PARAM_FORM, .required = true, .min = 1, .max = 100000000},
	{.name = "max_per_request", .label = "Most documents per request", .type = PARAM_INT,
	 .source = PARAM_FORM, .required = true, .min = 1, .max = 1000000},
};

/* Email (notifications.c): one choice per kind of notification (the
 * names of notify_kinds, domain/notify.c). */
#define NOTIFY_CHOICE(kind) \
	{.name = kind, .label = "This choice", .type = PARAM_ENUM, .source = PARAM_FORM, \
	 .choices = notify_deliveries}
static const struct param_spec notifications_params[] = {
	NOTIFY_CHOICE("request_received"), NOTIFY_CHOICE("message"),
	NOTIFY_CHOICE("documents"), NOTIFY_CHOICE("due_date"), NOTIFY_CHOICE("paused"),
	NOTIFY_CHOICE("closed"), NOTIFY_CHOICE("new_request"),
	NOTIFY_CHOICE("requester_message"), NOTIFY_CHOICE("assigned"), NOTIFY_CHOICE("task"),
	NOTIFY_CHOICE("reminders"), NOTIFY_CHOICE("email_failed"),
};
static const struct param_spec notifications_page_params[] = {
	{.name = "saved", .type = PARAM_FLAG, .source = PARAM_QUERY},
};
static const struct param_spec email_off_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	{.name = "token", .type = PARAM_LINE, .source = PARAM_PATH, .required = true, .max_len = 64},
};
/* A mail client's one-click unsubscribe sends List-Unsubscribe=One-Click. */
static const struct param_spec email_off_post_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	{.name = "token", .type = PARAM_LINE, .source = PARAM_PATH, .required = true, .max_len = 64},
	{.name = "List-Unsubscribe", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 20},
};
static const struct param_spec admin_mail_params[] = {
	{.name = "queued", .type = PARAM_FLAG, .source = PARAM_QUERY},
};
static const struct param_spec admin_mail_retry_params[] = {USER_ID_PATH};

/* The router tries patterns in table order: within an area, literal paths
 * (/requests/new) come before captures (/requests/{number}). */
const struct route routes[] = {
	/* Public pages. */
	{HTTP_GET, "/", page_home, ROLE_PUBLIC, NO_PARAMS, ROUTE_PUBLIC_CACHE},
	/* The archive and search. */
	{HTTP_GET, "/requests", page_archive, ROLE_PUBLIC, PARAMS(archive_params),
	 ROUTE_PUBLIC_CACHE},
	/* Making a request. */
	{HTTP_GET, "/requests/new", page_request_new, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_POST, "/requests", post_request, ROLE_PUBLIC, PARAMS(submit_params),
	 ROUTE_FORM_ERRORS},
	{HTTP_GET, "/requests/{number}/submitted", page_request_submitted, ROLE_PUBLIC,
	 PARAMS(submitted_params), 0},
	/* Reading a request. */
	{HTTP_GET, "/requests/{number}", page_request, ROLE_PUBLIC, PARAMS(request_params),
	 ROUTE_PUBLIC_CACHE},
	/* Working on a request (staff.c); its requester may write a message. */
	{HTTP_POST, "/requests/{number}/message", action_request_message, ROLE_REQUESTER,
	 PARAMS(message_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/assign", action_request_assign, ROLE_STAFF,
	 PARAMS(assign_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/contact", action_request_contact, ROLE_STAFF,
	 PARAMS(contact_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/due_date", action_request_due_date, ROLE_STAFF,
	 PARAMS(due_date_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/publish", action_request_publish, ROLE_PUBLISHER,
	 PARAMS(action_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/unpublish", action_request_unpublish, ROLE_PUBLISHER,
	 PARAMS(action_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/close", action_request_close, ROLE_STAFF,
	 PARAMS(close_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/reopen", action_request_reopen, ROLE_STAFF,
	 PARAMS(reopen_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/pause", action_request_pause, ROLE_STAFF,
	 PARAMS(pause_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/resume", action_request_resume, ROLE_STAFF,
	 PARAMS(action_params), ROUTE_FORM_ERRORS},
	/* Editing the record (staff_edit.c, staff.c). */
	{HTTP_GET, "/requests/{number}/edit", page_request_edit, ROLE_STAFF,
	 PARAMS(request_params), 0},
	{HTTP_POST, "/requests/{number}/edit", action_request_edit, ROLE_STAFF,
	 PARAMS(edit_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/requests/{number}/events/{event}", page_request_event, ROLE_STAFF,
	 PARAMS(event_page_params), 0},
	{HTTP_POST, "/requests/{number}/events/{event}/level", action_event_level, ROLE_STAFF,
	 PARAMS(event_level_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/events/{event}/hide", action_event_hide, ROLE_STAFF,
	 PARAMS(event_hide_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/events/{event}/unhide", action_event_unhide, ROLE_STAFF,
	 PARAMS(event_action_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/events/{event}/text", action_event_text, ROLE_STAFF,
	 PARAMS(event_text_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/support_add", action_request_support_add, ROLE_STAFF,
	 PARAMS(support_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/support_remove", action_request_support_remove,
	 ROLE_STAFF, PARAMS(support_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/unassign", action_request_unassign, ROLE_STAFF,
	 PARAMS(unassign_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/task", action_request_task, ROLE_STAFF,
	 PARAMS(task_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/task_done", action_request_task_done, ROLE_STAFF,
	 PARAMS(task_done_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/requests/{number}/extend", action_request_extend, ROLE_STAFF,
	 PARAMS(extend_params), ROUTE_FORM_ERRORS},
	/* Documents: added on the request page, read through the policy. */
	{HTTP_POST, "/requests/{number}/documents", action_request_documents, ROLE_REQUESTER,
	 PARAMS(documents_add_params), 0},
	{HTTP_GET, "/requests/{number}/documents.zip", download_request_zip, ROLE_PUBLIC,
	 PARAMS(request_params), 0},
	{HTTP_GET, "/documents", page_documents, ROLE_PUBLIC, PARAMS(documents_params), 0},
	{HTTP_GET, "/documents/{id}", page_document, ROLE_PUBLIC, PARAMS(document_params), 0},
	{HTTP_POST, "/documents/{id}/level", action_document_level, ROLE_STAFF,
	 PARAMS(document_level_params), 0},
	{HTTP_POST, "/documents/{id}/replace", action_document_replace, ROLE_STAFF,
	 PARAMS(document_params), 0},
	{HTTP_GET, "/documents/{id}/{filename}", download_document, ROLE_PUBLIC,
	 PARAMS(document_file_params), 0},
	{HTTP_GET, "/static/{file}", page_static, ROLE_PUBLIC, PARAMS(static_params),
	 ROUTE_NO_SESSION},

	/* Signing in and out. */
	{HTTP_GET, "/login", page_login, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_POST, "/login", action_login, ROLE_PUBLIC, PARAMS(login_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/login/link", page_login_link, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_POST, "/login/link", action_login_link, ROLE_PUBLIC, PARAMS(email_params),
	 ROUTE_FORM_ERRORS},
	{HTTP_GET, "/login/link/{token}", page_login_link_use, ROLE_PUBLIC, PARAMS(token_params),
	 ROUTE_SECRET_PATH},
	{HTTP_POST, "/logout", action_logout, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_POST, "/logout-everywhere", action_logout_everywhere, ROLE_REQUESTER, NO_PARAMS,
	 0},
	{HTTP_GET, "/password/forgot", page_password_forgot, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_POST, "/password/forgot", action_password_forgot, ROLE_PUBLIC,
	 PARAMS(email_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/password/reset/{token}", page_password_reset, ROLE_PUBLIC,
	 PARAMS(token_params), ROUTE_SECRET_PATH},
	{HTTP_POST, "/password/reset/{token}", action_password_reset, ROLE_PUBLIC,
	 PARAMS(reset_params), ROUTE_FORM_ERRORS | ROUTE_SECRET_PATH},
	{HTTP_GET, "/register", page_register, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_POST, "/register", action_register, ROLE_PUBLIC, PARAMS(register_params),
	 ROUTE_FORM_ERRORS},

	/* The signed-in visitor's own pages. */
	{HTTP_GET, "/account/requests", page_account_requests, ROLE_REQUESTER,
	 PARAMS(page_params), 0},
	{HTTP_GET, "/account/verify/{token}", page_account_verify, ROLE_PUBLIC,
	 PARAMS(token_params), ROUTE_SECRET_PATH},
	{HTTP_GET, "/account/notifications", page_account_notifications, ROLE_REQUESTER,
	 PARAMS(notifications_page_params), 0},
	{HTTP_POST, "/account/notifications", action_account_notifications, ROLE_REQUESTER,
	 PARAMS(notifications_params), ROUTE_FORM_ERRORS},
	/* The link in the requester's emails (the token is the authority, so
	 * that mail clients' one-click unsubscribe works, RFC 8058). */
	{HTTP_GET, "/email/off/{number}/{token}", page_email_off, ROLE_PUBLIC,
	 PARAMS(email_off_params), ROUTE_SECRET_PATH},
	{HTTP_POST, "/email/off/{number}/{token}", action_email_off, ROLE_PUBLIC,
	 PARAMS(email_off_post_params), ROUTE_SECRET_PATH | ROUTE_TOKEN_AUTH},
	{HTTP_POST, "/email/on/{number}/{token}", action_email_on, ROLE_PUBLIC,
	 PARAMS(email_off_post_params), ROUTE_SECRET_PATH | ROUTE_TOKEN_AUTH},

	/* The staff dashboard. */
	{HTTP_GET, "/staff", page_staff, ROLE_STAFF, PARAMS(staff_params), 0},
	{HTTP_POST, "/staff/bulk", action_staff_bulk, ROLE_STAFF, PARAMS(bulk_params), 0},
	/* A request received by email, phone, mail, in person or fax (submit.c). */
	{HTTP_GET, "/staff/requests/new", page_staff_request_new, ROLE_STAFF, NO_PARAMS, 0},
	{HTTP_POST, "/staff/requests/new", post_staff_request, ROLE_STAFF,
	 PARAMS(staff_submit_params), ROUTE_FORM_ERRORS},

	/* Email for staff: the holding queue of replies (staff_mail.c). */
	{HTTP_GET, "/staff/mail", page_staff_mail, ROLE_STAFF, PARAMS(staff_mail_params), 0},
	{HTTP_GET, "/staff/mail/{id}", page_staff_mail_message, ROLE_STAFF, PARAMS(mail_params),
	 0},
	{HTTP_GET, "/staff/mail/{id}/raw", page_staff_mail_raw, ROLE_STAFF, PARAMS(mail_params),
	 0},
	{HTTP_GET, "/staff/mail/{id}/files/{n}", page_staff_mail_file, ROLE_STAFF,
	 PARAMS(mail_file_params), 0},
	{HTTP_POST, "/staff/mail/{id}/attach", action_staff_mail_attach, ROLE_STAFF,
	 PARAMS(mail_attach_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/staff/mail/{id}/discard", action_staff_mail_discard, ROLE_STAFF,
	 PARAMS(mail_params), 0},

	/* Administration. */
	{HTTP_GET, "/admin/mail", page_admin_mail, ROLE_ADMIN, PARAMS(admin_mail_params), 0},
	{HTTP_POST, "/admin/mail/{id}/retry", action_admin_mail_retry, ROLE_ADMIN,
	 PARAMS(admin_mail_retry_params), 0},
	{HTTP_GET, "/admin/users", page_admin_users, ROLE_ADMIN, PARAMS(users_params), 0},
	{HTTP_POST, "/admin/users", action_admin_user_create, ROLE_ADMIN,
	 PARAMS(user_create_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/users/{id}", page_admin_user, ROLE_ADMIN, PARAMS(user_params), 0},
	{HTTP_POST, "/admin/users/{id}", action_admin_user_update, ROLE_ADMIN,
	 PARAMS(user_update_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/users/{id}/deactivate", action_admin_user_deactivate, ROLE_ADMIN,
	 PARAMS(user_params), 0},
	{HTTP_GET, "/admin/documents", page_admin_documents, ROLE_ADMIN, NO_PARAMS, 0},
	{HTTP_POST, "/admin/documents", action_admin_documents, ROLE_ADMIN,
	 PARAMS(documents_settings_params), 0},
	{HTTP_POST, "/admin/users/{id}/reactivate", action_admin_user_reactivate, ROLE_ADMIN,
	 PARAMS(user_params), 0},
	/* Closure reasons, message templates, settings, the audit log
	 * (admin_wording.c). */
	{HTTP_GET, "/admin/closure-reasons", page_admin_reasons, ROLE_ADMIN, NO_PARAMS, 0},
	{HTTP_POST, "/admin/closure-reasons", action_admin_reason_create, ROLE_ADMIN,
	 PARAMS(reason_create_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/closure-reasons/{id}", page_admin_reason, ROLE_ADMIN,
	 PARAMS(wording_params), 0},
	{HTTP_POST, "/admin/closure-reasons/{id}", action_admin_reason_update, ROLE_ADMIN,
	 PARAMS(reason_update_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/closure-reasons/{id}/deactivate", action_admin_reason_deactivate,
	 ROLE_ADMIN, PARAMS(wording_params), 0},
	{HTTP_POST, "/admin/closure-reasons/{id}/reactivate", action_admin_reason_reactivate,
	 ROLE_ADMIN, PARAMS(wording_params), 0},
	{HTTP_GET, "/admin/templates", page_admin_templates, ROLE_ADMIN, NO_PARAMS, 0},
	{HTTP_POST, "/admin/templates", action_admin_template_create, ROLE_ADMIN,
	 PARAMS(template_create_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/templates/{id}", page_admin_template, ROLE_ADMIN,
	 PARAMS(wording_params), 0},
	{HTTP_POST, "/admin/templates/{id}", action_admin_template_update, ROLE_ADMIN,
	 PARAMS(template_update_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/templates/{id}/deactivate", action_admin_template_deactivate,
	 ROLE_ADMIN, PARAMS(wording_params), 0},
	{HTTP_POST, "/admin/templates/{id}/reactivate", action_admin_template_reactivate,
	 ROLE_ADMIN, PARAMS(wording_params), 0},
	{HTTP_GET, "/admin/settings", page_admin_settings, ROLE_ADMIN, NO_PARAMS, 0},
	{HTTP_POST, "/admin/settings", action_admin_settings, ROLE_ADMIN,
	 PARAMS(settings_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/audit", page_admin_audit, ROLE_ADMIN, PARAMS(audit_params), 0},
	{HTTP_GET, "/admin/departments", page_admin_departments, ROLE_ADMIN, NO_PARAMS, 0},
	{HTTP_POST, "/admin/departments/{id}/contact", action_admin_department_contact,
	 ROLE_ADMIN, PARAMS(department_contact_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/deadlines", page_admin_deadlines, ROLE_ADMIN,
	 PARAMS(admin_deadlines_params), 0},
	{HTTP_POST, "/admin/deadlines/portal", action_admin_deadlines_portal, ROLE_ADMIN,
	 PARAMS(deadlines_portal_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/deadlines/departments/{id}", action_admin_deadlines_department,
	 ROLE_ADMIN, PARAMS(deadlines_department_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/deadlines/dates", action_admin_deadlines_date_add, ROLE_ADMIN,
	 PARAMS(calendar_date_add_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/deadlines/dates/{date}/remove", action_admin_deadlines_date_remove,
	 ROLE_ADMIN, PARAMS(calendar_date_params), 0},
	{HTTP_GET, "/admin/deadlines/rule-sets/new", page_admin_rule_set_new, ROLE_ADMIN,
	 PARAMS(rule_set_new_params), 0},
	{HTTP_POST, "/admin/deadlines/rule-sets", action_admin_rule_set_create, ROLE_ADMIN,
	 PARAMS(rule_set_create_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/deadlines/rule-sets/{key}", page_admin_rule_set, ROLE_ADMIN,
	 PARAMS(rule_set_params), 0},
	{HTTP_POST, "/admin/deadlines/rule-sets/{key}", action_admin_rule_set_update, ROLE_ADMIN,
	 PARAMS(rule_set_update_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/deadlines/calendars", action_admin_calendar_create, ROLE_ADMIN,
	 PARAMS(calendar_create_params), ROUTE_FORM_ERRORS},
	{HTTP_GET, "/admin/deadlines/calendars/{calendar}", page_admin_calendar, ROLE_ADMIN,
	 PARAMS(calendar_params), 0},
	{HTTP_POST, "/admin/deadlines/calendars/{calendar}", action_admin_holiday_add,
	 ROLE_ADMIN, PARAMS(holiday_add_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/deadlines/holidays/{id}/active", action_admin_holiday_active,
	 ROLE_ADMIN, PARAMS(holiday_active_params), 0},
	{HTTP_GET, "/admin/deadlines/calendars/{calendar}/rules/{id}", page_admin_holiday_rule,
	 ROLE_ADMIN, PARAMS(holiday_rule_params), 0},
	{HTTP_POST, "/admin/deadlines/calendars/{calendar}/rules/{id}", action_admin_holiday_update,
	 ROLE_ADMIN, PARAMS(holiday_update_params), ROUTE_FORM_ERRORS},
	{HTTP_POST, "/admin/deadlines/rule-sets/{key}/active", action_admin_rule_set_active,
	 ROLE_ADMIN, PARAMS(rule_set_active_params), 0},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
