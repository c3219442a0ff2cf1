/* Unit tests for view_snippet: search snippets become HTML with the text
 * escaped first and only the match marks (bytes 2 and 3) turned into
 * <mark> elements. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/view.h"

static void check(const char *marked, const char *want)
{
	json_t *s = view_snippet(marked);
	assert_non_null(s);
	assert_string_equal(json_string_value(s), want);
	json_decref(s);
}

static void test_marks_become_mark_elements(void **state)
{
	(void)state;
	check("LAPD \002facial\003 \002recognition\003 technology",
	      "LAPD <mark>facial</mark> <mark>recognition</mark> technology");
	check("no match marks here", "no match marks here");
	check("", "");
}

static void test_text_is_escaped_before_marking(void **state)
{
	(void)state;
	check("<script>alert(\"\002x\003\")</script> & 'y'",
	      "&lt;script&gt;alert(&quot;<mark>x</mark>&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
	/* A match inside what looks like a tag is still only text. */
	check("\002<b>\003", "<mark>&lt;b&gt;</mark>");
}

static void test_unbalanced_marks_are_mended(void **state)
{
	(void)state;
	check("a \002b", "a <mark>b</mark>");
	check("a\003 b", "a b");
	check("\002a\002b\003\003c", "<mark>ab</mark>c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_become_mark_elements),
		cmocka_unit_test(test_text_is_escaped_before_marking),
		cmocka_unit_test(test_unbalanced_marks_are_mended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
