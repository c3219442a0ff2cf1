/* Documents without a server: ranges, safe names and their
 * Content-Disposition, the allow-list, type sniffing, text extraction
 * (text, CSV, email, .docx, PDF with its limits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "domain/document.h"
#include "domain/extract.h"
#include "http/http.h"

static void test_range(void **state)
{
	uint64_t first = 0, len = 0;
	assert_int_equal(http_range_parse("bytes=10-19", 100, &first, &len), HTTP_RANGE_OK);
	assert_true(first == 10 && len == 10);
	assert_int_equal(http_range_parse("bytes=90-", 100, &first, &len), HTTP_RANGE_OK);
	assert_true(first == 90 && len == 10);
	assert_int_equal(http_range_parse("bytes=-30", 100, &first, &len), HTTP_RANGE_OK);
	assert_true(first == 70 && len == 30);
	assert_int_equal(http_range_parse("bytes=-300", 100, &first, &len), HTTP_RANGE_OK);
	assert_true(first == 0 && len == 100);
	assert_int_equal(http_range_parse("bytes=50-5000", 100, &first, &len), HTTP_RANGE_OK);
	assert_true(first == 50 && len == 50);
	assert_int_equal(http_range_parse("bytes=100-", 100, &first, &len),
			 HTTP_RANGE_UNSATISFIABLE);
	assert_int_equal(http_range_parse("bytes=-0", 100, &first, &len),
			 HTTP_RANGE_UNSATISFIABLE);
	assert_int_equal(http_range_parse("bytes=0-0", 0, &first, &len), HTTP_RANGE_UNSATISFIABLE);
	/* Ignored: several ranges, other units, bad syntax, overflow. */
	assert_int_equal(http_range_parse("bytes=0-1,5-6", 100, &first, &len), HTTP_RANGE_NONE);
	assert_int_equal(http_range_parse("items=0-1", 100, &first, &len), HTTP_RANGE_NONE);
	assert_int_equal(http_range_parse("bytes=5-1", 100, &first, &len), HTTP_RANGE_NONE);
	assert_int_equal(http_range_parse("bytes=x-1", 100, &first, &len), HTTP_RANGE_NONE);
	assert_int_equal(http_range_parse("bytes=99999999999999999999-", 100, &first, &len),
			 HTTP_RANGE_NONE);
}

