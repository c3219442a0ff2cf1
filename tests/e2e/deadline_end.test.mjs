// The time of day a deadline ends: an admin gives a rule set its "Deadline
// ends at" (17:00, the close of business); a request received under it
// keeps that end, shows it ("March 12, 2026, by 5:00pm", in its
// explanation, due_time in JSON) and is due soon until 5:00pm on its due
// date and overdue from then on, on its page, in the staff queues and in
// the archive filters; a request received under the portal's cpra (whose
// deadlines end with the day) becomes overdue at midnight. The server runs
// under libfaketime, from Thursday March 12, 2026, 4:30pm in Los Angeles.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { fakeClock, postAction, q, signedInClient, startServer } from './harness.mjs';

const KRIS = 'kris.tu@example.gov';
const ADMIN = 'admin@example.gov';
const DUE = '2026-03-12';
const AT_4_30PM = Date.parse('2026-03-12T23:30:00Z') / 1000; // PDT, UTC-7
const AT_5PM = AT_4_30PM + 30 * 60;
const AT_MIDNIGHT = AT_4_30PM + 7.5 * 3600;

let server;
let clock;
let admin;
const numbers = {}; // by rule set: 'close-of-business', 'cpra'

before(async () => {
  clock = await fakeClock();
  // No background worker: its sweeps are tested apart (tests/unit/test_due.c).
  server = await startServer({ demo: true, args: ['--workers', '0'], env: clock.env });
  await clock.set(AT_4_30PM);
  admin = await signedInClient(server, ADMIN);
});
after(async () => {
  try {
    await server?.stop();
  } finally {
    await clock?.remove();
  }
});

const RULE_SET = {
  name: 'Close of business', citation: 'Mun. Code 4.20', calendar: 'us-ca', cutoff: '17:00',
  first_days: '10', first_unit: 'calendar', first_roll_forward: 'on', ext_count: '0',
};

async function submit(email) {
  const requester = server.client();
  await requester.csrf('/requests/new');
  const res = await requester.post('/requests', { description: 'Council minutes of 2025.', email });
  assert.equal(res.status, 303);
  const [row] = await server.sql(
    `SELECT number, due_end_minute FROM requests WHERE requester_email = ${q(email)}`);
  return row;
}

/** The request as staff see it in JSON. */
async function request(number) {
  const res = await admin.getJSON(`/requests/${number}.json`);
  assert.equal(res.status, 200);
  return res.json.request;
}

/** The numbers of our two requests among the rows of a list. */
const ours = (rows) => rows.map((r) => r.number)
  .filter((n) => Object.values(numbers).includes(n)).sort();

async function queue(client, name) {
  const res = await client.getJSON(`/staff?queue=${name}`);
  assert.equal(res.status, 200);
  return ours(res.json.queue.rows);
}

async function archive(status) {
  const res = await server.getJSON(`/requests?status=${status}`);
  assert.equal(res.status, 200);
  return ours(res.json.requests);
}

