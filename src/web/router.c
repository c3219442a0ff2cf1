#include "web/router.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/utf8.h"

bool reqno_parse(const char *s, struct reqno *out)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != '-')
		return false;
	const char *p = s + 3;
	size_t n = strspn(p, "0123456789");
	if (n == 0 || n > 8 || p[n] != '\0' || (p[0] == '0'))
		return false;
	out->year = (s[0] - '0') * 10 + (s[1] - '0');
	out->seq = atoi(p);
	return true;
}

static const struct param_spec *capture_spec(const struct route *r, const char *name,
					     size_t len)
{
	for (size_t i = 0; i < r->n_params; i++)
		if (r->params[i].source == PARAM_PATH && strlen(r->params[i].name) == len &&
		    !memcmp(r->params[i].name, name, len))
			return &r->params[i];
	return NULL;
}

/* segment_fits tells whether a path segment can be the capture's value;
 * typed captures that cannot parse make the route not match (a 404). */
static bool segment_fits(const struct param_spec *spec, const char *seg)
{
	if (!spec || !*seg)
		return false;
	struct reqno rn;
	switch (spec->type) {
	case PARAM_REQNO:
		return reqno_parse(seg, &rn);
	case PARAM_INT:
		return strspn(seg, "0123456789") == strlen(seg) && strlen(seg) <= 18;
	default:
		return true;
	}
}

/* pattern_match matches path against one pattern, collecting captures. */
static bool pattern_match(const struct route *r, const char *path, struct arena *arena,
			  struct route_match *out)
{
	const char *p = r->pattern, *s = path;
	size_t n = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			char *seg = arena_strndup(arena, s, len);
			if (n == sizeof out->captures / sizeof out->captures[0] ||
			    !segment_fits(capture_spec(r, p + 1, (size_t)(close - p - 1)), seg))
				return false;
			out->captures[n++] = seg;
			p = close + 1;
			s += len;
		} else if (*p++ != *s++) {
			return false;
		}
	}
	if (*p || *s)
		return false;
	out->n_captures = n;
	return true;
}

static const char *method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET: return "GET";
	case HTTP_HEAD: return "HEAD";
	case HTTP_POST: return "POST";
	default: return "OTHER";
	}
}

void router_match(const struct route *routes, size_t n, enum http_method m,
		  const char *path, struct arena *arena, struct route_match *out)
{
	memset(out, 0, sizeof *out);
	enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;
	for (size_t i = 0; i < n; i++) {
		struct route_match trial = {0};
		if (!pattern_match(&routes[i], path, arena, &trial))
			continue;
		if (routes[i].method == want) {
			trial.route = &routes[i];
			*out = trial;
			return;
		}
		out->method_mismatch = true;
		size_t used = strlen(out->allow);
		snprintf(out->allow + used, sizeof out->allow - used, "%s%s%s",
			 used ? ", " : "", method_name(routes[i].method),
			 routes[i].method == HTTP_GET ? ", HEAD" : "");
	}
}

/* raw_value returns the parameter's raw text from its source, or NULL. */
static const char *raw_value(const struct param_spec *spec, size_t capture_index,
			     const struct route_match *m, const struct http_req *req)
{
	switch (spec->source) {
	case PARAM_PATH:
		return capture_index < m->n_captures ? m->captures[capture_index] : NULL;
	case PARAM_QUERY:
		return http_query(req, spec->name);
	case PARAM_FORM:
		return http_form(req, spec->name);
	}
	return NULL;
}

/* email_valid is a syntax check: one '@', a non-empty local part of
 * printable characters, a domain of labels with a dot. */
