#include "domain/staff_actions.h"

#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/event.h"
#include "domain/notify.h"
#include "domain/request.h"
#include "store/store.h"
#include "util/die.h"
#include "domain/due.h"
#include "domain/request.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/json_field.h"

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
	[STAFF_EDIT] = {"request.edit", "Edited the request's text"},
	[STAFF_EVENT_LEVEL] = {"request.event_level", "Changed who sees a message"},
	[STAFF_EVENT_HIDE] = {"request.event_hide", "Hid an event from the public"},
	[STAFF_EVENT_UNHIDE] = {"request.event_unhide", "Showed a hidden event again"},
	[STAFF_EVENT_TEXT] = {"request.event_text", "Edited a message"},
	[STAFF_SUPPORT_ADD] = {"request.support_add", "Added support staff"},
	[STAFF_SUPPORT_REMOVE] = {"request.support_remove", "Removed support staff"},
	[STAFF_UNASSIGN] = {"request.unassign", "Removed a department"},
	[STAFF_TASK] = {"request.task", "Asked for a task"},
	[STAFF_TASK_DONE] = {"request.task_done", "Finished a task"},
	[STAFF_EXTEND] = {"request.extend", "Extended the due date"},
};

/* The portal's own reasons for a pause, offered under every rule set, with
 * their words and the first line of the pause's event. */
static const struct {
	const char *key, *label, *waits;
} portal_pauses[] = {
	{"clarification", "Clarification of the request",
	 "Waiting for the requester to clarify the request."},
	{"payment", "Payment", "Waiting for the requester's payment."},
};
enum { PORTAL_PAUSES = sizeof portal_pauses / sizeof portal_pauses[0] };

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
	struct store_event_change event_change; /* the event actions */
	bool event_indexed;    /* the event changed has text in the indexes */
};

/* keep stores a new string in a->row, which keeps it as long as the
 * events need it, and returns it. */
static const char *keep(struct act *a, const char *key, json_t *string)
{
	json_object_set_new(a->row, key, string);
	return json_str(a->row, key);
}

/* may decides who may do the action: staff everything (publishing needs a
 * publisher), the requester only a message at their own level. */
static enum staff_rc may(const struct act *a)
{
	const struct viewer *v = &a->actor->viewer;
	int64_t requester_id = json_num(a->row, "requester_id");
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
	e->actor_name = json_str(*keep, "name");
	e->actor_title = json_str(*keep, "title");
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
	const char *now = json_str(a->row, "status");
	return now && !strcmp(now, status);
}

static bool is_closed(const struct act *a)
{
	return has_status(a, "closed");
}

/* portal_pause: the index of key among the portal's own reasons, or -1. */
static int portal_pause(const char *key)
{
	for (int i = 0; i < PORTAL_PAUSES; i++)
		if (!strcmp(portal_pauses[i].key, key))
			return i;
	return -1;
}

/* pause_label: the words of a reason for a pause under r: the portal's
 * own, or the rule set's; NULL when it is neither. */
static const char *pause_label(const struct deadline_rules *r, const char *reason)
{
	int p = portal_pause(reason);
	if (p >= 0)
		return portal_pauses[p].label;
	return deadline_reasons_has(&r->pause_reasons, reason) ? deadline_reason_label(reason)
								: NULL;
}

/* pause_engine reads the request's rule set and its pauses so far. */
static struct deadline_engine *pause_engine(struct db *db, int64_t request_id,
					    const char *explanation, json_t **pauses)
{
	if (store_request_pauses(db, request_id, pauses) != STORE_OK)
		return NULL;
	struct deadline_engine *e = deadline_engine_for(db, explanation);
	if (!e) {
		json_decref(*pauses);
		*pauses = NULL;
	}
	return e;
}

/* pause_clock: the sentence of a pause's event about the clock when the
 * rule set stops it for some pauses; JSON null otherwise. */
static json_t *pause_clock(const struct deadline_rules *r, bool stops, const char *why)
{
	if (stops)
		return json_sprintf("The clock stops while the agency waits (%s): when the request "
				    "resumes, the due date moves by the days paused.",
				    deadline_pause_law(r));
	return why ? json_sprintf("The clock keeps running: %s.", why) : json_null();
}

static enum staff_rc prepare_pause(struct act *a)
{
	if (is_closed(a))
		return STAFF_CLOSED;
	if (has_status(a, "paused"))
		return invalid(a, "The request is paused already.");
	json_t *pauses = NULL;
	struct deadline_engine *e =
	    pause_engine(a->db, a->id, json_str(a->row, "due_explanation"), &pauses);
	if (!e)
		return STAFF_ERROR;
	const char *reason = a->in->pause_reason;
	const char *label = pause_label(&e->rules, reason);
	if (!label) {
		free(e);
		json_decref(pauses);
		return STAFF_BAD_PAUSE_REASON;
	}
	char *why = NULL;
	bool stops = deadline_pause_stops(
	    &e->rules, reason, deadline_pauses_stopped(&e->rules, pauses, json_array_size(pauses)),
	    &why);
	int p = portal_pause(reason);
	json_t *clock = pause_clock(&e->rules, stops, why);
	struct buf body = BUF_INIT;
	if (p >= 0)
		buf_puts(&body, portal_pauses[p].waits);
	else
		buf_printf(&body, "Waiting for the requester: %s.", label);
	if (json_is_string(clock))
		buf_printf(&body, " %s", json_string_value(clock));
	buf_printf(&body, "\n\n%s", a->in->body);
	a->change.status = "paused";
	a->event.kind = "paused";
	a->event.level = "requester";
	a->event.body = keep(a, "_pause_body", json_string(buf_cstr(&body)));
	a->data = json_pack("{s:s, s:s, s:b}", "reason", reason, "label", label, "stops_clock",
			    stops);
	if (why)
		json_object_set_new(a->data, "clock_note", json_string(why));
	json_object_set_new(a->before, "status", json_string(json_str(a->row, "status")));
	json_object_set_new(a->after, "status", json_string("paused"));
	json_object_set_new(a->after, "pause_reason", json_string(reason));
	json_object_set_new(a->after, "stops_clock", json_boolean(stops));
	buf_free(&body);
	json_decref(clock);
	free(why);
	free(e);
	json_decref(pauses);
	return STAFF_OK;
}

