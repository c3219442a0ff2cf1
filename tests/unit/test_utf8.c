/* Unit tests for the UTF-8 checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/utf8.h"

static bool valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void test_utf8_accepts_well_formed(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(valid("plain ASCII ~"));
	assert_true(valid("\xC2\x80"));         /* U+0080 */
	assert_true(valid("\xDF\xBF"));         /* U+07FF */
	assert_true(valid("\xE0\xA0\x80"));     /* U+0800 */
	assert_true(valid("\xED\x9F\xBF"));     /* U+D7FF */
	assert_true(valid("\xEE\x80\x80"));     /* U+E000 */
	assert_true(valid("\xEF\xBF\xBF"));     /* U+FFFF */
	assert_true(valid("\xF0\x90\x80\x80")); /* U+10000 */
	assert_true(valid("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
	assert_true(valid("Zoë, 19-5156 € 😀"));
	assert_true(utf8_valid("a\0b", 3)); /* NUL is UTF-8; see has_control */
}

static void test_utf8_rejects_malformed(void **state)
{
	(void)state;
	assert_false(valid("\x80"));             /* lone continuation */
	assert_false(valid("a\xBF"));
	assert_false(valid("\xC0\xAF"));         /* overlong '/' */
	assert_false(valid("\xC1\xBF"));
	assert_false(valid("\xE0\x80\xAF"));     /* overlong */
	assert_false(valid("\xE0\x9F\xBF"));     /* overlong U+07FF */
	assert_false(valid("\xF0\x80\x80\xAF")); /* overlong */
	assert_false(valid("\xF0\x8F\xBF\xBF")); /* overlong U+FFFF */
	assert_false(valid("\xED\xA0\x80"));     /* U+D800 surrogate */
	assert_false(valid("\xED\xBF\xBF"));     /* U+DFFF surrogate */
	assert_false(valid("\xF4\x90\x80\x80")); /* U+110000 */
	assert_false(valid("\xF5\x80\x80\x80"));
	assert_false(valid("\xFF"));
	assert_false(valid("\xC3"));             /* truncated */
	assert_false(valid("\xE2\x82"));
	assert_false(valid("\xF0\x9F\x98"));
	assert_false(valid("\xE2\x28\xA1"));     /* bad continuation */
	assert_false(valid("\xF0\x9F\x98\x41"));
	/* The length bounds the check: a sequence cut by len is invalid. */
	assert_false(utf8_valid("\xC3\xA9", 1));
}

static void test_utf8_has_control(void **state)
{
	(void)state;
	assert_false(utf8_has_control("hello é", 8, false));
	assert_true(utf8_has_control("a\0b", 3, true));
	assert_true(utf8_has_control("a\x01", 2, true));
	assert_true(utf8_has_control("a\x1F", 2, true));
	assert_true(utf8_has_control("a\x7F", 2, true));
	assert_false(utf8_has_control("a\tb\r\nc", 6, true));
	assert_true(utf8_has_control("a\tb", 3, false));
	assert_true(utf8_has_control("a\nb", 3, false));
	assert_false(utf8_has_control("\xC2\x85", 2, false)); /* C1 is fine */
}

static void test_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("abc"), 3);
	assert_int_equal(utf8_length("é"), 1);            /* 2 bytes */
	assert_int_equal(utf8_length("日本"), 2);         /* 3 bytes each */
	assert_int_equal(utf8_length("a\xF0\x9F\x98\x80" "b"), 3); /* U+1F600 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_accepts_well_formed),
		cmocka_unit_test(test_utf8_rejects_malformed),
		cmocka_unit_test(test_utf8_has_control),
		cmocka_unit_test(test_utf8_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
