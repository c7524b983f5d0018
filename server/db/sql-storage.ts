/**
 * The reference server's {@link Storage} in SQL: plain PostgreSQL (schema in `migrations/`), written
 * once here and run through a small {@link SqlDriver}: PGlite (`pglite-storage.ts`) by default,
 * a PostgreSQL server through another driver. Every core command runs in one SQL transaction
 * ({@link SqlStorage.transaction}). The small, rarely written tables (operators, bots, channels,
 * tags, settings) are also kept in memory, written through once their transaction commits: this
 * server process is taken to be the only writer of those tables.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  Attachment,
  Bot,
  Channel,
  ChatSettings,
  Client,
  CountName,
  Dialog,
  Id,
  ListCounts,
  Message,
  Operator,
  QuickReply,
  ReadState,
  Tag,
} from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import { effectiveSort, type DialogQuery, type SortKey } from '../../sdk/rules/query.js';
import { clientSearchText, foldText } from '../../sdk/rules/text.js';
import type { ChannelSimulation, SeedData, Storage, UnnumberedEvent } from '../core/storage.js';
import { migrate } from './migrate.js';

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
  /**
   * Bulk insert of rows in COPY's text format (tab-separated, `\N` for null), where the driver
   * has a faster way than INSERT (PGlite); absent otherwise.
   */
  copyFrom?(table: string, columns: string[], text: string): Promise<void>;
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
   * Resolves once everything committed before the call is on disk. A driver whose transactions
   * answer before their flush (group commit on PostgreSQL) waits here before what was read is
   * answered or sent, so no one ever sees a commit a crash could take back; absent when every
   * commit is flushed before it answers.
   */
  durable?(): Promise<void>;
  close(): Promise<void>;
}

type Upload = Attachment & { operatorId: Id; dialogId: Id };

/** NOTIFY channel: committed events, as `[[operatorId, highestSeq], …]` JSON. */
export const EVENTS_CHANNEL = 'chatdesk_events';
/** NOTIFY channel: a small table (operators, channels, tags, settings…) changed. */
export const CACHE_CHANNEL = 'chatdesk_cache';
/** Advisory lock taken while the demo data is loaded (two instances starting at once). */
const SEED_LOCK = 7_302_114_002;
/** NOTIFY payloads must stay under 8000 bytes: events are announced in chunks of operators. */
const NOTIFY_CHUNK = 100;

/** A stored row of `dialogs`. */
interface DialogRow {
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
}

