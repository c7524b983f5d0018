/**
 * The reference server's {@link Storage} in SQL: plain PostgreSQL (schema in `migrations/`), written
 * once here and run through a small {@link SqlDriver}: PGlite (`pglite-storage.ts`) by default,
 * a PostgreSQL server through another driver. Every core command runs in one SQL transaction
 * ({@link SqlStorage.transaction}). The small, rarely written tables (operators, bots, channels,
 * tags, settings) are also kept in memory, written through once their transaction commits: this
 * server process is taken to be the only writer of those tables.
 */
import type { Attachment, Bot, Channel, ChatSettings, Client, CountName, Dialog, Id, ListCounts, Message, Operator, QuickReply, ReadState, Tag } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import type { DialogQuery, SortKey } from '../../sdk/rules/query.js';
import { clientSearchText, foldText } from '../../sdk/rules/text.js';
import type { ChannelSimulation, SeedData, Storage, TransactionHint, UnnumberedEvent } from '../core/storage.js';
import { migrate } from './migrate.js';
import { cloneData } from '../core/clone.js';
import {
  type SqlExecutor,
  type SqlDriver,
  type Upload,
  CACHE_CHANNEL,
  type DialogRow,
  type MessageRow,
  type ClientRow,
  DIALOG_COLUMNS,
  DIALOG_READ,
  keepDialog,
  MESSAGE_COLUMNS,
  CLIENT_COLUMNS,
  json,
  toDialog,
  dialogParams,
  clientParams,
  toMessage,
  MESSAGE_UPSERT,
  messageParams,
  toClient,
  lockDeliveries,
  attachmentsOf,
  attachmentById,
  type SqlStorageOptions,
  type Cache,
  type TxLink,
  type SqlContext,
} from './sql-rows.js';
import { clientSummaries, dialogsWithText, listPage, listCounts, matchedMessages } from './sql-lists.js';
import { appendEvent, appendEvents, eventsIn, eventsSince, durable, type EventRange } from './sql-events.js';
import { prepareLists, loadSeed, readCaches } from './sql-load.js';
import { createSession, createVisitorSession, deleteSession, SessionCache, sessionOperator, visitorDialog } from './sql-sessions.js';
import { prefetchDialog, readAheadOf, REPLY_COLUMNS, toReply, type PrefetchLink } from './sql-prefetch.js';

export { CACHE_CHANNEL, EVENTS_CHANNEL, hashToken, newToken, type SqlDriver, type SqlExecutor, type SqlStorageOptions } from './sql-rows.js';

