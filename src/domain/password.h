/* Passwords: Argon2id through libsodium. Hashes are self-describing strings
 * ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so parameters can change
 * and old hashes are recognised for rehashing at the next login. */
#ifndef DISCLOSE_PASSWORD_H
#define DISCLOSE_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

enum { PASSWORD_MIN_LENGTH = 10, PASSWORD_MAX_LENGTH = 256 };

/* password_problem returns why a new password is not acceptable (too
 * short, too long, among the most common passwords), or NULL if it is. */
const char *password_problem(const char *password);

/* The list password_problem refuses (common_passwords.c): lower case,
 * sorted by strcmp. */
extern const char *const password_common[];
extern const size_t password_n_common;

/* password_hash writes the hash of password into out (at least
 * PASSWORD_HASH_SIZE bytes). False only when memory runs out. */
enum { PASSWORD_HASH_SIZE = 128 };
bool password_hash(const char *password, char out[PASSWORD_HASH_SIZE]);

/* password_verify checks password against a stored hash in constant time. */
bool password_verify(const char *password, const char *hash);

/* password_needs_rehash tells whether hash used other parameters. */
bool password_needs_rehash(const char *hash);

#endif