interface MessageRow {
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

interface ClientRow {
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

const DIALOG_COLUMNS =
  'id, channel_id, client_id, title, status, assignee, created_at, opened_at, last_activity_at, waiting_since, last_message, client_message_count, last_n';
const MESSAGE_COLUMNS = 'id, dialog_id, n, kind, author_kind, author_id, text, quote, attachments, event, status, created_at';
const CLIENT_COLUMNS = 'id, name, avatar_url, contacts, tags, source, analytics, blocked, orders';

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

function toDialog(r: DialogRow): Dialog {
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

function dialogParams(d: Dialog): unknown[] {
  return [
    d.id,
    d.channelId,
    d.clientId,
    d.title,
    d.status,
    json(d.assignee),
    d.createdAt,
    d.openedAt,
    d.lastActivityAt,
    d.waitingSince,
    json(d.lastMessage),
    d.clientMessageCount,
    d.lastN,
  ];
}

function toMessage(r: MessageRow): Message {
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

function messageRecord(m: Message) {
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

function toClient(r: ClientRow): Client {
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

function clientParams(c: Client): unknown[] {
  return [c.id, c.name, c.avatarUrl ?? null, json(c.contacts), json(c.tags), json(c.source), json(c.analytics), c.blocked, json(c.orders)];
}

function operatorRecord(o: Operator, position: number) {
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
interface Cache {
  ops: Operator[];
  botList: Bot[];
  channelList: Channel[];
  sim: Record<Id, ChannelSimulation>;
  tagList: Tag[];
  settings: ChatSettings;
}

/** What a transaction's view works with. */
interface TxLink {
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
}

/** {@link Storage} in PostgreSQL's SQL over a {@link SqlDriver}. */
export class SqlStorage implements Storage {
  private cache: Cache;
  private readonly link: TxLink | null;
  protected readonly options: SqlStorageOptions;
  private readonly eventLimit: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    /** The database. */
    readonly db: SqlDriver,
    options: SqlStorageOptions = {},
    link?: TxLink,
  ) {
    this.options = options;
    this.eventLimit = options.eventLimit ?? 5000;
    this.now = options.now ?? (() => Date.now());
    this.link = link ?? null;
    // A transaction's view reads a copy of the cache with its own changes applied.
    this.cache = link ? { ...link.shared } : { ops: [], botList: [], channelList: [], sim: {}, tagList: [], settings: { responseTimeLimitMs: null } };
  }

  /** Where queries go: the transaction's connection inside one, the driver outside. */
  private get q(): SqlExecutor {
    return this.link?.tx ?? this.db;
  }

  async transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.link) return fn(this);
    let link: TxLink | null = null;
    const result = await this.db.transaction(async (tx) => {
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
    const loaded = seeded.rows.length === 0 && (await this.load(seed()));
    // Every command is one transaction: nothing is ever half-written, so there is nothing to
    // repair at start, and a reopen reads only the small tables (no scan of the history).
    await this.prepareLists();
    await this.loadCaches();
    return loaded;
  }

  /**
   * Fills what the lists need that a bulk loader or an older database may have left out: the
   * folded search text of titles and names, and the count aggregates. Done once (until
   * `counts_built` is in `meta`); the triggers keep both right after, so a reopen scans nothing.
   */
  private async prepareLists(): Promise<void> {
    const built = `SELECT count(*)::int AS n FROM meta WHERE key IN ('counts_built', 'search_built')`;
    if ((await this.db.query<{ n: number }>(built)).rows[0]?.n === 2) return;
    // One instance does it; another starting at once waits for the lock, then finds it done.
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const keys = new Set((await tx.query<{ key: string }>(`SELECT key FROM meta WHERE key IN ('counts_built', 'search_built')`)).rows.map((r) => r.key));
      if (keys.size === 2) return;
      for (;;) {
        const r = await tx.query<{ id: string; title: string }>('SELECT id, title FROM dialogs WHERE search_title IS NULL LIMIT 5000');
        if (r.rows.length === 0) break;
        await tx.query(`UPDATE dialogs d SET search_title = x.s FROM jsonb_to_recordset($1::jsonb) AS x(id text, s text) WHERE d.id = x.id`, [
          JSON.stringify(r.rows.map((row) => ({ id: row.id, s: foldText(row.title) }))),
        ]);
      }
      for (;;) {
        // L6: the client's name, phone and e-mail (migration 005 asks this again of clients with contacts).
        const r = await tx.query<{ id: string; name: string; contacts: Client['contacts'] }>('SELECT id, name, contacts FROM clients WHERE search_name IS NULL LIMIT 5000');
        if (r.rows.length === 0) break;
        await tx.query(`UPDATE clients c SET search_name = x.s FROM jsonb_to_recordset($1::jsonb) AS x(id text, s text) WHERE c.id = x.id`, [
          JSON.stringify(r.rows.map((row) => ({ id: row.id, s: clientSearchText(row) }))),
        ]);
      }
      if (!keys.has('counts_built')) await tx.query('SELECT chatdesk_rebuild_counts()');
      await tx.query(`INSERT INTO meta (key, value) VALUES ('search_built', to_jsonb(1)) ON CONFLICT (key) DO NOTHING`);
    });
  }

  /**
   * Loads demo data into empty tables, in one transaction; answers false when another instance
   * starting at the same time loaded it first (the advisory lock makes the second one wait).
   */
  private async load(s: SeedData): Promise<boolean> {
    const set = (name: string, cols: string) => `jsonb_to_recordset($1::jsonb) AS ${name}(${cols})`;
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      if ((await tx.query(`SELECT 1 FROM meta WHERE key = 'seeded_at'`)).rows.length > 0) return false;
      // On PGlite (where we are superuser) the rows go in without row triggers (the count
      // aggregates) and foreign-key checks: the seed is whole by construction, and the aggregates
      // are computed once at the end. A PostgreSQL role need not be allowed that: triggers run.
      const untriggered = this.db.kind === 'pglite';
      if (untriggered) await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        `INSERT INTO operators SELECT * FROM ${set('x', 'id text, position integer, name text, role text, rights jsonb, avatar_url text, online boolean')}`,
        [JSON.stringify(s.operators.map(operatorRecord))],
      );
      await tx.query(`INSERT INTO bots SELECT * FROM ${set('x', 'id text, position integer, name text')}`, [
        JSON.stringify(s.bots.map((b, position) => ({ ...b, position }))),
      ]);
      await tx.query(`INSERT INTO channels SELECT * FROM ${set('x', 'id text, position integer, kind text, name text, capabilities jsonb, simulation jsonb')}`, [
        JSON.stringify(s.channels.map((c, position) => ({ ...c, position, simulation: s.simulation[c.id] ?? null }))),
      ]);
      await tx.query(`INSERT INTO tags SELECT * FROM ${set('x', 'id text, position integer, name text, color text')}`, [
        JSON.stringify(s.tags.map((t, position) => ({ ...t, position }))),
      ]);
      await tx.query(`INSERT INTO settings (key, value) VALUES ('chat', $1::jsonb)`, [JSON.stringify(s.settings)]);
      await tx.query(
        `INSERT INTO clients (${CLIENT_COLUMNS}, search_name) SELECT * FROM ${set('x', 'id text, name text, avatar_url text, contacts jsonb, tags jsonb, source jsonb, analytics jsonb, blocked boolean, orders jsonb, search_name text')}`,
        [
          JSON.stringify(
            s.clients.map((c) => ({
              id: c.id,
              name: c.name,
              avatar_url: c.avatarUrl ?? null,
              contacts: c.contacts,
              tags: c.tags,
              source: c.source,
              analytics: c.analytics,
              blocked: c.blocked,
              orders: c.orders,
              search_name: clientSearchText(c),
            })),
          ),
        ],
      );
      const left = new Set(s.leftDialogs);
      await tx.query(
        `INSERT INTO dialogs (${DIALOG_COLUMNS}, client_left, search_title) SELECT * FROM ${set(
          'x',
          'id text, channel_id text, client_id text, title text, status text, assignee jsonb, created_at bigint, opened_at bigint, last_activity_at bigint, waiting_since bigint, last_message jsonb, client_message_count integer, last_n integer, client_left boolean, search_title text',
        )}`,
        [
          JSON.stringify(
            s.dialogs.map((d) => ({
              id: d.id,
              channel_id: d.channelId,
              client_id: d.clientId,
              title: d.title,
              status: d.status,
              assignee: d.assignee,
              created_at: d.createdAt,
              opened_at: d.openedAt,
              last_activity_at: d.lastActivityAt,
              waiting_since: d.waitingSince,
              last_message: d.lastMessage,
              client_message_count: d.clientMessageCount,
              last_n: d.lastN,
              client_left: left.has(d.id),
              search_title: foldText(d.title),
            })),
          ),
        ],
      );
      for (let i = 0; i < s.messages.length; i += 5000) {
        await tx.query(
          `INSERT INTO messages (id, dialog_id, n, kind, author_kind, author_id, text, search_text, quote, attachments, event, status, created_at)
           SELECT * FROM ${set(
             'x',
             'id text, dialog_id text, n integer, kind text, author_kind text, author_id text, text text, search_text text, quote jsonb, attachments jsonb, event jsonb, status jsonb, created_at bigint',
           )}`,
          [JSON.stringify(s.messages.slice(i, i + 5000).map(messageRecord))],
        );
      }
      await tx.query(
        `INSERT INTO read_states SELECT * FROM ${set('x', 'operator_id text, dialog_id text, read_client_count integer, marked_unread boolean')}`,
        [
          JSON.stringify(
            s.readStates.map((r) => ({ operator_id: r.operatorId, dialog_id: r.dialogId, read_client_count: r.readClientCount, marked_unread: r.markedUnread })),
          ),
        ],
      );
      await tx.query(`INSERT INTO quick_replies SELECT * FROM ${set('x', 'id text, title text, text text, created_by text, created_at bigint')}`, [
        JSON.stringify(s.quickReplies.map((q) => ({ id: q.id, title: q.title, text: q.text, created_by: q.createdBy, created_at: q.createdAt }))),
      ]);
      await tx.query(`INSERT INTO meta (key, value) VALUES ('seeded_at', $1::jsonb)`, [JSON.stringify(this.now())]);
      if (untriggered) {
        await tx.query('SET LOCAL session_replication_role = origin');
        // The count aggregates of every row at once (it records counts_built).
        await tx.query('SELECT chatdesk_rebuild_counts()');
      } else await tx.query(`INSERT INTO meta (key, value) VALUES ('counts_built', to_jsonb(1))`); // the triggers kept them
      // The folded search text (titles, client names and contacts) went in with the rows.
      await tx.query(`INSERT INTO meta (key, value) VALUES ('search_built', to_jsonb(1))`);
      return true;
    });
  }

