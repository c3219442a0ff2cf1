// The policy matrix: for every surface, every role and every item level,
// whether the item shows. Items carry unique marker strings planted in the
// database; a cell is "visible" when the surface's answer contains the item's
// marker (or, for a count, when the item's request is counted).
//
// Levels (one planted request each, all made by the same requester account):
//   public      a public event on a published request
//   requester   a "Requester + Staff" event on a published request
//   staff       a staff-only event on a published request
//   hidden      a public event staff hid from the public, on a published request
//   unpublished the request itself (its description), not published
//
// A new surface joins by adding one entry to SURFACES: how to fetch it as a
// role, and its expected table (role -> one 0/1 per level, in LEVELS order).
// The request page, archive, search and document surfaces get the same kind
// of entry when they exist; the planted data already has its search rows.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { startServer } from './harness.mjs';

const PASSWORD = 'matrix password 2026';
const ROLES = ['anonymous', 'other_requester', 'requester', 'staff', 'publisher',
  'department_admin', 'admin'];
const LEVELS = ['public', 'requester', 'staff', 'hidden', 'unpublished'];

const run = randomBytes(4).toString('hex');
/** The marker of each level's item: none is a substring of another. */
const MARKER = {
  public: `mx${run}publicevent`,
  requester: `mx${run}requesterevent`,
  staff: `mx${run}staffevent`,
  hidden: `mx${run}hiddenevent`,
  unpublished: `mx${run}unpublisheddesc`,
};

const V = 1;
const _ = 0;
/** A table where every role gets the same row. */
const everyone = (row) => Object.fromEntries(ROLES.map((r) => [r, row]));

/** "My requests" lists the viewer's own requests: only their requester sees
 * these, with what the requester of a request may see (hidden events too,
 * staff-only ones never). Staff roles see their own requests there: none. */
const MY_REQUESTS = {
  //                 public requester staff hidden unpublished
  anonymous:        [_,     _,        _,    _,     _],
  other_requester:  [_,     _,        _,    _,     _],
  requester:        [V,     V,        _,    V,     V],
  staff:            [_,     _,        _,    _,     _],
  publisher:        [_,     _,        _,    _,     _],
  department_admin: [_,     _,        _,    _,     _],
  admin:            [_,     _,        _,    _,     _],
};

/** The home page counts open published requests: the same for everyone, and
 * never the unpublished one. */
const HOME_COUNTS = everyone([V, V, V, V, _]);

const SURFACES = [
  {
    name: 'home page counts (HTML)',
    kind: 'count',
    async fetch(c) {
      const res = await c.get('/');
      const html = await res.text();
      const m = /<dt>Open requests<\/dt><dd>(\d+)<\/dd>/.exec(html);
      return { status: res.status, count: m ? Number(m[1]) : NaN, body: html };
    },
    status: () => 200,
    expect: HOME_COUNTS,
  },
  {
    name: 'home page counts (JSON)',
    kind: 'count',
    async fetch(c) {
      const { status, json, text } = await c.getJSON('/');
      return { status, count: json?.figures?.open, body: text };
    },
    status: () => 200,
    expect: HOME_COUNTS,
  },
  {
    name: 'my requests (HTML)',
    kind: 'markers',
    async fetch(c) {
      const res = await c.get('/account/requests');
      return { status: res.status, body: await res.text() };
    },
    status: (role) => (role === 'anonymous' ? 401 : 200),
    expect: MY_REQUESTS,
  },
  {
    name: 'my requests (JSON)',
    kind: 'markers',
    async fetch(c) {
      const { status, text } = await c.getJSON('/account/requests');
      return { status, body: text };
    },
    status: (role) => (role === 'anonymous' ? 401 : 200),
    expect: MY_REQUESTS,
  },
];

/** Plants the five requests and their events for the owner, with their
 * search rows (the public-visibility rule of the store, then an index
 * rebuild), in one transaction. */
