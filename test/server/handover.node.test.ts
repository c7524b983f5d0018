/**
 * Issue 14, S1: an instance that does not run the channel simulation hands the messages it accepted
 * to the leader with one notification each (`server/cluster.ts`). The messages accepted together
 * go in one statement: one round trip for a shared transaction's sends, not one per message, and
 * every notification still arrives, in order, on a real PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { Cluster, DELIVER_CHANNEL } from '../../server/cluster.js';
import type { ClusterBus } from '../../server/fanout.js';
import type { PostgresStorage } from '../../server/db/pg-storage.js';
import { until } from '../support/clients.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';

describe('hand-over of accepted messages to the leader (issue 14, S1)', { skip: postgresSkipReason() }, () => {
  let server: TestPostgres;
  let pool: pg.Pool;
  let listener: pg.Client;
  const heard: string[] = [];
  const statements: unknown[][] = [];
  let cluster: Cluster;

  before(async () => {
    server = await startPostgres({ fast: true });
    const url = await server.createDatabase('handover');
    pool = new pg.Pool({ connectionString: url, max: 2 });
    listener = new pg.Client({ connectionString: url });
    await listener.connect();
    listener.on('notification', (n) => {
      if (n.channel === DELIVER_CHANNEL) heard.push(n.payload ?? '');
    });
    await listener.query(`LISTEN ${DELIVER_CHANNEL}`);
    // The cluster's storage as far as the hand-over uses it: its pool, each statement counted.
    const db = {
      query: (sql: string, params: unknown[]) => {
        statements.push(params);
        return pool.query(sql, params);
      },
    };
    cluster = new Cluster({ db } as unknown as PostgresStorage, {} as ClusterBus);
  });
  after(async () => {
    await cluster?.close();
    await listener?.end();
    await pool?.end();
    await server?.stop();
  });

  it('messages accepted together: one statement, one notification each, in order; later ones go in the next statement', async () => {
    cluster.handOver('msg-1', { dialogId: 'dlg-1', channelId: 'ch-tg' });
    cluster.handOver('msg-2', { dialogId: 'dlg-2', channelId: 'ch-wa' });
    cluster.handOver('msg-3');
    await until(() => heard.length === 3, 'the three notifications arrived');
    assert.deepEqual(heard, [JSON.stringify({ id: 'msg-1', dialogId: 'dlg-1', channelId: 'ch-tg' }), JSON.stringify({ id: 'msg-2', dialogId: 'dlg-2', channelId: 'ch-wa' }), 'msg-3']);
    assert.equal(statements.length, 1);
    cluster.handOver('msg-4');
    await until(() => heard.length === 4, 'the next one arrived');
    assert.equal(heard[3], 'msg-4');
    assert.equal(statements.length, 2);
  });
});