static void check_name(const char *in, const char *want)
{
	char *got = document_safe_filename(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_safe_filename(void **state)
{
	check_name("report.pdf", "report.pdf");
	check_name("../../etc/passwd", "passwd");
	check_name("C:\\Users\\me\\scan.pdf", "scan.pdf");
	check_name("a\"b'c`d.txt", "a_b_c_d.txt");
	check_name(".hidden", "hidden");
	check_name("..", "file");
	check_name("", "file");
	check_name("tab\there.txt", "tab_here.txt");
	check_name("\xff\xfe" "bad.txt", "bad.txt");
	check_name("été ☃.txt", "été ☃.txt");
	check_name("name. ", "name");
	/* Long names keep whole characters. */
	char long_name[600];
	memset(long_name, 0, sizeof long_name);
	for (int i = 0; i < 200; i++)
		strcat(long_name, "é");
	char *got = document_safe_filename(long_name);
	assert_true(strlen(got) <= DOCUMENT_FILENAME_MAX && strlen(got) % 2 == 0);
	free(got);
}

static void test_disposition(void **state)
{
	char *d = document_content_disposition("été ☃ \"x\".pdf", true);
	assert_string_equal(d, "attachment; filename=\"_t_ _ _x_.pdf\"; "
			       "filename*=UTF-8''%C3%A9t%C3%A9%20%E2%98%83%20%22x%22.pdf");
	free(d);
	d = document_content_disposition("a;b%c.pdf", false);
	assert_string_equal(d, "inline; filename=\"a;b_c.pdf\"; filename*=UTF-8''a%3Bb%25c.pdf");
	free(d);
	assert_true(document_inline("application/pdf"));
	assert_true(document_inline("image/png"));
	assert_false(document_inline("image/svg+xml"));
	assert_false(document_inline("text/html"));
}

static void test_allow_list(void **state)
{
	const char *list = "application/pdf\n image/* \r\ntext/plain\n";
	assert_true(document_type_allowed(list, "application/pdf"));
	assert_true(document_type_allowed(list, "image/png"));
	assert_true(document_type_allowed(list, "text/plain"));
	assert_false(document_type_allowed(list, "text/html"));
	assert_false(document_type_allowed(list, "application/pdfx"));
	assert_false(document_type_allowed(list, "imagex/png"));
	assert_false(document_type_allowed("", "text/plain"));
}

/* write_tmp writes a temporary file; returns its malloc'd path. */
static char *write_tmp(const void *data, size_t len)
{
	char *path = strdup("/tmp/disclose-doc-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static char *extract(const char *path, const char *type, enum extract_rc want)
{
	struct extract_limits l;
	extract_limits_default(&l);
	struct buf out = BUF_INIT;
	assert_int_equal(extract_text(&l, path, type, &out), want);
	return buf_steal(&out);
}

static void test_extract_text_and_email(void **state)
{
	/* Latin-1 bytes become UTF-8; control characters go. */
	char *p = write_tmp("caf\xe9 \x01" "ok\n", 9);
	char *t = extract(p, "text/plain", EXTRACT_OK);
	assert_string_equal(t, "café  ok\n");
	free(t);
	unlink(p);
	free(p);
	const char *mail =
		"From: Clerk <clerk@city.example>\r\n"
		"To: someone@example.org\r\n"
		"Subject: Budget\r\n memo\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n"
		"preamble\r\n--XYZ\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
		"The pelican =\r\nbudget is caf=C3=A9.\r\n"
		"--XYZ\r\n"
		"Content-Type: text/html\r\n\r\n<p>hidden html</p>\r\n"
		"--XYZ\r\n"
		"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
		"d2FscnVzIHBhcnQ=\r\n"
		"--XYZ--\r\n";
	p = write_tmp(mail, strlen(mail));
	t = extract(p, "message/rfc822", EXTRACT_OK);
	assert_non_null(strstr(t, "Subject: Budget memo"));
	assert_non_null(strstr(t, "From: Clerk <clerk@city.example>"));
	assert_non_null(strstr(t, "The pelican budget is café."));
	assert_non_null(strstr(t, "walrus part"));
	assert_null(strstr(t, "hidden html"));
	assert_null(strstr(t, "preamble"));
	free(t);
	unlink(p);
	free(p);
	/* Images have no text. */
	t = extract("/dev/null", "image/png", EXTRACT_UNSUPPORTED);
	free(t);
}

static void test_extract_docx(void **state)
{
	char path[] = "/tmp/disclose-docx-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	assert_int_equal(archive_write_open_fd(a, fd), ARCHIVE_OK);
	const char *xml = "<?xml version=\"1.0\"?><w:document><w:body>"
			  "<w:p><w:r><w:t>Heron &amp; egret</w:t></w:r></w:p>"
			  "<w:p><w:r><w:t xml:space=\"preserve\">line &#233;two</w:t></w:r></w:p>"
			  "</w:body></w:document>";
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, "word/document.xml");
	archive_entry_set_size(e, (la_int64_t)strlen(xml));
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_write_header(a, e);
	archive_write_data(a, xml, strlen(xml));
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	close(fd);
	char *t = extract(path,
			  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			  EXTRACT_OK);
	assert_string_equal(t, "Heron & egret\nline étwo\n");
	free(t);
	unlink(path);
}

static void test_extract_pdf_limits(void **state)
{
	/* Not a PDF: pdftotext fails, and so does the extraction. */
	char *p = write_tmp("%PDF-1.4 garbage", 16);
	char *t = extract(p, "application/pdf", EXTRACT_FAILED);
	free(t);
	/* A program that outlives the time limit is killed. */
	struct extract_limits l;
	extract_limits_default(&l);
	l.pdftotext = "/bin/sleep";
	l.seconds = 1;
	struct buf out = BUF_INIT;
	assert_int_equal(extract_text(&l, p, "application/pdf", &out), EXTRACT_FAILED);
	buf_free(&out);
	unlink(p);
	free(p);
}

static void test_sniff(void **state)
{
	char type[DOCUMENT_TYPE_MAX];
	assert_true(document_sniff("/bin/true", type));
	assert_true(strncmp(type, "application/x-", 14) == 0);
	char *p = write_tmp("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", 29);
	assert_true(document_sniff(p, type));
	assert_string_equal(type, "application/pdf");
	unlink(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_safe_filename),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test(test_extract_text_and_email),
		cmocka_unit_test(test_extract_docx),
		cmocka_unit_test(test_extract_pdf_limits),
		cmocka_unit_test(test_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
