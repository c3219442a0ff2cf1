/* Unit tests for route matching and parameter validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/date.h"
#include "web/router.h"

static int handler_a(struct web_ctx *c) { (void)c; return 200; }
static int handler_b(struct web_ctx *c) { (void)c; return 201; }

static const char *const colours[] = {"red", "green", NULL};

static const struct param_spec number_params[] = {
	{.name = "number", .type = PARAM_REQNO, .source = PARAM_PATH, .required = true},
};
static const struct param_spec doc_params[] = {
	{.name = "id", .type = PARAM_INT, .source = PARAM_PATH, .required = true,
	 .min = 1, .max = 1000000},
	{.name = "name", .type = PARAM_LINE, .source = PARAM_PATH, .required = true},
};
static const struct param_spec form_params[] = {
	{.name = "text", .type = PARAM_TEXT, .source = PARAM_FORM, .required = true,
	 .max_len = 20},
	{.name = "count", .type = PARAM_INT, .source = PARAM_FORM, .min = 1, .max = 10},
	{.name = "email", .type = PARAM_EMAIL, .source = PARAM_FORM},
	{.name = "from", .type = PARAM_DATE, .source = PARAM_FORM},
	{.name = "colour", .type = PARAM_ENUM, .source = PARAM_FORM, .choices = colours},
	{.name = "title", .type = PARAM_LINE, .source = PARAM_FORM},
	{.name = "agree", .type = PARAM_FLAG, .source = PARAM_FORM},
	{.name = "tags", .type = PARAM_INT, .source = PARAM_FORM, .min = 1, .max = 99,
	 .max_items = 3},
};

#define P(a) a, sizeof a / sizeof a[0]
static const struct route table[] = {
	{HTTP_GET, "/", handler_a, ROLE_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/requests/new", handler_b, ROLE_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/requests/{number}", handler_a, ROLE_PUBLIC, P(number_params), 0},
	{HTTP_POST, "/requests", handler_b, ROLE_PUBLIC, P(form_params), 0},
	{HTTP_GET, "/requests", handler_a, ROLE_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/documents/{id}/{name}", handler_a, ROLE_PUBLIC, P(doc_params), 0},
};
static const size_t n_table = sizeof table / sizeof table[0];

static void test_literal_and_capture(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct route_match m;
	router_match(table, n_table, HTTP_GET, "/", &a, &m);
	assert_ptr_equal(m.route, &table[0]);
	router_match(table, n_table, HTTP_GET, "/requests/new", &a, &m);
	assert_ptr_equal(m.route, &table[1]);
	router_match(table, n_table, HTTP_GET, "/requests/19-5156", &a, &m);
	assert_ptr_equal(m.route, &table[2]);
	assert_int_equal(m.n_captures, 1);
	assert_string_equal(m.captures[0], "19-5156");
	router_match(table, n_table, HTTP_HEAD, "/requests/19-5156", &a, &m);
	assert_ptr_equal(m.route, &table[2]);
	router_match(table, n_table, HTTP_GET, "/documents/42/report.pdf", &a, &m);
	assert_ptr_equal(m.route, &table[5]);
	assert_string_equal(m.captures[1], "report.pdf");
	arena_free(&a);
}

static void test_typed_capture_mismatch_is_not_found(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct route_match m;
	const char *misses[] = {"/requests/abc", "/requests/2019-5156", "/requests/19-",
				"/requests/19-05156", "/documents/x/a.pdf", "/requests/19-5156/",
				"/nowhere", "/requests/19-5156/extra", "/documents/1/"};
	for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
		router_match(table, n_table, HTTP_GET, misses[i], &a, &m);
		assert_null(m.route);
		assert_false(m.method_mismatch);
	}
	arena_free(&a);
}

static void test_method_mismatch_lists_allowed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct route_match m;
	router_match(table, n_table, HTTP_OTHER, "/requests", &a, &m);
	assert_null(m.route);
	assert_true(m.method_mismatch);
	assert_string_equal(m.allow, "POST, GET, HEAD");
	router_match(table, n_table, HTTP_POST, "/requests", &a, &m);
	assert_ptr_equal(m.route, &table[3]);
	arena_free(&a);
}

static void test_reqno_parse(void **state)
{
	(void)state;
	struct reqno r;
	assert_true(reqno_parse("19-5156", &r));
	assert_int_equal(r.year, 19);
	assert_int_equal(r.seq, 5156);
	assert_true(reqno_parse("00-1", &r));
	assert_false(reqno_parse("19-0", &r));
	assert_false(reqno_parse("1-5156", &r));
	assert_false(reqno_parse("19_5156", &r));
	assert_false(reqno_parse("19-123456789", &r));
	assert_false(reqno_parse("19-12a", &r));
}

/* A request with the given form fields, for params_validate. */
static struct http_req form_req(struct arena *a, struct http_kv *form, size_t n)
{
	struct http_req r = {.arena = a, .method = HTTP_POST, .path = "/requests",
			     .query = "", .form = form, .n_form = n};
	return r;
}

static size_t validate(const struct http_req *req, struct param_value *v,
		       struct param_error *e)
{
	struct route_match m = {.route = &table[3]};
	return params_validate(&table[3], &m, req, v, e);
}

