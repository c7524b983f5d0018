/**
 * `npm start` (demo) and `npm run server` (API only).
 *
 *   npm start                   build the demo pages, serve on http://localhost:8080
 *   npm start -- --reset        wipe the data folder's database and uploads, seed again
 *   npm start -- --port 9000    (or PORT=9000)
 *   npm run server              the API and the visitor endpoints, no demo pages
 *
 *   npm start -- --database-url postgres://user:pw@host/db   (or DATABASE_URL): a PostgreSQL
 *                               server instead of PGlite; run as many instances as you like on it
 *
 * Environment: PORT, HOST (default 127.0.0.1), CHATDESK_DATA_DIR (default ./.chatdesk-data),
 * DATABASE_URL (postgres://…; PGlite in the data folder when unset),
 * CHATDESK_FAULTS=1 (fault injection for tests; never in the demo), CHATDESK_LOG=1 (access log),
 * CHATDESK_DEMO_SIGNIN=0 (no demo sign-in endpoints: tokens come from elsewhere),
 * CHATDESK_SHUTDOWN_GRACE_MS (how long SIGTERM or Ctrl-C lets the requests under way finish;
 * default 10000), CHATDESK_POOL (connections of the instance's pool on PostgreSQL; default 10),
 * CHATDESK_DB_WAIT_MS (at start, how long to keep trying a PostgreSQL server that cannot be
 * reached yet; default 30000), CHATDESK_LEADER_LEASE_MS (on PostgreSQL, how long a frozen or hung
 * instance that leads the channel simulation keeps the lead; default 15000).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isAccessLogLine } from './api.js';
import { buildDemo, mountDemo } from './demo.js';
import { FolderInUseError } from './db/folder-lock.js';
import { redactUrl } from './db/open.js';
import { databaseUnavailable } from './errors.js';
import { createChatServer } from './server.js';

const { values } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    'api-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(`Usage: npm start -- [--reset] [--port N] [--host H] [--data-dir DIR] [--database-url postgres://…]
       npm run server -- [same options]   (API only, no demo pages)`);
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
const dataDir = path.resolve(values['data-dir'] ?? process.env.CHATDESK_DATA_DIR ?? '.chatdesk-data');
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL ?? undefined;
const demo = !values['api-only'];

/** A whole number from the environment in [min, max], or `fallback` when unset; anything else stops the start with a clear error. */
function envInteger(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`Invalid ${name}: ${raw} (a whole number from ${min} to ${max}).`);
    process.exit(2);
  }
  return n;
}
const poolSize = envInteger('CHATDESK_POOL', 10, 2, 500);
const graceMs = envInteger('CHATDESK_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000);
const dbWaitMs = envInteger('CHATDESK_DB_WAIT_MS', 30_000, 0, 3_600_000);
const leaderLeaseMs = envInteger('CHATDESK_LEADER_LEASE_MS', 15_000, 1_000, 600_000);
/** The access log (one line per request) with CHATDESK_LOG=1 only; faults (internal errors, the database out of reach, the cluster's connections) always, on stderr. */
const log = (line: string) => (!isAccessLogLine(line) ? console.error(line) : process.env.CHATDESK_LOG === '1' ? console.log(line) : undefined);

async function main(): Promise<void> {
  const started = Date.now();
  const where = databaseUrl ? redactUrl(databaseUrl) : dataDir;
  const fresh = !databaseUrl && !existsSync(path.join(dataDir, 'db'));
  if (fresh || values.reset) console.log(`chatdesk: ${fresh ? 'creating' : 'resetting'} the database in ${where}…`);
  // The demo pages are bundled while the database opens (requests for them wait for the bundle).
  const assets = demo ? buildDemo() : null;
  void assets?.catch(() => undefined);
  const server = await createChatServer({
    dataDir,
    databaseUrl,
    poolSize,
    cluster: { leaderLeaseMs },
    // A database that starts beside this server (docker compose, a restart): wait for it.
    databaseWait: {
      waitMs: dbWaitMs,
      onWait: (reason, delayMs) => console.error(`chatdesk: the database at ${where} cannot be reached (${reason}); trying again in ${(delayMs / 1000).toFixed(1)} s…`),
    },
    port,
    host,
    reset: values.reset,
    faults: process.env.CHATDESK_FAULTS === '1',
    demoSignIn: process.env.CHATDESK_DEMO_SIGNIN !== '0',
    extend: assets ? (app) => mountDemo(app, assets) : undefined,
    log,
  });
  if (assets) await assets;
  const shown = server.url.replace('127.0.0.1', 'localhost');
  const lines = [
    `chatdesk ${demo ? 'demo' : 'server'} ready in ${((Date.now() - started) / 1000).toFixed(1)} s${server.seeded ? ' (seeded with demo data)' : ''}:`,
    ...(demo ? [`  Inbox (operators)   ${shown}/`, `  Sign in             ${shown}/sign-in`, `  Visitor (web chat)  ${shown}/visitor`] : []),
    `  API                 ${shown}/api/v1   (docs/protocol.md)`,
    `  Data                ${where}   (npm start -- --reset reseeds)`,
  ];
  if (server.faults.enabled) lines.push('  Fault injection     ON (/api/test/faults) - for tests only');
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    const busy = server.inFlight;
    console.log(`\nchatdesk: ${signal}, stopping${busy > 0 ? ` after ${busy} request${busy > 1 ? 's' : ''} under way (at most ${(graceMs / 1000).toFixed(1)} s; ${signal} again to stop now)` : ''}…`);
    void server.close({ graceMs }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e && typeof e === 'object' && (e as { code?: string }).code === 'EADDRINUSE') {
    console.error(`chatdesk: port ${port} is in use; set PORT to another one (PORT=8081 npm start).`);
  } else if (e instanceof FolderInUseError) {
    console.error(`chatdesk: could not start: ${e.message}`);
  } else if (databaseUrl && databaseUnavailable(e)) {
    console.error(
      `chatdesk: could not start: the database at ${redactUrl(databaseUrl)} cannot be reached (${(e as Error).message}); tried for ${(dbWaitMs / 1000).toFixed(0)} s (CHATDESK_DB_WAIT_MS).`,
    );
  } else console.error('chatdesk: could not start:', e);
  process.exit(1);
});
