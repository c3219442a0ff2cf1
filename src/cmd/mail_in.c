/* disclose mail-in: one email on standard input, from an MTA. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "domain/mail_in.h"
#include "domain/notify.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/date.h"

/* Exit codes an MTA understands (sysexits.h): 65 makes it bounce the
 * message to its sender with what we printed, 75 makes it try again. */
enum { EXIT_DATAERR = 65, EXIT_TEMPFAIL = 75 };

static const struct command_help help = {
	"mail-in", "Take one email from standard input (for an MTA).",
	"Reads one RFC 5322 message, stores it as received, then posts it as a message\n"
	"from the requester on the request its reply address names\n"
	"(request-NUMBER-TOKEN@DOMAIN), or holds it for staff at /staff/mail (a sender\n"
	"who is not the requester, an unknown request or a wrong token). Auto-replies\n"
	"and bounces are kept but never posted; a bounce marks the requester's address\n"
	"as failing. The files of a posted reply become documents of the request\n"
	"(Requester + Staff). See docs/email.md for the Postfix, Exim and .forward setup.\n\n"
	"Exit status: 0 stored (posted, held or kept); 65 refused (too large: the MTA\n"
	"bounces it with this command's message); 75 not stored (the database is\n"
	"unavailable: the MTA keeps the message and tries again); 2 usage error.",
};

/* read_all reads standard input to its end, keeping at most keep bytes
 * (keep + 1 are kept when there are more, to tell). False on a read error. */
static bool read_all(struct buf *b, size_t keep, size_t *total)
{
	char chunk[65536];
	*total = 0;
	for (;;) {
		ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		size_t room = b->len <= keep ? keep + 1 - b->len : 0;
		buf_append(b, chunk, (size_t)n < room ? (size_t)n : room);
		*total += (size_t)n;
	}
}

int cmd_mail_in(int argc, char **argv)
{
	const char *db_path = "disclose.db", *recipient = NULL, *sender = NULL;
	const char *public_url = NULL, *mail_domain = NULL, *data_dir = "data", *clamdscan = NULL;
	unsigned max_mb = MAIL_IN_MAX_BYTES_DEFAULT / (1024 * 1024);
	unsigned max_attachments = MAIL_IN_MAX_ATTACHMENTS_DEFAULT;
	const struct option_spec opts[] = {
		{"db", "DISCLOSE_DB", OPTION_STRING, &db_path, "PATH",
		 "SQLite database file (default disclose.db)"},
		{"public-url", "DISCLOSE_PUBLIC_URL", OPTION_STRING, &public_url, "URL",
		 "the portal's address, for links in the notifications a reply causes "
		 "(as given to serve)"},
		{"mail-domain", "DISCLOSE_MAIL_DOMAIN", OPTION_STRING, &mail_domain, "DOMAIN",
		 "domain of reply addresses (as given to serve)"},
		{"data-dir", "DISCLOSE_DATA_DIR", OPTION_STRING, &data_dir, "DIR",
		 "directory for documents, as given to serve (default data): a reply's files "
		 "become documents there"},
		{"clamdscan", "DISCLOSE_CLAMDSCAN", OPTION_STRING, &clamdscan, "PATH",
		 "scan the files of a reply with this clamdscan program (as serve)"},
		{"recipient", NULL, OPTION_STRING, &recipient, "ADDRESS",
		 "the envelope recipient (Postfix ${recipient}); default: the message's "
		 "Delivered-To, X-Original-To, To and Cc"},
		{"sender", NULL, OPTION_STRING, &sender, "ADDRESS",
		 "the envelope sender (Postfix ${sender}); empty for a bounce"},
		{"max-size-mb", "DISCLOSE_MAIL_MAX_MB", OPTION_UINT, &max_mb, "MB",
		 "largest message accepted (default 25)"},
		{"max-attachments", "DISCLOSE_MAIL_MAX_ATTACHMENTS", OPTION_UINT,
		 &max_attachments, "N",
		 "more attachments than this hold the message for staff (default 20)"},
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	if (max_mb < 1 || max_mb > 1024) {
		fprintf(stderr, "disclose mail-in: --max-size-mb must be from 1 to 1024\n");
		return EXIT_USAGE;
	}
	notify_setup(public_url ? public_url : "http://localhost", mail_domain);
	struct mail_in_config cfg = {
		.max_bytes = (size_t)max_mb * 1024 * 1024, .max_attachments = max_attachments,
		.recipient = recipient && *recipient ? recipient : NULL, .sender = sender,
		.documents = {.data_dir = data_dir, .clamdscan = clamdscan},
		.now = date_time_now(),
	};
	struct buf raw = BUF_INIT;
	size_t total = 0;
	if (!read_all(&raw, cfg.max_bytes, &total)) {
		fprintf(stderr, "disclose mail-in: reading the message failed\n");
		buf_free(&raw);
		return EXIT_TEMPFAIL;
	}
	if (!open_and_migrate(db_path, false, "mail-in")) {
		buf_free(&raw);
		return EXIT_TEMPFAIL;
	}
	char err[512];
	struct db *db = db_open(db_path, false, err, sizeof err);
	if (!db) {
		fprintf(stderr, "disclose mail-in: %s\n", err);
		buf_free(&raw);
		return EXIT_TEMPFAIL;
	}
	cfg.size = total;
	int64_t id = 0;
	enum mail_in_rc r = mail_in_deliver(db, buf_cstr(&raw), raw.len, &cfg, &id);
	db_close(db);
	buf_free(&raw);
	switch (r) {
	case MAIL_IN_POSTED:
	case MAIL_IN_HELD:
	case MAIL_IN_KEPT:
		return EXIT_OK;
	case MAIL_IN_TOO_LARGE:
		fprintf(stderr,
			"disclose mail-in: the message is too large (%zu bytes; at most %u MB "
			"are accepted)\n",
			total, max_mb);
		return EXIT_DATAERR;
	default:
		fprintf(stderr, "disclose mail-in: the message could not be stored; the mail "
				"server should try again\n");
		return EXIT_TEMPFAIL;
	}
}
