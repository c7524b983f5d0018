/**
 * `<dialog-list>` at scale (run with `npm run bench -- dialog-list`): first render of 10,000 and
 * 100,000 dialogs, rows in the DOM, a filter and a sort change on 10,000, a burst of 1,000 live
 * events, and the frames of a scripted scroll. The client is the real `ChatClient` over the real
 * core in-process; live events go through the transport listener, validated like network events.
 */
import '../src/define/dialog-list.js';
import { createChatClient, type ChatClient } from '../sdk/client.js';
import type { Dialog, Id, Message } from '../sdk/model.js';
import type { Transport, TransportListener } from '../sdk/protocol.js';
import { applyQuery } from '../sdk/rules/query.js';
import { createInProcessBackend, type InProcessBackend } from '../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../server/demo-data/seed.js';
import type { SeedData } from '../server/core/storage.js';
import type { DialogList } from '../components/dialog-list/dialog-list.js';

type Report = (name: string, value: number, unit: string, goal?: string) => void;

const FRAME = '<= 16.7';

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame((t) => r(t)));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The demo seed grown to `n` dialogs by copying its dialogs with new ids and shifted times. */
function grow(base: SeedData, n: number): SeedData {
  const dialogs: Dialog[] = [];
  const readStates: SeedData['readStates'] = [];
  const reads = new Map(base.readStates.filter((r) => r.operatorId === SEED_IDS.admin).map((r) => [r.dialogId, r]));
  for (let k = 0; dialogs.length < n; k++) {
    for (const d of base.dialogs) {
      if (dialogs.length >= n) break;
      const shift = k * 37_003;
      const id = k === 0 ? d.id : `${d.id}-${k}`;
      dialogs.push({
        ...d,
        id,
        lastActivityAt: d.lastActivityAt - shift,
        waitingSince: d.waitingSince === null ? null : d.waitingSince - shift,
      });
      const r = reads.get(d.id);
      if (r) readStates.push({ ...r, dialogId: id });
    }
  }
  return { ...base, dialogs, readStates };
}

interface Harness {
  backend: InProcessBackend;
  client: ChatClient;
  /** Pushes raw events as the network would. */
  push(payloads: unknown[]): void;
  seq: number;
}

async function harness(seed: SeedData): Promise<Harness> {
  const backend = await createInProcessBackend(() => seed, { delayFactor: 0 });
  const inner = backend.transport(SEED_IDS.admin);
  let listener: TransportListener | null = null;
  const transport: Transport = {
    request: (name, input, opts) => inner.request(name, input, opts as never),
    upload: (dialogId, file, name, opts) => inner.upload(dialogId, file, name, opts),
    connect(l) {
      listener = l;
      return inner.connect(l);
    },
  };
  const client = createChatClient({ transport });
  await client.start();
  const { seq } = (await backend.core.handle(SEED_IDS.admin, 'eventsSince', { since: 0 })) as { seq: number };
  return {
    backend,
    client,
    seq,
    push(payloads) {
      for (const p of payloads) listener?.event(p);
    },
  };
}

/** The SDK's share of a first render: filtering and sorting every dialog (`client.$list`). */
function listCost(client: ChatClient): number {
  const clients = client.$clients.get();
  const s = performance.now();
  applyQuery(client.$dialogs.get().values(), client.$query.get(), { clientOf: (d) => (d.clientId ? clients.get(d.clientId) : null) }, client.$settings.get());
  return performance.now() - s;
}

/** Waits until the element has no pending update, then forces layout. */
async function rendered(el: DialogList): Promise<void> {
  for (let i = 0; i < 5 && !(await el.updateComplete); i++);
  el.shadowRoot!.querySelector('[role="option"]')?.getBoundingClientRect();
}

function mount(client: ChatClient): { el: DialogList; host: HTMLElement } {
  const host = document.createElement('div');
  host.style.cssText = 'width: 380px; height: 800px; display: flex; flex-direction: column';
  document.body.append(host);
  const el = document.createElement('dialog-list');
  el.client = client;
  el.locale = 'en';
  host.append(el);
  return { el, host };
}

/** Mounts a second list while the client's list is already computed (and kept): the element's own first render. */
async function warmMount(client: ChatClient): Promise<number> {
  const keep = client.$list.listen(() => undefined);
  client.$list.get();
  await nextFrame();
  const t0 = performance.now();
  const { el, host } = mount(client);
  await rendered(el);
  const t = performance.now() - t0;
  host.remove();
  keep();
  return t;
}

