/**
 * The operators' event socket (`/api/v1/ws`). The first frame is a `hello` with the bearer
 * token and, to resume, the last `seq` the client applied; the server replays what was missed
 * (or answers `gap`), then says `ready` and pushes every new event of that operator as it
 * happens. Events come from the core, which sends an operator only events about dialogs they may
 * see (H1). `ping` frames are answered with `pong`; a socket silent for too long is closed.
 */
import * as v from 'valibot';
import type { WebSocket } from 'ws';
import type { Id } from '../sdk/model.js';
import type { ChatEvent } from '../sdk/protocol.js';
import { describeIssues } from '../sdk/schema.js';
import type { ChatCore } from './core/core.js';
import type { SqlStorage } from './db/sql-storage.js';
import { databaseUnavailable } from './errors.js';

/** Close codes of the event socket. */
export const CLOSE = {
  /** The server is shutting down or dropped the socket. */
  goingAway: 1001,
  /** A frame was not understood. */
  badFrame: 4400,
  /** The token was missing, unknown or revoked. */
  unauthorized: 4401,
  /** No hello in time, or silent for too long. */
  timeout: 4408,
  /** The client could not keep up with its events. */
  tooSlow: 4429,
} as const;

const HelloSchema = v.strictObject({
  type: v.literal('hello'),
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  since: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** The client takes `events` frames (several events due together in one frame). */
  batch: v.optional(v.boolean()),
});

const PingSchema = v.object({ type: v.literal('ping') });

/** Frames a client may send between its hello and `ready`; more closes the socket. */
const MAX_EARLY_FRAMES = 16;
/** How long a socket's greeting waits for a database out of reach before the socket is closed. */
const GREET_WAIT_MS = 120_000;

/**
 * Tells when a database out of reach answers again: one `SELECT 1` every half second, shared by
 * everything waiting (the sockets whose greeting found it down), until it answers or is closed.
 */
export class DatabaseProbe {
  private probe: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly storage: SqlStorage) {}

  /** Resolves once the database answers (or the probe is closed). */
  back(): Promise<void> {
    this.probe ??= (async () => {
      while (!this.closed) {
        await new Promise((r) => setTimeout(r, 500).unref());
        try {
          await this.storage.db.query('SELECT 1');
          return;
        } catch {
          // still out of reach
        }
      }
    })().finally(() => (this.probe = null));
    return this.probe;
  }

  close(): void {
    this.closed = true;
  }

  /**
   * Runs a socket's greeting; while it fails because the database cannot be reached, waits until
   * it answers ({@link back}) and runs it again, for up to {@link GREET_WAIT_MS} and while `ws` is
   * open. `failed(again)` undoes a failed try (`again`: it will be tried again); `hold(on)` says
   * when the greeting waits (the socket's pings are answered meanwhile). Answers the greeting's
   * answer, or `undefined` when the socket closed while it waited; a failure it gives up on is thrown.
   */
  async greet<T>(ws: WebSocket, greeting: () => Promise<T>, failed: (again: boolean) => void, hold: (on: boolean) => void): Promise<T | undefined> {
    const until = Date.now() + GREET_WAIT_MS;
    for (;;) {
      try {
        return await greeting();
      } catch (e) {
        const again = databaseUnavailable(e) && Date.now() < until && ws.readyState === ws.OPEN;
        failed(again);
        if (!again) throw e;
      }
      hold(true);
      await this.back();
      hold(false);
      if (ws.readyState !== ws.OPEN) return undefined;
    }
  }
}

/** Options of {@link OperatorSockets}. */
export interface SocketOptions {
  /** Milliseconds to wait for the hello (default 10 000). */
  helloTimeoutMs?: number;
  /** A socket that sends nothing (not even a ping) for this long is closed (default 70 000). */
  idleTimeoutMs?: number;
  /** Buffered bytes beyond which a slow socket is closed (default 8 MB). */
  maxBufferedBytes?: number;
}

interface Conn {
  ws: WebSocket;
  operatorId: Id | null;
  /** `ready` was sent: the stream is live. */
  ready: boolean;
  /** Frames that came after the hello, before `ready`: answered right after it, in order. */
  early: unknown[];
  lastSeen: number;
  stalled: boolean;
  off: (() => void) | null;
  /** The client said `batch` in its hello: events due together go as one `events` frame. */
  batch: boolean;
  /** Events (their JSON text) waiting for {@link OperatorSockets.flush}, in order. */
  queued: string[];
  /** Its greeting waits for the database to come back: pings are answered meanwhile. */
  waiting: boolean;
}

/** Each event's JSON text, made once for all the sockets given that same event (read-only listeners). */
const texts = new WeakMap<ChatEvent, string>();
function eventText(e: ChatEvent): string {
  let text = texts.get(e);
  if (text === undefined) texts.set(e, (text = JSON.stringify(e)));
  return text;
}

/** Events in one `events` frame at most; a frame is also cut after {@link MAX_BATCH_CHARS} characters. */
const MAX_BATCH_EVENTS = 100;
const MAX_BATCH_CHARS = 256 * 1024;

