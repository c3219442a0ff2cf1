// Release levels in email, as a matrix: every item a request can carry
// (messages at each level, a note, a message lowered to Staff, one hidden
// from the public, documents at each level, a due date, a task, the
// requester's own message, the closing) against every kind of person
// (the requester, another requester, a requester who turned emails off,
// the staff member who acts, the point of contact, staff of another
// department). Each item carries marker words; a cell says whether any
// email to that person (subject, text or HTML) contains one of them. The
// expected table is the policy of docs/email.md: the requester hears of
// public and requester-level items only; nobody hears of staff-level ones
// but the staff the rules name; other requesters hear nothing of a request
// not theirs.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { act, outboxDrained, startServer } from './harness.mjs';
import { startMailServer } from './mail_server.mjs';

const PASSWORD = 'demo-password-2026';
const PUBLIC_URL = 'https://records.example.gov';

// The people, by column.
const REQ = 'requester@example.com'; // the demo requester account
const OTHER = 'bob.matrix@example.org';
const OPTOUT = 'carol.matrix@example.org';
const ACTOR = 'grace.kim@example.gov'; // Fire Department, does every staff action
const POC = 'james.whitaker@example.gov'; // Fire Department, the point of contact
const OTHER_DEPT = 'kris.tu@example.gov'; // Police Department
const COLUMNS = { REQ, OTHER, OPTOUT, ACTOR, POC, OTHER_DEPT };

// Contact details each requester gives with the request.
const REQ_CONTACT = { phone: '+1 555 0199', address: '7 Qzreqstreet Lane' };
const OTHER_CONTACT = { phone: '+1 555 0177', address: '9 Qzbobstreet Road' };

// Rows: markers (any of them counts) and who must hear of them.
const ROWS = {
  'message, Public': { markers: ['qzpubmsg'], told: ['REQ'] },
  'message, Requester + Staff': { markers: ['qzreqmsg'], told: ['REQ'] },
  'internal note (Staff)': { markers: ['qznote'], told: [] },
  // Told when written at Requester + Staff; nothing after the lowering.
  'message later lowered to Staff': { markers: ['qzlowered'], told: ['REQ'] },
  'reason of the lowering (Staff)': { markers: ['qzlowerwhy'], told: [] },
  // Hiding is from the public: the requester took part and still sees it.
  'message hidden from the public': { markers: ['qzhidden'], told: ['REQ'] },
  'reason of the hiding (Staff)': { markers: ['qzhidewhy'], told: [] },
  'document, Public': { markers: ['qzdocpubtitle', 'qzdocpubfile'], told: ['REQ'] },
  'document, Requester + Staff': { markers: ['qzdocreqtitle', 'qzdocreqfile'], told: ['REQ'] },
  'document, Staff': { markers: ['qzdocstafftitle', 'qzdocstafffile'], told: [] },
  'due date change': { markers: ['qzduewhy'], told: ['REQ'] },
  'task for the point of contact (Staff)': { markers: ['qztask'], told: ['POC'] },
  "the requester's message": { markers: ['qzfromreq'], told: ['POC'] },
  'closing, with a reason': { markers: ['qzclosewhy'], told: ['REQ'] },
};

let smtp;
let server;
let number; // the request of the matrix
let otherNumber; // the other requester's own
let optoutNumber; // the opted-out requester's own
let optoutMark; // smtp.messages.length when emails were turned off
let grace;

async function signedIn(email) {
  const c = server.client();
  assert.equal((await c.signIn(email, PASSWORD)).status, 303);
  return c;
}

async function submit(client, form) {
  await client.csrf('/requests/new');
  const res = await client.post('/requests', form);
  assert.equal(res.status, 303, await res.text());
  return /^\/requests\/([\d-]+)\/submitted/.exec(res.headers.get('location'))[1];
}

/** The id of the last event of the request whose body contains word. */
async function eventWith(num, word) {
  const [row] = await server.sql(`SELECT e.id FROM events AS e JOIN requests AS r
    ON r.id = e.request_id WHERE r.number = '${num}' AND e.body LIKE '%${word}%'
    ORDER BY e.id DESC LIMIT 1`);
  assert.ok(row, `an event with ${word}`);
  return row.id;
}

async function upload(client, num, level, title, filename) {
  await client.csrf(`/requests/${num}`);
  const res = await client.postMultipart(`/requests/${num}/documents`, { title, level },
    [{ field: 'files', filename, contentType: 'text/plain', content: Buffer.from(`Pages of ${title}\n`) }]);
  assert.equal(res.status, 303, await res.text());
}

/** Everything an email shows: subject, text and HTML. */
const shown = (m) => `${m.mail.subject ?? ''}\n${m.mail.text ?? ''}\n${m.mail.html || ''}`;
const to = (addr) => smtp.messages.filter((m) => m.to.includes(addr));
const mentions = (addr, markers) =>
  to(addr).some((m) => markers.some((w) => shown(m).toLowerCase().includes(w.toLowerCase())));

