// The background worker and the mailer under trouble, with a real SMTP
// server (smtp-server) on loopback: the server down then up, answering
// 4xx, refusing for longer than the give-up period; Disclose stopped or
// killed in the middle of a send; two `disclose serve` processes on one
// database. Every email arrives exactly once (counted by Message-ID), and
// every job runs once.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { DISCLOSE_BIN, runCommand, sanitizerReports, sqlite } from './harness.mjs';
import { startMailServer } from './mail_server.mjs';

const FAST = {
  DISCLOSE_WORKER_POLL_MS: '100',
  DISCLOSE_WORKER_RETRY_SECONDS: '1',
};

let dir;
let dbPath;
const dirs = [];

// Each test gets its own database.
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'disclose-worker-'));
  dirs.push(dir);
  dbPath = path.join(dir, 'disclose.db');
  await runCommand(['init', '--db', dbPath, '--admin-email', 'admin@example.org',
    '--admin-password', 'worker-test-password-1']);
});
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/**
 * Runs `disclose serve` on the shared database until stop() (SIGTERM; checks
 * a clean exit) or kill() (SIGKILL).
 */
async function serve(smtpUrl, { env = {}, args = [] } = {}) {
  const child = spawn(DISCLOSE_BIN, ['serve', '--address', '127.0.0.1', '--port', '0',
    '--db', dbPath, '--data-dir', path.join(dir, 'data'), '--public-url', 'https://records.example.gov',
    '--smtp-url', smtpUrl, ...args],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...FAST, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "listening on"; stderr:\n${stderr}`)), 15000);
    child.stderr.on('data', (c) => {
      stderr += c;
      if (/listening on/.test(stderr)) { clearTimeout(t); resolve(); }
    });
    exited.then(() => { clearTimeout(t); reject(new Error(`exited early:\n${stderr}`)); });
  });
  return {
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      const t0 = Date.now();
      const res = await exited;
      assert.ok(Date.now() - t0 < 10000, 'stopped within 10 s');
      assert.deepEqual(sanitizerReports(stderr), [], stderr);
      assert.equal(res.code, 0, stderr);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const sql = (q) => sqlite(dbPath, q);

let seq = 0;
/** Queues n emails in one transaction, as notifications do; returns their Message-IDs. */
async function queue(n, to = 'reader@example.org') {
  const ids = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const id = `test-${process.pid}-${++seq}@records.example.gov`;
    ids.push(id);
    rows.push(`('${to}', 'Test ${seq}', 'Body ${seq}', '${id}', unixepoch(), unixepoch())`);
  }
  await sql('BEGIN; INSERT INTO outbox (to_addr, subject, body_text, message_id, ' +
    `next_attempt_at, created_at) VALUES ${rows.join(', ')}; COMMIT;`);
  return ids;
}

async function row(messageId) {
  const [r] = await sql(`SELECT status, attempts, last_error, sent_at FROM outbox WHERE message_id = '${messageId}'`);
  return r;
}

async function until(pred, ms = 15000, what = 'a condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls the outbox row of messageId until pred(row) is true (15 s at most); returns that row. */
function rowWhen(messageId, pred, what) {
  return until(async () => { const x = await row(messageId); return pred(x) && x; }, 15000, what);
}

/** How many times each Message-ID arrived. */
function arrivals(smtp, ids) {
  return ids.map((id) => smtp.messages.filter((m) => m.mail.messageId === `<${id}>`).length);
}

/**
 * Waits until the email with Message-ID id reached smtp, waits settleMs more
 * for any second copy, and asserts it arrived exactly once.
 */
async function expectArrivedOnce(smtp, id, settleMs = 1000) {
  await smtp.waitFor(() => arrivals(smtp, [id])[0] === 1);
  await new Promise((res) => setTimeout(res, settleMs));
  assert.deepEqual(arrivals(smtp, [id]), [1]);
}

describe('the SMTP server is down, then up', () => {
  test('the email waits, is retried with growing delays, and arrives once', async () => {
    const smtp = await startMailServer();
    await smtp.stop();
    const disclose = await serve(smtp.url);
    try {
      const [id] = await queue(1);
      const r = await rowWhen(id, (x) => x.attempts >= 2 && x.last_error, 'two attempts');
      assert.ok(['queued', 'sending'].includes(r.status), r.status);
      assert.match(r.last_error, /connect/i);
      await smtp.start();
      await expectArrivedOnce(smtp, id, 1500);
      assert.equal((await row(id)).status, 'sent');
    } finally {
      await disclose.stop();
      await smtp.stop();
    }
  });
});

describe('the SMTP server answers 4xx', () => {
  test('the email is retried until accepted, once', async () => {
    const smtp = await startMailServer();
    smtp.state.refuse = { code: 451, message: 'Greylisted, try again later' };
    const disclose = await serve(smtp.url);
    try {
      const [id] = await queue(1);
      const r = await rowWhen(id, (x) => x.attempts >= 2 && x.last_error, 'two attempts');
      assert.ok(['queued', 'sending'].includes(r.status), r.status);
      assert.match(r.last_error, /451/);
      assert.equal(smtp.messages.length, 0);
      smtp.state.refuse = null;
      await expectArrivedOnce(smtp, id);
      const done = await row(id);
      assert.equal(done.status, 'sent');
      assert.equal(done.last_error, null);
    } finally {
      await disclose.stop();
      await smtp.stop();
    }
  });
});

describe('a restart in the middle of a send', () => {
  test('SIGTERM: the send is abandoned, the email queued again and sent once after the restart', async () => {
    const smtp = await startMailServer();
    smtp.state.stall = true;
    let disclose = await serve(smtp.url);
    let stopped = false;
    try {
      const [id] = await queue(1);
      await until(() => smtp.state.stalled >= 1, 15000, 'the send to stall');
      await disclose.stop();
      stopped = true;
      const r = await row(id);
      assert.equal(r.status, 'queued');
      assert.equal(r.last_error, 'stopped while sending');
      assert.equal(smtp.messages.length, 0);
      smtp.state.stall = false;
      disclose = await serve(smtp.url);
      stopped = false;
      await expectArrivedOnce(smtp, id);
      assert.equal((await row(id)).status, 'sent');
    } finally {
      if (!stopped) await disclose.stop();
      await smtp.stop();
    }
  });

  test('SIGKILL: the lease runs out and the next process sends it, once', async () => {
    const smtp = await startMailServer();
    smtp.state.stall = true;
    const env = { DISCLOSE_WORKER_LEASE_SECONDS: '2' };
    const first = await serve(smtp.url, { env });
    const [id] = await queue(1);
    await until(() => smtp.state.stalled >= 1, 15000, 'the send to stall');
    await first.kill();
    const held = await row(id);
    assert.equal(held.status, 'sending');
    assert.equal(held.attempts, 1);
    smtp.state.stall = false;
    const second = await serve(smtp.url, { env });
    try {
      await expectArrivedOnce(smtp, id);
      const sent = await row(id);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.attempts, 2);
    } finally {
      await second.stop();
      await smtp.stop();
    }
  });
});

describe('two server processes on one database', () => {
  test('each email is sent once and each job runs once', async () => {
    const smtp = await startMailServer();
    const a = await serve(smtp.url, { args: ['--workers', '2'] });
    const b = await serve(smtp.url, { args: ['--workers', '2'] });
    try {
      const ids = await queue(40);
      await sql('BEGIN; ' + Array.from({ length: 40 }, () =>
        "INSERT INTO jobs (kind, run_at, created_at) VALUES ('test.unknown', 0, 0);").join(' ') +
        ' COMMIT;');
      await smtp.waitFor(() => arrivals(smtp, ids).every((n) => n >= 1), 30000, '40 emails');
      await until(async () => (await sql(
        "SELECT count(*) AS n FROM jobs WHERE kind = 'test.unknown' AND status = 'queued'"))[0].n === 0,
      15000, 'the jobs');
      await new Promise((res) => setTimeout(res, 1500));
      assert.deepEqual(arrivals(smtp, ids), Array(40).fill(1));
      const rows = await sql("SELECT status, attempts, count(*) AS n FROM outbox WHERE message_id LIKE 'test-%' " +
        `AND message_id IN (${ids.map((i) => `'${i}'`).join(',')}) GROUP BY status, attempts`);
      assert.deepEqual(rows, [{ status: 'sent', attempts: 1, n: 40 }]);
      const jobs = await sql("SELECT status, attempts, count(*) AS n FROM jobs WHERE kind = 'test.unknown' " +
        'GROUP BY status, attempts');
      assert.deepEqual(jobs, [{ status: 'failed', attempts: 1, n: 40 }]);
    } finally {
      await a.stop();
      await b.stop();
      await smtp.stop();
    }
  });
});

describe('an email never accepted', () => {
  test('fails after the give-up period, and the admins hear of it once the server is back', async () => {
    const smtp = await startMailServer();
    await smtp.stop();
    const disclose = await serve(smtp.url, { args: ['--mail-give-up', '3'] });
    try {
      const [id] = await queue(1, 'lost@example.org');
      const r = await rowWhen(id, (x) => x.status === 'failed', 'the email to fail');
      assert.ok(r.attempts >= 2, `tried ${r.attempts} times`);
      const [notice] = await sql("SELECT to_addr, subject, status, body_text FROM outbox " +
        "WHERE subject LIKE '%could not be delivered%' ORDER BY id DESC LIMIT 1");
      assert.equal(notice.to_addr, 'admin@example.org');
      assert.match(notice.body_text, /To: lost@example\.org/);
      await smtp.start();
      // The notice itself waited; with a give-up of 3 s it may fail too, but
      // a failed notice never makes another one.
      await until(async () => (await sql(
        "SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')"))[0].n === 0,
      15000, 'the outbox to settle');
      const notices = await sql("SELECT count(*) AS n FROM outbox WHERE subject LIKE '%could not be delivered%'");
      assert.equal(notices[0].n, 1);
    } finally {
      await disclose.stop();
      await smtp.stop();
    }
  });
});

describe('TLS and login', () => {
  /** A self-signed certificate for 127.0.0.1, in dir. */
  async function certificate() {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1']);
    return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8'), certPath: cert };
  }

  test('STARTTLS with a login, and implicit TLS (smtps://), check the certificate', async () => {
    const { key, cert, certPath } = await certificate();
    const login = { user: 'portal', pass: 's3cret pass' };
    const starttls = await startMailServer({ tls: 'starttls', key, cert, login });
    const implicit = await startMailServer({ tls: 'implicit', key, cert });
    const env = { DISCLOSE_SMTP_PASSWORD: login.pass };
    const a = await serve(starttls.url, {
      env, args: ['--smtp-starttls', '--smtp-user', login.user, '--smtp-ca-file', certPath],
    });
    try {
      const [id] = await queue(1);
      await starttls.waitFor(() => arrivals(starttls, [id])[0] === 1);
      const m = starttls.messages[0];
      assert.equal(m.secure, true);
      assert.equal(m.user, 'portal');
    } finally {
      await a.stop();
      await starttls.stop();
    }
    const b = await serve(`smtps://127.0.0.1:${implicit.port}`, { args: ['--smtp-ca-file', certPath] });
    try {
      const [id] = await queue(1);
      await implicit.waitFor(() => arrivals(implicit, [id])[0] === 1);
      assert.equal(implicit.messages[0].secure, true);
    } finally {
      await b.stop();
      await implicit.stop();
    }
  });

  test('an unknown certificate or a server without STARTTLS: nothing is sent, the email waits', async () => {
    const { key, cert } = await certificate();
    const tlsServer = await startMailServer({ tls: 'implicit', key, cert });
    const plain = await startMailServer();
    const a = await serve(`smtps://127.0.0.1:${tlsServer.port}`);
    try {
      const [id] = await queue(1);
      const r = await rowWhen(id, (x) => x.last_error, 'a failed attempt');
      assert.match(r.last_error, /certificate|SSL/i);
      assert.equal(tlsServer.messages.length, 0);
    } finally {
      await a.stop();
      await tlsServer.stop();
    }
    await sql("DELETE FROM outbox");
    const b = await serve(plain.url, { args: ['--smtp-starttls'] });
    try {
      const [id] = await queue(1);
      const r = await rowWhen(id, (x) => x.last_error, 'a failed attempt');
      assert.ok(['queued', 'sending'].includes(r.status));
      assert.match(r.last_error, /STARTTLS|SSL|TLS/i);
      assert.equal(plain.messages.length, 0);
    } finally {
      await b.stop();
      await plain.stop();
    }
  });
});
