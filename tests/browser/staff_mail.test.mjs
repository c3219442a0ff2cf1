// Email for staff in a real browser: the holding queue, one email with its
// forms, a refused attach and the request page with a message that came
// by email and a bounced address have no WCAG 2.1 A/AA violations
// (axe-core); a held email is attached to its request with the keyboard
// alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lastMail, mailIn, replyAddress } from '../e2e/mail_harness.mjs';
import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
let request;
let held;
useSession({ email: 'kris.tu@example.gov', viewport: DESKTOP }, async (session) => {
  ({ server, page } = session);
  [request] = await server.sql('SELECT id, number, requester_email FROM requests ' +
    'WHERE requester_email IS NOT NULL AND published = 1 ORDER BY id DESC LIMIT 1');
  const address = await replyAddress(server.dbPath, request.number);
  // A reply with quoted history, a stranger's email with a file, a bounce.
  mailIn(server.dbPath, `From: ${request.requester_email}\nTo: ${address}\nSubject: Re: dates\n\n` +
    'The 2024 logs, please.\n\nOn Mon, Records wrote:\n> Which dates?\n');
  mailIn(server.dbPath, `From: Helper <helper@example.net>\nTo: ${address}\nSubject: For the requester\n` +
    'Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nSent for my neighbour kb77.\n' +
    '--B\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\nnotes\n--B--\n');
  held = await lastMail(server.dbPath);
  mailIn(server.dbPath, `From: MAILER-DAEMON@mx.example.net\nTo: ${address}\nSubject: Undelivered\n` +
    'Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n' +
    `--B\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; ${request.requester_email}\n` +
    'Action: failed\nStatus: 5.1.1\n--B--\n');
});

test('the email lists have no violations', async () => {
  for (const show of ['held', 'kept', 'posted']) {
    const res = await page.goto(`${server.url}/staff/mail?show=${show}`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'Email');
    await expectNoViolations(page);
  }
  await page.goto(`${server.url}/staff/mail`);
  assert.match(await page.locator('main').innerText(), /For the requester[\s\S]*The sender is not the requester/i);
});

test('an email, and its refused attach, have no violations', async () => {
  await page.goto(`${server.url}/staff/mail/${held.id}`);
  assert.match(await page.locator('main').innerText(), /Sent for my neighbour kb77\.[\s\S]*notes\.txt/);
  await expectNoViolations(page);
  await page.fill('#number', '99-99999');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/attach"] button')]);
  assert.match(await page.locator('.form-problem').innerText(), /Request number names no request/);
  assert.equal(await page.locator('#number').getAttribute('aria-invalid'), 'true');
  await expectNoViolations(page);
});

test('the request page with an emailed message and a bounce has no violations', async () => {
  await page.goto(`${server.url}/requests/${request.number}`);
  assert.match(await page.locator('#staff-panel').innerText(), /Email to the requester bounced/);
  assert.equal(await page.locator('a', { hasText: 'The email as received' }).count() >= 1, true);
  await expectNoViolations(page);
});

test('keyboard: attach a held email to its request', async () => {
  await page.goto(`${server.url}/staff/mail/${held.id}`);
  await page.focus('#number');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(request.number);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Attach');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), new RegExp(`/requests/${request.number}#timeline-title$`));
  const first = page.locator('.timeline .event-message').first();
  assert.match(await first.innerText(), /Sent for my neighbour kb77\.[\s\S]*by the requester/);
});
