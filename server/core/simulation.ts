/**
 * The channel simulation: timers that move each outgoing message from queued to sent, delivered
 * and read (S1-S6), or to failed when the client is blocked, left, or the integration fails (S5).
 * Steps whose timers fire together run in one unit. Among several servers only the leader
 * simulates; the others hand deliveries over. Browser-safe.
 */
import type { FailureReason, Id } from '../../sdk/model.js';
import { failed } from '../../sdk/rules/status.js';
import { channelOf, clientOf } from './access.js';
import type { ChannelSimulation, Storage } from './storage.js';
import type { Unit } from './unit.js';

/** Where a message is delivered: its dialog and that dialog's channel. */
export interface DeliveryPlace {
  dialogId: Id;
  channelId: Id;
}

/**
 * What a storage may offer a batch of delivery steps: the messages, their dialogs and clients
 * locked and read in a few statements instead of a few per step (dialogs first, in id order, as
 * every command that locks several; then the messages), kept for the rest of the transaction.
 */
export interface DeliveryReads {
  /**
   * `skipLocked`: passes over what another transaction holds instead of waiting for it, and
   * answers the messages it locked with their dialogs: only their steps run in this batch.
   */
  lockDeliveries(messageIds: readonly Id[], options?: { skipLocked?: boolean }): Promise<ReadonlySet<Id> | void>;
}

/** Schedules `fn` after `ms`; returns a canceller. */
export type Scheduler = (fn: () => void, ms: number) => () => void;

/** Timers of the platform. */
export const realScheduler: Scheduler = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** Simulation steps run together in one unit at most. */
const MAX_STEPS_PER_UNIT = 100;
/**
 * A step whose dialog or message another transaction held (a sender's command) waits this long and
 * is tried again in a later batch; after {@link MAX_PASSES} such passes it waits for the lock.
 */
const PASS_DELAY_MS = 10;
const MAX_PASSES = 20;

/**
 * A step of a delivery: its writes in the unit, and what to do once they are committed (schedule
 * the next step, or let the message go). Never scheduled from inside the unit: a unit that rolls
 * back, or runs again, must not have started the next step (or started it twice).
 */
type StepFn = (u: Unit) => Promise<(() => void) | void>;

/** A simulation step due now. */
interface DueStep {
  /** The step's writes; what it answers runs once its unit has committed (the next step's timer). */
  fn: StepFn;
  failed: (() => void) | undefined;
  messageId: Id;
  /** Batches it was passed over by (its dialog was locked by another transaction). */
  passes: number;
}

/** What the simulation needs of the core. */
export interface SimulatorDeps {
  storage: Storage;
  schedule: Scheduler;
  /** Multiplies every simulated delay. */
  delayFactor: number;
  /** Runs `fn` as one unit (queue, transaction, events after the commit). */
  write(fn: (u: Unit) => Promise<void>): Promise<void>;
  /** Told of each message to deliver while this core does not simulate. */
  onDeliveryRequested: ((messageId: Id, where?: DeliveryPlace) => void) | undefined;
}

const NO_SIMULATION: ChannelSimulation = { sendDelayMs: 0, deliverDelayMs: 0, readDelayMs: null, failing: false };

/** Runs the simulated channels of one core. */
export class ChannelSimulator {
  /** Messages whose simulated delivery runs here now (so none is run twice). */
  private readonly delivering = new Set<Id>();
  /** Simulation steps running now (between timers): {@link idle} waits for them. */
  private readonly steps = new Set<Promise<unknown>>();
  private readonly timers = new Set<() => void>();
  /** Simulation steps due now, waiting for {@link runDue}. */
  private due: DueStep[] = [];
  private draining = false;
  private disposed = false;

  constructor(
    private readonly deps: SimulatorDeps,
    private simulating: boolean,
  ) {}

  /** Whether this core runs the simulation. */
  get isSimulating(): boolean {
    return this.simulating;
  }

  /** Restarts the delivery of every message left `queued` or `sent`, or `delivered` with its read to come; answers how many. */
  async resumeDeliveries(): Promise<number> {
    if (!this.simulating) return 0;
    const ids = (await this.deps.storage.pendingDeliveries()).filter((id) => !this.delivering.has(id));
    for (const id of ids) this.deliver(id);
    return ids.length;
  }

  /** Starts (resuming every delivery under way) or stops (cancelling the timers) simulating here. */
  async setSimulating(on: boolean): Promise<void> {
    if (this.simulating === on) return;
    this.simulating = on;
    if (on) {
      await this.resumeDeliveries();
      return;
    }
    this.cancelTimers();
    this.delivering.clear();
  }

  /** Delivers a message another server handed over (when this core simulates). */
  requestDelivery(messageId: Id, where?: DeliveryPlace): void {
    if (this.simulating && !this.delivering.has(messageId)) this.deliver(messageId, where);
  }

  /** A message to deliver: simulated here, or handed to the server that simulates. */
  handOver(messageId: Id, where?: DeliveryPlace): void {
    if (this.simulating) this.deliver(messageId, where);
    else this.deps.onDeliveryRequested?.(messageId, where);
  }

  /** Resolves once no step is running (timers may still be pending). */
  async idle(): Promise<void> {
    while (this.steps.size > 0) await Promise.allSettled([...this.steps]);
  }

  /** Stops every pending step for good. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimers();
  }

  private cancelTimers(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.due = [];
  }

  /** Tracks a running simulation step for {@link idle}. */
  private step(p: Promise<unknown>): void {
    this.steps.add(p);
    void p.finally(() => this.steps.delete(p));
  }

