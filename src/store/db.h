/* The database connection: SQLite today, behind an interface that does not
 * leak SQLite types to the domain, so PostgreSQL can follow.
 *
 * A connection is used by one thread at a time. `disclose serve` keeps one
 * per worker thread (db_thread). Every connection is opened hardened: WAL,
 * foreign keys on, busy timeout, SQLITE_DBCONFIG_DEFENSIVE, trusted_schema
 * off, no extension loading. SQL text lives only in src/store/. */
#ifndef DISCLOSE_DB_H
#define DISCLOSE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* db_open opens (create: or creates) the database file at path. On failure
 * returns NULL with a message in err that says what to do. Does not
 * migrate. db_close (NULL is fine) closes it and its statements. */
struct db *db_open(const char *path, bool create, char *err, size_t errlen);
void db_close(struct db *db);

/* db_migrate applies the numbered migrations (migrations/NNNN_name.sql,
 * compiled in) that the database lacks, each in its own transaction, and
 * records them in schema_migrations. Returns false with a message in err. */
bool db_migrate(struct db *db, char *err, size_t errlen);
/* db_schema_version returns the highest applied migration number (0: none;
 * -1: error, see db_errmsg). */
int db_schema_version(struct db *db);
/* db_latest_version returns the highest migration compiled in. A database
 * newer than this is refused by db_migrate. */
int db_latest_version(void);

/* Transactions. db_begin starts an IMMEDIATE transaction (writers queue on
 * the busy timeout instead of failing mid-way); they do not nest. Every
 * state change runs in one transaction that also writes its event and audit
 * row. When db_begin or db_commit returns false, call db_rollback (a no-op
 * outside a transaction). */
bool db_begin(struct db *db);
bool db_commit(struct db *db);
void db_rollback(struct db *db);

/* db_generation returns a number that changes whenever the database may
 * have changed: after any commit of this process, and when this connection
 * sees another process's commit. Read it BEFORE reading the data that a
 * cached copy is made from; a copy made under an older number is stale. */
uint64_t db_generation(struct db *db);

/* Bulk loading, for `disclose demo` only (a new database that is deleted
 * when the load fails). db_bulk_begin turns fsync off (PRAGMA synchronous
 * = OFF: a crash can corrupt the file), enlarges the page cache, and defers
 * full-text indexing: items are still listed in search_items with their
 * visibility, but the FTS indexes are rebuilt once, by db_bulk_end, which
 * then restores the hardened settings. Both run outside a transaction.
 * Returns false with db_errmsg set. */
bool db_bulk_begin(struct db *db);
bool db_bulk_end(struct db *db);

/* db_errmsg returns the message of this connection's last failure (of a
 * db_* or store_* call); valid until the next call on the connection. */
const char *db_errmsg(struct db *db);

/* Per-thread connections for the server. db_thread_setup records the path
 * once at start; db_thread returns this thread's connection, opening it on
 * first use (NULL on failure, logged). Connections are closed when their
 * thread exits. */
void db_thread_setup(const char *path);
struct db *db_thread(void);

#endif
