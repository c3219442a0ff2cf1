/* Editing the record: the request's text (/requests/{number}/edit) and an
 * event (/requests/{number}/events/{event}): who sees a message, hiding an
 * event from the public and showing it again, a message's text. The rules
 * and the transaction are in domain/staff_actions.c; a refused form shows
 * its page again with the problem and what was typed, as staff.c does for
 * the request page.
 *
 * The public only ever sees the request's current text: the text as
 * received (requests.original_description) and the edits are read here
 * for staff alone, and the search indexes hold the current text only
 * (staff search finds a request by what it says now, and the reason of
 * an edit). */
#include "web/staff_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/staff_actions.h"
#include "render/markdown.h"
#include "web/request_page.h"
#include "web/routes.h"
#include "web/staff.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum { TEXT_EDITS_MAX = 100 }; /* edits listed in a request's history */

static json_t *text_html(const char *text)
{
	char *html = markdown_plain_to_html(text, strlen(text));
	json_t *s = json_string(html);
	free(html);
	return s;
}

/* text_history: the text as received and each edit, oldest first, or
 * null when the text was never edited. */
static enum store_rc text_history(struct db *db, int64_t id, json_t **out)
{
	json_t *original = NULL, *edits = NULL;
	enum store_rc rc = store_request_text_history(db, id, TEXT_EDITS_MAX, &original, &edits);
	if (rc != STORE_OK)
		return rc;
	const char *first = json_str(original, "original_description");
	*out = json_null();
	if (first) {
		json_t *versions = json_array(), *e;
		json_array_append_new(
			versions,
			json_pack("{s:s, s:o, s:o, s:b}", "label", "As received", "at_label",
				  view_time_label(json_integer_value(
					  json_object_get(original, "received_at"))),
				  "text_html", text_html(first), "current", false));
		size_t i;
		json_array_foreach(edits, i, e) {
			json_t *v = json_pack(
				"{s:s, s:o, s:s?, s:s?, s:s?, s:o, s:b}", "label", "Edited",
				"at_label",
				view_time_label(json_integer_value(json_object_get(e, "created_at"))),
				"by", json_str(e, "actor_name"), "title", json_str(e, "actor_title"), "reason",
				json_str(e, "body"), "text_html", text_html(json_str(e, "description") ?: ""),
				"current", i + 1 == json_array_size(edits));
			json_array_append_new(versions, v);
		}
		json_decref(*out);
		*out = json_pack("{s:o}", "versions", versions);
	}
	json_decref(original);
	json_decref(edits);
	return STORE_OK;
}

enum store_rc staff_edit_panel_add(struct db *db, const json_t *row, json_t *req, json_t *panel,
				   const json_t *people)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_t *history = NULL, *support = NULL, *depts = NULL;
	enum store_rc rc = text_history(db, id, &history);
	if (rc == STORE_OK)
		rc = store_request_support_staff(db, id, &support);
	if (rc == STORE_OK)
		rc = store_request_departments(db, id, &depts);
	if (rc != STORE_OK) {
		json_decref(history);
		json_decref(support);
		return rc;
	}
	json_object_set_new(req, "text_history", history);
	/* Offered as support staff: the staff not support staff yet. */
	json_t *others = json_array(), *p, *s;
	size_t i, j;
	json_array_foreach(people, i, p) {
		bool there = false;
		json_array_foreach(support, j, s)
			there = there || json_equal(json_object_get(s, "id"), json_object_get(p, "id"));
		if (!there)
			json_array_append(others, p);
	}
	json_object_set_new(panel, "support_choices", view_department_choices(others, 0));
	json_decref(others);
	json_object_set_new(panel, "has_support", json_boolean(json_array_size(support) > 0));
	json_object_set_new(panel, "support_staff", support);
	json_object_set_new(panel, "has_assigned", json_boolean(json_array_size(depts) > 0));
	json_object_set_new(panel, "assigned", depts);
	return STORE_OK;
}

/* ---- The pages ---- */

/* staff_view is the request page's view model for the viewer (staff), or
 * NULL after answering 404 or 500. */
static json_t *staff_view(struct web_ctx *c, int *answered)
{
	char number[24];
	staff_number(c, number);
	json_t *view = NULL;
	switch (request_page_view(c->db, &c->viewer, number, view_clock(), &view)) {
	case STORE_OK:
		return view;
	case STORE_NOT_FOUND:
		*answered = web_error(c, 404, "There is no request with that number.");
		return NULL;
	default:
		*answered = web_error(c, 500, "The request could not be read; please try again.");
		return NULL;
	}
}

/* answer shows a form page: 200 for the page itself, else the refusal
 * with its problem and field errors (and the changes since when stale). */
static int answer(struct web_ctx *c, const char *template, json_t *view, int status,
		  const char *problem, bool stale)
{
	if (status == 200)
		return web_page(c, template, view);
	if (stale)
		staff_add_changes(c, view);
	return web_form_errors(c, status, template, view, problem);
}

/* typed: the value of a field as posted, or fallback (NULL: "") when the
 * form was not posted or the field was empty. */
static json_t *typed(const struct web_ctx *c, const char *name, const char *fallback)
{
	const char *v = staff_param_str(c, name);
	return view_form_value(v ? v : fallback ? fallback : "");
}

