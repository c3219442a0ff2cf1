/* libFuzzer target for the multipart parser. The input's first line is a
 * Content-Type value for multipart_boundary, the rest the body. The body is
 * parsed whole and again in chunks whose sizes come from the input: both
 * must give the same events and the same verdict. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"
#include "util/buf.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	if (s && (!utf8_valid(s, strlen(s)) ||
		  utf8_has_control(s, strlen(s), false)))
		abort();
}

static bool on_begin(void *ctx, const struct multipart_part *p)
{
	check_text(p->name);
	check_text(p->filename);
	check_text(p->content_type);
	buf_printf(ctx, "[%s|%s|%s]", p->name, p->filename ? p->filename : "-",
		   p->content_type ? p->content_type : "-");
	return true;
}

static bool on_data(void *ctx, const char *data, size_t len)
{
	if (len == 0)
		abort();
	buf_append(ctx, data, len);
	return true;
}

static bool on_end(void *ctx)
{
	buf_puts(ctx, "<end>");
	return true;
}

static const struct multipart_callbacks cb = {on_begin, on_data, on_end};

/* parse returns the verdict; chunk sizes cycle through `sizes` (whole body
 * at once when n_sizes is 0). */
static bool parse(const char *boundary, const char *body, size_t len,
		  const uint8_t *sizes, size_t n_sizes, struct buf *log)
{
	struct arena a;
	arena_init(&a);
	struct multipart *m = multipart_new(&a, boundary, &cb, log);
	bool ok = true;
	for (size_t pos = 0, i = 0; pos < len && ok; i++) {
		size_t n = n_sizes ? (size_t)sizes[i % n_sizes] % 17 + 1 : len;
		if (n > len - pos)
			n = len - pos;
		ok = multipart_feed(m, body + pos, n);
		pos += n;
	}
	ok = ok && multipart_finish(m);
	if (!ok && !multipart_error(m))
		abort(); /* no callback stops here, so there is a reason */
	arena_free(&a);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nl = memchr(in, '\n', size);
	size_t head = nl ? (size_t)(nl - in) : 0;
	char *ct = strndup(in, head);
	char boundary[MULTIPART_BOUNDARY_MAX + 1] = "B";
	if (!multipart_boundary(ct, boundary))
		strcpy(boundary, "B");
	free(ct);
	const char *body = nl ? nl + 1 : in;
	size_t len = size - (size_t)(body - in);
	struct buf whole = BUF_INIT, chunked = BUF_INIT;
	bool ok1 = parse(boundary, body, len, NULL, 0, &whole);
	bool ok2 = parse(boundary, body, len, data, size, &chunked);
	if (ok1 != ok2 ||
	    (ok1 && (whole.len != chunked.len ||
		     memcmp(buf_cstr(&whole), buf_cstr(&chunked), whole.len))))
		abort();
	buf_free(&whole);
	buf_free(&chunked);
	return 0;
}
