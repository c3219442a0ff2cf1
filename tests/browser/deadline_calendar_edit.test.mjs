// Editing a holiday rule and turning a custom rule set off and on in a
// real browser, with the keyboard alone: the rule's page (also with its
// problems shown) and the deadlines page with an inactive rule set have no
// WCAG 2.1 A/AA violations (axe-core).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ email: 'admin@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

const activeText = () => page.evaluate(() => document.activeElement.textContent.trim());

test('a holiday rule edited with the keyboard; a refusal names its field', async () => {
  await page.goto(`${server.url}/admin/deadlines/calendars/us-ca`);
  // From the rule's status button, Tab reaches its edit link; Enter opens it.
  await page.focus('form:has(button:has-text("Deactivate Day after Thanksgiving")) button');
  await page.keyboard.press('Tab');
  assert.equal(await activeText(), 'Edit Day after Thanksgiving');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/admin\/deadlines\/calendars\/us-ca\/rules\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), 'Edit Day after Thanksgiving');
  assert.equal(await page.locator('#name').inputValue(), 'Day after Thanksgiving');
  assert.equal(await page.locator('#kind').inputValue(), 'nth_weekday');
  assert.equal(await page.locator('#month').inputValue(), '11');
  assert.equal(await page.locator('#nth').inputValue(), '4');
  assert.equal(await page.locator('#weekday').inputValue(), 'thursday');
  assert.equal(await page.locator('#offset_days').inputValue(), '1');
  await expectNoViolations(page, 'the edit page');

  // A fixed date without its day: the problem is named, at the field.
  await page.selectOption('#kind', 'fixed');
  await page.focus('#name');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.form-problem').innerText(), /Day is needed for a holiday on a fixed date/);
  assert.equal(await page.locator('#day').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#kind').inputValue(), 'fixed', 'what was chosen is kept');
  await expectNoViolations(page, 'the edit page with a problem');

  // Fixed, with its day, through the keyboard: saved, back on the calendar.
  await page.focus('#day');
  await page.keyboard.type('28');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/admin\/deadlines\/calendars\/us-ca\?moved=\d+$/);
  assert.match(await page.locator('table').innerText(), /Day after Thanksgiving\s+November 28, plus 1 day/);
});

test('a custom rule set turned off and on again from the deadlines page', async () => {
  await page.goto(`${server.url}/admin/deadlines/rule-sets/new?from=cpra`);
  await page.fill('#key', 'village');
  await page.fill('#name', 'Village rules');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  assert.match(page.url(), /\/admin\/deadlines\/rule-sets\/village$/);

  await page.goto(`${server.url}/admin/deadlines`);
  // Tab from its Copy link reaches its Deactivate button.
  await page.focus('a[href="/admin/deadlines/rule-sets/new?from=village"]');
  await page.keyboard.press('Tab');
  assert.equal(await activeText(), 'Deactivate Village rules');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/admin\/deadlines$/);
  assert.match(await page.locator('table').first().innerText(), /Village rules \(village\)[^]*Custom, inactive/);
  const portal = await page.locator('#rule_set option').allInnerTexts();
  assert.ok(!portal.includes('Village rules'), 'not offered for the portal');
  await expectNoViolations(page, 'the deadlines page with an inactive rule set');

  await page.focus('a[href="/admin/deadlines/rule-sets/new?from=village"]');
  await page.keyboard.press('Tab');
  assert.equal(await activeText(), 'Reactivate Village rules');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.ok((await page.locator('#rule_set option').allInnerTexts()).includes('Village rules'));
});
