/**
 * `npm run bench -- search`: L6 search over every message, measured from outside over loopback
 * HTTP (Node, no browser) against the reference server on PGlite.
 *
 * A data set of 10,000 dialogs (the `npm run seed` code path; `BENCH_1M_DIR` adds a folder made by
 * `npm run seed -- --dialogs 1000000 --open 5000`, migrated on open). For each search, the median
 * of the list's own request (`POST /dialogs/search`: the first 100 rows with the total, as the
 * SDK asks) over several runs:
 *
 * - a word of one old message that is not its dialog's last one (written first, then another);
 * - a client's contact handle;
 * - a phrase of the seeded messages and a common word (many dialogs match: the first rows come
 *   from the order, the total evaluates the predicate up to 1,000 matches, then says "1,000+");
 * - the common word with the tag counts too (T7, as the SDK asks while the tag filter shows):
 *   counted over the same walk of at most 1,000 matches, flagged `tagsAtLeast` past it; beside the
 *   same request without a search.
 *
 * The bare baseline, in the same run: the same request without a search (keyset page and the
 * total from the count aggregates). Then the trigram indexes of migration 005 are dropped and the
 * handle measured again, to show what the index is worth on this machine.
 *
 * Environment: BENCH_SEARCH_RUNS (default 9), BENCH_1M_DIR.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeQuery } from '../sdk/rules/query.js';
import { openStorage } from '../server/db/open.js';
import { loadBulk } from '../server/seed-bulk.js';
import { startInstance } from '../test/support/instances.js';

const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 9);
const PAGE = 100;
const TIMEOUT_MS = Number(process.env.BENCH_SEARCH_TIMEOUT_MS ?? 120_000);

interface Row {
  name: string;
  value: number;
  unit: string;
  goal?: string | undefined;
  bare?: number | undefined;
}
const rows: Row[] = [];

function meets(value: number, goal: string): boolean | null {
  const m = /^(<=|>=|<|>)\s*([\d.]+)/.exec(goal);
  if (!m || !Number.isFinite(value)) return m ? false : null;
  const g = Number(m[2]);
  return m[1] === '<' ? value < g : m[1] === '<=' ? value <= g : m[1] === '>' ? value > g : value >= g;
}
const fmt = (v: number) => (!Number.isFinite(v) ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

function report(name: string, value: number, unit: string, goal?: string, bare?: number): void {
  rows.push({ name, value, unit, goal, bare });
  const met = goal ? meets(value, goal) : null;
  const ratio = bare !== undefined && bare > 0 ? `   (bare ${fmt(bare)} ${unit}, ×${(value / bare).toFixed(1)})` : '';
  console.log(`  ${name}: ${fmt(value)} ${unit}${goal ? `   goal ${goal}${met === false ? '   NO' : ''}` : ''}${ratio}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** Picks what to search for from the data itself (nothing hard-coded about the seed's texts). */
async function needles(dataDir: string): Promise<{ phrase: string; handle: string; common: string; oldest: string[] }> {
  const storage = await openStorage({ dataDir });
  try {
    const db = storage.db;
    // An old message that is not its dialog's last one, in one of the oldest dialogs.
    const old = await db.query<{ text: string }>(
      `SELECT m.text FROM dialogs d JOIN messages m ON m.dialog_id = d.id AND m.n < d.last_n
       WHERE m.kind = 'text' AND length(m.text) >= 30 ORDER BY d.last_activity_at, m.n LIMIT 1`,
    );
    const text = old.rows[0]?.text ?? 'hola';
    const words = text.split(/\s+/).filter((w) => w.length >= 4);
    const rare = words.slice(1, 3).join(' ') || words[0] || text.slice(0, 12);
    const h = await db.query<{ handle: string }>(`SELECT c->>'handle' AS handle FROM clients, jsonb_array_elements(contacts) c WHERE c->>'handle' LIKE '@%' LIMIT 1`);
    const oldest = await db.query<{ id: string }>(
      `SELECT id FROM dialogs WHERE assignee IS NULL OR jsonb_typeof(assignee) = 'null' OR assignee->>'id' = 'op-admin' ORDER BY last_activity_at LIMIT 10`,
    );
    return { phrase: rare, handle: (h.rows[0]?.handle ?? '@nobody').slice(1), common: 'hola', oldest: oldest.rows.map((r) => r.id) };
  } finally {
    await storage.close();
  }
}

