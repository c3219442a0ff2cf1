/* Who is told what by email (docs/email.md has the table in words).
 *
 * A change to a request writes timeline events; in the same transaction,
 * notify_request (or notify_event) looks at each new event once and, for
 * each person concerned, queues an email in the outbox or keeps an item
 * for their daily digest, as each person chose per kind of notification
 * (/account/notifications). The requester is told only what the policy
 * module lets the requester see: a staff-level item never reaches them. */
#ifndef DISCLOSE_NOTIFY_H
#define DISCLOSE_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "worker/worker.h"

enum notify_audience { NOTIFY_REQUESTER, NOTIFY_STAFF };

struct notify_kind {
	const char *name;   /* stored in notification_prefs.kind */
	const char *label;  /* for the preferences page */
	enum notify_audience audience;
	bool daily;         /* only in the daily digest (reminders) */
};

/* notify_kinds lists every kind; the last entry has name NULL. */
extern const struct notify_kind notify_kinds[];
/* notify_kind_find returns the kind named name, or NULL. */
const struct notify_kind *notify_kind_find(const char *name);

/* notify_delivery_valid: "immediate", "digest" or "none", and allowed for
 * the kind (a daily kind has no "immediate"). */
bool notify_delivery_valid(const struct notify_kind *k, const char *delivery);

/* notify_choose records a person's choices: for each kind named in kinds,
 * the delivery at the same index (n of each; checked by the caller with
 * notify_delivery_valid), in one transaction. False on a database failure
 * (logged). */
bool notify_choose(struct db *db, int64_t user_id, const char *const *kinds,
		   const char *const *deliveries, size_t n, int64_t now);

/* notify_mail_retry queues a failed email again (its give-up period
 * counting from now) and writes the admin's audit row (ip may be NULL).
 * Returns 1 done, 0 no such failed email, -1 a database failure (logged). */
int notify_mail_retry(struct db *db, int64_t outbox_id, int64_t actor_id, const char *ip,
		      int64_t now);

/* notify_setup records, once at start and before threads, the portal's
 * public address (links; no trailing slash) and the mail domain
 * (Message-IDs, reply addresses; NULL: the public address's host). */
void notify_setup(const char *public_url, const char *mail_domain);
/* notify_mail_domain returns the mail domain notify_setup settled on. */
const char *notify_mail_domain(void);

/* notify_request tells the people concerned about the request's events
 * created at or after since that were not looked at yet, in the caller's
 * transaction. notify_event does the same for one event (for code that
 * writes an event alone, e.g. a document release). False on a database
 * failure (logged): the caller rolls back. */
bool notify_request(struct db *db, int64_t request_id, int64_t since);
bool notify_event(struct db *db, int64_t event_id);

/* notify_mail_failed tells the admins (kind email_failed) that the outbox
 * email (a claimed row: id, to_addr, subject, attempts, headers_json) was
 * given up, in the caller's transaction. Nothing is said of a failed
 * email_failed notice. */
bool notify_mail_failed(struct db *db, const json_t *email, const char *error, int64_t now);

/* notify_mail_check looks again, just before it is sent, at a claimed
 * outbox email (a row from store_outbox_claim) about an event: when its
 * recipient may no longer see what it tells (the event lowered or hidden
 * since, a document it names moved to Staff or gone), the email is
 * withdrawn (kept, not sent, the reason in last_error) and an audit row
 * (mail.withdrawn) says so, in the caller's transaction. Returns 1 to
 * send, 0 withdrawn, -1 a database failure (logged). */
int notify_mail_check(struct db *db, const json_t *email, int64_t now);

/* notify_digest_job (kind "notify.digest", daily): one email per person
 * with what waited for their digest and, for staff, the open requests in
 * their care that are due soon or overdue. */
enum job_result notify_digest_job(struct job *job);

/* The link in every email to the requester that turns that request's
 * emails off without signing in: /email/off/NUMBER/TOKEN.
 * notify_unsubscribe_url writes it (absolute; 512 bytes);
 * notify_unsubscribe_check says whether token is the request's. */
bool notify_unsubscribe_url(struct db *db, int64_t request_id, const char *number, char *out,
			    size_t len);
bool notify_unsubscribe_check(struct db *db, int64_t request_id, const char *token);

#endif
