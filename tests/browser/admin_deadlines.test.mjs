// Deadline administration and the extension form in a real browser: the
// pages have no WCAG 2.1 A/AA violations (axe-core), also when a refused
// form shows its problems; an admin builds a custom rule set and adds a
// closure with the keyboard and the form controls alone; staff extend a
// request by the law's reasons.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ email: 'admin@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

test('the deadlines page, a preset and a calendar have no violations', async () => {
  await page.goto(`${server.url}/`);
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/admin/deadlines"]')]);
  assert.equal(await page.locator('h1').innerText(), 'Deadlines');
  assert.match(await page.locator('table').first().innerText(), /Gov\. Code 7922\.535/);
  await expectNoViolations(page);
  await page.goto(`${server.url}/admin/deadlines/rule-sets/cpra`);
  assert.match(await page.locator('main').innerText(), /A voluminous amount of separate and distinct records/);
  await expectNoViolations(page);
  await page.goto(`${server.url}/admin/deadlines/calendars/us-ca`);
  assert.match(await page.locator('table').innerText(), /Day after Thanksgiving\s+Fourth Thursday of November, plus 1 day/);
  await expectNoViolations(page);
});

test('an admin builds a custom rule set; a refusal names its fields', async () => {
  await page.goto(`${server.url}/admin/deadlines/rule-sets/new?from=cpra`);
  await expectNoViolations(page);
  await page.fill('#key', 'Bad Key');
  await page.fill('#name', 'County rules');
  await page.fill('#cutoff', '5pm');
  await page.fill('#ends_at', 'noon');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  const problems = await page.locator('.form-problem').innerText();
  assert.match(problems, /Key must be lowercase letters/);
  assert.match(problems, /Cut-off time must be a time of day like 17:00/);
  assert.match(problems, /Deadline ends at must be a time of day like 17:00/);
  assert.equal(await page.locator('#name').inputValue(), 'County rules');
  await expectNoViolations(page);
  await page.fill('#key', 'county');
  await page.fill('#cutoff', '16:30');
  await page.fill('#ends_at', '17:00');
  await page.selectOption('#first_unit', 'business');
  await page.fill('#first_days', '15');
  await page.check('#pause_stops_clock');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  assert.match(page.url(), /\/admin\/deadlines\/rule-sets\/county$/);
  assert.equal(await page.locator('#first_days').inputValue(), '15');
  assert.equal(await page.locator('#ends_at').inputValue(), '17:00');
  assert.equal(await page.locator('#first_unit').inputValue(), 'business');
  assert.ok(await page.locator('#pause_stops_clock').isChecked());
});

test('a closure added with the keyboard', async () => {
  await page.goto(`${server.url}/admin/deadlines`);
  await page.fill('#date', '2030-12-24');
  await page.focus('#date');
  for (let i = 0; i < 5 && await page.evaluate(() => document.activeElement.id) !== 'kind'; i++) {
    await page.keyboard.press('Tab'); // past the date's fields to the kind
  }
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');
  await page.keyboard.type('Christmas Eve closure');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/admin\/deadlines\?moved=\d+$/);
  assert.match(await page.locator('main').innerText(), /December 24, 2030\s+Closed\s+Christmas Eve closure/);
  assert.match(await page.locator('[role=status]').innerText(), /computed again from the calendar/);
  await expectNoViolations(page);
});

test('staff extend a request by the law\'s reasons; beyond it, the written reason is asked', async () => {
  const [{ number }] = await server.sql("SELECT number FROM requests WHERE status = 'open' " +
    "AND due_source = 'rule' AND compliance IS NULL AND NOT EXISTS (SELECT 1 FROM events " +
    "WHERE request_id = requests.id AND kind = 'due_date_changed') ORDER BY id DESC LIMIT 1");
  await page.goto(`${server.url}/requests/${number}`);
  await page.check('#extension-reason-0');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/extend"] button')]);
  // The next one goes beyond the law: the form asks for the written
  // reason (the server refuses it without one: tests/e2e/deadlines).
  assert.match(await page.locator('form[action$="/extend"]').innerText(), /Another extension goes beyond what the law allows/);
  assert.equal(await page.locator('#extend_note').getAttribute('required'), '');
  await expectNoViolations(page);
  await page.fill('#extend_note', 'Boxes in the basement.');
  await page.check('#extension-reason-1');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/extend"] button')]);
  assert.match(await page.locator('.compliance').innerText(), /Beyond the law: Extended twice; Gov\. Code 7922\.535 allows one extension of up to 14 days/);
  await expectNoViolations(page);
});
