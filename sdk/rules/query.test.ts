import { expect } from '@open-wc/testing';
import type { Client, Dialog, Id } from '../model.js';
import {
  applyQuery,
  comparatorFor,
  compareByActivity,
  compareByProcessing,
  defaultQuery,
  effectiveSort,
  hasActiveFilters,
  isOverdue,
  isWaiting,
  matchesQuery,
  normalizeQuery,
  waitedMs,
  type DialogQuery,
  type QueryContext,
} from './query.js';
import { client, dialog, Prng, randomInbox, sign, T0 } from './test-fixtures.js';

const LIMIT = { responseTimeLimitMs: 15 * 60_000 };
const NO_LIMIT = { responseTimeLimitMs: null };
const ctxOf = (clients: ReadonlyMap<Id, Client>): QueryContext => ({ clientOf: (d) => (d.clientId ? clients.get(d.clientId) : null) });
const ids = (ds: Dialog[]): string[] => ds.map((d) => d.id);
const q = (patch: Partial<DialogQuery>): DialogQuery => normalizeQuery(patch);

/** Checks that a comparator is a total order on samples: reflexive, antisymmetric, transitive, stable under shuffling. */
function checkTotalOrder(cmp: (a: Dialog, b: Dialog) => number, seed: number): void {
  const rng = new Prng(seed);
  for (let round = 0; round < 20; round++) {
    const { dialogs } = randomInbox(rng, 40);
    for (const a of dialogs) {
      expect(cmp(a, a)).to.equal(0);
      for (const b of dialogs) {
        expect(sign(cmp(a, b))).to.equal(-sign(cmp(b, a)), `antisymmetric: ${a.id} ${b.id}`);
        if (a !== b) expect(cmp(a, b), `distinct dialogs never tie: ${a.id} ${b.id}`).to.not.equal(0);
      }
    }
    for (let i = 0; i < 300; i++) {
      const [a, b, c] = [rng.pick(dialogs), rng.pick(dialogs), rng.pick(dialogs)];
      if (cmp(a, b) <= 0 && cmp(b, c) <= 0) expect(cmp(a, c) <= 0, `transitive: ${a.id} ${b.id} ${c.id}`).to.equal(true);
    }
    const sorted = ids([...dialogs].sort(cmp));
    for (let k = 0; k < 5; k++) expect(ids(rng.shuffled(dialogs).sort(cmp))).to.deep.equal(sorted);
  }
}

