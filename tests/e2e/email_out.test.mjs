// Outgoing email, end to end: a real SMTP server (smtp-server) on loopback
// receives what the portal's worker sends, and the tests read it parsed
// (mailparser). Each kind of notification reaches the right people only; a
// staff-level note never reaches the requester; headers thread and cannot
// be injected; the unsubscribe link works without signing in; people
// choose immediate, digest or nothing; a refused email is shown to admins.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { act, outboxDrained, runCommand, startServer } from './harness.mjs';
import { startMailServer } from './mail_server.mjs';

const PASSWORD = 'demo-password-2026';
const PUBLIC_URL = 'https://records.example.gov';
const DOMAIN = 'records.example.gov';
const FIRE = ['grace.kim@example.gov', 'james.whitaker@example.gov'];
const POLICE = ['kris.tu@example.gov', 'sma.kris@example.gov', 'farah.n5890@example.gov',
  'teresa.okafor@example.gov', 'hiroshi.tanaka@example.gov'];
const ADA = 'ada@example.org';

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

let smtp;
let server;

before(async () => {
  smtp = await startMailServer();
  server = await startServer({
    demo: true,
    args: ['--public-url', PUBLIC_URL, '--smtp-url', smtp.url],
    env: { DISCLOSE_WORKER_RETRY_SECONDS: '1' },
  });
});
after(async () => {
  await server?.stop();
  await smtp?.stop();
});

/** Messages about request number, as {to, subject, mail}. */
function about(number) {
  return smtp.messages.filter((m) => m.mail.subject?.startsWith(`[Request ${number}]`));
}

/** Messages that arrived after the first `from`, but the daily summaries
 * (the worker queues them from 07:00 local time, whenever a server starts). */
function since(from) {
  return smtp.messages.slice(from).filter((m) => !/Your daily summary/.test(m.mail.subject));
}

function recipients(list) {
  return list.flatMap((m) => m.to).sort();
}

async function signedIn(email) {
  const c = server.client();
  assert.equal((await c.signIn(email, PASSWORD)).status, 303);
  return c;
}

