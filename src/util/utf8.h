/* UTF-8 checks for text that arrives from outside (forms, paths, cookies,
 * mail, imports). */
#ifndef DISCLOSE_UTF8_H
#define DISCLOSE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* utf8_valid reports whether s[0..len) is well-formed UTF-8: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. NUL bytes
 * are valid UTF-8; see utf8_has_control. */
bool utf8_valid(const char *s, size_t len);

/* utf8_has_control reports whether s[0..len) holds a NUL, a C0 control byte
 * or DEL. Tab, CR and LF count as controls only when !allow_whitespace
 * (they are fine in a text area, not in a name or a path). */
bool utf8_has_control(const char *s, size_t len, bool allow_whitespace);

/* utf8_length counts the code points of valid UTF-8 text s (its bytes
 * that do not continue a sequence). */
size_t utf8_length(const char *s);

#endif
