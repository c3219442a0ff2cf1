// The policy matrix: for every surface, every role and every item level,
// whether the item shows. Items carry unique marker strings planted in the
// database; a cell is "visible" when the surface's answer contains the
// item's marker.
//
// Levels (one planted request each, all made by the same requester account,
// each with its own requester contact details):
//   public      a public event and a released public document, on a
//               published request
//   requester   a "Requester + Staff" event and a released document at
//               level requester, on a published request
//   staff       an internal note and a released staff document, on a
//               published request
//   hidden      a public event staff hid from the public and a public
//               document not released yet, on a published request
//   unpublished the request itself (its description) and a released public
//               document, on a request not published, received an hour ago
//
// Every cell asserts every kind of thing a surface could show:
//   listed     the answer names the request (its number)
//   items      the level's event (the description for unpublished)
//   documents  the level's document
//   contact    each of the requester's contact details (name, email, phone,
//              address, organisation)
// with, for surfaces fetched once per level, no trace of another level's
// request, and, for lists, the count they show.
//
// A new surface joins by adding one entry to SURFACES: how to fetch it as a
// role (once, or once per level), the status it answers, and its expected
// tables (role -> one 0/1 per level, in LEVELS order) for the kinds it may
// show; a kind without a table must never show.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { runCommand, startServer } from './harness.mjs';

const PASSWORD = 'matrix password 2026';
const ROLES = ['anonymous', 'other_requester', 'requester', 'staff', 'publisher',
  'department_admin', 'admin'];
/** The roles whose level on the planted requests is public. */
const PUBLIC_ROLES = ['anonymous', 'other_requester'];
const LEVELS = ['public', 'requester', 'staff', 'hidden', 'unpublished'];
const NUMBER = Object.fromEntries(LEVELS.map((l, i) => [l, `26-${7001 + i}`]));

const run = randomBytes(4).toString('hex');
/** Markers: none is a substring of another. */
const ITEM = {
  public: `mx${run}publicevent`,
  requester: `mx${run}requesterevent`,
  staff: `mx${run}staffevent`,
  hidden: `mx${run}hiddenevent`,
  unpublished: `mx${run}unpublisheddesc`,
};
const DOC = Object.fromEntries(LEVELS.map((l) => [l, `mx${run}${l}doc`]));
/** A task on each planted request, for the staff account (tasks are staff
 * only, whatever the request's level). */
const TASK = Object.fromEntries(LEVELS.map((l) => [l, `mx${run}${l}task`]));
const CONTACT = Object.fromEntries(LEVELS.map((l) => [l, {
  name: `Owner mx${run}${l}name`,
  email: `mx${run}${l}@contact.example`,
  phone: `mx${run}${l}phone`,
  address: `mx${run}${l}address`,
  organisation: `mx${run}${l}org`,
}]));

/** What each kind looks for in an answer, for a level. */
const MARKS = {
  listed: (l) => [new RegExp(`(?<![0-9])${NUMBER[l]}(?![0-9])`)],
  items: (l) => [ITEM[l]],
  documents: (l) => [DOC[l]],
  contact: (l) => Object.values(CONTACT[l]),
  tasks: (l) => [TASK[l]],
};
const KINDS = Object.keys(MARKS);
const present = (text, mark) => (typeof mark === 'string' ? text.includes(mark) : mark.test(text));

const V = 1;
const _ = 0;
/** A table where every role gets the same row. */
const everyone = (row) => Object.fromEntries(ROLES.map((r) => [r, row]));
/** A table by the viewer's level: the public roles, the request's own
 * requester, the staff roles (staff, publisher, department admin, admin). */
const byLevel = (pub, own, staffRow) => ({
  anonymous: pub, other_requester: pub, requester: own,
  staff: staffRow, publisher: staffRow, department_admin: staffRow, admin: staffRow,
});
const NONE = everyone([_, _, _, _, _]);

/** Public lists (home, archive) show every published request to everyone:
 * they are public-only lists, whoever looks. */
const PUBLISHED = everyone([V, V, V, V, _]);
/** Planted due dates: public, requester and unpublished are due soon; staff
 * and hidden are overdue. */
const DUE_SOON = everyone([V, V, _, _, _]);
const OVERDUE = everyone([_, _, V, V, _]);

/** Public search reads only the public index, for every role: the public
 * event or document of a published request, nothing else. Staff search (the
 * staff index, search_all) is not built yet; when it is, staff roles get
 * [V, V, V, V, V] there and this table stays the public search's. */
const PUBLIC_SEARCH = everyone([V, _, _, _, _]);

/** The request page: the public sees published requests, public items not
 * hidden; the requester their own requests with requester-level and hidden
 * items, never staff ones; staff everything. */
