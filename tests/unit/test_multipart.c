/* Unit tests for the incremental multipart/form-data parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/multipart.h"
#include "util/buf.h"

/* The parse is logged as text: "[name|filename|type]" at a part's start,
 * its data as is, "<end>" at its end. Data split over several callbacks
 * logs the same as data in one. */
struct events {
	struct buf log;
	int stop_at_part; /* part_begin of this part (1-based) fails */
	int parts;
};

static bool on_begin(void *ctx, const struct multipart_part *p)
{
	struct events *e = ctx;
	if (++e->parts == e->stop_at_part)
		return false;
	buf_printf(&e->log, "[%s|%s|%s]", p->name,
		   p->filename ? p->filename : "-",
		   p->content_type ? p->content_type : "-");
	return true;
}

static bool on_data(void *ctx, const char *data, size_t len)
{
	struct events *e = ctx;
	assert_true(len > 0);
	buf_append(&e->log, data, len);
	return true;
}

static bool on_end(void *ctx)
{
	struct events *e = ctx;
	buf_puts(&e->log, "<end>");
	return true;
}

static const struct multipart_callbacks cb = {on_begin, on_data, on_end};

/* parse feeds body[0..len) cut at the given offsets (ascending); returns
 * whether it parsed, with the log in e and the error in *err. */
static bool parse_cuts(const char *boundary, const char *body, size_t len,
		       const size_t *cuts, size_t n_cuts, struct events *e,
		       const char **err)
{
	struct arena a;
	arena_init(&a);
	buf_reset(&e->log);
	e->parts = 0;
	struct multipart *m = multipart_new(&a, boundary, &cb, e);
	size_t pos = 0;
	bool ok = true;
	for (size_t i = 0; i <= n_cuts && ok; i++) {
		size_t end = i < n_cuts ? cuts[i] : len;
		ok = multipart_feed(m, body + pos, end - pos);
		pos = end;
	}
	ok = ok && multipart_finish(m);
	static char saved[200];
	snprintf(saved, sizeof saved, "%s",
		 multipart_error(m) ? multipart_error(m) : "(none)");
	*err = saved;
	arena_free(&a);
	return ok;
}

static bool parse(const char *boundary, const char *body, struct events *e,
		  const char **err)
{
	return parse_cuts(boundary, body, strlen(body), NULL, 0, e, err);
}

/* A body with traps: data holding CR, LF, "--", the boundary without the
 * CRLF before it, and a CRLF-- followed by a prefix of the boundary. */
static const char BODY[] =
	"preamble to ignore\r\n"
	"--XbOuNdArY\r\n"
	"Content-Disposition: form-data; name=\"title\"\r\n"
	"\r\n"
	"Records about 19-5156\r\n"
	"--XbOuNdArY  \r\n"
	"content-disposition: form-data; name=\"doc\"; filename=\"scan.pdf\"\r\n"
	"Content-Type: application/pdf\r\n"
	"\r\n"
	"%PDF\r\r\n\n--XbOuNd\r\n--XbOuNdArZ--XbOuNdArY\r\n-\r\n--\r\n"
	"\r\n"
	"--XbOuNdArY\r\n"
	"Content-Disposition: form-data; name=\"empty\"\r\n"
	"\r\n"
	"\r\n"
	"--XbOuNdArY--\r\n"
	"epilogue, ignored too\r\n--XbOuNdArY\r\n";

static const char BODY_LOG[] =
	"[title|-|-]Records about 19-5156<end>"
	"[doc|scan.pdf|application/pdf]"
	"%PDF\r\r\n\n--XbOuNd\r\n--XbOuNdArZ--XbOuNdArY\r\n-\r\n--\r\n<end>"
	"[empty|-|-]<end>";

static void test_multipart_parses_body(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	assert_true(parse("XbOuNdArY", BODY, &e, &err));
	assert_string_equal(buf_cstr(&e.log), BODY_LOG);
	buf_free(&e.log);
}

static void test_multipart_any_split_same_result(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	size_t len = strlen(BODY);
	size_t cuts[1024];
	/* Chunks of every size from 1 to the whole body. */
	for (size_t k = 1; k <= len; k++) {
		size_t n = 0;
		for (size_t c = k; c < len; c += k)
			cuts[n++] = c;
		assert_true(parse_cuts("XbOuNdArY", BODY, len, cuts, n, &e, &err));
		assert_string_equal(buf_cstr(&e.log), BODY_LOG);
	}
	/* Every split into two and three pieces. */
	for (size_t i = 0; i <= len; i++) {
		for (size_t j = i; j <= len; j++) {
			cuts[0] = i;
			cuts[1] = j;
			assert_true(parse_cuts("XbOuNdArY", BODY, len, cuts, 2,
					       &e, &err));
			assert_string_equal(buf_cstr(&e.log), BODY_LOG);
		}
	}
	buf_free(&e.log);
}

