/**
 * `DialogSession`: one dialog as a view needs it (in the spirit of stream-chat-js's Channel and
 * MessageComposer). It owns the composer (L4, M1, P1-P4), what is offered (H1-H6, M2, S5), the
 * mark-read policy (L1, H3) and display names. Built on `ChatClient`'s public API only; get one
 * with `client.session(dialogId)`.
 */
import { atom, computed, type ReadableAtom } from 'nanostores';
import type { ChatClient, UploadState } from '../client.js';
import type { Assignee, Author, ClientRecord, Dialog, Id, Operator } from '../model.js';
import { shouldMarkRead } from '../rules/unread.js';
import { composerState, type AttachRefusal, type ComposerState, type SendAttempt, type SendOutcome } from './composer-state.js';
import { directoryOf, displayName, type DisplayName, type NameDirectory } from './names.js';
import { headerOffers, messageOffers, NOTHING_OFFERED, type Offered } from './offered.js';

/** How long sightings of the feed's bottom are gathered into one mark-read request. */
export const MARK_READ_DELAY_MS = 250;

const NO_MESSAGES: never[] = [];

/** One dialog's view state and commands. Sessions are cached per dialog by the client. */
export class DialogSession {
  /** Operators by id (shared by the client's sessions). */
  readonly $operatorsById: ReadableAtom<ReadonlyMap<Id, Operator>>;
  /** The directory names are looked up in ({@link displayName}). */
  readonly $names: ReadableAtom<NameDirectory>;
  /** The dialog, while the client holds it. */
  readonly $dialog: ReadableAtom<Dialog | undefined>;
  /** The composer: draft, quote, uploads, the verdict on sending. */
  readonly $composer: ReadableAtom<ComposerState>;
  /** The header and message actions offered, with reasons (H1-H6, M1, M2, S5, P3). */
  readonly $offered: ReadableAtom<Offered>;

