import { expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/chat-provider.js';
import '../../src/define/tag-filter.js';
import '../../src/define/dialog-list.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Id, Tag } from '../../sdk/model.js';
import { ALL_TAGS, contrastRatio, type TagFilterValue } from '../../sdk/rules/tags.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { SeedData } from '../../server/core/storage.js';
import type { Locale } from '../i18n.js';
import { TagFilter } from './tag-filter.js';
import { loadLocale } from '../i18n.js';
import { hex } from '../internal/colors.test-helpers.js';

const NOW = Date.UTC(2025, 2, 14, 12, 0, 0);

let backend: InProcessBackend | undefined;
let client: ChatClient | undefined;

async function start(change?: (d: SeedData) => SeedData): Promise<ChatClient> {
  const base = () => createSeed({ now: NOW, dialogs: 120, messagesPerDialog: [2, 4] });
  backend = await createInProcessBackend(change ? () => change(base()) : base, { delayFactor: 0, now: () => NOW });
  client = createChatClient({ transport: backend.transport(SEED_IDS.admin), now: () => NOW });
  await client.start();
  return client;
}

afterEach(() => {
  client?.stop();
  backend?.core.dispose();
  client = undefined;
  backend = undefined;
});

const noTags = (d: SeedData): SeedData => ({ ...d, tags: [], clients: d.clients.map((c) => ({ ...c, tags: [] })) });

const root = (el: TagFilter) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: TagFilter, sel: string) => root(el).querySelector<T & HTMLElement>(sel);
const options = (el: TagFilter) => [...root(el).querySelectorAll<HTMLElement>('[role="option"]')];
const names = (el: TagFilter) => options(el).map((o) => o.querySelector('.chip')!.textContent!.trim());
const ids = (el: TagFilter) => options(el).map((o) => o.dataset['id']!);
const shownCounts = (el: TagFilter) => options(el).map((o) => Number(o.querySelector('.count')!.textContent!.replace(/\D/g, '')));
const radio = (el: TagFilter, mode: string) => q(el, `[role="radio"][data-mode="${mode}"]`)!;
const option = (el: TagFilter, id: Id) => options(el).find((o) => o.dataset['id'] === id)!;
const searchInput = (el: TagFilter) => q<HTMLInputElement>(el, 'input[type="search"]')!;
const pinnedSwitch = (el: TagFilter) => q(el, '[role="switch"]')!;
const summary = (el: TagFilter) => q(el, '.summary')!.textContent!.replace(/\s+/g, ' ').trim();
const focused = (el: TagFilter) => root(el).activeElement as HTMLElement | null;

async function mount(c: ChatClient | undefined, opts: { autoApply?: boolean; locale?: Locale } = {}): Promise<TagFilter> {
  const el = await fixture<TagFilter>(html`<tag-filter .client=${c} ?auto-apply=${opts.autoApply ?? true} locale=${opts.locale ?? 'en'}></tag-filter>`);
  await el.updateComplete;
  return el;
}

/** Records every `tag-filter-change` reaching the document (bubbles + composed). */
function recordChanges(): { values: TagFilterValue[]; stop: () => void } {
  const values: TagFilterValue[] = [];
  const on = (e: CustomEvent<{ value: TagFilterValue }>) => values.push(e.detail.value);
  document.addEventListener('tag-filter-change', on);
  return { values, stop: () => document.removeEventListener('tag-filter-change', on) };
}

async function click(el: TagFilter, target: HTMLElement): Promise<void> {
  target.click();
  await el.updateComplete;
}

