/* Mustache engine.
 *
 * mustache_set_add parses a template once into a flat array of nodes in
 * document order: an element (section, inverted section, parent, block) is
 * followed by its children, up to nodes[i].end. Text, names and indentation
 * are copied into one pool per template. Partial and parent names are
 * interned into the set's slots at parse time, so rendering looks them up by
 * index. Rendering only reads the set, so many threads may share one.
 *
 * Whitespace follows the spec:
 * - a non-interpolation tag alone on its line takes the whole line with it;
 * - a parent whose opening tag has only blanks before it and whose closing
 *   tag only blanks after it is standalone as a pair;
 * - a standalone partial or parent prepends its line's blanks to each line
 *   it renders;
 * - a block whose opening tag is alone on its line (for an argument block,
 *   inside a parent: ends its line) has an intrinsic indentation, the blanks
 *   starting the next line, which is removed from each line of its content;
 * - where a block is expanded, each line of an overriding argument gets the
 *   block's intrinsic indentation or, for a block after blanks only, those
 *   blanks (which stay as text before the first line). */
#include "render/mustache.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/die.h"

/* Partial and parent expansions nested deeper than this render nothing. */
#define MAX_DEPTH 64

enum kind {
	N_TEXT,     /* literal text */
	N_VAR,      /* {{name}}: HTML-escaped */
	N_RAW,      /* {{{name}}}, {{&name}} */
	N_PARTIAL,  /* {{>name}} */
	/* Elements, which have children, come last. */
	N_SECTION,  /* {{#name}} */
	N_INVERTED, /* {{^name}} */
	N_PARENT,   /* {{<name}}: its block children are the arguments */
	N_BLOCK,    /* {{$name}}: its children are the default content */
};

/* A run of bytes in a template's pool (or, while parsing, in the source). */
struct span {
	uint32_t off, len;
};

struct node {
	uint8_t kind;
	/* PARENT: indent is not standalone indentation but blanks to print
	 * before the expansion. */
	bool lead_is_text;
	/* BLOCK: indent applies to the default content, not only to an
	 * argument that overrides it. */
	bool indent_default;
	uint32_t nparts;    /* names: dotted parts; 0 for the implicit "." */
	uint32_t end;       /* elements: index just past the last child */
	uint32_t slot;      /* PARTIAL, PARENT: index into set->entries */
	struct span str;    /* TEXT: the text; else the name, parts NUL-ended */
	struct span indent; /* PARTIAL, PARENT, BLOCK: prepended to lines */
};

struct tmpl {
	struct node *nodes;
	uint32_t nnodes;
	char *pool;
};

struct entry {
	char *name;
	struct tmpl *tmpl; /* NULL while the name is only referenced */
};

struct mustache_set {
	struct entry *entries; /* a slot keeps its index for good */
	uint32_t n, cap;
	uint32_t *index;       /* open addressing: slot + 1, 0 when empty */
	uint32_t index_cap;    /* a power of two, at least 2 * n */
};

/* ---- The set: named slots ---- */

static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* find_slot returns the slot named name (len bytes, no NUL), or
 * UINT32_MAX. */
static uint32_t find_slot(const struct mustache_set *set, const char *name,
			  size_t len)
{
	if (!set->index_cap)
		return UINT32_MAX;
	uint32_t mask = set->index_cap - 1;
	for (uint32_t i = hash(name, len) & mask;; i = (i + 1) & mask) {
		uint32_t s = set->index[i];
		if (!s)
			return UINT32_MAX;
		const char *e = set->entries[s - 1].name;
		if (strncmp(e, name, len) == 0 && e[len] == '\0')
			return s - 1;
	}
}

static void index_insert(struct mustache_set *set, uint32_t slot)
{
	const char *name = set->entries[slot].name;
	uint32_t mask = set->index_cap - 1;
	uint32_t i = hash(name, strlen(name)) & mask;
	while (set->index[i])
		i = (i + 1) & mask;
	set->index[i] = slot + 1;
}

