/* Command-line options shared by the subcommands: each option has a long
 * flag, an optional DISCLOSE_* environment variable (flags win), a type and
 * a help line, so `--help` is generated from the same table. */
#ifndef DISCLOSE_OPTIONS_H
#define DISCLOSE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum option_type { OPTION_STRING, OPTION_UINT, OPTION_FLAG };

struct option_spec {
	const char *name;  /* "port" for --port */
	const char *env;   /* "DISCLOSE_PORT", or NULL */
	enum option_type type;
	void *target;      /* const char **, unsigned *, or bool * */
	const char *arg;   /* "PORT": how --help names the value */
	const char *help;
};

struct command_help {
	const char *name;    /* "serve" */
	const char *summary; /* one line */
	const char *details; /* NULL or further paragraphs */
};

/* options_parse reads the environment, then argv (argv[0] is the command
 * name). Returns -1 when the command should run; otherwise the exit code
 * to return at once: 0 after --help, 2 after a usage error (one line on
 * stderr). Positional arguments are refused. */
int options_parse(const struct command_help *help, const struct option_spec *opts,
		  size_t n, int argc, char **argv);

#endif
