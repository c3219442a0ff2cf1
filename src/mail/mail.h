/* Reading an email: one RFC 5322 message (as an MTA delivers it to
 * `disclose mail-in`) parsed with GMime into what the portal needs.
 *
 * Everything that comes out is valid UTF-8 without NUL or control
 * characters (text keeps its line feeds and tabs): every text part is
 * converted from its charset (a wrong or missing one is guessed, and bytes
 * that still do not decode become U+FFFD), HTML-only mail becomes text, and
 * header values are decoded (RFC 2047) and cleaned. Nothing here knows the
 * database; mail_parse never fails on bad input: a message GMime cannot
 * read at all comes back with unreadable set. */
#ifndef DISCLOSE_MAIL_H
#define DISCLOSE_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

enum {
	MAIL_FIELD_MAX = 998,       /* a header value kept (bytes) */
	MAIL_FILENAME_MAX = 200,    /* an attachment's name (bytes) */
	MAIL_PARTS_MAX = 1000,      /* MIME parts looked at */
	MAIL_DEPTH_MAX = 20,        /* nesting of multiparts */
};

/* What kind of message it is. Only MAIL_PERSON may become a message on a
 * request. */
enum mail_kind {
	MAIL_PERSON,     /* written by a person */
	MAIL_AUTO_REPLY, /* Auto-Submitted, X-Autoreply, X-Autorespond,
			    Precedence: auto_reply (vacation notices) */
	MAIL_BOUNCE,     /* a delivery status notification or a message
			    from MAILER-DAEMON or with an empty return path */
};

struct mail_attachment {
	const char *filename;     /* cleaned, no path; never empty */
	const char *content_type; /* "application/pdf", lower case */
	const unsigned char *data;
	size_t size;
};

struct mail_message {
	bool unreadable;          /* GMime found no message at all */
	const char *from_addr;    /* the first From address, lower case; NULL */
	const char *from_name;    /* its display name; NULL */
	const char *subject;      /* NULL when none */
	const char *message_id;   /* without <>; NULL */
	const char *in_reply_to;  /* without <>; NULL */
	const char *return_path;  /* the Return-Path header: "" for <>; NULL */
	/* Every address the message was delivered or addressed to, in the
	 * order an MTA's headers name them: Delivered-To, X-Original-To,
	 * Envelope-To, To, Cc. Lower case. */
	const char **recipients;
	size_t n_recipients;
	const char *text;  /* all the text of the message: its text parts
			      (HTML converted when a part has no plain
			      alternative), joined by blank lines; "" when
			      none */
	enum mail_kind kind;
	const char *kind_why; /* what made it automatic ("Auto-Submitted:
				 auto-replied"); NULL for MAIL_PERSON */
	/* A bounce's failed recipient (Final-Recipient of a delivery status
	 * notification whose Action is failed) and the reason given
	 * (Diagnostic-Code, else Status); NULL when it does not say. */
	const char *bounce_addr;
	const char *bounce_reason;
	struct mail_attachment *attachments;
	size_t n_attachments;
};

/* mail_parse reads the message raw[0..len) into *out, allocating from
 * arena (freed with it). Attachments are the parts that are not the
 * message's text: files, attached messages (as .eml), and any non-text
 * part. Never fails; see unreadable. Thread-safe. */
void mail_parse(const char *raw, size_t len, struct arena *arena, struct mail_message *out);

/* mail_reply_text returns the new text of a reply: text without quoted
 * history (lines starting with '>', and the "On ... wrote:" line before
 * them), without what follows an Outlook "-----Original Message-----"
 * line, a "From: ... Sent: ..." header block or a "________" separator
 * with one, and without the signature after a "-- " line; white space
 * around it trimmed. "" when nothing new is left. */
char *mail_reply_text(const char *text, struct arena *arena);

/* mail_html_to_text appends the text of the UTF-8 HTML html[0..len) to
 * out: block elements and <br> end lines, list items start with "- ",
 * <blockquote> lines start with "> ", links keep their text, scripts,
 * styles and the head are dropped, entities are decoded. */
void mail_html_to_text(const char *html, size_t len, struct buf *out);

/* mail_clean appends s[0..len) to out as valid UTF-8: bytes that do not
 * decode become U+FFFD, CR LF and lone CR become LF, NUL and control
 * characters are dropped; with !multiline, line breaks and tabs become
 * spaces too. */
void mail_clean(const char *s, size_t len, bool multiline, struct buf *out);

#endif
