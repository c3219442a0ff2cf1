#include "domain/document.h"

#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <sodium.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain/extract.h"
#include "domain/notify.h"
#include "domain/staff_actions.h"
#include "render/markdown.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/die.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/json_field.h"

const char *const document_kinds[] = {"file", "link", "offline", NULL};

static enum document_rc refuse(char problem[DOCUMENT_PROBLEM_MAX], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static enum document_rc refuse(char problem[DOCUMENT_PROBLEM_MAX], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, DOCUMENT_PROBLEM_MAX, fmt, ap);
	va_end(ap);
	return DOCUMENT_REFUSED;
}

static enum document_rc failed(struct db *db, const char *what)
{
	log_error("documents: %s: %s", what, db_errmsg(db));
	return DOCUMENT_ERROR;
}

/* ---- Names and types ---- */

char *document_safe_filename(const char *name)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	struct buf b = BUF_INIT;
	for (const char *p = base; *p;) {
		unsigned char c = (unsigned char)*p;
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (strnlen(p, n) < n || !utf8_valid(p, n)) {
			p++; /* not valid UTF-8: dropped */
			continue;
		}
		if (b.len + n > DOCUMENT_FILENAME_MAX)
			break;
		if (c < 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '`')
			buf_putc(&b, '_');
		else if (!(b.len == 0 && (c == '.' || c == ' ')))
			buf_append(&b, p, n);
		p += n;
	}
	while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '.'))
		b.data[--b.len] = '\0';
	if (!b.len)
		buf_puts(&b, "file");
	return buf_steal(&b);
}

char *document_content_disposition(const char *filename, bool attachment)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, attachment ? "attachment; filename=\"" : "inline; filename=\"");
	/* The fallback: one '_' for each character that is not plain ASCII. */
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++)
		if (*p < 0x80 || *p >= 0xC0)
			buf_putc(&b, *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' &&
					     *p != '%'
					     ? (char)*p
					     : '_');
	buf_puts(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
		/* RFC 8187 attr-char */
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || strchr("!#$&+-.^_`|~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_steal(&b);
}

bool document_inline(const char *t)
{
	static const char *const shown[] = {"application/pdf", "image/png", "image/jpeg",
					    "image/gif", "image/webp", NULL};
	for (size_t i = 0; shown[i]; i++)
		if (!strcmp(t, shown[i]))
			return true;
	return false;
}

bool document_sniff(const char *path, char out[DOCUMENT_TYPE_MAX])
{
	/* A magic_t is not thread-safe; loading the compiled database is a
	 * mapping of a file, cheap next to an upload. */
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	const char *t = m && magic_load(m, NULL) == 0 ? magic_file(m, path) : NULL;
	bool ok = t && strchr(t, '/') && strlen(t) < DOCUMENT_TYPE_MAX;
	snprintf(out, DOCUMENT_TYPE_MAX, "%s", ok ? t : "application/octet-stream");
	if (m)
		magic_close(m);
	return ok;
}

bool document_type_allowed(const char *list, const char *t)
{
	const char *slash = strchr(t, '/');
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, "\n");
		const char *line = p;
		size_t len = n;
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\r' || line[len - 1] == '\t'))
			len--;
		while (len && (*line == ' ' || *line == '\t'))
			line++, len--;
		if (len >= 2 && line[len - 1] == '*' && line[len - 2] == '/') {
			if (slash && (size_t)(slash - t) == len - 2 && !strncmp(line, t, len - 2))
				return true;
		} else if (len && strlen(t) == len && !strncmp(line, t, len)) {
			return true;
		}
		p += n + (p[n] == '\n');
	}
	return false;
}

/* ---- Settings ---- */

static int64_t setting_int(struct db *db, const char *key, int64_t fallback)
{
	char *v = NULL;
	int64_t n = fallback;
	if (store_setting_get(db, key, &v) == STORE_OK && v && *v)
		n = strtoll(v, NULL, 10);
	free(v);
	return n > 0 ? n : fallback;
}

bool document_settings_load(struct db *db, struct document_settings *s)
{
	*s = (struct document_settings){0};
	enum store_rc rc = store_setting_get(db, "documents.allowed_types", &s->allowed_types);
	if (rc == STORE_NOT_FOUND)
		s->allowed_types = xstrdup("");
	else if (rc != STORE_OK)
		return false;
	s->max_request_mb = setting_int(db, "documents.max_request_mb", 5000);
	s->max_per_request = setting_int(db, "documents.max_per_request", 1000);
	return true;
}