describe('rules/query (F2-F6, L6)', () => {
  describe('sorting', () => {
    it('F2/F4: waiting dialogs come first, the longest wait on top, then the rest by latest activity', () => {
      const list = [
        dialog('answered-recent', { lastActivityAt: T0 + 900 }),
        dialog('waiting-short', { waitingSince: T0 + 500, lastActivityAt: T0 + 500 }),
        dialog('answered-old', { lastActivityAt: T0 + 100 }),
        dialog('waiting-long', { waitingSince: T0 + 10, lastActivityAt: T0 + 800 }),
        dialog('closed-with-wait', { status: 'closed', waitingSince: T0, lastActivityAt: T0 + 300 }),
      ];
      expect(ids([...list].sort(compareByProcessing))).to.deep.equal(['waiting-long', 'waiting-short', 'answered-recent', 'closed-with-wait', 'answered-old']);
    });

    it('F2/F4: a closed dialog does not wait, even with an unanswered message', () => {
      expect(isWaiting(dialog('a', { status: 'closed', waitingSince: T0 }))).to.equal(false);
      expect(isWaiting(dialog('a', { waitingSince: T0 }))).to.equal(true);
      expect(isWaiting(dialog('a'))).to.equal(false);
    });

    it('F3: last activity orders by the latest message, whoever wrote it', () => {
      const list = [
        dialog('op-last', { lastActivityAt: T0 + 50, lastMessage: { id: 'm1', author: { kind: 'operator', id: 'o' }, text: '', kind: 'text', attachmentCount: 0, createdAt: T0 + 50 } }),
        dialog('client-last', { lastActivityAt: T0 + 70, waitingSince: T0 + 70 }),
        dialog('oldest', { lastActivityAt: T0 }),
      ];
      expect(ids([...list].sort(compareByActivity))).to.deep.equal(['client-last', 'op-last', 'oldest']);
    });

    it('F2: without a time limit processing order is unavailable and falls back to last activity', () => {
      expect(effectiveSort('processing', NO_LIMIT)).to.equal('activity');
      expect(effectiveSort('processing', LIMIT)).to.equal('processing');
      expect(effectiveSort('activity', LIMIT)).to.equal('activity');
      expect(comparatorFor('processing', NO_LIMIT)).to.equal(compareByActivity);
      expect(comparatorFor('processing', LIMIT)).to.equal(compareByProcessing);
      const list = [dialog('waiting-old', { waitingSince: T0, lastActivityAt: T0 }), dialog('recent', { lastActivityAt: T0 + 10 })];
      expect(ids(applyQuery(list, defaultQuery(), ctxOf(new Map()), NO_LIMIT))).to.deep.equal(['recent', 'waiting-old']);
      expect(ids(applyQuery(list, defaultQuery(), ctxOf(new Map()), LIMIT))).to.deep.equal(['waiting-old', 'recent']);
    });

    it('F2/F3: equal timestamps are ordered by id, so the order is total', () => {
      const a = dialog('a', { lastActivityAt: T0 });
      const b = dialog('b', { lastActivityAt: T0 });
      expect(compareByActivity(a, b)).to.be.below(0);
      const wa = dialog('a', { waitingSince: T0 });
      const wb = dialog('b', { waitingSince: T0 });
      expect(compareByProcessing(wb, wa)).to.be.above(0);
    });

    it('F2 (property): processing order is a total, stable order on random dialogs', () => {
      checkTotalOrder(compareByProcessing, 11);
    });

    it('F3 (property): activity order is a total, stable order on random dialogs', () => {
      checkTotalOrder(compareByActivity, 12);
    });

    it('F2/F4 (property): in processing order no answered dialog precedes a waiting one, and waits are ascending', () => {
      const rng = new Prng(13);
      for (let round = 0; round < 30; round++) {
        const { dialogs } = randomInbox(rng, 60);
        const sorted = [...dialogs].sort(compareByProcessing);
        const firstIdle = sorted.findIndex((d) => !isWaiting(d));
        const waiting = firstIdle === -1 ? sorted : sorted.slice(0, firstIdle);
        const idle = firstIdle === -1 ? [] : sorted.slice(firstIdle);
        expect(idle.some(isWaiting)).to.equal(false);
        for (let i = 1; i < waiting.length; i++) expect(waiting[i]!.waitingSince!).to.be.at.least(waiting[i - 1]!.waitingSince!);
        for (let i = 1; i < idle.length; i++) expect(idle[i]!.lastActivityAt).to.be.at.most(idle[i - 1]!.lastActivityAt);
      }
    });

    it('F3 (property): in activity order timestamps never increase', () => {
      const rng = new Prng(14);
      for (let round = 0; round < 30; round++) {
        const sorted = [...randomInbox(rng, 60).dialogs].sort(compareByActivity);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.lastActivityAt).to.be.at.most(sorted[i - 1]!.lastActivityAt);
      }
    });
  });

  describe('waiting time', () => {
    it('F2: waited time and overdue against the response-time limit', () => {
      const d = dialog('a', { waitingSince: T0 });
      expect(waitedMs(d, T0 + 1000)).to.equal(1000);
      expect(waitedMs(dialog('b'), T0 + 1000)).to.equal(null);
      expect(waitedMs(d, T0 - 5000), 'a clock behind the server never gives a negative wait').to.equal(0);
      expect(isOverdue(d, T0 + LIMIT.responseTimeLimitMs, LIMIT)).to.equal(false);
      expect(isOverdue(d, T0 + LIMIT.responseTimeLimitMs + 1, LIMIT)).to.equal(true);
      expect(isOverdue(d, T0 + 10 ** 9, NO_LIMIT)).to.equal(false);
    });
  });

  describe('filters', () => {
    const clients = new Map<Id, Client>([
      ['c-jose', client('c-jose', { name: 'José Núñez', tags: [{ tagId: 'vip', pinned: true }] })],
      ['c-ivan', client('c-ivan', { name: 'Иван Петров', tags: [] })],
      [
        'c-ann',
        client('c-ann', {
          name: 'Ann Lee',
          tags: [
            { tagId: 'vip', pinned: false },
            { tagId: 'b2b', pinned: false },
          ],
        }),
      ],
    ]);
    const msg = (kind: 'client' | 'operator' | 'bot', text: string) => ({ id: `m-${text}`, author: { kind, id: 'x' }, text, kind: 'text' as const, attachmentCount: 0, createdAt: T0 });
    const inbox = [
      dialog('jose', { clientId: 'c-jose', channelId: 'tg', assignee: { kind: 'operator', id: 'maria' }, waitingSince: T0, lastMessage: msg('client', 'Dónde está mi envío') }),
      dialog('ivan', { clientId: 'c-ivan', channelId: 'wa', status: 'closed', assignee: { kind: 'operator', id: 'ivan' }, lastMessage: msg('operator', 'Спасибо') }),
      dialog('ann', { clientId: 'c-ann', channelId: 'tg', assignee: { kind: 'bot', id: 'bot1' }, lastMessage: msg('bot', 'Hello from the bot') }),
      dialog('detached', { clientId: null, title: 'Anónimo', channelId: 'wa', assignee: null, lastMessage: null }),
    ];
    const run = (patch: Partial<DialogQuery>, extra: Partial<QueryContext> = {}) => inbox.filter((d) => matchesQuery(d, q(patch), { ...ctxOf(clients), ...extra })).map((d) => d.id);

    const table: Array<[string, Partial<DialogQuery>, string[]]> = [
      ['F5: no filter keeps everything', {}, ['jose', 'ivan', 'ann', 'detached']],
      ['F5: by responsible operator', { operators: ['maria'] }, ['jose']],
      ['F5: by several operators (any of them)', { operators: ['maria', 'ivan'] }, ['jose', 'ivan']],
      ['F5: by channel', { channels: ['wa'] }, ['ivan', 'detached']],
      ['F5: by status open', { status: 'open' }, ['jose', 'ann', 'detached']],
      ['F5: by status closed', { status: 'closed' }, ['ivan']],
      ['F5: last message from the client', { lastMessage: 'client' }, ['jose']],
      ['F5: last message from an operator or a bot', { lastMessage: 'operator' }, ['ivan', 'ann']],
      ['F5: unanswered', { lastMessage: 'unanswered' }, ['jose']],
      ['F5: answered', { lastMessage: 'answered' }, ['ivan', 'ann', 'detached']],
      ['F5: by tag', { tags: { mode: 'list', tags: ['vip'], pinned: false } }, ['jose', 'ann']],
      ['F5/T3: without tags (a detached dialog counts as untagged)', { tags: { mode: 'none', tags: [], pinned: false } }, ['ivan', 'detached']],
      ['F6: only dialogs held by a bot', { bot: true }, ['ann']],
      ['F5/F6: filters combine with AND', { channels: ['tg'], bot: true }, ['ann']],
      ['L6: search by client name ignoring accents and case', { search: 'JOSE NUNEZ' }, ['jose']],
      ['L6: search by Cyrillic name ignoring case', { search: 'иван' }, ['ivan']],
      ['L6: search by the last message text, accents ignored', { search: 'envio' }, ['jose']],
      ['L6: search by the dialog title (detached dialog)', { search: 'anonimo' }, ['detached']],
      ['L6: a blank search matches everything', { search: '   ' }, ['jose', 'ivan', 'ann', 'detached']],
      ['L6: a search that matches nothing', { search: 'zzz' }, []],
    ];
    for (const [name, patch, expected] of table) {
      it(name, () => {
        expect(run(patch)).to.deep.equal(expected);
      });
    }

    it('L6: search also matches older message text through the context (server side)', () => {
      expect(run({ search: 'factura' }, { messageMatches: (d, s) => d.id === 'ivan' && s === 'factura' })).to.deep.equal(['ivan']);
    });

    it('L6 (property): search ignores case and accents: folded and unfolded needles select the same dialogs', () => {
      const rng = new Prng(21);
      for (let round = 0; round < 20; round++) {
        const { dialogs, clients: cs } = randomInbox(rng, 40);
        const pairs: Array<[string, string]> = [
          ['Envío', 'ENVIO'],
          ['José', 'jose'],
          ['Иван', 'иВАН'],
          ['Zoë', 'ZOE'],
        ];
        for (const [a, b] of pairs) {
          const x = applyQuery(dialogs, q({ search: a }), ctxOf(cs), LIMIT);
          const y = applyQuery(dialogs, q({ search: b }), ctxOf(cs), LIMIT);
          expect(ids(x)).to.deep.equal(ids(y));
        }
      }
    });

    it('F5 (property): every added filter narrows the list; applyQuery equals filter-then-sort', () => {
      const rng = new Prng(22);
      for (let round = 0; round < 30; round++) {
        const { dialogs, clients: cs } = randomInbox(rng, 50);
        const base = q({ sort: rng.pick(['processing', 'activity'] as const) });
        const all = applyQuery(dialogs, base, ctxOf(cs), LIMIT);
        expect(all.length).to.equal(dialogs.length);
        const narrowed = q({ ...base, status: 'open', channels: ['ch-a', 'ch-b'], bot: rng.chance(0.5), lastMessage: rng.pick(['any', 'client', 'unanswered'] as const) });
        const some = applyQuery(dialogs, narrowed, ctxOf(cs), LIMIT);
        const allIds = new Set(ids(all));
        for (const d of some) expect(allIds.has(d.id)).to.equal(true);
        const manual = dialogs.filter((d) => matchesQuery(d, narrowed, ctxOf(cs))).sort(comparatorFor(narrowed.sort, LIMIT));
        expect(ids(some)).to.deep.equal(ids(manual));
      }
    });
  });

  describe('the query value', () => {
    it('F2: the default query shows everything in processing order', () => {
      expect(defaultQuery()).to.deep.equal({
        search: '',
        operators: [],
        channels: [],
        tags: { mode: 'all', tags: [], pinned: false },
        status: 'all',
        lastMessage: 'any',
        bot: false,
        sort: 'processing',
      });
      expect(hasActiveFilters(defaultQuery())).to.equal(false);
    });

    it('normalizeQuery fills missing fields, keeping the given ones (tags merged field by field)', () => {
      const n = normalizeQuery({ status: 'closed', tags: { pinned: true } as DialogQuery['tags'] });
      expect(n.status).to.equal('closed');
      expect(n.tags).to.deep.equal({ mode: 'all', tags: [], pinned: true });
      expect(n.sort).to.equal('processing');
    });

    const active: Array<[string, Partial<DialogQuery>, boolean]> = [
      ['operators', { operators: ['x'] }, true],
      ['channels', { channels: ['x'] }, true],
      ['tag list', { tags: { mode: 'list', tags: ['t'], pinned: false } }, true],
      ['no tags', { tags: { mode: 'none', tags: [], pinned: false } }, true],
      ['pinned', { tags: { mode: 'all', tags: [], pinned: true } }, true],
      ['status', { status: 'open' }, true],
      ['last message', { lastMessage: 'client' }, true],
      ['bot', { bot: true }, true],
      ['search (not a filter)', { search: 'x' }, false],
      ['sort (not a filter)', { sort: 'activity' }, false],
    ];
    for (const [name, patch, expected] of active) {
      it(`F1: hasActiveFilters with ${name} is ${expected}`, () => {
        expect(hasActiveFilters(q(patch))).to.equal(expected);
      });
    }

    it('the query survives a JSON round trip (it is one serializable value)', () => {
      const v = q({ search: 'Envío', operators: ['a'], tags: { mode: 'list', tags: ['t1', 't2'], pinned: true }, bot: true, sort: 'activity' });
      expect(JSON.parse(JSON.stringify(v))).to.deep.equal(v);
    });
  });
});
