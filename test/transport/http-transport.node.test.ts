/**
 * The HTTP + WebSocket transport on its own: which requests it retries, how it reports refusals,
 * the token refresh hook, the socket's reconnect and resume, and the browser's online/offline.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatCommandError, type ConnectionState } from '../../sdk/protocol.js';
import { createHttpTransport, errorFromResponse, reconnectDelay } from '../../sdk/transport/http.js';
import { buildRequest } from '../../sdk/transport/routes.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { FAST, NodeWebSocket, until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** A fetch that fails `failures` times (network error), then answers `body`; counts calls. */
function flakyFetch(failures: number, body: unknown = { ok: true }, status = 200) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const req = input instanceof Request ? input : new Request(input);
    calls.push(`${req.method} ${new URL(req.url).pathname}`);
    if (calls.length <= failures) throw new TypeError('fetch failed');
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

describe('HTTP transport without a server', () => {
  const base = { endpoint: 'http://chat.test/api/v1', token: 't', retries: 3, retryBackoffLimitMs: 5, WebSocket: NodeWebSocket };

  it('maps commands onto the documented routes', () => {
    assert.deepEqual(buildRequest('sendMessage', { id: 'm1', dialogId: 'd/1', text: 'hi', quoteId: undefined }), {
      method: 'POST',
      path: '/dialogs/d%2F1/messages',
      query: {},
      body: { id: 'm1', text: 'hi' },
    });
    assert.deepEqual(buildRequest('loadMessages', { dialogId: 'd1', before: 40, limit: 20 }), { method: 'GET', path: '/dialogs/d1/messages', query: { before: '40', limit: '20' }, body: undefined });
    assert.deepEqual(buildRequest('setClientTags', { clientId: 'c1', tags: [] }), { method: 'PUT', path: '/clients/c1/tags', query: {}, body: { tags: [] } });
  });

  it('retries an idempotent send after network errors, with the same body', async () => {
    const { fetchImpl, calls } = flakyFetch(2, { id: 'm1' });
    const t = createHttpTransport({ ...base, fetch: fetchImpl });
    assert.deepEqual(await t.request('sendMessage', { id: 'm1', dialogId: 'd1', text: 'hola' }), { id: 'm1' });
    assert.deepEqual(calls, ['POST /api/v1/dialogs/d1/messages', 'POST /api/v1/dialogs/d1/messages', 'POST /api/v1/dialogs/d1/messages']);
  });

  it('does not repeat a command that is not keyed by an id (close): one attempt, then "unavailable"', async () => {
    const { fetchImpl, calls } = flakyFetch(1);
    const t = createHttpTransport({ ...base, fetch: fetchImpl });
    await assert.rejects(t.request('closeDialog', { dialogId: 'd1' }), (e: ChatCommandError) => e instanceof ChatCommandError && e.code === 'unavailable');
    assert.equal(calls.length, 1);
  });

  it('gives up after the retries with "unavailable", which the client keeps queued', async () => {
    const { fetchImpl, calls } = flakyFetch(99);
    const t = createHttpTransport({ ...base, fetch: fetchImpl });
    await assert.rejects(t.request('bootstrap', {}), (e: ChatCommandError) => e.code === 'unavailable');
    assert.equal(calls.length, 4);
  });

  it('retries an answer 502/503 (after its Retry-After), never a 400; a timeout counts as a failed attempt', async () => {
    const answers = [new Response('busy', { status: 503, headers: { 'retry-after': '0' } }), new Response('gateway', { status: 502 }), new Response(JSON.stringify({ ok: 1 }), { status: 200 })];
    const calls: string[] = [];
    const t = createHttpTransport({ ...base, fetch: (async (req: Request) => (calls.push(req.method), answers.shift()!)) as typeof fetch });
    assert.deepEqual(await t.request('bootstrap', {}), { ok: 1 });
    assert.equal(calls.length, 3);

    let refused = 0;
    const r = createHttpTransport({ ...base, fetch: (async () => (refused++, new Response(JSON.stringify({ error: { code: 'validation', message: 'no' } }), { status: 400 }))) as typeof fetch });
    await assert.rejects(r.request('bootstrap', {}), (e: ChatCommandError) => e.code === 'validation' && e.status === 400);
    assert.equal(refused, 1);

    let waited = 0;
    const slow = createHttpTransport({
      ...base,
      timeoutMs: 20,
      fetch: ((req: Request) =>
        new Promise((_resolve, reject) => {
          waited++;
          req.signal.addEventListener('abort', () => reject(req.signal.reason));
        })) as typeof fetch,
    });
    await assert.rejects(slow.request('bootstrap', {}), (e: ChatCommandError) => e.code === 'unavailable');
    assert.equal(waited, 4);
  });

  it('P1: an upload the server could not take (503, 502, no answer) is sent again from the start, its progress back at 0; a refusal or a 500 is not', async () => {
    const pdf = new Blob(['%PDF-1.4 contrato'], { type: 'application/pdf' });
    const answers: Array<() => Response> = [
      () => new Response(JSON.stringify({ error: { code: 'unavailable', message: 'The database cannot be reached.' } }), { status: 503, headers: { 'retry-after': '1' } }),
      () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => new Response(JSON.stringify({ id: 'att-1', name: 'contrato.pdf' }), { status: 201 }),
    ];
    const bodies: string[] = [];
    const t = createHttpTransport({
      ...base,
      fetch: (async (req: Request) => {
        bodies.push(await req.text());
        return answers.shift()!();
      }) as typeof fetch,
    });
    const progress: number[] = [];
    assert.deepEqual(await t.upload('d1', pdf, 'contrato.pdf', { onProgress: (p) => progress.push(p.loaded) }), { id: 'att-1', name: 'contrato.pdf' });
    assert.equal(bodies.length, 4, 'three failures, then the upload that went');
    assert.ok(
      bodies.every((b) => b.includes('%PDF-1.4 contrato') && b.includes('filename="contrato.pdf"')),
      'each attempt carries the whole file',
    );
    assert.equal(progress.filter((p) => p === 0).length, 4, 'progress starts again at 0 for each attempt');
    assert.equal(progress.at(-1), pdf.size);

    for (const [status, code] of [
      [500, 'internal'],
      [413, 'attachment_size'],
      [400, 'validation'],
    ] as const) {
      let sent = 0;
      const once = createHttpTransport({ ...base, fetch: (async () => (sent++, new Response(JSON.stringify({ error: { code, message: 'no' } }), { status }))) as typeof fetch });
      await assert.rejects(once.upload('d1', pdf, 'contrato.pdf'), (e: ChatCommandError) => e.code === code && e.status === status);
      assert.equal(sent, 1, `${status}: not sent again`);
    }

    let tries = 0;
    const down = createHttpTransport({ ...base, fetch: (async () => (tries++, new Response('busy', { status: 503 }))) as typeof fetch });
    await assert.rejects(down.upload('d1', pdf, 'contrato.pdf'), (e: ChatCommandError) => e.code === 'unavailable');
    assert.equal(tries, 4, 'given up after the retries (3), as a command');
  });

  it('reports refusals with the server’s code, message and field; unknown bodies by status', () => {
    const e = errorFromResponse(400, { error: { code: 'too_long', message: 'text: 2001 characters', field: 'text' } });
    assert.deepEqual([e.code, e.message, e.field, e.status], ['too_long', 'text: 2001 characters', 'text', 400]);
    assert.equal(errorFromResponse(502, '<html>bad gateway</html>').code, 'unavailable');
    assert.equal(errorFromResponse(404, { error: { code: 'made_up' } }).code, 'not_found');
    assert.equal(errorFromResponse(413, undefined).code, 'attachment_size');
  });

  it('a malformed answer is an "internal" error, not a crash', async () => {
    const { fetchImpl } = flakyFetch(0, '{not json');
    const t = createHttpTransport({ ...base, fetch: fetchImpl });
    await assert.rejects(t.request('bootstrap', {}), (e: ChatCommandError) => e.code === 'internal');
  });

  it('an aborted request rejects with the abort, untouched', async () => {
    const t = createHttpTransport({
      ...base,
      fetch: ((input: RequestInfo | URL) =>
        new Promise((_r, reject) => {
          const signal = (input as Request).signal;
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason));
        })) as typeof fetch,
    });
    const ac = new AbortController();
    const p = t.request('bootstrap', {}, { signal: ac.signal });
    ac.abort();
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  });

  it('reconnect delays: full jitter under a doubling cap', () => {
    assert.equal(
      reconnectDelay(0, 500, 30_000, () => 0.999),
      499,
    );
    assert.equal(
      reconnectDelay(3, 500, 30_000, () => 0.5),
      2000,
    );
    assert.equal(
      reconnectDelay(10, 500, 30_000, () => 0.5),
      15_000,
    );
    assert.equal(
      reconnectDelay(50, 500, 30_000, () => 0),
      0,
    );
  });
});

