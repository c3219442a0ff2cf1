// Documents: staff and requesters upload real files (PDFs made here, an ELF
// binary from the system); each level is seen only by whom it is for, on
// the request page, the document page, the download, the zip, the
// documents list and the text search; the upload writes its row, event,
// audit row and extraction job in one go; an upload cut off halfway leaves
// nothing; refused files are named with the limit or the type; file names
// are stored and served safely; ranges return the right bytes.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { startServer } from './harness.mjs';
import { makePdf } from './pdf.mjs';

const execFileP = promisify(execFile);
const PASSWORD = 'documents password 2026';
const run = randomBytes(3).toString('hex');
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

let server;
let dataDir;
let staff;
let requester;
let other;
let anon;
let admin;
const NUMBER = '26-8001';
const WORD = { public: `zebra${run}pub`, requester: `zebra${run}req`, staff: `zebra${run}stf` };
const ids = {};
const pdfs = {};

async function requestId() {
  const [row] = await server.sql(`SELECT id FROM requests WHERE number = '${NUMBER}'`);
  return row.id;
}

async function documentsRows() {
  return server.sql(`SELECT * FROM documents WHERE request_id = ${await requestId()} ORDER BY id`);
}

/** Every file under dir, recursively (relative paths). */
async function filesUnder(dir) {
  const out = [];
  let entries = [];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)).map((f) => path.join(e.name, f)));
    else out.push(e.name);
  }
  return out.sort();
}

