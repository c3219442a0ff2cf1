/* Documents: adding them to a request, their page, downloads (one file,
 * with ranges; all of a request's as a zip made while it is sent), the
 * documents list across requests, and the admin's settings.
 *
 * Document view model (the document page's "document" and each row of
 * the list; JSON keys are stable):
 *   {"id", "kind": "file" | "link" | "offline", "title", "description",
 *    "filename", "content_type", "size", "size_label": "1.2 MB",
 *    "url": the download (file) or the link (link) | null,
 *    "page_url": "/documents/ID", "level", "level_label", "released": bool,
 *    "date": "2020-06-09", "date_label": release or upload day,
 *    "download_count", "text_status": "pending" | "done" | "failed" |
 *    "none", "request": {"number", "url"}, "instructions"} */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/document.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/die.h"
#include "util/log.h"
#include "web/app.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum { DOCUMENTS_PAGE = 50 };

const char *const document_levels[] = {"public", "requester", "staff", NULL};
const char *const document_types[] = {"pdf", "image", "text", "email", "office", "zip",
				      "link", "offline", NULL};
static const char *const type_labels[] = {"PDF", "Images", "Text and CSV", "Email",
					  "Office documents", "Zip archives", "Links",
					  "Available offline"};

static const char *param_text(const struct web_ctx *c, const char *name)
{
	const struct param_value *v = web_param(c, name);
	return v->present ? v->str : NULL;
}

static struct document_env env_of(const struct web_ctx *c)
{
	return (struct document_env){c->app->cfg.data_dir, c->app->cfg.clamdscan};
}

static struct document_actor actor_of(const struct web_ctx *c)
{
	return (struct document_actor){c->viewer, c->req->client_ip, date_time_now()};
}

static json_t *size_label(int64_t size)
{
	if (size < 1024)
		return json_sprintf("%lld bytes", (long long)size);
	if (size < 1024 * 1024)
		return json_sprintf("%.1f KB", (double)size / 1024);
	if (size < 1024ll * 1024 * 1024)
		return json_sprintf("%.1f MB", (double)size / (1024 * 1024));
	return json_sprintf("%.2f GB", (double)size / (1024.0 * 1024 * 1024));
}

/* download_url: /documents/ID/NAME, the name percent-encoded. */
static json_t *download_url(int64_t id, const char *filename)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "/documents/%lld/", (long long)id);
	buf_url(&b, filename);
	json_t *s = json_string(buf_cstr(&b));
	buf_free(&b);
	return s;
}

json_t *documents_view(const json_t *doc)
{
	const char *kind = json_str(doc, "kind") ?: "file";
	int64_t id = json_num(doc, "id");
	enum level level = LEVEL_STAFF;
	level_parse(json_str(doc, "level") ?: "", &level);
	int64_t released = json_num(doc, "released_at");
	int64_t when = released ? released : json_num(doc, "created_at");
	char iso[DATE_FMT_MAX], label[DATE_FMT_MAX];
	struct date day = date_local(when);
	json_t *v = json_pack(
		"{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:s?}",
		"id", (json_int_t)id, "kind", kind, "title", json_str(doc, "title"), "description",
		json_str(doc, "description"), "filename", json_str(doc, "filename"), "content_type",
		json_str(doc, "content_type"), "instructions", json_str(doc, "instructions"), "page_url", "",
		"level", level_name(level), "level_label", level_label(level), "released",
		released != 0, "date", date_format_iso(day, iso), "date_label",
		date_format_long(day, label), "download_count",
		(json_int_t)json_num(doc, "download_count"), "text_status", json_str(doc, "text_status"));
	json_object_set_new(v, "page_url", json_sprintf("/documents/%lld", (long long)id));
	bool file = !strcmp(kind, "file");
	json_object_set_new(v, "size", file ? json_integer(json_num(doc, "size")) : json_null());
	json_object_set_new(v, "size_label", file ? size_label(json_num(doc, "size")) : json_null());
	json_object_set_new(v, "url", file ? download_url(id, json_str(doc, "filename") ?: "file")
				      : !strcmp(kind, "link") ? json_string(json_str(doc, "url"))
							      : json_null());
	const char *number = json_str(doc, "number");
	if (number)
		json_object_set_new(v, "request",
				    json_pack("{s:s, s:s+}", "number", number, "url", "/requests/",
					      number));
	return v;
}

/* ---- Adding ---- */

