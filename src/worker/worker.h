/* The background worker: runs the jobs queued in the jobs table (and, with
 * the mailer, sends the outbox) outside the request path.
 *
 * A job is claimed with a lease in one statement, so two workers (threads
 * of one process, or several processes on one database) never run the same
 * job at once; a worker that dies mid-job loses its lease and the job runs
 * again when the lease ends. Jobs therefore run at least once: a job
 * function must be safe to run again (check what is already done, write in
 * one transaction). A failed attempt is retried after a growing delay until
 * max_attempts.
 *
 * Adding a kind: write a job_fn, list it in job_kinds (src/worker/jobs.c),
 * and queue jobs with store_job_enqueue (inside the transaction that makes
 * the job necessary). A daily job is listed in job_daily. */
#ifndef DISCLOSE_WORKER_H
#define DISCLOSE_WORKER_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct job_kind;
struct job_daily;

/* Sending email (see docs/email.md). */
struct mail_config {
	const char *smtp_url;    /* smtp://HOST:PORT (STARTTLS when offered, or
				    always with starttls) or smtps://HOST:PORT
				    (implicit TLS); NULL: emails wait in the
				    outbox */
	bool starttls;           /* refuse to send without STARTTLS */
	const char *user, *password; /* SMTP login, or NULL */
	const char *ca_file;     /* CA certificates for TLS; NULL: the system's */
	const char *from;        /* the agency's address (From and envelope) */
	const char *domain;      /* the mail domain: Message-IDs, reply
				    addresses */
	unsigned give_up_seconds; /* an email still not accepted this long after
				     it was queued fails (default two days) */
	unsigned timeout_seconds; /* one SMTP session at most (default 60) */
};

struct worker_config {
	unsigned threads;       /* worker threads worker_start runs (0: none) */
	unsigned poll_ms;       /* how often an idle worker looks for due work */
	unsigned lease_seconds; /* how long a claimed job or email is held */
	unsigned retry_seconds; /* first retry delay; doubles per attempt, at
				   most an hour */
	const char *public_url; /* the portal's address, for links; no trailing
				   slash */
	struct mail_config mail;
	const char *data_dir;   /* where documents are stored (text extraction) */
	const struct job_kind *kinds;  /* NULL: job_kinds (tests give their own) */
	const struct job_daily *daily; /* NULL: job_daily_list */
};

/* worker_config_default fills the defaults: 1 thread, 1 s, 300 s, 60 s,
 * mail given up after two days, SMTP sessions of at most 60 s,
 * then reads DISCLOSE_WORKER_POLL_MS, DISCLOSE_WORKER_LEASE_SECONDS and
 * DISCLOSE_WORKER_RETRY_SECONDS (for tests and tuning). False with a
 * message on stderr when one of them is not a positive number. */
bool worker_config_default(struct worker_config *cfg);

enum job_result {
	JOB_DONE,   /* finished */
	JOB_RETRY,  /* try again later (error says why) */
	JOB_FAILED, /* give up now (error says why) */
};

/* What a job function gets. */
struct job {
	struct db *db;          /* the worker's connection; no transaction open */
	int64_t id;
	const char *kind;
	json_t *payload;        /* the job's payload object (borrowed) */
	int64_t attempt;        /* 1 on the first run */
	int64_t max_attempts;
	int64_t now;            /* unix seconds when the job was claimed */
	const struct worker_config *cfg;
	char error[256];        /* set before returning JOB_RETRY or JOB_FAILED */
};

/* A job function runs one job of its kind and says how it went. It opens
 * its own transactions (db_begin) and leaves none open. */
typedef enum job_result job_fn(struct job *job);

/* worker_run_due runs, on db, everything that is due now: the daily jobs
 * are queued, then jobs are claimed and run and emails sent (when an SMTP
 * server is set) until none is due or *stop (may be NULL) becomes true.
 * Returns how many jobs ran and emails were tried. */
int worker_run_due(const struct worker_config *cfg, struct db *db, const atomic_bool *stop);

/* worker_retry_delay is the wait after the attempt-th failed attempt:
 * retry_seconds, doubled each attempt, at most an hour. */
int64_t worker_retry_delay(const struct worker_config *cfg, int64_t attempt);

/* worker_run_job claims one due job and runs it: true when one ran. */
bool worker_run_job(const struct worker_config *cfg, struct db *db);

/* worker_start starts cfg->threads threads, each with its own connection
 * (db_thread; db_thread_setup first), running worker_run_due every
 * poll_ms. worker_stop asks them to stop after their current job and
 * joins them; call it before the database goes away. Both are for one
 * worker pool per process. cfg must outlive worker_stop. */
bool worker_start(const struct worker_config *cfg);
void worker_stop(void);

/* worker_wake makes idle workers look for due work now (after a commit
 * that queued some); a no-op when no worker runs in this process. */
void worker_wake(void);

#endif
