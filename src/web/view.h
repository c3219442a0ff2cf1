/* Pieces of view models that several pages share: how a request looks in
 * a list, labels for statuses, dates and times in the agency's zone. */
#ifndef DISCLOSE_VIEW_H
#define DISCLOSE_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "domain/deadline.h"
#include "util/date.h"

/* view_today is the agency's local date now. */
struct date view_today(void);
/* view_clock is the agency's local date and minute now: what due dates
 * are judged at. */
struct deadline_clock view_clock(void);

/* view_status adds to obj: status, status_label ("Open", "Paused",
 * "Closed", "Overdue", "Due soon"), overdue and due_soon (booleans, derived
 * from due_date and the minute of it its deadline ends, ends_min: overdue
 * once it has ended at now (deadline_ended), due soon until then when due
 * by soon_until, the last day of due soon (deadline_soon_until); never for
 * a closed request). */
void view_status(json_t *obj, const char *status, const char *due_date, int ends_min,
		 struct deadline_clock now, struct date soon_until);
/* view_row_ends_min: a row's due_end_minute, or the end of the day when it
 * has none (a task). */
int view_row_ends_min(const json_t *row);

/* view_date_label: "September 12, 2019" from "2019-09-12" (NULL when the
 * text is not a date). The result is a new JSON string or null. */
json_t *view_date_label(const char *iso);
/* view_ends_label: "5:00pm", the time a deadline ending ends_min minutes
 * into its due date ends; null when it ends with the day. */
json_t *view_ends_label(int ends_min);
/* view_time_label: "June 16, 2020, 5:16pm" in the agency's zone. */
json_t *view_time_label(int64_t t);

/* view_excerpt returns the first characters of text, cut at a word
 * boundary with an ellipsis, up to max bytes (valid UTF-8 kept). */
json_t *view_excerpt(const char *text, size_t max);

/* view_request_summary turns an archive row {id, number, status,
 * description, received_at, due_date, due_end_minute, closed_at} into
 * {number, url, status, status_label, overdue, due_soon, excerpt,
 * received, received_label, due_date, due_label, due_time ("5:00pm" when
 * the deadline ends before the end of its day, else null), closed_label
 * (null while not closed), compliance (the request's compliance flag
 * text, or null)}. */
json_t *view_request_summary(const json_t *row, struct deadline_clock now,
			     struct date soon_until);

/* view_department_choices turns store_departments rows into options for a
 * <select>: [{value ("12"), label (the name), selected}], selected where
 * the id equals selected_id (0: none). */
json_t *view_department_choices(const json_t *departments, int64_t selected_id);

/* view_form_value is a person's input, shown again in a form field:
 * control characters dropped, tabs and line breaks kept (CRLF as LF). */
json_t *view_form_value(const char *raw);
/* view_snippet turns a search snippet whose matches are marked by the
 * bytes 0x02 (start) and 0x03 (end) into HTML: the text HTML-escaped, each
 * marked match in <mark>...</mark> (unbalanced marks are mended). */
json_t *view_snippet(const char *marked);

struct db;

/* view_soon_until: the last day of due soon on now's day
 * (deadline_soon_until) when one of rows ({status, due_date}; a single row
 * object too) may be due soon, else that day: the calendar is read only
 * when it matters. */
struct date view_soon_until(struct db *db, const json_t *rows, struct deadline_clock now);

/* view_request_rows turns archive or search rows into summaries
 * (view_request_summary) with their departments [{id, name, short_name}],
 * read in one query for all rows, and departments_label ("Department",
 * "Departments", null when none); search rows also get snippet_html
 * (view_snippet) and matched_in ("the request", "the timeline", "a
 * document"). NULL when the store fails. */
json_t *view_request_rows(struct db *db, const json_t *rows, struct deadline_clock now);

#endif
