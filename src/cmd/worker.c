/* disclose worker: run the background worker without the web server, for
 * setups that serve with --workers=0, and for a one-off run (--once). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "store/db.h"
#include "util/log.h"
#include "worker/worker.h"

static const struct command_help help = {
	"worker", "Run the background worker (email, jobs) until SIGTERM or SIGINT.",
	"Several workers (threads, `disclose serve` processes and `disclose worker`\n"
	"processes) may share one database: each job and each email is taken by one\n"
	"of them. With --once, runs what is due now and exits.",
};

int cmd_worker(int argc, char **argv)
{
	const char *db_path = "disclose.db", *timezone = NULL, *public_url = NULL;
	const char *data_dir = "data";
	bool once = false;
	struct worker_config work;
	if (!worker_config_default(&work))
		return EXIT_USAGE;
	const struct option_spec opts[] = {
		{"db", "DISCLOSE_DB", OPTION_STRING, &db_path, "PATH",
		 "SQLite database file (default disclose.db)"},
		{"timezone", "DISCLOSE_TIMEZONE", OPTION_STRING, &timezone, "ZONE",
		 "agency time zone (default: the database setting)"},
		{"public-url", "DISCLOSE_PUBLIC_URL", OPTION_STRING, &public_url, "URL",
		 "the portal's address as people reach it, for links in emails"},
		{"data-dir", "DISCLOSE_DATA_DIR", OPTION_STRING, &data_dir, "DIR",
		 "directory of the stored documents (default data)"},
		{"workers", "DISCLOSE_WORKERS", OPTION_UINT, &work.threads, "N",
		 "worker threads (default 1)"},
		{"once", NULL, OPTION_FLAG, &once, NULL, "run what is due now, then exit"},
		MAIL_OPTIONS(work),
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	if (work.threads < 1 || work.threads > 16) {
		fprintf(stderr, "disclose worker: --workers must be from 1 to 16\n");
		return EXIT_USAGE;
	}
	if (!open_and_migrate(db_path, false, "worker"))
		return EXIT_FAIL;
	db_thread_setup(db_path);
	if (!setup_timezone(timezone, "worker"))
		return EXIT_FAIL;
	char *url = NULL;
	if (public_url)
		url = strndup(public_url, strlen(public_url) -
						  (public_url[0] && public_url[strlen(public_url) - 1] == '/'));
	work.public_url = url;
	work.data_dir = data_dir;
	if (!mail_setup(&work, url ? url : "http://localhost", "worker")) {
		free(url);
		return EXIT_USAGE;
	}

	if (once) {
		struct db *db = db_thread();
		int n = db ? worker_run_due(&work, db, NULL) : -1;
		if (n >= 0)
			log_info("worker: %d job%s run", n, n == 1 ? "" : "s");
		free(url);
		return n >= 0 ? EXIT_OK : EXIT_FAIL;
	}
	sigset_t stop;
	block_stop_signals(&stop);
	if (!worker_start(&work)) {
		free(url);
		return EXIT_FAIL;
	}
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d: finishing the jobs in flight", sig);
	worker_stop();
	free(url);
	log_info("stopped");
	return EXIT_OK;
}
