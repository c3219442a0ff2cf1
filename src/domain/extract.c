/* Text extraction from stored files, for search: PDF through pdftotext (a
 * subprocess with limits), plain text and CSV, email (its text parts) and
 * .docx (word/document.xml, read with libarchive). */
#include "domain/extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/utf8.h"

/* The largest input read whole (text, email, document.xml). */
enum { EXTRACT_READ_MAX = 32 * 1024 * 1024, EXTRACT_MIME_DEPTH = 8 };

/* append_text appends bytes as valid UTF-8 without control characters
 * (but tab and newline): bytes that are not UTF-8 are read as Latin-1. */
static void append_text(struct buf *out, const char *s, size_t len, size_t max)
{
	for (size_t i = 0; i < len && out->len < max;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			buf_putc(out, c < 0x20 && c != '\n' && c != '\t' ? ' ' : (char)c);
			i++;
			continue;
		}
		size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (i + n <= len && utf8_valid(s + i, n)) {
			buf_append(out, s + i, n);
			i += n;
		} else {
			buf_putc(out, (char)(0xC0 | (c >> 6)));
			buf_putc(out, (char)(0x80 | (c & 0x3F)));
			i++;
		}
	}
}

/* read_file reads at most max bytes of a file. */
static bool read_file(const char *path, size_t max, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char chunk[65536];
	ssize_t n;
	while (out->len < max && (n = read(fd, chunk, sizeof chunk)) > 0)
		buf_append(out, chunk, (size_t)n > max - out->len ? max - out->len : (size_t)n);
	close(fd);
	return true;
}

/* ---- PDF ---- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* run_pdftotext runs pdftotext on path with an empty environment, limits
 * on memory, CPU time and files, in new user and network namespaces when
 * the system allows them (no network), and a wall-clock limit. */
static bool run_pdftotext(const struct extract_limits *l, const char *path, struct buf *out)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		/* Only system calls from here to exec. */
		struct rlimit as = {l->memory_bytes, l->memory_bytes};
		struct rlimit cpu = {l->seconds, l->seconds + 1};
		struct rlimit none = {0, 0};
		setrlimit(RLIMIT_AS, &as);
		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_FSIZE, &none);
		setrlimit(RLIMIT_CORE, &none);
		unshare(CLONE_NEWUSER | CLONE_NEWNET);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(fds[1], 1);
		dup2(null, 2);
		char *argv[] = {"pdftotext", "-q", "-enc", "UTF-8", (char *)path, "-", NULL};
		char *envp[] = {NULL};
		execve(l->pdftotext, argv, envp);
		_exit(127);
	}
	close(fds[1]);
	struct buf raw = BUF_INIT;
	bool timed_out = false;
	int64_t deadline = now_ms() + (int64_t)l->seconds * 1000;
	for (;;) {
		int64_t left = deadline - now_ms();
		struct pollfd p = {fds[0], POLLIN, 0};
		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			timed_out = true;
			break;
		}
		char chunk[65536];
		ssize_t n = read(fds[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (raw.len < l->text_max)
			buf_append(&raw, chunk, (size_t)n);
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	bool ok = !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (ok)
		append_text(out, raw.data ? raw.data : "", raw.len, l->text_max);
	buf_free(&raw);
	return ok;
}

/* ---- Email ---- */

/* header_value finds a header in a block of header lines (unfolded into
 * out); NULL when absent. */
static const char *header_value(const char *h, size_t hlen, const char *name, struct buf *out)
{
	size_t nlen = strlen(name);
	for (size_t i = 0; i < hlen;) {
		size_t eol = i;
		while (eol < hlen && h[eol] != '\n')
			eol++;
		if (eol - i > nlen && h[i + nlen] == ':' && !strncasecmp(h + i, name, nlen)) {
			buf_reset(out);
			size_t s = i + nlen + 1;
			for (;;) {
				while (s < eol && (h[s] == ' ' || h[s] == '\t'))
					s++;
				size_t e = eol;
				while (e > s && (h[e - 1] == '\r' || h[e - 1] == ' '))
					e--;
				buf_append(out, h + s, e - s);
				/* A folded line continues the value. */
				if (eol + 1 < hlen && (h[eol + 1] == ' ' || h[eol + 1] == '\t')) {
					buf_putc(out, ' ');
					s = eol + 1;
					eol = s;
					while (eol < hlen && h[eol] != '\n')
						eol++;
					continue;
				}
				break;
			}
			return buf_cstr(out);
		}
		i = eol + 1;
	}
	return NULL;
}

/* param copies a parameter (boundary, charset) of a header value. */
static bool param(const char *value, const char *name, char *out, size_t cap)
{
	size_t nlen = strlen(name);
	for (const char *p = strchr(value, ';'); p; p = strchr(p + 1, ';')) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, name, nlen) || q[nlen] != '=')
			continue;
		q += nlen + 1;
		size_t n = 0;
		if (*q == '"') {
			for (q++; *q && *q != '"' && n + 1 < cap; q++)
				out[n++] = *q;
		} else {
			for (; *q && !strchr("; \t\r", *q) && n + 1 < cap; q++)
				out[n++] = *q;
		}
		out[n] = '\0';
		return n > 0;
	}
	return false;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* decode turns a transfer-encoded body into bytes. */
