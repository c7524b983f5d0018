/**
 * The SDK over real HTTP and WebSocket against the reference server (PGlite, loopback port):
 * every command, live events between operators, and the rights that shape them (H1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatEvent } from '../../sdk/protocol.js';
import { ChatCommandError } from '../../sdk/protocol.js';
import { parse, ResultSchemas } from '../../sdk/schema.js';
import { normalizeQuery } from '../../sdk/rules/query.js';
import { createHttpTransport } from '../../sdk/transport/http.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { assertFeedMatchesServer, FAST, httpClient, NodeWebSocket, serverFeed, until, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

describe('SDK over HTTP + WebSocket: every command', () => {
  let server: TestServer;
  let admin: TestClient;
  let maria: TestClient;
  const started: TestClient[] = [];

  const open = async (operatorId: string): Promise<TestClient> => {
    const c = httpClient(server, await server.tokenFor(operatorId));
    started.push(c);
    await c.client.start();
    await until(() => c.client.$connection.get() === 'online', `${operatorId} online`);
    return c;
  };

  before(async () => {
    server = await startTestServer();
    admin = await open(SEED_IDS.admin);
    maria = await open(SEED_IDS.maria);
  });
  after(async () => {
    for (const c of started) c.client.stop();
    await server.dispose();
  });

  it('bootstrap: the snapshot arrives validated, with the operator, rights and sequence', () => {
    assert.equal(admin.client.$me.get()?.role, 'administrator');
    assert.equal(maria.client.$me.get()?.id, SEED_IDS.maria);
    // H1: maria does not see the administrator's own dialog.
    assert.ok(admin.client.$dialogs.get().has(SEED_IDS.freshWaitingDialog));
    assert.ok(!maria.client.$dialogs.get().has(SEED_IDS.freshWaitingDialog));
    assert.deepEqual(admin.errors, []);
  });

  it('L1/N2: opening a dialog loads its newest page and marks it read; older pages load on demand', async () => {
    const id = SEED_IDS.longDialog;
    await admin.client.openDialog(id);
    const feed = admin.client.feed(id);
    assert.equal(feed.messages.length, 50);
    assert.equal(admin.client.$unreadCounts.get().get(id), 0);
    const added = await admin.client.loadOlder(id);
    assert.equal(added, 50);
    await assertFeedMatchesServer(server, admin.client, id);
    const stored = await server.storage.readState(SEED_IDS.admin, id);
    assert.equal(stored?.readClientCount, admin.client.$dialogs.get().get(id)?.clientMessageCount);
  });

  it('S1-S4: a sent message goes queued -> sent -> delivered -> read, live over the socket', async () => {
    const id = SEED_IDS.attachmentsDialog; // telegram: reports reads
    await admin.client.openDialog(id);
    const sent = await admin.client.send(id, { text: 'Your parcel left the warehouse today.' });
    assert.ok(sent.n > 0, 'acknowledged with its number');
    await until(() => admin.client.statusOf(id, sent.id)?.state === 'read', 'read status');
    await assertFeedMatchesServer(server, admin.client, id);
  });

  it('idempotency: the same message id twice stores one message and answers the first answer', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const input = { id: 'idem-1', dialogId: id, text: 'Hola, ¿en qué te ayudo?' };
    const first = parse(ResultSchemas.sendMessage, await admin.transport.request('sendMessage', input), 'sendMessage');
    const second = parse(ResultSchemas.sendMessage, await admin.transport.request('sendMessage', input), 'sendMessage');
    assert.equal(second.id, first.id);
    assert.equal(second.n, first.n);
    assert.equal(second.createdAt, first.createdAt);
    assert.equal((await serverFeed(server, id)).filter((m) => m.id === 'idem-1').length, 1);
    // Raw HTTP: 201 the first time, 200 + Idempotent-Replayed afterwards.
    const res = await fetch(`${server.endpoint}/dialogs/${id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await server.tokenFor(SEED_IDS.admin)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'idem-1', text: input.text }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('idempotent-replayed'), 'true');
    // Reusing an id for another dialog is a conflict, not a silent overwrite.
    await assert.rejects(admin.transport.request('sendMessage', { ...input, dialogId: SEED_IDS.attachmentsDialog }), (e: ChatCommandError) => e.code === 'conflict' && e.status === 409);
  });

  it('H2: close and reopen, seen live by the other operator', async () => {
    const id = SEED_IDS.unassignedDialog; // everybody sees it
    await admin.client.close(id);
    await until(() => maria.client.$dialogs.get().get(id)?.status === 'closed', 'maria sees it closed');
    await admin.client.reopen(id);
    await until(() => maria.client.$dialogs.get().get(id)?.status === 'open', 'maria sees it reopened');
  });

  it('H3: mark unread applies to this operator only', async () => {
    const id = SEED_IDS.unassignedDialog;
    await maria.client.markRead(id);
    await admin.client.markUnread(id);
    assert.equal((await server.storage.readState(SEED_IDS.admin, id))?.markedUnread, true);
    assert.equal((await server.storage.readState(SEED_IDS.maria, id))?.markedUnread, false);
    assert.equal(maria.client.$readStates.get().get(id)?.markedUnread, false);
    await admin.client.markRead(id);
    assert.equal(admin.client.$readStates.get().get(id)?.markedUnread, false);
  });

  it('H1: after a reassignment the previous operator loses the dialog and hears nothing more about it', async (t) => {
    const id = SEED_IDS.waitingDialog; // maria's
    // A raw socket of maria's, to see every event she is sent.
    const raw: unknown[] = [];
    const spy = createHttpTransport({ endpoint: server.endpoint, token: await server.tokenFor(SEED_IDS.maria), ...FAST, WebSocket: NodeWebSocket });
    const stop = spy.connect({ event: (e) => raw.push(e), state: () => undefined });
    t.after(stop); // closed even when a wait below fails (an open socket would keep the test process alive)
    await until(() => spy.state === 'online', 'spy online');
    await maria.client.openDialog(id);
    await admin.client.reassign(id, { kind: 'operator', id: SEED_IDS.ivan });
    await until(() => !maria.client.$dialogs.get().has(id), 'dialog removed from maria');
    await until(() => raw.some((e) => (e as ChatEvent).type === 'dialog.removed'), 'removal event');
    const removedAt = raw.length;
    // The client writes again; the new operator and the administrator hear it, maria does not.
    await server.core.clientSend(id, '¿Hola? ¿Alguien?');
    await until(() => admin.client.$dialogs.get().get(id)?.lastMessage?.text === '¿Hola? ¿Alguien?', 'admin hears the client');
    // Then an event every operator hears: once maria has it, anything sent before it has arrived.
    const limit = admin.client.$settings.get().responseTimeLimitMs;
    await admin.client.updateSettings({ responseTimeLimitMs: (limit ?? 0) + 60_000 });
    await until(() => raw.slice(removedAt).some((e) => (e as ChatEvent).type === 'settings.updated'), 'maria hears the later event');
    await admin.client.updateSettings({ responseTimeLimitMs: limit });
    const later = raw.slice(removedAt).filter((e) => JSON.stringify(e).includes(id));
    assert.deepEqual(later, [], 'maria was sent events about a dialog she may no longer see');
    assert.ok(!maria.client.$dialogs.get().has(id));
    await assert.rejects(maria.client.listAttachments(id, 'image'), (e: ChatCommandError) => e.code === 'not_found' && e.status === 404);
    await assert.rejects(maria.transport.request('loadMessages', { dialogId: id }), (e: ChatCommandError) => e.code === 'not_found');
  });

  it('P3: an operator cannot write in a dialog held by a bot: the message fails "not assigned"', async () => {
    const id = SEED_IDS.botDialog;
    await maria.client.openDialog(id);
    await assert.rejects(maria.client.send(id, { text: 'Te ayudo yo' }), (e: ChatCommandError) => e.code === 'not_assigned');
    const m = maria.client.feed(id).messages.at(-1);
    assert.deepEqual(m?.status, { state: 'failed', reason: 'not_assigned', retryable: false });
    assert.equal(
      (await serverFeed(server, id)).some((x) => x.text === 'Te ayudo yo'),
      false,
      'nothing stored',
    );
  });

  it('H4: unblock and block a client; a blocked client cannot be written to', async () => {
    const id = SEED_IDS.blockedDialog;
    await admin.client.openDialog(id);
    await admin.client.unblock(SEED_IDS.blockedClient);
    assert.equal((await server.storage.client(SEED_IDS.blockedClient))?.blocked, false);
    await admin.client.block(SEED_IDS.blockedClient);
    assert.equal((await server.storage.client(SEED_IDS.blockedClient))?.blocked, true);
    await assert.rejects(admin.client.send(id, { text: 'Hola' }), (e: ChatCommandError) => e.code === 'client_blocked');
    assert.equal(admin.client.feed(id).messages.at(-1)?.status?.state, 'failed');
  });

  it('H5: detach a client: the link goes, the client stays', async () => {
    const id = SEED_IDS.multiDialogs[0];
    const d = await admin.client.detach(id);
    assert.equal(d.clientId, null);
    assert.ok(await server.storage.client(SEED_IDS.multiDialogClient), 'the client still exists');
    assert.equal((await server.storage.dialog(id))?.clientId, null);
  });

  it('D1-D4: delete dialogs needs the right; results come per dialog and others hear of it', async () => {
    const ivan = await open(SEED_IDS.ivan);
    // A dialog every operator sees (unassigned or a bot's).
    const target = (await server.storage.dialogs()).find((d) => d.id > 'dlg-0017' && (d.assignee === null || d.assignee.kind === 'bot')) ?? (await server.storage.dialog(SEED_IDS.botDialog))!;
    assert.ok(maria.client.$dialogs.get().has(target.id) && ivan.client.$dialogs.get().has(target.id), 'a dialog both operators see');
    const refused = await ivan.client.deleteDialogs([target.id]);
    assert.deepEqual(refused, [{ dialogId: target.id, ok: false, reason: 'forbidden' }]);
    assert.ok(await server.storage.dialog(target.id));
    const results = await admin.client.deleteDialogs([target.id, 'dlg-nope']);
    assert.deepEqual(results, [
      { dialogId: target.id, ok: true },
      { dialogId: 'dlg-nope', ok: false, reason: 'not_found' },
    ]);
    assert.equal(await server.storage.dialog(target.id), undefined);
    await until(() => !maria.client.$dialogs.get().has(target.id), 'maria hears the deletion');
  });

  it('M1: a quick reply created from a message reaches every operator', async () => {
    const id = SEED_IDS.attachmentsDialog;
    const msg = admin.client.feed(id).messages.find((m) => m.kind === 'text' && m.text)!;
    const q = await admin.client.createQuickReply(msg.text, { title: 'From a message', messageId: msg.id });
    assert.equal(q.title, 'From a message');
    await until(() => maria.client.$quickReplies.get().some((x) => x.id === q.id), 'maria gets the quick reply');
  });

  it('H6: list a dialog’s images and files, and forward one into another dialog', async () => {
    const page = await admin.client.listAttachments(SEED_IDS.attachmentsDialog, 'image', 0, 10);
    assert.ok(page.items.length > 0 && page.total >= page.items.length);
    assert.ok(page.items.every((i) => i.attachment.kind === 'image'));
    const item = page.items.find((i) => i.attachment.available)!;
    await admin.client.openDialog(SEED_IDS.freshWaitingDialog);
    const fwd = await admin.client.forwardAttachment(item.attachment.id, SEED_IDS.freshWaitingDialog);
    assert.equal(fwd.attachments[0]?.name, item.attachment.name);
    // The simulation may deliver it meanwhile: the feed matches once its status event arrived.
    await until(async () => {
      const stored = (await server.storage.message(fwd.id))?.status?.state;
      return admin.client.feed(SEED_IDS.freshWaitingDialog).messages.find((m) => m.id === fwd.id)?.status?.state === stored;
    }, 'the forward’s status as stored');
    await assertFeedMatchesServer(server, admin.client, SEED_IDS.freshWaitingDialog);
  });

  it('T6/L5: set a client’s tags (pinned and not)', async () => {
    const tags = admin.client.$tags.get().slice(0, 2);
    const c = await admin.client.setClientTags('cl-0002', [
      { tagId: tags[0]!.id, pinned: true },
      { tagId: tags[1]!.id, pinned: false },
    ]);
    assert.deepEqual(c.tags, [
      { tagId: tags[0]!.id, pinned: true },
      { tagId: tags[1]!.id, pinned: false },
    ]);
    assert.deepEqual((await server.storage.client('cl-0002'))?.tags, c.tags);
  });

  it('P1/P2: upload an image with progress, send it, and fetch it back inline', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const progress: number[] = [];
    const file = new Blob([PNG_1x1], { type: 'image/png' });
    const raw = await admin.transport.upload(id, file, 'foto del paquete.png', { onProgress: (p) => progress.push(p.loaded / p.total) });
    const up = parse(ResultSchemas.sendMessage.entries.attachments.item, raw, 'upload');
    assert.equal(up.kind, 'image');
    assert.equal(up.width, 1);
    assert.equal(progress.at(-1), 1);
    const m = await admin.client.send(id, { text: '', attachments: [up] });
    assert.equal(m.attachments[0]?.id, up.id);
    const res = await fetch(new URL(up.url, server.url));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.match(res.headers.get('content-disposition') ?? '', /^inline; filename="foto del paquete.png"/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG_1x1);
  });

  it('F5/L6: listDialogs filters and pages on the server with the shared query rules', async () => {
    const query = normalizeQuery({ status: 'closed', sort: 'activity' });
    const first = parse(ResultSchemas.listDialogs, await admin.transport.request('listDialogs', { query, limit: 2, counts: ['total'] }), 'listDialogs');
    assert.equal(first.dialogs.length, 2);
    assert.ok(first.dialogs.every((d) => d.status === 'closed'));
    assert.ok((first.counts.total ?? 0) > 2);
    assert.ok(first.cursor);
    const second = parse(ResultSchemas.listDialogs, await admin.transport.request('listDialogs', { query, cursor: first.cursor, limit: 2 }), 'listDialogs');
    assert.notDeepEqual(
      second.dialogs.map((d) => d.id),
      first.dialogs.map((d) => d.id),
    );
  });

  it('eventsSince: the events after a sequence number; a gap when asked beyond what is kept', async () => {
    const seq = await server.storage.lastSeq(SEED_IDS.admin);
    const r = parse(ResultSchemas.eventsSince, await admin.transport.request('eventsSince', { since: Math.max(0, seq - 3) }), 'eventsSince');
    assert.equal(r.gap, false);
    // Channel simulation may add events after `seq` was read: the answer starts right after `since`, has
    // no hole, and reaches at least `seq`.
    if (!r.gap) {
      const seqs = (r.events as ChatEvent[]).map((e) => e.seq);
      const from = Math.max(0, seq - 3) + 1;
      assert.deepEqual(
        seqs.slice(0, seq - from + 1),
        [seq - 2, seq - 1, seq].filter((n) => n >= from),
      );
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => from + i),
        'consecutive from since + 1',
      );
    }
    const gap = parse(ResultSchemas.eventsSince, await admin.transport.request('eventsSince', { since: seq + 1000 }), 'eventsSince');
    assert.equal(gap.gap, true);
  });

  it('every client stayed consistent: no malformed payloads reported', () => {
    for (const c of started)
      assert.deepEqual(
        c.errors.filter((e) => e.startsWith('event') || e.includes('Malformed')),
        [],
      );
  });
});
