// Accounts end to end: signing in and out, sessions and their expiry, emailed
// links (sign-in, password reset, verification) and their single use, CSRF,
// throttling, privilege escalation and the admin's user management. Every
// refusal is checked against the database: nothing changed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServer } from './harness.mjs';

const PASSWORD = 'a long enough password 42';

let server;
let ipCounter = 0;
/** A client with its own client address (the server trusts X-Forwarded-For),
 * so that throttling in one test does not reach another. */
function client() {
  ipCounter += 1;
  return server.client({ headers: { 'x-forwarded-for': `10.1.${ipCounter >> 8}.${ipCounter & 255}` } });
}

const text = (res) => res.text();
/** The problem box of a form page, for comparing answers. */
const problem = (html) => /<div class="form-problem" role="alert">[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
/** The last email queued to an address. */
async function lastMail(to) {
  const rows = await server.sql(`SELECT id, to_addr, subject, body_text, status FROM outbox
    WHERE to_addr = '${to}' COLLATE NOCASE ORDER BY id DESC LIMIT 1`);
  return rows[0];
}
function linkPath(mail, prefix) {
  const m = new RegExp(`${prefix}([A-Za-z0-9_-]{43})`).exec(mail.body_text);
  assert.ok(m, `no ${prefix} link in: ${mail.body_text}`);
  return prefix + m[1];
}
async function count(sql) {
  return (await server.sql(sql))[0].n;
}
/** Plants a request made without an account (the store's columns, no search rows). */
async function plantRequest(number, email, description) {
  const [yy, seq] = number.split('-').map(Number);
  await server.sql(`INSERT INTO requests (number, year, seq, description, status, received_at,
    channel, requester_email, requester_name, created_at, updated_at)
    VALUES ('${number}', ${2000 + yy}, ${seq}, '${description}', 'open', unixepoch(), 'web',
    '${email}', 'Pat Planted', unixepoch(), unixepoch())`);
}

let requesterId;
let staffId;
let deptAdminId;

before(async () => {
  server = await startServer({ args: ['--trust-proxy'] });
  requesterId = await server.addUser({ email: 'rita@example.com', name: 'Rita Requester', role: 'requester', password: PASSWORD });
  staffId = await server.addUser({ email: 'sam@example.gov', name: 'Sam Staff', role: 'staff', password: PASSWORD });
  deptAdminId = await server.addUser({ email: 'dana@example.gov', name: 'Dana Deptadmin', role: 'department_admin', password: PASSWORD });
});

after(async () => {
  await server?.stop();
});

describe('signing in and out', () => {
  test('the login form signs in: an HttpOnly SameSite=Lax cookie, stored only as a hash', async () => {
    const c = client();
    const res = await c.signIn('RITA@example.com', PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/account/requests');
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('disclose_session='));
    assert.match(cookie, /^disclose_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    const token = c.cookies.get('disclose_session');
    const dump = await server.sql(`SELECT hex(token_hash) AS h, length(token_hash) AS n FROM sessions WHERE user_id = ${requesterId}`);
    assert.equal(dump.length, 1);
    assert.equal(dump[0].n, 32);
    assert.ok(!dump[0].h.includes(Buffer.from(token).toString('hex').toUpperCase()));

    const page = await c.get('/account/requests');
    assert.equal(page.status, 200);
    const html = await text(page);
    assert.match(html, /Signed in as Rita Requester \(rita@example.com\)/);
    assert.match(html, /<a href="\/account\/requests">My requests<\/a>/);
    assert.match(html, /<form class="nav-form" method="post" action="\/logout"><input type="hidden" name="csrf_token" value="[^"]+"><button type="submit">Sign out<\/button><\/form>/);
    assert.doesNotMatch(html, /href="\/login">Sign in</);
  });

  test('a wrong password and an unknown address get the same 401 answer', async () => {
    const c = client();
    const wrong = await c.signIn('rita@example.com', 'not the password at all');
    const unknown = await c.signIn('nobody@example.com', 'not the password at all');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const a = problem(await text(wrong));
    assert.match(a, /The email address or the password is not right\./);
    assert.equal(problem(await text(unknown)), a);
    assert.equal(c.cookies.has('disclose_session'), false);
  });

  test('signing in again rotates the session: the earlier one is deleted', async () => {
    const c = client();
    await c.signIn('rita@example.com', PASSWORD);
    const first = c.cookies.get('disclose_session');
    const before = await count(`SELECT count(*) AS n FROM sessions WHERE user_id = ${requesterId}`);
    await c.csrf('/account/requests');
    assert.equal((await c.post('/login', { email: 'rita@example.com', password: PASSWORD })).status, 303);
    const second = c.cookies.get('disclose_session');
    assert.notEqual(second, first);
    assert.equal(await count(`SELECT count(*) AS n FROM sessions WHERE user_id = ${requesterId}`), before);
    const stale = client();
    stale.cookies.set('disclose_session', first);
    assert.equal((await stale.get('/account/requests')).status, 401);
  });

  test('sign-out deletes the session; its token is refused afterwards', async () => {
    const c = client();
    await c.signIn('rita@example.com', PASSWORD);
    const token = c.cookies.get('disclose_session');
    const sessions = await count('SELECT count(*) AS n FROM sessions');
    await c.csrf('/account/requests');
    const out = await c.post('/logout');
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/');
    assert.match(out.headers.getSetCookie().join('\n'), /disclose_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);
    assert.equal(await count('SELECT count(*) AS n FROM sessions'), sessions - 1);
    const replay = client();
    replay.cookies.set('disclose_session', token);
    const res = await replay.get('/account/requests');
    assert.equal(res.status, 401);
    assert.match(await text(res), /<a href="\/login">Sign in<\/a>/);
  });

  test('"sign out everywhere" ends every session of the user', async () => {
    const phone = client();
    const laptop = client();
    await phone.signIn('rita@example.com', PASSWORD);
    await laptop.signIn('rita@example.com', PASSWORD);
    await phone.csrf('/account/requests');
    const res = await phone.post('/logout-everywhere');
    assert.equal(res.status, 303);
    assert.equal(await count(`SELECT count(*) AS n FROM sessions WHERE user_id = ${requesterId}`), 0);
    assert.equal((await laptop.get('/account/requests')).status, 401);
    assert.equal((await phone.get('/account/requests')).status, 401);
  });

  test('an inactive user is anonymous at once', async () => {
    const id = await server.addUser({ email: 'ivy@example.com', role: 'requester', password: PASSWORD });
    const c = client();
    await c.signIn('ivy@example.com', PASSWORD);
    assert.equal((await c.get('/account/requests')).status, 200);
    await server.sql(`UPDATE users SET active = 0 WHERE id = ${id}`);
    assert.equal((await c.get('/account/requests')).status, 401);
    assert.equal(await count(`SELECT count(*) AS n FROM sessions WHERE user_id = ${id}`), 0);
    const again = await client().signIn('ivy@example.com', PASSWORD);
    assert.equal(again.status, 401);
  });
});

describe('registration and emailed links', () => {
  test('register: a requester account, signed in, with a verification email that attaches earlier requests', async () => {
    await plantRequest('26-9001', 'New.Person@Example.com', 'Records about the new bridge MARK-REG-1');
    const c = client();
    const res = await c.submit('/register', '/register', {
      email: 'new.person@example.com', name: 'New Person', password: PASSWORD, password_confirm: PASSWORD,
    });
    assert.equal(res.status, 303);
    const user = (await server.sql(`SELECT id, role, email_verified_at FROM users WHERE email = 'new.person@example.com'`))[0];
    assert.equal(user.role, 'requester');
    assert.equal(user.email_verified_at, null);
    let page = await text(await c.get('/account/requests'));
    assert.doesNotMatch(page, /MARK-REG-1/, 'not attached before the address is verified');
    assert.match(page, /not confirmed yet/);

    const mail = await lastMail('new.person@example.com');
    assert.equal(mail.status, 'queued');
    assert.equal(mail.subject, 'Confirm your email address');
    const verify = await c.get(linkPath(mail, '/account/verify/'));
    assert.equal(verify.status, 200);
    page = await text(await c.get('/account/requests'));
    assert.match(page, /MARK-REG-1/);
    assert.match(page, /<a href="\/requests\/26-9001">Request 26-9001<\/a>/);
    assert.equal((await c.get(linkPath(mail, '/account/verify/'))).status, 410, 'single use');
    const audit = await server.sql(`SELECT after_json FROM audit_log WHERE action = 'user.requests_attached' AND target_id = ${user.id}`);
    assert.deepEqual(JSON.parse(audit[0].after_json), { requests_attached: 1 });
  });

  test('register refuses a taken address, a common password and a mismatch (400, nothing created)', async () => {
    const users = await count('SELECT count(*) AS n FROM users');
    const c = client();
    let res = await c.submit('/register', '/register', { email: 'Rita@Example.com', name: 'X', password: PASSWORD, password_confirm: PASSWORD });
    assert.equal(res.status, 400);
    assert.match(await text(res), /Email address already belongs to an account/);
    res = await c.submit('/register', '/register', { email: 'fresh@example.com', name: 'X', password: 'Password123', password_confirm: 'Password123' });
    assert.equal(res.status, 400);
    assert.match(await text(res), /Password is one of the most common passwords/);
    res = await c.submit('/register', '/register', { email: 'fresh@example.com', name: 'X', password: PASSWORD, password_confirm: `${PASSWORD}!` });
    assert.equal(res.status, 400);
    const html = await text(res);
    assert.match(html, /The repeated password must be the same as the password/);
    assert.match(html, /value="fresh@example.com"/);
    assert.doesNotMatch(html, new RegExp(PASSWORD), 'passwords are never shown again');
    assert.equal(await count('SELECT count(*) AS n FROM users'), users);
  });

  test('a sign-in link creates the account, attaches requests (any letter case) and works once', async () => {
    await plantRequest('26-9002', 'LINK.User@Example.org', 'Parking citations MARK-LINK-1');
    const c = client();
    const res = await c.submit('/login/link', '/login/link', { email: 'link.user@example.org' });
    assert.equal(res.status, 200);
    assert.match(await text(res), /If this address can sign in with a link, we have sent one/);
    const mail = await lastMail('link.user@example.org');
    assert.equal(mail.subject, 'Your sign-in link');
    assert.match(mail.body_text, /once, within 30 minutes/);
    const path = linkPath(mail, '/login/link/');
    assert.ok(!server.stderr().includes(path.slice(12)), 'links are not logged outside development mode');

    const use = await c.get(path);
    assert.equal(use.status, 303);
    assert.equal(use.headers.get('location'), '/account/requests');
    const page = await text(await c.get('/account/requests'));
    assert.match(page, /Signed in as Pat Planted/);
    assert.match(page, /MARK-LINK-1/);
    const row = (await server.sql(`SELECT r.requester_id = u.id AS mine, u.email_verified_at IS NOT NULL AS verified
      FROM requests r, users u WHERE r.number = '26-9002' AND u.email = 'link.user@example.org'`))[0];
    assert.deepEqual(row, { mine: 1, verified: 1 });

    const again = await client().get(path);
    assert.equal(again.status, 410);
    assert.match(await text(again), /expired or was already used/);
    assert.ok(!server.stderr().includes(path.slice(12)), 'the access log does not show link tokens');
    assert.match(server.stderr(), /access GET \/login\/link\/\{token\} 303 /);
  });

  test('a sign-in link is not sent for a staff address, with the same answer', async () => {
    const before = await count('SELECT count(*) AS n FROM outbox');
    const res = await client().submit('/login/link', '/login/link', { email: 'sam@example.gov' });
    assert.equal(res.status, 200);
    assert.match(await text(res), /If this address can sign in with a link, we have sent one/);
    assert.equal(await count('SELECT count(*) AS n FROM outbox'), before);
  });

  test('an expired sign-in link is refused', async () => {
    const c = client();
    await c.submit('/login/link', '/login/link', { email: 'late@example.org' });
    const path = linkPath(await lastMail('late@example.org'), '/login/link/');
    await server.sql(`UPDATE one_time_tokens SET expires_at = unixepoch() - 1 WHERE purpose = 'login_link' AND email = 'late@example.org'`);
    assert.equal((await c.get(path)).status, 410);
    assert.equal(await count(`SELECT count(*) AS n FROM users WHERE email = 'late@example.org'`), 0);
  });

  test('password reset: single use, ends every session, and the old password stops working', async () => {
    const id = await server.addUser({ email: 'reset.me@example.com', role: 'requester', password: PASSWORD });
    const elsewhere = client();
    await elsewhere.signIn('reset.me@example.com', PASSWORD);
    const c = client();
    const unknown = await c.submit('/password/forgot', '/password/forgot', { email: 'no.such@example.com' });
    const known = await c.submit('/password/forgot', '/password/forgot', { email: 'reset.me@example.com' });
    assert.equal(unknown.status, 200);
    assert.equal(known.status, 200);
    const msg = /<p>If this address has an account[^<]*<\/p>/;
    assert.equal(msg.exec(await text(unknown))[0], msg.exec(await text(known))[0]);
    assert.equal(await lastMail('no.such@example.com'), undefined);
    const mail = await lastMail('reset.me@example.com');
    assert.equal(mail.subject, 'Reset your password');
    const path = linkPath(mail, '/password/reset/');

    const form = await c.get(path);
    assert.equal(form.status, 200);
    const NEW = 'another long password 17';
    await c.csrf(path);
    const res = await c.post(path, { password: NEW, password_confirm: NEW });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/account/requests');
    assert.equal((await elsewhere.get('/account/requests')).status, 401, 'other sessions end');
    assert.equal((await c.get('/account/requests')).status, 200, 'signed in with the new password');
    assert.equal((await client().signIn('reset.me@example.com', PASSWORD)).status, 401);
    assert.equal((await client().signIn('reset.me@example.com', NEW)).status, 303);

    const hash = (await server.sql(`SELECT password_hash AS h FROM users WHERE id = ${id}`))[0].h;
    const other = client();
    assert.equal((await other.get(path)).status, 410, 'the link works once');
    await other.csrf('/password/forgot');
    const reuse = await other.post(path, { password: 'a third password 999', password_confirm: 'a third password 999' });
    assert.equal(reuse.status, 410);
    assert.equal((await server.sql(`SELECT password_hash AS h FROM users WHERE id = ${id}`))[0].h, hash);
    assert.ok(!server.stderr().includes(path.slice(16)), 'the access log does not show link tokens');
  });

  test('an expired reset link changes nothing', async () => {
    const id = await server.addUser({ email: 'expired.reset@example.com', role: 'requester', password: PASSWORD });
    const c = client();
    await c.submit('/password/forgot', '/password/forgot', { email: 'expired.reset@example.com' });
    const path = linkPath(await lastMail('expired.reset@example.com'), '/password/reset/');
    await server.sql(`UPDATE one_time_tokens SET expires_at = unixepoch() - 1 WHERE user_id = ${id}`);
    const hash = (await server.sql(`SELECT password_hash AS h FROM users WHERE id = ${id}`))[0].h;
    assert.equal((await c.get(path)).status, 410);
    const res = await c.post(path, { password: 'a new password 12345', password_confirm: 'a new password 12345' });
    assert.equal(res.status, 410);
    assert.equal((await server.sql(`SELECT password_hash AS h FROM users WHERE id = ${id}`))[0].h, hash);
    assert.equal((await client().signIn('expired.reset@example.com', PASSWORD)).status, 303);
  });
});

describe('CSRF', () => {
  test('a POST without the token is 403 and changes nothing', async () => {
    const users = await count('SELECT count(*) AS n FROM users');
    const c = client();
    await c.csrf('/register');
    const res = await c.post('/register', { email: 'csrf@example.com', name: 'C', password: PASSWORD, password_confirm: PASSWORD }, { token: null });
    assert.equal(res.status, 403);
    assert.match(await text(res), /This form has expired or was sent from another site/);
    assert.equal(await count('SELECT count(*) AS n FROM users'), users);
  });

  test('a wrong token, or the token of another visitor, is 403', async () => {
    const users = await count('SELECT count(*) AS n FROM users');
    const c = client();
    const other = client();
    await c.csrf('/register');
    const form = { email: 'csrf@example.com', name: 'C', password: PASSWORD, password_confirm: PASSWORD };
    assert.equal((await c.post('/register', form, { token: 'x'.repeat(43) })).status, 403);
    assert.equal((await c.post('/register', form, { token: await other.csrf('/register') })).status, 403);
    assert.equal(await count('SELECT count(*) AS n FROM users'), users);
  });

  test('without its cookie a token is refused', async () => {
    const c = client();
    await c.csrf('/login');
    c.cookies.delete('disclose_csrf');
    assert.equal((await c.post('/login', { email: 'rita@example.com', password: PASSWORD })).status, 403);
  });

  test('a signed-in form needs the session\'s token: sign-out without it changes nothing', async () => {
    const c = client();
    await c.signIn('rita@example.com', PASSWORD);
    const sessions = await count('SELECT count(*) AS n FROM sessions');
    // The token of the anonymous form before signing in no longer fits.
    assert.equal((await c.post('/logout')).status, 403);
    assert.equal((await c.post('/logout', {}, { token: null })).status, 403);
    assert.equal(await count('SELECT count(*) AS n FROM sessions'), sessions);
    assert.equal((await c.get('/account/requests')).status, 200);
  });

  test('a cross-origin POST is 403 even with the right token (Origin, then Referer)', async () => {
    const c = client();
    await c.signIn('rita@example.com', PASSWORD);
    await c.csrf('/account/requests');
    const sessions = await count('SELECT count(*) AS n FROM sessions');
    const evil = await c.post('/logout-everywhere', {}, { headers: { origin: 'http://evil.example' } });
    assert.equal(evil.status, 403);
    const nullOrigin = await c.post('/logout-everywhere', {}, { headers: { origin: 'null' } });
    assert.equal(nullOrigin.status, 403);
    const referer = await fetch(`${server.url}/logout-everywhere`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookieHeader(), referer: 'https://evil.example/page', 'x-forwarded-for': c.headers['x-forwarded-for'] },
      body: `csrf_token=${c.token}`,
    });
    assert.equal(referer.status, 403);
    assert.equal(await count('SELECT count(*) AS n FROM sessions'), sessions);
    assert.equal((await c.get('/account/requests')).status, 200);
  });

  test('a multipart form carries the token as a field', async () => {
    const c = client();
    await c.csrf('/login');
    const res = await c.postMultipart('/login', { email: 'rita@example.com', password: PASSWORD });
    assert.equal(res.status, 303);
    const bare = client();
    await bare.csrf('/login');
    bare.token = null;
    assert.equal((await bare.postMultipart('/login', { email: 'rita@example.com', password: PASSWORD })).status, 403);
  });

  test('a JSON call may send the token as X-CSRF-Token (given to signed-in JSON clients)', async () => {
    const c = client();
    await c.signIn('rita@example.com', PASSWORD);
    const page = await c.getJSON('/account/requests');
    assert.equal(page.status, 200);
    const token = page.headers.get('x-csrf-token');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const res = await c.post('/logout', {}, { token: null, headers: { 'x-csrf-token': token, accept: 'application/json' } });
    assert.equal(res.status, 303);
    assert.equal((await c.get('/account/requests')).status, 401);
  });
});

