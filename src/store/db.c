/* The SQLite connection: hardened open, named prepared statements,
 * transactions, per-thread connections, rows as JSON. */
#include "store/store_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/die.h"

enum { BUSY_TIMEOUT_MS = 5000 };
/* Page cache during a bulk load, in KiB (the indexes of a million
 * requests stay mostly in memory). */
enum { BULK_CACHE_KIB = 64 * 1024 };
#define SYNCHRONOUS_HARDENED "NORMAL"

/* open_hint says what to do about a failure to open or set up path. */
static const char *open_hint(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return "it is not an SQLite database; check the path";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "another process holds it locked; try again";
	case SQLITE_CANTOPEN:
		return "check the path and permissions"
		       " (`disclose init` creates a new database)";
	default:
		return "check the path and permissions";
	}
}

/* harden applies the settings that every connection gets. On failure it
 * writes what went wrong and what to do into err and returns false. */
static bool harden(sqlite3 *conn, const char *path, char *err, size_t errlen)
{
	static const struct {
		int op, value;
		const char *name;
	} configs[] = {
		{SQLITE_DBCONFIG_DEFENSIVE, 1, "defensive"},
		{SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "load_extension"},
		/* As PRAGMA trusted_schema = OFF and foreign_keys = ON. */
		{SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "trusted_schema"},
		{SQLITE_DBCONFIG_ENABLE_FKEY, 1, "foreign_keys"},
		{SQLITE_DBCONFIG_DQS_DML, 0, "dqs_dml"},
		{SQLITE_DBCONFIG_DQS_DDL, 0, "dqs_ddl"},
	};
	for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
		int set = -1;
		if (sqlite3_db_config(conn, configs[i].op, configs[i].value,
				      &set) != SQLITE_OK || set != configs[i].value) {
			snprintf(err, errlen, "cannot open database '%s': cannot"
				 " set %s; is this SQLite too old?", path,
				 configs[i].name);
			return false;
		}
	}
	int rc = sqlite3_busy_timeout(conn, BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(conn, "PRAGMA synchronous = " SYNCHRONOUS_HARDENED,
				  NULL, NULL, NULL);
	/* WAL lets readers run beside the writer. It is also the first read
	 * of the file, so a file that is not a database fails here. */
	sqlite3_stmt *st = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(conn, "PRAGMA journal_mode = WAL", -1,
					&st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, "cannot open database '%s': %s; %s", path,
			 sqlite3_errmsg(conn), open_hint(rc));
		sqlite3_finalize(st);
		return false;
	}
	const char *mode = (const char *)sqlite3_column_text(st, 0);
	bool wal = mode && !strcmp(mode, "wal");
	if (!wal)
		snprintf(err, errlen, "cannot open database '%s': its file"
			 " system cannot do WAL journal mode (got %s); put it on"
			 " a local file system", path, mode ? mode : "nothing");
	sqlite3_finalize(st);
	return wal;
}

/* The database generation: bumped after every commit of this process
 * (the WAL hook runs once the commit is durable and visible) and when a
 * connection sees another process's commit (PRAGMA data_version). */
static _Atomic uint64_t generation = 1;

enum { WAL_CHECKPOINT_FRAMES = 1000 };

/* on_wal_commit replaces SQLite's default WAL hook: it counts the commit,
 * then checkpoints as the default (wal_autocheckpoint 1000) would. */
static int on_wal_commit(void *arg, sqlite3 *conn, const char *name, int frames)
{
	(void)arg;
	generation++;
	if (frames >= WAL_CHECKPOINT_FRAMES)
		sqlite3_wal_checkpoint_v2(conn, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

uint64_t db_generation(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, STMT_DATA_VERSION);
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		int64_t version = sqlite3_column_int64(st, 0);
		if (version != db->data_version) {
			if (db->data_version)
				generation++;
			db->data_version = version;
		}
	}
	if (st)
		sqlite3_reset(st);
	return generation;
}

struct db *db_open(const char *path, bool create, char *err, size_t errlen)
{
	if (sqlite3_libversion_number() < 3037000) {
		snprintf(err, errlen, "SQLite %s is too old; disclose needs 3.37"
			 " or newer", sqlite3_libversion());
		return NULL;
	}
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    SQLITE_OPEN_EXRESCODE | (create ? SQLITE_OPEN_CREATE : 0);
	sqlite3 *conn = NULL;
	int rc = sqlite3_open_v2(path, &conn, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database '%s': %s; %s", path,
			 conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc),
			 open_hint(rc));
		sqlite3_close(conn);
		return NULL;
	}
	if (!harden(conn, path, err, errlen)) {
		sqlite3_close(conn);
		return NULL;
	}
	sqlite3_wal_hook(conn, on_wal_commit, NULL);
	struct db *db = xcalloc(1, sizeof *db);
	db->conn = conn;
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(db->stmts[i]);
	/* Recommended before closing a long-lived connection: refreshes the
	 * planner's statistics where they are stale. Best effort. */
	sqlite3_exec(db->conn, "PRAGMA optimize", NULL, NULL, NULL);
	if (sqlite3_close(db->conn) != SQLITE_OK)
		fprintf(stderr, "disclose: closing the database: %s\n",
			sqlite3_errmsg(db->conn));
	free(db);
}

