/* Rendered pages for anonymous visitors, kept in memory.
 *
 * An anonymous page is the same for every anonymous visitor, so its bytes
 * can be reused until the database changes. Entries are keyed by what the
 * page shows (path, query, HTML or JSON, the local date) and stamped with
 * the database generation read before the page's data was read; an entry
 * from an older generation is never served. Bounded: a fixed number of
 * slots, each holding one page of at most PAGE_CACHE_MAX_BODY bytes. */
#ifndef DISCLOSE_PAGE_CACHE_H
#define DISCLOSE_PAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

enum { PAGE_CACHE_SLOTS = 1024, PAGE_CACHE_MAX_BODY = 128 * 1024 };

/* page_cache_get fills resp (status 200, content type, body) from the
 * entry for key made at generation gen; false when there is none. */
bool page_cache_get(const char *key, uint64_t gen, struct http_resp *resp);

/* page_cache_put keeps a copy of resp's body for key at generation gen
 * (ignored when the body is too large). */
void page_cache_put(const char *key, uint64_t gen, const struct http_resp *resp);

/* page_cache_clear frees every entry (at shutdown). */
void page_cache_clear(void);

#endif
