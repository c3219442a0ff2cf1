/* The libmicrohttpd side of http.h: one `struct request` per request, from
 * the URI log callback (which sees the raw URI) to NOTIFY_COMPLETED (which
 * frees it, also when the client went away). The access handler is called
 * first with the headers, then with each piece of the body, then once more:
 * the response is always queued on a later call than the first, since a
 * response queued on the first call makes MHD close the connection. */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <sodium.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/token.h"
#include "util/die.h"
#include "util/utf8.h"

enum { HTTP_STOP_WAIT_MS = 5000, HTTP_STOP_POLL_MS = 10 };
/* A file part is written in blocks of FILE_BUFFER bytes: fewer system
 * calls than one per network read. (Forcing writeback early with
 * sync_file_range blocked the connection's thread on a busy disk.) */
enum { FILE_BUFFER = 256 * 1024 };

static const char DEFAULT_CONTENT_TYPE[] = "text/html; charset=utf-8";

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_server_config cfg; /* upload_dir owned; address unused */
	atomic_uint in_flight;          /* from request line to completion */
};

enum body_kind { BODY_NONE, BODY_FORM, BODY_MULTIPART };
enum part_kind { PART_TEXT, PART_FILE, PART_SKIP };

struct request {
	struct http_server *srv;
	struct arena arena;
	struct http_req req;
	const char *uri; /* raw request target */
	bool started;    /* the first access handler call is done */
	/* An answer decided by this layer (400, 413, 415, 500). */
	int status;
	const char *error;
	/* The body. */
	enum body_kind body;
	uint64_t body_bytes;
	struct buf form_body; /* urlencoded */
	struct multipart *mp;
	/* The current multipart part. */
	enum part_kind part;
	const char *part_name; /* of a text part */
	struct buf text;   /* value of a text part */
	size_t text_bytes; /* all text parts so far */
	unsigned file_parts;
	int fd;            /* file part being written, or -1 */
	crypto_hash_sha256_state sha; /* of that file part */
	struct buf out;    /* its bytes not written yet (FILE_BUFFER at most) */
	size_t form_cap, uploads_cap;
};

void http_limits_default(struct http_limits *l)
{
	*l = (struct http_limits){
		.max_header_bytes = 32 * 1024,
		.max_form_bytes = 1024 * 1024,
		.max_upload_bytes = 500ull * 1024 * 1024,
		.max_body_bytes = 2048ull * 1024 * 1024,
		.max_fields = 256,
		.max_uploads = 20,
		.max_connections = 1024,
		.max_per_ip = 64,
		.idle_timeout_s = 30,
	};
}

static const char *kv_find(const struct http_kv *kv, size_t n,
			   const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].name, name) == 0)
			return kv[i].value;
	return NULL;
}

const char *http_req_header(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_req *r, const char *name)
{
	return kv_find(r->query_params, r->n_query_params, name);
}

const char *http_form(const struct http_req *r, const char *name)
{
	return kv_find(r->form, r->n_form, name);
}

const char *http_cookie(const struct http_req *r, const char *name)
{
	return kv_find(r->cookies, r->n_cookies, name);
}

bool http_resp_header(struct http_resp *resp, const char *name,
		      const char *value)
{
	if (resp->n_headers == HTTP_RESP_MAX_HEADERS || !name[0] ||
	    name[token_span(name)] != '\0' || strpbrk(value, "\r\n"))
		return false;
	resp->headers[resp->n_headers++] = (struct http_header){name, value};
	return true;
}

/* refuse records the layer's own answer; the first reason wins. Returns
 * false, for use in the parser callbacks. */
static bool refuse(struct request *r, int status, const char *error)
{
	if (!r->status) {
		r->status = status;
		r->error = error;
	}
	return false;
}

