// The staff workspace: every action on a request is one transaction that
// writes the change, its timeline event (level and byline) and its audit
// row; a stale form is a 409 that keeps what was typed; a closed request
// refuses what makes no sense there; nobody but staff can act; the public
// page follows at once and never shows an internal note.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  DEMO_PASSWORD, oneAtATime, openRequest, postAction, q, signedInClient, startServer,
} from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const KRIS_NAME = 'Kris Tu 34895 LAPD CPRA 1421';
const KRIS_TITLE = 'Detective III';
const ADMIN = 'admin@example.gov';

let server;
let kris;
let admin;
let nextNumber; // hands out the published open requests of the demo, one per test

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  admin = await signedInClient(server, ADMIN);
  nextNumber = oneAtATime((await server.sql(
    "SELECT number FROM requests WHERE status = 'open' AND published = 1 " +
    'AND requester_id IS NULL ORDER BY id DESC LIMIT 20')).map((r) => r.number), 'open requests');
});
after(async () => { await server?.stop(); });

async function lastEvent(number) {
  const [row] = await server.sql('SELECT kind, level, actor_id, actor_name, actor_title, ' +
    'actor_is_requester, body, data FROM events WHERE request_id = ' +
    `(SELECT id FROM requests WHERE number = ${q(number)}) ORDER BY id DESC LIMIT 1`);
  return row;
}

async function lastAudit(number) {
  const [row] = await server.sql('SELECT actor_id, action, target_type, before_json, ' +
    'after_json FROM audit_log WHERE request_id = ' +
    `(SELECT id FROM requests WHERE number = ${q(number)}) ORDER BY id DESC LIMIT 1`);
  return row && { ...row, before: JSON.parse(row.before_json), after: JSON.parse(row.after_json) };
}

async function userId(email) {
  const [row] = await server.sql(`SELECT id FROM users WHERE email = ${q(email)}`);
  return row.id;
}

function expectRedirect(res, number) {
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/requests/${number}#timeline-title`);
}

test('staff see the staff panel; the requester a reply form; the public neither', async () => {
  const number = '26-132'; // the demo requester's published request
  const staff = await openRequest(kris, number);
  assert.match(staff.html, /id="staff-panel"/);
  assert.match(staff.html, /action="\/requests\/26-132\/assign"/);
  assert.doesNotMatch(staff.html, /action="\/requests\/26-132\/publish"/, 'Kris is not a publisher');
  const adminPage = await openRequest(admin, number);
  assert.match(adminPage.html, /action="\/requests\/26-132\/unpublish"/);

  const requester = server.client();
  await requester.signIn('requester@example.com', DEMO_PASSWORD);
  const own = await openRequest(requester, number);
  assert.match(own.html, /id="reply-panel"/);
  assert.doesNotMatch(own.html, /staff-panel|\/assign"|Staff actions/);

  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.doesNotMatch(pub, /staff-panel|reply-panel|name="version"/);
  const json = await server.getJSON(`/requests/${number}.json`);
  assert.equal(json.json.request.staff, undefined);
  assert.equal(json.json.request.reply, undefined);
});

test('a public message: event with byline, audit row, and the public page at once', async () => {
  const number = nextNumber();
  const before = await (await server.get(`/requests/${number}`)).text(); // now cached
  assert.doesNotMatch(before, /Records are being gathered/);
  const v0 = (await server.requestRow(number)).version;
  expectRedirect(await postAction(kris, number, 'message',
    { body: 'Records are being **gathered** now.', level: 'public' }), number);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'message');
  assert.equal(ev.level, 'public');
  assert.equal(ev.actor_id, await userId(KRIS));
  assert.equal(ev.actor_name, KRIS_NAME);
  assert.equal(ev.actor_title, KRIS_TITLE);
  assert.equal(ev.actor_is_requester, 0);
  assert.equal(ev.body, 'Records are being **gathered** now.');
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.message');
  assert.equal(audit.actor_id, await userId(KRIS));
  assert.equal(audit.after.level, 'public');
  assert.equal(audit.before.version, v0);
  assert.equal(audit.after.version, v0 + 1);
  assert.equal((await server.requestRow(number)).version, v0 + 1);

  const after = await (await server.get(`/requests/${number}`)).text();
  assert.match(after, /Records are being <strong>gathered<\/strong> now\./);
  assert.match(after, new RegExp(`by ${KRIS_NAME} - ${KRIS_TITLE} \\(Staff\\)`));
});

