/* Unit tests for outgoing mail: addresses, header encoding, composed
 * messages, reply addresses, and who notifications reach (a staff-level
 * item never reaches the requester). End to end with a real SMTP server:
 * tests/e2e/email_out.test.mjs and worker.test.mjs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db_fixture.h"
#include "domain/mail.h"
#include "domain/notify.h"
#include "domain/reply_address.h"
#include "store/store.h"
#include "util/buf.h"

static void plant_requests(struct db *db)
{
	assert_int_equal(exec(db,
		"INSERT INTO requests (id, number, year, seq, description, received_at, channel,"
		" due_date, created_at, updated_at) VALUES"
		" (7, '19-5156', 2019, 5156, 'Records', 0, 'web', '2019-10-01', 0, 0),"
		" (8, '19-5157', 2019, 5157, 'More', 0, 'web', '2019-10-01', 0, 0)"), 0);
}

static void test_reply_address_round_trip(void **state)
{
	struct fixture *f = *state;
	plant_requests(f->db);
	char a[REPLY_ADDRESS_MAX], b[REPLY_ADDRESS_MAX], again[REPLY_ADDRESS_MAX];
	assert_true(reply_address_make(f->db, 7, "19-5156", "mail.example.gov", a));
	assert_true(reply_address_make(f->db, 8, "19-5157", "mail.example.gov", b));
	assert_true(reply_address_make(f->db, 7, "19-5156", "mail.example.gov", again));
	assert_string_equal(a, again); /* the key is kept */
	assert_int_equal(strlen(a), strlen("request-19-5156-@mail.example.gov") + REPLY_TOKEN_HEX);
	assert_memory_equal(a, "request-19-5156-", 16);
	assert_string_not_equal(a + 16, b + 16);

	int64_t id = 0;
	assert_int_equal(reply_address_check(f->db, a, "mail.example.gov", &id), REPLY_OK);
	assert_int_equal(id, 7);
	/* Letter case does not matter (mail systems change it). */
	char upper[REPLY_ADDRESS_MAX];
	for (size_t i = 0; i <= strlen(a); i++)
		upper[i] = (char)toupper((unsigned char)a[i]);
	assert_int_equal(reply_address_check(f->db, upper, "mail.example.gov", &id), REPLY_OK);
	assert_int_equal(reply_address_check(f->db, a, NULL, &id), REPLY_OK);

	/* Another request's token, another domain, made-up numbers. */
	char forged[REPLY_ADDRESS_MAX];
	snprintf(forged, sizeof forged, "request-19-5157-%s", a + 16);
	assert_int_equal(reply_address_check(f->db, forged, NULL, &id), REPLY_BAD_TOKEN);
	assert_int_equal(reply_address_check(f->db, a, "example.org", &id), REPLY_NOT_OURS);
	snprintf(forged, sizeof forged, "request-19-9999-%s", a + 16);
	assert_int_equal(reply_address_check(f->db, forged, NULL, &id), REPLY_NO_REQUEST);
	assert_int_equal(reply_address_check(f->db, "records@mail.example.gov", NULL, &id),
			 REPLY_NOT_OURS);
	assert_int_equal(reply_address_check(f->db, "request-19-5156-abc@mail.example.gov",
					     NULL, &id), REPLY_NOT_OURS);
	assert_int_equal(reply_address_check(f->db,
		"request-19'5156-0123456789abcdef0123@x", NULL, &id), REPLY_NOT_OURS);
	assert_int_equal(reply_address_check(f->db, "request-", NULL, &id), REPLY_NOT_OURS);
}

