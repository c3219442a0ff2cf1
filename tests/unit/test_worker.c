/* Unit tests for the background worker: idempotent enqueue, claim with a
 * lease, retries with growing delays, giving up, daily jobs, and two
 * threads on one database running every job exactly once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "util/date.h"
#include "worker/jobs.h"
#include "worker/worker.h"
#include "db_fixture.h"

enum { MANY = 300 };

static atomic_int runs[MANY + 1]; /* by job id */

static enum job_result count_job(struct job *job)
{
	if (job->id >= 0 && job->id <= MANY)
		atomic_fetch_add(&runs[job->id], 1);
	return JOB_DONE;
}

/* Fails until its payload's "succeed_at" attempt. */
static enum job_result flaky_job(struct job *job)
{
	json_int_t at = json_integer_value(json_object_get(job->payload, "succeed_at"));
	if (job->attempt >= at)
		return JOB_DONE;
	snprintf(job->error, sizeof job->error, "attempt %lld is too early",
		 (long long)job->attempt);
	return JOB_RETRY;
}

static const struct job_kind test_kinds[] = {
	{"test.count", count_job},
	{"test.flaky", flaky_job},
	{NULL, NULL},
};
static const struct job_daily no_daily[] = {{NULL, 0}};

static struct worker_config test_config(void)
{
	struct worker_config c = {
		.threads = 1, .poll_ms = 10, .lease_seconds = 300, .retry_seconds = 60,
		.kinds = test_kinds, .daily = no_daily,
	};
	return c;
}

static int64_t enqueue(struct db *db, const char *kind, const char *payload, const char *key)
{
	int64_t now = date_time_now(), id = -1;
	struct store_job_new j = {
		.kind = kind, .payload = payload, .run_at = now, .unique_key = key, .now = now,
	};
	assert_int_equal(store_job_enqueue(db, &j, &id), STORE_OK);
	return id;
}

static void reset_runs(void)
{
	for (int i = 0; i <= MANY; i++)
		atomic_store(&runs[i], 0);
}

static void test_unique_key_queues_once(void **state)
{
	struct fixture *f = *state;
	/* Inside another transaction too. */
	assert_true(db_begin(f->db));
	int64_t a = enqueue(f->db, "test.count", NULL, "count:1");
	int64_t b = enqueue(f->db, "test.count", NULL, "count:1");
	assert_true(db_commit(f->db));
	assert_true(a > 0);
	assert_int_equal(b, 0);
	assert_true(enqueue(f->db, "test.count", NULL, NULL) > 0);
	assert_true(enqueue(f->db, "test.count", NULL, NULL) > 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs"), 3);

	/* A rolled-back enqueue leaves nothing. */
	assert_true(db_begin(f->db));
	enqueue(f->db, "test.count", NULL, "count:2");
	db_rollback(f->db);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs"), 3);

	reset_runs();
	struct worker_config c = test_config();
	assert_int_equal(worker_run_due(&c, f->db, NULL), 3);
	assert_int_equal(worker_run_due(&c, f->db, NULL), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs WHERE status = 'done'"
					  " AND finished_at IS NOT NULL AND attempts = 1"), 3);
	assert_int_equal(atomic_load(&runs[a]), 1);
	/* A done job's key still counts: queued once ever. */
	assert_int_equal(enqueue(f->db, "test.count", NULL, "count:1"), 0);
}

static void test_retry_grows_then_succeeds(void **state)
{
	struct fixture *f = *state;
	struct worker_config c = test_config();
	int64_t id = enqueue(f->db, "test.flaky", "{\"succeed_at\": 3}", NULL);
	char sql[160];
	int64_t before = date_time_now();
	assert_true(worker_run_job(&c, f->db));
	snprintf(sql, sizeof sql, "SELECT run_at - %lld FROM jobs WHERE id = %lld",
		 (long long)before, (long long)id);
	int64_t wait1 = query_int(f->db, sql);
	assert_in_range(wait1, 60, 62);
	/* Not due yet: nothing runs. */
	assert_false(worker_run_job(&c, f->db));
	char err[128];
	snprintf(sql, sizeof sql, "SELECT last_error FROM jobs WHERE id = %lld", (long long)id);
	query_text(f->db, sql, err, sizeof err);
	assert_string_equal(err, "attempt 1 is too early");

	assert_int_equal(exec(f->db, "UPDATE jobs SET run_at = 0"), 0);
	before = date_time_now();
	assert_true(worker_run_job(&c, f->db));
	snprintf(sql, sizeof sql, "SELECT run_at - %lld FROM jobs WHERE id = %lld",
		 (long long)before, (long long)id);
	assert_in_range(query_int(f->db, sql), 120, 122); /* doubled */

	assert_int_equal(exec(f->db, "UPDATE jobs SET run_at = 0"), 0);
	assert_true(worker_run_job(&c, f->db));
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs WHERE status = 'done'"
					  " AND attempts = 3 AND last_error IS NULL"), 1);
}

