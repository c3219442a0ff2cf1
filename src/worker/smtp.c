/* SMTP through libcurl. */
#include "worker/smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The sockets of the sends under way, so that smtp_interrupt can cut them:
 * libcurl waits for the answer to the end of the message without calling
 * back, up to its response timeout. */
enum { LIVE_MAX = 64 };
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static curl_socket_t live[LIVE_MAX];
static int n_live;

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

/* open_socket makes the connection's socket and lists it (none once the
 * worker is asked to stop). */
static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	const struct upload *u = arg;
	if (u->stop && atomic_load(u->stop))
		return CURL_SOCKET_BAD;
	pthread_mutex_lock(&live_lock);
	curl_socket_t fd = CURL_SOCKET_BAD;
	if (n_live < LIVE_MAX) {
		fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
		if (fd != CURL_SOCKET_BAD)
			live[n_live++] = fd;
	}
	pthread_mutex_unlock(&live_lock);
	return fd;
}

static int close_socket(void *arg, curl_socket_t fd)
{
	pthread_mutex_lock(&live_lock);
	for (int i = 0; i < n_live; i++)
		if (live[i] == fd) {
			live[i] = live[--n_live];
			break;
		}
	int rc = close(fd);
	pthread_mutex_unlock(&live_lock);
	return rc;
}

void smtp_interrupt(void)
{
	pthread_mutex_lock(&live_lock);
	for (int i = 0; i < n_live; i++)
		shutdown(live[i], SHUT_RDWR);
	pthread_mutex_unlock(&live_lock);
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
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &u);
	curl_easy_setopt(curl, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
	curl_easy_setopt(curl, CURLOPT_CLOSESOCKETDATA, &u);
	/* How long to wait for each answer, the one to the end of the message
	 * included (RFC 5321 allows the server 10 minutes there; the session
	 * as a whole has timeout_seconds). */
	curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)cfg->timeout_seconds);
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
	if (rc == CURLE_ABORTED_BY_CALLBACK || (stop && atomic_load(stop))) {
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
