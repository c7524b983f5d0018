/**
 * Fault injection for tests (enabled with `CHATDESK_FAULTS=1`, off in the demo): drop every
 * socket, make sockets go silent, delay or fail the next N requests, or lose the answers of the
 * next N requests after they were carried out. Counts what it injected.
 */
import * as v from 'valibot';

/** What `POST /api/test/faults` accepts (every field optional). */
export const FaultRequestSchema = v.strictObject({
  /** Closes every operator socket abruptly now. */
  dropSockets: v.optional(v.boolean()),
  /** Every open operator socket stops sending anything (events, pongs) until it is closed. */
  stallSockets: v.optional(v.boolean()),
  /** The next N API requests answer `failStatus` (default 503) without being carried out. */
  failNext: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  failStatus: v.optional(v.picklist([500, 502, 503, 504])),
  /** The next N API requests wait `delayMs` before being carried out. */
  delayNext: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  delayMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))),
  /** The next N API requests are carried out, then their connection is cut before the answer. */
  loseNext: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
  /**
   * This instance's clock runs this many milliseconds off from now on (what the core stamps messages
   * with): instances whose clocks disagree. Not a pending fault: it stays until set again or cleared.
   */
  clockOffsetMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-86_400_000), v.maxValue(86_400_000))),
  /** Only requests whose path contains this (e.g. `/messages`) count for failNext/delayNext/loseNext. */
  match: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

/** Input of a fault request. */
export type FaultRequest = v.InferOutput<typeof FaultRequestSchema>;

/** Counters of injected faults. */
export interface FaultCounts {
  failed: number;
  delayed: number;
  lost: number;
  socketsDropped: number;
  socketsStalled: number;
}

/** The fault state of a server. */
export class Faults {
  failNext = 0;
  failStatus = 503;
  delayNext = 0;
  delayMs = 0;
  loseNext = 0;
  match = '';
  clockOffsetMs = 0;
  readonly counts: FaultCounts = { failed: 0, delayed: 0, lost: 0, socketsDropped: 0, socketsStalled: 0 };

  constructor(readonly enabled: boolean) {}

  /** Applies a request's settings (socket actions are carried out by the caller). */
  set(r: FaultRequest): void {
    if (r.failNext !== undefined) this.failNext = r.failNext;
    if (r.failStatus !== undefined) this.failStatus = r.failStatus;
    if (r.delayNext !== undefined) this.delayNext = r.delayNext;
    if (r.delayMs !== undefined) this.delayMs = r.delayMs;
    if (r.loseNext !== undefined) this.loseNext = r.loseNext;
    if (r.match !== undefined) this.match = r.match;
    if (r.clockOffsetMs !== undefined && this.enabled) this.clockOffsetMs = r.clockOffsetMs;
  }

  /** The instance's clock: `Date.now()` moved by {@link clockOffsetMs}. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Clears pending faults (counts stay). */
  clear(): void {
    this.failNext = this.delayNext = this.loseNext = this.delayMs = this.clockOffsetMs = 0;
    this.failStatus = 503;
    this.match = '';
  }

  /** What to do with a request to `path`; consumes one pending fault of each kind that applies. */
  take(path: string): { fail: number | null; delay: number; lose: boolean } {
    if (!this.enabled || (this.match && !path.includes(this.match))) return { fail: null, delay: 0, lose: false };
    let fail: number | null = null;
    let delay = 0;
    let lose = false;
    if (this.failNext > 0) {
      this.failNext--;
      this.counts.failed++;
      fail = this.failStatus;
    } else {
      if (this.delayNext > 0) {
        this.delayNext--;
        this.counts.delayed++;
        delay = this.delayMs;
      }
      if (this.loseNext > 0) {
        this.loseNext--;
        this.counts.lost++;
        lose = true;
      }
    }
    return { fail, delay, lose };
  }

  /** The state as the fault endpoint answers it. */
  snapshot() {
    return {
      pending: {
        failNext: this.failNext,
        failStatus: this.failStatus,
        delayNext: this.delayNext,
        delayMs: this.delayMs,
        loseNext: this.loseNext,
        match: this.match,
        clockOffsetMs: this.clockOffsetMs,
      },
      counts: { ...this.counts },
    };
  }
}