/* intern returns the slot named name, creating an empty one if needed. */
static uint32_t intern(struct mustache_set *set, const char *name, size_t len)
{
	uint32_t slot = find_slot(set, name, len);
	if (slot != UINT32_MAX)
		return slot;
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->entries = xrealloc(set->entries,
					set->cap * sizeof *set->entries);
	}
	slot = set->n++;
	set->entries[slot] = (struct entry){xstrndup(name, len), NULL};
	if (2 * set->n <= set->index_cap) {
		index_insert(set, slot);
		return slot;
	}
	free(set->index);
	set->index_cap = set->index_cap ? 2 * set->index_cap : 32;
	set->index = xcalloc(set->index_cap, sizeof *set->index);
	for (uint32_t i = 0; i < set->n; i++)
		index_insert(set, i);
	return slot;
}

static const struct tmpl *find_tmpl(const struct mustache_set *set,
				    const char *name)
{
	uint32_t slot = find_slot(set, name, strlen(name));
	return slot == UINT32_MAX ? NULL : set->entries[slot].tmpl;
}

static void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->pool);
	free(t);
}

struct mustache_set *mustache_set_new(void)
{
	return xcalloc(1, sizeof(struct mustache_set));
}

void mustache_set_free(struct mustache_set *set)
{
	if (!set)
		return;
	for (uint32_t i = 0; i < set->n; i++) {
		free(set->entries[i].name);
		tmpl_free(set->entries[i].tmpl);
	}
	free(set->entries);
	free(set->index);
	free(set);
}

bool mustache_set_has(const struct mustache_set *set, const char *name)
{
	return find_tmpl(set, name) != NULL;
}

/* ---- Parsing ---- */

/* An element whose closing tag has not been seen yet. */
struct open {
	uint32_t node;
	size_t name, name_len; /* in the source, to match the closing tag */
	size_t at;             /* source offset of the opening tag */
	struct span strip;     /* source blanks removed from each inner line */
	bool left;             /* PARENT: only blanks before the opening tag */
	bool alone;            /* PARENT: the opening tag was standalone */
};

/* A tag as scanned from the source. */
struct tag {
	char type;             /* one of #^/<>$!=&{ or 0 for a variable */
	size_t start, end;     /* the tag, delimiters included */
	size_t name, name_len; /* its content, without surrounding blanks */
	size_t line_start;     /* start of its line (valid when left) */
	size_t next_line;      /* start of the next line (valid when right) */
	bool left, right;      /* only blanks before / after it on its line */
};

struct parser {
	struct mustache_set *set;
	const char *src;
	size_t len;
	size_t pos;      /* start of the source not consumed yet */
	size_t prev_end; /* end of the previous tag */
	const char *otag, *ctag;
	size_t olen, clen;
	struct node *nodes;
	uint32_t nnodes, cap;
	struct open *open;
	uint32_t nopen, open_cap;
	struct buf pool;
	bool merge; /* the last node is text that new text may extend */
	char *err;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return is_blank(c) || c == '\r' || c == '\n';
}

static unsigned line_of(const struct parser *p, size_t off)
{
	unsigned line = 1;
	for (size_t i = 0; i < off && i < p->len; i++)
		line += p->src[i] == '\n';
	return line;
}

__attribute__((format(printf, 2, 3)))
static bool fail(struct parser *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->err = buf_steal(&b);
	return false;
}

static struct span cur_strip(const struct parser *p)
{
	return p->nopen ? p->open[p->nopen - 1].strip : (struct span){0, 0};
}

static bool in_parent(const struct parser *p)
{
	return p->nopen &&
	       p->nodes[p->open[p->nopen - 1].node].kind == N_PARENT;
}

/* push_node appends a zeroed node of that kind and returns its index. */
static uint32_t push_node(struct parser *p, enum kind kind)
{
	if (p->nnodes == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		p->nodes = xrealloc(p->nodes, p->cap * sizeof *p->nodes);
	}
	p->nodes[p->nnodes] = (struct node){.kind = (uint8_t)kind};
	p->merge = false;
	return p->nnodes++;
}

/* skip_strip returns how many of the blanks at src[a..b) match the
 * strip in force, which a line inside the current element loses. */
static size_t skip_strip(const struct parser *p, size_t a, size_t b)
{
	struct span s = cur_strip(p);
	size_t k = 0;
	while (k < s.len && a + k < b && p->src[a + k] == p->src[s.off + k])
		k++;
	return k;
}