  /** Upload keys handed to a send in flight (not shown as attached any more). */
  private readonly $sending = atom<ReadonlySet<string>>(new Set());
  /** Sends of this session the backend has not answered yet. */
  private readonly $inFlight = atom(0);
  private markReadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: ChatClient,
    /** The dialog this session is about. */
    readonly dialogId: Id,
  ) {
    const directory = directoryOf(client);
    this.$operatorsById = directory.$operatorsById;
    this.$names = directory.$names;
    this.$dialog = computed(client.$dialogs, (ds) => ds.get(dialogId));
    const $customer = computed([this.$dialog, client.$clients], (d, cs): ClientRecord | null => (d?.clientId ? (cs.get(d.clientId) ?? null) : null));
    const $messages = computed(client.$feeds, (f) => f[dialogId]?.messages ?? NO_MESSAGES);
    const $uploads = computed([client.$uploads, this.$sending], (all, sending) => Object.values(all).filter((u) => u.dialogId === dialogId && !sending.has(u.key)));
    this.$offered = computed([client.$me, this.$dialog, $customer, client.$channelsById, $messages], (me, d, customer, channels, feed): Offered => {
      if (!me || !d) return NOTHING_OFFERED;
      const header = headerOffers(me, d, customer);
      const quoting = !!channels.get(d.channelId)?.capabilities.quoting;
      return { header, message: (m) => messageOffers(m, { me, quoting, write: header.write, feed }) };
    });
    this.$composer = computed([client.$drafts, $messages, $uploads, this.$dialog, client.$channelsById, this.$offered, this.$inFlight], (drafts, feed, uploads, d, channels, offered, inFlight) =>
      composerState({
        draft: drafts[dialogId],
        feed,
        uploads,
        channel: d ? channels.get(d.channelId) : undefined,
        write: offered.header.write,
        sending: inFlight > 0,
      }),
    );
  }

  // ------------------------------------------------------------------ names

  /** The display name of an author or assignee of this dialog, by the one fallback rule. */
  name(who: Author | Assignee | null | undefined): DisplayName {
    const d = this.$dialog.get();
    const client = d?.clientId ? this.client.$clients.get().get(d.clientId) : null;
    return displayName(who, this.$names.get(), { dialog: d, client });
  }

  // ------------------------------------------------------------------ composer

  /** L4: the text typed (kept as the dialog's draft). */
  setText(text: string): void {
    this.client.setDraft(this.dialogId, text);
  }

  /** M1: quotes a message of this dialog, or removes the quote (`null`). */
  setQuote(messageId: Id | null): void {
    this.client.setQuote(this.dialogId, messageId);
  }

  /**
   * P1: checks files against the channel (type, size, and count with the files already attached)
   * and uploads the accepted ones, with progress in `$composer.uploads`. Returns the refused ones.
   */
  attach(files: ReadonlyArray<Blob & { name: string }>): AttachRefusal[] {
    let count = this.$composer.get().uploads.filter((u) => u.state !== 'failed').length;
    const refused: AttachRefusal[] = [];
    for (const file of files) {
      const refusal = this.client.checkFile(this.dialogId, file, count);
      if (refusal) {
        refused.push({ name: file.name || 'file', refusal });
        continue;
      }
      count++;
      void this.client.upload(this.dialogId, file).catch(() => undefined);
    }
    return refused;
  }

  /** P1: removes an attached file. */
  removeUpload(key: string): void {
    this.client.removeUpload(key);
  }

  /**
   * Sends the draft with its quote and attached files, under an id generated here (returned at
   * once, before the backend answers). When the composer's verdict is a problem nothing is sent and
   * the problem is returned. The message appears queued (S2); a refusal before it existed puts the
   * text and files back; a failure shown on the message (S5) takes the files with it.
   */
  send(): SendAttempt {
    const state = this.$composer.get();
    if (state.problem) return { ok: false, problem: state.problem };
    const { client, dialogId } = this;
    const messageId = client.newId();
    const keys = state.uploads.map((u) => u.key);
    this.$sending.set(new Set([...this.$sending.get(), ...keys]));
    this.$inFlight.set(this.$inFlight.get() + 1);
    const attachments = state.uploads.flatMap((u: UploadState) => (u.attachment ? [u.attachment] : []));
    const done = client
      .send(dialogId, { text: state.text, quoteId: state.quoteId, attachments }, messageId)
      .then(
        (message): SendOutcome => {
          for (const k of keys) client.removeUpload(k);
          return { state: 'sent', message };
        },
        (error: unknown): SendOutcome => {
          const placed = client.feed(dialogId).messages.some((m) => m.id === messageId);
          // Failed with its reason on the message (S5): its files went with it.
          if (placed) for (const k of keys) client.removeUpload(k);
          return placed ? { state: 'failed', error } : { state: 'refused', error };
        },
      )
      .finally(() => {
        const next = new Set(this.$sending.get());
        for (const k of keys) next.delete(k);
        this.$sending.set(next);
        this.$inFlight.set(this.$inFlight.get() - 1);
      });
    return { ok: true, messageId, done };
  }

  // ------------------------------------------------------------------ mark read

  /**
   * L1, H3: the view shows this dialog with its newest messages in sight. Marks it read (when
   * {@link shouldMarkRead}), gathering sightings within {@link MARK_READ_DELAY_MS} into one request;
   * `stillSeen` is asked again when the request would go (the view may have scrolled or hidden).
   */
  bottomSeen(stillSeen: () => boolean = () => true): void {
    if (this.markReadTimer !== undefined) return;
    this.markReadTimer = setTimeout(() => {
      this.markReadTimer = undefined;
      if (!stillSeen()) return;
      const d = this.$dialog.get();
      if (!d || !shouldMarkRead(d, this.client.$readStates.get().get(this.dialogId))) return;
      void this.client.markRead(this.dialogId).catch(() => undefined);
    }, MARK_READ_DELAY_MS);
  }
}

const sessions = new WeakMap<ChatClient, Map<Id, DialogSession>>();

/** The session of a dialog, one per client and dialog id. */
export function sessionOf(client: ChatClient, dialogId: Id): DialogSession {
  let map = sessions.get(client);
  if (!map) sessions.set(client, (map = new Map()));
  let s = map.get(dialogId);
  if (!s) map.set(dialogId, (s = new DialogSession(client, dialogId)));
  return s;
}
