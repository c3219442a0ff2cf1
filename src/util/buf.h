/* Buf: a growable byte buffer, always NUL-terminated after its contents.
 * Heap-backed; the owner calls buf_free(). Growth aborts on OOM. */
#ifndef DISCLOSE_BUF_H
#define DISCLOSE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append; then NUL-terminated */
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_free(struct buf *b);
/* buf_reset empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), nonnull(2)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0), nonnull(2)));
/* buf_html appends text with & < > " ' escaped. */
void buf_html(struct buf *b, const char *s, size_t len);
/* buf_url appends s percent-encoded for a URL query component: letters,
 * digits and - . _ ~ stay, a space becomes '+', every other byte %XX. */
void buf_url(struct buf *b, const char *s);
/* buf_cstr returns the contents as a C string ("" when empty). */
const char *buf_cstr(const struct buf *b);
/* buf_steal hands the heap string to the caller and empties the buffer. */
char *buf_steal(struct buf *b);

#endif
