/* Mustache templates over jansson values.
 *
 * Implements the Mustache spec (interpolation, sections, inverted sections,
 * comments, set delimiters, partials with standalone indentation, and the
 * ~inheritance extension: parents {{<name}} and blocks {{$name}}).
 * {{x}} is HTML-escaped (& < > " ' all five); {{{x}}} and {{&x}} are raw and
 * are only for HTML that the program made safe itself.
 *
 * Templates are parsed once into a set; rendering never reparses and is
 * safe from many threads at once on the same set. */
#ifndef DISCLOSE_MUSTACHE_H
#define DISCLOSE_MUSTACHE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct mustache_set;

struct mustache_set *mustache_set_new(void);
void mustache_set_free(struct mustache_set *set);

/* mustache_set_add parses src (len bytes) and stores it under name,
 * replacing any template of that name. On a syntax error returns false and
 * sets *err to a heap message naming the line ("unclosed section 'x' at
 * line 3"), which the caller frees. Partials and parents are looked up by
 * name at render time, so templates can be added in any order. */
bool mustache_set_add(struct mustache_set *set, const char *name,
		      const char *src, size_t len, char **err);

/* mustache_set_has tells whether a template of that name exists. */
bool mustache_set_has(const struct mustache_set *set, const char *name);

/* mustache_render appends the named template rendered over ctx to out.
 * A missing partial renders as empty (as the spec says); a missing top-level
 * template returns false. Recursion is limited in depth so that a
 * self-including partial cannot overflow the stack. */
bool mustache_render(const struct mustache_set *set, const char *name,
		     json_t *ctx, struct buf *out);

#endif
