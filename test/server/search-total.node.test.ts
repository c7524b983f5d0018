/**
 * L6 at scale (issue 13): a search's `total` is counted up to SEARCH_TOTAL_CAP and flagged
 * `totalAtLeast` beyond it, the same on the memory storage, PGlite and PostgreSQL; below the cap
 * it is exact; the pages go on past the cap; N2 stays exact under the search. T7 under a search
 * counts the same bounded walk (the first SEARCH_TOTAL_CAP matches of the query without its tag
 * part, newest activity first) and is flagged `tagsAtLeast` past it: every storage answers the
 * same lower bounds, each at most the exact count; within the cap T7 is exact, unflagged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client, Dialog, Id, Operator } from '../../sdk/model.js';
import { normalizeQuery, sortKey, withoutTags, type DialogQuery } from '../../sdk/rules/query.js';
import { tagCounts } from '../../sdk/rules/tags.js';
import { MemoryStorage } from '../../server/core/memory-storage.js';
import { SEARCH_TOTAL_CAP, type Storage } from '../../server/core/storage.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';
import { PostgresStorage } from '../../server/db/pg-storage.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';

const NOW = Date.UTC(2025, 2, 14, 10, 0, 0);
/** More dialogs than the cap, so that a common word passes it. */
const seed = () => createSeed({ now: NOW, dialogs: SEARCH_TOTAL_CAP + 300, seed: 11, messagesPerDialog: [1, 3] });

let dir = '';
let cluster: TestPostgres | null = null;
const TARGETS: Array<{ name: string; skip: string | false; open(): Promise<Storage & { close(): Promise<void> }>; done(): Promise<void> }> = [
  {
    name: 'PGlite',
    skip: false,
    open: async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-search-total-'));
      return PgliteStorage.open(path.join(dir, 'db'));
    },
    done: async () => rmSync(dir, { recursive: true, force: true }),
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason(),
    open: async () => {
      cluster = await startPostgres({ fast: true });
      return PostgresStorage.open(await cluster.createDatabase('search_total'), { max: 2 });
    },
    done: async () => cluster?.stop(),
  },
];

/** Every row of the answer, by keyset pages of 400. */
async function walk(s: Storage, op: Operator, query: DialogQuery): Promise<Dialog[]> {
  const settings = await s.settings();
  const rows: Dialog[] = [];
  for (;;) {
    const last = rows[rows.length - 1];
    const page = await s.listPage(op, query, last ? sortKey(last, query.sort, settings) : null, 400);
    rows.push(...page);
    if (page.length < 400) return rows;
  }
}

