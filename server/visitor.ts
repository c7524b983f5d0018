/**
 * The site web chat as its visitor sees it (the `/visitor` page): start a chat, send messages,
 * receive the operators' replies live, report reads (S4), and leave (S5: the next operator
 * message fails with `client_left`). Unauthenticated: a chat gets its own visitor token.
 *
 *   POST /api/visitor/chats      { name, text?, page?, referrer? } -> { token, dialogId, channel, messages }
 *   GET  /api/visitor/chat       (Bearer visitor token)           -> { dialogId, channel, messages }
 *   POST /api/visitor/messages   { id, text }                      -> the message (201; same id: same message;
 *                                202 and not stored when the client is blocked, see below)
 *   POST /api/visitor/read                                         -> 204
 *   POST /api/visitor/leave      (Bearer, or { token } for sendBeacon) -> 204
 *   POST /api/visitor/return                                       -> 204
 *   WS   /api/visitor/ws         hello { token } -> ready { messages }, then messages { messages } as they come
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { WebSocket } from 'ws';
import type { Channel, Id, Message } from '../sdk/model.js';
import { ChatCommandError, type ChatEvent } from '../sdk/protocol.js';
import { describeIssues, storableText } from '../sdk/schema.js';
import { cutText, textProblem } from '../sdk/rules/text.js';
import type { ChatCore } from './core/core.js';
import { apiError } from './errors.js';
import type { SqlStorage } from './db/sql-storage.js';
import { closeGoingAway, DatabaseProbe } from './sockets.js';

/** A message as the visitor's widget shows it. */
export interface VisitorMessage {
  id: Id;
  author: 'client' | 'operator' | 'bot';
  /** The operator's or bot's name. */
  authorName?: string;
  text: string;
  createdAt: number;
  attachments: Array<{ name: string; url: string; kind: 'image' | 'file'; mime: string }>;
}

/** The chat's channel, as the widget needs it. */
export interface VisitorChannel {
  id: Id;
  name: string;
  maxLength: number;
}

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200), storableText({ singleLine: true }));
/** Text the visitor gives: the same rule as the operator API's (`storableText`). */
const text = (max: number) => v.pipe(v.string(), v.maxLength(max), storableText());
const StartSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name: say how to call you'), v.maxLength(80), storableText({ singleLine: true })),
  text: v.optional(text(20_000)),
  channelId: v.optional(id),
  page: v.optional(text(2000)),
  referrer: v.optional(text(2000)),
});
const SendSchema = v.strictObject({ id, text: text(20_000) });
const HelloSchema = v.strictObject({ type: v.literal('hello'), token: v.pipe(v.string(), v.minLength(1), v.maxLength(500)) });

interface Conn {
  ws: WebSocket;
  dialogId: Id;
  /** Ids of the messages this socket was sent that are still in the visitor's view. */
  sent: Set<Id>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON object body, refusing anything else with a named problem. `beacon` also takes
 * `text/plain` (what `navigator.sendBeacon` can send without a preflight).
 */
export async function jsonObject(c: Context, options: { beacon?: boolean } = {}): Promise<Record<string, unknown>> {
  let text: string;
  try {
    // Bytes that are not UTF-8 are refused, never turned into U+FFFD and stored as if typed.
    text = utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw apiError('validation', 'body: not valid UTF-8.', 'body');
  }
  if (!text.trim()) return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type) && !(options.beacon && /^text\/plain\b/i.test(type))) throw apiError('validation', 'body: send JSON with Content-Type: application/json.', 'body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw apiError('validation', `body: malformed JSON (${e instanceof Error ? e.message : 'parse error'}).`, 'body');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw apiError('validation', 'body: must be a JSON object.', 'body');
  return value as Record<string, unknown>;
}

function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (r.success) return r.output;
  const { field, text } = describeIssues(r.issues);
  throw apiError('validation', text, field);
}

