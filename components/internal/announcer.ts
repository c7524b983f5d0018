/**
 * A polite live region as a reactive controller: {@link LiveAnnouncer.say} (the same text twice is
 * announced twice), {@link LiveAnnouncer.later} (said after a pause, replacing what waited), and
 * {@link LiveAnnouncer.tally} (counts added up and said at most once per interval, no flood).
 * The host renders {@link LiveAnnouncer.render} once.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export class LiveAnnouncer implements ReactiveController {
  /** What the region says now. */
  text = '';
  private laterTimer: ReturnType<typeof setTimeout> | undefined;
  private tallyTimer: ReturnType<typeof setTimeout> | undefined;
  private counts: Record<string, number> = {};

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.laterTimer);
    clearTimeout(this.tallyTimer);
    this.tallyTimer = undefined;
    this.counts = {};
  }

  /** Says `text` (cleared first: re-setting the same text would not be announced again). */
  say(text: string): void {
    this.text = '';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      this.text = text;
      this.host.requestUpdate();
    });
  }

  /** Says `text()` after `ms`, unless another `later` comes first. */
  later(ms: number, text: () => string): void {
    clearTimeout(this.laterTimer);
    this.laterTimer = setTimeout(() => this.say(text()), ms);
  }

  /** Adds `counts`; at most once per `ms`, says `phrase(totals)` (nothing when it is empty) and starts again from zero. */
  tally(counts: Record<string, number>, ms: number, phrase: (totals: Readonly<Record<string, number>>) => string): void {
    for (const [k, n] of Object.entries(counts)) this.counts[k] = (this.counts[k] ?? 0) + n;
    if (this.tallyTimer) return;
    this.tallyTimer = setTimeout(() => {
      this.tallyTimer = undefined;
      const totals = this.counts;
      this.counts = {};
      const text = phrase(totals);
      if (text) this.say(text);
    }, ms);
  }

  /** The live region (`atomic`: read as a whole on every change). */
  render(atomic = true): TemplateResult {
    return atomic
      ? html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.text}</div>`
      : html`<div class="visually-hidden" role="status" aria-live="polite">${this.text}</div>`;
  }
}
