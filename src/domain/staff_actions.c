#include "domain/staff_actions.h"

#include <stdlib.h>
#include <string.h>

#include "domain/request.h"
#include "store/store.h"
#include "util/log.h"

static const struct {
	const char *action, *label;
} actions[] = {
	[STAFF_MESSAGE] = {"request.message", "Wrote a message"},
	[STAFF_ASSIGN] = {"request.assign", "Assigned a department"},
	[STAFF_CONTACT] = {"request.contact", "Changed the point of contact"},
	[STAFF_DUE_DATE] = {"request.due_date", "Changed the due date"},
	[STAFF_PUBLISH] = {"request.publish", "Published the request"},
	[STAFF_UNPUBLISH] = {"request.unpublish", "Unpublished the request"},
	[STAFF_CLOSE] = {"request.close", "Closed the request"},
	[STAFF_REOPEN] = {"request.reopen", "Reopened the request"},
};

const char *staff_action_label(const char *action)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (!strcmp(actions[i].action, action))
			return actions[i].label;
	return action;
}

/* One action under way: the request as read in the transaction, what
 * changes, the event and the audit fields. */
struct act {
	struct db *db;
	const struct staff_actor *actor;
	const struct staff_input *in;
	json_t *row;
	int64_t id;
	struct store_request_change change;
	struct store_event_new event;
	json_t *before, *after; /* the audited fields */
	const char *problem;
};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* may decides who may do the action: staff everything (publishing needs a
 * publisher), the requester only a message at their own level. */
static enum staff_rc may(const struct act *a)
{
	const struct viewer *v = &a->actor->viewer;
	int64_t requester_id = num(a->row, "requester_id");
	if (!policy_can_see_request(v, requester_id, json_is_true(json_object_get(a->row, "published"))))
		return STAFF_NOT_FOUND;
	enum level level = policy_level(v, requester_id);
	if (level == LEVEL_STAFF)
		return (a->in->action == STAFF_PUBLISH || a->in->action == STAFF_UNPUBLISH) &&
				       v->role < ROLE_PUBLISHER
			       ? STAFF_FORBIDDEN
			       : STAFF_OK;
	return level == LEVEL_REQUESTER && a->in->action == STAFF_MESSAGE &&
			       a->in->level == LEVEL_REQUESTER
		       ? STAFF_OK
		       : STAFF_FORBIDDEN;
}

/* byline sets the event's actor: the requester, or the staff member's name
 * and title as they read now. */
static enum store_rc byline(struct act *a)
{
	a->event.request_id = a->id;
	a->event.created_at = a->actor->now;
	a->event.actor_id = a->actor->viewer.user_id;
	if (!policy_is_staff(&a->actor->viewer)) {
		a->event.actor_is_requester = true;
		return STORE_OK;
	}
	json_t *user = NULL;
	enum store_rc rc = store_user_get(a->db, a->actor->viewer.user_id, &user);
	if (rc != STORE_OK)
		return rc;
	/* The strings live as long as a->row, which takes the user over. */
	json_object_set_new(a->row, "_actor", user);
	a->event.actor_name = str(user, "name");
	a->event.actor_title = str(user, "title");
	return STORE_OK;
}

static enum staff_rc invalid(struct act *a, const char *problem)
{
	a->problem = problem;
	return STAFF_INVALID;
}

static bool is_closed(const struct act *a)
{
	const char *status = str(a->row, "status");
	return status && !strcmp(status, "closed");
}

