/* Roles and release levels (DESIGN.md section 3). The rules that use them
 * live in policy.c; these are only the ordered names. */
#ifndef DISCLOSE_ROLE_H
#define DISCLOSE_ROLE_H

#include <stdbool.h>

/* Ordered: a route's minimum role admits every role above it. */
enum role {
	ROLE_PUBLIC,     /* anonymous visitor */
	ROLE_REQUESTER,
	ROLE_STAFF,
	ROLE_PUBLISHER,
	ROLE_DEPARTMENT_ADMIN,
	ROLE_ADMIN,
	ROLE__COUNT
};

/* Ordered: public < requester ("Requester + Staff") < staff. */
enum level {
	LEVEL_PUBLIC,
	LEVEL_REQUESTER,
	LEVEL_STAFF,
	LEVEL__COUNT
};

/* role_name returns the stored name ("department_admin"); role_parse the
 * reverse (false when unknown). ROLE_PUBLIC has no stored name. */
const char *role_name(enum role r);
bool role_parse(const char *s, enum role *out);
/* role_label is the name shown to people ("Department admin"). */
const char *role_label(enum role r);

/* level_name returns the stored name ("requester"), level_label the one
 * shown to people ("Requester + Staff"). */
const char *level_name(enum level l);
const char *level_label(enum level l);
bool level_parse(const char *s, enum level *out);

#endif
