/* mail_reply_text: the new text of a reply, without the history that mail
 * clients quote below (or above) it and without the signature. */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "mail/mail.h"

enum { ATTRIBUTION_MAX = 400, HEADER_BLOCK_LINES = 6 };

struct line {
	const char *s;
	size_t len; /* without trailing white space */
};

static bool starts(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l->len >= n && !strncasecmp(l->s, prefix, n);
}

static bool ends(const struct line *l, const char *suffix)
{
	size_t n = strlen(suffix);
	return l->len >= n && !strncasecmp(l->s + l->len - n, suffix, n);
}

static bool blank(const struct line *l)
{
	return l->len == 0;
}

static bool quoted(const struct line *l)
{
	return l->len && l->s[0] == '>';
}

/* Attribution lines ("On Mon, 1 Jun 2020, Ada <ada@example.org> wrote:")
 * in a few languages. */
static const char *const attribution_starts[] = {"On ", "Le ", "Am ", "El ", "Il ", "Op ",
						  "Em ", NULL};
static const char *const attribution_ends[] = {"wrote:",       "a écrit :",   "a écrit:",
						"schrieb:",     "escribió:",   "ha scritto:",
						"schreef:",     "escreveu:",   NULL};

static bool any(const struct line *l, const char *const *list, bool (*fn)(const struct line *,
									      const char *))
{
	for (; *list; list++)
		if (fn(l, *list))
			return true;
	return false;
}

/* attribution returns how many lines (1 or 2: clients wrap long ones) the
 * attribution starting at lines[i] takes, 0 when there is none. */
static size_t attribution(const struct line *lines, size_t n, size_t i)
{
	if (!any(&lines[i], attribution_starts, starts))
		return 0;
	if (lines[i].len <= ATTRIBUTION_MAX && any(&lines[i], attribution_ends, ends))
		return 1;
	if (i + 1 < n && lines[i].len + lines[i + 1].len <= ATTRIBUTION_MAX &&
	    any(&lines[i + 1], attribution_ends, ends))
		return 2;
	return 0;
}

/* header_label: a line of a quoted header block ("From: ", "*Sent:* "). */
static bool header_label(const struct line *l, const char *name)
{
	struct line t = *l;
	while (t.len && t.s[0] == '*')
		t.s++, t.len--;
	return starts(&t, name);
}

/* outlook_block: lines[i] starts a "From: / Sent: / To: / Subject:"
 * header block of forwarded or replied-to history. */
static bool outlook_block(const struct line *lines, size_t n, size_t i)
{
	if (!header_label(&lines[i], "From:"))
		return false;
	bool when = false, what = false;
	for (size_t k = i + 1; k < n && k <= i + HEADER_BLOCK_LINES; k++) {
		when = when || header_label(&lines[k], "Sent:") || header_label(&lines[k], "Date:");
		what = what || header_label(&lines[k], "To:") || header_label(&lines[k], "Subject:");
	}
	return when && what;
}

static bool separator(const struct line *l)
{
	static const char *const marks[] = {
		"-----Original Message-----",       "----- Original Message -----",
		"-------- Original Message --------", "-----Ursprüngliche Nachricht-----",
		"-----Message d'origine-----",       "-----Mensaje original-----",
		"---------- Forwarded message ---------", NULL};
	if (any(l, marks, starts))
		return true;
	if (l->len < 10)
		return false;
	for (size_t k = 0; k < l->len; k++)
		if (l->s[k] != '_')
			return false;
	return true;
}

static bool signature(const struct line *l)
{
	return (l->len == 2 && !memcmp(l->s, "--", 2));
}

/* next_text: the index of the first line at or after i that is not blank. */
static size_t next_text(const struct line *lines, size_t n, size_t i)
{
	while (i < n && blank(&lines[i]))
		i++;
	return i;
}

/* trailer: a mobile client's sign-off ("Sent from my iPhone"). */
static bool trailer(const struct line *l)
{
	return starts(l, "Sent from my ") || starts(l, "Get Outlook for ") ||
	       starts(l, "Sent from Mail for ");
}

char *mail_reply_text(const char *text, struct arena *arena)
{
	size_t n = 1;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	struct line *lines = arena_calloc(arena, n, sizeof *lines);
	bool *drop = arena_calloc(arena, n, sizeof *drop);
	size_t count = 0;
	for (const char *p = text;; count++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		/* "-- " loses its space here: signature() looks for "--". */
		lines[count] = (struct line){p, len};
		if (!nl) {
			count++;
			break;
		}
		p = nl + 1;
	}

	size_t cut = count;
	for (size_t i = 0; i < count && cut == count; i++) {
		const struct line *l = &lines[i];
		size_t a = quoted(l) ? 0 : attribution(lines, count, i);
		if (a) {
			size_t after = next_text(lines, count, i + a);
			if (after < count && quoted(&lines[after])) {
				for (size_t k = i; k < i + a; k++)
					drop[k] = true; /* the quote below goes line by line */
				i += a - 1;
			} else {
				cut = i; /* unquoted history follows */
			}
		} else if (signature(l) || separator(l) || outlook_block(lines, count, i)) {
			cut = i;
		}
	}
	for (size_t i = 0; i < cut; i++)
		drop[i] = drop[i] || quoted(&lines[i]);

	/* The last line of text may be a mobile sign-off. */
	size_t last = cut;
	while (last && (drop[last - 1] || blank(&lines[last - 1])))
		last--;
	if (last && trailer(&lines[last - 1]))
		drop[last - 1] = true;

	struct buf b = BUF_INIT;
	size_t blanks = 0;
	for (size_t i = 0; i < cut; i++) {
		if (drop[i])
			continue;
		if (blank(&lines[i])) {
			blanks++;
			continue;
		}
		if (b.len)
			buf_puts(&b, blanks ? "\n\n" : "\n");
		blanks = 0;
		buf_append(&b, lines[i].s, lines[i].len);
	}
	char *r = arena_strndup(arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}