async function waitFor(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Uploads files as client c on the request; returns the response. */
async function upload(c, fields, files, number = NUMBER) {
  await c.csrf(`/requests/${number}`);
  return c.postMultipart(`/requests/${number}/documents`, fields, files);
}

async function bytes(res) {
  return Buffer.from(await res.arrayBuffer());
}

before(async () => {
  server = await startServer({ env: { DISCLOSE_WORKER_POLL_MS: '100' } });
  dataDir = path.join(server.dir, 'data');
  const staffId = await server.addUser({ email: 'staff@docs.example', name: 'Dana Docs', role: 'staff', password: PASSWORD });
  const requesterId = await server.addUser({ email: 'req@docs.example', name: 'Rae Requester', role: 'requester', password: PASSWORD });
  await server.addUser({ email: 'other@docs.example', name: 'Otto Other', role: 'requester', password: PASSWORD });
  assert.ok(staffId);
  await server.sql(`INSERT INTO requests (number, year, seq, description, status, published,
    published_at, received_at, channel, due_date, first_due_date, requester_id, requester_name,
    requester_email, created_at, updated_at) VALUES ('${NUMBER}', 2026, 8001,
    'Records of the documents test', 'open', 1, unixepoch(), unixepoch(), 'web',
    date('now', '+10 days'), date('now', '+10 days'), ${requesterId}, 'Rae Requester',
    'req@docs.example', unixepoch(), unixepoch());
    INSERT INTO search_items (kind, item_id, request_id)
      SELECT 'request', id, id FROM requests WHERE number = '${NUMBER}'`);
  staff = server.client();
  requester = server.client();
  other = server.client();
  anon = server.client();
  admin = server.client();
  assert.equal((await staff.signIn('staff@docs.example', PASSWORD)).status, 303);
  assert.equal((await requester.signIn('req@docs.example', PASSWORD)).status, 303);
  assert.equal((await other.signIn('other@docs.example', PASSWORD)).status, 303);
  assert.equal((await admin.signIn(server.adminEmail, server.adminPassword)).status, 303);
  for (const level of ['public', 'requester', 'staff']) {
    pdfs[level] = makePdf(`Memo about ${WORD[level]} records`);
  }
});

after(async () => { await server?.stop(); });

describe('upload', () => {
  test('staff upload at each level: one row each, stored by content, with event, audit row and job', async () => {
    for (const level of ['public', 'requester', 'staff']) {
      const res = await upload(staff, { title: `Memo ${level} ${run}`, level, description: `The ${level} memo` },
        [{ field: 'files', filename: `memo-${level}.pdf`, contentType: 'text/plain', content: pdfs[level] }]);
      assert.equal(res.status, 303, await res.text());
      assert.equal(res.headers.get('location'), `/requests/${NUMBER}#documents-title`);
    }
    const rows = await documentsRows();
    assert.equal(rows.length, 3);
    for (const row of rows) {
      const level = row.level;
      ids[level] = row.id;
      assert.equal(row.kind, 'file');
      assert.equal(row.title, `Memo ${level} ${run}`);
      assert.equal(row.filename, `memo-${level}.pdf`);
      assert.equal(row.content_type, 'application/pdf', 'sniffed, not the client\'s text/plain');
      assert.equal(row.size, pdfs[level].length);
      const hex = sha256(pdfs[level]);
      assert.equal(row.storage_path, `documents/${hex.slice(0, 2)}/${hex.slice(2)}`);
      const [{ h }] = await server.sql(`SELECT hex(sha256) AS h FROM documents WHERE id = ${row.id}`);
      assert.equal(h.toLowerCase(), hex);
      assert.deepEqual(await readFile(path.join(dataDir, row.storage_path)), pdfs[level]);
      assert.equal(row.released_at === null, level === 'staff', 'released unless staff');
    }
    const events = await server.sql(`SELECT kind, level, body, actor_name FROM events
      WHERE request_id = ${await requestId()} ORDER BY id`);
    assert.deepEqual(events.map((e) => [e.kind, e.level]),
      [['document_released', 'public'], ['document_released', 'requester']]);
    assert.match(events[0].body, /File released: memo\\-public\\.pdf/);
    assert.equal(events[0].actor_name, 'Dana Docs');
    const audits = await server.sql(`SELECT action, target_id FROM audit_log
      WHERE request_id = ${await requestId()} AND action = 'document.add' ORDER BY id`);
    assert.deepEqual(audits.map((a) => a.target_id), [ids.public, ids.requester, ids.staff]);
    const jobs = await server.sql("SELECT payload FROM jobs WHERE kind = 'documents.extract' ORDER BY id");
    assert.deepEqual(jobs.map((j) => JSON.parse(j.payload).document_id), [ids.public, ids.requester, ids.staff]);
    // Nothing is left in the upload directory.
    assert.deepEqual(await filesUnder(path.join(dataDir, 'uploads')), []);
  });

  test('several files at once, titled after the title and their names', async () => {
    const res = await upload(staff, { title: `Batch ${run}`, level: 'staff' }, [
      { field: 'files', filename: 'one.txt', content: `first file ${run}\n` },
      { field: 'files', filename: 'two.csv', content: `a,b\n1,${run}\n` },
    ]);
    assert.equal(res.status, 303, await res.text());
    const rows = await server.sql(`SELECT title, filename, content_type FROM documents
      WHERE title LIKE 'Batch ${run}%' ORDER BY id`);
    assert.deepEqual(rows.map((r) => [r.title, r.filename]),
      [[`Batch ${run}: one.txt`, 'one.txt'], [`Batch ${run}: two.csv`, 'two.csv']]);
    assert.equal(rows[0].content_type, 'text/plain');
    assert.match(rows[1].content_type, /^text\/(csv|plain)$/);
  });

  test('the requester uploads at their level only; others may not', async () => {
    const before_ = (await documentsRows()).length;
    let res = await upload(requester, { level: 'requester', description: 'My letter' },
      [{ field: 'files', filename: 'letter.txt', content: `letter from the requester ${run}\n` }]);
    assert.equal(res.status, 303, await res.text());
    const [row] = await server.sql(`SELECT level, released_at, filename FROM documents
      WHERE filename = 'letter.txt'`);
    assert.equal(row.level, 'requester');
    assert.ok(row.released_at);
    res = await upload(requester, { level: 'public' },
      [{ field: 'files', filename: 'public.txt', content: 'no\n' }]);
    assert.equal(res.status, 403);
    res = await upload(other, { level: 'requester' },
      [{ field: 'files', filename: 'other.txt', content: 'no\n' }]);
    assert.equal(res.status, 403);
    res = await anon.postMultipart(`/requests/${NUMBER}/documents`, { level: 'requester' },
      [{ field: 'files', filename: 'anon.txt', content: 'no\n' }]);
    assert.ok([401, 403].includes(res.status), `anonymous: ${res.status}`);
    assert.equal((await documentsRows()).length, before_ + 1);
  });

  test('an ELF binary named .pdf is refused with its name and sniffed type', async () => {
    const elf = await readFile('/bin/true');
    const res = await upload(staff, { level: 'public' },
      [{ field: 'files', filename: 'report.pdf', contentType: 'application/pdf', content: elf }]);
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /The file “report\.pdf” is of type application\/x-(pie-)?(executable|sharedlib)/);
    assert.equal((await server.sql("SELECT count(*) AS n FROM documents WHERE filename = 'report.pdf'"))[0].n, 0);
  });

  test('a file name with quotes, slashes, non-ASCII and ../ is stored and served safely', async () => {
    const evil = '../../x/"quo\'ted"\\..\\été ☃ report.txt';
    const boundary = `b${run}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n`),
      Buffer.from(await staff.csrf(`/requests/${NUMBER}`)),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="level"\r\n\r\npublic\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.txt"; ` +
        `filename*=UTF-8''${encodeURIComponent(evil).replace(/'/g, '%27')}\r\nContent-Type: text/plain\r\n\r\n`),
      Buffer.from(`safe name test ${run}\n`),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await fetch(`${server.url}/requests/${NUMBER}/documents`, {
      method: 'POST', body, redirect: 'manual',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: server.url,
        cookie: staff.cookieHeader() },
    });
    assert.equal(res.status, 303, await res.text());
    const [row] = await server.sql(`SELECT id, filename, storage_path FROM documents
      WHERE title = filename AND filename LIKE '%report.txt'`);
    assert.equal(row.filename, 'été ☃ report.txt', 'the last path segment');
    assert.ok(!row.filename.includes('/') && !row.filename.includes('"') && !row.filename.includes('\\'));
    assert.match(row.storage_path, /^documents\/[0-9a-f]{2}\/[0-9a-f]{62}$/);
    // Nothing was written outside the data directory's documents.
    const files = await filesUnder(dataDir);
    assert.ok(files.every((f) => f.startsWith('documents/')), files.join(' '));
    const got = await anon.get(`/documents/${row.id}/${encodeURIComponent(row.filename)}`);
    assert.equal(got.status, 200);
    const cd = got.headers.get('content-disposition');
    assert.equal(cd, 'attachment; filename="_t_ _ report.txt"; ' +
      `filename*=UTF-8''${encodeURIComponent('été ☃ report.txt')}`);
    assert.equal(await got.text(), `safe name test ${run}\n`);
  });

  test('an upload cut off halfway leaves no row and no file', async () => {
    const rowsBefore = (await server.sql('SELECT count(*) AS n FROM documents'))[0].n;
    const filesBefore = await filesUnder(dataDir);
    const token = await staff.csrf(`/requests/${NUMBER}`);
    const boundary = `cut${run}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n\r\n`);
    const total = head.length + 4 * 1024 * 1024;
    const cookie = staff.cookieHeader();
    await new Promise((resolve, reject) => {
      const sock = net.connect(server.port, '127.0.0.1', () => {
        sock.write(`POST /requests/${NUMBER}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Origin: ${server.url}\r\nCookie: ${cookie}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${total}\r\n\r\n`);
        sock.write(head);
        sock.write(Buffer.alloc(2 * 1024 * 1024, 0x41), () => {
          // Half the file has gone: the upload file exists now.
          setTimeout(async () => {
            const mid = await filesUnder(path.join(dataDir, 'uploads'));
            assert.equal(mid.length, 1, 'the part streams to a temporary file');
            sock.destroy();
            resolve();
          }, 300);
        });
      });
      sock.on('error', reject);
    });
    await waitFor('the temporary file to go', async () =>
      (await filesUnder(path.join(dataDir, 'uploads'))).length === 0);
    assert.equal((await server.sql('SELECT count(*) AS n FROM documents'))[0].n, rowsBefore);
    assert.deepEqual(await filesUnder(dataDir), filesBefore);
  });

  test('links and offline records are documents with levels', async () => {
    let res = await upload(staff, { kind: 'link', title: `Dataset ${run}`, url: 'https://data.example.org/set', level: 'public' }, []);
    assert.equal(res.status, 303, await res.text());
    res = await upload(staff, { kind: 'offline', title: `Boxes ${run}`, instructions: '400 pages at 100 W 1st St', level: 'requester' }, []);
    assert.equal(res.status, 303);
    res = await upload(staff, { kind: 'link', title: `Bad ${run}`, url: 'javascript:alert(1)', level: 'public' }, []);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /https:\/\//);
    const pub = await (await anon.get(`/requests/${NUMBER}`)).text();
    assert.match(pub, new RegExp(`<a href="https://data.example.org/set">Dataset ${run}</a>`));
    assert.ok(!pub.includes(`Boxes ${run}`));
    const own = await (await requester.get(`/requests/${NUMBER}`)).text();
    assert.ok(own.includes(`Boxes ${run}`) && own.includes('400 pages at 100 W 1st St'));
    const events = await server.sql(`SELECT level, body FROM events WHERE request_id = ${await requestId()}
      AND body LIKE '%${run}%' ORDER BY id DESC LIMIT 2`);
    assert.deepEqual(events.map((e) => e.level), ['requester', 'public']);
    assert.match(events[0].body, /Records available offline: Boxes/);
  });
});

