/* Unit tests for reading email: MIME and charsets, HTML to text, the new
 * text of a reply, automatic messages and bounces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "mail/mail.h"
#include "util/utf8.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static struct mail_message parse(const char *raw)
{
	struct mail_message m;
	mail_parse(raw, strlen(raw), &arena, &m);
	return m;
}

static void test_mail_plain_reply(void **state)
{
	(void)state;
	struct mail_message m = parse(
		"From: Ada Lovelace <Ada@Example.org>\r\n"
		"To: request-19-5156-abc@records.example.gov\r\n"
		"Subject: =?UTF-8?Q?Re:_Request_19-5156_=E2=80=94_reply?=\r\n"
		"Message-ID: <m1@example.org>\r\n"
		"In-Reply-To: <n1@records.example.gov>\r\n"
		"Content-Type: text/plain; charset=iso-8859-1\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"\r\n"
		"Caf=E9 records, please.\r\n");
	assert_false(m.unreadable);
	assert_string_equal(m.from_addr, "ada@example.org");
	assert_string_equal(m.from_name, "Ada Lovelace");
	assert_string_equal(m.subject, "Re: Request 19-5156 — reply");
	assert_string_equal(m.message_id, "m1@example.org");
	assert_string_equal(m.in_reply_to, "n1@records.example.gov");
	assert_int_equal(m.n_recipients, 1);
	assert_string_equal(m.recipients[0], "request-19-5156-abc@records.example.gov");
	assert_string_equal(m.text, "Café records, please.");
	assert_int_equal(m.kind, MAIL_PERSON);
	assert_int_equal(m.n_attachments, 0);
}

static void test_mail_envelope_recipients_first(void **state)
{
	(void)state;
	struct mail_message m = parse("To: Someone <a@example.org>, b@example.org\n"
				      "Cc: Group: c@example.org;\n"
				      "Delivered-To: request-1-x@example.gov\n"
				      "From: x@example.org\n\nhi\n");
	assert_int_equal(m.n_recipients, 4);
	assert_string_equal(m.recipients[0], "request-1-x@example.gov");
	assert_string_equal(m.recipients[1], "a@example.org");
	assert_string_equal(m.recipients[3], "c@example.org");
}

static void test_mail_bad_charset_and_bytes(void **state)
{
	(void)state;
	/* Declared UTF-8, really Latin-1; and a charset nobody knows. */
	struct mail_message m = parse("From: x@example.org\n"
				      "Content-Type: text/plain; charset=utf-8\n\n"
				      "na\xEFve \x01\x00z\n");
	assert_true(utf8_valid(m.text, strlen(m.text)));
	assert_false(utf8_has_control(m.text, strlen(m.text), true));
	assert_non_null(strstr(m.text, "na"));
	m = parse("From: x@example.org\n"
		  "Content-Type: text/plain; charset=x-no-such-charset\n\n"
		  "caf\xE9\n");
	assert_true(utf8_valid(m.text, strlen(m.text)));
	assert_non_null(strstr(m.text, "caf"));
	m = parse("From: x@example.org\n"
		  "Content-Type: text/plain; charset=shift_jis\n\n"
		  "\x93\xFA\x96\x7B\n");
	assert_string_equal(m.text, "日本");
	/* Labelled Latin-1, really UTF-8. */
	m = parse("From: x@example.org\n"
		  "Content-Type: text/plain; charset=iso-8859-1\n\n"
		  "DISCOVER\xC3\x86 CARD\n");
	assert_string_equal(m.text, "DISCOVER\xC3\x86 CARD");
}

static void test_mail_html_only(void **state)
{
	(void)state;
	struct mail_message m = parse(
		"From: x@example.org\n"
		"Content-Type: text/html; charset=windows-1252\n\n"
		"<html><head><style>p{}</style><title>t</title></head><body>"
		"<p>Thanks &amp; regards,<br>Ada \x93quoted\x94</p>"
		"<ul><li>one</li><li>two</li></ul>"
		"<div>On Mon, Jun 1, 2020 Staff wrote:</div>"
		"<blockquote><p>old text</p></blockquote><script>evil()</script>"
		"</body></html>\n");
	assert_string_equal(m.text, "Thanks & regards,\nAda \xE2\x80\x9Cquoted\xE2\x80\x9D\n\n"
				    "- one\n- two\n\n"
				    "On Mon, Jun 1, 2020 Staff wrote:\n\n"
				    "> old text");
	assert_string_equal(mail_reply_text(m.text, &arena),
			    "Thanks & regards,\nAda \xE2\x80\x9Cquoted\xE2\x80\x9D\n\n- one\n- two");
}

