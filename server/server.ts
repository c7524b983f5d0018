/**
 * The reference server: `server/core` behind HTTP (Hono) and WebSocket (`ws`), over PGlite with
 * its data in a local folder, or over a PostgreSQL server shared by several instances
 * (`databaseUrl`). `createChatServer` is what `npm start`, the tests and the conformance run start.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { ChatCore } from './core/core.js';
import { createSeed } from './demo-data/seed.js';
import { seedInWorker } from './seed-worker.js';
import type { SeedData } from './core/storage.js';
import { openStorage, type DatabaseWait } from './db/open.js';
import { PostgresStorage } from './db/pg-storage.js';
import type { SqlStorage } from './db/sql-storage.js';
import { API_BASE, createApi } from './api.js';
import { Cluster, type ClusterOptions } from './cluster.js';
import { ClusterBus } from './fanout.js';
import { Faults } from './faults.js';
import { DatabaseFileStore, DiskFileStore, type StoredFiles } from './files.js';
import { OperatorSockets, type SocketOptions } from './sockets.js';
import { VisitorHub } from './visitor.js';
import type { Hono } from 'hono';

/** Options of {@link createChatServer}. */
export interface ChatServerOptions {
  /** Data folder: the database in `db/`, uploads in `uploads/` (PGlite; unused with `databaseUrl`). */
  dataDir: string;
  /**
   * A PostgreSQL server (`postgres://user:password@host:port/database`) instead of PGlite. Any
   * number of instances may share it: events, uploads, sessions and the channel simulation work
   * across them.
   */
  databaseUrl?: string | undefined;
  /** Connections of each instance's pool on PostgreSQL (default 10). */
  poolSize?: number;
  /** At start, how long to keep trying a PostgreSQL server that cannot be reached yet (default: not at all). */
  databaseWait?: DatabaseWait;
  /** Leader election and clean-up timing on PostgreSQL. */
  cluster?: Omit<ClusterOptions, 'log'>;
  /** Keep the database in memory (uploads still go to `dataDir`). */
  memory?: boolean;
  /** Port (0: any free one). Default 8080. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Remove every row and seed again. */
  reset?: boolean;
  /** The data a new (or reset) database starts with. Default: the demo seed. */
  seed?: () => SeedData;
  /** Multiplies the simulated channels' delays (0: at once). Default 1. */
  delayFactor?: number;
  /** Enable `/api/test/faults`. Default: `CHATDESK_FAULTS=1`. */
  faults?: boolean;
  /** Offer the demo's sign-in endpoints. Default true. */
  demoSignIn?: boolean;
  /** Browser origins allowed to call the API. Default `*`. */
  corsOrigins?: string[] | '*';
  /** Event socket timing. */
  socket?: SocketOptions;
  /** How long a visitor may be away before counting as gone (S5). Default 4000 ms. */
  visitorLeaveGraceMs?: number;
  /** How often a visitor socket is pinged; one that did not answer the ping before is ended (S5). Default 30 000 ms. */
  visitorHeartbeatMs?: number;
  /** Events kept per operator before `since` answers a gap. */
  eventLimit?: number;
  /** How long a sign-in token lasts unused (default 12 hours). */
  sessionTtlMs?: number;
  /** Mounts more routes (the demo pages) on the same app, after the API. */
  extend?: (app: Hono) => void;
  /** Access and error log. */
  log?: (line: string) => void;
}

/** A running server. */
export interface ChatServer {
  /** `http://host:port`. */
  url: string;
  /** The API base, `http://host:port/api/v1`. */
  endpoint: string;
  port: number;
  core: ChatCore;
  storage: SqlStorage;
  /** On PostgreSQL: the LISTEN connection and the leader election; `null` on PGlite. */
  cluster: Cluster | null;
  faults: Faults;
  sockets: OperatorSockets;
  visitors: VisitorHub;
  /** Whether the database was seeded at this start. */
  seeded: boolean;
  /**
   * Stops the server gracefully: it stops accepting connections (`GET /api/v1/health` answers 503
   * on a connection already open), closes the event sockets with 1001 so their clients reconnect
   * to another instance and resume, lets the requests under way finish (each answered with
   * `Connection: close`) for up to {@link CloseOptions.graceMs}, cuts what is left, then closes the
   * database. On PostgreSQL the channel simulation passes to another instance.
   */
  close(options?: CloseOptions): Promise<void>;
  /** Requests under way (received, not yet answered). */
  readonly inFlight: number;
}

/** Options of {@link ChatServer.close}. */
export interface CloseOptions {
  /**
   * How long the requests under way may take to finish before their connections are cut
   * (milliseconds, default 10,000). A command cut off this way may still commit: its client's
   * retry with the same id gets the same answer.
   */
  graceMs?: number;
}

