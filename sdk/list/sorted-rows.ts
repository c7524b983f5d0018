/**
 * A sorted sequence of rows by sort key, kept in blocks so that an insertion or a removal moves at
 * most one block (512 rows) and reading the row at an index is a binary search over the blocks:
 * one live change costs O(log n), however many rows are loaded (docs/lists-at-scale.md).
 */
import type { Id } from '../model.js';
import { compareKeys, type SortKey } from '../rules/query.js';

/** Rows per block; a block splits in two past twice this. */
const BLOCK = 512;

interface Block<T> {
  keys: SortKey[];
  items: T[];
}

/** Rows sorted by their keys, each id at most once. */
export class SortedRows<T extends { readonly id: Id }> {
  private blocks: Block<T>[] = [];
  /** Index of each block's first row; rebuilt lazily after a change. */
  private starts: number[] = [];
  private startsValid = true;
  private size = 0;
  /**
   * The key each row was placed with, by id: removal needs no other knowledge of the row. Built
   * when first needed after `fromSorted` (a local sort change builds a window of up to 10,000
   * rows, and building the map was a tenth of that frame's script); one lookup before then scans.
   */
  private map: Map<Id, SortKey> | null = new Map<Id, SortKey>();
  /** Lookups answered by a scan since `fromSorted` (the next one builds the map). */
  private scans = 0;

  /** `block`: rows per block (tests make it small, to split and empty blocks often). */
  constructor(private readonly block = BLOCK) {}

  /** Builds from rows already in key order. */
  static fromSorted<T extends { readonly id: Id }>(rows: readonly T[], keys: readonly SortKey[], block = BLOCK): SortedRows<T> {
    const s = new SortedRows<T>(block);
    for (let i = 0; i < rows.length; i += block) {
      s.blocks.push({ keys: keys.slice(i, i + block), items: rows.slice(i, i + block) });
    }
    s.map = null;
    s.size = rows.length;
    s.startsValid = false;
    return s;
  }

  /**
   * Builds from `rows[order[i]]` with `keys[order[i]]`, where `order` lists the indices in key
   * order (a local sort change sorts an index array: the blocks are filled from it directly,
   * without sorted copies of the rows and keys in between).
   */
  static fromOrder<T extends { readonly id: Id }>(rows: readonly T[], keys: readonly SortKey[], order: ArrayLike<number>, block = BLOCK): SortedRows<T> {
    const s = new SortedRows<T>(block);
    const n = order.length;
    for (let i = 0; i < n; i += block) {
      const m = Math.min(block, n - i);
      const b: Block<T> = { keys: new Array<SortKey>(m), items: new Array<T>(m) };
      for (let j = 0; j < m; j++) {
        const o = order[i + j]!;
        b.keys[j] = keys[o]!;
        b.items[j] = rows[o]!;
      }
      s.blocks.push(b);
    }
    s.map = null;
    s.size = n;
    s.startsValid = false;
    return s;
  }

  /** Number of rows. */
  get length(): number {
    return this.size;
  }

  private get keyOfId(): Map<Id, SortKey> {
    if (!this.map) {
      const map = (this.map = new Map<Id, SortKey>());
      this.forEach((r, k) => map.set(r.id, k));
    }
    return this.map;
  }

  /** The key of the row with this id: from the map, or (the first lookup after `fromSorted`) by a scan. */
  private lookup(id: Id): SortKey | undefined {
    if (this.map || this.scans++ > 0) return this.keyOfId.get(id);
    for (const b of this.blocks) {
      const j = b.items.findIndex((r) => r.id === id);
      if (j >= 0) return b.keys[j];
    }
    return undefined;
  }

  /** Whether a row with this id is held. */
  has(id: Id): boolean {
    return this.lookup(id) !== undefined;
  }

  /** The key a held row was placed with. */
  keyOf(id: Id): SortKey | undefined {
    return this.lookup(id);
  }

  /** The key of the last row, if any. */
  lastKey(): SortKey | undefined {
    const b = this.blocks[this.blocks.length - 1];
    return b?.keys[b.keys.length - 1];
  }

  private ensureStarts(): void {
    if (this.startsValid) return;
    this.starts = new Array<number>(this.blocks.length);
    let n = 0;
    for (let i = 0; i < this.blocks.length; i++) {
      this.starts[i] = n;
      n += this.blocks[i]!.items.length;
    }
    this.startsValid = true;
  }

