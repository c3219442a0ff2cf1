/* libFuzzer target for Range header values: the first 8 bytes of the input
 * are the body size, the rest the header value. A range served must lie
 * inside the body and not be empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t body = 0;
	if (size < sizeof body)
		return 0;
	memcpy(&body, data, sizeof body);
	char *value = strndup((const char *)data + sizeof body, size - sizeof body);
	if (!value)
		abort();
	uint64_t first = 0, len = 0;
	if (http_range_parse(value, body, &first, &len) == HTTP_RANGE_OK &&
	    (len == 0 || first >= body || len > body - first))
		abort();
	free(value);
	return 0;
}