async function plant(server, ownerId) {
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  const statements = ['BEGIN'];
  LEVELS.forEach((level, i) => {
    const seq = 7001 + i;
    const published = level !== 'unpublished';
    const t = `unixepoch() - ${86400 * (10 - i)}`;
    const description = level === 'unpublished' ? MARKER.unpublished
      : `Records of the ${level} matrix request`;
    statements.push(`INSERT INTO requests (number, year, seq, description, status, published,
      published_at, received_at, channel, due_date, requester_id, requester_email, requester_name,
      created_at, updated_at) VALUES ('26-${seq}', 2026, ${seq}, ${q(description)}, 'open',
      ${published ? 1 : 0}, ${published ? t : 'NULL'}, ${t}, 'web', date('now', '+30 days'),
      ${ownerId}, 'owner@example.com', 'Owner', ${t}, ${t})`);
    const request = `(SELECT id FROM requests WHERE number = '26-${seq}')`;
    statements.push(`INSERT INTO events (request_id, kind, level, created_at, body)
      VALUES (${request}, 'opened', 'public', ${t}, 'Request received via web')`);
    if (level !== 'unpublished') {
      const eventLevel = level === 'hidden' ? 'public' : level;
      const kind = level === 'staff' ? 'internal_note' : 'message';
      const hidden = level === 'hidden' ? '1, unixepoch()' : '0, NULL';
      statements.push(`INSERT INTO events (request_id, kind, level, hidden, hidden_at,
        created_at, body) VALUES (${request}, '${kind}', '${eventLevel}', ${hidden},
        ${t} + 3600, ${q(MARKER[level])})`);
    }
    statements.push(`INSERT INTO search_items (kind, item_id, request_id)
      SELECT 'request', id, id FROM requests WHERE id = ${request}
      UNION ALL SELECT 'event', id, request_id FROM events
      WHERE request_id = ${request} AND body IS NOT NULL`);
  });
  statements.push(`UPDATE search_items SET in_public =
    coalesce((SELECT published FROM requests WHERE id = request_id), 0)
    AND CASE kind WHEN 'request' THEN 1
    WHEN 'event' THEN (SELECT level = 'public' AND hidden = 0 FROM events WHERE id = item_id)
    ELSE 0 END`);
  statements.push("INSERT INTO search_all (search_all) VALUES ('rebuild')");
  statements.push("INSERT INTO search_public (search_public) VALUES ('rebuild')");
  statements.push('COMMIT');
  await server.sql(statements.join(';\n'));
}

let server;
const clients = {};

before(async () => {
  server = await startServer();
  const ids = {};
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    const stored = role === 'other_requester' ? 'requester' : role;
    ids[role] = await server.addUser({ email: `${role}@matrix.example`, name: `Matrix ${role}`, role: stored, password: PASSWORD });
  }
  await plant(server, ids.requester);
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
    (SELECT count(*) FROM search_items s WHERE s.request_id = r.id AND s.in_public = 1) AS public_items
    FROM requests r JOIN users u ON u.id = r.requester_id ORDER BY r.number`);
  assert.deepEqual(rows, [
    { number: '26-7001', published: 1, role: 'requester', events: 2, public_items: 3 },
    { number: '26-7002', published: 1, role: 'requester', events: 2, public_items: 2 },
    { number: '26-7003', published: 1, role: 'requester', events: 2, public_items: 2 },
    { number: '26-7004', published: 1, role: 'requester', events: 2, public_items: 2 },
    { number: '26-7005', published: 0, role: 'requester', events: 1, public_items: 0 },
  ]);
});

for (const surface of SURFACES) {
  describe(surface.name, () => {
    for (const role of ROLES) {
      test(role, async () => {
        const expected = surface.expect[role];
        assert.equal(expected.length, LEVELS.length, 'one cell per level');
        const got = await surface.fetch(clients[role]);
        assert.equal(got.status, surface.status(role), `${surface.name} as ${role}: status`);
        if (surface.kind === 'count') {
          const want = expected.reduce((a, b) => a + b, 0);
          assert.equal(got.count, want,
            `${surface.name} as ${role}: counts ${LEVELS.filter((l, i) => expected[i]).join(', ')}`);
        }
        // Markers: every cell, on every surface (a count never shows one).
        LEVELS.forEach((level, i) => {
          const visible = surface.kind === 'markers' && expected[i] === V;
          assert.equal(got.body.includes(MARKER[level]), visible,
            `${surface.name} as ${role}, ${level} item: expected ${visible ? 'visible' : 'not visible'}`);
        });
      });
    }
  });
}

test('every surface has a cell for every role and level', () => {
  for (const s of SURFACES) {
    assert.deepEqual(Object.keys(s.expect).sort(), [...ROLES].sort(), s.name);
    for (const role of ROLES) assert.equal(s.expect[role].length, LEVELS.length, `${s.name} ${role}`);
  }
});
