/* libFuzzer target for reading email: the input is one message. mail_parse
 * must not crash, and everything it returns must be valid UTF-8 without
 * control characters (text keeps line feeds and tabs); the new text of a
 * reply is taken from the text, and the HTML converter runs on the input
 * too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mail.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *s, bool multiline)
{
	if (s && (!utf8_valid(s, strlen(s)) || utf8_has_control(s, strlen(s), multiline) ||
		  strchr(s, '\r')))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	struct mail_message m;
	mail_parse((const char *)data, size, &a, &m);
	const char *fields[] = {m.from_addr,   m.from_name,  m.subject,    m.message_id,
				m.in_reply_to, m.return_path, m.kind_why, m.bounce_addr,
				m.bounce_reason};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		check(fields[i], false);
	for (size_t i = 0; i < m.n_recipients; i++)
		check(m.recipients[i], false);
	for (size_t i = 0; i < m.n_attachments; i++) {
		check(m.attachments[i].filename, false);
		check(m.attachments[i].content_type, false);
		if (!*m.attachments[i].filename || strchr(m.attachments[i].filename, '/'))
			abort();
	}
	if (!m.text)
		abort();
	check(m.text, true);
	check(mail_reply_text(m.text, &a), true);
	struct buf b = BUF_INIT;
	mail_html_to_text((const char *)data, size, &b);
	check(buf_cstr(&b), true);
	buf_free(&b);
	arena_free(&a);
	return 0;
}
