/* Unit tests for the arena allocator and the growable buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"

static void test_arena_alloc_is_zeroed_and_aligned(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	for (size_t size = 1; size < 3000; size += 37) {
		unsigned char *p = arena_alloc(&a, size);
		assert_true(((uintptr_t)p % _Alignof(max_align_t)) == 0);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, size);
	}
	arena_free(&a);
	assert_null(a.head);
}

static void test_arena_large_and_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *big = arena_alloc(&a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	assert_string_equal(arena_strdup(&a, "hello"), "hello");
	assert_string_equal(arena_strndup(&a, "hello", 3), "hel");
	assert_string_equal(arena_printf(&a, "%d-%s", 19, "5156"), "19-5156");
	arena_free(&a);
}

static void test_buf_append_and_printf(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_true(b.len > 2000);
	assert_int_equal(strlen(b.data), b.len);
	assert_memory_equal(b.data, "0,1,2,", 6);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	buf_puts(&b, "a");
	buf_putc(&b, 'b');
	assert_string_equal(buf_cstr(&b), "ab");
	char *s = buf_steal(&b);
	assert_string_equal(s, "ab");
	assert_null(b.data);
	free(s);
	buf_free(&b);
}

static void test_buf_html_escapes_all_five(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *in = "<a href=\"x\">Tom & Jerry's</a>";
	buf_html(&b, in, strlen(in));
	assert_string_equal(buf_cstr(&b),
		"&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	buf_free(&b);
}

static void test_buf_url_encodes_a_query_component(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_url(&b, "a&b=c d/\"é\"~-._+%");
	assert_string_equal(buf_cstr(&b), "a%26b%3Dc+d%2F%22%C3%A9%22~-._%2B%25");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_is_zeroed_and_aligned),
		cmocka_unit_test(test_arena_large_and_strings),
		cmocka_unit_test(test_buf_append_and_printf),
		cmocka_unit_test(test_buf_html_escapes_all_five),
		cmocka_unit_test(test_buf_url_encodes_a_query_component),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
