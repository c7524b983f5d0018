/**
 * Windowing for a list of fixed-height rows (`<dialog-list>`): which rows are on screen, from the
 * scroll position the last scroll event reported, never from a layout read after a render. The
 * row height and the viewport's height are measured by a ResizeObserver; scroll writes wait for
 * the render that makes the canvas tall enough. (Rows of different heights: `windowing.ts`.)
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Options of {@link FixedRowWindow}. */
export interface FixedRowOptions {
  /** The scroll container, once rendered. */
  viewport(): HTMLElement | null | undefined;
  /** A rendered row, to measure the row height from. */
  sampleRow(viewport: HTMLElement): HTMLElement | null;
  /** Row height before one is measured (px). */
  defaultRowHeight: number;
  /** Rows drawn beyond each edge of the viewport. */
  overscan: number;
  /** Never more rows than this in the DOM. */
  maxRows: number;
}

export class FixedRowWindow implements ReactiveController {
  /** Height of the viewport (0 until measured). */
  viewportHeight = 0;
  /** Height of a row. */
  rowHeight: number;
  /** The viewport's scroll position, as the last scroll event said (never read after a render). */
  scrollPos = 0;
  /** A relative scroll change to apply after the next render (rows removed above). */
  scrollAdjust = 0;
  private pendingScroll: number | null = null;
  /** The bottom of the last row the last render drew (px). */
  private drawnBottom = 0;
  private resizer: ResizeObserver | undefined;
  private observed: HTMLElement | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: FixedRowOptions,
  ) {
    this.rowHeight = options.defaultRowHeight;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.resizer?.disconnect();
    this.resizer = undefined;
    this.observed = undefined;
  }

  hostUpdated(): void {
    const vp = this.options.viewport();
    if (!this.resizer && typeof ResizeObserver !== 'undefined') this.resizer = new ResizeObserver(() => this.measure());
    if (vp && this.resizer && vp !== this.observed) {
      if (this.observed) this.resizer.unobserve(this.observed);
      this.resizer.observe(vp);
      this.observed = vp;
    }
    // Without ResizeObserver (very old engines), measure here.
    if (vp && !this.resizer && this.viewportHeight === 0) this.measure();
    // Only writes here: reading layout after a render would force it (the scroll event that
    // follows a write says where the viewport really went).
    if (vp && this.scrollAdjust) {
      this.pendingScroll = Math.max(0, (this.pendingScroll ?? this.scrollPos) + this.scrollAdjust);
      this.scrollAdjust = 0;
    }
    if (vp && this.pendingScroll !== null) {
      vp.scrollTop = this.pendingScroll;
      this.scrollPos = this.pendingScroll;
      this.pendingScroll = null;
    }
  }

  private measure(): void {
    const vp = this.options.viewport();
    if (!vp) return;
    let changed = false;
    const h = vp.clientHeight;
    if (h !== this.viewportHeight) {
      // A viewport whose new height still shows only rows already drawn (a bar appeared or went
      // above it, within the rows drawn past the edge) needs no second render in that frame.
      if (this.scrollPos + h > this.drawnBottom) changed = true;
      this.viewportHeight = h;
    }
    const rh = this.options.sampleRow(vp)?.offsetHeight;
    if (rh && rh !== this.rowHeight) {
      this.rowHeight = rh;
      changed = true;
    }
    if (changed) this.host.requestUpdate();
  }

  /** The viewport's height, or eight rows before it is measured. */
  get screen(): number {
    return this.viewportHeight || this.rowHeight * 8;
  }

  /** The index just past the last row on screen. */
  get lastOnScreen(): number {
    return Math.ceil((this.scrollPos + this.screen) / this.rowHeight);
  }

  /** Rows one Page Up / Page Down moves. */
  get page(): number {
    return Math.max(1, Math.floor((this.viewportHeight || this.rowHeight) / this.rowHeight) - 1);
  }

  /**
   * From the scroll event: records the position; returns the first row on screen (the host
   * keeps it as state, so a scroll renders only when it changes, never for every pixel).
   */
  scrolled(scrollTop: number): number {
    this.scrollPos = scrollTop;
    return Math.floor(this.scrollPos / this.rowHeight);
  }

  /** Scrolls (after the next render) so that row `index` is on screen; returns the new first row, or null when already there. */
  scrollIntoRange(index: number): number | null {
    const h = this.rowHeight;
    const vh = this.viewportHeight || this.options.viewport()?.clientHeight || 0;
    const top = index * h;
    let next = this.scrollPos;
    if (top < next) next = top;
    else if (top + h > next + vh) next = top + h - vh;
    if (next !== this.scrollPos) {
      // Written after the render that makes the canvas tall enough (never read back).
      this.pendingScroll = next;
      this.scrollPos = next;
      this.host.requestUpdate();
      return Math.floor(next / h);
    }
    return null;
  }

  /** Back to the top now (the host asked for the list from its start). */
  scrollToTop(): void {
    const vp = this.options.viewport();
    if (vp) vp.scrollTop = 0;
    this.scrollPos = 0;
  }

  /** The rows to draw out of `count`: first and last index (both -1 when none). */
  range(count: number): { first: number; last: number } {
    const h = this.rowHeight;
    let first = Math.max(0, Math.floor(this.scrollPos / h) - this.options.overscan);
    let last = Math.min(count - 1, Math.ceil((this.scrollPos + this.screen) / h) + this.options.overscan - 1);
    if (last - first + 1 > this.options.maxRows) last = first + this.options.maxRows - 1;
    if (first > last) first = last = -1;
    this.drawnBottom = (last + 1) * h;
    return { first, last };
  }
}
