/** Starts reference-server instances as child processes (`instance.ts`) and stops them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A running instance. */
export interface Instance {
  url: string;
  endpoint: string;
  child: ChildProcess;
  /** Its stderr so far (errors, for a failure message). */
  log(): string;
  /** SIGKILL: no clean-up of any kind, as a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/**
 * Starts one instance with `env` added (DATABASE_URL, CHATDESK_DELAY_FACTOR…). Without
 * CHATDESK_DATA_DIR it gets a data folder of its own, removed when it exits (killed or stopped).
 */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const own = (env['CHATDESK_DATA_DIR'] ?? process.env['CHATDESK_DATA_DIR']) ? null : mkdtempSync(path.join(os.tmpdir(), 'chatdesk-instance-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'instance.ts')], {
    env: { ...process.env, ...env, ...(own ? { CHATDESK_DATA_DIR: own } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + String(d)).slice(-20_000)));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      if (own) rmSync(own, { recursive: true, force: true });
      resolve();
    }),
  );
  const info = await new Promise<{ url: string; endpoint: string }>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        child.stdout!.off('data', onData);
        resolve(JSON.parse(line) as { url: string; endpoint: string });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`instance exited ${code} before listening: ${err.slice(-3000)}`)));
  });
  return {
    ...info,
    child,
    log: () => err,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
