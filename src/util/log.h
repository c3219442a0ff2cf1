/* Log: one-line diagnostics and access lines on stderr.
 *
 * Every entry is exactly one line, written with a single write(2) to file
 * descriptor 2, so lines from concurrent threads never interleave (a line is
 * at most LOG_LINE_MAX bytes, which is PIPE_BUF on Linux: pipe writes of
 * that size are atomic). Longer messages are cut and end in "...".
 *
 *   2025-11-27T17:04:05.123Z error database is locked
 *   2025-11-27T17:04:05.124Z access GET /requests/19-5156 200 13712 1.2ms
 *
 * The time is UTC with milliseconds. In messages, CR, LF, tab and the other
 * control bytes are written as \r, \n, \t and \xNN, so a message cannot
 * forge or split entries.
 *
 * No personal data: the log must not hold requesters' names, emails,
 * addresses, message text, passwords, tokens or session ids. Log ids
 * (request numbers, user ids) instead.
 *
 * Configuration (log_set_level, log_set_quiet) is meant for start-up and
 * tests; it is nonetheless safe to change at any time. */
#ifndef DISCLOSE_LOG_H
#define DISCLOSE_LOG_H

#include <stdbool.h>
#include <stdint.h>

/* Longest entry written, newline included. */
#define LOG_LINE_MAX 4096

/* Levels, most severe first. An entry is written when its level is at most
 * the threshold. (Not LOG_ERR/LOG_INFO: those are <syslog.h> macros.) */
enum log_level {
	LOG_LEVEL_ERROR = 0,
	LOG_LEVEL_WARN = 1,
	LOG_LEVEL_INFO = 2, /* the default; access lines are at this level */
	LOG_LEVEL_DEBUG = 3,
};

/* log_set_level sets the threshold; out-of-range values are clamped. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* log_level_parse reads "error", "warn", "info" or "debug" (for a command
 * line option). Returns false, leaving *out alone, for anything else. */
bool log_level_parse(const char *name, enum log_level *out);
/* log_set_quiet(true) drops every entry, whatever the level (for tests). */
void log_set_quiet(bool quiet);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* log_request writes the access line of one HTTP request:
 * "<time> access <method> <path> <status> <bytes> <ms>ms", the duration in
 * milliseconds with one decimal (duration_us rounded to 0.1 ms).
 * The caller passes the path WITHOUT the query string: queries carry search
 * terms, emails and tokens. As a safety net anything from a '?' on is
 * dropped here too. Control bytes, spaces and backslashes in method and path
 * are written as \xNN, so fields stay space-separated. NULL is written "-".
 * Written at LOG_LEVEL_INFO. */
void log_request(const char *method, const char *path, int status,
	uint64_t bytes, int64_t duration_us);

#endif
