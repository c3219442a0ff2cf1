/* mail_parse: GMime does the MIME work (headers, RFC 2047 and 2231,
 * transfer encodings, broken structure); this file decides what is text,
 * what is an attachment and what kind of message it is, and converts every
 * text to clean UTF-8. */
#include <errno.h>
#include <gmime/gmime.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "mail/mail.h"
#include "util/utf8.h"

enum { RECIPIENTS_MAX = 64 };

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_setup(void)
{
	g_mime_init();
}

/* The walk over the MIME tree. */
struct walk {
	struct arena *arena;
	struct mail_message *out;
	struct buf text;
	size_t parts;
	size_t n_att, cap_att;
	bool report; /* a multipart/report of delivery status */
};

/* keep returns the cleaned value s (NULL stays NULL), cut to max bytes at
 * a character boundary and trimmed. */
static const char *keep(struct arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	struct buf b = BUF_INIT;
	mail_clean(s, strlen(s), false, &b);
	const char *v = buf_cstr(&b);
	size_t len = b.len;
	while (*v == ' ')
		v++, len--;
	if (len > max) {
		len = max;
		while (len && ((unsigned char)v[len] & 0xC0) == 0x80)
			len--;
	}
	while (len && v[len - 1] == ' ')
		len--;
	char *r = arena_strndup(a, v, len);
	buf_free(&b);
	return r;
}

static const char *lower(struct arena *a, const char *s)
{
	const char *v = keep(a, s, MAIL_FIELD_MAX);
	if (!v)
		return NULL;
	char *r = arena_strdup(a, v);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

/* bytes appends the decoded content (transfer encoding undone) of part. */
static void bytes(GMimePart *part, struct buf *out)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (ba && ba->len)
		buf_append(out, ba->data, ba->len);
	g_object_unref(mem);
}

/* convert appends in[0..len) in charset as UTF-8 to out (not cleaned):
 * bytes that do not convert become U+FFFD. False when the charset is
 * unknown. */
