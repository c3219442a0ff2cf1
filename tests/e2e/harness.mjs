// Harness for end-to-end tests of the `disclose` binary, for node:test.
//
// startServer() makes a temp dir, initialises a database there, runs
// `disclose serve` on a free loopback port and returns a handle with the URL
// and small request helpers. Its stop() checks that the server exited cleanly
// and that no sanitizer (ASan, LSan, UBSan) reported anything, so every e2e
// test doubles as a sanitizer check when DISCLOSE_BIN is a sanitized build.
//
// Env: DISCLOSE_BIN (default build/test/disclose, relative to the cwd).

import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Path of the binary under test (env DISCLOSE_BIN, default build/test/disclose). */
export const DISCLOSE_BIN = path.resolve(process.env.DISCLOSE_BIN || 'build/test/disclose');

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const HEAD_PIECE = 8 * 1024;
const HEAD_PAUSE_MS = 5;
const WRITE_PIECE = 64 * 1024;
const SANITIZER_MARKERS = ['AddressSanitizer', 'LeakSanitizer', 'runtime error:'];

/**
 * Returns the sanitizer markers found in a server's stderr (empty when clean).
 * @param {string} text
 * @returns {string[]}
 */
export function sanitizerReports(text) {
  return SANITIZER_MARKERS.filter((m) => text.includes(m));
}

/**
 * Runs one `disclose` subcommand to completion; throws with its output on failure.
 * @param {string[]} args  e.g. ['user', 'add', '--db', path, ...]
 * @returns {Promise<{stdout: string, stderr: string}>}
 */
