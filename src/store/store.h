/* Store functions: the domain's only way to read and write the database.
 *
 * Conventions, for every store_* function:
 * - The result is an enum store_rc. On anything but STORE_OK (and
 *   STORE_NOT_FOUND, which is a normal answer), db_errmsg(db) says what went
 *   wrong. Outputs go through pointer arguments and are set only on
 *   STORE_OK.
 * - Rows come back as jansson objects (json_t), because pages render JSON
 *   view models: one key per column, named as the column. Booleans are JSON
 *   true/false; instants (*_at) are integer unix seconds (UTC); calendar
 *   days (*_date) are "YYYY-MM-DD" strings in the agency's time zone; absent
 *   values are null. The caller owns the returned reference (json_decref).
 *   Returned strings (char *) are malloc'd; the caller frees them.
 * - Secrets (password hashes, token hashes) are never part of a row: a row
 *   can go into a view model whole without leaking them.
 * - A store function that writes several rows expects its caller to hold a
 *   transaction (db_begin) that also writes the event and audit row. */
#ifndef DISCLOSE_STORE_H
#define DISCLOSE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

enum store_rc {
	STORE_OK = 0,
	STORE_NOT_FOUND, /* no such row */
	STORE_CONFLICT,  /* a unique value is taken (an email, a number) */
	STORE_INVALID,   /* a value breaks a constraint (bad role, no parent) */
	STORE_ERROR,     /* the database failed: I/O, busy, corruption */
};

/* Settings: agency-wide text values by key (agency_name, agency_timezone,
 * request_number_start, publish_default, deadline_rule_set, ...). */

/* store_setting_get sets *value to a malloc'd copy of key's value;
 * STORE_NOT_FOUND when the key is not set. */
enum store_rc store_setting_get(struct db *db, const char *key, char **value);
/* store_setting_set creates or replaces key's value; STORE_INVALID when the
 * value is not allowed for that key (publish_default 'sometimes'). */
enum store_rc store_setting_set(struct db *db, const char *key,
				const char *value);
/* store_settings_all sets *settings to an object {key: value, ...}. */
enum store_rc store_settings_all(struct db *db, json_t **settings);

/* store_rule_set sets *row to the deadline rule set {key, name, config,
 * active, preset}, active or not (requests keep counting with a rule set
 * an admin turned off); STORE_NOT_FOUND when there is none with that key. */
enum store_rc store_rule_set(struct db *db, const char *key, json_t **row);
/* store_holiday_rules sets *rows to at most max active holiday_rules rows
 * of the calendar, in the order they were added. */
enum store_rc store_holiday_rules(struct db *db, const char *calendar, int64_t max,
				  json_t **rows);
/* store_calendar_dates sets *rows to at most max calendar_dates rows
 * {date, kind, name}, the latest dates first. */
enum store_rc store_calendar_dates(struct db *db, int64_t max, json_t **rows);

/* Deadline upkeep and administration (src/domain/due.c, web/admin_deadlines.c). */

/* store_request_due_changes sets *rows to the data of every due date
 * change of the request (parsed JSON objects; every level, hidden too),
 * oldest first. */
enum store_rc store_request_due_changes(struct db *db, int64_t request_id, json_t **rows);
/* store_request_set_compliance stores the request's compliance flag text
 * (NULL: within the law). */
enum store_rc store_request_set_compliance(struct db *db, int64_t request_id,
					   const char *text);
/* store_request_pauses sets *rows to the data of every pause of the
 * request (parsed JSON objects), oldest first. */
enum store_rc store_request_pauses(struct db *db, int64_t request_id, json_t **rows);
/* store_requests_due_by_rule sets *rows to at most limit requests not
 * closed whose due date came from the rule and is on or after from:
 * [{id, number, received_at, due_date, first_due_date, due_explanation,
 * version}], by id. */
enum store_rc store_requests_due_by_rule(struct db *db, const char *from, int limit,
					 json_t **rows);
/* store_request_set_due sets a request's due date, first due date and
 * explanation as the rule gives them now, under its version (bumped);
 * STORE_NOT_FOUND when the version moved on. */
enum store_rc store_request_set_due(struct db *db, int64_t id, int64_t version,
				    const char *due, const char *first_due,
				    const char *explanation, int64_t now);
/* store_requests_newly_overdue sets *rows to at most limit open requests
 * whose deadline ended at or before now (the agency's local time,
 * "YYYY-MM-DD HH:MM") and that have no overdue event for that due date
 * yet: [{id, number, due_date, point_of_contact_id}], by id. */
enum store_rc store_requests_newly_overdue(struct db *db, const char *now, int limit,
					   json_t **rows);
/* store_rule_sets sets *rows to every rule set [{key, name, config,
 * active, preset}], presets first, then by name. */
enum store_rc store_rule_sets(struct db *db, json_t **rows);
/* store_rule_set_save creates (create) or replaces the custom rule set
 * key; STORE_CONFLICT when create finds the key taken, STORE_NOT_FOUND
 * when a replace finds no custom rule set of that key. */
enum store_rc store_rule_set_save(struct db *db, bool create, const char *key,
				  const char *name, const char *config, int64_t now);
/* store_departments_rule_sets sets *rows to the active departments
 * [{id, name, rule_set_key}] by name. */
enum store_rc store_departments_rule_sets(struct db *db, json_t **rows);
/* store_department_set_rule_set gives the department its own rule set
 * (NULL: the portal's); STORE_NOT_FOUND for no such department. */
enum store_rc store_department_set_rule_set(struct db *db, int64_t id, const char *key);
/* store_department_rule_set sets *key to the department's own rule set
 * (malloc'd); STORE_NOT_FOUND when it has none. */
enum store_rc store_department_rule_set(struct db *db, int64_t id, char **key);
/* store_holiday_calendars sets *rows to [{calendar, rules}]: every
 * calendar that has rules, by name. */
enum store_rc store_holiday_calendars(struct db *db, json_t **rows);
/* store_holiday_rules_all sets *rows to every rule of the calendar,
 * active or not: [{id, name, kind, month, day, weekday, nth, offset_days,
 * observance, first_year, last_year, active}], by month and id. */