/* files_of collects the uploads of the form field name. */
static struct document_file *files_of(struct web_ctx *c, const char *name, size_t *n)
{
	struct http_req *r = c->req;
	struct document_file *f = arena_calloc(c->arena, r->n_uploads ? r->n_uploads : 1,
					       sizeof *f);
	*n = 0;
	for (size_t i = 0; i < r->n_uploads; i++)
		if (!strcmp(r->uploads[i].field, name))
			f[(*n)++] = (struct document_file){r->uploads[i].filename,
							   r->uploads[i].path,
							   r->uploads[i].size,
							   r->uploads[i].sha256};
	return f;
}

static int answer(struct web_ctx *c, enum document_rc r, const char *field,
		  const char *problem, const char *done)
{
	switch (r) {
	case DOCUMENT_OK:
		return web_redirect(c, done);
	case DOCUMENT_NOT_FOUND:
		return web_error(c, 404, "There is no such request or document.");
	case DOCUMENT_FORBIDDEN:
		return web_error(c, 403, "You may not do that.");
	case DOCUMENT_REFUSED:
		return web_field_error(c, field, arena_strdup(c->arena, problem));
	default:
		return web_error(c, 500, "The documents could not be saved; please try again.");
	}
}

int action_request_documents(struct web_ctx *c)
{
	if (c->n_errors)
		return web_field_errors(c);
	const struct reqno *rn = &web_param(c, "number")->reqno;
	char number[24];
	snprintf(number, sizeof number, "%02d-%d", rn->year, rn->seq);
	const struct param_value *kind = web_param(c, "kind"), *level = web_param(c, "level");
	struct document_input in = {
		.kind = kind->present ? (enum document_kind)kind->num : DOCUMENT_FILE,
		.level = level->present ? (enum level)level->num : LEVEL_REQUESTER,
		.title = param_text(c, "title"),
		.description = param_text(c, "description"),
		.url = param_text(c, "url"),
		.instructions = param_text(c, "instructions"),
	};
	in.files = files_of(c, "files", &in.n_files);
	if (in.kind != DOCUMENT_FILE && in.n_files)
		return web_field_error(c, "files", "Send files with the kind file only.");
	struct document_env env = env_of(c);
	struct document_actor actor = actor_of(c);
	char problem[DOCUMENT_PROBLEM_MAX] = "";
	enum document_rc r = document_add(c->db, &env, &actor, number, &in, NULL, NULL, problem);
	const char *field = in.kind == DOCUMENT_LINK ? "url"
			    : in.kind == DOCUMENT_OFFLINE ? "instructions"
							  : "files";
	/* A link or offline records without a title: that is the problem. */
	if (r == DOCUMENT_REFUSED && in.kind != DOCUMENT_FILE && (!in.title || !*in.title))
		field = "title";
	return answer(c, r, field, problem,
		      arena_printf(c->arena, "/requests/%s#documents-title", number));
}

int action_document_level(struct web_ctx *c)
{
	if (c->n_errors)
		return web_field_errors(c);
	int64_t id = web_param(c, "id")->num;
	struct document_actor actor = actor_of(c);
	char problem[DOCUMENT_PROBLEM_MAX] = "";
	enum document_rc r = document_set_level(
		c->db, &actor, id, (enum level)web_param(c, "level")->num, problem);
	return answer(c, r, "level", problem,
		      arena_printf(c->arena, "/documents/%lld", (long long)id));
}

int action_document_replace(struct web_ctx *c)
{
	if (c->n_errors)
		return web_field_errors(c);
	int64_t id = web_param(c, "id")->num, made = 0;
	size_t n = 0;
	struct document_file *files = files_of(c, "file", &n);
	if (n != 1)
		return web_field_error(c, "file", "Choose one file: the new version.");
	struct document_env env = env_of(c);
	struct document_actor actor = actor_of(c);
	char problem[DOCUMENT_PROBLEM_MAX] = "";
	enum document_rc r = document_replace(c->db, &env, &actor, id, files, &made, problem);
	return answer(c, r, "file", problem,
		      arena_printf(c->arena, "/documents/%lld", (long long)made));
}

/* ---- One document ---- */

static json_t *level_choices(enum level selected)
{
	json_t *a = json_array();
	for (int l = LEVEL_PUBLIC; l < LEVEL__COUNT; l++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value",
						   level_name((enum level)l), "label",
						   level_label((enum level)l), "selected",
						   l == (int)selected));
	return a;
}

