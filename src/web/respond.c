/* The answers a handler gives: a page, an error, field errors, a redirect. */
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "util/date.h"
#include "util/die.h"
#include "util/log.h"
#include "web/app.h"
#include "web/web.h"

const struct param_value *web_param(const struct web_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->route->n_params; i++)
		if (!strcmp(c->route->params[i].name, name))
			return &c->params[i];
	abort(); /* a handler asked for a parameter its route does not declare */
}

int web_page(struct web_ctx *c, const char *template, json_t *view)
{
	json_decref(c->view);
	c->view = view;
	c->template = template;
	return 200;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Sign in required";
	case 403: return "Not allowed";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 409: return "Changed by someone else";
	case 410: return "Link expired";
	case 413: return "Too large";
	case 429: return "Too many requests";
	case 503: return "Unavailable";
	default: return "Error";
	}
}

static int error_page(struct web_ctx *c, int status, const char *message, json_t *fields)
{
	json_t *err = json_pack("{s:i, s:s, s:s}", "status", status, "title",
				status_title(status), "message", message);
	if (fields)
		json_object_set_new(err, "fields", fields);
	if (status == 401)
		json_object_set_new(err, "sign_in_url", json_string("/login"));
	web_page(c, "error", json_pack("{s:o}", "error", err));
	return status;
}

int web_error(struct web_ctx *c, int status, const char *message)
{
	return error_page(c, status, message, NULL);
}

json_t *web_errors_json(const struct web_ctx *c)
{
	json_t *fields = json_object();
	for (size_t i = 0; i < c->n_errors; i++)
		if (!json_object_get(fields, c->errors[i].name))
			json_object_set_new(fields, c->errors[i].name,
					    json_string(c->errors[i].message));
	return fields;
}

void web_add_error(struct web_ctx *c, const char *name, const char *message)
{
	if (c->n_errors < PARAM_MAX)
		c->errors[c->n_errors++] = (struct param_error){name, message};
}

int web_field_errors(struct web_ctx *c)
{
	const struct param_error *first = &c->errors[0];
	char *message = arena_printf(c->arena, "The parameter '%s' %s.", first->name,
				     first->message);
	json_t *fields = web_errors_json(c);
	int status = error_page(c, 400, message, NULL);
	/* The list form, for the HTML page: [{name, message}] */
	json_t *list = json_array();
	const char *key;
	json_t *value;
	json_object_foreach(fields, key, value)
		json_array_append_new(list, json_pack("{s:s, s:O}", "name", key, "message", value));
	json_t *err = json_object_get(c->view, "error");
	json_object_set_new(err, "fields", fields);
	json_object_set_new(err, "field_list", list);
	json_object_set_new(err, "has_fields", json_true());
	return status;
}

int web_field_error(struct web_ctx *c, const char *name, const char *message)
{
	c->errors[0] = (struct param_error){name, message};
	c->n_errors = 1;
	return web_field_errors(c);
}

int web_redirect(struct web_ctx *c, const char *location)
{
	json_decref(c->view);
	c->view = NULL;
	http_resp_header(c->resp, "Location", location);
	return 303;
}

int web_form_errors(struct web_ctx *c, int status, const char *template, json_t *view,
		    const char *message)
{
	json_t *raw = web_errors_json(c), *errors = json_object(), *list = json_array();
	json_object_update_missing(raw, json_object_get(view, "errors"));
	const char *key;
	json_t *value;
	json_object_foreach(raw, key, value) {
		const char *label = key;
		for (size_t i = 0; i < c->route->n_params; i++)
			if (!strcmp(c->route->params[i].name, key) && c->route->params[i].label)
				label = c->route->params[i].label;
		json_t *sentence = json_sprintf("%s %s", label, json_string_value(value));
		json_object_set_new(errors, key, sentence);
		json_array_append_new(list, json_pack("{s:s, s:O}", "name", key, "message", sentence));
	}
	json_decref(raw);
	json_object_set_new(view, "errors", errors);
	if (json_array_size(list))
		json_object_set_new(view, "error_summary", json_pack("{s:o}", "items", list));
	else
		json_decref(list);
	if (message)
		json_object_set_new(view, "form_error", json_string(message));
	web_page(c, template, view);
	return status;
}

void web_set_cookie(struct web_ctx *c, const char *name, const char *value, long max_age)
{
	struct cookie_opts o = {
		.max_age = max_age, .path = "/", .http_only = true, .same_site_lax = true,
		.secure = c->req->tls,
	};
	const char *header = cookie_format(c->arena, name, value, &o);
	if (!header || !http_resp_header(c->resp, "Set-Cookie", header))
		log_error("cannot set cookie %s", name);
}

bool web_sign_in(struct web_ctx *c, int64_t user_id)
{
	struct token t;
	const char *ua = http_req_header(c->req, "User-Agent");
	char *agent = ua ? arena_strndup(c->arena, ua, strnlen(ua, 200)) : NULL;
	if (!session_start(c->db, &c->app->cfg.sessions, user_id, c->session, c->req->client_ip,
			   agent, date_time_now(), &t))
		return false;
	web_set_cookie(c, WEB_SESSION_COOKIE, arena_strdup(c->arena, t.text),
		       (long)c->app->cfg.sessions.absolute);
	return true;
}

void web_sign_out(struct web_ctx *c)
{
	if (c->session)
		session_end(c->db, c->session);
	web_set_cookie(c, WEB_SESSION_COOKIE, "", 0);
}

struct account_env web_account_env(const struct web_ctx *c)
{
	return (struct account_env){
		.db = c->db, .now = date_time_now(), .ip = c->req->client_ip,
		.public_url = c->app->public_url, .log_links = c->app->cfg.dev,
	};
}
