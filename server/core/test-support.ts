/**
 * Test support for the core and SDK suites: a manual scheduler (channel simulation runs only
 * when a test says so), a transport wrapper that holds answers, drops, pauses or injects events,
 * and a seeded in-process backend. Not part of the public API: imported by `*.test.ts` only.
 */
import { createChatClient, type ChatClient, type ChatClientOptions } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import { ChatCommandError, type CommandInput, type CommandName, type Transport, type TransportListener, type UploadProgress } from '../../sdk/protocol.js';
import type { ChatCore, Scheduler } from './core.js';
import { createInProcessBackend, type InProcessBackend } from './in-process.js';
import { MemoryStorage } from './memory-storage.js';
import { createSeed, SEED_IDS } from '../demo-data/seed.js';
import type { SeedData, Storage } from './storage.js';

export { SEED_IDS };

/** Lets every pending promise settle (one macrotask: the microtask queue drains before it). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A scheduler whose callbacks run only when {@link ManualScheduler.step} is called. */
export class ManualScheduler {
  private readonly pending = new Set<{ fn: () => void; ms: number }>();
  readonly scheduler: Scheduler = (fn, ms) => {
    const task = { fn, ms };
    this.pending.add(task);
    return () => this.pending.delete(task);
  };
  /** Callbacks waiting to run. */
  get size(): number {
    return this.pending.size;
  }
  /** Runs the callbacks pending now (not those they schedule), then lets promises settle. */
  async step(): Promise<number> {
    await settle();
    const batch = [...this.pending];
    this.pending.clear();
    for (const t of batch) t.fn();
    await settle();
    return batch.length;
  }
  /** Steps until nothing is pending (bounded). */
  async runAll(maxSteps = 20): Promise<void> {
    await settle();
    for (let i = 0; i < maxSteps && this.pending.size > 0; i++) await this.step();
  }
}

/** A gate: a request waits at it until `release()`. */
interface Gate {
  name: CommandName;
  release: () => void;
  reached: Promise<void>;
}

/**
 * Wraps a transport to control what the client sees: hold a command's answer, lose an answer
 * after the backend handled it, drop, pause or inject events, and change the connection state.
 */
export class ControlledTransport implements Transport {
  /** Every command sent, in order. */
  readonly requests: CommandName[] = [];
  /** Events the wrapper did not pass on (dropped or paused). */
  readonly withheld: unknown[] = [];
  /** Events passed on to the client, as received. */
  readonly passed: unknown[] = [];
  /** Return false to drop a pushed event. */
  eventFilter: ((payload: unknown) => boolean) | null = null;
  private paused = false;
  private listener: TransportListener | null = null;
  private readonly gates: Gate[] = [];
  private readonly loseAnswers = new Map<CommandName, number>();
  private readonly failing = new Map<CommandName, number>();

  constructor(readonly inner: Transport) {}

  /** The next request of `name` waits (before reaching the backend) until the gate is released. */
  hold(name: CommandName): Gate {
    let release!: () => void;
    let reached!: () => void;
    const open = new Promise<void>((r) => (release = r));
    const reachedP = new Promise<void>((r) => (reached = r));
    const gate: Gate & { open: Promise<void>; arrive: () => void } = { name, release, reached: reachedP, open, arrive: reached };
    this.gates.push(gate);
    return gate;
  }

  /** The next `count` requests of `name` never reach the backend: they fail as unreachable (`unavailable`). */
  failNext(name: CommandName, count = 1): void {
    this.failing.set(name, (this.failing.get(name) ?? 0) + count);
  }

  /** The next `count` requests of `name` reach the backend, but their answers are lost (`unavailable`). */
  loseAnswer(name: CommandName, count = 1): void {
    this.loseAnswers.set(name, (this.loseAnswers.get(name) ?? 0) + count);
  }

  async request<K extends CommandName>(name: K, input: CommandInput<K>, opts?: { signal?: AbortSignal }): Promise<unknown> {
    this.requests.push(name);
    const i = this.gates.findIndex((g) => g.name === name);
    if (i >= 0) {
      const gate = this.gates.splice(i, 1)[0] as Gate & { open: Promise<void>; arrive: () => void };
      gate.arrive();
      await gate.open;
    }
    const fail = this.failing.get(name) ?? 0;
    if (fail > 0) {
      this.failing.set(name, fail - 1);
      throw new ChatCommandError('unavailable', 'The server cannot be reached.');
    }
    const answer = await this.inner.request(name, input, opts);
    const lose = this.loseAnswers.get(name) ?? 0;
    if (lose > 0) {
      this.loseAnswers.set(name, lose - 1);
      throw new ChatCommandError('unavailable', 'The connection dropped before the answer arrived.');
    }
    return answer;
  }

