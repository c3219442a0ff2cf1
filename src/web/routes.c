/* Every URL of the portal: method, pattern, handler, minimum role and the
 * parameters it accepts. To find the code behind a URL, look here. */
#include "web/routes.h"

#include <stdint.h>

#include "domain/request.h"

#define PARAMS(a) a, sizeof a / sizeof a[0]
#define NO_PARAMS NULL, 0

static const struct param_spec static_params[] = {
	{.name = "file", .type = PARAM_LINE, .source = PARAM_PATH, .required = true},
};

/* Reading a request (request_page.c). */
static const struct param_spec request_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
};

/* Making a request (submit.c). */
static const struct param_spec submit_params[] = {
	{.name = "description", .type = PARAM_TEXT, .source = PARAM_FORM, .required = true,
	 .max_len = REQUEST_DESCRIPTION_MAX},
	{.name = "records_from", .type = PARAM_DATE, .source = PARAM_FORM},
	{.name = "records_to", .type = PARAM_DATE, .source = PARAM_FORM},
	{.name = "preferred_format", .type = PARAM_ENUM, .source = PARAM_FORM,
	 .choices = request_formats},
	{.name = "department", .type = PARAM_INT, .source = PARAM_FORM, .min = 1,
	 .max = INT32_MAX},
	{.name = "name", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 200},
	{.name = "email", .type = PARAM_EMAIL, .source = PARAM_FORM, .max_len = 254},
	{.name = "phone", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 40},
	{.name = "address", .type = PARAM_TEXT, .source = PARAM_FORM, .max_len = 500},
	{.name = "organisation", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 200},
	/* The honeypot, hidden from people; post_request refuses it filled. */
	{.name = "website", .type = PARAM_LINE, .source = PARAM_FORM, .max_len = 1000},
};
static const struct param_spec submitted_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
	{.name = "no_email", .type = PARAM_FLAG, .source = PARAM_QUERY},
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
};

/* The router tries patterns in table order: within an area, literal paths
 * (/requests/new) come before captures (/requests/{number}). */
const struct route routes[] = {
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
	{HTTP_GET, "/static/{file}", page_static, ROLE_PUBLIC, PARAMS(static_params), 0},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
