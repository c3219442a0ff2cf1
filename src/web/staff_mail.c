/* Email for staff: the holding queue /staff/mail (replies that could not
 * be posted by themselves), one message with its full text, its files and
 * its raw source, and the two ways out of the queue: attach it to a
 * request as a message from the requester, or discard it.
 *
 * View model of /staff/mail: {page_title, tabs: [{key, label, count, url,
 * current}], tab: {key, label, count, empty}, rows: [{id, url, from,
 * from_name, subject, excerpt, received, received_label, reason,
 * reason_label, reason_detail, request_number, request_url}]}.
 *
 * View model of /staff/mail/{id}: {page_title, mail: {id, from, from_name,
 * to, subject, received, received_label, status, status_label, reason,
 * reason_label, reason_detail, request_number, request_url, new_text,
 * full_text, attachments: [{n, filename, content_type, size, url (the file
 * from the email), document_url (the document it became) | null, problem
 * (why it did not) | null}], has_attachments,
 * raw_url, size, waiting, attach_action, discard_action, resolved_by,
 * typed: {number}}}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/document.h"
#include "domain/mail_in.h"
#include "mail/mail.h"
#include "store/store.h"
#include "util/date.h"
#include "web/app.h"
#include "web/routes.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum {
	MAIL_ROWS_MAX = 200,   /* messages listed per tab */
	MAIL_EXCERPT_MAX = 300, /* bytes of text shown per message in a list */
};

const char *const staff_mail_tabs[] = {"held", "kept", "posted", NULL};
static const char *const tab_labels[] = {"Held for review", "Not posted", "Posted"};
/* The statuses each tab lists. */
static const char *const held_statuses[] = {"held", "failed", "queued", NULL};
static const char *const kept_statuses[] = {"rejected", NULL};
static const char *const posted_statuses[] = {"accepted", NULL};
static const char *const *const tab_statuses[] = {held_statuses, kept_statuses,
						  posted_statuses};

static const struct {
	const char *status, *label;
} status_labels[] = {
	{"accepted", "Posted"},	    {"held", "Held for review"},
	{"rejected", "Not posted"}, {"failed", "Held: could not be processed"},
	{"queued", "Being processed"},
};

static const char *status_label(const char *status)
{
	for (size_t i = 0; status && i < sizeof status_labels / sizeof status_labels[0]; i++)
		if (!strcmp(status_labels[i].status, status))
			return status_labels[i].label;
	return status;
}

/* common adds what a list row and a message share. */
static void common(json_t *out, const json_t *row)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t at = json_integer_value(json_object_get(row, "received_at"));
	char iso[DATE_FMT_MAX];
	const char *number = json_str(row, "request_number");
	const char *reason = json_str(row, "reason");
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "url", json_sprintf("/staff/mail/%lld", (long long)id));
	json_object_set(out, "from", json_object_get(row, "from_addr"));
	json_object_set(out, "from_name", json_object_get(row, "from_name"));
	json_object_set(out, "subject", json_object_get(row, "subject"));
	json_object_set_new(out, "received", json_string(date_time_format_iso(at, iso)));
	json_object_set_new(out, "received_label", view_time_label(at));
	json_object_set(out, "reason", json_object_get(row, "reason"));
	const char *label = mail_in_reason_label(reason);
	json_object_set_new(out, "reason_label", label ? json_string(label) : json_null());
	json_object_set(out, "reason_detail", json_object_get(row, "reason_detail"));
	json_object_set_new(out, "request_number", number ? json_string(number) : json_null());
	json_object_set_new(out, "request_url",
			    number ? json_sprintf("/requests/%s", number) : json_null());
}

