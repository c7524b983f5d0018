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
  ChatSettings,
  Client,
  ClientSummary,
  Dialog,
  DialogPage,
  FailureReason,
  Id,
  ListRow,
  Message,
  MessageStatus,
  Operator,
  ReadState,
  SearchHit,
  SystemEvent,
} from '../../sdk/model.js';
import { clientSummary } from '../../sdk/rules/clients.js';
import {
  ChatCommandError,
  type ChatEvent,
  type CommandInput,
  type CommandName,
  type CommandResult,
  type DeleteResult,
} from '../../sdk/protocol.js';
import { describeIssues, InputSchemas } from '../../sdk/schema.js';
import { checkAttachment, isPreviewableImage, refusalCode, REFUSAL_TEXT } from '../../sdk/rules/attachments.js';
import { checkLength, hasContent } from '../../sdk/rules/length.js';
import { canDelete, canEditSettings, canManage, canReassign, canSeeDialog, canWrite, sameAssignee } from '../../sdk/rules/permissions.js';
import { decodeCursor, defaultQuery, encodeCursor, sortKey, type DialogQuery } from '../../sdk/rules/query.js';
import { cutText, QUOTE_PREVIEW_LENGTH, searchSnippet, SNIPPET_AFTER, textProblem } from '../../sdk/rules/text.js';
import { advanceStatus, failed } from '../../sdk/rules/status.js';
import { applyMessage } from './derive.js';
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
  /**
   * Where events go once their command commits, and where {@link ChatCore.subscribe} listens.
   * Default: listeners in this process. Several servers on one database pass a bus that also
   * hears the others' commits (`server/fanout.ts`).
   */
  bus?: EventBus;
  /**
   * Run commands concurrently instead of one at a time. Only for a storage whose transactions
   * keep concurrent commands apart by themselves (row locks on PostgreSQL); the in-process queue
   * is what keeps them apart otherwise. Default false.
   */
  concurrent?: boolean;
  /**
   * Whether this core runs the channel simulation (timers moving messages to sent, delivered,
   * read). Default true. Among several servers on one database only the leader does; the others
   * hand each new delivery to {@link onDeliveryRequested}. Change it with {@link ChatCore.setSimulating}.
   */
  simulate?: boolean;
  /** Told, after the commit, of each message to deliver while this core does not simulate. */
  onDeliveryRequested?: (messageId: Id) => void;
}

/** Where committed events go, and who hears them. */
export interface EventBus {
  /** Listens to an operator's events, in `seq` order; returns a function that stops it. */
  subscribe(operatorId: Id, listener: (event: ChatEvent) => void): () => void;
  /** The events of one committed command, in order. */
  publish(events: ReadonlyArray<{ operatorId: Id; event: ChatEvent }>): void;
  /** Forgets every listener. */
  close(): void;
}

/** The default {@link EventBus}: listeners in this process. */
export class LocalEventBus implements EventBus {
  private readonly listeners = new Map<Id, Set<(event: ChatEvent) => void>>();

  subscribe(operatorId: Id, listener: (event: ChatEvent) => void): () => void {
    let set = this.listeners.get(operatorId);
    if (!set) this.listeners.set(operatorId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(operatorId) === set) this.listeners.delete(operatorId);
    };
  }

  /** Whether anyone here listens to the operator. */
  has(operatorId: Id): boolean {
    return this.listeners.has(operatorId);
  }

  publish(events: ReadonlyArray<{ operatorId: Id; event: ChatEvent }>): void {
    for (const { operatorId, event } of events) {
      for (const l of this.listeners.get(operatorId) ?? []) {
        try {
          l(structuredClone(event));
        } catch {
          /* a listener's failure is not the bus's */
        }
      }
    }
  }

  close(): void {
    this.listeners.clear();
  }
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

type Listener = (event: ChatEvent) => void;

/** An event of a unit, numbered at the end of the unit. */
interface PendingEvent {
  operatorId: Id;
  event: UnnumberedEvent;
}

/**
 * One command's work: the transaction it reads and writes through, and what waits for the
 * commit. Nothing leaves a command before its transaction commits: events are numbered inside it
 * and told to listeners after, and simulated deliveries start after.
 */
interface Unit {
  /** The transaction. */
  s: Storage;
  /**
   * Events of the command, in order: numbered together at the end of the transaction (each
   * operator's counter is then held only until the commit), told to listeners once it commits.
   */
  events: PendingEvent[];
  /** Work started once it commits. */
  after: Array<() => void>;
  /** The command answered what an earlier request with the same id created (idempotent replay). */
  replayed: boolean;
}

/**
 * L6: the rows' matched messages as excerpts. Where the match cannot be placed again in the
 * message's own characters (a storage folding otherwise), the excerpt is the message's start.
 */
function searchHits(matched: Map<Id, Message>, search: string): SearchHit[] {
  const out: SearchHit[] = [];
  for (const [dialogId, m] of matched) {
    const sn = searchSnippet(m.text, search) ?? { text: cutText(m.text, SNIPPET_AFTER), match: [0, 0] as [number, number] };
    out.push({ dialogId, messageId: m.id, n: m.n, snippet: sn.text, match: sn.match });
  }
  return out;
}

const conflict = (id: Id) => new ChatCommandError('conflict', `id: ${id} is already used by another message, sender or kind of object.`, 'id', 409);

/** The answer of a command with whether it replayed an earlier one (same idempotency id). */
export interface CommandOutcome<K extends CommandName> {
  result: CommandResult<K>;
  replayed: boolean;
}

const READS: ReadonlySet<CommandName> = new Set<CommandName>(['bootstrap', 'eventsSince', 'listDialogs', 'getDialog', 'getClient', 'loadMessages', 'listAttachments']);

/** Simulation steps run together in one unit at most. */
const MAX_STEPS_PER_UNIT = 100;

/** Rows of a list page unless asked otherwise. */
const DEFAULT_PAGE = 50;

/**
 * The backend core. Mutations run one at a time (a queue), each in one storage transaction, so
 * per-dialog numbers and per-operator sequences never race and nothing is half-written.
 */
