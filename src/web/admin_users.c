/* Admin: the people who use the portal. List, create, edit, deactivate
 * and reactivate; there is no deletion (domain/users.h). */
#include <string.h>

#include "domain/password.h"
#include "domain/users.h"
#include "store/store.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

enum { USERS_PER_PAGE = 100 };

/* Roles an admin may give, strongest first; new accounts get a staff role
 * (requesters make their own). */
static const enum role role_order[] = {ROLE_ADMIN, ROLE_DEPARTMENT_ADMIN, ROLE_PUBLISHER,
				       ROLE_STAFF, ROLE_REQUESTER};

static json_t *role_options(const char *selected, bool with_requester)
{
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof role_order / sizeof role_order[0]; i++) {
		enum role r = role_order[i];
		if (r == ROLE_REQUESTER && !with_requester)
			continue;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", role_name(r),
						      "label", role_label(r), "selected",
						      selected && !strcmp(selected, role_name(r))));
	}
	return list;
}

/* department_options lists the active departments as checkboxes, those
 * whose id is in checked (n of them) checked. NULL on a database failure. */
static json_t *department_options(struct web_ctx *c, const int64_t *checked, size_t n)
{
	json_t *rows = NULL;
	if (store_departments(c->db, &rows) != STORE_OK)
		return NULL;
	size_t i;
	json_t *d;
	json_array_foreach(rows, i, d) {
		json_int_t id = json_integer_value(json_object_get(d, "id"));
		bool on = false;
		for (size_t k = 0; k < n && !on; k++)
			on = checked[k] == id;
		json_object_set_new(d, "checked", json_boolean(on));
	}
	return rows;
}

/* chosen_departments returns the department ids the form sent. */
static int64_t *chosen_departments(struct web_ctx *c, size_t *n)
{
	const struct param_value *v = web_param(c, "departments");
	int64_t *ids = arena_calloc(c->arena, v->n_items ? v->n_items : 1, sizeof *ids);
	for (size_t i = 0; i < v->n_items; i++)
		ids[i] = v->items[i].num;
	*n = v->n_items;
	return ids;
}

static int unavailable(struct web_ctx *c)
{
	return web_error(c, 503, "The database is unavailable; try again shortly.");
}

static const char *typed(const struct web_ctx *c, const char *name)
{
	const char *v = http_form(c->req, name);
	return v ? v : "";
}

/* list_view is the users page: the list and the form to create an account
 * (with what was typed when it is shown again). NULL on a failure. */
static json_t *list_view(struct web_ctx *c, bool requesters, int64_t page)
{
	json_t *rows = NULL;
	size_t n_checked = 0;
	const int64_t *checked = c->req->method == HTTP_POST ? chosen_departments(c, &n_checked)
							     : NULL;
	json_t *depts = department_options(c, checked, n_checked);
	if (!depts || store_users_list(c->db, requesters, USERS_PER_PAGE,
				       (int)((page - 1) * USERS_PER_PAGE), &rows) != STORE_OK) {
		json_decref(depts);
		return NULL;
	}
	size_t i;
	json_t *u;
	json_array_foreach(rows, i, u) {
		enum role r = ROLE_PUBLIC;
		role_parse(json_string_value(json_object_get(u, "role")), &r);
		json_object_set_new(u, "role_label", json_string(role_label(r)));
		json_object_set_new(u, "url", json_sprintf("/admin/users/%lld",
							   (long long)json_integer_value(
								   json_object_get(u, "id"))));
		json_t *last = json_object_get(u, "last_login_at");
		json_object_set_new(u, "last_login_label",
				    json_is_integer(last)
					    ? view_time_label(json_integer_value(last))
					    : json_string("never"));
	}
	json_t *view = json_pack(
		"{s:s, s:o, s:b, s:o, s:o, s:{s:s, s:s, s:s}}", "page_title", "Users", "users",
		rows, "show_requesters", requesters, "departments", depts, "roles",
		role_options(c->req->method == HTTP_POST ? typed(c, "role") : "staff", false),
		"form", "email", typed(c, "email"), "name", typed(c, "name"), "title",
		typed(c, "title"));
	if (page > 1)
		json_object_set_new(view, "prev_url",
				    json_sprintf("/admin/users?show=%s&page=%lld",
						 requesters ? "requesters" : "staff",
						 (long long)page - 1));
	if (json_array_size(rows) == USERS_PER_PAGE)
		json_object_set_new(view, "next_url",
				    json_sprintf("/admin/users?show=%s&page=%lld",
						 requesters ? "requesters" : "staff",
						 (long long)page + 1));
	return view;
}

int page_admin_users(struct web_ctx *c)
{
	const struct param_value *show = web_param(c, "show"), *page = web_param(c, "page");
	json_t *view = list_view(c, show->present && show->num == 1,
				 page->present ? page->num : 1);
	return view ? web_page(c, "admin_users", view) : unavailable(c);
}

/* optional returns a validated text parameter or NULL. */
static const char *optional(const struct web_ctx *c, const char *name)
{
	const struct param_value *v = web_param(c, name);
	return v->present ? v->str : NULL;
}

/* create_again shows the list page again with the form's problems. */
static int create_again(struct web_ctx *c, json_t *errors)
{
	json_t *view = list_view(c, false, 1);
	if (!view) {
		json_decref(errors);
		return unavailable(c);
	}
	if (errors)
		json_object_set_new(view, "errors", errors);
	return web_form_errors(c, 400, "admin_users", view, NULL);
}

