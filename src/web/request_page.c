/* The request page, /requests/{number}: everything about one request that
 * the viewer may see, as HTML (templates/request.mustache) or JSON.
 *
 * View model (the public JSON API: keys are stable):
 *
 * {
 *   "page_title": "Request 19-5156",
 *   "request": {
 *     "number": "19-5156", "url": "/requests/19-5156",
 *     "status": "open" | "paused" | "closed",
 *     "status_label": "Open" | "Paused" | "Closed" | "Overdue" | "Due soon",
 *     "overdue": bool, "due_soon": bool,
 *     "description": the text as written (plain text, not Markdown),
 *     "description_html": all of it as HTML: escaped, paragraphs and line
 *         breaks kept, request numbers linked,
 *     "description_folds": bool, true when the text is long (over 600 bytes
 *         or 8 lines as shown), and then
 *     "description_intro_html", "description_rest_html": the text split at
 *         a paragraph, line, sentence or word boundary (null when it does
 *         not fold); the page shows the intro and the rest behind "Read
 *         more",
 *     "received": "2019-09-12T19:04:00Z", "received_label": "September 12,
 *         2019", "channel": "web", "channel_label": "web",
 *     "due_date": "2020-06-09" | null, "due_label": "June 9, 2020" | null,
 *     "due_time": "5:00pm" | null, when the deadline ends on its due date
 *         (null: with the day),
 *     "first_due_date", "first_due_label": the due date the rule gave at
 *         receipt, "due_changed": bool, whether the two differ,
 *     "due_explanation_text": how the first due date was computed, in
 *         words, or null,
 *     "departments": [{"name": "Police Department (LAPD)"}],
 *     "point_of_contact": {"name", "title" | null} | null,
 *     "requester": {"name" (the email when no name), "email", "phone",
 *         "address", "organisation"} -- only for the requester and staff:
 *         the key is absent for the public,
 *     "documents": [{"level": "public", "label": "Public", "empty": bool,
 *         "items": [documents_view: {"id", "kind": "file" | "link" |
 *         "offline", "title", "description", "filename", "content_type",
 *         "size", "size_label", "url" (the download or the link),
 *         "page_url", "instructions", "released": bool, ...}]}] -- one
 *         group per level the viewer may see, public first,
 *     "has_files": whether the viewer may download any file (the zip of
 *         them all is at URL/documents.zip),
 *     "events": newest first, [{"id", "kind": "message",
 *         "kind_label": "External Message", "level": "requester",
 *         "level_label": "Requester + Staff", "hidden": bool,
 *         "at": "2020-06-17T00:16:00Z", "at_label": "June 16, 2020, 5:16pm",
 *         "byline": "by the requester" | "by NAME - TITLE (Staff)" |
 *             "by NAME (Staff)" | null,
 *         "body_html": Markdown rendered safe | null,
 *         "due_change": {"new": "2020-06-09", "old": "2020-05-12",
 *             "new_label": "06/09/2020", "old_label": "05/12/2020"} | null,
 *         "closure": {"reasons": [{"label": "No responsive records",
 *             "text": what the requester reads, "citations": "Gov. Code
 *             § 7922.530" | null}]} | null: a closing's reasons,
 *         "pause": {"reason": "information", "label": "Information asked
 *             of the requester", "stops_clock": bool | null (not
 *             recorded), "clock_note": why it does not although the rule
 *             set stops the clock | null} | null: a pause's reason}],
 *         "edited_label": when staff last edited the message's text | null,
 *         for staff only: "hidden_reason", "hidden_by", "hidden_at_label"
 *         (why, by whom and when it was hidden from the public), "body"
 *         (the Markdown), "change_url" (its change page),
 *         "original_url" (a message that came by email: the email
 *         as received)}],
 *     "text_history": for staff only, once the text was edited: the text
 *         as received and each edit (web/staff_edit.c),
 *     "compliance": {"flag": true, "text": "Extended 7 times; Gov. Code
 *         7922.535 allows one extension of up to 14 days"} | null: the
 *         due date changes go beyond what the request's rule set allows
 *     "staff": the staff controls, for staff only; "reply": the message
 *         form, for the request's requester only (web/staff.h)
 *   }
 * }
 *
 * A viewer who may not see the request (the public, before it is
 * published) gets the same 404 as for a number that does not exist. */