/* viewed_document reads document id as the viewer may see it (*doc, and
 * *level as document_get gives it) and returns 0; with file_only, only a
 * file. Otherwise it answers 404 or 500 and returns that status. */
static int viewed_document(struct web_ctx *c, int64_t id, bool file_only, json_t **doc,
			   enum level *level)
{
	enum document_rc r = document_get(c->db, &c->viewer, id, doc, level);
	if (r == DOCUMENT_NOT_FOUND ||
	    (r == DOCUMENT_OK && file_only && strcmp(json_str(*doc, "kind"), "file"))) {
		json_decref(*doc);
		*doc = NULL;
		return web_error(c, 404, "There is no such document.");
	}
	if (r != DOCUMENT_OK)
		return web_error(c, 500, "The document could not be read; please try again.");
	return 0;
}

int page_document(struct web_ctx *c)
{
	int64_t id = web_param(c, "id")->num;
	json_t *doc = NULL;
	enum level level;
	int status = viewed_document(c, id, false, &doc, &level);
	if (status)
		return status;
	json_t *view = json_pack("{s:s, s:o}", "page_title", json_str(doc, "title"), "document",
				 documents_view(doc));
	if (level == LEVEL_STAFF) {
		json_t *rows = NULL;
		if (store_document_versions(c->db, id, &rows) != STORE_OK) {
			json_decref(doc);
			json_decref(view);
			return web_error(c, 500, "The document could not be read; please try again.");
		}
		json_t *versions = json_array(), *row;
		size_t i;
		json_array_foreach(rows, i, row)
			json_array_append_new(versions, documents_view(row));
		json_decref(rows);
		enum level doc_level = LEVEL_STAFF;
		level_parse(json_str(doc, "level") ?: "", &doc_level);
		bool current = json_is_null(json_object_get(doc, "replaced_by_id"));
		json_t *staff = json_pack(
			"{s:b, s:b, s:b, s:o, s:o, s:o, s:o}", "current", current, "file",
			!strcmp(json_str(doc, "kind"), "file"), "has_versions",
			json_array_size(versions) > 0, "versions", versions, "level_choices",
			level_choices(doc_level), "level_action",
			json_sprintf("/documents/%lld/level", (long long)id), "replace_action",
			json_sprintf("/documents/%lld/replace", (long long)id));
		if (!current)
			json_object_set_new(staff, "replaced_by_url",
					    json_sprintf("/documents/%lld",
							 (long long)json_num(doc, "replaced_by_id")));
		json_object_set_new(view, "staff", staff);
	}
	json_decref(doc);
	return web_page(c, "document", view);
}

/* etag_matches: whether an If-None-Match or If-Range value names etag. */
static bool etag_matches(const char *header, const char *etag)
{
	if (!header)
		return false;
	if (!strcmp(header, "*"))
		return true;
	size_t n = strlen(etag);
	for (const char *p = strstr(header, etag); p; p = strstr(p + 1, etag))
		if ((p == header || strchr(" ,", p[-1]) || (p - header >= 2 && p[-1] == '/')) &&
		    strchr(", ", p[n] ? p[n] : ' '))
			return true;
	return false;
}