const PAGE = {
  listed: byLevel([V, V, V, V, _], [V, V, V, V, V], [V, V, V, V, V]),
  items: byLevel([V, _, _, _, _], [V, V, _, V, V], [V, V, V, V, V]),
  // A document not released yet is for staff only.
  documents: byLevel([V, _, _, _, _], [V, V, _, _, V], [V, V, V, V, V]),
  contact: byLevel([_, _, _, _, _], [V, V, V, V, V], [V, V, V, V, V]),
  // Tasks: staff only, on every request.
  tasks: byLevel([_, _, _, _, _], [_, _, _, _, _], [V, V, V, V, V]),
};
const pageStatus = (role, level) => (level === 'unpublished' && PUBLIC_ROLES.includes(role) ? 404 : 200);

/** "My requests" lists the viewer's own requests: only their requester sees
 * these, with the latest update the requester may see (hidden events too,
 * staff-only ones never). Staff roles see their own requests there: none. */
const MY_REQUESTS = {
  listed: byLevel([_, _, _, _, _], [V, V, V, V, V], [_, _, _, _, _]),
  items: byLevel([_, _, _, _, _], [V, V, _, V, V], [_, _, _, _, _]),
};
const myStatus = (role) => (role === 'anonymous' ? 401 : 200);

/** Email held for staff names its request and shows its text to staff
 * only, whatever the request's level. */
const STAFF_MAIL = {
  listed: byLevel([_, _, _, _, _], [_, _, _, _, _], [V, V, V, V, V]),
  items: byLevel([_, _, _, _, _], [_, _, _, _, _], [V, V, V, V, V]),
};
const staffOnly = (role) => (role === 'anonymous' ? 401 : PUBLIC_ROLES.includes(role) || role === 'requester' ? 403 : 200);

/** The region of an HTML list page that holds its rows ('' when none). */
const listOf = (html, cls) => new RegExp(`<ol class="${cls}">[\\s\\S]*?</ol>`).exec(html)?.[0] ?? '';
const rowsIn = (html) => (listOf(html, 'request-list').match(/<li class="request-row">/g) ?? []).length;
/** A search page repeats its query (title, heading, form fields): what is
 * left once those echoes are taken out is what the search found, where a
 * match shows as <mark>QUERY</mark>. */
const withoutEcho = (text, q) => text.replace(new RegExp(`(?<!<mark>)${q}`, 'g'), '');

async function html(c, path) {
  const res = await c.get(path);
  const body = await res.text();
  return { status: res.status, body, shown: body };
}

async function json(c, path) {
  const { status, json: j, text } = await c.getJSON(path);
  return { status, body: text, shown: text, json: j };
}

/** The staff dashboard: for staff roles only (401 anonymous, 403 other
 * signed-in people); its queues hold every request, published or not. */
const staffStatus = (role) => {
  if (role === 'anonymous') return 401;
  return ['other_requester', 'requester'].includes(role) ? 403 : 200;
};

/** A staff queue as HTML and JSON: row is what staff roles find listed
 * (one 0/1 per level); an unpublished request's description is its item. */
function staffQueue(name, queue, row) {
  const none = [_, _, _, _, _];
  const shows = {
    listed: byLevel(none, none, row),
    items: byLevel(none, none, [_, _, _, _, row[4]]),
  };
  return [
    {
      name: `${name} (HTML)`,
      async fetch(c) {
        const got = await html(c, `/staff?queue=${queue}`);
        return { ...got, count: got.status === 200 ? rowsIn(got.body) : 0 };
      },
      status: staffStatus,
      shows,
      count: true,
    },
    {
      name: `${name} (JSON)`,
      async fetch(c) {
        const got = await json(c, `/staff?queue=${queue}`);
        return { ...got, count: got.status === 200 ? got.json?.queue?.count : 0 };
      },
      status: staffStatus,
      shows,
      count: true,
    },
  ];
}

/** "My tasks" on the dashboard as HTML and JSON: the planted tasks are the
 * staff account's, so only it finds them (with their requests' numbers);
 * no request's description or contact details show there. */
function myTasks() {
  const none = [_, _, _, _, _];
  const staffOnly = { ...everyone(none), staff: [V, V, V, V, V] };
  const shows = { listed: staffOnly, tasks: staffOnly };
  return [
    {
      name: 'staff dashboard, my tasks (HTML)',
      async fetch(c) {
        const got = await html(c, '/staff?queue=tasks');
        return { ...got, count: (got.body.match(/<li class="task"/g) ?? []).length };
      },
      status: staffStatus,
      shows,
      count: true,
    },
    {
      name: 'staff dashboard, my tasks (JSON)',
      async fetch(c) {
        const got = await json(c, '/staff?queue=tasks');
        return { ...got, count: got.status === 200 ? got.json?.queue?.count : 0 };
      },
      status: staffStatus,
      shows,
      count: true,
    },
  ];
}

/** A query string, or a function that makes it from the planted ids. */
const qs = (query) => (typeof query === 'function' ? query() : query);