  /**
   * Reads the small tables into memory again: another server on the same database changed one
   * (it says so with a NOTIFY on {@link CACHE_CHANNEL}).
   */
  async reloadCaches(): Promise<void> {
    await this.loadCaches();
  }

  private async loadCaches(): Promise<void> {
    const ops = await this.db.query<{ id: string; name: string; role: Operator['role']; rights: Operator['rights']; avatar_url: string | null; online: boolean }>(
      'SELECT id, name, role, rights, avatar_url, online FROM operators ORDER BY position, id',
    );
    const channels = await this.db.query<Channel & { simulation: ChannelSimulation | null }>(
      'SELECT id, kind, name, capabilities, simulation FROM channels ORDER BY position, id',
    );
    const settings = await this.db.query<{ value: ChatSettings }>(`SELECT value FROM settings WHERE key = 'chat'`);
    this.cache = {
      ops: ops.rows.map((r) => {
        const o: Operator = { id: r.id, name: r.name, role: r.role, rights: r.rights, online: r.online };
        if (r.avatar_url) o.avatarUrl = r.avatar_url;
        return o;
      }),
      botList: (await this.db.query<Bot>('SELECT id, name FROM bots ORDER BY position, id')).rows,
      channelList: channels.rows.map(({ simulation: _s, ...c }) => c),
      sim: Object.fromEntries(channels.rows.filter((c) => c.simulation).map((c) => [c.id, c.simulation!])),
      tagList: (await this.db.query<Tag>('SELECT id, name, color FROM tags ORDER BY position, id')).rows,
      settings: settings.rows[0]?.value ?? { responseTimeLimitMs: null },
    };
  }

  // ------------------------------------------------------------------ small tables (cached)

  async operators(): Promise<Operator[]> {
    return structuredClone(this.cache.ops);
  }
  async bots(): Promise<Bot[]> {
    return structuredClone(this.cache.botList);
  }
  async channels(): Promise<Channel[]> {
    return structuredClone(this.cache.channelList);
  }
  async simulation(): Promise<Record<Id, ChannelSimulation>> {
    return structuredClone(this.cache.sim);
  }
  async putSimulation(channelId: Id, sim: ChannelSimulation): Promise<void> {
    await this.q.query('UPDATE channels SET simulation = $2::jsonb WHERE id = $1', [channelId, JSON.stringify(sim)]);
    const value = structuredClone(sim);
    this.changeCache((c) => (c.sim = { ...c.sim, [channelId]: value }));
  }
  async tags(): Promise<Tag[]> {
    return structuredClone(this.cache.tagList);
  }
  async putTag(tag: Tag): Promise<void> {
    await this.q.query(
      `INSERT INTO tags (id, position, name, color) VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM tags), $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, color = excluded.color`,
      [tag.id, tag.name, tag.color],
    );
    const value = structuredClone(tag);
    this.changeCache((c) => {
      const known = c.tagList.some((t) => t.id === tag.id);
      c.tagList = known ? c.tagList.map((t) => (t.id === tag.id ? value : t)) : [...c.tagList, value];
    });
  }
  async settings(): Promise<ChatSettings> {
    return structuredClone(this.cache.settings);
  }
  async putSettings(settings: ChatSettings): Promise<void> {
    await this.q.query(`INSERT INTO settings (key, value) VALUES ('chat', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
      JSON.stringify(settings),
    ]);
    const value = structuredClone(settings);
    this.changeCache((c) => (c.settings = value));
  }

  // ------------------------------------------------------------------ clients

  async client(id: Id): Promise<Client | undefined> {
    const known = this.link?.clients?.get(id);
    if (known) return structuredClone(known);
    const r = await this.q.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1`, [id]);
    const c = r.rows[0] && toClient(r.rows[0]);
    if (c && this.link) (this.link.clients ??= new Map()).set(id, structuredClone(c));
    return c;
  }
  async clients(ids?: Id[]): Promise<Client[]> {
    if (!ids) return (await this.q.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients ORDER BY id`)).rows.map(toClient);
    if (ids.length === 0) return [];
    const r = await this.q.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ANY($1::text[])`, [ids]);
    const byId = new Map(r.rows.map((row) => [row.id, toClient(row)]));
    return ids.flatMap((id) => {
      const c = byId.get(id);
      return c ? [c] : [];
    });
  }
  async putClient(client: Client): Promise<void> {
    await this.q.query(
      `INSERT INTO clients (${CLIENT_COLUMNS}, search_name) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url, contacts = excluded.contacts,
         tags = excluded.tags, source = excluded.source, analytics = excluded.analytics, blocked = excluded.blocked, orders = excluded.orders,
         search_name = excluded.search_name`,
      [...clientParams(client), clientSearchText(client)],
    );
    this.link?.clients?.set(client.id, structuredClone(client));
  }