int download_document(struct web_ctx *c)
{
	int64_t id = web_param(c, "id")->num;
	json_t *doc = NULL;
	enum level level;
	int refused = viewed_document(c, id, true, &doc, &level);
	if (refused)
		return refused;
	struct http_resp *resp = c->resp;
	struct document_env env = env_of(c);
	char *path = document_path(&env, json_str(doc, "storage_path"));
	const char *type = arena_strdup(c->arena, json_str(doc, "content_type")
							   ?: "application/octet-stream");
	char *disposition = document_content_disposition(json_str(doc, "filename") ?: "file",
							 !document_inline(type));
	const char *etag = arena_printf(c->arena, "\"%s\"", json_str(doc, "sha256"));
	uint64_t size = (uint64_t)json_num(doc, "size");
	resp->file_path = arena_strdup(c->arena, path);
	free(path);
	resp->content_type = type;
	http_resp_header(resp, "Content-Disposition", arena_strdup(c->arena, disposition));
	free(disposition);
	http_resp_header(resp, "ETag", etag);
	http_resp_header(resp, "Accept-Ranges", "bytes");
	http_resp_header(resp, "Cache-Control", "private, no-cache");
	json_decref(doc);
	if (etag_matches(http_req_header(c->req, "If-None-Match"), etag)) {
		resp->file_path = NULL;
		return 304;
	}
	const char *range = http_req_header(c->req, "Range");
	const char *if_range = http_req_header(c->req, "If-Range");
	uint64_t first = 0, len = 0;
	int status = 200;
	if (range && (!if_range || etag_matches(if_range, etag))) {
		switch (http_range_parse(range, size, &first, &len)) {
		case HTTP_RANGE_OK:
			status = 206;
			resp->file_offset = first;
			resp->file_length = len;
			http_resp_header(resp, "Content-Range",
					 arena_printf(c->arena, "bytes %llu-%llu/%llu",
						      (unsigned long long)first,
						      (unsigned long long)(first + len - 1),
						      (unsigned long long)size));
			break;
		case HTTP_RANGE_UNSATISFIABLE:
			resp->file_path = NULL;
			http_resp_header(resp, "Content-Range",
					 arena_printf(c->arena, "bytes */%llu",
						      (unsigned long long)size));
			return 416;
		case HTTP_RANGE_NONE:
			break;
		}
	}
	/* A download is counted once: its first byte. */
	if (c->req->method == HTTP_GET && first == 0 &&
	    store_document_downloaded(c->db, id) != STORE_OK)
		log_warn("documents: download of %lld not counted: %s", (long long)id,
			 db_errmsg(c->db));
	return status;
}

/* ---- Download all: a zip made while it is sent ---- */

struct zip {
	struct archive *a;
	json_t *files; /* rows: {filename, size, created_at, storage_path, ...} */
	json_t *names; /* names used in the archive */
	size_t next;
	int fd;
	char *data_dir;
	struct buf out; /* what libarchive wrote, not sent yet */
	size_t sent;
	bool closed, failed;
};

static la_ssize_t zip_write(struct archive *a, void *ctx, const void *data, size_t len)
{
	struct zip *z = ctx;
	buf_append(&z->out, data, len);
	return (la_ssize_t)len;
}

/* zip_name: the name in the archive, made unique ("2 - report.pdf"). */
static char *zip_name(struct zip *z, const char *filename)
{
	char *name = xstrdup(filename);
	for (int n = 2; json_object_get(z->names, name); n++) {
		free(name);
		if (asprintf(&name, "%d - %s", n, filename) < 0)
			die_oom();
	}
	json_object_set_new(z->names, name, json_true());
	return name;
}

/* zip_step makes more of the archive: the next entry's header, the next
 * block of the open file, or the end. False on a failure. */
static bool zip_step(struct zip *z)
{
	if (z->fd >= 0) {
		char block[65536];
		ssize_t n = read(z->fd, block, sizeof block);
		if (n > 0)
			return archive_write_data(z->a, block, (size_t)n) == n;
		close(z->fd);
		z->fd = -1;
		return n == 0 && archive_write_finish_entry(z->a) == ARCHIVE_OK;
	}
	if (z->next == json_array_size(z->files)) {
		z->closed = true;
		return archive_write_close(z->a) == ARCHIVE_OK;
	}
	json_t *f = json_array_get(z->files, z->next++);
	char *path = NULL;
	if (asprintf(&path, "%s/%s", z->data_dir, json_str(f, "storage_path")) < 0)
		die_oom();
	z->fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (z->fd < 0)
		return false;
	char *name = zip_name(z, json_str(f, "filename") ?: "file");
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_size(e, json_num(f, "size"));
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, json_num(f, "created_at"), 0);
	bool ok = archive_write_header(z->a, e) == ARCHIVE_OK;
	archive_entry_free(e);
	free(name);
	return ok;
}

static long zip_read(void *ctx, char *buf, size_t max)
{
	struct zip *z = ctx;
	while (z->out.len == z->sent) {
		buf_reset(&z->out);
		z->sent = 0;
		if (z->closed)
			return 0;
		if (z->failed || !zip_step(z)) {
			log_error("documents: zip: %s", archive_error_string(z->a) ?: "a file is missing");
			z->failed = true;
			return -1;
		}
	}
	size_t n = z->out.len - z->sent < max ? z->out.len - z->sent : max;
	memcpy(buf, z->out.data + z->sent, n);
	z->sent += n;
	return (long)n;
}