/* grow makes room for one more element in an arena array. */
static void *grow(struct arena *a, void *array, size_t n, size_t *cap,
		  size_t size)
{
	if (n < *cap)
		return array;
	*cap = *cap ? *cap * 2 : 8;
	void *p = arena_calloc(a, *cap, size);
	if (n)
		memcpy(p, array, n * size);
	return p;
}

/* ---- Multipart callbacks ---- */

static bool part_begin(void *ctx, const struct multipart_part *p)
{
	struct request *r = ctx;
	struct http_req *q = &r->req;
	const struct http_limits *l = &r->srv->cfg.limits;
	if (!p->filename) {
		if (q->n_query_params + q->n_form >= l->max_fields)
			return refuse(r, 413, arena_printf(&r->arena,
				"too many fields (limit %u)", l->max_fields));
		r->part = PART_TEXT;
		r->part_name = arena_strdup(&r->arena, p->name);
		buf_reset(&r->text);
		return true;
	}
	if (r->file_parts++ >= l->max_uploads)
		return refuse(r, 413, arena_printf(&r->arena,
			"too many files (limit %u)", l->max_uploads));
	/* A file input left empty sends a part with an empty filename. */
	if (!p->filename[0]) {
		r->part = PART_SKIP;
		return true;
	}
	char *path = arena_printf(&r->arena, "%s/upload-XXXXXX",
				  r->srv->cfg.upload_dir);
	r->fd = mkostemp(path, O_CLOEXEC);
	if (r->fd < 0) {
		fprintf(stderr, "http: cannot create %s: %s\n", path,
			strerror(errno));
		return refuse(r, 500, "cannot store the uploaded file");
	}
	q->uploads = grow(&r->arena, q->uploads, q->n_uploads,
			  &r->uploads_cap, sizeof *q->uploads);
	q->uploads[q->n_uploads++] = (struct http_upload){
		.field = arena_strdup(&r->arena, p->name),
		.filename = arena_strdup(&r->arena, p->filename),
		.content_type = arena_strdup(&r->arena,
			p->content_type ? p->content_type
					: "application/octet-stream"),
		.path = path,
	};
	crypto_hash_sha256_init(&r->sha);
	buf_reset(&r->out);
	r->part = PART_FILE;
	return true;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* flush_file writes the buffered bytes of the file part; false on a
 * failure (logged). */
static bool flush_file(struct request *r)
{
	struct http_upload *up = &r->req.uploads[r->req.n_uploads - 1];
	if (r->out.len && !write_all(r->fd, r->out.data, r->out.len)) {
		fprintf(stderr, "http: cannot write %s: %s\n", up->path, strerror(errno));
		return false;
	}
	buf_reset(&r->out);
	return true;
}

static bool part_data(void *ctx, const char *data, size_t len)
{
	struct request *r = ctx;
	const struct http_limits *l = &r->srv->cfg.limits;
	if (r->part == PART_TEXT) {
		if (len > l->max_form_bytes - r->text_bytes)
			return refuse(r, 413, arena_printf(&r->arena,
				"form fields too large (limit %zu bytes)",
				l->max_form_bytes));
		r->text_bytes += len;
		buf_append(&r->text, data, len);
	} else if (r->part == PART_FILE) {
		struct http_upload *up = &r->req.uploads[r->req.n_uploads - 1];
		if (len > l->max_upload_bytes - up->size)
			return refuse(r, 413, arena_printf(&r->arena,
				"file %s too large: the limit is %llu MB per file",
				form_quote(&r->arena, up->filename),
				(unsigned long long)(l->max_upload_bytes >> 20)));
		crypto_hash_sha256_update(&r->sha, (const unsigned char *)data, len);
		buf_append(&r->out, data, len);
		up->size += len;
		if (r->out.len >= FILE_BUFFER && !flush_file(r))
			return refuse(r, 500, "cannot store the uploaded file");
	}
	return true;
}

static bool part_end(void *ctx)
{
	struct request *r = ctx;
	struct http_req *q = &r->req;
	if (r->part == PART_TEXT) {
		const char *err = form_check_value(&r->arena, r->part_name,
						   buf_cstr(&r->text),
						   r->text.len);
		if (err)
			return refuse(r, 400, err);
		q->form = grow(&r->arena, q->form, q->n_form, &r->form_cap,
			       sizeof *q->form);
		q->form[q->n_form++] = (struct http_kv){
			r->part_name,
			arena_strndup(&r->arena, buf_cstr(&r->text),
				      r->text.len),
			r->text.len};
	} else if (r->part == PART_FILE) {
		crypto_hash_sha256_final(&r->sha, q->uploads[q->n_uploads - 1].sha256);
		bool written = flush_file(r);
		close(r->fd);
		r->fd = -1;
		if (!written)
			return refuse(r, 500, "cannot store the uploaded file");
	}
	return true;
}

static const struct multipart_callbacks multipart_cb = {
	part_begin, part_data, part_end,
};

/* ---- Request start: URI, headers, what the body will be ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *s = cls;
	struct request *r = xcalloc(1, sizeof *r);
	atomic_fetch_add(&s->in_flight, 1);
	r->srv = s;
	arena_init(&r->arena);
	r->uri = arena_strdup(&r->arena, uri);
	r->fd = -1;
	return r;
}

static const char *peer_ip(struct arena *a, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	char text[INET6_ADDRSTRLEN] = "";
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  text, sizeof text);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, text,
			  sizeof text);
	return arena_strdup(a, text);
}

/* forwarded_ip returns the first address of X-Forwarded-For when it is an
 * IP literal, else NULL. */
static const char *forwarded_ip(struct arena *a, const char *xff)
{
	unsigned char bin[sizeof(struct in6_addr)];
	xff += strspn(xff, " \t");
	char *ip = arena_strndup(a, xff, strcspn(xff, ", \t"));
	if (inet_pton(AF_INET, ip, bin) == 1 ||
	    inet_pton(AF_INET6, ip, bin) == 1)
		return ip;
	return NULL;
}

/* media_is reports whether a Content-Type value has this media type. */
static bool media_is(const char *content_type, const char *type)
{
	size_t n = strlen(type);
	content_type += strspn(content_type, " \t");
	return strncasecmp(content_type, type, n) == 0 &&
	       strchr("; \t", content_type[n]);
}

/* parse_target splits the raw URI into the decoded path and the query. */
static void parse_target(struct request *r)
{
	struct http_req *q = &r->req;
	const struct http_limits *l = &r->srv->cfg.limits;
	size_t raw_len = strcspn(r->uri, "?"), len;
	const char *err;
	/* MHD lets raw spaces and non-ASCII bytes through. */
	for (const char *p = r->uri; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F) {
			refuse(r, 400, "invalid character in the request target");
			return;
		}
	char *path = form_unescape(&r->arena, r->uri, raw_len, false, &len);
	if (!path) {
		refuse(r, 400, "invalid percent-encoding in the path");
		return;
	}
	if (path[0] != '/' || !utf8_valid(path, len) ||
	    utf8_has_control(path, len, false)) {
		refuse(r, 400, "invalid path");
		return;
	}
	q->path = path;
	q->query = r->uri[raw_len] ? r->uri + raw_len + 1 : "";
	switch (form_parse(&r->arena, q->query, strlen(q->query),
			   l->max_fields, &q->query_params,
			   &q->n_query_params, &err)) {
	case FORM_OK:
		break;
	case FORM_BAD:
		refuse(r, 400, arena_printf(&r->arena, "query: %s", err));
		break;
	case FORM_TOO_MANY:
		refuse(r, 413, arena_printf(&r->arena, "query: %s", err));
		break;
	}
}

/* parse_body_headers decides how the body will be read; returns whether
 * the request has a body. */
static bool parse_body_headers(struct request *r, struct MHD_Connection *conn)
{
	struct arena *a = &r->arena;
	const struct http_limits *l = &r->srv->cfg.limits;
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_TYPE);
	/* MHD has checked Content-Length; without one a body is chunked. */
	bool chunked = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
	unsigned long long length = cl ? strtoull(cl, NULL, 10) : 0;
	if (!chunked && length == 0)
		return false;
	if (ct && media_is(ct, "application/x-www-form-urlencoded")) {
		r->body = BODY_FORM;
		if (length > l->max_form_bytes)
			refuse(r, 413, arena_printf(a,
				"form too large (limit %zu bytes)",
				l->max_form_bytes));
	} else if (ct && media_is(ct, "multipart/form-data")) {
		char boundary[MULTIPART_BOUNDARY_MAX + 1];
		r->body = BODY_MULTIPART;
		if (length > l->max_body_bytes)
			refuse(r, 413, arena_printf(a,
				"request body too large (limit %llu bytes)",
				(unsigned long long)l->max_body_bytes));
		else if (!multipart_boundary(ct, boundary))
			refuse(r, 400, "multipart body without a valid boundary");
		else
			r->mp = multipart_new(a, boundary, &multipart_cb, r);
	} else {
		refuse(r, 415, "unsupported Content-Type: send "
			       "application/x-www-form-urlencoded or "
			       "multipart/form-data");
	}
	return true;
}

