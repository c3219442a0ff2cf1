/* Sending one message over SMTP (libcurl): the only code that knows
 * libcurl. */
#ifndef DISCLOSE_SMTP_H
#define DISCLOSE_SMTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "worker/worker.h"

enum smtp_result {
	SMTP_SENT,      /* the server accepted the message */
	SMTP_TEMPORARY, /* try again later: no connection, 4xx, timeout */
	SMTP_PERMANENT, /* the server refused it for good (5xx) */
	SMTP_STOPPED,   /* *stop became true mid-send: not sent */
};

/* smtp_init sets libcurl up; once, at start, before any thread. */
bool smtp_init(void);

/* smtp_send sends message (len bytes, CRLF lines) from `from` to `to`
 * through cfg's server. On anything but SMTP_SENT, err says why. */
enum smtp_result smtp_send(const struct mail_config *cfg, const char *from, const char *to,
			   const char *message, size_t len, const atomic_bool *stop, char *err,
			   size_t errlen);

/* smtp_interrupt cuts the connections of the sends under way (after the
 * worker's stop flag is set): they end as SMTP_STOPPED. */
void smtp_interrupt(void);

#endif
