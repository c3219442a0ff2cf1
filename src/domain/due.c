#include "domain/due.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/notify.h"
#include "util/date.h"
#include "util/log.h"
#include "util/json_field.h"

/* store_flag stores the flag the history changes gives under e. */
static enum store_rc store_flag(struct db *db, int64_t request_id,
				const struct deadline_engine *e, const json_t *changes)
{
	json_t *flag = deadline_compliance(&e->rules, &e->cal, changes);
	enum store_rc rc = store_request_set_compliance(db, request_id, json_str(flag, "text"));
	json_decref(flag);
	return rc;
}

enum store_rc due_recheck(struct db *db, int64_t request_id, const char *explanation)
{
	json_t *changes = NULL;
	enum store_rc rc = store_request_due_changes(db, request_id, &changes);
	if (rc != STORE_OK)
		return rc;
	struct deadline_engine *e =
		json_array_size(changes) ? deadline_engine_for(db, explanation) : NULL;
	if (json_array_size(changes) && !e)
		rc = STORE_ERROR;
	else if (e)
		rc = store_flag(db, request_id, e, changes);
	else
		rc = store_request_set_compliance(db, request_id, NULL);
	json_decref(changes);
	free(e);
	return rc;
}

/* The engines one recomputation has loaded, by the rule set a stored
 * explanation names: the calendar is read once, not once per request. */
enum { ENGINES_MAX = 16 };
struct engines {
	char keys[ENGINES_MAX][32];
	struct deadline_engine *loaded[ENGINES_MAX];
	size_t n;
};

/* engine_of returns the engine for a stored explanation (owned by c), or
 * NULL when none loads. */
static const struct deadline_engine *engine_of(struct db *db, struct engines *c,
					       const char *explanation)
{
	json_t *how = explanation ? json_loads(explanation, 0, NULL) : NULL;
	char key[32];
	snprintf(key, sizeof key, "%s", json_str(how, "rule") ? json_str(how, "rule") : "");
	json_decref(how);
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->keys[i], key))
			return c->loaded[i];
	struct deadline_engine *e = deadline_engine_for(db, explanation);
	if (!e)
		return NULL;
	size_t slot = c->n < ENGINES_MAX ? c->n++ : ENGINES_MAX - 1;
	free(c->loaded[slot]);
	c->loaded[slot] = e;
	snprintf(c->keys[slot], sizeof c->keys[slot], "%s", key);
	return e;
}

/* moved_event writes the event and audit row of a due date the calendar
 * moved. */
static enum store_rc moved_event(struct db *db, const struct store_event_new *byline,
				 const char *ip, const json_t *row, const char *due,
				 const char *why)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t version = json_integer_value(json_object_get(row, "version"));
	const char *old = json_str(row, "due_date");
	json_t *data = json_pack("{s:s, s:s, s:s, s:b}", "new", due, "old", old, "reason", why,
				 "recomputed", true);
	char *text = json_dumps(data, JSON_COMPACT);
	struct store_event_new e = *byline;
	e.request_id = id;
	e.kind = "due_date_changed";
	e.level = "public";
	e.body = why;
	e.data = text;
	int64_t event_id = 0;
	enum store_rc rc = store_event_add(db, &e, &event_id);
	if (rc == STORE_OK && !notify_event(db, event_id))
		rc = STORE_ERROR;
	free(text);
	json_decref(data);
	json_t *before = json_pack("{s:s, s:I}", "due_date", old, "version", (json_int_t)version);
	json_t *after =
		json_pack("{s:s, s:I}", "due_date", due, "version", (json_int_t)version + 1);
	char *b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
	char *a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	struct store_audit_new audit = {
		.actor_id = byline->actor_id,
		.action = "request.due_recomputed",
		.request_id = id,
		.target_type = "request",
		.target_id = id,
		.before_json = b,
		.after_json = a,
		.ip = ip,
		.at = byline->created_at,
	};
	if (rc == STORE_OK)
		rc = store_audit_add(db, &audit);
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* recompute_one computes one request's due date again; *moved is set when
 * it changed. */
