/**
 * The backend's domain service: the authority on every rule. It validates every command,
 * enforces the rules of `sdk/rules`, stores through a {@link Storage}, simulates channels and
 * numbers the events it pushes to each operator. Browser-safe: no Node imports.
 *
 * This file is the facade: the queue and the unit of work. The rest is by concern: commands by
 * domain (`commands/`), one unit's writes and event fan-out (`unit.ts`), reads with rights
 * (`access.ts`), the channel simulation (`simulation.ts`), the client's side (`visitor-side.ts`),
 * uploads (`uploads.ts`), the event bus (`bus.ts`) and the derived dialog fields (`derive.ts`).
 */
import * as v from 'valibot';
import type { Attachment, Client, Dialog, Id, Message, Operator } from '../../sdk/model.js';
import { ChatCommandError, type ChatEvent, type CommandInput, type CommandName, type CommandResult } from '../../sdk/protocol.js';
import { describeIssues, InputSchemas } from '../../sdk/schema.js';
import { channelOf, operatorOf, visibleDialog } from './access.js';
import { LocalEventBus, type EventBus, type SubscribeOptions } from './bus.js';
import { isRead, READ_HANDLERS, WRITE_HANDLERS, type WriteName } from './commands/handlers.js';
import { ChannelSimulator, realScheduler, simulationOf, type DeliveryPlace, type Scheduler } from './simulation.js';
import type { SeedData, Storage, TransactionHint } from './storage.js';
import { Unit, type UnitDeps } from './unit.js';
import { memoryFiles, storeUpload, type FileStore, type UploadedFile } from './uploads.js';
import { clientMessage, clientRead, startDialog, type StartDialogInput } from './visitor-side.js';

export { LocalEventBus, type EventBus, type SubscribeOptions } from './bus.js';
export type { DeliveryPlace, Scheduler } from './simulation.js';
export { memoryFiles, sanitizeFileName, type FileStore } from './uploads.js';

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
  onDeliveryRequested?: (messageId: Id, where?: DeliveryPlace) => void;
  /**
   * Tells, inside the command's transaction `tx`, of a message to deliver while this core does not
   * simulate (a notification that goes with the commit, only if it commits): in place of
   * {@link onDeliveryRequested} after the commit, a round trip less.
   */
  handOverInTransaction?: (tx: Storage, messageId: Id, where: DeliveryPlace) => Promise<void>;
}

let counter = 0;
const defaultId = (): Id => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `id-${Date.now().toString(36)}-${(counter++).toString(36)}`);

type Listener = (event: ChatEvent) => void;

/** The answer of a command with whether it replayed an earlier one (same idempotency id). */
export interface CommandOutcome<K extends CommandName> {
  result: CommandResult<K>;
  replayed: boolean;
}

/** A handler called with the input its schema has just checked. */
type AnyRead = (s: Storage, op: Operator, input: unknown) => Promise<unknown>;
type AnyWrite = (u: Unit, op: Operator, input: unknown) => Promise<unknown>;

/**
 * The backend core. Mutations run one at a time (a queue), each in one storage transaction, so
 * per-dialog numbers and per-operator sequences never race and nothing is half-written.
 */