static void test_gives_up_after_max_attempts(void **state)
{
	struct fixture *f = *state;
	struct worker_config c = test_config();
	int64_t now = date_time_now();
	struct store_job_new j = {
		.kind = "test.flaky", .payload = "{\"succeed_at\": 99}", .run_at = now,
		.max_attempts = 2, .now = now,
	};
	assert_int_equal(store_job_enqueue(f->db, &j, NULL), STORE_OK);
	assert_true(worker_run_job(&c, f->db));
	assert_int_equal(exec(f->db, "UPDATE jobs SET run_at = 0"), 0);
	assert_true(worker_run_job(&c, f->db));
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs WHERE status = 'failed'"
					  " AND attempts = 2 AND finished_at IS NOT NULL"), 1);
	char err[128];
	query_text(f->db, "SELECT last_error FROM jobs", err, sizeof err);
	assert_string_equal(err, "attempt 2 is too early");

	/* Unknown kinds and bad payloads fail at once, with the reason. */
	enqueue(f->db, "test.nonesuch", NULL, NULL);
	enqueue(f->db, "test.count", "[1]", NULL);
	assert_int_equal(worker_run_due(&c, f->db, NULL), 2);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs WHERE status = 'failed'"
					  " AND attempts = 1 AND (last_error = 'unknown job kind "
					  "''test.nonesuch''' OR last_error = 'the payload is not a "
					  "JSON object')"), 2);
}

static void test_lease_expires_and_is_taken_over(void **state)
{
	struct fixture *f = *state;
	int64_t id = enqueue(f->db, "test.count", NULL, NULL);
	int64_t now = date_time_now();
	struct store_job first = {0}, second = {0};
	assert_int_equal(store_job_claim(f->db, now, 30, &first), STORE_OK);
	assert_int_equal(first.id, id);
	assert_string_equal(first.kind, "test.count");
	assert_int_equal(first.attempts, 1);
	/* Held: nobody else gets it during the lease. */
	assert_int_equal(store_job_claim(f->db, now + 29, 30, &second), STORE_NOT_FOUND);
	/* Its worker died: once the lease is over another takes it... */
	assert_int_equal(store_job_claim(f->db, now + 30, 30, &second), STORE_OK);
	assert_int_equal(second.id, id);
	assert_int_equal(second.attempts, 2);
	/* ... and the first can no longer finish it. */
	assert_int_equal(store_job_finish(f->db, &first, now + 31, NULL, 0), STORE_NOT_FOUND);
	assert_int_equal(store_job_finish(f->db, &second, now + 31, NULL, 0), STORE_OK);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs WHERE status = 'done'"), 1);
	free(first.payload);
	free(second.payload);
}

static void test_daily_job_queued_once_a_day(void **state)
{
	struct fixture *f = *state;
	static const struct job_daily daily[] = {{"test.count", 0}, {NULL, 0}};
	struct worker_config c = test_config();
	c.daily = daily;
	reset_runs();
	assert_int_equal(worker_run_due(&c, f->db, NULL), 1);
	assert_int_equal(worker_run_due(&c, f->db, NULL), 0);
	/* Another process (its own memory) queues nothing new either. */
	char key[64], today[DATE_FMT_MAX], got[64];
	snprintf(key, sizeof key, "test.count:%s", date_format_iso(date_local(date_time_now()), today));
	query_text(f->db, "SELECT unique_key FROM jobs", got, sizeof got);
	assert_string_equal(got, key);
	assert_int_equal(enqueue(f->db, "test.count", NULL, key), 0);
}

struct racer {
	const char *path;
	int ran;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	char err[256];
	struct db *db = db_open(r->path, false, err, sizeof err);
	if (!db)
		return NULL;
	struct worker_config c = test_config();
	r->ran = worker_run_due(&c, db, NULL);
	db_close(db);
	return NULL;
}

static void test_two_threads_run_each_job_once(void **state)
{
	struct fixture *f = *state;
	reset_runs();
	assert_true(db_begin(f->db));
	for (int i = 0; i < MANY; i++)
		enqueue(f->db, "test.count", NULL, NULL);
	assert_true(db_commit(f->db));
	struct racer a = {f->path, 0}, b = {f->path, 0};
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.ran + b.ran, MANY);
	for (int i = 1; i <= MANY; i++)
		assert_int_equal(atomic_load(&runs[i]), 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM jobs WHERE status = 'done'"
					  " AND attempts = 1"), MANY);
}

static void test_pool_starts_runs_and_stops(void **state)
{
	struct fixture *f = *state;
	reset_runs();
	db_thread_setup(f->path);
	struct worker_config c = test_config();
	c.threads = 2;
	assert_true(worker_start(&c));
	int64_t id = enqueue(f->db, "test.count", NULL, NULL);
	worker_wake();
	for (int i = 0; i < 500 && atomic_load(&runs[id]) == 0; i++) {
		struct timespec ts = {0, 10 * 1000000L};
		nanosleep(&ts, NULL);
	}
	worker_stop();
	assert_int_equal(atomic_load(&runs[id]), 1);
	worker_stop(); /* twice is fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_unique_key_queues_once),
		T(test_retry_grows_then_succeeds),
		T(test_gives_up_after_max_attempts),
		T(test_lease_expires_and_is_taken_over),
		T(test_daily_job_queued_once_a_day),
		T(test_two_threads_run_each_job_once),
		T(test_pool_starts_runs_and_stops),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