static const char *days_text(int64_t days)
{
	return days == 1 ? "day" : "days";
}

/* toll moves the due date back by the days paused when the pause being
 * resumed stopped the clock (as decided when it began), with a public "Due
 * Date Changed" event saying why; a pause that did not, although the rule
 * set stops the clock for some, says why in the resumed event. */
static enum staff_rc toll(struct act *a, int64_t days)
{
	const char *due = json_str(a->row, "due_date");
	struct date old;
	if (!due || !date_parse(due, &old) || days <= 0)
		return STAFF_OK;
	json_t *pauses = NULL;
	struct deadline_engine *e =
	    pause_engine(a->db, a->id, json_str(a->row, "due_explanation"), &pauses);
	if (!e)
		return STAFF_ERROR;
	char *why = NULL;
	bool stopped = deadline_pause_stopped(&e->rules, pauses, &why);
	json_decref(pauses);
	if (!stopped) {
		/* FOIA lets the agency ask again, not stop the clock again. */
		if (why)
			a->event.body = keep(a, "_resume_body",
					     json_sprintf("%s The due date does not move: %s.",
							  a->event.body, why));
		free(why);
		free(e);
		return STAFF_OK;
	}
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
				 deadline_pause_law(&e->rules),
				 (long long)days,
				 e->rules.first.unit == DEADLINE_BUSINESS ? "business " : "",
				 days_text(days)));
		json_object_set_new(a->before, "due_date", json_string(due));
		json_object_set_new(a->after, "due_date", json_string(a->change.due_date));
	}
	free(why);
	free(e);
	return STAFF_OK;
}

