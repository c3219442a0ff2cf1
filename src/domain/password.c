#include "domain/password.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_SIZE, "hash buffer too small");

static int common_cmp(const void *key, const void *entry)
{
	return strcasecmp(key, *(const char *const *)entry);
}

const char *password_problem(const char *password)
{
	size_t len = strlen(password);
	if (len < PASSWORD_MIN_LENGTH)
		return "must be at least 10 characters long";
	if (len > PASSWORD_MAX_LENGTH)
		return "must be at most 256 characters long";
	if (bsearch(password, password_common, password_n_common, sizeof password_common[0],
		    common_cmp))
		return "is one of the most common passwords; choose another";
	return NULL;
}

bool password_hash(const char *password, char out[PASSWORD_HASH_SIZE])
{
	if (sodium_init() < 0)
		return false;
	return crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool password_verify(const char *password, const char *hash)
{
	if (sodium_init() < 0 || !hash)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}