describe('visibility', () => {
  // Who sees which level: anonymous and another requester see public; the
  // request's requester public and requester; staff all three.
  const SEES = {
    anon: ['public'], other: ['public'], requester: ['public', 'requester'],
    staff: ['public', 'requester', 'staff'],
  };
  const client = (who) => ({ anon, other, requester, staff }[who]);

  for (const who of Object.keys(SEES)) {
    test(`${who}: request page, document page, download`, async () => {
      const page = await (await client(who).get(`/requests/${NUMBER}`)).text();
      for (const level of ['public', 'requester', 'staff']) {
        const sees = SEES[who].includes(level);
        assert.equal(page.includes(`Memo ${level} ${run}`), sees, `${who} ${level} on the request page`);
        const doc = await client(who).get(`/documents/${ids[level]}`);
        assert.equal(doc.status, sees ? 200 : 404, `${who} ${level} document page`);
        const dl = await client(who).get(`/documents/${ids[level]}/memo-${level}.pdf`);
        assert.equal(dl.status, sees ? 200 : 404, `${who} ${level} download`);
        if (sees) assert.deepEqual(await bytes(dl), pdfs[level]);
        else await dl.arrayBuffer();
      }
    });

    test(`${who}: the zip holds what they may see`, async () => {
      const res = await client(who).get(`/requests/${NUMBER}/documents.zip`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/zip');
      assert.match(res.headers.get('content-disposition'), /attachment; filename="request-26-8001-documents\.zip"/);
      const file = path.join(os.tmpdir(), `docs-${run}-${who}.zip`);
      await writeFile(file, await bytes(res));
      const { stdout } = await execFileP('python3', ['-c',
        'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); ' +
        'print(json.dumps({i.filename: z.read(i).hex() for i in z.infolist()}))', file]);
      const entries = JSON.parse(stdout);
      for (const level of ['public', 'requester', 'staff']) {
        const name = `memo-${level}.pdf`;
        assert.equal(name in entries, SEES[who].includes(level), `${who} zip ${name}`);
        if (name in entries) assert.equal(entries[name], pdfs[level].toString('hex'));
      }
      assert.equal('letter.txt' in entries, who !== 'anon' && who !== 'other');
    });

    test(`${who}: the documents list (HTML and JSON)`, async () => {
      const res = await client(who).get('/documents.json');
      assert.equal(res.status, 200);
      const view = await res.json();
      const titles = view.documents.map((d) => d.title);
      for (const level of ['public', 'requester', 'staff']) {
        assert.equal(titles.includes(`Memo ${level} ${run}`), SEES[who].includes(level), `${who} list ${level}`);
      }
      const html = await (await client(who).get(`/documents?request=${NUMBER}`)).text();
      assert.equal(html.includes(`Memo staff ${run}`), who === 'staff');
      assert.equal(html.includes(`Memo public ${run}`), true);
    });
  }

  test('text inside PDFs is found at the document\'s level only', async () => {
    await waitFor('text extraction', async () => {
      const rows = await server.sql(`SELECT text_status FROM documents WHERE id IN (${Object.values(ids).join(',')})`);
      return rows.every((r) => r.text_status === 'done');
    });
    const [row] = await server.sql(`SELECT text_content FROM documents WHERE id = ${ids.public}`);
    assert.match(row.text_content, new RegExp(`Memo about ${WORD.public} records`));
    for (const who of Object.keys(SEES)) {
      for (const level of ['public', 'requester', 'staff']) {
        const view = await (await client(who).get(`/documents.json?q=${WORD[level]}`)).json();
        const found = view.documents.map((d) => d.id);
        assert.deepEqual(found, SEES[who].includes(level) ? [ids[level]] : [], `${who} searching ${level}`);
      }
    }
    // The public archive search finds the request by the word inside the
    // public PDF, and not by the staff one.
    const pub = await (await anon.get(`/requests?q=${WORD.public}`)).text();
    assert.ok(pub.includes(NUMBER), 'public search finds the public PDF');
    const stf = await (await anon.get(`/requests?q=${WORD.staff}`)).text();
    assert.ok(!stf.includes(NUMBER), 'public search never finds the staff PDF');
  });

  test('a file whose text cannot be read is marked failed; the document stays', async () => {
    const broken = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2000)]);
    const res = await upload(staff, { title: `Broken ${run}`, level: 'public' },
      [{ field: 'files', filename: 'broken.pdf', content: broken }]);
    assert.equal(res.status, 303, await res.text());
    const [{ id }] = await server.sql(`SELECT id FROM documents WHERE title = 'Broken ${run}'`);
    await waitFor('the extraction to fail', async () =>
      (await server.sql(`SELECT text_status FROM documents WHERE id = ${id}`))[0].text_status === 'failed');
    assert.equal((await anon.get(`/documents/${id}/broken.pdf`)).status, 200);
  });
});

