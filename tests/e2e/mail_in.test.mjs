// Replies by email: `disclose mail-in` posts a requester's reply on its
// request (new text only, the original kept for staff), holds what it
// cannot post for staff to attach or discard, keeps auto-replies and
// bounces without posting them, marks a bounced address, refuses what is
// too large and answers 75 when it cannot store the message.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';

import { signedInClient, startServer } from './harness.mjs';
import { lastMail, mailIn, q, replyAddress } from './mail_harness.mjs';

const KRIS = 'kris.tu@example.gov';

let server;
let kris;
let requests; // published requests with a requester address, one per test

before(async () => {
  server = await startServer({ demo: true });
  kris = await signedInClient(server, KRIS);
  requests = await server.sql('SELECT id, number, requester_email FROM requests ' +
    'WHERE requester_email IS NOT NULL AND published = 1 ORDER BY id DESC LIMIT 20');
});
after(async () => { await server?.stop(); });

async function nextRequest() {
  const r = requests.shift();
  assert.ok(r, 'the demo has enough requests with a requester address');
  return { ...r, address: await replyAddress(server.dbPath, r.number) };
}

function message({ from, to, subject = 'Re: your request', headers = '', body, type = 'text/plain; charset=utf-8' }) {
  return `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\n` +
    `Message-ID: <${Math.random().toString(36).slice(2)}@example.org>\r\n${headers}` +
    `Content-Type: ${type}\r\n\r\n${body}`;
}

async function events(requestId) {
  return server.sql(`SELECT id, kind, level, actor_is_requester, body, data FROM events
    WHERE request_id = ${requestId} ORDER BY id`);
}

async function counts() {
  const [row] = await server.sql('SELECT (SELECT count(*) FROM events) AS events, ' +
    '(SELECT count(*) FROM inbound_mail) AS mail');
  return row;
}

test('a reply from the requester is posted with its quoted history and signature removed', async () => {
  const r = await nextRequest();
  const before = (await events(r.id)).length;
  const body = 'Yes, the reports from 2023 are what I need.\r\nPDF is fine.\r\n\r\n' +
    `On Mon, Jun 1, 2026 at 9:00 AM Records <${r.address}> wrote:\r\n` +
    '> Which years do you need?\r\n> QUOTED-HISTORY-MARKER\r\n\r\n-- \r\nSIGNATURE-MARKER\r\n';
  const res = mailIn(server.dbPath, message({ from: `Someone <${r.requester_email.toUpperCase()}>`, to: r.address, body }));
  assert.equal(res.code, 0, res.stderr);

  const mail = await lastMail(server.dbPath);
  assert.equal(mail.status, 'accepted');
  assert.equal(mail.request_id, r.id);
  assert.equal(mail.body_text, 'Yes, the reports from 2023 are what I need.\nPDF is fine.');
  assert.match(mail.full_text, /QUOTED-HISTORY-MARKER/);
  const evs = await events(r.id);
  assert.equal(evs.length, before + 1);
  const ev = evs.at(-1);
  assert.equal(ev.id, mail.event_id);
  assert.deepEqual([ev.kind, ev.level, ev.actor_is_requester], ['message', 'requester', 1]);
  assert.equal(ev.body, 'Yes, the reports from 2023 are what I need.\nPDF is fine.');
  assert.equal(JSON.parse(ev.data).inbound_mail_id, mail.id);
  const [audit] = await server.sql(`SELECT action, actor_id, target_type, target_id, after_json
    FROM audit_log WHERE request_id = ${r.id} ORDER BY id DESC LIMIT 1`);
  assert.deepEqual([audit.action, audit.actor_id, audit.target_type, audit.target_id],
    ['request.mail_reply', null, 'inbound_mail', mail.id]);
  assert.equal(JSON.parse(audit.after_json).event_id, ev.id);
  // Staff are told, in the same transaction.
  const told = await server.sql(`SELECT to_addr, subject FROM outbox WHERE request_id = ${r.id}
    AND subject = ${q(`[Request ${r.number}] New message from the requester`)}`);
  assert.ok(told.length >= 1, 'a notification to staff is queued');
  assert.ok(told.every((t) => t.to_addr !== r.requester_email));

  // Staff see the message, by the requester, with a link to the original.
  const page = await kris.getJSON(`/requests/${r.number}`);
  const shown = page.json.request.events.find((e) => e.id === ev.id);
  assert.equal(shown.byline, 'by the requester');
  assert.equal(shown.level_label, 'Requester + Staff');
  assert.equal(shown.original_url, `/staff/mail/${mail.id}`);
  assert.doesNotMatch(shown.body_html, /QUOTED-HISTORY-MARKER|SIGNATURE-MARKER/);
  const html = await (await kris.get(`/requests/${r.number}`)).text();
  assert.match(html, new RegExp(`href="/staff/mail/${mail.id}">The email as received`));
  const original = await kris.getJSON(`/staff/mail/${mail.id}`);
  assert.equal(original.status, 200);
  assert.match(original.json.mail.full_text, /QUOTED-HISTORY-MARKER/);
  assert.equal(original.json.mail.status_label, 'Posted');
  const raw = await kris.get(`/staff/mail/${mail.id}/raw`);
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get('content-type'), /^text\/plain/);
  assert.match(await raw.text(), /SIGNATURE-MARKER/);

  // The public sees neither the message nor the link.
  const pub = await server.getJSON(`/requests/${r.number}`);
  assert.equal(pub.status, 200);
  assert.ok(!pub.json.request.events.some((e) => e.id === ev.id));
  assert.doesNotMatch(pub.text, /staff\/mail/);
  assert.equal((await server.get(`/staff/mail/${mail.id}`)).status, 401);

  // The same message delivered again is not posted twice.
  const again = mailIn(server.dbPath, (await server.sql(`SELECT CAST(raw AS TEXT) AS raw
    FROM inbound_mail WHERE id = ${mail.id}`))[0].raw);
  assert.equal(again.code, 0);
  assert.equal((await lastMail(server.dbPath)).reason, 'duplicate');
  assert.equal((await events(r.id)).length, before + 1);
});

