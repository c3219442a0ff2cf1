/* Requests: making one, and the rules of its life that are not about who
 * may see it (those are in policy.c). */
#ifndef DISCLOSE_REQUEST_H
#define DISCLOSE_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ratelimit.h"
#include "store/db.h"
#include "store/store.h"

/* The longest description accepted, in characters. */
enum { REQUEST_DESCRIPTION_MAX = 20000 };

/* The formats a requester may prefer, NULL-terminated. */
extern const char *const request_formats[];

/* How often one network may make a request on the web (see ratelimit.h):
 * 5 in 10 minutes and 30 in a day. */
enum { REQUEST_SUBMIT_RULES = 2 };
extern const struct ratelimit_rule request_submit_limits[REQUEST_SUBMIT_RULES];

/* What a requester (or staff, for a request received another way) gives.
 * Text is validated by the web layer; NULL means not given. */
struct request_input {
	const char *description;
	const char *records_from_date, *records_to_date; /* YYYY-MM-DD */
	const char *preferred_format;
	int64_t department_id; /* 0: not known */
	const char *name, *email, *phone, *address, *organisation;
	const char *channel;   /* web, email, phone, mail, in_person, fax */
	int64_t received_at;   /* unix seconds */
	int64_t created_by;    /* staff user, or 0 for the requester on the web */
	int64_t requester_id;  /* the requester's account, or 0 */
	const char *ip;        /* the submitter's address, for the audit log */
};

/* request_submit records a new request in one transaction: the year's next
 * number, status open, the first due date with its explanation, a "Request
 * Opened" event ("Request received via web"), the department and its
 * "Department Assignment" event when known, publication when the portal
 * publishes at submission, and the audit row. Sets number ("26-123"). False on a database
 * failure (nothing is saved; the reason is logged). */
bool request_submit(struct db *db, const struct request_input *in, char number[static 24]);

/* request_add_department links the department to byline->request_id and
 * writes its public "Department Assignment" event (the department's name)
 * with byline's actor and time. STORE_INVALID for an unknown department.
 * Needs the caller's transaction. */
enum store_rc request_add_department(struct db *db, const struct store_event_new *byline,
				     int64_t dept_id);

/* The channels staff record a request from (all but the web),
 * NULL-terminated. */
extern const char *const request_staff_channels[];
/* Every channel a request arrives by, the web first, NULL-terminated. */
extern const char *const request_channels[];

/* request_channel_label is how a channel reads in "Received ... via web". */
const char *request_channel_label(const char *channel);

#endif
