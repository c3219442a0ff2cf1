// Tasks: staff ask a department or a person to do something on a request,
// with a due date; the assignee (the person, or a member of the
// department) finds it under "My tasks" on the dashboard and marks it done
// with a note. Each step writes its staff-level event and its audit row;
// tasks show to staff only, never to the requester, the public or search.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openRequest, startServer } from './harness.mjs';

const PASSWORD = 'tasks password 2026';
const TASK = 'Search the training division course files xq9task';
const NOTE = 'Found two binders xq9note';

let server;
let asker; // staff, asks for tasks
let member; // staff, in Training
let other; // staff, in no department
let requester;
const ids = {};
let training;

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** A date `days` from today (UTC), YYYY-MM-DD. */
const day = (days) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

before(async () => {
  server = await startServer();
  for (const [who, role] of [['asker', 'staff'], ['member', 'staff'], ['other', 'staff'], ['requester', 'requester']]) {
    ids[who] = await server.addUser({ email: `${who}@tasks.example`, name: `${who[0].toUpperCase()}${who.slice(1)} Person`, role, password: PASSWORD });
  }
  await server.sql(`INSERT INTO departments (name, created_at, updated_at) VALUES ('Training Division', unixepoch(), unixepoch());
    INSERT INTO user_departments (user_id, department_id) SELECT ${ids.member}, id FROM departments WHERE name = 'Training Division'`);
  [{ id: training }] = await server.sql("SELECT id FROM departments WHERE name = 'Training Division'");
  for (const [seq, status, published] of [[1, 'open', 1], [2, 'closed', 1], [3, 'open', 0]]) {
    await server.sql(`INSERT INTO requests (number, year, seq, description, status, published, published_at,
      received_at, channel, due_date, closed_at, requester_id, requester_email, created_at, updated_at)
      VALUES ('26-${seq}', 2026, ${seq}, 'Course files of the academy, request ${seq}', '${status}', ${published},
      ${published ? 'unixepoch()' : 'NULL'}, unixepoch() - 86400, 'web', date('now', '+9 days'),
      ${status === 'closed' ? 'unixepoch()' : 'NULL'}, ${ids.requester}, 'requester@tasks.example',
      unixepoch() - 86400, unixepoch() - 86400)`);
  }
  asker = server.client();
  member = server.client();
  other = server.client();
  requester = server.client();
  for (const [c, who] of [[asker, 'asker'], [member, 'member'], [other, 'other'], [requester, 'requester']]) {
    assert.equal((await c.signIn(`${who}@tasks.example`, PASSWORD)).status, 303);
  }
});
after(async () => { await server?.stop(); });

async function ask(client, number, form) {
  const { version } = await openRequest(client, number);
  return client.post(`/requests/${number}/task`, { version, ...form });
}

async function lastEvent(number) {
  const [row] = await server.sql(`SELECT kind, level, body, data, actor_id, actor_name FROM events
    WHERE request_id = (SELECT id FROM requests WHERE number = ${q(number)}) ORDER BY id DESC LIMIT 1`);
  return row;
}

async function lastAudit(number) {
  const [row] = await server.sql(`SELECT actor_id, action, before_json, after_json FROM audit_log
    WHERE request_id = (SELECT id FROM requests WHERE number = ${q(number)}) ORDER BY id DESC LIMIT 1`);
  return { ...row, before: JSON.parse(row.before_json), after: JSON.parse(row.after_json) };
}

const myTasks = async (client) => (await client.getJSON('/staff.json?queue=tasks')).json;

