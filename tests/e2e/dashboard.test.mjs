// The staff dashboard /staff with planted requests whose queues are known:
// each queue's members and count, the orders both ways, the filters alone
// and with a queue, paging, bad input, and bulk actions (each request its
// own transaction, the result page saying which were refused and why).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startServer } from './harness.mjs';

const PASSWORD = 'dashboard password 2026';

let server;
let ann; // staff, in Records; point of contact or support staff of some
let ben; // staff, in no department
let pia; // publisher
const ids = {};
const dept = {};

const q = (s) => (s === null ? 'NULL' : `'${String(s).replaceAll("'", "''")}'`);
const DAY = 86400;

/** The planted requests: [seq, status, due (days from today, null: none),
 * received (days ago), channel, departments, contact, support staff]. */
const PLANT = [
  [1, 'open', 10, 20, 'web', ['Records'], 'ann', null],
  [2, 'open', -2, 30, 'email', ['Parks'], 'ben', 'ann'],
  [3, 'paused', 1, 15, 'phone', ['Records'], 'ann', null],
  [4, 'open', 20, 2, 'fax', [], null, null],
  [5, 'closed', 5, 40, 'web', ['Records'], 'ann', null],
  [6, 'closed', null, 200, 'mail', ['Parks'], 'ben', null],
  [7, 'open', -10, 25, 'web', ['Parks'], 'ben', null],
  [8, 'open', 2, 5, 'mail', ['Records'], 'ben', null],
];
const num = (seq) => `26-${seq}`;

async function plant() {
  const s = ['BEGIN'];
  for (const name of ['Records', 'Parks']) {
    s.push(`INSERT INTO departments (name, created_at, updated_at) VALUES (${q(name)}, unixepoch(), unixepoch())`);
  }
  s.push(`INSERT INTO user_departments (user_id, department_id)
    SELECT ${ids.ann}, id FROM departments WHERE name = 'Records'`);
  for (const [seq, status, due, ago, channel, depts, contact, support] of PLANT) {
    const received = `unixepoch() - ${ago * DAY}`;
    const dueSql = due === null ? 'NULL' : `date('now', '${due >= 0 ? '+' : ''}${due} days')`;
    // Closed: no. 5 three days ago (recently), no. 6 sixty days ago.
    const closed = status !== 'closed' ? 'NULL' : `unixepoch() - ${(seq === 5 ? 3 : 60) * DAY}`;
    const paused = status === 'paused' ? `unixepoch() - ${DAY}` : 'NULL';
    s.push(`INSERT INTO requests (number, year, seq, description, status, received_at, channel,
      due_date, first_due_date, closed_at, paused_at, point_of_contact_id, created_at, updated_at)
      VALUES ('26-${seq}', 2026, ${seq}, 'Planted dashboard request number ${seq}', '${status}',
      ${received}, '${channel}', ${dueSql}, ${dueSql}, ${closed}, ${paused},
      ${contact ? ids[contact] : 'NULL'}, ${received}, ${received})`);
    const id = `(SELECT id FROM requests WHERE number = '26-${seq}')`;
    for (const d of depts) {
      s.push(`INSERT INTO request_departments (request_id, department_id)
        SELECT ${id}, id FROM departments WHERE name = ${q(d)}`);
    }
    if (support) s.push(`INSERT INTO request_support_staff (request_id, user_id) VALUES (${id}, ${ids[support]})`);
  }
  s.push('COMMIT');
  await server.sql(s.join(';\n'));
  for (const row of await server.sql('SELECT id, name FROM departments')) dept[row.name] = row.id;
}

before(async () => {
  server = await startServer();
  for (const [who, role] of [['ann', 'staff'], ['ben', 'staff'], ['pia', 'publisher']]) {
    ids[who] = await server.addUser({ email: `${who}@dash.example`, name: `${who[0].toUpperCase()}${who.slice(1)} Dash`, role, password: PASSWORD });
  }
  await plant();
  ann = server.client();
  ben = server.client();
  pia = server.client();
  for (const [c, who] of [[ann, 'ann'], [ben, 'ben'], [pia, 'pia']]) {
    assert.equal((await c.signIn(`${who}@dash.example`, PASSWORD)).status, 303);
  }
});
after(async () => { await server?.stop(); });

async function view(client, query = '') {
  const res = await client.getJSON(`/staff${query}`);
  assert.equal(res.status, 200, `/staff${query}: ${res.text.slice(0, 300)}`);
  return res.json;
}
const numbers = (v) => v.queue.rows.map((r) => r.number);
const counts = (v) => Object.fromEntries(v.queues.map((x) => [x.key, x.count]));
const sorted = (list) => [...list].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));

