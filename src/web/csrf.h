/* Cross-site request forgery: every POST must come from a page of this
 * site. Two checks, both before any handler runs (app.c):
 *
 * - The token. A signed-in visitor's token is bound to the session (a
 *   keyed BLAKE2b hash of the session's token hash, so it changes at every
 *   sign-in); an anonymous visitor's is bound to a random value in the
 *   cookie disclose_csrf (signed double submit: a keyed hash of it, so a
 *   value planted in the cookie without the server's key yields no valid
 *   token). Forms send it as the field csrf_token (the partial
 *   templates/csrf.mustache); scripts as the header X-CSRF-Token.
 * - The origin. When the browser sends Origin, its host must be the Host
 *   the request was sent to; without Origin, the same holds for Referer
 *   when there is one. Origin "null" is refused.
 *
 * The anonymous cookie is sent only with a page that shows the token (a
 * page with a form), so pages without forms stay the same for every
 * anonymous visitor. */
#ifndef DISCLOSE_CSRF_H
#define DISCLOSE_CSRF_H

#include <stdbool.h>

struct web_ctx;

#define CSRF_COOKIE "disclose_csrf"

/* csrf_prepare sets c->csrf_token (and c->csrf_nonce when the anonymous
 * visitor has no valid cookie yet). Call after the viewer is known. */
void csrf_prepare(struct web_ctx *c);

/* csrf_check tells whether a POST carries this visitor's token and comes
 * from this site. */
bool csrf_check(const struct web_ctx *c);

/* csrf_finish sends the anonymous cookie when the response body shows the
 * token bound to a new one. */
void csrf_finish(struct web_ctx *c);

/* The site key also signs receipts: the confirmation of a request made on
 * the web (/requests/{number}/submitted) is for whoever made it, who may
 * not yet be allowed to see the request itself (the public, before it is
 * published). csrf_receipt returns the receipt of request number, for the
 * address the form's answer sends the browser to (in the arena);
 * csrf_receipt_check tells whether sent is that receipt. */
const char *csrf_receipt(struct web_ctx *c, const char *number);
bool csrf_receipt_check(struct web_ctx *c, const char *number, const char *sent);

#endif