static void zip_free(void *ctx)
{
	struct zip *z = ctx;
	if (z->fd >= 0)
		close(z->fd);
	archive_write_free(z->a);
	json_decref(z->files);
	json_decref(z->names);
	buf_free(&z->out);
	free(z->data_dir);
	free(z);
}

int download_request_zip(struct web_ctx *c)
{
	const struct reqno *rn = &web_param(c, "number")->reqno;
	char number[24];
	snprintf(number, sizeof number, "%02d-%d", rn->year, rn->seq);
	json_t *req = NULL, *rows = NULL;
	enum store_rc rc = store_request_by_number(c->db, number, &req);
	if (rc == STORE_NOT_FOUND ||
	    (rc == STORE_OK &&
	     !policy_can_see_request(&c->viewer, json_num(req, "requester_id"),
				     json_is_true(json_object_get(req, "published"))))) {
		json_decref(req);
		return web_error(c, 404, "There is no request with that number.");
	}
	enum level level = rc == STORE_OK ? policy_level(&c->viewer, json_num(req, "requester_id"))
					  : LEVEL_PUBLIC;
	if (rc == STORE_OK)
		rc = store_request_files(c->db, json_num(req, "id"), (int)level, &rows);
	json_decref(req);
	if (rc != STORE_OK)
		return web_error(c, 500, "The documents could not be read; please try again.");
	json_t *files = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		enum level doc_level;
		if (level_parse(json_str(row, "level") ?: "", &doc_level) &&
		    policy_can_see_document(level, doc_level,
					    !json_is_null(json_object_get(row, "released_at"))))
			json_array_append(files, row);
	}
	json_decref(rows);
	if (!json_array_size(files)) {
		json_decref(files);
		return web_error(c, 404, "This request has no files to download.");
	}
	struct zip *z = xcalloc(1, sizeof *z);
	z->a = archive_write_new();
	z->files = files;
	z->names = json_object();
	z->fd = -1;
	z->data_dir = xstrdup(c->app->cfg.data_dir);
	/* Stored, not compressed: most records are compressed already, and the
	 * archive streams at disk speed. */
	if (archive_write_set_format_zip(z->a) != ARCHIVE_OK ||
	    archive_write_set_options(z->a, "zip:compression=store,zip:hdrcharset=UTF-8") !=
		    ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(z->a, 0) != ARCHIVE_OK ||
	    archive_write_open(z->a, z, NULL, zip_write, NULL) != ARCHIVE_OK) {
		log_error("documents: zip: %s", archive_error_string(z->a));
		zip_free(z);
		return web_error(c, 500, "The archive could not be made; please try again.");
	}
	c->resp->stream = zip_read;
	c->resp->stream_ctx = z;
	c->resp->stream_free = zip_free;
	c->resp->content_type = "application/zip";
	http_resp_header(c->resp, "Content-Disposition",
			 arena_printf(c->arena, "attachment; filename=\"request-%s-documents.zip\"",
				      number));
	http_resp_header(c->resp, "Cache-Control", "private, no-cache");
	return 200;
}

/* ---- The documents list ---- */

static const char *const type_globs[] = {"application/pdf", "image/*", "text/*", "message/*",
					 "application/vnd.*", "application/zip", NULL, NULL};

static json_t *type_choices(int selected)
{
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", "", "label", "Any type",
					   "selected", selected < 0));
	for (int i = 0; document_types[i]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", document_types[i],
						   "label", type_labels[i], "selected",
						   i == selected));
	return a;
}

