/* The deadline jobs of the background worker. */
#ifndef DISCLOSE_DUE_JOB_H
#define DISCLOSE_DUE_JOB_H

#include "worker/worker.h"

/* due_sweep_job ("deadline.sweep", daily) records the requests that fell
 * overdue since the last sweep (domain/due.h: due_sweep). Running it again
 * the same day records nothing twice. */
enum job_result due_sweep_job(struct job *job);

#endif
