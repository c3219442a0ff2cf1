#include "web/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/ratelimit.h"
#include "domain/request.h"
#include "render/templates.h"
#include "store/db.h"
#include "store/store.h"
#include "util/date.h"
#include "util/log.h"
#include "web/page_cache.h"
#include "web/csrf.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"
#include "worker/worker.h"

/* Networks remembered by the submission limit (about 120 bytes each). */
enum { SUBMIT_LIMIT_KEYS = 4096 };

bool app_init(struct app *app, const struct app_config *cfg, char *err, size_t errlen)
{
	memset(app, 0, sizeof *app);
	app->cfg = *cfg;
	app->templates = templates_load(cfg->dev ? "templates" : NULL, err, errlen);
	if (!app->templates)
		return false;
	pthread_mutex_init(&app->site_lock, NULL);
	struct db *db = db_thread();
	if (!db) {
		snprintf(err, errlen, "cannot open database %s", cfg->db_path);
		return false;
	}
	unsigned char candidate[sizeof app->csrf_key];
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return false;
	}
	randombytes_buf(candidate, sizeof candidate);
	if (store_secret(db, "csrf", candidate, app->csrf_key) != STORE_OK) {
		snprintf(err, errlen, "cannot read the site key: %s", db_errmsg(db));
		return false;
	}
	if (!app->cfg.sessions.absolute)
		session_limits_default(&app->cfg.sessions);
	const char *url = cfg->public_url;
	bool v6 = strchr(cfg->address, ':') != NULL;
	if (url)
		app->public_url = strndup(url, strlen(url) - (url[0] && url[strlen(url) - 1] == '/'));
	else if (asprintf(&app->public_url, "http://%s%s%s:%u", v6 ? "[" : "", cfg->address,
			  v6 ? "]" : "", cfg->port) < 0)
		app->public_url = NULL;
	char *agency = NULL;
	store_setting_get(db, "agency_name", &agency);
	app->site = json_pack("{s:s, s:s}", "agency", agency ? agency : "Records Portal",
			      "lang", "en");
	free(agency);
	app->submit_limit = ratelimit_new(request_submit_limits, REQUEST_SUBMIT_RULES,
					  SUBMIT_LIMIT_KEYS);
	return true;
}

void app_free(struct app *app)
{
	page_cache_clear();
	templates_free(app->templates);
	json_decref(app->site);
	ratelimit_free(app->submit_limit);
	free(app->public_url);
	pthread_mutex_destroy(&app->site_lock);
}