/* prepare decides the change, the event and the audited fields. */
static enum staff_rc prepare(struct act *a)
{
	const struct staff_input *in = a->in;
	struct store_event_new *e = &a->event;
	e->body = in->body;
	switch (in->action) {
	case STAFF_MESSAGE:
		e->kind = in->level == LEVEL_STAFF ? "internal_note" : "message";
		e->level = level_name(in->level);
		json_object_set_new(a->after, "level", json_string(e->level));
		return STAFF_OK;
	case STAFF_ASSIGN:
		if (is_closed(a))
			return STAFF_CLOSED;
		return STAFF_OK; /* the department is checked in apply */
	case STAFF_CONTACT: {
		int64_t old = num(a->row, "point_of_contact_id");
		if (old == in->user_id)
			return invalid(a, "That is the point of contact already.");
		a->change.set_contact = true;
		a->change.contact_id = in->user_id;
		e->kind = "point_of_contact_changed";
		e->level = "public";
		json_object_set_new(a->before, "point_of_contact_id",
				    old ? json_integer(old) : json_null());
		json_object_set_new(a->after, "point_of_contact_id",
				    in->user_id ? json_integer(in->user_id) : json_null());
		return STAFF_OK;
	}
	case STAFF_DUE_DATE: {
		if (is_closed(a))
			return STAFF_CLOSED;
		const char *old = str(a->row, "due_date");
		if (old && !strcmp(old, in->due_date))
			return invalid(a, "That is the due date already.");
		a->change.due_date = in->due_date;
		e->kind = "due_date_changed";
		e->level = "public";
		json_object_set_new(a->before, "due_date", old ? json_string(old) : json_null());
		json_object_set_new(a->after, "due_date", json_string(in->due_date));
		return STAFF_OK;
	}
	case STAFF_PUBLISH:
	case STAFF_UNPUBLISH: {
		bool publish = in->action == STAFF_PUBLISH;
		if (json_is_true(json_object_get(a->row, "published")) == publish)
			return invalid(a, publish ? "The request is published already."
						  : "The request is not published.");
		a->change.set_published = true;
		a->change.published = publish;
		e->kind = publish ? "published" : "unpublished";
		e->level = "public";
		json_object_set_new(a->before, "published", json_boolean(!publish));
		json_object_set_new(a->after, "published", json_boolean(publish));
		return STAFF_OK;
	}
	case STAFF_CLOSE:
	case STAFF_REOPEN: {
		bool close = in->action == STAFF_CLOSE;
		if (is_closed(a) == close)
			return invalid(a, close ? "The request is closed already."
						: "The request is not closed.");
		a->change.status = close ? "closed" : "open";
		e->kind = close ? "closed" : "reopened";
		e->level = "public";
		json_object_set_new(a->before, "status", json_string(str(a->row, "status")));
		json_object_set_new(a->after, "status", json_string(a->change.status));
		return STAFF_OK;
	}
	}
	return STAFF_ERROR;
}

/* assign adds the department, and its default contact when the request
 * has none. */
static enum staff_rc assign(struct act *a, enum store_rc *rc)
{
	json_t *dept = NULL, *depts = NULL;
	*rc = store_department_get(a->db, a->in->department_id, &dept);
	if (*rc == STORE_NOT_FOUND || (*rc == STORE_OK && !json_is_true(json_object_get(dept, "active")))) {
		json_decref(dept);
		*rc = STORE_OK;
		return invalid(a, "There is no such department.");
	}
	if (*rc != STORE_OK)
		return STAFF_ERROR;
	*rc = store_request_departments(a->db, a->id, &depts);
	bool there = false;
	size_t i;
	json_t *d;
	json_array_foreach(depts, i, d)
		there = there || num(d, "id") == a->in->department_id;
	json_decref(depts);
	int64_t contact = num(dept, "default_contact_id");
	json_decref(dept);
	if (*rc != STORE_OK)
		return STAFF_ERROR;
	if (there)
		return invalid(a, "That department is assigned already.");
	json_object_set_new(a->after, "department_id", json_integer(a->in->department_id));
	if (contact && !num(a->row, "point_of_contact_id")) {
		a->change.set_contact = true;
		a->change.contact_id = contact;
		json_object_set_new(a->before, "point_of_contact_id", json_null());
		json_object_set_new(a->after, "point_of_contact_id", json_integer(contact));
	}
	return STAFF_OK;
}

/* check_contact refuses a point of contact who is not active staff, and
 * names the new one in the event. */
static enum staff_rc check_contact(struct act *a, enum store_rc *rc)
{
	if (!a->in->user_id) {
		a->event.body = "No point of contact";
		return STAFF_OK;
	}
	json_t *user = NULL;
	*rc = store_user_get(a->db, a->in->user_id, &user);
	enum role role = ROLE_PUBLIC;
	bool ok = *rc == STORE_OK && json_is_true(json_object_get(user, "active")) &&
		  role_parse(str(user, "role") ?: "", &role) && role >= ROLE_STAFF;
	if (ok) /* a->row keeps the name as long as the event needs it */
		json_object_set(a->row, "_contact_name", json_object_get(user, "name"));
	json_decref(user);
	if (*rc == STORE_NOT_FOUND || (*rc == STORE_OK && !ok)) {
		*rc = STORE_OK;
		return invalid(a, "Choose an active staff member.");
	}
	if (*rc != STORE_OK)
		return STAFF_ERROR;
	a->event.body = str(a->row, "_contact_name");
	return STAFF_OK;
}

