/**
 * A map store that is changed in place and published as a new read-only view: a change costs what
 * it touched, not a copy of the whole map (copy-on-write per entry: values are immutable and
 * replaced when they change). Views are live: an old view reads the current entries.
 */
import { atom, type ReadableAtom } from 'nanostores';

/** A read-only, live view of a map. */
class MapView<K, V> implements ReadonlyMap<K, V> {
  constructor(private readonly map: Map<K, V>) {}
  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.map.forEach((v, k) => fn.call(thisArg, v, k, this));
  }
  keys(): MapIterator<K> {
    return this.map.keys();
  }
  values(): MapIterator<V> {
    return this.map.values();
  }
  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.map.entries();
  }
}

/** A map changed in place whose store announces each change with a new view. */
export class LiveMap<K, V> {
  private readonly map = new Map<K, V>();
  private readonly store = atom<ReadonlyMap<K, V>>(new MapView(this.map));
  /** The store: a read-only view, replaced (not copied) on every change. */
  readonly $store: ReadableAtom<ReadonlyMap<K, V>> = this.store;

  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  get size(): number {
    return this.map.size;
  }
  keys(): MapIterator<K> {
    return this.map.keys();
  }
  values(): MapIterator<V> {
    return this.map.values();
  }

  set(key: K, value: V): void {
    if (this.map.get(key) === value) return;
    this.map.set(key, value);
    this.publish();
  }

  delete(key: K): void {
    if (this.map.delete(key)) this.publish();
  }

  /** Replaces every entry. */
  reset(entries: Iterable<[K, V]>): void {
    this.map.clear();
    for (const [k, v] of entries) this.map.set(k, v);
    this.publish();
  }

  private publish(): void {
    this.store.set(new MapView(this.map));
  }
}
