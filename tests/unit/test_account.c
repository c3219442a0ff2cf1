/* Unit tests for passwords, sessions and accounts over a real database:
 * the common-password list, rehashing at sign-in, throttling keys, session
 * expiry and rotation, single-use links. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "domain/account.h"
#include "domain/password.h"
#include "domain/session.h"
#include "store/store.h"

#define GOOD_PASSWORD "a long enough password 42"
#define NOW 1800000000LL

static void test_common_list_sorted_lower_case(void **state)
{
	(void)state;
	assert_true(password_n_common >= 300);
	for (size_t i = 0; i < password_n_common; i++) {
		const char *p = password_common[i];
		assert_true(strlen(p) >= PASSWORD_MIN_LENGTH);
		for (const char *c = p; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				fail_msg("'%s' is not in lower case", p);
		if (i && strcmp(password_common[i - 1], p) >= 0)
			fail_msg("'%s' is not after '%s'", p, password_common[i - 1]);
	}
}

static void test_password_problem(void **state)
{
	(void)state;
	assert_string_equal(password_problem("short"), "must be at least 10 characters long");
	char long_one[PASSWORD_MAX_LENGTH + 2];
	memset(long_one, 'x', sizeof long_one - 1);
	long_one[sizeof long_one - 1] = '\0';
	assert_string_equal(password_problem(long_one), "must be at most 256 characters long");
	/* First, last and middle entries, in any letter case. */
	assert_non_null(password_problem(password_common[0]));
	assert_non_null(password_problem(password_common[password_n_common - 1]));
	assert_non_null(password_problem("QwertyUIOP"));
	assert_non_null(password_problem("Password123"));
	assert_non_null(password_problem("1234567890"));
	assert_null(password_problem(GOOD_PASSWORD));
	assert_null(password_problem("qwertyuiop plus"));
}

static int64_t add_user(struct db *db, const char *email, const char *role, const char *hash)
{
	struct store_user_new u = {
		.email = email, .name = "Test Person", .role = role, .password_hash = hash,
	};
	int64_t id = 0;
	assert_int_equal(store_user_create(db, &u, &id), STORE_OK);
	return id;
}

static void test_login_rehashes_outdated_hash(void **state)
{
	struct fixture *f = *state;
	char weak[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str_alg(weak, GOOD_PASSWORD, strlen(GOOD_PASSWORD),
					       crypto_pwhash_OPSLIMIT_MIN,
					       crypto_pwhash_MEMLIMIT_MIN,
					       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	assert_true(password_needs_rehash(weak));
	int64_t id = add_user(f->db, "old@example.org", "requester", weak);
	struct account_env e = {.db = f->db, .now = NOW, .ip = "192.0.2.1"};
	int64_t user = 0;
	int minutes = 0;
	assert_int_equal(account_login(&e, "old@example.org", GOOD_PASSWORD, &user, &minutes),
			 ACCOUNT_OK);
	assert_int_equal(user, id);
	char *now_hash = NULL;
	assert_int_equal(store_user_password_hash(f->db, id, &now_hash), STORE_OK);
	assert_string_not_equal(now_hash, weak);
	assert_false(password_needs_rehash(now_hash));
	assert_true(password_verify(GOOD_PASSWORD, now_hash));
	free(now_hash);
	assert_int_equal(query_int(f->db, "SELECT last_login_at FROM users WHERE email = 'old@example.org'"),
			 NOW);
}

static void test_throttle_is_per_address_in_any_case(void **state)
{
	struct fixture *f = *state;
	char hash[PASSWORD_HASH_SIZE];
	assert_true(password_hash(GOOD_PASSWORD, hash));
	add_user(f->db, "Ada@Example.org", "requester", hash);
	struct account_env e = {.db = f->db, .now = NOW, .ip = "192.0.2.2"};
	int64_t user = 0;
	int minutes = 0;
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX; i++) {
		e.now = NOW + i * 60;
		assert_int_equal(account_login(&e, i % 2 ? "ADA@example.org" : "ada@example.ORG",
					       "wrong password here", &user, &minutes),
				 ACCOUNT_REFUSED);
	}
	e.ip = "192.0.2.3"; /* another client address: the account is still locked */
	assert_int_equal(account_login(&e, "ada@example.org", GOOD_PASSWORD, &user, &minutes),
			 ACCOUNT_THROTTLED);
	/* The oldest attempt (at NOW) leaves the window at NOW + 15 min. */
	assert_int_equal(minutes, 11);
	e.now = NOW + THROTTLE_WINDOW;
	assert_int_equal(account_login(&e, "ada@example.org", GOOD_PASSWORD, &user, &minutes),
			 ACCOUNT_OK);
	/* A success forgets the address's failures. */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM login_attempts"
					  " WHERE key = 'account:ada@example.org'"),
			 0);
}