/** The archive at query, as HTML and JSON: the rows it lists and how many. */
function archive(name, query, listed) {
  return [
    {
      name: `${name} (HTML)`,
      async fetch(c) {
        const got = await html(c, `/requests${qs(query)}`);
        return { ...got, count: rowsIn(got.body) };
      },
      shows: { listed },
      count: true,
    },
    {
      name: `${name} (JSON)`,
      async fetch(c) {
        const got = await json(c, `/requests${qs(query)}`);
        assert.equal(got.json?.requests?.length, got.json?.count, `${name}: count is the rows`);
        return { ...got, count: got.json?.count };
      },
      shows: { listed },
      count: true,
    },
  ];
}

/** Public search for each level's marker of a kind, with extra filters. */
function search(name, kind, marker, filters, table) {
  return [
    {
      name: `${name} (HTML)`,
      perLevel: true,
      async fetch(c, level) {
        const q = marker[level];
        const got = await html(c, `/requests?q=${q}${qs(filters)}`);
        return { ...got, shown: withoutEcho(got.body, q), count: rowsIn(got.body) };
      },
      shows: { listed: table, [kind]: table },
      count: true,
    },
    {
      name: `${name} (JSON)`,
      perLevel: true,
      async fetch(c, level) {
        const q = marker[level];
        const got = await json(c, `/requests?q=${q}${qs(filters)}`);
        return { ...got, shown: withoutEcho(got.body, q), count: got.json?.count };
      },
      shows: { listed: table, [kind]: table },
      count: true,
    },
  ];
}

let server;
const clients = {};
const ids = {};
const docIds = {};
let department;

