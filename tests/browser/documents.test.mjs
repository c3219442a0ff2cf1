// Documents in a real browser: a staff member uploads a PDF from the
// request page's form and releases it; the request page, the document
// page, the documents list (also filtered) and the admin's settings have
// no WCAG 2.1 A/AA violations (axe-core), nor the page of a refused file.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';

import { makePdf } from '../e2e/pdf.mjs';
import { DESKTOP, expectNoViolations, useSession } from './browser.mjs';

const run = randomBytes(3).toString('hex');
let server;
let page;
useSession({
  email: 'admin@example.gov', viewport: DESKTOP, serverOptions: { env: { DISCLOSE_WORKER_POLL_MS: '100' } },
}, (session) => ({ server, page } = session));

test('upload from the request page, release, and every documents page is accessible', async () => {
  await page.goto(`${server.url}/requests/19-5156`);
  await expectNoViolations(page);
  await page.setInputFiles('#doc-files', {
    name: `memo-${run}.pdf`, mimeType: 'application/pdf', buffer: makePdf(`Heron memo ${run}`),
  });
  await page.fill('#doc-title', `Memo ${run}`);
  await page.selectOption('#doc-level', 'staff');
  await Promise.all([page.waitForNavigation(), page.click('form[enctype] button:has-text("Upload")')]);
  assert.match(page.url(), /\/requests\/19-5156#documents-title$/);
  const link = page.locator(`a:has-text("Memo ${run}")`).first();
  assert.equal(await link.count(), 1);
  await expectNoViolations(page);

  // The document page: release it to the public with the keyboard.
  await page.locator(`a.meta:has-text("Details")`).last().click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').innerText(), `Memo ${run}`);
  await expectNoViolations(page);
  await page.focus('#level');
  await page.selectOption('#level', 'public');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.facts').innerText(), /Public/);
  await expectNoViolations(page);

  // The list, with and without filters.
  for (const q of ['', `?q=Heron+${run}`, '?type=pdf&request=19-5156']) {
    const res = await page.goto(`${server.url}/documents${q}`);
    assert.equal(res.status(), 200);
    await expectNoViolations(page);
  }
  await page.goto(`${server.url}/documents?type=pdf&request=19-5156`);
  assert.equal(await page.locator(`td a:has-text("Memo ${run}")`).count(), 1);

  await page.goto(`${server.url}/admin/documents`);
  await expectNoViolations(page);
});

test('a refused file shows its problem accessibly', async () => {
  await page.goto(`${server.url}/requests/19-5156`);
  await page.setInputFiles('#doc-files', {
    name: 'program.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x7fELF\x02\x01\x01'.padEnd(4096, '\0'), 'latin1'),
  });
  await Promise.all([page.waitForNavigation(), page.click('form[enctype] button:has-text("Upload")')]);
  assert.match(await page.content(), /The file “program\.pdf” is of type/);
  await expectNoViolations(page);
});
