/* Steps several subcommands share. Each prints its own message on failure,
 * prefixed with "disclose CMD:", and says what to do. */
#ifndef DISCLOSE_CMD_COMMON_H
#define DISCLOSE_CMD_COMMON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* open_and_migrate opens the database at path (create: or creates it),
 * applies pending migrations and closes it. */
bool open_and_migrate(const char *path, bool create, const char *cmd);

/* setup_timezone sets the process's time zone: zone when given, otherwise
 * the agency_timezone setting of the thread's database. */
bool setup_timezone(const char *zone, const char *cmd);

/* block_stop_signals blocks SIGINT and SIGTERM in the calling thread (the
 * threads it starts later inherit the mask, so only a sigwait on *stop,
 * filled in with the two, takes them) and ignores SIGPIPE. */
void block_stop_signals(sigset_t *stop);

/* prompt_line asks question on stderr and reads one line from standard
 * input into buf (size bytes, line end removed); with secret, echo is off
 * while a terminal is typed on. False at end of input. */
bool prompt_line(const char *question, char *buf, size_t size, bool secret);

/* MAIL_OPTIONS(work) lists the options of outgoing email (struct
 * worker_config work) for an option_spec array; mail_setup checks them
 * after parsing, settles the mail domain and sender address (defaults from
 * public_url) and readies notifications and SMTP. */
#define MAIL_OPTIONS(work)                                                              \
	{"smtp-url", "DISCLOSE_SMTP_URL", OPTION_STRING, &(work).mail.smtp_url, "URL",      \
	 "SMTP server: smtp://HOST:PORT or smtps://HOST:PORT (implicit TLS); "           \
	 "without it emails wait in the outbox"},                                        \
	{"smtp-starttls", "DISCLOSE_SMTP_STARTTLS", OPTION_FLAG, &(work).mail.starttls, NULL, \
	 "send only over STARTTLS (smtp://)"},                                           \
	{"smtp-user", "DISCLOSE_SMTP_USER", OPTION_STRING, &(work).mail.user, "NAME",       \
	 "SMTP login"},                                                                 \
	{"smtp-password", "DISCLOSE_SMTP_PASSWORD", OPTION_STRING, &(work).mail.password, \
	 "PASSWORD", "SMTP password (prefer the environment variable)"},                  \
	{"smtp-ca-file", "DISCLOSE_SMTP_CA_FILE", OPTION_STRING, &(work).mail.ca_file,     \
	 "FILE", "CA certificates to check the SMTP server's (default: the system's)"},   \
	{"mail-from", "DISCLOSE_MAIL_FROM", OPTION_STRING, &(work).mail.from, "ADDRESS",    \
	 "the agency's address emails come from (default records@MAIL-DOMAIN)"},         \
	{"mail-domain", "DISCLOSE_MAIL_DOMAIN", OPTION_STRING, &(work).mail.domain, "DOMAIN", \
	 "domain of reply addresses and Message-IDs (default: the public URL's host)"},   \
	{"mail-give-up", "DISCLOSE_MAIL_GIVE_UP", OPTION_UINT, &(work).mail.give_up_seconds, \
	 "SECONDS", "an email not accepted this long after it was queued fails "          \
	 "(default 172800: two days)"}

struct worker_config;
bool mail_setup(struct worker_config *work, const char *public_url, const char *cmd);

#endif
