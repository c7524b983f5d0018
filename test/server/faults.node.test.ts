/**
 * Faults between the SDK and the reference server: sockets dropped before a send, after a send
 * whose answer is lost and during the catch-up; failing, slow and silent connections; the server
 * restarted mid-conversation; a gap too old to replay. After each, every message appears exactly
 * once, in order, with the right status (S1-S5), and the client agrees with the server.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Id } from '../../sdk/model.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import type { FaultCounts, FaultRequest } from '../../server/faults.js';
import { assertFeedMatchesServer, httpClient, serverFeed, sleep, until, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const totals: FaultCounts = { failed: 0, delayed: 0, lost: 0, socketsDropped: 0, socketsStalled: 0 };
let messagesChecked = 0;

async function inject(server: TestServer, faults: FaultRequest): Promise<void> {
  const res = await fetch(`${server.url}/api/test/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  assert.equal(res.status, 200, await res.clone().text());
}

function tally(server: TestServer): void {
  for (const k of Object.keys(totals) as Array<keyof FaultCounts>) totals[k] += server.faults.counts[k];
  for (const k of Object.keys(totals) as Array<keyof FaultCounts>) server.faults.counts[k] = 0;
}

/** Final status of an operator message on a channel: read where the channel reports reads by itself. */
const FINAL: Record<string, string> = { 'ch-whatsapp': 'read', 'ch-telegram': 'read', 'ch-site': 'delivered', 'ch-vk': 'delivered' };

/** Waits until every listed message reached its final status on the server and the client agrees. */
async function settle(server: TestServer, c: TestClient, dialogId: Id, texts: string[], typedOrder = true): Promise<void> {
  const dialog = (await server.storage.dialog(dialogId))!;
  const final = FINAL[dialog.channelId] ?? 'delivered';
  await until(async () => {
    const feed = await serverFeed(server, dialogId);
    return texts.every((t) => feed.filter((m) => m.text === t).length === 1 && (feed.find((m) => m.text === t)!.author.kind === 'client' || feed.find((m) => m.text === t)!.status?.state === final));
  }, `${texts.length} messages ${final} on the server`);
  await until(() => {
    const local = c.client.feed(dialogId).messages;
    return texts.every((t) => {
      const ms = local.filter((m) => m.text === t);
      return ms.length === 1 && (ms[0]!.author.kind === 'client' || ms[0]!.status?.state === final);
    });
  }, 'the client to catch up');
  await until(
    async () => {
      await assertFeedMatchesServer(server, c.client, dialogId);
      return true;
    },
    'the client feed to equal the server feed',
    5000,
  );
  const feed = await serverFeed(server, dialogId);
  for (const t of texts) assert.equal(feed.filter((m) => m.text === t).length, 1, `"${t}" stored once`);
  if (typedOrder) {
    // In the order they were written.
    const order = texts.map((t) => feed.find((m) => m.text === t)!.n);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'messages in the order they were sent',
    );
  }
  messagesChecked += texts.length;
}