/* put_indent copies the blanks src[a..b), less the strip in force, into
 * the pool. */
static struct span put_indent(struct parser *p, size_t a, size_t b)
{
	a += skip_strip(p, a, b);
	struct span s = {(uint32_t)p->pool.len, (uint32_t)(b - a)};
	buf_append(&p->pool, p->src + a, b - a);
	return s;
}

/* emit_text adds src[a..b) as text, removing the strip in force from the
 * start of each line. Text directly inside a parent is ignored. */
static void emit_text(struct parser *p, size_t a, size_t b)
{
	if (a >= b || in_parent(p))
		return;
	size_t start = p->pool.len;
	while (a < b) {
		if (a == 0 || p->src[a - 1] == '\n')
			a += skip_strip(p, a, b);
		const char *nl = memchr(p->src + a, '\n', b - a);
		size_t e = nl ? (size_t)(nl - p->src) + 1 : b;
		buf_append(&p->pool, p->src + a, e - a);
		a = e;
	}
	uint32_t added = (uint32_t)(p->pool.len - start);
	if (!added)
		return;
	if (p->merge) {
		p->nodes[p->nnodes - 1].str.len += added;
		return;
	}
	uint32_t i = push_node(p, N_TEXT);
	p->nodes[i].str = (struct span){(uint32_t)start, added};
	p->merge = true;
}

/* put_name stores the tag's name in the pool, split on dots if dotted. */
static void put_name(struct parser *p, const struct tag *tg, bool dotted,
		     struct node *n)
{
	const char *s = p->src + tg->name;
	size_t len = tg->name_len;
	n->str.off = (uint32_t)p->pool.len;
	if (dotted && len == 1 && s[0] == '.')
		return; /* the implicit iterator: no parts */
	for (size_t a = 0;;) {
		const char *dot = dotted ? memchr(s + a, '.', len - a) : NULL;
		size_t e = dot ? (size_t)(dot - s) : len;
		buf_append(&p->pool, s + a, e - a);
		buf_putc(&p->pool, '\0');
		n->nparts++;
		if (!dot)
			break;
		a = e + 1;
	}
	n->str.len = (uint32_t)(p->pool.len - n->str.off);
}

/* find_close returns the offset of the closing delimiter, preceded by
 * closer unless that is 0, searching from `from`; SIZE_MAX if none. */
static size_t find_close(const struct parser *p, size_t from, char closer)
{
	for (size_t i = from;;) {
		const char *c = memmem(p->src + i, p->len - i, p->ctag, p->clen);
		if (!c)
			return SIZE_MAX;
		size_t at = (size_t)(c - p->src);
		if (!closer)
			return at;
		if (at > from && p->src[at - 1] == closer)
			return at - 1;
		i = at + 1;
	}
}

static bool valid_name(const char *s, size_t len)
{
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (is_space(s[i]) || s[i] == '\0')
			return false;
	return true;
}

/* line_clearance fills in what surrounds the tag on its line. */
static void line_clearance(const struct parser *p, struct tag *tg)
{
	const char *s = p->src;
	size_t l = tg->start;
	while (l > p->prev_end && is_blank(s[l - 1]))
		l--;
	tg->left = l == 0 || s[l - 1] == '\n';
	tg->line_start = l;

	size_t r = tg->end;
	while (r < p->len && is_blank(s[r]))
		r++;
	if (r < p->len && s[r] == '\r' && r + 1 < p->len && s[r + 1] == '\n')
		r++;
	tg->right = r == p->len || s[r] == '\n';
	tg->next_line = r < p->len ? r + 1 : r;
}

/* scan_tag reads the tag whose opening delimiter is at start. */
static bool scan_tag(struct parser *p, size_t start, struct tag *tg)
{
	const char *s = p->src;
	size_t i = start + p->olen;
	char type = 0;
	if (i < p->len && s[i] && memchr("#^/<>$!=&{", s[i], 10))
		type = s[i++];
	char closer = type == '{' ? '}' : type == '=' ? '=' : 0;
	size_t close = find_close(p, i, closer);
	if (close == SIZE_MAX)
		return fail(p, "unclosed tag at line %u", line_of(p, start));
	size_t a = i, b = close;
	while (a < b && is_space(s[a]))
		a++;
	while (b > a && is_space(s[b - 1]))
		b--;
	*tg = (struct tag){
		.type = type,
		.start = start,
		.end = close + (closer != 0) + p->clen,
		.name = a,
		.name_len = b - a,
	};
	if (type != '!' && type != '=' && !valid_name(s + a, b - a))
		return fail(p, "invalid tag name '%.*s' at line %u",
			    (int)(b - a), s + a, line_of(p, start));
	line_clearance(p, tg);
	return true;
}

