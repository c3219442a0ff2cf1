// Anonymous pages come from the page cache, and the cache never serves a
// page older than the database: a write by this server (a submission) and a
// write by another process (the sqlite3 tool) both show at once.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { startServer } from './harness.mjs';

const execFileP = promisify(execFile);
let server;

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server?.stop(); });

async function sql(query) {
  await execFileP('sqlite3', [server.dbPath, query]);
}

async function openCount() {
  const res = await server.getJSON('/');
  assert.equal(res.status, 200);
  return res.json.figures.open;
}

test('the same anonymous page twice is the same bytes', async () => {
  const a = await (await server.get('/requests/19-5156')).text();
  const b = await (await server.get('/requests/19-5156')).text();
  assert.equal(a, b);
  assert.match(a, /19-5156/);
});

test('a write by another process shows on the next request', async () => {
  const before = await openCount();
  assert.equal(await openCount(), before); /* now cached */
  await sql("UPDATE requests SET published = 1, published_at = unixepoch() WHERE id = " +
    "(SELECT id FROM requests WHERE published = 0 AND status = 'open' LIMIT 1)");
  assert.equal(await openCount(), before + 1);
});

test('a submission to this server shows on the next request', async () => {
  await sql("UPDATE settings SET value = 'submission' WHERE key = 'publish_default'");
  const before = await openCount();
  const visitor = server.client();
  await visitor.csrf('/requests/new');
  const res = await visitor.post('/requests',
    { description: 'Cache check: the fleet maintenance logs for 2025.' },
    { headers: { accept: 'application/json' } });
  assert.equal(res.status, 201);
  const { number } = (await res.json()).request;
  assert.equal(await openCount(), before + 1);
  const archive = await server.getJSON('/requests');
  assert.equal(archive.json.requests[0].number, number);
});
