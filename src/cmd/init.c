/* disclose init: create or migrate a database; create the first admin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "domain/password.h"
#include "store/db.h"
#include "store/store.h"

static const struct command_help help = {
	"init", "Create the database (or apply pending migrations) and the first admin.",
	"Without --admin-email, and when standard input is a terminal, init asks for\n"
	"the admin's details. Running init on an existing database only migrates it.",
};

/* create_admin validates and stores the first admin account. */
static int create_admin(const char *db_path, const char *email, const char *name,
			const char *password)
{
	const char *problem = password_problem(password);
	if (problem) {
		fprintf(stderr, "disclose init: the admin password %s\n", problem);
		return EXIT_USAGE;
	}
	if (!strchr(email, '@')) {
		fprintf(stderr, "disclose init: --admin-email must be an email address\n");
		return EXIT_USAGE;
	}
	char hash[PASSWORD_HASH_SIZE];
	if (!password_hash(password, hash)) {
		fprintf(stderr, "disclose init: could not hash the password (out of memory?)\n");
		return EXIT_FAIL;
	}
	char err[512];
	struct db *db = db_open(db_path, false, err, sizeof err);
	if (!db) {
		fprintf(stderr, "disclose init: %s\n", err);
		return EXIT_FAIL;
	}
	struct store_user_new u = {
		.email = email, .name = name, .title = "Administrator", .role = "admin",
		.password_hash = hash,
	};
	enum store_rc rc = store_user_create(db, &u, NULL);
	if (rc != STORE_OK)
		fprintf(stderr, "disclose init: cannot create the admin %s: %s\n", email,
			rc == STORE_CONFLICT ? "an account with that email exists"
					     : db_errmsg(db));
	db_close(db);
	if (rc != STORE_OK)
		return EXIT_FAIL;
	fprintf(stderr, "disclose init: admin %s created\n", email);
	return EXIT_OK;
}

int cmd_init(int argc, char **argv)
{
	const char *db_path = "disclose.db", *email = NULL, *name = "Administrator",
		   *password = NULL;
	const struct option_spec opts[] = {
		{"db", "DISCLOSE_DB", OPTION_STRING, &db_path, "PATH",
		 "SQLite database file (default disclose.db)"},
		{"admin-email", NULL, OPTION_STRING, &email, "EMAIL", "the first admin's email"},
		{"admin-name", NULL, OPTION_STRING, &name, "NAME", "the first admin's name"},
		{"admin-password", "DISCLOSE_ADMIN_PASSWORD", OPTION_STRING, &password, "PASSWORD",
		 "the first admin's password (at least 10 characters)"},
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	if (!open_and_migrate(db_path, true, "init"))
		return EXIT_FAIL;
	char email_buf[256], name_buf[256], password_buf[300];
	if (!email && isatty(STDIN_FILENO)) {
		if (!prompt_line("Admin email (empty to skip)", email_buf, sizeof email_buf, false))
			return EXIT_USAGE;
		email = *email_buf ? email_buf : NULL;
		if (email && prompt_line("Admin name", name_buf, sizeof name_buf, false) && *name_buf)
			name = name_buf;
	}
	if (email && !password) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "disclose init: --admin-password is required with "
					"--admin-email when not run from a terminal\n");
			return EXIT_USAGE;
		}
		if (!prompt_line("Admin password", password_buf, sizeof password_buf, true))
			return EXIT_USAGE;
		password = password_buf;
	}
	if (!email) {
		fprintf(stderr, "disclose init: database %s is ready (no admin created; "
				"add one with --admin-email and --admin-password)\n",
			db_path);
		return EXIT_OK;
	}
	return create_admin(db_path, email, name, password);
}
