/* Unit tests for the deadline engine: the presets as migrated, holiday
 * calendars, cut-off, explanations, extensions and the compliance flag. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "domain/deadline.h"

static struct db *db_of(void **state)
{
	return ((struct fixture *)*state)->db;
}

static struct deadline_engine *engine(void **state, const char *key)
{
	assert_true(date_tz_set("America/Los_Angeles"));
	struct deadline_engine *e = deadline_engine_load(db_of(state), key);
	assert_non_null(e);
	return e;
}

static struct date day(const char *iso)
{
	struct date d;
	assert_true(date_parse(iso, &d));
	return d;
}

/* local_at: the instant of local date iso at hh:mm in the agency's zone. */
static int64_t local_at(const char *iso, int hour, int min)
{
	struct date_time dt = {day(iso), hour, min, 0};
	return date_time_from_local(&dt);
}

/* first_due computes the due date and returns the explanation in words. */
static char *first_due(const struct deadline_engine *e, int64_t at, char due[DATE_FMT_MAX])
{
	char *json = deadline_first(&e->rules, &e->cal, at, due);
	json_t *how = json_loads(json, 0, NULL);
	assert_non_null(how);
	char *text = deadline_explain(how);
	assert_non_null(text);
	json_decref(how);
	free(json);
	return text;
}

struct example {
	const char *rule;
	const char *received; /* local date */
	int hour, min;
	const char *closed; /* a calendar_dates 'closed' date, or NULL */
	const char *opened; /* a calendar_dates 'open' date, or NULL */
	const char *due;
	const char *extended; /* due after one extension, or NULL */
};

static const struct example examples[] = {
    /* The reference request 19-5156. */
    {"cpra", "2019-09-12", 12, 4, NULL, NULL, "2019-09-23", "2019-10-07"},
    /* 20 working days skipping Dec 25, Jan 1 and Jan 20; 10 more. */
    {"foia", "2024-12-20", 10, 0, NULL, NULL, "2025-01-22", "2025-02-05"},
    {"foia", "2024-12-20", 10, 0, "2025-01-09", NULL, "2025-01-23", NULL},
    /* Martin Luther King, Jr. Day made a working day. */
    {"foia", "2024-12-20", 10, 0, NULL, "2025-01-20", "2025-01-21", NULL},
    /* Thanksgiving Nov 27 and the weekend skipped. */
    {"ny-foil", "2025-11-26", 10, 0, NULL, NULL, "2025-12-04", NULL},
    {"tx-pia", "2025-11-26", 10, 0, NULL, NULL, "2025-12-11", NULL},
    /* Cut-off: 17:30 counts from Friday, 16:59 from Wednesday. */
    {"ny-foil", "2025-11-26", 17, 30, NULL, NULL, "2025-12-05", NULL},
    {"ny-foil", "2025-11-26", 16, 59, NULL, NULL, "2025-12-04", NULL},
    {"foia", "2024-12-20", 17, 0, NULL, NULL, "2025-01-23", NULL},
    /* Across the fall-back change (Sunday 2019-11-03): 17:30 PST is after
     * the cut-off, counted from Monday; Veterans Day Nov 11 skipped. */
    {"ny-foil", "2019-11-03", 17, 30, NULL, NULL, "2019-11-12", NULL},
    {"ny-foil", "2019-11-03", 16, 30, NULL, NULL, "2019-11-08", NULL},
    /* Spring forward (Sunday 2019-03-10): 16:59 PDT is before it. */
    {"tx-pia", "2019-03-08", 16, 59, NULL, NULL, "2019-03-22", NULL},
    {"tx-pia", "2019-03-08", 17, 1, NULL, NULL, "2019-03-25", NULL},
    /* Feb 29: counted onto it (a Saturday) and received on it. */
    {"cpra", "2020-02-19", 9, 0, NULL, NULL, "2020-03-02", NULL},
    {"cpra", "2020-02-29", 9, 0, NULL, NULL, "2020-03-10", NULL},
    /* July 4, 2020, a Saturday, observed on Friday July 3. */
    {"ny-foil", "2020-06-29", 9, 0, NULL, NULL, "2020-07-07", NULL},
    /* Juneteenth: not a federal holiday in 2020, one in 2021 (observed
     * Friday June 18). */
    {"ny-foil", "2020-06-15", 9, 0, NULL, NULL, "2020-06-22", NULL},
    {"ny-foil", "2021-06-14", 9, 0, NULL, NULL, "2021-06-22", NULL},
    /* California: the day after Thanksgiving; Cesar Chavez Day. */
    {"cpra", "2019-11-19", 9, 0, NULL, NULL, "2019-12-02", NULL},
    {"cpra", "2021-03-21", 9, 0, NULL, NULL, "2021-04-01", NULL},
};

