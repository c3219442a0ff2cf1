#include "domain/mail_in.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/notify.h"
#include "domain/reply_address.h"
#include "domain/staff_actions.h"
#include "mail/mail.h"
#include "render/markdown.h"
#include "store/store.h"
#include "util/die.h"
#include "util/log.h"
#include "util/json_field.h"

static const struct {
	const char *reason, *label;
} reasons[] = {
	{"no_address", "Not sent to a request's reply address"},
	{"unknown_request", "No request has the number in the address"},
	{"bad_token", "The address's code does not belong to its request"},
	{"not_requester", "The sender is not the requester"},
	{"too_many_attachments", "Too many attachments"},
	{"unreadable", "The message could not be read"},
	{"auto_reply", "An automatic reply"},
	{"bounce", "A delivery failure (bounce)"},
	{"duplicate", "Posted already (delivered twice)"},
	{"too_large", "Too large"},
	{"error", "Could not be processed"},
};

const char *mail_in_reason_label(const char *reason)
{
	for (size_t i = 0; reason && i < sizeof reasons / sizeof reasons[0]; i++)
		if (!strcmp(reasons[i].reason, reason))
			return reasons[i].label;
	return NULL;
}

/* message_body: the event's text: the reply's new text (else all of its
 * text), cut to what a message may hold, and the names of its files. */
static char *message_body(const struct mail_message *m, struct arena *a)
{
	const char *text = mail_reply_text(m->text, a);
	if (!*text)
		text = m->text;
	struct buf b = BUF_INIT;
	if (*text) {
		size_t len = strlen(text);
		size_t room = STAFF_TEXT_MAX - 200;
		if (len > room) {
			len = room;
			while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
				len--;
		}
		buf_append(&b, text, len);
		if (len < strlen(text))
			buf_puts(&b, "\n\n(The email was longer; staff can read all of it.)");
	} else {
		buf_puts(&b, "(The email had no text.)");
	}
	if (m->n_attachments) {
		buf_puts(&b, m->n_attachments == 1 ? "\n\nAttached file: "
						   : "\n\nAttached files: ");
		for (size_t i = 0; i < m->n_attachments && b.len < STAFF_TEXT_MAX - 300; i++) {
			if (i)
				buf_puts(&b, ", ");
			markdown_escape(&b, m->attachments[i].filename);
		}
		buf_putc(&b, '.');
	}
	char *r = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

static char *attachments_json(const struct mail_message *m)
{
	json_t *list = json_array();
	for (size_t i = 0; i < m->n_attachments; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I}", "filename",
						      m->attachments[i].filename, "content_type",
						      m->attachments[i].content_type, "size",
						      (json_int_t)m->attachments[i].size));
	char *text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	return text;
}

static enum store_rc audit(struct db *db, int64_t actor, const char *action, int64_t request_id,
			   int64_t inbound_id, json_t *before, json_t *after, const char *ip,
			   int64_t now)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *f = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct store_audit_new row = {
		.actor_id = actor, .action = action, .request_id = request_id,
		.target_type = "inbound_mail", .target_id = inbound_id, .before_json = b,
		.after_json = f, .ip = ip, .at = now,
	};
	enum store_rc rc = store_audit_add(db, &row);
	free(b);
	free(f);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* One message being posted on a request. */
struct post {
	struct db *db;
	int64_t inbound_id;
	const struct mail_message *m;
	const json_t *request; /* store_request_by_number's row */
	int64_t actor_id;      /* audit: 0 the system (mail-in), else staff */
	const char *action;    /* audit action */
	const char *ip;
	int64_t now;
	struct arena *arena;
	int64_t event_id;      /* out */
};

/* post writes the requester's message with its notifications, bumps the
 * request's version and writes the audit row, in the caller's
 * transaction. */
static enum store_rc post(struct post *p)
{
	const json_t *req = p->request;
	int64_t request_id = json_num(req, "id"), version = json_num(req, "version");
	json_t *data = json_pack("{s:s, s:I, s:s?}", "via", "email", "inbound_mail_id",
				 (json_int_t)p->inbound_id, "subject", p->m->subject);
	char *data_text = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	struct store_event_new e = {
		.request_id = request_id, .kind = "message", .level = "requester",
		.actor_id = json_num(req, "requester_id"), .actor_is_requester = true,
		.created_at = p->now, .body = message_body(p->m, p->arena), .data = data_text,
	};
	enum store_rc rc = store_event_add(p->db, &e, &p->event_id);
	free(data_text);
	/* Staff are told of the requester's message (notify.c decides who). */
	if (rc == STORE_OK && !notify_event(p->db, p->event_id))
		rc = STORE_ERROR;
	struct store_request_change none = {0};
	if (rc == STORE_OK)
		rc = store_request_update(p->db, request_id, version, &none, p->now);
	if (rc == STORE_OK)
		rc = audit(p->db, p->actor_id, p->action, request_id, p->inbound_id,
			   json_pack("{s:I}", "version", (json_int_t)version),
			   json_pack("{s:I, s:I, s:I, s:s}", "version", (json_int_t)version + 1,
				     "event_id", (json_int_t)p->event_id, "inbound_mail_id",
				     (json_int_t)p->inbound_id, "level", "requester"),
			   p->ip, p->now);
	return rc;
}

