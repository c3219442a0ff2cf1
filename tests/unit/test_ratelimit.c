/* Unit tests for the rate limiter: fixed windows under a clock the test
 * moves, several rules at once, independent keys, a bounded table, and the
 * keys of client addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/ratelimit.h"

static const struct ratelimit_rule submit_rules[] = {
	{.window = 600, .max = 5},
	{.window = 86400, .max = 30},
};

enum { T0 = 1700000000 };

static void test_window_allows_max_then_refuses(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(submit_rules, 2, 16);
	int64_t retry = 0;
	for (int i = 0; i < 5; i++)
		assert_true(ratelimit_take(rl, "192.0.2.1", T0 + i * 10, &retry));
	assert_int_equal(retry, 0);
	/* The sixth within ten minutes of the first is refused until the
	 * window that began with the first act ends. */
	assert_false(ratelimit_check(rl, "192.0.2.1", T0 + 60, &retry));
	assert_int_equal(retry, T0 + 600);
	assert_false(ratelimit_take(rl, "192.0.2.1", T0 + 599, &retry));
	assert_int_equal(retry, T0 + 600);
	/* A refused take counts nothing: the window still ends at T0 + 600. */
	assert_true(ratelimit_check(rl, "192.0.2.1", T0 + 600, &retry));
	assert_true(ratelimit_take(rl, "192.0.2.1", T0 + 600, &retry));
	ratelimit_free(rl);
}

static void test_check_counts_nothing(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(submit_rules, 2, 16);
	for (int i = 0; i < 100; i++)
		assert_true(ratelimit_check(rl, "192.0.2.1", T0, NULL));
	for (int i = 0; i < 5; i++)
		assert_true(ratelimit_take(rl, "192.0.2.1", T0, NULL));
	assert_false(ratelimit_take(rl, "192.0.2.1", T0, NULL));
	ratelimit_free(rl);
}

static void test_daily_rule_applies_across_short_windows(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(submit_rules, 2, 16);
	int64_t now = T0, retry = 0;
	/* Six short windows of five acts: 30, the daily maximum. */
	for (int w = 0; w < 6; w++, now += 600)
		for (int i = 0; i < 5; i++)
			assert_true(ratelimit_take(rl, "k", now + i, &retry));
	assert_false(ratelimit_take(rl, "k", now, &retry));
	assert_int_equal(retry, T0 + 86400);
	assert_false(ratelimit_check(rl, "k", T0 + 86399, &retry));
	assert_true(ratelimit_take(rl, "k", T0 + 86400, &retry));
	ratelimit_free(rl);
}

static void test_keys_are_independent(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(submit_rules, 2, 16);
	for (int i = 0; i < 5; i++)
		assert_true(ratelimit_take(rl, "a", T0, NULL));
	assert_false(ratelimit_take(rl, "a", T0, NULL));
	assert_true(ratelimit_take(rl, "b", T0, NULL));
	assert_true(ratelimit_check(rl, "c", T0, NULL));
	ratelimit_free(rl);
}

static void test_full_table_reuses_expired_then_oldest(void **state)
{
	(void)state;
	const struct ratelimit_rule one[] = {{.window = 60, .max = 1}};
	struct ratelimit *rl = ratelimit_new(one, 1, 2);
	assert_true(ratelimit_take(rl, "a", T0, NULL));
	assert_true(ratelimit_take(rl, "b", T0 + 30, NULL));
	/* The table is full; "a" has expired at T0 + 60, so "c" takes its
	 * slot and "b" is still remembered. */
	assert_true(ratelimit_take(rl, "c", T0 + 61, NULL));
	assert_false(ratelimit_take(rl, "b", T0 + 61, NULL));
	/* Nothing expired: the least recently active ("b") is forgotten. */
	assert_true(ratelimit_take(rl, "d", T0 + 62, NULL));
	assert_false(ratelimit_take(rl, "c", T0 + 62, NULL));
	assert_false(ratelimit_take(rl, "d", T0 + 62, NULL));
	assert_true(ratelimit_take(rl, "b", T0 + 62, NULL));
	ratelimit_free(rl);
}

static void test_long_keys_are_cut(void **state)
{
	(void)state;
	char a[200], b[200];
	memset(a, 'x', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	memcpy(b, a, sizeof b);
	b[150] = 'y'; /* differs only after the cut */
	const struct ratelimit_rule one[] = {{.window = 60, .max = 1}};
	struct ratelimit *rl = ratelimit_new(one, 1, 4);
	assert_true(ratelimit_take(rl, a, T0, NULL));
	assert_false(ratelimit_take(rl, b, T0, NULL));
	ratelimit_free(rl);
}

static void test_ip_keys(void **state)
{
	(void)state;
	char k[RATELIMIT_KEY_MAX];
	ratelimit_ip_key("192.0.2.7", k);
	assert_string_equal(k, "192.0.2.7");
	ratelimit_ip_key("::ffff:192.0.2.7", k);
	assert_string_equal(k, "192.0.2.7");
	ratelimit_ip_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", k);
	assert_string_equal(k, "2001:db8:1:2::/64");
	char other[RATELIMIT_KEY_MAX];
	ratelimit_ip_key("2001:db8:1:2::1", other);
	assert_string_equal(other, k);
	ratelimit_ip_key("2001:db8:1:3::1", other);
	assert_string_equal(other, "2001:db8:1:3::/64");
	ratelimit_ip_key("not an address", k);
	assert_string_equal(k, "not an address");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_allows_max_then_refuses),
		cmocka_unit_test(test_check_counts_nothing),
		cmocka_unit_test(test_daily_rule_applies_across_short_windows),
		cmocka_unit_test(test_keys_are_independent),
		cmocka_unit_test(test_full_table_reuses_expired_then_oldest),
		cmocka_unit_test(test_long_keys_are_cut),
		cmocka_unit_test(test_ip_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