describe('throttling', () => {
  test('after 5 failures an account is refused (429), also with the right password; the same for an unknown account', async () => {
    const c = client();
    for (let i = 0; i < 5; i += 1) {
      assert.equal((await c.signIn('sam@example.gov', `wrong password ${i}xx`)).status, 401);
      assert.equal((await c.signIn('ghost@example.gov', `wrong password ${i}xx`)).status, 401);
    }
    const known = await c.signIn('SAM@example.gov', PASSWORD);
    const unknown = await c.signIn('ghost@example.gov', PASSWORD);
    assert.equal(known.status, 429);
    assert.equal(unknown.status, 429);
    assert.equal(known.headers.get('retry-after'), '900');
    const a = problem(await text(known));
    assert.match(a, /Too many attempts; try again in 15 minutes\./);
    assert.equal(problem(await text(unknown)), a);
    assert.equal(c.cookies.has('disclose_session'), false);
    // Another client address is still refused for that account...
    assert.equal((await client().signIn('sam@example.gov', PASSWORD)).status, 429);
    // ...and the window passes.
    await server.sql(`UPDATE login_attempts SET at = at - 900 WHERE key = 'account:sam@example.gov'`);
    assert.equal((await client().signIn('sam@example.gov', PASSWORD)).status, 303);
  });

  test('after 20 failures from one address, every account is refused from it', async () => {
    const c = client();
    for (let i = 0; i < 20; i += 1) {
      assert.equal((await c.signIn(`spray${i}@example.com`, 'wrong password xx')).status, 401);
    }
    const res = await c.signIn('rita@example.com', PASSWORD);
    assert.equal(res.status, 429);
    assert.match(problem(await text(res)), /Too many attempts; try again in 15 minutes\./);
    assert.equal((await client().signIn('rita@example.com', PASSWORD)).status, 303);
  });
});

