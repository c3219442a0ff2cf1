#include "cmd/common.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"
#include "util/date.h"
#include "domain/mail.h"
#include "domain/notify.h"
#include "util/log.h"
#include "worker/smtp.h"
#include "worker/worker.h"

bool open_and_migrate(const char *path, bool create, const char *cmd)
{
	if (!create && access(path, F_OK) != 0) {
		fprintf(stderr,
			"disclose %s: database %s does not exist; create it with "
			"`disclose init --db %s` (or `disclose demo --db %s` for demo data)\n",
			cmd, path, path, path);
		return false;
	}
	char err[512];
	struct db *db = db_open(path, create, err, sizeof err);
	if (!db) {
		fprintf(stderr, "disclose %s: %s\n", cmd, err);
		return false;
	}
	bool ok = db_migrate(db, err, sizeof err);
	if (!ok)
		fprintf(stderr, "disclose %s: %s\n", cmd, err);
	db_close(db);
	return ok;
}

bool setup_timezone(const char *zone, const char *cmd)
{
	char *stored = NULL;
	if (!zone) {
		struct db *db = db_thread();
		if (db)
			store_setting_get(db, "agency_timezone", &stored);
		zone = stored ? stored : "UTC";
	}
	bool ok = date_tz_set(zone);
	if (!ok)
		fprintf(stderr,
			"disclose %s: unknown time zone '%s'; use an IANA name such as "
			"America/Los_Angeles\n",
			cmd, zone);
	free(stored);
	return ok;
}

void block_stop_signals(sigset_t *stop)
{
	sigemptyset(stop);
	sigaddset(stop, SIGINT);
	sigaddset(stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, stop, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool prompt_line(const char *question, char *buf, size_t size, bool secret)
{
	struct termios old, quiet;
	bool tty = secret && tcgetattr(STDIN_FILENO, &old) == 0;
	fprintf(stderr, "%s: ", question);
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	bool ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (ok)
		buf[strcspn(buf, "\r\n")] = '\0';
	return ok;
}

bool mail_setup(struct worker_config *work, const char *public_url, const char *cmd)
{
	struct mail_config *m = &work->mail;
	if (m->smtp_url && strncmp(m->smtp_url, "smtp://", 7) && strncmp(m->smtp_url, "smtps://", 8)) {
		fprintf(stderr, "disclose %s: --smtp-url must start with smtp:// or smtps://, e.g. "
				"smtp://mail.example.gov:587\n", cmd);
		return false;
	}
	if (m->domain && (!*m->domain || strpbrk(m->domain, " @<>/\"\r\n"))) {
		fprintf(stderr, "disclose %s: --mail-domain must be a domain name, e.g. "
				"records.example.gov\n", cmd);
		return false;
	}
	if (m->give_up_seconds < 1) {
		fprintf(stderr, "disclose %s: --mail-give-up must be at least 1\n", cmd);
		return false;
	}
	notify_setup(public_url, m->domain);
	m->domain = notify_mail_domain();
	static char from[MAIL_ADDRESS_MAX + 1];
	if (!m->from) {
		snprintf(from, sizeof from, "records@%s", m->domain);
		m->from = from;
	}
	if (!mail_address_valid(m->from)) {
		fprintf(stderr, "disclose %s: --mail-from must be an email address, e.g. "
				"records@example.gov\n", cmd);
		return false;
	}
	if (!smtp_init()) {
		fprintf(stderr, "disclose %s: libcurl cannot start\n", cmd);
		return false;
	}
	if (!m->smtp_url)
		log_info("no SMTP server (--smtp-url): emails wait in the outbox");
	return true;
}
