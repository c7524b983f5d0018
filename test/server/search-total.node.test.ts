/**
 * L6 at scale (issue 13): a search's `total` is counted up to SEARCH_TOTAL_CAP and flagged
 * `totalAtLeast` beyond it, the same on the memory storage, PGlite and PostgreSQL; below the cap
 * it is exact; the pages go on past the cap; N2 and T7 stay exact under the search.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Dialog, Operator } from '../../sdk/model.js';
import { normalizeQuery, sortKey, type DialogQuery } from '../../sdk/rules/query.js';
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

    it('L6: a word in more dialogs than the cap answers the cap with totalAtLeast; the pages go on past it; N2 and T7 stay exact', async () => {
      // Letters in most names and texts (no trigram: the predicate is evaluated row by row).
      for (const search of ['a', 'o']) {
        const query = normalizeQuery({ search, sort: 'activity' });
        const rows = await walk(memory, admin, query);
        assert.ok(rows.length > SEARCH_TOTAL_CAP, `"${search}" matches more than the cap (${rows.length})`);
        const scan = await memory.listCounts(admin, { ...query, search: '' }, ['unread']);
        for (const s of [memory, sql]) {
          const counts = await s.listCounts(admin, query, ['total', 'unread', 'tags']);
          assert.equal(counts.total, SEARCH_TOTAL_CAP, `"${search}": the total stops at the cap`);
          assert.equal(counts.totalAtLeast, true, `"${search}": flagged as a lower bound`);
          assert.equal(counts.unreadDialogs, scan.unreadDialogs, 'N2 does not depend on the search');
          assert.deepEqual(counts.tags, (await memory.listCounts(admin, query, ['tags'])).tags, 'T7 exact under the search');
        }
        assert.equal((await walk(sql, admin, query)).length, rows.length, `"${search}": the pages reach every match, past the cap`);
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
