/* Unit tests for the request page's view model and template, built for each
 * kind of viewer over a demo database (`disclose demo`): the staff view of
 * 19-5156 shows what the reference page (a staff view) shows; the public
 * and a requester see only their share. The public view is also tested end
 * to end (tests/e2e/request_page.test.mjs). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/event.h"
#include "render/templates.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "util/buf.h"
#include "web/request_page.h"

static char dir[64], path[128];
static struct db *db;
static struct templates *templates;
static struct deadline_clock now = {{2026, 11, 27}, 12 * 60};

static const struct viewer public_viewer = {0, ROLE_PUBLIC};
static const struct viewer staff_viewer = {1, ROLE_STAFF};

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/disclose-test-page-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/demo.db", dir);
	char *argv[] = {"demo", "--db", path, "--requests", "60", NULL};
	assert_int_equal(cmd_demo(5, argv), EXIT_OK);
	char err[512];
	db = db_open(path, false, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	templates = templates_load(NULL, err, sizeof err);
	if (!templates)
		fail_msg("%s", err);
	return 0;
}

static int teardown(void **state)
{
	templates_free(templates);
	db_close(db);
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	char name[160];
	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		unlink(name);
	}
	rmdir(dir);
	return 0;
}

static json_t *view_of(const struct viewer *v, const char *number)
{
	json_t *view = NULL;
	assert_int_equal(request_page_view(db, v, number, now, &view), STORE_OK);
	return view;
}

/* page_text renders view as the page and returns what it shows: tags
 * removed, entities decoded, white space collapsed. The caller frees. */
static char *page_text(json_t *view)
{
	struct buf html = BUF_INIT;
	json_object_set_new(view, "site", json_pack("{s:s, s:s}", "agency", "Test", "lang", "en"));
	assert_true(templates_render(templates, "request", view, &html));
	static const struct {
		const char *entity, *text;
	} entities[] = {{"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
	struct buf out = BUF_INIT;
	const char *s = strstr(buf_cstr(&html), "<main");
	assert_non_null(s);
	bool space = false;
	while (*s) {
		if (*s == '<') {
			const char *end = strchr(s, '>');
			s = end ? end + 1 : s + strlen(s);
			continue;
		}
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			space = out.len > 0;
			s++;
			continue;
		}
		if (space)
			buf_putc(&out, ' ');
		space = false;
		size_t i = 0;
		while (i < sizeof entities / sizeof entities[0] &&
		       strncmp(s, entities[i].entity, strlen(entities[i].entity)))
			i++;
		if (i < sizeof entities / sizeof entities[0]) {
			buf_puts(&out, entities[i].text);
			s += strlen(entities[i].entity);
		} else {
			buf_putc(&out, *s++);
		}
	}
	buf_free(&html);
	return buf_steal(&out);
}

static void expect_text(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("the page does not show \"%s\"", want);
}

static void expect_no_text(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted))
		fail_msg("the page shows \"%s\"", unwanted);
}

static const char *get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The time labels of the reference's timeline, newest first ("Request
 * Published" shows none on the reference; it has the closing time). */
static const char *const reference_times[] = {
	"June 16, 2020, 5:16pm", "June 16, 2020, 4:09pm", "June 13, 2020, 9:46am",
	"June 8, 2020, 11:21am", "June 8, 2020, 11:21am", "May 11, 2020, 2:39pm",
	"April 13, 2020, 3:38pm", "March 9, 2020, 10:14am", "February 7, 2020, 2:47pm",
	"January 9, 2020, 3:45pm", "December 9, 2019, 10:41am", "October 1, 2019, 11:33am",
	"October 1, 2019, 11:32am", "October 1, 2019, 11:28am", "September 30, 2019, 9:47pm",
	"September 30, 2019, 8:56pm", "September 30, 2019, 6:06pm", "September 30, 2019, 5:27pm",
	"September 30, 2019, 5:27pm", "September 30, 2019, 5:27pm", "September 12, 2019, 2:16pm",
	"September 12, 2019, 12:04pm", "September 12, 2019, 12:04pm",
};

