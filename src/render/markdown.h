/* Markdown and plain text to HTML that is safe to put in a page.
 *
 * Both renderings go through cmark (CommonMark 0.30) in its default, safe
 * mode: raw HTML is replaced by a comment, and links or images whose URL is
 * javascript:, vbscript:, file: or data: (but for a few image types) get an
 * empty URL. On top of that:
 *   - request numbers written in text ("19-7474", "Request No. 19-7474.")
 *     become links to /requests/19-7474, except inside links and code;
 *   - images become links to the image (no remote content is embedded);
 *   - headings move down two levels (# is <h3>), below the page's own h1
 *     and h2.
 * A request number is two digits, '-', then 1 to 8 digits without a leading
 * zero, neither preceded nor followed by an ASCII letter or digit, '-' or
 * '/': so "2019-09-12", "213-928-8396" and "A19-7474" are not numbers. */
#ifndef DISCLOSE_MARKDOWN_H
#define DISCLOSE_MARKDOWN_H

#include <stddef.h>

#include "util/buf.h"

/* markdown_to_html renders len bytes of Markdown (valid UTF-8 expected;
 * invalid sequences are replaced). Returns a malloc'd string; the caller
 * frees it. */
char *markdown_to_html(const char *text, size_t len);

/* markdown_plain_to_html renders len bytes of plain text: every character
 * is text (nothing is Markdown), blank lines separate paragraphs, other
 * line breaks are kept (<br>), request numbers become links. Returns a
 * malloc'd string; the caller frees it. */
char *markdown_plain_to_html(const char *text, size_t len);

/* markdown_escape appends text to b with Markdown's punctuation escaped, so
 * that a name (a file's, a title) put into Markdown reads as it is. */
void markdown_escape(struct buf *b, const char *text);

#endif
