/* Date: civil dates, UTC instants and the agency's time zone.
 *
 * Deadlines are legal dates in the agency's time zone, so the portal works
 * with two kinds of value:
 *
 *   struct date   a civil (calendar) date in the proleptic Gregorian
 *                 calendar, with no time zone: "2019-09-12". For arithmetic,
 *                 a date converts to and from a day number (int32_t days
 *                 since 1970-01-01, negative before), where adding, comparing
 *                 and subtracting are plain integer operations.
 *   int64_t       an instant: seconds since 1970-01-01T00:00:00Z, leap
 *                 seconds ignored (Unix time). Stored and compared in UTC.
 *
 * A date is valid when 1 <= y <= 9999, 1 <= m <= 12 and 1 <= d <= the days
 * in that month. Pure date functions (no _local/_tz in the name) are
 * thread-safe and independent of the time zone. Nothing here allocates:
 * formatters write into a caller buffer of DATE_FMT_MAX bytes and return it,
 * so they can be used inline: printf("%s", date_format_long(d, buf)).
 *
 * The process serves one agency: date_tz_set() selects its zone once at
 * start-up, before threads start; the _local functions then use it through
 * localtime_r(), which is thread-safe. */
#ifndef DISCLOSE_DATE_H
#define DISCLOSE_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* Size of every formatter's output buffer; all outputs fit, NUL included. */
#define DATE_FMT_MAX 64

/* Instants handled: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. Instants
 * outside are clamped to this range by the functions that take one. */
#define DATE_TIME_MIN INT64_C(-62135596800)
#define DATE_TIME_MAX INT64_C(253402300799)

/* Weekdays as returned by date_weekday(). */
enum { DATE_SUN, DATE_MON, DATE_TUE, DATE_WED, DATE_THU, DATE_FRI, DATE_SAT };

struct date {
	int y; /* 1..9999 */
	int m; /* 1..12 */
	int d; /* 1..date_days_in_month(y, m) */
};

/* A civil date with a wall-clock time, in UTC or in the agency's zone
 * depending on the function that fills or reads it. */
struct date_time {
	struct date date;
	int hour; /* 0..23 */
	int min;  /* 0..59 */
	int sec;  /* 0..59 */
};

/* ---- Calendar ---------------------------------------------------------- */

/* date_is_leap: y is a Gregorian leap year (2000, 2024 yes; 1900, 2100 no). */
bool date_is_leap(int y);
/* date_days_in_month returns 28..31, or 0 when m is not 1..12. */
int date_days_in_month(int y, int m);
/* date_valid: d is a valid date as defined above. */
bool date_valid(struct date d);
/* date_cmp returns <0, 0 or >0 as a is before, equal to or after b. */
int date_cmp(struct date a, struct date b);

/* date_to_days: days from 1970-01-01 to d (Hinnant's days_from_civil).
 * Exact for every valid date; also correct for d.d outside its month
 * (2019-02-30 is 2019-03-02), but d.m must be 1..12. */
int32_t date_to_days(struct date d);
/* date_from_days: the date that is `days` after 1970-01-01 (Hinnant's
 * civil_from_days). Exact for every day number; the result is valid for
 * days from date_to_days(0001-01-01) to date_to_days(9999-12-31). */
struct date date_from_days(int32_t days);

/* date_weekday returns 0 (Sunday) .. 6 (Saturday). */
int date_weekday(struct date d);
/* date_add_days returns d moved by n days (n may be negative). */
struct date date_add_days(struct date d, int32_t n);
/* date_diff_days returns the days from b to a: a - b, negative if a < b. */
int32_t date_diff_days(struct date a, struct date b);

/* date_nth_weekday: the n-th (1..5) weekday `wday` (0..6) of month m of
 * year y, e.g. (2025, 11, DATE_THU, 4) is 2025-11-27, Thanksgiving. Returns
 * false, leaving *out alone, when n, m or wday is out of range or the month
 * has no n-th such weekday (most months have no 5th Monday). */
bool date_nth_weekday(int y, int m, int wday, int n, struct date *out);
/* date_last_weekday: the last weekday `wday` of month m of year y, e.g.
 * (2025, 5, DATE_MON) is 2025-05-26, Memorial Day. m must be 1..12 and wday
 * 0..6; otherwise it returns {0, 0, 0}. */
struct date date_last_weekday(int y, int m, int wday);

/* ---- Names ------------------------------------------------------------- */

/* English names: "September", "Sep", "Thursday", "Thu". Out of range
 * (m not 1..12, wday not 0..6) gives "". */
const char *date_month_name(int m);
const char *date_month_abbr(int m);
const char *date_weekday_name(int wday);
const char *date_weekday_abbr(int wday);