describe('who is told what', () => {
  let number;
  let grace;

  before(async () => {
    const visitor = server.client();
    await visitor.csrf('/requests/new');
    const res = await visitor.post('/requests', {
      description: 'Dispatch logs of **engine 27**, March 2024.',
      department: '4', name: 'Ada Lovelace', email: ADA,
    });
    assert.equal(res.status, 303);
    number = /^\/requests\/([\d-]+)\/submitted/.exec(res.headers.get('location'))[1];
    grace = await signedIn(FIRE[0]);
  });

  test('a new request: the requester is acknowledged, the department staff told', async () => {
    await smtp.waitFor(() => about(number).length >= 3, 15000, 'three emails');
    await outboxDrained(server);
    const mails = about(number);
    assert.deepEqual(recipients(mails), [ADA, ...FIRE].sort());
    const ack = mails.find((m) => m.to[0] === ADA);
    assert.equal(ack.mail.subject, `[Request ${number}] Your request was received`);
    assert.match(ack.mail.text, /The Fire Department \(LAFD\) received your public records request/);
    assert.match(ack.mail.text, /Dispatch logs of \*\*engine 27\*\*, March 2024\./);
    assert.match(ack.mail.text, /It is due by [A-Z][a-z]+ \d{1,2}, \d{4}\./);
    assert.ok(ack.mail.text.includes(`${PUBLIC_URL}/requests/${number}`));
    const staff = mails.find((m) => m.to[0] === FIRE[0]);
    assert.equal(staff.mail.subject, `[Request ${number}] New request`);
    assert.match(staff.mail.text, /A new request, \d+-\d+, came in for your department\./);
    assert.match(staff.mail.text, /Choose which emails you get: https:\/\/records\.example\.gov\/account\/notifications/);
    // Staff emails carry no reply address and no requester opt-out.
    assert.equal(staff.mail.replyTo, undefined);
    assert.doesNotMatch(staff.raw, /List-Unsubscribe/);
  });

  test('a public message reaches the requester, not the staff member who wrote it', async () => {
    const before_ = smtp.messages.length;
    await act(grace, number, 'message', { body: 'We found **12 pages**; see 19-7474 too.', level: 'public' });
    await smtp.waitFor(() => about(number).some((m) => /12 pages/.test(m.mail.text)));
    await outboxDrained(server);
    const fresh = since(before_);
    assert.deepEqual(recipients(fresh), [ADA]);
    const m = fresh[0];
    assert.equal(m.mail.subject, `[Request ${number}] New message from the Fire Department (LAFD)`);
    assert.match(m.mail.text, /the Fire Department \(LAFD\) wrote about your request|The Fire Department \(LAFD\) wrote about your request/);
    assert.match(m.mail.text, /We found \*\*12 pages\*\*/);
    // The HTML part renders the Markdown, with the portal's links absolute.
    assert.match(m.mail.html, /<strong>12 pages<\/strong>/);
    assert.match(m.mail.html, /href="https:\/\/records\.example\.gov\/requests\/19-7474"/);
  });

  test('a staff-level note reaches nobody; a requester-level message reaches the requester', async () => {
    const before_ = smtp.messages.length;
    await act(grace, number, 'message', { body: 'SECRET internal note about the caller', level: 'staff' });
    await act(grace, number, 'message', { body: 'Only for you and us.', level: 'requester' });
    await smtp.waitFor(() => about(number).some((m) => /Only for you/.test(m.mail.text)));
    await outboxDrained(server);
    const fresh = since(before_);
    assert.deepEqual(recipients(fresh), [ADA]);
    for (const m of smtp.messages) assert.doesNotMatch(m.raw + (m.mail.text ?? ''), /SECRET internal/);
    const rows = await server.sql(`SELECT count(*) AS n FROM outbox WHERE body_text LIKE '%SECRET%'`);
    assert.equal(rows[0].n, 0);
  });

  test('due date, pause, resume, close and reopen each tell the requester', async () => {
    const before_ = smtp.messages.length;
    await act(grace, number, 'due_date', { due_date: '2031-02-03', due_reason: 'Records are archived off site.' });
    await act(grace, number, 'pause', { pause_reason: 'clarification', pause_message: 'Which engine company?' });
    await act(grace, number, 'resume');
    await act(grace, number, 'close', { reasons: '1', close_message: 'Records released in full.' });
    await act(grace, number, 'reopen', { reopen_reason: 'The requester asked for more.' });
    await smtp.waitFor(() => smtp.messages.length - before_ >= 5, 15000, 'five emails');
    await outboxDrained(server);
    const fresh = since(before_);
    assert.deepEqual(recipients(fresh), Array(fresh.length).fill(ADA));
    const subjects = fresh.map((m) => m.mail.subject.replace(`[Request ${number}] `, ''));
    for (const s of ['The due date changed', 'Your request is paused', 'Work on your request resumed',
      'Your request was closed', 'Your request was reopened']) {
      assert.ok(subjects.includes(s), `"${s}" in ${JSON.stringify(subjects)}`);
    }
    const due = fresh.find((m) => /due date changed/.test(m.mail.subject));
    assert.match(due.mail.text, /Now due: February 3, 2031 \(it was [A-Z][a-z]+ \d+, \d{4}\)/);
    assert.match(due.mail.text, /Records are archived off site\./);
    assert.match(fresh.find((m) => /paused/.test(m.mail.subject)).mail.text, /Which engine company\?/);
    assert.match(fresh.find((m) => /was closed/.test(m.mail.subject)).mail.text, /Records released in full\./);
  });

  test('a new point of contact and a new department are told; the actor is not', async () => {
    const kris = (await server.sql("SELECT id FROM users WHERE email = 'kris.tu@example.gov'"))[0].id;
    const before_ = smtp.messages.length;
    await act(grace, number, 'contact', { contact: String(kris) });
    await smtp.waitFor(() => smtp.messages.length - before_ >= 1);
    await outboxDrained(server);
    let fresh = since(before_);
    assert.deepEqual(recipients(fresh), [POLICE[0]]);
    assert.equal(fresh[0].mail.subject, `[Request ${number}] You are the point of contact`);

    const teresa = await signedIn('teresa.okafor@example.gov');
    const mark = smtp.messages.length;
    await act(teresa, number, 'assign', { department: '1' });
    await smtp.waitFor(() => smtp.messages.length - mark >= POLICE.length - 1);
    await outboxDrained(server);
    fresh = since(mark);
    assert.deepEqual(recipients(fresh), POLICE.filter((e) => e !== 'teresa.okafor@example.gov').sort());
    assert.ok(fresh.every((m) => m.mail.subject === `[Request ${number}] New request for your department`));
  });
  test('a released document reaches the requester; a staff-level one nobody', async () => {
    const before_ = smtp.messages.length;
    const upload = async (level, name) => {
      await grace.csrf(`/requests/${number}`);
      const res = await grace.postMultipart(`/requests/${number}/documents`,
        { title: `Log ${level}`, level },
        [{ field: 'files', filename: name, contentType: 'text/plain', content: Buffer.from(`Engine 27 ${level}\n`) }]);
      assert.equal(res.status, 303, await res.text());
    };
    await upload('staff', 'internal-draft.txt');
    await upload('requester', 'dispatch-log.txt');
    await smtp.waitFor(() => about(number).some((m) => /Documents were released/.test(m.mail.subject)));
    await outboxDrained(server);
    const fresh = since(before_);
    assert.deepEqual(recipients(fresh), [ADA]);
    assert.equal(fresh[0].mail.subject, `[Request ${number}] Documents were released`);
    assert.match(fresh[0].mail.text, /dispatch-log\.txt/);
    for (const m of smtp.messages) assert.doesNotMatch(m.mail.text ?? '', /internal-draft/);
  });
});

