/* libFuzzer target for the urlencoded form parser and the Cookie parser:
 * whatever they accept must be valid, NUL-free UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "http/form.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct http_kv *kv, size_t n, bool whitespace)
{
	for (size_t i = 0; i < n; i++) {
		size_t name_len = strlen(kv[i].name);
		if (!utf8_valid(kv[i].name, name_len) ||
		    utf8_has_control(kv[i].name, name_len, false) ||
		    strlen(kv[i].value) != kv[i].value_len ||
		    !utf8_valid(kv[i].value, kv[i].value_len) ||
		    utf8_has_control(kv[i].value, kv[i].value_len, whitespace))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	struct http_kv *kv;
	size_t n;
	const char *err;
	enum form_status st = form_parse(&a, (const char *)data, size, 64, &kv,
					 &n, &err);
	if (st == FORM_OK)
		check(kv, n, true);
	else if (!err)
		abort();
	char *text = arena_strndup(&a, (const char *)data, size);
	n = cookie_parse(&a, text, &kv);
	check(kv, n, false);
	arena_free(&a);
	return 0;
}
