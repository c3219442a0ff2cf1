/* Unit tests for civil dates, instants and the agency's time zone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void assert_date_equal(struct date got, struct date want)
{
	if (date_cmp(got, want) != 0)
		fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d",
			got.y, got.m, got.d, want.y, want.m, want.d);
}

static int64_t utc(const char *iso)
{
	int64_t t = 0;
	if (!date_time_parse(iso, &t))
		fail_msg("bad test instant %s", iso);
	return t;
}

/* ---- Calendar ---------------------------------------------------------- */

static void test_round_trip_1900_to_2200(void **state)
{
	(void)state;
	int32_t expect = date_to_days(D(1900, 1, 1));
	assert_int_equal(expect, -25567);
	int count = 0;
	for (int y = 1900; y <= 2200; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= date_days_in_month(y, m); d++) {
				struct date c = D(y, m, d);
				assert_true(date_valid(c));
				int32_t days = date_to_days(c);
				/* consecutive dates are consecutive day numbers */
				assert_int_equal(days, expect);
				expect++;
				assert_date_equal(date_from_days(days), c);
				/* independent check against the C library */
				struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1,
					.tm_mday = d};
				assert_true((int64_t)timegm(&tm) == (int64_t)days * 86400);
				assert_int_equal(date_weekday(c), tm.tm_wday);
				count++;
			}
		}
	}
	assert_int_equal(count, date_diff_days(D(2201, 1, 1), D(1900, 1, 1)));
	assert_int_equal(date_to_days(D(2200, 12, 31)), 84370);
}

static void test_round_trip_whole_range(void **state)
{
	(void)state;
	int32_t lo = date_to_days(D(1, 1, 1));
	int32_t hi = date_to_days(D(9999, 12, 31));
	assert_int_equal(lo, -719162);
	assert_int_equal(hi, 2932896);
	struct date prev = date_from_days(lo - 1);
	assert_date_equal(prev, D(0, 12, 31));
	assert_false(date_valid(prev));
	for (int32_t z = lo; z <= hi; z++) {
		struct date c = date_from_days(z);
		assert_true(date_valid(c));
		assert_true(date_cmp(prev, c) < 0);
		assert_int_equal(date_to_days(c), z);
		prev = c;
	}
	assert_false(date_valid(date_from_days(hi + 1)));
	/* far outside the valid range the arithmetic still round-trips */
	for (int32_t z = INT32_MIN + 1000000; z < INT32_MAX - 1000000; z += 999983)
		assert_int_equal(date_to_days(date_from_days(z)), z);
}

static void test_known_days(void **state)
{
	(void)state;
	static const struct { struct date d; int32_t days; } cases[] = {
		{{1970, 1, 1}, 0},
		{{1969, 12, 31}, -1},
		{{2000, 3, 1}, 11017},
		{{2019, 9, 12}, 18151},
		{{1, 1, 1}, -719162},
		{{9999, 12, 31}, 2932896},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_equal(date_to_days(cases[i].d), cases[i].days);
		assert_date_equal(date_from_days(cases[i].days), cases[i].d);
	}
	/* a day past the end of its month carries over */
	assert_int_equal(date_to_days(D(2019, 2, 30)), date_to_days(D(2019, 3, 2)));
}

