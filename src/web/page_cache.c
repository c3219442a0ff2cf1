#include "web/page_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/die.h"

struct slot {
	pthread_mutex_t lock;
	char *key;
	uint64_t gen;
	const char *content_type; /* a string literal of the handler's */
	char *body;
	size_t len;
};

static struct slot slots[PAGE_CACHE_SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_slots(void)
{
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
		pthread_mutex_init(&slots[i].lock, NULL);
}

/* slot_for: FNV-1a of the key picks the slot; a collision replaces. */
static struct slot *slot_for(const char *key)
{
	pthread_once(&once, init_slots);
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return &slots[h % PAGE_CACHE_SLOTS];
}

bool page_cache_get(const char *key, uint64_t gen, struct http_resp *resp)
{
	struct slot *s = slot_for(key);
	pthread_mutex_lock(&s->lock);
	bool hit = s->key && s->gen == gen && !strcmp(s->key, key);
	if (hit) {
		resp->status = 200;
		resp->content_type = s->content_type;
		buf_reset(&resp->body);
		buf_append(&resp->body, s->body, s->len);
	}
	pthread_mutex_unlock(&s->lock);
	return hit;
}

void page_cache_put(const char *key, uint64_t gen, const struct http_resp *resp)
{
	if (resp->body.len > PAGE_CACHE_MAX_BODY || resp->file_path)
		return;
	char *copy = xmalloc(resp->body.len + 1);
	memcpy(copy, buf_cstr(&resp->body), resp->body.len + 1);
	char *key_copy = xstrdup(key);
	struct slot *s = slot_for(key);
	pthread_mutex_lock(&s->lock);
	if (s->key && s->gen > gen) { /* a newer page is there already */
		pthread_mutex_unlock(&s->lock);
		free(copy);
		free(key_copy);
		return;
	}
	free(s->key);
	free(s->body);
	s->key = key_copy;
	s->gen = gen;
	s->content_type = resp->content_type;
	s->body = copy;
	s->len = resp->body.len;
	pthread_mutex_unlock(&s->lock);
}

void page_cache_clear(void)
{
	pthread_once(&once, init_slots);
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++) {
		pthread_mutex_lock(&slots[i].lock);
		free(slots[i].key);
		free(slots[i].body);
		slots[i].key = slots[i].body = NULL;
		pthread_mutex_unlock(&slots[i].lock);
	}
}
