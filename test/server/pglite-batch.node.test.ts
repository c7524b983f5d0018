/**
 * How a command talks to PGlite (issue 14): its writes go with its next statement, its texts are
 * prepared once on the connection and run by `EXECUTE`, and what it wrote is what the storage
 * reads back. Each call into PGlite is a call into PostgreSQL compiled to WebAssembly, and a
 * parameterised `query` is four of them: the default server pays for every one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { ManualScheduler, SEED_IDS, testSeed } from '../../server/core/test-support.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';

interface Call {
  kind: 'query' | 'exec';
  text: string;
}

describe('commands on PGlite: few calls, texts prepared once (issue 14)', () => {
  let b: InProcessBackend;
  let storage: PgliteStorage;
  let calls: Call[] | null = null;
  const transaction = PGlite.prototype.transaction;

  before(async () => {
    // Every call a transaction makes into PGlite, while `calls` is set.
    PGlite.prototype.transaction = function <T>(this: PGlite, fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return transaction.call(this, (tx) => {
        const spied: Transaction = Object.create(tx) as Transaction;
        spied.query = ((text: string, ...rest: unknown[]) => {
          calls?.push({ kind: 'query', text });
          return (tx.query as (...a: unknown[]) => Promise<unknown>)(text, ...rest);
        }) as Transaction['query'];
        spied.exec = ((text: string, ...rest: unknown[]) => {
          calls?.push({ kind: 'exec', text });
          return (tx.exec as (...a: unknown[]) => Promise<unknown>)(text, ...rest);
        }) as Transaction['exec'];
        return fn(spied);
      }) as Promise<T>;
    };
    storage = await PgliteStorage.open();
    // The channels' simulation waits for a manual clock: no transaction of its own between the calls counted.
    b = await createInProcessBackend(testSeed, { storage, scheduler: new ManualScheduler().scheduler });
  });
  after(async () => {
    PGlite.prototype.transaction = transaction;
    b.core.dispose();
    await storage.close();
  });

  const send = async (id: string, text: string): Promise<Call[]> => {
    calls = [];
    try {
      await b.core.handle(SEED_IDS.admin, 'sendMessage', { id, dialogId: SEED_IDS.freshWaitingDialog, text });
      return calls;
    } finally {
      calls = null;
    }
  };

  it('H1, S1: a second send of the same kind prepares nothing, runs its statements by EXECUTE in batches, and stores what it answered', async () => {
    const first = await send('m-pg1', 'uno');
    assert.ok(
      first.some((c) => /\bPREPARE cx\d+ AS\b/.test(c.text)),
      'the first send prepares its texts',
    );
    const second = await send('m-pg2', 'dos');
    assert.ok(second.length > 0, 'the send went through PGlite');
    assert.deepEqual(
      second.filter((c) => /\bPREPARE\b/.test(c.text)).map((c) => c.text.slice(0, 60)),
      [],
      'nothing prepared again',
    );
    const executes = second.reduce((n, c) => n + (c.text.match(/\bEXECUTE cx\d+\(/g)?.length ?? 0), 0);
    assert.ok(executes >= 3, `its statements run by EXECUTE (${executes})`);
    assert.ok(second.length < executes, `fewer calls (${second.length}) than statements run (${executes}): writes go with the next statement`);
    const stored = await storage.message('m-pg2');
    assert.equal(stored?.text, 'dos');
    assert.equal(stored?.dialogId, SEED_IDS.freshWaitingDialog);
    const dialog = await storage.dialog(SEED_IDS.freshWaitingDialog);
    assert.equal(dialog?.lastMessage?.text, 'dos', "the dialog's preview is the message written in the same batches");
  });

  it('a text with a parameter that cannot be written in (an array) still runs, as a query of its own', async () => {
    calls = [];
    try {
      const rows = await storage.db.transaction((tx) => tx.query<{ n: number }>('SELECT cardinality($1::text[]) AS n', [['a', 'b', 'c']]));
      assert.equal(rows.rows[0]?.n, 3);
      assert.ok(
        calls.some((c) => c.kind === 'query'),
        'sent as a parameterised query',
      );
    } finally {
      calls = null;
    }
  });
});