enum store_rc store_holiday_rules_all(struct db *db, const char *calendar, json_t **rows);

struct store_holiday_rule_new {
	const char *calendar, *name, *kind, *observance;
	int64_t month, day, weekday, nth; /* day 0: none (nth_weekday); weekday
					     -1 and nth 0: none (fixed) */
	int64_t offset_days, first_year, last_year; /* years 0: unbounded */
};
/* store_holiday_rule_add adds an active rule and sets *id (may be NULL);
 * STORE_INVALID when it breaks the table's checks. */
enum store_rc store_holiday_rule_add(struct db *db, const struct store_holiday_rule_new *r,
				     int64_t *id);
/* store_holiday_rules_copy copies every rule of calendar from into a
 * calendar named to; *count is how many (may be NULL). */
enum store_rc store_holiday_rules_copy(struct db *db, const char *from, const char *to,
				       int64_t *count);
/* store_holiday_rule_get sets *row to the rule {id, calendar, name, kind,
 * ..., active}. */
enum store_rc store_holiday_rule_get(struct db *db, int64_t id, json_t **row);
/* store_holiday_rule_set_active turns a rule on or off. */
enum store_rc store_holiday_rule_set_active(struct db *db, int64_t id, bool active);
/* store_holiday_rule_update replaces the rule id's fields with r's;
 * STORE_NOT_FOUND when there is no such rule, STORE_INVALID when r breaks
 * the table's checks. */
enum store_rc store_holiday_rule_update(struct db *db, int64_t id,
					const struct store_holiday_rule_new *r);
/* store_rule_set_set_active turns the custom rule set key off or on;
 * STORE_NOT_FOUND when there is no custom rule set of that key. */
enum store_rc store_rule_set_set_active(struct db *db, const char *key, bool active,
					int64_t now);
/* store_rule_set_department sets *name to the name of a department (the
 * active ones first) whose own rule set is key, or NULL when none. */
enum store_rc store_rule_set_department(struct db *db, const char *key, char **name);
/* store_calendar_date_add adds a date (kind closed or open); STORE_CONFLICT
 * when the date is in the calendar already. */
enum store_rc store_calendar_date_add(struct db *db, const char *date, const char *kind,
				      const char *name, int64_t user_id, int64_t now);
/* store_calendar_date_get sets *row to {date, kind, name}. */
enum store_rc store_calendar_date_get(struct db *db, const char *date, json_t **row);
/* store_calendar_date_remove deletes a date; STORE_NOT_FOUND when absent. */
enum store_rc store_calendar_date_remove(struct db *db, const char *date);

/* Users. */

struct store_user_new {
	const char *email;         /* unique, compared case-insensitively */
	const char *name;
	const char *title;         /* NULL: none */
	const char *role;          /* admin, department_admin, publisher, staff,
				      requester */
	const char *password_hash; /* libsodium Argon2id string; NULL: none */
};

/* store_user_create inserts an active user and sets *id (may be NULL).
 * STORE_CONFLICT when the email is taken in any letter case; STORE_INVALID
 * for a bad role, an empty name or an email without '@'. */
enum store_rc store_user_create(struct db *db, const struct store_user_new *u,
				int64_t *id);
/* store_user_count sets *count to the number of active users with role
 * (NULL: any role). */
enum store_rc store_user_count(struct db *db, const char *role,
			       int64_t *count);
/* store_user_find_by_email sets *user to the user row (id, email, name,
 * title, role, active, email_verified_at, phone, address, organisation,
 * created_at, updated_at, last_login_at) whose email matches in any letter
 * case; STORE_NOT_FOUND when none. */
enum store_rc store_user_find_by_email(struct db *db, const char *email,
				       json_t **user);
/* store_user_password_hash sets *hash to a malloc'd copy of the user's
 * password hash, for verification only; STORE_NOT_FOUND when the user does
 * not exist or has no password. */
enum store_rc store_user_password_hash(struct db *db, int64_t user_id,
				       char **hash);

/* store_user_get sets *user to {id, email, name, title, role, active,
 * email_verified_at}. */
enum store_rc store_user_get(struct db *db, int64_t id, json_t **user);

/* Departments. */

/* store_department_create inserts an active department, sets *id. */
enum store_rc store_department_create(struct db *db, const char *name,
				      const char *short_name, int64_t *id);
/* store_departments sets *rows to [{id, name, short_name}] by name. */
enum store_rc store_departments(struct db *db, json_t **rows);
/* store_user_department_add puts a user in a department (idempotent). */
enum store_rc store_user_department_add(struct db *db, int64_t user_id,
					int64_t department_id);

/* Requests. */

struct store_request_new {
	int year;                   /* four digits, of the local receipt date */
	int64_t seq_start;          /* first number of a new year's sequence */
	const char *description;
	const char *records_from_date, *records_to_date; /* NULL: none */
	const char *preferred_format;
	const char *status;         /* open, paused, closed */
	int64_t published_at;       /* 0: not published */
	int64_t received_at;
	const char *channel;
	const char *due_date, *due_explanation;
	const char *first_due_date; /* NULL: the same as due_date */
	int due_end_minute;         /* when the deadline ends on its due date,
				       minutes after local midnight; 0: with
				       the day (deadline_rules.ends_min) */
	int64_t point_of_contact_id; /* 0: none */
	int64_t requester_id;        /* 0: no account */
	const char *requester_name, *requester_email, *requester_phone,
		*requester_address, *requester_organisation;
	int64_t created_by;          /* 0: the requester, on the web */
	int64_t closed_at, paused_at; /* with status closed / paused */
	int64_t now;
};

/* store_request_create takes the year's next number and inserts the
 * request and its search item. Sets *id and number ("19-5156"). Needs the
 * caller's transaction. */
enum store_rc store_request_create(struct db *db, const struct store_request_new *r,
				   int64_t *id, char number[static 24]);
/* store_request_by_number sets *row to the request (every column but
 * secrets, plus point_of_contact_name/_title). */
enum store_rc store_request_by_number(struct db *db, const char *number,
				      json_t **row);
