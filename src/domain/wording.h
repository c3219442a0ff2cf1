/* The wording staff reuse, managed by admins: closure reasons (a label, the
 * text the requester reads, the law it cites) and message templates (a
 * name and a Markdown body), in an order admins choose; and the portal's
 * publication setting. Every change is one transaction with its audit row
 * (before and after). Nothing is deleted: a reason or template no longer
 * used is deactivated, and the requests closed with it keep it. */
#ifndef DISCLOSE_WORDING_H
#define DISCLOSE_WORDING_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/account.h"
#include "store/store.h"

enum {
	WORDING_LABEL_MAX = 120,    /* a label or a template's name */
	WORDING_TEXT_MAX = 20000,   /* a requester text or a template's body */
	WORDING_CITATIONS_MAX = 500,
	WORDING_SORT_MAX = 100000,  /* positions are 0 .. this */
	WORDING_ROWS_MAX = 200,     /* reasons, and templates, a portal may have */
};

struct wording_input {
	const char *label, *text;
	const char *citations; /* reasons only; NULL: none */
	int64_t sort;
};

enum wording_rc {
	WORDING_OK,
	WORDING_NOT_FOUND, /* no such reason or template */
	WORDING_TAKEN,     /* another one has that label */
	WORDING_FULL,      /* there are WORDING_ROWS_MAX of that kind already */
	WORDING_INVALID,   /* a value the portal does not know */
	WORDING_ERROR,     /* the database failed (logged) */
};

/* wording_save changes the reason or template *id, or adds one when *id
 * is 0 (and sets *id; WORDING_FULL past WORDING_ROWS_MAX), for actor_id; audited as closure_reason.create /
 * .update (message_template.* for templates) with the fields that
 * changed. */
enum wording_rc wording_save(const struct account_env *e, int64_t actor_id,
			     enum store_wording kind, int64_t *id, const struct wording_input *in);

/* wording_set_active deactivates or reactivates one (.deactivate /
 * .reactivate); doing what is done already changes nothing and is OK. */
enum wording_rc wording_set_active(const struct account_env *e, int64_t actor_id,
				   enum store_wording kind, int64_t id, bool active);

/* When requests are published: "submission", "closure" or "manual"
 * (NULL-terminated), the values of the publish_default setting. */
extern const char *const wording_publish_defaults[];

/* wording_publish_default_set sets the portal's publish_default (one of
 * wording_publish_defaults, else WORDING_INVALID), audited as
 * setting.update. */
enum wording_rc wording_publish_default_set(const struct account_env *e, int64_t actor_id,
					    const char *value);

#endif