static void test_address_validity(void **state)
{
	(void)state;
	const char *good[] = {"ada@example.org", "a.b+tag@sub.example.co.uk", "x@localhost",
			      "o'brien@example.ie", "records@127.0.0.1"};
	const char *bad[] = {"", "ada", "@example.org", "ada@", "a..b@example.org", ".a@example.org",
			     "a.@example.org", "ada@example..org", "ada@-example.org",
			     "ada@example-.org", "a b@example.org", "ada@exa mple.org",
			     "ada@example.org\r\nBcc: x@y.z", "<ada@example.org>", "ada@example.org>",
			     "\"ada\"@example.org", "ad\xc3\xa9@example.org"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(mail_address_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (mail_address_valid(bad[i]))
			fail_msg("accepted %s", bad[i]);
	char longer[300];
	memset(longer, 'a', sizeof longer);
	memcpy(longer + 250, "@x.org", 7);
	assert_false(mail_address_valid(longer));
}

static void test_header_text_and_words(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	mail_header_text(&b, "  Eve\r\nBcc: victim@example.net\n\tX-Evil:\x01 1  ");
	assert_string_equal(buf_cstr(&b), "Eve Bcc: victim@example.net X-Evil: 1");
	buf_reset(&b);
	mail_encode_words(&b, "[Request 19-5156] New message");
	assert_string_equal(buf_cstr(&b), "[Request 19-5156] New message");
	buf_reset(&b);
	mail_encode_words(&b, "Caf\xc3\xa9");
	assert_string_equal(buf_cstr(&b), "=?UTF-8?B?Q2Fmw6k=?=");
	buf_reset(&b);
	mail_encode_words(&b, "=?UTF-8?B?QQ==?=");
	assert_string_equal(buf_cstr(&b), "=?UTF-8?B?PT9VVEYtOD9CP1FRPT0/PQ==?=");
	/* A long text folds into several words, never inside a character. */
	buf_reset(&b);
	char text[400] = "";
	for (int i = 0; i < 60; i++)
		strcat(text, "\xc3\xa9"); /* 120 bytes of "é" */
	mail_encode_words(&b, text);
	const char *p = buf_cstr(&b);
	int words = 0;
	for (const char *w = p; (w = strstr(w, "=?UTF-8?B?")) != NULL; w++)
		words++;
	assert_int_equal(words, 3);
	assert_non_null(strstr(p, "?=\r\n =?UTF-8?B?"));
	assert_null(strstr(p, "\r\n\r\n"));
	buf_reset(&b);
	mail_date(&b, 1568332800); /* 2019-09-13 00:00:00 UTC, a Friday */
	assert_string_equal(buf_cstr(&b), "Fri, 13 Sep 2019 00:00:00 +0000");
	buf_reset(&b);
	mail_message_id(&b, "19-5156<>", "records.example.gov\r\n");
	assert_int_equal(strlen(buf_cstr(&b)), 32 + strlen(".19-5156@records.example.gov"));
	assert_non_null(strstr(buf_cstr(&b), ".19-5156@records.example.gov"));
	buf_free(&b);
}

static void test_compose(void **state)
{
	(void)state;
	struct mail_message m = {
		.from_name = "City \"Records\"", .from_addr = "records@example.gov",
		.to_name = "Ada\r\nBcc: eve@example.net", .to_addr = "ada@example.org",
		.reply_to = "request-19-5156-0123456789abcdef0123@example.gov",
		.subject = "[Request 19-5156] New message from the Police Department",
		.message_id = "abc.19-5156@example.gov", .thread_id = "request-19-5156@example.gov",
		.unsubscribe_url = "https://records.example.gov/email/off/19-5156/ff",
		.kind = "message", .date = 1568332800, .text = "Hello\nthere", .html = "<p>Hello</p>",
	};
	struct buf b = BUF_INIT;
	assert_true(mail_compose(&b, &m));
	const char *msg = buf_cstr(&b);
	assert_non_null(strstr(msg, "From: \"City \\\"Records\\\"\" <records@example.gov>\r\n"));
	assert_non_null(strstr(msg, "\r\nTo: \"Ada Bcc: eve@example.net\" <ada@example.org>\r\n"));
	assert_null(strstr(msg, "\nBcc:"));
	assert_non_null(strstr(msg, "\r\nReply-To: <request-19-5156-0123456789abcdef0123@example.gov>\r\n"));
	assert_non_null(strstr(msg, "\r\nSubject: [Request 19-5156] New message from the Police Department\r\n"));
	assert_non_null(strstr(msg, "\r\nDate: Fri, 13 Sep 2019 00:00:00 +0000\r\n"));
	assert_non_null(strstr(msg, "\r\nMessage-ID: <abc.19-5156@example.gov>\r\n"));
	assert_non_null(strstr(msg, "\r\nIn-Reply-To: <request-19-5156@example.gov>\r\n"
				    "References: <request-19-5156@example.gov>\r\n"));
	assert_non_null(strstr(msg, "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	assert_non_null(strstr(msg, "Content-Type: multipart/alternative; boundary=\"=_"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"
				    "Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8NCnRoZXJl\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/html; charset=UTF-8"));
	/* Every line ends in CRLF; no bare LF. */
	for (const char *p = msg; *p; p++)
		if (*p == '\n')
			assert_int_equal(p[-1], '\r');

	/* Invalid addresses or ids: nothing is composed. */
	struct mail_message bad = m;
	bad.to_addr = "ada@example.org\r\nBcc: eve@example.net";
	buf_reset(&b);
	assert_false(mail_compose(&b, &bad));
	assert_int_equal(b.len, 0);
	bad = m;
	bad.reply_to = "not an address";
	assert_false(mail_compose(&b, &bad));
	bad = m;
	bad.message_id = "x>\r\nBcc: y@z@example.gov";
	assert_false(mail_compose(&b, &bad));
	/* Text only. */
	bad = m;
	bad.html = NULL;
	assert_true(mail_compose(&b, &bad));
	assert_null(strstr(buf_cstr(&b), "multipart"));
	buf_free(&b);
}

/* A request with a requester (no account) in a department with two staff. */
static void plant_notified(struct db *db)
{
	assert_int_equal(exec(db,
		"INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES"
		" (1, 'kris@example.gov', 'Kris', 'staff', 0, 0),"
		" (2, 'pat@example.gov', 'Pat', 'publisher', 0, 0),"
		" (3, 'gone@example.gov', 'Gone', 'staff', 0, 0);"
		"UPDATE users SET active = 0 WHERE id = 3;"
		"INSERT INTO departments (id, name, created_at, updated_at)"
		" VALUES (1, 'Police Department', 0, 0);"
		"INSERT INTO user_departments (user_id, department_id) VALUES (1, 1), (2, 1), (3, 1);"
		"INSERT INTO requests (id, number, year, seq, description, received_at, channel,"
		" due_date, requester_name, requester_email, created_at, updated_at)"
		" VALUES (7, '19-5156', 2019, 5156, 'Records', 0, 'web', '2019-10-01', 'Ada',"
		" 'ada@example.org', 0, 0);"
		"INSERT INTO request_departments (request_id, department_id) VALUES (7, 1)"), 0);
	notify_setup("https://records.example.gov", NULL);
}

static int64_t add_event(struct db *db, const char *kind, const char *level, int64_t actor,
			 bool by_requester, const char *body)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO events (request_id, kind, level, actor_id, actor_is_requester,"
		 " created_at, body) VALUES (7, '%s', '%s', %s, %d, 100, '%s')",
		 kind, level, actor ? "1" : "NULL", by_requester, body);
	assert_int_equal(exec(db, sql), 0);
	return query_int(db, "SELECT max(id) FROM events");
}

static void test_notify_who_is_told(void **state)
{
	struct fixture *f = *state;
	plant_notified(f->db);
	char text[256];
	/* A staff message at each level: the requester hears of public and
	 * requester-level ones only; the staff member who wrote it of none. */
	add_event(f->db, "message", "public", 1, false, "Public words");
	add_event(f->db, "internal_note", "staff", 1, false, "Staff only words");
	add_event(f->db, "message", "staff", 1, false, "Also staff only");
	add_event(f->db, "message", "requester", 1, false, "Requester words");
	assert_true(db_begin(f->db));
	assert_true(notify_request(f->db, 7, 100));
	assert_true(db_commit(f->db));
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM outbox"), 2);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM outbox WHERE to_addr <> 'ada@example.org'"), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM outbox WHERE body_text LIKE '%staff only%'"
					  " OR body_html LIKE '%staff only%'"), 0);
	query_text(f->db, "SELECT subject FROM outbox ORDER BY id LIMIT 1", text, sizeof text);
	assert_string_equal(text, "[Request 19-5156] New message from the Police Department");
	/* Every event was looked at once: again, nothing new. */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM notified_events"), 4);
	assert_true(notify_request(f->db, 7, 0));
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM outbox"), 2);

	/* The requester writes: the department's active staff are told (no
	 * point of contact yet), the requester is not. */
	int64_t ev = add_event(f->db, "message", "requester", 0, true, "A question");
	assert_true(notify_event(f->db, ev));
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM outbox WHERE event_id = " "5"), 2);
	query_text(f->db, "SELECT group_concat(to_addr, ' ') FROM (SELECT to_addr FROM outbox"
		       " WHERE event_id = 5 ORDER BY to_addr)", text, sizeof text);
	assert_string_equal(text, "kris@example.gov pat@example.gov");

	/* Pat wants those in the digest, Kris not at all. */
	assert_int_equal(store_notify_pref_set(f->db, 2, "requester_message", "digest", 0), STORE_OK);
	assert_int_equal(store_notify_pref_set(f->db, 1, "requester_message", "none", 0), STORE_OK);
	ev = add_event(f->db, "message", "requester", 0, true, "Another question");
	assert_true(notify_event(f->db, ev));
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE event_id = %lld", (long long)ev);
	assert_int_equal(query_int(f->db, sql), 0);
	query_text(f->db, "SELECT user_id || ' ' || kind || ' ' || body_text FROM notification_digest_items",
		   text, sizeof text);
	assert_string_equal(text, "2 requester_message The requester wrote about request 19-5156:\n"
				  "Another question");

	/* Emails about the request turned off: the requester hears nothing. */
	assert_int_equal(store_optout_set(f->db, 7, true, 0), STORE_OK);
	ev = add_event(f->db, "closed", "public", 1, false, "Done");
	assert_true(notify_event(f->db, ev));
	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE event_id = %lld", (long long)ev);
	assert_int_equal(query_int(f->db, sql), 0);
}