static enum staff_rc prepare_resume(struct act *a)
{
	if (!has_status(a, "paused"))
		return invalid(a, "The request is not paused.");
	int64_t days = date_diff_days(date_local(a->actor->now),
				      date_local(json_num(a->row, "paused_at")));
	if (days < 0)
		days = 0;
	int64_t total = json_num(a->row, "paused_days_total");
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

/* ---- Editing the record ---- */

/* is_active_staff: a user row of an active account with a staff role. */
static bool is_active_staff(const json_t *user)
{
	enum role role = ROLE_PUBLIC;
	return json_is_true(json_object_get(user, "active")) &&
	       role_parse(json_str(user, "role") ?: "", &role) && role >= ROLE_STAFF;
}

static bool is_message(const json_t *ev)
{
	const char *kind = json_str(ev, "kind");
	return kind && (!strcmp(kind, "message") || !strcmp(kind, "internal_note"));
}

/* event_named: "the External Message of September 12, 2019", for the
 * record of an event's change. */
static const char *event_named(struct act *a, const json_t *ev)
{
	enum event_kind kind;
	char day[DATE_FMT_MAX];
	return keep(a, "_event_named",
		    json_sprintf("the %s of %s",
				 event_kind_parse(json_str(ev, "kind"), &kind) ? event_kind_label(kind)
									  : "event",
				 date_format_long(date_local(json_num(ev, "created_at")), day)));
}

/* prepare_event decides a change of the event in->event_id: its level,
 * whether it is hidden, or its text. */
static enum staff_rc prepare_event(struct act *a)
{
	const struct staff_input *in = a->in;
	json_t *ev = NULL;
	enum store_rc rc = store_event_get(a->db, a->id, in->event_id, &ev);
	if (rc == STORE_NOT_FOUND)
		return invalid(a, "There is no such event on this request.");
	if (rc != STORE_OK)
		return STAFF_ERROR;
	json_object_set_new(a->row, "_event", ev); /* a->row keeps it */
	struct store_event_change *ch = &a->event_change;
	const char *named = event_named(a, ev);
	enum level old_level;
	if (!level_parse(json_str(ev, "level") ?: "", &old_level))
		return STAFF_ERROR;
	bool hidden = json_is_true(json_object_get(ev, "hidden"));
	a->event_indexed = json_str(ev, "body") != NULL;
	json_object_set_new(a->before, "event_id", json_integer(in->event_id));
	json_object_set_new(a->after, "event_id", json_integer(in->event_id));
	switch (in->action) {
	case STAFF_EVENT_LEVEL:
		if (!is_message(ev))
			return invalid(a, "Only a message's level can change.");
		if (old_level == in->level)
			return invalid(a, "The message is at that level already.");
		/* The kind follows the level, as when a message is written. */
		ch->kind = in->level == LEVEL_STAFF ? "internal_note" : "message";
		ch->level = level_name(in->level);
		a->event.body = keep(a, "_edit_body",
				     json_sprintf("Changed who sees %s from %s to %s. Reason: %s",
						  named, level_label(old_level),
						  level_label(in->level), in->reason));
		a->data = json_pack("{s:s, s:I, s:s, s:s}", "edit", "event_level", "event_id",
				    (json_int_t)in->event_id, "old", level_name(old_level), "new",
				    ch->level);
		json_object_set_new(a->before, "level", json_string(level_name(old_level)));
		json_object_set_new(a->after, "level", json_string(ch->level));
		json_object_set_new(a->after, "reason", json_string(in->reason));
		return STAFF_OK;
	case STAFF_EVENT_HIDE:
		if (hidden)
			return invalid(a, "The event is hidden from the public already.");
		if (old_level == LEVEL_STAFF)
			return invalid(a, "Only staff see this event already.");
		ch->set_hidden = ch->hidden = true;
		ch->hidden_reason = in->reason;
		ch->hidden_by = a->actor->viewer.user_id;
		ch->hidden_at = a->actor->now;
		a->event.body = keep(a, "_edit_body",
				     json_sprintf("Hid %s from the public. Reason: %s", named,
						  in->reason));
		a->data = json_pack("{s:s, s:I}", "edit", "event_hide", "event_id",
				    (json_int_t)in->event_id);
		json_object_set_new(a->before, "hidden", json_false());
		json_object_set_new(a->after, "hidden", json_true());
		json_object_set_new(a->after, "hidden_reason", json_string(in->reason));
		return STAFF_OK;
	case STAFF_EVENT_UNHIDE:
		if (!hidden)
			return invalid(a, "The event is not hidden.");
		ch->set_hidden = true;
		a->event.body = keep(a, "_edit_body",
				     json_sprintf("Showed %s to the public again.", named));
		a->data = json_pack("{s:s, s:I}", "edit", "event_unhide", "event_id",
				    (json_int_t)in->event_id);
		json_object_set_new(a->before, "hidden", json_true());
		json_object_set(a->before, "hidden_reason", json_object_get(ev, "hidden_reason"));
		json_object_set_new(a->after, "hidden", json_false());
		return STAFF_OK;
	default: /* STAFF_EVENT_TEXT */
		if (!is_message(ev))
			return invalid(a, "Only a message's text can be edited.");
		if (!strcmp(json_str(ev, "body") ?: "", in->body))
			return invalid(a, "That is the message's text already.");
		ch->body = in->body;
		ch->edited_at = a->actor->now;
		a->event_indexed = true;
		a->event.body = keep(a, "_edit_body", json_sprintf("Edited the text of %s.", named));
		a->data = json_pack("{s:s, s:I}", "edit", "event_text", "event_id",
				    (json_int_t)in->event_id);
		json_object_set(a->before, "body", json_object_get(ev, "body"));
		json_object_set_new(a->after, "body", json_string(in->body));
		return STAFF_OK;
	}
}

/* ids_of: the ids of rows, as a JSON array. */
static json_t *ids_of(const json_t *rows)
{
	json_t *ids = json_array(), *r;
	size_t i;
	json_array_foreach(rows, i, r)
		json_array_append(ids, json_object_get(r, "id"));
	return ids;
}

/* prepare_support decides adding or removing in->user_id as support
 * staff: one adds an active staff member, and removes anyone there. */
static enum staff_rc prepare_support(struct act *a)
{
	bool add = a->in->action == STAFF_SUPPORT_ADD;
	if (add && is_closed(a))
		return STAFF_CLOSED;
	json_t *user = NULL, *list = NULL;
	enum store_rc rc = store_user_get(a->db, a->in->user_id, &user);
	bool staff = rc == STORE_OK && is_active_staff(user);
	if (rc == STORE_OK)
		json_object_set_new(a->row, "_support", user); /* a->row keeps the name */
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && add && !staff))
		return invalid(a, "Choose an active staff member.");
	if (rc != STORE_OK || store_request_support_staff(a->db, a->id, &list) != STORE_OK)
		return STAFF_ERROR;
	json_t *ids = ids_of(list);
	json_decref(list);
	size_t at = json_array_size(ids), i;
	json_t *id;
	json_array_foreach(ids, i, id)
		if (json_integer_value(id) == a->in->user_id)
			at = i;
	bool there = at < json_array_size(ids);
	json_object_set_new(a->before, "support_staff", json_deep_copy(ids));
	if (add)
		json_array_append_new(ids, json_integer(a->in->user_id));
	else if (there)
		json_array_remove(ids, at);
	json_object_set_new(a->after, "support_staff", ids);
	if (add == there)
		return invalid(a, add ? "That person is support staff already."
				      : "That person is not support staff on this request.");
	_Static_assert(STAFF_SUPPORT_MAX == 50, "the message below says 50");
	if (add && json_array_size(ids) > STAFF_SUPPORT_MAX)
		return invalid(a, "A request has at most 50 support staff.");
	const char *name = json_str(user, "name");
	a->event.kind = "support_staff_changed";
	a->event.level = "staff";
	a->event.body = keep(a, "_edit_body",
			     add ? json_sprintf("Added %s as support staff.", name)
				 : json_sprintf("Removed %s from support staff.", name));
	a->data = json_pack("{s:I}", add ? "added" : "removed", (json_int_t)a->in->user_id);
	return STAFF_OK;
}

/* prepare_unassign decides taking a department off the request. */
static enum staff_rc prepare_unassign(struct act *a)
{
	if (is_closed(a))
		return STAFF_CLOSED;
	json_t *depts = NULL, *d, *found = NULL;
	if (store_request_departments(a->db, a->id, &depts) != STORE_OK)
		return STAFF_ERROR;
	size_t i;
	json_array_foreach(depts, i, d)
		if (json_num(d, "id") == a->in->department_id)
			found = d;
	if (found) /* a->row keeps the name */
		json_object_set(a->row, "_department", json_object_get(found, "name"));
	json_decref(depts);
	if (!found)
		return invalid(a, "That department is not assigned to this request.");
	a->event.kind = "department_assigned";
	a->event.level = "public";
	a->event.body = keep(a, "_edit_body",
			     json_sprintf("Removed %s", json_str(a->row, "_department")));
	a->data = json_pack("{s:I}", "removed", (json_int_t)a->in->department_id);
	json_object_set_new(a->before, "department_id", json_integer(a->in->department_id));
	json_object_set_new(a->after, "department_id", json_null());
	return STAFF_OK;
}