static bool set_delimiters(struct parser *p, const struct tag *tg)
{
	const char *s = p->src + tg->name;
	size_t n = tg->name_len, a = 0, b;
	while (a < n && !is_space(s[a]))
		a++;
	for (b = a; b < n && is_space(s[b]); b++)
		;
	bool ok = a > 0 && b > a && b < n;
	for (size_t i = b; ok && i < n; i++)
		ok = !is_space(s[i]);
	if (!ok)
		return fail(p, "invalid delimiters at line %u",
			    line_of(p, tg->start));
	p->otag = s;
	p->olen = a;
	p->ctag = s + b;
	p->clen = n - b;
	return true;
}

static void push_open(struct parser *p, const struct tag *tg, uint32_t node,
		      struct span strip)
{
	if (p->nopen == p->open_cap) {
		p->open_cap = p->open_cap ? 2 * p->open_cap : 16;
		p->open = xrealloc(p->open, p->open_cap * sizeof *p->open);
	}
	p->open[p->nopen++] = (struct open){
		.node = node,
		.name = tg->name,
		.name_len = tg->name_len,
		.at = tg->start,
		.strip = strip,
		.left = tg->left,
	};
}

/* leading_blanks returns the blanks that start the line at off. */
static struct span leading_blanks(const struct parser *p, size_t off)
{
	size_t e = off;
	while (e < p->len && is_blank(p->src[e]))
		e++;
	return (struct span){(uint32_t)off, (uint32_t)(e - off)};
}

static void open_block(struct parser *p, const struct tag *tg, bool alone)
{
	uint32_t i = push_node(p, N_BLOCK);
	struct node *n = &p->nodes[i];
	put_name(p, tg, false, n);
	struct span strip = cur_strip(p);
	if (in_parent(p)) {
		/* An argument: an opening tag that ends its line takes the
		 * line end, and the next line sets the intrinsic indentation. */
		if (tg->right) {
			p->pos = tg->next_line;
			strip = leading_blanks(p, tg->next_line);
		}
	} else if (alone) {
		/* Intrinsic indentation, for the default and arguments alike. */
		strip = leading_blanks(p, tg->next_line);
		n->indent = put_indent(p, strip.off, strip.off + strip.len);
		n->indent_default = true;
	} else if (tg->left) {
		/* The blanks before it indent an argument's later lines. */
		n->indent = put_indent(p, tg->line_start, tg->start);
	}
	push_open(p, tg, i, strip);
}

static void open_parent(struct parser *p, const struct tag *tg, bool alone)
{
	uint32_t i = push_node(p, N_PARENT);
	struct node *n = &p->nodes[i];
	n->slot = intern(p->set, p->src + tg->name, tg->name_len);
	if (tg->left)
		n->indent = put_indent(p, tg->line_start, tg->start);
	push_open(p, tg, i, cur_strip(p));
	p->open[p->nopen - 1].alone = alone;
}

/* finish_parent decides, at the closing tag, whether the parent is
 * standalone as a pair. */
static void finish_parent(struct parser *p, const struct open *o,
			  const struct tag *tg)
{
	struct node *n = &p->nodes[o->node];
	if (o->left && tg->right)
		p->pos = tg->next_line;
	else if (o->alone)
		n->indent.len = 0;
	else
		n->lead_is_text = true;
}