export async function runCommand(args) {
  try {
    return await execFileP(DISCLOSE_BIN, args, { timeout: 60_000 });
  } catch (err) {
    throw new Error(`\`disclose ${args.join(' ')}\` failed (${err.code ?? err.signal}):\n` +
      `${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/**
 * Starts a server on a free port of 127.0.0.1 with a fresh database.
 *
 * @param {object} [options]
 * @param {boolean} [options.demo=false] create the database with `disclose demo`
 *   (its staff accounts, not adminEmail/adminPassword, exist then)
 * @param {boolean} [options.init=!demo] create it with `disclose init` (demo
 *   refuses a database that exists, so the two do not go together)
 * @param {string[]} [options.args=[]]   extra arguments for `disclose serve`
 * @param {object} [options.env]         extra environment for the server
 * @returns {Promise<Server>}
 *
 * @typedef {object} Server
 * @property {string} url      base URL, e.g. http://127.0.0.1:40123 (no trailing slash)
 * @property {number} port
 * @property {string} dir      the temp dir (removed by stop())
 * @property {string} dbPath
 * @property {string} adminEmail
 * @property {string} adminPassword
 * @property {() => string} stderr  everything the server wrote to stderr so far
 * @property {() => Promise<{code: number|null, signal: string|null}>} stop
 *   SIGTERM, wait for exit, then assert exit code 0 and no sanitizer report
 * @property {(p: string, o?: {headers?: object}) => Promise<Response>} get
 * @property {(p: string, form: object, o?: {headers?: object}) => Promise<Response>} post
 * @property {(p: string) => Promise<{status: number, headers: Headers, json: any}>} getJSON
 * @property {(o?: {headers?: object}) => Client} client  a browser-like client (cookies, CSRF)
 * @property {(sql: string) => Promise<any[]>} sql  runs SQL on the database (sqlite3 CLI)
 * @property {(number: string) => Promise<any>} requestRow  the requests row of number ("26-12")
 * @property {(u: {email: string, name?: string, role?: string, password: string,
 *   department?: string}) => Promise<number>} addUser  `disclose user add`; returns the id
 */
export async function startServer(options = {}) {
  const { demo = false, init = !demo, args = [], env = {} } = options;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'disclose-e2e-'));
  const dbPath = path.join(dir, 'disclose.db');
  const adminEmail = 'admin@example.org';
  const adminPassword = randomBytes(12).toString('base64url');
  let child;
  try {
    if (init && !demo) {
      await runCommand(['init', '--db', dbPath, '--admin-email', adminEmail,
        '--admin-password', adminPassword]);
    }
    if (demo) await runCommand(['demo', '--db', dbPath]);

    child = spawn(DISCLOSE_BIN, ['serve', '--address', '127.0.0.1', '--port', '0',
      '--db', dbPath, '--data-dir', path.join(dir, 'data'), ...args],
    { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env } });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  let stderrText = '';
  // A failed spawn (ENOENT, EACCES) emits 'error' and never 'exit'.
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => {
      stderrText += `\n[cannot run ${DISCLOSE_BIN}: ${err.message}]\n`;
      resolve({ code: null, signal: null });
    });
  });

  let port;
  try {
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(
        `server did not say "listening on" within ${START_TIMEOUT_MS} ms; stderr:\n${stderrText}`)),
      START_TIMEOUT_MS);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        stderrText += chunk;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderrText);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        // Let the last stderr bytes arrive before reporting.
        setImmediate(() => reject(new Error(
          `server exited early (code ${code}, signal ${signal}); stderr:\n${stderrText}`)));
      });
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const url = `http://127.0.0.1:${port}`;
  let stopped = null;

  const server = {
    url, port, dir, dbPath, adminEmail, adminPassword,
    stderr: () => stderrText,
    stop() {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        let timer;
        const result = await Promise.race([
          exited,
          new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); }),
        ]);
        clearTimeout(timer);
        if (result === null) {
          child.kill('SIGKILL');
          await exited;
        }
        // Wait for stderr to drain so late sanitizer reports are seen.
        if (!child.stderr.readableEnded) {
          await new Promise((r) => {
            const t = setTimeout(r, 2000);
            child.stderr.once('end', () => { clearTimeout(t); r(); });
          });
        }
        try {
          if (result === null) {
            throw new Error(`server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM ` +
              `(killed); stderr:\n${stderrText}`);
          }
          const reports = sanitizerReports(stderrText);
          if (reports.length) {
            throw new Error(`sanitizer report in server stderr (${reports.join(', ')}):\n${stderrText}`);
          }
          if (result.code !== 0) {
            throw new Error(`server exited with code ${result.code}, signal ${result.signal}; ` +
              `stderr:\n${stderrText}`);
          }
          return result;
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
    get: (p, o = {}) => get(url, p, o),
    post: (p, form, o = {}) => post(url, p, form, o),
    getJSON: (p) => getJSON(url, p),
    client: (o = {}) => new Client(url, o),
    sql: (query) => sqlite(dbPath, query),
    async requestRow(number) {
      const [row] = await sqlite(dbPath, `SELECT * FROM requests WHERE number = ${q(number)}`);
      return row;
    },
    async addUser({ email, name = email.split('@')[0], role = 'staff', password, department }) {
      const args = ['user', 'add', '--db', dbPath, '--email', email, '--name', name,
        '--role', role, '--password', password];
      if (department) args.push('--department', department);
      await runCommand(args);
      const rows = await sqlite(dbPath, `SELECT id FROM users WHERE email = '${email.replace(/'/g, "''")}'`);
      return rows[0].id;
    },
  };
  return server;
}

/**
 * Runs SQL on a database file with the sqlite3 command-line shell and returns
 * the rows of the last statement as objects (empty for statements without rows).
 * @param {string} dbPath
 * @param {string} query
 * @returns {Promise<any[]>}
 */
export async function sqlite(dbPath, query) {
  const { stdout } = await execFileP('sqlite3', ['-json', '-cmd', '.timeout 5000', dbPath, query]);
  const text = stdout.trim();
  if (!text) return [];
  // -json prints one array per statement that returns rows; keep the last.
  const arrays = text.split(/\n(?=\[)/);
  return JSON.parse(arrays[arrays.length - 1]);
}

/** Reads the anti-forgery token of the first form in an HTML page (null when none). */
export function csrfTokenOf(html) {
  return /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

/**
 * A browser-like client: keeps the cookies the server sets, sends an Origin
 * header with every POST (as browsers do), and posts forms with the CSRF token
 * of the page they come from. Redirects are not followed.
 */
export class Client {
  /**
   * @param {string} base  e.g. server.url
   * @param {{headers?: object}} [o]  headers sent with every request
   */
  constructor(base, { headers = {} } = {}) {
    this.base = base;
    this.headers = headers;
    /** @type {Map<string, string>} cookie name -> value */
    this.cookies = new Map();
    /** The CSRF token of the last page read (see csrf()). */
    this.token = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) this.cookies.delete(name); else this.cookies.set(name, pair.slice(i + 1).trim());
    }
    return res;
  }

  /** GET a path. @returns {Promise<Response>} */
  async get(p, { headers = {} } = {}) {
    const cookie = this.cookieHeader();
    return this.keep(await fetch(this.base + p, {
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...headers },
      redirect: 'manual',
    }));
  }

  /** GET with Accept: application/json. @returns {Promise<{status, headers, json, text}>} */
  async getJSON(p) {
    const res = await this.get(p, { headers: { accept: 'application/json' } });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, json, text };
  }

  /**
   * POST a urlencoded form with csrf_token = o.token (default this.token, the
   * token of the last page read); o.token null sends none, and a csrf_token in
   * form wins.
   * @param {string} p
   * @param {Record<string, string|string[]>} form
   * @param {{headers?: object, token?: string|null}} [o]
   * @returns {Promise<Response>}
   */
  async post(p, form = {}, { headers = {}, token = this.token } = {}) {
    const body = new URLSearchParams();
    if (token !== null && token !== undefined && !('csrf_token' in form)) body.append('csrf_token', token);
    for (const [k, v] of Object.entries(form)) {
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    }
    const cookie = this.cookieHeader();
    return this.keep(await fetch(this.base + p, {
      method: 'POST',
      body: body.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        ...this.headers,
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      redirect: 'manual',
    }));
  }

  /**
   * POST a multipart/form-data body (see multipart()); csrf_token is added
   * from this.token unless fields has one.
   * @param {string} p
   * @param {Record<string, string>} fields
   * @param {Array<{field: string, filename: string, contentType?: string, content: Buffer|string}>} [files]
   * @param {{headers?: object}} [o]
   * @returns {Promise<Response>}
   */
  async postMultipart(p, fields = {}, files = [], { headers = {} } = {}) {
    const all = this.token && !('csrf_token' in fields) ? { csrf_token: this.token, ...fields } : fields;
    const { body, contentType } = multipart(all, files);
    const cookie = this.cookieHeader();
    return this.keep(await fetch(this.base + p, {
      method: 'POST',
      body,
      headers: {
        'content-type': contentType,
        origin: this.base,
        ...this.headers,
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      redirect: 'manual',
    }));
  }

  /** GETs page and keeps the CSRF token of its form. @returns {Promise<string>} the token */
  async csrf(page = '/login') {
    const res = await this.get(page);
    const html = await res.text();
    this.token = csrfTokenOf(html);
    if (!this.token) throw new Error(`no csrf_token in ${page} (${res.status})`);
    return this.token;
  }

  /** GETs page for its token, then POSTs form to action. @returns {Promise<Response>} */
  async submit(page, action, form, o = {}) {
    await this.csrf(page);
    return this.post(action, form, o);
  }

  /** Signs in through the login form. @returns {Promise<Response>} the POST's answer */
  async signIn(email, password, o = {}) {
    return this.submit('/login', '/login', { email, password }, o);
  }
}

