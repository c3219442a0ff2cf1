/* Email settings people reach from the web: their notification choices
 * (/account/notifications), the link in the requester's emails that turns
 * a request's emails off (/email/off/...), and the failed emails admins
 * look at (/admin/mail). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/notify.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/log.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"

const char *const notify_deliveries[] = {"immediate", "digest", "none", NULL};

static const char *const delivery_labels[] = {"Email me each time", "In my daily summary",
					      "No email"};

static const char *unavailable = "The database is unavailable; try again shortly.";

/* applies: whether the kind is for this viewer (requester kinds for
 * everyone, staff kinds for staff, the failed-email kind for admins). */
static bool applies(const struct web_ctx *c, const struct notify_kind *k)
{
	if (k->audience == NOTIFY_REQUESTER)
		return true;
	if (!strcmp(k->name, "email_failed"))
		return c->viewer.role == ROLE_ADMIN;
	return policy_is_staff(&c->viewer);
}

/* choices_view builds the form's kinds with their choices and the current
 * one (prefs: {kind: delivery}; a kind without one has its default). */
static json_t *choices_view(const struct web_ctx *c, const json_t *prefs)
{
	json_t *kinds = json_array();
	for (const struct notify_kind *k = notify_kinds; k->name; k++) {
		if (!applies(c, k))
			continue;
		const char *now = json_string_value(json_object_get(prefs, k->name));
		if (!now)
			now = k->daily ? "digest" : "immediate";
		json_t *options = json_array();
		for (size_t i = 0; notify_deliveries[i]; i++) {
			if (!notify_delivery_valid(k, notify_deliveries[i]))
				continue;
			json_array_append_new(
				options, json_pack("{s:s, s:s, s:b}", "value", notify_deliveries[i],
						   "label", delivery_labels[i], "checked",
						   !strcmp(now, notify_deliveries[i])));
		}
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:o}", "name", k->name,
						       "label", k->label, "audience",
						       k->audience == NOTIFY_REQUESTER ? "requester"
										: "staff",
						       "options", options));
	}
	return kinds;
}

static json_t *notifications_view(const struct web_ctx *c, const json_t *prefs, bool saved)
{
	return json_pack("{s:s, s:o, s:b, s:b}", "page_title", "Email notifications", "kinds",
			 choices_view(c, prefs), "saved", saved, "is_staff",
			 policy_is_staff(&c->viewer));
}

int page_account_notifications(struct web_ctx *c)
{
	json_t *prefs = NULL;
	if (store_notify_prefs(c->db, c->viewer.user_id, &prefs) != STORE_OK)
		return web_error(c, 503, unavailable);
	const struct param_value *saved = web_param(c, "saved");
	json_t *view = notifications_view(c, prefs, saved->present && saved->num);
	json_decref(prefs);
	return web_page(c, "notifications", view);
}

int action_account_notifications(struct web_ctx *c)
{
	/* Each kind the form sends: valid for the kind and for this viewer. */
	for (const struct notify_kind *k = notify_kinds; k->name; k++) {
		const struct param_value *v = web_param(c, k->name);
		if (!v->present)
			continue;
		if (!applies(c, k))
			web_add_error(c, k->name, "is not a choice for your account.");
		else if (!notify_delivery_valid(k, v->str))
			web_add_error(c, k->name, "comes only in the daily summary or not at all.");
	}
	if (c->n_errors) {
		json_t *prefs = NULL;
		if (store_notify_prefs(c->db, c->viewer.user_id, &prefs) != STORE_OK)
			return web_error(c, 503, unavailable);
		json_t *view = notifications_view(c, prefs, false);
		json_decref(prefs);
		return web_form_errors(c, 400, "notifications", view, NULL);
	}
	const char *kinds[PARAM_MAX], *choices[PARAM_MAX];
	size_t n = 0;
	for (const struct notify_kind *k = notify_kinds; k->name && n < PARAM_MAX; k++) {
		const struct param_value *v = web_param(c, k->name);
		if (v->present) {
			kinds[n] = k->name;
			choices[n++] = v->str;
		}
	}
	if (!notify_choose(c->db, c->viewer.user_id, kinds, choices, n, date_time_now()))
		return web_error(c, 503, unavailable);
	return web_redirect(c, "/account/notifications?saved=1");
}

/* optout_request checks the link's number and token; *row is the request
 * (NULL and a 404 answered when either is wrong). */