/** The visitor side of the site web chat: HTTP routes and live sockets. */
export class VisitorHub {
  private readonly conns = new Map<Id, Set<Conn>>();
  private readonly leaving = new Map<Id, ReturnType<typeof setTimeout>>();
  private readonly refreshing = new Map<Id, Promise<void>>();
  private off: (() => void) | null = null;

  constructor(
    private readonly core: ChatCore,
    private readonly storage: SqlStorage,
    private readonly options: { leaveGraceMs?: number; heartbeatMs?: number } = {},
  ) {
    this.database = new DatabaseProbe(storage);
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /**
   * Every open visitor socket, and whether it answered the last ping. A ping goes to each every
   * `heartbeatMs` (30 s): it keeps a proxy in front (nginx closes a socket silent for 60 s by
   * default) from cutting an idle chat, and a socket that did not answer the one before is ended,
   * so a visitor whose network vanished without a close counts as gone (S5) instead of staying
   * present for as long as the dead connection lasts. Browsers answer pings by themselves.
   */
  private readonly sockets = new Map<WebSocket, boolean>();
  private readonly heartbeat: ReturnType<typeof setInterval>;

  private beat(): void {
    const silent: WebSocket[] = [];
    for (const [ws, answered] of this.sockets) {
      if (!answered) {
        silent.push(ws);
        continue;
      }
      this.sockets.set(ws, false);
      ws.ping();
    }
    // Decided after the input that waited behind this timer: a pong that came while the process
    // was busy still counts.
    if (silent.length > 0)
      setImmediate(() => {
        for (const ws of silent) {
          if (this.sockets.get(ws) !== false) continue;
          this.sockets.delete(ws);
          ws.terminate();
        }
      });
  }

  /** Tells when the database answers again (greetings that found it out of reach wait for it). */
  private readonly database: DatabaseProbe;
  /** Sockets whose greeting waits for the database (closed with the others on {@link close}). */
  private readonly waiting = new Set<WebSocket>();

  /** Starts hearing the dialogs' events (through an administrator, who sees every dialog). */
  async start(): Promise<void> {
    const admin = (await this.storage.operators()).find((o) => o.role === 'administrator');
    if (admin) this.off = this.core.subscribe(admin.id, (e) => this.onEvent(e));
  }

  /** Message ids remembered across every visitor socket (bounded by each socket's view). */
  get trackedIds(): number {
    let n = 0;
    for (const set of this.conns.values()) for (const c of set) n += c.sent.size;
    return n;
  }

  /** Closes every visitor socket with 1001 (server shutdown): the page reconnects and catches up. */
  close(graceMs = 1000): Promise<void> {
    this.off?.();
    this.database.close();
    clearInterval(this.heartbeat);
    this.sockets.clear();
    for (const t of this.leaving.values()) clearTimeout(t);
    this.leaving.clear();
    const sockets = [...this.conns.values()].flatMap((set) => [...set].map((c) => c.ws)).concat([...this.waiting]);
    this.conns.clear();
    this.waiting.clear();
    return closeGoingAway(sockets, graceMs);
  }

  private async channelOf(dialogId: Id): Promise<VisitorChannel> {
    const d = await this.storage.dialog(dialogId);
    const ch = (await this.storage.channels()).find((x) => x.id === d?.channelId);
    return { id: ch?.id ?? '', name: ch?.name ?? '', maxLength: ch?.capabilities.maxLength ?? 2000 };
  }

  /** The dialog's messages as the visitor sees them. */
  async view(dialogId: Id): Promise<VisitorMessage[]> {
    const names = new Map<Id, string>([...(await this.storage.operators()), ...(await this.storage.bots())].map((x) => [x.id, x.name]));
    return (await this.core.clientView(dialogId, 100)).map((m: Message) => {
      const author = m.author.kind === 'client' ? 'client' : m.author.kind === 'bot' ? 'bot' : 'operator';
      const out: VisitorMessage = {
        id: m.id,
        author,
        text: m.text,
        createdAt: m.createdAt,
        attachments: m.attachments.filter((a) => a.available).map((a) => ({ name: a.name, url: a.url, kind: a.kind, mime: a.mime })),
      };
      const name = author === 'client' ? undefined : names.get(m.author.id);
      if (name) out.authorName = name;
      return out;
    });
  }

  private async dialogOfToken(token: string | undefined): Promise<Id> {
    const dialogId = token ? await this.storage.visitorDialog(token) : undefined;
    if (!dialogId) throw apiError('unauthorized', token ? 'Unknown visitor token: start a new chat.' : 'Missing visitor token.');
    return dialogId;
  }

  private bearer(c: Context): string | undefined {
    const h = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m?.[1];
  }

  /** The site chat a new visitor lands in: the first web chat whose client can leave. */
  private async siteChannel(requested?: Id): Promise<Channel> {
    const channels = (await this.storage.channels()).filter((ch) => ch.kind === 'webchat');
    const ch = requested ? channels.find((x) => x.id === requested) : (channels.find((x) => x.capabilities.clientCanLeave) ?? channels[0]);
    if (!ch) throw apiError(requested ? 'not_found' : 'unavailable', requested ? `channelId: no web chat ${requested}.` : 'No web chat channel is configured.', requested ? 'channelId' : undefined);
    return ch;
  }

  /** The HTTP routes, to mount at `/api/visitor`. */
  routes(): Hono {
    const app = new Hono();
    app.post('/chats', async (c) => {
      const input = parseWith(StartSchema, await jsonObject(c));
      const ch = await this.siteChannel(input.channelId);
      const now = this.core.now();
      const landing = input.page && /^https?:\/\//.test(input.page) ? input.page : undefined;
      const referrer = input.referrer && /^https?:\/\//.test(input.referrer) ? input.referrer : undefined;
      let utm: Record<string, string> | undefined;
      if (landing) {
        const params = new URL(landing).searchParams;
        for (const k of ['source', 'medium', 'campaign', 'content', 'term'] as const) {
          const value = params.get(`utm_${k}`);
          // Decoded from the URL, so not checked by the schema: text that cannot be stored is left out.
          if (value && !textProblem(value, { singleLine: true })) (utm ??= {})[k] = cutText(value, 200);
        }
      }
      const agent = c.req.header('user-agent') ?? '';
      let token = '';
      // The dialog, its first message and the visitor's token are stored together, or not at all.
      const { dialog } = await this.core.startDialog({
        channelId: ch.id,
        name: input.name,
        source: { channelId: ch.id, firstContactAt: now, ...(landing ? { landingPage: landing } : {}), ...(referrer ? { referrer } : {}), ...(utm ? { utm, campaign: utm.campaign } : {}) },
        analytics: { visits: 1, pageViews: 1, lastVisitAt: now, device: (textProblem(agent) ? '' : cutText(agent, 120)) || undefined },
        text: input.text?.trim() ? input.text : undefined,
        within: async (tx, created) => {
          token = await (tx as SqlStorage).createVisitorSession(created.id);
        },
      });
      return c.json({ token, dialogId: dialog.id, channel: await this.channelOf(dialog.id), messages: await this.view(dialog.id) }, 201);
    });
    app.get('/chat', async (c) => {
      const dialogId = await this.dialogOfToken(this.bearer(c));
      return c.json({ dialogId, channel: await this.channelOf(dialogId), messages: await this.view(dialogId) });
    });
    app.post('/messages', async (c) => {
      const dialogId = await this.dialogOfToken(this.bearer(c));
      const input = parseWith(SendSchema, await jsonObject(c));
      let m: Message;
      try {
        m = await this.core.clientSend(dialogId, input.text, { id: input.id });
      } catch (e) {
        // H4: a blocked client's message is neither stored nor received by the operators, but the
        // visitor is not told: their page shows it as sent, like most chat products do, with no
        // error (and no 403 in the browser console). Bad input was refused before this point.
        if (e instanceof ChatCommandError && e.code === 'client_blocked') {
          return c.json({ id: input.id, author: 'client', text: input.text, createdAt: Date.now(), attachments: [] } satisfies VisitorMessage, 202);
        }
        throw e;
      }
      const mine = (await this.view(dialogId)).find((x) => x.id === m.id);
      return c.json(mine ?? { id: m.id, author: 'client', text: m.text, createdAt: m.createdAt, attachments: [] }, 201);
    });
    app.post('/read', async (c) => {
      const dialogId = await this.dialogOfToken(this.bearer(c));
      await this.core.clientRead(dialogId);
      return c.body(null, 204);
    });
    app.post('/leave', async (c) => {
      let token = this.bearer(c);
      if (!token) {
        const body = await jsonObject(c, { beacon: true });
        token = typeof body.token === 'string' ? body.token : undefined;
      }
      const dialogId = await this.dialogOfToken(token);
      await this.core.clientLeave(dialogId, true);
      return c.body(null, 204);
    });
    app.post('/return', async (c) => {
      const dialogId = await this.dialogOfToken(this.bearer(c));
      await this.core.clientLeave(dialogId, false);
      return c.body(null, 204);
    });
    return app;
  }

  // ------------------------------------------------------------------ sockets

  /** Takes over a visitor socket after the upgrade. */
  accept(ws: WebSocket): void {
    let conn: Conn | null = null;
    let greeting = false;
    /** The greeting waits for the database to come back: pings are answered meanwhile. */
    let onHold = false;
    /** Frames that came after the hello, before `ready`: answered once it is sent, in order. */
    const early: unknown[] = [];
    const timer = setTimeout(() => ws.close(4408, 'no hello'), 10_000);
    const answer = (frame: unknown) => {
      if (frame && typeof frame === 'object' && (frame as { type?: unknown }).type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      else ws.send(JSON.stringify({ type: 'error', error: { code: 'validation', message: 'type: expected "ping".', field: 'type' } }));
    };
    ws.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(data));
      } catch {
        ws.close(4400, 'send JSON');
        return;
      }
      if (conn) return answer(frame);
      if (greeting) {
        if (onHold && (frame as { type?: unknown } | null)?.type === 'ping') return answer(frame);
        if (early.length >= 16) ws.close(4400, 'too many frames before ready');
        else early.push(frame);
        return;
      }
      const hello = v.safeParse(HelloSchema, frame);
      if (!hello.success) {
        ws.close(4400, 'the first frame must be a hello');
        return;
      }
      greeting = true;
      clearTimeout(timer);
      // A database out of reach (it restarts): the socket is kept, its pings answered, and the
      // greeting runs again once the database answers (DatabaseProbe.greet).
      void (async () => {
        const registered: { conn: Conn | null } = { conn: null };
        const greeted = await this.database.greet(
          ws,
          () => this.greet(ws, hello.output.token, registered),
          // Not greeted: not among the dialog's sockets; given up, the visitor counts as gone (S5).
          (again) => {
            if (registered.conn) this.unregister(registered.conn, !again);
            registered.conn = null;
          },
          (on) => {
            onHold = on;
            if (on) this.waiting.add(ws);
            else this.waiting.delete(ws);
          },
        );
        if (greeted) {
          conn = greeted;
          for (const f of early.splice(0)) answer(f);
        }
      })().catch(() => ws.close(1011, 'internal error'));
    });
    this.sockets.set(ws, true);
    ws.on('pong', () => {
      if (this.sockets.has(ws)) this.sockets.set(ws, true);
    });
    ws.on('close', () => {
      clearTimeout(timer);
      this.sockets.delete(ws);
      this.waiting.delete(ws);
      if (conn) this.unregister(conn, true);
    });
    ws.on('error', () => {
      /* close follows */
    });
  }

  /**
   * Greets a visitor socket: answers its dialog's socket, registered and sent `ready`, or `null`
   * when the token is refused (the socket is closed) or the socket closed meanwhile. Once
   * registered, the socket is in `registered.conn`, for the caller to take out on a failure.
   */
  private async greet(ws: WebSocket, token: string, registered: { conn: Conn | null }): Promise<Conn | null> {
    const dialogId = await this.storage.visitorDialog(token);
    if (!dialogId) {
      ws.send(JSON.stringify({ type: 'error', error: { code: 'unauthorized', message: 'Unknown visitor token.' } }));
      ws.close(4401, 'unauthorized');
      return null;
    }
    if (ws.readyState !== ws.OPEN) return null;
    const c: Conn = { ws, dialogId, sent: new Set() };
    let set = this.conns.get(dialogId);
    if (!set) this.conns.set(dialogId, (set = new Set()));
    set.add(c);
    registered.conn = c;
    const pendingLeave = this.leaving.get(dialogId);
    if (pendingLeave) clearTimeout(pendingLeave);
    this.leaving.delete(dialogId);
    // S5: the visitor is (back) on the site.
    await this.core.clientLeave(dialogId, false);
    const messages = await this.view(dialogId);
    c.sent = new Set(messages.map((m) => m.id));
    ws.send(JSON.stringify({ type: 'ready', dialogId, channel: await this.channelOf(dialogId), messages }));
    return c;
  }

  /**
   * Takes a socket out of its dialog's. `gone`: the visitor is no longer there through it (closed,
   * or given up): with no other socket left, the chat counts as closed (S5) unless they come
   * right back.
   */
  private unregister(c: Conn, gone: boolean): void {
    const set = this.conns.get(c.dialogId);
    if (!set?.delete(c) || set.size > 0) return;
    this.conns.delete(c.dialogId);
    if (!gone) return;
    // S5: the chat window was closed (or the visitor left the site), unless they come right back.
    const dialogId = c.dialogId;
    const t = setTimeout(() => {
      this.leaving.delete(dialogId);
      if (!this.conns.has(dialogId)) void this.core.clientLeave(dialogId, true).catch(() => undefined);
    }, this.options.leaveGraceMs ?? 4000);
    t.unref();
    this.leaving.set(dialogId, t);
  }

  private onEvent(e: ChatEvent): void {
    const dialogId = e.type === 'message.created' ? e.message.dialogId : e.type === 'message.status' || e.type === 'dialog.removed' ? e.dialogId : null;
    if (!dialogId || !this.conns.has(dialogId)) return;
    if (e.type === 'dialog.removed' && e.reason === 'deleted') {
      for (const c of this.conns.get(dialogId) ?? []) {
        c.ws.send(JSON.stringify({ type: 'closed' }));
        c.ws.close(1000, 'chat deleted');
      }
      return;
    }
    void this.refresh(dialogId);
  }

  /** Sends each visitor socket of a dialog the messages it has not seen yet. */
  private refresh(dialogId: Id): Promise<void> {
    const running = this.refreshing.get(dialogId);
    const next = (running ?? Promise.resolve())
      .then(async () => {
        const conns = this.conns.get(dialogId);
        if (!conns?.size) return;
        const view = await this.view(dialogId);
        for (const c of conns) {
          const fresh = view.filter((m) => !c.sent.has(m.id));
          // Only the ids of the view are remembered (at most its 100 messages): an older one never
          // comes back into it, so the set stays bounded however long the chat runs.
          c.sent = new Set(view.map((m) => m.id));
          if (!fresh.length || c.ws.readyState !== c.ws.OPEN) continue;
          c.ws.send(JSON.stringify({ type: 'messages', messages: fresh }));
        }
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.refreshing.get(dialogId) === next) this.refreshing.delete(dialogId);
      });
    this.refreshing.set(dialogId, next);
    return next;
  }
}
