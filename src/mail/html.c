/* HTML mail to text, with libxml2's HTML parser (it reads the broken HTML
 * that mail clients write the way browsers do, and decodes entities). */
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "mail/mail.h"

enum { HTML_DEPTH_MAX = 200 };

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_setup(void)
{
	xmlInitParser();
}

struct out {
	struct buf *b;
	int quote;      /* blockquote depth */
	int pre;        /* inside <pre> */
	int breaks;     /* line ends owed before the next text */
	bool line_start;
	bool space;     /* a space owed before the next word */
};

static bool is_name(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (!strcasecmp((const char *)n->name, *names))
			return true;
	return false;
}

static const char *const skipped[] = {"script", "style", "head", "title", "template", NULL};
static const char *const blocks[] = {"p",	 "div",	   "h1",      "h2",     "h3",
				     "h4",	 "h5",	   "h6",      "ul",     "ol",
				     "table",	 "tr",	   "pre",     "hr",     "address",
				     "section",	 "article", "header",  "footer", "dl",
				     "dt",	 "dd",	   "form",    "center", "blockquote",
				     "fieldset", "figure", "li",      "body",   NULL};
static const char *const paragraphs[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6",
					 "blockquote", "table", "ul", "ol", "pre", NULL};

static void owe_break(struct out *o, int n)
{
	if (o->b->len && o->breaks < n)
		o->breaks = n;
	o->space = false;
}

/* start_line writes owed line ends and the quote marks of a new line. */
static void start_line(struct out *o)
{
	if (o->breaks) {
		for (int i = 0; i < o->breaks; i++)
			buf_putc(o->b, '\n');
		o->breaks = 0;
		o->line_start = true;
	}
	if (o->line_start) {
		for (int q = 0; q < o->quote; q++)
			buf_putc(o->b, '>');
		if (o->quote)
			buf_putc(o->b, ' ');
		o->line_start = false;
		o->space = false;
	}
}

static void text(struct out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (o->pre) {
			if (c == '\n') {
				o->breaks++;
				continue;
			}
			start_line(o);
			buf_putc(o->b, (char)c);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (!o->line_start && !o->breaks && o->b->len)
				o->space = true;
			continue;
		}
		/* A no-break space (U+00A0) is a space here. */
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			s++;
			if (!o->line_start && !o->breaks && o->b->len)
				o->space = true;
			continue;
		}
		start_line(o);
		if (o->space) {
			buf_putc(o->b, ' ');
			o->space = false;
		}
		buf_putc(o->b, (char)c);
	}
}

static void walk(struct out *o, xmlNode *n, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				text(o, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || !n->name || is_name(n, skipped))
			continue;
		const char *name = (const char *)n->name;
		if (!strcasecmp(name, "br")) {
			o->breaks++;
			if (!o->b->len)
				o->breaks = 0;
			o->space = false;
			continue;
		}
		bool para = is_name(n, paragraphs), block = is_name(n, blocks);
		bool quote = !strcasecmp(name, "blockquote"), pre = !strcasecmp(name, "pre");
		if (block)
			owe_break(o, para ? 2 : 1);
		if (!strcasecmp(name, "li")) {
			start_line(o);
			buf_puts(o->b, "- ");
		} else if (!strcasecmp(name, "td") || !strcasecmp(name, "th")) {
			if (!o->line_start && !o->breaks && o->b->len)
				o->space = true;
		}
		o->quote += quote;
		o->pre += pre;
		if (depth < HTML_DEPTH_MAX)
			walk(o, n->children, depth + 1);
		if (block)
			owe_break(o, para ? 2 : 1);
		o->quote -= quote;
		o->pre -= pre;
	}
}

void mail_html_to_text(const char *html, size_t len, struct buf *out)
{
	pthread_once(&xml_once, xml_setup);
	if (!len || len > (size_t)INT32_MAX)
		return;
	htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
						HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
						HTML_PARSE_IGNORE_ENC);
	if (!doc)
		return;
	struct buf b = BUF_INIT;
	struct out o = {.b = &b, .line_start = true};
	walk(&o, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	mail_clean(b.data ? b.data : "", b.len, true, out);
	buf_free(&b);
}
