/**
 * The HTTP + WebSocket {@link Transport}: commands over HTTP (ky), events over a WebSocket that
 * keeps itself alive (heartbeat), reconnects with jittered backoff, resumes from the last event
 * it delivered, and follows the browser's online/offline events. Runs in browsers and in Node
 * (pass the `ws` package as `WebSocket` where there is no global one).
 *
 * ```ts
 * const client = createChatClient({
 *   transport: createHttpTransport({ endpoint: 'https://crm.example.com/chat/api/v1', token }),
 * });
 * await client.start();
 * ```
 *
 * The wire format is in `docs/protocol.md`; the command → HTTP mapping in `./routes.ts`.
 */
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import type { Id } from '../model.js';
import { ChatCommandError, type CommandInput, type CommandName, type ConnectionState, type Transport, type TransportListener, type UploadProgress } from '../protocol.js';
import { buildRequest, PATHS, ROUTES } from './routes.js';
import {
  CLOSE_UNAUTHORIZED,
  errorFromResponse,
  isAbort,
  socketUrlOf,
  unreachable,
  reconnectDelay,
  type HttpTransportOptions,
  type ServerFrame,
  type WebSocketConstructor,
  type WebSocketLike,
} from './http-support.js';

export { CLOSE_UNAUTHORIZED, errorFromResponse, reconnectDelay, type HttpTransportOptions, type TokenSource, type WebSocketConstructor, type WebSocketLike } from './http-support.js';

/** Answers after which a request is sent again (commands keyed by an id, reads, uploads): the server did not take it. */
const RETRY_STATUSES = [408, 429, 502, 503, 504];

/**
 * The HTTP + WebSocket transport. Create it with {@link createHttpTransport} and hand it to
 * `createChatClient`.
 */
export class HttpTransport implements Transport {
  /** The current connection state of the event socket. */
  state: ConnectionState = 'closed';
  private readonly endpoint: string;
  private readonly http: KyInstance;
  private readonly opts: HttpTransportOptions;
  private token: string | undefined;
  private refreshing: Promise<string | null> | null = null;
  private listener: TransportListener | null = null;
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private deadline: ReturnType<typeof setTimeout> | null = null;
  private onDead: (() => void) | null = null;
  /** The `seq` of the last event handed to the listener: the socket resumes after it. */
  private lastSeq = 0;
  private readonly unwatch: Array<() => void> = [];

  constructor(options: HttpTransportOptions) {
    this.opts = options;
    this.token = options.token;
    const base = typeof location !== 'undefined' ? location.href : undefined;
    this.endpoint = new URL(options.endpoint.replace(/\/+$/, ''), base).href;
    this.http = ky.create({
      timeout: options.timeoutMs ?? 15_000,
      fetch: options.fetch,
      retry: 0,
      headers: { accept: 'application/json' },
    });
  }

  // ------------------------------------------------------------------ tokens

  private async currentToken(): Promise<string | undefined> {
    if (this.opts.getToken) this.token = await this.opts.getToken();
    return this.token;
  }

  /** Replaces the token (the socket keeps its connection; the next request uses it). */
  setToken(token: string): void {
    this.token = token;
  }

