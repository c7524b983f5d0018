/**
 * The channel simulation runs the steps that are due at once in one transaction (issue 14:
 * deliveries of many messages cost one commit under load), and one step's failure stays its own
 * (S2-S5).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Id, Message } from '../../sdk/model.js';
import { ChatCore } from '../../server/core/core.js';
import { MemoryStorage } from '../../server/core/memory-storage.js';
import type { Storage } from '../../server/core/storage.js';
import { ManualScheduler, SEED_IDS, testSeed } from '../../server/core/test-support.js';

/** A seeded core on a memory storage that counts transactions and can refuse one message's writes. */
async function setUp() {
  const storage = new MemoryStorage();
  await storage.init(testSeed);
  let transactions = 0;
  let refuse: Id | null = null;
  const transaction = storage.transaction.bind(storage);
  storage.transaction = <T>(fn: (tx: Storage) => Promise<T>) => {
    transactions++;
    return transaction((tx) => {
      const putMessage = tx.putMessage.bind(tx);
      const guarded = Object.create(tx) as Storage;
      guarded.putMessage = async (m: Message) => {
        if (m.id === refuse && m.status?.state !== 'queued') throw new Error(`refused ${m.id}`);
        return putMessage(m);
      };
      return fn(guarded);
    });
  };
  const scheduler = new ManualScheduler();
  const core = new ChatCore(storage, { scheduler: scheduler.scheduler, files: { put: async (id) => ({ url: `/files/${id}` }) } });
  return {
    core,
    scheduler,
    storage,
    transactions: () => transactions,
    refuse: (id: Id | null) => (refuse = id),
    state: async (id: Id) => (await storage.message(id))?.status?.state,
  };
}

describe('simulation steps (issue 14)', () => {
  it('S2: steps due at the same time run in one transaction; their events are numbered in order', async () => {
    const t = await setUp();
    const ids = ['sb-1', 'sb-2', 'sb-3'];
    const senders = [
      [SEED_IDS.maria, SEED_IDS.waitingDialog],
      [SEED_IDS.admin, SEED_IDS.unassignedDialog],
      [SEED_IDS.maria, SEED_IDS.reassignedDialog],
    ] as const;
    for (const [i, id] of ids.entries()) await t.core.handle(senders[i]![0], 'sendMessage', { id, dialogId: senders[i]![1], text: `Hola ${i}` });
    const heard: Array<{ seq: number; id: Id }> = [];
    t.core.subscribe(SEED_IDS.admin, (e) => {
      if (e.type === 'message.status') heard.push({ seq: e.seq, id: e.messageId });
    });
    // Every message's first step (queued -> sent) is due now.
    await t.core.idle();
    const before = t.transactions();
    assert.equal(await t.scheduler.step(), 3, 'three steps due');
    await t.core.idle();
    assert.equal(t.transactions() - before, 1, 'one transaction for the three steps');
    for (const id of ids) assert.equal(await t.state(id), 'sent');
    assert.deepEqual(
      heard.map((h) => h.id),
      ids,
    );
    assert.deepEqual(
      heard.map((h) => h.seq),
      [heard[0]!.seq, heard[0]!.seq + 1, heard[0]!.seq + 2],
      'consecutive numbers, in step order',
    );
    t.core.dispose();
  });

  it('S5: a step that fails inside a batch leaves the other steps of the batch done', async () => {
    const t = await setUp();
    await t.core.handle(SEED_IDS.maria, 'sendMessage', { id: 'sb-ok', dialogId: SEED_IDS.waitingDialog, text: 'Uno' });
    await t.core.handle(SEED_IDS.admin, 'sendMessage', { id: 'sb-bad', dialogId: SEED_IDS.unassignedDialog, text: 'Dos' });
    await t.core.idle();
    t.refuse('sb-bad');
    assert.equal(await t.scheduler.step(), 2);
    await t.core.idle();
    assert.equal(await t.state('sb-ok'), 'sent', 'the good step committed on its own');
    assert.equal(await t.state('sb-bad'), 'queued', 'the failing step changed nothing');
    t.core.dispose();
  });

  it('S2, S5: a batch that rolls back starts no next step; run again alone, each step starts its next one once', async () => {
    const t = await setUp();
    await t.core.handle(SEED_IDS.maria, 'sendMessage', { id: 'sb-once', dialogId: SEED_IDS.waitingDialog, text: 'Uno' });
    await t.core.handle(SEED_IDS.admin, 'sendMessage', { id: 'sb-never', dialogId: SEED_IDS.unassignedDialog, text: 'Dos' });
    await t.core.idle();
    t.refuse('sb-never');
    const idle = t.scheduler.size;
    assert.equal(await t.scheduler.step(), 2, 'both first steps were due');
    await t.core.idle();
    assert.equal(await t.state('sb-once'), 'sent');
    // The batch ran sb-once's step, then rolled back (sb-never failed); sb-once ran again alone.
    // Only that committed run may start its next step (sent -> delivered): one timer, not two.
    assert.equal(t.scheduler.size - (idle - 2), 1, 'one next step scheduled');
    t.refuse(null);
    await t.scheduler.runAll();
    await t.core.idle();
    assert.ok(['delivered', 'read'].includes((await t.state('sb-once')) ?? ''), 'the next steps ran');
    t.core.dispose();
  });
});
