/** SDK clients over the real HTTP + WebSocket transport, for Node tests, and waiting helpers. */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Id, Message } from '../../sdk/model.js';
import type { CommandName } from '../../sdk/protocol.js';
import { buildRequest } from '../../sdk/transport/routes.js';
import { createHttpTransport, type HttpTransport, type HttpTransportOptions, type WebSocketConstructor } from '../../sdk/transport/http.js';
import type { ChatServer } from '../../server/server.js';

/** Node 20 has no global WebSocket: the `ws` package stands in. */
export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

/** Fast timings so faults heal within a test. */
export const FAST: Partial<HttpTransportOptions> = {
  WebSocket: NodeWebSocket,
  timeoutMs: 4000,
  retries: 4,
  retryBackoffLimitMs: 150,
  reconnect: { baseMs: 40, maxMs: 400 },
  heartbeat: { intervalMs: 400, timeoutMs: 800 },
};

/** A client and its transport. */
export interface TestClient {
  client: ChatClient;
  transport: HttpTransport;
  errors: string[];
}

/** A `ChatClient` over HTTP + WebSocket for an operator's token (not started). */
export function httpClient(server: Pick<ChatServer, 'endpoint'>, token: string, options: Partial<HttpTransportOptions> = {}): TestClient {
  const transport = createHttpTransport({ endpoint: server.endpoint, token, ...FAST, ...options });
  const errors: string[] = [];
  const client = createChatClient({ transport, onError: (r) => errors.push(`${r.context}: ${r.error.message}`) });
  return { client, transport, errors };
}

/** Waits until `check` returns truthy (polling), or fails naming `what`. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's copy of a dialog's feed (the truth). */
export async function serverFeed(server: Pick<ChatServer, 'storage'>, dialogId: Id): Promise<Message[]> {
  return server.storage.messages(dialogId, undefined, 10_000);
}

/**
 * Every message the server holds for the dialog's loaded range appears in the client's feed
 * exactly once, in the server's order, with the server's status; the client holds nothing else.
 */
export async function assertFeedMatchesServer(server: Pick<ChatServer, 'storage'>, client: ChatClient, dialogId: Id): Promise<void> {
  const local = client.feed(dialogId).messages;
  const ids = local.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate messages in the client's feed: ${ids.join(', ')}`);
  const truth = await serverFeed(server, dialogId);
  const tail = truth.slice(truth.length - local.length);
  assert.deepEqual(
    local.map((m) => [m.id, m.n, m.status?.state ?? null]),
    tail.map((m) => [m.id, m.n, m.status?.state ?? null]),
    'the client feed differs from the server',
  );
  const ns = local.map((m) => m.n);
  assert.deepEqual(
    ns,
    [...ns].sort((a, b) => a - b),
    'messages out of order',
  );
}

/** How many stored messages carry this id (0 or 1 by the primary key; the text check finds doubles under other ids). */
export async function countText(server: Pick<ChatServer, 'storage'>, dialogId: Id, text: string): Promise<number> {
  return (await serverFeed(server, dialogId)).filter((m) => m.text === text).length;
}

/** A protocol command sent as raw HTTP (the route of `sdk/transport/routes.ts`): status, parsed body and text. */
export async function apiCommand<B = Record<string, unknown>>(
  server: Pick<ChatServer, 'endpoint'>,
  token: string,
  name: CommandName,
  input: Record<string, unknown>,
): Promise<{ status: number; body: B; text: string }> {
  const built = buildRequest(name, input);
  const query = new URLSearchParams(built.query).toString();
  const res = await fetch(`${server.endpoint}${built.path}${query ? `?${query}` : ''}`, {
    method: built.method,
    headers: { authorization: `Bearer ${token}`, ...(built.body ? { 'content-type': 'application/json' } : {}) },
    body: built.body ? JSON.stringify(built.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as B, text };
}

/** A dialog's feed on the server, read through `endpoint` with `token` (500 messages at most). */
export async function storedFeed(endpoint: string, token: string, dialogId: Id): Promise<Message[]> {
  const r = await fetch(`${endpoint}/dialogs/${dialogId}/messages?limit=500`, { headers: { authorization: `Bearer ${token}` } });
  return ((await r.json()) as { messages: Message[] }).messages;
}

/** Waits until every text typed into each dialog (`typed`) is on the server. */
export async function untilEveryTypedStored(endpoint: string, token: string, typed: ReadonlyMap<Id, readonly string[]>, timeoutMs: number): Promise<void> {
  await until(
    async () => {
      for (const [d, texts] of typed) {
        const have = new Set((await storedFeed(endpoint, token, d)).map((m) => m.text));
        if (!texts.every((t) => have.has(t))) return false;
      }
      return true;
    },
    'every typed message on the server',
    timeoutMs,
  );
}