const SURFACES = [
  {
    name: 'home page: newest requests and open count (HTML)',
    async fetch(c) {
      const got = await html(c, '/');
      const m = /<dt>Open requests<\/dt><dd>(\d+)<\/dd>/.exec(got.body);
      return { ...got, count: m ? Number(m[1]) : NaN };
    },
    shows: { listed: PUBLISHED },
    count: true,
  },
  {
    name: 'home page: newest requests and open count (JSON)',
    async fetch(c) {
      const got = await json(c, '/');
      assert.equal(got.json?.recent?.length, 4, 'the home page lists the four published requests');
      return { ...got, count: got.json?.figures?.open };
    },
    shows: { listed: PUBLISHED },
    count: true,
  },
  ...archive('archive', '', PUBLISHED),
  ...archive('archive, oldest first', '?sort=oldest', PUBLISHED),
  ...archive('archive, open', '?status=open', PUBLISHED),
  ...archive('archive, open, oldest first', '?status=open&sort=oldest', PUBLISHED),
  ...archive('archive, due soon', '?status=due_soon', DUE_SOON),
  ...archive('archive, due soon, oldest first', '?status=due_soon&sort=oldest', DUE_SOON),
  ...archive('archive, overdue', '?status=overdue', OVERDUE),
  ...archive('archive, overdue, oldest first', '?status=overdue&sort=oldest', OVERDUE),
  ...archive('archive, department', () => `?department=${department}`, PUBLISHED),
  ...archive('archive, department, oldest first', () => `?department=${department}&sort=oldest`, PUBLISHED),
  ...archive('archive, department, due soon', () => `?department=${department}&status=due_soon`, DUE_SOON),
  ...archive('archive, received range', () => `?from=${day(-30)}&to=${day(2)}`, PUBLISHED),
  ...search('search, events and descriptions', 'items', ITEM, '', PUBLIC_SEARCH),
  ...search('search, documents', 'documents', DOC, '', PUBLIC_SEARCH),
  ...search('search, events and descriptions, open, department', 'items', ITEM,
    () => `&status=open&department=${department}`, PUBLIC_SEARCH),
  ...staffQueue('staff dashboard, due soon', 'due_soon', [V, V, _, _, V]),
  ...staffQueue('staff dashboard, overdue', 'overdue', [_, _, V, V, _]),
  ...staffQueue('staff dashboard, unassigned', 'unassigned', [_, _, _, _, _]),
  ...staffQueue('staff dashboard, all requests', 'all', [V, V, V, V, V]),
  ...myTasks(),
  {
    name: 'request page (HTML)',
    perLevel: true,
    fetch: (c, level) => html(c, `/requests/${NUMBER[level]}`),
    status: pageStatus,
    shows: PAGE,
  },
  {
    name: 'request page (JSON, .json suffix)',
    perLevel: true,
    async fetch(c, level) {
      const got = await json(c, `/requests/${NUMBER[level]}.json`);
      // Contact details are only ever under request.requester.
      if (got.json?.request) {
        const { requester, ...rest } = got.json.request;
        for (const m of MARKS.contact(level)) {
          assert.ok(!JSON.stringify(rest).includes(m), `${NUMBER[level]}: ${m} only under "requester"`);
        }
      }
      return got;
    },
    status: pageStatus,
    shows: PAGE,
  },
  {
    // The confirmation shown after making a request on the web. The
    // published requests were received days ago: their confirmation is a
    // redirect to the request page. The unpublished one was received an
    // hour ago: the confirmation shows to those who may see the request (its
    // maker, without an account, holds a receipt: submit.test.mjs).
    name: 'request confirmation (HTML)',
    perLevel: true,
    async fetch(c, level) {
      const res = await c.get(`/requests/${NUMBER[level]}/submitted`);
      const body = await res.text();
      return { status: res.status, body, shown: `Location: ${res.headers.get('location')}\n${body}` };
    },
    status: (role, level) => (level !== 'unpublished' ? 303 : pageStatus(role, level)),
    shows: { listed: PAGE.listed },
  },
  {
    name: 'my requests (HTML)',
    fetch: (c) => html(c, '/account/requests'),
    status: myStatus,
    shows: MY_REQUESTS,
  },
  {
    name: 'my requests (JSON)',
    async fetch(c) {
      const got = await json(c, '/account/requests');
      return { ...got, count: got.status === 200 ? got.json?.total : 0 };
    },
    status: myStatus,
    shows: MY_REQUESTS,
    count: true,
  },
  {
    // My requests takes no account id: naming another's is a 400 (after
    // the 401 of the anonymous), and shows nothing.
    name: 'my requests with the owner\'s account id in the query (JSON)',
    async fetch(c) {
      const got = await json(c, `/account/requests?requester_id=${ids.requester}&user_id=${ids.requester}`);
      if (got.status === 400) {
        assert.deepEqual(Object.keys(got.json.error.fields ?? {}).sort(), ['requester_id', 'user_id'],
          'the 400 names both fields');
      }
      return got;
    },
    status: (role) => (role === 'anonymous' ? 401 : 400),
  },
  {
    // A download is the file itself (planted holding its document's
    // marker): a document one may not see is a 404, like one that does not
    // exist.
    name: 'document download /documents/{id}/{name}',
    perLevel: true,
    async fetch(c, level) {
      const res = await c.get(`/documents/${docIds[level]}/records-${level}.pdf`);
      const body = await res.text();
      return { status: res.status, body, shown: body };
    },
    status: (role, level) => (PAGE.documents[role][LEVELS.indexOf(level)] ? 200 : 404),
    shows: { documents: PAGE.documents },
  },
  {
    name: 'document page /documents/{id} (JSON)',
    perLevel: true,
    fetch: (c, level) => json(c, `/documents/${docIds[level]}`),
    status: (role, level) => (PAGE.documents[role][LEVELS.indexOf(level)] ? 200 : 404),
    shows: { documents: PAGE.documents, listed: PAGE.documents },
  },
  {
    // Every document the viewer may see, across requests, each with its
    // request's number.
    name: 'documents list /documents (JSON)',
    async fetch(c) {
      const got = await json(c, '/documents');
      return { ...got, count: got.json?.documents?.length };
    },
    shows: { documents: PAGE.documents, listed: PAGE.documents },
  },
  {
    name: 'documents list searched for the document\'s title (JSON)',
    perLevel: true,
    async fetch(c, level) {
      // The answer repeats the query (filters.q): what it found are the rows.
      const got = await json(c, `/documents?q=${DOC[level]}`);
      return { ...got, shown: JSON.stringify(got.json?.documents ?? null) };
    },
    shows: { documents: PAGE.documents, listed: PAGE.documents },
  },
  {
    // Email held for staff (staff_mail.c): staff only, every request's.
    name: 'email held for staff /staff/mail (JSON)',
    fetch: (c) => json(c, '/staff/mail'),
    status: staffOnly,
    shows: STAFF_MAIL,
  },
  {
    name: 'one email /staff/mail/{id} (HTML) and its raw source',
    perLevel: true,
    async fetch(c, level) {
      const [{ id }] = await server.sql(`SELECT id FROM inbound_mail WHERE subject = 'Mail ${level}'`);
      const page = await html(c, `/staff/mail/${id}`);
      const raw = await html(c, `/staff/mail/${id}/raw`);
      assert.equal(raw.status, page.status, 'the raw source answers as the page');
      return { ...page, shown: page.body + raw.body };
    },
    status: staffOnly,
    shows: STAFF_MAIL,
  },
];

/** A date `days` from today (UTC), YYYY-MM-DD. */
function day(days) {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
}

/** Plants the five requests with their events, documents, department and
 * search items, in one transaction; `disclose reindex` then decides what
 * the public index holds with the program's own rule. */