test('an internal note and a requester-level message never reach the public', async () => {
  const number = nextNumber();
  expectRedirect(await postAction(kris, number, 'message',
    { body: 'Internal: check with legal xq7note.', level: 'staff' }), number);
  const note = await lastEvent(number);
  assert.equal(note.kind, 'internal_note');
  assert.equal(note.level, 'staff');
  assert.equal((await lastAudit(number)).after.level, 'staff');
  expectRedirect(await postAction(kris, number, 'message',
    { body: 'For the requester only xq7req.', level: 'requester' }), number);
  const msg = await lastEvent(number);
  assert.equal(msg.kind, 'message');
  assert.equal(msg.level, 'requester');

  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.doesNotMatch(pub, /xq7note|xq7req/);
  const pubJson = await server.getJSON(`/requests/${number}.json`);
  assert.doesNotMatch(pubJson.text, /xq7note|xq7req/);
  const search = await (await server.get('/requests?q=xq7note')).text();
  assert.doesNotMatch(search, new RegExp(`Request ${number}`));
  const staffView = (await openRequest(kris, number)).html;
  assert.match(staffView, /xq7note/);
  assert.match(staffView, /xq7req/);
});

test('assigning a department: link, public event, default contact when none, audit', async () => {
  const number = nextNumber();
  const james = await userId('james.whitaker@example.gov');
  await server.sql(`UPDATE departments SET default_contact_id = ${james} WHERE id = 4;` +
    `UPDATE requests SET point_of_contact_id = NULL WHERE number = ${q(number)};` +
    `DELETE FROM request_departments WHERE department_id = 4 AND request_id = ` +
    `(SELECT id FROM requests WHERE number = ${q(number)})`);
  expectRedirect(await postAction(kris, number, 'assign', { department: '4' }), number);
  const depts = await server.sql('SELECT department_id FROM request_departments WHERE ' +
    `request_id = (SELECT id FROM requests WHERE number = ${q(number)}) AND department_id = 4`);
  assert.equal(depts.length, 1);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'department_assigned');
  assert.equal(ev.level, 'public');
  assert.equal(ev.body, 'Fire Department (LAFD)');
  assert.equal(ev.actor_name, KRIS_NAME);
  assert.equal((await server.requestRow(number)).point_of_contact_id, james);
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.assign');
  assert.equal(audit.after.department_id, 4);
  assert.equal(audit.before.point_of_contact_id, null);
  assert.equal(audit.after.point_of_contact_id, james);
  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.match(pub, /Department Assignment/);
  assert.match(pub, /James Whitaker, Fire Inspector II/);

  // Twice is refused with a message, and nothing is written.
  const res = await postAction(kris, number, 'assign', { department: '4' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /That department is assigned already\./);
  assert.equal((await lastAudit(number)).action, 'request.assign');
});

test('changing the point of contact', async () => {
  const number = nextNumber();
  const marcus = await userId('marcus.bell@example.gov');
  const old = (await server.requestRow(number)).point_of_contact_id;
  assert.notEqual(old, marcus);
  expectRedirect(await postAction(kris, number, 'contact', { contact: String(marcus) }), number);
  assert.equal((await server.requestRow(number)).point_of_contact_id, marcus);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'point_of_contact_changed');
  assert.equal(ev.level, 'public');
  assert.equal(ev.body, 'Marcus Bell');
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.contact');
  assert.equal(audit.before.point_of_contact_id, old);
  assert.equal(audit.after.point_of_contact_id, marcus);
  // A requester account is not staff.
  const res = await postAction(kris, number, 'contact',
    { contact: String(await userId('requester@example.com')) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Choose an active staff member\./);
  assert.equal((await server.requestRow(number)).point_of_contact_id, marcus);
});

