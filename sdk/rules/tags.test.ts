import { expect } from '@open-wc/testing';
import type { Client, Id, Tag } from '../model.js';
import { ALL_TAGS, contrastRatio, effectiveTags, listTags, luminance, matchesTagFilter, normalizeTagFilter, pinnedTags, readableTextColor, tagCounts, toggleTag, type TagFilterValue } from './tags.js';
import { client, dialog, Prng, randomInbox, TAG_IDS, tag } from './test-fixtures.js';

const list = (tags: Id[], pinned = false): TagFilterValue => ({ mode: 'list', tags, pinned });
const none: TagFilterValue = { mode: 'none', tags: [], pinned: false };
const withTags = (...tags: Array<[Id, boolean]>): Pick<Client, 'tags'> => ({ tags: tags.map(([tagId, pinned]) => ({ tagId, pinned })) });

describe('rules/tags (T1-T8, L5)', () => {
  describe('the filter value', () => {
    it('T2: "All" is the initial state with no tag selected', () => {
      expect(ALL_TAGS).to.deep.equal({ mode: 'all', tags: [], pinned: false });
      expect(Object.isFrozen(ALL_TAGS)).to.equal(true);
      expect(matchesTagFilter(withTags(), ALL_TAGS)).to.equal(true);
      expect(matchesTagFilter(withTags(['a', false]), ALL_TAGS)).to.equal(true);
      expect(matchesTagFilter(null, ALL_TAGS)).to.equal(true);
    });

    it('T4: picking a tag switches to "From the list"; picking it again unselects it and goes back to "All"', () => {
      const one = toggleTag(ALL_TAGS, 'a');
      expect(one).to.deep.equal(list(['a']));
      const two = toggleTag(one, 'b');
      expect(two).to.deep.equal(list(['a', 'b']));
      expect(toggleTag(two, 'a')).to.deep.equal(list(['b']));
      expect(toggleTag(toggleTag(two, 'a'), 'b')).to.deep.equal(ALL_TAGS);
    });

    it('T3: "No tags" locks the tag list: choosing it drops the selection; picking a tag leaves it', () => {
      expect(normalizeTagFilter({ mode: 'none', tags: ['a', 'b'], pinned: true })).to.deep.equal(none);
      expect(toggleTag(none, 'a')).to.deep.equal(list(['a']));
    });

    it('T3/T4/T6 (property): after normalizing, the modes exclude each other', () => {
      const rng = new Prng(31);
      for (let i = 0; i < 500; i++) {
        const raw: TagFilterValue = { mode: rng.pick(['all', 'none', 'list'] as const), tags: rng.subset([...TAG_IDS, 't1', 't2'], 0.3), pinned: rng.chance(0.5) };
        const n = normalizeTagFilter(raw);
        if (n.mode === 'none') expect(n).to.deep.equal(none);
        if (n.mode === 'all') expect(n.tags).to.deep.equal([]);
        if (n.mode === 'list') {
          expect(n.tags.length).to.be.above(0);
          expect(new Set(n.tags).size, 'no tag twice').to.equal(n.tags.length);
        }
        expect(normalizeTagFilter(n), 'idempotent').to.deep.equal(n);
        // A toggle always ends in "All" or "From the list", never "No tags".
        expect(toggleTag(n, rng.pick(TAG_IDS)).mode).to.not.equal('none');
      }
    });
  });

  describe('matching', () => {
    const table: Array<[string, Pick<Client, 'tags'> | null, TagFilterValue, boolean]> = [
      ['T3: "No tags" keeps a client without tags', withTags(), none, true],
      ['T3: "No tags" drops a tagged client', withTags(['a', false]), none, false],
      ['T3: "No tags" keeps a dialog without a client', null, none, true],
      ['T4: one selected tag the client has', withTags(['a', false], ['b', false]), list(['a']), true],
      ['T4: one selected tag the client lacks', withTags(['b', false]), list(['a']), false],
      ['T8: two tags with AND: the client has both', withTags(['a', false], ['b', true]), list(['a', 'b']), true],
      ['T8: two tags with AND: the client has only one', withTags(['a', false]), list(['a', 'b']), false],
      ['T6: pinned keeps a client with a pinned tag', withTags(['a', true]), { mode: 'all', tags: [], pinned: true }, true],
      ['T6: pinned drops a client whose tags are not pinned', withTags(['a', false]), { mode: 'all', tags: [], pinned: true }, false],
      ['T6: pinned drops a client without tags', withTags(), { mode: 'all', tags: [], pinned: true }, false],
      ['T6: pinned with a selected tag needs that tag pinned', withTags(['a', false], ['b', true]), list(['a'], true), false],
      ['T6: pinned with a selected pinned tag', withTags(['a', true]), list(['a'], true), true],
    ];
    for (const [name, c, value, expected] of table) {
      it(name, () => {
        expect(matchesTagFilter(c, value)).to.equal(expected);
      });
    }

    it('T8 (property): adding a tag to the selection never widens the result', () => {
      const rng = new Prng(32);
      for (let round = 0; round < 40; round++) {
        const { dialogs, clients } = randomInbox(rng, 60);
        const pinned = rng.chance(0.3);
        let value: TagFilterValue = { ...ALL_TAGS, pinned };
        let previous = dialogs.filter((d) => matchesTagFilter(d.clientId ? clients.get(d.clientId) : null, value));
        for (const t of rng.shuffled(TAG_IDS).slice(0, 4)) {
          value = toggleTag(value, t);
          const next = dialogs.filter((d) => matchesTagFilter(d.clientId ? clients.get(d.clientId) : null, value));
          const before = new Set(previous.map((d) => d.id));
          for (const d of next) expect(before.has(d.id), `adding ${t} brought ${d.id} in`).to.equal(true);
          // Exactly the AND of single-tag results.
          for (const d of dialogs) {
            const c = d.clientId ? clients.get(d.clientId) : null;
            const every = value.tags.every((x) => matchesTagFilter(c, list([x], pinned)));
            expect(matchesTagFilter(c, value)).to.equal(every);
          }
          previous = next;
        }
      }
    });

    it('T3/T4 (property): "No tags" and any tag selection never share a dialog', () => {
      const rng = new Prng(33);
      for (let round = 0; round < 20; round++) {
        const { dialogs, clients } = randomInbox(rng, 60);
        for (const d of dialogs) {
          const c = d.clientId ? clients.get(d.clientId) : null;
          const untagged = matchesTagFilter(c, none);
          const anySelected = TAG_IDS.some((t) => matchesTagFilter(c, list([t])));
          expect(untagged && anySelected).to.equal(false);
          expect(untagged || anySelected || (c?.tags.length ?? 0) === 0).to.equal(true);
        }
      }
    });

    it('L5/T6: effective tags under the pinned switch are the pinned ones', () => {
      const tags = [
        { tagId: 'a', pinned: true },
        { tagId: 'b', pinned: false },
      ];
      expect(effectiveTags(tags, true)).to.deep.equal([{ tagId: 'a', pinned: true }]);
      expect(effectiveTags(tags, false)).to.deep.equal(tags);
    });
  });

  describe('the tag list', () => {
    const tags: Tag[] = [tag('new', 'New'), tag('urgent', 'Envío urgente'), tag('vip', 'VIP'), tag('b2b', 'B2B'), tag('zero', 'Zero')];
    const clients = new Map<Id, Pick<Client, 'tags'>>([
      ['c1', withTags(['new', false], ['vip', true])],
      ['c2', withTags(['new', false], ['urgent', false])],
      ['c3', withTags(['new', true], ['b2b', false])],
      ['c4', withTags()],
    ]);
    const dialogs = [
      dialog('d1', { clientId: 'c1' }),
      dialog('d2', { clientId: 'c2' }),
      dialog('d3', { clientId: 'c3' }),
      dialog('d4', { clientId: 'c4' }),
      dialog('d5', { clientId: 'c1' }),
      dialog('d6', { clientId: null }),
    ];

    it('T7: counts dialogs per tag (a client with two dialogs counts twice; detached dialogs count nowhere)', () => {
      const counts = tagCounts(dialogs, clients);
      expect(Object.fromEntries(counts)).to.deep.equal({ new: 4, vip: 2, urgent: 1, b2b: 1 });
      const asRecord = tagCounts(dialogs, Object.fromEntries(clients));
      expect(asRecord).to.deep.equal(counts);
    });

    it('T6/T7: under the pinned switch only pinned links count', () => {
      expect(Object.fromEntries(tagCounts(dialogs, clients, true))).to.deep.equal({ vip: 2, new: 1 });
    });

    it('T7: tags ordered by their number of dialogs, largest first, with the count', () => {
      const entries = listTags(tags, tagCounts(dialogs, clients), ALL_TAGS);
      expect(entries.map((e) => [e.tag.id, e.count, e.selected])).to.deep.equal([
        ['new', 4, false],
        ['vip', 2, false],
        ['b2b', 1, false],
        ['urgent', 1, false],
        ['zero', 0, false],
      ]);
    });

    it('T7: a selected tag moves to the top, in selection order', () => {
      const entries = listTags(tags, tagCounts(dialogs, clients), list(['zero', 'b2b']));
      expect(entries.map((e) => e.tag.id)).to.deep.equal(['zero', 'b2b', 'new', 'vip', 'urgent']);
      expect(entries.filter((e) => e.selected).map((e) => e.tag.id)).to.deep.equal(['zero', 'b2b']);
    });

    it('T6: under the pinned switch the list shows only pinned tags (and the selected ones)', () => {
      const counts = tagCounts(dialogs, clients, true);
      expect(listTags(tags, counts, { ...ALL_TAGS, pinned: true }).map((e) => e.tag.id)).to.deep.equal(['vip', 'new']);
      expect(listTags(tags, counts, list(['b2b'], true)).map((e) => e.tag.id)).to.deep.equal(['b2b', 'vip', 'new']);
    });

    it('T6, T7, L6: with counts that are lower bounds (a common word) the pinned switch hides no tag for a count of 0', () => {
      const counts = tagCounts(dialogs, clients, true);
      const shown = listTags(tags, counts, { ...ALL_TAGS, pinned: true }, '', true).map((e) => e.tag.id);
      expect(shown.slice(0, 2)).to.deep.equal(['vip', 'new']);
      expect([...shown].sort()).to.deep.equal(tags.map((t) => t.id).sort());
    });

    it('T5: the search finds a tag by name ignoring case and accents ("envio" finds "Envío urgente")', () => {
      const counts = tagCounts(dialogs, clients);
      expect(listTags(tags, counts, ALL_TAGS, 'envio').map((e) => e.tag.name)).to.deep.equal(['Envío urgente']);
      expect(listTags(tags, counts, ALL_TAGS, '  ENVÍO ').map((e) => e.tag.name)).to.deep.equal(['Envío urgente']);
      expect(listTags(tags, counts, ALL_TAGS, 'xyz')).to.deep.equal([]);
      expect(listTags(tags, counts, ALL_TAGS, '').length).to.equal(tags.length);
    });

    it('T7 (property): the listing order is total and stable: shuffled dictionaries give the same order', () => {
      const rng = new Prng(34);
      const names = ['Alpha', 'alpha', 'Beta', 'Ünder', 'under', 'Zeta'];
      for (let round = 0; round < 50; round++) {
        const dict = Array.from({ length: 12 }, (_, i) => tag(`t${i}`, rng.pick(names)));
        const counts = new Map(dict.map((t) => [t.id, rng.int(0, 3)] as const));
        const value = normalizeTagFilter({
          mode: 'list',
          tags: rng.subset(
            dict.map((t) => t.id),
            0.2,
          ),
          pinned: false,
        });
        const order = listTags(dict, counts, value).map((e) => e.tag.id);
        for (let k = 0; k < 5; k++) expect(listTags(rng.shuffled(dict), counts, value).map((e) => e.tag.id)).to.deep.equal(order);
        // selected first, then counts never increase
        const entries = listTags(dict, counts, value);
        const firstUnselected = entries.findIndex((e) => !e.selected);
        if (firstUnselected >= 0) {
          expect(entries.slice(firstUnselected).some((e) => e.selected)).to.equal(false);
          const rest = entries.slice(firstUnselected);
          for (let i = 1; i < rest.length; i++) expect(rest[i]!.count).to.be.at.most(rest[i - 1]!.count);
        }
      }
    });

    it('L5: pinned tags under the client name, in the client order, unknown tags skipped', () => {
      const byId = new Map(tags.map((t) => [t.id, t]));
      const c = client('c', {
        tags: [
          { tagId: 'vip', pinned: true },
          { tagId: 'new', pinned: false },
          { tagId: 'gone', pinned: true },
          { tagId: 'b2b', pinned: true },
        ],
      });
      expect(pinnedTags(c, byId).map((t) => t.id)).to.deep.equal(['vip', 'b2b']);
      expect(pinnedTags(null, byId)).to.deep.equal([]);
    });
  });

  describe('tag colours (T7)', () => {
    it('WCAG luminance and contrast of black and white', () => {
      expect(luminance('#000000')).to.equal(0);
      expect(luminance('#ffffff')).to.be.closeTo(1, 1e-9);
      expect(luminance('#fff')).to.be.closeTo(1, 1e-9);
      expect(luminance('#ffff')).to.be.closeTo(1, 1e-9);
      expect(luminance('#ffffff80')).to.be.closeTo(1, 1e-9);
      expect(contrastRatio('#000', '#fff')).to.be.closeTo(21, 1e-9);
      expect(contrastRatio('#777777', '#777777')).to.equal(1);
    });

    it('an unreadable colour value counts as black rather than garbage', () => {
      expect(luminance('nonsense')).to.equal(0);
      expect(luminance('#12345g')).to.equal(0);
    });

    const seedColours = ['#22c55e', '#7c3aed', '#fde68a', '#fecaca', '#f9a8d4', '#0ea5e9', '#1e3a8a', '#b91c1c', '#0f766e', '#bbf7d0', '#92400e', '#e5e7eb'];
    for (const bg of seedColours) {
      it(`T7: text on tag colour ${bg} reaches WCAG AA (4.5:1)`, () => {
        const fg = readableTextColor(bg);
        expect(contrastRatio(bg, fg)).to.be.at.least(4.5);
      });
    }

    it('T7: light tag colours get dark text, dark ones get light text', () => {
      expect(readableTextColor('#fde68a')).to.equal('#000000');
      expect(readableTextColor('#ffffff')).to.equal('#000000');
      expect(readableTextColor('#1e3a8a')).to.equal('#ffffff');
      expect(readableTextColor('#000000')).to.equal('#ffffff');
      // Token references instead of hex values: decided as #111/#fff, the reference returned.
      expect(readableTextColor('#000', 'var(--_color-tag-text-dark)', 'var(--_color-tag-text-light)')).to.equal('var(--_color-tag-text-light)');
      expect(readableTextColor('#fde68a', 'var(--_color-tag-text-dark)', 'var(--_color-tag-text-light)')).to.equal('var(--_color-tag-text-dark)');
    });

    it('T7 (property): with black or white text, every tag colour reaches WCAG AA 4.5:1, and the choice is never the worse one', () => {
      const rng = new Prng(35);
      const hex = (n: number) => n.toString(16).padStart(2, '0');
      let reached = 0;
      for (let i = 0; i < 2000; i++) {
        const bg = `#${hex(rng.int(0, 255))}${hex(rng.int(0, 255))}${hex(rng.int(0, 255))}`;
        const fg = readableTextColor(bg);
        const other = fg === '#000000' ? '#ffffff' : '#000000';
        expect(contrastRatio(bg, fg)).to.be.at.least(contrastRatio(bg, other));
        expect(contrastRatio(bg, fg), bg).to.be.at.least(4.5);
        reached++;
      }
      expect(reached).to.equal(2000);
    });
  });
});
