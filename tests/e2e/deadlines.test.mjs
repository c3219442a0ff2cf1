// Deadlines: the reference request's explanation and compliance flag; an
// extension chosen by the law's reasons, computed by Disclose, flagged
// beyond the law (on the page, in JSON, in the archive filter); a change
// of the holiday calendar moves the due dates the rule keeps and leaves
// hand-set ones alone; the pause limit; custom rule sets built by an admin
// and followed by a department's requests.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  addDays, oneAtATime, openRequest, postAction, q, runCommand, signedInClient, startServer, weekdayFrom,
} from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const ADMIN = 'admin@example.gov';
const CPRA_FLAG = 'Gov. Code 7922.535 allows one extension of up to 14 days';

let server;
let kris;
let admin;
let nextNumber; // hands out the published open requests of the demo, due by the rule

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  admin = await signedInClient(server, ADMIN);
  nextNumber = oneAtATime((await server.sql(
    "SELECT number FROM requests WHERE status = 'open' AND published = 1 AND due_source = 'rule' " +
    "AND compliance IS NULL AND NOT EXISTS (SELECT 1 FROM events WHERE request_id = requests.id " +
    "AND kind = 'due_date_changed') ORDER BY id DESC LIMIT 20")).map((r) => r.number), 'open requests');
});
after(async () => { await server?.stop(); });

function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
}

test('19-5156 explains its first due date and carries its compliance flag', async () => {
  const { status, json } = await server.getJSON('/requests/19-5156.json');
  assert.equal(status, 200);
  const r = json.request;
  assert.equal(r.first_due_date, '2019-09-23');
  assert.equal(r.due_explanation_text, 'Received Thursday September 12, 2019. 10 calendar days: ' +
    'Sunday September 22, 2019, moved to the next business day: Monday September 23, 2019.');
  assert.deepEqual(r.compliance, { flag: true, text: `Extended 7 times; ${CPRA_FLAG}` });
  const changes = r.events.filter((e) => e.kind === 'due_date_changed').map((e) => e.due_change);
  assert.deepEqual(changes.at(-1), { new: '2019-10-07', old: '2019-09-23',
    new_label: '10/07/2019', old_label: '09/23/2019' });
  const html = await (await server.get('/requests/19-5156')).text();
  assert.match(html, /Beyond the law:<\/strong> Extended 7 times; Gov\. Code 7922\.535 allows one/);

  // The archive filter, in HTML and JSON; an unknown value is a 400 naming it.
  const archive = await server.getJSON('/requests.json?flag=compliance');
  assert.equal(archive.status, 200);
  assert.ok(archive.json.requests.some((x) => x.number === '19-5156' &&
    x.compliance === `Extended 7 times; ${CPRA_FLAG}`));
  assert.ok(archive.json.requests.every((x) => x.compliance));
  const page = await (await server.get('/requests?flag=compliance')).text();
  assert.match(page, /<option value="compliance" selected>Beyond what the law allows<\/option>/);
  assert.match(page, /href="\/requests\/19-5156"/);
  const bad = await server.getJSON('/requests.json?flag=late');
  assert.equal(bad.status, 400);
  assert.ok(bad.json.error.fields.flag);
});