/* edit_page shows the form to edit the request's text, with its history. */
static int edit_page(struct web_ctx *c, int status, const char *problem, bool stale)
{
	int answered = 500;
	json_t *full = staff_view(c, &answered);
	if (!full)
		return answered;
	json_t *req = json_object_get(full, "request");
	const char *number = json_str(req, "number");
	json_t *view = json_pack(
		"{s:s+, s:{s:s, s:s, s:O?}, s:{s:s+, s:O, s:{s:o, s:o}}}", "page_title",
		"Edit the text of request ", number, "request", "number", number, "url",
		json_str(req, "url"), "text_history", json_object_get(req, "text_history"), "edit",
		"action", json_str(req, "url"), "/edit", "version",
		json_object_get(json_object_get(req, "staff"), "version"), "typed", "description",
		typed(c, "description", json_str(req, "description")), "edit_reason",
		typed(c, "edit_reason", NULL));
	json_decref(full);
	return answer(c, "request_edit", view, status, problem, stale);
}

int page_request_edit(struct web_ctx *c)
{
	return edit_page(c, 200, NULL, false);
}

int action_request_edit(struct web_ctx *c)
{
	char number[24];
	staff_number(c, number);
	struct staff_input in = {.action = STAFF_EDIT, .body = staff_param_str(c, "description"),
				 .reason = staff_param_str(c, "edit_reason")};
	return staff_run(c, &in, edit_page, arena_printf(c->arena, "/requests/%s", number));
}

static bool has_kind(const json_t *ev, const char *kind)
{
	return !strcmp(json_str(ev, "kind") ?: "", kind);
}

/* event_page shows an event with what staff may change of it. */
static int event_page(struct web_ctx *c, int status, const char *problem, bool stale)
{
	int answered = 500;
	json_t *full = staff_view(c, &answered);
	if (!full)
		return answered;
	json_t *req = json_object_get(full, "request"), *ev, *found = NULL;
	int64_t event_id = web_param(c, "event")->num;
	size_t i;
	json_array_foreach(json_object_get(req, "events"), i, ev)
		if (json_integer_value(json_object_get(ev, "id")) == event_id)
			found = ev;
	if (!found) {
		json_decref(full);
		return web_error(c, 404, "There is no such event on this request.");
	}
	const char *number = json_str(req, "number");
	enum level level = LEVEL_PUBLIC;
	level_parse(json_str(found, "level") ?: "", &level);
	enum level chosen = level;
	const char *asked = staff_param_str(c, "event_level");
	if (asked)
		level_parse(asked, &chosen);
	bool message = has_kind(found, "message") || has_kind(found, "internal_note");
	bool hidden = json_is_true(json_object_get(found, "hidden"));
	char *base = arena_printf(c->arena, "/requests/%s/events/%lld", number, (long long)event_id);
	json_t *view = json_pack(
		"{s:s+, s:{s:s, s:s}, s:O, s:{s:O, s:b, s:b, s:b, s:o, s:{s:s+, s:s+, s:s+, s:s+},"
		" s:{s:o, s:o, s:o}}}",
		"page_title", "Change an event of request ", number, "request", "number", number,
		"url", json_str(req, "url"), "event", found, "forms", "version",
		json_object_get(json_object_get(req, "staff"), "version"), "message", message,
		"hidden", hidden, "can_hide", !hidden && level != LEVEL_STAFF, "level_choices",
		staff_level_choices(chosen),
		"actions", "level", base, "/level", "hide", base, "/hide", "unhide", base, "/unhide",
		"text", base, "/text", "typed", "hide_reason", typed(c, "hide_reason", NULL),
		"level_reason", typed(c, "level_reason", NULL),
		"event_body", typed(c, "event_body", json_str(found, "body")));
	json_decref(full);
	return answer(c, "request_event", view, status, problem, stale);
}

int page_request_event(struct web_ctx *c)
{
	return event_page(c, 200, NULL, false);
}

/* event_act runs an event action and goes back to the event on the
 * request page. */
static int event_act(struct web_ctx *c, struct staff_input *in)
{
	char number[24];
	staff_number(c, number);
	in->event_id = web_param(c, "event")->num;
	return staff_run(c, in, event_page,
			 arena_printf(c->arena, "/requests/%s#event-%lld", number,
				      (long long)in->event_id));
}

int action_event_level(struct web_ctx *c)
{
	const struct param_value *level = web_param(c, "event_level");
	struct staff_input in = {.action = STAFF_EVENT_LEVEL,
				 .level = level->present ? (enum level)level->num : LEVEL_STAFF,
				 .reason = staff_param_str(c, "level_reason")};
	return event_act(c, &in);
}

int action_event_hide(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_EVENT_HIDE,
				 .reason = staff_param_str(c, "hide_reason")};
	return event_act(c, &in);
}

int action_event_unhide(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_EVENT_UNHIDE};
	return event_act(c, &in);
}

int action_event_text(struct web_ctx *c)
{
	struct staff_input in = {.action = STAFF_EVENT_TEXT,
				 .body = staff_param_str(c, "event_body")};
	return event_act(c, &in);
}
