/**
 * `ChatClient`: the headless SDK. It owns every store (nanostores), talks to a backend through a
 * `Transport`, validates every payload it receives, and offers one command for every
 * action of the inbox. Elements only read its stores and call its commands.
 *
 * This is a facade over the modules of `./client/`: `sync` (connection, snapshot, event
 * sequence), `reducer` (what an event changes, pure), `dialogs` (the open dialog, applying
 * events), `working-set` (dialogs, clients and read positions held, the list, retaining),
 * `feeds`, `outbox` (sending), `drafts`, `uploads`, `alerts` (N1 and errors), `catalog`
 * (operators, channels, tags, settings, quick replies) and `commands`.
 */
import { computed, type ReadableAtom, type WritableAtom } from 'nanostores';
import type {
  Assignee,
  Bot,
  Channel,
  ChatSettings,
  Client,
  ClientRecord,
  ClientTag,
  Dialog,
  DialogPage,
  Id,
  Message,
  MessageStatus,
  Operator,
  QuickReply,
  ReadState,
  SearchHit,
  Tag,
} from './model.js';
import type { AttachmentPage, ChatEvent, ClientDetail, ConnectionState, DeleteResult, SettingsPatch } from './protocol.js';
import type { AttachmentRefusal } from './rules/attachments.js';
import { isFullClient } from './rules/clients.js';
import { dialogActions, type DialogActions } from './rules/permissions.js';
import { normalizeQuery, type DialogQuery } from './rules/query.js';
import { isUnread, unreadCount } from './rules/unread.js';
import { sessionOf, type DialogSession } from './session/dialog-session.js';
import type { ListState } from './list/list-model.js';
import { ClientWiring } from './client/wiring.js';
import type { ChatClientOptions, ChatErrorReport, DialogFeed, DialogRow, Draft, NewMessageAlert, SendInput, UploadState } from './client/types.js';

export type { ChatClientOptions, ChatErrorReport, DialogFeed, DialogRow, Draft, NewMessageAlert, SendInput, UploadState } from './client/types.js';

/**
 * The headless chat client. Create one per page with {@link createChatClient}. Stores are
 * `$`-prefixed read-only nanostores; they change through its commands and the backend's events only.
 */
