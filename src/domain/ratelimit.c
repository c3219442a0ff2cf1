#include "domain/ratelimit.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/die.h"

struct entry {
	char key[RATELIMIT_KEY_MAX]; /* "" for a free slot */
	int64_t start[RATELIMIT_MAX_RULES]; /* when each rule's window began */
	unsigned count[RATELIMIT_MAX_RULES];
	int64_t last; /* the last act, to choose whom to forget */
};

struct ratelimit {
	pthread_mutex_t lock;
	struct ratelimit_rule rules[RATELIMIT_MAX_RULES];
	size_t n_rules;
	struct entry *entries;
	size_t n_entries;
};

struct ratelimit *ratelimit_new(const struct ratelimit_rule *rules, size_t n_rules,
				size_t max_keys)
{
	if (n_rules == 0 || n_rules > RATELIMIT_MAX_RULES || max_keys == 0)
		abort(); /* a programming error */
	struct ratelimit *rl = xcalloc(1, sizeof *rl);
	pthread_mutex_init(&rl->lock, NULL);
	memcpy(rl->rules, rules, n_rules * sizeof *rules);
	rl->n_rules = n_rules;
	rl->entries = xcalloc(max_keys, sizeof *rl->entries);
	rl->n_entries = max_keys;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->entries);
	free(rl);
}

/* window_open: rule i's current window of e still runs at now. */
static bool window_open(const struct ratelimit *rl, const struct entry *e, size_t i,
			int64_t now)
{
	return e->count[i] > 0 && now < e->start[i] + rl->rules[i].window;
}

static bool expired(const struct ratelimit *rl, const struct entry *e, int64_t now)
{
	for (size_t i = 0; i < rl->n_rules; i++)
		if (window_open(rl, e, i, now))
			return false;
	return true;
}

/* find returns key's entry, or NULL. With make, a missing key gets a slot:
 * a free or expired one, else the least recently active one's. */
static struct entry *find(struct ratelimit *rl, const char *key, int64_t now, bool make)
{
	struct entry *reuse = NULL, *oldest = NULL;
	for (size_t i = 0; i < rl->n_entries; i++) {
		struct entry *e = &rl->entries[i];
		if (e->key[0] && !strcmp(e->key, key))
			return e;
		if (!reuse && (!e->key[0] || expired(rl, e, now)))
			reuse = e;
		if (!oldest || e->last < oldest->last)
			oldest = e;
	}
	if (!make)
		return NULL;
	struct entry *e = reuse ? reuse : oldest;
	memset(e, 0, sizeof *e);
	memcpy(e->key, key, strlen(key) + 1);
	return e;
}

static bool decide(struct ratelimit *rl, const char *raw_key, int64_t now, bool take,
		   int64_t *retry_at)
{
	char key[RATELIMIT_KEY_MAX];
	snprintf(key, sizeof key, "%s", raw_key);
	pthread_mutex_lock(&rl->lock);
	struct entry *e = find(rl, key, now, take);
	bool allowed = true;
	int64_t until = now;
	for (size_t i = 0; e && i < rl->n_rules; i++)
		if (window_open(rl, e, i, now) && e->count[i] >= rl->rules[i].max) {
			allowed = false;
			if (e->start[i] + rl->rules[i].window > until)
				until = e->start[i] + rl->rules[i].window;
		}
	if (allowed && take) {
		for (size_t i = 0; i < rl->n_rules; i++) {
			if (!window_open(rl, e, i, now)) {
				e->start[i] = now;
				e->count[i] = 0;
			}
			e->count[i]++;
		}
		e->last = now;
	}
	pthread_mutex_unlock(&rl->lock);
	if (!allowed && retry_at)
		*retry_at = until;
	return allowed;
}

bool ratelimit_check(struct ratelimit *rl, const char *key, int64_t now, int64_t *retry_at)
{
	return decide(rl, key, now, false, retry_at);
}

bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now, int64_t *retry_at)
{
	return decide(rl, key, now, true, retry_at);
}

void ratelimit_ip_key(const char *ip, char out[static RATELIMIT_KEY_MAX])
{
	struct in6_addr a6;
	if (inet_pton(AF_INET6, ip, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			inet_ntop(AF_INET, &a6.s6_addr[12], out, RATELIMIT_KEY_MAX);
			return;
		}
		memset(&a6.s6_addr[8], 0, 8);
		char net[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, &a6, net, sizeof net);
		snprintf(out, RATELIMIT_KEY_MAX, "%s/64", net);
		return;
	}
	snprintf(out, RATELIMIT_KEY_MAX, "%s", ip);
}
