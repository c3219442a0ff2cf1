#include "http/cookie.h"

#include <stdio.h>
#include <string.h>

#include "http/token.h"
#include "util/utf8.h"

static bool is_token(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!token_char((unsigned char)s[i]))
			return false;
	return true;
}

/* RFC 6265 cookie-octet: printable ASCII except space, '"', ',', ';', '\'. */
static bool is_cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' &&
	       c != '\\';
}

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

size_t cookie_parse(struct arena *a, const char *header, struct http_kv **out)
{
	size_t cap = 1;
	for (const char *p = header; *p; p++)
		cap += *p == ';';
	struct http_kv *kv = arena_calloc(a, cap, sizeof *kv);
	size_t n = 0;
	const char *p = header;
	for (;;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq) {
			const char *name = p, *value = eq + 1;
			size_t name_len = (size_t)(eq - p);
			size_t value_len = len - name_len - 1;
			trim(&name, &name_len);
			trim(&value, &value_len);
			if (value_len >= 2 && value[0] == '"' &&
			    value[value_len - 1] == '"') {
				value++;
				value_len -= 2;
			}
			if (is_token(name, name_len) &&
			    utf8_valid(value, value_len) &&
			    !utf8_has_control(value, value_len, false))
				kv[n++] = (struct http_kv){
					arena_strndup(a, name, name_len),
					arena_strndup(a, value, value_len),
					value_len};
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	*out = kv;
	return n;
}

const char *cookie_format(struct arena *a, const char *name, const char *value,
			  const struct cookie_opts *o)
{
	if (!is_token(name, strlen(name)))
		return NULL;
	for (const char *v = value; *v; v++)
		if (!is_cookie_octet((unsigned char)*v))
			return NULL;
	if (o->path && (strchr(o->path, ';') ||
			utf8_has_control(o->path, strlen(o->path), false)))
		return NULL;
	char age[32] = "";
	if (o->max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", o->max_age);
	return arena_printf(a, "%s=%s%s%s%s%s%s%s", name, value, age,
			    o->path ? "; Path=" : "", o->path ? o->path : "",
			    o->http_only ? "; HttpOnly" : "",
			    o->same_site_lax ? "; SameSite=Lax" : "",
			    o->secure ? "; Secure" : "");
}