test('HTML-only mail in another charset becomes text', async () => {
  const r = await nextRequest();
  const html = Buffer.concat([Buffer.from('<html><body><p>Caf'), Buffer.from([0xe9]),
    Buffer.from(' records &amp; minutes, please.</p><blockquote>old question</blockquote></body></html>')]);
  const head = `From: ${r.requester_email}\r\nTo: ${r.address}\r\nSubject: html\r\n` +
    'Content-Type: text/html; charset=iso-8859-1\r\n\r\n';
  assert.equal(mailIn(server.dbPath, Buffer.concat([Buffer.from(head), html])).code, 0);
  const mail = await lastMail(server.dbPath);
  assert.equal(mail.status, 'accepted');
  assert.equal(mail.body_text, 'Café records & minutes, please.');
  assert.match(mail.full_text, /> old question/);
});

test('a sender who is not the requester, a bad token, an unknown request: held for staff', async () => {
  const r = await nextRequest();
  const start = await counts();
  const cases = [
    [message({ from: 'stranger@example.net', to: r.address, subject: 'HELD-STRANGER', body: 'I am not the requester.' }), 'not_requester'],
    [message({ from: r.requester_email, to: r.address.replace(/-([0-9a-f]{20})@/, '-0123456789abcdef0123@'), subject: 'HELD-TOKEN', body: 'Guessing.' }), 'bad_token'],
    [message({ from: r.requester_email, to: 'request-99-99999-0123456789abcdef0123@records.example.gov', subject: 'HELD-UNKNOWN', body: 'Which one?' }), 'unknown_request'],
    [message({ from: r.requester_email, to: 'records@example.gov', subject: 'HELD-NOADDRESS', body: 'Hello.' }), 'no_address'],
  ];
  for (const [msg, reason] of cases) {
    const res = mailIn(server.dbPath, msg);
    assert.equal(res.code, 0, res.stderr);
    const mail = await lastMail(server.dbPath);
    assert.deepEqual([mail.status, mail.reason], ['held', reason]);
  }
  const end = await counts();
  assert.equal(end.mail, start.mail + cases.length);
  assert.equal(end.events, start.events, 'nothing was posted');

  const list = await kris.getJSON('/staff/mail');
  assert.equal(list.status, 200);
  const stranger = list.json.rows.find((m) => m.subject === 'HELD-STRANGER');
  assert.equal(stranger.reason_label, 'The sender is not the requester');
  assert.equal(stranger.from, 'stranger@example.net');
  assert.equal(stranger.request_number, r.number);
  assert.equal(stranger.excerpt, 'I am not the requester.');
  assert.equal(list.json.rows.find((m) => m.subject === 'HELD-TOKEN').reason_label,
    "The address's code does not belong to its request");
  assert.equal(list.json.rows.find((m) => m.subject === 'HELD-UNKNOWN').reason_label,
    'No request has the number in the address');
  const html = await (await kris.get('/staff/mail')).text();
  assert.match(html, /HELD-STRANGER/);
  assert.match(html, /The sender is not the requester/);
});

