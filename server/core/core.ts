/**
 * The backend's domain service: the authority on every rule. It validates every command,
 * enforces the rules of `sdk/rules`, stores through a {@link Storage}, simulates channels and
 * numbers the events it pushes to each operator. Browser-safe: no Node imports.
 */
import * as v from 'valibot';
import type {
  Assignee,
  Attachment,
  Author,
  Channel,
  Client,
  Dialog,
  FailureReason,
  Id,
  Message,
  MessageStatus,
  Operator,
  SystemEvent,
} from '../../sdk/model.js';
import {
  ChatCommandError,
  type ChatEvent,
  type CommandInput,
  type CommandName,
  type CommandResult,
  type DeleteResult,
  type ErrorCode,
} from '../../sdk/protocol.js';
import { InputSchemas } from '../../sdk/schema.js';
import { checkAttachment, isPreviewableImage, type AttachmentRefusal } from '../../sdk/rules/attachments.js';
import { checkLength, hasContent } from '../../sdk/rules/length.js';
import { canDelete, canManage, canReassign, canSeeDialog, canWrite, sameAssignee } from '../../sdk/rules/permissions.js';
import { applyQuery } from '../../sdk/rules/query.js';
import { advanceStatus, failed } from '../../sdk/rules/status.js';
import type { ChannelSimulation, SeedData, Storage, UnnumberedEvent } from './storage.js';

/** Schedules `fn` after `ms`; returns a canceller. */
export type Scheduler = (fn: () => void, ms: number) => () => void;

/** Stores uploaded bytes and tells where they can be fetched. */
export interface FileStore {
  put(id: Id, data: Blob, mime: string): Promise<{ url: string; thumbUrl?: string }>;
}

/** Options of {@link ChatCore}. */
export interface ChatCoreOptions {
  now?: () => number;
  /** Generates server-side ids (client messages, events, quick replies). */
  newId?: () => Id;
  scheduler?: Scheduler;
  files?: FileStore;
  /** Multiplies every simulated delay (0 makes the channels answer at once). */
  delayFactor?: number;
}

const realScheduler: Scheduler = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