static void begin_request(struct request *r, struct MHD_Connection *conn,
			  const char *method)
{
	struct http_server *s = r->srv;
	struct http_req *q = &r->req;
	struct arena *a = &r->arena;
	r->started = true;
	q->arena = a;
	q->conn = conn;
	q->method_name = arena_strdup(a, method);
	q->method = strcmp(method, "GET") == 0    ? HTTP_GET
		    : strcmp(method, "HEAD") == 0 ? HTTP_HEAD
		    : strcmp(method, "POST") == 0 ? HTTP_POST
						  : HTTP_OTHER;
	q->query = "";
	if (!method[0] || method[token_span(method)])
		refuse(r, 400, "invalid method");
	parse_target(r);
	const char *cookie = http_req_header(q, MHD_HTTP_HEADER_COOKIE);
	if (cookie)
		q->n_cookies = cookie_parse(a, cookie, &q->cookies);
	const char *xff = s->cfg.trust_proxy
		? http_req_header(q, "X-Forwarded-For") : NULL;
	const char *proto = s->cfg.trust_proxy
		? http_req_header(q, "X-Forwarded-Proto") : NULL;
	q->client_ip = xff ? forwarded_ip(a, xff) : NULL;
	if (!q->client_ip)
		q->client_ip = peer_ip(a, conn);
	q->tls = proto && strcasecmp(proto, "https") == 0;
}