async function plant(ownerId) {
  const q = (s) => (s === null ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);
  const statements = ['BEGIN',
    `INSERT INTO departments (name, short_name, created_at, updated_at)
      VALUES ('Matrix Department ${run}', 'MX', unixepoch(), unixepoch())`];
  LEVELS.forEach((level, i) => {
    const seq = 7001 + i;
    const published = level !== 'unpublished';
    const t = published ? `(unixepoch() - ${86400 * (10 - i)})` : '(unixepoch() - 3600)';
    const due = ['staff', 'hidden'].includes(level) ? '-3 days' : '+2 days';
    const description = published ? `Records of the ${level} matrix request` : ITEM.unpublished;
    const who = CONTACT[level];
    statements.push(`INSERT INTO requests (number, year, seq, description, status, published,
      published_at, received_at, channel, due_date, first_due_date, requester_id, requester_name,
      requester_email, requester_phone, requester_address, requester_organisation, created_at,
      updated_at) VALUES ('26-${seq}', 2026, ${seq}, ${q(description)}, 'open',
      ${published ? 1 : 0}, ${published ? t : 'NULL'}, ${t}, 'web', date('now', '${due}'),
      date('now', '${due}'), ${ownerId}, ${q(who.name)}, ${q(who.email)}, ${q(who.phone)},
      ${q(who.address)}, ${q(who.organisation)}, ${t}, ${t})`);
    const request = `(SELECT id FROM requests WHERE number = '26-${seq}')`;
    statements.push(`INSERT INTO request_departments (request_id, department_id)
      SELECT ${request}, id FROM departments WHERE name = 'Matrix Department ${run}'`);
    statements.push(`INSERT INTO events (request_id, kind, level, created_at, body)
      VALUES (${request}, 'opened', 'public', ${t}, 'Request received via web')`);
    if (published) {
      const eventLevel = level === 'hidden' ? 'public' : level;
      const kind = level === 'staff' ? 'internal_note' : 'message';
      const hidden = level === 'hidden' ? `1, ${t} + 7200` : '0, NULL';
      statements.push(`INSERT INTO events (request_id, kind, level, hidden, hidden_at,
        created_at, body) VALUES (${request}, '${kind}', '${eventLevel}', ${hidden},
        ${t} + 3600, ${q(ITEM[level])})`);
    }
    const docLevel = ['requester', 'staff'].includes(level) ? level : 'public';
    const released = level === 'hidden' ? 'NULL' : `${t} + 1800`;
    statements.push(`INSERT INTO documents (request_id, level, kind, title, filename,
      content_type, size, sha256, storage_path, created_at, released_at) VALUES (${request},
      '${docLevel}', 'file', ${q(DOC[level])}, 'records-${level}.pdf', 'application/pdf', 1234,
      randomblob(32), 'matrix/${run}/${level}', ${t} + 1800, ${released})`);
    statements.push(`INSERT INTO search_items (kind, item_id, request_id)
      SELECT 'request', id, id FROM requests WHERE id = ${request}
      UNION ALL SELECT 'event', id, request_id FROM events
      WHERE request_id = ${request} AND body IS NOT NULL
      UNION ALL SELECT 'document', id, request_id FROM documents WHERE request_id = ${request}`);
    // An email held for staff about the request (/staff/mail), holding the
    // level's marker.
    statements.push(`INSERT INTO inbound_mail (raw, received_at, from_addr, to_addr, subject,
      body_text, full_text, status, reason, request_id, processed_at) VALUES
      (CAST(${q(`Subject: Mail ${level}\n\n${ITEM[level]}\n`)} AS BLOB), ${t}, 'sender-${level}@mail.example',
      'request-26-${seq}-0123456789abcdef0123@records.example', 'Mail ${level}', ${q(ITEM[level])},
      ${q(ITEM[level])}, 'held', 'not_requester', ${request}, ${t})`);
  });
  statements.push('COMMIT');
  await server.sql(statements.join(';\n'));
  await runCommand(['reindex', '--db', server.dbPath]);
  // The files of the planted documents, each holding its marker.
  const dir = path.join(server.dir, 'data', 'matrix', run);
  await mkdir(dir, { recursive: true });
  for (const level of LEVELS) await writeFile(path.join(dir, level), `%PDF-1.4\n% ${DOC[level]}\n`);
}

before(async () => {
  server = await startServer();
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    const stored = role === 'other_requester' ? 'requester' : role;
    ids[role] = await server.addUser({ email: `${role}@matrix.example`, name: `Matrix ${role}`, role: stored, password: PASSWORD });
  }
  await plant(ids.requester);
  await server.sql(LEVELS.map((l) => `INSERT INTO tasks (request_id, assignee_user_id, description,
    due_date, created_by, created_at) SELECT id, ${ids.staff}, '${TASK[l]}', date('now', '+5 days'),
    ${ids.admin}, unixepoch() FROM requests WHERE number = '${NUMBER[l]}'`).join(';\n'));
  for (const row of await server.sql(`SELECT r.number, d.id FROM documents d
    JOIN requests r ON r.id = d.request_id`)) {
    docIds[LEVELS.find((l) => NUMBER[l] === row.number)] = row.id;
  }
  [{ id: department }] = await server.sql(`SELECT id FROM departments WHERE name = 'Matrix Department ${run}'`);
  for (const role of ROLES) {
    clients[role] = server.client();
    if (role !== 'anonymous') {
      const res = await clients[role].signIn(`${role}@matrix.example`, PASSWORD);
      assert.equal(res.status, 303, `${role} signs in`);
    }
  }
});

after(async () => {
  await server?.stop();
});