let counter = 0;
const defaultId = (): Id =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `id-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** In-memory files: object URLs in a browser, data URLs elsewhere. */
export const memoryFiles: FileStore = {
  async put(_id, data, mime) {
    if (typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function' && typeof document !== 'undefined') {
      return { url: URL.createObjectURL(data) };
    }
    const bytes = new Uint8Array(await data.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return { url: `data:${mime};base64,${btoa(s)}` };
  },
};

function refusal(r: AttachmentRefusal): ErrorCode {
  return r === 'not_allowed' ? 'attachment_not_allowed' : r === 'type' ? 'attachment_type' : r === 'size' ? 'attachment_size' : r === 'count' ? 'attachment_count' : 'validation';
}

const REFUSAL_TEXT: Record<AttachmentRefusal, string> = {
  not_allowed: 'this channel does not accept files',
  type: 'this channel does not accept files of this type',
  size: 'the file is larger than this channel accepts',
  count: 'too many files for one message in this channel',
  empty: 'the file is empty',
};

type Listener = (event: ChatEvent) => void;

/** Preview of a message for the dialog list. */
function preview(m: Message): NonNullable<Dialog['lastMessage']> {
  return {
    id: m.id,
    author: m.author,
    text: m.text.length > 300 ? m.text.slice(0, 300) : m.text,
    kind: m.kind,
    attachmentCount: m.attachments.length,
    event: m.event,
    createdAt: m.createdAt,
  };
}

/**
 * The backend core. Mutations run one at a time (a queue), so per-dialog numbers and
 * per-operator sequences never race.
 */
export class ChatCore {
  readonly now: () => number;
  private readonly newId: () => Id;
  private readonly schedule: Scheduler;
  private readonly files: FileStore;
  private readonly delayFactor: number;
  private readonly listeners = new Map<Id, Set<Listener>>();
  private readonly timers = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly storage: Storage,
    options: ChatCoreOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.newId = options.newId ?? defaultId;
    this.schedule = options.scheduler ?? realScheduler;
    this.files = options.files ?? memoryFiles;
    this.delayFactor = options.delayFactor ?? 1;
  }

  /** Creates a core over `storage`, seeding it when empty. */
  static async create(storage: Storage, seed: () => SeedData, options?: ChatCoreOptions): Promise<ChatCore> {
    await storage.init(seed);
    const core = new ChatCore(storage, options);
    await core.resumeDeliveries();
    return core;
  }

  /**
   * Restarts the simulated delivery of every message left `queued` or `sent` (after a restart,
   * the timers of the previous process are gone). Returns how many were resumed.
   */
  async resumeDeliveries(): Promise<number> {
    const ids = await this.storage.pendingDeliveries();
    for (const id of ids) this.deliver(id);
    return ids.length;
  }

  /** Stops every pending simulated delivery. */
  dispose(): void {
    this.disposed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.listeners.clear();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private later(fn: () => Promise<void>, ms: number): void {
    if (this.disposed) return;
    const cancel = this.schedule(() => {
      this.timers.delete(cancel);
      if (!this.disposed) void this.exclusive(fn).catch(() => undefined);
    }, ms * this.delayFactor);
    this.timers.add(cancel);
  }

  // ---------------------------------------------------------------- events

  /** Listens to an operator's events. Returns a function that stops it. */
  subscribe(operatorId: Id, listener: Listener): () => void {
    let set = this.listeners.get(operatorId);
    if (!set) this.listeners.set(operatorId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private async emit(operatorIds: Iterable<Id>, event: UnnumberedEvent): Promise<void> {
    for (const op of new Set(operatorIds)) {
      const numbered = await this.storage.appendEvent(op, event);
      for (const l of this.listeners.get(op) ?? []) {
        try {
          l(structuredClone(numbered));
        } catch {
          /* a listener's failure is not the core's */
        }
      }
    }
  }

  /** Operators who may see a dialog in the state given (H1). */
  private async audience(dialog: Pick<Dialog, 'assignee'>): Promise<Id[]> {
    return (await this.storage.operators()).filter((o) => canSeeDialog(o, dialog)).map((o) => o.id);
  }

  // ---------------------------------------------------------------- helpers

  private async operator(id: Id): Promise<Operator> {
    const op = (await this.storage.operators()).find((o) => o.id === id);
    if (!op) throw new ChatCommandError('unauthorized', 'Unknown operator.');
    return op;
  }

  private async visibleDialog(op: Operator, dialogId: Id): Promise<Dialog> {
    const d = await this.storage.dialog(dialogId);
    // A dialog the operator may not see does not exist for them (H1): same answer, no leak.
    if (!d || !canSeeDialog(op, d)) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId');
    return d;
  }

  private async channel(id: Id): Promise<Channel> {
    const c = (await this.storage.channels()).find((x) => x.id === id);
    if (!c) throw new ChatCommandError('internal', `Channel ${id} is missing.`);
    return c;
  }

  private async clientOf(d: Dialog): Promise<Client | null> {
    return d.clientId ? ((await this.storage.client(d.clientId)) ?? null) : null;
  }

  /** Appends a message to a dialog, updating the dialog's derived fields. */
  private async append(dialog: Dialog, m: Omit<Message, 'n' | 'dialogId'>): Promise<Message> {
    const msg: Message = { ...m, dialogId: dialog.id, n: dialog.lastN + 1 };
    dialog.lastN = msg.n;
    if (msg.kind === 'text' || msg.kind === 'event') {
      dialog.lastMessage = preview(msg);
    }
    if (msg.kind === 'text') dialog.lastActivityAt = Math.max(dialog.lastActivityAt, msg.createdAt);
    if (msg.author.kind === 'client' && msg.kind === 'text') {
      dialog.clientMessageCount += 1;
      if (dialog.waitingSince === null) dialog.waitingSince = msg.createdAt;
    } else if ((msg.author.kind === 'operator' || msg.author.kind === 'bot') && msg.kind === 'text') {
      dialog.waitingSince = null;
    }
    await this.storage.putMessage(msg);
    return msg;
  }

  private systemMessage(event: SystemEvent): Omit<Message, 'n' | 'dialogId'> {
    return { id: this.newId(), kind: 'event', author: { kind: 'system', id: '' }, text: '', attachments: [], event, createdAt: this.now() };
  }

  /** Saves a dialog and tells everyone who sees it; those who no longer do are told it is gone. */
  private async publishDialog(before: Pick<Dialog, 'assignee'> | null, dialog: Dialog, messages: Message[] = []): Promise<void> {
    await this.storage.putDialog(dialog);
    const now = await this.audience(dialog);
    if (before) {
      const was = await this.audience(before);
      const lost = was.filter((o) => !now.includes(o));
      if (lost.length) await this.emit(lost, { type: 'dialog.removed', dialogId: dialog.id, reason: 'access_lost' });
    }
    if (messages.length === 0) {
      await this.emit(now, { type: 'dialog.upserted', dialog, client: await this.clientOf(dialog) });
      return;
    }
    if (before && !sameAssignee(before.assignee, dialog.assignee)) {
      // Newcomers need the dialog and its client before its messages.
      await this.emit(now, { type: 'dialog.upserted', dialog, client: await this.clientOf(dialog) });
    }
    for (const m of messages) await this.emit(now, { type: 'message.created', message: m, dialog });
  }

  // ---------------------------------------------------------------- commands

  /**
   * Runs a command for an operator. The input is validated strictly (unknown fields are
   * refused); a refusal throws a {@link ChatCommandError} and changes nothing.
   */
  async handle<K extends CommandName>(operatorId: Id, name: K, input: unknown): Promise<CommandResult<K>> {
    const schema = (InputSchemas as Record<string, v.GenericSchema>)[name];
    if (!schema) throw new ChatCommandError('not_found', `Unknown command ${String(name)}.`);
    const r = v.safeParse(schema, input ?? {});
    if (!r.success) {
      const issue = r.issues[0];
      const field = (issue && v.getDotPath(issue)) || '';
      throw new ChatCommandError('validation', `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid input'}`, field || undefined, 400);
    }
    const op = await this.operator(operatorId);
    const read = name === 'bootstrap' || name === 'eventsSince' || name === 'listDialogs' || name === 'loadMessages' || name === 'listAttachments';
    const run = () => this.dispatch(op, name, r.output as CommandInput<K>) as Promise<CommandResult<K>>;
    return read ? run() : this.exclusive(run);
  }

  private async dispatch(op: Operator, name: CommandName, input: unknown): Promise<unknown> {
    switch (name) {
      case 'bootstrap':
        return this.bootstrap(op);
      case 'eventsSince': {
        const { since } = input as CommandInput<'eventsSince'>;
        const seq = await this.storage.lastSeq(op.id);
        const events = await this.storage.eventsSince(op.id, since);
        return events ? { gap: false, events, seq } : { gap: true, seq };
      }
      case 'listDialogs':
        return this.listDialogs(op, input as CommandInput<'listDialogs'>);
      case 'loadMessages':
        return this.loadMessages(op, input as CommandInput<'loadMessages'>);
      case 'sendMessage':
        return this.sendMessage(op, input as CommandInput<'sendMessage'>);
      case 'closeDialog':
        return this.setStatus(op, (input as CommandInput<'closeDialog'>).dialogId, 'closed');
      case 'reopenDialog':
        return this.setStatus(op, (input as CommandInput<'reopenDialog'>).dialogId, 'open');
      case 'reassignDialog':
        return this.reassign(op, input as CommandInput<'reassignDialog'>);
      case 'markRead':
      case 'markUnread':
        return this.mark(op, (input as CommandInput<'markRead'>).dialogId, name === 'markUnread');
      case 'blockClient':
      case 'unblockClient':
        return this.block(op, (input as CommandInput<'blockClient'>).clientId, name === 'blockClient');
      case 'detachClient':
        return this.detach(op, (input as CommandInput<'detachClient'>).dialogId);
      case 'deleteDialogs':
        return this.deleteDialogs(op, (input as CommandInput<'deleteDialogs'>).dialogIds);
      case 'createQuickReply':
        return this.createQuickReply(op, input as CommandInput<'createQuickReply'>);
      case 'forwardAttachment':
        return this.forward(op, input as CommandInput<'forwardAttachment'>);
      case 'listAttachments':
        return this.listAttachments(op, input as CommandInput<'listAttachments'>);
      case 'setClientTags':
        return this.setClientTags(op, input as CommandInput<'setClientTags'>);
    }
  }

  private async bootstrap(op: Operator): Promise<CommandResult<'bootstrap'>> {
    const seq = await this.storage.lastSeq(op.id);
    const dialogs = (await this.storage.dialogs()).filter((d) => canSeeDialog(op, d));
    const clientIds = [...new Set(dialogs.flatMap((d) => (d.clientId ? [d.clientId] : [])))];
    const visible = new Set(dialogs.map((d) => d.id));
    return {
      me: op,
      operators: await this.storage.operators(),
      bots: await this.storage.bots(),
      channels: await this.storage.channels(),
      tags: await this.storage.tags(),
      clients: await this.storage.clients(clientIds),
      dialogs,
      readStates: (await this.storage.readStates(op.id)).filter((r) => visible.has(r.dialogId)),
      quickReplies: await this.storage.quickReplies(),
      settings: await this.storage.settings(),
      seq,
    };
  }

  private async listDialogs(op: Operator, input: CommandInput<'listDialogs'>): Promise<CommandResult<'listDialogs'>> {
    const all = (await this.storage.dialogs()).filter((d) => canSeeDialog(op, d));
    const clients = new Map((await this.storage.clients()).map((c) => [c.id, c]));
    const withText = input.query.search.trim() ? await this.storage.dialogsWithText(input.query.search) : new Set<Id>();
    const list = applyQuery(
      all,
      input.query,
      { clientOf: (d) => (d.clientId ? clients.get(d.clientId) : null), messageMatches: (d) => withText.has(d.id) },
      await this.storage.settings(),
    );
    const start = input.cursor ?? 0;
    const limit = input.limit ?? 50;
    const page = list.slice(start, start + limit);
    const pageClients = [...new Set(page.flatMap((d) => (d.clientId ? [d.clientId] : [])))].flatMap((id) => {
      const c = clients.get(id);
      return c ? [c] : [];
    });
    return { dialogs: page, clients: pageClients, total: list.length, cursor: start + limit < list.length ? start + limit : null };
  }

  private async loadMessages(op: Operator, input: CommandInput<'loadMessages'>): Promise<CommandResult<'loadMessages'>> {
    await this.visibleDialog(op, input.dialogId);
    const limit = input.limit ?? 50;
    const messages = await this.storage.messages(input.dialogId, input.before, limit);
    const first = messages[0];
    return { dialogId: input.dialogId, messages, cursor: first && first.n > 1 ? first.n : null };
  }

  private async sendMessage(op: Operator, input: CommandInput<'sendMessage'>): Promise<Message> {
    const existing = await this.storage.message(input.id);
    if (existing) {
      if (existing.dialogId !== input.dialogId || existing.author.kind !== 'operator' || existing.author.id !== op.id) {
        throw new ChatCommandError('conflict', `Message id ${input.id} is already used.`, 'id', 409);
      }
      // Idempotent: the same id answers the first answer, unless it failed and may be retried.
      if (existing.status?.state === 'failed' && existing.status.retryable) return this.retry(op, existing);
      return existing;
    }
    const dialog = await this.visibleDialog(op, input.dialogId);
    const before = { assignee: dialog.assignee };
    const channel = await this.channel(dialog.channelId);
    const client = await this.clientOf(dialog);
    const attachments = await this.resolveUploads(op, dialog, channel, input.attachments ?? []);
    if (!hasContent(input.text, attachments.length)) throw new ChatCommandError('validation', 'text: a message needs text or a file.', 'text', 400);
    const len = checkLength(input.text, channel.capabilities.maxLength);
    if (!len.ok) {
      throw new ChatCommandError('too_long', `text: ${len.count} characters without spaces; at most ${len.limit}.`, 'text', 400);
    }
    const write = canWrite(op, dialog, client);
    if (!write.ok) {
      throw new ChatCommandError(
        write.reason,
        write.reason === 'client_blocked' ? 'The client is blocked: messages can be neither sent nor received.' : 'The dialog is not assigned to you.',
        undefined,
        403,
      );
    }
    let quote: Message['quote'];
    if (input.quoteId) {
      if (!channel.capabilities.quoting) throw new ChatCommandError('validation', 'quoteId: this channel does not support quoting.', 'quoteId', 400);
      const q = await this.storage.message(input.quoteId);
      if (!q || q.dialogId !== dialog.id) throw new ChatCommandError('not_found', 'quoteId: no such message in this dialog.', 'quoteId', 404);
      quote = { messageId: q.id, author: q.author, text: q.text.slice(0, 500) };
    }
    const created: Message[] = [];
    if (dialog.status === 'closed') {
      // H2: a new message from the operator reopens the dialog.
      dialog.status = 'open';
      dialog.openedAt = this.now();
      dialog.waitingSince = null;
      created.push(await this.append(dialog, this.systemMessage({ type: 'reopened', by: null })));
    }
    if (dialog.assignee === null) dialog.assignee = { kind: 'operator', id: op.id };
    const msg = await this.append(dialog, {
      id: input.id,
      kind: 'text',
      author: { kind: 'operator', id: op.id },
      text: input.text,
      quote,
      attachments,
      createdAt: this.now(),
      status: { state: 'queued' },
    });
    created.push(msg);
    await this.storage.putReadState(op.id, { dialogId: dialog.id, readClientCount: dialog.clientMessageCount, markedUnread: false });
    await this.publishDialog(before, dialog, created);
    await this.emit([op.id], { type: 'read.updated', readState: { dialogId: dialog.id, readClientCount: dialog.clientMessageCount, markedUnread: false } });
    this.deliver(msg.id);
    return msg;
  }

  private async retry(op: Operator, m: Message): Promise<Message> {
    const dialog = await this.visibleDialog(op, m.dialogId);
    const client = await this.clientOf(dialog);
    const write = canWrite(op, dialog, client);
    if (!write.ok) throw new ChatCommandError(write.reason, write.reason === 'client_blocked' ? 'The client is blocked.' : 'The dialog is not assigned to you.', undefined, 403);
    const status = advanceStatus(m.status, { state: 'queued' }, { retry: true });
    const updated = { ...m, status };
    await this.storage.putMessage(updated);
    await this.emit(await this.audience(dialog), { type: 'message.status', dialogId: m.dialogId, messageId: m.id, status });
    this.deliver(m.id);
    return updated;
  }

  /** Simulates the channel: queued -> sent -> delivered (-> read), or failed (S2-S5). */
  private deliver(messageId: Id): void {
    void (async () => {
      const m = await this.storage.message(messageId);
      if (!m) return;
      const d = await this.storage.dialog(m.dialogId);
      if (!d) return;
      const sim: ChannelSimulation = (await this.storage.simulation())[d.channelId] ?? { sendDelayMs: 0, deliverDelayMs: 0, readDelayMs: null, failing: false };
      this.later(async () => {
        const dialog = await this.storage.dialog(m.dialogId);
        if (!dialog) return;
        const left = (await this.storage.leftDialogs()).has(dialog.id);
        const current = await this.storage.simulation();
        const failing = current[dialog.channelId]?.failing ?? false;
        const client = await this.clientOf(dialog);
        const reason: FailureReason | null = client?.blocked ? 'client_blocked' : failing ? 'integration_error' : left ? 'client_left' : null;
        await this.setMessageStatus(messageId, reason ? failed(reason) : { state: 'sent' });
        if (reason) return;
        this.later(async () => {
          await this.setMessageStatus(messageId, { state: 'delivered' });
          const channel = await this.channel(dialog.channelId);
          if (channel.capabilities.readReceipts && sim.readDelayMs !== null) {
            this.later(() => this.setMessageStatus(messageId, { state: 'read' }), sim.readDelayMs);
          }
        }, sim.deliverDelayMs);
      }, sim.sendDelayMs);
    })();
  }

  private async setMessageStatus(messageId: Id, next: MessageStatus): Promise<void> {
    const m = await this.storage.message(messageId);
    if (!m?.status) return;
    const status = advanceStatus(m.status, next);
    if (status === m.status) return;
    await this.storage.putMessage({ ...m, status });
    const d = await this.storage.dialog(m.dialogId);
    if (!d) return;
    await this.emit(await this.audience(d), { type: 'message.status', dialogId: m.dialogId, messageId, status });
  }

  private async resolveUploads(op: Operator, dialog: Dialog, channel: Channel, refs: { id: Id }[]): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const [i, ref] of refs.entries()) {
      const u = await this.storage.upload(ref.id);
      if (!u || u.operatorId !== op.id || u.dialogId !== dialog.id) {
        throw new ChatCommandError('not_found', `attachments.${i}.id: no such upload for this dialog.`, `attachments.${i}.id`, 404);
      }
      const r = checkAttachment(channel, { name: u.name, type: u.mime, size: u.size }, i);
      if (r) throw new ChatCommandError(refusal(r), `${u.name}: ${REFUSAL_TEXT[r]}.`, `attachments.${i}`);
      const { operatorId: _o, dialogId: _d, ...attachment } = u;
      out.push(attachment);
    }
    return out;
  }

  /**
   * Stores an uploaded file for a dialog after checking it against the channel (P1). The
   * answer's id goes into `sendMessage`'s `attachments`.
   */
  async upload(operatorId: Id, dialogId: Id, file: { name: string; type: string; data: Blob; width?: number; height?: number }): Promise<Attachment> {
    const op = await this.operator(operatorId);
    const dialog = await this.visibleDialog(op, dialogId);
    const channel = await this.channel(dialog.channelId);
    const name = sanitizeFileName(file.name);
    const mime = (file.type || 'application/octet-stream').toLowerCase();
    const r = checkAttachment(channel, { name, type: mime, size: file.data.size });
    if (r) throw new ChatCommandError(refusal(r), `${name}: ${REFUSAL_TEXT[r]}.`, 'file');
    const id = this.newId();
    const stored = await this.files.put(id, file.data, mime);
    const kind = isPreviewableImage(mime) ? 'image' : 'file';
    const attachment: Attachment = {
      id,
      name,
      mime,
      size: file.data.size,
      kind,
      url: stored.url,
      thumbUrl: stored.thumbUrl ?? (kind === 'image' ? stored.url : undefined),
      width: file.width,
      height: file.height,
      available: true,
    };
    await this.storage.putUpload({ ...attachment, operatorId: op.id, dialogId: dialog.id });
    return attachment;
  }

  private async setStatus(op: Operator, dialogId: Id, status: 'open' | 'closed'): Promise<Dialog> {
    const dialog = await this.visibleDialog(op, dialogId);
    if (!canManage(op, dialog)) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may do this.', undefined, 403);
    if (dialog.status === status) return dialog;
    dialog.status = status;
    if (status === 'open') {
      dialog.openedAt = this.now();
      dialog.waitingSince = null;
    }
    const by: Author = { kind: 'operator', id: op.id };
    const m = await this.append(dialog, this.systemMessage({ type: status === 'closed' ? 'closed' : 'reopened', by }));
    await this.publishDialog(null, dialog, [m]);
    return dialog;
  }

  private async reassign(op: Operator, input: CommandInput<'reassignDialog'>): Promise<Dialog> {
    const dialog = await this.visibleDialog(op, input.dialogId);
    if (!canReassign(op, dialog)) throw new ChatCommandError('forbidden', 'Only an administrator or the responsible operator may reassign.', undefined, 403);
    const to: Assignee = input.to;
    const exists =
      to.kind === 'operator' ? (await this.storage.operators()).some((o) => o.id === to.id) : (await this.storage.bots()).some((b) => b.id === to.id);
    if (!exists) throw new ChatCommandError('not_found', `to.id: no such ${to.kind}.`, 'to.id', 404);
    if (sameAssignee(dialog.assignee, to)) return dialog;
    const before = { assignee: dialog.assignee };
    const m = await this.append(dialog, this.systemMessage({ type: 'reassigned', by: { kind: 'operator', id: op.id }, from: dialog.assignee, to }));
    dialog.assignee = to; // H1: a closed dialog stays closed.
    await this.publishDialog(before, dialog, [m]);
    return dialog;
  }

  private async mark(op: Operator, dialogId: Id, unread: boolean): Promise<CommandResult<'markRead'>> {
    const dialog = await this.visibleDialog(op, dialogId);
    const current = (await this.storage.readState(op.id, dialogId)) ?? { dialogId, readClientCount: 0, markedUnread: false };
    // H3: only for this operator.
    const next = unread ? { ...current, markedUnread: true } : { dialogId, readClientCount: dialog.clientMessageCount, markedUnread: false };
    await this.storage.putReadState(op.id, next);
    await this.emit([op.id], { type: 'read.updated', readState: next });
    if (!unread) {
      // S4: the operator read the client's messages; nothing else to do for incoming ones.
    }
    return next;
  }

  /** Every operator who sees at least one of `dialogs` (a client's news reaches all of them). */
  private async audienceOfAll(dialogs: Dialog[]): Promise<Set<Id>> {
    const audience = new Set<Id>();
    for (const d of dialogs) for (const o of await this.audience(d)) audience.add(o);
    return audience;
  }

  private async block(op: Operator, clientId: Id, blocked: boolean): Promise<Client> {
    const client = await this.storage.client(clientId);
    // H4 concerns the client, in every dialog it has, including those the acting operator does not see.
    const all = (await this.storage.dialogs()).filter((d) => d.clientId === clientId);
    const dialogs = all.filter((d) => canSeeDialog(op, d));
    if (!client || dialogs.length === 0) throw new ChatCommandError('not_found', `Client ${clientId} not found.`, 'clientId', 404);
    if (!dialogs.some((d) => canManage(op, d))) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may block a client.', undefined, 403);
    if (client.blocked === blocked) return client;
    client.blocked = blocked;
    await this.storage.putClient(client);
    await this.emit(await this.audienceOfAll(all), { type: 'client.updated', client });
    for (const d of all) {
      const m = await this.append(d, this.systemMessage({ type: blocked ? 'client_blocked' : 'client_unblocked', by: { kind: 'operator', id: op.id } }));
      await this.publishDialog(null, d, [m]);
    }
    return client;
  }

  private async detach(op: Operator, dialogId: Id): Promise<Dialog> {
    const dialog = await this.visibleDialog(op, dialogId);
    if (!canManage(op, dialog)) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may detach the client.', undefined, 403);
    if (dialog.clientId === null) return dialog;
    // H5: the client is not deleted; only the link goes.
    dialog.clientId = null;
    const m = await this.append(dialog, this.systemMessage({ type: 'client_detached', by: { kind: 'operator', id: op.id } }));
    await this.publishDialog(null, dialog, [m]);
    return dialog;
  }

  private async deleteDialogs(op: Operator, ids: Id[]): Promise<{ results: DeleteResult[] }> {
    const results: DeleteResult[] = [];
    for (const id of [...new Set(ids)]) {
      const d = await this.storage.dialog(id);
      if (!d || !canSeeDialog(op, d)) {
        results.push({ dialogId: id, ok: false, reason: 'not_found' });
        continue;
      }
      if (!canDelete(op)) {
        results.push({ dialogId: id, ok: false, reason: 'forbidden' });
        continue;
      }
      const audience = await this.audience(d);
      await this.storage.deleteDialog(id);
      await this.emit(audience, { type: 'dialog.removed', dialogId: id, reason: 'deleted' });
      results.push({ dialogId: id, ok: true });
    }
    return { results };
  }

  private async createQuickReply(op: Operator, input: CommandInput<'createQuickReply'>): Promise<CommandResult<'createQuickReply'>> {
    const existing = await this.storage.quickReply(input.id);
    if (existing) return existing;
    if (input.messageId) {
      const m = await this.storage.message(input.messageId);
      if (!m) throw new ChatCommandError('not_found', 'messageId: no such message.', 'messageId', 404);
      await this.visibleDialog(op, m.dialogId);
    }
    const text = input.text.trim();
    if (!text) throw new ChatCommandError('validation', 'text: a quick reply needs text.', 'text', 400);
    const reply = { id: input.id, title: (input.title ?? '').trim() || text.slice(0, 40), text, createdBy: op.id, createdAt: this.now() };
    await this.storage.putQuickReply(reply);
    await this.emit((await this.storage.operators()).map((o) => o.id), { type: 'quickreply.created', quickReply: reply });
    return reply;
  }

  private async forward(op: Operator, input: CommandInput<'forwardAttachment'>): Promise<Message> {
    const existing = await this.storage.message(input.id);
    if (existing) {
      if (existing.author.id !== op.id || existing.dialogId !== input.toDialogId) throw new ChatCommandError('conflict', `Message id ${input.id} is already used.`, 'id', 409);
      return existing;
    }
    const found = await this.storage.attachment(input.attachmentId);
    if (!found) throw new ChatCommandError('not_found', 'attachmentId: no such attachment.', 'attachmentId', 404);
    await this.visibleDialog(op, found.message.dialogId);
    if (!found.attachment.available) throw new ChatCommandError('unavailable', `${found.attachment.name}: the file is no longer available.`, 'attachmentId', 410);
    const target = await this.visibleDialog(op, input.toDialogId);
    const channel = await this.channel(target.channelId);
    const r = checkAttachment(channel, { name: found.attachment.name, type: found.attachment.mime, size: found.attachment.size });
    if (r) throw new ChatCommandError(refusal(r), `${found.attachment.name}: ${REFUSAL_TEXT[r]}.`, 'attachmentId');
    const upload = { ...found.attachment, id: this.newId(), operatorId: op.id, dialogId: target.id };
    await this.storage.putUpload(upload);
    return this.sendMessage(op, { id: input.id, dialogId: target.id, text: '', attachments: [{ id: upload.id }] });
  }

  private async listAttachments(op: Operator, input: CommandInput<'listAttachments'>): Promise<CommandResult<'listAttachments'>> {
    await this.visibleDialog(op, input.dialogId);
    const all = await this.storage.attachments(input.dialogId, input.kind);
    const start = input.cursor ?? 0;
    const limit = input.limit ?? 60;
    const items = all.slice(start, start + limit).map(({ attachment, message }) => ({ attachment, messageId: message.id, author: message.author, createdAt: message.createdAt }));
    return { dialogId: input.dialogId, items, total: all.length, cursor: start + limit < all.length ? start + limit : null };
  }

  private async setClientTags(op: Operator, input: CommandInput<'setClientTags'>): Promise<Client> {
    const client = await this.storage.client(input.clientId);
    const all = (await this.storage.dialogs()).filter((d) => d.clientId === input.clientId);
    const dialogs = all.filter((d) => canSeeDialog(op, d));
    if (!client || dialogs.length === 0) throw new ChatCommandError('not_found', `Client ${input.clientId} not found.`, 'clientId', 404);
    const known = new Set((await this.storage.tags()).map((t) => t.id));
    const unknown = input.tags.find((t) => !known.has(t.tagId));
    if (unknown) throw new ChatCommandError('not_found', `tags: no tag ${unknown.tagId}.`, 'tags', 404);
    const seen = new Set<Id>();
    client.tags = input.tags.filter((t) => !seen.has(t.tagId) && (seen.add(t.tagId), true));
    await this.storage.putClient(client);
    // T6/L5: tags belong to the client; everyone who sees one of its dialogs hears of them.
    await this.emit(await this.audienceOfAll(all), { type: 'client.updated', client });
    return client;
  }

  // ---------------------------------------------------------------- the client's side (simulated channels, /visitor)

  /**
   * A message from the client (a messenger or the site web chat). Refused for a blocked client
   * (H4). Reopens a closed dialog (H2) and starts its wait (F4).
   */
  clientSend(dialogId: Id, text: string, opts: { id?: Id; attachments?: Attachment[] } = {}): Promise<Message> {
    return this.exclusive(async () => {
      const dialog = await this.storage.dialog(dialogId);
      if (!dialog) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId', 404);
      if (opts.id) {
        const existing = await this.storage.message(opts.id);
        if (existing) return existing;
      }
      const client = await this.clientOf(dialog);
      if (client?.blocked) throw new ChatCommandError('client_blocked', 'The client is blocked: messages can be neither sent nor received.', undefined, 403);
      const attachments = opts.attachments ?? [];
      if (!hasContent(text, attachments.length)) throw new ChatCommandError('validation', 'text: a message needs text or a file.', 'text', 400);
      const channel = await this.channel(dialog.channelId);
      const len = checkLength(text, channel.capabilities.maxLength);
      if (!len.ok) throw new ChatCommandError('too_long', `text: ${len.count} characters without spaces; at most ${len.limit}.`, 'text', 400);
      await this.storage.setLeft(dialogId, false);
      const created: Message[] = [];
      if (dialog.status === 'closed') {
        dialog.status = 'open';
        dialog.openedAt = this.now();
        dialog.waitingSince = null;
        created.push(await this.append(dialog, this.systemMessage({ type: 'reopened', by: null })));
      }
      const m = await this.append(dialog, {
        id: opts.id ?? this.newId(),
        kind: 'text',
        author: { kind: 'client', id: dialog.clientId ?? '' },
        text,
        attachments,
        createdAt: this.now(),
      });
      created.push(m);
      await this.publishDialog(null, dialog, created);
      return m;
    });
  }

  /** S4: the client read the operator's messages (only where the channel reports reads: S6). */
  clientRead(dialogId: Id): Promise<void> {
    return this.exclusive(async () => {
      const dialog = await this.storage.dialog(dialogId);
      if (!dialog) return;
      const channel = await this.channel(dialog.channelId);
      if (!channel.capabilities.readReceipts) return;
      const recent = await this.storage.messages(dialogId, undefined, 200);
      for (const m of recent) {
        if (m.status && (m.status.state === 'delivered' || m.status.state === 'sent')) await this.setMessageStatus(m.id, { state: 'read' });
      }
    });
  }

  /** S5: the web-chat client closed the window or left the site (or came back). */
  async clientLeave(dialogId: Id, left = true): Promise<void> {
    await this.exclusive(() => this.storage.setLeft(dialogId, left));
  }

  /** Starts a new dialog from a client arriving in a channel (C1: with where they came from). */
  startDialog(input: { channelId: Id; name: string; source?: Client['source']; analytics?: Client['analytics']; text?: string }): Promise<{ dialog: Dialog; client: Client }> {
    return this.exclusive(async () => {
      const channel = await this.channel(input.channelId);
      const now = this.now();
      const client: Client = {
        id: this.newId(),
        name: input.name.trim().slice(0, 120) || 'Visitor',
        contacts: [{ channelId: channel.id, handle: input.name }],
        tags: [],
        source: input.source ?? { channelId: channel.id, firstContactAt: now },
        analytics: input.analytics ?? null,
        blocked: false,
        orders: [],
      };
      await this.storage.putClient(client);
      const dialog: Dialog = {
        id: this.newId(),
        channelId: channel.id,
        clientId: client.id,
        title: client.name,
        status: 'open',
        assignee: null,
        createdAt: now,
        openedAt: now,
        lastActivityAt: now,
        waitingSince: null,
        lastMessage: null,
        clientMessageCount: 0,
        lastN: 0,
      };
      await this.publishDialog(null, dialog);
      return { dialog, client };
    }).then(async (r) => {
      if (input.text) await this.clientSend(r.dialog.id, input.text);
      return r;
    });
  }

  /** Turns a channel's simulated integration failure on or off (S5 `integration_error`). */
  setChannelFailing(channelId: Id, failing: boolean): Promise<void> {
    return this.exclusive(async () => {
      const sim = (await this.storage.simulation())[channelId] ?? { sendDelayMs: 0, deliverDelayMs: 0, readDelayMs: null, failing: false };
      await this.storage.putSimulation(channelId, { ...sim, failing });
    });
  }

  /** Messages of a dialog as the client sees them (for the visitor page). */
  async clientView(dialogId: Id, limit = 100): Promise<Message[]> {
    const d = await this.storage.dialog(dialogId);
    if (!d) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId', 404);
    return (await this.storage.messages(dialogId, undefined, limit)).filter((m) => m.kind === 'text' && (m.status?.state ?? 'sent') !== 'failed' && m.status?.state !== 'queued');
  }
}

/**
 * Keeps a file name safe to show and to save: no paths, no control characters, no bidirectional
 * overrides (which make `invoice\u202Egpj.exe` look like `invoiceexe.jpg`), bounded length.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return (clean || 'file').slice(0, 180);
}