describe('the requester with an account', () => {
  const number = '26-132'; // the demo requester's request
  let requester;
  let contactEmail;

  before(async () => {
    requester = await signedIn('requester@example.com');
    const [row] = await server.sql(`SELECT u.email FROM requests AS r JOIN users AS u
      ON u.id = r.point_of_contact_id WHERE r.number = '${number}'`);
    contactEmail = row?.email;
  });

  test("the requester's message goes to the point of contact, not back to the requester", async () => {
    assert.ok(contactEmail, 'the demo request has a point of contact');
    const before_ = smtp.messages.length;
    await act(requester, number, 'message', { body: 'Any news on the video?', level: 'requester' });
    await smtp.waitFor(() => smtp.messages.length > before_);
    await outboxDrained(server);
    const fresh = since(before_);
    assert.ok(!recipients(fresh).includes('requester@example.com'));
    assert.ok(recipients(fresh).includes(contactEmail));
    const m = fresh.find((x) => x.to[0] === contactEmail);
    assert.equal(m.mail.subject, `[Request ${number}] New message from the requester`);
    assert.match(m.mail.text, /Any news on the video\?/);
  });

  test('choices: none stops an email, digest keeps it for the daily summary', async () => {
    const page = await requester.get('/account/notifications');
    assert.equal(page.status, 200);
    const html = await page.text();
    requester.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
    assert.match(html, /<legend>A message about your request<\/legend>/);
    assert.doesNotMatch(html, /name="new_request"|name="reminders"/, 'no staff kinds for a requester');

    const refused = await requester.post('/account/notifications', { new_request: 'none' },
      { headers: { accept: 'application/json' } });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(await refused.json()), /new_request/);

    assert.equal((await requester.post('/account/notifications', { message: 'none' })).status, 303);
    const kris = await signedIn('kris.tu@example.gov');
    const before_ = smtp.messages.length;
    await act(kris, number, 'message', { body: 'First update, not emailed.', level: 'public' });
    assert.equal((await requester.post('/account/notifications', { message: 'digest' })).status, 303);
    await act(kris, number, 'message', { body: 'Second update, for the summary.', level: 'public' });
    await act(kris, number, 'due_date', { due_date: '2031-05-06', due_reason: 'Backlog.' });
    await smtp.waitFor(() => smtp.to('requester@example.com').some((m) => /due date/.test(m.mail.subject)));
    await outboxDrained(server);
    const fresh = since(before_).filter((m) => m.to.includes('requester@example.com'));
    assert.deepEqual(fresh.map((m) => m.mail.subject), [`[Request ${number}] The due date changed`]);

    const items = await server.sql(`SELECT d.subject, d.body_text FROM notification_digest_items AS d
      JOIN users AS u ON u.id = d.user_id WHERE u.email = 'requester@example.com' AND d.sent_at IS NULL`);
    assert.equal(items.length, 1);
    assert.match(items[0].body_text, /Second update, for the summary\./);

    // The daily digest job: queued as the worker queues it each day.
    await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('notify.digest', 0, 0)");
    await smtp.waitFor(() => smtp.to('requester@example.com').some((m) => /daily summary/.test(m.mail.subject)));
    await outboxDrained(server);
    const digest = smtp.to('requester@example.com').filter((m) => /daily summary/.test(m.mail.subject));
    assert.equal(digest.length, 1);
    assert.equal(digest[0].mail.subject, '[City of Los Angeles (demo)] Your daily summary');
    assert.match(digest[0].mail.text, /Second update, for the summary\./);
    assert.doesNotMatch(digest[0].mail.text, /First update/);
    const [job] = await server.sql("SELECT status FROM jobs WHERE kind = 'notify.digest'");
    assert.equal(job.status, 'done');
    const left = await server.sql(`SELECT count(*) AS n FROM notification_digest_items AS d
      JOIN users AS u ON u.id = d.user_id WHERE u.email = 'requester@example.com' AND d.sent_at IS NULL`);
    assert.equal(left[0].n, 0);
    // Staff in charge of overdue requests got reminders in their summary.
    const reminded = smtp.messages.filter((m) => /daily summary/.test(m.mail.subject) &&
      /Requests in your care due soon or overdue/.test(m.mail.text));
    assert.ok(reminded.length >= 1, 'some point of contact has reminders');
    assert.ok(reminded.every((m) => m.to[0].endsWith('@example.gov')));
  });

  test('a daily-only kind refuses "immediate", naming the field', async () => {
    const kris = await signedIn('kris.tu@example.gov');
    const page = await kris.get('/account/notifications');
    const html = await page.text();
    kris.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
    assert.match(html, /<legend>Requests in your care due soon or overdue<\/legend>/);
    assert.doesNotMatch(html, /id="reminders-immediate"/);
    assert.doesNotMatch(html, /name="email_failed"/, 'only admins hear of failed emails');
    const res = await kris.post('/account/notifications', { reminders: 'immediate' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /comes only in the daily summary or not at all/);
    const bad = await kris.post('/account/notifications', { task: 'sometimes' });
    assert.equal(bad.status, 400);
  });
});

