// The public archive (/requests), its search and the home page, against the
// demo database. Expected values come from the demo database itself, read
// with the sqlite3 command-line tool in the agency's time zone.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { startServer } from './harness.mjs';

const execFileP = promisify(execFile);
const ZONE = 'America/Los_Angeles'; // the demo agency's
const PAGE = 20;

let server;

before(async () => { server = await startServer({ demo: true }); });
after(async () => { if (server) await server.stop(); });

/** Rows of an SQL query on the server's database, as arrays of strings. */
async function sql(query) {
  const { stdout } = await execFileP('sqlite3', ['-readonly', '-separator', '\t', server.dbPath, query],
    { env: { ...process.env, TZ: ZONE } });
  return stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** The numbers of published requests an SQL condition on r selects, newest first. */
async function publishedNumbers(where = '1') {
  const rows = await sql(`SELECT r.number FROM requests AS r WHERE r.published = 1 AND (${where})` +
    ' ORDER BY r.received_at DESC, r.id DESC');
  return rows.map((r) => r[0]);
}

/** GET as JSON, asserting 200. */
async function json(path) {
  const r = await server.getJSON(path);
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  return r.json;
}

/** GET as HTML, asserting 200. */
async function html(path) {
  const res = await server.get(path);
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type'), /text\/html/);
  return text;
}

/** Every row of a JSON listing, following next_url to the end. */
async function walk(path) {
  const rows = [];
  const seen = new Set();
  for (let next = path; next;) {
    assert.ok(!seen.has(next), `next_url loops back to ${next}`);
    seen.add(next);
    const page = await json(next);
    assert.ok(page.requests.length <= PAGE);
    if (page.next_url) assert.equal(page.requests.length, PAGE, `a short page with a next page: ${next}`);
    rows.push(...page.requests);
    next = page.next_url;
  }
  return rows;
}

const numbersIn = (page) => [...page.matchAll(/<h3 class="request-row-title"><a href="\/requests\/([0-9]+-[0-9]+)">/g)]
  .map((m) => m[1]);
const nextLink = (page) => {
  const m = /<a href="([^"]+)" rel="next">/.exec(page);
  return m ? m[1].replace(/&amp;/g, '&') : null;
};

/** Today's date in the agency's zone, "YYYY-MM-DD". */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
}

test('the first page has 20 published requests, newest first', async () => {
  const page = await json('/requests');
  assert.equal(page.requests.length, PAGE);
  const received = page.requests.map((r) => r.received);
  assert.deepEqual(received, [...received].sort().reverse());
  const want = await publishedNumbers();
  assert.deepEqual(page.requests.map((r) => r.number), want.slice(0, PAGE));
  assert.match(page.next_url, /^\/requests\?after=-?\d+_\d+$/);
  const body = await html('/requests');
  assert.deepEqual(numbersIn(body), want.slice(0, PAGE));
  for (const r of page.requests) {
    assert.ok(r.status_label.length > 0);
    assert.ok(body.includes(`>${r.status_label}</span>`), `no status text for ${r.number}`);
  }
});

test('next-page links walk the archive without overlap or gap', async () => {
  const all = await walk('/requests');
  const numbers = all.map((r) => r.number);
  assert.deepEqual(numbers, await publishedNumbers());
  assert.equal(new Set(numbers).size, numbers.length, 'a request appears twice');
  const received = all.map((r) => r.received);
  assert.deepEqual(received, [...received].sort().reverse());

  // The HTML pages' "Next page" links give the same sequence.
  let path = '/requests';
  const shown = [];
  for (let i = 0; i < 3; i++) {
    const body = await html(path);
    shown.push(...numbersIn(body));
    path = nextLink(body);
    assert.ok(path, `no next link on page ${i + 1}`);
  }
  assert.deepEqual(shown, numbers.slice(0, 3 * PAGE));
});

test('sort=oldest pages the same rows in the other order', async () => {
  const oldest = (await walk('/requests?sort=oldest')).map((r) => r.number);
  assert.deepEqual(oldest, (await publishedNumbers()).reverse());
  const page = await json('/requests?sort=oldest');
  assert.match(page.next_url, /[?&]sort=oldest(&|$)/);
});

test('status filters: closed, open, paused, overdue, due soon', async () => {
  const now = today();
  const until = (await json('/requests')).due_soon_until; // business days ahead
  const cases = {
    closed: "r.status = 'closed'",
    open: "r.status = 'open'",
    paused: "r.status = 'paused'",
    overdue: `r.status <> 'closed' AND r.due_date < '${now}'`,
    due_soon: `r.status <> 'closed' AND r.due_date BETWEEN '${now}' AND '${until}'`,
  };
  for (const [status, where] of Object.entries(cases)) {
    const rows = await walk(`/requests?status=${status}`);
    const want = await publishedNumbers(where);
    if (status !== 'due_soon') assert.ok(want.length > 0, `the demo has no ${status} request`);
    assert.deepEqual(rows.map((r) => r.number), want, `status=${status}`);
    for (const r of rows) {
      if (status === 'overdue') assert.equal(r.overdue, true, r.number);
      else if (status === 'due_soon') assert.equal(r.due_soon, true, r.number);
      else assert.equal(r.status, status, r.number);
    }
  }
});