test('each queue holds its requests, with its count, for the one who looks', async () => {
  const members = {
    mine: ['26-1', '26-2', '26-3'], // contact, support staff, contact (paused)
    tasks: [],
    departments: ['26-1', '26-3', '26-8'], // Records, not closed
    unassigned: ['26-4'],
    due_soon: ['26-3', '26-8'],
    overdue: ['26-2', '26-7'],
    paused: ['26-3'],
    closed: ['26-5'], // 26-6 closed sixty days ago
    all: PLANT.map(([seq]) => num(seq)),
  };
  const first = await view(ann);
  assert.deepEqual(counts(first), Object.fromEntries(Object.entries(members).map(([k, v]) => [k, v.length])));
  assert.equal(first.queue.key, 'mine', 'Mine is the first queue');
  for (const [queue, want] of Object.entries(members)) {
    if (queue === 'tasks') continue;
    const got = await view(ann, `?queue=${queue}&sort=number&dir=asc`);
    assert.deepEqual(numbers(got), want, queue);
    assert.equal(got.queue.count, want.length, `${queue} count`);
  }
  // Someone else's Mine and My departments.
  const b = await view(ben);
  assert.equal(counts(b).mine, 3); // 26-2, 26-7, 26-8 (26-6 is closed)
  assert.equal(counts(b).departments, 0, 'Ben is in no department');
  assert.deepEqual(numbers(await view(ben, '?queue=mine&sort=number&dir=asc')), ['26-2', '26-7', '26-8']);
});