test('the planted data is what the matrix assumes', async () => {
  const rows = await server.sql(`SELECT r.number, r.published, u.role,
    (SELECT count(*) FROM events e WHERE e.request_id = r.id) AS events,
    (SELECT count(*) FROM documents d WHERE d.request_id = r.id) AS documents,
    (SELECT count(*) FROM request_departments rd WHERE rd.request_id = r.id AND rd.published = r.published) AS departments,
    (SELECT count(*) FROM search_items s WHERE s.request_id = r.id) AS items,
    (SELECT count(*) FROM search_items s WHERE s.request_id = r.id AND s.in_public = 1) AS public_items
    FROM requests r JOIN users u ON u.id = r.requester_id ORDER BY r.number`);
  // Public items, as `disclose reindex` decided them: the description, the
  // opening event, the public event and the released public document of
  // the public request; the description and opening event of the others;
  // nothing of the unpublished one.
  assert.deepEqual(rows, [
    { number: '26-7001', published: 1, role: 'requester', events: 2, documents: 1, departments: 1, items: 4, public_items: 4 },
    { number: '26-7002', published: 1, role: 'requester', events: 2, documents: 1, departments: 1, items: 4, public_items: 2 },
    { number: '26-7003', published: 1, role: 'requester', events: 2, documents: 1, departments: 1, items: 4, public_items: 2 },
    { number: '26-7004', published: 1, role: 'requester', events: 2, documents: 1, departments: 1, items: 4, public_items: 2 },
    { number: '26-7005', published: 0, role: 'requester', events: 1, documents: 1, departments: 1, items: 3, public_items: 0 },
  ]);
  const [{ indexed }] = await server.sql(`SELECT count(*) AS indexed FROM search_public
    WHERE search_public MATCH '"${ITEM.public}" OR "${DOC.public}"'`);
  assert.equal(indexed, 2, 'the public index holds the public event and document');
});

/** Runs the cells of a surface for a role (named label): one per level. */
async function cells(surface, role, label = role) {
  const status = surface.status ?? (() => 200);
  const results = {};
  if (surface.perLevel) {
    for (const level of LEVELS) results[level] = await surface.fetch(clients[role], level);
  } else {
    const once = await surface.fetch(clients[role]);
    for (const level of LEVELS) results[level] = once;
  }
  LEVELS.forEach((level, i) => {
    const where = `${surface.name} as ${label}, ${level} item`;
    const got = results[level];
    assert.equal(got.status, status(role, level), `${where}: status`);
    for (const kind of KINDS) {
      const visible = (surface.shows?.[kind] ?? NONE)[role][i] === V;
      for (const mark of MARKS[kind](level)) {
        assert.equal(present(got.shown, mark), visible,
          `${where}: ${kind} (${mark}) expected ${visible ? 'visible' : 'not visible'}`);
      }
    }
    if (surface.count) {
      const listed = (surface.shows?.listed ?? NONE)[role];
      const want = surface.perLevel ? listed[i] : listed.reduce((a, b) => a + b, 0);
      assert.equal(got.count, want, `${where}: the count shown`);
    }
    if (surface.perLevel) {
      for (const other of LEVELS.filter((l) => l !== level)) {
        for (const kind of KINDS) {
          for (const mark of MARKS[kind](other)) {
            assert.ok(!present(got.shown, mark), `${where}: nothing of the ${other} request (${kind} ${mark})`);
          }
        }
      }
    }
  });
}

for (const surface of SURFACES) {
  describe(surface.name, () => {
    for (const role of ROLES) test(role, () => cells(surface, role));
    // Anonymous answers may come from the page cache: once more after the
    // signed-in roles, none of whose pages may have been cached for them.
    test('anonymous, after the signed-in roles', () => cells(surface, 'anonymous', 'anonymous (again)'));
  });
}

test('every surface has a cell for every role and level', () => {
  for (const s of SURFACES) {
    for (const [kind, table] of Object.entries(s.shows ?? {})) {
      assert.ok(KINDS.includes(kind), `${s.name}: ${kind} is a kind`);
      assert.deepEqual(Object.keys(table).sort(), [...ROLES].sort(), `${s.name} ${kind}`);
      for (const role of ROLES) assert.equal(table[role].length, LEVELS.length, `${s.name} ${kind} ${role}`);
    }
  }
});

test('a match that left the public index\'s list is not a public result', async () => {
  // The public search also checks each match's public flag: an index entry
  // left behind by a faulty update (the flag cleared, the entry not
  // removed) lists nothing.
  const flag = (v) => server.sql(`UPDATE search_items SET in_public = ${v} WHERE kind = 'event'
    AND item_id = (SELECT id FROM events WHERE body = '${ITEM.public}')`);
  const before = await clients.anonymous.getJSON(`/requests?q=${ITEM.public}`);
  assert.deepEqual(before.json.requests.map((r) => r.number), [NUMBER.public]);
  await flag(0);
  try {
    const stale = await clients.anonymous.getJSON(`/requests?q=${ITEM.public}`);
    assert.equal(stale.status, 200);
    assert.deepEqual(stale.json.requests, [], 'a stale public entry is no result');
  } finally {
    await flag(1);
  }
});

