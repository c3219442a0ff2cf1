// Malformed, oversized and odd requests against a real `disclose serve`.
// Each test ends by checking that a plain GET / still answers 200, and the
// server's stop() in `after` checks its exit code and the sanitizers.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { multipart, rawRequest, startServer } from './harness.mjs';

let server;

before(async () => { server = await startServer(); });
after(async () => { if (server) await server.stop(); });

const MB = 1024 * 1024;

/** The server still works: a plain GET / answers 200. */
async function assertStillServing() {
  const res = await server.get('/');
  await res.arrayBuffer();
  assert.equal(res.status, 200, `GET / after the bad request answered ${res.status}`);
}

/** Describes a raw response for assertion messages. */
function show(r) {
  return `status line ${JSON.stringify(r.statusLine)}, closed=${r.closed}, error=${r.error}, ` +
    `${r.raw.length} bytes: ${JSON.stringify(r.raw.subarray(0, 300).toString('latin1'))}`;
}

/** A 4xx answer, or (when allowDrop) the connection closed with no answer. */
function assert4xxOrDropped(r, { allowDrop = true, also = [] } = {}) {
  if (r.status >= 400 && r.status < 500) return;
  if (also.includes(r.status)) return;
  if (allowDrop && r.status === 0 && (r.closed || r.error)) return;
  assert.fail(`expected a 4xx answer${allowDrop ? ' or a dropped connection' : ''}; got ${show(r)}`);
}

