// The reference request 19-5156 (shared/reference/request-19-5156.txt),
// replayed through the portal's forms by its requester and the staff, at
// the dates it really happened, ends with the timeline of the copy that
// `disclose demo` writes directly into the database.
//
// The server runs under libfaketime (Debian package libfaketime): before
// each step the test moves the server's clock to the instant of the demo
// event it replays, so event times are data here. The script is the demo
// copy itself, oldest event first: "Request Opened" is the requester's
// submission of the web form (the department chosen there gives the
// "Department Assignment" event), a message is posted by whoever wrote it
// at its level, a "Due Date Changed" is the staff form, "Request Closed"
// the close form (the portal publishes at closure, as the reference was:
// that gives "Request Published").
//
// What the forms cannot reproduce, and so is compared apart:
// - the demo copy's due date changes and its closing have no byline and
//   the due date changes no text; through the forms, the staff member who
//   did it signs them and a due date change has its reason;
// - the closing carries its closure reason ("No responsive records");
// - the requester's message of September 30, 2019, 9:47pm is at level
//   Public in the reference; a requester writes at Requester + Staff, and
//   only staff can change a message's level afterwards;
// - the point of contact (not on the timeline) is not replayed.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { act, fakeClock, q, startServer } from './harness.mjs';

const PASSWORD = 'demo-password-2026';
const REQUESTER = 'sb1421fan@gmail.com';
const REQUESTER_PASSWORD = 'facial-recognition-records-1421';
// Demo staff by the name on their bylines.
const STAFF_EMAIL = {
  'Senior Management Analyst Kris': 'sma.kris@example.gov',
  'Kris Tu 34895 LAPD CPRA 1421': 'kris.tu@example.gov',
};
// Who does what the demo copy shows without a byline.
const CLERK = 'sma.kris@example.gov';
const REASON = 'No responsive records';

let server;
let clock;

before(async () => {
  clock = await fakeClock();
  server = await startServer({
    demo: true,
    // The replay is of what people did through the forms; the background
    // worker's daily sweep would add the overdue events the demo copy
    // lacks (the request was overdue from October 7 to December 9, 2019).
    args: ['--workers', '0'],
    env: clock.env,
  });
});

after(async () => {
  try {
    await server?.stop();
  } finally {
    await clock?.remove();
  }
});

/** A client signed in as email now (the server's now: sessions of another date are over). */
async function signedIn(email, password = PASSWORD) {
  const client = server.client();
  const res = await client.signIn(email, password);
  assert.equal(res.status, 303, `sign-in of ${email}`);
  return client;
}

/** The events as the page's JSON gives them to staff, newest first. */
async function timeline(client, number) {
  const res = await client.getJSON(`/requests/${number}.json`);
  assert.equal(res.status, 200);
  return res.json.request;
}

