/* Static files (CSS, the little JavaScript there is, icons) from the copies
 * compiled into the binary; in development mode from the tree. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/embedded.h"
#include "web/app.h"
#include "web/routes.h"
#include "web/web.h"

static const struct {
	const char *suffix, *type;
} types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t sl = strlen(types[i].suffix);
		if (len > sl && !strcmp(name + len - sl, types[i].suffix))
			return types[i].type;
	}
	return NULL;
}

int page_static(struct web_ctx *c)
{
	const char *file = web_param(c, "file")->str;
	const char *type = type_of(file);
	if (!type || file[0] == '.' || strchr(file, '/'))
		return web_error(c, 404, "There is no such file.");
	char *path = arena_printf(c->arena, "static/%s", file);
	if (c->app->cfg.dev) {
		struct stat st;
		if (stat(path, &st) != 0)
			return web_error(c, 404, "There is no such file.");
		c->resp->file_path = path;
		c->resp->content_type = type;
		http_resp_header(c->resp, "Cache-Control", "no-cache");
		return 200;
	}
	const struct embedded_file *f = embedded_find(path);
	if (!f)
		return web_error(c, 404, "There is no such file.");
	http_resp_header(c->resp, "ETag", f->etag);
	http_resp_header(c->resp, "Cache-Control", "public, max-age=3600");
	const char *inm = http_req_header(c->req, "If-None-Match");
	if (inm && !strcmp(inm, f->etag))
		return 304;
	c->resp->content_type = type;
	buf_append(&c->resp->body, f->data, f->size);
	return 200;
}
