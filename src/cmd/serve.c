/* disclose serve: open (and migrate) the database, then serve HTTP (and
 * run the background worker) until SIGTERM or SIGINT, finishing the
 * requests and the jobs in flight. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "http/http.h"
#include "store/db.h"
#include "store/store.h"
#include "util/date.h"
#include "util/log.h"
#include "web/app.h"
#include "worker/worker.h"

static const struct command_help help = {
	"serve", "Serve the portal over HTTP until SIGTERM or SIGINT.",
	"The database must exist (see `disclose init` and `disclose demo`); pending\n"
	"migrations are applied at start. Uploaded files live under the data directory.",
};

/* session_limits_from_env shortens sessions for tests of their expiry:
 * DISCLOSE_SESSION_IDLE_SECONDS (every role) and
 * DISCLOSE_SESSION_MAX_SECONDS (the absolute end). */
static bool session_limits_from_env(struct session_limits *l)
{
	static const char *const names[] = {"DISCLOSE_SESSION_IDLE_SECONDS",
					    "DISCLOSE_SESSION_MAX_SECONDS"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = getenv(names[i]);
		if (!v || !*v)
			continue;
		char *end;
		long long n = strtoll(v, &end, 10);
		if (*end || n < 1) {
			fprintf(stderr, "disclose serve: %s must be a number of seconds\n",
				names[i]);
			return false;
		}
		if (i == 0)
			l->idle_requester = l->idle_staff = n;
		else
			l->absolute = n;
	}
	return true;
}

/* make_dir creates path (one level) unless it exists. */
static bool make_dir(const char *path)
{
	if (mkdir(path, 0750) == 0 || errno == EEXIST)
		return true;
	fprintf(stderr, "disclose serve: cannot create directory %s: %s\n", path,
		strerror(errno));
	return false;
}

