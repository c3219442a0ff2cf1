/* The staff queues read through their indexes: EXPLAIN QUERY PLAN of each
 * queue statement names the index it is meant to use and never scans the
 * requests or tasks table itself (docs/dashboard.md). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "db_fixture.h"
#include "store/store_internal.h"

/* plan appends the details of the statement's query plan to out, one a
 * line. */
static void plan(struct db *db, enum stmt_id id, char *out, size_t len)
{
	char sql[8192];
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", db_stmt_defs[id].sql);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL), SQLITE_OK);
	size_t used = 0;
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && used < len) {
		int n = snprintf(out + used, len - used, "%s\n",
				 (const char *)sqlite3_column_text(st, 3));
		used += n > 0 ? (size_t)n : 0;
	}
	sqlite3_finalize(st);
}

static void queues_read_through_their_indexes(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	/* The planner weighs its indexes by the statistics a live database
	 * keeps (PRAGMA optimize): these are those of an agency with 100,000
	 * requests (disclose demo --requests 100000) just after migration 0008,
	 * before the statistics know its indexes; then the planner prefers
	 * requests_active_due unless a statement names its index. */
	assert_int_equal(exec(db,
		"ANALYZE; DELETE FROM sqlite_stat1; INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES"
		" ('user_departments', 'user_departments_department', '18 2 1'),"
		" ('user_departments', 'user_departments', '18 1 1'),"
		" ('request_departments', 'request_departments_queue', '100001 11112 3704 1'),"
		" ('request_departments', 'request_departments_archive', '100001 11112 1 1 1 1'),"
		" ('request_departments', 'request_departments', '100001 1 1'),"
		" ('requests', 'requests_public_closed', '73953 1 1'),"
		" ('requests', 'requests_public_active', '5857 1 1 1'),"
		" ('requests', 'requests_requester_email', '100001 3572'),"
		" ('requests', 'requests_requester', '100001 50001 1'),"
		" ('requests', 'requests_contact', '100001 6251 2174 9'),"
		" ('requests', 'requests_active_due', '13036 27 1'),"
		" ('requests', 'requests_received', '100001 1 1'),"
		" ('requests', 'requests_public_status', '79810 26604 1 1'),"
		" ('requests', 'requests_public', '79810 1 1'),"
		" ('requests', 'sqlite_autoindex_requests_3', '100001 25001 1'),"
		" ('requests', 'sqlite_autoindex_requests_2', '100001 100001'),"
		" ('requests', 'sqlite_autoindex_requests_1', '100001 1');"
		" ANALYZE sqlite_schema"),
		0);
	static const struct {
		enum stmt_id id;
		const char *uses[3];
	} queues[] = {
		{STMT_QUEUE_MINE, {"requests_contact", "request_support_staff_user"}},
		{STMT_QUEUE_MINE_COUNT, {"requests_contact", "request_support_staff_user"}},
		{STMT_QUEUE_DEPARTMENTS, {"request_departments_queue"}},
		{STMT_QUEUE_DEPARTMENTS_COUNT, {"request_departments_queue"}},
		{STMT_QUEUE_UNASSIGNED, {"COVERING INDEX requests_dashboard_active"}},
		{STMT_QUEUE_UNASSIGNED_COUNT, {"COVERING INDEX requests_dashboard_active"}},
		{STMT_QUEUE_DUE_SOON, {"COVERING INDEX requests_dashboard_active (due_date>? AND due_date<?)"}},
		{STMT_QUEUE_DUE_SOON_COUNT, {"COVERING INDEX requests_dashboard_active (due_date>?"}},
		{STMT_QUEUE_OVERDUE, {"COVERING INDEX requests_dashboard_active (due_date<?)"}},
		{STMT_QUEUE_OVERDUE_COUNT, {"COVERING INDEX requests_dashboard_active (due_date<?)"}},
		{STMT_QUEUE_PAUSED, {"COVERING INDEX requests_dashboard_status (status=?)"}},
		{STMT_QUEUE_PAUSED_COUNT, {"COVERING INDEX requests_dashboard_status (status=?)"}},
		{STMT_QUEUE_CLOSED, {"COVERING INDEX requests_dashboard_status (status=? AND closed_at>?)"}},
		{STMT_QUEUE_CLOSED_COUNT, {"COVERING INDEX requests_dashboard_status (status=? AND closed_at>?)"}},
		{STMT_QUEUE_ALL, {"COVERING INDEX requests_dashboard_status (status=?)"}},
		{STMT_QUEUE_ALL_COUNT, {"COVERING INDEX requests_dashboard_status (status=?)"}},
		{STMT_QUEUE_ALL_RECEIVED_ASC, {"SCAN r USING INDEX requests_received"}},
		{STMT_QUEUE_ALL_RECEIVED_DESC, {"SCAN r USING INDEX requests_received"}},
		{STMT_QUEUE_ALL_NUMBER_ASC, {"SCAN r USING INDEX sqlite_autoindex_requests_"}},
		{STMT_QUEUE_ALL_NUMBER_DESC, {"SCAN r USING INDEX sqlite_autoindex_requests_"}},
		{STMT_TASKS_MINE, {"tasks_user", "tasks_department"}},
		{STMT_TASKS_MINE_COUNT, {"tasks_user", "tasks_department"}},
		{STMT_REQUEST_TASKS, {"tasks_request (request_id=?)"}},
	};
	char text[4096];
	for (size_t i = 0; i < sizeof queues / sizeof queues[0]; i++) {
		plan(db, queues[i].id, text, sizeof text);
		for (size_t u = 0; u < 3 && queues[i].uses[u]; u++)
			if (!strstr(text, queues[i].uses[u]))
				fail_msg("%s does not use %s:\n%s", db_stmt_defs[queues[i].id].name,
					 queues[i].uses[u], text);
		/* A plain "SCAN r" or "SCAN t" line reads the whole table. */
		for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
			const char *scan = strstr(line, "SCAN ");
			size_t n = (size_t)(strchr(line, '\n') - line);
			if (scan && scan < line + n && (!strncmp(scan, "SCAN r\n", 7) ||
							 !strncmp(scan, "SCAN t\n", 7)))
				fail_msg("%s scans a table:\n%s", db_stmt_defs[queues[i].id].name, text);
		}
		/* All requests by received date or number: in the index's
		 * order, never sorted. */
		if (strstr(db_stmt_defs[queues[i].id].name, "queue_all_") &&
		    strstr(text, "TEMP B-TREE"))
			fail_msg("%s sorts:\n%s", db_stmt_defs[queues[i].id].name, text);
		/* Only the page's rows are read from the table: the queue is
		 * ordered and cut in the index, in the subquery. */
		if (strstr(db_stmt_defs[queues[i].id].name, "queue_") &&
		    !strstr(db_stmt_defs[queues[i].id].name, "queue_all_") &&
		    !strstr(db_stmt_defs[queues[i].id].name, "_count") &&
		    !strstr(text, "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"))
			fail_msg("%s does not read its page by rowid:\n%s",
				 db_stmt_defs[queues[i].id].name, text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(queues_read_through_their_indexes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