export class ChatClient extends ClientWiring {
  /** Connection to the backend (`idle` before {@link start}); writable in type only for element tests of the offline state. */
  readonly $connection: WritableAtom<ConnectionState | 'idle'> = this.sync.$connection;
  /** Whether the first snapshot arrived. */
  readonly $ready: ReadableAtom<boolean> = this.sync.$ready;
  readonly $me: ReadableAtom<Operator | null> = this.catalog.$me;
  readonly $operators: ReadableAtom<Operator[]> = this.catalog.$operators;
  readonly $bots: ReadableAtom<Bot[]> = this.catalog.$bots;
  /** Channels and their capabilities. Its type stays writable for tests and stories that simulate a channel changed on the server after loading. */
  readonly $channels: WritableAtom<Channel[]> = this.catalog.$channels;
  readonly $tags: ReadableAtom<Tag[]> = this.catalog.$tags;
  readonly $settings: ReadableAtom<ChatSettings> = this.catalog.$settings;
  readonly $quickReplies: ReadableAtom<QuickReply[]> = this.catalog.$quickReplies;
  /**
   * The dialogs the client holds, by id: the loaded rows of the list, the dialog open in the chat
   * window, dialogs with a loaded history or a pending alert. Not every dialog the operator may
   * see: those are paged from the server (`$listState`, {@link loadMoreDialogs}, {@link getDialog}).
   * The map is a live read-only view, replaced (not copied) on every change; entries are replaced,
   * never changed in place.
   */
  readonly $dialogs: ReadableAtom<ReadonlyMap<Id, Dialog>> = this.ws.$dialogs;
  /** Clients of those dialogs, by id: the list's summary, or the full record once loaded ({@link isFullClient}). */
  readonly $clients: ReadableAtom<ReadonlyMap<Id, ClientRecord>> = this.ws.$clients;
  /** This operator's read positions of those dialogs, by dialog id (L1, N2, H3). */
  readonly $readStates: ReadableAtom<ReadonlyMap<Id, ReadState>> = this.ws.$readStates;
  /** Loaded histories, by dialog id. */
  readonly $feeds: ReadableAtom<Readonly<Record<Id, DialogFeed>>> = this.feeds.$feeds;
  /** L4: drafts, by dialog id. */
  readonly $drafts: ReadableAtom<Readonly<Record<Id, Draft>>> = this.drafts.$drafts;
  /** P1: uploads, by key. */
  readonly $uploads: ReadableAtom<Readonly<Record<string, UploadState>>> = this.uploads.$uploads;
  /** The list's filter and sort ({@link setQuery}). */
  readonly $query: ReadableAtom<DialogQuery> = this.query;
  /** The dialog open in the chat window, if any ({@link openDialog}; N1 does not alert for it while visible). */
  readonly $activeDialogId: ReadableAtom<Id | null> = this.dialogs.$activeDialogId;
  /** N1: alerts muted by the operator ({@link setMuted}). */
  readonly $muted: ReadableAtom<boolean> = this.alertsPart.$muted;
  /** N1: new client messages to alert about, newest last. */
  readonly $alerts: ReadableAtom<NewMessageAlert[]> = this.alertsPart.$alerts;
  /** Errors reported, newest last (at most 20). */
  readonly $errors: ReadableAtom<ChatErrorReport[]> = this.alertsPart.$errors;
  /** Tags by id. */
  readonly $tagsById: ReadableAtom<ReadonlyMap<Id, Tag>> = this.catalog.$tagsById;
  /** Channels by id. */
  readonly $channelsById: ReadableAtom<ReadonlyMap<Id, Channel>> = this.catalog.$channelsById;
  /** The dialog list: rows loaded, total, loading (see {@link ListState}). */
  readonly $listState: ReadableAtom<ListState> = this.ws.list.$state;
  /**
   * F2-F6, L6: the loaded rows of the list, filtered and sorted by `$query` (a copy, made when
   * read: elements that window the list read {@link listRow} and `$listState` instead).
   */
  readonly $list: ReadableAtom<Dialog[]> = computed(this.ws.list.$state, () => this.ws.list.rows());
  /** L1: unread client messages per dialog held. */
  readonly $unreadCounts: ReadableAtom<ReadonlyMap<Id, number>> = computed([this.ws.$dialogs, this.ws.$readStates], (dialogs, reads) => {
    const m = new Map<Id, number>();
    for (const d of dialogs.values()) m.set(d.id, unreadCount(d, reads.get(d.id)));
    return m;
  });
  /** N2: the number of unread dialogs, exact (from the server, moved by every event). */
  readonly $unreadDialogCount: ReadableAtom<number> = this.ws.list.$unread;
  /**
   * T7: dialogs per tag among the dialogs the rest of the query selects (pinned links only under
   * the pinned switch), exact but under a search past the server's cap (see `$tagCountsAtLeast`).
   * Asked from the server while something listens to it.
   */
  readonly $tagCounts: ReadableAtom<ReadonlyMap<Id, number>> = this.ws.list.$tagCounts;
  /**
   * T7 under a search (L6): `true` while `$tagCounts` are lower bounds (a common word: the server
   * counted its first 1,000 matches only); show them as "1,000+". Never without a search.
   */
  readonly $tagCountsAtLeast: ReadableAtom<boolean> = this.ws.list.$tagCountsAtLeast;
  /** F2: whether the signed-in operator may change the chat settings (an administrator). */
  readonly $canEditSettings: ReadableAtom<boolean> = this.catalog.$canEditSettings;
  /** The client's clock (`options.now`). */
  readonly now: () => number = this.ctx.now;