enum store_rc store_request_department_add(struct db *db, int64_t request_id,
					   int64_t department_id);
/* store_request_departments sets *rows to [{id, name, short_name}]. */
enum store_rc store_request_departments(struct db *db, int64_t request_id,
					json_t **rows);

struct store_event_new {
	int64_t request_id;
	const char *kind, *level;
	int64_t actor_id;             /* 0: none */
	bool actor_is_requester;
	const char *actor_name, *actor_title; /* byline as written at the time */
	int64_t created_at;
	const char *body;             /* Markdown, NULL: none */
	const char *data;             /* JSON text, NULL: none */
};

/* store_event_add appends an event and indexes its body for search (the
 * public index only when the public may see it). Sets *id (may be NULL). */
enum store_rc store_event_add(struct db *db, const struct store_event_new *e,
			      int64_t *id);
/* store_request_events sets *rows to the events at or below max_level
 * (0 public, 1 requester, 2 staff), hidden ones only with include_hidden,
 * newest first. */
enum store_rc store_request_events(struct db *db, int64_t request_id, int max_level,
				   bool include_hidden, json_t **rows);
/* store_request_documents sets *rows to the current documents at or below
 * max_level, oldest first: [{id, level, kind, title, description,
 * filename, content_type, size, url, instructions, created_at,
 * released_at, download_count, text_status}]. Whether an unreleased one may be shown is the policy's
 * call (policy_can_see_document). */
enum store_rc store_request_documents(struct db *db, int64_t request_id,
				      int max_level, json_t **rows);
/* Documents (documents.c). A row (store_document_get, the lists) has the
 * document's columns {id, request_id, level, kind, title, description,
 * filename, content_type, size, sha256 (hex), url, instructions,
 * replaced_by_id, text_status, uploaded_by, created_at, released_at,
 * download_count} and its request's {number, requester_id, published};
 * store_document_get adds storage_path. */

struct store_document_new {
	int64_t request_id;
	const char *level, *kind; /* kind: file, link, offline */
	const char *title, *description;
	/* file */
	const char *filename, *content_type, *storage_path;
	int64_t size;
	const unsigned char *sha256; /* 32 bytes */
	const char *url;          /* link */
	const char *instructions; /* offline */
	const char *text_status;  /* pending (a file to read) or none */
	int64_t uploaded_by;      /* 0: nobody (an import) */
	int64_t created_at;
	int64_t released_at;      /* 0: not released */
};

/* store_document_add inserts a document and its search item; sets *id
 * (may be NULL). Needs the caller's transaction. */
enum store_rc store_document_add(struct db *db, const struct store_document_new *d,
				 int64_t *id);
enum store_rc store_document_get(struct db *db, int64_t id, json_t **row);
/* store_document_set_level sets the level and the release time (0: not
 * released). The caller then calls store_search_reindex. */
enum store_rc store_document_set_level(struct db *db, int64_t id, const char *level,
				       int64_t released_at);
/* store_document_replace marks old_id replaced by new_id and moves it to
 * level staff; STORE_NOT_FOUND when it was replaced already. */
enum store_rc store_document_replace(struct db *db, int64_t old_id, int64_t new_id);
/* store_document_downloaded adds one to the download count. */
enum store_rc store_document_downloaded(struct db *db, int64_t id);
/* store_document_set_text saves the extracted text (status done or failed)
 * and indexes it again. */
enum store_rc store_document_set_text(struct db *db, int64_t id, const char *status,
				      const char *text);
/* store_document_versions sets *rows to the versions id replaced, newest
 * first. */
enum store_rc store_document_versions(struct db *db, int64_t id, json_t **rows);
/* store_documents_pending_text sets *rows to [{id}] of at most limit
 * documents whose text is still to be extracted, oldest first. */
enum store_rc store_documents_pending_text(struct db *db, int64_t limit, json_t **rows);

/* What the documents list shows: the viewer (the visibility rule is
 * applied in SQL), the filters (0 or NULL: none), the page. */
struct store_document_filter {
	int64_t viewer_id;  /* 0: anonymous */
	bool staff;
	int64_t request_id, department_id;
	int64_t from, before; /* unix seconds; before 0: no end */
	const char *kind;      /* file, link, offline */
	const char *type_glob; /* content type pattern, "image/..." (GLOB) */
	const char *text;      /* words to find (title, description, text) */
	int64_t limit, offset;
};

/* store_documents_index sets *rows to the current documents the viewer may
 * see, newest first, filtered. */
enum store_rc store_documents_index(struct db *db, const struct store_document_filter *f,
				    json_t **rows);
/* store_request_file_usage: the bytes of the request's current files and
 * the number of its current documents. */
enum store_rc store_request_file_usage(struct db *db, int64_t request_id, int64_t *bytes,
				       int64_t *count);
/* store_request_files sets *rows to the current files at or below
 * max_level {id, level, filename, size, created_at, released_at,
 * storage_path}, oldest first. */
enum store_rc store_request_files(struct db *db, int64_t request_id, int max_level,
				  json_t **rows);

/* store_search_reindex recomputes which of the request's items the public
 * may find (after publishing, hiding, a level change). */
enum store_rc store_search_reindex(struct db *db, int64_t request_id);
/* store_search_rebuild decides again which items the public may find, for
 * every item, and rebuilds both full-text indexes from their content: the
 * repair after a bug in the index's upkeep or a change made to the
 * database by hand. Run it in a transaction. */
enum store_rc store_search_rebuild(struct db *db);

/* The public archive (published requests only). */

/* What the archive and search results are narrowed to. */
struct store_archive_filter {
	const char *status;       /* NULL (any), open, paused, closed, overdue, due_soon */
	const char *due_from, *due_to; /* overdue, due_soon: when their
					  deadlines end, local "YYYY-MM-DD
					  HH:MM" ("24:00": with the day),
					  after due_from, by due_to */
	int64_t department_id;    /* 0: any */
	int64_t received_from, received_before; /* instants [from, before); 0: unbounded */
	bool flagged;             /* only requests with a compliance flag */
};