async function measure(endpoint: string, token: string, search: string, counts: readonly string[] = ['total']): Promise<number> {
  const body = JSON.stringify({ query: normalizeQuery({ search }), limit: PAGE, counts });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const times: number[] = [];
  let total = -1;
  let atLeast = false;
  let tags = '';
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    let page: { counts?: { total?: number; totalAtLeast?: boolean; tags?: Record<string, number>; tagsAtLeast?: boolean } };
    try {
      const r = await fetch(`${endpoint}/dialogs/search`, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      page = (await r.json()) as typeof page;
    } catch {
      // n/a: no answer within the timeout (printed as such, the run goes on).
      console.log(`    "${search}": no answer within ${TIMEOUT_MS / 1000} s`);
      return NaN;
    }
    // The first run warms the caches of that query; it is not counted.
    if (i > 0) times.push(performance.now() - t0);
    total = page.counts?.total ?? -1;
    atLeast = page.counts?.totalAtLeast === true;
    if (page.counts?.tags) tags = `, ${Object.keys(page.counts.tags).length} tags${page.counts.tagsAtLeast ? ' (lower bounds: tagsAtLeast)' : ''}`;
  }
  // A search's total is counted up to a cap; more is flagged (docs/protocol.md, Lists).
  if (search) console.log(`    "${search}": ${total.toLocaleString('en')}${atLeast ? '+ (capped: totalAtLeast)' : ''} dialogs${tags}`);
  return median(times);
}

async function at(label: string, dataDir: string, goal: string): Promise<void> {
  const n = await needles(dataDir);
  const instance = await startInstance({ CHATDESK_DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    const r = await fetch(`${instance.endpoint}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId: 'op-admin' }) });
    const token = ((await r.json()) as { token: string }).token;
    // A then B in one of the oldest dialogs: A holds a token found nowhere else.
    const unique = `zq${Date.now().toString(36)}`;
    for (const id of n.oldest) {
      const send = (text: string) =>
        fetch(`${instance.endpoint}/dialogs/${encodeURIComponent(id)}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: `bench-${unique}-${text.length}`, text }),
        });
      if ((await send(`Una pregunta sobre el pedido ${unique}, por favor`)).ok && (await send('Gracias')).ok) break;
    }
    const bare = await measure(instance.endpoint, token, '');
    report(`${label}: bare baseline, first ${PAGE} rows + total, no search`, bare, 'ms');
    report(`${label}: search a word of one old message (not the last), first ${PAGE} + total`, await measure(instance.endpoint, token, unique), 'ms', goal, bare);
    report(`${label}: search a client's handle`, await measure(instance.endpoint, token, n.handle), 'ms', goal, bare);
    report(`${label}: search a phrase of seeded messages`, await measure(instance.endpoint, token, n.phrase), 'ms', undefined, bare);
    report(`${label}: search a common word ("${n.common}")`, await measure(instance.endpoint, token, n.common), 'ms', undefined, bare);
    // T7 under a search (the tag filter open): counted over the same bounded walk as the total.
    const bareTags = await measure(instance.endpoint, token, '', ['total', 'tags']);
    report(`${label}: bare baseline, first ${PAGE} + total + tag counts, no search`, bareTags, 'ms');
    report(`${label}: search a common word ("${n.common}"), first ${PAGE} + total + tag counts (T7)`, await measure(instance.endpoint, token, n.common, ['total', 'tags']), 'ms', goal, bareTags);
  } finally {
    await instance.stop();
  }
}

/** The rare phrase again without the trigram indexes: what they are worth here. */
async function withoutIndex(label: string, dataDir: string): Promise<void> {
  const n = await needles(dataDir);
  const storage = await openStorage({ dataDir });
  await storage.db.exec('DROP INDEX IF EXISTS messages_search_trgm_idx; DROP INDEX IF EXISTS dialogs_search_trgm_idx; DROP INDEX IF EXISTS clients_search_trgm_idx;');
  await storage.close();
  const instance = await startInstance({ CHATDESK_DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    const r = await fetch(`${instance.endpoint}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId: 'op-admin' }) });
    const token = ((await r.json()) as { token: string }).token;
    report(`${label}: a client's handle WITHOUT the trigram indexes (for comparison)`, await measure(instance.endpoint, token, n.handle), 'ms');
  } finally {
    await instance.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `search bench: ${RUNS} runs each (median), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${os.cpus().length} cores`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-bench-search-'));
  try {
    const storage = await openStorage({ dataDir: dir });
    const seeded = await loadBulk(storage, { dialogs: 10_000, open: 1000, seed: 7 });
    await storage.close();
    console.log(`  seeded 10k dialogs in ${(seeded.ms / 1000).toFixed(1)} s`);
    await at('10k dialogs', dir, '<= 100');
    await withoutIndex('10k dialogs', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const big = process.env.BENCH_1M_DIR;
  if (big && existsSync(path.join(big, 'db'))) await at('1M dialogs', big, '<= 500');
  else console.log('  1M dialogs: skipped (BENCH_1M_DIR names a folder made by npm run seed -- --dialogs 1000000 --open 5000; opening it applies migration 005, which builds the indexes once)');

  console.log('\nsearch');
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const met = r.goal ? meets(r.value, r.goal) : null;
    console.log(`  ${r.name.padEnd(w)}  ${fmt(r.value).padStart(7)} ${r.unit.padEnd(3)}${r.goal ? `  goal ${r.goal}${met === false ? '  NO' : '  yes'}` : ''}`);
  }
}

await main();