static void test_staff_view_of_the_reference(void **state)
{
	json_t *view = view_of(&staff_viewer, "19-5156");
	json_t *req = json_object_get(view, "request");
	json_t *events = json_object_get(req, "events");
	enum { N = sizeof reference_times / sizeof reference_times[0] };
	assert_int_equal(json_array_size(events), N);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(get_str(json_array_get(events, i), "at_label"), reference_times[i]);
	json_t *requester = json_object_get(req, "requester");
	assert_non_null(requester);
	assert_string_equal(get_str(requester, "name"), "sb1421fan@gmail.com");
	assert_string_equal(get_str(requester, "email"), "sb1421fan@gmail.com");
	assert_true(json_is_null(json_object_get(requester, "phone")));
	json_t *docs = json_object_get(req, "documents");
	assert_int_equal(json_array_size(docs), 3);
	assert_string_equal(get_str(json_array_get(docs, 2), "label"), "Staff");
	json_t *first = json_array_get(events, 1);
	assert_string_equal(get_str(first, "kind_label"), "External Message");
	assert_string_equal(get_str(first, "level_label"), "Requester + Staff");
	assert_string_equal(get_str(first, "byline"),
			    "by Kris Tu 34895 LAPD CPRA 1421 - Detective III (Staff)");

	char *text = page_text(view);
	expect_text(text, "Request #19-5156 Status: Closed");
	expect_text(text, "Requester sb1421fan@gmail.com sb1421fan@gmail.com");
	expect_text(text, "Documents Public (none) Requester (none) Staff (none)");
	expect_text(text, "Point of Contact LAPD Analyst Farah N5890");
	expect_text(text, "External Message Requester + Staff Ah, yeah. I have a question.");
	expect_text(text, "to read it some time. June 16, 2020, 5:16pm by the requester");
	expect_text(text, "you may wish to visit their website at https://lacris.org/.");
	expect_text(text, "June 16, 2020, 4:09pm by Kris Tu 34895 LAPD CPRA 1421 - Detective III (Staff)");
	expect_text(text, "Good morning, LAPD. Request 19-7474 seems to be about");
	expect_text(text, "You are very welcome! October 1, 2019, 11:33am by Senior Management Analyst Kris (Staff)");
	expect_text(text, "Thank you so much! October 1, 2019, 11:32am by the requester");
	expect_text(text, "Do you know a good contact at General Services Division to ask? "
			  "September 30, 2019, 6:06pm by the requester");
	free(text);

	struct buf html = BUF_INIT;
	assert_true(templates_render(templates, "request", view, &html));
	const char *h = buf_cstr(&html);
	assert_non_null(strstr(h, "<a href=\"https://lacris.org/\">https://lacris.org/</a>"));
	assert_non_null(strstr(h, "Request <a href=\"/requests/19-7474\">19-7474</a> seems"));
	assert_non_null(strstr(h, "<a href=\"mailto:sb1421fan@gmail.com\">sb1421fan@gmail.com</a>"));
	buf_free(&html);
	json_decref(view);
}

static void test_public_view_of_the_reference(void **state)
{
	json_t *view = view_of(&public_viewer, "19-5156");
	json_t *req = json_object_get(view, "request");
	assert_null(json_object_get(req, "requester"));
	assert_int_equal(json_array_size(json_object_get(req, "documents")), 1);
	json_t *events = json_object_get(req, "events"), *ev;
	assert_int_equal(json_array_size(events), 17);
	size_t i;
	json_array_foreach(events, i, ev)
		assert_string_equal(get_str(ev, "level"), "public");
	char *text = page_text(view);
	expect_no_text(text, "sb1421fan");
	expect_no_text(text, "Requester + Staff");
	expect_no_text(text, "Ah, yeah.");
	expect_no_text(text, "Kris Tu");
	expect_text(text, "Documents Public (none) Timeline");
	free(text);
	json_decref(view);
}

/* query_text runs SQL written by the test and copies its first value. */
static bool query_text(const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL), SQLITE_OK);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return found;
}

static void test_internal_notes_for_staff_only(void **state)
{
	char number[32], note[512];
	assert_true(query_text("SELECT r.number FROM events AS e JOIN requests AS r"
			       " ON r.id = e.request_id WHERE e.kind = 'internal_note'"
			       " AND r.published = 1 ORDER BY e.id LIMIT 1",
			       number, sizeof number));
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT e.body FROM events AS e JOIN requests AS r ON r.id = e.request_id"
		 " WHERE e.kind = 'internal_note' AND r.number = '%s'", number);
	assert_true(query_text(sql, note, sizeof note));

	json_t *view = view_of(&staff_viewer, number);
	char *text = page_text(view);
	expect_text(text, "Internal Note Staff");
	expect_text(text, note);
	free(text);
	json_decref(view);

	view = view_of(&public_viewer, number);
	text = page_text(view);
	expect_no_text(text, "Internal Note");
	expect_no_text(text, note);
	free(text);
	json_decref(view);
}

/* add_request writes a request of requester_id with one event per level. */
static void add_request(const char *description, bool published, int64_t requester_id,
			char number[static 24])
{
	struct store_request_new r = {
		.year = 2026, .seq_start = 900, .description = description, .status = "open",
		.published_at = published ? 1790000000 : 0, .received_at = 1790000000,
		.channel = "email", .due_date = "2026-11-30", .requester_id = requester_id,
		.requester_name = "Pat Doe", .requester_email = "pat@example.org",
		.requester_phone = "(213) 555-0100", .now = 1790000000,
	};
	int64_t id;
	assert_true(db_begin(db));
	assert_int_equal(store_request_create(db, &r, &id, number), STORE_OK);
	static const char *const levels[] = {"public", "requester", "staff"};
	static const char *const bodies[] = {"For everyone.", "For Pat.", "Staff only."};
	for (int i = 0; i < 3; i++) {
		struct store_event_new e = {
			.request_id = id, .kind = i == 2 ? "internal_note" : "message",
			.level = levels[i], .created_at = 1790000000 + i, .body = bodies[i],
		};
		assert_int_equal(store_event_add(db, &e, NULL), STORE_OK);
	}
	assert_true(db_commit(db));
}

