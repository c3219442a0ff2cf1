/* The mailer: sends the outbox, one email at a time, from the worker. */
#ifndef DISCLOSE_MAILER_H
#define DISCLOSE_MAILER_H

#include <stdatomic.h>
#include <stdbool.h>

#include "store/db.h"
#include "worker/worker.h"

/* mailer_send_one claims the oldest due email (a lease: no other worker
 * sends it meanwhile; a worker that dies leaves it to the next once the
 * lease ends), composes and sends it, and records the outcome: sent;
 * queued again after a growing delay (no connection, 4xx); or failed (5xx,
 * an invalid address, or still not sent give_up_seconds after it was
 * queued), which tells the admins. True when an email was tried. */
bool mailer_send_one(const struct worker_config *cfg, struct db *db, const atomic_bool *stop);

#endif
