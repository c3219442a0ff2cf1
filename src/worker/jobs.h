/* The kinds of background jobs: a kind's name (stored in jobs.kind) and
 * the function that runs it. See worker.h. */
#ifndef DISCLOSE_JOBS_H
#define DISCLOSE_JOBS_H

#include "worker/worker.h"

struct job_kind {
	const char *name; /* "area.verb", e.g. "notify.digest" */
	job_fn *run;
};

/* job_kinds lists every kind; the last entry has name NULL. */
extern const struct job_kind job_kinds[];

/* A job queued once per local day, from the given local hour on, with the
 * unique key "KIND:YYYY-MM-DD" (so several workers queue it once). */
struct job_daily {
	const char *kind;
	int hour; /* 0-23, the agency's time zone */
};
/* job_daily_list lists them; the last entry has kind NULL. */
extern const struct job_daily job_daily_list[];

/* job_kind_find returns the kind named name, or NULL. */
const struct job_kind *job_kind_find(const char *name);

#endif