static void add_date(void **state, const char *iso, const char *kind)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO calendar_dates (date, kind, name, created_at)"
		 " VALUES ('%s', '%s', 'Added', 0)",
		 iso, kind);
	assert_int_equal(exec(db_of(state), sql), 0);
}

static void test_worked_examples(void **state)
{
	for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
		const struct example *x = &examples[i];
		assert_int_equal(exec(db_of(state), "DELETE FROM calendar_dates"), 0);
		if (x->closed)
			add_date(state, x->closed, "closed");
		if (x->opened)
			add_date(state, x->opened, "open");
		struct deadline_engine *e = engine(state, x->rule);
		char due[DATE_FMT_MAX], ext[DATE_FMT_MAX];
		free(first_due(e, local_at(x->received, x->hour, x->min), due));
		if (strcmp(due, x->due))
			fail_msg("%s received %s %02d:%02d: due %s, expected %s", x->rule,
				 x->received, x->hour, x->min, due, x->due);
		if (x->extended) {
			assert_true(e->rules.has_extension);
			date_format_iso(deadline_add(&e->rules.extension, &e->cal, day(due)), ext);
			assert_string_equal(ext, x->extended);
		}
		free(e);
	}
}

static void test_explanations(void **state)
{
	struct deadline_engine *cpra = engine(state, "cpra"), *foia = engine(state, "foia");
	char due[DATE_FMT_MAX];
	char *text = first_due(cpra, local_at("2019-09-12", 12, 4), due);
	assert_string_equal(text, "Received Thursday September 12, 2019. 10 calendar days: "
				  "Sunday September 22, 2019, moved to the next business day: "
				  "Monday September 23, 2019.");
	free(text);
	text = first_due(cpra, local_at("2019-09-10", 9, 0), due);
	assert_string_equal(text, "Received Tuesday September 10, 2019. 10 calendar days: "
				  "Friday September 20, 2019.");
	free(text);
	text = first_due(foia, local_at("2024-12-20", 17, 30), due);
	assert_string_equal(text, "Received Friday December 20, 2024 after 5:00pm, counted from "
				  "the next business day: Monday December 23, 2024. 20 business "
				  "days: Thursday January 23, 2025.");
	free(text);
	/* A holiday is named as the reason a date moved. */
	char *json = deadline_first(&cpra->rules, &cpra->cal, local_at("2019-11-18", 9, 0), due);
	assert_non_null(strstr(json, "\"moved_because\":\"Thanksgiving Day\""));
	free(json);
	free(cpra);
	free(foia);
}

static void test_stored_explanations(void **state)
{
	(void)state;
	/* As stored before cut-offs were recorded. */
	json_t *old =
	    json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "rule", "cpra", "received", "2019-09-12",
		      "days", 10, "unit", "calendar", "counted", "2019-09-22", "due", "2019-09-23");
	char *text = deadline_explain(old);
	assert_string_equal(text, "Received Thursday September 12, 2019. 10 calendar days: "
				  "Sunday September 22, 2019, moved to the next business day: "
				  "Monday September 23, 2019.");
	free(text);
	json_object_set_new(old, "unit", json_string("fortnights"));
	assert_null(deadline_explain(old));
	json_decref(old);
	json_t *e = json_pack("{s:s}", "rule", "cpra");
	assert_null(deadline_explain(e));
	json_decref(e);
}