int page_staff_mail(struct web_ctx *c)
{
	const struct param_value *show = web_param(c, "show");
	size_t tab = show->present ? (size_t)show->num : 0;
	json_t *tabs = json_array(), *rows = NULL;
	int64_t shown = 0;
	for (size_t i = 0; staff_mail_tabs[i]; i++) {
		json_t *list = NULL;
		int64_t count = 0;
		if (store_inbound_list(c->db, tab_statuses[i], i == tab ? MAIL_ROWS_MAX : 0,
				       MAIL_EXCERPT_MAX, &list, &count) != STORE_OK) {
			json_decref(tabs);
			json_decref(rows);
			return web_error(c, 500, "The email could not be read; please try again.");
		}
		if (i == tab) {
			rows = json_array();
			size_t k;
			json_t *row;
			json_array_foreach(list, k, row) {
				json_t *out = json_object();
				common(out, row);
				json_object_set_new(out, "excerpt",
						    view_excerpt(json_str(row, "text") ?: "", MAIL_EXCERPT_MAX));
				json_array_append_new(rows, out);
			}
			shown = count;
		}
		json_decref(list);
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:I, s:s+, s:b}", "key",
						      staff_mail_tabs[i], "label", tab_labels[i],
						      "count", (json_int_t)count, "url",
						      "/staff/mail?show=", staff_mail_tabs[i],
						      "current", i == tab));
	}
	return web_page(c, "staff_mail",
			json_pack("{s:s, s:o, s:{s:s, s:s, s:I, s:b}, s:o}", "page_title",
				  "Email", "tabs", tabs, "tab", "key", staff_mail_tabs[tab],
				  "label", tab_labels[tab], "count", (json_int_t)shown, "empty",
				  json_array_size(rows) == 0, "rows", rows));
}

static json_t *attachments_view(int64_t id, const char *stored)
{
	json_t *list = stored ? json_loads(stored, 0, NULL) : NULL, *out = json_array(), *a;
	size_t i;
	json_array_foreach(list, i, a)
		json_array_append_new(
			out, json_pack("{s:I, s:O?, s:O?, s:O?, s:o, s:o, s:O?}", "n",
				       (json_int_t)i + 1, "filename", json_object_get(a, "filename"),
				       "content_type", json_object_get(a, "content_type"), "size",
				       json_object_get(a, "size"), "url",
				       json_sprintf("/staff/mail/%lld/files/%zu", (long long)id, i + 1),
				       "document_url",
				       json_is_integer(json_object_get(a, "document_id"))
					       ? json_sprintf("/documents/%lld",
							      (long long)json_integer_value(
								      json_object_get(a, "document_id")))
					       : json_null(),
				       "problem", json_object_get(a, "problem")));
	json_decref(list);
	return out;
}

static int64_t mail_id(const struct web_ctx *c)
{
	return web_param(c, "id")->num;
}

/* message_view builds /staff/mail/{id}'s view model; NULL when there is
 * no such message (*rc says whether the store failed). */
static json_t *message_view(struct web_ctx *c, enum store_rc *rc)
{
	int64_t id = mail_id(c);
	json_t *row = NULL;
	*rc = store_inbound_get(c->db, id, &row);
	if (*rc != STORE_OK)
		return NULL;
	json_t *mail = json_object();
	common(mail, row);
	const char *status = json_str(row, "status");
	bool waiting = status && (!strcmp(status, "held") || !strcmp(status, "failed") ||
				  !strcmp(status, "queued"));
	json_object_set(mail, "to", json_object_get(row, "to_addr"));
	json_object_set_new(mail, "status", json_string(status ? status : ""));
	json_object_set_new(mail, "status_label", json_string(status_label(status) ?: ""));
	json_object_set(mail, "new_text", json_object_get(row, "body_text"));
	json_object_set(mail, "full_text", json_object_get(row, "full_text"));
	json_t *files = attachments_view(id, json_str(row, "attachments_json"));
	json_object_set_new(mail, "has_attachments", json_boolean(json_array_size(files) > 0));
	json_object_set_new(mail, "attachments", files);
	json_object_set_new(mail, "raw_url", json_sprintf("/staff/mail/%lld/raw", (long long)id));
	json_object_set(mail, "size", json_object_get(row, "size"));
	json_object_set_new(mail, "waiting", json_boolean(waiting));
	json_object_set_new(mail, "attach_action",
			    json_sprintf("/staff/mail/%lld/attach", (long long)id));
	json_object_set_new(mail, "discard_action",
			    json_sprintf("/staff/mail/%lld/discard", (long long)id));
	json_object_set(mail, "resolved_by", json_object_get(row, "resolved_by_name"));
	const char *number = json_str(row, "request_number");
	json_object_set_new(mail, "typed", json_pack("{s:s?}", "number", number));
	json_t *view = json_pack("{s:s+, s:o}", "page_title", "Email: ",
				 json_str(row, "subject") ?: "(no subject)", "mail", mail);
	json_decref(row);
	return view;
}

