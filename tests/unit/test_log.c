/* Unit tests for logging: stderr is redirected to a temporary file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"

/* "2025-11-27T17:04:05.123Z " */
#define STAMP_LEN 25

static int saved_fd = -1;
static FILE *capture_file;
static char captured[1 << 20];

static void capture_start(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	assert_non_null(capture_file);
	saved_fd = dup(STDERR_FILENO);
	assert_true(saved_fd >= 0);
	assert_true(dup2(fileno(capture_file), STDERR_FILENO) >= 0);
}

/* capture_end restores stderr and returns what was written. */
static const char *capture_end(void)
{
	assert_true(dup2(saved_fd, STDERR_FILENO) >= 0);
	close(saved_fd);
	saved_fd = -1;
	rewind(capture_file);
	size_t n = fread(captured, 1, sizeof captured - 1, capture_file);
	captured[n] = '\0';
	fclose(capture_file);
	capture_file = NULL;
	return captured;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

/* assert_stamp: s starts with "YYYY-MM-DDTHH:MM:SS.mmmZ ". */
static void assert_stamp(const char *s)
{
	static const char pattern[] = "dddd-dd-ddTdd:dd:dd.dddZ ";
	for (size_t i = 0; i < STAMP_LEN; i++) {
		if (pattern[i] == 'd')
			assert_true(s[i] >= '0' && s[i] <= '9');
		else
			assert_int_equal(s[i], pattern[i]);
	}
}

static int setup(void **state)
{
	(void)state;
	log_set_quiet(false);
	log_set_level(LOG_LEVEL_INFO);
	return 0;
}

static void test_crlf_is_one_line(void **state)
{
	(void)state;
	capture_start();
	log_error("forged\r\n2025-01-01T00:00:00.000Z info admin logged in %s", "a\nb");
	const char *out = capture_end();
	assert_int_equal(count_char(out, '\n'), 1);
	assert_int_equal(count_char(out, '\r'), 0);
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_stamp(out);
	assert_string_equal(out + STAMP_LEN,
		"error forged\\r\\n2025-01-01T00:00:00.000Z info admin logged in a\\nb\n");
}

static void test_control_bytes_escaped(void **state)
{
	(void)state;
	capture_start();
	log_warn("tab\there bell\a esc\x1b[31m del\x7f utf8 caf\xc3\xa9 back\\slash");
	const char *out = capture_end();
	assert_string_equal(out + STAMP_LEN,
		"warn tab\\there bell\\x07 esc\\x1b[31m del\\x7f utf8 caf\xc3\xa9 back\\slash\n");
}

static void test_levels(void **state)
{
	(void)state;
	capture_start();
	log_info("info %d", 1);
	log_debug("debug hidden");
	log_set_level(LOG_LEVEL_WARN);
	log_info("info hidden");
	log_request("GET", "/hidden", 200, 1, 1);
	log_warn("warn %d", 2);
	log_error("error %d", 3);
	log_set_level(LOG_LEVEL_DEBUG);
	log_debug("debug %d", 4);
	log_set_level(LOG_LEVEL_ERROR);
	log_warn("warn hidden");
	log_error("error %d", 5);
	log_set_level((enum log_level)99);
	assert_int_equal(log_get_level(), LOG_LEVEL_DEBUG);
	log_set_level((enum log_level)-5);
	assert_int_equal(log_get_level(), LOG_LEVEL_ERROR);
	log_set_level(LOG_LEVEL_INFO);
	const char *out = capture_end();
	assert_int_equal(count_char(out, '\n'), 5);
	assert_null(strstr(out, "hidden"));
	assert_non_null(strstr(out, "Z info info 1\n"));
	assert_non_null(strstr(out, "Z warn warn 2\n"));
	assert_non_null(strstr(out, "Z error error 3\n"));
	assert_non_null(strstr(out, "Z debug debug 4\n"));
	assert_non_null(strstr(out, "Z error error 5\n"));

	enum log_level l = LOG_LEVEL_INFO;
	assert_true(log_level_parse("warn", &l));
	assert_int_equal(l, LOG_LEVEL_WARN);
	assert_true(log_level_parse("debug", &l));
	assert_int_equal(l, LOG_LEVEL_DEBUG);
	assert_true(log_level_parse("error", &l));
	assert_int_equal(l, LOG_LEVEL_ERROR);
	assert_false(log_level_parse("WARN", &l));
	assert_false(log_level_parse("", &l));
	assert_false(log_level_parse(NULL, &l));
	assert_int_equal(l, LOG_LEVEL_ERROR);
}

static void test_quiet(void **state)
{
	(void)state;
	capture_start();
	log_set_quiet(true);
	log_error("not shown");
	log_request("GET", "/", 200, 0, 0);
	log_set_quiet(false);
	log_error("shown");
	const char *out = capture_end();
	assert_int_equal(count_char(out, '\n'), 1);
	assert_non_null(strstr(out, "error shown\n"));
}

static void test_access_line(void **state)
{
	(void)state;
	static const struct {
		const char *method, *path;
		int status;
		uint64_t bytes;
		int64_t us;
		const char *want;
	} cases[] = {
		{"GET", "/requests/19-5156", 200, 13712, 1234,
			"access GET /requests/19-5156 200 13712 1.2ms\n"},
		{"GET", "/search?q=jane@example.com", 200, 5, 0,
			"access GET /search 200 5 0.0ms\n"},
		{"POST", "/requests", 303, 0, 49, "access POST /requests 303 0 0.0ms\n"},
		{"GET", "/", 200, 0, 50, "access GET / 200 0 0.1ms\n"},
		{"GET", "/", 200, 0, 1250, "access GET / 200 0 1.3ms\n"},
		{"GET", "/", 200, 0, 999949, "access GET / 200 0 999.9ms\n"},
		{"GET", "/", 200, 0, 1000000, "access GET / 200 0 1000.0ms\n"},
		{"GET", "/", 200, 0, -7, "access GET / 200 0 0.0ms\n"},
		{"GET", "/a b\r\nc\\d", 404, 9, 100,
			"access GET /a\\x20b\\x0d\\x0ac\\x5cd 404 9 0.1ms\n"},
		{NULL, NULL, 500, UINT64_MAX, INT64_MAX,
			"access - - 500 18446744073709551615 9223372036854775.8ms\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		capture_start();
		log_request(cases[i].method, cases[i].path, cases[i].status,
			cases[i].bytes, cases[i].us);
		const char *out = capture_end();
		assert_stamp(out);
		assert_string_equal(out + STAMP_LEN, cases[i].want);
	}
}

static void test_long_entries_are_cut(void **state)
{
	(void)state;
	static char big[3 * LOG_LINE_MAX];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';

	capture_start();
	log_info("%s", big);
	const char *out = capture_end();
	size_t len = strlen(out);
	assert_true(len <= LOG_LINE_MAX);
	assert_int_equal(count_char(out, '\n'), 1);
	assert_string_equal(out + len - 4, "...\n");

	/* newlines expand to two bytes each: still one line, still bounded */
	memset(big, '\n', sizeof big - 1);
	capture_start();
	log_info("%s", big);
	out = capture_end();
	len = strlen(out);
	assert_true(len <= LOG_LINE_MAX);
	assert_int_equal(count_char(out, '\n'), 1);
	assert_string_equal(out + len - 6, "\\n...\n");

	/* a huge path is cut, the status, size and duration survive */
	memset(big, 'p', sizeof big - 1);
	big[0] = '/';
	capture_start();
	log_request("GET", big, 200, 10, 1000);
	out = capture_end();
	len = strlen(out);
	assert_true(len <= LOG_LINE_MAX);
	assert_int_equal(count_char(out, '\n'), 1);
	assert_string_equal(out + len - 18, "p... 200 10 1.0ms\n");
}

static void test_errno_preserved(void **state)
{
	(void)state;
	capture_start();
	errno = ENOENT;
	log_error("x");
	assert_int_equal(errno, ENOENT);
	log_request("GET", "/", 200, 0, 0);
	assert_int_equal(errno, ENOENT);
	capture_end();
}

#define THREADS 8
#define LINES 300

static void *writer(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < LINES; i++) {
		if (i % 2)
			log_info("thread %d line %d %s", id, i,
				"padding padding padding padding padding padding");
		else
			log_request("GET", "/thread", 200, (uint64_t)id, i);
	}
	return NULL;
}

static void test_threads_do_not_interleave(void **state)
{
	(void)state;
	capture_start();
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, writer,
			(void *)(intptr_t)i), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	const char *out = capture_end();
	assert_int_equal(count_char(out, '\n'), THREADS * LINES);
	const char *p = out;
	while (*p) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_stamp(p);
		const char *body = p + STAMP_LEN;
		assert_true(strncmp(body, "info thread ", 12) == 0 ||
			strncmp(body, "access GET /thread 200 ", 23) == 0);
		assert_null(memchr(body, 'Z', (size_t)(nl - body)));
		p = nl + 1;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_crlf_is_one_line, setup),
		cmocka_unit_test_setup(test_control_bytes_escaped, setup),
		cmocka_unit_test_setup(test_levels, setup),
		cmocka_unit_test_setup(test_quiet, setup),
		cmocka_unit_test_setup(test_access_line, setup),
		cmocka_unit_test_setup(test_long_entries_are_cut, setup),
		cmocka_unit_test_setup(test_errno_preserved, setup),
		cmocka_unit_test_setup(test_threads_do_not_interleave, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
