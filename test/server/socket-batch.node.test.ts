/**
 * The event socket's `events` frame (issue 14): a client whose hello says `batch` gets the events
 * due together (one commit's, a replay's) in one frame; a client without it gets one `event`
 * frame per event, as before. Both see the same events, in the same order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { ChatEvent } from '../../sdk/protocol.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Frame {
  type: string;
  seq?: number;
  event?: ChatEvent;
  events?: ChatEvent[];
}

/** A socket of the operator, its frames as they came (`ready` awaited). */
async function open(server: TestServer, token: string, hello: Record<string, unknown>) {
  const frames: Frame[] = [];
  const ws = new WebSocket(`${server.endpoint.replace('http', 'ws')}/ws`);
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Frame));
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'hello', token, ...hello }));
      resolve();
    });
  });
  await until(() => frames.some((f) => f.type === 'ready'), 'ready');
  return { frames, close: () => ws.terminate() };
}

/** The events of frames, in order. */
const eventsOf = (frames: Frame[]) => frames.flatMap((f) => (f.type === 'event' ? [f.event!] : f.type === 'events' ? f.events! : []));

describe('event socket: several events in one frame for a client that asks (batch; issue 14, N1, L1)', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer();
    token = await server.tokenFor(SEED_IDS.admin);
  });
  after(() => server.dispose());

  it('N1, L1: a send (message.created and read.updated, one commit) comes as one "events" frame with batch, as two "event" frames without', async () => {
    const batched = await open(server, token, { batch: true });
    const plain = await open(server, token, {});
    const from = { batched: batched.frames.length, plain: plain.frames.length };
    await server.core.handle(SEED_IDS.admin, 'sendMessage', { id: 'm-batch-1', dialogId: SEED_IDS.freshWaitingDialog, text: 'hola' });
    const read = (frames: Frame[]) => eventsOf(frames).some((e) => e.type === 'read.updated');
    await until(() => read(batched.frames.slice(from.batched)) && read(plain.frames.slice(from.plain)), 'both sockets heard the send');
    const b = batched.frames.slice(from.batched);
    const p = plain.frames.slice(from.plain);
    // The frame that brought the send's message (simulated statuses of earlier sends may come around it).
    const created = (e: ChatEvent) => e.type === 'message.created' && e.message.id === 'm-batch-1';
    const frame = b.find((f) => (f.type === 'events' ? f.events! : f.event ? [f.event] : []).some(created));
    assert.equal(frame?.type, 'events', 'the commit’s events in one frame');
    const inFrame = frame!.events!.map((e) => e.type);
    assert.deepEqual(inFrame.slice(inFrame.indexOf('message.created'), inFrame.indexOf('message.created') + 2), ['message.created', 'read.updated']);
    assert.ok(
      p.every((f) => f.type === 'event'),
      'no "events" frame to a client that did not ask',
    );
    const seqs = (frames: Frame[]) => eventsOf(frames).map((e) => [e.seq, e.type]);
    const upTo = (frames: Frame[]) => seqs(frames).filter(([seq]) => (seq as number) <= eventsOf(frames).find((e) => e.type === 'read.updated')!.seq);
    assert.deepEqual(upTo(b), upTo(p), 'the same events, in the same order');
    const all = eventsOf(b).map((e) => e.seq);
    assert.deepEqual(
      all,
      all.map((_, i) => all[0]! + i),
      'consecutive',
    );
    batched.close();
    plain.close();
  });

  it('N1: a replay (hello with since) comes before "ready", batched, nothing missed or twice', async () => {
    const head = await server.storage.lastSeq(SEED_IDS.admin);
    const since = Math.max(0, head - 5);
    const s = await open(server, token, { batch: true, since });
    const readyAt = s.frames.findIndex((f) => f.type === 'ready');
    const replayed = eventsOf(s.frames.slice(0, readyAt)).map((e) => e.seq);
    // Everything after `since` up to `ready`'s seq (deliveries simulated meanwhile may add some), consecutive.
    const readySeq = s.frames[readyAt]!.seq!;
    assert.ok(readySeq >= head, 'ready is at the head or after');
    assert.deepEqual(
      replayed,
      Array.from({ length: readySeq - since }, (_, i) => since + 1 + i),
    );
    assert.ok(
      s.frames.slice(0, readyAt).some((f) => f.type === 'events'),
      'the replay in "events" frames',
    );
    s.close();
  });
});