struct store_archive_query {
	struct store_archive_filter filter;
	bool oldest;              /* oldest first; newest first otherwise */
	int64_t after_received_at, after_id; /* keyset of the last row shown;
						after_id 0: the first page */
	int limit;
};
/* store_archive sets *rows to [{id, number, status, description,
 * received_at, due_date, closed_at}] in received order, then id; each
 * filter pages through an index of its own (no OFFSET), so any page is as
 * fast as the first. */
enum store_rc store_archive(struct db *db, const struct store_archive_query *q,
			    json_t **rows);

/* store_departments_of_requests sets *rows to [{request_id, id, name,
 * short_name}] for the n requests in ids (one query), by request id, then
 * department name. */
enum store_rc store_departments_of_requests(struct db *db, const int64_t *ids,
					    size_t n, json_t **rows);

/* Full-text search over the public index (or, for staff, everything). */
enum { STORE_SEARCH_WORDS_MAX = 12 };

struct store_search_query {
	const char *text;         /* the user's words, any text: never FTS5 syntax */
	bool staff;
	struct store_archive_filter filter;
	int64_t before_item;      /* continue below this item id; 0: from the newest */
	int limit;
};
/* store_search sets *rows to one row per matching request that passes the
 * filter, in the order of its newest matching item, newest first: {item,
 * kind (request, event, document: what matched), id, number, status,
 * description, received_at, due_date, closed_at, snippet}. The snippet
 * marks matches with the bytes 0x02 ... 0x03 around them. A request shown
 * on an earlier page (a match at or above before_item) is not repeated.
 * *next_item is the before_item of the next page, 0 when there is none.
 * The words of text (at most STORE_SEARCH_WORDS_MAX) must all match.
 * A page reads a bounded number of matches: when a narrow filter leaves
 * fewer than limit rows among them, *rows is short and *next_item goes
 * on. STORE_INVALID when text has no word to look for. */
enum store_rc store_search(struct db *db, const struct store_search_query *q,
			   json_t **rows, int64_t *next_item);

/* Home page figures over published requests: open now (open or paused),
 * closed since an instant, and the median seconds from receipt to closure
 * of those (0 when none closed). */
enum store_rc store_public_figures(struct db *db, int64_t closed_since,
				   int64_t *open, int64_t *closed,
				   int64_t *median_seconds);

/* Audit: who did what to which request, before and after (JSON text). */
struct store_audit_new {
	int64_t actor_id;
	const char *action;
	int64_t request_id; /* 0: none */
	const char *target_type;
	int64_t target_id;
	const char *before_json, *after_json, *ip;
	int64_t at;
};
enum store_rc store_audit_add(struct db *db, const struct store_audit_new *a);

/* Sign-in: keys, sessions, failed attempts, single-use links, outgoing
 * mail. Tokens are never stored: only their STORE_HASH_BYTES hash. */
enum { STORE_HASH_BYTES = 32 };

/* store_secret sets key to the server key named name. When there is none
 * yet, candidate (fresh random bytes) is stored first; the first writer
 * wins, so every process gets the same key. */
enum store_rc store_secret(struct db *db, const char *name,
			   const unsigned char candidate[STORE_HASH_BYTES],
			   unsigned char key[STORE_HASH_BYTES]);

struct store_session_new {
	const unsigned char *token_hash;
	int64_t user_id;
	int64_t now;        /* created_at and last_seen_at */
	int64_t expires_at; /* the absolute end */
	const char *ip, *user_agent; /* NULL: unknown */
};
enum store_rc store_session_create(struct db *db, const struct store_session_new *s);
/* store_session_find sets *row to {id, user_id, created_at, last_seen_at,
 * expires_at, role, name, active} (role, name and active are the user's). */
enum store_rc store_session_find(struct db *db, const unsigned char *token_hash,
				 json_t **row);
/* store_session_touch records that the session was used at now. */
enum store_rc store_session_touch(struct db *db, int64_t id, int64_t now);
/* Ending sessions: one by its token, one by id, all of a user's, and
 * every session past its absolute end. Deleting nothing is STORE_OK. */
enum store_rc store_session_delete(struct db *db, const unsigned char *token_hash);
enum store_rc store_session_delete_id(struct db *db, int64_t id);
enum store_rc store_sessions_delete_user(struct db *db, int64_t user_id);
enum store_rc store_sessions_purge(struct db *db, int64_t now);

/* Failed attempts under a key ("account:ada@example.org", "ip:10.0.0.1"):
 * add one at an instant; count those after since (and the oldest of them,
 * 0 when none); forget a key's; forget every one at or before an instant. */
enum store_rc store_login_attempt_add(struct db *db, const char *key, int64_t at);
enum store_rc store_login_attempts(struct db *db, const char *key, int64_t since,
				   int64_t *count, int64_t *oldest);
enum store_rc store_login_attempts_clear(struct db *db, const char *key);
enum store_rc store_login_attempts_purge(struct db *db, int64_t before);

struct store_token_new {
	const char *purpose; /* login_link, password_reset, email_verify */
	const unsigned char *token_hash;
	int64_t user_id;     /* 0: an address without an account */
	const char *email;   /* NULL when user_id is set */
	const char *data;    /* JSON text or NULL */
	int64_t now, expires_at;
};
enum store_rc store_token_create(struct db *db, const struct store_token_new *t);
/* store_token_peek sets *row to {id, user_id, email} of an unused,
 * unexpired token of that purpose; STORE_NOT_FOUND otherwise.
 * store_token_use does the same and marks it used, atomically: of two
 * concurrent uses only one finds it. */
enum store_rc store_token_peek(struct db *db, const char *purpose,
			       const unsigned char *token_hash, int64_t now, json_t **row);
enum store_rc store_token_use(struct db *db, const char *purpose,
			      const unsigned char *token_hash, int64_t now, json_t **row);

/* store_outbox_add queues a plain-text message, to be sent at once, and
 * sets *id (may be NULL). */
enum store_rc store_outbox_add(struct db *db, const char *to, const char *subject,
			       const char *body_text, int64_t now, int64_t *id);

/* Account changes. store_user_verify_email keeps the first verification
 * time. Each is STORE_OK also when no row matched (check with
 * store_user_get first where that matters). */
