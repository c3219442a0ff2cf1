/* Every URL of the portal: method, pattern, handler, minimum role and the
 * parameters it accepts. To find the code behind a URL, look here. */
#include "web/routes.h"

#define PARAMS(a) a, sizeof a / sizeof a[0]
#define NO_PARAMS NULL, 0

static const struct param_spec static_params[] = {
	{.name = "file", .type = PARAM_LINE, .source = PARAM_PATH, .required = true},
};

static const struct param_spec request_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
};

/* The router tries patterns in table order: within an area, literal paths
 * (/requests/new) come before captures (/requests/{number}). */
const struct route routes[] = {
	{HTTP_GET, "/", page_home, ROLE_PUBLIC, NO_PARAMS, ROUTE_PUBLIC_CACHE},
	{HTTP_GET, "/requests/{number}", page_request, ROLE_PUBLIC, PARAMS(request_params),
	 ROUTE_PUBLIC_CACHE},
	{HTTP_GET, "/static/{file}", page_static, ROLE_PUBLIC, PARAMS(static_params), 0},
};

const size_t n_routes = sizeof routes / sizeof routes[0];