function rowCount(el: DialogList): number {
  return el.shadowRoot!.querySelectorAll('[role="option"]').length;
}

/** The operator's latest event number, once the core has delivered everything it had queued. */
async function syncSeq(h: Harness): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
  h.seq = ((await h.backend.core.handle(SEED_IDS.admin, 'eventsSince', { since: 0 })) as { seq: number }).seq;
}

/** `count` client messages in random dialogs of the list, as `message.created` events numbered after the core's. */
function clientMessages(h: Harness, count: number, now: number): unknown[] {
  const list = h.client.$list.get().filter((d) => d.status === 'open' && d.clientId);
  const out: unknown[] = [];
  const latest = new Map<Id, Dialog>();
  let rnd = 12345;
  for (let i = 0; i < count; i++) {
    rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
    const base = list[rnd % list.length]!;
    const d = latest.get(base.id) ?? base;
    const n = d.lastN + 1;
    const message: Message = {
      id: `bench-${i}`,
      dialogId: d.id,
      n,
      kind: 'text',
      author: { kind: 'client', id: d.clientId! },
      text: `Burst message ${i}`,
      attachments: [],
      createdAt: now + i,
    };
    const dialog: Dialog = {
      ...d,
      lastN: n,
      clientMessageCount: d.clientMessageCount + 1,
      lastActivityAt: now + i,
      waitingSince: d.waitingSince ?? now + i,
      lastMessage: { id: message.id, author: message.author, text: message.text, kind: 'text', attachmentCount: 0, createdAt: message.createdAt },
    };
    latest.set(d.id, dialog);
    out.push({ seq: ++h.seq, type: 'message.created', message, dialog });
  }
  return out;
}

/** Throws unless the client applied the last of `events` (a bench must not time a no-op). */
function assertApplied(h: Harness, events: unknown[]): void {
  const last = events[events.length - 1] as { message: Message };
  const d = h.client.$dialogs.get().get(last.message.dialogId);
  if (d?.lastMessage?.id !== last.message.id) throw new Error(`live events were not applied: ${h.client.$errors.get().map((e) => e.error.message).slice(-1).join('') || `dialog ${last.message.dialogId} shows ${d?.lastMessage?.id}`}`);
}