static int optout_request(struct web_ctx *c, json_t **row)
{
	const char *number = web_param(c, "number")->str;
	const char *token = web_param(c, "token")->str;
	*row = NULL;
	enum store_rc rc = store_request_by_number(c->db, number, row);
	if (rc == STORE_NOT_FOUND ||
	    (rc == STORE_OK &&
	     !notify_unsubscribe_check(c->db, json_integer_value(json_object_get(*row, "id")),
				       token))) {
		json_decref(*row);
		*row = NULL;
		return web_error(c, 404, "This link is not valid. Copy the whole link from the "
					 "email, or sign in to choose which emails you get.");
	}
	if (rc != STORE_OK)
		return web_error(c, 503, unavailable);
	return 0;
}

static int optout_page(struct web_ctx *c, json_t *row, bool off, bool changed)
{
	const char *number = json_string_value(json_object_get(row, "number"));
	const char *token = web_param(c, "token")->str;
	json_t *view = json_pack(
		"{s:s, s:s, s:b, s:b, s:s, s:s, s:s}", "page_title",
		off ? "Emails about this request are off" : "Emails about this request",
		"number", number, "off", off, "changed", changed, "off_url",
		arena_printf(c->arena, "/email/off/%s/%s", number, token), "on_url",
		arena_printf(c->arena, "/email/on/%s/%s", number, token), "request_url",
		arena_printf(c->arena, "/requests/%s", number));
	json_decref(row);
	return web_page(c, "email_off", view);
}

int page_email_off(struct web_ctx *c)
{
	json_t *row;
	int r = optout_request(c, &row);
	if (!row)
		return r;
	bool off = false;
	if (store_optout_get(c->db, json_integer_value(json_object_get(row, "id")), &off) !=
	    STORE_OK) {
		json_decref(row);
		return web_error(c, 503, unavailable);
	}
	return optout_page(c, row, off, false);
}

/* set_optout turns the request's emails off or on. */
static int set_optout(struct web_ctx *c, bool off)
{
	json_t *row;
	int r = optout_request(c, &row);
	if (!row)
		return r;
	if (store_optout_set(c->db, json_integer_value(json_object_get(row, "id")), off,
			     date_time_now()) != STORE_OK) {
		log_error("email opt-out: %s", db_errmsg(c->db));
		json_decref(row);
		return web_error(c, 503, unavailable);
	}
	return optout_page(c, row, off, true);
}

int action_email_off(struct web_ctx *c)
{
	return set_optout(c, true);
}

int action_email_on(struct web_ctx *c)
{
	return set_optout(c, false);
}

enum { FAILED_SHOWN = 100 };

/* queued_labels gives each email row its queued time as shown. */
static void queued_labels(json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		char when[DATE_FMT_MAX];
		json_object_set_new(row, "queued_label",
				    json_string(date_time_format_local(
					    json_integer_value(json_object_get(row, "created_at")),
					    when)));
	}
}

int page_admin_mail(struct web_ctx *c)
{
	json_t *rows = NULL, *counts = NULL, *withdrawn = NULL;
	if (store_outbox_failed(c->db, FAILED_SHOWN, &rows, &counts) != STORE_OK)
		return web_error(c, 503, unavailable);
	if (store_outbox_withdrawn(c->db, FAILED_SHOWN, &withdrawn) != STORE_OK) {
		json_decref(rows);
		json_decref(counts);
		return web_error(c, 503, unavailable);
	}
	queued_labels(rows);
	queued_labels(withdrawn);
	const struct param_value *sent = web_param(c, "queued");
	json_t *view = json_pack("{s:s, s:o, s:o, s:b, s:o, s:b, s:b}", "page_title", "Email",
				 "counts", counts, "failed", rows, "has_failed",
				 json_array_size(rows) > 0, "withdrawn", withdrawn,
				 "has_withdrawn", json_array_size(withdrawn) > 0, "queued",
				 sent->present && sent->num);
	return web_page(c, "admin_mail", view);
}

int action_admin_mail_retry(struct web_ctx *c)
{
	int r = notify_mail_retry(c->db, web_param(c, "id")->num, c->viewer.user_id,
				  c->req->client_ip, date_time_now());
	if (r == 0)
		return web_error(c, 404, "There is no failed email with that number.");
	if (r < 0)
		return web_error(c, 503, unavailable);
	return web_redirect(c, "/admin/mail?queued=1");
}
