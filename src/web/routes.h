/* The route table: every URL of the portal, in one place (routes.c). */
#ifndef DISCLOSE_ROUTES_H
#define DISCLOSE_ROUTES_H

#include <stddef.h>

#include "web/router.h"

extern const struct route routes[];
extern const size_t n_routes;

/* Handlers, one file per area of the site, and the choices their
 * parameters accept. */
int page_home(struct web_ctx *c);
int page_request_new(struct web_ctx *c);
int post_request(struct web_ctx *c);
int page_request_submitted(struct web_ctx *c);
int page_archive(struct web_ctx *c);
extern const char *const archive_status_choices[];
extern const char *const archive_sort_choices[];
int page_static(struct web_ctx *c);
int page_request(struct web_ctx *c);

#endif