  // ------------------------------------------------------------------ dialogs

  /**
   * Inside a transaction the row is locked until it ends (`FOR UPDATE`): two commands on one
   * dialog, on one server or several, run one after the other, so per-dialog numbers and
   * summaries never race; commands on different dialogs run side by side.
   */
  async dialog(id: Id): Promise<Dialog | undefined> {
    const known = this.link?.dialogs?.get(id);
    if (known) return structuredClone(known);
    const r = await this.q.query<DialogRow>(`SELECT ${DIALOG_COLUMNS} FROM dialogs WHERE id = $1${this.lock}`, [id]);
    const d = r.rows[0] && toDialog(r.rows[0]);
    if (d) this.remember(d);
    return d;
  }
  /** A client's dialogs, by id (locked in that order inside a transaction). */
  async dialogsOfClient(clientId: Id): Promise<Dialog[]> {
    const rows = (await this.q.query<DialogRow>(`SELECT ${DIALOG_COLUMNS} FROM dialogs WHERE client_id = $1 ORDER BY id${this.lock}`, [clientId])).rows.map(toDialog);
    for (const d of rows) this.remember(d);
    return rows;
  }
  /** Keeps a dialog read or written in this transaction (locked: see {@link TxLink.dialogs}). */
  private remember(d: Dialog): void {
    if (this.link) (this.link.dialogs ??= new Map()).set(d.id, structuredClone(d));
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
    // What the view showed (a head, rows) is on disk before anyone is told.
    await this.durable();
    return result;
  }

  /** Search ids found for a needle in this transaction (a page and its counts ask twice). */
  private readonly searchMemo = new Map<string, readonly string[] | null>();

  /**
   * L6: the ids of the dialogs whose title, client text or any message contains the (folded)
   * needle, from the trigram indexes, when there are few enough to filter by; `null` for a
   * needle too short for trigrams or too common (more than {@link SEARCH_ID_CAP} matching rows):
   * then the query walks the list's order and tests each dialog, which finds the first rows of a
   * common word soonest. The candidate rows are read with UNION ALL under a LIMIT, so a common
   * word stops early instead of collecting every match.
   */
  private async searchIds(query: DialogQuery): Promise<readonly string[] | null> {
    const n = foldText(query.search.trim());
    if ([...n].length < 3) return null;
    const memo = this.link ? this.searchMemo.get(n) : undefined;
    if (memo !== undefined) return memo;
    const r = await this.q.query<{ id: string }>(
      `(SELECT dialog_id AS id FROM messages WHERE search_text LIKE $1
        UNION ALL SELECT id FROM dialogs WHERE search_title LIKE $1
        UNION ALL SELECT d.id FROM clients c JOIN dialogs d ON d.client_id = c.id WHERE c.search_name LIKE $1)
       LIMIT $2`,
      [likePattern(n), SEARCH_ID_CAP + 1],
    );
    const ids = r.rows.length > SEARCH_ID_CAP ? null : [...new Set(r.rows.map((x) => x.id))];
    if (this.link) this.searchMemo.set(n, ids);
    return ids;
  }

  async listPage(viewer: Operator, query: DialogQuery, after: SortKey | null, limit: number): Promise<Dialog[]> {
    const ids = await this.searchIds(query);
    const processing = effectiveSort(query.sort, this.cache.settings) === 'processing';
    const out: Dialog[] = [];
    const cols = DIALOG_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ');
    const run = async (group: 0 | 1, from: SortKey | null, n: number) => {
      const w = new SqlWhere();
      dialogPredicate(w, viewer, query, ids);
      if (group === 0) {
        w.add(`d.status = 'open' AND d.waiting_since IS NOT NULL`);
        if (from) w.add(`(d.waiting_since > ${w.param(from[1])} OR (d.waiting_since = ${w.param(from[1])} AND d.id COLLATE "C" > ${w.param(from[2])}))`);
      } else {
        if (processing) w.add(`NOT (d.status = 'open' AND d.waiting_since IS NOT NULL)`);
        if (from) w.add(`(d.last_activity_at < ${w.param(-from[1])} OR (d.last_activity_at = ${w.param(-from[1])} AND d.id COLLATE "C" > ${w.param(from[2])}))`);
      }
      const order = group === 0 ? `d.waiting_since, d.id COLLATE "C"` : `d.last_activity_at DESC, d.id COLLATE "C"`;
      const r = await this.q.query<DialogRow>(
        `SELECT ${cols} FROM dialogs d LEFT JOIN clients c ON c.id = d.client_id WHERE ${w.sql()} ORDER BY ${order} LIMIT ${w.param(n)}`,
        w.params,
      );
      for (const row of r.rows) out.push(toDialog(row));
    };
    if (processing && (!after || after[0] === 0)) await run(0, after, limit);
    if (out.length < limit) await run(1, after && after[0] === 1 ? after : null, limit - out.length);
    return out;
  }

