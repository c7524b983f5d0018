/**
 * The SQL storage's building blocks: the driver contract ({@link SqlDriver}), the stored rows and
 * their conversion to and from the model, tokens, and what a storage view carries (its cache of
 * the small tables, its transaction).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Attachment, Bot, Channel, ChatSettings, Client, Dialog, Id, Message, Operator, ReadState, Tag } from '../../sdk/model.js';
import { foldText } from '../../sdk/rules/text.js';
import type { ChannelSimulation } from '../core/storage.js';

/** Runs one parameterized statement (`$1`, `$2`… placeholders) and answers its rows. */
export interface SqlExecutor {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements without parameters (a migration). */
  exec(sql: string): Promise<unknown>;
  /**
   * Inside a transaction, where the driver can: runs one statement and the COMMIT in one round
   * trip; the transaction has ended when it answers (another query in it throws), and the
   * driver's own COMMIT is skipped.
   */
  queryAndCommit?<T>(sql: string, params: unknown[]): Promise<{ rows: T[] }>;
  // In a transaction several commands share (SqlDriver.sharedTransaction), queryAndCommit is the
  // numbering statement of `appendEvents` (its $1 an array of one array of events, $4 the cache
  // channel or null): the driver joins those of all its commands into one, sent with the COMMIT,
  // and answers each command its own rows.
  /**
   * Inside a transaction, where the driver can: a write whose answer is not read, held back and
   * sent with the transaction's next statement (one round trip less), in the same order. Its
   * error, if any, is thrown by that next statement.
   */
  defer?(sql: string, params: unknown[]): void;
  /**
   * Bulk insert of rows in COPY's text format (tab-separated, `\N` for null), where the driver
   * has a faster way than INSERT (PGlite); absent otherwise.
   */
  copyFrom?(table: string, columns: string[], text: string, options?: { freeze?: boolean }): Promise<void>;
}

/**
 * A database connection as the SQL storage needs it: PGlite and node-postgres both fit behind a
 * few lines. `transaction` runs `fn` between BEGIN and COMMIT on one connection (ROLLBACK when it
 * throws); every query of `fn` goes through the `tx` it is given.
 */
export interface SqlDriver extends SqlExecutor {
  /** Which database: PGlite in this process, or a PostgreSQL server shared with other instances. */
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * {@link transaction} for one command of the core, where the driver lets concurrent commands
   * share one transaction, each inside its own savepoint (all or nothing still), their events
   * numbered by one statement with the COMMIT (`pg-batch.ts`). `fn` may run again (as in
   * `transaction`). Absent: each command is its own transaction.
   */
  sharedTransaction?<T>(fn: (tx: SqlExecutor) => Promise<T>, ahead?: ReadAhead): Promise<T>;
  /**
   * Resolves once everything committed before the call is on disk. A driver whose transactions
   * answer before their flush (group commit on PostgreSQL) waits here before what was read is
   * answered or sent, so no one ever sees a commit a crash could take back; absent when every
   * commit is flushed before it answers.
   */
  durable?(): Promise<void>;
  /**
   * Where {@link durable} is a flush, a `WITH` clause that a read outside a transaction can begin
   * with to be durable in its own round trip instead: it writes (only when the WAL is not flushed
   * up to where it was written) and the read's commit, synchronous, then flushes everything it saw.
   * Absent where that does not hold (the server's default `synchronous_commit` is `off`).
   */
  readonly durableReadPrefix?: string;
  close(): Promise<void>;
}

export type Upload = Attachment & { operatorId: Id; dialogId: Id };

/** NOTIFY channel: committed events, as `[[operatorId, highestSeq], …]` JSON. */
export const EVENTS_CHANNEL = 'chatdesk_events';
/** NOTIFY channel: a small table (operators, channels, tags, settings…) changed. */
export const CACHE_CHANNEL = 'chatdesk_cache';
/** Advisory lock taken while the demo data is loaded (two instances starting at once). */
export const SEED_LOCK = 7_302_114_002;
/** NOTIFY payloads must stay under 8000 bytes: events are announced in chunks of operators. */
export const NOTIFY_CHUNK = 100;

/** A stored row of `dialogs`. */
export interface DialogRow {
  id: string;
  channel_id: string;
  client_id: string | null;
  title: string;
  status: Dialog['status'];
  assignee: Dialog['assignee'];
  created_at: number;
  opened_at: number;
  last_activity_at: number;
  waiting_since: number | null;
  last_message: Dialog['lastMessage'];
  client_message_count: number;
  last_n: number;
  /** Read with {@link DIALOG_READ}, not part of the model's dialog. */
  client_left?: boolean;
}

