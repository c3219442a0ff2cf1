/* Making a request: the form (GET /requests/new), its submission (POST
 * /requests) and the confirmation (GET /requests/{number}/submitted); and
 * the same form for staff recording a request received by email, phone,
 * mail, in person or fax (GET and POST /staff/requests/new), with how and
 * when it came: its deadline counts from then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/ratelimit.h"
#include "domain/request.h"
#include "store/store.h"
#include "util/date.h"
#include "web/app.h"
#include "web/csrf.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

/* The form's fields in page order: the name, the words its error messages
 * start with, and the element an error in the summary links to. */
static const struct field {
	const char *name, *label, *anchor;
} fields[] = {
	{"description", "Description", "description"},
	{"records_from", "Start date", "records_from"},
	{"records_to", "End date", "records_to"},
	{"preferred_format", "Preferred format", "preferred_format-electronic"},
	{"department", "Department", "department"},
	{"name", "Name", "name"},
	{"email", "Email", "email"},
	{"phone", "Phone", "phone"},
	{"address", "Postal address", "address"},
	{"organisation", "Organisation", "organisation"},
	{"channel", "How it was received", "channel"},	   /* staff only */
	{"received_date", "Date received", "received_date"}, /* staff only */
	{"received_time", "Time received", "received_time"}, /* staff only */
};

/* The time of day a staff-entered request counts as received when its
 * form gives none. */
enum { STAFF_RECEIVED_HOUR = 9 };

static const char *const channel_labels[] = {"Email", "Phone", "Mail", "In person", "Fax"};

/* The honeypot: a field people cannot see, so only robots fill it in. */
static const char honeypot[] = "website";
static const char honeypot_message[] =
	"Your request could not be accepted. If you are a person, please try again "
	"without filling in hidden fields.";

/* How long after receipt the confirmation is shown; later its address
 * leads to the request's own page. */
enum { CONFIRM_SECONDS = 24 * 60 * 60 };

/* field_error returns the first error the router or the handler found for
 * name, or NULL. */
static const char *field_error(const struct web_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->n_errors; i++)
		if (!strcmp(c->errors[i].name, name))
			return c->errors[i].message;
	return NULL;
}

static bool is_form_field(const char *name)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!strcmp(fields[i].name, name))
			return true;
	return false;
}

/* staff_view is what the staff form adds: the channels to choose from
 * and the latest date it may have been received. */
static json_t *staff_view(struct web_ctx *c, bool keep_input)
{
	const char *channel = keep_input ? http_form(c->req, "channel") : NULL;
	json_t *channels = json_array();
	for (size_t i = 0; request_staff_channels[i]; i++)
		json_array_append_new(
		    channels, json_pack("{s:s, s:s, s:b}", "value", request_staff_channels[i],
					"label", channel_labels[i], "selected",
					channel && !strcmp(channel, request_staff_channels[i])));
	char today[DATE_FMT_MAX];
	return json_pack("{s:o, s:s}", "channels", channels, "today",
			 date_format_iso(view_today(), today));
}

/* form_view is the form's view model: each field's value (with keep_input,
 * what the person sent), its error as a sentence, the summary of errors
 * linking to the fields, and the departments to choose from; for staff
 * (staff), how and when the request came. */
