/* The home page: who the agency is, how to make a request, what is new. */
#include <pthread.h>
#include <stdio.h>

#include "store/store.h"
#include "util/log.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

enum { HOME_RECENT = 5 };

struct figures {
	uint64_t version; /* db_generation when computed */
	int year;
	int64_t open, closed, median_seconds;
};

/* The figures read every published request closed this year (a median
 * over hundreds of thousands at a million requests): they are computed
 * again only when the database changes, by one thread while the others
 * keep showing the previous ones. */
static struct {
	pthread_mutex_t lock;
	bool valid, refreshing;
	struct figures f;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* figures_get sets *f to the figures of year; false when the store fails. */
static bool figures_get(struct db *db, int year, struct figures *f)
{
	uint64_t version = db_generation(db);
	pthread_mutex_lock(&cache.lock);
	bool fresh = cache.valid && cache.f.version == version && cache.f.year == year;
	bool stale_ok = cache.valid && cache.refreshing && cache.f.year == year;
	if (fresh || stale_ok) {
		*f = cache.f;
		pthread_mutex_unlock(&cache.lock);
		return true;
	}
	cache.refreshing = true;
	pthread_mutex_unlock(&cache.lock);

	*f = (struct figures){.version = version, .year = year};
	bool good = store_public_figures(db, date_local_start((struct date){year, 1, 1}), &f->open,
					 &f->closed, &f->median_seconds) == STORE_OK;
	pthread_mutex_lock(&cache.lock);
	cache.refreshing = false;
	if (good && (!cache.valid || cache.f.version <= version)) {
		cache.f = *f;
		cache.valid = true;
	}
	pthread_mutex_unlock(&cache.lock);
	return good;
}

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
	struct deadline_clock now = view_clock();
	struct figures f;
	json_t *rows = NULL, *recent = NULL;
	struct store_archive_query q = {.limit = HOME_RECENT};
	if (figures_get(c->db, now.today.y, &f) && store_archive(c->db, &q, &rows) == STORE_OK)
		recent = view_request_rows(c->db, rows, now);
	json_decref(rows);
	if (!recent) {
		log_error("home: %s", db_errmsg(c->db));
		return web_error(c, 503, "The portal is unavailable; try again shortly.");
	}
	json_t *figures = json_pack("{s:I, s:I, s:i, s:o, s:o}", "open", (json_int_t)f.open,
				    "closed_this_year", (json_int_t)f.closed, "year", f.year,
				    "median_days_to_close",
				    f.closed ? json_integer(whole_days(f.median_seconds)) : json_null(),
				    "median_label", f.closed ? days_label(f.median_seconds) : json_null());
	json_t *view = json_pack("{s:s, s:o, s:b, s:o}", "page_title", "Public records requests",
				 "figures", figures, "has_recent", json_array_size(recent) > 0,
				 "recent", recent);
	return web_page(c, "home", view);
}
