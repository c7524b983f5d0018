/**
 * What the HTTP transport (`./http.ts`) is configured with and the pure helpers it uses: the
 * options, the WebSocket shape, the server's frames, errors from HTTP answers, and the backoff.
 */
import type { ErrorCode } from '../protocol.js';
import { ChatCommandError, ERROR_CODES } from '../protocol.js';
import { PATHS } from './routes.js';

/** The part of a WebSocket the transport uses (the browser's, or the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/** A WebSocket constructor. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** A token, or a promise of one. */
export type TokenSource = () => string | Promise<string>;

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  /** The API base URL, e.g. `https://crm.example.com/chat/api/v1` (relative URLs resolve against the page). */
  endpoint: string;
  /** The operator's bearer token. */
  token?: string;
  /** Gives the current token before every request and connection (takes precedence over `token`). */
  getToken?: TokenSource;
  /**
   * Token refresh hook: called when the backend answers 401 (or closes the socket as
   * unauthorized). Resolve with a new token to retry once with it; `null` gives up: the
   * request fails with `unauthorized` and the socket stays closed.
   */
  onUnauthorized?: () => string | null | undefined | Promise<string | null | undefined>;
  /** WebSocket implementation; defaults to the global `WebSocket` (Node 20: pass the `ws` package). */
  WebSocket?: WebSocketConstructor;
  /** URL of the event socket; defaults to `endpoint + '/ws'` with a `ws:`/`wss:` scheme. */
  socketUrl?: string;
  /** `fetch` implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Milliseconds before a request is abandoned (default 15 000). */
  timeoutMs?: number;
  /** Retries of a request that is safe to repeat: reads and id-keyed writes such as a send (default 3). */
  retries?: number;
  /** Longest wait between two retries of a request, ms (default 3 000). */
  retryBackoffLimitMs?: number;
  /** Heartbeat: a ping every `intervalMs` (default 20 000); no frame within `timeoutMs` (default 10 000) after it means the socket is dead. */
  heartbeat?: { intervalMs?: number; timeoutMs?: number };
  /** Reconnect backoff: full jitter between 0 and `min(maxMs, baseMs * 2^attempt)` (defaults 500 and 30 000). */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Follow the browser's `online`/`offline` events (default true where they exist). */
  watchNetwork?: boolean;
  /** Random source in [0, 1), for the jitter (tests make it deterministic). */
  random?: () => number;
}

/** Frames the server sends on the event socket (`events`: several events in order, to a client whose hello said `batch`). */
export type ServerFrame =
  | { type: 'ready'; seq: number }
  | { type: 'event'; event: unknown }
  | { type: 'events'; events: unknown }
  | { type: 'gap'; seq: number }
  | { type: 'pong' }
  | { type: 'error'; error?: { code?: string; message?: string } };

const ERROR_CODE_SET: ReadonlySet<string> = new Set<ErrorCode>(ERROR_CODES);

/** Close code the server uses for a refused token. */
export const CLOSE_UNAUTHORIZED = 4401;

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'attachment_size';
  if (status === 415) return 'attachment_type';
  if (status === 500) return 'internal';
  if (status >= 500 || status === 408 || status === 429) return 'unavailable';
  return 'validation';
}

/** Builds the error a refused request answers, from its status and JSON body. */
export function errorFromResponse(status: number, body: unknown): ChatCommandError {
  const e = body && typeof body === 'object' ? (body as { error?: { code?: unknown; message?: unknown; field?: unknown } }).error : undefined;
  const code = typeof e?.code === 'string' && ERROR_CODE_SET.has(e.code) ? (e.code as ErrorCode) : codeForStatus(status);
  const message = typeof e?.message === 'string' && e.message ? e.message : `The server answered ${status}.`;
  const field = typeof e?.field === 'string' ? e.field : undefined;
  return new ChatCommandError(code, message, field, status);
}

/** The error of a request that never reached the server. */
export function unreachable(cause?: unknown): ChatCommandError {
  const e = new ChatCommandError('unavailable', 'The server cannot be reached.', undefined, 0);
  if (cause !== undefined) (e as Error & { cause?: unknown }).cause = cause;
  return e;
}

/** Whether `e` is the abort of `signal`. */
export function isAbort(e: unknown, signal: AbortSignal | undefined): boolean {
  return !!signal?.aborted && e instanceof Error && (e.name === 'AbortError' || e === signal.reason);
}

/** Full-jitter backoff: a random wait between 0 and `min(maxMs, baseMs * 2^attempt)`. */
export function reconnectDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30)));
}

/** The event socket URL of an API endpoint (`ws:`/`wss:`). */
export function socketUrlOf(endpoint: string): string {
  const base = typeof location !== 'undefined' ? location.href : undefined;
  const url = new URL(endpoint.replace(/\/+$/, '') + PATHS.socket, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}