/* Headers on every answer: no inline script, no framing, no sniffing. */
static void security_headers(struct http_resp *resp, bool tls)
{
	http_resp_header(resp, "Content-Security-Policy",
			 "default-src 'none'; script-src 'self'; style-src 'self'; "
			 "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	http_resp_header(resp, "X-Content-Type-Options", "nosniff");
	http_resp_header(resp, "Referrer-Policy", "same-origin");
	http_resp_header(resp, "X-Frame-Options", "DENY");
	if (tls)
		http_resp_header(resp, "Strict-Transport-Security",
				 "max-age=31536000; includeSubDomains");
}

/* wants_json: a .json suffix (stripped from *path) or an Accept header that
 * names application/json before any HTML type. */
static bool wants_json(struct http_req *req, const char **path)
{
	size_t len = strlen(*path);
	if (len > 5 && !strcmp(*path + len - 5, ".json")) {
		*path = arena_strndup(req->arena, *path, len - 5);
		return true;
	}
	const char *accept = http_req_header(req, "Accept");
	if (!accept)
		return false;
	const char *json = strstr(accept, "application/json");
	const char *html = strstr(accept, "text/html");
	return json && (!html || json < html);
}

/* render writes the view model into the response body. */
static void render(struct web_ctx *c, int status)
{
	struct http_resp *resp = c->resp;
	resp->status = status;
	if (!c->view)
		return;
	if (c->want_json) {
		if (c->session)
			http_resp_header(resp, "X-CSRF-Token", c->csrf_token);
		resp->content_type = "application/json";
		char *s = json_dumps(c->view, JSON_COMPACT | JSON_ENSURE_ASCII);
		buf_reset(&resp->body);
		buf_puts(&resp->body, s ? s : "{}");
		buf_putc(&resp->body, '\n');
		free(s);
		return;
	}
	pthread_mutex_lock(&c->app->site_lock);
	json_t *site = json_deep_copy(c->app->site);
	pthread_mutex_unlock(&c->app->site_lock);
	if (c->search_q)
		json_object_set_new(site, "q", json_string(c->search_q));
	json_object_set_new(site, "viewer", json_pack("{s:b, s:s?, s:b, s:b}", "signed_in",
						      c->viewer.user_id != 0, "name",
						      c->viewer_name, "is_staff",
						      policy_is_staff(&c->viewer), "is_admin",
						      c->viewer.role == ROLE_ADMIN));
	if (c->csrf_token)
		json_object_set_new(site, "csrf_token", json_string(c->csrf_token));
	json_object_set_new(c->view, "site", site);
	buf_reset(&resp->body);
	if (!templates_render(c->app->templates, c->template, c->view, &resp->body)) {
		log_error("no template '%s'", c->template);
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
		buf_reset(&resp->body);
		buf_puts(&resp->body, "Internal error: a page template is missing.\n");
		return;
	}
	csrf_finish(c);
}

/* resolve_viewer turns the session cookie into the viewer (its user's id
 * and role; expired sessions and inactive users are anonymous) and deletes
 * a cookie that names no live session. */
static void resolve_viewer(struct web_ctx *c)
{
	const char *cookie = http_cookie(c->req, WEB_SESSION_COOKIE);
	if (!cookie)
		return;
	struct token *t = arena_alloc(c->arena, sizeof *t);
	struct session_user u;
	enum session_state state = token_from_text(cookie, t)
		? session_resolve(c->db, &c->app->cfg.sessions, t, date_time_now(), c->arena, &u)
		: SESSION_NONE;
	if (state == SESSION_VALID) {
		c->viewer = (struct viewer){.user_id = u.user_id, .role = u.role};
		c->viewer_name = u.name;
		c->session = t;
	} else if (state != SESSION_ERROR) {
		web_set_cookie(c, WEB_SESSION_COOKIE, "", 0);
	}
}

static int dispatch(struct web_ctx *c, const char *path)
{
	struct route_match m;
	router_match(routes, n_routes, c->req->method, path, c->arena, &m);
	if (!m.route || !(m.route->flags & ROUTE_NO_SESSION)) {
		c->db = db_thread();
		if (c->db)
			resolve_viewer(c);
		csrf_prepare(c);
	}
	if (!m.route) {
		if (!m.method_mismatch)
			return web_error(c, 404, "There is no page at this address.");
		http_resp_header(c->resp, "Allow", arena_strdup(c->arena, m.allow));
		return web_error(c, 405, "This address does not accept that method.");
	}
	c->route = m.route;
	if (!c->db && !(m.route->flags & ROUTE_NO_SESSION))
		return web_error(c, 503, "The database is unavailable; try again shortly.");
	if (c->req->method == HTTP_POST && !(m.route->flags & ROUTE_TOKEN_AUTH) && !csrf_check(c))
		return web_error(c, 403, "This form has expired or was sent from another site: "
					 "go back, reload the page and try again.");
	c->n_errors = params_validate(m.route, &m, c->req, c->params, c->errors);
	if (c->viewer.role < m.route->min_role)
		return web_error(c, c->viewer.role == ROLE_PUBLIC ? 401 : 403,
				 c->viewer.role == ROLE_PUBLIC
					 ? "Please sign in to see this page."
					 : "Your account may not see this page.");
	if (c->n_errors && !(m.route->flags & ROUTE_FORM_ERRORS))
		return web_field_errors(c);
	if ((m.route->flags & ROUTE_PUBLIC_CACHE) && c->viewer.role == ROLE_PUBLIC) {
		char today[DATE_FMT_MAX];
		c->cache_gen = db_generation(c->db);
		c->cache_key = arena_printf(c->arena, "%s %s?%s %s", c->want_json ? "json" : "html",
					    path, c->req->query, date_format_iso(view_today(), today));
		if (page_cache_get(c->cache_key, c->cache_gen, c->resp))
			return -1;
	}
	int status = m.route->handler(c);
	/* A change may have queued email or jobs: idle workers look now. */
	if (c->req->method == HTTP_POST)
		worker_wake();
	return status;
}

void app_handle(struct http_req *req, struct http_resp *resp, void *vapp)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct web_ctx c = {.app = vapp, .req = req, .resp = resp, .arena = req->arena};
	security_headers(resp, req->tls);
	const char *path = req->path;
	c.want_json = wants_json(req, &path);
	int status = dispatch(&c, path);
	if (status > 0) { /* -1: answered from the page cache */
		render(&c, status);
		if (c.cache_key && resp->status == 200)
			page_cache_put(c.cache_key, c.cache_gen, resp);
	}
	json_decref(c.view);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long us = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
	bool secret = c.route && (c.route->flags & ROUTE_SECRET_PATH);
	log_request(req->method_name, secret ? c.route->pattern : req->path, resp->status,
		    resp->file_path ? 0 : resp->body.len, us);
}
