/**
 * `<chat-window>` at scale (run with `npm run bench -- chat-window`): opening a dialog whose
 * feed holds 10,000 messages, prepending pages of 50 older messages (time and the shift of the
 * message under the eye), absorbing 100 incoming messages in one second (frames), and
 * keystroke-to-frame in the composer with the 10,000-message feed open. The client is the real
 * `ChatClient` over the real core in-process; the element is the production build.
 */
import '../src/define/chat-window.js';
import { createChatClient, type ChatClient } from '../sdk/client.js';
import type { Dialog, Message } from '../sdk/model.js';
import { createInProcessBackend, type InProcessBackend } from '../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../server/demo-data/seed.js';
import type { SeedData } from '../server/core/storage.js';
import type { ChatWindow } from '../components/chat-window/chat-window.js';

type Report = (name: string, value: number, unit: string, goal?: string) => void;

const FRAME = '<= 16.7';
const LONG = SEED_IDS.longDialog;
const SIZE = 10_000;

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame((t) => r(t)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The demo seed with the long dialog grown to `size` messages (copies of its history, earlier in time). */
function withLongHistory(base: SeedData, size: number): SeedData {
  const own = base.messages.filter((m) => m.dialogId === LONG);
  const span = own[own.length - 1]!.createdAt - own[0]!.createdAt + 60_000;
  const copies = Math.ceil(size / own.length);
  const grown: Message[] = [];
  for (let k = copies - 1; k >= 0; k--) {
    for (const m of own) {
      if (grown.length >= size) break;
      const id = k === 0 ? m.id : `${m.id}-c${k}`;
      grown.push({
        ...m,
        id,
        createdAt: m.createdAt - k * span,
        attachments: m.attachments.map((a) => ({ ...a, id: k === 0 ? a.id : `${a.id}-c${k}` })),
        quote: m.quote ? { ...m.quote, messageId: k === 0 ? m.quote.messageId : `${m.quote.messageId}-c${k}` } : undefined,
      });
    }
  }
  // Keep the newest `size`, renumbered 1..size.
  const kept = grown.slice(-size).map((m, i) => ({ ...m, n: i + 1 }));
  const dialogs: Dialog[] = base.dialogs.map((d) => (d.id === LONG ? { ...d, lastN: kept.length } : d));
  return { ...base, dialogs, messages: [...base.messages.filter((m) => m.dialogId !== LONG), ...kept] };
}

function mount(client: ChatClient, dialogId: string): { el: ChatWindow; host: HTMLElement } {
  const host = document.createElement('div');
  host.style.cssText = 'width: 760px; height: 760px; display: flex; flex-direction: column';
  document.body.append(host);
  const el = document.createElement('chat-window');
  el.client = client;
  el.locale = 'en';
  el.dialogId = dialogId;
  host.append(el);
  return { el, host };
}

const scroller = (el: ChatWindow) => el.shadowRoot!.querySelector<HTMLElement>('.feed-scroller');
const articles = (el: ChatWindow) => el.shadowRoot!.querySelectorAll('article').length;

/** Waits until the window shows its dialog scrolled to the newest message and the position is stable. */
async function settled(el: ChatWindow): Promise<void> {
  let last = -1;
  for (let i = 0, stable = 0; i < 200 && stable < 3; i++) {
    await nextFrame();
    const s = scroller(el);
    const top = s ? s.scrollTop : -1;
    stable = s && articles(el) > 0 && Math.abs(top - last) < 1 ? stable + 1 : 0;
    last = top;
  }
}

/** The first article whose bottom is in view, and its distance from the top of the feed. */
function eye(el: ChatWindow): { key: string; y: number } | null {
  const s = scroller(el)!;
  const top = s.getBoundingClientRect().top;
  for (const a of el.shadowRoot!.querySelectorAll<HTMLElement>('article[data-key]')) {
    const r = a.getBoundingClientRect();
    if (r.bottom > top + 20) return { key: a.dataset['key']!, y: r.top - top };
  }
  return null;
}

function articleY(el: ChatWindow, key: string): number | null {
  const s = scroller(el)!;
  for (const a of el.shadowRoot!.querySelectorAll<HTMLElement>('article[data-key]')) {
    if (a.dataset['key'] === key) return a.getBoundingClientRect().top - s.getBoundingClientRect().top;
  }
  return null;
}

function stats(values: number[]): { mean: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return { mean, p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/** Records animation frames (rAF intervals) and long animation frames while `work` runs. */
async function frames(work: () => Promise<void>): Promise<{ intervals: number[]; longFrames: number }> {
  const intervals: number[] = [];
  let longFrames = 0;
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => (longFrames += list.getEntries().length));
    observer.observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    observer = null;
  }
  let running = true;
  let prev = await nextFrame();
  const loop = (t: number) => {
    intervals.push(t - prev);
    prev = t;
    if (running) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  await work();
  running = false;
  await nextFrame();
  observer?.disconnect();
  return { intervals, longFrames };
}

export default async function run(report: Report): Promise<void> {
  const seed = withLongHistory(createSeed({ dialogs: 20 }), SIZE);
  const backend: InProcessBackend = await createInProcessBackend(() => seed, { delayFactor: 0 });

  // ---------------------------------------------------------------- open a dialog with 10,000 messages
  // Pages of 500 (the protocol's largest) until the whole history is in the store.
  const client = createChatClient({ transport: backend.transport(SEED_IDS.maria), pageSize: 500 });
  await client.start();
  const loadStart = performance.now();
  await client.openDialog(LONG);
  while (client.feed(LONG).cursor !== null) await client.loadOlder(LONG);
  if (client.feed(LONG).messages.length !== SIZE) throw new Error(`the feed holds ${client.feed(LONG).messages.length} messages, not ${SIZE}`);
  report('load 10,000 messages into the store (20 pages, in-process backend; for reference)', performance.now() - loadStart, 'ms');
  const { el, host } = mount(client, SEED_IDS.waitingDialog);
  await settled(el);
  gc();
  await nextFrame();
  const t0 = performance.now();
  el.dialogId = LONG;
  await el.updateComplete;
  el.shadowRoot!.querySelector('article')?.getBoundingClientRect();
  const t1 = performance.now();
  await nextFrame();
  const t2 = performance.now();
  report('open a dialog with 10,000 messages: rendered', t1 - t0, 'ms');
  report('open a dialog with 10,000 messages: to next frame', t2 - t0, 'ms', '<= 50');
  await settled(el);
  report('open a dialog with 10,000 messages: scrolled to the newest, settled', performance.now() - t0, 'ms');
  report('articles in the DOM, 10,000-message feed', articles(el), 'articles', '<= 40');

  // ---------------------------------------------------------------- keystroke to frame (10,000-message feed)
  {
    const ta = el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea.input')!;
    ta.focus();
    const work: number[] = [];
    const toFrame: number[] = [];
    for (let i = 0; i < 60; i++) {
      await nextFrame();
      await sleep(Math.floor(Math.random() * 8)); // a keystroke lands anywhere in a frame
      const s = performance.now();
      ta.value += i % 12 === 11 ? ' ' : 'a';
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: 'a' }));
      await el.updateComplete;
      ta.getBoundingClientRect();
      work.push(performance.now() - s);
      const frameAt = await nextFrame();
      toFrame.push(frameAt - s);
    }
    const w = stats(work);
    const f = stats(toFrame);
    report('keystroke: input handled and rendered, mean', w.mean, 'ms');
    report('keystroke: input handled and rendered, p95', w.p95, 'ms', '<= 8');
    report('keystroke to next frame, p95 (10,000-message feed)', f.p95, 'ms', FRAME);
    report('keystroke to next frame, max', f.max, 'ms');
    ta.value = '';
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }

  // ---------------------------------------------------------------- 100 incoming messages in one second
  {
    await settled(el);
    const before = client.feed(LONG).messages.length;
    // The window's own share: from each store change to the end of its update.
    const updates: number[] = [];
    const off = client.$feeds.listen(() => {
      const s = performance.now();
      void el.updateComplete.then(() => updates.push(performance.now() - s));
    });
    const { intervals, longFrames } = await frames(async () => {
      for (let i = 0; i < 100; i++) {
        void backend.core.clientSend(LONG, `Mensaje entrante ${i + 1}`);
        await sleep(10);
      }
      for (let i = 0; i < 100 && client.feed(LONG).messages.length < before + 100; i++) await sleep(10);
      await settled(el);
    });
    off();
    const u = stats(updates);
    report('100 incoming in 1 s: store change to rendered, p95', u.p95, 'ms', '<= 8');
    report('100 incoming in 1 s: store change to rendered, max', u.max, 'ms', FRAME);
    const arrived = client.feed(LONG).messages.length - before;
    if (arrived < 100) throw new Error(`only ${arrived} of 100 incoming messages arrived`);
    const s = scroller(el)!;
    const i = stats(intervals);
    // rAF intervals are whole vsync periods give or take a millisecond of timer jitter: a frame
    // over budget shows as an interval of two periods or more.
    report('100 incoming in 1 s: longest frame interval', i.max, 'ms');
    report('100 incoming in 1 s: frames over 16.7 ms (interval > 1.5 periods)', intervals.filter((x) => x > 16.7 * 1.5).length, 'frames', '<= 0');
    report('100 incoming in 1 s: long animation frames (> 50 ms)', longFrames, 'frames', '<= 0');
    report('100 incoming in 1 s: distance from the bottom after', Math.max(0, s.scrollHeight - s.clientHeight - s.scrollTop), 'px', '<= 8');
    report('articles in the DOM after 100 incoming', articles(el), 'articles', '<= 40');
  }
  host.remove();
  client.stop();

  // ---------------------------------------------------------------- prepend pages of 50 older messages
  {
    gc();
    const paged = createChatClient({ transport: backend.transport(SEED_IDS.maria), pageSize: 50 });
    await paged.start();
    const { el: w, host: h2 } = mount(paged, LONG);
    await settled(w);
    // Read a little above the bottom, away from the top (no automatic loading).
    scroller(w)!.scrollTop -= 240;
    await settled(w);
    const times: number[] = [];
    const renders: number[] = [];
    const shifts: number[] = [];
    for (let k = 0; k < 20; k++) {
      const seen = eye(w)!;
      const count = paged.feed(LONG).messages.length;
      let storedAt = 0;
      const off = paged.$feeds.listen((feeds) => {
        if ((feeds[LONG]?.messages.length ?? 0) > count && !storedAt) storedAt = performance.now();
      });
      const s = performance.now();
      await paged.loadOlder(LONG);
      await w.updateComplete;
      w.shadowRoot!.querySelector('article')?.getBoundingClientRect();
      const done = performance.now();
      off();
      times.push(done - s);
      renders.push(done - (storedAt || s));
      if (paged.feed(LONG).messages.length !== count + 50) throw new Error('a page of 50 was not prepended');
      await nextFrame();
      await nextFrame();
      const y = articleY(w, seen.key);
      shifts.push(y === null ? Infinity : Math.abs(y - seen.y));
      gc();
    }
    const r = stats(renders);
    report('prepend 50 older messages: store change to rendered, mean', r.mean, 'ms');
    report('prepend 50 older messages: store change to rendered, max', r.max, 'ms', FRAME);
    const t = stats(times);
    report('prepend 50 older messages: request to rendered (in-process backend), mean', t.mean, 'ms');
    report('prepend 50 older messages: request to rendered (in-process backend), max', t.max, 'ms');
    report('prepend 50 older messages: anchor shift, max (20 pages)', Math.max(...shifts), 'px', '<= 0.5');
    report('articles in the DOM after 1,050 messages loaded', articles(w), 'articles', '<= 40');
    h2.remove();
    paged.stop();
  }
  backend.core.dispose();
}
