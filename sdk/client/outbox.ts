/**
 * S1-S5: sending. A message shows at once, queued, with an id made here (the idempotency key);
 * each dialog's sends go in order (lanes); a backend out of reach keeps them in the outbox, sent
 * again with the same ids when the connection returns; refusals fail the message with the reason.
 */
import type { ReadableAtom } from 'nanostores';
import type { Channel, Dialog, Id, Message, Operator } from '../model.js';
import { ChatCommandError, isCommandError, type CommandInput } from '../protocol.js';
import { checkLength, hasContent } from '../rules/length.js';
import { advanceStatus, failed } from '../rules/status.js';
import { checkInput, type ClientContext } from './context.js';
import type { Drafts } from './drafts.js';
import type { Feeds } from './feeds.js';
import type { SendInput } from './types.js';

type SendRequest = CommandInput<'sendMessage'>;

/** What sending reads of the rest of the client. */
export interface OutboxHost {
  $me: ReadableAtom<Operator | null>;
  $dialogs: ReadableAtom<ReadonlyMap<Id, Dialog>>;
  $channelsById: ReadableAtom<ReadonlyMap<Id, Channel>>;
  /** Whether the connection is online. */
  online(): boolean;
}

/** The sends of a client. */
export class Outbox {
  /** Sends not yet acknowledged (in flight, or held because the backend could not be reached), in the order they were made. */
  private readonly entries = new Map<Id, { dialogId: Id; input: SendRequest }>();
  /** Per dialog, the tail of its sends: each waits until the earlier ones were acknowledged, refused or held. */
  private readonly lanes = new Map<Id, Promise<unknown>>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: ClientContext,
    private readonly host: OutboxHost,
    private readonly feeds: Feeds,
    private readonly drafts: Drafts,
  ) {}

  /** Whether a send is not acknowledged yet. */
  has(id: Id): boolean {
    return this.entries.has(id);
  }

  /** The backend has the message (its event came). */
  acknowledged(id: Id): void {
    this.entries.delete(id);
  }

  /** Stops the retry timer. */
  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** See `ChatClient.send`. */
  async send(dialogId: Id, input: SendInput, id: Id): Promise<Message> {
    const me = this.host.$me.get();
    const dialog = this.host.$dialogs.get().get(dialogId);
    if (!me || !dialog) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId');
    const channel = this.host.$channelsById.get().get(dialog.channelId);
    const attachments = input.attachments ?? [];
    if (!hasContent(input.text, attachments.length)) throw new ChatCommandError('validation', 'A message needs text or a file.', 'text');
    const len = checkLength(input.text, channel?.capabilities.maxLength);
    if (!len.ok) throw new ChatCommandError('too_long', `${len.count} characters without spaces; at most ${len.limit}.`, 'text');
    const req: SendRequest = { id, dialogId, text: input.text, quoteId: input.quoteId, attachments: attachments.map((a) => ({ id: a.id })) };
    // The backend's own rule (text that cannot be stored, ids): refused here, before it shows as sent.
    checkInput('sendMessage', req);
    const existing = this.feeds.find(dialogId, id);
    if (existing) {
      // Sent again with the same id (idempotency key): the feed keeps its one copy and its status.
      if (existing.status?.state === 'failed') return existing.status.retryable ? this.retry(dialogId, id) : existing;
      return this.transmit(existing, req);
    }
    const quoted = input.quoteId ? this.feeds.find(dialogId, input.quoteId) : undefined;
    const local: Message = {
      id,
      dialogId,
      n: 0,
      kind: 'text',
      author: { kind: 'operator', id: me.id },
      text: input.text,
      quote: quoted ? { messageId: quoted.id, author: quoted.author, text: quoted.text } : undefined,
      attachments,
      createdAt: this.ctx.now(),
      status: { state: 'queued' },
    };
    // Shown at once even when the history was never loaded; the feed is not marked loaded, so
    // opening the dialog still loads its history (the local copy is merged in).
    this.feeds.placeLocal(local);
    this.drafts.set(dialogId, '', null);
    return this.transmit(local, req);
  }

  /** S5: sends a failed message again with the same id, where a retry can succeed. */
  async retry(dialogId: Id, messageId: Id): Promise<Message> {
    const m = this.feeds.find(dialogId, messageId);
    if (!m) throw new ChatCommandError('not_found', `Message ${messageId} not found.`, 'messageId');
    if (m.status?.state !== 'failed' || !m.status.retryable) return m;
    this.feeds.update(dialogId, messageId, (x) => ({ ...x, status: advanceStatus(x.status, { state: 'queued' }, { retry: true }) }));
    const req: SendRequest = { id: m.id, dialogId, text: m.text, quoteId: m.quote?.messageId, attachments: m.attachments.map((a) => ({ id: a.id })) };
    return this.transmit(m, req);
  }

  /**
   * Sends a message in its dialog's order: after the earlier sends of the same dialog were
   * acknowledged or refused. Behind one that is held (the backend out of reach), it is held too,
   * and {@link flush} sends them in order. Different dialogs do not wait for each other.
   */
  private transmit(local: Message, req: SendRequest): Promise<Message> {
    this.entries.set(req.id, { dialogId: req.dialogId, input: req });
    return this.inLane(req.dialogId, async () => {
      if (this.heldBefore(req)) return this.feeds.find(local.dialogId, local.id) ?? local;
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
  private heldBefore(req: SendRequest): boolean {
    for (const [id, entry] of this.entries) {
      if (id === req.id) return false;
      if (entry.dialogId === req.dialogId && !this.settledLocally(id, entry.dialogId)) return true;
    }
    return false;
  }

  /** Drops an outbox entry the backend already has (its events came) or refused; answers whether it did. */
  private settledLocally(id: Id, dialogId: Id): boolean {
    const local = this.feeds.find(dialogId, id);
    if (local && (local.n > 0 || local.status?.state !== 'queued')) {
      this.entries.delete(id);
      return true;
    }
    return false;
  }

  /** One send to the backend; `held` when it could not be reached (the message stays queued in the outbox). */
  private async attempt(local: Message, req: SendRequest): Promise<{ message: Message; held: boolean }> {
    try {
      const m = await this.ctx.call('sendMessage', req);
      this.entries.delete(req.id);
      this.feeds.place(m);
      return { message: this.feeds.find(m.dialogId, m.id) ?? m, held: false };
    } catch (e) {
      if (isCommandError(e) && e.code !== 'unavailable' && e.code !== 'internal') {
        this.entries.delete(req.id);
        const reason = e.code === 'client_blocked' ? 'client_blocked' : e.code === 'not_assigned' || e.code === 'forbidden' ? 'not_assigned' : null;
        if (reason) {
          this.feeds.update(local.dialogId, local.id, (m) => ({ ...m, status: failed(reason) }));
        } else {
          // Refused as invalid: nothing typed is lost; it returns to the draft.
          this.feeds.removeLocal(local);
          if (!this.drafts.get(local.dialogId)?.text) this.drafts.set(local.dialogId, local.text, local.quote?.messageId ?? null);
        }
        this.ctx.report(e, 'sendMessage');
        throw e;
      }
      // Not reached: stays queued in the outbox, sent again with the same id.
      this.ctx.report(e, 'sendMessage');
      this.flushLater();
      return { message: this.feeds.find(local.dialogId, local.id) ?? local, held: true };
    }
  }

  /** While the connection looks fine but a send did not get through, tries the outbox again shortly. */
  private flushLater(): void {
    if (this.flushTimer || !this.host.online()) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.entries.size && this.host.online()) void this.flush();
    }, 3000);
  }

  /** See `ChatClient.flushOutbox`. */
  async flush(): Promise<void> {
    const dialogs = new Set([...this.entries.values()].map((e) => e.dialogId));
    await Promise.all(
      [...dialogs].map((dialogId) =>
        this.inLane(dialogId, async () => {
          for (const [id, entry] of [...this.entries]) {
            if (entry.dialogId !== dialogId || !this.entries.has(id) || this.settledLocally(id, dialogId)) continue;
            const local = this.feeds.find(dialogId, id) ?? ({ id, dialogId } as Message);
            const r = await this.attempt(local, entry.input).catch(() => ({ held: false }));
            if (r.held) return;
          }
        }),
      ),
    );
  }
}
