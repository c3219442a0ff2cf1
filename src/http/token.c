#include "http/token.h"

#include <string.h>

bool token_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

size_t token_span(const char *s)
{
	size_t n = 0;
	while (token_char((unsigned char)s[n]))
		n++;
	return n;
}