/** The text of an HTML page, tags stripped and common entities decoded. */
function pageText(html) {
  return html.replace(/<[^>]*>/g, ' ')
    .replace(/&quot;|&#34;|&#x22;/gi, '"').replace(/&#39;|&#x27;|&apos;/gi, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

test('a malformed request line gets 400', async () => {
  for (const line of ['GET / FOO\r\n\r\n', 'GET /\r\n\r\n', 'G(T / HTTP/1.1\r\nHost: x\r\n\r\n']) {
    const r = await rawRequest(server.port, line);
    assert4xxOrDropped(r, { allowDrop: false });
    await assertStillServing();
  }
});

test('a one-word request line is dropped and the server carries on', async () => {
  // libmicrohttpd 0.9.75 (Debian 12) closes the connection without an
  // answer when the request line has no space at all.
  const r = await rawRequest(server.port, 'GARBAGE\r\n\r\n');
  assert4xxOrDropped(r, { allowDrop: true });
  await assertStillServing();
});

test('unknown HTTP version "HTTP/9.9" gets 4xx (or 505)', async () => {
  // RFC 9110 names 505 for an unsupported major version, which is what
  // libmicrohttpd sends; any 4xx is fine too.
  const r = await rawRequest(server.port, 'GET / HTTP/9.9\r\n\r\n');
  assert4xxOrDropped(r, { allowDrop: false, also: [505] });
  await assertStillServing();
});

test('a 1 MB header gets 431, 413 or 400', async () => {
  const req = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
    `X-Big: ${'a'.repeat(MB)}\r\n\r\n`;
  const r = await rawRequest(server.port, req, { timeoutMs: 10_000 });
  assert.ok([400, 413, 431].includes(r.status), `expected 431, 413 or 400; got ${show(r)}`);
  await assertStillServing();
});

test('a urlencoded POST body over 1 MB gets 413', async () => {
  const body = `a=${'x'.repeat(MB + 1024)}`;
  const req = 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${body.length}\r\n\r\n${body}`;
  const r = await rawRequest(server.port, req, { timeoutMs: 10_000 });
  assert.equal(r.status, 413, `expected 413; got ${show(r)}`);
  await assertStillServing();
});

test('a multipart body shorter than its Content-Length, then EOF, gets 400 or is dropped', async () => {
  const { body, contentType } = multipart({ title: 'hello' },
    [{ field: 'file', filename: 'a.txt', contentType: 'text/plain', content: 'some text\n' }]);
  const sent = body.subarray(0, Math.floor(body.length / 2));
  const head = Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
    `Content-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
  const r = await rawRequest(server.port, Buffer.concat([head, sent]),
    { halfClose: true, timeoutMs: 10_000 });
  assert.ok(r.status === 400 || (r.status === 0 && (r.closed || r.error)),
    `expected 400 or a dropped connection; got ${show(r)}`);
  await assertStillServing();
});

test('a multipart body missing its final boundary gets 400 or is dropped', async () => {
  const { body, boundary, contentType } = multipart({ title: 'hello' },
    [{ field: 'file', filename: 'a.txt', contentType: 'text/plain', content: 'some text\n' }]);
  const closing = Buffer.from(`--${boundary}--\r\n`);
  const cut = body.subarray(0, body.length - closing.length);
  assert.ok(!cut.toString('latin1').includes(`--${boundary}--`));
  const head = Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
    `Content-Type: ${contentType}\r\nContent-Length: ${cut.length}\r\n\r\n`);
  const r = await rawRequest(server.port, Buffer.concat([head, cut]), { timeoutMs: 10_000 });
  assert.ok(r.status === 400 || (r.status === 0 && (r.closed || r.error)),
    `expected 400 or a dropped connection; got ${show(r)}`);
  await assertStillServing();
});

test('invalid UTF-8 in query parameter q gets 400 naming q', async () => {
  const res = await server.get('/?q=%FF%FE');
  const text = await res.text();
  assert.equal(res.status, 400, `expected 400; body: ${text.slice(0, 500)}`);
  const plain = pageText(text);
  assert.match(plain, /(^|[^\p{L}\p{N}_])q([^\p{L}\p{N}_]|$)/u,
    `the message should name the parameter q; text: ${plain.slice(0, 500)}`);
  await assertStillServing();
});

test('a path with %00 gets 400', async () => {
  for (const p of ['/%00', '/static/site.css%00.html', '/a%00b']) {
    const res = await server.get(p);
    await res.arrayBuffer();
    assert.equal(res.status, 400, `${p} answered ${res.status}`);
  }
  await assertStillServing();
});

test('an unknown path gets a 404 HTML page', async () => {
  const p = `/no-such-page-${randomBytes(6).toString('hex')}`;
  const res = await server.get(p);
  const text = await res.text();
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type') || '', /^text\/html\b/i);
  assert.match(text, /<html[\s>]/i, `expected an HTML page; got: ${text.slice(0, 300)}`);
  await assertStillServing();
});

test('an unknown path with Accept: application/json gets 404 JSON {"error": {...}}', async () => {
  const p = `/no-such-page-${randomBytes(6).toString('hex')}`;
  const { status, headers, json, text } = await server.getJSON(p);
  assert.equal(status, 404);
  assert.match(headers.get('content-type') || '', /^application\/json\b/i);
  assert.ok(json !== undefined, `body is not JSON: ${text.slice(0, 300)}`);
  assert.ok(json.error !== null && typeof json.error === 'object' && !Array.isArray(json.error),
    `expected {"error": {...}}; got ${text.slice(0, 300)}`);
  await assertStillServing();
});

test('DELETE / gets 405 with an Allow header', async () => {
  const res = await fetch(`${server.url}/`, { method: 'DELETE', redirect: 'manual' });
  await res.arrayBuffer();
  assert.equal(res.status, 405);
  const allow = res.headers.get('allow');
  assert.ok(allow, 'no Allow header');
  assert.match(allow, /\bGET\b/, `Allow: ${allow}`);
  assert.doesNotMatch(allow, /\bDELETE\b/, `Allow: ${allow}`);
  await assertStillServing();
});

test('an undeclared parameter gets 400 listing it, in HTML and JSON', async () => {
  const html = await server.get('/?bogus=1');
  assert.equal(html.status, 400);
  assert.match(await html.text(), /<li><code>bogus<\/code> is not a known parameter<\/li>/);
  const json = await server.getJSON('/?bogus=1');
  assert.equal(json.status, 400);
  assert.equal(json.json.error.fields.bogus, 'is not a known parameter');
  await assertStillServing();
});