export default async function run(report: Report): Promise<void> {
  const base = createSeed({ dialogs: 1000, messagesPerDialog: [1, 2] });

  // ---------------------------------------------------------------- 100,000: first render only
  {
    const h = await harness(grow(base, 100_000));
    report('of which client.$list (filter + sort in sdk/rules), 100,000 dialogs', listCost(h.client), 'ms');
    gc();
    await nextFrame();
    const t0 = performance.now();
    const { el, host } = mount(h.client);
    await rendered(el);
    const t1 = performance.now();
    await nextFrame();
    report('first render, 100,000 dialogs', t1 - t0, 'ms', '<= 100');
    report('first render to next frame, 100,000 dialogs', performance.now() - t0, 'ms');
    report('rows in the DOM, 100,000 dialogs', rowCount(el), 'rows', '<= 40');
    host.remove();
    report('first render, 100,000 dialogs, element only (client.$list already computed)', await warmMount(h.client), 'ms');
    h.client.stop();
    h.backend.core.dispose();
  }
  gc();

  // ---------------------------------------------------------------- 10,000
  const h = await harness(grow(base, 10_000));
  report('of which client.$list (filter + sort in sdk/rules), 10,000 dialogs', listCost(h.client), 'ms');
  gc();
  await nextFrame();
  const t0 = performance.now();
  const { el } = mount(h.client);
  await rendered(el);
  const t1 = performance.now();
  await nextFrame();
  report('first render, 10,000 dialogs', t1 - t0, 'ms', '<= 50');
  report('first render to next frame, 10,000 dialogs', performance.now() - t0, 'ms');
  report('rows in the DOM, 10,000 dialogs', rowCount(el), 'rows', '<= 40');
  report('first render, 10,000 dialogs, element only (client.$list already computed)', await warmMount(h.client), 'ms');
  await nextFrame();

  const timed = async (change: () => void): Promise<number> => {
    await nextFrame();
    const s = performance.now();
    change();
    await rendered(el);
    return performance.now() - s;
  };
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  // Filter changes (F5): status, channel, back to everything; each one rendered.
  const filterTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    filterTimes.push(await timed(() => h.client.setQuery({ status: 'open' })));
    filterTimes.push(await timed(() => h.client.setQuery({ channels: [SEED_IDS.channels.telegram] })));
    filterTimes.push(await timed(() => h.client.setQuery({ status: 'all', channels: [] })));
  }
  report('filter change, 10,000 dialogs (median)', median(filterTimes), 'ms', FRAME);
  report('filter change, 10,000 dialogs (best)', best(filterTimes), 'ms');
  report('rows in the DOM after filtering', rowCount(el), 'rows', '<= 40');

  // Sort changes (F2/F3).
  const sortTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    sortTimes.push(await timed(() => h.client.setQuery({ sort: 'activity' })));
    sortTimes.push(await timed(() => h.client.setQuery({ sort: 'processing' })));
  }
  report('sort change, 10,000 dialogs (median)', median(sortTimes), 'ms', FRAME);

  // Search typing (L6), one keystroke.
  const searchTimes: number[] = [];
  for (const q of ['a', 'an', 'ana', '']) searchTimes.push(await timed(() => h.client.setQuery({ search: q })));
  report('search change, 10,000 dialogs (median)', median(searchTimes), 'ms');

  // A burst of 1,000 live events arriving at once.
  gc();
  await nextFrame();
  await syncSeq(h);
  const burst = clientMessages(h, 1000, Date.now());
  const b0 = performance.now();
  h.push(burst);
  await Promise.resolve();
  await rendered(el);
  const b1 = performance.now();
  assertApplied(h, burst);
  report('burst of 1,000 live events at once: main-thread time', b1 - b0, 'ms');
  await nextFrame();

  // The same volume spread over about a second (10 events every 10 ms), as a socket delivers it.
  const frames: number[] = [];
  let last = await nextFrame();
  let measuring = true;
  const loop = (t: number) => {
    frames.push(t - last);
    last = t;
    if (measuring) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  const spread = clientMessages(h, 1000, Date.now() + 10_000);
  let busy = 0;
  for (let i = 0; i < spread.length; i += 10) {
    const s = performance.now();
    h.push(spread.slice(i, i + 10));
    await Promise.resolve();
    await rendered(el);
    busy += performance.now() - s;
    await new Promise((r) => setTimeout(r, 10));
  }
  measuring = false;
  await nextFrame();
  assertApplied(h, spread);
  report('1,000 live events over ~1 s: main-thread time', busy, 'ms');
  report('1,000 live events over ~1 s: longest frame', Math.max(...frames), 'ms', FRAME);
  report('1,000 live events over ~1 s: frames over 16.7 ms', frames.filter((f) => f > 17.5).length, 'frames', '<= 0');

  // Scripted scroll: 240 frames, 2 rows per frame down, then a fling back up.
  h.client.setQuery({ sort: 'activity' });
  await rendered(el);
  const vp = el.shadowRoot!.querySelector<HTMLElement>('.viewport')!;
  const rowHeight = el.shadowRoot!.querySelector<HTMLElement>('[role="option"]')!.offsetHeight;
  const work: number[] = [];
  const intervals: number[] = [];
  let maxRows = 0;
  let prev = await nextFrame();
  for (let i = 0; i < 240; i++) {
    const t = await nextFrame();
    intervals.push(t - prev);
    prev = t;
    const s = performance.now();
    vp.scrollTop = i < 200 ? vp.scrollTop + 2 * rowHeight : Math.max(0, vp.scrollTop - 40 * rowHeight);
    vp.dispatchEvent(new Event('scroll'));
    await rendered(el);
    work.push(performance.now() - s);
    maxRows = Math.max(maxRows, rowCount(el));
  }
  const sorted = [...work].sort((a, b) => a - b);
  report('scroll: longest frame work (render + layout)', sorted[sorted.length - 1]!, 'ms', FRAME);
  report('scroll: 95th percentile frame work', sorted[Math.floor(sorted.length * 0.95)]!, 'ms');
  report('scroll: longest frame interval', Math.max(...intervals), 'ms', FRAME);
  report('scroll: most rows in the DOM', maxRows, 'rows', '<= 40');
  h.client.stop();
  h.backend.core.dispose();
}
