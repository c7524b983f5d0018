/**
 * What a send writes (issue 14): a read position that does not move is not written again, while
 * the `read.updated` event still says it (N2 moves by the difference: none).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatEvent } from '../../sdk/protocol.js';
import { MemoryStorage } from '../../server/core/memory-storage.js';
import { createTestBackend, SEED_IDS, type TestBackend } from '../../server/core/test-support.js';

describe('sendMessage writes a read position only when it moves (issue 14, N2)', () => {
  let b: TestBackend;
  const writes: Array<{ operatorId: string; dialogId: string }> = [];
  const put = MemoryStorage.prototype.putReadState;
  before(async () => {
    b = await createTestBackend();
    MemoryStorage.prototype.putReadState = function (operatorId, state) {
      writes.push({ operatorId, dialogId: state.dialogId });
      return put.call(this, operatorId, state);
    };
  });
  after(() => {
    MemoryStorage.prototype.putReadState = put;
    b.dispose();
  });

  it('N2, L1: the first send reads the client messages (written); a second with nothing new from the client writes nothing, and both tell read.updated', async () => {
    const events: ChatEvent[] = [];
    b.core.subscribe(SEED_IDS.admin, (e) => events.push(e));
    const dialogId = SEED_IDS.freshWaitingDialog;
    await b.core.handle(SEED_IDS.admin, 'sendMessage', { id: 'm-w1', dialogId, text: 'uno' });
    const first = writes.filter((w) => w.dialogId === dialogId).length;
    assert.equal(first, 1, 'the first send moves the position (the client wrote before it)');
    await b.core.handle(SEED_IDS.admin, 'sendMessage', { id: 'm-w2', dialogId, text: 'dos' });
    assert.equal(writes.filter((w) => w.dialogId === dialogId).length, first, 'no write for a position that did not move');
    const reads = events.filter((e) => e.type === 'read.updated' && e.readState.dialogId === dialogId);
    assert.equal(reads.length, 2, 'each send still tells the position');
    const last = reads[1] as Extract<ChatEvent, { type: 'read.updated' }>;
    assert.deepEqual(last.was, last.readState, 'the second tells the same position it replaces');
    const state = await b.storage.readState(SEED_IDS.admin, dialogId);
    assert.deepEqual(state, last.readState, 'what is stored is what was told');
  });
});
