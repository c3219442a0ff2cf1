/* Composing internet messages. */
#include "domain/mail.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

static bool is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static bool is_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

bool mail_address_valid(const char *addr)
{
	if (!addr)
		return false;
	size_t len = strlen(addr);
	const char *at = strrchr(addr, '@');
	if (len > MAIL_ADDRESS_MAX || !at || at == addr || at - addr > 64 || !at[1])
		return false;
	for (const char *p = addr; p < at; p++) {
		if (*p == '.') {
			if (p == addr || p + 1 == at || p[1] == '.')
				return false;
		} else if (!is_atext((unsigned char)*p)) {
			return false;
		}
	}
	size_t label = 0;
	for (const char *p = at + 1;; p++) {
		if (*p == '.' || !*p) {
			if (label == 0 || label > 63 || p[-1] == '-')
				return false;
			if (!*p)
				return true;
			label = 0;
		} else if (!is_label_char((unsigned char)*p) || (label == 0 && *p == '-')) {
			return false;
		} else {
			label++;
		}
	}
}

void mail_header_text(struct buf *out, const char *s)
{
	bool space = false, any = false;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		unsigned char c = *p;
		if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
			space = any;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		if (space)
			buf_putc(out, ' ');
		space = false;
		any = true;
		buf_putc(out, (char)c);
	}
}

static bool printable_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

/* Encoded words carry at most this many bytes of text each (base64 of 45
 * bytes is 60 characters; the word stays under 75). */
enum { WORD_BYTES = 45 };

void mail_encode_words(struct buf *out, const char *s)
{
	struct buf clean = BUF_INIT;
	mail_header_text(&clean, s);
	const char *t = buf_cstr(&clean);
	/* "=?" in plain text would read as an encoded word: encode it too. */
	if (printable_ascii(t) && !strstr(t, "=?")) {
		buf_puts(out, t);
		buf_free(&clean);
		return;
	}
	size_t len = clean.len, i = 0;
	bool first = true;
	while (i < len) {
		size_t n = len - i < WORD_BYTES ? len - i : WORD_BYTES;
		/* Back off to a character boundary (a UTF-8 lead byte or ASCII). */
		while (n > 1 && i + n < len && ((unsigned char)t[i + n] & 0xC0) == 0x80)
			n--;
		char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)t + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64);
		first = false;
		i += n;
	}
	buf_free(&clean);
}

void mail_date(struct buf *out, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	struct date_time dt = date_time_to_utc(t);
	buf_printf(out, "%s, %d %s %04d %02d:%02d:%02d +0000", days[date_weekday(dt.date)],
		   dt.date.d, date_month_abbr(dt.date.m), dt.date.y, dt.hour, dt.min, dt.sec);
}

void mail_message_id(struct buf *out, const char *tag, const char *domain)
{
	unsigned char rnd[16];
	char hex[33];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	buf_puts(out, hex);
	buf_putc(out, '.');
	for (const char *p = tag ? tag : ""; *p; p++)
		if (is_label_char((unsigned char)*p) || *p == '.')
			buf_putc(out, *p);
	buf_putc(out, '@');
	for (const char *p = domain ? domain : "localhost"; *p; p++)
		if (is_label_char((unsigned char)*p) || *p == '.')
			buf_putc(out, *p);
}

/* mailbox appends "Name <addr>", the name quoted or encoded. */
static void mailbox(struct buf *out, const char *name, const char *addr)
{
	struct buf clean = BUF_INIT;
	mail_header_text(&clean, name);
	if (clean.len && printable_ascii(buf_cstr(&clean)) && !strstr(buf_cstr(&clean), "=?")) {
		buf_putc(out, '"');
		for (const char *p = buf_cstr(&clean); *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *p);
		}
		buf_puts(out, "\" ");
	} else if (clean.len) {
		mail_encode_words(out, buf_cstr(&clean));
		buf_putc(out, ' ');
	}
	buf_printf(out, "<%s>", addr);
	buf_free(&clean);
}

/* base64_lines appends s in base64, 76 characters a line. */
static void base64_lines(struct buf *out, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i += 57) {
		size_t n = len - i < 57 ? len - i : 57;
		char line[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(line, sizeof line, (const unsigned char *)s + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "%s\r\n", line);
	}
}

/* part appends a body part: its text with CRLF line ends (the canonical
 * form), in base64. */
static void part(struct buf *out, const char *type, const char *body)
{
	buf_printf(out, "Content-Type: %s; charset=UTF-8\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\n", type);
	struct buf crlf = BUF_INIT;
	for (const char *p = body ? body : ""; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_putc(&crlf, '\r');
		buf_putc(&crlf, *p);
	}
	base64_lines(out, buf_cstr(&crlf));
	buf_free(&crlf);
}

/* id_ok: a message id we made (no spaces, brackets or line breaks). */
static bool id_ok(const char *id)
{
	if (!id || !*id || !strchr(id, '@') || strlen(id) > 250)
		return false;
	for (const char *p = id; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '<' || *p == '>')
			return false;
	return true;
}

bool mail_compose(struct buf *out, const struct mail_message *m)
{
	if (!mail_address_valid(m->from_addr) || !mail_address_valid(m->to_addr) ||
	    (m->reply_to && !mail_address_valid(m->reply_to)) || !id_ok(m->message_id) ||
	    (m->thread_id && !id_ok(m->thread_id)))
		return false;
	if (sodium_init() < 0)
		return false;
	buf_puts(out, "From: ");
	mailbox(out, m->from_name, m->from_addr);
	buf_puts(out, "\r\nTo: ");
	mailbox(out, m->to_name, m->to_addr);
	if (m->reply_to)
		buf_printf(out, "\r\nReply-To: <%s>", m->reply_to);
	buf_puts(out, "\r\nSubject: ");
	mail_encode_words(out, m->subject);
	buf_puts(out, "\r\nDate: ");
	mail_date(out, m->date);
	buf_printf(out, "\r\nMessage-ID: <%s>", m->message_id);
	if (m->thread_id)
		buf_printf(out, "\r\nIn-Reply-To: <%s>\r\nReferences: <%s>", m->thread_id,
			   m->thread_id);
	if (m->unsubscribe_url) {
		struct buf url = BUF_INIT;
		mail_header_text(&url, m->unsubscribe_url);
		if (!strpbrk(buf_cstr(&url), " <>"))
			buf_printf(out, "\r\nList-Unsubscribe: <%s>\r\n"
					"List-Unsubscribe-Post: List-Unsubscribe=One-Click",
				   buf_cstr(&url));
		buf_free(&url);
	}
	if (m->kind) {
		buf_puts(out, "\r\nX-Disclose-Notification: ");
		mail_header_text(out, m->kind);
	}
	buf_puts(out, "\r\nAuto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n");
	if (!m->html) {
		part(out, "text/plain", m->text);
		return true;
	}
	unsigned char rnd[12];
	char boundary[2 * sizeof rnd + 1];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(boundary, sizeof boundary, rnd, sizeof rnd);
	buf_printf(out, "Content-Type: multipart/alternative; boundary=\"=_%s\"\r\n\r\n"
			"--=_%s\r\n", boundary, boundary);
	part(out, "text/plain", m->text);
	buf_printf(out, "--=_%s\r\n", boundary);
	part(out, "text/html", m->html);
	buf_printf(out, "--=_%s--\r\n", boundary);
	return true;
}
