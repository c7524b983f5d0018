/**
 * The operator API over HTTP (Hono): every protocol command at the route `sdk/transport/routes.ts`
 * gives it, uploads (multipart), files, authentication, the visitor routes and, for tests only,
 * fault injection. Every refusal is a 4xx/5xx with `{ error: { code, message, field? } }`, and a
 * refused request stores nothing.
 */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import * as v from 'valibot';
import type { Id } from '../sdk/model.js';
import { ChatCommandError, type CommandName } from '../sdk/protocol.js';
import { describeIssues } from '../sdk/schema.js';
import { isPreviewableImage } from '../sdk/rules/attachments.js';
import { pathParams, PATHS, ROUTES } from '../sdk/transport/routes.js';
import type { ChatCore } from './core/core.js';
import type { SqlStorage } from './db/sql-storage.js';
import { apiError, databaseUnavailable, errorBody, isCommandError, statusOf } from './errors.js';
import { FaultRequestSchema, type Faults } from './faults.js';
import { fileHeaders, type StoredFiles } from './files.js';
import { imageInfo } from './image-info.js';
import type { OperatorSockets } from './sockets.js';
import { jsonObject, type VisitorHub } from './visitor.js';

/** The API's base path. */
export const API_BASE = '/api/v1';

/** What the routes need. */
export interface ApiContext {
  core: ChatCore;
  storage: SqlStorage;
  files: StoredFiles;
  faults: Faults;
  sockets: OperatorSockets;
  visitors: VisitorHub;
  /** Offer `GET /auth/operators` and `POST /auth/sign-in` (the demo's sign-in page). */
  demoSignIn: boolean;
  /** Origins allowed to call the API from a browser (`*` for any: bearer tokens, no cookies). */
  corsOrigins: string[] | '*';
  log?: ((line: string) => void) | undefined;
  /** Whether the server is closing: `GET /health` then answers 503, so a load balancer sends no more. */
  draining?: () => boolean;
}

type Env = { Variables: { operatorId: Id }; Bindings: { incoming?: IncomingMessage } };

const JSON_LIMIT = 1024 * 1024;

/** Whether a line of {@link ApiContext.log} is the access log's (`GET /api/v1/health 200 3ms`), not a fault. */
export function isAccessLogLine(line: string): boolean {
  return /^[A-Z]+ \/\S* \d{3} \d+ms$/.test(line);
}

/**
 * Logs the answers 503 of a database out of reach: the first at once, then one line every
 * {@link UNAVAILABLE_LOG_MS} with how many more there were (every client retries meanwhile).
 */
const UNAVAILABLE_LOG_MS = 5000;
function unavailableLog(log: ((line: string) => void) | undefined): (what: string) => void {
  let lastAt = -Infinity;
  let more = 0;
  return (what) => {
    const now = Date.now();
    if (now - lastAt < UNAVAILABLE_LOG_MS) return void more++;
    log?.(`database unavailable on ${what}${more > 0 ? ` (and ${more} more answered 503 since the last line)` : ''}`);
    lastAt = now;
    more = 0;
  };
}