/* prepare_edit decides the record's edits; each writes a staff-level
 * "Request Edited" event, but for support staff (their own kind, staff)
 * and departments (a public "Department Assignment"). */
static enum staff_rc prepare_edit(struct act *a)
{
	const struct staff_input *in = a->in;
	a->event.kind = "request_edited";
	a->event.level = "staff";
	switch (in->action) {
	case STAFF_EDIT: {
		const char *old = json_str(a->row, "description");
		if (old && !strcmp(old, in->body))
			return invalid(a, "That is the request's text already.");
		a->event.body = in->reason;
		a->data = json_pack("{s:s, s:s}", "edit", "description", "description", in->body);
		json_object_set_new(a->before, "description", json_string(old ?: ""));
		json_object_set_new(a->after, "description", json_string(in->body));
		return STAFF_OK;
	}
	case STAFF_SUPPORT_ADD:
	case STAFF_SUPPORT_REMOVE:
		return prepare_support(a);
	case STAFF_UNASSIGN:
		return prepare_unassign(a);
	default:
		return prepare_event(a);
	}
}

/* apply_edit writes a record's edit (after the version moved on), with
 * the search index following a text or a visibility that changes. */
static enum store_rc apply_edit(struct act *a)
{
	const struct staff_input *in = a->in;
	enum store_rc rc;
	switch (in->action) {
	case STAFF_EDIT:
		rc = store_search_item_unindex(a->db, "request", a->id);
		if (rc == STORE_OK)
			rc = store_request_set_description(a->db, a->id, in->body);
		return rc == STORE_OK ? store_search_item_index(a->db, "request", a->id, a->id) : rc;
	case STAFF_EVENT_LEVEL:
	case STAFF_EVENT_HIDE:
	case STAFF_EVENT_UNHIDE:
	case STAFF_EVENT_TEXT:
		rc = store_search_item_unindex(a->db, "event", in->event_id);
		if (rc == STORE_OK)
			rc = store_event_update(a->db, a->id, in->event_id, &a->event_change);
		if (rc == STORE_OK && a->event_indexed)
			rc = store_search_item_index(a->db, "event", in->event_id, a->id);
		return rc;
	case STAFF_SUPPORT_ADD:
		return store_support_staff_add(a->db, a->id, in->user_id);
	case STAFF_SUPPORT_REMOVE:
		return store_support_staff_remove(a->db, a->id, in->user_id);
	case STAFF_UNASSIGN:
		return store_request_department_remove(a->db, a->id, in->department_id);
	default:
		return STORE_OK;
	}
}

/* ---- Tasks ---- */

/* prepare_task checks a new task; its assignee is checked in apply
 * (task_assignee). */
static enum staff_rc prepare_task(struct act *a)
{
	if (is_closed(a))
		return STAFF_CLOSED;
	if (!a->in->user_id == !a->in->department_id)
		return invalid(a, "Choose a department or a person for the task.");
	struct date due;
	if (a->in->due_date && (!date_parse(a->in->due_date, &due) ||
				date_cmp(due, date_local(a->actor->now)) < 0))
		return invalid(a, "The task's due date has passed: choose today or a later day.");
	a->event.kind = "task_assigned";
	a->event.level = "staff";
	return STAFF_OK;
}

bool staff_may_finish_task(const struct viewer *v, const json_t *task,
			   const json_t *departments)
{
	if (!policy_is_staff(v))
		return false;
	if (v->role >= ROLE_PUBLISHER || json_num(task, "assignee_user_id") == v->user_id ||
	    json_num(task, "created_by") == v->user_id)
		return true;
	int64_t dept = json_num(task, "assignee_department_id");
	size_t i;
	json_t *d;
	json_array_foreach(departments, i, d)
		if (dept && json_num(d, "id") == dept)
			return true;
	return false;
}

static enum staff_rc may_finish(struct act *a, const json_t *task)
{
	json_t *mine = NULL;
	if (store_user_departments(a->db, a->actor->viewer.user_id, &mine) != STORE_OK)
		return STAFF_ERROR;
	bool ok = staff_may_finish_task(&a->actor->viewer, task, mine);
	json_decref(mine);
	return ok ? STAFF_OK : STAFF_FORBIDDEN;
}

static enum staff_rc prepare_task_done(struct act *a)
{
	json_t *task = NULL;
	enum store_rc rc = store_task_get(a->db, a->in->task_id, &task);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && json_num(task, "request_id") != a->id)) {
		json_decref(task);
		return invalid(a, "There is no such task on this request.");
	}
	if (rc != STORE_OK)
		return STAFF_ERROR;
	json_object_set_new(a->row, "_task", task); /* kept as long as the event */
	if (strcmp(json_str(task, "status") ?: "", "open"))
		return invalid(a, "That task is done already.");
	enum staff_rc sr = may_finish(a, task);
	if (sr != STAFF_OK)
		return sr;
	a->event.kind = "task_done";
	a->event.level = "staff";
	a->event.body = keep(a, "_task_body",
			     json_sprintf("Done: %s\n\n%s", json_str(task, "description"), a->in->body));
	a->data = json_pack("{s:I, s:s}", "task_id", (json_int_t)a->in->task_id, "note",
			    a->in->body);
	json_object_set_new(a->before, "task_id", json_integer(a->in->task_id));
	json_object_set_new(a->before, "task_status", json_string("open"));
	json_object_set_new(a->after, "task_id", json_integer(a->in->task_id));
	json_object_set_new(a->after, "task_status", json_string("done"));
	json_object_set_new(a->after, "task_note", json_string(a->in->body));
	return STAFF_OK;
}