export interface MessageRow {
  id: string;
  dialog_id: string;
  n: number;
  kind: Message['kind'];
  author_kind: Message['author']['kind'];
  author_id: string;
  text: string;
  quote: Message['quote'] | null;
  attachments: Attachment[];
  event: Message['event'] | null;
  status: Message['status'] | null;
  created_at: number;
}

export interface ClientRow {
  id: string;
  name: string;
  avatar_url: string | null;
  contacts: Client['contacts'];
  tags: Client['tags'];
  source: Client['source'];
  analytics: Client['analytics'];
  blocked: boolean;
  orders: Client['orders'];
}

export const DIALOG_COLUMNS = 'id, channel_id, client_id, title, status, assignee, created_at, opened_at, last_activity_at, waiting_since, last_message, client_message_count, last_n';
/** A dialog's columns with whether its client left (a transaction keeps that beside the row: {@link keepDialog}). */
export const DIALOG_READ = `${DIALOG_COLUMNS}, client_left`;
export const MESSAGE_COLUMNS = 'id, dialog_id, n, kind, author_kind, author_id, text, quote, attachments, event, status, created_at';
export const CLIENT_COLUMNS = 'id, name, avatar_url, contacts, tags, source, analytics, blocked, orders';

export const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export function toDialog(r: DialogRow): Dialog {
  return {
    id: r.id,
    channelId: r.channel_id,
    clientId: r.client_id,
    title: r.title,
    status: r.status,
    assignee: r.assignee ?? null,
    createdAt: r.created_at,
    openedAt: r.opened_at,
    lastActivityAt: r.last_activity_at,
    waitingSince: r.waiting_since,
    lastMessage: r.last_message ?? null,
    clientMessageCount: r.client_message_count,
    lastN: r.last_n,
  };
}

export function dialogParams(d: Dialog): unknown[] {
  return [d.id, d.channelId, d.clientId, d.title, d.status, json(d.assignee), d.createdAt, d.openedAt, d.lastActivityAt, d.waitingSince, json(d.lastMessage), d.clientMessageCount, d.lastN];
}

export function toMessage(r: MessageRow): Message {
  const m: Message = {
    id: r.id,
    dialogId: r.dialog_id,
    n: r.n,
    kind: r.kind,
    author: { kind: r.author_kind, id: r.author_id },
    text: r.text,
    attachments: r.attachments ?? [],
    createdAt: r.created_at,
  };
  if (r.quote) m.quote = r.quote;
  if (r.event) m.event = r.event;
  if (r.status) m.status = r.status;
  return m;
}

export function messageRecord(m: Message) {
  return {
    id: m.id,
    dialog_id: m.dialogId,
    n: m.n,
    kind: m.kind,
    author_kind: m.author.kind,
    author_id: m.author.id,
    text: m.text,
    search_text: foldText(m.text),
    quote: m.quote ?? null,
    attachments: m.attachments,
    event: m.event ?? null,
    status: m.status ?? null,
    created_at: m.createdAt,
  };
}

/** Stores a message (`putMessage`): its id taken by a message of another dialog is refused (`chatdesk_id_taken`, migration 009). */
export const MESSAGE_UPSERT = `INSERT INTO messages (id, dialog_id, n, kind, author_kind, author_id, text, search_text, quote, attachments, event, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13)
       ON CONFLICT (id) DO UPDATE SET dialog_id = CASE WHEN messages.dialog_id = excluded.dialog_id THEN messages.dialog_id ELSE chatdesk_id_taken('message', messages.id) END, n = excluded.n, kind = excluded.kind, author_kind = excluded.author_kind, author_id = excluded.author_id,
         text = excluded.text, search_text = excluded.search_text, quote = excluded.quote, attachments = excluded.attachments,
         event = excluded.event, status = excluded.status, created_at = excluded.created_at`;

/** The parameters of {@link MESSAGE_UPSERT}. */
export function messageParams(message: Message): unknown[] {
  const m = messageRecord(message);
  return [m.id, m.dialog_id, m.n, m.kind, m.author_kind, m.author_id, m.text, m.search_text, json(m.quote), JSON.stringify(m.attachments), json(m.event), json(m.status), m.created_at];
}

export function toClient(r: ClientRow): Client {
  const c: Client = {
    id: r.id,
    name: r.name,
    contacts: r.contacts,
    tags: r.tags,
    source: r.source ?? null,
    analytics: r.analytics ?? null,
    blocked: r.blocked,
    orders: r.orders,
  };
  if (r.avatar_url) c.avatarUrl = r.avatar_url;
  return c;
}

export function clientParams(c: Client): unknown[] {
  return [c.id, c.name, c.avatarUrl ?? null, json(c.contacts), json(c.tags), json(c.source), json(c.analytics), c.blocked, json(c.orders)];
}