test('changing the due date with a reason', async () => {
  const number = nextNumber();
  const old = (await server.requestRow(number)).due_date;
  expectRedirect(await postAction(kris, number, 'due_date',
    { due_date: '2027-03-15', due_reason: 'Voluminous records; 14 more days.' }), number);
  const row = await server.requestRow(number);
  assert.equal(row.due_date, '2027-03-15');
  assert.equal(row.due_source, 'manual');
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'due_date_changed');
  assert.equal(ev.level, 'public');
  assert.deepEqual(JSON.parse(ev.data),
    { new: '2027-03-15', old, reason: 'Voluminous records; 14 more days.' });
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.due_date');
  assert.equal(audit.before.due_date, old);
  assert.equal(audit.after.due_date, '2027-03-15');
  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.match(pub, /03\/15\/2027 \(was /);
  assert.match(pub, /Voluminous records; 14 more days\./);
  // A date that is not one is a 400 naming the field, with the reason kept.
  const bad = await postAction(kris, number, 'due_date', { due_date: '2027-02-30', due_reason: 'kept text zz9' });
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.match(html, /New due date/);
  assert.match(html, />kept text zz9<\/textarea>/);
});

test('publishing and unpublishing follow the public page and search', async () => {
  const [row] = await server.sql("SELECT number FROM requests WHERE published = 0 AND " +
    "status = 'open' AND requester_id IS NULL ORDER BY id DESC LIMIT 1");
  const number = row.number;
  assert.equal((await server.get(`/requests/${number}`)).status, 404);
  // Kris is staff, not a publisher.
  const refused = await postAction(kris, number, 'publish');
  assert.equal(refused.status, 403);
  assert.equal((await server.requestRow(number)).published, 0);

  expectRedirect(await postAction(admin, number, 'publish'), number);
  const pubRow = await server.requestRow(number);
  assert.equal(pubRow.published, 1);
  assert.ok(pubRow.published_at > 0);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'published');
  assert.equal(ev.level, 'public');
  assert.equal(ev.actor_name, 'Alex Morgan');
  assert.equal(ev.actor_title, 'Portal Administrator');
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.publish');
  assert.equal(audit.after.published, true);
  assert.equal((await server.get(`/requests/${number}`)).status, 200);
  const [{ n }] = await server.sql('SELECT count(*) AS n FROM search_items WHERE in_public = 1 ' +
    `AND kind = 'request' AND request_id = (SELECT id FROM requests WHERE number = ${q(number)})`);
  assert.equal(n, 1, 'the description joins the public index');

  expectRedirect(await postAction(admin, number, 'unpublish'), number);
  assert.equal((await server.requestRow(number)).published, 0);
  assert.equal((await lastEvent(number)).kind, 'unpublished');
  assert.equal((await lastAudit(number)).action, 'request.unpublish');
  assert.equal((await server.get(`/requests/${number}`)).status, 404);
  const [{ m }] = await server.sql('SELECT count(*) AS m FROM search_items WHERE in_public = 1 ' +
    `AND request_id = (SELECT id FROM requests WHERE number = ${q(number)})`);
  assert.equal(m, 0, 'nothing of it stays in the public index');
});