static void test_requester_sees_own_unpublished_request(void **state)
{
	struct store_user_new u = {.email = "pat@example.org", .name = "Pat Doe", .role = "requester"};
	int64_t pat, other;
	assert_int_equal(store_user_create(db, &u, &pat), STORE_OK);
	u.email = "sam@example.org";
	assert_int_equal(store_user_create(db, &u, &other), STORE_OK);
	char number[24];
	add_request("Budget memos.", false, pat, number);

	json_t *view = NULL;
	assert_int_equal(request_page_view(db, &public_viewer, number, now, &view), STORE_NOT_FOUND);
	assert_null(view);
	struct viewer someone = {other, ROLE_REQUESTER};
	assert_int_equal(request_page_view(db, &someone, number, now, &view), STORE_NOT_FOUND);

	struct viewer owner = {pat, ROLE_REQUESTER};
	view = view_of(&owner, number);
	json_t *req = json_object_get(view, "request");
	assert_string_equal(get_str(json_object_get(req, "requester"), "name"), "Pat Doe");
	assert_string_equal(get_str(req, "status_label"), "Due soon");
	assert_true(json_is_true(json_object_get(req, "due_soon")));
	assert_int_equal(json_array_size(json_object_get(req, "documents")), 2);
	char *text = page_text(view);
	expect_text(text, "Requester Pat Doe pat@example.org (213) 555-0100");
	expect_text(text, "For Pat.");
	expect_text(text, "For everyone.");
	expect_no_text(text, "Staff only.");
	expect_text(text, "Received September 21, 2026 via email");
	expect_text(text, "Due November 30, 2026 (due soon)");
	free(text);
	json_decref(view);
	assert_int_equal(request_page_view(db, &staff_viewer, "26-99999", now, &view),
			 STORE_NOT_FOUND);
}

static void test_long_descriptions_fold(void **state)
{
	char number[24];
	add_request("Short and sweet.\n\nTwo paragraphs.", true, 0, number);
	json_t *view = view_of(&public_viewer, number);
	json_t *req = json_object_get(view, "request");
	assert_false(json_is_true(json_object_get(req, "description_folds")));
	assert_true(json_is_null(json_object_get(req, "description_rest_html")));
	assert_string_equal(get_str(req, "description_html"),
			    "<p>Short and sweet.</p>\n<p>Two paragraphs.</p>\n");
	json_decref(view);

	/* One long paragraph: it splits after a sentence. */
	struct buf text = BUF_INIT;
	for (int i = 0; i < 30; i++)
		buf_printf(&text, "Sentence number %d of a long request. ", i);
	add_request(buf_cstr(&text), true, 0, number);
	view = view_of(&public_viewer, number);
	req = json_object_get(view, "request");
	assert_true(json_is_true(json_object_get(req, "description_folds")));
	const char *intro = get_str(req, "description_intro_html");
	const char *rest = get_str(req, "description_rest_html");
	assert_true(strlen(intro) < 420);
	assert_true(strncmp(intro, "<p>Sentence number 0 of a long request.", 39) == 0);
	assert_non_null(strstr(intro, "request.</p>\n"));
	assert_true(strncmp(rest, "<p>Sentence number ", 19) == 0);
	assert_non_null(strstr(rest, "Sentence number 29 of a long request.</p>"));
	char *page = page_text(view);
	expect_text(page, "of a long request. Read more Read less of the request Sentence number");
	free(page);
	json_decref(view);
	buf_free(&text);

	/* Many short lines: it splits at a line within five. */
	add_request("a\nb\nc\nd\ne\nf\ng\nh\ni\nj", true, 0, number);
	view = view_of(&public_viewer, number);
	req = json_object_get(view, "request");
	assert_string_equal(get_str(req, "description_intro_html"),
			    "<p>a<br />\nb<br />\nc<br />\nd<br />\ne</p>\n");
	assert_string_equal(get_str(req, "description_rest_html"),
			    "<p>f<br />\ng<br />\nh<br />\ni<br />\nj</p>\n");
	json_decref(view);
}

static void test_event_kinds_have_labels(void **state)
{
	for (int k = 0; k < EVENT__COUNT; k++) {
		const char *name = event_kind_name((enum event_kind)k);
		enum event_kind back;
		assert_non_null(name);
		assert_true(*name);
		assert_true(*event_kind_label((enum event_kind)k));
		assert_true(event_kind_parse(name, &back));
		assert_int_equal(back, k);
	}
	enum event_kind k;
	assert_false(event_kind_parse("nonsense", &k));
	assert_string_equal(event_kind_label(EVENT_TASK_DONE), "Task Completed");
	assert_string_equal(event_kind_label(EVENT_EXTENDED), "Deadline Extended");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_view_of_the_reference),
		cmocka_unit_test(test_public_view_of_the_reference),
		cmocka_unit_test(test_internal_notes_for_staff_only),
		cmocka_unit_test(test_requester_sees_own_unpublished_request),
		cmocka_unit_test(test_long_descriptions_fold),
		cmocka_unit_test(test_event_kinds_have_labels),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
