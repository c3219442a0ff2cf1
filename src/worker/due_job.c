#include "worker/due_job.h"

#include <stdio.h>

#include "domain/due.h"

enum job_result due_sweep_job(struct job *job)
{
	int marked = 0;
	if (due_sweep(job->db, job->now, &marked))
		return JOB_DONE;
	snprintf(job->error, sizeof job->error, "the overdue sweep failed: %s", db_errmsg(job->db));
	return JOB_RETRY;
}
