/* Short signatures with server keys. */
#include "domain/signing.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "store/store.h"
#include "util/log.h"

bool signing_hex(struct db *db, const char *key_name, const char *msg, size_t nhex, char *out)
{
	if (nhex == 0 || nhex % 2 || nhex > SIGNING_HEX_MAX)
		return false;
	unsigned char candidate[STORE_HASH_BYTES], key[STORE_HASH_BYTES];
	if (sodium_init() < 0)
		return false;
	randombytes_buf(candidate, sizeof candidate);
	if (store_secret(db, key_name, candidate, key) != STORE_OK) {
		log_error("signing: cannot read the key '%s': %s", key_name, db_errmsg(db));
		return false;
	}
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, sizeof key);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(key, sizeof key);
	sodium_bin2hex(out, nhex + 1, mac, nhex / 2);
	return true;
}

bool signing_check(struct db *db, const char *key_name, const char *msg, size_t nhex,
		   const char *given)
{
	char want[SIGNING_HEX_MAX + 1], got[SIGNING_HEX_MAX + 1];
	if (strlen(given) != nhex || !signing_hex(db, key_name, msg, nhex, want))
		return false;
	for (size_t i = 0; i <= nhex; i++)
		got[i] = (char)tolower((unsigned char)given[i]);
	return sodium_memcmp(want, got, nhex) == 0;
}
