/**
 * The SQL storage keeps the same contract as the reference memory storage, on PGlite and on a
 * PostgreSQL server: the same core commands give the same answers, the same events and the same
 * stored state. (The PostgreSQL run needs PostgreSQL: skipped with a reason without it, except in
 * CI, which always runs it.)
 */
import assert from 'node:assert/strict';
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { DialogPage, Id, Message } from '../../sdk/model.js';
import type { CommandName } from '../../sdk/protocol.js';
import { clientSummary } from '../../sdk/rules/clients.js';
import { normalizeQuery, type DialogQuery } from '../../sdk/rules/query.js';
import { ChatCore, type Scheduler } from '../../server/core/core.js';
import { MemoryStorage } from '../../server/core/memory-storage.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { Storage } from '../../server/core/storage.js';
import type { StatusWrite } from '../../server/core/unit.js';
import { failingStorage, ManualScheduler } from '../../server/core/test-support.js';
import { PgliteStorage } from '../../server/db/pglite-storage.js';
import { PostgresStorage } from '../../server/db/pg-storage.js';
import { SqlStorage } from '../../server/db/sql-storage.js';
import type { SqlDriver, SqlExecutor } from '../../server/db/sql-rows.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';

const NOW = Date.UTC(2025, 2, 14, 10, 0, 0);

/** A core with a fake clock, counted ids and timers run by hand: fully deterministic. */
function deterministicCore(storage: Storage) {
  let clock = NOW;
  let ids = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const scheduler: Scheduler = (fn, ms) => {
    const t = { at: clock + ms, fn };
    timers.push(t);
    return () => {
      const i = timers.indexOf(t);
      if (i >= 0) timers.splice(i, 1);
    };
  };
  const core = new ChatCore(storage, { now: () => clock, newId: () => `gen-${++ids}`, scheduler, files: { put: async (id) => ({ url: `/files/${id}` }) } });
  /** Runs every simulated delivery to its end, in time order. */
  const settle = async () => {
    for (let guard = 0; guard < 200; guard++) {
      // Let queued work schedule its timers (over a real network, the core says when it is idle).
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      await core.idle();
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) return;
      clock = Math.max(clock, next.at);
      next.fn();
    }
  };
  const tick = () => {
    clock += 1000;
  };
  return { core, settle, tick };
}

/** Queries over the seed's channels, operators and tags; each part is usually left as by default, so answers are not empty. */
const often = <T>(dflt: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 3, arbitrary: fc.constant(dflt) }, { weight: 1, arbitrary: other });
const listQueryArb: fc.Arbitrary<DialogQuery> = fc
  .record({
    status: often<DialogQuery['status']>('all', fc.constantFrom('open', 'closed')),
    channels: often<string[]>([], fc.subarray(Object.values(SEED_IDS.channels), { minLength: 1, maxLength: 3 })),
    operators: often<string[]>([], fc.subarray([SEED_IDS.admin, SEED_IDS.maria, SEED_IDS.ivan, SEED_IDS.john], { minLength: 1, maxLength: 2 })),
    tags: often<DialogQuery['tags']>(
      { mode: 'all', tags: [], pinned: false },
      fc.oneof(
        fc.constant({ mode: 'all' as const, tags: [] as string[], pinned: true }),
        fc.constant({ mode: 'none' as const, tags: [] as string[], pinned: false }),
        fc.record({ mode: fc.constant('list' as const), tags: fc.subarray(['tag-vip', 'tag-urgent', 'tag-new', 'tag-b2b', 'tag-return'], { minLength: 1, maxLength: 2 }), pinned: fc.boolean() }),
      ),
    ),
    lastMessage: often<DialogQuery['lastMessage']>('any', fc.constantFrom('client', 'operator', 'unanswered', 'answered')),
    bot: often(false, fc.constant(true)),
    sort: fc.constantFrom('processing', 'activity'),
    search: often('', fc.constantFrom('envio', 'HOLA', 'á', 'zzz-nothing', '@', '_', '%', '12', 'gmail')),
  })
  .map((q) => normalizeQuery(q as Partial<DialogQuery>));

