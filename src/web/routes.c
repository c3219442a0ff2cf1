/* Every URL of the portal: method, pattern, handler, minimum role and the
 * parameters it accepts. To find the code behind a URL, look here. */
#include "web/routes.h"

#define PARAMS(a) a, sizeof a / sizeof a[0]
#define NO_PARAMS NULL, 0

static const struct param_spec static_params[] = {
	{.name = "file", .type = PARAM_LINE, .source = PARAM_PATH, .required = true},
};

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

const struct route routes[] = {
	{HTTP_GET, "/", page_home, ROLE_PUBLIC, NO_PARAMS, 0},
	{HTTP_GET, "/requests", page_archive, ROLE_PUBLIC, PARAMS(archive_params), 0},
	{HTTP_GET, "/static/{file}", page_static, ROLE_PUBLIC, PARAMS(static_params), 0},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
