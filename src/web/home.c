/* The home page: who the agency is, how to make a request, and figures
 * over published requests (the same for every visitor). */
#include <math.h>

#include "store/store.h"
#include "util/date.h"
#include "web/routes.h"
#include "web/web.h"

int page_home(struct web_ctx *c)
{
	int64_t open = 0, closed = 0;
	double median = 0;
	if (store_public_figures(c->db, date_time_now() - 365 * 86400LL, &open, &closed,
				 &median) != STORE_OK)
		return web_error(c, 503, "The database is unavailable; try again shortly.");
	json_t *view = json_pack("{s:s, s:{s:I, s:I, s:I}}", "page_title",
				 "Public records requests", "figures", "open", (json_int_t)open,
				 "closed", (json_int_t)closed, "median_days",
				 (json_int_t)lround(median));
	return web_page(c, "home", view);
}
