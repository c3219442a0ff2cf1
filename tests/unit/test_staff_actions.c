/* Unit tests for the staff actions (src/domain/staff_actions.c) over a
 * fresh database: each action writes its change, event and audit row
 * together or nothing at all; who may do what; stale versions and closed
 * requests are refused. End to end: tests/e2e/staff.test.mjs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "db_fixture.h"
#include "domain/staff_actions.h"

static const struct staff_actor staff = {.viewer = {1, ROLE_STAFF}, .ip = "10.0.0.1", .now = 1800000000};
static const struct staff_actor owner = {.viewer = {2, ROLE_REQUESTER}, .now = 1800000000};
static const struct staff_actor stranger = {.viewer = {4, ROLE_REQUESTER}, .now = 1800000000};
static const struct staff_actor publisher = {.viewer = {3, ROLE_PUBLISHER}, .now = 1800000000};

static struct db *plant(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	assert_int_equal(exec(db,
		"INSERT INTO users (id, email, name, title, role, created_at, updated_at) VALUES"
		" (1, 'kris@example.gov', 'Kris Tu', 'Detective III', 'staff', 0, 0),"
		" (2, 'ada@example.org', 'Ada', NULL, 'requester', 0, 0),"
		" (3, 'pat@example.gov', 'Pat', NULL, 'publisher', 0, 0),"
		" (4, 'eve@example.org', 'Eve', NULL, 'requester', 0, 0);"
		"INSERT INTO departments (id, name, default_contact_id, created_at, updated_at)"
		" VALUES (1, 'Police', 3, 0, 0);"
		"INSERT INTO requests (number, year, seq, description, received_at, channel,"
		" due_date, requester_id, created_at, updated_at)"
		" VALUES ('26-1', 2026, 1, 'Records', 0, 'web', '2026-12-01', 2, 0, 0)"),
		0);
	return db;
}

static int64_t count(struct db *db, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return query_int(db, sql);
}

static void message_writes_change_event_and_audit(void **state)
{
	struct db *db = plant(state);
	struct staff_input in = {.action = STAFF_MESSAGE, .version = 1, .body = "Hello",
				 .level = LEVEL_STAFF};
	assert_int_equal(staff_act(db, &staff, "26-1", &in, NULL), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT version FROM requests"), 2);
	char text[128];
	query_text(db, "SELECT kind || '|' || level || '|' || actor_name || '|' || actor_title"
		       " FROM events", text, sizeof text);
	assert_string_equal(text, "internal_note|staff|Kris Tu|Detective III");
	query_text(db, "SELECT action || '|' || before_json || '|' || after_json || '|' || ip"
		       " FROM audit_log", text, sizeof text);
	assert_string_equal(text, "request.message|{\"version\":1}|"
				  "{\"event_id\":1,\"level\":\"staff\",\"version\":2}|10.0.0.1");
}

static void stale_version_writes_nothing(void **state)
{
	struct db *db = plant(state);
	struct staff_input in = {.action = STAFF_CLOSE, .version = 7, .body = "Done"};
	assert_int_equal(staff_act(db, &staff, "26-1", &in, NULL), STAFF_STALE);
	assert_int_equal(count(db, "events"), 0);
	assert_int_equal(count(db, "audit_log"), 0);
	assert_int_equal(query_int(db, "SELECT status = 'open' AND version = 1 FROM requests"), 1);
}

static void closed_refuses_assign_and_due_date(void **state)
{
	struct db *db = plant(state);
	static const int64_t none_found[] = {3};
	struct staff_input close = {.action = STAFF_CLOSE, .version = 1, .body = "Done",
				    .reason_ids = none_found, .n_reasons = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &close, NULL), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT closed_at FROM requests"), 1800000000);
	const char *problem = NULL;
	struct staff_input assign = {.action = STAFF_ASSIGN, .version = 2, .department_id = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &assign, &problem), STAFF_CLOSED);
	assert_string_equal(problem, "The request is closed: reopen it first.");
	struct staff_input due = {.action = STAFF_DUE_DATE, .version = 2, .body = "Why",
				  .due_date = "2027-01-01"};
	assert_int_equal(staff_act(db, &staff, "26-1", &due, NULL), STAFF_CLOSED);
	assert_int_equal(staff_act(db, &staff, "26-1", &close, &problem), STAFF_STALE);
	close.version = 2;
	assert_int_equal(staff_act(db, &staff, "26-1", &close, &problem), STAFF_INVALID);
	assert_string_equal(problem, "The request is closed already.");
	assert_int_equal(count(db, "audit_log"), 1);
	struct staff_input reopen = {.action = STAFF_REOPEN, .version = 2, .body = "More"};
	assert_int_equal(staff_act(db, &staff, "26-1", &reopen, NULL), STAFF_OK);
	assign.version = 3;
	assert_int_equal(staff_act(db, &staff, "26-1", &assign, NULL), STAFF_OK);
	/* The department's default contact becomes the request's. */
	assert_int_equal(query_int(db, "SELECT point_of_contact_id FROM requests"), 3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM request_departments"), 1);
}

