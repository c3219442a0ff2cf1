// Editing the record: the request's text (the public sees the edited text
// everywhere, staff see the original and each edit), a message's level,
// hiding an event from the public, a message's text, support staff,
// departments taken off, and a department's default point of contact.
// Every action: its effect, its event (level and byline), its audit row,
// its refusals (bad input 400 naming the field with what was typed kept,
// stale 409, closed request), and what the public, the requester and
// search see afterwards.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { oneAtATime, q, signedInClient, startServer } from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const KRIS_NAME = 'Kris Tu 34895 LAPD CPRA 1421';
const KRIS_TITLE = 'Detective III';
const REQUESTER_NUMBER = '26-132'; // the demo requester's published request

let server;
let kris;
let admin;
let requester;
let nextNumber; // hands out the published open requests of the demo

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  admin = await signedInClient(server, 'admin@example.gov');
  requester = await signedInClient(server, 'requester@example.com');
  nextNumber = oneAtATime((await server.sql(
    "SELECT number FROM requests WHERE status = 'open' AND published = 1 " +
    'AND requester_id IS NULL ORDER BY id DESC LIMIT 20')).map((r) => r.number), 'open requests');
});
after(async () => { await server?.stop(); });

const idOf = (number) => `(SELECT id FROM requests WHERE number = ${q(number)})`;

async function lastEvent(number) {
  const [row] = await server.sql('SELECT id, kind, level, actor_id, actor_name, actor_title, ' +
    `body, data FROM events WHERE request_id = ${idOf(number)} ORDER BY id DESC LIMIT 1`);
  return row;
}

async function lastAudit(number) {
  const [row] = await server.sql('SELECT actor_id, action, target_type, before_json, after_json ' +
    `FROM audit_log WHERE request_id = ${idOf(number)} ORDER BY id DESC LIMIT 1`);
  return row && { ...row, before: JSON.parse(row.before_json), after: JSON.parse(row.after_json) };
}

async function userId(email) {
  const [row] = await server.sql(`SELECT id FROM users WHERE email = ${q(email)}`);
  return row.id;
}

/** Adds a message through the message form and returns its event id. */
async function message(number, body, level) {
  expectRedirect(await act(kris, number, '', 'message', { body, level }), number);
  return (await lastEvent(number)).id;
}

/** Opens page as client (keeping its form token); returns its HTML and the form's version. */
async function open(client, page) {
  const res = await client.get(page);
  assert.equal(res.status, 200, page);
  const html = await res.text();
  client.token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? client.token;
  return { html, version: /name="version" value="(\d+)"/.exec(html)?.[1] };
}

/** Opens the form's page (the request page, or page under it), then posts the action. */
async function act(client, number, page, action, form = {}) {
  const { version } = await open(client, `/requests/${number}${page}`);
  assert.ok(version, 'the page has a form with the version');
  return client.post(`/requests/${number}/${action}`, { version, ...form });
}