int page_documents(struct web_ctx *c)
{
	struct store_document_filter f = {
		.viewer_id = c->viewer.user_id, .staff = policy_is_staff(&c->viewer),
		.limit = DOCUMENTS_PAGE + 1,
	};
	const struct param_value *page = web_param(c, "page"), *type = web_param(c, "type");
	const struct param_value *req = web_param(c, "request"), *dept = web_param(c, "department");
	const struct param_value *from = web_param(c, "from"), *to = web_param(c, "to");
	int64_t page_no = page->present ? page->num : 1;
	f.offset = (page_no - 1) * DOCUMENTS_PAGE;
	f.text = param_text(c, "q");
	if (f.text && !*f.text)
		f.text = NULL;
	f.department_id = dept->present ? dept->num : 0;
	if (from->present)
		f.from = date_local_start(date_from_days(from->day));
	if (to->present)
		f.before = date_local_start(date_from_days(to->day + 1));
	if (type->present) {
		int t = (int)type->num;
		if (type_globs[t])
			f.kind = "file", f.type_glob = type_globs[t];
		else
			f.kind = document_types[t];
	}
	char number[24] = "";
	json_t *rows = NULL;
	enum store_rc rc = STORE_OK;
	if (req->present) {
		snprintf(number, sizeof number, "%02d-%d", req->reqno.year, req->reqno.seq);
		json_t *row = NULL;
		rc = store_request_by_number(c->db, number, &row);
		f.request_id = rc == STORE_OK ? json_num(row, "id") : -1;
		json_decref(row);
		if (rc == STORE_NOT_FOUND)
			rc = STORE_OK;
	}
	if (rc == STORE_OK)
		rc = store_documents_index(c->db, &f, &rows);
	json_t *departments = NULL;
	if (rc == STORE_OK)
		rc = store_departments(c->db, &departments);
	if (rc != STORE_OK) {
		json_decref(rows);
		return web_error(c, 500, "The documents could not be read; please try again.");
	}
	json_t *items = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		if (i == DOCUMENTS_PAGE)
			break;
		/* The statement filters; the policy checks each row again. */
		enum level doc_level;
		enum level vl = policy_level(&c->viewer, json_num(row, "requester_id"));
		if (!level_parse(json_str(row, "level") ?: "", &doc_level) ||
		    !policy_can_see_request(&c->viewer, json_num(row, "requester_id"),
					    json_is_true(json_object_get(row, "published"))) ||
		    !policy_can_see_document(vl, doc_level,
					     !json_is_null(json_object_get(row, "released_at"))))
			continue;
		json_array_append_new(items, documents_view(row));
	}
	bool more = json_array_size(rows) > DOCUMENTS_PAGE;
	json_decref(rows);
	/* The same filters, another page. */
	struct buf q = BUF_INIT;
	static const char *const keep[] = {"q", "request", "department", "from", "to", "type"};
	for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++) {
		const char *raw = http_query(c->req, keep[k]);
		if (raw && *raw) {
			buf_printf(&q, "%s=", keep[k]);
			buf_url(&q, raw);
			buf_putc(&q, '&');
		}
	}
	json_t *view = json_pack(
		"{s:s, s:o, s:b, s:{s:s?, s:s, s:s?, s:s?}, s:o, s:o}", "page_title", "Documents",
		"documents", items, "empty", json_array_size(items) == 0, "filters", "q", f.text,
		"request", number, "from", http_query(c->req, "from"), "to",
		http_query(c->req, "to"), "department_options",
		view_department_choices(departments, f.department_id), "type_options",
		type_choices(type->present ? (int)type->num : -1));
	json_decref(departments);
	json_object_set_new(view, "next_url",
			    more ? json_sprintf("/documents?%spage=%lld", buf_cstr(&q),
						(long long)page_no + 1)
				 : json_null());
	json_object_set_new(view, "prev_url",
			    page_no > 1 ? json_sprintf("/documents?%spage=%lld", buf_cstr(&q),
						       (long long)page_no - 1)
					: json_null());
	buf_free(&q);
	return web_page(c, "documents", view);
}

/* ---- Settings ---- */

static json_t *settings_view(const struct document_settings *s)
{
	return json_pack("{s:s, s:{s:s, s:I, s:I}}", "page_title", "Document settings",
			 "settings", "allowed_types", s->allowed_types, "max_request_mb",
			 (json_int_t)s->max_request_mb, "max_per_request",
			 (json_int_t)s->max_per_request);
}

int page_admin_documents(struct web_ctx *c)
{
	struct document_settings s;
	if (!document_settings_load(c->db, &s))
		return web_error(c, 500, "The settings could not be read; please try again.");
	json_t *view = settings_view(&s);
	document_settings_free(&s);
	return web_page(c, "admin_documents", view);
}

int action_admin_documents(struct web_ctx *c)
{
	if (c->n_errors)
		return web_field_errors(c);
	struct document_settings s = {
		.allowed_types = (char *)param_text(c, "allowed_types"),
		.max_request_mb = web_param(c, "max_request_mb")->num,
		.max_per_request = web_param(c, "max_per_request")->num,
	};
	if (!s.allowed_types)
		s.allowed_types = "";
	struct document_actor actor = actor_of(c);
	char problem[DOCUMENT_PROBLEM_MAX] = "";
	return answer(c, document_settings_save(c->db, &actor, &s, problem), "allowed_types",
		      problem, "/admin/documents");
}
