#include "domain/staff_actions.h"

#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/notify.h"
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
	[STAFF_PAUSE] = {"request.pause", "Paused the request"},
	[STAFF_RESUME] = {"request.resume", "Resumed the request"},
};

const char *const staff_pause_reasons[] = {"clarification", "payment", NULL};
/* The first line of a pause's event, by reason. */
static const char *const pause_waits[] = {
	"Waiting for the requester to clarify the request.",
	"Waiting for the requester's payment.",
};

/* Changes to a request that are not staff actions (domain/mail_in.c). */
static const struct {
	const char *action, *label;
} other_actions[] = {
	{"request.mail_reply", "A reply came by email"},
	{"request.mail_attach", "Attached a reply received by email"},
};

const char *staff_action_label(const char *action)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (!strcmp(actions[i].action, action))
			return actions[i].label;
	for (size_t i = 0; i < sizeof other_actions / sizeof other_actions[0]; i++)
		if (!strcmp(other_actions[i].action, action))
			return other_actions[i].label;
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
	json_t *data;           /* the event's data, or NULL */
	const char *due_moved; /* why a resume moves the due date, or NULL */
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

/* keep stores a new string in a->row, which keeps it as long as the
 * events need it, and returns it. */
static const char *keep(struct act *a, const char *key, json_t *string)
{
	json_object_set_new(a->row, key, string);
	return str(a->row, key);
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

enum store_rc staff_event_byline(struct db *db, const struct viewer *v,
				 struct store_event_new *e, json_t **keep)
{
	e->actor_id = v->user_id;
	*keep = NULL;
	if (!policy_is_staff(v)) {
		e->actor_is_requester = true;
		return STORE_OK;
	}
	enum store_rc rc = store_user_get(db, v->user_id, keep);
	if (rc != STORE_OK)
		return rc;
	e->actor_name = str(*keep, "name");
	e->actor_title = str(*keep, "title");
	return STORE_OK;
}

/* byline sets the event's actor: the requester, or the staff member's name
 * and title as they read now. */
static enum store_rc byline(struct act *a)
{
	a->event.request_id = a->id;
	a->event.created_at = a->actor->now;
	json_t *user = NULL;
	enum store_rc rc = staff_event_byline(a->db, &a->actor->viewer, &a->event, &user);
	/* The strings live as long as a->row, which takes the user over. */
	if (user)
		json_object_set_new(a->row, "_actor", user);
	return rc;
}

static enum staff_rc invalid(struct act *a, const char *problem)
{
	a->problem = problem;
	return STAFF_INVALID;
}

static bool has_status(const struct act *a, const char *status)
{
	const char *now = str(a->row, "status");
	return now && !strcmp(now, status);
}

static bool is_closed(const struct act *a)
{
	return has_status(a, "closed");
}

static enum staff_rc prepare_pause(struct act *a)
{
	if (is_closed(a))
		return STAFF_CLOSED;
	if (has_status(a, "paused"))
		return invalid(a, "The request is paused already.");
	size_t r = 0;
	while (staff_pause_reasons[r] && strcmp(staff_pause_reasons[r], a->in->pause_reason))
		r++;
	if (!staff_pause_reasons[r])
		return invalid(a, "Choose why the request waits for the requester.");
	a->change.status = "paused";
	a->event.kind = "paused";
	a->event.level = "requester";
	a->event.body = keep(a, "_pause_body", json_sprintf("%s\n\n%s", pause_waits[r], a->in->body));
	a->data = json_pack("{s:s}", "reason", staff_pause_reasons[r]);
	json_object_set_new(a->before, "status", json_string(str(a->row, "status")));
	json_object_set_new(a->after, "status", json_string("paused"));
	json_object_set_new(a->after, "pause_reason", json_string(staff_pause_reasons[r]));
	return STAFF_OK;
}

static const char *days_text(int64_t days)
{
	return days == 1 ? "day" : "days";
}

/* toll moves the due date back by the days paused when the request's rule
 * set (or, when that one is gone, the portal's) stops the clock while
 * paused, with a public "Due Date Changed" event saying why. */
static enum staff_rc toll(struct act *a, int64_t days)
{
	const char *due = str(a->row, "due_date");
	struct date old;
	if (!due || !date_parse(due, &old) || days <= 0)
		return STAFF_OK;
	const char *stored = str(a->row, "due_explanation");
	json_t *how = stored ? json_loads(stored, 0, NULL) : NULL;
	struct deadline_engine *e = deadline_engine_load(a->db, str(how, "rule"));
	json_decref(how);
	if (!e && !(e = deadline_engine_load(a->db, NULL)))
		return STAFF_ERROR;
	struct date moved = deadline_toll(&e->rules, &e->cal, old, (int)days);
	if (date_cmp(moved, old) != 0) {
		char iso[DATE_FMT_MAX];
		a->change.due_date = keep(a, "_tolled", json_string(date_format_iso(moved, iso)));
		a->change.due_by_rule = true;
		a->due_moved = keep(
		    a, "_toll_body",
		    json_sprintf("The request was paused for %lld %s. %s stops the clock while "
				 "the agency waits for the requester, so the due date moves by "
				 "%lld %s%s.",
				 (long long)days, days_text(days),
				 *e->rules.pause_citation ? e->rules.pause_citation : e->rules.citation,
				 (long long)days,
				 e->rules.first.unit == DEADLINE_BUSINESS ? "business " : "",
				 days_text(days)));
		json_object_set_new(a->before, "due_date", json_string(due));
		json_object_set_new(a->after, "due_date", json_string(a->change.due_date));
	}
	free(e);
	return STAFF_OK;
}

static enum staff_rc prepare_resume(struct act *a)
{
	if (!has_status(a, "paused"))
		return invalid(a, "The request is not paused.");
	int64_t days = date_diff_days(date_local(a->actor->now), date_local(num(a->row, "paused_at")));
	if (days < 0)
		days = 0;
	int64_t total = num(a->row, "paused_days_total");
	a->change.status = "open";
	a->change.paused_days = days;
	a->event.kind = "resumed";
	a->event.level = "public";
	a->event.body = keep(a, "_resume_body",
			     json_sprintf("Paused for %lld %s.", (long long)days, days_text(days)));
	a->data = json_pack("{s:I}", "paused_days", (json_int_t)days);
	json_object_set_new(a->before, "status", json_string("paused"));
	json_object_set_new(a->after, "status", json_string("open"));
	json_object_set_new(a->before, "paused_days_total", json_integer(total));
	json_object_set_new(a->after, "paused_days_total", json_integer(total + days));
	return toll(a, days);
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
	case STAFF_PAUSE:
		return prepare_pause(a);
	case STAFF_RESUME:
		return prepare_resume(a);
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

/* add_event writes the event e with data (NULL: none). */
static enum store_rc add_event(struct act *a, struct store_event_new *e, const json_t *data,
			       int64_t *event_id)
{
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	e->data = text;
	enum store_rc rc = store_event_add(a->db, e, event_id);
	e->data = NULL;
	free(text);
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
	if (a->in->action == STAFF_DUE_DATE)
		a->data = json_pack("{s:s, s:O, s:s}", "new", a->in->due_date, "old",
				    json_object_get(a->before, "due_date"), "reason", a->in->body);
	if (rc == STORE_OK && a->in->action != STAFF_ASSIGN) {
		int64_t event_id = 0;
		rc = add_event(a, &a->event, a->data, &event_id);
		if (a->in->action == STAFF_MESSAGE)
			json_object_set_new(a->after, "event_id", json_integer(event_id));
	}
	if (rc == STORE_OK && a->due_moved) {
		struct store_event_new e = a->event;
		e.kind = "due_date_changed";
		e.level = "public";
		e.body = a->due_moved;
		json_t *data = json_pack("{s:s, s:O, s:s, s:O}", "new", a->change.due_date, "old",
					 json_object_get(a->before, "due_date"), "reason",
					 a->due_moved, "paused_days",
					 json_object_get(a->data, "paused_days"));
		rc = add_event(a, &e, data, NULL);
		json_decref(data);
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
	if (sr == STAFF_OK && !notify_request(db, a.id, actor->now))
		sr = STAFF_ERROR;
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
	json_decref(a.data);
	return sr;
}