describe('downloads', () => {
  test('headers: type, disposition, nosniff, ETag; 304 on a match', async () => {
    const res = await anon.get(`/documents/${ids.public}/memo-public.pdf`);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-disposition'),
      'inline; filename="memo-public.pdf"; filename*=UTF-8\'\'memo-public.pdf');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('etag'), `"${sha256(pdfs.public)}"`);
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
    await res.arrayBuffer();
    const again = await anon.get(`/documents/${ids.public}/memo-public.pdf`,
      { headers: { 'if-none-match': `"${sha256(pdfs.public)}"` } });
    assert.equal(again.status, 304);
    const [{ id }] = await server.sql("SELECT id FROM documents WHERE filename = 'one.txt'");
    const txt = await staff.get(`/documents/${id}/one.txt`);
    assert.equal(txt.headers.get('content-type'), 'text/plain');
    assert.match(txt.headers.get('content-disposition'), /^attachment; /);
    await txt.arrayBuffer();
  });

  test('range requests return the right bytes; 416 past the end', async () => {
    const url = `/documents/${ids.public}/memo-public.pdf`;
    const size = pdfs.public.length;
    const cases = [
      ['bytes=10-19', 10, 19], ['bytes=0-0', 0, 0], [`bytes=${size - 5}-`, size - 5, size - 1],
      ['bytes=-7', size - 7, size - 1], [`bytes=100-${size + 1000}`, 100, size - 1],
    ];
    for (const [range, first, last] of cases) {
      const res = await anon.get(url, { headers: { range } });
      assert.equal(res.status, 206, range);
      assert.equal(res.headers.get('content-range'), `bytes ${first}-${last}/${size}`, range);
      assert.deepEqual(await bytes(res), pdfs.public.subarray(first, last + 1), range);
    }
    const bad = await anon.get(url, { headers: { range: `bytes=${size}-` } });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get('content-range'), `bytes */${size}`);
    await bad.arrayBuffer();
    // A stale If-Range gets the whole file.
    const stale = await anon.get(url, { headers: { range: 'bytes=0-3', 'if-range': '"other"' } });
    assert.equal(stale.status, 200);
    assert.equal((await bytes(stale)).length, size);
  });

  test('downloads are counted', async () => {
    const [{ download_count: n0 }] = await server.sql(`SELECT download_count FROM documents WHERE id = ${ids.public}`);
    await (await anon.get(`/documents/${ids.public}/memo-public.pdf`)).arrayBuffer();
    await (await anon.get(`/documents/${ids.public}/memo-public.pdf`, { headers: { range: 'bytes=5-9' } })).arrayBuffer();
    const [{ download_count: n1 }] = await server.sql(`SELECT download_count FROM documents WHERE id = ${ids.public}`);
    assert.equal(n1, n0 + 1, 'a range that does not start the file is not a new download');
    const view = await (await anon.get(`/documents/${ids.public}.json`)).json();
    assert.equal(view.document.download_count, n1);
  });
});

