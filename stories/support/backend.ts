/**
 * The backend behind every story: the real `server/core` in-process over memory storage, seeded
 * with the shared demo data. `.storybook/preview.ts` creates one per story through a global
 * loader (role from the toolbar) and wraps every story in `<chat-provider>`; stories read it as
 * `context.loaded.client` / `context.loaded.backend`.
 */
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import type { ChatCoreOptions } from '../../server/core/core.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { SeedData } from '../../server/core/storage.js';

export { SEED_IDS };

/** The toolbar's role global. */
export type StoryRole = 'administrator' | 'operator';

/** What a story gets. */
export interface StoryBackend {
  backend: InProcessBackend;
  client: ChatClient;
  /** The data the backend started from (stories pick their examples from it). */
  data?: SeedData;
}

/** Options of {@link createStoryBackend}. */
export interface StoryBackendOptions {
  role?: StoryRole;
  /** Sign in as this operator (overrides `role`). */
  operatorId?: Id;
  /** Changes the seed before the core loads it (e.g. no tags, no bots, no time limit). */
  seed?: (data: SeedData) => SeedData;
  seedOptions?: Parameters<typeof createSeed>[0];
  core?: ChatCoreOptions;
  /** Delay of each request, to show loading states. */
  latencyMs?: number;
  /** Start the client (bootstrap) before rendering; default true. */
  start?: boolean;
}

/**
 * Demo data already generated in this page, by seed options. Generating the 300 dialogs is the
 * slow part of a story's start; the storage copies what it loads, so one copy serves every story
 * (a transforming `seed` option gets its own deep copy). Regenerated after 10 minutes, so the
 * "waiting for N minutes" of the data stays close to what the seed describes.
 */
const seedCache = new Map<string, { at: number; data: SeedData }>();
const SEED_TTL_MS = 10 * 60_000;

function cachedSeed(seedOptions: StoryBackendOptions['seedOptions']): SeedData {
  const key = JSON.stringify(seedOptions ?? {});
  const hit = seedCache.get(key);
  if (hit && Date.now() - hit.at < SEED_TTL_MS) return hit.data;
  const data = createSeed(seedOptions);
  if (seedCache.size >= 8) seedCache.clear();
  seedCache.set(key, { at: Date.now(), data });
  return data;
}

/** Creates an in-process backend and a started client for a story. */
export async function createStoryBackend(options: StoryBackendOptions = {}): Promise<StoryBackend> {
  const base = () => (options.seed ? structuredClone(cachedSeed(options.seedOptions)) : cachedSeed(options.seedOptions));
  const data = options.seed ? options.seed(base()) : base();
  const backend = await createInProcessBackend(() => data, options.core);
  const operatorId = options.operatorId ?? (options.role === 'operator' ? SEED_IDS.maria : SEED_IDS.admin);
  // The demo's few hundred dialogs fit in one list page: filters and sorts are then answered locally.
  const client = createChatClient({ transport: backend.transport(operatorId, { latencyMs: options.latencyMs ?? 0 }), listPageSize: 500 });
  if (options.start !== false) await client.start();
  return { backend, client, data };
}

const disposedBackends = new WeakSet<InProcessBackend>();

/**
 * Stops a story's client and its backend core (pending simulated deliveries, subscriptions).
 * Safe to call twice. `.storybook/preview.ts` calls it when the story that loaded it goes away.
 */
export function disposeStoryBackend(story: StoryBackend): void {
  disposedBackends.add(story.backend);
  story.client.stop();
  story.backend.core.dispose();
}

/** Whether {@link disposeStoryBackend} was called for this backend. */
export function isDisposed(story: StoryBackend): boolean {
  return disposedBackends.has(story.backend);
}

/** What a story loader gets: the story id and the toolbar globals. */
export interface StoryLoaderContext {
  id: string;
  globals: Record<string, unknown>;
}

const loaderCache = new Map<string, Promise<StoryBackend>>();

/**
 * A story-level loader with its own backend (other data, another operator, latency...): use it
 * as `loaders: [storyBackend({ seed: ... })]`. Unlike calling {@link createStoryBackend} in a
 * loader, the backend is made once per story and role: re-renders for a control, the theme or
 * the language keep it, and so keep what the designer did in the story. The role defaults to
 * the toolbar's. `.storybook/preview.ts` disposes it when the story goes away.
 */
export function storyBackend(options: StoryBackendOptions | ((context: StoryLoaderContext) => StoryBackendOptions) = {}): (context: StoryLoaderContext) => Promise<StoryBackend> {
  return async (context) => {
    const opts = typeof options === 'function' ? options(context) : options;
    const role = opts.role ?? (context.globals['role'] === 'operator' ? 'operator' : 'administrator');
    const key = `${context.id}\u0000${role}\u0000${opts.operatorId ?? ''}`;
    const cached = loaderCache.get(key);
    if (cached) {
      const sb = await cached;
      if (!isDisposed(sb)) return { client: sb.client, backend: sb.backend, data: sb.data };
    }
    for (const k of loaderCache.keys()) if (k.startsWith(`${context.id}\u0000`)) loaderCache.delete(k);
    const made = createStoryBackend({ ...opts, role });
    loaderCache.set(key, made);
    const sb = await made;
    return { client: sb.client, backend: sb.backend, data: sb.data };
  };
}