static bool convert(const char *charset, const char *in, size_t len, struct buf *out)
{
	const char *name = g_mime_charset_iconv_name(charset);
	iconv_t cd = iconv_open("UTF-8", name ? name : charset);
	if (cd == (iconv_t)-1)
		return false;
	char chunk[4096];
	char *src = (char *)in;
	size_t left = len;
	while (left) {
		char *dst = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &src, &left, &dst, &room);
		buf_append(out, chunk, (size_t)(dst - chunk));
		if (r == (size_t)-1 && errno != E2BIG) {
			/* EILSEQ, or EINVAL at the end: skip a byte. */
			buf_puts(out, "\xEF\xBF\xBD");
			src++;
			left--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	char *dst = chunk;
	size_t room = sizeof chunk;
	iconv(cd, NULL, NULL, &dst, &room);
	buf_append(out, chunk, (size_t)(dst - chunk));
	iconv_close(cd);
	return true;
}

static bool has_8bit(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* to_utf8 appends the text in[0..len) declared in charset (NULL: none) to
 * out as clean UTF-8. Bytes that are valid UTF-8 beyond ASCII are UTF-8
 * whatever the label says (mislabelled mail is common; Latin-1 text is
 * almost never valid UTF-8 by chance). A charset that is unknown, or
 * declared UTF-8 or ASCII while the bytes are not, is guessed (GMime
 * tries the common charsets and falls back to Latin-1). */
static void to_utf8(const char *charset, const char *in, size_t len, struct buf *out)
{
	bool declared_utf8 = !charset || !g_ascii_strcasecmp(charset, "utf-8") ||
			     !g_ascii_strcasecmp(charset, "utf8") ||
			     !g_ascii_strcasecmp(charset, "us-ascii");
	bool utf8 = utf8_valid(in, len);
	struct buf conv = BUF_INIT;
	if (utf8 && (declared_utf8 || has_8bit(in, len))) {
		mail_clean(in, len, true, out);
	} else if (!declared_utf8 && convert(charset, in, len, &conv)) {
		mail_clean(conv.data ? conv.data : "", conv.len, true, out);
	} else {
		char *guess = g_mime_utils_decode_8bit(NULL, in, len);
		if (guess)
			mail_clean(guess, strlen(guess), true, out);
		g_free(guess);
	}
	buf_free(&conv);
}

static bool is_type(GMimeObject *o, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	return ct && g_mime_content_type_is_type(ct, type, subtype);
}

static void add_text(struct walk *w, const struct buf *t)
{
	size_t len = t->len;
	while (len && (t->data[len - 1] == '\n' || t->data[len - 1] == ' '))
		len--;
	if (!len)
		return;
	if (w->text.len)
		buf_puts(&w->text, "\n\n");
	buf_append(&w->text, t->data, len);
}

/* text_part adds a text/plain or text/html part to the message's text. */
static void text_part(struct walk *w, GMimePart *part)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;
	bytes(part, &raw);
	to_utf8(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset"),
		raw.data ? raw.data : "", raw.len, &text);
	if (is_type(GMIME_OBJECT(part), "text", "html")) {
		struct buf plain = BUF_INIT;
		mail_html_to_text(buf_cstr(&text), text.len, &plain);
		add_text(w, &plain);
		buf_free(&plain);
	} else {
		add_text(w, &text);
	}
	buf_free(&raw);
	buf_free(&text);
}

/* base_name keeps the last path element of a name and cleans it. */
static const char *base_name(struct walk *w, const char *name)
{
	const char *v = keep(w->arena, name, MAIL_FILENAME_MAX);
	if (!v)
		return NULL;
	const char *slash = strrchr(v, '/'), *back = strrchr(v, '\\');
	if (back && (!slash || back > slash))
		slash = back;
	if (slash)
		v = slash + 1;
	while (*v == '.' || *v == ' ')
		v++;
	return *v ? v : NULL;
}

static void add_attachment(struct walk *w, const char *filename, const char *type,
			   const struct buf *data)
{
	if (w->n_att == w->cap_att) {
		size_t cap = w->cap_att ? w->cap_att * 2 : 8;
		struct mail_attachment *grown = arena_calloc(w->arena, cap, sizeof *grown);
		if (w->n_att)
			memcpy(grown, w->out->attachments, w->n_att * sizeof *grown);
		w->out->attachments = grown;
		w->cap_att = cap;
	}
	unsigned char *copy = arena_alloc(w->arena, data->len + 1);
	if (data->len)
		memcpy(copy, data->data, data->len);
	if (!filename)
		filename = arena_printf(w->arena, "attachment-%zu", w->n_att + 1);
	w->out->attachments[w->n_att++] = (struct mail_attachment){
		.filename = filename, .content_type = type, .data = copy, .size = data->len,
	};
}

static const char *mime_type(struct walk *w, GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	const char *r = lower(w->arena, t ? t : "application/octet-stream");
	g_free(t);
	return r;
}

/* field returns the value of "Name:" in a status block line, or NULL. */
static const char *field(const char *line, const char *name)
{
	size_t n = strlen(name);
	if (strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* after_type skips an "rfc822;" type prefix and angle brackets. */
static const char *after_type(const char *v)
{
	const char *semi = strchr(v, ';');
	if (semi)
		v = semi + 1;
	while (*v == ' ' || *v == '<')
		v++;
	return v;
}

/* delivery_status reads a message/delivery-status body: the first
 * recipient block whose Action is failed gives the bounced address and
 * the reason. */
static void delivery_status(struct walk *w, const struct buf *body)
{
	struct buf text = BUF_INIT;
	mail_clean(body->data ? body->data : "", body->len, true, &text);
	char *s = text.data ? text.data : "";
	const char *rcpt = NULL, *status = NULL, *diag = NULL;
	bool failed = false;
	for (char *line = s; line && !w->out->bounce_addr;) {
		char *nl = strchr(line, '\n');
		/* Unfold continuation lines into this one. */
		while (nl && (nl[1] == ' ' || nl[1] == '\t')) {
			*nl = ' ';
			nl = strchr(nl + 1, '\n');
		}
		if (nl)
			*nl = '\0';
		const char *v;
		if (!*line) { /* the end of a block */
			rcpt = status = diag = NULL;
			failed = false;
		} else if ((v = field(line, "Final-Recipient"))) {
			rcpt = after_type(v);
		} else if ((v = field(line, "Action"))) {
			failed = !strncasecmp(v, "failed", 6);
		} else if ((v = field(line, "Status"))) {
			status = v;
		} else if ((v = field(line, "Diagnostic-Code"))) {
			diag = after_type(v);
		}
		bool end = !nl || !nl[1] || nl[1] == '\n';
		if (end && failed && rcpt && *rcpt) {
			char *addr = arena_strdup(w->arena, rcpt);
			addr[strcspn(addr, "> \t")] = '\0';
			w->out->bounce_addr = lower(w->arena, addr);
			w->out->bounce_reason = keep(w->arena, diag ? diag : status, MAIL_FIELD_MAX);
		}
		line = nl ? nl + 1 : NULL;
	}
	buf_free(&text);
}

static void walk_object(struct walk *w, GMimeObject *o, int depth);

/* message_part attaches a forwarded or bounced message as an .eml file. */
static void message_part(struct walk *w, GMimeMessagePart *mp)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	struct buf data = BUF_INIT;
	const char *name = NULL;
	if (inner) {
		GMimeStream *mem = g_mime_stream_mem_new();
		g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		if (ba && ba->len)
			buf_append(&data, ba->data, ba->len);
		g_object_unref(mem);
		const char *subject = g_mime_message_get_subject(inner);
		name = base_name(w, subject);
	}
	if (is_type(GMIME_OBJECT(mp), "message", "delivery-status") ||
	    is_type(GMIME_OBJECT(mp), "message", "global-delivery-status")) {
		delivery_status(w, &data);
	} else {
		name = name ? arena_printf(w->arena, "%.*s.eml", MAIL_FILENAME_MAX - 4, name)
			    : "message.eml";
		add_attachment(w, name, "message/rfc822", &data);
	}
	buf_free(&data);
}

/* leaf decides what one part is: text, a delivery status, a signature
 * (dropped) or an attachment. */
static void leaf(struct walk *w, GMimePart *part)
{
	GMimeObject *o = GMIME_OBJECT(part);
	GMimeContentDisposition *disp = g_mime_object_get_content_disposition(o);
	bool attached = disp && g_mime_content_disposition_is_attachment(disp);
	const char *filename = g_mime_part_get_filename(part);
	if (!attached && !filename &&
	    (is_type(o, "text", "plain") || is_type(o, "text", "html"))) {
		text_part(w, part);
		return;
	}
	if (is_type(o, "application", "pgp-signature") ||
	    is_type(o, "application", "pkcs7-signature") ||
	    is_type(o, "application", "x-pkcs7-signature"))
		return;
	struct buf data = BUF_INIT;
	bytes(part, &data);
	if (is_type(o, "message", "delivery-status") ||
	    is_type(o, "message", "global-delivery-status"))
		delivery_status(w, &data);
	else if (data.len || filename)
		add_attachment(w, base_name(w, filename), mime_type(w, o), &data);
	buf_free(&data);
}

/* alternative walks the best of a multipart/alternative's parts: plain
 * text, else HTML, else the last one (a multipart/related, say). */
static void alternative(struct walk *w, GMimeMultipart *mp, int depth)
{
	int n = g_mime_multipart_get_count(mp);
	GMimeObject *plain = NULL, *html = NULL, *last = NULL;
	for (int i = 0; i < n; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);
		if (!c)
			continue;
		last = c;
		if (GMIME_IS_PART(c) && is_type(c, "text", "plain") && !plain)
			plain = c;
		else if (GMIME_IS_PART(c) && is_type(c, "text", "html") && !html)
			html = c;
	}
	GMimeObject *best = plain ? plain : html ? html : last;
	if (best)
		walk_object(w, best, depth + 1);
}

static void walk_object(struct walk *w, GMimeObject *o, int depth)
{
	if (!o || depth > MAIL_DEPTH_MAX || ++w->parts > MAIL_PARTS_MAX)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		if (is_type(o, "multipart", "report")) {
			const char *rt = g_mime_object_get_content_type_parameter(o, "report-type");
			if (rt && !g_ascii_strcasecmp(rt, "delivery-status"))
				w->report = true;
		}
		if (is_type(o, "multipart", "alternative")) {
			alternative(w, mp, depth);
			return;
		}
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		message_part(w, GMIME_MESSAGE_PART(o));
	} else if (GMIME_IS_PART(o)) {
		leaf(w, GMIME_PART(o));
	}
}

