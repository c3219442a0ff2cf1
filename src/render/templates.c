#include "render/templates.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "render/mustache.h"
#include "util/die.h"
#include "util/embedded.h"
#include "util/log.h"

struct templates {
	pthread_rwlock_t lock;
	struct mustache_set *set;
	char *dev_dir;          /* NULL: compiled-in templates */
	time_t loaded_mtime;    /* newest file time at the last load */
	time_t last_check;      /* when files were last looked at */
};

static const char suffix[] = ".mustache";

/* add_one parses src under the name derived from file (strips directory and
 * suffix). */
static bool add_one(struct mustache_set *set, const char *file, const char *src,
		    size_t len, char *err, size_t errlen)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	char name[128];
	size_t n = strlen(base) - (sizeof suffix - 1);
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, base, n);
	name[n] = '\0';
	char *msg = NULL;
	if (!mustache_set_add(set, name, src, len, &msg)) {
		snprintf(err, errlen, "template %s: %s", file, msg ? msg : "syntax error");
		free(msg);
		return false;
	}
	return true;
}

static bool is_template(const char *name)
{
	size_t len = strlen(name);
	return len > sizeof suffix - 1 && !strcmp(name + len - (sizeof suffix - 1), suffix);
}

static struct mustache_set *load_embedded(char *err, size_t errlen)
{
	struct mustache_set *set = mustache_set_new();
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->path, "templates/", 10) || !is_template(f->path))
			continue;
		if (!add_one(set, f->path, (const char *)f->data, f->size, err, errlen)) {
			mustache_set_free(set);
			return NULL;
		}
	}
	return set;
}

/* dir_scan loads every template of dir into a new set (when set_out is not
 * NULL) and returns the newest modification time, or -1 on error. */
static time_t dir_scan(const char *dir, struct mustache_set **set_out, char *err,
		       size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "cannot read template directory %s", dir);
		return -1;
	}
	struct mustache_set *set = set_out ? mustache_set_new() : NULL;
	time_t newest = 0;
	struct dirent *e;
	bool ok = true;
	while (ok && (e = readdir(d))) {
		if (!is_template(e->d_name))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		if (st.st_mtime > newest)
			newest = st.st_mtime;
		if (!set)
			continue;
		FILE *f = fopen(path, "rb");
		struct buf src = BUF_INIT;
		char chunk[8192];
		size_t n;
		while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&src, chunk, n);
		if (f)
			fclose(f);
		ok = add_one(set, path, buf_cstr(&src), src.len, err, errlen);
		buf_free(&src);
	}
	closedir(d);
	if (!ok) {
		mustache_set_free(set);
		return -1;
	}
	if (set_out)
		*set_out = set;
	return newest;
}

struct templates *templates_load(const char *dev_dir, char *err, size_t errlen)
{
	struct mustache_set *set = NULL;
	time_t mtime = 0;
	if (dev_dir)
		mtime = dir_scan(dev_dir, &set, err, errlen);
	else
		set = load_embedded(err, errlen);
	if (!set)
		return NULL;
	struct templates *t = xcalloc(1, sizeof *t);
	pthread_rwlock_init(&t->lock, NULL);
	t->set = set;
	t->dev_dir = dev_dir ? xstrdup(dev_dir) : NULL;
	t->loaded_mtime = mtime;
	t->last_check = time(NULL);
	return t;
}

void templates_free(struct templates *t)
{
	if (!t)
		return;
	mustache_set_free(t->set);
	pthread_rwlock_destroy(&t->lock);
	free(t->dev_dir);
	free(t);
}

/* reload_if_changed re-reads the directory in development mode, at most
 * once a second; a template with a syntax error is logged and the previous
 * set kept. */
static void reload_if_changed(struct templates *t)
{
	time_t now = time(NULL);
	pthread_rwlock_wrlock(&t->lock);
	if (now != t->last_check) {
		t->last_check = now;
		char err[512];
		time_t newest = dir_scan(t->dev_dir, NULL, err, sizeof err);
		struct mustache_set *set = NULL;
		if (newest > t->loaded_mtime) {
			if (dir_scan(t->dev_dir, &set, err, sizeof err) >= 0) {
				mustache_set_free(t->set);
				t->set = set;
				log_info("templates reloaded from %s", t->dev_dir);
			} else {
				log_error("%s", err);
			}
			t->loaded_mtime = newest;
		}
	}
	pthread_rwlock_unlock(&t->lock);
}

bool templates_render(struct templates *t, const char *name, json_t *ctx, struct buf *out)
{
	if (t->dev_dir)
		reload_if_changed(t);
	pthread_rwlock_rdlock(&t->lock);
	bool ok = mustache_render(t->set, name, ctx, out);
	pthread_rwlock_unlock(&t->lock);
	return ok;
}
