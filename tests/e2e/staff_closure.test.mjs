// Closing a request with closure reasons, the closure reasons and message
// templates admins manage, messages that start from a template, the
// portal's publication setting, and the audit log page. Every change is
// checked for its effect, its event (level, byline) and its audit row
// (before and after); bad input is a 400 that names the field and keeps
// what was typed.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { oneAtATime, openRequest, q, signedInClient, startServer } from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const KRIS_NAME = 'Kris Tu 34895 LAPD CPRA 1421';
const ADMIN = 'admin@example.gov';
const ADMIN_NAME = 'Alex Morgan';

let server;
let kris;
let admin;
let nextNumber; // hands out the open requests of the demo without an account, one per use

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  admin = await signedInClient(server, ADMIN);
  nextNumber = oneAtATime((await server.sql(
    "SELECT number FROM requests WHERE status = 'open' AND requester_id IS NULL " +
    'ORDER BY id DESC LIMIT 20')).map((r) => r.number), 'open requests');
});
after(async () => { await server?.stop(); });

const idOf = (number) => `(SELECT id FROM requests WHERE number = ${q(number)})`;

async function one(sql) {
  const [row] = await server.sql(sql);
  return row;
}

async function reasonId(label) {
  return (await one(`SELECT id FROM closure_reasons WHERE label = ${q(label)}`)).id;
}

/** The newest audit row with this action (and target), before and after parsed. */
async function lastAudit(action, where = '1') {
  const row = await one('SELECT actor_id, action, request_id, target_type, target_id, ' +
    `before_json, after_json FROM audit_log WHERE action = ${q(action)} AND ${where} ` +
    'ORDER BY id DESC LIMIT 1');
  return row && {
    ...row,
    before: row.before_json && JSON.parse(row.before_json),
    after: row.after_json && JSON.parse(row.after_json),
  };
}

async function adminId() {
  return (await one(`SELECT id FROM users WHERE email = ${q(ADMIN)}`)).id;
}

async function close(client, number, form) {
  const { version } = await openRequest(client, number);
  return client.post(`/requests/${number}/close`, { version, ...form });
}

function expectRedirect(res, location) {
  assert.equal(res.status, 303, `expected a redirect, got ${res.status}`);
  assert.equal(res.headers.get('location'), location);
}

test('the default closure reasons cite the recodified CPRA; the default templates are there', async () => {
  const res = await admin.getJSON('/admin/closure-reasons.json');
  assert.equal(res.status, 200);
  const byLabel = Object.fromEntries(res.json.items.map((r) => [r.label, r]));
  assert.deepEqual(res.json.items.map((r) => r.label), [
    'Records released in full', 'Records released in part, with exemptions',
    'No responsive records', 'Withdrawn by the requester', 'Referred to another agency',
    'Not a records request', 'Duplicate request', 'Fee not paid']);
  assert.equal(byLabel['Records released in part, with exemptions'].citations,
    'Gov. Code § 7922.000; Gov. Code § 7927.705');
  assert.equal(byLabel['Fee not paid'].citations, 'Gov. Code § 7922.530');
  assert.equal(byLabel['No responsive records'].citations, null);
  assert.equal(byLabel['Withdrawn by the requester'].citations, null);
  assert.ok(res.json.items.every((r) => r.active && r.text.length > 20));
  assert.ok(res.json.items.every((r) => !/\b625\d/.test(r.text + (r.citations ?? ''))),
    'no section numbers of before 2023');

  const t = await admin.getJSON('/admin/templates.json');
  assert.deepEqual(t.json.items.map((r) => r.label),
    ['Acknowledgement', 'Clarification needed', 'Records released', 'Extension notice']);
  assert.match(t.json.items[3].text, /Gov\. Code § 7922\.535/);

  const html = await (await admin.get('/admin/closure-reasons')).text();
  assert.match(html, /<h1>Closure reasons<\/h1>/);
  assert.match(html, /Gov\. Code § 7922\.530/);
  // Only admins.
  assert.equal((await kris.get('/admin/closure-reasons')).status, 403);
  assert.equal((await kris.get('/admin/templates')).status, 403);
  assert.equal((await server.get('/admin/closure-reasons')).status, 401);
});

