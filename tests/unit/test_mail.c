/* Unit tests for outgoing mail: reply addresses. */
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
#include "domain/reply_address.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_reply_address_round_trip),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