describe('headers', () => {
  let number;
  let mail;

  before(async () => {
    const visitor = server.client();
    await visitor.csrf('/requests/new');
    const res = await visitor.post('/requests', {
      description: 'Contracts with the towing company.', name: 'Zoë Ñandú "the Third"',
      email: 'zoe@example.org',
    });
    number = /^\/requests\/([\d-]+)\/submitted/.exec(res.headers.get('location'))[1];
    await smtp.waitFor(() => smtp.to('zoe@example.org').length >= 1);
    mail = smtp.to('zoe@example.org')[0];
  });

  test('From, To, Date, Message-ID, threading, Reply-To, List-Unsubscribe, MIME', () => {
    const h = mail.mail.headers;
    assert.equal(mail.from, `records@${DOMAIN}`);
    assert.equal(mail.mail.from.value[0].address, `records@${DOMAIN}`);
    assert.equal(mail.mail.from.value[0].name, 'City of Los Angeles (demo)');
    assert.equal(mail.mail.to.value[0].name, 'Zoë Ñandú "the Third"');
    assert.match(mail.raw, /^To: =\?UTF-8\?B\?/m, 'the non-ASCII name is RFC 2047 encoded');
    assert.ok(Math.abs(h.get('date').getTime() - Date.now()) < 120000);
    assert.match(mail.mail.messageId, new RegExp(`^<[0-9a-f]{32}\\.${number}@${DOMAIN.replaceAll('.', '\\.')}>$`));
    assert.equal(mail.mail.inReplyTo, `<request-${number}@${DOMAIN}>`);
    assert.equal(mail.mail.references, `<request-${number}@${DOMAIN}>`);
    assert.match(mail.mail.replyTo.value[0].address, new RegExp(`^request-${number}-[0-9a-f]{20}@${DOMAIN.replaceAll('.', '\\.')}$`));
    assert.match(mail.raw, new RegExp(`^List-Unsubscribe: <${PUBLIC_URL}/email/off/${number}/[0-9a-f]{32}>\r$`, 'm'));
    assert.match(mail.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    assert.equal(h.get('auto-submitted'), 'auto-generated');
    assert.equal(h.get('content-type').value, 'multipart/alternative');
    assert.ok(mail.mail.text && mail.mail.html, 'a text and an HTML part');
    assert.match(mail.mail.html, new RegExp(`<a href="${PUBLIC_URL}/requests/${number}">See request ${number}</a>`));
  });

  test('every email of a request threads on the same id; each has its own Message-ID', async () => {
    const admin = await signedIn('admin@example.gov');
    await act(admin, number, 'message', { body: 'A first answer.', level: 'public' });
    await smtp.waitFor(() => smtp.to('zoe@example.org').length >= 2);
    const [a, b] = smtp.to('zoe@example.org');
    assert.notEqual(a.mail.messageId, b.mail.messageId);
    assert.equal(b.mail.inReplyTo, a.mail.inReplyTo);
    assert.equal(b.mail.replyTo.value[0].address, a.mail.replyTo.value[0].address);
  });

  test('a name with line breaks cannot add a header', async () => {
    // The web refuses such a name; a request from elsewhere (an import)
    // might still carry one.
    await server.sql(`UPDATE requests SET requester_name = 'Eve' || char(13) || char(10) ||
      'Bcc: victim@example.net' || char(10) || 'X-Evil: 1' WHERE number = '${number}'`);
    const admin = await signedIn('admin@example.gov');
    await act(admin, number, 'message', { body: 'A second answer.', level: 'public' });
    await smtp.waitFor(() => smtp.to('zoe@example.org').length >= 3);
    await outboxDrained(server);
    const m = smtp.to('zoe@example.org')[2];
    assert.deepEqual(m.to, ['zoe@example.org']);
    assert.ok(!smtp.messages.some((x) => x.to.includes('victim@example.net')));
    assert.doesNotMatch(m.raw, /^(Bcc|X-Evil):/mi);
    assert.equal(m.mail.headers.get('bcc'), undefined);
    assert.equal(m.mail.to.value[0].name, 'Eve Bcc: victim@example.net X-Evil: 1');
  });
});

describe('the link that turns emails off', () => {
  test('works without signing in, also as a one-click POST; a wrong token is a 404', async () => {
    const ack = smtp.to(ADA).find((m) => /was received/.test(m.mail.subject));
    const number = /\[Request ([\d-]+)\]/.exec(ack.mail.subject)[1];
    const link = /^List-Unsubscribe: <(.+)>\r$/m.exec(ack.raw)[1];
    const path = link.slice(PUBLIC_URL.length);
    assert.ok(ack.mail.text.includes(`To stop emails about this request: ${link}`));

    const page = await server.get(path);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`<button type="submit">Stop emails about request ${number}</button>`));

    const wrong = path.replace(/[0-9a-f]{4}$/, (s) => (s === '0000' ? '1111' : '0000'));
    assert.equal((await server.get(wrong)).status, 404);
    assert.equal((await server.post(wrong, {})).status, 404);

    // A mail client's one-click unsubscribe: a bare POST, no cookie, no token.
    const off = await server.post(path, { 'List-Unsubscribe': 'One-Click' });
    assert.equal(off.status, 200);
    assert.match(await off.text(), /You will get no more emails about/);

    const grace = await signedIn(FIRE[0]);
    const before_ = smtp.to(ADA).length;
    await act(grace, number, 'message', { body: 'Nobody should get this by email.', level: 'public' });
    await outboxDrained(server);
    assert.equal(smtp.to(ADA).length, before_);

    assert.equal((await server.post(path.replace('/email/off/', '/email/on/'), {})).status, 200);
    await act(grace, number, 'message', { body: 'Emails are back.', level: 'public' });
    await smtp.waitFor(() => smtp.to(ADA).some((m) => /Emails are back/.test(m.mail.text)));
  });
});