test('closing, refusals while closed, and reopening', async () => {
  const number = nextNumber();
  expectRedirect(await postAction(kris, number, 'close',
    { reasons: '1', close_message: 'The records are released in full.' }), number);
  let row = await server.requestRow(number);
  assert.equal(row.status, 'closed');
  assert.ok(row.closed_at > 0);
  let ev = await lastEvent(number);
  assert.equal(ev.kind, 'closed');
  assert.equal(ev.level, 'public');
  assert.equal(ev.body, 'The records are released in full.');
  assert.equal(ev.actor_name, KRIS_NAME);
  let audit = await lastAudit(number);
  assert.equal(audit.action, 'request.close');
  assert.deepEqual([audit.before.status, audit.after.status], ['open', 'closed']);
  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.match(pub, /Request Closed/);
  assert.match(pub, /The records are released in full\./);

  const version = (await server.requestRow(number)).version;
  for (const [action, form] of [['assign', { department: '5' }],
    ['due_date', { due_date: '2027-01-04', due_reason: 'typed reason kk1' }]]) {
    const res = await postAction(kris, number, action, form);
    assert.equal(res.status, 400, action);
    assert.match(await res.text(), /The request is closed: reopen it first\./);
  }
  assert.equal((await server.requestRow(number)).version, version, 'nothing changed');
  assert.equal((await lastAudit(number)).action, 'request.close');

  expectRedirect(await postAction(kris, number, 'reopen', { reopen_reason: 'The requester asked for more.' }), number);
  row = await server.requestRow(number);
  assert.equal(row.status, 'open');
  assert.equal(row.closed_at, null);
  ev = await lastEvent(number);
  assert.equal(ev.kind, 'reopened');
  assert.equal(ev.body, 'The requester asked for more.');
  audit = await lastAudit(number);
  assert.equal(audit.action, 'request.reopen');
  expectRedirect(await postAction(kris, number, 'due_date',
    { due_date: '2027-01-04', due_reason: 'After reopening.' }), number);
});

test('a stale form is a 409 that shows the change and keeps the text', async () => {
  const number = nextNumber();
  const { version } = await openRequest(kris, number);
  expectRedirect(await postAction(admin, number, 'due_date',
    { due_date: '2027-05-03', due_reason: 'Admin moved it.' }), number);
  await openRequest(kris, number); // fresh token; the version posted is the old one
  const res = await kris.post(`/requests/${number}/message`,
    { version, body: 'My careful reply qq5.', level: 'public' });
  assert.equal(res.status, 409);
  const html = await res.text();
  assert.match(html, /Someone changed this request after you opened it/);
  assert.match(html, /Changed the due date by Alex Morgan/);
  assert.match(html, />My careful reply qq5\.<\/textarea>/);
  assert.match(html, /<option value="public" selected>/);
  const fresh = /name="version" value="(\d+)"/.exec(html)[1];
  assert.equal(Number(fresh), (await server.requestRow(number)).version);
  assert.notEqual((await lastEvent(number)).body, 'My careful reply qq5.');
  // Sent again with the new version, it goes through.
  expectRedirect(await kris.post(`/requests/${number}/message`,
    { version: fresh, body: 'My careful reply qq5.', level: 'public' }), number);
  assert.equal((await lastEvent(number)).body, 'My careful reply qq5.');
});

test('the requester writes at level requester; others get 403 or 401 and nothing changes', async () => {
  const number = '26-132';
  const requester = server.client();
  await requester.signIn('requester@example.com', DEMO_PASSWORD);
  expectRedirect(await postAction(requester, number, 'message', { body: 'Any news? rr1', level: 'requester' }), number);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'message');
  assert.equal(ev.level, 'requester');
  assert.equal(ev.actor_is_requester, 1);
  assert.equal(ev.actor_name, null);
  const staffView = (await openRequest(kris, number)).html;
  assert.match(staffView, /Any news\? rr1/);
  assert.match(staffView, /by the requester/);

  const before = await server.requestRow(number);
  const auditBefore = await lastAudit(number);
  const { version } = await openRequest(requester, number);
  // A public message, or any staff action, is not the requester's to do.
  assert.equal((await requester.post(`/requests/${number}/message`,
    { version, body: 'Public? rr2', level: 'public' })).status, 403);
  for (const [action, form] of [['assign', { department: '2' }], ['close', { close_message: 'x' }],
    ['due_date', { due_date: '2030-01-01', due_reason: 'x' }], ['publish', {}], ['unpublish', {}]]) {
    assert.equal((await requester.post(`/requests/${number}/${action}`, { version, ...form })).status,
      403, action);
  }
  // Another requester may not write on this request.
  const other = server.client();
  await other.csrf('/register');
  const reg = await other.post('/register', { email: 'other.rq@example.com', name: 'Other',
    password: 'a-long-unusual-passphrase-77', password_confirm: 'a-long-unusual-passphrase-77' });
  assert.ok([303, 200].includes(reg.status), `register ${reg.status}`);
  await openRequest(other, number);
  assert.equal((await other.post(`/requests/${number}/message`,
    { version, body: 'Intruder rr3', level: 'requester' })).status, 403);
  // Anonymous visitors are asked to sign in.
  const anon = server.client();
  await anon.csrf('/requests/new');
  assert.equal((await anon.post(`/requests/${number}/close`, { version, close_message: 'x' })).status, 401);
  assert.equal((await anon.post(`/requests/${number}/message`, { version, body: 'anon rr4' })).status, 401);

  const afterRow = await server.requestRow(number);
  assert.equal(afterRow.version, before.version);
  assert.equal(afterRow.status, before.status);
  assert.equal(afterRow.published, before.published);
  assert.deepEqual(await lastAudit(number), auditBefore);
  assert.equal((await lastEvent(number)).body, 'Any news? rr1');
});