enum store_rc store_user_set_password(struct db *db, int64_t id, const char *password_hash,
				      int64_t now);
enum store_rc store_user_verify_email(struct db *db, int64_t id, int64_t now);
enum store_rc store_user_logged_in(struct db *db, int64_t id, int64_t now);
/* store_user_update sets name, title (NULL: none) and role;
 * STORE_INVALID for an unknown role or an empty name. */
enum store_rc store_user_update(struct db *db, int64_t id, const char *name,
				const char *title, const char *role, int64_t now);
enum store_rc store_user_set_active(struct db *db, int64_t id, bool active, int64_t now);
/* store_user_departments sets *rows to the user's [{id, name, short_name}]
 * by name; store_user_departments_clear takes the user out of all. */
enum store_rc store_user_departments(struct db *db, int64_t id, json_t **rows);
enum store_rc store_user_departments_clear(struct db *db, int64_t id);
/* store_users_list sets *rows to [{id, email, name, title, role, active,
 * last_login_at, departments ("A, B" or null)}]: requester accounts or
 * staff accounts, active first, by name. */
enum store_rc store_users_list(struct db *db, bool requesters, int limit, int offset,
			       json_t **rows);

/* A requester's requests. */

/* store_requests_attach gives the requests made with email and no account
 * to user_id; *count is how many (may be NULL). */
enum store_rc store_requests_attach(struct db *db, int64_t user_id, const char *email,
				    int64_t *count);
/* store_requester_name_by_email: the name given with the latest request
 * made with that address (malloc'd); STORE_NOT_FOUND when none. */
enum store_rc store_requester_name_by_email(struct db *db, const char *email, char **name);
/* store_requests_of_requester sets *rows to the account's requests, newest
 * first: [{id, number, status, description, received_at, due_date,
 * closed_at, published, latest_body, latest_at}], where latest_* is the
 * newest event with a body at or below max_level (hidden ones only with
 * include_hidden), or null. */
enum store_rc store_requests_of_requester(struct db *db, int64_t user_id, int max_level,
					  bool include_hidden, int limit, int offset,
					  json_t **rows);
enum store_rc store_requests_of_requester_count(struct db *db, int64_t user_id,
						int64_t *count);

/* The staff workspace. */

/* What store_request_update changes; the rest stays. */
struct store_request_change {
	bool set_contact;
	int64_t contact_id;       /* with set_contact; 0: none */
	const char *due_date;     /* NULL: unchanged; else it becomes manual */
	bool due_by_rule;         /* with due_date: it keeps its source (a
				     pause moved it by the rule) */
	bool set_published;
	bool published;           /* with set_published */
	const char *status;       /* NULL: unchanged; "closed" (closed_at now),
				     "paused" (paused_at now) or "open"
				     (reopened, resumed) */
	int64_t paused_days;      /* added to paused_days_total */
};
/* store_request_update applies ch to the request id if it is still at
 * version, and bumps the version (every call does, even with nothing to
 * change). STORE_NOT_FOUND when the version moved on (or no such id). */
enum store_rc store_request_update(struct db *db, int64_t id, int64_t version,
				   const struct store_request_change *ch, int64_t now);
/* store_department_get sets *row to {id, name, short_name,
 * default_contact_id, active}. */
enum store_rc store_department_get(struct db *db, int64_t id, json_t **row);
/* store_staff_users sets *rows to the active staff accounts [{id, name,
 * title}] by name, at most limit. */
enum store_rc store_staff_users(struct db *db, int limit, json_t **rows);
/* store_request_changes sets *rows to the newest staff actions on a
 * request (audit actions "request.*"), newest first: [{action, at,
 * before_json, after_json, actor_name}]. */
enum store_rc store_request_changes(struct db *db, int64_t request_id, int limit,
				    json_t **rows);

/* A staff queue: every request, published or not. */
struct store_queue_query {
	const char *queue;   /* mine, departments, unassigned, due_soon,
				overdue, paused, closed, all; tasks (the
				viewer's open tasks) */
	int64_t user_id;     /* mine, departments, tasks: the viewer */
	const char *now;     /* the agency's local time, "YYYY-MM-DD HH:MM":
				overdue, the deadlines ended at or before it;
				due_soon, those ending after it */
	const char *soon_until; /* the last day of due_soon */
	int64_t closed_since;   /* closed: closed at or after */
	const char *sort;    /* due, received, number */
	bool descending;
	/* Filters on the request, each 0 or NULL for any. */
	int64_t department_id;
	const char *status;  /* open, paused, closed */
	const char *channel;
	int64_t contact_id;
	bool flagged;        /* only requests with a compliance flag */
	int limit, offset;
};
/* store_staff_queue sets *rows to the queue's requests [{id, number,
 * status, description, received_at, channel, due_date, due_end_minute, closed_at,
 * published, version}] in the order asked (ties by number), at most limit
 * from offset, and *count to how many it holds (ties by received date go
 * by id in "all" without filters, which reads that order and the number's
 * from their indexes). For the queue "tasks" the
 * rows are tasks as store_request_tasks gives them, with their request's
 * number, request_status and request_version. STORE_INVALID for an
 * unknown queue. */
enum store_rc store_staff_queue(struct db *db, const struct store_queue_query *q,
				json_t **rows, int64_t *count);

/* Closure reasons and message templates: the wording staff reuse. Both
 * come as rows {id, label, text, citations, active, sort}: a reason's
 * label, the text the requester reads and its legal citations; a
 * template's name, its body (Markdown) and citations null. */
enum store_wording { STORE_REASON, STORE_TEMPLATE };

struct store_wording_new {
	const char *label, *text;
	const char *citations; /* reasons only; NULL: none */
	int64_t sort;          /* lists are in sort order, then by label */
};
/* store_wordings sets *rows to at most limit reasons or templates (the
 * active ones only, or all) in their order. */
enum store_rc store_wordings(struct db *db, enum store_wording kind, bool active_only,
			     int limit, json_t **rows);
enum store_rc store_wording_get(struct db *db, enum store_wording kind, int64_t id,
				json_t **row);
