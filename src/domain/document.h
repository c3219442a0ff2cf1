/* Documents released on a request: files (stored once per content under
 * DATA_DIR/documents/ab/cdef..., named by their SHA-256), links and offline
 * instructions, each at a release level. Every change is one transaction
 * with its event and audit row; who may see a document is the policy's
 * call (policy_can_see_request, policy_can_see_document). */
#ifndef DISCLOSE_DOCUMENT_H
#define DISCLOSE_DOCUMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/policy.h"
#include "domain/role.h"
#include "store/db.h"
#include "worker/worker.h"

enum {
	DOCUMENT_TITLE_MAX = 300,
	DOCUMENT_TEXT_MAX = 20000,     /* description, instructions */
	DOCUMENT_URL_MAX = 2000,
	DOCUMENT_TYPES_MAX = 8000,     /* the allow-list, as text */
	DOCUMENT_TYPE_MAX = 128,       /* one sniffed MIME type */
	DOCUMENT_FILENAME_MAX = 255,   /* bytes of a stored file name */
	DOCUMENT_PROBLEM_MAX = 600,    /* a refusal, for people */
};

/* A file received, already on disk under the data directory (the upload
 * directory), with its SHA-256. */
struct document_file {
	const char *name; /* as the client sent it, untrusted */
	const char *path;
	uint64_t size;
	const unsigned char *sha256; /* 32 bytes */
};

/* Where files live and how they are checked. */
struct document_env {
	const char *data_dir;
	const char *clamdscan; /* the clamdscan program; NULL: no scanning */
};

struct document_actor {
	struct viewer viewer;
	const char *ip; /* for the audit log */
	int64_t now;
};

enum document_rc {
	DOCUMENT_OK,
	DOCUMENT_NOT_FOUND, /* no such request or document, or not for this viewer */
	DOCUMENT_FORBIDDEN, /* seen, but not the viewer's to change */
	DOCUMENT_REFUSED,   /* *problem says why (type, limit, virus, input) */
	DOCUMENT_ERROR,     /* database or disk failure (logged) */
};

enum document_kind { DOCUMENT_FILE, DOCUMENT_LINK, DOCUMENT_OFFLINE };
extern const char *const document_kinds[]; /* "file", "link", "offline", NULL */

/* What is added to a request. Files: one document per upload, each titled
 * title (or its file name when title is empty, or when there are several:
 * "title: name"). */
struct document_input {
	enum document_kind kind;
	enum level level;
	const char *title, *description;
	const struct document_file *files; /* file; the caller removes them after */
	size_t n_files;
	const char *url;          /* link: http or https */
	const char *instructions; /* offline */
	/* Files the request's requester sent by email (domain/mail_in.c):
	 * added as the requester adds them (files at level requester, byline
	 * the requester) whether or not they have an account; the actor's
	 * viewer is then {requester_id or 0, ROLE_REQUESTER}. */
	bool by_email;
};

/* document_add adds documents to request number. Staff may add at any
 * level; the request's requester only files at level requester. A level
 * other than staff releases them at once, with a "Document Released" event
 * at that level naming them. Each file is checked before anything is
 * written: its sniffed type against the allow-list, the limits per request,
 * the virus scanner when configured. Sets *ids (malloc'd, *n_ids entries;
 * may be NULL) on DOCUMENT_OK. */
enum document_rc document_add(struct db *db, const struct document_env *env,
			      const struct document_actor *actor, const char *number,
			      const struct document_input *in, int64_t **ids, size_t *n_ids,
			      char problem[DOCUMENT_PROBLEM_MAX]);

/* document_set_level moves a document to level: to public or requester it
 * is released (a "Document Released" event at that level, when it was not
 * visible at that level before); to staff it is withdrawn. Staff only. */
enum document_rc document_set_level(struct db *db, const struct document_actor *actor,
				    int64_t id, enum level level, char problem[DOCUMENT_PROBLEM_MAX]);

/* document_replace adds file as the new version of file document id, at
 * its level and title; the old version stays, at level staff. Sets *new_id. */
enum document_rc document_replace(struct db *db, const struct document_env *env,
				  const struct document_actor *actor, int64_t id,
				  const struct document_file *file, int64_t *new_id,
				  char problem[DOCUMENT_PROBLEM_MAX]);

/* document_get sets *row (store_document_get's) when viewer may see the
 * document, and *level to the viewer's level on its request; otherwise
 * DOCUMENT_NOT_FOUND, as for an id that does not exist. */
enum document_rc document_get(struct db *db, const struct viewer *viewer, int64_t id,
			      json_t **row, enum level *level);

/* document_path returns the malloc'd path of a stored file (storage_path
 * under data_dir). */
char *document_path(const struct document_env *env, const char *storage_path);

/* document_inline: whether a type is shown in the browser (PDF, raster
 * images) rather than downloaded as an attachment. */
bool document_inline(const char *content_type);

/* document_safe_filename returns a malloc'd file name made from a
 * client's: the last path segment, without control characters, quotes,
 * backslashes or a leading dot, at most DOCUMENT_FILENAME_MAX bytes of
 * whole UTF-8 characters; "file" when nothing is left. */
char *document_safe_filename(const char *name);

/* document_content_disposition returns the malloc'd Content-Disposition
 * value for a file name (RFC 6266): an ASCII fallback filename= and the
 * UTF-8 name in filename*= (RFC 8187). */
char *document_content_disposition(const char *filename, bool attachment);

/* Settings of the documents area (admin page). */
struct document_settings {
	char *allowed_types; /* one MIME type or a whole type ("image/" and a star) per line */
	int64_t max_request_mb, max_per_request;
};
/* document_settings_load reads them; false on a database failure. */
bool document_settings_load(struct db *db, struct document_settings *s);
void document_settings_free(struct document_settings *s);
/* document_settings_save checks and saves them (an admin's change, with its
 * audit row); DOCUMENT_REFUSED with *problem for a bad MIME type. */
enum document_rc document_settings_save(struct db *db, const struct document_actor *actor,
					const struct document_settings *s,
					char problem[DOCUMENT_PROBLEM_MAX]);
/* document_type_allowed: whether content_type is on the list. */
bool document_type_allowed(const char *list, const char *content_type);

/* document_sniff writes the MIME type libmagic finds in the file at path
 * into out; false when it cannot tell (the type is then
 * application/octet-stream). */
bool document_sniff(const char *path, char out[DOCUMENT_TYPE_MAX]);

/* document_extract_job extracts the text of document id and indexes it
 * (text_status done, or failed when it cannot be read: the document itself
 * stays). False only on a database failure. */
bool document_extract_job(struct db *db, const struct document_env *env, int64_t id);

/* document_extract_text_job is the worker's "documents.extract" job:
 * payload {"document_id": N}. */
enum job_result document_extract_text_job(struct job *job);

#endif