/* add_addresses appends the mailbox addresses of an address list header. */
static void add_addresses(struct walk *w, const char *value, const char ***list, size_t *n)
{
	InternetAddressList *al = internet_address_list_parse(NULL, value);
	if (!al)
		return;
	int count = internet_address_list_length(al);
	for (int i = 0; i < count && *n < RECIPIENTS_MAX; i++) {
		InternetAddress *ia = internet_address_list_get_address(al, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *m =
				internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
			int mc = m ? internet_address_list_length(m) : 0;
			for (int j = 0; j < mc && *n < RECIPIENTS_MAX; j++) {
				InternetAddress *x = internet_address_list_get_address(m, j);
				if (INTERNET_ADDRESS_IS_MAILBOX(x))
					(*list)[(*n)++] = lower(w->arena,
						internet_address_mailbox_get_addr(
							INTERNET_ADDRESS_MAILBOX(x)));
			}
		} else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			(*list)[(*n)++] = lower(w->arena, internet_address_mailbox_get_addr(
							       INTERNET_ADDRESS_MAILBOX(ia)));
		}
	}
	g_object_unref(al);
}

/* headers reads the addresses and identifiers. */
static void headers(struct walk *w, GMimeMessage *msg)
{
	struct mail_message *out = w->out;
	GMimeObject *o = GMIME_OBJECT(msg);
	InternetAddressList *from = g_mime_message_get_from(msg);
	for (int i = 0; from && i < internet_address_list_length(from) && !out->from_addr; i++) {
		InternetAddress *ia = internet_address_list_get_address(from, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			out->from_addr = lower(w->arena, internet_address_mailbox_get_addr(
								 INTERNET_ADDRESS_MAILBOX(ia)));
			out->from_name = keep(w->arena, internet_address_get_name(ia), MAIL_FIELD_MAX);
		}
	}
	if (out->from_name && !*out->from_name)
		out->from_name = NULL;
	out->subject = keep(w->arena, g_mime_message_get_subject(msg), MAIL_FIELD_MAX);
	out->message_id = keep(w->arena, g_mime_message_get_message_id(msg), MAIL_FIELD_MAX);
	const char *irt = g_mime_object_get_header(o, "In-Reply-To");
	char *id = irt ? g_mime_utils_decode_message_id(irt) : NULL;
	out->in_reply_to = keep(w->arena, id, MAIL_FIELD_MAX);
	g_free(id);
	const char *rp = g_mime_object_get_header(o, "Return-Path");
	if (rp) {
		const char *v = keep(w->arena, rp, MAIL_FIELD_MAX);
		out->return_path = !strcmp(v, "<>") ? "" : v;
	}

	const char **list = arena_calloc(w->arena, RECIPIENTS_MAX, sizeof *list);
	size_t n = 0;
	static const char *const envelope[] = {"Delivered-To", "X-Original-To", "Envelope-To"};
	static const char *const addressed[] = {"To", "Cc"};
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	int count = hl ? g_mime_header_list_get_count(hl) : 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *const *names = pass ? addressed : envelope;
		size_t nn = pass ? 2 : 3;
		for (int i = 0; i < count; i++) {
			GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
			const char *name = g_mime_header_get_name(h);
			const char *value = g_mime_header_get_raw_value(h);
			for (size_t k = 0; name && value && k < nn; k++)
				if (!g_ascii_strcasecmp(name, names[k]))
					add_addresses(w, value, &list, &n);
		}
	}
	out->recipients = list;
	out->n_recipients = n;
}