test('pausing: a message the requester sees, status paused; resuming counts the days', async () => {
  const number = nextNumber();
  const requesterId = await userId('requester@example.com');
  await server.sql(`UPDATE requests SET requester_id = ${requesterId} WHERE number = ${q(number)}`);
  const before = await server.requestRow(number);
  expectRedirect(await postAction(kris, number, 'pause',
    { pause_reason: 'clarification', pause_message: 'Which years do you mean? pz1' }), number);
  const row = await server.requestRow(number);
  assert.equal(row.status, 'paused');
  assert.ok(Math.abs(row.paused_at - Date.now() / 1000) < 60, 'paused_at is now');
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'paused');
  assert.equal(ev.level, 'requester');
  assert.equal(ev.actor_name, KRIS_NAME);
  assert.equal(ev.actor_title, KRIS_TITLE);
  assert.equal(ev.body, 'Waiting for the requester to clarify the request.\n\nWhich years do you mean? pz1');
  assert.deepEqual(JSON.parse(ev.data), { reason: 'clarification', label: 'Clarification of the request', stops_clock: false });
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.pause');
  assert.equal(audit.actor_id, await userId(KRIS));
  assert.deepEqual([audit.before.status, audit.after.status], ['open', 'paused']);
  assert.equal(audit.after.pause_reason, 'clarification');

  const requester = server.client();
  await requester.signIn('requester@example.com', DEMO_PASSWORD);
  const own = (await openRequest(requester, number)).html;
  assert.match(own, /Request Paused/);
  assert.match(own, /Which years do you mean\? pz1/);
  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.doesNotMatch(pub, /pz1/);
  assert.match((await openRequest(kris, number)).html, /action="\/requests\/[\d-]+\/resume"/);

  // Refusals: pausing twice, a bad reason, the requester.
  const twice = await postAction(kris, number, 'pause', { pause_reason: 'payment', pause_message: 'Again pz2' });
  assert.equal(twice.status, 400);
  assert.match(await twice.text(), /The request is paused already\./);
  const bad = await postAction(kris, number, 'pause', { pause_reason: 'lunch', pause_message: 'x' });
  assert.equal(bad.status, 400);
  const { version } = await openRequest(requester, number);
  assert.equal((await requester.post(`/requests/${number}/resume`, { version })).status, 403);
  assert.equal((await requester.post(`/requests/${number}/pause`,
    { version, pause_reason: 'payment', pause_message: 'x' })).status, 403);
  assert.equal((await server.requestRow(number)).status, 'paused');

  // Three days later (the CPRA does not stop the clock: the due date stays).
  await server.sql(`UPDATE requests SET paused_at = paused_at - 3 * 86400 WHERE number = ${q(number)}`);
  expectRedirect(await postAction(kris, number, 'resume'), number);
  const resumed = await server.requestRow(number);
  assert.equal(resumed.status, 'open');
  assert.equal(resumed.paused_at, null);
  assert.equal(resumed.paused_days_total, before.paused_days_total + 3);
  assert.equal(resumed.due_date, before.due_date);
  const rev = await lastEvent(number);
  assert.equal(rev.kind, 'resumed');
  assert.equal(rev.level, 'public');
  assert.equal(rev.body, 'Paused for 3 days.');
  assert.equal(rev.actor_name, KRIS_NAME);
  const raudit = await lastAudit(number);
  assert.equal(raudit.action, 'request.resume');
  assert.deepEqual([raudit.before.status, raudit.after.status], ['paused', 'open']);
  assert.deepEqual([raudit.before.paused_days_total, raudit.after.paused_days_total],
    [before.paused_days_total, before.paused_days_total + 3]);
  assert.equal(raudit.after.due_date, undefined);
  assert.match(await (await server.get(`/requests/${number}`)).text(), /Request Resumed[\s\S]*Paused for 3 days\./);

  const again = await postAction(kris, number, 'resume');
  assert.equal(again.status, 400);
  assert.match(await again.text(), /The request is not paused\./);
  assert.equal((await lastAudit(number)).action, 'request.resume');
});

