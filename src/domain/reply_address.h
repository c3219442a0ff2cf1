/* The Reply-To address of a request's notifications:
 * request-{number}-{token}@{mail domain}, e.g.
 * request-19-5156-3f9a0c27d41e8b6a50c2@records.example.gov. The token is
 * an HMAC of the request id with a server key, so a reply can be matched
 * to its request and nobody can make up the address of another request. */
#ifndef DISCLOSE_REPLY_ADDRESS_H
#define DISCLOSE_REPLY_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

enum { REPLY_TOKEN_HEX = 20, REPLY_ADDRESS_MAX = 320 };

/* reply_address_make writes the request's reply address to out
 * (REPLY_ADDRESS_MAX bytes). number is the request's number ("19-5156"),
 * domain the mail domain. False when the key cannot be read or the
 * address would not fit. */
bool reply_address_make(struct db *db, int64_t request_id, const char *number,
			const char *domain, char *out);

enum reply_check {
	REPLY_OK,          /* *request_id is the request */
	REPLY_NOT_OURS,    /* not request-NUMBER-TOKEN@domain */
	REPLY_NO_REQUEST,  /* no request has that number */
	REPLY_BAD_TOKEN,   /* the token is not that request's */
	REPLY_ERROR,       /* the database failed (logged) */
};

/* reply_address_check reads an address (local part in any letter case;
 * domain NULL accepts any domain, else it must match ignoring case) and
 * sets *request_id to the request it belongs to. */
enum reply_check reply_address_check(struct db *db, const char *address, const char *domain,
				     int64_t *request_id);

#endif