// ---- Items changed by staff actions ----
//
// A second matrix, on a server of its own, whose items are made through
// the staff's own forms rather than planted: an internal note, a public
// message hidden from the public, a public message lowered to Staff, and
// the text of a request as received before staff edited it (the marker is
// only in the original). One published request each, all the requester's.
// The requester sees hidden events (they are hidden from the public only)
// but not what is at level Staff; the original text is for staff alone,
// on the request page (its history) and the edit page.

const EDITS = ['note', 'hidden', 'lowered', 'original'];
const EDIT_NUMBER = Object.fromEntries(EDITS.map((e, i) => [e, `26-${7101 + i}`]));
const EDIT_ITEM = Object.fromEntries(EDITS.map((e) => [e, `ed${run}${e}item`]));
const NO_EDITS = [_, _, _, _];
const editClients = {};
/** The item's event: the message, or for the original the edit's event. */
const editEvents = {};
let editServer;

/** Each surface: fetch per item (or once), status, and the table of where
 * the item's marker shows (role -> one 0/1 per item, in EDITS order). */
const EDIT_PAGE = byLevel(NO_EDITS, [_, V, _, _], [V, V, V, V]);
const EDIT_MINE = byLevel(NO_EDITS, [_, V, _, _], NO_EDITS);
const EDIT_SURFACES = [
  { name: 'request page (HTML)', perItem: true, fetch: (c, e) => html(c, `/requests/${EDIT_NUMBER[e]}`), shows: EDIT_PAGE },
  { name: 'request page (JSON)', perItem: true, fetch: (c, e) => json(c, `/requests/${EDIT_NUMBER[e]}.json`), shows: EDIT_PAGE },
  {
    name: 'edit page of the request text (HTML)',
    perItem: true,
    fetch: (c, e) => html(c, `/requests/${EDIT_NUMBER[e]}/edit`),
    status: staffStatus,
    shows: byLevel(NO_EDITS, NO_EDITS, [_, _, _, V]),
  },
  {
    // The edit's own event shows its reason, never the text taken out.
    name: 'change page of the item\'s event (HTML)',
    perItem: true,
    fetch: (c, e) => html(c, `/requests/${EDIT_NUMBER[e]}/events/${editEvents[e]}`),
    status: staffStatus,
    shows: byLevel(NO_EDITS, NO_EDITS, [V, V, V, _]),
  },
  { name: 'home page (HTML)', fetch: (c) => html(c, '/'), shows: everyone(NO_EDITS) },
  { name: 'home page (JSON)', fetch: (c) => json(c, '/'), shows: everyone(NO_EDITS) },
  { name: 'archive (HTML)', fetch: (c) => html(c, '/requests'), shows: everyone(NO_EDITS) },
  { name: 'archive (JSON)', fetch: (c) => json(c, '/requests'), shows: everyone(NO_EDITS) },
  {
    name: 'search (HTML)',
    perItem: true,
    async fetch(c, e) {
      const got = await html(c, `/requests?q=${EDIT_ITEM[e]}`);
      assert.equal(rowsIn(got.body), 0, 'no request found');
      return { ...got, shown: withoutEcho(got.body, EDIT_ITEM[e]) };
    },
    shows: everyone(NO_EDITS),
  },
  {
    name: 'search (JSON)',
    perItem: true,
    async fetch(c, e) {
      const got = await json(c, `/requests?q=${EDIT_ITEM[e]}`);
      assert.equal(got.json?.count, 0, 'no request found');
      return { ...got, shown: withoutEcho(got.body, EDIT_ITEM[e]) };
    },
    shows: everyone(NO_EDITS),
  },
  { name: 'my requests (HTML)', fetch: (c) => html(c, '/account/requests'), status: myStatus, shows: EDIT_MINE },
  { name: 'my requests (JSON)', fetch: (c) => json(c, '/account/requests'), status: myStatus, shows: EDIT_MINE },
  {
    name: 'staff dashboard, due soon (HTML)',
    fetch: (c) => html(c, '/staff?queue=due_soon'),
    status: staffStatus,
    shows: everyone(NO_EDITS),
  },
  {
    name: 'staff dashboard, due soon (JSON)',
    fetch: (c) => json(c, '/staff?queue=due_soon'),
    status: staffStatus,
    shows: everyone(NO_EDITS),
  },
];

/** Posts a staff form of the request page (or page under it) as c. */
async function staffForm(c, number, page, action, form) {
  const res = await c.get(`/requests/${number}${page}`);
  const body = await res.text();
  assert.equal(res.status, 200, `${number}${page}`);
  c.token = /name="csrf_token" value="([^"]+)"/.exec(body)[1];
  const version = /name="version" value="(\d+)"/.exec(body)[1];
  const done = await c.post(`/requests/${number}/${action}`, { version, ...form });
  assert.equal(done.status, 303, `${number} ${action}`);
}

