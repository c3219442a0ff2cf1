/* The public archive, GET /requests: published requests, newest (or
 * oldest) first, narrowed by status, department and date of receipt, or
 * the full-text search results for q with the same filters. Pages are
 * keyset pages: the `after` cursor names the last row shown. */
#include <stdio.h>
#include <string.h>

#include "domain/deadline_admin.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

enum { ARCHIVE_PAGE = 20 };

/* The order of archive_status_choices is enum archive_status. */
enum archive_status { ST_OPEN, ST_PAUSED, ST_CLOSED, ST_OVERDUE, ST_DUE_SOON };
const char *const archive_status_choices[] = {"open", "paused", "closed", "overdue",
					      "due_soon", NULL};
static const char *const status_labels[] = {"Open", "Paused", "Closed", "Overdue", "Due soon"};
_Static_assert(sizeof status_labels / sizeof status_labels[0] ==
		       sizeof archive_status_choices / sizeof archive_status_choices[0] - 1,
	       "a label for every status choice");
const char *const archive_sort_choices[] = {"newest", "oldest", NULL};
/* ?flag=compliance: only requests whose due date went beyond the law. */
const char *const archive_flag_choices[] = {"compliance", NULL};
static const char *const flag_labels[] = {"Beyond what the law allows"};

/* The filters as given, for the form, the links and the store. */
struct archive_args {
	const struct param_value *q, *status, *department, *from, *to, *sort, *after, *flag;
};

/* digits_value reads s[0..len) as a positive decimal of at most 18 digits. */
static bool digits_value(const char *s, size_t len, int64_t *out)
{
	if (len == 0 || len > 18 || strspn(s, "0123456789") < len)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return v > 0;
}

/* parse_cursor reads the `after` cursor: "RECEIVEDAT_ID" when browsing,
 * "ITEM" when searching. False when it is not one. */
static bool parse_cursor(const char *s, bool searching, int64_t *a, int64_t *b)
{
	if (searching)
		return digits_value(s, strlen(s), a);
	const char *sep = strchr(s, '_');
	bool negative = s[0] == '-';
	if (!sep || !digits_value(s + negative, (size_t)(sep - s) - negative, a) ||
	    !digits_value(sep + 1, strlen(sep + 1), b))
		return false;
	if (negative)
		*a = -*a;
	return true;
}

/* put_param appends "&name=value" (or "?name=value" first) when present. */
static void put_param(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_puts(b, strchr(buf_cstr(b), '?') ? "&" : "?");
	buf_puts(b, name);
	buf_putc(b, '=');
	buf_url(b, value);
}

/* archive_url is /requests with the filters, without q unless with_q, and
 * with the cursor after (NULL: none). */
static json_t *archive_url(const struct archive_args *a, bool with_q, const char *after)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/requests");
	if (with_q)
		put_param(&b, "q", a->q->str);
	put_param(&b, "status", a->status->str);
	put_param(&b, "department", a->department->str);
	put_param(&b, "flag", a->flag->str);
	put_param(&b, "from", a->from->str);
	put_param(&b, "to", a->to->str);
	if (!(with_q && a->q->present) && a->sort->present && a->sort->num == 1)
		put_param(&b, "sort", "oldest");
	put_param(&b, "after", after);
	json_t *url = json_string(buf_cstr(&b));
	buf_free(&b);
	return url;
}

/* options builds [{value, label, selected}] from choices, after an
 * "any" choice with an empty value (NULL: none; the first is the default). */
static json_t *options(const char *any, const char *const *values, const char *const *labels,
		       const struct param_value *chosen)
{
	json_t *list = json_array();
	if (any)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label", any,
						      "selected", !chosen->present));
	for (size_t i = 0; values[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", values[i], "label",
						      labels[i], "selected",
						      chosen->present ? chosen->num == (int64_t)i
								      : !any && i == 0));
	return list;
}

