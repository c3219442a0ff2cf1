/* Unit tests for the Mustache engine: every case of the official spec
 * (from $SHARED_DIR/data/mustache-spec), then syntax errors, the recursion
 * limit and concurrent rendering. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/mustache.h"
#include "util/buf.h"
#include "util/die.h"

static const char *const spec_files[] = {
	"comments.json", "delimiters.json", "interpolation.json",
	"inverted.json", "partials.json", "sections.json", "~inheritance.json",
};

/* The spec's template is added under a name no spec partial uses. */
#define MAIN "(main)"

static void add_ok(struct mustache_set *set, const char *name,
		   const char *src)
{
	char *err = NULL;
	if (!mustache_set_add(set, name, src, strlen(src), &err))
		fail_msg("template '%s' does not parse: %s", name, err);
}

/* run_spec_case runs one case; the state is the case's JSON object. */
static void run_spec_case(void **state)
{
	json_t *c = *state;
	const char *tpl = json_string_value(json_object_get(c, "template"));
	const char *want = json_string_value(json_object_get(c, "expected"));
	struct mustache_set *set = mustache_set_new();
	const char *pname;
	json_t *psrc;
	json_object_foreach(json_object_get(c, "partials"), pname, psrc)
		add_ok(set, pname, json_string_value(psrc));
	add_ok(set, MAIN, tpl);
	struct buf out = BUF_INIT;
	assert_true(mustache_render(set, MAIN, json_object_get(c, "data"),
				    &out));
	if (strcmp(buf_cstr(&out), want) != 0) {
		print_error("case:     %s\ntemplate: \"%s\"\n"
			    "expected: \"%s\"\nactual:   \"%s\"\n",
			    json_string_value(json_object_get(c, "name")),
			    tpl, want, buf_cstr(&out));
		fail();
	}
	buf_free(&out);
	mustache_set_free(set);
}

/* run_spec loads every spec file and runs each case as its own test.
 * Returns the number of failures, counting a missing file as one. */
static int run_spec(void)
{
	const char *shared = getenv("SHARED_DIR");
	if (!shared) {
		fprintf(stderr, "SHARED_DIR is not set\n");
		return 1;
	}
	int failures = 0;
	json_t *all = json_array();
	for (size_t f = 0; f < sizeof spec_files / sizeof *spec_files; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/data/mustache-spec/%s", shared,
			 spec_files[f]);
		json_error_t jerr;
		json_t *doc = json_load_file(path, 0, &jerr);
		json_t *tests = json_object_get(doc, "tests");
		if (!json_array_size(tests)) {
			fprintf(stderr, "cannot load spec file %s: %s\n", path,
				doc ? "no tests" : jerr.text);
			failures++;
		}
		size_t i;
		json_t *c;
		json_array_foreach(tests, i, c) {
			char *name = xstrdup(json_string_value(
				json_object_get(c, "name")));
			json_object_set_new(c, "name", json_sprintf(
				"%s: %s", spec_files[f], name));
			free(name);
			json_array_append(all, c);
		}
		json_decref(doc);
	}
	size_t n = json_array_size(all);
	struct CMUnitTest *tests = xcalloc(n ? n : 1, sizeof *tests);
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_array_get(all, i);
		tests[i] = (struct CMUnitTest){
			.name = json_string_value(json_object_get(c, "name")),
			.test_func = run_spec_case,
			.initial_state = c,
		};
	}
	failures += _cmocka_run_group_tests("mustache spec", tests, n, NULL,
					    NULL);
	free(tests);
	json_decref(all);
	return failures;
}

/* parse_error returns the error message for src, which must not parse. */
static char *parse_error(const char *src)
{
	struct mustache_set *set = mustache_set_new();
	char *err = NULL;
	assert_false(mustache_set_add(set, "t", src, strlen(src), &err));
	assert_non_null(err);
	assert_false(mustache_set_has(set, "t"));
	mustache_set_free(set);
	return err;
}

static void assert_error(const char *src, const char *want)
{
	char *err = parse_error(src);
	assert_string_equal(err, want);
	free(err);
}

static void test_syntax_errors_name_the_line(void **state)
{
	(void)state;
	assert_error("a\n\n{{#list}}\nx\n",
		     "unclosed section 'list' at line 3");
	assert_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
		     "closing tag 'a' at line 3 does not match 'b' opened "
		     "at line 2");
	assert_error("x\n{{/a}}", "closing tag 'a' at line 2 closes nothing");
	assert_error("ok\nok {{name\nmore", "unclosed tag at line 2");
	assert_error("\n{{{name}}", "unclosed tag at line 2");
	assert_error("{{<layout}}\n{{$body}}x{{/body}}\n",
		     "unclosed section 'layout' at line 1");
	assert_error("{{a b}}", "invalid tag name 'a b' at line 1");
	assert_error("\n\n{{=<% %> x=}}", "invalid delimiters at line 3");
}

