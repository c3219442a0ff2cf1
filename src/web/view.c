#include "web/view.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "domain/deadline_admin.h"
#include "store/store.h"
#include "util/buf.h"

struct date view_today(void)
{
	return date_local(date_time_now());
}

struct deadline_clock view_clock(void)
{
	return deadline_clock_at(date_time_now());
}

int view_row_ends_min(const json_t *row)
{
	json_int_t m = json_integer_value(json_object_get(row, "due_end_minute"));
	return m > 0 && m <= DEADLINE_END_OF_DAY ? (int)m : DEADLINE_END_OF_DAY;
}

void view_status(json_t *obj, const char *status, const char *due_date, int ends_min,
		 struct deadline_clock now, struct date soon_until)
{
	struct date due;
	bool open = strcmp(status, "closed") != 0;
	bool has_due = due_date && date_parse(due_date, &due);
	bool overdue = open && has_due && deadline_ended(due, ends_min, now);
	bool soon = open && has_due && !overdue && date_cmp(due, soon_until) <= 0;
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

/* may_be_soon: the row is not closed and due today or later. */
static bool may_be_soon(const json_t *row, struct deadline_clock now)
{
	const char *status = json_string_value(json_object_get(row, "status"));
	struct date due;
	return status && strcmp(status, "closed") &&
	       date_parse(json_string_value(json_object_get(row, "due_date")), &due) &&
	       date_cmp(due, now.today) >= 0;
}

struct date view_soon_until(struct db *db, const json_t *rows, struct deadline_clock now)
{
	bool any = json_is_object(rows) && may_be_soon(rows, now);
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
		any = any || may_be_soon(row, now);
	return any ? deadline_soon_until(db, now.today) : now.today;
}

json_t *view_date_label(const char *iso)
{
	struct date d;
	char out[DATE_FMT_MAX];
	if (!iso || !date_parse(iso, &d))
		return json_null();
	return json_string(date_format_long(d, out));
}

json_t *view_ends_label(int ends_min)
{
	char out[DATE_FMT_MAX];
	return *deadline_ends_text(ends_min, out) ? json_string(out) : json_null();
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

json_t *view_request_summary(const json_t *row, struct deadline_clock now,
			     struct date soon_until)
{
	const char *number = json_string_value(json_object_get(row, "number"));
	const char *due = json_string_value(json_object_get(row, "due_date"));
	json_int_t received = json_integer_value(json_object_get(row, "received_at"));
	char iso[DATE_FMT_MAX];
	json_t *s = json_pack("{s:s, s:s+}", "number", number, "url", "/requests/", number);
	int ends_min = view_row_ends_min(row);
	view_status(s, json_string_value(json_object_get(row, "status")), due, ends_min, now,
		    soon_until);
	json_object_set_new(s, "excerpt", view_excerpt(json_string_value(json_object_get(
								       row, "description")) ?: "",
							       240));
	json_object_set_new(s, "received", json_string(date_time_format_iso(received, iso)));
	json_object_set_new(s, "received_label", json_string(date_format_long(date_local(received), iso)));
	json_object_set_new(s, "due_date", due ? json_string(due) : json_null());
	json_object_set_new(s, "due_label", view_date_label(due));
	json_object_set_new(s, "due_time", view_ends_label(due ? ends_min : DEADLINE_END_OF_DAY));
	json_t *closed = json_object_get(row, "closed_at");
	json_object_set_new(s, "closed_label",
			    json_is_integer(closed)
				    ? json_string(date_format_long(
					      date_local(json_integer_value(closed)), iso))
				    : json_null());
	const char *flag = json_string_value(json_object_get(row, "compliance"));
	json_object_set_new(s, "compliance", flag ? json_string(flag) : json_null());
	return s;
}

json_t *view_department_choices(const json_t *departments, int64_t selected_id)
{
	json_t *list = json_array();
	size_t i;
	json_t *d;
	json_array_foreach(departments, i, d) {
		json_int_t id = json_integer_value(json_object_get(d, "id"));
		char value[24];
		snprintf(value, sizeof value, "%lld", (long long)id);
		json_array_append_new(list, json_pack("{s:s, s:O, s:b}", "value", value, "label",
						      json_object_get(d, "name"), "selected",
						      id == selected_id));
	}
	return list;
}

json_t *view_form_value(const char *raw)
{
	struct buf b = BUF_INIT;
	for (const char *p = raw; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\r' && p[1] != '\n')
			buf_putc(&b, '\n');
		else if (ch >= 0x20 ? ch != 0x7f : ch == '\t' || ch == '\n')
			buf_putc(&b, *p);
	}
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

json_t *view_snippet(const char *marked)
{
	struct buf b = BUF_INIT;
	bool open = false;
	const char *run = marked;
	for (const char *p = marked;; p++) {
		if (*p && *p != '\x02' && *p != '\x03')
			continue;
		buf_html(&b, run, (size_t)(p - run));
		if (!*p)
			break;
		if ((*p == '\x02') != open) {
			buf_puts(&b, open ? "</mark>" : "<mark>");
			open = !open;
		}
		run = p + 1;
	}
	if (open)
		buf_puts(&b, "</mark>");
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static const char *matched_in(const char *kind)
{
	return !strcmp(kind, "event") ? "the timeline" : !strcmp(kind, "document") ? "a document"
										: "the request";
}

json_t *view_request_rows(struct db *db, const json_t *rows, struct deadline_clock now)
{
	size_t n = json_array_size(rows);
	int64_t *ids = calloc(n ? n : 1, sizeof *ids);
	json_t *depts = NULL;
	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(rows, i), "id"));
	enum store_rc rc = n ? store_departments_of_requests(db, ids, n, &depts) : STORE_OK;
	free(ids);
	if (rc != STORE_OK)
		return NULL;
	struct date soon_until = view_soon_until(db, rows, now);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		const json_t *row = json_array_get(rows, i);
		json_int_t id = json_integer_value(json_object_get(row, "id"));
		json_t *s = view_request_summary(row, now, soon_until);
		json_t *mine = json_array();
		for (size_t j = 0; j < json_array_size(depts); j++) {
			json_t *dep = json_array_get(depts, j);
			if (json_integer_value(json_object_get(dep, "request_id")) == id)
				json_array_append_new(mine, json_pack("{s:O, s:O, s:O}", "id",
					json_object_get(dep, "id"), "name", json_object_get(dep, "name"),
					"short_name", json_object_get(dep, "short_name")));
		}
		size_t n_mine = json_array_size(mine);
		json_object_set_new(s, "departments_label",
				    n_mine ? json_string(n_mine > 1 ? "Departments" : "Department")
					   : json_null());
		json_object_set_new(s, "departments", mine);
		const char *snippet = json_string_value(json_object_get(row, "snippet"));
		if (snippet) {
			json_object_set_new(s, "snippet_html", view_snippet(snippet));
			json_object_set_new(s, "matched_in", json_string(matched_in(json_string_value(
								      json_object_get(row, "kind")) ?: "")));
		}
		json_array_append_new(out, s);
	}
	json_decref(depts);
	return out;
}