static bool header_has(GMimeObject *o, const char *name)
{
	return g_mime_object_get_header(o, name) != NULL;
}

/* classify decides whether a person wrote the message. */
static void classify(struct walk *w, GMimeMessage *msg)
{
	struct mail_message *out = w->out;
	GMimeObject *o = GMIME_OBJECT(msg);
	const char *from = out->from_addr;
	size_t local = from ? strcspn(from, "@") : 0;
	if (w->report || out->bounce_addr) {
		out->kind = MAIL_BOUNCE;
		out->kind_why = "a delivery status notification";
	} else if (out->return_path && !*out->return_path) {
		out->kind = MAIL_BOUNCE;
		out->kind_why = "an empty return path";
	} else if (from && local == strlen("mailer-daemon") &&
		   !strncmp(from, "mailer-daemon", local)) {
		out->kind = MAIL_BOUNCE;
		out->kind_why = "from MAILER-DAEMON";
	}
	if (out->kind == MAIL_BOUNCE)
		return;
	const char *as = g_mime_object_get_header(o, "Auto-Submitted");
	const char *prec = g_mime_object_get_header(o, "Precedence");
	if (as) {
		const char *v = keep(w->arena, as, MAIL_FIELD_MAX);
		if (g_ascii_strncasecmp(v, "no", 2) || (v[2] && v[2] != ' ' && v[2] != ';')) {
			out->kind = MAIL_AUTO_REPLY;
			out->kind_why = arena_printf(w->arena, "Auto-Submitted: %s", v);
		}
	}
	if (out->kind == MAIL_PERSON && header_has(o, "X-Autoreply")) {
		out->kind = MAIL_AUTO_REPLY;
		out->kind_why = "X-Autoreply";
	} else if (out->kind == MAIL_PERSON && header_has(o, "X-Autorespond")) {
		out->kind = MAIL_AUTO_REPLY;
		out->kind_why = "X-Autorespond";
	} else if (out->kind == MAIL_PERSON && prec) {
		const char *v = keep(w->arena, prec, MAIL_FIELD_MAX);
		if (!g_ascii_strcasecmp(v, "auto_reply")) {
			out->kind = MAIL_AUTO_REPLY;
			out->kind_why = "Precedence: auto_reply";
		}
	}
}

void mail_parse(const char *raw, size_t len, struct arena *arena, struct mail_message *out)
{
	pthread_once(&gmime_once, gmime_setup);
	*out = (struct mail_message){.text = ""};
	struct walk w = {.arena = arena, .out = out};
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (!msg) {
		out->unreadable = true;
		out->recipients = arena_calloc(arena, 1, sizeof *out->recipients);
		return;
	}
	headers(&w, msg);
	walk_object(&w, g_mime_message_get_mime_part(msg), 0);
	classify(&w, msg);
	out->text = arena_strndup(arena, buf_cstr(&w.text), w.text.len);
	out->n_attachments = w.n_att;
	buf_free(&w.text);
	g_object_unref(msg);
}
