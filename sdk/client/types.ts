/** The public types of `ChatClient` (`../client.ts`): feeds, drafts, uploads, alerts, errors, options. */
import type { Attachment, ClientRecord, Dialog, Id, Message } from '../model.js';
import type { ChatCommandError, ChatProtocolError, Transport } from '../protocol.js';

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

/** The feed of a dialog not loaded. */
export const EMPTY_FEED: DialogFeed = Object.freeze({ messages: [], cursor: null, loading: false, loaded: false }) as DialogFeed;
