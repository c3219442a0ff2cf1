#include "domain/account.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/password.h"
#include "domain/session.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/die.h"
#include "util/log.h"

/* Room for a throttling key: a prefix and an address of at most 254 bytes. */
enum { KEY_MAX = 300 };

static bool logged(const struct account_env *e, enum store_rc rc)
{
	if (rc != STORE_OK)
		log_error("accounts: %s", db_errmsg(e->db));
	return rc == STORE_OK;
}

/* key builds "prefix:value" with ASCII letters in lower case, so that
 * ADA@example.org and ada@example.org share their attempts. */
static const char *key(char out[KEY_MAX], const char *prefix, const char *value)
{
	int n = snprintf(out, KEY_MAX, "%s:%s", prefix, value);
	for (int i = 0; i < n && i < KEY_MAX; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return out;
}

/* throttle looks at the attempts under each key (NULL-terminated lists of
 * keys and their limits) and answers ACCOUNT_THROTTLED with the minutes to
 * wait when any key has reached its limit within the window. */
static enum account_rc throttle(const struct account_env *e, const char *const *keys,
				const int *max, int *retry_minutes)
{
	int64_t wait = 0;
	for (size_t i = 0; keys[i]; i++) {
		int64_t count = 0, oldest = 0;
		if (!logged(e, store_login_attempts(e->db, keys[i], e->now - THROTTLE_WINDOW,
						    &count, &oldest)))
			return ACCOUNT_ERROR;
		if (count >= max[i] && oldest + THROTTLE_WINDOW - e->now > wait)
			wait = oldest + THROTTLE_WINDOW - e->now;
	}
	if (wait <= 0)
		return ACCOUNT_OK;
	*retry_minutes = (int)((wait + 59) / 60);
	return ACCOUNT_THROTTLED;
}

/* count_attempts records one attempt under each key and forgets attempts
 * older than the window. */
static bool count_attempts(const struct account_env *e, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (!logged(e, store_login_attempt_add(e->db, keys[i], e->now)))
			return false;
	return logged(e, store_login_attempts_purge(e->db, e->now - THROTTLE_WINDOW));
}

/* dummy_hash is a hash to verify against when there is no account, so that
 * a wrong address takes as long as a wrong password. */
static char dummy[PASSWORD_HASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	struct token t;
	token_new(&t);
	if (!password_hash(t.text, dummy))
		dummy[0] = '\0';
}

static const char *dummy_hash(void)
{
	pthread_once(&dummy_once, dummy_make);
	return dummy;
}

/* attach marks the address verified and gives the account the requests
 * made with it, with an audit row when there were some. */
static bool verify_and_attach(const struct account_env *e, int64_t user_id, const char *email)
{
	int64_t count = 0;
	if (!logged(e, store_user_verify_email(e->db, user_id, e->now)) ||
	    !logged(e, store_requests_attach(e->db, user_id, email, &count)))
		return false;
	if (count == 0)
		return true;
	char after[64];
	snprintf(after, sizeof after, "{\"requests_attached\":%lld}", (long long)count);
	struct store_audit_new a = {
		.actor_id = user_id, .action = "user.requests_attached", .target_type = "user",
		.target_id = user_id, .after_json = after, .ip = e->ip, .at = e->now,
	};
	return logged(e, store_audit_add(e->db, &a));
}

/* attach_if_verified attaches the requests of a verified address made
 * since the last sign-in. */
static bool attach_if_verified(const struct account_env *e, const json_t *user)
{
	if (json_is_null(json_object_get(user, "email_verified_at")))
		return true;
	return verify_and_attach(e, json_integer_value(json_object_get(user, "id")),
				 json_string_value(json_object_get(user, "email")));
}

struct link_mail {
	const char *purpose; /* login_link, password_reset, email_verify */
	const char *path;    /* "/login/link/": the token follows */
	int64_t ttl;
	const char *subject;
	const char *intro; /* what the link does */
	const char *valid; /* "once, within 30 minutes" */
};

static const struct link_mail login_link = {
	"login_link", "/login/link/", LOGIN_LINK_TTL, "Your sign-in link",
	"Use this link to sign in to the public records portal.", "once, within 30 minutes",
};
static const struct link_mail reset_link = {
	"password_reset", "/password/reset/", PASSWORD_RESET_TTL, "Reset your password",
	"Use this link to choose a new password for the public records portal.",
	"once, within an hour",
};
static const struct link_mail verify_link = {
	"email_verify", "/account/verify/", EMAIL_VERIFY_TTL, "Confirm your email address",
	"Use this link to confirm the email address of your account on the public records "
	"portal; requests you made with this address then appear in your account.",
	"once, within 3 days",
};
static const struct link_mail invitation_link = {
	"password_reset", "/password/reset/", INVITATION_TTL,
	"Your account on the public records portal",
	"An administrator made an account for you on the public records portal. Use this "
	"link to choose your password.",
	"once, within 3 days",
};

/* queue_link stores a new single-use token and queues the email that
 * carries it, in the caller's transaction. */
static bool queue_link(const struct account_env *e, const struct link_mail *m, int64_t user_id,
		       const char *to)
{
	struct token t;
	token_new(&t);
	struct store_token_new row = {
		.purpose = m->purpose, .token_hash = t.hash, .user_id = user_id,
		.email = user_id ? NULL : to, .now = e->now, .expires_at = e->now + m->ttl,
	};
	struct buf url = BUF_INIT, body = BUF_INIT;
	buf_printf(&url, "%s%s%s", e->public_url ? e->public_url : "", m->path, t.text);
	buf_printf(&body,
		   "%s It works %s:\n\n%s\n\nIf you did not ask for this email, you can "
		   "ignore it.\n",
		   m->intro, m->valid, buf_cstr(&url));
	int64_t id = 0;
	bool ok = logged(e, store_token_create(e->db, &row)) &&
		  logged(e, store_outbox_add(e->db, to, m->subject, buf_cstr(&body), e->now, &id));
	if (ok && e->log_links)
		log_info("development mode: email %lld (%s) links to %s", (long long)id,
			 m->purpose, buf_cstr(&url));
	buf_free(&url);
	buf_free(&body);
	return ok;
}

/* finish commits when ok, else rolls back; returns rc or ACCOUNT_ERROR. */
static enum account_rc finish(const struct account_env *e, bool ok, enum account_rc rc)
{
	if (ok && db_commit(e->db))
		return rc;
	if (ok)
		log_error("accounts: %s", db_errmsg(e->db));
	db_rollback(e->db);
	return ACCOUNT_ERROR;
}

static bool begin(const struct account_env *e)
{
	if (db_begin(e->db))
		return true;
	log_error("accounts: %s", db_errmsg(e->db));
	db_rollback(e->db);
	return false;
}

enum account_rc account_login(const struct account_env *e, const char *email,
			      const char *password, int64_t *user_id, int *retry_minutes)
{
	char account_key[KEY_MAX], ip_key[KEY_MAX];
	const char *keys[] = {key(account_key, "account", email), key(ip_key, "ip", e->ip ? e->ip : "-"), NULL};
	const int max[] = {THROTTLE_ACCOUNT_MAX, THROTTLE_IP_MAX};
	enum account_rc rc = throttle(e, keys, max, retry_minutes);
	if (rc != ACCOUNT_OK)
		return rc;

	json_t *user = NULL;
	char *hash = NULL;
	enum store_rc found = store_user_find_by_email(e->db, email, &user);
	if (found != STORE_OK && found != STORE_NOT_FOUND) {
		logged(e, found);
		return ACCOUNT_ERROR;
	}
	int64_t id = user ? json_integer_value(json_object_get(user, "id")) : 0;
	bool active = user && json_is_true(json_object_get(user, "active"));
	enum store_rc has = active ? store_user_password_hash(e->db, id, &hash) : STORE_NOT_FOUND;
	if (has != STORE_OK && has != STORE_NOT_FOUND) {
		logged(e, has);
		json_decref(user);
		return ACCOUNT_ERROR;
	}
	bool good = password_verify(password, hash ? hash : dummy_hash()) && hash && active;
	if (!good) {
		free(hash);
		json_decref(user);
		if (!begin(e))
			return ACCOUNT_ERROR;
		return finish(e, count_attempts(e, keys), ACCOUNT_REFUSED);
	}
	char fresh[PASSWORD_HASH_SIZE];
	bool rehash = password_needs_rehash(hash) && password_hash(password, fresh);
	free(hash);
	bool ok = begin(e) && logged(e, store_login_attempts_clear(e->db, account_key)) &&
		  (!rehash || logged(e, store_user_set_password(e->db, id, fresh, e->now))) &&
		  logged(e, store_user_logged_in(e->db, id, e->now)) && attach_if_verified(e, user);
	json_decref(user);
	rc = finish(e, ok, ACCOUNT_OK);
	if (rc == ACCOUNT_OK)
		*user_id = id;
	return rc;
}

enum account_rc account_register(const struct account_env *e, const char *email,
				 const char *name, const char *password, int64_t *user_id,
				 int *retry_minutes)
{
	char ip_key[KEY_MAX];
	const char *keys[] = {key(ip_key, "register", e->ip ? e->ip : "-"), NULL};
	const int max[] = {THROTTLE_IP_MAX};
	enum account_rc rc = throttle(e, keys, max, retry_minutes);
	if (rc != ACCOUNT_OK)
		return rc;
	char hash[PASSWORD_HASH_SIZE];
	if (!password_hash(password, hash)) {
		log_error("accounts: cannot hash a password (out of memory?)");
		return ACCOUNT_ERROR;
	}
	if (!begin(e))
		return ACCOUNT_ERROR;
	if (!count_attempts(e, keys))
		return finish(e, false, ACCOUNT_ERROR);
	struct store_user_new u = {
		.email = email, .name = name, .role = "requester", .password_hash = hash,
	};
	int64_t id = 0;
	enum store_rc created = store_user_create(e->db, &u, &id);
	if (created == STORE_CONFLICT) /* keep the counted attempt */
		return finish(e, true, ACCOUNT_EXISTS);
	rc = finish(e, logged(e, created) && queue_link(e, &verify_link, id, email), ACCOUNT_OK);
	if (rc == ACCOUNT_OK)
		*user_id = id;
	return rc;
}

/* mail_throttle applies the limits to emails asked for: per address and
 * per client address; counts this one when it is allowed. */
static enum account_rc mail_throttle(const struct account_env *e, const char *email,
				     int *retry_minutes)
{
	char mail_key[KEY_MAX], ip_key[KEY_MAX];
	const char *keys[] = {key(mail_key, "mail", email), key(ip_key, "mail-ip", e->ip ? e->ip : "-"), NULL};
	const int max[] = {THROTTLE_ACCOUNT_MAX, THROTTLE_IP_MAX};
	enum account_rc rc = throttle(e, keys, max, retry_minutes);
	if (rc == ACCOUNT_OK && !count_attempts(e, keys))
		rc = ACCOUNT_ERROR;
	return rc;
}

/* send_link throttles, finds the account of email and queues the link m
 * when may_have(user) (user NULL: no account); the answer is the same
 * whether or not the account exists. */
static enum account_rc send_link(const struct account_env *e, const char *email,
				 int *retry_minutes, const struct link_mail *m,
				 bool (*may_have)(const json_t *user))
{
	if (!begin(e))
		return ACCOUNT_ERROR;
	enum account_rc rc = mail_throttle(e, email, retry_minutes);
	if (rc != ACCOUNT_OK)
		return finish(e, rc != ACCOUNT_ERROR, rc);
	json_t *user = NULL;
	enum store_rc found = store_user_find_by_email(e->db, email, &user);
	bool ok = found == STORE_NOT_FOUND || logged(e, found);
	if (ok && may_have(user))
		ok = queue_link(e, m, user ? json_integer_value(json_object_get(user, "id")) : 0,
				user ? json_string_value(json_object_get(user, "email")) : email);
	json_decref(user);
	return finish(e, ok, ACCOUNT_OK);
}

/* A sign-in link: for an active requester, or an address with no account
 * yet (the link creates it); staff sign in with their password. */
static bool may_sign_in_by_link(const json_t *user)
{
	return !user || (json_is_true(json_object_get(user, "active")) &&
			 !strcmp(json_string_value(json_object_get(user, "role")), "requester"));
}

/* A reset link: for an active account only. */
static bool may_reset(const json_t *user)
{
	return user && json_is_true(json_object_get(user, "active"));
}

enum account_rc account_send_login_link(const struct account_env *e, const char *email,
					int *retry_minutes)
{
	return send_link(e, email, retry_minutes, &login_link, may_sign_in_by_link);
}

/* use_token uses a link of the purpose in the caller's transaction and
 * sets *row to {id, user_id, email}; ACCOUNT_REFUSED when it is not a
 * valid unused link. */
static enum account_rc use_token(const struct account_env *e, const char *purpose,
				 const char *text, json_t **row)
{
	struct token t;
	if (!token_from_text(text, &t))
		return ACCOUNT_REFUSED;
	enum store_rc rc = store_token_use(e->db, purpose, t.hash, e->now, row);
	if (rc == STORE_NOT_FOUND)
		return ACCOUNT_REFUSED;
	return logged(e, rc) ? ACCOUNT_OK : ACCOUNT_ERROR;
}

/* name_for_email is the name of a new account made by a sign-in link: as
 * given on the latest request made with the address, else its local part. */
static char *name_for_email(const struct account_env *e, const char *email)
{
	char *name = NULL;
	if (store_requester_name_by_email(e->db, email, &name) == STORE_OK && *name)
		return name;
	free(name);
	return xstrndup(email, strcspn(email, "@"));
}

enum account_rc account_use_login_link(const struct account_env *e, const char *token,
				       int64_t *user_id)
{
	if (!begin(e))
		return ACCOUNT_ERROR;
	json_t *link = NULL, *user = NULL;
	enum account_rc rc = use_token(e, "login_link", token, &link);
	if (rc != ACCOUNT_OK) {
		db_rollback(e->db);
		return rc;
	}
	int64_t id = json_integer_value(json_object_get(link, "user_id"));
	enum store_rc found = id ? store_user_get(e->db, id, &user)
				 : store_user_find_by_email(e->db, json_string_value(json_object_get(
									   link, "email")),
							    &user);
	bool ok = true;
	if (found == STORE_OK) {
		id = json_integer_value(json_object_get(user, "id"));
		if (!json_is_true(json_object_get(user, "active")) ||
		    strcmp(json_string_value(json_object_get(user, "role")), "requester"))
			rc = ACCOUNT_REFUSED;
	} else if (found == STORE_NOT_FOUND && !id) {
		const char *email = json_string_value(json_object_get(link, "email"));
		char *name = name_for_email(e, email);
		struct store_user_new u = {.email = email, .name = name, .role = "requester"};
		ok = logged(e, store_user_create(e->db, &u, &id));
		free(name);
		user = ok ? json_pack("{s:s}", "email", email) : NULL;
	} else {
		ok = found == STORE_NOT_FOUND || logged(e, found);
		rc = ACCOUNT_REFUSED;
	}
	json_decref(link);
	if (rc != ACCOUNT_OK || !ok) {
		json_decref(user);
		db_rollback(e->db);
		return ok ? rc : ACCOUNT_ERROR;
	}
	ok = verify_and_attach(e, id, json_string_value(json_object_get(user, "email"))) &&
	     logged(e, store_user_logged_in(e->db, id, e->now));
	json_decref(user);
	rc = finish(e, ok, ACCOUNT_OK);
	if (rc == ACCOUNT_OK)
		*user_id = id;
	return rc;
}

enum account_rc account_send_password_reset(const struct account_env *e, const char *email,
					    int *retry_minutes)
{
	return send_link(e, email, retry_minutes, &reset_link, may_reset);
}

enum account_rc account_reset_link_valid(const struct account_env *e, const char *token)
{
	struct token t;
	json_t *row = NULL;
	if (!token_from_text(token, &t))
		return ACCOUNT_REFUSED;
	enum store_rc rc = store_token_peek(e->db, "password_reset", t.hash, e->now, &row);
	json_decref(row);
	if (rc == STORE_NOT_FOUND)
		return ACCOUNT_REFUSED;
	return logged(e, rc) ? ACCOUNT_OK : ACCOUNT_ERROR;
}

/* use_user_token uses a link that belongs to an account and sets *user to
 * the active account's row {id, email, ...}. */
static enum account_rc use_user_token(const struct account_env *e, const char *purpose,
				      const char *token, json_t **user)
{
	json_t *link = NULL;
	enum account_rc rc = use_token(e, purpose, token, &link);
	if (rc != ACCOUNT_OK)
		return rc;
	int64_t id = json_integer_value(json_object_get(link, "user_id"));
	json_decref(link);
	enum store_rc found = store_user_get(e->db, id, user);
	if (found == STORE_NOT_FOUND)
		return ACCOUNT_REFUSED;
	if (!logged(e, found))
		return ACCOUNT_ERROR;
	if (json_is_true(json_object_get(*user, "active")))
		return ACCOUNT_OK;
	json_decref(*user);
	*user = NULL;
	return ACCOUNT_REFUSED;
}

enum account_rc account_reset_password(const struct account_env *e, const char *token,
				       const char *password, int64_t *user_id)
{
	char hash[PASSWORD_HASH_SIZE];
	if (!password_hash(password, hash)) {
		log_error("accounts: cannot hash a password (out of memory?)");
		return ACCOUNT_ERROR;
	}
	if (!begin(e))
		return ACCOUNT_ERROR;
	json_t *user = NULL;
	enum account_rc rc = use_user_token(e, "password_reset", token, &user);
	if (rc != ACCOUNT_OK) {
		db_rollback(e->db);
		return rc;
	}
	int64_t id = json_integer_value(json_object_get(user, "id"));
	bool ok = logged(e, store_user_set_password(e->db, id, hash, e->now)) &&
		  logged(e, store_sessions_delete_user(e->db, id)) &&
		  verify_and_attach(e, id, json_string_value(json_object_get(user, "email")));
	json_decref(user);
	rc = finish(e, ok, ACCOUNT_OK);
	if (rc == ACCOUNT_OK)
		*user_id = id;
	return rc;
}

enum account_rc account_verify_email(const struct account_env *e, const char *token,
				     int64_t *user_id)
{
	if (!begin(e))
		return ACCOUNT_ERROR;
	json_t *user = NULL;
	enum account_rc rc = use_user_token(e, "email_verify", token, &user);
	if (rc != ACCOUNT_OK) {
		db_rollback(e->db);
		return rc;
	}
	int64_t id = json_integer_value(json_object_get(user, "id"));
	bool ok = verify_and_attach(e, id, json_string_value(json_object_get(user, "email")));
	json_decref(user);
	rc = finish(e, ok, ACCOUNT_OK);
	if (rc == ACCOUNT_OK)
		*user_id = id;
	return rc;
}

bool account_send_invitation(const struct account_env *e, int64_t user_id, const char *email)
{
	return queue_link(e, &invitation_link, user_id, email);
}
