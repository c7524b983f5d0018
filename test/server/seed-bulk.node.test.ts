/**
 * The bulk seed (`npm run seed`, issue 13): it writes the tables in bulk, builds the indexes after
 * and sums the count aggregates while generating instead of rebuilding them; what it leaves must
 * be what a rebuild from the tables computes (N2, T7, the totals), on PGlite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { normalizeQuery } from '../../sdk/rules/query.js';
import { foldText } from '../../sdk/rules/text.js';
import type { SqlStorage } from '../../server/db/sql-storage.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';
import { PostgresStorage } from '../../server/db/pg-storage.js';
import { goalLine, loadBulk } from '../../server/seed-bulk.js';
import { BULK_PGLITE_SETTINGS } from '../../server/bulk/load.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';

const NOW = Date.UTC(2025, 2, 14, 10, 0, 0);
/** The rows of a table as a sorted list of JSON texts (a multiset, whatever order the database reads them in). */
const sorted = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

let cluster: TestPostgres | null = null;
/** The PGlite data folder, opened as `npm run seed` opens it (wal_level minimal), then as the server does. */
let folder = '';
const TARGETS: Array<{ name: string; skip: string | false; open(): Promise<SqlStorage>; reopen?(): Promise<SqlStorage>; done(): Promise<void> }> = [
  {
    name: 'PGlite',
    skip: false,
    open: () => {
      folder = mkdtempSync(path.join(tmpdir(), 'chatdesk-seed-bulk-'));
      return PgliteStorage.open(path.join(folder, 'db'), { settings: BULK_PGLITE_SETTINGS });
    },
    reopen: () => PgliteStorage.open(path.join(folder, 'db')),
    done: async () => rmSync(folder, { recursive: true, force: true }),
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason(),
    open: async () => {
      cluster = await startPostgres({ fast: true });
      return PostgresStorage.open(await cluster.createDatabase('seed_bulk'), { max: 2 });
    },
    done: async () => cluster?.stop(),
  },
];

for (const target of TARGETS)
  describe(`the bulk seed on ${target.name}`, { skip: target.skip }, () => {
    let s: SqlStorage;
    before(async () => {
      s = await target.open();
    });
    after(async () => {
      await s.close();
      await target.done();
    });

    it('N2, T7: writes every table and leaves the count aggregates a rebuild computes', async () => {
      const walLevel = async () => (await s.db.query<{ v: string }>(`SELECT current_setting('wal_level') AS v`)).rows[0]!.v;
      if (target.reopen) assert.equal(await walLevel(), 'minimal', 'the seed runs with wal_level minimal');
      const result = await loadBulk(s, { dialogs: 600, open: 150, seed: 7, now: NOW });
      const count = async (table: string) => (await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
      assert.equal(result.dialogs, 600);
      for (const [table, n] of Object.entries(result.rows)) assert.equal(await count(table), n, `${table}: the rows counted are the rows stored`);
      assert.equal((await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM dialogs WHERE status = 'open'`)).rows[0]!.n, 150);
      assert.ok(result.rows.messages > 1200 && result.rows.read_states > 600 && result.rows.clients > 400, `histories, read positions, clients: ${JSON.stringify(result.rows)}`);
      const tables = ['dialog_facets', 'operator_counts', 'dialog_counts', 'dialog_tag_counts'];
      const aggregates = async (): Promise<Record<string, string[]>> =>
        Object.fromEntries(await Promise.all(tables.map(async (t) => [t, sorted((await s.db.query(`SELECT * FROM ${t} WHERE ${t === 'operator_counts' ? 'TRUE' : 'n <> 0'}`)).rows)])));
      const summed = await aggregates();
      for (const [name, rows] of Object.entries(summed)) assert.ok(rows.length > 0, `${name} has rows`);
      await s.db.query('SELECT chatdesk_rebuild_counts()');
      assert.deepEqual(await aggregates(), summed, 'the aggregates summed while generating equal a rebuild from the tables');
      // The storage answers from them: the total of all dialogs, and the indexes are back.
      const admin = (await s.operators()).find((o) => o.role === 'administrator')!;
      assert.equal((await s.listCounts(admin, normalizeQuery({ status: 'all' }), ['total'])).total, 600);
      const indexes = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname IN ('dialogs_activity_idx', 'messages_search_trgm_idx', 'read_states_dialog_idx')`);
      assert.equal(indexes.rows[0]!.n, 3, 'the indexes dropped for the load are built again');
      // L6: every message's search text is its text folded, as the server folds a sent message.
      const texts = await s.db.query<{ text: string; search_text: string }>(`SELECT text, search_text FROM messages`);
      const unfolded = texts.rows.filter((m) => m.search_text !== foldText(m.text));
      assert.deepEqual(unfolded.slice(0, 3), [], `${unfolded.length} messages' search text is not their folded text`);
      if (!target.reopen) return;
      // The folder written without WAL for its rows opens with the server's settings and holds them all.
      await s.close();
      s = await target.reopen();
      for (const [table, n] of Object.entries(result.rows)) assert.equal(await count(table), n, `${table}: the rows are there after a restart`);
      assert.equal(await walLevel(), 'replica', 'the next start uses the default settings');
      assert.deepEqual(await aggregates(), summed, 'the aggregates are there after a restart');
    });
  });

describe('the bulk seed command', () => {
  it('issue 13: prints the goal beside its time, NO when missed, in proportion for another size', () => {
    assert.equal(goalLine(1_000_000, 239_000), 'goal ≤ 240 s at 1,000,000 dialogs: yes');
    assert.equal(goalLine(1_000_000, 241_000), 'goal ≤ 240 s at 1,000,000 dialogs: NO');
    assert.equal(goalLine(100_000, 25_000), 'goal ≤ 240 s at 1,000,000 dialogs (in proportion ≤ 24.0 s here): NO');
  });
});
