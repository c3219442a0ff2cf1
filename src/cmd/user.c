/* disclose user add: create an account from the command line (staff
 * before the web admin exists, or scripted set-ups). The change is audited
 * like an admin's, with no actor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "domain/password.h"
#include "domain/role.h"
#include "domain/users.h"
#include "store/db.h"
#include "store/store.h"
#include "util/date.h"

static const struct command_help help = {
	"user add", "Create an account.",
	"Roles: admin, department_admin, publisher, staff (the default), requester.\n"
	"Without --password, and when standard input is a terminal, the password is\n"
	"asked for. --department takes a department's name or short name.",
};

/* department_id finds a department by name or short name, any letter case. */
static bool department_id(struct db *db, const char *name, int64_t *id)
{
	json_t *rows = NULL;
	if (store_departments(db, &rows) != STORE_OK)
		return false;
	size_t i;
	json_t *d;
	bool found = false;
	json_array_foreach(rows, i, d) {
		const char *full = json_string_value(json_object_get(d, "name"));
		const char *short_name = json_string_value(json_object_get(d, "short_name"));
		if (!strcasecmp(full, name) || (short_name && !strcasecmp(short_name, name))) {
			*id = json_integer_value(json_object_get(d, "id"));
			found = true;
			break;
		}
	}
	json_decref(rows);
	return found;
}

static int add(int argc, char **argv)
{
	const char *db_path = "disclose.db", *email = NULL, *name = NULL, *title = NULL,
		   *role = "staff", *password = NULL, *department = NULL;
	const struct option_spec opts[] = {
		{"db", "DISCLOSE_DB", OPTION_STRING, &db_path, "PATH",
		 "SQLite database file (default disclose.db)"},
		{"email", NULL, OPTION_STRING, &email, "EMAIL", "the account's email address"},
		{"name", NULL, OPTION_STRING, &name, "NAME", "the person's name, as bylines show it"},
		{"title", NULL, OPTION_STRING, &title, "TITLE", "job title (optional)"},
		{"role", NULL, OPTION_STRING, &role, "ROLE", "the role (default staff)"},
		{"password", "DISCLOSE_USER_PASSWORD", OPTION_STRING, &password, "PASSWORD",
		 "the password (at least 10 characters)"},
		{"department", NULL, OPTION_STRING, &department, "NAME",
		 "a department the account belongs to (optional)"},
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	enum role r;
	if (!email || !strchr(email, '@') || !name || !*name) {
		fprintf(stderr, "disclose user add: --email (an address) and --name are required\n");
		return EXIT_USAGE;
	}
	if (!role_parse(role, &r)) {
		fprintf(stderr, "disclose user add: unknown role '%s'; use admin, "
				"department_admin, publisher, staff or requester\n",
			role);
		return EXIT_USAGE;
	}
	char typed[300];
	if (!password) {
		if (!isatty(STDIN_FILENO) ||
		    !prompt_line("Password", typed, sizeof typed, true)) {
			fprintf(stderr, "disclose user add: --password is required when not run "
					"from a terminal\n");
			return EXIT_USAGE;
		}
		password = typed;
	}
	const char *problem = password_problem(password);
	if (problem) {
		fprintf(stderr, "disclose user add: the password %s\n", problem);
		return EXIT_USAGE;
	}
	if (!open_and_migrate(db_path, false, "user add"))
		return EXIT_FAIL;
	char err[512];
	struct db *db = db_open(db_path, false, err, sizeof err);
	if (!db) {
		fprintf(stderr, "disclose user add: %s\n", err);
		return EXIT_FAIL;
	}
	int64_t dept = 0, id = 0;
	if (department && !department_id(db, department, &dept)) {
		fprintf(stderr, "disclose user add: no department '%s'\n", department);
		db_close(db);
		return EXIT_USAGE;
	}
	struct user_input in = {
		.email = email, .name = name, .title = title, .role = role,
		.departments = &dept, .n_departments = dept ? 1 : 0, .password = password,
	};
	struct account_env e = {.db = db, .now = date_time_now()};
	enum users_rc urc = users_create(&e, 0, &in, &id);
	if (urc == USERS_OK)
		fprintf(stderr, "disclose user add: account %lld (%s) added as %s\n",
			(long long)id, email, role);
	else
		fprintf(stderr, "disclose user add: cannot add %s: %s\n", email,
			urc == USERS_EXISTS    ? "an account with that email exists"
			: urc == USERS_INVALID ? "a value is not allowed"
					       : db_errmsg(db));
	db_close(db);
	return urc == USERS_OK ? EXIT_OK : urc == USERS_ERROR ? EXIT_FAIL : EXIT_USAGE;
}

int cmd_user(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return add(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: disclose user add [OPTIONS]\n\n"
		       "`disclose user add --help` describes the options.\n");
		return EXIT_OK;
	}
	fprintf(stderr, "disclose user: missing or unknown action; try `disclose user add "
			"--help`\n");
	return EXIT_USAGE;
}
