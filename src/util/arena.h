/* Arena: a bump allocator for request-scoped memory.
 * Everything allocated from an arena is freed at once by arena_free().
 * Allocation never returns NULL: out of memory aborts the process. */
#ifndef DISCLOSE_ARENA_H
#define DISCLOSE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t total;             /* bytes handed out, for limits and stats */
};

/* arena_init prepares an empty arena; no memory is taken until first use. */
void arena_init(struct arena *a);
/* arena_free releases every chunk; the arena is empty and reusable after. */
void arena_free(struct arena *a);

/* arena_alloc returns zeroed memory aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
/* arena_calloc is arena_alloc(n * size) with an overflow check. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
/* arena_strndup copies len bytes and adds a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), nonnull(2)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0), nonnull(2)));

#endif