static void test_weekdays(void **state)
{
	(void)state;
	static const struct { struct date d; int wday; } cases[] = {
		{{2019, 9, 12}, DATE_THU},
		{{2000, 2, 29}, DATE_TUE},
		{{1970, 1, 1}, DATE_THU},
		{{1969, 12, 31}, DATE_WED},
		{{1900, 1, 1}, DATE_MON},
		{{2024, 2, 29}, DATE_THU},
		{{2025, 11, 27}, DATE_THU},
		{{2019, 9, 22}, DATE_SUN},
		{{2019, 9, 23}, DATE_MON},
		{{2020, 6, 13}, DATE_SAT},
		{{2020, 6, 12}, DATE_FRI},
		{{2200, 12, 31}, DATE_WED},
		{{1, 1, 1}, DATE_MON},
		{{9999, 12, 31}, DATE_FRI},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		assert_int_equal(date_weekday(cases[i].d), cases[i].wday);
}

static void test_leap_years_and_month_lengths(void **state)
{
	(void)state;
	static const struct { int y; bool leap; } leaps[] = {
		{1900, false}, {2000, true}, {2024, true}, {2100, false},
		{2019, false}, {2020, true}, {1600, true}, {1700, false},
		{4, true}, {2400, true},
	};
	for (size_t i = 0; i < ARRAY_LEN(leaps); i++) {
		assert_int_equal(date_is_leap(leaps[i].y), leaps[i].leap);
		assert_int_equal(date_days_in_month(leaps[i].y, 2),
			leaps[i].leap ? 29 : 28);
		assert_int_equal(date_diff_days(D(leaps[i].y + 1, 1, 1),
			D(leaps[i].y, 1, 1)), leaps[i].leap ? 366 : 365);
	}
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++)
		assert_int_equal(date_days_in_month(2019, m), len[m - 1]);
	assert_int_equal(date_days_in_month(2019, 0), 0);
	assert_int_equal(date_days_in_month(2019, 13), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(date_valid(D(2020, 2, 29)));
	assert_false(date_valid(D(2019, 2, 29)));
	assert_false(date_valid(D(2019, 4, 31)));
	assert_false(date_valid(D(2019, 0, 1)));
	assert_false(date_valid(D(2019, 13, 1)));
	assert_false(date_valid(D(2019, 1, 0)));
	assert_false(date_valid(D(0, 1, 1)));
	assert_false(date_valid(D(10000, 1, 1)));
	assert_false(date_valid(D(INT_MIN, INT_MIN, INT_MIN)));
}

static void test_add_diff_cmp(void **state)
{
	(void)state;
	static const struct { struct date from; int32_t n; struct date to; } cases[] = {
		{{2019, 9, 12}, 10, {2019, 9, 22}},
		{{2019, 9, 12}, 0, {2019, 9, 12}},
		{{2019, 12, 25}, 7, {2020, 1, 1}},
		{{2020, 2, 28}, 1, {2020, 2, 29}},
		{{2019, 2, 28}, 1, {2019, 3, 1}},
		{{2020, 3, 1}, -1, {2020, 2, 29}},
		{{1970, 1, 1}, -1, {1969, 12, 31}},
		{{2019, 10, 7}, 14, {2019, 10, 21}},
		{{2000, 1, 1}, 36524, {2099, 12, 31}},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_date_equal(date_add_days(cases[i].from, cases[i].n), cases[i].to);
		assert_int_equal(date_diff_days(cases[i].to, cases[i].from), cases[i].n);
		assert_int_equal(date_diff_days(cases[i].from, cases[i].to), -cases[i].n);
	}
	assert_true(date_cmp(D(2019, 9, 12), D(2019, 9, 13)) < 0);
	assert_true(date_cmp(D(2019, 10, 1), D(2019, 9, 30)) > 0);
	assert_true(date_cmp(D(2020, 1, 1), D(2019, 12, 31)) > 0);
	assert_int_equal(date_cmp(D(2019, 9, 12), D(2019, 9, 12)), 0);
}

static void test_nth_and_last_weekday(void **state)
{
	(void)state;
	static const struct {
		int y, m, wday, n;
		bool ok;
		struct date want;
	} cases[] = {
		{2025, 11, DATE_THU, 4, true, {2025, 11, 27}}, /* Thanksgiving */
		{2019, 11, DATE_THU, 4, true, {2019, 11, 28}},
		{2025, 9, DATE_MON, 1, true, {2025, 9, 1}},    /* Labor Day */
		{2025, 1, DATE_MON, 3, true, {2025, 1, 20}},   /* MLK Day */
		{2025, 2, DATE_MON, 3, true, {2025, 2, 17}},   /* Presidents' Day */
		{2025, 1, DATE_THU, 5, true, {2025, 1, 30}},
		{2025, 5, DATE_MON, 5, false, {0, 0, 0}},
		{2021, 2, DATE_MON, 4, true, {2021, 2, 22}},   /* Feb 2021: 28 days from Mon */
		{2021, 2, DATE_MON, 5, false, {0, 0, 0}},
		{2024, 2, DATE_THU, 5, true, {2024, 2, 29}},
		{2025, 11, DATE_THU, 0, false, {0, 0, 0}},
		{2025, 11, DATE_THU, 6, false, {0, 0, 0}},
		{2025, 11, 7, 1, false, {0, 0, 0}},
		{2025, 13, DATE_THU, 1, false, {0, 0, 0}},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct date got = {-1, -1, -1};
		bool ok = date_nth_weekday(cases[i].y, cases[i].m, cases[i].wday,
			cases[i].n, &got);
		assert_int_equal(ok, cases[i].ok);
		if (ok) {
			assert_date_equal(got, cases[i].want);
			assert_int_equal(date_weekday(got), cases[i].wday);
		} else {
			assert_date_equal(got, D(-1, -1, -1));
		}
	}

	static const struct { int y, m, wday; struct date want; } last[] = {
		{2025, 5, DATE_MON, {2025, 5, 26}}, /* Memorial Day */
		{2019, 5, DATE_MON, {2019, 5, 27}},
		{2024, 2, DATE_THU, {2024, 2, 29}},
		{2024, 2, DATE_SUN, {2024, 2, 25}},
		{2023, 2, DATE_TUE, {2023, 2, 28}},
		{2025, 12, DATE_WED, {2025, 12, 31}},
		{2025, 12, DATE_THU, {2025, 12, 25}},
	};
	for (size_t i = 0; i < ARRAY_LEN(last); i++)
		assert_date_equal(date_last_weekday(last[i].y, last[i].m, last[i].wday),
			last[i].want);
	assert_date_equal(date_last_weekday(2025, 0, DATE_MON), D(0, 0, 0));
	assert_date_equal(date_last_weekday(2025, 5, -1), D(0, 0, 0));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(date_month_name(1), "January");
	assert_string_equal(date_month_name(9), "September");
	assert_string_equal(date_month_name(12), "December");
	assert_string_equal(date_month_name(0), "");
	assert_string_equal(date_month_name(13), "");
	assert_string_equal(date_month_abbr(9), "Sep");
	assert_string_equal(date_weekday_name(DATE_SUN), "Sunday");
	assert_string_equal(date_weekday_name(DATE_THU), "Thursday");
	assert_string_equal(date_weekday_name(7), "");
	assert_string_equal(date_weekday_abbr(DATE_SAT), "Sat");
	assert_string_equal(date_weekday_abbr(-1), "");
}

/* ---- Parsing and formatting -------------------------------------------- */

static void test_parse_date(void **state)
{
	(void)state;
	static const struct { const char *s; struct date d; } good[] = {
		{"2019-09-12", {2019, 9, 12}},
		{"2020-02-29", {2020, 2, 29}},
		{"2000-02-29", {2000, 2, 29}},
		{"0001-01-01", {1, 1, 1}},
		{"9999-12-31", {9999, 12, 31}},
		{"2019-12-31", {2019, 12, 31}},
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		struct date d;
		assert_true(date_parse(good[i].s, &d));
		assert_date_equal(d, good[i].d);
		char buf[DATE_FMT_MAX];
		assert_string_equal(date_format_iso(d, buf), good[i].s);
	}
	static const char *const bad[] = {
		"2019-02-29", "2019-13-01", "2019-1-01", "2019-09-12x", "",
		"1900-02-29", "2100-02-29", "2019-04-31", "2019-00-10", "2019-09-00",
		"0000-01-01", "2019-09-1", "2019-09-123", "20190912", "2019/09/12",
		" 2019-09-12", "2019-09-12 ", "2019-09-12\n", "+019-09-12",
		"-019-09-12", "2019-+9-12", "2019-09-+2", "2019-09-12T00:00:00Z",
		"19-09-12", "２019-09-12", "2019-09",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct date d = {7, 7, 7};
		if (date_parse(bad[i], &d))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_date_equal(d, D(7, 7, 7));
	}
	struct date d = {7, 7, 7};
	assert_false(date_parse(NULL, &d));
	/* a NUL inside the pattern stops the parser, no read past the end */
	assert_false(date_parse("2019-09-1\0" "2", &d));
}

static void test_format_dates(void **state)
{
	(void)state;
	static const struct {
		struct date d;
		const char *iso, *lng, *wday, *abbr, *us;
	} cases[] = {
		{{2019, 9, 12}, "2019-09-12", "September 12, 2019",
			"Thursday September 12, 2019", "Sep 12, 2019", "09/12/2019"},
		{{2020, 6, 9}, "2020-06-09", "June 9, 2020",
			"Tuesday June 9, 2020", "Jun 9, 2020", "06/09/2020"},
		{{2020, 5, 12}, "2020-05-12", "May 12, 2020",
			"Tuesday May 12, 2020", "May 12, 2020", "05/12/2020"},
		{{2001, 1, 1}, "2001-01-01", "January 1, 2001",
			"Monday January 1, 2001", "Jan 1, 2001", "01/01/2001"},
		{{1, 1, 1}, "0001-01-01", "January 1, 1", "Monday January 1, 1",
			"Jan 1, 1", "01/01/0001"},
		{{2019, 9, 31}, "", "", "", "", ""},
		{{0, 1, 1}, "", "", "", "", ""},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[DATE_FMT_MAX];
		assert_string_equal(date_format_iso(cases[i].d, buf), cases[i].iso);
		assert_string_equal(date_format_long(cases[i].d, buf), cases[i].lng);
		assert_string_equal(date_format_long_wday(cases[i].d, buf), cases[i].wday);
		assert_string_equal(date_format_abbr(cases[i].d, buf), cases[i].abbr);
		assert_string_equal(date_format_us(cases[i].d, buf), cases[i].us);
	}
	/* the longest outputs fit */
	char buf[DATE_FMT_MAX];
	assert_string_equal(date_format_long_wday(D(9999, 9, 29), buf),
		"Wednesday September 29, 9999");
}

static void test_format_clock(void **state)
{
	(void)state;
	static const struct { int h, m; const char *want; } cases[] = {
		{0, 0, "12:00am"}, {0, 5, "12:05am"}, {1, 0, "1:00am"},
		{9, 46, "9:46am"}, {11, 59, "11:59am"}, {12, 0, "12:00pm"},
		{12, 4, "12:04pm"}, {13, 0, "1:00pm"}, {17, 16, "5:16pm"},
		{23, 59, "11:59pm"}, {24, 0, ""}, {-1, 0, ""}, {12, 60, ""},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[DATE_FMT_MAX];
		assert_string_equal(date_format_clock(cases[i].h, cases[i].m, buf),
			cases[i].want);
	}
}

static void test_instants_utc(void **state)
{
	(void)state;
	static const struct { const char *s; int64_t t; } good[] = {
		{"1970-01-01T00:00:00Z", 0},
		{"1969-12-31T23:59:59Z", -1},
		{"2020-06-17T00:16:00Z", 1592352960},
		{"2019-09-12T19:04:00Z", 1568315040},
		{"2000-02-29T23:59:59Z", 951868799},
		{"2038-01-19T03:14:08Z", INT64_C(2147483648)},
		{"0001-01-01T00:00:00Z", DATE_TIME_MIN},
		{"9999-12-31T23:59:59Z", DATE_TIME_MAX},
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		int64_t t = 0;
		assert_true(date_time_parse(good[i].s, &t));
		assert_true(t == good[i].t);
		char buf[DATE_FMT_MAX];
		assert_string_equal(date_time_format_iso(t, buf), good[i].s);
		struct date_time dt = date_time_to_utc(t);
		assert_true(date_time_from_utc(&dt) == t);
	}
	static const char *const bad[] = {
		"", "2020-06-17", "2020-06-17T00:16:00", "2020-06-17T00:16:00z",
		"2020-06-17t00:16:00Z", "2020-06-17 00:16:00Z", "2020-06-17T24:00:00Z",
		"2020-06-17T23:60:00Z", "2020-06-17T23:59:60Z", "2020-06-17T0:16:00Z",
		"2020-06-17T00:16Z", "2020-06-17T00:16:00.5Z", "2020-06-17T00:16:00+00:00",
		"2020-06-17T00:16:00Zx", "2019-02-29T00:00:00Z", "2020-06-17T00:16:00Z ",
		"2020-06-17T-1:16:00Z",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int64_t t = 42;
		if (date_time_parse(bad[i], &t))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(t == 42);
	}
	int64_t t = 42;
	assert_false(date_time_parse(NULL, &t));

	struct date_time dt = date_time_to_utc(-1);
	assert_date_equal(dt.date, D(1969, 12, 31));
	assert_int_equal(dt.hour, 23);
	assert_int_equal(dt.min, 59);
	assert_int_equal(dt.sec, 59);
	/* out-of-range instants are clamped */
	char buf[DATE_FMT_MAX];
	assert_string_equal(date_time_format_iso(INT64_MIN, buf), "0001-01-01T00:00:00Z");
	assert_string_equal(date_time_format_iso(INT64_MAX, buf), "9999-12-31T23:59:59Z");
	/* fields carry over */
	struct date_time carry = {{2019, 12, 31}, 24, 0, 0};
	assert_true(date_time_from_utc(&carry) == utc("2020-01-01T00:00:00Z"));
	int64_t now = date_time_now();
	assert_true(now > utc("2024-01-01T00:00:00Z"));
}

/* ---- Time zones -------------------------------------------------------- */

static void test_tz_names(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"Mars/Olympus", "../etc/passwd", "", "/etc/passwd",
		"America/../../../etc/passwd", "America/./Los_Angeles",
		"America//Los_Angeles", "America/", "/America/Los_Angeles",
		"America", "zone.tab", "tzdata.zi", "leapseconds", "america/los angeles",
		"America/Los_Angeles\n", "PST8PDT,M3.2.0,M11.1.0", "UTC+3",
		"Europe/Paris\\",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	assert_true(date_tz_set("America/Los_Angeles"));
	assert_string_equal(date_tz_name(), "America/Los_Angeles");
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (date_tz_set(bad[i]))
			fail_msg("accepted zone \"%s\"", bad[i]);
		assert_string_equal(date_tz_name(), "America/Los_Angeles");
	}
	assert_false(date_tz_set(NULL));
	static const char *const good[] = {
		"UTC", "Etc/GMT+5", "Europe/Paris", "America/Port-au-Prince",
		"America/Argentina/Buenos_Aires", "America/Los_Angeles",
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		if (!date_tz_set(good[i]))
			fail_msg("rejected zone \"%s\"", good[i]);
		assert_string_equal(date_tz_name(), good[i]);
	}
}

