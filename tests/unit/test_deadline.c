/* Unit tests for the first due date and its explanation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"

/* first_due computes and explains the due date for a YYYY-MM-DD receipt. */
static char *first_due(const char *received, char due[DATE_FMT_MAX])
{
	struct date d;
	assert_true(date_parse(received, &d));
	char *json = deadline_first(d, due);
	json_t *e = json_loads(json, 0, NULL);
	assert_non_null(e);
	char *text = deadline_explain(e);
	json_decref(e);
	free(json);
	return text;
}

static void test_reference_request_weekend_moves_to_monday(void **state)
{
	(void)state;
	char due[DATE_FMT_MAX];
	char *text = first_due("2019-09-12", due);
	assert_string_equal(due, "2019-09-23");
	assert_string_equal(text, "Received Thursday September 12, 2019. 10 calendar days: "
				  "Sunday September 22, 2019, moved to the next business day: "
				  "Monday September 23, 2019.");
	free(text);
}

static void test_weekday_deadline_stays(void **state)
{
	(void)state;
	char due[DATE_FMT_MAX];
	char *text = first_due("2019-09-10", due);
	assert_string_equal(due, "2019-09-20");
	assert_string_equal(text, "Received Tuesday September 10, 2019. 10 calendar days: "
				  "Friday September 20, 2019.");
	free(text);
}

static void test_never_weekend_never_before_receipt(void **state)
{
	(void)state;
	struct date start = {2019, 1, 1};
	for (int i = 0; i < 3000; i++) {
		struct date r = date_add_days(start, i), due;
		char iso[DATE_FMT_MAX];
		free(deadline_first(r, iso));
		assert_true(date_parse(iso, &due));
		assert_true(date_diff_days(due, r) >= 10 && date_diff_days(due, r) <= 12);
		assert_true(date_weekday(due) != DATE_SAT && date_weekday(due) != DATE_SUN);
	}
}

static void test_unknown_explanation_is_refused(void **state)
{
	(void)state;
	json_t *e = json_pack("{s:s}", "rule", "cpra");
	assert_null(deadline_explain(e));
	json_decref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_request_weekend_moves_to_monday),
		cmocka_unit_test(test_weekday_deadline_stays),
		cmocka_unit_test(test_never_weekend_never_before_receipt),
		cmocka_unit_test(test_unknown_explanation_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
