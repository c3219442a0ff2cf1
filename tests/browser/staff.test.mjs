// The staff workspace in a real browser: the dashboard and the request
// page with its staff controls have no WCAG 2.1 A/AA violations (axe-core),
// also when a refused form shows its problems; a message can be written and
// sent with the keyboard alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ email: 'admin@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

test('the dashboard has no WCAG 2.1 A/AA violations, in every queue', async () => {
  for (const queue of ['mine', 'overdue', 'closed']) {
    const res = await page.goto(`${server.url}/staff?queue=${queue}`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'Staff dashboard');
    await expectNoViolations(page);
  }
  assert.match(await page.locator('a[aria-current=page]').innerText(), /Recently closed \(\d+\)/);
});

test('the request page with staff controls has no violations, nor its refusal', async () => {
  const res = await page.goto(`${server.url}/requests/26-132`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('#staff-panel').count(), 1);
  await expectNoViolations(page);
  // A refused form (the due date is the current one) shows its problem.
  await page.goto(`${server.url}/requests/19-5156`);
  await page.fill('#due_date', '2030-01-02');
  await page.fill('#due_reason', 'Typed and kept.');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/due_date"] button')]);
  assert.match(await page.locator('.form-problem').innerText(), /reopen it first/);
  assert.equal(await page.locator('#due_reason').inputValue(), 'Typed and kept.');
  await expectNoViolations(page);
});

test('the form for a request received by staff has no violations, nor its refusal', async () => {
  await page.goto(`${server.url}/staff`);
  await Promise.all([page.waitForNavigation(), page.click('a[href="/staff/requests/new"]')]);
  assert.equal(await page.locator('h1').innerText(), 'Record a request received by staff');
  await expectNoViolations(page);
  await page.fill('#description', 'Typed by staff xb1.');
  await page.selectOption('#channel', 'fax');
  await page.fill('#received_date', '2099-01-05');
  await Promise.all([page.waitForNavigation(), page.click('#send-request')]);
  assert.match(await page.locator('.error-summary').innerText(), /Date received must not be in the future/);
  assert.equal(await page.locator('#description').inputValue(), 'Typed by staff xb1.');
  assert.equal(await page.locator('#channel').inputValue(), 'fax');
  await expectNoViolations(page);
  await page.fill('#received_date', '2026-11-02');
  await Promise.all([page.waitForNavigation(), page.click('#send-request')]);
  assert.match(page.url(), /\/requests\/26-\d+$/);
  assert.match(await page.locator('main').innerText(), /Request received via fax/);
});

test('keyboard: write an internal note and send it without the mouse', async () => {
  await page.goto(`${server.url}/requests/26-132`);
  await page.focus('#body');
  await page.keyboard.type('Keyboard note kb42.');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'level');
  await page.keyboard.press('ArrowDown'); // Requester + Staff -> Staff (internal note)
  assert.equal(await page.locator('#level').inputValue(), 'staff');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Add message');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/requests\/26-132#timeline-title$/);
  const first = page.locator('.timeline .event').first();
  assert.match(await first.innerText(), /Internal Note[\s\S]*Keyboard note kb42\./);
});
