// Real-world email through `disclose mail-in`: every message of the corpus
// in ../shared/data/emails (the test corpus of the Ruby mail library, MIT
// licensed: see its LICENSE; odd charsets and broken MIME included) is
// delivered to a request twice, once as it is and once from the request's
// requester. Each delivery exits 0 without a sanitizer report and ends
// posted, held or kept (never lost, never stuck), and all the text that
// was stored, and the pages that show it, are valid UTF-8.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startServer } from './harness.mjs';
import { mailIn, replyAddress } from './mail_harness.mjs';

const CORPUS = path.resolve(process.env.SHARED_DIR || '../shared', 'data/emails');
const PASSWORD = 'demo-password-2026';

function corpusFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...corpusFiles(p));
    else if (e.isFile() && e.name !== 'LICENSE') out.push(p);
  }
  return out.sort();
}

/** The message with its From header(s) replaced by from. */
function fromRequester(raw, from) {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const rest = m ? text.slice(m.index) : '\n\n';
  const lines = head.split(/\r?\n/);
  const kept = [];
  let skipping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && skipping) continue;
    skipping = /^from:/i.test(line);
    if (!skipping) kept.push(line);
  }
  return Buffer.from(`From: ${from}\n${kept.join('\n')}${rest}`, 'latin1');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function assertUtf8(hex, what) {
  if (hex === null || hex === undefined) return;
  const text = strictUtf8.decode(Buffer.from(hex, 'hex')); // throws on invalid UTF-8
  assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f]/, `${what}: a control character`);
}

let server;
let request;
const files = corpusFiles(CORPUS);

before(async () => {
  server = await startServer({ demo: true });
  [request] = await server.sql('SELECT id, number, requester_email FROM requests ' +
    'WHERE requester_email IS NOT NULL AND published = 1 ORDER BY id LIMIT 1');
  request.address = await replyAddress(server.dbPath, request.number);
});
after(async () => { await server?.stop(); });

test('the corpus is there', () => {
  assert.ok(files.length >= 100, `${files.length} messages in ${CORPUS}`);
});

test('every message ends posted, held or kept; none crashes, none is lost', async () => {
  const [{ n: start }] = await server.sql('SELECT count(*) AS n FROM inbound_mail');
  let deliveries = 0;
  for (const file of files) {
    const raw = fs.readFileSync(file);
    for (const msg of [raw, fromRequester(raw, request.requester_email)]) {
      const r = mailIn(server.dbPath, msg, ['--recipient', request.address]);
      assert.equal(r.code, 0, `${file}: exit ${r.code}\n${r.stderr}`);
      deliveries++;
    }
  }
  const rows = await server.sql(`SELECT status, count(*) AS n FROM inbound_mail
    WHERE id > ${start} GROUP BY status`);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  assert.equal(Object.values(by).reduce((a, b) => a + b, 0), deliveries, 'one row per delivery');
  assert.deepEqual(Object.keys(by).filter((s) => !['accepted', 'held', 'rejected'].includes(s)), [],
    `statuses: ${JSON.stringify(by)}`);
  // As they are, most are from strangers; from the requester, most are posted.
  assert.ok(by.accepted >= files.length / 2, JSON.stringify(by));
  assert.ok(by.held >= files.length / 2, JSON.stringify(by));

  // Every stored text is valid UTF-8, without control characters.
  const stored = await server.sql(`SELECT id, hex(subject) AS subject, hex(from_name) AS from_name,
    hex(body_text) AS body_text, hex(full_text) AS full_text, hex(attachments_json) AS att
    FROM inbound_mail WHERE id > ${start}`);
  for (const m of stored) {
    for (const k of ['subject', 'from_name', 'body_text', 'full_text', 'att']) assertUtf8(m[k], `mail ${m.id} ${k}`);
    if (m.att) JSON.parse(Buffer.from(m.att, 'hex').toString('utf8'));
  }
  const bodies = await server.sql(`SELECT id, hex(body) AS body FROM events
    WHERE request_id = ${request.id} AND kind = 'message'`);
  assert.ok(bodies.length >= by.accepted);
  for (const e of bodies) assertUtf8(e.body, `event ${e.id}`);

  // The pages that show them render.
  const staff = server.client();
  assert.equal((await staff.signIn('kris.tu@example.gov', PASSWORD)).status, 303);
  const page = await staff.getJSON(`/requests/${request.number}`);
  assert.equal(page.status, 200);
  for (const show of ['held', 'kept', 'posted']) {
    const list = await staff.getJSON(`/staff/mail?show=${show}`);
    assert.equal(list.status, 200, show);
  }
  for (const m of stored.slice(0, 40)) {
    const one = await staff.get(`/staff/mail/${m.id}`);
    assert.equal(one.status, 200, `mail ${m.id}`);
    strictUtf8.decode(Buffer.from(await one.arrayBuffer()));
  }
});