/** The frame of queued events: one alone as an `event` frame (as to a client without `batch`), several as `events`. */
function eventsFrame(queued: readonly string[]): string {
  return queued.length === 1 ? `{"type":"event","event":${queued[0]}}` : `{"type":"events","events":[${queued.join(',')}]}`;
}

/** Every operator socket of a server. */
export class OperatorSockets {
  private readonly conns = new Set<Conn>();
  private readonly sweep: ReturnType<typeof setInterval>;
  private readonly helloTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly maxBuffered: number;
  private readonly database: DatabaseProbe;

  constructor(
    private readonly core: ChatCore,
    private readonly storage: SqlStorage,
    options: SocketOptions = {},
  ) {
    this.helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 70_000;
    this.maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
    this.database = new DatabaseProbe(storage);
    this.sweep = setInterval(() => this.closeIdle(), Math.min(15_000, this.idleTimeoutMs / 2));
    this.sweep.unref();
  }

  /** Number of authenticated sockets. */
  get size(): number {
    return [...this.conns].filter((c) => c.operatorId).length;
  }

  /** Takes over a socket after the upgrade. */
  accept(ws: WebSocket): void {
    const conn: Conn = { ws, operatorId: null, ready: false, early: [], lastSeen: Date.now(), stalled: false, off: null, batch: false, queued: [], waiting: false };
    this.conns.add(conn);
    const helloTimer = setTimeout(() => this.fail(conn, CLOSE.timeout, 'validation', 'No hello frame in time.'), this.helloTimeoutMs);
    let greeting = false;
    ws.on('message', (data, isBinary) => {
      conn.lastSeen = Date.now();
      if (conn.stalled) return;
      let frame: unknown;
      try {
        if (isBinary) throw new Error('binary');
        frame = JSON.parse(String(data));
      } catch {
        this.fail(conn, CLOSE.badFrame, 'validation', 'frame: send JSON text frames.');
        return;
      }
      if (greeting && !conn.ready) {
        // Waiting for the database: the client's heartbeat is answered, so it keeps this socket.
        if (conn.waiting && v.is(PingSchema, frame)) return this.send(conn, { type: 'pong' });
        if (conn.early.length >= MAX_EARLY_FRAMES) this.fail(conn, CLOSE.badFrame, 'validation', 'frame: wait for "ready" before sending more.');
        else conn.early.push(frame);
        return;
      }
      if (!greeting) {
        const hello = v.safeParse(HelloSchema, frame);
        if (!hello.success) {
          const { field, message } = describeIssues(hello.issues, 'the first frame must be a hello');
          this.fail(conn, CLOSE.badFrame, 'validation', `${field ?? 'type'}: ${message}`);
          return;
        }
        greeting = true;
        conn.batch = hello.output.batch === true;
        clearTimeout(helloTimer);
        void this.greetWhenUp(conn, hello.output.token, hello.output.since).catch(() => this.fail(conn, CLOSE.goingAway, 'internal', 'The server could not start the event stream.'));
        return;
      }
      this.answer(conn, frame);
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      conn.off?.();
      this.conns.delete(conn);
    });
    ws.on('error', () => {
      /* the close event follows */
    });
  }

  /** Answers a frame of a live stream: `pong` to a ping, a named error to anything else. */
  private answer(conn: Conn, frame: unknown): void {
    if (v.is(PingSchema, frame)) this.send(conn, { type: 'pong' });
    else if (v.is(v.object({ type: v.literal('hello') }), frame)) this.send(conn, { type: 'error', error: { code: 'validation', message: 'type: hello was already said.', field: 'type' } });
    else this.send(conn, { type: 'error', error: { code: 'validation', message: 'type: expected "ping".', field: 'type' } });
  }

  /**
   * Greets, and when the database cannot be reached (it restarts), keeps the socket, answering its
   * pings, and greets again once the database answers ({@link DatabaseProbe.greet}): the client is
   * live again as soon as the database is, instead of after its own reconnect backoff, which grows
   * through an outage.
   */
  private async greetWhenUp(conn: Conn, token: string, since: number | undefined): Promise<void> {
    await this.database.greet(
      conn.ws,
      () => this.greet(conn, token, since),
      () => {
        conn.off?.();
        conn.off = null;
        conn.operatorId = null;
      },
      (on) => (conn.waiting = on),
    );
  }

