// Browser harness: Debian's Chromium driven by playwright-core, plus an axe-core
// accessibility check. playwright-core never downloads a browser; we point it
// at /usr/bin/chromium (override with env CHROMIUM_BIN).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

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