  async listCounts(viewer: Operator, query: DialogQuery, what: readonly CountName[]): Promise<ListCounts> {
    const out: ListCounts = {};
    const search = foldText(query.search.trim());
    const ids = search ? await this.searchIds(query) : null;
    if (what.includes('unread')) {
      const r = await this.q.query<{ n: number }>('SELECT unread_dialogs AS n FROM operator_counts WHERE operator_id = $1', [viewer.id]);
      out.unreadDialogs = r.rows[0]?.n ?? 0;
    }
    if (what.includes('total')) {
      const w = new SqlWhere();
      let r;
      if (search) {
        // Search (L6) is not a facet: a scan.
        dialogPredicate(w, viewer, query, ids);
        r = await this.q.query<{ n: string }>(`SELECT count(*) AS n FROM dialogs d LEFT JOIN clients c ON c.id = d.client_id WHERE ${w.sql()}`, w.params);
      } else {
        facetPredicate(w, viewer, query);
        r = await this.q.query<{ n: string }>(`SELECT coalesce(sum(f.n), 0) AS n FROM dialog_facets f WHERE ${w.sql()}`, w.params);
      }
      out.total = Number(r.rows[0]?.n ?? 0);
    }
    if (what.includes('tags')) {
      const base = { ...query, tags: { mode: 'all' as const, tags: [], pinned: false } };
      const w = new SqlWhere();
      const pinnedOnly = query.tags.pinned ? ` AND coalesce((t->>'pinned')::boolean, false)` : '';
      let r;
      if (search) {
        dialogPredicate(w, viewer, base, ids);
        r = await this.q.query<{ tag: string; n: string }>(
          `SELECT t->>'tagId' AS tag, count(*) AS n FROM dialogs d LEFT JOIN clients c ON c.id = d.client_id, jsonb_array_elements(coalesce(c.tags, '[]'::jsonb)) t
           WHERE ${w.sql()}${pinnedOnly} GROUP BY 1`,
          w.params,
        );
      } else {
        facetPredicate(w, viewer, base);
        r = await this.q.query<{ tag: string; n: string }>(
          `SELECT t->>'tagId' AS tag, sum(f.n) AS n FROM dialog_facets f, jsonb_array_elements(f.tags) t WHERE ${w.sql()}${pinnedOnly} GROUP BY 1`,
          w.params,
        );
      }
      out.tags = {};
      for (const row of r.rows) if (Number(row.n) > 0) out.tags[row.tag] = Number(row.n);
    }
    return out;
  }
  async putDialog(dialog: Dialog): Promise<void> {
    await this.q.query(
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
    // Messages, read positions and visitor sessions go with it (ON DELETE CASCADE).
    await this.q.query('DELETE FROM dialogs WHERE id = $1', [id]);
  }
  async leftDialogs(): Promise<Set<Id>> {
    const r = await this.q.query<{ id: string }>('SELECT id FROM dialogs WHERE client_left');
    return new Set(r.rows.map((x) => x.id));
  }
  async setLeft(dialogId: Id, left: boolean): Promise<void> {
    await this.q.query('UPDATE dialogs SET client_left = $2 WHERE id = $1', [dialogId, left]);
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
    const r = await this.q.query<{ id: string }>(`SELECT id FROM messages WHERE status->>'state' IN ('queued', 'sent') ORDER BY created_at`);
    return r.rows.map((x) => x.id);
  }
  /** Locked until the transaction ends, inside one (a status change and a retry do not race). */
  async message(id: Id): Promise<Message | undefined> {
    const r = await this.q.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1${this.lock}`, [id]);
    return r.rows[0] && toMessage(r.rows[0]);
  }
  async putMessage(message: Message): Promise<void> {
    const m = messageRecord(message);
    await this.q.query(
      `INSERT INTO messages (id, dialog_id, n, kind, author_kind, author_id, text, search_text, quote, attachments, event, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13)
       ON CONFLICT (id) DO UPDATE SET n = excluded.n, kind = excluded.kind, author_kind = excluded.author_kind, author_id = excluded.author_id,
         text = excluded.text, search_text = excluded.search_text, quote = excluded.quote, attachments = excluded.attachments,
         event = excluded.event, status = excluded.status, created_at = excluded.created_at`,
      [m.id, m.dialog_id, m.n, m.kind, m.author_kind, m.author_id, m.text, m.search_text, json(m.quote), JSON.stringify(m.attachments), json(m.event), json(m.status), m.created_at],
    );
  }
  async dialogsWithText(needle: string): Promise<Set<Id>> {
    const n = foldText(needle.trim());
    if (!n) return new Set();
    const r = await this.q.query<{ dialog_id: string }>(`SELECT DISTINCT dialog_id FROM messages WHERE search_text LIKE $1`, [likePattern(n)]);
    return new Set(r.rows.map((x) => x.dialog_id));
  }
  async matchedMessages(dialogIds: readonly Id[], needle: string): Promise<Map<Id, Message>> {
    const n = foldText(needle.trim());
    const out = new Map<Id, Message>();
    if (!n || dialogIds.length === 0) return out;
    // Per dialog, its messages newest first (the (dialog_id, n) key), the first that matches.
    const r = await this.q.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')} FROM unnest($1::text[]) AS x(id)
       CROSS JOIN LATERAL (SELECT ${MESSAGE_COLUMNS} FROM messages WHERE dialog_id = x.id AND search_text LIKE $2 ORDER BY n DESC LIMIT 1) m`,
      [dialogIds, likePattern(n)],
    );
    for (const row of r.rows) out.set(row.dialog_id, toMessage(row));
    return out;
  }
  async attachments(dialogId: Id, kind: 'image' | 'file'): Promise<Array<{ attachment: Attachment; message: Message }>> {
    const r = await this.q.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE dialog_id = $1 AND jsonb_array_length(attachments) > 0 ORDER BY n DESC`,
      [dialogId],
    );
    const out: Array<{ attachment: Attachment; message: Message }> = [];
    for (const row of r.rows) {
      const m = toMessage(row);
      for (const a of m.attachments) if (a.kind === kind) out.push({ attachment: a, message: m });
    }
    return out;
  }
  async attachment(id: Id): Promise<{ attachment: Attachment; message: Message } | undefined> {
    const r = await this.q.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE attachments @> $1::jsonb LIMIT 1`, [JSON.stringify([{ id }])]);
    const row = r.rows[0];
    if (!row) return undefined;
    const m = toMessage(row);
    const a = m.attachments.find((x) => x.id === id);
    return a && { attachment: a, message: m };
  }