  private async greet(conn: Conn, token: string, since: number | undefined): Promise<void> {
    const operatorId = await this.storage.sessionOperator(token);
    if (!operatorId || !(await this.storage.operators()).some((o) => o.id === operatorId)) {
      this.fail(conn, CLOSE.unauthorized, 'unauthorized', 'Unknown or revoked token.');
      return;
    }
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.operatorId = operatorId;
    // Subscribe first, replay second: events arriving meanwhile wait in `buffer`.
    let buffer: ChatEvent[] | null = [];
    let lastSent = since ?? 0;
    const push = (e: ChatEvent) => {
      if (e.seq <= lastSent) return;
      lastSent = e.seq;
      this.sendEvent(conn, e);
    };
    // Read only: every socket of the operator is given the same event, serialised once for all.
    conn.off = this.core.subscribe(
      operatorId,
      (e) => {
        if (buffer) buffer.push(e);
        else push(e);
      },
      { readonly: true },
    );
    // The head when the stream starts: every event pushed after `ready` comes after it.
    let head: number;
    if (since !== undefined) {
      const missed = await this.core.handle(operatorId, 'eventsSince', { since });
      if (missed.gap) {
        this.send(conn, { type: 'gap', seq: missed.seq });
        lastSent = missed.seq;
      } else {
        for (const e of missed.events) push(e);
      }
      head = missed.seq;
    } else {
      head = await this.storage.lastSeq(operatorId);
    }
    const pending: ChatEvent[] = buffer;
    buffer = null;
    for (const e of pending) push(e);
    this.send(conn, { type: 'ready', seq: Math.max(head, lastSent), operatorId });
    conn.ready = true;
    for (const frame of conn.early.splice(0)) this.answer(conn, frame);
  }

  /**
   * Sends an event: at once to a client without `batch`; otherwise queued, and the events queued
   * by the end of this turn of the event loop (a commit's, a batch of delivery steps', a replay)
   * go in one frame: one write and one compression for all of them.
   */
  private sendEvent(conn: Conn, e: ChatEvent): void {
    if (!conn.batch) {
      this.send(conn, `{"type":"event","event":${eventText(e)}}`);
      return;
    }
    if (conn.queued.push(eventText(e)) === 1) setImmediate(() => this.flush(conn));
  }

  /** Sends the events queued for a socket, as few frames as the limits allow. */
  private flush(conn: Conn): void {
    const queued = conn.queued;
    if (queued.length === 0) return;
    conn.queued = [];
    let from = 0;
    let chars = 0;
    for (let i = 0; i < queued.length; i++) {
      chars += queued[i]!.length;
      if (i + 1 === queued.length || i + 1 - from >= MAX_BATCH_EVENTS || chars >= MAX_BATCH_CHARS) {
        this.write(conn, eventsFrame(queued.slice(from, i + 1)));
        from = i + 1;
        chars = 0;
      }
    }
  }

  /** Sends a frame (an object, or its JSON text), after the events queued before it. */
  private send(conn: Conn, frame: object | string): void {
    this.flush(conn);
    this.write(conn, frame);
  }

  private write(conn: Conn, frame: object | string): void {
    const { ws } = conn;
    if (conn.stalled || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.maxBuffered) {
      this.fail(conn, CLOSE.tooSlow, 'unavailable', 'Too many events waiting: reconnect and catch up.');
      return;
    }
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  private fail(conn: Conn, code: number, errorCode: string, message: string): void {
    if (conn.ws.readyState === conn.ws.OPEN) {
      try {
        conn.ws.send(JSON.stringify({ type: 'error', error: { code: errorCode, message } }));
      } catch {
        /* closing anyway */
      }
      conn.ws.close(code, message.slice(0, 120));
    }
    setTimeout(() => conn.ws.terminate(), 2000).unref();
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const c of this.conns) if (now - c.lastSeen > this.idleTimeoutMs) this.fail(c, CLOSE.timeout, 'validation', 'Silent for too long: ping at least every 60 s.');
  }

  /** Fault injection: cuts every socket without a closing handshake. Returns how many. */
  dropAll(): number {
    let n = 0;
    for (const c of this.conns) {
      c.off?.();
      c.ws.terminate();
      n++;
    }
    return n;
  }

  /** Fault injection: every open socket goes silent (a dead network path). Returns how many. */
  stallAll(): number {
    let n = 0;
    for (const c of this.conns) {
      if (c.stalled) continue;
      c.stalled = true;
      n++;
    }
    return n;
  }

  /**
   * Closes every socket with 1001 (server shutdown): its client reconnects, to another instance
   * behind a load balancer, and resumes. Resolves once each closed, or was cut after `graceMs`
   * (a client that does not answer the close).
   */
  close(graceMs = 1000): Promise<void> {
    this.database.close();
    clearInterval(this.sweep);
    const conns = [...this.conns];
    this.conns.clear();
    for (const c of conns) c.off?.();
    return closeGoingAway(
      conns.map((c) => c.ws),
      graceMs,
    );
  }
}

/**
 * Sends each socket a close frame with 1001 (going away) and waits for the closing handshake; a
 * socket that has not closed after `graceMs` is cut. (Cut at once, the close frame may never leave,
 * and the client sees 1006.)
 */
export function closeGoingAway(sockets: readonly WebSocket[], graceMs: number): Promise<void> {
  const open = sockets.filter((ws) => ws.readyState !== ws.CLOSED);
  if (open.length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let left = open.length;
    const timer = setTimeout(() => {
      for (const ws of open) ws.terminate();
    }, graceMs);
    for (const ws of open) {
      ws.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      try {
        ws.close(CLOSE.goingAway, 'server shutting down');
      } catch {
        ws.terminate();
      }
    }
  });
}