/* store_wording_save changes the row *id, or adds one when *id is 0 and
 * sets *id. STORE_CONFLICT when another row has the label; STORE_NOT_FOUND
 * when there is no row *id. */
enum store_rc store_wording_save(struct db *db, enum store_wording kind, int64_t *id,
				 const struct store_wording_new *w, int64_t now);
enum store_rc store_wording_set_active(struct db *db, enum store_wording kind, int64_t id,
				       bool active, int64_t now);
/* store_request_closure_reasons_set makes the n reasons the request's
 * closure reasons (replacing those of an earlier closure). Needs the
 * caller's transaction. */
enum store_rc store_request_closure_reasons_set(struct db *db, int64_t request_id,
						const int64_t *reason_ids, size_t n);
/* store_request_closure_reasons sets *rows to the request's [{id, label}]. */
enum store_rc store_request_closure_reasons(struct db *db, int64_t request_id, json_t **rows);

/* The audit log, newest first, narrowed and paged (keyset (at, id)). */
struct store_audit_query {
	int64_t actor_id, request_id; /* 0: any */
	const char *action;           /* NULL: any */
	int64_t from, before;         /* at in [from, before); before 0: no end */
	int64_t after_at, after_id;   /* the last row shown; after_id 0: first page */
	int limit;
};
/* store_audit_list sets *rows to [{id, at, action, actor_id, actor_name,
 * request_id, request_number, target_type, target_id, before_json,
 * after_json}]. */
enum store_rc store_audit_list(struct db *db, const struct store_audit_query *q, json_t **rows);
/* Editing the record (edits.c). Each needs the caller's transaction, which
 * also bumps the request's version and writes the event and audit row. */

/* An item's text or visibility changes in three steps:
 * store_search_item_unindex takes the item (kind request, event or
 * document) out of both indexes as it is indexed now, the caller changes
 * the text, level or hidden flag, then store_search_item_index decides
 * again whether the public may find it and adds it back (listing it for
 * search first when it was not). */
enum store_rc store_search_item_unindex(struct db *db, const char *kind, int64_t item_id);
enum store_rc store_search_item_index(struct db *db, const char *kind, int64_t item_id,
				      int64_t request_id);
/* store_request_set_description replaces the text; the first replacement
 * keeps the text as received in original_description. Search: see above. */
enum store_rc store_request_set_description(struct db *db, int64_t request_id,
					    const char *description);
/* store_request_text_history sets *original to {original_description
 * (null until the text was edited), received_at} and *edits to the text's
 * edits, oldest first, at most limit: [{id, actor_name, actor_title,
 * created_at, body (the reason), description (the text it became)}].
 * For staff only: the original may hold what was taken out. */
enum store_rc store_request_text_history(struct db *db, int64_t request_id, int limit,
					 json_t **original, json_t **edits);
/* store_event_get sets *row to the request's event {id, request_id, kind,
 * level, hidden, hidden_reason, hidden_at, actor_is_requester, created_at,
 * body, edited_at}; STORE_NOT_FOUND when it is not one of the request's. */
enum store_rc store_event_get(struct db *db, int64_t request_id, int64_t event_id,
			      json_t **row);
/* What store_event_update changes; NULL and false leave a field. */
struct store_event_change {
	const char *kind, *level;
	bool set_hidden, hidden;  /* hidden with its reason, by and at; shown
				     again clears them */
	const char *hidden_reason;
	int64_t hidden_by, hidden_at;
	const char *body;         /* sets edited_at */
	int64_t edited_at;
};
enum store_rc store_event_update(struct db *db, int64_t request_id, int64_t event_id,
				 const struct store_event_change *ch);
/* Support staff: add (STORE_CONFLICT when there already), remove
 * (STORE_NOT_FOUND when not there), list [{id, name, title}] by name. */
enum store_rc store_support_staff_add(struct db *db, int64_t request_id, int64_t user_id);
enum store_rc store_support_staff_remove(struct db *db, int64_t request_id, int64_t user_id);
enum store_rc store_request_support_staff(struct db *db, int64_t request_id, json_t **rows);
/* store_request_department_remove: STORE_NOT_FOUND when not assigned. */
enum store_rc store_request_department_remove(struct db *db, int64_t request_id,
					      int64_t department_id);
/* store_departments_admin sets *rows to every department [{id, name,
 * short_name, active, default_contact_id, default_contact_name}] by name;
 * store_department_set_contact sets its default point of contact (0:
 * none); STORE_NOT_FOUND for an unknown department. */
enum store_rc store_departments_admin(struct db *db, json_t **rows);
enum store_rc store_department_set_contact(struct db *db, int64_t id, int64_t user_id,
					   int64_t now);
/* Tasks: a department or a person asked to do something on a request. */
struct store_task_new {
	int64_t request_id;
	int64_t user_id, department_id; /* the assignee: exactly one is set */
	const char *description;
	const char *due_date; /* YYYY-MM-DD or NULL */
	int64_t created_by, now;
};
/* store_task_add adds an open task and sets *id. */
enum store_rc store_task_add(struct db *db, const struct store_task_new *t, int64_t *id);
/* store_task_get sets *row to {id, request_id, description, due_date,
 * status (open, done), done_note, done_at, created_at, assignee_user_id,
 * assignee_user_name, assignee_department_id, assignee_department_name,
 * created_by, created_by_name, done_by_name}; STORE_NOT_FOUND when there is none. */
enum store_rc store_task_get(struct db *db, int64_t id, json_t **row);
/* store_task_done marks an open task done; STORE_NOT_FOUND when it is not
 * open (any more). */
enum store_rc store_task_done(struct db *db, int64_t id, const char *note, int64_t by,
			      int64_t now);
/* store_request_tasks sets *rows to a request's tasks (store_task_get's
 * rows), open ones first by due date, at most limit. */
enum store_rc store_request_tasks(struct db *db, int64_t request_id, int limit, json_t **rows);
/* Background jobs (see src/worker/worker.h). */