static enum store_rc recompute_one(struct db *db, struct engines *engines,
				   const struct store_event_new *byline, const char *ip,
				   const json_t *row, const char *why, bool *moved)
{
	*moved = false;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_t *changes = NULL;
	enum store_rc rc = store_request_due_changes(db, id, &changes);
	if (rc != STORE_OK)
		return rc;
	const struct deadline_engine *e = engine_of(db, engines, json_str(row, "due_explanation"));
	char first[DATE_FMT_MAX], due[DATE_FMT_MAX];
	char *explanation = NULL;
	if (!e)
		rc = STORE_ERROR;
	else if (deadline_replay(&e->rules, &e->cal,
				 json_integer_value(json_object_get(row, "received_at")), changes,
				 first, due, &explanation)) {
		const char *old_due = json_str(row, "due_date"), *old_first = json_str(row, "first_due_date");
		bool due_moves = !old_due || strcmp(old_due, due);
		if (due_moves || !old_first || strcmp(old_first, first))
			rc = store_request_set_due(
				db, id, json_integer_value(json_object_get(row, "version")), due,
				first, explanation, byline->created_at);
		if (rc == STORE_OK && due_moves) {
			rc = moved_event(db, byline, ip, row, due, why);
			*moved = true;
		}
		/* The history as read: the move just written is no extension. */
		if (rc == STORE_OK && due_moves)
			rc = store_flag(db, id, e, changes);
	}
	free(explanation);
	json_decref(changes);
	return rc;
}

enum store_rc due_recompute(struct db *db, const struct store_event_new *byline, const char *ip,
			    const char *from, const char *why, int *moved)
{
	json_t *rows = NULL;
	enum store_rc rc = store_requests_due_by_rule(db, from ? from : "0000-01-01",
						      DUE_RECOMPUTE_MAX, &rows);
	int n = 0;
	size_t i;
	json_t *row;
	struct engines engines = {.n = 0};
	json_array_foreach(rows, i, row) {
		bool one = false;
		if (rc == STORE_OK)
			rc = recompute_one(db, &engines, byline, ip, row, why, &one);
		n += one;
	}
	for (size_t k = 0; k < engines.n; k++)
		free(engines.loaded[k]);
	if (json_array_size(rows) == DUE_RECOMPUTE_MAX)
		log_error("a calendar change recomputed only the first %d requests",
			  DUE_RECOMPUTE_MAX);
	json_decref(rows);
	if (moved)
		*moved = n;
	return rc;
}

/* sweep_batch marks one batch; *n is how many it read. */
static bool sweep_batch(struct db *db, int64_t now, const char *local_now, int *n)
{
	json_t *rows = NULL;
	if (!db_begin(db))
		return false;
	enum store_rc rc = store_requests_newly_overdue(db, local_now, DUE_SWEEP_BATCH, &rows);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *due = json_str(row, "due_date");
		struct date d;
		char label[DATE_FMT_MAX];
		if (rc != STORE_OK || !date_parse(due, &d))
			continue;
		json_t *body = json_sprintf("Overdue: the due date was %s.",
					    date_format_long_wday(d, label));
		json_t *data = json_pack("{s:s}", "due_date", due);
		char *text = json_dumps(data, JSON_COMPACT);
		struct store_event_new e = {
			.request_id = json_integer_value(json_object_get(row, "id")),
			.kind = "overdue",
			.level = "staff",
			.created_at = now,
			.body = json_string_value(body),
			.data = text,
		};
		rc = store_event_add(db, &e, NULL);
		free(text);
		json_decref(data);
		json_decref(body);
	}
	*n = (int)json_array_size(rows);
	json_decref(rows);
	if (rc == STORE_OK && db_commit(db))
		return true;
	log_error("the overdue sweep: %s", db_errmsg(db));
	db_rollback(db);
	return false;
}

bool due_sweep(struct db *db, int64_t now, int *marked)
{
	char local_now[DATE_FMT_MAX];
	deadline_clock_text(deadline_clock_at(now), local_now);
	int total = 0, n = DUE_SWEEP_BATCH;
	bool ok = true;
	while (ok && n == DUE_SWEEP_BATCH) {
		ok = sweep_batch(db, now, local_now, &n);
		if (ok)
			total += n;
	}
	if (marked)
		*marked = total;
	return ok;
}
