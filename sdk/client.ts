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
  ClientRecord,
  ClientTag,
  Dialog,
  DialogPage,
  Id,
  ListRow,
  Message,
  MessageStatus,
  Operator,
  QuickReply,
  ReadState,
  SearchHit,
  Snapshot,
  Tag,
} from './model.js';
import {
  ChatCommandError,
  ChatProtocolError,
  isCommandError,
  type AttachmentPage,
  type ClientDetail,
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
import { AttachmentSchema, ChatEventSchema, describeIssues, InputSchemas, parse, ResultSchemas } from './schema.js';
import { checkAttachment, isPreviewableImage, refusalCode, REFUSAL_TEXT, type AttachmentRefusal } from './rules/attachments.js';
import { checkLength, hasContent } from './rules/length.js';
import { canEditSettings, dialogActions, type DialogActions } from './rules/permissions.js';
import { clientSummary, isFullClient } from './rules/clients.js';
import { normalizeQuery, type DialogQuery } from './rules/query.js';
import { advanceStatus, failed } from './rules/status.js';
import { isUnread, unreadCount } from './rules/unread.js';
import { sessionOf, type DialogSession } from './session/dialog-session.js';
import { ListModel, type ListHost, type ListState } from './list/list-model.js';
import { LiveMap } from './list/live-map.js';

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
  /** Dialogs per list page (default 100, at most 500): the first page comes with the snapshot, the next ones on demand. */
  listPageSize?: number;
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
  client: ClientRecord | null;
  unread: number;
  isUnread: boolean;
  draft: Draft | undefined;
}

