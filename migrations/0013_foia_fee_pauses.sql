-- FOIA tolls the 20 working days for one request to the requester for
-- information (5 U.S.C. 552(a)(6)(A)(ii)(I)) and each time the agency
-- waits for the requester to clarify fees ((ii)(II)): pause_max_count
-- limits only the reasons in pause_limited_reasons (src/domain/deadline.h).
UPDATE deadline_rule_sets
SET config = json_set(config, '$.pause_limited_reasons', json('["information"]')),
	updated_at = unixepoch()
WHERE key = 'foia';
