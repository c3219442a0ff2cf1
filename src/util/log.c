#include "util/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/date.h"

static atomic_int log_level = LOG_LEVEL_INFO;
static atomic_bool log_quiet = false;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
	int l = (int)level;
	if (l < LOG_LEVEL_ERROR)
		l = LOG_LEVEL_ERROR;
	if (l > LOG_LEVEL_DEBUG)
		l = LOG_LEVEL_DEBUG;
	atomic_store_explicit(&log_level, l, memory_order_relaxed);
}

enum log_level log_get_level(void)
{
	return (enum log_level)atomic_load_explicit(&log_level, memory_order_relaxed);
}

bool log_level_parse(const char *name, enum log_level *out)
{
	if (!name)
		return false;
	for (int i = LOG_LEVEL_ERROR; i <= LOG_LEVEL_DEBUG; i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

void log_set_quiet(bool quiet)
{
	atomic_store_explicit(&log_quiet, quiet, memory_order_relaxed);
}

static bool enabled(enum log_level level)
{
	return !atomic_load_explicit(&log_quiet, memory_order_relaxed) &&
		(int)level <= atomic_load_explicit(&log_level, memory_order_relaxed);
}

/* A line under construction. Appends stop (cut) rather than pass limit,
 * which is at most LINE_ROOM: the last 4 bytes are kept for "...\n". */
struct line {
	char data[LOG_LINE_MAX];
	size_t len;
	size_t limit;
	bool cut;
};

#define LINE_ROOM (LOG_LINE_MAX - 4)
#define LINE_INIT {.len = 0, .limit = LINE_ROOM, .cut = false}

static void put(struct line *l, const char *s, size_t n)
{
	if (l->cut)
		return;
	if (n > l->limit - l->len) {
		l->cut = true;
		return;
	}
	memcpy(l->data + l->len, s, n);
	l->len += n;
}

static void puts_raw(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/* put_escaped appends s with control bytes written as escapes; when
 * `field` is set, space and backslash are escaped too (access line fields).
 * An escape is never split by the cut. */
static void put_escaped(struct line *l, const char *s, size_t n, bool field)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n && !l->cut; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[4];
		size_t k = 0;
		if (!field && c == '\n') {
			esc[k++] = '\\', esc[k++] = 'n';
		} else if (!field && c == '\r') {
			esc[k++] = '\\', esc[k++] = 'r';
		} else if (!field && c == '\t') {
			esc[k++] = '\\', esc[k++] = 't';
		} else if (c < 0x20 || c == 0x7f || (field && (c == ' ' || c == '\\'))) {
			esc[k++] = '\\', esc[k++] = 'x';
			esc[k++] = hex[c >> 4], esc[k++] = hex[c & 15];
		} else {
			esc[k++] = (char)c;
		}
		put(l, esc, k);
	}
}

static void put_timestamp(struct line *l)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct date_time dt = date_time_to_utc((int64_t)ts.tv_sec);
	char buf[DATE_FMT_MAX];
	int n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ ",
		dt.date.y, dt.date.m, dt.date.d, dt.hour, dt.min, dt.sec,
		(int)(ts.tv_nsec / 1000000));
	if (n > 0)
		put(l, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* mark_cut appends "..." after a cut; the 3 bytes are always there
 * because limit <= LINE_ROOM. Appending can resume after it. */
static void mark_cut(struct line *l)
{
	if (!l->cut)
		return;
	memcpy(l->data + l->len, "...", 3);
	l->len += 3;
	l->cut = false;
}

/* emit ends the line and writes it with one write(2), retrying on EINTR
 * and partial writes. Errors are ignored: there is nowhere to report them. */
static void emit(struct line *l)
{
	mark_cut(l);
	l->data[l->len++] = '\n';
	const char *p = l->data;
	size_t left = l->len;
	while (left > 0) {
		ssize_t w = write(STDERR_FILENO, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += w;
		left -= (size_t)w;
	}
}

__attribute__((format(printf, 2, 0)))
static void log_v(enum log_level level, const char *fmt, va_list ap)
{
	if (!enabled(level))
		return;
	int saved_errno = errno;
	char msg[LOG_LINE_MAX];
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	struct line l = LINE_INIT;
	put_timestamp(&l);
	puts_raw(&l, level_names[level]);
	put(&l, " ", 1);
	if (n > 0) {
		size_t len = (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
		put_escaped(&l, msg, len, false);
		if ((size_t)n >= sizeof msg)
			l.cut = true;
	}
	emit(&l);
	errno = saved_errno;
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(LOG_LEVEL_WARN, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(LOG_LEVEL_INFO, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v(LOG_LEVEL_DEBUG, fmt, ap);
	va_end(ap);
}

void log_request(const char *method, const char *path, int status,
	uint64_t bytes, int64_t duration_us)
{
	if (!enabled(LOG_LEVEL_INFO))
		return;
	int saved_errno = errno;
	if (duration_us < 0)
		duration_us = 0;
	/* Tenths of a millisecond, rounded half up, without overflow. */
	int64_t tenths = duration_us / 100 + (duration_us % 100 >= 50);
	char tail[96];
	int n = snprintf(tail, sizeof tail, " %d %llu %lld.%lldms", status,
		(unsigned long long)bytes, (long long)(tenths / 10),
		(long long)(tenths % 10));
	size_t tail_len = n < 0 ? 0 : (size_t)n < sizeof tail ? (size_t)n : sizeof tail - 1;

	/* An overlong method or path is cut, but the tail always fits. */
	struct line l = LINE_INIT;
	l.limit = LINE_ROOM - 3 - tail_len;
	put_timestamp(&l);
	puts_raw(&l, "access ");
	if (method)
		put_escaped(&l, method, strlen(method), true);
	else
		put(&l, "-", 1);
	put(&l, " ", 1);
	if (path)
		put_escaped(&l, path, strcspn(path, "?"), true);
	else
		put(&l, "-", 1);
	mark_cut(&l);
	l.limit = LINE_ROOM;
	put(&l, tail, tail_len);
	emit(&l);
	errno = saved_errno;
}
