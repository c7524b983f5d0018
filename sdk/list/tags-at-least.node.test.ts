/**
 * T7 under a search at scale (issue 13, L6): past the server's counting cap the tag counts of a
 * common word are lower bounds (`$tagCountsAtLeast`). The client keeps them lower bounds: at most
 * the exact count (a full scan of the storage), never below what the loaded rows show, moved by
 * live changes without passing the exact count, and exact once every row is loaded. The
 * in-process core is the server's own core over the memory storage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatClient } from '../client.js';
import type { Id, Operator } from '../model.js';
import { normalizeQuery, withoutTags, type DialogQuery } from '../rules/query.js';
import { tagCounts } from '../rules/tags.js';
import { SEARCH_TOTAL_CAP } from '../../server/core/storage.js';
import { createSeed } from '../../server/demo-data/seed.js';
import { createTestBackend, SEED_IDS, TEST_NOW, type TestBackend } from '../../server/core/test-support.js';

describe('T7, L6: tag counts under a search past the cap in the client list', () => {
  let backend: TestBackend;
  let client: ChatClient;
  let admin: Operator;
  let stop: () => void;
  before(async () => {
    backend = await createTestBackend({ seed: () => createSeed({ now: TEST_NOW, dialogs: SEARCH_TOTAL_CAP + 300, seed: 11, messagesPerDialog: [1, 2] }) });
    ({ client } = await backend.client(SEED_IDS.admin));
    admin = (await backend.storage.operators()).find((o) => o.id === SEED_IDS.admin)!;
    // Someone listens to the tag counts: the list asks for them.
    stop = client.$tagCounts.listen(() => {});
  });
  after(() => {
    stop();
    backend.dispose();
  });

  /** T7 by a full scan of the storage: every match of the query without its tag part. */
  async function exact(query: DialogQuery): Promise<Record<Id, number>> {
    const every = await backend.storage.listPage(admin, withoutTags(query), null, 1_000_000);
    const clients = new Map((await backend.storage.clients()).map((c) => [c.id, c]));
    return Object.fromEntries(tagCounts(every, clients, query.tags.pinned));
  }

  /** T7 over the rows the client loaded (each is a match: a bound the counts never fall below). */
  function loaded(pinned: boolean): Record<Id, number> {
    const clients = new Map(client.$clients.get());
    return Object.fromEntries(tagCounts(client.$list.get(), clients, pinned));
  }

  function assertBounds(label: string, want: Record<Id, number>, pinned: boolean): void {
    const counts = Object.fromEntries(client.$tagCounts.get());
    const floor = loaded(pinned);
    for (const [tag, n] of Object.entries(counts)) assert.ok(n <= (want[tag] ?? 0), `${label}: ${tag} ${n} is at most the exact ${want[tag] ?? 0}`);
    for (const [tag, n] of Object.entries(floor)) assert.ok((counts[tag] ?? 0) >= n, `${label}: ${tag} ${counts[tag] ?? 0} is at least the loaded rows' ${n}`);
  }

  it('T7, L6: a common word flags its tag counts as lower bounds; they grow as pages load and are exact once every row is in', async () => {
    await client.setQuery(normalizeQuery({ search: 'a', status: 'all' }));
    await client.listSettled();
    const query = client.$listState.get().query;
    const want = await exact(query);
    assert.equal(client.$tagCountsAtLeast.get(), true, 'the server flagged the counts');
    assert.notDeepEqual(Object.fromEntries(client.$tagCounts.get()), want, 'the first counts are bounded, not the full scan');
    assertBounds('first page', want, false);
    let pages = 0;
    while (!client.$listState.get().complete) {
      await client.loadMoreDialogs();
      await client.listSettled();
      assertBounds(`after ${client.$listState.get().loaded} rows`, want, false);
      assert.ok(++pages < 30, 'the pages end');
    }
    assert.deepEqual(Object.fromEntries(client.$tagCounts.get()), want, 'exact once every row is loaded');
    assert.equal(client.$tagCountsAtLeast.get(), false, 'no longer flagged');
  });

  it('T7, L6: under the pinned switch and with a tag selected, the lower bounds stay within the exact counts and the loaded rows', async () => {
    const tag = (await backend.storage.tags())[0]!.id;
    for (const tags of [
      { mode: 'all' as const, tags: [], pinned: true },
      { mode: 'list' as const, tags: [tag], pinned: false },
    ]) {
      // Another word each time: a complete window of an earlier answer would answer it locally (exact).
      await client.setQuery(normalizeQuery({ search: tags.pinned ? 'o' : 'e', status: 'all', tags }));
      await client.listSettled();
      const query = client.$listState.get().query;
      const label = JSON.stringify(tags);
      assert.equal(client.$tagCountsAtLeast.get(), true, `${label}: flagged`);
      const want = await exact(query);
      assertBounds(label, want, tags.pinned);
      await client.loadMoreDialogs();
      await client.listSettled();
      assertBounds(`${label}, a page more`, want, tags.pinned);
    }
  });

  it('T7, L6: a live tag change moves a lower bound up without passing the exact count', async () => {
    await client.setQuery(normalizeQuery({ search: 'i', status: 'all' }));
    await client.listSettled();
    assert.equal(client.$tagCountsAtLeast.get(), true);
    const tags = await backend.storage.tags();
    const clients = client.$clients.get();
    // A loaded row whose client lacks a tag: giving it the tag adds its dialogs to the tag's count.
    let target: { clientId: Id; tagId: Id } | null = null;
    for (const d of client.$list.get()) {
      const c = d.clientId ? clients.get(d.clientId) : undefined;
      const missing = c && tags.find((t) => !c.tags.some((x) => x.tagId === t.id));
      if (c && missing) {
        target = { clientId: c.id, tagId: missing.id };
        break;
      }
    }
    assert.ok(target, 'a loaded row whose client lacks a tag');
    const before = client.$tagCounts.get().get(target.tagId) ?? 0;
    const c = clients.get(target.clientId)!;
    await backend.core.handle(admin.id, 'setClientTags', { clientId: c.id, tags: [...c.tags.map((t) => ({ tagId: t.tagId, pinned: t.pinned })), { tagId: target.tagId, pinned: false }] });
    await client.listSettled();
    const want = await exact(client.$listState.get().query);
    assert.ok((client.$tagCounts.get().get(target.tagId) ?? 0) > before, `the count of ${target.tagId} moved up from ${before}`);
    assert.equal(client.$tagCountsAtLeast.get(), true, 'still a lower bound');
    assertBounds('after the change', want, false);
  });

  it('T7, L6: without a search and with a search within the cap, tag counts are exact and never flagged', async () => {
    const name = (await backend.storage.clients()).find((c) => c.tags.length > 0)!.name;
    for (const q of [{ search: '' }, { search: name }, { search: 'zzz-nothing-matches' }]) {
      await client.setQuery(normalizeQuery({ ...q, status: 'all' }));
      await client.listSettled();
      assert.equal(client.$tagCountsAtLeast.get(), false, JSON.stringify(q));
      assert.deepEqual(Object.fromEntries(client.$tagCounts.get()), await exact(client.$listState.get().query), `${JSON.stringify(q)}: exact`);
    }
  });
});
