#include "domain/session.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/log.h"

_Static_assert((int)TOKEN_HASH_BYTES == (int)STORE_HASH_BYTES, "token hashes are stored as they are");
_Static_assert(TOKEN_HASH_BYTES >= crypto_generichash_BYTES_MIN &&
		       TOKEN_HASH_BYTES <= crypto_generichash_BYTES_MAX,
	       "a generichash size");

static void token_hash(struct token *t)
{
	crypto_generichash(t->hash, sizeof t->hash, (const unsigned char *)t->text,
			   TOKEN_TEXT_LEN, NULL, 0);
}

void token_new(struct token *t)
{
	unsigned char raw[TOKEN_BYTES];
	if (sodium_init() < 0) {
		log_error("libsodium cannot start: no random tokens");
		abort();
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(t->text, sizeof t->text, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	token_hash(t);
}

bool token_from_text(const char *text, struct token *t)
{
	if (!text || strlen(text) != TOKEN_TEXT_LEN ||
	    strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
		    TOKEN_TEXT_LEN)
		return false;
	memcpy(t->text, text, TOKEN_TEXT_LEN + 1);
	token_hash(t);
	return true;
}

void session_limits_default(struct session_limits *l)
{
	*l = (struct session_limits){
		.idle_requester = SESSION_IDLE_REQUESTER,
		.idle_staff = SESSION_IDLE_STAFF,
		.absolute = SESSION_ABSOLUTE,
	};
}

static bool logged(struct db *db, enum store_rc rc)
{
	if (rc != STORE_OK)
		log_error("sessions: %s", db_errmsg(db));
	return rc == STORE_OK;
}

bool session_start(struct db *db, const struct session_limits *l, int64_t user_id,
		   const struct token *previous, const char *ip, const char *user_agent,
		   int64_t now, struct token *out)
{
	token_new(out);
	struct store_session_new s = {
		.token_hash = out->hash, .user_id = user_id, .now = now,
		.expires_at = now + l->absolute, .ip = ip, .user_agent = user_agent,
	};
	bool ok = db_begin(db) &&
		  (!previous || logged(db, store_session_delete(db, previous->hash))) &&
		  logged(db, store_sessions_purge(db, now)) &&
		  logged(db, store_session_create(db, &s)) && db_commit(db);
	if (!ok)
		db_rollback(db);
	return ok;
}

enum session_state session_resolve(struct db *db, const struct session_limits *l,
				   const struct token *t, int64_t now, struct arena *a,
				   struct session_user *out)
{
	json_t *row = NULL;
	enum store_rc rc = store_session_find(db, t->hash, &row);
	if (rc == STORE_NOT_FOUND)
		return SESSION_NONE;
	if (!logged(db, rc))
		return SESSION_ERROR;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t last_seen = json_integer_value(json_object_get(row, "last_seen_at"));
	int64_t expires = json_integer_value(json_object_get(row, "expires_at"));
	enum role role = ROLE_PUBLIC;
	bool known = role_parse(json_string_value(json_object_get(row, "role")), &role);
	int64_t idle = role >= ROLE_STAFF ? l->idle_staff : l->idle_requester;
	bool live = known && json_is_true(json_object_get(row, "active")) && now < expires &&
		    now - last_seen <= idle;
	if (!live) {
		json_decref(row);
		return logged(db, store_session_delete_id(db, id)) ? SESSION_ENDED : SESSION_ERROR;
	}
	*out = (struct session_user){
		.session_id = id,
		.user_id = json_integer_value(json_object_get(row, "user_id")),
		.role = role,
		.name = arena_strdup(a, json_string_value(json_object_get(row, "name"))),
	};
	json_decref(row);
	if (now - last_seen >= SESSION_TOUCH_EVERY)
		logged(db, store_session_touch(db, id, now));
	return SESSION_VALID;
}

bool session_end(struct db *db, const struct token *t)
{
	return logged(db, store_session_delete(db, t->hash));
}

bool session_end_all(struct db *db, int64_t user_id)
{
	return logged(db, store_sessions_delete_user(db, user_id));
}