static void test_failed_add_keeps_old_template(void **state)
{
	(void)state;
	struct mustache_set *set = mustache_set_new();
	add_ok(set, "t", "old {{x}}");
	char *err = NULL;
	assert_false(mustache_set_add(set, "t", "{{#x}}", 6, &err));
	free(err);
	struct buf out = BUF_INIT;
	assert_true(mustache_render(set, "t", NULL, &out));
	assert_string_equal(buf_cstr(&out), "old ");
	add_ok(set, "t", "new");
	buf_reset(&out);
	assert_true(mustache_render(set, "t", NULL, &out));
	assert_string_equal(buf_cstr(&out), "new");
	assert_false(mustache_render(set, "missing", NULL, &out));
	assert_false(mustache_set_has(set, "missing"));
	buf_free(&out);
	mustache_set_free(set);
}

static void test_escaping_and_numbers(void **state)
{
	(void)state;
	struct mustache_set *set = mustache_set_new();
	add_ok(set, "t", "{{s}}|{{{s}}}|{{&s}}|{{i}}|{{r}}|{{big}}|{{t}}");
	json_t *data = json_pack("{s:s, s:I, s:f, s:f, s:b}",
				 "s", "<a href=\"x\">Tom & Jerry's</a>",
				 "i", (json_int_t)-42, "r", 0.1, "big", 1e300,
				 "t", 1);
	struct buf out = BUF_INIT;
	assert_true(mustache_render(set, "t", data, &out));
	assert_string_equal(buf_cstr(&out),
		"&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;|"
		"<a href=\"x\">Tom & Jerry's</a>|"
		"<a href=\"x\">Tom & Jerry's</a>|-42|0.1|1e+300|true");
	buf_free(&out);
	json_decref(data);
	mustache_set_free(set);
}

static void test_recursion_is_limited(void **state)
{
	(void)state;
	struct mustache_set *set = mustache_set_new();
	add_ok(set, "self", "x{{>self}}");
	add_ok(set, "loop", "{{<loop}}{{$b}}y{{/b}}{{/loop}}");
	struct buf out = BUF_INIT;
	assert_true(mustache_render(set, "self", NULL, &out));
	assert_int_equal(out.len, 65); /* the top level and 64 expansions */
	assert_int_equal(strspn(buf_cstr(&out), "x"), 65);
	buf_reset(&out);
	assert_true(mustache_render(set, "loop", NULL, &out));
	assert_string_equal(buf_cstr(&out), "");
	buf_free(&out);
	mustache_set_free(set);
}

struct shared_render {
	const struct mustache_set *set;
	json_t *data;
	const char *want;
	int mismatches;
};

static void *render_many(void *arg)
{
	struct shared_render *s = arg;
	struct buf out = BUF_INIT;
	for (int i = 0; i < 2000; i++) {
		buf_reset(&out);
		if (!mustache_render(s->set, "page", s->data, &out) ||
		    strcmp(buf_cstr(&out), s->want) != 0)
			s->mismatches++;
	}
	buf_free(&out);
	return NULL;
}

static void test_threads_share_a_set(void **state)
{
	(void)state;
	struct mustache_set *set = mustache_set_new();
	add_ok(set, "layout", "<title>{{$title}}Site{{/title}}</title>\n"
			      "<ul>\n  {{$body}}\n  {{/body}}\n</ul>\n");
	add_ok(set, "item", "<li>{{name}} ({{n}})</li>\n");
	add_ok(set, "page", "{{<layout}}{{$title}}{{t}}{{/title}}\n"
			    "{{$body}}\n{{#items}}\n{{>item}}\n{{/items}}\n"
			    "{{/body}}{{/layout}}\n");
	json_t *data = json_pack("{s:s, s:[{s:s,s:i},{s:s,s:i}]}", "t", "A&B",
				 "items", "name", "x", "n", 1, "name", "y",
				 "n", 2);
	const char *want = "<title>A&amp;B</title>\n<ul>\n"
			   "  <li>x (1)</li>\n  <li>y (2)</li>\n</ul>\n";
	pthread_t th[4];
	struct shared_render s[4];
	for (int i = 0; i < 4; i++) {
		s[i] = (struct shared_render){set, data, want, 0};
		assert_int_equal(pthread_create(&th[i], NULL, render_many,
						&s[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(s[i].mismatches, 0);
	}
	json_decref(data);
	mustache_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax_errors_name_the_line),
		cmocka_unit_test(test_failed_add_keeps_old_template),
		cmocka_unit_test(test_escaping_and_numbers),
		cmocka_unit_test(test_recursion_is_limited),
		cmocka_unit_test(test_threads_share_a_set),
	};
	int failures = run_spec();
	return failures + cmocka_run_group_tests(tests, NULL, NULL);
}
