/**
 * The chatdesk protocol: the commands an operator's client sends, the answers it gets, the
 * events the server pushes, and the `Transport` that carries them. The in-process transport
 * (`server/core`) and the HTTP/WebSocket transport implement the same interface.
 */
import type {
  Assignee,
  Attachment,
  ChatSettings,
  Client,
  ClientSummary,
  ClientTag,
  CountName,
  Dialog,
  DialogPage,
  Id,
  ListRow,
  Message,
  MessageStatus,
  QuickReply,
  ReadState,
  Snapshot,
  Tag,
  Operator,
} from './model.js';
import type { DialogQuery } from './rules/query.js';

/** An attachment reference in a send: an id returned by `upload`. */
export interface AttachmentRef {
  id: Id;
}

/** Input of `sendMessage`. `id` is client-generated and is the idempotency key. */
export interface SendMessageInput {
  id: Id;
  dialogId: Id;
  text: string;
  quoteId?: Id | undefined;
  attachments?: AttachmentRef[] | undefined;
}

/** A page of a dialog's history, oldest first. */
export interface MessagePage {
  dialogId: Id;
  messages: Message[];
  /** Pass as `before` to get the previous page; `null` when the start was reached. */
  cursor: number | null;
}

/** A page of a dialog's attachments, newest first (H6). */
export interface AttachmentPage {
  dialogId: Id;
  items: AttachmentItem[];
  total: number;
  cursor: number | null;
}

/** An attachment with where it was sent (H6). */
export interface AttachmentItem {
  attachment: Attachment;
  messageId: Id;
  author: Message['author'];
  createdAt: number;
}

/**
 * Input of `updateSettings` (F2): the settings to change. `responseTimeLimitMs` is a whole number
 * of milliseconds between {@link MIN_RESPONSE_TIME_LIMIT_MS} and {@link MAX_RESPONSE_TIME_LIMIT_MS},
 * or `null` for "no time limit" (processing order is then unavailable).
 */
export interface SettingsPatch {
  responseTimeLimitMs?: number | null | undefined;
}

/** F2: the shortest response-time limit a backend accepts (one minute). */
export const MIN_RESPONSE_TIME_LIMIT_MS = 60_000;
/** F2: the longest response-time limit a backend accepts (seven days). */
export const MAX_RESPONSE_TIME_LIMIT_MS = 7 * 24 * 3_600_000;

/** Per-item result of a bulk delete (D1-D4). */
export interface DeleteResult {
  dialogId: Id;
  ok: boolean;
  reason?: ErrorCode | undefined;
}

/** Every error code of a refused command. */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'forbidden',
  'not_assigned',
  'client_blocked',
  'too_long',
  'attachment_not_allowed',
  'attachment_type',
  'attachment_size',
  'attachment_count',
  'conflict',
  'unauthorized',
  'unavailable',
  'internal',
] as const;

/** Error codes of refused commands. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Input of `listDialogs`. */
export interface ListDialogsInput {
  query: DialogQuery;
  /** The `cursor` of the previous page; omitted for the first page. */
  cursor?: string | undefined;
  /** Rows to answer, 0-500 (default 50); 0 answers only counts. */
  limit?: number | undefined;
  /** The counts to answer beside the rows (none by default). */
  counts?: CountName[] | undefined;
}

/** Answer of `getDialog`: one dialog the operator sees, with its full client and their read position. */
export interface DialogDetail {
  dialog: Dialog;
  client: Client | null;
  readState: ReadState | null;
}

/**
 * Answer of `getClient`: a client's whole record and the dialogs of theirs the operator sees
 * (latest activity first, at most 50), with the operator's read positions of them.
 */
export interface ClientDetail {
  client: Client;
  dialogs: Dialog[];
  readStates: ReadState[];
}

/** Every command: its input and its answer. */
export interface Commands {
  bootstrap: { req: { query?: DialogQuery | undefined; limit?: number | undefined }; res: Snapshot };
  eventsSince: { req: { since: number }; res: EventsSince };
  listDialogs: { req: ListDialogsInput; res: DialogPage };
  getDialog: { req: { dialogId: Id }; res: DialogDetail };
  getClient: { req: { clientId: Id }; res: ClientDetail };
  loadMessages: { req: { dialogId: Id; before?: number | undefined; limit?: number | undefined }; res: MessagePage };
  sendMessage: { req: SendMessageInput; res: Message };
  closeDialog: { req: { dialogId: Id }; res: Dialog };
  reopenDialog: { req: { dialogId: Id }; res: Dialog };
  reassignDialog: { req: { dialogId: Id; to: Assignee }; res: Dialog };
  markRead: { req: { dialogId: Id }; res: ReadState };
  markUnread: { req: { dialogId: Id }; res: ReadState };
  blockClient: { req: { clientId: Id }; res: Client };
  unblockClient: { req: { clientId: Id }; res: Client };
  detachClient: { req: { dialogId: Id }; res: Dialog };
  deleteDialogs: { req: { dialogIds: Id[] }; res: { results: DeleteResult[] } };
  createQuickReply: { req: { id: Id; text: string; title?: string | undefined; messageId?: Id | undefined }; res: QuickReply };
  forwardAttachment: { req: { id: Id; attachmentId: Id; toDialogId: Id }; res: Message };
  listAttachments: { req: { dialogId: Id; kind: 'image' | 'file'; cursor?: number | undefined; limit?: number | undefined }; res: AttachmentPage };
  setClientTags: { req: { clientId: Id; tags: ClientTag[] }; res: Client };
  /** F2: an administrator changes the chat settings; fields left out keep their value. */
  updateSettings: { req: SettingsPatch; res: ChatSettings };
}