/* ---- Body and response ---- */

static void body_chunk(struct request *r, const char *data, size_t len)
{
	const struct http_limits *l = &r->srv->cfg.limits;
	r->body_bytes += len;
	if (r->status)
		return; /* already refused: the rest is read and dropped */
	if (r->body == BODY_FORM) {
		if (len > l->max_form_bytes - r->form_body.len)
			refuse(r, 413, arena_printf(&r->arena,
				"form too large (limit %zu bytes)",
				l->max_form_bytes));
		else
			buf_append(&r->form_body, data, len);
	} else if (r->body_bytes > l->max_body_bytes) {
		refuse(r, 413, arena_printf(&r->arena,
			"request body too large (limit %llu bytes)",
			(unsigned long long)l->max_body_bytes));
	} else if (!multipart_feed(r->mp, data, len) && !r->status) {
		refuse(r, 400, arena_printf(&r->arena,
			"malformed multipart body: %s", multipart_error(r->mp)));
	}
}

/* finish_body parses what was accumulated once the body is complete. */
static void finish_body(struct request *r)
{
	struct http_req *q = &r->req;
	const char *err;
	if (r->body == BODY_MULTIPART && !multipart_finish(r->mp))
		refuse(r, 400, arena_printf(&r->arena,
			"malformed multipart body: %s", multipart_error(r->mp)));
	if (r->body != BODY_FORM)
		return;
	switch (form_parse(&r->arena, buf_cstr(&r->form_body),
			   r->form_body.len,
			   r->srv->cfg.limits.max_fields - q->n_query_params,
			   &q->form, &q->n_form, &err)) {
	case FORM_OK:
		break;
	case FORM_BAD:
		refuse(r, 400, err);
		break;
	case FORM_TOO_MANY:
		refuse(r, 413, err);
		break;
	}
}