static json_t *form_view(struct web_ctx *c, const json_t *departments, bool keep_input,
			 bool staff)
{
	json_t *fv = json_object(), *summary = json_array();
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const struct field *f = &fields[i];
		json_t *one = json_object();
		const char *raw = keep_input ? http_form(c->req, f->name) : NULL;
		if (raw)
			json_object_set_new(one, "value", view_form_value(raw));
		const char *problem = field_error(c, f->name);
		if (problem) {
			const char *text = arena_printf(c->arena, "%s %s", f->label, problem);
			json_object_set_new(one, "problem", json_string(text));
			json_array_append_new(summary, json_pack("{s:s+, s:s}", "href", "#",
								 f->anchor, "text", text));
		}
		json_object_set_new(fv, f->name, one);
	}
	for (size_t i = 0; i < c->n_errors; i++)
		if (!is_form_field(c->errors[i].name) && strcmp(c->errors[i].name, honeypot))
			json_array_append_new(summary,
					      json_pack("{s:s}", "text",
							arena_printf(c->arena, "The field “%s” %s",
								     c->errors[i].name,
								     c->errors[i].message)));

	const char *format = keep_input ? http_form(c->req, "preferred_format") : NULL;
	json_t *checked = json_object();
	for (size_t i = 0; request_formats[i]; i++)
		json_object_set_new(checked, request_formats[i],
				    json_boolean(format && !strcmp(format, request_formats[i])));
	json_object_set_new(json_object_get(fv, "preferred_format"), "checked", checked);

	const struct param_value *dept = keep_input ? web_param(c, "department") : NULL;
	json_t *depts = view_department_choices(departments, dept && dept->present ? dept->num : 0);

	json_t *view = json_pack(
		"{s:s, s:s, s:s, s:o, s:o, s:o?}", "page_title",
		staff ? "Record a request received by staff" : "Make a records request",
		"form_action", staff ? "/staff/requests/new" : "/requests", "description_max",
		arena_printf(c->arena, "%d,%03d", REQUEST_DESCRIPTION_MAX / 1000,
			     REQUEST_DESCRIPTION_MAX % 1000),
		"fields", fv, "departments", depts, "staff",
		staff ? staff_view(c, keep_input) : NULL);
	if (json_array_size(summary))
		json_object_set_new(view, "error_summary", json_pack("{s:o}", "items", summary));
	else
		json_decref(summary);
	return view;
}

/* reshow answers status with the form again, the input kept and each
 * error by its field; message (NULL: the field errors) is about the whole
 * form. JSON clients get the error object alone. */
static int reshow(struct web_ctx *c, const json_t *departments, int status,
		  const char *message, bool staff)
{
	if (message)
		web_error(c, status, message);
	else
		web_field_errors(c);
	if (c->want_json)
		return status;
	json_t *error = json_incref(json_object_get(c->view, "error"));
	json_t *view = form_view(c, departments, true, staff);
	json_object_set_new(view, "error", error);
	web_page(c, "request_new", view);
	return status;
}

/* too_many answers 429: when the network may make a request again. */
static int too_many(struct web_ctx *c, int64_t now, int64_t retry_at)
{
	char when[DATE_FMT_MAX], iso[DATE_FMT_MAX];
	int status = web_error(
		c, 429,
		arena_printf(c->arena,
			     "Too many requests have been made from your network in a short "
			     "time. Nothing you entered was saved. Please try again after %s.",
			     date_time_format_local(retry_at, when)));
	json_t *error = json_object_get(c->view, "error");
	json_object_set_new(error, "retry_after", json_integer(retry_at - now));
	json_object_set_new(error, "retry_at",
			    json_string(date_time_format_iso(retry_at, iso)));
	http_resp_header(c->resp, "Retry-After",
			 arena_printf(c->arena, "%lld", (long long)(retry_at - now)));
	return status;
}

static bool department_known(const json_t *departments, int64_t id)
{
	size_t i;
	json_t *d;
	json_array_foreach(departments, i, d)
		if (json_integer_value(json_object_get(d, "id")) == id)
			return true;
	return false;
}

/* check_rules adds the errors the field types cannot see. */
static void check_rules(struct web_ctx *c, const json_t *departments)
{
	const struct param_value *from = web_param(c, "records_from");
	const struct param_value *to = web_param(c, "records_to");
	if (from->present && to->present && to->day < from->day)
		web_add_error(c, "records_to", "must not be before the start date");
	const struct param_value *dept = web_param(c, "department");
	if (dept->present && !department_known(departments, dept->num))
		web_add_error(c, "department",
			      "is not one of our departments: choose one from the list");
}

static const char *optional(const struct web_ctx *c, const char *name)
{
	const struct param_value *v = web_param(c, name);
	return v->present ? v->str : NULL;
}

