// The request page /requests/{number} against the demo database: the
// reference request 19-5156 (shared/reference/request-19-5156.txt) shows every
// text of the reference that the public may see, in the reference's order;
// what only the requester and staff may see (messages at "Requester + Staff",
// the requester's contact details, internal notes) never reaches the public
// page or its JSON; a request the public may not see is a 404 that cannot be
// told from a number that does not exist.
//
// The reference page was a staff view. The staff view of the same page is
// checked in tests/unit/test_request_page.c, which builds it for a staff
// viewer directly.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { startServer } from './harness.mjs';

const execFileP = promisify(execFile);
const SHARED_DIR = path.resolve(process.env.SHARED_DIR || path.join('..', 'shared'));
const REFERENCE = path.join(SHARED_DIR, 'reference', 'request-19-5156.txt');

const KIND_LABELS = ['Request Opened', 'Department Assignment', 'External Message',
  'Internal Note', 'Due Date Changed', 'Request Closed', 'Request Published',
  'Request Reopened', 'Request Paused', 'Request Resumed', 'Document Released',
  'Point of Contact Changed', 'Request Edited', 'Deadline Extended', 'Task Assigned',
  'Task Completed', 'Request Unpublished', 'Overdue', 'Support Staff Changed'];
const LEVEL_LABELS = ['Public', 'Requester + Staff', 'Staff'];
const TIME_LABEL = /(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}, \d{1,2}:\d{2}[ap]m/g;

/** One line of the reference as plain text: Markdown marks, "[Hide](#)"
 * controls, emoji and list numbers (the page renders lists as lists) go. */