/* ---- Parsing and formatting dates -------------------------------------- */

/* date_parse reads exactly "YYYY-MM-DD": four-digit year 0001..9999,
 * two-digit month and day, a valid date (2019-02-29 is rejected, 2020-02-29
 * accepted), nothing before or after. Returns false, leaving *out alone,
 * on anything else, including NULL. */
bool date_parse(const char *s, struct date *out);

/* The formatters write into out and return it. An invalid date gives "". */
/* "2019-09-12" */
char *date_format_iso(struct date d, char out[static DATE_FMT_MAX]);
/* "September 12, 2019" */
char *date_format_long(struct date d, char out[static DATE_FMT_MAX]);
/* "Thursday September 12, 2019" */
char *date_format_long_wday(struct date d, char out[static DATE_FMT_MAX]);
/* "Sep 12, 2019" */
char *date_format_abbr(struct date d, char out[static DATE_FMT_MAX]);
/* "09/12/2019": US short date, as in "Due Date Changed 06/09/2020". */
char *date_format_us(struct date d, char out[static DATE_FMT_MAX]);
/* "5:16pm": 12-hour clock, no leading zero, lowercase am/pm; 0:05 is
 * "12:05am", 12:00 is "12:00pm". Hour 0..23 and min 0..59, else "". */
char *date_format_clock(int hour, int min, char out[static DATE_FMT_MAX]);

/* ---- Instants (UTC) ---------------------------------------------------- */

/* date_time_now returns the current instant. */
int64_t date_time_now(void);
/* date_time_parse reads exactly "YYYY-MM-DDTHH:MM:SSZ" (uppercase T and Z,
 * hour 00..23, minute and second 00..59, valid date, nothing else).
 * Returns false, leaving *out alone, otherwise. */
bool date_time_parse(const char *s, int64_t *out);
/* date_time_format_iso: "2020-06-17T00:16:00Z" (t clamped to the range). */
char *date_time_format_iso(int64_t t, char out[static DATE_FMT_MAX]);
/* date_time_to_utc splits t (clamped to the range) into UTC fields. */
struct date_time date_time_to_utc(int64_t t);
/* date_time_from_utc: the instant of a UTC date and time. Pure arithmetic:
 * fields beyond their range carry over (hour 24 is the next midnight), but
 * dt->date.m must be 1..12. */
int64_t date_time_from_utc(const struct date_time *dt);

/* ---- The agency's time zone -------------------------------------------- */

/* date_tz_set selects the agency's zone by IANA name ("America/Los_Angeles",
 * "UTC"): the name must be plausible (letters, digits, '_', '-', '+' and
 * '/'-separated parts, no "." or "..", no leading '/', at most 255 bytes)
 * and name a TZif file under /usr/share/zoneinfo. It then sets TZ to that
 * file and calls tzset(). Call it at start-up, before threads; it is not
 * thread-safe. Returns false, changing nothing, for an invalid zone
 * ("Mars/Olympus", "../etc/passwd", "").
 * Until it is called, the _local functions use the process's TZ. */
bool date_tz_set(const char *iana_name);
/* date_tz_name: the zone last set by date_tz_set(), or "" if none. */
const char *date_tz_name(void);

/* date_time_to_local splits t (clamped) into the zone's local fields. */
struct date_time date_time_to_local(int64_t t);
/* date_local: the local date of t, e.g. the day a request was received. */
struct date date_local(int64_t t);
/* date_time_from_local: the instant at which local wall-clock time is *dt.
 * Wall-clock times that do not exist or exist twice are resolved the way
 * RFC 5545 and JavaScript Temporal ("compatible") do:
 *   - in a gap (spring forward: 02:30 on 2019-03-10 in Los Angeles), the
 *     time is read with the offset in force before the gap, which moves it
 *     forward by the gap's length: 02:30 -> 03:30 PDT (10:30Z);
 *   - in an overlap (fall back: 01:30 on 2019-11-03 in Los Angeles), the
 *     earlier instant is taken, the first 01:30 (PDT, 08:30Z).
 * Assumes at most one offset change within a day of *dt, true of all
 * zones in use. Fields carry over as in date_time_from_utc(). */
int64_t date_time_from_local(const struct date_time *dt);
/* date_local_start: the first instant of local date d (its midnight, or the
 * end of a gap when midnight is skipped). */
int64_t date_local_start(struct date d);
/* "June 16, 2020, 5:16pm": t in the agency's zone, as on the reference
 * page's timeline. */
char *date_time_format_local(int64_t t, char out[static DATE_FMT_MAX]);

#endif
