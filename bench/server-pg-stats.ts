/**
 * Where a message's time goes in PostgreSQL, for `npm run bench -- server`.
 *
 * - {@link pgCost} (always, on PostgreSQL): per accepted message, the CPU of the whole cluster (every
 *   backend and background process, from `/proc`).
 * - {@link pgStats} (BENCH_PG_STATS=1; BENCH_PG_STATS_WIDTH: characters of each statement shown, default 110): while one level runs, the statements of every backend
 *   (`pg_stat_statements`, reset at the start) and what the server's backends wait on
 *   (`pg_stat_activity`, sampled every 10 ms); printed per accepted message at the end of the level.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Starts watching a level; the function it answers stops and prints, given the messages accepted. */
export interface PgStats {
  start(): Promise<(accepted: number) => Promise<void>>;
  close(): Promise<void>;
}

/** CPU seconds (user + system) of each process so far (Linux `/proc`; a process gone or unknown is left out). */
export function cpuByPid(pids: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * Measures the cluster behind `url` (PostgreSQL on this machine) from now until the function it
 * answers is called: the CPU seconds of every process in `pg_stat_activity` (a backend that started
 * meanwhile counts from 0; the postmaster, which only forks, is left out).
 */
export async function pgCost(url: string): Promise<() => Promise<number>> {
  const c = new pg.Client({ connectionString: url, application_name: 'bench-cost' });
  await c.connect();
  const sample = async () => cpuByPid((await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity')).rows.map((r) => r.pid));
  const before = await sample();
  return async () => {
    const after = await sample();
    await c.end();
    let cpu = 0;
    for (const [pid, s] of after) cpu += s - (before.get(pid) ?? 0);
    return cpu;
  };
}

/** Statistics of the database at `url` (its cluster loads `pg_stat_statements`). */
export async function pgStats(url: string): Promise<PgStats> {
  const c = new pg.Client({ connectionString: url, application_name: 'bench-stats' });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    async start() {
      await c.query('SELECT pg_stat_statements_reset()');
      const waits = new Map<string, number>();
      let samples = 0;
      let stop = false;
      const sampling = (async () => {
        while (!stop) {
          const r = await c.query<{ w: string; n: number }>(
            `SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') || ' (' || state || ')' AS w, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'bench-stats' AND backend_type = 'client backend' GROUP BY 1`,
          );
          samples++;
          for (const row of r.rows) waits.set(row.w, (waits.get(row.w) ?? 0) + row.n);
          await new Promise((res) => setTimeout(res, 10));
        }
      })().catch((e: unknown) => {
        // The level failed and the client was closed: its error is the one to see.
        if (!stop) console.error(`    sampling stopped: ${String(e)}`);
      });
      return async (accepted: number) => {
        stop = true;
        await sampling;
        const per = Math.max(1, accepted);
        const r = await c.query<{ query: string; calls: number; ms: number; rows: number }>(
          `SELECT regexp_replace(left(query, ${Number(process.env.BENCH_PG_STATS_WIDTH ?? 110)}), '\\s+', ' ', 'g') AS query, calls::int, total_exec_time AS ms, rows::int FROM pg_stat_statements
           WHERE query NOT ILIKE '%pg_stat%' ORDER BY total_exec_time DESC LIMIT 14`,
        );
        const total = await c.query<{ calls: number; ms: number }>(`SELECT sum(calls)::int AS calls, sum(total_exec_time) AS ms FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%'`);
        console.log(`    pg_stat_statements, per accepted message (${accepted}): ${(total.rows[0]!.calls / per).toFixed(1)} statements, ${(total.rows[0]!.ms / per).toFixed(2)} ms executing`);
        for (const row of r.rows) console.log(`      ${(row.calls / per).toFixed(2).padStart(6)} calls ${(row.ms / per).toFixed(3).padStart(7)} ms  ${row.query}`);
        console.log(`    server backends, mean count by wait (${samples} samples):`);
        for (const [w, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`      ${(n / samples).toFixed(2).padStart(6)}  ${w}`);
      };
    },
    close: () => c.end(),
  };
}
