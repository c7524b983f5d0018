/**
 * The page of `bench/lists.ts` (bundled by it, run in headless Chromium against a real server):
 * `<dialog-list>` over the real `ChatClient` and HTTP/WebSocket transport, beside a bare windowed
 * lit list of the same rows in the same page, so every figure has a baseline measured in the same
 * run. Everything is timed to the painted frame (`requestAnimationFrame`, then a `MessageChannel`
 * tick after it), never a forced layout; a local sort/filter change also in one frame (`oneFrame`).
 */
import '../src/define/dialog-list.js';
import type { DialogList } from '../components/dialog-list/dialog-list.js';
import { createChatClient, type ChatClient } from '../sdk/client.js';
import type { ClientSummary, Dialog, DialogPage, Message, ReadState, Snapshot } from '../sdk/model.js';
import type { Transport, TransportListener } from '../sdk/protocol.js';
import { clientSummary } from '../sdk/rules/clients.js';
import { normalizeQuery, type DialogQuery } from '../sdk/rules/query.js';
import { createHttpTransport } from '../sdk/transport/http.js';
import { BareList, ROW } from './lists.bare.js';

/** A user-timing mark for BENCH_TIMELINE's split (only then: a mark inside a timed span cost up to a millisecond). */
const mark = (name: string, startTime?: number) => location.search.includes('marks') && performance.mark(name, { startTime });

/** Resolves after the next frame was produced (rAF, then a task after it). */
export function painted(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );
}

interface Bench {
  client?: ChatClient;
  el?: DialogList;
  listener?: TransportListener;
  bare?: BareList;
}
const bench: Bench = {};
/** Requests the client made, by name (what the live events made it ask is printed). */
const requests = new Map<string, number>();

function host(): HTMLElement {
  const h = document.createElement('div');
  h.style.cssText = 'width: 380px; height: 800px; display: flex; flex-direction: column; float: left';
  document.body.append(h);
  return h;
}

/** Resolves when the shadow root of `el` holds a row. */
function firstRow(el: HTMLElement): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => !!el.shadowRoot?.querySelector('[role="option"], .row:not(.placeholder)');
    if (check()) return resolve();
    const t0 = performance.now();
    const tick = () => (check() ? resolve() : performance.now() - t0 > 60_000 ? reject(new Error(`no row within 60 s: ${el.shadowRoot?.textContent?.slice(0, 200)}`)) : setTimeout(tick, 1));
    tick();
  });
}

/** Starts the client and the element; answers ms from the start to the first rows painted. */
async function startChatdesk(endpoint: string, token: string, pageSize: number): Promise<{ ms: number; total: number | null }> {
  const t0 = performance.now();
  const inner = createHttpTransport({ endpoint, token });
  const transport: Transport = {
    request: (name, input, opts) => {
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return inner.request(name, input, opts as never);
    },
    upload: (dialogId, file, name, opts) => inner.upload(dialogId, file, name, opts),
    connect(l) {
      bench.listener = l;
      return inner.connect(l);
    },
  };
  const client = createChatClient({ transport, listPageSize: pageSize });
  const el = document.createElement('dialog-list');
  el.client = client;
  el.locale = 'en';
  host().append(el);
  const started = client.start();
  await Promise.race([firstRow(el), started.then(() => firstRow(el))]);
  const t1 = await painted();
  bench.client = client;
  bench.el = el;
  return { ms: t1 - t0, total: client.$listState.get().total };
}

