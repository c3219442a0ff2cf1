#include "render/markdown.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Never CMARK_OPT_UNSAFE: without it cmark omits raw HTML and empties
 * dangerous URLs, which is what makes its output safe. */
enum { PARSE_OPTS = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8, RENDER_OPTS = CMARK_OPT_DEFAULT };
_Static_assert(!(PARSE_OPTS & CMARK_OPT_UNSAFE) && !(RENDER_OPTS & CMARK_OPT_UNSAFE),
	       "cmark must run in safe mode");

enum { HEADING_SHIFT = 2, HEADING_MAX = 6 };

/* nodes: a growable list of nodes to rewrite after a walk (the tree is not
 * changed while an iterator walks it). */
struct nodes {
	cmark_node **v;
	size_t n, cap;
};

static void nodes_push(struct nodes *l, cmark_node *node)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = node;
}

static bool is_ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* may_border: c may stand right before or after a request number. */
static bool may_border(unsigned char c)
{
	bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return !letter && !is_ascii_digit(c) && c != '-' && c != '/';
}

/* reqno_at returns the length of the request number that starts at s[i]
 * (s has len bytes), or 0 when none does. */
static size_t reqno_at(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (i > 0 && !may_border(u[i - 1]))
		return 0;
	if (len - i < 4 || !is_ascii_digit(u[i]) || !is_ascii_digit(u[i + 1]) || u[i + 2] != '-' ||
	    u[i + 3] < '1' || u[i + 3] > '9')
		return 0;
	size_t end = i + 3;
	while (end < len && is_ascii_digit(u[end]))
		end++;
	if (end - (i + 3) > 8 || (end < len && !may_border(u[end])))
		return 0;
	return end - i;
}

static cmark_node *text_node(const char *s, size_t len)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	char *copy = strndup(s, len);
	if (!t || !copy)
		abort();
	cmark_node_set_literal(t, copy);
	free(copy);
	return t;
}

/* link_numbers_in splits a text node around the request numbers in it,
 * inserting a link for each before the node; the node keeps the text after
 * the last one, or goes when nothing is left. */
static void link_numbers_in(cmark_node *text)
{
	const char *lit = cmark_node_get_literal(text);
	size_t len = strlen(lit), done = 0;
	bool found = false;
	for (size_t i = 0; i < len;) {
		size_t n = reqno_at(lit, len, i);
		if (!n) {
			i++;
			continue;
		}
		if (i > done)
			cmark_node_insert_before(text, text_node(lit + done, i - done));
		char url[32] = "/requests/";
		memcpy(url + 10, lit + i, n);
		url[10 + n] = '\0';
		cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
		if (!link)
			abort();
		cmark_node_set_url(link, url);
		cmark_node_append_child(link, text_node(lit + i, n));
		cmark_node_insert_before(text, link);
		done = i += n;
		found = true;
	}
	if (!found)
		return;
	if (done < len) {
		char *rest = strdup(lit + done); /* lit belongs to the node */
		if (!rest)
			abort();
		cmark_node_set_literal(text, rest);
		free(rest);
	} else {
		cmark_node_free(text); /* also unlinks it */
	}
}

/* in_link: the node is part of a link's or an image's text. */
static bool in_link(cmark_node *node)
{
	for (cmark_node *p = cmark_node_parent(node); p; p = cmark_node_parent(p)) {
		cmark_node_type t = cmark_node_get_type(p);
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
			return true;
	}
	return false;
}

/* image_to_link replaces an image by a link to it with the same text. */
static void image_to_link(cmark_node *image)
{
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
	if (!link)
		abort();
	cmark_node_set_url(link, cmark_node_get_url(image));
	cmark_node_set_title(link, cmark_node_get_title(image));
	cmark_node *child;
	while ((child = cmark_node_first_child(image)))
		cmark_node_append_child(link, child); /* moves it */
	cmark_node_insert_before(image, link);
	cmark_node_free(image);
}

/* collect lists the images and the text nodes under root, and moves
 * headings down (that changes no structure). */
static void collect(cmark_node *root, struct nodes *images, struct nodes *texts)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HEADING: {
			int level = cmark_node_get_heading_level(node) + HEADING_SHIFT;
			cmark_node_set_heading_level(node, level > HEADING_MAX ? HEADING_MAX : level);
			break;
		}
		case CMARK_NODE_IMAGE:
			nodes_push(images, node);
			break;
		case CMARK_NODE_TEXT:
			nodes_push(texts, node);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* finish applies the rewrites above to a document and renders it. */
static char *finish(cmark_node *doc)
{
	struct nodes images = {0}, texts = {0};
	cmark_consolidate_text_nodes(doc);
	collect(doc, &images, &texts);
	/* Innermost first: an image inside an image's text is converted before
	 * its parent moves it. Text nodes move along and stay valid. */
	for (size_t i = images.n; i-- > 0;)
		image_to_link(images.v[i]);
	for (size_t i = 0; i < texts.n; i++)
		if (!in_link(texts.v[i]))
			link_numbers_in(texts.v[i]);
	free(images.v);
	free(texts.v);
	char *html = cmark_render_html(doc, RENDER_OPTS);
	cmark_node_free(doc);
	if (!html)
		abort();
	return html;
}

char *markdown_to_html(const char *text, size_t len)
{
	cmark_node *doc = cmark_parse_document(text ? text : "", text ? len : 0, PARSE_OPTS);
	if (!doc)
		abort();
	return finish(doc);
}

char *markdown_plain_to_html(const char *text, size_t len)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	if (!doc)
		abort();
	cmark_node *para = NULL;
	for (size_t i = 0; text && i < len;) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t stop = end;
		while (stop > i && (text[stop - 1] == '\r' || text[stop - 1] == ' ' ||
				    text[stop - 1] == '\t'))
			stop--;
		if (stop == i) {
			para = NULL; /* a blank line ends the paragraph */
		} else {
			if (!para) {
				para = cmark_node_new(CMARK_NODE_PARAGRAPH);
				cmark_node_append_child(doc, para);
			} else {
				cmark_node_append_child(para, cmark_node_new(CMARK_NODE_LINEBREAK));
			}
			cmark_node_append_child(para, text_node(text + i, stop - i));
		}
		i = end + 1;
	}
	return finish(doc);
}

void markdown_escape(struct buf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (strchr("\\`*_{}[]()<>#+-.!|~&", *p))
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
}
