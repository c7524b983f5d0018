/**
 * Plain check functions for what crosses the network, small enough for the client bundle (issue 17:
 * valibot stays on the server). Each check answers its input, or a copy without the fields it does
 * not know, or {@link FAIL}; {@link describeIssue} then words the first problem as valibot does
 * (`Invalid type: Expected string but received 42`). `sdk/checks.ts` writes the protocol's
 * shapes with these; `sdk/schema.test.ts` shows they accept and refuse what the valibot schemas of
 * `sdk/schema.ts` do, with the same field and message.
 */
import { textProblem } from './rules/text.js';

/** What a check answers for a value it refuses. */
export const FAIL: unique symbol = Symbol('invalid');
/** A check: the value it accepts (without unknown fields), or {@link FAIL}. */
export type Check<T = unknown> = (x: unknown) => T | typeof FAIL;
/** The first problem a check found: where (keys from the value checked) and why. */
export interface Issue {
  path: Array<string | number>;
  message: string;
}

let last: Issue = { path: [], message: 'invalid' };

/** The first problem as every refusal words it: the dotted field, the message, and `field: message`. */
export function describeIssue(issue: Issue = last): { field: string | undefined; message: string; text: string } {
  const field = issue.path.join('.') || undefined;
  const { message } = issue;
  return { field, message, text: field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message };
}

/** Fails with `message` (a rule's own words). */
const fail = (message: string): typeof FAIL => ((last = { path: [], message }), FAIL);
/** A value as an error message shows it (valibot's wording). */
const show = (x: unknown): string => {
  const t = typeof x;
  if (t === 'string') return `"${x as string}"`;
  if (t === 'number' || t === 'bigint' || t === 'boolean') return `${x as number}`;
  return t === 'object' || t === 'function' ? ((x ? (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor?.name : null) ?? 'null') : t;
};
const bad = (label: string, expected: string | null, x: unknown, received = show(x)): typeof FAIL => fail(`Invalid ${label}: ${expected ? `Expected ${expected} but r` : 'R'}eceived ${received}`);
/** `out`, with `key` put in front of the problem's path when it is {@link FAIL}. */
const at = <T>(key: string | number, out: T): T => (out === FAIL && last.path.unshift(key), out);
const oneOf = (list: unknown[]) => {
  const names = [...new Set(list.map(show))];
  return names.length > 1 ? `(${names.join(' | ')})` : names[0]!;
};

const type =
  <T>(name: string, ok: (x: unknown) => boolean): Check<T> =>
  (x) =>
    ok(x) ? (x as T) : bad('type', name, x);
export const str = type<string>('string', (x) => typeof x === 'string');
export const bool = type<boolean>('boolean', (x) => typeof x === 'boolean');
export const num = type<number>('number', (x) => typeof x === 'number' && x === x);
export const unknown: Check = (x) => x;

/** One of `options` (a literal when there is one). */
export const pick = <const T extends readonly unknown[]>(options: T): Check<T[number]> & { l?: unknown } => {
  const expected = oneOf([...options]);
  return Object.assign((x: unknown) => (options.includes(x) ? (x as T[number]) : bad('type', expected, x)), { l: options[0] });
};

/** `undefined`, or what `c` accepts; an object may leave the field out. */
export const opt = <T>(c: Check<T>): Check<T | undefined> & { o: 1 } => Object.assign((x: unknown) => (x === undefined ? x : c(x)), { o: 1 as const });
/** `null`, or what `c` accepts. */
export const nul =
  <T>(c: Check<T>): Check<T | null> =>
  (x) =>
    x === null ? x : c(x);

/** A rule on a value of the right type: `true`, or {@link FAIL}. */
type Rule<T> = (x: T) => true | typeof FAIL;
/** What `c` accepts and every rule allows, the first broken rule named. */
export const pipe =
  <T>(c: Check<T>, ...rules: Array<Rule<T>>): Check<T> =>
  (x) => {
    const out = c(x);
    if (out !== FAIL) for (const r of rules) if (r(out as T) === FAIL) return FAIL;
    return out;
  };
export const minLength =
  (n: number): Rule<{ length: number }> =>
  (x) =>
    x.length >= n || bad('length', `>=${n}`, x, `${x.length}`);
export const maxLength =
  (n: number): Rule<{ length: number }> =>
  (x) =>
    x.length <= n || bad('length', `<=${n}`, x, `${x.length}`);
export const minValue =
  (n: number): Rule<number> =>
  (x) =>
    x >= n || bad('value', `>=${n}`, x);
export const maxValue =
  (n: number): Rule<number> =>
  (x) =>
    x <= n || bad('value', `<=${n}`, x);
export const integer: Rule<number> = (x) => Number.isInteger(x) || bad('integer', null, x);
export const finite: Rule<number> = (x) => Number.isFinite(x) || bad('finite', null, x);
export const regex =
  (re: RegExp): Rule<string> =>
  (x) =>
    re.test(x) || bad('format', `${re}`, x);
/** A rule of `ok`, refused with `message`. */
export const rule =
  <T>(ok: (x: T) => boolean, message: string): Rule<T> =>
  (x) =>
    ok(x) || fail(message);
/** Text that can be stored (`textProblem` says why not). */
export const storable =
  (options: { singleLine?: boolean } = {}): Rule<string> =>
  (x) => {
    const problem = textProblem(x, options);
    return problem === null || fail(problem);
  };

/** Whether `o` is a plain object (valibot answers one for any object it accepts). */
const plain = (o: object) => Object.getPrototypeOf(o) === Object.prototype;

type Entries = Record<string, Check<unknown>>;
type ObjectCheck<T> = Check<T> & { e: Entries };
/**
 * An object with these fields, in this order. A field may be missing only when its check is
 * {@link opt}. Unknown fields are left out of the answer, or refused when `strict` (command inputs).
 */
export function obj<T>(entries: Entries, strict?: boolean): ObjectCheck<T> {
  const keys = Object.keys(entries);
  const checks = keys.map((k) => entries[k] as Check & { o?: 1 });
  const check = (x: unknown) => {
    if (!x || typeof x !== 'object') return bad('type', 'Object', x);
    const o = x as Record<string, unknown>;
    // A copy, made once a field's answer is not the field itself, or when `x` is not a plain object
    // (so no field below is inherited from anything but Object.prototype).
    let copy = plain(o) ? undefined : known(o, 0);
    let present = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const val = o[k];
      if (val === undefined && !(k in o)) {
        if (!checks[i]!.o) return at(k, bad('key', `"${k}"`, undefined));
        continue;
      }
      present++;
      const out = checks[i]!(val);
      if (out === FAIL) return at(k, FAIL);
      if (!copy && out !== val) copy = known(o, i);
      if (copy) copy[k] = out;
    }
    // Any other key: refused when strict, else left out of the answer.
    let all = 0;
    for (const _k in o) all++;
    if (all === present) return copy ?? o;
    for (const k in o) if (strict && !Object.prototype.hasOwnProperty.call(entries, k)) return at(k, bad('key', 'never', k));
    return copy ?? known(o, keys.length);
  };
  /** The fields of `o` among the first `n` known ones. */
  const known = (o: Record<string, unknown>, n: number) => {
    const copy: Record<string, unknown> = {};
    for (const k of keys.slice(0, n)) if (k in o) copy[k] = o[k];
    return copy;
  };
  return Object.assign(check as Check<T>, { e: entries });
}

