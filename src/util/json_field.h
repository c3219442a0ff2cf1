/* Reading one field of a JSON object (a store row, a view model): the
 * value, or NULL / 0 when the key is absent or holds another type. */
#ifndef DISCLOSE_JSON_FIELD_H
#define DISCLOSE_JSON_FIELD_H

#include <jansson.h>
#include <stdint.h>

static inline const char *json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static inline int64_t json_num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

#endif