static void test_sessions_expire_and_rotate(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_user(f->db, "s@example.org", "requester", NULL);
	struct session_limits l = {.idle_requester = 600, .idle_staff = 3600, .absolute = 7200};
	struct token t, again;
	struct session_user u;
	struct arena a;
	arena_init(&a);
	assert_true(session_start(f->db, &l, id, NULL, "192.0.2.4", "test", NOW, &t));
	assert_int_equal(session_resolve(f->db, &l, &t, NOW + 30, &a, &u), SESSION_VALID);
	assert_int_equal(u.user_id, id);
	assert_int_equal(u.role, ROLE_REQUESTER);
	assert_string_equal(u.name, "Test Person");
	/* last_seen_at is written at most once a minute. */
	assert_int_equal(query_int(f->db, "SELECT last_seen_at FROM sessions"), NOW);
	assert_int_equal(session_resolve(f->db, &l, &t, NOW + 500, &a, &u), SESSION_VALID);
	assert_int_equal(query_int(f->db, "SELECT last_seen_at FROM sessions"), NOW + 500);
	/* Idle for longer than the requester's limit: ended and deleted. */
	assert_int_equal(session_resolve(f->db, &l, &t, NOW + 1101, &a, &u), SESSION_ENDED);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(session_resolve(f->db, &l, &t, NOW + 1102, &a, &u), SESSION_NONE);

	/* Rotation: a new sign-in ends the session the browser had. */
	assert_true(session_start(f->db, &l, id, NULL, NULL, NULL, NOW, &t));
	assert_true(session_start(f->db, &l, id, &t, NULL, NULL, NOW, &again));
	assert_string_not_equal(t.text, again.text);
	assert_int_equal(session_resolve(f->db, &l, &t, NOW, &a, &u), SESSION_NONE);
	assert_int_equal(session_resolve(f->db, &l, &again, NOW, &a, &u), SESSION_VALID);
	/* The absolute end holds even for a session in constant use. */
	for (int64_t at = NOW + 500; at < NOW + 7200; at += 500)
		assert_int_equal(session_resolve(f->db, &l, &again, at, &a, &u), SESSION_VALID);
	assert_int_equal(session_resolve(f->db, &l, &again, NOW + 7200, &a, &u), SESSION_ENDED);
	arena_free(&a);
}

static void test_token_text_is_checked(void **state)
{
	(void)state;
	struct token t, back;
	token_new(&t);
	assert_int_equal(strlen(t.text), TOKEN_TEXT_LEN);
	assert_true(token_from_text(t.text, &back));
	assert_memory_equal(t.hash, back.hash, TOKEN_HASH_BYTES);
	assert_false(token_from_text("short", &back));
	assert_false(token_from_text(NULL, &back));
	char bad[TOKEN_TEXT_LEN + 1];
	memcpy(bad, t.text, sizeof bad);
	bad[5] = '+';
	assert_false(token_from_text(bad, &back));
}

/* link_token reads the token of the last email's link after prefix. */
static void link_token(struct db *db, const char *prefix, char out[TOKEN_TEXT_LEN + 1])
{
	char body[1024];
	query_text(db, "SELECT body_text FROM outbox ORDER BY id DESC LIMIT 1", body, sizeof body);
	const char *p = strstr(body, prefix);
	assert_non_null(p);
	snprintf(out, TOKEN_TEXT_LEN + 1, "%s", p + strlen(prefix));
}

static void test_login_link_once_and_attaches(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(exec(f->db, "INSERT INTO requests (number, year, seq, description,"
				     " received_at, channel, requester_email, requester_name,"
				     " created_at, updated_at) VALUES ('26-1', 2026, 1, 'x', 0,"
				     " 'web', 'Mixed.Case@Example.ORG', 'Mixed Case', 0, 0)"),
			 0);
	struct account_env e = {
		.db = f->db, .now = NOW, .ip = "192.0.2.5", .public_url = "https://records.test",
	};
	int minutes = 0;
	int64_t user = 0;
	assert_int_equal(account_send_login_link(&e, "mixed.case@example.org", &minutes),
			 ACCOUNT_OK);
	char token[TOKEN_TEXT_LEN + 1];
	link_token(f->db, "https://records.test/login/link/", token);
	e.now = NOW + LOGIN_LINK_TTL - 1;
	assert_int_equal(account_use_login_link(&e, token, &user), ACCOUNT_OK);
	assert_int_equal(query_int(f->db, "SELECT requester_id FROM requests"), user);
	char name[64];
	query_text(f->db, "SELECT name FROM users WHERE email = 'mixed.case@example.org'", name,
		   sizeof name);
	assert_string_equal(name, "Mixed Case");
	assert_int_equal(account_use_login_link(&e, token, &user), ACCOUNT_REFUSED);

	/* A link past its time is refused. */
	assert_int_equal(account_send_login_link(&e, "late@example.org", &minutes), ACCOUNT_OK);
	link_token(f->db, "https://records.test/login/link/", token);
	e.now += LOGIN_LINK_TTL;
	assert_int_equal(account_use_login_link(&e, token, &user), ACCOUNT_REFUSED);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM users WHERE email = 'late@example.org'"),
			 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_list_sorted_lower_case),
		cmocka_unit_test(test_password_problem),
		cmocka_unit_test(test_token_text_is_checked),
		T(test_login_rehashes_outdated_hash),
		T(test_throttle_is_per_address_in_any_case),
		T(test_sessions_expire_and_rotate),
		T(test_login_link_once_and_attaches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
