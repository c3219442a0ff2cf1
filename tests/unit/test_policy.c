/* Unit tests for the policy module: every role on a request of their own
 * and of someone else's, every item level, hidden or not, released or not,
 * against tables written out in full. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "domain/policy.h"

enum { OWNER = 42, SOMEONE = 7 };

/* check fails naming the case when got is not want. */
#define check(got, want, ...)                                                   \
	do {                                                                    \
		long long got_ = (got), want_ = (want);                        \
		if (got_ != want_) {                                            \
			char case_[160];                                        \
			snprintf(case_, sizeof case_, __VA_ARGS__);             \
			fail_msg("%s: got %lld, want %lld", case_, got_, want_); \
		}                                                               \
	} while (0)

/* The viewers of the tables, in this order. */
static const struct viewer viewers[] = {
	{0, ROLE_PUBLIC},
	{SOMEONE, ROLE_REQUESTER},     /* another requester */
	{OWNER, ROLE_REQUESTER},       /* the request's requester */
	{SOMEONE, ROLE_STAFF},
	{SOMEONE, ROLE_PUBLISHER},
	{SOMEONE, ROLE_DEPARTMENT_ADMIN},
	{SOMEONE, ROLE_ADMIN},
};
enum { N_VIEWERS = sizeof viewers / sizeof viewers[0] };
static const char *const names[N_VIEWERS] = {
	"anonymous", "another requester", "the requester", "staff", "publisher",
	"department admin", "admin",
};

static void test_level_and_staff(void **state)
{
	(void)state;
	static const enum level level[N_VIEWERS] = {
		LEVEL_PUBLIC, LEVEL_PUBLIC, LEVEL_REQUESTER, LEVEL_STAFF,
		LEVEL_STAFF,  LEVEL_STAFF,  LEVEL_STAFF,
	};
	static const bool staff[N_VIEWERS] = {false, false, false, true, true, true, true};
	for (int v = 0; v < N_VIEWERS; v++) {
		check(policy_level(&viewers[v], OWNER), level[v], "level of %s", names[v]);
		check(policy_is_staff(&viewers[v]), staff[v], "%s is staff", names[v]);
	}
	/* A request without an account is nobody's own, even for id 0. */
	struct viewer anonymous = {0, ROLE_PUBLIC}, requester = {OWNER, ROLE_REQUESTER};
	check(policy_level(&anonymous, 0), LEVEL_PUBLIC, "anonymous on a request without account");
	check(policy_level(&requester, 0), LEVEL_PUBLIC, "a requester on a request without account");
	/* The level comes with the role: a public viewer that somehow carries
	 * the owner's id is still public. */
	struct viewer odd = {OWNER, ROLE_PUBLIC};
	check(policy_level(&odd, OWNER), LEVEL_PUBLIC, "a public viewer with the owner's id");
}

static void test_request(void **state)
{
	(void)state;
	/* Not published: only the requester and staff. */
	static const bool unpublished[N_VIEWERS] = {false, false, true, true, true, true, true};
	for (int v = 0; v < N_VIEWERS; v++) {
		check(policy_can_see_request(&viewers[v], OWNER, true), true,
		      "%s sees a published request", names[v]);
		check(policy_can_see_request(&viewers[v], OWNER, false), unpublished[v],
		      "%s sees an unpublished request", names[v]);
	}
}

/* The three viewer levels, for the item rules. */
static const char *const level_names[LEVEL__COUNT] = {"public", "requester", "staff"};

static void test_items(void **state)
{
	(void)state;
	/* [viewer level][item level]: visible when not hidden, when hidden. */
	static const bool shown[LEVEL__COUNT][LEVEL__COUNT][2] = {
		[LEVEL_PUBLIC] = {{true, false}, {false, false}, {false, false}},
		[LEVEL_REQUESTER] = {{true, true}, {true, true}, {false, false}},
		[LEVEL_STAFF] = {{true, true}, {true, true}, {true, true}},
	};
	for (int v = 0; v < LEVEL__COUNT; v++)
		for (int i = 0; i < LEVEL__COUNT; i++)
			for (int hidden = 0; hidden < 2; hidden++)
				check(policy_can_see_item((enum level)v, (enum level)i, hidden),
				      shown[v][i][hidden], "viewer %s, item %s, hidden %d",
				      level_names[v], level_names[i], hidden);
	static const bool sees_hidden[LEVEL__COUNT] = {false, true, true};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_sees_hidden((enum level)v), sees_hidden[v], "viewer %s sees hidden",
		      level_names[v]);
}