/** The baseline start: the same first page fetched and drawn by the bare list. */
async function startBare(endpoint: string, token: string, pageSize: number): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${endpoint}/bootstrap?limit=${pageSize}`, { headers: { authorization: `Bearer ${token}` } });
  const snap = (await res.json()) as Snapshot;
  const bare = document.createElement('bare-list') as BareList;
  bare.style.cssText = 'display: block; width: 380px; height: 800px; float: left';
  bare.names = new Map(snap.list.clients.map((c) => [c.id, c.name]));
  bare.total = snap.list.counts.total ?? 0;
  bare.rows = snap.list.dialogs;
  document.body.append(bare);
  await firstRow(bare);
  const t1 = await painted();
  bench.bare = bare;
  return t1 - t0;
}

/** Loads the list down to `n` rows; the bare list gets the same rows. */
async function load(n: number): Promise<number> {
  const c = bench.client!;
  await c.loadDialogsUntil(n - 1);
  const rows = c.listRows(0, c.$listState.get().loaded);
  const names = new Map<string, string>();
  for (const [id, cl] of c.$clients.get()) names.set(id, cl.name);
  bench.bare!.names = names;
  bench.bare!.rows = rows;
  bareBase = null;
  await painted();
  return rows.length;
}

let seq = 0;
/** `count` client messages in loaded open dialogs, as the server would send them (rows before and after). */
function messages(count: number, salt: number): unknown[] {
  const c = bench.client!;
  const loaded = c.$listState.get().loaded;
  const latest = new Map<string, Dialog>();
  const out: unknown[] = [];
  let rnd = 12345 + salt;
  // Numbered right after what the client applied: a gap would make it ask the server for the
  // missing events, and a number the server has not reached answers a gap (a fresh bootstrap).
  // (The sequence lives in the client's sync part; reached past its type, for the bench only.)
  seq = (c as unknown as { sync: { lastSeq: number } }).sync.lastSeq;
  for (let i = 0; i < count; i++) {
    rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
    const base = c.listRow(rnd % loaded)!;
    const d = latest.get(base.id) ?? c.$dialogs.get().get(base.id) ?? base;
    const rec = d.clientId ? c.$clients.get().get(d.clientId) : undefined;
    const client: ClientSummary | null = rec ? clientSummary(rec) : null;
    const read: ReadState | null = c.$readStates.get().get(d.id) ?? null;
    const now = Date.now() + i;
    const message: Message = {
      id: `bench-${salt}-${i}`,
      dialogId: d.id,
      n: d.lastN + 1,
      kind: 'text',
      author: { kind: 'client', id: d.clientId ?? 'x' },
      text: `Burst ${i}`,
      attachments: [],
      createdAt: now,
    };
    const after: Dialog = {
      ...d,
      status: 'open',
      lastN: message.n,
      clientMessageCount: d.clientMessageCount + 1,
      lastActivityAt: now,
      waitingSince: d.waitingSince ?? now,
      lastMessage: { id: message.id, author: message.author, text: message.text, kind: 'text', attachmentCount: 0, createdAt: now },
    };
    latest.set(d.id, after);
    out.push({ seq: ++seq, type: 'message.created', message, dialog: after, client, read, was: { dialog: d, client, read } });
  }
  return out;
}

/**
 * Measured while `work` runs: the longest frame interval and frames over 16.7 ms (by the frames'
 * own timestamps), and the longest main-thread task (a message-channel probe: the longest time
 * the page could not run a task). Headless Chromium may skip frames when nothing on screen
 * changed, so a long frame interval without a long task is idle, not jank.
 */
async function frames(work: () => Promise<void>): Promise<{ longest: number; over: number; busy: number; task: number }> {
  const gaps: number[] = [];
  performance.mark('bench-live-t0');
  await painted();
  let last: number | null = null;
  let on = true;
  const loop = (t: number) => {
    if (last !== null) gaps.push(t - last);
    last = t;
    if (on) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  let ping = performance.now();
  let task = 0;
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    const t = performance.now();
    task = Math.max(task, t - ping);
    ping = t;
    if (on) ch.port2.postMessage(0);
  };
  ch.port2.postMessage(0);
  const s = performance.now();
  await work();
  const busy = performance.now() - s;
  await painted();
  on = false;
  performance.mark('bench-live-t1');
  return { longest: Math.max(0, ...gaps), over: gaps.filter((g) => g > 17.5).length, busy, task };
}

/**
 * A full collection before a timed run of live events (Chromium runs with `--expose-gc`), for both
 * lists alike: the garbage of what came before (loading 100k rows is about a thousand pages of
 * JSON) is collected here, not in the run; what the run itself allocates is collected in it.
 */
function collect(): void {
  // BENCH_NO_COLLECT: as before s11 (the figures with what came before collected in the run).
  if (!location.search.includes('nocollect')) (globalThis as { gc?: () => void }).gc?.();
}

/** Resolves once the client applied `events` (it may apply a burst over several tasks). */
async function applied(events: unknown[]): Promise<void> {
  const last = (events[events.length - 1] as { seq: number }).seq;
  const sync = (bench.client as unknown as { sync: { lastSeq: number } }).sync;
  while (sync.lastSeq < last) await new Promise((r) => setTimeout(r, 1));
}

/** 1,000 events at once, then 1,000 spread over a second (10 every 10 ms), to the chatdesk list. */
async function liveChatdesk(): Promise<Record<string, number>> {
  requests.clear();
  const l = bench.listener!;
  const once = messages(1000, 1);
  collect();
  const a = await frames(async () => {
    for (const e of once) l.event(e);
    await applied(once);
    await bench.el!.updateComplete;
    await painted();
  });
  const spread = messages(1000, 2);
  collect();
  const b = await frames(async () => {
    for (let i = 0; i < spread.length; i += 10) {
      for (const e of spread.slice(i, i + 10)) l.event(e);
      await new Promise((r) => setTimeout(r, 10));
    }
    await applied(spread);
    await bench.el!.updateComplete;
  });
  console.log(`requests during the live events: ${JSON.stringify(Object.fromEntries(requests))}`);
  const lastId = (spread[spread.length - 1] as { message: Message }).message;
  if (bench.client!.$dialogs.get().get(lastId.dialogId)?.lastMessage?.id !== lastId.id) throw new Error('the live events were not applied');
  return { onceLongest: a.longest, onceBusy: a.busy, onceTask: a.task, spreadLongest: b.longest, spreadOver: b.over, spreadTask: b.task };
}

/**
 * The same events to the bare list: each batch replaces the rows in place, looked up in an index
 * by id built once before the run, and re-sorts nothing (the least a list can do). Until s11 each
 * batch copied the 100k rows and built a new 100k-entry index, about 370 MB of garbage a run at
 * 100k loaded (`BENCH_HEAP`): the bare list's long tasks were its own collections.
 */
async function liveBare(): Promise<Record<string, number>> {
  const bare = bench.bare!;
  const rows = bare.rows as Dialog[];
  const index = new Map(rows.map((d, i) => [d.id, i]));
  const apply = (events: unknown[]) => {
    for (const e of events as Array<{ dialog: Dialog }>) {
      const i = index.get(e.dialog.id);
      if (i !== undefined) rows[i] = e.dialog;
    }
    bare.requestUpdate('rows');
  };
  const once = messages(1000, 3);
  collect();
  const a = await frames(async () => {
    apply(once);
    await bare.updateComplete;
    await painted();
  });
  const spread = messages(1000, 4);
  collect();
  const b = await frames(async () => {
    for (let i = 0; i < spread.length; i += 10) {
      apply(spread.slice(i, i + 10));
      await new Promise((r) => setTimeout(r, 10));
    }
    await bare.updateComplete;
  });
  return { onceLongest: a.longest, onceBusy: a.busy, onceTask: a.task, spreadLongest: b.longest, spreadOver: b.over, spreadTask: b.task };
}

/** The ids of the rows drawn at indexes 0-7 of `root`, in order: what the top of a list shows. */
function shownTop(root: ShadowRoot): string {
  const ids: string[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('[data-index][data-id]')) {
    const i = Number(el.dataset.index);
    if (i < 8) ids[i] = el.dataset.id!;
  }
  return ids.join(',');
}

/** What `oneFrame` measured, ms: `work` from the change to the end of the frame that painted it; `frames` until then (1 = the frame it was made in); `late`: the change's start after its frame's. */
export type OneFrame = { work: number; frames: number; late: number };

/**
 * "Answered in one frame", measured the same way for both lists: `change` is made at the start of
 * a frame (in a `requestAnimationFrame` callback, where an input event's work lands too), and a
 * second callback of the same frame, which runs after the change's microtasks (lit renders in
 * them) and right before that frame's style, layout and paint, reads the rows on top (`shown`).
 * A `MessageChannel` task posted from that callback runs once the frame's rendering is done: its
 * time minus the change's start is the work. While the rows on top are not yet the answer's
 * (`settled` resolved, then the rows as they are), the same is repeated at each next frame: the
 * frames it took are counted (1 = painted in the frame the change was made in) and the work runs
 * to the end of the frame that painted them. No wait for a vsync is in the figure, unlike
 * `painted()` after a task (which also waits for the next frame to begin: up to 16.7 ms idle).
 */
function oneFrame(change: () => void, settled: () => Promise<unknown>, shown: () => string): Promise<OneFrame> {
  const before = shown();
  return new Promise((resolve, reject) => {
    const seen: Array<{ top: string; end: number }> = [];
    let [t0, late] = [0, 0];
    let done: string | null = null;
    requestAnimationFrame((ts) => {
      [t0, late] = [performance.now(), performance.now() - ts];
      mark('bench-t0');
      change();
      const last = () => requestAnimationFrame(() => (done = shown()) === before && reject(new Error(`the change left the top rows as they were (${before})`)));
      settled().then(last, reject);
    });
    const check = () => {
      const entry = { top: shown(), end: 0 };
      seen.push(entry);
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        entry.end = performance.now();
        const k = done === null ? -1 : seen.findIndex((f) => f.top === done);
        if (k >= 0 && seen[k]!.end > 0) resolve({ work: seen[k]!.end - t0, frames: k + 1, late });
        else if (seen.length > 600) reject(new Error('the answer was not painted within 600 frames'));
        else requestAnimationFrame(check);
        if (k >= 0) mark('bench-t1', seen[k]!.end);
      };
      ch.port2.postMessage(0);
    };
    requestAnimationFrame(check);
  });
}

/** A local query change of chatdesk's list, measured by `oneFrame`. */
async function queryOneFrame(q: Partial<DialogQuery>): Promise<OneFrame & { local: boolean }> {
  const [c, el] = [bench.client!, bench.el!];
  await painted();
  let local = true;
  const change = () => void (c.setQuery(q), (local = !c.$listState.get().loading));
  const r = await oneFrame(
    change,
    () => c.listSettled().then(() => el.updateComplete),
    () => shownTop(el.shadowRoot!),
  );
  return { ...r, local };
}

/** The bare list's local answer (as `bareLocal`), measured by `oneFrame`. */
async function bareOneFrame(channel: string | null): Promise<OneFrame> {
  const bare = bench.bare!;
  const base = (bareBase ??= bare.rows);
  await painted();
  return oneFrame(
    () => (bare.rows = bareAnswer(base, channel)),
    () => bare.updateComplete,
    () => shownTop(bare.shadowRoot!),
  );
}

/**
 * A query change to painted rows, ms: from a task right after a frame to the end of the next
 * painted frame, so it includes the wait for that frame to begin (up to one vsync, 16.7 ms, idle).
 */
async function queryChange(q: Partial<DialogQuery>): Promise<{ ms: number; local: boolean; total: number | null }> {
  const c = bench.client!;
  await painted();
  const t0 = performance.now();
  mark('bench-t0');
  const p = c.setQuery(q);
  const tQuery = performance.now();
  const local = !c.$listState.get().loading;
  await p;
  await c.listSettled();
  await bench.el!.updateComplete;
  const tRender = performance.now();
  await firstRow(bench.el!);
  const t1 = await painted();
  mark('bench-t1');
  console.log(`query change ${JSON.stringify(q)}: setQuery ${(tQuery - t0).toFixed(1)} ms, to rendered ${(tRender - t0).toFixed(1)} ms, to painted ${(t1 - t0).toFixed(1)} ms`);
  return { ms: t1 - t0, local, total: c.$listState.get().total };
}

/** The bare list's answer from the server: the page fetched and drawn. */
async function bareQuery(endpoint: string, token: string, q: Partial<DialogQuery>): Promise<number> {
  await painted();
  const t0 = performance.now();
  const res = await fetch(`${endpoint}/dialogs/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: normalizeQuery(q), limit: 100, counts: ['total'] }),
  });
  const page = (await res.json()) as DialogPage;
  bench.bare!.names = new Map(page.clients.map((c) => [c.id, c.name]));
  bench.bare!.rows = page.dialogs;
  const t1 = await painted();
  return t1 - t0;
}