  upload(dialogId: Id, file: Blob, name: string, opts?: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal }): Promise<unknown> {
    return this.inner.upload(dialogId, file, name, opts);
  }

  connect(listener: TransportListener): () => void {
    this.listener = listener;
    const off = this.inner.connect({
      event: (payload) => {
        if (this.paused || (this.eventFilter && !this.eventFilter(payload))) {
          this.withheld.push(payload);
          return;
        }
        this.passed.push(payload);
        listener.event(payload);
      },
      state: (state, head) => listener.state(state, head),
    });
    return () => {
      off();
      this.listener = null;
    };
  }

  /** Pushes a payload to the client as if the server sent it. */
  inject(payload: unknown): void {
    this.listener?.event(payload);
  }

  /** Simulates a dropped connection: events are lost until {@link reconnect}. */
  disconnect(): void {
    this.paused = true;
    this.listener?.state('offline');
  }

  /** The connection is back: the client is told it is online (and catches up by itself). */
  reconnect(): void {
    this.paused = false;
    this.listener?.state('connecting');
    this.listener?.state('online');
  }
}

/** The demo time the test seed is built at. */
export const TEST_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

let cachedSeed: SeedData | null = null;
/** The seed shared by tests (20 dialogs: the 17 well-known ones and 3 more). Storage clones it. */
export function testSeed(): SeedData {
  cachedSeed ??= createSeed({ dialogs: 20, now: TEST_NOW });
  return cachedSeed;
}

/** Options of {@link createTestBackend}. */
export interface TestBackendOptions {
  /** Changes a copy of the seed before the core loads it. */
  seed?: (data: SeedData) => SeedData | void;
  /** Events kept per operator (default 5000). */
  eventLimit?: number;
  /** The storage to seed and use (default a new {@link MemoryStorage}). */
  storage?: MemoryStorage;
  /** The core's clock (default: from {@link TEST_NOW}, 1 s later at each reading). */
  now?: () => number;
}

/** A seeded in-process backend with a manual scheduler and a clock that moves 1 s per reading. */
export interface TestBackend extends InProcessBackend {
  core: ChatCore;
  storage: MemoryStorage;
  scheduler: ManualScheduler;
  /** A started client for `operatorId`, over a {@link ControlledTransport}. */
  client(operatorId: Id, options?: Partial<ChatClientOptions>): Promise<{ client: ChatClient; transport: ControlledTransport }>;
  /** Stops every client created and disposes the core. */
  dispose(): void;
}

/**
 * Wraps a storage so that, inside its transactions, the `skip + 1`-th call of `method` throws
 * (a disk or database failing midway through a command). `armed` turns it on and off.
 */
export function failingStorage<S extends Storage>(storage: S, method: keyof Storage, skip = 0): S & { armed: boolean; failures: number } {
  let calls = 0;
  const state = { armed: true, failures: 0 };
  const wrapView = (view: Storage): Storage =>
    new Proxy(view, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === method && state.armed) {
          return (...args: unknown[]) => {
            if (calls++ === skip) {
              state.failures++;
              return Promise.reject(new Error(`injected failure in ${String(method)}`));
            }
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === 'armed') return state.armed;
      if (prop === 'failures') return state.failures;
      if (prop === 'transaction') {
        return <T>(fn: (tx: Storage) => Promise<T>) => {
          calls = 0;
          return target.transaction((tx) => fn(wrapView(tx)));
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(target, prop, value) {
      if (prop === 'armed') {
        state.armed = value as boolean;
        return true;
      }
      return Reflect.set(target, prop, value);
    },
  }) as S & { armed: boolean; failures: number };
}

/** Creates a {@link TestBackend}. */
export async function createTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const scheduler = new ManualScheduler();
  const storage = options.storage ?? new MemoryStorage(options.eventLimit);
  let clock = TEST_NOW;
  const seed = () => {
    if (!options.seed) return testSeed();
    const copy = structuredClone(testSeed());
    return options.seed(copy) ?? copy;
  };
  const backend = await createInProcessBackend(seed, { storage, scheduler: scheduler.scheduler, now: options.now ?? (() => (clock += 1000)) });
  const clients: ChatClient[] = [];
  return {
    ...backend,
    storage,
    scheduler,
    async client(operatorId, clientOptions = {}) {
      const transport = new ControlledTransport(backend.transport(operatorId));
      const client = createChatClient({ transport, ...clientOptions });
      clients.push(client);
      await client.start();
      await settle();
      return { client, transport };
    },
    dispose() {
      for (const c of clients) c.stop();
      backend.core.dispose();
    },
  };
}