static void test_notify_tasks_and_support(void **state)
{
	struct fixture *f = *state;
	plant_notified(f->db);
	assert_int_equal(exec(f->db,
		"INSERT INTO tasks (id, request_id, assignee_user_id, description, created_at)"
		" VALUES (1, 7, 2, 'Find the logs', 100);"
		"INSERT INTO tasks (id, request_id, assignee_department_id, description, created_at)"
		" VALUES (2, 7, 1, 'Find the videos', 100);"
		"INSERT INTO events (request_id, kind, level, actor_id, created_at, body, data) VALUES"
		" (7, 'task_assigned', 'staff', 1, 100, 'Find the logs', '{\"task_id\":1}'),"
		" (7, 'task_assigned', 'staff', 1, 100, 'Find the videos', '{\"task_id\":2}'),"
		" (7, 'support_staff_changed', 'staff', 2, 100, 'Kris', '{\"added\":[1,3]}')"), 0);
	assert_true(notify_request(f->db, 7, 100));
	char text[256];
	/* Task 1: its assignee. Task 2: its department's active staff but the
	 * one who assigned it (Kris). Support staff: Kris (Gone is inactive).
	 * The requester hears of none of these staff-level events. */
	query_text(f->db, "SELECT group_concat(e, ' ') FROM (SELECT o.event_id || ':' || o.to_addr AS e"
		       " FROM outbox AS o ORDER BY o.event_id, o.to_addr)", text, sizeof text);
	assert_string_equal(text, "1:pat@example.gov 2:pat@example.gov 3:kris@example.gov");
	query_text(f->db, "SELECT subject FROM outbox WHERE event_id = 3", text, sizeof text);
	assert_string_equal(text, "[Request 19-5156] You are support staff");
}

