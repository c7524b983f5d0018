/**
 * A throwaway nginx in front of reference-server instances, for the load-balancer test: the
 * configuration a vendor is given (`docs/nginx.conf`) with its addresses replaced, wrapped in a
 * main configuration whose files (pid, logs, temporary bodies) live in a temp folder. The binary
 * comes from `NGINX_BIN`, `/usr/sbin/nginx` (Debian's `nginx` package) or the PATH.
 *
 * Without nginx, {@link nginxSkipReason} gives a one-line reason to skip; under CI (`CI=true`)
 * there is no reason to skip: the test fails instead (`.ci/run` installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipUnlessCI } from './postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The nginx binary, or null. */
export function findNginx(): string | null {
  const candidates = [process.env.NGINX_BIN, '/usr/sbin/nginx', ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'nginx'))];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

/** Why the nginx test cannot run here, or `false` when it can (always `false` under CI). */
export function nginxSkipReason(): string | false {
  return skipUnlessCI(findNginx() ? null : 'nginx is not installed (apt-get install nginx, or set NGINX_BIN); CI runs this test');
}

/** One line of the access log (format `chatdesk_test` below). */
export interface AccessLine {
  status: number;
  method: string;
  uri: string;
  /** The instances nginx tried, in order (`127.0.0.1:PORT`), or `chatdesk` when none was up. */
  upstreams: string[];
}

/** A running nginx. */
export interface TestNginx {
  url: string;
  /** The access log so far (a WebSocket is logged when it closes). */
  accessLog(): AccessLine[];
  /** The error log so far. */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx on `port` with `docs/nginx.conf`, its two `server` lines pointed at `upstreams`.
 * Fails if the file no longer has the lines it replaces (the test then runs what the docs say).
 */
export async function startNginx(port: number, upstreams: [number, number]): Promise<TestNginx> {
  const bin = findNginx();
  if (!bin) throw new Error('nginx is not installed: apt-get install nginx (or set NGINX_BIN)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-nginx-'));
  const documented = readFileSync(path.join(ROOT, 'docs/nginx.conf'), 'utf8');
  const site = documented
    .replace(/server 127\.0\.0\.1:8081 /, `server 127.0.0.1:${upstreams[0]} `)
    .replace(/server 127\.0\.0\.1:8082 /, `server 127.0.0.1:${upstreams[1]} `)
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`);
  for (const needle of [`:${upstreams[0]} `, `:${upstreams[1]} `, `listen 127.0.0.1:${port};`]) {
    if (!site.includes(needle)) throw new Error(`docs/nginx.conf: could not point it at this test's addresses (${needle.trim()})`);
  }
  writeFileSync(path.join(dir, 'chatdesk.conf'), site);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      // As root, nginx's workers would run as nobody, who cannot write this folder.
      isRoot ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events { worker_connections 256; }',
      'http {',
      `  log_format chatdesk_test '$status|$request_method|$uri|$upstream_addr';`,
      `  access_log ${dir}/access.log chatdesk_test;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/chatdesk.conf;`,
      '}',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(bin, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const url = `http://127.0.0.1:${port}`;
  const read = (name: string) => (existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), 'utf8') : '');
  // Ready when it answers (its answer may be a 502 while no instance listens yet).
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}${read('error.log')}`);
    const r = await fetch(`${url}/api/v1/health`).catch(() => null);
    if (r) break;
    if (Date.now() - started > 15_000) throw new Error(`nginx did not answer within 15 s: ${stderr}${read('error.log')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    accessLog: () =>
      read('access.log')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [status, method, uri, upstream = ''] = line.split('|');
          return { status: Number(status), method: method!, uri: uri!, upstreams: upstream.split(/,\s*/).filter(Boolean) };
        }),
    errorLog: () => read('error.log'),
    stop: async () => {
      process.off('exit', onExit);
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
