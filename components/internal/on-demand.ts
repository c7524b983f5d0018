/**
 * A part of an element (a window and its controller) loaded on first use through a plain `import()`,
 * so the build emits it as its own chunk and a page pays for it only when the window first opens.
 *
 * {@link OnDemand.use} runs an action on the part, loading it first when needed. While the chunk is
 * on its way the host shows nothing for one frame, then {@link OnDemand.renderState} shows a busy
 * line; a failed load shows why and a "Retry" button that loads it again ({@link retryingImport})
 * and runs the last action.
 */
import { html, nothing, type CSSResult, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

import { holdLoads, retryingImport } from './retrying-import.js';

export { failedModuleUrl, retryingImport } from './retrying-import.js';

/** Every chunk's loader, for {@link holdParts}. */
const chunks = new Set<OnDemandChunk<unknown>>();

/**
 * A window's content in a chunk of its own, loaded the first time an element asks for it: one
 * download for the page (every element renders it once it is there), and for each element whether
 * its last request failed (its window then says why, with "Retry", which requests again).
 */
export class OnDemandChunk<M> {
  /** The chunk's module, once loaded. */
  value: M | null = null;
  private readonly failures = new WeakSet<object>();
  private readonly load: () => Promise<M>;

  /** `first`: the plain `import('./x.js')` (see {@link retryingImport}). */
  constructor(first: () => Promise<M>) {
    this.load = retryingImport(first);
    chunks.add(this);
  }

  /** Loads the chunk with no element waiting for it (at once when the page has it). */
  async get(): Promise<M> {
    return (this.value = await this.load());
  }

  /** Whether `host`'s last request failed. */
  failed(host: object): boolean {
    return this.failures.has(host);
  }

  /** Loads the chunk for `host` (at once when the page has it); `host` re-renders when it ended. */
  async request(host: ReactiveControllerHost): Promise<void> {
    this.failures.delete(host);
    try {
      this.value = await this.load();
    } catch {
      this.failures.add(host);
    } finally {
      host.requestUpdate();
    }
  }
}

/**
 * For stories and tests: until the function it answers is called, every part loaded on demand
 * (and every shipped locale) is on its way (`'loading'`: the busy line shows) or fails to download
 * (`'failed'`: why, and "Retry"), as on a slow or lost connection, even one the page loaded before.
 * Releasing a `'loading'` hold lets the loads go on.
 * @internal
 */
export function holdParts(how: 'loading' | 'failed'): () => void {
  const kept = [...chunks].map((chunk) => [chunk, chunk.value] as const);
  for (const chunk of chunks) chunk.value = null;
  const release = holdLoads(how);
  return () => {
    release();
    for (const [chunk, value] of kept) chunk.value ??= value;
  };
}

/**
 * Adds a chunk's styles to the host's shadow root (after the element's own), once per root: an
 * on-demand window brings its CSS with it.
 */
export function adoptChunkStyles(host: { renderRoot: HTMLElement | DocumentFragment }, styles: CSSResult): void {
  const root = host.renderRoot;
  if (!(root instanceof ShadowRoot)) return;
  const sheet = styles.styleSheet;
  if (sheet) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  // No constructable style sheets: a <style> beside what lit renders.
  const style = document.createElement('style');
  style.textContent = styles.cssText;
  root.append(style);
}

/** The strings the pending and failed states show (through the host's localization layer). */
export interface OnDemandText {
  /** The busy line while the chunk is loading. */
  loading: string;
  /** Why the window did not open. */
  failed: string;
  /** The button that tries again. */
  retry: string;
}

/** A window's controller loaded on demand (`T`: its controller, which can close its window). */
export class OnDemand<T extends { close(): void }> {
  /** The part, once loaded. */
  value: T | null = null;
  /** `slow`: still loading after a frame (the busy line shows); `failed`: the last load failed. */
  phase: 'idle' | 'loading' | 'slow' | 'failed' = 'idle';
  private pending: Promise<T | null> | null = null;
  private last: ((part: T) => unknown) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<T>,
  ) {}

  /** The part, loading it when needed; `null` when the load failed (the host shows why). */
  get(): Promise<T | null> {
    if (this.value) return Promise.resolve(this.value);
    this.pending ??= this.start();
    return this.pending;
  }

  /** Runs `action` on the part once it is there (at once when it is loaded already); remembered for "Retry". */
  async use(action: (part: T) => unknown): Promise<void> {
    this.last = action;
    const part = await this.get();
    if (part && this.last === action) {
      this.last = null;
      await action(part);
    }
  }

  /** Closes the window and forgets a failure or a pending action (the host's content changed under it). */
  reset(): void {
    this.last = null;
    this.value?.close();
    if (this.phase === 'failed') {
      this.phase = 'idle';
      this.host.requestUpdate();
    }
  }

  private async start(): Promise<T | null> {
    this.phase = 'loading';
    this.host.requestUpdate();
    const frame = requestAnimationFrame(() => {
      if (this.phase !== 'loading') return;
      this.phase = 'slow';
      this.host.requestUpdate();
    });
    try {
      this.value = await this.load();
      this.phase = 'idle';
      return this.value;
    } catch {
      this.phase = 'failed';
      return null;
    } finally {
      cancelAnimationFrame(frame);
      this.pending = null;
      this.host.requestUpdate();
    }
  }

  /** The busy line or the failure with its "Retry" button; nothing otherwise. */
  renderState(text: OnDemandText): TemplateResult | typeof nothing {
    if (this.phase === 'slow') return html`<p class="on-demand" role="status" aria-busy="true" part="on-demand">${text.loading}</p>`;
    if (this.phase !== 'failed') return nothing;
    const retry = () => {
      const action = this.last;
      if (action) void this.use(action);
      else void this.get();
    };
    return html`<div class="on-demand" role="alert" part="on-demand">
      <span>${text.failed}</span> <button type="button" class="button" @click=${retry}>${text.retry}</button>
    </div>`;
  }
}