test('an admin adds, edits, reorders, deactivates and reactivates a closure reason, each audited', async () => {
  await admin.csrf('/admin/closure-reasons');
  // Refused: no text, a label in use; the form keeps what was typed.
  let res = await admin.post('/admin/closure-reasons',
    { label: 'Records exempt: privilege c1', text: '', citations: 'Gov. Code § 7927.705' });
  assert.equal(res.status, 400);
  let html = await res.text();
  assert.match(html, /Text for the requester is required/);
  assert.match(html, /value="Records exempt: privilege c1"/);
  assert.match(html, /value="Gov\. Code § 7927\.705"/);
  res = await admin.post('/admin/closure-reasons',
    { label: 'No responsive records', text: 'Again c2' });
  assert.equal(res.status, 400);
  html = await res.text();
  assert.match(html, /Label is the label of another closure reason/);
  assert.match(html, />Again c2<\/textarea>/);
  res = await admin.post('/admin/closure-reasons', { label: 'x', text: 'y', sort: 'first' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Position must be a whole number/);

  res = await admin.post('/admin/closure-reasons', {
    label: 'Records exempt: privilege c1', text: 'Withheld as privileged c1.',
    citations: 'Gov. Code § 7927.705', sort: '5',
  });
  const id = (await one("SELECT id FROM closure_reasons WHERE label = 'Records exempt: privilege c1'")).id;
  expectRedirect(res, `/admin/closure-reasons#item-${id}`);
  let audit = await lastAudit('closure_reason.create', `target_id = ${id}`);
  assert.equal(audit.actor_id, await adminId());
  assert.equal(audit.target_type, 'closure_reason');
  assert.equal(audit.before, null);
  assert.deepEqual(audit.after, {
    label: 'Records exempt: privilege c1', requester_text: 'Withheld as privileged c1.',
    citations: 'Gov. Code § 7927.705', sort: 5,
  });
  // Position 5 puts it first.
  const list = await admin.getJSON('/admin/closure-reasons.json');
  assert.equal(list.json.items[0].label, 'Records exempt: privilege c1');

  // Edit: only what changed is audited; a label taken by another is refused.
  html = await (await admin.get(`/admin/closure-reasons/${id}`)).text();
  assert.match(html, /value="Records exempt: privilege c1"/);
  admin.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
  res = await admin.post(`/admin/closure-reasons/${id}`, {
    label: 'Records exempt: privilege c1', text: 'Withheld: attorney-client privilege c1.',
    citations: 'Gov. Code § 7927.705', sort: '95',
  });
  expectRedirect(res, `/admin/closure-reasons#item-${id}`);
  audit = await lastAudit('closure_reason.update', `target_id = ${id}`);
  assert.deepEqual(audit.before, { requester_text: 'Withheld as privileged c1.', sort: 5 });
  assert.deepEqual(audit.after, { requester_text: 'Withheld: attorney-client privilege c1.', sort: 95 });
  res = await admin.post(`/admin/closure-reasons/${id}`, { label: 'Duplicate request', text: 'z c3' });
  assert.equal(res.status, 400);
  html = await res.text();
  assert.match(html, /Label is the label of another closure reason/);
  assert.match(html, />z c3<\/textarea>/);
  assert.equal((await admin.post('/admin/closure-reasons/99999', { label: 'a', text: 'b' })).status, 404);
  assert.equal((await admin.get('/admin/closure-reasons/99999')).status, 404);

  // It is offered on the close form while active, not after deactivation.
  const number = nextNumber();
  assert.match((await openRequest(kris, number)).html, new RegExp(`id="reason-${id}"`));
  expectRedirect(await admin.post(`/admin/closure-reasons/${id}/deactivate`, {}),
    `/admin/closure-reasons#item-${id}`);
  audit = await lastAudit('closure_reason.deactivate', `target_id = ${id}`);
  assert.deepEqual([audit.before, audit.after], [{ active: true }, { active: false }]);
  assert.doesNotMatch((await openRequest(kris, number)).html, new RegExp(`id="reason-${id}"`));
  assert.match(await (await admin.get('/admin/closure-reasons')).text(),
    new RegExp(`id="item-${id}">[\\s\\S]*?Deactivated`));
  expectRedirect(await admin.post(`/admin/closure-reasons/${id}/reactivate`, {}),
    `/admin/closure-reasons#item-${id}`);
  audit = await lastAudit('closure_reason.reactivate', `target_id = ${id}`);
  assert.deepEqual([audit.before, audit.after], [{ active: false }, { active: true }]);

  // Staff may not manage them.
  await kris.csrf('/staff');
  assert.equal((await kris.post('/admin/closure-reasons', { label: 'k', text: 'k' })).status, 403);
  assert.equal((await kris.post(`/admin/closure-reasons/${id}/deactivate`, {})).status, 403);
});

test('an admin manages message templates; staff start a message from one without script', async () => {
  await admin.csrf('/admin/templates');
  // Templates have no citations field.
  let res = await admin.post('/admin/templates', { label: 'T', text: 'B', citations: 'x' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /citations/);
  res = await admin.post('/admin/templates', { label: 'Fee estimate t1', text: '' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Message is required/);
  res = await admin.post('/admin/templates', {
    label: 'Fee estimate t1', text: 'Dear Requester,\n\nThe copies cost **$0.10** a page t1.',
  });
  const id = (await one("SELECT id FROM message_templates WHERE name = 'Fee estimate t1'")).id;
  expectRedirect(res, `/admin/templates#item-${id}`);
  let audit = await lastAudit('message_template.create', `target_id = ${id}`);
  assert.equal(audit.target_type, 'message_template');
  assert.deepEqual(audit.after, {
    name: 'Fee estimate t1', body: 'Dear Requester,\n\nThe copies cost **$0.10** a page t1.',
    sort: 50,
  });

  // The staff message form offers it; choosing it fills the textarea (a GET form).
  const number = nextNumber();
  let page = await openRequest(kris, number);
  assert.match(page.html, /<form class="template-picker" method="get" action="\/requests\/[^"#]+#write-message"/);
  assert.match(page.html, new RegExp(`<option value="${id}">Fee estimate t1</option>`));
  page = await openRequest(kris, number, `?template=${id}`);
  assert.match(page.html, /<textarea id="body" name="body" rows="6" required aria-describedby="template-note">Dear Requester,\n\nThe copies cost \*\*\$0\.10\*\* a page t1\.<\/textarea>/);
  assert.match(page.html, new RegExp(`<option value="${id}" selected>Fee estimate t1</option>`));
  assert.match(page.html, /starts from the template “Fee estimate t1”/);
  const json = await kris.getJSON(`/requests/${number}.json?template=${id}`);
  assert.equal(json.json.request.staff.typed.body, 'Dear Requester,\n\nThe copies cost **$0.10** a page t1.');
  assert.equal(json.json.request.staff.template_used, 'Fee estimate t1');
  // The message is sent as edited, like any other.
  const sent = await kris.post(`/requests/${number}/message`,
    { version: page.version, body: 'Dear Requester, the copies cost $0.20 t1.', level: 'requester' });
  assert.equal(sent.status, 303);

  // Unknown or inactive template: 400 naming the field.
  res = await kris.get(`/requests/${number}?template=99999`);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /<code>template<\/code> is not one of the active templates/);
  assert.equal((await kris.get(`/requests/${number}?template=first`)).status, 400);

  // Edit, deactivate: no longer offered, and refused by URL.
  let html = await (await admin.get(`/admin/templates/${id}`)).text();
  admin.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
  expectRedirect(await admin.post(`/admin/templates/${id}`, {
    label: 'Fee estimate t1', text: 'The copies cost $0.10 a page t1.', sort: '50',
  }), `/admin/templates#item-${id}`);
  audit = await lastAudit('message_template.update', `target_id = ${id}`);
  assert.deepEqual(audit.before, { body: 'Dear Requester,\n\nThe copies cost **$0.10** a page t1.' });
  assert.deepEqual(audit.after, { body: 'The copies cost $0.10 a page t1.' });
  expectRedirect(await admin.post(`/admin/templates/${id}/deactivate`, {}), `/admin/templates#item-${id}`);
  audit = await lastAudit('message_template.deactivate', `target_id = ${id}`);
  assert.deepEqual(audit.after, { active: false });
  assert.doesNotMatch((await openRequest(kris, number)).html, /Fee estimate t1/);
  assert.equal((await kris.get(`/requests/${number}?template=${id}`)).status, 400);
  html = await (await admin.get(`/admin/templates/${id}`)).text();
  assert.match(html, /It is deactivated/);

  // The public sees no template picker, whatever the URL says.
  const published = await one("SELECT number FROM requests WHERE published = 1 LIMIT 1");
  const pub = await server.get(`/requests/${published.number}?template=1`);
  assert.equal(pub.status, 200);
  assert.doesNotMatch(await pub.text(), /template-picker|Dear Requester,\n\nThank you/);
});

test('closing takes one or more closure reasons; the event carries their text and citations', async () => {
  const number = nextNumber();
  const none = await reasonId('No responsive records');
  const part = await reasonId('Records released in part, with exemptions');
  // None chosen: 400 naming the field, the message kept.
  let res = await close(kris, number, { close_message: 'We found nothing cl1.' });
  assert.equal(res.status, 400);
  let html = await res.text();
  assert.match(html, /<a href="#reasons">Closure reason is required<\/a>/);
  assert.match(html, />We found nothing cl1\.<\/textarea>/);
  // An unknown one, or an inactive one: refused, the choices kept.
  res = await close(kris, number, { reasons: [String(part), '99999'], close_message: 'cl1' });
  assert.equal(res.status, 400);
  html = await res.text();
  assert.match(html, /Closure reason must be one or more of the active reasons listed/);
  assert.match(html, new RegExp(`id="reason-${part}" name="reasons" type="checkbox" value="${part}" aria-describedby="reason-${part}-text" checked>`));
  assert.match(html, new RegExp(`id="reason-${none}" name="reasons" type="checkbox" value="${none}" aria-describedby="reason-${none}-text">`));
  res = await close(kris, number, { reasons: 'x', close_message: 'cl1' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Closure reason must be a whole number/);
  await server.sql(`UPDATE closure_reasons SET active = 0 WHERE id = ${none}`);
  res = await close(kris, number, { reasons: String(none), close_message: 'cl1' });
  await server.sql(`UPDATE closure_reasons SET active = 1 WHERE id = ${none}`);
  assert.equal(res.status, 400);
  const untouched = await one(`SELECT status, version FROM requests WHERE number = ${q(number)}`);
  assert.equal(untouched.status, 'open');
  assert.equal((await one(`SELECT count(*) AS n FROM request_closure_reasons WHERE request_id = ${idOf(number)}`)).n, 0);

  // Two reasons (one twice): closed, one event, the reasons recorded.
  res = await close(kris, number, {
    reasons: [String(none), String(part), String(none)], close_message: 'We found nothing cl1.',
  });
  expectRedirect(res, `/requests/${number}#timeline-title`);
  const ev = await one('SELECT kind, level, actor_name, body, data FROM events WHERE request_id = ' +
    `${idOf(number)} ORDER BY id DESC LIMIT 1`);
  assert.deepEqual([ev.kind, ev.level, ev.actor_name, ev.body],
    ['closed', 'public', KRIS_NAME, 'We found nothing cl1.']);
  const data = JSON.parse(ev.data);
  assert.deepEqual(data.reasons.map((r) => [r.id, r.label, r.citations]), [
    [none, 'No responsive records', null],
    [part, 'Records released in part, with exemptions', 'Gov. Code § 7922.000; Gov. Code § 7927.705'],
  ]);
  assert.match(data.reasons[0].text, /found none/);
  const rows = await server.sql('SELECT reason_id FROM request_closure_reasons WHERE request_id = ' +
    `${idOf(number)} ORDER BY reason_id`);
  assert.deepEqual(rows.map((r) => r.reason_id), [none, part].sort((a, b) => a - b));
  const audit = await lastAudit('request.close', `request_id = ${idOf(number)}`);
  assert.deepEqual(audit.before.status, 'open');
  assert.deepEqual(audit.after.status, 'closed');
  assert.deepEqual(audit.after.closure_reasons, [none, part]);

  // The timeline shows them, in HTML and JSON, to whoever sees the event.
  const page = await openRequest(kris, number);
  assert.match(page.html, /<li><strong>No responsive records<\/strong>: The agency searched for the records you asked for and found none\.<\/li>/);
  assert.match(page.html, /<span class="citations">\(Gov\. Code § 7922\.000; Gov\. Code § 7927\.705\)<\/span>/);
  const json = await kris.getJSON(`/requests/${number}.json`);
  const closedEvent = json.json.request.events.find((e) => e.kind === 'closed');
  assert.equal(closedEvent.level, 'public');
  assert.deepEqual(closedEvent.closure.reasons.map((r) => r.label),
    ['No responsive records', 'Records released in part, with exemptions']);
  assert.equal(json.json.request.events.find((e) => e.kind === 'message')?.closure ?? null, null);

  // Closing again is refused; reopening keeps the history; a new closing replaces the reasons.
  res = await close(kris, number, { reasons: String(none), close_message: 'again' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /The request is closed already\./);
  const { version } = await openRequest(kris, number);
  expectRedirect(await kris.post(`/requests/${number}/reopen`, { version, reopen_reason: 'More found cl1.' }),
    `/requests/${number}#timeline-title`);
  assert.equal((await one('SELECT count(*) AS n FROM events WHERE kind = \'closed\' AND request_id = ' +
    `${idOf(number)}`)).n, 1);
  assert.equal((await one(`SELECT count(*) AS n FROM request_closure_reasons WHERE request_id = ${idOf(number)}`)).n, 2);
  const full = await reasonId('Records released in full');
  expectRedirect(await close(kris, number, { reasons: String(full), close_message: 'All released cl1.' }),
    `/requests/${number}#timeline-title`);
  assert.deepEqual((await server.sql('SELECT reason_id FROM request_closure_reasons WHERE request_id = ' +
    `${idOf(number)}`)).map((r) => r.reason_id), [full]);
  assert.equal((await one('SELECT count(*) AS n FROM events WHERE kind = \'closed\' AND request_id = ' +
    `${idOf(number)}`)).n, 2);
});

test('the publication setting: admins choose it (audited); closing and submitting follow it', async () => {
  let html = await (await admin.get('/admin/settings')).text();
  assert.match(html, /id="publish-manual" name="publish_default" type="radio" value="manual" aria-describedby="publish-manual-hint" checked>/);
  admin.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
  let res = await admin.post('/admin/settings', { publish_default: 'sometimes' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Publish requests is not one of the allowed values/);
  res = await admin.post('/admin/settings', {});
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Publish requests is required/);
  await kris.csrf('/staff');
  assert.equal((await kris.post('/admin/settings', { publish_default: 'closure' })).status, 403);
  assert.equal((await kris.get('/admin/settings')).status, 403);

  expectRedirect(await admin.post('/admin/settings', { publish_default: 'closure' }), '/admin/settings');
  let audit = await lastAudit('setting.update');
  assert.equal(audit.actor_id, await adminId());
  assert.deepEqual([audit.before, audit.after],
    [{ publish_default: 'manual' }, { publish_default: 'closure' }]);
  html = await (await admin.get('/admin/settings')).text();
  assert.match(html, /value="closure" aria-describedby="publish-closure-hint" checked>/);

  // Closing an unpublished request publishes it in the same transaction.
  const row = await one("SELECT number FROM requests WHERE status = 'open' AND published = 0 " +
    'AND requester_id IS NULL ORDER BY id DESC LIMIT 1');
  const number = row.number;
  assert.equal((await server.get(`/requests/${number}`)).status, 404);
  expectRedirect(await close(kris, number, {
    reasons: String(await reasonId('Withdrawn by the requester')), close_message: 'Withdrawn ps1.',
  }), `/requests/${number}#timeline-title`);
  const req = await one(`SELECT status, published, published_at, closed_at FROM requests WHERE number = ${q(number)}`);
  assert.deepEqual([req.status, req.published], ['closed', 1]);
  assert.equal(req.published_at, req.closed_at);
  const events = await server.sql('SELECT kind, level, actor_name, created_at FROM events WHERE ' +
    `request_id = ${idOf(number)} ORDER BY id DESC LIMIT 2`);
  assert.deepEqual(events.map((e) => [e.kind, e.level, e.actor_name]),
    [['published', 'public', null], ['closed', 'public', KRIS_NAME]]);
  audit = await lastAudit('request.close', `request_id = ${idOf(number)}`);
  assert.deepEqual([audit.before.published, audit.after.published], [false, true]);
  const pub = await server.get(`/requests/${number}`);
  assert.equal(pub.status, 200);
  assert.match(await pub.text(), /Withdrawn ps1\./);

  // Publish at submission: a new request is public at once.
  expectRedirect(await admin.post('/admin/settings', { publish_default: 'submission' }), '/admin/settings');
  audit = await lastAudit('setting.update');
  assert.deepEqual([audit.before, audit.after],
    [{ publish_default: 'closure' }, { publish_default: 'submission' }]);
  const visitor = server.client();
  await visitor.csrf('/requests/new');
  res = await visitor.post('/requests', { description: 'Published at once ps2', email: 'ps2@example.com' });
  assert.equal(res.status, 303);
  const made = await one("SELECT number, published FROM requests WHERE description = 'Published at once ps2'");
  assert.equal(made.published, 1);
  assert.equal((await server.get(`/requests/${made.number}`)).status, 200);

  // Manual: neither.
  expectRedirect(await admin.post('/admin/settings', { publish_default: 'manual' }), '/admin/settings');
  const another = nextNumber();
  await server.sql(`UPDATE requests SET published = 0, published_at = NULL WHERE number = ${q(another)}`);
  expectRedirect(await close(kris, another, {
    reasons: String(await reasonId('Duplicate request')), close_message: 'Duplicate ps3.',
  }), `/requests/${another}#timeline-title`);
  assert.equal((await one(`SELECT published FROM requests WHERE number = ${q(another)}`)).published, 0);
});

test('the audit log: admins only, newest first, filters, readable changes, keyset pages, JSON', async () => {
  assert.equal((await kris.get('/admin/audit')).status, 403);
  assert.equal((await server.get('/admin/audit')).status, 401);

  // A request with a known history: a message, a due date change, a closing.
  const number = nextNumber();
  let { version } = await openRequest(kris, number);
  await kris.post(`/requests/${number}/message`, { version, body: 'Audit me al1', level: 'staff' });
  ({ version } = await openRequest(kris, number));
  await kris.post(`/requests/${number}/due_date`, { version, due_date: '2031-01-02', due_reason: 'al1' });
  const closing = await close(kris, number, {
    reasons: String(await reasonId('No responsive records')), close_message: 'al1',
  });
  assert.equal(closing.status, 303);

  let res = await admin.getJSON(`/admin/audit.json?request=${number}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.rows.map((r) => r.action),
    ['request.close', 'request.due_date', 'request.message']);
  const [closed, due] = res.json.rows;
  assert.equal(closed.action_label, 'Closed the request');
  assert.equal(closed.actor_name, KRIS_NAME);
  assert.equal(closed.request_number, number);
  assert.equal(closed.request_url, `/requests/${number}`);
  const dueChange = due.changes.find((c) => c.field === 'due_date');
  assert.equal(dueChange.label, 'Due date');
  assert.equal(dueChange.after, '2031-01-02');
  assert.deepEqual(closed.changes.find((c) => c.field === 'status'),
    { field: 'status', label: 'Status', before: 'open', after: 'closed' });
  assert.ok(res.json.rows[0].at >= res.json.rows[1].at);

  const html = await (await admin.get(`/admin/audit?request=${number}`)).text();
  assert.match(html, new RegExp(`<strong>Changed the due date</strong> by ${KRIS_NAME}, <time datetime="[^"]+">[^<]+</time> · <a href="/requests/${number}">Request ${number}</a>`));
  assert.match(html, /<tr><th scope="row">Due date<\/th><td class="preline">[0-9-]+<\/td><td class="preline">2031-01-02<\/td><\/tr>/);
  assert.match(html, new RegExp(`id="request" name="request" type="text" maxlength="24" value="${number}"`));

  // By action, by person, by date.
  res = await admin.getJSON('/admin/audit.json?action=request.close');
  assert.ok(res.json.rows.length >= 1);
  assert.ok(res.json.rows.every((r) => r.action === 'request.close'));
  const krisId = (await one(`SELECT id FROM users WHERE email = ${q(KRIS)}`)).id;
  res = await admin.getJSON(`/admin/audit.json?user=${krisId}&request=${number}&action=request.due_date`);
  assert.deepEqual(res.json.rows.map((r) => r.action), ['request.due_date']);
  res = await admin.getJSON(`/admin/audit.json?user=${await adminId()}&request=${number}`);
  assert.deepEqual(res.json.rows, []);
  res = await admin.getJSON(`/admin/audit.json?request=${number}&from=2020-01-01&to=2020-12-31`);
  assert.deepEqual(res.json.rows, []);
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 2 * 86400e3).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
  res = await admin.getJSON(`/admin/audit.json?request=${number}&from=${yesterday}&to=${tomorrow}`);
  assert.equal(res.json.rows.length, 3, `rows of ${today}`);

  // Bad filters: 400 naming the field.
  for (const [query, field] of [['request=abc', 'request'], ['request=99-99999', 'request'],
    ['action=request.explode', 'action'], ['from=2020-13-01', 'from'], ['user=0', 'user'],
    ['after=yesterday', 'after'], ['after=99999999999999999999-1', 'after'], ['after=5-0', 'after']]) {
    const bad = await admin.get(`/admin/audit?${query}`);
    assert.equal(bad.status, 400, query);
    assert.match(await bad.text(), new RegExp(`<code>${field}</code>`), query);
  }

  // Keyset pages: 120 rows of one action, 50 a page, no row twice, none lost.
  const base = Math.floor(Date.now() / 1000) - 86400;
  const values = Array.from({ length: 120 }, (_, i) =>
    `(${krisId}, ${base + Math.floor(i / 3)}, 'user.requests_attached', 'user', ${i})`);
  await server.sql('INSERT INTO audit_log (actor_id, at, action, target_type, target_id) VALUES ' +
    values.join(', '));
  const seen = [];
  let next = `/admin/audit.json?action=user.requests_attached&user=${krisId}`;
  let pages = 0;
  while (next) {
    res = await admin.getJSON(next);
    assert.equal(res.status, 200);
    seen.push(...res.json.rows.map((r) => r.target_id));
    next = res.json.next_url?.replace('/admin/audit?', '/admin/audit.json?');
    pages += 1;
    assert.ok(pages < 5);
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 120);
  assert.equal(new Set(seen).size, 120);
  // Newest first: higher at first, then higher id.
  assert.deepEqual(seen.slice(0, 4), [119, 118, 117, 116]);
  assert.deepEqual(seen.slice(-2), [1, 0]);
});


test('limits: at most 200 templates; the admin pages are not for requesters', async () => {
  const requester = await signedInClient(server, 'requester@example.com');
  for (const p of ['/admin/closure-reasons', '/admin/templates', '/admin/settings', '/admin/audit']) {
    assert.equal((await requester.get(p)).status, 403, p);
  }
  const [{ n }] = await server.sql('SELECT count(*) AS n FROM message_templates');
  const values = Array.from({ length: 200 - n }, (_, i) =>
    `('Filler lm${i}', 'Body lm${i}', 1000 + ${i}, 0, 0)`);
  await server.sql('INSERT INTO message_templates (name, body, sort, created_at, updated_at) ' +
    `VALUES ${values.join(', ')}`);
  await admin.csrf('/admin/templates');
  const res = await admin.post('/admin/templates', { label: 'One too many lm', text: 'lm' });
  assert.equal(res.status, 400);
  const html = await res.text();
  assert.match(html, /There are as many as the portal keeps/);
  assert.match(html, /value="One too many lm"/);
  assert.equal((await server.sql("SELECT count(*) AS n FROM message_templates WHERE name = 'One too many lm'"))[0].n, 0);
});
