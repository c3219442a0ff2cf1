/* Sessions and the secret tokens behind sessions and emailed links.
 *
 * A token is 32 random bytes (libsodium randombytes_buf), sent to the
 * browser as 43 characters of unpadded base64url. The database keeps only
 * a 32-byte BLAKE2b hash of it (crypto_generichash), so a copy of the
 * database does not yield live sessions or usable links.
 *
 * A session ends when it has been idle too long (the idle limit depends on
 * the role: requesters sign in for a while, staff for a working day), at an
 * absolute end counted from sign-in, at sign-out, when the user signs out
 * everywhere, resets the password, or is deactivated. */
#ifndef DISCLOSE_SESSION_H
#define DISCLOSE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/role.h"
#include "store/db.h"
#include "util/arena.h"

enum {
	TOKEN_BYTES = 32,
	TOKEN_TEXT_LEN = 43, /* unpadded base64url of TOKEN_BYTES */
	TOKEN_HASH_BYTES = 32,
};

struct token {
	char text[TOKEN_TEXT_LEN + 1];
	unsigned char hash[TOKEN_HASH_BYTES];
};

/* token_new makes a fresh random token and its hash. */
void token_new(struct token *t);

/* token_from_text reads a token sent back by a browser or in a link and
 * hashes it; false when text is not shaped like one (then it can match
 * nothing and need not be looked up). */
bool token_from_text(const char *text, struct token *t);

/* Defaults: a requester's session ends after 2 hours without a request, a
 * staff member's after 8 (a working day with breaks); every session ends 7
 * days after sign-in. last_seen_at is written at most once a minute, so an
 * idle limit is kept to within that minute. */
enum {
	SESSION_IDLE_REQUESTER = 2 * 3600,
	SESSION_IDLE_STAFF = 8 * 3600,
	SESSION_ABSOLUTE = 7 * 24 * 3600,
	SESSION_TOUCH_EVERY = 60,
};

struct session_limits {
	int64_t idle_requester, idle_staff; /* seconds without a request */
	int64_t absolute;                   /* seconds from sign-in */
};

/* session_limits_default fills the defaults above. */
void session_limits_default(struct session_limits *l);

/* session_start signs user_id in: stores a new session and sets *out to
 * its token, for the cookie. previous (NULL: none) is the session token
 * the browser had: that session is ended first, so a sign-in always gets a
 * new id. Sessions past their absolute end are purged on the way. False on
 * a database failure (logged). */
bool session_start(struct db *db, const struct session_limits *l, int64_t user_id,
		   const struct token *previous, const char *ip, const char *user_agent,
		   int64_t now, struct token *out);

enum session_state {
	SESSION_NONE,  /* no such session: the visitor is anonymous */
	SESSION_VALID,
	SESSION_ENDED, /* it existed but expired or its user is inactive:
			  deleted now; the visitor is anonymous */
	SESSION_ERROR, /* the database failed (logged); treat as anonymous */
};

struct session_user {
	int64_t session_id;
	int64_t user_id;
	enum role role;
	const char *name; /* in the arena */
};

/* session_resolve finds the session of token t and its user, enforcing
 * the idle and absolute limits and the user's being active. On
 * SESSION_VALID fills *out and records the use (at most once a minute). */
enum session_state session_resolve(struct db *db, const struct session_limits *l,
				   const struct token *t, int64_t now, struct arena *a,
				   struct session_user *out);

/* session_end ends the session of token t (sign-out); session_end_all
 * every session of the user (sign out everywhere, password reset,
 * deactivation). False on a database failure. */
bool session_end(struct db *db, const struct token *t);
bool session_end_all(struct db *db, int64_t user_id);

#endif