static void test_local_format_los_angeles(void **state)
{
	(void)state;
	assert_true(date_tz_set("America/Los_Angeles"));
	static const struct { const char *utc, *want; } cases[] = {
		{"2020-06-17T00:16:00Z", "June 16, 2020, 5:16pm"},
		{"2019-09-12T19:04:00Z", "September 12, 2019, 12:04pm"},
		{"2019-09-12T21:16:00Z", "September 12, 2019, 2:16pm"},
		{"2020-06-13T16:46:00Z", "June 13, 2020, 9:46am"},
		{"2020-01-09T23:45:00Z", "January 9, 2020, 3:45pm"},
		{"2019-10-01T04:47:00Z", "September 30, 2019, 9:47pm"},
		/* midnight and noon, in standard and in daylight time */
		{"2020-01-01T08:00:00Z", "January 1, 2020, 12:00am"},
		{"2020-01-01T08:05:00Z", "January 1, 2020, 12:05am"},
		{"2020-01-01T07:59:00Z", "December 31, 2019, 11:59pm"},
		{"2020-01-01T20:00:00Z", "January 1, 2020, 12:00pm"},
		{"2020-01-01T19:59:00Z", "January 1, 2020, 11:59am"},
		{"2020-06-16T07:00:00Z", "June 16, 2020, 12:00am"},
		{"2020-06-16T19:00:00Z", "June 16, 2020, 12:00pm"},
		{"2020-06-16T19:30:00Z", "June 16, 2020, 12:30pm"},
		{"2020-06-17T06:59:00Z", "June 16, 2020, 11:59pm"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[DATE_FMT_MAX];
		assert_string_equal(date_time_format_local(utc(cases[i].utc), buf),
			cases[i].want);
	}
}

static void test_local_date_around_dst(void **state)
{
	(void)state;
	assert_true(date_tz_set("America/Los_Angeles"));
	static const struct {
		const char *utc;
		struct date date;
		int hour, min, sec;
	} cases[] = {
		/* 2019-11-03: 02:00 PDT falls back to 01:00 PST at 09:00Z */
		{"2019-11-03T06:59:59Z", {2019, 11, 2}, 23, 59, 59},
		{"2019-11-03T07:00:00Z", {2019, 11, 3}, 0, 0, 0},
		{"2019-11-03T08:30:00Z", {2019, 11, 3}, 1, 30, 0},
		{"2019-11-03T08:59:59Z", {2019, 11, 3}, 1, 59, 59},
		{"2019-11-03T09:00:00Z", {2019, 11, 3}, 1, 0, 0},
		{"2019-11-03T09:30:00Z", {2019, 11, 3}, 1, 30, 0},
		{"2019-11-04T07:00:00Z", {2019, 11, 3}, 23, 0, 0},
		{"2019-11-04T07:59:59Z", {2019, 11, 3}, 23, 59, 59},
		{"2019-11-04T08:00:00Z", {2019, 11, 4}, 0, 0, 0},
		/* 2019-03-10: 02:00 PST springs forward to 03:00 PDT at 10:00Z */
		{"2019-03-10T07:59:59Z", {2019, 3, 9}, 23, 59, 59},
		{"2019-03-10T08:00:00Z", {2019, 3, 10}, 0, 0, 0},
		{"2019-03-10T09:59:59Z", {2019, 3, 10}, 1, 59, 59},
		{"2019-03-10T10:00:00Z", {2019, 3, 10}, 3, 0, 0},
		{"2019-03-11T06:59:59Z", {2019, 3, 10}, 23, 59, 59},
		{"2019-03-11T07:00:00Z", {2019, 3, 11}, 0, 0, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int64_t t = utc(cases[i].utc);
		assert_date_equal(date_local(t), cases[i].date);
		struct date_time dt = date_time_to_local(t);
		assert_date_equal(dt.date, cases[i].date);
		assert_int_equal(dt.hour, cases[i].hour);
		assert_int_equal(dt.min, cases[i].min);
		assert_int_equal(dt.sec, cases[i].sec);
	}
}

static void test_from_local(void **state)
{
	(void)state;
	assert_true(date_tz_set("America/Los_Angeles"));
	static const struct { struct date_time local; const char *utc; } cases[] = {
		{{{2019, 9, 12}, 12, 4, 0}, "2019-09-12T19:04:00Z"},
		{{{2020, 1, 1}, 0, 0, 0}, "2020-01-01T08:00:00Z"},
		/* gap: 02:30 does not exist, read as PST: 03:30 PDT */
		{{{2019, 3, 10}, 2, 30, 0}, "2019-03-10T10:30:00Z"},
		{{{2019, 3, 10}, 2, 0, 0}, "2019-03-10T10:00:00Z"},
		{{{2019, 3, 10}, 1, 59, 59}, "2019-03-10T09:59:59Z"},
		{{{2019, 3, 10}, 3, 0, 0}, "2019-03-10T10:00:00Z"},
		/* overlap: 01:30 happens twice, the first (PDT) is taken */
		{{{2019, 11, 3}, 1, 30, 0}, "2019-11-03T08:30:00Z"},
		{{{2019, 11, 3}, 0, 59, 59}, "2019-11-03T07:59:59Z"},
		{{{2019, 11, 3}, 2, 0, 0}, "2019-11-03T10:00:00Z"},
		/* a 5pm cut-off */
		{{{2019, 11, 3}, 17, 0, 0}, "2019-11-04T01:00:00Z"},
		{{{2019, 7, 4}, 17, 0, 0}, "2019-07-05T00:00:00Z"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int64_t got = date_time_from_local(&cases[i].local);
		int64_t want = utc(cases[i].utc);
		if (got != want) {
			char buf[DATE_FMT_MAX];
			fail_msg("case %zu: got %s, want %s", i,
				date_time_format_iso(got, buf), cases[i].utc);
		}
	}
	assert_true(date_local_start(D(2019, 11, 3)) == utc("2019-11-03T07:00:00Z"));
	assert_true(date_local_start(D(2019, 11, 4)) == utc("2019-11-04T08:00:00Z"));
	assert_true(date_local_start(D(2019, 3, 10)) == utc("2019-03-10T08:00:00Z"));
	assert_true(date_local_start(D(2019, 3, 11)) == utc("2019-03-11T07:00:00Z"));

	/* Every quarter hour of 2019 round-trips, except the second pass through
	 * the fall-back hour, which resolves to the first. */
	int64_t from = utc("2019-01-01T00:00:00Z"), to = utc("2020-01-01T00:00:00Z");
	for (int64_t t = from; t < to; t += 900) {
		struct date_time dt = date_time_to_local(t);
		int64_t back = date_time_from_local(&dt);
		if (back != t) {
			assert_true(back == t - 3600);
			assert_true(t >= utc("2019-11-03T09:00:00Z") &&
				t < utc("2019-11-03T10:00:00Z"));
		}
	}
}

static void test_midnight_gap(void **state)
{
	(void)state;
	/* São Paulo sprang forward at midnight: 2018-11-04 began at 01:00 -02. */
	assert_true(date_tz_set("America/Sao_Paulo"));
	assert_true(date_local_start(D(2018, 11, 4)) == utc("2018-11-04T03:00:00Z"));
	assert_date_equal(date_local(utc("2018-11-04T02:59:59Z")), D(2018, 11, 3));
	assert_date_equal(date_local(utc("2018-11-04T03:00:00Z")), D(2018, 11, 4));

	assert_true(date_tz_set("UTC"));
	assert_true(date_local_start(D(2019, 9, 12)) == utc("2019-09-12T00:00:00Z"));
	char buf[DATE_FMT_MAX];
	assert_string_equal(date_time_format_local(utc("2019-09-12T19:04:00Z"), buf),
		"September 12, 2019, 7:04pm");
	assert_true(date_tz_set("America/Los_Angeles"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_1900_to_2200),
		cmocka_unit_test(test_round_trip_whole_range),
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_leap_years_and_month_lengths),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_add_diff_cmp),
		cmocka_unit_test(test_nth_and_last_weekday),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_format_dates),
		cmocka_unit_test(test_format_clock),
		cmocka_unit_test(test_instants_utc),
		cmocka_unit_test(test_tz_names),
		cmocka_unit_test(test_local_format_los_angeles),
		cmocka_unit_test(test_local_date_around_dst),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_midnight_gap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