test('a task for a department: event, audit, the request page and the members\' dashboards', async () => {
  const page = (await openRequest(asker, '26-1')).html;
  assert.match(page, /<h3 id="tasks-title">Tasks \(0 open\)<\/h3>/);
  assert.match(page, /<optgroup label="Departments">\s*<option value="d\d+">Training Division<\/option>/);
  assert.match(page, /<optgroup label="People">[\s\S]*<option value="u\d+">Member Person<\/option>/);
  const res = await ask(asker, '26-1', { task_description: TASK, task_assignee: `d${training}`, task_due_date: day(1) });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/requests/26-1#timeline-title');

  const [task] = await server.sql("SELECT * FROM tasks WHERE request_id = (SELECT id FROM requests WHERE number = '26-1')");
  assert.equal(task.description, TASK);
  assert.equal(task.assignee_department_id, training);
  assert.equal(task.assignee_user_id, null);
  assert.equal(task.due_date, day(1));
  assert.equal(task.status, 'open');
  assert.equal(task.created_by, ids.asker);

  const ev = await lastEvent('26-1');
  assert.equal(ev.kind, 'task_assigned');
  assert.equal(ev.level, 'staff');
  assert.equal(ev.actor_name, 'Asker Person');
  assert.match(ev.body, new RegExp(`^For Training Division, due [A-Z][a-z]+ \\d+, \\d{4}: ${TASK}$`));
  assert.deepEqual(JSON.parse(ev.data), { task_id: task.id, assignee_department_id: training, due_date: day(1) });
  const audit = await lastAudit('26-1');
  assert.equal(audit.action, 'request.task');
  assert.equal(audit.actor_id, ids.asker);
  assert.deepEqual(audit.after, { task_id: task.id, assignee_department_id: training, due_date: day(1), task: TASK, version: 2 });

  // The request page, for staff: the task, open, for the department.
  const staffJson = (await asker.getJSON('/requests/26-1.json')).json;
  const [shown] = staffJson.request.staff.tasks;
  assert.equal(shown.description, TASK);
  assert.equal(shown.assignee_label, 'Training Division');
  assert.equal(shown.done, false);
  assert.equal(shown.due_soon, true);
  assert.equal(shown.can_finish, true, 'the one who asked may finish it');
  const html = (await openRequest(member, '26-1')).html;
  assert.match(html, /<h3 id="tasks-title">Tasks \(1 open\)<\/h3>/);
  assert.match(html, new RegExp(`<span class="task-state">Open:</span> ${TASK}`));
  assert.match(html, /\(due soon\)<\/span>; asked by Asker Person/);
  assert.match(html, /<label for="task-note-\d+">Note on what was done<\/label>/);
  // Someone in no department, neither assignee nor asker: no form to finish it.
  assert.doesNotMatch((await openRequest(other, '26-1')).html, /name="task_note"/);

  // My tasks: the member of the department sees it; others do not.
  const mine = await myTasks(member);
  assert.equal(mine.queues.find((x) => x.key === 'tasks').count, 1);
  assert.deepEqual(mine.queue.rows.map((r) => [r.request_number, r.description, r.assignee_label, r.done_action]),
    [['26-1', TASK, 'Training Division', '/requests/26-1/task_done']]);
  assert.equal((await myTasks(other)).queue.count, 0);
  assert.equal((await myTasks(asker)).queue.count, 0, 'asking does not make it yours');
  const dash = await (await member.get('/staff?queue=tasks')).text();
  assert.match(dash, /<h2 id="queue-title">My tasks \(1\)<\/h2>/);
  assert.match(dash, new RegExp(`<a href="/requests/26-1#tasks-title">Request 26-1</a>: ${TASK}`));
  assert.match(dash, /<button type="submit">Mark done<span class="visually-hidden">: Search the training/);
});

