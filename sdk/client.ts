/**
 * `ChatClient`: the headless SDK. It owns every store (nanostores), talks to a backend through a
 * {@link Transport}, validates every payload it receives, and offers one command for every
 * action of the inbox. Elements only read its stores and call its commands.
 */
import { atom, batch as batchStores, computed, type ReadableAtom, type WritableAtom } from 'nanostores';
import type {
  Assignee,
  Attachment,
  Bot,
  Channel,
  ChatSettings,
  Client,
  ClientTag,
  Dialog,
  Id,
  Message,
  MessageStatus,
  Operator,
  QuickReply,
  ReadState,
  Snapshot,
  Tag,
} from './model.js';
import {
  ChatCommandError,
  ChatProtocolError,
  type AttachmentPage,
  type ChatEvent,
  type CommandInput,
  type CommandName,
  type CommandResult,
  type ConnectionState,
  type DeleteResult,
  type SettingsPatch,
  type Transport,
} from './protocol.js';
import * as v from 'valibot';
import { AttachmentSchema, ChatEventSchema, InputSchemas, parse, ResultSchemas } from './schema.js';
import { checkAttachment, isPreviewableImage, type AttachmentRefusal } from './rules/attachments.js';
import { checkLength, hasContent } from './rules/length.js';
import { canEditSettings, dialogActions, type DialogActions } from './rules/permissions.js';
import { applyQuery, normalizeQuery, type DialogQuery } from './rules/query.js';
import { advanceStatus, failed } from './rules/status.js';
import { tagCounts } from './rules/tags.js';
import { countUnreadDialogs, isUnread, unreadCount } from './rules/unread.js';

/** One dialog's loaded history. */
export interface DialogFeed {
  /** Loaded messages, ascending by `n`; queued local messages (n = 0) at the end. */
  messages: Message[];
  /** Cursor for older messages; `null` when the start of the history is loaded. */
  cursor: number | null;
  loading: boolean;
  /** Whether the newest page was loaded at least once. */
  loaded: boolean;
  error?: string | undefined;
}

/** A reply being typed (L4). */
export interface Draft {
  text: string;
  quoteId?: Id | undefined;
  updatedAt: number;
}

/** An upload in progress or finished, shown by the composer (P1). */
export interface UploadState {
  key: string;
  dialogId: Id;
  name: string;
  size: number;
  type: string;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  attachment?: Attachment | undefined;
  error?: string | undefined;
  /** A local object URL for an image preview before upload completes (P2). */
  previewUrl?: string | undefined;
}

/** N1: a new client message to alert about. */
export interface NewMessageAlert {
  id: Id;
  dialogId: Id;
  clientName: string;
  text: string;
  createdAt: number;
}

/** An error the client reports: a refused command or a malformed payload. */
export interface ChatErrorReport {
  error: ChatCommandError | ChatProtocolError | Error;
  /** The command, or `event`. */
  context: string;
  at: number;
}

/** Options of {@link createChatClient}. */
export interface ChatClientOptions {
  transport: Transport;
  /** L4: keep drafts across reloads; off by default, as the seed says a reload loses them. */
  persistDrafts?: false | 'session' | 'local';
  /** Web storage to use for drafts (defaults to `sessionStorage` / `localStorage`). */
  draftStorage?: Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Generates message ids (idempotency keys). */
  newId?: () => Id;
  now?: () => number;
  /** Called for every reported error, besides the `$errors` store. */
  onError?: (report: ChatErrorReport) => void;
  /** Messages per history page. */
  pageSize?: number;
}

/** Input of {@link ChatClient.send}. */
export interface SendInput {
  text: string;
  quoteId?: Id | undefined;
  /** Files already uploaded with {@link ChatClient.upload}. */
  attachments?: Attachment[] | undefined;
}

/** A row of the dialog list, with everything derived it shows. */
export interface DialogRow {
  dialog: Dialog;
  client: Client | null;
  unread: number;
  isUnread: boolean;
  draft: Draft | undefined;
}