describe('faults: nothing lost, nothing doubled', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  const open = async (operatorId: string, dialogId?: Id, s: TestServer = server, options: Parameters<typeof httpClient>[2] = {}): Promise<TestClient> => {
    const c = httpClient(s, await s.tokenFor(operatorId), options);
    clients.push(c);
    await c.client.start();
    await until(() => c.client.$connection.get() === 'online', 'online');
    if (dialogId) await c.client.openDialog(dialogId);
    return c;
  };

  before(async () => {
    server = await startTestServer();
  });
  // Each test's clients stop with it, so the faults counted are the ones the checked clients met.
  afterEach(() => {
    for (const c of clients.splice(0)) c.client.stop();
  });
  after(async () => {
    for (const c of clients) c.client.stop();
    tally(server);
    await server.dispose();
    const injected = totals.failed + totals.delayed + totals.lost + totals.socketsDropped + totals.socketsStalled;
    const line = `injected faults: ${injected} (failed requests ${totals.failed}, delayed ${totals.delayed}, answers lost ${totals.lost}, sockets dropped ${totals.socketsDropped}, sockets stalled ${totals.socketsStalled}); messages checked: ${messagesChecked}; lost 0, doubled 0`;
    console.log(`# ${line}`);
  });

  it('S2-S4: socket dropped right before sends: every send lands once and its statuses catch up', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const c = await open(SEED_IDS.admin, id);
    await inject(server, { dropSockets: true });
    const texts = ['drop-before 1', 'drop-before 2', 'drop-before 3'];
    for (const t of texts) await c.client.send(id, { text: t });
    await settle(server, c, id, texts);
    assert.ok(server.faults.counts.socketsDropped >= 1);
  });

  it('a send whose answer is lost (connection cut after the server stored it) is retried with the same id and stored once', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const c = await open(SEED_IDS.admin, id);
    await inject(server, { loseNext: 1, match: '/messages', dropSockets: true });
    const m = await c.client.send(id, { text: 'answer lost once' });
    assert.ok(m.n > 0, 'acknowledged by the retry');
    await settle(server, c, id, ['answer lost once']);
    assert.equal(server.faults.counts.lost, 1);
  });

  it('answers lost more times than the request retries: the client holds the message, which still appears once', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const c = await open(SEED_IDS.admin, id);
    await inject(server, { loseNext: 7, match: '/messages' });
    await c.client.send(id, { text: 'answer lost 7 times' });
    // The client did not hear an answer (it keeps the message and sends it again later)...
    assert.ok(
      c.errors.some((e) => e.startsWith('sendMessage: The server cannot be reached')),
      c.errors.join('; '),
    );
    // ...yet the server had stored it: the message appears once, acknowledged by events or the replay.
    await settle(server, c, id, ['answer lost 7 times']);
    await inject(server, { loseNext: 0, match: '' });
  });

  it('failing requests (503) on send: retried with backoff, stored once', async () => {
    const id = SEED_IDS.attachmentsDialog;
    const c = await open(SEED_IDS.admin, id);
    await inject(server, { failNext: 3, match: '/messages' });
    await c.client.send(id, { text: 'after three 503s' });
    await inject(server, { failNext: 9, match: '/messages' });
    await c.client.send(id, { text: 'after nine 503s' });
    await settle(server, c, id, ['after three 503s', 'after nine 503s']);
    await inject(server, { failNext: 0, match: '' });
  });

  it('slow requests: a send that times out on the client and is carried out late is still stored once', async () => {
    const id = SEED_IDS.attachmentsDialog;
    const c = await open(SEED_IDS.admin, id, server, { timeoutMs: 1500 });
    await inject(server, { delayNext: 2, delayMs: 2000, match: '/messages' });
    await c.client.send(id, { text: 'slow send' });
    await sleep(1500); // the late attempts run now, and find the message stored
    await settle(server, c, id, ['slow send']);
    assert.equal(server.faults.counts.delayed >= 2, true);
  });

  it('socket dropped during the catch-up: missed client messages arrive once, in order', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const c = await open(SEED_IDS.admin, id);
    // Catch-up requests fail and drag; meanwhile the socket is dropped again.
    await inject(server, { dropSockets: true, failNext: 2, match: '/events' });
    const texts = ['missed 1', 'missed 2', 'missed 3', 'missed 4'];
    for (const t of texts.slice(0, 2)) await server.core.clientSend(id, t);
    await until(() => c.client.$connection.get() === 'online', 'back online');
    await inject(server, { delayNext: 1, delayMs: 600, match: '/events' });
    await sleep(150);
    await inject(server, { dropSockets: true });
    for (const t of texts.slice(2)) await server.core.clientSend(id, t);
    await c.client.send(id, { text: 'reply after catch-up' });
    await settle(server, c, id, [...texts, 'reply after catch-up']);
    await inject(server, { failNext: 0, delayNext: 0, match: '' });
  });

  it('a silent socket (no pongs, no events) is detected by the heartbeat and resumed from the last event', async () => {
    const id = SEED_IDS.freshWaitingDialog;
    const c = await open(SEED_IDS.admin, id);
    await inject(server, { stallSockets: true });
    const texts = ['during stall 1', 'during stall 2'];
    for (const t of texts) await server.core.clientSend(id, t);
    await settle(server, c, id, texts);
    assert.ok(server.faults.counts.socketsStalled >= 1);
  });

  it('an operator message sent while another operator’s socket is down reaches them once (H1 audience)', async () => {
    const id = SEED_IDS.unassignedDialog;
    const maria = await open(SEED_IDS.maria, id);
    const admin = await open(SEED_IDS.admin, id);
    await inject(server, { dropSockets: true });
    await admin.client.send(id, { text: 'admin writes while sockets are down' });
    // The dialog is the administrator's now (it was unassigned): maria may no longer see it (H1).
    await until(() => !maria.client.$dialogs.get().has(id), 'maria loses the dialog the administrator took');
    await settle(server, admin, id, ['admin writes while sockets are down']);
  });

  it('a gap too old to replay: the client refetches everything and still shows each message once', async () => {
    const own = await startTestServer({ eventLimit: 12 });
    try {
      const id = SEED_IDS.freshWaitingDialog;
      // Reconnects wait 2 s: long enough for more events than the server keeps to pass.
      const c = await open(SEED_IDS.admin, id, own, { reconnect: { baseMs: 2000, maxMs: 2000 }, random: () => 1 });
      const seq = await own.storage.lastSeq(SEED_IDS.admin);
      await inject(own, { dropSockets: true });
      const texts = Array.from({ length: 15 }, (_, i) => `while away ${i + 1}`);
      for (const t of texts) await own.core.clientSend(id, t);
      assert.equal(await own.storage.eventsSince(SEED_IDS.admin, seq), null, 'the missed events are no longer kept');
      await settle(own, c, id, texts);
      tally(own);
    } finally {
      await own.dispose();
    }
  });

  it('a storm of mixed faults around 40 sends and 10 client messages: each appears once, client and server agree', async () => {
    const id = SEED_IDS.attachmentsDialog;
    const c = await open(SEED_IDS.admin, id);
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts: string[] = [];
    for (let i = 1; i <= 40; i++) {
      const r = rnd();
      const fault: FaultRequest =
        r < 0.25
          ? { failNext: 1 + Math.floor(rnd() * 3), match: '/messages' }
          : r < 0.45
            ? { loseNext: 1 + Math.floor(rnd() * 2), match: '/messages' }
            : r < 0.7
              ? { dropSockets: true }
              : r < 0.85
                ? { delayNext: 1, delayMs: 250, match: '/messages' }
                : { stallSockets: true };
      await inject(server, fault);
      const text = `storm ${i}`;
      texts.push(text);
      await c.client.send(id, { text });
      if (i % 4 === 0) {
        const fromClient = `client storm ${i / 4}`;
        texts.push(fromClient);
        await server.core.clientSend(id, fromClient);
      }
    }
    await inject(server, { failNext: 0, loseNext: 0, delayNext: 0, match: '' });
    // A message held through the storm is sent when it ends: compare with the server's order.
    await settle(server, c, id, texts, false);
  });

  it('server restarted mid-conversation: sends made while it is down go once it is back; history and sequence survive', async () => {
    let own = await startTestServer();
    try {
      const id = SEED_IDS.freshWaitingDialog;
      const c = await open(SEED_IDS.admin, id, own);
      await c.client.send(id, { text: 'before restart' });
      await settle(own, c, id, ['before restart']);
      const seqBefore = await own.storage.lastSeq(SEED_IDS.admin);
      await own.stop();
      await until(() => c.client.$connection.get() !== 'online', 'the client notices');
      const queued = await c.client.send(id, { text: 'while the server is down' });
      assert.equal(queued.status?.state, 'queued', 'kept queued while the server is away (S2)');
      own = await own.restart();
      assert.ok((await own.storage.lastSeq(SEED_IDS.admin)) >= seqBefore, 'sequence numbers survive');
      await until(() => c.client.statusOf(id, queued.id)?.state !== 'queued', 'the held message to go');
      await own.core.clientSend(id, 'client after restart');
      await settle(own, c, id, ['before restart', 'while the server is down', 'client after restart']);
    } finally {
      tally(own);
      await own.dispose();
    }
  });
});
