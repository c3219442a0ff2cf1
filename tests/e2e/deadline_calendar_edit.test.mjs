// Editing a holiday rule moves the due dates the rule keeps (each with its
// Due Date Changed event) and leaves hand-set ones alone; bad fields are
// 400s naming them. A custom rule set is turned off and on again: never the
// portal's, a department's or a preset; once off it is not offered nor
// taken for new requests, while requests that came from it keep counting
// with it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  addDays, oneAtATime, openRequest, postAction, signedInClient, startServer, weekdayFrom,
} from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const ADMIN = 'admin@example.gov';

let server;
let kris;
let admin;
let nextNumber;

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  admin = await signedInClient(server, ADMIN);
  nextNumber = oneAtATime((await server.sql(
    "SELECT number FROM requests WHERE status = 'open' AND due_source = 'rule' " +
    "AND json_extract(due_explanation, '$.rule') = 'cpra' AND compliance IS NULL " +
    "AND NOT EXISTS (SELECT 1 FROM events WHERE request_id = requests.id " +
    "AND kind = 'due_date_changed') ORDER BY id DESC LIMIT 10")).map((r) => r.number), 'open requests');
});
after(async () => { await server?.stop(); });

/** The <select> named name in html, and the values of its options. */
function optionsOf(html, id) {
  const select = new RegExp(`<select id="${id}"[^]*?</select>`).exec(html);
  assert.ok(select, `a select #${id}`);
  return [...select[0].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
}

test('editing a holiday rule moves the due dates the rule keeps, not hand-set ones', async () => {
  const ruled = nextNumber();
  const manual = nextNumber();
  const ruledRow = await server.requestRow(ruled);
  const due = ruledRow.due_date;
  const year = due.slice(0, 4);
  let res = await postAction(kris, manual, 'due_date', { due_date: due, due_reason: 'Agreed with the requester.' });
  assert.equal(res.status, 303);
  const manualRow = await server.requestRow(manual);
  assert.equal(manualRow.due_source, 'manual');

  // A rule on a day that is no one's due date: nothing moves.
  await admin.csrf('/admin/deadlines/calendars/us-ca');
  res = await admin.post('/admin/deadlines/calendars/us-ca', { name: 'Founding Day', kind: 'fixed',
    month: '1', day: '2', observance: 'none', offset_days: '0', first_year: '1990', last_year: '1990' });
  assert.equal(res.status, 303);
  const [rule] = await server.sql("SELECT id FROM holiday_rules WHERE calendar = 'us-ca' AND name = 'Founding Day'");

  // The calendar lists it with a link to its own page, filled in.
  const list = await (await admin.get('/admin/deadlines/calendars/us-ca')).text();
  const url = `/admin/deadlines/calendars/us-ca/rules/${rule.id}`;
  assert.match(list, new RegExp(`<a href="${url}">Edit<span class="visually-hidden"> Founding Day</span></a>`));
  let page = await admin.get(url);
  assert.equal(page.status, 200);
  let html = await page.text();
  assert.match(html, /<h1>Edit Founding Day<\/h1>/);
  assert.match(html, /id="name" name="name" type="text" maxlength="63" required value="Founding Day"/);
  assert.match(html, /id="day" name="day" type="number" min="1" max="31" value="2"/);
  assert.match(html, /id="first_year" name="first_year" type="number" min="1900" max="9999" value="1990"/);
  assert.match(html, /<option value="fixed" selected>/);
  assert.match(html, /<option value="none" selected>On the day, even on a weekend<\/option>/);

  // Bad fields: 400s naming them, with what was typed kept; nothing changes.
  await admin.csrf(url);
  res = await admin.post(url, { name: 'Founding Day', kind: 'fixed', month: '2', day: '30', observance: 'none' });
  assert.equal(res.status, 400);
  html = await res.text();
  assert.match(html, /id="day-error">Day is not a day of that month/);
  assert.match(html, /<option value="2" selected>February<\/option>/);
  res = await admin.post(url, { name: '', kind: 'nth_weekday', month: '2', nth: '9', observance: 'none',
    first_year: '2030', last_year: '2020' });
  assert.equal(res.status, 400);
  html = await res.text();
  assert.match(html, /id="name-error">Name /);
  assert.match(html, /id="nth-error">Which one /);
  res = await admin.post(url, { name: 'Founding Day', kind: 'nth_weekday', month: '2', weekday: 'monday',
    nth: '-1', observance: 'none', first_year: '2030', last_year: '2020' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="last_year-error">Last year must not be before the first year/);
  const json = await admin.post(url, { name: 'x', kind: 'fixed', observance: 'none' }, { headers: { accept: 'application/json' } });
  assert.equal(json.status, 400);
  assert.match((await json.json()).errors.month, /^Month /);
  const [same] = await server.sql(`SELECT name, month, day FROM holiday_rules WHERE id = ${rule.id}`);
  assert.deepEqual(same, { name: 'Founding Day', month: 1, day: 2 });
  assert.equal((await server.requestRow(ruled)).due_date, due);

  // The rule moved onto the due date, renamed: the ruled request moves.
  res = await admin.post(url, { name: 'Admission Day', kind: 'fixed', month: String(Number(due.slice(5, 7))),
    day: String(Number(due.slice(8))), observance: 'none', offset_days: '0', first_year: year, last_year: year });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/admin\/deadlines\/calendars\/us-ca\?moved=[1-9]\d*$/);
  const moved = await server.requestRow(ruled);
  assert.equal(moved.due_date, weekdayFrom(addDays(due, 1)));
  assert.equal(moved.due_source, 'rule');
  assert.equal(moved.version, ruledRow.version + 1);
  const still = await server.requestRow(manual);
  assert.equal(still.due_date, due, 'the hand-set date stays');
  assert.equal(still.version, manualRow.version);

  const reqPage = await (await kris.get(`/requests/${ruled}`)).text();
  assert.match(reqPage, /The holiday calendar changed: Founding Day was changed \(now Admission Day\)\./);
  assert.match(reqPage, new RegExp(`\\(was ${due.slice(5, 7)}/${due.slice(8)}/${due.slice(0, 4)}\\)`));
  const [ev] = await server.sql(`SELECT kind, level FROM events WHERE request_id = ${moved.id} AND kind = 'due_date_changed'`);
  assert.deepEqual(ev, { kind: 'due_date_changed', level: 'public' });

  const [audit] = await server.sql("SELECT target_id, before_json, after_json FROM audit_log WHERE action = 'holiday.rule.update'");
  assert.equal(audit.target_id, rule.id);
  assert.equal(JSON.parse(audit.before_json).name, 'Founding Day');
  assert.equal(JSON.parse(audit.before_json).day, 2);
  assert.equal(JSON.parse(audit.after_json).name, 'Admission Day');
  assert.equal(JSON.parse(audit.after_json).first_year, Number(year));
  const [stored] = await server.sql(`SELECT name, kind, month, day, weekday, nth FROM holiday_rules WHERE id = ${rule.id}`);
  assert.deepEqual(stored, { name: 'Admission Day', kind: 'fixed', month: Number(due.slice(5, 7)),
    day: Number(due.slice(8)), weekday: null, nth: null });

  // Into a weekday rule and back off the due date: the request moves back.
  await admin.csrf(url);
  res = await admin.post(url, { name: 'Admission Day', kind: 'nth_weekday', month: '1', weekday: 'sunday',
    nth: '-1', observance: 'none', offset_days: '1', first_year: '1990', last_year: '1990' });
  assert.equal(res.status, 303);
  assert.equal((await server.requestRow(ruled)).due_date, due);
  const [wd] = await server.sql(`SELECT kind, day, weekday, nth, offset_days FROM holiday_rules WHERE id = ${rule.id}`);
  assert.deepEqual(wd, { kind: 'nth_weekday', day: null, weekday: 0, nth: -1, offset_days: 1 });
  html = await (await admin.get(url)).text();
  assert.match(html, /<option value="sunday" selected>Sunday<\/option>/);
  assert.match(html, /<option value="-1" selected>Last<\/option>/);
  assert.match(html, /id="offset_days" name="offset_days" type="number" min="-31" max="31" value="1"/);

  // Another calendar's rule, a rule that is not there: 404. Not an admin: 403.
  const [other] = await server.sql("SELECT id FROM holiday_rules WHERE calendar = 'us-federal' LIMIT 1");
  assert.equal((await admin.get(`/admin/deadlines/calendars/us-ca/rules/${other.id}`)).status, 404);
  assert.equal((await admin.get('/admin/deadlines/calendars/us-ca/rules/999999')).status, 404);
  await admin.csrf(url);
  res = await admin.post(`/admin/deadlines/calendars/us-ca/rules/${other.id}`, { name: 'x', kind: 'fixed',
    month: '1', day: '1', observance: 'none' });
  assert.equal(res.status, 404);
  assert.equal((await kris.get(url)).status, 403);
  await kris.csrf('/requests');
  res = await kris.post(url, { name: 'x', kind: 'fixed', month: '1', day: '1', observance: 'none' });
  assert.equal(res.status, 403);
  assert.equal((await server.sql(`SELECT name FROM holiday_rules WHERE id = ${rule.id}`))[0].name, 'Admission Day');
});

test('a custom rule set is turned off and on; never the portal\'s, a department\'s or a preset', async () => {
  await admin.csrf('/admin/deadlines/rule-sets/new');
  let res = await admin.post('/admin/deadlines/rule-sets', { key: 'town', name: 'Town code',
    citation: 'Town Code 3', calendar: 'us-ca', first_days: '7', first_unit: 'business',
    ext_count: '1', ext_days: '5', ext_unit: 'business', ext_citation: 'Town Code 3(b)',
    ext_reasons: 'Records in storage' });
  assert.equal(res.status, 303);
  const [dept] = await server.sql("SELECT id, name FROM departments WHERE short_name = 'Planning'");

  // A request made to a department that follows it counts with it.
  await admin.csrf('/admin/deadlines');
  res = await admin.post(`/admin/deadlines/departments/${dept.id}`, { department_rule_set: 'town' });
  assert.equal(res.status, 303);
  const requester = server.client();
  await requester.csrf('/requests/new');
  res = await requester.post('/requests', { description: 'Building permits for 4 Oak Ave.',
    department: String(dept.id), email: 'oak.rq@example.com', name: 'Olive' });
  assert.equal(res.status, 303);
  const [made] = await server.sql("SELECT number, due_date, due_explanation FROM requests WHERE requester_email = 'oak.rq@example.com'");
  assert.equal(JSON.parse(made.due_explanation).rule, 'town');

  // The department's: refused, naming the department.
  await admin.csrf('/admin/deadlines');
  res = await admin.post('/admin/deadlines/rule-sets/town/active', { active: '0' });
  assert.equal(res.status, 400);
  assert.equal(dept.name, 'Planning & Building Safety');
  assert.match(await res.text(), /role="alert">\s*<p>The rule set town is the rule set of Planning &amp; Building Safety\.<\/p>/);
  res = await admin.post(`/admin/deadlines/departments/${dept.id}`, { department_rule_set: '' });
  assert.equal(res.status, 303);

  // The portal's: refused.
  res = await admin.post('/admin/deadlines/portal', { rule_set: 'town', due_soon_days: '3' });
  assert.equal(res.status, 303);
  res = await admin.post('/admin/deadlines/rule-sets/town/active', { active: '0' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /role="alert">\s*<p>The rule set town is the portal&#39;s rule set\.<\/p>/);
  res = await admin.post('/admin/deadlines/portal', { rule_set: 'cpra', due_soon_days: '3' });
  assert.equal(res.status, 303);

  // A preset: refused, and the page offers no button for one.
  res = await admin.post('/admin/deadlines/rule-sets/cpra/active', { active: '0' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /The rule set cpra is a preset: presets stay, copy one instead\./);
  assert.equal((await admin.post('/admin/deadlines/rule-sets/nope/active', { active: '0' })).status, 404);
  assert.equal((await admin.post('/admin/deadlines/rule-sets/town/active', { active: '2' })).status, 400);
  let html = await (await admin.get('/admin/deadlines')).text();
  assert.doesNotMatch(html, /action="\/admin\/deadlines\/rule-sets\/cpra\/active"/);
  assert.equal((await server.sql("SELECT active FROM deadline_rule_sets WHERE key IN ('cpra', 'town') ORDER BY key"))
    .map((r) => r.active).join(), '1,1');

  // Not an admin: 403.
  await kris.csrf('/requests');
  assert.equal((await kris.post('/admin/deadlines/rule-sets/town/active', { active: '0' })).status, 403);

  // Turned off: marked, with a button to turn it on; not offered, refused if sent.
  await admin.csrf('/admin/deadlines');
  res = await admin.post('/admin/deadlines/rule-sets/town/active', { active: '0' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/deadlines');
  html = await (await admin.get('/admin/deadlines')).text();
  assert.match(html, /Custom, inactive <a href="\/admin\/deadlines\/rule-sets\/new\?from=town">Copy/);
  assert.match(html, /<button type="submit" class="secondary">Reactivate<span class="visually-hidden"> Town code<\/span><\/button>/);
  assert.ok(!optionsOf(html, 'rule_set').includes('town'), 'not offered for the portal');
  assert.ok(!optionsOf(html, `department-${dept.id}-rule_set`).includes('town'), 'not offered for a department');
  assert.ok(optionsOf(html, 'rule_set').includes('foia'));
  res = await admin.post('/admin/deadlines/portal', { rule_set: 'town', due_soon_days: '3' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="rule_set-error">The portal&#39;s rule set is not a rule set of the portal/);
  res = await admin.post(`/admin/deadlines/departments/${dept.id}`, { department_rule_set: 'town' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /is not a rule set of the portal/);
  assert.equal((await server.sql("SELECT value FROM settings WHERE key = 'deadline_rule_set'"))[0].value, 'cpra');

  // The request that came from it keeps counting with it: extended by its law.
  const { html: panel } = await openRequest(kris, made.number);
  assert.match(panel, /Town Code 3\(b\) allows 1 extension of up to 5 business days; this request has had 0/);
  res = await postAction(kris, made.number, 'extend', { reasons: 'Records in storage' });
  assert.equal(res.status, 303);
  const extended = await server.requestRow(made.number);
  assert.ok(extended.due_date > made.due_date, `${extended.due_date} after ${made.due_date}`);
  assert.equal(JSON.parse(extended.due_explanation).rule, 'town');
  assert.equal(extended.compliance, null);
  const [ev] = await server.sql(`SELECT body FROM events WHERE request_id = ${extended.id} AND kind = 'due_date_changed'`);
  assert.match(ev.body, /^Extended by 5 business days under Town Code 3\(b\)/);

  // Its page still edits it, and says it is off; turned on again, it is offered again.
  res = await admin.get('/admin/deadlines/rule-sets/town');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<p class="note">Inactive: not offered for the portal or a department\./);
  await admin.csrf('/admin/deadlines');
  res = await admin.post('/admin/deadlines/rule-sets/town/active', { active: '1' });
  assert.equal(res.status, 303);
  html = await (await admin.get('/admin/deadlines')).text();
  assert.ok(optionsOf(html, 'rule_set').includes('town'));
  assert.match(html, /Deactivate<span class="visually-hidden"> Town code<\/span>/);
  assert.doesNotMatch(await (await admin.get('/admin/deadlines/rule-sets/town')).text(), /Inactive:/);
  const audit = await server.sql("SELECT action, before_json, after_json FROM audit_log WHERE action GLOB 'deadline.rule_set.*activate' ORDER BY id");
  assert.deepEqual(audit.map((a) => [a.action, JSON.parse(a.before_json).active, JSON.parse(a.after_json).active]),
    [['deadline.rule_set.deactivate', true, false], ['deadline.rule_set.activate', false, true]]);
});