test('department and received-date filters', async () => {
  const [[dept, name]] = await sql("SELECT id, name FROM departments WHERE short_name = 'LAPD'");
  const rows = await walk(`/requests?department=${dept}`);
  assert.deepEqual(rows.map((r) => r.number), await publishedNumbers(
    `r.id IN (SELECT request_id FROM request_departments WHERE department_id = ${dept})`));
  for (const r of rows) assert.ok(r.departments.some((d) => d.name === name), r.number);

  const day = (n) => `(SELECT date(received_at, 'unixepoch', 'localtime') FROM requests`
    + ` ORDER BY received_at LIMIT 1 OFFSET ${n})`;
  const [[from, to]] = await sql(`SELECT ${day(50)}, ${day(120)}`);
  const ranged = await walk(`/requests?from=${from}&to=${to}&status=closed`);
  const want = await publishedNumbers(`r.status = 'closed' AND date(r.received_at, 'unixepoch', 'localtime')`
    + ` BETWEEN '${from}' AND '${to}'`);
  assert.ok(want.length > 0);
  assert.deepEqual(ranged.map((r) => r.number), want);

  // The filters stay in the next-page link and in the form.
  const page = await json(`/requests?department=${dept}&from=2019-01-01`);
  assert.match(page.next_url, new RegExp(`department=${dept}&from=2019-01-01&after=`));
  const body = await html(`/requests?department=${dept}&from=2019-01-01`);
  assert.match(body, new RegExp(`<option value="${dept}" selected>`));
  assert.match(body, /name="from" type="date" value="2019-01-01"/);
  // A day with no request: an empty list that says so.
  const none = await html('/requests?from=1990-01-01&to=1990-01-02');
  assert.deepEqual(numbersIn(none), []);
  assert.match(none, /No published request matches these filters\./);
});

test('invalid filters get 400 naming the field', async () => {
  const cases = [
    ['status=bogus', 'status'], ['from=2019-02-30', 'from'], ['to=yesterday', 'to'],
    ['department=abc', 'department'], ['department=0', 'department'], ['page=2', 'page'],
    ['sort=random', 'sort'], ['from=2020-05-01&to=2020-04-30', 'to'],
    ['after=bogus', 'after'], ['after=12_0', 'after'], ['after=_5', 'after'],
    ['q=lacris&after=1600000000_5', 'after'], ['q=' + 'x'.repeat(201), 'q'],
    ['status=open&status=closed', 'status'],
  ];
  for (const [query, field] of cases) {
    const r = await server.getJSON(`/requests?${query}`);
    assert.equal(r.status, 400, `${query}: ${r.text.slice(0, 200)}`);
    assert.ok(r.json.error.fields[field], `${query}: ${r.text.slice(0, 300)}`);
    assert.match(r.json.error.message, new RegExp(`'${field}'`));
    const res = await server.get(`/requests?${query}`);
    const body = await res.text();
    assert.equal(res.status, 400);
    assert.ok(body.includes(`The parameter &#39;${field}&#39;`), `${query}: no message naming ${field}`);
  }
});

test('q finds "facial recognition" in 19-5156 with the match marked', async () => {
  const page = await json('/requests?q=facial+recognition');
  const hit = page.requests.find((r) => r.number === '19-5156');
  assert.ok(hit, JSON.stringify(page.requests.map((r) => r.number)));
  assert.match(hit.snippet_html, /<mark>facial<\/mark>/i);
  assert.equal(page.searching, true);
  const body = await html('/requests?q=facial+recognition');
  assert.match(body, /<mark>facial<\/mark>/i);
  assert.ok(numbersIn(body).includes('19-5156'));
  // The header's search box keeps the query; there is one search form.
  assert.match(body, /<input id="site-search-q" name="q" type="search" value="facial recognition"/);
  assert.equal(body.match(/role="search"/g).length, 1);
  assert.equal(body.match(/id="site-search-q"/g).length, 1);
  // Filters apply to matches: 19-5156 is closed, not open.
  const open = await json('/requests?q=facial+recognition&status=open');
  assert.ok(!open.requests.some((r) => r.number === '19-5156'));
  const none = await html('/requests?q=zyxwvut');
  assert.match(none, /No published request matches “zyxwvut”\./);
});