/** An array of what `item` accepts. */
export const arr =
  <T>(item: Check<T>): Check<T[]> =>
  (x) => {
    if (!Array.isArray(x)) return bad('type', 'Array', x);
    let copy: unknown[] | undefined;
    for (let i = 0; i < x.length; i++) {
      const val: unknown = x[i];
      const out = item(val);
      if (out === FAIL) return at(i, FAIL);
      if (!copy && out !== val) copy = x.slice(0, i);
      copy?.push(out);
    }
    return (copy ?? x) as T[];
  };

/** A tuple: an array whose first items are what `items` accept (the answer has only those). */
export const tuple =
  <T extends unknown[]>(...items: Check[]): Check<T> =>
  (x) => {
    if (!Array.isArray(x)) return bad('type', 'Array', x);
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const o = items[i]!(x[i]);
      if (o === FAIL) return at(i, FAIL);
      out.push(o);
    }
    return (out.length === x.length && out.every((o, i) => o === x[i]) ? x : out) as T;
  };

/** An object whose own keys `key` accepts, each holding what `value` accepts. */
export const record =
  <K extends string, T>(key: Check<K>, value: Check<T>): Check<Partial<Record<K, T>>> =>
  (x) => {
    if (!x || typeof x !== 'object') return bad('type', 'Object', x);
    const o = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let changed = !plain(o);
    for (const k in o) {
      // Keys valibot leaves out: inherited ones and those that could reach a prototype.
      if (!Object.prototype.hasOwnProperty.call(o, k) || k === '__proto__' || k === 'prototype' || k === 'constructor') {
        changed = true;
        continue;
      }
      if (key(k) === FAIL) return at(k, FAIL);
      const val = value(o[k]);
      if (val === FAIL) return at(k, FAIL);
      changed ||= val !== o[k];
      out[k] = val;
    }
    return (changed ? out : o) as Partial<Record<K, T>>;
  };

/** One of `options`, chosen by the literal each has at `key` (the first that matches decides). */
export const variant = <T>(key: string, options: Array<ObjectCheck<unknown>>): Check<T> => {
  const byTag = new Map<unknown, Check>();
  for (const o of options) if (!byTag.has((o.e[key] as { l?: unknown }).l)) byTag.set((o.e[key] as { l?: unknown }).l, o);
  return (x) => {
    if (!x || typeof x !== 'object') return bad('type', 'Object', x);
    const tag = (x as Record<string, unknown>)[key];
    const option = key in x ? byTag.get(tag) : undefined;
    return (option ? option(x) : at(key, bad('type', oneOf([...byTag.keys()]), tag))) as T | typeof FAIL;
  };
};
