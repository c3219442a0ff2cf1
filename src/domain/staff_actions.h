/* What staff do to a request (and the one thing its requester does: write
 * a message). Each action is one transaction: the change, its timeline
 * event with its release level and the actor's byline as it reads now, and
 * an audit row with the changed fields before and after. Every action
 * names the request's version it was decided on; when the request changed
 * since, nothing is written (optimistic concurrency). */
#ifndef DISCLOSE_STAFF_ACTIONS_H
#define DISCLOSE_STAFF_ACTIONS_H

#include <stdint.h>

#include "domain/policy.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/store.h"

enum { STAFF_TEXT_MAX = 20000 }; /* a message, closing message or reason */

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
			    body */
	STAFF_RESUME,    /* the days paused are counted; when the rule set
			    stops the clock while paused, the due date moves */
};

/* Why a request waits for its requester. */
extern const char *const staff_pause_reasons[]; /* NULL-terminated */

struct staff_input {
	enum staff_action action;
	int64_t version;       /* the request's version the form was made at */
	const char *body;      /* Markdown; required for message, due date,
				  close and reopen */
	enum level level;      /* message */
	int64_t department_id; /* assign */
	int64_t user_id;       /* contact */
	const char *due_date;  /* YYYY-MM-DD */
	const char *pause_reason; /* pause: one of staff_pause_reasons */
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
	STAFF_ERROR,     /* the database failed (logged) */
};

/* staff_act does in->action on the request number for actor. Staff may do
 * every action (publishing needs the publisher role or above); the
 * request's own requester may only write a message at level requester.
 * On STAFF_INVALID and STAFF_CLOSED, *problem is a sentence for people. */
enum staff_rc staff_act(struct db *db, const struct staff_actor *actor, const char *number,
			const struct staff_input *in, const char **problem);

/* staff_event_byline sets e's actor to v: the requester, or the staff
 * member's name and title as they read now; *keep (NULL for a requester)
 * holds those strings: json_decref it once the event is written. */
enum store_rc staff_event_byline(struct db *db, const struct viewer *v,
				 struct store_event_new *e, json_t **keep);

/* staff_action_label: how an audit action ("request.close") reads in a
 * list of changes ("Closed the request"); the action itself when unknown. */
const char *staff_action_label(const char *action);

#endif
