/**
 * node-postgres executors: a plain one (pool or connection, statements with parameters prepared
 * once per connection) and a transaction's ({@link transactionExecutor}), which sends as few round
 * trips as it can. Used by `pg-storage.ts` (one command, one transaction) and `pg-batch.ts`
 * (concurrent commands sharing one transaction).
 */
import type pg from 'pg';
import type { BatchExecutor } from './sql-prefetch.js';
import type { SqlExecutor } from './sql-rows.js';

/**
 * Statements with parameters go as named (prepared) statements: each connection parses and
 * analyses one once, then only binds and runs it. The pool's connections plan each run afresh
 * (`plan_cache_mode`, below), so a prepared query never sticks to a generic plan that suits one
 * value and not another. Names are given to the first {@link MAX_NAMED} distinct texts only (list
 * queries built from filters vary; the rest go unnamed).
 */
const names = new Map<string, string>();
const MAX_NAMED = 400;
function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (!name && names.size < MAX_NAMED) names.set(sql, (name = `cd${names.size + 1}`));
  return name;
}

export function executor(q: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[]) => {
      const name = params && params.length > 0 ? statementName(sql) : undefined;
      const r = await q.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
      return { rows: r.rows as T[] };
    },
    exec: (sql) => q.query(sql),
  };
}

/** What a transaction's executor has sent, and what it holds back for the next round trip. */
export interface TxState {
  committed: boolean;
  /** Statements (parameters written in) not sent yet: BEGIN at first, then deferred writes. */
  pending: string[];
  /** Something went to the server (a ROLLBACK is needed when it fails). */
  sent: boolean;
  /** How many statements have been sent (the position of `pending[0]` among all the transaction's statements). */
  base: number;
}

/** A new transaction's state: `begin` held back for its first statement. */
export function txState(begin: string): TxState {
  return { committed: false, pending: [begin], sent: false, base: 0 };
}

/** Takes the held-back statements to send them (they count as sent). */
export function takePending(state: TxState): string[] {
  const taken = state.pending;
  state.pending = [];
  state.base += taken.length;
  state.sent = true;
  return taken;
}

/** Runs the last statement and the COMMIT (`queryAndCommit`), or hands them to whoever commits a shared transaction. */
export type CommitHook = <T>(sql: string, params: unknown[]) => Promise<{ rows: T[] }>;

/** Whether every parameter can be written as a literal (not an array). */
function literalParams(params: readonly unknown[]): boolean {
  return params.every((v) => v === null || v === undefined || ['number', 'boolean', 'string'].includes(typeof v));
}

/** A statement with its parameters written in as literals, or `null` when one cannot be (an array). */
export function inline(sql: string, params: readonly unknown[] | undefined): string | null {
  if (!params || params.length === 0) return sql;
  if (!literalParams(params)) return null;
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
}

/**
 * Statements prepared with SQL `PREPARE` on one connection, for the batches of its transactions (a
 * batch is one simple-protocol query, which cannot bind parameters): each text is parsed and
 * analysed once per connection, and a batch says `EXECUTE name(literals)`. Without it PostgreSQL
 * parsed, analysed and planned every statement of every batch afresh: nearly half of its CPU per
 * message (perf, issue 14). A prepared statement outlives a rollback; a batch that fails may or may
 * not have run its PREPAREs, so their names are never used again (a new name next time).
 */
interface Prepared {
  /** The name of each text prepared (or to be prepared by the next batch). */
  names: Map<string, string>;
  /** Names handed out whose PREPARE goes first in the next batch sent ({@link sendTexts}). */
  toPrepare: Array<{ name: string; sql: string }>;
  next: number;
}
const preparedOf = new WeakMap<pg.ClientBase, Prepared>();
/** Texts prepared per connection at most (a text built from varying filters is written in instead). */
const MAX_PREPARED = 200;
/** What `PREPARE` accepts. */
const PREPARABLE = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/**
 * A statement as a batch of `client` runs it: `EXECUTE` of the text prepared on the connection with
 * the parameters as literals (prepared by the next batch sent, when new), or the text with them
 * written in; `null` when a parameter cannot be written as a literal (an array).
 */
export function batchText(client: pg.ClientBase, sql: string, params: readonly unknown[] | undefined): string | null {
  if (!params || params.length === 0) return sql;
  if (!literalParams(params)) return null;
  if (!PREPARABLE.test(sql)) return inline(sql, params);
  let p = preparedOf.get(client);
  if (!p) preparedOf.set(client, (p = { names: new Map(), toPrepare: [], next: 0 }));
  let name = p.names.get(sql);
  if (!name) {
    if (p.names.size >= MAX_PREPARED) return inline(sql, params);
    name = `cx${++p.next}`;
    p.names.set(sql, name);
    p.toPrepare.push({ name, sql });
  }
  return `EXECUTE ${name}(${params.map(literal).join(', ')})`;
}