function newUuid(): Id {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function isCommandError(e: unknown): e is ChatCommandError {
  return e instanceof ChatCommandError || (e instanceof Error && e.name === 'ChatCommandError');
}

/**
 * Checks a command's input with the schema the backend applies (`InputSchemas`): a refusal the
 * backend would answer `400 validation` is thrown here, naming the field, and nothing is sent.
 */
function checkInput<K extends CommandName>(name: K, input: CommandInput<K>): void {
  const r = v.safeParse(InputSchemas[name] as v.GenericSchema, input);
  if (r.success) return;
  const issue = r.issues[0];
  const field = (issue && v.getDotPath(issue)) || undefined;
  throw new ChatCommandError('validation', `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid input'}`, field);
}

/** Inserts or replaces `m` in an ascending feed; queued local messages stay last. */
function placeMessage(list: readonly Message[], m: Message): Message[] {
  const out = list.filter((x) => x.id !== m.id);
  if (m.n === 0) return [...out, m];
  let i = out.length;
  while (i > 0 && (out[i - 1]!.n === 0 || out[i - 1]!.n > m.n)) i--;
  out.splice(i, 0, m);
  return out;
}

const EMPTY_FEED: DialogFeed = Object.freeze({ messages: [], cursor: null, loading: false, loaded: false }) as DialogFeed;

/**
 * The headless chat client. Create one per page with {@link createChatClient}.
 *
 * Stores are `$`-prefixed nanostores; derived ones are `computed`.
 */
export class ChatClient {
  /** Connection to the backend. `idle` before {@link start}. */
  readonly $connection: WritableAtom<ConnectionState | 'idle'> = atom('idle');
  /** Whether the first snapshot arrived. */
  readonly $ready = atom(false);
  readonly $me = atom<Operator | null>(null);
  readonly $operators = atom<Operator[]>([]);
  readonly $bots = atom<Bot[]>([]);
  readonly $channels = atom<Channel[]>([]);
  readonly $tags = atom<Tag[]>([]);
  readonly $settings = atom<ChatSettings>({ responseTimeLimitMs: null });
  readonly $quickReplies = atom<QuickReply[]>([]);
  /** Every dialog the operator may see, by id. */
  readonly $dialogs = atom<ReadonlyMap<Id, Dialog>>(new Map());
  /** Clients of those dialogs, by id. */
  readonly $clients = atom<ReadonlyMap<Id, Client>>(new Map());
  /** This operator's read positions, by dialog id (L1, N2, H3). */
  readonly $readStates = atom<Readonly<Record<Id, ReadState>>>({});
  /** Loaded histories, by dialog id. */
  readonly $feeds = atom<Readonly<Record<Id, DialogFeed>>>({});
  /** L4: drafts, by dialog id. */
  readonly $drafts = atom<Readonly<Record<Id, Draft>>>({});
  /** P1: uploads, by key. */
  readonly $uploads = atom<Readonly<Record<string, UploadState>>>({});
  /** The list's filter and sort. */
  readonly $query = atom<DialogQuery>(normalizeQuery(undefined));
  /** The dialog open in the chat window, if any (N1 does not alert for it while visible). */
  readonly $activeDialogId = atom<Id | null>(null);
  /** N1: alerts muted by the operator. */
  readonly $muted = atom(false);
  /** N1: new client messages to alert about, newest last. */
  readonly $alerts = atom<NewMessageAlert[]>([]);
  /** Errors reported, newest last (at most 20). */
  readonly $errors = atom<ChatErrorReport[]>([]);

  /** Tags by id. */
  readonly $tagsById: ReadableAtom<ReadonlyMap<Id, Tag>> = computed(this.$tags, (tags) => new Map(tags.map((t) => [t.id, t])));
  /** Channels by id. */
  readonly $channelsById: ReadableAtom<ReadonlyMap<Id, Channel>> = computed(this.$channels, (cs) => new Map(cs.map((c) => [c.id, c])));

  /** F2-F6, L6: the filtered, sorted list of dialogs. */
  readonly $list: ReadableAtom<Dialog[]> = computed([this.$dialogs, this.$clients, this.$query, this.$settings], (dialogs, clients, query, settings) =>
    applyQuery(dialogs.values(), query, { clientOf: (d) => (d.clientId ? clients.get(d.clientId) : null) }, settings),
  );

  /** L1: unread client messages per dialog. */
  readonly $unreadCounts: ReadableAtom<ReadonlyMap<Id, number>> = computed([this.$dialogs, this.$readStates], (dialogs, reads) => {
    const m = new Map<Id, number>();
    for (const d of dialogs.values()) m.set(d.id, unreadCount(d, reads[d.id]));
    return m;
  });

  /** N2: the number of unread dialogs; the same source as the rows' counts. */
  readonly $unreadDialogCount: ReadableAtom<number> = computed([this.$dialogs, this.$readStates], (dialogs, reads) =>
    countUnreadDialogs(dialogs.values(), reads),
  );

  /** T7: dialogs per tag among the dialogs the rest of the query selects (pinned links only under the pinned switch). */
  readonly $tagCounts: ReadableAtom<ReadonlyMap<Id, number>> = computed([this.$dialogs, this.$clients, this.$query, this.$settings], (dialogs, clients, query, settings) => {
    const base = applyQuery(dialogs.values(), { ...query, tags: { mode: 'all', tags: [], pinned: false } }, { clientOf: (d) => (d.clientId ? clients.get(d.clientId) : null) }, settings);
    return tagCounts(base, clients, query.tags.pinned);
  });

  private readonly transport: Transport;
  private readonly options: ChatClientOptions;
  private readonly newId: () => Id;
  readonly now: () => number;
  private lastSeq = 0;
  private disconnect: (() => void) | null = null;
  private syncing: Promise<void> | null = null;
  private pendingEvents: unknown[] = [];
  private flushScheduled = false;
  private everOnline = false;
  /** Sends not yet acknowledged (in flight, or held because the backend could not be reached), in the order they were made. */
  private readonly outbox = new Map<Id, { dialogId: Id; input: CommandInput<'sendMessage'> }>();
  /** Per dialog, the tail of its sends: each waits until the earlier ones were acknowledged, refused or held. */
  private readonly lanes = new Map<Id, Promise<unknown>>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: ChatClientOptions) {
    this.options = options;
    this.transport = options.transport;
    this.newId = options.newId ?? newUuid;
    this.now = options.now ?? (() => Date.now());
    this.restoreDrafts();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Fetches the snapshot and starts listening to events. Safe to call twice; after a failed
   * start (the snapshot could not be fetched) calling it again tries again.
   */
  start(): Promise<void> {
    if (this.syncing) return this.syncing;
    if (this.disconnect && this.$ready.get()) return Promise.resolve();
    if (!this.disconnect) {
      this.$connection.set('connecting');
      this.disconnect = this.transport.connect({
        event: (payload) => this.receive(payload),
        state: (state) => this.onState(state),
      });
    }
    return this.track(this.bootstrap());
  }

  /** Marks the client as catching up while `work` runs: pushed events wait until it is done. */
  private track(work: Promise<void>): Promise<void> {
    const p = work.finally(() => {
      if (this.syncing === p) this.syncing = null;
    });
    this.syncing = p;
    return p;
  }

  /** Stops listening. Stores keep their values. */
  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.disconnect?.();
    this.disconnect = null;
    this.$connection.set('closed');
  }

  private onState(state: ConnectionState): void {
    this.$connection.set(state);
    if (state === 'online') {
      if (this.everOnline && this.$ready.get()) void this.resync();
      this.everOnline = true;
      void this.flushOutbox();
    }
  }

  private async bootstrap(): Promise<void> {
    const snap = await this.call('bootstrap', {});
    this.applySnapshot(snap);
  }

  private applySnapshot(snap: Snapshot): void {
    this.lastSeq = snap.seq;
    this.$me.set(snap.me);
    this.$operators.set(snap.operators);
    this.$bots.set(snap.bots);
    this.$channels.set(snap.channels);
    this.$tags.set(snap.tags);
    this.$settings.set(snap.settings);
    this.$quickReplies.set(snap.quickReplies);
    this.$clients.set(new Map(snap.clients.map((c) => [c.id, c])));
    this.$dialogs.set(new Map(snap.dialogs.map((d) => [d.id, d])));
    const reads: Record<Id, ReadState> = {};
    for (const r of snap.readStates) reads[r.dialogId] = r;
    this.$readStates.set(reads);
    // Feeds of dialogs no longer visible go; others are refreshed on next open.
    const feeds = { ...this.$feeds.get() };
    const visible = new Set(snap.dialogs.map((d) => d.id));
    for (const id of Object.keys(feeds)) if (!visible.has(id)) delete feeds[id];
    this.$feeds.set(feeds);
    const active = this.$activeDialogId.get();
    if (active && !visible.has(active)) this.$activeDialogId.set(null);
    if (this.$alerts.get().some((a) => !visible.has(a.dialogId))) this.$alerts.set(this.$alerts.get().filter((a) => visible.has(a.dialogId)));
    this.$ready.set(true);
    if (this.$me.get() && this.options.persistDrafts) this.restoreDrafts();
  }

  /**
   * Catches up after a reconnect or a gap in the event sequence: missed events, or a fresh
   * snapshot when the gap is too old. Only one catch-up runs at a time; events pushed meanwhile
   * are applied after it.
   */
  resync(): Promise<void> {
    if (this.syncing) return this.syncing;
    return this.track(this.catchUp());
  }

  private async catchUp(): Promise<void> {
    const since = this.lastSeq;
    const r = await this.call('eventsSince', { since }).catch((e: unknown) => {
      this.report(e, 'eventsSince');
      return null;
    });
    if (!r) return;
    if (r.gap) {
      try {
        await this.bootstrap();
      } catch (e) {
        this.report(e, 'bootstrap');
        return;
      }
      for (const id of Object.keys(this.$feeds.get())) void this.reloadFeed(id);
      return;
    }
    this.inBatch(() => {
      for (const e of r.events) this.applyRaw(e, true);
    });
    if (r.seq > this.lastSeq) this.lastSeq = r.seq;
  }

  // ------------------------------------------------------------------ transport plumbing

  /** Sends a command and validates the answer; refusals throw {@link ChatCommandError}. */
  private async call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>> {
    checkInput(name, input);
    const raw = await this.transport.request(name, input);
    return parse(ResultSchemas[name], raw, name) as CommandResult<K>;
  }

  private report(error: unknown, context: string): void {
    const e = error instanceof Error ? error : new Error(String(error));
    const r: ChatErrorReport = { error: e, context, at: this.now() };
    this.$errors.set([...this.$errors.get().slice(-19), r]);
    this.options.onError?.(r);
  }

  /** Removes a reported error (after the UI showed it). */
  dismissError(report: ChatErrorReport): void {
    this.$errors.set(this.$errors.get().filter((r) => r !== report));
  }

  /** Events arrive here; a burst is applied in one batch so stores change once. */
  private receive(payload: unknown): void {
    this.pendingEvents.push(payload);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      if (this.syncing) {
        // Applied once caught up (seq filtering drops what the catch-up already brought). If the
        // catch-up failed, they are dropped: the next event shows the gap and catches up again.
        this.syncing.then(
          () => this.inBatch(() => batch.forEach((p) => this.applyRaw(p))),
          () => undefined,
        );
        return;
      }
      this.inBatch(() => {
        for (const p of batch) this.applyRaw(p);
      });
    });
  }

  /** Maps already copied during the current batch: written in place, listeners run once at the end. */
  private readonly fresh = new Set<WritableAtom<ReadonlyMap<Id, unknown>>>();
  private batching = false;

  /** Applies a burst of changes so that each store changes, and notifies, once. */
  private inBatch(fn: () => void): void {
    if (this.batching) return fn();
    this.batching = true;
    try {
      batchStores(fn);
    } finally {
      this.batching = false;
      this.fresh.clear();
    }
  }

  /** Copy-on-write of a map store; within a batch the copy is made once and reused. */
  private writeMap<V>(store: WritableAtom<ReadonlyMap<Id, V>>, fn: (m: Map<Id, V>) => void): void {
    if (this.batching && this.fresh.has(store as WritableAtom<ReadonlyMap<Id, unknown>>)) {
      fn(store.get() as Map<Id, V>);
      return;
    }
    const m = new Map(store.get());
    fn(m);
    if (this.batching) this.fresh.add(store as WritableAtom<ReadonlyMap<Id, unknown>>);
    store.set(m);
  }

  /**
   * Validates and applies one pushed event. Malformed: reported and dropped, nothing changes.
   * `replay`: the event comes from a catch-up, in sequence; a malformed one is then skipped for
   * good (asking again would bring the same payload back).
   */
  private applyRaw(payload: unknown, replay = false): void {
    let event: ChatEvent;
    try {
      event = parse(ChatEventSchema, payload, 'event') as ChatEvent;
    } catch (e) {
      this.report(e, 'event');
      const seq = replay && payload && typeof payload === 'object' ? (payload as { seq?: unknown }).seq : undefined;
      if (typeof seq === 'number' && Number.isInteger(seq) && seq === this.lastSeq + 1) this.lastSeq = seq;
      return;
    }
    if (event.seq <= this.lastSeq) return; // applied already
    if (event.seq > this.lastSeq + 1 && this.$ready.get() && !this.syncing) {
      // A gap: catch up first; this event comes back in the answer.
      void this.resync();
      return;
    }
    this.lastSeq = event.seq;
    this.apply(event);
  }

  /** Applies a validated event. Applying the same event twice changes nothing. */
  apply(event: ChatEvent): void {
    switch (event.type) {
      case 'message.created': {
        // The backend has it: no need to send it again after a reconnect.
        this.outbox.delete(event.message.id);
        this.upsertDialog(event.dialog);
        this.placeInFeed(event.message);
        this.maybeAlert(event.message, event.dialog);
        break;
      }
      case 'message.status':
        this.updateMessage(event.dialogId, event.messageId, (m) => ({ ...m, status: advanceStatus(m.status, event.status, { retry: event.status.state === 'queued' }) }));
        break;
      case 'dialog.upserted':
        if (event.client) this.upsertClient(event.client);
        this.upsertDialog(event.dialog);
        break;
      case 'dialog.removed':
        this.removeDialog(event.dialogId);
        break;
      case 'client.updated':
        this.upsertClient(event.client);
        break;
      case 'read.updated':
        this.$readStates.set({ ...this.$readStates.get(), [event.readState.dialogId]: event.readState });
        break;
      case 'tag.upserted': {
        const tags = this.$tags.get().filter((t) => t.id !== event.tag.id);
        this.$tags.set([...tags, event.tag]);
        break;
      }
      case 'operator.updated':
        this.$operators.set(this.$operators.get().map((o) => (o.id === event.operator.id ? event.operator : o)));
        if (this.$me.get()?.id === event.operator.id) this.$me.set(event.operator);
        break;
      case 'quickreply.created':
        if (!this.$quickReplies.get().some((q) => q.id === event.quickReply.id)) this.$quickReplies.set([...this.$quickReplies.get(), event.quickReply]);
        break;
      case 'settings.updated':
        this.$settings.set(event.settings);
        break;
    }
  }

  private upsertDialog(d: Dialog): void {
    this.writeMap(this.$dialogs, (m) => m.set(d.id, d));
  }

  private upsertClient(c: Client): void {
    this.writeMap(this.$clients, (m) => m.set(c.id, c));
  }

  private removeDialog(id: Id): void {
    if (!this.$dialogs.get().has(id)) return;
    this.writeMap(this.$dialogs, (m) => m.delete(id));
    const feeds = { ...this.$feeds.get() };
    delete feeds[id];
    this.$feeds.set(feeds);
    if (this.$activeDialogId.get() === id) this.$activeDialogId.set(null);
    // N1: no alert leads to a dialog that is gone (deleted, or handed away: H1).
    if (this.$alerts.get().some((a) => a.dialogId === id)) this.$alerts.set(this.$alerts.get().filter((a) => a.dialogId !== id));
  }

  private setFeed(dialogId: Id, fn: (f: DialogFeed) => DialogFeed): void {
    const feeds = this.$feeds.get();
    this.$feeds.set({ ...feeds, [dialogId]: fn(feeds[dialogId] ?? EMPTY_FEED) });
  }

  private placeInFeed(m: Message): void {
    const feed = this.$feeds.get()[m.dialogId];
    const existing = feed?.messages.find((x) => x.id === m.id);
    // A feed not loaded yet only keeps the messages sent from here (to show their status).
    if (!feed || (!feed.loaded && !existing)) return;
    // Keep the most advanced status when an older copy arrives after a status event.
    const merged = existing?.status && m.status ? { ...m, status: advanceStatus(existing.status, m.status) } : m;
    this.setFeed(m.dialogId, (f) => ({ ...f, messages: placeMessage(f.messages, merged) }));
  }

  private updateMessage(dialogId: Id, id: Id, fn: (m: Message) => Message): void {
    const feed = this.$feeds.get()[dialogId];
    const m = feed?.messages.find((x) => x.id === id);
    if (!m) return;
    const next = fn(m);
    if (next === m) return;
    this.setFeed(dialogId, (f) => ({ ...f, messages: f.messages.map((x) => (x.id === id ? next : x)) }));
  }

  private maybeAlert(m: Message, d: Dialog): void {
    if (m.author.kind !== 'client' || m.kind !== 'text' || this.$muted.get()) return;
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    if (this.$activeDialogId.get() === d.id && visible) return;
    if (this.$alerts.get().some((a) => a.id === m.id)) return;
    const client = d.clientId ? this.$clients.get().get(d.clientId) : undefined;
    const alert: NewMessageAlert = { id: m.id, dialogId: d.id, clientName: client?.name ?? d.title, text: m.text, createdAt: m.createdAt };
    this.$alerts.set([...this.$alerts.get().slice(-19), alert]);
  }

  /** N1: removes an alert once shown or clicked. */
  dismissAlert(id: Id): void {
    this.$alerts.set(this.$alerts.get().filter((a) => a.id !== id));
  }

  // ------------------------------------------------------------------ reading

  /** The derived row of a dialog as the list shows it. */
  row(dialog: Dialog): DialogRow {
    const read = this.$readStates.get()[dialog.id];
    return {
      dialog,
      client: dialog.clientId ? (this.$clients.get().get(dialog.clientId) ?? null) : null,
      unread: unreadCount(dialog, read),
      isUnread: isUnread(dialog, read),
      draft: this.$drafts.get()[dialog.id],
    };
  }

  /** The header actions (H1-H6, P3) this operator may take on a dialog. */
  actions(dialogId: Id): DialogActions | null {
    const me = this.$me.get();
    const d = this.$dialogs.get().get(dialogId);
    if (!me || !d) return null;
    return dialogActions(me, d, d.clientId ? this.$clients.get().get(d.clientId) : null);
  }

  /** Replaces the list's query (or part of it). */
  setQuery(query: Partial<DialogQuery>): void {
    this.$query.set(normalizeQuery({ ...this.$query.get(), ...query }));
  }

  /** Opens a dialog: it becomes active, its newest page loads, and it is marked read. */
  async openDialog(dialogId: Id | null): Promise<void> {
    this.$activeDialogId.set(dialogId);
    if (!dialogId) return;
    const feed = this.$feeds.get()[dialogId];
    if (!feed?.loaded && !feed?.loading) await this.reloadFeed(dialogId);
    const d = this.$dialogs.get().get(dialogId);
    const r = this.$readStates.get()[dialogId];
    if (d && isUnread(d, r) && !r?.markedUnread) await this.markRead(dialogId);
  }

  private async reloadFeed(dialogId: Id): Promise<void> {
    this.setFeed(dialogId, (f) => ({ ...f, loading: true, error: undefined }));
    try {
      const page = await this.call('loadMessages', { dialogId, limit: this.options.pageSize ?? 50 });
      this.setFeed(dialogId, (f) => {
        const fromServer = new Set(page.messages.map((m) => m.id));
        // Local messages the server does not have (yet): queued, or refused before it stored them.
        const local = f.messages.filter((m) => !fromServer.has(m.id) && (m.n === 0 || (m.status?.state === 'failed' && this.outbox.has(m.id))));
        // The server's copy is authoritative, but a status already seen further along is kept.
        const had = new Map(f.messages.map((m) => [m.id, m] as const));
        let messages = page.messages.map((m) => {
          const seen = had.get(m.id);
          return seen?.status && m.status ? { ...m, status: advanceStatus(seen.status, m.status) } : m;
        });
        for (const m of local) messages = placeMessage(messages, m);
        return { messages, cursor: page.cursor, loading: false, loaded: true };
      });
    } catch (e) {
      this.setFeed(dialogId, (f) => ({ ...f, loading: false, error: e instanceof Error ? e.message : String(e) }));
      this.report(e, 'loadMessages');
    }
  }

  /** Loads the page before the oldest loaded message. Resolves with how many were added. */
  async loadOlder(dialogId: Id): Promise<number> {
    const feed = this.$feeds.get()[dialogId];
    if (!feed?.loaded) {
      await this.reloadFeed(dialogId);
      return this.$feeds.get()[dialogId]?.messages.length ?? 0;
    }
    if (feed.cursor === null || feed.loading) return 0;
    this.setFeed(dialogId, (f) => ({ ...f, loading: true }));
    try {
      const page = await this.call('loadMessages', { dialogId, before: feed.cursor, limit: this.options.pageSize ?? 50 });
      let added = 0;
      this.setFeed(dialogId, (f) => {
        const have = new Set(f.messages.map((m) => m.id));
        const older = page.messages.filter((m) => !have.has(m.id));
        added = older.length;
        return { ...f, messages: [...older, ...f.messages], cursor: page.cursor, loading: false };
      });
      return added;
    } catch (e) {
      this.setFeed(dialogId, (f) => ({ ...f, loading: false }));
      this.report(e, 'loadMessages');
      return 0;
    }
  }

  // ------------------------------------------------------------------ drafts (L4)

  private draftKey(): string | null {
    const me = this.$me.get();
    return me ? `chatdesk:drafts:${me.id}` : null;
  }

  private webStorage(): Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
    if (this.options.draftStorage) return this.options.draftStorage;
    try {
      if (this.options.persistDrafts === 'local') return globalThis.localStorage ?? null;
      if (this.options.persistDrafts === 'session') return globalThis.sessionStorage ?? null;
    } catch {
      return null;
    }
    return null;
  }

  private restoreDrafts(): void {
    if (!this.options.persistDrafts) return;
    const key = this.draftKey();
    const store = this.webStorage();
    if (!key || !store) return;
    try {
      const raw = store.getItem(key);
      if (!raw) return;
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === 'object') {
        const drafts: Record<Id, Draft> = {};
        for (const [id, d] of Object.entries(parsed as Record<string, unknown>)) {
          if (d && typeof d === 'object' && typeof (d as Draft).text === 'string') drafts[id] = { text: (d as Draft).text, quoteId: (d as Draft).quoteId, updatedAt: Number((d as Draft).updatedAt) || 0 };
        }
        this.$drafts.set({ ...drafts, ...this.$drafts.get() });
      }
    } catch {
      /* a corrupt saved draft is ignored, not fatal */
    }
  }

  private saveDrafts(): void {
    const key = this.draftKey();
    const store = this.webStorage();
    if (!this.options.persistDrafts || !key || !store) return;
    try {
      store.setItem(key, JSON.stringify(this.$drafts.get()));
    } catch {
      /* storage full or denied: drafts stay in memory */
    }
  }

  /** L4: keeps what the operator typed for a dialog; an empty draft is removed. */
  setDraft(dialogId: Id, text: string, quoteId?: Id | null): void {
    const current = this.$drafts.get()[dialogId];
    const q = quoteId === undefined ? current?.quoteId : (quoteId ?? undefined);
    const drafts = { ...this.$drafts.get() };
    if (!text && !q) delete drafts[dialogId];
    else drafts[dialogId] = { text, quoteId: q, updatedAt: this.now() };
    this.$drafts.set(drafts);
    this.saveDrafts();
  }

  /** M1: sets or removes the message quoted in the draft. */
  setQuote(dialogId: Id, messageId: Id | null): void {
    this.setDraft(dialogId, this.$drafts.get()[dialogId]?.text ?? '', messageId);
  }

  // ------------------------------------------------------------------ sending (S1-S5, P1-P4)

  /** Checks a file against a dialog's channel before uploading (P1). `null` means accepted. */
  checkFile(dialogId: Id, file: { name: string; type: string; size: number }, alreadyAttached = 0): AttachmentRefusal | null {
    const d = this.$dialogs.get().get(dialogId);
    const ch = d && this.$channelsById.get().get(d.channelId);
    if (!ch) return 'not_allowed';
    return checkAttachment(ch, file, alreadyAttached);
  }

  /** P1: uploads a file for a dialog, with progress in `$uploads`. Resolves with the attachment. */
  async upload(dialogId: Id, file: Blob & { name?: string }, name = file.name ?? 'file'): Promise<UploadState> {
    const key = this.newId();
    const previewUrl = isPreviewableImage(file.type) && typeof URL !== 'undefined' && 'createObjectURL' in URL ? URL.createObjectURL(file) : undefined;
    const put = (s: Partial<UploadState>) => {
      const cur = this.$uploads.get()[key];
      const next = { ...(cur ?? { key, dialogId, name, size: file.size, type: file.type, progress: 0, state: 'uploading' as const, previewUrl }), ...s };
      this.$uploads.set({ ...this.$uploads.get(), [key]: next });
      return next;
    };
    put({});
    const refusal = this.checkFile(dialogId, { name, type: file.type, size: file.size });
    if (refusal) {
      const e = new ChatCommandError(refusal === 'size' ? 'attachment_size' : refusal === 'type' ? 'attachment_type' : refusal === 'count' ? 'attachment_count' : 'attachment_not_allowed', `${name}: ${refusal}`);
      return put({ state: 'failed', error: e.code });
    }
    try {
      const raw = await this.transport.upload(dialogId, file, name, { onProgress: (p) => put({ progress: p.total ? p.loaded / p.total : 1 }) });
      const attachment = parse(AttachmentSchema, raw, 'upload') as Attachment;
      return put({ state: 'done', progress: 1, attachment });
    } catch (e) {
      this.report(e, 'upload');
      return put({ state: 'failed', error: isCommandError(e) ? e.code : 'unavailable' });
    }
  }

  /** Forgets an upload (removed from the composer before sending, or sent). */
  removeUpload(key: string): void {
    const u = this.$uploads.get()[key];
    if (u?.previewUrl && typeof URL !== 'undefined') URL.revokeObjectURL(u.previewUrl);
    const next = { ...this.$uploads.get() };
    delete next[key];
    this.$uploads.set(next);
  }

  /**
   * Sends a message. It appears at once, queued (S2), with a client-generated id that the backend
   * uses as idempotency key. Refusals turn it failed with the reason (S5); a backend out of reach
   * keeps it queued and sends it again, with the same id, when the connection returns.
   * Resolves with the message as it stands.
   */
  async send(dialogId: Id, input: SendInput, id: Id = this.newId()): Promise<Message> {
    const me = this.$me.get();
    const dialog = this.$dialogs.get().get(dialogId);
    if (!me || !dialog) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId');
    const channel = this.$channelsById.get().get(dialog.channelId);
    const attachments = input.attachments ?? [];
    if (!hasContent(input.text, attachments.length)) throw new ChatCommandError('validation', 'A message needs text or a file.', 'text');
    const len = checkLength(input.text, channel?.capabilities.maxLength);
    if (!len.ok) throw new ChatCommandError('too_long', `${len.count} characters without spaces; at most ${len.limit}.`, 'text');
    const req: CommandInput<'sendMessage'> = { id, dialogId, text: input.text, quoteId: input.quoteId, attachments: attachments.map((a) => ({ id: a.id })) };
    // The backend's own rule (text that cannot be stored, ids): refused here, before it shows as sent.
    checkInput('sendMessage', req);
    const existing = this.findMessage(dialogId, id);
    if (existing) {
      // Sent again with the same id (idempotency key): the feed keeps its one copy and its status.
      if (existing.status?.state === 'failed') return existing.status.retryable ? this.retry(dialogId, id) : existing;
      return this.transmit(existing, req);
    }
    const quoted = input.quoteId ? this.$feeds.get()[dialogId]?.messages.find((m) => m.id === input.quoteId) : undefined;
    const local: Message = {
      id,
      dialogId,
      n: 0,
      kind: 'text',
      author: { kind: 'operator', id: me.id },
      text: input.text,
      quote: quoted ? { messageId: quoted.id, author: quoted.author, text: quoted.text } : undefined,
      attachments,
      createdAt: this.now(),
      status: { state: 'queued' },
    };
    // Shown at once even when the history was never loaded; the feed is not marked loaded, so
    // opening the dialog still loads its history (the local copy is merged in).
    this.setFeed(dialogId, (f) => ({ ...f, messages: placeMessage(f.messages, local) }));
    this.setDraft(dialogId, '', null);
    return this.transmit(local, req);
  }

  /**
   * Sends a message in its dialog's order: after the earlier sends of the same dialog were
   * acknowledged or refused. Behind one that is held (the backend out of reach), it is held too,
   * and {@link flushOutbox} sends them in order. Different dialogs do not wait for each other.
   */
  private transmit(local: Message, req: CommandInput<'sendMessage'>): Promise<Message> {
    this.outbox.set(req.id, { dialogId: req.dialogId, input: req });
    return this.inLane(req.dialogId, async () => {
      if (this.heldBefore(req)) return this.findMessage(local.dialogId, local.id) ?? local;
      return (await this.attempt(local, req)).message;
    });
  }

  /** Runs `work` after the dialog's earlier sends. */
  private inLane<T>(dialogId: Id, work: () => Promise<T>): Promise<T> {
    const run = (this.lanes.get(dialogId) ?? Promise.resolve()).then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(dialogId, tail);
    void tail.then(() => {
      if (this.lanes.get(dialogId) === tail) this.lanes.delete(dialogId);
    });
    return run;
  }

  /** Whether a send of the same dialog made before `req` is still waiting to reach the backend. */
  private heldBefore(req: CommandInput<'sendMessage'>): boolean {
    for (const [id, entry] of this.outbox) {
      if (id === req.id) return false;
      if (entry.dialogId === req.dialogId && !this.settledLocally(id, entry.dialogId)) return true;
    }
    return false;
  }

  /** Drops an outbox entry the backend already has (its events came) or refused; answers whether it did. */
  private settledLocally(id: Id, dialogId: Id): boolean {
    const local = this.findMessage(dialogId, id);
    if (local && (local.n > 0 || local.status?.state !== 'queued')) {
      this.outbox.delete(id);
      return true;
    }
    return false;
  }

  /** One send to the backend; `held` when it could not be reached (the message stays queued in the outbox). */
  private async attempt(local: Message, req: CommandInput<'sendMessage'>): Promise<{ message: Message; held: boolean }> {
    try {
      const m = await this.call('sendMessage', req);
      this.outbox.delete(req.id);
      this.placeInFeed(m);
      return { message: this.findMessage(m.dialogId, m.id) ?? m, held: false };
    } catch (e) {
      if (isCommandError(e) && e.code !== 'unavailable' && e.code !== 'internal') {
        this.outbox.delete(req.id);
        const reason = e.code === 'client_blocked' ? 'client_blocked' : e.code === 'not_assigned' || e.code === 'forbidden' ? 'not_assigned' : null;
        if (reason) {
          this.updateMessage(local.dialogId, local.id, (m) => ({ ...m, status: failed(reason) }));
        } else {
          // Refused as invalid: nothing typed is lost; it returns to the draft.
          this.removeLocal(local);
          if (!this.$drafts.get()[local.dialogId]?.text) this.setDraft(local.dialogId, local.text, local.quote?.messageId ?? null);
        }
        this.report(e, 'sendMessage');
        throw e;
      }
      // Not reached: stays queued in the outbox, sent again with the same id.
      this.report(e, 'sendMessage');
      this.flushLater();
      return { message: this.findMessage(local.dialogId, local.id) ?? local, held: true };
    }
  }

  /** While the connection looks fine but a send did not get through, tries the outbox again shortly. */
  private flushLater(): void {
    if (this.flushTimer || this.$connection.get() !== 'online') return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.outbox.size && this.$connection.get() === 'online') void this.flushOutbox();
    }, 3000);
  }

  private removeLocal(m: Message): void {
    this.setFeed(m.dialogId, (f) => ({ ...f, messages: f.messages.filter((x) => x.id !== m.id) }));
  }

  private findMessage(dialogId: Id, id: Id): Message | undefined {
    return this.$feeds.get()[dialogId]?.messages.find((m) => m.id === id);
  }

  /**
   * Sends every message the backend has not acknowledged, with the same ids, each dialog's in the
   * order they were made: one still out of reach holds back the later ones of its dialog.
   */
  async flushOutbox(): Promise<void> {
    const dialogs = new Set([...this.outbox.values()].map((e) => e.dialogId));
    await Promise.all(
      [...dialogs].map((dialogId) =>
        this.inLane(dialogId, async () => {
          for (const [id, entry] of [...this.outbox]) {
            if (entry.dialogId !== dialogId || !this.outbox.has(id) || this.settledLocally(id, dialogId)) continue;
            const local = this.findMessage(dialogId, id) ?? ({ id, dialogId } as Message);
            const r = await this.attempt(local, entry.input).catch(() => ({ held: false }));
            if (r.held) return;
          }
        }),
      ),
    );
  }

  /** S5: sends a failed message again with the same id, where a retry can succeed. */
  async retry(dialogId: Id, messageId: Id): Promise<Message> {
    const m = this.findMessage(dialogId, messageId);
    if (!m) throw new ChatCommandError('not_found', `Message ${messageId} not found.`, 'messageId');
    if (m.status?.state !== 'failed' || !m.status.retryable) return m;
    this.updateMessage(dialogId, messageId, (x) => ({ ...x, status: advanceStatus(x.status, { state: 'queued' }, { retry: true }) }));
    const req: CommandInput<'sendMessage'> = { id: m.id, dialogId, text: m.text, quoteId: m.quote?.messageId, attachments: m.attachments.map((a) => ({ id: a.id })) };
    return this.transmit(m, req);
  }

  // ------------------------------------------------------------------ dialog actions (H1-H6)

  /** Runs a command with an optimistic change, rolled back if the backend refuses. */
  private async optimistic<K extends CommandName>(name: K, input: CommandInput<K>, change: () => () => void, settle: (r: CommandResult<K>) => void): Promise<CommandResult<K>> {
    const rollback = change();
    try {
      const r = await this.call(name, input);
      settle(r);
      return r;
    } catch (e) {
      rollback();
      this.report(e, name);
      throw e;
    }
  }

  private patchDialog(id: Id, patch: Partial<Dialog>): () => void {
    const before = this.$dialogs.get().get(id);
    if (before) this.upsertDialog({ ...before, ...patch });
    return () => {
      if (before) this.upsertDialog(before);
    };
  }

  /** H2: closes a dialog. */
  close(dialogId: Id): Promise<Dialog> {
    return this.optimistic('closeDialog', { dialogId }, () => this.patchDialog(dialogId, { status: 'closed' }), (d) => this.upsertDialog(d));
  }

  /** H2: reopens a closed dialog. */
  reopen(dialogId: Id): Promise<Dialog> {
    return this.optimistic('reopenDialog', { dialogId }, () => this.patchDialog(dialogId, { status: 'open' }), (d) => this.upsertDialog(d));
  }

  /** H1: hands the dialog to another operator or a bot. A closed dialog stays closed. */
  reassign(dialogId: Id, to: Assignee): Promise<Dialog> {
    return this.optimistic('reassignDialog', { dialogId, to }, () => this.patchDialog(dialogId, { assignee: to }), (d) => {
      const me = this.$me.get();
      // H1: after handing it away, a non-administrator no longer sees it.
      if (me && me.role !== 'administrator' && !(d.assignee?.kind === 'operator' && d.assignee.id === me.id) && d.assignee?.kind === 'operator') this.removeDialog(d.id);
      else this.upsertDialog(d);
    });
  }

  private patchRead(dialogId: Id, patch: Partial<ReadState>): () => void {
    const before = this.$readStates.get()[dialogId];
    const d = this.$dialogs.get().get(dialogId);
    const base: ReadState = before ?? { dialogId, readClientCount: 0, markedUnread: false };
    const next = { ...base, ...patch };
    if (patch.readClientCount === -1) next.readClientCount = d?.clientMessageCount ?? 0;
    this.$readStates.set({ ...this.$readStates.get(), [dialogId]: next });
    return () => {
      const all = { ...this.$readStates.get() };
      if (before) all[dialogId] = before;
      else delete all[dialogId];
      this.$readStates.set(all);
    };
  }

  private setRead = (r: ReadState): void => {
    this.$readStates.set({ ...this.$readStates.get(), [r.dialogId]: r });
  };

  /** H3: marks a dialog unread for this operator only. */
  markUnread(dialogId: Id): Promise<ReadState> {
    return this.optimistic('markUnread', { dialogId }, () => this.patchRead(dialogId, { markedUnread: true }), this.setRead);
  }

  /** L1/N2: marks every message of a dialog read. */
  markRead(dialogId: Id): Promise<ReadState> {
    return this.optimistic('markRead', { dialogId }, () => this.patchRead(dialogId, { markedUnread: false, readClientCount: -1 }), this.setRead);
  }

  private patchClient(id: Id, patch: Partial<Client>): () => void {
    const before = this.$clients.get().get(id);
    if (before) this.upsertClient({ ...before, ...patch });
    return () => {
      if (before) this.upsertClient(before);
    };
  }

  /** H4: blocks a client: nothing is sent to or received from them until unblocked. */
  block(clientId: Id): Promise<Client> {
    return this.optimistic('blockClient', { clientId }, () => this.patchClient(clientId, { blocked: true }), (c) => this.upsertClient(c));
  }

  /** H4: unblocks a client. */
  unblock(clientId: Id): Promise<Client> {
    return this.optimistic('unblockClient', { clientId }, () => this.patchClient(clientId, { blocked: false }), (c) => this.upsertClient(c));
  }

  /** H5/W2: unlinks the client from the dialog (the client is not deleted). Confirm first in the UI. */
  detach(dialogId: Id): Promise<Dialog> {
    return this.optimistic('detachClient', { dialogId }, () => this.patchDialog(dialogId, { clientId: null }), (d) => this.upsertDialog(d));
  }

  /** D1-D4: deletes dialogs; resolves with a result per dialog. Failed ones come back. */
  async deleteDialogs(dialogIds: Id[]): Promise<DeleteResult[]> {
    const before = new Map(this.$dialogs.get());
    const next = new Map(before);
    for (const id of dialogIds) next.delete(id);
    this.$dialogs.set(next);
    try {
      const { results } = await this.call('deleteDialogs', { dialogIds });
      const restore = results.filter((r) => !r.ok).map((r) => before.get(r.dialogId)).filter((d): d is Dialog => !!d);
      if (restore.length) {
        const m = new Map(this.$dialogs.get());
        for (const d of restore) m.set(d.id, d);
        this.$dialogs.set(m);
      }
      for (const r of results) if (r.ok) this.removeDialog(r.dialogId);
      return results;
    } catch (e) {
      const m = new Map(this.$dialogs.get());
      for (const id of dialogIds) {
        const d = before.get(id);
        if (d) m.set(id, d);
      }
      this.$dialogs.set(m);
      this.report(e, 'deleteDialogs');
      throw e;
    }
  }

  /** M1: creates a quick reply, from a message's text or any text. */
  async createQuickReply(text: string, opts: { title?: string; messageId?: Id } = {}): Promise<QuickReply> {
    try {
      const q = await this.call('createQuickReply', { id: this.newId(), text, title: opts.title, messageId: opts.messageId });
      if (!this.$quickReplies.get().some((x) => x.id === q.id)) this.$quickReplies.set([...this.$quickReplies.get(), q]);
      return q;
    } catch (e) {
      this.report(e, 'createQuickReply');
      throw e;
    }
  }

  /** H6: forwards an attachment into a dialog (this one or another); the channel must accept it. */
  async forwardAttachment(attachmentId: Id, toDialogId: Id): Promise<Message> {
    try {
      const m = await this.call('forwardAttachment', { id: this.newId(), attachmentId, toDialogId });
      this.placeInFeed(m);
      return m;
    } catch (e) {
      this.report(e, 'forwardAttachment');
      throw e;
    }
  }

  /** H6: a page of a dialog's images or files, newest first. */
  listAttachments(dialogId: Id, kind: 'image' | 'file', cursor?: number, limit?: number): Promise<AttachmentPage> {
    return this.call('listAttachments', { dialogId, kind, cursor, limit });
  }

  /** T6/L5: replaces a client's tags (add, remove, pin, unpin). */
  setClientTags(clientId: Id, tags: ClientTag[]): Promise<Client> {
    return this.optimistic('setClientTags', { clientId, tags }, () => this.patchClient(clientId, { tags }), (c) => this.upsertClient(c));
  }

  /** The current status of a message, as the feed holds it. */
  statusOf(dialogId: Id, messageId: Id): MessageStatus | undefined {
    return this.findMessage(dialogId, messageId)?.status;
  }

  /** The feed of a dialog (empty until loaded). */
  feed(dialogId: Id): DialogFeed {
    return this.$feeds.get()[dialogId] ?? EMPTY_FEED;
  }

  /** F2: whether the signed-in operator may change the chat settings (an administrator). */
  readonly $canEditSettings: ReadableAtom<boolean> = computed(this.$me, (me) => !!me && canEditSettings(me));

  /**
   * F2: changes the chat settings (administrators only; others are refused with `forbidden`).
   * `{ responseTimeLimitMs: 900_000 }` sets a 15-minute response-time limit; `null` clears it
   * ("no time limit"): processing order is then unavailable and lists sort by last activity.
   * `$settings` changes at once (undone if refused), and every operator's list re-sorts.
   */
  updateSettings(patch: SettingsPatch): Promise<ChatSettings> {
    return this.optimistic(
      'updateSettings',
      patch,
      () => {
        const before = this.$settings.get();
        if (patch.responseTimeLimitMs !== undefined) this.$settings.set({ ...before, responseTimeLimitMs: patch.responseTimeLimitMs });
        return () => this.$settings.set(before);
      },
      (settings) => this.$settings.set(settings),
    );
  }
}

/** Creates the page's chat client. Call {@link ChatClient.start} to connect. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  return new ChatClient(options);
}