for (const target of TARGETS)
  describe(`L6: a search's total is capped, on ${target.name} as on the memory storage`, { skip: target.skip }, () => {
    let sql: Storage & { close(): Promise<void> };
    const memory = new MemoryStorage();
    let admin: Operator;
    before(async () => {
      sql = await target.open();
      await sql.init(seed);
      await memory.init(seed);
      admin = (await memory.operators()).find((o) => o.id === SEED_IDS.admin)!;
    });
    after(async () => {
      await sql.close();
      await target.done();
    });

    it('L6: a word in more dialogs than the cap answers the cap with totalAtLeast; the pages go on past it; N2 stays exact', async () => {
      // Letters in most names and texts (no trigram: the predicate is evaluated row by row).
      for (const search of ['a', 'o']) {
        const query = normalizeQuery({ search, sort: 'activity' });
        const rows = await walk(memory, admin, query);
        assert.ok(rows.length > SEARCH_TOTAL_CAP, `"${search}" matches more than the cap (${rows.length})`);
        const scan = await memory.listCounts(admin, { ...query, search: '' }, ['unread']);
        for (const s of [memory, sql]) {
          const counts = await s.listCounts(admin, query, ['total', 'unread']);
          assert.equal(counts.total, SEARCH_TOTAL_CAP, `"${search}": the total stops at the cap`);
          assert.equal(counts.totalAtLeast, true, `"${search}": flagged as a lower bound`);
          assert.equal(counts.unreadDialogs, scan.unreadDialogs, 'N2 does not depend on the search');
        }
        assert.equal((await walk(sql, admin, query)).length, rows.length, `"${search}": the pages reach every match, past the cap`);
      }
    });

    /** T7 by brute force over `rows` (pinned links only under the pinned switch). */
    const countTags = (rows: readonly Dialog[], clients: ReadonlyMap<Id, Client>, pinned: boolean) => Object.fromEntries(tagCounts(rows, clients, pinned));

    it('T7, L6: under a search with more matches than the cap, tag counts are the first cap matches by activity, flagged tagsAtLeast, the same on every storage; each a lower bound', async () => {
      const clients = new Map((await memory.clients()).map((c) => [c.id, c]));
      const someTag = (await memory.tags())[0]!.id;
      const queries = [
        normalizeQuery({ search: 'a', sort: 'activity' }),
        // The list's own sort and tag part do not change the walk: the base in the order of activity.
        normalizeQuery({ search: 'o', sort: 'processing' }),
        normalizeQuery({ search: 'a', tags: { mode: 'list', tags: [someTag], pinned: false } }),
        normalizeQuery({ search: 'a', tags: { mode: 'all', tags: [], pinned: true } }),
      ];
      for (const query of queries) {
        const label = JSON.stringify({ search: query.search, sort: query.sort, tags: query.tags, status: query.status });
        const base = { ...withoutTags(query), sort: 'activity' as const };
        const every = await walk(memory, admin, base);
        assert.ok(every.length > SEARCH_TOTAL_CAP, `${label}: more matches than the cap (${every.length})`);
        const exact = countTags(every, clients, query.tags.pinned);
        const bounded = countTags(every.slice(0, SEARCH_TOTAL_CAP), clients, query.tags.pinned);
        assert.notDeepEqual(bounded, exact, `${label}: the data tells a bounded count from an exact one`);
        for (const s of [memory, sql]) {
          const counts = await s.listCounts(admin, query, ['total', 'tags']);
          assert.equal(counts.tagsAtLeast, true, `${label}: flagged as lower bounds`);
          assert.deepEqual(counts.tags, bounded, `${label}: the first ${SEARCH_TOTAL_CAP} matches by activity`);
          for (const [tag, n] of Object.entries(counts.tags ?? {})) assert.ok(n <= (exact[tag] ?? 0), `${label}: ${tag} ${n} is at most the exact ${exact[tag]}`);
          // Asked alone, the same answer (the walk does not depend on what else is asked).
          assert.deepEqual(await s.listCounts(admin, query, ['tags']), { tags: bounded, tagsAtLeast: true }, `${label}: tags asked alone`);
          if (query.tags.mode === 'all' && !query.tags.pinned) assert.deepEqual([counts.total, counts.totalAtLeast], [SEARCH_TOTAL_CAP, true], `${label}: the total from the same walk`);
          else {
            const own = (await walk(memory, admin, query)).length;
            assert.deepEqual([counts.total, counts.totalAtLeast], own > SEARCH_TOTAL_CAP ? [SEARCH_TOTAL_CAP, true] : [own, undefined], `${label}: the total of the query's own matches`);
          }
        }
      }
    });

    it('T7, L6: under a search within the cap and without a search, tag counts are exact, never flagged', async () => {
      const clients = new Map((await memory.clients()).map((c) => [c.id, c]));
      const client = (await memory.clients()).find((c) => c.tags.length > 0)!;
      const queries = [
        normalizeQuery({ search: client.name }),
        normalizeQuery({ search: 'zzz-nothing' }),
        normalizeQuery({ search: 'a', channels: [(await memory.channels())[0]!.id], status: 'open' }),
        normalizeQuery({ status: 'all' }),
        normalizeQuery({ tags: { mode: 'all', tags: [], pinned: true } }),
      ];
      for (const query of queries) {
        const every = await walk(memory, admin, withoutTags(query));
        if (query.search) assert.ok(every.length <= SEARCH_TOTAL_CAP, `${query.search}: within the cap (${every.length})`);
        const exact = countTags(every, clients, query.tags.pinned);
        for (const s of [memory, sql]) {
          const counts = await s.listCounts(admin, query, ['tags']);
          assert.deepEqual(counts, { tags: exact }, `${JSON.stringify(query)}: exact, unflagged`);
        }
      }
    });

    it('L6: a search with at most the cap of matches answers its exact total, unflagged; no search is never flagged', async () => {
      const client = (await memory.clients())[3]!;
      for (const query of [normalizeQuery({ search: client.name }), normalizeQuery({ search: 'zzz-nothing' }), normalizeQuery({ status: 'closed' }), normalizeQuery({})]) {
        const exact = (await walk(memory, admin, query)).length;
        for (const s of [memory, sql]) {
          const counts = await s.listCounts(admin, query, ['total']);
          assert.equal(counts.total, exact, `${JSON.stringify(query)}: exact total`);
          assert.equal(counts.totalAtLeast, undefined, 'not flagged');
        }
      }
    });
  });
