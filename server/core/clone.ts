/**
 * Copies of the plain data the core and the storages hand around (rows, events, read positions).
 * Browser-safe.
 */

/**
 * A deep copy of plain data: objects, arrays, `Map`s and `Set`s of them, and primitives; anything
 * else (a `Date`, bytes) is copied by `structuredClone`. A command copies small objects many times
 * (what a storage hands out, what it keeps, every event emitted): for those this is about eight
 * times cheaper than `structuredClone`, which serializes first.
 *
 * With `seen`, an object reached twice is copied once and the copy shared, as `structuredClone`
 * does (events that share a message and a dialog); without it, each reach is its own copy.
 */
export function cloneData<T>(value: T, seen?: Map<object, unknown>): T {
  if (typeof value !== 'object' || value === null) return value;
  if (seen) {
    const known = seen.get(value);
    if (known !== undefined) return known as T;
  }
  let out: unknown;
  if (Array.isArray(value)) {
    const a = new Array<unknown>(value.length);
    seen?.set(value, a);
    for (let i = 0; i < value.length; i++) a[i] = cloneData(value[i] as unknown, seen);
    out = a;
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) {
      const o: Record<string, unknown> = proto === null ? Object.create(null) : {};
      seen?.set(value, o);
      for (const key of Object.keys(value)) o[key] = cloneData((value as Record<string, unknown>)[key], seen);
      out = o;
    } else if (value instanceof Map) {
      const m = new Map<unknown, unknown>();
      seen?.set(value, m);
      for (const [k, v] of value) m.set(k, cloneData(v as unknown, seen));
      out = m;
    } else if (value instanceof Set) {
      const s = new Set<unknown>();
      seen?.set(value, s);
      for (const v of value) s.add(cloneData(v as unknown, seen));
      out = s;
    } else {
      out = structuredClone(value);
      seen?.set(value, out);
    }
  }
  return out as T;
}