static void test_mail_alternative_prefers_plain(void **state)
{
	(void)state;
	struct mail_message m = parse("From: x@example.org\n"
				      "Content-Type: multipart/alternative; boundary=B\n\n"
				      "--B\nContent-Type: text/html\n\n<p>html version</p>\n"
				      "--B\nContent-Type: text/plain\n\nplain version\n"
				      "--B--\n");
	assert_string_equal(m.text, "plain version");
}

static void test_mail_attachments(void **state)
{
	(void)state;
	struct mail_message m = parse(
		"From: x@example.org\n"
		"Content-Type: multipart/mixed; boundary=B\n\n"
		"--B\nContent-Type: text/plain\n\nSee attached.\n"
		"--B\nContent-Type: application/pdf; name=\"../../etc/r\xC3\xA9port.pdf\"\n"
		"Content-Disposition: attachment; filename*=UTF-8''..%2F..%2Fetc%2Fr%C3%A9port.pdf\n"
		"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
		"--B\nContent-Type: message/rfc822\n\n"
		"From: y@example.org\nSubject: Earlier\n\nold\n"
		"--B\nContent-Type: application/pgp-signature\n\nsig\n"
		"--B--\n");
	assert_string_equal(m.text, "See attached.");
	assert_int_equal(m.n_attachments, 2);
	assert_string_equal(m.attachments[0].filename, "réport.pdf");
	assert_string_equal(m.attachments[0].content_type, "application/pdf");
	assert_int_equal(m.attachments[0].size, 9);
	assert_memory_equal(m.attachments[0].data, "%PDF-1.4\n", 9);
	assert_string_equal(m.attachments[1].filename, "Earlier.eml");
	assert_string_equal(m.attachments[1].content_type, "message/rfc822");
	assert_non_null(strstr((const char *)m.attachments[1].data, "Subject: Earlier"));
}

static void test_mail_auto_replies(void **state)
{
	(void)state;
	const char *const heads[] = {
		"Auto-Submitted: auto-replied\n", "X-Autoreply: yes\n", "X-Autorespond: on\n",
		"Precedence: auto_reply\n",
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		char raw[256];
		snprintf(raw, sizeof raw, "From: x@example.org\n%s\nI am away.\n", heads[i]);
		struct mail_message m = parse(raw);
		assert_int_equal(m.kind, MAIL_AUTO_REPLY);
		assert_non_null(m.kind_why);
	}
	assert_int_equal(parse("From: x@example.org\nAuto-Submitted: no\n\nhi\n").kind,
			 MAIL_PERSON);
	assert_int_equal(parse("From: x@example.org\nPrecedence: bulk\n\nhi\n").kind, MAIL_PERSON);
}

static void test_mail_bounces(void **state)
{
	(void)state;
	struct mail_message m = parse(
		"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
		"Auto-Submitted: auto-replied\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
		"--B\nContent-Type: text/plain\n\nI could not deliver your message.\n"
		"--B\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: rfc822; Ada@Example.org\n"
		"Action: failed\nStatus: 5.1.1\n"
		"Diagnostic-Code: smtp; 550 5.1.1 <ada@example.org>:\n"
		" Recipient address rejected: User unknown\n"
		"--B--\n");
	assert_int_equal(m.kind, MAIL_BOUNCE);
	assert_string_equal(m.bounce_addr, "ada@example.org");
	assert_string_equal(m.bounce_reason,
			    "550 5.1.1 <ada@example.org>:  Recipient address rejected: User unknown");
	m = parse("Return-Path: <>\nFrom: postmaster@example.org\n\nGone.\n");
	assert_int_equal(m.kind, MAIL_BOUNCE);
	assert_null(m.bounce_addr);
	/* A delay notice is not a failure. */
	m = parse("From: MAILER-DAEMON@mx.example.org\n"
		  "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
		  "--B\nContent-Type: message/delivery-status\n\n"
		  "Final-Recipient: rfc822; ada@example.org\nAction: delayed\n"
		  "--B--\n");
	assert_int_equal(m.kind, MAIL_BOUNCE);
	assert_null(m.bounce_addr);
}