test('an admin sets when a rule set\'s deadlines end; a bad time is a 400 naming the field', async () => {
  await admin.csrf('/admin/deadlines/rule-sets/new');
  for (const bad of ['5pm', '00:00', '24:00']) {
    const res = await admin.post('/admin/deadlines/rule-sets',
      { key: 'close-of-business', ...RULE_SET, ends_at: bad });
    assert.equal(res.status, 400, bad);
    const html = await res.text();
    assert.match(html, /id="ends_at-error">Deadline ends at must be a time of day like 17:00/, bad);
    assert.match(html, new RegExp(`id="ends_at" name="ends_at" type="text" maxlength="5" value="${bad}"`));
  }
  let res = await admin.post('/admin/deadlines/rule-sets',
    { key: 'close-of-business', ...RULE_SET, ends_at: '17:00' });
  assert.equal(res.status, 303);
  const [set] = await server.sql("SELECT config FROM deadline_rule_sets WHERE key = 'close-of-business'");
  assert.equal(JSON.parse(set.config).ends_at, '17:00');
  const page = await (await admin.get('/admin/deadlines/rule-sets/close-of-business')).text();
  assert.match(page, /id="ends_at" name="ends_at" type="text" maxlength="5" value="17:00"/);
  const overview = await (await admin.get('/admin/deadlines')).text();
  assert.match(overview, /the deadline ends at 17:00 on the due date/);

  // Requests received under it keep its end; under cpra, the end of the day.
  res = await admin.post('/admin/deadlines/portal', { rule_set: 'close-of-business', due_soon_days: '3' });
  assert.equal(res.status, 303);
  const closing = await submit('minutes.rq@example.com');
  assert.equal(closing.due_end_minute, 17 * 60);
  res = await admin.post('/admin/deadlines/portal', { rule_set: 'cpra', due_soon_days: '3' });
  assert.equal(res.status, 303);
  const cpra = await submit('minutes.cpra@example.com');
  assert.equal(cpra.due_end_minute, 24 * 60);
  numbers['close-of-business'] = closing.number;
  numbers.cpra = cpra.number;

  const shown = await request(closing.number);
  assert.equal(shown.due_time, '5:00pm');
  assert.match(shown.due_explanation_text, / The deadline ends at 5:00pm that day\.$/);
  assert.equal((await request(cpra.number)).due_time, null);
});

test('due soon until the deadline ends, overdue from then: page, JSON, queues, archive', async () => {
  const kris = await signedInClient(server, KRIS);
  for (const number of Object.values(numbers)) {
    const [row] = await server.sql(`SELECT published FROM requests WHERE number = ${q(number)}`);
    if (!row.published) {
      const res = await postAction(admin, number, 'publish');
      assert.equal(res.status, 303, await res.text());
    }
    const res = await postAction(kris, number, 'due_date',
      { due_date: DUE, due_reason: 'The minutes are ready today.' });
    assert.equal(res.status, 303);
  }
  const closing = numbers['close-of-business'];
  const both = Object.values(numbers).sort();

  // 4:30pm: both due soon.
  let shown = await request(closing);
  assert.equal(shown.due_time, '5:00pm', 'a date set by hand ends when the rule set says');
  assert.deepEqual([shown.status_label, shown.overdue, shown.due_soon], ['Due soon', false, true]);
  const html = await (await server.get(`/requests/${closing}`)).text();
  assert.match(html, /<span class="due">March 12, 2026, by 5:00pm<\/span> <span class="flag">\(due soon\)<\/span>/);
  assert.deepEqual(await queue(kris, 'due_soon'), both);
  assert.deepEqual(await queue(kris, 'overdue'), []);
  assert.deepEqual(await archive('due_soon'), both);
  assert.deepEqual(await archive('overdue'), []);

  // 5:00pm: the close of business has passed; cpra's day has not.
  await clock.set(AT_5PM);
  shown = await request(closing);
  assert.deepEqual([shown.status_label, shown.overdue, shown.due_soon], ['Overdue', true, false]);
  const cpra = await request(numbers.cpra);
  assert.deepEqual([cpra.status_label, cpra.overdue, cpra.due_soon], ['Due soon', false, true]);
  assert.deepEqual(await queue(kris, 'overdue'), [closing]);
  assert.deepEqual(await queue(kris, 'due_soon'), [numbers.cpra]);
  assert.deepEqual(await archive('overdue'), [closing]);
  assert.deepEqual(await archive('due_soon'), [numbers.cpra]);

  // Midnight: both are overdue.
  await clock.set(AT_MIDNIGHT);
  const later = await signedInClient(server, KRIS);
  assert.equal((await request(numbers.cpra)).overdue, true);
  assert.deepEqual(await queue(later, 'overdue'), both);
  assert.deepEqual(await queue(later, 'due_soon'), []);
  assert.deepEqual(await archive('overdue'), both);
});