test('staff attach a held email to a request, as a message from the requester', async () => {
  const r = await nextRequest();
  const res = mailIn(server.dbPath, message({ from: 'assistant@example.net', to: r.address, subject: 'ATTACH-ME', body: 'Sent on behalf of the requester.\n\n> quoted' }));
  assert.equal(res.code, 0);
  const mail = await lastMail(server.dbPath);
  assert.equal(mail.status, 'held');
  const before = (await events(r.id)).length;

  await kris.csrf(`/staff/mail/${mail.id}`);
  const bad = await kris.post(`/staff/mail/${mail.id}/attach`, { number: '99-99999' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Request number names no request/);
  const bad2 = await kris.post(`/staff/mail/${mail.id}/attach`, { number: 'nonsense' },
    { headers: { accept: 'application/json' } });
  assert.equal(bad2.status, 400);
  assert.ok((await bad2.json()).errors.number);

  const ok = await kris.post(`/staff/mail/${mail.id}/attach`, { number: r.number });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/requests/${r.number}#timeline-title`);
  const evs = await events(r.id);
  assert.equal(evs.length, before + 1);
  const ev = evs.at(-1);
  assert.deepEqual([ev.kind, ev.level, ev.actor_is_requester, ev.body],
    ['message', 'requester', 1, 'Sent on behalf of the requester.']);
  const [row] = await server.sql(`SELECT status, event_id, request_id, resolved_by FROM inbound_mail WHERE id = ${mail.id}`);
  const [krisRow] = await server.sql(`SELECT id FROM users WHERE email = ${q(KRIS)}`);
  assert.deepEqual(row, { status: 'accepted', event_id: ev.id, request_id: r.id, resolved_by: krisRow.id });
  const [audit] = await server.sql(`SELECT action, actor_id, target_id FROM audit_log
    WHERE action = 'request.mail_attach' ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(audit, { action: 'request.mail_attach', actor_id: krisRow.id, target_id: mail.id });

  const twice = await kris.post(`/staff/mail/${mail.id}/attach`, { number: r.number });
  assert.equal(twice.status, 409);
  assert.equal((await events(r.id)).length, before + 1);
  const held = await kris.getJSON('/staff/mail');
  assert.ok(!held.json.rows.some((m) => m.id === mail.id));
  const posted = await kris.getJSON('/staff/mail?show=posted');
  assert.ok(posted.json.rows.some((m) => m.id === mail.id));
});

test('staff discard a held email; others may not touch the queue', async () => {
  const r = await nextRequest();
  mailIn(server.dbPath, message({ from: 'spam@example.net', to: r.address, subject: 'DISCARD-ME', body: 'Buy now.' }));
  const mail = await lastMail(server.dbPath);
  const start = await counts();

  const anon = server.client();
  await anon.csrf('/login');
  assert.equal((await anon.post(`/staff/mail/${mail.id}/discard`, {})).status, 401);
  assert.equal((await server.get('/staff/mail')).status, 401);
  assert.equal((await server.get(`/staff/mail/${mail.id}/raw`)).status, 401);

  await kris.csrf(`/staff/mail/${mail.id}`);
  const res = await kris.post(`/staff/mail/${mail.id}/discard`, {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/staff/mail');
  const [row] = await server.sql(`SELECT status, reason, resolved_by IS NOT NULL AS by FROM inbound_mail WHERE id = ${mail.id}`);
  assert.deepEqual(row, { status: 'rejected', reason: 'not_requester', by: 1 });
  const [audit] = await server.sql(`SELECT action, before_json, after_json FROM audit_log
    WHERE target_type = 'inbound_mail' AND target_id = ${mail.id} ORDER BY id DESC LIMIT 1`);
  assert.equal(audit.action, 'mail.discard');
  assert.deepEqual(JSON.parse(audit.after_json), { status: 'rejected' });
  assert.equal((await counts()).events, start.events);
  assert.equal((await kris.post(`/staff/mail/${mail.id}/discard`, {})).status, 409);
  const kept = await kris.getJSON('/staff/mail?show=kept');
  assert.ok(kept.json.rows.some((m) => m.subject === 'DISCARD-ME'));
  assert.equal((await kris.get('/staff/mail/999999')).status, 404);
});

test('auto-replies are kept but never posted', async () => {
  const r = await nextRequest();
  const start = await counts();
  const autos = [
    'Auto-Submitted: auto-replied\r\n', 'X-Autoreply: yes\r\n', 'X-Autorespond: yes\r\n',
    'Precedence: auto_reply\r\n',
  ];
  for (const headers of autos) {
    const res = mailIn(server.dbPath, message({ from: r.requester_email, to: r.address, headers, body: 'I am out of the office.' }));
    assert.equal(res.code, 0, res.stderr);
    const mail = await lastMail(server.dbPath);
    assert.deepEqual([mail.status, mail.reason, mail.request_id], ['rejected', 'auto_reply', r.id]);
  }
  const end = await counts();
  assert.equal(end.mail, start.mail + autos.length);
  assert.equal(end.events, start.events);
});

test('a bounce for the requester address marks it failing and tells staff', async () => {
  const r = await nextRequest();
  const start = await counts();
  const dsn = 'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n' +
    `To: ${r.address}\r\nSubject: Undelivered Mail Returned to Sender\r\n` +
    'Auto-Submitted: auto-replied\r\n' +
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n' +
    '--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n' +
    '--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n' +
    `Final-Recipient: rfc822; ${r.requester_email}\r\nAction: failed\r\nStatus: 5.1.1\r\n` +
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n--B--\r\n';
  assert.equal(mailIn(server.dbPath, dsn, ['--sender', '']).code, 0);
  const mail = await lastMail(server.dbPath);
  assert.deepEqual([mail.status, mail.reason, mail.reason_detail], ['rejected', 'bounce', '550 5.1.1 User unknown']);
  assert.equal((await counts()).events, start.events, 'a bounce is never a message');
  const [req] = await server.sql(`SELECT requester_email_failed_at, requester_email_failure FROM requests WHERE id = ${r.id}`);
  assert.ok(req.requester_email_failed_at > 0);
  assert.equal(req.requester_email_failure, '550 5.1.1 User unknown');
  const [audit] = await server.sql(`SELECT action, request_id FROM audit_log WHERE target_id = ${mail.id} AND target_type = 'inbound_mail'`);
  assert.deepEqual(audit, { action: 'mail.bounce', request_id: r.id });

  const page = await kris.getJSON(`/requests/${r.number}`);
  assert.equal(page.json.request.staff.email_failing.reason, '550 5.1.1 User unknown');
  assert.match(await (await kris.get(`/requests/${r.number}`)).text(), /Email to the requester bounced/);
  const pub = await server.getJSON(`/requests/${r.number}`);
  assert.doesNotMatch(pub.text, /bounced|User unknown/);

  // A later reply from the address shows it works again.
  assert.equal(mailIn(server.dbPath, message({ from: r.requester_email, to: r.address, body: 'Here I am.' })).code, 0);
  const [again] = await server.sql(`SELECT requester_email_failed_at FROM requests WHERE id = ${r.id}`);
  assert.equal(again.requester_email_failed_at, null);
});

test('attachments become documents (Requester + Staff) and stay downloadable from the email', async () => {
  const r = await nextRequest();
  const pdf = Buffer.from('%PDF-1.4\n% test file\n');
  const msg = `From: ${r.requester_email}\r\nTo: ${r.address}\r\nSubject: files\r\n` +
    'Content-Type: multipart/mixed; boundary="X"\r\n\r\n' +
    '--X\r\nContent-Type: text/plain\r\n\r\nThe form is attached.\r\n' +
    '--X\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="form 1.pdf"\r\n' +
    `Content-Transfer-Encoding: base64\r\n\r\n${pdf.toString('base64')}\r\n--X--\r\n`;
  assert.equal(mailIn(server.dbPath, msg).code, 0);
  const mail = await lastMail(server.dbPath);
  assert.equal(mail.status, 'accepted');
  const [att] = JSON.parse(mail.attachments_json);
  assert.deepEqual([att.filename, att.content_type, att.size, att.problem],
    ['form 1.pdf', 'application/pdf', pdf.length, undefined]);
  const [ev] = await server.sql(`SELECT body FROM events WHERE id = ${mail.event_id}`);
  assert.equal(ev.body, 'The form is attached.\n\nAttached file: form 1\\.pdf.');
  // The file became a document of the request, Requester + Staff, by the requester.
  const [doc] = await server.sql(`SELECT id, request_id, level, kind, filename, size,
    released_at IS NOT NULL AS released FROM documents WHERE id = ${att.document_id}`);
  assert.deepEqual(doc, { id: att.document_id, request_id: r.id, level: 'requester', kind: 'file',
    filename: 'form 1.pdf', size: pdf.length, released: 1 });
  const [released] = await server.sql(`SELECT level, actor_is_requester FROM events
    WHERE request_id = ${r.id} AND kind = 'document_released' ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(released, { level: 'requester', actor_is_requester: 1 });
  const staffPage = await kris.getJSON(`/requests/${r.number}`);
  const group = staffPage.json.request.documents.find((g) => g.level === 'requester');
  assert.ok(group.items.some((d) => d.id === att.document_id && d.filename === 'form 1.pdf'));
  const pubPage = await server.getJSON(`/requests/${r.number}`);
  assert.ok(!JSON.stringify(pubPage.json.request.documents).includes('form 1.pdf'));
  const view = await kris.getJSON(`/staff/mail/${mail.id}`);
  assert.equal(view.json.mail.attachments[0].url, `/staff/mail/${mail.id}/files/1`);
  assert.equal(view.json.mail.attachments[0].document_url, `/documents/${att.document_id}`);
  const viewHtml = await (await kris.get(`/staff/mail/${mail.id}`)).text();
  assert.match(viewHtml, new RegExp(`<a href="/staff/mail/${mail.id}/files/1" download>form 1.pdf</a>`));
  assert.match(viewHtml, new RegExp(`<a href="/documents/${att.document_id}">the document it became</a>`));
  const file = await kris.get(`/staff/mail/${mail.id}/files/1`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/octet-stream');
  assert.match(file.headers.get('content-disposition'), /^attachment; filename="form 1.pdf"/);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
  assert.equal((await kris.get(`/staff/mail/${mail.id}/files/2`)).status, 404);

  // Too many files: held for staff.
  const many = `From: ${r.requester_email}\r\nTo: ${r.address}\r\nSubject: many\r\n` +
    'Content-Type: multipart/mixed; boundary="X"\r\n\r\n' +
    [1, 2, 3].map((i) => `--X\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${i}.bin"\r\n\r\ndata${i}\r\n`).join('') +
    '--X--\r\n';
  assert.equal(mailIn(server.dbPath, many, ['--max-attachments', '2']).code, 0);
  const held = await lastMail(server.dbPath);
  assert.deepEqual([held.status, held.reason, held.reason_detail],
    ['held', 'too_many_attachments', '3 attachments; at most 2 are accepted']);
});

test('a message over the size limit is refused (65) and only its head is kept', async () => {
  const r = await nextRequest();
  const big = message({ from: r.requester_email, to: r.address, subject: 'TOO-BIG', body: 'x'.repeat(1024 * 1024 + 10) });
  const res = mailIn(server.dbPath, big, ['--max-size-mb', '1']);
  assert.equal(res.code, 65);
  assert.match(res.stderr, /too large .*at most 1 MB/);
  const mail = await lastMail(server.dbPath);
  assert.deepEqual([mail.status, mail.reason, mail.subject], ['rejected', 'too_large', 'TOO-BIG']);
  assert.equal(mail.size, Buffer.byteLength(big));
  assert.ok(mail.raw_len < 64 * 1024, `kept ${mail.raw_len} bytes`);
  // Just under the limit is fine.
  const ok = message({ from: r.requester_email, to: r.address, body: 'y'.repeat(1000 * 1000) });
  assert.equal(mailIn(server.dbPath, ok, ['--max-size-mb', '1']).code, 0);
  assert.equal((await lastMail(server.dbPath)).status, 'accepted');
});

test('exit 75 when the database cannot take the message; nothing half-done', async () => {
  const r = await nextRequest();
  const msg = message({ from: r.requester_email, to: r.address, body: 'Locked out.' });
  assert.equal(mailIn(`${server.dir}/missing.db`, msg).code, 75);

  const start = await counts();
  // Another process holds the write lock longer than mail-in waits.
  const locker = spawn('sqlite3', [server.dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  locker.stdin.write("BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('mail_lock_test', 'x'); SELECT 'locked';\n");
  await new Promise((resolve) => locker.stdout.once('data', resolve));
  const res = mailIn(server.dbPath, msg);
  locker.stdin.end('ROLLBACK;\n');
  await new Promise((resolve) => locker.on('exit', resolve));
  assert.equal(res.code, 75, res.stderr);
  assert.match(res.stderr, /could not be stored; the mail server should try again/);
  assert.deepEqual(await counts(), start);
  // Once the database is free again, the retry goes through.
  assert.equal(mailIn(server.dbPath, msg).code, 0);
  assert.equal((await lastMail(server.dbPath)).status, 'accepted');
});