#include "web/request_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/event.h"
#include "domain/request.h"
#include "render/markdown.h"
#include "util/buf.h"
#include "web/routes.h"
#include "web/staff.h"
#include "web/view.h"
#include "web/web.h"
#include "util/json_field.h"

enum {
	FOLD_MAX_BYTES = 600,  /* a longer description folds */
	FOLD_MAX_LINES = 8,    /* so does one of more lines, as shown */
	FOLD_LINE_WIDTH = 80,  /* characters of a shown line, roughly */
	INTRO_MAX_BYTES = 400, /* the intro of a folded description */
	INTRO_MAX_LINES = 5,
};

/* nonempty: s, or NULL when s is NULL or "". */
static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* line_rows: how many rows a line of n bytes takes when shown. */
static size_t line_rows(size_t n)
{
	return n ? (n + FOLD_LINE_WIDTH - 1) / FOLD_LINE_WIDTH : 1;
}

/* fold_point returns where a long text splits into intro and rest (0: it
 * is short, or has no place to split). It prefers the end of a paragraph,
 * then of a line, within the intro's budget; a first line longer than the
 * budget splits after a sentence or else a word. len excludes trailing
 * white space. */
static size_t fold_point(const char *text, size_t len)
{
	size_t rows = 0, para = 0, line = 0;
	bool fits = true;
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		rows += line_rows(end - i);
		fits = fits && rows <= INTRO_MAX_LINES && end <= INTRO_MAX_BYTES;
		if (fits && end < len && end > i) {
			line = end;
			size_t next = end + 1;
			while (next < len && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r'))
				next++;
			if (next < len && text[next] == '\n')
				para = end; /* a blank line follows */
		}
		i = end + 1;
	}
	if (len <= FOLD_MAX_BYTES && rows <= FOLD_MAX_LINES)
		return 0;
	if (para || line)
		return para ? para : line;
	size_t sentence = 0, word = 0;
	for (size_t i = 1; i < INTRO_MAX_BYTES && i < len && text[i] != '\n'; i++)
		if (text[i] == ' ') {
			word = i;
			if (strchr(".!?", text[i - 1]))
				sentence = i;
		}
	return sentence ? sentence : word;
}

static json_t *html_string(char *html)
{
	json_t *s = json_string(html);
	free(html);
	return s;
}

/* add_description adds the description keys of the view model. */
static void add_description(json_t *req, const char *text)
{
	size_t len = strlen(text);
	while (len && is_space(text[len - 1]))
		len--;
	json_object_set_new(req, "description", json_string(text));
	json_object_set_new(req, "description_html", html_string(markdown_plain_to_html(text, len)));
	size_t cut = fold_point(text, len);
	json_object_set_new(req, "description_folds", json_boolean(cut > 0));
	if (!cut) {
		json_object_set_new(req, "description_intro_html", json_null());
		json_object_set_new(req, "description_rest_html", json_null());
		return;
	}
	size_t rest = cut;
	while (rest < len && is_space(text[rest]))
		rest++;
	json_object_set_new(req, "description_intro_html",
			    html_string(markdown_plain_to_html(text, cut)));
	json_object_set_new(req, "description_rest_html",
			    html_string(markdown_plain_to_html(text + rest, len - rest)));
}

/* add_dates adds received, channel and due date keys. */
static void add_dates(json_t *req, const json_t *row, struct deadline_clock now,
		      struct date soon_until)
{
	char iso[DATE_FMT_MAX], label[DATE_FMT_MAX];
	int64_t received = json_integer_value(json_object_get(row, "received_at"));
	const char *channel = json_str(row, "channel");
	const char *due = json_str(row, "due_date"), *first = json_str(row, "first_due_date");
	int ends_min = view_row_ends_min(row);
	view_status(req, json_str(row, "status"), due, ends_min, now, soon_until);
	json_object_set_new(req, "received", json_string(date_time_format_iso(received, iso)));
	json_object_set_new(req, "received_label",
			    json_string(date_format_long(date_local(received), label)));
	json_object_set_new(req, "channel", json_string(channel));
	json_object_set_new(req, "channel_label", json_string(request_channel_label(channel)));
	json_object_set_new(req, "due_date", due ? json_string(due) : json_null());
	json_object_set_new(req, "due_label", view_date_label(due));
	json_object_set_new(req, "due_time", view_ends_label(due ? ends_min : DEADLINE_END_OF_DAY));
	json_object_set_new(req, "first_due_date", first ? json_string(first) : json_null());
	json_object_set_new(req, "first_due_label", view_date_label(first));
	json_object_set_new(req, "due_changed", json_boolean(due && first && strcmp(due, first)));
	char *why = NULL;
	const char *stored = json_str(row, "due_explanation");
	json_t *explanation = stored ? json_loads(stored, 0, NULL) : NULL;
	if (explanation)
		why = deadline_explain(explanation);
	json_decref(explanation);
	json_object_set_new(req, "due_explanation_text", why ? json_string(why) : json_null());
	free(why);
}

