/* Every SQL statement of the program, by name. Values are always bound
 * (?1, ?2, ...), never written into the text. The unit tests prepare each
 * one against the migrated schema, so a typo fails the tests. */
#include "store/store_internal.h"

/* The staff queues: each its own WHERE, which reads through an index that
 * also holds the columns the filters and orders read (see
 * 0008_staff_dashboard.sql), so that a queue is ordered and cut to its page
 * from the index alone and only the page's rows are read from the table.
 * Parameters: ?1 the viewer, ?2 the agency's local time now ("YYYY-MM-DD
 * HH:MM", compared with DUE_ENDS), ?3 the last day of "due soon", ?4
 * the start of "recently closed", ?5 the order (due, received, number), ?6
 * its direction (1 ascending, -1 descending), filters (NULL: any) ?7
 * department, ?8 status, ?9 channel, ?10 point of contact, then ?11 the
 * limit and ?12 the offset, and the filter ?13 = 1: only requests with a
 * compliance flag (extended beyond what the law allows). Requests without a due date come last by due
 * date; ties go by number, in the same direction. */
/* When a request's deadline ends: its due date and the local time of day
 * it ends (0012), as "2019-09-23 17:00" ("24:00": with the day), to
 * compare with the local time now as text. A due date range on r.due_date
 * goes with it, so that an index on the due date still finds the rows,
 * and only the rows due on a day at the edge of the range format their
 * time (DUE_ENDED, DUE_GOING: at 1,000,000 requests the Overdue count
 * takes 22 ms so and 95 ms formatting every row). */
#define DUE_ENDS \
	"(r.due_date || printf(' %02d:%02d', r.due_end_minute / 60, r.due_end_minute % 60))"
/* The deadline has ended at (or, DUE_GOING, is still running at) the
 * local time now ("YYYY-MM-DD HH:MM"). */
#define DUE_ENDED(now) "(r.due_date < substr(" now ", 1, 10) OR " DUE_ENDS " <= " now ")"
#define DUE_GOING(now) "(r.due_date > substr(" now ", 1, 10) OR " DUE_ENDS " > " now ")"
#define QUEUE_ORDER(due) \
	" ORDER BY CASE ?5 WHEN 'due' THEN " due " IS NULL END," \
	" CASE WHEN ?5 = 'due' AND ?6 = 1 THEN " due " END ASC," \
	" CASE WHEN ?5 = 'due' AND ?6 = -1 THEN " due " END DESC," \
	" CASE ?5 WHEN 'received' THEN r.received_at * ?6 END," \
	" (r.year * 100000000 + r.seq) * ?6"
#define QUEUE_FILTERS \
	" AND (?7 IS NULL OR r.id IN (SELECT fd.request_id FROM request_departments AS fd" \
	"  WHERE fd.department_id = ?7))" \
	" AND (?8 IS NULL OR r.status = ?8) AND (?9 IS NULL OR r.channel = ?9)" \
	" AND (?10 IS NULL OR r.point_of_contact_id = ?10)" \
	" AND (?13 = 0 OR r.compliance IS NOT NULL)"
#define QUEUE_LIST(from, where) \
	"SELECT r.id, r.number, r.status, r.description, r.received_at, r.channel," \
	" r.due_date, r.due_end_minute, r.closed_at, r.published, r.version FROM requests AS r" \
	" WHERE r.id IN (SELECT r.id FROM " from " WHERE " where QUEUE_FILTERS \
	QUEUE_ORDER("r.due_date") " LIMIT ?11 OFFSET ?12)" QUEUE_ORDER("r.due_date")
#define QUEUE_COUNT(from, where) "SELECT count(*) FROM " from " WHERE " where QUEUE_FILTERS
/* The queues' indexes (0008), named: until PRAGMA optimize has gathered
 * statistics for them, the planner takes the narrower requests_active_due
 * and reads every row of the queue from the table (tests/unit/
 * test_queues.c). */
#define QUEUE_ACTIVE "requests AS r INDEXED BY requests_dashboard_active"
#define QUEUE_STATUS "requests AS r INDEXED BY requests_dashboard_status"
#define QUEUE_BY_ID "requests AS r"
/* Mine: the viewer is the point of contact or support staff. */
#define QUEUE_MINE \
	"r.id IN (SELECT c.id FROM requests AS c WHERE c.point_of_contact_id = ?1" \
	"  AND c.status IN ('open', 'paused')" \
	" UNION SELECT s.request_id FROM request_support_staff AS s WHERE s.user_id = ?1)" \
	" AND r.status <> 'closed'"
/* My departments: assigned to a department the viewer belongs to. */
#define QUEUE_DEPARTMENTS \
	"r.id IN (SELECT rd.request_id FROM user_departments AS ud" \
	" JOIN request_departments AS rd ON rd.department_id = ud.department_id" \
	"  AND rd.status IN ('open', 'paused') WHERE ud.user_id = ?1)"
#define QUEUE_UNASSIGNED \
	"r.status <> 'closed' AND NOT EXISTS" \
	" (SELECT 1 FROM request_departments AS rd WHERE rd.request_id = r.id)"
#define QUEUE_DUE_SOON \
	"r.status <> 'closed' AND r.due_date BETWEEN substr(?2, 1, 10) AND ?3" \
	" AND " DUE_GOING("?2")
#define QUEUE_OVERDUE \
	"r.status <> 'closed' AND r.due_date <= substr(?2, 1, 10) AND " DUE_ENDED("?2")
#define QUEUE_PAUSED "r.status = 'paused'"
#define QUEUE_CLOSED "r.status = 'closed' AND r.closed_at >= ?4"
#define QUEUE_ALL "r.status IN ('open', 'paused', 'closed')"
/* All requests by received date or number, without a filter (the
 * parameters are there, NULL): read in the order of an index and stopped
 * at the page, instead of ordering every request. Ties by received date go
 * by id. */
#define QUEUE_ALL_ORDERED(order) \
	"SELECT r.id, r.number, r.status, r.description, r.received_at, r.channel," \
	" r.due_date, r.due_end_minute, r.closed_at, r.published, r.version FROM requests AS r" \
	" WHERE r.id > 0" QUEUE_FILTERS " ORDER BY " order " LIMIT ?11 OFFSET ?12"
/* My tasks: open tasks for the viewer or a department they belong to, with
 * their request (the same filters apply to it); by due date the task's. */
#define TASKS_MINE_FROM " FROM tasks AS t JOIN requests AS r ON r.id = t.request_id"
#define TASKS_MINE_WHERE \
	" WHERE t.id IN (SELECT u.id FROM tasks AS u WHERE u.assignee_user_id = ?1" \
	"  AND u.status = 'open' UNION SELECT d.id FROM user_departments AS ud" \
	"  JOIN tasks AS d ON d.assignee_department_id = ud.department_id" \
	"  AND d.status = 'open' WHERE ud.user_id = ?1)" QUEUE_FILTERS
#define TASK_COLUMNS \
	"t.id, t.request_id, t.description, t.due_date, t.status, t.done_note, t.done_at," \
	" t.created_at, t.assignee_user_id, au.name AS assignee_user_name," \
	" t.assignee_department_id, ad.name AS assignee_department_name," \
	" t.created_by, cu.name AS created_by_name, du.name AS done_by_name"
#define TASK_NAMES \
	" LEFT JOIN users AS au ON au.id = t.assignee_user_id" \
	" LEFT JOIN departments AS ad ON ad.id = t.assignee_department_id" \
	" LEFT JOIN users AS cu ON cu.id = t.created_by" \
	" LEFT JOIN users AS du ON du.id = t.done_by"

/* The audit log, newest first, in pages keyed by (at, id). lead is the
 * equality that picks the index (request, actor or action: each has an
 * index on (x, at), which ends with the rowid). Parameters: ?1 actor, ?2
 * request, ?3 action (NULL: any), ?4 from, ?5 before (instants), ?6 ?7 the
 * key of the last row shown (the largest values for the first page), ?8
 * the limit. */
#define AUDIT_LIST(lead) \
	"SELECT a.id, a.at, a.action, a.actor_id, u.name AS actor_name, a.request_id," \
	" r.number AS request_number, a.target_type, a.target_id, a.before_json," \
	" a.after_json FROM audit_log AS a LEFT JOIN users AS u ON u.id = a.actor_id" \
	" LEFT JOIN requests AS r ON r.id = a.request_id WHERE " lead \
	"(?1 IS NULL OR a.actor_id = ?1) AND (?2 IS NULL OR a.request_id = ?2)" \
	" AND (?3 IS NULL OR a.action = ?3) AND a.at >= ?4 AND a.at < ?5" \
	" AND (a.at, a.id) < (?6, ?7) ORDER BY a.at DESC, a.id DESC LIMIT ?8"

