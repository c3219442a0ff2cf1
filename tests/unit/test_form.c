/* Unit tests for the application/x-www-form-urlencoded parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/form.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static enum form_status parse(const char *s, size_t max, struct http_kv **kv,
			      size_t *n, const char **err)
{
	return form_parse(&arena, s, strlen(s), max, kv, n, err);
}

static void test_form_decodes_pairs(void **state)
{
	(void)state;
	struct http_kv *kv;
	size_t n;
	const char *err;
	assert_int_equal(parse("a=1&b=h%C3%A9llo+w%2Bx&&c&d=&=e&f=a=b&",
			       10, &kv, &n, &err), FORM_OK);
	assert_null(err);
	assert_int_equal(n, 6);
	assert_string_equal(kv[0].name, "a");
	assert_string_equal(kv[0].value, "1");
	assert_string_equal(kv[1].value, "héllo w+x");
	assert_int_equal(kv[1].value_len, strlen("héllo w+x"));
	assert_string_equal(kv[2].name, "c");
	assert_string_equal(kv[2].value, "");
	assert_string_equal(kv[3].name, "d");
	assert_string_equal(kv[4].name, "");
	assert_string_equal(kv[4].value, "e");
	assert_string_equal(kv[5].value, "a=b");
	assert_int_equal(parse("", 0, &kv, &n, &err), FORM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(parse("x+y%20z=%41%62", 1, &kv, &n, &err), FORM_OK);
	assert_string_equal(kv[0].name, "x y z");
	assert_string_equal(kv[0].value, "Ab");
}

static void test_form_newlines_in_values(void **state)
{
	(void)state;
	struct http_kv *kv;
	size_t n;
	const char *err;
	assert_int_equal(parse("t=line1%0D%0Aline2%09x", 5, &kv, &n, &err),
			 FORM_OK);
	assert_string_equal(kv[0].value, "line1\r\nline2\tx");
	assert_int_equal(parse("t%0A=1", 5, &kv, &n, &err), FORM_BAD);
	assert_string_equal(err, "control character in a field name");
}

static void test_form_rejects_bad_percent(void **state)
{
	(void)state;
	struct http_kv *kv;
	size_t n;
	const char *err;
	const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%4g", "a=x%g1",
			     "a=100%"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(parse(bad[i], 5, &kv, &n, &err), FORM_BAD);
		assert_string_equal(err, "invalid percent-encoding in field 'a'");
	}
	assert_int_equal(parse("%G0=1", 5, &kv, &n, &err), FORM_BAD);
	assert_string_equal(err, "invalid percent-encoding in a field name");
	size_t len;
	assert_null(form_unescape(&arena, "%4", 2, false, &len));
	char *s = form_unescape(&arena, "a+b%2f", 6, false, &len);
	assert_string_equal(s, "a+b/");
	assert_int_equal(len, 4);
	s = form_unescape(&arena, "%00x", 4, false, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(s, "\0x", 2);
}

static void test_form_rejects_bad_text(void **state)
{
	(void)state;
	struct http_kv *kv;
	size_t n;
	const char *err;
	assert_int_equal(parse("name=%FF", 5, &kv, &n, &err), FORM_BAD);
	assert_string_equal(err, "invalid UTF-8 in field 'name'");
	assert_int_equal(parse("name=%C0%AF", 5, &kv, &n, &err), FORM_BAD);
	assert_int_equal(parse("name=%ED%A0%80", 5, &kv, &n, &err), FORM_BAD);
	assert_int_equal(parse("name=\xC3", 5, &kv, &n, &err), FORM_BAD);
	assert_int_equal(parse("n%FF=1", 5, &kv, &n, &err), FORM_BAD);
	assert_string_equal(err, "invalid UTF-8 in a field name");
	assert_int_equal(parse("name=a%00b", 5, &kv, &n, &err), FORM_BAD);
	assert_string_equal(err, "NUL or control character in field 'name'");
	assert_int_equal(parse("name=a%1Bb", 5, &kv, &n, &err), FORM_BAD);
	assert_int_equal(parse("a%00=1", 5, &kv, &n, &err), FORM_BAD);
}

static void test_form_field_limit(void **state)
{
	(void)state;
	struct http_kv *kv;
	size_t n;
	const char *err;
	assert_int_equal(parse("a=1&b=2&c=3", 3, &kv, &n, &err), FORM_OK);
	assert_int_equal(n, 3);
	assert_int_equal(parse("a=1&&&b=2&c=3&", 3, &kv, &n, &err), FORM_OK);
	assert_int_equal(parse("a=1&b=2&c=3&d", 3, &kv, &n, &err),
			 FORM_TOO_MANY);
	assert_string_equal(err, "too many fields (limit 3)");
	assert_int_equal(parse("a", 0, &kv, &n, &err), FORM_TOO_MANY);
}

static void test_form_quote_cuts_long_names(void **state)
{
	(void)state;
	assert_string_equal(form_quote(&arena, "title"), "'title'");
	char name[200];
	memset(name, 'x', 47);
	strcpy(name + 47, "éééééééé");
	const char *q = form_quote(&arena, name);
	/* Cut at 48 bytes would split the 'é' at 47..48: backs up to 47. */
	assert_int_equal(strlen(q), 1 + 47 + 4);
	assert_string_equal(q + 48, "...'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_form_decodes_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_newlines_in_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_rejects_bad_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_rejects_bad_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_field_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_quote_cuts_long_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
