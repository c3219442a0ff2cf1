/* Unit tests for the store: opening, migrations, schema constraints, named
 * statements, settings and users. Each test gets a fresh migrated database
 * in its own temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "db_fixture.h"

static void test_migrate_fresh_and_again(void **state)
{
	struct fixture *f = *state;
	assert_true(db_latest_version() >= 1);
	assert_int_equal(db_schema_version(f->db), db_latest_version());
	int64_t rows = query_int(f->db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(rows, db_latest_version());

	char err[512];
	assert_true(db_migrate(f->db, err, sizeof err));
	assert_int_equal(db_schema_version(f->db), db_latest_version());
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM schema_migrations"),
			 rows);
	char name[64];
	query_text(f->db, "SELECT name FROM schema_migrations WHERE version = 1",
		   name, sizeof name);
	assert_string_equal(name, "schema");

	/* A second connection sees the same, migrated, database. */
	struct db *other = db_open(f->path, false, err, sizeof err);
	assert_non_null(other);
	assert_true(db_migrate(other, err, sizeof err));
	assert_int_equal(db_schema_version(other), db_latest_version());
	db_close(other);
}

static void test_pragmas_in_effect(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(query_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(f->db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(query_int(f->db, "PRAGMA synchronous"), 1); /* NORMAL */
	assert_int_equal(query_int(f->db, "PRAGMA busy_timeout"), 5000);
	char mode[16];
	query_text(f->db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	int on = -1;
	sqlite3_db_config(f->db->conn, SQLITE_DBCONFIG_DEFENSIVE, -1, &on);
	assert_int_equal(on, 1);
	sqlite3_db_config(f->db->conn, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &on);
	assert_int_equal(on, 0);
	sqlite3_db_config(f->db->conn, SQLITE_DBCONFIG_DQS_DML, -1, &on);
	assert_int_equal(on, 0);
	/* Double-quoted strings are identifiers only. */
	assert_int_not_equal(exec(f->db, "SELECT \"not a column\""), SQLITE_OK);
}

static void test_every_statement_prepares(void **state)
{
	struct fixture *f = *state;
	for (int id = 0; id < STMT__COUNT; id++) {
		const struct stmt_def *def = &db_stmt_defs[id];
		if (!def->name || !def->sql)
			fail_msg("statement %d has no entry in db_stmt_defs", id);
		if (!db_stmt(f->db, (enum stmt_id)id))
			fail_msg("%s", db_errmsg(f->db));
		/* Prepared once, then reused. */
		assert_ptr_equal(db_stmt(f->db, (enum stmt_id)id), f->db->stmts[id]);
	}
}

static void test_foreign_key_refused(void **state)
{
	struct fixture *f = *state;
	int rc = exec(f->db, "INSERT INTO events (request_id, kind, level,"
		      " created_at) VALUES (999, 'message', 'public', 0)");
	assert_int_equal(rc, SQLITE_CONSTRAINT_FOREIGNKEY);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM events"), 0);
}

/* insert_request adds request 19-5156 (id 1), not published. */
static void insert_request(struct db *db)
{
	assert_int_equal(exec(db,
		"INSERT INTO requests (number, year, seq, description,"
		" received_at, channel, created_at, updated_at)"
		" VALUES ('19-5156', 2019, 5156, 'The following records about"
		" LAPD facial recognition technology', 1568314800, 'web',"
		" 1568314800, 1568314800)"), SQLITE_OK);
}

static void test_check_constraints_refuse(void **state)
{
	struct fixture *f = *state;
	insert_request(f->db);
	assert_int_equal(exec(f->db, "INSERT INTO events (request_id, kind,"
		" level, created_at) VALUES (1, 'message', 'secret', 0)"),
		SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(exec(f->db, "INSERT INTO events (request_id, kind,"
		" level, created_at) VALUES (1, 'gossip', 'public', 0)"),
		SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(exec(f->db, "UPDATE requests SET status = 'lost'"),
		SQLITE_CONSTRAINT_CHECK);
	/* Closed needs closed_at; published needs published_at. */
	assert_int_equal(exec(f->db, "UPDATE requests SET status = 'closed'"),
		SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(exec(f->db, "UPDATE requests SET published = 1"),
		SQLITE_CONSTRAINT_CHECK);
	/* The number is the two-digit year and the sequence. */
	assert_int_equal(exec(f->db, "UPDATE requests SET number = '19-5157'"),
		SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(exec(f->db, "UPDATE requests SET due_date = '9/23/2019'"),
		SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(exec(f->db, "UPDATE requests SET due_date = '2019-09-23'"),
		SQLITE_OK);
	/* STRICT: no text in an integer column. */
	assert_int_equal(exec(f->db, "UPDATE requests SET received_at = 'soon'"),
		SQLITE_CONSTRAINT_DATATYPE);
	assert_int_equal(exec(f->db, "INSERT INTO events (request_id, kind,"
		" level, created_at) VALUES (1, 'internal_note', 'public', 0)"),
		SQLITE_CONSTRAINT_CHECK);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	assert_true(db_begin(f->db));
	struct store_user_new u = {"kris@example.org", "Kris", NULL, "staff", NULL};
	assert_int_equal(store_user_create(f->db, &u, NULL), STORE_OK);
	assert_int_equal(store_setting_set(f->db, "agency_name", "LAPD"), STORE_OK);
	db_rollback(f->db);
	int64_t n = -1;
	assert_int_equal(store_user_count(f->db, NULL, &n), STORE_OK);
	assert_int_equal(n, 0);
	char *name = NULL;
	assert_int_equal(store_setting_get(f->db, "agency_name", &name), STORE_OK);
	assert_string_not_equal(name, "LAPD");
	free(name);

	/* And a commit keeps it. */
	assert_true(db_begin(f->db));
	assert_int_equal(store_user_create(f->db, &u, NULL), STORE_OK);
	assert_true(db_commit(f->db));
	assert_int_equal(store_user_count(f->db, "staff", &n), STORE_OK);
	assert_int_equal(n, 1);
	/* No nesting: BEGIN inside a transaction fails and says why. */
	assert_true(db_begin(f->db));
	assert_false(db_begin(f->db));
	assert_non_null(strstr(db_errmsg(f->db), "within a transaction"));
	db_rollback(f->db);
}

static void test_settings_round_trip(void **state)
{
	struct fixture *f = *state;
	char *v = NULL;
	assert_int_equal(store_setting_get(f->db, "agency_timezone", &v), STORE_OK);
	assert_string_equal(v, "America/Los_Angeles");
	free(v);
	assert_int_equal(store_setting_get(f->db, "publish_default", &v), STORE_OK);
	assert_string_equal(v, "manual");
	free(v);

	assert_int_equal(store_setting_set(f->db, "agency_name",
		"Los Angeles Police Department"), STORE_OK);
	assert_int_equal(store_setting_get(f->db, "agency_name", &v), STORE_OK);
	assert_string_equal(v, "Los Angeles Police Department");
	free(v);
	assert_int_equal(store_setting_set(f->db, "site.footer", "Hello"), STORE_OK);
	assert_int_equal(store_setting_get(f->db, "site.footer", &v), STORE_OK);
	assert_string_equal(v, "Hello");
	free(v);

	v = NULL;
	assert_int_equal(store_setting_get(f->db, "no_such_key", &v),
			 STORE_NOT_FOUND);
	assert_null(v);
	assert_int_equal(store_setting_set(f->db, "publish_default", "sometimes"),
			 STORE_INVALID);
	assert_non_null(strstr(db_errmsg(f->db), "CHECK constraint failed"));
	assert_int_equal(store_setting_set(f->db, "request_number_start", "0"),
			 STORE_INVALID);
	assert_int_equal(store_setting_set(f->db, "request_number_start", "5000"),
			 STORE_OK);

	json_t *all = NULL;
	assert_int_equal(store_settings_all(f->db, &all), STORE_OK);
	assert_string_equal(json_string_value(json_object_get(all, "publish_default")),
			    "manual");
	assert_string_equal(json_string_value(json_object_get(all,
		"request_number_start")), "5000");
	assert_string_equal(json_string_value(json_object_get(all,
		"deadline_rule_set")), "cpra");
	json_decref(all);
}

static void test_users(void **state)
{
	struct fixture *f = *state;
	struct store_user_new admin = {"Admin@Example.org", "Ada Admin",
		"Records Manager", "admin", "$argon2id$v=19$m=65536,t=2,p=1$x$y"};
	int64_t id = 0;
	assert_int_equal(store_user_create(f->db, &admin, &id), STORE_OK);
	assert_true(id > 0);

	struct store_user_new same = {"admin@EXAMPLE.ORG", "Other", NULL,
		"requester", NULL};
	assert_int_equal(store_user_create(f->db, &same, NULL), STORE_CONFLICT);
	assert_non_null(strstr(db_errmsg(f->db), "users.email"));
	struct store_user_new bad_role = {"x@example.org", "X", NULL, "root", NULL};
	assert_int_equal(store_user_create(f->db, &bad_role, NULL), STORE_INVALID);
	struct store_user_new no_at = {"nobody", "X", NULL, "staff", NULL};
	assert_int_equal(store_user_create(f->db, &no_at, NULL), STORE_INVALID);

	json_t *u = NULL;
	assert_int_equal(store_user_find_by_email(f->db, "ADMIN@example.ORG", &u),
			 STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(u, "id")), id);
	assert_string_equal(json_string_value(json_object_get(u, "email")),
			    "Admin@Example.org");
	assert_string_equal(json_string_value(json_object_get(u, "title")),
			    "Records Manager");
	assert_true(json_is_true(json_object_get(u, "active")));
	assert_true(json_is_integer(json_object_get(u, "created_at")));
	assert_true(json_is_null(json_object_get(u, "last_login_at")));
	assert_null(json_object_get(u, "password_hash"));
	json_decref(u);
	u = NULL;
	assert_int_equal(store_user_find_by_email(f->db, "nobody@example.org", &u),
			 STORE_NOT_FOUND);
	assert_null(u);

	char *hash = NULL;
	assert_int_equal(store_user_password_hash(f->db, id, &hash), STORE_OK);
	assert_string_equal(hash, admin.password_hash);
	free(hash);
	struct store_user_new req = {"req@example.org", "sb1421fan", NULL,
		"requester", NULL};
	int64_t rid = 0;
	assert_int_equal(store_user_create(f->db, &req, &rid), STORE_OK);
	assert_int_equal(store_user_password_hash(f->db, rid, &hash),
			 STORE_NOT_FOUND);

	int64_t n = -1;
	assert_int_equal(store_user_count(f->db, "admin", &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_user_count(f->db, "publisher", &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_user_count(f->db, NULL, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(exec(f->db, "UPDATE users SET active = 0 WHERE role = 'admin'"),
			 SQLITE_OK);
	assert_int_equal(store_user_count(f->db, "admin", &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void test_department_copies_follow_request(void **state)
{
	struct fixture *f = *state;
	insert_request(f->db);
	assert_int_equal(exec(f->db, "INSERT INTO departments (name, created_at,"
		" updated_at) VALUES ('Police Department (LAPD)', 0, 0)"), SQLITE_OK);
	assert_int_equal(exec(f->db, "INSERT INTO request_departments"
		" (request_id, department_id) VALUES (1, 1)"), SQLITE_OK);
	assert_int_equal(query_int(f->db, "SELECT received_at FROM"
		" request_departments"), 1568314800);
	assert_int_equal(exec(f->db, "UPDATE requests SET status = 'closed',"
		" closed_at = 1591640460, published = 1, published_at = 1591640460"),
		SQLITE_OK);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM request_departments"
		" WHERE published = 1 AND status = 'closed'"), 1);
}

static void test_search_indexes(void **state)
{
	struct fixture *f = *state;
	insert_request(f->db);
	assert_int_equal(exec(f->db,
		"INSERT INTO events (request_id, kind, level, created_at, body)"
		" VALUES (1, 'message', 'requester', 1, 'Are there any records at"
		" all about LACRIS?');"
		"INSERT INTO events (request_id, kind, level, created_at, body)"
		" VALUES (1, 'message', 'public', 2, 'The Department has no"
		" responsive records in the café.');"
		"INSERT INTO search_items (kind, item_id, request_id, in_public)"
		" VALUES ('request', 1, 1, 1), ('event', 1, 1, 0),"
		" ('event', 2, 1, 1);"
		"INSERT INTO search_all (rowid, title, body)"
		" SELECT id, title, body FROM search_all_content;"
		"INSERT INTO search_public (rowid, title, body)"
		" SELECT id, title, body FROM search_public_content;"), SQLITE_OK);

	const char *match = "SELECT count(*) FROM search_public WHERE search_public"
		" MATCH 'lacris'";
	assert_int_equal(query_int(f->db, match), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM search_all"
		" WHERE search_all MATCH 'lacris'"), 1);
	/* Diacritics fold ("cafe" finds "café"); porter stems ("record"
	 * finds "records"); the result says which kind of item matched. */
	char kind[32];
	query_text(f->db, "SELECT si.kind FROM search_public JOIN search_items AS si"
		" ON si.id = search_public.rowid WHERE search_public MATCH 'cafe'",
		kind, sizeof kind);
	assert_string_equal(kind, "event");
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM search_public"
		" WHERE search_public MATCH 'record'"), 2);
	char snippet[200];
	query_text(f->db, "SELECT snippet(search_public, 1, '[', ']', '...', 4)"
		" FROM search_public WHERE search_public MATCH 'facial'",
		snippet, sizeof snippet);
	assert_non_null(strstr(snippet, "[facial]"));

	/* Hiding an event: remove it from the public index before the flag. */
	assert_int_equal(exec(f->db,
		"INSERT INTO search_public (search_public, rowid, title, body)"
		" SELECT 'delete', id, title, body FROM search_public_content"
		" WHERE id = 3;"
		"UPDATE search_items SET in_public = 0 WHERE id = 3;"
		"UPDATE events SET hidden = 1, hidden_at = 3 WHERE id = 2;"),
		SQLITE_OK);
	assert_int_equal(query_int(f->db, match), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM search_public"
		" WHERE search_public MATCH 'cafe'"), 0);
	assert_int_equal(exec(f->db, "INSERT INTO search_public (search_public)"
		" VALUES ('integrity-check');"
		"INSERT INTO search_all (search_all) VALUES ('integrity-check');"),
		SQLITE_OK);
	/* A request with search rows cannot be deleted behind the index. */
	assert_int_equal(exec(f->db, "DELETE FROM requests WHERE id = 1"),
			 SQLITE_CONSTRAINT_FOREIGNKEY);
}

static void test_fts_query_quotes_every_word(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
		size_t words;
	} cases[] = {
		{"facial recognition", "\"facial\" \"recognition\"", 2},
		{"NEAR(a \"b\") OR c* -d:e ^f", "\"NEAR\" \"a\" \"b\" \"OR\" \"c\" \"d\" \"e\" \"f\"", 8},
		{"\"", "", 0},
		{"*** () \"\" :", "", 0},
		{"café 19-5156", "\"café\" \"19\" \"5156\"", 3},
		{"a b c d e f g h i j k l m n", "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\" \"j\" \"k\" \"l\"", 12},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		assert_int_equal(store_fts_query(cases[i].text, &b), cases[i].words);
		assert_string_equal(buf_cstr(&b), cases[i].want);
		buf_free(&b);
	}
}

/* add_request creates a request received at `at` (published or not) with
 * an event body, and returns its id. */
static int64_t add_request(struct db *db, int64_t at, bool published, const char *status,
			   const char *description, const char *event_level, const char *event_body)
{
	bool closed = !strcmp(status, "closed");
	struct store_request_new r = {
		.year = 2024, .seq_start = 1, .description = description, .status = status,
		.published_at = published ? at + 60 : 0, .received_at = at, .channel = "web",
		.due_date = "2024-03-15", .closed_at = closed ? at + 86400 * 3 : 0,
		.paused_at = !strcmp(status, "paused") ? at + 60 : 0, .now = at,
	};
	int64_t id = 0;
	char number[24];
	assert_int_equal(store_request_create(db, &r, &id, number), STORE_OK);
	if (event_body) {
		struct store_event_new e = {
			.request_id = id, .kind = !strcmp(event_level, "staff") ? "internal_note" : "message",
			.level = event_level, .created_at = at + 120, .body = event_body,
		};
		assert_int_equal(store_event_add(db, &e, NULL), STORE_OK);
	}
	return id;
}

static void test_archive_pages_by_keyset(void **state)
{
	struct fixture *f = *state;
	int64_t dept = 0;
	assert_int_equal(store_department_create(f->db, "Police", "LAPD", &dept), STORE_OK);
	/* Seven published requests, two received at the same second, and one
	 * unpublished that no page may show. */
	int64_t ids[7];
	const int64_t at[7] = {1000, 2000, 3000, 3000, 4000, 5000, 6000};
	for (int i = 0; i < 7; i++) {
		ids[i] = add_request(f->db, at[i], true, i % 3 == 0 ? "closed" : "open",
				     "Records", NULL, NULL);
		if (i % 2 == 0)
			assert_int_equal(store_request_department_add(f->db, ids[i], dept),
					 STORE_OK);
	}
	add_request(f->db, 3500, false, "open", "Secret", NULL, NULL);
	/* Filters: none, status, department, received in [2000, 5000). */
	for (int kind = 0; kind < 4; kind++) {
		for (int oldest = 0; oldest < 2; oldest++) {
			struct store_archive_query q = {.limit = 2, .oldest = oldest};
			if (kind == 1)
				q.filter.status = "open";
			if (kind == 2)
				q.filter.department_id = dept;
			if (kind == 3) {
				q.filter.received_from = 2000;
				q.filter.received_before = 5000;
			}
			int64_t seen[8];
			size_t n = 0;
			for (int page = 0; page < 8; page++) {
				json_t *rows = NULL;
				assert_int_equal(store_archive(f->db, &q, &rows), STORE_OK);
				size_t i;
				json_t *row;
				json_array_foreach(rows, i, row) {
					assert_true(n < 8);
					seen[n++] = json_integer_value(json_object_get(row, "id"));
					q.after_received_at = json_integer_value(
						json_object_get(row, "received_at"));
					q.after_id = seen[n - 1];
				}
				size_t got = json_array_size(rows);
				json_decref(rows);
				if (got < 2)
					break;
			}
			/* Exactly the matching published requests, in order. */
			size_t want = 0;
			for (int k = 0; k < 7; k++) {
				int i = oldest ? k : 6 - k;
				if ((kind == 1 && i % 3 == 0) || (kind == 2 && i % 2 != 0) ||
				    (kind == 3 && (at[i] < 2000 || at[i] >= 5000)))
					continue;
				/* ids grow with i: equal received_at (i = 2, 3) is
				 * ordered by id, the same way. */
				assert_true(want < n);
				assert_int_equal(seen[want++], ids[i]);
			}
			assert_int_equal(n, want);
		}
	}
}

static void test_search_pages_once_per_request(void **state)
{
	struct fixture *f = *state;
	/* Three published requests that match through their description and
	 * events, one unpublished, one whose only match is a staff note. */
	int64_t a = add_request(f->db, 1000, true, "open", "Lacris audit logs", "public",
				"More lacris records");
	int64_t b = add_request(f->db, 2000, true, "closed", "Lacris contracts", "public",
				"Lacris invoices too");
	int64_t c = add_request(f->db, 3000, true, "open", "Budget", "public",
				"The lacris manual");
	add_request(f->db, 4000, false, "open", "Lacris secret", "public", "lacris");
	add_request(f->db, 5000, true, "open", "Parking", "staff", "lacris note");
	int64_t order[] = {c, b, a};
	for (int limit = 1; limit <= 4; limit++) {
		struct store_search_query q = {.text = "LACRIS", .limit = limit};
		size_t n = 0;
		for (int page = 0; page < 6; page++) {
			json_t *rows = NULL;
			int64_t next = -1;
			assert_int_equal(store_search(f->db, &q, &rows, &next), STORE_OK);
			size_t i;
			json_t *row;
			json_array_foreach(rows, i, row) {
				assert_true(n < 3);
				assert_int_equal(json_integer_value(json_object_get(row, "id")),
						 order[n++]);
				const char *snippet = json_string_value(json_object_get(row, "snippet"));
				assert_non_null(strstr(snippet, "\x02"));
			}
			json_decref(rows);
			if (!next)
				break;
			q.before_item = next;
		}
		assert_int_equal(n, 3);
	}
	/* Filters apply to the matched requests. */
	struct store_search_query q = {.text = "lacris", .limit = 10,
				       .filter = {.status = "closed"}};
	json_t *rows = NULL;
	int64_t next = -1;
	assert_int_equal(store_search(f->db, &q, &rows, &next), STORE_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "id")), b);
	assert_int_equal(next, 0);
	json_decref(rows);
	/* Staff search sees the note and the unpublished request. */
	q = (struct store_search_query){.text = "lacris", .limit = 10, .staff = true};
	assert_int_equal(store_search(f->db, &q, &rows, &next), STORE_OK);
	assert_int_equal(json_array_size(rows), 5);
	json_decref(rows);
	/* No words: nothing to search for. */
	q = (struct store_search_query){.text = "\"*()", .limit = 10};
	assert_int_equal(store_search(f->db, &q, &rows, &next), STORE_INVALID);
}

static void test_public_figures(void **state)
{
	struct fixture *f = *state;
	int64_t open = -1, closed = -1, median = -1;
	assert_int_equal(store_public_figures(f->db, 0, &open, &closed, &median), STORE_OK);
	assert_int_equal(open, 0);
	assert_int_equal(closed, 0);
	assert_int_equal(median, 0);
	/* Closed after 3 days each (add_request), one before the cut-off. */
	add_request(f->db, 1000, true, "closed", "x", NULL, NULL);
	add_request(f->db, 900000, true, "closed", "x", NULL, NULL);
	add_request(f->db, 1000000, true, "closed", "x", NULL, NULL);
	add_request(f->db, 1000000, true, "open", "x", NULL, NULL);
	add_request(f->db, 1000000, true, "paused", "x", NULL, NULL);
	add_request(f->db, 1000000, false, "open", "x", NULL, NULL);
	add_request(f->db, 1000000, false, "closed", "x", NULL, NULL);
	assert_int_equal(store_public_figures(f->db, 500000, &open, &closed, &median), STORE_OK);
	assert_int_equal(open, 2);
	assert_int_equal(closed, 2);
	assert_int_equal(median, 3 * 86400);
}

/* add_event adds an event with a body to request id 1 at the given level. */
static void add_event(struct db *db, const char *level, const char *body)
{
	struct store_event_new e = {.request_id = 1, .kind = "message", .level = level,
				    .created_at = 1568400000, .body = body};
	assert_int_equal(store_event_add(db, &e, NULL), STORE_OK);
}

static void test_bulk_load_indexes_at_end(void **state)
{
	struct fixture *f = *state;
	int64_t cache = query_int(f->db, "PRAGMA cache_size");
	assert_true(db_bulk_begin(f->db));
	assert_int_equal(query_int(f->db, "PRAGMA synchronous"), 0); /* OFF */
	assert_true(query_int(f->db, "PRAGMA cache_size") < cache);  /* more KiB */
	struct store_request_new r = {
		.year = 2019, .seq_start = 5156, .status = "open", .channel = "web",
		.description = "Records about facial recognition technology",
		.published_at = 1568314800, .received_at = 1568314800, .now = 1568314800,
	};
	int64_t id = 0;
	char number[24];
	assert_true(db_begin(f->db));
	assert_int_equal(store_request_create(f->db, &r, &id, number), STORE_OK);
	assert_string_equal(number, "19-5156");
	add_event(f->db, "public", "Are there any records about LACRIS?");
	add_event(f->db, "requester", "My home address is 12 Elm Street");
	assert_true(db_commit(f->db));
	/* Listed with their visibility, not yet indexed. */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM search_items"), 3);
	assert_int_equal(query_int(f->db, "SELECT sum(in_public) FROM search_items"), 2);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM search_all"
		" WHERE search_all MATCH 'lacris'"), 0);

	assert_true(db_bulk_end(f->db));
	assert_int_equal(query_int(f->db, "PRAGMA synchronous"), 1); /* NORMAL */
	assert_int_equal(query_int(f->db, "PRAGMA cache_size"), cache);
	const char *pub = "SELECT count(*) FROM search_public WHERE search_public MATCH ";
	char sql[160];
	snprintf(sql, sizeof sql, "%s'facial'", pub);
	assert_int_equal(query_int(f->db, sql), 1);
	snprintf(sql, sizeof sql, "%s'lacris'", pub);
	assert_int_equal(query_int(f->db, sql), 1);
	snprintf(sql, sizeof sql, "%s'elm'", pub);
	assert_int_equal(query_int(f->db, sql), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM search_all"
		" WHERE search_all MATCH 'elm'"), 1);
	/* After the load, items are indexed as they are written again. */
	assert_true(db_begin(f->db));
	add_event(f->db, "public", "The Department found responsive records");
	assert_true(db_commit(f->db));
	snprintf(sql, sizeof sql, "%s'responsive'", pub);
	assert_int_equal(query_int(f->db, sql), 1);
	assert_int_equal(exec(f->db, "INSERT INTO search_public (search_public)"
		" VALUES ('integrity-check');"
		"INSERT INTO search_all (search_all) VALUES ('integrity-check');"),
		SQLITE_OK);
}

static void test_newer_database_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(exec(f->db, "INSERT INTO schema_migrations"
		" (version, name, applied_at) VALUES (9999, 'future', 0)"), SQLITE_OK);
	char err[512];
	assert_false(db_migrate(f->db, err, sizeof err));
	char want[128];
	snprintf(want, sizeof want, "database schema version 9999 is newer than"
		 " this disclose (%d); upgrade disclose", db_latest_version());
	assert_string_equal(err, want);
}

static void test_foreign_database_refused(void **state)
{
	struct fixture *f = *state;
	char path[160], err[512];
	snprintf(path, sizeof path, "%s/other.db", f->dir);
	struct db *db = db_open(path, true, err, sizeof err);
	assert_non_null(db);
	assert_int_equal(exec(db, "CREATE TABLE notes (x TEXT)"), SQLITE_OK);
	assert_int_equal(db_schema_version(db), 0);
	assert_false(db_migrate(db, err, sizeof err));
	assert_non_null(strstr(err, "not a Disclose database"));
	db_close(db);
	remove_db_files(path);
}

static void test_open_errors_say_what_to_do(void **state)
{
	struct fixture *f = *state;
	char path[160], err[512];
	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	assert_null(db_open(path, false, err, sizeof err));
	assert_non_null(strstr(err, "cannot open database '"));
	assert_non_null(strstr(err, "check the path and permissions"));

	snprintf(path, sizeof path, "%s/garbage.db", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	for (int i = 0; i < 64; i++)
		fputs("this is not a database file at all. ", fp);
	fclose(fp);
	assert_null(db_open(path, false, err, sizeof err));
	assert_non_null(strstr(err, "not an SQLite database"));
	unlink(path);
}

static void *thread_main(void *arg)
{
	struct db *db = db_thread();
	if (db && db_thread() == db && db_schema_version(db) == db_latest_version())
		*(int *)arg = 1;
	return NULL; /* the key's destructor closes db; ASan sees any leak */
}

static void test_thread_connections(void **state)
{
	struct fixture *f = *state;
	db_thread_setup(f->path);
	int ok[2] = {0, 0};
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_main, &ok[i]), 0);
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		assert_true(ok[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_migrate_fresh_and_again),
		T(test_pragmas_in_effect),
		T(test_every_statement_prepares),
		T(test_foreign_key_refused),
		T(test_check_constraints_refuse),
		T(test_rollback_leaves_nothing),
		T(test_settings_round_trip),
		T(test_users),
		T(test_department_copies_follow_request),
		T(test_search_indexes),
		T(test_fts_query_quotes_every_word),
		T(test_archive_pages_by_keyset),
		T(test_search_pages_once_per_request),
		T(test_public_figures),
		T(test_bulk_load_indexes_at_end),
		T(test_newer_database_refused),
		T(test_foreign_database_refused),
		T(test_open_errors_say_what_to_do),
		T(test_thread_connections),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
