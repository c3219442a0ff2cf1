/* application/x-www-form-urlencoded: query strings and form bodies.
 * Internal to src/http/ (exposed for the unit tests and fuzzers). */
#ifndef DISCLOSE_HTTP_FORM_H
#define DISCLOSE_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/arena.h"

enum form_status {
	FORM_OK,
	FORM_BAD,      /* malformed: answer 400 */
	FORM_TOO_MANY, /* more than max_fields fields: answer 413 */
};

/* form_unescape percent-decodes s[0..len) into a NUL-terminated arena string
 * and stores its length in *out_len. With plus_space, '+' becomes a space
 * (form rules; not for paths). Returns NULL when a '%' is not followed by two
 * hex digits. The result may hold any byte, NUL included: check it. */
char *form_unescape(struct arena *a, const char *s, size_t len,
		    bool plus_space, size_t *out_len);

/* form_check_name returns NULL when a decoded field name is valid UTF-8
 * without control characters, else a message for a 400 answer. */
const char *form_check_name(const char *name, size_t len);

/* form_check_value returns NULL when the value of field `name` is valid UTF-8
 * without NUL or control characters other than tab, CR and LF, else a
 * message (arena string) naming the field. */
const char *form_check_value(struct arena *a, const char *name,
			     const char *value, size_t len);

/* form_quote returns 'name' quoted for a message, cut to a few dozen bytes
 * at a character boundary. name must be valid UTF-8. */
const char *form_quote(struct arena *a, const char *name);

/* form_parse parses s[0..len) ("a=1&b=x+y"; empty pairs are skipped, a pair
 * without '=' has an empty value) into an arena array of at most max_fields
 * checked fields. On FORM_OK sets *out and *n_out; otherwise *err says what
 * is wrong. */
enum form_status form_parse(struct arena *a, const char *s, size_t len,
			    size_t max_fields, struct http_kv **out,
			    size_t *n_out, const char **err);

#endif