export class ChatCore {
  readonly now: () => number;
  private readonly newId: () => Id;
  private readonly schedule: Scheduler;
  private readonly files: FileStore;
  private readonly delayFactor: number;
  private readonly bus: EventBus;
  private readonly concurrent: boolean;
  private simulating: boolean;
  private readonly onDeliveryRequested: ((messageId: Id) => void) | undefined;
  /** Messages whose simulated delivery runs here now (so none is run twice). */
  private readonly delivering = new Set<Id>();
  /** Simulation steps running now (between timers): {@link idle} waits for them. */
  private readonly steps = new Set<Promise<unknown>>();
  private readonly timers = new Set<() => void>();
  /** Simulation steps due now, waiting for {@link runDue}. */
  private due: Array<{ fn: (u: Unit) => Promise<void>; failed: (() => void) | undefined }> = [];
  private draining = false;
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
    this.bus = options.bus ?? new LocalEventBus();
    this.concurrent = options.concurrent ?? false;
    this.simulating = options.simulate ?? true;
    this.onDeliveryRequested = options.onDeliveryRequested;
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
    if (!this.simulating) return 0;
    const ids = (await this.storage.pendingDeliveries()).filter((id) => !this.delivering.has(id));
    for (const id of ids) this.deliver(id);
    return ids.length;
  }

  /**
   * Starts or stops running the channel simulation here (the leader among several servers runs
   * it). Starting resumes every delivery under way; stopping cancels the timers of this core.
   */
  async setSimulating(on: boolean): Promise<void> {
    if (this.simulating === on) return;
    this.simulating = on;
    if (on) {
      await this.resumeDeliveries();
      return;
    }
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.due = [];
    this.delivering.clear();
  }

  /** Whether this core runs the channel simulation. */
  get isSimulating(): boolean {
    return this.simulating;
  }

  /** Delivers a message another server handed over (this core runs the simulation). */
  requestDelivery(messageId: Id): void {
    if (this.simulating && !this.delivering.has(messageId)) this.deliver(messageId);
  }

  /**
   * Resolves once no step of the simulation is running (timers may still be pending): what a
   * test with its own scheduler waits for before it runs the next timer.
   */
  async idle(): Promise<void> {
    while (this.steps.size > 0) await Promise.allSettled([...this.steps]);
  }

  /** Tracks a running simulation step for {@link idle}. */
  private step(p: Promise<unknown>): void {
    this.steps.add(p);
    void p.finally(() => this.steps.delete(p));
  }

  /** Stops every pending simulated delivery. */
  dispose(): void {
    this.disposed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.due = [];
    this.bus.close();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // With a storage that keeps concurrent commands apart, no queue: throughput is the database's.
    if (this.concurrent) return fn();
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn` as one unit: in the queue, in one storage transaction. Once it commits, its events
   * reach their listeners and its follow-up work starts; if it throws, nothing of it remains.
   */
  private unit<T>(fn: (u: Unit) => Promise<T>): Promise<{ value: T; replayed: boolean }> {
    return this.exclusive(async () => {
      let u: Unit | null = null;
      let numbered: Array<{ operatorId: Id; event: ChatEvent }> = [];
      const value = await this.storage.transaction(async (s) => {
        u = { s, events: [], after: [], replayed: false };
        const result = await fn(u);
        numbered = await this.numberEvents(s, u.events);
        return result;
      });
      const done = u as Unit | null;
      if (done) {
        this.bus.publish(numbered);
        for (const work of done.after) work();
      }
      return { value, replayed: done?.replayed ?? false };
    });
  }

  /** {@link unit}, answering only the value. */
  private async write<T>(fn: (u: Unit) => Promise<T>): Promise<T> {
    return (await this.unit(fn)).value;
  }

  /** Runs `fn` as a unit after `ms` (scaled by the delay factor); `failed` hears when it throws. */
  private later(fn: (u: Unit) => Promise<void>, ms: number, failed?: () => void): void {
    if (this.disposed) return;
    const cancel = this.schedule(() => {
      this.timers.delete(cancel);
      if (this.disposed) return;
      this.due.push({ fn, failed });
      if (this.draining) return;
      // A moment later, so steps whose timers fire together share a unit.
      this.draining = true;
      this.step(new Promise((resolve) => setTimeout(resolve, 0)).then(() => this.runDue()));
    }, ms * this.delayFactor);
    this.timers.add(cancel);
  }

  /**
   * Runs the simulation steps whose time has come: all those waiting at once in one unit (one
   * transaction, one numbering of their events), so under load the deliveries of many messages
   * cost one commit, not one each. A batch that fails runs again step by step, so a step's failure
   * stays its own.
   */
  private async runDue(): Promise<void> {
    try {
      while (this.due.length > 0 && !this.disposed) {
        const batch = this.due.splice(0, MAX_STEPS_PER_UNIT);
        try {
          await this.write(async (u) => {
            for (const s of batch) await s.fn(u);
          });
        } catch {
          if (batch.length === 1) batch[0]!.failed?.();
          else for (const s of batch) await this.write(s.fn).catch(() => s.failed?.());
        }
      }
    } finally {
      this.draining = false;
    }
  }

  // ---------------------------------------------------------------- events

  /** Listens to an operator's events (through the bus). Returns a function that stops it. */
  subscribe(operatorId: Id, listener: Listener): () => void {
    return this.bus.subscribe(operatorId, listener);
  }

  /** Adds `event` for each operator to the unit; it is numbered at the unit's end and heard after the commit. */
  private async emit(u: Unit, operatorIds: Iterable<Id>, event: UnnumberedEvent): Promise<void> {
    await this.emitEach(u, operatorIds, () => event);
  }

  /**
   * {@link emit} with each operator's own event (their rows, their read positions). The event is
   * copied now: the unit may change the dialog after, and the event says what it was here.
   */
  private async emitEach(u: Unit, operatorIds: Iterable<Id>, event: (operatorId: Id) => UnnumberedEvent): Promise<void> {
    for (const op of new Set(operatorIds)) u.events.push({ operatorId: op, event: structuredClone(event(op)) });
  }

  /** Numbers a unit's events in its transaction, all at once where the storage can. */
  private async numberEvents(s: Storage, events: PendingEvent[]): Promise<Array<{ operatorId: Id; event: ChatEvent }>> {
    if (events.length === 0) return [];
    let numbered: ChatEvent[];
    // The unit's last statement: a storage may commit with it.
    if (s.appendEvents) numbered = await s.appendEvents(events, { last: true });
    else {
      numbered = [];
      for (const e of events) numbered.push(await s.appendEvent(e.operatorId, e.event));
    }
    return events.map((e, i) => ({ operatorId: e.operatorId, event: numbered[i]! }));
  }

  /** Operators who may see a dialog in the state given (H1). */
  private async audience(s: Storage, dialog: Pick<Dialog, 'assignee'>): Promise<Id[]> {
    return (await s.operators()).filter((o) => canSeeDialog(o, dialog)).map((o) => o.id);
  }

  // ---------------------------------------------------------------- helpers

  private async operator(id: Id): Promise<Operator> {
    const op = (await this.storage.operators()).find((o) => o.id === id);
    if (!op) throw new ChatCommandError('unauthorized', 'Unknown operator.');
    return op;
  }

  private async visibleDialog(s: Storage, op: Operator, dialogId: Id): Promise<Dialog> {
    const d = textProblem(dialogId, { singleLine: true }) ? undefined : await s.dialog(dialogId);
    // A dialog the operator may not see does not exist for them (H1): same answer, no leak.
    if (!d || !canSeeDialog(op, d)) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId');
    return d;
  }

  private async channel(s: Storage, id: Id): Promise<Channel> {
    const c = (await s.channels()).find((x) => x.id === id);
    if (!c) throw new ChatCommandError('internal', `Channel ${id} is missing.`);
    return c;
  }

  private async clientOf(s: Storage, d: Dialog): Promise<Client | null> {
    return d.clientId ? ((await s.client(d.clientId)) ?? null) : null;
  }

  /**
   * Refuses an id an earlier request used for anything else than `same` accepts (another dialog,
   * sender or kind of object: `409 conflict`); answers the message it names when `same` accepts it.
   */
  private async replayable(u: Unit, id: Id, same: (m: Message) => boolean): Promise<Message | undefined> {
    const existing = await u.s.message(id);
    if (existing) {
      if (!same(existing)) throw conflict(id);
      u.replayed = true;
      return existing;
    }
    if (await u.s.quickReply(id)) throw conflict(id);
    return undefined;
  }

  /** Appends a message to a dialog, updating the dialog's derived fields (`derive.ts`). */
  private async append(s: Storage, dialog: Dialog, m: Omit<Message, 'n' | 'dialogId'>): Promise<Message> {
    const msg: Message = { ...m, dialogId: dialog.id, n: dialog.lastN + 1 };
    applyMessage(dialog, msg);
    await s.putMessage(msg);
    return msg;
  }

  /**
   * Closes or reopens a dialog, with the `closed` or `reopened` event in its feed (which also moves
   * `openedAt` and ends a wait: `derive.ts`). `by` is `null` when the system reopens it (H2).
   */
  private async changeStatus(s: Storage, dialog: Dialog, status: 'open' | 'closed', by: Author | null): Promise<Message> {
    dialog.status = status;
    return this.append(s, dialog, this.systemMessage({ type: status === 'closed' ? 'closed' : 'reopened', by }));
  }

  /** H2: a new message (from the client or an operator) reopens a closed dialog, with a `reopened` event in the feed first. */
  private async reopenForMessage(s: Storage, dialog: Dialog): Promise<Message[]> {
    return dialog.status === 'closed' ? [await this.changeStatus(s, dialog, 'open', null)] : [];
  }

  private systemMessage(event: SystemEvent): Omit<Message, 'n' | 'dialogId'> {
    return { id: this.newId(), kind: 'event', author: { kind: 'system', id: '' }, text: '', attachments: [], event, createdAt: this.now() };
  }

  /**
   * Saves a dialog and tells everyone who sees it; those who no longer do are told it is gone.
   * Each operator's event carries their row before (`was`: the dialog as stored until now, or
   * `null` when they did not see it) and after (the dialog, its client's summary, their read
   * position), so their lists and counts move exactly (docs/lists-at-scale.md).
   */
  private async publishDialog(u: Unit, dialog: Dialog, messages: Message[] = []): Promise<void> {
    const { s } = u;
    const stored = await s.dialog(dialog.id);
    await s.putDialog(dialog);
    const ops = await s.operators();
    const reads = await s.dialogReadStates(dialog.id);
    const client = await this.clientOf(s, dialog);
    const summary = client && clientSummary(client);
    const storedClient = !stored ? null : stored.clientId === dialog.clientId ? summary : await this.summaryOf(s, stored.clientId);
    const now = ops.filter((o) => canSeeDialog(o, dialog));
    const wasRow = (op: Id): ListRow | null => {
      const o = ops.find((x) => x.id === op);
      return stored && o && canSeeDialog(o, stored) ? { dialog: stored, client: storedClient, read: reads.get(op) ?? null } : null;
    };
    const afterRow = (op: Id): ListRow => ({ dialog, client: summary, read: reads.get(op) ?? null });
    const lost = stored ? ops.filter((o) => canSeeDialog(o, stored) && !now.includes(o)) : [];
    await this.emitEach(u, lost.map((o) => o.id), (op) => ({ type: 'dialog.removed', dialogId: dialog.id, reason: 'access_lost', was: wasRow(op) }));
    const ids = now.map((o) => o.id);
    if (messages.length === 0) {
      await this.emitEach(u, ids, (op) => ({ type: 'dialog.upserted', dialog, client, read: reads.get(op) ?? null, was: wasRow(op) }));
      return;
    }
    let first = true;
    if (stored && !sameAssignee(stored.assignee, dialog.assignee)) {
      // Newcomers need the dialog and its client before its messages.
      await this.emitEach(u, ids, (op) => ({ type: 'dialog.upserted', dialog, client, read: reads.get(op) ?? null, was: wasRow(op) }));
      first = false;
    }
    for (const m of messages) {
      const was = first ? wasRow : afterRow;
      await this.emitEach(u, ids, (op) => ({ type: 'message.created', message: m, dialog, client: summary, read: reads.get(op) ?? null, was: was(op) }));
      first = false;
    }
  }

  private async summaryOf(s: Storage, clientId: Id | null): Promise<ClientSummary | null> {
    const c = clientId ? await s.client(clientId) : undefined;
    return c ? clientSummary(c) : null;
  }

  // ---------------------------------------------------------------- commands

  /**
   * Runs a command for an operator. The input is validated strictly (unknown fields are
   * refused); a refusal throws a {@link ChatCommandError} and changes nothing.
   */
  async handle<K extends CommandName>(operatorId: Id, name: K, input: unknown): Promise<CommandResult<K>> {
    return (await this.command(operatorId, name, input)).result;
  }

  /**
   * {@link handle}, also telling whether the command answered what an earlier request with the
   * same idempotency id did (`sendMessage`, `forwardAttachment`, `createQuickReply`).
   *
   * Every command checks the operator's rights before it reads or replays anything: an id reused
   * by someone else, or in a dialog the operator may no longer see, never answers what it named.
   */
  async command<K extends CommandName>(operatorId: Id, name: K, input: unknown): Promise<CommandOutcome<K>> {
    const schema = (InputSchemas as Record<string, v.GenericSchema>)[name];
    if (!schema) throw new ChatCommandError('not_found', `Unknown command ${String(name)}.`);
    const r = v.safeParse(schema, input ?? {});
    if (!r.success) {
      const { field, text } = describeIssues(r.issues);
      throw new ChatCommandError('validation', text, field, 400);
    }
    const op = await this.operator(operatorId);
    if (READS.has(name)) return { result: (await this.read(op, name, r.output)) as CommandResult<K>, replayed: false };
    const { value, replayed } = await this.unit((u) => this.dispatch(u, op, name, r.output));
    return { result: value as CommandResult<K>, replayed };
  }

  private read(op: Operator, name: CommandName, input: unknown): Promise<unknown> {
    const s = this.storage;
    switch (name) {
      case 'bootstrap':
        return this.bootstrap(op, input as CommandInput<'bootstrap'>);
      case 'eventsSince':
        return this.eventsSince(op, (input as CommandInput<'eventsSince'>).since);
      case 'listDialogs':
        return this.listDialogs(op, input as CommandInput<'listDialogs'>);
      case 'getDialog':
        return this.getDialog(s, op, (input as CommandInput<'getDialog'>).dialogId);
      case 'getClient':
        return this.getClient(s, op, (input as CommandInput<'getClient'>).clientId);
      case 'loadMessages':
        return this.loadMessages(s, op, input as CommandInput<'loadMessages'>);
      case 'listAttachments':
        return this.listAttachments(s, op, input as CommandInput<'listAttachments'>);
      default:
        throw new ChatCommandError('internal', `${name} is not a read.`);
    }
  }

  private async dispatch(u: Unit, op: Operator, name: CommandName, input: unknown): Promise<unknown> {
    switch (name) {
      case 'sendMessage':
        return this.sendMessage(u, op, input as CommandInput<'sendMessage'>);
      case 'closeDialog':
        return this.setStatus(u, op, (input as CommandInput<'closeDialog'>).dialogId, 'closed');
      case 'reopenDialog':
        return this.setStatus(u, op, (input as CommandInput<'reopenDialog'>).dialogId, 'open');
      case 'reassignDialog':
        return this.reassign(u, op, input as CommandInput<'reassignDialog'>);
      case 'markRead':
      case 'markUnread':
        return this.mark(u, op, (input as CommandInput<'markRead'>).dialogId, name === 'markUnread');
      case 'blockClient':
      case 'unblockClient':
        return this.block(u, op, (input as CommandInput<'blockClient'>).clientId, name === 'blockClient');
      case 'detachClient':
        return this.detach(u, op, (input as CommandInput<'detachClient'>).dialogId);
      case 'deleteDialogs':
        return this.deleteDialogs(u, op, (input as CommandInput<'deleteDialogs'>).dialogIds);
      case 'createQuickReply':
        return this.createQuickReply(u, op, input as CommandInput<'createQuickReply'>);
      case 'forwardAttachment':
        return this.forward(u, op, input as CommandInput<'forwardAttachment'>);
      case 'setClientTags':
        return this.setClientTags(u, op, input as CommandInput<'setClientTags'>);
      case 'updateSettings':
        return this.updateSettings(u, op, input as CommandInput<'updateSettings'>);
      default:
        throw new ChatCommandError('internal', `${name} is not a write.`);
    }
  }

  /**
   * The operator's events after `since`. H1 holds for the replay too: an event about a dialog the
   * operator may no longer see (reassigned away, deleted) is replayed as what its end state says,
   * `dialog.removed`, under the same `seq`, never with the messages it carried then.
   */
  private async eventsSince(op: Operator, since: number): Promise<CommandResult<'eventsSince'>> {
    const seq = await this.storage.lastSeq(op.id);
    const events = await this.storage.eventsSince(op.id, since);
    if (!events) return { gap: true, seq };
    const about = (e: ChatEvent): Id | null =>
      e.type === 'message.created'
        ? e.message.dialogId
        : e.type === 'message.status' || e.type === 'dialog.removed'
          ? e.dialogId
          : e.type === 'dialog.upserted'
            ? e.dialog.id
            : e.type === 'read.updated'
              ? e.readState.dialogId
              : null;
    const hidden = new Map<Id, 'deleted' | 'access_lost'>();
    const ids = new Set(events.map(about).filter((x): x is Id => x !== null));
    for (const e of events) if (e.type === 'client.updated') for (const d of e.dialogs ?? []) ids.add(d.id);
    for (const id of ids) {
      const d = await this.storage.dialog(id);
      if (!d) hidden.set(id, 'deleted');
      else if (!canSeeDialog(op, d)) hidden.set(id, 'access_lost');
    }
    // What the operator no longer sees replays as its removal; rows before and after of it are
    // left out (they would show its last message), so the SDK counts that list again.
    const replayed = events.map((e): ChatEvent => {
      const id = about(e);
      const reason = id === null ? undefined : hidden.get(id);
      if (!reason || id === null) {
        if (e.type !== 'client.updated' || !e.dialogs?.some((d) => hidden.has(d.id))) return e;
        return { ...e, dialogs: e.dialogs.filter((d) => !hidden.has(d.id)), readStates: e.readStates?.filter((r) => !hidden.has(r.dialogId)) };
      }
      // Her own read position stays hers (H3); only the dialog it was about is left out.
      if (e.type === 'read.updated') return { seq: e.seq, type: 'read.updated', readState: e.readState };
      return { seq: e.seq, type: 'dialog.removed', dialogId: id, reason };
    });
    return { gap: false, events: replayed, seq };
  }

  private async bootstrap(op: Operator, input: CommandInput<'bootstrap'>): Promise<CommandResult<'bootstrap'>> {
    const s = this.storage;
    const list = await this.page(op, { query: input.query ?? defaultQuery(), limit: input.limit ?? DEFAULT_PAGE, counts: ['total', 'unread'] });
    return {
      me: op,
      operators: await s.operators(),
      bots: await s.bots(),
      channels: await s.channels(),
      tags: await s.tags(),
      quickReplies: await s.quickReplies(),
      settings: await s.settings(),
      list,
      seq: list.seq,
    };
  }

  private listDialogs(op: Operator, input: CommandInput<'listDialogs'>): Promise<CommandResult<'listDialogs'>> {
    return this.page(op, input);
  }

  /**
   * A page of the list by keyset cursor (the sort key of the last row given), with the counts
   * asked for and the event head it reflects, all read from one consistent view.
   */
  private page(op: Operator, input: { query: DialogQuery; cursor?: string | undefined; limit?: number | undefined; counts?: CommandInput<'listDialogs'>['counts'] }): Promise<DialogPage> {
    const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
    if (input.cursor !== undefined && !after) throw new ChatCommandError('validation', 'cursor: not a cursor this server gave.', 'cursor', 400);
    const limit = input.limit ?? DEFAULT_PAGE;
    return this.storage.snapshot(async (s) => {
      const seq = await s.lastSeq(op.id);
      const settings = await s.settings();
      const rows = limit > 0 ? await s.listPage(op, input.query, after, limit + 1) : [];
      const more = rows.length > limit;
      const dialogs = more ? rows.slice(0, limit) : rows;
      const last = dialogs[dialogs.length - 1];
      const clientIds = [...new Set(dialogs.flatMap((d) => (d.clientId ? [d.clientId] : [])))];
      const search = input.query.search.trim();
      return {
        dialogs,
        clients: (await s.clients(clientIds)).map(clientSummary),
        readStates: await s.readStatesOf(op.id, dialogs.map((d) => d.id)),
        cursor: more && last ? encodeCursor(sortKey(last, input.query.sort, settings)) : null,
        counts: input.counts?.length ? await s.listCounts(op, input.query, input.counts) : {},
        ...(search ? { hits: searchHits(await s.matchedMessages(dialogs.map((d) => d.id), search), search) } : {}),
        seq,
      };
    });
  }

  /** One dialog the operator sees, with its full client and their read position (for dialogs outside the loaded list). */
  private async getDialog(s: Storage, op: Operator, dialogId: Id): Promise<CommandResult<'getDialog'>> {
    const dialog = await this.visibleDialog(s, op, dialogId);
    return { dialog, client: await this.clientOf(s, dialog), readState: (await s.readState(op.id, dialogId)) ?? null };
  }

  /**
   * A client's whole record, with the dialogs of theirs the operator sees (a CRM's client card).
   * A client none of whose dialogs the operator sees does not exist for them (H1); an
   * administrator also sees a client with no dialog left (H5: detached).
   */
  private async getClient(s: Storage, op: Operator, clientId: Id): Promise<CommandResult<'getClient'>> {
    const client = textProblem(clientId, { singleLine: true }) ? undefined : await s.client(clientId);
    const dialogs = client ? (await s.dialogsOfClient(clientId)).filter((d) => canSeeDialog(op, d)) : [];
    if (!client || (!dialogs.length && op.role !== 'administrator')) throw new ChatCommandError('not_found', `Client ${clientId} not found.`, 'clientId');
    dialogs.sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const shown = dialogs.slice(0, 50);
    const reads = await Promise.all(shown.map((d) => s.readState(op.id, d.id)));
    return { client, dialogs: shown, readStates: reads.filter((r): r is ReadState => !!r) };
  }

  private async loadMessages(s: Storage, op: Operator, input: CommandInput<'loadMessages'>): Promise<CommandResult<'loadMessages'>> {
    await this.visibleDialog(s, op, input.dialogId);
    const limit = input.limit ?? 50;
    const messages = await s.messages(input.dialogId, input.before, limit);
    const first = messages[0];
    return { dialogId: input.dialogId, messages, cursor: first && first.n > 1 ? first.n : null };
  }

  private async sendMessage(u: Unit, op: Operator, input: CommandInput<'sendMessage'>): Promise<Message> {
    const { s } = u;
    // Rights first (H1): a dialog the operator no longer sees answers 404, even for an id they used in it.
    const dialog = await this.visibleDialog(s, op, input.dialogId);
    const existing = await this.replayable(u, input.id, (m) => m.dialogId === dialog.id && m.kind === 'text' && m.author.kind === 'operator' && m.author.id === op.id);
    if (existing) {
      // Idempotent: the same id answers the first answer, unless it failed and may be retried.
      if (existing.status?.state === 'failed' && existing.status.retryable) return this.retry(u, op, dialog, existing);
      return existing;
    }
    const channel = await this.channel(s, dialog.channelId);
    const client = await this.clientOf(s, dialog);
    const attachments = await this.resolveUploads(s, op, dialog, channel, input.attachments ?? []);
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
      const q = await s.message(input.quoteId);
      if (!q || q.dialogId !== dialog.id) throw new ChatCommandError('not_found', 'quoteId: no such message in this dialog.', 'quoteId', 404);
      quote = { messageId: q.id, author: q.author, text: cutText(q.text, QUOTE_PREVIEW_LENGTH) };
    }
    const created = await this.reopenForMessage(s, dialog);
    if (dialog.assignee === null) dialog.assignee = { kind: 'operator', id: op.id };
    const msg = await this.append(s, dialog, {
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
    await this.publishDialog(u, dialog, created);
    // After the messages' events, so that each event's row before is the one the previous left.
    await this.putRead(u, op.id, dialog, { dialogId: dialog.id, readClientCount: dialog.clientMessageCount, markedUnread: false });
    u.after.push(() => this.handOver(msg.id));
    return msg;
  }

  private async retry(u: Unit, op: Operator, dialog: Dialog, m: Message): Promise<Message> {
    const write = canWrite(op, dialog, await this.clientOf(u.s, dialog));
    if (!write.ok) throw new ChatCommandError(write.reason, write.reason === 'client_blocked' ? 'The client is blocked.' : 'The dialog is not assigned to you.', undefined, 403);
    const status = advanceStatus(m.status, { state: 'queued' }, { retry: true });
    const updated = { ...m, status };
    await u.s.putMessage(updated);
    await this.emit(u, await this.audience(u.s, dialog), { type: 'message.status', dialogId: m.dialogId, messageId: m.id, status });
    u.after.push(() => this.handOver(m.id));
    return updated;
  }

  /** A message to deliver: simulated here, or handed to the server that simulates. */
  private handOver(messageId: Id): void {
    if (this.simulating) this.deliver(messageId);
    else this.onDeliveryRequested?.(messageId);
  }

  /** Simulates the channel: queued -> sent -> delivered (-> read), or failed (S2-S5). */
  private deliver(messageId: Id): void {
    if (this.delivering.has(messageId)) return;
    this.delivering.add(messageId);
    const done = (): void => {
      this.delivering.delete(messageId);
    };
    this.step((async () => {
      const m = await this.storage.message(messageId);
      if (!m) return done();
      const d = await this.storage.dialog(m.dialogId);
      if (!d) return done();
      const sim: ChannelSimulation = (await this.storage.simulation())[d.channelId] ?? { sendDelayMs: 0, deliverDelayMs: 0, readDelayMs: null, failing: false };
      this.later(async (u) => {
        const dialog = await u.s.dialog(m.dialogId);
        if (!dialog) return done();
        const left = (await u.s.leftDialogs()).has(dialog.id);
        const current = await u.s.simulation();
        const failing = current[dialog.channelId]?.failing ?? false;
        const client = await this.clientOf(u.s, dialog);
        const reason: FailureReason | null = client?.blocked ? 'client_blocked' : failing ? 'integration_error' : left ? 'client_left' : null;
        await this.setMessageStatus(u, messageId, reason ? failed(reason) : { state: 'sent' });
        if (reason) return done();
        this.later(async (u2) => {
          await this.setMessageStatus(u2, messageId, { state: 'delivered' });
          const channel = await this.channel(u2.s, dialog.channelId);
          if (!channel.capabilities.readReceipts || sim.readDelayMs === null) return done();
          this.later(async (u3) => {
            await this.setMessageStatus(u3, messageId, { state: 'read' });
            done();
          }, sim.readDelayMs, done);
        }, sim.deliverDelayMs, done);
      }, sim.sendDelayMs, done);
    })().catch(done));
  }

  private async setMessageStatus(u: Unit, messageId: Id, next: MessageStatus): Promise<void> {
    const m = await u.s.message(messageId);
    if (!m?.status) return;
    const status = advanceStatus(m.status, next);
    if (status === m.status) return;
    await u.s.putMessage({ ...m, status });
    const d = await u.s.dialog(m.dialogId);
    if (!d) return;
    await this.emit(u, await this.audience(u.s, d), { type: 'message.status', dialogId: m.dialogId, messageId, status });
  }

  private async resolveUploads(s: Storage, op: Operator, dialog: Dialog, channel: Channel, refs: { id: Id }[]): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const [i, ref] of refs.entries()) {
      const u = await s.upload(ref.id);
      if (!u || u.operatorId !== op.id || u.dialogId !== dialog.id) {
        throw new ChatCommandError('not_found', `attachments.${i}.id: no such upload for this dialog.`, `attachments.${i}.id`, 404);
      }
      const r = checkAttachment(channel, { name: u.name, type: u.mime, size: u.size }, i);
      if (r) throw new ChatCommandError(refusalCode(r), `${u.name}: ${REFUSAL_TEXT[r]}.`, `attachments.${i}`);
      const { operatorId: _o, dialogId: _d, ...attachment } = u;
      out.push(attachment);
    }
    return out;
  }

  /**
   * The most bytes a file uploaded to this dialog may have (its channel's limit; 0 when it takes
   * no files), or `null` when the operator may not upload there (unknown or unseen dialog: the
   * upload answers why). Lets the server refuse an oversized body before reading it.
   */
  async uploadLimit(operatorId: Id, dialogId: Id): Promise<number | null> {
    try {
      const dialog = await this.visibleDialog(this.storage, await this.operator(operatorId), dialogId);
      const { attachments } = (await this.channel(this.storage, dialog.channelId)).capabilities;
      return attachments.allowed ? attachments.maxBytes : 0;
    } catch {
      return null;
    }
  }

  /**
   * Stores an uploaded file for a dialog after checking it against the channel (P1). The
   * answer's id goes into `sendMessage`'s `attachments`.
   */
  async upload(operatorId: Id, dialogId: Id, file: { name: string; type: string; data: Blob; width?: number; height?: number }): Promise<Attachment> {
    const op = await this.operator(operatorId);
    const dialog = await this.visibleDialog(this.storage, op, dialogId);
    const channel = await this.channel(this.storage, dialog.channelId);
    const name = sanitizeFileName(file.name);
    const mime = (file.type || 'application/octet-stream').toLowerCase();
    const r = checkAttachment(channel, { name, type: mime, size: file.data.size });
    if (r) throw new ChatCommandError(refusalCode(r), `${name}: ${REFUSAL_TEXT[r]}.`, 'file');
    // P3, H4: a file is uploaded to be sent; only who may write in the dialog may upload to it.
    const write = canWrite(op, dialog, await this.clientOf(this.storage, dialog));
    if (!write.ok) throw new ChatCommandError(write.reason, write.reason === 'client_blocked' ? 'The client is blocked: files can be neither sent nor received.' : 'The dialog is not assigned to you.', undefined, 403);
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
    await this.write((u) => u.s.putUpload({ ...attachment, operatorId: op.id, dialogId: dialog.id }));
    return attachment;
  }

  private async setStatus(u: Unit, op: Operator, dialogId: Id, status: 'open' | 'closed'): Promise<Dialog> {
    const dialog = await this.visibleDialog(u.s, op, dialogId);
    if (!canManage(op, dialog)) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may do this.', undefined, 403);
    if (dialog.status === status) return dialog;
    const m = await this.changeStatus(u.s, dialog, status, { kind: 'operator', id: op.id });
    await this.publishDialog(u, dialog, [m]);
    return dialog;
  }

  private async reassign(u: Unit, op: Operator, input: CommandInput<'reassignDialog'>): Promise<Dialog> {
    const { s } = u;
    const dialog = await this.visibleDialog(s, op, input.dialogId);
    if (!canReassign(op, dialog)) throw new ChatCommandError('forbidden', 'Only an administrator or the responsible operator may reassign.', undefined, 403);
    const to: Assignee = input.to;
    const exists = to.kind === 'operator' ? (await s.operators()).some((o) => o.id === to.id) : (await s.bots()).some((b) => b.id === to.id);
    if (!exists) throw new ChatCommandError('not_found', `to.id: no such ${to.kind}.`, 'to.id', 404);
    if (sameAssignee(dialog.assignee, to)) return dialog;
    const m = await this.append(s, dialog, this.systemMessage({ type: 'reassigned', by: { kind: 'operator', id: op.id }, from: dialog.assignee, to }));
    dialog.assignee = to; // H1: a closed dialog stays closed.
    await this.publishDialog(u, dialog, [m]);
    return dialog;
  }

  private async mark(u: Unit, op: Operator, dialogId: Id, unread: boolean): Promise<CommandResult<'markRead'>> {
    const dialog = await this.visibleDialog(u.s, op, dialogId);
    const current = (await u.s.readState(op.id, dialogId)) ?? { dialogId, readClientCount: 0, markedUnread: false };
    // H3: only for this operator.
    const next = unread ? { ...current, markedUnread: true } : { dialogId, readClientCount: dialog.clientMessageCount, markedUnread: false };
    await this.putRead(u, op.id, dialog, next);
    return next;
  }

  /** Stores an operator's read position and tells them, with the one it replaces (N2 moves by the difference). */
  private async putRead(u: Unit, operatorId: Id, dialog: Dialog, next: ReadState): Promise<void> {
    const was = (await u.s.readState(operatorId, dialog.id)) ?? null;
    await u.s.putReadState(operatorId, next);
    await this.emit(u, [operatorId], { type: 'read.updated', readState: next, dialog, was });
  }

  /**
   * Tells everyone who sees one of a client's dialogs that the client changed, with the client as
   * the list showed it and, per operator, the client's dialogs they see (T7 and the list move for
   * each of them).
   */
  private async publishClient(u: Unit, client: Client, was: ClientSummary, all: Dialog[]): Promise<void> {
    const ops = await u.s.operators();
    const readsOf = new Map<Id, Map<Id, ReadState>>();
    for (const d of all) readsOf.set(d.id, await u.s.dialogReadStates(d.id));
    const audience = ops.filter((o) => all.some((d) => canSeeDialog(o, d)));
    await this.emitEach(u, audience.map((o) => o.id), (opId) => {
      const o = audience.find((x) => x.id === opId)!;
      const dialogs = all.filter((d) => canSeeDialog(o, d));
      const readStates = dialogs.flatMap((d) => {
        const r = readsOf.get(d.id)?.get(opId);
        return r ? [r] : [];
      });
      return { type: 'client.updated', client, was, dialogs, readStates };
    });
  }

  /** A client and its dialogs, when the operator sees at least one of them (404 otherwise: H1). */
  private async visibleClient(s: Storage, op: Operator, clientId: Id): Promise<{ client: Client; all: Dialog[]; visible: Dialog[] }> {
    const client = await s.client(clientId);
    // H4, T6: what concerns the client concerns every dialog it has, also those the operator does not see.
    const all = client ? await s.dialogsOfClient(clientId) : [];
    const visible = all.filter((d) => canSeeDialog(op, d));
    if (!client || visible.length === 0) throw new ChatCommandError('not_found', `Client ${clientId} not found.`, 'clientId', 404);
    return { client, all, visible };
  }

  /** F2: an administrator changes the chat settings; every operator hears of it (their sort depends on it). */
  private async updateSettings(u: Unit, op: Operator, patch: CommandInput<'updateSettings'>): Promise<ChatSettings> {
    if (!canEditSettings(op)) throw new ChatCommandError('forbidden', 'Only an administrator may change the chat settings.', undefined, 403);
    const { s } = u;
    const before = await s.settings();
    const next: ChatSettings = { ...before };
    if (patch.responseTimeLimitMs !== undefined) next.responseTimeLimitMs = patch.responseTimeLimitMs;
    if (next.responseTimeLimitMs === before.responseTimeLimitMs) return before;
    await s.putSettings(next);
    await this.emit(u, (await s.operators()).map((o) => o.id), { type: 'settings.updated', settings: next });
    return next;
  }

  private async block(u: Unit, op: Operator, clientId: Id, blocked: boolean): Promise<Client> {
    const { s } = u;
    const { client, all, visible } = await this.visibleClient(s, op, clientId);
    if (!visible.some((d) => canManage(op, d))) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may block a client.', undefined, 403);
    if (client.blocked === blocked) return client;
    const was = clientSummary(client);
    client.blocked = blocked;
    await s.putClient(client);
    await this.publishClient(u, client, was, all);
    for (const d of all) {
      const m = await this.append(s, d, this.systemMessage({ type: blocked ? 'client_blocked' : 'client_unblocked', by: { kind: 'operator', id: op.id } }));
      await this.publishDialog(u, d, [m]);
    }
    return client;
  }

  private async detach(u: Unit, op: Operator, dialogId: Id): Promise<Dialog> {
    const dialog = await this.visibleDialog(u.s, op, dialogId);
    if (!canManage(op, dialog)) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may detach the client.', undefined, 403);
    if (dialog.clientId === null) return dialog;
    // H5: the client is not deleted; only the link goes.
    dialog.clientId = null;
    const m = await this.append(u.s, dialog, this.systemMessage({ type: 'client_detached', by: { kind: 'operator', id: op.id } }));
    await this.publishDialog(u, dialog, [m]);
    return dialog;
  }

  private async deleteDialogs(u: Unit, op: Operator, ids: Id[]): Promise<{ results: DeleteResult[] }> {
    const { s } = u;
    const results: DeleteResult[] = [];
    for (const id of [...new Set(ids)]) {
      const d = await s.dialog(id);
      if (!d || !canSeeDialog(op, d)) {
        results.push({ dialogId: id, ok: false, reason: 'not_found' });
        continue;
      }
      if (!canDelete(op)) {
        results.push({ dialogId: id, ok: false, reason: 'forbidden' });
        continue;
      }
      const audience = await this.audience(s, d);
      const reads = await s.dialogReadStates(id);
      const client = await this.summaryOf(s, d.clientId);
      await s.deleteDialog(id);
      await this.emitEach(u, audience, (opId) => ({ type: 'dialog.removed', dialogId: id, reason: 'deleted', was: { dialog: d, client, read: reads.get(opId) ?? null } }));
      results.push({ dialogId: id, ok: true });
    }
    return { results };
  }

  private async createQuickReply(u: Unit, op: Operator, input: CommandInput<'createQuickReply'>): Promise<CommandResult<'createQuickReply'>> {
    const { s } = u;
    // Rights first: the message it was made from must be in a dialog the operator sees.
    if (input.messageId) {
      const m = await s.message(input.messageId);
      const d = m && (await s.dialog(m.dialogId));
      if (!d || !canSeeDialog(op, d)) throw new ChatCommandError('not_found', 'messageId: no such message.', 'messageId', 404);
    }
    const existing = await s.quickReply(input.id);
    if (existing) {
      if (existing.createdBy !== op.id) throw conflict(input.id);
      u.replayed = true;
      return existing;
    }
    if (await s.message(input.id)) throw conflict(input.id);
    const text = input.text.trim();
    if (!text) throw new ChatCommandError('validation', 'text: a quick reply needs text.', 'text', 400);
    const reply = { id: input.id, title: (input.title ?? '').trim() || cutText(text, 40), text, createdBy: op.id, createdAt: this.now() };
    await s.putQuickReply(reply);
    await this.emit(u, (await s.operators()).map((o) => o.id), { type: 'quickreply.created', quickReply: reply });
    return reply;
  }

  private async forward(u: Unit, op: Operator, input: CommandInput<'forwardAttachment'>): Promise<Message> {
    const { s } = u;
    const target = await this.visibleDialog(s, op, input.toDialogId);
    const existing = await this.replayable(u, input.id, (m) => m.dialogId === target.id && m.kind === 'text' && m.author.kind === 'operator' && m.author.id === op.id);
    if (existing) return existing;
    const found = await s.attachment(input.attachmentId);
    const source = found && (await s.dialog(found.message.dialogId));
    if (!found || !source || !canSeeDialog(op, source)) throw new ChatCommandError('not_found', 'attachmentId: no such attachment.', 'attachmentId', 404);
    if (!found.attachment.available) throw new ChatCommandError('unavailable', `${found.attachment.name}: the file is no longer available.`, 'attachmentId', 410);
    const channel = await this.channel(s, target.channelId);
    const r = checkAttachment(channel, { name: found.attachment.name, type: found.attachment.mime, size: found.attachment.size });
    if (r) throw new ChatCommandError(refusalCode(r), `${found.attachment.name}: ${REFUSAL_TEXT[r]}.`, 'attachmentId');
    const upload = { ...found.attachment, id: this.newId(), operatorId: op.id, dialogId: target.id };
    await s.putUpload(upload);
    return this.sendMessage(u, op, { id: input.id, dialogId: target.id, text: '', attachments: [{ id: upload.id }] });
  }

  private async listAttachments(s: Storage, op: Operator, input: CommandInput<'listAttachments'>): Promise<CommandResult<'listAttachments'>> {
    await this.visibleDialog(s, op, input.dialogId);
    const all = await s.attachments(input.dialogId, input.kind);
    const start = input.cursor ?? 0;
    const limit = input.limit ?? 60;
    const items = all.slice(start, start + limit).map(({ attachment, message }) => ({ attachment, messageId: message.id, author: message.author, createdAt: message.createdAt }));
    return { dialogId: input.dialogId, items, total: all.length, cursor: start + limit < all.length ? start + limit : null };
  }

  private async setClientTags(u: Unit, op: Operator, input: CommandInput<'setClientTags'>): Promise<Client> {
    const { s } = u;
    const { client, all } = await this.visibleClient(s, op, input.clientId);
    const known = new Set((await s.tags()).map((t) => t.id));
    const unknown = input.tags.find((t) => !known.has(t.tagId));
    if (unknown) throw new ChatCommandError('not_found', `tags: no tag ${unknown.tagId}.`, 'tags', 404);
    const seen = new Set<Id>();
    const was = clientSummary(client);
    client.tags = input.tags.filter((t) => !seen.has(t.tagId) && (seen.add(t.tagId), true));
    await s.putClient(client);
    // T6/L5: tags belong to the client; everyone who sees one of its dialogs hears of them.
    await this.publishClient(u, client, was, all);
    return client;
  }

  // ---------------------------------------------------------------- the client's side (simulated channels, /visitor)

  /**
   * A message from the client (a messenger or the site web chat). Refused for a blocked client
   * (H4). Reopens a closed dialog (H2) and starts its wait (F4). `opts.id` is an idempotency key
   * scoped to this dialog and its client: the same id again answers the same message; an id used
   * anywhere else is `409 conflict`.
   */
  clientSend(dialogId: Id, text: string, opts: { id?: Id; attachments?: Attachment[] } = {}): Promise<Message> {
    return this.write(async (u) => {
      const dialog = await u.s.dialog(dialogId);
      if (!dialog) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId', 404);
      return this.clientMessage(u, dialog, text, opts);
    });
  }

  private async clientMessage(u: Unit, dialog: Dialog, text: string, opts: { id?: Id; attachments?: Attachment[] }): Promise<Message> {
    const { s } = u;
    if (opts.id) {
      const existing = await this.replayable(u, opts.id, (m) => m.dialogId === dialog.id && m.kind === 'text' && m.author.kind === 'client');
      if (existing) return existing;
    }
    const attachments = opts.attachments ?? [];
    const problem = textProblem(text);
    if (problem) throw new ChatCommandError('validation', `text: ${problem}.`, 'text', 400);
    if (!hasContent(text, attachments.length)) throw new ChatCommandError('validation', 'text: a message needs text or a file.', 'text', 400);
    const channel = await this.channel(s, dialog.channelId);
    const len = checkLength(text, channel.capabilities.maxLength);
    if (!len.ok) throw new ChatCommandError('too_long', `text: ${len.count} characters without spaces; at most ${len.limit}.`, 'text', 400);
    // H4: checked after the input, so bad input gets its own error whoever sends it.
    const client = await this.clientOf(s, dialog);
    if (client?.blocked) throw new ChatCommandError('client_blocked', 'The client is blocked: messages can be neither sent nor received.', undefined, 403);
    await s.setLeft(dialog.id, false);
    const created = await this.reopenForMessage(s, dialog);
    const m = await this.append(s, dialog, {
      id: opts.id ?? this.newId(),
      kind: 'text',
      author: { kind: 'client', id: dialog.clientId ?? '' },
      text,
      attachments,
      createdAt: this.now(),
    });
    created.push(m);
    await this.publishDialog(u, dialog, created);
    return m;
  }

  /** S4: the client read the operator's messages (only where the channel reports reads: S6). */
  clientRead(dialogId: Id): Promise<void> {
    return this.write(async (u) => {
      const dialog = await u.s.dialog(dialogId);
      if (!dialog) return;
      const channel = await this.channel(u.s, dialog.channelId);
      if (!channel.capabilities.readReceipts) return;
      const recent = await u.s.messages(dialogId, undefined, 200);
      for (const m of recent) {
        if (m.status && (m.status.state === 'delivered' || m.status.state === 'sent')) await this.setMessageStatus(u, m.id, { state: 'read' });
      }
    });
  }

  /** S5: the web-chat client closed the window or left the site (or came back). */
  async clientLeave(dialogId: Id, left = true): Promise<void> {
    await this.write((u) => u.s.setLeft(dialogId, left));
  }

  /**
   * Starts a new dialog from a client arriving in a channel (C1: with where they came from), with
   * its first message when `text` is given: the dialog, its client and that message are stored
   * together or not at all. `within` runs in the same transaction once the dialog exists (the
   * server stores the visitor's token there).
   */
  startDialog(input: {
    channelId: Id;
    name: string;
    source?: Client['source'];
    analytics?: Client['analytics'];
    text?: string;
    within?: (tx: Storage, dialog: Dialog) => Promise<void>;
  }): Promise<{ dialog: Dialog; client: Client }> {
    return this.write(async (u) => {
      const { s } = u;
      const channel = await this.channel(s, input.channelId);
      const now = this.now();
      const name = cutText(input.name.trim(), 120) || 'Visitor';
      const client: Client = {
        id: this.newId(),
        name,
        contacts: [{ channelId: channel.id, handle: name }],
        tags: [],
        source: input.source ?? { channelId: channel.id, firstContactAt: now },
        analytics: input.analytics ?? null,
        blocked: false,
        orders: [],
      };
      await s.putClient(client);
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
      await this.publishDialog(u, dialog);
      if (input.text) await this.clientMessage(u, dialog, input.text, {});
      await input.within?.(s, dialog);
      return { dialog, client };
    });
  }

  /** Turns a channel's simulated integration failure on or off (S5 `integration_error`). */
  setChannelFailing(channelId: Id, failing: boolean): Promise<void> {
    return this.write(async (u) => {
      const sim = (await u.s.simulation())[channelId] ?? { sendDelayMs: 0, deliverDelayMs: 0, readDelayMs: null, failing: false };
      await u.s.putSimulation(channelId, { ...sim, failing });
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
 * overrides (which make `invoice\u202Egpj.exe` look like `invoiceexe.jpg`), bounded length (cut
 * between characters, never inside one).
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '_')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return cutText(clean || 'file', 180);
}
