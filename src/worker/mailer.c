/* Sending the outbox. */
#include "worker/mailer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/mail.h"
#include "domain/notify.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/die.h"
#include "util/log.h"
#include "worker/smtp.h"
#include "util/json_field.h"

/* compose writes the claimed row as a message; false when it cannot be
 * (an invalid address). */
static bool compose(struct db *db, const struct worker_config *cfg, const json_t *row,
		    struct buf *out)
{
	json_t *h = json_str(row, "headers_json")
			    ? json_loads(json_str(row, "headers_json"), 0, NULL)
			    : NULL;
	char *agency = NULL;
	if (store_setting_get(db, "agency_name", &agency) != STORE_OK) {
		free(agency);
		agency = NULL;
	}
	struct buf id = BUF_INIT;
	const char *message_id = json_str(row, "message_id");
	if (!message_id) { /* queued by code that gave none (account emails) */
		mail_message_id(&id, "account", notify_mail_domain());
		message_id = buf_cstr(&id);
	}
	struct mail_message m = {
		.from_name = agency, .from_addr = cfg->mail.from,
		.to_name = json_str(h, "to_name"), .to_addr = json_str(row, "to_addr"),
		.reply_to = json_str(h, "reply_to"), .subject = json_str(row, "subject"),
		.message_id = message_id, .thread_id = json_str(h, "thread_id"),
		.unsubscribe_url = json_str(h, "unsubscribe_url"), .kind = json_str(h, "kind"),
		.date = json_num(row, "created_at"), .text = json_str(row, "body_text"),
		.html = json_str(row, "body_html"),
	};
	bool done = mail_compose(out, &m);
	buf_free(&id);
	free(agency);
	json_decref(h);
	return done;
}

/* finish records the outcome in one transaction with, for a failure, the
 * admins' notice. */
static void finish(struct db *db, const json_t *row, enum store_outbox_end end, int64_t at,
		   const char *error)
{
	int64_t id = json_num(row, "id"), attempts = json_num(row, "attempts");
	bool done = db_begin(db);
	enum store_rc rc = done ? store_outbox_finish(db, id, attempts, end, at, error) : STORE_ERROR;
	if (rc == STORE_OK && end == STORE_OUTBOX_FAILED)
		done = notify_mail_failed(db, row, error, date_time_now());
	if (rc == STORE_NOT_FOUND)
		log_warn("mailer: email %lld outlived its lease; another worker has it",
			 (long long)id);
	if (rc == STORE_OK && done && db_commit(db))
		return;
	if (rc != STORE_NOT_FOUND)
		log_error("mailer: recording email %lld: %s", (long long)id, db_errmsg(db));
	db_rollback(db);
}

/* claim leases the next due email and, in the same transaction, checks it
 * against the policy as things are now (notify_mail_check): *withdrawn
 * when it may no longer be sent. STORE_NOT_FOUND when none is due. */
static enum store_rc claim(const struct worker_config *cfg, struct db *db, json_t **row,
			   bool *withdrawn)
{
	int64_t now = date_time_now();
	if (!db_begin(db)) {
		db_rollback(db);
		return STORE_ERROR;
	}
	enum store_rc rc = store_outbox_claim(db, now, cfg->lease_seconds, row);
	int check = rc == STORE_OK ? notify_mail_check(db, *row, now) : 1;
	if (check < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK && db_commit(db)) {
		*withdrawn = check == 0;
		return STORE_OK;
	}
	db_rollback(db);
	json_decref(*row);
	*row = NULL;
	return rc == STORE_NOT_FOUND ? rc : STORE_ERROR;
}

bool mailer_send_one(const struct worker_config *cfg, struct db *db, const atomic_bool *stop)
{
	json_t *row = NULL;
	bool withdrawn = false;
	enum store_rc rc = claim(cfg, db, &row, &withdrawn);
	if (rc == STORE_NOT_FOUND)
		return false;
	if (rc != STORE_OK) {
		log_error("mailer: %s", db_errmsg(db));
		return false;
	}
	if (withdrawn) {
		json_decref(row);
		return true;
	}
	int64_t id = json_num(row, "id"), attempts = json_num(row, "attempts");
	struct buf msg = BUF_INIT;
	char err[512] = "";
	enum smtp_result result;
	if (!compose(db, cfg, row, &msg)) {
		snprintf(err, sizeof err, "not sent: an address is not valid");
		result = SMTP_PERMANENT;
	} else {
		result = smtp_send(&cfg->mail, cfg->mail.from, json_str(row, "to_addr"), msg.data,
				   msg.len, stop, err, sizeof err);
	}
	buf_free(&msg);
	int64_t after = date_time_now();
	bool expired = after - json_num(row, "created_at") >= (int64_t)cfg->mail.give_up_seconds;
	if (result == SMTP_SENT) {
		log_info("mailer: email %lld sent", (long long)id);
		finish(db, row, STORE_OUTBOX_SENT, after, NULL);
	} else if (result == SMTP_STOPPED) {
		finish(db, row, STORE_OUTBOX_RETRY, after, err);
	} else if (result == SMTP_PERMANENT || expired) {
		log_warn("mailer: email %lld failed after %lld attempts: %s", (long long)id,
			 (long long)attempts, err);
		finish(db, row, STORE_OUTBOX_FAILED, after, err);
	} else {
		int64_t at = after + worker_retry_delay(cfg, attempts);
		/* The last try comes at the end of the give-up period. */
		int64_t end = json_num(row, "created_at") + cfg->mail.give_up_seconds;
		log_warn("mailer: email %lld, attempt %lld: %s; will retry", (long long)id,
			 (long long)attempts, err);
		finish(db, row, STORE_OUTBOX_RETRY, at < end ? at : end, err);
	}
	json_decref(row);
	return true;
}
