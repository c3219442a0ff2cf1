/* The page templates: parsed once at start from the copies compiled into
 * the binary, or, in development mode, read from a directory and parsed
 * again whenever a file there changes. */
#ifndef DISCLOSE_TEMPLATES_H
#define DISCLOSE_TEMPLATES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct templates;

/* templates_load parses every template (templates/NAME.mustache becomes
 * NAME). dev_dir NULL: the compiled-in copies; otherwise that directory,
 * watched for changes. NULL with a message in err on a syntax error. */
struct templates *templates_load(const char *dev_dir, char *err, size_t errlen);
void templates_free(struct templates *t);

/* templates_render appends template name rendered over ctx to out; false
 * when there is no such template. Thread-safe. */
bool templates_render(struct templates *t, const char *name, json_t *ctx,
		      struct buf *out);

#endif
