#include "web/view.h"

#include <string.h>

#include "util/buf.h"

struct date view_today(void)
{
	return date_local(date_time_now());
}

void view_status(json_t *obj, const char *status, const char *due_date, struct date today)
{
	struct date due;
	bool open = strcmp(status, "closed") != 0;
	bool has_due = due_date && date_parse(due_date, &due);
	bool overdue = open && has_due && date_cmp(due, today) < 0;
	bool soon = open && has_due && !overdue &&
		    date_diff_days(due, today) <= DUE_SOON_DAYS;
	const char *label = !strcmp(status, "closed")   ? "Closed"
			    : !strcmp(status, "paused") ? "Paused"
			    : overdue                   ? "Overdue"
			    : soon                      ? "Due soon"
							: "Open";
	json_object_set_new(obj, "status", json_string(status));
	json_object_set_new(obj, "status_label", json_string(label));
	json_object_set_new(obj, "overdue", json_boolean(overdue));
	json_object_set_new(obj, "due_soon", json_boolean(soon));
}

json_t *view_date_label(const char *iso)
{
	struct date d;
	char out[DATE_FMT_MAX];
	if (!iso || !date_parse(iso, &d))
		return json_null();
	return json_string(date_format_long(d, out));
}

json_t *view_time_label(int64_t t)
{
	char out[DATE_FMT_MAX];
	return json_string(date_time_format_local(t, out));
}

json_t *view_excerpt(const char *text, size_t max)
{
	size_t len = strlen(text);
	if (len <= max)
		return json_string(text);
	size_t cut = max;
	while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
		cut--; /* not inside a UTF-8 sequence */
	size_t word = cut;
	while (word > max / 2 && text[word] != ' ' && text[word] != '\n')
		word--;
	if (word > max / 2)
		cut = word;
	struct buf b = BUF_INIT;
	buf_append(&b, text, cut);
	while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
		b.data[--b.len] = '\0';
	buf_puts(&b, "…");
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

json_t *view_request_summary(const json_t *row, struct date today)
{
	const char *number = json_string_value(json_object_get(row, "number"));
	const char *due = json_string_value(json_object_get(row, "due_date"));
	json_int_t received = json_integer_value(json_object_get(row, "received_at"));
	char iso[DATE_FMT_MAX];
	json_t *s = json_pack("{s:s, s:s+}", "number", number, "url", "/requests/", number);
	view_status(s, json_string_value(json_object_get(row, "status")), due, today);
	json_object_set_new(s, "excerpt", view_excerpt(json_string_value(json_object_get(
								       row, "description")) ?: "",
							       240));
	json_object_set_new(s, "received", json_string(date_time_format_iso(received, iso)));
	json_object_set_new(s, "received_label", json_string(date_format_long(date_local(received), iso)));
	json_object_set_new(s, "due_date", due ? json_string(due) : json_null());
	json_object_set_new(s, "due_label", view_date_label(due));
	return s;
}
