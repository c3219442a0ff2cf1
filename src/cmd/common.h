/* Steps several subcommands share. Each prints its own message on failure,
 * prefixed with "disclose CMD:", and says what to do. */
#ifndef DISCLOSE_CMD_COMMON_H
#define DISCLOSE_CMD_COMMON_H

#include <stdbool.h>
#include <stddef.h>

/* open_and_migrate opens the database at path (create: or creates it),
 * applies pending migrations and closes it. */
bool open_and_migrate(const char *path, bool create, const char *cmd);

/* setup_timezone sets the process's time zone: zone when given, otherwise
 * the agency_timezone setting of the thread's database. */
bool setup_timezone(const char *zone, const char *cmd);

/* prompt_line asks question on stderr and reads one line from standard
 * input into buf (size bytes, line end removed); with secret, echo is off
 * while a terminal is typed on. False at end of input. */
bool prompt_line(const char *question, char *buf, size_t size, bool secret);

#endif
