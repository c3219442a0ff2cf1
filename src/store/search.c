/* Full-text search: the user's words as a safe FTS5 query, and pages of
 * matching requests read in bounded batches of matches. */
#include "store/store_internal.h"

#include <string.h>

/* A page reads at most SEARCH_BATCHES batches of SEARCH_BATCH matches: a
 * filter that few matches pass cannot make one page read the whole index. */
enum { SEARCH_BATCH = 100, SEARCH_BATCHES = 20, SEARCH_LIMIT_MAX = 100 };

static bool word_byte(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch >= 0x80;
}

size_t store_fts_query(const char *text, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t words = 0;
	while (*p && words < STORE_SEARCH_WORDS_MAX) {
		while (*p && !word_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && word_byte(*p))
			p++;
		if (p == start)
			break;
		buf_puts(out, words++ ? " \"" : "\"");
		buf_append(out, start, (size_t)(p - start));
		buf_putc(out, '"');
	}
	return words;
}

/* A page being assembled: the items and requests chosen so far. */
struct page {
	int64_t items[SEARCH_LIMIT_MAX + 1], requests[SEARCH_LIMIT_MAX + 1];
	size_t n, want; /* want: the limit plus one, to know if more follow */
};
_Static_assert(SEARCH_BATCH <= SEARCH_LIMIT_MAX + 1, "a batch's candidates fit in a page");

static bool page_has(const struct page *pg, int64_t request_id)
{
	for (size_t i = 0; i < pg->n; i++)
		if (pg->requests[i] == request_id)
			return true;
	return false;
}

/* drop_seen removes from the candidates the requests that matched at or
 * above before_item: an earlier page showed them. */
static enum store_rc drop_seen(struct db *db, const struct store_search_query *q,
			       const char *fts, struct page *cand)
{
	sqlite3_stmt *st = db_stmt(db, q->staff ? STMT_SEARCH_ALL_SEEN : STMT_SEARCH_PUBLIC_SEEN);
	if (!st)
		return STORE_ERROR;
	struct buf list = BUF_INIT;
	db_id_list(&list, cand->requests, cand->n);
	enum store_rc r = STORE_ERROR;
	if (db_bind(db, st, "tti", fts, buf_cstr(&list), q->before_item) == SQLITE_OK) {
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t seen = sqlite3_column_int64(st, 0);
			size_t kept = 0;
			for (size_t i = 0; i < cand->n; i++)
				if (cand->requests[i] != seen) {
					cand->items[kept] = cand->items[i];
					cand->requests[kept++] = cand->requests[i];
				}
			cand->n = kept;
		}
		r = db_result(db, rc, "searching earlier matches");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	buf_free(&list);
	return r;
}

/* read_batch reads up to SEARCH_BATCH matches below *before into cand
 * (requests that pass the filter, not yet on the page, once each), moves
 * *before to the last match read and sets *done when no match is left. */
static enum store_rc read_batch(struct db *db, const struct store_search_query *q,
				const char *fts, const struct page *pg, struct page *cand,
				int64_t *before, bool *done)
{
	const struct store_archive_filter *f = &q->filter;
	sqlite3_stmt *st = db_stmt(db, q->staff ? STMT_SEARCH_ALL_BATCH : STMT_SEARCH_PUBLIC_BATCH);
	if (!st)
		return STORE_ERROR;
	if (db_bind(db, st, "tiiiittiitii", f->status, f->received_from,
		    f->received_before ? f->received_before : INT64_MAX, (int64_t)0, (int64_t)0,
		    f->due_from, f->due_to, (int64_t)f->flagged, f->department_id, fts, *before,
		    (int64_t)SEARCH_BATCH) != SQLITE_OK)
		return STORE_ERROR;
	int rc, n = 0;
	cand->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		*before = sqlite3_column_int64(st, 0);
		int64_t request_id = sqlite3_column_int64(st, 1);
		if (!sqlite3_column_int(st, 2) || page_has(pg, request_id) ||
		    page_has(cand, request_id) || cand->n == SEARCH_BATCH)
			continue;
		cand->items[cand->n] = *before;
		cand->requests[cand->n++] = request_id;
	}
	sqlite3_reset(st);
	*done = n < SEARCH_BATCH;
	return db_result(db, rc, "searching");
}

/* page_rows sets *rows to the chosen items' rows with their snippets. */
static enum store_rc page_rows(struct db *db, const struct store_search_query *q,
			       const char *fts, const int64_t *items, size_t n, json_t **rows)
{
	sqlite3_stmt *st = db_stmt(db, q->staff ? STMT_SEARCH_ALL_ROWS : STMT_SEARCH_PUBLIC_ROWS);
	if (!st)
		return STORE_ERROR;
	struct buf list = BUF_INIT;
	db_id_list(&list, items, n);
	enum store_rc r = STORE_ERROR;
	int64_t lo = INT64_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		lo = items[i] < lo ? items[i] : lo;
		hi = items[i] > hi ? items[i] : hi;
	}
	if (db_bind(db, st, "ttii", fts, buf_cstr(&list), lo, hi) == SQLITE_OK)
		r = db_rows_json(db, st, "reading search results", rows);
	sqlite3_clear_bindings(st);
	buf_free(&list);
	return r;
}

enum store_rc store_search(struct db *db, const struct store_search_query *q, json_t **rows,
			   int64_t *next_item)
{
	struct buf fts = BUF_INIT;
	if (store_fts_query(q->text, &fts) == 0) {
		buf_free(&fts);
		db_set_error(db, "the search has no words");
		return STORE_INVALID;
	}
	int limit = q->limit < 1 ? 1 : q->limit > SEARCH_LIMIT_MAX ? SEARCH_LIMIT_MAX : q->limit;
	struct page page = {.want = (size_t)limit + 1}, batch_cand = {0};
	struct page *pg = &page, *cand = &batch_cand;
	int64_t before = q->before_item ? q->before_item : INT64_MAX;
	bool done = false;
	enum store_rc r = STORE_OK;
	for (int batch = 0; r == STORE_OK && !done && pg->n < pg->want && batch < SEARCH_BATCHES;
	     batch++) {
		r = read_batch(db, q, buf_cstr(&fts), pg, cand, &before, &done);
		if (r == STORE_OK && q->before_item && cand->n)
			r = drop_seen(db, q, buf_cstr(&fts), cand);
		for (size_t i = 0; r == STORE_OK && i < cand->n && pg->n < pg->want; i++) {
			pg->items[pg->n] = cand->items[i];
			pg->requests[pg->n++] = cand->requests[i];
		}
	}
	size_t shown = pg->n > (size_t)limit ? (size_t)limit : pg->n;
	if (r == STORE_OK)
		r = page_rows(db, q, buf_cstr(&fts), pg->items, shown, rows);
	if (r == STORE_OK)
		*next_item = pg->n > (size_t)limit ? pg->items[limit - 1] : done ? 0 : before;
	buf_free(&fts);
	return r;
}
