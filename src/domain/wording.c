#include "domain/wording.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

const char *const wording_publish_defaults[] = {"submission", "closure", "manual", NULL};

/* What each kind is called in the audit log. */
static const char *const entity[] = {
	[STORE_REASON] = "closure_reason",
	[STORE_TEMPLATE] = "message_template",
};

static enum wording_rc failed(const struct account_env *e, const char *what)
{
	log_error("%s: %s", what, db_errmsg(e->db));
	db_rollback(e->db);
	return WORDING_ERROR;
}

static enum wording_rc commit(const struct account_env *e, const char *what)
{
	return db_commit(e->db) ? WORDING_OK : failed(e, what);
}

/* audit writes the audit row; before and after may be NULL. */
static enum store_rc audit(const struct account_env *e, int64_t actor_id, const char *action,
			   const char *target_type, int64_t target_id, const json_t *before,
			   const json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct store_audit_new row = {
		.actor_id = actor_id, .action = action, .target_type = target_type,
		.target_id = target_id, .before_json = b, .after_json = a, .ip = e->ip,
		.at = e->now,
	};
	enum store_rc rc = store_audit_add(e->db, &row);
	free(b);
	free(a);
	return rc;
}

/* fields is the audited part of a reason or template. */
static json_t *fields(enum store_wording kind, const char *label, const char *text,
		      const char *citations, int64_t sort)
{
	json_t *o = json_pack("{s:s, s:s, s:I}", kind == STORE_REASON ? "label" : "name", label,
			      kind == STORE_REASON ? "requester_text" : "body", text, "sort",
			      (json_int_t)sort);
	if (kind == STORE_REASON)
		json_object_set_new(o, "citations", citations ? json_string(citations) : json_null());
	return o;
}

/* keep_changes removes from before and after the keys whose values agree. */
static void keep_changes(json_t *before, json_t *after)
{
	const char *key;
	json_t *v, *tmp;
	json_object_foreach_safe(after, tmp, key, v)
		if (json_equal(v, json_object_get(before, key))) {
			json_object_del(before, key);
			json_object_del(after, key);
		}
}

enum wording_rc wording_save(const struct account_env *e, int64_t actor_id,
			     enum store_wording kind, int64_t *id, const struct wording_input *in)
{
	if (!db_begin(e->db))
		return failed(e, "saving a closure reason or template");
	json_t *old = NULL, *before = NULL;
	bool creating = *id == 0;
	if (creating) {
		json_t *all = NULL;
		if (store_wordings(e->db, kind, false, WORDING_ROWS_MAX, &all) != STORE_OK)
			return failed(e, "counting closure reasons or templates");
		size_t n = json_array_size(all);
		json_decref(all);
		if (n >= WORDING_ROWS_MAX) {
			db_rollback(e->db);
			return WORDING_FULL;
		}
	} else {
		enum store_rc rc = store_wording_get(e->db, kind, *id, &old);
		if (rc == STORE_NOT_FOUND) {
			db_rollback(e->db);
			return WORDING_NOT_FOUND;
		}
		if (rc != STORE_OK)
			return failed(e, "reading a closure reason or template");
		before = fields(kind, json_string_value(json_object_get(old, "label")),
				json_string_value(json_object_get(old, "text")),
				json_string_value(json_object_get(old, "citations")),
				json_integer_value(json_object_get(old, "sort")));
		json_decref(old);
	}
	const char *citations = kind == STORE_REASON ? in->citations : NULL;
	struct store_wording_new w = {
		.label = in->label, .text = in->text, .citations = citations, .sort = in->sort,
	};
	enum store_rc rc = store_wording_save(e->db, kind, id, &w, e->now);
	json_t *after = fields(kind, in->label, in->text, citations, in->sort);
	if (before)
		keep_changes(before, after);
	char action[48];
	snprintf(action, sizeof action, "%s.%s", entity[kind], creating ? "create" : "update");
	if (rc == STORE_OK)
		rc = audit(e, actor_id, action, entity[kind], *id, before, after);
	json_decref(before);
	json_decref(after);
	if (rc == STORE_CONFLICT) {
		db_rollback(e->db);
		return WORDING_TAKEN;
	}
	if (rc != STORE_OK)
		return failed(e, "saving a closure reason or template");
	return commit(e, "saving a closure reason or template");
}

enum wording_rc wording_set_active(const struct account_env *e, int64_t actor_id,
				   enum store_wording kind, int64_t id, bool active)
{
	if (!db_begin(e->db))
		return failed(e, "changing a closure reason or template");
	json_t *row = NULL;
	enum store_rc rc = store_wording_get(e->db, kind, id, &row);
	if (rc == STORE_NOT_FOUND) {
		db_rollback(e->db);
		return WORDING_NOT_FOUND;
	}
	if (rc != STORE_OK)
		return failed(e, "reading a closure reason or template");
	bool was = json_is_true(json_object_get(row, "active"));
	json_decref(row);
	if (was == active) {
		db_rollback(e->db);
		return WORDING_OK;
	}
	rc = store_wording_set_active(e->db, kind, id, active, e->now);
	char action[48];
	snprintf(action, sizeof action, "%s.%s", entity[kind],
		 active ? "reactivate" : "deactivate");
	json_t *before = json_pack("{s:b}", "active", was);
	json_t *after = json_pack("{s:b}", "active", active);
	if (rc == STORE_OK)
		rc = audit(e, actor_id, action, entity[kind], id, before, after);
	json_decref(before);
	json_decref(after);
	if (rc != STORE_OK)
		return failed(e, "changing a closure reason or template");
	return commit(e, "changing a closure reason or template");
}

enum wording_rc wording_publish_default_set(const struct account_env *e, int64_t actor_id,
					    const char *value)
{
	size_t i = 0;
	while (wording_publish_defaults[i] && strcmp(wording_publish_defaults[i], value))
		i++;
	if (!wording_publish_defaults[i])
		return WORDING_INVALID;
	if (!db_begin(e->db))
		return failed(e, "saving a setting");
	char *old = NULL;
	enum store_rc rc = store_setting_get(e->db, "publish_default", &old);
	if (rc == STORE_NOT_FOUND)
		rc = STORE_OK;
	if (rc == STORE_OK && old && !strcmp(old, value)) {
		free(old);
		db_rollback(e->db);
		return WORDING_OK;
	}
	if (rc == STORE_OK)
		rc = store_setting_set(e->db, "publish_default", value);
	json_t *before = json_pack("{s:s?}", "publish_default", old);
	json_t *after = json_pack("{s:s}", "publish_default", value);
	free(old);
	if (rc == STORE_OK)
		rc = audit(e, actor_id, "setting.update", "setting", 0, before, after);
	json_decref(before);
	json_decref(after);
	if (rc != STORE_OK)
		return failed(e, "saving a setting");
	return commit(e, "saving a setting");
}
