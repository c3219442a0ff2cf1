/* An incremental multipart/form-data parser (RFC 7578, RFC 2046): it is fed
 * the body in chunks split anywhere and reports each part's headers, data
 * and end through callbacks, so file parts can be streamed to disk.
 * Internal to src/http/ (exposed for the unit tests and fuzzers). */
#ifndef DISCLOSE_HTTP_MULTIPART_H
#define DISCLOSE_HTTP_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum {
	MULTIPART_BOUNDARY_MAX = 70,  /* RFC 2046 */
	MULTIPART_HEADER_MAX = 8192, /* all header lines of one part */
};

/* A part's headers. The strings are valid UTF-8 without control characters
 * and live only during the part_begin callback. */
struct multipart_part {
	const char *name;         /* Content-Disposition name */
	const char *filename;     /* NULL when the part is not a file; from
				     filename* (RFC 5987, UTF-8) if present */
	const char *content_type; /* NULL when absent */
};

/* Each callback returns false to stop the parser (the caller knows why). */
struct multipart_callbacks {
	bool (*part_begin)(void *ctx, const struct multipart_part *part);
	bool (*part_data)(void *ctx, const char *data, size_t len);
	bool (*part_end)(void *ctx);
};

struct multipart;

/* multipart_boundary copies the boundary parameter of a Content-Type value
 * ("multipart/form-data; boundary=xyz", quoted or not) into out, which has
 * MULTIPART_BOUNDARY_MAX + 1 bytes. Returns false when it is missing, empty,
 * too long or holds characters RFC 2046 does not allow. The media type
 * itself is not checked. */
bool multipart_boundary(const char *content_type, char *out);

/* multipart_new starts a parser for a body with this boundary (as returned
 * by multipart_boundary); its memory comes from the arena. */
struct multipart *multipart_new(struct arena *a, const char *boundary,
				const struct multipart_callbacks *cb,
				void *ctx);

/* multipart_feed parses the next len bytes of the body. Returns false once
 * the body is malformed or a callback stopped it; later calls do nothing and
 * return false. Bytes after the closing boundary are ignored. */
bool multipart_feed(struct multipart *m, const char *data, size_t len);

/* multipart_finish is called at the end of the body: returns false when the
 * body is malformed, was stopped, or ended before its closing boundary. */
bool multipart_finish(struct multipart *m);

/* multipart_error says why the body is malformed ("truncated body ..."), or
 * returns NULL when it is not, or when a callback stopped the parser. */
const char *multipart_error(const struct multipart *m);

#endif
