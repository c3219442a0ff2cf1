/* disclose demo: a database full of believable demo data: departments,
 * staff, a few hundred requests in every state over the last two years, and
 * the reference request 19-5156 exactly as the reference page shows it.
 * With --requests 1000000 it is also the benchmark's data generator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "demo/demo_data.h"
#include "domain/deadline.h"
#include "domain/due.h"
#include "domain/password.h"
#include "store/db.h"
#include "store/store.h"
#include "util/date.h"
#include "util/log.h"

/* The password of every demo account (README.md lists them). */
#define DEMO_PASSWORD "demo-password-2026"
#define DEMO_ZONE "America/Los_Angeles"

enum { BATCH = 5000 };

static const struct command_help help = {
	"demo", "Create a new database full of demo data.",
	"Staff accounts are the people of the demo (admin@example.gov is the admin);\n"
	"requester@example.com is a requester with a few requests. All have the\n"
	"password " DEMO_PASSWORD ". The database must not exist yet.",
};

struct demo {
	struct db *db;
	uint64_t rng;
	int64_t now;
	int64_t *dept_ids;  /* by demo_departments index */
	int64_t *staff_ids; /* by demo_staff index */
	int64_t account_id; /* demo_account's user */
	struct deadline_engine *deadline; /* the portal's rule set */
};