static void test_observance(void **state)
{
	struct deadline_engine *fed = engine(state, "foia"), *ca = engine(state, "cpra");
	static const struct {
		bool federal;
		const char *date, *name; /* name NULL: not a holiday */
	} days[] = {
	    {true, "2020-07-03", "Independence Day"}, /* Saturday -> Friday */
	    {true, "2020-07-04", NULL},
	    {true, "2021-12-31", "New Year's Day"}, /* Saturday 2022-01-01 */
	    {true, "2020-06-19", NULL},		    /* Juneteenth before 2021 */
	    {true, "2021-06-18", "Juneteenth National Independence Day"},
	    {true, "2022-06-20", "Juneteenth National Independence Day"},
	    {true, "2025-05-26", "Memorial Day"}, /* last Monday */
	    {true, "2025-11-28", NULL},
	    {false, "2025-11-28", "Day after Thanksgiving"},
	    {false, "2020-07-03", NULL},	    /* California moves only Sundays */
	    {false, "2023-11-10", "Veterans Day"},  /* Saturday -> Friday */
	    {false, "2022-12-26", "Christmas Day"}, /* Sunday -> Monday */
	    {false, "2019-09-27", "Native American Day"},
	};
	for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
		const char *name =
		    holiday_closed_name(days[i].federal ? &fed->cal : &ca->cal, day(days[i].date));
		if (days[i].name ? !name || strcmp(name, days[i].name) : name != NULL)
			fail_msg("%s %s: %s, expected %s", days[i].federal ? "federal" : "ca",
				 days[i].date, name ? name : "none",
				 days[i].name ? days[i].name : "none");
	}
	free(fed);
	free(ca);
}

static void test_compliance(void **state)
{
	struct deadline_engine *cpra = engine(state, "cpra"), *foia = engine(state, "foia"),
			       *ny = engine(state, "ny-foil");
	/* 19-5156: one lawful extension, six more. */
	json_t *history = json_loads("[{\"old\":\"2019-09-23\",\"new\":\"2019-10-07\"},"
				     "{\"old\":\"2019-10-07\",\"new\":\"2020-01-09\"},"
				     "{\"old\":\"2020-01-09\",\"new\":\"2020-02-10\"},"
				     "{\"old\":\"2020-02-10\",\"new\":\"2020-03-10\"},"
				     "{\"old\":\"2020-03-10\",\"new\":\"2020-04-14\"},"
				     "{\"old\":\"2020-04-14\",\"new\":\"2020-05-12\"},"
				     "{\"old\":\"2020-05-12\",\"new\":\"2020-06-09\"}]",
				     0, NULL);
	json_t *flag = deadline_compliance(&cpra->rules, &cpra->cal, history);
	assert_non_null(flag);
	assert_true(json_is_true(json_object_get(flag, "flag")));
	assert_string_equal(json_string_value(json_object_get(flag, "text")),
			    "Extended 7 times; Gov. Code 7922.535 allows one extension of up to "
			    "14 days");
	json_decref(flag);

	/* Only the first: within the law. */
	json_t *first = json_array();
	json_array_append(first, json_array_get(history, 0));
	assert_null(deadline_compliance(&cpra->rules, &cpra->cal, first));
	/* An earlier date is not an extension. */
	json_array_append_new(first,
			      json_pack("{s:s, s:s}", "old", "2019-10-07", "new", "2019-10-01"));
	assert_null(deadline_compliance(&cpra->rules, &cpra->cal, first));
	json_decref(first);

	/* One extension, longer than allowed. */
	json_t *one = json_loads("[{\"old\":\"2019-09-23\",\"new\":\"2019-10-08\"}]", 0, NULL);
	flag = deadline_compliance(&cpra->rules, &cpra->cal, one);
	assert_string_equal(json_string_value(json_object_get(flag, "text")),
			    "Extended once; Gov. Code 7922.535 allows one extension of up to "
			    "14 days");
	json_decref(flag);
	flag = deadline_compliance(&ny->rules, &ny->cal, one);
	assert_string_equal(json_string_value(json_object_get(flag, "text")),
			    "Extended once; Public Officers Law 89(3) allows no extensions");
	json_decref(flag);
	/* 10 working days after Jan 22, 2025 is Feb 5; Feb 6 is beyond. */
	json_t *fed = json_loads("[{\"old\":\"2025-01-22\",\"new\":\"2025-02-05\"},"
				 "{\"old\":\"2025-02-05\",\"new\":\"2025-02-06\"}]",
				 0, NULL);
	flag = deadline_compliance(&foia->rules, &foia->cal, fed);
	assert_string_equal(json_string_value(json_object_get(flag, "text")),
			    "Extended twice; 5 U.S.C. 552(a)(6) allows one extension of up to "
			    "10 business days");
	json_decref(flag);
	json_array_remove(fed, 1);
	assert_null(deadline_compliance(&foia->rules, &foia->cal, fed));
	/* A date moved for a pause is no extension. */
	json_array_append_new(fed, json_pack("{s:s, s:s, s:i}", "old", "2025-02-05", "new",
					     "2025-02-12", "paused_days", 5));
	assert_null(deadline_compliance(&foia->rules, &foia->cal, fed));
	json_decref(fed);
	json_decref(one);
	json_decref(history);
	free(cpra);
	free(foia);
	free(ny);
}

