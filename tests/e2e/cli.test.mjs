// The command line: --help everywhere, exit codes 0 / 1 / 2 with one-line
// messages that say what to do, init idempotent, version.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { DISCLOSE_BIN, sanitizerReports } from './harness.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disclose-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs disclose with args; returns {code, stdout, stderr}. */
function run(...args) {
  const r = spawnSync(DISCLOSE_BIN, args, { encoding: 'utf8', input: '', timeout: 60_000 });
  assert.deepEqual(sanitizerReports(r.stderr), [], r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--help lists the commands; each command has its own --help', () => {
  const top = run('--help');
  assert.equal(top.code, 0);
  for (const cmd of ['serve', 'init', 'demo', 'user', 'version']) {
    assert.match(top.stdout, new RegExp(`^  ${cmd} `, 'm'));
    const own = run(cmd, '--help');
    assert.equal(own.code, 0, `${cmd} --help`);
    assert.match(own.stdout, new RegExp(`^usage: disclose ${cmd}`), `${cmd} --help`);
  }
  assert.match(run('serve', '--help').stdout, /--port PORT .*\[env DISCLOSE_PORT\]/);
});

test('usage errors exit 2 with one line', () => {
  for (const args of [[], ['nonsense'], ['serve', '--bogus'], ['serve', '--port'],
    ['serve', '--port', 'eighty'], ['serve', '--port', '70000'], ['init', 'extra']]) {
    const r = run(...args);
    assert.equal(r.code, 2, `disclose ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('a missing database is a runtime failure that says what to do', () => {
  const db = path.join(dir, 'missing.db');
  const r = run('serve', '--db', db, '--port', '0');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not exist; create it with `disclose init --db/);
});

test('init creates, then only migrates; a weak admin password is refused', () => {
  const db = path.join(dir, 'x.db');
  const weak = run('init', '--db', db, '--admin-email', 'a@example.org', '--admin-password', 'password123');
  assert.equal(weak.code, 2);
  assert.match(weak.stderr, /most common passwords/);
  const first = run('init', '--db', db, '--admin-email', 'a@example.org',
    '--admin-password', 'a long and unusual passphrase');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /admin a@example.org created/);
  const again = run('init', '--db', db);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /is ready/);
  const dup = run('init', '--db', db, '--admin-email', 'A@EXAMPLE.ORG',
    '--admin-password', 'a long and unusual passphrase');
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /an account with that email exists/);
});

test('version names the release and the schema', () => {
  const r = run('version');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^disclose \d+\.\d+\.\d+ \(database schema \d+\)$/m);
});
