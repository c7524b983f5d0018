/**
 * `node --import ./bench/cpu-profile.mjs`: a V8 CPU profile of the whole process, written to
 * BENCH_PROFILE_DIR when it exits (what `--cpu-prof` does, which NODE_OPTIONS does not allow).
 * bench/server.ts passes it to the server instances it starts when BENCH_PROFILE_DIR is set.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
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
