#include "domain/deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

enum { CPRA_DAYS = 10 };

static bool is_weekend(struct date d)
{
	int w = date_weekday(d);
	return w == DATE_SAT || w == DATE_SUN;
}

char *deadline_first(struct date received, char due_iso[static DATE_FMT_MAX])
{
	struct date counted = date_add_days(received, CPRA_DAYS), due = counted;
	while (is_weekend(due))
		due = date_add_days(due, 1);
	char r[DATE_FMT_MAX], c[DATE_FMT_MAX];
	json_t *e = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "rule", "cpra", "citation",
			      "Gov. Code 7922.535", "received", date_format_iso(received, r),
			      "days", CPRA_DAYS, "unit", "calendar", "counted",
			      date_format_iso(counted, c), "due", date_format_iso(due, due_iso));
	if (date_cmp(due, counted) != 0)
		json_object_set_new(e, "moved_because", json_string("weekend"));
	char *text = json_dumps(e, JSON_COMPACT);
	json_decref(e);
	return text;
}

char *deadline_explain(const json_t *e)
{
	struct date received, counted, due;
	const char *unit = json_string_value(json_object_get(e, "unit"));
	json_int_t days = json_integer_value(json_object_get(e, "days"));
	if (!unit || days <= 0 ||
	    !date_parse(json_string_value(json_object_get(e, "received")) ?: "", &received) ||
	    !date_parse(json_string_value(json_object_get(e, "counted")) ?: "", &counted) ||
	    !date_parse(json_string_value(json_object_get(e, "due")) ?: "", &due))
		return NULL;
	char a[DATE_FMT_MAX], b[DATE_FMT_MAX], c[DATE_FMT_MAX];
	struct buf out = BUF_INIT;
	buf_printf(&out, "Received %s. %lld %s days: %s", date_format_long_wday(received, a),
		   (long long)days, unit, date_format_long_wday(counted, b));
	if (date_cmp(counted, due) != 0)
		buf_printf(&out, ", moved to the next business day: %s",
			   date_format_long_wday(due, c));
	buf_putc(&out, '.');
	return buf_steal(&out);
}
