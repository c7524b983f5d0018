/**
 * Probes of `bench/lists.ts` through the DevTools protocol: where a phase's bytes are allocated
 * (BENCH_HEAP) and what V8's collections cost in it (BENCH_GC). Issue 13: the live events at 100k
 * loaded missed their frame in collections.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';

/**
 * BENCH_HEAP: runs `work` under V8's sampling heap profiler (CDP `HeapProfiler.startSampling`) and
 * prints where the bytes were allocated, by function (self), counting the objects the young and
 * the old generation's collections freed too (what makes scavenges), and in total.
 */
export async function allocations<T>(cdp: CDPSession, what: string, work: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_HEAP) return work();
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const out = await work();
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
  const self = new Map<string, number>();
  let total = 0;
  const walk = (n: Node, parent: string) => {
    const own = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    // Allocations with no frame of their own (builtins: spread, slice, Map growth) go to their caller.
    const k = n.callFrame.url ? own : `${n.callFrame.functionName || '(anon)'} ← ${parent}`;
    if (n.selfSize) self.set(k, (self.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children) walk(c, n.callFrame.url ? own : parent);
  };
  walk(profile.head as Node, '(root)');
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_HEAP_TOP ?? 25));
  console.log(`  allocations of ${what}: ${(total / 1024 / 1024).toFixed(1)} MB sampled; by function (KB): ${top.map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`).join(' | ')}`);
  return out;
}

/**
 * BENCH_GC: runs `work` under a Chromium trace with V8's GC categories and prints, for the spans
 * between the page's `bench-live-t0` and `bench-live-t1` marks (the timed runs of live events; the
 * collection made before each is outside), the renderer main thread's collections by kind, the
 * heap they saw, and the longest tasks with their thread CPU and the collections inside them.
 */
export async function collections<T>(traced: { browser: Browser; page: Page }, what: string, work: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_GC) return work();
  const { browser, page } = traced;
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-v8.gc'] });
  const out = await work();
  const buf = await browser.stopTracing();
  type E = {
    name: string;
    ph: string;
    ts: number;
    dur?: number;
    tdur?: number;
    tid: number;
    pid: number;
    args?: { name?: string; usedHeapSizeBefore?: number; data?: { usedHeapSizeBefore?: number } };
  };
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: E[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return out;
  const marks = events.filter((e) => e.pid === main.pid && (e.name === 'bench-live-t0' || e.name === 'bench-live-t1') && e.ph !== 'X').sort((a, b) => a.ts - b.ts);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i + 1 < marks.length; i++) if (marks[i]!.name === 'bench-live-t0' && marks[i + 1]!.name === 'bench-live-t1') spans.push([marks[i]!.ts, marks[i + 1]!.ts]);
  // Wholly inside a span: the task that ends one run also starts the next (makes its events, collects).
  const within = (e: E) => spans.some(([a, b]) => e.ts >= a && e.ts + (e.dur ?? 0) <= b);
  const mine = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur && within(e));
  const gcs = mine.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC');
  const ms = (us: number | undefined) => ((us ?? 0) / 1000).toFixed(1);
  const by = (name: string) => gcs.filter((e) => e.name === name).map((e) => e.dur! / 1000);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const heap = gcs.map((e) => e.args?.usedHeapSizeBefore ?? e.args?.data?.usedHeapSizeBefore ?? 0).filter((x) => x > 0);
  const [minor, major] = [by('MinorGC'), by('MajorGC')];
  console.log(
    `  collections in ${what} (${spans.length} timed runs, ${(sum(spans.map(([a, b]) => b - a)) / 1000) | 0} ms): ${minor.length} young (${sum(minor).toFixed(1)} ms, longest ${Math.max(0, ...minor).toFixed(1)}), ${major.length} old (${sum(major).toFixed(1)} ms, longest ${Math.max(0, ...major).toFixed(1)}); heap before them ${heap.length ? `${(Math.min(...heap) / 2 ** 20).toFixed(0)}–${(Math.max(...heap) / 2 ** 20).toFixed(0)} MB` : 'n/a'}`,
  );
  // (A list of the tasks by thread CPU alone is not printed: some RunTask events carried more
  // thread time than any task's wall time.)
  const all = mine.filter((e) => e.name === 'RunTask');
  const tasks = all.sort((a, b) => b.dur! - a.dur!).slice(0, 5);
  for (const t of tasks) {
    const inside = gcs.filter((g) => g.ts >= t.ts && g.ts < t.ts + t.dur!).map((g) => `${g.name === 'MinorGC' ? 'young' : 'old'} ${ms(g.dur)}`);
    // What ran in it: events inside it over 1 ms of thread CPU, with their wall and CPU time.
    const ran = mine
      .filter((e) => e !== t && e.ts >= t.ts && e.ts < t.ts + t.dur! && (e.tdur ?? 0) > 1000)
      .map((e) => `${e.name} ${ms(e.dur)}/${ms(e.tdur)}`)
      .slice(0, 12);
    console.log(`    task ${ms(t.dur)} ms (thread CPU ${ms(t.tdur)}): ${inside.join(', ') || 'no collection'}; in it (wall/CPU ms): ${ran.join(', ')}`);
  }
  return out;
}