describe('a refused email', () => {
  test('fails at once on 550, is listed for admins, who are told and can send it again', async () => {
    smtp.state.refuseRcpt.add('nobody@example.org');
    const visitor = server.client();
    await visitor.csrf('/requests/new');
    const res = await visitor.post('/requests', { description: 'Minutes.', email: 'nobody@example.org' });
    const number = /^\/requests\/([\d-]+)\/submitted/.exec(res.headers.get('location'))[1];
    await smtp.waitFor(() => smtp.to('admin@example.gov').some((m) => /could not be delivered/.test(m.mail.subject)));
    await outboxDrained(server);
    const [row] = await server.sql("SELECT id, status, attempts, last_error FROM outbox WHERE to_addr = 'nobody@example.org'");
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error, /550/);
    const notice = smtp.to('admin@example.gov').find((m) => /could not be delivered/.test(m.mail.subject));
    assert.equal(notice.mail.subject, '[City of Los Angeles (demo)] An email could not be delivered');
    assert.match(notice.mail.text, new RegExp(`To: nobody@example.org\\nSubject: \\[Request ${number}\\] Your request was received`));
    assert.match(notice.mail.text, /Last error: .*550/);

    const admin = await signedIn('admin@example.gov');
    const page = await admin.get('/admin/mail');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /nobody@example\.org/);
    assert.match(html, new RegExp(`<a href="/requests/${number}">${number}</a>`));
    const json = await admin.getJSON('/admin/mail.json');
    assert.ok(json.json.failed.some((f) => f.to_addr === 'nobody@example.org'));
    assert.ok(json.json.counts.failed >= 1);
    const kris = await signedIn('kris.tu@example.gov');
    assert.equal((await kris.get('/admin/mail')).status, 403);

    smtp.state.refuseRcpt.delete('nobody@example.org');
    admin.token = /name="csrf_token" value="([^"]+)"/.exec(html)[1];
    const again = await admin.post(`/admin/mail/${row.id}/retry`, {});
    assert.equal(again.status, 303);
    await smtp.waitFor(() => smtp.to('nobody@example.org').length === 1);
    assert.equal((await admin.post('/admin/mail/999999/retry', {})).status, 404);
  });
});

describe('disclose worker --once', () => {
  test('runs what is due and exits', async () => {
    await server.sql("INSERT INTO jobs (kind, run_at, created_at) VALUES ('no.such.kind', 0, 0)");
    // The server's worker may take it first; either way it ends failed, once.
    await runCommand(['worker', '--db', server.dbPath, '--once']);
    const end = Date.now() + 5000;
    let row;
    while (Date.now() < end) {
      [row] = await server.sql("SELECT status, attempts, last_error FROM jobs WHERE kind = 'no.such.kind'");
      if (row.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, "unknown job kind 'no.such.kind'");
  });
});
