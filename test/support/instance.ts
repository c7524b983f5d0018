/**
 * One reference-server instance in its own process, for tests and benchmarks that need several
 * (and need to `kill -9` one): `node --import tsx test/support/instance.ts`, configured by
 * environment (DATABASE_URL; CHATDESK_DATA_DIR for PGlite; CHATDESK_DELAY_FACTOR;
 * CHATDESK_LEADER_POLL_MS; CHATDESK_LEADER_LEASE_MS; CHATDESK_POOL; CHATDESK_TEST_PORT, a port of its own; CHATDESK_LOG=1 logs every request; CHATDESK_FAULTS=1
 * answers `/api/test/faults`). Prints one JSON line `{ "url": … }` once it listens.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSeed } from '../../server/demo-data/seed.js';
import { isAccessLogLine } from '../../server/api.js';
import { createChatServer } from '../../server/server.js';
import { TEST_SEED } from './server.js';

const server = await createChatServer({
  dataDir: process.env.CHATDESK_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'chatdesk-instance-')),
  databaseUrl: process.env.DATABASE_URL,
  // A fixed port when a load balancer in front names it (test/server/load-balancer.node.test.ts).
  port: Number(process.env.CHATDESK_TEST_PORT ?? 0),
  host: '127.0.0.1',
  delayFactor: Number(process.env.CHATDESK_DELAY_FACTOR ?? 0.02),
  poolSize: Number(process.env.CHATDESK_POOL ?? 10),
  // Fault injection (`/api/test/faults`) only when asked for: the benches measure the server a vendor runs.
  faults: process.env.CHATDESK_FAULTS === '1',
  cluster: { leaderPollMs: Number(process.env.CHATDESK_LEADER_POLL_MS ?? 200), leaderLeaseMs: process.env.CHATDESK_LEADER_LEASE_MS ? Number(process.env.CHATDESK_LEADER_LEASE_MS) : undefined },
  socket: { helloTimeoutMs: 5000, idleTimeoutMs: 60_000 },
  seed: () => createSeed({ now: Date.now(), ...TEST_SEED }),
  // As `npm start` logs (server/main.ts): every request only with CHATDESK_LOG=1, so the benches
  // measure the server a vendor runs; errors and cluster events always (a failing test shows them).
  log: (line) => {
    if (process.env.CHATDESK_LOG === '1' || !isAccessLogLine(line)) console.error(line);
  },
});
console.log(JSON.stringify({ url: server.url, endpoint: server.endpoint, leader: server.cluster?.isLeader ?? true }));
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