/* check_sending leases outbox email id (as store_outbox_claim does) and
 * checks it before sending; returns notify_mail_check's answer. */
static int check_sending(struct db *db, int64_t id)
{
	char sql[160];
	snprintf(sql, sizeof sql,
		 "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = %lld",
		 (long long)id);
	assert_int_equal(exec(db, sql), 0);
	snprintf(sql, sizeof sql, "SELECT event_id FROM outbox WHERE id = %lld", (long long)id);
	int64_t event_id = query_int(db, sql);
	snprintf(sql, sizeof sql, "SELECT attempts FROM outbox WHERE id = %lld", (long long)id);
	json_t *email = json_pack("{s:I, s:I, s:I, s:I, s:s}", "id", (json_int_t)id, "event_id",
				  (json_int_t)event_id, "attempts", (json_int_t)query_int(db, sql),
				  "request_id", (json_int_t)7, "to_addr", "x@example.org");
	assert_true(db_begin(db));
	int r = notify_mail_check(db, email, 200);
	assert_true(db_commit(db));
	json_decref(email);
	return r;
}

/* The outbox email of event ev to address to. */
static int64_t email_of(struct db *db, int64_t ev, const char *to)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT id FROM outbox WHERE event_id = %lld AND to_addr = '%s'",
		 (long long)ev, to);
	return query_int(db, sql);
}