/** {@link Storage} in PostgreSQL's SQL over a {@link SqlDriver}. */
export class SqlStorage implements Storage {
  private cache: Cache;
  private readonly link: PrefetchLink | null;
  protected readonly options: SqlStorageOptions;
  private readonly eventLimit: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    /** The database. */
    readonly db: SqlDriver,
    options: SqlStorageOptions = {},
    link?: PrefetchLink,
  ) {
    this.options = options;
    this.eventLimit = options.eventLimit ?? 5000;
    this.now = options.now ?? (() => Date.now());
    this.link = link ?? null;
    // A transaction's view reads a copy of the cache with its own changes applied.
    this.cache = link ? { ...link.shared } : { ops: [], botList: [], channelList: [], sim: {}, tagList: [], settings: { responseTimeLimitMs: null } };
  }

  /** What the SQL modules work with: this view's connection, the driver, its transaction. */
  private get ctx(): SqlContext {
    return { q: this.q, db: this.db, link: this.link, now: this.now, eventLimit: this.eventLimit };
  }

  /** Where queries go: the transaction's connection inside one, the driver outside. */
  private get q(): SqlExecutor {
    return this.link?.tx ?? this.db;
  }

  async transaction<T>(fn: (tx: Storage) => Promise<T>, hint?: TransactionHint): Promise<T> {
    if (this.link) return fn(this);
    let link: TxLink | null = null;
    // What a send reads first may be read ahead for it (`SqlDriver.sharedTransaction`).
    const run = <U>(f: (tx: SqlExecutor) => Promise<U>) => (this.db.sharedTransaction ? this.db.sharedTransaction(f, hint && readAheadOf(hint.dialogId, hint.id)) : this.db.transaction(f));
    const result = await run(async (tx) => {
      // A driver may run this again (a retried serialization failure): start afresh each time.
      const current: TxLink = { tx, shared: this.cache, onCommit: [] };
      link = current;
      const result = await fn(new SqlStorage(this.db, this.options, current));
      // Other servers on the database reload their copy of the small tables once this commits.
      if (current.onCommit.length > 0 && this.db.kind === 'postgres' && !current.cacheAnnounced) await tx.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, '']);
      return result;
    });
    for (const change of (link as TxLink | null)?.onCommit ?? []) change(this.cache);
    return result;
  }

  /** Changes the cache now, or, inside a transaction, in the view now and in the storage on commit. */
  private changeCache(change: (cache: Cache) => void): void {
    change(this.cache);
    this.link?.onCommit.push(change);
  }

  /** Applies the pending schema migrations (`migrations/*.sql`); answers the versions applied. */
  async migrate(): Promise<number[]> {
    return migrate(this.db);
  }

  /** Closes the database (waits for queries in flight). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }

  /** Removes every row (the next {@link init} seeds again). */
  async clear(): Promise<void> {
    await this.db.exec(`
      TRUNCATE visitor_sessions, sessions, events, event_heads, quick_replies, read_states, uploads, upload_files,
        messages, dialogs, clients, settings, tags, channels, bots, operators, meta, dialog_facets, operator_counts`);
  }

  async init(seed: () => SeedData): Promise<boolean> {
    const seeded = await this.db.query<{ value: unknown }>(`SELECT value FROM meta WHERE key = 'seeded_at'`);
    const loaded = seeded.rows.length === 0 && (await loadSeed(this.ctx, seed()));
    // Every command is one transaction: nothing is ever half-written, so there is nothing to
    // repair at start, and a reopen reads only the small tables (no scan of the history).
    await prepareLists(this.ctx);
    await this.loadCaches();
    return loaded;
  }

  /**
   * Reads the small tables into memory again: another server on the same database changed one
   * (it says so with a NOTIFY on {@link CACHE_CHANNEL}).
   */
  async reloadCaches(): Promise<void> {
    this.sessions.clear();
    await this.loadCaches();
  }

  private async loadCaches(): Promise<void> {
    this.cache = await readCaches(this.ctx);
  }

  // ------------------------------------------------------------------ small tables (cached)

  async operators(): Promise<Operator[]> {
    return cloneData(this.cache.ops);
  }
  async bots(): Promise<Bot[]> {
    return cloneData(this.cache.botList);
  }
  async channels(): Promise<Channel[]> {
    return cloneData(this.cache.channelList);
  }
  async simulation(): Promise<Record<Id, ChannelSimulation>> {
    return cloneData(this.cache.sim);
  }
  async putSimulation(channelId: Id, sim: ChannelSimulation): Promise<void> {
    await this.q.query('UPDATE channels SET simulation = $2::jsonb WHERE id = $1', [channelId, JSON.stringify(sim)]);
    const value = cloneData(sim);
    this.changeCache((c) => (c.sim = { ...c.sim, [channelId]: value }));
  }
  async tags(): Promise<Tag[]> {
    return cloneData(this.cache.tagList);
  }
  async putTag(tag: Tag): Promise<void> {
    await this.q.query(
      `INSERT INTO tags (id, position, name, color) VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM tags), $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, color = excluded.color`,
      [tag.id, tag.name, tag.color],
    );
    const value = cloneData(tag);
    this.changeCache((c) => {
      const known = c.tagList.some((t) => t.id === tag.id);
      c.tagList = known ? c.tagList.map((t) => (t.id === tag.id ? value : t)) : [...c.tagList, value];
    });
  }
  async settings(): Promise<ChatSettings> {
    return cloneData(this.cache.settings);
  }
  async putSettings(settings: ChatSettings): Promise<void> {
    await this.q.query(`INSERT INTO settings (key, value) VALUES ('chat', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(settings)]);
    const value = cloneData(settings);
    this.changeCache((c) => (c.settings = value));
  }

  // ------------------------------------------------------------------ clients

  async client(id: Id): Promise<Client | undefined> {
    const known = this.link?.clients?.get(id);
    if (known) return cloneData(known);
    const r = await this.q.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1`, [id]);
    const c = r.rows[0] && toClient(r.rows[0]);
    if (c && this.link) (this.link.clients ??= new Map()).set(id, cloneData(c));
    return c;
  }
  async clients(ids?: Id[]): Promise<Client[]> {
    if (!ids) return (await this.q.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients ORDER BY id`)).rows.map(toClient);
    if (ids.length === 0) return [];
    const r = await this.q.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ANY($1::text[])`, [ids]);
    const byId = new Map(r.rows.map((row) => [row.id, toClient(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
  clientSummaries = (ids: Id[]) => clientSummaries(this.ctx, ids);
  async putClient(client: Client): Promise<void> {
    await this.write(
      `INSERT INTO clients (${CLIENT_COLUMNS}, search_name) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url, contacts = excluded.contacts,
         tags = excluded.tags, source = excluded.source, analytics = excluded.analytics, blocked = excluded.blocked, orders = excluded.orders,
         search_name = excluded.search_name`,
      [...clientParams(client), clientSearchText(client)],
    );
    this.link?.clients?.set(client.id, cloneData(client));
  }

  // ------------------------------------------------------------------ dialogs

  /**
   * Inside a transaction the row is locked until it ends (`FOR UPDATE`): two commands on one
   * dialog, on one server or several, run one after the other, so per-dialog numbers and
   * summaries never race; commands on different dialogs run side by side.
   */
  async dialog(id: Id): Promise<Dialog | undefined> {
    const known = this.link?.dialogs?.get(id);
    if (known) return cloneData(known);
    const row = (await this.q.query<DialogRow>(`SELECT ${DIALOG_READ} FROM dialogs WHERE id = $1${this.lock}`, [id])).rows[0];
    if (!row) return undefined;
    return this.link ? cloneData(keepDialog(this.link, row)) : toDialog(row);
  }
  /** A client's dialogs, by id (locked in that order inside a transaction). */
  async dialogsOfClient(clientId: Id): Promise<Dialog[]> {
    const rows = (await this.q.query<DialogRow>(`SELECT ${DIALOG_READ} FROM dialogs WHERE client_id = $1 ORDER BY id${this.lock}`, [clientId])).rows;
    const link = this.link;
    return link ? rows.map((row) => cloneData(keepDialog(link, row))) : rows.map(toDialog);
  }
  /** Keeps a dialog read or written in this transaction (locked: see {@link TxLink.dialogs}). */
  private remember(d: Dialog): void {
    if (this.link) (this.link.dialogs ??= new Map()).set(d.id, cloneData(d));
  }
  /** A write whose answer is not read: inside a transaction, sent with the next statement where the driver can ({@link SqlExecutor.defer}). */
  private async write(sql: string, params: unknown[]): Promise<void> {
    await (this.link?.tx.defer ? this.link.tx.defer(sql, params) : this.q.query(sql, params));
  }
  /** ` FOR UPDATE` inside a transaction, nothing outside. */
  private get lock(): string {
    return this.link ? ' FOR UPDATE' : '';
  }
  async dialogs(): Promise<Dialog[]> {
    return (await this.q.query<DialogRow>(`SELECT ${DIALOG_COLUMNS} FROM dialogs ORDER BY id`)).rows.map(toDialog);
  }

  async snapshot<T>(fn: (view: Storage) => Promise<T>): Promise<T> {
    if (this.link) return fn(this);
    const result = await this.db.transaction(async (tx) => {
      // One view of the data for every read of `fn`, whatever commits meanwhile.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return fn(new SqlStorage(this.db, this.options, { tx, shared: this.cache, onCommit: [] }));
    });
    // What the view showed (a head, rows) is on disk before anyone is told (`sql-events.ts`).
    await durable(this.ctx);
    return result;
  }

  /** Search ids found for a needle in this transaction (a page and its counts ask twice). */
  private readonly searchMemo = new Map<string, readonly string[] | null>();

  async listPage(viewer: Operator, query: DialogQuery, after: SortKey | null, limit: number): Promise<Dialog[]> {
    return listPage(this.ctx, this.searchMemo, this.cache.settings, viewer, query, after, limit);
  }

  async listCounts(viewer: Operator, query: DialogQuery, what: readonly CountName[]): Promise<ListCounts> {
    return listCounts(this.ctx, this.searchMemo, viewer, query, what);
  }
  async putDialog(dialog: Dialog): Promise<void> {
    await this.write(
      `INSERT INTO dialogs (${DIALOG_COLUMNS}, search_title) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)
       ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, client_id = excluded.client_id, title = excluded.title,
         status = excluded.status, assignee = excluded.assignee, created_at = excluded.created_at, opened_at = excluded.opened_at,
         last_activity_at = excluded.last_activity_at, waiting_since = excluded.waiting_since, last_message = excluded.last_message,
         client_message_count = excluded.client_message_count, last_n = excluded.last_n, search_title = excluded.search_title`,
      [...dialogParams(dialog), foldText(dialog.title)],
    );
    this.remember(dialog);
  }
  async deleteDialog(id: Id): Promise<void> {
    this.link?.dialogs?.delete(id);
    this.link?.reads?.delete(id);
    this.link?.left?.delete(id);
    if (this.link) this.link.messages = undefined; // its messages went with it
    // Messages, read positions and visitor sessions go with it (ON DELETE CASCADE).
    await this.q.query('DELETE FROM dialogs WHERE id = $1', [id]);
  }
  async clientLeft(dialogId: Id): Promise<boolean> {
    const known = this.link?.left?.get(dialogId);
    if (known !== undefined) return known;
    const left = (await this.q.query<{ client_left: boolean }>('SELECT client_left FROM dialogs WHERE id = $1', [dialogId])).rows[0]?.client_left ?? false;
    if (this.link) (this.link.left ??= new Map()).set(dialogId, left);
    return left;
  }
  async setLeft(dialogId: Id, left: boolean): Promise<void> {
    await this.write('UPDATE dialogs SET client_left = $2 WHERE id = $1', [dialogId, left]);
    if (this.link) (this.link.left ??= new Map()).set(dialogId, left);
  }

  // ------------------------------------------------------------------ messages

  async messages(dialogId: Id, before: number | undefined, limit: number): Promise<Message[]> {
    const r = await this.q.query<MessageRow>(
      `SELECT * FROM (
         SELECT ${MESSAGE_COLUMNS} FROM messages WHERE dialog_id = $1 AND ($2::integer IS NULL OR n < $2) ORDER BY n DESC LIMIT $3
       ) page ORDER BY n`,
      [dialogId, before ?? null, limit],
    );
    return r.rows.map(toMessage);
  }
  async pendingDeliveries(): Promise<Id[]> {
    const r = await this.q.query<{ id: string }>(
      `SELECT id FROM messages WHERE status->>'state' IN ('queued', 'sent') OR (read_due IS NOT NULL AND status->>'state' = 'delivered') ORDER BY created_at`,
    );
    return r.rows.map((x) => x.id);
  }
  /** Locked until the transaction ends, inside one (a status change and a retry do not race). */
  async message(id: Id): Promise<Message | undefined> {
    const known = this.link?.messages?.get(id);
    if (known) return cloneData(known);
    if (this.link?.noMessage?.has(id)) return undefined;
    const r = await this.q.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1${this.lock}`, [id]);
    return r.rows[0] && toMessage(r.rows[0]);
  }
  /** Locks and reads at once, in a transaction, what a command on a dialog reads first (`DialogPrefetch`, `sql-prefetch.ts`). */
  async prefetchDialog(dialogId: Id, id?: Id): Promise<void> {
    if (this.link) await prefetchDialog(this.link, dialogId, id);
  }
  /** Locks and reads at once what a batch of delivery steps reads (`DeliveryReads`, `sql-rows.ts`). */
  lockDeliveries(messageIds: readonly Id[], options?: { skipLocked?: boolean }): Promise<Set<Id>> {
    return lockDeliveries(this.ctx, messageIds, options);
  }
  async putMessage(message: Message): Promise<void> {
    this.link?.messages?.set(message.id, cloneData(message));
    this.link?.noMessage?.delete(message.id);
    await this.write(MESSAGE_UPSERT, messageParams(message));
  }
  /** `StatusWrite` (`core/unit.ts`): a status step writes the status column alone. */
  async putMessageStatus(message: Message, readDue: number | null = null): Promise<void> {
    this.link?.messages?.set(message.id, cloneData(message));
    await this.write('UPDATE messages SET status = $2::jsonb, read_due = $3 WHERE id = $1', [message.id, json(message.status), readDue]);
  }
  async dialogsWithText(needle: string): Promise<Set<Id>> {
    return dialogsWithText(this.ctx, needle);
  }
  async matchedMessages(dialogIds: readonly Id[], needle: string): Promise<Map<Id, Message>> {
    return matchedMessages(this.ctx, dialogIds, needle);
  }
  async attachments(dialogId: Id, kind: 'image' | 'file'): Promise<Array<{ attachment: Attachment; message: Message }>> {
    return attachmentsOf(this.ctx, dialogId, kind);
  }
  async attachment(id: Id): Promise<{ attachment: Attachment; message: Message } | undefined> {
    return attachmentById(this.ctx, id);
  }

  // ------------------------------------------------------------------ uploads

  async upload(id: Id): Promise<Upload | undefined> {
    const r = await this.q.query<{ attachment: Attachment; operator_id: string; dialog_id: string }>('SELECT attachment, operator_id, dialog_id FROM uploads WHERE id = $1', [id]);
    const row = r.rows[0];
    return row && { ...row.attachment, operatorId: row.operator_id, dialogId: row.dialog_id };
  }
  async putUpload(upload: Upload): Promise<void> {
    const { operatorId, dialogId, ...attachment } = upload;
    await this.write(
      `INSERT INTO uploads (id, operator_id, dialog_id, attachment, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (id) DO UPDATE SET operator_id = excluded.operator_id, dialog_id = excluded.dialog_id, attachment = excluded.attachment`,
      [upload.id, operatorId, dialogId, JSON.stringify(attachment), this.now()],
    );
  }

  // ------------------------------------------------------------------ read states

  async readState(operatorId: Id, dialogId: Id): Promise<ReadState | undefined> {
    const known = this.link?.reads?.get(dialogId);
    if (known) return cloneData(known.get(operatorId));
    const sql = 'SELECT read_client_count, marked_unread FROM read_states WHERE operator_id = $1 AND dialog_id = $2';
    const r = await this.q.query<{ read_client_count: number; marked_unread: boolean }>(sql, [operatorId, dialogId]);
    const row = r.rows[0];
    return row && { dialogId, readClientCount: row.read_client_count, markedUnread: row.marked_unread };
  }
  async readStates(operatorId: Id): Promise<ReadState[]> {
    const r = await this.q.query<{ dialog_id: string; read_client_count: number; marked_unread: boolean }>(
      'SELECT dialog_id, read_client_count, marked_unread FROM read_states WHERE operator_id = $1 ORDER BY dialog_id',
      [operatorId],
    );
    return r.rows.map((row) => ({ dialogId: row.dialog_id, readClientCount: row.read_client_count, markedUnread: row.marked_unread }));
  }
  async readStatesOf(operatorId: Id, dialogIds: readonly Id[]): Promise<ReadState[]> {
    if (dialogIds.length === 0) return [];
    const r = await this.q.query<{ dialog_id: string; read_client_count: number; marked_unread: boolean }>(
      'SELECT dialog_id, read_client_count, marked_unread FROM read_states WHERE operator_id = $1 AND dialog_id = ANY($2::text[])',
      [operatorId, dialogIds],
    );
    const byId = new Map(r.rows.map((row) => [row.dialog_id, { dialogId: row.dialog_id, readClientCount: row.read_client_count, markedUnread: row.marked_unread }]));
    // In the order asked (the page's order).
    return dialogIds.flatMap((id) => byId.get(id) ?? []);
  }
  async dialogReadStates(dialogId: Id): Promise<Map<Id, ReadState>> {
    const known = this.link?.reads?.get(dialogId);
    if (known) return cloneData(known);
    const r = await this.q.query<{ operator_id: string; read_client_count: number; marked_unread: boolean }>(
      'SELECT operator_id, read_client_count, marked_unread FROM read_states WHERE dialog_id = $1',
      [dialogId],
    );
    const reads = new Map(r.rows.map((row) => [row.operator_id, { dialogId, readClientCount: row.read_client_count, markedUnread: row.marked_unread }]));
    if (this.link) (this.link.reads ??= new Map()).set(dialogId, cloneData(reads));
    return reads;
  }
  async putReadState(operatorId: Id, state: ReadState): Promise<void> {
    await this.write(
      `INSERT INTO read_states (operator_id, dialog_id, read_client_count, marked_unread) VALUES ($1, $2, $3, $4)
       ON CONFLICT (operator_id, dialog_id) DO UPDATE SET read_client_count = excluded.read_client_count, marked_unread = excluded.marked_unread`,
      [operatorId, state.dialogId, state.readClientCount, state.markedUnread],
    );
    this.link?.reads?.get(state.dialogId)?.set(operatorId, { ...state });
  }

  // ------------------------------------------------------------------ quick replies

  async quickReplies(): Promise<QuickReply[]> {
    return (await this.q.query<Parameters<typeof toReply>[0]>(`SELECT ${REPLY_COLUMNS} FROM quick_replies ORDER BY created_at, id`)).rows.map(toReply);
  }
  async quickReply(id: Id): Promise<QuickReply | undefined> {
    const known = this.link?.replies?.get(id);
    if (known !== undefined) return known ? { ...known } : undefined;
    const q = (await this.q.query<Parameters<typeof toReply>[0]>(`SELECT ${REPLY_COLUMNS} FROM quick_replies WHERE id = $1`, [id])).rows[0];
    return q && toReply(q);
  }
  async putQuickReply(reply: QuickReply): Promise<void> {
    await this.write(
      `INSERT INTO quick_replies (id, title, text, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET created_by = CASE WHEN quick_replies.created_by = excluded.created_by THEN quick_replies.created_by ELSE chatdesk_id_taken('quick reply', quick_replies.id) END, title = excluded.title, text = excluded.text`,
      [reply.id, reply.title, reply.text, reply.createdBy, reply.createdAt],
    );
    this.link?.replies?.set(reply.id, { ...reply });
  }

  // ------------------------------------------------------------------ events
  async appendEvent(operatorId: Id, event: UnnumberedEvent): Promise<ChatEvent> {
    return appendEvent(this.ctx, operatorId, event);
  }
  /** Numbers a command's events in one statement (see `sql-events.ts` for the sequence rule). */
  async appendEvents(events: ReadonlyArray<{ operatorId: Id; event: UnnumberedEvent }>, options: { last?: boolean } = {}): Promise<ChatEvent[]> {
    return appendEvents(this.ctx, events, options);
  }
  /** A notification sent with the transaction's commit, and only if it commits (PostgreSQL `NOTIFY`). */
  notifyOnCommit = (channel: string, payload: string): Promise<void> => this.write('SELECT pg_notify($1, $2)', [channel, payload]);
  async lastSeq(operatorId: Id): Promise<number> {
    const r = await this.q.query<{ seq: number }>('SELECT seq FROM event_heads WHERE operator_id = $1', [operatorId]);
    await durable(this.ctx); // on disk before anyone is told
    return r.rows[0]?.seq ?? 0;
  }
  async eventsSince(operatorId: Id, since: number): Promise<ChatEvent[] | null> {
    return eventsSince(this.ctx, operatorId, since);
  }
  /** The events in each range, by operator, in one query (`sql-events.ts`). */
  eventsIn(ranges: readonly EventRange[]): Promise<Map<Id, ChatEvent[]>> {
    return eventsIn(this.ctx, ranges);
  }

  // ------------------------------------------------------------------ sessions (the server's own)

  /** Issues a bearer token for an operator (its hash stored), lasting `sessionTtlMs` (12 h) unused; each use in its second half extends it. */
  createSession(operatorId: Id, label = ''): Promise<string> {
    return createSession(this.ctx, this.sessionTtl, operatorId, label);
  }
  /** The operator a bearer token belongs to, while it has not expired (extending it when used late in its life; checked tokens are kept a short while: `sql-sessions.ts`). */
  sessionOperator(token: string): Promise<Id | undefined> {
    return sessionOperator(this.ctx, this.sessionTtl, token, this.sessions);
  }
  private readonly sessions = new SessionCache();
  /** Forgets the sessions checked recently (`sql-sessions.ts`): another server revoked one. */
  forgetSessions(): void {
    this.sessions.clear();
  }
  private get sessionTtl(): number {
    return this.options.sessionTtlMs ?? 12 * 3600_000;
  }
  /** Revokes a bearer token. */
  deleteSession(token: string): Promise<void> {
    return deleteSession(this.ctx, token, this.sessions);
  }
  /** Issues a token for a web-chat visitor of one dialog. */
  createVisitorSession(dialogId: Id): Promise<string> {
    return createVisitorSession(this.ctx, dialogId);
  }
  /** The dialog a visitor token belongs to. */
  visitorDialog(token: string): Promise<Id | undefined> {
    return visitorDialog(this.ctx, token);
  }
}
