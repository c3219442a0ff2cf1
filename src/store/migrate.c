/* Migrations: migrations/NNNN_name.sql, compiled into the binary, applied
 * in order, each in one transaction with its schema_migrations row.
 *
 * A migration runs with foreign key enforcement off and is checked with
 * PRAGMA foreign_key_check before it commits: this is the SQLite procedure
 * for rebuilding a table (to change a CHECK, say) without cascading deletes
 * from the DROP TABLE. A migration must not contain BEGIN or COMMIT. */
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/embedded.h"

static const char migrations_dir[] = "migrations/";

struct migration {
	int version;
	const char *name; /* not NUL-terminated: namelen bytes */
	int namelen;
	const char *sql;
};

/* parse_migration reads f as migrations/NNNN_name.sql. Returns 1 and fills
 * m, 0 when f is not under migrations/, -1 when it is but misnamed. */
static int parse_migration(const struct embedded_file *f, struct migration *m)
{
	const char *p = f->path;
	if (strncmp(p, migrations_dir, sizeof migrations_dir - 1) != 0)
		return 0;
	p += sizeof migrations_dir - 1;
	size_t len = strlen(p);
	if (len < strlen("0000_x.sql") || strcmp(p + len - 4, ".sql") != 0 ||
	    p[4] != '_')
		return -1;
	int version = 0;
	for (int i = 0; i < 4; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		version = version * 10 + (p[i] - '0');
	}
	m->version = version;
	m->name = p + 5;
	m->namelen = (int)(len - strlen("0000_.sql"));
	m->sql = (const char *)f->data;
	return 1;
}

int db_latest_version(void)
{
	int latest = 0;
	struct migration m;
	for (size_t i = 0; i < embedded_count; i++)
		if (parse_migration(&embedded_files[i], &m) == 1 &&
		    m.version > latest)
			latest = m.version;
	return latest;
}

/* check_migrations verifies that the compiled-in migrations are numbered
 * 1, 2, 3, ... (embedded_files is sorted by path, so by number). */
static bool check_migrations(char *err, size_t errlen)
{
	int expect = 1;
	struct migration m;
	for (size_t i = 0; i < embedded_count; i++) {
		const char *path = embedded_files[i].path;
		int r = parse_migration(&embedded_files[i], &m);
		if (r < 0) {
			snprintf(err, errlen, "migration file '%s' is misnamed;"
				 " expected %sNNNN_name.sql", path, migrations_dir);
			return false;
		}
		if (r == 1 && m.version != expect) {
			snprintf(err, errlen, "migration file '%s' should be number"
				 " %04d; migrations are numbered 1, 2, 3, ...",
				 path, expect);
			return false;
		}
		expect += r;
	}
	return true;
}

int db_schema_version(struct db *db)
{
	int64_t exists = 0, version = 0;
	sqlite3_stmt *st = db_stmt(db, STMT_MIGRATIONS_TABLE_EXISTS);
	if (!st || db_step_int(db, st, "reading the schema", &exists) != STORE_OK)
		return -1;
	if (!exists)
		return 0;
	st = db_stmt(db, STMT_MIGRATIONS_VERSION);
	if (!st || db_step_int(db, st, "reading the schema version",
			       &version) != STORE_OK)
		return -1;
	return (int)version;
}

/* foreign_keys_ok reports a row that breaks a foreign key, if any. */
static bool foreign_keys_ok(struct db *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_stmt(db, STMT_FOREIGN_KEY_CHECK);
	if (!st) {
		snprintf(err, errlen, "%s", db_errmsg(db));
		return false;
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(err, errlen, "a row of table %s (rowid %lld) refers to"
			 " a missing row of %s", sqlite3_column_text(st, 0),
			 (long long)sqlite3_column_int64(st, 1),
			 sqlite3_column_text(st, 2));
	else if (rc != SQLITE_DONE)
		snprintf(err, errlen, "checking foreign keys: %s",
			 sqlite3_errmsg(db->conn));
	sqlite3_reset(st);
	return rc == SQLITE_DONE;
}

/* apply runs migration m in its own transaction. */
static bool apply(struct db *db, const struct migration *m, char *err,
		  size_t errlen)
{
	char why[400] = "";
	char *msg = NULL;
	sqlite3_stmt *st;
	if (!db_begin(db)) {
		snprintf(why, sizeof why, "%s", db_errmsg(db));
		goto fail;
	}
	/* Another process may have applied it while this one waited. */
	int version = db_schema_version(db);
	if (version < 0) {
		snprintf(why, sizeof why, "%s", db_errmsg(db));
		goto fail;
	}
	if (version >= m->version) {
		db_rollback(db);
		return true;
	}
	if (sqlite3_exec(db->conn, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", msg ? msg : sqlite3_errmsg(db->conn));
		sqlite3_free(msg);
		goto fail;
	}
	if (sqlite3_get_autocommit(db->conn)) {
		snprintf(why, sizeof why, "it ended its own transaction; remove"
			 " BEGIN/COMMIT from it and restore the database");
		goto fail;
	}
	if (!foreign_keys_ok(db, why, sizeof why))
		goto fail;
	st = db_stmt(db, STMT_MIGRATIONS_RECORD);
	if (!st ||
	    sqlite3_bind_int(st, 1, m->version) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, m->name, m->namelen, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, db_now()) != SQLITE_OK ||
	    db_step_done(db, st, "recording the migration") != STORE_OK ||
	    !db_commit(db)) {
		snprintf(why, sizeof why, "%s", db_errmsg(db));
		goto fail;
	}
	return true;
fail:
	db_rollback(db);
	snprintf(err, errlen, "migration %04d_%.*s failed: %s", m->version,
		 m->namelen, m->name, why);
	return false;
}

bool db_migrate(struct db *db, char *err, size_t errlen)
{
	if (!check_migrations(err, errlen))
		return false;
	int latest = db_latest_version();
	int version = db_schema_version(db);
	if (version < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s",
			 db_errmsg(db));
		return false;
	}
	if (version > latest) {
		snprintf(err, errlen, "database schema version %d is newer than"
			 " this disclose (%d); upgrade disclose", version, latest);
		return false;
	}
	if (version == 0) {
		int64_t objects = 0;
		sqlite3_stmt *st = db_stmt(db, STMT_SCHEMA_OBJECT_COUNT);
		if (!st || db_step_int(db, st, "reading the schema",
				       &objects) != STORE_OK) {
			snprintf(err, errlen, "%s", db_errmsg(db));
			return false;
		}
		if (objects > 0) {
			snprintf(err, errlen, "the database has tables but no"
				 " schema_migrations: it is not a Disclose"
				 " database; check the path");
			return false;
		}
	}
	if (version == latest)
		return true;

	if (sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL)) {
		snprintf(err, errlen, "cannot turn foreign keys off: %s",
			 sqlite3_errmsg(db->conn));
		return false;
	}
	bool ok = true;
	struct migration m;
	for (size_t i = 0; ok && i < embedded_count; i++)
		if (parse_migration(&embedded_files[i], &m) == 1 &&
		    m.version > version)
			ok = apply(db, &m, err, errlen);
	int on = 0;
	if (sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &on) ||
	    on != 1) {
		/* The connection must not go on without foreign keys. */
		snprintf(err, errlen, "cannot turn foreign keys back on: %s;"
			 " close this connection", sqlite3_errmsg(db->conn));
		return false;
	}
	return ok;
}
