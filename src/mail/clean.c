#include <stdint.h>

#include "mail/mail.h"
#include "util/utf8.h"

/* sequence_len returns the length of the valid UTF-8 sequence at s (at
 * most n bytes available), 0 when none starts there. */
static size_t sequence_len(const char *s, size_t n)
{
	for (size_t k = 1; k <= 4 && k <= n; k++)
		if (utf8_valid(s, k))
			return k;
	return 0;
}

void mail_clean(const char *s, size_t len, bool multiline, struct buf *out)
{
	buf_reserve(out, len);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n') {
			buf_putc(out, multiline ? '\n' : ' ');
			i += c == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
			continue;
		}
		if (c == '\t') {
			buf_putc(out, multiline ? '\t' : ' ');
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			i++;
			continue;
		}
		size_t n = sequence_len(s + i, len - i);
		if (!n) {
			buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
			i++;
			continue;
		}
		/* C1 controls (U+0080..U+009F) are control characters too. */
		if (n == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0) {
			i += 2;
			continue;
		}
		buf_append(out, s + i, n);
		i += n;
	}
}
