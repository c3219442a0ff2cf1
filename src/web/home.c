/* The home page: who the agency is, how to make a request, what is new. */
#include "store/store.h"
#include "web/routes.h"
#include "web/web.h"

int page_home(struct web_ctx *c)
{
	json_t *view = json_object();
	json_object_set_new(view, "page_title", json_string("Public records requests"));
	return web_page(c, "home", view);
}
