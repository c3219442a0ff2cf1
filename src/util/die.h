/* Fatal errors for conditions the process cannot recover from. */
#ifndef DISCLOSE_DIE_H
#define DISCLOSE_DIE_H

/* die_oom reports an allocation failure and aborts. */
_Noreturn void die_oom(void);
/* xmalloc, xcalloc, xrealloc, xstrdup: like the libc calls, abort on OOM. */
#include <stddef.h>
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
