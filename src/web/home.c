/* The home page: who the agency is, how to make a request, what is new. */
#include <stdio.h>

#include "store/store.h"
#include "util/log.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

enum { HOME_RECENT = 5 };

/* whole_days rounds seconds to the nearest number of days. */
static long long whole_days(int64_t seconds)
{
	return (long long)((seconds + 43200) / 86400);
}

/* days_label: "less than a day", "1 day", "12 days". */
static json_t *days_label(int64_t seconds)
{
	long long days = whole_days(seconds);
	if (days < 1)
		return json_string("less than a day");
	char s[32];
	snprintf(s, sizeof s, "%lld day%s", days, days == 1 ? "" : "s");
	return json_string(s);
}

int page_home(struct web_ctx *c)
{
	struct date today = view_today();
	int64_t open = 0, closed = 0, median = 0;
	json_t *rows = NULL, *recent = NULL;
	struct store_archive_query q = {.limit = HOME_RECENT};
	if (store_public_figures(c->db, date_local_start((struct date){today.y, 1, 1}), &open,
				 &closed, &median) == STORE_OK &&
	    store_archive(c->db, &q, &rows) == STORE_OK)
		recent = view_request_rows(c->db, rows, today);
	json_decref(rows);
	if (!recent) {
		log_error("home: %s", db_errmsg(c->db));
		return web_error(c, 503, "The portal is unavailable; try again shortly.");
	}
	json_t *figures = json_pack("{s:I, s:I, s:i, s:o}", "open", (json_int_t)open,
				    "closed_this_year", (json_int_t)closed, "year", today.y,
				    "median_days_to_close",
				    closed ? json_integer(whole_days(median))
					   : json_null());
	json_object_set_new(figures, "median_label", closed ? days_label(median) : json_null());
	json_t *view = json_pack("{s:s, s:o, s:b, s:o}", "page_title", "Public records requests",
				 "figures", figures, "has_recent", json_array_size(recent) > 0,
				 "recent", recent);
	return web_page(c, "home", view);
}