void document_settings_free(struct document_settings *s)
{
	free(s->allowed_types);
	s->allowed_types = NULL;
}

/* mime_ok: "type/subtype" or "type/" and a star of token characters. */
static bool mime_ok(const char *s, size_t len)
{
	size_t slash = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '/' && !slash && i)
			slash = i;
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("+-.", c) ||
			   (c == '*' && slash && i == len - 1 && i == slash + 1)))
			return false;
	}
	return slash && slash + 1 < len;
}

enum document_rc document_settings_save(struct db *db, const struct document_actor *actor,
					const struct document_settings *s,
					char problem[DOCUMENT_PROBLEM_MAX])
{
	struct buf list = BUF_INIT;
	for (const char *p = s->allowed_types; *p;) {
		size_t n = strcspn(p, "\n");
		const char *line = p;
		size_t len = n;
		while (len && strchr(" \t\r", line[len - 1]))
			len--;
		while (len && strchr(" \t", *line))
			line++, len--;
		if (len && !mime_ok(line, len)) {
			enum document_rc r = refuse(problem,
				"“%.*s” is not a MIME type: write one per line, in lowercase, "
				"like application/pdf or image/*.", (int)(len > 100 ? 100 : len), line);
			buf_free(&list);
			return r;
		}
		if (len)
			buf_printf(&list, "%s%.*s", list.len ? "\n" : "", (int)len, line);
		p += n + (p[n] == '\n');
	}
	struct document_settings old;
	if (!document_settings_load(db, &old)) {
		buf_free(&list);
		return failed(db, "reading the settings");
	}
	char mb[24], count[24];
	snprintf(mb, sizeof mb, "%lld", (long long)s->max_request_mb);
	snprintf(count, sizeof count, "%lld", (long long)s->max_per_request);
	json_t *before = json_pack("{s:s, s:I, s:I}", "allowed_types", old.allowed_types,
				   "max_request_mb", (json_int_t)old.max_request_mb,
				   "max_per_request", (json_int_t)old.max_per_request);
	json_t *after = json_pack("{s:s, s:I, s:I}", "allowed_types", buf_cstr(&list),
				  "max_request_mb", (json_int_t)s->max_request_mb,
				  "max_per_request", (json_int_t)s->max_per_request);
	char *b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
	char *a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	struct store_audit_new audit = {
		.actor_id = actor->viewer.user_id, .action = "settings.documents",
		.target_type = "settings", .before_json = b, .after_json = a,
		.ip = actor->ip, .at = actor->now,
	};
	bool ok = db_begin(db) &&
		  store_setting_set(db, "documents.allowed_types", buf_cstr(&list)) == STORE_OK &&
		  store_setting_set(db, "documents.max_request_mb", mb) == STORE_OK &&
		  store_setting_set(db, "documents.max_per_request", count) == STORE_OK &&
		  store_audit_add(db, &audit) == STORE_OK && db_commit(db);
	if (!ok)
		db_rollback(db);
	free(a);
	free(b);
	json_decref(before);
	json_decref(after);
	document_settings_free(&old);
	buf_free(&list);
	return ok ? DOCUMENT_OK : failed(db, "saving the documents settings");
}

/* ---- Files on disk ---- */

char *document_path(const struct document_env *env, const char *storage_path)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", env->data_dir, storage_path) < 0)
		die_oom();
	return p;
}

static bool make_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST;
}

static bool sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* store_file puts a received file at its content address (a hard link to
 * the received file: the upload directory is under the data directory).
 * Sets *rel (malloc'd) and *created when this call made the link. */
static bool store_file(const struct document_env *env, const struct document_file *f,
		       char **rel, bool *created)
{
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, f->sha256, 32);
	char *top = NULL, *dir = NULL, *path = NULL;
	*created = false;
	if (asprintf(&top, "%s/documents", env->data_dir) < 0 ||
	    asprintf(&dir, "%s/%.2s", top, hex) < 0 || asprintf(rel, "documents/%.2s/%s", hex, hex + 2) < 0 ||
	    asprintf(&path, "%s/%s", env->data_dir, *rel) < 0)
		die_oom();
	bool ok = make_dir(top) && make_dir(dir) && sync_path(f->path, false);
	if (ok && link(f->path, path) == 0)
		*created = true;
	else if (ok && errno != EEXIST)
		ok = false;
	ok = ok && sync_path(dir, true);
	if (!ok) {
		log_error("documents: cannot store %s as %s: %s", f->path, path, strerror(errno));
		if (*created)
			unlink(path);
		free(*rel);
		*rel = NULL;
	}
	free(top);
	free(dir);
	free(path);
	return ok;
}

