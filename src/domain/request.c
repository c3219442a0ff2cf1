#include "domain/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/notify.h"
#include "store/store.h"
#include "util/date.h"
#include "util/log.h"

const char *const request_formats[] = {"electronic", "paper", "either", NULL};

const struct ratelimit_rule request_submit_limits[REQUEST_SUBMIT_RULES] = {
	{.window = 10 * 60, .max = 5},
	{.window = 24 * 60 * 60, .max = 30},
};

const char *const request_staff_channels[] = {"email", "phone", "mail", "in_person", "fax",
					     NULL};
const char *const request_channels[] = {"web", "email", "phone", "mail", "in_person", "fax",
					NULL};

const char *request_channel_label(const char *channel)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{"web", "web"},   {"email", "email"}, {"phone", "phone"},
		{"mail", "mail"}, {"in_person", "in person"}, {"fax", "fax"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].name, channel))
			return labels[i].label;
	return channel;
}

/* setting_int reads a numeric setting, or def. */
static int64_t setting_int(struct db *db, const char *key, int64_t def)
{
	char *v = NULL;
	if (store_setting_get(db, key, &v) == STORE_OK && v)
		def = strtoll(v, NULL, 10);
	free(v);
	return def;
}

static bool publish_at_submission(struct db *db)
{
	char *v = NULL;
	bool yes = store_setting_get(db, "publish_default", &v) == STORE_OK &&
		   !strcmp(v, "submission");
	free(v);
	return yes;
}

enum store_rc request_add_department(struct db *db, const struct store_event_new *byline,
				     int64_t dept_id)
{
	json_t *depts = NULL;
	enum store_rc r = store_request_department_add(db, byline->request_id, dept_id);
	if (r == STORE_OK)
		r = store_request_departments(db, byline->request_id, &depts);
	if (r != STORE_OK)
		return r;
	const char *name = NULL;
	size_t i;
	json_t *d;
	json_array_foreach(depts, i, d)
		if (json_integer_value(json_object_get(d, "id")) == dept_id)
			name = json_string_value(json_object_get(d, "name"));
	if (!name) {
		json_decref(depts);
		return STORE_INVALID; /* no such department */
	}
	char *data = NULL;
	if (asprintf(&data, "{\"department_id\":%lld}", (long long)dept_id) < 0)
		data = NULL;
	struct store_event_new e = *byline;
	e.kind = "department_assigned";
	e.level = "public";
	e.body = name;
	e.data = data;
	r = store_event_add(db, &e, NULL);
	free(data);
	json_decref(depts);
	return r;
}

bool request_submit(struct db *db, const struct request_input *in, char number[static 24])
{
	struct date received = date_local(in->received_at);
	char due_iso[DATE_FMT_MAX];
	/* The department's own rule set, when it has one; else the portal's. */
	char *own = NULL;
	if (in->department_id && store_department_rule_set(db, in->department_id, &own) != STORE_OK)
		own = NULL;
	struct deadline_engine *engine = deadline_engine_load(db, own);
	free(own);
	if (!engine)
		return false;
	char *explained = deadline_first(&engine->rules, &engine->cal, in->received_at, due_iso);
	int ends_min = engine->rules.ends_min;
	free(engine);
	int64_t now = date_time_now();

	if (!db_begin(db)) {
		free(explained);
		log_error("submitting a request: %s", db_errmsg(db));
		return false;
	}
	bool publish = publish_at_submission(db);
	struct store_request_new r = {
		.year = received.y,
		.seq_start = setting_int(db, "request_number_start", 1),
		.description = in->description,
		.records_from_date = in->records_from_date,
		.records_to_date = in->records_to_date,
		.preferred_format = in->preferred_format,
		.status = "open",
		.published_at = publish ? now : 0,
		.received_at = in->received_at,
		.channel = in->channel,
		.due_date = due_iso,
		.due_explanation = explained,
		.due_end_minute = ends_min,
		.requester_id = in->requester_id,
		.requester_name = in->name,
		.requester_email = in->email,
		.requester_phone = in->phone,
		.requester_address = in->address,
		.requester_organisation = in->organisation,
		.created_by = in->created_by,
		.now = now,
	};
	int64_t id = 0;
	char *opened = NULL;
	if (asprintf(&opened, "Request received via %s", request_channel_label(in->channel)) < 0)
		opened = NULL;
	enum store_rc rc = store_request_create(db, &r, &id, number);
	if (rc == STORE_OK) {
		struct store_event_new e = {
			.request_id = id, .kind = "opened", .level = "public",
			.actor_id = in->created_by, .created_at = in->received_at, .body = opened,
		};
		rc = store_event_add(db, &e, NULL);
	}
	if (rc == STORE_OK && in->department_id) {
		struct store_event_new system = {.request_id = id, .created_at = in->received_at};
		rc = request_add_department(db, &system, in->department_id);
	}
	if (rc == STORE_OK && publish) {
		struct store_event_new e = {
			.request_id = id, .kind = "published", .level = "public", .created_at = now,
		};
		rc = store_event_add(db, &e, NULL);
	}
	if (rc == STORE_OK) {
		char *after = NULL;
		if (asprintf(&after, "{\"number\":\"%s\",\"channel\":\"%s\"}", number,
			     in->channel) < 0)
			after = NULL;
		struct store_audit_new a = {
			.actor_id = in->created_by, .action = "request_created", .request_id = id,
			.target_type = "request", .target_id = id, .after_json = after,
			.ip = in->ip, .at = now,
		};
		rc = store_audit_add(db, &a);
		free(after);
	}
	if (rc == STORE_OK && !notify_request(db, id, in->received_at))
		rc = STORE_ERROR;
	free(opened);
	free(explained);
	if (rc != STORE_OK || !db_commit(db)) {
		log_error("submitting a request: %s", db_errmsg(db));
		db_rollback(db);
		return false;
	}
	return true;
}
