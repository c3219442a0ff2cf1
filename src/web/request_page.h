/* The request page, /requests/{number}: its view model, built apart from
 * the handler so that it can be built for any viewer. */
#ifndef DISCLOSE_REQUEST_PAGE_H
#define DISCLOSE_REQUEST_PAGE_H

#include <jansson.h>

#include "domain/deadline.h"
#include "domain/policy.h"
#include "store/store.h"
#include "util/date.h"

/* request_page_view sets *view to the page's view model (documented in
 * request_page.c) for request number ("19-5156") as viewer sees it, with
 * overdue and due soon judged at now. STORE_NOT_FOUND both when there is
 * no such request and when the viewer may not see it, so that the answer
 * never tells one from the other. The caller owns *view. */
enum store_rc request_page_view(struct db *db, const struct viewer *viewer, const char *number,
				struct deadline_clock now, json_t **view);

#endif