before(async () => {
  smtp = await startMailServer();
  server = await startServer({
    demo: true,
    args: ['--public-url', PUBLIC_URL, '--smtp-url', smtp.url],
    env: { DISCLOSE_WORKER_POLL_MS: '200' },
  });

  // The requesters and their requests.
  const requester = await signedIn(REQ);
  number = await submit(requester, {
    description: 'Inspection reports of station 9, 2023.', department: '4',
    name: 'Req Matrix', email: REQ, ...REQ_CONTACT,
  });
  otherNumber = await submit(server.client(), {
    description: 'Overtime sheets of station 12.', department: '4',
    name: 'Bob Matrix', email: OTHER, ...OTHER_CONTACT,
  });
  optoutNumber = await submit(server.client(), {
    description: 'Hydrant maintenance logs.', department: '4',
    name: 'Carol Matrix', email: OPTOUT,
  });
  await smtp.waitFor(() => to(OPTOUT).length >= 1, 15000, "Carol's acknowledgement");
  // Carol turns her emails off with the link of her acknowledgement.
  const link = /^List-Unsubscribe: <(.+)>\r$/m.exec(to(OPTOUT)[0].raw)[1];
  const off = await server.post(link.slice(PUBLIC_URL.length), { 'List-Unsubscribe': 'One-Click' });
  assert.equal(off.status, 200);
  optoutMark = smtp.messages.length;

  grace = await signedIn(ACTOR);
  const [james] = await server.sql(`SELECT id FROM users WHERE email = '${POC}'`);
  await act(grace, number, 'contact', { contact: String(james.id) });

  // The items, on the request of the matrix.
  await act(grace, number, 'message', { body: 'Update qzpubmsg: we are searching.', level: 'public' });
  await act(grace, number, 'message', { body: 'For you qzreqmsg: which years?', level: 'requester' });
  await act(grace, number, 'message', { body: 'Internal qznote: ask the chief.', level: 'staff' });
  await act(grace, number, 'message', { body: 'Soon qzlowered: names below.', level: 'requester' });
  await act(grace, number, 'message', { body: 'Public qzhidden: a witness named.', level: 'public' });
  await outboxDrained(server); // both told before they change
  const lowered = await eventWith(number, 'qzlowered');
  await act(grace, number, `events/${lowered}/level`,
    { event_level: 'staff', level_reason: 'Names a neighbour qzlowerwhy.' });
  const hidden = await eventWith(number, 'qzhidden');
  await act(grace, number, `events/${hidden}/hide`, { hide_reason: 'Names a witness qzhidewhy.' });

  await upload(grace, number, 'public', 'Report qzdocpubtitle', 'qzdocpubfile.txt');
  await upload(grace, number, 'requester', 'Report qzdocreqtitle', 'qzdocreqfile.txt');
  await upload(grace, number, 'staff', 'Draft qzdocstafftitle', 'qzdocstafffile.txt');
  await act(grace, number, 'due_date', { due_date: '2031-02-03', due_reason: 'Archived off site qzduewhy.' });
  await act(grace, number, 'task',
    { task_description: 'Pull the binders qztask.', task_assignee: `u${james.id}`, task_due_date: '2031-01-10' });
  await act(requester, number, 'message', { body: 'Any news qzfromreq?', level: 'requester' });
  await act(grace, number, 'close', { reasons: '1', close_message: 'Released in full qzclosewhy.' });

  // The same kinds of items on the opted-out requester's own request.
  await act(grace, optoutNumber, 'message', { body: 'Update qzcarolmsg.', level: 'public' });
  await upload(grace, optoutNumber, 'public', 'Logs qzcaroldoc', 'qzcaroldoc.txt');
  await act(grace, optoutNumber, 'due_date', { due_date: '2031-02-03', due_reason: 'Backlog qzcarol.' });
  await act(grace, optoutNumber, 'close', { reasons: '1', close_message: 'Done qzcarol.' });

  // Wait for the last emails the rules queue, then for the outbox to empty.
  await smtp.waitFor(() => mentions(REQ, ['qzclosewhy']) && mentions(POC, ['qzfromreq']),
    20000, 'the closing and the requester message');
  await outboxDrained(server);
});
after(async () => {
  await server?.stop();
  await smtp?.stop();
});

