/* Lexing shared by the header parsers of src/http/ (RFC 9110 tokens). */
#ifndef DISCLOSE_HTTP_TOKEN_H
#define DISCLOSE_HTTP_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

/* token_char reports whether c may appear in an HTTP token. */
bool token_char(unsigned char c);
/* token_span returns the length of the run of token characters at s[0..]. */
size_t token_span(const char *s);

#endif
