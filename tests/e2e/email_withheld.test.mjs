// Emails checked again just before they are sent. The server runs without
// a worker (--workers 0), so what staff do is queued in the outbox and
// waits; then `disclose worker --once` sends it to a real SMTP server
// (mail_server.mjs). An email whose event was lowered to Staff in between,
// or whose document was moved to Staff, is not delivered: its outbox row
// stays, withdrawn, with the reason, and /admin/mail lists it. Its twin
// left alone is delivered. A daily summary leaves out a released document
// moved to Staff before the summary is written.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { act, q, runCommand, signedInClient, startServer } from './harness.mjs';
import { startMailServer } from './mail_server.mjs';

const PUBLIC_URL = 'https://records.example.gov';
const REQ = 'requester@example.com'; // the demo's requester account
const ADA = 'ada.withheld@example.org'; // a requester without an account
const STAFF = 'grace.kim@example.gov'; // Fire Department
const ADMIN = 'admin@example.gov';
const DIGESTER = 'dora.withheld@example.org'; // a requester account made here

let smtp;
let server;
let grace;
let requester;
let adaNumber;
let reqNumber;

/** Runs the worker once: it sends what the outbox holds and runs due jobs. */
async function runWorker() {
  await runCommand(['worker', '--db', server.dbPath, '--data-dir', path.join(server.dir, 'data'),
    '--once', '--smtp-url', smtp.url, '--public-url', PUBLIC_URL]);
  const [row] = await server.sql(
    "SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')");
  assert.equal(row.n, 0, 'the worker tried everything the outbox held');
}

/** Everything an email shows: subject, text and HTML. */
const shown = (m) => `${m.mail.subject ?? ''}\n${m.mail.text ?? ''}\n${m.mail.html || ''}`;
const to = (addr) => smtp.messages.filter((m) => m.to.includes(addr));
const anyMentions = (word) => smtp.messages.filter((m) => shown(m).includes(word));

async function submit(client, form) {
  await client.csrf('/requests/new');
  const res = await client.post('/requests', form);
  assert.equal(res.status, 303, await res.text());
  return /^\/requests\/([\d-]+)\/submitted/.exec(res.headers.get('location'))[1];
}

async function eventWith(word) {
  const [row] = await server.sql(
    `SELECT id FROM events WHERE body LIKE ${q(`%${word}%`)} ORDER BY id DESC LIMIT 1`);
  assert.ok(row, `an event with ${word}`);
  return row.id;
}

/** The outbox rows of the emails about the event with word. */
async function outboxOf(word) {
  return server.sql(`SELECT o.id, o.to_addr, o.status, o.last_error, o.sent_at, o.attempts
    FROM outbox AS o WHERE o.event_id = ${await eventWith(word)} ORDER BY o.id`);
}

async function upload(client, number, filename, level = 'public') {
  await client.csrf(`/requests/${number}`);
  const res = await client.postMultipart(`/requests/${number}/documents`,
    { title: `Report ${filename}`, level },
    [{ field: 'files', filename, contentType: 'text/plain', content: Buffer.from(`Pages of ${filename}\n`) }]);
  assert.equal(res.status, 303, await res.text());
  const [doc] = await server.sql(`SELECT id FROM documents WHERE filename = ${q(filename)}`);
  return doc.id;
}

async function setLevel(client, docId, level) {
  await client.csrf(`/documents/${docId}`);
  assert.equal((await client.post(`/documents/${docId}/level`, { level })).status, 303);
}

async function choose(client, form) {
  await client.csrf('/account/notifications');
  assert.equal((await client.post('/account/notifications', form)).status, 303);
}

before(async () => {
  smtp = await startMailServer();
  server = await startServer({
    demo: true,
    args: ['--workers', '0', '--public-url', PUBLIC_URL, '--smtp-url', smtp.url],
  });
  grace = await signedInClient(server, STAFF);
  requester = await signedInClient(server, REQ);
  adaNumber = await submit(server.client(), {
    description: 'Ambulance response times, 2024.', department: '4',
    name: 'Ada Withheld', email: ADA,
  });
  reqNumber = await submit(requester, {
    description: 'Station 3 staffing rosters.', department: '4',
    name: 'Req Withheld', email: REQ,
  });
  await runWorker(); // the acknowledgements and the staff's notices
  assert.equal(to(ADA).length, 1, "Ada's acknowledgement");
});
after(async () => {
  await server?.stop();
  await smtp?.stop();
});

