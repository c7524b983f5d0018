/**
 * The chatdesk domain model: plain, JSON-serializable data shared by the SDK, the
 * elements and the reference server. Timestamps are epoch milliseconds (UTC).
 *
 * Requirement IDs (H1, S5, T6...) refer to `REQUIREMENTS.md`.
 */

/** An opaque identifier. */
export type Id = string;

/** Epoch milliseconds. */
export type Timestamp = number;

/** Operator role (H1): administrators may reassign any dialog and keep seeing history. */
export type OperatorRole = 'administrator' | 'operator';

/** Rights granted through the operator's user group. */
export interface OperatorRights {
  /** D4: may delete dialogs. */
  deleteDialogs: boolean;
}

/** A CRM employee who answers clients. */
export interface Operator {
  id: Id;
  name: string;
  role: OperatorRole;
  rights: OperatorRights;
  avatarUrl?: string | undefined;
  /** Whether the operator is currently available for assignment (H1 list). */
  online: boolean;
}

/** A chat bot that can hold dialogs (F6, P3). */
export interface Bot {
  id: Id;
  name: string;
}

/** Who is responsible for a dialog. `null` on a dialog means nobody yet. */
export type Assignee = { kind: 'operator'; id: Id } | { kind: 'bot'; id: Id };

/** The kind of channel a client writes from (L2). */
export type ChannelKind =
  | 'webchat'
  | 'telegram'
  | 'whatsapp'
  | 'viber'
  | 'instagram'
  | 'facebook'
  | 'vk'
  | 'email'
  | 'sms'
  /** Any other integration: shown with a generic icon and its configured name. */
  | 'other';

/** What a channel's integration supports (M2, S6, P1, P4). */
export interface ChannelCapabilities {
  /** S6: the integration reports that the recipient read a message. */
  readReceipts: boolean;
  /** M1/M2: replies may quote a message. */
  quoting: boolean;
  /** P1: files may be sent; `types` are MIME patterns such as `image/*` or `application/pdf`. */
  attachments: { allowed: boolean; types: string[]; maxBytes: number; maxCount: number };
  /** P4: the longest message in characters, white space not counted. */
  maxLength: number;
  /** S5: the client can leave (site web chat), after which messages fail with `client_left`. */
  clientCanLeave: boolean;
}

/** A messenger integration as configured in the CRM (L2: `name` is the configured channel name). */
export interface Channel {
  id: Id;
  kind: ChannelKind;
  name: string;
  capabilities: ChannelCapabilities;
}

/** A client tag (T7: shown in the colour chosen when it was created). */
export interface Tag {
  id: Id;
  name: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
}

/** A tag put on a client; `pinned` tags show under the client's name in the list (L5, T6). */
export interface ClientTag {
  tagId: Id;
  pinned: boolean;
}

/** Where a client came from (C1, C2). */
export interface ClientSource {
  channelId: Id;
  campaign?: string | undefined;
  utm?: Partial<Record<'source' | 'medium' | 'campaign' | 'content' | 'term', string>> | undefined;
  referrer?: string | undefined;
  landingPage?: string | undefined;
  firstContactAt: Timestamp;
}

/** Visit analytics a channel supplies about a client (H5: gone after detach). */
export interface ClientAnalytics {
  visits: number;
  pageViews: number;
  lastVisitAt?: Timestamp | undefined;
  device?: string | undefined;
  location?: string | undefined;
}

/** A contact of a client in one channel. */
export interface ClientContact {
  channelId: Id;
  handle: string;
}

/** An order of a client, as the CRM knows it (C2). */
export interface Order {
  id: Id;
  number: string;
  status: string;
  total: number;
  currency: string;
  createdAt: Timestamp;
  /** C2: created by the bot's "create order automatically" option. */
  createdByBot: boolean;
  source?: ClientSource | undefined;
}

/** A customer. */
export interface Client {
  id: Id;
  name: string;
  avatarUrl?: string | undefined;
  contacts: ClientContact[];
  tags: ClientTag[];
  source: ClientSource | null;
  analytics: ClientAnalytics | null;
  /** H4: messages to and from a blocked client are neither sent nor received. */
  blocked: boolean;
  orders: Order[];
}

/** Dialog status (H2). */
export type DialogStatus = 'open' | 'closed';