/**
 * Sends statements as one simple-protocol query, the PREPAREs of the texts {@link batchText} named
 * since the last send first (after a leading BEGIN); answers the query's results, one per statement
 * (the PREPAREs' come first, so count from the end).
 */
export async function sendTexts(client: pg.ClientBase, statements: readonly string[]): Promise<pg.QueryResult[]> {
  const p = preparedOf.get(client);
  const prepares = p ? p.toPrepare.splice(0) : [];
  const texts = prepares.map((x) => `PREPARE ${x.name} AS ${x.sql}`);
  const at = statements[0]?.startsWith('BEGIN') ? 1 : 0;
  const text = [...statements.slice(0, at), ...texts, ...statements.slice(at)].join(';\n');
  try {
    const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(results) ? results : [results];
  } catch (e) {
    // Whether these PREPAREs ran is unknown: their texts get new names when next used.
    for (const x of prepares) if (p!.names.get(x.sql) === x.name) p!.names.delete(x.sql);
    throw e;
  }
}

/**
 * The executor of a transaction's connection. Round trips are what a command costs on a busy
 * machine, so it sends as few as it can:
 *
 * - BEGIN is not sent alone: it goes with the transaction's first statement;
 * - writes whose answer nobody reads ({@link SqlExecutor.defer}: a message, a dialog, a read
 *   position stored) are held back and go with the next statement, in order, so every statement
 *   still runs where it stood and sees what came before it;
 * - {@link SqlExecutor.queryAndCommit}: the last statement and COMMIT go together. After it, the
 *   transaction has ended: another query throws.
 *
 * A batch goes as one simple-protocol query: `EXECUTE` of statements prepared on the connection with
 * their parameters as literals ({@link batchText}). An error in a held-back write is thrown by the
 * statement it went with (the transaction is lost either way).
 */
export function transactionExecutor(client: pg.PoolClient, state: TxState, commit?: CommitHook): BatchExecutor {
  const plain = executor(client);
  const open = () => {
    if (state.committed) throw new Error('this transaction has already committed (queryAndCommit must be its last statement)');
  };
  /** Sends the held-back statements, then `last`, in one round trip; answers `last`'s rows. */
  const batch = async <T>(last: string): Promise<{ rows: T[] }> => {
    const results = await sendTexts(client, [...takePending(state), last]);
    return { rows: results[results.length - 1]!.rows as T[] };
  };
  const flush = async () => {
    if (state.pending.length > 0) await batch('SELECT 1');
  };
  return {
    async query<T>(sql: string, params?: unknown[]) {
      open();
      const text = state.pending.length > 0 ? batchText(client, sql, params) : null;
      if (text !== null) return batch<T>(text);
      await flush();
      state.sent = true;
      return plain.query<T>(sql, params);
    },
    async exec(sql) {
      open();
      return batch(sql);
    },
    async queryBatch(statements) {
      open();
      const texts = statements.map((s) => batchText(client, s.sql, s.params));
      if (texts.some((t) => t === null)) throw new Error('queryBatch: a parameter that cannot be written as a literal');
      const results = await sendTexts(client, [...takePending(state), ...(texts as string[])]);
      // The answers of the statements asked for are the last ones (what was held back came first).
      return results.slice(-statements.length).map((r) => ({ rows: r.rows as unknown[] }));
    },
    defer(sql, params) {
      open();
      const text = batchText(client, sql, params);
      if (text === null) throw new Error('defer: a parameter that cannot be written as a literal');
      state.pending.push(text);
    },
    async queryAndCommit<T>(sql: string, params: unknown[]) {
      open();
      if (commit) return commit<T>(sql, params);
      const text = batchText(client, sql, params);
      if (text === null) throw new Error('queryAndCommit: a parameter that cannot be written as a literal');
      state.committed = true;
      const results = await sendTexts(client, [...takePending(state), text, 'COMMIT']);
      return { rows: results[results.length - 2]!.rows as T[] };
    },
  };
}

/**
 * A string as a dollar-quoted literal, `$cdN$…$cdN$`: no character of it needs escaping
 * (escapeLiteral walks a long JSON text character by character). PostgreSQL ends the literal at
 * the first tag after the opening one, so the tag may not occur in the text, nor begin inside its
 * end (a text ending in `$cd` would close early: `$cd$…$cd` + `$cd$`).
 */
function dollarQuoted(text: string): string {
  let tag = '$cd$';
  for (let i = 0; (text + tag).indexOf(tag) !== text.length; i++) tag = `$cd${i}$`;
  return `${tag}${text}${tag}`;
}

/** A parameter as an SQL literal. */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return v < 0 ? `(${v})` : String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return dollarQuoted(v);
  throw new Error(`queryAndCommit: unsupported parameter type ${typeof v}`);
}
