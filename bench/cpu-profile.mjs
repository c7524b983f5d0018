/**
 * `node --import ./bench/cpu-profile.mjs`: what bench/server.ts measures inside each server
 * instance it starts (NODE_OPTIONS allows `--import`, not `--cpu-prof`).
 *
 * - BENCH_PROFILE_DIR: a V8 CPU profile of the whole process, written there when it exits.
 * - BENCH_COUNT_DIR: the round trips to PostgreSQL (each `pg` client query: one simple-protocol
 *   query, or one prepared statement's parse/bind/execute/sync), counted; on SIGUSR2 the count so
 *   far is written to `<dir>/<pid>.json` as `{ "n": …, "roundTrips": … }` (`n` counts the writes).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}

const countDir = process.env.BENCH_COUNT_DIR;
if (countDir) {
  // The same module instance the server imports (resolved from the same node_modules).
  const pg = createRequire(import.meta.url)('pg');
  const query = pg.Client.prototype.query;
  let roundTrips = 0;
  let n = 0;
  pg.Client.prototype.query = function (...args) {
    roundTrips++;
    return query.apply(this, args);
  };
  process.on('SIGUSR2', () => {
    // Written whole, then renamed: a reader never sees half of it.
    const file = path.join(countDir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify({ n: ++n, roundTrips }));
    renameSync(`${file}.tmp`, file);
  });
}
