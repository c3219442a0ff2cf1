#include "domain/password.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_SIZE, "hash buffer too small");

/* The most common passwords of at least PASSWORD_MIN_LENGTH characters,
 * from public breach corpora; compared case-insensitively. */
static const char *const common[] = {
	"1234567890", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc",
	"abcdefghij", "asdfghjkl;", "iloveyou12", "password12", "password123",
	"password1!", "passw0rd12", "qwertyuiop", "qwerty1234", "qwerty12345",
	"q1w2e3r4t5", "0987654321", "1111111111", "0000000000", "1234qwerty",
	"letmein123", "welcome123", "football12", "baseball12", "sunshine12",
	"princess12", "monkey1234", "dragon1234", "superman12", "trustno1!!",
	"changeme12", "administrator", "adminadmin", "password1234", "123123123123",
	"1qaz2wsx3e", "zaq12wsxcde", "qazwsxedcrfv", "abc1234567", "iloveyou123",
};

const char *password_problem(const char *password)
{
	size_t len = strlen(password);
	if (len < PASSWORD_MIN_LENGTH)
		return "must be at least 10 characters long";
	if (len > PASSWORD_MAX_LENGTH)
		return "must be at most 256 characters long";
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (!strcasecmp(password, common[i]))
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