static enum MHD_Result queue(struct MHD_Connection *conn, int status,
			     struct MHD_Response *mr)
{
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static enum MHD_Result queue_text(struct request *r,
				  struct MHD_Connection *conn, int status,
				  const char *text)
{
	const char *body = arena_printf(&r->arena, "%s\n", text);
	struct MHD_Response *mr = MHD_create_response_from_buffer(
		strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!mr)
		return MHD_NO;
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; charset=utf-8");
	return queue(conn, status, mr);
}

/* file_response makes the response for resp->file_path (the whole file or
 * the range asked for); *status becomes 404 or 500 when it cannot be sent. */
static struct MHD_Response *file_response(const struct http_resp *resp, int *status)
{
	struct stat st;
	int fd = open(resp->file_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < resp->file_offset + resp->file_length) {
		bool gone = fd < 0 && errno == ENOENT;
		if (!gone)
			fprintf(stderr, "http: cannot send %s: %s\n", resp->file_path,
				fd < 0 ? strerror(errno) : "not a regular file of that size");
		if (fd >= 0)
			close(fd);
		*status = gone ? 404 : 500;
		return NULL;
	}
	struct MHD_Response *mr =
		resp->file_length
			? MHD_create_response_from_fd_at_offset64(resp->file_length, fd,
								   resp->file_offset)
			: MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
	if (!mr)
		close(fd);
	return mr;
}

struct stream {
	http_stream_fn fn;
	void *ctx;
	void (*free)(void *ctx);
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	long n = s->fn(s->ctx, buf, max);
	return n > 0 ? (ssize_t)n
	       : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM
			: MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_done(void *cls)
{
	struct stream *s = cls;
	if (s->free)
		s->free(s->ctx);
	free(s);
}

enum { STREAM_BLOCK = 64 * 1024 };

static enum MHD_Result queue_resp(struct request *r,
				  struct MHD_Connection *conn,
				  struct http_resp *resp)
{
	struct MHD_Response *mr;
	if (resp->file_path) {
		int status = 0;
		mr = file_response(resp, &status);
		if (status)
			return queue_text(r, conn, status,
					  status == 404 ? "not found" : "internal error");
	} else if (resp->stream) {
		struct stream *s = xcalloc(1, sizeof *s);
		*s = (struct stream){resp->stream, resp->stream_ctx, resp->stream_free};
		resp->stream_free = NULL; /* the response owns it now */
		mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
						       stream_read, s, stream_done);
		if (!mr)
			stream_done(s);
	} else if (resp->body.len) {
		size_t len = resp->body.len;
		mr = MHD_create_response_from_buffer_with_free_callback(
			len, buf_steal(&resp->body), free);
	} else {
		mr = MHD_create_response_from_buffer(0, NULL,
						     MHD_RESPMEM_PERSISTENT);
	}
	if (!mr)
		return MHD_NO;
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
				resp->content_type ? resp->content_type
						   : DEFAULT_CONTENT_TYPE);
	for (size_t i = 0; i < resp->n_headers; i++)
		if (!MHD_add_response_header(mr, resp->headers[i].name,
					     resp->headers[i].value))
			fprintf(stderr, "http: header %s refused\n",
				resp->headers[i].name);
	return queue(conn, resp->status, mr);
}