describe('an immediate email is checked just before it is sent', () => {
  test('a public message lowered to Staff before the worker runs is not delivered; its twin is', async () => {
    await act(grace, adaNumber, 'message', { body: 'Searching qzsentone now.', level: 'public' });
    await act(grace, adaNumber, 'message', { body: 'Names qzwithheldone a neighbour.', level: 'public' });
    // Both are queued for Ada, neither sent yet.
    assert.deepEqual((await outboxOf('qzwithheldone')).map((r) => [r.to_addr, r.status]), [[ADA, 'queued']]);
    assert.deepEqual((await outboxOf('qzsentone')).map((r) => [r.to_addr, r.status]), [[ADA, 'queued']]);
    await act(grace, adaNumber, `events/${await eventWith('qzwithheldone')}/level`,
      { event_level: 'staff', level_reason: 'Names a neighbour.' });
    await runWorker();

    assert.equal(to(ADA).filter((m) => shown(m).includes('qzsentone')).length, 1, 'the twin is delivered');
    assert.deepEqual(anyMentions('qzwithheldone').map((m) => m.to), [], 'the lowered message reaches nobody');
    const [row] = await outboxOf('qzwithheldone');
    assert.equal(row.status, 'withdrawn');
    assert.equal(row.sent_at, null);
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error,
      'withheld: no longer for its recipient (Requester + Staff); now: the event is Staff');
    const [sent] = await outboxOf('qzsentone');
    assert.equal(sent.status, 'sent');
    // The audit log says what was withheld.
    const audit = await server.sql(`SELECT action, target_type, after_json FROM audit_log
      WHERE target_id = ${row.id} AND action = 'mail.withdrawn'`);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].target_type, 'outbox');
    assert.match(audit[0].after_json, /"status":"withdrawn"/);
  });

  test('to a requester with an account: lowered to Staff is withheld, hidden from the public is still sent', async () => {
    await act(grace, reqNumber, 'message', { body: 'For you qzwithheldtwo only.', level: 'requester' });
    await act(grace, reqNumber, 'message', { body: 'Public qzhiddentwo, a witness named.', level: 'public' });
    const [queued] = await outboxOf('qzwithheldtwo');
    const [acct] = await server.sql(`SELECT recipient_id FROM outbox WHERE id = ${queued.id}`);
    const [user] = await server.sql(`SELECT id FROM users WHERE email = ${q(REQ)}`);
    assert.equal(acct.recipient_id, user.id, 'queued for the account');
    await act(grace, reqNumber, `events/${await eventWith('qzwithheldtwo')}/level`,
      { event_level: 'staff', level_reason: 'Meant as a note.' });
    await act(grace, reqNumber, `events/${await eventWith('qzhiddentwo')}/hide`,
      { hide_reason: 'Names a witness.' });
    await runWorker();

    assert.deepEqual(anyMentions('qzwithheldtwo').map((m) => m.to), []);
    assert.equal((await outboxOf('qzwithheldtwo'))[0].status, 'withdrawn');
    // Hiding is from the public; the requester still sees it, so is told.
    assert.equal(to(REQ).filter((m) => shown(m).includes('qzhiddentwo')).length, 1);
    assert.equal((await outboxOf('qzhiddentwo'))[0].status, 'sent');
  });

  test('a released document moved to Staff before the worker runs is not delivered', async () => {
    const gone = await upload(grace, adaNumber, 'qzadagone.txt');
    await upload(grace, adaNumber, 'qzadakept.txt');
    await setLevel(grace, gone, 'staff');
    await runWorker();
    assert.equal(to(ADA).filter((m) => shown(m).includes('qzadakept')).length, 1);
    assert.deepEqual(anyMentions('qzadagone').map((m) => m.to), []);
    const [row] = await outboxOf('qzadagone');
    assert.equal(row.status, 'withdrawn');
    assert.equal(row.last_error, 'withheld: no longer for its recipient (Requester + Staff); now: '
      + `the release is Public, document ${gone} is no longer released`);
  });

  test('/admin/mail shows the withheld emails and why', async () => {
    const admin = await signedInClient(server, ADMIN);
    const html = await (await admin.get('/admin/mail')).text();
    assert.match(html, /<h2>Emails withheld<\/h2>/);
    assert.match(html, /, 3 withheld\.<\/p>/);
    assert.match(html, /<td>Withdrawn<\/td>/);
    assert.ok(html.includes(`<td>${ADA}</td>`));
    assert.ok(html.includes('now: the event is Staff'));
    const json = await (await admin.get('/admin/mail.json')).json();
    assert.equal(json.counts.withdrawn, 3);
    assert.deepEqual(json.withdrawn.map((w) => w.to_addr).sort(), [ADA, ADA, REQ]);
  });
});

describe('the daily summary checks released documents when it is written', () => {
  test('a document moved to Staff before the summary is left out; one still released is in it', async () => {
    await choose(requester, { documents: 'digest' });
    const gone = await upload(grace, reqNumber, 'qzdigestgone.txt');
    await upload(grace, reqNumber, 'qzdigestkept.txt');
    const kept = await server.sql(`SELECT count(*) AS n FROM notification_digest_items AS d
      JOIN users AS u ON u.id = d.user_id WHERE u.email = ${q(REQ)} AND d.sent_at IS NULL`);
    assert.equal(kept[0].n, 2, 'both releases were kept for the summary');
    await setLevel(grace, gone, 'staff');
    await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('notify.digest', 0, 0)");
    await runWorker();
    const summary = to(REQ).filter((m) => /daily summary/.test(m.mail.subject));
    assert.equal(summary.length, 1);
    assert.match(shown(summary[0]), /qzdigestkept/);
    assert.doesNotMatch(shown(summary[0]), /qzdigestgone/);
    assert.deepEqual(anyMentions('qzdigestgone').map((m) => m.to), []);
  });

  test('nothing is sent when every item is left out', async () => {
    const password = 'withheld-password-2026';
    await server.addUser({ email: DIGESTER, role: 'requester', password });
    const dora = await signedInClient(server, DIGESTER, password);
    const number = await submit(dora, {
      description: 'Hydrant test results.', department: '4', name: 'Dora Withheld', email: DIGESTER,
    });
    await runWorker(); // her acknowledgement
    await choose(dora, { documents: 'digest' });
    const gone = await upload(grace, number, 'qzdoraonly.txt');
    await setLevel(grace, gone, 'staff');
    const before_ = to(DIGESTER).length;
    await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('notify.digest', 0, 0)");
    await runWorker();
    assert.deepEqual(to(DIGESTER).slice(before_).map((m) => m.mail.subject), []);
    assert.deepEqual(anyMentions('qzdoraonly').map((m) => m.to), []);
    // The item is done with, not left to come back.
    const items = await server.sql(`SELECT d.sent_at FROM notification_digest_items AS d
      JOIN users AS u ON u.id = d.user_id WHERE u.email = ${q(DIGESTER)}`);
    assert.equal(items.length, 1);
    assert.notEqual(items[0].sent_at, null);
  });
});