struct store_job_new {
	const char *kind;       /* a kind listed in src/worker/jobs.c */
	const char *payload;    /* a JSON object; NULL: {} */
	int64_t run_at;         /* not before (unix seconds) */
	int64_t max_attempts;   /* 0: 5 */
	const char *unique_key; /* NULL: none; else the job is queued once ever */
	int64_t now;
};
/* store_job_enqueue queues a job, in the caller's transaction when there
 * is one. *id (may be NULL) is the new job's id, or 0 when a job with the
 * same unique_key exists already (then nothing changes). */
enum store_rc store_job_enqueue(struct db *db, const struct store_job_new *j, int64_t *id);

/* A claimed job: the worker holds it until now + lease. */
struct store_job {
	int64_t id;
	char kind[64];
	char *payload;   /* malloc'd JSON text */
	int64_t attempts; /* including this one: the lease's token */
	int64_t max_attempts;
};
/* store_job_claim leases the oldest due queued job, in one statement, so
 * two workers never hold the same job; STORE_NOT_FOUND when none is due.
 * The caller frees job->payload. */
enum store_rc store_job_claim(struct db *db, int64_t now, int64_t lease,
			      struct store_job *job);
/* store_job_finish ends a claimed job: done (error NULL), failed for good
 * (retry_at 0) or queued again at retry_at with the error. STORE_NOT_FOUND
 * when the lease was lost (another worker holds the job now). */
enum store_rc store_job_finish(struct db *db, const struct store_job *job, int64_t now,
			       const char *error, int64_t retry_at);
/* store_job_get sets *row to the job (every column). */
enum store_rc store_job_get(struct db *db, int64_t id, json_t **row);

/* Outgoing email (src/worker/mailer.c sends it). */

struct store_mail_new {
	const char *to, *subject, *body_text;
	const char *body_html;    /* NULL: text only */
	const char *headers_json; /* {"to_name", "reply_to", "thread_id",
				     "unsubscribe_url", "kind"}, or NULL */
	const char *message_id;   /* without <>; unique */
	int64_t request_id, event_id; /* 0: none */
	int64_t now;
	int64_t recipient_id;     /* the account it is for; 0: none */
};
/* store_outbox_enqueue queues an email to be sent now, in the caller's
 * transaction, and sets *id (may be NULL). */
enum store_rc store_outbox_enqueue(struct db *db, const struct store_mail_new *m, int64_t *id);
/* store_outbox_claim leases the oldest due email (queued, or sending with
 * an expired lease) until now + lease in one statement, and sets *row to
 * {id, to_addr, subject, body_text, body_html, headers_json, message_id,
 * request_id, event_id, attempts, created_at}; STORE_NOT_FOUND when none is
 * due. */
enum store_rc store_outbox_claim(struct db *db, int64_t now, int64_t lease, json_t **row);
enum store_outbox_end {
	STORE_OUTBOX_SENT, STORE_OUTBOX_RETRY, STORE_OUTBOX_FAILED, STORE_OUTBOX_WITHDRAWN
};
/* store_outbox_finish ends the lease of the claim whose attempts count is
 * attempts: sent at `at`, queued again for `at` with error, failed with
 * error, or withdrawn (not sent, kept) with error as the reason.
 * STORE_NOT_FOUND when the lease was lost. */
enum store_rc store_outbox_finish(struct db *db, int64_t id, int64_t attempts,
				  enum store_outbox_end end, int64_t at, const char *error);
/* store_outbox_requeue queues a failed email again (its give-up period
 * counts from now); STORE_NOT_FOUND when it is not a failed email. */
enum store_rc store_outbox_requeue(struct db *db, int64_t id, int64_t now);
/* store_outbox_failed sets *rows to the newest failed emails [{id, to_addr,
 * subject, attempts, last_error, created_at, request_number}], at most
 * limit, and *counts to {waiting, sent, failed, withdrawn}. */
enum store_rc store_outbox_failed(struct db *db, int limit, json_t **rows, json_t **counts);
/* store_outbox_withdrawn sets *rows to the newest withdrawn emails [{id,
 * to_addr, subject, last_error, created_at, request_number}], at most
 * limit. */
enum store_rc store_outbox_withdrawn(struct db *db, int limit, json_t **rows);
/* store_outbox_told sets *row to what the email about an event (id) tells,
 * as it is now, and who gets it: {event_kind, event_level, event_hidden,
 * event_data, published, requester_id, to_requester (its address is the
 * request's requester's), user_id, user_role, user_active (the account it
 * was queued for, else the one with its address; NULL: none)};
 * STORE_NOT_FOUND when it is about no event. */
enum store_rc store_outbox_told(struct db *db, int64_t id, json_t **row);
/* store_told_documents sets *rows to the documents an event's data names
 * ({"documents": [ids]}), as they are now: [{named (the id named), id
 * (NULL: no longer there), level, released_at}]. */
enum store_rc store_told_documents(struct db *db, const char *event_data, json_t **rows);
/* store_digest_items_done marks the user's digest items up to
 * last_item_id as done without a digest (every one was left out). */
enum store_rc store_digest_items_done(struct db *db, int64_t user_id, int64_t last_item_id,
				      int64_t now);

/* Notifications. */

/* store_notify_request sets *row to what notifications say of a request:
 * {id, number, description, status, due_date, received_at, requester_id,
 * requester_name, requester_email, point_of_contact_id}. */
enum store_rc store_notify_request(struct db *db, int64_t id, json_t **row);
/* store_notify_prefs sets *prefs to the user's choices {kind: delivery}. */
enum store_rc store_notify_prefs(struct db *db, int64_t user_id, json_t **prefs);
/* store_notify_pref_set records a choice (immediate, digest or none). */
enum store_rc store_notify_pref_set(struct db *db, int64_t user_id, const char *kind,
				    const char *delivery, int64_t now);
/* store_notify_events sets *rows to the request's events created at or
 * after since that no one looked at yet (at most 50, oldest first): {id,
 * kind, level, hidden, actor_id, actor_is_requester, actor_name,
 * created_at, body, data}. store_notify_event reads one such event (plus
 * request_id); STORE_NOT_FOUND when it was looked at already. */