int cmd_serve(int argc, char **argv)
{
	struct app_config cfg = {
		.address = "127.0.0.1",
		.port = 8080,
		.db_path = "disclose.db",
		.data_dir = "data",
	};
	struct http_server_config http = {0};
	http_limits_default(&http.limits);
	unsigned max_upload_mb = (unsigned)(http.limits.max_upload_bytes >> 20);
	struct worker_config work;
	if (!worker_config_default(&work))
		return EXIT_USAGE;
	const struct option_spec opts[] = {
		{"address", "DISCLOSE_ADDRESS", OPTION_STRING, &cfg.address, "ADDR",
		 "IP address to listen on (default 127.0.0.1)"},
		{"port", "DISCLOSE_PORT", OPTION_UINT, &cfg.port, "PORT",
		 "TCP port (default 8080; 0 picks a free one)"},
		{"db", "DISCLOSE_DB", OPTION_STRING, &cfg.db_path, "PATH",
		 "SQLite database file (default disclose.db)"},
		{"data-dir", "DISCLOSE_DATA_DIR", OPTION_STRING, &cfg.data_dir, "DIR",
		 "directory for documents and uploads (default data)"},
		{"timezone", "DISCLOSE_TIMEZONE", OPTION_STRING, &cfg.timezone, "ZONE",
		 "agency time zone, e.g. America/Los_Angeles (default: the database setting)"},
		{"threads", "DISCLOSE_THREADS", OPTION_UINT, &cfg.threads, "N",
		 "worker threads (default: one per core)"},
		{"max-upload-mb", "DISCLOSE_MAX_UPLOAD_MB", OPTION_UINT, &max_upload_mb, "MB",
		 "largest file accepted in one upload"},
		{"clamdscan", "DISCLOSE_CLAMDSCAN", OPTION_STRING, &cfg.clamdscan, "PATH",
		 "scan every uploaded file with this clamdscan program (default: no scanning)"},
		{"trust-proxy", "DISCLOSE_TRUST_PROXY", OPTION_FLAG, &cfg.trust_proxy, NULL,
		 "trust X-Forwarded-For/-Proto (only behind your own reverse proxy)"},
		{"public-url", "DISCLOSE_PUBLIC_URL", OPTION_STRING, &cfg.public_url, "URL",
		 "the portal's address as people reach it, for links in emails "
		 "(default http://ADDRESS:PORT)"},
		{"dev", "DISCLOSE_DEV", OPTION_FLAG, &cfg.dev, NULL,
		 "development mode: templates and static files read from the tree; emailed "
		 "links also written to the log"},
		{"workers", "DISCLOSE_WORKERS", OPTION_UINT, &work.threads, "N",
		 "background worker threads: email, jobs (default 1; 0 when `disclose "
		 "worker` runs them)"},
		MAIL_OPTIONS(work),
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	if (cfg.port > 65535) {
		fprintf(stderr, "disclose serve: --port must be at most 65535\n");
		return EXIT_USAGE;
	}
	if (work.threads > 16) {
		fprintf(stderr, "disclose serve: --workers must be at most 16\n");
		return EXIT_USAGE;
	}
	if (cfg.public_url && ((strncmp(cfg.public_url, "http://", 7) &&
				strncmp(cfg.public_url, "https://", 8)) ||
			       strpbrk(cfg.public_url, " \t\r\n\"<>"))) {
		fprintf(stderr, "disclose serve: --public-url must be an http:// or https:// "
				"address, e.g. https://records.example.gov\n");
		return EXIT_USAGE;
	}
	session_limits_default(&cfg.sessions);
	if (!session_limits_from_env(&cfg.sessions))
		return EXIT_USAGE;
	if (!open_and_migrate(cfg.db_path, false, "serve"))
		return EXIT_FAIL;
	db_thread_setup(cfg.db_path);
	if (!setup_timezone(cfg.timezone, "serve"))
		return EXIT_FAIL;

	char *uploads = NULL;
	if (!make_dir(cfg.data_dir) ||
	    asprintf(&uploads, "%s/uploads", cfg.data_dir) < 0 || !make_dir(uploads)) {
		free(uploads);
		return EXIT_FAIL;
	}

	/* Workers inherit this mask; only the main thread takes the signals. */
	sigset_t stop;
	block_stop_signals(&stop);

	static struct app app;
	char err[512];
	if (!app_init(&app, &cfg, err, sizeof err)) {
		fprintf(stderr, "disclose serve: %s\n", err);
		free(uploads);
		return EXIT_FAIL;
	}
	http.address = cfg.address;
	http.port = cfg.port;
	http.threads = cfg.threads;
	http.upload_dir = uploads;
	http.trust_proxy = cfg.trust_proxy;
	http.limits.max_upload_bytes = (uint64_t)max_upload_mb << 20;
	if (http.limits.max_body_bytes < http.limits.max_upload_bytes + (1u << 20))
		http.limits.max_body_bytes = http.limits.max_upload_bytes + (1u << 20);
	http.handler = app_handle;
	http.app = &app;
	work.public_url = app.public_url;
	work.data_dir = cfg.data_dir;
	if (!mail_setup(&work, app.public_url, "serve")) {
		app_free(&app);
		free(uploads);
		return EXIT_USAGE;
	}
	if (!worker_start(&work)) {
		fprintf(stderr, "disclose serve: cannot start the background worker\n");
		app_free(&app);
		free(uploads);
		return EXIT_FAIL;
	}
	struct http_server *server = http_server_start(&http, err, sizeof err);
	if (!server) {
		fprintf(stderr, "disclose serve: %s\n", err);
		worker_stop();
		app_free(&app);
		free(uploads);
		return EXIT_FAIL;
	}
	bool v6 = strchr(cfg.address, ':') != NULL;
	log_info("listening on http://%s%s%s:%u", v6 ? "[" : "", cfg.address, v6 ? "]" : "",
		 http_server_port(server));

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d: finishing requests in flight", sig);
	http_server_stop(server);
	worker_stop();
	app_free(&app);
	free(uploads);
	log_info("stopped");
	return EXIT_OK;
}