/* extension_engine loads the request's rule set and its extension
 * history: *used extensions so far. */
static struct deadline_engine *extension_engine(struct db *db, int64_t id,
						const char *explanation, int *used)
{
	json_t *changes = NULL;
	if (store_request_due_changes(db, id, &changes) != STORE_OK)
		return NULL;
	*used = deadline_extensions(changes);
	json_decref(changes);
	return deadline_engine_for(db, explanation);
}

static const char *unit_words(const struct deadline_span *s)
{
	return s->unit == DEADLINE_BUSINESS ? "business" : "calendar";
}

/* extension_view: what the extension form offers under r after used
 * extensions; JSON null when r allows none. */
static json_t *extension_view(const struct deadline_rules *r, int used)
{
	if (!r->has_extension)
		return json_null();
	json_t *reasons = json_array();
	for (size_t i = 0; i < r->extension_reasons.n; i++)
		json_array_append_new(reasons,
				      json_pack("{s:s, s:s, s:o}", "value",
						r->extension_reasons.items[i], "label",
						deadline_reason_label(r->extension_reasons.items[i]),
						"id", json_sprintf("extension-reason-%zu", i)));
	return json_pack(
	    "{s:s, s:o, s:i, s:i, s:b, s:o}", "citation",
	    *r->extension_citation ? r->extension_citation : r->citation, "allows",
	    json_sprintf("%d extension%s of up to %d %s days", r->extension_max,
			 r->extension_max == 1 ? "" : "s", r->extension.days,
			 unit_words(&r->extension)),
	    "allowed", r->extension_max, "used", used, "beyond", used >= r->extension_max,
	    "reasons", reasons);
}

/* pause_choice: one reason of the pause form, and whether a pause for it
 * would stop the clock now. */
static json_t *pause_choice(const struct deadline_rules *r, const char *reason, int stopped,
			    size_t i)
{
	return json_pack("{s:s, s:s, s:o, s:b, s:b}", "value", reason, "label",
			 pause_label(r, reason), "id", json_sprintf("pause-reason-%zu", i), "stops",
			 deadline_pause_stops(r, reason, stopped, NULL), "selected", false);
}

/* pause_group: {legend, reasons}; legend null for the only group. */
static json_t *pause_group(json_t *legend, json_t *reasons)
{
	return json_pack("{s:o, s:o}", "legend", legend, "reasons", reasons);
}

/* stopping: the labels of the choices a pause for which would stop the
 * clock, "; " between, appended to b. */
static void stopping(const json_t *choices, struct buf *b)
{
	size_t i;
	json_t *ch;
	json_array_foreach(choices, i, ch)
		if (json_is_true(json_object_get(ch, "stops")))
			buf_printf(b, "%s%s", b->len ? "; " : "", json_str(ch, "label"));
}

/* pause_note: what the pause form says beforehand about the clock; still
 * is what stopping() gives for the rule set's own reasons. */
static json_t *pause_note(const struct deadline_rules *r, int stopped, const char *still)
{
	const char *law = deadline_pause_law(r);
	if (!r->pause_stops_clock)
		return json_sprintf("%s does not stop the clock while the agency waits for the "
				    "requester: a pause does not move the due date.",
				    law);
	char *why = NULL;
	if (!deadline_pause_stops(r, NULL, stopped, &why)) {
		json_t *note = *still ? json_sprintf("%s. A pause for another of its reasons still "
						     "stops it: %s.",
						     why, still)
				      : json_sprintf("%s: this pause will not move the due date.", why);
		free(why);
		return note;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s stops the clock while the agency waits for the requester%s: when the "
		   "request resumes, the due date moves by the %sdays paused.",
		   law, r->pause_reasons.n ? ", for the reasons it gives" : "",
		   r->first.unit == DEADLINE_BUSINESS ? "business " : "");
	if (r->pause_reasons.n)
		buf_puts(&b, " A pause for another reason does not stop it.");
	if (r->pause_max_count && r->pause_limited.n) {
		buf_puts(&b, " For ");
		deadline_reasons_words(&b, &r->pause_limited);
		buf_puts(&b, ",");
	}
	if (r->pause_max_count == 1)
		buf_printf(&b, " %st does so only once, and this request has not used it.",
			   r->pause_limited.n ? "i" : "I");
	else if (r->pause_max_count)
		buf_printf(&b, " %st does so at most %d times; this request has used %d.",
			   r->pause_limited.n ? "i" : "I", r->pause_max_count, stopped);
	json_t *note = json_string(buf_cstr(&b));
	buf_free(&b);
	return note;
}

/* pause_view: what the pause form offers under r after pauses (their
 * data, oldest first): the rule set's reasons, in the statute's words,
 * then the portal's own ones it does not list. */
static json_t *pause_view(const struct deadline_rules *r, const json_t *pauses)
{
	int stopped = deadline_pauses_stopped(r, pauses, json_array_size(pauses));
	json_t *groups = json_array(), *own = json_array(), *portal = json_array();
	struct buf still = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < r->pause_reasons.n; i++)
		json_array_append_new(own, pause_choice(r, r->pause_reasons.items[i], stopped, n++));
	for (size_t i = 0; i < PORTAL_PAUSES; i++)
		if (!deadline_reasons_has(&r->pause_reasons, portal_pauses[i].key))
			json_array_append_new(portal,
					      pause_choice(r, portal_pauses[i].key, stopped, n++));
	stopping(json_array_size(own) ? own : portal, &still);
	if (!json_array_size(own)) {
		json_decref(own);
		json_array_append_new(groups, pause_group(json_null(), portal));
	} else {
		const char *law = deadline_pause_law(r);
		json_array_append_new(groups,
				      pause_group(still.len
						      ? json_sprintf("Reasons in %s: the clock stops", law)
						      : json_sprintf("Reasons in %s", law),
						  own));
		if (json_array_size(portal))
			json_array_append_new(
			    groups, pause_group(json_string(r->pause_stops_clock
								? "Other reasons: the clock keeps running"
								: "Other reasons"),
						portal));
		else
			json_decref(portal);
	}
	json_t *view = json_pack("{s:o, s:o}", "note", pause_note(r, stopped, buf_cstr(&still)),
				 "groups", groups);
	buf_free(&still);
	return view;
}