const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

/**
 * A clock for a server run under libfaketime (Debian package libfaketime):
 * pass env to startServer, then set(t) moves the server's clock to the
 * unix instant t (never before it; it runs on from there). remove() when
 * done.
 * @returns {Promise<{env: Record<string, string>, set: (t: number) => Promise<void>,
 *   remove: () => Promise<void>}>}
 */
export async function fakeClock() {
  await access(FAKETIME_LIB).catch(() => {
    throw new Error(`${FAKETIME_LIB} is missing: install libfaketime (scripts/deps.sh test)`);
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'disclose-clock-'));
  const file = path.join(dir, 'faketime');
  await writeFile(file, '+0\n');
  return {
    env: {
      LD_PRELOAD: FAKETIME_LIB,
      FAKETIME_TIMESTAMP_FILE: file,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      // libfaketime comes before the sanitizer runtime in the library list.
      ASAN_OPTIONS: 'verify_asan_link_order=0',
    },
    async set(t) {
      const offset = Math.ceil(t - Date.now() / 1000);
      await writeFile(file, `${offset >= 0 ? '+' : ''}${offset}\n`);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The date n calendar days after iso ("YYYY-MM-DD"), as YYYY-MM-DD. */
export function addDays(iso, n) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The next weekday (Monday to Friday) on or after iso. */
export function weekdayFrom(iso) {
  let d = iso;
  while ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}

/** The password of every account of the demo database (startServer({demo: true})). */
export const DEMO_PASSWORD = 'demo-password-2026';

/**
 * Quotes a value as an SQL string literal (for the queries tests pass to server.sql).
 * @param {unknown} s
 * @returns {string}
 */
export const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

/**
 * A new client of server signed in through the login form; asserts that the
 * sign-in was accepted (303).
 * @param {Server} server
 * @param {string} email
 * @param {string} [password=DEMO_PASSWORD]
 * @returns {Promise<Client>}
 */
export async function signedInClient(server, email, password = DEMO_PASSWORD) {
  const client = server.client();
  assert.equal((await client.signIn(email, password)).status, 303);
  return client;
}

/**
 * Returns a function that hands out the items one at a time (in order) and
 * fails the test with "the demo has enough <what>" when none is left.
 * @template T
 * @param {T[]} items  taken from (shifted)
 * @param {string} what  e.g. 'open requests'
 * @returns {() => T}
 */
export function oneAtATime(items, what) {
  return () => {
    const item = items.shift();
    assert.ok(item, `the demo has enough ${what}`);
    return item;
  };
}

/**
 * Opens a request's page as client: asserts a 200, keeps the page's CSRF
 * token in client.token (the old one when the page has none) and returns the
 * HTML and the version its staff forms carry (undefined without a form).
 * @param {Client} client
 * @param {string} number  e.g. '26-132'
 * @param {string} [query='']  appended to the path, e.g. '?close=1'
 * @returns {Promise<{html: string, version: string|undefined}>}
 */
export async function openRequest(client, number, query = '') {
  const res = await client.get(`/requests/${number}${query}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  client.token = csrfTokenOf(html) ?? client.token;
  const version = /name="version" value="(\d+)"/.exec(html)?.[1];
  return { html, version };
}

/**
 * Opens the request's page (openRequest), asserts it has a form with the
 * version, then POSTs form to /requests/NUMBER/ACTION with that version.
 * @param {Client} client
 * @param {string} number
 * @param {string} action  e.g. 'assign', 'close'
 * @param {Record<string, string|string[]>} [form]
 * @returns {Promise<Response>} the POST's answer
 */
export async function postAction(client, number, action, form = {}) {
  const { version } = await openRequest(client, number);
  assert.ok(version, 'the page has a form with the version');
  return client.post(`/requests/${number}/${action}`, { version, ...form });
}

/**
 * postAction, asserting that the action was taken (303).
 * @returns {Promise<Response>}
 */
export async function act(client, number, action, form = {}) {
  const res = await postAction(client, number, action, form);
  assert.equal(res.status, 303,
    `${action} on ${number}: ${res.status} ${res.status === 303 ? '' : await res.text()}`);
  return res;
}

/**
 * Waits until server's outbox has nothing waiting (everything queued was
 * tried by the worker); fails after 20 s.
 * @param {Server} server
 */
export async function outboxDrained(server) {
  const end = Date.now() + 20000;
  for (;;) {
    const [row] = await server.sql(
      "SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')");
    if (row.n === 0) return;
    if (Date.now() > end) throw new Error(`the outbox still holds ${row.n} email(s)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * GET base+path without following redirects.
 * @param {string} base  e.g. server.url
 * @param {string} p     path, e.g. "/?q=1"
 * @param {{headers?: object}} [o]
 * @returns {Promise<Response>}
 */
export function get(base, p, { headers = {} } = {}) {
  return fetch(base + p, { headers, redirect: 'manual' });
}

/**
 * POST an application/x-www-form-urlencoded body built from an object
 * (array values repeat the field), without following redirects.
 * @param {string} base
 * @param {string} p
 * @param {Record<string, string|string[]>} form
 * @param {{headers?: object}} [o]
 * @returns {Promise<Response>}
 */
export function post(base, p, form, { headers = {} } = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) {
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  return fetch(base + p, {
    method: 'POST',
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    redirect: 'manual',
  });
}

/**
 * GET with Accept: application/json and parse the body.
 * @param {string} base
 * @param {string} p
 * @returns {Promise<{status: number, headers: Headers, json: any, text: string}>}
 *   json is undefined when the body is not JSON.
 */
export async function getJSON(base, p) {
  const res = await fetch(base + p, { headers: { accept: 'application/json' }, redirect: 'manual' });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, json, text };
}

/**
 * Sends raw bytes on a fresh TCP connection to 127.0.0.1:port and collects
 * the answer until the server closes the connection or `timeoutMs` passes.
 * For malformed-HTTP tests. `status` is 0 when no status line came back.
 *
 * @param {number} port
 * @param {Buffer|string} bytes  a string is sent as latin1 (one byte per char)
 * @param {object} [o]
 * @param {number} [o.timeoutMs=5000]
 * @param {boolean} [o.halfClose=false] end our side (FIN) after writing
 * @param {number} [o.headPauseMs=250] when a body follows the header block,
 *   wait this long for an early answer (e.g. 413) before sending it
 * @returns {Promise<{statusLine: string, status: number, headers: Record<string,string>,
 *   body: string, raw: Buffer, closed: boolean, error: string|null}>}
 *   headers have lower-case names; closed is false when the timeout hit first;
 *   error is a socket error such as ECONNRESET/EPIPE (the server dropped us).
 */
export function rawRequest(port, bytes, { timeoutMs = 5000, halfClose = false, headPauseMs = 250 } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let error = null;
    let closed = false;
    const sock = net.connect({ host: '127.0.0.1', port });
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(parseRaw(Buffer.concat(chunks), closed, error));
    };
    const timer = setTimeout(finish, timeoutMs);
    // Write in pieces, yielding between them, and stop as soon as the server
    // answers or fails us: an early 413/431 is then read before our next
    // write hits a closed socket (Node drops unread data on EPIPE). After the
    // header block, pause up to headPauseMs for such an early answer.
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
    const sep = buf.indexOf('\r\n\r\n');
    const headLen = sep >= 0 ? sep + 4 : buf.length;
    const stopWriting = () => chunks.length > 0 || error !== null || sock.destroyed;
    const waitFor = (events, ms) => new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        for (const e of events) sock.off(e, done);
        resolve();
      };
      const t = setTimeout(done, ms);
      for (const e of events) sock.once(e, done);
    });
    const writeAll = async () => {
      let off = 0;
      while (off < buf.length && !stopWriting()) {
        // A huge header block goes in small pieces with a pause after each,
        // so the server's early 431 is read before it resets the connection.
        const inHead = off < headLen;
        const end = Math.min(inHead ? headLen : buf.length, off + (inHead ? HEAD_PIECE : WRITE_PIECE));
        const ok = sock.write(buf.subarray(off, end));
        off = end;
        if (off === headLen && off < buf.length) await waitFor(['data', 'close', 'error'], headPauseMs);
        else if (off < headLen) await waitFor(['data', 'close', 'error'], HEAD_PAUSE_MS);
        else if (!ok) await waitFor(['drain', 'close', 'error'], timeoutMs);
        else await new Promise((r) => setImmediate(r));
      }
      if (halfClose && !sock.destroyed) sock.end();
    };
    sock.on('connect', () => { writeAll(); });
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (err) => { error ??= err.code || err.message; });
    sock.on('close', () => { closed = true; finish(); });
  });
}

