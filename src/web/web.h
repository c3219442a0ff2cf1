/* The web layer: what every page handler sees and the helpers it uses.
 *
 * A handler validates nothing itself (the router did), calls the domain,
 * and answers with a view model: one JSON object, rendered as HTML through
 * its template, or sent as JSON when the client asked for it (Accept:
 * application/json or a .json suffix). The API cannot drift from the pages
 * because it is the same object. */
#ifndef DISCLOSE_WEB_H
#define DISCLOSE_WEB_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/account.h"
#include "domain/policy.h"
#include "domain/role.h"
#include "domain/session.h"
#include "http/http.h"
#include "web/router.h"

struct app;
struct db;

struct web_ctx {
	struct app *app;
	struct http_req *req;
	struct http_resp *resp;
	struct arena *arena; /* the request's arena */
	struct db *db;       /* this thread's connection */
	const struct route *route;
	struct param_value params[PARAM_MAX];
	struct param_error errors[PARAM_MAX];
	size_t n_errors;
	struct viewer viewer;
	const char *viewer_name;     /* signed in: the user's name; else NULL */
	const struct token *session; /* signed in: the session's token */
	const char *csrf_token;      /* what this visitor's forms must send back */
	const char *csrf_nonce;      /* anonymous without the cookie yet: the new
					cookie value that csrf_token is bound to */
	bool want_json;
	json_t *view;         /* the view model; owned, freed after rendering */
	const char *template; /* template that renders view as HTML */
	const char *cache_key; /* set when the answer may go to the page cache */
	uint64_t cache_gen;    /* the database generation it was read at */
	const char *search_q; /* shown in the header's search box (site.q) */
};

/* web_param returns the validated value of the route's parameter name.
 * Asking for an undeclared name is a programming error (aborts). */
const struct param_value *web_param(const struct web_ctx *c, const char *name);

/* web_page answers 200 with view (taken over) rendered by template. */
int web_page(struct web_ctx *c, const char *template, json_t *view);

/* web_error answers status with a message for people; in JSON
 * {"error": {"status": 404, "message": "..."}}. */
int web_error(struct web_ctx *c, int status, const char *message);

/* web_add_error adds a field error the handler found (a rule across
 * fields, a value the database does not know) to c->errors; message must
 * outlive the request (a literal or arena memory). */
void web_add_error(struct web_ctx *c, const char *name, const char *message);

/* web_field_errors answers 400 listing c->errors, each with its field. */
int web_field_errors(struct web_ctx *c);

/* web_field_error answers 400 for one field found wrong by the handler
 * (a check that involves more than the field itself), as web_field_errors
 * does. */
int web_field_error(struct web_ctx *c, const char *name, const char *message);

/* web_redirect answers 303 See Other to a local path. */
int web_redirect(struct web_ctx *c, const char *location);

/* web_errors_json returns c->errors as {"field": "message", ...}. */
json_t *web_errors_json(const struct web_ctx *c);

/* web_form_errors answers status (400 for field errors, 401, 429, ...)
 * with a form page that shows its problems. view (taken over) gets errors
 * {"field": "Label message"}: c->errors and those the handler put in
 * view.errors ({"field": "message"}), each message after its field's label
 * (param_spec.label); error_summary {items: [{name, message}]} when there
 * are some, for the list at the top of the form; form_error = message
 * (NULL: none), a problem of the whole form. */
int web_form_errors(struct web_ctx *c, int status, const char *template, json_t *view,
		    const char *message);

/* web_set_cookie sends a cookie with Path=/, HttpOnly, SameSite=Lax, and
 * Secure when the request came over TLS. max_age < 0: until the browser
 * closes; 0: delete it. */
void web_set_cookie(struct web_ctx *c, const char *name, const char *value, long max_age);

/* The session cookie. */
#define WEB_SESSION_COOKIE "disclose_session"

/* web_sign_in starts a session for user_id (ending the one the browser
 * had) and sends its cookie. False on a database failure. */
bool web_sign_in(struct web_ctx *c, int64_t user_id);

/* web_sign_out ends the browser's session, if any, and deletes the cookie. */
void web_sign_out(struct web_ctx *c);

/* web_account_env is what the account operations need for this request. */
struct account_env web_account_env(const struct web_ctx *c);

#endif