bool staff_deadline_forms(struct db *db, int64_t request_id, const char *explanation,
			  json_t **extension, json_t **pause)
{
	int used = 0;
	json_t *pauses = NULL;
	if (store_request_pauses(db, request_id, &pauses) != STORE_OK)
		return false;
	struct deadline_engine *e = extension_engine(db, request_id, explanation, &used);
	if (!e) {
		json_decref(pauses);
		return false;
	}
	*extension = extension_view(&e->rules, used);
	*pause = pause_view(&e->rules, pauses);
	json_decref(pauses);
	free(e);
	return true;
}

static enum staff_rc prepare_extend(struct act *a)
{
	if (is_closed(a))
		return STAFF_CLOSED;
	const char *due = json_str(a->row, "due_date");
	struct date old;
	if (!due || !date_parse(due, &old))
		return invalid(a, "The request has no due date to extend: set one by hand.");
	int used = 0;
	struct deadline_engine *e =
	    extension_engine(a->db, a->id, json_str(a->row, "due_explanation"), &used);
	if (!e)
		return STAFF_ERROR;
	const struct deadline_rules *r = &e->rules;
	enum staff_rc sr = STAFF_OK;
	if (!r->has_extension)
		sr = invalid(a, "The rule set allows no extension: set a new due date by hand, "
				"with the reason.");
	for (size_t i = 0; sr == STAFF_OK && i < a->in->n_extension_reasons; i++)
		if (!deadline_reasons_has(&r->extension_reasons, a->in->extension_reasons[i]))
			sr = invalid(a, "Choose the reasons from the list the law gives.");
	if (sr == STAFF_OK && r->extension_reasons.n && !a->in->n_extension_reasons)
		sr = invalid(a, "Choose the reason the law gives for the extension.");
	if (sr == STAFF_OK && used >= r->extension_max && !a->in->body) {
		a->problem = "This extension goes beyond what the law allows: write the reason.";
		sr = STAFF_NEEDS_NOTE;
	}
	if (sr != STAFF_OK) {
		free(e);
		return sr;
	}
	char iso[DATE_FMT_MAX];
	a->change.due_date =
	    keep(a, "_extended", json_string(date_format_iso(deadline_add(&r->extension, &e->cal, old), iso)));
	a->change.due_by_rule = true;
	struct buf body = BUF_INIT;
	buf_printf(&body, "Extended by %d %s days under %s", r->extension.days,
		   unit_words(&r->extension),
		   *r->extension_citation ? r->extension_citation : r->citation);
	json_t *reasons = json_array();
	for (size_t i = 0; i < a->in->n_extension_reasons; i++) {
		buf_printf(&body, "%s %s", i ? ";" : ":",
			   deadline_reason_label(a->in->extension_reasons[i]));
		json_array_append_new(reasons, json_string(a->in->extension_reasons[i]));
	}
	buf_putc(&body, '.');
	if (a->in->body)
		buf_printf(&body, "\n\n%s", a->in->body);
	a->event.kind = "due_date_changed";
	a->event.level = "public";
	a->event.body = keep(a, "_extend_body", json_string(buf_cstr(&body)));
	buf_free(&body);
	a->data = json_pack("{s:s, s:s, s:s, s:b, s:o}", "new", a->change.due_date, "old", due,
			    "reason", a->event.body, "extension", true, "reasons", reasons);
	json_object_set_new(a->before, "due_date", json_string(due));
	json_object_set_new(a->after, "due_date", json_string(a->change.due_date));
	free(e);
	return STAFF_OK;
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
		int64_t old = json_num(a->row, "point_of_contact_id");
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
		const char *old = json_str(a->row, "due_date");
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
		json_object_set_new(a->before, "status", json_string(json_str(a->row, "status")));
		json_object_set_new(a->after, "status", json_string(a->change.status));
		return STAFF_OK;
	}
	case STAFF_PAUSE:
		return prepare_pause(a);
	case STAFF_RESUME:
		return prepare_resume(a);
	case STAFF_EDIT:
	case STAFF_EVENT_LEVEL:
	case STAFF_EVENT_HIDE:
	case STAFF_EVENT_UNHIDE:
	case STAFF_EVENT_TEXT:
	case STAFF_SUPPORT_ADD:
	case STAFF_SUPPORT_REMOVE:
	case STAFF_UNASSIGN:
		return prepare_edit(a);
	case STAFF_TASK:
		return prepare_task(a);
	case STAFF_TASK_DONE:
		return prepare_task_done(a);
	case STAFF_EXTEND:
		return prepare_extend(a);
	}
	return STAFF_ERROR;
}

/* active_department sets *dept to the department id (the caller frees
 * it) when it is active; otherwise "There is no such department.". */
static enum staff_rc active_department(struct act *a, int64_t id, json_t **dept,
				       enum store_rc *rc)
{
	*rc = store_department_get(a->db, id, dept);
	if (*rc == STORE_NOT_FOUND ||
	    (*rc == STORE_OK && !json_is_true(json_object_get(*dept, "active")))) {
		json_decref(*dept);
		*dept = NULL;
		*rc = STORE_OK;
		return invalid(a, "There is no such department.");
	}
	return *rc == STORE_OK ? STAFF_OK : STAFF_ERROR;
}