static void test_multipart_truncated_is_error(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	const char *end = strstr(BODY, "--XbOuNdArY--");
	size_t complete = (size_t)(end - BODY) + strlen("--XbOuNdArY--");
	for (size_t len = 0; len < strlen(BODY); len++) {
		bool ok = parse_cuts("XbOuNdArY", BODY, len, NULL, 0, &e, &err);
		assert_int_equal(ok, len >= complete);
		if (!ok && len > strlen("preamble to ignore\r\n--XbOuNdArY"))
			assert_true(strstr(err, "truncated") ||
				    strstr(err, "headers"));
	}
	buf_free(&e.log);
}

static void test_multipart_missing_boundaries(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	assert_false(parse("B", "", &e, &err));
	assert_string_equal(err, "no boundary found in the body");
	assert_false(parse("B", "just some text", &e, &err));
	assert_string_equal(err, "no boundary found in the body");
	assert_false(parse("B", "--B\r\nContent-Disposition: form-data; "
				"name=\"a\"\r\n\r\nvalue\r\n--B\r\n", &e, &err));
	assert_string_equal(err, "truncated body (no closing boundary)");
	assert_false(parse("B", "--B\r\nContent-Disposition: form-data; "
				"name=\"a\"\r\n\r\nvalue", &e, &err));
	assert_string_equal(err, "truncated body (no closing boundary)");
	/* A closing boundary alone is an empty form. */
	assert_true(parse("B", "--B--", &e, &err));
	assert_string_equal(buf_cstr(&e.log), "");
	buf_free(&e.log);
}

