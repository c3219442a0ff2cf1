/* Unit tests for the pause decision: whether a pause stops the clock by the
 * rule set, the reason and the pauses that stopped it before; the count of
 * a history; the decision a resume follows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "domain/deadline.h"

/* FOIA as a custom rule set would write it (one request for information;
 * fee clarifications toll each time), and the CPRA's "no". */
static const char FOIA[] =
    "{\"citation\": \"5 U.S.C. 552(a)(6)\", \"calendar\": \"us-federal\","
    " \"first_response\": {\"days\": 20, \"unit\": \"business\"},"
    " \"pause_stops_clock\": true, \"pause_max_count\": 1,"
    " \"pause_reasons\": [\"information\", \"fee_clarification\"],"
    " \"pause_limited_reasons\": [\"information\"],"
    " \"pause_citation\": \"5 U.S.C. 552(a)(6)(A)(ii)\"}";
static const char CPRA[] =
    "{\"citation\": \"Gov. Code 7922.535\", \"calendar\": \"us-ca\","
    " \"first_response\": {\"days\": 10, \"unit\": \"calendar\", \"roll_forward\": true}}";
/* A city's own: any reason, twice. */
static const char CITY[] =
    "{\"citation\": \"Mun. Code 2.12\", \"calendar\": \"us-ca\","
    " \"first_response\": {\"days\": 10, \"unit\": \"business\"},"
    " \"pause_stops_clock\": true, \"pause_max_count\": 2}";

static struct deadline_rules rules(const char *key, const char *config)
{
	struct deadline_rules r;
	assert_true(deadline_rules_parse(key, config, &r));
	return r;
}

/* stops: the decision, and the clause that says why not (or "" when none). */
static bool stops(const struct deadline_rules *r, const char *reason, int stopped,
		  char why[static 300])
{
	char *w = (char *)1;
	bool yes = deadline_pause_stops(r, reason, stopped, &w);
	strcpy(why, w ? w : "");
	free(w);
	return yes;
}

static void test_foia_reasons_and_count(void **state)
{
	(void)state;
	struct deadline_rules r = rules("foia", FOIA);
	char why[300];
	assert_true(stops(&r, "information", 0, why));
	assert_string_equal(why, "");
	assert_true(stops(&r, "fee_clarification", 0, why));
	/* The portal's own reasons are not the law's. */
	assert_false(stops(&r, "payment", 0, why));
	assert_string_equal(why, "5 U.S.C. 552(a)(6)(A)(ii) stops the clock only for: Information "
				 "asked of the requester; Clarification of fees with the requester");
	assert_false(stops(&r, "clarification", 0, why));
	/* Once: a second request for information does not stop it again. */
	assert_false(stops(&r, "information", 1, why));
	assert_string_equal(why, "5 U.S.C. 552(a)(6)(A)(ii) stops the clock only once for: "
				 "Information asked of the requester");
	/* Fee clarifications toll each time (552(a)(6)(A)(ii)(II)). */
	assert_true(stops(&r, "fee_clarification", 1, why));
	assert_true(stops(&r, "fee_clarification", 5, why));
	/* No reason (a pause recorded before reasons counted): the count only. */
	assert_true(stops(&r, NULL, 0, why));
	assert_false(stops(&r, NULL, 1, why));
	assert_false(deadline_pause_stops(&r, "information", 1, NULL));
	assert_string_equal(deadline_pause_law(&r), "5 U.S.C. 552(a)(6)(A)(ii)");
}

static void test_no_clock_stop(void **state)
{
	(void)state;
	struct deadline_rules r = rules("cpra", CPRA);
	char why[300];
	assert_false(stops(&r, "clarification", 0, why));
	assert_string_equal(why, ""); /* nothing to explain: it never stops */
	assert_false(stops(&r, NULL, 0, why));
	assert_string_equal(deadline_pause_law(&r), "Gov. Code 7922.535");
}

static void test_any_reason_twice(void **state)
{
	(void)state;
	struct deadline_rules r = rules("city", CITY);
	char why[300];
	assert_true(stops(&r, "payment", 0, why));
	assert_true(stops(&r, "clarification", 1, why));
	assert_false(stops(&r, "payment", 2, why));
	assert_string_equal(why, "Mun. Code 2.12 stops the clock at most 2 times");
	r.pause_max_count = 0; /* any number */
	assert_true(stops(&r, "payment", 9, why));
}