/* audit writes the action's audit row. */
static enum store_rc audit(struct act *a)
{
	json_object_set_new(a->before, "version", json_integer(a->in->version));
	json_object_set_new(a->after, "version", json_integer(a->in->version + 1));
	char *b = json_dumps(a->before, JSON_COMPACT | JSON_SORT_KEYS);
	char *f = json_dumps(a->after, JSON_COMPACT | JSON_SORT_KEYS);
	struct store_audit_new row = {
		.actor_id = a->actor->viewer.user_id, .action = actions[a->in->action].action,
		.request_id = a->id, .target_type = "request", .target_id = a->id,
		.before_json = b, .after_json = f, .ip = a->actor->ip, .at = a->actor->now,
	};
	enum store_rc rc = store_audit_add(a->db, &row);
	free(b);
	free(f);
	return rc;
}

/* apply writes the change, the event, the audit row, and follows a
 * publication in the public search index. */
static enum staff_rc apply(struct act *a)
{
	enum store_rc rc = STORE_OK;
	enum staff_rc sr = STAFF_OK;
	if (a->in->action == STAFF_ASSIGN)
		sr = assign(a, &rc);
	else if (a->in->action == STAFF_CONTACT)
		sr = check_contact(a, &rc);
	if (sr != STAFF_OK)
		return sr;
	rc = store_request_update(a->db, a->id, a->in->version, &a->change, a->actor->now);
	if (rc == STORE_NOT_FOUND)
		return STAFF_STALE;
	if (rc == STORE_OK && a->in->action == STAFF_ASSIGN)
		rc = request_add_department(a->db, &a->event, a->in->department_id);
	if (rc == STORE_OK && a->in->action == STAFF_DUE_DATE) {
		json_t *data = json_pack("{s:s, s:O, s:s}", "new", a->in->due_date, "old",
					 json_object_get(a->before, "due_date"), "reason",
					 a->in->body);
		char *text = json_dumps(data, JSON_COMPACT);
		a->event.data = text;
		rc = store_event_add(a->db, &a->event, NULL);
		a->event.data = NULL;
		free(text);
		json_decref(data);
	} else if (rc == STORE_OK && a->in->action != STAFF_ASSIGN) {
		int64_t event_id = 0;
		rc = store_event_add(a->db, &a->event, &event_id);
		if (a->in->action == STAFF_MESSAGE)
			json_object_set_new(a->after, "event_id", json_integer(event_id));
	}
	if (rc == STORE_OK)
		rc = audit(a);
	if (rc == STORE_OK && a->change.set_published)
		rc = store_search_reindex(a->db, a->id);
	return rc == STORE_OK ? STAFF_OK : STAFF_ERROR;
}

enum staff_rc staff_act(struct db *db, const struct staff_actor *actor, const char *number,
			const struct staff_input *in, const char **problem)
{
	struct act a = {
		.db = db, .actor = actor, .in = in, .before = json_object(), .after = json_object(),
	};
	enum staff_rc sr = STAFF_ERROR;
	if (!db_begin(db))
		goto done;
	enum store_rc rc = store_request_by_number(db, number, &a.row);
	if (rc == STORE_NOT_FOUND)
		sr = STAFF_NOT_FOUND;
	if (rc != STORE_OK)
		goto done;
	a.id = num(a.row, "id");
	sr = may(&a);
	if (sr == STAFF_OK && num(a.row, "version") != in->version)
		sr = STAFF_STALE;
	if (sr == STAFF_OK)
		sr = prepare(&a);
	if (sr == STAFF_OK)
		sr = byline(&a) == STORE_OK ? STAFF_OK : STAFF_ERROR;
	if (sr == STAFF_OK)
		sr = apply(&a);
	if (sr == STAFF_OK && !db_commit(db))
		sr = STAFF_ERROR;
done:
	if (sr == STAFF_ERROR)
		log_error("staff action on %s: %s", number, db_errmsg(db));
	if (sr != STAFF_OK)
		db_rollback(db);
	if (sr == STAFF_CLOSED)
		a.problem = "The request is closed: reopen it first.";
	if (problem)
		*problem = a.problem;
	json_decref(a.row);
	json_decref(a.before);
	json_decref(a.after);
	return sr;
}