/** The rows the bare list's local answers start from (the loaded rows, as `load` gave them). */
let bareBase: readonly Dialog[] | null = null;

/** The bare list's answer: `base` filtered to a channel (or all of it, `null`) and sorted by activity. */
const bareAnswer = (base: readonly Dialog[], channel: string | null) =>
  base.filter((d) => channel === null || d.channelId === channel).sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : 1));

/** The bare list's local answer: its loaded rows filtered to a channel (or all of them, `null`) and sorted by activity, drawn. */
async function bareLocal(channel: string | null): Promise<number> {
  const base = (bareBase ??= bench.bare!.rows);
  await painted();
  const t0 = performance.now();
  mark('bench-t0');
  bench.bare!.rows = bareAnswer(base, channel);
  const t1 = await painted();
  mark('bench-t1');
  return t1 - t0;
}

/**
 * Scripted scroll, 2 rows a frame for 200 frames, then back 40 rows a frame (jumps: no row stays
 * on screen). The work of each frame is the list's: from the scroll event to the end of the render
 * it caused. The bench's own `scrollTop` write before it is timed apart (`write`): a wheel or a
 * scrollbar drag scrolls on the compositor, not by a main-thread write, so it is not the list's
 * work (until issue 13's s7 the figure included it; both are printed). Answers the 95th percentile
 * and the longest, ms, of the list's work, of the work with the write, and of the steps alone and
 * the jumps alone.
 */
