/**
 * The list window's sorted rows (issue 13): blocks of rows with running offsets, changed one row at
 * a time by binary search. A property test: random inserts, moves, removals, replacements and
 * appends (enough rows to split blocks and empty them), after each of which every read answers
 * what a plain sorted array says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareKeys, type SortKey } from '../rules/query.js';
import { SortedRows } from './sorted-rows.js';

const SEED = Number(process.env.CHATDESK_FC_SEED ?? 20261313);
const RUNS = Number(process.env.CHATDESK_FC_RUNS ?? 40);

interface Row {
  id: string;
  v: number;
}

type Op = { kind: 'insert'; id: number; time: number; group: 0 | 1 } | { kind: 'remove'; id: number } | { kind: 'replace'; id: number; v: number } | { kind: 'append'; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), id: fc.nat(60), time: fc.integer({ min: -50, max: 50 }), group: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), id: fc.nat(60), v: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('append' as const), n: fc.nat(40) }) },
);

/** The model: rows with their keys, kept sorted. */
class Model {
  rows: Array<{ row: Row; key: SortKey }> = [];
  sort(): void {
    this.rows.sort((a, b) => compareKeys(a.key, b.key));
  }
  indexOf(id: string): number {
    return this.rows.findIndex((r) => r.row.id === id);
  }
}

function check(s: SortedRows<Row>, m: Model): void {
  assert.equal(s.length, m.rows.length);
  const all: Row[] = [];
  const keys: SortKey[] = [];
  s.forEach((r, k) => {
    all.push(r);
    keys.push(k);
  });
  assert.deepEqual(
    all.map((r) => r.id),
    m.rows.map((r) => r.row.id),
  );
  assert.deepEqual(
    keys,
    m.rows.map((r) => r.key),
  );
  assert.deepEqual(s.toArray(), all);
  // Reads by index and by id, at a sample of places (every one when small).
  const step = Math.max(1, Math.floor(m.rows.length / 50));
  for (let i = 0; i < m.rows.length; i += step) {
    const r = m.rows[i]!;
    assert.equal(s.at(i), r.row, `at(${i})`);
    assert.equal(s.indexOf(r.row.id), i, `indexOf(${r.row.id})`);
    assert.equal(s.has(r.row.id), true);
    assert.deepEqual(s.keyOf(r.row.id), r.key);
  }
  assert.equal(s.at(m.rows.length), undefined);
  assert.equal(s.indexOf('missing'), -1);
  const from = Math.floor(m.rows.length / 3);
  assert.deepEqual(
    s.slice(from, from + 700),
    m.rows.slice(from, from + 700).map((r) => r.row),
  );
  assert.deepEqual(s.lastKey(), m.rows.at(-1)?.key);
}