static void decode(const char *enc, const char *s, size_t len, struct buf *out)
{
	if (enc && !strncasecmp(enc, "quoted-printable", 16)) {
		for (size_t i = 0; i < len; i++) {
			if (s[i] != '=') {
				buf_putc(out, s[i]);
			} else if (i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
				buf_putc(out, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
				i += 2;
			} else {
				/* a soft line break */
				while (i + 1 < len && (s[i + 1] == '\r' || s[i + 1] == ' '))
					i++;
				if (i + 1 < len && s[i + 1] == '\n')
					i++;
			}
		}
	} else if (enc && !strncasecmp(enc, "base64", 6)) {
		static const char alphabet[] =
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		unsigned v = 0;
		int bits = 0;
		for (size_t i = 0; i < len && s[i] != '='; i++) {
			const char *at = s[i] ? strchr(alphabet, s[i]) : NULL;
			if (!at)
				continue;
			v = (v << 6) | (unsigned)(at - alphabet);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_putc(out, (char)((v >> bits) & 0xFF));
			}
		}
	} else {
		buf_append(out, s, len);
	}
}

/* find_line finds "--boundary" at the start of a line in s[from, len). */
static const char *find_line(const char *s, size_t len, size_t from, const char *delim)
{
	size_t dlen = strlen(delim);
	for (size_t i = from; i + dlen <= len; i++) {
		if ((i == 0 || s[i - 1] == '\n') && !memcmp(s + i, delim, dlen))
			return s + i;
		const char *nl = memchr(s + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - s);
	}
	return NULL;
}

static void email_part(const char *s, size_t len, struct buf *out, size_t max, int depth,
		       bool top);

static void email_multipart(const char *body, size_t len, const char *boundary,
			    struct buf *out, size_t max, int depth)
{
	char delim[80];
	snprintf(delim, sizeof delim, "--%s", boundary);
	const char *p = find_line(body, len, 0, delim);
	while (p) {
		size_t at = (size_t)(p - body) + strlen(delim);
		if (at + 2 <= len && body[at] == '-' && body[at + 1] == '-')
			break; /* the closing delimiter */
		const char *nl = memchr(body + at, '\n', len - at);
		if (!nl)
			break;
		size_t start = (size_t)(nl - body) + 1;
		const char *next = find_line(body, len, start, delim);
		size_t end = next ? (size_t)(next - body) : len;
		email_part(body + start, end - start, out, max, depth + 1, false);
		p = next;
	}
}

/* email_part adds the text of one MIME entity: the top one's subject and
 * people, the text/plain parts, nested messages. */
static void email_part(const char *s, size_t len, struct buf *out, size_t max, int depth,
		       bool top)
{
	if (depth > EXTRACT_MIME_DEPTH || out->len >= max)
		return;
	size_t hlen = 0;
	while (hlen < len) {
		const char *nl = memchr(s + hlen, '\n', len - hlen);
		if (!nl) {
			hlen = len;
			break;
		}
		size_t line = (size_t)(nl - s) - hlen;
		hlen = (size_t)(nl - s) + 1;
		if (line == 0 || (line == 1 && s[hlen - 2] == '\r'))
			break;
	}
	struct buf v = BUF_INIT;
	if (top) {
		static const char *const shown[] = {"Subject", "From", "To", "Cc", "Date", NULL};
		for (size_t i = 0; shown[i]; i++) {
			const char *h = header_value(s, hlen, shown[i], &v);
			if (h) {
				struct buf line = BUF_INIT;
				buf_printf(&line, "%s: %s\n", shown[i], h);
				append_text(out, line.data, line.len, max);
				buf_free(&line);
			}
		}
	}
	const char *ct = header_value(s, hlen, "Content-Type", &v);
	char *type = ct ? strdup(ct) : NULL;
	const char *enc_h = header_value(s, hlen, "Content-Transfer-Encoding", &v);
	char *enc = enc_h ? strdup(enc_h) : NULL;
	const char *body = s + hlen;
	size_t blen = len - hlen;
	char boundary[72];
	if (type && !strncasecmp(type, "multipart/", 10)) {
		if (param(type, "boundary", boundary, sizeof boundary))
			email_multipart(body, blen, boundary, out, max, depth);
	} else if (type && !strncasecmp(type, "message/rfc822", 14)) {
		email_part(body, blen, out, max, depth + 1, true);
	} else if (!type || !strncasecmp(type, "text/plain", 10)) {
		struct buf raw = BUF_INIT;
		decode(enc, body, blen, &raw);
		buf_putc(out, '\n');
		append_text(out, raw.data ? raw.data : "", raw.len, max);
		buf_free(&raw);
	}
	free(type);
	free(enc);
	buf_free(&v);
}