/* scan runs clamdscan on a file: 0 clean, 1 infected, -1 not scanned. */
static int scan(const struct document_env *env, const char *path)
{
	char *argv[] = {(char *)env->clamdscan, "--no-summary", "--fdpass", "--quiet",
			(char *)path, NULL};
	char *envp[] = {"PATH=/usr/bin:/bin", NULL};
	pid_t pid;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	int rc = posix_spawn(&pid, env->clamdscan, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	int status = 0;
	if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) == 0 ? 0 : WEXITSTATUS(status) == 1 ? 1 : -1;
}

/* scanned refuses a file clamdscan finds infected or cannot check. */
static enum document_rc scanned(const struct document_env *env, const char *path,
				const char *name, char problem[DOCUMENT_PROBLEM_MAX])
{
	int v = scan(env, path);
	if (v == 1)
		return refuse(problem, "The file “%s” holds a virus; it was not stored.", name);
	if (v < 0)
		return refuse(problem, "The file “%s” could not be checked for viruses; "
				       "please try again later.", name);
	return DOCUMENT_OK;
}

/* A file checked and stored, ready for its row. */
struct stored {
	char *name, *rel;
	char type[DOCUMENT_TYPE_MAX];
	bool created;
};

static void stored_free(struct stored *s, size_t n, bool remove_new,
			const struct document_env *env)
{
	for (size_t i = 0; i < n; i++) {
		if (remove_new && s[i].created) {
			char *p = document_path(env, s[i].rel);
			unlink(p);
			free(p);
		}
		free(s[i].name);
		free(s[i].rel);
	}
	free(s);
}

/* check_files checks the files against the settings and what the request
 * holds already (bytes, documents; replacing: the bytes of the replaced
 * file), then stores them. */
static enum document_rc check_files(struct db *db, const struct document_env *env,
				    int64_t request_id, const struct document_file *files, size_t n,
				    int64_t replaced_bytes, struct stored **out,
				    char problem[DOCUMENT_PROBLEM_MAX])
{
	struct document_settings set;
	int64_t bytes = 0, count = 0;
	if (!document_settings_load(db, &set))
		return failed(db, "reading the documents settings");
	if (store_request_file_usage(db, request_id, &bytes, &count) != STORE_OK) {
		document_settings_free(&set);
		return failed(db, "adding up a request's files");
	}
	bytes -= replaced_bytes;
	enum document_rc r = DOCUMENT_OK;
	if (!replaced_bytes && count + (int64_t)n > set.max_per_request)
		r = refuse(problem,
			   "This request has %lld documents; the limit is %lld documents per request.",
			   (long long)count, (long long)set.max_per_request);
	struct stored *s = xcalloc(n ? n : 1, sizeof *s);
	size_t done = 0;
	for (size_t i = 0; r == DOCUMENT_OK && i < n; i++) {
		s[i].name = document_safe_filename(files[i].name);
		done = i + 1;
		bytes += (int64_t)files[i].size;
		if (files[i].size == 0) {
			r = refuse(problem, "The file “%s” is empty.", s[i].name);
		} else if (bytes > (set.max_request_mb << 20)) {
			r = refuse(problem,
				   "The file “%s” would bring the files of this request to %lld MB; "
				   "the limit is %lld MB per request.",
				   s[i].name, (long long)((bytes + (1 << 20) - 1) >> 20),
				   (long long)set.max_request_mb);
		} else {
			document_sniff(files[i].path, s[i].type);
			if (!document_type_allowed(set.allowed_types, s[i].type))
				r = refuse(problem,
					   "The file “%s” is of type %s, which is not allowed here. "
					   "An administrator can allow more types.",
					   s[i].name, s[i].type);
			else if (env->clamdscan)
				r = scanned(env, files[i].path, s[i].name, problem);
		}
	}
	for (size_t i = 0; r == DOCUMENT_OK && i < n; i++)
		if (!store_file(env, &files[i], &s[i].rel, &s[i].created))
			r = DOCUMENT_ERROR;
	document_settings_free(&set);
	if (r != DOCUMENT_OK) {
		stored_free(s, done, true, env);
		return r;
	}
	*out = s;
	return DOCUMENT_OK;
}