static void test_valid_form_is_typed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct http_kv form[] = {
		{"text", "  line one\r\nline two  ", 0}, {"count", "7", 0},
		{"email", "Someone@Example.org", 0},     {"from", "2019-09-12", 0},
		{"colour", "green", 0},                  {"agree", "on", 0},
		{"csrf_token", "x", 0},
	};
	struct http_req req = form_req(&a, form, sizeof form / sizeof form[0]);
	struct param_value v[PARAM_MAX];
	struct param_error e[PARAM_MAX];
	assert_int_equal(validate(&req, v, e), 0);
	assert_string_equal(v[0].str, "line one\nline two");
	assert_int_equal(v[1].num, 7);
	assert_true(v[2].present);
	struct date d = {2019, 9, 12};
	assert_int_equal(v[3].day, date_to_days(d));
	assert_int_equal(v[4].num, 1);
	assert_false(v[5].present);
	assert_int_equal(v[6].num, 1);
	arena_free(&a);
}

/* expect_error checks that one field alone gives one error naming it. */
static void expect_error(const char *name, const char *value, const char *message)
{
	struct arena a;
	arena_init(&a);
	struct http_kv form[] = {{"text", "ok", 0}, {name, value, 0}};
	struct http_req req = form_req(&a, form, 2);
	struct param_value v[PARAM_MAX];
	struct param_error e[PARAM_MAX];
	size_t n = validate(&req, v, e);
	if (n != 1 || strcmp(e[0].name, name) || !strstr(e[0].message, message))
		fail_msg("%s=%s: got %zu errors, first: %s %s", name, value, n,
			 n ? e[0].name : "-", n ? e[0].message : "-");
	arena_free(&a);
}

static void test_invalid_fields_are_named(void **state)
{
	(void)state;
	expect_error("count", "11", "between 1 and 10");
	expect_error("count", "seven", "whole number");
	expect_error("count", "7x", "whole number");
	expect_error("email", "not-an-email", "email address");
	expect_error("email", "a@b", "email address");
	expect_error("email", "a b@example.org", "email address");
	expect_error("from", "2019-02-29", "YYYY-MM-DD");
	expect_error("from", "12/09/2019", "YYYY-MM-DD");
	expect_error("colour", "blue", "allowed values");
	expect_error("title", "one\ntwo", "control characters");
	expect_error("title", "bell\a", "control characters");
	expect_error("unknown", "x", "not a known field");
	expect_error("text", "x", "more than once");
}

static void test_required_and_length(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct http_kv blank[] = {{"text", "   ", 0}};
	struct http_req req = form_req(&a, blank, 1);
	struct param_value v[PARAM_MAX];
	struct param_error e[PARAM_MAX];
	assert_int_equal(validate(&req, v, e), 1);
	assert_string_equal(e[0].name, "text");
	assert_string_equal(e[0].message, "is required");
	struct http_kv long_text[] = {{"text", "123456789012345678901", 0}};
	req = form_req(&a, long_text, 1);
	assert_int_equal(validate(&req, v, e), 1);
	assert_string_equal(e[0].message, "must be at most 20 characters (it has 21)");
	/* The limit counts characters, not bytes: 20 two-byte letters fit. */
	struct http_kv accents[] = {{"text", "éééééééééééééééééééé", 0}};
	req = form_req(&a, accents, 1);
	assert_int_equal(validate(&req, v, e), 0);
	assert_string_equal(v[0].str, "éééééééééééééééééééé");
	arena_free(&a);
}

static void test_repeatable_field(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct http_kv form[] = {{"text", "ok", 0}, {"tags", "4", 0}, {"tags", "", 0},
				 {"tags", "17", 0}};
	struct http_req req = form_req(&a, form, 4);
	struct param_value v[PARAM_MAX];
	struct param_error e[PARAM_MAX];
	assert_int_equal(validate(&req, v, e), 0);
	assert_true(v[7].present);
	assert_int_equal(v[7].n_items, 2);
	assert_int_equal(v[7].items[0].num, 4);
	assert_int_equal(v[7].items[1].num, 17);
	assert_int_equal(v[7].num, 4);
	struct http_kv none[] = {{"text", "ok", 0}};
	req = form_req(&a, none, 1);
	assert_int_equal(validate(&req, v, e), 0);
	assert_false(v[7].present);
	assert_int_equal(v[7].n_items, 0);
	struct http_kv many[] = {{"text", "ok", 0}, {"tags", "1", 0}, {"tags", "2", 0},
				 {"tags", "3", 0}, {"tags", "4", 0}};
	req = form_req(&a, many, 5);
	assert_int_equal(validate(&req, v, e), 1);
	assert_string_equal(e[0].message, "is given more than 3 times");
	arena_free(&a);
	expect_error("tags", "100", "between 1 and 99");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeatable_field),
		cmocka_unit_test(test_literal_and_capture),
		cmocka_unit_test(test_typed_capture_mismatch_is_not_found),
		cmocka_unit_test(test_method_mismatch_lists_allowed),
		cmocka_unit_test(test_reqno_parse),
		cmocka_unit_test(test_valid_form_is_typed),
		cmocka_unit_test(test_invalid_fields_are_named),
		cmocka_unit_test(test_required_and_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