test('19-5156 replayed through the forms ends with the demo copy\'s timeline', async () => {
  const demo = await server.sql('SELECT kind, level, actor_name, actor_is_requester, ' +
    'created_at, body, data FROM events WHERE request_id = ' +
    "(SELECT id FROM requests WHERE number = '19-5156') ORDER BY created_at, id");
  // The reference: received via web, a department, seven due date changes,
  // messages both ways, closed with its message, published.
  const kinds = demo.map((e) => e.kind);
  assert.equal(kinds.filter((k) => k === 'due_date_changed').length, 7);
  assert.ok(demo.some((e) => e.kind === 'message' && e.actor_is_requester));
  assert.ok(demo.some((e) => e.kind === 'message' && !e.actor_is_requester));
  assert.deepEqual(kinds.slice(0, 2), ['opened', 'department_assigned']);
  assert.deepEqual(kinds.slice(-5, -3), ['closed', 'published']);
  const [dept] = await server.sql("SELECT id FROM departments WHERE name = 'Police Department (LAPD)'");
  const [reason] = await server.sql(`SELECT id FROM closure_reasons WHERE label = ${q(REASON)}`);
  const [ref] = await server.sql("SELECT description, requester_email FROM requests WHERE number = '19-5156'");
  await server.addUser({ email: REQUESTER, name: REQUESTER, role: 'requester', password: REQUESTER_PASSWORD });

  // The reference was published when it was closed.
  const admin = await signedIn('admin@example.gov');
  await admin.csrf('/admin/settings');
  assert.equal((await admin.post('/admin/settings', { publish_default: 'closure' })).status, 303);

  let number = null;
  let at = null;
  const clients = new Map(); // email -> client signed in at this instant
  const as = async (email, password) => {
    if (!clients.has(email)) clients.set(email, await signedIn(email, password));
    return clients.get(email);
  };
  for (const e of demo) {
    if (e.created_at !== at) { // same minute: the clock runs on, keeping the order
      at = e.created_at;
      await clock.set(at);
      clients.clear();
    }
    const staffEmail = STAFF_EMAIL[e.actor_name] ?? CLERK;
    switch (e.kind) {
      case 'opened': {
        const requester = await as(REQUESTER, REQUESTER_PASSWORD);
        await requester.csrf('/requests/new');
        const res = await requester.post('/requests', {
          description: ref.description, department: String(dept.id), email: ref.requester_email,
        });
        assert.equal(res.status, 303);
        number = /^\/requests\/(19-\d+)\/submitted/.exec(res.headers.get('location'))?.[1];
        assert.ok(number, `a 2019 number: ${res.headers.get('location')}`);
        break;
      }
      case 'department_assigned':
      case 'published':
        break; // written by the submission and the closing
      case 'message':
        if (e.actor_is_requester) {
          await act(await as(REQUESTER, REQUESTER_PASSWORD), number, 'message',
            { body: e.body, level: 'requester' });
        } else {
          await act(await as(staffEmail), number, 'message', { body: e.body, level: e.level });
        }
        break;
      case 'due_date_changed': {
        const { new: due } = JSON.parse(e.data);
        await act(await as(staffEmail), number, 'due_date',
          { due_date: due, due_reason: 'The search continues in other divisions.' });
        break;
      }
      case 'closed':
        await act(await as(staffEmail), number, 'close',
          { reasons: String(reason.id), close_message: e.body });
        break;
      default:
        assert.fail(`no form replays a "${e.kind}" event`);
    }
  }
  await clock.set(Date.now() / 1000);
  assert.notEqual(number, '19-5156');

  // Compare, as staff see them (every event), then as the public.
  const viewer = await signedIn('admin@example.gov');
  const want = await timeline(viewer, '19-5156');
  const got = await timeline(viewer, number);
  assert.equal(got.received.slice(0, 16), want.received.slice(0, 16));
  for (const key of ['status', 'status_label', 'description', 'received_label',
    'channel_label', 'departments', 'due_date', 'due_label', 'first_due_date',
    'due_changed', 'due_explanation_text', 'compliance']) {
    assert.deepEqual(got[key], want[key], key);
  }
  assert.equal(got.events.length, want.events.length);
  const clerkName = 'by Senior Management Analyst Kris (Staff)';
  got.events.forEach((g, i) => {
    const w = want.events[i];
    const where = `event ${i} (${w.kind}, ${w.at_label})`;
    assert.equal(g.kind, w.kind, where);
    assert.equal(g.kind_label, w.kind_label, where);
    assert.equal(g.at_label, w.at_label, where);
    assert.equal(g.at.slice(0, 16), w.at.slice(0, 16), where);
    assert.deepEqual(g.due_change, w.due_change, where);
    assert.equal(g.hidden, w.hidden, where);
    if (w.kind === 'due_date_changed') {
      assert.deepEqual([w.byline, w.body_html], [null, null], where);
      assert.equal(g.byline, clerkName, where);
      assert.equal(g.body_html, '<p>The search continues in other divisions.</p>\n', where);
    } else if (w.kind === 'closed') {
      assert.equal(w.byline, null, where);
      assert.equal(g.byline, clerkName, where);
      assert.equal(g.body_html, w.body_html, where);
      assert.deepEqual(g.closure.reasons.map((r) => r.label), [REASON], where);
    } else {
      assert.equal(g.byline, w.byline, where);
      assert.equal(g.body_html, w.body_html, where);
    }
    if (w.at_label === 'September 30, 2019, 9:47pm') {
      assert.deepEqual([w.level, g.level], ['public', 'requester'], where);
    } else {
      assert.equal(g.level, w.level, where);
      assert.equal(g.level_label, w.level_label, where);
    }
  });

  // The public sees the same public timeline (but for that one message).
  const pubWant = (await server.getJSON('/requests/19-5156.json')).json.request.events;
  const pubGot = (await server.getJSON(`/requests/${number}.json`)).json.request.events;
  const summary = (list) => list
    .filter((e) => e.at_label !== 'September 30, 2019, 9:47pm')
    .map((e) => [e.kind, e.level, e.at_label, e.kind === 'due_date_changed' ? null : e.body_html]);
  assert.deepEqual(summary(pubGot), summary(pubWant));
  assert.ok(pubGot.every((e) => e.level === 'public'));
});
