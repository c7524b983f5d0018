/**
 * Durability: what the server acknowledged is there after `kill -9` and a new start over the
 * same data folder (messages, a new visitor's dialog, uploads, event numbering).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { seededDataDir } from '../support/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

interface Proc {
  child: ChildProcess;
  api: string;
  output: string[];
}

/** Starts `server/main.ts --api-only` as its own process and waits for its API address. */
function startProcess(dataDir: string): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--api-only', '--port', '0', '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, CHATDESK_FAULTS: '0', CHATDESK_LOG: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), 120_000);
    const onData = (d: Buffer) => {
      output.push(String(d));
      const m = /API\s+(http:\/\/\S+\/api\/v1)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve({ child, api: m[1]!.replace('localhost', '127.0.0.1'), output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output.join('')}`));
    });
  });
}

function kill9(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    p.child.removeAllListeners('exit');
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

async function call(api: string, token: string | null, method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api}${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('durability across kill -9', () => {
  let dataDir = '';
  let running: Proc | null = null;
  after(async () => {
    if (running) await kill9(running);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('acknowledged messages survive kill -9 (twice) and event numbers carry on', async () => {
    dataDir = await seededDataDir();
    const dialogId = SEED_IDS.freshWaitingDialog;
    const acknowledged: string[] = [];
    let seq = 0;
    for (let round = 1; round <= 2; round++) {
      running = await startProcess(dataDir);
      const { api } = running;
      const signIn = await call(api, null, 'POST', '/auth/sign-in', { operatorId: SEED_IDS.admin });
      assert.equal(signIn.status, 201);
      const token = (signIn.body as { token: string }).token;
      // Everything acknowledged before is there, once.
      const page = await call(api, token, 'GET', `/dialogs/${dialogId}/messages?limit=100`);
      const ids = (page.body as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
      for (const id of acknowledged) assert.equal(ids.filter((x) => x === id).length, 1, `round ${round}: ${id} survived`);
      // Event numbers continue; they never restart below what a client may hold.
      const events = await call(api, token, 'GET', `/events?since=${seq}`);
      assert.equal((events.body as { gap: boolean }).gap, false, `round ${round}: events since ${seq} are kept`);
      seq = (events.body as { seq: number }).seq;
      // Acknowledged now, then the process is killed at once.
      const id = `persist-${round}`;
      const sent = await call(api, token, 'POST', `/dialogs/${dialogId}/messages`, { id, text: `Sobrevive al kill -9 (${round})` });
      assert.equal(sent.status, 201);
      acknowledged.push(id);
      await kill9(running);
      running = null;
    }
    running = await startProcess(dataDir);
    const signIn = await call(running.api, null, 'POST', '/auth/sign-in', { operatorId: SEED_IDS.admin });
    const token = (signIn.body as { token: string }).token;
    const page = await call(running.api, token, 'GET', `/dialogs/${dialogId}/messages?limit=100`);
    const ids = (page.body as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
    assert.deepEqual(
      acknowledged.map((id) => ids.filter((x) => x === id).length),
      [1, 1],
    );
  });

  it('a visitor’s new dialog and an uploaded file survive kill -9', async () => {
    if (!dataDir) dataDir = await seededDataDir();
    if (!running) running = await startProcess(dataDir);
    const base = running.api.replace(/\/api\/v1$/, '');
    const chat = await fetch(`${base}/api/visitor/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Durable Visitor', text: 'Hola, ¿seguís ahí?' }),
    });
    assert.equal(chat.status, 201);
    const { dialogId, token: visitorToken } = (await chat.json()) as { dialogId: string; token: string };
    const signIn = await call(running.api, null, 'POST', '/auth/sign-in', { operatorId: SEED_IDS.admin });
    const token = (signIn.body as { token: string }).token;
    const form = new FormData();
    form.append('file', new Blob([PNG_1x1], { type: 'image/png' }), 'durable.png');
    const up = await fetch(`${running.api}/dialogs/${dialogId}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(up.status, 201);
    const attachment = (await up.json()) as { id: string; url: string };
    await kill9(running);
    running = await startProcess(dataDir);
    const again = (await call(running.api, null, 'POST', '/auth/sign-in', { operatorId: SEED_IDS.admin })).body as { token: string };
    const page = await call(running.api, again.token, 'GET', `/dialogs/${dialogId}/messages`);
    assert.equal(page.status, 200);
    assert.deepEqual(
      (page.body as { messages: Array<{ text: string }> }).messages.map((m) => m.text),
      ['Hola, ¿seguís ahí?'],
    );
    const file = await fetch(`${running.api.replace(/\/api\/v1$/, '')}${attachment.url}`);
    assert.equal(file.status, 200);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG_1x1);
    // The visitor's token still works.
    const visitorView = await fetch(`${running.api.replace(/\/api\/v1$/, '')}/api/visitor/chat`, { headers: { authorization: `Bearer ${visitorToken}` } });
    assert.equal(visitorView.status, 200);
  });
});
