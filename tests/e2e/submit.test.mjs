// Making a request: the form, its validation, the honeypot, the per-network
// limit, the JSON variant and the confirmation page, checked against the
// database with the sqlite3 command-line tool.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { startServer } from './harness.mjs';

const execFileP = promisify(execFile);

/** Runs one SQL query on the server's database; returns its rows as arrays. */
async function sql(server, query) {
  const { stdout } = await execFileP('sqlite3', ['-json', server.dbPath, query]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

async function countRequests(server) {
  return (await sql(server, 'SELECT count(*) AS n FROM requests'))[0].n;
}

/** The text of an HTML fragment, tags stripped and entities decoded. */
function text(html) {
  return html.replace(/<[^>]*>/g, ' ')
    .replace(/&quot;|&#34;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

/** The opening tag of the element with this id. */
function tagById(html, id) {
  const m = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html);
  assert.ok(m, `no element with id="${id}"`);
  return m[0];
}

/** The field's error message and its control, in order, in one .field. */
function fieldBlock(html, id) {
  const control = html.search(new RegExp(`<(input|textarea|select) [^>]*id="${id}"`));
  assert.ok(control >= 0, `no control with id="${id}"`);
  const start = html.lastIndexOf('<div class="field', control);
  return html.slice(start, html.indexOf('>', control) + 1);
}

/** A literal string as a regular expression source. */
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const year2 = String(new Date().getFullYear() % 100).padStart(2, '0');

const good = {
  description: 'All emails between the Parks office and Acme Ltd about the Elm Street playground, 2019.',
  records_from: '2019-01-01',
  records_to: '2019-12-31',
  preferred_format: 'electronic',
  name: 'Ann Example',
  email: 'ann@example.org',
  phone: '+1 555 0100',
  address: '1 Main Street\nSpringfield',
  organisation: 'Springfield Gazette',
};

describe('making a request', () => {
  let server;
  let form; // a visitor who has the form's anti-forgery token
  let department; // a demo department {id, name}

  before(async () => {
    server = await startServer({ init: false, demo: true });
    form = server.client();
    await form.csrf('/requests/new');
    [department] = await sql(server, "SELECT id, name FROM departments WHERE name LIKE 'Police%'");
    assert.ok(department, 'the demo has a police department');
  });
  after(async () => { if (server) await server.stop(); });

  test('the form labels every field, links hints and marks the required one', async () => {
    const res = await server.get('/requests/new');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<form class="request-form" method="post" action="\/requests" novalidate>/);
    for (const id of ['description', 'records_from', 'records_to', 'department', 'name', 'email',
      'phone', 'address', 'organisation', 'preferred_format-electronic',
      'preferred_format-paper', 'preferred_format-either', 'website']) {
      assert.match(html, new RegExp(`<label for="${id}">`), `a label for ${id}`);
    }
    assert.match(html, /What records do you want\? <span class="required">\(required\)<\/span>/);
    assert.match(tagById(html, 'description'), /required aria-describedby="description-hint"/);
    assert.match(html, /At most 20,000 characters/);
    assert.match(tagById(html, 'email'), /type="email".*autocomplete="email".*aria-describedby="email-hint"/);
    assert.match(html, /id="email-hint"><strong>Without an email address you will get no updates by email/);
    assert.match(tagById(html, 'name'), /autocomplete="name"/);
    assert.match(tagById(html, 'phone'), /type="tel".*autocomplete="tel"/);
    assert.match(tagById(html, 'address'), /autocomplete="street-address"/);
    assert.match(tagById(html, 'organisation'), /autocomplete="organization"/);
    assert.match(tagById(html, 'records_from'), /type="date"/);
    assert.ok(html.includes(`<option value="${department.id}">${department.name}</option>`));
    // The honeypot: off-screen, hidden from assistive technology, out of the tab order.
    assert.match(html, /<div class="trap" aria-hidden="true">/);
    assert.match(tagById(html, 'website'), /tabindex="-1" autocomplete="off"/);
    assert.doesNotMatch(html, /error-summary|aria-invalid/);
  });

  test('a valid submission is saved and redirects to its confirmation', async () => {
    const before_ = await countRequests(server);
    const t0 = Math.floor(Date.now() / 1000);
    const res = await form.post('/requests', { ...good, department: String(department.id) });
    const t1 = Math.ceil(Date.now() / 1000);
    assert.equal(res.status, 303);
    const location = res.headers.get('location');
    const m = new RegExp(`^/requests/(${year2}-\\d+)/submitted\\?receipt=([\\w-]{43})$`).exec(location);
    assert.ok(m, `Location ${location} is the confirmation of a request of this year, with its receipt`);
    const number = m[1];

    assert.equal(await countRequests(server), before_ + 1);
    const [row] = await sql(server, `SELECT id, description, records_from_date, records_to_date,
      preferred_format, channel, status, received_at, due_date, requester_name, requester_email,
      requester_phone, requester_address, requester_organisation
      FROM requests WHERE number = '${number}'`);
    assert.equal(row.description, good.description);
    assert.equal(row.records_from_date, '2019-01-01');
    assert.equal(row.records_to_date, '2019-12-31');
    assert.equal(row.preferred_format, 'electronic');
    assert.equal(row.channel, 'web');
    assert.equal(row.status, 'open');
    assert.ok(row.received_at >= t0 && row.received_at <= t1, 'received now, by the server clock');
    assert.equal(row.requester_name, 'Ann Example');
    assert.equal(row.requester_email, 'ann@example.org');
    assert.equal(row.requester_phone, '+1 555 0100');
    assert.equal(row.requester_address, '1 Main Street\nSpringfield');
    assert.equal(row.requester_organisation, 'Springfield Gazette');

    const events = await sql(server, `SELECT kind, body FROM events WHERE request_id = ${row.id} ORDER BY id`);
    assert.deepEqual(events, [
      { kind: 'opened', body: 'Request received via web' },
      { kind: 'department_assigned', body: department.name },
    ]);
    const audit = await sql(server, `SELECT action, ip FROM audit_log WHERE request_id = ${row.id}`);
    assert.deepEqual(audit, [{ action: 'request_created', ip: '127.0.0.1' }]);

    const page = await server.get(location);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`<h1>Your request <span class="reqno">${number}</span> has been received</h1>`));
    const due = new Date(`${row.due_date}T12:00:00Z`).toLocaleDateString('en-US',
      { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    assert.match(html, new RegExp(`The law gives us until <strong>${due}</strong> to respond`));
    assert.match(html, /How this date was worked out: Received \w+day /);
    assert.match(html, new RegExp(`<a class="button" href="/requests/${number}">Go to request ${number}</a>`));
    assert.doesNotMatch(html, /no updates by email/);
    // Only the number and dates: nothing of the contact details or the text.
    for (const secret of ['Ann Example', 'ann@example.org', '555 0100', 'Main Street', 'Gazette', 'Elm Street']) {
      assert.ok(!html.includes(secret), `the confirmation shows ${secret}`);
    }
  });

  test('without an email the confirmation repeats that no updates come by email', async () => {
    const res = await form.post('/requests', { description: 'Budget of the fire department, 2024.' });
    assert.equal(res.status, 303);
    const location = res.headers.get('location');
    assert.match(location, new RegExp(`^/requests/${year2}-\\d+/submitted\\?receipt=[\\w-]{43}&no_email=1$`));
    const html = await (await server.get(location)).text();
    assert.match(html, /<h2>You will get no updates by email<\/h2>/);
  });

  test('JSON: 201 with the number, address and due date; 400 naming the fields', async () => {
    const res = await form.post('/requests', { description: 'Minutes of the 2024 council meetings.' },
      { headers: { accept: 'application/json' } });
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.match(body.request.number, new RegExp(`^${year2}-\\d+$`));
    assert.equal(body.request.url, `/requests/${body.request.number}`);
    assert.equal(res.headers.get('location'), body.request.url);
    const [row] = await sql(server, `SELECT due_date FROM requests WHERE number = '${body.request.number}'`);
    assert.equal(body.request.due_date, row.due_date);

    const n = await countRequests(server);
    const bad = await form.post('/requests',
      { description: '', email: 'nobody', department: '99999', records_from: '2019-02-30' },
      { headers: { accept: 'application/json' } });
    assert.equal(bad.status, 400);
    const err = (await bad.json()).error;
    assert.equal(err.status, 400);
    assert.equal(typeof err.message, 'string');
    assert.deepEqual(err.fields, {
      description: 'is required',
      email: 'must be an email address like name@example.org',
      records_from: 'must be a date written YYYY-MM-DD',
      department: 'is not one of our departments: choose one from the list',
    });
    assert.equal(await countRequests(server), n);
  });

  const bad = [
    { why: 'an empty description', form: { description: '   ' }, field: 'description',
      error: 'Description is required', kept: ['name', 'Ann Example'] },
    { why: 'a 100 KB description', form: { description: 'x'.repeat(100 * 1024) }, field: 'description',
      error: 'Description must be at most 20000 characters (it has 102400)', kept: ['email', 'ann@example.org'] },
    { why: 'a malformed email', form: { email: 'ann@example' }, field: 'email',
      error: 'Email must be an email address like name@example.org', kept: ['name', 'Ann Example'] },
    { why: 'an impossible date', form: { records_from: '2019-02-30' }, field: 'records_from',
      error: 'Start date must be a date written YYYY-MM-DD', kept: ['records_to', '2019-12-31'] },
    { why: 'a date in words', form: { records_to: 'yesterday' }, field: 'records_to',
      error: 'End date must be a date written YYYY-MM-DD', kept: ['records_from', '2019-01-01'] },
    { why: 'an end before the start', form: { records_from: '2020-05-01', records_to: '2020-04-30' },
      field: 'records_to', error: 'End date must not be before the start date',
      kept: ['records_from', '2020-05-01'] },
    { why: 'a line break in a one-line field', form: { name: 'Ann\nExample' }, field: 'name',
      error: 'Name contains control characters', kept: ['organisation', 'Springfield Gazette'] },
    { why: 'a carriage return in the phone number', form: { phone: '555\r0100' }, field: 'phone',
      error: 'Phone contains control characters', kept: ['email', 'ann@example.org'] },
    { why: 'an unknown department', form: { department: '99999' }, field: 'department',
      error: 'Department is not one of our departments: choose one from the list',
      kept: ['name', 'Ann Example'] },
    { why: 'a department that is not a number', form: { department: 'police' }, field: 'department',
      error: 'Department must be a whole number', kept: ['name', 'Ann Example'] },
    { why: 'an unknown format', form: { preferred_format: 'fax' }, field: 'preferred_format',
      anchor: 'preferred_format-electronic', error: 'Preferred format is not one of the allowed values',
      kept: ['name', 'Ann Example'] },
  ];

  for (const c of bad) {
    test(`${c.why} re-shows the form with the error by its field and saves nothing`, async () => {
      const n = await countRequests(server);
      const res = await form.post('/requests', { ...good, ...c.form });
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, /<title>Error: Make a records request/);
      // The summary at the top links to the field.
      const summary = html.slice(html.indexOf('<div class="error-summary" role="alert"'), html.indexOf('<h1>'));
      assert.ok(summary.length > 0, 'an error summary before the heading');
      assert.ok(summary.includes(`<a href="#${c.anchor ?? c.field}">${c.error}</a>`),
        `summary links to #${c.anchor ?? c.field} with "${c.error}": ${text(summary)}`);
      // The message sits by its field, which points at it.
      if (!c.anchor) {
        const block = fieldBlock(html, c.field);
        assert.match(block, new RegExp(`<p class="error-message" id="${c.field}-error"><span class="visually-hidden">Error:</span> ${re(c.error)}</p>`));
        assert.match(block, new RegExp(`aria-describedby="[^"]*\\b${c.field}-error"`));
        assert.match(block, /aria-invalid="true"/);
      } else {
        assert.ok(html.includes(`id="${c.field}-error"><span class="visually-hidden">Error:</span> ${c.error}</p>`));
      }
      // What the person typed elsewhere is still there.
      const [keptField, keptValue] = c.kept;
      assert.match(tagById(html, keptField), new RegExp(`value="${re(keptValue)}"`));
      if (c.field !== 'description') {
        assert.ok(html.includes(`>${good.description}</textarea>`), 'the description is kept');
      }
      assert.equal(await countRequests(server), n);
    });
  }

  test('control characters are refused before the form (HTTP layer) and nothing is saved', async () => {
    const n = await countRequests(server);
    const res = await form.post('/requests', { ...good, organisation: 'Acme\u0007' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /control character in field 'organisation'/);
    assert.equal(await countRequests(server), n);
  });

  test('a filled honeypot gets a neutral 400 and nothing is saved', async () => {
    const n = await countRequests(server);
    const res = await form.post('/requests', { ...good, website: 'http://spam.example' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.ok(text(html).includes('Your request could not be accepted. If you are a person, please try ' +
      'again without filling in hidden fields.'));
    assert.ok(!html.includes('spam.example'), 'the honeypot value is not shown again');
    assert.doesNotMatch(html, /aria-invalid/);
    assert.equal(await countRequests(server), n);
    const json = await form.post('/requests', { ...good, website: 'x' }, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 400);
    assert.match((await json.json()).error.message, /could not be accepted/);
    assert.equal(await countRequests(server), n);
  });

  test('an unknown form field is named in the summary', async () => {
    const res = await form.post('/requests', { ...good, colour: 'red' });
    assert.equal(res.status, 400);
    assert.ok(text(await res.text()).includes('The field “colour” is not a known field'));
  });

  test('the confirmation of an unknown number is 404; of an old request, its page', async () => {
    assert.equal((await server.get(`/requests/${year2}-99999/submitted`)).status, 404);
    const old = await server.get('/requests/19-5156/submitted');
    assert.equal(old.status, 303);
    assert.equal(old.headers.get('location'), '/requests/19-5156');
  });
});

describe('the confirmation of a request not published yet', () => {
  let server;
  let form;
  before(async () => {
    server = await startServer();
    form = server.client();
    await form.csrf('/requests/new');
  });
  after(async () => { if (server) await server.stop(); });

  test('the confirmation is for whoever holds its receipt, before the request is published', async () => {
    const made = await form.post('/requests', { description: 'Payroll of the parks department, 2024.' });
    const location = made.headers.get('location');
    const [, number, receipt] = /^\/requests\/([\d-]+)\/submitted\?receipt=([\w-]+)/.exec(location);
    const other = await form.post('/requests', { description: 'Payroll of the water department, 2024.' });
    const otherReceipt = /receipt=([\w-]+)/.exec(other.headers.get('location'))[1];
    assert.notEqual(otherReceipt, receipt, 'a receipt is for one request');
    assert.equal((await server.get(location)).status, 200, 'the receipt shows it to anyone');
    // Without it, the request is not published: the same 404 as a number
    // that does not exist, for the public and for another requester.
    const stranger = server.client();
    await server.addUser({ email: 'stranger@example.org', role: 'requester', password: 'stranger password 2026' });
    assert.equal((await stranger.signIn('stranger@example.org', 'stranger password 2026')).status, 303);
    for (const path of [`/requests/${number}/submitted`,
      `/requests/${number}/submitted?receipt=${otherReceipt}`,
      `/requests/${number}/submitted?receipt=${receipt.slice(0, -1)}${receipt.endsWith('A') ? 'B' : 'A'}`]) {
      for (const [who, res] of [['anonymous', await server.get(path)], ['another requester', await stranger.get(path)]]) {
        assert.equal(res.status, 404, `${who}: ${path}`);
        const html = await res.text();
        assert.match(html, /There is no request with this number\./);
        assert.doesNotMatch(html, new RegExp(`(?<![\\d-])${number}(?!\\d)`), `${who}: ${path} does not name the request`);
      }
    }
    // Staff may see every request, so its confirmation too.
    await server.addUser({ email: 'clerk@example.org', role: 'staff', password: 'clerk password 2026' });
    const clerk = server.client();
    assert.equal((await clerk.signIn('clerk@example.org', 'clerk password 2026')).status, 303);
    assert.equal((await clerk.get(`/requests/${number}/submitted`)).status, 200);
  });
});

describe('the per-network limit', () => {
  let server;
  let form;
  before(async () => {
    server = await startServer();
    form = server.client();
    await form.csrf('/requests/new');
  });
  after(async () => { if (server) await server.stop(); });

  test('the 6th submission from one address within 10 minutes gets 429 and keeps nothing', async () => {
    // Forms with errors do not count.
    for (let i = 0; i < 3; i++) {
      assert.equal((await form.post('/requests', { description: '' })).status, 400);
    }
    for (let i = 1; i <= 5; i++) {
      const res = await form.post('/requests', { description: `Request number ${i}` });
      assert.equal(res.status, 303, `submission ${i}`);
    }
    assert.equal(await countRequests(server), 5);
    const res = await form.post('/requests', { description: 'One too many' });
    assert.equal(res.status, 429);
    const wait = Number(res.headers.get('retry-after'));
    assert.ok(wait > 500 && wait <= 600, `Retry-After ${wait} is about ten minutes`);
    const html = await res.text();
    assert.match(text(html), /Nothing you entered was saved\. Please try again after \w+ \d+, \d{4}, \d+:\d\d[ap]m\./);
    assert.ok(!html.includes('One too many'));
    const json = await form.post('/requests', { description: 'One too many' },
      { headers: { accept: 'application/json' } });
    assert.equal(json.status, 429);
    const err = (await json.json()).error;
    assert.ok(err.retry_after > 500 && err.retry_after <= 600);
    assert.equal(await countRequests(server), 5);
    // The form itself is still there.
    assert.equal((await server.get('/requests/new')).status, 200);
  });
});