  /** The block holding index `i` (the index within it is `i - starts[block]`; no pair is made per read). */
  private locate(i: number): number {
    this.ensureStarts();
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The row at index `i`. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.size) return undefined;
    const b = this.locate(i);
    return this.blocks[b]!.items[i - (this.starts[b] ?? 0)];
  }

  /** The first block whose last key is at or after `key` (the block a row with `key` belongs in). */
  private blockFor(key: SortKey): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid]!;
      if (compareKeys(b.keys[b.keys.length - 1]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerBound(keys: readonly SortKey[], key: SortKey): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index a row with `key` has or would have. */
  indexOfKey(key: SortKey): number {
    if (this.size === 0) return 0;
    const b = this.blockFor(key);
    const block = this.blocks[b]!;
    this.ensureStarts();
    return this.starts[b]! + SortedRows.lowerBound(block.keys, key);
  }

  /** The index of the row with this id, or -1. */
  indexOf(id: Id): number {
    const key = this.lookup(id);
    return key ? this.indexOfKey(key) : -1;
  }

  /** Inserts `row` at its place (replacing the row with its id). Returns its index. */
  insert(row: T, key: SortKey): number {
    this.remove(row.id);
    if (this.blocks.length === 0) {
      this.blocks.push({ keys: [], items: [] });
      this.startsValid = false;
    }
    const b = this.blockFor(key);
    const block = this.blocks[b]!;
    const j = SortedRows.lowerBound(block.keys, key);
    // Offsets as they are before the row goes in: the blocks after this one then shift by one.
    this.ensureStarts();
    const index = this.starts[b]! + j;
    block.keys.splice(j, 0, key);
    block.items.splice(j, 0, row);
    this.keyOfId.set(row.id, key);
    this.size++;
    if (block.items.length > 2 * this.block) {
      this.blocks.splice(b + 1, 0, { keys: block.keys.splice(this.block), items: block.items.splice(this.block) });
      this.startsValid = false;
    } else this.shiftStarts(b, 1);
    return index;
  }

  /** The blocks after `b` start `by` rows later (one row went in or out of block `b`). */
  private shiftStarts(b: number, by: number): void {
    const starts = this.starts;
    for (let k = b + 1; k < starts.length; k++) starts[k]! += by;
  }

  /** Removes the row with this id. Returns the index it had, or -1. */
  remove(id: Id): number {
    const key = this.keyOfId.get(id);
    if (!key) return -1;
    const b = this.blockFor(key);
    const block = this.blocks[b]!;
    const j = SortedRows.lowerBound(block.keys, key);
    this.ensureStarts();
    const index = this.starts[b]! + j;
    block.keys.splice(j, 1);
    block.items.splice(j, 1);
    this.keyOfId.delete(id);
    this.size--;
    if (block.items.length === 0) {
      this.blocks.splice(b, 1);
      this.startsValid = false;
    } else this.shiftStarts(b, -1);
    return index;
  }

  /** Replaces a held row by a new version with the same key (content changed, not its place). */
  replace(row: T): boolean {
    const key = this.keyOfId.get(row.id);
    if (!key) return false;
    const block = this.blocks[this.blockFor(key)]!;
    block.items[SortedRows.lowerBound(block.keys, key)] = row;
    return true;
  }

  /** Appends rows whose keys all come after the last one, in order. */
  appendSorted(rows: readonly T[], keys: readonly SortKey[]): void {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const key = keys[i]!;
      if (this.keyOfId.has(row.id)) {
        this.insert(row, key);
        continue;
      }
      let last = this.blocks[this.blocks.length - 1];
      if (!last || last.items.length >= this.block) this.blocks.push((last = { keys: [], items: [] }));
      last.keys.push(key);
      last.items.push(row);
      this.keyOfId.set(row.id, key);
      this.size++;
    }
    this.startsValid = false;
  }

  /** Rows from index `from` (inclusive) to `to` (exclusive). */
  slice(from: number, to: number): T[] {
    const out: T[] = [];
    const end = Math.min(to, this.size);
    if (from >= end) return out;
    let b = this.locate(Math.max(0, from));
    let j = Math.max(0, from) - (this.starts[b] ?? 0);
    for (let i = Math.max(0, from); i < end; i++) {
      let block = this.blocks[b]!;
      if (j >= block.items.length) {
        b++;
        j = 0;
        block = this.blocks[b]!;
      }
      out.push(block.items[j++]!);
    }
    return out;
  }

  /** Every row, in order. */
  toArray(): T[] {
    const out: T[] = [];
    for (const b of this.blocks) for (const r of b.items) out.push(r);
    return out;
  }

  /** Calls `fn` with every row and its key, in order (no iterator objects: the fast way through every row). */
  forEach(fn: (row: T, key: SortKey) => void): void {
    for (const b of this.blocks) {
      const { items, keys } = b;
      for (let i = 0; i < items.length; i++) fn(items[i]!, keys[i]!);
    }
  }

  /** Every row with its key, in order. */
  *entries(): IterableIterator<[T, SortKey]> {
    for (const b of this.blocks) for (let i = 0; i < b.items.length; i++) yield [b.items[i]!, b.keys[i]!];
  }

  /** Ids of every row (from the blocks while the id map is not built: reading them does not build it). */
  ids(): IterableIterator<Id> {
    return this.map ? this.map.keys() : this.blockIds();
  }

  private *blockIds(): IterableIterator<Id> {
    for (const b of this.blocks) for (const r of b.items) yield r.id;
  }
}
