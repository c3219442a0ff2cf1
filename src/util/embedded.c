#include "util/embedded.h"

#include <stdlib.h>
#include <string.h>

static int compare_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct embedded_file *)elem)->path);
}

const struct embedded_file *embedded_find(const char *path)
{
	return bsearch(path, embedded_files, embedded_count,
		       sizeof embedded_files[0], compare_path);
}
