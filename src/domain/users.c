#include "domain/users.h"

#include <stdlib.h>
#include <string.h>

#include "domain/password.h"
#include "domain/role.h"
#include "store/store.h"
#include "util/log.h"

static bool logged(const struct account_env *e, enum store_rc rc)
{
	if (rc != STORE_OK)
		log_error("users: %s", db_errmsg(e->db));
	return rc == STORE_OK;
}

/* snapshot returns the audited fields of a user: {email, name, title, role,
 * active, departments: [ids]}; NULL when there is no such user (*rc). */
static json_t *snapshot(const struct account_env *e, int64_t id, enum store_rc *rc)
{
	json_t *user = NULL, *depts = NULL;
	*rc = store_user_get(e->db, id, &user);
	if (*rc != STORE_OK)
		return NULL;
	*rc = store_user_departments(e->db, id, &depts);
	if (*rc != STORE_OK) {
		json_decref(user);
		return NULL;
	}
	json_t *ids = json_array();
	size_t i;
	json_t *d;
	json_array_foreach(depts, i, d)
		json_array_append(ids, json_object_get(d, "id"));
	json_decref(depts);
	json_object_del(user, "id");
	json_object_set_new(user, "departments", ids);
	return user;
}

/* audit writes the change's audit row (before may be NULL: a creation). */
static bool audit(const struct account_env *e, int64_t actor_id, const char *action, int64_t id,
		  const json_t *before, const json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct store_audit_new row = {
		.actor_id = actor_id, .action = action, .target_type = "user", .target_id = id,
		.before_json = b, .after_json = a, .ip = e->ip, .at = e->now,
	};
	bool ok = logged(e, store_audit_add(e->db, &row));
	free(b);
	free(a);
	return ok;
}

/* set_departments replaces the user's departments; STORE_INVALID for an
 * unknown department. */
static enum store_rc set_departments(const struct account_env *e, int64_t id,
				     const struct user_input *in)
{
	enum store_rc rc = store_user_departments_clear(e->db, id);
	for (size_t i = 0; rc == STORE_OK && i < in->n_departments; i++)
		rc = store_user_department_add(e->db, id, in->departments[i]);
	return rc;
}

/* finish commits a change that got this far, or rolls it back. */
static enum users_rc finish(const struct account_env *e, enum users_rc rc)
{
	if (rc == USERS_OK && !db_commit(e->db)) {
		log_error("users: %s", db_errmsg(e->db));
		rc = USERS_ERROR;
	}
	if (rc != USERS_OK)
		db_rollback(e->db);
	return rc;
}

/* from_store maps a failed store call; constraint failures are the
 * input's fault (an unknown role or department). */
static enum users_rc from_store(const struct account_env *e, enum store_rc rc)
{
	switch (rc) {
	case STORE_OK: return USERS_OK;
	case STORE_NOT_FOUND: return USERS_NOT_FOUND;
	case STORE_CONFLICT: return USERS_EXISTS;
	case STORE_INVALID: return USERS_INVALID;
	default: logged(e, rc); return USERS_ERROR;
	}
}

static bool begin(const struct account_env *e)
{
	if (db_begin(e->db))
		return true;
	log_error("users: %s", db_errmsg(e->db));
	db_rollback(e->db);
	return false;
}

enum users_rc users_create(const struct account_env *e, int64_t actor_id,
			   const struct user_input *in, int64_t *id)
{
	enum role role;
	if (!role_parse(in->role, &role) || in->n_departments > USERS_MAX_DEPARTMENTS)
		return USERS_INVALID;
	char hash[PASSWORD_HASH_SIZE];
	if (in->password && !password_hash(in->password, hash)) {
		log_error("users: cannot hash a password (out of memory?)");
		return USERS_ERROR;
	}
	if (!begin(e))
		return USERS_ERROR;
	struct store_user_new u = {
		.email = in->email, .name = in->name, .title = in->title, .role = in->role,
		.password_hash = in->password ? hash : NULL,
	};
	int64_t new_id = 0;
	enum store_rc src = store_user_create(e->db, &u, &new_id);
	if (src == STORE_OK)
		src = set_departments(e, new_id, in);
	enum users_rc rc = from_store(e, src);
	json_t *after = rc == USERS_OK ? snapshot(e, new_id, &src) : NULL;
	if (rc == USERS_OK && !after)
		rc = from_store(e, src);
	if (rc == USERS_OK && (!audit(e, actor_id, "user.create", new_id, NULL, after) ||
			       (!in->password && !account_send_invitation(e, new_id, in->email))))
		rc = USERS_ERROR;
	json_decref(after);
	rc = finish(e, rc);
	if (rc == USERS_OK && id)
		*id = new_id;
	return rc;
}

enum users_rc users_update(const struct account_env *e, int64_t actor_id, int64_t id,
			   const struct user_input *in)
{
	enum role role;
	if (!role_parse(in->role, &role) || in->n_departments > USERS_MAX_DEPARTMENTS)
		return USERS_INVALID;
	if (!begin(e))
		return USERS_ERROR;
	enum store_rc src;
	json_t *before = snapshot(e, id, &src), *after = NULL;
	enum users_rc rc = before ? USERS_OK : from_store(e, src);
	if (rc == USERS_OK && id == actor_id &&
	    strcmp(json_string_value(json_object_get(before, "role")), in->role))
		rc = USERS_SELF;
	if (rc == USERS_OK)
		rc = from_store(e, store_user_update(e->db, id, in->name, in->title, in->role,
						     e->now));
	if (rc == USERS_OK)
		rc = from_store(e, set_departments(e, id, in));
	if (rc == USERS_OK && !(after = snapshot(e, id, &src)))
		rc = from_store(e, src);
	if (rc == USERS_OK && !audit(e, actor_id, "user.update", id, before, after))
		rc = USERS_ERROR;
	json_decref(before);
	json_decref(after);
	return finish(e, rc);
}

enum users_rc users_set_active(const struct account_env *e, int64_t actor_id, int64_t id,
			       bool active)
{
	if (id == actor_id && !active)
		return USERS_SELF;
	if (!begin(e))
		return USERS_ERROR;
	enum store_rc src;
	json_t *before = snapshot(e, id, &src), *after = NULL;
	enum users_rc rc = before ? USERS_OK : from_store(e, src);
	if (rc == USERS_OK)
		rc = from_store(e, store_user_set_active(e->db, id, active, e->now));
	if (rc == USERS_OK && !active)
		rc = from_store(e, store_sessions_delete_user(e->db, id));
	if (rc == USERS_OK && !(after = snapshot(e, id, &src)))
		rc = from_store(e, src);
	if (rc == USERS_OK &&
	    !audit(e, actor_id, active ? "user.reactivate" : "user.deactivate", id, before, after))
		rc = USERS_ERROR;
	json_decref(before);
	json_decref(after);
	return finish(e, rc);
}