function expectRedirect(res, number, hash = '#timeline-title') {
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/requests/${number}${hash}`);
}

const publicPage = async (number) => (await server.get(`/requests/${number}`)).text();
const publicJson = async (number) => (await server.getJSON(`/requests/${number}.json`)).text;
const publicSearch = async (word) =>
  (await server.getJSON(`/requests.json?q=${word}`)).json.requests.map((r) => r.number);
/** The staff index (search_all) holds the word: staff search has no page yet. */
const staffIndexHas = async (word) => (await server.sql(
  `SELECT count(*) AS n FROM search_all WHERE search_all MATCH '"${word}"'`))[0].n > 0;

async function indexesIntact() {
  // FTS5 external content: an entry deleted with other text than it was
  // indexed with breaks the index; integrity-check says so.
  await server.sql("INSERT INTO search_all (search_all) VALUES ('integrity-check');" +
    "INSERT INTO search_public (search_public) VALUES ('integrity-check')");
}

test('editing the request text: the public sees the new text everywhere, staff the original', async () => {
  const number = nextNumber();
  const before = await server.requestRow(number);
  const original = `${before.description} Call Jane Roe at 555-0199 zqorigword.`;
  // Plant a text with personal data in it, as a requester could have written it.
  await server.sql(`INSERT INTO search_all (search_all, rowid, title, body) SELECT 'delete', id, title, body
      FROM search_all_content WHERE id = (SELECT id FROM search_items WHERE kind = 'request' AND item_id = ${before.id});
    INSERT INTO search_public (search_public, rowid, title, body) SELECT 'delete', id, title, body
      FROM search_public_content WHERE id = (SELECT id FROM search_items WHERE kind = 'request' AND item_id = ${before.id});
    UPDATE requests SET description = ${q(original)} WHERE id = ${before.id};
    INSERT INTO search_all (rowid, title, body) SELECT id, title, body FROM search_all_content
      WHERE id = (SELECT id FROM search_items WHERE kind = 'request' AND item_id = ${before.id});
    INSERT INTO search_public (rowid, title, body) SELECT id, title, body FROM search_public_content
      WHERE id = (SELECT id FROM search_items WHERE kind = 'request' AND item_id = ${before.id})`);
  assert.deepEqual(await publicSearch('zqorigword'), [number], 'found before the edit');
  const edited = `${before.description} Call the requester zqnewword.`;

  const res = await act(kris, number, '/edit', 'edit',
    { description: edited, edit_reason: 'Took out a phone number.' });
  expectRedirect(res, number, '');
  const row = await server.requestRow(number);
  assert.equal(row.description, edited);
  assert.equal(row.original_description, original);
  assert.equal(row.version, before.version + 1);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'request_edited');
  assert.equal(ev.level, 'staff');
  assert.equal(ev.actor_name, KRIS_NAME);
  assert.equal(ev.actor_title, KRIS_TITLE);
  assert.equal(ev.body, 'Took out a phone number.');
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.edit');
  assert.equal(audit.actor_id, await userId(KRIS));
  assert.equal(audit.before.description, original);
  assert.equal(audit.after.description, edited);
  assert.equal(audit.after.version, before.version + 1);

  // The public: the page, its JSON, the archive's excerpts, search.
  const page = await publicPage(number);
  assert.match(page, /zqnewword/);
  assert.doesNotMatch(page, /zqorigword|555-0199|Took out a phone number|Original text and edits/);
  const json = await publicJson(number);
  assert.match(json, /zqnewword/);
  assert.doesNotMatch(json, /zqorigword|555-0199|text_history|original/);
  const archive = await server.getJSON('/requests.json');
  assert.doesNotMatch(archive.text, /zqorigword|555-0199/);
  assert.deepEqual(await publicSearch('zqorigword'), [], 'the original is not found');
  assert.deepEqual(await publicSearch('zqnewword'), [number], 'the edited text is');
  const html = await (await server.get('/requests?q=zqnewword')).text();
  assert.doesNotMatch(html, /zqorigword|555-0199/);
  // Staff search reads the staff index: it holds the current text and the
  // edit's reason, not the original (the original is on the page for staff).
  assert.equal(await staffIndexHas('zqorigword'), false);
  assert.equal(await staffIndexHas('zqnewword'), true);
  await indexesIntact();

  // The requester of another request and anonymous visitors never see it;
  // staff see the original and the edit, with who, when and why.
  const staffPage = (await open(kris, `/requests/${number}`)).html;
  const history = /<section class="text-history"[\s\S]*?<\/section>/.exec(staffPage)?.[0] ?? '';
  assert.match(history, /As received/);
  assert.match(history, /zqorigword/);
  assert.match(history, /555-0199/);
  assert.match(history, new RegExp(`Edited</span> <span class="meta">[^<]* by ${KRIS_NAME} - ${KRIS_TITLE} \\(Staff\\)`));
  assert.match(history, /Reason:<\/strong> Took out a phone number\./);
  assert.match(history, /zqnewword[\s\S]*\(current\)|\(current\)[\s\S]*zqnewword/);
  const staffJson = await kris.getJSON(`/requests/${number}.json`);
  assert.equal(staffJson.json.request.text_history.versions.length, 2);
  assert.equal(staffJson.json.request.text_history.versions[1].reason, 'Took out a phone number.');

  // A second edit keeps the text as received, and lists both edits.
  expectRedirect(await act(kris, number, '/edit', 'edit',
    { description: `${edited} More.`, edit_reason: 'Second pass.' }), number, '');
  assert.equal((await server.requestRow(number)).original_description, original);
  const again = await kris.getJSON(`/requests/${number}.json`);
  assert.deepEqual(again.json.request.text_history.versions.map((v) => v.reason ?? null),
    [null, 'Took out a phone number.', 'Second pass.']);
  await indexesIntact();
});

test('editing the text: refusals keep what was typed', async () => {
  const number = nextNumber();
  const v0 = (await server.requestRow(number)).version;
  // No reason: 400 naming the field, the new text kept.
  let res = await act(kris, number, '/edit', 'edit', { description: 'kept text qq41', edit_reason: '' });
  assert.equal(res.status, 400);
  let html = await res.text();
  assert.match(html, /Reason is required/);
  assert.match(html, />kept text qq41<\/textarea>/);
  // Too long.
  res = await act(kris, number, '/edit', 'edit', { description: 'x'.repeat(20001), edit_reason: 'why qq42' });
  assert.equal(res.status, 400);
  html = await res.text();
  assert.match(html, /Request text/);
  assert.match(html, />why qq42<\/textarea>/);
  // The same text.
  const same = (await server.requestRow(number)).description;
  res = await act(kris, number, '/edit', 'edit', { description: same, edit_reason: 'nothing' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /That is the request&#39;s text already\./);
  // JSON names the field.
  const { version } = await open(kris, `/requests/${number}/edit`);
  res = await kris.post(`/requests/${number}/edit`, { version, description: 'x' },
    { headers: { accept: 'application/json' } });
  assert.equal(res.status, 400);
  assert.ok((await res.json()).errors.edit_reason);
  // Stale: 409 with the change made since, the text kept.
  const stale = await open(kris, `/requests/${number}/edit`);
  expectRedirect(await act(admin, number, '', 'message', { body: 'Meanwhile.', level: 'public' }), number);
  res = await kris.post(`/requests/${number}/edit`,
    { version: stale.version, description: 'stale text qq43', edit_reason: 'stale reason qq44' });
  assert.equal(res.status, 409);
  html = await res.text();
  assert.match(html, /Changed since you opened the page/);
  assert.match(html, /Wrote a message by Alex Morgan/);
  assert.match(html, />stale text qq43<\/textarea>/);
  assert.match(html, />stale reason qq44<\/textarea>/);
  assert.equal((await server.requestRow(number)).version, v0 + 1, 'only the message was saved');
  assert.equal((await server.requestRow(number)).original_description, null);
  // The public and requesters may not.
  assert.equal((await server.get(`/requests/${number}/edit`)).status, 401);
  assert.equal((await requester.get(`/requests/${number}/edit`)).status, 403);
});

test('a message lowered to Staff leaves the public page, JSON, search and the requester', async () => {
  const number = REQUESTER_NUMBER;
  const id = await message(number, 'Public note zqlowered.', 'public');
  assert.match(await publicPage(number), /zqlowered/);
  assert.deepEqual(await publicSearch('zqlowered'), [number]);
  assert.match((await open(requester, `/requests/${number}`)).html, /zqlowered/);

  const res = await act(kris, number, `/events/${id}`, `events/${id}/level`,
    { event_level: 'staff', level_reason: 'Names a neighbour.' });
  expectRedirect(res, number, `#event-${id}`);
  const [ev] = await server.sql(`SELECT kind, level FROM events WHERE id = ${id}`);
  assert.deepEqual(ev, { kind: 'internal_note', level: 'staff' });
  const record = await lastEvent(number);
  assert.equal(record.kind, 'request_edited');
  assert.equal(record.level, 'staff');
  assert.equal(record.actor_name, KRIS_NAME);
  assert.match(record.body, /^Changed who sees the External Message of .* from Public to Staff\. Reason: Names a neighbour\.$/);
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.event_level');
  assert.deepEqual([audit.before.level, audit.after.level, audit.after.event_id, audit.after.reason],
    ['public', 'staff', id, 'Names a neighbour.']);

  assert.doesNotMatch(await publicPage(number), /zqlowered/);
  assert.doesNotMatch(await publicJson(number), /zqlowered/);
  assert.deepEqual(await publicSearch('zqlowered'), []);
  assert.equal(await staffIndexHas('zqlowered'), true);
  assert.doesNotMatch((await open(requester, `/requests/${number}`)).html, /zqlowered/);
  assert.doesNotMatch((await requester.getJSON('/account/requests')).text, /zqlowered/);
  assert.match((await open(kris, `/requests/${number}`)).html, /zqlowered/);
  await indexesIntact();

  // Back to Requester + Staff: the requester sees it, the public still not.
  expectRedirect(await act(kris, number, `/events/${id}`, `events/${id}/level`,
    { event_level: 'requester', level_reason: 'For the requester after all.' }), number, `#event-${id}`);
  assert.deepEqual((await server.sql(`SELECT kind, level FROM events WHERE id = ${id}`))[0],
    { kind: 'message', level: 'requester' });
  assert.match((await open(requester, `/requests/${number}`)).html, /zqlowered/);
  assert.doesNotMatch(await publicPage(number), /zqlowered/);
  assert.deepEqual(await publicSearch('zqlowered'), []);

  // Refused: the same level; a bad level or no reason names the field, with
  // what was typed kept; not a message.
  let bad = await act(kris, number, `/events/${id}`, `events/${id}/level`,
    { event_level: 'requester', level_reason: 'x' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /The message is at that level already\./);
  bad = await act(kris, number, `/events/${id}`, `events/${id}/level`,
    { event_level: 'everyone', level_reason: 'kept reason qq61' });
  assert.equal(bad.status, 400);
  let text = await bad.text();
  assert.match(text, /Who sees it/);
  assert.match(text, />kept reason qq61<\/textarea>/);
  bad = await act(kris, number, `/events/${id}`, `events/${id}/level`, { event_level: 'public' });
  assert.equal(bad.status, 400);
  text = await bad.text();
  assert.match(text, /Reason is required/);
  assert.match(text, /<option value="public" selected>Public<\/option>/, 'the level chosen is kept');
  const [opened] = await server.sql(`SELECT id FROM events WHERE request_id = ${idOf(number)} AND kind = 'opened'`);
  bad = await act(kris, number, `/events/${opened.id}`, `events/${opened.id}/level`,
    { event_level: 'staff', level_reason: 'x' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Only a message&#39;s level can change\./);
  // An event of another request is none of this one's.
  const [other] = await server.sql(`SELECT id FROM events WHERE request_id <> ${idOf(number)} LIMIT 1`);
  assert.equal((await kris.get(`/requests/${number}/events/${other.id}`)).status, 404);
  const { version } = await open(kris, `/requests/${number}`);
  bad = await kris.post(`/requests/${number}/events/${other.id}/level`,
    { version, event_level: 'staff', level_reason: 'x' });
  assert.equal(bad.status, 404);
  assert.match(await bad.text(), /There is no such event on this request\./);
});

test('hiding an event: gone for the public, kept for the requester and staff with its reason', async () => {
  const number = REQUESTER_NUMBER;
  const id = await message(number, 'Public words zqhidden.', 'public');
  assert.deepEqual(await publicSearch('zqhidden'), [number]);

  // No reason: 400 naming it, on the event's page.
  let res = await act(kris, number, `/events/${id}`, `events/${id}/hide`, { hide_reason: '' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Reason is required/);

  res = await act(kris, number, `/events/${id}`, `events/${id}/hide`, { hide_reason: 'Names a witness qqwhy.' });
  expectRedirect(res, number, `#event-${id}`);
  const [ev] = await server.sql(`SELECT hidden, hidden_reason, hidden_by, hidden_at FROM events WHERE id = ${id}`);
  assert.equal(ev.hidden, 1);
  assert.equal(ev.hidden_reason, 'Names a witness qqwhy.');
  assert.equal(ev.hidden_by, await userId(KRIS));
  assert.ok(ev.hidden_at > 0);
  const record = await lastEvent(number);
  assert.equal(record.kind, 'request_edited');
  assert.equal(record.level, 'staff');
  assert.match(record.body, /^Hid the External Message of .* from the public\. Reason: Names a witness qqwhy\.$/);
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.event_hide');
  assert.deepEqual([audit.before.hidden, audit.after.hidden, audit.after.hidden_reason],
    [false, true, 'Names a witness qqwhy.']);

  for (const text of [await publicPage(number), await publicJson(number)]) {
    assert.doesNotMatch(text, /zqhidden|qqwhy/);
  }
  assert.deepEqual(await publicSearch('zqhidden'), []);
  assert.equal(await staffIndexHas('zqhidden'), true);
  // The requester still sees it (hidden from the public only), without the reason.
  const own = (await open(requester, `/requests/${number}`)).html;
  assert.match(own, /zqhidden/);
  assert.doesNotMatch(own, /qqwhy/);
  assert.doesNotMatch((await requester.getJSON(`/requests/${number}.json`)).text, /qqwhy/);
  // Staff see it marked, with who, when and why.
  const staffHtml = (await open(kris, `/requests/${number}`)).html;
  const item = new RegExp(`<li class="event event-message" id="event-${id}">[\\s\\S]*?</li>`).exec(staffHtml)[0];
  assert.match(item, /Hidden from the public<\/span>/);
  assert.match(item, new RegExp(`Hidden from the public by ${KRIS_NAME}, [^.]*\\. Reason: Names a witness qqwhy\\.`));
  await indexesIntact();

  // Twice is refused; a staff-only event cannot be hidden.
  res = await act(kris, number, `/events/${id}`, `events/${id}/hide`, { hide_reason: 'again' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /hidden from the public already/);
  const note = await message(number, 'A note.', 'staff');
  res = await act(kris, number, `/events/${note}`, `events/${note}/hide`, { hide_reason: 'why' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Only staff see this event already\./);

  // Shown again.
  expectRedirect(await act(kris, number, `/events/${id}`, `events/${id}/unhide`), number, `#event-${id}`);
  const [shown] = await server.sql(`SELECT hidden, hidden_reason, hidden_by, hidden_at FROM events WHERE id = ${id}`);
  assert.deepEqual(shown, { hidden: 0, hidden_reason: null, hidden_by: null, hidden_at: null });
  const unhid = await lastAudit(number);
  assert.equal(unhid.action, 'request.event_unhide');
  assert.equal(unhid.before.hidden_reason, 'Names a witness qqwhy.');
  assert.match(await publicPage(number), /zqhidden/);
  assert.deepEqual(await publicSearch('zqhidden'), [number]);
  res = await act(kris, number, `/events/${id}`, `events/${id}/unhide`);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /The event is not hidden\./);
  await indexesIntact();
});

test('editing a message: edited_at, the text before in the audit row, search follows', async () => {
  const number = REQUESTER_NUMBER;
  const id = await message(number, 'Before zqbeforeedit.', 'public');
  const stale = await open(kris, `/requests/${number}/events/${id}`);
  assert.match(stale.html, />Before zqbeforeedit\.<\/textarea>/, 'the form starts from the text');
  const res = await act(kris, number, `/events/${id}`, `events/${id}/text`, { event_body: 'After **zqafteredit**.' });
  expectRedirect(res, number, `#event-${id}`);
  const [ev] = await server.sql(`SELECT body, edited_at FROM events WHERE id = ${id}`);
  assert.equal(ev.body, 'After **zqafteredit**.');
  assert.ok(ev.edited_at > 0);
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.event_text');
  assert.equal(audit.before.body, 'Before zqbeforeedit.');
  assert.equal(audit.after.body, 'After **zqafteredit**.');
  const record = await lastEvent(number);
  assert.equal(record.kind, 'request_edited');
  assert.equal(record.level, 'staff');
  assert.match(record.body, /^Edited the text of the External Message of /);
  const page = await publicPage(number);
  assert.match(page, /After <strong>zqafteredit<\/strong>\./);
  assert.match(page, /\(edited [^)]+\)/);
  assert.doesNotMatch(page, /zqbeforeedit/);
  assert.deepEqual(await publicSearch('zqbeforeedit'), []);
  assert.deepEqual(await publicSearch('zqafteredit'), [number]);
  assert.equal(await staffIndexHas('zqbeforeedit'), false);
  await indexesIntact();

  // Stale: 409, the typed text kept.
  const r2 = await kris.post(`/requests/${number}/events/${id}/text`,
    { version: stale.version, event_body: 'late words qq51' });
  assert.equal(r2.status, 409);
  const html = await r2.text();
  assert.match(html, /Edited a message by Kris Tu/);
  assert.match(html, />late words qq51<\/textarea>/);
  // Only messages.
  const [opened] = await server.sql(`SELECT id FROM events WHERE request_id = ${idOf(number)} AND kind = 'opened'`);
  const r3 = await act(kris, number, `/events/${opened.id}`, `events/${opened.id}/text`, { event_body: 'x' });
  assert.equal(r3.status, 400);
  assert.match(await r3.text(), /Only a message&#39;s text can be edited\./);
  // The requester may not.
  const own = await open(requester, `/requests/${number}`);
  const r4 = await requester.post(`/requests/${number}/events/${id}/text`, { version: own.version, event_body: 'mine' });
  assert.equal(r4.status, 403);
  assert.equal((await server.sql(`SELECT body FROM events WHERE id = ${id}`))[0].body, 'After **zqafteredit**.');
});

test('support staff: added and removed with a staff-level event and audit row', async () => {
  const number = nextNumber();
  const marcus = await userId('marcus.bell@example.gov');
  expectRedirect(await act(kris, number, '', 'support_add', { support_user: String(marcus) }), number);
  const rows = await server.sql(`SELECT user_id FROM request_support_staff WHERE request_id = ${idOf(number)}`);
  assert.deepEqual(rows, [{ user_id: marcus }]);
  let ev = await lastEvent(number);
  assert.equal(ev.kind, 'support_staff_changed');
  assert.equal(ev.level, 'staff');
  assert.equal(ev.body, 'Added Marcus Bell as support staff.');
  assert.equal(ev.actor_name, KRIS_NAME);
  let audit = await lastAudit(number);
  assert.equal(audit.action, 'request.support_add');
  assert.deepEqual([audit.before.support_staff, audit.after.support_staff], [[], [marcus]]);
  const staffHtml = (await open(kris, `/requests/${number}`)).html;
  assert.match(/<ul class="support-list">[\s\S]*?<\/ul>/.exec(staffHtml)[0], /Marcus Bell/);
  assert.doesNotMatch(await publicPage(number), /Added Marcus Bell/);

  let res = await act(kris, number, '', 'support_add', { support_user: String(marcus) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /That person is support staff already\./);
  res = await act(kris, number, '', 'support_add', { support_user: String(await userId('requester@example.com')) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Choose an active staff member\./);
  res = await act(kris, number, '', 'support_add', { support_user: 'abc' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Support staff/);

  expectRedirect(await act(kris, number, '', 'support_remove', { support_user: String(marcus) }), number);
  ev = await lastEvent(number);
  assert.equal(ev.kind, 'support_staff_changed');
  assert.equal(ev.body, 'Removed Marcus Bell from support staff.');
  audit = await lastAudit(number);
  assert.equal(audit.action, 'request.support_remove');
  assert.deepEqual([audit.before.support_staff, audit.after.support_staff], [[marcus], []]);
  res = await act(kris, number, '', 'support_remove', { support_user: String(marcus) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /That person is not support staff on this request\./);
});

test('several departments: a second one adds, one is taken off; refused when closed', async () => {
  const number = nextNumber();
  const assigned = async () => (await server.sql('SELECT department_id AS d FROM request_departments ' +
    `WHERE request_id = ${idOf(number)} ORDER BY d`)).map((r) => r.d);
  const start = await assigned();
  const add = [5, 6].find((d) => !start.includes(d));
  expectRedirect(await act(kris, number, '', 'assign', { department: String(add) }), number);
  const two = await assigned();
  assert.deepEqual(two, [...start, add].sort((a, b) => a - b));
  assert.ok(two.length >= 2);

  expectRedirect(await act(kris, number, '', 'unassign', { remove_department: String(add) }), number);
  assert.deepEqual(await assigned(), start);
  const ev = await lastEvent(number);
  assert.equal(ev.kind, 'department_assigned');
  assert.equal(ev.level, 'public');
  const [{ name }] = await server.sql(`SELECT name FROM departments WHERE id = ${add}`);
  assert.equal(ev.body, `Removed ${name}`);
  assert.equal(ev.actor_name, KRIS_NAME);
  const audit = await lastAudit(number);
  assert.equal(audit.action, 'request.unassign');
  assert.deepEqual([audit.before.department_id, audit.after.department_id], [add, null]);
  const page = await publicPage(number);
  assert.match(page, new RegExp(`Removed ${name.replace(/[()&]/g, '.')}`));

  let res = await act(kris, number, '', 'unassign', { remove_department: String(add) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /That department is not assigned to this request\./);

  // Closed: taking off a department or adding support staff makes no sense.
  expectRedirect(await act(kris, number, '', 'close', { reasons: '1', close_message: 'Done.' }), number);
  const version = (await server.requestRow(number)).version;
  for (const [action, form] of [['unassign', { remove_department: String(start[0] ?? 1) }],
    ['support_add', { support_user: String(await userId('marcus.bell@example.gov')) }]]) {
    res = await act(kris, number, '', action, form);
    assert.equal(res.status, 400, action);
    assert.match(await res.text(), /The request is closed: reopen it first\./);
  }
  assert.equal((await server.requestRow(number)).version, version);
  // Editing the text still makes sense on a closed request (before publishing it).
  expectRedirect(await act(kris, number, '/edit', 'edit',
    { description: 'Records, without the name.', edit_reason: 'Personal data.' }), number, '');
});

test('a department\'s default point of contact: set by an admin, given on assignment', async () => {
  const james = await userId('james.whitaker@example.gov');
  const page = await open(admin, '/admin/departments');
  assert.match(page.html, /<label for="default_contact-9" class="visually-hidden">Default point of contact of General Services Department<\/label>/);
  let res = await admin.post('/admin/departments/9/contact', { default_contact: String(james) });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/departments');
  const [dept] = await server.sql('SELECT default_contact_id FROM departments WHERE id = 9');
  assert.equal(dept.default_contact_id, james);
  const [audit] = await server.sql("SELECT actor_id, target_type, target_id, before_json, after_json " +
    "FROM audit_log WHERE action = 'department.contact' ORDER BY id DESC LIMIT 1");
  assert.equal(audit.actor_id, await userId('admin@example.gov'));
  assert.deepEqual([audit.target_type, audit.target_id], ['department', 9]);
  assert.deepEqual(JSON.parse(audit.before_json), { default_contact_id: null });
  assert.deepEqual(JSON.parse(audit.after_json), { default_contact_id: james });
  assert.match((await open(admin, '/admin/departments')).html,
    new RegExp(`<option value="${james}" selected>James Whitaker</option>`));

  // Refused: a requester as contact (400 with the choice kept), the same
  // again, staff who are not admins.
  res = await admin.post('/admin/departments/9/contact', { default_contact: String(await userId('requester@example.com')) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Choose an active staff member\./);
  res = await admin.post('/admin/departments/9/contact', { default_contact: String(james) });
  assert.equal(res.status, 400);
  res = await admin.post('/admin/departments/9/contact', { default_contact: 'x' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Default point of contact/);
  assert.equal((await admin.post('/admin/departments/999/contact', { default_contact: String(james) })).status, 404);
  await open(kris, '/staff');
  assert.equal((await kris.post('/admin/departments/9/contact', {})).status, 403);

  // A request without a point of contact gets the department's.
  const number = nextNumber();
  await server.sql(`UPDATE requests SET point_of_contact_id = NULL WHERE number = ${q(number)}`);
  expectRedirect(await act(kris, number, '', 'assign', { department: '9' }), number);
  assert.equal((await server.requestRow(number)).point_of_contact_id, james);
  // Nobody: cleared.
  res = await admin.post('/admin/departments/9/contact', {});
  assert.equal(res.status, 303);
  assert.equal((await server.sql('SELECT default_contact_id FROM departments WHERE id = 9'))[0].default_contact_id, null);
});

test('only staff edit the record', async () => {
  const number = REQUESTER_NUMBER;
  const [ev] = await server.sql(`SELECT id FROM events WHERE request_id = ${idOf(number)} ORDER BY id LIMIT 1`);
  const own = await open(requester, `/requests/${number}`);
  for (const [action, form] of [['edit', { description: 'x', edit_reason: 'y' }],
    [`events/${ev.id}/hide`, { hide_reason: 'y' }], [`events/${ev.id}/level`, { event_level: 'staff', level_reason: 'y' }],
    [`events/${ev.id}/unhide`, {}], ['support_add', { support_user: '2' }],
    ['unassign', { remove_department: '1' }]]) {
    const res = await requester.post(`/requests/${number}/${action}`, { version: own.version, ...form });
    assert.equal(res.status, 403, action);
    const anon = await server.post(`/requests/${number}/${action}`, { version: own.version, ...form });
    assert.ok([401, 403].includes(anon.status), `${action}: ${anon.status}`);
  }
  assert.equal((await requester.get(`/requests/${number}/events/${ev.id}`)).status, 403);
  assert.equal((await server.requestRow(number)).version, Number(own.version));
});
