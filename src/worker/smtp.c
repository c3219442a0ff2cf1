/* SMTP through libcurl. */
#include "worker/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

bool smtp_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

struct upload {
	const char *data;
	size_t len, at;
	const atomic_bool *stop;
};

static size_t read_message(char *out, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t want = size * n, left = u->len - u->at;
	if (want > left)
		want = left;
	memcpy(out, u->data + u->at, want);
	u->at += want;
	return want;
}

/* progress aborts the transfer when the worker is asked to stop. */
static int progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const struct upload *u = arg;
	return u->stop && atomic_load(u->stop) ? 1 : 0;
}

enum smtp_result smtp_send(const struct mail_config *cfg, const char *from, const char *to,
			   const char *message, size_t len, const atomic_bool *stop, char *err,
			   size_t errlen)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(err, errlen, "libcurl cannot start");
		return SMTP_TEMPORARY;
	}
	char envelope_from[300], curl_err[CURL_ERROR_SIZE] = "";
	snprintf(envelope_from, sizeof envelope_from, "<%s>", from);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload u = {message, len, 0, stop};
	curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &u);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)cfg->timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, cfg->starttls ? (long)CURLUSESSL_ALL
							      : (long)CURLUSESSL_TRY);
	if (cfg->ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
	}
	CURLcode rc = curl_easy_perform(curl);
	long code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	if (rc == CURLE_OK)
		return SMTP_SENT;
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		snprintf(err, errlen, "stopped while sending");
		return SMTP_STOPPED;
	}
	if (code)
		snprintf(err, errlen, "the SMTP server answered %ld: %s", code,
			 curl_err[0] ? curl_err : curl_easy_strerror(rc));
	else
		snprintf(err, errlen, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
	/* A 5xx refuses the message for good, except a refused login, which
	 * an administrator fixes in the settings. */
	return code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED ? SMTP_PERMANENT
								   : SMTP_TEMPORARY;
}
