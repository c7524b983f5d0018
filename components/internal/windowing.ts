/**
 * A small windowing controller for long scrolling lists with rows of different heights (the
 * message feed of `<chat-window>`; written so `<dialog-list>` could use it too). The DOM holds
 * the rows in view plus a few on each side; the rest is a sizer of the estimated total height.
 *
 * - Heights: each row starts with an estimate and is measured by a ResizeObserver (never by a
 *   layout read), so nothing forces layout per frame. A row measured above the fold moves the
 *   scroll position by its change, so what is on screen does not move.
 * - Anchoring: when the rows change at either edge (older rows prepended, a window trimmed), the
 *   row at the top of the viewport keeps its offset from the viewport's top.
 * - The end: `isAtEnd()`, `scrollToEnd()`; at the end, a row that grows keeps the list at the
 *   end. `scrollToIndex()` aligns a row (centre, start or end) and keeps it there while the rows
 *   around it are measured.
 *
 * The host renders {@link items} inside an element given to {@link sizer} (which gets the total
 * height) and a child of it given to {@link shift} (moved down to the first item's start); every
 * row carries `data-index` and the {@link measure} ref.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A row in the window. */
export interface WindowItem {
  index: number;
  key: string;
  start: number;
}

/** What the host tells the window about its rows. */
export interface WindowRows {
  count: number;
  keyOf(index: number): string;
  /** The height to assume before a row is measured (px). */
  estimate(index: number): number;
}

/** Options of a {@link WindowController}. */
export interface WindowOptions {
  /** Rows drawn beyond each edge of the viewport. */
  overscan?: number;
  /** Distance from the end (px) within which a growing row keeps the list at the end. */
  endThreshold?: number;
  /** Called after the operator scrolled or rows were measured (position, end, direction may have changed). */
  onChange?(): void;
}

export class WindowController implements ReactiveController {
  /** The scroll container. */
  scroller: HTMLElement | null = null;
  /** Whether the operator is scrolling (a scroll event less than 150 ms ago). */
  scrolling = false;
  /** The direction of the last scroll: towards the start, the end, or none. */
  direction: 'backward' | 'forward' | null = null;