void db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
}

const char *db_errmsg(struct db *db)
{
	return db->err[0] ? db->err : sqlite3_errmsg(db->conn);
}

sqlite3_stmt *db_stmt(struct db *db, enum stmt_id id)
{
	sqlite3_stmt *st = db->stmts[id];
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	const struct stmt_def *def = &db_stmt_defs[id];
	if (!def->sql) {
		db_set_error(db, "statement %d has no SQL text", (int)id);
		return NULL;
	}
	int rc = sqlite3_prepare_v3(db->conn, def->sql, -1,
				    SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_set_error(db, "preparing statement '%s': %s", def->name,
			     sqlite3_errmsg(db->conn));
		sqlite3_finalize(st);
		return NULL;
	}
	db->stmts[id] = st;
	return st;
}

enum store_rc db_result(struct db *db, int rc, const char *what)
{
	if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
		return STORE_OK;
	db_set_error(db, "%s: %s", what, sqlite3_errmsg(db->conn));
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return STORE_CONFLICT;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return STORE_INVALID;
	return STORE_ERROR;
}

enum store_rc db_step_done(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	enum store_rc r;
	if (rc == SQLITE_ROW) {
		db_set_error(db, "%s: unexpected result row", what);
		r = STORE_ERROR;
	} else {
		r = db_result(db, rc, what);
	}
	sqlite3_reset(st);
	return r;
}

enum store_rc db_step_int(struct db *db, sqlite3_stmt *st, const char *what,
			  int64_t *out)
{
	int rc = sqlite3_step(st);
	enum store_rc r = rc == SQLITE_DONE ? STORE_NOT_FOUND : db_result(db, rc, what);
	if (r == STORE_OK)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return r;
}

enum store_rc db_step_text(struct db *db, sqlite3_stmt *st, const char *what,
			   char **out)
{
	int rc = sqlite3_step(st);
	enum store_rc r = rc == SQLITE_DONE ? STORE_NOT_FOUND : db_result(db, rc, what);
	if (r == STORE_OK) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		if (s)
			*out = xstrndup(s, (size_t)sqlite3_column_bytes(st, 0));
		else if (sqlite3_errcode(db->conn) == SQLITE_NOMEM)
			die_oom();
		else
			r = STORE_NOT_FOUND;
	}
	sqlite3_reset(st);
	return r;
}

/* run executes a statement with no parameters and no result rows. */
static bool run(struct db *db, enum stmt_id id)
{
	sqlite3_stmt *st = db_stmt(db, id);
	return st && db_step_done(db, st, db_stmt_defs[id].name) == STORE_OK;
}

bool db_begin(struct db *db)
{
	return run(db, STMT_BEGIN);
}

bool db_commit(struct db *db)
{
	return run(db, STMT_COMMIT);
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		run(db, STMT_ROLLBACK);
}

/* pragma runs one PRAGMA written by this file (no values from outside). */
static bool pragma(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		db_set_error(db, "%s: %s", sql, sqlite3_errmsg(db->conn));
	return rc == SQLITE_OK;
}

bool db_bulk_begin(struct db *db)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		db_set_error(db, "reading the cache size: %s", sqlite3_errmsg(db->conn));
		sqlite3_finalize(st);
		return false;
	}
	db->cache_size = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -BULK_CACHE_KIB);
	db->bulk = pragma(db, "PRAGMA synchronous = OFF") && pragma(db, sql);
	return db->bulk;
}

bool db_bulk_end(struct db *db)
{
	db->bulk = false;
	bool good = db_begin(db) && store_search_rebuild(db) == STORE_OK && db_commit(db);
	if (!good)
		db_rollback(db);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)db->cache_size);
	return pragma(db, "PRAGMA synchronous = " SYNCHRONOUS_HARDENED) && pragma(db, sql) &&
	       good;
}

int64_t db_now(void)
{
	return (int64_t)time(NULL);
}

/* utf8_seq returns the length of the valid UTF-8 sequence at s (n > 0 bytes
 * available), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp, min;
	size_t len;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	cp = c & (0x3fu >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* text_json returns text as a JSON string, invalid UTF-8 replaced. */
