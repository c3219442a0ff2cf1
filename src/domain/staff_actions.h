/* What staff do to a request (and the one thing its requester does: write
 * a message). Each action is one transaction: the change, its timeline
 * event with its release level and the actor's byline as it reads now, and
 * an audit row with the changed fields before and after. Every action
 * names the request's version it was decided on; when the request changed
 * since, nothing is written (optimistic concurrency). */
#ifndef DISCLOSE_STAFF_ACTIONS_H
#define DISCLOSE_STAFF_ACTIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/policy.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/store.h"

enum { STAFF_TEXT_MAX = 20000 }; /* a message, closing message or reason */
enum { STAFF_CLOSURE_REASONS_MAX = 20 }; /* closure reasons of one closing */
enum { STAFF_SUPPORT_MAX = 50 };  /* support staff on one request */
enum { STAFF_TASK_MAX = 2000 };  /* what a task asks for */

enum staff_action {
	STAFF_MESSAGE,   /* body at level (staff: internal note) */
	STAFF_ASSIGN,    /* department_id */
	STAFF_CONTACT,   /* user_id, 0: none */
	STAFF_DUE_DATE,  /* due_date with reason in body */
	STAFF_PUBLISH,
	STAFF_UNPUBLISH,
	STAFF_CLOSE,     /* closing message in body */
	STAFF_REOPEN,    /* reason in body */
	STAFF_PAUSE,     /* pause_reason, with a message to the requester in
			    body; whether the pause stops the clock is
			    decided now (deadline_pause_stops) and kept in
			    the event's data */
	STAFF_RESUME,    /* the days paused are counted; when the pause
			    stopped the clock, the due date moves */
	/* Editing the record. Each also writes a staff-level "Request Edited"
	 * event that says what changed and why. */
	STAFF_EDIT,         /* the request's text becomes body, with reason; the
			       text as received is kept for staff */
	STAFF_EVENT_LEVEL,  /* message event_id goes to level, with reason */
	STAFF_EVENT_HIDE,   /* event_id is hidden from the public, with reason */
	STAFF_EVENT_UNHIDE, /* event_id is shown again */
	STAFF_EVENT_TEXT,   /* message event_id's text becomes body (the audit
			       row keeps the text before) */
	STAFF_SUPPORT_ADD,  /* user_id becomes support staff */
	STAFF_SUPPORT_REMOVE, /* user_id is no longer support staff */
	STAFF_UNASSIGN,     /* department_id is taken off the request */
	/* Tasks: staff only, at level staff. */
	STAFF_TASK,      /* ask the department department_id or the person
			    user_id (one of them) to do body by due_date */
	STAFF_TASK_DONE, /* task_id is done, with the note body: for its
			    assignee (or a member of its department), the
			    one who asked, or a publisher and above */
	STAFF_EXTEND,    /* the rule set's extension: reasons, with a note in
			    body (required beyond what the law allows) */
};

enum { STAFF_REASONS_MAX = 8 }; /* reasons chosen for one extension */

struct staff_input {
	enum staff_action action;
	int64_t version;       /* the request's version the form was made at */
	const char *body;      /* Markdown; required for message, due date,
				  close and reopen */
	enum level level;      /* message */
	int64_t department_id; /* assign */
	int64_t user_id;       /* contact */
	const char *due_date;  /* YYYY-MM-DD */
	const char *pause_reason; /* pause: one of the request's rule set's
				     pause reasons, or of the portal's own
				     ("clarification", "payment") */
	const int64_t *reason_ids; /* close: the closure reasons (at least one,
				      active); repeated ids count once */
	size_t n_reasons;
	int64_t event_id;      /* the event actions */
	const char *reason;    /* edit, event level, hide: why (required) */
	int64_t task_id;       /* task done */
	const char *const *extension_reasons; /* extend: the rule set's reasons
						 chosen */
	size_t n_extension_reasons;
};