  /** Runs the refresh hook once for concurrent callers. */
  private refresh(): Promise<string | null> {
    if (!this.opts.onUnauthorized) return Promise.resolve(null);
    this.refreshing ??= Promise.resolve()
      .then(() => this.opts.onUnauthorized!())
      .then((t) => {
        if (t) this.token = t;
        return t || null;
      })
      .catch(() => null)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  // ------------------------------------------------------------------ requests

  private url(path: string): string {
    return this.endpoint + path;
  }

  /** Sends a request with auth, retries where safe, and one refresh on 401; returns the JSON answer. */
  private async call(
    method: string,
    path: string,
    init: { json?: unknown; query?: Record<string, string>; body?: FormData; retry: boolean; signal?: AbortSignal | undefined; onUploadProgress?: (p: UploadProgress) => void },
  ): Promise<unknown> {
    let refreshed = false;
    for (;;) {
      const token = await this.currentToken();
      try {
        const res = await this.http(this.url(path), {
          method,
          json: init.json,
          body: init.body,
          searchParams: init.query,
          signal: init.signal,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          onUploadProgress: init.onUploadProgress ? (p) => init.onUploadProgress!({ loaded: p.transferredBytes, total: p.totalBytes }) : undefined,
          retry: init.retry
            ? {
                limit: this.opts.retries ?? 3,
                methods: ['get', 'post', 'put'],
                statusCodes: RETRY_STATUSES,
                afterStatusCodes: [429, 503],
                maxRetryAfter: 10_000,
                backoffLimit: this.opts.retryBackoffLimitMs ?? 3_000,
                jitter: true,
                retryOnTimeout: true,
              }
            : 0,
        });
        this.failures = 0;
        const text = await res.text();
        return text ? (JSON.parse(text) as unknown) : undefined;
      } catch (e) {
        if (isAbort(e, init.signal)) throw e;
        if (e instanceof HTTPError) {
          const body = await e.response.json().catch(() => undefined);
          const error = errorFromResponse(e.response.status, body);
          if (error.status === 401 && !refreshed) {
            refreshed = true;
            // Another request may have refreshed the token meanwhile: then just use the new one.
            if ((this.token && this.token !== token) || (await this.refresh())) continue;
          }
          if (error.code === 'unavailable' && error.status !== 410) this.degraded();
          throw error;
        }
        if (e instanceof TimeoutError || e instanceof TypeError || (e instanceof Error && /fetch|network|socket/i.test(e.message))) {
          this.degraded();
          throw unreachable(e);
        }
        if (e instanceof SyntaxError) throw new ChatCommandError('internal', `The server answered malformed JSON: ${e.message}`);
        throw e;
      }
    }
  }

  async request<K extends CommandName>(name: K, input: CommandInput<K>, opts: { signal?: AbortSignal } = {}): Promise<unknown> {
    const built = buildRequest(name, input);
    return this.call(built.method, built.path, {
      json: built.method === 'GET' ? undefined : built.body,
      query: built.method === 'GET' ? built.query : undefined,
      retry: ROUTES[name].idempotent,
      signal: opts.signal,
    });
  }

  /**
   * Uploads a file. Sent again from the start (its progress back at 0), as commands are, when the
   * server could not take it: no answer, 408, 429, 502, 503, 504 (a deploy, a database restart).
   * A file whose answer was lost on the way may so be stored twice; only the one answered is
   * attached to a message.
   */
  async upload(dialogId: Id, file: Blob, name: string, opts: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {}): Promise<unknown> {
    const path = PATHS.upload.replace(':dialogId', encodeURIComponent(dialogId));
    for (let attempt = 0; ; attempt++) {
      opts.signal?.throwIfAborted();
      opts.onProgress?.({ loaded: 0, total: file.size });
      try {
        if (typeof XMLHttpRequest !== 'undefined') return await this.uploadXhr(path, file, name, opts, false);
        const form = new FormData();
        form.append('file', file, name);
        const r = await this.call('POST', path, { body: form, retry: false, signal: opts.signal, onUploadProgress: opts.onProgress });
        opts.onProgress?.({ loaded: file.size, total: file.size });
        return r;
      } catch (e) {
        const again = e instanceof ChatCommandError && e.code === 'unavailable' && (e.status === 0 || RETRY_STATUSES.includes(e.status ?? -1));
        if (!again || isAbort(e, opts.signal) || attempt >= (this.opts.retries ?? 3)) throw e;
        await new Promise((r) => setTimeout(r, 300 + reconnectDelay(attempt, 300, this.opts.retryBackoffLimitMs ?? 3_000)));
      }
    }
  }

  /** Browsers: XMLHttpRequest reports upload progress over HTTP/1.1 too (streamed fetch bodies need HTTP/2). */
  private async uploadXhr(path: string, file: Blob, name: string, opts: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal }, refreshed: boolean): Promise<unknown> {
    const token = await this.currentToken();
    const form = new FormData();
    form.append('file', file, name);
    const r = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.url(path));
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.timeout = Math.max(this.opts.timeoutMs ?? 15_000, 120_000);
      xhr.upload.onprogress = (e) => opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
      xhr.onload = () => {
        let body: unknown;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(unreachable());
      xhr.ontimeout = () => reject(unreachable());
      xhr.onabort = () => reject(opts.signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
    if (r.status >= 200 && r.status < 300) {
      opts.onProgress?.({ loaded: file.size, total: file.size });
      return r.body;
    }
    const error = errorFromResponse(r.status, r.body);
    if (r.status === 401 && !refreshed && ((this.token && this.token !== token) || (await this.refresh()))) return this.uploadXhr(path, file, name, opts, true);
    throw error;
  }

  // ------------------------------------------------------------------ events

  connect(listener: TransportListener): () => void {
    this.listener = listener;
    this.watchNetwork();
    this.open();
    return () => this.shutdown();
  }

  /** Drops the socket and connects again at once (e.g. after the host changed the token). */
  reconnect(): void {
    if (!this.listener) return;
    this.attempt = 0;
    this.dropSocket();
    this.clearReconnect();
    this.open();
  }

  private setState(state: ConnectionState, head?: number): void {
    if (this.state === state) return;
    this.state = state;
    this.listener?.state(state, head);
  }

  private watchNetwork(): void {
    if (this.opts.watchNetwork === false || typeof addEventListener !== 'function' || typeof window === 'undefined') return;
    const offline = () => {
      this.dropSocket();
      this.clearReconnect();
      this.setState('offline');
    };
    const online = () => {
      if (!this.listener) return;
      this.attempt = 0;
      if (!this.socket) {
        this.clearReconnect();
        this.open();
      }
    };
    addEventListener('offline', offline);
    addEventListener('online', online);
    this.unwatch.push(
      () => removeEventListener('offline', offline),
      () => removeEventListener('online', online),
    );
  }

  private open(): void {
    if (!this.listener || this.socket) return;
    this.setState('connecting');
    const Impl = this.opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Impl) throw new Error('chatdesk: no WebSocket implementation; pass one as `WebSocket` (in Node: the `ws` package).');
    let ws: WebSocketLike;
    try {
      ws = new Impl(this.opts.socketUrl ?? socketUrlOf(this.endpoint));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = ws;
    let closedHere = false;
    const onClose = (code: number) => {
      if (closedHere || this.socket !== ws) return;
      closedHere = true;
      this.socket = null;
      this.stopHeartbeat();
      if (!this.listener) return;
      if (code === CLOSE_UNAUTHORIZED) {
        this.setState('connecting');
        void this.refresh().then((t) => {
          if (!this.listener) return;
          if (t) this.scheduleReconnect();
          else this.setState('closed');
        });
        return;
      }
      this.setState('offline');
      this.scheduleReconnect();
    };
    ws.addEventListener('open', () => {
      void this.currentToken().then((token) => {
        if (this.socket !== ws) return;
        // `batch`: events due together may come as one `events` frame.
        ws.send(JSON.stringify({ type: 'hello', token: token ?? '', ...(this.lastSeq > 0 ? { since: this.lastSeq } : {}), batch: true }));
        this.startHeartbeat(ws, () => {
          try {
            ws.close(4000, 'heartbeat timeout');
          } catch {
            /* already closing */
          }
          onClose(4000);
        });
      });
    });
    ws.addEventListener('message', (e) => {
      if (this.socket !== ws) return;
      this.alive();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(e.data)) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(frame);
    });
    ws.addEventListener('close', (e) => onClose(e.code));
    ws.addEventListener('error', () => {
      /* a close event follows */
    });
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'event':
        this.onEvent(frame.event);
        break;
      case 'events':
        if (Array.isArray(frame.events)) for (const e of frame.events) this.onEvent(e);
        break;
      case 'gap':
        // Too old to replay: the client refetches once the socket reports online.
        this.lastSeq = typeof frame.seq === 'number' ? frame.seq : 0;
        break;
      case 'ready':
        // Where the stream stands: events after it come on this socket, so a socket that drops
        // before any has come resumes from here (nothing made meanwhile is missed); a lower head
        // than the last event (the server's log was reset) is where it resumes too.
        if (typeof frame.seq === 'number' && (this.lastSeq === 0 || frame.seq < this.lastSeq)) this.lastSeq = frame.seq;
        this.attempt = 0;
        this.setState('online', typeof frame.seq === 'number' ? frame.seq : undefined);
        break;
      default:
        break;
    }
  }

  private onEvent(event: unknown): void {
    const seq = (event as { seq?: unknown } | null)?.seq;
    if (typeof seq === 'number' && seq > this.lastSeq) this.lastSeq = seq;
    this.listener?.event(event);
  }

  /** Pings every interval; a socket silent for `timeoutMs` after a ping (or after the hello) is dead. */
  private startHeartbeat(ws: WebSocketLike, dead: () => void): void {
    this.stopHeartbeat();
    const interval = this.opts.heartbeat?.intervalMs ?? 20_000;
    this.onDead = dead;
    this.armDeadline();
    this.pingTimer = setInterval(() => {
      if (this.socket !== ws) return;
      try {
        ws.send(JSON.stringify({ type: 'ping' }));
      } catch {
        /* the close event follows */
      }
      this.armDeadline();
    }, interval);
  }

  private armDeadline(): void {
    if (this.deadline || !this.onDead) return;
    const dead = this.onDead;
    this.deadline = setTimeout(() => {
      this.deadline = null;
      dead();
    }, this.opts.heartbeat?.timeoutMs ?? 10_000);
  }

  /** Any frame proves the socket alive. */
  private alive(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
  }

  private stopHeartbeat(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.deadline) clearTimeout(this.deadline);
    this.pingTimer = null;
    this.deadline = null;
    this.onDead = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** Waits a jittered, growing delay, then connects again (not while the browser says offline). */
  private scheduleReconnect(): void {
    this.clearReconnect();
    if (!this.listener) return;
    if (typeof navigator !== 'undefined' && navigator.onLine === false && this.opts.watchNetwork !== false && typeof window !== 'undefined') return;
    const delay = reconnectDelay(Math.max(this.attempt, this.failures), this.opts.reconnect?.baseMs ?? 500, this.opts.reconnect?.maxMs ?? 30_000, this.opts.random);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  /**
   * A request found the backend unreachable: the socket is recycled, so that once it is back the
   * client hears `online`, catches up and sends what it still holds.
   */
  private degraded(): void {
    this.failures = Math.min(this.failures + 1, 10);
    if (!this.listener || this.state !== 'online') return;
    this.dropSocket();
    this.setState('offline');
    this.scheduleReconnect();
  }

  private dropSocket(): void {
    const ws = this.socket;
    this.socket = null;
    this.stopHeartbeat();
    if (ws) {
      try {
        ws.close(1000, 'bye');
      } catch {
        /* ignore */
      }
    }
  }

  private shutdown(): void {
    const listener = this.listener;
    this.listener = null;
    this.clearReconnect();
    this.dropSocket();
    for (const off of this.unwatch.splice(0)) off();
    this.state = 'closed';
    listener?.state('closed');
  }
}

/** Creates the HTTP + WebSocket transport for a `ChatClient`. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  return new HttpTransport(options);
}