test('an extension by the law\'s reasons, then one beyond it with a written reason', async () => {
  const number = nextNumber();
  const before = await server.requestRow(number);
  const { html } = await openRequest(kris, number);
  assert.match(html, /Gov\. Code 7922\.535\(c\) allows 1 extension of up to 14 calendar days; this request has had 0/);
  assert.match(html, /<input id="extension-reason-1" name="reasons" type="checkbox" value="voluminous">/);

  // A reason the law does not give is refused, and nothing changes.
  let res = await postAction(kris, number, 'extend', { reasons: 'because' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Choose the reasons from the list the law gives/);

  res = await postAction(kris, number, 'extend', { reasons: ['voluminous', 'consult_agency'] });
  assert.equal(res.status, 303);
  const once = await server.requestRow(number);
  const expected = weekdayFrom(addDays(before.due_date, 14));
  assert.equal(once.due_date, expected);
  assert.equal(once.due_source, 'rule');
  assert.equal(once.compliance, null);
  const [ev] = await server.sql(`SELECT kind, level, body, data FROM events WHERE request_id = ${once.id} AND kind <> 'overdue' ORDER BY id DESC LIMIT 1`);
  assert.equal(ev.kind, 'due_date_changed');
  assert.equal(ev.level, 'public');
  assert.match(ev.body, /^Extended by 14 calendar days under Gov\. Code 7922\.535\(c\): A voluminous amount/);
  assert.deepEqual(JSON.parse(ev.data).reasons, ['voluminous', 'consult_agency']);

  // The second one goes beyond the law: a 400 naming the written reason.
  res = await postAction(kris, number, 'extend', { reasons: 'voluminous' });
  assert.equal(res.status, 400);
  const refused = await res.text();
  assert.match(refused, /id="extend_note-error">Written reason This extension goes beyond what the law allows/);
  assert.match(refused, /value="voluminous" checked>/, 'the reasons chosen are kept');
  assert.match(refused, /value="consult_agency">/);
  assert.equal((await server.requestRow(number)).due_date, expected);

  res = await postAction(kris, number, 'extend', { reasons: 'voluminous', extend_note: 'The archive is off site.' });
  assert.equal(res.status, 303);
  const twice = await server.requestRow(number);
  assert.equal(twice.due_date, weekdayFrom(addDays(expected, 14)));
  assert.equal(twice.compliance, `Extended twice; ${CPRA_FLAG}`);

  // Everyone who sees the request sees the flag: page, JSON, archive filter.
  const pub = await server.getJSON(`/requests/${number}.json`);
  assert.deepEqual(pub.json.request.compliance, { flag: true, text: `Extended twice; ${CPRA_FLAG}` });
  assert.match(await (await server.get(`/requests/${number}`)).text(),
    /Beyond the law:<\/strong> Extended twice;/);
  const flagged = await server.getJSON('/requests.json?flag=compliance');
  assert.ok(flagged.json.requests.some((x) => x.number === number));
  const audit = await server.sql(`SELECT action FROM audit_log WHERE request_id = ${twice.id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => a.action), ['request.extend', 'request.extend']);
});

test('a due date set by hand beyond the law carries the flag too', async () => {
  const number = nextNumber();
  const row = await server.requestRow(number);
  let res = await postAction(kris, number, 'due_date', { due_date: addDays(row.due_date, 30) });
  assert.equal(res.status, 400, 'the written reason is required');
  assert.match(await res.text(), /id="due_reason-error">Reason /);
  res = await postAction(kris, number, 'due_date', { due_date: addDays(row.due_date, 30),
    due_reason: 'Staff shortage.' });
  assert.equal(res.status, 303);
  const after = await server.requestRow(number);
  assert.equal(after.due_source, 'manual');
  assert.equal(after.compliance, `Extended once; ${CPRA_FLAG}`);
});

test('a calendar change moves due dates the rule keeps, not hand-set ones', async () => {
  const ruled = nextNumber();
  const manual = nextNumber();
  const ruledRow = await server.requestRow(ruled);
  const due = ruledRow.due_date;
  // The other request gets the same due date, set by hand.
  const res = await postAction(kris, manual, 'due_date', { due_date: due, due_reason: 'Agreed with the requester.' });
  assert.equal(res.status, 303);
  assert.equal((await server.requestRow(manual)).due_source, 'manual');

  await admin.csrf('/admin/deadlines');
  let added = await admin.post('/admin/deadlines/dates', { date: due, kind: 'closed', name: 'Storm closure' });
  assert.equal(added.status, 303);
  assert.match(added.headers.get('location'), /^\/admin\/deadlines\?moved=[1-9]\d*$/);
  const moved = await server.requestRow(ruled);
  assert.equal(moved.due_date, weekdayFrom(addDays(due, 1)));
  assert.equal(moved.version, ruledRow.version + 1);
  assert.equal((await server.requestRow(manual)).due_date, due, 'the hand-set date stays');

  const { json } = await server.getJSON(`/requests/${ruled}.json`);
  const change = json.request.events.find((e) => e.kind === 'due_date_changed');
  assert.equal(change.level, 'public');
  assert.equal(change.due_change.old, due);
  assert.equal(change.due_change.new, moved.due_date);
  assert.match(change.body_html, /The holiday calendar changed: .* is a closure \(Storm closure\)\./);
  const html = await (await server.get(`/requests/${ruled}`)).text();
  assert.match(html, new RegExp(`\\(was ${due.slice(5, 7)}/${due.slice(8)}/${due.slice(0, 4)}\\)`));
  assert.equal(json.request.compliance, null, 'a move by the calendar is no extension');

  // The same date twice is a 400 naming the field; removing it moves the date back.
  await admin.csrf('/admin/deadlines');
  added = await admin.post('/admin/deadlines/dates', { date: due, kind: 'closed', name: 'Again' });
  assert.equal(added.status, 400);
  assert.match(await added.text(), /id="date-error">Date is in the calendar already/);
  await admin.csrf('/admin/deadlines');
  const removed = await admin.post(`/admin/deadlines/dates/${due}/remove`, {});
  assert.equal(removed.status, 303);
  assert.equal((await server.requestRow(ruled)).due_date, due);
  const audit = await server.sql("SELECT action FROM audit_log WHERE action GLOB 'calendar.date.*' ORDER BY id");
  assert.deepEqual(audit.map((a) => a.action), ['calendar.date.add', 'calendar.date.remove']);
});

test('an admin builds a custom rule set; a department follows it', async () => {
  let page = await admin.get('/admin/deadlines');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /California Public Records Act/);
  assert.match(html, /5 U\.S\.C\. 552\(a\)\(6\)/);
  assert.match(html, /Public Officers Law 89\(3\)/);
  assert.match(html, /Gov\. Code 552\.221/);
  assert.equal((await kris.get('/admin/deadlines')).status, 403);

  // A copy of a preset starts with its values.
  const copy = await (await admin.get('/admin/deadlines/rule-sets/new?from=foia')).text();
  assert.match(copy, /id="first_days" name="first_days" type="number" min="1" max="366" required value="20"/);
  assert.match(copy, /<textarea id="pause_reasons" name="pause_reasons" rows="4">information\nfee_clarification<\/textarea>/);
  assert.match(copy, /<textarea id="pause_limited_reasons" name="pause_limited_reasons" rows="2">information<\/textarea>/);

  // Every problem is a 400 naming its field.
  await admin.csrf('/admin/deadlines/rule-sets/new');
  let res = await admin.post('/admin/deadlines/rule-sets', { key: 'City Rules', name: 'City',
    citation: 'Mun. Code 2.10', calendar: 'us-ca', cutoff: '25:00', first_days: '0',
    first_unit: 'business', ext_count: '1' });
  assert.equal(res.status, 400);
  const errors = await res.text();
  assert.match(errors, /id="first_days-error">Days for the first response/);
  assert.match(errors, /id="cutoff-error">Cut-off time/);
  assert.match(errors, /value="City Rules"/, 'what was typed is kept');
  res = await admin.post('/admin/deadlines/rule-sets', { key: 'City Rules', name: 'City',
    citation: 'Mun. Code 2.10', calendar: 'mars', cutoff: '25:00', first_days: '5',
    first_unit: 'business', ext_count: '1' });
  assert.equal(res.status, 400);
  const more = await res.text();
  res = await admin.post('/admin/deadlines/rule-sets', { key: 'city', name: 'City',
    citation: 'Mun. Code 2.10', calendar: 'us-ca', first_days: '5', first_unit: 'business',
    pause_reasons: 'Clarification', pause_limited_reasons: 'Payment' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="pause_limited_reasons-error">Reasons the limit counts must be among the reasons for a pause/);
  for (const field of ['key', 'cutoff', 'ext_days', 'ext_unit']) {
    assert.match(more, new RegExp(`id="${field}-error"`), field);
  }

  res = await admin.post('/admin/deadlines/rule-sets', { key: 'city', name: 'City ordinance',
    citation: 'Mun. Code 2.10', calendar: 'us-ca', cutoff: '16:00', first_days: '5',
    first_unit: 'business', ext_count: '2', ext_days: '5', ext_unit: 'business',
    ext_citation: 'Mun. Code 2.10(b)', ext_reasons: 'Records in storage\nLegal review',
    pause_stops_clock: 'on', pause_max_count: '2', pause_citation: 'Mun. Code 2.12',
    pause_reasons: 'Clarification' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/deadlines/rule-sets/city');
  const [set] = await server.sql("SELECT config, preset FROM deadline_rule_sets WHERE key = 'city'");
  assert.equal(set.preset, 0);
  const config = JSON.parse(set.config);
  assert.deepEqual(config.extensions[0].reasons, ['Records in storage', 'Legal review']);
  assert.equal(config.cutoff, '16:00');
  assert.equal(config.pause_max_count, 2);

  // Edit it; a preset cannot be edited.
  await admin.csrf('/admin/deadlines/rule-sets/city');
  res = await admin.post('/admin/deadlines/rule-sets/city', { name: 'City ordinance',
    citation: 'Mun. Code 2.10', calendar: 'us-ca', first_days: '7', first_unit: 'business' });
  assert.equal(res.status, 303);
  assert.equal(JSON.parse((await server.sql("SELECT config FROM deadline_rule_sets WHERE key = 'city'"))[0].config).first_response.days, 7);
  res = await admin.post('/admin/deadlines/rule-sets/cpra', { name: 'x', citation: 'x',
    calendar: 'us-ca', first_days: '7', first_unit: 'business' });
  assert.equal(res.status, 404);

  // A department follows it: a request made to it is due by its count.
  const [dept] = await server.sql("SELECT id FROM departments WHERE short_name = 'Planning'");
  await admin.csrf('/admin/deadlines');
  res = await admin.post(`/admin/deadlines/departments/${dept.id}`, { department_rule_set: 'city' });
  assert.equal(res.status, 303);
  page = await (await admin.get('/admin/deadlines')).text();
  assert.match(page, new RegExp(`id="department-${dept.id}-rule_set"[^]*?<option value="city" selected>`));
  const requester = server.client();
  await requester.csrf('/requests/new');
  res = await requester.post('/requests', { description: 'Zoning variance files for 12 Elm St.',
    department: String(dept.id), email: 'zoning.rq@example.com', name: 'Zoe' });
  assert.equal(res.status, 303);
  const [made] = await server.sql("SELECT due_explanation FROM requests WHERE requester_email = 'zoning.rq@example.com'");
  const how = JSON.parse(made.due_explanation);
  assert.equal(how.rule, 'city');
  assert.equal(how.days, 7);
  assert.equal(how.unit, 'business');
  const audit = await server.sql("SELECT action FROM audit_log WHERE action IN ('deadline.rule_set.create', 'deadline.rule_set.update', 'department.rule_set') ORDER BY id");
  assert.deepEqual(audit.map((a) => a.action), ['deadline.rule_set.create', 'deadline.rule_set.update', 'department.rule_set']);
});

test('a holiday rule added to a calendar; bad rules are 400s naming the field', async () => {
  await admin.csrf('/admin/deadlines/calendars/us-federal');
  let res = await admin.post('/admin/deadlines/calendars/us-federal', { name: 'Nothing day',
    kind: 'fixed', month: '2', observance: 'none' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="day-error">Day of the month|id="day-error">Day /);
  res = await admin.post('/admin/deadlines/calendars/us-federal', { name: 'Nothing day',
    kind: 'fixed', month: '2', day: '30', observance: 'none' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /is not a day of that month/);
  res = await admin.post('/admin/deadlines/calendars/us-federal', { name: 'Founders Day',
    kind: 'nth_weekday', month: '3', weekday: 'friday', nth: '-1', observance: 'none',
    first_year: '2030' });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/admin\/deadlines\/calendars\/us-federal\?moved=\d+$/);
  const page = await (await admin.get('/admin/deadlines/calendars/us-federal')).text();
  assert.match(page, /<td>Founders Day<\/td>\s*<td>Last Friday of March<\/td>/);
  const [rule] = await server.sql("SELECT id, weekday, nth, first_year FROM holiday_rules WHERE name = 'Founders Day'");
  assert.deepEqual([rule.weekday, rule.nth, rule.first_year], [5, -1, 2030]);
  await admin.csrf('/admin/deadlines/calendars/us-federal');
  res = await admin.post(`/admin/deadlines/holidays/${rule.id}/active`, { active: '0' });
  assert.equal(res.status, 303);
  assert.equal((await server.sql(`SELECT active FROM holiday_rules WHERE id = ${rule.id}`))[0].active, 0);
  assert.equal((await admin.get('/admin/deadlines/calendars/nowhere')).status, 404);

  // A calendar of its own: a copy of another's rules, for a custom rule set.
  await admin.csrf('/admin/deadlines');
  res = await admin.post('/admin/deadlines/calendars', { calendar_name: 'us-federal', copy_from: 'mars' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="calendar_name-error">Name of the calendar is taken by another calendar/);
  res = await admin.post('/admin/deadlines/calendars', { calendar_name: 'us-ny', copy_from: 'us-federal' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/deadlines/calendars/us-ny');
  const [{ n }] = await server.sql("SELECT count(*) AS n FROM holiday_rules WHERE calendar = 'us-ny'");
  const [{ m }] = await server.sql("SELECT count(*) AS m FROM holiday_rules WHERE calendar = 'us-federal'");
  assert.equal(n, m);
  await admin.csrf('/admin/deadlines/calendars/us-ny');
  res = await admin.post('/admin/deadlines/calendars/us-ny', { name: 'Lincoln\'s Birthday',
    kind: 'fixed', month: '2', day: '12', observance: 'nearest_weekday' });
  assert.equal(res.status, 303);
  await admin.csrf('/admin/deadlines/rule-sets/new?from=ny-foil');
  res = await admin.post('/admin/deadlines/rule-sets', { key: 'ny-city', name: 'NY city',
    citation: 'Public Officers Law 89(3)', calendar: 'us-ny', first_days: '5', first_unit: 'business' });
  assert.equal(res.status, 303);
});

test('FOIA stops the clock for one pause only; later pauses do not move the due date', async () => {
  await admin.csrf('/admin/deadlines');
  let res = await admin.post('/admin/deadlines/portal', { rule_set: 'foia', due_soon_days: '4' });
  assert.equal(res.status, 303);
  const settings = await server.sql("SELECT key, value FROM settings WHERE key IN ('deadline_rule_set', 'due_soon_business_days') ORDER BY key");
  assert.deepEqual(settings.map((s) => s.value), ['foia', '4']);
  const soon = (await server.getJSON('/requests.json')).json.due_soon_until;
  assert.ok(soon >= addDays(today(), 4) && soon <= addDays(today(), 8), `4 business days: ${soon}`);
  res = await admin.post('/admin/deadlines/portal', { rule_set: 'nope', due_soon_days: '99' });
  assert.equal(res.status, 400);
  const bad = await res.text();
  assert.match(bad, /id="due_soon_days-error"/);

  const requester = server.client();
  await requester.csrf('/requests/new');
  res = await requester.post('/requests', { description: 'Federal grant files.', email: 'grant.rq@example.com' });
  assert.equal(res.status, 303);
  const [{ number }] = await server.sql("SELECT number FROM requests WHERE requester_email = 'grant.rq@example.com'");
  assert.equal(JSON.parse((await server.requestRow(number)).due_explanation).rule, 'foia');

  async function pauseFor(days) {
    assert.equal((await postAction(kris, number, 'pause', { pause_reason: 'information',
      pause_message: 'Which grant?' })).status, 303);
    await server.sql(`UPDATE requests SET paused_at = paused_at - ${days} * 86400 WHERE number = ${q(number)}`);
    assert.equal((await postAction(kris, number, 'resume')).status, 303);
  }
  const start = (await server.requestRow(number)).due_date;
  await pauseFor(3);
  const tolled = (await server.requestRow(number)).due_date;
  assert.ok(tolled > start, `the first pause moves the date (${start} -> ${tolled})`);
  assert.match((await openRequest(kris, number)).html,
    /5 U\.S\.C\. 552\(a\)\(6\)\(A\)\(ii\) stops the clock only once for: Information asked of the requester\. A pause for another of its reasons still stops it: Clarification of fees with the requester\./);
  await pauseFor(3);
  const second = await server.requestRow(number);
  assert.equal(second.due_date, tolled, 'the second pause does not');
  assert.equal(second.compliance, null);
  const [ev] = await server.sql(`SELECT body FROM events WHERE request_id = ${second.id} AND kind = 'resumed' ORDER BY id DESC LIMIT 1`);
  assert.match(ev.body, /Paused for 3 days\. The due date does not move: 5 U\.S\.C\. 552\(a\)\(6\)\(A\)\(ii\) stops the clock only once for: Information asked of the requester\./);
  await admin.csrf('/admin/deadlines');
  assert.equal((await admin.post('/admin/deadlines/portal', { rule_set: 'cpra', due_soon_days: '0' })).status, 303);
  assert.equal((await server.getJSON('/requests.json')).json.due_soon_until, today());
});

test('the daily sweep records each overdue request once, at level Staff', async () => {
  // The server's worker queues the sweep once a local day from 01:00.
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles',
    hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  if (hour >= 1) {
    let job;
    for (let i = 0; i < 100 && job?.status !== 'done'; i++) {
      [job] = await server.sql("SELECT status FROM jobs WHERE kind = 'deadline.sweep'");
      if (job?.status !== 'done') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(job?.status, 'done');
  } else {
    await runCommand(['worker', '--db', server.dbPath, '--once']);
    await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('deadline.sweep', 0, 0)");
    await runCommand(['worker', '--db', server.dbPath, '--once']);
  }
  // Earlier tests moved some due dates since: the next sweep marks those
  // (another day's job), and then each request overdue now has one event
  // for its due date now.
  const [{ first }] = await server.sql("SELECT count(*) AS first FROM events WHERE kind = 'overdue'");
  assert.ok(first > 0);
  await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('deadline.sweep', 0, 0)");
  await runCommand(['worker', '--db', server.dbPath, '--once']);
  const marks = await server.sql('SELECT r.number, (SELECT count(*) FROM events AS e ' +
    "WHERE e.request_id = r.id AND e.kind = 'overdue' AND json_extract(e.data, '$.due_date') = r.due_date) AS n " +
    `FROM requests AS r WHERE r.status = 'open' AND r.due_date < ${q(today())}`);
  assert.ok(marks.length > 0, 'the demo has overdue requests');
  for (const m of marks) assert.equal(m.n, 1, m.number);
  const overdue = await server.sql("SELECT r.number, e.level, e.body FROM events AS e " +
    "JOIN requests AS r ON r.id = e.request_id WHERE e.kind = 'overdue'");
  for (const e of overdue) {
    assert.equal(e.level, 'staff');
    assert.match(e.body, /^Overdue: the due date was \w+day \w+ \d+, \d{4}\.$/);
  }
  const n = overdue.length;
  // Run again: nothing twice.
  await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('deadline.sweep', 0, 0)");
  await runCommand(['worker', '--db', server.dbPath, '--once']);
  const [{ again }] = await server.sql("SELECT count(*) AS again FROM events WHERE kind = 'overdue'");
  assert.equal(again, n);
  const pub = await server.getJSON(`/requests/${overdue[0].number}.json`);
  if (pub.status === 200) assert.ok(pub.json.request.events.every((e) => e.kind !== 'overdue'));
});
