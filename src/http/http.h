/* The HTTP layer's contract with the rest of the program.
 *
 * Only src/http/ knows libmicrohttpd. It turns each connection's request into
 * a plain `struct req` (path, query, form fields, uploaded files, cookies,
 * headers) after the whole body has been received, parsed and checked against
 * the limits, calls the application's handler once, and sends the `struct
 * resp` it filled. Requests that are malformed or too large never reach the
 * handler: the layer answers 400, 413 or 431 itself. */
#ifndef DISCLOSE_HTTP_H
#define DISCLOSE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_OTHER, /* anything else: routed to 405 */
};

/* A name and value pair; both are NUL-terminated, valid UTF-8 (checked by
 * the parser) and live in the request arena. */
struct http_kv {
	const char *name;
	const char *value;
	size_t value_len;
};

/* A file part of a multipart body, already streamed to a temporary file in
 * the upload directory. The file is removed after the response unless the
 * handler takes it (renames it away and sets `taken`). */
struct http_upload {
	const char *field;
	const char *filename;     /* as sent by the client, untrusted */
	const char *content_type; /* as sent by the client, untrusted */
	const char *path;         /* temporary file */
	uint64_t size;
	unsigned char sha256[32]; /* of the content, hashed as it streamed */
	bool taken;
};

struct http_req {
	struct arena *arena; /* freed after the response is queued */
	enum http_method method;
	const char *method_name;
	const char *path;  /* percent-decoded, valid UTF-8, starts with '/' */
	const char *query; /* raw query string, "" when none */
	struct http_kv *query_params;
	size_t n_query_params;
	struct http_kv *form; /* urlencoded or multipart text fields */
	size_t n_form;
	struct http_upload *uploads;
	size_t n_uploads;
	struct http_kv *cookies;
	size_t n_cookies;
	const char *client_ip; /* textual address of the peer */
	bool tls;              /* served over TLS or behind a proxy that says so */
	void *conn;            /* opaque, for http_req_header */
};

struct http_header {
	const char *name;
	const char *value;
};

enum { HTTP_RESP_MAX_HEADERS = 16 };

/* A body made while it is sent: called with room for max bytes (max > 0),
 * it writes some into buf and returns how many, 0 at the end of the body,
 * or -1 to abort the connection (the client sees a truncated body). */
typedef long (*http_stream_fn)(void *ctx, char *buf, size_t max);

struct http_resp {
	int status;
	const char *content_type; /* default "text/html; charset=utf-8" */
	struct buf body;          /* the body bytes, freed by the layer */
	struct http_header headers[HTTP_RESP_MAX_HEADERS];
	size_t n_headers;
	/* When file_path is set, the body is that file, streamed (downloads):
	 * all of it, or file_length bytes from file_offset when file_length is
	 * not 0 (a range). */
	const char *file_path;
	uint64_t file_offset, file_length;
	/* When stream is set, the body is what it makes, sent chunked without
	 * being held in memory (archives). stream_free(stream_ctx) runs once
	 * the response is done or the client went away. */
	http_stream_fn stream;
	void *stream_ctx;
	void (*stream_free)(void *ctx);
};

/* http_range_parse reads a Range header value for a body of size bytes.
 * One byte range is served ("bytes=0-99", "bytes=100-", "bytes=-500"):
 * HTTP_RANGE_OK sets *first and *len. A value with several ranges, another
 * unit or bad syntax is ignored (HTTP_RANGE_NONE: send the whole body, as
 * RFC 9110 allows); a range that starts past the end is
 * HTTP_RANGE_UNSATISFIABLE (416). */
enum http_range { HTTP_RANGE_NONE, HTTP_RANGE_OK, HTTP_RANGE_UNSATISFIABLE };
enum http_range http_range_parse(const char *value, uint64_t size, uint64_t *first,
				 uint64_t *len);

/* http_req_header returns a request header's value, or NULL. Names compare
 * case-insensitively. Valid only during the handler call. */
const char *http_req_header(const struct http_req *r, const char *name);
/* Lookups over the parsed lists; NULL when absent. */
const char *http_query(const struct http_req *r, const char *name);
const char *http_form(const struct http_req *r, const char *name);
const char *http_cookie(const struct http_req *r, const char *name);

/* http_resp_header adds a response header; name and value must outlive the
 * response (string literals or arena memory). Values holding CR or LF are
 * refused (return false), so no header can be split. */
bool http_resp_header(struct http_resp *resp, const char *name,
		      const char *value);

/* The application's entry point: fill resp from req. Called once per
 * request, on one of the server's worker threads. */
typedef void (*http_handler_fn)(struct http_req *req, struct http_resp *resp,
				void *app);
struct http_limits {
	size_t max_header_bytes;   /* request line + headers (connection memory) */
	size_t max_form_bytes;     /* urlencoded body, and text parts in total */
	uint64_t max_upload_bytes; /* one multipart file part */
	uint64_t max_body_bytes;   /* whole multipart body */
	unsigned max_fields;       /* form + query parameters */
	unsigned max_uploads;      /* file parts per request */
	unsigned max_connections;
	unsigned max_per_ip;
	unsigned idle_timeout_s;
};

/* http_limits_default fills conservative defaults (see docs/architecture.md). */
void http_limits_default(struct http_limits *l);

struct http_server_config {
	const char *address; /* IPv4 or IPv6 literal, e.g. "127.0.0.1" */
	unsigned port;       /* 0 = pick a free port */
	unsigned threads;    /* 0 = number of cores */
	const char *upload_dir;
	bool trust_proxy;    /* honour X-Forwarded-Proto / X-Forwarded-For */
	struct http_limits limits;
	http_handler_fn handler;
	void *app;
};

struct http_server;

/* http_server_start binds and starts serving. Returns NULL and writes a
 * message into err (errlen bytes) on failure. */
struct http_server *http_server_start(const struct http_server_config *cfg,
				      char *err, size_t errlen);
/* http_server_port returns the bound port (useful when 0 was asked). */
unsigned http_server_port(const struct http_server *s);
/* http_server_stop stops accepting, lets requests in flight finish (up to a
 * few seconds), then frees everything. */
void http_server_stop(struct http_server *s);

#endif