/* ---- Events and audit ---- */

/* write_event writes a "Document Released" event at level with body. */
static enum store_rc write_event(struct db *db, const struct document_actor *actor,
				 int64_t request_id, enum level level, const char *body,
				 json_t *data)
{
	struct store_event_new e = {.request_id = request_id, .kind = "document_released",
				    .level = level_name(level), .created_at = actor->now,
				    .body = body};
	json_t *keep = NULL;
	enum store_rc rc = staff_event_byline(db, &actor->viewer, &e, &keep);
	char *text = json_dumps(data, JSON_COMPACT);
	e.data = text;
	int64_t event_id = 0;
	if (rc == STORE_OK)
		rc = store_event_add(db, &e, &event_id);
	if (rc == STORE_OK && !notify_event(db, event_id))
		rc = STORE_ERROR;
	free(text);
	json_decref(keep);
	return rc;
}

static enum store_rc audit(struct db *db, const struct document_actor *actor, const char *action,
			   int64_t request_id, int64_t id, json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct store_audit_new row = {
		.actor_id = actor->viewer.user_id, .action = action, .request_id = request_id,
		.target_type = "document", .target_id = id, .before_json = b, .after_json = a,
		.ip = actor->ip, .at = actor->now,
	};
	enum store_rc rc = store_audit_add(db, &row);
	free(a);
	free(b);
	return rc;
}

/* ---- Adding ---- */

/* enqueue_extract queues the text extraction of a new file. */
static enum store_rc enqueue_extract(struct db *db, int64_t id, int64_t now)
{
	char payload[64], key[64];
	snprintf(payload, sizeof payload, "{\"document_id\":%lld}", (long long)id);
	snprintf(key, sizeof key, "documents.extract:%lld", (long long)id);
	struct store_job_new j = {.kind = "documents.extract", .payload = payload,
				  .run_at = now, .unique_key = key, .now = now};
	return store_job_enqueue(db, &j, NULL);
}

static bool url_ok(const char *u)
{
	return (!strncmp(u, "https://", 8) && u[8]) || (!strncmp(u, "http://", 7) && u[7]);
}

/* may_add: staff add anything; a requester files at their level. */
static enum document_rc may_add(const json_t *req, const struct viewer *v,
				const struct document_input *in)
{
	int64_t requester_id = json_num(req, "requester_id");
	if (!policy_can_see_request(v, requester_id, json_is_true(json_object_get(req, "published"))))
		return DOCUMENT_NOT_FOUND;
	enum level level = policy_level(v, requester_id);
	if (level == LEVEL_STAFF)
		return DOCUMENT_OK;
	return level == LEVEL_REQUESTER && in->kind == DOCUMENT_FILE &&
		       in->level == LEVEL_REQUESTER
		       ? DOCUMENT_OK
		       : DOCUMENT_FORBIDDEN;
}

static char *file_title(const struct document_input *in, const char *name)
{
	char *t = NULL;
	bool titled = in->title && *in->title;
	if (asprintf(&t, "%s%s%s", titled ? in->title : "", titled && in->n_files > 1 ? ": " : "",
		     titled && in->n_files == 1 ? "" : name) < 0)
		die_oom();
	return t;
}