/* save writes a file of the email under DATA_DIR/uploads (the documents'
 * file system: they are hard links) and hashes it. Returns the malloc'd
 * path, NULL on failure (logged). */
static char *save(const struct document_env *env, const struct mail_attachment *a,
		  unsigned char sha256[crypto_hash_sha256_BYTES])
{
	char *dir = NULL, *path = NULL;
	if (asprintf(&dir, "%s/uploads", env->data_dir) < 0 ||
	    asprintf(&path, "%s/mail-XXXXXX", dir) < 0)
		die_oom();
	bool ok = (mkdir(env->data_dir, 0750) == 0 || errno == EEXIST) &&
		  (mkdir(dir, 0750) == 0 || errno == EEXIST);
	int fd = ok ? mkstemp(path) : -1;
	ok = fd >= 0;
	for (size_t done = 0; ok && done < a->size;) {
		ssize_t n = write(fd, a->data + done, a->size - done);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		done += ok ? (size_t)n : 0;
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok) {
		log_error("mail-in: cannot save a file in %s: %s", dir, strerror(errno));
		if (fd >= 0)
			unlink(path);
		free(path);
		path = NULL;
	}
	free(dir);
	if (ok)
		crypto_hash_sha256(sha256, a->data, a->size);
	return path;
}

/* add_document adds one file as a document at level requester, by the
 * requester; *item gets document_id, or problem. */
static void add_document(struct db *db, const struct document_env *env,
			 const struct document_actor *actor, const char *number,
			 const struct mail_attachment *a, json_t *item)
{
	unsigned char sha256[crypto_hash_sha256_BYTES];
	char *path = save(env, a, sha256);
	if (!path) {
		json_object_set_new(item, "problem", json_string("The file could not be saved."));
		return;
	}
	struct document_file f = {.name = a->filename, .path = path, .size = a->size,
				  .sha256 = sha256};
	struct document_input in = {.kind = DOCUMENT_FILE, .level = LEVEL_REQUESTER,
				    .description = "Sent by email.", .files = &f, .n_files = 1,
				    .by_email = true};
	int64_t *ids = NULL;
	size_t n = 0;
	char problem[DOCUMENT_PROBLEM_MAX] = "";
	enum document_rc rc = document_add(db, env, actor, number, &in, &ids, &n, problem);
	if (rc == DOCUMENT_OK && n)
		json_object_set_new(item, "document_id", json_integer(ids[0]));
	else
		json_object_set_new(item, "problem", json_string(rc == DOCUMENT_REFUSED && *problem
									 ? problem
									 : "The file could not be stored."));
	free(ids);
	unlink(path);
	free(path);
}

/* add_documents makes the files of a posted email documents of the
 * request (the first max; each in its own transaction, after the
 * message's) and records in the email's attachments_json which became
 * which document, or why not. */
static void add_documents(struct db *db, const struct document_env *env, const char *number,
			  const struct mail_message *m, int64_t inbound_id, size_t max, int64_t now)
{
	if (!env || !env->data_dir || !m->n_attachments)
		return;
	json_t *req = NULL;
	if (store_request_by_number(db, number, &req) != STORE_OK)
		return;
	struct document_actor actor = {
		.viewer = {.user_id = json_num(req, "requester_id"), .role = ROLE_REQUESTER},
		.now = now,
	};
	json_decref(req);
	json_t *list = json_array();
	for (size_t i = 0; i < m->n_attachments; i++) {
		const struct mail_attachment *a = &m->attachments[i];
		json_t *item = json_pack("{s:s, s:s, s:I}", "filename", a->filename,
					 "content_type", a->content_type, "size", (json_int_t)a->size);
		if (i < max)
			add_document(db, env, &actor, number, a, item);
		else
			json_object_set_new(item, "problem",
					    json_sprintf("Only the first %zu files of an email become "
							 "documents.", max));
		json_array_append_new(list, item);
	}
	char *text = json_dumps(list, JSON_COMPACT);
	if (store_inbound_attachments(db, inbound_id, text) != STORE_OK)
		log_error("mail-in: message %lld: %s", (long long)inbound_id, db_errmsg(db));
	free(text);
	json_decref(list);
}