static bool close_element(struct parser *p, const struct tag *tg)
{
	int nlen = (int)tg->name_len;
	const char *name = p->src + tg->name;
	if (!p->nopen)
		return fail(p, "closing tag '%.*s' at line %u closes nothing",
			    nlen, name, line_of(p, tg->start));
	struct open *o = &p->open[p->nopen - 1];
	if (o->name_len != tg->name_len ||
	    memcmp(p->src + o->name, name, tg->name_len) != 0)
		return fail(p, "closing tag '%.*s' at line %u does not match "
			    "'%.*s' opened at line %u", nlen, name,
			    line_of(p, tg->start), (int)o->name_len,
			    p->src + o->name, line_of(p, o->at));
	p->nodes[o->node].end = p->nnodes;
	if (p->nodes[o->node].kind == N_PARENT)
		finish_parent(p, o, tg);
	p->nopen--;
	p->merge = false;
	return true;
}

static bool handle_tag(struct parser *p, const struct tag *tg, bool alone)
{
	uint32_t i;
	switch (tg->type) {
	case '!':
		return true;
	case '=':
		return set_delimiters(p, tg);
	case '/':
		return close_element(p, tg);
	case '$':
		open_block(p, tg, alone);
		return true;
	case '<':
		open_parent(p, tg, alone);
		return true;
	case '>':
		i = push_node(p, N_PARTIAL);
		p->nodes[i].slot = intern(p->set, p->src + tg->name,
					  tg->name_len);
		if (alone)
			p->nodes[i].indent = put_indent(p, tg->line_start,
							tg->start);
		return true;
	case '#':
	case '^':
		i = push_node(p, tg->type == '#' ? N_SECTION : N_INVERTED);
		put_name(p, tg, true, &p->nodes[i]);
		push_open(p, tg, i, cur_strip(p));
		return true;
	default: /* variables: 0, '&', '{' */
		i = push_node(p, tg->type ? N_RAW : N_VAR);
		put_name(p, tg, true, &p->nodes[i]);
		return true;
	}
}

static bool parse(struct parser *p)
{
	for (;;) {
		const char *o = memmem(p->src + p->pos, p->len - p->pos,
				       p->otag, p->olen);
		if (!o)
			break;
		struct tag tg = {0};
		if (!scan_tag(p, (size_t)(o - p->src), &tg))
			return false;
		bool alone = tg.left && tg.right && tg.type &&
			     strchr("#^/<>$!=", tg.type);
		/* A parent's leading blanks may turn out to be indentation. */
		bool cut = alone || (tg.type == '<' && tg.left);
		emit_text(p, p->pos, cut ? tg.line_start : tg.start);
		p->pos = alone ? tg.next_line : tg.end;
		p->prev_end = tg.end;
		if (!handle_tag(p, &tg, alone))
			return false;
	}
	emit_text(p, p->pos, p->len);
	if (p->nopen) {
		const struct open *o = &p->open[p->nopen - 1];
		return fail(p, "unclosed section '%.*s' at line %u",
			    (int)o->name_len, p->src + o->name,
			    line_of(p, o->at));
	}
	return true;
}

bool mustache_set_add(struct mustache_set *set, const char *name,
		      const char *src, size_t len, char **err)
{
	*err = NULL;
	if (len >= UINT32_MAX / 2) {
		*err = xstrdup("template too large");
		return false;
	}
	struct parser p = {
		.set = set,
		.src = src,
		.len = len,
		.otag = "{{",
		.olen = 2,
		.ctag = "}}",
		.clen = 2,
		.pool = BUF_INIT,
	};
	bool ok = parse(&p);
	free(p.open);
	if (!ok) {
		free(p.nodes);
		buf_free(&p.pool);
		*err = p.err;
		return false;
	}
	struct tmpl *t = xmalloc(sizeof *t);
	*t = (struct tmpl){p.nodes, p.nnodes, buf_steal(&p.pool)};
	uint32_t slot = intern(set, name, strlen(name)); /* may move entries */
	struct entry *e = &set->entries[slot];
	tmpl_free(e->tmpl);
	e->tmpl = t;
	return true;
}

/* ---- Rendering ---- */

/* The context stack, innermost first. */
struct ctx {
	json_t *v;
	const struct ctx *up;
};

/* Indentation prepended to each template line, outermost last. */
struct indent {
	const char *s;
	size_t len;
	const struct indent *up;
};

/* The arguments of the parents being expanded, innermost first. */
struct args {
	const struct tmpl *t;
	uint32_t parent; /* the PARENT node whose blocks are the arguments */
	const struct args *outer;
};