describe('<tag-filter>', () => {
  describe('T1 availability', () => {
    it('T1: with no tag in the system, the embedded element renders nothing and takes no space', async () => {
      const c = await start(noTags);
      expect(c.$tags.get()).to.have.length(0);
      const el = await mount(c, { autoApply: false });
      expect(el.available).to.equal(false);
      expect(el.hasAttribute('empty')).to.equal(true);
      expect(root(el).querySelector('[role="listbox"], [role="radiogroup"], input')).to.equal(null);
      expect(el.getBoundingClientRect().height).to.equal(0);
      await expect(el).to.be.accessible();
    });

    it('T1: used alone (auto-apply) without tags, it explains why the filter is not available', async () => {
      const c = await start(noTags);
      const el = await mount(c);
      const msg = q(el, '[part="message"]')!;
      expect(msg.textContent).to.contain('There are no tags yet');
      expect(root(el).querySelector('[role="listbox"]')).to.equal(null);
      expect(el.getBoundingClientRect().height).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });

    it('T1: with tags, the filter is shown; without a client, the `tags` property decides', async () => {
      const c = await start();
      const el = await mount(c, { autoApply: false });
      expect(el.available).to.equal(true);
      expect(el.hasAttribute('empty')).to.equal(false);
      expect(options(el).length).to.equal(c.$tags.get().length);

      const alone = await fixture<TagFilter>(html`<tag-filter auto-apply .tags=${[]}></tag-filter>`);
      expect(alone.hasAttribute('empty')).to.equal(true);
      expect(q(alone, '[part="message"]')!.textContent).to.contain('no tags');
      alone.tags = [{ id: 'a', name: 'Alpha', color: '#22c55e' }];
      await alone.updateComplete;
      expect(alone.hasAttribute('empty')).to.equal(false);
      expect(names(alone)).to.deep.equal(['Alpha']);
      await expect(alone).to.be.accessible();
    });
  });

  describe('T2-T4 modes', () => {
    it('T2: starts at "All" with no tag selected', async () => {
      const c = await start();
      const el = await mount(c);
      expect(el.value).to.deep.equal(ALL_TAGS);
      expect(radio(el, 'all').getAttribute('aria-checked')).to.equal('true');
      expect(radio(el, 'none').getAttribute('aria-checked')).to.equal('false');
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('false');
      expect(options(el).filter((o) => o.getAttribute('aria-selected') === 'true')).to.have.length(0);
      expect(summary(el)).to.equal('All dialogs');
      expect(c.$query.get().tags).to.deep.equal({ mode: 'all', tags: [], pinned: false });
      await expect(el).to.be.accessible();
    });

    it('T3: "No tags" locks the tag list, visibly and for assistive technology, and excludes selected tags', async () => {
      const c = await start();
      const el = await mount(c);
      await click(el, option(el, 'tag-vip'));
      expect(el.value.tags).to.deep.equal(['tag-vip']);
      const rec = recordChanges();
      await click(el, radio(el, 'none'));
      rec.stop();
      expect(rec.values).to.deep.equal([{ mode: 'none', tags: [], pinned: false }]);
      expect(c.$query.get().tags).to.deep.equal({ mode: 'none', tags: [], pinned: false });
      // Every dialog left has a client without tags (once the server answered the new query).
      await c.listSettled();
      for (const d of c.$list.get()) expect(d.clientId ? (c.$clients.get().get(d.clientId)?.tags ?? []) : []).to.have.length(0);

      const list = q(el, '[role="listbox"]')!;
      expect(list.getAttribute('aria-disabled')).to.equal('true');
      expect(options(el).every((o) => o.getAttribute('aria-disabled') === 'true' && o.getAttribute('aria-selected') === 'false')).to.equal(true);
      expect(options(el).every((o) => o.tabIndex === -1)).to.equal(true);
      expect(searchInput(el).disabled).to.equal(true);
      expect((pinnedSwitch(el) as HTMLButtonElement).disabled).to.equal(true);
      expect(Number(getComputedStyle(list).opacity)).to.be.lessThan(0.6);
      expect(q(el, '.hint')!.textContent).to.contain('locked');
      expect(summary(el)).to.equal('Dialogs whose client has no tag');

      // Clicking a tag while locked changes nothing.
      const rec2 = recordChanges();
      await click(el, option(el, 'tag-new'));
      rec2.stop();
      expect(rec2.values).to.have.length(0);
      expect(el.value).to.deep.equal({ mode: 'none', tags: [], pinned: false });
      await expect(el).to.be.accessible();
    });

    it('T4: picking any tag switches to "From the list"', async () => {
      const c = await start();
      const el = await mount(c);
      const rec = recordChanges();
      await click(el, option(el, 'tag-return'));
      rec.stop();
      expect(rec.values).to.deep.equal([{ mode: 'list', tags: ['tag-return'], pinned: false }]);
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('true');
      expect(radio(el, 'all').getAttribute('aria-checked')).to.equal('false');
      expect(option(el, 'tag-return').getAttribute('aria-selected')).to.equal('true');
      await expect(el).to.be.accessible();

      // Unpicking the last tag keeps "From the list" chosen (asking for a tag) while the value is "All".
      await click(el, option(el, 'tag-return'));
      expect(el.value).to.deep.equal({ mode: 'all', tags: [], pinned: false });
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('true');
      expect(q(el, '.hint')!.textContent).to.contain('Pick one or more tags');
    });

    it('T3/T4: choosing "From the list" after "No tags" unlocks the list; "All" clears the selection', async () => {
      const c = await start();
      const el = await mount(c);
      await click(el, radio(el, 'none'));
      const rec = recordChanges();
      await click(el, radio(el, 'list'));
      expect(rec.values).to.deep.equal([{ mode: 'all', tags: [], pinned: false }]);
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('true');
      expect(q(el, '[role="listbox"]')!.getAttribute('aria-disabled')).to.equal('false');
      expect(searchInput(el).disabled).to.equal(false);
      await click(el, option(el, 'tag-vip'));
      await click(el, radio(el, 'all'));
      rec.stop();
      expect(rec.values.at(-1)).to.deep.equal({ mode: 'all', tags: [], pinned: false });
      expect(radio(el, 'all').getAttribute('aria-checked')).to.equal('true');
      expect(options(el).some((o) => o.getAttribute('aria-selected') === 'true')).to.equal(false);
      await expect(el).to.be.accessible();
    });
  });

  describe('T5 search', () => {
    it('T5: narrows the list by name as one types, ignoring case and accents, without moving focus', async () => {
      const c = await start();
      const el = await mount(c);
      const input = searchInput(el);
      input.focus();
      await sendKeys({ type: 'ENVIO' });
      await el.updateComplete;
      expect(names(el)).to.deep.equal(['Envío urgente']);
      expect(focused(el)).to.equal(input);
      expect(input.value).to.equal('ENVIO');
      expect(root(el).querySelectorAll('[role="status"]')[1]!.textContent).to.contain('1 tag found');
      await expect(el).to.be.accessible();

      // Cyrillic, upper case.
      input.select();
      await sendKeys({ type: 'ДОСТ' });
      await el.updateComplete;
      expect(names(el)).to.deep.equal(['Доставка']);

      // No match: a message instead of an empty list.
      input.select();
      await sendKeys({ type: 'zzz' });
      await el.updateComplete;
      expect(options(el)).to.have.length(0);
      expect(q(el, '[part="message"]')!.textContent).to.contain('No tag matches “zzz”');
      expect(focused(el)).to.equal(input);
      await expect(el).to.be.accessible();

      // Searching does not change the filter itself.
      expect(el.value).to.deep.equal(ALL_TAGS);
    });
  });

  describe('T6 pinned', () => {
    it('T6: the switch keeps dialogs with a pinned tag, emits pinned, and the list shows only pinned tags', async () => {
      const c = await start();
      const el = await mount(c);
      await waitUntil(() => c.$tagCounts.get().size > 0, 'tag counts');
      await el.updateComplete;
      const before = new Map(options(el).map((o, i) => [o.dataset['id']!, shownCounts(el)[i]!]));
      const rec = recordChanges();
      await click(el, pinnedSwitch(el));
      rec.stop();
      expect(rec.values).to.deep.equal([{ mode: 'all', tags: [], pinned: true }]);
      expect(pinnedSwitch(el).getAttribute('aria-checked')).to.equal('true');
      expect(summary(el)).to.equal('Dialogs whose client has a pinned tag');
      // The list only has dialogs whose client has a pinned tag (once the server answered).
      await c.listSettled();
      const list = c.$list.get();
      expect(list.length).to.be.greaterThan(0);
      for (const d of list)
        expect(
          c.$clients
            .get()
            .get(d.clientId!)!
            .tags.some((t) => t.pinned),
        ).to.equal(true);

      // Only tags with pinned links are listed, with their pinned counts (from the SDK).
      await el.updateComplete;
      const counts = c.$tagCounts.get();
      const after = shownCounts(el);
      expect(after.every((n) => n > 0)).to.equal(true);
      expect(ids(el).sort()).to.deep.equal(
        [...counts.entries()]
          .filter(([, n]) => n > 0)
          .map(([id]) => id)
          .sort(),
      );
      ids(el).forEach((id, i) => expect(after[i]).to.equal(counts.get(id)));
      ids(el).forEach((id, i) => expect(after[i]).to.be.at.most(before.get(id)!));
      expect(after.reduce((a, b) => a + b, 0)).to.be.lessThan([...before.values()].reduce((a, b) => a + b, 0));
      await expect(el).to.be.accessible();

      // A selected tag keeps the switch: pinned + list.
      await click(el, option(el, ids(el)[0]!));
      expect(el.value.pinned).to.equal(true);
      expect(el.value.mode).to.equal('list');
      expect(summary(el)).to.contain('dialogs with pinned');
    });

    it('T6: with host data, tags with no pinned link disappear under the switch', async () => {
      const tags: Tag[] = [
        { id: 'a', name: 'Alpha', color: '#22c55e' },
        { id: 'b', name: 'Beta', color: '#1e3a8a' },
      ];
      const el = await fixture<TagFilter>(
        html`<tag-filter .tags=${tags} .counts=${new Map([
          ['a', 3],
          ['b', 5],
        ])}></tag-filter>`,
      );
      expect(names(el)).to.deep.equal(['Beta', 'Alpha']);
      const ev = oneEvent(el, 'tag-filter-change');
      await click(el, pinnedSwitch(el));
      const { detail } = await ev;
      expect(detail.value.pinned).to.equal(true);
      // The host answers with pinned counts, as client.$tagCounts does.
      el.counts = new Map([['a', 2]]);
      await el.updateComplete;
      expect(names(el)).to.deep.equal(['Alpha']);
      await expect(el).to.be.accessible();
    });
  });

  describe('T7 colours, counts, order', () => {
    it('T7: each tag in its colour with its count at the right, ordered by count, largest first', async () => {
      const c = await start();
      const el = await mount(c);
      const tagsById = c.$tagsById.get();
      // T7 counts come from the server (exact), asked for while the element shows them.
      await waitUntil(() => c.$tagCounts.get().size > 0, 'tag counts');
      await el.updateComplete;
      const counts = c.$tagCounts.get();
      expect(options(el).length).to.equal(tagsById.size);
      // content-visibility decides which rows are in view at the next frame.
      await nextFrame();
      await nextFrame();
      const listBox = q(el, '[role="listbox"]')!.getBoundingClientRect();
      let laidOut = 0;
      for (const o of options(el)) {
        const tag = tagsById.get(o.dataset['id']!)!;
        const chip = o.querySelector<HTMLElement>('.chip')!;
        const count = o.querySelector<HTMLElement>('.count')!;
        expect(hex(getComputedStyle(chip).backgroundColor)).to.equal(tag.color.toLowerCase());
        expect(chip.textContent!.trim()).to.equal(tag.name);
        expect(Number(count.textContent)).to.equal(counts.get(tag.id) ?? 0);
        // The count sits at the right end of the row, after the name (rows scrolled out of the
        // list's view skip layout: content-visibility).
        const row = o.getBoundingClientRect();
        if (row.bottom > listBox.bottom) continue;
        const cr = count.getBoundingClientRect();
        expect(cr.left).to.be.greaterThan(chip.getBoundingClientRect().right);
        expect(row.right - cr.right).to.be.lessThan(16);
        laidOut++;
      }
      expect(laidOut).to.be.at.least(5);
      const shown = shownCounts(el);
      expect(shown).to.deep.equal([...shown].sort((a, b) => b - a));
      expect(new Set(shown).size).to.be.greaterThan(3);
      await expect(el).to.be.accessible();
    });

    it('T7: a selected tag moves to the top', async () => {
      const c = await start();
      const el = await mount(c);
      const fifth = ids(el)[4]!;
      const last = ids(el).at(-1)!;
      await click(el, option(el, fifth));
      expect(ids(el)[0]).to.equal(fifth);
      await click(el, option(el, last));
      expect(ids(el).slice(0, 2)).to.deep.equal([fifth, last]);
      // The others keep their order by count.
      const rest = shownCounts(el).slice(2);
      expect(rest).to.deep.equal([...rest].sort((a, b) => b - a));
      await expect(el).to.be.accessible();
    });

    it("T7: counts follow the client's dialogs live (tags changed, other filters changed)", async () => {
      const c = await start();
      const el = await mount(c);
      const countOf = (id: Id) => Number(option(el, id).querySelector('.count')!.textContent);
      const target = 'tag-callback';
      await waitUntil(() => c.$tagCounts.get().size > 0, 'tag counts');
      await el.updateComplete;
      const before = countOf(target);
      // A client seen in the list without that tag gets it.
      const dlg = c.$list.get().find(
        (d) =>
          d.clientId &&
          !c.$clients
            .get()
            .get(d.clientId)!
            .tags.some((t) => t.tagId === target),
      )!;
      const cl = c.$clients.get().get(dlg.clientId!)!;
      // All of the client's dialogs in storage count, loaded or not (the seed is the storage here).
      const dialogsOfClient = createSeed({ now: NOW, dialogs: 120, messagesPerDialog: [2, 4] }).dialogs.filter((d) => d.clientId === cl.id).length;
      await c.setClientTags(cl.id, [...cl.tags, { tagId: target, pinned: false }]);
      await waitUntil(async () => (await el.updateComplete) && countOf(target) === before + dialogsOfClient, `count of ${target} moves by the client's ${dialogsOfClient} dialogs`);

      // Another part of the query (status) changes the dialogs counted.
      await c.setQuery({ status: 'closed' });
      await c.listSettled();
      // The whole answer loaded, to count it here.
      await c.loadDialogsUntil(10_000);
      await el.updateComplete;
      const counts = c.$tagCounts.get();
      for (const o of options(el)) expect(Number(o.querySelector('.count')!.textContent)).to.equal(counts.get(o.dataset['id']!) ?? 0);
      const closed = c.$list.get().filter(
        (d) =>
          d.clientId &&
          c.$clients
            .get()
            .get(d.clientId)!
            .tags.some((t) => t.tagId === 'tag-new'),
      ).length;
      expect(countOf('tag-new')).to.equal(closed);
      await expect(el).to.be.accessible();
    });

    it('T7: text on light and dark tag colours keeps WCAG AA contrast (≥ 4.5)', async () => {
      const c = await start();
      const palette = [
        '#ffffff',
        '#000000',
        '#fde68a',
        '#1e3a8a',
        '#22c55e',
        '#ff0000',
        '#0000ff',
        '#ffff00',
        '#7c3aed',
        '#0ea5e9',
        '#f97316',
        '#808080',
        '#14b8a6',
        '#e11d48',
        '#777777',
        '#767676',
        '#d9480f',
        '#e0301e',
        '#1c7ed6',
      ];
      const userTags: Tag[] = palette.map((color, i) => ({ id: `p${i}`, name: `Colour ${color}`, color }));
      for (const theme of ['light', 'dark'] as const) {
        const wrap = await fixture<HTMLElement>(html`<chat-provider .client=${c} theme=${theme} locale="en">
          <tag-filter></tag-filter>
          <tag-filter .tags=${userTags}></tag-filter>
        </chat-provider>`);
        const els = [...wrap.querySelectorAll('tag-filter')];
        await Promise.all(els.map((e) => e.updateComplete));
        let checked = 0;
        for (const el of els) {
          for (const chip of root(el).querySelectorAll<HTMLElement>('.chip')) {
            const cs = getComputedStyle(chip);
            const ratio = contrastRatio(hex(cs.color), hex(cs.backgroundColor));
            expect(ratio, `${chip.textContent} (${cs.color} on ${cs.backgroundColor}, ${theme})`).to.be.at.least(4.5);
            checked++;
          }
        }
        expect(checked).to.equal(c.$tags.get().length + palette.length);
        // Both text colours are in use.
        const classes = els.flatMap((el) => [...root(el).querySelectorAll('.chip')].map((x) => x.className));
        expect(classes.some((x) => x.includes('on-dark'))).to.equal(true);
        expect(classes.some((x) => x.includes('on-light'))).to.equal(true);
        await expect(els[0]!).to.be.accessible();
      }
    });
  });

  describe('T8 AND', () => {
    it('T8: selected tags combine with AND, stated in the UI and in the emitted value', async () => {
      const c = await start();
      const el = await mount(c);
      expect(q(el, '.hint')!.textContent).to.contain('combine with AND');
      expect(q(el, '[role="listbox"]')!.getAttribute('aria-describedby')).to.equal('hint');
      const rec = recordChanges();
      await click(el, option(el, 'tag-vip'));
      await click(el, option(el, 'tag-urgent'));
      rec.stop();
      expect(rec.values.at(-1)).to.deep.equal({ mode: 'list', tags: ['tag-vip', 'tag-urgent'], pinned: false });
      expect(summary(el)).to.equal('2 tags selected: dialogs with VIP and Envío urgente');
      expect(q(el, '.hint')!.textContent).to.contain('AND');
      await c.listSettled();
      const list = c.$list.get();
      expect(list.map((d) => d.id)).to.include(SEED_IDS.waitingDialog);
      for (const d of list) {
        const tags = c.$clients
          .get()
          .get(d.clientId!)!
          .tags.map((t) => t.tagId);
        expect(tags).to.include.members(['tag-vip', 'tag-urgent']);
      }
      await expect(el).to.be.accessible();
    });
  });

  describe('value and event', () => {
    it('fires tag-filter-change (bubbling, composed) with the value; the host can restore a value', async () => {
      const c = await start();
      const el = await mount(c, { autoApply: false });
      const ev = oneEvent(document, 'tag-filter-change');
      await click(el, option(el, 'tag-b2b'));
      const e = (await ev) as CustomEvent<{ value: TagFilterValue }>;
      expect(e.bubbles).to.equal(true);
      expect(e.composed).to.equal(true);
      expect(e.detail).to.deep.equal({ value: { mode: 'list', tags: ['tag-b2b'], pinned: false } });
      // Without auto-apply, the client's query is the host's business.
      expect(c.$query.get().tags).to.deep.equal(ALL_TAGS);

      const rec = recordChanges();
      el.value = { mode: 'list', tags: ['tag-wholesale', 'tag-vip'], pinned: true };
      await el.updateComplete;
      rec.stop();
      expect(rec.values).to.have.length(0);
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('true');
      expect(pinnedSwitch(el).getAttribute('aria-checked')).to.equal('true');
      expect(
        options(el)
          .filter((o) => o.getAttribute('aria-selected') === 'true')
          .map((o) => o.dataset['id']),
      ).to.deep.equal(['tag-wholesale', 'tag-vip']);

      el.value = { mode: 'none', tags: [], pinned: false };
      await el.updateComplete;
      expect(radio(el, 'none').getAttribute('aria-checked')).to.equal('true');
      expect(q(el, '[role="listbox"]')!.getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it("auto-apply starts from the client's query and follows it; changes go to client.setQuery", async () => {
      const c = await start();
      c.setQuery({ tags: { mode: 'list', tags: ['tag-new'], pinned: false } });
      const el = await mount(c);
      expect(el.value).to.deep.equal({ mode: 'list', tags: ['tag-new'], pinned: false });
      expect(ids(el)[0]).to.equal('tag-new');
      c.setQuery({ tags: { mode: 'none', tags: [], pinned: false } });
      await el.updateComplete;
      expect(radio(el, 'none').getAttribute('aria-checked')).to.equal('true');
      await click(el, radio(el, 'all'));
      await click(el, pinnedSwitch(el));
      expect(c.$query.get().tags).to.deep.equal({ mode: 'all', tags: [], pinned: true });
    });

    it("auto-apply: a value the host sets wins over the client's query and is applied to it", async () => {
      const c = await start();
      c.setQuery({ tags: { mode: 'list', tags: ['tag-new'], pinned: false } });
      const hostValue: TagFilterValue = { mode: 'list', tags: ['tag-vip'], pinned: true };
      const el = await fixture<TagFilter>(html`<tag-filter .client=${c} auto-apply locale="en" .value=${hostValue}></tag-filter>`);
      await el.updateComplete;
      expect(el.value).to.deep.equal(hostValue);
      expect(c.$query.get().tags).to.deep.equal(hostValue);
      expect(
        options(el)
          .filter((o) => o.getAttribute('aria-selected') === 'true')
          .map((o) => o.dataset['id']),
      ).to.deep.equal(['tag-vip']);
      expect(pinnedSwitch(el).getAttribute('aria-checked')).to.equal('true');

      // Set again later: applied again.
      el.value = { mode: 'none', tags: [], pinned: false };
      await el.updateComplete;
      expect(c.$query.get().tags).to.deep.equal({ mode: 'none', tags: [], pinned: false });
      expect(radio(el, 'none').getAttribute('aria-checked')).to.equal('true');

      // The query changed elsewhere (the list's panel): still followed.
      c.setQuery({ tags: { mode: 'list', tags: ['tag-b2b'], pinned: false } });
      await el.updateComplete;
      expect(el.value).to.deep.equal({ mode: 'list', tags: ['tag-b2b'], pinned: false });
      await expect(el).to.be.accessible();
    });

    it("turning auto-apply on keeps the value the host set and applies it (the client's query does not overwrite it)", async () => {
      const c = await start();
      c.setQuery({ tags: { mode: 'list', tags: ['tag-new'], pinned: false } });
      const el = await mount(c, { autoApply: false });
      el.value = { mode: 'list', tags: ['tag-wholesale'], pinned: false };
      await el.updateComplete;
      expect(c.$query.get().tags).to.deep.equal({ mode: 'list', tags: ['tag-new'], pinned: false });
      el.autoApply = true;
      await el.updateComplete;
      expect(el.value).to.deep.equal({ mode: 'list', tags: ['tag-wholesale'], pinned: false });
      expect(c.$query.get().tags).to.deep.equal({ mode: 'list', tags: ['tag-wholesale'], pinned: false });
      expect(ids(el)[0]).to.equal('tag-wholesale');
      await expect(el).to.be.accessible();
    });

    it('a value set before the element is defined wins too', async () => {
      const c = await start();
      c.setQuery({ tags: { mode: 'none', tags: [], pinned: false } });
      const wrap = document.createElement('div');
      const early = document.createElement('tag-filter-early') as TagFilter;
      early.value = { mode: 'list', tags: ['tag-vip'], pinned: false };
      early.client = c;
      early.setAttribute('auto-apply', '');
      wrap.append(early);
      document.body.append(wrap);
      customElements.define('tag-filter-early', class extends TagFilter {});
      try {
        await early.updateComplete;
        expect(early.value).to.deep.equal({ mode: 'list', tags: ['tag-vip'], pinned: false });
        expect(c.$query.get().tags).to.deep.equal({ mode: 'list', tags: ['tag-vip'], pinned: false });
      } finally {
        wrap.remove();
      }
    });

    it('works inside <chat-provider> as a host would embed it (client from context, host applies the event)', async () => {
      const c = await start();
      const wrap = await fixture<HTMLElement>(html`<chat-provider .client=${c} locale="en">
        <tag-filter @tag-filter-change=${(e: CustomEvent<{ value: TagFilterValue }>) => c.setQuery({ tags: e.detail.value })}></tag-filter>
      </chat-provider>`);
      const el = wrap.querySelector('tag-filter')!;
      await el.updateComplete;
      expect(el.client).to.equal(c);
      await click(el, option(el, 'tag-vip'));
      await click(el, option(el, 'tag-new'));
      expect(c.$query.get().tags).to.deep.equal({ mode: 'list', tags: ['tag-vip', 'tag-new'], pinned: false });
      await expect(el).to.be.accessible();
    });
  });

  describe("inside <dialog-list>'s filter panel", () => {
    async function panelFilter(c: ChatClient): Promise<{ list: HTMLElement & { updateComplete: Promise<boolean> }; el: TagFilter }> {
      const list = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`<dialog-list .client=${c} locale="en" style="display: block; block-size: 640px"></dialog-list>`);
      await list.updateComplete;
      list.shadowRoot!.querySelector<HTMLElement>('[part~="filter-button"]')!.click();
      await list.updateComplete;
      // The panel's content (and the tag-filter in it) is loaded on first open (issue 17).
      await waitUntil(() => list.shadowRoot!.querySelector('tag-filter'), "the filter panel's content arrives");
      const el = list.shadowRoot!.querySelector('tag-filter')!;
      await el.updateComplete;
      return { list, el };
    }

    it("T2-T8 in the panel: modes, AND of tags, pinned, counts and order follow the list's query", async () => {
      const c = await start();
      const { list, el } = await panelFilter(c);
      // T2
      expect(radio(el, 'all').getAttribute('aria-checked')).to.equal('true');
      // T7: counts from the SDK, largest first.
      const counts = c.$tagCounts.get();
      ids(el).forEach((id, i) => expect(shownCounts(el)[i]).to.equal(counts.get(id) ?? 0));
      expect(shownCounts(el)).to.deep.equal([...shownCounts(el)].sort((a, b) => b - a));
      await expect(el).to.be.accessible();
      // T4, T8: two tags, applied by the list to the client's query.
      await click(el, option(el, 'tag-vip'));
      await click(el, option(el, 'tag-urgent'));
      expect(c.$query.get().tags).to.deep.equal({ mode: 'list', tags: ['tag-vip', 'tag-urgent'], pinned: false });
      expect(ids(el).slice(0, 2)).to.deep.equal(['tag-vip', 'tag-urgent']);
      await c.listSettled();
      expect(c.$list.get().map((d) => d.id)).to.include(SEED_IDS.waitingDialog);
      for (const d of c.$list.get())
        expect(
          c.$clients
            .get()
            .get(d.clientId!)!
            .tags.map((t) => t.tagId),
        ).to.include.members(['tag-vip', 'tag-urgent']);
      // T5
      searchInput(el).focus();
      await sendKeys({ type: 'envio' });
      await el.updateComplete;
      expect(names(el)).to.deep.equal(['Envío urgente']);
      expect(focused(el)).to.equal(searchInput(el));
      searchInput(el).select();
      await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
      // T6: pinned: the list applies it at once, so the counts are pinned counts.
      await click(el, radio(el, 'all'));
      await click(el, pinnedSwitch(el));
      expect(c.$query.get().tags).to.deep.equal({ mode: 'all', tags: [], pinned: true });
      const pinned = c.$tagCounts.get();
      expect(ids(el).sort()).to.deep.equal(
        [...pinned.entries()]
          .filter(([, n]) => n > 0)
          .map(([id]) => id)
          .sort(),
      );
      // T3
      await click(el, radio(el, 'none'));
      expect(c.$query.get().tags).to.deep.equal({ mode: 'none', tags: [], pinned: false });
      expect(q(el, '[role="listbox"]')!.getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
      // "From the list" unlocks the list and stays chosen while the list binds the value back.
      await click(el, radio(el, 'list'));
      await list.updateComplete;
      await el.updateComplete;
      expect(c.$query.get().tags).to.deep.equal({ mode: 'all', tags: [], pinned: false });
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('true');
      expect(q(el, '.hint')!.textContent).to.contain('Pick one or more tags');
    });

    it('T1 in the panel: without tags, the tag section is not shown', async () => {
      const c = await start(noTags);
      const { el } = await panelFilter(c);
      expect(el.hasAttribute('empty')).to.equal(true);
      expect(el.getBoundingClientRect().height).to.equal(0);
    });
  });

  describe('keyboard and screen readers', () => {
    it('one tab stop per group: modes, search, pinned switch, tag list', async () => {
      const c = await start();
      const wrap = await fixture<HTMLElement>(html`<div>
        <button id="before">before</button>
        <tag-filter .client=${c} auto-apply></tag-filter>
        <button id="after">after</button>
      </div>`);
      const el = wrap.querySelector('tag-filter')!;
      await el.updateComplete;
      wrap.querySelector<HTMLButtonElement>('#before')!.focus();
      const stops: string[] = [];
      for (let i = 0; i < 5; i++) {
        await sendKeys({ press: 'Tab' });
        const a = document.activeElement === el ? focused(el) : (document.activeElement as HTMLElement);
        stops.push(a?.getAttribute('role') || a?.id || a?.tagName || '');
      }
      expect(stops).to.deep.equal(['radio', 'INPUT', 'switch', 'option', 'after']);
    });

    it('arrows move within the modes and the list; Space toggles; the selected count is announced', async () => {
      const c = await start();
      const el = await mount(c);
      // Modes: arrows move and choose.
      radio(el, 'all').focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(focused(el)).to.equal(radio(el, 'none'));
      expect(el.value.mode).to.equal('none');
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(focused(el)).to.equal(radio(el, 'list'));
      expect(radio(el, 'list').getAttribute('aria-checked')).to.equal('true');

      // List: one option holds the tab stop; arrows move focus.
      const first = options(el)[0]!;
      expect(options(el).filter((o) => o.tabIndex === 0)).to.deep.equal([first]);
      first.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      const third = options(el)[2]!;
      expect(focused(el)).to.equal(third);
      expect(options(el).filter((o) => o.tabIndex === 0)).to.deep.equal([third]);
      const thirdId = third.dataset['id']!;

      // Space toggles; the tag moves to the top and keeps focus; the count is announced.
      await sendKeys({ press: ' ' });
      await el.updateComplete;
      expect(el.value).to.deep.equal({ mode: 'list', tags: [thirdId], pinned: false });
      expect(ids(el)[0]).to.equal(thirdId);
      expect(focused(el)?.dataset['id']).to.equal(thirdId);
      const status = q(el, '.summary')!;
      expect(status.getAttribute('role')).to.equal('status');
      expect(status.textContent).to.contain('1 tag selected');

      await sendKeys({ press: 'End' });
      await sendKeys({ press: ' ' });
      await el.updateComplete;
      expect(el.value.tags).to.have.length(2);
      expect(status.textContent).to.contain('2 tags selected');
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(focused(el)?.dataset['id']).to.equal(thirdId);
      await sendKeys({ press: ' ' });
      await el.updateComplete;
      expect(el.value.tags).to.have.length(1);
      expect(status.textContent).to.contain('1 tag selected');

      // Arrow Down in the search field enters the list.
      searchInput(el).focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)?.getAttribute('role')).to.equal('option');
      await expect(el).to.be.accessible();
    });
  });

  describe('scale, locales, theme', () => {
    const bigTags: Tag[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `t${i}`,
      name: `${['Envío', 'Cliente', 'Доставка', 'Promo', 'Order'][i % 5]} ${i}`,
      color: ['#22c55e', '#1e3a8a', '#fde68a', '#b91c1c'][i % 4]!,
    }));
    const bigCounts = new Map(bigTags.map((t, i) => [t.id, (i * 7919) % 400]));

    it('2,000 tags: renders one page of rows; "Show more", scrolling and arrows reach the rest; search covers all', async () => {
      const el = await fixture<TagFilter>(html`<tag-filter .tags=${bigTags} .counts=${bigCounts} locale="en"></tag-filter>`);
      expect(el.pageSize).to.equal(30);
      expect(options(el)).to.have.length(30);
      expect(q(el, '.more')!.textContent).to.contain('30 of 2,000');
      await click(el, q(el, '[part="show-more"]')!);
      expect(options(el)).to.have.length(60);
      const shown = shownCounts(el);
      expect(shown).to.deep.equal([...shown].sort((a, b) => b - a));
      // Arrow Down past the last rendered row renders the next page.
      options(el).at(-1)!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      await el.updateComplete;
      expect(options(el)).to.have.length(90);
      expect(focused(el)).to.equal(options(el)[60]);
      // Scrolling to the end of the list renders the next page.
      const list = q(el, '[role="listbox"]')!;
      list.scrollTop = list.scrollHeight;
      await oneEvent(list, 'scroll');
      await el.updateComplete;
      expect(options(el)).to.have.length(120);
      // Search runs over every tag, not only the rendered ones.
      searchInput(el).focus();
      await sendKeys({ type: 'envio 1999' });
      await el.updateComplete;
      expect(names(el)).to.deep.equal([]);
      searchInput(el).select();
      await sendKeys({ type: 'envio 1995' });
      await el.updateComplete;
      expect(names(el)).to.deep.equal(['Envío 1995']);
      await expect(el).to.be.accessible();
    });

    it('is localized (es, ru)', async () => {
      await Promise.all([loadLocale('es'), loadLocale('ru')]); // the shipped languages are lazy chunks
      const c = await start();
      const es = await mount(c, { locale: 'es' });
      expect(radio(es, 'none').textContent!.trim()).to.equal('Sin etiquetas');
      expect(searchInput(es).getAttribute('aria-label')).to.equal('Buscar etiquetas');
      await click(es, option(es, 'tag-vip'));
      await click(es, option(es, 'tag-new'));
      expect(summary(es)).to.equal('2 etiquetas elegidas: diálogos con VIP y New');
      await expect(es).to.be.accessible();

      const ru = await fixture<TagFilter>(html`<tag-filter .tags=${c.$tags.get()} .counts=${c.$tagCounts.get()} locale="ru"></tag-filter>`);
      expect(radio(ru, 'list').textContent!.trim()).to.equal('Из списка');
      ru.value = { mode: 'list', tags: ['tag-vip', 'tag-new', 'tag-b2b', 'tag-opt', 'tag-loyal'], pinned: false };
      await ru.updateComplete;
      expect(summary(ru)).to.match(/^Выбрано 5 тегов: диалоги с VIP, New, B2B, Оптовик и Cliente fiel$/);
      expect(options(ru)[0]!.getAttribute('aria-label')).to.match(/^VIP, \d+ диалог(а|ов)?$/);
      await expect(ru).to.be.accessible();
    });

    it('T7, L6: counts flagged as lower bounds show as "N+" and read "N dialogs at least" (en, es, ru; the visible count leads the name)', async () => {
      await Promise.all([loadLocale('es'), loadLocale('ru')]);
      const c = await start();
      const tags = c.$tags.get();
      const counts = new Map(tags.map((t, i) => [t.id, i === 0 ? 1000 : i === 1 ? 1 : 7]));
      const [first, second] = [tags[0]!, tags[1]!];
      const el = await fixture<TagFilter>(html`<tag-filter .tags=${tags} .counts=${counts} .countsAtLeast=${true} locale="en"></tag-filter>`);
      const countText = (e: TagFilter, id: Id) => option(e, id).querySelector('.count')!.textContent!.trim();
      expect(countText(el, first.id)).to.equal('1,000+');
      expect(option(el, first.id).getAttribute('aria-label')).to.equal(`${first.name}, 1,000 dialogs at least`);
      expect(option(el, second.id).getAttribute('aria-label')).to.equal(`${second.name}, 1 dialog at least`);
      await expect(el).to.be.accessible();
      // Exact again: plain numbers.
      el.countsAtLeast = false;
      await el.updateComplete;
      expect(countText(el, first.id)).to.equal('1,000');
      expect(option(el, first.id).getAttribute('aria-label')).to.equal(`${first.name}, 1,000 dialogs`);

      const es = await fixture<TagFilter>(html`<tag-filter .tags=${tags} .counts=${counts} .countsAtLeast=${true} locale="es"></tag-filter>`);
      expect(countText(es, first.id)).to.match(/^1\.?000\+$/);
      expect(option(es, first.id).getAttribute('aria-label')).to.match(new RegExp(`^${first.name}, 1\\.?000 diálogos como mínimo$`));
      expect(option(es, second.id).getAttribute('aria-label')).to.equal(`${second.name}, 1 diálogo como mínimo`);
      const ru = await fixture<TagFilter>(html`<tag-filter .tags=${tags} .counts=${counts} .countsAtLeast=${true} locale="ru"></tag-filter>`);
      expect(countText(ru, first.id)).to.match(/^1\s000\+$/u);
      expect(option(ru, first.id).getAttribute('aria-label')).to.match(new RegExp(`^${first.name}, 1\\s000 диалогов как минимум$`, 'u'));
      await expect(ru).to.be.accessible();
    });

    it('T7, L6: with a client, a common word past the counting cap shows its counts as lower bounds; clearing the search makes them exact', async () => {
      backend = await createInProcessBackend(() => createSeed({ now: NOW, dialogs: 1300, seed: 11, messagesPerDialog: [1, 2] }), { delayFactor: 0, now: () => NOW });
      client = createChatClient({ transport: backend.transport(SEED_IDS.admin), now: () => NOW });
      await client.start();
      const c = client;
      const el = await mount(c, { autoApply: false });
      await c.setQuery({ search: 'a', status: 'all' });
      await waitUntil(async () => (await el.updateComplete) && c.$tagCountsAtLeast.get() && options(el).length > 0, 'the lower bounds arrive');
      const first = options(el)[0]!;
      expect(first.querySelector('.count')!.textContent!.trim()).to.match(/^[\d,]+\+$/);
      expect(first.getAttribute('aria-label')).to.match(/, [\d,]+ dialogs? at least$/);
      await c.setQuery({ search: '' });
      await waitUntil(async () => (await el.updateComplete) && !c.$tagCountsAtLeast.get() && !options(el)[0]!.querySelector('.count')!.textContent!.includes('+'), 'exact counts again');
      expect(options(el)[0]!.getAttribute('aria-label')).not.to.contain('at least');
    });

    it('dark theme through <chat-provider> is accessible', async () => {
      const c = await start();
      const wrap = await fixture<HTMLElement>(html`<chat-provider .client=${c} theme="dark" locale="en">
        <tag-filter auto-apply></tag-filter>
      </chat-provider>`);
      const el = wrap.querySelector('tag-filter')!;
      await el.updateComplete;
      await click(el, option(el, 'tag-vip'));
      expect(getComputedStyle(q(el, '[role="listbox"]')!).backgroundColor).to.equal('rgb(21, 24, 29)');
      await expect(el).to.be.accessible();
      await click(el, radio(el, 'none'));
      await expect(el).to.be.accessible();
    });
  });
});