/* request_number_of reads NUMBER from a reply address that
 * reply_address_check accepted (request-NUMBER-TOKEN@domain). */
static bool request_number_of(const char *address, char number[static 24])
{
	const char *at = strrchr(address, '@');
	const char *start = address + strlen("request-"), *dash = NULL;
	for (const char *p = start; at && p < at; p++)
		if (*p == '-')
			dash = p;
	if (!dash || dash - start >= 24)
		return false;
	memcpy(number, start, (size_t)(dash - start));
	number[dash - start] = '\0';
	return true;
}

/* What processing decided. */
struct outcome {
	struct store_inbound_result r;
	enum mail_in_rc rc;
	char number[24]; /* the request's, when the address named one */
};

static void hold(struct outcome *o, const char *reason)
{
	o->r.status = "held";
	o->r.reason = reason;
	o->rc = MAIL_IN_HELD;
}

static void keep_only(struct outcome *o, const char *reason, const char *detail)
{
	o->r.status = "rejected";
	o->r.reason = reason;
	o->r.reason_detail = detail;
	o->rc = MAIL_IN_KEPT;
}

/* find_request looks for a reply address among the recipients: the
 * envelope recipient when the MTA gave it, else the message's own. */
static enum reply_check find_request(struct db *db, const struct mail_message *m,
				     const struct mail_in_config *cfg, const char **addr,
				     int64_t *request_id)
{
	const char *const *list = cfg->recipient ? &cfg->recipient : m->recipients;
	size_t n = cfg->recipient ? 1 : m->n_recipients;
	*addr = n ? list[0] : NULL;
	for (size_t i = 0; i < n; i++) {
		enum reply_check rc = reply_address_check(db, list[i], NULL, request_id);
		if (rc != REPLY_NOT_OURS) {
			*addr = list[i];
			return rc;
		}
	}
	return REPLY_NOT_OURS;
}

/* bounce keeps a bounce and marks the failed address: the one the
 * delivery status names, else the requester's of the request it came
 * back to. */
static enum store_rc bounce(struct db *db, const struct mail_message *m, int64_t inbound_id,
			    const json_t *req, struct outcome *o, int64_t now)
{
	const char *why = m->bounce_reason ? m->bounce_reason : m->kind_why;
	keep_only(o, "bounce", why);
	const char *addr = m->bounce_addr ? m->bounce_addr : json_str(req, "requester_email");
	if (!addr)
		return STORE_OK;
	int64_t count = 0;
	enum store_rc rc = store_requester_email_failing(db, addr, now, why, &count);
	if (rc == STORE_OK && count)
		rc = audit(db, 0, "mail.bounce", json_num(req, "id"), inbound_id, NULL,
			   json_pack("{s:s, s:s?, s:I}", "address", addr, "reason", why,
				     "requests", (json_int_t)count),
			   NULL, now);
	return rc;
}

/* decide works out what the message is and posts it when it may, in the
 * caller's transaction. */
