// Email settings in a real browser: the notification choices, the page the
// requester's "stop emails" link opens, and the admins' list of failed
// emails have no WCAG 2.1 A/AA violations (axe-core); choices can be made
// and saved with the keyboard alone, and the email link works without
// signing in.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, signIn, useSession } from './browser.mjs';

let session;
let server;
let page;
useSession({
  viewport: DESKTOP, serverOptions: { args: ['--public-url', 'https://records.example.gov'] },
}, (opened) => ({ server, page } = session = opened));

test("the requester's stop-emails page works without signing in and has no violations", async () => {
  const visitor = server.client();
  await visitor.csrf('/requests/new');
  const res = await visitor.post('/requests', { description: 'Budget memos, 2025.', email: 'bea@example.org' });
  assert.equal(res.status, 303);
  // No SMTP server is set: the acknowledgement waits in the outbox.
  const [row] = await server.sql("SELECT headers_json FROM outbox WHERE to_addr = 'bea@example.org'");
  const link = JSON.parse(row.headers_json).unsubscribe_url;
  const path = link.replace('https://records.example.gov', '');
  await page.goto(server.url + path);
  assert.match(await page.locator('h1').innerText(), /Emails about this request/);
  await expectNoViolations(page);
  await page.locator('main button[type=submit]').focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1').innerText(), 'Emails about this request are off');
  await expectNoViolations(page);
  const [off] = await server.sql('SELECT count(*) AS n FROM request_email_optouts');
  assert.equal(off.n, 1);
});

test('notification choices: no violations; chosen and saved with the keyboard', async () => {
  await signIn(session, 'kris.tu@example.gov');
  await page.goto(`${server.url}/account/notifications`);
  assert.equal(await page.locator('h1').innerText(), 'Email notifications');
  assert.equal(await page.locator('fieldset legend', { hasText: 'A task for you' }).count(), 1);
  await expectNoViolations(page);
  // Arrow keys move within a radio group and select.
  await page.locator('#task-immediate').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#task-digest').isChecked(), true);
  await page.locator('main form button[type=submit]').focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('[role=status]').innerText(), /Your choices are saved/);
  assert.equal(await page.locator('#task-digest').isChecked(), true);
  await expectNoViolations(page);
  const [pref] = await server.sql("SELECT delivery FROM notification_prefs WHERE kind = 'task'");
  assert.equal(pref.delivery, 'digest');
});

test("the admins' list of failed emails has no violations", async () => {
  await server.sql("INSERT INTO outbox (to_addr, subject, body_text, status, attempts, last_error, " +
    "next_attempt_at, created_at) VALUES ('gone@example.org', '[Request 19-5156] Your request was closed', " +
    "'x', 'failed', 3, 'the SMTP server answered 550: No such mailbox', 0, unixepoch())");
  await signIn(session, 'admin@example.gov');
  await page.goto(`${server.url}/admin/mail`);
  assert.equal(await page.locator('h1').innerText(), 'Email');
  assert.match(await page.locator('table').innerText(), /gone@example\.org[\s\S]*550: No such mailbox/);
  await expectNoViolations(page);
  await Promise.all([page.waitForNavigation(), page.click('table button[type=submit]')]);
  assert.match(await page.locator('[role=status]').innerText(), /queued to be sent again/);
  await expectNoViolations(page);
});
