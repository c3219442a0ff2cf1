/* Unit tests for keeping due dates true (src/domain/due.c) and the staff
 * actions that move them: the compliance flag stored by every change, the
 * replay a calendar change runs (hand-set dates left alone), the overdue
 * sweep (once per request and due date), extensions and the pause limit.
 * End to end: tests/e2e/deadlines.test.mjs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "domain/deadline.h"
#include "domain/deadline_admin.h"
#include "domain/due.h"
#include "domain/request.h"
#include "domain/staff_actions.h"

static const struct staff_actor staff = {.viewer = {1, ROLE_STAFF}, .now = 1800000000};

static struct db *db_of(void **state)
{
	assert_true(date_tz_set("America/Los_Angeles"));
	return ((struct fixture *)*state)->db;
}

static int64_t local_at(const char *iso, int hour)
{
	struct date_time dt = {.hour = hour};
	assert_true(date_parse(iso, &dt.date));
	return date_time_from_local(&dt);
}

/* plant adds request number received at 09:00 on the local date received,
 * due as the portal's rule set (cpra) computes it. */
static void plant(struct db *db, const char *number, const char *received)
{
	struct deadline_engine *e = deadline_engine_load(db, NULL);
	assert_non_null(e);
	char due[DATE_FMT_MAX];
	int64_t at = local_at(received, 9);
	char *how = deadline_first(&e->rules, &e->cal, at, due);
	free(e);
	char sql[1024];
	int seq = atoi(number + 3);
	snprintf(sql, sizeof sql,
		 "INSERT INTO requests (number, year, seq, description, received_at, channel,"
		 " due_date, first_due_date, due_explanation, created_at, updated_at)"
		 " VALUES ('%s', 2026, %d, 'Records', %lld, 'web', '%s', '%s', '%s', 0, 0)",
		 number, seq, (long long)at, due, due, how);
	free(how);
	assert_int_equal(exec(db, sql), 0);
}

static void users(struct db *db)
{
	assert_int_equal(exec(db, "INSERT INTO users (id, email, name, role, created_at, updated_at)"
				  " VALUES (1, 'kris@example.gov', 'Kris Tu', 'staff', 0, 0)"),
			 0);
}

static void text_of(struct db *db, const char *sql, char *out)
{
	query_text(db, sql, out, 256);
}

/* Extensions: by the law's reasons; beyond it only with a note, flagged. */
static void extension_and_flag(void **state)
{
	struct db *db = db_of(state);
	users(db);
	plant(db, "26-1", "2026-03-02"); /* Monday: due Thursday March 12 */
	char due[256], flag[256];
	text_of(db, "SELECT due_date FROM requests", due);
	assert_string_equal(due, "2026-03-12");
	const char *problem = NULL;
	const char *const bad[] = {"weather"};
	struct staff_input in = {.action = STAFF_EXTEND, .version = 1, .extension_reasons = bad, .n_extension_reasons = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &in, &problem), STAFF_INVALID);
	struct staff_input none = {.action = STAFF_EXTEND, .version = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &none, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Choose the reason the law gives for the extension.");
	const char *const good[] = {"voluminous"};
	in.extension_reasons = good;
	assert_int_equal(staff_act(db, &staff, "26-1", &in, NULL), STAFF_OK);
	text_of(db, "SELECT due_date || ' ' || due_source FROM requests", due);
	assert_string_equal(due, "2026-03-26 rule");
	assert_int_equal(query_int(db, "SELECT compliance IS NULL FROM requests"), 1);
	in.version = 2;
	assert_int_equal(staff_act(db, &staff, "26-1", &in, &problem), STAFF_NEEDS_NOTE);
	assert_string_equal(problem, "This extension goes beyond what the law allows: write the reason.");
	in.body = "Storm damage.";
	assert_int_equal(staff_act(db, &staff, "26-1", &in, NULL), STAFF_OK);
	text_of(db, "SELECT due_date || '|' || compliance FROM requests", flag);
	assert_string_equal(flag, "2026-04-09|Extended twice; Gov. Code 7922.535 allows one "
				  "extension of up to 14 days");
	/* A hand-set earlier date is no extension: the flag stays, it counts. */
	struct staff_input hand = {.action = STAFF_DUE_DATE, .version = 3, .body = "Sooner",
				   .due_date = "2026-04-01"};
	assert_int_equal(staff_act(db, &staff, "26-1", &hand, NULL), STAFF_OK);
	text_of(db, "SELECT due_source || '|' || compliance FROM requests", flag);
	assert_string_equal(flag, "manual|Extended twice; Gov. Code 7922.535 allows one extension "
				  "of up to 14 days");
}

