/**
 * A graceful stop (SIGTERM behind a load balancer, a rolling restart): the server stops accepting
 * connections, closes event sockets with 1001 so their clients resume elsewhere, answers the
 * requests under way before their connections close (a send under way is stored and answered
 * once), says 503 on `/health` to a connection already open, and cuts what is still running when
 * the grace period ends.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** A raw connection to the server, with everything it received. */
async function rawConnection(server: TestServer): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

/** The status lines of the HTTP answers in `text`, in order. */
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));

describe('graceful stop (issue 14: several instances behind a load balancer)', () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const s of servers) await s.dispose();
  });

  it('issue 14: answers the send under way once, closes event sockets with 1001, refuses new connections and says 503 on /health while it drains', async () => {
    const server = await startTestServer();
    servers.push(server);
    const token = await server.tokenFor(SEED_IDS.admin);

    // An operator's event socket, live.
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/ws`);
    const frames: Array<{ type: string }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as { type: string }));
    const wsClosed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'hello', token }));
    await until(() => frames.some((f) => f.type === 'ready'), 'the socket to be ready');

    // A send that is under way when the stop begins: held 400 ms before it is carried out.
    const inject = await fetch(`${server.url}/api/test/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delayNext: 1, delayMs: 400, match: '/messages' }),
    });
    assert.equal(inject.status, 200);
    const sending = await rawConnection(server);
    const body = JSON.stringify({ id: 'shutdown-send-1', text: 'Sent while the server stops' });
    sending.socket.write(
      `POST /api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/messages HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // A connection opened before the stop, its request not finished: it asks for /health during it.
    const probe = await rawConnection(server);
    probe.socket.write('GET /api/v1/health HTTP/1.1\r\nhost: x\r\n');
    await until(() => server.faults.counts.delayed === 1 && server.inFlight === 1, 'the send to be under way');

    const stopped = server.close({ graceMs: 30_000 });
    let stopDone = false;
    void stopped.then(() => (stopDone = true));

    assert.equal(await wsClosed, 1001, 'the event socket closes with 1001 (going away): its client reconnects and resumes');
    probe.socket.write('\r\n');
    await probe.closed;
    assert.deepEqual(statuses(probe.received()), [503], probe.received());
    assert.match(probe.received(), /"draining":true/);
    await assert.rejects(new Promise((resolve, reject) => connect(server.port, '127.0.0.1').once('connect', resolve).once('error', reject)), /ECONNREFUSED/, 'no new connection is accepted');

    await sending.closed;
    assert.deepEqual(statuses(sending.received()), [201], sending.received());
    assert.match(sending.received(), /connection: close/i, 'the answer tells the client to reconnect elsewhere');
    assert.match(sending.received(), /"id":"shutdown-send-1"/);
    await stopped;
    assert.ok(stopDone);

    // Stored once: a server over the same data has it.
    const again = await server.restart();
    servers.push(again);
    const feed = await again.storage.messages(SEED_IDS.freshWaitingDialog, undefined, 10_000);
    assert.equal(feed.filter((m) => m.id === 'shutdown-send-1').length, 1);
  });

  it('issue 14: a connection still in the kernel’s queue when the stop begins gets its answer (it was reset, and nginx answered its POST 502)', async () => {
    const server = await startTestServer();
    servers.push(server);
    const flag = path.join(os.tmpdir(), `chatdesk-queued-${process.pid}-${Date.now()}`);
    // Another process connects and sends its request while this one is busy: the connection
    // waits in the kernel's queue, not yet accepted, when the stop begins.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('net').connect(${server.port}, '127.0.0.1', () => s.write('GET /api/v1/health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n', () => require('fs').writeFileSync(${JSON.stringify(flag)}, '')));
         let got = ''; s.on('data', (d) => (got += d)); s.on('error', (e) => console.log('error ' + e.code));
         s.on('close', () => console.log('answer ' + (got.split('\\r\\n')[0] || '(none)')));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += String(d)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const busyUntil = Date.now() + 20_000;
    while (!existsSync(flag) && Date.now() < busyUntil) {
      /* busy: nothing is accepted meanwhile */
    }
    assert.ok(existsSync(flag), 'the other process sent its request');
    rmSync(flag, { force: true });
    const stopped = server.close();
    await exited;
    await stopped;
    assert.match(out, /answer HTTP\/1\.1 503/, `answered (503 on /health while it drains), not reset: ${out}`);
  });

  it('issue 14: cuts a request still running when the grace period ends, then stops', async () => {
    const server = await startTestServer();
    servers.push(server);
    const token = await server.tokenFor(SEED_IDS.admin);
    // A send whose body never finishes arriving.
    const slow = await rawConnection(server);
    slow.socket.write(
      `POST /api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/messages HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"id":"shutdown-cut-1","text":"`,
    );
    await until(() => server.inFlight === 1, 'the send to be under way');
    await server.close({ graceMs: 200 });
    await slow.closed;
    assert.deepEqual(statuses(slow.received()), [], 'nothing was answered: the connection was cut');
    assert.equal(server.inFlight, 0);
    const again = await server.restart();
    servers.push(again);
    assert.equal((await again.storage.messages(SEED_IDS.freshWaitingDialog, undefined, 10_000)).filter((m) => m.id === 'shutdown-cut-1').length, 0, 'nothing of it was stored');
  });

  it('issue 14: the command line refuses a bad CHATDESK_SHUTDOWN_GRACE_MS or CHATDESK_POOL with a clear error, before it opens anything', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    for (const [name, value, text] of [
      ['CHATDESK_SHUTDOWN_GRACE_MS', '-5', 'Invalid CHATDESK_SHUTDOWN_GRACE_MS: -5 (a whole number from 0 to 600000).'],
      ['CHATDESK_POOL', '1', 'Invalid CHATDESK_POOL: 1 (a whole number from 2 to 500).'],
      ['CHATDESK_POOL', 'ten', 'Invalid CHATDESK_POOL: ten (a whole number from 2 to 500).'],
    ] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--api-only', '--port', '0', '--data-dir', '/nonexistent/chatdesk-never-made'], {
        cwd: root,
        env: { ...process.env, [name]: value },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => (err += String(d)));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      assert.equal(code, 2, `${name}=${value}: ${err}`);
      assert.equal(err.trim(), text);
    }
  });

  it('S4, S6 (issue 14): a message stopped between delivered and read is read after the restart (its read is resumed, not lost)', async () => {
    const server = await startTestServer();
    servers.push(server);
    const telegram = SEED_IDS.channels.telegram;
    const dialog = (await server.storage.dialogs()).find((d) => d.channelId === telegram && d.status === 'open' && d.assignee?.kind === 'operator');
    assert.ok(dialog?.assignee, 'an open Telegram dialog with its operator');
    const token = await server.tokenFor(dialog.assignee.id);
    // The simulated client reads an hour after delivery: the stop comes first.
    const sim = (await server.storage.simulation())[telegram]!;
    assert.notEqual(sim.readDelayMs, null, 'Telegram reports reads in the demo');
    await server.storage.putSimulation(telegram, { ...sim, readDelayMs: 3_600_000 });
    const res = await fetch(`${server.endpoint}/dialogs/${dialog.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: 'shutdown-read-1', text: 'Read after the restart' }),
    });
    assert.equal(res.status, 201, await res.text());
    await until(async () => (await server.storage.message('shutdown-read-1'))?.status?.state === 'delivered', 'the message to be delivered');
    // From now on reads come at once, and sending and delivering take hours: the restarted server
    // resumes the read itself, not the whole delivery. The server stops before the hour is up.
    await server.storage.putSimulation(telegram, { ...sim, sendDelayMs: 3_600_000, deliverDelayMs: 3_600_000, readDelayMs: 0 });
    const again = await server.restart();
    servers.push(again);
    await until(async () => (await again.storage.message('shutdown-read-1'))?.status?.state === 'read', 'the restarted server to resume the read');
  });
});
