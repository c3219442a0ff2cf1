// Pauses by the request's rule set: a FOIA request's pause form offers the
// statute's reasons (in words, with the citation) and the portal's own; a
// pause for information stops the clock and resuming moves the due date by
// the business days paused; a pause for payment and a second pause for
// information do not, and the form says so beforehand; a CPRA request
// offers the portal's reasons and never tolls; a custom rule set's own
// words; an unknown reason is a 400 naming "Waiting for".

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openRequest, postAction, q, signedInClient, startServer } from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const ADMIN = 'admin@example.gov';
const LAW = '5 U.S.C. 552(a)(6)(A)(ii)';
const INFORMATION = 'Information asked of the requester';
const FEES = 'Clarification of fees with the requester';

let server;
let kris;
let admin;

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  admin = await signedInClient(server, ADMIN);
});
after(async () => { await server?.stop(); });

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function events(number, kind) {
  return server.sql(`SELECT e.body, e.data, e.level FROM events AS e JOIN requests AS r ON r.id = e.request_id ` +
    `WHERE r.number = ${q(number)} AND e.kind = ${q(kind)} ORDER BY e.id`);
}

/** Makes a department follow ruleSet and a request to it; returns its number. */
async function requestUnder(shortName, ruleSet, email) {
  const [dept] = await server.sql(`SELECT id FROM departments WHERE short_name = ${q(shortName)}`);
  assert.ok(dept, `the demo has the department ${shortName}`);
  await admin.csrf('/admin/deadlines');
  assert.equal((await admin.post(`/admin/deadlines/departments/${dept.id}`,
    { department_rule_set: ruleSet })).status, 303);
  const requester = server.client();
  await requester.csrf('/requests/new');
  const res = await requester.post('/requests', { description: `Records for the ${ruleSet} pause test.`,
    department: String(dept.id), email });
  assert.equal(res.status, 303);
  const [{ number, due_explanation: how }] = await server.sql(
    `SELECT number, due_explanation FROM requests WHERE requester_email = ${q(email)}`);
  assert.equal(JSON.parse(how).rule, ruleSet);
  return number;
}

/** Pauses number for reason, then resumes it `days` days later. */
async function pauseFor(number, reason, days, message) {
  const res = await postAction(kris, number, 'pause', { pause_reason: reason, pause_message: message });
  assert.equal(res.status, 303, `pausing for ${reason}`);
  await server.sql(`UPDATE requests SET paused_at = paused_at - ${days} * 86400 WHERE number = ${q(number)}`);
  assert.equal((await postAction(kris, number, 'resume')).status, 303);
}

/** The pause form of a request page's HTML. */
function pauseForm(html) {
  const form = /<h3>Pause the request<\/h3>[^]*?<\/form>/.exec(html)?.[0];
  assert.ok(form, 'the page has the pause form');
  return form;
}

