/* Documents: files, links and offline instructions released on a request,
 * their versions, and the search item that follows each. */
#include "store/store_internal.h"

enum store_rc store_document_add(struct db *db, const struct store_document_new *d, int64_t *id)
{
	PREPARE(st, STMT_DOCUMENT_INSERT);
	if (db_bind(db, st, "itttttt", d->request_id, d->level, d->kind, d->title, d->description,
		    d->filename, d->content_type) != SQLITE_OK)
		return STORE_ERROR;
	int rc = d->kind[0] == 'f' ? sqlite3_bind_int64(st, 8, d->size) : SQLITE_OK;
	if (rc == SQLITE_OK && d->sha256)
		rc = sqlite3_bind_blob(st, 9, d->sha256, 32, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 10, d->storage_path, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 11, d->url, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 12, d->instructions, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 13, d->text_status, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && d->uploaded_by)
		rc = sqlite3_bind_int64(st, 14, d->uploaded_by);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 15, d->created_at);
	if (rc == SQLITE_OK && d->released_at)
		rc = sqlite3_bind_int64(st, 16, d->released_at);
	if (rc != SQLITE_OK) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return db_result(db, rc, "adding a document");
	}
	enum store_rc r = db_step_done(db, st, "adding a document");
	sqlite3_clear_bindings(st);
	if (r != STORE_OK)
		return r;
	int64_t did = sqlite3_last_insert_rowid(db->conn);
	if (id)
		*id = did;
	return db_index_item(db, "document", did, d->request_id);
}

enum store_rc store_document_get(struct db *db, int64_t id, json_t **row)
{
	PREPARE(st, STMT_DOCUMENT_BY_ID);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_row_one(db, st, "reading a document", row);
}

enum store_rc store_document_set_level(struct db *db, int64_t id, const char *level,
				       int64_t released_at)
{
	PREPARE(st, STMT_DOCUMENT_SET_LEVEL);
	return RUN(st, "changing a document's level", "itI", id, level, released_at);
}

enum store_rc store_document_replace(struct db *db, int64_t old_id, int64_t new_id)
{
	PREPARE(st, STMT_DOCUMENT_REPLACE);
	enum store_rc r = RUN(st, "replacing a document", "ii", old_id, new_id);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_rc store_document_downloaded(struct db *db, int64_t id)
{
	PREPARE(st, STMT_DOCUMENT_DOWNLOADED);
	return RUN(st, "counting a download", "i", id);
}

enum store_rc store_document_set_text(struct db *db, int64_t id, const char *status,
				      const char *text)
{
	PREPARE(item, STMT_DOCUMENT_SEARCH_ITEM);
	if (db_bind(db, item, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	int64_t search_id = 0;
	enum store_rc r = db_step_int(db, item, "finding a document's search item", &search_id);
	if (r != STORE_OK)
		return r;
	/* External content: out of the indexes with the old text, then in. */
	PREPARE(all_out, STMT_SEARCH_ALL_REMOVE);
	PREPARE(pub_out, STMT_SEARCH_PUBLIC_REMOVE);
	PREPARE(set, STMT_DOCUMENT_SET_TEXT);
	PREPARE(all_in, STMT_SEARCH_ALL_ADD);
	PREPARE(pub_in, STMT_SEARCH_PUBLIC_ADD);
	r = RUN(all_out, "unindexing a document", "i", search_id);
	if (r == STORE_OK)
		r = RUN(pub_out, "unindexing a public document", "i", search_id);
	if (r == STORE_OK)
		r = RUN(set, "saving a document's text", "itt", id, status, text);
	if (r == STORE_OK)
		r = RUN(all_in, "indexing a document", "i", search_id);
	if (r == STORE_OK)
		r = RUN(pub_in, "indexing a public document", "i", search_id);
	return r;
}

enum store_rc store_document_versions(struct db *db, int64_t id, json_t **rows)
{
	PREPARE(st, STMT_DOCUMENT_VERSIONS);
	if (db_bind(db, st, "i", id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing a document's versions", rows);
}

enum store_rc store_documents_pending_text(struct db *db, int64_t limit, json_t **rows)
{
	PREPARE(st, STMT_DOCUMENTS_PENDING_TEXT);
	if (db_bind(db, st, "i", limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing documents to read", rows);
}

enum store_rc store_documents_index(struct db *db, const struct store_document_filter *f,
				    json_t **rows)
{
	struct buf fts = BUF_INIT;
	if (f->text && store_fts_query(f->text, &fts) == 0) {
		buf_free(&fts);
		*rows = json_array();
		return STORE_OK;
	}
	sqlite3_stmt *st = db_stmt(db, STMT_DOCUMENTS_INDEX);
	enum store_rc r = STORE_ERROR;
	if (st && db_bind(db, st, "iiiiiitttii", f->viewer_id, (int64_t)f->staff, f->request_id,
			  f->department_id, f->from, f->before ? f->before : INT64_MAX, f->kind,
			  f->type_glob, f->text ? buf_cstr(&fts) : NULL, f->limit,
			  f->offset) == SQLITE_OK)
		r = db_rows_json(db, st, "listing documents", rows);
	if (st)
		sqlite3_clear_bindings(st);
	buf_free(&fts);
	return r;
}

enum store_rc store_request_file_usage(struct db *db, int64_t request_id, int64_t *bytes,
				       int64_t *count)
{
	PREPARE(st, STMT_REQUEST_FILE_USAGE);
	json_t *row = NULL;
	if (db_bind(db, st, "i", request_id) != SQLITE_OK)
		return STORE_ERROR;
	enum store_rc r = db_row_one(db, st, "adding up a request's files", &row);
	if (r == STORE_OK) {
		*bytes = json_integer_value(json_object_get(row, "bytes"));
		*count = json_integer_value(json_object_get(row, "documents"));
	}
	json_decref(row);
	return r;
}

enum store_rc store_request_files(struct db *db, int64_t request_id, int max_level,
				  json_t **rows)
{
	PREPARE(st, STMT_REQUEST_FILES);
	if (db_bind(db, st, "ii", request_id, (int64_t)max_level) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows_json(db, st, "listing a request's files", rows);
}
