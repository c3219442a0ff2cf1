/* Managing accounts: what admins do at /admin/users and `disclose user
 * add` does. Every change is one transaction with its audit row (the
 * account's fields before and after, as JSON). Nobody is ever deleted:
 * people who acted on requests stay in their bylines and the audit log;
 * an account is deactivated instead, which also ends its sessions. */
#ifndef DISCLOSE_USERS_H
#define DISCLOSE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"

enum { USERS_MAX_DEPARTMENTS = 50 };

struct user_input {
	const char *email;           /* users_create only */
	const char *name;
	const char *title;           /* NULL: none */
	const char *role;            /* a stored role name: admin, ..., requester */
	const int64_t *departments;  /* department ids */
	size_t n_departments;        /* at most USERS_MAX_DEPARTMENTS */
	const char *password;        /* users_create only, already checked with
					password_problem; NULL: email a link to
					choose one */
};

enum users_rc {
	USERS_OK,
	USERS_EXISTS,         /* the email has an account */
	USERS_NOT_FOUND,      /* no such user */
	USERS_INVALID,        /* an unknown role or department */
	USERS_SELF,           /* admins may not change their own role or
				 deactivate themselves (no lock-out) */
	USERS_ERROR,          /* the database failed (logged) */
};

/* users_create makes an active account; actor_id 0 is the command line.
 * Sets *id (may be NULL). */
enum users_rc users_create(const struct account_env *e, int64_t actor_id,
			   const struct user_input *in, int64_t *id);

/* users_update sets name, title, role and departments of user id. */
enum users_rc users_update(const struct account_env *e, int64_t actor_id, int64_t id,
			   const struct user_input *in);

/* users_set_active deactivates (ending every session) or reactivates. */
enum users_rc users_set_active(const struct account_env *e, int64_t actor_id, int64_t id,
			       bool active);

#endif