enum document_rc document_add(struct db *db, const struct document_env *env,
			      const struct document_actor *actor, const char *number,
			      const struct document_input *in, int64_t **ids, size_t *n_ids,
			      char problem[DOCUMENT_PROBLEM_MAX])
{
	json_t *req = NULL;
	enum store_rc rc = store_request_by_number(db, number, &req);
	if (rc == STORE_NOT_FOUND)
		return DOCUMENT_NOT_FOUND;
	if (rc != STORE_OK)
		return failed(db, "reading a request");
	enum document_rc r = !in->by_email ? may_add(req, &actor->viewer, in)
			     : in->kind == DOCUMENT_FILE && in->level == LEVEL_REQUESTER
				     ? DOCUMENT_OK
				     : DOCUMENT_FORBIDDEN;
	int64_t request_id = json_num(req, "id");
	json_decref(req);
	if (r != DOCUMENT_OK)
		return r;
	size_t n = in->kind == DOCUMENT_FILE ? in->n_files : 1;
	if (in->kind == DOCUMENT_FILE && n == 0)
		return refuse(problem, "Choose at least one file.");
	if (in->kind != DOCUMENT_FILE && !(in->title && *in->title))
		return refuse(problem, "Give the document a title.");
	if (in->kind == DOCUMENT_LINK && !(in->url && url_ok(in->url)))
		return refuse(problem, "The link must be an address starting with https:// or http://.");
	if (in->kind == DOCUMENT_OFFLINE && !(in->instructions && *in->instructions))
		return refuse(problem, "Say where and how the records can be seen.");
	struct stored *files = NULL;
	if (in->kind == DOCUMENT_FILE)
		r = check_files(db, env, request_id, in->files, n, 0, &files, problem);
	if (r != DOCUMENT_OK)
		return r;

	bool released = in->level != LEVEL_STAFF;
	int64_t *made = xcalloc(n, sizeof *made);
	json_t *names = json_array(), *id_list = json_array();
	struct buf body = BUF_INIT;
	bool ok = db_begin(db);
	for (size_t i = 0; ok && i < n; i++) {
		char *title = in->kind == DOCUMENT_FILE ? file_title(in, files[i].name)
							: xstrdup(in->title);
		struct store_document_new d = {
			.request_id = request_id, .level = level_name(in->level),
			.kind = document_kinds[in->kind], .title = title,
			.description = in->description && *in->description ? in->description : NULL,
			.url = in->kind == DOCUMENT_LINK ? in->url : NULL,
			.instructions = in->kind == DOCUMENT_OFFLINE ? in->instructions : NULL,
			.text_status = "none", .uploaded_by = actor->viewer.user_id,
			.created_at = actor->now, .released_at = released ? actor->now : 0,
		};
		if (files) {
			d.filename = files[i].name;
			d.content_type = files[i].type;
			d.size = (int64_t)in->files[i].size;
			d.sha256 = in->files[i].sha256;
			d.storage_path = files[i].rel;
			d.text_status = "pending";
		}
		ok = store_document_add(db, &d, &made[i]) == STORE_OK &&
		     (!files || enqueue_extract(db, made[i], actor->now) == STORE_OK);
		json_array_append_new(names, json_string(files ? files[i].name : title));
		json_array_append_new(id_list, json_integer(made[i]));
		buf_puts(&body, i ? ", " : "");
		markdown_escape(&body, files ? files[i].name : title);
		free(title);
	}
	json_t *data = json_pack("{s:O, s:O}", "documents", id_list, "files", names);
	if (ok && released) {
		struct buf text = BUF_INIT;
		buf_printf(&text, "%s: %s",
			   !policy_is_staff(&actor->viewer) ? "Sent to the staff"
			   : in->kind == DOCUMENT_LINK	     ? "Link released"
			   : in->kind == DOCUMENT_OFFLINE    ? "Records available offline"
			   : n == 1			     ? "File released"
							     : "Files released",
			   buf_cstr(&body));
		ok = write_event(db, actor, request_id, in->level, buf_cstr(&text), data) ==
		     STORE_OK;
		buf_free(&text);
	}
	if (ok) {
		json_t *after = json_pack("{s:O, s:s, s:s}", "documents", data, "level",
					  level_name(in->level), "kind", document_kinds[in->kind]);
		ok = audit(db, actor, "document.add", request_id, made[0], NULL, after) == STORE_OK;
		json_decref(after);
	}
	ok = ok && db_commit(db);
	if (!ok) {
		db_rollback(db);
		failed(db, "adding documents");
	} else if (files) {
		worker_wake();
	}
	json_decref(data);
	json_decref(names);
	json_decref(id_list);
	buf_free(&body);
	stored_free(files, files ? n : 0, !ok, env);
	if (!ok) {
		free(made);
		return DOCUMENT_ERROR;
	}
	if (ids) {
		*ids = made;
		*n_ids = n;
	} else {
		free(made);
	}
	return DOCUMENT_OK;
}

/* ---- Reading ---- */

enum document_rc document_get(struct db *db, const struct viewer *viewer, int64_t id,
			      json_t **row, enum level *level)
{
	json_t *doc = NULL;
	enum store_rc rc = store_document_get(db, id, &doc);
	if (rc == STORE_NOT_FOUND)
		return DOCUMENT_NOT_FOUND;
	if (rc != STORE_OK)
		return failed(db, "reading a document");
	int64_t requester_id = json_num(doc, "requester_id");
	enum level l = policy_level(viewer, requester_id), doc_level;
	if (!policy_can_see_request(viewer, requester_id,
				    json_is_true(json_object_get(doc, "published"))) ||
	    !level_parse(json_str(doc, "level") ?: "", &doc_level) ||
	    !policy_can_see_document(l, doc_level,
				     !json_is_null(json_object_get(doc, "released_at")))) {
		json_decref(doc);
		return DOCUMENT_NOT_FOUND;
	}
	*row = doc;
	*level = l;
	return DOCUMENT_OK;
}