/* add_people adds departments, the point of contact and, when the viewer
 * may see them, the requester's contact details. */
static enum store_rc add_people(struct db *db, json_t *req, const json_t *row, int64_t id,
				enum level level)
{
	json_t *rows = NULL;
	enum store_rc rc = store_request_departments(db, id, &rows);
	if (rc != STORE_OK)
		return rc;
	json_t *departments = json_array(), *d;
	size_t i;
	json_array_foreach(rows, i, d)
		json_array_append_new(departments, json_pack("{s:s?}", "name", json_str(d, "name")));
	json_decref(rows);
	json_object_set_new(req, "departments", departments);

	const char *contact = json_str(row, "point_of_contact_name");
	json_object_set_new(req, "point_of_contact",
			    contact ? json_pack("{s:s, s:s?}", "name", contact, "title",
						nonempty(json_str(row, "point_of_contact_title")))
				    : json_null());

	const char *name = nonempty(json_str(row, "requester_name"));
	const char *email = nonempty(json_str(row, "requester_email"));
	if (!policy_can_see_contact(level) || (!name && !email))
		return STORE_OK;
	json_object_set_new(req, "requester",
			    json_pack("{s:s, s:s?, s:s?, s:s?, s:s?}", "name", name ? name : email,
				      "email", email, "phone", nonempty(json_str(row, "requester_phone")),
				      "address", nonempty(json_str(row, "requester_address")),
				      "organisation", nonempty(json_str(row, "requester_organisation"))));
	return STORE_OK;
}

/* Documents are grouped by the level they are released at; the group of
 * the requester's level reads "Requester" (an event at that level reads
 * "Requester + Staff"). */
static const char *const document_group_labels[LEVEL__COUNT] = {
	[LEVEL_PUBLIC] = "Public",
	[LEVEL_REQUESTER] = "Requester",
	[LEVEL_STAFF] = "Staff",
};

/* add_documents adds one group of documents per level the viewer sees. */
static enum store_rc add_documents(struct db *db, json_t *req, int64_t id, enum level level)
{
	json_t *rows = NULL;
	enum store_rc rc = store_request_documents(db, id, (int)level, &rows);
	if (rc != STORE_OK)
		return rc;
	json_t *groups = json_array();
	bool files = false;
	for (int l = LEVEL_PUBLIC; l <= (int)level; l++) {
		json_t *items = json_array(), *doc;
		size_t i;
		json_array_foreach(rows, i, doc) {
			enum level doc_level;
			bool released = !json_is_null(json_object_get(doc, "released_at"));
			if (level_parse(json_str(doc, "level") ?: "", &doc_level) && (int)doc_level == l &&
			    policy_can_see_document(level, doc_level, released)) {
				files = files || !strcmp(json_str(doc, "kind") ?: "", "file");
				json_array_append_new(items, documents_view(doc));
			}
		}
		json_array_append_new(groups,
				      json_pack("{s:s, s:s, s:b, s:o}", "level",
						level_name((enum level)l), "label",
						document_group_labels[l], "empty",
						json_array_size(items) == 0, "items", items));
	}
	json_decref(rows);
	json_object_set_new(req, "documents", groups);
	json_object_set_new(req, "has_files", json_boolean(files));
	return STORE_OK;
}

/* byline: "by the requester", "by NAME - TITLE (Staff)", "by NAME (Staff)"
 * or NULL for the system. */
static json_t *byline(const json_t *ev)
{
	if (json_is_true(json_object_get(ev, "actor_is_requester")))
		return json_string("by the requester");
	const char *name = nonempty(json_str(ev, "actor_name"));
	const char *title = nonempty(json_str(ev, "actor_title"));
	if (!name)
		return json_null();
	return title ? json_sprintf("by %s - %s (Staff)", name, title)
		     : json_sprintf("by %s (Staff)", name);
}