static void test_mail_unreadable(void **state)
{
	(void)state;
	struct mail_message m;
	mail_parse("", 0, &arena, &m);
	assert_non_null(m.text);
	assert_non_null(m.recipients);
}

static void check_reply(const char *text, const char *want)
{
	assert_string_equal(mail_reply_text(text, &arena), want);
}

static void test_mail_reply_text(void **state)
{
	(void)state;
	check_reply("Yes, June is fine.\n\nOn Mon, Jun 1, 2020 at 9:00 AM Records <r@x.gov> "
		    "wrote:\n> Which months?\n> \n>> older\n",
		    "Yes, June is fine.");
	/* A wrapped attribution line. */
	check_reply("Thanks.\n\nOn Mon, Jun 1, 2020 at 9:00 AM Police Department Records Unit\n"
		    "<request-19-5156-abc@records.example.gov> wrote:\n\n> Which months?\n",
		    "Thanks.");
	/* Bottom-posting and interleaving keep the new lines. */
	check_reply("On Mon, Records wrote:\n> Which months?\nJune.\n> And the format?\nPDF.\n",
		    "June.\nPDF.");
	check_reply("Here it is.\n\n-----Original Message-----\nFrom: Records\nSent: Monday\n"
		    "To: Ada\nSubject: Re: 19-5156\n\nWhich months?\n",
		    "Here it is.");
	check_reply("Here it is.\n\n________________________________\nFrom: Records <r@x.gov>\n"
		    "Sent: Monday, June 1, 2020 9:00 AM\nTo: Ada\nSubject: 19-5156\n\nWhich?\n",
		    "Here it is.");
	check_reply("Fine.\r\n\r\n*From:* Records\r\n*Sent:* Monday\r\n*To:* Ada\r\n\r\nold\r\n",
		    "Fine.");
	check_reply("See you.\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\n", "See you.");
	check_reply("Yes.\n\nSent from my iPhone\n", "Yes.");
	check_reply("Merci.\n\nLe lun. 1 juin 2020 à 09:00, Records <r@x.gov> a écrit :\n> Q\n",
		    "Merci.");
	/* Unquoted history after an attribution is cut. */
	check_reply("Ok.\nOn Monday, Records wrote:\nWhich months?\n", "Ok.");
	check_reply("> only a quote\n", "");
	check_reply("", "");
	check_reply("a\n\n\n\nb\n", "a\n\nb");
}

static void test_mail_html_to_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *html = "<pre>a\n  b</pre><table><tr><td>x</td><td>y</td></tr></table>"
			   "<p>&lt;tag&gt; &#x263A;&nbsp;ok</p><img src=x alt=pic>";
	mail_html_to_text(html, strlen(html), &b);
	assert_string_equal(buf_cstr(&b), "a\n  b\n\nx y\n\n<tag> \xE2\x98\xBA ok");
	buf_reset(&b);
	mail_html_to_text("<<<>>&&&", 8, &b);
	assert_true(utf8_valid(buf_cstr(&b), b.len));
	buf_free(&b);
}

static void test_mail_clean(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	mail_clean("a\r\nb\rc\x01\xFF\xC2\x85\xE2\x82", 12, true, &b);
	assert_string_equal(buf_cstr(&b), "a\nb\nc\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	buf_free(&b);
	mail_clean("\x01\x02", 2, true, &b); /* nothing kept: still a string */
	assert_string_equal(buf_cstr(&b), "");
	buf_reset(&b);
	mail_clean("a\tb\nc", 5, false, &b);
	assert_string_equal(buf_cstr(&b), "a b c");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mail_plain_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_envelope_recipients_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_bad_charset_and_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_html_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_alternative_prefers_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_attachments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_auto_replies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_bounces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_reply_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_html_to_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_clean, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