static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254 || at - s > 64)
		return false;
	for (const char *p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+/=?^_`{|}~.-", *p))
			return false;
	const char *d = at + 1;
	if (!*d || *d == '.' || *d == '-' || !strchr(d, '.') || d[strlen(d) - 1] == '.')
		return false;
	for (const char *p = d; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && !(*p == '.' && p[1] != '.'))
			return false;
	return true;
}

/* normalise trims white space; PARAM_TEXT keeps inner newlines (CRLF and CR
 * become LF), other types refuse control characters. Returns NULL when a
 * control character is not allowed. */
static char *normalise(struct arena *arena, const char *raw, bool multiline)
{
	size_t len = strlen(raw);
	char *out = arena_alloc(arena, len + 1), *o = out;
	for (const char *p = raw; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\r') {
			if (!multiline)
				return NULL;
			if (p[1] != '\n')
				*o++ = '\n';
			continue;
		}
		bool allowed = ch == '\t' || (ch == '\n' && multiline);
		if ((ch < 0x20 && !allowed) || ch == 0x7f)
			return NULL;
		*o++ = (char)ch;
	}
	*o = '\0';
	char *start = out;
	while (*start && isspace((unsigned char)*start))
		start++;
	char *end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return start;
}

static const char *check_value(const struct param_spec *spec, const char *text,
			       struct param_value *v, struct arena *arena)
{
	size_t max = spec->max_len ? spec->max_len : PARAM_DEFAULT_MAX;
	size_t len = utf8_length(text);
	if (len > max)
		return arena_printf(arena, "must be at most %zu characters (it has %zu)", max, len);
	switch (spec->type) {
	case PARAM_LINE:
	case PARAM_TEXT:
		return NULL;
	case PARAM_INT: {
		char *end;
		long long n = strtoll(text, &end, 10);
		if (*end || end == text || !isdigit((unsigned char)text[text[0] == '-']))
			return "must be a whole number";
		if (n < spec->min || n > spec->max)
			return arena_printf(arena, "must be between %lld and %lld",
					    (long long)spec->min, (long long)spec->max);
		v->num = n;
		return NULL;
	}
	case PARAM_REQNO:
		return reqno_parse(text, &v->reqno) ? NULL
						    : "must be a request number like 19-5156";
	case PARAM_DATE: {
		struct date d;
		if (!date_parse(text, &d))
			return "must be a date written YYYY-MM-DD";
		v->day = date_to_days(d);
		return NULL;
	}
	case PARAM_ENUM:
		for (size_t i = 0; spec->choices[i]; i++)
			if (!strcmp(spec->choices[i], text)) {
				v->num = (int64_t)i;
				return NULL;
			}
		return "is not one of the allowed values";
	case PARAM_EMAIL:
		return email_valid(text) ? NULL : "must be an email address like name@example.org";
	case PARAM_FLAG:
		v->num = 1;
		return NULL;
	}
	return "is not valid";
}


static void add_error(struct param_error *errors, size_t *n, const char *name,
		      const char *message)
{
	if (*n < PARAM_MAX)
		errors[(*n)++] = (struct param_error){name, message};
}

/* Form fields every route accepts: the CSRF token and the honeypot are
 * checked by the web layer itself. */
static bool always_allowed(const char *name)
{
	return !strcmp(name, "csrf_token");
}

/* find_spec returns the route's declaration of a query or form name. */
static const struct param_spec *find_spec(const struct route *r, enum param_source src,
					  const char *name)
{
	for (size_t i = 0; i < r->n_params; i++)
		if (r->params[i].source == src && !strcmp(r->params[i].name, name))
			return &r->params[i];
	return NULL;
}

/* check_names refuses names the route does not declare, and repeats. */
static void check_names(const struct route *route, enum param_source src,
			const struct http_kv *kv, size_t n, struct param_error *errors,
			size_t *n_err)
{
	for (size_t i = 0; i < n; i++) {
		const struct param_spec *spec = find_spec(route, src, kv[i].name);
		if (!spec) {
			if (src == PARAM_QUERY || !always_allowed(kv[i].name))
				add_error(errors, n_err, kv[i].name,
					  src == PARAM_QUERY ? "is not a known parameter"
							     : "is not a known field");
			continue;
		}
		for (size_t j = 0; j < i && !spec->max_items; j++)
			if (!strcmp(kv[j].name, kv[i].name)) {
				add_error(errors, n_err, kv[i].name, "is given more than once");
				break;
			}
	}
}

/* validate_one checks one raw value (NULL: absent) into v; false with an
 * error added when it is not valid. */
static bool validate_one(const struct param_spec *spec, const char *raw, struct arena *arena,
			 struct param_value *v, struct param_error *errors, size_t *n_err)
{
	memset(v, 0, sizeof *v);
	const char *text = raw ? normalise(arena, raw, spec->type == PARAM_TEXT) : "";
	if (!text) {
		add_error(errors, n_err, spec->name, "contains control characters");
		return false;
	}
	if (!*text) {
		if (spec->required)
			add_error(errors, n_err, spec->name, "is required");
		return !spec->required;
	}
	const char *problem = check_value(spec, text, v, arena);
	if (problem) {
		add_error(errors, n_err, spec->name, problem);
		return false;
	}
	v->present = true;
	v->str = text;
	return true;
}

/* validate_items checks every value of a repeatable parameter; empty
 * values (an unchecked box sends none, a blank option sends "") are left
 * out. */
static void validate_items(const struct param_spec *spec, const struct http_kv *kv, size_t n,
			   struct arena *arena, struct param_value *v,
			   struct param_error *errors, size_t *n_err)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += !strcmp(kv[i].name, spec->name);
	memset(v, 0, sizeof *v);
	if (count > spec->max_items) {
		add_error(errors, n_err, spec->name,
			  arena_printf(arena, "is given more than %zu times", spec->max_items));
		return;
	}
	struct param_value *items = arena_calloc(arena, count ? count : 1, sizeof *items);
	size_t used = 0;
	struct param_spec one = *spec;
	one.required = false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(kv[i].name, spec->name))
			continue;
		if (!validate_one(&one, kv[i].value, arena, &items[used], errors, n_err))
			return;
		used += items[used].present;
	}
	if (!used) {
		if (spec->required)
			add_error(errors, n_err, spec->name, "is required");
		return;
	}
	*v = items[0];
	v->items = items;
	v->n_items = used;
}

size_t params_validate(const struct route *route, const struct route_match *m,
		       const struct http_req *req, struct param_value *values,
		       struct param_error *errors)
{
	size_t n_err = 0, capture = 0;
	for (size_t i = 0; i < route->n_params && i < PARAM_MAX; i++) {
		const struct param_spec *spec = &route->params[i];
		if (spec->max_items && spec->source != PARAM_PATH) {
			bool form = spec->source == PARAM_FORM;
			validate_items(spec, form ? req->form : req->query_params,
				       form ? req->n_form : req->n_query_params, req->arena,
				       &values[i], errors, &n_err);
			continue;
		}
		const char *raw = raw_value(spec, capture, m, req);
		if (spec->source == PARAM_PATH)
			capture++;
		validate_one(spec, raw, req->arena, &values[i], errors, &n_err);
	}
	check_names(route, PARAM_QUERY, req->query_params, req->n_query_params, errors, &n_err);
	check_names(route, PARAM_FORM, req->form, req->n_form, errors, &n_err);
	return n_err;
}
