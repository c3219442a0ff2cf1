/* Range header values (RFC 9110 section 14): one byte range. */
#include "http/http.h"

#include <string.h>

/* digits reads a decimal number at *p; false when there is none or it
 * overflows. */
static bool digits(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return true;
}

enum http_range http_range_parse(const char *value, uint64_t size, uint64_t *first,
				 uint64_t *len)
{
	const char *p = value;
	uint64_t a = 0, b = 0;
	if (strncmp(p, "bytes=", 6) != 0)
		return HTTP_RANGE_NONE;
	p += 6;
	p += strspn(p, " \t");
	if (*p == '-') {
		/* A suffix: the last b bytes. */
		p++;
		if (!digits(&p, &b) || p[strspn(p, " \t")])
			return HTTP_RANGE_NONE;
		if (b == 0 || size == 0)
			return HTTP_RANGE_UNSATISFIABLE;
		*first = b >= size ? 0 : size - b;
		*len = size - *first;
		return HTTP_RANGE_OK;
	}
	if (!digits(&p, &a) || *p++ != '-')
		return HTTP_RANGE_NONE;
	bool open_end = !(*p >= '0' && *p <= '9');
	if (!open_end && !digits(&p, &b))
		return HTTP_RANGE_NONE;
	if (p[strspn(p, " \t")] || (!open_end && b < a))
		return HTTP_RANGE_NONE;
	if (a >= size)
		return HTTP_RANGE_UNSATISFIABLE;
	if (open_end || b >= size)
		b = size - 1;
	*first = a;
	*len = b - a + 1;
	return HTTP_RANGE_OK;
}
