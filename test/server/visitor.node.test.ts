/**
 * The site web chat's visitor side (`/api/visitor`, the `/visitor` page's endpoints): a visitor
 * talks to the inbox live; reads (S4) and leaving (S5) reach the operator's statuses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { ChatCommandError } from '../../sdk/protocol.js';
import type { Client } from '../../sdk/model.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import type { VisitorMessage } from '../../server/visitor.js';
import { httpClient, until, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Visitor {
  token: string;
  dialogId: string;
  seen: VisitorMessage[];
  socket: WebSocket | null;
}

describe('visitor page endpoints: the client side of the site web chat', () => {
  let server: TestServer;
  let admin: TestClient;

  const post = async (path: string, body: unknown, token?: string, type = 'application/json') => {
    const res = await fetch(`${server.url}/api/visitor${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const startChat = async (name: string, text: string, page?: string): Promise<Visitor> => {
    const r = await post('/chats', { name, text, ...(page ? { page } : {}) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const b = r.body as { token: string; dialogId: string; messages: VisitorMessage[] };
    return { token: b.token, dialogId: b.dialogId, seen: [...b.messages], socket: null };
  };

  const connect = (v: Visitor): Promise<void> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/visitor/ws`);
      v.socket = ws;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: v.token })));
      ws.on('message', (d) => {
        const frame = JSON.parse(String(d)) as { type: string; messages?: VisitorMessage[] };
        for (const m of frame.messages ?? []) if (!v.seen.some((x) => x.id === m.id)) v.seen.push(m);
        if (frame.type === 'ready') resolve();
      });
      ws.on('error', reject);
    });

  before(async () => {
    server = await startTestServer({ visitorLeaveGraceMs: 100 });
    admin = httpClient(server, await server.tokenFor(SEED_IDS.admin));
    await admin.client.start();
    await until(() => admin.client.$connection.get() === 'online', 'admin online');
  });
  after(async () => {
    admin.client.stop();
    await server.dispose();
  });

  it('C1: a new visitor’s chat appears live in the inbox, with where they came from', async () => {
    const v = await startChat('Lucía', 'Hola, ¿hacéis envíos a Canarias?', 'https://shop.example/es/envios?utm_source=newsletter&utm_campaign=spring');
    // The dialog may arrive (dialog.upserted) a moment before its first message (message.created).
    const dialog = await until(() => {
      const d = admin.client.$dialogs.get().get(v.dialogId);
      return d?.lastMessage ? d : undefined;
    }, 'the dialog in the inbox, with its message');
    assert.equal(dialog.channelId, SEED_IDS.channels.site);
    assert.equal(dialog.assignee, null);
    assert.equal(dialog.lastMessage?.text, 'Hola, ¿hacéis envíos a Canarias?');
    // A new dialog comes with its whole client (dialog.upserted).
    const client = admin.client.$clients.get().get(dialog.clientId!) as Client;
    assert.equal(client.name, 'Lucía');
    assert.equal(client.source?.landingPage, 'https://shop.example/es/envios?utm_source=newsletter&utm_campaign=spring');
    assert.deepEqual(client.source?.utm, { source: 'newsletter', campaign: 'spring' });
    assert.equal(client.source?.campaign, 'spring');
  });

  it('an operator’s reply reaches the visitor live, and the visitor’s answer reaches the operator live', async () => {
    const v = await startChat('Pablo', 'Buenas tardes');
    await connect(v);
    await until(() => admin.client.$dialogs.get().has(v.dialogId), 'dialog');
    await admin.client.openDialog(v.dialogId);
    await admin.client.send(v.dialogId, { text: 'Buenas tardes, Pablo. ¿En qué te ayudo?' });
    const reply = await until(() => v.seen.find((m) => m.author === 'operator'), 'the reply on the visitor socket');
    assert.equal(reply.text, 'Buenas tardes, Pablo. ¿En qué te ayudo?');
    assert.equal(reply.authorName, 'Ana García');
    const answer = await post('/messages', { id: 'visitor-msg-1', text: 'Quería cambiar la talla' }, v.token);
    assert.equal(answer.status, 201);
    await until(() => admin.client.feed(v.dialogId).messages.some((m) => m.text === 'Quería cambiar la talla'), 'the answer in the inbox');
    // The same id again: one message.
    const again = await post('/messages', { id: 'visitor-msg-1', text: 'Quería cambiar la talla' }, v.token);
    assert.equal(again.status, 201);
    assert.equal((await server.storage.messages(v.dialogId, undefined, 100)).filter((m) => m.id === 'visitor-msg-1').length, 1);
    v.socket?.close();
  });

  it('S4: the visitor reading the chat turns the operator’s message read', async () => {
    const v = await startChat('Marta', '¿Tenéis la talla M?');
    await until(() => admin.client.$dialogs.get().has(v.dialogId), 'dialog');
    await admin.client.openDialog(v.dialogId);
    const m = await admin.client.send(v.dialogId, { text: 'Sí, la tenemos.' });
    await until(() => admin.client.statusOf(v.dialogId, m.id)?.state === 'delivered', 'delivered');
    assert.equal((await post('/read', {}, v.token)).status, 204);
    await until(() => admin.client.statusOf(v.dialogId, m.id)?.state === 'read', 'read after the visitor read it');
  });

  it('S5: the visitor closes the chat window: the next operator message fails "client left"; once back, a retry goes', async () => {
    const v = await startChat('Iker', '¿Está disponible?');
    await connect(v);
    await until(() => admin.client.$dialogs.get().has(v.dialogId), 'dialog');
    await admin.client.openDialog(v.dialogId);
    v.socket!.close();
    await until(async () => await server.storage.clientLeft(v.dialogId), 'the server notices the visitor left');
    const m = await admin.client.send(v.dialogId, { text: '¿Sigues ahí?' });
    await until(() => admin.client.statusOf(v.dialogId, m.id)?.state === 'failed', 'failed');
    assert.deepEqual(admin.client.statusOf(v.dialogId, m.id), { state: 'failed', reason: 'client_left', retryable: true });
    // The visitor comes back; the retry reaches them.
    v.seen = [];
    await connect(v);
    await until(async () => !(await server.storage.clientLeft(v.dialogId)), 'back');
    await admin.client.retry(v.dialogId, m.id);
    await until(() => ['delivered', 'read'].includes(admin.client.statusOf(v.dialogId, m.id)?.state ?? ''), 'delivered after the retry');
    await until(() => v.seen.some((x) => x.id === m.id), 'the visitor sees it');
    v.socket?.close();
  });

  it('S5: leaving the page (beacon with the token in a text body) is enough too', async () => {
    const v = await startChat('Nerea', 'Hola');
    const res = await fetch(`${server.url}/api/visitor/leave`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ token: v.token }) });
    assert.equal(res.status, 204);
    assert.ok(await server.storage.clientLeft(v.dialogId));
  });

  it('H4: a blocked client’s web-chat messages are not received: nothing stored, no event; the visitor is told nothing special (202, no error); bad input still gets its error', async () => {
    const v = await startChat('Spam Bot', 'BUY NOW');
    const dialog = await until(() => admin.client.$dialogs.get().get(v.dialogId), 'dialog');
    await admin.client.block(dialog.clientId!);
    const heads = async () => JSON.stringify((await server.storage.db.query('SELECT * FROM event_heads ORDER BY operator_id')).rows);
    const before = await heads();
    const r = await post('/messages', { id: 'spam-2', text: 'BUY NOW!!!' }, v.token);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual({ ...(r.body as VisitorMessage), createdAt: 0 }, { id: 'spam-2', author: 'client', text: 'BUY NOW!!!', createdAt: 0, attachments: [] }, 'shown to the visitor as written');
    assert.equal(await server.storage.message('spam-2'), undefined, 'not stored');
    assert.equal(await heads(), before, 'no event: no operator receives it');
    assert.ok(!admin.client.feed(v.dialogId).messages.some((m) => m.text === 'BUY NOW!!!'));
    // Bad input is refused as for anyone.
    const long = await post('/messages', { id: 'spam-3', text: 'x'.repeat(2001) }, v.token);
    assert.equal(long.status, 400);
    assert.equal((long.body as { error: ChatCommandError }).error.code, 'too_long');
    // Unblocked: received again.
    await admin.client.unblock(dialog.clientId!);
    assert.equal((await post('/messages', { id: 'spam-4', text: 'Perdón' }, v.token)).status, 201);
    assert.equal((await server.storage.message('spam-4'))?.text, 'Perdón', 'stored after the unblock');
  });
});

describe('visitor sockets: a heartbeat from the server (through proxies; S5 for a vanished network)', () => {
  let server: TestServer;
  const sockets: WebSocket[] = [];
  before(async () => {
    server = await startTestServer({ visitorLeaveGraceMs: 100, visitorHeartbeatMs: 200 });
  });
  after(async () => {
    for (const ws of sockets) ws.terminate();
    await server?.dispose();
  });

  /** Starts a chat and opens its socket; answers the socket (ready) and a count of the pings it got. */
  const open = async (name: string) => {
    const r = await fetch(`${server.url}/api/visitor/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, text: 'Hola' }) });
    const { token, dialogId } = (await r.json()) as { token: string; dialogId: string };
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/visitor/ws`);
    sockets.push(ws);
    const heard = { pings: 0, closed: false };
    ws.on('ping', () => heard.pings++);
    ws.on('close', () => (heard.closed = true));
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
      ws.on('message', (d) => {
        if ((JSON.parse(String(d)) as { type: string }).type === 'ready') resolve();
      });
      ws.on('error', reject);
    });
    return { ws, dialogId, heard };
  };

  it('a socket that answers is pinged and kept: the chat stays open', async () => {
    const v = await open('Sigue aquí');
    await until(() => v.heard.pings >= 3, 'three pings (each answered by the client)');
    assert.equal(v.heard.closed, false, 'still open after three pings');
    assert.equal(await server.storage.clientLeft(v.dialogId), false);
  });

  it('S5: a socket whose network vanished (no close, no pong) is ended, and the visitor counts as gone', async () => {
    const v = await open('Sin red');
    await until(() => v.heard.pings >= 1, 'the first ping, answered');
    // The client stops reading: as a phone whose network went, it neither answers nor closes.
    (v.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await until(async () => await server.storage.clientLeft(v.dialogId), 'the server ends the silent socket and the visitor counts as gone');
  });
});
