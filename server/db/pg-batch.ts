/**
 * Group commit of concurrent commands on PostgreSQL (docs/scaling.md, "Concurrent commands share a
 * transaction"). The commands that come while a transaction is open join it, one after the other on
 * its connection, each inside its own SAVEPOINT, so each is still all or nothing; their events are
 * numbered in one statement sent with the one COMMIT, and they share the round trips (a command's
 * held-back writes go with the next one's first reads), the numbering of the counters and the WAL
 * flush. Two such transactions are open at a time per instance ({@link SharedTransactions.maxOpen}).
 *
 * A command that fails is rolled back to its savepoint alone: its error is its own answer, or, when
 * it is one a retry can cure (a concurrent command won a race, a deadlock, a lock it waited too long
 * for), it runs again in the next transaction, alone first. An error raised by a held-back write of
 * an earlier command (it went with a later one's statement) is found by rolling back to the newest
 * savepoint that exists; the later commands rolled back with it run again, as if they had not
 * started.
 */
import type pg from 'pg';
import { batchText, sendTexts, takePending, transactionExecutor, txState, type TxState } from './pg-executor.js';
import type { BatchExecutor, ReadAhead, SqlExecutor, Statement } from './sql-rows.js';

/** What a shared transaction needs of its driver. */
export interface SharedTransactionDeps {
  /** A connection of the pool (released after the COMMIT). */
  connect(): Promise<pg.PoolClient>;
  /** BEGIN, with the transaction's commit mode. */
  begin: string;
  /** Waits until what committed is on disk (group commit's WAL flush). */
  durable(): Promise<void>;
  /** Whether an error is one a run again can cure. */
  retryable(e: unknown): boolean;
  /** Runs of a command at most. */
  maxAttempts: number;
}

/** Commands in one transaction at most (each may take a subtransaction id: PostgreSQL caches 64). */
const MAX_COMMANDS = 32;
/** How long a command that joined others waits for a row lock before it gives up (and runs first in the next transaction). */
const JOINED_LOCK_TIMEOUT = '100ms';
/** PostgreSQL's lock_not_available (lock_timeout), savepoint does not exist. */
const LOCK_TIMEOUT = '55P03';
const NO_SAVEPOINT = '3B001';

/** Commands whose first reads one command's round trip reads ahead at most ({@link ReadAhead}). */
const MAX_AHEAD = 8;

/** A command waiting for its transaction. */
interface Command {
  fn: (tx: SqlExecutor) => Promise<unknown>;
  /** What it reads first, that an earlier command's round trip may read for it. */
  ahead: ReadAhead | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  attempts: number;
}

/** One run of a command in a shared transaction. */
interface Run {
  command: Command;
  savepoint: string;
  /** Where its SAVEPOINT stands among the transaction's held-back and sent statements ({@link TxState.base}). */
  marker: number;
  /** Its numbering statement, once the command reached it (its body has ended). */
  joined: { sql: string; params: unknown[]; resolve(rows: unknown[]): void; reject(e: unknown): void } | null;
  /** The command's outcome (settles after its numbering, when it has one). */
  outcome: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  /** Nothing more may be sent for it (its body ended, or it was rolled back). */
  closed: boolean;
  /** No command joins the transaction after it ({@link BatchExecutor.closeAfter}). */
  last: boolean;
}

/** What one shared transaction read ahead for commands still waiting in the queue ({@link ReadAhead}). */
interface AheadReads {
  /** The rows read for each, once read. */
  rows: Map<Command, unknown[][]>;
  /** Every command this transaction reserved (being read ahead, or read). */
  reserved: Set<Command>;
}

/** Thrown into a command whose run was rolled back for another's error (it runs again; nobody sees this). */
class RunAgain extends Error {}

const codeOf = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

/** Runs commands in shared transactions, {@link maxOpen} open at a time (see the file's comment). */
export class SharedTransactions {
  private readonly queue: Command[] = [];
  private open = 0;
  /**
   * Shared transactions open at once on this instance. Each runs its commands one after the other,
   * a round trip each, so on a busy machine one alone waits more than it works; two overlap. The
   * lock rule that keeps transactions of different instances from deadlocking (a joined command
   * waits at most {@link JOINED_LOCK_TIMEOUT}) holds between two of one instance just the same.
   */
  maxOpen = 2;
  private count = 0;
  /**
   * For tests and figures: transactions committed, the commands they committed, and the commands
   * that failed with an error a run again cures and were put back for the next transaction.
   */
  readonly stats = { transactions: 0, commands: 0, retried: 0, readAhead: 0 };