function respondError(c: Context, e: unknown, log?: (line: string) => void, unavailable?: (what: string) => void): Response {
  if (isCommandError(e)) {
    const err = e as ChatCommandError;
    return c.json(errorBody(err.code, err.message, err.field), statusOf(err) as 400);
  }
  if (databaseUnavailable(e)) {
    unavailable?.(`${c.req.method} ${c.req.path}: ${(e as Error).message}`);
    c.header('Retry-After', '1');
    return c.json(errorBody('unavailable', 'The database cannot be reached right now. Try again shortly.'), 503);
  }
  log?.(`internal error on ${c.req.method} ${c.req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return c.json(errorBody('internal', 'Internal server error.'), 500);
}

/**
 * Turns `?a=1&b=x` into `{ a: 1, b: 'x' }`: decimal integers are numbers, an object or array is
 * JSON (`?query={"status":"open",…}`, URL-encoded); a repeated key is refused.
 */
function queryInput(c: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw apiError('validation', `${key}: give it once.`, key);
    const value = values[0] ?? '';
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value) as unknown;
      } catch {
        throw apiError('validation', `${key}: not valid JSON.`, key);
      }
    } else out[key] = /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  }
  return out;
}

/** The content coding a client accepts that we answer with: brotli, then gzip (`q=0` refuses one). */
export function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  const ok = new Set<string>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)/.exec(p)?.[1]).find((x) => x !== undefined);
    if (name && (q === undefined || Number(q) > 0)) ok.add(name.trim());
  }
  return ok.has('br') ? 'br' : ok.has('gzip') || ok.has('x-gzip') ? 'gzip' : null;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * JSON answers over 1 KB are compressed as the client accepts (list pages: about a tenth of their size).
 * The JSON text is kept as `c.json` makes it, so a small answer goes out as it was made: asking a
 * response for its body turns node-server's light response into a web `Response` and stream,
 * which cost more than the command on the hot path (a send).
 */
const compressJson: MiddlewareHandler = async (c, next) => {
  // The JSON text and the response `c.json` made of it.
  const made: { text?: string; res?: Response } = {};
  const json = c.json;
  c.json = ((object: unknown, arg?: number | ResponseInit, headers?: Record<string, string | string[]>) => {
    if (c.finalized) return json(object as never, arg as never, headers);
    c.header('vary', 'accept-encoding', { append: true });
    made.text = JSON.stringify(object);
    return (made.res = c.body(made.text, arg as never, { 'Content-Type': 'application/json', ...headers }));
  }) as typeof c.json;
  await next();
  const res = c.res;
  const { text } = made;
  if (text !== undefined && res === made.res) {
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    const bytes = Buffer.byteLength(text);
    if (!encoding || bytes < 1024 || res.headers.has('content-encoding')) return;
    c.res = new Response(new Uint8Array(await compress(encoding, Buffer.from(text))), { status: res.status, headers: encodedHeaders(res.headers, encoding) });
    return;
  }
  if (!/^application\/json\b/i.test(res.headers.get('content-type') ?? '') || res.headers.has('content-encoding')) return;
  if (!/\baccept-encoding\b/i.test(res.headers.get('vary') ?? '')) c.header('vary', 'accept-encoding', { append: true });
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  if (!encoding || !c.res.body) return;
  const body = Buffer.from(await c.res.arrayBuffer());
  const headers = new Headers(c.res.headers);
  if (body.byteLength < 1024) {
    c.res = new Response(body, { status: c.res.status, headers });
    return;
  }
  c.res = new Response(new Uint8Array(await compress(encoding, body)), { status: c.res.status, headers: encodedHeaders(headers, encoding) });
};

function compress(encoding: 'br' | 'gzip', body: Buffer): Promise<Buffer> {
  return encoding === 'br' ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }) : gzip(body, { level: 6 });
}

function encodedHeaders(from: Headers, encoding: 'br' | 'gzip'): Headers {
  const headers = new Headers(from);
  headers.set('content-encoding', encoding);
  headers.delete('content-length');
  return headers;
}

/**
 * Hono's `bodyLimit`, answered from `Content-Length` without reading the request as a web
 * `Request` (which makes a stream of the body): node-server then reads the body straight from
 * Node's request. A body without a length (chunked) goes through Hono's counting as before.
 */
function declaredBodyLimit(options: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }): MiddlewareHandler {
  const counting = bodyLimit(options);
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    if (parseInt(length, 10) > options.maxSize) return options.onError(c);
    await next();
    return undefined;
  };
}

/**
 * Hono's `cors` for the API, its headers on an answer set before the answer is made (Hono's sets
 * them on `c.res`, which then has to be copied into the handler's answer). Preflights go to Hono's.
 */
function corsHeaders(origins: string[] | '*'): MiddlewareHandler {
  const exposed = 'idempotent-replayed';
  const preflight = cors({
    origin: origins === '*' ? '*' : origins,
    allowHeaders: ['authorization', 'content-type', 'accept'],
    allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    exposeHeaders: [exposed],
    maxAge: 600,
  });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin') || '';
    const allowed = origins === '*' ? '*' : origins.includes(origin) ? origin : null;
    if (allowed) c.header('access-control-allow-origin', allowed);
    c.header('access-control-expose-headers', exposed);
    await next();
    // An answer made without the context's headers (a plain Response) gets them now.
    if (allowed && c.res.headers.get('access-control-allow-origin') !== allowed) c.header('access-control-allow-origin', allowed);
    if (c.res.headers.get('access-control-expose-headers') !== exposed) c.header('access-control-expose-headers', exposed);
    if (origins !== '*') c.header('vary', 'Origin', { append: true });
    return undefined;
  };
}

const SignInSchema = v.strictObject({ operatorId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

/** Builds the Hono app. */
export function createApi(ctx: ApiContext): Hono<Env> {
  const { core, storage, files, faults } = ctx;
  const app = new Hono<Env>();

  const unavailable = unavailableLog(ctx.log);
  app.onError((e, c) => respondError(c, e, ctx.log, unavailable));
  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}.`), 404) : c.text('Not found', 404)));

  app.use('/api/*', compressJson);
  app.use('/api/*', async (c, next) => {
    const started = Date.now();
    // Set before the answer is made (afterwards Hono copies the answer to change a header).
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    await next();
    if (c.res.headers.get('cache-control') !== 'no-store') c.header('cache-control', 'no-store');
    if (c.res.headers.get('x-content-type-options') !== 'nosniff') c.header('x-content-type-options', 'nosniff');
    ctx.log?.(`${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - started}ms`);
  });
  app.use('/api/*', corsHeaders(ctx.corsOrigins));

  // ------------------------------------------------------------------ faults (tests only)

  const faultInjection: MiddlewareHandler<Env> = async (c, next) => {
    const f = faults.take(c.req.path);
    if (f.fail !== null) return c.json(errorBody('unavailable', `Injected fault: ${f.fail}.`), f.fail as 503);
    if (f.delay) await new Promise((r) => setTimeout(r, f.delay));
    await next();
    if (f.lose) {
      // Carried out; the answer never arrives.
      c.env.incoming?.socket?.destroy();
    }
    return undefined;
  };

  if (faults.enabled) {
    const test = new Hono<Env>();
    test.get('/faults', (c) => c.json(faults.snapshot()));
    test.post('/faults', async (c) => {
      const r = v.safeParse(FaultRequestSchema, await jsonObject(c));
      if (!r.success) {
        const { field, text } = describeIssues(r.issues, 'invalid');
        throw apiError('validation', text, field);
      }
      faults.set(r.output);
      if (r.output.dropSockets) faults.counts.socketsDropped += ctx.sockets.dropAll();
      if (r.output.stallSockets) faults.counts.socketsStalled += ctx.sockets.stallAll();
      return c.json(faults.snapshot());
    });
    test.delete('/faults', (c) => {
      faults.clear();
      return c.json(faults.snapshot());
    });
    app.route('/api/test', test);
  }

  // ------------------------------------------------------------------ public

  const api = new Hono<Env>();
  api.use('*', faultInjection);
  api.get('/health', (c) => (ctx.draining?.() ? c.json({ ok: false, protocol: 1, draining: true }, 503) : c.json({ ok: true, protocol: 1 })));

  /** Files are capability URLs: the id is random and only given to operators who may see the message. */
  api.get('/files/:id', async (c) => {
    const id = c.req.param('id');
    // Only ids the file store could have made reach the database (no NUL, no path tricks).
    const meta = files.pathOf(id) ? await storage.upload(id) : undefined;
    const bytes = meta ? await files.read(id) : null;
    if (!meta || !bytes) throw apiError('not_found', `File ${id} not found.`, 'id');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, fileHeaders(meta.mime, meta.name, bytes.byteLength));
  });

  if (ctx.demoSignIn) {
    api.get('/auth/operators', async (c) => c.json({ operators: (await storage.operators()).map((o) => ({ id: o.id, name: o.name, role: o.role, online: o.online })) }));
    api.post('/auth/sign-in', declaredBodyLimit({ maxSize: 4096, onError: (c) => c.json(errorBody('validation', 'body: too large.', 'body'), 400) }), async (c) => {
      const r = v.safeParse(SignInSchema, await jsonObject(c));
      if (!r.success) {
        const { field, text } = describeIssues(r.issues, 'invalid');
        throw apiError('validation', text, field);
      }
      const op = (await storage.operators()).find((o) => o.id === r.output.operatorId);
      if (!op) throw apiError('not_found', `operatorId: no operator ${r.output.operatorId}.`, 'operatorId');
      const token = await storage.createSession(op.id, 'demo sign-in');
      return c.json({ token, operator: op }, 201);
    });
  }

  // ------------------------------------------------------------------ authenticated

  const authed: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization');
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) {
      c.header('www-authenticate', 'Bearer');
      throw apiError('unauthorized', header ? 'authorization: expected "Bearer <token>".' : 'Missing bearer token (Authorization: Bearer <token>).', 'authorization');
    }
    const operatorId = await storage.sessionOperator(m[1]!);
    if (!operatorId) {
      c.header('www-authenticate', 'Bearer error="invalid_token"');
      throw apiError('unauthorized', 'Unknown or revoked token.', 'authorization');
    }
    c.set('operatorId', operatorId);
    await next();
  };

  api.post('/auth/sign-out', authed, async (c) => {
    const token = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (token) await storage.deleteSession(token);
    return c.body(null, 204);
  });

  const jsonBodyLimit = declaredBodyLimit({ maxSize: JSON_LIMIT, onError: (c) => c.json(errorBody('validation', `body: larger than ${JSON_LIMIT} bytes.`, 'body'), 400) });

  for (const [name, route] of Object.entries(ROUTES) as Array<[CommandName, (typeof ROUTES)[CommandName]]>) {
    const params = pathParams(route.path);
    const handler = async (c: Context<Env>) => {
      const operatorId = c.get('operatorId');
      const source = route.method === 'GET' ? queryInput(c) : await jsonObject(c);
      for (const p of params) {
        if (p in source) throw apiError('validation', `${p}: goes in the path, not in the ${route.method === 'GET' ? 'query' : 'body'}.`, p);
      }
      const input: Record<string, unknown> = { ...source };
      for (const p of params) input[p] = c.req.param(p);
      // Idempotent creations answer the first result again (200, not 201); the header says so.
      const { result, replayed } = await core.command(operatorId, name, input);
      if (replayed) c.header('idempotent-replayed', 'true');
      return c.json(result as object, (replayed ? 200 : (route.status ?? 200)) as 200);
    };
    const path = route.path;
    if (route.method === 'GET') api.get(path, authed, handler);
    else if (route.method === 'PUT') api.put(path, authed, jsonBodyLimit, handler);
    else api.post(path, authed, jsonBodyLimit, handler);
  }

  // ------------------------------------------------------------------ uploads (P1)

  const largest = async () => Math.max(0, ...(await storage.channels()).map((ch) => (ch.capabilities.attachments.allowed ? ch.capabilities.attachments.maxBytes : 0)));
  /** The most a multipart body adds to the file it carries (boundaries, part headers). */
  const MULTIPART_SLACK = 64 * 1024;
  /**
   * P1: a body too large for the dialog's channel is refused with `413 attachment_size` before
   * it is read, from its `Content-Length`; a body without one is cut off once it passes the
   * largest size any channel takes. Either way the connection closes after the answer (the rest
   * of the body is read and dropped by Node first, so the client gets the answer, not a reset).
   */
  const uploadLimit: MiddlewareHandler<Env> = async (c, next) => {
    const tooLarge = (max: number, what: string, unread: boolean) => {
      const incoming = c.env.incoming;
      // Refused before reading: Node reads the rest of the body and drops it (a client still
      // sending then reads the answer instead of meeting a reset); once it is in, the connection
      // closes. Refused midway through a body without a length: the connection closes after the answer.
      if (unread && incoming && !incoming.readableEnded) incoming.once('end', () => incoming.socket?.end());
      else c.header('connection', 'close');
      return c.json(errorBody('attachment_size', `file: larger than ${what} accepts (${max} bytes).`, 'file'), 413);
    };
    const declared = Number(c.req.header('content-length') ?? NaN);
    const max = await core.uploadLimit(c.get('operatorId'), c.req.param('dialogId') ?? '');
    if (max && Number.isFinite(declared) && declared > max + MULTIPART_SLACK) return tooLarge(max, 'this channel', true);
    const any = await largest();
    const unread = Number.isFinite(declared) && !c.req.header('transfer-encoding');
    return bodyLimit({ maxSize: any + MULTIPART_SLACK, onError: () => tooLarge(any, 'any channel', unread) })(c, next);
  };
  api.post(PATHS.upload, authed, uploadLimit, async (c) => {
    const operatorId = c.get('operatorId');
    const dialogId = c.req.param('dialogId');
    const type = c.req.header('content-type') ?? '';
    if (!/^multipart\/form-data\b/i.test(type)) throw apiError('validation', 'body: send multipart/form-data with one "file" part.', 'body');
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw apiError('validation', 'body: malformed multipart/form-data.', 'body');
    }
    const unknown = Object.keys(form).find((k) => k !== 'file');
    if (unknown) throw apiError('validation', `${unknown}: unknown field; send only "file".`, unknown);
    const file = form.file;
    if (Array.isArray(file)) throw apiError('validation', 'file: one file per request.', 'file');
    if (!(file instanceof File)) throw apiError('validation', 'file: missing (a part named "file" with a filename).', 'file');
    let mime = (file.type || 'application/octet-stream').toLowerCase();
    let dims: { width?: number; height?: number } = {};
    if (isPreviewableImage(mime)) {
      // P2: what is shown inline must be the image it claims to be.
      const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
      const info = imageInfo(head);
      if (!info) throw apiError('attachment_type', `${file.name}: the content is not a ${mime.replace('image/', '').toUpperCase()} image.`, 'file');
      mime = info.mime;
      dims = { ...(info.width ? { width: info.width } : {}), ...(info.height ? { height: info.height } : {}) };
    }
    const attachment = await core.upload(operatorId, dialogId, { name: file.name, type: mime, data: file, ...dims });
    return c.json(attachment, 201);
  });

  app.route(API_BASE, api);
  app.route('/api/visitor', ctx.visitors.routes());
  return app;
}
