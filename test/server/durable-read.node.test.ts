/**
 * Issue 14, N1: the fan-out's read of what another instance committed (`eventsIn`) is on disk before
 * it is handed to a socket, in the read's own round trip: with group commit the commands' commits
 * answer before their WAL flush, so the read writes its connection's row when the WAL is behind and its
 * synchronous commit flushes everything it saw. No separate flush, and nothing handed out that a
 * crash of the database could take back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PostgresStorage } from '../../server/db/pg-storage.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';

/** An LSN (`16/B374D848`) as a number, to compare. */
const lsn = (text: string): bigint => {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

describe('a fan-out read is durable in its own round trip (issue 14, N1)', { skip: postgresSkipReason() }, () => {
  let server: TestPostgres;
  let storage: PostgresStorage;
  let other: pg.Client;
  let url = '';

  before(async () => {
    // PostgreSQL's own durability (not `fast`), and a WAL writer that waits long: what is not
    // flushed stays so until someone flushes it.
    server = await startPostgres({ settings: { wal_writer_delay: '10000ms' } });
    url = await server.createDatabase('durable_read');
    storage = await PostgresStorage.open(url, { max: 2 });
    other = new pg.Client({ connectionString: url });
    await other.connect();
  });
  after(async () => {
    await other?.end();
    await storage?.close();
    await server?.stop();
  });

  it('an event committed without waiting for the disk is flushed by the read that returns it, with no flush of its own', async () => {
    assert.ok(storage.db.durableReadPrefix, 'the driver offers the one-round-trip durable read');
    // Another instance's command: committed, not flushed (group commit).
    await other.query(
      `BEGIN; SET LOCAL synchronous_commit TO off;
       INSERT INTO events (operator_id, seq, type, payload, created_at) VALUES ('op-x', 1, 'operator.presence', '{"type":"operator.presence","operatorId":"op-x","online":true}', 0);
       COMMIT`,
    );
    const committed = lsn((await other.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l);
    const flushedBefore = lsn((await other.query<{ l: string }>('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0]!.l);
    assert.ok(flushedBefore < committed, 'the commit is not on disk yet (the test would prove nothing otherwise)');
    const flushes = storage.db.flusher.count;

    const read = await storage.eventsIn([{ operatorId: 'op-x', after: 0, upto: 1 }]);

    assert.deepEqual(
      read.get('op-x')?.map((e) => e.seq),
      [1],
    );
    const flushedAfter = lsn((await other.query<{ l: string }>('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0]!.l);
    assert.ok(flushedAfter >= committed, 'what the read returned is on disk');
    assert.equal(storage.db.flusher.count, flushes, 'without a flush round trip of its own');
  });

  it("a socket's resume (eventsSince) likewise: what it replays is on disk, without a flush round trip", async () => {
    await other.query(
      `BEGIN; SET LOCAL synchronous_commit TO off;
       INSERT INTO event_heads (operator_id, seq) VALUES ('op-y', 1) ON CONFLICT (operator_id) DO UPDATE SET seq = 1;
       INSERT INTO events (operator_id, seq, type, payload, created_at) VALUES ('op-y', 1, 'operator.presence', '{"type":"operator.presence","operatorId":"op-y","online":true}', 0);
       COMMIT`,
    );
    const committed = lsn((await other.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l);
    assert.ok(lsn((await other.query<{ l: string }>('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0]!.l) < committed, 'not on disk yet');
    const flushes = storage.db.flusher.count;
    const replay = await storage.eventsSince('op-y', 0);
    assert.deepEqual(
      replay?.map((e) => e.seq),
      [1],
    );
    assert.ok(lsn((await other.query<{ l: string }>('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0]!.l) >= committed, 'on disk');
    assert.equal(storage.db.flusher.count, flushes);
  });

  it("a durable read writes its own connection's row: it does not wait for the flusher's row, held by a flush under way", async () => {
    await storage.db.flusher.flush(); // the flusher's row exists
    const held = new pg.Client({ connectionString: url });
    await held.connect();
    try {
      // A flush under way holds the flusher's row until its commit is on disk; here it stays held.
      await held.query('BEGIN');
      const rows = await held.query("SELECT flusher FROM wal_flushes WHERE flusher NOT LIKE '%-%-%' FOR UPDATE");
      assert.equal(rows.rowCount, 1, "the flusher's row is held");
      await other.query(
        `BEGIN; SET LOCAL synchronous_commit TO off;
         INSERT INTO events (operator_id, seq, type, payload, created_at) VALUES ('op-z', 1, 'operator.presence', '{"type":"operator.presence","operatorId":"op-z","online":true}', 0);
         COMMIT`,
      );
      const committed = lsn((await other.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l);
      assert.ok(lsn((await other.query<{ l: string }>('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0]!.l) < committed, 'not on disk yet');
      // Whichever comes first: the read's answer, or a lock it waits for.
      let answered = false;
      let waited = false;
      const read = storage.eventsIn([{ operatorId: 'op-z', after: 0, upto: 1 }]).finally(() => (answered = true));
      while (!answered && !waited) {
        const r = await other.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = 'durable_read'");
        waited = r.rows[0]!.n > 0;
      }
      assert.equal(waited, false, "the read waited for the flusher's row");
      assert.deepEqual(
        (await read).get('op-z')?.map((e) => e.seq),
        [1],
      );
      assert.ok(lsn((await other.query<{ l: string }>('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0]!.l) >= committed, 'on disk, by its own row');
    } finally {
      await held.query('ROLLBACK').catch(() => undefined);
      await held.end();
    }
  });
});
