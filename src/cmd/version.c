/* disclose version */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "store/db.h"

int cmd_version(int argc, char **argv)
{
	static const struct command_help help = {"version", "Print the version.", NULL};
	int rc = options_parse(&help, NULL, 0, argc, argv);
	if (rc >= 0)
		return rc;
	printf("disclose %s (database schema %d)\n", DISCLOSE_VERSION, db_latest_version());
	return EXIT_OK;
}
