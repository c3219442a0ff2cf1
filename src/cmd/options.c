#include "cmd/options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static void print_help(const struct command_help *help, const struct option_spec *opts,
		       size_t n)
{
	printf("usage: disclose %s [OPTIONS]\n\n%s\n", help->name, help->summary);
	if (help->details)
		printf("\n%s\n", help->details);
	printf("\noptions:\n");
	for (size_t i = 0; i < n; i++) {
		char flag[64];
		snprintf(flag, sizeof flag, "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
			 opts[i].arg ? opts[i].arg : "");
		printf("  %-26s %s", flag, opts[i].help);
		if (opts[i].env)
			printf(" [env %s]", opts[i].env);
		printf("\n");
	}
	printf("  %-26s %s\n", "--help", "show this help");
}

/* set_value stores text into the option's target; false if malformed. */
static bool set_value(const struct option_spec *o, const char *text)
{
	switch (o->type) {
	case OPTION_STRING:
		*(const char **)o->target = text;
		return true;
	case OPTION_UINT: {
		char *end;
		errno = 0;
		unsigned long v = strtoul(text, &end, 10);
		if (errno || end == text || *end || text[0] == '-' || v > 0xFFFFFFFFul)
			return false;
		*(unsigned *)o->target = (unsigned)v;
		return true;
	}
	case OPTION_FLAG:
		if (!strcmp(text, "1") || !strcmp(text, "true") || !strcmp(text, "yes"))
			*(bool *)o->target = true;
		else if (!strcmp(text, "0") || !strcmp(text, "false") || !strcmp(text, "no"))
			*(bool *)o->target = false;
		else
			return false;
		return true;
	}
	return false;
}

static int usage_error(const struct command_help *help, const char *what, const char *name)
{
	fprintf(stderr, "disclose %s: %s %s; try `disclose %s --help`\n", help->name, what,
		name, help->name);
	return EXIT_USAGE;
}

int options_parse(const struct command_help *help, const struct option_spec *opts,
		  size_t n, int argc, char **argv)
{
	for (size_t i = 0; i < n; i++) {
		const char *env = opts[i].env ? getenv(opts[i].env) : NULL;
		if (env && *env && !set_value(&opts[i], env))
			return usage_error(help, "invalid value in environment variable",
					   opts[i].env);
	}
	for (int a = 1; a < argc; a++) {
		const char *arg = argv[a];
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			print_help(help, opts, n);
			return EXIT_OK;
		}
		if (strncmp(arg, "--", 2))
			return usage_error(help, "unexpected argument", arg);
		const char *name = arg + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct option_spec *o = NULL;
		for (size_t i = 0; i < n && !o; i++)
			if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
				o = &opts[i];
		if (!o)
			return usage_error(help, "unknown option", arg);
		const char *value = eq ? eq + 1 : NULL;
		if (o->type == OPTION_FLAG && !value)
			value = "true";
		if (!value) {
			if (a + 1 >= argc)
				return usage_error(help, "missing value for", arg);
			value = argv[++a];
		}
		if (!set_value(o, value))
			return usage_error(help, "invalid value for", arg);
	}
	return -1;
}