struct render {
	const struct mustache_set *set;
	struct buf *out;
	const struct ctx *ctx;
	const struct indent *indent;
	const struct args *args;
	unsigned depth; /* partial and parent expansions */
	bool bol;       /* the output is at the start of a template line */
};

static void render_range(struct render *r, const struct tmpl *t,
			 uint32_t from, uint32_t to);

static void put_indentation(struct buf *out, const struct indent *in)
{
	if (!in)
		return;
	put_indentation(out, in->up);
	buf_append(out, in->s, in->len);
}

/* put_text appends template text, indenting each line that is not empty. */
static void put_text(struct render *r, const char *s, size_t n)
{
	if (!n)
		return;
	if (!r->indent) {
		buf_append(r->out, s, n);
		r->bol = s[n - 1] == '\n';
		return;
	}
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t line = nl ? (size_t)(nl - s) + 1 : n;
		bool empty = s[0] == '\n' || (line == 2 && s[0] == '\r');
		if (r->bol && !empty)
			put_indentation(r->out, r->indent);
		buf_append(r->out, s, line);
		r->bol = nl != NULL;
		s += line;
		n -= line;
	}
}

/* format_int writes i at the end of b[size] and returns where it starts. */
static char *format_int(char *b, size_t size, json_int_t i)
{
	char *p = b + size;
	/* Work on the magnitude as unsigned, which also holds -INT64_MIN. */
	unsigned long long u = i < 0 ? 0ull - (unsigned long long)i
				     : (unsigned long long)i;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (i < 0)
		*--p = '-';
	return p;
}

/* format_real writes the shortest form of d that reads back as d. */
static void format_real(char *b, size_t size, double d)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(b, size, "%.*g", prec, d);
		if (strtod(b, NULL) == d)
			return;
	}
}

/* put_value interpolates a scalar; null, objects and arrays print
 * nothing. */
static void put_value(struct render *r, const json_t *v, bool escape)
{
	char num[32];
	const char *s = num;
	size_t n;
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING:
		s = json_string_value(v);
		n = json_string_length(v);
		break;
	case JSON_INTEGER:
		s = format_int(num, sizeof num, json_integer_value(v));
		n = (size_t)(num + sizeof num - s);
		break;
	case JSON_REAL:
		format_real(num, sizeof num, json_real_value(v));
		n = strlen(num);
		break;
	case JSON_TRUE:
		s = "true";
		n = 4;
		break;
	case JSON_FALSE:
		s = "false";
		n = 5;
		break;
	default:
		return;
	}
	if (!n)
		return;
	if (r->bol)
		put_indentation(r->out, r->indent);
	r->bol = false;
	if (escape)
		buf_html(r->out, s, n);
	else
		buf_append(r->out, s, n);
}

/* lookup resolves a node's name against the context stack. */
static json_t *lookup(const struct render *r, const struct tmpl *t,
		      const struct node *n)
{
	if (!n->nparts)
		return r->ctx->v;
	const char *part = t->pool + n->str.off;
	json_t *v = NULL;
	for (const struct ctx *c = r->ctx; c && !v; c = c->up)
		v = json_object_get(c->v, part);
	for (uint32_t k = 1; v && k < n->nparts; k++) {
		part += strlen(part) + 1;
		v = json_object_get(v, part);
	}
	return v;
}

