/* Cookies: parsing the Cookie request header, formatting Set-Cookie. */
#ifndef DISCLOSE_HTTP_COOKIE_H
#define DISCLOSE_HTTP_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/arena.h"

/* cookie_parse splits a Cookie header value ("a=1; b=2") into an arena array
 * of pairs and returns their number. Spaces around pairs, names and values
 * are ignored, a value in double quotes loses them, and malformed pairs are
 * skipped: no '=', a name that is not an HTTP token, a value that is not
 * valid UTF-8 or holds control characters. */
size_t cookie_parse(struct arena *a, const char *header, struct http_kv **out);

struct cookie_opts {
	long max_age;     /* seconds; < 0: session cookie; 0: delete it */
	const char *path; /* NULL: no Path attribute */
	bool http_only;
	bool same_site_lax;
	bool secure;
};

/* cookie_format returns a Set-Cookie header value in the arena, e.g.
 * "sid=abc; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax; Secure", or NULL
 * when the name is not a token, the value has bytes outside RFC 6265's
 * cookie-octet, or the path holds ';' or control characters. */
const char *cookie_format(struct arena *a, const char *name, const char *value,
			  const struct cookie_opts *o);

#endif
