/**
 * L6 at scale (issue 13): when the server stops counting a search's matches (`totalAtLeast`), the
 * client's list keeps a lower bound that grows as pages load, so the list goes on past the cap,
 * and becomes exact once every row is loaded. The in-process core is the server's own core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatClient } from '../client.js';
import { SEARCH_TOTAL_CAP } from '../../server/core/storage.js';
import { createSeed } from '../../server/demo-data/seed.js';
import { createTestBackend, SEED_IDS, TEST_NOW, type TestBackend } from '../../server/core/test-support.js';

describe('L6: a capped search total in the client list', () => {
  let backend: TestBackend;
  let client: ChatClient;
  before(async () => {
    backend = await createTestBackend({ seed: () => createSeed({ now: TEST_NOW, dialogs: SEARCH_TOTAL_CAP + 300, seed: 11, messagesPerDialog: [1, 2] }) });
    ({ client } = await backend.client(SEED_IDS.admin));
  });
  after(() => backend.dispose());

  it('L6: the total is a lower bound (rows loaded plus one while the server has more) and exact once every row is in', async () => {
    await client.setQuery({ search: 'a', status: 'all' });
    await client.listSettled();
    let s = client.$listState.get();
    assert.equal(s.totalAtLeast, true, 'the server flagged the count as a lower bound');
    assert.equal(s.total, SEARCH_TOTAL_CAP, 'the first page shows the cap');
    assert.ok(!s.complete && s.loaded < SEARCH_TOTAL_CAP);
    let pages = 0;
    while (!client.$listState.get().complete) {
      await client.loadMoreDialogs();
      await client.listSettled();
      s = client.$listState.get();
      assert.ok(s.total !== null && s.total >= s.loaded, `the total covers the rows loaded (${s.total} >= ${s.loaded})`);
      if (!s.complete) assert.ok(s.total > s.loaded, 'while the server has more, the list has room for one more row');
      assert.ok(++pages < 20, 'the pages end');
    }
    assert.ok(s.loaded > SEARCH_TOTAL_CAP, `the pages went on past the cap (${s.loaded})`);
    assert.equal(s.total, s.loaded, 'exact once every row is loaded');
    assert.equal(s.totalAtLeast, false);
  });

  it('L6: a search under the cap and no search are exact, never flagged', async () => {
    for (const q of [{ search: 'zzz-nothing-matches' }, { search: '' }]) {
      await client.setQuery({ ...q, status: 'all' });
      await client.listSettled();
      const s = client.$listState.get();
      assert.equal(s.totalAtLeast, false, JSON.stringify(q));
      assert.notEqual(s.total, null);
    }
  });
});