int action_admin_user_create(struct web_ctx *c)
{
	const char *password = optional(c, "password");
	const char *problem = password ? password_problem(password) : NULL;
	if (c->n_errors || problem)
		return create_again(c, problem ? json_pack("{s:s}", "password", problem) : NULL);
	struct user_input in = {
		.email = web_param(c, "email")->str, .name = web_param(c, "name")->str,
		.title = optional(c, "title"), .role = web_param(c, "role")->str,
		.password = password,
	};
	in.departments = chosen_departments(c, &in.n_departments);
	struct account_env e = web_account_env(c);
	int64_t id = 0;
	switch (users_create(&e, c->viewer.user_id, &in, &id)) {
	case USERS_OK:
		return web_redirect(c, arena_printf(c->arena, "/admin/users/%lld", (long long)id));
	case USERS_EXISTS:
		return create_again(c, json_pack("{s:s}", "email",
						 "already belongs to an account"));
	case USERS_INVALID:
		return create_again(c, json_pack("{s:s}", "departments",
						 "must be departments of the list"));
	default:
		return unavailable(c);
	}
}

/* user_page answers the page of one account with its form; the fields
 * are what the form sent when it is shown again with errors. */
static int user_page(struct web_ctx *c, int status, json_t *errors)
{
	int64_t id = web_param(c, "id")->num;
	json_t *user = NULL, *mine = NULL;
	enum store_rc rc = store_user_get(c->db, id, &user);
	if (rc == STORE_NOT_FOUND) {
		json_decref(errors);
		return web_error(c, 404, "There is no such user.");
	}
	if (rc != STORE_OK || store_user_departments(c->db, id, &mine) != STORE_OK) {
		json_decref(user);
		json_decref(errors);
		return unavailable(c);
	}
	bool again = c->req->method == HTTP_POST;
	size_t n = 0;
	int64_t *checked = again ? chosen_departments(c, &n)
				 : arena_calloc(c->arena, json_array_size(mine) + 1, sizeof *checked);
	size_t i;
	json_t *d;
	if (!again)
		json_array_foreach(mine, i, d)
			checked[n++] = json_integer_value(json_object_get(d, "id"));
	json_decref(mine);
	json_t *depts = department_options(c, checked, n);
	if (!depts) {
		json_decref(user);
		json_decref(errors);
		return unavailable(c);
	}
	const char *role = again ? typed(c, "role") : json_string_value(json_object_get(user, "role"));
	json_t *form = again ? json_pack("{s:s, s:s}", "name", typed(c, "name"), "title",
					 typed(c, "title"))
			     : json_pack("{s:O, s:O}", "name", json_object_get(user, "name"),
					 "title", json_object_get(user, "title"));
	json_t *view = json_pack("{s:s+, s:o, s:o, s:o, s:o, s:b, s:s+}", "page_title", "User: ",
				 json_string_value(json_object_get(user, "email")), "user", user,
				 "form", form, "roles", role_options(role, true), "departments",
				 depts, "is_self", id == c->viewer.user_id, "action",
				 "/admin/users/", arena_printf(c->arena, "%lld", (long long)id));
	if (status == 200)
		return web_page(c, "admin_user", view);
	if (errors)
		json_object_set_new(view, "errors", errors);
	return web_form_errors(c, status, "admin_user", view, NULL);
}

int page_admin_user(struct web_ctx *c)
{
	return user_page(c, 200, NULL);
}

int action_admin_user_update(struct web_ctx *c)
{
	if (c->n_errors)
		return user_page(c, 400, NULL);
	struct user_input in = {
		.name = web_param(c, "name")->str, .title = optional(c, "title"),
		.role = web_param(c, "role")->str,
	};
	in.departments = chosen_departments(c, &in.n_departments);
	struct account_env e = web_account_env(c);
	int64_t id = web_param(c, "id")->num;
	switch (users_update(&e, c->viewer.user_id, id, &in)) {
	case USERS_OK:
		return web_redirect(c, arena_printf(c->arena, "/admin/users/%lld", (long long)id));
	case USERS_NOT_FOUND:
		return web_error(c, 404, "There is no such user.");
	case USERS_SELF:
		return user_page(c, 400, json_pack("{s:s}", "role",
						   "of your own account cannot be changed by you"));
	case USERS_INVALID:
		return user_page(c, 400, json_pack("{s:s}", "departments",
						   "must be departments of the list"));
	default:
		return unavailable(c);
	}
}

static int set_active(struct web_ctx *c, bool active)
{
	struct account_env e = web_account_env(c);
	int64_t id = web_param(c, "id")->num;
	switch (users_set_active(&e, c->viewer.user_id, id, active)) {
	case USERS_OK:
		return web_redirect(c, arena_printf(c->arena, "/admin/users/%lld", (long long)id));
	case USERS_NOT_FOUND:
		return web_error(c, 404, "There is no such user.");
	case USERS_SELF:
		return web_error(c, 400, "You cannot deactivate your own account.");
	default:
		return unavailable(c);
	}
}

int action_admin_user_deactivate(struct web_ctx *c)
{
	return set_active(c, false);
}

int action_admin_user_reactivate(struct web_ctx *c)
{
	return set_active(c, true);
}
