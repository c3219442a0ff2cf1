/* Unit tests for Cookie parsing and Set-Cookie formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/cookie.h"

static void test_cookie_parse_tolerates_spaces(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct http_kv *kv;
	size_t n = cookie_parse(&a, "  sid=abc123;theme = dark ;q=\"quoted v\"; "
				    "empty=; x=a=b", &kv);
	assert_int_equal(n, 5);
	assert_string_equal(kv[0].name, "sid");
	assert_string_equal(kv[0].value, "abc123");
	assert_string_equal(kv[1].name, "theme");
	assert_string_equal(kv[1].value, "dark");
	assert_string_equal(kv[2].value, "quoted v");
	assert_string_equal(kv[3].name, "empty");
	assert_string_equal(kv[3].value, "");
	assert_int_equal(kv[3].value_len, 0);
	assert_string_equal(kv[4].value, "a=b");
	assert_int_equal(cookie_parse(&a, "", &kv), 0);
	assert_int_equal(cookie_parse(&a, ";;  ; ", &kv), 0);
	arena_free(&a);
}

static void test_cookie_parse_skips_malformed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct http_kv *kv;
	size_t n = cookie_parse(&a, "novalue; =anon; bad name=1; b@d=2; "
				    "v=\xFF; c=\x01; ok=1; é=2; last=ünïcode", &kv);
	assert_int_equal(n, 2);
	assert_string_equal(kv[0].name, "ok");
	assert_string_equal(kv[1].name, "last");
	assert_string_equal(kv[1].value, "ünïcode");
	arena_free(&a);
}

static void test_cookie_format(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct cookie_opts all = {3600, "/", true, true, true};
	assert_string_equal(cookie_format(&a, "sid", "abc", &all),
		"sid=abc; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax; Secure");
	struct cookie_opts session = {-1, NULL, false, false, false};
	assert_string_equal(cookie_format(&a, "t", "", &session), "t=");
	struct cookie_opts del = {0, "/admin", true, true, false};
	assert_string_equal(cookie_format(&a, "sid", "", &del),
		"sid=; Max-Age=0; Path=/admin; HttpOnly; SameSite=Lax");
	assert_null(cookie_format(&a, "bad name", "x", &all));
	assert_null(cookie_format(&a, "", "x", &all));
	assert_null(cookie_format(&a, "n", "a;b", &all));
	assert_null(cookie_format(&a, "n", "a b", &all));
	assert_null(cookie_format(&a, "n", "a\r\nSet-Cookie: x=1", &all));
	assert_null(cookie_format(&a, "n", "\"q\"", &all));
	assert_null(cookie_format(&a, "n", "é", &all));
	struct cookie_opts bad_path = {-1, "/a;Domain=evil", false, false, false};
	assert_null(cookie_format(&a, "n", "v", &bad_path));
	struct cookie_opts nl_path = {-1, "/a\n", false, false, false};
	assert_null(cookie_format(&a, "n", "v", &nl_path));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_parse_tolerates_spaces),
		cmocka_unit_test(test_cookie_parse_skips_malformed),
		cmocka_unit_test(test_cookie_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