describe('privilege escalation', () => {
  test('a requester posting to admin URLs gets 403 and nothing changes', async () => {
    const c = client();
    await c.signIn('rita@example.com', PASSWORD);
    await c.csrf('/account/requests');
    const users = await count('SELECT count(*) AS n FROM users');
    const audit = await count('SELECT count(*) AS n FROM audit_log');
    let res = await c.post('/admin/users', { email: 'evil@example.com', name: 'Evil', role: 'admin', password: PASSWORD });
    assert.equal(res.status, 403);
    res = await c.post(`/admin/users/${requesterId}`, { name: 'Rita', role: 'admin' });
    assert.equal(res.status, 403);
    res = await c.post(`/admin/users/${staffId}/deactivate`);
    assert.equal(res.status, 403);
    assert.equal((await c.get('/admin/users')).status, 403);
    assert.equal(await count('SELECT count(*) AS n FROM users'), users);
    assert.equal(await count('SELECT count(*) AS n FROM audit_log'), audit);
    assert.deepEqual(await server.sql(`SELECT role, active FROM users WHERE id IN (${requesterId}, ${staffId}) ORDER BY id`),
      [{ role: 'requester', active: 1 }, { role: 'staff', active: 1 }]);
  });

  test('staff and department admins editing a user get 403 and nothing changes', async () => {
    for (const email of ['sam@example.gov', 'dana@example.gov']) {
      const c = client();
      assert.equal((await c.signIn(email, PASSWORD)).status, 303);
      await c.csrf('/account/requests');
      const res = await c.post(`/admin/users/${staffId}`, { name: 'Sam Promoted', role: 'admin' });
      assert.equal(res.status, 403, email);
      assert.equal((await c.post(`/admin/users/${deptAdminId}/deactivate`)).status, 403, email);
    }
    assert.deepEqual(await server.sql(`SELECT name, role, active FROM users WHERE id = ${staffId}`),
      [{ name: 'Sam Staff', role: 'staff', active: 1 }]);
    assert.equal((await server.sql(`SELECT active FROM users WHERE id = ${deptAdminId}`))[0].active, 1);
  });

  test('an anonymous visitor posting to an admin URL gets 401 and nothing changes', async () => {
    const users = await count('SELECT count(*) AS n FROM users');
    const c = client();
    await c.csrf('/login');
    const res = await c.post('/admin/users', { email: 'evil@example.com', name: 'Evil', role: 'admin', password: PASSWORD });
    assert.equal(res.status, 401);
    assert.equal(await count('SELECT count(*) AS n FROM users'), users);
  });
});

