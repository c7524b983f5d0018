/**
 * The windowing controller (components/internal/windowing.ts) in real Chromium, on a small host
 * whose rows have known heights that differ from their estimates: only the rows in view are in
 * the DOM, prepending keeps the row under the eye still, the end is reached and kept while rows
 * are measured and grow, a row can be centred, and scrolling reads no layout.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, css } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import { WindowController } from './windowing.js';

interface Row {
  key: string;
  height: number;
}

class WindowHost extends LitElement {
  static override styles = css`
    .scroller {
      block-size: 400px;
      overflow-y: auto;
      overflow-anchor: none;
      contain: strict;
    }
    .sizer {
      position: relative;
    }
    .window {
      position: absolute;
      inset-block-start: 0;
      inset-inline: 0;
    }
  `;
  rows: Row[] = [];
  readonly win = new WindowController(this, { overscan: 2, endThreshold: 8 });

  setRows(rows: Row[]): void {
    this.rows = rows;
    // Every estimate is wrong on purpose (real heights are 30-150 px).
    this.win.setRows({ count: rows.length, keyOf: (i) => rows[i]!.key, estimate: () => 50 });
    this.requestUpdate();
  }

  override render() {
    const items = this.win.items();
    return html`<div class="scroller" role="list" aria-label="Rows" tabindex="0" ${ref((el) => (this.win.scroller = (el as HTMLElement | undefined) ?? null))}>
      <div class="sizer" ${ref(this.win.sizer)}>
        <div class="window" ${ref(this.win.shift)}>
          ${repeat(
            items,
            (it) => it.key,
            (it) => html`<div role="listitem" data-index=${it.index} data-key=${it.key} style="block-size:${this.rows[it.index]!.height}px" ${ref(this.win.measure)}>${it.key}</div>`,
          )}
        </div>
      </div>
    </div>`;
  }
}
customElements.define('window-host', WindowHost);

/** Heights 30-150 px, the same for a key every time. */
const makeRows = (from: number, to: number): Row[] => {
  const rows: Row[] = [];
  for (let i = from; i < to; i++) rows.push({ key: `r${i}`, height: 30 + ((i * 37 + 11) % 121) });
  return rows;
};

const frames = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
};

async function mount(rows: Row[]): Promise<{ el: WindowHost; scroller: HTMLElement }> {
  const el = await fixture<WindowHost>(html`<window-host></window-host>`);
  el.setRows(rows);
  await el.updateComplete;
  await frames();
  return { el, scroller: el.shadowRoot!.querySelector<HTMLElement>('.scroller')! };
}