/* How a request came: on the web from its requester, or recorded by staff. */
struct arrival {
	const char *channel;
	int64_t received_at;
	int64_t created_by; /* the staff member, 0 on the web */
};

/* save records the request, then sends the browser to the confirmation
 * (303; staff to the request's page) or answers a JSON client 201. */
static int save(struct web_ctx *c, const struct arrival *how)
{
	const struct param_value *dept = web_param(c, "department");
	struct request_input in = {
		.description = web_param(c, "description")->str,
		.records_from_date = optional(c, "records_from"),
		.records_to_date = optional(c, "records_to"),
		.preferred_format = optional(c, "preferred_format"),
		.department_id = dept->present ? dept->num : 0,
		.name = optional(c, "name"),
		.email = optional(c, "email"),
		.phone = optional(c, "phone"),
		.address = optional(c, "address"),
		.organisation = optional(c, "organisation"),
		.channel = how->channel,
		.received_at = how->received_at,
		.created_by = how->created_by,
		.requester_id = !how->created_by && c->viewer.role == ROLE_REQUESTER
					? c->viewer.user_id
					: 0,
		.ip = c->req->client_ip,
	};
	char number[24];
	if (!request_submit(c->db, &in, number))
		return web_error(c, 500,
				 "Your request could not be saved because of a problem on our "
				 "side. Please try again in a few minutes.");
	const char *url = arena_printf(c->arena, "/requests/%s", number);
	if (!c->want_json && how->created_by)
		return web_redirect(c, url);
	if (!c->want_json)
		return web_redirect(c, arena_printf(c->arena, "%s/submitted?receipt=%s%s", url,
						    csrf_receipt(c, number),
						    in.email ? "" : "&no_email=1"));
	json_t *row = NULL;
	const char *due = NULL;
	if (store_request_by_number(c->db, number, &row) == STORE_OK)
		due = json_string_value(json_object_get(row, "due_date"));
	web_page(c, "request_submitted",
		 json_pack("{s:{s:s, s:s, s:s?}}", "request", "number", number, "url", url,
			   "due_date", due));
	json_decref(row);
	http_resp_header(c->resp, "Location", url);
	return 201;
}

int page_request_new(struct web_ctx *c)
{
	json_t *departments = NULL;
	if (store_departments(c->db, &departments) != STORE_OK)
		return web_error(c, 500, "The form could not be made; please try again.");
	web_page(c, "request_new", form_view(c, departments, false, false));
	json_decref(departments);
	return 200;
}

int post_request(struct web_ctx *c)
{
	int64_t now = date_time_now(), retry_at = 0;
	char key[RATELIMIT_KEY_MAX];
	ratelimit_ip_key(c->req->client_ip ? c->req->client_ip : "", key);
	if (!ratelimit_check(c->app->submit_limit, key, now, &retry_at))
		return too_many(c, now, retry_at);
	json_t *departments = NULL;
	if (store_departments(c->db, &departments) != STORE_OK)
		return web_error(c, 500, "Your request could not be checked; please try again.");
	const char *trap = http_form(c->req, honeypot);
	int status;
	if (trap && *trap) {
		c->n_errors = 0; /* say nothing about the other fields */
		status = reshow(c, departments, 400, honeypot_message, false);
	} else {
		check_rules(c, departments);
		if (c->n_errors)
			status = reshow(c, departments, 400, NULL, false);
		else if (!ratelimit_take(c->app->submit_limit, key, now, &retry_at))
			status = too_many(c, now, retry_at);
		else
			status = save(c, &(struct arrival){.channel = "web", .received_at = now});
	}
	json_decref(departments);
	return status;
}

int page_staff_request_new(struct web_ctx *c)
{
	json_t *departments = NULL;
	if (store_departments(c->db, &departments) != STORE_OK)
		return web_error(c, 500, "The form could not be made; please try again.");
	web_page(c, "request_new", form_view(c, departments, false, true));
	json_decref(departments);
	return 200;
}

