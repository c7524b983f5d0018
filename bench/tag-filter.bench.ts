/**
 * `<tag-filter>` at scale: 2,000 distinct tags, counts over 10,000 dialogs. Types into the search
 * field and measures input-to-paint per keystroke: from dispatching the `input` event to the next
 * animation frame after the element's update, with a forced layout of the list so style and
 * layout are included. Goal: one frame (16.7 ms).
 *
 * Runs in a headless Chromium page (bench/run.js); exports `run(report)`.
 */
import '../src/define/tag-filter.js';
import type { Id, Tag } from '../sdk/model.js';
import type { TagFilter } from '../components/tag-filter/tag-filter.js';
import { buildCounts, buildTags, TAG_FILTER_DIALOGS as DIALOGS, TAG_FILTER_TAGS as TAGS } from './tag-filter.data.js';

type Report = (name: string, value: number, unit: string, goal?: string) => void;

const FRAME = '< 16.7 ms';

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function mount(tags: Tag[], counts: Map<Id, number>, pageSize?: number): Promise<{ el: TagFilter; ms: number }> {
  const t0 = performance.now();
  const el = document.createElement('tag-filter');
  el.locale = 'en';
  el.tags = tags;
  el.counts = counts;
  if (pageSize) el.pageSize = pageSize;
  el.style.cssText = 'display:block;width:360px';
  document.body.append(el);
  await el.updateComplete;
  await nextFrame();
  el.shadowRoot!.querySelector('.root')!.getBoundingClientRect();
  return { el, ms: performance.now() - t0 };
}

interface Keystroke {
  /** Dispatch of `input` to the end of the element's update plus style and layout (main-thread work). */
  work: number;
  /** Dispatch of `input` to the next animation frame after the update (the frame that paints it). */
  toFrame: number;
}

/**
 * Types `text` then erases it, one keystroke at a time. Each keystroke is dispatched from a
 * timer (as real input arrives, anywhere within a frame), never right after a frame.
 */
async function typeAndErase(el: TagFilter, text: string): Promise<Keystroke[]> {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  input.focus();
  const out: Keystroke[] = [];
  const key = async (value: string) => {
    await nextFrame();
    await new Promise((r) => setTimeout(r, 3));
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
    await el.updateComplete;
    el.shadowRoot!.querySelector('.root')!.getBoundingClientRect();
    const work = performance.now() - t0;
    const frame = await nextFrame();
    out.push({ work, toFrame: frame - t0 });
  };
  for (let i = 1; i <= text.length; i++) await key(text.slice(0, i));
  for (let i = text.length - 1; i >= 0; i--) await key(text.slice(0, i));
  return out;
}

const WORDS_TYPED = ['envio', 'доставка 1', 'e'];
const ROUNDS = 3;

/** One round: a fresh element on a fresh data set (cold text caches), every word typed and erased. */
async function round(seed: number, pageSize?: number): Promise<{ keys: Keystroke[]; mountMs: number; rows: number; pageSize: number }> {
  const tags = buildTags(TAGS, seed);
  const counts = buildCounts(tags, DIALOGS, seed + 1);
  const { el, ms } = await mount(tags, counts, pageSize);
  const rows = el.shadowRoot!.querySelectorAll('[role="option"]').length;
  // A person needs far longer than this to reach the search field and type.
  await new Promise((r) => setTimeout(r, 400));
  const keys: Keystroke[] = [];
  for (const word of WORDS_TYPED) keys.push(...(await typeAndErase(el, word)));
  el.remove();
  return { keys, mountMs: ms, rows, pageSize: el.pageSize };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/**
 * Reports per keystroke the best of the rounds (the same keystroke of the same sequence, on
 * equivalent data): on a shared machine the other processes' noise lands in one round, not in
 * all. The raw figures over every round are reported too.
 */
function reportRounds(report: Report, label: string, rounds: Keystroke[][], goal: boolean): void {
  const n = rounds[0]!.length;
  const best = (pick: (k: Keystroke) => number) => Array.from({ length: n }, (_, i) => Math.min(...rounds.map((r) => pick(r[i]!))));
  const work = best((k) => k.work);
  const toFrame = best((k) => k.toFrame);
  const g = goal ? FRAME : undefined;
  report(`${label}: keystroke input-to-paint, median`, median(toFrame), 'ms', g);
  report(`${label}: keystroke input-to-paint, max`, Math.max(...toFrame), 'ms', g);
  report(`${label}: keystroke work (update + style + layout), median`, median(work), 'ms', g);
  report(`${label}: keystroke work (update + style + layout), max`, Math.max(...work), 'ms', g);
  const raw = rounds.flat().map((k) => k.work);
  report(`${label}: keystroke work, every round, p95`, percentile(raw, 95), 'ms');
  report(`${label}: keystroke work, every round, max`, Math.max(...raw), 'ms');
}

export default async function run(report: Report): Promise<void> {
  report('tag-filter: distinct tags', TAGS, 'tags');
  report('tag-filter: dialogs counted', DIALOGS, 'dialogs');

  // Warm up (JIT, styles).
  const warm = await mount(buildTags(TAGS, 1), buildCounts(buildTags(TAGS, 1)));
  await typeAndErase(warm.el, 'ab');
  warm.el.remove();

  const rounds: Keystroke[][] = [];
  const mounts: number[] = [];
  let rows = 0;
  let pageSize = 0;
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    const res = await round(7 + r * 101);
    rounds.push(res.keys);
    mounts.push(res.mountMs);
    rows = res.rows;
    pageSize = res.pageSize;
  }
  report('tag-filter: mount (2,000 tags), best of rounds', Math.min(...mounts), 'ms');
  report('tag-filter: option rows in the DOM', rows, 'rows', `<= ${pageSize}`);
  report('tag-filter: keystrokes per round', rounds[0]!.length, 'keystrokes');
  reportRounds(report, 'tag-filter', rounds, true);

  // For comparison: every matching tag rendered at once (why the list renders a page at a time).
  gc();
  const all = await round(7, TAGS);
  report('tag-filter (no paging, 2,000 rows): mount', all.mountMs, 'ms');
  reportRounds(report, 'tag-filter (no paging, 2,000 rows)', [all.keys], false);
}
