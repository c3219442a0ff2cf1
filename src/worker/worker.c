/* The background worker: claim, run, finish; daily jobs; threads. */
#include "worker/worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/date.h"
#include "util/die.h"
#include "util/log.h"
#include "worker/jobs.h"
#include "worker/mailer.h"
#include "worker/smtp.h"

enum { RETRY_MAX_SECONDS = 3600, DAILY_MAX = 32 };

/* env_uint reads a positive number from the environment into *out. */
static bool env_uint(const char *name, unsigned *out)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return true;
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (*end || errno || n < 1 || n > 86400000) {
		fprintf(stderr, "disclose: %s must be a positive number\n", name);
		return false;
	}
	*out = (unsigned)n;
	return true;
}

bool worker_config_default(struct worker_config *cfg)
{
	*cfg = (struct worker_config){
		.threads = 1, .poll_ms = 1000, .lease_seconds = 300, .retry_seconds = 60,
		.mail = {.give_up_seconds = 2 * 86400, .timeout_seconds = 60},
	};
	return env_uint("DISCLOSE_WORKER_POLL_MS", &cfg->poll_ms) &&
	       env_uint("DISCLOSE_WORKER_LEASE_SECONDS", &cfg->lease_seconds) &&
	       env_uint("DISCLOSE_WORKER_RETRY_SECONDS", &cfg->retry_seconds);
}

int64_t worker_retry_delay(const struct worker_config *cfg, int64_t attempt)
{
	int64_t d = cfg->retry_seconds;
	for (int64_t i = 1; i < attempt && d < RETRY_MAX_SECONDS; i++)
		d *= 2;
	return d < RETRY_MAX_SECONDS ? d : RETRY_MAX_SECONDS;
}

