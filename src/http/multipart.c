#include "http/multipart.h"

#include <string.h>
#include <strings.h>

#include "http/form.h"
#include "http/token.h"
#include "util/utf8.h"

enum mp_state {
	MP_DATA,        /* preamble or part data, looking for a delimiter */
	MP_AFTER_DELIM, /* just after "\r\n--boundary" */
	MP_CLOSE_DASH,  /* after "\r\n--boundary-" */
	MP_PADDING,     /* spaces or tabs before the CRLF ending the line */
	MP_LINE_CR,     /* CR of that line seen */
	MP_HEADERS,     /* part header lines, up to the empty line */
	MP_EPILOGUE,    /* after the closing delimiter: ignored */
	MP_ERROR,
};

struct multipart {
	struct arena *arena;
	const struct multipart_callbacks *cb;
	void *ctx;
	enum mp_state state;
	bool in_part;    /* part_begin was called, part_end not yet */
	bool seen_delim; /* the first delimiter was found */
	const char *error;
	/* The delimiter "\r\n--" boundary, and how much of it matches the
	 * latest input; matched bytes are held back from part_data. */
	char delim[4 + MULTIPART_BOUNDARY_MAX];
	size_t delim_len, matched;
	/* Header lines of the current part, and their decoded values. */
	size_t hlen;
	char hbuf[MULTIPART_HEADER_MAX + 1];
	char vbuf[MULTIPART_HEADER_MAX + 1];
};

static bool bchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("'()+_,-./:=? ", c));
}

static const char *skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* param_next reads one "; name=value" parameter of a header value at *pp;
 * the value, a token or a quoted-string, is unescaped into out (cap bytes,
 * NUL-terminated). Returns 1 for a parameter, 0 at the end, -1 when the
 * syntax is wrong or the value does not fit. */
static int param_next(const char **pp, const char **name, size_t *name_len,
		      char *out, size_t cap)
{
	const char *p = skip_ows(*pp);
	if (cap == 0)
		return -1;
	if (*p == '\0')
		return 0;
	if (*p != ';')
		return -1;
	p = skip_ows(p + 1);
	if (*p == '\0') {
		*pp = p;
		return 0;
	}
	*name = p;
	*name_len = token_span(p);
	p += *name_len;
	if (*name_len == 0 || *p != '=')
		return -1;
	p++;
	size_t n = 0;
	if (*p == '"') {
		/* Only \" and \\ are escapes: a Windows path keeps its \. */
		for (p++; *p != '"'; p++) {
			if (*p == '\0' || n + 1 >= cap)
				return -1;
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			out[n++] = *p;
		}
		p++;
	} else {
		n = token_span(p);
		if (n == 0 || n >= cap)
			return -1;
		memcpy(out, p, n);
		p += n;
	}
	out[n] = '\0';
	*pp = p;
	return 1;
}

static bool param_is(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && strncasecmp(name, want, len) == 0;
}

bool multipart_boundary(const char *content_type, char *out)
{
	const char *p = strchr(content_type, ';');
	const char *name;
	size_t name_len;
	char value[MULTIPART_BOUNDARY_MAX + 1];
	int r;
	if (!p)
		return false;
	while ((r = param_next(&p, &name, &name_len, value, sizeof value)) > 0) {
		if (!param_is(name, name_len, "boundary"))
			continue;
		size_t len = strlen(value);
		if (len == 0 || value[len - 1] == ' ')
			return false;
		for (size_t i = 0; i < len; i++)
			if (!bchar((unsigned char)value[i]))
				return false;
		memcpy(out, value, len + 1);
		return true;
	}
	return false;
}

struct multipart *multipart_new(struct arena *a, const char *boundary,
				const struct multipart_callbacks *cb,
				void *ctx)
{
	struct multipart *m = arena_alloc(a, sizeof *m);
	size_t blen = strnlen(boundary, MULTIPART_BOUNDARY_MAX);
	m->arena = a;
	m->cb = cb;
	m->ctx = ctx;
	m->state = MP_DATA;
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, blen);
	m->delim_len = 4 + blen;
	/* The body starts as if after a CRLF, so that its first line can be
	 * the first delimiter; what comes before it is a preamble. */
	m->matched = 2;
	return m;
}

