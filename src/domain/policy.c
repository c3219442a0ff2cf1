#include "domain/policy.h"

bool policy_is_staff(const struct viewer *v)
{
	return v->role >= ROLE_STAFF;
}

enum level policy_level(const struct viewer *v, int64_t requester_id)
{
	if (policy_is_staff(v))
		return LEVEL_STAFF;
	if (v->role == ROLE_REQUESTER && v->user_id != 0 && v->user_id == requester_id)
		return LEVEL_REQUESTER;
	return LEVEL_PUBLIC;
}

bool policy_can_see_request(const struct viewer *v, int64_t requester_id, bool published)
{
	return published || policy_level(v, requester_id) > LEVEL_PUBLIC;
}

/* A hidden event is hidden from the public only: the requester took part
 * in the exchange (and was sent it), staff see it marked with its reason. */
bool policy_can_see_item(enum level viewer_level, enum level item_level, bool hidden)
{
	if (item_level > viewer_level)
		return false;
	return !hidden || viewer_level >= LEVEL_REQUESTER;
}

bool policy_can_see_document(enum level viewer_level, enum level item_level, bool released)
{
	return item_level <= viewer_level && (released || viewer_level >= LEVEL_STAFF);
}

bool policy_can_see_contact(enum level viewer_level)
{
	return viewer_level >= LEVEL_REQUESTER;
}

bool policy_sees_hidden(enum level viewer_level)
{
	return viewer_level >= LEVEL_REQUESTER;
}

bool policy_can_be_told(enum level viewer_level, const struct policy_told *t)
{
	if (!t->published && viewer_level == LEVEL_PUBLIC)
		return false;
	if (!policy_can_see_item(viewer_level, t->event_level, t->event_hidden))
		return false;
	for (size_t i = 0; i < t->n_docs; i++)
		if (!t->docs[i].exists ||
		    !policy_can_see_document(viewer_level, t->docs[i].level, t->docs[i].released))
			return false;
	return true;
}
