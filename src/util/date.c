#include "util/date.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(time_t) >= 8, "time_t must hold 64-bit instants");

#define ZONEINFO_DIR "/usr/share/zoneinfo/"
#define TZ_NAME_MAX 255

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};
static const char *const month_abbrs[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const weekday_names[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday",
};
static const char *const weekday_abbrs[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

/* ---- Calendar ---------------------------------------------------------- */

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (howardhinnant.github.io/date_algorithms.html), in 64-bit arithmetic so
 * that no int input can overflow. Eras are 400-year cycles from 0000-03-01. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                              /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static struct date civil_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                           /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);    /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                         /* [0, 11] */
	int64_t d = doy - (153 * mp + 2) / 5 + 1;                 /* [1, 31] */
	int64_t m = mp < 10 ? mp + 3 : mp - 9;                    /* [1, 12] */
	int64_t y = yoe + era * 400 + (m <= 2);
	return (struct date){(int)y, (int)m, (int)d};
}

bool date_is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
		31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(struct date d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 &&
		d.d >= 1 && d.d <= date_days_in_month(d.y, d.m);
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int32_t date_to_days(struct date d)
{
	return (int32_t)days_from_civil(d.y, d.m, d.d);
}

struct date date_from_days(int32_t days)
{
	return civil_from_days(days);
}

static int weekday_from_days(int64_t z)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (z + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int date_weekday(struct date d)
{
	return weekday_from_days(days_from_civil(d.y, d.m, d.d));
}

struct date date_add_days(struct date d, int32_t n)
{
	return civil_from_days(days_from_civil(d.y, d.m, d.d) + n);
}

int32_t date_diff_days(struct date a, struct date b)
{
	return (int32_t)(days_from_civil(a.y, a.m, a.d) -
		days_from_civil(b.y, b.m, b.d));
}

bool date_nth_weekday(int y, int m, int wday, int n, struct date *out)
{
	if (m < 1 || m > 12 || wday < 0 || wday > 6 || n < 1 || n > 5)
		return false;
	int first = weekday_from_days(days_from_civil(y, m, 1));
	int day = 1 + (wday - first + 7) % 7 + 7 * (n - 1);
	if (day > date_days_in_month(y, m))
		return false;
	*out = (struct date){y, m, day};
	return true;
}

struct date date_last_weekday(int y, int m, int wday)
{
	if (m < 1 || m > 12 || wday < 0 || wday > 6)
		return (struct date){0, 0, 0};
	int last = date_days_in_month(y, m);
	int w = weekday_from_days(days_from_civil(y, m, last));
	return (struct date){y, m, last - (w - wday + 7) % 7};
}

/* ---- Names ------------------------------------------------------------- */

const char *date_month_name(int m)
{
	return m >= 1 && m <= 12 ? month_names[m - 1] : "";
}

const char *date_month_abbr(int m)
{
	return m >= 1 && m <= 12 ? month_abbrs[m - 1] : "";
}

const char *date_weekday_name(int wday)
{
	return wday >= 0 && wday <= 6 ? weekday_names[wday] : "";
}

const char *date_weekday_abbr(int wday)
{
	return wday >= 0 && wday <= 6 ? weekday_abbrs[wday] : "";
}

/* ---- Parsing ----------------------------------------------------------- */

/* digits reads exactly n ASCII digits at s. It stops at the first
 * non-digit, so it never reads past a terminating NUL. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* parse_date_prefix reads "YYYY-MM-DD" at s and returns the byte after it,
 * or NULL. */
static const char *parse_date_prefix(const char *s, struct date *out)
{
	struct date d;
	if (!digits(s, 4, &d.y) || s[4] != '-' ||
	    !digits(s + 5, 2, &d.m) || s[7] != '-' ||
	    !digits(s + 8, 2, &d.d) || !date_valid(d))
		return NULL;
	*out = d;
	return s + 10;
}

bool date_parse(const char *s, struct date *out)
{
	struct date d;
	if (!s)
		return false;
	const char *end = parse_date_prefix(s, &d);
	if (!end || *end != '\0')
		return false;
	*out = d;
	return true;
}

bool date_time_parse(const char *s, int64_t *out)
{
	struct date_time dt;
	if (!s)
		return false;
	const char *p = parse_date_prefix(s, &dt.date);
	if (!p || p[0] != 'T' ||
	    !digits(p + 1, 2, &dt.hour) || p[3] != ':' ||
	    !digits(p + 4, 2, &dt.min) || p[6] != ':' ||
	    !digits(p + 7, 2, &dt.sec) || p[9] != 'Z' || p[10] != '\0')
		return false;
	if (dt.hour > 23 || dt.min > 59 || dt.sec > 59)
		return false;
	*out = date_time_from_utc(&dt);
	return true;
}

/* ---- Formatting -------------------------------------------------------- */

static char *empty(char *out)
{
	out[0] = '\0';
	return out;
}

char *date_format_iso(struct date d, char out[static DATE_FMT_MAX])
{
	if (!date_valid(d))
		return empty(out);
	snprintf(out, DATE_FMT_MAX, "%04d-%02d-%02d", d.y, d.m, d.d);
	return out;
}

char *date_format_long(struct date d, char out[static DATE_FMT_MAX])
{
	if (!date_valid(d))
		return empty(out);
	snprintf(out, DATE_FMT_MAX, "%s %d, %d", month_names[d.m - 1], d.d, d.y);
	return out;
}

char *date_format_long_wday(struct date d, char out[static DATE_FMT_MAX])
{
	if (!date_valid(d))
		return empty(out);
	snprintf(out, DATE_FMT_MAX, "%s %s %d, %d",
		weekday_names[date_weekday(d)], month_names[d.m - 1], d.d, d.y);
	return out;
}

char *date_format_abbr(struct date d, char out[static DATE_FMT_MAX])
{
	if (!date_valid(d))
		return empty(out);
	snprintf(out, DATE_FMT_MAX, "%s %d, %d", month_abbrs[d.m - 1], d.d, d.y);
	return out;
}

char *date_format_us(struct date d, char out[static DATE_FMT_MAX])
{
	if (!date_valid(d))
		return empty(out);
	snprintf(out, DATE_FMT_MAX, "%02d/%02d/%04d", d.m, d.d, d.y);
	return out;
}

char *date_format_clock(int hour, int min, char out[static DATE_FMT_MAX])
{
	if (hour < 0 || hour > 23 || min < 0 || min > 59)
		return empty(out);
	int h12 = hour % 12 == 0 ? 12 : hour % 12;
	snprintf(out, DATE_FMT_MAX, "%d:%02d%s", h12, min, hour < 12 ? "am" : "pm");
	return out;
}

/* ---- Instants (UTC) ---------------------------------------------------- */

static int64_t clamp_time(int64_t t)
{
	return t < DATE_TIME_MIN ? DATE_TIME_MIN : t > DATE_TIME_MAX ? DATE_TIME_MAX : t;
}

int64_t date_time_now(void)
{
	return (int64_t)time(NULL);
}

struct date_time date_time_to_utc(int64_t t)
{
	t = clamp_time(t);
	int64_t days = t / 86400;
	int64_t secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	return (struct date_time){
		civil_from_days(days),
		(int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
	};
}

int64_t date_time_from_utc(const struct date_time *dt)
{
	return days_from_civil(dt->date.y, dt->date.m, dt->date.d) * 86400 +
		(int64_t)dt->hour * 3600 + (int64_t)dt->min * 60 + dt->sec;
}

char *date_time_format_iso(int64_t t, char out[static DATE_FMT_MAX])
{
	struct date_time dt = date_time_to_utc(t);
	snprintf(out, DATE_FMT_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		dt.date.y, dt.date.m, dt.date.d, dt.hour, dt.min, dt.sec);
	return out;
}

/* ---- The agency's time zone -------------------------------------------- */

static char tz_name[TZ_NAME_MAX + 1];

/* tz_name_plausible: '/'-separated parts of [A-Za-z0-9_+-], none empty.
 * This excludes ".", "..", absolute paths and the non-zone files that live
 * beside the zones (zone.tab, tzdata.zi). */
static bool tz_name_plausible(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > TZ_NAME_MAX)
		return false;
	bool part_empty = true;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c == '/') {
			if (part_empty)
				return false;
			part_empty = true;
		} else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			   (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+') {
			part_empty = false;
		} else {
			return false;
		}
	}
	return !part_empty;
}