  /** Runs `fn` as a unit after `ms` (scaled by the delay factor); `failed` hears when it throws. */
  private later(messageId: Id, fn: StepFn, ms: number, failed?: () => void): void {
    if (this.disposed) return;
    this.at(ms * this.deps.delayFactor, { fn, failed, messageId, passes: 0 });
  }

  /** Puts `step` among the due steps after `ms` (not scaled). */
  private at(ms: number, step: DueStep): void {
    if (this.disposed) return;
    const cancel = this.deps.schedule(() => {
      this.timers.delete(cancel);
      if (this.disposed) return;
      this.due.push(step);
      if (this.draining) return;
      // A moment later, so steps whose timers fire together share a unit.
      this.draining = true;
      this.step(new Promise((resolve) => setTimeout(resolve, 0)).then(() => this.runDue()));
    }, ms);
    this.timers.add(cancel);
  }

  /**
   * Runs the steps whose time has come: all those waiting at once in one unit (one transaction,
   * one numbering of their events), so under load the deliveries of many messages cost one
   * commit, not one each. A batch that fails runs again step by step, so a step's failure stays
   * its own.
   */
  private async runDue(): Promise<void> {
    try {
      while (this.due.length > 0 && !this.disposed) {
        const batch = this.due.splice(0, MAX_STEPS_PER_UNIT);
        // Steps passed over often enough wait for their locks (with the rest of their batch).
        const skipLocked = batch.every((s) => s.passes < MAX_PASSES);
        let passed: DueStep[] = [];
        let committed: Array<() => void> = [];
        try {
          await this.deps.write(async (u) => {
            passed = [];
            committed = [];
            // What the steps read one by one, locked and read at once where the storage can.
            const locked = await (u.s as Storage & Partial<DeliveryReads>).lockDeliveries?.(
              batch.map((s) => s.messageId),
              { skipLocked },
            );
            const run = skipLocked && locked ? batch.filter((s) => locked.has(s.messageId)) : batch;
            if (skipLocked && locked) passed = batch.filter((s) => !locked.has(s.messageId));
            for (const s of run) {
              const then = await s.fn(u);
              if (then) committed.push(then);
            }
          });
          for (const then of committed) then();
          for (const s of passed) this.at(PASS_DELAY_MS, { ...s, passes: s.passes + 1 });
        } catch {
          if (batch.length === 1) batch[0]!.failed?.();
          else for (const s of batch) await this.runAlone(s);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** One step in a unit of its own (after its batch failed): its failure stays its own. */
  private async runAlone(s: DueStep): Promise<void> {
    const after: { then?: (() => void) | void } = {};
    try {
      await this.deps.write(async (u) => {
        after.then = await s.fn(u);
      });
    } catch {
      s.failed?.();
      return;
    }
    after.then?.();
  }

  /** Simulates the channel: queued -> sent -> delivered (-> read), or failed (S2-S5). */
  private deliver(messageId: Id, where?: DeliveryPlace): void {
    if (this.delivering.has(messageId)) return;
    this.delivering.add(messageId);
    const done = (): void => {
      this.delivering.delete(messageId);
    };
    const { storage } = this.deps;
    this.step(
      (async () => {
        // The sender says where (its transaction has just read them); otherwise read them.
        const m = where ?? (await storage.message(messageId));
        if (!m) return done();
        const d = where ? { channelId: where.channelId } : await storage.dialog(m.dialogId);
        if (!d) return done();
        const sim = (await storage.simulation())[d.channelId] ?? NO_SIMULATION;
        /** The simulated client reads it (where the channel reports reads). */
        const read = (u: Unit) => u.setMessageStatus(messageId, { state: 'read' }).then(() => done);
        if ('status' in m && m.status?.state === 'delivered') {
          // Resumed with its read still to come (a restart, a new leader): read a read delay from now.
          const readDelayMs = (await channelOf(storage, d.channelId)).capabilities.readReceipts ? sim.readDelayMs : null;
          if (readDelayMs === null) return done();
          return this.later(messageId, read, readDelayMs, done);
        }
        this.later(
          messageId,
          async (u) => {
            const dialog = await u.s.dialog(m.dialogId);
            if (!dialog) return done;
            const left = await u.s.clientLeft(dialog.id);
            const current = await u.s.simulation();
            const failing = current[dialog.channelId]?.failing ?? false;
            const client = await clientOf(u.s, dialog);
            const reason: FailureReason | null = client?.blocked ? 'client_blocked' : failing ? 'integration_error' : left ? 'client_left' : null;
            await u.setMessageStatus(messageId, reason ? failed(reason) : { state: 'sent' });
            if (reason) return done;
            return () =>
              this.later(
                messageId,
                async (u2) => {
                  const channel = await channelOf(u2.s, dialog.channelId);
                  const readDelayMs = channel.capabilities.readReceipts ? sim.readDelayMs : null;
                  // When the read is due goes with the status, so a restart or a new leader resumes it.
                  await u2.setMessageStatus(messageId, { state: 'delivered' }, readDelayMs === null ? null : Date.now() + readDelayMs * this.deps.delayFactor);
                  if (readDelayMs === null) return done;
                  return () => this.later(messageId, read, readDelayMs, done);
                },
                sim.deliverDelayMs,
                done,
              );
          },
          sim.sendDelayMs,
          done,
        );
      })().catch(done),
    );
  }
}

/** A channel's simulation as stored, or one that answers at once. */
export async function simulationOf(s: Storage, channelId: Id): Promise<ChannelSimulation> {
  return (await s.simulation())[channelId] ?? NO_SIMULATION;
}
