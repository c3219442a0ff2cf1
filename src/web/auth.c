/* Signing in and out: the password form, emailed sign-in links,
 * registration, forgotten passwords. Every answer that follows a sign-in
 * is a redirect, so that reloading a page never posts a password again. */
#include <stdarg.h>
#include <string.h>

#include "domain/account.h"
#include "domain/password.h"
#include "domain/session.h"
#include "web/app.h"
#include "web/routes.h"
#include "web/web.h"

/* Where a new session goes first. */
#define AFTER_SIGN_IN "/account/requests"

/* typed returns what the visitor wrote in a form field, to show the form
 * again ("" when nothing). Never used for passwords. */
static const char *typed(const struct web_ctx *c, const char *name)
{
	const char *v = http_form(c->req, name);
	return v ? v : "";
}

/* form answers a form page: 200 when there is nothing to say, else status
 * with the field errors (c->errors and view.errors) and message. */
static int form(struct web_ctx *c, const char *template, const char *title, json_t *view,
		int status, const char *message)
{
	json_object_set_new(view, "page_title", json_string(title));
	if (status == 200 && !c->n_errors && !json_object_get(view, "errors"))
		return web_page(c, template, view);
	return web_form_errors(c, status == 200 ? 400 : status, template, view, message);
}

/* throttled answers 429 on a form page with the time to wait. */
static int throttled(struct web_ctx *c, const char *template, const char *title, json_t *view,
		     int minutes)
{
	http_resp_header(c->resp, "Retry-After", arena_printf(c->arena, "%d", minutes * 60));
	return form(c, template, title, view, 429,
		    arena_printf(c->arena, "Too many attempts; try again in %d minute%s.", minutes,
				 minutes == 1 ? "" : "s"));
}

/* notice answers a page with a message and links (pairs of href, text,
 * NULL-terminated). */
static int notice(struct web_ctx *c, int status, const char *title, const char *message, ...)
{
	json_t *links = json_array();
	va_list ap;
	va_start(ap, message);
	for (const char *href; (href = va_arg(ap, const char *));)
		json_array_append_new(links, json_pack("{s:s, s:s}", "href", href, "text",
						       va_arg(ap, const char *)));
	va_end(ap);
	web_page(c, "notice", json_pack("{s:s, s:s, s:o}", "page_title", title, "message", message,
					 "links", links));
	return status;
}

static int unavailable(struct web_ctx *c)
{
	return web_error(c, 503, "The database is unavailable; try again shortly.");
}

/* signed_in starts the session and goes to the account's first page. */
static int signed_in(struct web_ctx *c, int64_t user_id)
{
	return web_sign_in(c, user_id) ? web_redirect(c, AFTER_SIGN_IN) : unavailable(c);
}

/* ---- Password sign-in ---- */

static int login_form(struct web_ctx *c, int status, const char *message)
{
	return form(c, "login", "Sign in", json_pack("{s:s}", "email", typed(c, "email")), status,
		    message);
}

int page_login(struct web_ctx *c)
{
	if (c->viewer.user_id)
		return web_redirect(c, AFTER_SIGN_IN);
	return login_form(c, 200, NULL);
}

int action_login(struct web_ctx *c)
{
	if (c->n_errors)
		return login_form(c, 400, NULL);
	struct account_env e = web_account_env(c);
	int64_t user_id = 0;
	int minutes = 0;
	switch (account_login(&e, web_param(c, "email")->str, web_param(c, "password")->str,
			      &user_id, &minutes)) {
	case ACCOUNT_OK:
		return signed_in(c, user_id);
	case ACCOUNT_THROTTLED:
		return throttled(c, "login", "Sign in",
				 json_pack("{s:s}", "email", typed(c, "email")), minutes);
	case ACCOUNT_REFUSED:
		return login_form(c, 401, "The email address or the password is not right.");
	default:
		return unavailable(c);
	}
}

int action_logout(struct web_ctx *c)
{
	web_sign_out(c);
	return web_redirect(c, "/");
}

int action_logout_everywhere(struct web_ctx *c)
{
	if (!session_end_all(c->db, c->viewer.user_id))
		return unavailable(c);
	web_set_cookie(c, WEB_SESSION_COOKIE, "", 0);
	return web_redirect(c, "/");
}

/* ---- Emailed sign-in links ---- */

static int link_form(struct web_ctx *c, int status)
{
	return form(c, "login_link", "Sign in with an emailed link",
		    json_pack("{s:s}", "email", typed(c, "email")), status, NULL);
}

int page_login_link(struct web_ctx *c)
{
	return link_form(c, 200);
}

int action_login_link(struct web_ctx *c)
{
	if (c->n_errors)
		return link_form(c, 400);
	struct account_env e = web_account_env(c);
	int minutes = 0;
	switch (account_send_login_link(&e, web_param(c, "email")->str, &minutes)) {
	case ACCOUNT_OK:
		return notice(c, 200, "Check your email",
			      "If this address can sign in with a link, we have sent one to it. "
			      "The link works once, within 30 minutes.",
			      "/login", "Sign in with a password", NULL);
	case ACCOUNT_THROTTLED:
		return throttled(c, "login_link", "Sign in with an emailed link",
				 json_pack("{s:s}", "email", typed(c, "email")), minutes);
	default:
		return unavailable(c);
	}
}

int page_login_link_use(struct web_ctx *c)
{
	struct account_env e = web_account_env(c);
	int64_t user_id = 0;
	switch (account_use_login_link(&e, web_param(c, "token")->str, &user_id)) {
	case ACCOUNT_OK:
		return signed_in(c, user_id);
	case ACCOUNT_REFUSED:
		return notice(c, 410, "This link no longer works",
			      "This sign-in link has expired or was already used.",
			      "/login/link", "Ask for a new link", NULL);
	default:
		return unavailable(c);
	}
}

