/**
 * The latest of overlapping async calls wins: each {@link LatestCall.run} supersedes the calls
 * before it, whose answers (or failures) are dropped. One place for the "ticket" counters that
 * guarded these races by hand (client-widget's layout and orders, the jump window's server search).
 */
export class LatestCall {
  private ticket = 0;

  /**
   * Runs `work` (in a microtask, so a synchronous throw is a failure too) and hands its answer to
   * `done`, or its error to `failed`, unless another `run` or {@link cancel} came meanwhile.
   */
  run<T>(work: () => Promise<T> | T, done: (value: T) => void, failed: (error: unknown) => void = () => undefined): void {
    const ticket = ++this.ticket;
    void Promise.resolve()
      .then(work)
      .then(
        (value) => {
          if (ticket === this.ticket) done(value);
        },
        (error: unknown) => {
          if (ticket === this.ticket) failed(error);
        },
      );
  }

  /** Drops the answer of the call in flight. */
  cancel(): void {
    this.ticket++;
  }
}
