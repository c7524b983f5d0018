/**
 * The baseline of `bench/lists.page.ts`: a windowed lit list of the same rows, in the same page
 * and run as `<dialog-list>`, so every figure of `bench/lists.ts` has a bare list's beside it.
 */
import { html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Dialog } from '../sdk/model.js';

/** Row height, px (both lists). */
export const ROW = 88;

/** The baseline: a windowed lit list of rows (name, preview), fixed heights, nothing else. */
@customElement('bare-list')
export class BareList extends LitElement {
  @property({ attribute: false }) rows: readonly Dialog[] = [];
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ type: Number }) total = 0;
  @state() private first = 0;

  private onScroll = (e: Event): void => {
    const f = Math.floor((e.target as HTMLElement).scrollTop / ROW);
    if (f !== this.first) this.first = f;
  };

  override render(): TemplateResult {
    const last = Math.min(this.rows.length, this.first + 12);
    const items: Array<{ d: Dialog; i: number }> = [];
    for (let i = Math.max(0, this.first - 3); i < last; i++) items.push({ d: this.rows[i]!, i });
    return html`<div style="height: 100%; overflow: auto; position: relative" @scroll=${this.onScroll}>
      <div style="height: ${Math.max(this.total, this.rows.length) * ROW}px; position: relative">
        ${repeat(
          items,
          (it) => it.d.id,
          (it) =>
            html`<div class="row" data-id=${it.d.id} data-index=${it.i} style="position: absolute; left: 0; right: 0; height: ${ROW}px; transform: translateY(${it.i * ROW}px)">
              <b>${this.names.get(it.d.clientId ?? '') ?? it.d.title}</b>
              <div>${it.d.lastMessage?.text ?? ''}</div>
            </div>`,
        )}
      </div>
    </div>`;
  }
}
