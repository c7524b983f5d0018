/**
 * Starts reference servers for Node tests on a free loopback port, each over its own copy of a
 * seeded database. Creating a PGlite database takes seconds, so one seeded template per seed
 * (and per day: timestamps stay recent) is made once in the temp folder and copied per server.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSeed, type SeedOptions } from '../../server/demo-data/seed.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../../server/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The seed the tests use: every well-known dialog plus some ordinary ones. */
export const TEST_SEED: SeedOptions = { dialogs: 30, seed: 7 };

function templateKey(seed: SeedOptions): string {
  const h = createHash('sha1');
  for (const file of readdirSync(path.join(ROOT, 'server/db'))
    .filter((f) => f.endsWith('.ts'))
    .sort())
    h.update(readFileSync(path.join(ROOT, 'server/db', file)));
  for (const file of readdirSync(path.join(ROOT, 'server/db/migrations')).sort()) h.update(readFileSync(path.join(ROOT, 'server/db/migrations', file)));
  for (const file of readdirSync(path.join(ROOT, 'server/demo-data')).sort()) h.update(readFileSync(path.join(ROOT, 'server/demo-data', file)));
  h.update(readFileSync(path.join(ROOT, 'server/core/derive.ts')));
  h.update(JSON.stringify(seed));
  h.update(new Date().toISOString().slice(0, 10));
  return h.digest('hex').slice(0, 16);
}

/** A data folder holding a seeded database, copied from the day's template. */
export async function seededDataDir(seed: SeedOptions = TEST_SEED): Promise<string> {
  const tmp = os.tmpdir();
  const template = path.join(tmp, `chatdesk-template-${templateKey(seed)}`);
  if (!existsSync(template)) {
    const building = `${template}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const storage = await PgliteStorage.open(path.join(building, 'db'));
    await storage.init(() => createSeed({ now: Date.now(), ...seed }));
    await storage.close();
    try {
      renameSync(building, template);
    } catch {
      // Another test process made it first.
      rmSync(building, { recursive: true, force: true });
    }
    // Old templates go.
    for (const name of readdirSync(tmp)) {
      if (!name.startsWith('chatdesk-template-') || path.join(tmp, name) === template) continue;
      const full = path.join(tmp, name);
      try {
        if (Date.now() - statSync(full).mtimeMs > 36 * 3600_000) rmSync(full, { recursive: true, force: true });
      } catch {
        /* in use or gone */
      }
    }
  }
  const dir = mkdtempSync(path.join(tmp, 'chatdesk-test-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions extends Partial<ChatServerOptions> {
  seed?: never;
  seedOptions?: SeedOptions;
}

/** A test server; `stop()` closes it and removes its data unless `keepData`. */
export interface TestServer extends ChatServer {
  dataDir: string;
  /** Closes the server; the data folder stays for a restart. */
  stop(): Promise<void>;
  /** Starts a new server over the same data folder and port. */
  restart(): Promise<TestServer>;
  /** Closes and removes the data folder. */
  dispose(): Promise<void>;
  /** A bearer token for an operator. */
  tokenFor(operatorId: string): Promise<string>;
}

/** Starts a server on 127.0.0.1 on a free port over a fresh copy of the seeded database. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { seedOptions, ...rest } = options;
  const dataDir = rest.dataDir ?? (await seededDataDir(seedOptions));
  const start = async (port: number): Promise<TestServer> => {
    const server = await createChatServer({
      port,
      host: '127.0.0.1',
      delayFactor: 0.02,
      faults: true,
      socket: { helloTimeoutMs: 5000, idleTimeoutMs: 60_000 },
      visitorLeaveGraceMs: 200,
      ...rest,
      dataDir,
      seed: () => createSeed({ now: Date.now(), ...(seedOptions ?? TEST_SEED) }),
    });
    const ts: TestServer = {
      ...server,
      get inFlight() {
        return server.inFlight;
      },
      dataDir,
      stop: () => server.close(),
      restart: async () => {
        await server.close();
        return start(server.port);
      },
      dispose: async () => {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
      tokenFor: (operatorId) => server.storage.createSession(operatorId, 'test'),
    };
    return ts;
  };
  return start(rest.port ?? 0);
}
