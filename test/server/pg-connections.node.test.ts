/**
 * The PostgreSQL driver's guards against a database that stalls rather than fails (issue 14): a
 * server that takes a connection and never answers fails the open as unavailable instead of
 * hanging; a transaction whose process stalls mid-way is ended by PostgreSQL, so its locks do
 * not hold every other instance back.
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgres } from '../../server/db/pg-storage.js';
import { databaseUnavailable } from '../../server/errors.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';

describe('connections to a database that stalls (issue 14, S1)', () => {
  it('a server that accepts the connection and never answers: the open fails as unavailable (503), it does not hang', { timeout: 20_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => void sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const { port } = silent.address() as { port: number };
    let accepted = 0;
    silent.on('connection', () => accepted++);
    try {
      const error = await openPostgres(`postgres://u@127.0.0.1:${port}/db`, { connectTimeoutMs: 300 }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(error instanceof Error, 'the open fails');
      assert.ok(accepted >= 1, 'it did reach the silent server');
      assert.ok(databaseUnavailable(error), `classed as unavailable: ${error.message}`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  describe('on PostgreSQL', { skip: postgresSkipReason() }, () => {
    let server: TestPostgres;
    let url = '';
    before(async () => {
      server = await startPostgres({ fast: true });
      url = await server.createDatabase('stalls');
    });
    after(async () => {
      await server?.stop();
    });

    it('a transaction left idle (its process stalled) is ended by PostgreSQL: another takes its lock, and its next statement fails as unavailable', { timeout: 20_000 }, async () => {
      const driver = await openPostgres(url, { idleInTransactionTimeoutMs: 300 });
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        let locked!: () => void;
        const holding = new Promise<void>((r) => (locked = r));
        let taken!: () => void;
        const takenByOther = new Promise<void>((r) => (taken = r));
        const stalled = driver
          .transaction(async (tx) => {
            await tx.query('SELECT pg_advisory_xact_lock(4242)');
            locked();
            // The stall: nothing is sent until the other connection has the lock.
            await takenByOther;
            await tx.query('SELECT 1');
          })
          .then(
            () => null,
            (e: unknown) => e,
          );
        await holding;
        // Waits for the lock, which PostgreSQL frees by ending the idle transaction's session.
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock(4242)');
        taken();
        await other.query('COMMIT');
        const error = await stalled;
        assert.ok(error instanceof Error, 'the stalled transaction does not commit');
        assert.ok(databaseUnavailable(error), `classed as unavailable: ${error.message} (${(error as { code?: string }).code})`);
        // The driver goes on with a new connection.
        assert.deepEqual((await driver.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }]);
      } finally {
        await other.end();
        await driver.close();
      }
    });
  });
});
