/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temp folder, started on
 * a free loopback port with its socket in that folder, stopped and removed afterwards. Run as an
 * unprivileged user when this process is root (`initdb` refuses root). The binaries come from
 * `PG_BIN`, Debian's `/usr/lib/postgresql/<version>/bin`, or the PATH.
 *
 * Without PostgreSQL, {@link postgresSkipReason} gives a one-line reason to skip; under CI
 * (`CI=true`) there is no reason to skip: the tests fail instead (`.ci/run` installs it).
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The folder holding `initdb`, `pg_ctl` and `postgres`, or null. */
export function findPostgresBin(): string | null {
  const has = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.PG_BIN && has(process.env.PG_BIN)) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => has(path.join(debian, v, 'bin')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && has(dir)) return dir;
  return null;
}

/**
 * Why PostgreSQL tests cannot run here, or `false` when they can. Under CI it is always `false`
 * (a missing PostgreSQL then fails the tests, never skips them).
 */
export function postgresSkipReason(): string | false {
  return skipUnlessCI(findPostgresBin() ? null : 'PostgreSQL is not installed (apt-get install postgresql, or set PG_BIN); CI runs these tests');
}

/**
 * A test's reason to skip for a tool this machine lacks (`missing`, or null when it has it), or
 * `false`. Never a reason under CI (`CI=true`): there a missing tool fails the test.
 */
export function skipUnlessCI(missing: string | null): string | false {
  if (process.env.CI === 'true' || process.env.CI === '1') return false;
  return missing ?? false;
}

/** A running throwaway cluster. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`. */
  url: string;
  port: number;
  /** Creates an empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the server and starts it again on the same port and data. `immediate` (the default) is a
   * crash: every connection is cut and the start replays the WAL; `fast` is an orderly stop.
   * `whileDown` runs between the stop and the start.
   */
  restart<T = void>(mode?: 'immediate' | 'fast', whileDown?: () => Promise<T>): Promise<T>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /**
   * Trade durability for speed (fsync and synchronous commit off): fine for tests, whose data
   * dies with them. Benchmarks keep PostgreSQL's defaults.
   */
  fast?: boolean;
  /** More `-c name=value` settings. */
  settings?: Record<string, string>;
}

/** A free TCP port on loopback (for a server started next; another may take it meanwhile). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** uid/gid to run PostgreSQL as when this process is root. */
function unprivileged(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function run(cmd: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (out += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited ${code}: ${out.slice(-2000)}`))));
  });
}

/** Creates and starts a throwaway cluster. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (or set PG_BIN)');
  const user = unprivileged();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-pg-'));
  const data = path.join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const as: SpawnOptions = { cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(user ?? {}) };
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: '200',
    ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  };
  let stopped = false;
  try {
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], as);
    let port = 0;
    let opts = '';
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      opts = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
      try {
        await run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], as);
        break;
      } catch (e) {
        // Someone took the port between the probe and the start: another one.
        if (attempt >= 3) throw new Error(`${(e as Error).message}\n${existsSync(path.join(dir, 'log')) ? readFileSync(path.join(dir, 'log'), 'utf8').slice(-2000) : ''}`);
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // A test process that dies without stop() does not leave a server behind.
    const onExit = () => {
      if (!stopped) spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { ...as, stdio: 'ignore' } as Parameters<typeof spawnSync>[2]);
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    return {
      url,
      port,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async restart<T>(mode: 'immediate' | 'fast' = 'immediate', whileDown?: () => Promise<T>) {
        await run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop'], as);
        const value = await whileDown?.();
        await run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], as);
        return value as T;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off('exit', onExit);
        await run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], as).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    if (!stopped) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
