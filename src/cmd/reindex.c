/* disclose reindex: rebuild the full-text search indexes. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "store/db.h"
#include "store/store.h"

static const struct command_help help = {
	"reindex", "Rebuild the search indexes.",
	"Decides again, for every indexed item, whether the public may find it (the\n"
	"same rule the portal applies as items change), then rebuilds the staff and\n"
	"public full-text indexes. It repairs the indexes after the database was\n"
	"changed by hand. The portal may keep running.",
};

int cmd_reindex(int argc, char **argv)
{
	const char *db_path = "disclose.db";
	const struct option_spec opts[] = {
		{"db", "DISCLOSE_DB", OPTION_STRING, &db_path, "PATH",
		 "SQLite database file (default disclose.db)"},
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	if (!open_and_migrate(db_path, false, "reindex"))
		return EXIT_FAIL;
	char err[512];
	struct db *db = db_open(db_path, false, err, sizeof err);
	if (!db) {
		fprintf(stderr, "disclose reindex: %s\n", err);
		return EXIT_FAIL;
	}
	bool ok = db_begin(db) && store_search_rebuild(db) == STORE_OK && db_commit(db);
	if (ok) {
		fprintf(stderr, "disclose reindex: search indexes rebuilt\n");
	} else {
		fprintf(stderr, "disclose reindex: %s\n", db_errmsg(db));
		db_rollback(db);
	}
	db_close(db);
	return ok ? EXIT_OK : EXIT_FAIL;
}