describe('items changed by staff: internal note, hidden event, message lowered to Staff, original text', () => {
  before(async () => {
    editServer = await startServer();
    const ids2 = {};
    for (const role of ROLES.filter((r) => r !== 'anonymous')) {
      const stored = role === 'other_requester' ? 'requester' : role;
      ids2[role] = await editServer.addUser({ email: `${role}@matrix.example`, name: `Matrix ${role}`, role: stored, password: PASSWORD });
    }
    const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
    const statements = ['BEGIN'];
    EDITS.forEach((e, i) => {
      const seq = 7101 + i;
      const t = `(unixepoch() - ${86400 * (5 - i)})`;
      const description = e === 'original' ? `Records of ${EDIT_ITEM.original} and more` : `Records of the ${e} request`;
      statements.push(`INSERT INTO requests (number, year, seq, description, status, published,
        published_at, received_at, channel, due_date, first_due_date, requester_id, requester_name,
        requester_email, created_at, updated_at) VALUES ('26-${seq}', 2026, ${seq}, ${q(description)},
        'open', 1, ${t}, ${t}, 'web', date('now', '+2 days'), date('now', '+2 days'), ${ids2.requester},
        'Matrix Owner', 'owner@contact.example', ${t}, ${t})`);
      statements.push(`INSERT INTO events (request_id, kind, level, created_at, body) SELECT id,
        'opened', 'public', ${t}, 'Request received via web' FROM requests WHERE seq = ${seq}`);
      statements.push(`INSERT INTO search_items (kind, item_id, request_id)
        SELECT 'request', id, id FROM requests WHERE seq = ${seq}
        UNION ALL SELECT 'event', e.id, e.request_id FROM events e JOIN requests r
        ON r.id = e.request_id WHERE r.seq = ${seq}`);
    });
    statements.push('COMMIT');
    await editServer.sql(statements.join(';\n'));
    await runCommand(['reindex', '--db', editServer.dbPath]);
    for (const role of ROLES) {
      editClients[role] = editServer.client();
      if (role !== 'anonymous') {
        assert.equal((await editClients[role].signIn(`${role}@matrix.example`, PASSWORD)).status, 303);
      }
    }
    // The changes, made by staff through the forms.
    const staff = editClients.staff;
    const lastEventId = async (number) => (await editServer.sql(`SELECT max(e.id) AS id FROM events e
      JOIN requests r ON r.id = e.request_id WHERE r.number = '${number}'`))[0].id;
    await staffForm(staff, EDIT_NUMBER.note, '', 'message', { body: EDIT_ITEM.note, level: 'staff' });
    editEvents.note = await lastEventId(EDIT_NUMBER.note);
    for (const e of ['hidden', 'lowered']) {
      await staffForm(staff, EDIT_NUMBER[e], '', 'message', { body: EDIT_ITEM[e], level: 'public' });
      const id = await lastEventId(EDIT_NUMBER[e]);
      editEvents[e] = id;
      assert.equal((await editClients.anonymous.getJSON(`/requests?q=${EDIT_ITEM[e]}`)).json.count, 1,
        `${e}: public before the change`);
      if (e === 'hidden') {
        await staffForm(staff, EDIT_NUMBER[e], `/events/${id}`, `events/${id}/hide`, { hide_reason: 'Matrix.' });
      } else {
        await staffForm(staff, EDIT_NUMBER[e], `/events/${id}`, `events/${id}/level`,
          { event_level: 'staff', level_reason: 'Matrix.' });
      }
    }
    assert.equal((await editClients.anonymous.getJSON(`/requests?q=${EDIT_ITEM.original}`)).json.count, 1,
      'original: public before the edit');
    await staffForm(staff, EDIT_NUMBER.original, '/edit', 'edit',
      { description: 'Records of the edited request', edit_reason: 'Matrix.' });
    editEvents.original = await lastEventId(EDIT_NUMBER.original);
  });

  after(async () => {
    await editServer?.stop();
  });

  for (const surface of EDIT_SURFACES) {
    describe(surface.name, () => {
      for (const role of [...ROLES, 'anonymous']) {
        test(role, async () => {
          const status = surface.status ?? (() => 200);
          const once = surface.perItem ? null : await surface.fetch(editClients[role]);
          for (const [i, e] of EDITS.entries()) {
            const got = once ?? await surface.fetch(editClients[role], e);
            const where = `${surface.name} as ${role}, ${e}`;
            assert.equal(got.status, status(role), `${where}: status`);
            const visible = surface.shows[role][i] === V;
            assert.equal(got.shown.includes(EDIT_ITEM[e]), visible,
              `${where}: ${EDIT_ITEM[e]} expected ${visible ? 'visible' : 'not visible'}`);
            for (const other of EDITS.filter((o) => o !== e && surface.perItem)) {
              assert.ok(!got.shown.includes(EDIT_ITEM[other]), `${where}: nothing of ${other}`);
            }
          }
        });
      }
    });
  }
});