/* is_tzif: path is a regular file that starts with the TZif magic. */
static bool is_tzif(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return false;
	struct stat st;
	char magic[4];
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
		memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

bool date_tz_set(const char *iana_name)
{
	if (!iana_name || !tz_name_plausible(iana_name))
		return false;
	/* ":" + directory + name; the name fits by the check above. */
	char tz[1 + sizeof ZONEINFO_DIR + TZ_NAME_MAX];
	snprintf(tz, sizeof tz, ":%s%s", ZONEINFO_DIR, iana_name);
	if (!is_tzif(tz + 1))
		return false;
	/* The absolute file name makes glibc load the file checked above,
	 * whatever TZDIR says. */
	if (setenv("TZ", tz, 1) != 0)
		return false;
	tzset();
	snprintf(tz_name, sizeof tz_name, "%s", iana_name);
	return true;
}

const char *date_tz_name(void)
{
	return tz_name;
}

struct date_time date_time_to_local(int64_t t)
{
	t = clamp_time(t);
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return date_time_to_utc(t);
	return (struct date_time){
		{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday},
		tm.tm_hour, tm.tm_min, tm.tm_sec > 59 ? 59 : tm.tm_sec,
	};
}

struct date date_local(int64_t t)
{
	return date_time_to_local(t).date;
}

/* utc_offset: seconds the zone is ahead of UTC at instant t. */
static int64_t utc_offset(int64_t t)
{
	t = clamp_time(t);
	struct date_time dt = date_time_to_local(t);
	return date_time_from_utc(&dt) - t;
}

int64_t date_time_from_local(const struct date_time *dt)
{
	/* wall: the wall-clock time read as if it were UTC. The answer is
	 * wall - offset, for the offset in force a day before or a day after
	 * (at most one change in between); a candidate is right when the
	 * offset at the candidate instant is the one it assumed. */
	int64_t wall = date_time_from_utc(dt);
	int64_t before = utc_offset(wall - 86400);
	int64_t after = utc_offset(wall + 86400);
	int64_t t1 = wall - before;
	int64_t t2 = wall - after;
	bool ok1 = utc_offset(t1) == before;
	bool ok2 = utc_offset(t2) == after;
	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2; /* overlap: the earlier instant */
	if (ok2)
		return t2;
	return t1; /* exists once, or a gap: read with the offset before it */
}

int64_t date_local_start(struct date d)
{
	struct date_time dt = {d, 0, 0, 0};
	return date_time_from_local(&dt);
}

char *date_time_format_local(int64_t t, char out[static DATE_FMT_MAX])
{
	struct date_time dt = date_time_to_local(t);
	if (!date_valid(dt.date) || dt.hour < 0 || dt.hour > 23)
		return empty(out);
	int h12 = dt.hour % 12 == 0 ? 12 : dt.hour % 12;
	snprintf(out, DATE_FMT_MAX, "%s %d, %d, %d:%02d%s",
		month_names[dt.date.m - 1], dt.date.d, dt.date.y,
		h12, dt.min, dt.hour < 12 ? "am" : "pm");
	return out;
}