/* A calendar change: the rule's due dates (with their extensions) move,
 * hand-set ones stay; the flag of a move by the calendar is not set. */
static void recompute_leaves_hand_set_alone(void **state)
{
	struct db *db = db_of(state);
	users(db);
	plant(db, "26-1", "2026-03-02");
	plant(db, "26-2", "2026-03-02");
	const char *const reasons[] = {"consult_agency"};
	struct staff_input ext = {.action = STAFF_EXTEND, .version = 1, .extension_reasons = reasons,
				  .n_extension_reasons = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &ext, NULL), STAFF_OK);
	struct staff_input hand = {.action = STAFF_DUE_DATE, .version = 1, .body = "Agreed",
				   .due_date = "2026-03-26"};
	assert_int_equal(staff_act(db, &staff, "26-2", &hand, NULL), STAFF_OK);
	/* Both due Thursday March 26; close it. */
	assert_int_equal(exec(db, "INSERT INTO calendar_dates (date, kind, name, created_at)"
				  " VALUES ('2026-03-26', 'closed', 'Storm', 0)"),
			 0);
	assert_true(db_begin(db));
	struct store_event_new by = {.actor_id = 1, .actor_name = "Alex", .created_at = 1800000000};
	int moved = -1;
	assert_int_equal(due_recompute(db, &by, NULL, "2026-03-26", "Storm closure.", &moved),
			 STORE_OK);
	assert_true(db_commit(db));
	assert_int_equal(moved, 1);
	char row[256];
	text_of(db, "SELECT group_concat(number || ' ' || due_date || ' ' ||"
		    " coalesce(compliance, '-'), ', ') FROM requests",
		row);
	assert_string_equal(row, "26-1 2026-03-27 -, 26-2 2026-03-26 -");
	text_of(db, "SELECT body || '|' || level || '|' || data FROM events WHERE request_id = 1"
		    " ORDER BY id DESC LIMIT 1",
		row);
	assert_string_equal(row, "Storm closure.|public|{\"new\":\"2026-03-27\",\"old\":"
				 "\"2026-03-26\",\"reason\":\"Storm closure.\",\"recomputed\":true}");
	assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"
				       " WHERE action = 'request.due_recomputed'"),
			 1);
	/* Again: nothing moves. Then the closure goes and the date comes back. */
	assert_true(db_begin(db));
	assert_int_equal(due_recompute(db, &by, NULL, NULL, "Again.", &moved), STORE_OK);
	assert_int_equal(moved, 0);
	assert_int_equal(exec(db, "DELETE FROM calendar_dates"), 0);
	assert_int_equal(due_recompute(db, &by, NULL, NULL, "Storm over.", &moved), STORE_OK);
	assert_true(db_commit(db));
	assert_int_equal(moved, 1);
	text_of(db, "SELECT due_date FROM requests WHERE number = '26-1'", row);
	assert_string_equal(row, "2026-03-26");
}

/* deadline_replay itself: a history with a hand-set change is not the
 * rule's; pauses toll; recomputations are skipped. */
static void replay(void **state)
{
	db_of(state);
	struct deadline_engine *e = deadline_engine_load(db_of(state), "foia");
	assert_non_null(e);
	char first[DATE_FMT_MAX], due[DATE_FMT_MAX];
	char *how = NULL;
	json_t *h = json_loads("[{\"old\":\"2025-01-22\",\"new\":\"2025-02-05\",\"extension\":true},"
			       "{\"old\":\"2025-02-05\",\"new\":\"2025-02-06\",\"recomputed\":true},"
			       "{\"old\":\"2025-02-06\",\"new\":\"2025-02-11\",\"paused_days\":3}]",
			       0, NULL);
	assert_true(deadline_replay(&e->rules, &e->cal, local_at("2024-12-20", 10), h, first, due,
				    &how));
	assert_string_equal(first, "2025-01-22");
	/* 10 working days after Jan 22 is Feb 5; 3 more is Feb 10. */
	assert_string_equal(due, "2025-02-10");
	assert_non_null(strstr(how, "\"due\":\"2025-01-22\""));
	free(how);
	json_array_append_new(h, json_pack("{s:s, s:s}", "old", "2025-02-11", "new", "2025-03-01"));
	how = NULL;
	assert_false(deadline_replay(&e->rules, &e->cal, local_at("2024-12-20", 10), h, first, due,
				     &how));
	assert_null(how);
	json_decref(h);
	free(e);
}

