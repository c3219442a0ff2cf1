// The admins' list of withheld emails (/admin/mail) in a real browser: an
// email withdrawn before sending is shown with its reason, and the page has
// no WCAG 2.1 A/AA violations (axe-core).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DESKTOP, expectNoViolations, signIn, useSession } from './browser.mjs';

let session;
let server;
let page;
useSession({
  viewport: DESKTOP, serverOptions: { args: ['--public-url', 'https://records.example.gov'] },
}, (opened) => ({ server, page } = session = opened));

test('a withheld email is listed with its reason; no violations', async () => {
  await server.sql("INSERT INTO outbox (to_addr, subject, body_text, status, attempts, last_error, " +
    "next_attempt_at, created_at) VALUES ('kept@example.org', '[Request 19-5156] New message', " +
    "'x', 'withdrawn', 1, 'withheld: no longer for its recipient (Requester + Staff); now: the event is Staff', " +
    '0, unixepoch())');
  await signIn(session, 'admin@example.gov');
  await page.goto(`${server.url}/admin/mail`);
  assert.equal(await page.locator('h1').innerText(), 'Email');
  assert.match(await page.locator('main').innerText(), /1 withheld\./);
  const table = page.locator('h2:text("Emails withheld") + p + table');
  assert.match(await table.innerText(),
    /kept@example\.org[\s\S]*Withdrawn[\s\S]*now: the event is Staff/);
  await expectNoViolations(page);
});