/* staff_document reads a document for a change only staff make. */
static enum document_rc staff_document(struct db *db, const struct document_actor *actor,
				       int64_t id, json_t **doc, char problem[DOCUMENT_PROBLEM_MAX])
{
	enum level level;
	enum document_rc r = document_get(db, &actor->viewer, id, doc, &level);
	if (r != DOCUMENT_OK)
		return r;
	if (level != LEVEL_STAFF) {
		json_decref(*doc);
		return DOCUMENT_FORBIDDEN;
	}
	if (!json_is_null(json_object_get(*doc, "replaced_by_id"))) {
		json_decref(*doc);
		return refuse(problem, "This is an earlier version; change the current one.");
	}
	return DOCUMENT_OK;
}

static const char *kind_released(const char *kind)
{
	return !strcmp(kind, "link")	  ? "Link released"
	       : !strcmp(kind, "offline") ? "Records available offline"
					  : "File released";
}

enum document_rc document_set_level(struct db *db, const struct document_actor *actor,
				    int64_t id, enum level level, char problem[DOCUMENT_PROBLEM_MAX])
{
	json_t *doc = NULL;
	enum document_rc r = staff_document(db, actor, id, &doc, problem);
	if (r != DOCUMENT_OK)
		return r;
	enum level old = LEVEL_STAFF;
	level_parse(json_str(doc, "level") ?: "", &old);
	int64_t released = json_num(doc, "released_at");
	if (old == level && (released || level == LEVEL_STAFF)) {
		json_decref(doc);
		return refuse(problem, "The document is at that level already.");
	}
	int64_t request_id = json_num(doc, "request_id");
	bool widens = level != LEVEL_STAFF && (!released || level < old);
	int64_t released_at = level == LEVEL_STAFF ? 0 : released ? released : actor->now;
	const char *name = json_str(doc, "filename") ?: json_str(doc, "title");
	bool ok = db_begin(db) &&
		  store_document_set_level(db, id, level_name(level), released_at) == STORE_OK &&
		  store_search_reindex(db, request_id) == STORE_OK;
	if (ok && widens) {
		struct buf body = BUF_INIT;
		buf_printf(&body, "%s: ", kind_released(json_str(doc, "kind")));
		markdown_escape(&body, name);
		json_t *data = json_pack("{s:[I], s:[s]}", "documents", (json_int_t)id, "files", name);
		ok = write_event(db, actor, request_id, level, buf_cstr(&body), data) == STORE_OK;
		json_decref(data);
		buf_free(&body);
	}
	if (ok) {
		json_t *before = json_pack("{s:s, s:o}", "level", level_name(old), "released_at",
					   released ? json_integer(released) : json_null());
		json_t *after = json_pack("{s:s, s:o}", "level", level_name(level), "released_at",
					  released_at ? json_integer(released_at) : json_null());
		ok = audit(db, actor, "document.level", request_id, id, before, after) == STORE_OK;
		json_decref(before);
		json_decref(after);
	}
	ok = ok && db_commit(db);
	json_decref(doc);
	if (!ok) {
		db_rollback(db);
		return failed(db, "changing a document's level");
	}
	return DOCUMENT_OK;
}