describe('email follows the release levels', () => {
  for (const [item, { markers, told }] of Object.entries(ROWS)) {
    test(item, () => {
      const got = {};
      const want = {};
      for (const [col, addr] of Object.entries(COLUMNS)) {
        got[col] = mentions(addr, markers);
        want[col] = told.includes(col);
      }
      assert.deepEqual(got, want, `who was told of "${item}" (${markers.join(', ')})`);
    });
  }

  test('a message lowered to Staff is in no email sent after the lowering', async () => {
    const [ev] = await server.sql(`SELECT e.created_at FROM events AS e JOIN requests AS r
      ON r.id = e.request_id WHERE r.number = '${number}' AND e.kind = 'request_edited'
      AND e.body LIKE 'Changed who sees%' ORDER BY e.id LIMIT 1`);
    assert.ok(ev);
    const later = await server.sql(`SELECT count(*) AS n FROM outbox
      WHERE created_at > ${ev.created_at} AND (body_text LIKE '%qzlowered%' OR subject LIKE '%qzlowered%')`);
    assert.equal(later[0].n, 0);
    // Told once, when it was written.
    assert.equal(to(REQ).filter((m) => shown(m).includes('qzlowered')).length, 1);
  });

  test('other requesters hear nothing of the request', () => {
    for (const addr of [OTHER, OPTOUT]) {
      const about = to(addr).filter((m) => shown(m).includes(number));
      assert.deepEqual(about.map((m) => m.mail.subject), [], addr);
    }
    // Their own requests they do hear of (the opted-out one until she opted out).
    assert.ok(to(OTHER).some((m) => m.mail.subject === `[Request ${otherNumber}] Your request was received`));
    assert.ok(to(OPTOUT).some((m) => m.mail.subject === `[Request ${optoutNumber}] Your request was received`));
  });

  test('a requester who turned emails off gets nothing after', () => {
    const later = smtp.messages.slice(optoutMark).filter((m) => m.to.includes(OPTOUT));
    assert.deepEqual(later.map((m) => m.mail.subject), []);
    // The same items told the staff nothing new either, but were made:
    // the requester of the matrix did hear of their twins.
    assert.ok(mentions(REQ, ['qzpubmsg', 'qzduewhy']));
  });

  test("no requester gets another person's contact details or staff-only text", () => {
    const leaks = (addr, words) => to(addr).flatMap((m) =>
      words.filter((w) => shown(m).includes(w)).map((w) => `${w} in "${m.mail.subject}"`));
    // Each requester's phone and address go to nobody else among requesters.
    const mine = [REQ_CONTACT.phone, REQ_CONTACT.address, 'Qzreqstreet'];
    const bobs = [OTHER_CONTACT.phone, OTHER_CONTACT.address, 'Qzbobstreet'];
    assert.deepEqual(leaks(OTHER, mine), []);
    assert.deepEqual(leaks(OPTOUT, [...mine, ...bobs]), []);
    assert.deepEqual(leaks(REQ, bobs), []);
    // Staff-only words (every staff-level marker) reach no requester.
    const staffOnly = Object.values(ROWS).filter((r) => !r.told.includes('REQ'))
      .flatMap((r) => r.markers).filter((w) => w !== 'qzfromreq');
    for (const addr of [REQ, OTHER, OPTOUT]) assert.deepEqual(leaks(addr, staffOnly), [], addr);
    // The staff who were told did get the requester's own message's words,
    // so the words are real.
    assert.ok(mentions(POC, ['qztask']));
  });
});

describe('the daily summary follows the levels when it is sent', () => {
  test('a message lowered to Staff after it was kept for the summary is left out', async () => {
    const requester = await signedIn(REQ);
    const page = await (await requester.get('/account/notifications')).text();
    requester.token = /name="csrf_token" value="([^"]+)"/.exec(page)[1];
    assert.equal((await requester.post('/account/notifications', { message: 'digest' })).status, 303);
    await act(grace, number, 'message', { body: 'Kept qzdigestok for you.', level: 'requester' });
    await act(grace, number, 'message', { body: 'Kept qzdigestlow by mistake.', level: 'requester' });
    const id = await eventWith(number, 'qzdigestlow');
    await act(grace, number, `events/${id}/level`,
      { event_level: 'staff', level_reason: 'Meant as a note.' });
    const kept = await server.sql(`SELECT count(*) AS n FROM notification_digest_items AS d
      JOIN users AS u ON u.id = d.user_id WHERE u.email = '${REQ}' AND d.sent_at IS NULL`);
    assert.equal(kept[0].n, 2, 'both were kept for the summary');
    // The daily job, queued as the worker queues it each day.
    await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('notify.digest', 0, 0)");
    await smtp.waitFor(() => to(REQ).some((m) => /daily summary/.test(m.mail.subject)), 15000, 'the summary');
    await outboxDrained(server);
    const summary = to(REQ).filter((m) => /daily summary/.test(m.mail.subject));
    assert.equal(summary.length, 1);
    assert.match(shown(summary[0]), /qzdigestok/);
    assert.doesNotMatch(shown(summary[0]), /qzdigestlow/);
    assert.ok(!to(REQ).some((m) => shown(m).includes('qzdigestlow')));
  });
});