static void test_mail_checked_before_sending(void **state)
{
	struct fixture *f = *state;
	plant_notified(f->db);
	char text[400], sql[200];
	/* Two public messages to the requester (no account: their address). */
	int64_t kept = add_event(f->db, "message", "public", 1, false, "Kept");
	int64_t lowered = add_event(f->db, "message", "public", 1, false, "Lowered");
	assert_true(notify_request(f->db, 7, 100));
	assert_int_equal(exec(f->db, "UPDATE events SET level = 'staff' WHERE body = 'Lowered'"), 0);
	int64_t id = email_of(f->db, kept, "ada@example.org");
	assert_int_equal(check_sending(f->db, id), 1);
	snprintf(sql, sizeof sql, "SELECT status FROM outbox WHERE id = %lld", (long long)id);
	query_text(f->db, sql, text, sizeof text);
	assert_string_equal(text, "sending");
	id = email_of(f->db, lowered, "ada@example.org");
	assert_int_equal(check_sending(f->db, id), 0);
	snprintf(sql, sizeof sql, "SELECT status || ' | ' || last_error FROM outbox WHERE id = %lld",
		 (long long)id);
	query_text(f->db, sql, text, sizeof text);
	assert_string_equal(text, "withdrawn | withheld: no longer for its recipient (Requester + Staff);"
				  " now: the event is Staff");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = 'mail.withdrawn'"
		 " AND target_id = %lld AND actor_id IS NULL", (long long)id);
	assert_int_equal(query_int(f->db, sql), 1);

	/* The requester writes: staff are told, as staff, whatever its level;
	 * Pat, deactivated since, is the public now and is not. */
	int64_t asked = add_event(f->db, "message", "requester", 0, true, "A question");
	assert_true(notify_event(f->db, asked));
	assert_int_equal(exec(f->db, "UPDATE events SET level = 'staff' WHERE body = 'A question';"
				     "UPDATE users SET active = 0 WHERE id = 2"), 0);
	assert_int_equal(check_sending(f->db, email_of(f->db, asked, "kris@example.gov")), 1);
	assert_int_equal(check_sending(f->db, email_of(f->db, asked, "pat@example.gov")), 0);

	/* A document release: every document it names must still be released
	 * to the requester. */
	assert_int_equal(exec(f->db,
		"INSERT INTO documents (id, request_id, level, kind, title, url, created_at, released_at)"
		" VALUES (1, 7, 'public', 'link', 'One', 'https://x.org/1', 100, 100),"
		" (2, 7, 'public', 'link', 'Two', 'https://x.org/2', 100, 100);"
		"INSERT INTO events (request_id, kind, level, actor_id, created_at, body, data) VALUES"
		" (7, 'document_released', 'public', 1, 100, 'Both', '{\"documents\":[1,2]}'),"
		" (7, 'document_released', 'public', 1, 100, 'First', '{\"documents\":[1]}'),"
		" (7, 'document_released', 'public', 1, 100, 'Gone', '{\"documents\":[9]}')"), 0);
	int64_t both = query_int(f->db, "SELECT id FROM events WHERE body = 'Both'");
	assert_true(notify_request(f->db, 7, 100));
	assert_int_equal(exec(f->db, "UPDATE documents SET level = 'staff', released_at = NULL"
				     " WHERE id = 2"), 0);
	assert_int_equal(check_sending(f->db, email_of(f->db, both, "ada@example.org")), 0);
	snprintf(sql, sizeof sql, "SELECT last_error FROM outbox WHERE event_id = %lld", (long long)both);
	query_text(f->db, sql, text, sizeof text);
	assert_string_equal(text, "withheld: no longer for its recipient (Requester + Staff);"
				  " now: the release is Public, document 2 is no longer released");
	assert_int_equal(check_sending(f->db, email_of(f->db, both + 1, "ada@example.org")), 1);
	assert_int_equal(check_sending(f->db, email_of(f->db, both + 2, "ada@example.org")), 0);
	snprintf(sql, sizeof sql, "SELECT last_error FROM outbox WHERE event_id = %lld",
		 (long long)both + 2);
	query_text(f->db, sql, text, sizeof text);
	assert_string_equal(text, "withheld: no longer for its recipient (Requester + Staff);"
				  " now: the release is Public, document 9 is gone");
	/* An email about no event (an account email) is not checked. */
	assert_int_equal(store_outbox_add(f->db, "ada@example.org", "Sign in", "Link", 100, &id),
			 STORE_OK);
	assert_int_equal(check_sending(f->db, id), 1);
}