  // ------------------------------------------------------------------ uploads

  async upload(id: Id): Promise<Upload | undefined> {
    const r = await this.q.query<{ attachment: Attachment; operator_id: string; dialog_id: string }>(
      'SELECT attachment, operator_id, dialog_id FROM uploads WHERE id = $1',
      [id],
    );
    const row = r.rows[0];
    return row && { ...row.attachment, operatorId: row.operator_id, dialogId: row.dialog_id };
  }
  async putUpload(upload: Upload): Promise<void> {
    const { operatorId, dialogId, ...attachment } = upload;
    await this.q.query(
      `INSERT INTO uploads (id, operator_id, dialog_id, attachment, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (id) DO UPDATE SET operator_id = excluded.operator_id, dialog_id = excluded.dialog_id, attachment = excluded.attachment`,
      [upload.id, operatorId, dialogId, JSON.stringify(attachment), this.now()],
    );
  }

  // ------------------------------------------------------------------ read states

  async readState(operatorId: Id, dialogId: Id): Promise<ReadState | undefined> {
    const r = await this.q.query<{ read_client_count: number; marked_unread: boolean }>(
      'SELECT read_client_count, marked_unread FROM read_states WHERE operator_id = $1 AND dialog_id = $2',
      [operatorId, dialogId],
    );
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
    return dialogIds.flatMap((id) => {
      const s = byId.get(id);
      return s ? [s] : [];
    });
  }
  async dialogReadStates(dialogId: Id): Promise<Map<Id, ReadState>> {
    const r = await this.q.query<{ operator_id: string; read_client_count: number; marked_unread: boolean }>(
      'SELECT operator_id, read_client_count, marked_unread FROM read_states WHERE dialog_id = $1',
      [dialogId],
    );
    return new Map(r.rows.map((row) => [row.operator_id, { dialogId, readClientCount: row.read_client_count, markedUnread: row.marked_unread }]));
  }
  async putReadState(operatorId: Id, state: ReadState): Promise<void> {
    await this.q.query(
      `INSERT INTO read_states (operator_id, dialog_id, read_client_count, marked_unread) VALUES ($1, $2, $3, $4)
       ON CONFLICT (operator_id, dialog_id) DO UPDATE SET read_client_count = excluded.read_client_count, marked_unread = excluded.marked_unread`,
      [operatorId, state.dialogId, state.readClientCount, state.markedUnread],
    );
  }

  // ------------------------------------------------------------------ quick replies

  async quickReplies(): Promise<QuickReply[]> {
    const r = await this.q.query<{ id: string; title: string; text: string; created_by: string; created_at: number }>(
      'SELECT id, title, text, created_by, created_at FROM quick_replies ORDER BY created_at, id',
    );
    return r.rows.map((q) => ({ id: q.id, title: q.title, text: q.text, createdBy: q.created_by, createdAt: q.created_at }));
  }
  async quickReply(id: Id): Promise<QuickReply | undefined> {
    const r = await this.q.query<{ id: string; title: string; text: string; created_by: string; created_at: number }>(
      'SELECT id, title, text, created_by, created_at FROM quick_replies WHERE id = $1',
      [id],
    );
    const q = r.rows[0];
    return q && { id: q.id, title: q.title, text: q.text, createdBy: q.created_by, createdAt: q.created_at };
  }
  async putQuickReply(reply: QuickReply): Promise<void> {
    await this.q.query(
      `INSERT INTO quick_replies (id, title, text, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, text = excluded.text`,
      [reply.id, reply.title, reply.text, reply.createdBy, reply.createdAt],
    );
  }

  // ------------------------------------------------------------------ events

