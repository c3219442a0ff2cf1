/* The table of job kinds: one line per kind. */
#include "worker/jobs.h"

#include <string.h>

const struct job_kind job_kinds[] = {
	{NULL, NULL},
};

const struct job_daily job_daily_list[] = {
	{NULL, 0},
};

const struct job_kind *job_kind_find(const char *name)
{
	for (const struct job_kind *k = job_kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}