describe('admin users', () => {
  let admin;
  before(async () => {
    admin = client();
    assert.equal((await admin.signIn(server.adminEmail, server.adminPassword)).status, 303);
  });

  test('create a staff user: one transaction with its audit row; an invitation when no password is given', async () => {
    await server.sql(`INSERT INTO departments (name, short_name, created_at, updated_at) VALUES ('Parks', 'PRK', 0, 0), ('Police', 'PD', 0, 0)`);
    const depts = await server.sql(`SELECT id FROM departments WHERE name IN ('Parks', 'Police') ORDER BY name`);
    await admin.csrf('/admin/users');
    const res = await admin.post('/admin/users', {
      email: 'nora@example.gov', name: 'Nora New', title: 'Analyst', role: 'publisher',
      departments: depts.map((d) => String(d.id)),
    });
    assert.equal(res.status, 303);
    const user = (await server.sql(`SELECT id, role, title, password_hash FROM users WHERE email = 'nora@example.gov'`))[0];
    assert.equal(res.headers.get('location'), `/admin/users/${user.id}`);
    assert.equal(user.role, 'publisher');
    assert.equal(user.password_hash, null);
    const audit = (await server.sql(`SELECT actor_id, before_json, after_json FROM audit_log WHERE action = 'user.create' AND target_id = ${user.id}`))[0];
    assert.equal(audit.before_json, null);
    assert.deepEqual(JSON.parse(audit.after_json).departments, depts.map((d) => d.id));
    assert.equal(JSON.parse(audit.after_json).role, 'publisher');
    const mail = await lastMail('nora@example.gov');
    assert.match(mail.body_text, /An administrator made an account for you/);
    assert.match(mail.body_text, /\/password\/reset\/[A-Za-z0-9_-]{43}/);

    const page = await text(await admin.get(`/admin/users/${user.id}`));
    assert.match(page, /value="Nora New"/);
    assert.match(page, new RegExp(`value="${depts[0].id}" checked`));
  });

  test('create refuses a taken email and a common password (400, nothing created)', async () => {
    const users = await count('SELECT count(*) AS n FROM users');
    await admin.csrf('/admin/users');
    let res = await admin.post('/admin/users', { email: 'SAM@example.gov', name: 'Sam 2', role: 'staff', password: PASSWORD });
    assert.equal(res.status, 400);
    assert.match(await text(res), /Email address already belongs to an account/);
    res = await admin.post('/admin/users', { email: 'x@example.gov', name: 'X', role: 'staff', password: 'qwertyuiop' });
    assert.equal(res.status, 400);
    assert.match(await text(res), /Initial password is one of the most common passwords/);
    res = await admin.post('/admin/users', { email: 'x@example.gov', name: 'X', role: 'superuser' });
    assert.equal(res.status, 400);
    assert.match(await text(res), /Role is not one of the allowed values/);
    assert.equal(await count('SELECT count(*) AS n FROM users'), users);
  });

  test('edit, deactivate (signs out, refuses sign-in) and reactivate, each audited before and after', async () => {
    const id = await server.addUser({ email: 'ed@example.gov', name: 'Ed Editme', role: 'staff', password: PASSWORD });
    const ed = client();
    await ed.signIn('ed@example.gov', PASSWORD);
    await admin.csrf(`/admin/users/${id}`);
    let res = await admin.post(`/admin/users/${id}`, { name: 'Ed Edited', title: 'Clerk', role: 'department_admin' });
    assert.equal(res.status, 303);
    const change = (await server.sql(`SELECT before_json, after_json FROM audit_log WHERE action = 'user.update' AND target_id = ${id}`))[0];
    assert.equal(JSON.parse(change.before_json).name, 'Ed Editme');
    assert.equal(JSON.parse(change.after_json).name, 'Ed Edited');
    assert.equal(JSON.parse(change.after_json).role, 'department_admin');

    res = await admin.post(`/admin/users/${id}/deactivate`);
    assert.equal(res.status, 303);
    assert.equal((await ed.get('/account/requests')).status, 401);
    assert.equal((await client().signIn('ed@example.gov', PASSWORD)).status, 401);
    res = await admin.post(`/admin/users/${id}/reactivate`);
    assert.equal(res.status, 303);
    assert.equal((await client().signIn('ed@example.gov', PASSWORD)).status, 303);
    const actions = (await server.sql(`SELECT action FROM audit_log WHERE target_id = ${id} AND target_type = 'user' ORDER BY id`)).map((r) => r.action);
    assert.deepEqual(actions, ['user.create', 'user.update', 'user.deactivate', 'user.reactivate']);
  });

  test('an admin cannot deactivate themself or change their own role', async () => {
    const me = (await server.sql(`SELECT id FROM users WHERE email = '${server.adminEmail}'`))[0].id;
    await admin.csrf(`/admin/users/${me}`);
    assert.equal((await admin.post(`/admin/users/${me}/deactivate`)).status, 400);
    const res = await admin.post(`/admin/users/${me}`, { name: 'Admin', role: 'staff' });
    assert.equal(res.status, 400);
    assert.match(await text(res), /Role of your own account cannot be changed by you/);
    assert.deepEqual(await server.sql(`SELECT role, active FROM users WHERE id = ${me}`), [{ role: 'admin', active: 1 }]);
  });

  test('there is no way to delete a user', async () => {
    await admin.csrf('/admin/users');
    const res = await admin.post(`/admin/users/${staffId}/delete`);
    assert.equal(res.status, 404);
    assert.equal(await count(`SELECT count(*) AS n FROM users WHERE id = ${staffId}`), 1);
  });
});