describe('release, level and versions', () => {
  test('staff release a staff document to the public: event with the file name, then everyone sees it', async () => {
    const [{ id }] = await server.sql("SELECT id FROM documents WHERE filename = 'one.txt'");
    assert.equal((await anon.get(`/documents/${id}/one.txt`)).status, 404);
    await staff.csrf(`/documents/${id}`);
    let res = await staff.post(`/documents/${id}/level`, { level: 'public' });
    assert.equal(res.status, 303);
    const [ev] = await server.sql(`SELECT kind, level, body FROM events WHERE request_id = ${await requestId()} ORDER BY id DESC LIMIT 1`);
    assert.deepEqual([ev.kind, ev.level], ['document_released', 'public']);
    assert.match(ev.body, /File released: one\\.txt/);
    const dl = await anon.get(`/documents/${id}/one.txt`);
    assert.equal(dl.status, 200);
    assert.equal(await dl.text(), `first file ${run}\n`);
    // Requesters may not change levels.
    await requester.csrf(`/documents/${ids.requester}`);
    res = await requester.post(`/documents/${ids.requester}/level`, { level: 'public' });
    assert.equal(res.status, 403);
    // Back to staff: withdrawn.
    res = await staff.post(`/documents/${id}/level`, { level: 'staff' });
    assert.equal(res.status, 303);
    assert.equal((await anon.get(`/documents/${id}/one.txt`)).status, 404);
    const [audit] = await server.sql(`SELECT action, before_json, after_json FROM audit_log
      WHERE target_type = 'document' AND target_id = ${id} ORDER BY id DESC LIMIT 1`);
    assert.equal(audit.action, 'document.level');
    assert.equal(JSON.parse(audit.before_json).level, 'public');
    assert.equal(JSON.parse(audit.after_json).level, 'staff');
  });

  test('a new version replaces a file; the old one stays, for staff only', async () => {
    const redacted = makePdf(`Redacted memo ${run}`);
    await staff.csrf(`/documents/${ids.public}`);
    const res = await staff.postMultipart(`/documents/${ids.public}/replace`, {},
      [{ field: 'file', filename: 'memo-public-redacted.pdf', content: redacted }]);
    assert.equal(res.status, 303, await res.text());
    const [fresh] = await server.sql(`SELECT id, level, title, replaced_by_id FROM documents
      WHERE filename = 'memo-public-redacted.pdf'`);
    assert.equal(fresh.level, 'public');
    assert.equal(fresh.title, `Memo public ${run}`);
    const [old] = await server.sql(`SELECT level, replaced_by_id FROM documents WHERE id = ${ids.public}`);
    assert.deepEqual([old.level, old.replaced_by_id], ['staff', fresh.id]);
    assert.equal((await anon.get(`/documents/${ids.public}/memo-public.pdf`)).status, 404);
    assert.deepEqual(await bytes(await anon.get(`/documents/${fresh.id}/memo-public-redacted.pdf`)), redacted);
    assert.equal((await staff.get(`/documents/${ids.public}/memo-public.pdf`)).status, 200);
    const page = await (await staff.get(`/documents/${fresh.id}`)).text();
    assert.match(page, /Earlier versions/);
    assert.ok(page.includes(`/documents/${ids.public}/memo-public.pdf`));
    const pub = await (await anon.get(`/documents/${fresh.id}`)).text();
    assert.ok(!pub.includes('Earlier versions'));
  });
});