int page_staff_mail_message(struct web_ctx *c)
{
	enum store_rc rc;
	json_t *view = message_view(c, &rc);
	if (!view)
		return rc == STORE_NOT_FOUND
			       ? web_error(c, 404, "There is no such email.")
			       : web_error(c, 500, "The email could not be read; please try again.");
	return web_page(c, "staff_mail_message", view);
}

/* raw_message reads the message's bytes (malloc'd) or answers. */
static int raw_message(struct web_ctx *c, char **data, size_t *len)
{
	switch (store_inbound_raw(c->db, mail_id(c), data, len)) {
	case STORE_OK:
		return 0;
	case STORE_NOT_FOUND:
		return web_error(c, 404, "There is no such email.");
	default:
		return web_error(c, 500, "The email could not be read; please try again.");
	}
}

int page_staff_mail_raw(struct web_ctx *c)
{
	char *data = NULL;
	size_t len = 0;
	int status = raw_message(c, &data, &len);
	if (status)
		return status;
	/* Shown as plain text, never interpreted (nosniff is on every answer). */
	c->resp->content_type = "text/plain; charset=utf-8";
	http_resp_header(c->resp, "Content-Disposition", "inline");
	buf_append(&c->resp->body, data, len);
	free(data);
	return 200;
}

int page_staff_mail_file(struct web_ctx *c)
{
	char *data = NULL;
	size_t len = 0;
	int status = raw_message(c, &data, &len);
	if (status)
		return status;
	struct arena a;
	arena_init(&a);
	struct mail_message m;
	mail_parse(data, len, &a, &m);
	free(data);
	size_t n = (size_t)web_param(c, "n")->num;
	if (n > m.n_attachments) {
		arena_free(&a);
		return web_error(c, 404, "The email has no such file.");
	}
	const struct mail_attachment *f = &m.attachments[n - 1];
	/* Downloaded, never shown in the portal's origin. */
	c->resp->content_type = "application/octet-stream";
	char *disposition = document_content_disposition(f->filename, true);
	http_resp_header(c->resp, "Content-Disposition", arena_strdup(c->arena, disposition));
	free(disposition);
	buf_append(&c->resp->body, f->data, f->size);
	arena_free(&a);
	return 200;
}

int action_staff_mail_attach(struct web_ctx *c)
{
	enum store_rc rc;
	if (c->n_errors) {
		json_t *view = message_view(c, &rc);
		if (!view)
			return web_error(c, 404, "There is no such email.");
		return web_form_errors(c, 400, "staff_mail_message", view, NULL);
	}
	const struct reqno *n = &web_param(c, "number")->reqno;
	char number[24];
	snprintf(number, sizeof number, "%02d-%d", n->year, n->seq);
	struct document_env env = {c->app->cfg.data_dir, c->app->cfg.clamdscan};
	switch (mail_in_attach(c->db, &c->viewer, mail_id(c), number, &env,
			       MAIL_IN_MAX_ATTACHMENTS_DEFAULT, c->req->client_ip, date_time_now())) {
	case MAIL_IN_STAFF_OK:
		return web_redirect(c, arena_printf(c->arena, "/requests/%s#timeline-title",
						    number));
	case MAIL_IN_STAFF_NO_REQUEST: {
		web_add_error(c, "number", "names no request.");
		json_t *view = message_view(c, &rc);
		if (!view)
			return web_error(c, 404, "There is no such email.");
		json_object_set_new(json_object_get(json_object_get(view, "mail"), "typed"),
				    "number", json_string(number));
		return web_form_errors(c, 400, "staff_mail_message", view, NULL);
	}
	case MAIL_IN_STAFF_NOT_FOUND:
		return web_error(c, 404, "There is no such email.");
	case MAIL_IN_STAFF_DONE:
		return web_error(c, 409, "This email was attached or discarded already.");
	default:
		return web_error(c, 500, "The email could not be attached; please try again.");
	}
}

int action_staff_mail_discard(struct web_ctx *c)
{
	switch (mail_in_discard(c->db, &c->viewer, mail_id(c), c->req->client_ip,
				date_time_now())) {
	case MAIL_IN_STAFF_OK:
		return web_redirect(c, "/staff/mail");
	case MAIL_IN_STAFF_NOT_FOUND:
		return web_error(c, 404, "There is no such email.");
	case MAIL_IN_STAFF_DONE:
		return web_error(c, 409, "This email was attached or discarded already.");
	default:
		return web_error(c, 500, "The email could not be discarded; please try again.");
	}
}
