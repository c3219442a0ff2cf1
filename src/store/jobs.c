/* Background jobs: enqueue, claim with a lease, finish. */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

enum store_rc store_job_enqueue(struct db *db, const struct store_job_new *j, int64_t *id)
{
	PREPARE(st, STMT_JOB_ENQUEUE);
	enum store_rc r = RUN(st, "queueing a job", "ttiiti", j->kind,
			      j->payload ? j->payload : "{}", j->run_at,
			      j->max_attempts > 0 ? j->max_attempts : (int64_t)5, j->unique_key,
			      j->now);
	if (r == STORE_OK && id)
		*id = sqlite3_changes(db->conn) ? sqlite3_last_insert_rowid(db->conn) : 0;
	return r;
}

enum store_rc store_job_claim(struct db *db, int64_t now, int64_t lease, struct store_job *job)
{
	PREPARE(st, STMT_JOB_CLAIM);
	if (db_bind(db, st, "ii", now, lease) != SQLITE_OK)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	enum store_rc r = rc == SQLITE_DONE ? STORE_NOT_FOUND : db_result(db, rc, "claiming a job");
	if (r == STORE_OK) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *payload = (const char *)sqlite3_column_text(st, 2);
		job->id = sqlite3_column_int64(st, 0);
		snprintf(job->kind, sizeof job->kind, "%s", kind ? kind : "");
		job->payload = strdup(payload ? payload : "{}");
		job->attempts = sqlite3_column_int64(st, 3);
		job->max_attempts = sqlite3_column_int64(st, 4);
		if (!job->payload)
			r = STORE_ERROR;
		/* Step to the end so the UPDATE ... RETURNING commits. */
		while (rc == SQLITE_ROW)
			rc = sqlite3_step(st);
		if (rc != SQLITE_DONE && r == STORE_OK) {
			r = db_result(db, rc, "claiming a job");
			free(job->payload);
			job->payload = NULL;
		}
	}
	sqlite3_reset(st);
	return r;
}

enum store_rc store_job_finish(struct db *db, const struct store_job *job, int64_t now,
			       const char *error, int64_t retry_at)
{
	enum store_rc r;
	if (!error) {
		PREPARE(st, STMT_JOB_DONE);
		r = RUN(st, "finishing a job", "iii", job->id, job->attempts, now);
	} else if (retry_at) {
		PREPARE(st, STMT_JOB_RETRY);
		r = RUN(st, "rescheduling a job", "iiit", job->id, job->attempts, retry_at, error);
	} else {
		PREPARE(st, STMT_JOB_FAIL);
		r = RUN(st, "failing a job", "iiit", job->id, job->attempts, now, error);
	}
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_job_get(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_JOB_GET);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a job", row);
}
