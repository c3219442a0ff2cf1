// A real SMTP server for the end-to-end tests of outgoing email: the npm
// package smtp-server on a loopback port, keeping every message it accepts
// parsed by mailparser. It can refuse (4xx or 5xx), stall (hold the DATA
// answer until the client goes away) or be stopped and started again on
// the same port, to prove retries and that nothing is lost or duplicated.

import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/**
 * @typedef {object} Received
 * @property {string} from      envelope sender
 * @property {string[]} to      envelope recipients
 * @property {string} raw       the message as received
 * @property {import('mailparser').ParsedMail} mail
 */

/**
 * Starts a server on 127.0.0.1 (port 0: a free one).
 * @param {object} [o]
 * @param {number} [o.port]
 * @param {'none'|'starttls'|'implicit'} [o.tls]  with key and cert (PEM)
 * @param {string} [o.key]
 * @param {string} [o.cert]
 * @param {{user: string, pass: string}} [o.login]  required login
 */
export async function startMailServer({ port = 0, tls = 'none', key, cert, login } = {}) {
  const state = {
    /** @type {Received[]} */ messages: [],
    /** @type {null | {code: number, message: string}} */ refuse: null,
    stall: false,
    /** @type {Set<string>} recipients refused with 550 */ refuseRcpt: new Set(),
    /** @type {(() => void)[]} */ waiters: [],
    sessions: 0,
  };
  const make = () => new SMTPServer({
    secure: tls === 'implicit',
    ...(tls !== 'none' ? { key, cert } : {}),
    disabledCommands: [...(tls === 'starttls' ? [] : ['STARTTLS']), ...(login ? [] : ['AUTH'])],
    authOptional: !login,
    allowInsecureAuth: false,
    onAuth(auth, session, cb) {
      if (login && auth.username === login.user && auth.password === login.pass) {
        cb(null, { user: auth.username });
      } else {
        cb(new Error('Invalid username or password'));
      }
    },
    logger: false,
    onConnect(session, cb) { state.sessions++; cb(); },
    onRcptTo(address, session, cb) {
      if (state.refuseRcpt.has(address.address)) {
        const err = new Error('No such mailbox here');
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        if (state.refuse) {
          const err = new Error(state.refuse.message);
          err.responseCode = state.refuse.code;
          cb(err);
          return;
        }
        if (state.stall) {
          // Never answer: the client gives up or goes away; nothing accepted.
          state.stalled = (state.stalled ?? 0) + 1;
          for (const w of state.waiters.splice(0)) w();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = await simpleParser(raw);
        state.messages.push({
          secure: Boolean(session.secure),
          user: session.user ?? null,
          from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail,
        });
        cb();
        for (const w of state.waiters.splice(0)) w();
      });
    },
  });
  let server = make();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.server.address().port;
  server.on('error', () => {});

  const handle = {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    state,
    get messages() { return state.messages; },
    /** Messages whose envelope recipients include addr. */
    to(addr) { return state.messages.filter((m) => m.to.includes(addr)); },
    /** Resolves when pred() holds (checked on every change), or rejects after ms. */
    async waitFor(pred, ms = 15000, what = 'mail') {
      const end = Date.now() + ms;
      while (!pred()) {
        const left = end - Date.now();
        if (left <= 0) {
          throw new Error(`timed out waiting for ${what}; got ${state.messages.length} ` +
            `message(s): ${state.messages.map((m) => `${m.to} "${m.mail.subject}"`).join('; ')}`);
        }
        await new Promise((r) => {
          const t = setTimeout(r, Math.min(left, 200));
          state.waiters.push(() => { clearTimeout(t); r(); });
        });
      }
    },
    /** Stops listening and drops open connections. */
    async stop() {
      await new Promise((r) => server.close(r));
    },
    /** Listens again on the same port. */
    async start() {
      server = make();
      server.on('error', () => {});
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(actual, '127.0.0.1', resolve);
      });
    },
  };
  return handle;
}