test('a task for a person; marking done from the dashboard with a note', async () => {
  const res = await ask(asker, '26-3', { task_description: 'Ask the range master xq9person', task_assignee: `u${ids.other}`, task_due_date: day(0) });
  assert.equal(res.status, 303);
  const theirs = await myTasks(other);
  assert.deepEqual(theirs.queue.rows.map((r) => [r.request_number, r.assignee_label]), [['26-3', 'Other Person']]);
  assert.equal((await myTasks(member)).queue.rows.length, 1, 'the member still has only the department task');

  // The member finishes the department's task from the dashboard form.
  const dash = await (await member.get('/staff?queue=tasks')).text();
  member.token = /name="csrf_token" value="([^"]+)"/.exec(dash)[1];
  const form = /<form class="form task-done" method="post" action="([^"]+)">[\s\S]*?name="version" value="(\d+)"[\s\S]*?name="task" value="(\d+)"/.exec(dash);
  const done = await member.post(form[1], { version: form[2], task: form[3], task_note: NOTE });
  assert.equal(done.status, 303);
  const [task] = await server.sql(`SELECT status, done_note, done_by, done_at FROM tasks WHERE id = ${form[3]}`);
  assert.equal(task.status, 'done');
  assert.equal(task.done_note, NOTE);
  assert.equal(task.done_by, ids.member);
  assert.ok(task.done_at > 0);
  const ev = await lastEvent('26-1');
  assert.equal(ev.kind, 'task_done');
  assert.equal(ev.level, 'staff');
  assert.equal(ev.actor_name, 'Member Person');
  assert.equal(ev.body, `Done: ${TASK}\n\n${NOTE}`);
  const audit = await lastAudit('26-1');
  assert.equal(audit.action, 'request.task_done');
  assert.equal(audit.actor_id, ids.member);
  assert.deepEqual(audit.before, { task_id: Number(form[3]), task_status: 'open', version: 2 });
  assert.deepEqual(audit.after, { task_id: Number(form[3]), task_status: 'done', task_note: NOTE, version: 3 });

  assert.equal((await myTasks(member)).queue.count, 0, 'a done task leaves My tasks');
  const page = (await openRequest(asker, '26-1')).html;
  assert.match(page, /Tasks \(0 open\)/);
  assert.match(page, new RegExp(`<span class="task-state">Done:</span> ${TASK}`));
  assert.match(page, new RegExp(`Done [^<]+ by Member Person: ${NOTE}`));
  const timeline = (await asker.getJSON('/requests/26-1.json')).json.request.events;
  assert.deepEqual(timeline.slice(0, 2).map((e) => [e.kind_label, e.level_label]),
    [['Task Completed', 'Staff'], ['Task Assigned', 'Staff']]);

  // Done already: refused with the reason, the note kept under its task.
  const { version } = await openRequest(member, '26-1');
  const again = await member.post('/requests/26-1/task_done', { version, task: form[3], task_note: 'twice' });
  assert.equal(again.status, 400);
  assert.match(await again.text(), /That task is done already\./);
});

test('only the assignee, a member of its department, the asker or a publisher finishes a task', async () => {
  const [{ id }] = await server.sql("SELECT id FROM tasks WHERE description LIKE 'Ask the range master%'");
  // The member is not the person the task is for.
  const { version } = await openRequest(member, '26-3');
  const res = await member.post('/requests/26-3/task_done', { version, task: String(id), task_note: 'Not mine' });
  assert.equal(res.status, 403);
  assert.equal((await server.sql(`SELECT status FROM tasks WHERE id = ${id}`))[0].status, 'open');
  // A task of another request is no task of this one.
  const { version: v1 } = await openRequest(other, '26-1');
  const wrong = await other.post('/requests/26-1/task_done', { version: v1, task: String(id), task_note: 'Wrong request' });
  assert.equal(wrong.status, 400);
  assert.match(await wrong.text(), /There is no such task on this request\./);
  // The requester: no task routes for them.
  const { version: v3 } = await openRequest(requester, '26-3');
  assert.equal((await requester.post('/requests/26-3/task_done', { version: v3, task: String(id), task_note: 'x' })).status, 403);
  assert.equal((await requester.post('/requests/26-3/task', { version: v3, task_description: 'x', task_assignee: `d${training}`, task_due_date: day(3) })).status, 403);
});

