/**
 * Storage behind the backend core. Browser-safe: the memory implementation runs in Storybook
 * and element tests; the reference server implements the same interface over PGlite.
 */
import type { ChatEvent } from '../../sdk/protocol.js';
import type { Attachment, Bot, Channel, ChatSettings, Client, ClientSummary, CountName, Dialog, Id, ListCounts, Message, Operator, QuickReply, ReadState, Tag } from '../../sdk/model.js';
import type { DialogQuery, SortKey } from '../../sdk/rules/query.js';

/** An event before the storage numbers it. */
export type UnnumberedEvent = ChatEvent extends infer E ? (E extends ChatEvent ? Omit<E, 'seq'> : never) : never;

/** How a simulated channel behaves (delivery delays, reads, failures). */
export interface ChannelSimulation {
  /** Milliseconds from queued to sent, and from sent to delivered. */
  sendDelayMs: number;
  deliverDelayMs: number;
  /** Milliseconds from delivered to read, where the channel reports reads and the client reads by itself; `null`: only when the client reports it. */
  readDelayMs: number | null;
  /** Fail every message with `integration_error` (S5) while true. */
  failing: boolean;
}

/** Everything the demo starts with. */
export interface SeedData {
  operators: Operator[];
  bots: Bot[];
  channels: Channel[];
  /** Per channel id; channels without an entry deliver at once. */
  simulation: Record<Id, ChannelSimulation>;
  tags: Tag[];
  clients: Client[];
  dialogs: Dialog[];
  /** Every message of every dialog, ascending `n` per dialog. */
  messages: Message[];
  readStates: Array<ReadState & { operatorId: Id }>;
  quickReplies: QuickReply[];
  settings: ChatSettings;
  /** Web-chat dialogs whose client has left the site (S5). */
  leftDialogs: Id[];
}

/**
 * L6: a search's `total` is counted up to this many dialogs; beyond it the answer is this number
 * with `totalAtLeast: true` ("1,000+"). T7 under a search is counted over the same bounded walk:
 * the first this many matches of the query without its tag part, newest activity first (then id);
 * with more matches than that the counts are lower bounds, flagged `tagsAtLeast: true`. Without a
 * search, `total` and T7 are exact; N2 and L1 are always exact.
 */
export const SEARCH_TOTAL_CAP = 1000;

/**
 * Storage of the core. Every method may be async (PGlite is).
 *
 * Every command of the core runs inside {@link Storage.transaction}: what it writes (messages,
 * dialog summaries, read positions, events with their per-operator `seq`) is kept together, or
 * not at all. Writes made outside a transaction apply at once, one by one.
 */
/** What a command reads first ({@link Storage.transaction}): a dialog (locked), and the message its idempotency id names. */
export interface TransactionHint {
  dialogId: Id;
  id?: Id;
}

export interface Storage {
  /**
   * Runs `fn` as one transaction and resolves with its result once it is committed. Inside, read
   * and write through `tx` only (never through the storage it was called on: that would wait for
   * the transaction to end). When `fn` throws, or the commit fails, nothing it wrote is kept and
   * the error is thrown again. Called on a transaction's `tx`, it joins that transaction.
   *
   * A storage may run `fn` more than once (a database retrying a serialization failure): `fn`
   * must not have effects outside `tx` before the returned promise settles.
   *
   * `hint`: what `fn` reads first, when the caller knows it; a storage may read it ahead (and lock
   * it) in the round trip of a command before it. Only when; what `fn` reads does not change.
   */
  transaction<T>(fn: (tx: Storage) => Promise<T>, hint?: TransactionHint): Promise<T>;

  /** Loads `seed` when the storage is empty; returns whether it did. */
  init(seed: () => SeedData): Promise<boolean>;

  operators(): Promise<Operator[]>;
  bots(): Promise<Bot[]>;
  channels(): Promise<Channel[]>;
  simulation(): Promise<Record<Id, ChannelSimulation>>;
  putSimulation(channelId: Id, sim: ChannelSimulation): Promise<void>;
  tags(): Promise<Tag[]>;
  putTag(tag: Tag): Promise<void>;
  settings(): Promise<ChatSettings>;
  putSettings(settings: ChatSettings): Promise<void>;

  client(id: Id): Promise<Client | undefined>;
  clients(ids?: Id[]): Promise<Client[]>;
  /**
   * The summaries of these clients (what a page of the list carries: name, avatar, tags,
   * blocked), in the order of `ids`, skipping unknown ids. Optional: without it a page reads
   * {@link Storage.clients} and cuts each record down.
   */
  clientSummaries?(ids: Id[]): Promise<ClientSummary[]>;
  putClient(client: Client): Promise<void>;

