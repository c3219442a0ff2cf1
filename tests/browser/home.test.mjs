// The home page in a real browser: no WCAG 2.1 A/AA violations (axe-core), and
// the skip link works from the keyboard.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ demo: false }, (session) => ({ server, page } = session));

test('home page has no WCAG 2.1 A/AA violations', async () => {
  const res = await page.goto(`${server.url}/`);
  assert.equal(res.status(), 200);
  await expectNoViolations(page);
});

test('Tab focuses the skip link first; Enter on it moves to #main', async () => {
  await page.goto(`${server.url}/`);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName,
      text: el.textContent.trim(),
      href: el.getAttribute('href'),
      visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0 &&
        box.top < innerHeight && box.left < innerWidth,
    };
  });
  assert.equal(first.tag, 'A', `first Tab focused ${JSON.stringify(first)}`);
  assert.equal(first.text, 'Skip to main content');
  assert.equal(first.href, '#main');
  assert.ok(first.visible, 'the skip link must be visible on screen while it has focus');

  await page.keyboard.press('Enter');
  const state = await page.evaluate(() => {
    const main = document.getElementById('main');
    const focusable = main?.querySelector(
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
      'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])');
    return {
      hasMain: !!main,
      hash: location.hash,
      target: document.querySelector(':target')?.id ?? null,
      activeInMain: !!main && main.contains(document.activeElement),
      activeIsBody: document.activeElement === document.body,
      mainHasFocusable: !!focusable,
    };
  });
  assert.ok(state.hasMain, 'no element with id="main"');
  assert.equal(state.hash, '#main');
  assert.equal(state.target, 'main', '#main should be the :target after Enter');
  if (!state.activeInMain) {
    // Without tabindex="-1" on <main>, Chromium focuses nothing (body) but
    // moves the sequential-navigation starting point to #main: the next Tab
    // must then land inside it.
    assert.ok(state.activeIsBody, 'focus should leave the skip link for #main');
    if (state.mainHasFocusable) {
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(
        () => document.getElementById('main').contains(document.activeElement));
      assert.ok(inMain, 'after the skip link, Tab should move into #main');
    }
  }
});