/* assign adds the department, and its default contact when the request
 * has none. */
static enum staff_rc assign(struct act *a, enum store_rc *rc)
{
	json_t *dept = NULL, *depts = NULL;
	enum staff_rc sr = active_department(a, a->in->department_id, &dept, rc);
	if (sr != STAFF_OK)
		return sr;
	*rc = store_request_departments(a->db, a->id, &depts);
	bool there = false;
	size_t i;
	json_t *d;
	json_array_foreach(depts, i, d)
		there = there || json_num(d, "id") == a->in->department_id;
	json_decref(depts);
	int64_t contact = json_num(dept, "default_contact_id");
	json_decref(dept);
	if (*rc != STORE_OK)
		return STAFF_ERROR;
	if (there)
		return invalid(a, "That department is assigned already.");
	json_object_set_new(a->after, "department_id", json_integer(a->in->department_id));
	if (contact && !json_num(a->row, "point_of_contact_id")) {
		a->change.set_contact = true;
		a->change.contact_id = contact;
		json_object_set_new(a->before, "point_of_contact_id", json_null());
		json_object_set_new(a->after, "point_of_contact_id", json_integer(contact));
	}
	return STAFF_OK;
}

/* active_staff refuses a user who is not active staff, and keeps the
 * name of one who is in a->row under key. */
static enum staff_rc active_staff(struct act *a, int64_t user_id, const char *key,
				  enum store_rc *rc)
{
	json_t *user = NULL;
	*rc = store_user_get(a->db, user_id, &user);
	bool ok = *rc == STORE_OK && is_active_staff(user);
	if (ok) /* a->row keeps the name as long as the event needs it */
		json_object_set(a->row, key, json_object_get(user, "name"));
	json_decref(user);
	if (*rc == STORE_NOT_FOUND || (*rc == STORE_OK && !ok)) {
		*rc = STORE_OK;
		return invalid(a, "Choose an active staff member.");
	}
	return *rc == STORE_OK ? STAFF_OK : STAFF_ERROR;
}

/* check_contact refuses a point of contact who is not active staff, and
 * names the new one in the event. */
static enum staff_rc check_contact(struct act *a, enum store_rc *rc)
{
	if (!a->in->user_id) {
		a->event.body = "No point of contact";
		return STAFF_OK;
	}
	enum staff_rc sr = active_staff(a, a->in->user_id, "_contact_name", rc);
	if (sr == STAFF_OK)
		a->event.body = json_str(a->row, "_contact_name");
	return sr;
}

/* task_assignee checks the task's department (active) or person (active
 * staff) and words the event: "For NAME, due DATE: what". */
static enum staff_rc task_assignee(struct act *a, enum store_rc *rc)
{
	enum staff_rc sr = STAFF_OK;
	if (a->in->department_id) {
		json_t *dept = NULL;
		sr = active_department(a, a->in->department_id, &dept, rc);
		if (sr == STAFF_OK) /* a->row keeps the name as long as the event */
			json_object_set(a->row, "_assignee", json_object_get(dept, "name"));
		json_decref(dept);
	} else {
		sr = active_staff(a, a->in->user_id, "_assignee", rc);
	}
	if (sr != STAFF_OK)
		return sr;
	struct date due;
	char label[DATE_FMT_MAX];
	const char *who = json_str(a->row, "_assignee");
	a->event.body = keep(
		a, "_task_body",
		a->in->due_date && date_parse(a->in->due_date, &due)
			? json_sprintf("For %s, due %s: %s", who, date_format_long(due, label),
				       a->in->body)
			: json_sprintf("For %s: %s", who, a->in->body));
	return STAFF_OK;
}

static enum store_rc add_event(struct act *a, struct store_event_new *e, const json_t *data,
			       int64_t *event_id);

/* closing reads the closure reasons into the event's data and the audit
 * row, and publishes the request when the portal publishes at closure. */
static enum staff_rc closing(struct act *a, enum store_rc *rc)
{
	json_t *reasons = json_array(), *ids = json_array();
	a->data = json_pack("{s:o}", "reasons", reasons);
	json_object_set_new(a->after, "closure_reasons", ids);
	for (size_t i = 0; i < a->in->n_reasons; i++) {
		json_t *id = json_integer(a->in->reason_ids[i]), *r = NULL, *seen;
		bool repeated = false;
		size_t k;
		json_array_foreach(ids, k, seen)
			repeated = repeated || json_equal(seen, id);
		if (repeated) {
			json_decref(id);
			continue;
		}
		json_array_append_new(ids, id);
		*rc = store_wording_get(a->db, STORE_REASON, a->in->reason_ids[i], &r);
		if (*rc == STORE_NOT_FOUND ||
		    (*rc == STORE_OK && !json_is_true(json_object_get(r, "active")))) {
			json_decref(r);
			*rc = STORE_OK;
			a->problem = "Choose closure reasons from the list.";
			return STAFF_BAD_REASON;
		}
		if (*rc != STORE_OK)
			return STAFF_ERROR;
		json_array_append_new(reasons, json_pack("{s:O, s:O, s:O, s:O}", "id", id, "label",
							 json_object_get(r, "label"), "text",
							 json_object_get(r, "text"), "citations",
							 json_object_get(r, "citations")));
		json_decref(r);
	}
	if (!json_array_size(ids)) {
		a->problem = "Choose at least one closure reason.";
		return STAFF_BAD_REASON;
	}
	char *when = NULL;
	*rc = store_setting_get(a->db, "publish_default", &when);
	if (*rc == STORE_NOT_FOUND)
		*rc = STORE_OK;
	bool publish = *rc == STORE_OK && when && !strcmp(when, "closure") &&
		       !json_is_true(json_object_get(a->row, "published"));
	free(when);
	if (*rc != STORE_OK)
		return STAFF_ERROR;
	if (publish) {
		a->change.set_published = true;
		a->change.published = true;
		json_object_set_new(a->before, "published", json_false());
		json_object_set_new(a->after, "published", json_true());
	}
	return STAFF_OK;
}

