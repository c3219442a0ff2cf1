// Making a request in a real browser: with JavaScript disabled and the
// keyboard alone, from the empty form through errors to the confirmation;
// and no WCAG 2.1 A/AA violation (axe-core) on the empty form, the form
// re-shown with errors, and the confirmation.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startServer } from '../e2e/harness.mjs';
import { expectNoViolations, launchBrowser } from './browser.mjs';

let server;

before(async () => { server = await startServer({ init: false, demo: true }); });
after(async () => { if (server) await server.stop(); });

/** The id (or tag) of the focused element. */
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

/**
 * Presses Tab until the element with this id has focus (at most 40 times)
 * and returns the ids passed on the way.
 */
async function tabTo(page, id) {
  const passed = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === id) return passed;
    passed.push(now);
  }
  assert.fail(`Tab never reached #${id}; passed ${passed.join(', ')}`);
}

describe('with JavaScript disabled, by keyboard', () => {
  let browser;
  let page;
  before(async () => {
    browser = await launchBrowser({ javaScriptEnabled: false });
    page = await browser.newPage();
  });
  after(async () => { await browser?.close(); });

  test('errors are shown by their fields; fixing them lands on the confirmation', async () => {
    await page.goto(`${server.url}/requests/new`);
    // Nothing typed in the description; a wrong email, then Enter on the button.
    let passed = await tabTo(page, 'email');
    assert.ok(!passed.includes('website'), 'the honeypot is not in the tab order');
    await page.keyboard.type('ann@');
    passed = await tabTo(page, 'send-request');
    assert.ok(!passed.includes('website'), 'the honeypot is not in the tab order');
    const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(res.status(), 400);
    assert.match(await page.title(), /^Error: Make a records request/);
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.deepEqual(await summary.locator('li').allInnerTexts(), [
      'Description is required',
      'Email must be an email address like name@example.org',
    ]);
    assert.equal(await page.locator('#email').inputValue(), 'ann@');
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#email-error').textContent(), 'Error: Email must be an email address like name@example.org');

    // The summary comes right after the skip link and the header: its
    // first link takes the keyboard to the description.
    await tabTo(page, 'site-search-q');
    await page.keyboard.press('Tab'); // the search button
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Description is required');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'description');

    await page.keyboard.type('Police reports of noise complaints on Elm Street, January to March 2024.');
    await tabTo(page, 'records_from');
    await page.keyboard.type('01152024'); // mm dd yyyy segments of the date field
    await tabTo(page, 'preferred_format-electronic');
    await page.keyboard.press('ArrowDown'); // radios: arrows move and choose
    assert.equal(await focused(page), 'preferred_format-paper');
    assert.ok(await page.locator('#preferred_format-paper').isChecked());
    await tabTo(page, 'department');
    await page.keyboard.type('Police');
    assert.match(await page.locator('#department option:checked').innerText(), /^Police Department/);
    await tabTo(page, 'email');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('ann@example.org');
    await tabTo(page, 'send-request');
    const [done] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
    // The 303 was followed to the confirmation.
    assert.equal(done.status(), 200);
    const m = /\/requests\/(\d\d-\d+)\/submitted\?receipt=[\w-]+$/.exec(page.url());
    assert.ok(m, `landed on ${page.url()}`);
    assert.equal(await page.locator('h1').innerText(), `Your request ${m[1]} has been received`);
    assert.equal(await page.locator('.notice').count(), 0, 'an email was given');
  });
});

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  let browser;
  let page;
  before(async () => {
    // axe-core runs as a script, so this page has JavaScript.
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => { await browser?.close(); });

  test('the empty form', async () => {
    const res = await page.goto(`${server.url}/requests/new`);
    assert.equal(res.status(), 200);
    await expectNoViolations(page);
  });

  test('the form re-shown with errors', async () => {
    await page.goto(`${server.url}/requests/new`);
    await page.fill('#records_from', '2024-05-01');
    await page.fill('#records_to', '2024-04-01');
    await page.fill('#email', 'not-an-address');
    await page.selectOption('#department', { index: 1 });
    const [res] = await Promise.all([page.waitForNavigation(), page.click('#send-request')]);
    assert.equal(res.status(), 400);
    assert.equal(await page.locator('.error-message').count(), 3);
    assert.equal(await page.locator('#records_to-error').textContent(), 'Error: End date must not be before the start date');
    await expectNoViolations(page);
  });

  test('the confirmation, without an email address', async () => {
    await page.goto(`${server.url}/requests/new`);
    await page.fill('#description', 'Fire inspection reports for 200 N Spring St since 2020.');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('#send-request')]);
    assert.equal(res.status(), 200);
    assert.match(page.url(), /\/submitted\?receipt=[\w-]+&no_email=1$/);
    assert.equal(await page.locator('.notice h2').innerText(), 'You will get no updates by email');
    await expectNoViolations(page);
  });
});
