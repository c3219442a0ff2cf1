// The archive and its search in a real browser, on the demo database: no
// WCAG 2.1 A/AA violations (axe-core), and the filters work from the
// keyboard alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({}, (session) => ({ server, page } = session));

for (const path of ['/requests', '/requests?q=facial', '/requests?status=overdue&sort=oldest',
  '/requests?q=%22%28%29', '/requests?from=1990-01-01&to=1990-01-02', '/']) {
  test(`${path} has no WCAG 2.1 A/AA violations`, async () => {
    const res = await page.goto(`${server.url}${path}`);
    assert.equal(res.status(), 200);
    await expectNoViolations(page);
  });
}

/** Presses Tab until the focused element matches, at most `max` times. */
async function tabTo(describe, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(describe);
    if (found) return;
  }
  assert.fail(`Tab never reached the element (${describe})`);
}

test('the filters work from the keyboard: Tab, choose, Enter', async () => {
  await page.goto(`${server.url}/requests?q=records`);
  await tabTo(() => document.activeElement?.id === 'filter-status');
  // Typing a letter picks an option of a focused <select>.
  await page.keyboard.type('Closed');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'closed');
  await tabTo(() => document.activeElement?.textContent === 'Apply filters');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  const url = new URL(page.url());
  assert.equal(url.pathname, '/requests');
  assert.equal(url.searchParams.get('status'), 'closed');
  assert.equal(url.searchParams.get('q'), 'records', 'the filter form keeps the search words');
  const labels = await page.$$eval('.request-row .status', (els) => els.map((e) => e.textContent));
  assert.ok(labels.length > 0);
  assert.ok(labels.every((l) => l === 'Closed'), labels.join(', '));
  assert.equal(await page.inputValue('#site-search-q'), 'records');
  assert.equal(await page.inputValue('#filter-status'), 'closed');

  // The next page is a link the keyboard reaches.
  await tabTo(() => document.activeElement?.getAttribute('rel') === 'next', 200);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.ok(new URL(page.url()).searchParams.get('after'));
  assert.equal(new URL(page.url()).searchParams.get('status'), 'closed');
});

test('the header search submits with Enter and shows marked matches', async () => {
  await page.goto(`${server.url}/`);
  await tabTo(() => document.activeElement?.id === 'site-search-q');
  await page.keyboard.type('facial recognition');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'facial recognition');
  const marks = await page.$$eval('.request-snippet mark', (els) => els.map((e) => e.textContent.toLowerCase()));
  assert.ok(marks.includes('facial'), marks.join(', '));
  assert.equal(await page.inputValue('#site-search-q'), 'facial recognition');
});