export function operatorRecord(o: Operator, position: number) {
  return { id: o.id, position, name: o.name, role: o.role, rights: o.rights, avatar_url: o.avatarUrl ?? null, online: o.online };
}

/** SHA-256 of a token, hex: tokens are never stored as given. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random bearer token. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** Options of {@link SqlStorage}. */
export interface SqlStorageOptions {
  /** Events kept per operator; asking for older ones answers a gap (default 5000). */
  eventLimit?: number;
  now?: () => number;
  /** How long a sign-in token lasts unused (default 12 hours); each use within it extends it. */
  sessionTtlMs?: number;
}

/** The small tables kept in memory. Replaced, never changed in place, so a reader's copy holds. */
export interface Cache {
  ops: Operator[];
  botList: Bot[];
  channelList: Channel[];
  sim: Record<Id, ChannelSimulation>;
  tagList: Tag[];
  settings: ChatSettings;
}

/** What a transaction's view works with. */
export interface TxLink {
  tx: SqlExecutor;
  /** The storage's cache, updated once the transaction commits. */
  shared: Cache;
  /** Cache changes to make on commit. */
  onCommit: Array<(cache: Cache) => void>;
  /** The other servers were told (NOTIFY) that the small tables changed. */
  cacheAnnounced?: boolean;
  /**
   * Rows this transaction read or wrote, so a command that reads a dialog or a client again does
   * not ask the database again. A dialog read in a transaction is locked until it ends, so
   * nobody else changes it meanwhile; a client is changed only by commands that lock its
   * dialogs first. Copies go in and out (the core changes what it is given).
   */
  dialogs?: Map<Id, Dialog>;
  clients?: Map<Id, Client>;
  /** Messages read (locked) or written in this transaction. */
  messages?: Map<Id, Message>;
  /** Every read position of a dialog, by operator, once read in this transaction (written under the dialog's lock, as above). */
  reads?: Map<Id, Map<Id, ReadState>>;
  /** Whether each dialog's visitor left (S5), read with its row (each simulated "sent" step asks). */
  left?: Map<Id, boolean>;
}

/** What the SQL modules work with: a storage view's connection, the driver, its transaction. */
export interface SqlContext {
  /** Where queries go: the transaction's connection inside one, the driver outside. */
  q: SqlExecutor;
  db: SqlDriver;
  link: TxLink | null;
  now(): number;
  /** Events kept per operator. */
  eventLimit: number;
}

/** A statement and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * What a command of a shared transaction reads first (`sql-prefetch.ts`), that the round trip of a
 * command before it may read for it ({@link BatchExecutor.readAhead}).
 */
export interface ReadAhead {
  /** Commands with the same key (a dialog) are not read ahead together. */
  key: string;
  /** Its statements as the command runs them, but passing over what another transaction holds; then checks. */
  statements: Statement[];
  /** How many of {@link statements} answer what the command reads (the rest are checks). */
  answers: number;
  /** Whether the rows read ahead are the command's (what it locks was free, so it holds it now). */
  usable(rows: unknown[][]): boolean;
}

/** A transaction's executor that can send several statements in one round trip. */
export interface BatchExecutor extends SqlExecutor {
  /**
   * Runs `statements` in order in one round trip (with what is held back before them) and answers
   * each one's rows. Parameters must be numbers, booleans, strings or null.
   */
  queryBatch?(statements: readonly Statement[]): Promise<Array<{ rows: unknown[] }>>;
  /**
   * In a transaction several commands share: no command joins it after this one, so the locks this
   * one takes are held only for its own statements and the COMMIT (a batch of delivery steps locks
   * the dialogs of many senders: while a shared transaction went on with other commands, their
   * next sends waited for it).
   */
  closeAfter?(): void;
  /**
   * {@link queryBatch} for a command's first reads ({@link ReadAhead}): answered from what an earlier
   * command's round trip read ahead for it, or run now along with the reads of commands waiting
   * behind it.
   */
  readAhead?(statements: readonly Statement[]): Promise<unknown[][]>;
}

/**
 * Runs `statements` in order in `tx`: in one round trip where its driver can
 * ({@link BatchExecutor.queryBatch}), one by one otherwise. Answers each one's rows.
 */
export async function runStatements(tx: BatchExecutor, statements: readonly Statement[]): Promise<unknown[][]> {
  if (tx.queryBatch) return (await tx.queryBatch(statements)).map((r) => r.rows);
  const rows: unknown[][] = [];
  for (const st of statements) rows.push((await tx.query<unknown>(st.sql, st.params)).rows);
  return rows;
}

