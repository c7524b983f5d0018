/**
 * Issue 12: nothing half-written, nothing crosses a boundary. One regression test per defect
 * found by the hostile-input review (each failed before its fix), against the real server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';
import { DiskFileStore } from '../../server/files.js';
import { until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const EMOJI = '\u{1F600}';

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
  headers: Headers;
}

describe('issue 12 regressions: integrity and rights under hostile input', () => {
  let server: TestServer;
  let admin: string;

  const call = async (method: string, route: string, body?: unknown, token: string | null = admin, raw?: BodyInit): Promise<Answer> => {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined || raw ? { 'content-type': 'application/json' } : {}) },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {}, headers: res.headers };
  };
  const send = (dialogId: string, body: unknown, token?: string | null) => call('POST', `/api/v1/dialogs/${encodeURIComponent(dialogId)}/messages`, body, token);
  const visitorChat = async (name: string, text?: string) => {
    const r = await call('POST', '/api/visitor/chats', { name, ...(text ? { text } : {}) }, null);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { token: string; dialogId: string };
  };

  before(async () => {
    server = await startTestServer();
    admin = await server.tokenFor(SEED_IDS.admin);
  });
  after(() => server.dispose());

  it('defect 1: 299 letters and an emoji are stored whole; the preview is cut between characters; the dialog keeps accepting messages', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const text = `${'a'.repeat(299)}${EMOJI}`;
    const first = await send(id, { id: 'd1-emoji', text });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal((await server.storage.message('d1-emoji'))?.text, text);
    assert.equal((await server.storage.dialog(id))?.lastMessage?.text, text, '300 code points fit the preview whole');
    const longer = await send(id, { id: 'd1-emoji-2', text: `${'a'.repeat(300)}${EMOJI}` });
    assert.equal(longer.status, 201);
    assert.equal((await server.storage.dialog(id))?.lastMessage?.text, 'a'.repeat(300), 'cut before the emoji, not inside it');
    const next = await send(id, { id: 'd1-next', text: 'la siguiente' });
    assert.equal(next.status, 201, 'the dialog still accepts messages');
    const again = await send(id, { id: 'd1-emoji', text });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
  });

  it('defect 1: a quote of 499 letters and an emoji keeps the emoji whole (quote preview 500)', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const long = `${'b'.repeat(499)}${EMOJI}${'c'.repeat(10)}`;
    assert.equal((await send(id, { id: 'd1-quoted', text: long })).status, 201);
    const quoting = await send(id, { id: 'd1-quoting', text: 'Re', quoteId: 'd1-quoted' });
    assert.equal(quoting.status, 201, JSON.stringify(quoting.body));
    assert.equal((quoting.body as { quote: { text: string } }).quote.text, `${'b'.repeat(499)}${EMOJI}`);
  });

  it('defect 1: a visitor’s first message of that shape starts the chat (POST /api/visitor/chats)', async () => {
    const chat = await visitorChat('Emoji', `${'a'.repeat(299)}${EMOJI}`);
    const dialog = await server.storage.dialog(chat.dialogId);
    assert.equal(dialog?.lastMessage?.text, `${'a'.repeat(299)}${EMOJI}`);
  });

  it('defect 2: a visitor reusing a message id of another chat gets 409 conflict, never that message', async () => {
    const a = await visitorChat('Visitor A', 'hola desde A');
    const b = await visitorChat('Visitor B');
    const mine = await call('POST', '/api/visitor/messages', { id: 'd2-secret', text: 'mi dirección es calle 1' }, a.token);
    assert.equal(mine.status, 201);
    const stolen = await call('POST', '/api/visitor/messages', { id: 'd2-secret', text: 'x' }, b.token);
    assert.equal(stolen.status, 409, JSON.stringify(stolen.body));
    assert.equal(stolen.body.error?.code, 'conflict');
    assert.equal(stolen.body.error?.field, 'id');
    assert.ok(!JSON.stringify(stolen.body).includes('calle'), 'nothing of the other chat');
    // A seeded (guessable) id of an operator dialog: the same.
    const seeded = (await server.storage.messages(SEED_IDS.attachmentsDialog, undefined, 50)).find((m) => m.text.length > 20)!;
    const guessed = await call('POST', '/api/visitor/messages', { id: seeded.id, text: 'x' }, b.token);
    assert.equal(guessed.status, 409);
    assert.ok(!JSON.stringify(guessed.body).includes(seeded.text.slice(0, 20)));
    // Its own id again: the same message.
    const again = await call('POST', '/api/visitor/messages', { id: 'd2-secret', text: 'mi dirección es calle 1' }, a.token);
    assert.equal(again.status, 201);
    assert.equal((again.body as { id: string }).id, 'd2-secret');
  });

  it('idempotency scope: an operator reusing a message id of another dialog or operator gets 409 conflict (held before; kept as a guard)', async () => {
    const maria = await server.tokenFor(SEED_IDS.maria);
    const seeded = (await server.storage.messages(SEED_IDS.attachmentsDialog, undefined, 50)).find((m) => m.text.length > 20)!;
    const r = await send(SEED_IDS.unassignedDialog, { id: seeded.id, text: 'x' }, maria);
    assert.equal(r.status, 409);
    assert.ok(!JSON.stringify(r.body).includes(seeded.text.slice(0, 20)));
  });

  it('defect 3 (H1): after a reassignment away, re-posting an old message id answers 404, not the message and its live status', async () => {
    const maria = await server.tokenFor(SEED_IDS.maria);
    const id = SEED_IDS.waitingDialog; // maria's
    const sent = await send(id, { id: 'd3-old', text: 'Le escribo' }, maria);
    assert.equal(sent.status, 201);
    const moved = await call('POST', `/api/v1/dialogs/${id}/reassign`, { to: { kind: 'operator', id: SEED_IDS.ivan } });
    assert.equal(moved.status, 200);
    const replay = await send(id, { id: 'd3-old', text: 'Le escribo' }, maria);
    assert.equal(replay.status, 404, JSON.stringify(replay.body));
    assert.equal(replay.body.error?.code, 'not_found');
    assert.ok(!('status' in replay.body));
  });

  it('defect 4: NUL, lone surrogates and other control characters are refused with 400 naming the field, and nothing is stored', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const count = async () => (await server.storage.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages')).rows[0]!.n;
    const before = await count();
    for (const [i, text] of ['a\u0000b', 'a\uD800b', '\uDC00', 'esc\u001B[31m'].entries()) {
      const r = await send(id, { id: `d4-${i}`, text });
      assert.equal(r.status, 400, `${JSON.stringify(text)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error?.code, 'validation');
      assert.equal(r.body.error?.field, 'text');
    }
    const chat = await visitorChat('NUL');
    const v = await call('POST', '/api/visitor/messages', { id: 'd4-v', text: 'a\u0000' }, chat.token);
    assert.deepEqual([v.status, v.body.error?.field], [400, 'text']);
    const start = await call('POST', '/api/visitor/chats', { name: 'x', text: 'a\u0000' }, null);
    assert.deepEqual([start.status, start.body.error?.field], [400, 'text']);
    const q = await call('POST', '/api/v1/quick-replies', { id: 'd4-q', text: 'a\u0000b' });
    assert.deepEqual([q.status, q.body.error?.field], [400, 'text']);
    assert.equal(await count(), before + 0, 'nothing stored');
    // Multi-line text, tabs, bidi marks and combining marks are text: kept as typed.
    const ok = await send(id, { id: 'd4-ok', text: 'línea 1\r\n\tlínea 2 \u202Bעברית\u202C e\u0301' });
    assert.equal(ok.status, 201);
    assert.equal((await server.storage.message('d4-ok'))?.text, 'línea 1\r\n\tlínea 2 \u202Bעברית\u202C e\u0301');
  });

  it('defect 4: %00 and invalid ids in paths answer 400 or 404, never 500', async () => {
    for (const route of ['/api/v1/dialogs/%00/messages', '/api/v1/dialogs/%00/attachments?kind=image', '/api/v1/files/%00', '/api/v1/files/a%00b', '/api/v1/dialogs/%ED%A0%80/messages']) {
      const r = await call('GET', route);
      assert.ok(r.status === 400 || r.status === 404, `${route}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (const route of ['/api/v1/dialogs/%00/close', '/api/v1/clients/%00/block']) {
      const r = await call('POST', route, {});
      assert.equal(r.status, 400, `${route}: ${JSON.stringify(r.body)}`);
    }
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'a.pdf');
    const up = await fetch(`${server.url}/api/v1/dialogs/%00/uploads`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    assert.equal(up.status, 404);
  });

  it('defect 4: bytes that are not UTF-8 in a body are refused (400 body), not stored as U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('{"id":"d4-utf8","text":"a'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const r = await call('POST', `/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/messages`, undefined, admin, bytes);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error?.field, 'body');
    assert.equal(await server.storage.message('d4-utf8'), undefined);
    const v = await call('POST', '/api/visitor/chats', undefined, null, Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]));
    assert.equal(v.status, 400);
  });

  it('defect 6: a 30 MB upload to a 10 MB channel answers 413 attachment_size before the body is read, then closes; a client still sending gets the answer, not a reset', async () => {
    const dialogId = 'dlg-0021'; // the site chat (10 MB), the administrator's
    const size = 30 * 1024 * 1024;
    const boundary = 'chatdesk-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const { port, hostname } = new URL(server.url);
    // Like a browser: the whole body is written (slowly, in 1 MB pieces), and only then is the answer read.
    const outcome = await new Promise<{ error: string | null; answer: string }>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      let answer = '';
      let error: string | null = null;
      socket.on('data', (d) => (answer += String(d)));
      socket.on('error', (e) => (error = (e as NodeJS.ErrnoException).code ?? e.message));
      socket.on('close', () => resolve({ error, answer }));
      socket.write(
        `POST /api/v1/dialogs/${dialogId}/uploads HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${admin}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + size + tail.length}\r\n\r\n${head}`,
      );
      const chunk = Buffer.alloc(1024 * 1024);
      let written = 0;
      const next = () => {
        if (error) return;
        if (written >= size) {
          socket.write(tail);
          return;
        }
        socket.write(chunk, () => {
          written += chunk.length;
          setTimeout(next, 30);
        });
      };
      next();
    });
    assert.equal(outcome.error, null, `the client was cut off while sending: ${outcome.error}`);
    assert.match(outcome.answer, /^HTTP\/1\.1 413 /);
    const json = JSON.parse(outcome.answer.slice(outcome.answer.indexOf('{'))) as Answer['body'];
    assert.deepEqual([json.error?.code, json.error?.field], ['attachment_size', 'file']);
    assert.match(json.error?.message ?? '', /10485760 bytes/);
  });

  it('defect 6: operator socket frames sent before ready are answered after it, in order', async () => {
    const ws = new WebSocket(`${server.endpoint.replace('http', 'ws')}/ws`);
    const frames: Array<{ type: string }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as { type: string }));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token: admin }));
    ws.send(JSON.stringify({ type: 'ping' }));
    ws.send(JSON.stringify({ type: 'nonsense' }));
    await until(() => frames.some((f) => f.type === 'error'), 'an answer to each early frame');
    ws.close();
    const kinds = frames.map((f) => f.type).filter((t) => t !== 'event');
    assert.deepEqual(kinds, ['ready', 'pong', 'error']);
  });

  it('defect 6: visitor socket frames sent right after the hello are answered, not taken for a bad hello', async () => {
    const chat = await visitorChat('Early frames', 'hola');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/visitor/ws`);
    const frames: Array<{ type: string }> = [];
    let closed: number | null = null;
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as { type: string }));
    ws.on('close', (code) => (closed = code));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token: chat.token }));
    ws.send(JSON.stringify({ type: 'ping' }));
    await until(() => frames.some((f) => f.type === 'pong') || closed !== null, 'a pong (or a close)');
    ws.close();
    assert.deepEqual(
      frames.map((f) => f.type),
      ['ready', 'pong'],
    );
  });

  it('defect 6: the visitor hub remembers only the ids of each socket’s view, however long the chat runs', async () => {
    const chat = await visitorChat('Long chat', 'hola');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/visitor/ws`);
    let seen = 0;
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { messages?: unknown[] };
      seen += f.messages?.length ?? 0;
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token: chat.token }));
    await until(() => seen >= 1, 'ready');
    for (let i = 0; i < 110; i++) await server.core.clientSend(chat.dialogId, `mensaje ${i}`, { id: `d6-long-${i}` });
    await until(() => seen >= 111, 'every message on the socket');
    assert.ok(server.visitors.trackedIds <= 100, `ids remembered: ${server.visitors.trackedIds}`);
    ws.close();
  });

  it('defect 6: sign-in sessions expire when unused for their lifetime; use late in their life extends them', async () => {
    let clock = Date.now();
    const storage = new PgliteStorage(server.storage.db, { now: () => clock, sessionTtlMs: 1000 });
    const token = await storage.createSession(SEED_IDS.maria, 'ttl test');
    assert.equal(await storage.sessionOperator(token), SEED_IDS.maria);
    clock += 600; // in its second half: used, so extended to now + 1000
    assert.equal(await storage.sessionOperator(token), SEED_IDS.maria);
    clock += 900;
    assert.equal(await storage.sessionOperator(token), SEED_IDS.maria, 'extended by the use before');
    clock += 1001;
    assert.equal(await storage.sessionOperator(token), undefined, 'expired after a lifetime unused');
    // Expired rows are removed when the next session is made.
    await storage.createSession(SEED_IDS.maria, 'ttl test');
    const rows = await server.storage.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE label = 'ttl test'`);
    assert.equal(rows.rows[0]!.n, 1);
  });

  it('defect 6: an upload is synced to disk before it is acknowledged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-fsync-'));
    const { open } = await import('node:fs/promises');
    const probe = await open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const original = proto.sync;
    let syncs = 0;
    proto.sync = function (this: unknown) {
      syncs++;
      return original.call(this);
    };
    try {
      const store = new DiskFileStore(path.join(dir, 'uploads'), '/files');
      await store.put('file-1', new Blob(['%PDF-1.4 durable']));
      assert.ok(syncs >= 1, 'the file was fsynced before put resolved');
      assert.equal(readFileSync(path.join(dir, 'uploads', 'file-1'), 'utf8'), '%PDF-1.4 durable');
    } finally {
      proto.sync = original;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
