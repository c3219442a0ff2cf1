/* Admin: each department's default point of contact, who becomes the point
 * of contact of a request assigned to the department when it has none
 * (domain/staff_actions.h). */
#include <string.h>

#include "domain/staff_actions.h"
#include "store/store.h"
#include "util/date.h"
#include "web/routes.h"
#include "web/staff.h"
#include "web/view.h"
#include "web/web.h"

enum { CONTACTS_MAX = 500 }; /* people offered as a default contact */

/* departments_page answers status with the list; problem (NULL: none) is
 * about department shown with the value chosen kept. */
static int departments_page(struct web_ctx *c, int status, const char *problem, int64_t shown,
			    int64_t chosen)
{
	json_t *rows = NULL, *people = NULL;
	if (store_departments_admin(c->db, &rows) != STORE_OK ||
	    store_staff_users(c->db, CONTACTS_MAX, &people) != STORE_OK) {
		json_decref(rows);
		return web_error(c, 500, "The departments could not be read; please try again.");
	}
	size_t i;
	json_t *d;
	json_array_foreach(rows, i, d) {
		int64_t id = json_integer_value(json_object_get(d, "id"));
		int64_t selected = id == shown ? chosen
					       : json_integer_value(
							 json_object_get(d, "default_contact_id"));
		json_object_set_new(d, "contact_choices", view_department_choices(people, selected));
		json_object_set_new(d, "action", json_sprintf("/admin/departments/%lld/contact",
							      (long long)id));
		json_object_set_new(d, "problem",
				    id == shown && problem ? json_string(problem) : json_null());
	}
	json_decref(people);
	json_t *view = json_pack("{s:s, s:o}", "page_title", "Departments", "departments", rows);
	if (status == 200)
		return web_page(c, "admin_departments", view);
	return web_form_errors(c, status, "admin_departments", view, problem);
}

int page_admin_departments(struct web_ctx *c)
{
	return departments_page(c, 200, NULL, 0, 0);
}

int action_admin_department_contact(struct web_ctx *c)
{
	int64_t id = web_param(c, "id")->num;
	const struct param_value *who = web_param(c, "default_contact");
	int64_t user_id = who->present ? who->num : 0;
	if (c->n_errors)
		return departments_page(c, 400, NULL, id, user_id);
	struct staff_actor actor = {.viewer = c->viewer, .ip = c->req->client_ip,
				    .now = date_time_now()};
	const char *problem = NULL;
	switch (staff_department_contact(c->db, &actor, id, user_id, &problem)) {
	case STAFF_OK:
		return web_redirect(c, "/admin/departments");
	case STAFF_NOT_FOUND:
		return web_error(c, 404, "There is no such department.");
	case STAFF_FORBIDDEN:
		return web_error(c, 403, "Only admins set a department's default contact.");
	case STAFF_INVALID:
		return departments_page(c, 400, problem, id, user_id);
	default:
		return web_error(c, 500, "The change could not be saved; please try again.");
	}
}