static enum MHD_Result respond(struct request *r, struct MHD_Connection *conn)
{
	if (r->status)
		return queue_text(r, conn, r->status, r->error);
	struct http_resp resp = {.status = 200};
	r->srv->cfg.handler(&r->req, &resp, r->srv->cfg.app);
	enum MHD_Result ret = queue_resp(r, conn, &resp);
	buf_free(&resp.body);
	if (resp.stream_free) /* not sent */
		resp.stream_free(resp.stream_ctx);
	return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn,
				 const char *url, const char *method,
				 const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	struct request *r = *con_cls;
	if (!r->started) {
		begin_request(r, conn, method);
		bool has_body = parse_body_headers(r, conn);
		/* A body already refused is not read: answer at once (MHD
		 * then closes the connection). */
		if (r->status && has_body)
			return queue_text(r, conn, r->status, r->error);
		return MHD_YES;
	}
	if (*upload_data_size) {
		body_chunk(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/* Past the largest body we would accept, stop reading. */
		if (r->status && r->body_bytes > r->srv->cfg.limits.max_body_bytes)
			return MHD_NO;
		return MHD_YES;
	}
	if (!r->status)
		finish_body(r);
	return respond(r, conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct request *r = *con_cls;
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	for (size_t i = 0; i < r->req.n_uploads; i++)
		if (!r->req.uploads[i].taken)
			unlink(r->req.uploads[i].path);
	atomic_fetch_sub(&s->in_flight, 1);
	buf_free(&r->form_body);
	buf_free(&r->text);
	buf_free(&r->out);
	arena_free(&r->arena);
	free(r);
	*con_cls = NULL;
}

/* ---- Server ---- */

struct http_server *http_server_start(const struct http_server_config *cfg,
				      char *err, size_t errlen)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} addr = {0};
	/* poll, not epoll: libmicrohttpd 0.9.75's edge-triggered epoll misses a
	 * client's EOF that arrives with its last bytes, so a connection cut
	 * off mid-body would linger until the idle timeout. */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG;
	if (cfg->port > 65535) {
		snprintf(err, errlen, "invalid port %u", cfg->port);
		return NULL;
	}
	if (inet_pton(AF_INET, cfg->address, &addr.in.sin_addr) == 1) {
		addr.in.sin_family = AF_INET;
		addr.in.sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, cfg->address, &addr.in6.sin6_addr) == 1) {
		addr.in6.sin6_family = AF_INET6;
		addr.in6.sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "invalid listen address '%s'",
			 cfg->address);
		return NULL;
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads ? cfg->threads
					: cores > 0 ? (unsigned)cores : 1;
	struct http_server *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	s->cfg.address = NULL;
	s->cfg.upload_dir = xstrdup(cfg->upload_dir);
	atomic_init(&s->in_flight, 0);
	const struct http_limits *l = &cfg->limits;
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_access, s,
		MHD_OPTION_SOCK_ADDR, &addr.sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, l->max_header_bytes,
		MHD_OPTION_CONNECTION_LIMIT, l->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, l->idle_timeout_s,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s port %u",
			 cfg->address, cfg->port);
		free((char *)s->cfg.upload_dir);
		free(s);
		return NULL;
	}
	return s;
}

unsigned http_server_port(const struct http_server *s)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	/* Stop accepting now; the socket is closed once the worker threads
	 * are gone (MHD's rule for quiesced sockets). */
	MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
	if (listen_fd != MHD_INVALID_SOCKET)
		shutdown(listen_fd, SHUT_RDWR);
	struct timespec pause = {0, HTTP_STOP_POLL_MS * 1000000L};
	for (int waited = 0; atomic_load(&s->in_flight) > 0 &&
			     waited < HTTP_STOP_WAIT_MS;
	     waited += HTTP_STOP_POLL_MS)
		nanosleep(&pause, NULL);
	MHD_stop_daemon(s->daemon);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	free((char *)s->cfg.upload_dir);
	free(s);
}