test('resuming under a rule set that stops the clock moves the due date; closed requests refuse a pause', async () => {
  const number = nextNumber();
  await server.sql("UPDATE requests SET due_date = '2025-02-13', due_explanation = " +
    "json_set(coalesce(due_explanation, '{}'), '$.rule', 'foia') WHERE number = " + q(number));
  expectRedirect(await postAction(kris, number, 'pause',
    { pause_reason: 'fee_clarification', pause_message: 'Please pay the fee.' }), number);
  assert.equal((await lastEvent(number)).body, 'Waiting for the requester: Clarification of fees with the requester. ' +
    'The clock stops while the agency waits (5 U.S.C. 552(a)(6)(A)(ii)): when the request resumes, the due date moves ' +
    'by the days paused.\n\nPlease pay the fee.');
  await server.sql(`UPDATE requests SET paused_at = paused_at - 3 * 86400 WHERE number = ${q(number)}`);
  expectRedirect(await postAction(kris, number, 'resume'), number);
  const row = await server.requestRow(number);
  // Three business days after Thursday February 13, 2025, skipping Presidents' Day.
  assert.equal(row.due_date, '2025-02-19');
  assert.equal(row.due_source, 'rule');
  const [resumed, moved] = await server.sql('SELECT kind, level, actor_name, body, data FROM events ' +
    `WHERE request_id = ${row.id} ORDER BY id DESC LIMIT 2`).then((r) => r.reverse());
  assert.equal(resumed.kind, 'resumed');
  assert.equal(moved.kind, 'due_date_changed');
  assert.equal(moved.level, 'public');
  assert.equal(moved.actor_name, KRIS_NAME);
  const why = 'The request was paused for 3 days. 5 U.S.C. 552(a)(6)(A)(ii) stops the clock ' +
    'while the agency waits for the requester, so the due date moves by 3 business days.';
  assert.equal(moved.body, why);
  assert.deepEqual(JSON.parse(moved.data),
    { old: '2025-02-13', new: '2025-02-19', reason: why, paused_days: 3 });
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.resume');
  assert.deepEqual([audit.before.due_date, audit.after.due_date], ['2025-02-13', '2025-02-19']);
  const pub = await (await server.get(`/requests/${number}`)).text();
  assert.match(pub, /Due Date Changed/);
  assert.match(pub, /02\/19\/2025 \(was 02\/13\/2025\)\./);
  assert.match(pub, /stops the clock while the agency waits for the requester/);
  assert.doesNotMatch(pub, /Extended once/, 'a pause is no extension');

  expectRedirect(await postAction(kris, number, 'close', { reasons: '3', close_message: 'Done.' }), number);
  const closed = await postAction(kris, number, 'pause', { pause_reason: 'payment', pause_message: 'Pay pz3' });
  assert.equal(closed.status, 400);
  assert.match(await closed.text(), /The request is closed: reopen it first\./);
  assert.equal((await server.requestRow(number)).status, 'closed');
});

