/* Unit tests of editing the record (src/domain/staff_actions.c, the
 * actions from STAFF_EDIT on, and src/store/edits.c) over a fresh
 * database: each writes its change, event and audit row together or
 * nothing at all, and both search indexes follow the text and visibility
 * of what changed (staff search included). End to end:
 * tests/e2e/staff_edit.test.mjs. */
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

static const struct staff_actor staff = {.viewer = {1, ROLE_STAFF}, .ip = "10.0.0.1", .now = 1800000000};
static const struct staff_actor admin = {.viewer = {3, ROLE_ADMIN}, .now = 1800000000};

/* plant: a published request 26-1 with a public message (event 1) and a
 * staff note (event 2), indexed as the program indexes them. */
static struct db *plant(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	assert_int_equal(exec(db,
		"INSERT INTO users (id, email, name, title, role, created_at, updated_at) VALUES"
		" (1, 'kris@example.gov', 'Kris Tu', 'Detective III', 'staff', 0, 0),"
		" (2, 'ada@example.org', 'Ada', NULL, 'requester', 0, 0),"
		" (3, 'pat@example.gov', 'Pat', NULL, 'admin', 0, 0);"
		"INSERT INTO departments (id, name, created_at, updated_at) VALUES"
		" (1, 'Police', 0, 0), (2, 'Fire', 0, 0);"
		"INSERT INTO requests (number, year, seq, description, received_at, channel,"
		" published, published_at, due_date, requester_id, created_at, updated_at)"
		" VALUES ('26-1', 2026, 1, 'Records naming Jane zqoriginal', 0, 'web', 1, 0,"
		" '2026-12-01', 2, 0, 0);"
		"INSERT INTO request_departments (request_id, department_id) VALUES (1, 1);"
		"INSERT INTO events (id, request_id, kind, level, created_at, body) VALUES"
		" (1, 1, 'message', 'public', 10, 'Public words zqmessage'),"
		" (2, 1, 'internal_note', 'staff', 20, 'Staff words zqnote');"
		"INSERT INTO search_items (kind, item_id, request_id) VALUES"
		" ('request', 1, 1), ('event', 1, 1), ('event', 2, 1)"),
		0);
	assert_int_equal(store_search_rebuild(db), STORE_OK);
	return db;
}

static int64_t count(struct db *db, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return query_int(db, sql);
}

/* found: how many requests a search for word finds (staff: the staff
 * index). */
static size_t found(struct db *db, const char *word, bool staff_search)
{
	struct store_search_query q = {.text = word, .staff = staff_search, .limit = 10};
	json_t *rows = NULL;
	int64_t next = 0;
	assert_int_equal(store_search(db, &q, &rows, &next), STORE_OK);
	size_t n = json_array_size(rows);
	json_decref(rows);
	return n;
}

/* intact: both external-content indexes agree with their content. */
static void intact(struct db *db)
{
	assert_int_equal(exec(db, "INSERT INTO search_all (search_all) VALUES ('integrity-check');"
				  "INSERT INTO search_public (search_public) VALUES ('integrity-check')"),
			 0);
}

static void edit_replaces_text_everywhere_and_keeps_original(void **state)
{
	struct db *db = plant(state);
	assert_int_equal(found(db, "zqoriginal", false), 1);
	struct staff_input in = {.action = STAFF_EDIT, .version = 1, .body = "Records zqedited",
				 .reason = "Took out a name"};
	assert_int_equal(staff_act(db, &staff, "26-1", &in, NULL), STAFF_OK);
	char text[256];
	query_text(db, "SELECT description || '|' || original_description || '|' || version"
		       " FROM requests", text, sizeof text);
	assert_string_equal(text, "Records zqedited|Records naming Jane zqoriginal|2");
	query_text(db, "SELECT kind || '|' || level || '|' || body || '|' || actor_name FROM events"
		       " WHERE id = 3", text, sizeof text);
	assert_string_equal(text, "request_edited|staff|Took out a name|Kris Tu");
	query_text(db, "SELECT action || '|' || before_json || '|' || after_json FROM audit_log",
		   text, sizeof text);
	assert_string_equal(text, "request.edit|{\"description\":\"Records naming Jane zqoriginal\","
				  "\"version\":1}|{\"description\":\"Records zqedited\",\"version\":2}");
	assert_int_equal(found(db, "zqoriginal", false), 0);
	assert_int_equal(found(db, "zqoriginal", true), 0);
	assert_int_equal(found(db, "zqedited", false), 1);
	assert_int_equal(found(db, "zqedited", true), 1);
	intact(db);

	/* A second edit keeps the text as received; the history lists both. */
	struct staff_input again = {.action = STAFF_EDIT, .version = 2, .body = "Records zqthird",
				    .reason = "Again"};
	assert_int_equal(staff_act(db, &staff, "26-1", &again, NULL), STAFF_OK);
	json_t *original = NULL, *edits = NULL;
	assert_int_equal(store_request_text_history(db, 1, 10, &original, &edits), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(original, "original_description")),
			    "Records naming Jane zqoriginal");
	assert_int_equal(json_array_size(edits), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(edits, 1),
							      "description")),
			    "Records zqthird");
	json_decref(original);
	json_decref(edits);
	intact(db);
}

