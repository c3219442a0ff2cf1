/* Routing and parameter validation, before any handler runs.
 *
 * A route declares its method, a path pattern whose {captures} name path
 * parameters, its handler, the minimum role, and every parameter it accepts
 * with its type and limits. router_match finds the route; params_validate
 * checks every declared parameter and refuses undeclared ones, so a handler
 * only ever sees typed, valid values. */
#ifndef DISCLOSE_ROUTER_H
#define DISCLOSE_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"
#include "http/http.h"

enum param_type {
	PARAM_LINE,  /* one line of text: no control characters */
	PARAM_TEXT,  /* multi-line text: tabs and newlines allowed, CRLF -> LF */
	PARAM_INT,   /* decimal integer within [min, max] */
	PARAM_REQNO, /* request number "YY-N", e.g. 19-5156 */
	PARAM_DATE,  /* YYYY-MM-DD, a real calendar date */
	PARAM_ENUM,  /* one of choices */
	PARAM_EMAIL, /* an email address (syntax check only) */
	PARAM_FLAG,  /* a checkbox: present means true */
};

enum param_source { PARAM_PATH, PARAM_QUERY, PARAM_FORM };

struct param_spec {
	const char *name;
	const char *label;          /* how a form names the field to people
				       ("Email address"); NULL: name */
	enum param_type type;
	enum param_source source;
	bool required;
	size_t max_len;             /* in characters; 0 means PARAM_DEFAULT_MAX */
	int64_t min, max;           /* PARAM_INT bounds */
	const char *const *choices; /* PARAM_ENUM, NULL-terminated */
	size_t max_items;           /* > 0: a query or form parameter that may
				       be given up to this many times (a group
				       of checkboxes); see param_value.items */
};

enum { PARAM_DEFAULT_MAX = 200, PARAM_MAX = 24 };

struct reqno {
	int year; /* two digits, 0..99 */
	int seq;  /* 1..99999999 */
};

/* A validated value. Text is trimmed of surrounding white space; an empty
 * value counts as absent. */
struct param_value {
	bool present;
	const char *str; /* the text as given (normalised), in the request arena */
	int64_t num;     /* PARAM_INT; PARAM_FLAG 1; PARAM_ENUM index of choice */
	struct reqno reqno;
	int32_t day; /* PARAM_DATE: days since 1970-01-01 */
	/* A parameter with max_items: every value given, in order, each
	 * validated (the fields above describe the first). */
	const struct param_value *items;
	size_t n_items;
};

struct web_ctx;
typedef int (*web_handler_fn)(struct web_ctx *c);

enum route_flags {
	/* Field errors go to the handler (to re-show a form with the input
	 * kept) instead of an automatic 400 page. */
	ROUTE_FORM_ERRORS = 1 << 0,
	/* The page is the same for every anonymous visitor: it may be served
	 * from the page cache (web/page_cache.h). Never for a page with a form
	 * that posts, or anything that depends on who asks. */
	ROUTE_PUBLIC_CACHE = 1 << 1,
	/* No database and no viewer: static files. */
	ROUTE_NO_SESSION = 1 << 2,
	/* The path holds a secret (an emailed link's token): the access log
	 * shows the route's pattern instead. */
	ROUTE_SECRET_PATH = 1 << 3,
	/* A POST whose path carries a signed token that is its only authority
	 * (no session is used): no anti-forgery check, so that a mail client
	 * can send it (one-click unsubscribe, RFC 8058). */
	ROUTE_TOKEN_AUTH = 1 << 4,
};

struct route {
	enum http_method method;
	const char *pattern; /* "/requests/{number}" */
	web_handler_fn handler;
	enum role min_role;
	const struct param_spec *params;
	size_t n_params;
	unsigned flags;
};

/* A field error: the parameter's name and a sentence for people. */
struct param_error {
	const char *name;
	const char *message;
};

struct route_match {
	const struct route *route; /* NULL: no route for this path */
	bool method_mismatch;      /* a route has the path, not the method */
	char allow[64];            /* for 405: "GET, HEAD, POST" */
	const char *captures[8];   /* raw path segments, by capture order */
	size_t n_captures;
};

/* router_match looks path up in routes (n of them). */
void router_match(const struct route *routes, size_t n, enum http_method m,
		  const char *path, struct arena *arena,
		  struct route_match *out);

/* params_validate fills values[i] for route->params[i]. Every problem is
 * appended to errors (up to PARAM_MAX); returns the number of errors.
 * Parameters that the route does not declare are errors too. */
size_t params_validate(const struct route *route, const struct route_match *m,
		       const struct http_req *req, struct param_value *values,
		       struct param_error *errors);

/* reqno_parse parses "YY-N"; false when s is not one. */
bool reqno_parse(const char *s, struct reqno *out);

#endif
