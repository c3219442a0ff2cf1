/* The signed-in visitor's own pages: My requests. */
#include "store/store.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

enum { MY_REQUESTS_PER_PAGE = 50 };

/* summary is a request of the list with what its owner sees of it: the
 * shared summary, whether it is published, and the latest update. */
static json_t *summary(const json_t *row, struct deadline_clock now, struct date soon_until)
{
	json_t *s = view_request_summary(row, now, soon_until);
	json_object_set(s, "published", json_object_get(row, "published"));
	const char *body = json_string_value(json_object_get(row, "latest_body"));
	if (body)
		json_object_set_new(
			s, "latest",
			json_pack("{s:o, s:o}", "excerpt", view_excerpt(body, 200), "when",
				  view_time_label(json_integer_value(
					  json_object_get(row, "latest_at")))));
	return s;
}

int page_account_requests(struct web_ctx *c)
{
	const struct param_value *page = web_param(c, "page");
	int64_t n = page->present ? page->num : 1;
	json_t *user = NULL, *rows = NULL;
	int64_t total = 0;
	/* The viewer's own requests: their level on each is what the policy
	 * gives the requester of a request (staff roles: staff). */
	enum level level = policy_level(&c->viewer, c->viewer.user_id);
	if (store_user_get(c->db, c->viewer.user_id, &user) != STORE_OK ||
	    store_requests_of_requester_count(c->db, c->viewer.user_id, &total) != STORE_OK ||
	    store_requests_of_requester(c->db, c->viewer.user_id, (int)level,
					policy_sees_hidden(level), MY_REQUESTS_PER_PAGE,
					(int)((n - 1) * MY_REQUESTS_PER_PAGE), &rows) != STORE_OK) {
		json_decref(user);
		return web_error(c, 503, "The database is unavailable; try again shortly.");
	}
	struct deadline_clock now = view_clock();
	struct date soon_until = view_soon_until(c->db, rows, now);
	json_t *list = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		json_array_append_new(list, summary(row, now, soon_until));
	json_decref(rows);
	json_t *view = json_pack(
		"{s:s, s:{s:O, s:O, s:b}, s:b, s:o, s:I, s:b, s:b}", "page_title", "My requests",
		"account", "name", json_object_get(user, "name"), "email",
		json_object_get(user, "email"), "email_verified",
		!json_is_null(json_object_get(user, "email_verified_at")), "has_requests",
		json_array_size(list) > 0, "requests", list, "total", (json_int_t)total, "is_staff",
		policy_is_staff(&c->viewer), "is_admin", c->viewer.role == ROLE_ADMIN);
	json_decref(user);
	if (n > 1)
		json_object_set_new(view, "prev_url",
				    json_sprintf("/account/requests?page=%lld", (long long)n - 1));
	if (n * MY_REQUESTS_PER_PAGE < total)
		json_object_set_new(view, "next_url",
				    json_sprintf("/account/requests?page=%lld", (long long)n + 1));
	return web_page(c, "account_requests", view);
}
