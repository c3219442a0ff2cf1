/* Short signatures made with a server key, for values that travel in
 * email and links (reply addresses, unsubscribe links): HMAC-SHA-256 with
 * a key from the secrets table, made at first use and shared by every
 * process. */
#ifndef DISCLOSE_SIGNING_H
#define DISCLOSE_SIGNING_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

enum { SIGNING_HEX_MAX = 64 };

/* signing_hex writes to out (nhex + 1 bytes, nhex even, at most
 * SIGNING_HEX_MAX) the first nhex lowercase hex digits of the MAC of msg
 * under the server key named key_name. False when the key cannot be read
 * (logged). */
bool signing_hex(struct db *db, const char *key_name, const char *msg, size_t nhex,
		 char *out);

/* signing_check says whether given is the nhex-digit MAC of msg (any letter
 * case), compared in constant time. */
bool signing_check(struct db *db, const char *key_name, const char *msg, size_t nhex,
		   const char *given);

#endif