test('overdue and due soon say so in words, not colour alone', async () => {
  const html = await (await ann.get('/staff?queue=all&sort=number&dir=asc')).text();
  const row = (n) => new RegExp(`<li class="request-row">(?:(?!</li>)[\\s\\S])*?Request ${n}<[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
  assert.match(row('26-7'), /<span class="status status-open status-overdue">Overdue<\/span>/);
  assert.match(row('26-7'), /<span class="flag">\(overdue\)<\/span>/);
  assert.match(row('26-8'), />Due soon<\/span>/);
  assert.match(row('26-8'), /\(due soon\)/);
  assert.doesNotMatch(row('26-1'), /overdue|due soon/i);
  assert.match(row('26-3'), />Paused<\/span>[\s\S]*\(due soon\)/, 'a paused request due soon says both');
  assert.match(row('26-4'), /Not published/);
});

test('sorting by number, received date and due date, both ways', async () => {
  const all = PLANT.map(([seq]) => num(seq));
  const order = async (sort, dir) => numbers(await view(ann, `?queue=all&sort=${sort}${dir ? `&dir=${dir}` : ''}`));
  assert.deepEqual(await order('number', 'asc'), all);
  assert.deepEqual(await order('number'), [...all].reverse(), 'highest number first by default');
  // Received: 26-4 (2 days ago) is the newest, 26-6 (200 days) the oldest.
  const byReceived = [...PLANT].sort((a, b) => a[3] - b[3]).map(([seq]) => num(seq));
  assert.deepEqual(await order('received'), byReceived, 'newest first by default');
  assert.deepEqual(await order('received', 'asc'), [...byReceived].reverse());
  // Due: soonest first, the request without a due date last both ways.
  const withDue = PLANT.filter((p) => p[2] !== null).sort((a, b) => a[2] - b[2]).map(([seq]) => num(seq));
  assert.deepEqual(await order('due'), [...withDue, '26-6']);
  assert.deepEqual(await order('due', 'desc'), [...[...withDue].reverse(), '26-6']);

  // The page offers each order and the reverse of the current one.
  const v = await view(ann, '?queue=all&sort=received');
  const current = v.sorts.find((s) => s.current);
  assert.equal(current.value, 'received');
  assert.equal(current.order_label, 'newest first');
  assert.equal(current.url, '/staff?queue=all&sort=received&dir=asc');
  const html = await (await ann.get('/staff?queue=all&sort=received')).text();
  assert.match(html, /<strong aria-current="true">Received date, newest first<\/strong> <a href="\/staff\?queue=all&amp;sort=received&amp;dir=asc">\(show oldest first\)<\/a>/);
});

test('filters by department, status, channel and point of contact, alone and with a queue', async () => {
  const list = async (query) => sorted(numbers(await view(ann, `?sort=number&${query}`)));
  assert.deepEqual(await list(`queue=all&department=${dept.Records}`), ['26-1', '26-3', '26-5', '26-8']);
  assert.deepEqual(await list('queue=all&status=closed'), ['26-5', '26-6']);
  assert.deepEqual(await list('queue=all&channel=mail'), ['26-6', '26-8']);
  assert.deepEqual(await list(`queue=all&contact=${ids.ben}`), ['26-2', '26-6', '26-7', '26-8']);
  assert.deepEqual(await list(`queue=overdue&department=${dept.Parks}`), ['26-2', '26-7']);
  assert.deepEqual(await list('queue=overdue&channel=web'), ['26-7']);
  assert.deepEqual(await list(`queue=mine&channel=phone&contact=${ids.ann}`), ['26-3']);
  assert.deepEqual(await list(`queue=departments&status=open&contact=${ids.ben}`), ['26-8']);
  assert.deepEqual(await list(`queue=due_soon&department=${dept.Parks}`), []);

  // Every queue's count follows the filters; the links keep them.
  const v = await view(ann, `?queue=all&sort=due&department=${dept.Parks}`);
  assert.deepEqual(counts(v), { mine: 1, tasks: 0, departments: 0, unassigned: 0, due_soon: 0, overdue: 2, paused: 0, closed: 0, all: 3 });
  assert.equal(v.queues.find((x) => x.key === 'overdue').url, `/staff?queue=overdue&sort=due&department=${dept.Parks}`);
  assert.equal(v.filters.clear_url, '/staff?queue=all&sort=due');
  assert.ok(v.filters.department_choices.find((c) => c.value === String(dept.Parks)).selected);

  // The filter form works without JavaScript: a GET with empty "any" values.
  const html = await (await ann.get(`/staff?queue=all&sort=number&dir=asc&department=&status=paused&channel=&contact=`)).text();
  assert.match(html, /<h2 id="queue-title">All requests \(1\)<\/h2>/);
  assert.match(html, /<option value="paused" selected>Paused<\/option>/);
  assert.match(html, /<a href="\/staff\?queue=all&amp;sort=number&amp;dir=asc">Clear the filters<\/a>/);
});

test('the compliance flag filters every queue, and its count', async () => {
  const flagged = "'Extended 3 times; Gov. Code 7922.535 allows one extension of up to 14 days'";
  await server.sql(`UPDATE requests SET compliance = ${flagged} WHERE number IN ('26-2', '26-8')`);
  try {
    const list = async (query) => sorted(numbers(await view(ann, `?sort=number&${query}`)));
    assert.deepEqual(await list('queue=all&flag=compliance'), ['26-2', '26-8']);
    assert.deepEqual(await list(`queue=overdue&flag=compliance&department=${dept.Parks}`), ['26-2']);
    assert.deepEqual(await list('queue=paused&flag=compliance'), []);
    const v = await view(ann, '?queue=all&sort=number&flag=compliance');
    assert.equal(counts(v).all, 2);
    assert.equal(v.filters.flagged, true);
    assert.equal(v.queues.find((x) => x.key === 'overdue').url, '/staff?queue=overdue&sort=number&flag=compliance');
    assert.equal(v.filters.clear_url, '/staff?queue=all&sort=number');
    const html = await (await ann.get('/staff?queue=all&sort=number&flag=compliance')).text();
    assert.match(html, /<input type="checkbox" id="filter-flag" name="flag" value="compliance" checked>/);
    assert.equal((await ann.get('/staff?queue=all&flag=yes')).status, 400);
  } finally {
    await server.sql("UPDATE requests SET compliance = NULL WHERE number IN ('26-2', '26-8')");
  }
});

test('long queues come in pages of fifty', async () => {
  const s = ['BEGIN'];
  for (let seq = 101; seq <= 160; seq++) {
    s.push(`INSERT INTO requests (number, year, seq, description, status, received_at, channel,
      due_date, created_at, updated_at) VALUES ('26-${seq}', 2026, ${seq}, 'Walk-in ${seq}', 'open',
      unixepoch() - ${seq * 60}, 'in_person', date('now', '+30 days'), unixepoch(), unixepoch())`);
  }
  s.push('COMMIT');
  await server.sql(s.join(';\n'));
  const first = await view(ann, '?queue=all&sort=number&channel=in_person');
  assert.equal(first.queue.count, 60);
  assert.equal(first.queue.rows.length, 50);
  assert.equal(first.queue.rows[0].number, '26-160');
  assert.deepEqual({ ...first.paging }, { page: 1, pages: 2, from: 1, to: 50, several: true, prev_url: null, next_url: '/staff?queue=all&sort=number&channel=in_person&page=2' });
  const second = await view(ann, '?queue=all&sort=number&channel=in_person&page=2');
  assert.deepEqual(numbers(second), Array.from({ length: 10 }, (_, i) => `26-${110 - i}`));
  assert.equal(second.paging.prev_url, '/staff?queue=all&sort=number&channel=in_person');
  assert.equal(second.paging.next_url, null);
  const html = await (await ann.get('/staff?queue=all&sort=number&channel=in_person&page=2')).text();
  assert.match(html, /Showing 51 to 60 of 60, page 2 of 2\./);
  assert.match(html, /<a href="\/staff\?queue=all&amp;sort=number&amp;channel=in_person" rel="prev">Previous page<\/a>/);
  const beyond = await view(ann, '?queue=all&sort=number&channel=in_person&page=9');
  assert.deepEqual(beyond.queue.rows, []);
  await server.sql("DELETE FROM requests WHERE channel = 'in_person'");
});

test('bad dashboard input is a 400 that names the field', async () => {
  for (const [query, field] of [['dir=up', 'dir'], ['department=abc', 'department'],
    ['status=overdue', 'status'], ['channel=pigeon', 'channel'], ['contact=0', 'contact'],
    ['page=0', 'page'], ['queue=everything', 'queue'], ['colour=red', 'colour']]) {
    const res = await ann.getJSON(`/staff?${query}`);
    assert.equal(res.status, 400, query);
    assert.ok(Object.keys(res.json.error.fields ?? {}).includes(field), `${query}: ${res.text}`);
  }
  const requester = server.client();
  assert.equal((await server.get('/staff')).status, 401);
  await server.addUser({ email: 'req@dash.example', role: 'requester', password: PASSWORD });
  await requester.signIn('req@dash.example', PASSWORD);
  assert.equal((await requester.get('/staff')).status, 403);
});

/** The dashboard's bulk form as client sees it: its token and each
 * request's checkbox value ("26-1@1"). */
async function bulkForm(client, query = '?queue=all&sort=number&dir=asc') {
  const html = await (await client.get(`/staff${query}`)).text();
  client.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
  const picks = Object.fromEntries([...html.matchAll(/<input type="checkbox" id="pick-([\d-]+)" name="requests" value="([^"]+)"> <label for="pick-\1">Select<span class="visually-hidden"> request \1<\/span><\/label>/g)]
    .map((m) => [m[1], m[2]]));
  return { html, picks };
}

async function auditCount(number, action) {
  const [{ n }] = await server.sql(`SELECT count(*) AS n FROM audit_log WHERE action = ${q(action)}
    AND request_id = (SELECT id FROM requests WHERE number = ${q(number)})`);
  return n;
}

test('bulk assign: each request on its own, refused ones say why', async () => {
  const { html, picks } = await bulkForm(ann);
  assert.match(html, /<form id="bulk-form" method="post" action="\/staff\/bulk">/);
  assert.match(html, /<legend>With the selected requests<\/legend>/);
  assert.doesNotMatch(html, /<option value="publish">/, 'Ann is no publisher');
  assert.equal(picks['26-1'], '26-1@1');
  // 26-2 changes after the dashboard was shown.
  const ver = (await server.sql("SELECT version FROM requests WHERE number = '26-2'"))[0].version;
  await server.sql("UPDATE requests SET version = version + 1 WHERE number = '26-2'");
  const res = await ann.post('/staff/bulk', {
    requests: [picks['26-1'], picks['26-2'], picks['26-5'], picks['26-7'], picks['26-1']],
    bulk_action: 'assign', department: String(dept.Parks), back: '/staff?queue=all&sort=number&dir=asc',
  });
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /Assign a department: 1 of 4 done, 3 refused\./);
  const json = await ann.post('/staff/bulk', { requests: [picks['26-4']], bulk_action: 'assign', department: String(dept.Records) },
    { headers: { accept: 'application/json' } });
  const result = await json.json();
  assert.deepEqual(result.results, [{ number: '26-4', url: '/requests/26-4', ok: true, reason: 'done', message: 'Department assigned.' }]);

  const rows = Object.fromEntries([...page.matchAll(/<tr class="bulk-(\w+)"><th scope="row"><a href="\/requests\/([\d-]+)">[\d-]+<\/a><\/th><td>(.*?)<\/td><\/tr>/g)]
    .map((m) => [m[2], { reason: m[1], text: m[3] }]));
  assert.deepEqual(Object.keys(rows), ['26-1', '26-2', '26-5', '26-7'], 'each request once, in order');
  assert.deepEqual(rows['26-1'], { reason: 'done', text: '<strong>Done:</strong> Department assigned.' });
  assert.equal(rows['26-2'].reason, 'changed');
  assert.match(rows['26-2'].text, /someone changed the request after the dashboard was shown/);
  assert.deepEqual(rows['26-5'], { reason: 'closed', text: 'Refused: the request is closed; reopen it first.' });
  assert.deepEqual(rows['26-7'], { reason: 'invalid', text: 'Refused: That department is assigned already.' });
  assert.match(page, /<a href="\/staff\?queue=all&amp;sort=number&amp;dir=asc">Back to the dashboard<\/a>/);

  // The done one has its department, its event and its audit row; the
  // refused ones nothing new.
  const depts = await server.sql(`SELECT r.number, d.name FROM request_departments rd JOIN requests r ON r.id = rd.request_id
    JOIN departments d ON d.id = rd.department_id WHERE r.number IN ('26-1', '26-2', '26-5') ORDER BY r.number, d.name`);
  assert.deepEqual(depts, [{ number: '26-1', name: 'Parks' }, { number: '26-1', name: 'Records' },
    { number: '26-2', name: 'Parks' }, { number: '26-5', name: 'Records' }]);
  const [ev] = await server.sql(`SELECT kind, level, body, actor_name FROM events WHERE request_id =
    (SELECT id FROM requests WHERE number = '26-1') ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(ev, { kind: 'department_assigned', level: 'public', body: 'Parks', actor_name: 'Ann Dash' });
  assert.equal(await auditCount('26-1', 'request.assign'), 1);
  for (const n of ['26-2', '26-5', '26-7']) assert.equal(await auditCount(n, 'request.assign'), 0, n);
  const [{ version }] = await server.sql("SELECT version FROM requests WHERE number = '26-2'");
  assert.equal(version, ver + 1, 'the refused request is as it was');
});

test('bulk publish needs a publisher; bad bulk input is a 400 naming the field', async () => {
  // Ann (staff) forging a publish: every request refused as forbidden.
  let { picks } = await bulkForm(ann);
  const refused = await (await ann.post('/staff/bulk', { requests: [picks['26-3']], bulk_action: 'publish' },
    { headers: { accept: 'application/json' } })).json();
  assert.deepEqual(refused.results.map((r) => [r.number, r.reason, r.message]),
    [['26-3', 'forbidden', 'Refused: publishing needs the publisher role.']]);
  assert.equal((await server.sql("SELECT published FROM requests WHERE number = '26-3'"))[0].published, 0);

  ({ picks } = await bulkForm(pia));
  const res = await pia.post('/staff/bulk', { requests: [picks['26-3'], picks['26-6']], bulk_action: 'publish' });
  const page = await res.text();
  assert.equal(res.status, 200);
  assert.match(page, /Publish: 2 of 2 done\./);
  const rows = await server.sql(`SELECT number, published FROM requests WHERE number IN ('26-3', '26-6') ORDER BY number`);
  assert.deepEqual(rows, [{ number: '26-3', published: 1 }, { number: '26-6', published: 1 }]);
  assert.equal(await auditCount('26-3', 'request.publish'), 1);
  // Published already: refused with the reason.
  ({ picks } = await bulkForm(pia));
  const again = await (await pia.post('/staff/bulk', { requests: [picks['26-3']], bulk_action: 'publish' },
    { headers: { accept: 'application/json' } })).json();
  assert.equal(again.results[0].message, 'Refused: The request is published already.');
  // The public sees the published request.
  assert.equal((await server.get('/requests/26-3')).status, 200);

  const bad = async (form, field) => {
    const r = await pia.post('/staff/bulk', form, { headers: { accept: 'application/json' } });
    assert.equal(r.status, 400, JSON.stringify(form));
    const body = await r.json();
    assert.ok(Object.keys(body.error.fields ?? {}).includes(field), JSON.stringify(body));
  };
  await bad({ requests: [picks['26-1']], bulk_action: 'assign' }, 'department');
  await bad({ bulk_action: 'assign', department: String(dept.Parks) }, 'requests');
  await bad({ requests: ['26-1'], bulk_action: 'assign', department: String(dept.Parks) }, 'requests');
  await bad({ requests: ['26-1@x'], bulk_action: 'publish' }, 'requests');
  await bad({ requests: [picks['26-1']], bulk_action: 'delete' }, 'bulk_action');
  await bad({ requests: Array.from({ length: 51 }, () => picks['26-1']), bulk_action: 'publish' }, 'requests');
  // Without the form's token: refused, nothing done.
  const forged = await pia.post('/staff/bulk', { requests: [picks['26-1']], bulk_action: 'publish' }, { token: null });
  assert.equal(forged.status, 403);
  assert.equal((await server.sql("SELECT published FROM requests WHERE number = '26-1'"))[0].published, 0);
  assert.equal((await server.post('/staff/bulk', { requests: [picks['26-1']], bulk_action: 'publish' })).status, 403);
});