/* closed writes the request's closure reasons and, when closing
 * published it, the "Request Published" event (the portal's doing: no
 * byline). */
static enum store_rc closed(struct act *a)
{
	const json_t *list = json_object_get(a->after, "closure_reasons");
	size_t n = json_array_size(list);
	int64_t *ids = xcalloc(n ? n : 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_array_get(list, i));
	enum store_rc rc = store_request_closure_reasons_set(a->db, a->id, ids, n);
	free(ids);
	if (rc != STORE_OK || !a->change.set_published)
		return rc;
	struct store_event_new e = {
		.request_id = a->id, .kind = "published", .level = "public",
		.created_at = a->actor->now,
	};
	return add_event(a, &e, NULL, NULL);
}

/* task_write adds the task, or marks it done, and puts it in the event's
 * data and the audit row. */
static enum store_rc task_write(struct act *a)
{
	const struct staff_input *in = a->in;
	if (in->action == STAFF_TASK_DONE)
		return store_task_done(a->db, in->task_id, in->body, a->actor->viewer.user_id,
				       a->actor->now);
	struct store_task_new t = {
		.request_id = a->id, .user_id = in->user_id, .department_id = in->department_id,
		.description = in->body, .due_date = in->due_date,
		.created_by = a->actor->viewer.user_id, .now = a->actor->now,
	};
	int64_t id = 0;
	enum store_rc rc = store_task_add(a->db, &t, &id);
	if (rc != STORE_OK)
		return rc;
	const char *who = in->department_id ? "assignee_department_id" : "assignee_user_id";
	a->data = json_pack("{s:I, s:I, s:s?}", "task_id", (json_int_t)id, who,
			    (json_int_t)(in->department_id ? in->department_id : in->user_id),
			    "due_date", in->due_date);
	json_object_update(a->after, a->data);
	json_object_set_new(a->after, "task", json_string(in->body));
	return STORE_OK;
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
	else if (a->in->action == STAFF_CLOSE)
		sr = closing(a, &rc);
	else if (a->in->action == STAFF_TASK)
		sr = task_assignee(a, &rc);
	if (sr != STAFF_OK)
		return sr;
	rc = store_request_update(a->db, a->id, a->in->version, &a->change, a->actor->now);
	if (rc == STORE_NOT_FOUND)
		return STAFF_STALE;
	if (rc == STORE_OK)
		rc = apply_edit(a);
	if (rc == STORE_OK && (a->in->action == STAFF_TASK || a->in->action == STAFF_TASK_DONE))
		rc = task_write(a);
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
	if (rc == STORE_OK && a->in->action == STAFF_CLOSE)
		rc = closed(a);
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
	if (rc == STORE_OK && a->change.due_date)
		rc = due_recheck(a->db, a->id, json_str(a->row, "due_explanation"));
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
	a.id = json_num(a.row, "id");
	sr = may(&a);
	if (sr == STAFF_OK && json_num(a.row, "version") != in->version)
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

enum staff_rc staff_department_contact(struct db *db, const struct staff_actor *actor,
				       int64_t department_id, int64_t user_id,
				       const char **problem)
{
	*problem = NULL;
	if (actor->viewer.role < ROLE_ADMIN)
		return STAFF_FORBIDDEN;
	if (!db_begin(db))
		return STAFF_ERROR;
	json_t *dept = NULL, *user = NULL;
	enum staff_rc sr = STAFF_ERROR;
	enum store_rc rc = store_department_get(db, department_id, &dept);
	if (rc == STORE_NOT_FOUND)
		sr = STAFF_NOT_FOUND;
	if (rc != STORE_OK)
		goto done;
	int64_t old = json_num(dept, "default_contact_id");
	if (user_id) {
		rc = store_user_get(db, user_id, &user);
		if (rc == STORE_NOT_FOUND || (rc == STORE_OK && !is_active_staff(user))) {
			*problem = "Choose an active staff member.";
			sr = STAFF_INVALID;
			goto done;
		}
		if (rc != STORE_OK)
			goto done;
	}
	if (old == user_id) {
		*problem = "That is the default point of contact already.";
		sr = STAFF_INVALID;
		goto done;
	}
	rc = store_department_set_contact(db, department_id, user_id, actor->now);
	json_t *b = json_pack("{s:o}", "default_contact_id", old ? json_integer(old) : json_null());
	json_t *f = json_pack("{s:o}", "default_contact_id",
			      user_id ? json_integer(user_id) : json_null());
	char *before = json_dumps(b, JSON_COMPACT), *after = json_dumps(f, JSON_COMPACT);
	json_decref(b);
	json_decref(f);
	struct store_audit_new row = {
		.actor_id = actor->viewer.user_id, .action = "department.contact",
		.target_type = "department", .target_id = department_id, .before_json = before,
		.after_json = after, .ip = actor->ip, .at = actor->now,
	};
	if (rc == STORE_OK)
		rc = store_audit_add(db, &row);
	free(before);
	free(after);
	if (rc == STORE_OK && db_commit(db))
		sr = STAFF_OK;
done:
	if (sr == STAFF_ERROR)
		log_error("department %lld contact: %s", (long long)department_id, db_errmsg(db));
	if (sr != STAFF_OK)
		db_rollback(db);
	json_decref(dept);
	json_decref(user);
	return sr;
}
