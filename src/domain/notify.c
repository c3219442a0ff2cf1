/* Who is told what by email: the rules, the recipients, the texts. */
#include "domain/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline_admin.h"
#include "domain/mail.h"
#include "domain/policy.h"
#include "domain/reply_address.h"
#include "domain/role.h"
#include "domain/signing.h"
#include "render/markdown.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/die.h"
#include "util/log.h"
#include "util/json_field.h"

/* ASCII punctuation, which CommonMark lets a backslash escape. */
#define MD_PUNCT "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

enum { BODY_MAX = 20000, DIGEST_ITEMS_MAX = 200,
       DIGEST_REMINDERS_MAX = 50, UNSUBSCRIBE_HEX = 32, DIGEST_EXCERPT = 600 };

const struct notify_kind notify_kinds[] = {
	{"request_received", "Your request was received", NOTIFY_REQUESTER, false},
	{"message", "A message about your request", NOTIFY_REQUESTER, false},
	{"documents", "Documents released to you", NOTIFY_REQUESTER, false},
	{"due_date", "Due date changes and extensions", NOTIFY_REQUESTER, false},
	{"paused", "Your request paused or resumed", NOTIFY_REQUESTER, false},
	{"closed", "Your request closed or reopened", NOTIFY_REQUESTER, false},
	{"new_request", "A new request for your department", NOTIFY_STAFF, false},
	{"requester_message", "A message from a requester", NOTIFY_STAFF, false},
	{"assigned", "You are made point of contact or support staff", NOTIFY_STAFF, false},
	{"task", "A task for you", NOTIFY_STAFF, false},
	{"reminders", "Requests in your care due soon or overdue", NOTIFY_STAFF, true},
	{"email_failed", "An email that could not be delivered (admins)", NOTIFY_STAFF, false},
	{NULL, NULL, NOTIFY_REQUESTER, false},
};