static void edit_refusals_write_nothing(void **state)
{
	struct db *db = plant(state);
	struct staff_input stale = {.action = STAFF_EDIT, .version = 5, .body = "New",
				    .reason = "Why"};
	assert_int_equal(staff_act(db, &staff, "26-1", &stale, NULL), STAFF_STALE);
	const char *problem = NULL;
	struct staff_input same = {.action = STAFF_EDIT, .version = 1,
				   .body = "Records naming Jane zqoriginal", .reason = "Why"};
	assert_int_equal(staff_act(db, &staff, "26-1", &same, &problem), STAFF_INVALID);
	assert_string_equal(problem, "That is the request's text already.");
	assert_int_equal(count(db, "audit_log"), 0);
	assert_int_equal(count(db, "events"), 2);
	assert_int_equal(query_int(db, "SELECT version = 1 AND original_description IS NULL"
				       " FROM requests"), 1);
	assert_int_equal(found(db, "zqoriginal", false), 1);
	intact(db);
}

static void hiding_and_levels_follow_in_search(void **state)
{
	struct db *db = plant(state);
	struct staff_input hide = {.action = STAFF_EVENT_HIDE, .version = 1, .event_id = 1,
				   .reason = "Names a witness"};
	assert_int_equal(staff_act(db, &staff, "26-1", &hide, NULL), STAFF_OK);
	char text[256];
	query_text(db, "SELECT hidden || '|' || hidden_reason || '|' || hidden_by || '|' || hidden_at"
		       " FROM events WHERE id = 1", text, sizeof text);
	assert_string_equal(text, "1|Names a witness|1|1800000000");
	assert_int_equal(found(db, "zqmessage", false), 0);
	assert_int_equal(found(db, "zqmessage", true), 1);
	intact(db);

	struct staff_input unhide = {.action = STAFF_EVENT_UNHIDE, .version = 2, .event_id = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &unhide, NULL), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT hidden = 0 AND hidden_reason IS NULL AND"
				       " hidden_at IS NULL FROM events WHERE id = 1"), 1);
	assert_int_equal(found(db, "zqmessage", false), 1);

	struct staff_input lower = {.action = STAFF_EVENT_LEVEL, .version = 3, .event_id = 1,
				    .level = LEVEL_STAFF, .reason = "Personal"};
	assert_int_equal(staff_act(db, &staff, "26-1", &lower, NULL), STAFF_OK);
	query_text(db, "SELECT kind || '|' || level FROM events WHERE id = 1", text, sizeof text);
	assert_string_equal(text, "internal_note|staff");
	query_text(db, "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1", text, sizeof text);
	assert_string_equal(text, "{\"event_id\":1,\"level\":\"staff\",\"reason\":\"Personal\","
				  "\"version\":4}");
	assert_int_equal(found(db, "zqmessage", false), 0);
	assert_int_equal(found(db, "zqmessage", true), 1);

	struct staff_input raise = {.action = STAFF_EVENT_LEVEL, .version = 4, .event_id = 2,
				    .level = LEVEL_PUBLIC, .reason = "Of interest"};
	assert_int_equal(staff_act(db, &staff, "26-1", &raise, NULL), STAFF_OK);
	query_text(db, "SELECT kind || '|' || level FROM events WHERE id = 2", text, sizeof text);
	assert_string_equal(text, "message|public");
	assert_int_equal(found(db, "zqnote", false), 1);
	intact(db);

	/* A staff-only event cannot be hidden; the event must be the request's. */
	const char *problem = NULL;
	struct staff_input hide_note = {.action = STAFF_EVENT_HIDE, .version = 5, .event_id = 1,
					.reason = "x"};
	assert_int_equal(staff_act(db, &staff, "26-1", &hide_note, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Only staff see this event already.");
	struct staff_input other = {.action = STAFF_EVENT_UNHIDE, .version = 5, .event_id = 99};
	assert_int_equal(staff_act(db, &staff, "26-1", &other, &problem), STAFF_INVALID);
	assert_string_equal(problem, "There is no such event on this request.");
	assert_int_equal(count(db, "audit_log"), 4);
}

static void message_text_edit_keeps_old_text_in_audit(void **state)
{
	struct db *db = plant(state);
	struct staff_input in = {.action = STAFF_EVENT_TEXT, .version = 1, .event_id = 1,
				 .body = "Public words zqchanged"};
	assert_int_equal(staff_act(db, &staff, "26-1", &in, NULL), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT edited_at FROM events WHERE id = 1"), 1800000000);
	char text[256];
	query_text(db, "SELECT before_json || '|' || after_json FROM audit_log", text, sizeof text);
	assert_string_equal(text, "{\"body\":\"Public words zqmessage\",\"event_id\":1,\"version\":1}|"
				  "{\"body\":\"Public words zqchanged\",\"event_id\":1,\"version\":2}");
	assert_int_equal(found(db, "zqmessage", false), 0);
	assert_int_equal(found(db, "zqmessage", true), 0);
	assert_int_equal(found(db, "zqchanged", false), 1);
	intact(db);
}

static void support_staff_and_departments(void **state)
{
	struct db *db = plant(state);
	const char *problem = NULL;
	struct staff_input requester = {.action = STAFF_SUPPORT_ADD, .version = 1, .user_id = 2};
	assert_int_equal(staff_act(db, &staff, "26-1", &requester, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Choose an active staff member.");
	struct staff_input add = {.action = STAFF_SUPPORT_ADD, .version = 1, .user_id = 3};
	assert_int_equal(staff_act(db, &staff, "26-1", &add, NULL), STAFF_OK);
	char text[256];
	query_text(db, "SELECT kind || '|' || level || '|' || body FROM events WHERE id = 3", text,
		   sizeof text);
	assert_string_equal(text, "support_staff_changed|staff|Added Pat as support staff.");
	query_text(db, "SELECT before_json || '|' || after_json FROM audit_log", text, sizeof text);
	assert_string_equal(text, "{\"support_staff\":[],\"version\":1}|"
				  "{\"support_staff\":[3],\"version\":2}");
	/* At most STAFF_SUPPORT_MAX. */
	char sql[256];
	for (int u = 100; u < 100 + STAFF_SUPPORT_MAX - 1; u++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES"
			 " (%d, 's%d@example.gov', 'S%d', 'staff', 0, 0);"
			 "INSERT INTO request_support_staff VALUES (1, %d)", u, u, u, u);
		assert_int_equal(exec(db, sql), 0);
	}
	struct staff_input one_more = {.action = STAFF_SUPPORT_ADD, .version = 2, .user_id = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &one_more, &problem), STAFF_INVALID);
	assert_string_equal(problem, "A request has at most 50 support staff.");
	assert_int_equal(exec(db, "DELETE FROM request_support_staff WHERE user_id >= 100"), 0);
	struct staff_input remove = {.action = STAFF_SUPPORT_REMOVE, .version = 2, .user_id = 3};
	assert_int_equal(staff_act(db, &staff, "26-1", &remove, NULL), STAFF_OK);
	assert_int_equal(count(db, "request_support_staff"), 0);
	remove.version = 3;
	assert_int_equal(staff_act(db, &staff, "26-1", &remove, &problem), STAFF_INVALID);

	struct staff_input off = {.action = STAFF_UNASSIGN, .version = 3, .department_id = 2};
	assert_int_equal(staff_act(db, &staff, "26-1", &off, &problem), STAFF_INVALID);
	assert_string_equal(problem, "That department is not assigned to this request.");
	off.department_id = 1;
	assert_int_equal(staff_act(db, &staff, "26-1", &off, NULL), STAFF_OK);
	assert_int_equal(count(db, "request_departments"), 0);
	query_text(db, "SELECT kind || '|' || level || '|' || body FROM events ORDER BY id DESC"
		       " LIMIT 1", text, sizeof text);
	assert_string_equal(text, "department_assigned|public|Removed Police");

	/* Closed: adding support staff makes no sense. */
	static const int64_t released_in_full[] = {1};
	struct staff_input close = {.action = STAFF_CLOSE, .version = 4, .body = "Done",
				    .reason_ids = released_in_full, .n_reasons = 1};
	assert_int_equal(staff_act(db, &staff, "26-1", &close, NULL), STAFF_OK);
	add.version = 5;
	assert_int_equal(staff_act(db, &staff, "26-1", &add, &problem), STAFF_CLOSED);
	assert_int_equal(count(db, "request_support_staff"), 0);
}

static void department_contact_by_admins_only(void **state)
{
	struct db *db = plant(state);
	const char *problem = NULL;
	assert_int_equal(staff_department_contact(db, &staff, 1, 1, &problem), STAFF_FORBIDDEN);
	assert_int_equal(staff_department_contact(db, &admin, 1, 2, &problem), STAFF_INVALID);
	assert_string_equal(problem, "Choose an active staff member.");
	assert_int_equal(staff_department_contact(db, &admin, 9, 1, &problem), STAFF_NOT_FOUND);
	assert_int_equal(staff_department_contact(db, &admin, 1, 1, &problem), STAFF_OK);
	assert_int_equal(query_int(db, "SELECT default_contact_id FROM departments WHERE id = 1"), 1);
	char text[256];
	query_text(db, "SELECT action || '|' || target_id || '|' || before_json || '|' || after_json"
		       " FROM audit_log", text, sizeof text);
	assert_string_equal(text, "department.contact|1|{\"default_contact_id\":null}|"
				  "{\"default_contact_id\":1}");
	assert_int_equal(staff_department_contact(db, &admin, 1, 1, &problem), STAFF_INVALID);
	assert_int_equal(count(db, "audit_log"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(edit_replaces_text_everywhere_and_keeps_original,
						setup, teardown),
		cmocka_unit_test_setup_teardown(edit_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(hiding_and_levels_follow_in_search, setup, teardown),
		cmocka_unit_test_setup_teardown(message_text_edit_keeps_old_text_in_audit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(support_staff_and_departments, setup, teardown),
		cmocka_unit_test_setup_teardown(department_contact_by_admins_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