describe('SortedRows (issue 13: the list window, O(log n) per change)', () => {
  it('inserts, moves, removals, replacements and appends read back as a sorted array, through block splits and empty blocks', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 8, 512), fc.array(opArb, { minLength: 1, maxLength: 80 }), (block, ops) => {
        // Small blocks split and empty often; 512 is the size the list uses.
        const s = new SortedRows<Row>(block);
        const m = new Model();
        let appended = 0;
        // Reading recomputes offsets a change left stale: reads come after a few changes, not each.
        for (const [n, op] of ops.entries()) {
          if (op.kind === 'insert') {
            const id = `d${op.id}`;
            const key: SortKey = [op.group, op.time, id];
            const row = { id, v: 0 };
            const at = s.insert(row, key);
            const i = m.indexOf(id);
            if (i >= 0) m.rows.splice(i, 1);
            m.rows.push({ row, key });
            m.sort();
            assert.equal(at, m.indexOf(id), 'insert answers the index');
          } else if (op.kind === 'remove') {
            const id = `d${op.id}`;
            assert.equal(s.remove(id), m.indexOf(id), 'remove answers the index it had');
            const i = m.indexOf(id);
            if (i >= 0) m.rows.splice(i, 1);
          } else if (op.kind === 'replace') {
            const id = `d${op.id}`;
            const i = m.indexOf(id);
            const row = { id, v: op.v };
            assert.equal(s.replace(row), i >= 0);
            if (i >= 0) m.rows[i]!.row = row;
          } else {
            // Rows after the last one (a page), in order.
            const rows: Row[] = [];
            const keys: SortKey[] = [];
            for (let k = 0; k < op.n; k++) {
              const id = `p${appended++}`;
              rows.push({ id, v: 0 });
              keys.push([1, 1000 + appended, id]);
            }
            s.appendSorted(rows, keys);
            rows.forEach((row, k) => m.rows.push({ row, key: keys[k]! }));
          }
          if (n % 4 === 3 || n === ops.length - 1) check(s, m);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('fromSorted builds the same rows as inserting them one by one (512-row blocks, split by inserts)', () => {
    const rows: Row[] = [];
    const keys: SortKey[] = [];
    for (let i = 0; i < 2600; i++) {
      const id = `r${String(i).padStart(5, '0')}`;
      rows.push({ id, v: i });
      keys.push([i < 700 ? 0 : 1, i, id]);
    }
    const a = SortedRows.fromSorted(rows, keys);
    const b = new SortedRows<Row>();
    for (let i = rows.length - 1; i >= 0; i--) b.insert(rows[i]!, keys[i]!);
    assert.deepEqual(a.toArray(), b.toArray());
    for (const i of [0, 511, 512, 1023, 1024, 2599]) assert.equal(a.at(i), b.at(i));
    a.remove('r00000');
    assert.equal(a.at(0)?.id, 'r00001');
    assert.equal(a.indexOf('r02599'), 2598);
    // Lookups by id right after fromSorted (its id map is built when first needed; the first lookup scans).
    for (const first of ['r01500', 'missing']) {
      const c = SortedRows.fromSorted(rows, keys);
      assert.equal(c.indexOf(first), first === 'missing' ? -1 : 1500);
      assert.equal(c.has('missing'), false);
      assert.deepEqual(c.keyOf('r00701'), keys[701]);
      assert.equal(c.indexOf('r02599'), 2599);
      assert.equal([...c.ids()].length, 2600);
      c.insert({ id: 'r00003', v: -1 }, [1, 5000, 'r00003']);
      assert.equal(c.indexOf('r00003'), 2599);
      assert.equal(c.length, 2600);
    }
  });

  it('F2/F3: fromOrder builds from an index order the same rows as fromSorted of the sorted copies; ids() before the id map', () => {
    const rows: Row[] = [];
    const keys: SortKey[] = [];
    for (let i = 0; i < 1300; i++) {
      const id = `r${String(i).padStart(5, '0')}`;
      rows.push({ id, v: i });
      keys.push([(i * 7) % 3 === 0 ? 0 : 1, (i * 7919) % 1000, id]);
    }
    const order = new Uint32Array(rows.length).map((_, i) => i);
    order.sort((a, b) => compareKeys(keys[a]!, keys[b]!));
    const a = SortedRows.fromOrder(rows, keys, order);
    const b = SortedRows.fromSorted(
      Array.from(order, (i) => rows[i]!),
      Array.from(order, (i) => keys[i]!),
    );
    assert.deepEqual(a.toArray(), b.toArray());
    assert.equal(a.length, 1300);
    for (const i of [0, 511, 512, 1023, 1024, 1299]) assert.equal(a.at(i), b.at(i));
    assert.deepEqual(new Set(a.ids()), new Set(rows.map((r) => r.id)));
    assert.equal(a.indexOf(a.at(700)!.id), 700);
    a.remove(a.at(0)!.id);
    assert.equal(a.at(0), b.at(1));
    assert.deepEqual(
      new Set(a.ids()),
      new Set(
        b
          .toArray()
          .slice(1)
          .map((r) => r.id),
      ),
    );
    assert.equal(SortedRows.fromOrder(rows, keys, new Uint32Array(0)).length, 0);
  });
});