/* received_at reads when a staff-entered request came: its local date at
 * the time given ("HH:MM") or STAFF_RECEIVED_HOUR, not after now. Adds an
 * error and returns 0 when it is not. */
static int64_t received_at(struct web_ctx *c, int64_t now)
{
	const struct param_value *day = web_param(c, "received_date");
	const struct param_value *time = web_param(c, "received_time");
	if (!day->present)
		return 0;
	struct date_time dt = {.date = date_from_days(day->day), .hour = STAFF_RECEIVED_HOUR};
	if (time->present && *time->str) {
		int h = -1, m = -1, n = 0;
		if (sscanf(time->str, "%2d:%2d%n", &h, &m, &n) != 2 || time->str[n] || h < 0 ||
		    h > 23 || m < 0 || m > 59) {
			web_add_error(c, "received_time", "must be a time like 14:30");
			return 0;
		}
		dt.hour = h;
		dt.min = m;
	}
	if (date_cmp(dt.date, date_local(now)) > 0) {
		web_add_error(c, "received_date", "must not be in the future");
		return 0;
	}
	int64_t at = date_time_from_local(&dt);
	if (at > now) {
		if (time->present && *time->str) {
			web_add_error(c, "received_time", "must not be in the future");
			return 0;
		}
		at = now; /* received today, before STAFF_RECEIVED_HOUR */
	}
	return at;
}

int post_staff_request(struct web_ctx *c)
{
	json_t *departments = NULL;
	if (store_departments(c->db, &departments) != STORE_OK)
		return web_error(c, 500, "The request could not be checked; please try again.");
	int64_t now = date_time_now();
	check_rules(c, departments);
	struct arrival how = {
		.channel = optional(c, "channel"),
		.received_at = received_at(c, now),
		.created_by = c->viewer.user_id,
	};
	int status = c->n_errors ? reshow(c, departments, 400, NULL, true) : save(c, &how);
	json_decref(departments);
	return status;
}

int page_request_submitted(struct web_ctx *c)
{
	const char *number = web_param(c, "number")->str;
	const struct param_value *receipt = web_param(c, "receipt");
	json_t *row = NULL;
	enum store_rc rc = store_request_by_number(c->db, number, &row);
	/* Whoever may not see the request gets the answer of a number that
	 * does not exist, unless they made it (the receipt says so). */
	if (rc == STORE_OK && !(receipt->present && csrf_receipt_check(c, number, receipt->str)) &&
	    !policy_can_see_request(&c->viewer,
				    json_integer_value(json_object_get(row, "requester_id")),
				    json_is_true(json_object_get(row, "published")))) {
		json_decref(row);
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_NOT_FOUND)
		return web_error(c, 404, "There is no request with this number.");
	if (rc != STORE_OK)
		return web_error(c, 500, "The request could not be read; please try again.");
	const char *url = arena_printf(c->arena, "/requests/%s", number);
	int64_t received = json_integer_value(json_object_get(row, "received_at"));
	if (date_time_now() - received > CONFIRM_SECONDS) {
		json_decref(row);
		return web_redirect(c, url);
	}
	const char *due = json_string_value(json_object_get(row, "due_date"));
	json_t *how = json_loads(json_string_value(json_object_get(row, "due_explanation")) ?: "",
				 0, NULL);
	char *explained = how ? deadline_explain(how) : NULL;
	json_t *request = json_pack("{s:s, s:s, s:s?, s:o, s:o, s:s?}", "number", number, "url",
				    url, "due_date", due, "due_label", view_date_label(due),
				    "received_label", view_time_label(received),
				    "due_explanation", explained);
	json_t *view = json_pack("{s:s, s:o, s:b}", "page_title",
				 arena_printf(c->arena, "Request %s received", number), "request",
				 request, "no_email", web_param(c, "no_email")->present);
	free(explained);
	json_decref(how);
	json_decref(row);
	return web_page(c, "request_submitted", view);
}