static json_t *department_options(const json_t *departments, const struct param_value *chosen)
{
	json_t *list = json_pack("[{s:s, s:s, s:b}]", "value", "", "label", "Any department",
				 "selected", !chosen->present);
	json_t *choices = view_department_choices(departments, chosen->present ? chosen->num : 0);
	json_array_extend(list, choices);
	json_decref(choices);
	return list;
}

/* archive_filter turns the arguments into the store's filter; due_from
 * and due_to point into the caller's buffers. Overdue: the deadlines that
 * ended at or before now; due soon: those ending after now, by the end of
 * soon_until. */
static void archive_filter(const struct archive_args *a, struct deadline_clock now,
			   struct date soon_until, char lo[static DATE_FMT_MAX],
			   char hi[static DATE_FMT_MAX], struct store_archive_filter *f)
{
	memset(f, 0, sizeof *f);
	if (a->status->present) {
		f->status = archive_status_choices[a->status->num];
		if (a->status->num == ST_OVERDUE) {
			f->due_from = "0001-01-01 00:00";
			f->due_to = deadline_clock_text(now, hi);
		} else if (a->status->num == ST_DUE_SOON) {
			struct deadline_clock last = {soon_until, DEADLINE_END_OF_DAY};
			f->due_from = deadline_clock_text(now, lo);
			f->due_to = deadline_clock_text(last, hi);
		}
	}
	f->department_id = a->department->present ? a->department->num : 0;
	f->flagged = a->flag->present;
	if (a->from->present)
		f->received_from = date_local_start(date_from_days(a->from->day));
	/* The last day there is has no next day to stop at: unbounded. */
	if (a->to->present && a->to->day < date_to_days((struct date){9999, 12, 31}))
		f->received_before = date_local_start(date_from_days(a->to->day + 1));
}

/* fetch sets *rows to the page and *next to the next page's cursor (NULL:
 * none); false when the store failed. */
static bool fetch(struct web_ctx *c, const struct archive_args *a,
		  const struct store_archive_filter *f, int64_t cur_a, int64_t cur_b,
		  json_t *view, json_t **rows, char *next, size_t next_len)
{
	*next = '\0';
	enum store_rc rc;
	if (a->q->present) {
		struct store_search_query sq = {.text = a->q->str, .filter = *f,
						.before_item = a->after->present ? cur_a : 0,
						.limit = ARCHIVE_PAGE};
		int64_t next_item = 0;
		rc = store_search(c->db, &sq, rows, &next_item);
		if (rc == STORE_INVALID) {
			json_object_set_new(view, "no_words", json_true());
			*rows = json_array();
			return true;
		}
		if (rc == STORE_OK && next_item)
			snprintf(next, next_len, "%lld", (long long)next_item);
	} else {
		struct store_archive_query aq = {
			.filter = *f, .oldest = a->sort->present && a->sort->num == 1,
			.after_received_at = cur_a, .after_id = a->after->present ? cur_b : 0,
			.limit = ARCHIVE_PAGE + 1};
		rc = store_archive(c->db, &aq, rows);
		if (rc == STORE_OK && json_array_size(*rows) > ARCHIVE_PAGE) {
			json_t *last = json_array_get(*rows, ARCHIVE_PAGE - 1);
			snprintf(next, next_len, "%lld_%lld",
				 (long long)json_integer_value(json_object_get(last, "received_at")),
				 (long long)json_integer_value(json_object_get(last, "id")));
			json_array_remove(*rows, ARCHIVE_PAGE);
		}
	}
	if (rc != STORE_OK)
		log_error("archive: %s", db_errmsg(c->db));
	return rc == STORE_OK;
}