/** Who wrote a message. */
export type AuthorKind = 'client' | 'operator' | 'bot' | 'system';

/** The author of a message. `id` is the client, operator or bot id; empty for system. */
export interface Author {
  kind: AuthorKind;
  id: Id;
}

/** A short view of the latest message of a dialog, for the list (L3, L4). */
export interface MessagePreview {
  id: Id;
  author: Author;
  text: string;
  kind: MessageKind;
  attachmentCount: number;
  event?: SystemEvent | undefined;
  createdAt: Timestamp;
}

/** A conversation with one client. */
export interface Dialog {
  id: Id;
  channelId: Id;
  /** H5: `null` after the client was detached. */
  clientId: Id | null;
  /** The contact's display name in the channel; kept after a detach. */
  title: string;
  status: DialogStatus;
  assignee: Assignee | null;
  createdAt: Timestamp;
  /** When the dialog was last opened or reopened (F4). */
  openedAt: Timestamp;
  /** F3: the latest message from anyone. */
  lastActivityAt: Timestamp;
  /**
   * F2/F4: the time of the client's first message not yet answered since the dialog was
   * opened; `null` when the client has been answered (or has not written).
   */
  waitingSince: Timestamp | null;
  lastMessage: MessagePreview | null;
  /** Number of client messages ever received; unread counts derive from it (L1, N2). */
  clientMessageCount: number;
  /** Highest per-dialog message number. */
  lastN: number;
}

/** Message kind: a text or file message, or a system event in the feed (L3). */
export type MessageKind = 'text' | 'event';

/** Why a message failed (S5). */
export type FailureReason =
  /** The messenger integration refused or errored. */
  | 'integration_error'
  /** The dialog is not assigned to you (lack of rights). */
  | 'not_assigned'
  /** H4: the client is blocked. */
  | 'client_blocked'
  /** S5: the site web-chat client closed the chat window or left the site. */
  | 'client_left';

/** Delivery status of an outgoing message (S1-S6). */
export type MessageStatus = { state: 'queued' } | { state: 'sent' } | { state: 'delivered' } | { state: 'read' } | { state: 'failed'; reason: FailureReason; retryable: boolean };

/** The name of a status state. */
export type MessageState = MessageStatus['state'];

/** A system event shown in the feed and the list (L3). */
export interface SystemEvent {
  type: 'opened' | 'closed' | 'reopened' | 'reassigned' | 'client_blocked' | 'client_unblocked' | 'client_detached';
  /** Who did it; `null` when the system did (a reopen on a new message). */
  by: Author | null;
  from?: Assignee | null | undefined;
  to?: Assignee | null | undefined;
}

/** An attachment of a message (P1, P2, H6). */
export interface Attachment {
  id: Id;
  name: string;
  mime: string;
  size: number;
  kind: 'image' | 'file';
  url: string;
  thumbUrl?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  /** `false` when expired, removed or withheld; `unavailableReason` says why. */
  available: boolean;
  unavailableReason?: 'expired' | 'removed' | 'client_blocked' | undefined;
}

/** A quoted message inside a reply (M1). */
export interface Quote {
  messageId: Id;
  author: Author;
  text: string;
}

/** A message or a system event in a dialog's feed. */
export interface Message {
  /** For operator messages the client-generated id, also the idempotency key. */
  id: Id;
  dialogId: Id;
  /** Per-dialog order number assigned by the server; 0 while only queued locally. */
  n: number;
  kind: MessageKind;
  author: Author;
  text: string;
  quote?: Quote | undefined;
  attachments: Attachment[];
  event?: SystemEvent | undefined;
  createdAt: Timestamp;
  /** Outgoing (operator and bot) messages only (S1). */
  status?: MessageStatus | undefined;
}

/** Per-operator read position of a dialog (L1, N2, H3). */
export interface ReadState {
  dialogId: Id;
  /** How many of the dialog's client messages this operator has read. */
  readClientCount: number;
  /** H3: the operator marked the dialog unread for themselves. */
  markedUnread: boolean;
}

/** A canned answer (M1: created from a message's text). */
export interface QuickReply {
  id: Id;
  title: string;
  text: string;
  createdBy: Id;
  createdAt: Timestamp;
}

