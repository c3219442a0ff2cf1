/* Unit tests for tasks (STAFF_TASK and STAFF_TASK_DONE in
 * src/domain/staff_actions.c, and the staff queues that list them): each
 * step writes the task, its staff-level event and its audit row together
 * or nothing at all; who may finish a task. End to end:
 * tests/e2e/tasks.test.mjs. */
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
#include "store/store.h"

/* 1800000000 is 2027-01-15 in Los Angeles. */
enum { NOW = 1800000000 };
static const struct staff_actor asker = {.viewer = {1, ROLE_STAFF}, .ip = "10.0.0.1", .now = NOW};
static const struct staff_actor member = {.viewer = {2, ROLE_STAFF}, .now = NOW};
static const struct staff_actor outsider = {.viewer = {3, ROLE_STAFF}, .now = NOW};

static struct db *plant(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	assert_int_equal(exec(db,
		"INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES"
		" (1, 'ann@example.gov', 'Ann', 'staff', 0, 0),"
		" (2, 'max@example.gov', 'Max', 'staff', 0, 0),"
		" (3, 'oli@example.gov', 'Oli', 'staff', 0, 0),"
		" (4, 'req@example.org', 'Req', 'requester', 0, 0);"
		"INSERT INTO departments (id, name, created_at, updated_at)"
		" VALUES (1, 'Training', 0, 0);"
		"INSERT INTO user_departments (user_id, department_id) VALUES (2, 1);"
		"INSERT INTO requests (number, year, seq, description, received_at, channel,"
		" due_date, created_at, updated_at)"
		" VALUES ('26-1', 2026, 1, 'Records', 0, 'web', '2027-02-01', 0, 0)"),
		0);
	return db;
}

static int64_t count(struct db *db, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return query_int(db, sql);
}

/* my_tasks counts the open tasks the user finds under My tasks. */
static int64_t my_tasks(struct db *db, int64_t user_id)
{
	struct store_queue_query q = {.queue = "tasks", .user_id = user_id, .sort = "due",
				      .limit = 50};
	json_t *rows = NULL;
	int64_t n = -1;
	assert_int_equal(store_staff_queue(db, &q, &rows, &n), STORE_OK);
	assert_int_equal((int64_t)json_array_size(rows), n);
	json_decref(rows);
	return n;
}

static void asking_and_finishing_write_task_event_and_audit(void **state)
{
	struct db *db = plant(state);
	struct staff_input ask = {.action = STAFF_TASK, .version = 1, .body = "Search the files",
				  .department_id = 1, .due_date = "2027-01-20"};
	assert_int_equal(staff_act(db, &asker, "26-1", &ask, NULL), STAFF_OK);
	char text[256];
	query_text(db, "SELECT assignee_department_id || '|' || description || '|' || due_date"
		       " || '|' || status || '|' || created_by FROM tasks", text, sizeof text);
	assert_string_equal(text, "1|Search the files|2027-01-20|open|1");
	query_text(db, "SELECT kind || '|' || level || '|' || body || '|' || data FROM events",
		   text, sizeof text);
	assert_string_equal(text, "task_assigned|staff|For Training, due January 20, 2027: "
				  "Search the files|{\"task_id\":1,\"assignee_department_id\":1,"
				  "\"due_date\":\"2027-01-20\"}");
	query_text(db, "SELECT action || '|' || after_json FROM audit_log", text, sizeof text);
	assert_string_equal(text, "request.task|{\"assignee_department_id\":1,\"due_date\":"
				  "\"2027-01-20\",\"task\":\"Search the files\",\"task_id\":1,"
				  "\"version\":2}");
	assert_int_equal(my_tasks(db, 2), 1);
	assert_int_equal(my_tasks(db, 1), 0);
	assert_int_equal(my_tasks(db, 3), 0);

	struct staff_input done = {.action = STAFF_TASK_DONE, .version = 2, .body = "Found two",
				   .task_id = 1};
	assert_int_equal(staff_act(db, &outsider, "26-1", &done, NULL), STAFF_FORBIDDEN);
	assert_int_equal(staff_act(db, &member, "26-1", &done, NULL), STAFF_OK);
	query_text(db, "SELECT status || '|' || done_note || '|' || done_by || '|' || done_at"
		       " FROM tasks", text, sizeof text);
	assert_string_equal(text, "done|Found two|2|1800000000");
	query_text(db, "SELECT kind || '|' || level || '|' || body FROM events ORDER BY id DESC",
		   text, sizeof text);
	assert_string_equal(text, "task_done|staff|Done: Search the files\n\nFound two");
	assert_int_equal(my_tasks(db, 2), 0);
	const char *problem = NULL;
	done.version = 3;
	assert_int_equal(staff_act(db, &member, "26-1", &done, &problem), STAFF_INVALID);
	assert_string_equal(problem, "That task is done already.");
	assert_int_equal(count(db, "audit_log"), 2);
}