/* The sweep marks each overdue request once per due date, at level staff;
 * paused and closed requests are not swept. */
static void sweep_once_per_due_date(void **state)
{
	struct db *db = db_of(state);
	plant(db, "26-1", "2026-03-02"); /* due 2026-03-12 */
	plant(db, "26-2", "2026-03-02");
	plant(db, "26-3", "2026-03-02");
	plant(db, "26-4", "2026-04-20"); /* due 2026-04-30 */
	assert_int_equal(exec(db, "UPDATE requests SET status = 'paused', paused_at = 1"
				  " WHERE number = '26-2';"
				  "UPDATE requests SET status = 'closed', closed_at = 1"
				  " WHERE number = '26-3'"),
			 0);
	int64_t now = local_at("2026-03-13", 1);
	int marked = -1;
	assert_true(due_sweep(db, now, &marked));
	assert_int_equal(marked, 1);
	char row[256];
	text_of(db, "SELECT r.number || '|' || e.level || '|' || e.body || '|' || e.data"
		    " FROM events AS e JOIN requests AS r ON r.id = e.request_id"
		    " WHERE e.kind = 'overdue'",
		row);
	assert_string_equal(row, "26-1|staff|Overdue: the due date was Thursday March 12, 2026."
				 "|{\"due_date\":\"2026-03-12\"}");
	assert_true(due_sweep(db, now + 86400, &marked));
	assert_int_equal(marked, 0);
	/* A new due date that passes is a new transition. */
	assert_int_equal(exec(db, "UPDATE requests SET due_date = '2026-03-20' WHERE number = '26-1'"),
			 0);
	assert_true(due_sweep(db, local_at("2026-03-20", 23), &marked));
	assert_int_equal(marked, 0);
	assert_true(due_sweep(db, local_at("2026-03-21", 0), &marked));
	assert_int_equal(marked, 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM events WHERE kind = 'overdue'"), 2);
}

/* A rule set whose deadlines end at 17:00: a request received under it
 * keeps that end, which the sweep and the staff queues go by (overdue from
 * 17:00 on the due date, due soon until then); one received under the
 * portal's (cpra, with the day) is overdue only the day after. */
static void deadline_ending_at_five(void **state)
{
	struct db *db = db_of(state);
	assert_int_equal(exec(db, "INSERT INTO deadline_rule_sets (key, name, config) VALUES"
				  " ('close-of-business', 'Close of business', '{\"citation\":"
				  "\"Ordinance 12\",\"calendar\":\"us-ca\",\"ends_at\":\"17:00\","
				  "\"first_response\":{\"days\":10,\"unit\":\"calendar\","
				  "\"roll_forward\":true}}');"
				  "INSERT INTO departments (id, name, short_name, rule_set_key,"
				  " created_at, updated_at)"
				  " VALUES (7, 'Clerk', 'Clerk', 'close-of-business', 0, 0)"),
			 0);
	char n1[24], n2[24];
	struct request_input in = {.description = "Council minutes", .channel = "web",
				   .name = "Ann", .email = "ann@example.org",
				   .received_at = local_at("2026-03-02", 9), .department_id = 7};
	assert_true(request_submit(db, &in, n1));
	in.department_id = 0;
	assert_true(request_submit(db, &in, n2));
	char row[256];
	text_of(db, "SELECT group_concat(due_date || ' ' || due_end_minute, ', ') FROM"
		    " (SELECT * FROM requests ORDER BY id)",
		row);
	assert_string_equal(row, "2026-03-12 1020, 2026-03-12 1440");
	text_of(db, "SELECT due_explanation FROM requests ORDER BY id LIMIT 1", row);
	json_t *how = json_loads(row, 0, NULL);
	char *words = deadline_explain(how);
	json_decref(how);
	assert_string_equal(words, "Received Monday March 2, 2026. 10 calendar days: Thursday "
				   "March 12, 2026. The deadline ends at 5:00pm that day.");
	free(words);

	int marked = -1;
	assert_true(due_sweep(db, local_at("2026-03-12", 16) + 59 * 60, &marked));
	assert_int_equal(marked, 0);
	assert_true(due_sweep(db, local_at("2026-03-12", 17), &marked));
	assert_int_equal(marked, 1);
	text_of(db, "SELECT r.number FROM events AS e JOIN requests AS r ON r.id = e.request_id"
		    " WHERE e.kind = 'overdue'",
		row);
	assert_string_equal(row, n1);
	assert_true(due_sweep(db, local_at("2026-03-13", 0), &marked));
	assert_int_equal(marked, 1);

	/* The queues: at 16:59 both are due soon, at 17:00 the first is overdue. */
	struct store_queue_query q = {.queue = "overdue", .soon_until = "2026-03-16",
				      .sort = "due", .limit = 10};
	const char *const at[] = {"2026-03-12 16:59", "2026-03-12 17:00", "2026-03-13 00:00"};
	const int64_t overdue[] = {0, 1, 2}, soon[] = {2, 1, 0};
	for (size_t i = 0; i < 3; i++) {
		int64_t count = -1;
		json_t *rows = NULL;
		q.now = at[i];
		q.queue = "overdue";
		assert_int_equal(store_staff_queue(db, &q, &rows, &count), STORE_OK);
		assert_int_equal(count, overdue[i]);
		json_decref(rows);
		q.queue = "due_soon";
		assert_int_equal(store_staff_queue(db, &q, &rows, &count), STORE_OK);
		assert_int_equal(count, soon[i]);
		json_decref(rows);
	}
}

/* FOIA: the first pause stops the clock, the second does not. */
static void pause_limit(void **state)
{
	struct db *db = db_of(state);
	users(db);
	assert_int_equal(exec(db, "UPDATE settings SET value = 'foia' WHERE key = 'deadline_rule_set'"),
			 0);
	plant(db, "26-1", "2026-03-02"); /* 20 working days: 2026-03-30 */
	char due[256];
	text_of(db, "SELECT due_date FROM requests", due);
	assert_string_equal(due, "2026-03-30");
	struct staff_actor later = staff;
	static const char *const reasons[] = {"information", "information", "fee_clarification"};
	for (int round = 0; round < 3; round++) {
		struct staff_input pause = {.action = STAFF_PAUSE, .version = 1 + 2 * round,
					    .body = "Which?", .pause_reason = reasons[round]};
		later.now = local_at("2026-03-09", 10) + round * 7 * 86400;
		assert_int_equal(staff_act(db, &later, "26-1", &pause, NULL), STAFF_OK);
		struct staff_input resume = {.action = STAFF_RESUME, .version = 2 + 2 * round};
		later.now += 2 * 86400;
		assert_int_equal(staff_act(db, &later, "26-1", &resume, NULL), STAFF_OK);
	}
	/* Two business days for the first request for information, none for
	 * the second, two for the fee clarification (each one tolls). */
	text_of(db, "SELECT due_date FROM requests", due);
	assert_string_equal(due, "2026-04-03");
	text_of(db, "SELECT body FROM events WHERE kind = 'resumed' ORDER BY id LIMIT 1 OFFSET 1",
		due);
	assert_string_equal(due, "Paused for 2 days. The due date does not move: 5 U.S.C. "
				 "552(a)(6)(A)(ii) stops the clock only once for: Information asked "
				 "of the requester.");
	assert_int_equal(query_int(db, "SELECT compliance IS NULL FROM requests"), 1);
}

/* Due soon: N business days ahead, by the portal's calendar. */
static void soon_until(void **state)
{
	struct db *db = db_of(state);
	char iso[DATE_FMT_MAX];
	struct date friday = {2026, 11, 20};
	assert_string_equal(date_format_iso(deadline_soon_until(db, friday), iso), "2026-11-25");
	/* Thanksgiving and the day after are California holidays. */
	struct date wednesday = {2026, 11, 25};
	assert_string_equal(date_format_iso(deadline_soon_until(db, wednesday), iso), "2026-12-02");
	assert_int_equal(exec(db, "UPDATE settings SET value = '0'"
				  " WHERE key = 'due_soon_business_days'"),
			 0);
	assert_string_equal(date_format_iso(deadline_soon_until(db, friday), iso), "2026-11-20");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(extension_and_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(recompute_leaves_hand_set_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(replay, setup, teardown),
		cmocka_unit_test_setup_teardown(sweep_once_per_due_date, setup, teardown),
		cmocka_unit_test_setup_teardown(deadline_ending_at_five, setup, teardown),
		cmocka_unit_test_setup_teardown(pause_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(soon_until, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
