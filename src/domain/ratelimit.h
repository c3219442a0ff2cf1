/* Rate limits: how often one key (a client's network, an email address) may
 * act, under fixed windows ("5 per 10 minutes and 30 per day").
 *
 * The table lives in memory, in this process, guarded by a mutex; it holds
 * at most max_keys keys. When it is full, a key whose windows have all
 * ended makes room, else the key that acted least recently is forgotten.
 * Time is passed in by the caller (unix seconds), so tests control it. */
#ifndef DISCLOSE_RATELIMIT_H
#define DISCLOSE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { RATELIMIT_MAX_RULES = 4, RATELIMIT_KEY_MAX = 64 };

struct ratelimit_rule {
	int64_t window; /* seconds, > 0 */
	unsigned max;   /* acts allowed in one window */
};

struct ratelimit;

/* ratelimit_new makes a limiter that applies every rule (1 to
 * RATELIMIT_MAX_RULES of them) to each key, remembering up to max_keys
 * keys. Aborts when out of memory. Free with ratelimit_free. */
struct ratelimit *ratelimit_new(const struct ratelimit_rule *rules, size_t n_rules,
				size_t max_keys);
void ratelimit_free(struct ratelimit *rl);

/* ratelimit_check tells whether key may act once more at now, counting
 * nothing. When it may not, *retry_at is the first instant it may. Keys
 * longer than RATELIMIT_KEY_MAX - 1 bytes are cut to that length. */
bool ratelimit_check(struct ratelimit *rl, const char *key, int64_t now, int64_t *retry_at);

/* ratelimit_take is ratelimit_check that also counts the act when it is
 * allowed; check and count are one step under the lock. */
bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now, int64_t *retry_at);

/* ratelimit_ip_key writes the key of a client address into out: an IPv4
 * address as it is (also when written IPv4-mapped, ::ffff:192.0.2.1), an
 * IPv6 address as its /64 network ("2001:db8:1:2::/64"), since one
 * subscriber usually holds a whole /64. Anything else is used as it is. */
void ratelimit_ip_key(const char *ip, char out[static RATELIMIT_KEY_MAX]);

#endif
