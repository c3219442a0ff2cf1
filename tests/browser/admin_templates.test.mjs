// Closure reasons, message templates, the settings and the audit log in a
// real browser: the admin pages and the request page's close form have no
// WCAG 2.1 A/AA violations (axe-core), also when a refused form shows its
// problems; a message starts from a template and a request is closed with
// a reason using the keyboard alone, without JavaScript on the page.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ email: 'admin@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

async function openNumber() {
  const [row] = await server.sql("SELECT number FROM requests WHERE status = 'open' " +
    'AND requester_id IS NULL ORDER BY id DESC LIMIT 1');
  return row.number;
}

test('closure reasons: the list, one reason, and a refused form have no violations', async () => {
  let res = await page.goto(`${server.url}/admin/closure-reasons`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').innerText(), 'Closure reasons');
  await expectNoViolations(page);
  // Refused: the label of another reason; what was typed stays.
  await page.fill('#label', 'No responsive records');
  await page.fill('#text', 'Typed and kept br1.');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.match(await page.locator('.form-problem').innerText(),
    /Label is the label of another closure reason/);
  assert.equal(await page.locator('#text').inputValue(), 'Typed and kept br1.');
  assert.equal(await page.locator('#label').getAttribute('aria-invalid'), 'true');
  await expectNoViolations(page);
  res = await page.goto(`${server.url}/admin/closure-reasons/2`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('#citations').inputValue(), 'Gov. Code § 7922.000; Gov. Code § 7927.705');
  await expectNoViolations(page);
});

test('templates, settings and the audit log have no violations', async () => {
  let res = await page.goto(`${server.url}/admin/templates`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('#citations').count(), 0, 'templates cite nothing');
  await expectNoViolations(page);
  res = await page.goto(`${server.url}/admin/templates/1`);
  assert.equal(res.status(), 200);
  await expectNoViolations(page);
  res = await page.goto(`${server.url}/admin/settings`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('#publish-manual').isChecked(), true);
  await page.check('#publish-closure');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.equal(await page.locator('#publish-closure').isChecked(), true);
  await expectNoViolations(page);
  res = await page.goto(`${server.url}/admin/audit`);
  assert.equal(res.status(), 200);
  assert.match(await page.locator('.audit-row').first().innerText(),
    /Changed a portal setting by Alex Morgan[\s\S]*Publish requests\s+manual\s+closure/);
  await expectNoViolations(page);
  // Put the portal back as the demo had it.
  await page.goto(`${server.url}/admin/settings`);
  await page.check('#publish-manual');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
});

test('keyboard, no script: start a message from a template', async () => {
  const number = await openNumber();
  await page.goto(`${server.url}/requests/${number}`);
  assert.equal(await page.evaluate(() => document.scripts.length), 0, 'the page has no script');
  await page.focus('#template');
  await page.keyboard.press('ArrowDown'); // Acknowledgement -> Clarification needed
  assert.equal(await page.locator('#template').inputValue(), '2');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Use template');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), new RegExp(`/requests/${number}\\?template=2#write-message$`));
  assert.match(await page.locator('#body').inputValue(), /^Dear Requester,\n\nTo find the records/);
  assert.match(await page.locator('#template-note').innerText(), /Clarification needed/);
  await expectNoViolations(page);
  // From there the keyboard reaches the textarea, edits and sends.
  await page.focus('#body');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n\nEdited kt1.');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/message"] button')]);
  assert.match(await page.locator('.timeline .event').first().innerText(),
    /To find the records[\s\S]*Edited kt1\./);
});

test('the close form: its refusal has no violations; closing with a reason by keyboard', async () => {
  const number = await openNumber();
  await page.goto(`${server.url}/requests/${number}`);
  await expectNoViolations(page);
  await page.fill('#close_message', 'Typed close kc1.');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/close"] button')]);
  assert.match(await page.locator('.form-problem').innerText(), /Closure reason is required/);
  assert.equal(await page.locator('#close_message').inputValue(), 'Typed close kc1.');
  await expectNoViolations(page);
  // Check "No responsive records" with the space bar, then send from the textarea's form.
  await page.focus('#reason-3');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#reason-3').isChecked(), true);
  await page.focus('#close_message');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Close the request');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const first = page.locator('.timeline .event').first();
  assert.match(await first.innerText(),
    /Request Closed[\s\S]*Typed close kc1\.[\s\S]*No responsive records: The agency searched/);
  await expectNoViolations(page);
});