describe('HTTP transport against the reference server', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  it('token refresh: a revoked token is replaced once through onUnauthorized, even for concurrent requests', async () => {
    const old = await server.tokenFor(SEED_IDS.admin);
    await server.storage.deleteSession(old);
    let refreshes = 0;
    const t = createHttpTransport({
      endpoint: server.endpoint,
      token: old,
      ...FAST,
      onUnauthorized: async () => {
        refreshes++;
        return server.tokenFor(SEED_IDS.admin);
      },
    });
    const [a, b] = await Promise.all([t.request('bootstrap', {}), t.request('eventsSince', { since: 0 })]);
    assert.ok(a && b);
    assert.equal(refreshes, 1);
  });

  it('token refresh giving up: the request fails "unauthorized"', async () => {
    const t = createHttpTransport({ endpoint: server.endpoint, token: 'cdk_revoked', ...FAST, onUnauthorized: () => null });
    await assert.rejects(t.request('bootstrap', {}), (e: ChatCommandError) => e.code === 'unauthorized' && e.status === 401);
  });

  it('getToken is asked before each request', async () => {
    const token = await server.tokenFor(SEED_IDS.maria);
    let asked = 0;
    const t = createHttpTransport({ endpoint: server.endpoint, ...FAST, getToken: () => (asked++, token) });
    await t.request('bootstrap', {});
    await t.request('bootstrap', {});
    assert.equal(asked, 2);
  });

  it('socket refused as unauthorized: refreshed through the hook, then online', async () => {
    const states: ConnectionState[] = [];
    let refreshes = 0;
    const t = createHttpTransport({
      endpoint: server.endpoint,
      token: 'cdk_revoked',
      ...FAST,
      onUnauthorized: async () => {
        refreshes++;
        return server.tokenFor(SEED_IDS.admin);
      },
    });
    const stop = t.connect({ event: () => undefined, state: (s) => states.push(s) });
    await until(() => t.state === 'online', 'online after the refresh');
    assert.equal(refreshes, 1);
    stop();
    assert.equal(states.at(-1), 'closed');
  });

  it('socket refused and no new token: the transport stays closed', async () => {
    const t = createHttpTransport({ endpoint: server.endpoint, token: 'cdk_revoked', ...FAST, onUnauthorized: () => null });
    const stop = t.connect({ event: () => undefined, state: () => undefined });
    await until(() => t.state === 'closed', 'closed');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.state, 'closed');
    stop();
  });

  it('resumes after a dropped socket from the last event it delivered: nothing missed, nothing twice', async () => {
    const token = await server.tokenFor(SEED_IDS.admin);
    const seqs: number[] = [];
    const t = createHttpTransport({ endpoint: server.endpoint, token, ...FAST });
    const stop = t.connect({ event: (e) => seqs.push((e as { seq: number }).seq), state: () => undefined });
    await until(() => t.state === 'online', 'online');
    await server.core.clientSend(SEED_IDS.freshWaitingDialog, 'one');
    await until(() => seqs.length >= 1, 'first event');
    server.sockets.dropAll();
    await server.core.clientSend(SEED_IDS.freshWaitingDialog, 'two');
    await server.core.clientSend(SEED_IDS.freshWaitingDialog, 'three');
    const head = await server.storage.lastSeq(SEED_IDS.admin);
    await until(() => seqs.at(-1) === head, 'caught up over the new socket');
    assert.deepEqual(
      seqs,
      Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i),
      'consecutive, no duplicates',
    );
    stop();
  });

  it('resumes from where it came online when the socket drops before any event: what came meanwhile is replayed', async (tc) => {
    const token = await server.tokenFor(SEED_IDS.admin);
    const seqs: number[] = [];
    const states: ConnectionState[] = [];
    // Back after a second: the send below is made while the socket is down.
    const t = createHttpTransport({ endpoint: server.endpoint, token, ...FAST, reconnect: { baseMs: 1000, maxMs: 1000 } });
    const stop = t.connect({ event: (e) => seqs.push((e as { seq: number }).seq), state: (s) => states.push(s) });
    tc.after(stop); // closed even when a wait below fails
    await until(() => t.state === 'online', 'online');
    const onlineAt = await server.storage.lastSeq(SEED_IDS.admin);
    server.sockets.dropAll();
    await until(() => states.at(-1) !== 'online', 'the drop is seen');
    // Events while the socket is down, before the transport has been handed any.
    await server.core.clientSend(SEED_IDS.freshWaitingDialog, 'while away');
    const head = await server.storage.lastSeq(SEED_IDS.admin);
    assert.ok(head > onlineAt, 'the send made events for this operator');
    assert.notEqual(t.state, 'online', 'still away when the events were made');
    await until(() => seqs.at(-1) === head, 'the events made while away are replayed');
    assert.deepEqual(
      seqs,
      Array.from({ length: head - onlineAt }, (_, i) => onlineAt + 1 + i),
      'every event after the head it came online at, once, in order',
    );
  });

  it('follows the browser’s offline and online events', async () => {
    const g = globalThis as unknown as Record<string, unknown>;
    const target = new EventTarget();
    g.window = g;
    g.addEventListener = target.addEventListener.bind(target);
    g.removeEventListener = target.removeEventListener.bind(target);
    try {
      const t = createHttpTransport({ endpoint: server.endpoint, token: await server.tokenFor(SEED_IDS.admin), ...FAST });
      const stop = t.connect({ event: () => undefined, state: () => undefined });
      await until(() => t.state === 'online', 'online');
      target.dispatchEvent(new Event('offline'));
      assert.equal(t.state, 'offline');
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(t.state, 'offline', 'no reconnect attempts while the browser is offline');
      target.dispatchEvent(new Event('online'));
      await until(() => t.state === 'online', 'online again');
      stop();
    } finally {
      delete g.window;
      delete g.addEventListener;
      delete g.removeEventListener;
    }
  });
});