/* A pause stops the clock under FOIA (business days, Presidents' Day
 * skipped), not under the CPRA. */
static void test_toll(void **state)
{
	struct deadline_engine *cpra = engine(state, "cpra"), *foia = engine(state, "foia");
	char iso[DATE_FMT_MAX];
	assert_true(foia->rules.pause_stops_clock);
	assert_string_equal(foia->rules.pause_citation, "5 U.S.C. 552(a)(6)(A)(ii)");
	assert_false(cpra->rules.pause_stops_clock);
	struct date d = deadline_toll(&foia->rules, &foia->cal, day("2025-02-13"), 3);
	assert_string_equal(date_format_iso(d, iso), "2025-02-19");
	d = deadline_toll(&foia->rules, &foia->cal, day("2025-02-13"), 0);
	assert_string_equal(date_format_iso(d, iso), "2025-02-13");
	d = deadline_toll(&cpra->rules, &cpra->cal, day("2025-02-13"), 3);
	assert_string_equal(date_format_iso(d, iso), "2025-02-13");
	free(cpra);
	free(foia);
}

static void test_rules_refused(void **state)
{
	(void)state;
	struct deadline_rules r;
	static const char *const bad[] = {
	    "",
	    "[]",
	    "{\"first_response\":{\"days\":0,\"unit\":\"calendar\"}}",
	    "{\"first_response\":{\"days\":10,\"unit\":\"weeks\"}}",
	    "{\"cutoff\":\"25:00\",\"first_response\":{\"days\":10,\"unit\":"
	    "\"calendar\"}}",
	    "{\"cutoff\":\"5pm\",\"first_response\":{\"days\":10,\"unit\":"
	    "\"calendar\"}}",
	    "{\"first_response\":{\"days\":10,\"unit\":\"calendar\"},"
	    "\"extensions\":[{\"days\":14,\"unit\":\"calendar\",\"max_count\":0}]}",
	    "{\"ends_at\":\"00:00\",\"first_response\":{\"days\":10,\"unit\":\"calendar\"}}",
	    "{\"ends_at\":\"24:00\",\"first_response\":{\"days\":10,\"unit\":\"calendar\"}}",
	    "{\"ends_at\":17,\"first_response\":{\"days\":10,\"unit\":\"calendar\"}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (deadline_rules_parse("x", bad[i], &r))
			fail_msg("accepted %s", bad[i]);
	assert_true(deadline_rules_parse(
	    "x", "{\"first_response\":{\"days\":10,\"unit\":\"calendar\"}}", &r));
	assert_int_equal(r.cutoff_min, 24 * 60);
	assert_int_equal(r.ends_min, DEADLINE_END_OF_DAY);
	assert_false(r.has_extension);
	assert_true(deadline_rules_parse(
	    "x", "{\"ends_at\":\"17:30\",\"first_response\":{\"days\":10,\"unit\":\"calendar\"}}",
	    &r));
	assert_int_equal(r.ends_min, 17 * 60 + 30);
	assert_false(deadline_engine_load(db_of(state), "no-such-rule-set") != NULL);
}

/* When a deadline ends: the minute it ends on its due date has passed,
 * or its day has; the text the store compares. */
static void test_deadline_ended(void **state)
{
	(void)state;
	struct date due = {2026, 3, 12};
	static const struct {
		struct deadline_clock at;
		int ends_min;
		bool ended;
	} cases[] = {
	    {{{2026, 3, 11}, 23 * 60 + 59}, 17 * 60, false},
	    {{{2026, 3, 12}, 16 * 60 + 59}, 17 * 60, false},
	    {{{2026, 3, 12}, 17 * 60}, 17 * 60, true},
	    {{{2026, 3, 12}, 23 * 60 + 59}, DEADLINE_END_OF_DAY, false},
	    {{{2026, 3, 13}, 0}, DEADLINE_END_OF_DAY, true},
	    {{{2027, 1, 1}, 0}, 1, true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (deadline_ended(due, cases[i].ends_min, cases[i].at) != cases[i].ended)
			fail_msg("case %zu", i);
	char out[DATE_FMT_MAX];
	assert_string_equal(deadline_clock_text((struct deadline_clock){due, 0}, out),
			    "2026-03-12 00:00");
	assert_string_equal(deadline_clock_text((struct deadline_clock){due, DEADLINE_END_OF_DAY},
						out),
			    "2026-03-12 24:00");
	assert_string_equal(deadline_ends_text(17 * 60, out), "5:00pm");
	assert_string_equal(deadline_ends_text(DEADLINE_END_OF_DAY, out), "");
	/* 10:30 UTC is 03:30 in Los Angeles, daylight time since 10:00 UTC. */
	assert_true(date_tz_set("America/Los_Angeles"));
	struct deadline_clock c = deadline_clock_at(1552213800);
	assert_int_equal(c.today.d, 10);
	assert_int_equal(c.minute, 3 * 60 + 30);
}

/* next_random: splitmix64, so every run checks the same dates. */
static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void test_properties(void **state)
{
	static const char *const keys[] = {"cpra", "foia", "ny-foil", "tx-pia"};
	uint64_t seed = 5156;
	struct date base = {2015, 1, 1};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		struct deadline_engine *e = engine(state, keys[k]);
		bool moved =
		    e->rules.first.unit == DEADLINE_BUSINESS || e->rules.first.roll_forward;
		assert_true(moved);
		for (int i = 0; i < 2500; i++) {
			uint64_t r = next_random(&seed);
			struct date received = date_add_days(base, (int32_t)(r % 5000));
			int hour = (int)((r >> 20) % 24), min = (int)((r >> 30) % 60);
			char iso[DATE_FMT_MAX];
			free(deadline_first(&e->rules, &e->cal,
					    local_at(date_format_iso(received, iso), hour, min),
					    iso));
			struct date due = day(iso);
			assert_true(date_diff_days(due, received) >= e->rules.first.days);
			assert_true(holiday_is_business_day(&e->cal, due));
			/* More days allowed never gives an earlier date (spans
			 * sampled up to 25 days, in both units). */
			static const int spans[] = {1, 2, 3, 4, 5, 7, 10, 14, 20, 25};
			struct deadline_span s = e->rules.first;
			if (i % 2)
				s.unit = s.unit == DEADLINE_BUSINESS ? DEADLINE_CALENDAR
								     : DEADLINE_BUSINESS;
			s.roll_forward = true;
			struct date prev = received;
			for (size_t j = 0; j < sizeof spans / sizeof *spans; j++) {
				s.days = spans[j];
				struct date d = deadline_add(&s, &e->cal, received);
				assert_true(date_cmp(d, prev) >= 0);
				assert_true(date_cmp(d, received) > 0);
				assert_true(holiday_is_business_day(&e->cal, d));
				if (s.unit == DEADLINE_BUSINESS)
					assert_true(date_cmp(d, prev) > 0);
				prev = d;
			}
		}
		free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_worked_examples, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_explanations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stored_explanations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_observance, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_compliance, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_toll, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rules_refused, setup, teardown),
	    cmocka_unit_test(test_deadline_ended),
	    cmocka_unit_test_setup_teardown(test_properties, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