function newUuid(): Id {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Checks a command's input with the schema the backend applies (`InputSchemas`): a refusal the
 * backend would answer `400 validation` is thrown here, naming the field, and nothing is sent.
 */
function checkInput<K extends CommandName>(name: K, input: CommandInput<K>): void {
  const r = v.safeParse(InputSchemas[name] as v.GenericSchema, input);
  if (r.success) return;
  const { field, text } = describeIssues(r.issues);
  throw new ChatCommandError('validation', text, field);
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
  /**
   * The dialogs the client holds, by id: the loaded rows of the list, the dialog open in the chat
   * window, dialogs with a loaded history or a pending alert. Not every dialog the operator may
   * see: those are paged from the server (`$listState`, {@link loadMoreDialogs}, {@link getDialog}).
   * The map is a live read-only view, replaced (not copied) on every change; entries are replaced,
   * never changed in place.
   */
  readonly $dialogs: ReadableAtom<ReadonlyMap<Id, Dialog>>;
  /** Clients of those dialogs, by id: the list's summary, or the full record once loaded ({@link isFullClient}). */
  readonly $clients: ReadableAtom<ReadonlyMap<Id, ClientRecord>>;
  /** This operator's read positions of those dialogs, by dialog id (L1, N2, H3). */
  readonly $readStates: ReadableAtom<ReadonlyMap<Id, ReadState>>;
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

  /** The dialog list: rows loaded, total, loading (see {@link ListState}). */
  readonly $listState: ReadableAtom<ListState>;

  /**
   * F2-F6, L6: the loaded rows of the list, filtered and sorted by `$query` (a copy, made when
   * read: elements that window the list read {@link listRow} and `$listState` instead).
   */
  readonly $list: ReadableAtom<Dialog[]>;

  /** L1: unread client messages per dialog held. */
  readonly $unreadCounts: ReadableAtom<ReadonlyMap<Id, number>>;

  /** N2: the number of unread dialogs, exact (from the server, moved by every event). */
  readonly $unreadDialogCount: ReadableAtom<number>;

  /**
   * T7: dialogs per tag among the dialogs the rest of the query selects (pinned links only under
   * the pinned switch), exact. Asked from the server while something listens to it.
   */
  readonly $tagCounts: ReadableAtom<ReadonlyMap<Id, number>>;

  private readonly dialogMap = new LiveMap<Id, Dialog>();
  private readonly clientMap = new LiveMap<Id, ClientRecord>();
  private readonly readMap = new LiveMap<Id, ReadState>();
  /** Per client, how many held dialogs use it (so letting a dialog go never scans the others). */
  private readonly clientRefs = new Map<Id, number>();
  private readonly list: ListModel;

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
    this.$dialogs = this.dialogMap.$store;
    this.$clients = this.clientMap.$store;
    this.$readStates = this.readMap.$store;
    this.list = new ListModel(this.listHost(), this.$query.get(), { pageSize: options.listPageSize });
    this.$listState = this.list.$state;
    this.$list = computed(this.list.$state, () => this.list.rows());
    this.$unreadDialogCount = this.list.$unread;
    this.$tagCounts = this.list.$tagCounts;
    this.$unreadCounts = computed([this.$dialogs, this.$readStates], (dialogs, reads) => {
      const m = new Map<Id, number>();
      for (const d of dialogs.values()) m.set(d.id, unreadCount(d, reads.get(d.id)));
      return m;
    });
    this.restoreDrafts();
  }

  /** The response-time limit the server ordered the list's pages with (F2). */
  private orderedWithLimit: number | null | undefined;

  /**
   * F2: the response-time limit is part of the processing order's key: once the server has it (its
   * event, or its answer to our own change), the list sorts again (at once when it holds the whole
   * answer, otherwise by asking the server's pages again).
   */
  private settingsApplied(settings: ChatSettings): void {
    this.$settings.set(settings);
    if (this.orderedWithLimit === settings.responseTimeLimitMs) return;
    this.orderedWithLimit = settings.responseTimeLimitMs;
    if (this.$ready.get()) void this.list.resort().catch((e: unknown) => this.report(e, 'list'));
  }

  /** What the list model asks of the client. */
  private listHost(): ListHost {
    return {
      request: (input) => this.call('listDialogs', input),
      lastSeq: () => this.lastSeq,
      catchUp: () => void this.resync(),
      settings: () => this.$settings.get(),
      row: (id) => this.rowState(id),
      hold: (rows) => {
        for (const r of rows) this.holdRow(r);
      },
      released: (ids) => {
        for (const id of ids) if (!this.pinned(id)) this.forget(id);
      },
      report: (e, context) => this.report(e, context),
    };
  }

  /** The row of a dialog the client holds. */
  private rowState(id: Id): ListRow | undefined {
    const dialog = this.dialogMap.get(id);
    if (!dialog) return undefined;
    const c = dialog.clientId ? this.clientMap.get(dialog.clientId) : undefined;
    return { dialog, client: c ? clientSummary(c) : null, read: this.readMap.get(id) ?? null };
  }

  /** Holds a row: its dialog, its client (keeping a full record full) and the read position. */
  private holdRow(r: ListRow, fullClient?: Client | null): void {
    const before = this.dialogMap.get(r.dialog.id)?.clientId;
    if (before !== r.dialog.clientId || !this.dialogMap.has(r.dialog.id)) {
      if (before) this.unrefClient(before);
      if (r.dialog.clientId) this.clientRefs.set(r.dialog.clientId, (this.clientRefs.get(r.dialog.clientId) ?? 0) + 1);
    }
    this.dialogMap.set(r.dialog.id, r.dialog);
    const incoming = fullClient ?? r.client;
    if (incoming) {
      const had = this.clientMap.get(incoming.id);
      this.clientMap.set(incoming.id, had && isFullClient(had) && !isFullClient(incoming) ? { ...had, ...incoming } : incoming);
    }
    if (r.read) this.readMap.set(r.dialog.id, r.read);
    else this.readMap.delete(r.dialog.id);
  }

  /** Whether the client keeps a dialog whatever the list shows: open, with a history loaded, or alerted. */
  private pinned(id: Id): boolean {
    return this.retained.has(id) || this.$activeDialogId.get() === id || id in this.$feeds.get() || this.$alerts.get().some((a) => a.dialogId === id);
  }

  /** Dialogs kept by {@link retainDialog}, with how many holders each. */
  private readonly retained = new Map<Id, number>();

  /**
   * Keeps a dialog, with its whole client record, in the working set while something shows it
   * outside the list's loaded window (a client card, an attachment viewer, an order card): it is
   * loaded when missing and not let go when the list moves. Call the returned function when done
   * (calling it twice is harmless). A dialog the operator may not see is refused as
   * {@link getDialog} refuses it: the rejection is the returned `loaded` promise's.
   */
  retainDialog(dialogId: Id): { loaded: Promise<Dialog>; release: () => void } {
    this.retained.set(dialogId, (this.retained.get(dialogId) ?? 0) + 1);
    const loaded = this.getDialog(dialogId);
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      const n = (this.retained.get(dialogId) ?? 1) - 1;
      if (n > 0) {
        this.retained.set(dialogId, n);
        return;
      }
      this.retained.delete(dialogId);
      if (!this.pinned(dialogId) && !this.list.holds(dialogId)) this.forget(dialogId);
    };
    return { loaded, release };
  }

  /**
   * Keeps a client's whole record in `$clients` while something shows it (a CRM's client card,
   * `<client-widget client-id>`), whether or not any of their dialogs is loaded; it follows live
   * changes. Call `release` when done (twice is harmless). A client none of whose dialogs the
   * operator sees is refused (`not_found`), as {@link getClient} refuses it.
   */
  retainClient(clientId: Id): { loaded: Promise<Client>; release: () => void } {
    this.clientRefs.set(clientId, (this.clientRefs.get(clientId) ?? 0) + 1);
    const held = this.clientMap.get(clientId);
    const loaded = isFullClient(held) ? Promise.resolve(held) : this.getClient(clientId).then((r) => r.client);
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      if (this.unrefClient(clientId) === 0) this.clientMap.delete(clientId);
    };
    return { loaded, release };
  }

  /**
   * A client's whole record and the dialogs of theirs the operator sees (latest first, at most
   * 50), from the server. The record is kept only while something holds it ({@link retainClient},
   * a loaded dialog of theirs); {@link retainDialog} keeps a dialog of the answer.
   */
  async getClient(clientId: Id): Promise<ClientDetail> {
    const r = await this.call('getClient', { clientId });
    if (this.clientRefs.has(clientId)) this.clientMap.set(clientId, r.client);
    return r;
  }

  /** Lets a dialog go from the working set (its client stays while another dialog uses it). */
  private forget(id: Id): void {
    const d = this.dialogMap.get(id);
    this.readMap.delete(id);
    if (!d) return;
    this.dialogMap.delete(id);
    if (d.clientId && this.unrefClient(d.clientId) === 0) this.clientMap.delete(d.clientId);
  }

  /** One dialog fewer uses the client; answers how many still do (a count, not a scan of the working set). */
  private unrefClient(clientId: Id): number {
    const n = (this.clientRefs.get(clientId) ?? 1) - 1;
    if (n > 0) this.clientRefs.set(clientId, n);
    else this.clientRefs.delete(clientId);
    return n;
  }

  /** Holds the row after an event: kept when a window shows it or something pins it, let go otherwise. */
  private placeRow(r: ListRow, shown: boolean, fullClient?: Client | null): void {
    if (shown || this.pinned(r.dialog.id)) this.holdRow(r, fullClient);
    else if (this.dialogMap.has(r.dialog.id)) this.forget(r.dialog.id);
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
        state: (state, head) => this.onState(state, head),
      });
    }
    return this.track(this.bootstrap()).then(() => this.catchUpToStream());
  }

  /** Where the event stream started (the transport's `head` when it came online). */
  private streamHead = 0;

  /**
   * The snapshot and the event stream start side by side: when the stream started after the
   * snapshot was read, the events between them are asked for (nothing else would bring them).
   */
  private catchUpToStream(): Promise<void> | undefined {
    if (this.$ready.get() && this.$connection.get() === 'online' && this.streamHead > this.lastSeq) return this.resync();
    return undefined;
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

  private onState(state: ConnectionState, head?: number): void {
    this.$connection.set(state);
    if (state === 'online') {
      this.streamHead = head ?? 0;
      if (this.everOnline && this.$ready.get()) void this.resync();
      else if (!this.syncing) void this.catchUpToStream();
      this.everOnline = true;
      void this.flushOutbox();
    }
  }

  private async bootstrap(): Promise<void> {
    const query = this.$query.get();
    const snap = await this.call('bootstrap', { query, limit: this.listPageSize() });
    this.applySnapshot(snap, query);
  }

  private listPageSize(): number {
    return Math.max(1, Math.min(500, Math.floor(this.options.listPageSize ?? 100)));
  }

  private applySnapshot(snap: Snapshot, query: DialogQuery): void {
    this.lastSeq = snap.seq;
    this.$me.set(snap.me);
    this.$operators.set(snap.operators);
    this.$bots.set(snap.bots);
    this.$channels.set(snap.channels);
    this.$tags.set(snap.tags);
    this.$settings.set(snap.settings);
    this.orderedWithLimit = snap.settings.responseTimeLimitMs;
    this.$quickReplies.set(snap.quickReplies);
    // The working set starts again from the first page; pinned dialogs are kept and checked.
    const pinned = [...this.dialogMap.keys()].filter((id) => this.pinned(id));
    for (const id of [...this.dialogMap.keys()]) if (!pinned.includes(id)) this.forget(id);
    this.list.start(snap.list, query);
    if (this.$ready.get()) for (const id of pinned) if (!this.list.holds(id)) void this.getDialog(id, true).catch(() => undefined);
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

  private batching = false;

  /** Applies a burst of changes so that each store changes, and notifies, once. */
  private inBatch(fn: () => void): void {
    if (this.batching) return fn();
    this.batching = true;
    try {
      batchStores(fn);
    } finally {
      this.batching = false;
      this.list.afterEvents();
    }
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
        const known = this.rowState(event.dialog.id);
        const now: ListRow = {
          dialog: event.dialog,
          client: event.client !== undefined ? event.client : (known?.client ?? null),
          read: event.read !== undefined ? event.read : (known?.read ?? null),
        };
        const text = event.message.kind === 'text' ? event.message.text : undefined;
        const message = { id: event.message.id, n: event.message.n };
        // An alert pins its dialog: decided before the row is kept or let go.
        this.maybeAlert(event.message, event.dialog, now.client);
        this.placeRow(now, this.list.change(event.seq, { id: event.dialog.id, was: event.was, now, text, message }));
        this.placeInFeed(event.message);
        break;
      }
      case 'message.status':
        this.updateMessage(event.dialogId, event.messageId, (m) => ({ ...m, status: advanceStatus(m.status, event.status, { retry: event.status.state === 'queued' }) }));
        break;
      case 'dialog.upserted': {
        const known = this.rowState(event.dialog.id);
        const now: ListRow = { dialog: event.dialog, client: event.client && clientSummary(event.client), read: event.read !== undefined ? event.read : (known?.read ?? null) };
        this.placeRow(now, this.list.change(event.seq, { id: event.dialog.id, was: event.was, now }), event.client);
        break;
      }
      case 'dialog.removed':
        this.list.change(event.seq, { id: event.dialogId, was: event.was, now: null });
        this.removeDialog(event.dialogId, false);
        break;
      case 'client.updated': {
        const c = event.client;
        const summary = clientSummary(c);
        const reads = new Map((event.readStates ?? []).map((r) => [r.dialogId, r]));
        if (event.dialogs) {
          for (const d of event.dialogs) {
            const read = reads.get(d.id) ?? this.readMap.get(d.id) ?? null;
            const was = event.was === undefined ? undefined : { dialog: d, client: event.was, read };
            const shown = this.list.change(event.seq, { id: d.id, was, now: { dialog: d, client: summary, read }, renamed: event.was !== undefined && event.was.name !== c.name });
            this.placeRow({ dialog: d, client: summary, read }, shown);
          }
        } else {
          // The backend did not say which dialogs: those held move, and the counts are asked again.
          for (const d of [...this.dialogMap.values()]) {
            if (d.clientId !== c.id) continue;
            const read = this.readMap.get(d.id) ?? null;
            this.placeRow({ dialog: d, client: summary, read }, this.list.change(event.seq, { id: d.id, was: undefined, now: { dialog: d, client: summary, read } }));
          }
        }
        if (this.clientMap.has(c.id)) this.clientMap.set(c.id, c);
        break;
      }
      case 'read.updated': {
        const r = event.readState;
        const known = this.rowState(r.dialogId);
        const dialog = event.dialog ?? known?.dialog;
        if (dialog) {
          const client = known?.client ?? null;
          const was = event.was === undefined ? undefined : { dialog, client, read: event.was };
          const now: ListRow = { dialog, client, read: r };
          this.placeRow(now, this.list.change(event.seq, { id: r.dialogId, was, now, readOnly: true }));
        } else {
          this.list.change(event.seq, { id: r.dialogId, was: undefined, now: null, readOnly: true });
        }
        break;
      }
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
        this.settingsApplied(event.settings);
        break;
    }
  }

  /** A local change of a dialog (optimistic, or a command's answer): its row moves in the list; counts wait for the event. */
  private upsertDialog(d: Dialog): void {
    const was = this.rowState(d.id);
    // A dialog the client no longer holds (an event moved it out meanwhile): the events say the rest.
    if (!was) return;
    const now: ListRow = { dialog: d, client: was.client, read: was.read };
    this.placeRow(now, this.list.local(d.id, was, now));
  }

  /** A local change of a client (optimistic, or a command's answer). */
  private upsertClient(c: ClientRecord): void {
    const summary = clientSummary(c);
    for (const d of [...this.dialogMap.values()]) {
      if (d.clientId !== c.id) continue;
      const was = this.rowState(d.id)!;
      this.list.local(d.id, was, { ...was, client: summary });
    }
    this.clientMap.set(c.id, c);
  }

  /** A local read position (optimistic, or a command's answer). */
  private setReadLocal(r: ReadState | null, dialogId: Id): void {
    const was = this.rowState(dialogId);
    if (was) this.list.local(dialogId, was, { ...was, read: r });
    if (r) this.readMap.set(dialogId, r);
    else this.readMap.delete(dialogId);
  }

  /** Lets a dialog go everywhere; `local`: the list moves too (an event already moved it otherwise). */
  private removeDialog(id: Id, local = true): void {
    const was = local ? this.rowState(id) : undefined;
    if (was) this.list.local(id, was, null);
    const feeds = { ...this.$feeds.get() };
    const hadFeed = id in feeds;
    delete feeds[id];
    if (hadFeed) this.$feeds.set(feeds);
    if (this.$activeDialogId.get() === id) this.$activeDialogId.set(null);
    // N1: no alert leads to a dialog that is gone (deleted, or handed away: H1).
    if (this.$alerts.get().some((a) => a.dialogId === id)) this.$alerts.set(this.$alerts.get().filter((a) => a.dialogId !== id));
    this.forget(id);
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

  private maybeAlert(m: Message, d: Dialog, clientOfDialog: ClientRecord | null): void {
    if (m.author.kind !== 'client' || m.kind !== 'text' || this.$muted.get()) return;
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    if (this.$activeDialogId.get() === d.id && visible) return;
    if (this.$alerts.get().some((a) => a.id === m.id)) return;
    const client = clientOfDialog ?? (d.clientId ? this.clientMap.get(d.clientId) : undefined);
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
    const read = this.readMap.get(dialog.id);
    return {
      dialog,
      client: dialog.clientId ? (this.$clients.get().get(dialog.clientId) ?? null) : null,
      unread: unreadCount(dialog, read),
      isUnread: isUnread(dialog, read),
      draft: this.$drafts.get()[dialog.id],
    };
  }

  /**
   * The headless session of a dialog: its composer, the actions it offers and why not, the
   * mark-read policy and display names (see {@link DialogSession}). One per dialog id, cached.
   */
  session(dialogId: Id): DialogSession {
    return sessionOf(this, dialogId);
  }

  /** The header actions (H1-H6, P3) this operator may take on a dialog. */
  actions(dialogId: Id): DialogActions | null {
    const me = this.$me.get();
    const d = this.$dialogs.get().get(dialogId);
    if (!me || !d) return null;
    return dialogActions(me, d, d.clientId ? this.$clients.get().get(d.clientId) : null);
  }

  /**
   * Replaces the list's query (or part of it). Answered locally when the loaded rows hold the
   * whole answer, otherwise by the server; resolves once the list shows the new query's rows.
   */
  setQuery(query: Partial<DialogQuery>): Promise<void> {
    const next = normalizeQuery({ ...this.$query.get(), ...query });
    this.$query.set(next);
    if (!this.$ready.get()) return Promise.resolve();
    return this.list.setQuery(next);
  }

  /**
   * Dialogs the operator sees whose client name, title or messages match `search` (L6, folded for
   * case and accents), open or closed, latest activity first: a page from the server, whatever the
   * list has loaded ("Go to a dialog"). The list and its query do not change; `counts.total` says
   * how many match in all.
   */
  findDialogs(search: string, limit = 8): Promise<DialogPage> {
    return this.call('listDialogs', { query: normalizeQuery({ status: 'all', search, sort: 'activity' }), limit: Math.max(1, Math.min(100, limit)), counts: ['total'] });
  }

  /** The loaded row at index `i` of the list (`undefined` beyond the loaded rows: see {@link loadDialogsUntil}). */
  listRow(i: number): Dialog | undefined {
    return this.list.at(i);
  }

  /** Loaded rows of the list from `from` to `to` (exclusive). */
  listRows(from: number, to: number): Dialog[] {
    return this.list.slice(from, to);
  }

  /** The index of a dialog among the loaded rows of the list, or -1. */
  listIndexOf(dialogId: Id): number {
    return this.list.indexOf(dialogId);
  }

  /**
   * L6: with a search in the query, the message it matched in a loaded row (its newest such
   * message, with an excerpt around the match), or `undefined` when the row matched by its title
   * or client only, or without a search.
   */
  listHit(dialogId: Id): SearchHit | undefined {
    return this.list.hit(dialogId);
  }

  /** Loads the next page of the list. */
  loadMoreDialogs(): Promise<void> {
    return this.list.loadMore();
  }

  /** Loads pages of the list until row `index` is loaded or the list ends. */
  loadDialogsUntil(index: number): Promise<void> {
    return this.list.ensure(index);
  }

  /** Asks the list's rows and counts again from the server. */
  refreshList(): Promise<void> {
    return this.list.refresh();
  }

  /** Resolves once the list shows the current query's answer. */
  listSettled(): Promise<void> {
    return this.list.settled();
  }

  /**
   * A dialog by id, from the working set or the server (with its full client), held while it is
   * open, has a history loaded or an alert. Rejects with `not_found` when the operator may not see it.
   */
  async getDialog(dialogId: Id, fresh = false): Promise<Dialog> {
    const held = this.dialogMap.get(dialogId);
    const c = held?.clientId ? this.clientMap.get(held.clientId) : undefined;
    if (held && !fresh && (!held.clientId || isFullClient(c))) return held;
    try {
      const r = await this.call('getDialog', { dialogId });
      const row: ListRow = { dialog: r.dialog, client: r.client && clientSummary(r.client), read: r.readState };
      this.placeRow(row, this.list.local(dialogId, this.rowState(dialogId), row), r.client);
      return this.dialogMap.get(dialogId) ?? r.dialog;
    } catch (e) {
      if (isCommandError(e) && e.code === 'not_found') this.removeDialog(dialogId);
      throw e;
    }
  }

  /** Opens a dialog: it becomes active, its newest page loads, and it is marked read. */
  async openDialog(dialogId: Id | null): Promise<void> {
    this.$activeDialogId.set(dialogId);
    if (!dialogId) return;
    const dialog = this.getDialog(dialogId).catch((e: unknown) => {
      this.report(e, 'getDialog');
      return undefined;
    });
    const feed = this.$feeds.get()[dialogId];
    if (!feed?.loaded && !feed?.loading) await this.reloadFeed(dialogId);
    const d = await dialog;
    const r = this.readMap.get(dialogId);
    if (d && this.$activeDialogId.get() === dialogId && isUnread(d, r) && !r?.markedUnread) await this.markRead(dialogId);
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
      const e = new ChatCommandError(refusalCode(refusal), `${name}: ${REFUSAL_TEXT[refusal]}.`);
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
    const before = this.readMap.get(dialogId);
    const d = this.dialogMap.get(dialogId);
    const base: ReadState = before ?? { dialogId, readClientCount: 0, markedUnread: false };
    const next = { ...base, ...patch };
    if (patch.readClientCount === -1) next.readClientCount = d?.clientMessageCount ?? 0;
    this.setReadLocal(next, dialogId);
    return () => this.setReadLocal(before ?? null, dialogId);
  }

  private setRead = (r: ReadState): void => {
    this.setReadLocal(r, r.dialogId);
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
    const before = this.clientMap.get(id);
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
    const before = new Map<Id, ListRow>();
    for (const id of dialogIds) {
      const row = this.rowState(id);
      if (!row) continue;
      before.set(id, row);
      this.list.local(id, row, null);
      this.forget(id);
    }
    const restore = (id: Id) => {
      const row = before.get(id);
      if (row) this.placeRow(row, this.list.local(id, null, row));
    };
    try {
      const { results } = await this.call('deleteDialogs', { dialogIds });
      for (const r of results) {
        if (r.ok) this.removeDialog(r.dialogId);
        else restore(r.dialogId);
      }
      return results;
    } catch (e) {
      for (const id of dialogIds) restore(id);
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
      (settings) => this.settingsApplied(settings),
    );
  }
}

/** Creates the page's chat client. Call {@link ChatClient.start} to connect. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  return new ChatClient(options);
}
