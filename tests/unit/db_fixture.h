/* A fresh migrated database in its own temporary directory, for the unit
 * tests of the store and of the domain modules that use it, with helpers
 * to run and read SQL written by the test. Include after <cmocka.h>. */
#ifndef DISCLOSE_TEST_DB_FIXTURE_H
#define DISCLOSE_TEST_DB_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

/* remove_db_files removes a database file and its WAL companions. */
void remove_db_files(const char *path);

/* setup and teardown, for cmocka_unit_test_setup_teardown: *state is the
 * struct fixture. */
int setup(void **state);
int teardown(void **state);

/* exec runs SQL written by the test and returns SQLite's result code. */
int exec(struct db *db, const char *sql);
/* query_int returns the integer the SQL yields (the test fails without a row). */
int64_t query_int(struct db *db, const char *sql);
/* query_text copies the text the SQL yields into out. */
void query_text(struct db *db, const char *sql, char *out, size_t len);

#endif