test('staff record a request received by phone: deadline from the day received, event and audit name them', async () => {
  const form = await kris.get('/staff/requests/new');
  assert.equal(form.status, 200);
  const formHtml = await form.text();
  kris.token = /name="csrf_token" value="([^"]+)"/.exec(formHtml)[1];
  assert.match(formHtml, /<h1>Record a request received by staff<\/h1>/);
  assert.match(formHtml, /action="\/staff\/requests\/new"/);
  assert.match(formHtml, /<option value="in_person">In person<\/option>/);
  assert.doesNotMatch(formHtml, /<option value="web"/);
  assert.doesNotMatch(formHtml, /name="website"/);
  assert.match(formHtml, /Without an email address the requester gets no updates by email\./);

  // Monday November 2, 2026 (Pacific standard time): 10 calendar days, November 12.
  const res = await kris.post('/staff/requests/new', {
    description: 'Dispatch logs for Elm Street, asked by phone xq8ph', channel: 'phone',
    received_date: '2026-11-02', name: 'Pat Caller', phone: '555-0100',
  });
  assert.equal(res.status, 303);
  const number = /^\/requests\/(26-\d+)$/.exec(res.headers.get('location'))?.[1];
  assert.ok(number, res.headers.get('location'));
  const row = await server.requestRow(number);
  const kid = await userId(KRIS);
  assert.equal(row.channel, 'phone');
  assert.equal(row.received_at, Date.UTC(2026, 10, 2, 17, 0) / 1000, '9:00 local');
  assert.equal(row.due_date, '2026-11-12');
  assert.equal(row.created_by, kid);
  assert.equal(row.requester_id, null);
  assert.equal(row.requester_name, 'Pat Caller');
  assert.equal(row.requester_phone, '555-0100');
  assert.equal(row.requester_email, null);
  const ev = (await server.sql("SELECT kind, level, actor_id, body, created_at FROM events WHERE " +
    `request_id = ${row.id} AND kind = 'opened'`))[0];
  assert.equal(ev.body, 'Request received via phone');
  assert.equal(ev.level, 'public');
  assert.equal(ev.actor_id, kid);
  assert.equal(ev.created_at, row.received_at);
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request_created');
  assert.equal(audit.actor_id, kid);
  assert.equal(audit.after.channel, 'phone');
  assert.match((await openRequest(kris, number)).html, /Request received via phone/);

  // With a time, in person, and no contact details at all.
  const walkIn = await kris.post('/staff/requests/new', {
    description: 'Walk-in request xq8ip', channel: 'in_person', received_date: '2026-11-02',
    received_time: '16:45',
  });
  assert.equal(walkIn.status, 303);
  const n2 = walkIn.headers.get('location').split('/').pop();
  const row2 = await server.requestRow(n2);
  assert.equal(row2.received_at, Date.UTC(2026, 10, 3, 0, 45) / 1000);
  assert.equal(row2.requester_name, null);
  const [opened2] = await server.sql(`SELECT body FROM events WHERE request_id = ${row2.id} AND kind = 'opened'`);
  assert.equal(opened2.body, 'Request received via in person');

  // Refusals keep what was typed and name the field.
  const [{ count: before }] = await server.sql('SELECT count(*) AS count FROM requests');
  const future = await kris.post('/staff/requests/new', {
    description: 'Kept text xq8f', channel: 'mail', received_date: '2099-01-04',
  });
  assert.equal(future.status, 400);
  const futureHtml = await future.text();
  assert.match(futureHtml, /Date received must not be in the future/);
  assert.match(futureHtml, /Kept text xq8f/);
  assert.match(futureHtml, /<option value="mail" selected>Mail<\/option>/);
  const web = await kris.post('/staff/requests/new', {
    description: 'x', channel: 'web', received_date: '2026-11-02',
  });
  assert.equal(web.status, 400);
  assert.match(await web.text(), /How it was received/);
  const badTime = await kris.post('/staff/requests/new', {
    description: 'x', channel: 'fax', received_date: '2026-11-02', received_time: '25:00',
  });
  assert.equal(badTime.status, 400);
  assert.match(await badTime.text(), /Time received must be a time like 14:30/);
  const noDate = await kris.post('/staff/requests/new', { description: 'x', channel: 'fax' });
  assert.equal(noDate.status, 400);
  assert.match(await noDate.text(), /Date received/);

  const requester = server.client();
  await requester.signIn('requester@example.com', DEMO_PASSWORD);
  assert.equal((await requester.get('/staff/requests/new')).status, 403);
  await requester.csrf('/requests/new');
  assert.equal((await requester.post('/staff/requests/new', {
    description: 'x', channel: 'fax', received_date: '2026-11-02' })).status, 403);
  assert.equal((await server.get('/staff/requests/new')).status, 401);
  const [{ count: after }] = await server.sql('SELECT count(*) AS count FROM requests');
  assert.equal(after, before);
});

