/**
 * An in-process {@link Transport} over the backend core: the same core as the reference server,
 * without a network. Used by Storybook, element tests and the SDK's own tests. Every payload is
 * copied through JSON both ways, as the network would.
 */
import type { Id } from '../../sdk/model.js';
import type { CommandInput, CommandName, Transport, TransportListener, UploadProgress } from '../../sdk/protocol.js';
import { ChatCore, type ChatCoreOptions } from './core.js';
import { MemoryStorage } from './memory-storage.js';
import type { SeedData, Storage } from './storage.js';

const json = <T>(v: T): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Options of {@link InProcessTransport}. */
export interface InProcessOptions {
  /** Added before each answer, to show loading states. */
  latencyMs?: number;
}

/** A transport that calls a {@link ChatCore} directly, as one operator. */
export class InProcessTransport implements Transport {
  constructor(
    readonly core: ChatCore,
    readonly operatorId: Id,
    private readonly options: InProcessOptions = {},
  ) {}

  private async delay(): Promise<void> {
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
  }

  async request<K extends CommandName>(name: K, input: CommandInput<K>, opts: { signal?: AbortSignal } = {}): Promise<unknown> {
    opts.signal?.throwIfAborted();
    await this.delay();
    // Aborted while "on the wire": the command never reaches the core.
    opts.signal?.throwIfAborted();
    return json(await this.core.handle(this.operatorId, name, json(input)));
  }

  async upload(dialogId: Id, file: Blob, name: string, opts: { onProgress?: (p: UploadProgress) => void } = {}): Promise<unknown> {
    opts.onProgress?.({ loaded: 0, total: file.size });
    await this.delay();
    const dims = await imageSize(file);
    const a = await this.core.upload(this.operatorId, dialogId, { name, type: file.type, data: file, ...dims });
    opts.onProgress?.({ loaded: file.size, total: file.size });
    return json(a);
  }

  connect(listener: TransportListener): () => void {
    listener.state('connecting');
    const off = this.core.subscribe(this.operatorId, (e) => listener.event(json(e)));
    queueMicrotask(() => listener.state('online'));
    return () => {
      off();
      listener.state('closed');
    };
  }
}

/** Width and height of an image blob where the platform can tell (browsers). */
async function imageSize(file: Blob): Promise<{ width?: number; height?: number }> {
  if (!file.type.startsWith('image/') || file.type === 'image/svg+xml' || typeof createImageBitmap !== 'function') return {};
  try {
    const bmp = await createImageBitmap(file);
    const r = { width: bmp.width, height: bmp.height };
    bmp.close();
    return r;
  } catch {
    return {};
  }
}

/** An in-process backend: a core over memory storage, seeded, and a transport per operator. */
export interface InProcessBackend {
  core: ChatCore;
  transport(operatorId: Id, options?: InProcessOptions): InProcessTransport;
}

/** Options of {@link createInProcessBackend}: the core's, plus the storage to use. */
export interface InProcessBackendOptions extends ChatCoreOptions {
  /** Storage to seed and use; default a new {@link MemoryStorage} (e.g. pass `new MemoryStorage(10)` to keep few events). */
  storage?: Storage;
}

/** Creates an in-process backend over memory storage (or the given storage) with the given seed. */
export async function createInProcessBackend(seed: () => SeedData, options: InProcessBackendOptions = {}): Promise<InProcessBackend> {
  const { storage = new MemoryStorage(), ...coreOptions } = options;
  const core = await ChatCore.create(storage, seed, coreOptions);
  return { core, transport: (operatorId, o) => new InProcessTransport(core, operatorId, o) };
}
