/* The table of job kinds: one line per kind. */
#include "worker/jobs.h"

#include <string.h>

#include "domain/document.h"
#include "domain/notify.h"

const struct job_kind job_kinds[] = {
	{"documents.extract", document_extract_text_job},
	{"notify.digest", notify_digest_job},
	{NULL, NULL},
};

const struct job_daily job_daily_list[] = {
	{"notify.digest", 7},
	{NULL, 0},
};

const struct job_kind *job_kind_find(const char *name)
{
	for (const struct job_kind *k = job_kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}
