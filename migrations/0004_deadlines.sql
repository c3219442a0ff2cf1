-- Deadline presets and holiday calendars.
--
-- A rule set's config (read by src/domain/deadline.c):
--   citation        the statute, as the page cites it
--   calendar        the holiday calendar (holiday_rules.calendar) it counts with
--   cutoff          local "HH:MM" after which a request counts as received
--                   the next business day
--   first_response  {days, unit: "calendar" | "business", roll_forward: a
--                   calendar deadline on a weekend or holiday moves to the
--                   next business day}
--   extensions      [{days, unit, roll_forward, max_count, reasons, citation}]
--   pause_stops_clock, pause_max_count, pause_reasons: tolling while the
--                   agency waits for the requester

UPDATE deadline_rule_sets SET config =
	'{"citation":"Gov. Code 7922.535","calendar":"us-ca","cutoff":"17:00",'
	|| '"first_response":{"days":10,"unit":"calendar","roll_forward":true},'
	|| '"extensions":[{"days":14,"unit":"calendar","roll_forward":true,"max_count":1,'
	|| '"reasons":["records_elsewhere","voluminous","consult_agency",'
	|| '"data_extraction"],"citation":"Gov. Code 7922.535(c)"}],'
	|| '"pause_stops_clock":false}',
	updated_at = unixepoch()
WHERE key = 'cpra';

INSERT INTO deadline_rule_sets (key, name, config) VALUES
('foia', 'Freedom of Information Act',
	'{"citation":"5 U.S.C. 552(a)(6)","calendar":"us-federal","cutoff":"17:00",'
	|| '"first_response":{"days":20,"unit":"business","roll_forward":false},'
	|| '"extensions":[{"days":10,"unit":"business","roll_forward":false,"max_count":1,'
	|| '"reasons":["records_elsewhere","voluminous","consult_agency"],'
	|| '"citation":"5 U.S.C. 552(a)(6)(B)"}],'
	|| '"pause_stops_clock":true,"pause_max_count":1,'
	|| '"pause_reasons":["information","fee_clarification"],'
	|| '"pause_citation":"5 U.S.C. 552(a)(6)(A)(ii)"}'),
('ny-foil', 'New York Freedom of Information Law',
	'{"citation":"Public Officers Law 89(3)","calendar":"us-federal","cutoff":"17:00",'
	|| '"first_response":{"days":5,"unit":"business","roll_forward":false},'
	|| '"response":"acknowledgement with an approximate date",'
	|| '"extensions":[],"pause_stops_clock":false}'),
('tx-pia', 'Texas Public Information Act',
	'{"citation":"Gov. Code 552.221","calendar":"us-federal","cutoff":"17:00",'
	|| '"first_response":{"days":10,"unit":"business","roll_forward":false},'
	|| '"extensions":[],"pause_stops_clock":false}');

-- Which calendar a rule belongs to: 'us-federal' (5 U.S.C. 6103) or 'us-ca'
-- (Gov. Code 6700).
ALTER TABLE holiday_rules ADD COLUMN calendar TEXT NOT NULL DEFAULT 'us-federal'
	CHECK (calendar <> '');

-- US federal holidays, 5 U.S.C. 6103: Saturday observed on Friday, Sunday
-- on Monday.
INSERT INTO holiday_rules (calendar, name, kind, month, day, weekday, nth, observance,
		first_year) VALUES
	('us-federal', 'New Year''s Day', 'fixed', 1, 1, NULL, NULL, 'nearest_weekday', NULL),
	('us-federal', 'Birthday of Martin Luther King, Jr.', 'nth_weekday', 1, NULL, 1, 3,
		'none', 1986),
	('us-federal', 'Washington''s Birthday', 'nth_weekday', 2, NULL, 1, 3, 'none', NULL),
	('us-federal', 'Memorial Day', 'nth_weekday', 5, NULL, 1, -1, 'none', NULL),
	('us-federal', 'Juneteenth National Independence Day', 'fixed', 6, 19, NULL, NULL,
		'nearest_weekday', 2021),
	('us-federal', 'Independence Day', 'fixed', 7, 4, NULL, NULL, 'nearest_weekday', NULL),
	('us-federal', 'Labor Day', 'nth_weekday', 9, NULL, 1, 1, 'none', NULL),
	('us-federal', 'Columbus Day', 'nth_weekday', 10, NULL, 1, 2, 'none', NULL),
	('us-federal', 'Veterans Day', 'fixed', 11, 11, NULL, NULL, 'nearest_weekday', NULL),
	('us-federal', 'Thanksgiving Day', 'nth_weekday', 11, NULL, 4, 4, 'none', NULL),
	('us-federal', 'Christmas Day', 'fixed', 12, 25, NULL, NULL, 'nearest_weekday', NULL);

-- California state holidays, Gov. Code 6700: a holiday on a Sunday is
-- observed the Monday after; Veterans Day on a Saturday the Friday before.
INSERT INTO holiday_rules (calendar, name, kind, month, day, weekday, nth, offset_days,
		observance, first_year) VALUES
	('us-ca', 'New Year''s Day', 'fixed', 1, 1, NULL, NULL, 0, 'sunday_to_monday', NULL),
	('us-ca', 'Martin Luther King, Jr. Day', 'nth_weekday', 1, NULL, 1, 3, 0, 'none', NULL),
	('us-ca', 'Lincoln Day', 'fixed', 2, 12, NULL, NULL, 0, 'sunday_to_monday', NULL),
	('us-ca', 'Washington Day', 'nth_weekday', 2, NULL, 1, 3, 0, 'none', NULL),
	('us-ca', 'Cesar Chavez Day', 'fixed', 3, 31, NULL, NULL, 0, 'sunday_to_monday', NULL),
	('us-ca', 'Memorial Day', 'nth_weekday', 5, NULL, 1, -1, 0, 'none', NULL),
	('us-ca', 'Juneteenth', 'fixed', 6, 19, NULL, NULL, 0, 'sunday_to_monday', 2023),
	('us-ca', 'Independence Day', 'fixed', 7, 4, NULL, NULL, 0, 'sunday_to_monday', NULL),
	('us-ca', 'Labor Day', 'nth_weekday', 9, NULL, 1, 1, 0, 'none', NULL),
	('us-ca', 'Native American Day', 'nth_weekday', 9, NULL, 5, 4, 0, 'none', 2014),
	('us-ca', 'Columbus Day', 'nth_weekday', 10, NULL, 1, 2, 0, 'none', NULL),
	('us-ca', 'Veterans Day', 'fixed', 11, 11, NULL, NULL, 0, 'nearest_weekday', NULL),
	('us-ca', 'Thanksgiving Day', 'nth_weekday', 11, NULL, 4, 4, 0, 'none', NULL),
	('us-ca', 'Day after Thanksgiving', 'nth_weekday', 11, NULL, 4, 4, 1, 'none', NULL),
	('us-ca', 'Christmas Day', 'fixed', 12, 25, NULL, NULL, 0, 'sunday_to_monday', NULL);

CREATE INDEX holiday_rules_calendar ON holiday_rules (calendar, active);