enum store_rc store_notify_events(struct db *db, int64_t request_id, int64_t since,
				  json_t **rows);
enum store_rc store_notify_event(struct db *db, int64_t event_id, json_t **row);
/* store_notify_event_done records that the event was looked at. */
enum store_rc store_notify_event_done(struct db *db, int64_t event_id, int64_t now);

enum store_people {
	STORE_PEOPLE_DEPARTMENTS, /* staff of the request id's departments
				     (department_id: only that one; 0: all) */
	STORE_PEOPLE_TEAM,        /* the request id's point of contact and
				     support staff */
	STORE_PEOPLE_ADMINS,      /* every admin */
	STORE_PEOPLE_TASK,        /* the task id's assignee, or its
				     department's staff */
};
/* store_notify_people sets *rows to active staff accounts [{id, email,
 * name, role}]. */
enum store_rc store_notify_people(struct db *db, enum store_people which, int64_t id,
				  int64_t department_id, json_t **rows);

struct store_digest_item {
	int64_t user_id;
	const char *kind;
	int64_t request_id, event_id; /* 0: none */
	const char *subject, *body_text;
	int64_t now;
};
/* store_digest_add keeps a notification for the user's next digest. */
enum store_rc store_digest_add(struct db *db, const struct store_digest_item *d);
/* store_digest_users sets *rows to [{user_id}]: people with items waiting,
 * or in charge (point of contact) of open requests due by due_by. */
enum store_rc store_digest_users(struct db *db, const char *due_by, json_t **rows);
/* store_digest_items sets *rows to the user's waiting items [{id, kind,
 * subject, body_text, request_number, event_level, event_hidden}] (the
 * event's level and hidden flag as they are now, null without an event),
 * oldest first, at most limit. */
enum store_rc store_digest_items(struct db *db, int64_t user_id, int limit, json_t **rows);
/* store_digest_reminders sets *rows to the open requests the user is the
 * point of contact of, due by due_by [{number, description, due_date}]. */
enum store_rc store_digest_reminders(struct db *db, int64_t user_id, const char *due_by,
				     int limit, json_t **rows);
/* store_digest_sent records the user's digest of day (STORE_CONFLICT: one
 * was made that day already) and marks their items up to last_item_id (0:
 * none) as sent. */
enum store_rc store_digest_sent(struct db *db, int64_t user_id, const char *day,
				int64_t last_item_id, int64_t outbox_id, int64_t now);

/* store_optout_set turns the requester's emails about a request off (off)
 * or on again; store_optout_get reads it. */
enum store_rc store_optout_set(struct db *db, int64_t request_id, bool off, int64_t now);
enum store_rc store_optout_get(struct db *db, int64_t request_id, bool *off);
/* Incoming mail (disclose mail-in) and the staff's holding queue. */

/* store_inbound_add stores a message as received (raw[0..len), size the
 * bytes that arrived) with status queued, in its own statement: nothing
 * else needs to succeed for it to be kept. Sets *id. */
enum store_rc store_inbound_add(struct db *db, const void *raw, size_t len, int64_t size,
				int64_t now, int64_t *id);

/* What processing found (NULL strings, 0 ids: none). */
struct store_inbound_result {
	const char *message_id, *in_reply_to, *from_addr, *from_name, *to_addr, *subject;
	const char *body_text, *full_text, *attachments_json;
	const char *status; /* accepted, held, rejected */
	const char *reason, *reason_detail;
	int64_t request_id, event_id, now;
};
enum store_rc store_inbound_processed(struct db *db, int64_t id,
				      const struct store_inbound_result *r);
/* store_inbound_failed marks a stored message that could not be processed
 * ('failed', shown to staff with the held ones). */
enum store_rc store_inbound_failed(struct db *db, int64_t id, const char *error, int64_t now);
/* store_inbound_resolve ends a held (or failed) message: status accepted
 * (posted on request_id as event_id) or rejected (discarded), by user_id.
 * STORE_NOT_FOUND when it is not waiting for staff (any more). */
enum store_rc store_inbound_resolve(struct db *db, int64_t id, const char *status,
				    int64_t request_id, int64_t event_id, int64_t user_id,
				    int64_t now);
/* store_inbound_get sets *row to the message without its raw bytes: {id,
 * received_at, message_id, in_reply_to, from_addr, from_name, to_addr,
 * subject, body_text, full_text, attachments_json, status, reason,
 * reason_detail, request_id, request_number, event_id, size, raw_size,
 * resolved_by, resolved_by_name, processed_at}. */
enum store_rc store_inbound_get(struct db *db, int64_t id, json_t **row);
/* store_inbound_raw sets *data (malloc'd) and *len to the raw message. */
enum store_rc store_inbound_raw(struct db *db, int64_t id, char **data, size_t *len);
/* store_inbound_list sets *rows to the newest messages whose status is one
 * of statuses (NULL-terminated), at most limit: [{id, received_at,
 * from_addr, from_name, subject, text (the first text_max characters),
 * status, reason, reason_detail, request_number}], and *count to how many
 * there are. */
enum store_rc store_inbound_list(struct db *db, const char *const *statuses, int limit,
				 int text_max, json_t **rows, int64_t *count);
/* store_inbound_duplicate: whether a message with message_id was posted on
 * the request already (an MTA delivering twice). */
enum store_rc store_inbound_duplicate(struct db *db, const char *message_id,
				      int64_t request_id, bool *duplicate);
/* store_inbound_attachments replaces the message's attachments_json. */
enum store_rc store_inbound_attachments(struct db *db, int64_t id, const char *json);
/* store_requester_email_failing marks the requests made with email (any
 * letter case) as having a failing address since at, with reason;
 * *count is how many (may be NULL). store_requester_email_ok clears the
 * mark of one request. */
enum store_rc store_requester_email_failing(struct db *db, const char *email, int64_t at,
					    const char *reason, int64_t *count);
enum store_rc store_requester_email_ok(struct db *db, int64_t request_id);
/* store_request_mail_state sets *row to {requester_email_failed_at,
 * requester_email_failure}. */
enum store_rc store_request_mail_state(struct db *db, int64_t request_id, json_t **row);

#endif