  private rows: WindowRows = { count: 0, keyOf: String, estimate: () => 0 };
  private readonly sizes = new Map<string, number>();
  private starts: number[] = [0];
  private dirty = false;
  private top = 0;
  private viewport = 0;
  /** A scroll position to write after the next update (the sizer grown first). */
  private pending: number | null = null;
  /** The position written last, until its scroll event arrives (to tell ours from the operator's). */
  private written: number | null = null;
  private target: { index: number; align: 'start' | 'center' | 'end' } | 'end' | null = null;
  private targetUntil = 0;
  private memo: { from: number; to: number; version: number; items: WindowItem[] } | null = null;
  private version = 0;
  private renderFrame = 0;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  private observer: ResizeObserver | null = null;
  private readonly observed = new Set<Element>();
  private readonly keys = new WeakMap<Element, string>();
  private listening: HTMLElement | null = null;
  private sizerEl: HTMLElement | null = null;
  private shiftEl: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: WindowOptions = {},
  ) {
    host.addController(this);
  }

  /** Ref for the element whose height is the total. */
  readonly sizer = (el: Element | undefined): void => {
    this.sizerEl = (el as HTMLElement | undefined) ?? null;
  };

  /** Ref for the element that holds the rendered rows (moved down to the first one's start). */
  readonly shift = (el: Element | undefined): void => {
    this.shiftEl = (el as HTMLElement | undefined) ?? null;
  };

  /** Ref for every row (with `data-index`): measured while it is in the document. */
  readonly measure = (el: Element | undefined): void => {
    if (!el || this.observed.has(el)) return;
    const index = Number((el as HTMLElement).dataset['index']);
    if (!(index >= 0 && index < this.rows.count)) return;
    this.keys.set(el, this.rows.keyOf(index));
    this.observed.add(el);
    this.observer?.observe(el, { box: 'border-box' });
  };

  /**
   * Gives the window new rows. When the first or last key changed (rows prepended, appended or
   * trimmed), the row at the top of the viewport keeps its place on screen.
   */
  setRows(rows: WindowRows): void {
    const prev = this.rows;
    const edges = prev.count > 0 && (rows.count !== prev.count || rows.keyOf(0) !== prev.keyOf(0) || rows.keyOf(rows.count - 1) !== prev.keyOf(prev.count - 1));
    let anchor: { key: string; delta: number } | null = null;
    if (edges && this.scroller) {
      const i = this.indexAt(this.top);
      anchor = { key: prev.keyOf(i), delta: this.top - this.startOf(i) };
    }
    this.rows = rows;
    this.version++;
    this.dirty = true;
    if (this.sizes.size > 20_000) this.sizes.clear();
    if (anchor) {
      for (let i = 0; i < rows.count; i++) {
        if (rows.keyOf(i) === anchor.key) {
          this.scrollTo(this.startOf(i) + anchor.delta);
          break;
        }
      }
    }
  }

  /** Forgets measured heights and goes back to the top (a different list). */
  reset(): void {
    this.sizes.clear();
    this.target = null;
    this.top = 0;
    this.pending = 0;
    this.dirty = true;
    this.version++;
  }

  /** The rows to render (the same array while the range and the rows stay the same). */
  items(): WindowItem[] {
    const { count } = this.rows;
    if (count === 0) return [];
    const overscan = this.options.overscan ?? 6;
    const from = Math.max(0, this.indexAt(this.top) - overscan);
    const to = Math.min(count - 1, this.indexAt(this.top + this.viewport) + overscan);
    const m = this.memo;
    if (m && m.from === from && m.to === to && m.version === this.version) return m.items;
    const items: WindowItem[] = [];
    for (let i = from; i <= to; i++) items.push({ index: i, key: this.rows.keyOf(i), start: this.startOf(i) });
    this.memo = { from, to, version: this.version, items };
    return items;
  }

  /** The scroll position (px), including one written but not yet reported by a scroll event. */
  get offset(): number {
    return this.top;
  }

  /** The height of every row together (px). */
  totalSize(): number {
    this.layout();
    return this.starts[this.rows.count] ?? 0;
  }

  /** Whether the viewport's bottom is within `threshold` px of the end. */
  isAtEnd(threshold = 0): boolean {
    return this.totalSize() - this.top - this.viewport <= threshold;
  }

  /** Scrolls to the end, and keeps there while the last rows are measured. */
  scrollToEnd(): void {
    this.aim('end');
  }

  /** Scrolls a row into view, aligned as asked, and keeps it there while the rows around it are measured. */
  scrollToIndex(index: number, { align = 'start' }: { align?: 'start' | 'center' | 'end' } = {}): void {
    this.aim({ index, align });
  }

  private aim(target: NonNullable<WindowController['target']>): void {
    this.target = target;
    this.targetUntil = performance.now() + 1000;
    this.scrollTo(this.targetOffset(target));
    // Written now (the sizer is current); the rows of the new range render right after.
    this.apply();
    queueMicrotask(() => this.rangeMayHaveChanged());
  }

  private targetOffset(target: NonNullable<WindowController['target']>): number {
    const max = Math.max(0, this.totalSize() - this.viewport);
    if (target === 'end') return max;
    const i = Math.min(Math.max(0, target.index), this.rows.count - 1);
    const start = this.startOf(i);
    const size = this.sizeOf(i);
    const offset = target.align === 'start' ? start : target.align === 'end' ? start + size - this.viewport : start + size / 2 - this.viewport / 2;
    return Math.min(max, Math.max(0, offset));
  }

  /** Moves the viewport to `offset` (written to the scroller now, or after the next update when the sizer must grow first). */
  private scrollTo(offset: number): void {
    offset = Math.max(0, Math.round(offset));
    if (offset === this.top && this.pending === null) return;
    this.top = offset;
    this.pending = offset;
  }

  // ------------------------------------------------------------------ geometry

  private sizeOf(i: number): number {
    return this.sizes.get(this.rows.keyOf(i)) ?? this.rows.estimate(i);
  }

  private startOf(i: number): number {
    this.layout();
    return this.starts[i] ?? 0;
  }

  private layout(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const { count } = this.rows;
    const starts = new Array<number>(count + 1);
    let y = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = y;
      y += this.sizeOf(i);
    }
    starts[count] = y;
    this.starts = starts;
  }

  /** The index of the row at `offset` (binary search over the starts). */
  private indexAt(offset: number): number {
    this.layout();
    const { count } = this.rows;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  // ------------------------------------------------------------------ DOM

  private readonly onScroll = (): void => {
    const s = this.scroller;
    if (!s) return;
    const top = s.scrollTop;
    if (top === this.top) return;
    // A scroll that is not ours: the operator took over.
    if (this.written === null || Math.abs(top - this.written) > 1) this.target = null;
    this.written = null;
    this.direction = top < this.top ? 'backward' : 'forward';
    this.top = top;
    this.scrolling = true;
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => {
      this.scrolling = false;
      this.direction = null;
    }, 150);
    this.rangeMayHaveChanged();
    this.options.onChange?.();
  };

  private rangeMayHaveChanged(): void {
    const m = this.memo;
    if (!m || this.items() !== m.items) this.host.requestUpdate();
  }

  /** Applies what the ResizeObserver measured: rows above the fold move the viewport by their change. */
  private readonly onResize = (entries: ResizeObserverEntry[]): void => {
    let adjust = 0;
    let changed = false;
    const atEnd = this.target === null && this.isAtEnd(this.options.endThreshold ?? 2);
    for (const entry of entries) {
      const el = entry.target;
      if (el === this.scroller) {
        const h = (el as HTMLElement).clientHeight;
        if (h !== this.viewport) {
          this.viewport = h;
          changed = true;
        }
        continue;
      }
      const key = this.keys.get(el);
      const size = entry.borderBoxSize[0]?.blockSize;
      if (key === undefined || !el.isConnected || !size) continue;
      const index = Number((el as HTMLElement).dataset['index']);
      if (!(index >= 0 && index < this.rows.count) || this.rows.keyOf(index) !== key) continue;
      const known = this.sizes.get(key);
      const old = known ?? this.rows.estimate(index);
      this.sizes.set(key, size);
      if (size === old) continue;
      changed = true;
      const start = this.startOf(index);
      // First measurement: anything starting above the fold; later: only rows wholly above it,
      // and not while the operator scrolls up (the row grows under the eye, not above it).
      if (known === undefined ? start < this.top : start + old <= this.top && this.direction !== 'backward') adjust += size - old;
      this.dirty = true;
    }
    if (!changed) return;
    this.version++;
    if (this.target !== null && performance.now() > this.targetUntil) this.target = null;
    if (this.target !== null) this.scrollTo(this.targetOffset(this.target));
    else if (atEnd) this.scrollTo(this.targetOffset('end'));
    else if (adjust) this.scrollTo(this.top + adjust);
    this.apply();
    // New rows may now fit: render them next frame (rendering inside the observer's delivery
    // would make the browser report a ResizeObserver loop).
    this.renderNextFrame();
  };

  /** Renders (when the range changed) and tells the host next frame. */
  private renderNextFrame(): void {
    this.renderFrame ||= requestAnimationFrame(() => {
      this.renderFrame = 0;
      this.rangeMayHaveChanged();
      this.options.onChange?.();
    });
  }

  /** Writes the total height, the rows' offset and a pending scroll position. */
  private apply(): void {
    if (this.sizerEl) this.sizerEl.style.blockSize = `${this.totalSize()}px`;
    if (this.shiftEl) this.shiftEl.style.transform = `translateY(${this.memo?.items[0]?.start ?? 0}px)`;
    const s = this.scroller;
    if (s && this.pending !== null) {
      s.scrollTop = this.written = this.pending;
      this.pending = null;
    }
  }

  hostConnected(): void {
    this.observer ??= new ResizeObserver(this.onResize);
    for (const el of this.observed) this.observer.observe(el, { box: 'border-box' });
    if (this.listening) {
      this.listening.addEventListener('scroll', this.onScroll, { passive: true });
      this.observer.observe(this.listening);
    }
  }

  hostUpdated(): void {
    const s = this.scroller;
    if (s !== this.listening) {
      this.listening?.removeEventListener('scroll', this.onScroll);
      if (this.listening) this.observer?.unobserve(this.listening);
      this.listening = s;
      if (s) {
        s.addEventListener('scroll', this.onScroll, { passive: true });
        this.observer?.observe(s);
        // Once, when the list appears: its height before the observer reports it.
        this.viewport = s.clientHeight;
        this.renderNextFrame();
      }
    }
    for (const el of this.observed) {
      if (!el.isConnected) {
        this.observed.delete(el);
        this.observer?.unobserve(el);
      }
    }
    this.apply();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.listening?.removeEventListener('scroll', this.onScroll);
    cancelAnimationFrame(this.renderFrame);
    this.renderFrame = 0;
    clearTimeout(this.scrollTimer);
  }
}
