// The staff dashboard in a real browser: every queue, the filters, paging,
// the bulk results and the request page's tasks have no WCAG 2.1 A/AA
// violations (axe-core), also when a task form is refused; a task is asked
// for, finished from "My tasks", and a bulk action applied, with the
// keyboard alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ email: 'admin@example.gov', viewport: DESKTOP }, (session) => ({ server, page } = session));

/** Tabs forward until the focused element matches selector (at most 80 tabs). */
async function tabTo(selector) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('every queue, filtered and paged, has no violations', async () => {
  for (const query of ['', '?queue=tasks', '?queue=departments', '?queue=overdue&sort=received&dir=asc',
    '?queue=all&sort=number&channel=web', '?queue=all&sort=number&page=2', '?queue=closed&status=open']) {
    const res = await page.goto(`${server.url}/staff${query}`);
    assert.equal(res.status(), 200, query);
    await expectNoViolations(page, `/staff${query}`);
  }
  // Paging and the filters, as a person reads them.
  await page.goto(`${server.url}/staff?queue=all&sort=number&page=2`);
  assert.match(await page.locator('.paging-status').innerText(), /^Showing 51 to 100 of \d+, page 2 of \d+\.$/);
  assert.equal(await page.locator('.pager a[rel=prev]').innerText(), 'Previous page');
  await page.goto(`${server.url}/staff?queue=all&sort=number`);
  await page.selectOption('#filter-channel', 'web');
  await page.selectOption('#filter-status', 'closed');
  await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
  assert.match(page.url(), /\/staff\?queue=all&sort=number&dir=desc&department=&status=closed&channel=web&contact=$/);
  assert.match(await page.locator('#queue-title').innerText(), /^All requests \(\d+\)$/);
  for (const row of await page.locator('.request-row .status:not(.status-unpublished)').allInnerTexts()) {
    assert.equal(row, 'CLOSED');
  }
  assert.equal(await page.locator('a', { hasText: 'Clear the filters' }).count(), 1);
  // Overdue says so in words.
  await page.goto(`${server.url}/staff?queue=overdue`);
  const first = page.locator('.request-row').first();
  assert.match(await first.innerText(), /OVERDUE[\s\S]*\(overdue\)/);
  // Every checkbox has its own label.
  const label = await page.locator('.request-row input[type=checkbox]').first().evaluate((el) => el.labels[0].textContent);
  assert.match(label, /^Select request \d+-\d+$/);
});

test('keyboard: ask for a task on the request page; a refused one keeps what was typed', async () => {
  await page.goto(`${server.url}/requests/26-132`);
  assert.equal(await page.locator('#tasks-title').innerText(), 'Tasks (0 open)');
  await expectNoViolations(page, 'request page with the task form');
  // Refused: a due date in the past.
  await page.focus('#task_description');
  await page.keyboard.type('Search the training division course files kb7.');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'task_assignee');
  await page.keyboard.press('ArrowDown'); // the first department
  assert.match(await page.locator('#task_assignee').inputValue(), /^d\d+$/);
  await page.fill('#task_due_date', '2020-01-02');
  await page.focus('#task_due_date');
  await tabTo('.task-form button[type=submit]'); // past the date's day, month and year
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Ask for the task');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.form-problem').innerText(), /The task's due date has passed/);
  assert.equal(await page.locator('#task_description').inputValue(), 'Search the training division course files kb7.');
  assert.equal(await page.locator('#task_due_date').inputValue(), '2020-01-02');
  await expectNoViolations(page, 'refused task form');
  // For a person this time (Alex Morgan, the admin), due in a week.
  const inAWeek = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
  const alex = await page.locator('#task_assignee option', { hasText: 'Alex Morgan' }).getAttribute('value');
  await page.selectOption('#task_assignee', alex);
  await page.fill('#task_due_date', inAWeek);
  await page.focus('#task_due_date');
  await tabTo('.task-form button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/requests\/26-132#timeline-title$/);
  assert.equal(await page.locator('#tasks-title').innerText(), 'Tasks (1 open)');
  assert.match(await page.locator('.tasks .task').first().innerText(), /Open: Search the training division course files kb7\.\s*For Alex Morgan; due/);
  assert.match(await page.locator('.timeline .event').first().innerText(), /Task Assigned\s*Staff[\s\S]*For Alex Morgan, due/);
  await expectNoViolations(page, 'request page with a task');
});

test('keyboard: finish the task from My tasks with a note', async () => {
  await page.goto(`${server.url}/staff?queue=tasks`);
  assert.equal(await page.locator('#queue-title').innerText(), 'My tasks (1)');
  await expectNoViolations(page, 'My tasks');
  await tabTo('.task-done textarea');
  await page.keyboard.type('Two binders found kb7.');
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.innerText), /^Mark done/);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/requests\/26-132#timeline-title$/);
  assert.equal(await page.locator('#tasks-title').innerText(), 'Tasks (0 open)');
  assert.match(await page.locator('.tasks .task').first().innerText(), /Done: Search the training[\s\S]*by Alex Morgan: Two binders found kb7\./);
  assert.match(await page.locator('.timeline .event').first().innerText(), /Task Completed\s*Staff/);
  await page.goto(`${server.url}/staff?queue=tasks`);
  assert.equal(await page.locator('#queue-title').innerText(), 'My tasks (0)');
});

test('keyboard: select two requests and publish them; the results have no violations', async () => {
  await page.goto(`${server.url}/staff?queue=overdue&sort=number`);
  const numbers = [];
  for (let i = 0; i < 2; i++) {
    const box = page.locator('.request-row input[type=checkbox]').nth(i);
    numbers.push((await box.getAttribute('value')).split('@')[0]);
    await box.focus();
    await page.keyboard.press('Space');
    assert.equal(await box.isChecked(), true);
  }
  await tabTo('#bulk_action');
  await page.keyboard.press('ArrowDown'); // Assign a department -> Publish
  assert.equal(await page.locator('#bulk_action').inputValue(), 'publish');
  await tabTo('.bulk button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1').innerText(), 'Bulk action: results');
  assert.match(await page.locator('.bulk-summary').innerText(), /^Publish: [0-2] of 2 done/);
  assert.deepEqual(await page.locator('.bulk-results tbody th').allInnerTexts(), numbers);
  await expectNoViolations(page, 'bulk results');
  // A second time: each is published already and says so.
  await page.goBack();
  await page.reload();
  for (const n of numbers) await page.locator(`#pick-${n}`).check();
  await page.selectOption('#bulk_action', 'publish');
  await Promise.all([page.waitForNavigation(), page.click('.bulk button[type=submit]')]);
  assert.match(await page.locator('.bulk-summary').innerText(), /^Publish: 0 of 2 done, 2 refused\.$/);
  assert.deepEqual(await page.locator('.bulk-results td').allInnerTexts(),
    ['Refused: The request is published already.', 'Refused: The request is published already.']);
  await page.click('text=Back to the dashboard');
  assert.match(page.url(), /\/staff\?queue=overdue&sort=number$/);
});