/* ---- .docx ---- */

static void put_codepoint(struct buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xC0 | (cp >> 6)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xE0 | (cp >> 12)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (char)(0xF0 | (cp >> 18)));
		buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* xml_text appends the text of WordprocessingML: paragraphs end lines,
 * tags go, entities are decoded. */
static void xml_text(const char *x, size_t len, struct buf *out, size_t max)
{
	struct buf t = BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (x[i] == '<') {
			const char *end = memchr(x + i, '>', len - i);
			if (!end)
				break;
			size_t tag = (size_t)(end - x) - i;
			if ((tag >= 5 && !strncmp(x + i, "</w:p", 5)) || !strncmp(x + i, "<w:br", 5))
				buf_putc(&t, '\n');
			else if (!strncmp(x + i, "<w:tab", 6))
				buf_putc(&t, '\t');
			i += tag;
		} else if (x[i] == '&') {
			static const struct {
				const char *name;
				char c;
			} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
				    {"&quot;", '"'}, {"&apos;", '\''}};
			size_t k = 0;
			for (; k < sizeof ents / sizeof ents[0]; k++)
				if (!strncmp(x + i, ents[k].name, strlen(ents[k].name)))
					break;
			if (k < sizeof ents / sizeof ents[0]) {
				buf_putc(&t, ents[k].c);
				i += strlen(ents[k].name) - 1;
			} else if (i + 2 < len && x[i + 1] == '#') {
				char *endp = NULL;
				unsigned long cp = x[i + 2] == 'x' ? strtoul(x + i + 3, &endp, 16)
								   : strtoul(x + i + 2, &endp, 10);
				if (endp && *endp == ';' && cp > 0 && cp < 0x110000 &&
				    !(cp >= 0xD800 && cp < 0xE000)) {
					put_codepoint(&t, (uint32_t)cp);
					i = (size_t)(endp - x);
				}
			}
		} else {
			buf_putc(&t, x[i]);
		}
	}
	append_text(out, t.data ? t.data : "", t.len, max);
	buf_free(&t);
}

static bool docx_text(const char *path, struct buf *out, size_t max)
{
	struct archive *a = archive_read_new();
	archive_read_support_format_zip(a);
	bool found = false, ok = false;
	struct archive_entry *e;
	if (archive_read_open_filename(a, path, 65536) == ARCHIVE_OK) {
		while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
			const char *name = archive_entry_pathname(e);
			if (!name || strcmp(name, "word/document.xml") != 0)
				continue;
			found = true;
			struct buf x = BUF_INIT;
			char chunk[65536];
			la_ssize_t n;
			while ((n = archive_read_data(a, chunk, sizeof chunk)) > 0 &&
			       x.len < EXTRACT_READ_MAX)
				buf_append(&x, chunk, (size_t)n);
			ok = n >= 0 || x.len >= EXTRACT_READ_MAX;
			if (ok)
				xml_text(x.data ? x.data : "", x.len, out, max);
			buf_free(&x);
			break;
		}
	}
	archive_read_free(a);
	return found && ok;
}

/* ---- Entry points ---- */

void extract_limits_default(struct extract_limits *l)
{
	*l = (struct extract_limits){
		.pdftotext = "/usr/bin/pdftotext",
		.seconds = 30,
		.memory_bytes = 1024ull * 1024 * 1024,
		.text_max = 4 * 1024 * 1024,
	};
}

enum extract_rc extract_text(const struct extract_limits *l, const char *path,
			     const char *content_type, struct buf *out)
{
	const char *t = content_type;
	if (!strcmp(t, "application/pdf"))
		return run_pdftotext(l, path, out) ? EXTRACT_OK : EXTRACT_FAILED;
	if (!strcmp(t, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
		return docx_text(path, out, l->text_max) ? EXTRACT_OK : EXTRACT_FAILED;
	bool email = !strcmp(t, "message/rfc822");
	if (!email && strcmp(t, "text/plain") && strcmp(t, "text/csv"))
		return EXTRACT_UNSUPPORTED;
	struct buf raw = BUF_INIT;
	if (!read_file(path, email ? EXTRACT_READ_MAX : l->text_max, &raw)) {
		buf_free(&raw);
		return EXTRACT_FAILED;
	}
	if (email)
		email_part(raw.data ? raw.data : "", raw.len, out, l->text_max, 0, true);
	else
		append_text(out, raw.data ? raw.data : "", raw.len, l->text_max);
	buf_free(&raw);
	return EXTRACT_OK;
}