/* due_change reads a due date change's {"new", "old"} data. */
static json_t *due_change(const char *data)
{
	json_t *d = data ? json_loads(data, 0, NULL) : NULL;
	struct date new_date, old_date;
	char a[DATE_FMT_MAX], b[DATE_FMT_MAX];
	json_t *out = json_null();
	if (date_parse(json_str(d, "new"), &new_date) && date_parse(json_str(d, "old"), &old_date))
		out = json_pack("{s:s, s:s, s:s, s:s}", "new", json_str(d, "new"), "old", json_str(d, "old"),
				"new_label", date_format_us(new_date, a), "old_label",
				date_format_us(old_date, b));
	json_decref(d);
	return out;
}

/* closure reads a closing's data: {"reasons": [{label, text, citations}]}
 * (null when it has none: a request closed before reasons existed). */
static json_t *closure(const char *data)
{
	json_t *d = data ? json_loads(data, 0, NULL) : NULL;
	json_t *reasons = json_array(), *r;
	size_t i;
	json_array_foreach(json_object_get(d, "reasons"), i, r)
		json_array_append_new(reasons, json_pack("{s:s?, s:s?, s:s?}", "label", json_str(r, "label"),
							 "text", json_str(r, "text"), "citations",
							 json_str(r, "citations")));
	json_decref(d);
	if (!json_array_size(reasons)) {
		json_decref(reasons);
		return json_null();
	}
	return json_pack("{s:o}", "reasons", reasons);
}

/* pause reads a pause's data: its reason, in words, and whether it stopped
 * the clock (null when it has no reason: a pause recorded without one). */
static json_t *pause(const char *data)
{
	json_t *d = data ? json_loads(data, 0, NULL) : NULL;
	json_t *out = json_null();
	const json_t *stops = json_object_get(d, "stops_clock");
	if (json_str(d, "reason"))
		out = json_pack("{s:s, s:s, s:o, s:s?}", "reason", json_str(d, "reason"), "label",
				json_str(d, "label") ?: json_str(d, "reason"), "stops_clock",
				json_is_boolean(stops) ? json_boolean(json_is_true(stops))
						       : json_null(),
				"clock_note", json_str(d, "clock_note"));
	json_decref(d);
	return out;
}

/* add_event_staff adds what staff see of an event: the text to edit, who
 * hid it, when and why, and the address of its change page. */
static void add_event_staff(json_t *out, const json_t *ev, const char *number)
{
	int64_t hidden_at = json_integer_value(json_object_get(ev, "hidden_at"));
	json_object_set(out, "hidden_reason", json_object_get(ev, "hidden_reason"));
	json_object_set(out, "hidden_by", json_object_get(ev, "hidden_by_name"));
	json_object_set_new(out, "hidden_at_label",
			    hidden_at ? view_time_label(hidden_at) : json_null());
	json_object_set(out, "body", json_object_get(ev, "body"));
	json_object_set_new(out, "change_url",
			    json_sprintf("/requests/%s/events/%lld", number,
					 (long long)json_integer_value(json_object_get(ev, "id"))));
}

static json_t *event_view(const json_t *ev, enum event_kind kind, enum level level)
{
	char at[DATE_FMT_MAX];
	int64_t t = json_integer_value(json_object_get(ev, "created_at"));
	const char *body = json_str(ev, "body");
	json_t *out = json_pack("{s:O, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:o}", "id",
				json_object_get(ev, "id"), "kind", event_kind_name(kind),
				"kind_label", event_kind_label(kind), "level", level_name(level),
				"level_label", level_label(level), "hidden",
				json_is_true(json_object_get(ev, "hidden")), "at",
				date_time_format_iso(t, at), "at_label", view_time_label(t),
				"byline", byline(ev));
	json_object_set_new(out, "body_html",
			    body ? html_string(markdown_to_html(body, strlen(body))) : json_null());
	json_object_set_new(out, "due_change", kind == EVENT_DUE_DATE_CHANGED
						       ? due_change(json_str(ev, "data"))
						       : json_null());
	json_object_set_new(out, "closure",
			    kind == EVENT_CLOSED ? closure(json_str(ev, "data")) : json_null());
	json_object_set_new(out, "pause",
			    kind == EVENT_PAUSED ? pause(json_str(ev, "data")) : json_null());
	int64_t edited = json_integer_value(json_object_get(ev, "edited_at"));
	json_object_set_new(out, "edited_label", edited ? view_time_label(edited) : json_null());
	return out;
}

