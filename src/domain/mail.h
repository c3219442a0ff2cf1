/* Internet messages (RFC 5322, MIME): what goes out by email is composed
 * here, with no I/O. Header values never carry a line break from their
 * input (CR and LF are replaced, other control characters dropped); text
 * that is not ASCII is encoded (RFC 2047 in headers, base64 bodies). */
#ifndef DISCLOSE_MAIL_H
#define DISCLOSE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum { MAIL_ADDRESS_MAX = 254, MAIL_SUBJECT_MAX = 200 };

/* mail_address_valid: addr is a plain addr-spec we can send to:
 * local@domain, the local part made of letters, digits and
 * !#$%&'*+/=?^_`{|}~.- (no leading, trailing or double dot), the domain of
 * dot-separated labels of letters, digits and hyphens, at most
 * MAIL_ADDRESS_MAX bytes. */
bool mail_address_valid(const char *addr);

/* mail_header_text appends s as one header line's text: CR, LF and tabs
 * become spaces, other control characters are dropped, runs of spaces
 * are collapsed and the ends trimmed. */
void mail_header_text(struct buf *out, const char *s);

/* mail_encode_words appends s (UTF-8, cleaned as by mail_header_text) for
 * a header: as is when it is printable ASCII, else as RFC 2047 encoded
 * words (=?UTF-8?B?...?=) folded over lines, never splitting a
 * character. */
void mail_encode_words(struct buf *out, const char *s);

/* mail_date appends t (unix seconds) as an RFC 5322 date in UTC
 * ("Fri, 27 Nov 2026 12:24:34 +0000"). */
void mail_date(struct buf *out, int64_t t);

/* mail_message_id writes a new unique id (no angle brackets) to out:
 * 32 random hex digits, '.', the tag (letters, digits, '.', '-'; others
 * dropped), '@', domain. */
void mail_message_id(struct buf *out, const char *tag, const char *domain);

struct mail_message {
	const char *from_name, *from_addr;
	const char *to_name, *to_addr;    /* to_name NULL: none */
	const char *reply_to;             /* an address, or NULL */
	const char *subject;
	const char *message_id;           /* without <> */
	const char *thread_id;            /* without <>; In-Reply-To and
					     References, or NULL */
	const char *unsubscribe_url;      /* List-Unsubscribe (one-click, RFC
					     8058), or NULL */
	const char *kind;                 /* X-Disclose-Notification, or NULL */
	int64_t date;
	const char *text;                 /* UTF-8 */
	const char *html;                 /* NULL: a text-only message */
};

/* mail_compose appends the whole message (CRLF line ends): headers, then
 * multipart/alternative text and HTML parts (or one text part), bodies in
 * base64. False, with nothing appended, when from_addr, to_addr or
 * reply_to is not a valid address or message_id is missing. */
bool mail_compose(struct buf *out, const struct mail_message *m);

#endif