  async appendEvent(operatorId: Id, event: UnnumberedEvent): Promise<ChatEvent> {
    // One statement: the head and the event move together, so the log never has a hole.
    const r = await this.q.query<{ seq: number }>(
      `WITH head AS (
         INSERT INTO event_heads AS h (operator_id, seq) VALUES ($1, 1)
         ON CONFLICT (operator_id) DO UPDATE SET seq = h.seq + 1 RETURNING seq
       )
       INSERT INTO events (operator_id, seq, type, payload, created_at) SELECT $1, seq, $2, $3::jsonb, $4 FROM head RETURNING seq`,
      [operatorId, event.type, JSON.stringify(event), this.now()],
    );
    const seq = r.rows[0]!.seq;
    // Prune now and then: every quarter of the limit (at most every 250 events).
    if (seq % Math.max(1, Math.min(250, Math.floor(this.eventLimit / 4))) === 0) {
      await this.q.query('DELETE FROM events WHERE operator_id = $1 AND seq <= $2', [operatorId, seq - this.eventLimit]);
    }
    return { ...structuredClone(event), seq } as ChatEvent;
  }
  /**
   * Numbers a command's events in one statement. The sequence rule: each operator has a counter
   * row (`event_heads`); the statement raises the counters of the operators concerned, in
   * operator id order, and the row lock it takes is held until the commit. So a concurrent
   * command for the same operator, on this server or another, waits for this one to commit or
   * roll back before it takes the next number: numbers are gap-free (a rollback takes its numbers
   * back) and commit in increasing order; the fixed lock order means two commands never deadlock
   * on counters. On a PostgreSQL server the same statement announces the highest number per
   * operator with NOTIFY, delivered to the other servers when (and only if) the transaction
   * commits. It is the unit's last statement: the counters stay locked only for it and the COMMIT
   * (with group commit, not for the disk flush: see `pg-storage.ts`).
   */
  async appendEvents(events: ReadonlyArray<{ operatorId: Id; event: UnnumberedEvent }>, options: { last?: boolean } = {}): Promise<ChatEvent[]> {
    if (events.length === 0) return [];
    const rows = events.map((e, i) => ({ i, operator_id: e.operatorId, type: e.event.type, payload: e.event }));
    const postgres = this.db.kind === 'postgres';
    // The unit's last statement commits with it where the driver can (one round trip while the
    // counters are held); it then also tells the other servers of cache changes.
    const commit = options.last && this.link && this.link.tx.queryAndCommit ? this.link : null;
    const announceCache = postgres && commit !== null && commit.onCommit.length > 0;
    const sql = `WITH ev AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i integer, operator_id text, type text, payload jsonb)
       ), counts AS (
         SELECT operator_id, count(*)::bigint AS n FROM ev GROUP BY operator_id
       ), heads AS (
         INSERT INTO event_heads AS h (operator_id, seq)
         SELECT operator_id, n FROM counts ORDER BY operator_id
         ON CONFLICT (operator_id) DO UPDATE SET seq = h.seq + excluded.seq
         RETURNING h.operator_id, h.seq
       ), numbered AS (
         SELECT ev.i, ev.operator_id, ev.type, ev.payload,
                heads.seq - counts.n + row_number() OVER (PARTITION BY ev.operator_id ORDER BY ev.i) AS seq
         FROM ev JOIN counts USING (operator_id) JOIN heads USING (operator_id)
       ), stored AS (
         INSERT INTO events (operator_id, seq, type, payload, created_at)
         SELECT operator_id, seq, type, payload, $2 FROM numbered
       ), pruned AS (
         -- Now and then (the head crosses a multiple of $5, a quarter of the kept window $6):
         -- the events beyond the window go.
         DELETE FROM events e USING heads JOIN counts USING (operator_id)
         WHERE e.operator_id = heads.operator_id AND heads.seq / $5::bigint <> (heads.seq - counts.n) / $5::bigint
           AND e.seq <= heads.seq - $6::bigint
       ), notified AS (
         -- On a PostgreSQL server ($3 the channel): the new heads, [[operatorId, seq], …] in
         -- chunks of ${NOTIFY_CHUNK} operators (a payload stays under 8000 bytes), in this
         -- statement rather than a round trip more while the counters are locked; $4: the
         -- cache channel, when this transaction changed a small table.
         SELECT count(pg_notify($3::text, c.payload)) + (SELECT count(pg_notify($4::text, '')) WHERE $4::text IS NOT NULL) AS n FROM (
           SELECT json_agg(json_build_array(operator_id, seq) ORDER BY operator_id)::text AS payload
           FROM (SELECT operator_id, seq, (row_number() OVER (ORDER BY operator_id) - 1) / ${NOTIFY_CHUNK} AS chunk FROM heads) h
           GROUP BY chunk
         ) c WHERE $3::text IS NOT NULL
       )
       SELECT i, operator_id, seq FROM numbered, notified ORDER BY i`;
    const every = Math.max(1, Math.min(250, Math.floor(this.eventLimit / 4)));
    const params = [JSON.stringify(rows), this.now(), postgres ? EVENTS_CHANNEL : null, announceCache ? CACHE_CHANNEL : null, every, this.eventLimit];
    let r: { rows: Array<{ i: number; operator_id: string; seq: number }> };
    if (commit) {
      r = await commit.tx.queryAndCommit!(sql, params);
      commit.cacheAnnounced = announceCache;
    } else r = await this.q.query(sql, params);
    const seqs = new Array<number>(events.length);
    for (const row of r.rows) seqs[row.i] = Number(row.seq);
    return events.map((e, i) => ({ ...structuredClone(e.event), seq: seqs[i]! }) as ChatEvent);
  }

  async lastSeq(operatorId: Id): Promise<number> {
    const r = await this.q.query<{ seq: number }>('SELECT seq FROM event_heads WHERE operator_id = $1', [operatorId]);
    await this.durable();
    return r.rows[0]?.seq ?? 0;
  }
  /**
   * Outside a transaction, waits until what was read is on disk (see {@link SqlDriver.durable}):
   * a head or an event handed to a client is never one a crash of the database takes back.
   */
  private async durable(): Promise<void> {
    if (!this.link) await this.db.durable?.();
  }
  async eventsSince(operatorId: Id, since: number): Promise<ChatEvent[] | null> {
    const head = await this.q.query<{ seq: number; first: number | null }>(
      'SELECT h.seq, (SELECT min(seq) FROM events e WHERE e.operator_id = h.operator_id) AS first FROM event_heads h WHERE h.operator_id = $1',
      [operatorId],
    );
    const h = head.rows[0];
    if (!h) return since === 0 ? [] : null;
    if (since > h.seq) return null;
    const first = h.first ?? h.seq + 1;
    if (since + 1 < first) return null;
    const r = await this.q.query<{ seq: number; payload: UnnumberedEvent }>('SELECT seq, payload FROM events WHERE operator_id = $1 AND seq > $2 ORDER BY seq', [
      operatorId,
      since,
    ]);
    await this.durable();
    return r.rows.map((row) => ({ ...row.payload, seq: row.seq }) as ChatEvent);
  }

  // ------------------------------------------------------------------ sessions (the server's own)