/* filters_json is {name: value} of the given parameters that are present. */
static json_t *filters_json(const struct archive_args *a)
{
	json_t *f = json_object();
	const struct param_value *v[] = {a->q,	  a->status, a->department, a->from,
					 a->to,	  a->sort,   a->flag};
	const char *names[] = {"q", "status", "department", "from", "to", "sort", "flag"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		json_object_set_new(f, names[i], v[i]->present ? json_string(v[i]->str) : json_null());
	return f;
}

int page_archive(struct web_ctx *c)
{
	struct archive_args a = {web_param(c, "q"),    web_param(c, "status"),
				 web_param(c, "department"), web_param(c, "from"),
				 web_param(c, "to"),   web_param(c, "sort"),
				 web_param(c, "after"), web_param(c, "flag")};
	bool searching = a.q->present;
	if (a.from->present && a.to->present && a.to->day < a.from->day)
		return web_field_error(c, "to", "must not be before the date in 'from'");
	int64_t cur_a = 0, cur_b = 0;
	if (a.after->present && !parse_cursor(a.after->str, searching, &cur_a, &cur_b))
		return web_field_error(c, "after", "is not a page of this list; start again from "
						   "the first page");
	struct deadline_clock now = view_clock();
	char lo[DATE_FMT_MAX], hi[DATE_FMT_MAX];
	struct store_archive_filter f;
	struct date soon_until = deadline_soon_until(c->db, now.today);
	archive_filter(&a, now, soon_until, lo, hi, &f);

	json_t *departments = NULL;
	if (store_departments(c->db, &departments) != STORE_OK) {
		log_error("archive: %s", db_errmsg(c->db));
		return web_error(c, 503, "The archive is unavailable; try again shortly.");
	}
	json_t *view = json_object();
	json_t *rows = NULL;
	char next[48];
	json_t *list = NULL;
	if (fetch(c, &a, &f, cur_a, cur_b, view, &rows, next, sizeof next))
		list = view_request_rows(c->db, rows, now);
	json_decref(rows);
	if (!list) {
		json_decref(view);
		json_decref(departments);
		return web_error(c, 503, "The archive is unavailable; try again shortly.");
	}
	c->search_q = a.q->str;
	json_object_set_new(view, "page_title", json_string(searching ? "Search requests"
								      : "Requests"));
	json_object_set_new(view, "searching", json_boolean(searching));
	json_object_set_new(view, "filters", filters_json(&a));
	char until[DATE_FMT_MAX];
	json_object_set_new(view, "due_soon_until",
			    json_string(date_format_iso(soon_until, until)));
	json_object_set_new(view, "filtered", json_boolean(a.status->present || a.department->present ||
							   a.from->present || a.to->present ||
							   a.flag->present));
	json_object_set_new(view, "order", json_string(searching ? "most recent match first"
					   : a.sort->present && a.sort->num == 1 ? "oldest first"
										: "newest first"));
	json_object_set_new(view, "status_options",
			    options("Any status", archive_status_choices, status_labels, a.status));
	static const char *const sort_labels[] = {"Newest first", "Oldest first"};
	json_object_set_new(view, "sort_options",
			    options(NULL, archive_sort_choices, sort_labels, a.sort));
	json_object_set_new(view, "department_options", department_options(departments, a.department));
	json_object_set_new(view, "flag_options",
			    options("Any", archive_flag_choices, flag_labels, a.flag));
	json_decref(departments);
	json_object_set_new(view, "count", json_integer((json_int_t)json_array_size(list)));
	json_object_set_new(view, "has_requests", json_boolean(json_array_size(list) > 0));
	/* A search page reads a bounded number of matches: a narrow filter
	 * can leave it short although more results follow. */
	json_object_set_new(view, "partial",
			    json_boolean(searching && *next && json_array_size(list) < ARCHIVE_PAGE));
	json_object_set_new(view, "requests", list);
	json_object_set_new(view, "next_url", *next ? archive_url(&a, true, next) : json_null());
	json_object_set_new(view, "first_url",
			    a.after->present ? archive_url(&a, true, NULL) : json_null());
	json_object_set_new(view, "more_pages", json_boolean(*next || a.after->present));
	json_object_set_new(view, "clear_search_url",
			    searching ? archive_url(&a, false, NULL) : json_null());
	return web_page(c, "archive", view);
}