/** Inbox-wide settings. */
export interface ChatSettings {
  /** F2: the response-time limit; `null` when none is set (processing order unavailable). */
  responseTimeLimitMs: number | null;
}

/**
 * What the dialog list needs of a client (L1-L5: name, avatar, tags; H4: blocked). Pages and list
 * events carry this; the full {@link Client} (contacts, source, analytics, orders) comes with
 * `getDialog`, `dialog.upserted` and `client.updated`.
 */
export type ClientSummary = Pick<Client, 'id' | 'name' | 'avatarUrl' | 'tags' | 'blocked'>;

/** A client as the SDK may hold it: the list's summary, or the full record once something needed it. */
export type ClientRecord = Client | ClientSummary;

/**
 * One operator's row of a dialog in the list: the dialog, what the list shows of its client, and
 * this operator's read position (`null`: nothing read, not marked). Everything the query's
 * predicate, its order and the counts (L1, N2, T7) need.
 */
export interface ListRow {
  dialog: Dialog;
  client: ClientSummary | null;
  read: ReadState | null;
}

/** The counts of a list. Only those asked for are present. */
export interface ListCounts {
  /**
   * Dialogs the query selects: the length of the whole list. Exact, except with a search (L6)
   * when `totalAtLeast` is set.
   */
  total?: number | undefined;
  /**
   * L6: `true` when the server stopped counting a search's matches at `total` (the reference
   * server stops at 1,000): the list has at least `total` rows, maybe many
   * more; show it as "1,000+". Absent or `false`: `total` is exact. Never set without a search.
   */
  totalAtLeast?: boolean | undefined;
  /** N2: dialogs unread for this operator, whatever the query. */
  unreadDialogs?: number | undefined;
  /**
   * T7: dialogs per tag among those the query selects without its tag part (with the pinned
   * switch on, only pinned tags count). Tags without a dialog are left out. Exact, except with a
   * search (L6) when `tagsAtLeast` is set.
   */
  tags?: Record<Id, number> | undefined;
  /**
   * T7 under a search (L6): `true` when the search's matches (the query without its tag part) are
   * more than the server counts (the reference server: the newest 1,000 by activity, the same
   * bounded walk as `totalAtLeast`). Each count in `tags` is then a lower bound (a tag left out
   * may still have dialogs); show it as "1,000+". Absent or `false`: `tags` is exact. Never set
   * without a search.
   */
  tagsAtLeast?: boolean | undefined;
}

/** What a count request asks for. */
export type CountName = 'total' | 'unread' | 'tags';

/** A page of the dialog list for a query, in the query's order. */
export interface DialogPage {
  dialogs: Dialog[];
  /** The clients of the page's dialogs, as the list needs them. */
  clients: ClientSummary[];
  /** This operator's read positions of the page's dialogs (a dialog without one: nothing read). */
  readStates: ReadState[];
  /** Pass as `cursor` for the rows after this page; `null`: the list ends with this page. */
  cursor: string | null;
  /** The counts asked for, exact at `seq`. */
  counts: ListCounts;
  /**
   * L6, with a search in the query: for each dialog of the page that has a message containing the
   * search text, its newest such message as an excerpt. A dialog matched only by its title or
   * its client (name, phone, e-mail) has none. Absent without a search.
   */
  hits?: SearchHit[] | undefined;
  /** The operator's latest event number the answer reflects. */
  seq: number;
}

/** L6: the message a search matched in a dialog, shown in its row instead of the last message. */
export interface SearchHit {
  dialogId: Id;
  messageId: Id;
  /** The message's number in its dialog. */
  n: number;
  /** An excerpt of the message around the match, "…" where cut (`searchSnippet` of sdk/rules/text). */
  snippet: string;
  /** Where the match is in `snippet`: `[start, end)` in UTF-16 code units. */
  match: [number, number];
}

/** Everything an operator needs to start: what the server sends on bootstrap. */
export interface Snapshot {
  me: Operator;
  operators: Operator[];
  bots: Bot[];
  channels: Channel[];
  tags: Tag[];
  quickReplies: QuickReply[];
  settings: ChatSettings;
  /** The first page of the list for the query given to `bootstrap`, with its total and N2. */
  list: DialogPage;
  /** The operator's latest event sequence number at the time of the snapshot. */
  seq: number;
}
