#include "domain/holiday.h"

#include <stdio.h>
#include <string.h>

static const char *const observance_names[] = {
    [HOLIDAY_OBSERVE_NONE] = "none",
    [HOLIDAY_OBSERVE_NEAREST_WEEKDAY] = "nearest_weekday",
    [HOLIDAY_OBSERVE_SUNDAY_TO_MONDAY] = "sunday_to_monday",
    [HOLIDAY_OBSERVE_NEXT_WEEKDAY] = "next_weekday",
};

static int int_of(const json_t *row, const char *key)
{
	return (int)json_integer_value(json_object_get(row, key));
}

static bool in_range(int v, int lo, int hi)
{
	return v >= lo && v <= hi;
}

/* rule_read reads one holiday_rules row. */
static bool rule_read(const json_t *row, struct holiday_rule *r)
{
	const char *name = json_string_value(json_object_get(row, "name"));
	const char *kind = json_string_value(json_object_get(row, "kind"));
	const char *obs = json_string_value(json_object_get(row, "observance"));
	if (!name || !*name || !kind)
		return false;
	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name);
	r->nth_weekday = !strcmp(kind, "nth_weekday");
	if (!r->nth_weekday && strcmp(kind, "fixed"))
		return false;
	r->month = int_of(row, "month");
	r->day = int_of(row, "day");
	r->weekday = int_of(row, "weekday");
	r->nth = int_of(row, "nth");
	r->offset_days = int_of(row, "offset_days");
	r->first_year = int_of(row, "first_year");
	r->last_year = int_of(row, "last_year");
	size_t i = 0;
	while (obs && i < sizeof observance_names / sizeof *observance_names &&
	       strcmp(obs, observance_names[i]))
		i++;
	if (obs && i == sizeof observance_names / sizeof *observance_names)
		return false;
	r->observance = (enum holiday_observance)(obs ? i : 0);
	if (!in_range(r->month, 1, 12) || !in_range(r->offset_days, -31, 31))
		return false;
	return r->nth_weekday
		   ? in_range(r->weekday, 0, 6) && (in_range(r->nth, 1, 5) || r->nth == -1)
		   : in_range(r->day, 1, 31);
}

bool holiday_calendar_load(struct holiday_calendar *cal, const json_t *rules, const json_t *dates)
{
	cal->n_rules = cal->n_dates = 0;
	size_t i;
	const json_t *row;
	json_array_foreach(rules, i, row)
	{
		json_t *active = json_object_get(row, "active");
		if (active && json_is_false(active))
			continue;
		if (cal->n_rules == HOLIDAY_MAX_RULES || !rule_read(row, &cal->rules[cal->n_rules]))
			return false;
		cal->n_rules++;
	}
	json_array_foreach(dates, i, row)
	{
		struct date d;
		const char *kind = json_string_value(json_object_get(row, "kind"));
		const char *name = json_string_value(json_object_get(row, "name"));
		if (cal->n_dates == HOLIDAY_MAX_DATES || !kind || !name ||
		    !date_parse(json_string_value(json_object_get(row, "date")), &d))
			return false;
		struct holiday_date *hd = &cal->dates[cal->n_dates++];
		hd->day = date_to_days(d);
		hd->open = !strcmp(kind, "open");
		snprintf(hd->name, sizeof hd->name, "%s", name);
	}
	return true;
}

bool holiday_rule_observed(const struct holiday_rule *r, int y, struct date *out)
{
	if ((r->first_year && y < r->first_year) || (r->last_year && y > r->last_year))
		return false;
	struct date d;
	if (!r->nth_weekday) {
		if (r->day > date_days_in_month(y, r->month))
			return false;
		d = (struct date){y, r->month, r->day};
	} else if (r->nth == -1) {
		d = date_last_weekday(y, r->month, r->weekday);
	} else if (!date_nth_weekday(y, r->month, r->weekday, r->nth, &d)) {
		return false;
	}
	d = date_add_days(d, r->offset_days);
	int w = date_weekday(d);
	switch (r->observance) {
	case HOLIDAY_OBSERVE_NEAREST_WEEKDAY:
		d = date_add_days(d, w == DATE_SAT ? -1 : w == DATE_SUN ? 1 : 0);
		break;
	case HOLIDAY_OBSERVE_SUNDAY_TO_MONDAY:
		d = date_add_days(d, w == DATE_SUN ? 1 : 0);
		break;
	case HOLIDAY_OBSERVE_NEXT_WEEKDAY:
		d = date_add_days(d, w == DATE_SAT ? 2 : w == DATE_SUN ? 1 : 0);
		break;
	case HOLIDAY_OBSERVE_NONE:
		break;
	}
	*out = d;
	return true;
}

const char *holiday_closed_name(const struct holiday_calendar *cal, struct date d)
{
	int32_t day = date_to_days(d);
	for (size_t i = 0; i < cal->n_dates; i++)
		if (cal->dates[i].day == day)
			return cal->dates[i].open ? NULL : cal->dates[i].name;
	for (size_t i = 0; i < cal->n_rules; i++) {
		struct date h;
		/* Observance moves a holiday by at most a few days, possibly
		 * across a year end (New Year's Day on a Saturday). */
		for (int y = d.y - 1; y <= d.y + 1; y++)
			if (holiday_rule_observed(&cal->rules[i], y, &h) && date_cmp(h, d) == 0)
				return cal->rules[i].name;
	}
	return NULL;
}

bool holiday_is_business_day(const struct holiday_calendar *cal, struct date d)
{
	int w = date_weekday(d);
	return w != DATE_SAT && w != DATE_SUN && !holiday_closed_name(cal, d);
}

struct date holiday_next_business_day(const struct holiday_calendar *cal, struct date d)
{
	while (!holiday_is_business_day(cal, d))
		d = date_add_days(d, 1);
	return d;
}