static const struct job_kind *find_kind(const struct worker_config *cfg, const char *name)
{
	if (!cfg->kinds)
		return job_kind_find(name);
	for (const struct job_kind *k = cfg->kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

bool worker_run_job(const struct worker_config *cfg, struct db *db)
{
	int64_t now = date_time_now();
	struct store_job claimed = {0};
	enum store_rc rc = store_job_claim(db, now, cfg->lease_seconds, &claimed);
	if (rc == STORE_NOT_FOUND)
		return false;
	if (rc != STORE_OK) {
		log_error("worker: %s", db_errmsg(db));
		return false;
	}
	struct job job = {
		.db = db, .id = claimed.id, .kind = claimed.kind, .attempt = claimed.attempts,
		.max_attempts = claimed.max_attempts, .now = now, .cfg = cfg,
	};
	enum job_result result = JOB_FAILED;
	const struct job_kind *kind = find_kind(cfg, claimed.kind);
	json_error_t jerr;
	job.payload = json_loads(claimed.payload, 0, &jerr);
	if (!kind) {
		snprintf(job.error, sizeof job.error, "unknown job kind '%s'", claimed.kind);
	} else if (!json_is_object(job.payload)) {
		snprintf(job.error, sizeof job.error, "the payload is not a JSON object");
	} else if (job.attempt > job.max_attempts) {
		/* Its workers died holding it: do not start it once more. */
		snprintf(job.error, sizeof job.error, "abandoned after %lld attempts",
			 (long long)claimed.max_attempts);
	} else {
		result = kind->run(&job);
		db_rollback(db); /* a job that left a transaction open loses it */
		if (result != JOB_DONE && !job.error[0])
			snprintf(job.error, sizeof job.error, "failed without saying why");
	}
	int64_t retry_at = 0;
	if (result == JOB_RETRY && job.attempt < job.max_attempts)
		retry_at = date_time_now() + worker_retry_delay(cfg, job.attempt);
	const char *error = result == JOB_DONE ? NULL : job.error;
	if (result != JOB_DONE)
		log_warn("worker: job %lld (%s), attempt %lld of %lld: %s%s", (long long)job.id,
			 claimed.kind, (long long)job.attempt, (long long)job.max_attempts,
			 job.error, retry_at ? "; will retry" : "; gave up");
	rc = store_job_finish(db, &claimed, date_time_now(), error, retry_at);
	if (rc == STORE_NOT_FOUND)
		log_warn("worker: job %lld outlived its lease; another worker has it",
			 (long long)job.id);
	else if (rc != STORE_OK)
		log_error("worker: %s", db_errmsg(db));
	json_decref(job.payload);
	free(claimed.payload);
	return true;
}

/* Daily jobs already queued by this process: kind index -> local date. */
static pthread_mutex_t daily_lock = PTHREAD_MUTEX_INITIALIZER;
static char daily_done[DAILY_MAX][DATE_FMT_MAX];

/* queue_daily queues each daily job whose hour has come today, once per
 * day (the unique key makes it once across processes too). */
static void queue_daily(const struct worker_config *cfg, struct db *db, int64_t now)
{
	const struct job_daily *list = cfg->daily ? cfg->daily : job_daily_list;
	struct date_time local = date_time_to_local(now);
	char today[DATE_FMT_MAX];
	date_format_iso(date_local(now), today);
	for (int i = 0; list[i].kind && i < DAILY_MAX; i++) {
		if (local.hour < list[i].hour)
			continue;
		pthread_mutex_lock(&daily_lock);
		bool done = !strcmp(daily_done[i], today);
		pthread_mutex_unlock(&daily_lock);
		if (done)
			continue;
		char key[128];
		snprintf(key, sizeof key, "%s:%s", list[i].kind, today);
		struct store_job_new j = {
			.kind = list[i].kind, .run_at = now, .unique_key = key, .now = now,
		};
		if (store_job_enqueue(db, &j, NULL) != STORE_OK) {
			log_error("worker: %s", db_errmsg(db));
			continue;
		}
		pthread_mutex_lock(&daily_lock);
		memcpy(daily_done[i], today, sizeof today);
		pthread_mutex_unlock(&daily_lock);
	}
}

int worker_run_due(const struct worker_config *cfg, struct db *db, const atomic_bool *stop)
{
	queue_daily(cfg, db, date_time_now());
	int n = 0;
	for (;;) {
		int before = n;
		if (!(stop && atomic_load(stop)) && cfg->mail.smtp_url &&
		    mailer_send_one(cfg, db, stop))
			n++;
		if (!(stop && atomic_load(stop)) && worker_run_job(cfg, db))
			n++;
		if (n == before)
			return n;
	}
}

/* The pool. */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	atomic_bool stop;
	unsigned woken; /* bumped by worker_wake */
	pthread_t *threads;
	unsigned n;
	const struct worker_config *cfg;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void *worker_thread(void *arg)
{
	(void)arg;
	const struct worker_config *cfg = pool.cfg;
	struct db *db = db_thread();
	if (!db) {
		log_error("worker: no database connection; the worker thread stops");
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&pool.lock);
		bool stop = pool.stop;
		unsigned seen = pool.woken;
		pthread_mutex_unlock(&pool.lock);
		if (stop)
			break;
		worker_run_due(cfg, db, &pool.stop);

		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += cfg->poll_ms / 1000;
		until.tv_nsec += (long)(cfg->poll_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&pool.lock);
		while (!pool.stop && pool.woken == seen &&
		       pthread_cond_timedwait(&pool.wake, &pool.lock, &until) == 0)
			;
		pthread_mutex_unlock(&pool.lock);
	}
	return NULL;
}

bool worker_start(const struct worker_config *cfg)
{
	if (cfg->threads == 0)
		return true;
	pool.cfg = cfg;
	pool.stop = false;
	pool.threads = xcalloc(cfg->threads, sizeof *pool.threads);
	for (pool.n = 0; pool.n < cfg->threads; pool.n++) {
		int rc = pthread_create(&pool.threads[pool.n], NULL, worker_thread, NULL);
		if (rc != 0) {
			log_error("worker: cannot start a thread: %s", strerror(rc));
			worker_stop();
			return false;
		}
	}
	log_info("worker: %u thread%s", pool.n, pool.n == 1 ? "" : "s");
	return true;
}

void worker_stop(void)
{
	if (!pool.threads)
		return;
	pthread_mutex_lock(&pool.lock);
	pool.stop = true;
	pthread_cond_broadcast(&pool.wake);
	pthread_mutex_unlock(&pool.lock);
	smtp_interrupt();
	for (unsigned i = 0; i < pool.n; i++)
		pthread_join(pool.threads[i], NULL);
	free(pool.threads);
	pool.threads = NULL;
	pool.n = 0;
}

void worker_wake(void)
{
	pthread_mutex_lock(&pool.lock);
	pool.woken++;
	pthread_cond_broadcast(&pool.wake);
	pthread_mutex_unlock(&pool.lock);
}
