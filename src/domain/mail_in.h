/* Replies by email: a message an MTA hands to `disclose mail-in` becomes a
 * requester message on its request, or waits in the staff's holding queue
 * (/staff/mail), or is kept without being posted (auto-replies, bounces).
 *
 * Nothing is lost: the raw message is stored first, in a statement of its
 * own, before it is parsed; what it turned out to be is written after, in
 * one transaction with the message's event, its audit row and the request's
 * version. A message that could not be processed stays stored ('failed')
 * and is shown to staff with the held ones. The files of a posted reply
 * then become documents of the request at level requester, each in a
 * transaction of its own (domain/document.c); one that is refused (its
 * type, a limit) stays with the email, where staff can download it. */
#ifndef DISCLOSE_MAIL_IN_H
#define DISCLOSE_MAIL_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/document.h"
#include "domain/policy.h"
#include "store/db.h"

enum {
	MAIL_IN_MAX_BYTES_DEFAULT = 25 * 1024 * 1024,
	MAIL_IN_MAX_ATTACHMENTS_DEFAULT = 20,
	MAIL_IN_HEAD_MAX = 64 * 1024, /* kept of a message too large */
};

struct mail_in_config {
	size_t max_bytes;       /* larger messages are refused */
	size_t max_attachments; /* more: held for staff */
	/* The envelope recipient the MTA delivered to (Postfix ${recipient},
	 * Exim $local_part@$domain); NULL: read the message's Delivered-To,
	 * X-Original-To, To and Cc. */
	const char *recipient;
	/* The envelope sender (Postfix ${sender}); "", "<>" or MAILER-DAEMON
	 * for a bounce's null sender; NULL: unknown (the Return-Path header is
	 * read instead). */
	const char *sender;
	size_t size; /* bytes that arrived, when more than were kept; 0: len */
	/* Where the files of a posted reply become documents (at level
	 * requester, after the message is written); data_dir NULL: they stay
	 * with the email only. */
	struct document_env documents;
	int64_t now;
};

enum mail_in_rc {
	MAIL_IN_POSTED,    /* a requester message on the request */
	MAIL_IN_HELD,      /* waiting for staff (or failed: kept for staff) */
	MAIL_IN_KEPT,      /* stored, not posted: auto-reply, bounce, duplicate */
	MAIL_IN_TOO_LARGE, /* over max_bytes: its head is kept, the sender
			      should be told (the MTA bounces it) */
	MAIL_IN_ERROR,     /* not stored: the database failed; try again */
};

/* mail_in_deliver stores and processes one message raw[0..len). len may
 * be cut at max_bytes + 1 by a reader that stopped keeping bytes there
 * (cfg->size says how many arrived): then the message is too large. Sets
 * *id to its inbound_mail row when it was stored. */
enum mail_in_rc mail_in_deliver(struct db *db, const char *raw, size_t len,
				const struct mail_in_config *cfg, int64_t *id);

/* mail_in_reason_label: why a message was held or not posted, for people
 * ("The sender is not the requester"); NULL for an unknown reason. */
const char *mail_in_reason_label(const char *reason);

enum mail_in_staff_rc {
	MAIL_IN_STAFF_OK,
	MAIL_IN_STAFF_NOT_FOUND,  /* no such message */
	MAIL_IN_STAFF_NO_REQUEST, /* no request has that number */
	MAIL_IN_STAFF_DONE,       /* it is not waiting for staff any more */
	MAIL_IN_STAFF_ERROR,      /* the database failed (logged) */
};

/* mail_in_attach posts the held message id on the request number as a
 * message from its requester (byline the requester, level Requester +
 * Staff), for staff member actor, with the audit row; its files become
 * documents as those of a reply do (env, at most max_files). */
enum mail_in_staff_rc mail_in_attach(struct db *db, const struct viewer *actor, int64_t id,
				     const char *number, const struct document_env *env,
				     size_t max_files, const char *ip, int64_t now);
/* mail_in_discard ends a held message without posting it (audited). */
enum mail_in_staff_rc mail_in_discard(struct db *db, const struct viewer *actor, int64_t id,
				      const char *ip, int64_t now);

#endif