/** Waits (polling every 10 ms, a minute at most) until `ok` holds: a signal, never a fixed pause. */
const until = async (what: string, ok: () => boolean | Promise<boolean>) => {
  for (let i = 0; !(await ok()); i++) {
    if (i > 6000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const byKey = (k: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[k]).localeCompare(String(b[k]));

/** Where the SQL side of the contract runs. */
interface Target {
  name: string;
  skip: string | false;
  /** Prepares a fresh, empty database. */
  setUp(): Promise<void>;
  /** Opens (or reopens) it. */
  open(): Promise<SqlStorage>;
  tearDown(): Promise<void>;
}

let dir = '';
let cluster: TestPostgres | null = null;
let pgUrl = '';
const TARGETS: Target[] = [
  {
    name: 'PGlite',
    skip: false,
    setUp: async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-contract-'));
    },
    open: () => PgliteStorage.open(path.join(dir, 'db')),
    tearDown: async () => rmSync(dir, { recursive: true, force: true }),
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason(),
    setUp: async () => {
      // The WAL writer waits long: only the group commit's own flush puts a commit on disk soon.
      cluster = await startPostgres({ fast: true, settings: { wal_writer_delay: '10000' } });
      pgUrl = await cluster.createDatabase('contract');
    },
    open: () => PostgresStorage.open(pgUrl, { max: 4 }),
    tearDown: async () => cluster?.stop(),
  },
];

for (const target of TARGETS)
  describe(`storage contract: ${target.name} answers as the memory storage does`, { skip: target.skip }, () => {
    let pg: SqlStorage;
    let mem: ReturnType<typeof deterministicCore>;
    let sql: ReturnType<typeof deterministicCore>;
    const seed = () => createSeed({ now: NOW, dialogs: 24, seed: 3 });

    before(async () => {
      await target.setUp();
      pg = await target.open();
      assert.equal(await pg.init(seed), true, 'seeded on first start');
      const memory = new MemoryStorage();
      await memory.init(seed);
      mem = deterministicCore(memory);
      sql = deterministicCore(pg);
    });
    after(async () => {
      mem.core.dispose();
      sql.core.dispose();
      await pg.close();
      await target.tearDown();
    });

    /** Runs the same step on both cores and compares the answers (or the refusals). */
    async function both<T>(what: string, step: (c: ChatCore) => Promise<T>, normalize: (v: T) => unknown = plain): Promise<void> {
      const run = async (x: ReturnType<typeof deterministicCore>) => {
        x.tick();
        try {
          const r = await step(x.core);
          await x.settle();
          return { ok: normalize(r) };
        } catch (e) {
          await x.settle();
          return { error: e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e) };
        }
      };
      const a = await run(mem);
      const b = await run(sql);
      assert.deepEqual(b, a, `${what}: ${target.name} differs from memory`);
    }

    const cmd = (op: Id, name: CommandName, input: unknown) => (c: ChatCore) => c.handle(op, name, input);

    it('bootstrap of every operator', async () => {
      for (const op of [SEED_IDS.admin, SEED_IDS.maria, SEED_IDS.ivan, SEED_IDS.john]) {
        await both(`bootstrap ${op}`, cmd(op, 'bootstrap', { limit: 500 }), (s) => {
          const v = plain(s) as Record<string, Array<Record<string, unknown>>> & { list: { clients: Array<Record<string, unknown>>; readStates: Array<Record<string, unknown>> } };
          v.list.clients.sort(byKey('id'));
          v.list.readStates.sort(byKey('dialogId'));
          v.quickReplies!.sort(byKey('id'));
          return v;
        });
      }
    });

    it('reads: list with filters and search, history pages, attachments', async () => {
      await both('listDialogs processing', cmd(SEED_IDS.admin, 'listDialogs', { query: normalizeQuery({}), limit: 10 }));
      await both('listDialogs search', cmd(SEED_IDS.admin, 'listDialogs', { query: normalizeQuery({ search: 'envio', sort: 'activity' }) }));
      await both('listDialogs closed, maria', cmd(SEED_IDS.maria, 'listDialogs', { query: normalizeQuery({ status: 'closed' }) }));
      await both('loadMessages newest', cmd(SEED_IDS.admin, 'loadMessages', { dialogId: SEED_IDS.longDialog, limit: 30 }));
      await both('loadMessages before', cmd(SEED_IDS.admin, 'loadMessages', { dialogId: SEED_IDS.longDialog, before: 1000, limit: 30 }));
      await both('listAttachments images', cmd(SEED_IDS.admin, 'listAttachments', { dialogId: SEED_IDS.attachmentsDialog, kind: 'image', limit: 20 }));
      await both('listAttachments files', cmd(SEED_IDS.admin, 'listAttachments', { dialogId: SEED_IDS.attachmentsDialog, kind: 'file', cursor: 5 }));
    });

    it('writes: every command, simulated deliveries included', async () => {
      const a = SEED_IDS.admin;
      await both('send', cmd(a, 'sendMessage', { id: 'c-1', dialogId: SEED_IDS.freshWaitingDialog, text: 'Hola' }));
      await both('send again (idempotent)', cmd(a, 'sendMessage', { id: 'c-1', dialogId: SEED_IDS.freshWaitingDialog, text: 'Hola' }));
      await both('send quoting', cmd(a, 'sendMessage', { id: 'c-2', dialogId: SEED_IDS.freshWaitingDialog, text: 'Re', quoteId: 'c-1' }));
      await both('send too long', cmd(a, 'sendMessage', { id: 'c-3', dialogId: SEED_IDS.freshWaitingDialog, text: 'x'.repeat(2001) }));
      // PostgreSQL writes held-back values as dollar-quoted literals: texts that hold or end in a piece of the quote's tag.
      for (const [i, text] of ['ends in $cd', 'holds $cd$ and $cd0$', '$cd$', 'a $ b $$ c $cd0', "quote ' and \\ backslash"].entries()) {
        await both(`send a text with dollar signs (${text})`, cmd(a, 'sendMessage', { id: `c-dollar-${i}`, dialogId: SEED_IDS.freshWaitingDialog, text }));
      }
      await both('the texts with dollar signs read back', cmd(a, 'loadMessages', { dialogId: SEED_IDS.freshWaitingDialog, limit: 10 }));
      await both('close', cmd(a, 'closeDialog', { dialogId: SEED_IDS.freshWaitingDialog }));
      await both('send reopens (H2)', cmd(a, 'sendMessage', { id: 'c-4', dialogId: SEED_IDS.freshWaitingDialog, text: 'Sigo aquí' }));
      await both('reopen closed', cmd(a, 'reopenDialog', { dialogId: SEED_IDS.closedDialog }));
      await both('reassign (H1)', cmd(a, 'reassignDialog', { dialogId: SEED_IDS.waitingDialog, to: { kind: 'operator', id: SEED_IDS.ivan } }));
      await both('maria writes where she may not (P3)', cmd(SEED_IDS.maria, 'sendMessage', { id: 'c-5', dialogId: SEED_IDS.botDialog, text: 'Yo' }));
      await both('mark unread', cmd(a, 'markUnread', { dialogId: SEED_IDS.unassignedDialog }));
      await both('mark read', cmd(SEED_IDS.maria, 'markRead', { dialogId: SEED_IDS.unassignedDialog }));
      await both('unblock', cmd(a, 'unblockClient', { clientId: SEED_IDS.blockedClient }));
      await both('block', cmd(a, 'blockClient', { clientId: SEED_IDS.blockedClient }));
      await both('detach', cmd(a, 'detachClient', { dialogId: SEED_IDS.multiDialogs[1] }));
      await both('tags', cmd(a, 'setClientTags', { clientId: 'cl-0002', tags: [{ tagId: 'tag-vip', pinned: true }] }));
      await both('quick reply', cmd(a, 'createQuickReply', { id: 'q-1', text: 'Gracias por escribir', messageId: 'c-1' }));
      const att = (await mem.core.handle(a, 'listAttachments', { dialogId: SEED_IDS.attachmentsDialog, kind: 'image' })).items.find((i) => i.attachment.available)!;
      await both('forward (H6)', cmd(a, 'forwardAttachment', { id: 'c-6', attachmentId: att.attachment.id, toDialogId: SEED_IDS.freshWaitingDialog }));
      await both('upload', (c) => c.upload(a, SEED_IDS.freshWaitingDialog, { name: 'a.pdf', type: 'application/pdf', data: new Blob(['%PDF']) }));
      await both('delete (D4: ivan may not)', cmd(SEED_IDS.ivan, 'deleteDialogs', { dialogIds: [SEED_IDS.unassignedDialog] }));
      await both('delete', cmd(a, 'deleteDialogs', { dialogIds: [SEED_IDS.unassignedDialog, 'dlg-nope'] }));
    });

    it('the client side: messages, reads, leaving, new dialogs, failing integrations', async () => {
      await both('client writes', (c) => c.clientSend(SEED_IDS.attachmentsDialog, '¿Me lo enviáis hoy?'));
      await both('client writes with id twice', async (c) => [
        await c.clientSend(SEED_IDS.attachmentsDialog, 'uno', { id: 'k-1' }),
        await c.clientSend(SEED_IDS.attachmentsDialog, 'uno', { id: 'k-1' }),
      ]);
      await both('client reads', (c) => c.clientRead(SEED_IDS.attachmentsDialog));
      await both('client leaves', (c) => c.clientLeave(SEED_IDS.multiDialogs[1], true));
      await both('send to a client who left (S5)', cmd(SEED_IDS.admin, 'sendMessage', { id: 'c-7', dialogId: SEED_IDS.multiDialogs[1], text: '¿Hola?' }));
      await both('new dialog (C1)', (c) => c.startDialog({ channelId: SEED_IDS.channels.site, name: 'Nuevo', text: 'Hola' }));
      await both('failing integration', (c) => c.setChannelFailing(SEED_IDS.channels.whatsapp, true));
      await both('send on a failing integration', cmd(SEED_IDS.admin, 'sendMessage', { id: 'c-8', dialogId: SEED_IDS.freshWaitingDialog, text: 'x' }));
      await both('healed and retried', async (c) => {
        await c.setChannelFailing(SEED_IDS.channels.whatsapp, false);
        return c.handle(SEED_IDS.admin, 'sendMessage', { id: 'c-8', dialogId: SEED_IDS.freshWaitingDialog, text: 'x' });
      });
      await both('client view', (c) => c.clientView(SEED_IDS.freshWaitingDialog));
    });

    it("lists (issue 13): keyset pages and counts (total, N2, T7) of random queries are the memory storage's, after every kind of write", async () => {
      const queries = fc.sample(listQueryArb, { seed: 1301, numRuns: 60 });
      let rows = 0;
      const listed = (op: Id, query: DialogQuery) => async (c: ChatCore) => {
        const pages: DialogPage[] = [];
        let cursor: string | undefined;
        do {
          const page: DialogPage = await c.handle(op, 'listDialogs', { query, limit: 4, cursor, counts: ['total', 'unread', 'tags'] });
          pages.push(page);
          cursor = page.cursor ?? undefined;
        } while (cursor && pages.length < 100);
        return pages.map((p) => ({ ...p, clients: [...p.clients].sort(byKey('id') as never), readStates: [...p.readStates].sort(byKey('dialogId') as never) }));
      };
      for (const [i, query] of queries.entries()) {
        const op = [SEED_IDS.admin, SEED_IDS.maria, SEED_IDS.ivan][i % 3]!;
        await both(`listDialogs ${op} ${JSON.stringify(query)}`, listed(op, query), (pages) => {
          rows += pages.reduce((n, p) => n + p.dialogs.length, 0);
          return plain(pages);
        });
      }
      assert.ok(rows > 300, `the queries select rows (${rows} listed): they are not all empty`);
      // The aggregates kept by triggers are what a rebuild from scratch computes.
      const aggregates = async () =>
        plain({
          facets: (await pg.db.query('SELECT status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags, n FROM dialog_facets WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7::text')).rows,
          unread: (await pg.db.query('SELECT operator_id, unread_dialogs FROM operator_counts ORDER BY 1')).rows,
          // Migration 007: without the tags, and per tag.
          plain: (await pg.db.query('SELECT status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tagged, pinned, n FROM dialog_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'))
            .rows,
          perTag: (
            await pg.db.query('SELECT tag_id, pinned, status, channel_id, assignee_kind, assignee_id, author_kind, waiting, n FROM dialog_tag_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8')
          ).rows,
        });
      const kept = await aggregates();
      await pg.db.query('SELECT chatdesk_rebuild_counts()');
      assert.deepEqual(await aggregates(), kept, 'the trigger-kept aggregates equal a rebuild');
    });

    it("L5, lists (issue 13): a page's client summaries (clientSummaries) are the client records cut down, in the order asked, unknown ids left out", async () => {
      const memory = new MemoryStorage();
      await memory.init(seed);
      const ids = [...(await memory.clients()).map((c) => c.id).reverse(), 'cl-unknown'];
      assert.ok(ids.length > 10);
      for (const s of [memory, pg] as Storage[]) {
        // One client with an avatar (the seed has none), put back as it was afterwards.
        const original = (await s.client(ids[0]!))!;
        await s.putClient({ ...original, avatarUrl: 'https://example.com/avatar.png' });
        const expected = plain((await s.clients(ids)).map(clientSummary));
        assert.equal((expected as Array<{ avatarUrl?: string }>)[0]!.avatarUrl, 'https://example.com/avatar.png');
        assert.deepEqual(plain(await s.clientSummaries!(ids)), expected, `${s === pg ? target.name : 'memory'}: summaries`);
        assert.deepEqual(await s.clientSummaries!([]), []);
        await s.putClient(original);
      }
    });

    it('a transaction that throws midway keeps nothing: rows, event heads and the cached small tables', async () => {
      const rows = async () => {
        const q = async (sql: string) => (await pg.db.query<{ v: unknown }>(sql)).rows;
        return plain({
          messages: await q('SELECT count(*)::int AS v FROM messages'),
          dialog: await pg.dialog(SEED_IDS.freshWaitingDialog),
          heads: await q('SELECT operator_id, seq FROM event_heads ORDER BY operator_id'),
          events: await q('SELECT count(*)::int AS v FROM events'),
          sim: await pg.simulation(),
          tags: await pg.tags(),
        });
      };
      const before = await rows();
      const error = await pg
        .transaction(async (tx) => {
          const d = (await tx.dialog(SEED_IDS.freshWaitingDialog))!;
          await tx.putMessage({ id: 'tx-1', dialogId: d.id, n: d.lastN + 1, kind: 'text', author: { kind: 'operator', id: SEED_IDS.admin }, text: 'a medias', attachments: [], createdAt: NOW });
          await tx.putDialog({ ...d, lastN: d.lastN + 1 });
          await tx.appendEvent(SEED_IDS.admin, { type: 'dialog.removed', dialogId: d.id, reason: 'deleted' });
          await tx.putSimulation(SEED_IDS.channels.site, { sendDelayMs: 0, deliverDelayMs: 0, readDelayMs: null, failing: true });
          await tx.putTag({ id: 'tag-tx', name: 'tx', color: '#000000' });
          assert.equal((await tx.simulation())[SEED_IDS.channels.site]?.failing, true, 'the transaction sees its own cached writes');
          assert.equal((await pg.simulation())[SEED_IDS.channels.site]?.failing ?? false, false, 'others do not, before the commit');
          throw new Error('midway');
        })
        .catch((e: unknown) => e);
      assert.equal((error as Error).message, 'midway');
      assert.deepEqual(await rows(), before);
      // A core command failing midway (numbering its events, its last write) rolls back the same way.
      const faulty = new ChatCore(failingStorage(pg, 'appendEvents', 0), { now: () => NOW, files: { put: async (id) => ({ url: `/files/${id}` }) } });
      const heard: unknown[] = [];
      faulty.subscribe(SEED_IDS.admin, (e) => heard.push(e));
      await assert.rejects(faulty.handle(SEED_IDS.admin, 'sendMessage', { id: 'tx-2', dialogId: SEED_IDS.freshWaitingDialog, text: 'Hola' }), /injected failure in appendEvents/);
      faulty.dispose();
      assert.deepEqual(await rows(), before);
      assert.deepEqual(heard, [], 'no event of a rolled-back command is published');
      // Committed, the cache follows.
      await pg.transaction((tx) => tx.putTag({ id: 'tag-tx', name: 'tx', color: '#000000' }));
      assert.ok((await pg.tags()).some((t) => t.id === 'tag-tx'));
    });

    it('issue 14: a delivered message whose simulated read is due counts among the deliveries to resume, until it is read; the mark rolls back with its transaction', async () => {
      const memory = new MemoryStorage();
      await memory.init(seed);
      for (const s of [memory, pg] as Array<Storage & StatusWrite>) {
        const who = s === memory ? 'memory' : target.name;
        const pending = async () => new Set(await s.pendingDeliveries());
        // An operator's message the seed left delivered: not pending.
        const dialogs = await s.dialogs();
        let m: Message | undefined;
        for (const d of dialogs) {
          m = (await s.messages(d.id, undefined, 500)).find((x) => x.author.kind === 'operator' && x.status?.state === 'delivered');
          if (m) break;
        }
        assert.ok(m, `${who}: the seed has a delivered operator message`);
        const delivered = m;
        assert.equal((await pending()).has(delivered.id), false, `${who}: delivered with no read to come is not pending`);
        // Marked in a transaction that fails: nothing stays.
        const error = await s
          .transaction(async (tx) => {
            await (tx as Storage & StatusWrite).putMessageStatus(delivered, NOW + 60_000);
            throw new Error('midway');
          })
          .catch((e: unknown) => e);
        assert.equal((error as Error).message, 'midway');
        assert.equal((await pending()).has(delivered.id), false, `${who}: rolled back`);
        // Marked: pending, and resumed as such.
        await s.transaction((tx) => (tx as Storage & StatusWrite).putMessageStatus(delivered, NOW + 60_000));
        assert.equal((await pending()).has(delivered.id), true, `${who}: a read to come is pending`);
        // Read: no longer pending (the status write clears the mark).
        await s.transaction((tx) => (tx as Storage & StatusWrite).putMessageStatus({ ...delivered, status: { state: 'read' } }));
        assert.equal((await pending()).has(delivered.id), false, `${who}: read is not pending`);
        // A mark left on a message that moved on by another write does not make it pending.
        await s.transaction((tx) => (tx as Storage & StatusWrite).putMessageStatus(delivered, NOW + 60_000));
        await s.transaction((tx) => tx.putMessage({ ...delivered, status: { state: 'read' } }));
        assert.equal((await pending()).has(delivered.id), false, `${who}: only a delivered message with a read to come is pending`);
        // As it was (the tests after this one compare the two storages).
        await s.transaction((tx) => (tx as Storage & StatusWrite).putMessageStatus(delivered));
        assert.deepEqual(await s.message(delivered.id), delivered);
      }
    });

    it('S5: whether the client left comes with the dialog row a transaction reads (no round trip of its own), and rolls back with it', async () => {
      const sent: string[] = [];
      // A view of the same database whose transactions count their statements (one at a time, none shared).
      const counting = Object.create(pg.db, {
        sharedTransaction: { value: undefined },
        transaction: {
          value: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
            pg.db.transaction((tx) =>
              fn({
                exec: (sql) => tx.exec(sql),
                query: (sql, params) => {
                  sent.push(sql);
                  return tx.query(sql, params);
                },
              }),
            ),
        },
      }) as SqlDriver;
      const view = new SqlStorage(counting);
      const { leftDialog: left, freshWaitingDialog: stays } = SEED_IDS;
      assert.deepEqual([await pg.clientLeft(left), await pg.clientLeft(stays), await pg.clientLeft('no-such-dialog')], [true, false, false]);
      const error = await view
        .transaction(async (tx) => {
          await tx.dialog(left);
          await tx.dialog(stays);
          const before = sent.length;
          assert.deepEqual([await tx.clientLeft(left), await tx.clientLeft(stays)], [true, false]);
          assert.deepEqual(sent.slice(before), [], 'answered from the rows the transaction read');
          await tx.setLeft(stays, true);
          assert.equal(await tx.clientLeft(stays), true, 'the transaction sees its own write');
          assert.equal(await tx.clientLeft('no-such-dialog'), false);
          throw new Error('midway');
        })
        .catch((e: unknown) => e);
      assert.equal((error as Error).message, 'midway');
      assert.ok(
        sent.some((q) => q.startsWith('UPDATE dialogs SET client_left')),
        'the write was sent',
      );
      assert.deepEqual([await pg.clientLeft(left), await pg.clientLeft(stays)], [true, false], 'rolled back');
    });

    it('the same events, numbered the same, for every operator; the same state afterwards', async () => {
      for (const op of [SEED_IDS.admin, SEED_IDS.maria, SEED_IDS.ivan, SEED_IDS.john]) {
        await both(`events of ${op}`, cmd(op, 'eventsSince', { since: 0 }));
      }
      const dump = async (s: Storage) =>
        plain({
          dialogs: (await s.dialogs()).sort((x, y) => x.id.localeCompare(y.id)),
          clients: (await s.clients()).sort((x, y) => x.id.localeCompare(y.id)),
          reads: (await s.readStates(SEED_IDS.admin)).sort((x, y) => x.dialogId.localeCompare(y.dialogId)),
          left: await Promise.all((await s.dialogs()).map(async (d) => [d.id, await s.clientLeft(d.id)])).then((all) => all.sort()),
          replies: (await s.quickReplies()).sort((x, y) => x.id.localeCompare(y.id)),
          sim: await s.simulation(),
        });
      assert.deepEqual(await dump(pg), await dump(mem.core.storage));
    });

    it('reopened, the database holds the same state (and is not seeded again)', async () => {
      const before = plain({ dialogs: await pg.dialogs(), seq: await pg.lastSeq(SEED_IDS.admin), m: await pg.message('c-4') });
      sql.core.dispose();
      await pg.close();
      pg = await target.open();
      assert.equal(await pg.init(seed), false, 'not seeded again');
      sql = deterministicCore(pg);
      assert.deepEqual(plain({ dialogs: await pg.dialogs(), seq: await pg.lastSeq(SEED_IDS.admin), m: await pg.message('c-4') }), before);
    });

    it('events beyond the kept window answer a gap; the head keeps counting', async () => {
      const small = new SqlStorage(pg.db, { eventLimit: 8 });
      const start = await small.lastSeq('op-test');
      for (let i = 0; i < 20; i++) await small.appendEvent('op-test', { type: 'dialog.removed', dialogId: `d${i}`, reason: 'deleted' });
      assert.equal(await small.lastSeq('op-test'), start + 20);
      assert.equal(await small.eventsSince('op-test', start), null, 'a gap');
      const recent = await small.eventsSince('op-test', start + 15);
      assert.deepEqual(
        recent?.map((e) => e.seq),
        [start + 16, start + 17, start + 18, start + 19, start + 20],
      );
      assert.equal(await small.eventsSince('op-test', start + 99), null, 'ahead of the head is a gap too');
      assert.deepEqual(await small.eventsSince('op-nobody', 0), []);
    });

    it('events numbered together (appendEvents, issue 14) beyond the kept window are pruned too, operator by operator; the others keep theirs', async () => {
      const small = new SqlStorage(pg.db, { eventLimit: 8 });
      const ops = ['op-prune-a', 'op-prune-b'];
      const starts = await Promise.all(ops.map((o) => small.lastSeq(o)));
      // Few events of a third operator, numbered alongside: none of theirs is in the window's way.
      const keep = 'op-prune-c';
      const keepStart = await small.lastSeq(keep);
      for (let round = 0; round < 10; round++) {
        const events = ops.flatMap((operatorId) => [0, 1].map((i) => ({ operatorId, event: { type: 'dialog.removed' as const, dialogId: `d${round}-${i}`, reason: 'deleted' as const } })));
        if (round < 2) events.push({ operatorId: keep, event: { type: 'dialog.removed', dialogId: `k${round}`, reason: 'deleted' } });
        await small.appendEvents!(events);
      }
      for (const [i, o] of ops.entries()) {
        assert.equal(await small.lastSeq(o), starts[i]! + 20);
        assert.equal(await small.eventsSince(o, starts[i]!), null, `${o}: the oldest are gone (a gap)`);
        const kept = await small.eventsSince(o, starts[i]! + 12);
        assert.deepEqual(
          kept?.map((e) => e.seq),
          Array.from({ length: 8 }, (_, k) => starts[i]! + 13 + k),
          `${o}: the window is kept`,
        );
      }
      const r = await pg.db.query<{ n: number | string }>('SELECT count(*) AS n FROM events WHERE operator_id = $1', [ops[0]]);
      assert.ok(Number(r.rows[0]!.n) <= 8 + 2, `${ops[0]}: at most the window and one stride kept (${r.rows[0]!.n})`);
      assert.deepEqual(
        (await small.eventsSince(keep, keepStart))?.map((e) => e.seq),
        [keepStart + 1, keepStart + 2],
        'the third operator keeps every event',
      );
    });

    it('group commit (PostgreSQL): a command commits without waiting for the disk, and answers only once its commit is flushed', { skip: target.name !== 'PostgreSQL' }, async () => {
      const db = (pg as PostgresStorage).db;
      const flushes = db.flusher.count;
      const inside = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO meta (key, value) VALUES ('group-commit-test', to_jsonb(1)) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
        const r = await tx.query<{ mode: string; lsn: string }>(`SELECT current_setting('synchronous_commit') AS mode, pg_current_wal_insert_lsn()::text AS lsn`);
        return r.rows[0]!;
      });
      assert.equal(inside.mode, 'off', 'the transaction does not wait for its own flush');
      const r = await db.query<{ flushed: boolean }>('SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed', [inside.lsn]);
      assert.equal(r.rows[0]!.flushed, true, 'on disk when transaction() answers');
      assert.ok(db.flusher.count > flushes, 'by the shared flush');
      // Many commits at once share flushes (one runs, the next gathers every commit meanwhile).
      const before = db.flusher.count;
      await Promise.all(Array.from({ length: 12 }, (_, i) => db.transaction((tx) => tx.query(`INSERT INTO meta (key, value) VALUES ($1, to_jsonb(1)) ON CONFLICT (key) DO NOTHING`, [`gc-${i}`]))));
      assert.ok(db.flusher.count - before <= 12, `${db.flusher.count - before} flushes for 12 commits`);
    });

    it(
      'delivery steps (PostgreSQL, issue 14): a batch passes over a dialog another transaction holds instead of waiting with the others locked, and delivers it once free; each status once, gap-free seq',
      { skip: target.name !== 'PostgreSQL' },
      async () => {
        const storage = pg as PostgresStorage;
        const db = storage.db;
        const scheduler = new ManualScheduler();
        const core = new ChatCore(storage, { concurrent: true, scheduler: scheduler.scheduler });
        const admin = SEED_IDS.admin;
        const assigned = (await storage.dialogs()).flatMap((x) => (x.assignee?.kind === 'operator' && x.status === 'open' ? [{ id: x.id, by: x.assignee.id }] : []));
        const [held, free] = assigned;
        assert.ok(held && free, 'two dialogs to send to');
        const head = async () => (await db.query<{ seq: number }>('SELECT seq FROM event_heads WHERE operator_id = $1', [admin])).rows[0]?.seq ?? 0;
        const head0 = await head();
        // An id with what an array literal must escape.
        const heldId = 'dl-held "1", {2} \\ 3';
        await core.handle(held.by, 'sendMessage', { id: heldId, dialogId: held.id, text: 'uno' });
        await core.handle(free.by, 'sendMessage', { id: 'dl-free', dialogId: free.id, text: 'dos' });
        await core.idle();
        const state = async (id: Id) => (await storage.message(id))?.status?.state;
        const gate = await db.connect();
        try {
          await gate.query('BEGIN');
          await gate.query('SELECT id FROM dialogs WHERE id = $1 FOR UPDATE', [held.id]);
          // Both first steps (queued -> sent) fall due together: one batch.
          assert.equal(await scheduler.step(), 2, 'two steps due');
          await until('the free dialog’s message to be sent while the other dialog is held', async () => (await state('dl-free')) === 'sent');
          await core.idle();
          assert.equal(await state(heldId), 'queued', 'the held dialog’s step did not run');
          // Its step is put back (a timer), beside the free message's next step.
          assert.equal(scheduler.size, 2, 'the passed step waits for a later batch');
          assert.equal(await scheduler.step(), 2);
          await core.idle();
          assert.equal(await state(heldId), 'queued', 'passed over again while still held');
        } finally {
          await gate.query('COMMIT');
          await gate.end();
        }
        // The next batch finds the dialog free (its id, quotes and all, looked up as sent).
        assert.equal(await scheduler.step(), 2);
        await core.idle();
        assert.equal(await state(heldId), 'sent', 'sent by the first batch after the dialog is free');
        // Every step to its end (each batch waits for its transaction before the next timers run).
        for (let i = 0; i < 60 && (await core.idle(), scheduler.size > 0); i++) await scheduler.step();
        assert.notEqual(await state(heldId), 'queued', 'delivered once its dialog was free');
        // The administrator's events: consecutive; each message created once, each status once, in order.
        const events = (await storage.eventsSince(admin, head0))!;
        assert.deepEqual(
          events.map((e) => e.seq),
          events.map((_, i) => head0 + 1 + i),
        );
        for (const id of [heldId, 'dl-free']) {
          assert.equal(events.filter((e) => e.type === 'message.created' && e.message.id === id).length, 1, `${id} created once`);
          const states = events.flatMap((e) => (e.type === 'message.status' && e.messageId === id ? [e.status.state] : []));
          assert.deepEqual(states, [...new Set(states)], `${id}: each status once`);
          assert.equal(states[states.length - 1], await state(id), `${id}: the last status event is the stored status`);
        }
        core.dispose();
      },
    );

    it(
      'read ahead (PostgreSQL, issue 14): sends waiting behind another have their dialogs read and locked in its round trip; one held elsewhere is left to its own send; each message once, gap-free seq',
      { skip: target.name !== 'PostgreSQL' },
      async () => {
        const storage = pg as PostgresStorage;
        const db = storage.db;
        const shared = db.shared!;
        const open = shared.maxOpen;
        const core = new ChatCore(storage, { concurrent: true, simulate: false });
        const admin = SEED_IDS.admin;
        // Open dialogs an operator is assigned to, their clients not blocked: each send is by that operator and adds one message.
        const blocked = new Set((await storage.clients()).flatMap((c) => (c.blocked ? [c.id] : [])));
        const assigned = (await storage.dialogs()).flatMap((x) =>
          x.assignee?.kind === 'operator' && x.status === 'open' && !(x.clientId && blocked.has(x.clientId)) ? [{ id: x.id, by: x.assignee.id }] : [],
        );
        const d = assigned.map((x) => x.id);
        const by = new Map(assigned.map((x) => [x.id, x.by]));
        assert.ok(d.length >= 7, 'dialogs to send to');
        const head = async () => (await db.query<{ seq: number }>('SELECT seq FROM event_heads WHERE operator_id = $1', [admin])).rows[0]?.seq ?? 0;
        const head0 = await head();
        const lastN = await Promise.all(d.slice(0, 7).map(async (id) => (await storage.dialog(id))!.lastN));
        const send = (id: string, dialogId: string) => core.handle(by.get(dialogId)!, 'sendMessage', { id, dialogId, text: `ahead ${id}` }).then((m) => m.id);
        const gate = await db.connect();
        const held = await db.connect();
        try {
          // The first send waits for its dialog (the gate), so the others gather behind it; d[4] is held longer.
          await gate.query('BEGIN');
          await gate.query('SELECT id FROM dialogs WHERE id = $1 FOR UPDATE', [d[0]]);
          await held.query('BEGIN');
          await held.query('SELECT id FROM dialogs WHERE id = $1 FOR UPDATE', [d[4]]);
          shared.maxOpen = 1;
          const stats = { ...shared.stats };
          const first = send('ra-0', d[0]!);
          await until('the first send to open the shared transaction', () => shared.busy === 1 && shared.waiting === 0);
          const rest = [1, 2, 3, 4, 5, 6].map((i) => send(`ra-${i}`, d[i]!));
          await until('the other sends to wait for the shared transaction', () => shared.waiting === rest.length);
          await gate.query('COMMIT');
          // Every send but the held dialog's commits; that one waits for its lock (not read ahead).
          const done = await Promise.all([first, ...rest.filter((_, i) => i !== 3)]);
          assert.deepEqual(done, ['ra-0', 'ra-1', 'ra-2', 'ra-3', 'ra-5', 'ra-6']);
          assert.equal(await storage.message('ra-4'), undefined, 'the held dialog’s send has not committed');
          assert.ok(shared.stats.readAhead - stats.readAhead >= 4, `sends answered from what was read ahead: ${shared.stats.readAhead - stats.readAhead}`);
          await held.query('COMMIT');
          assert.equal(await rest[3], 'ra-4', 'sent once its dialog was free');
          for (let i = 0; i < 7; i++) {
            const m = await storage.message(`ra-${i}`);
            assert.deepEqual([m?.dialogId, m?.n], [d[i], lastN[i]! + 1], `ra-${i}: in its dialog, next in it`);
            assert.equal((await storage.dialog(d[i]!))!.lastN, lastN[i]! + 1);
          }
          const events = (await storage.eventsSince(admin, head0))!;
          assert.deepEqual(
            events.map((e) => e.seq),
            events.map((_, i) => head0 + 1 + i),
            'consecutive',
          );
          for (let i = 0; i < 7; i++) assert.equal(events.filter((e) => e.type === 'message.created' && e.message.id === `ra-${i}`).length, 1, `ra-${i} created once`);
          assert.equal(await head(), head0 + events.length);
        } finally {
          shared.maxOpen = open;
          await gate.query('ROLLBACK').catch(() => undefined);
          await held.query('ROLLBACK').catch(() => undefined);
          await gate.end();
          await held.end();
          core.dispose();
        }
      },
    );

    it(
      'group commit (PostgreSQL): concurrent sends share one transaction, a savepoint each; a refused one is rolled back alone, a retryable one runs again alone, the rest commit with gap-free seq',
      { skip: target.name !== 'PostgreSQL' },
      async () => {
        const storage = pg as PostgresStorage;
        const db = storage.db;
        const shared = db.shared!;
        const open = shared.maxOpen;
        const core = new ChatCore(storage, { concurrent: true, simulate: false });
        const admin = SEED_IDS.admin;
        // Dialogs an operator is assigned to: each send is by that operator.
        const assigned = (await storage.dialogs()).flatMap((x) => (x.assignee?.kind === 'operator' ? [{ id: x.id, by: x.assignee.id }] : []));
        const d = assigned.map((x) => x.id);
        const by = new Map(assigned.map((x) => [x.id, x.by]));
        assert.ok(d.length >= 8, 'dialogs to send to');
        const taken = (await storage.messages(d[5]!, undefined, 1))[0]!.id;
        const head = async () => (await db.query<{ seq: number }>('SELECT seq FROM event_heads WHERE operator_id = $1', [admin])).rows[0]?.seq ?? 0;
        const head0 = await head();
        const last7 = (await storage.dialog(d[7]!))!.lastN;
        const last2 = (await storage.dialog(d[2]!))!.lastN;
        // Another session holds the first dialog (the first send waits for it, the transaction stays
        // open and the others gather), and has written, uncommitted, a message of id gc-d in d[6]: the
        // send of gc-d to d[7] does not see it, its message (held back) waits for it, and that wait's
        // error comes with the next command's statement.
        const gate = await db.connect();
        const rival = await db.connect();
        try {
          await gate.query('BEGIN');
          await gate.query('SELECT id FROM dialogs WHERE id = $1 FOR UPDATE', [d[0]]);
          await rival.query('BEGIN');
          await rival.query(`INSERT INTO messages (id, dialog_id, n, kind, author_kind, author_id, text, search_text, created_at) VALUES ('gc-d', $1, 1000000, 'text', 'operator', $2, 'x', 'x', 0)`, [
            d[6],
            admin,
          ]);
          const send = (id: string, dialogId: string) =>
            core.handle(by.get(dialogId)!, 'sendMessage', { id, dialogId, text: `group ${id}` }).then(
              (m) => ({ ok: m.id }),
              (e: { code?: string }) => ({ error: e.code }),
            );
          // One shared transaction at a time, so the sends after the first gather behind it.
          shared.maxOpen = 1;
          const stats = { ...shared.stats };
          const first = send('gc-0', d[0]!);
          await until('the first send to open the shared transaction', () => shared.busy === 1 && shared.waiting === 0);
          const rest = [
            send('gc-b', d[1]!),
            send(taken, d[2]!), // someone else's id (a message of d[5]): 409, rolled back alone
            send('gc-d', d[7]!), // its held-back message waits for the rival's: lock timeout, found at its savepoint, runs again
            send('gc-c', d[3]!), // its statement carried gc-d's write: rolled back with it, runs again
            send('gc-b', d[4]!), // gc-b is d[1]'s in this very transaction: 409
          ];
          await until('the other sends to wait for the shared transaction', () => shared.waiting === rest.length);
          await gate.query('COMMIT');
          await until('gc-d to fail once and be put back', () => shared.stats.retried > stats.retried);
          await rival.query('ROLLBACK');
          const results = await Promise.all([first, ...rest]);
          assert.deepEqual(results, [{ ok: 'gc-0' }, { ok: 'gc-b' }, { error: 'conflict' }, { ok: 'gc-d' }, { ok: 'gc-c' }, { error: 'conflict' }]);
          assert.equal(shared.stats.retried - stats.retried, 1, 'only gc-d ran again for its own error');
          assert.equal(shared.stats.transactions - stats.transactions, 2, 'two transactions: gc-0 and gc-b, then gc-d and gc-c');
          assert.equal(shared.stats.commands - stats.commands, 4);
          const msg = await storage.message('gc-d');
          assert.deepEqual([msg?.dialogId, msg?.n], [d[7], last7 + 1], 'gc-d committed in its dialog once the rival gave its id back');
          assert.equal((await storage.message('gc-b'))?.dialogId, d[1]);
          assert.equal((await storage.dialog(d[2]!))!.lastN, last2, 'the refused send left its dialog as it was');
          assert.equal((await storage.message(taken))?.dialogId, d[5], 'the replayed id still names its own message');
          // The administrator's events: consecutive, each committed message once, in commit order.
          const events = (await storage.eventsSince(admin, head0))!;
          assert.deepEqual(
            events.map((e) => e.seq),
            events.map((_, i) => head0 + 1 + i),
            'gap-free',
          );
          assert.equal(await head(), head0 + events.length);
          const created = events.flatMap((e) => (e.type === 'message.created' ? [e.message.id] : []));
          assert.deepEqual(created, ['gc-0', 'gc-b', 'gc-d', 'gc-c']);
        } finally {
          shared.maxOpen = open;
          core.dispose();
          await gate.end();
          await rival.end();
        }
      },
    );

    it(
      'issue 14 (PostgreSQL, never lost, never doubled), group commit on two instances: shared transactions that lock two dialogs in opposite orders do not deadlock for long; every send is answered once, committed once, with gap-free seq for every operator',
      { skip: target.name !== 'PostgreSQL' },
      async () => {
        const a = pg as PostgresStorage;
        const b = await PostgresStorage.open(pgUrl, { max: 4 });
        assert.equal(await b.init(seed), false, 'the second instance opens the seeded database');
        const cores = [new ChatCore(a, { concurrent: true, simulate: false }), new ChatCore(b, { concurrent: true, simulate: false })];
        const shared = [a.db.shared!, b.db.shared!];
        const open = shared.map((s) => s.maxOpen);
        const gate = await a.db.connect();
        try {
          const assigned = (await a.dialogs()).flatMap((x) => (x.assignee?.kind === 'operator' ? [{ id: x.id, by: x.assignee.id }] : []));
          // Two dialogs of two different operators, untouched by the tests before.
          const d1 = assigned[assigned.length - 1]!;
          const d2 = assigned.find((x) => x.by !== d1.by)!;
          assert.ok(d2 && d2.id !== d1.id, 'two dialogs of two operators');
          const operators = (await a.operators()).map((o) => o.id);
          const heads = async () => new Map((await a.db.query<{ operator_id: string; seq: number }>('SELECT operator_id, seq FROM event_heads')).rows.map((r) => [r.operator_id, r.seq]));
          const heads0 = await heads();
          const lastN = async () => [(await a.dialog(d1.id))!.lastN, (await a.dialog(d2.id))!.lastN];
          const lastN0 = await lastN();
          const send = (core: ChatCore, id: string, d: { id: string; by: string }) =>
            core.handle(d.by, 'sendMessage', { id, dialogId: d.id, text: `crossed ${id}` }).then(
              (m) => ({ ok: m.id }),
              (e: { code?: string; message?: string }) => ({ error: e.code ?? e.message }),
            );
          // A message in each dialog, sent the ordinary way: a send again of its id is a replay, which
          // locks its dialog first and then the message (the lock order of every send).
          assert.deepEqual(await Promise.all([send(cores[0]!, 'x-a0', d1), send(cores[1]!, 'x-b0', d2)]), [{ ok: 'x-a0' }, { ok: 'x-b0' }]);
          const stats = shared.map((s) => ({ ...s.stats }));
          // Another session holds both messages. Each instance's first command, the replay, locks its
          // dialog and waits there for the message; its second send queues behind it (one shared
          // transaction at a time, so it joins once the replay ends).
          await gate.query('BEGIN');
          await gate.query('SELECT id FROM messages WHERE id = ANY($1) ORDER BY id FOR UPDATE', [['x-a0', 'x-b0']]);
          shared.forEach((s) => (s.maxOpen = 1));
          const firsts = [send(cores[0]!, 'x-a0', d1), send(cores[1]!, 'x-b0', d2)];
          const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`;
          const gatePid = (await gate.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          await until('both replays to hold their dialog and wait for their message', async () => (await a.db.query<{ n: number }>(waiting, [gatePid])).rows[0]!.n === 2);
          // A holds d1 and B holds d2 now, until their transactions end. A's second send wants d2 and
          // B's wants d1: once the gate lets the replays end, each joined send waits for the other's
          // dialog, a cycle every time, which only a lock timeout (or PostgreSQL's deadlock check) breaks.
          const seconds = [send(cores[0]!, 'x-a2', d2), send(cores[1]!, 'x-b2', d1)];
          await until("each second send to queue behind its instance's first", () => shared.every((s) => s.waiting === 1 && s.busy === 1));
          await gate.query('COMMIT');
          const results = await Promise.all([...firsts, ...seconds]);
          assert.deepEqual(results, [{ ok: 'x-a0' }, { ok: 'x-b0' }, { ok: 'x-a2' }, { ok: 'x-b2' }], 'every command answered: the replays with their message, the sends committed');
          const retried = shared.reduce((n, s, i) => n + s.stats.retried - stats[i]!.retried, 0);
          assert.ok(retried >= 1 && retried <= 2, `the cycle was broken by running a joined send again (${retried} retried)`);
          assert.equal(
            shared.reduce((n, s, i) => n + s.stats.commands - stats[i]!.commands, 0),
            4,
            'four commands committed (two replays, two sends), each once',
          );
          // Nothing lost, nothing doubled: each dialog gained exactly its two messages, numbered on.
          assert.deepEqual(await lastN(), [lastN0[0]! + 2, lastN0[1]! + 2]);
          for (const [id, dialog] of [
            ['x-a0', d1],
            ['x-b2', d1],
            ['x-b0', d2],
            ['x-a2', d2],
          ] as const)
            assert.equal((await a.message(id))?.dialogId, dialog.id, `${id} in its dialog`);
          // Every operator's events since: consecutive from its old head to its new one, each message created once.
          const heads1 = await heads();
          const createdFor = new Map<string, string[]>();
          for (const op of operators) {
            const from = heads0.get(op) ?? 0;
            const events = (await b.eventsSince(op, from))!;
            assert.deepEqual(
              events.map((e) => e.seq),
              events.map((_, i) => from + 1 + i),
              `${op}: gap-free`,
            );
            assert.equal(heads1.get(op) ?? 0, from + events.length, `${op}: the head is the last event`);
            createdFor.set(
              op,
              events.flatMap((e) => (e.type === 'message.created' ? [e.message.id] : [])),
            );
          }
          assert.deepEqual(createdFor.get(SEED_IDS.admin)!.slice().sort(), ['x-a0', 'x-a2', 'x-b0', 'x-b2'], 'the administrator sees each message created once (the replays created nothing)');
          for (const d of [d1, d2]) {
            const mine = createdFor.get(d.by)!.filter((id) => id.startsWith('x-'));
            assert.equal(new Set(mine).size, mine.length, `${d.by}: no message twice`);
          }
        } finally {
          shared.forEach((s, i) => (s.maxOpen = open[i]!));
          cores.forEach((c) => c.dispose());
          await gate.end();
          await b.close();
        }
      },
    );

    /**
     * Another session (another instance's command) inserts a row of `table` and has not committed:
     * `command` does not see it, and its own insert of the same id waits for that row. Once it
     * waits, the other session commits. Answers the command's outcome.
     */
    async function raceUncommitted(table: string, insert: string, params: unknown[], command: (core: ChatCore) => Promise<{ id: Id }>): Promise<{ ok?: Id; error?: string }> {
      const db = (pg as PostgresStorage).db;
      const core = new ChatCore(pg, { concurrent: true, simulate: false });
      const rival = await db.connect();
      try {
        const rivalPid = (await rival.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        await rival.query('BEGIN');
        await rival.query(insert, params);
        const outcome = command(core).then(
          (r) => ({ ok: r.id }),
          (e: { code?: string }) => ({ error: e.code }),
        );
        // A session waiting for a lock the rival holds (its statement may be an EXECUTE of a prepared one).
        const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND ${rivalPid} = ANY (pg_blocking_pids(pid))`;
        for (let i = 0; (await db.query<{ n: number }>(waiting)).rows[0]!.n === 0; i++) {
          if (i > 3000) throw new Error(`timed out waiting for the command to wait for the other session's ${table} row`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await rival.query('COMMIT');
        return await outcome;
      } finally {
        core.dispose();
        await rival.end();
      }
    }

    it(
      'issue 14 (PostgreSQL, never doubled): an id committed in another dialog while a send of the same id waited for it is a 409 for the send, and the other message stays as it was (the insert did not overwrite it)',
      { skip: target.name !== 'PostgreSQL' },
      async () => {
        const assigned = (await pg.dialogs()).flatMap((x) => (x.assignee?.kind === 'operator' ? [{ id: x.id, by: x.assignee.id }] : []));
        const [mine, theirs] = [assigned[0]!, assigned[1]!];
        const before = (await pg.dialog(mine.id))!;
        try {
          const sent = await raceUncommitted(
            'messages',
            `INSERT INTO messages (id, dialog_id, n, kind, author_kind, author_id, text, search_text, created_at) VALUES ('race-1', $1, 1000000, 'text', 'operator', $2, 'theirs', 'theirs', 0)`,
            [theirs.id, theirs.by],
            (core) => core.handle(mine.by, 'sendMessage', { id: 'race-1', dialogId: mine.id, text: 'mine' }),
          );
          assert.deepEqual(sent, { error: 'conflict' });
          const theirsNow = await pg.message('race-1');
          assert.deepEqual([theirsNow?.dialogId, theirsNow?.n, theirsNow?.text], [theirs.id, 1000000, 'theirs'], "the other dialog's message is untouched");
          assert.equal((await pg.dialog(mine.id))!.lastN, before.lastN, 'the refused send left its dialog as it was');
        } finally {
          await (pg as PostgresStorage).db.query(`DELETE FROM messages WHERE id = 'race-1'`);
        }
      },
    );

    it(
      "M1, issue 14 (PostgreSQL): a quick reply's id committed by another operator while a creation of the same id waited for it is a 409, and their reply stays as it was",
      { skip: target.name !== 'PostgreSQL' },
      async () => {
        const db = (pg as PostgresStorage).db;
        try {
          const made = await raceUncommitted(
            'quick_replies',
            `INSERT INTO quick_replies (id, title, text, created_by, created_at) VALUES ('qr-race', 'Theirs', 'their text', $1, 0)`,
            [SEED_IDS.ivan],
            (core) => core.handle(SEED_IDS.maria, 'createQuickReply', { id: 'qr-race', text: 'my text' }),
          );
          assert.deepEqual(made, { error: 'conflict' });
          const row = (await db.query<{ title: string; text: string; created_by: string }>(`SELECT title, text, created_by FROM quick_replies WHERE id = 'qr-race'`)).rows[0];
          assert.deepEqual(row, { title: 'Theirs', text: 'their text', created_by: SEED_IDS.ivan }, "the other operator's reply is untouched");
        } finally {
          await db.query(`DELETE FROM quick_replies WHERE id = 'qr-race'`);
        }
      },
    );
  });
