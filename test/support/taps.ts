/**
 * Clients for tests of several instances on one PostgreSQL (`cluster.node.test.ts`,
 * `db-restart.node.test.ts`): an operator's event socket followed across reconnections, and
 * POSTs that go to whichever instance answers.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { Id, Message } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import type { Instance } from './instances.js';

/** An operator's event socket, followed across reconnections. */
export class Tap {
  events: ChatEvent[] = [];
  gaps = 0;
  readies = 0;
  private ws: WebSocket | null = null;
  constructor(private readonly token: string) {}

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? this.startSeq;
  }
  private startSeq = 0;

  /** Connects to `instance`, resuming after the last event seen (or live from now). */
  async connect(instance: Instance, resume: boolean): Promise<void> {
    const ws = new WebSocket(`${instance.url.replace('http', 'ws')}/api/v1/ws`);
    this.ws = ws;
    ws.once('close', (code) => (this.closeCode = code));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const ready = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const f = JSON.parse(String(data)) as { type: string; event?: ChatEvent; seq?: number };
        if (f.type === 'event' && f.event) this.events.push(f.event);
        else if (f.type === 'gap') this.gaps++;
        else if (f.type === 'ready') {
          if (!resume && this.events.length === 0) this.startSeq = f.seq ?? 0;
          this.readies++;
          resolve();
        }
      });
    });
    ws.send(JSON.stringify(resume ? { type: 'hello', token: this.token, since: this.lastSeq } : { type: 'hello', token: this.token }));
    await ready;
  }

  /** Resolves when the socket closes (its instance died or stopped), with the close code. */
  closed(): Promise<number | null> {
    const ws = this.ws;
    if (!ws || ws.readyState === ws.CLOSED) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }
  private closeCode: number | null = null;

  close(): void {
    this.ws?.terminate();
  }

  /** `message.created` events of a dialog, by message id, in arrival order. */
  created(dialogId: Id): Message[] {
    return this.events.flatMap((e) => (e.type === 'message.created' && e.message.dialogId === dialogId ? [e.message] : []));
  }

  /** The stream's seqs go up by exactly one from the first to the last event. */
  assertConsecutive(who: string): void {
    const seqs = this.events.map((e) => e.seq);
    for (let i = 0; i < seqs.length; i++) assert.equal(seqs[i], (i === 0 ? this.startSeq : seqs[i - 1]!) + 1, `${who}: event ${i} has seq ${seqs[i]} after ${i === 0 ? this.startSeq : seqs[i - 1]}`);
  }
}

export async function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** POSTs to the first instance that answers (a dead one refuses the connection or drops it). */
export async function postAny(instances: () => Instance[], pathname: string, body: unknown, token?: string, base: 'endpoint' | 'url' = 'endpoint') {
  let last: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const i of instances()) {
      try {
        return await post(`${i[base]}${pathname}`, body, token);
      } catch (e) {
        last = e;
      }
    }
  }
  throw last;
}

/** Signs an operator in through `instance` (the demo sign-in); answers the token. */
export async function signIn(instance: Instance, operatorId: Id): Promise<string> {
  const r = await post(`${instance.endpoint}/auth/sign-in`, { operatorId });
  assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.json));
  return r.json.token as string;
}

/** Two operators signed in, each with a live tap: `first` on instance `a`, `second` on `b`. */
export async function tapsOnTwo(a: Instance, first: Id, b: Instance, second: Id): Promise<{ tokens: [string, string]; taps: [Tap, Tap] }> {
  const tokens: [string, string] = [await signIn(a, first), await signIn(b, second)];
  const taps: [Tap, Tap] = [new Tap(tokens[0]), new Tap(tokens[1])];
  await taps[0].connect(a, false);
  await taps[1].connect(b, false);
  return { tokens, taps };
}