function parseRaw(raw, closed, error) {
  const text = raw.toString('latin1');
  const sep = text.indexOf('\r\n\r\n');
  const head = sep >= 0 ? text.slice(0, sep) : text;
  const lines = head.split('\r\n');
  const statusLine = lines[0] || '';
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine);
  const headers = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = sep >= 0 ? raw.subarray(Buffer.byteLength(text.slice(0, sep + 4), 'latin1')).toString('utf8') : '';
  return { statusLine, status: m ? Number(m[1]) : 0, headers, body, raw, closed, error };
}

/**
 * Builds a multipart/form-data body by hand with a random boundary.
 * @param {Record<string, string>} [fields]  text fields
 * @param {Array<{field: string, filename: string, contentType?: string,
 *   content: Buffer|string}>} [files]
 * @returns {{body: Buffer, boundary: string, contentType: string}}
 *   contentType is the full header value, boundary included.
 */
export function multipart(fields = {}, files = []) {
  const boundary = `----disclose${randomBytes(12).toString('hex')}`;
  const parts = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      Buffer.from(String(value)), Buffer.from('\r\n'));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; ` +
      `filename="${f.filename}"\r\nContent-Type: ${f.contentType || 'application/octet-stream'}\r\n\r\n`),
    Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), boundary, contentType: `multipart/form-data; boundary=${boundary}` };
}