/* next_random: splitmix64, so a seed always gives the same data. */
static uint64_t next_random(struct demo *d)
{
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static size_t pick(struct demo *d, size_t n)
{
	return (size_t)(next_random(d) % n);
}

static bool chance(struct demo *d, int percent)
{
	return (int)pick(d, 100) < percent;
}

static bool ok(struct demo *d, enum store_rc rc, const char *what)
{
	if (rc == STORE_OK)
		return true;
	fprintf(stderr, "disclose demo: %s: %s\n", what, db_errmsg(d->db));
	return false;
}

static bool add_people(struct demo *d)
{
	char hash[PASSWORD_HASH_SIZE];
	if (!password_hash(DEMO_PASSWORD, hash))
		return false;
	d->dept_ids = calloc(demo_n_departments, sizeof *d->dept_ids);
	d->staff_ids = calloc(demo_n_staff, sizeof *d->staff_ids);
	for (size_t i = 0; i < demo_n_departments; i++)
		if (!ok(d, store_department_create(d->db, demo_departments[i].name,
						   demo_departments[i].short_name, &d->dept_ids[i]),
			"adding a department"))
			return false;
	struct store_user_new requester = {
		.email = demo_account.email, .name = demo_account.name, .role = "requester",
		.password_hash = hash,
	};
	if (!ok(d, store_user_create(d->db, &requester, &d->account_id), "adding the requester") ||
	    !ok(d, store_user_verify_email(d->db, d->account_id, d->now), "verifying an address"))
		return false;
	for (size_t i = 0; i < demo_n_staff; i++) {
		const struct demo_staff *s = &demo_staff[i];
		struct store_user_new u = {
			.email = s->email, .name = s->name, .title = *s->title ? s->title : NULL,
			.role = s->role, .password_hash = hash,
		};
		if (!ok(d, store_user_create(d->db, &u, &d->staff_ids[i]), "adding a user"))
			return false;
		if (s->department >= 0 &&
		    !ok(d, store_user_department_add(d->db, d->staff_ids[i],
						     d->dept_ids[s->department]),
			"adding a user to a department"))
			return false;
	}
	return true;
}

/* local_instant reads "YYYY-MM-DD HH:MM" in the agency's zone. */
static int64_t local_instant(const char *s)
{
	struct date_time dt = {0};
	char day[11];
	snprintf(day, sizeof day, "%.10s", s);
	if (!date_parse(day, &dt.date) || sscanf(s + 11, "%d:%d", &dt.hour, &dt.min) != 2)
		abort(); /* the demo data is wrong */
	return date_time_from_local(&dt);
}

/* event writes one event with the byline of demo staff member actor (-1:
 * none, -2: the requester). */
static bool event(struct demo *d, int64_t request_id, const char *kind, const char *level,
		  int actor, int64_t at, const char *body, const char *data)
{
	struct store_event_new e = {
		.request_id = request_id, .kind = kind, .level = level, .created_at = at,
		.body = body, .data = data, .actor_is_requester = actor == -2,
	};
	if (actor >= 0) {
		e.actor_id = d->staff_ids[actor];
		e.actor_name = demo_staff[actor].name;
		e.actor_title = *demo_staff[actor].title ? demo_staff[actor].title : NULL;
	}
	return ok(d, store_event_add(d->db, &e, NULL), "adding an event");
}

/* due_change writes a due date change; extension: the rule set's
 * extension, computed by the rule. */
static bool due_change(struct demo *d, int64_t request_id, int64_t at, const char *new_due,
		       const char *old_due, bool extension)
{
	char data[320];
	snprintf(data, sizeof data, "{\"new\":\"%s\",\"old\":\"%s\"%s}", new_due, old_due,
		 extension ? ",\"extension\":true" : "");
	return event(d, request_id, "due_date_changed", "public", -1, at, NULL, data);
}

static bool add_reference(struct demo *d)
{
	const struct demo_reference *ref = &demo_reference;
	int64_t received = local_instant(ref->received_local);
	int64_t closed = 0;
	const char *due = NULL;
	for (size_t i = 0; i < ref->n_events; i++) {
		if (!strcmp(ref->events[i].kind, "closed"))
			closed = local_instant(ref->events[i].at_local);
		if (ref->events[i].new_due)
			due = ref->events[i].new_due;
	}
	char first[DATE_FMT_MAX];
	char *explained = deadline_first(&d->deadline->rules, &d->deadline->cal, received, first);
	struct store_request_new r = {
		.year = date_local(received).y, .seq_start = 5156, .description = ref->description,
		.status = ref->status, .published_at = closed, .received_at = received,
		.channel = ref->channel, .due_date = due, .first_due_date = first,
		.due_explanation = explained,
		.point_of_contact_id = d->staff_ids[ref->point_of_contact],
		.requester_email = ref->requester_email, .closed_at = closed, .now = d->now,
	};
	int64_t id = 0;
	char number[24];
	bool good = ok(d, store_request_create(d->db, &r, &id, number), "adding 19-5156") &&
		    ok(d, store_request_department_add(d->db, id, d->dept_ids[ref->department]),
		       "assigning 19-5156");
	free(explained);
	for (size_t i = 0; good && i < ref->n_events; i++) {
		const struct demo_event *e = &ref->events[i];
		int64_t at = local_instant(e->at_local);
		good = e->new_due ? due_change(d, id, at, e->new_due, e->old_due, false)
				  : event(d, id, e->kind, e->level, e->actor, at, e->body, NULL);
	}
	/* Extended seven times: the flag the page shows. */
	good = good && ok(d, due_recheck(d->db, id, NULL), "flagging 19-5156");
	return good && strcmp(number, ref->number) == 0;
}

/* staff_of returns a demo staff member of the department, or the first. */
static int staff_of(struct demo *d, int dept)
{
	int found[32], n = 0;
	for (size_t i = 3; i < demo_n_staff && n < 32; i++) /* 0-2: the reference's */
		if (demo_staff[i].department == dept)
			found[n++] = (int)i;
	return n ? found[pick(d, (size_t)n)] : 3;
}

/* add_random writes one believable request received at `received`, with a
 * life that fits its age; made by the demo account when mine. */
static bool add_random(struct demo *d, int64_t received, bool mine)
{
	const struct demo_topic *topic = &demo_topics[pick(d, demo_n_topics)];
	const struct demo_requester *who = &demo_requesters[pick(d, demo_n_requesters)];
	if (mine)
		who = &demo_account;
	int contact = staff_of(d, topic->department);
	int64_t age_days = (d->now - received) / 86400;
	const char *status = "open";
	if (age_days > 60 ? chance(d, 92) : chance(d, age_days))
		status = "closed";
	else if (chance(d, 12))
		status = "paused";
	bool closed = !strcmp(status, "closed");
	int64_t span = 86400 * (3 + (int64_t)pick(d, age_days > 60 ? 55 : (size_t)age_days + 1));
	int64_t closed_at = closed ? received + span : 0;
	if (closed_at > d->now)
		closed_at = d->now - 3600;
	int64_t published_at = (closed ? chance(d, 85) : chance(d, 45))
				       ? (closed ? closed_at : received + 3600)
				       : 0;
	if (published_at > d->now)
		published_at = 0;
	char due[DATE_FMT_MAX];
	char *explained = deadline_first(&d->deadline->rules, &d->deadline->cal, received, due);
	struct store_request_new r = {
		.year = date_local(received).y, .seq_start = 1, .description = topic->description,
		.status = status, .published_at = published_at, .received_at = received,
		.channel = chance(d, 80) ? "web" : (chance(d, 50) ? "email" : "phone"),
		.due_date = due, .due_explanation = explained,
		.point_of_contact_id = d->staff_ids[contact], .requester_id = mine ? d->account_id : 0,
		.requester_name = who->name,
		.requester_email = who->email, .requester_phone = *who->phone ? who->phone : NULL,
		.requester_organisation = *who->organisation ? who->organisation : NULL,
		.closed_at = closed_at, .paused_at = !strcmp(status, "paused") ? received + 86400 : 0,
		.now = d->now,
	};
	int64_t id = 0;
	char number[24];
	bool good = ok(d, store_request_create(d->db, &r, &id, number), "adding a request") &&
		    ok(d, store_request_department_add(d->db, id, d->dept_ids[topic->department]),
		       "assigning a request");
	int64_t t = received;
	good = good && event(d, id, "opened", "public", -1, t, "Request received via web", NULL) &&
	       event(d, id, "department_assigned", "public", -1, t,
		     demo_departments[topic->department].name, NULL);
	t += 3600 * (2 + (int64_t)pick(d, 40));
	if (good && t < d->now)
		good = event(d, id, "message", chance(d, 50) ? "public" : "requester", contact, t,
			     demo_staff_messages[pick(d, demo_n_staff_messages)], NULL);
	if (good && chance(d, 40) && (t += 86400 * 2) < d->now)
		good = event(d, id, "internal_note", "staff", contact, t,
			     demo_internal_notes[pick(d, demo_n_internal_notes)], NULL);
	if (good && chance(d, 45) && (t += 86400) < d->now)
		good = event(d, id, "message", "requester", -2, t,
			     demo_requester_messages[pick(d, demo_n_requester_messages)], NULL);
	if (good && chance(d, 25) && (t += 86400 * 3) < d->now) {
		char later[DATE_FMT_MAX];
		struct date old;
		date_parse(due, &old);
		const struct deadline_rules *rules = &d->deadline->rules;
		date_format_iso(rules->has_extension
					? deadline_add(&rules->extension, &d->deadline->cal, old)
					: date_add_days(old, 14),
				later);
		good = due_change(d, id, t, later, due, rules->has_extension) &&
		       ok(d, store_request_set_due(d->db, id, 1, later, due, explained, d->now),
			  "extending a request") &&
		       ok(d, due_recheck(d->db, id, explained), "flagging a request");
	}
	free(explained);
	if (good && closed)
		good = event(d, id, "closed", "public", contact, closed_at,
			     demo_closing_messages[pick(d, demo_n_closing_messages)], NULL);
	if (good && published_at)
		good = event(d, id, "published", "public", -1, published_at, NULL, NULL);
	return good;
}

static bool fill(struct demo *d, unsigned n_requests)
{
	bool good = db_begin(d->db) && ok(d, store_setting_set(d->db, "agency_name",
								"City of Los Angeles (demo)"),
					   "naming the agency") &&
		    ok(d, store_setting_set(d->db, "agency_timezone", DEMO_ZONE), "setting the zone") &&
		    (d->deadline = deadline_engine_load(d->db, NULL)) && add_people(d) &&
		    add_reference(d);
	/* Spread over the two years before now, oldest first, so numbers grow
	 * with time; office hours, weekdays mostly. */
	int64_t start = d->now - 730LL * 86400;
	for (unsigned i = 0; good && i < n_requests; i++) {
		int64_t at = start + (int64_t)((730.0 * 86400 - 86400) * i / n_requests);
		at += (int64_t)pick(d, 8 * 3600);
		/* The demo account made two of the recent requests. */
		good = add_random(d, at, i + 1 == n_requests || i + 4 == n_requests);
		if (good && (i + 1) % BATCH == 0) {
			good = db_commit(d->db) && db_begin(d->db);
			fprintf(stderr, "\rdisclose demo: %u requests", i + 1);
		}
	}
	free(d->deadline);
	d->deadline = NULL;
	if (good)
		good = db_commit(d->db);
	else
		db_rollback(d->db);
	if (n_requests >= BATCH)
		fputc('\n', stderr);
	return good;
}

int cmd_demo(int argc, char **argv)
{
	const char *db_path = "demo.db";
	unsigned n_requests = 300, seed = 5156;
	const struct option_spec opts[] = {
		{"db", "DISCLOSE_DB", OPTION_STRING, &db_path, "PATH",
		 "the database to create (default demo.db)"},
		{"requests", NULL, OPTION_UINT, &n_requests, "N",
		 "requests besides 19-5156 (default 300)"},
		{"seed", NULL, OPTION_UINT, &seed, "N", "random seed (default 5156)"},
	};
	int rc = options_parse(&help, opts, sizeof opts / sizeof opts[0], argc, argv);
	if (rc >= 0)
		return rc;
	if (access(db_path, F_OK) == 0) {
		fprintf(stderr, "disclose demo: %s exists; remove it or choose another --db\n",
			db_path);
		return EXIT_FAIL;
	}
	if (!date_tz_set(DEMO_ZONE)) {
		fprintf(stderr, "disclose demo: the time zone %s is missing; install tzdata\n",
			DEMO_ZONE);
		return EXIT_FAIL;
	}
	if (!open_and_migrate(db_path, true, "demo"))
		return EXIT_FAIL;
	char err[512];
	struct demo d = {.rng = seed, .now = date_time_now()};
	d.db = db_open(db_path, false, err, sizeof err);
	if (!d.db) {
		fprintf(stderr, "disclose demo: %s\n", err);
		return EXIT_FAIL;
	}
	/* A failed load deletes the file, so the load may skip fsync (bulk). */
	bool good = ok(&d, db_bulk_begin(d.db) ? STORE_OK : STORE_ERROR, "preparing the load") &&
		    fill(&d, n_requests);
	if (good && n_requests >= BATCH)
		fputs("disclose demo: indexing for search\n", stderr);
	good = good && ok(&d, db_bulk_end(d.db) ? STORE_OK : STORE_ERROR, "indexing for search");
	db_close(d.db);
	free(d.dept_ids);
	free(d.staff_ids);
	if (!good) {
		unlink(db_path);
		return EXIT_FAIL;
	}
	fprintf(stderr, "disclose demo: %s ready: 19-5156 and %u more requests\n", db_path,
		n_requests);
	return EXIT_OK;
}