/** The name of a command. */
export type CommandName = keyof Commands;
/** A command's input. */
export type CommandInput<K extends CommandName> = Commands[K]['req'];
/** A command's answer. */
export type CommandResult<K extends CommandName> = Commands[K]['res'];

/**
 * Events the server pushes to an operator; `seq` numbers them per operator.
 *
 * Events that change how a dialog stands in the operator's list carry the row as it was before
 * (`was`: `null` when the operator did not see the dialog) and as it is after (`dialog`, `client`,
 * `read`), so the SDK keeps the list and its counts exact without holding every dialog (see
 * "Lists" in `docs/protocol.md`). `was` is optional for backends that cannot send it: the SDK then
 * asks the counts again after such an event.
 */
export type ChatEvent =
  | { seq: number; type: 'message.created'; message: Message; dialog: Dialog; client?: ClientSummary | null | undefined; read?: ReadState | null | undefined; was?: ListRow | null | undefined }
  | { seq: number; type: 'message.status'; dialogId: Id; messageId: Id; status: MessageStatus }
  | { seq: number; type: 'dialog.upserted'; dialog: Dialog; client: Client | null; read?: ReadState | null | undefined; was?: ListRow | null | undefined }
  | { seq: number; type: 'dialog.removed'; dialogId: Id; reason: 'deleted' | 'access_lost'; was?: ListRow | null | undefined }
  | {
      seq: number;
      type: 'client.updated';
      client: Client;
      /** The client as the list showed it before. */
      was?: ClientSummary | undefined;
      /** The client's dialogs this operator sees, as they are, with the operator's read positions. */
      dialogs?: Dialog[] | undefined;
      readStates?: ReadState[] | undefined;
    }
  | { seq: number; type: 'read.updated'; readState: ReadState; dialog?: Dialog | undefined; was?: ReadState | null | undefined }
  | { seq: number; type: 'tag.upserted'; tag: Tag }
  | { seq: number; type: 'operator.updated'; operator: Operator }
  | { seq: number; type: 'quickreply.created'; quickReply: QuickReply }
  | { seq: number; type: 'settings.updated'; settings: ChatSettings };

/** The type of an event. */
export type ChatEventType = ChatEvent['type'];

/** Answer of `eventsSince`: the missed events, or `gap` when they are too old to replay. */
export type EventsSince = { gap: false; events: ChatEvent[]; seq: number } | { gap: true; seq: number };

/** Connection state of a transport. */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'closed';

/** Upload progress, 0..1. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** What the client hands a transport to hear from it. */
export interface TransportListener {
  /** A pushed event, still unvalidated: the client validates every payload. */
  event(payload: unknown): void;
  /**
   * The connection state changed. With `online`, a transport that knows it passes `head`: the
   * sequence number the event stream starts after (every later event is pushed). A client whose
   * snapshot is older catches up the difference, so nothing written between the snapshot and the
   * stream's start is missed.
   */
  state(state: ConnectionState, head?: number): void;
}

/**
 * Carries commands and events between a `ChatClient` and a backend. Answers are `unknown`:
 * the client validates them before they reach a store.
 */
export interface Transport {
  /** Sends a command; resolves with the raw answer, rejects with a {@link ChatCommandError} when refused. */
  request<K extends CommandName>(name: K, input: CommandInput<K>, opts?: { signal?: AbortSignal }): Promise<unknown>;
  /** Uploads a file for a dialog; resolves with the raw `Attachment`. */
  upload(dialogId: Id, file: Blob, name: string, opts?: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal }): Promise<unknown>;
  /** Starts pushing events to `listener`. Returns a function that stops it. */
  connect(listener: TransportListener): () => void;
}

/** A command the backend refused, with a code and a human-readable message. */
export class ChatCommandError extends Error {
  override readonly name = 'ChatCommandError';
  constructor(
    /** Machine-readable code. */
    readonly code: ErrorCode,
    message: string,
    /** The offending field, for validation errors. */
    readonly field?: string,
    /** HTTP status where there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Whether `e` is a refusal: a {@link ChatCommandError}, possibly from another copy of this module
 * (two bundles on one page), recognised by its name and code.
 */
export function isCommandError(e: unknown): e is ChatCommandError {
  return e instanceof ChatCommandError || (e instanceof Error && e.name === 'ChatCommandError' && typeof (e as { code?: unknown }).code === 'string');
}

/** A payload from the network that does not match the protocol; it was dropped. */
export class ChatProtocolError extends Error {
  override readonly name = 'ChatProtocolError';
  constructor(
    /** What was being read: `event`, `bootstrap`, `sendMessage`... */
    readonly context: string,
    /** The path of the first offending field, e.g. `message.status.state`. */
    readonly field: string,
    /** What was wrong with it. */
    readonly problem: string,
  ) {
    super(`Malformed ${context}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

/** Maps an HTTP-ish error code to a status. Shared by the server and the conformance suite. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  too_long: 400,
  attachment_not_allowed: 415,
  attachment_type: 415,
  attachment_size: 413,
  attachment_count: 400,
  unauthorized: 401,
  forbidden: 403,
  not_assigned: 403,
  client_blocked: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