test('search pages list each request once, and only published ones', async () => {
  const rows = await walk('/requests?q=records');
  const numbers = rows.map((r) => r.number);
  assert.ok(numbers.length > PAGE, `only ${numbers.length} results`);
  assert.equal(new Set(numbers).size, numbers.length, 'a request appears twice');
  const published = new Set(await publishedNumbers());
  for (const n of numbers) assert.ok(published.has(n), `${n} is not published`);
  for (const r of rows) assert.match(r.snippet_html, /<mark>/i, r.number);
});

test('FTS5 syntax in q never fails the page', async () => {
  const queries = ['"', '""', '"facial', 'facial"', '(', ')', '()', '*', 'facial*', '* facial',
    'NEAR(', 'NEAR(facial recognition)', 'facial AND', 'OR', 'NOT facial', '-facial', '^facial',
    'body:facial', '{title body}: x', "'", '\\', '%', 'a"b(c)d*e', '—', 'é', '😀', '漢字'];
  for (const q of queries) {
    const path = `/requests?q=${encodeURIComponent(q)}`;
    const r = await server.getJSON(path);
    assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
    assert.ok(Array.isArray(r.json.requests));
    const res = await server.get(path);
    await res.text();
    assert.equal(res.status, 200, path);
  }
  // Only punctuation: the page asks for words.
  assert.match(await html('/requests?q=%22%28%29*'), /Type a word to search for/);
  // Syntax around words is dropped; the words are still searched.
  const plain = await json(`/requests?q=${encodeURIComponent('(facial) "recognition*"')}`);
  assert.ok(plain.requests.some((r) => r.number === '19-5156'));
});

test('internal notes never reach public search; public messages do', async () => {
  for (const words of ['vendor quoted', 'basement digitized']) {
    const [first, second] = words.split(' ');
    // The note is in the demo, on a published request, at staff level only.
    const notes = await sql("SELECT e.level, r.published FROM events AS e JOIN requests AS r"
      + ` ON r.id = e.request_id WHERE e.body LIKE '%${first}%' AND e.body LIKE '%${second}%'`);
    assert.ok(notes.some(([level, published]) => level === 'staff' && published === '1'),
      `the demo has no published request with the note "${words}"`);
    assert.ok(notes.every(([level]) => level === 'staff'));
    const r = await json(`/requests?q=${encodeURIComponent(words)}`);
    assert.deepEqual(r.requests, [], `"${words}" found: ${JSON.stringify(r.requests[0])}`);
  }
  const want = await publishedNumbers("r.id IN (SELECT request_id FROM events WHERE level = 'public'"
    + " AND hidden = 0 AND body LIKE '%unable to open the attachment%')");
  assert.ok(want.length > 0);
  const found = (await walk('/requests?q=unable+open+attachment')).map((r) => r.number);
  assert.deepEqual([...found].sort(), [...want].sort());
});

test('the JSON carries the same rows as the page', async () => {
  for (const path of ['/requests?status=closed&sort=oldest', '/requests?q=records&status=closed']) {
    const page = await json(path);
    const body = await html(path);
    assert.deepEqual(numbersIn(body), page.requests.map((r) => r.number), path);
    assert.equal(nextLink(body), page.next_url);
    const viaSuffix = await json(path.replace('/requests', '/requests.json'));
    assert.deepEqual(viaSuffix.requests, page.requests);
  }
});

test('home page: figures over published requests, five recent requests', async () => {
  const home = await json('/');
  const open = (await walk('/requests?status=open')).length + (await walk('/requests?status=paused')).length;
  assert.equal(home.figures.open, open);
  const year = Number(today().slice(0, 4));
  assert.equal(home.figures.year, year);
  const [[closed]] = await sql("SELECT count(*) FROM requests WHERE published = 1 AND status = 'closed'"
    + ` AND closed_at >= strftime('%s', '${year}-01-01', 'utc')`);
  assert.equal(home.figures.closed_this_year, Number(closed));
  assert.ok(Number(closed) > 0);
  assert.match(home.figures.median_label, /^(\d+ days?|less than a day)$/);
  const [[allOpen]] = await sql("SELECT count(*) FROM requests WHERE status <> 'closed'");
  assert.ok(Number(allOpen) > open, 'the demo should have unpublished open requests to leave out');

  const newest = await publishedNumbers();
  assert.deepEqual(home.recent.map((r) => r.number), newest.slice(0, 5));
  const body = await html('/');
  assert.deepEqual(numbersIn(body), newest.slice(0, 5));
  assert.match(body, new RegExp(`<dt>Open requests</dt><dd>${open}</dd>`));
  assert.match(body, new RegExp(`<dt>Closed in ${year}</dt><dd>${closed}</dd>`));
  assert.ok(body.includes(home.figures.median_label));
  assert.match(body, /<a class="button button-large" href="\/requests\/new">Make a request<\/a>/);
  assert.equal(body.match(/id="site-search-q"/g).length, 1);
});
