/* Accounts: signing in with a password or an emailed link, registering,
 * resetting a password, verifying an address, and the throttling that
 * keeps guessing slow.
 *
 * Emails go into the outbox (status 'queued'); sending them is the mail
 * worker's job. Answers never tell whether an address has an account,
 * except registration, which must say that the address is taken.
 *
 * A request made without an account is attached to the account of the
 * same address (compared case-insensitively) once that address is
 * verified: by using an emailed link (sign-in, verification, password
 * reset), and again at every later sign-in. */
#ifndef DISCLOSE_ACCOUNT_H
#define DISCLOSE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* Throttling: at most THROTTLE_ACCOUNT_MAX failed sign-ins per address and
 * THROTTLE_IP_MAX per client address within THROTTLE_WINDOW; the same
 * limits apply to emails asked for (links, resets) and registrations. */
enum {
	THROTTLE_WINDOW = 15 * 60,
	THROTTLE_ACCOUNT_MAX = 5,
	THROTTLE_IP_MAX = 20,
};

/* How long emailed links work. An account an admin creates without a
 * password gets a reset link that lasts longer (an invitation). */
enum {
	LOGIN_LINK_TTL = 30 * 60,
	PASSWORD_RESET_TTL = 60 * 60,
	INVITATION_TTL = 3 * 24 * 3600,
	EMAIL_VERIFY_TTL = 3 * 24 * 3600,
};

/* What every account operation needs. */
struct account_env {
	struct db *db;
	int64_t now;
	const char *ip;         /* the client's address, for throttling and audit */
	const char *public_url; /* "https://records.example.gov": links in emails */
	bool log_links;         /* development only: write emailed links to the log */
};

enum account_rc {
	ACCOUNT_OK,
	ACCOUNT_REFUSED,   /* wrong email or password; unknown, used or expired link */
	ACCOUNT_THROTTLED, /* too many attempts: *retry_minutes says how long to wait */
	ACCOUNT_EXISTS,    /* registration: the address has an account */
	ACCOUNT_ERROR,     /* the database failed (logged) */
};

/* account_login checks email and password. On ACCOUNT_OK sets *user_id,
 * rehashes the password when its parameters are outdated, records the
 * sign-in and attaches requests made with a verified address. Failures are
 * counted per address and per client address, whether or not the account
 * exists, and take the same time either way. The session is the caller's
 * (session_start). */
enum account_rc account_login(const struct account_env *e, const char *email,
			      const char *password, int64_t *user_id, int *retry_minutes);

/* account_register creates a requester account (password already checked
 * with password_problem) and emails a link that verifies the address.
 * ACCOUNT_EXISTS when the address has an account. */
enum account_rc account_register(const struct account_env *e, const char *email,
				 const char *name, const char *password, int64_t *user_id,
				 int *retry_minutes);

/* account_send_login_link emails a single-use sign-in link to email,
 * unless it belongs to a staff account or an inactive one (which sign in
 * with their password); the answer is the same either way. */
enum account_rc account_send_login_link(const struct account_env *e, const char *email,
					int *retry_minutes);

/* account_use_login_link signs in with a link (single use): the address
 * is verified, the requester account created when there is none (named as
 * on the latest request made with that address, else after the address),
 * and the address's requests attached. Sets *user_id. */
enum account_rc account_use_login_link(const struct account_env *e, const char *token,
				       int64_t *user_id);

/* account_send_password_reset emails a reset link when email belongs to an
 * active account; the answer is the same either way. */
enum account_rc account_send_password_reset(const struct account_env *e, const char *email,
					    int *retry_minutes);

/* account_reset_link_valid tells whether a reset link can still be used. */
enum account_rc account_reset_link_valid(const struct account_env *e, const char *token);

/* account_reset_password uses a reset link (single use): sets the new
 * password (checked by the caller), ends every session of the user,
 * verifies the address and attaches its requests. Sets *user_id. */
enum account_rc account_reset_password(const struct account_env *e, const char *token,
				       const char *password, int64_t *user_id);

/* account_verify_email uses a verification link: marks the address
 * verified and attaches its requests. Sets *user_id. */
enum account_rc account_verify_email(const struct account_env *e, const char *token,
				     int64_t *user_id);

/* account_send_invitation emails a new staff account a link to choose a
 * password (a reset link that lasts INVITATION_TTL). Needs the caller's
 * transaction. False on a database failure. */
bool account_send_invitation(const struct account_env *e, int64_t user_id, const char *email);

#endif
