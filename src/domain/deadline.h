/* Due dates. A request's first due date is computed from the local date of
 * receipt by the portal's rule and stored with how it was computed, so the
 * page can explain it in words.
 *
 * The rule here is the CPRA's: 10 calendar days, a deadline falling on a
 * weekend moved to the next business day. Holiday calendars and the other
 * rule sets come with the deadline engine. */
#ifndef DISCLOSE_DEADLINE_H
#define DISCLOSE_DEADLINE_H

#include <jansson.h>

#include "util/date.h"

/* deadline_first writes the first due date (YYYY-MM-DD) for a request
 * received on the local date received into due, and returns how it was
 * computed as malloc'd JSON text to store with it: {rule, citation,
 * received, days, unit, counted, due, moved_because}. */
char *deadline_first(struct date received, char due[static DATE_FMT_MAX]);

/* deadline_explain turns a stored explanation (parsed) into a sentence: "Received
 * Thursday September 12, 2019. 10 calendar days: Sunday September 22, 2019,
 * moved to the next business day: Monday September 23, 2019." Returns a
 * malloc'd string, or NULL when the explanation is not one it knows. */
char *deadline_explain(const json_t *explanation);

#endif