static void bad_tasks_write_nothing(void **state)
{
	struct db *db = plant(state);
	const char *problem = NULL;
	struct staff_input ask = {.action = STAFF_TASK, .version = 1, .body = "x",
				  .due_date = "2027-01-20"};
	assert_int_equal(staff_act(db, &asker, "26-1", &ask, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Choose a department or a person for the task.");
	ask.user_id = 4; /* a requester */
	assert_int_equal(staff_act(db, &asker, "26-1", &ask, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Choose an active staff member.");
	ask.user_id = 0;
	ask.department_id = 7;
	assert_int_equal(staff_act(db, &asker, "26-1", &ask, &problem), STAFF_INVALID);
	assert_string_equal(problem, "There is no such department.");
	ask.department_id = 1;
	ask.due_date = "2027-01-14";
	assert_int_equal(staff_act(db, &asker, "26-1", &ask, &problem), STAFF_INVALID);
	assert_string_equal(problem, "The task's due date has passed: choose today or a later day.");
	struct staff_input done = {.action = STAFF_TASK_DONE, .version = 1, .body = "x",
				   .task_id = 5};
	assert_int_equal(staff_act(db, &asker, "26-1", &done, &problem), STAFF_INVALID);
	assert_string_equal(problem, "There is no such task on this request.");
	assert_int_equal(exec(db, "UPDATE requests SET status = 'closed', closed_at = 1"), 0);
	ask.due_date = "2027-01-15";
	assert_int_equal(staff_act(db, &asker, "26-1", &ask, &problem), STAFF_CLOSED);
	assert_string_equal(problem, "The request is closed: reopen it first.");
	assert_int_equal(count(db, "tasks") + count(db, "events") + count(db, "audit_log"), 0);
	assert_int_equal(query_int(db, "SELECT version FROM requests"), 1);
}

static void who_may_finish_a_task(void **state)
{
	(void)state;
	json_t *task = json_pack("{s:i, s:i, s:n}", "created_by", 1, "assignee_department_id", 7,
				 "assignee_user_id");
	json_t *in7 = json_pack("[{s:i}]", "id", 7), *in8 = json_pack("[{s:i}]", "id", 8);
	struct viewer asked = {1, ROLE_STAFF}, other = {2, ROLE_STAFF},
		      publisher = {3, ROLE_PUBLISHER}, requester = {1, ROLE_REQUESTER};
	assert_true(staff_may_finish_task(&asked, task, NULL));
	assert_true(staff_may_finish_task(&other, task, in7));
	assert_false(staff_may_finish_task(&other, task, in8));
	assert_false(staff_may_finish_task(&other, task, NULL));
	assert_true(staff_may_finish_task(&publisher, task, NULL));
	assert_false(staff_may_finish_task(&requester, task, in7));
	json_object_set_new(task, "assignee_department_id", json_null());
	json_object_set_new(task, "assignee_user_id", json_integer(2));
	assert_true(staff_may_finish_task(&other, task, in8));
	json_decref(task);
	json_decref(in7);
	json_decref(in8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(asking_and_finishing_write_task_event_and_audit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(bad_tasks_write_nothing, setup, teardown),
		cmocka_unit_test(who_may_finish_a_task),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
