// The reference request's page (19-5156, demo database) in a real browser: no
// WCAG 2.1 A/AA violations (axe-core); the description's "Read more" and every
// event fold from the keyboard, without JavaScript; nothing overflows a phone's
// width; print shows everything unfolded.
// With SCREENSHOT_DIR set, full-page screenshots at 1280 and 390 px wide are
// written there (request-1280.png, request-390.png).

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ viewport: DESKTOP }, (session) => ({ server, page } = session));

async function open() {
  const res = await page.goto(`${server.url}/requests/19-5156`);
  assert.equal(res.status(), 200);
}

test('the reference page has no WCAG 2.1 A/AA violations', async () => {
  await open();
  await expectNoViolations(page);
  assert.equal(await page.title(), 'Request 19-5156 · City of Los Angeles (demo)');
  // The folds are native <details>: the page ships no script at all.
  assert.equal(await page.locator('script').count(), 0);
});

/** Presses Tab until the focused element matches selector (at most limit
 * times); returns how many presses it took. */
async function tabTo(selector, limit = 30) {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return i;
  }
  assert.fail(`Tab never reached ${selector}`);
}

const isOpen = (selector) => page.$eval(selector, (d) => d.open);

test('keyboard: Tab reaches "Read more" and the first event; Enter toggles them', async () => {
  await open();
  await tabTo('.fold > summary');
  assert.equal(await page.evaluate(() => document.activeElement.innerText.trim()),
    'Read more\nof the request', 'the summary says "Read more" (and, to a screen reader, of what)');
  assert.equal(await page.locator('.fold-less').isVisible(), false);
  const rest = page.getByText('1. Contracts with providers of facial recognition technology');
  assert.equal(await isOpen('.fold'), false);
  assert.equal(await rest.isVisible(), false, 'the rest of the description starts folded');
  await page.keyboard.press('Enter');
  assert.equal(await isOpen('.fold'), true);
  assert.equal(await rest.isVisible(), true);
  assert.equal(await page.locator('.fold-more').isVisible(), false);
  assert.equal(await page.locator('.fold-less').isVisible(), true, 'open, it says "Read less"');
  await page.keyboard.press('Enter');
  assert.equal(await isOpen('.fold'), false);

  await tabTo('.timeline > li:first-child summary');
  const first = '.timeline > li:first-child details';
  assert.equal(await page.evaluate(() => document.activeElement.innerText.trim()),
    'Request Published Public');
  assert.equal(await isOpen(first), true, 'events start open');
  await page.keyboard.press('Enter');
  assert.equal(await isOpen(first), false);
  await page.keyboard.press('Space');
  assert.equal(await isOpen(first), true);
  const next = '.timeline > li:nth-child(2) details';
  await tabTo('.timeline > li:nth-child(2) summary');
  await page.keyboard.press('Enter');
  assert.equal(await isOpen(next), false);
  assert.equal(await page.getByText('We have reviewed your request for').isVisible(), false);
});

test('print shows the whole request unfolded', async () => {
  await open();
  await page.$eval('.timeline > li:nth-child(2) details', (d) => { d.open = false; });
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await page.getByText('6. Course materials for facial recognition technology').isVisible(), true);
    assert.equal(await page.getByText('We have reviewed your request for').isVisible(), true);
    assert.equal(await page.locator('.fold > summary').isVisible(), false);
    assert.equal(await page.locator('.site-search').isVisible(), false);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('layout at 1280 and 390 px wide: nothing overflows sideways', async () => {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await open();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `${width} px: the page is ${overflow} px wider than the window`);
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `request-${width}.png`),
        fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});