/** Starts the reference server. */
export async function createChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const dataDir = path.resolve(options.dataDir);
  // A new PGlite data folder: the demo data is made in another thread while the database opens.
  const fresh = !options.seed && !options.databaseUrl && !options.memory && (options.reset || !existsSync(path.join(dataDir, 'db')));
  const early = fresh ? seedInWorker() : null;
  const storage = await openStorage(
    { databaseUrl: options.databaseUrl, dataDir, memory: options.memory },
    { eventLimit: options.eventLimit, sessionTtlMs: options.sessionTtlMs, max: options.poolSize },
    options.databaseWait,
  ).catch((e: unknown) => {
    early?.stop();
    throw e;
  });
  const shared = storage instanceof PostgresStorage ? storage : null;
  const files: StoredFiles = shared ? new DatabaseFileStore(shared.db, `${API_BASE}/files`) : new DiskFileStore(path.join(dataDir, 'uploads'), `${API_BASE}/files`);
  if (options.reset) {
    await storage.clear();
    await files.clear();
  }
  const made = early && (await early.data.catch(() => null));
  early?.stop();
  const seeded = await storage.init(made ? () => made : (options.seed ?? (() => createSeed())));
  const faults = new Faults(options.faults ?? process.env.CHATDESK_FAULTS === '1');
  // The clock messages are stamped with: the fault endpoint can set it off (instances whose clocks disagree).
  const now = () => faults.now();
  let core: ChatCore;
  let cluster: Cluster | null = null;
  if (shared) {
    // Several instances: events through LISTEN/NOTIFY, commands side by side under row locks,
    // the channel simulation on the elected leader only.
    const bus = new ClusterBus(shared);
    cluster = new Cluster(shared, bus, { ...options.cluster, log: options.log });
    await cluster.listen();
    const c = cluster;
    core = new ChatCore(storage, {
      files,
      now,
      delayFactor: options.delayFactor ?? 1,
      bus,
      concurrent: true,
      simulate: false,
      onDeliveryRequested: (id, where) => c.handOver(id, where),
      handOverInTransaction: (tx, id, where) => c.handOverInTransaction(tx, id, where),
    });
    cluster.startElection(core);
  } else {
    core = new ChatCore(storage, { files, now, delayFactor: options.delayFactor ?? 1 });
    // Deliveries that were under way when the previous process stopped go on.
    await core.resumeDeliveries();
  }
  const sockets = new OperatorSockets(core, storage, options.socket);
  const visitors = new VisitorHub(core, storage, { leaveGraceMs: options.visitorLeaveGraceMs, heartbeatMs: options.visitorHeartbeatMs });
  await visitors.start();

  let draining = false;
  const app = createApi({
    draining: () => draining,
    core,
    storage,
    files,
    faults,
    sockets,
    visitors,
    demoSignIn: options.demoSignIn ?? true,
    corsOrigins: options.corsOrigins ?? '*',
    log: options.log,
  });
  options.extend?.(app as unknown as Hono);

  const listener = getRequestListener(app.fetch, {
    // Node itself reads and drops a body left unread (an upload refused before it was read),
    // without the adapter's 500 ms cut-off, which reset clients still sending it.
    autoCleanupIncoming: false,
    errorHandler: (e) => {
      options.log?.(`request failed: ${e instanceof Error ? e.message : String(e)}`);
    },
  });
  // Requests under way, for a graceful close: each is answered before its connection closes.
  const answering = new Set<ServerResponse>();
  let drained: (() => void) | null = null;
  const server: Server = createServer((req, res) => {
    requested.add(req.socket);
    if (draining) res.setHeader('connection', 'close');
    answering.add(res);
    res.once('close', () => {
      answering.delete(res);
      if (answering.size === 0) drained?.();
    });
    void listener(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Event frames are compressed when the client offers permessage-deflate (browsers do): rows of
    // the same dialog before and after compress to little more than one. Small frames go as they are.
    perMessageDeflate: { threshold: 512, zlibDeflateOptions: { level: 1, memLevel: 8 }, concurrencyLimit: 4 },
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    requested.add(socket);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const kind = url.pathname === `${API_BASE}/ws` ? 'operator' : url.pathname === '/api/visitor/ws' ? 'visitor' : null;
    if (!kind) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => (kind === 'operator' ? sockets.accept(ws) : visitors.accept(ws)));
  });
  const connections = new Set<Socket>();
  /** When each connection was accepted, and those that brought a request (for a graceful close). */
  const acceptedAt = new WeakMap<Socket, number>();
  const requested = new WeakSet<Socket>();
  server.on('connection', (s) => {
    connections.add(s);
    acceptedAt.set(s, Date.now());
    s.on('close', () => connections.delete(s));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;

  let closing: Promise<void> | null = null;
  /** How long a graceful close waits for the request of a connection it accepted just before. */
  const LATE_REQUEST_MS = 250;
  return {
    url,
    endpoint: `${url}${API_BASE}`,
    port,
    core,
    storage,
    cluster,
    faults,
    sockets,
    visitors,
    seeded,
    get inFlight() {
      return answering.size;
    },
    close(closeOptions = {}) {
      closing ??= (async () => {
        draining = true;
        // Connections waiting in the kernel's queue are taken first: one still there when the
        // listener closes is reset, and a load balancer answers its request 502 without passing a
        // POST on (seen behind nginx in a rolling restart).
        // (Two turns of the event loop: the first may end before it polls again.)
        for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
        // No new connections; idle keep-alive ones close now, busy ones after their answer.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        for (const res of answering) if (!res.headersSent) res.setHeader('connection', 'close');
        // Event sockets first: their clients reconnect (through the load balancer, elsewhere) and resume.
        const socketsClosed = Promise.all([sockets.close(), visitors.close()]);
        wss.close();
        // A connection accepted a moment ago brings its request in a moment: it is answered too.
        const newest = Math.max(0, ...[...connections].filter((c) => !requested.has(c)).map((c) => acceptedAt.get(c) ?? 0));
        if (newest + LATE_REQUEST_MS > Date.now()) await new Promise((resolve) => setTimeout(resolve, newest + LATE_REQUEST_MS - Date.now()));
        if (answering.size > 0) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          await new Promise<void>((resolve) => {
            drained = resolve;
            timer = setTimeout(resolve, closeOptions.graceMs ?? 10_000);
          });
          clearTimeout(timer);
        }
        await socketsClosed;
        // What is left is cut (its connection, and so its answer, is gone).
        for (const s of connections) s.destroy();
        answering.clear();
        await closed;
        core.dispose();
        await cluster?.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
