#include "web/csrf.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "web/app.h"
#include "web/web.h"

/* token_for returns base64url(BLAKE2b-256 keyed with the site's key, of a
 * kind byte and the value the token is bound to), in the arena. */
static const char *token_for(struct web_ctx *c, char kind, const void *bound, size_t len)
{
	unsigned char mac[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, c->app->csrf_key, sizeof c->app->csrf_key, sizeof mac);
	crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
	crypto_generichash_update(&st, bound, len);
	crypto_generichash_final(&st, mac, sizeof mac);
	char *text = arena_alloc(c->arena, sodium_base64_ENCODED_LEN(
						   sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	sodium_bin2base64(text, sodium_base64_ENCODED_LEN(sizeof mac,
							  sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			  mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return text;
}

void csrf_prepare(struct web_ctx *c)
{
	if (c->session) {
		c->csrf_token = token_for(c, 's', c->session->hash, sizeof c->session->hash);
		return;
	}
	struct token nonce;
	if (!token_from_text(http_cookie(c->req, CSRF_COOKIE), &nonce)) {
		token_new(&nonce);
		c->csrf_nonce = arena_strdup(c->arena, nonce.text);
	}
	c->csrf_token = token_for(c, 'a', nonce.text, TOKEN_TEXT_LEN);
}

/* same_host tells whether url ("scheme://host[:port]/...") names host. */
static bool same_host(const char *url, const char *host)
{
	const char *p = strstr(url, "://");
	if (!p || !host)
		return false;
	p += 3;
	size_t n = strcspn(p, "/?#");
	return n && strlen(host) == n && !strncasecmp(p, host, n);
}

bool csrf_check(const struct web_ctx *c)
{
	const char *host = http_req_header(c->req, "Host");
	const char *origin = http_req_header(c->req, "Origin");
	const char *referer = http_req_header(c->req, "Referer");
	if (origin ? !same_host(origin, host) : referer && !same_host(referer, host))
		return false;
	if (c->csrf_nonce || !c->csrf_token)
		return false; /* no cookie: nothing to match */
	const char *sent = http_form(c->req, "csrf_token");
	if (!sent)
		sent = http_req_header(c->req, "X-CSRF-Token");
	size_t len = strlen(c->csrf_token);
	return sent && strlen(sent) == len && !sodium_memcmp(sent, c->csrf_token, len);
}

void csrf_finish(struct web_ctx *c)
{
	if (c->csrf_nonce && c->resp->body.len &&
	    memmem(c->resp->body.data, c->resp->body.len, c->csrf_token, strlen(c->csrf_token)))
		web_set_cookie(c, CSRF_COOKIE, c->csrf_nonce, -1);
}

const char *csrf_receipt(struct web_ctx *c, const char *number)
{
	return token_for(c, 'r', number, strlen(number));
}

bool csrf_receipt_check(struct web_ctx *c, const char *number, const char *sent)
{
	const char *want = csrf_receipt(c, number);
	size_t len = strlen(want);
	return sent && strlen(sent) == len && !sodium_memcmp(sent, want, len);
}