const rendered = (el: WindowHost) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-key]')];
const rowEl = (el: WindowHost, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-key="${key}"]`);
const offsetIn = (scroller: HTMLElement, row: HTMLElement) => row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
const atEnd = (s: HTMLElement) => s.scrollHeight - s.clientHeight - s.scrollTop < 2;

/** Waits until a value stays the same for a few frames. */
async function settled(read: () => number): Promise<number> {
  let last = NaN;
  let same = 0;
  await waitUntil(async () => {
    await frames(1);
    const v = read();
    same = Math.abs(v - last) < 0.5 ? same + 1 : 0;
    last = v;
    return same >= 3;
  }, 'value settled');
  return last;
}

describe('WindowController', () => {
  it('only the rows in view (and the overscan) are in the DOM; measured heights replace the estimates in the total', async () => {
    const rows = makeRows(0, 500);
    const { el, scroller } = await mount(rows);
    const inDom = rendered(el);
    expect(inDom.length).to.be.greaterThan(3);
    expect(inDom.length).to.be.lessThan(25);
    expect(inDom[0]!.dataset['key']).to.equal('r0');
    // Scroll to the end: every row up to there measured? No: only those rendered; the total is
    // the measured ones plus the estimates of the rest, and it reaches the end exactly.
    el.win.scrollToEnd();
    await waitUntil(() => rendered(el).some((r) => r.dataset['key'] === 'r499'), 'last row rendered');
    await settled(() => scroller.scrollTop);
    expect(atEnd(scroller)).to.equal(true);
    const last = rowEl(el, 'r499')!;
    expect(Math.abs(last.getBoundingClientRect().bottom - scroller.getBoundingClientRect().bottom)).to.be.lessThan(2);
    expect(rendered(el).length).to.be.lessThan(25);
    await expect(el).to.be.accessible();
  });

  it('prepending rows keeps the row under the eye where it was (0 px), again and again', async () => {
    let rows = makeRows(400, 500);
    const { el, scroller } = await mount(rows);
    el.win.scrollToEnd();
    await settled(() => scroller.scrollTop);
    for (let page = 0; page < 4; page++) {
      scroller.scrollTop = Math.max(0, scroller.scrollTop - 700);
      await settled(() => scroller.scrollTop);
      const eye = rendered(el).find((r) => offsetIn(scroller, r) + r.offsetHeight > 10)!;
      const y = offsetIn(scroller, eye);
      const from = 400 - (page + 1) * 100;
      rows = [...makeRows(from, from + 100), ...rows];
      el.setRows(rows);
      await el.updateComplete;
      // Still in place right after the update, and after the new rows are measured.
      expect(Math.abs(offsetIn(scroller, rowEl(el, eye.dataset['key']!)!) - y), `${eye.dataset['key']} after the prepend`).to.be.lessThan(1);
      await frames(4);
      expect(Math.abs(offsetIn(scroller, rowEl(el, eye.dataset['key']!)!) - y), `${eye.dataset['key']} after measuring`).to.be.lessThan(1);
    }
  });

  it('scrolling up into rows not measured yet does not move what is on screen', async () => {
    const { el, scroller } = await mount(makeRows(0, 300));
    el.win.scrollToEnd();
    await settled(() => scroller.scrollTop);
    for (let i = 0; i < 10; i++) {
      // The row on screen moves down by exactly the distance scrolled, however wrong the
      // estimates of the rows that appear above it were.
      const eye = rendered(el).find((r) => offsetIn(scroller, r) > 0)!;
      const y = offsetIn(scroller, eye);
      scroller.scrollTop -= 150;
      await frames(4);
      expect(Math.abs(offsetIn(scroller, eye) - (y + 150)), `${eye.dataset['key']} while rows above are measured`).to.be.lessThan(1);
    }
  });

  it('at the end, a last row that grows keeps the list at the end; away from it, nothing moves', async () => {
    const rows = makeRows(0, 200);
    const { el, scroller } = await mount(rows);
    el.win.scrollToEnd();
    await settled(() => scroller.scrollTop);
    rows[199]!.height = 400;
    el.requestUpdate();
    await el.updateComplete;
    await waitUntil(() => atEnd(scroller) && scroller.scrollHeight > 1000, 'still at the end after growing');
    expect(el.win.isAtEnd(8)).to.equal(true);
    scroller.scrollTop -= 1200;
    await settled(() => scroller.scrollTop);
    const eye = rendered(el).find((r) => offsetIn(scroller, r) > 0)!;
    const y = offsetIn(scroller, eye);
    rows[199]!.height = 100;
    el.requestUpdate();
    await frames(4);
    expect(Math.abs(offsetIn(scroller, eye) - y)).to.be.lessThan(1);
    expect(atEnd(scroller)).to.equal(false);
  });

  it('scrollToIndex centres a row far away and keeps it centred while the rows around it are measured', async () => {
    const { el, scroller } = await mount(makeRows(0, 1000));
    el.win.scrollToIndex(700, { align: 'center' });
    await waitUntil(() => !!rowEl(el, 'r700'), 'row rendered');
    await settled(() => scroller.scrollTop);
    const row = rowEl(el, 'r700')!;
    const box = scroller.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    expect(Math.abs((r.top + r.bottom) / 2 - (box.top + box.bottom) / 2)).to.be.lessThan(2);
  });

  it('scrolling reads no layout: no getBoundingClientRect, offset/client/scroll sizes while the operator scrolls', async () => {
    const { el, scroller } = await mount(makeRows(0, 2000));
    await frames(2);
    let reads = 0;
    const restore: Array<() => void> = [];
    const spy = (proto: object, name: string) => {
      const desc = Object.getOwnPropertyDescriptor(proto, name)!;
      if (desc.get) {
        const get = desc.get;
        Object.defineProperty(proto, name, {
          ...desc,
          get(this: unknown) {
            reads++;
            return get.call(this);
          },
        });
      } else {
        const fn = desc.value as (...a: unknown[]) => unknown;
        Object.defineProperty(proto, name, {
          ...desc,
          value(this: unknown, ...a: unknown[]) {
            reads++;
            return fn.apply(this, a);
          },
        });
      }
      restore.push(() => Object.defineProperty(proto, name, desc));
    };
    spy(Element.prototype, 'getBoundingClientRect');
    for (const name of ['offsetHeight', 'offsetTop', 'offsetWidth']) spy(HTMLElement.prototype, name);
    for (const name of ['clientHeight', 'clientWidth', 'scrollHeight']) spy(Element.prototype, name);
    let shown = 0;
    try {
      for (let i = 0; i < 40; i++) {
        scroller.scrollBy(0, 250);
        await frames(1);
      }
      await el.updateComplete;
      shown = reads;
    } finally {
      for (const r of restore) r();
    }
    expect(rendered(el)[0]!.dataset['index']).to.not.equal('0');
    expect(shown, 'layout reads while scrolling').to.equal(0);
  });
});