struct staff_actor {
	struct viewer viewer;
	const char *ip; /* for the audit log; NULL: unknown */
	int64_t now;   /* unix seconds; a pause lasts the local days between */
};

enum staff_rc {
	STAFF_OK,
	STAFF_NOT_FOUND, /* no such request, or one the viewer may not see */
	STAFF_FORBIDDEN, /* the viewer may see it but not do this */
	STAFF_STALE,     /* the request changed since version */
	STAFF_CLOSED,    /* not on a closed request: reopen it first */
	STAFF_INVALID,   /* *problem says why (already done, unknown value) */
	STAFF_BAD_REASON, /* close: a closure reason is unknown or inactive */
	STAFF_BAD_PAUSE_REASON, /* pause: the reason is neither the rule set's
				   nor the portal's */
	STAFF_NEEDS_NOTE, /* beyond what the law allows: *problem asks for the
			     written reason (the extension's note) */
	STAFF_ERROR,     /* the database failed (logged) */
};

/* staff_act does in->action on the request number for actor. Staff may do
 * every action (publishing needs the publisher role or above); the
 * request's own requester may only write a message at level requester.
 * Closing records the closure reasons (the event's data carries each
 * one's label, requester text and citations) and, when the portal
 * publishes at closure, publishes the request in the same transaction.
 * On STAFF_INVALID and STAFF_CLOSED, *problem is a sentence for people. */
enum staff_rc staff_act(struct db *db, const struct staff_actor *actor, const char *number,
			const struct staff_input *in, const char **problem);

/* staff_department_contact makes user_id (0: nobody) the default point of
 * contact of department_id, who becomes the point of contact of a request
 * assigned to it that has none; one transaction with its audit row
 * ("department.contact"). Admins only (STAFF_FORBIDDEN); STAFF_NOT_FOUND
 * for an unknown department; STAFF_INVALID with *problem for a person who
 * is not active staff, or no change. */
enum staff_rc staff_department_contact(struct db *db, const struct staff_actor *actor,
				       int64_t department_id, int64_t user_id,
				       const char **problem);
/* staff_may_finish_task: whether v may mark task (a store_task_get row)
 * done: its assignee, a member of its department (departments: v's
 * [{id}]), the one who asked for it, or a publisher and above. */
bool staff_may_finish_task(const struct viewer *v, const json_t *task,
			   const json_t *departments);
/* staff_deadline_forms reads the request's rule set once (its stored
 * explanation may be NULL) for the staff panel's deadline forms:
 * *extension is what the extension form offers, {citation, allows ("1
 * extension of up to 14 calendar days"), allowed, used, beyond (the next
 * extension goes beyond the law), reasons: [{value, label, id}]}, or JSON
 * null when the rule set allows no extension; *pause is what the pause
 * form offers, {note: what a pause does to the clock now ("5 U.S.C.
 * 552(a)(6)(A)(ii) stops the clock only once: this pause will not move
 * the due date."), groups: [{legend ("Reasons in 5 U.S.C.
 * 552(a)(6)(A)(ii): the clock stops", "Other reasons: the clock keeps
 * running"; null for the only group), reasons: [{value, label, id,
 * stops (a pause for it would stop the clock), selected}]}]}: the rule
 * set's reasons first, then the portal's own it does not list. Both are
 * new references; false when the store or the rule set fails. */
bool staff_deadline_forms(struct db *db, int64_t request_id, const char *explanation,
			  json_t **extension, json_t **pause);
/* staff_event_byline sets e's actor to v: the requester, or the staff
 * member's name and title as they read now; *keep (NULL for a requester)
 * holds those strings: json_decref it once the event is written. */
enum store_rc staff_event_byline(struct db *db, const struct viewer *v,
				 struct store_event_new *e, json_t **keep);

/* staff_action_label: how an audit action ("request.close") reads in a
 * list of changes ("Closed the request"); the action itself when unknown. */
const char *staff_action_label(const char *action);

#endif