/* ---- Registration ---- */

/* password_errors adds to errors the problems of a new password and its
 * confirmation. */
static void password_errors(struct web_ctx *c, json_t *errors)
{
	const struct param_value *pw = web_param(c, "password");
	const struct param_value *again = web_param(c, "password_confirm");
	const char *problem = pw->present ? password_problem(pw->str) : NULL;
	if (problem)
		json_object_set_new(errors, "password", json_string(problem));
	if (pw->present && again->present && strcmp(pw->str, again->str))
		json_object_set_new(errors, "password_confirm",
				    json_string("must be the same as the password"));
}

static json_t *register_view(const struct web_ctx *c)
{
	return json_pack("{s:s, s:s}", "email", typed(c, "email"), "name", typed(c, "name"));
}

int page_register(struct web_ctx *c)
{
	return form(c, "register", "Create an account", register_view(c), 200, NULL);
}

int action_register(struct web_ctx *c)
{
	json_t *view = register_view(c), *errors = json_object();
	password_errors(c, errors);
	if (c->n_errors || json_object_size(errors)) {
		json_object_set_new(view, "errors", errors);
		return form(c, "register", "Create an account", view, 400, NULL);
	}
	struct account_env e = web_account_env(c);
	int64_t user_id = 0;
	int minutes = 0;
	switch (account_register(&e, web_param(c, "email")->str, web_param(c, "name")->str,
				 web_param(c, "password")->str, &user_id, &minutes)) {
	case ACCOUNT_OK:
		json_decref(view);
		json_decref(errors);
		return signed_in(c, user_id);
	case ACCOUNT_EXISTS:
		json_object_set_new(errors, "email",
				    json_string("already belongs to an account: sign in, or reset "
						"its password"));
		json_object_set_new(view, "errors", errors);
		return form(c, "register", "Create an account", view, 400, NULL);
	case ACCOUNT_THROTTLED:
		json_decref(errors);
		return throttled(c, "register", "Create an account", view, minutes);
	default:
		json_decref(view);
		json_decref(errors);
		return unavailable(c);
	}
}

/* ---- Forgotten passwords ---- */

static int forgot_form(struct web_ctx *c, int status)
{
	return form(c, "password_forgot", "Reset your password",
		    json_pack("{s:s}", "email", typed(c, "email")), status, NULL);
}

int page_password_forgot(struct web_ctx *c)
{
	return forgot_form(c, 200);
}

int action_password_forgot(struct web_ctx *c)
{
	if (c->n_errors)
		return forgot_form(c, 400);
	struct account_env e = web_account_env(c);
	int minutes = 0;
	switch (account_send_password_reset(&e, web_param(c, "email")->str, &minutes)) {
	case ACCOUNT_OK:
		return notice(c, 200, "Check your email",
			      "If this address has an account, we have sent it a link to choose a "
			      "new password. The link works once, within an hour.",
			      "/login", "Sign in", NULL);
	case ACCOUNT_THROTTLED:
		return throttled(c, "password_forgot", "Reset your password",
				 json_pack("{s:s}", "email", typed(c, "email")), minutes);
	default:
		return unavailable(c);
	}
}

static int reset_gone(struct web_ctx *c)
{
	return notice(c, 410, "This link no longer works",
		      "This password reset link has expired or was already used.",
		      "/password/forgot", "Ask for a new link", NULL);
}

static json_t *reset_view(const struct web_ctx *c)
{
	return json_pack("{s:s+}", "action", "/password/reset/", web_param(c, "token")->str);
}

int page_password_reset(struct web_ctx *c)
{
	struct account_env e = web_account_env(c);
	switch (account_reset_link_valid(&e, web_param(c, "token")->str)) {
	case ACCOUNT_OK:
		return form(c, "password_reset", "Choose a new password", reset_view(c), 200, NULL);
	case ACCOUNT_REFUSED:
		return reset_gone(c);
	default:
		return unavailable(c);
	}
}

int action_password_reset(struct web_ctx *c)
{
	json_t *errors = json_object();
	password_errors(c, errors);
	if (c->n_errors || json_object_size(errors)) {
		json_t *view = reset_view(c);
		json_object_set_new(view, "errors", errors);
		return form(c, "password_reset", "Choose a new password", view, 400, NULL);
	}
	json_decref(errors);
	struct account_env e = web_account_env(c);
	int64_t user_id = 0;
	switch (account_reset_password(&e, web_param(c, "token")->str,
				       web_param(c, "password")->str, &user_id)) {
	case ACCOUNT_OK:
		return signed_in(c, user_id);
	case ACCOUNT_REFUSED:
		return reset_gone(c);
	default:
		return unavailable(c);
	}
}

/* ---- Email verification ---- */

int page_account_verify(struct web_ctx *c)
{
	struct account_env e = web_account_env(c);
	int64_t user_id = 0;
	switch (account_verify_email(&e, web_param(c, "token")->str, &user_id)) {
	case ACCOUNT_OK:
		return notice(c, 200, "Email address confirmed",
			      "Thank you: your email address is confirmed. Requests you made with "
			      "it now appear in your account.",
			      "/account/requests", "My requests", NULL);
	case ACCOUNT_REFUSED:
		return notice(c, 410, "This link no longer works",
			      "This confirmation link has expired or was already used. Signing "
			      "in with an emailed link also confirms your address.",
			      "/login/link", "Sign in with an emailed link", NULL);
	default:
		return unavailable(c);
	}
}