// Code that only on-demand parts use lives here, in the element's own bundle (this module is part of
// every element's first paint): a part's chunk imports nothing from another part's chunk, since a
// chunk loaded from a retry's address cannot make a static import of another chunk's first address
// (kept failed by the browser) load again. The build checks it (rollup.config.js).

/**
 * A native `<dialog>` opened with `showModal()` and focus returned to what opened it (the
 * conventions' rule for confirmations and windows). The host renders the `<dialog>` and calls
 * {@link ModalController.closed} from its `close` event; the controller remembers the trigger.
 */
export class ModalController implements ReactiveController {
  private trigger: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The rendered `<dialog>`, if any. */
    private readonly dialog: () => HTMLDialogElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.trigger = null;
  }

  /** Whether the dialog is open. */
  get open(): boolean {
    return !!this.dialog()?.open;
  }

  /**
   * Shows the dialog (after the host's pending render, so its content is there). `trigger` gets
   * focus back on close; `undefined` keeps the one remembered by an earlier call.
   */
  async show(trigger?: HTMLElement | null): Promise<void> {
    if (trigger !== undefined) this.trigger = trigger;
    await this.host.updateComplete;
    const dlg = this.dialog();
    if (dlg && !dlg.open) dlg.showModal();
  }

  /** Closes the dialog (its `close` event follows). */
  async hide(): Promise<void> {
    await this.host.updateComplete;
    const dlg = this.dialog();
    if (dlg?.open) dlg.close();
  }

  /**
   * Call from the dialog's `close` event: after the host rendered, focus goes back to the trigger
   * when it is still there and not inert, else `fallback` runs.
   */
  closed(fallback?: () => void): void {
    const back = this.trigger;
    this.trigger = null;
    void this.host.updateComplete.then(() => {
      if (back?.isConnected && !back.closest('[inert]')) back.focus();
      else fallback?.();
    });
  }
}
