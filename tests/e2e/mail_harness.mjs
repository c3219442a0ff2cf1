// Helpers for the tests of replies by email: run `disclose mail-in` as an
// MTA would, and make a request's reply address from the database's key.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';

import { DISCLOSE_BIN, q, sanitizerReports, sqlite } from './harness.mjs';

/**
 * Pipes message into `disclose mail-in --db dbPath ...args`, with the data
 * directory startServer gives `serve` (next to the database); asserts that
 * no sanitizer reported anything.
 * @returns {{code: number, stderr: string}}
 */
export function mailIn(dbPath, message, args = []) {
  const dataDir = path.join(path.dirname(dbPath), 'data');
  const r = spawnSync(DISCLOSE_BIN, ['mail-in', '--db', dbPath, '--data-dir', dataDir, ...args],
    { input: message, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  const stderr = r.stderr.toString('utf8');
  assert.deepEqual(sanitizerReports(stderr), [], stderr);
  return { code: r.status, stderr };
}

/**
 * The reply address of a request: request-NUMBER-TOKEN@domain, TOKEN the first
 * 20 hex digits of HMAC-SHA-256("request:ID") with the key 'reply_address'
 * (made at first use: a message to a made-up address makes it).
 */
export async function replyAddress(dbPath, number, domain = 'records.example.gov') {
  let [key] = await sqlite(dbPath, "SELECT hex(value) AS k FROM secrets WHERE name = 'reply_address'");
  if (!key) {
    mailIn(dbPath, `From: nobody@example.org\nTo: request-${number}-${'0'.repeat(20)}@${domain}\n\nx\n`);
    [key] = await sqlite(dbPath, "SELECT hex(value) AS k FROM secrets WHERE name = 'reply_address'");
  }
  const [row] = await sqlite(dbPath, `SELECT id FROM requests WHERE number = ${q(number)}`);
  const token = createHmac('sha256', Buffer.from(key.k, 'hex')).update(`request:${row.id}`)
    .digest('hex').slice(0, 20);
  return `request-${number}-${token}@${domain}`;
}

/** The newest inbound_mail row (without raw). */
export async function lastMail(dbPath) {
  const [row] = await sqlite(dbPath, 'SELECT id, status, reason, reason_detail, request_id, ' +
    'event_id, from_addr, to_addr, subject, substr(body_text, 1, 4000) AS body_text, ' +
    'substr(full_text, 1, 4000) AS full_text, attachments_json, size, ' +
    'length(raw) AS raw_len, resolved_by FROM inbound_mail ORDER BY id DESC LIMIT 1');
  return row;
}

export { q };
