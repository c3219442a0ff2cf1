/* Files compiled into the binary by tools/embed.py: templates, static files
 * and migrations, sorted by path ("templates/layout.mustache"). */
#ifndef DISCLOSE_EMBEDDED_H
#define DISCLOSE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;
	const unsigned char *data; /* NUL-terminated after size bytes */
	size_t size;
	const char *etag; /* quoted content hash, for HTTP caching */
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* embedded_find returns the file at path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