  /**
   * Issues a bearer token for an operator; only its hash is stored. It lasts
   * `sessionTtlMs` (12 hours by default) unused: each use in its second half extends it. Tokens
   * already expired are removed here, so the table stays the size of the sessions in use.
   */
  async createSession(operatorId: Id, label = ''): Promise<string> {
    const token = newToken('cdk');
    const now = this.now();
    await this.q.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.q.query('INSERT INTO sessions (token_hash, operator_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      hashToken(token),
      operatorId,
      label,
      now,
      now + this.sessionTtl,
    ]);
    return token;
  }
  /** The operator a bearer token belongs to, while it has not expired (extending it when used late in its life). */
  async sessionOperator(token: string): Promise<Id | undefined> {
    const now = this.now();
    const hash = hashToken(token);
    const r = await this.q.query<{ operator_id: string; expires_at: number }>('SELECT operator_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2', [hash, now]);
    const row = r.rows[0];
    if (!row) return undefined;
    // Written at most once per half life, not on every request.
    if (row.expires_at - now < this.sessionTtl / 2) await this.q.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [hash, now + this.sessionTtl]);
    return row.operator_id;
  }
  private get sessionTtl(): number {
    return this.options.sessionTtlMs ?? 12 * 3600_000;
  }
  /** Revokes a bearer token. */
  async deleteSession(token: string): Promise<void> {
    await this.q.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
  }

  /** Issues a token for a web-chat visitor of one dialog. */
  async createVisitorSession(dialogId: Id): Promise<string> {
    const token = newToken('cdv');
    await this.q.query('INSERT INTO visitor_sessions (token_hash, dialog_id, created_at) VALUES ($1, $2, $3)', [hashToken(token), dialogId, this.now()]);
    return token;
  }
  /** The dialog a visitor token belongs to. */
  async visitorDialog(token: string): Promise<Id | undefined> {
    const r = await this.q.query<{ dialog_id: string }>('SELECT dialog_id FROM visitor_sessions WHERE token_hash = $1', [hashToken(token)]);
    return r.rows[0]?.dialog_id;
  }
}

// ------------------------------------------------------------------ the query in SQL

/** A WHERE clause being built, with its parameters. */
class SqlWhere {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  /** A placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(condition: string): void {
    this.parts.push(condition);
  }
  sql(): string {
    return this.parts.length ? this.parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
  }
}

/** Where the columns a query filters on live: a dialog row (`d`, its client `c`) or a facet (`f`). */
interface QueryColumns {
  status: string;
  channel: string;
  assigneeKind: string;
  assigneeId: string;
  authorKind: string;
  waiting: string;
  tags: string;
}

const DIALOG_QUERY_COLUMNS: QueryColumns = {
  status: 'd.status',
  channel: 'd.channel_id',
  assigneeKind: `coalesce(d.assignee->>'kind', '')`,
  assigneeId: `coalesce(d.assignee->>'id', '')`,
  authorKind: `coalesce(d.last_message->'author'->>'kind', '')`,
  waiting: 'd.waiting_since IS NOT NULL',
  tags: `coalesce(c.tags, '[]'::jsonb)`,
};

const FACET_QUERY_COLUMNS: QueryColumns = {
  status: 'f.status',
  channel: 'f.channel_id',
  assigneeKind: 'f.assignee_kind',
  assigneeId: 'f.assignee_id',
  authorKind: 'f.author_kind',
  waiting: 'f.waiting',
  tags: 'f.tags',
};

/**
 * `matchesQuery` of `sdk/rules/query.ts` and `canSeeDialog` (H1) in SQL, except the search: a
 * property test checks both agree on random queries (test/server/storage.node.test.ts).
 */
function filterPredicate(w: SqlWhere, viewer: Operator, q: DialogQuery, col: QueryColumns): void {
  if (viewer.role !== 'administrator') w.add(`${col.assigneeKind} IN ('', 'bot') OR ${col.assigneeId} = ${w.param(viewer.id)}`);
  if (q.status !== 'all') w.add(`${col.status} = ${w.param(q.status)}`);
  if (q.channels.length) w.add(`${col.channel} = ANY(${w.param(q.channels)}::text[])`);
  if (q.operators.length) w.add(`${col.assigneeKind} = 'operator' AND ${col.assigneeId} = ANY(${w.param(q.operators)}::text[])`);
  if (q.bot) w.add(`${col.assigneeKind} = 'bot'`);
  switch (q.lastMessage) {
    case 'client':
      w.add(`${col.authorKind} = 'client'`);
      break;
    case 'operator':
      w.add(`${col.authorKind} IN ('operator', 'bot')`);
      break;
    case 'unanswered':
      w.add(col.waiting);
      break;
    case 'answered':
      w.add(`NOT (${col.waiting})`);
      break;
    case 'any':
      break;
  }
  const t = q.tags;
  if (t.mode === 'none') {
    w.add(`jsonb_array_length(${col.tags}) = 0`);
    return;
  }
  if (t.pinned) w.add(`${col.tags} @> '[{"pinned": true}]'::jsonb`);
  if (t.mode === 'list') {
    for (const id of t.tags) w.add(`${col.tags} @> ${w.param(JSON.stringify([t.pinned ? { tagId: id, pinned: true } : { tagId: id }]))}::jsonb`);
  }
}

/** The whole predicate on `dialogs d LEFT JOIN clients c`, search included (L6: title, client name, any message). */
function dialogPredicate(w: SqlWhere, viewer: Operator, q: DialogQuery, ids: readonly string[] | null = null): void {
  filterPredicate(w, viewer, q, DIALOG_QUERY_COLUMNS);
  const n = foldText(q.search.trim());
  if (!n) return;
  if (ids) {
    // The matches, found by the trigram indexes (SqlStorage.searchIds).
    w.add(`d.id = ANY(${w.param(ids)}::text[])`);
    return;
  }
  // LIKE '%…%' on folded text: what the pg_trgm GIN indexes of migration 005 answer.
  const p = w.param(likePattern(n));
  w.add(`d.search_title LIKE ${p} OR c.search_name LIKE ${p} OR EXISTS (SELECT 1 FROM messages m WHERE m.dialog_id = d.id AND m.search_text LIKE ${p})`);
}

/** At most this many candidate rows are collected from the trigram indexes for a search (L6). */
const SEARCH_ID_CAP = 20_000;

/** `%needle%` for LIKE, with the needle's own `%`, `_` and `\\` taken literally. */
function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The predicate on `dialog_facets f` (no search: the caller scans instead). */
function facetPredicate(w: SqlWhere, viewer: Operator, q: DialogQuery): void {
  filterPredicate(w, viewer, q, FACET_QUERY_COLUMNS);
}
