#include "cmd/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"
#include "util/date.h"

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