const struct notify_kind *notify_kind_find(const char *name)
{
	for (const struct notify_kind *k = notify_kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

bool notify_delivery_valid(const struct notify_kind *k, const char *delivery)
{
	return !strcmp(delivery, "digest") || !strcmp(delivery, "none") ||
	       (!strcmp(delivery, "immediate") && !k->daily);
}

/* Who hears of an event. */
enum who {
	WHO_REQUESTER,   /* the request's requester */
	WHO_DEPARTMENTS, /* staff of every department of the request */
	WHO_DEPARTMENT,  /* staff of the department the event names */
	WHO_TEAM,        /* point of contact and support staff (else the
			    departments' staff) */
	WHO_CONTACT,     /* the point of contact */
	WHO_SUPPORT,     /* the support staff the event names */
	WHO_TASK,        /* the task's assignee */
};
enum from { FROM_ANYONE, FROM_STAFF, FROM_REQUESTER };

/* The table: for an event kind (and its author), who is told, under which
 * kind of notification, with which subject and first sentence. {number}
 * is the request number, {sender} the department (or the agency). */
static const struct rule {
	const char *event;
	enum from from;
	enum who who;
	const char *kind;
	const char *subject, *headline;
} rules[] = {
	{"opened", FROM_ANYONE, WHO_REQUESTER, "request_received", "Your request was received",
	 "{sender} received your public records request {number}."},
	{"opened", FROM_ANYONE, WHO_DEPARTMENTS, "new_request", "New request",
	 "A new request, {number}, came in for your department."},
	{"department_assigned", FROM_ANYONE, WHO_DEPARTMENT, "new_request",
	 "New request for your department", "Request {number} was assigned to your department."},
	{"point_of_contact_changed", FROM_ANYONE, WHO_CONTACT, "assigned",
	 "You are the point of contact", "You are now the point of contact for request {number}."},
	{"support_staff_changed", FROM_ANYONE, WHO_SUPPORT, "assigned", "You are support staff",
	 "You are now support staff on request {number}."},
	{"message", FROM_STAFF, WHO_REQUESTER, "message", "New message from {sender}",
	 "{sender} wrote about your request {number}:"},
	{"message", FROM_REQUESTER, WHO_TEAM, "requester_message", "New message from the requester",
	 "The requester wrote about request {number}:"},
	{"due_date_changed", FROM_ANYONE, WHO_REQUESTER, "due_date", "The due date changed",
	 "The due date of your request {number} changed."},
	{"extended", FROM_ANYONE, WHO_REQUESTER, "due_date", "The due date was extended",
	 "The due date of your request {number} was extended."},
	{"paused", FROM_ANYONE, WHO_REQUESTER, "paused", "Your request is paused",
	 "Your request {number} is paused."},
	{"resumed", FROM_ANYONE, WHO_REQUESTER, "paused", "Work on your request resumed",
	 "Work on your request {number} resumed."},
	{"document_released", FROM_ANYONE, WHO_REQUESTER, "documents", "Documents were released",
	 "Documents were released on your request {number}."},
	{"task_assigned", FROM_ANYONE, WHO_TASK, "task", "A task for you",
	 "You have a task on request {number}."},
	{"closed", FROM_ANYONE, WHO_REQUESTER, "closed", "Your request was closed",
	 "Your request {number} was closed."},
	{"reopened", FROM_ANYONE, WHO_REQUESTER, "closed", "Your request was reopened",
	 "Your request {number} was reopened."},
};

bool notify_choose(struct db *db, int64_t user_id, const char *const *kinds,
		   const char *const *deliveries, size_t n, int64_t now)
{
	bool done = db_begin(db);
	for (size_t i = 0; done && i < n; i++)
		done = store_notify_pref_set(db, user_id, kinds[i], deliveries[i], now) == STORE_OK;
	if (done && db_commit(db))
		return true;
	log_error("notification choices: %s", db_errmsg(db));
	db_rollback(db);
	return false;
}

int notify_mail_retry(struct db *db, int64_t outbox_id, int64_t actor_id, const char *ip,
		      int64_t now)
{
	if (!db_begin(db)) {
		log_error("sending an email again: %s", db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	enum store_rc rc = store_outbox_requeue(db, outbox_id, now);
	if (rc == STORE_OK) {
		struct store_audit_new a = {
			.actor_id = actor_id, .action = "mail.retry", .target_type = "outbox",
			.target_id = outbox_id, .after_json = "{\"status\":\"queued\"}",
			.before_json = "{\"status\":\"failed\"}", .ip = ip, .at = now,
		};
		rc = store_audit_add(db, &a);
	}
	if (rc == STORE_OK && db_commit(db))
		return 1;
	if (rc != STORE_NOT_FOUND)
		log_error("sending an email again: %s", db_errmsg(db));
	db_rollback(db);
	return rc == STORE_NOT_FOUND ? 0 : -1;
}

/* Process-wide settings (notify_setup). */
static char *public_url, *mail_domain;

void notify_setup(const char *url, const char *domain)
{
	free(public_url);
	free(mail_domain);
	public_url = xstrdup(url ? url : "");
	if (domain && *domain) {
		mail_domain = xstrdup(domain);
		return;
	}
	const char *host = strstr(public_url, "://");
	host = host ? host + 3 : public_url;
	if (*host == '[') /* an IPv6 address is no mail domain */
		host = "";
	size_t n = strcspn(host, ":/");
	mail_domain = n ? xstrndup(host, n) : xstrdup("localhost");
}

const char *notify_mail_domain(void)
{
	return mail_domain ? mail_domain : "localhost";
}

static const char *url_base(void)
{
	return public_url ? public_url : "";
}

static bool ok(struct db *db, enum store_rc rc)
{
	if (rc == STORE_OK)
		return true;
	log_error("notifications: %s", db_errmsg(db));
	return false;
}

/* subst appends tmpl with {number} and {sender} replaced. */
static void subst(struct buf *out, const char *tmpl, const char *number, const char *sender)
{
	for (const char *p = tmpl; *p;) {
		if (!strncmp(p, "{number}", 8)) {
			buf_puts(out, number);
			p += 8;
		} else if (!strncmp(p, "{sender}", 8)) {
			buf_puts(out, sender);
			p += 8;
		} else {
			buf_putc(out, *p++);
		}
	}
}

/* long_date appends an ISO date as "September 23, 2019" (as is when it is
 * not one). */
static void long_date(struct buf *out, const char *iso)
{
	struct date d;
	char text[DATE_FMT_MAX];
	buf_puts(out, iso && date_parse(iso, &d) ? date_format_long(d, text) : iso ? iso : "");
}

/* One notification being written. */
struct note {
	const char *kind;
	struct buf subject, headline;
	const char *body;   /* Markdown, or NULL */
	bool body_is_text;  /* body is plain text (a request's description) */
	struct buf detail;  /* plain text lines, or empty */
	const json_t *request; /* NULL: not about one request */
	int64_t event_id;
};

static void note_free(struct note *n)
{
	buf_free(&n->subject);
	buf_free(&n->headline);
	buf_free(&n->detail);
}

/* agency_name returns the agency's name (malloc'd). */
static char *agency_name(struct db *db)
{
	char *name = NULL;
	if (store_setting_get(db, "agency_name", &name) != STORE_OK || !name || !*name) {
		free(name);
		name = xstrdup("Public Records");
	}
	return name;
}

/* request_url appends the request page's absolute address. */
static void request_url(struct buf *out, const char *number)
{
	buf_printf(out, "%s/requests/%s", url_base(), number);
}

/* html_text appends text escaped, with line breaks kept. */
static void html_text(struct buf *out, const char *s)
{
	struct buf esc = BUF_INIT;
	buf_html(&esc, s, strlen(s));
	for (const char *p = buf_cstr(&esc); *p; p++) {
		if (*p == '\n')
			buf_puts(out, "<br>\n");
		else
			buf_putc(out, *p);
	}
	buf_free(&esc);
}

/* html_link appends <a href="url">text</a>, both escaped. */
static void html_link(struct buf *out, const char *url, const char *text)
{
	buf_puts(out, "<a href=\"");
	buf_html(out, url, strlen(url));
	buf_puts(out, "\">");
	buf_html(out, text, strlen(text));
	buf_puts(out, "</a>");
}

/* absolute_links appends html with the portal's own links (href="/...")
 * made absolute, since a mail client has no page to resolve them from. */
static void absolute_links(struct buf *out, const char *html)
{
	const char *p = html, *hit;
	while ((hit = strstr(p, "href=\"/")) != NULL) {
		buf_append(out, p, (size_t)(hit - p) + 6);
		buf_html(out, url_base(), strlen(url_base()));
		p = hit + 6;
	}
	buf_puts(out, p);
}

struct footer {
	const char *agency;
	const char *unsubscribe; /* requester: the link that turns emails off */
	bool reply;              /* requester: replies reach the request */
};

/* render writes the text and HTML bodies of a note. */
static void render(const struct note *n, const struct footer *f, struct buf *text,
		   struct buf *html)
{
	const char *number = n->request ? json_str(n->request, "number") : NULL;
	char *body_html = NULL;
	struct buf body = BUF_INIT;
	if (n->body && *n->body) {
		size_t len = strlen(n->body);
		if (len > BODY_MAX)
			len = BODY_MAX;
		while (len && ((unsigned char)n->body[len] & 0xC0) == 0x80)
			len--;
		buf_append(&body, n->body, len);
		body_html = n->body_is_text ? markdown_plain_to_html(body.data, body.len)
					    : markdown_to_html(body.data, body.len);
	}
	buf_printf(text, "%s\n\n", buf_cstr(&n->headline));
	buf_puts(html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
	buf_html(html, n->subject.data, n->subject.len);
	buf_puts(html, "</title></head>\n<body>\n<p>");
	html_text(html, buf_cstr(&n->headline));
	buf_puts(html, "</p>\n");
	if (body.len) {
		/* The text part shows the Markdown as written, but for its
		 * backslash escapes ("dispatch\-log\.txt" reads dispatch-log.txt). */
		for (const char *p = buf_cstr(&body); *p; p++) {
			if (*p == '\\' && !n->body_is_text && p[1] && strchr(MD_PUNCT, p[1]))
				p++;
			buf_putc(text, *p);
		}
		buf_puts(text, "\n\n");
		buf_puts(html, "<blockquote>\n");
		absolute_links(html, body_html);
		buf_puts(html, "</blockquote>\n");
	}
	if (n->detail.len) {
		buf_printf(text, "%s\n\n", buf_cstr(&n->detail));
		buf_puts(html, "<p>");
		html_text(html, buf_cstr(&n->detail));
		buf_puts(html, "</p>\n");
	}
	struct buf url = BUF_INIT;
	if (number) {
		request_url(&url, number);
		buf_printf(text, "Request %s: %s\n", number, buf_cstr(&url));
		char label[64];
		snprintf(label, sizeof label, "See request %s", number);
		buf_puts(html, "<p>");
		html_link(html, buf_cstr(&url), label);
		buf_puts(html, "</p>\n");
	}
	buf_printf(text, "\n-- \n%s\n", f->agency);
	buf_puts(html, "<hr>\n<p>");
	html_text(html, f->agency);
	if (f->reply) {
		buf_puts(text, "Reply to this email to write to us about this request.\n");
		buf_puts(html, "<br>\nReply to this email to write to us about this request.");
	}
	if (f->unsubscribe) {
		buf_printf(text, "To stop emails about this request: %s\n", f->unsubscribe);
		buf_puts(html, "<br>\n");
		html_link(html, f->unsubscribe, "Stop emails about this request");
	} else {
		buf_reset(&url);
		buf_printf(&url, "%s/account/notifications", url_base());
		buf_printf(text, "Choose which emails you get: %s\n", buf_cstr(&url));
		buf_puts(html, "<br>\n");
		html_link(html, buf_cstr(&url), "Choose which emails you get");
	}
	buf_puts(html, "</p>\n</body></html>\n");
	buf_free(&url);
	buf_free(&body);
	free(body_html);
}

/* thread_id appends the id every email about a request refers to, so that
 * mail clients show them as one conversation. */
static void thread_id(struct buf *out, const char *number)
{
	buf_printf(out, "request-%s@%s", number, notify_mail_domain());
}

/* queue_email writes the note to the outbox for one address (of the
 * account recipient_id; 0: none). */
static bool queue_email(struct db *db, const struct note *n, const char *to, int64_t recipient_id,
			const char *to_name, const struct footer *f, const char *reply_to,
			int64_t now)
{
	if (!mail_address_valid(to)) {
		log_warn("notifications: not sending %s to an invalid address", n->kind);
		return true;
	}
	const char *number = n->request ? json_str(n->request, "number") : NULL;
	struct buf text = BUF_INIT, html = BUF_INIT, id = BUF_INIT, thread = BUF_INIT;
	render(n, f, &text, &html);
	mail_message_id(&id, number ? number : n->kind, notify_mail_domain());
	if (number)
		thread_id(&thread, number);
	json_t *headers = json_object();
	if (to_name && *to_name)
		json_object_set_new(headers, "to_name", json_string(to_name));
	if (reply_to)
		json_object_set_new(headers, "reply_to", json_string(reply_to));
	if (thread.len)
		json_object_set_new(headers, "thread_id", json_string(buf_cstr(&thread)));
	if (f->unsubscribe)
		json_object_set_new(headers, "unsubscribe_url", json_string(f->unsubscribe));
	json_object_set_new(headers, "kind", json_string(n->kind));
	char *hj = json_dumps(headers, JSON_COMPACT);
	struct store_mail_new m = {
		.to = to, .subject = buf_cstr(&n->subject), .body_text = buf_cstr(&text),
		.body_html = buf_cstr(&html), .headers_json = hj, .message_id = buf_cstr(&id),
		.request_id = n->request ? json_num(n->request, "id") : 0, .event_id = n->event_id,
		.now = now, .recipient_id = recipient_id,
	};
	bool done = ok(db, store_outbox_enqueue(db, &m, NULL));
	free(hj);
	json_decref(headers);
	buf_free(&text);
	buf_free(&html);
	buf_free(&id);
	buf_free(&thread);
	return done;
}

/* delivery returns how user_id wants kind: immediate, digest or none (the
 * kind's default when they did not choose). */
static const char *delivery(struct db *db, int64_t user_id, const char *kind, bool *failed)
{
	json_t *prefs = NULL;
	if (!ok(db, store_notify_prefs(db, user_id, &prefs))) {
		*failed = true;
		return "none";
	}
	const struct notify_kind *k = notify_kind_find(kind);
	const char *chosen = json_string_value(json_object_get(prefs, kind));
	const char *out = k && k->daily ? "digest" : "immediate";
	if (chosen && k && notify_delivery_valid(k, chosen))
		out = !strcmp(chosen, "digest") ? "digest" : !strcmp(chosen, "none") ? "none"
										     : "immediate";
	json_decref(prefs);
	return out;
}

/* tell_user delivers the note to an account as it chose. */
static bool tell_user(struct db *db, const struct note *n, int64_t user_id, const char *email,
		      const char *name, const struct footer *f, const char *reply_to,
		      int64_t now)
{
	bool failed = false;
	const char *how = delivery(db, user_id, n->kind, &failed);
	if (failed)
		return false;
	if (!strcmp(how, "immediate"))
		return queue_email(db, n, email, user_id, name, f, reply_to, now);
	if (!strcmp(how, "digest")) {
		struct buf text = BUF_INIT;
		buf_puts(&text, buf_cstr(&n->headline));
		if (n->body && *n->body) {
			const char *b = n->body;
			size_t len = strlen(b) > DIGEST_EXCERPT ? DIGEST_EXCERPT : strlen(b);
			while (len && ((unsigned char)b[len] & 0xC0) == 0x80)
				len--; /* not inside a character */
			buf_puts(&text, "\n");
			buf_append(&text, b, len);
			if (len < strlen(b))
				buf_puts(&text, "...");
		}
		struct store_digest_item d = {
			.user_id = user_id, .kind = n->kind,
			.request_id = n->request ? json_num(n->request, "id") : 0,
			.event_id = n->event_id, .subject = buf_cstr(&n->subject),
			.body_text = buf_cstr(&text), .now = now,
		};
		bool done = ok(db, store_digest_add(db, &d));
		buf_free(&text);
		return done;
	}
	return true;
}

/* tell_people delivers the note to staff accounts, except skip_id (the
 * one who did it) and those already told (told: a JSON object of ids). */
static bool tell_people(struct db *db, const struct note *n, json_t *people, int64_t skip_id,
			json_t *told, const struct footer *f, int64_t now)
{
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) {
		int64_t id = json_num(p, "id");
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)id);
		enum role role;
		if (id == skip_id || json_object_get(told, key) ||
		    !role_parse(json_str(p, "role") ? json_str(p, "role") : "", &role) ||
		    !policy_is_staff(&(struct viewer){id, role}))
			continue;
		json_object_set_new(told, key, json_true());
		if (!tell_user(db, n, id, json_str(p, "email"), json_str(p, "name"), f, NULL, now))
			return false;
	}
	return true;
}

/* tell_requester delivers a note to the request's requester, when the
 * policy lets the requester see the event and emails are not off. */
static bool tell_requester(struct db *db, const struct note *n, const json_t *req,
			   const char *agency, int64_t now)
{
	const char *email = json_str(req, "requester_email");
	if (!email || !mail_address_valid(email))
		return true;
	bool off = false;
	if (!ok(db, store_optout_get(db, json_num(req, "id"), &off)))
		return false;
	if (off)
		return true;
	char unsub[512], reply[REPLY_ADDRESS_MAX];
	int64_t id = json_num(req, "id");
	const char *number = json_str(req, "number");
	if (!notify_unsubscribe_url(db, id, number, unsub, sizeof unsub) ||
	    !reply_address_make(db, id, number, notify_mail_domain(), reply))
		return false;
	bool can_reply = mail_address_valid(reply);
	struct footer f = {.agency = agency, .unsubscribe = unsub, .reply = can_reply};
	int64_t account = json_num(req, "requester_id");
	if (account) {
		json_t *user = NULL;
		if (!ok(db, store_user_get(db, account, &user)))
			return false;
		bool active = json_is_true(json_object_get(user, "active"));
		json_decref(user);
		if (active)
			return tell_user(db, n, account, email, json_str(req, "requester_name"), &f,
					 can_reply ? reply : NULL, now);
	}
	return queue_email(db, n, email, 0, json_str(req, "requester_name"), &f,
			   can_reply ? reply : NULL, now);
}

/* people_for resolves a staff rule's recipients into *rows. */
static enum store_rc people_for(struct db *db, enum who who, const json_t *req,
				const json_t *data, json_t **rows)
{
	int64_t rid = json_num(req, "id");
	switch (who) {
	case WHO_DEPARTMENTS:
		return store_notify_people(db, STORE_PEOPLE_DEPARTMENTS, rid, 0, rows);
	case WHO_DEPARTMENT:
		return store_notify_people(db, STORE_PEOPLE_DEPARTMENTS, rid,
					   json_num(data, "department_id") ? json_num(data, "department_id") : -1,
					   rows);
	case WHO_TEAM: {
		enum store_rc rc = store_notify_people(db, STORE_PEOPLE_TEAM, rid, 0, rows);
		if (rc == STORE_OK && json_array_size(*rows) == 0) {
			json_decref(*rows);
			rc = store_notify_people(db, STORE_PEOPLE_DEPARTMENTS, rid, 0, rows);
		}
		return rc;
	}
	case WHO_TASK:
		return store_notify_people(db, STORE_PEOPLE_TASK, json_num(data, "task_id"), 0, rows);
	case WHO_CONTACT:
	case WHO_SUPPORT: {
		*rows = json_array();
		json_t *ids = json_array();
		if (who == WHO_CONTACT && json_num(req, "point_of_contact_id"))
			json_array_append_new(ids, json_integer(json_num(req, "point_of_contact_id")));
		if (who == WHO_SUPPORT && json_num(data, "user_id"))
			json_array_append_new(ids, json_integer(json_num(data, "user_id")));
		json_t *added = json_object_get(data, "added");
		if (who == WHO_SUPPORT && json_is_array(added))
			json_array_extend(ids, added);
		else if (who == WHO_SUPPORT && json_is_integer(added))
			json_array_append(ids, added);
		size_t i;
		json_t *id;
		enum store_rc rc = STORE_OK;
		json_array_foreach(ids, i, id) {
			json_t *user = NULL;
			rc = store_user_get(db, json_integer_value(id), &user);
			if (rc == STORE_NOT_FOUND) {
				rc = STORE_OK;
				continue;
			}
			if (rc != STORE_OK)
				break;
			if (json_is_true(json_object_get(user, "active")))
				json_array_append(*rows, user);
			json_decref(user);
		}
		json_decref(ids);
		return rc;
	}
	case WHO_REQUESTER:
		break;
	}
	*rows = json_array();
	return STORE_OK;
}

/* sender is who a request's emails come from: "the Police Department" (its
 * first department), else the agency. Appends to out. */
static bool sender(struct db *db, int64_t request_id, const char *agency, struct buf *out)
{
	json_t *depts = NULL;
	if (!ok(db, store_request_departments(db, request_id, &depts)))
		return false;
	const char *name = json_str(json_array_get(depts, 0), "name");
	if (name)
		buf_printf(out, "the %s", name);
	else
		buf_puts(out, agency);
	json_decref(depts);
	return true;
}

/* detail_for adds what the event's data says (a due date's new and old
 * values) to the note. */
static void detail_for(struct note *n, const json_t *ev, const json_t *data, const json_t *req)
{
	const char *kind = json_str(ev, "kind");
	if (!strcmp(kind, "due_date_changed") || !strcmp(kind, "extended")) {
		const char *now_due = json_str(data, "new") ? json_str(data, "new") : json_str(req, "due_date");
		buf_puts(&n->detail, "Now due: ");
		long_date(&n->detail, now_due);
		if (json_str(data, "old")) {
			buf_puts(&n->detail, " (it was ");
			long_date(&n->detail, json_str(data, "old"));
			buf_puts(&n->detail, ")");
		}
	} else if (!strcmp(kind, "opened") && json_str(req, "due_date")) {
		buf_puts(&n->detail, "It is due by ");
		long_date(&n->detail, json_str(req, "due_date"));
		buf_puts(&n->detail, ".");
	}
}

/* one_event applies every rule that matches the event. */
static bool one_event(struct db *db, const json_t *ev, const json_t *req, const char *agency,
		      const char *from, bool batch_opened, int64_t now)
{
	const char *kind = json_str(ev, "kind");
	bool by_requester = json_is_true(json_object_get(ev, "actor_is_requester"));
	enum level level = LEVEL_STAFF;
	const char *lv = json_str(ev, "level");
	if (lv && !strcmp(lv, "public"))
		level = LEVEL_PUBLIC;
	else if (lv && !strcmp(lv, "requester"))
		level = LEVEL_REQUESTER;
	json_t *data = json_str(ev, "data") ? json_loads(json_str(ev, "data"), 0, NULL) : NULL;
	json_t *told = json_object();
	bool done = true;
	for (size_t i = 0; done && i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *r = &rules[i];
		if (strcmp(r->event, kind) || (r->from == FROM_STAFF && by_requester) ||
		    (r->from == FROM_REQUESTER && !by_requester))
			continue;
		if (r->who == WHO_DEPARTMENT && batch_opened)
			continue; /* the opening told the departments already */
		struct note n = {.kind = r->kind, .request = req, .event_id = json_num(ev, "id")};
		buf_puts(&n.subject, "[Request ");
		buf_puts(&n.subject, json_str(req, "number"));
		buf_puts(&n.subject, "] ");
		subst(&n.subject, r->subject, json_str(req, "number"), from);
		subst(&n.headline, r->headline, json_str(req, "number"), from);
		/* Sentences start with a capital. */
		if (n.headline.len && n.headline.data[0] >= 'a' && n.headline.data[0] <= 'z')
			n.headline.data[0] = (char)(n.headline.data[0] - 'a' + 'A');
		n.body = json_str(ev, "body");
		if (!strcmp(kind, "opened") || !strcmp(kind, "department_assigned") ||
		    !strcmp(kind, "point_of_contact_changed") || !strcmp(kind, "support_staff_changed")) {
			n.body = json_str(req, "description");
			n.body_is_text = true;
		}
		detail_for(&n, ev, data, req);
		if (r->who == WHO_REQUESTER) {
			/* The requester is told only what the requester may see. */
			if (!by_requester || !strcmp(kind, "opened"))
				if (policy_can_see_item(LEVEL_REQUESTER, level,
							json_is_true(json_object_get(ev, "hidden"))))
					done = tell_requester(db, &n, req, agency, now);
		} else {
			json_t *people = NULL;
			struct footer f = {.agency = agency};
			done = ok(db, people_for(db, r->who, req, data, &people)) &&
			       tell_people(db, &n, people, json_num(ev, "actor_id"), told, &f, now);
			json_decref(people);
		}
		note_free(&n);
	}
	json_decref(told);
	json_decref(data);
	return done && ok(db, store_notify_event_done(db, json_num(ev, "id"), now));
}

/* events_notify applies the rules to a list of events of one request. */
static bool events_notify(struct db *db, int64_t request_id, json_t *events)
{
	if (json_array_size(events) == 0)
		return true;
	json_t *req = NULL;
	if (!ok(db, store_notify_request(db, request_id, &req)))
		return false;
	char *agency = agency_name(db);
	struct buf from = BUF_INIT;
	bool done = sender(db, request_id, agency, &from);
	bool opened = false;
	size_t i;
	json_t *ev;
	json_array_foreach(events, i, ev)
		opened = opened || !strcmp(json_str(ev, "kind") ? json_str(ev, "kind") : "", "opened");
	int64_t now = date_time_now();
	json_array_foreach(events, i, ev) {
		if (!done)
			break;
		done = one_event(db, ev, req, agency, buf_cstr(&from), opened, now);
	}
	buf_free(&from);
	free(agency);
	json_decref(req);
	return done;
}

bool notify_request(struct db *db, int64_t request_id, int64_t since)
{
	json_t *events = NULL;
	if (!ok(db, store_notify_events(db, request_id, since, &events)))
		return false;
	bool done = events_notify(db, request_id, events);
	json_decref(events);
	return done;
}

bool notify_event(struct db *db, int64_t event_id)
{
	json_t *ev = NULL;
	enum store_rc rc = store_notify_event(db, event_id, &ev);
	if (rc == STORE_NOT_FOUND)
		return true;
	if (!ok(db, rc))
		return false;
	json_t *events = json_pack("[O]", ev);
	bool done = events_notify(db, json_num(ev, "request_id"), events);
	json_decref(events);
	json_decref(ev);
	return done;
}

/* flag reads a yes/no column: a boolean (declared INT) or a number. */
static bool flag(const json_t *row, const char *key)
{
	const json_t *v = json_object_get(row, key);
	return json_is_true(v) || json_integer_value(v) != 0;
}

/* still_told says whether someone at viewer may still be told of the event
 * row describes, as it is now (event_level, event_hidden, event_kind,
 * event_data, published; for a document release, the documents its data
 * names). When not, why gets the reason. 1 yes, 0 no, -1 a database
 * failure (logged). */
static int still_told(struct db *db, const json_t *row, enum level viewer, char *why, size_t len)
{
	struct policy_told t = {.published = flag(row, "published"), .event_level = LEVEL_STAFF,
				.event_hidden = flag(row, "event_hidden")};
	level_parse(json_str(row, "event_level") ? json_str(row, "event_level") : "", &t.event_level);
	json_t *docs = NULL;
	struct policy_told_doc *d = NULL;
	bool release = !strcmp(json_str(row, "event_kind") ? json_str(row, "event_kind") : "",
			       "document_released");
	if (release) {
		if (!ok(db, store_told_documents(db, json_str(row, "event_data"), &docs)))
			return -1;
		t.n_docs = json_array_size(docs);
		d = xcalloc(t.n_docs ? t.n_docs : 1, sizeof *d);
		size_t i;
		json_t *doc;
		json_array_foreach(docs, i, doc) {
			d[i].exists = json_num(doc, "id") != 0 &&
				      level_parse(json_str(doc, "level") ? json_str(doc, "level") : "",
						  &d[i].level);
			d[i].released = json_num(doc, "released_at") != 0;
		}
		t.docs = d;
	}
	bool yes = policy_can_be_told(viewer, &t);
	if (!yes) {
		/* The reason, from what is now true of it. */
		struct buf b = BUF_INIT;
		buf_printf(&b, "withheld: no longer for its recipient (%s); now: the %s is %s%s",
			   level_label(viewer), release ? "release" : "event",
			   level_label(t.event_level), t.event_hidden ? ", hidden from the public" : "");
		for (size_t i = 0; i < t.n_docs; i++)
			if (!d[i].exists || !policy_can_see_document(viewer, d[i].level, d[i].released))
				buf_printf(&b, ", document %lld is %s",
					   (long long)json_num(json_array_get(docs, i), "named"),
					   !d[i].exists ? "gone"
					   : d[i].released ? level_label(d[i].level)
							   : "no longer released");
		if (!t.published && viewer == LEVEL_PUBLIC)
			buf_puts(&b, ", the request is not published");
		snprintf(why, len, "%s", buf_cstr(&b));
		buf_free(&b);
	}
	free(d);
	json_decref(docs);
	return yes;
}

/* recipient_level is the level, on the request, of whoever gets the email
 * told describes: its account's as the policy sees it (an active one),
 * the requester's when it goes to the request's requester's address, else
 * the public's. */
static enum level recipient_level(const json_t *told)
{
	enum level level = flag(told, "to_requester") ? LEVEL_REQUESTER : LEVEL_PUBLIC;
	enum role role;
	int64_t user_id = json_num(told, "user_id");
	if (user_id && flag(told, "user_active") &&
	    role_parse(json_str(told, "user_role") ? json_str(told, "user_role") : "", &role)) {
		enum level l = policy_level(&(struct viewer){user_id, role},
					    json_num(told, "requester_id"));
		if (l > level)
			level = l;
	}
	return level;
}

int notify_mail_check(struct db *db, const json_t *email, int64_t now)
{
	if (!json_num(email, "event_id"))
		return 1;
	int64_t id = json_num(email, "id");
	json_t *told = NULL;
	enum store_rc rc = store_outbox_told(db, id, &told);
	if (rc == STORE_NOT_FOUND)
		return 1;
	if (!ok(db, rc))
		return -1;
	char why[400] = "";
	int r = still_told(db, told, recipient_level(told), why, sizeof why);
	json_decref(told);
	if (r != 0)
		return r;
	rc = store_outbox_finish(db, id, json_num(email, "attempts"), STORE_OUTBOX_WITHDRAWN, now, why);
	if (rc == STORE_OK) {
		json_t *after = json_pack("{s:s, s:s}", "status", "withdrawn", "reason", why);
		char *a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
		struct store_audit_new row = {
			.action = "mail.withdrawn", .request_id = json_num(email, "request_id"),
			.target_type = "outbox", .target_id = id,
			.before_json = "{\"status\":\"queued\"}", .after_json = a, .at = now,
		};
		rc = store_audit_add(db, &row);
		free(a);
		json_decref(after);
	}
	if (!ok(db, rc))
		return -1;
	log_info("mailer: email %lld to %s not sent, %s", (long long)id,
		 json_str(email, "to_addr"), why);
	return 0;
}

bool notify_mail_failed(struct db *db, const json_t *email, const char *error, int64_t now)
{
	json_t *headers = json_str(email, "headers_json")
				  ? json_loads(json_str(email, "headers_json"), 0, NULL)
				  : NULL;
	bool loop = !strcmp(json_str(headers, "kind") ? json_str(headers, "kind") : "", "email_failed");
	json_decref(headers);
	if (loop)
		return true;
	char *agency = agency_name(db);
	struct note n = {.kind = "email_failed"};
	buf_printf(&n.subject, "[%s] An email could not be delivered", agency);
	buf_puts(&n.headline, "An email could not be delivered.");
	buf_puts(&n.detail, "To: ");
	mail_header_text(&n.detail, json_str(email, "to_addr"));
	buf_puts(&n.detail, "\nSubject: ");
	mail_header_text(&n.detail, json_str(email, "subject"));
	buf_printf(&n.detail, "\nAttempts: %lld\nLast error: ", (long long)json_num(email, "attempts"));
	mail_header_text(&n.detail, error);
	buf_printf(&n.detail, "\n\nFailed emails: %s/admin/mail", url_base());
	json_t *admins = NULL, *told = json_object();
	struct footer f = {.agency = agency};
	bool done = ok(db, store_notify_people(db, STORE_PEOPLE_ADMINS, 0, 0, &admins)) &&
		    tell_people(db, &n, admins, 0, told, &f, now);
	json_decref(admins);
	json_decref(told);
	note_free(&n);
	free(agency);
	return done;
}

/* digest_text writes the digest of items and reminders into n. */
static void digest_text(struct note *n, const json_t *items, const json_t *reminders,
			const char *agency, int64_t now)
{
	buf_printf(&n->subject, "[%s] Your daily summary", agency);
	buf_puts(&n->headline, "What happened on the requests you follow, and what is due.");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		buf_printf(&n->detail, "* %s\n  ", json_str(it, "subject"));
		for (const char *p = json_str(it, "body_text"); p && *p; p++) {
			buf_putc(&n->detail, *p);
			if (*p == '\n')
				buf_puts(&n->detail, "  ");
		}
		if (json_str(it, "request_number")) {
			buf_puts(&n->detail, "\n  ");
			request_url(&n->detail, json_str(it, "request_number"));
		}
		buf_puts(&n->detail, "\n\n");
	}
	char today[DATE_FMT_MAX];
	date_format_iso(date_local(now), today);
	if (json_array_size(reminders))
		buf_puts(&n->detail, "Requests in your care due soon or overdue:\n");
	json_array_foreach(reminders, i, it) {
		const char *due = json_str(it, "due_date");
		buf_printf(&n->detail, "* %s, %s ", json_str(it, "number"),
			   due && strcmp(due, today) < 0 ? "overdue since" : "due");
		long_date(&n->detail, due);
		buf_puts(&n->detail, ": ");
		request_url(&n->detail, json_str(it, "number"));
		buf_puts(&n->detail, "\n");
	}
}

/* drop_untold removes the items user may no longer be told of, as their
 * event is now (a message lowered to Staff after it was kept for the
 * summary, a released document moved to Staff or gone). False on a
 * database failure. */
static bool drop_untold(struct db *db, const struct viewer *user, json_t *items)
{
	for (size_t i = json_array_size(items); i-- > 0;) {
		const json_t *it = json_array_get(items, i);
		if (!json_str(it, "event_level"))
			continue; /* about no event */
		char why[400] = "";
		int r = still_told(db, it, policy_level(user, json_num(it, "requester_id")), why,
				   sizeof why);
		if (r < 0)
			return false;
		if (r == 0) {
			log_info("digest: item %lld for user %lld left out, %s",
				 (long long)json_num(it, "id"), (long long)user->user_id, why);
			json_array_remove(items, i);
		}
	}
	return true;
}

/* digest_one queues user_id's digest of day in its own transaction; true
 * when it is done (or was done today already), false on a failure. */
static bool digest_one(struct db *db, int64_t user_id, const char *day, const char *due_by,
		       const char *agency, int64_t now)
{
	if (!db_begin(db)) {
		db_rollback(db);
		return ok(db, STORE_ERROR);
	}
	json_t *user = NULL, *items = NULL, *reminders = NULL;
	enum store_rc rc = store_user_get(db, user_id, &user);
	enum role role = ROLE_PUBLIC;
	bool active = rc == STORE_OK && json_is_true(json_object_get(user, "active")) &&
		      role_parse(json_str(user, "role") ? json_str(user, "role") : "", &role);
	if (rc == STORE_OK)
		rc = store_digest_items(db, user_id, DIGEST_ITEMS_MAX, &items);
	bool failed = false;
	if (rc == STORE_OK && active && policy_is_staff(&(struct viewer){user_id, role}) &&
	    strcmp(delivery(db, user_id, "reminders", &failed), "none"))
		rc = store_digest_reminders(db, user_id, due_by, DIGEST_REMINDERS_MAX, &reminders);
	if (failed)
		rc = STORE_ERROR;
	/* Items left out are marked sent with the others up to the last, or
	 * alone when every one is left out (and nothing is sent). */
	int64_t last = json_num(json_array_get(items, json_array_size(items) - 1), "id");
	if (rc == STORE_OK && active && !drop_untold(db, &(struct viewer){user_id, role}, items))
		rc = STORE_ERROR;
	if (rc == STORE_OK && active && last && !json_array_size(items) &&
	    !json_array_size(reminders))
		rc = store_digest_items_done(db, user_id, last, now);
	else if (rc == STORE_OK && active && (json_array_size(items) || json_array_size(reminders))) {
		struct note n = {.kind = "digest"};
		digest_text(&n, items, reminders, agency, now);
		struct footer f = {.agency = agency};
		rc = queue_email(db, &n, json_str(user, "email"), user_id, json_str(user, "name"), &f,
				 NULL, now)
			     ? store_digest_sent(db, user_id, day, last, 0, now)
			     : STORE_ERROR;
		note_free(&n);
	}
	json_decref(user);
	json_decref(items);
	json_decref(reminders);
	if (rc == STORE_CONFLICT || rc == STORE_NOT_FOUND) {
		db_rollback(db); /* sent today already, or no such user */
		return true;
	}
	if (rc == STORE_OK && db_commit(db))
		return true;
	ok(db, STORE_ERROR);
	db_rollback(db);
	return false;
}

enum job_result notify_digest_job(struct job *job)
{
	struct db *db = job->db;
	char day[DATE_FMT_MAX], due_by[DATE_FMT_MAX];
	struct date today = date_local(job->now);
	date_format_iso(today, day);
	/* Due soon as on the dashboard: the admin's number of business days. */
	date_format_iso(deadline_soon_until(db, today), due_by);
	json_t *users = NULL;
	if (store_digest_users(db, due_by, &users) != STORE_OK) {
		snprintf(job->error, sizeof job->error, "%s", db_errmsg(db));
		return JOB_RETRY;
	}
	char *agency = agency_name(db);
	bool done = true;
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u)
		done = digest_one(db, json_num(u, "user_id"), day, due_by, agency, job->now) && done;
	free(agency);
	json_decref(users);
	if (!done) {
		snprintf(job->error, sizeof job->error, "some digests could not be written");
		return JOB_RETRY;
	}
	return JOB_DONE;
}

/* The unsubscribe token signs the request id with its own key. */
#define UNSUBSCRIBE_KEY "unsubscribe"

bool notify_unsubscribe_url(struct db *db, int64_t request_id, const char *number, char *out,
			    size_t len)
{
	char msg[48], token[UNSUBSCRIBE_HEX + 1];
	snprintf(msg, sizeof msg, "request:%lld", (long long)request_id);
	if (!signing_hex(db, UNSUBSCRIBE_KEY, msg, UNSUBSCRIBE_HEX, token))
		return false;
	int n = snprintf(out, len, "%s/email/off/%s/%s", url_base(), number, token);
	return n > 0 && (size_t)n < len;
}

bool notify_unsubscribe_check(struct db *db, int64_t request_id, const char *token)
{
	char msg[48];
	snprintf(msg, sizeof msg, "request:%lld", (long long)request_id);
	return signing_check(db, UNSUBSCRIBE_KEY, msg, UNSUBSCRIBE_HEX, token);
}
