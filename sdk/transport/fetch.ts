/**
 * One HTTP request of the transport, on `fetch` alone (issue 17: it replaces ky, ~5 KB min+gzip,
 * of which the transport used this much): a timeout per attempt, and, where the command is safe
 * to repeat, retries after a failed attempt (network error, timeout) or after an answer 408, 429, 502, 503 or 504,
 * with full-jitter exponential backoff (0.3 s, 0.6 s, 1.2 s, ... capped) or the server's
 * `Retry-After` (429, 503; at most 10 s). Any other answer that is not 2xx is an {@link HttpStatusError}.
 */

/** An answer outside 2xx (after the retries). */
export class HttpStatusError extends Error {
  constructor(readonly response: Response) {
    super(`Request failed with status ${response.status}`);
    this.name = 'HTTPError';
  }
}

/** An attempt got no answer within the timeout. */
export class RequestTimeoutError extends Error {
  constructor() {
    super('Request timed out');
    this.name = 'TimeoutError';
  }
}

/** What {@link send} is given. */
export interface SendInit {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A JSON body (sent with `content-type: application/json`). */
  json?: unknown;
  body?: FormData | undefined;
  query?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  /** Retries after the first attempt (0: none). */
  retries: number;
  backoffLimitMs: number;
  fetch?: typeof fetch | undefined;
  random?: (() => number) | undefined;
}

const RETRY_STATUS = [408, 429, 502, 503, 504];
const RETRY_AFTER_STATUS = [429, 503];
const MAX_RETRY_AFTER_MS = 10_000;

/** The server's `Retry-After` (seconds or a date) in ms, at most 10 s; `null` without one. */
function retryAfter(res: Response): number | null {
  const header = RETRY_AFTER_STATUS.includes(res.status) ? res.headers.get('retry-after') : null;
  if (!header) return null;
  let ms = Number(header) * 1000;
  if (Number.isNaN(ms)) ms = Date.parse(header) - Date.now();
  return Number.isNaN(ms) ? null : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const done = (): void => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** One attempt: the caller's abort passes through; the timeout rejects with {@link RequestTimeoutError}. */
async function attempt(init: SendInit, url: string): Promise<Response> {
  const controller = new AbortController();
  const abort = (): void => controller.abort(init.signal?.reason);
  init.signal?.throwIfAborted();
  init.signal?.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => controller.abort(new RequestTimeoutError()), init.timeoutMs);
  const headers = init.json === undefined ? init.headers : { ...init.headers, 'content-type': 'application/json' };
  const body = init.json === undefined ? init.body : JSON.stringify(init.json);
  try {
    const doFetch = init.fetch ?? fetch;
    return await doFetch(new Request(url, { method: init.method, headers, body, signal: controller.signal }));
  } catch (e) {
    throw controller.signal.reason instanceof RequestTimeoutError ? controller.signal.reason : e;
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', abort);
  }
}

/** Sends `init`, retrying as described above; resolves with a 2xx answer. */
export async function send(init: SendInit): Promise<Response> {
  const query = init.query && new URLSearchParams(init.query).toString();
  const url = query ? `${init.url}?${query}` : init.url;
  for (let tried = 0; ; tried++) {
    let delay: number | null = null;
    try {
      const res = await attempt(init, url);
      if (res.ok) return res;
      if (tried >= init.retries || !RETRY_STATUS.includes(res.status)) throw new HttpStatusError(res);
      delay = retryAfter(res);
      void res.body?.cancel().catch(() => undefined);
    } catch (e) {
      if (e instanceof HttpStatusError || init.signal?.aborted || tried >= init.retries) throw e;
    }
    await wait(delay ?? Math.min(init.backoffLimitMs, (init.random ?? Math.random)() * 300 * 2 ** tried), init.signal);
  }
}
