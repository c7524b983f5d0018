/**
 * A plain `import()` that can be tried again after a failed download, for the parts loaded on
 * demand (windows, see `on-demand.ts`) and the lazy locale chunks (`i18n.ts`). No dependencies:
 * every element's module may import it.
 */
/**
 * The address of the module a failed native `import()` names: Chromium says "Failed to fetch
 * dynamically imported module: <url>", Firefox "error loading dynamically imported module: <url>";
 * `null` for any other failure (Safari names no address; webpack's own chunk loader fails with a
 * ChunkLoadError and fetches the chunk again on the next `import()` by itself).
 */
export function failedModuleUrl(error: unknown): string | null {
  const found = error instanceof Error ? /dynamically imported module:?\s+(\S+)/i.exec(error.message) : null;
  if (!found) return null;
  try {
    return new URL(found[1]!).href;
  } catch {
    return null;
  }
}

/**
 * A loader of one on-demand chunk, shared by every element on the page: `first` is a plain
 * `import('./x.js')` (the one a bundler sees and rewrites: it stays the first attempt and every
 * later one). A browser may keep a failed module in the page's module map (the HTML standard lets
 * it; Chromium 156 fetches again, and so does webpack's loader), so calling `first` again after a
 * network failure could fail at once without a request; then the chunk is imported again from
 * the address the failure named with `?retry=<n>`, a new address that is fetched for real (its own
 * imports resolve to the modules the page already has). The loaded module is kept.
 */
export function retryingImport<M>(first: () => Promise<M>): () => Promise<M> {
  let loaded: Promise<M> | null = null;
  let failedUrl: string | null = null;
  let retries = 0;
  const load = async (): Promise<M> => {
    try {
      return await first();
    } catch (error) {
      const known = failedUrl;
      failedUrl ??= failedModuleUrl(error);
      // The first failure (or one that names no address) is the user's to retry.
      if (known === null) throw error;
      const url = new URL(known);
      url.searchParams.set('retry', String(++retries));
      return (await import(/* webpackIgnore: true */ /* @vite-ignore */ url.href)) as M;
    }
  };
  const get = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = null;
      throw error;
    }));
  return () => (held ? held.then(get) : get());
}

/** Set by {@link holdLoads}: every load waits for it first (then loads, or fails with it). */
let held: Promise<void> | null = null;

/**
 * For stories and tests (`holdParts` in `on-demand.ts`): until the function it answers is called,
 * every load through {@link retryingImport} stays on its way (`'loading'`) or fails as a lost
 * connection would (`'failed'`), loaded before or not.
 * @internal
 */
export function holdLoads(how: 'loading' | 'failed'): () => void {
  let release = (): void => undefined;
  const hold = how === 'failed' ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : new Promise<void>((resolve) => (release = resolve));
  hold.catch(() => undefined);
  held = hold;
  return () => {
    if (held === hold) held = null;
    release();
  };
}