test('bad task input is a 400 naming the field, with what was typed kept', async () => {
  const typed = 'Typed and kept xq9typed';
  const check = async (number, form, pattern, keep = true) => {
    const res = await ask(asker, number, form);
    assert.equal(res.status, 400, JSON.stringify(form));
    const html = await res.text();
    assert.match(html, pattern);
    if (keep && form.task_description) assert.match(html, new RegExp(`>${form.task_description}</textarea>`));
    return html;
  };
  let html = await check('26-1', { task_description: typed, task_assignee: `d${training}` }, /Due date[^<]*(required|missing|empty|enter)/i);
  assert.match(html, new RegExp(`<option value="d${training}" selected>Training Division</option>`), 'the choice is kept');
  await check('26-1', { task_description: typed, task_assignee: 'x9', task_due_date: day(2) }, /For is not a department or a person on the list\./);
  await check('26-1', { task_description: typed, task_assignee: `u${ids.requester}`, task_due_date: day(2) }, /Choose an active staff member\./);
  await check('26-1', { task_description: typed, task_assignee: 'd999', task_due_date: day(2) }, /There is no such department\./);
  html = await check('26-1', { task_description: typed, task_assignee: `d${training}`, task_due_date: '2020-01-01' }, /The task&#39;s due date has passed/);
  assert.match(html, /value="2020-01-01"/);
  await check('26-1', { task_description: typed, task_assignee: `d${training}`, task_due_date: '2026-02-30' }, /Due date/);
  await check('26-1', { task_assignee: `d${training}`, task_due_date: day(2) }, /What to do/, false);
  const long = await ask(asker, '26-1', { task_description: 'x'.repeat(2001), task_assignee: `d${training}`, task_due_date: day(2) });
  assert.equal(long.status, 400);
  // A closed request: refused with a message, the text kept.
  html = await check('26-2', { task_description: typed, task_assignee: `d${training}`, task_due_date: day(2) }, /The request is closed: reopen it first\./);
  assert.match(html, /Reopen the request to ask for a task\./);
  // A missing note when finishing.
  const [{ id }] = await server.sql("SELECT id FROM tasks WHERE description LIKE 'Ask the range master%'");
  const { version } = await openRequest(other, '26-3');
  const res = await other.post('/requests/26-3/task_done', { version, task: String(id) });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Note/);
  const json = await other.post('/requests/26-3/task_done', { version, task: 'abc', task_note: 'x' }, { headers: { accept: 'application/json' } });
  assert.equal(json.status, 400);
  assert.ok('task' in (await json.json()).errors, 'the JSON names the field');
  // Nothing was added by any of these.
  const [{ n }] = await server.sql('SELECT count(*) AS n FROM tasks');
  assert.equal(n, 2);
});

test('tasks never reach the requester, the public or the public search', async () => {
  // A task on the published request 26-1 (done) and an open one on 26-3.
  for (const client of [requester, server.client()]) {
    for (const number of ['26-1', '26-3']) {
      const res = await client.get(`/requests/${number}`);
      const text = await res.text();
      assert.doesNotMatch(text, /xq9|Tasks \(|tasks-title|task_done/, `${number}: ${res.status}`);
      const json = await client.getJSON(`/requests/${number}.json`);
      assert.doesNotMatch(json.text, /xq9|"tasks"|task_assigned|task_done/);
    }
  }
  for (const word of ['xq9task', 'xq9note', 'xq9person']) {
    const found = await server.getJSON(`/requests?q=${word}`);
    assert.equal(found.status, 200);
    assert.equal(found.json.count, 0, word);
    const [{ n }] = await server.sql(`SELECT count(*) AS n FROM search_public WHERE search_public MATCH '"${word}"'`);
    assert.equal(n, 0, `${word} is not in the public index`);
    const [{ all }] = await server.sql(`SELECT count(*) AS "all" FROM search_all WHERE search_all MATCH '"${word}"'`);
    assert.ok(all > 0, `${word} is in the staff index`);
  }
  // My requests (the requester's list) shows no task either.
  assert.doesNotMatch(await (await requester.get('/account/requests')).text(), /xq9/);
  assert.equal((await requester.get('/staff?queue=tasks')).status, 403);
});