static void test_documents(void **state)
{
	(void)state;
	/* [viewer level][document level]: visible when released, when not
	 * released yet (staff prepare documents before releasing them). */
	static const bool shown[LEVEL__COUNT][LEVEL__COUNT][2] = {
		[LEVEL_PUBLIC] = {{true, false}, {false, false}, {false, false}},
		[LEVEL_REQUESTER] = {{true, false}, {true, false}, {false, false}},
		[LEVEL_STAFF] = {{true, true}, {true, true}, {true, true}},
	};
	for (int v = 0; v < LEVEL__COUNT; v++)
		for (int d = 0; d < LEVEL__COUNT; d++)
			for (int unreleased = 0; unreleased < 2; unreleased++)
				check(policy_can_see_document((enum level)v, (enum level)d,
							      !unreleased),
				      shown[v][d][unreleased], "viewer %s, document %s, released %d",
				      level_names[v], level_names[d], !unreleased);
}

static void test_contact(void **state)
{
	(void)state;
	static const bool contact[N_VIEWERS] = {false, false, true, true, true, true, true};
	for (int v = 0; v < N_VIEWERS; v++) {
		check(policy_can_see_contact(policy_level(&viewers[v], OWNER)), contact[v],
		      "%s sees the contact details", names[v]);
	}
}

/* An email about an event, checked again before it goes out. */
static void test_told(void **state)
{
	(void)state;
	/* A public message on a published request: everyone may be told. */
	struct policy_told t = {.published = true, .event_level = LEVEL_PUBLIC};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &t), true, "public message, viewer %s",
		      level_names[v]);
	/* Lowered to Staff since: staff only. */
	t.event_level = LEVEL_STAFF;
	static const bool staff_only[LEVEL__COUNT] = {false, false, true};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &t), staff_only[v],
		      "message lowered to Staff, viewer %s", level_names[v]);
	/* Hidden from the public: the requester and staff still. */
	t.event_level = LEVEL_PUBLIC;
	t.event_hidden = true;
	static const bool not_public[LEVEL__COUNT] = {false, true, true};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &t), not_public[v],
		      "hidden message, viewer %s", level_names[v]);
	/* An unpublished request: never the public. */
	t.event_hidden = false;
	t.published = false;
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &t), not_public[v],
		      "unpublished request, viewer %s", level_names[v]);

	/* A document release (event at Requester + Staff) naming two
	 * documents: every one of them must still be seen. */
	struct policy_told_doc docs[2] = {
		{.exists = true, .level = LEVEL_PUBLIC, .released = true},
		{.exists = true, .level = LEVEL_REQUESTER, .released = true},
	};
	struct policy_told rel = {.published = true, .event_level = LEVEL_REQUESTER,
				  .docs = docs, .n_docs = 2};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &rel), not_public[v],
		      "release of two documents, viewer %s", level_names[v]);
	/* One moved to Staff (which takes its release back). */
	docs[1] = (struct policy_told_doc){.exists = true, .level = LEVEL_STAFF, .released = false};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &rel), staff_only[v],
		      "one document moved to Staff, viewer %s", level_names[v]);
	/* One no longer there: nobody. */
	docs[1] = (struct policy_told_doc){.exists = false, .level = LEVEL_PUBLIC, .released = true};
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &rel), false,
		      "one document gone, viewer %s", level_names[v]);
	/* No document named: the event alone decides. */
	rel.n_docs = 0;
	for (int v = 0; v < LEVEL__COUNT; v++)
		check(policy_can_be_told((enum level)v, &rel), not_public[v],
		      "release naming no document, viewer %s", level_names[v]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_and_staff),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_contact),
		cmocka_unit_test(test_told),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
