// Accounts in a real browser, from the demo data: a requester signs in, sees
// their requests and signs out; an admin reaches the users pages. Every page
// on the way is checked with axe-core (WCAG 2.1 A/AA), forms with errors too.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEMO_PASSWORD, expectNoViolations, useSession } from './browser.mjs';

let server;
let page;
useSession({ serverOptions: { init: false } }, (session) => ({ server, page } = session));

async function signIn(email, password) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the sign-in pages have no WCAG 2.1 A/AA violations, errors shown included', async () => {
  for (const path of ['/login', '/register', '/login/link', '/password/forgot']) {
    const res = await page.goto(`${server.url}${path}`);
    assert.equal(res.status(), 200, path);
    await expectNoViolations(page, path);
  }
  await signIn('requester@example.com', 'not the demo password');
  assert.match(await page.locator('.form-problem').innerText(), /The email address or the password is not right/);
  await expectNoViolations(page, '/login with an error');

  await page.goto(`${server.url}/register`);
  await page.getByLabel('Email address').fill('someone@example.com');
  await page.getByLabel('Name').fill('Some One');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Password again').fill('short');
  // The browser's own check (minlength) would stop the form: let the server answer.
  await page.locator('form.form').evaluate((f) => { f.noValidate = true; });
  await page.getByRole('button', { name: 'Create the account' }).click();
  assert.match(await page.locator('#password-error').innerText(), /Password must be at least 10 characters long/);
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'), 'true');
  await expectNoViolations(page, '/register with errors');
});

test('a requester signs in, sees their requests, and signs out', async () => {
  await signIn('requester@example.com', DEMO_PASSWORD);
  await page.waitForURL(`${server.url}/account/requests`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'My requests');
  assert.match(await page.locator('main').innerText(), /Signed in as Jordan Reyes/);
  const requests = page.locator('.my-requests > li');
  assert.equal(await requests.count(), 2);
  assert.match(await requests.first().innerText(), /Request \d\d-\d+/);
  assert.match(await page.locator('.my-requests').innerText(), /Not published/);
  await expectNoViolations(page, '/account/requests');

  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Sign in' }).count(), 0);
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${server.url}/`);
  assert.equal(await nav.getByRole('link', { name: 'Sign in' }).count(), 1);
  const res = await page.goto(`${server.url}/account/requests`);
  assert.equal(res.status(), 401);
});

test('staff and an admin sign in with the demo accounts; the users pages are accessible', async () => {
  await signIn('kris.tu@example.gov', DEMO_PASSWORD);
  await page.waitForURL(`${server.url}/account/requests`);
  assert.match(await page.locator('main').innerText(), /Your staff work area will appear here/);
  assert.equal((await page.goto(`${server.url}/admin/users`)).status(), 403);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${server.url}/`);

  await signIn('admin@example.gov', DEMO_PASSWORD);
  await page.waitForURL(`${server.url}/account/requests`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await page.waitForURL(`${server.url}/admin/users`);
  assert.match(await page.locator('table.users').innerText(), /Kris Tu 34895 LAPD CPRA 1421/);
  await expectNoViolations(page, '/admin/users');
  await page.getByRole('link', { name: 'Kris Tu 34895 LAPD CPRA 1421' }).click();
  assert.equal(await page.getByLabel('Role').inputValue(), 'staff');
  await expectNoViolations(page, '/admin/users/{id}');
});