const struct stmt_def db_stmt_defs[] = {
	[STMT_BEGIN] = {"begin", "BEGIN IMMEDIATE"},
	[STMT_COMMIT] = {"commit", "COMMIT"},
	[STMT_ROLLBACK] = {"rollback", "ROLLBACK"},
	[STMT_FOREIGN_KEY_CHECK] = {"foreign_key_check",
		"PRAGMA foreign_key_check"},
	[STMT_DATA_VERSION] = {"data_version", "PRAGMA data_version"},

	/* Migrations. */
	[STMT_SCHEMA_OBJECT_COUNT] = {"schema_object_count",
		"SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite%'"},
	[STMT_MIGRATIONS_TABLE_EXISTS] = {"migrations_table_exists",
		"SELECT count(*) FROM sqlite_schema"
		" WHERE type = 'table' AND name = 'schema_migrations'"},
	[STMT_MIGRATIONS_VERSION] = {"migrations_version",
		"SELECT coalesce(max(version), 0) FROM schema_migrations"},
	[STMT_MIGRATIONS_RECORD] = {"migrations_record",
		"INSERT INTO schema_migrations (version, name, applied_at)"
		" VALUES (?1, ?2, ?3)"},

	/* Settings. */
	[STMT_SETTING_GET] = {"setting_get",
		"SELECT value FROM settings WHERE key = ?1"},
	[STMT_SETTING_SET] = {"setting_set",
		"INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (key) DO UPDATE"
		" SET value = excluded.value, updated_at = excluded.updated_at"},
	[STMT_SETTINGS_ALL] = {"settings_all",
		"SELECT key, value FROM settings ORDER BY key"},

	/* Deadlines: rule sets and holiday calendars. */
	[STMT_RULE_SET_BY_KEY] = {"rule_set_by_key",
		"SELECT key, name, config, active, preset FROM deadline_rule_sets WHERE key = ?1"},
	[STMT_HOLIDAY_RULES] = {"holiday_rules",
		"SELECT name, kind, month, day, weekday, nth, offset_days, observance,"
		" first_year, last_year, active FROM holiday_rules"
		" WHERE calendar = ?1 AND active = 1 ORDER BY id LIMIT ?2"},
	[STMT_CALENDAR_DATES] = {"calendar_dates",
		"SELECT date, kind, name FROM calendar_dates ORDER BY date DESC LIMIT ?1"},

	/* Users. */
	[STMT_USER_INSERT] = {"user_insert",
		"INSERT INTO users (email, name, title, role, password_hash,"
		" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"},
	[STMT_USER_COUNT] = {"user_count",
		"SELECT count(*) FROM users"
		" WHERE active = 1 AND (?1 IS NULL OR role = ?1)"},
	[STMT_USER_BY_EMAIL] = {"user_by_email",
		"SELECT id, email, name, title, role, active, email_verified_at,"
		" phone, address, organisation, created_at, updated_at,"
		" last_login_at FROM users WHERE email = ?1"},
	[STMT_USER_PASSWORD_HASH] = {"user_password_hash",
		"SELECT password_hash FROM users"
		" WHERE id = ?1 AND password_hash IS NOT NULL"},
	[STMT_USER_BY_ID] = {"user_by_id",
		"SELECT id, email, name, title, role, active, email_verified_at FROM users"
		" WHERE id = ?1"},

	/* Departments. */
	[STMT_DEPARTMENT_INSERT] = {"department_insert",
		"INSERT INTO departments (name, short_name, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?3)"},
	[STMT_DEPARTMENTS_ACTIVE] = {"departments_active",
		"SELECT id, name, short_name FROM departments WHERE active = 1"
		" ORDER BY name"},
	[STMT_USER_DEPARTMENT_ADD] = {"user_department_add",
		"INSERT OR IGNORE INTO user_departments (user_id, department_id)"
		" VALUES (?1, ?2)"},

	/* Requests. The level arguments are ranks: 0 public, 1 requester,
	 * 2 staff (src/domain/role.h); an item is visible when its rank is at
	 * most the viewer's. */
	[STMT_SEQ_NEXT] = {"seq_next",
		"INSERT INTO request_sequences (year, next_seq) VALUES (?1, ?2 + 1)"
		" ON CONFLICT (year) DO UPDATE SET next_seq = next_seq + 1"
		" RETURNING next_seq - 1"},
	[STMT_REQUEST_INSERT] = {"request_insert",
		"INSERT INTO requests (number, year, seq, description,"
		" records_from_date, records_to_date, preferred_format, status,"
		" published, published_at, received_at, channel, due_date,"
		" due_source, due_explanation, first_due_date, point_of_contact_id,"
		" requester_id, requester_name, requester_email, requester_phone,"
		" requester_address, requester_organisation, created_by, closed_at,"
		" paused_at, created_at, updated_at, due_end_minute)"
		" VALUES (printf('%02d-%d', ?1 % 100, ?2), ?1, ?2, ?3, ?4, ?5, ?6,"
		" ?7, ?8 IS NOT NULL, ?8, ?9, ?10, ?11, 'rule', ?12, coalesce(?24, ?11), ?13, ?14,"
		" ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?23, coalesce(?25, 1440))"},
	[STMT_REQUEST_BY_NUMBER] = {"request_by_number",
		"SELECT r.id, r.number, r.description, r.records_from_date,"
		" r.records_to_date, r.preferred_format, r.status, r.published,"
		" r.published_at, r.received_at, r.channel, r.due_date, r.due_end_minute, r.due_source,"
		" r.due_explanation, r.first_due_date, r.paused_at, r.paused_days_total,"
		" r.closed_at, r.requester_id, r.requester_name, r.requester_email,"
		" r.requester_phone, r.requester_address, r.requester_organisation,"
		" r.version, r.point_of_contact_id, r.compliance, u.name AS point_of_contact_name,"
		" u.title AS point_of_contact_title"
		" FROM requests AS r LEFT JOIN users AS u ON u.id = r.point_of_contact_id"
		" WHERE r.number = ?1"},
	[STMT_REQUEST_DEPARTMENT_ADD] = {"request_department_add",
		"INSERT OR IGNORE INTO request_departments (request_id, department_id)"
		" VALUES (?1, ?2)"},
	[STMT_REQUEST_DEPARTMENTS] = {"request_departments",
		"SELECT d.id, d.name, d.short_name FROM request_departments AS rd"
		" JOIN departments AS d ON d.id = rd.department_id"
		" WHERE rd.request_id = ?1 ORDER BY d.name"},
	[STMT_EVENT_INSERT] = {"event_insert",
		"INSERT INTO events (request_id, kind, level, actor_id,"
		" actor_is_requester, actor_name, actor_title, created_at, body, data)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
	[STMT_REQUEST_EVENTS] = {"request_events",
		"SELECT id, kind, level, hidden, actor_id, actor_is_requester,"
		" actor_name, actor_title, created_at, body, data,"
		" hidden_reason, hidden_at, edited_at,"
		" (SELECT name FROM users WHERE id = hidden_by) AS hidden_by_name FROM events"
		" WHERE request_id = ?1"
		" AND (CASE level WHEN 'public' THEN 0 WHEN 'requester' THEN 1"
		" ELSE 2 END) <= ?2 AND (hidden = 0 OR ?3)"
		" ORDER BY created_at DESC, id DESC"},
	[STMT_REQUEST_DOCUMENTS] = {"request_documents",
		"SELECT id, level, kind, title, description, filename, content_type,"
		" size, url, instructions, created_at, released_at, download_count, text_status"
		" FROM documents WHERE request_id = ?1 AND replaced_by_id IS NULL"
		" AND (CASE level WHEN 'public' THEN 0 WHEN 'requester' THEN 1"
		" ELSE 2 END) <= ?2 ORDER BY created_at, id"},

	/* Search. search_items_flag is the public-visibility rule in SQL: an
	 * item is public when its request is published and the item is the
	 * description, a public event that is not hidden, or a released
	 * public document (DESIGN.md section 3). */
	[STMT_SEARCH_ITEM_INSERT] = {"search_item_insert",
		"INSERT INTO search_items (kind, item_id, request_id)"
		" VALUES (?1, ?2, ?3)"},
#define SEARCH_ITEMS_FLAG "UPDATE search_items SET in_public =" \
	" coalesce((SELECT published FROM requests WHERE id = request_id), 0)" \
	" AND CASE kind WHEN 'request' THEN 1" \
	" WHEN 'event' THEN (SELECT level = 'public' AND hidden = 0" \
	"  FROM events WHERE id = item_id)" \
	" WHEN 'document' THEN (SELECT level = 'public' AND released_at IS NOT NULL" \
	"  AND replaced_by_id IS NULL FROM documents WHERE id = item_id)" \
	" END"
	[STMT_SEARCH_ITEMS_FLAG] = {"search_items_flag",
		SEARCH_ITEMS_FLAG " WHERE request_id = ?1 AND (?2 IS NULL OR id = ?2)"},
	/* The same rule over every item, then both indexes rebuilt from their
	 * content views (disclose reindex). */
	[STMT_SEARCH_ITEMS_FLAG_EVERY] = {"search_items_flag_every", SEARCH_ITEMS_FLAG},
	[STMT_SEARCH_ALL_REBUILD] = {"search_all_rebuild",
		"INSERT INTO search_all (search_all) VALUES ('rebuild')"},
	[STMT_SEARCH_PUBLIC_REBUILD] = {"search_public_rebuild",
		"INSERT INTO search_public (search_public) VALUES ('rebuild')"},
	[STMT_SEARCH_ALL_ADD] = {"search_all_add",
		"INSERT INTO search_all (rowid, title, body)"
		" SELECT id, title, body FROM search_all_content WHERE id = ?1"},
	[STMT_SEARCH_PUBLIC_ADD] = {"search_public_add",
		"INSERT INTO search_public (rowid, title, body)"
		" SELECT id, title, body FROM search_public_content WHERE id = ?1"},
	/* Before a request's visibility changes, its public entries leave the
	 * index (external content: delete with the text as indexed). */
	[STMT_SEARCH_PUBLIC_REMOVE_REQUEST] = {"search_public_remove_request",
		"INSERT INTO search_public (search_public, rowid, title, body)"
		" SELECT 'delete', c.id, c.title, c.body FROM search_public_content AS c"
		" JOIN search_items AS si ON si.id = c.id WHERE si.request_id = ?1"},
	[STMT_SEARCH_PUBLIC_ADD_REQUEST] = {"search_public_add_request",
		"INSERT INTO search_public (rowid, title, body)"
		" SELECT c.id, c.title, c.body FROM search_public_content AS c"
		" JOIN search_items AS si ON si.id = c.id WHERE si.request_id = ?1"},

	/* The public archive. Every archive statement takes the same
	 * parameters: ?1 status (open, paused, closed; the derived filters
	 * overdue and due_soon are a due date range over requests not
	 * closed), ?2/?3 the received_at range [from, before), ?4/?5 the
	 * keyset (received_at, id) to continue from, ?6/?7 the due date range
	 * of the derived filters, ?8 the page size, ?9 the department. The
	 * range bound in the direction of travel is folded into the keyset by
	 * the caller: with both, SQLite would seek by the plain bound and scan
	 * every row up to the keyset, deep pages costing more and more. Each
	 * filter has its own statement that pages through its own index,
	 * named with INDEXED BY so that a plan never silently falls back to a
	 * scan or a sort. */
#define ARCHIVE_COLUMNS "r.id, r.number, r.status, r.description, r.received_at," \
	" r.due_date, r.due_end_minute, r.closed_at, r.compliance"
#define ARCHIVE_FROM(index, where) "SELECT " ARCHIVE_COLUMNS \
	" FROM requests AS r INDEXED BY " index " WHERE " where
#define ARCHIVE_NEWEST(at, id) " AND " at " >= ?2 AND (" at ", " id ") < (?4, ?5)" \
	" ORDER BY " at " DESC, " id " DESC LIMIT ?8"
#define ARCHIVE_OLDEST(at, id) " AND " at " < ?3 AND (" at ", " id ") > (?4, ?5)" \
	" ORDER BY " at ", " id " LIMIT ?8"
#define ARCHIVE_PUBLISHED "r.published = 1"
#define ARCHIVE_STATUS "r.published = 1 AND r.status = ?1"
/* ?6 and ?7: the first and last local time ("YYYY-MM-DD HH:MM") a
 * deadline of the filter ends at. */
#define ARCHIVE_DUE_RANGE "r.due_date BETWEEN substr(?6, 1, 10) AND substr(?7, 1, 10)" \
	" AND " DUE_GOING("?6") " AND " DUE_ENDED("?7")
#define ARCHIVE_DUE "r.published = 1 AND r.status <> 'closed' AND " ARCHIVE_DUE_RANGE
/* Any of the status filters, for a department's rows and for search
 * matches. The first term reads only the status (the department index
 * holds a copy of it), so that only rows that pass it are looked up. */
#define ARCHIVE_ANY_STATUS(status) " AND (?1 IS NULL OR " status " = ?1" \
	" OR (?1 IN ('overdue', 'due_soon') AND " status " <> 'closed'))" \
	" AND (?1 IS NULL OR ?1 NOT IN ('overdue', 'due_soon')" \
	" OR (" ARCHIVE_DUE_RANGE "))"
#define ARCHIVE_DEPARTMENT "SELECT " ARCHIVE_COLUMNS \
	" FROM request_departments AS rd INDEXED BY request_departments_archive" \
	" CROSS JOIN requests AS r ON r.id = rd.request_id" \
	" WHERE rd.department_id = ?9 AND rd.published = 1" ARCHIVE_ANY_STATUS("rd.status")
#define R_NEWEST ARCHIVE_NEWEST("r.received_at", "r.id")
#define R_OLDEST ARCHIVE_OLDEST("r.received_at", "r.id")
	[STMT_ARCHIVE_NEWEST] = {"archive_newest",
		ARCHIVE_FROM("requests_public", ARCHIVE_PUBLISHED) R_NEWEST},
	[STMT_ARCHIVE_OLDEST] = {"archive_oldest",
		ARCHIVE_FROM("requests_public", ARCHIVE_PUBLISHED) R_OLDEST},
	[STMT_ARCHIVE_STATUS_NEWEST] = {"archive_status_newest",
		ARCHIVE_FROM("requests_public_status", ARCHIVE_STATUS) R_NEWEST},
	[STMT_ARCHIVE_STATUS_OLDEST] = {"archive_status_oldest",
		ARCHIVE_FROM("requests_public_status", ARCHIVE_STATUS) R_OLDEST},
	/* Overdue: most requests not closed are, newest first they come at
	 * once. Due soon: few requests are; their due dates find them, and
	 * sorting those few is cheap. */
	[STMT_ARCHIVE_OVERDUE_NEWEST] = {"archive_overdue_newest",
		ARCHIVE_FROM("requests_public_active", ARCHIVE_DUE) R_NEWEST},
	[STMT_ARCHIVE_OVERDUE_OLDEST] = {"archive_overdue_oldest",
		ARCHIVE_FROM("requests_public_active", ARCHIVE_DUE) R_OLDEST},
	[STMT_ARCHIVE_DUE_SOON_NEWEST] = {"archive_due_soon_newest",
		ARCHIVE_FROM("requests_active_due", ARCHIVE_DUE) R_NEWEST},
	[STMT_ARCHIVE_DUE_SOON_OLDEST] = {"archive_due_soon_oldest",
		ARCHIVE_FROM("requests_active_due", ARCHIVE_DUE) R_OLDEST},
	[STMT_ARCHIVE_DEPARTMENT_NEWEST] = {"archive_department_newest",
		ARCHIVE_DEPARTMENT ARCHIVE_NEWEST("rd.received_at", "rd.request_id")},
	[STMT_ARCHIVE_DEPARTMENT_OLDEST] = {"archive_department_oldest",
		ARCHIVE_DEPARTMENT ARCHIVE_OLDEST("rd.received_at", "rd.request_id")},
	/* The departments of a page of requests: ?1 is a JSON array of ids. */
	[STMT_DEPARTMENTS_OF_REQUESTS] = {"departments_of_requests",
		"SELECT rd.request_id, d.id, d.name, d.short_name"
		" FROM request_departments AS rd JOIN departments AS d ON d.id = rd.department_id"
		" WHERE rd.request_id IN (SELECT value FROM json_each(?1))"
		" ORDER BY rd.request_id, d.name"},

	/* Full-text search, in three steps per page (store_search):
	 * a batch of at most ?12 matches below item ?11, newest item first,
	 * each with keep = whether its request passes the archive filters
	 * (parameters as above; ?10 the FTS5 query); which requests of a
	 * JSON array ?2 already matched at or above item ?3 (shown on an
	 * earlier page); and the rows to show, the items ?2 between ?3 and
	 * ?4, with a snippet whose matches are marked by the bytes 2 and 3
	 * (escaped, then turned into <mark> by the web layer). FTS5 finds a
	 * range of a long doclist at once but each single rowid slowly: the
	 * "+" keeps the list a filter, and snippet() runs for kept rows only.
	 * The public statements also require a published request and an item
	 * flagged public, whatever the index holds. */
#define SEARCH_BATCH(fts, visible) "SELECT m.item, si.request_id, (" visible \
	" AND r.received_at >= ?2 AND r.received_at < ?3" ARCHIVE_ANY_STATUS("r.status") \
	" AND (?9 = 0 OR EXISTS (SELECT 1 FROM request_departments AS rd" \
	"  WHERE rd.request_id = r.id AND rd.department_id = ?9))" \
	" AND (?8 = 0 OR r.compliance IS NOT NULL)) AS keep" \
	" FROM (SELECT rowid AS item FROM " fts " WHERE " fts " MATCH ?10" \
	"  AND rowid < ?11 ORDER BY rowid DESC LIMIT ?12) AS m" \
	" JOIN search_items AS si ON si.id = m.item" \
	" JOIN requests AS r ON r.id = si.request_id ORDER BY m.item DESC"
#define SEARCH_SEEN(fts) "SELECT DISTINCT si.request_id FROM search_items AS si" \
	" INDEXED BY search_items_request CROSS JOIN " fts " AS s ON s.rowid = si.id" \
	" WHERE si.request_id IN (SELECT value FROM json_each(?2)) AND si.id >= ?3" \
	" AND " fts " MATCH ?1"
#define SEARCH_ROWS(fts) "SELECT s.rowid AS item, si.kind, " ARCHIVE_COLUMNS "," \
	" snippet(" fts ", -1, char(2), char(3), '…', 24) AS snippet" \
	" FROM " fts " AS s JOIN search_items AS si ON si.id = s.rowid" \
	" JOIN requests AS r ON r.id = si.request_id" \
	" WHERE " fts " MATCH ?1 AND s.rowid BETWEEN ?3 AND ?4" \
	" AND +s.rowid IN (SELECT value FROM json_each(?2))" \
	" ORDER BY s.rowid DESC"
	[STMT_SEARCH_PUBLIC_BATCH] = {"search_public_batch",
		SEARCH_BATCH("search_public", "r.published = 1 AND si.in_public = 1")},
	[STMT_SEARCH_PUBLIC_SEEN] = {"search_public_seen", SEARCH_SEEN("search_public")},
	[STMT_SEARCH_PUBLIC_ROWS] = {"search_public_rows", SEARCH_ROWS("search_public")},
	[STMT_SEARCH_ALL_BATCH] = {"search_all_batch", SEARCH_BATCH("search_all", "1")},
	[STMT_SEARCH_ALL_SEEN] = {"search_all_seen", SEARCH_SEEN("search_all")},
	[STMT_SEARCH_ALL_ROWS] = {"search_all_rows", SEARCH_ROWS("search_all")},

	/* Home page figures, over published requests only (the indexes
	 * requests_public_active and requests_public_closed). */
	[STMT_COUNT_PUBLIC_OPEN] = {"count_public_open",
		"SELECT count(*) FROM requests INDEXED BY requests_public_active"
		" WHERE published = 1 AND status <> 'closed'"},
	[STMT_COUNT_PUBLIC_CLOSED_SINCE] = {"count_public_closed_since",
		"SELECT count(*) FROM requests INDEXED BY requests_public_closed"
		" WHERE published = 1 AND status = 'closed' AND closed_at >= ?1"},
	/* Grows with every new request and every event (ids only grow: no
	 * request or event is ever deleted in operation). */
	[STMT_PUBLIC_CLOSE_SECONDS] = {"public_close_seconds",
		"SELECT closed_at - received_at AS seconds FROM requests"
		" INDEXED BY requests_public_closed WHERE published = 1 AND status = 'closed' AND closed_at >= ?1"
		" ORDER BY seconds LIMIT 1 OFFSET ?2"},

	[STMT_AUDIT_INSERT] = {"audit_insert",
		"INSERT INTO audit_log (actor_id, at, action, request_id, target_type,"
		" target_id, before_json, after_json, ip)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},

	/* Keys made at first use: the first writer's value wins. */
	[STMT_SECRET_INSERT] = {"secret_insert",
		"INSERT OR IGNORE INTO secrets (name, value, created_at) VALUES (?1, ?2, ?3)"},
	[STMT_SECRET_GET] = {"secret_get",
		"SELECT value FROM secrets WHERE name = ?1"},

	/* Sessions, by the hash of their token. */
	[STMT_SESSION_INSERT] = {"session_insert",
		"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at,"
		" expires_at, ip, user_agent) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)"},
	[STMT_SESSION_FIND] = {"session_find",
		"SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at,"
		" u.role, u.name, u.active FROM sessions AS s"
		" JOIN users AS u ON u.id = s.user_id WHERE s.token_hash = ?1"},
	[STMT_SESSION_TOUCH] = {"session_touch",
		"UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1"},
	[STMT_SESSION_DELETE] = {"session_delete",
		"DELETE FROM sessions WHERE token_hash = ?1"},
	[STMT_SESSION_DELETE_ID] = {"session_delete_id",
		"DELETE FROM sessions WHERE id = ?1"},
	[STMT_SESSIONS_DELETE_USER] = {"sessions_delete_user",
		"DELETE FROM sessions WHERE user_id = ?1"},
	[STMT_SESSIONS_PURGE] = {"sessions_purge",
		"DELETE FROM sessions WHERE expires_at <= ?1"},

	/* Failed sign-ins, counted per key over a recent window. */
	[STMT_LOGIN_ATTEMPT_INSERT] = {"login_attempt_insert",
		"INSERT INTO login_attempts (key, at) VALUES (?1, ?2)"},
	[STMT_LOGIN_ATTEMPTS_COUNT] = {"login_attempts_count",
		"SELECT count(*) AS n, min(at) AS oldest FROM login_attempts"
		" WHERE key = ?1 AND at > ?2"},
	[STMT_LOGIN_ATTEMPTS_CLEAR] = {"login_attempts_clear",
		"DELETE FROM login_attempts WHERE key = ?1"},
	[STMT_LOGIN_ATTEMPTS_PURGE] = {"login_attempts_purge",
		"DELETE FROM login_attempts WHERE at <= ?1"},

	/* Single-use links: using one marks it in the same statement, so two
	 * concurrent uses cannot both succeed. */
	[STMT_TOKEN_INSERT] = {"token_insert",
		"INSERT INTO one_time_tokens (purpose, token_hash, user_id, email,"
		" data, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
	[STMT_TOKEN_PEEK] = {"token_peek",
		"SELECT id, user_id, email FROM one_time_tokens WHERE token_hash = ?1"
		" AND purpose = ?2 AND used_at IS NULL AND expires_at > ?3"},
	[STMT_TOKEN_USE] = {"token_use",
		"UPDATE one_time_tokens SET used_at = ?3 WHERE token_hash = ?1"
		" AND purpose = ?2 AND used_at IS NULL AND expires_at > ?3"
		" RETURNING id, user_id, email"},

	[STMT_OUTBOX_INSERT] = {"outbox_insert",
		"INSERT INTO outbox (to_addr, subject, body_text, status,"
		" next_attempt_at, created_at) VALUES (?1, ?2, ?3, 'queued', ?4, ?4)"},

	/* Account changes. */
	[STMT_USER_SET_PASSWORD] = {"user_set_password",
		"UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1"},
	[STMT_USER_VERIFY_EMAIL] = {"user_verify_email",
		"UPDATE users SET email_verified_at = coalesce(email_verified_at, ?2)"
		" WHERE id = ?1"},
	[STMT_USER_LOGGED_IN] = {"user_logged_in",
		"UPDATE users SET last_login_at = ?2 WHERE id = ?1"},
	[STMT_USER_UPDATE] = {"user_update",
		"UPDATE users SET name = ?2, title = ?3, role = ?4, updated_at = ?5"
		" WHERE id = ?1"},
	[STMT_USER_SET_ACTIVE] = {"user_set_active",
		"UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1"},
	[STMT_USER_DEPARTMENTS] = {"user_departments",
		"SELECT d.id, d.name, d.short_name FROM user_departments AS ud"
		" JOIN departments AS d ON d.id = ud.department_id"
		" WHERE ud.user_id = ?1 ORDER BY d.name"},
	[STMT_USER_DEPARTMENTS_CLEAR] = {"user_departments_clear",
		"DELETE FROM user_departments WHERE user_id = ?1"},
	/* ?1 = 1: requester accounts; 0: staff accounts. */
	[STMT_USERS_LIST] = {"users_list",
		"SELECT u.id, u.email, u.name, u.title, u.role, u.active,"
		" u.last_login_at, (SELECT group_concat(d.name, ', ')"
		"  FROM user_departments AS ud JOIN departments AS d"
		"  ON d.id = ud.department_id WHERE ud.user_id = u.id) AS departments"
		" FROM users AS u WHERE (u.role = 'requester') = ?1"
		" ORDER BY u.active DESC, u.name, u.id LIMIT ?2 OFFSET ?3"},

	/* A requester's requests. Attaching links the requests made with a
	 * verified address (compared case-insensitively: the column is
	 * NOCASE) to its account. The latest update is the newest event with
	 * a text that the viewer's level (?2 rank, ?3 hidden too) allows. */
	[STMT_REQUESTS_ATTACH] = {"requests_attach",
		"UPDATE requests SET requester_id = ?1"
		" WHERE requester_id IS NULL AND requester_email = ?2"},
	[STMT_REQUESTER_NAME_BY_EMAIL] = {"requester_name_by_email",
		"SELECT requester_name FROM requests WHERE requester_email = ?1"
		" AND requester_name IS NOT NULL ORDER BY received_at DESC LIMIT 1"},
	[STMT_REQUESTS_OF_REQUESTER] = {"requests_of_requester",
		"SELECT r.id, r.number, r.status, r.description, r.received_at,"
		" r.due_date, r.due_end_minute, r.closed_at, r.published, e.body AS latest_body,"
		" e.created_at AS latest_at FROM requests AS r"
		" LEFT JOIN events AS e ON e.id = (SELECT x.id FROM events AS x"
		"  WHERE x.request_id = r.id AND x.body IS NOT NULL"
		"  AND (CASE x.level WHEN 'public' THEN 0 WHEN 'requester' THEN 1"
		"  ELSE 2 END) <= ?2 AND (x.hidden = 0 OR ?3)"
		"  ORDER BY x.created_at DESC, x.id DESC LIMIT 1)"
		" WHERE r.requester_id = ?1"
		" ORDER BY r.received_at DESC, r.id DESC LIMIT ?4 OFFSET ?5"},
	[STMT_REQUESTS_OF_REQUESTER_COUNT] = {"requests_of_requester_count",
		"SELECT count(*) FROM requests WHERE requester_id = ?1"},
	/* The staff workspace: one update for every change of a request's
	 * fields, under its version (optimistic concurrency); the flags ?3 and
	 * ?6 say whether the contact and publication change, a NULL due date
	 * or status leaves them; ?10 keeps the due date's source, ?11 days
	 * are added to the days paused. */
	[STMT_REQUEST_UPDATE] = {"request_update",
		"UPDATE requests SET"
		" point_of_contact_id = CASE WHEN ?3 THEN ?4 ELSE point_of_contact_id END,"
		" due_date = coalesce(?5, due_date),"
		" due_source = CASE WHEN ?5 IS NULL OR ?10 THEN due_source ELSE 'manual' END,"
		" published = CASE WHEN ?6 THEN ?7 ELSE published END,"
		" published_at = CASE WHEN NOT ?6 THEN published_at"
		"  WHEN ?7 THEN coalesce(published_at, ?9) ELSE NULL END,"
		" status = coalesce(?8, status),"
		" closed_at = CASE ?8 WHEN 'closed' THEN ?9 WHEN 'open' THEN NULL"
		"  ELSE closed_at END,"
		" paused_at = CASE WHEN ?8 IS NULL THEN paused_at WHEN ?8 = 'paused' THEN ?9"
		"  ELSE NULL END,"
		" paused_days_total = paused_days_total + ?11,"
		" version = version + 1, updated_at = ?9"
		" WHERE id = ?1 AND version = ?2"},
	[STMT_DEPARTMENT_BY_ID] = {"department_by_id",
		"SELECT id, name, short_name, default_contact_id, active FROM departments"
		" WHERE id = ?1"},
	[STMT_STAFF_USERS] = {"staff_users",
		"SELECT id, name, title FROM users WHERE active = 1 AND role <> 'requester'"
		" ORDER BY name, id LIMIT ?1"},
	/* The newest staff actions on a request (audit actions 'request.*'). */
	[STMT_REQUEST_CHANGES] = {"request_changes",
		"SELECT a.action, a.at, a.before_json, a.after_json, u.name AS actor_name"
		" FROM audit_log AS a LEFT JOIN users AS u ON u.id = a.actor_id"
		" WHERE a.request_id = ?1 AND a.action GLOB 'request.*'"
		" ORDER BY a.id DESC LIMIT ?2"},
	/* Closure reasons and message templates: the same columns for both
	 * (label, text, citations), in the admins' order. ?1 = 1: the active
	 * ones only; ?2 at most. */
	[STMT_REASONS] = {"reasons",
		"SELECT id, label, requester_text AS text, citations, active, sort"
		" FROM closure_reasons WHERE active = 1 OR ?1 = 0 ORDER BY sort, label, id LIMIT ?2"},
	[STMT_REASON_BY_ID] = {"reason_by_id",
		"SELECT id, label, requester_text AS text, citations, active, sort"
		" FROM closure_reasons WHERE id = ?1"},
	[STMT_REASON_INSERT] = {"reason_insert",
		"INSERT INTO closure_reasons (label, requester_text, citations, sort)"
		" VALUES (?1, ?2, ?3, ?4)"},
	[STMT_REASON_UPDATE] = {"reason_update",
		"UPDATE closure_reasons SET label = ?2, requester_text = ?3, citations = ?4,"
		" sort = ?5 WHERE id = ?1"},
	[STMT_REASON_SET_ACTIVE] = {"reason_set_active",
		"UPDATE closure_reasons SET active = ?2 WHERE id = ?1"},
	[STMT_TEMPLATES] = {"templates",
		"SELECT id, name AS label, body AS text, NULL AS citations, active, sort"
		" FROM message_templates WHERE active = 1 OR ?1 = 0 ORDER BY sort, name, id LIMIT ?2"},
	[STMT_TEMPLATE_BY_ID] = {"template_by_id",
		"SELECT id, name AS label, body AS text, NULL AS citations, active, sort"
		" FROM message_templates WHERE id = ?1"},
	[STMT_TEMPLATE_INSERT] = {"template_insert",
		"INSERT INTO message_templates (name, body, sort, created_at, updated_at)"
		" VALUES (?1, ?2, ?4, ?5, ?5)"},
	[STMT_TEMPLATE_UPDATE] = {"template_update",
		"UPDATE message_templates SET name = ?2, body = ?3, sort = ?5, updated_at = ?6"
		" WHERE id = ?1"},
	[STMT_TEMPLATE_SET_ACTIVE] = {"template_set_active",
		"UPDATE message_templates SET active = ?2, updated_at = ?3 WHERE id = ?1"},
	[STMT_REQUEST_CLOSURE_REASONS_CLEAR] = {"request_closure_reasons_clear",
		"DELETE FROM request_closure_reasons WHERE request_id = ?1"},
	[STMT_REQUEST_CLOSURE_REASON_ADD] = {"request_closure_reason_add",
		"INSERT OR IGNORE INTO request_closure_reasons (request_id, reason_id)"
		" VALUES (?1, ?2)"},
	[STMT_REQUEST_CLOSURE_REASONS] = {"request_closure_reasons",
		"SELECT c.id, c.label FROM request_closure_reasons AS rc"
		" JOIN closure_reasons AS c ON c.id = rc.reason_id"
		" WHERE rc.request_id = ?1 ORDER BY c.sort, c.label, c.id"},
	[STMT_AUDIT_LIST] = {"audit_list", AUDIT_LIST("")},
	[STMT_AUDIT_LIST_REQUEST] = {"audit_list_request", AUDIT_LIST("a.request_id = ?2 AND ")},
	[STMT_AUDIT_LIST_ACTOR] = {"audit_list_actor", AUDIT_LIST("a.actor_id = ?1 AND ")},
	[STMT_AUDIT_LIST_ACTION] = {"audit_list_action", AUDIT_LIST("a.action = ?3 AND ")},
	/* Editing the record (edits.c). An item's text or visibility changes
	 * as the schema's search comment says: its entries leave both indexes
	 * (deleted with the text as indexed), the source changes, then the
	 * item is flagged again and added back. */
	[STMT_SEARCH_ITEM_ID] = {"search_item_id",
		"SELECT id FROM search_items WHERE kind = ?1 AND item_id = ?2"},
	[STMT_SEARCH_ALL_REMOVE] = {"search_all_remove",
		"INSERT INTO search_all (search_all, rowid, title, body)"
		" SELECT 'delete', id, title, body FROM search_all_content WHERE id = ?1"},
	[STMT_SEARCH_PUBLIC_REMOVE] = {"search_public_remove",
		"INSERT INTO search_public (search_public, rowid, title, body)"
		" SELECT 'delete', id, title, body FROM search_public_content WHERE id = ?1"},
	/* The first edit keeps the text as received in original_description. */
	[STMT_REQUEST_SET_DESCRIPTION] = {"request_set_description",
		"UPDATE requests SET original_description ="
		" coalesce(original_description, description), description = ?2"
		" WHERE id = ?1"},
	[STMT_REQUEST_ORIGINAL] = {"request_original",
		"SELECT original_description, received_at FROM requests WHERE id = ?1"},
	[STMT_REQUEST_TEXT_EDITS] = {"request_text_edits",
		"SELECT id, actor_name, actor_title, created_at, body,"
		" json_extract(data, '$.description') AS description FROM events"
		" WHERE request_id = ?1 AND kind = 'request_edited'"
		" AND json_extract(data, '$.edit') = 'description'"
		" ORDER BY created_at, id LIMIT ?2"},
	[STMT_EVENT_BY_ID] = {"event_by_id",
		"SELECT id, request_id, kind, level, hidden, hidden_reason, hidden_at,"
		" actor_is_requester, created_at, body, edited_at FROM events"
		" WHERE id = ?1 AND request_id = ?2"},
	/* ?3 kind, ?4 level, ?10 body: NULL leaves them; ?5 says whether
	 * hidden changes (to ?6, with reason ?7, by ?8 at ?9: NULL when
	 * shown again); a new body sets edited_at ?11. */
	[STMT_EVENT_UPDATE] = {"event_update",
		"UPDATE events SET kind = coalesce(?3, kind), level = coalesce(?4, level),"
		" hidden = CASE WHEN ?5 THEN ?6 ELSE hidden END,"
		" hidden_reason = CASE WHEN ?5 THEN ?7 ELSE hidden_reason END,"
		" hidden_by = CASE WHEN ?5 THEN ?8 ELSE hidden_by END,"
		" hidden_at = CASE WHEN ?5 THEN ?9 ELSE hidden_at END,"
		" body = coalesce(?10, body),"
		" edited_at = CASE WHEN ?10 IS NULL THEN edited_at ELSE ?11 END"
		" WHERE id = ?1 AND request_id = ?2"},
	[STMT_SUPPORT_STAFF_ADD] = {"support_staff_add",
		"INSERT INTO request_support_staff (request_id, user_id) VALUES (?1, ?2)"},
	[STMT_SUPPORT_STAFF_REMOVE] = {"support_staff_remove",
		"DELETE FROM request_support_staff WHERE request_id = ?1 AND user_id = ?2"},
	[STMT_REQUEST_SUPPORT_STAFF] = {"request_support_staff",
		"SELECT u.id, u.name, u.title FROM request_support_staff AS rs"
		" JOIN users AS u ON u.id = rs.user_id WHERE rs.request_id = ?1"
		" ORDER BY u.name, u.id"},
	[STMT_REQUEST_DEPARTMENT_REMOVE] = {"request_department_remove",
		"DELETE FROM request_departments WHERE request_id = ?1 AND department_id = ?2"},
	[STMT_DEPARTMENTS_ADMIN] = {"departments_admin",
		"SELECT d.id, d.name, d.short_name, d.active, d.default_contact_id,"
		" u.name AS default_contact_name FROM departments AS d"
		" LEFT JOIN users AS u ON u.id = d.default_contact_id ORDER BY d.name"},
	[STMT_DEPARTMENT_SET_CONTACT] = {"department_set_contact",
		"UPDATE departments SET default_contact_id = ?2, updated_at = ?3 WHERE id = ?1"},
	[STMT_QUEUE_MINE] = {"queue_mine", QUEUE_LIST(QUEUE_BY_ID, QUEUE_MINE)},
	[STMT_QUEUE_MINE_COUNT] = {"queue_mine_count", QUEUE_COUNT(QUEUE_BY_ID, QUEUE_MINE)},
	[STMT_QUEUE_UNASSIGNED] = {"queue_unassigned", QUEUE_LIST(QUEUE_ACTIVE, QUEUE_UNASSIGNED)},
	[STMT_QUEUE_UNASSIGNED_COUNT] = {"queue_unassigned_count", QUEUE_COUNT(QUEUE_ACTIVE, QUEUE_UNASSIGNED)},
	[STMT_QUEUE_DUE_SOON] = {"queue_due_soon", QUEUE_LIST(QUEUE_ACTIVE, QUEUE_DUE_SOON)},
	[STMT_QUEUE_DUE_SOON_COUNT] = {"queue_due_soon_count", QUEUE_COUNT(QUEUE_ACTIVE, QUEUE_DUE_SOON)},
	[STMT_QUEUE_OVERDUE] = {"queue_overdue", QUEUE_LIST(QUEUE_ACTIVE, QUEUE_OVERDUE)},
	[STMT_QUEUE_OVERDUE_COUNT] = {"queue_overdue_count", QUEUE_COUNT(QUEUE_ACTIVE, QUEUE_OVERDUE)},
	[STMT_QUEUE_PAUSED] = {"queue_paused", QUEUE_LIST(QUEUE_STATUS, QUEUE_PAUSED)},
	[STMT_QUEUE_PAUSED_COUNT] = {"queue_paused_count", QUEUE_COUNT(QUEUE_STATUS, QUEUE_PAUSED)},
	[STMT_QUEUE_CLOSED] = {"queue_closed", QUEUE_LIST(QUEUE_STATUS, QUEUE_CLOSED)},
	[STMT_QUEUE_CLOSED_COUNT] = {"queue_closed_count", QUEUE_COUNT(QUEUE_STATUS, QUEUE_CLOSED)},
	/* The dashboard (0008): more queues, tasks. */
	[STMT_QUEUE_DEPARTMENTS] = {"queue_departments", QUEUE_LIST(QUEUE_BY_ID, QUEUE_DEPARTMENTS)},
	[STMT_QUEUE_DEPARTMENTS_COUNT] = {"queue_departments_count",
		QUEUE_COUNT(QUEUE_BY_ID, QUEUE_DEPARTMENTS)},
	[STMT_QUEUE_ALL] = {"queue_all", QUEUE_LIST(QUEUE_STATUS, QUEUE_ALL)},
	[STMT_QUEUE_ALL_COUNT] = {"queue_all_count", QUEUE_COUNT(QUEUE_STATUS, QUEUE_ALL)},
	[STMT_QUEUE_ALL_RECEIVED_ASC] = {"queue_all_received_asc",
		QUEUE_ALL_ORDERED("r.received_at, r.id")},
	[STMT_QUEUE_ALL_RECEIVED_DESC] = {"queue_all_received_desc",
		QUEUE_ALL_ORDERED("r.received_at DESC, r.id DESC")},
	[STMT_QUEUE_ALL_NUMBER_ASC] = {"queue_all_number_asc",
		QUEUE_ALL_ORDERED("r.year, r.seq")},
	[STMT_QUEUE_ALL_NUMBER_DESC] = {"queue_all_number_desc",
		QUEUE_ALL_ORDERED("r.year DESC, r.seq DESC")},
	[STMT_TASKS_MINE] = {"tasks_mine",
		"SELECT " TASK_COLUMNS ", r.number, r.status AS request_status,"
		" r.version AS request_version" TASKS_MINE_FROM TASK_NAMES TASKS_MINE_WHERE
		QUEUE_ORDER("t.due_date") ", t.id LIMIT ?11 OFFSET ?12"},
	[STMT_TASKS_MINE_COUNT] = {"tasks_mine_count", "SELECT count(*)" TASKS_MINE_FROM TASKS_MINE_WHERE},
	[STMT_REQUEST_TASKS] = {"request_tasks",
		"SELECT " TASK_COLUMNS " FROM tasks AS t" TASK_NAMES
		" WHERE t.request_id = ?1"
		" ORDER BY t.status = 'done', t.due_date IS NULL, t.due_date, t.id LIMIT ?2"},
	[STMT_TASK_BY_ID] = {"task_by_id",
		"SELECT " TASK_COLUMNS " FROM tasks AS t" TASK_NAMES " WHERE t.id = ?1"},
	[STMT_TASK_INSERT] = {"task_insert",
		"INSERT INTO tasks (request_id, assignee_user_id, assignee_department_id,"
		" description, due_date, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
	[STMT_TASK_DONE] = {"task_done",
		"UPDATE tasks SET status = 'done', done_note = ?2, done_at = ?3, done_by = ?4"
		" WHERE id = ?1 AND status = 'open'"},
	/* Deadline upkeep (src/domain/due.c): a request's due date history,
	 * its compliance flag, the requests whose due date the rule keeps,
	 * and those newly overdue (no overdue event for their due date). */
	[STMT_REQUEST_DUE_CHANGES] = {"request_due_changes",
		"SELECT data FROM events WHERE request_id = ?1 AND kind = 'due_date_changed'"
		" ORDER BY created_at, id"},
	[STMT_REQUEST_SET_COMPLIANCE] = {"request_set_compliance",
		"UPDATE requests SET compliance = ?2 WHERE id = ?1"},
	[STMT_REQUEST_PAUSES] = {"request_pauses",
		"SELECT data FROM events WHERE request_id = ?1 AND kind = 'paused'"
		" ORDER BY created_at, id"},
	[STMT_REQUESTS_DUE_BY_RULE] = {"requests_due_by_rule",
		"SELECT id, number, received_at, due_date, first_due_date, due_explanation,"
		" version FROM requests INDEXED BY requests_active_due"
		" WHERE status <> 'closed' AND due_date >= ?1 AND due_source = 'rule'"
		" ORDER BY id LIMIT ?2"},
	[STMT_REQUEST_SET_DUE] = {"request_set_due",
		"UPDATE requests SET due_date = ?3, first_due_date = ?4, due_explanation = ?5,"
		" version = version + 1, updated_at = ?6 WHERE id = ?1 AND version = ?2"},
	[STMT_REQUESTS_NEWLY_OVERDUE] = {"requests_newly_overdue",
		"SELECT r.id, r.number, r.due_date, r.point_of_contact_id"
		" FROM requests AS r INDEXED BY requests_active_due"
		" WHERE r.status <> 'closed' AND r.due_date <= substr(?1, 1, 10)"
		" AND " DUE_ENDED("?1") " AND r.status = 'open'"
		" AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.request_id = r.id"
		"  AND e.kind = 'overdue' AND json_extract(e.data, '$.due_date') = r.due_date)"
		" ORDER BY r.id LIMIT ?2"},
	/* The archive of flagged requests: the parameters of every archive
	 * statement; the few flagged rows are filtered by the rest. */
#define ARCHIVE_FLAGGED "r.published = 1 AND r.compliance IS NOT NULL" \
	ARCHIVE_ANY_STATUS("r.status") \
	" AND (?9 = 0 OR EXISTS (SELECT 1 FROM request_departments AS rd" \
	"  WHERE rd.request_id = r.id AND rd.department_id = ?9))"
	[STMT_ARCHIVE_FLAGGED_NEWEST] = {"archive_flagged_newest",
		ARCHIVE_FROM("requests_public_flagged", ARCHIVE_FLAGGED) R_NEWEST},
	[STMT_ARCHIVE_FLAGGED_OLDEST] = {"archive_flagged_oldest",
		ARCHIVE_FROM("requests_public_flagged", ARCHIVE_FLAGGED) R_OLDEST},

	/* Deadline administration (web/admin_deadlines.c). */
	[STMT_RULE_SETS] = {"rule_sets",
		"SELECT key, name, config, active, preset FROM deadline_rule_sets"
		" ORDER BY preset DESC, name, key"},
	[STMT_RULE_SET_INSERT] = {"rule_set_insert",
		"INSERT INTO deadline_rule_sets (key, name, config, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?4)"},
	[STMT_RULE_SET_UPDATE] = {"rule_set_update",
		"UPDATE deadline_rule_sets SET name = ?2, config = ?3, updated_at = ?4"
		" WHERE key = ?1 AND preset = 0"},
	[STMT_DEPARTMENTS_RULE_SETS] = {"departments_rule_sets",
		"SELECT id, name, rule_set_key FROM departments WHERE active = 1 ORDER BY name"},
	[STMT_DEPARTMENT_SET_RULE_SET] = {"department_set_rule_set",
		"UPDATE departments SET rule_set_key = ?2, updated_at = ?3 WHERE id = ?1"},
	[STMT_DEPARTMENT_RULE_SET] = {"department_rule_set",
		"SELECT rule_set_key FROM departments WHERE id = ?1"},
	[STMT_HOLIDAY_CALENDARS] = {"holiday_calendars",
		"SELECT calendar, count(*) AS rules FROM holiday_rules GROUP BY calendar"
		" ORDER BY calendar"},
	[STMT_HOLIDAY_RULES_ALL] = {"holiday_rules_all",
		"SELECT id, name, kind, month, day, weekday, nth, offset_days, observance,"
		" first_year, last_year, active FROM holiday_rules WHERE calendar = ?1"
		" ORDER BY month, id"},
	[STMT_HOLIDAY_RULE_INSERT] = {"holiday_rule_insert",
		"INSERT INTO holiday_rules (calendar, name, kind, month, day, weekday, nth,"
		" offset_days, observance, first_year, last_year)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
	[STMT_HOLIDAY_RULE_GET] = {"holiday_rule_get",
		"SELECT id, calendar, name, kind, month, day, weekday, nth, offset_days,"
		" observance, first_year, last_year, active FROM holiday_rules WHERE id = ?1"},
	[STMT_HOLIDAY_RULE_SET_ACTIVE] = {"holiday_rule_set_active",
		"UPDATE holiday_rules SET active = ?2 WHERE id = ?1"},
	[STMT_CALENDAR_DATE_INSERT] = {"calendar_date_insert",
		"INSERT INTO calendar_dates (date, kind, name, created_by, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)"},
	[STMT_CALENDAR_DATE_GET] = {"calendar_date_get",
		"SELECT date, kind, name FROM calendar_dates WHERE date = ?1"},
	[STMT_CALENDAR_DATE_DELETE] = {"calendar_date_delete",
		"DELETE FROM calendar_dates WHERE date = ?1"},
	[STMT_HOLIDAY_RULES_COPY] = {"holiday_rules_copy",
		"INSERT INTO holiday_rules (calendar, name, kind, month, day, weekday, nth,"
		" offset_days, observance, first_year, last_year, active)"
		" SELECT ?2, name, kind, month, day, weekday, nth, offset_days, observance,"
		" first_year, last_year, active FROM holiday_rules WHERE calendar = ?1 ORDER BY id"},
	/* Editing a holiday rule; turning a custom rule set off and on. */
	[STMT_HOLIDAY_RULE_UPDATE] = {"holiday_rule_update",
		"UPDATE holiday_rules SET calendar = ?1, name = ?2, kind = ?3, month = ?4, day = ?5,"
		" weekday = ?6, nth = ?7, offset_days = ?8, observance = ?9, first_year = ?10,"
		" last_year = ?11 WHERE id = ?12"},
	[STMT_RULE_SET_SET_ACTIVE] = {"rule_set_set_active",
		"UPDATE deadline_rule_sets SET active = ?2, updated_at = ?3"
		" WHERE key = ?1 AND preset = 0"},
	[STMT_RULE_SET_DEPARTMENT] = {"rule_set_department",
		"SELECT name FROM departments WHERE rule_set_key = ?1 ORDER BY active DESC, name"
		" LIMIT 1"},
	/* Documents. DOCUMENT_COLUMNS is what every document row has. The
	 * visibility rule of the documents list is the policy's
	 * (policy_can_see_request, policy_can_see_document) in SQL, for the
	 * viewer ?1 (0: anonymous) who is staff when ?2 is 1: staff see every
	 * document; others a released document of a request they may see, at
	 * level public, or requester on their own requests. */
#define DOCUMENT_COLUMNS "d.id, d.request_id, d.level, d.kind, d.title, d.description," \
	" d.filename, d.content_type, d.size, d.sha256, d.url, d.instructions," \
	" d.replaced_by_id, d.text_status, d.uploaded_by, d.created_at, d.released_at," \
	" d.download_count, r.number, r.requester_id, r.published"
#define DOCUMENT_VISIBLE "(?2 = 1 OR (d.released_at IS NOT NULL" \
	" AND (d.level = 'public' AND r.published = 1" \
	"  OR ?1 > 0 AND r.requester_id = ?1 AND d.level IN ('public', 'requester'))))"
	[STMT_DOCUMENT_INSERT] = {"document_insert",
		"INSERT INTO documents (request_id, level, kind, title, description, filename,"
		" content_type, size, sha256, storage_path, url, instructions, text_status,"
		" uploaded_by, created_at, released_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"},
	[STMT_DOCUMENT_BY_ID] = {"document_by_id",
		"SELECT " DOCUMENT_COLUMNS ", d.storage_path FROM documents AS d"
		" JOIN requests AS r ON r.id = d.request_id WHERE d.id = ?1"},
	[STMT_DOCUMENT_SET_LEVEL] = {"document_set_level",
		"UPDATE documents SET level = ?2, released_at = ?3 WHERE id = ?1"},
	/* The old version stays, for staff only. */
	[STMT_DOCUMENT_REPLACE] = {"document_replace",
		"UPDATE documents SET replaced_by_id = ?2, level = 'staff' WHERE id = ?1"
		" AND replaced_by_id IS NULL"},
	[STMT_DOCUMENT_DOWNLOADED] = {"document_downloaded",
		"UPDATE documents SET download_count = download_count + 1 WHERE id = ?1"},
	[STMT_DOCUMENT_SET_TEXT] = {"document_set_text",
		"UPDATE documents SET text_status = ?2, text_content = ?3 WHERE id = ?1"
		" RETURNING request_id"},
	/* Earlier versions, newest first: the rows replaced by ?1, by those... */
	[STMT_DOCUMENT_VERSIONS] = {"document_versions",
		"WITH RECURSIVE v (id, depth) AS (SELECT id, 1 FROM documents"
		"  WHERE replaced_by_id = ?1"
		" UNION ALL SELECT d.id, v.depth + 1 FROM documents AS d JOIN v"
		"  ON d.replaced_by_id = v.id WHERE v.depth < 1000)"
		" SELECT " DOCUMENT_COLUMNS " FROM v JOIN documents AS d ON d.id = v.id"
		" JOIN requests AS r ON r.id = d.request_id ORDER BY v.depth"},
	[STMT_DOCUMENTS_PENDING_TEXT] = {"documents_pending_text",
		"SELECT id FROM documents WHERE text_status = 'pending' ORDER BY id LIMIT ?1"},
	/* The documents list: ?3 a request (0: any), ?4 a department (0: any),
	 * ?5/?6 the date range [from, before) of release (or upload), ?7 a
	 * kind, ?8 a content type GLOB (NULL: any), ?9 an FTS5 query over the
	 * staff index (NULL: no search; the visibility rule still filters),
	 * ?10 the page size, ?11 the offset. */
	[STMT_DOCUMENTS_INDEX] = {"documents_index",
		"SELECT " DOCUMENT_COLUMNS " FROM documents AS d INDEXED BY documents_current"
		" JOIN requests AS r ON r.id = d.request_id"
		" WHERE d.replaced_by_id IS NULL AND " DOCUMENT_VISIBLE
		" AND (?3 = 0 OR d.request_id = ?3)"
		" AND (?4 = 0 OR EXISTS (SELECT 1 FROM request_departments AS rd"
		"  WHERE rd.request_id = d.request_id AND rd.department_id = ?4))"
		" AND coalesce(d.released_at, d.created_at) >= ?5"
		" AND coalesce(d.released_at, d.created_at) < ?6"
		" AND (?7 IS NULL OR d.kind = ?7)"
		" AND (?8 IS NULL OR d.content_type GLOB ?8)"
		" AND (?9 IS NULL OR d.id IN (SELECT si.item_id FROM search_all AS s"
		"  JOIN search_items AS si ON si.id = s.rowid"
		"  WHERE search_all MATCH ?9 AND si.kind = 'document'))"
		" ORDER BY d.created_at DESC, d.id DESC LIMIT ?10 OFFSET ?11"},
	[STMT_REQUEST_FILE_USAGE] = {"request_file_usage",
		"SELECT coalesce(sum(size), 0) AS bytes, count(*) AS documents FROM documents"
		" WHERE request_id = ?1 AND replaced_by_id IS NULL"},
	/* The current files of a request at or below level ?2, with where they
	 * are stored (the zip of a request's documents). */
	[STMT_REQUEST_FILES] = {"request_files",
		"SELECT id, level, filename, size, created_at, released_at, storage_path"
		" FROM documents WHERE request_id = ?1 AND replaced_by_id IS NULL"
		" AND kind = 'file' AND (CASE level WHEN 'public' THEN 0"
		" WHEN 'requester' THEN 1 ELSE 2 END) <= ?2 ORDER BY created_at, id"},
	/* Background jobs. A claim is one statement: it takes the oldest due
	 * job and leases it (run_at moves to the end of the lease, so a job
	 * whose worker died is due again then); attempts is the lease's
	 * token, so a worker whose lease was taken over cannot finish it. */
	[STMT_JOB_ENQUEUE] = {"job_enqueue",
		"INSERT INTO jobs (kind, payload, run_at, max_attempts, unique_key, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unique_key) DO NOTHING"},
	[STMT_JOB_CLAIM] = {"job_claim",
		"UPDATE jobs SET run_at = ?1 + ?2, locked_until = ?1 + ?2,"
		" attempts = attempts + 1"
		" WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ?1"
		" ORDER BY run_at, id LIMIT 1)"
		" RETURNING id, kind, payload, attempts, max_attempts"},
	[STMT_JOB_DONE] = {"job_done",
		"UPDATE jobs SET status = 'done', finished_at = ?3, locked_until = NULL,"
		" last_error = NULL WHERE id = ?1 AND attempts = ?2 AND status = 'queued'"},
	[STMT_JOB_RETRY] = {"job_retry",
		"UPDATE jobs SET run_at = ?3, locked_until = NULL, last_error = ?4"
		" WHERE id = ?1 AND attempts = ?2 AND status = 'queued'"},
	[STMT_JOB_FAIL] = {"job_fail",
		"UPDATE jobs SET status = 'failed', finished_at = ?3, locked_until = NULL,"
		" last_error = ?4 WHERE id = ?1 AND attempts = ?2 AND status = 'queued'"},
	[STMT_JOB_GET] = {"job_get",
		"SELECT id, kind, payload, status, run_at, attempts, max_attempts,"
		" locked_until, last_error, unique_key, created_at, finished_at"
		" FROM jobs WHERE id = ?1"},

	/* Outgoing email. A claim leases the oldest due email in one
	 * statement ('sending' until next_attempt_at; a worker that died
	 * leaves it to be claimed again then); attempts is the lease token. */
	[STMT_OUTBOX_ENQUEUE] = {"outbox_enqueue",
		"INSERT INTO outbox (to_addr, subject, body_text, body_html, headers_json,"
		" message_id, request_id, event_id, status, next_attempt_at, created_at,"
		" recipient_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, ?9, ?10)"},
	[STMT_OUTBOX_CLAIM] = {"outbox_claim",
		"UPDATE outbox SET status = 'sending', next_attempt_at = ?1 + ?2,"
		" attempts = attempts + 1"
		" WHERE id = (SELECT id FROM outbox WHERE status IN ('queued', 'sending')"
		" AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1)"
		" RETURNING id, to_addr, subject, body_text, body_html, headers_json,"
		" message_id, request_id, event_id, attempts, created_at"},
	[STMT_OUTBOX_SENT] = {"outbox_sent",
		"UPDATE outbox SET status = 'sent', sent_at = ?3, last_error = NULL"
		" WHERE id = ?1 AND attempts = ?2 AND status = 'sending'"},
	[STMT_OUTBOX_RETRY] = {"outbox_retry",
		"UPDATE outbox SET status = 'queued', next_attempt_at = ?3, last_error = ?4"
		" WHERE id = ?1 AND attempts = ?2 AND status = 'sending'"},
	[STMT_OUTBOX_FAIL] = {"outbox_fail",
		"UPDATE outbox SET status = 'failed', last_error = ?3"
		" WHERE id = ?1 AND attempts = ?2 AND status = 'sending'"},
	[STMT_OUTBOX_REQUEUE] = {"outbox_requeue",
		"UPDATE outbox SET status = 'queued', next_attempt_at = ?2, created_at = ?2"
		" WHERE id = ?1 AND status = 'failed'"},
	[STMT_OUTBOX_FAILED_LIST] = {"outbox_failed_list",
		"SELECT o.id, o.to_addr, o.subject, o.attempts, o.last_error, o.created_at,"
		" r.number AS request_number FROM outbox AS o"
		" LEFT JOIN requests AS r ON r.id = o.request_id"
		" WHERE o.status = 'failed' ORDER BY o.created_at DESC, o.id DESC LIMIT ?1"},
	[STMT_OUTBOX_COUNTS] = {"outbox_counts",
		"SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')) AS waiting,"
		" count(*) FILTER (WHERE status = 'sent') AS sent,"
		" count(*) FILTER (WHERE status = 'failed') AS failed,"
		" count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn FROM outbox"},

	/* Notifications. */
	[STMT_NOTIFY_REQUEST] = {"notify_request",
		"SELECT id, number, description, status, due_date, received_at,"
		" requester_id, requester_name, requester_email, point_of_contact_id"
		" FROM requests WHERE id = ?1"},
	[STMT_NOTIFY_PREFS_OF_USER] = {"notify_prefs_of_user",
		"SELECT kind, delivery FROM notification_prefs WHERE user_id = ?1"},
	[STMT_NOTIFY_PREF_SET] = {"notify_pref_set",
		"INSERT INTO notification_prefs (user_id, kind, delivery, updated_at)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, kind) DO UPDATE SET"
		" delivery = excluded.delivery, updated_at = excluded.updated_at"},
#define NOTIFY_EVENT_COLS \
	"e.id, e.kind, e.level, e.hidden, e.actor_id, e.actor_is_requester," \
	" e.actor_name, e.created_at, e.body, e.data"
	[STMT_NOTIFY_EVENTS_PENDING] = {"notify_events_pending",
		"SELECT " NOTIFY_EVENT_COLS " FROM events AS e"
		" WHERE e.request_id = ?1 AND e.created_at >= ?2 AND NOT EXISTS"
		" (SELECT 1 FROM notified_events AS n WHERE n.event_id = e.id)"
		" ORDER BY e.id LIMIT 50"},
	[STMT_NOTIFY_EVENT_PENDING] = {"notify_event_pending",
		"SELECT e.request_id, " NOTIFY_EVENT_COLS " FROM events AS e"
		" WHERE e.id = ?1 AND NOT EXISTS"
		" (SELECT 1 FROM notified_events AS n WHERE n.event_id = e.id)"},
#undef NOTIFY_EVENT_COLS
	[STMT_NOTIFY_EVENT_MARK] = {"notify_event_mark",
		"INSERT OR IGNORE INTO notified_events (event_id, at) VALUES (?1, ?2)"},
	/* Active staff of one department (?2), or of all the request's (?2 NULL). */
	[STMT_NOTIFY_DEPARTMENT_STAFF] = {"notify_department_staff",
		"SELECT DISTINCT u.id, u.email, u.name, u.role FROM user_departments AS ud"
		" JOIN users AS u ON u.id = ud.user_id"
		" WHERE u.active = 1 AND u.role <> 'requester' AND ud.department_id IN"
		" (SELECT department_id FROM request_departments WHERE request_id = ?1"
		" AND (?2 IS NULL OR department_id = ?2)) ORDER BY u.id LIMIT 200"},
	/* The point of contact and support staff. */
	[STMT_NOTIFY_REQUEST_TEAM] = {"notify_request_team",
		"SELECT u.id, u.email, u.name, u.role FROM users AS u"
		" WHERE u.active = 1 AND u.role <> 'requester' AND"
		" (u.id = (SELECT point_of_contact_id FROM requests WHERE id = ?1)"
		" OR u.id IN (SELECT user_id FROM request_support_staff WHERE request_id = ?1))"
		" ORDER BY u.id LIMIT 200"},
	[STMT_NOTIFY_ADMINS] = {"notify_admins",
		"SELECT u.id, u.email, u.name, u.role FROM users AS u"
		" WHERE u.active = 1 AND u.role = 'admin' ORDER BY u.id LIMIT 200"},
	/* A task's assignee, or its department's staff. */
	[STMT_NOTIFY_TASK_ASSIGNEES] = {"notify_task_assignees",
		"SELECT DISTINCT u.id, u.email, u.name, u.role FROM tasks AS t"
		" JOIN users AS u ON u.id = t.assignee_user_id OR (t.assignee_user_id IS NULL"
		" AND u.id IN (SELECT user_id FROM user_departments"
		" WHERE department_id = t.assignee_department_id))"
		" WHERE t.id = ?1 AND u.active = 1 AND u.role <> 'requester'"
		" ORDER BY u.id LIMIT 200"},
	[STMT_DIGEST_ITEM_ADD] = {"digest_item_add",
		"INSERT INTO notification_digest_items (user_id, kind, request_id, event_id,"
		" subject, body_text, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
	/* People with a digest to get: items waiting, or (staff) open requests
	 * in their care due by ?1. */
	[STMT_DIGEST_USERS] = {"digest_users",
		"SELECT user_id FROM notification_digest_items WHERE sent_at IS NULL"
		" UNION SELECT point_of_contact_id FROM requests"
		" WHERE status = 'open' AND due_date <= ?1 AND point_of_contact_id IS NOT NULL"
		" ORDER BY 1 LIMIT 10000"},
	[STMT_DIGEST_ITEMS] = {"digest_items",
		"SELECT d.id, d.kind, d.subject, d.body_text, r.number AS request_number,"
		" e.level AS event_level, e.hidden AS event_hidden, e.kind AS event_kind,"
		" e.data AS event_data, r.published, r.requester_id"
		" FROM notification_digest_items AS d"
		" LEFT JOIN requests AS r ON r.id = d.request_id"
		" LEFT JOIN events AS e ON e.id = d.event_id"
		" WHERE d.user_id = ?1 AND d.sent_at IS NULL ORDER BY d.id LIMIT ?2"},
	[STMT_DIGEST_ITEMS_MARK] = {"digest_items_mark",
		"UPDATE notification_digest_items SET sent_at = ?3"
		" WHERE user_id = ?1 AND sent_at IS NULL AND id <= ?2"},
	[STMT_DIGEST_SENT_ADD] = {"digest_sent_add",
		"INSERT INTO notification_digests_sent (user_id, day, outbox_id)"
		" VALUES (?1, ?2, ?3)"},
	[STMT_DIGEST_REMINDERS] = {"digest_reminders",
		"SELECT number, description, due_date FROM requests"
		" WHERE point_of_contact_id = ?1 AND status = 'open' AND due_date <= ?2"
		" ORDER BY due_date, id LIMIT ?3"},
	[STMT_OPTOUT_SET] = {"optout_set",
		"INSERT OR IGNORE INTO request_email_optouts (request_id, at) VALUES (?1, ?2)"},
	[STMT_OPTOUT_CLEAR] = {"optout_clear",
		"DELETE FROM request_email_optouts WHERE request_id = ?1"},
	[STMT_OPTOUT_GET] = {"optout_get",
		"SELECT at FROM request_email_optouts WHERE request_id = ?1"},
	/* Incoming mail: the raw message first, then what it turned out to be;
	 * staff attach or discard a held one once (the status guards it). */
	[STMT_INBOUND_INSERT] = {"inbound_insert",
		"INSERT INTO inbound_mail (received_at, size, raw, status)"
		" VALUES (?1, ?2, ?3, 'queued')"},
	[STMT_INBOUND_PROCESSED] = {"inbound_processed",
		"UPDATE inbound_mail SET message_id = ?2, in_reply_to = ?3, from_addr = ?4,"
		" from_name = ?5, to_addr = ?6, subject = ?7, body_text = ?8, full_text = ?9,"
		" attachments_json = ?10, status = ?11, reason = ?12, reason_detail = ?13,"
		" request_id = ?14, event_id = ?15, processed_at = ?16 WHERE id = ?1"},
	[STMT_INBOUND_FAILED] = {"inbound_failed",
		"UPDATE inbound_mail SET status = 'failed', reason = 'error',"
		" reason_detail = ?2, processed_at = ?3 WHERE id = ?1"},
	[STMT_INBOUND_RESOLVE] = {"inbound_resolve",
		"UPDATE inbound_mail SET status = ?2, request_id = coalesce(?3, request_id),"
		" event_id = ?4, resolved_by = ?5, processed_at = ?6"
		" WHERE id = ?1 AND status IN ('held', 'failed', 'queued')"},
	[STMT_INBOUND_GET] = {"inbound_get",
		"SELECT m.id, m.received_at, m.message_id, m.in_reply_to, m.from_addr,"
		" m.from_name, m.to_addr, m.subject, m.body_text, m.full_text,"
		" m.attachments_json, m.status, m.reason, m.reason_detail, m.request_id,"
		" r.number AS request_number, m.event_id, m.size, length(m.raw) AS raw_size,"
		" m.resolved_by, u.name AS resolved_by_name, m.processed_at"
		" FROM inbound_mail AS m LEFT JOIN requests AS r ON r.id = m.request_id"
		" LEFT JOIN users AS u ON u.id = m.resolved_by WHERE m.id = ?1"},
	[STMT_INBOUND_RAW] = {"inbound_raw",
		"SELECT raw FROM inbound_mail WHERE id = ?1"},
	[STMT_INBOUND_LIST] = {"inbound_list",
		"SELECT m.id, m.received_at, m.from_addr, m.from_name, m.subject,"
		" substr(coalesce(m.body_text, m.full_text), 1, ?3) AS text, m.status,"
		" m.reason, m.reason_detail, r.number AS request_number"
		" FROM inbound_mail AS m LEFT JOIN requests AS r ON r.id = m.request_id"
		" WHERE m.status IN (SELECT value FROM json_each(?1))"
		" ORDER BY m.received_at DESC, m.id DESC LIMIT ?2"},
	[STMT_INBOUND_COUNT] = {"inbound_count",
		"SELECT count(*) FROM inbound_mail"
		" WHERE status IN (SELECT value FROM json_each(?1))"},
	[STMT_INBOUND_DUPLICATE] = {"inbound_duplicate",
		"SELECT count(*) FROM inbound_mail WHERE message_id = ?1 AND request_id = ?2"
		" AND status = 'accepted'"},
	[STMT_INBOUND_ATTACHMENTS] = {"inbound_attachments",
		"UPDATE inbound_mail SET attachments_json = ?2 WHERE id = ?1"},
	[STMT_REQUESTER_EMAIL_FAILING] = {"requester_email_failing",
		"UPDATE requests SET requester_email_failed_at = ?2,"
		" requester_email_failure = ?3 WHERE requester_email = ?1"},
	[STMT_REQUESTER_EMAIL_OK] = {"requester_email_ok",
		"UPDATE requests SET requester_email_failed_at = NULL,"
		" requester_email_failure = NULL"
		" WHERE id = ?1 AND requester_email_failed_at IS NOT NULL"},
	[STMT_REQUEST_MAIL_STATE] = {"request_mail_state",
		"SELECT requester_email_failed_at, requester_email_failure FROM requests"
		" WHERE id = ?1"},

	/* Emails checked again before sending. */
	[STMT_OUTBOX_WITHDRAW] = {"outbox_withdraw",
		"UPDATE outbox SET status = 'withdrawn', last_error = ?3"
		" WHERE id = ?1 AND attempts = ?2 AND status = 'sending'"},
	/* What an email about an event tells, as it is now, and its recipient:
	 * the account it was queued for, else the account with its address. */
	[STMT_OUTBOX_TOLD] = {"outbox_told",
		"SELECT e.kind AS event_kind, e.level AS event_level, e.hidden AS event_hidden,"
		" e.data AS event_data, r.published, r.requester_id,"
		" coalesce(lower(r.requester_email) = lower(o.to_addr), 0) AS to_requester,"
		" u.id AS user_id, u.role AS user_role, u.active AS user_active"
		" FROM outbox AS o JOIN events AS e ON e.id = o.event_id"
		" JOIN requests AS r ON r.id = e.request_id"
		" LEFT JOIN users AS u ON u.id = coalesce(o.recipient_id,"
		" (SELECT id FROM users WHERE email = o.to_addr))"
		" WHERE o.id = ?1"},
	[STMT_OUTBOX_WITHDRAWN_LIST] = {"outbox_withdrawn_list",
		"SELECT o.id, o.to_addr, o.subject, o.last_error, o.created_at,"
		" r.number AS request_number FROM outbox AS o"
		" LEFT JOIN requests AS r ON r.id = o.request_id"
		" WHERE o.status = 'withdrawn' ORDER BY o.created_at DESC, o.id DESC LIMIT ?1"},
	/* The documents an event's data names ({"documents": [ids]}): named
	 * is the id named, id NULL for one that is no longer there. */
	[STMT_TOLD_DOCUMENTS] = {"told_documents",
		"SELECT j.value AS named, d.id, d.level, d.released_at"
		" FROM json_each(CASE WHEN json_valid(?1)"
		" THEN ?1 ELSE '{}' END, '$.documents') AS j"
		" LEFT JOIN documents AS d ON d.id = j.value LIMIT 1000"},
};

_Static_assert(sizeof db_stmt_defs / sizeof db_stmt_defs[0] == STMT__COUNT,
	       "db_stmt_defs must name every enum stmt_id");