static bool fail(struct multipart *m, const char *error)
{
	m->state = MP_ERROR;
	m->error = error;
	return false;
}

static bool emit(struct multipart *m, const char *data, size_t len)
{
	if (len == 0 || !m->in_part || m->cb->part_data(m->ctx, data, len))
		return true;
	return fail(m, NULL);
}

/* feed_data scans part data (or the preamble) for the delimiter, passing
 * data on, and returns how many bytes it consumed: all of them, or up to the
 * end of a delimiter. Bytes that may begin a delimiter are held back until
 * it is known whether they do; a delimiter starts with the only CR in it,
 * so after a mismatch a new match can only start at the mismatching byte. */
static size_t feed_data(struct multipart *m, const char *d, size_t n)
{
	size_t held = m->matched; /* matched bytes from earlier chunks */
	size_t run = 0;           /* first byte of d not yet passed on */
	size_t i = 0;
	while (i < n) {
		if (m->matched == 0) {
			const char *cr = memchr(d + i, '\r', n - i);
			if (!cr) {
				i = n;
				break;
			}
			i = (size_t)(cr - d) + 1;
			m->matched = 1;
		} else if (d[i] == m->delim[m->matched]) {
			i++;
			if (++m->matched < m->delim_len)
				continue;
			/* A delimiter: the data before it ends the part. */
			m->matched = 0;
			if (!emit(m, d + run, i - (m->delim_len - held) - run))
				return i;
			if (m->in_part && !m->cb->part_end(m->ctx)) {
				fail(m, NULL);
				return i;
			}
			m->in_part = false;
			m->seen_delim = true;
			m->state = MP_AFTER_DELIM;
			return i;
		} else {
			/* Mismatch: the held bytes were data after all. */
			if (held && !emit(m, m->delim, held))
				return i;
			held = 0;
			m->matched = 0;
		}
	}
	emit(m, d + run, n - (m->matched - held) - run);
	return n;
}

static bool text_ok(const char *s)
{
	size_t len = strlen(s);
	return utf8_valid(s, len) && !utf8_has_control(s, len, false);
}

/* ext_value decodes an RFC 5987 value ("UTF-8'en'%e2%82%ac.txt"). Returns
 * NULL and sets *bad when it is malformed; returns NULL alone for another
 * charset (the plain filename is used then). */
static const char *ext_value(struct multipart *m, const char *s, bool *bad)
{
	const char *q1 = strchr(s, '\'');
	const char *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
	size_t len;
	if (!q2) {
		*bad = true;
		return NULL;
	}
	if (q1 - s != 5 || strncasecmp(s, "UTF-8", 5) != 0)
		return NULL;
	const char *v = form_unescape(m->arena, q2 + 1, strlen(q2 + 1), false,
				      &len);
	*bad = !v || strlen(v) != len;
	return *bad ? NULL : v;
}

static bool parse_disposition(struct multipart *m, const char *value,
			      struct multipart_part *part)
{
	size_t type_len = token_span(value);
	if (!param_is(value, type_len, "form-data"))
		return fail(m, "part is not form-data");
	const char *p = value + type_len, *name, *ext = NULL;
	size_t name_len, used = 0;
	int r;
	while ((r = param_next(&p, &name, &name_len, m->vbuf + used,
			       sizeof m->vbuf - used)) > 0) {
		const char *v = m->vbuf + used;
		used += strlen(v) + 1;
		if (param_is(name, name_len, "name"))
			part->name = v;
		else if (param_is(name, name_len, "filename"))
			part->filename = v;
		else if (param_is(name, name_len, "filename*"))
			ext = v;
	}
	if (r < 0)
		return fail(m, "malformed Content-Disposition");
	if (ext) {
		bool bad = false;
		const char *v = ext_value(m, ext, &bad);
		if (bad)
			return fail(m, "malformed filename*");
		if (v)
			part->filename = v;
	}
	if (!part->name)
		return fail(m, "part without a field name");
	if (!text_ok(part->name))
		return fail(m, "invalid characters in a part name");
	if (part->filename && !text_ok(part->filename))
		return fail(m, "invalid characters in a filename");
	return true;
}