test('FOIA: the statute\'s reasons stop the clock once; the portal\'s own do not; the form says so first', async () => {
  const number = await requestUnder('Planning', 'foia', 'foia.pause@example.com');
  // A fixed due date: four business days after Tuesday November 25, 2025
  // skip Thanksgiving (federal) and the weekend: Tuesday December 2.
  await server.sql(`UPDATE requests SET due_date = '2025-11-25' WHERE number = ${q(number)}`);

  let form = pauseForm((await openRequest(kris, number)).html);
  assert.match(form, new RegExp(`<legend>Reasons in ${esc(LAW)}: the clock stops</legend>\\s*` +
    `<div class="check">\\s*<input id="pause-reason-0" name="pause_reason" type="radio" value="information" required>\\s*` +
    `<label for="pause-reason-0">${INFORMATION}</label>[^]*?` +
    `value="fee_clarification" required>\\s*<label for="pause-reason-1">${FEES}</label>`));
  assert.match(form, /<legend>Other reasons: the clock keeps running<\/legend>[^]*?value="clarification"[^]*?Clarification of the request[^]*?value="payment"[^]*?>Payment</);
  assert.match(form, new RegExp(`<p class="note" id="pause-note">${esc(LAW)} stops the clock while the agency waits ` +
    'for the requester, for the reasons it gives: when the request resumes, the due date moves by the business ' +
    `days paused\\. A pause for another reason does not stop it\\. For ${INFORMATION}, it does so only once, and this ` +
    'request has not used it\\.</p>'));
  const { json } = await kris.getJSON(`/requests/${number}.json`);
  assert.deepEqual(json.request.staff.pause.groups.map((g) => [g.legend, g.reasons.map((r) => [r.value, r.stops])]), [
    [`Reasons in ${LAW}: the clock stops`, [['information', true], ['fee_clarification', true]]],
    ['Other reasons: the clock keeps running', [['clarification', false], ['payment', false]]],
  ]);

  // Waiting for payment: possible, but the clock keeps running and the
  // one pause the law allows is not used up.
  await pauseFor(number, 'payment', 3, 'Please send the $25 fee.');
  assert.equal((await server.requestRow(number)).due_date, '2025-11-25');
  let [paused] = (await events(number, 'paused')).slice(-1);
  const only = `${LAW} stops the clock only for: ${INFORMATION}; ${FEES}`;
  assert.equal(paused.body, `Waiting for the requester's payment. The clock keeps running: ${only}.\n\nPlease send the $25 fee.`);
  assert.deepEqual(JSON.parse(paused.data), { reason: 'payment', label: 'Payment', stops_clock: false, clock_note: only });
  assert.equal((await events(number, 'resumed')).at(-1).body, `Paused for 3 days. The due date does not move: ${only}.`);
  assert.equal((await events(number, 'due_date_changed')).length, 0);

  // Waiting for information: the clock stops; resuming moves the date by
  // the business days paused.
  await pauseFor(number, 'information', 4, 'Which permits do you mean?');
  [paused] = (await events(number, 'paused')).slice(-1);
  assert.equal(paused.body, `Waiting for the requester: ${INFORMATION}. The clock stops while the agency waits ` +
    `(${LAW}): when the request resumes, the due date moves by the days paused.\n\nWhich permits do you mean?`);
  assert.deepEqual(JSON.parse(paused.data), { reason: 'information', label: INFORMATION, stops_clock: true });
  const row = await server.requestRow(number);
  assert.equal(row.due_date, '2025-12-02');
  assert.equal(row.compliance, null);
  const [moved] = await events(number, 'due_date_changed');
  assert.equal(moved.body, `The request was paused for 4 days. ${LAW} stops the clock while the agency waits ` +
    'for the requester, so the due date moves by 4 business days.');
  assert.equal(JSON.parse(moved.data).paused_days, 4);

  // The requester is told why, in words (the notification carries the event's text).
  const mails = await server.sql(`SELECT subject, body_text FROM outbox WHERE to_addr = 'foia.pause@example.com' ` +
    "AND subject LIKE '%paused%' ORDER BY id");
  assert.equal(mails.length, 2);
  assert.match(mails[1].body_text, new RegExp(`Waiting for the requester: ${INFORMATION}\\. The clock stops`));
  assert.match(mails[0].body_text, /Waiting for the requester's payment\. The clock keeps running/);

  // The timeline's JSON names each pause's reason and what it did to the clock.
  const pauses = (await kris.getJSON(`/requests/${number}.json`)).json.request.events
    .filter((e) => e.kind === 'paused').map((e) => e.pause);
  assert.deepEqual(pauses, [
    { reason: 'information', label: INFORMATION, stops_clock: true, clock_note: null },
    { reason: 'payment', label: 'Payment', stops_clock: false, clock_note: only },
  ]);

  // The law's one request for information is used: the form says
  // beforehand that another will not move the date, and that a fee
  // clarification still does (552(a)(6)(A)(ii)(II) tolls each time).
  const once = `${LAW} stops the clock only once for: ${INFORMATION}`;
  form = pauseForm((await openRequest(kris, number)).html);
  assert.match(form, new RegExp(`<p class="note" id="pause-note">${esc(once)}\\. A pause for another of its ` +
    `reasons still stops it: ${FEES}\\.</p>`));
  assert.deepEqual((await kris.getJSON(`/requests/${number}.json`)).json.request.staff.pause.groups[0].reasons
    .map((r) => [r.value, r.stops]), [['information', false], ['fee_clarification', true]]);
  await pauseFor(number, 'information', 2, 'And which years?');
  [paused] = (await events(number, 'paused')).slice(-1);
  assert.match(paused.body, new RegExp(`^Waiting for the requester: ${INFORMATION}\\. The clock keeps running: ` +
    `${esc(once)}\\.\n\nAnd which years\\?$`));
  assert.equal((await server.requestRow(number)).due_date, '2025-12-02');
  assert.equal((await events(number, 'resumed')).at(-1).body,
    `Paused for 2 days. The due date does not move: ${once}.`);
  await pauseFor(number, 'fee_clarification', 1, 'The fee is $40: do you agree?');
  assert.equal((await server.requestRow(number)).due_date, '2025-12-03');
  const audit = await server.sql(`SELECT after_json FROM audit_log WHERE action = 'request.pause' ` +
    `AND request_id = ${row.id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => JSON.parse(a.after_json).stops_clock), [false, true, false, true]);
});

test('CPRA: the portal\'s reasons, the clock never stops; the FOIA reasons are refused', async () => {
  const number = await requestUnder('LAPD', 'cpra', 'cpra.pause@example.com');
  const { html } = await openRequest(kris, number);
  const form = pauseForm(html);
  assert.match(form, /<p class="note" id="pause-note">Gov\. Code 7922\.535 does not stop the clock while the agency waits for the requester: a pause does not move the due date\.<\/p>/);
  assert.match(form, /<legend>Waiting for<\/legend>\s*<div class="check">\s*<input id="pause-reason-0" name="pause_reason" type="radio" value="clarification" required>\s*<label for="pause-reason-0">Clarification of the request<\/label>/);
  assert.match(form, /value="payment" required>\s*<label for="pause-reason-1">Payment<\/label>/);
  assert.doesNotMatch(form, /information|fee_clarification|<fieldset class="pause-reasons">/);

  const res = await postAction(kris, number, 'pause', { pause_reason: 'information', pause_message: 'Which?' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /<p class="field-error">Waiting for must be one of the reasons listed<\/p>/);
  assert.equal((await server.requestRow(number)).status, 'open');

  const due = (await server.requestRow(number)).due_date;
  await pauseFor(number, 'payment', 5, 'Please pay the copying fee.');
  const row = await server.requestRow(number);
  assert.equal(row.due_date, due, 'the CPRA does not toll');
  assert.equal(row.paused_days_total, 5);
  const [paused] = await events(number, 'paused');
  assert.equal(paused.body, "Waiting for the requester's payment.\n\nPlease pay the copying fee.");
  assert.deepEqual(JSON.parse(paused.data), { reason: 'payment', label: 'Payment', stops_clock: false });
  assert.equal((await events(number, 'resumed'))[0].body, 'Paused for 5 days.');
  assert.equal((await events(number, 'due_date_changed')).length, 0);
});

test('a custom rule set\'s own words are its reasons', async () => {
  await admin.csrf('/admin/deadlines/rule-sets/new?from=cpra');
  let res = await admin.post('/admin/deadlines/rule-sets', { key: 'harbor', name: 'Harbor district',
    citation: 'Harbor Code 4.1', calendar: 'us-ca', first_days: '10', first_unit: 'business',
    pause_stops_clock: 'on', pause_max_count: '0', pause_citation: 'Harbor Code 4.3',
    pause_reasons: 'A site visit by the requester\nThe requester\'s signed waiver' });
  assert.equal(res.status, 303);
  const number = await requestUnder('GSD', 'harbor', 'harbor.pause@example.com');
  const form = pauseForm((await openRequest(kris, number)).html);
  assert.match(form, /<legend>Reasons in Harbor Code 4\.3: the clock stops<\/legend>\s*<div class="check">\s*<input id="pause-reason-0" name="pause_reason" type="radio" value="A site visit by the requester" required>\s*<label for="pause-reason-0">A site visit by the requester<\/label>/);
  assert.match(form, /value="The requester&#39;s signed waiver" required>/);
  assert.match(form, /Harbor Code 4\.3 stops the clock while the agency waits for the requester, for the reasons it gives: when the request resumes, the due date moves by the business days paused\. A pause for another reason does not stop it\.<\/p>/);
  const due = (await server.requestRow(number)).due_date;
  await pauseFor(number, 'A site visit by the requester', 1, 'When can you come?');
  assert.ok((await server.requestRow(number)).due_date > due, 'a custom reason tolls');
  const [paused] = await events(number, 'paused');
  assert.deepEqual(JSON.parse(paused.data), { reason: 'A site visit by the requester',
    label: 'A site visit by the requester', stops_clock: true });
});

test('a reason that is neither the rule set\'s nor the portal\'s is a 400 naming "Waiting for"', async () => {
  const [{ number }] = await server.sql("SELECT number FROM requests WHERE status = 'open' ORDER BY id DESC LIMIT 1");
  const before = await server.requestRow(number);
  for (const reason of ['vacation', 'x'.repeat(201)]) {
    const res = await postAction(kris, number, 'pause', { pause_reason: reason, pause_message: 'Why?' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Waiting for (must be one of the reasons listed|[^<]*characters)/);
  }
  const missing = await postAction(kris, number, 'pause', { pause_message: 'Why?' });
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /<p class="field-error">Waiting for [^<]+<\/p>/);
  const { version } = await openRequest(kris, number);
  const res = await kris.post(`/requests/${number}/pause`, { version, pause_reason: 'vacation', pause_message: 'Why?' },
    { headers: { accept: 'application/json' } });
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.errors.pause_reason, 'Waiting for must be one of the reasons listed');
  const row = await server.requestRow(number);
  assert.equal(row.status, before.status);
  assert.equal(row.version, before.version);
});