  constructor(options: ChatClientOptions) {
    super(options);
    this.drafts.restore();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Fetches the snapshot and starts listening to events. Safe to call twice; after a failed
   * start (the snapshot could not be fetched) calling it again tries again.
   */
  start(): Promise<void> {
    return this.sync.start();
  }

  /** Stops listening. Stores keep their values. */
  stop(): void {
    this.outbox.stop();
    this.sync.stop();
  }

  /**
   * Catches up after a reconnect or a gap in the event sequence: missed events, or a fresh
   * snapshot when the gap is too old. Only one catch-up runs at a time; events pushed meanwhile
   * are applied after it.
   */
  resync(): Promise<void> {
    return this.sync.resync();
  }

  /** Applies a validated event. Applying the same event twice changes nothing. */
  apply(event: ChatEvent): void {
    this.dialogs.apply(event);
  }

  /** Removes a reported error (after the UI showed it). */
  dismissError(report: ChatErrorReport): void {
    this.alertsPart.dismissError(report);
  }

  /** N1: removes an alert once shown or clicked. */
  dismissAlert(id: Id): void {
    this.alertsPart.dismiss(id);
  }

  /** N1: mutes (or unmutes) new-message alerts; while muted, new client messages raise none. */
  setMuted(muted: boolean): void {
    this.alertsPart.setMuted(muted);
  }

  // ------------------------------------------------------------------ the working set

  /**
   * Keeps a dialog, with its whole client record, in the working set while something shows it
   * outside the list's loaded window (a client card, an attachment viewer, an order card): it is
   * loaded when missing and not let go when the list moves. Call the returned function when done
   * (calling it twice is harmless). A dialog the operator may not see is refused as
   * {@link getDialog} refuses it: the rejection is the returned `loaded` promise's.
   */
  retainDialog(dialogId: Id): { loaded: Promise<Dialog>; release: () => void } {
    const release = this.ws.retainDialog(dialogId);
    return { loaded: this.getDialog(dialogId), release };
  }

  /**
   * Keeps a client's whole record in `$clients` while something shows it (a CRM's client card,
   * `<client-widget client-id>`), whether or not any of their dialogs is loaded; it follows live
   * changes. Call `release` when done (twice is harmless). A client none of whose dialogs the
   * operator sees is refused (`not_found`), as {@link getClient} refuses it.
   */
  retainClient(clientId: Id): { loaded: Promise<Client>; release: () => void } {
    const release = this.ws.retainClient(clientId);
    const held = this.ws.client(clientId);
    const loaded = isFullClient(held) ? Promise.resolve(held) : this.getClient(clientId).then((r) => r.client);
    return { loaded, release };
  }

  /**
   * A client's whole record and the dialogs of theirs the operator sees (latest first, at most
   * 50), from the server. The record is kept only while something holds it ({@link retainClient},
   * a loaded dialog of theirs); {@link retainDialog} keeps a dialog of the answer.
   */
  async getClient(clientId: Id): Promise<ClientDetail> {
    const r = await this.ctx.call('getClient', { clientId });
    this.ws.clientLoaded(r.client);
    return r;
  }

  /**
   * A dialog by id, from the working set or the server (with its full client), held while it is
   * open, has a history loaded or an alert. Rejects with `not_found` when the operator may not see it.
   */
  getDialog(dialogId: Id, fresh = false): Promise<Dialog> {
    return this.dialogs.get(dialogId, fresh);
  }

  /** Opens a dialog: it becomes active, its newest page loads, and it is marked read ({@link shouldMarkRead}). */
  openDialog(dialogId: Id | null): Promise<void> {
    return this.dialogs.open(dialogId);
  }

  /** Loads the page before the oldest loaded message. Resolves with how many were added. */
  loadOlder(dialogId: Id): Promise<number> {
    return this.feeds.loadOlder(dialogId);
  }

  // ------------------------------------------------------------------ reading

  /** The derived row of a dialog as the list shows it. */
  row(dialog: Dialog): DialogRow {
    const read = this.ws.read(dialog.id);
    return {
      dialog,
      client: this.ws.client(dialog.clientId) ?? null,
      unread: unreadCount(dialog, read),
      isUnread: isUnread(dialog, read),
      draft: this.drafts.get(dialog.id),
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
    const me = this.catalog.$me.get();
    const d = this.ws.dialog(dialogId);
    if (!me || !d) return null;
    return dialogActions(me, d, this.ws.client(d.clientId));
  }

  /** The current status of a message, as the feed holds it. */
  statusOf(dialogId: Id, messageId: Id): MessageStatus | undefined {
    return this.feeds.find(dialogId, messageId)?.status;
  }

  /** The feed of a dialog (empty until loaded). */
  feed(dialogId: Id): DialogFeed {
    return this.feeds.get(dialogId);
  }

  // ------------------------------------------------------------------ the list

  /**
   * Replaces the list's query (or part of it). Answered locally when the loaded rows hold the
   * whole answer, otherwise by the server; resolves once the list shows the new query's rows.
   */
  setQuery(query: Partial<DialogQuery>): Promise<void> {
    const next = normalizeQuery({ ...this.query.get(), ...query });
    this.query.set(next);
    if (!this.sync.$ready.get()) return Promise.resolve();
    return this.ws.list.setQuery(next);
  }

  /**
   * Dialogs the operator sees whose client name, title or messages match `search` (L6, folded for
   * case and accents), open or closed, latest activity first: a page from the server, whatever the
   * list has loaded ("Go to a dialog"). The list and its query do not change; `counts.total` says
   * how many match in all.
   */
  findDialogs(search: string, limit = 8): Promise<DialogPage> {
    return this.ctx.call('listDialogs', { query: normalizeQuery({ status: 'all', search, sort: 'activity' }), limit: Math.max(1, Math.min(100, limit)), counts: ['total'] });
  }

  /** The loaded row at index `i` of the list (`undefined` beyond the loaded rows: see {@link loadDialogsUntil}). */
  listRow(i: number): Dialog | undefined {
    return this.ws.list.at(i);
  }

  /** Loaded rows of the list from `from` to `to` (exclusive). */
  listRows(from: number, to: number): Dialog[] {
    return this.ws.list.slice(from, to);
  }

  /** The index of a dialog among the loaded rows of the list, or -1. */
  listIndexOf(dialogId: Id): number {
    return this.ws.list.indexOf(dialogId);
  }

  /**
   * L6: with a search in the query, the message it matched in a loaded row (its newest such
   * message, with an excerpt around the match), or `undefined` when the row matched by its title
   * or client only, or without a search.
   */
  listHit(dialogId: Id): SearchHit | undefined {
    return this.ws.list.hit(dialogId);
  }

  /** Loads the next page of the list. */
  loadMoreDialogs(): Promise<void> {
    return this.ws.list.loadMore();
  }

  /** Loads pages of the list until row `index` is loaded or the list ends. */
  loadDialogsUntil(index: number): Promise<void> {
    return this.ws.list.ensure(index);
  }

  /** Asks the list's rows and counts again from the server. */
  refreshList(): Promise<void> {
    return this.ws.list.refresh();
  }

  /** Resolves once the list shows the current query's answer. */
  listSettled(): Promise<void> {
    return this.ws.list.settled();
  }

  // ------------------------------------------------------------------ drafts (L4)

  /** L4: keeps what the operator typed for a dialog; an empty draft is removed. */
  setDraft(dialogId: Id, text: string, quoteId?: Id | null): void {
    this.drafts.set(dialogId, text, quoteId);
  }

  /** M1: sets or removes the message quoted in the draft. */
  setQuote(dialogId: Id, messageId: Id | null): void {
    this.drafts.set(dialogId, this.drafts.get(dialogId)?.text ?? '', messageId);
  }

  // ------------------------------------------------------------------ sending (S1-S5, P1-P4)

  /** Checks a file against a dialog's channel before uploading (P1). `null` means accepted. */
  checkFile(dialogId: Id, file: { name: string; type: string; size: number }, alreadyAttached = 0): AttachmentRefusal | null {
    return this.uploads.check(dialogId, file, alreadyAttached);
  }

  /** P1: uploads a file for a dialog, with progress in `$uploads`. Resolves with the attachment. */
  upload(dialogId: Id, file: Blob & { name?: string }, name = file.name ?? 'file'): Promise<UploadState> {
    return this.uploads.upload(dialogId, file, name);
  }

  /** Forgets an upload (removed from the composer before sending, or sent). */
  removeUpload(key: string): void {
    this.uploads.remove(key);
  }

  /**
   * Sends a message. It appears at once, queued (S2), with a client-generated id that the backend
   * uses as idempotency key. Refusals turn it failed with the reason (S5); a backend out of reach
   * keeps it queued and sends it again, with the same id, when the connection returns.
   * Resolves with the message as it stands.
   */
  send(dialogId: Id, input: SendInput, id: Id = this.newId()): Promise<Message> {
    return this.outbox.send(dialogId, input, id);
  }

  /** A new id from the client's id maker ({@link ChatClientOptions.newId}), e.g. for a message sent later under it. */
  newId(): Id {
    return this.ctx.newId();
  }

  /**
   * Sends every message the backend has not acknowledged, with the same ids, each dialog's in the
   * order they were made: one still out of reach holds back the later ones of its dialog.
   */
  flushOutbox(): Promise<void> {
    return this.outbox.flush();
  }

  /** S5: sends a failed message again with the same id, where a retry can succeed. */
  retry(dialogId: Id, messageId: Id): Promise<Message> {
    return this.outbox.retry(dialogId, messageId);
  }

  // ------------------------------------------------------------------ commands (H1-H6, D1-D4, M1, T6, F2)

  /** H2: closes a dialog. */
  close(dialogId: Id): Promise<Dialog> {
    return this.commands.close(dialogId);
  }

  /** H2: reopens a closed dialog. */
  reopen(dialogId: Id): Promise<Dialog> {
    return this.commands.reopen(dialogId);
  }

  /** H1: hands the dialog to another operator or a bot. A closed dialog stays closed. */
  reassign(dialogId: Id, to: Assignee): Promise<Dialog> {
    return this.commands.reassign(dialogId, to);
  }

  /** H3: marks a dialog unread for this operator only. */
  markUnread(dialogId: Id): Promise<ReadState> {
    return this.commands.markUnread(dialogId);
  }

  /** L1/N2: marks every message of a dialog read. */
  markRead(dialogId: Id): Promise<ReadState> {
    return this.commands.markRead(dialogId);
  }

  /** H4: blocks a client: nothing is sent to or received from them until unblocked. */
  block(clientId: Id): Promise<Client> {
    return this.commands.block(clientId);
  }

  /** H4: unblocks a client. */
  unblock(clientId: Id): Promise<Client> {
    return this.commands.unblock(clientId);
  }

  /** H5/W2: unlinks the client from the dialog (the client is not deleted). Confirm first in the UI. */
  detach(dialogId: Id): Promise<Dialog> {
    return this.commands.detach(dialogId);
  }

  /** D1-D4: deletes dialogs; resolves with a result per dialog. Failed ones come back. */
  deleteDialogs(dialogIds: Id[]): Promise<DeleteResult[]> {
    return this.commands.deleteDialogs(dialogIds);
  }

  /** M1: creates a quick reply, from a message's text or any text. */
  createQuickReply(text: string, opts: { title?: string; messageId?: Id } = {}): Promise<QuickReply> {
    return this.commands.createQuickReply(text, opts);
  }

  /** H6: forwards an attachment into a dialog (this one or another); the channel must accept it. */
  forwardAttachment(attachmentId: Id, toDialogId: Id): Promise<Message> {
    return this.commands.forwardAttachment(attachmentId, toDialogId);
  }

  /** H6: a page of a dialog's images or files, newest first. */
  listAttachments(dialogId: Id, kind: 'image' | 'file', cursor?: number, limit?: number): Promise<AttachmentPage> {
    return this.ctx.call('listAttachments', { dialogId, kind, cursor, limit });
  }

  /** T6/L5: replaces a client's tags (add, remove, pin, unpin). */
  setClientTags(clientId: Id, tags: ClientTag[]): Promise<Client> {
    return this.commands.setClientTags(clientId, tags);
  }

  /**
   * F2: changes the chat settings (administrators only; others are refused with `forbidden`).
   * `{ responseTimeLimitMs: 900_000 }` sets a 15-minute response-time limit; `null` clears it
   * ("no time limit"): processing order is then unavailable and lists sort by last activity.
   * `$settings` changes at once (undone if refused), and every operator's list re-sorts.
   */
  updateSettings(patch: SettingsPatch): Promise<ChatSettings> {
    return this.commands.updateSettings(patch);
  }
}

/** Creates the page's chat client. Call {@link ChatClient.start} to connect. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  return new ChatClient(options);
}
