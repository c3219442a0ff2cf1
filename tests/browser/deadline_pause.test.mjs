// The pause form in a real browser: under FOIA it groups the statute's
// reasons and the portal's own, each group named for what it does to the
// clock; it has no WCAG 2.1 A/AA violations, nor its refusal; a reason is
// chosen and the pause sent with the keyboard alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

const NUMBER = '26-132';
const LAW = '5 U.S.C. 552(a)(6)(A)(ii)';

let server;
let page;
useSession({ email: 'kris.tu@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

test('the FOIA pause form: grouped reasons, its note, no violations, nor its refusal', async () => {
  await server.sql("UPDATE requests SET due_explanation = json_set(coalesce(due_explanation, '{}'), '$.rule', 'foia') " +
    `WHERE number = '${NUMBER}'`);
  assert.equal((await page.goto(`${server.url}/requests/${NUMBER}`)).status(), 200);
  const form = page.locator('form[action$="/pause"]');
  const law = form.getByRole('group', { name: `Reasons in ${LAW}: the clock stops` });
  assert.deepEqual(await law.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.labels[0].innerText)),
    ['Information asked of the requester', 'Clarification of fees with the requester']);
  const other = form.getByRole('group', { name: 'Other reasons: the clock keeps running' });
  assert.deepEqual(await other.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.value)), ['clarification', 'payment']);
  assert.match(await form.locator('#pause-note').innerText(), /stops the clock while the agency waits for the requester, for the reasons it gives/);
  await expectNoViolations(page, 'the pause form');

  // A reason the form does not offer (a stale or forged form) is refused
  // with the form shown again, the message kept.
  await form.getByRole('radio', { name: 'Payment' }).evaluate((r) => { r.value = 'vacation'; });
  await form.getByRole('radio', { name: 'Payment' }).check();
  await form.locator('#pause_message').fill('Typed and kept pb1.');
  await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Pause the request' }).click()]);
  assert.match(await page.locator('#pause_reason .field-error').innerText(), /^Waiting for must be one of the reasons listed$/);
  assert.equal(await page.locator('#pause_message').inputValue(), 'Typed and kept pb1.');
  await expectNoViolations(page, 'the refused pause');
});

test('keyboard: choose the law\'s reason and pause without the mouse', async () => {
  await page.goto(`${server.url}/requests/${NUMBER}`);
  await page.focus('#pause-reason-0');
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#pause-reason-0').isChecked());
  await page.keyboard.press('ArrowDown'); // the radios are one group, across both fieldsets
  assert.ok(await page.locator('#pause-reason-1').isChecked());
  await page.keyboard.press('ArrowUp');
  assert.ok(await page.locator('#pause-reason-0').isChecked());
  await page.keyboard.press('Tab'); // out of the radio group
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pause_message');
  await page.keyboard.type('Which permits? kb7');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Pause the request');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const first = page.locator('.timeline .event').first();
  assert.match(await first.innerText(), new RegExp(`Request Paused[^]*Waiting for the requester: Information asked of ` +
    `the requester\\. The clock stops while the agency waits \\(${LAW.replace(/[.()]/g, '\\$&')}\\)[^]*Which permits\\? kb7`));
  assert.equal(await page.locator('form[action$="/resume"]').count(), 1);
  await expectNoViolations(page, 'the paused request');
});
