/* The running application: its configuration, its templates, and the entry
 * point the HTTP layer calls for every request. */
#ifndef DISCLOSE_APP_H
#define DISCLOSE_APP_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>

#include "domain/session.h"
#include "http/http.h"

struct ratelimit;
struct templates;

struct app_config {
	const char *address;
	unsigned port;
	const char *db_path;
	const char *data_dir;
	const char *clamdscan; /* the virus scanner for uploads; NULL: none */
	const char *timezone; /* IANA name; NULL: the database's setting */
	unsigned threads;
	bool dev;             /* templates and static files from the tree; emailed
				 links also written to the log */
	bool trust_proxy;
	const char *public_url; /* the address people use, for links in emails;
				   NULL: http://ADDRESS:PORT */
	struct session_limits sessions;
};

struct app {
	struct app_config cfg;
	struct templates *templates;
	pthread_mutex_t site_lock;
	json_t *site; /* agency name, language: shared by every page */
	struct ratelimit *submit_limit; /* requests made on the web, per network */
	char *public_url; /* without a trailing slash */
	unsigned char csrf_key[32]; /* signs anti-forgery tokens */
};

/* app_init loads templates and site settings; false with a message in err. */
bool app_init(struct app *app, const struct app_config *cfg, char *err, size_t errlen);
void app_free(struct app *app);

/* app_handle is the http_handler_fn: route, validate, run, render, log. */
void app_handle(struct http_req *req, struct http_resp *resp, void *app);

#endif
