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
import { ChatCore } from '../../server/core/core.js';
import { failingStorage, SEED_IDS, testSeed } from '../../server/core/test-support.js';
import { PostgresStorage } from '../../server/db/pg-storage.js';
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

describe('hand-over inside the command’s transaction (issue 14, S1)', { skip: postgresSkipReason() }, () => {
  let server: TestPostgres;
  let listener: pg.Client;
  let storage: PostgresStorage & { armed: boolean };
  let core: ChatCore;
  const heard: string[] = [];
  const afterCommit: string[] = [];

  before(async () => {
    server = await startPostgres({ fast: true });
    const url = await server.createDatabase('handover_tx');
    listener = new pg.Client({ connectionString: url });
    await listener.connect();
    listener.on('notification', (n) => {
      if (n.channel === DELIVER_CHANNEL) heard.push(n.payload ?? '');
    });
    await listener.query(`LISTEN ${DELIVER_CHANNEL}`);
    const real = await PostgresStorage.open(url);
    // Numbering (the unit's last statement) fails while armed: the command rolls back after its hand-over.
    storage = failingStorage(real, 'appendEvents');
    storage.armed = false;
    const cluster = new Cluster(real, {} as ClusterBus);
    // An instance that does not simulate: it hands its messages over.
    core = await ChatCore.create(storage, testSeed, {
      concurrent: true,
      simulate: false,
      onDeliveryRequested: (id) => afterCommit.push(id),
      handOverInTransaction: (tx, id, where) => cluster.handOverInTransaction(tx, id, where),
    });
  });
  after(async () => {
    core?.dispose();
    await listener?.end();
    await storage?.close();
    await server?.stop();
  });

  const send = (id: string) => core.handle(SEED_IDS.admin, 'sendMessage', { id, dialogId: SEED_IDS.freshWaitingDialog, text: id });

  it('S1: a message sent is handed over with its commit, with its dialog and channel, and not again after it', async () => {
    await send('m-tx1');
    await until(() => heard.some((p) => p.includes('m-tx1')), 'the hand-over arrived');
    const payload = JSON.parse(heard.find((p) => p.includes('m-tx1'))!) as { id: string; dialogId: string; channelId: string };
    const dialog = await storage.dialog(SEED_IDS.freshWaitingDialog);
    assert.deepEqual(payload, { id: 'm-tx1', dialogId: SEED_IDS.freshWaitingDialog, channelId: dialog!.channelId });
    assert.deepEqual(afterCommit, [], 'no hand-over of its own after the commit');
  });

  it('S1: a command that rolls back after its hand-over hands nothing over', async () => {
    storage.armed = true;
    await assert.rejects(send('m-tx2'), /injected failure/);
    storage.armed = false;
    await send('m-tx3');
    // Once the later one has arrived, the rolled-back one would have too (notifications come in commit order).
    await until(() => heard.some((p) => p.includes('m-tx3')), 'the later hand-over arrived');
    assert.equal(
      heard.some((p) => p.includes('m-tx2')),
      false,
      'the rolled-back message was not handed over',
    );
    assert.equal(await storage.message('m-tx2'), undefined, 'nor stored');
    assert.deepEqual(afterCommit, []);
  });
});