describe('HTTPS behind a proxy', () => {
  test('HSTS and Secure cookies only when the proxy says HTTPS', async () => {
    const plain = await client().get('/');
    assert.equal(plain.headers.get('strict-transport-security'), null);
    const https = client();
    https.headers['x-forwarded-proto'] = 'https';
    const page = await https.get('/');
    assert.equal(page.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
    const form = await https.get('/login');
    assert.match(form.headers.getSetCookie().join('\n'), /^disclose_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const res = await https.signIn('rita@example.com', PASSWORD);
    assert.equal(res.status, 303);
    assert.match(res.headers.getSetCookie().join('\n'), /disclose_session=[^;]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax; Secure/);
  });
});

describe('session expiry', () => {
  test('a session idle longer than the limit ends; development mode logs emailed links', async () => {
    const short = await startServer({ args: ['--dev'], env: { DISCLOSE_SESSION_IDLE_SECONDS: '2' } });
    try {
      await short.addUser({ email: 'idle@example.com', role: 'requester', password: PASSWORD });
      const c = short.client();
      assert.equal((await c.signIn('idle@example.com', PASSWORD)).status, 303);
      assert.equal((await c.get('/account/requests')).status, 200);
      await sleep(3200);
      const res = await c.get('/account/requests');
      assert.equal(res.status, 401);
      assert.match(res.headers.getSetCookie().join('\n'), /disclose_session=; Max-Age=0/);
      assert.equal((await short.sql('SELECT count(*) AS n FROM sessions'))[0].n, 0);

      await c.submit('/login/link', '/login/link', { email: 'idle@example.com' });
      const body = (await short.sql(`SELECT body_text FROM outbox ORDER BY id DESC LIMIT 1`))[0].body_text;
      const link = /http:\/\/\S+\/login\/link\/[A-Za-z0-9_-]{43}/.exec(body)[0];
      assert.ok(short.stderr().includes(`links to ${link}`), 'the link is in the development log');
    } finally {
      await short.stop();
    }
  });

  test('a session ends at its absolute limit even when in use', async () => {
    const short = await startServer({ env: { DISCLOSE_SESSION_MAX_SECONDS: '3' } });
    try {
      await short.addUser({ email: 'busy@example.com', role: 'requester', password: PASSWORD });
      const c = short.client();
      const res = await c.signIn('busy@example.com', PASSWORD);
      assert.match(res.headers.getSetCookie().join('\n'), /Max-Age=3;/);
      for (let i = 0; i < 2; i += 1) {
        assert.equal((await c.get('/account/requests')).status, 200);
        await sleep(1000);
      }
      await sleep(1500);
      assert.equal((await c.get('/account/requests')).status, 401);
    } finally {
      await short.stop();
    }
  });
});