static void closing_records_reasons_and_publishes_at_closure(void **state)
{
	struct db *db = plant(state);
	const char *problem = NULL;
	/* 3: "No responsive records"; 8: "Fee not paid" (migration 0006). */
	static const int64_t bad[] = {3, 99}, good[] = {8, 3, 8};
	struct staff_input close = {.action = STAFF_CLOSE, .version = 1, .body = "Done",
				    .reason_ids = bad, .n_reasons = 2};
	assert_int_equal(staff_act(db, &staff, "26-1", &close, &problem), STAFF_BAD_REASON);
	assert_string_equal(problem, "Choose closure reasons from the list.");
	assert_int_equal(exec(db, "UPDATE closure_reasons SET active = 0 WHERE id = 8;"
				  "UPDATE settings SET value = 'closure' WHERE key = 'publish_default'"),
			 0);
	close.reason_ids = good;
	close.n_reasons = 3;
	assert_int_equal(staff_act(db, &staff, "26-1", &close, NULL), STAFF_BAD_REASON);
	assert_int_equal(count(db, "events") + count(db, "audit_log") +
				 count(db, "request_closure_reasons"), 0);
	assert_int_equal(exec(db, "UPDATE closure_reasons SET active = 1 WHERE id = 8"), 0);
	assert_int_equal(staff_act(db, &staff, "26-1", &close, NULL), STAFF_OK);
	char text[512];
	query_text(db, "SELECT group_concat(reason_id) FROM request_closure_reasons", text,
		   sizeof text);
	assert_string_equal(text, "3,8");
	query_text(db, "SELECT group_concat(kind || ':' || coalesce(actor_name, '-'), ' ')"
		       " FROM events", text, sizeof text);
	assert_string_equal(text, "closed:Kris Tu published:-");
	query_text(db, "SELECT data FROM events WHERE kind = 'closed'", text, sizeof text);
	assert_non_null(strstr(text, "\"label\":\"Fee not paid\""));
	assert_non_null(strstr(text, "\"citations\":\"Gov. Code § 7922.530\""));
	query_text(db, "SELECT after_json FROM audit_log", text, sizeof text);
	assert_string_equal(text, "{\"closure_reasons\":[8,3],\"published\":true,"
				  "\"status\":\"closed\",\"version\":2}");
	assert_int_equal(query_int(db, "SELECT published FROM requests"), 1);
}

static void unknown_values_are_refused(void **state)
{
	struct db *db = plant(state);
	const char *problem = NULL;
	struct staff_input assign = {.action = STAFF_ASSIGN, .version = 1, .department_id = 9};
	assert_int_equal(staff_act(db, &staff, "26-1", &assign, &problem), STAFF_INVALID);
	assert_string_equal(problem, "There is no such department.");
	struct staff_input contact = {.action = STAFF_CONTACT, .version = 1, .user_id = 2};
	assert_int_equal(staff_act(db, &staff, "26-1", &contact, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Choose an active staff member.");
	struct staff_input none = {.action = STAFF_MESSAGE, .version = 1, .body = "x"};
	assert_int_equal(staff_act(db, &staff, "26-9", &none, NULL), STAFF_NOT_FOUND);
	assert_int_equal(count(db, "events") + count(db, "audit_log"), 0);
}

static void who_may_do_what(void **state)
{
	struct db *db = plant(state);
	struct staff_input msg = {.action = STAFF_MESSAGE, .version = 1, .body = "Hi",
				  .level = LEVEL_PUBLIC};
	assert_int_equal(staff_act(db, &owner, "26-1", &msg, NULL), STAFF_FORBIDDEN);
	msg.level = LEVEL_REQUESTER;
	/* Not published: a stranger is told it does not exist. */
	assert_int_equal(staff_act(db, &stranger, "26-1", &msg, NULL), STAFF_NOT_FOUND);
	assert_int_equal(staff_act(db, &owner, "26-1", &msg, NULL), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT actor_is_requester = 1 AND actor_name IS NULL"
				       " AND level = 'requester' FROM events"), 1);
	struct staff_input publish = {.action = STAFF_PUBLISH, .version = 2};
	assert_int_equal(staff_act(db, &owner, "26-1", &publish, NULL), STAFF_FORBIDDEN);
	assert_int_equal(staff_act(db, &staff, "26-1", &publish, NULL), STAFF_FORBIDDEN);
	assert_int_equal(staff_act(db, &publisher, "26-1", &publish, NULL), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT published FROM requests"), 1);
	/* Published: the stranger sees it, and still may not write. */
	msg.version = 3;
	assert_int_equal(staff_act(db, &stranger, "26-1", &msg, NULL), STAFF_FORBIDDEN);
	assert_int_equal(count(db, "audit_log"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(message_writes_change_event_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_version_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_refuses_assign_and_due_date, setup, teardown),
		cmocka_unit_test_setup_teardown(closing_records_reasons_and_publishes_at_closure, setup,
						teardown),
		cmocka_unit_test_setup_teardown(unknown_values_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(who_may_do_what, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