describe('limits and settings', () => {
  test('the per-request total and count are refused naming the limit', async () => {
    await server.sql("UPDATE settings SET value = '1' WHERE key = 'documents.max_request_mb'");
    const big = Buffer.concat([Buffer.from('big text\n'), Buffer.alloc(1024 * 1024, 0x61)]);
    let res = await upload(staff, { level: 'staff' }, [{ field: 'files', filename: 'big.txt', content: big }]);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /The file “big\.txt” would bring the files of this request to \d+ MB; the limit is 1 MB per request\./);
    await server.sql("UPDATE settings SET value = '5000' WHERE key = 'documents.max_request_mb'");
    const [{ n }] = await server.sql(`SELECT count(*) AS n FROM documents WHERE request_id = ${await requestId()} AND replaced_by_id IS NULL`);
    await server.sql(`UPDATE settings SET value = '${n}' WHERE key = 'documents.max_per_request'`);
    res = await upload(staff, { level: 'staff' }, [{ field: 'files', filename: 'more.txt', content: 'more\n' }]);
    assert.equal(res.status, 400);
    assert.match(await res.text(), new RegExp(`This request has ${n} documents; the limit is ${n} documents per request\\.`));
    await server.sql("UPDATE settings SET value = '1000' WHERE key = 'documents.max_per_request'");
  });

  test('admins edit the allowed types; a type taken off is refused', async () => {
    const page = await admin.get('/admin/documents');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /application\/pdf/);
    assert.equal((await staff.get('/admin/documents')).status, 403);
    await admin.csrf('/admin/documents');
    let res = await admin.post('/admin/documents', { allowed_types: 'text/plain\nNOT A TYPE', max_request_mb: '5000', max_per_request: '1000' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /“NOT A TYPE” is not a MIME type/);
    res = await admin.post('/admin/documents', { allowed_types: 'text/plain\nimage/*', max_request_mb: '5000', max_per_request: '1000' });
    assert.equal(res.status, 303);
    res = await upload(staff, { level: 'staff' }, [{ field: 'files', filename: 'x.pdf', content: makePdf('x') }]);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /The file “x\.pdf” is of type application\/pdf, which is not allowed here/);
    const [audit] = await server.sql("SELECT action FROM audit_log WHERE action = 'settings.documents'");
    assert.ok(audit);
  });
});

describe('the per-file limit', () => {
  let small;
  before(async () => { small = await startServer({ args: ['--max-upload-mb', '1'] }); });
  after(async () => { await small?.stop(); });

  test('a file over the limit is refused with its name and the limit', async () => {
    const c = small.client();
    const res = await c.postMultipart('/requests/26-1/documents', {},
      [{ field: 'files', filename: 'huge.pdf', content: Buffer.alloc(1024 * 1024 + 10, 0x41) }]);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /file 'huge\.pdf' too large: the limit is 1 MB per file/);
    // The partial file goes when the connection ends.
    await waitFor('the partial file to go', async () =>
      (await filesUnder(path.join(small.dir, 'data', 'uploads'))).length === 0);
    assert.deepEqual(await filesUnder(path.join(small.dir, 'data', 'documents')), []);
  });
});