static void test_unsubscribe_token(void **state)
{
	struct fixture *f = *state;
	plant_notified(f->db);
	char url[512];
	assert_true(notify_unsubscribe_url(f->db, 7, "19-5156", url, sizeof url));
	const char *prefix = "https://records.example.gov/email/off/19-5156/";
	assert_memory_equal(url, prefix, strlen(prefix));
	const char *token = url + strlen(prefix);
	assert_int_equal(strlen(token), 32);
	assert_true(notify_unsubscribe_check(f->db, 7, token));
	assert_false(notify_unsubscribe_check(f->db, 8, token));
	assert_false(notify_unsubscribe_check(f->db, 7, "00000000000000000000000000000000"));
	assert_false(notify_unsubscribe_check(f->db, 7, "abc"));
	/* The reply address uses another key: its token is no unsubscribe token. */
	char reply[REPLY_ADDRESS_MAX];
	assert_true(reply_address_make(f->db, 7, "19-5156", "x.org", reply));
	assert_memory_not_equal(reply + 16, token, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_reply_address_round_trip),
		T(test_address_validity),
		T(test_header_text_and_words),
		T(test_compose),
		T(test_notify_who_is_told),
		T(test_notify_tasks_and_support),
		T(test_mail_checked_before_sending),
		T(test_unsubscribe_token),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