export class ChatCore {
  readonly now: () => number;
  private readonly newId: () => Id;
  private readonly files: FileStore;
  private readonly bus: EventBus;
  private readonly concurrent: boolean;
  private readonly simulator: ChannelSimulator;
  private readonly deps: UnitDeps;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly storage: Storage,
    options: ChatCoreOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.newId = options.newId ?? defaultId;
    this.files = options.files ?? memoryFiles;
    this.bus = options.bus ?? new LocalEventBus();
    this.concurrent = options.concurrent ?? false;
    this.simulator = new ChannelSimulator(
      {
        storage,
        schedule: options.scheduler ?? realScheduler,
        delayFactor: options.delayFactor ?? 1,
        write: (fn) => this.write(fn),
        onDeliveryRequested: options.onDeliveryRequested,
      },
      options.simulate ?? true,
    );
    const inTransaction = options.handOverInTransaction;
    this.deps = {
      now: () => this.now(),
      newId: () => this.newId(),
      handOver: (id, where) => this.simulator.handOver(id, where),
      handOverInTransaction:
        inTransaction &&
        (async (tx, id, where) => {
          // A core that simulates delivers after the commit itself.
          if (this.simulator.isSimulating) return false;
          await inTransaction(tx, id, where);
          return true;
        }),
    };
  }

  /** Creates a core over `storage`, seeding it when empty. */
  static async create(storage: Storage, seed: () => SeedData, options?: ChatCoreOptions): Promise<ChatCore> {
    await storage.init(seed);
    const core = new ChatCore(storage, options);
    await core.resumeDeliveries();
    return core;
  }

  /**
   * Restarts the simulated delivery of every message left `queued` or `sent`, or `delivered` with
   * its simulated read still to come (after a restart, the timers of the previous process are
   * gone). Returns how many were resumed.
   */
  resumeDeliveries(): Promise<number> {
    return this.simulator.resumeDeliveries();
  }

  /**
   * Starts or stops running the channel simulation here (the leader among several servers runs
   * it). Starting resumes every delivery under way; stopping cancels the timers of this core.
   */
  setSimulating(on: boolean): Promise<void> {
    return this.simulator.setSimulating(on);
  }

  /** Whether this core runs the channel simulation. */
  get isSimulating(): boolean {
    return this.simulator.isSimulating;
  }

  /** Delivers a message another server handed over (this core runs the simulation). */
  requestDelivery(messageId: Id, where?: DeliveryPlace): void {
    this.simulator.requestDelivery(messageId, where);
  }

  /**
   * Resolves once no step of the simulation is running (timers may still be pending): what a
   * test with its own scheduler waits for before it runs the next timer.
   */
  idle(): Promise<void> {
    return this.simulator.idle();
  }

  /** Stops every pending simulated delivery. */
  dispose(): void {
    this.simulator.dispose();
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
  private unit<T>(fn: (u: Unit) => Promise<T>, hint?: TransactionHint): Promise<{ value: T; replayed: boolean }> {
    return this.exclusive(async () => {
      let u: Unit | null = null;
      let numbered: Array<{ operatorId: Id; event: ChatEvent }> = [];
      const value = await this.storage.transaction(async (s) => {
        u = new Unit(s, this.deps);
        const result = await fn(u);
        numbered = await u.numberEvents();
        return result;
      }, hint);
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

  /**
   * Listens to an operator's events (through the bus). Returns a function that stops it.
   * `options.readonly`: the listener only reads them (it gets the event itself, not a copy).
   */
  subscribe(operatorId: Id, listener: Listener, options?: SubscribeOptions): () => void {
    return this.bus.subscribe(operatorId, listener, options);
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
    const op = await operatorOf(this.storage, operatorId);
    // The schema checked the input against the command's own type: the handler of that name takes it.
    if (isRead(name)) return { result: (await (READ_HANDLERS[name] as AnyRead)(this.storage, op, r.output)) as CommandResult<K>, replayed: false };
    const write = WRITE_HANDLERS[name as WriteName] as AnyWrite;
    // A send reads its dialog and its id's message first: the storage may read them ahead.
    const hint = name === 'sendMessage' ? { dialogId: (r.output as CommandInput<'sendMessage'>).dialogId, id: (r.output as CommandInput<'sendMessage'>).id } : undefined;
    const { value, replayed } = await this.unit((u) => write(u, op, r.output), hint);
    return { result: value as CommandResult<K>, replayed };
  }

  // ---------------------------------------------------------------- uploads

  /**
   * The most bytes a file uploaded to this dialog may have (its channel's limit; 0 when it takes
   * no files), or `null` when the operator may not upload there (unknown or unseen dialog: the
   * upload answers why). Lets the server refuse an oversized body before reading it.
   */
  async uploadLimit(operatorId: Id, dialogId: Id): Promise<number | null> {
    try {
      const dialog = await visibleDialog(this.storage, await operatorOf(this.storage, operatorId), dialogId);
      const { attachments } = (await channelOf(this.storage, dialog.channelId)).capabilities;
      return attachments.allowed ? attachments.maxBytes : 0;
    } catch {
      return null;
    }
  }

  /**
   * Stores an uploaded file for a dialog after checking it against the channel (P1). The
   * answer's id goes into `sendMessage`'s `attachments`.
   */
  async upload(operatorId: Id, dialogId: Id, file: UploadedFile): Promise<Attachment> {
    const op = await operatorOf(this.storage, operatorId);
    const attachment = await storeUpload(this.storage, this.files, op, dialogId, file, this.newId);
    await this.write((u) => u.s.putUpload({ ...attachment, operatorId: op.id, dialogId }));
    return attachment;
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
      return clientMessage(u, dialog, text, opts);
    });
  }

  /** S4: the client read the operator's messages (only where the channel reports reads: S6). */
  clientRead(dialogId: Id): Promise<void> {
    return this.write((u) => clientRead(u, dialogId));
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
  startDialog(input: StartDialogInput): Promise<{ dialog: Dialog; client: Client }> {
    return this.write((u) => startDialog(u, input));
  }

  /** Turns a channel's simulated integration failure on or off (S5 `integration_error`). */
  setChannelFailing(channelId: Id, failing: boolean): Promise<void> {
    return this.write(async (u) => {
      await u.s.putSimulation(channelId, { ...(await simulationOf(u.s, channelId)), failing });
    });
  }

  /** Messages of a dialog as the client sees them (for the visitor page). */
  async clientView(dialogId: Id, limit = 100): Promise<Message[]> {
    const d = await this.storage.dialog(dialogId);
    if (!d) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId', 404);
    return (await this.storage.messages(dialogId, undefined, limit)).filter((m) => m.kind === 'text' && (m.status?.state ?? 'sent') !== 'failed' && m.status?.state !== 'queued');
  }
}
