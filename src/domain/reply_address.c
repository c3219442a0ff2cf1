/* Reply addresses: request-{number}-{token}@{domain}. */
#include "domain/reply_address.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/signing.h"
#include "store/store.h"
#include "util/log.h"

#define REPLY_KEY "reply_address"
#define PREFIX "request-"

static bool token_of(struct db *db, int64_t request_id, char out[REPLY_TOKEN_HEX + 1])
{
	char msg[48];
	snprintf(msg, sizeof msg, "request:%lld", (long long)request_id);
	return signing_hex(db, REPLY_KEY, msg, REPLY_TOKEN_HEX, out);
}

bool reply_address_make(struct db *db, int64_t request_id, const char *number,
			const char *domain, char *out)
{
	char token[REPLY_TOKEN_HEX + 1];
	if (!token_of(db, request_id, token))
		return false;
	int n = snprintf(out, REPLY_ADDRESS_MAX, PREFIX "%s-%s@%s", number, token, domain);
	return n > 0 && n < REPLY_ADDRESS_MAX;
}

enum reply_check reply_address_check(struct db *db, const char *address, const char *domain,
				     int64_t *request_id)
{
	const char *at = strrchr(address, '@');
	size_t plen = strlen(PREFIX);
	if (!at || (size_t)(at - address) <= plen || strncasecmp(address, PREFIX, plen))
		return REPLY_NOT_OURS;
	if (domain && strcasecmp(at + 1, domain))
		return REPLY_NOT_OURS;
	/* NUMBER-TOKEN: the token is the part after the last '-'. */
	const char *local = address + plen;
	const char *dash = NULL;
	for (const char *p = local; p < at; p++)
		if (*p == '-')
			dash = p;
	if (!dash || at - dash - 1 != REPLY_TOKEN_HEX || dash - local >= 24 || dash == local)
		return REPLY_NOT_OURS;
	char number[24], token[REPLY_TOKEN_HEX + 1];
	memcpy(number, local, (size_t)(dash - local));
	number[dash - local] = '\0';
	memcpy(token, dash + 1, REPLY_TOKEN_HEX);
	token[REPLY_TOKEN_HEX] = '\0';
	for (const char *p = number; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '-')
			return REPLY_NOT_OURS;
	for (const char *p = token; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return REPLY_NOT_OURS;

	json_t *row = NULL;
	enum store_rc rc = store_request_by_number(db, number, &row);
	if (rc == STORE_NOT_FOUND)
		return REPLY_NO_REQUEST;
	if (rc != STORE_OK) {
		log_error("reply address: %s", db_errmsg(db));
		return REPLY_ERROR;
	}
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	char msg[48];
	snprintf(msg, sizeof msg, "request:%lld", (long long)id);
	if (!signing_check(db, REPLY_KEY, msg, REPLY_TOKEN_HEX, token))
		return REPLY_BAD_TOKEN;
	*request_id = id;
	return REPLY_OK;
}