/* add_compliance adds the request's compliance flag: whether its due date
 * history goes beyond what its rule set allows (kept on the request by
 * every change of the due date, src/domain/due.c). */
static void add_compliance(json_t *req, const json_t *row)
{
	const char *text = json_str(row, "compliance");
	json_object_set_new(req, "compliance",
			    text ? json_pack("{s:b, s:s}", "flag", true, "text", text) : json_null());
}

/* add_original links a message that came by email to the email as
 * received (/staff/mail/{id}), for staff. */
static void add_original(json_t *view, const char *data)
{
	json_t *d = data ? json_loads(data, 0, NULL) : NULL;
	json_int_t id = json_integer_value(json_object_get(d, "inbound_mail_id"));
	if (id > 0)
		json_object_set_new(view, "original_url", json_sprintf("/staff/mail/%lld", (long long)id));
	json_decref(d);
}

/* add_events adds the timeline the viewer may see, newest first. */
static enum store_rc add_events(struct db *db, json_t *req, const json_t *row, int64_t id,
			       enum level level)
{
	json_t *rows = NULL;
	enum store_rc rc = store_request_events(db, id, (int)level, policy_sees_hidden(level), &rows);
	if (rc != STORE_OK)
		return rc;
	json_t *events = json_array(), *ev;
	size_t i;
	json_array_foreach(rows, i, ev) {
		enum event_kind kind;
		enum level ev_level;
		if (!event_kind_parse(json_str(ev, "kind"), &kind) ||
		    !level_parse(json_str(ev, "level") ?: "", &ev_level) ||
		    !policy_can_see_item(level, ev_level,
					 json_is_true(json_object_get(ev, "hidden"))))
			continue;
		json_t *view = event_view(ev, kind, ev_level);
		if (level == LEVEL_STAFF) {
			add_event_staff(view, ev, json_str(row, "number"));
			add_original(view, json_str(ev, "data"));
		}
		json_array_append_new(events, view);
	}
	json_decref(rows);
	json_object_set_new(req, "events", events);
	return STORE_OK;
}

enum store_rc request_page_view(struct db *db, const struct viewer *viewer, const char *number,
				struct deadline_clock now, json_t **view)
{
	json_t *row = NULL;
	enum store_rc rc = store_request_by_number(db, number, &row);
	if (rc != STORE_OK)
		return rc;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t requester_id = json_integer_value(json_object_get(row, "requester_id"));
	if (!policy_can_see_request(viewer, requester_id,
				    json_is_true(json_object_get(row, "published")))) {
		json_decref(row);
		return STORE_NOT_FOUND;
	}
	enum level level = policy_level(viewer, requester_id);
	json_t *req = json_pack("{s:s, s:s+}", "number", json_str(row, "number"), "url", "/requests/",
				json_str(row, "number"));
	add_description(req, json_str(row, "description") ?: "");
	add_dates(req, row, now, view_soon_until(db, row, now));
	rc = add_people(db, req, row, id, level);
	if (rc == STORE_OK)
		rc = add_documents(db, req, id, level);
	if (rc == STORE_OK)
		rc = add_events(db, req, row, id, level);
	add_compliance(req, row);
	if (rc == STORE_OK)
		rc = staff_panel_add(db, viewer, level, row, req);
	if (rc == STORE_OK)
		*view = json_pack("{s:s+, s:o}", "page_title", "Request ", json_str(row, "number"),
				  "request", req);
	else
		json_decref(req);
	json_decref(row);
	return rc;
}

int page_request(struct web_ctx *c)
{
	const struct reqno *n = &web_param(c, "number")->reqno;
	char number[24];
	snprintf(number, sizeof number, "%02d-%d", n->year, n->seq);
	json_t *view = NULL;
	enum store_rc rc = request_page_view(c->db, &c->viewer, number, view_clock(), &view);
	const struct param_value *template = web_param(c, "template");
	if (rc == STORE_OK && template->present)
		rc = staff_panel_use_template(c->db, view, template->num);
	if (rc == STORE_NOT_FOUND && view) {
		json_decref(view);
		return web_field_error(c, "template", "is not one of the active templates");
	}
	switch (rc) {
	case STORE_OK:
		return web_page(c, "request", view);
	case STORE_NOT_FOUND:
		return web_error(c, 404, "There is no request with that number.");
	default:
		json_decref(view);
		return web_error(c, 500, "The request could not be read; please try again.");
	}
}
