/* Unit tests for render/markdown: safe HTML from Markdown and plain text,
 * and request numbers turned into links. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/markdown.h"

static char *md(const char *text)
{
	return markdown_to_html(text, strlen(text));
}

static char *plain(const char *text)
{
	return markdown_plain_to_html(text, strlen(text));
}

/* expect_html renders text as Markdown and compares the whole output. */
static void expect_html(const char *text, const char *want)
{
	char *html = md(text);
	if (strcmp(html, want) != 0)
		fail_msg("Markdown %s\n gave: %s\n want: %s", text, html, want);
	free(html);
}

/* lower_contains: needle (lowercase) occurs in s, in any letter case. */
static bool lower_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] && (s[i] | 0x20) == needle[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static void test_script_and_raw_html_never_survive(void **state)
{
	static const char *const inputs[] = {
		"<script>alert(1)</script>",
		"Hello <script>alert(1)</script> there",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"<img src=x onerror=alert(1)>",
		"text <img src=x onerror=\"alert(1)\"> more",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<div onclick=\"alert(1)\">click</div>",
		"<iframe src=\"https://evil.example/\"></iframe>",
		"<svg onload=alert(1)>",
		"para\n\n<style>body{display:none}</style>",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = md(inputs[i]);
		if (lower_contains(html, "<script") || lower_contains(html, "<img") ||
		    lower_contains(html, "onerror=") || lower_contains(html, "onclick=") ||
		    lower_contains(html, "onload=") || lower_contains(html, "<iframe") ||
		    lower_contains(html, "<svg") || lower_contains(html, "<style") ||
		    lower_contains(html, "<div") || lower_contains(html, "javascript:"))
			fail_msg("unsafe output for %s: %s", inputs[i], html);
		free(html);
	}
	expect_html("Hello <script>alert(1)</script> there",
		    "<p>Hello <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> there</p>\n");
}

static void test_dangerous_links_are_emptied(void **state)
{
	expect_html("[x](javascript:alert(1))", "<p><a href=\"\">x</a></p>\n");
	expect_html("[x](JaVaScRiPt:alert(1))", "<p><a href=\"\">x</a></p>\n");
	expect_html("[x](vbscript:msgbox)", "<p><a href=\"\">x</a></p>\n");
	expect_html("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p><a href=\"\">x</a></p>\n");
	expect_html("<javascript:alert(1)>", "<p><a href=\"\">javascript:alert(1)</a></p>\n");
	/* An attribute cannot be broken out of. */
	expect_html("[x](https://a.example/\"onmouseover=\"alert(1))",
		    "<p><a href=\"https://a.example/%22onmouseover=%22alert(1)\">x</a></p>\n");
	/* Images become links, also unsafe ones (emptied). */
	expect_html("![a cat](https://img.example/cat.png \"Cat\")",
		    "<p><a href=\"https://img.example/cat.png\" title=\"Cat\">a cat</a></p>\n");
	expect_html("![x](javascript:alert(1))", "<p><a href=\"\">x</a></p>\n");
}

static void test_text_is_escaped(void **state)
{
	expect_html("5 < 6 & \"quotes\" 'too' >",
		    "<p>5 &lt; 6 &amp; &quot;quotes&quot; 'too' &gt;</p>\n");
	char *html = plain("<b>not bold</b> & \"x\"");
	assert_string_equal(html, "<p>&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;x&quot;</p>\n");
	free(html);
}

static void test_autolinks(void **state)
{
	expect_html("visit their website at <https://lacris.org/>.",
		    "<p>visit their website at <a href=\"https://lacris.org/\">https://lacris.org/</a>.</p>\n");
	expect_html("<someone@example.org>",
		    "<p><a href=\"mailto:someone@example.org\">someone@example.org</a></p>\n");
}

static void test_lists_emphasis_paragraphs(void **state)
{
	expect_html("Dear Requester,\n\n1. one *a*\n2. two **b**\n\nRespectfully,",
		    "<p>Dear Requester,</p>\n<ol>\n<li>one <em>a</em></li>\n<li>two <strong>b</strong></li>\n</ol>\n"
		    "<p>Respectfully,</p>\n");
	expect_html("- x\n- y", "<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n");
	expect_html("# Title\n\n###### Small", "<h3>Title</h3>\n<h6>Small</h6>\n");
	expect_html("", "");
}

static void test_request_numbers_link(void **state)
{
	expect_html("19-7474", "<p><a href=\"/requests/19-7474\">19-7474</a></p>\n");
	expect_html("Please see Request No. 19-7474.",
		    "<p>Please see Request No. <a href=\"/requests/19-7474\">19-7474</a>.</p>\n");
	expect_html("(19-7474)", "<p>(<a href=\"/requests/19-7474\">19-7474</a>)</p>\n");
	expect_html("Request 19-7474 seems",
		    "<p>Request <a href=\"/requests/19-7474\">19-7474</a> seems</p>\n");
	expect_html("#19-5156, 20-1 and 21-12345678",
		    "<p>#<a href=\"/requests/19-5156\">19-5156</a>, "
		    "<a href=\"/requests/20-1\">20-1</a> and "
		    "<a href=\"/requests/21-12345678\">21-12345678</a></p>\n");
	/* In emphasis and list items too. */
	expect_html("1. *see 19-7474*",
		    "<ol>\n<li><em>see <a href=\"/requests/19-7474\">19-7474</a></em></li>\n</ol>\n");
}

static void test_not_request_numbers(void **state)
{
	static const char *const inputs[] = {
		"2019-09-12",
		"213-928-8396",
		"06/09/2020",
		"A19-7474",
		"19-7474-2",
		"19-7474a",
		"19-0747",
		"19-0",
		"1-7474",
		"119-7474",
		"19-123456789",
		"/19-7474",
		"19-7474/",
		"-19-7474",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = md(inputs[i]);
		if (strstr(html, "<a "))
			fail_msg("%s became a link: %s", inputs[i], html);
		free(html);
	}
	/* Not inside links or code. */
	expect_html("[19-7474](https://x.example/)",
		    "<p><a href=\"https://x.example/\">19-7474</a></p>\n");
	expect_html("<https://x.example/19-7474>",
		    "<p><a href=\"https://x.example/19-7474\">https://x.example/19-7474</a></p>\n");
	expect_html("`19-7474`", "<p><code>19-7474</code></p>\n");
	expect_html("    19-7474", "<pre><code>19-7474\n</code></pre>\n");
	expect_html("```\n19-7474\n```", "<pre><code>19-7474\n</code></pre>\n");
}

static void test_plain_text_paragraphs_and_lines(void **state)
{
	char *html = plain("The following records:\n\n1. Contracts\n2. Manuals (see 19-7474)\r\n\n\n"
			   "  *not emphasis*  \n");
	assert_string_equal(html,
			    "<p>The following records:</p>\n"
			    "<p>1. Contracts<br />\n2. Manuals (see <a href=\"/requests/19-7474\">19-7474</a>)</p>\n"
			    "<p>  *not emphasis*</p>\n");
	free(html);
	html = plain("");
	assert_string_equal(html, "");
	free(html);
	html = markdown_plain_to_html(NULL, 0);
	assert_string_equal(html, "");
	free(html);
}

/* An escaped name renders as itself, never as a link or emphasis. */
static void test_escape_reads_as_is(void **state)
{
	(void)state;
	const char *name = "[click](javascript:x) *a_b* <b>#1.pdf";
	struct buf md = BUF_INIT;
	markdown_escape(&md, name);
	char *html = markdown_to_html(md.data, md.len);
	assert_string_equal(html, "<p>[click](javascript:x) *a_b* &lt;b&gt;#1.pdf</p>\n");
	free(html);
	buf_free(&md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_and_raw_html_never_survive),
		cmocka_unit_test(test_dangerous_links_are_emptied),
		cmocka_unit_test(test_text_is_escaped),
		cmocka_unit_test(test_autolinks),
		cmocka_unit_test(test_lists_emphasis_paragraphs),
		cmocka_unit_test(test_request_numbers_link),
		cmocka_unit_test(test_not_request_numbers),
		cmocka_unit_test(test_plain_text_paragraphs_and_lines),
		cmocka_unit_test(test_escape_reads_as_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