static void test_multipart_filenames(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	const char *cases[][2] = {
		{"filename=\"a\\\"b \\\\ c.txt\"", "a\"b \\ c.txt"},
		{"filename=\"C:\\dir\\x.txt\"", "C:\\dir\\x.txt"},
		{"filename=\"résumé 2019.pdf\"", "résumé 2019.pdf"},
		{"filename=\"a%22b.txt\"", "a%22b.txt"},
		{"filename=plain.txt", "plain.txt"},
		{"filename=\"\"", ""},
		{"filename=\"x.txt\"; filename*=UTF-8''%C3%A9t%C3%A9%20%E2%82%AC.txt",
		 "été €.txt"},
		{"filename*=utf-8'fr'd%C3%A9j%C3%A0.txt; filename=\"x\"", "déjà.txt"},
		{"filename=\"x.txt\"; filename*=ISO-8859-1''%E9t%E9.txt", "x.txt"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char body[512], want[256];
		snprintf(body, sizeof body,
			 "--B\r\nContent-Disposition: form-data; name=\"f\"; "
			 "%s\r\n\r\ndata\r\n--B--", cases[i][0]);
		snprintf(want, sizeof want, "[f|%s|-]data<end>", cases[i][1]);
		assert_true(parse("B", body, &e, &err));
		assert_string_equal(buf_cstr(&e.log), want);
	}
	buf_free(&e.log);
}

static void test_multipart_rejects_bad_headers(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	const char *cases[][2] = {
		{"Content-Disposition: form-data; filename=\"a\"",
		 "part without a field name"},
		{"Content-Type: text/plain", "part without Content-Disposition"},
		{"Content-Disposition: attachment; name=\"a\"",
		 "part is not form-data"},
		{"Content-Disposition: form-data; name=\"a",
		 "malformed Content-Disposition"},
		{"Content-Disposition: form-data; name=a b",
		 "malformed Content-Disposition"},
		{"Content-Disposition: form-data; name=\"\xFF\"",
		 "invalid UTF-8 in part headers"},
		{"Content-Disposition: form-data; name=\"a\"; filename=\"a\tb\"",
		 "invalid characters in a filename"},
		{"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''%00",
		 "malformed filename*"},
		{"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''%FF",
		 "invalid characters in a filename"},
		{"Content-Disposition: form-data; name=\"a\"; filename*=nonsense",
		 "malformed filename*"},
		{"Content-Disposition: form-data; name=\"a\"\nX: y",
		 "malformed part header"},
		{"Content-Disposition: form-data; name=\"a\"\x01",
		 "control character in part headers"},
		{"No colon here", "malformed part header"},
		{"Content-Disposition: form-data; name=\"a\"\r\n"
		 "Content-Disposition: form-data; name=\"b\"",
		 "duplicate Content-Disposition"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char body[512];
		snprintf(body, sizeof body, "--B\r\n%s\r\n\r\ndata\r\n--B--",
			 cases[i][0]);
		if (parse("B", body, &e, &err))
			fail_msg("parsed: %s", cases[i][0]);
		assert_string_equal(err, cases[i][1]);
	}
	static const char nul[] = "--B\r\nContent-Disposition: form-data; "
				  "name=\"a\0b\"\r\n\r\nx\r\n--B--";
	assert_false(parse_cuts("B", nul, sizeof nul - 1, NULL, 0, &e, &err));
	assert_string_equal(err, "control character in part headers");
	assert_false(parse("B", "--B\r\n\r\ndata\r\n--B--", &e, &err));
	assert_string_equal(err, "part without Content-Disposition");
	assert_false(parse("B", "--Bx\r\n", &e, &err));
	assert_string_equal(err, "malformed boundary line");
	assert_false(parse("B", "--B-x", &e, &err));
	assert_false(parse("B", "--B \rx", &e, &err));
	buf_free(&e.log);
}

static void test_multipart_header_size_bound(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 0, 0};
	const char *err;
	static char body[MULTIPART_HEADER_MAX + 200];
	int n = snprintf(body, sizeof body, "--B\r\nX-Pad: ");
	memset(body + n, 'a', MULTIPART_HEADER_MAX);
	strcpy(body + n + MULTIPART_HEADER_MAX, "\r\n\r\n--B--");
	assert_false(parse("B", body, &e, &err));
	assert_string_equal(err, "part headers too long");
	buf_free(&e.log);
}

static void test_multipart_callback_stops(void **state)
{
	(void)state;
	struct events e = {BUF_INIT, 2, 0};
	const char *err;
	assert_false(parse("XbOuNdArY", BODY, &e, &err));
	assert_string_equal(err, "(none)");
	assert_string_equal(buf_cstr(&e.log), "[title|-|-]Records about 19-5156<end>");
	buf_free(&e.log);
}

static void test_multipart_boundary_param(void **state)
{
	(void)state;
	char b[MULTIPART_BOUNDARY_MAX + 1];
	assert_true(multipart_boundary("multipart/form-data; boundary=abc", b));
	assert_string_equal(b, "abc");
	assert_true(multipart_boundary("multipart/form-data;charset=utf-8; "
				       "BOUNDARY=\"a b:c/d?e=f\"", b));
	assert_string_equal(b, "a b:c/d?e=f");
	assert_true(multipart_boundary(
		"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
		b));
	assert_string_equal(b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	char longest[100];
	memset(longest, 'x', 70);
	longest[70] = '\0';
	char ct[200];
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", longest);
	assert_true(multipart_boundary(ct, b));
	assert_string_equal(b, longest);
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%sy", longest);
	assert_false(multipart_boundary(ct, b));
	assert_false(multipart_boundary("multipart/form-data", b));
	assert_false(multipart_boundary("multipart/form-data; charset=x", b));
	assert_false(multipart_boundary("multipart/form-data; boundary=", b));
	assert_false(multipart_boundary("multipart/form-data; boundary=\"\"", b));
	assert_false(multipart_boundary("multipart/form-data; boundary=\"a \"", b));
	assert_false(multipart_boundary("multipart/form-data; boundary=\"a\rb\"", b));
	assert_false(multipart_boundary("multipart/form-data; boundary=\"a", b));
	assert_true(multipart_boundary("multipart/form-data; boundary=a;b", b));
	assert_string_equal(b, "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart_parses_body),
		cmocka_unit_test(test_multipart_any_split_same_result),
		cmocka_unit_test(test_multipart_truncated_is_error),
		cmocka_unit_test(test_multipart_missing_boundaries),
		cmocka_unit_test(test_multipart_filenames),
		cmocka_unit_test(test_multipart_rejects_bad_headers),
		cmocka_unit_test(test_multipart_header_size_bound),
		cmocka_unit_test(test_multipart_callback_stops),
		cmocka_unit_test(test_multipart_boundary_param),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