static void test_history_count(void **state)
{
	(void)state;
	json_t *h = json_loads("[{\"reason\": \"payment\", \"stops_clock\": false},"
			       " {\"reason\": \"clarification\"},"
			       " {\"reason\": \"information\", \"stops_clock\": true}, {}]",
			       0, NULL);
	assert_non_null(h);
	struct deadline_rules city = rules("city", CITY), foia = rules("foia", FOIA);
	assert_int_equal(deadline_pauses_stopped(&city, h, 4), 3); /* undecided ones counted */
	assert_int_equal(deadline_pauses_stopped(&city, h, 1), 0);
	assert_int_equal(deadline_pauses_stopped(&city, h, 0), 0);
	assert_int_equal(deadline_pauses_stopped(&city, h, 99), 3);
	assert_int_equal(deadline_pauses_stopped(&city, NULL, 3), 0);
	/* FOIA's limit counts requests for information (and pauses without a
	 * reason), not the rest. */
	assert_int_equal(deadline_pauses_stopped(&foia, h, 4), 2);
	assert_int_equal(deadline_pauses_stopped(&foia, h, 2), 0);
	json_decref(h);
}

/* stopped: deadline_pause_stopped over a history written as JSON. */
static bool stopped(const struct deadline_rules *r, const char *history, char why[static 300])
{
	json_t *h = json_loads(history, 0, NULL);
	assert_non_null(h);
	char *w = (char *)1;
	bool yes = deadline_pause_stopped(r, h, &w);
	strcpy(why, w ? w : "");
	free(w);
	json_decref(h);
	return yes;
}

static void test_resume_follows_the_pause(void **state)
{
	(void)state;
	struct deadline_rules r = rules("foia", FOIA);
	char why[300];
	/* As decided when the pause began, not again. */
	assert_true(stopped(&r, "[{\"reason\": \"information\", \"stops_clock\": true}]", why));
	assert_string_equal(why, "");
	assert_false(stopped(&r,
			     "[{\"reason\": \"information\", \"stops_clock\": true},"
			     " {\"reason\": \"information\", \"stops_clock\": false,"
			     " \"clock_note\": \"5 U.S.C. 552(a)(6)(A)(ii) stops the clock only once\"}]",
			     why));
	assert_string_equal(why, "5 U.S.C. 552(a)(6)(A)(ii) stops the clock only once");
	/* A rule set changed since does not undo the decision. */
	struct deadline_rules cpra = rules("cpra", CPRA);
	assert_true(stopped(&cpra, "[{\"reason\": \"information\", \"stops_clock\": true}]", why));
	assert_false(stopped(&r, "[{\"reason\": \"payment\", \"stops_clock\": false}]", why));
	assert_string_equal(why, "");
	/* Pauses recorded without a decision: the count decides, as before. */
	assert_true(stopped(&r, "[{\"reason\": \"clarification\"}]", why));
	assert_true(stopped(&r, "[{\"reason\": \"clarification\"}, {\"reason\": \"payment\"}]", why));
	assert_false(stopped(&r, "[{\"reason\": \"information\"}, {\"reason\": \"payment\"}]", why));
	assert_string_equal(why, "5 U.S.C. 552(a)(6)(A)(ii) stops the clock only once for: "
				 "Information asked of the requester");
	assert_true(stopped(&r, "[{\"reason\": \"payment\", \"stops_clock\": false}, {}]", why));
	assert_true(stopped(&r, "[]", why)); /* paused with no event (an import) */
	assert_false(stopped(&cpra, "[]", why));
}

/* The preset as migrated lists the statute's two reasons. */
static void test_foia_preset(void **state)
{
	assert_true(date_tz_set("America/Los_Angeles"));
	struct deadline_engine *e = deadline_engine_load(((struct fixture *)*state)->db, "foia");
	assert_non_null(e);
	assert_int_equal(e->rules.pause_reasons.n, 2);
	assert_string_equal(e->rules.pause_reasons.items[0], "information");
	assert_string_equal(e->rules.pause_reasons.items[1], "fee_clarification");
	assert_int_equal(e->rules.pause_max_count, 1);
	assert_int_equal(e->rules.pause_limited.n, 1);
	assert_string_equal(e->rules.pause_limited.items[0], "information");
	assert_true(deadline_pause_stops(&e->rules, "fee_clarification", 0, NULL));
	assert_true(deadline_pause_stops(&e->rules, "fee_clarification", 1, NULL));
	assert_false(deadline_pause_stops(&e->rules, "information", 1, NULL));
	assert_false(deadline_pause_stops(&e->rules, "clarification", 0, NULL));
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_foia_reasons_and_count),
	    cmocka_unit_test(test_no_clock_stop),
	    cmocka_unit_test(test_any_reason_twice),
	    cmocka_unit_test(test_history_count),
	    cmocka_unit_test(test_resume_follows_the_pause),
	    cmocka_unit_test_setup_teardown(test_foia_preset, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