function clean(line) {
  return line
    .replace(/\[Hide\]\(#\)/g, '')
    .replace(/\[([^\]]*)\]\(#\)/g, '$1')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/^\s*<\s*(.*?)\s*>\s*$/, '$1')
    .replace(/\*/g, '')
    .replace(/^[^\x20-\x7e]+/u, '')
    .replace(/^\s*\d+\. /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits the reference into its head (the lines above the timeline) and
 * its events: [{kind, level, lines, time}], newest first as shown. */
function parseReference(text) {
  const lines = text.split('\n').map(clean).filter(Boolean);
  const start = lines.findIndex((l) => l.startsWith('Point of Contact')) + 1;
  assert.ok(start > 0, 'the reference has a Point of Contact line');
  const events = [];
  for (const line of lines.slice(start)) {
    const kind = KIND_LABELS.find((k) => line === k || line.startsWith(`${k} `));
    if (kind) {
      const rest = line.slice(kind.length).trim();
      events.push({ kind, level: rest || null, lines: [] });
    } else if (!events.at(-1).level && LEVEL_LABELS.includes(line)) {
      events.at(-1).level = line;
    } else {
      events.at(-1).lines.push(line);
    }
  }
  for (const e of events) e.time = e.lines.join(' ').match(TIME_LABEL)?.[0] ?? null;
  return { head: lines.slice(0, start), events };
}

/** The text a page shows: tags removed, entities decoded, white space
 * collapsed. Block elements are on lines of their own in our HTML. */
function visibleText(html) {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main.replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

async function sql(dbPath, query) {
  const { stdout } = await execFileP('sqlite3', ['-readonly', '-json', dbPath, query]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

let server;
let reference;
let html;
let text;
let json;

before(async () => {
  reference = parseReference(await readFile(REFERENCE, 'utf8'));
  server = await startServer({ demo: true });
  const res = await server.get('/requests/19-5156');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  html = await res.text();
  text = visibleText(html);
  const j = await server.getJSON('/requests/19-5156.json');
  assert.equal(j.status, 200);
  json = j;
});

after(async () => {
  await server?.stop();
});

test('the reference parses into its 23 events', () => {
  assert.equal(reference.events.length, 23);
  assert.equal(reference.events[0].kind, 'External Message');
  assert.equal(reference.events[0].level, 'Requester + Staff');
  assert.equal(reference.events.at(-1).kind, 'Request Opened');
  assert.equal(reference.events.filter((e) => e.level === 'Public').length, 17);
});

test('title, heading, status and the facts above the timeline', () => {
  assert.match(html, /<title>Request 19-5156 · [^<]+<\/title>/);
  assert.match(html, /<h1[^>]*>Request #19-5156<\/h1>/);
  assert.match(html, /class="badge badge-closed">Closed<\/span>/);
  // Every head line of the reference but the requester's and the groups
  // of documents only the requester and staff see.
  const staffOnly = (l) => l.includes('sb1421fan') || l === 'Requester (none)' || l === 'Staff';
  for (const line of reference.head.filter((l) => !staffOnly(l))) {
    assert.ok(text.toLowerCase().includes(line.toLowerCase()), `page lacks "${line}"`);
  }
  assert.ok(text.includes('Received September 12, 2019 via web'));
  assert.ok(text.includes('Departments Police Department (LAPD)'));
  assert.ok(text.includes('Point of Contact LAPD Analyst Farah N5890'));
  assert.ok(text.includes('Documents Public (none)'));
  assert.ok(!text.includes('Requester (none)'), 'the public sees only the Public group');
  assert.ok(!/<h3[^>]*>Staff/.test(html), 'the public sees only the Public group');
});

test('every public event of the reference, in the reference order', () => {
  const timeline = text.slice(text.indexOf('Timeline'));
  let at = 0;
  for (const e of reference.events.filter((ev) => ev.level === 'Public')) {
    for (const piece of [e.kind, e.level, ...e.lines]) {
      const found = timeline.indexOf(piece, at);
      assert.ok(found >= 0, `after position ${at} of the timeline, "${piece}" is missing ` +
        `(event ${e.kind} at ${e.time})`);
      at = found + piece.length;
    }
  }
});

test('the timeline is newest first: time labels in the reference order', () => {
  // The reference shows no time for "Request Published"; it takes the time
  // of closing, the same minute as the event under it.
  const expected = reference.events.filter((e) => e.level === 'Public')
    .map((e) => e.time ?? 'June 8, 2020, 11:21am');
  const shown = [...html.matchAll(/<time datetime="[^"]+">([^<]+)<\/time>/g)].map((m) => m[1]);
  assert.deepEqual(shown, expected);
  for (const label of ['June 8, 2020, 11:21am', 'May 11, 2020, 2:39pm', 'September 12, 2019, 12:04pm']) {
    assert.ok(shown.includes(label), label);
  }
});

test('due date changes show the new and the old date', () => {
  for (const pair of ['06/09/2020 (was 05/12/2020).', '05/12/2020 (was 04/14/2020).',
    '04/14/2020 (was 03/10/2020).', '03/10/2020 (was 02/10/2020).',
    '02/10/2020 (was 01/09/2020).', '01/09/2020 (was 10/07/2019).',
    '10/07/2019 (was 09/23/2019).']) {
    assert.ok(text.includes(pair), pair);
  }
});

test('bylines: the requester and staff without a title', () => {
  assert.ok(text.includes('September 30, 2019, 9:47pm by the requester'));
  assert.ok(text.includes('October 1, 2019, 11:28am by Senior Management Analyst Kris (Staff)'));
  assert.ok(text.endsWith('Request received via web September 12, 2019, 12:04pm'),
    'the system writes no byline');
});

test('19-7474 in the closing letter links to its request; phone numbers and dates do not', () => {
  const closed = html.slice(html.indexOf('event-closed'), html.indexOf('event-due_date_changed'));
  assert.match(closed, /Please see Request No\. <a href="\/requests\/19-7474">19-7474<\/a>\./);
  assert.doesNotMatch(html, /href="\/requests\/\d*-?928/);
  assert.match(html, /carolyn\.lemus@lacity\.org 213-928-8396\./);
});

test('nothing at "Requester + Staff" and no contact details reach the public', () => {
  assert.ok(!html.includes('sb1421fan'), 'the requester\'s email is on the public page');
  assert.ok(!html.includes('Requester + Staff'));
  assert.ok(!text.includes('by Kris Tu 34895 LAPD CPRA 1421 - Detective III (Staff)'));
  const publicLines = new Set(reference.events.filter((e) => e.level === 'Public')
    .flatMap((e) => e.lines));
  const hidden = reference.events.filter((e) => e.level === 'Requester + Staff');
  assert.equal(hidden.length, 6);
  for (const e of hidden) {
    for (const line of e.lines.filter((l) => l.length > 25 && !publicLines.has(l))) {
      assert.ok(!text.includes(line), `the public sees "${line}"`);
    }
  }
});

test('the JSON has the same events as the page, and no requester', () => {
  const r = json.json.request;
  assert.equal(r.number, '19-5156');
  assert.equal(r.status, 'closed');
  assert.equal(r.status_label, 'Closed');
  assert.equal(r.received_label, 'September 12, 2019');
  assert.equal(r.channel_label, 'web');
  assert.deepEqual(r.departments, [{ name: 'Police Department (LAPD)' }]);
  assert.deepEqual(r.point_of_contact, { name: 'LAPD Analyst Farah N5890', title: null });
  assert.equal(r.due_date, '2020-06-09');
  assert.equal(r.first_due_date, '2019-09-23');
  assert.match(r.due_explanation_text, /moved to the next business day: Monday September 23, 2019\./);
  assert.deepEqual(r.documents.map((g) => [g.level, g.label, g.empty]), [['public', 'Public', true]]);
  assert.ok(!('requester' in r), 'the public JSON has no requester');
  assert.ok(!json.text.includes('sb1421fan'), 'the requester\'s email is in the public JSON');
  assert.ok(!json.text.includes('"requester"'), 'nothing at the requester level in the JSON');

  const shown = [...html.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)];
  assert.deepEqual(r.events.map((e) => [e.at, e.at_label]), shown.map((m) => [m[1], m[2]]));
  const kinds = [...html.matchAll(/<span class="event-kind">([^<]+)<\/span>/g)].map((m) => m[1]);
  assert.deepEqual(r.events.map((e) => e.kind_label), kinds);
  assert.ok(r.events.every((e) => e.level === 'public' && e.level_label === 'Public' && !e.hidden));

  const change = r.events.find((e) => e.kind === 'due_date_changed');
  assert.deepEqual(change.due_change, { new: '2020-06-09', old: '2020-05-12',
    new_label: '06/09/2020', old_label: '05/12/2020' });
  const message = r.events.find((e) => e.at_label === 'October 1, 2019, 11:28am');
  assert.equal(message.byline, 'by Senior Management Analyst Kris (Staff)');
  assert.equal(r.events.at(-1).kind_label, 'Request Opened');
  assert.equal(r.events.at(-1).byline, null);
  assert.equal(r.events.at(-1).body_html, '<p>Request received via web</p>\n');
});

test('the reference carries the compliance flag: six extensions beyond the one the law allows', () => {
  const text = 'Extended 7 times; Gov. Code 7922.535 allows one extension of up to 14 days';
  assert.deepEqual(json.json.request.compliance, { flag: true, text });
  assert.ok(html.includes(`<span class="compliance"><strong>Beyond the law:</strong> ${text}.</span>`),
    'the page shows the flag');
});

test('a request extended once within the law has no flag', async () => {
  const [row] = await sql(server.dbPath,
    "SELECT r.number FROM requests r JOIN events e ON e.request_id = r.id"
    + " WHERE e.kind = 'due_date_changed' AND r.published = 1 AND r.number <> '19-5156'"
    + ' GROUP BY r.id HAVING count(*) = 1 LIMIT 1');
  assert.ok(row, 'the demo has a request extended once');
  const j = await server.getJSON(`/requests/${row.number}.json`);
  assert.equal(j.status, 200);
  assert.ok(j.json.request.events.some((e) => e.kind === 'due_date_changed'));
  assert.equal(j.json.request.compliance, null);
  const page = await (await server.get(`/requests/${row.number}`)).text();
  assert.ok(!page.includes('class="compliance"'));
});

test('internal notes never reach the public, in HTML or JSON', async () => {
  const notes = await sql(server.dbPath,
    "SELECT r.number, e.body FROM events AS e JOIN requests AS r ON r.id = e.request_id " +
    "WHERE e.kind = 'internal_note' AND r.published = 1 ORDER BY e.id LIMIT 3");
  assert.ok(notes.length > 0, 'the demo has internal notes on published requests');
  for (const { number, body } of notes) {
    const res = await server.get(`/requests/${number}`);
    assert.equal(res.status, 200, number);
    const page = await res.text();
    assert.ok(!visibleText(page).includes(body.replace(/\s+/g, ' ')), `${number} shows its note`);
    assert.ok(!page.includes('Internal Note'), `${number} shows an Internal Note`);
    const j = await server.getJSON(`/requests/${number}.json`);
    assert.equal(j.status, 200);
    assert.ok(!j.text.includes('internal_note'), `${number}.json has an internal note`);
    assert.ok(!JSON.stringify(j.json).includes(body), `${number}.json shows its note`);
  }
});

test('an unpublished request is a 404, the same as a number that does not exist', async () => {
  const [row] = await sql(server.dbPath,
    'SELECT number FROM requests WHERE published = 0 ORDER BY id LIMIT 1');
  assert.ok(row, 'the demo has unpublished requests');
  const [missing] = await sql(server.dbPath,
    "SELECT count(*) AS n FROM requests WHERE number = '19-99999999'");
  assert.equal(missing.n, 0);

  const hidden = await server.get(`/requests/${row.number}`);
  const none = await server.get('/requests/19-99999999');
  assert.equal(hidden.status, 404);
  assert.equal(none.status, 404);
  assert.equal(hidden.headers.get('content-type'), none.headers.get('content-type'));
  const hiddenBody = await hidden.text();
  assert.equal(hiddenBody, await none.text());
  assert.ok(hiddenBody.includes('There is no request with that number.'));

  const hiddenJSON = await server.getJSON(`/requests/${row.number}.json`);
  const noneJSON = await server.getJSON('/requests/19-99999999.json');
  assert.equal(hiddenJSON.status, 404);
  assert.equal(hiddenJSON.text, noneJSON.text);
  assert.deepEqual(hiddenJSON.json, { error: { status: 404, title: 'Page not found',
    message: 'There is no request with that number.' } });
});

test('malformed numbers are a 404', async () => {
  for (const p of ['/requests/19-0', '/requests/abc', '/requests/19-05156', '/requests/2019-5156',
    '/requests/19-123456789', '/requests/19-5156x']) {
    const res = await server.get(p);
    assert.equal(res.status, 404, p);
    await res.arrayBuffer();
  }
});
