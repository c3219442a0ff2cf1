// Editing the record in a real browser: the edit page of the request text,
// an event's change page, the request page with the text history, a hidden
// event and the support staff controls, and the departments admin page
// have no WCAG 2.1 A/AA violations (axe-core), also when a refused form
// shows its problems; hiding an event and adding support staff work with
// the keyboard alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

const NUMBER = '26-132';

let server;
let page;
useSession({ email: 'admin@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

/** Tabs until the focused element matches the predicate (at most limit presses). */
async function tabTo(predicate, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  throw new Error('the control was not reached with Tab');
}

test('editing the text: the edit page, its refusal and the history have no violations', async () => {
  await page.goto(`${server.url}/requests/${NUMBER}`);
  await Promise.all([page.waitForNavigation(), page.click('a[href$="/edit"]')]);
  assert.equal(await page.locator('h1').innerText(), `Edit the text of request ${NUMBER}`);
  await expectNoViolations(page);
  await page.fill('#description', 'Records of the meeting, without the name be1.');
  // The browser would refuse the empty required field itself: let the server.
  await page.$eval('form[action$="/edit"]', (f) => { f.noValidate = true; });
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/edit"] button')]);
  assert.match(await page.locator('.form-problem').innerText(), /Reason is required/);
  assert.equal(await page.locator('#description').inputValue(), 'Records of the meeting, without the name be1.');
  assert.equal(await page.locator('#edit_reason').getAttribute('aria-invalid'), 'true');
  await expectNoViolations(page);
  await page.fill('#edit_reason', 'Took out a name.');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/edit"] button')]);
  assert.match(page.url(), new RegExp(`/requests/${NUMBER}$`));
  assert.match(await page.locator('.request-text').innerText(), /without the name be1/);
  assert.match(await page.locator('#text-history').innerText(), /As received[\s\S]*Edited[\s\S]*Took out a name\./);
  await expectNoViolations(page);
});

test('keyboard: hide a message from the public from its change page', async () => {
  await page.goto(`${server.url}/requests/${NUMBER}`);
  const link = page.locator('.timeline .event-message a', { hasText: 'Change' }).first();
  const href = await link.getAttribute('href');
  await link.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, href);
  assert.match(await page.locator('h1').innerText(), /Change an event of request/);
  await expectNoViolations(page);
  // Sent without a reason: refused, the problem named, no violations.
  await page.$eval('form[action$="/hide"]', (f) => { f.noValidate = true; });
  await tabTo(() => document.activeElement?.innerText === 'Hide from the public');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.form-problem').innerText(), /Reason is required/);
  await expectNoViolations(page);
  await page.focus('#hide_reason');
  await page.keyboard.type('Names a neighbour kb7.');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Hide from the public');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const id = href.split('/').pop();
  assert.match(page.url(), new RegExp(`/requests/${NUMBER}#event-${id}$`));
  assert.match(await page.locator(`#event-${id}`).innerText(),
    /Hidden from the public[\s\S]*Reason: Names a neighbour kb7\./);
  await expectNoViolations(page);
  // The change page of a hidden event offers to show it again.
  await page.goto(`${server.url}${href}`);
  assert.equal(await page.locator('form[action$="/unhide"]').count(), 1);
  await expectNoViolations(page);
});

test('keyboard: add support staff on the request page', async () => {
  await page.goto(`${server.url}/requests/${NUMBER}`);
  await page.focus('#support_user');
  await page.keyboard.press('ArrowDown');
  const chosen = await page.locator('#support_user option:checked').innerText();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Add support staff');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.support-list').innerText(), new RegExp(chosen));
  assert.match(await page.locator('.timeline .event').first().innerText(),
    new RegExp(`Added ${chosen} as support staff\\.`));
  await expectNoViolations(page);
});

test('the departments admin page has no violations, nor its refusal', async () => {
  await page.goto(`${server.url}/admin/departments`);
  assert.equal(await page.locator('h1').innerText(), 'Departments');
  await expectNoViolations(page);
  await page.selectOption('#default_contact-1', { label: 'Kris Tu 34895 LAPD CPRA 1421' });
  await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/departments/1/contact"] button')]);
  assert.match(page.url(), /\/admin\/departments$/);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/departments/1/contact"] button')]);
  assert.match(await page.locator('.form-problem').first().innerText(), /already/);
  await expectNoViolations(page);
});