static enum store_rc decide(struct db *db, int64_t id, const struct mail_message *m,
			    const struct mail_in_config *cfg, struct arena *a, struct outcome *o)
{
	if (m->unreadable) {
		hold(o, "unreadable");
		return STORE_OK;
	}
	int64_t request_id = 0;
	const char *addr = NULL;
	enum reply_check check = find_request(db, m, cfg, &addr, &request_id);
	o->r.to_addr = addr;
	if (check == REPLY_ERROR)
		return STORE_ERROR;
	json_t *req = NULL;
	enum store_rc rc = STORE_OK;
	if (check == REPLY_OK) {
		if (!request_number_of(addr, o->number))
			return STORE_ERROR;
		rc = store_request_by_number(db, o->number, &req);
		if (rc != STORE_OK)
			return rc;
		o->r.request_id = request_id;
	}
	/* Postfix's pipe writes a null sender as MAILER-DAEMON by default. */
	bool null_sender = cfg->sender && (!*cfg->sender || !strcmp(cfg->sender, "<>") ||
					   !strcasecmp(cfg->sender, "MAILER-DAEMON"));
	if (m->kind == MAIL_BOUNCE || null_sender) {
		rc = bounce(db, m, id, req, o, cfg->now);
	} else if (m->kind == MAIL_AUTO_REPLY) {
		keep_only(o, "auto_reply", m->kind_why);
	} else if (check == REPLY_NOT_OURS) {
		hold(o, "no_address");
	} else if (check == REPLY_NO_REQUEST) {
		hold(o, "unknown_request");
	} else if (check == REPLY_BAD_TOKEN) {
		hold(o, "bad_token");
	} else if (!m->from_addr || !json_str(req, "requester_email") ||
		   strcasecmp(m->from_addr, json_str(req, "requester_email"))) {
		hold(o, "not_requester");
	} else if (m->n_attachments > cfg->max_attachments) {
		hold(o, "too_many_attachments");
		o->r.reason_detail = arena_printf(a, "%zu attachments; at most %zu are accepted",
						  m->n_attachments, cfg->max_attachments);
	} else {
		bool dup = false;
		if (m->message_id)
			rc = store_inbound_duplicate(db, m->message_id, request_id, &dup);
		if (rc == STORE_OK && dup) {
			keep_only(o, "duplicate", NULL);
		} else if (rc == STORE_OK) {
			struct post p = {
				.db = db, .inbound_id = id, .m = m, .request = req,
				.action = "request.mail_reply", .now = cfg->now, .arena = a,
			};
			rc = post(&p);
			if (rc == STORE_OK)
				rc = store_requester_email_ok(db, request_id);
			o->r.status = "accepted";
			o->r.event_id = p.event_id;
			o->rc = MAIL_IN_POSTED;
		}
	}
	json_decref(req);
	return rc;
}

/* describe fills the parsed fields of the result. */
static void describe(struct outcome *o, const struct mail_message *m, struct arena *a,
		     char *attachments)
{
	o->r.message_id = m->message_id;
	o->r.in_reply_to = m->in_reply_to;
	o->r.from_addr = m->from_addr;
	o->r.from_name = m->from_name;
	o->r.subject = m->subject;
	o->r.full_text = m->text;
	o->r.body_text = m->unreadable ? NULL : mail_reply_text(m->text, a);
	o->r.attachments_json = attachments;
	if (!o->r.to_addr && m->n_recipients)
		o->r.to_addr = m->recipients[0];
}

/* head_length: the length of the message's header block, at most
 * MAIL_IN_HEAD_MAX. */
static size_t head_length(const char *raw, size_t len)
{
	size_t max = len < MAIL_IN_HEAD_MAX ? len : MAIL_IN_HEAD_MAX;
	for (size_t i = 0; i + 1 < max; i++)
		if (raw[i] == '\n' && (raw[i + 1] == '\n' ||
				       (raw[i + 1] == '\r' && i + 2 < max && raw[i + 2] == '\n')))
			return i + 1;
	return max;
}

enum mail_in_rc mail_in_deliver(struct db *db, const char *raw, size_t len,
				const struct mail_in_config *cfg, int64_t *id)
{
	bool too_large = len > cfg->max_bytes;
	size_t keep = too_large ? head_length(raw, len) : len;
	*id = 0;
	int64_t size = (int64_t)(cfg->size > len ? cfg->size : len);
	if (store_inbound_add(db, raw, keep, size, cfg->now, id) != STORE_OK) {
		log_error("mail-in: the message could not be stored: %s", db_errmsg(db));
		return MAIL_IN_ERROR;
	}
	struct arena a;
	arena_init(&a);
	struct mail_message m;
	mail_parse(raw, keep, &a, &m);
	char *attachments = attachments_json(&m);
	struct outcome o = {.r = {.now = cfg->now}};
	enum store_rc rc = STORE_ERROR;
	if (db_begin(db)) {
		if (too_large) {
			keep_only(&o, "too_large",
				  arena_printf(&a, "more than %zu bytes", cfg->max_bytes));
			o.rc = MAIL_IN_TOO_LARGE;
			rc = STORE_OK;
		} else {
			rc = decide(db, *id, &m, cfg, &a, &o);
		}
		describe(&o, &m, &a, attachments);
		if (rc == STORE_OK)
			rc = store_inbound_processed(db, *id, &o.r);
		if (rc == STORE_OK && !db_commit(db))
			rc = STORE_ERROR;
	}
	enum mail_in_rc result = o.rc;
	if (rc == STORE_OK && result == MAIL_IN_POSTED)
		add_documents(db, &cfg->documents, o.number, &m, *id, cfg->max_attachments,
			      cfg->now);
	if (rc != STORE_OK) {
		char why[512];
		snprintf(why, sizeof why, "%s", db_errmsg(db));
		db_rollback(db);
		log_error("mail-in: message %lld stored but not processed: %s", (long long)*id,
			  why);
		store_inbound_failed(db, *id, why, cfg->now);
		result = too_large ? MAIL_IN_TOO_LARGE : MAIL_IN_HELD;
	}
	free(attachments);
	arena_free(&a);
	return result;
}

