// Browser harness: Debian's Chromium driven by playwright-core, plus an axe-core
// accessibility check. playwright-core never downloads a browser; we point it
// at /usr/bin/chromium (override with env CHROMIUM_BIN).

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer } from '../e2e/harness.mjs';

const require = createRequire(import.meta.url);

/** Path of the Chromium binary (env CHROMIUM_BIN, default /usr/bin/chromium). */
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The WCAG 2.0/2.1 A and AA rule tags that checkA11y runs. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let axeSource;

/**
 * Launches headless Chromium with a fresh temporary profile.
 * The context has bypassCSP off: checkA11y injects axe through the DevTools
 * protocol (page.evaluate), which the page's CSP does not govern, so the
 * portal is tested under its real Content-Security-Policy.
 *
 * @param {object} [contextOptions] extra options for launchPersistentContext
 *   (viewport, locale, colorScheme, ...)
 * @returns {Promise<{context: import('playwright-core').BrowserContext,
 *   newPage: () => Promise<import('playwright-core').Page>, close: () => Promise<void>}>}
 *   close() closes the browser and removes the profile dir.
 */
export async function launchBrowser(contextOptions = {}) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'disclose-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_BIN,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      ...contextOptions,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      try { await context.close(); } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Runs axe-core's WCAG 2.0/2.1 A+AA rules on the page and returns the
 * violations (an empty array when there are none). axe.min.js is evaluated
 * through page.evaluate, so no inline <script> is needed and the page's CSP
 * stays in force.
 *
 * @param {import('playwright-core').Page} page
 * @param {object} [o]
 * @param {string[]} [o.tags=A11Y_TAGS]
 * @returns {Promise<Array<{id: string, impact: string, help: string, helpUrl: string,
 *   nodes: Array<{target: string[], html: string, failureSummary: string}>}>>}
 */
export async function checkA11y(page, { tags = A11Y_TAGS } = {}) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => typeof window.axe === 'object');
  if (!hasAxe) {
    // A string is evaluated as a script over the DevTools protocol (no eval()
    // in the page, which a CSP without 'unsafe-eval' would refuse); the
    // bundle sets window.axe.
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async (runTags) => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: runTags },
      resultTypes: ['violations'],
    });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, tags);
  return violations;
}

/**
 * Formats axe violations as a readable, multi-line message for assertions.
 * @param {Awaited<ReturnType<typeof checkA11y>>} violations
 * @returns {string}
 */
export function formatViolations(violations) {
  if (!violations.length) return 'no accessibility violations';
  const lines = [`${violations.length} accessibility violation(s):`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}]: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ')}`);
      lines.push(`      ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
  }
  return lines.join('\n');
}

/**
 * Asserts that axe-core finds no violation on the page (checkA11y), with the
 * violations formatted as the failure message.
 * @param {import('playwright-core').Page} page
 * @param {string} [where] named at the start of the failure message
 */
export async function expectNoViolations(page, where) {
  const violations = await checkA11y(page);
  const message = formatViolations(violations);
  assert.deepEqual(violations, [], where === undefined ? message : `${where}: ${message}`);
}

/** The password of every account of the demo database. */
export const DEMO_PASSWORD = 'demo-password-2026';

/** The desktop viewport most browser tests use. */
export const DESKTOP = { width: 1280, height: 900 };

/**
 * Signs in through the /login form as an account with DEMO_PASSWORD, after
 * clearing the cookies (so any earlier session is gone); waits for the page
 * the form leads to.
 * @param {{server: {url: string}, browser: {context: import('playwright-core').BrowserContext},
 *   page: import('playwright-core').Page}} session  as openSession returns it
 * @param {string} email
 */
export async function signIn({ server, browser, page }, email) {
  await browser.context.clearCookies();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
}

/**
 * Starts a server (startServer), launches Chromium (launchBrowser), opens a
 * page and, when email is given, signs in as that account (signIn).
 * If any step fails, what was started is stopped before the error is thrown.
 *
 * @param {object} [o]
 * @param {string} [o.email] the account to sign in as; none when omitted
 * @param {boolean} [o.demo=true] start the server on the demo database
 * @param {{width: number, height: number}} [o.viewport] the page's viewport
 *   (playwright's default when omitted)
 * @param {object} [o.serverOptions] more options for startServer (init, args, env)
 * @returns {Promise<{server: import('../e2e/harness.mjs').Server,
 *   browser: Awaited<ReturnType<typeof launchBrowser>>,
 *   page: import('playwright-core').Page, close: () => Promise<void>}>}
 *   close() closes the browser and stops the server, both even if one fails,
 *   then throws the first failure (the server's stop() checks the sanitizers).
 */
export async function openSession({ email, demo = true, viewport, serverOptions = {} } = {}) {
  const session = {};
  session.close = async () => {
    const results = await Promise.allSettled([session.browser?.close(), session.server?.stop()]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  };
  try {
    session.server = await startServer({ demo, ...serverOptions });
    session.browser = await launchBrowser(viewport ? { viewport } : {});
    session.page = await session.browser.newPage();
    if (email !== undefined) await signIn(session, email);
  } catch (err) {
    await session.close().catch(() => {});
    throw err;
  }
  return session;
}

/**
 * Opens a session for the tests of the calling file or suite: registers a
 * node:test before hook that runs openSession(options) and then
 * ready(session), and an after hook that closes the session. (ready is where
 * the file takes server and page: node:test may run a file's before hooks
 * side by side, so a hook of its own could run before the session is open.)
 * @param {Parameters<typeof openSession>[0]} options
 * @param {(session: Awaited<ReturnType<typeof openSession>>) => unknown} ready
 */
export function useSession(options, ready) {
  let session;
  before(async () => {
    session = await openSession(options);
    await ready(session);
  });
  after(() => session?.close());
}
