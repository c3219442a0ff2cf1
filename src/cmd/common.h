/* Steps several subcommands share. Each prints its own message on failure,
 * prefixed with "disclose CMD:", and says what to do. */
#ifndef DISCLOSE_CMD_COMMON_H
#define DISCLOSE_CMD_COMMON_H

#include <stdbool.h>

/* open_and_migrate opens the database at path (create: or creates it),
 * applies pending migrations and closes it. */
bool open_and_migrate(const char *path, bool create, const char *cmd);

/* setup_timezone sets the process's time zone: zone when given, otherwise
 * the agency_timezone setting of the thread's database. */
bool setup_timezone(const char *zone, const char *cmd);

#endif