static json_t *text_json(const unsigned char *s, size_t n)
{
	json_t *v = json_stringn((const char *)s, n);
	if (v)
		return v;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq(s + i, n - i);
		if (len) {
			buf_append(&b, s + i, len);
			i += len;
		} else {
			buf_puts(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	v = json_stringn(buf_cstr(&b), b.len);
	buf_free(&b);
	return v;
}

/* column_json returns column i of the current row of st as a new value. */
static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER: {
		sqlite3_int64 v = sqlite3_column_int64(st, i);
		const char *decl = sqlite3_column_decltype(st, i);
		if (decl && !strcmp(decl, "INT"))
			return json_boolean(v != 0);
		return json_integer((json_int_t)v);
	}
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_TEXT: {
		const unsigned char *s = sqlite3_column_text(st, i);
		return text_json(s, (size_t)sqlite3_column_bytes(st, i));
	}
	case SQLITE_BLOB: {
		static const char hex[] = "0123456789abcdef";
		const unsigned char *p = sqlite3_column_blob(st, i);
		size_t n = (size_t)sqlite3_column_bytes(st, i);
		struct buf b = BUF_INIT;
		buf_reserve(&b, 2 * n);
		for (size_t k = 0; k < n; k++) {
			buf_putc(&b, hex[p[k] >> 4]);
			buf_putc(&b, hex[p[k] & 15]);
		}
		json_t *v = json_stringn(buf_cstr(&b), b.len);
		buf_free(&b);
		return v;
	}
	default:
		return json_null();
	}
}

json_t *db_row_json(sqlite3_stmt *st)
{
	json_t *row = json_object();
	if (!row)
		die_oom();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		json_t *v = column_json(st, i);
		if (!v || json_object_set_new(row, sqlite3_column_name(st, i), v))
			die_oom();
	}
	return row;
}

/* Per-thread connections. */

static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static pthread_key_t thread_key;
static char *thread_path;

static void thread_close(void *db)
{
	db_close(db);
}

static void thread_key_create(void)
{
	if (pthread_key_create(&thread_key, thread_close) != 0) {
		fputs("disclose: cannot create a thread key\n", stderr);
		abort();
	}
}

void db_thread_setup(const char *path)
{
	pthread_once(&thread_once, thread_key_create);
	free(thread_path);
	thread_path = xstrdup(path);
}

struct db *db_thread(void)
{
	if (!thread_path) {
		fputs("disclose: db_thread called before db_thread_setup\n", stderr);
		return NULL;
	}
	struct db *db = pthread_getspecific(thread_key);
	if (db)
		return db;
	char err[512];
	db = db_open(thread_path, false, err, sizeof err);
	if (!db) {
		fprintf(stderr, "disclose: %s\n", err);
		return NULL;
	}
	if (pthread_setspecific(thread_key, db) != 0) {
		fputs("disclose: cannot store the thread's connection\n", stderr);
		db_close(db);
		return NULL;
	}
	return db;
}

int db_bind(struct db *db, sqlite3_stmt *st, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = SQLITE_OK;
	for (int i = 0; types[i] && rc == SQLITE_OK; i++) {
		if (types[i] == 't') {
			rc = sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1,
					       SQLITE_STATIC);
		} else if (types[i] == 'h') {
			rc = sqlite3_bind_blob(st, i + 1, va_arg(ap, const unsigned char *),
					       STORE_HASH_BYTES, SQLITE_STATIC);
		} else {
			int64_t v = va_arg(ap, int64_t);
			rc = types[i] == 'I' && v == 0 ? sqlite3_bind_null(st, i + 1)
						       : sqlite3_bind_int64(st, i + 1, v);
		}
	}
	va_end(ap);
	if (rc != SQLITE_OK)
		db_set_error(db, "binding parameters: %s", sqlite3_errmsg(db->conn));
	return rc;
}

enum store_rc db_rows_json(struct db *db, sqlite3_stmt *st, const char *what,
			   json_t **rows)
{
	json_t *out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(out, db_row_json(st));
	enum store_rc r = db_result(db, rc, what);
	sqlite3_reset(st);
	if (r != STORE_OK) {
		json_decref(out);
		return r;
	}
	*rows = out;
	return STORE_OK;
}

enum store_rc db_row_one(struct db *db, sqlite3_stmt *st, const char *what, json_t **row)
{
	int rc = sqlite3_step(st);
	enum store_rc r = rc == SQLITE_DONE ? STORE_NOT_FOUND : db_result(db, rc, what);
	if (r == STORE_OK)
		*row = db_row_json(st);
	sqlite3_reset(st);
	return r;
}

void db_id_list(struct buf *b, const int64_t *ids, size_t n)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_putc(b, ']');
}
