#include "http/form.h"

#include <string.h>

#include "util/utf8.h"

enum { FORM_QUOTE_MAX = 48 };

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *form_unescape(struct arena *a, const char *s, size_t len,
		    bool plus_space, size_t *out_len)
{
	char *out = arena_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (len - i < 3)
				return NULL;
			int hi = hex_value(s[i + 1]);
			int lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			out[n++] = ' ';
		} else {
			out[n++] = c;
		}
	}
	out[n] = '\0';
	*out_len = n;
	return out;
}

const char *form_check_name(const char *name, size_t len)
{
	if (!utf8_valid(name, len))
		return "invalid UTF-8 in a field name";
	if (utf8_has_control(name, len, false))
		return "control character in a field name";
	return NULL;
}

const char *form_check_value(struct arena *a, const char *name,
			     const char *value, size_t len)
{
	if (!utf8_valid(value, len))
		return arena_printf(a, "invalid UTF-8 in field %s",
				    form_quote(a, name));
	if (utf8_has_control(value, len, true))
		return arena_printf(a, "NUL or control character in field %s",
				    form_quote(a, name));
	return NULL;
}

const char *form_quote(struct arena *a, const char *name)
{
	size_t len = strlen(name);
	if (len <= FORM_QUOTE_MAX)
		return arena_printf(a, "'%s'", name);
	len = FORM_QUOTE_MAX;
	while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
		len--;
	return arena_printf(a, "'%.*s...'", (int)len, name);
}

/* next_pair finds the next non-empty '&'-separated piece of s[*pos..len). */
static bool next_pair(const char *s, size_t len, size_t *pos,
		      const char **pair, size_t *pair_len)
{
	while (*pos < len) {
		const char *start = s + *pos;
		const char *amp = memchr(start, '&', len - *pos);
		size_t n = amp ? (size_t)(amp - start) : len - *pos;
		*pos += n + 1;
		if (n > 0) {
			*pair = start;
			*pair_len = n;
			return true;
		}
	}
	return false;
}

enum form_status form_parse(struct arena *a, const char *s, size_t len,
			    size_t max_fields, struct http_kv **out,
			    size_t *n_out, const char **err)
{
	const char *pair;
	size_t pair_len, pos = 0, count = 0;
	while (next_pair(s, len, &pos, &pair, &pair_len))
		count++;
	if (count > max_fields) {
		*err = arena_printf(a, "too many fields (limit %zu)",
				    max_fields);
		return FORM_TOO_MANY;
	}
	struct http_kv *kv = arena_calloc(a, count ? count : 1, sizeof *kv);
	size_t n = 0;
	pos = 0;
	while (next_pair(s, len, &pos, &pair, &pair_len)) {
		const char *eq = memchr(pair, '=', pair_len);
		size_t name_raw = eq ? (size_t)(eq - pair) : pair_len;
		size_t name_len, value_len;
		char *name = form_unescape(a, pair, name_raw, true, &name_len);
		if (!name) {
			*err = "invalid percent-encoding in a field name";
			return FORM_BAD;
		}
		if ((*err = form_check_name(name, name_len)))
			return FORM_BAD;
		const char *raw_value = eq ? eq + 1 : pair + pair_len;
		char *value = form_unescape(a, raw_value,
					    (size_t)(pair + pair_len - raw_value),
					    true, &value_len);
		if (!value) {
			*err = arena_printf(a,
					    "invalid percent-encoding in field %s",
					    form_quote(a, name));
			return FORM_BAD;
		}
		if ((*err = form_check_value(a, name, value, value_len)))
			return FORM_BAD;
		kv[n++] = (struct http_kv){name, value, value_len};
	}
	*out = kv;
	*n_out = n;
	*err = NULL;
	return FORM_OK;
}