/**
 * A batch of simulated delivery steps (`DeliveryReads` of `core/simulation.ts`): locks and reads
 * the dialogs of `messageIds` (in id order, as every command that locks several dialogs), then
 * the messages, then reads the dialogs' clients, and keeps them all in the transaction's link,
 * so each step finds them there: three statements for the batch instead of about three a step, in
 * one round trip where the transaction's executor sends batches (`queryBatch`, `sql-prefetch.ts`).
 *
 * `skipLocked`: dialogs and messages another transaction holds are passed over (`SKIP LOCKED`)
 * instead of waited for; the answer names the messages locked with their dialogs, and the caller
 * runs only their steps (the others wait for a later batch). A batch never waits while it holds
 * the other dialogs it locked, so a sender's command that holds one dialog and wants another held
 * by the batch does not meet a cycle. In a shared transaction the batch is its last command
 * ({@link BatchExecutor.closeAfter}).
 */
export async function lockDeliveries(c: SqlContext, messageIds: readonly Id[], options: { skipLocked?: boolean } = {}): Promise<Set<Id>> {
  const link = c.link;
  if (!link || messageIds.length === 0) return new Set();
  (link.tx as BatchExecutor).closeAfter?.();
  const skip = options.skipLocked ? ' SKIP LOCKED' : '';
  // The ids as one array literal (a text parameter the driver can write into a batch of statements).
  // Not `IN (SELECT jsonb_array_elements_text(…))`: the planner guesses 100 rows for that and scans
  // the messages table (about 1 ms a statement here), where a constant array is looked up by index.
  const ids = [textArray(messageIds)];
  const wanted = `$1::text[]`;
  const dialogIds = `SELECT dialog_id FROM messages WHERE id = ANY(${wanted})`;
  // With SKIP LOCKED, only the messages and clients of the dialogs this transaction holds: locking
  // them again (a no-op for its own locks) tells which they are, in the same round trip.
  const held = skip ? `SELECT id FROM dialogs WHERE id IN (${dialogIds}) FOR UPDATE${skip}` : dialogIds;
  const statements: Statement[] = [
    { sql: `SELECT ${DIALOG_READ} FROM dialogs WHERE id IN (${dialogIds}) ORDER BY id FOR UPDATE${skip}`, params: ids },
    { sql: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ANY(${wanted})${skip ? ` AND dialog_id IN (${held})` : ''} ORDER BY id FOR UPDATE${skip}`, params: ids },
    // The dialogs are locked by then: their clients are the ones the dialogs name.
    { sql: `SELECT ${CLIENT_COLUMNS} FROM clients WHERE id IN (SELECT client_id FROM dialogs WHERE id IN (${held}))`, params: ids },
  ];
  const [dialogs, messages, clients] = (await runStatements(link.tx, statements)) as [DialogRow[], MessageRow[], ClientRow[]];
  for (const row of dialogs) keepDialog(link, row);
  const locked = new Set<Id>();
  for (const row of messages) {
    (link.messages ??= new Map()).set(row.id, toMessage(row));
    if (link.dialogs?.has(row.dialog_id)) locked.add(row.id);
  }
  for (const row of clients) if (!link.clients?.has(row.id)) (link.clients ??= new Map()).set(row.id, toClient(row));
  return locked;
}

/**
 * Keeps a dialog's row read in a transaction in its link, unless the transaction already has the
 * dialog (its own copy may be newer), with whether its client left when the row says.
 */
export function keepDialog(link: TxLink, row: DialogRow): Dialog {
  const known = link.dialogs?.get(row.id);
  if (row.client_left !== undefined && !link.left?.has(row.id)) (link.left ??= new Map()).set(row.id, row.client_left);
  if (known) return known;
  const dialog = toDialog(row);
  (link.dialogs ??= new Map()).set(row.id, dialog);
  return dialog;
}

/** PostgreSQL's text form of a `text[]` (each element quoted), to pass as one text parameter. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A dialog's attachments of a kind, newest first, with their message. */
export async function attachmentsOf(c: SqlContext, dialogId: Id, kind: 'image' | 'file'): Promise<Array<{ attachment: Attachment; message: Message }>> {
  const r = await c.q.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE dialog_id = $1 AND jsonb_array_length(attachments) > 0 ORDER BY n DESC`, [dialogId]);
  const out: Array<{ attachment: Attachment; message: Message }> = [];
  for (const row of r.rows) {
    const m = toMessage(row);
    for (const a of m.attachments) if (a.kind === kind) out.push({ attachment: a, message: m });
  }
  return out;
}

/** An attachment anywhere, with its message. */
export async function attachmentById(c: SqlContext, id: Id): Promise<{ attachment: Attachment; message: Message } | undefined> {
  const r = await c.q.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE attachments @> $1::jsonb LIMIT 1`, [JSON.stringify([{ id }])]);
  const row = r.rows[0];
  if (!row) return undefined;
  const m = toMessage(row);
  const a = m.attachments.find((x) => x.id === id);
  return a && { attachment: a, message: m };
}
