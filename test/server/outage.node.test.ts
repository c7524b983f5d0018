/**
 * An outage in the middle of a burst (issue 12, S1, S2): an operator types quickly into several
 * dialogs while the server process is killed (`kill -9`) twice and restarted over the same data,
 * with connection cuts injected in between (sockets dropped, answers lost, requests failed). The
 * SDK holds what it cannot send and sends each dialog's messages in the order they were typed.
 * Afterwards every typed message is stored once, in typed order per dialog.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Id } from '../../sdk/model.js';
import type { FaultCounts, FaultRequest } from '../../server/faults.js';
import { httpClient, sleep, storedFeed, until, untilEveryTypedStored, type TestClient } from '../support/clients.js';
import { seededDataDir } from '../support/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The administrator's dialogs on four channels. */
const DIALOGS = ['dlg-0002', 'dlg-0015', 'dlg-0021', 'dlg-0024'];
const MESSAGES = 240;
const KILL_AT = [60, 180];

interface Proc {
  child: ChildProcess;
  api: string;
  port: number;
}

/** Starts `server/main.ts --api-only` as its own process (fault injection on) and waits for its address. */
function startProcess(dataDir: string, port = 0): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--api-only', '--port', String(port), '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, CHATDESK_FAULTS: '1', CHATDESK_LOG: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = (d: Buffer) => {
      output += String(d);
      const m = /API\s+(http:\/\/\S+\/api\/v1)/.exec(output);
      if (m) {
        clearTimeout(timer);
        const api = m[1]!.replace('localhost', '127.0.0.1');
        resolve({ child, api, port: Number(new URL(api).port) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output}`));
    });
  });
}

function kill9(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    p.child.removeAllListeners('exit');
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

describe('outage mid-burst: kill -9 with sends queued in the SDK', () => {
  let dataDir = '';
  let running: Proc | null = null;
  let client: TestClient | null = null;
  after(async () => {
    client?.client.stop();
    if (running) await kill9(running);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('S1, S2: every typed message is stored once, in the order it was typed in its dialog, across two kills and injected cuts', async () => {
    dataDir = await seededDataDir();
    let server = await startProcess(dataDir);
    running = server;
    const signIn = await fetch(`${server.api}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId: 'op-admin' }) });
    const { token } = (await signIn.json()) as { token: string };
    const c = httpClient({ endpoint: server.api }, token);
    client = c;
    await c.client.start();
    await until(() => c.client.$connection.get() === 'online', 'online');
    for (const d of DIALOGS) await c.client.openDialog(d);

    const cuts: FaultCounts = { failed: 0, delayed: 0, lost: 0, socketsDropped: 0, socketsStalled: 0 };
    const collect = async () => {
      const r = await fetch(`${server.api.replace(/\/v1$/, '')}/test/faults`).catch(() => null);
      if (!r?.ok) return;
      const counts = ((await r.json()) as { counts: FaultCounts }).counts;
      for (const k of Object.keys(cuts) as Array<keyof FaultCounts>) cuts[k] += counts[k];
    };
    const inject = async (f: FaultRequest) => {
      await fetch(`${server.api.replace(/\/v1$/, '')}/test/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }).catch(() => null);
    };
    let kills = 0;
    let up = true;
    let down: Promise<void> | null = null;
    const restart = () => {
      const previous = server;
      kills++;
      up = false;
      down = (async () => {
        await collect();
        await kill9(previous);
        server = await startProcess(dataDir, previous.port);
        running = server;
        up = true;
      })();
    };
    const CUTS: FaultRequest[] = [{ dropSockets: true }, { loseNext: 2, match: '/messages' }, { failNext: 2, match: '/messages' }];

    // Typed in order, quickly, round the dialogs: nothing awaits the server.
    const typed = new Map<Id, string[]>(DIALOGS.map((d) => [d, []]));
    const sends: Array<Promise<unknown>> = [];
    for (let i = 1; i <= MESSAGES; i++) {
      const dialogId = DIALOGS[i % DIALOGS.length]!;
      const text = `burst ${i} in ${dialogId}`;
      typed.get(dialogId)!.push(text);
      sends.push(c.client.send(dialogId, { text }).catch((e: unknown) => e));
      if (KILL_AT.includes(i)) restart();
      else if (up && i % 5 === 3) await inject(CUTS[((i - 3) / 5) % CUTS.length]!);
      await sleep(i % 4 === 0 ? 15 : 2);
      // Back up before the next kill, so that it hits a running server with sends in flight.
      if (KILL_AT.includes(i + 10) && down) await down;
    }
    await down;
    await Promise.all(sends);

    // Everything typed reaches the server once the client caught up.
    const stored = (dialogId: Id) => storedFeed(server.api, token, dialogId);
    await untilEveryTypedStored(server.api, token, typed, 90_000);
    await collect();

    let lost = 0;
    let doubled = 0;
    let reordered = 0;
    for (const [d, texts] of typed) {
      const feed = await stored(d);
      let highest = 0;
      for (const t of texts) {
        const copies = feed.filter((m) => m.text === t);
        if (copies.length === 0) lost++;
        if (copies.length > 1) doubled += copies.length - 1;
        const n = copies[0]?.n ?? 0;
        if (n && n < highest) reordered++;
        highest = Math.max(highest, n);
      }
      // The client shows each once, in the server's order.
      const local = c.client.feed(d).messages.filter((m) => m.text.startsWith('burst '));
      assert.equal(new Set(local.map((m) => m.id)).size, local.length, `${d}: no double in the client's feed`);
    }
    const injected = cuts.failed + cuts.lost + cuts.socketsDropped;
    console.log(
      `outage: messages ${MESSAGES} in ${DIALOGS.length} dialogs, cuts ${injected} (failed ${cuts.failed}, answers lost ${cuts.lost}, sockets dropped ${cuts.socketsDropped}), kills ${kills}; lost ${lost}, doubled ${doubled}, reordered ${reordered}`,
    );
    assert.equal(kills, KILL_AT.length);
    assert.deepEqual({ lost, doubled, reordered }, { lost: 0, doubled: 0, reordered: 0 });
  });
});