enum document_rc document_replace(struct db *db, const struct document_env *env,
				  const struct document_actor *actor, int64_t id,
				  const struct document_file *file, int64_t *new_id,
				  char problem[DOCUMENT_PROBLEM_MAX])
{
	json_t *doc = NULL;
	enum document_rc r = staff_document(db, actor, id, &doc, problem);
	if (r != DOCUMENT_OK)
		return r;
	if (strcmp(json_str(doc, "kind"), "file") != 0) {
		json_decref(doc);
		return refuse(problem, "Only a file has versions.");
	}
	int64_t request_id = json_num(doc, "request_id");
	struct stored *s = NULL;
	r = check_files(db, env, request_id, file, 1, json_num(doc, "size") ?: 1, &s, problem);
	if (r != DOCUMENT_OK) {
		json_decref(doc);
		return r;
	}
	enum level level = LEVEL_STAFF;
	level_parse(json_str(doc, "level") ?: "", &level);
	struct store_document_new d = {
		.request_id = request_id, .level = json_str(doc, "level"), .kind = "file",
		.title = json_str(doc, "title"), .description = json_str(doc, "description"),
		.filename = s->name, .content_type = s->type, .size = (int64_t)file->size,
		.sha256 = file->sha256, .storage_path = s->rel, .text_status = "pending",
		.uploaded_by = actor->viewer.user_id, .created_at = actor->now,
		.released_at = level != LEVEL_STAFF ? actor->now : 0,
	};
	int64_t made = 0;
	bool ok = db_begin(db) && store_document_add(db, &d, &made) == STORE_OK &&
		  enqueue_extract(db, made, actor->now) == STORE_OK &&
		  store_document_replace(db, id, made) == STORE_OK &&
		  store_search_reindex(db, request_id) == STORE_OK;
	if (ok && level != LEVEL_STAFF) {
		struct buf body = BUF_INIT;
		buf_puts(&body, "New version of ");
		markdown_escape(&body, json_str(doc, "title"));
		buf_puts(&body, ": ");
		markdown_escape(&body, s->name);
		json_t *data = json_pack("{s:[I], s:[s], s:I}", "documents", (json_int_t)made,
					 "files", s->name, "replaces", (json_int_t)id);
		ok = write_event(db, actor, request_id, level, buf_cstr(&body), data) == STORE_OK;
		json_decref(data);
		buf_free(&body);
	}
	if (ok) {
		json_t *before = json_pack("{s:I, s:s?}", "document", (json_int_t)id, "filename",
					   json_str(doc, "filename"));
		json_t *after = json_pack("{s:I, s:s}", "document", (json_int_t)made, "filename",
					  s->name);
		ok = audit(db, actor, "document.replace", request_id, id, before, after) == STORE_OK;
		json_decref(before);
		json_decref(after);
	}
	ok = ok && db_commit(db);
	if (!ok) {
		db_rollback(db);
		failed(db, "replacing a document");
	}
	stored_free(s, 1, !ok, env);
	json_decref(doc);
	if (!ok)
		return DOCUMENT_ERROR;
	*new_id = made;
	return DOCUMENT_OK;
}

/* ---- Text for search ---- */

bool document_extract_job(struct db *db, const struct document_env *env, int64_t id)
{
	json_t *doc = NULL;
	enum store_rc rc = store_document_get(db, id, &doc);
	if (rc == STORE_NOT_FOUND)
		return true; /* gone: nothing to do */
	if (rc != STORE_OK) {
		failed(db, "reading a document");
		return false;
	}
	const char *stored = json_str(doc, "storage_path"), *type = json_str(doc, "content_type");
	struct buf text = BUF_INIT;
	enum extract_rc r = EXTRACT_UNSUPPORTED;
	if (stored && type) {
		struct extract_limits limits;
		extract_limits_default(&limits);
		char *path = document_path(env, stored);
		r = extract_text(&limits, path, type, &text);
		free(path);
	}
	if (r == EXTRACT_FAILED)
		log_warn("documents: no text from document %lld (%s)", (long long)id,
			 type ? type : "no file");
	const char *status = r == EXTRACT_OK ? "done" : r == EXTRACT_FAILED ? "failed" : "none";
	bool ok = db_begin(db) &&
		  store_document_set_text(db, id, status, r == EXTRACT_OK ? buf_cstr(&text) : NULL) ==
			  STORE_OK &&
		  db_commit(db);
	if (!ok) {
		db_rollback(db);
		failed(db, "saving a document's text");
	}
	buf_free(&text);
	json_decref(doc);
	return ok;
}

enum job_result document_extract_text_job(struct job *job)
{
	json_t *id = json_object_get(job->payload, "document_id");
	if (!json_is_integer(id)) {
		snprintf(job->error, sizeof job->error, "payload without a document_id");
		return JOB_FAILED;
	}
	struct document_env env = {.data_dir = job->cfg->data_dir ? job->cfg->data_dir : "data"};
	if (document_extract_job(job->db, &env, json_integer_value(id)))
		return JOB_DONE;
	snprintf(job->error, sizeof job->error, "%s", db_errmsg(job->db));
	return JOB_RETRY;
}