  dialog(id: Id): Promise<Dialog | undefined>;
  /** Every dialog: for tests and small data sets only (a scan). */
  dialogs(): Promise<Dialog[]>;
  /**
   * A page of the list: the dialogs `viewer` sees (H1) that `query` selects, in the query's order
   * (`sortKey`), strictly after the key `after` (from the start when `null`), at most `limit`.
   * The predicate and the order are those of `sdk/rules/query.ts` (`matchesQuery`, `sortKey`);
   * search (L6) also matches any message text of the dialog and the client's contacts (phone,
   * e-mail; `clientSearchText` of sdk/rules/text).
   */
  listPage(viewer: Operator, query: DialogQuery, after: SortKey | null, limit: number): Promise<Dialog[]>;
  /**
   * Exact counts of the list `viewer` sees for `query` (see `ListCounts`): only those asked for.
   * With a search (L6), `total` stops at {@link SEARCH_TOTAL_CAP}: more matches answer that cap with
   * `totalAtLeast: true` (counting every match of a common word is a scan of all history). T7
   * under a search counts the tags of the first {@link SEARCH_TOTAL_CAP} matches of the query
   * without its tag part in the order of activity (`last_activity_at` descending, then id by code
   * unit), and sets `tagsAtLeast: true` when there are more (each count is then a lower bound);
   * every storage answers the same counts for the same data.
   */
  listCounts(viewer: Operator, query: DialogQuery, what: readonly CountName[]): Promise<ListCounts>;
  /**
   * Runs `fn` on a consistent view of the storage (no write lands between two of its reads) and
   * resolves with its result; `fn` only reads. A list page, its counts and the event head it
   * reflects are read this way.
   */
  snapshot<T>(fn: (view: Storage) => Promise<T>): Promise<T>;
  putDialog(dialog: Dialog): Promise<void>;
  deleteDialog(id: Id): Promise<void>;
  /**
   * Whether the client of a web-chat dialog has left the site (S5: a reply then fails with
   * `client_left`); false for an unknown dialog. Inside a transaction that has read the dialog,
   * answered with that read (the SQL storage reads the flag with the dialog's row).
   */
  clientLeft(dialogId: Id): Promise<boolean>;
  setLeft(dialogId: Id, left: boolean): Promise<void>;

  /** Messages of a dialog with `n < before` (all when undefined), the last `limit`, ascending. */
  messages(dialogId: Id, before: number | undefined, limit: number): Promise<Message[]>;
  /** A message by its id (the idempotency key). */
  message(id: Id): Promise<Message | undefined>;
  putMessage(message: Message): Promise<void>;
  /**
   * Ids of operator and bot messages whose simulated delivery is under way (to resume after a
   * restart or a change of leader): still `queued` or `sent`, or `delivered` with the simulated
   * read still to come (written with the status: `StatusWrite.putMessageStatus`).
   */
  pendingDeliveries(): Promise<Id[]>;
  /** Dialog ids with a message whose text contains `needle` (case and accents ignored). */
  dialogsWithText(needle: string): Promise<Set<Id>>;
  /**
   * L6: for each of `dialogIds` that has a message whose text contains `needle` (case and accents
   * ignored), its newest such message. Dialogs without one are left out.
   */
  matchedMessages(dialogIds: readonly Id[], needle: string): Promise<Map<Id, Message>>;
  /** A dialog's attachments of a kind, newest first, with their message. */
  attachments(dialogId: Id, kind: 'image' | 'file'): Promise<Array<{ attachment: Attachment; message: Message }>>;
  /** An attachment anywhere, with its message. */
  attachment(id: Id): Promise<{ attachment: Attachment; message: Message } | undefined>;

  /** Uploaded files not yet sent, by id. */
  upload(id: Id): Promise<(Attachment & { operatorId: Id; dialogId: Id }) | undefined>;
  putUpload(upload: Attachment & { operatorId: Id; dialogId: Id }): Promise<void>;

  readState(operatorId: Id, dialogId: Id): Promise<ReadState | undefined>;
  readStates(operatorId: Id): Promise<ReadState[]>;
  /** An operator's read positions of some dialogs, in the order asked (those without one are left out). */
  readStatesOf(operatorId: Id, dialogIds: readonly Id[]): Promise<ReadState[]>;
  /** Every operator's read position of one dialog, by operator id. */
  dialogReadStates(dialogId: Id): Promise<Map<Id, ReadState>>;
  putReadState(operatorId: Id, state: ReadState): Promise<void>;

  quickReplies(): Promise<QuickReply[]>;
  quickReply(id: Id): Promise<QuickReply | undefined>;
  putQuickReply(reply: QuickReply): Promise<void>;

  /** Numbers and stores an event for an operator; returns it with its `seq`. */
  appendEvent(operatorId: Id, event: UnnumberedEvent): Promise<ChatEvent>;
  /**
   * Numbers and stores several events at once, in the order given per operator; answers them
   * numbered, in the same order. Optional: without it the core calls {@link appendEvent} for each.
   * A storage shared by several servers takes each operator's counter in a fixed order here, so
   * that concurrent commands cannot deadlock on them. `last`: nothing else runs in this
   * transaction after it (the core numbers a unit's events at its very end), so the storage may
   * commit together with it (one round trip less while the counters are held).
   */
  appendEvents?(events: ReadonlyArray<{ operatorId: Id; event: UnnumberedEvent }>, options?: { last?: boolean }): Promise<ChatEvent[]>;
  /** The dialogs of a client, by id (locked for the rest of the transaction where the storage locks). */
  dialogsOfClient(clientId: Id): Promise<Dialog[]>;
  /** The operator's latest `seq` (0 when none). */
  lastSeq(operatorId: Id): Promise<number>;
  /** Events with `seq > since`, or `null` when some of them are no longer kept (a gap). */
  eventsSince(operatorId: Id, since: number): Promise<ChatEvent[] | null>;
}