test('the dashboard: queues with counts, sorting, unpublished requests, due flags in text', async () => {
  const res = await kris.get('/staff');
  assert.equal(res.status, 200);
  const html = await res.text();
  const counts = Object.fromEntries([...html.matchAll(/href="\/staff\?queue=(\w+)&amp;sort=due"[^>]*>[^<]+<span class="count">\((\d+)\)/g)]
    .map((m) => [m[1], Number(m[2])]));
  const [{ overdue }] = await server.sql("SELECT count(*) AS overdue FROM requests WHERE " +
    "status <> 'closed' AND due_date < date('now', 'localtime')");
  assert.deepEqual(Object.keys(counts), ['mine', 'tasks', 'departments', 'unassigned', 'due_soon', 'overdue', 'paused', 'closed', 'all']);
  assert.ok(Math.abs(counts.overdue - overdue) <= 1, `overdue ${counts.overdue} vs ${overdue}`);
  const [{ paused }] = await server.sql("SELECT count(*) AS paused FROM requests WHERE status = 'paused'");
  assert.equal(counts.paused, paused);
  const kid = await userId(KRIS);
  const [{ mine }] = await server.sql(`SELECT count(*) AS mine FROM requests WHERE point_of_contact_id = ${kid} AND status <> 'closed'`);
  assert.equal(counts.mine, mine);

  const overdueJson = await kris.getJSON('/staff.json?queue=overdue&sort=number');
  assert.equal(overdueJson.status, 200);
  const rows = overdueJson.json.queue.rows;
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.overdue && ['Overdue', 'Paused'].includes(r.status_label)));
  const seqs = rows.map((r) => r.number.split('-').map(Number)).map(([y, s]) => y * 1e8 + s);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'highest number first');
  const overdueHtml = await (await kris.get('/staff?queue=overdue')).text();
  assert.match(overdueHtml, />Overdue<\/span>/);
  const shown = overdueHtml.match(/<li class="request-row">/g).length;
  assert.equal(overdueHtml.match(/<span class="flag">\(overdue\)<\/span>/g).length, shown,
    'every row says overdue in words');
  const soonHtml = await (await kris.get('/staff?queue=due_soon')).text();
  if (counts.due_soon > 0) assert.match(soonHtml, /\(due soon\)/);
  assert.ok(rows.some((r) => r.unpublished), 'staff see unpublished requests');
  assert.match(overdueHtml, /Not published/);

  const byDue = (await kris.getJSON('/staff.json?queue=overdue&sort=due')).json.queue.rows;
  const dues = byDue.map((r) => r.due_date);
  assert.deepEqual(dues, [...dues].sort());
  const byReceived = (await kris.getJSON('/staff.json?queue=overdue&sort=received')).json.queue.rows;
  const rec = byReceived.map((r) => r.received);
  assert.deepEqual(rec, [...rec].sort().reverse());

  assert.equal((await kris.get('/staff?queue=nope')).status, 400);
  const requester = server.client();
  await requester.signIn('requester@example.com', DEMO_PASSWORD);
  assert.equal((await requester.get('/staff')).status, 403);
  assert.equal((await server.get('/staff')).status, 401);
});