  constructor(private readonly deps: SharedTransactionDeps) {}

  /** Commands waiting for a transaction (for tests: a signal that they have come). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Shared transactions open now. */
  get busy(): number {
    return this.open;
  }

  /** Runs `fn` as one command of a shared transaction; resolves after its commit is on disk. */
  run<T>(fn: (tx: SqlExecutor) => Promise<T>, ahead?: ReadAhead): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, ahead, resolve: resolve as (v: unknown) => void, reject, attempts: 0 });
      this.kick();
    });
  }

  /** Commands another transaction read ahead for (only that one runs them, while it is open). */
  private readonly reserved = new Map<Command, AheadReads>();

  /** The next command for a transaction: one it read ahead for, else the first no other did. */
  private take(mine: AheadReads): Command | undefined {
    let i = this.queue.findIndex((c) => mine.rows.has(c));
    if (i < 0) i = this.queue.findIndex((c) => !this.reserved.has(c));
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  /** Forgets what a transaction read ahead (its locks may be gone, or it ends): those commands are anyone's again. */
  private forget(mine: AheadReads): void {
    for (const c of mine.reserved) this.reserved.delete(c);
    mine.reserved.clear();
    mine.rows.clear();
  }

  private kick(): void {
    while (this.open < this.maxOpen && this.queue.some((c) => !this.reserved.has(c))) {
      this.open++;
      void this.transaction().finally(() => {
        this.open--;
        this.kick();
      });
    }
  }

  /** One shared transaction: its commands one after the other, then the numbering and COMMIT. */
  private async transaction(): Promise<void> {
    let client: pg.PoolClient;
    const mine: AheadReads = { rows: new Map(), reserved: new Set() };
    const first = [this.take(mine)].filter((c) => c !== undefined);
    try {
      client = await this.deps.connect();
    } catch (e) {
      first.forEach((c) => c.reject(e));
      return;
    }
    const state = txState(this.deps.begin);
    const runs: Run[] = [];
    const again: Command[] = [];
    let broken = false;
    try {
      let next: Command | undefined = first[0];
      let stop = false;
      while (next && !stop) {
        // A command with reads of its own: what was read ahead may be stale once it ran.
        if (!next.ahead) this.forget(mine);
        const run = this.start(client, state, next, runs.length > 0, mine, () => MAX_COMMANDS - runs.length - again.length);
        runs.push(run);
        const body = await Promise.race([run.outcome, new Promise<null>((r) => (run.onJoin = () => r(null)))]);
        run.closed = true;
        if (body && !body.ok) {
          // Rolled back to a savepoint: locks taken for what was read ahead may be gone with it.
          this.forget(mine);
          stop = (await this.fail(client, state, runs, run, body.error, again)) === 'stop';
        }
        if (run.last) stop = true;
        next = runs.length + again.length < MAX_COMMANDS ? this.take(mine) : undefined;
      }
      if (next) this.queue.unshift(next);
      this.forget(mine);
      const committed = await this.commit(client, state, runs, again);
      client.release();
      // The next transaction may start now (the locks are free); these are answered after the flush.
      void this.finish(committed);
    } catch (e) {
      // The connection failed (or the COMMIT did): nothing of it is known to have committed.
      broken = true;
      for (const run of runs) this.settle(run, e, again);
    } finally {
      this.forget(mine);
      if (broken) client.release(true);
      this.queue.unshift(...again);
    }
  }

  /** Starts a command's run: its SAVEPOINT held back, then its body on the shared connection. */
  private start(client: pg.PoolClient, state: TxState, command: Command, joining: boolean, mine: AheadReads, room: () => number): Run & { onJoin?: () => void } {
    const savepoint = `cd_c${++this.count}`;
    // A command that joins others waits for a lock only so long: the others' locks are held meanwhile.
    if (joining) state.pending.push(`SET LOCAL lock_timeout TO '${JOINED_LOCK_TIMEOUT}'`);
    const run: Run & { onJoin?: () => void } = {
      command,
      savepoint,
      marker: state.base + state.pending.length,
      joined: null,
      outcome: Promise.resolve({ ok: true, value: undefined }),
      closed: false,
      last: false,
    };
    state.pending.push(`SAVEPOINT ${savepoint}`);
    const tx = transactionExecutor(client, state, (sql, params) => {
      if (run.joined) throw new Error('a command numbers its events once');
      return new Promise((resolve, reject) => {
        run.joined = { sql, params, resolve: (rows) => resolve({ rows: rows as never[] }), reject };
        run.onJoin?.();
      });
    });
    const guard = <F extends (...a: never[]) => unknown>(f: F | undefined): F | undefined =>
      f &&
      (((...a: Parameters<F>) => {
        if (run.closed) throw new Error('this command has ended (queryAndCommit must be its last statement)');
        return f(...a);
      }) as F);
    const guarded: BatchExecutor = {
      query: guard(tx.query)!,
      exec: guard(tx.exec)!,
      defer: guard(tx.defer),
      queryAndCommit: guard(tx.queryAndCommit),
      queryBatch: guard(tx.queryBatch),
      closeAfter: () => {
        run.last = true;
      },
      readAhead: guard((statements) => this.readAhead(tx, command, statements, mine, room())),
    };
    run.outcome = Promise.resolve()
      .then(() => command.fn(guarded))
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    return run;
  }

  /**
   * A command's first reads ({@link BatchExecutor.readAhead}): what this transaction read ahead for
   * it, or its statements now, with those of the commands waiting behind it (up to {@link
   * MAX_AHEAD}, on other dialogs, that no other transaction read ahead for). Their dialogs are
   * locked in passing (`SKIP LOCKED`: one another transaction holds is left to its command), so
   * what was read stays theirs until they run in this transaction, each after commands that only
   * wrote their own dialogs (a command of another kind, or a rollback, forgets them).
   */
  private async readAhead(tx: BatchExecutor, command: Command, statements: readonly Statement[], mine: AheadReads, room: number): Promise<unknown[][]> {
    const read = mine.rows.get(command);
    if (read) {
      mine.rows.delete(command);
      mine.reserved.delete(command);
      this.reserved.delete(command);
      this.stats.readAhead++;
      return read;
    }
    const keys = new Set([command.ahead?.key, ...[...mine.reserved].map((c) => c.ahead?.key)]);
    const others: Command[] = [];
    for (const c of this.queue) {
      if (others.length >= Math.min(MAX_AHEAD, room - 1 - mine.reserved.size)) break;
      if (!c.ahead || this.reserved.has(c) || keys.has(c.ahead.key)) continue;
      keys.add(c.ahead.key);
      others.push(c);
    }
    // Theirs for this transaction from now (another would wait for the locks these statements take).
    // (Forgotten with the rest when this round trip fails.)
    for (const c of others) {
      this.reserved.set(c, mine);
      mine.reserved.add(c);
    }
    const results = (await tx.queryBatch!([...statements, ...others.flatMap((c) => c.ahead!.statements)])).map((r) => r.rows);
    let at = statements.length;
    for (const c of others) {
      const rows = results.slice(at, (at += c.ahead!.statements.length));
      if (!mine.reserved.has(c)) continue;
      if (c.ahead!.usable(rows)) mine.rows.set(c, rows.slice(0, c.ahead!.answers));
      else {
        mine.reserved.delete(c);
        this.reserved.delete(c);
      }
    }
    return results.slice(0, statements.length);
  }

  /**
   * A run failed with `error`: rolls back to the savepoint of the command at fault (this one, or an
   * earlier one whose held-back write went with this one's statement), and decides what each
   * command rolled back does. Answers 'stop' when the transaction takes no more commands.
   */
  private async fail(client: pg.PoolClient, state: TxState, runs: Run[], run: Run, error: unknown, again: Command[]): Promise<'go' | 'stop'> {
    let at = runs.length - 1;
    if (run.marker >= state.base) {
      // Its SAVEPOINT was never sent: forget what it held back, and nothing else.
      state.pending.length = run.marker - state.base;
    } else {
      state.pending = [];
      for (; at >= 0; at--) {
        try {
          await client.query(`ROLLBACK TO SAVEPOINT ${runs[at]!.savepoint}`);
          break;
        } catch (e) {
          if (codeOf(e) !== NO_SAVEPOINT || at === 0) throw e;
        }
      }
    }
    const culprit = runs[at]!;
    const undone = runs.splice(at);
    for (const r of undone.slice(1).reverse()) this.settle(r, new RunAgain(), again);
    this.settle(culprit, error, again);
    return codeOf(error) === LOCK_TIMEOUT ? 'stop' : 'go';
  }

  /**
   * A run that will not commit: run again (not counted when another's error undid it), or answered
   * with its error. Its command, if waiting for its numbering, is told and then ignored.
   */
  private settle(run: Run, error: unknown, again: Command[]): void {
    run.closed = true;
    run.joined?.reject(error);
    void run.outcome.catch(() => undefined);
    const c = run.command;
    const own = !(error instanceof RunAgain);
    if (own) c.attempts++;
    const retry = own && this.deps.retryable(error) && c.attempts < this.deps.maxAttempts;
    if (retry) this.stats.retried++;
    if (!own || retry) {
      // Run again first in the next transaction (where it waits for its locks as long as it takes).
      again.unshift(c);
    } else c.reject(error);
  }

  /** Numbers the events of every run in one statement and commits; answers the runs committed. */
  private async commit(client: pg.PoolClient, state: TxState, runs: Run[], again: Command[]): Promise<Run[]> {
    for (;;) {
      const joined = runs.filter((r) => r.joined);
      if (runs.length === 0) {
        if (state.sent) await client.query('ROLLBACK');
        return [];
      }
      if (joined.length === 0) {
        await sendTexts(client, [...takePending(state), 'COMMIT']);
        return runs;
      }
      const params = [...joined[joined.length - 1]!.joined!.params];
      params[0] = `[${joined.map((r) => (r.joined!.params[0] as string).slice(1, -1)).join(',')}]`;
      params[3] = joined.map((r) => r.joined!.params[3]).find((p) => p !== null && p !== undefined) ?? null;
      const numbering = inlineNumbering(client, joined[0]!.joined!.sql, params);
      try {
        const results = await sendTexts(client, [...takePending(state), 'SET LOCAL lock_timeout TO 0', 'SAVEPOINT cd_numbering', numbering, 'COMMIT']);
        const rows = results[results.length - 2]!.rows as Array<{ k: number | string }>;
        const byRun = joined.map(() => [] as unknown[]);
        for (const row of rows) byRun[Number(row.k) - 1]!.push(row);
        joined.forEach((r, i) => r.joined!.resolve(byRun[i]!));
        return runs;
      } catch (error) {
        // The numbering failed (every command's share of it), or a held-back write of the last commands.
        try {
          await client.query('ROLLBACK TO SAVEPOINT cd_numbering');
        } catch (e) {
          if (codeOf(e) !== NO_SAVEPOINT) throw error;
          const last = runs[runs.length - 1]!;
          last.marker = -1;
          await this.fail(client, state, runs, last, error, again);
          continue;
        }
        await client.query('ROLLBACK');
        for (const run of runs.splice(0)) this.settle(run, error, again);
        return [];
      }
    }
  }

  /** After the COMMIT: each command's answer, once the commit is on disk, in commit order. */
  private async finish(runs: Run[]): Promise<void> {
    this.stats.transactions++;
    this.stats.commands += runs.length;
    const outcomes = await Promise.all(runs.map((r) => r.outcome));
    try {
      if (runs.length > 0) await this.deps.durable();
    } catch (e) {
      runs.forEach((r) => r.command.reject(e));
      return;
    }
    runs.forEach((r, i) => {
      const o = outcomes[i]!;
      if (o.ok) r.command.resolve(o.value);
      else r.command.reject(o.error);
    });
  }
}

/** The joined numbering statement with its parameters written in (it goes with the COMMIT). */
function inlineNumbering(client: pg.PoolClient, sql: string, params: unknown[]): string {
  const text = batchText(client, sql, params);
  if (text === null) throw new Error('numbering: a parameter that cannot be written as a literal');
  return text;
}
