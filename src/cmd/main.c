#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"serve", cmd_serve, "serve the portal over HTTP"},
	{"init", cmd_init, "create or migrate a database; create the first admin"},
	{"demo", cmd_demo, "create a database full of demo data"},
	{"user", cmd_user, "manage accounts: `disclose user add`"},
	{"reindex", cmd_reindex, "rebuild the search indexes"},
	{"version", cmd_version, "print the version"},
	{"worker", cmd_worker, "run the background worker (email, jobs)"},
	{"mail-in", cmd_mail_in, "take one email from standard input (for a mail server)"},
};

static void usage(FILE *out)
{
	fputs("usage: disclose COMMAND [OPTIONS]\n\ncommands:\n", out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\n`disclose COMMAND --help` describes a command's options.\n", out);
}

int cmd_main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("disclose: missing command; try `disclose --help`\n", stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(name, "--version"))
		name = "version";
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "disclose: unknown command '%s'; try `disclose --help`\n", name);
	return EXIT_USAGE;
}