/* parse_headers parses the header lines in hbuf (each ending with CRLF,
 * then an empty line) and reports the part. */
static bool parse_headers(struct multipart *m)
{
	struct multipart_part part = {0};
	bool disposition = false;
	char *p = m->hbuf, *end = m->hbuf + m->hlen - 2;
	m->hbuf[m->hlen] = '\0';
	if (!utf8_valid(m->hbuf, m->hlen))
		return fail(m, "invalid UTF-8 in part headers");
	while (p < end) {
		char *eol = strstr(p, "\r\n");
		char *line = p;
		*eol = '\0';
		p = eol + 2;
		size_t name_len = token_span(line);
		if (name_len == 0 || line[name_len] != ':' ||
		    strpbrk(line, "\r\n"))
			return fail(m, "malformed part header");
		char *value = (char *)skip_ows(line + name_len + 1);
		char *vend = eol;
		while (vend > value && (vend[-1] == ' ' || vend[-1] == '\t'))
			*--vend = '\0';
		if (param_is(line, name_len, "Content-Disposition")) {
			if (disposition)
				return fail(m, "duplicate Content-Disposition");
			disposition = true;
			if (!parse_disposition(m, value, &part))
				return false;
		} else if (param_is(line, name_len, "Content-Type")) {
			if (!text_ok(value))
				return fail(m, "invalid part Content-Type");
			part.content_type = value;
		}
	}
	if (!disposition)
		return fail(m, "part without Content-Disposition");
	if (!m->cb->part_begin(m->ctx, &part))
		return fail(m, NULL);
	m->in_part = true;
	m->state = MP_DATA;
	return true;
}

static bool header_byte(struct multipart *m, char c)
{
	if (m->hlen == MULTIPART_HEADER_MAX)
		return fail(m, "part headers too long");
	if (utf8_has_control(&c, 1, true))
		return fail(m, "control character in part headers");
	m->hbuf[m->hlen++] = c;
	if (c != '\n')
		return true;
	if ((m->hlen == 2 && m->hbuf[0] == '\r') ||
	    (m->hlen >= 4 && memcmp(m->hbuf + m->hlen - 4, "\r\n\r\n", 4) == 0))
		return parse_headers(m);
	return true;
}

/* line_byte handles the bytes that end a delimiter line. */
static bool line_byte(struct multipart *m, char c)
{
	switch (m->state) {
	case MP_AFTER_DELIM:
		if (c == '-') {
			m->state = MP_CLOSE_DASH;
			return true;
		}
		/* fall through */
	case MP_PADDING:
		if (c == ' ' || c == '\t') {
			m->state = MP_PADDING;
			return true;
		}
		if (c == '\r') {
			m->state = MP_LINE_CR;
			return true;
		}
		break;
	case MP_CLOSE_DASH:
		if (c == '-') {
			m->state = MP_EPILOGUE;
			return true;
		}
		break;
	case MP_LINE_CR:
		if (c == '\n') {
			m->state = MP_HEADERS;
			m->hlen = 0;
			return true;
		}
		break;
	default:
		break;
	}
	return fail(m, "malformed boundary line");
}

bool multipart_feed(struct multipart *m, const char *data, size_t len)
{
	size_t i = 0;
	while (i < len && m->state != MP_ERROR && m->state != MP_EPILOGUE) {
		if (m->state == MP_DATA)
			i += feed_data(m, data + i, len - i);
		else if (m->state == MP_HEADERS)
			header_byte(m, data[i++]);
		else
			line_byte(m, data[i++]);
	}
	return m->state != MP_ERROR;
}

bool multipart_finish(struct multipart *m)
{
	if (m->state == MP_ERROR || m->state == MP_EPILOGUE)
		return m->state == MP_EPILOGUE;
	return fail(m, m->seen_delim ? "truncated body (no closing boundary)"
				     : "no boundary found in the body");
}

const char *multipart_error(const struct multipart *m)
{
	return m->state == MP_ERROR ? m->error : NULL;
}
