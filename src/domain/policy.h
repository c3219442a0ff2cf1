/* Who may see what: the one place that decides (DESIGN.md section 3).
 *
 * A viewer's level on a request is staff for staff roles, requester for
 * that request's own requester, public otherwise. A viewer sees an item
 * whose level is at most theirs. The public sees a request only when it is
 * published, and never a hidden event. Every surface (pages, JSON, search,
 * lists and counts, downloads, feeds, email) asks here; SQL filters use the
 * same ranks (enum level) so counts never reveal what a viewer may not see. */
#ifndef DISCLOSE_POLICY_H
#define DISCLOSE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

/* Who is asking. Anonymous visitors have id 0 and ROLE_PUBLIC. */
struct viewer {
	int64_t user_id;
	enum role role;
};

/* policy_is_staff: the staff roles (staff, publisher, department admin,
 * admin). */
bool policy_is_staff(const struct viewer *v);

/* policy_level is the viewer's level on a request whose requester account
 * is requester_id (0: none). */
enum level policy_level(const struct viewer *v, int64_t requester_id);

/* policy_can_see_request: staff and the request's requester always; anyone
 * else only when it is published. */
bool policy_can_see_request(const struct viewer *v, int64_t requester_id, bool published);

/* policy_can_see_item: an event or document at item_level (hidden: an
 * event staff hid from the public, which the requester and staff still
 * see) for a viewer at viewer_level. */
bool policy_can_see_item(enum level viewer_level, enum level item_level, bool hidden);

/* policy_can_see_document: a document at item_level, released or not yet
 * (staff prepare documents before releasing them), for a viewer at
 * viewer_level. */
bool policy_can_see_document(enum level viewer_level, enum level item_level, bool released);

/* policy_can_see_contact: the requester's contact details are for the
 * requester and staff only, never the public. */
bool policy_can_see_contact(enum level viewer_level);

/* policy_sees_hidden: whether events hidden from the public are shown. */
bool policy_sees_hidden(enum level viewer_level);

/* What an email about an event tells, as it is now (an email waiting in
 * the outbox, an item kept for a daily summary): the request, the event,
 * and for a document release each document it names. */
struct policy_told_doc {
	bool exists;      /* false: no longer there */
	enum level level;
	bool released;
};
struct policy_told {
	bool published;   /* the request is published */
	enum level event_level;
	bool event_hidden;
	const struct policy_told_doc *docs;
	size_t n_docs;
};

/* policy_can_be_told: whether someone at viewer_level may still be told
 * all of it: the request, the event at its level and hidden flag, every
 * document (there, released, at a level they see). */
bool policy_can_be_told(enum level viewer_level, const struct policy_told *t);

#endif