static bool falsey(const json_t *v)
{
	return !v || json_is_false(v) || json_is_null(v) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

static void render_with(struct render *r, json_t *v, const struct tmpl *t,
			uint32_t from, uint32_t to)
{
	struct ctx c = {v, r->ctx};
	r->ctx = &c;
	render_range(r, t, from, to);
	r->ctx = c.up;
}

static void render_section(struct render *r, const struct tmpl *t,
			   uint32_t i)
{
	const struct node *n = &t->nodes[i];
	json_t *v = lookup(r, t, n);
	if (json_is_array(v)) {
		for (size_t k = 0; k < json_array_size(v); k++)
			render_with(r, json_array_get(v, k), t, i + 1, n->end);
	} else if (!falsey(v)) {
		render_with(r, v, t, i + 1, n->end);
	}
}

/* render_indented renders nodes[from..to) of t with extra indentation
 * (a span of site's pool) prepended to each line. */
static void render_indented(struct render *r, const struct tmpl *t,
			    uint32_t from, uint32_t to,
			    const struct tmpl *site, struct span indent)
{
	struct indent in = {site->pool + indent.off, indent.len, r->indent};
	if (indent.len)
		r->indent = &in;
	render_range(r, t, from, to);
	r->indent = in.up;
}

/* expand renders the template in a PARTIAL or PARENT node's slot. */
static void expand(struct render *r, const struct tmpl *site,
		   const struct node *n, struct span indent)
{
	const struct tmpl *t = r->set->entries[n->slot].tmpl;
	if (!t || r->depth >= MAX_DEPTH)
		return;
	r->depth++;
	render_indented(r, t, 0, t->nnodes, site, indent);
	r->depth--;
}

static void render_parent(struct render *r, const struct tmpl *t,
			  uint32_t i)
{
	const struct node *n = &t->nodes[i];
	struct span indent = n->indent;
	if (n->lead_is_text) {
		put_text(r, t->pool + indent.off, indent.len);
		indent.len = 0;
	}
	struct args a = {t, i, r->args};
	r->args = &a;
	expand(r, t, n, indent);
	r->args = a.outer;
}

/* find_arg looks for an argument block named name; the outermost parent
 * wins. It sets *t and *blk to the block and *scope to the arguments in
 * force where it was written. */
static bool find_arg(const struct args *a, const char *name,
		     const struct tmpl **t, uint32_t *blk,
		     const struct args **scope)
{
	bool found = false;
	for (; a; a = a->outer) {
		const struct node *nodes = a->t->nodes;
		for (uint32_t i = a->parent + 1; i < nodes[a->parent].end;
		     i = nodes[i].kind >= N_SECTION ? nodes[i].end : i + 1) {
			if (nodes[i].kind == N_BLOCK &&
			    strcmp(a->t->pool + nodes[i].str.off, name) == 0) {
				*t = a->t;
				*blk = i;
				*scope = a->outer;
				found = true;
				break;
			}
		}
	}
	return found;
}

static void render_block(struct render *r, const struct tmpl *t, uint32_t i)
{
	const struct node *n = &t->nodes[i];
	const struct tmpl *bt = t;
	uint32_t b = i;
	const struct args *scope = r->args, *saved = r->args;
	bool over = find_arg(r->args, t->pool + n->str.off, &bt, &b, &scope);
	struct span indent = n->indent;
	if (!over && !n->indent_default)
		indent.len = 0;
	r->args = scope;
	render_indented(r, bt, b + 1, bt->nodes[b].end, t, indent);
	r->args = saved;
}

/* render_node renders nodes[i] and returns the index of the next
 * sibling. */
static uint32_t render_node(struct render *r, const struct tmpl *t,
			    uint32_t i)
{
	const struct node *n = &t->nodes[i];
	switch ((enum kind)n->kind) {
	case N_TEXT:
		put_text(r, t->pool + n->str.off, n->str.len);
		break;
	case N_VAR:
	case N_RAW:
		put_value(r, lookup(r, t, n), n->kind == N_VAR);
		break;
	case N_SECTION:
		render_section(r, t, i);
		return n->end;
	case N_INVERTED:
		if (falsey(lookup(r, t, n)))
			render_range(r, t, i + 1, n->end);
		return n->end;
	case N_PARTIAL:
		expand(r, t, n, n->indent);
		break;
	case N_PARENT:
		render_parent(r, t, i);
		return n->end;
	case N_BLOCK:
		render_block(r, t, i);
		return n->end;
	}
	return i + 1;
}

static void render_range(struct render *r, const struct tmpl *t,
			 uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to;)
		i = render_node(r, t, i);
}

bool mustache_render(const struct mustache_set *set, const char *name,
		     json_t *ctx, struct buf *out)
{
	const struct tmpl *t = find_tmpl(set, name);
	if (!t)
		return false;
	struct ctx root = {ctx, NULL};
	struct render r = {.set = set, .out = out, .ctx = &root, .bol = true};
	render_range(&r, t, 0, t->nnodes);
	return true;
}