/* waiting: a held message (or one that failed) is still for staff. */
static bool waiting(const json_t *row)
{
	const char *s = json_str(row, "status");
	return s && (!strcmp(s, "held") || !strcmp(s, "failed") || !strcmp(s, "queued"));
}

static enum mail_in_staff_rc staff_end(struct db *db, enum mail_in_staff_rc r, const char *what)
{
	if (r == MAIL_IN_STAFF_OK && !db_commit(db))
		r = MAIL_IN_STAFF_ERROR;
	if (r == MAIL_IN_STAFF_ERROR)
		log_error("mail: %s: %s", what, db_errmsg(db));
	if (r != MAIL_IN_STAFF_OK)
		db_rollback(db);
	return r;
}

static enum mail_in_staff_rc from_store(enum store_rc rc)
{
	return rc == STORE_OK ? MAIL_IN_STAFF_OK
	       : rc == STORE_NOT_FOUND ? MAIL_IN_STAFF_NOT_FOUND
				       : MAIL_IN_STAFF_ERROR;
}

enum mail_in_staff_rc mail_in_attach(struct db *db, const struct viewer *actor, int64_t id,
				     const char *number, const struct document_env *env,
				     size_t max_files, const char *ip, int64_t now)
{
	if (!db_begin(db))
		return staff_end(db, MAIL_IN_STAFF_ERROR, "attaching");
	json_t *row = NULL, *req = NULL;
	char *raw = NULL;
	size_t len = 0;
	struct arena a;
	arena_init(&a);
	enum mail_in_staff_rc r = from_store(store_inbound_get(db, id, &row));
	if (r == MAIL_IN_STAFF_OK && !waiting(row))
		r = MAIL_IN_STAFF_DONE;
	if (r == MAIL_IN_STAFF_OK) {
		r = from_store(store_request_by_number(db, number, &req));
		if (r == MAIL_IN_STAFF_NOT_FOUND)
			r = MAIL_IN_STAFF_NO_REQUEST;
	}
	if (r == MAIL_IN_STAFF_OK)
		r = from_store(store_inbound_raw(db, id, &raw, &len));
	struct mail_message m = {0};
	if (r == MAIL_IN_STAFF_OK) {
		mail_parse(raw, len, &a, &m);
		struct post p = {
			.db = db, .inbound_id = id, .m = &m, .request = req,
			.actor_id = actor->user_id, .action = "request.mail_attach", .ip = ip,
			.now = now, .arena = &a,
		};
		enum store_rc rc = post(&p);
		if (rc == STORE_OK)
			rc = store_inbound_resolve(db, id, "accepted", json_num(req, "id"), p.event_id,
						   actor->user_id, now);
		r = rc == STORE_NOT_FOUND ? MAIL_IN_STAFF_DONE : from_store(rc);
	}
	json_decref(row);
	json_decref(req);
	free(raw);
	r = staff_end(db, r, "attaching a held email");
	if (r == MAIL_IN_STAFF_OK)
		add_documents(db, env, number, &m, id, max_files, now);
	arena_free(&a);
	return r;
}

enum mail_in_staff_rc mail_in_discard(struct db *db, const struct viewer *actor, int64_t id,
				      const char *ip, int64_t now)
{
	if (!db_begin(db))
		return staff_end(db, MAIL_IN_STAFF_ERROR, "discarding");
	json_t *row = NULL;
	enum mail_in_staff_rc r = from_store(store_inbound_get(db, id, &row));
	if (r == MAIL_IN_STAFF_OK && !waiting(row))
		r = MAIL_IN_STAFF_DONE;
	if (r == MAIL_IN_STAFF_OK) {
		enum store_rc rc = store_inbound_resolve(db, id, "rejected", 0, 0, actor->user_id,
							 now);
		if (rc == STORE_OK)
			rc = audit(db, actor->user_id, "mail.discard", json_num(row, "request_id"), id,
				   json_pack("{s:s}", "status", json_str(row, "status")),
				   json_pack("{s:s}", "status", "rejected"), ip, now);
		r = rc == STORE_NOT_FOUND ? MAIL_IN_STAFF_DONE : from_store(rc);
	}
	json_decref(row);
	return staff_end(db, r, "discarding a held email");
}
