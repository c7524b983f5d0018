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

/** A statement with its parameters written in as literals, or `null` when one cannot be (an array). */
export function inline(sql: string, params: readonly unknown[] | undefined): string | null {
  if (!params || params.length === 0) return sql;
  if (!params.every((v) => v === null || v === undefined || ['number', 'boolean', 'string'].includes(typeof v))) return null;
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
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
 * A batch goes as one simple-protocol query, its parameters written in as literals. An error in a
 * held-back write is thrown by the statement it went with (the transaction is lost either way).
 */
export function transactionExecutor(client: pg.PoolClient, state: TxState, commit?: CommitHook): BatchExecutor {
  const plain = executor(client);
  const open = () => {
    if (state.committed) throw new Error('this transaction has already committed (queryAndCommit must be its last statement)');
  };
  /** Sends the held-back statements, then `last`, in one round trip; answers `last`'s rows. */
  const batch = async <T>(last: string): Promise<{ rows: T[] }> => {
    const text = [...takePending(state), last].join(';\n');
    const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    const r = Array.isArray(results) ? results[results.length - 1]! : results;
    return { rows: r.rows as T[] };
  };
  const flush = async () => {
    if (state.pending.length > 0) await batch('SELECT 1');
  };
  return {
    async query<T>(sql: string, params?: unknown[]) {
      open();
      const text = state.pending.length > 0 ? inline(sql, params) : null;
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
      const texts = statements.map((s) => inline(s.sql, s.params));
      if (texts.some((t) => t === null)) throw new Error('queryBatch: a parameter that cannot be written as a literal');
      const text = [...takePending(state), ...texts].join(';\n');
      const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      // The answers of the statements asked for are the last ones (what was held back came first).
      return (Array.isArray(results) ? results : [results]).slice(-statements.length).map((r) => ({ rows: r.rows as unknown[] }));
    },
    defer(sql, params) {
      open();
      const text = inline(sql, params);
      if (text === null) throw new Error('defer: a parameter that cannot be written as a literal');
      state.pending.push(text);
    },
    async queryAndCommit<T>(sql: string, params: unknown[]) {
      open();
      if (commit) return commit<T>(sql, params);
      const text = inline(sql, params);
      if (text === null) throw new Error('queryAndCommit: a parameter that cannot be written as a literal');
      state.committed = true;
      const results = (await client.query([...takePending(state), text, 'COMMIT'].join(';\n'))) as unknown as pg.QueryResult[];
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