async function scroll(which: 'chatdesk' | 'bare'): Promise<Record<string, number>> {
  const root = which === 'chatdesk' ? bench.el!.shadowRoot! : bench.bare!.shadowRoot!;
  const vp = root.querySelector<HTMLElement>(which === 'chatdesk' ? '.viewport' : 'div')!;
  const el = which === 'chatdesk' ? bench.el! : bench.bare!;
  vp.scrollTop = 0;
  await painted();
  const work: number[] = [];
  const withWrite: number[] = [];
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    const s = performance.now();
    vp.scrollTop = i < 200 ? vp.scrollTop + 2 * ROW : Math.max(0, vp.scrollTop - 40 * ROW);
    const w = performance.now();
    vp.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    const e = performance.now();
    work.push(e - w);
    withWrite.push(e - s);
  }
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  return {
    p95: p95(work),
    max: Math.max(...work),
    p95WithWrite: p95(withWrite),
    maxWithWrite: Math.max(...withWrite),
    p95Steps: p95(work.slice(0, 200)),
    p95Jumps: p95(work.slice(200)),
  };
}

/** What the client did during a run (for investigating a stall): list requests and errors. */
function trace(): () => { loads: number; errors: string[] } {
  const c = bench.client!;
  let loads = 0;
  const stop = c.$listState.listen((st) => {
    if (st.loading) loads++;
  });
  const e0 = c.$errors.get().length;
  return () => {
    stop();
    return {
      loads,
      errors: c.$errors
        .get()
        .slice(e0)
        .map((e) => (e.error instanceof Error ? e.error.message : String(e.error))),
    };
  };
}
let tracing: (() => { loads: number; errors: string[] }) | null = null;
const startTrace = () => void (tracing = trace());
const endTrace = () => tracing?.() ?? null;

Object.assign(window, { benchLists: { startTrace, endTrace, startChatdesk, startBare, load, liveChatdesk, liveBare, queryChange, bareQuery, bareLocal, queryOneFrame, bareOneFrame, scroll } });
