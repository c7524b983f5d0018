import type { Locale } from '../i18n.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/define/dialog-list.js';
import '../../src/define/chat-unread-badge.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Dialog, Id } from '../../sdk/model.js';
import { compareByActivity, isOverdue, isWaiting } from '../../sdk/rules/query.js';
import { pinnedTags } from '../../sdk/rules/tags.js';
import { countUnreadDialogs, isUnread } from '../../sdk/rules/unread.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { SeedData } from '../../server/core/storage.js';
import type { ChatUnreadBadge } from '../unread-badge/unread-badge.js';
import type { DialogList, DialogsDeleteDetail } from './dialog-list.js';
import { loadLocale } from '../i18n.js';

/** The demo data, made once (the memory storage copies it). */
const NOW = Date.now();
const SEED = createSeed({ now: NOW });

interface Setup {
  backend: InProcessBackend;
  client: ChatClient;
  el: DialogList;
  root: ShadowRoot;
}

let current: Setup | undefined;

/** Lit's development warnings (an update scheduled during an update, ...) fail the test. */
const litWarnings: string[] = [];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const msg = args.map(String).join(' ');
  if (/lit\.dev\/msg\//.test(msg) && !/dev-mode/.test(msg)) litWarnings.push(msg);
  warn(...args);
};

async function setup(opts: { operator?: Id; seed?: (d: SeedData) => SeedData; locale?: Locale; badge?: boolean } = {}): Promise<Setup & { badge?: ChatUnreadBadge }> {
  const backend = await createInProcessBackend(() => (opts.seed ? opts.seed(SEED) : SEED), { delayFactor: 0 });
  const client = createChatClient({ transport: backend.transport(opts.operator ?? SEED_IDS.admin) });
  await client.start();
  const wrap = await fixture<HTMLElement>(html`<div style="display: flex; flex-direction: column; width: 380px; height: 640px">
    ${opts.badge ? html`<chat-unread-badge .client=${client}></chat-unread-badge>` : ''}
    <dialog-list .client=${client} locale=${opts.locale ?? 'en'}></dialog-list>
  </div>`);
  const el = wrap.querySelector('dialog-list')!;
  await el.updateComplete;
  await waitUntil(() => rows(el).length > 0 || el.shadowRoot!.querySelector('[part~="empty"]'), 'list rendered');
  await settle(el);
  current = { backend, client, el, root: el.shadowRoot! };
  return { ...current, badge: wrap.querySelector('chat-unread-badge') ?? undefined };
}

afterEach(async () => {
  const warnings = litWarnings.splice(0);
  expect(warnings, 'Lit warnings').to.deep.equal([]);
  await resetMouse();
  current?.client.stop();
  current?.backend.core.dispose();
  current = undefined;
});

function rows(el: DialogList): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

function row(el: DialogList, id: Id): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[role="option"][data-id="${id}"]`);
}

/** Rendered rows in list order (by position). */
function orderedIds(el: DialogList): Id[] {
  return rows(el)
    .sort((a, b) => Number(a.dataset['index']) - Number(b.dataset['index']))
    .map((r) => r.dataset['id']!);
}

async function settle(el: DialogList): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
}

function viewport(el: DialogList): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('.viewport')!;
}

/** Scrolls the list so the row of `id` is rendered; returns it. */
async function reveal(el: DialogList, client: ChatClient, id: Id): Promise<HTMLElement> {
  const index = client.$list.get().findIndex((d) => d.id === id);
  expect(index, `${id} is in the list`).to.be.greaterThan(-1);
  const h = rows(el)[0]!.offsetHeight;
  const vp = viewport(el);
  vp.scrollTop = index * h;
  vp.dispatchEvent(new Event('scroll'));
  await settle(el);
  const r = row(el, id);
  expect(r, `row ${id} rendered`).not.to.equal(null);
  return r!;
}

function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
/** What a row part says to assistive technology: its name (an image's `aria-label`, spoken instead of its text). */
function spoken(node: Element | null | undefined): string {
  return node?.getAttribute('role') === 'img' ? (node.getAttribute('aria-label') ?? '') : '';
}

function button(el: DialogList, selector: string): HTMLButtonElement {
  const b = el.shadowRoot!.querySelector<HTMLButtonElement>(selector);
  expect(b, selector).not.to.equal(null);
  return b!;
}

async function openPanel(el: DialogList): Promise<HTMLElement> {
  button(el, '.filter-button').click();
  await settle(el);
  // The panel's <tag-filter> is registered the first time a panel opens (a lazy chunk).
  await customElements.whenDefined('tag-filter');
  const panel = el.shadowRoot!.querySelector<HTMLElement>('#filter-panel')!;
  await (panel.querySelector('tag-filter') as (HTMLElement & { updateComplete?: Promise<unknown> }) | null)?.updateComplete;
  return panel;
}

function center(node: Element): [number, number] {
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

/** D2: opens the Actions menu (its chunk loads the first time: waits for the items). */
async function openActions(el: DialogList): Promise<void> {
  button(el, '[part="actions-button"]').click();
  await waitUntil(() => el.shadowRoot!.querySelector('[role="menuitem"]'), 'the Actions menu (a chunk of its own) opened');
  await settle(el);
}

/** D1-D2: selects the first `n` rows and chooses "Actions → Delete"; answers their ids (the confirmation is open). */
async function askToDelete(el: DialogList, n: number): Promise<Id[]> {
  const ids = rows(el)
    .slice(0, n)
    .map((r) => r.dataset['id']!);
  el.selection = ids;
  await settle(el);
  await openActions(el);
  button(el, '[data-action="delete"]').click();
  await settle(el);
  return ids;
}

describe('dialog-list', function () {
  this.timeout(60_000);

  it('L1/N2: every row shows its unread count, and the header badge counts the same unread dialogs', async () => {
    const { el, client, badge } = await setup({ badge: true });
    const reads = client.$readStates.get();
    const shown = rows(el);
    expect(shown.length).to.be.greaterThan(3);
    for (const r of shown) {
      const d = client.$dialogs.get().get(r.dataset['id']!)!;
      const expected = client.row(d).unread;
      const badgeEl = r.querySelector('.unread-count');
      if (expected > 0) {
        expect(text(badgeEl?.querySelector('[aria-hidden]'))).to.equal(String(expected));
        expect(spoken(badgeEl)).to.equal(expected === 1 ? '1 unread message' : `${expected} unread messages`);
      } else expect(badgeEl).to.equal(null);
    }
    // N2 counts every dialog in storage, loaded or not: a full scan of the seed (the admin sees all).
    const seedReads = new Map(SEED.readStates.filter((r) => r.operatorId === SEED_IDS.admin).map((r) => [r.dialogId, r]));
    const unreadInStorage = SEED.dialogs.filter((d) => isUnread(d, seedReads.get(d.id))).length;
    await badge!.updateComplete;
    expect(text(badge!.shadowRoot!.querySelector('[part="count"]'))).to.equal(String(unreadInStorage));
    // What the loaded rows say agrees with it (they are a part of the storage).
    expect(countUnreadDialogs(client.$dialogs.get().values(), reads)).to.be.at.most(unreadInStorage);

    // Opening an unread dialog reads it: the row's count and the badge move together.
    const target = shown.find((r) => r.querySelector('.unread-count'))!;
    const id = target.dataset['id']!;
    target.click();
    await waitUntil(() => !row(el, id)?.querySelector('.unread-count'), 'row count cleared');
    await badge!.updateComplete;
    expect(text(badge!.shadowRoot!.querySelector('[part="count"]'))).to.equal(String(unreadInStorage - 1));
    await expect(el).to.be.accessible();
  });

  it('L2: a row shows the messenger icon and the channel name configured in the integration', async () => {
    const { el, client } = await setup();
    const d = client.$list.get().find((x) => x.channelId === SEED_IDS.channels.telegram)!;
    const r = await reveal(el, client, d.id);
    expect(text(r.querySelector('.channel-name'))).to.equal('Telegram · Shop bot');
    expect(r.querySelector('.channel svg.channel-telegram')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('L3: a dialog handled by an operator no longer in the directory says "Former operator", as the chat window does', async () => {
    const gone = (d: SeedData): SeedData => ({
      ...d,
      dialogs: d.dialogs.map((x) => (x.id === SEED_IDS.waitingDialog ? { ...x, assignee: { kind: 'operator' as const, id: 'op-left-the-company' } } : x)),
    });
    const { el, client } = await setup({ seed: gone });
    const r = await reveal(el, client, SEED_IDS.waitingDialog);
    expect(text(r.querySelector('.assignee [aria-hidden]'))).to.equal('Former operator');
    await expect(el).to.be.accessible();
  });

  it('L3: the operator or bot handling it, and system events as the latest communication', async () => {
    const { el, client } = await setup();
    const maria = await reveal(el, client, SEED_IDS.waitingDialog);
    expect(text(maria.querySelector('.assignee [aria-hidden]'))).to.equal('María López');
    expect(spoken(maria.querySelector('.assignee'))).to.equal('Handled by María López');

    const bot = await reveal(el, client, SEED_IDS.botDialog);
    expect(text(bot.querySelector('.assignee'))).to.contain('Sales bot');
    expect(bot.querySelector('.bot-mark')).not.to.equal(null);

    // Closing a dialog makes "You closed the dialog" its latest communication.
    await client.close(SEED_IDS.freshWaitingDialog);
    const closed = await reveal(el, client, SEED_IDS.freshWaitingDialog);
    await waitUntil(() => text(row(el, SEED_IDS.freshWaitingDialog)?.querySelector('.preview')) === 'You closed the dialog', 'event preview');
    expect(closed.querySelector('.preview.event')).not.to.equal(null);
    expect(text(row(el, SEED_IDS.freshWaitingDialog)?.querySelector('.status-closed'))).to.equal('Closed');
    await expect(el).to.be.accessible();
  });

  it('L4: a draft shows as the latest communication, marked as a draft', async () => {
    const { el, client } = await setup();
    client.setDraft(SEED_IDS.waitingDialog, 'Le escribo   ahora\nmismo');
    const r = await reveal(el, client, SEED_IDS.waitingDialog);
    await waitUntil(() => row(el, SEED_IDS.waitingDialog)?.querySelector('.draft-label'), 'draft shown');
    expect(text(r.querySelector('.draft-label'))).to.equal('Draft:');
    expect(text(r.querySelector('.preview-text'))).to.equal('Le escribo ahora mismo');
    client.setDraft(SEED_IDS.waitingDialog, '');
    await waitUntil(() => !row(el, SEED_IDS.waitingDialog)?.querySelector('.draft-label'), 'draft gone');
    await expect(el).to.be.accessible();
  });

  it('L5: pinned tags show under the name, in their colours', async () => {
    const { el, client } = await setup();
    const tagsById = client.$tagsById.get();
    const d = client.$list.get().find((x) => x.clientId && pinnedTags(client.$clients.get().get(x.clientId), tagsById).length > 0)!;
    const expected = pinnedTags(client.$clients.get().get(d.clientId!), tagsById);
    const r = await reveal(el, client, d.id);
    const chips = [...r.querySelectorAll<HTMLElement>('.tags .tag:not(.more)')];
    expect(chips.map((c) => text(c))).to.deep.equal(expected.slice(0, 3).map((t) => t.name));
    const probe = document.createElement('span');
    probe.style.color = expected[0]!.color;
    document.body.append(probe);
    expect(getComputedStyle(chips[0]!).backgroundColor).to.equal(getComputedStyle(probe).color);
    probe.remove();
    // Unpinned tags are not shown.
    const unpinnedOnly = client.$list.get().find((x) => {
      const c = x.clientId ? client.$clients.get().get(x.clientId) : undefined;
      return c && c.tags.length > 0 && c.tags.every((t) => !t.pinned);
    });
    if (unpinnedOnly) {
      const r2 = await reveal(el, client, unpinnedOnly.id);
      expect(r2.querySelectorAll('.tag').length).to.equal(0);
    }
    await expect(el).to.be.accessible();
  });

  it('L6: the search box finds dialogs by client name or message text', async () => {
    const { el, client } = await setup();
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(input.getAttribute('aria-label')).to.equal('Search dialogs');
    const name = client.$clients.get().get(client.$dialogs.get().get(SEED_IDS.waitingDialog)!.clientId!)!.name;
    input.focus();
    await sendKeys({ type: name });
    await waitUntil(() => client.$query.get().search === name, 'query follows the box');
    await settle(el);
    expect(rows(el).length).to.be.greaterThan(0);
    for (const r of rows(el)) expect(text(r)).to.contain(name.split(' ')[0]);
    expect(rows(el).map((r) => r.dataset['id'])).to.include(SEED_IDS.waitingDialog);
    await expect(el).to.be.accessible();

    // Nothing found: said so, with a way back.
    input.select();
    await sendKeys({ type: 'zzqqxx no such text' });
    await waitUntil(() => el.shadowRoot!.querySelector('[data-action="empty-clear-search"]'), 'empty state');
    expect(text(el.shadowRoot!.querySelector('[part~="empty"]'))).to.contain('No dialogs match');
    await expect(el).to.be.accessible();
    button(el, '[data-action="empty-clear-search"]').click();
    await waitUntil(() => rows(el).length > 5, 'list back');
    expect(client.$query.get().search).to.equal('');
  });

  it('L6: a search matching more than 1,000 dialogs is announced as "At least 1,000 dialogs", and its rows say their set size is not known yet', async () => {
    const target = SEED.dialogs.find((d) => d.id === SEED_IDS.waitingDialog)!;
    const { el, client } = await setup({
      seed: (d) => ({ ...d, dialogs: [...d.dialogs, ...Array.from({ length: 1_100 }, (_, k) => ({ ...target, id: `${target.id}-also-${k}` }))] }),
    });
    const name = client.$clients.get().get(target.clientId!)!.name;
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.focus();
    await sendKeys({ type: name });
    await waitUntil(() => client.$query.get().search === name && client.$listState.get().totalAtLeast, 'the capped total arrives');
    await waitUntil(() => text(el.shadowRoot!.querySelector('[aria-live="polite"]')).startsWith('At least'), 'announced', { timeout: 5000 });
    expect(text(el.shadowRoot!.querySelector('[aria-live="polite"]'))).to.equal('At least 1,000 dialogs');
    await settle(el);
    expect(rows(el).length).to.be.greaterThan(5);
    for (const r of rows(el)) expect(r.getAttribute('aria-setsize'), `row ${r.dataset['id']}`).to.equal('-1');
    await expect(el).to.be.accessible();
  });

  it("L6: a search finds an older message (A, then B) and the row shows A's excerpt with the match marked; opening it names that message", async () => {
    const { el, client, backend } = await setup();
    const d = client.$list.get().find((x) => !client.$clients.get().get(x.clientId ?? '')?.blocked && x.clientId)!;
    const a = await backend.core.clientSend(d.id, 'Quisiera cambiar la dirección de envío al Ñandú-7744, por favor');
    await backend.core.clientSend(d.id, 'Gracias');
    await waitUntil(() => client.$dialogs.get().get(d.id)?.lastMessage?.text === 'Gracias', 'B is the last message');
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.focus();
    // Case and accents ignored.
    await sendKeys({ type: 'NANDU-7744' });
    await waitUntil(() => rows(el).length === 1 && row(el, d.id)?.querySelector('[part~="search-hit"]'), 'found by the older message');
    const hit = row(el, d.id)!.querySelector('[part~="search-hit"]')!;
    expect(text(hit.querySelector('.preview-text'))).to.equal('…dirección de envío al Ñandú-7744, por favor');
    expect(text(hit.querySelector('mark'))).to.equal('Ñandú-7744');
    expect(text(hit.querySelector('.visually-hidden'))).to.equal('Matching message:');
    expect(hit.getAttribute('data-message-id')).to.equal(a.id);
    await expect(el).to.be.accessible();
    // Opening it says which message the search matched.
    const selected = oneEvent(el, 'dialog-select');
    row(el, d.id)!.click();
    const { detail } = await selected;
    expect(detail).to.deep.equal({ dialogId: d.id, messageId: a.id });
    // A newer message that matches becomes the row's excerpt at once (the live event).
    const c = await backend.core.clientSend(d.id, 'Otra vez: ñandú-7744');
    await waitUntil(() => row(el, d.id)?.querySelector('[part~="search-hit"]')?.getAttribute('data-message-id') === c.id, 'newest match shown');
    expect(text(row(el, d.id)!.querySelector('mark'))).to.equal('ñandú-7744');
    await expect(el).to.be.accessible();
    // Without the search, the row shows the last message again.
    input.select();
    await sendKeys({ press: 'Backspace' });
    await waitUntil(() => client.$query.get().search === '' && !el.shadowRoot!.querySelector('[part~="search-hit"]'), 'search cleared');
  });

  it('rows never grow the page: long texts are cut with an ellipsis and kept whole for assistive technology', async () => {
    const { el, client } = await setup();
    const long = 'Muy largo '.repeat(150).trim();
    client.setDraft(SEED_IDS.waitingDialog, long);
    const r = await reveal(el, client, SEED_IDS.waitingDialog);
    await settle(el);
    const preview = r.querySelector<HTMLElement>('.preview-text')!;
    expect(getComputedStyle(preview).textOverflow).to.equal('ellipsis');
    expect(preview.scrollWidth).to.be.greaterThan(preview.clientWidth);
    expect(preview.textContent).to.equal(long);
    expect(r.offsetWidth).to.be.at.most(el.offsetWidth);
    expect(el.offsetWidth).to.equal(380);
    const name = r.querySelector<HTMLElement>('.name')!;
    expect(getComputedStyle(name).textOverflow).to.equal('ellipsis');
  });

  it('F1: the filter icon opens the sort and filter panel; Escape closes it and gives focus back', async () => {
    const { el } = await setup();
    const filter = button(el, '.filter-button');
    expect(filter.getAttribute('aria-label')).to.equal('Sort and filter');
    expect(filter.getAttribute('aria-expanded')).to.equal('false');
    const panel = await openPanel(el);
    expect(panel).not.to.equal(null);
    expect(filter.getAttribute('aria-expanded')).to.equal('true');
    expect(text(panel.querySelector('h2'))).to.equal('Sort and filter');
    expect([...panel.querySelectorAll('legend')].map((l) => text(l))).to.include.members(['Sort', 'Responsible operator', 'Channel', 'Status', 'Last message', 'Bots']);
    // Loaded on demand and upgraded in place: it shows the tags.
    const tags = panel.querySelector('tag-filter')!;
    expect(tags.shadowRoot, '<tag-filter> upgraded').not.to.equal(null);
    await waitUntil(() => tags.shadowRoot!.querySelectorAll('[role="option"]').length > 0, 'tag options shown');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(el.shadowRoot!.querySelector('#filter-panel')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(filter);
  });

  it('F2: processing order by default: waiting dialogs first with their wait, overdue ones marked', async () => {
    const { el, client } = await setup();
    expect(client.$query.get().sort).to.equal('processing');
    const list = client.$list.get();
    expect(orderedIds(el)).to.deep.equal(list.slice(0, orderedIds(el).length).map((d) => d.id));
    expect(isWaiting(list[0]!)).to.equal(true);
    const overdue = await reveal(el, client, SEED_IDS.waitingDialog);
    expect(overdue.classList.contains('overdue')).to.equal(true);
    expect(overdue.getAttribute('part')).to.contain('row-overdue');
    // The seed's dialog has waited 47 min at NOW; the test may run minutes later on a loaded machine.
    const overdueWait = /^Overdue: the client has waited (\d+) min, over the 15 min limit$/.exec(spoken(overdue.querySelector('.wait')));
    expect(overdueWait, 'overdue wait announced').not.to.equal(null);
    expect(Number(overdueWait![1])).to.be.at.least(47);
    const fresh = await reveal(el, client, SEED_IDS.freshWaitingDialog);
    expect(fresh.classList.contains('overdue')).to.equal(false);
    const freshWait = /^The client has waited (\d+) min of the 15 min limit$/.exec(spoken(fresh.querySelector('.wait')));
    expect(freshWait, 'fresh wait announced').not.to.equal(null);
    expect(Number(freshWait![1])).to.be.within(4, 14);
    expect(isOverdue(client.$dialogs.get().get(SEED_IDS.freshWaitingDialog)!, Date.now(), client.$settings.get())).to.equal(false);
    // Answered dialogs show their last activity time instead.
    const answered = list.find((d) => !isWaiting(d))!;
    const a = await reveal(el, client, answered.id);
    expect(a.querySelector('.wait')).to.equal(null);
    expect(a.querySelector('.time')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('F2: waits follow the clock: a waiting dialog turns overdue when the limit passes', async () => {
    const backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
    let clock = Date.now();
    const client = createChatClient({ transport: backend.transport(SEED_IDS.admin), now: () => clock });
    await client.start();
    current = { backend, client, el: undefined as unknown as DialogList, root: undefined as unknown as ShadowRoot };
    const wrap = await fixture<HTMLElement>(html`<div style="display: flex; flex-direction: column; height: 600px"><dialog-list .client=${client}></dialog-list></div>`);
    const el = wrap.querySelector('dialog-list')!;
    await settle(el);
    const r = await reveal(el, client, SEED_IDS.freshWaitingDialog);
    expect(r.classList.contains('overdue')).to.equal(false);
    const before = text(r.querySelector('.wait span[aria-hidden]'));
    clock += 20 * 60_000;
    // The list redraws its waits on a timer (every 15 s); one tick, without waiting for it:
    el.requestUpdate();
    await settle(el);
    const after = row(el, SEED_IDS.freshWaitingDialog)!;
    expect(after.classList.contains('overdue')).to.equal(true);
    expect(text(after.querySelector('.wait span[aria-hidden]'))).not.to.equal(before);
    const laterWait = /^Overdue: the client has waited (\d+) min, over the 15 min limit$/.exec(spoken(after.querySelector('.wait')));
    expect(laterWait, 'overdue wait announced').not.to.equal(null);
    expect(Number(laterWait![1])).to.be.at.least(24);
    await expect(el).to.be.accessible();
  });

  it('F2: without a time limit, processing order is shown unavailable with the reason, and last activity is used', async () => {
    const { el, client } = await setup({ seed: (d) => ({ ...d, settings: { responseTimeLimitMs: null } }) });
    const list = client.$list.get();
    expect([...list].sort(compareByActivity).map((d) => d.id)).to.deep.equal(list.map((d) => d.id));
    expect(el.shadowRoot!.querySelector('.wait')).to.equal(null);
    const panel = await openPanel(el);
    const processing = panel.querySelector<HTMLInputElement>('input[value="processing"]')!;
    const activity = panel.querySelector<HTMLInputElement>('input[value="activity"]')!;
    expect(processing.disabled).to.equal(true);
    expect(activity.checked).to.equal(true);
    const hint = panel.querySelector(`#${processing.getAttribute('aria-describedby')}`);
    expect(text(hint)).to.contain('no response-time limit is set');
    await expect(el).to.be.accessible();
  });

  it('F3: sorting by last activity', async () => {
    const { el, client } = await setup();
    const panel = await openPanel(el);
    panel.querySelector<HTMLInputElement>('input[value="activity"]')!.click();
    await settle(el);
    expect(client.$query.get().sort).to.equal('activity');
    const list = client.$list.get();
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.lastActivityAt).to.be.at.least(list[i]!.lastActivityAt);
    button(el, '[data-action="panel-done"]').click();
    await settle(el);
    expect(orderedIds(el)).to.deep.equal(list.slice(0, orderedIds(el).length).map((d) => d.id));
    expect(el.shadowRoot!.querySelector('.row .wait')).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('.row .time').length).to.equal(rows(el).length);
    await expect(el).to.be.accessible();
  });

  it('F5: filter by responsible operator, shown as a chip and removable', async () => {
    const { el, client } = await setup();
    const panel = await openPanel(el);
    const maria = panel.querySelector<HTMLInputElement>(`[data-group="operators"] input[value="${SEED_IDS.maria}"]`)!;
    maria.click();
    await settle(el);
    expect(client.$query.get().operators).to.deep.equal([SEED_IDS.maria]);
    expect(text(button(el, '[data-action="panel-done"]'))).to.equal(`Show ${client.$list.get().length} dialogs`);
    button(el, '[data-action="panel-done"]').click();
    await settle(el);
    for (const r of rows(el)) expect(text(r.querySelector('.assignee [aria-hidden]'))).to.equal('María López');
    const chip = button(el, '[data-chip="op:op-maria"]');
    expect(chip.getAttribute('aria-label')).to.equal('Remove filter: Operator: María López');
    expect(button(el, '.filter-button').getAttribute('aria-label')).to.equal('Sort and filter: 1 filter active');
    await expect(el).to.be.accessible();
    chip.click();
    await settle(el);
    expect(client.$query.get().operators).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part="active-filters"]')).to.equal(null);
  });

  it('F5: filter by channel', async () => {
    const { el, client } = await setup();
    const panel = await openPanel(el);
    panel.querySelector<HTMLInputElement>(`[data-group="channels"] input[value="${SEED_IDS.channels.whatsapp}"]`)!.click();
    await settle(el);
    expect(client.$list.get().every((d) => d.channelId === SEED_IDS.channels.whatsapp)).to.equal(true);
    button(el, '[data-action="close-panel"]').click();
    await settle(el);
    for (const r of rows(el)) expect(text(r.querySelector('.channel-name'))).to.equal('WhatsApp Business');
    expect(text(el.shadowRoot!.querySelector('[data-chip]'))).to.equal('Channel: WhatsApp Business');
    await expect(el).to.be.accessible();
  });

  it('F5: filter by client tags through the embedded <tag-filter>', async () => {
    const { el, client } = await setup();
    const panel = await openPanel(el);
    const tf = panel.querySelector('tag-filter') as HTMLElement & { value: unknown };
    expect(tf.value).to.deep.equal(client.$query.get().tags);
    tf.dispatchEvent(new CustomEvent('tag-filter-change', { detail: { value: { mode: 'list', tags: ['tag-vip'], pinned: false } }, bubbles: true, composed: true }));
    await settle(el);
    expect(client.$query.get().tags).to.deep.equal({ mode: 'list', tags: ['tag-vip'], pinned: false });
    expect(tf.value).to.deep.equal(client.$query.get().tags);
    const clients = client.$clients.get();
    expect(client.$list.get().length).to.be.greaterThan(0);
    expect(client.$list.get().every((d) => clients.get(d.clientId ?? '')?.tags.some((t) => t.tagId === 'tag-vip'))).to.equal(true);
    expect(el.shadowRoot!.querySelector('[data-chip="tags:list"]')).not.to.equal(null);
    expect(text(el.shadowRoot!.querySelector('[data-chip="tags:list"]'))).to.equal('Tags: VIP');
    await expect(el).to.be.accessible();
  });

  it('F5: filter by status and by the last message author', async () => {
    const { el, client } = await setup();
    const panel = await openPanel(el);
    panel.querySelector<HTMLInputElement>('[data-group="status"] input[value="closed"]')!.click();
    await settle(el);
    expect(client.$list.get().every((d) => d.status === 'closed')).to.equal(true);
    panel.querySelector<HTMLInputElement>('[data-group="last-message"] input[value="client"]')!.click();
    await settle(el);
    expect(client.$query.get().lastMessage).to.equal('client');
    expect(client.$list.get().every((d) => d.status === 'closed' && d.lastMessage?.author.kind === 'client')).to.equal(true);
    await expect(el).to.be.accessible();
    button(el, '[data-action="panel-done"]').click();
    await settle(el);
    for (const r of rows(el)) expect(text(r.querySelector('.status-closed'))).to.equal('Closed');
    expect([...el.shadowRoot!.querySelectorAll('[data-chip]')].map((c) => text(c))).to.deep.equal(['Status: Closed', 'Last message: From the client']);
  });

  it('F5: active filters are visible at a glance and cleared in one step', async () => {
    const { el, client } = await setup();
    client.setQuery({ operators: [SEED_IDS.maria, SEED_IDS.ivan], status: 'open', lastMessage: 'unanswered' });
    await settle(el);
    expect(el.shadowRoot!.querySelectorAll('[data-chip]').length).to.equal(4);
    expect(text(el.shadowRoot!.querySelector('[part="filter-count"]'))).to.equal('4');
    await expect(el).to.be.accessible();
    button(el, '[data-action="clear-filters"]').click();
    await settle(el);
    const q = client.$query.get();
    expect([q.operators, q.status, q.lastMessage]).to.deep.equal([[], 'all', 'any']);
    expect(el.shadowRoot!.querySelector('[part="active-filters"]')).to.equal(null);
  });

  it('F6: the bot filter is offered when a bot exists and keeps the dialogs a bot holds', async () => {
    const { el, client } = await setup();
    const panel = await openPanel(el);
    const bot = panel.querySelector<HTMLInputElement>('[data-group="bot"] input')!;
    expect(bot).not.to.equal(null);
    bot.click();
    await settle(el);
    expect(client.$query.get().bot).to.equal(true);
    expect(client.$list.get().length).to.be.greaterThan(0);
    expect(client.$list.get().every((d) => d.assignee?.kind === 'bot')).to.equal(true);
    expect(client.$list.get().map((d) => d.id)).to.include(SEED_IDS.botDialog);
    await expect(el).to.be.accessible();
  });

  it('F6: without bots there is no bot filter', async () => {
    const { el } = await setup({
      seed: (d) => ({ ...d, bots: [], dialogs: d.dialogs.map((x) => (x.assignee?.kind === 'bot' ? { ...x, assignee: null } : x)) }),
    });
    const panel = await openPanel(el);
    expect(panel.querySelector('[data-group="bot"]')).to.equal(null);
    expect([...panel.querySelectorAll('legend')].map((l) => text(l))).not.to.include('Bots');
    await expect(el).to.be.accessible();
  });

  it('D1: hovering an avatar turns it into a checkbox; ticking it selects the dialog', async () => {
    const { el, client } = await setup();
    const r = rows(el)[1]!;
    const avatar = r.querySelector('.avatar')!;
    const check = r.querySelector<HTMLElement>('.check')!;
    expect(getComputedStyle(check).display).to.equal('none');
    await sendMouse({ type: 'move', position: center(avatar) });
    expect(getComputedStyle(check).display).to.equal('flex');
    const events: string[][] = [];
    el.addEventListener('dialog-selection-change', (e) => events.push(e.detail.selection));
    await sendMouse({ type: 'click', position: center(avatar) });
    await settle(el);
    expect(r.getAttribute('aria-selected')).to.equal('true');
    expect(events).to.deep.equal([[r.dataset['id']!]]);
    expect(client.$activeDialogId.get(), 'ticking does not open').to.equal(null);
    // D2: the search box is replaced by the selection bar.
    expect(el.shadowRoot!.querySelector('input[type="search"]')).to.equal(null);
    expect(text(el.shadowRoot!.querySelector('[part="selected-count"]'))).to.equal('1 selected');
    await expect(el).to.be.accessible();
  });

  it('D2/D3: with a selection, a select-all checkbox and an "Actions" button offering "Delete" replace the search box', async () => {
    const { el, client } = await setup();
    el.selection = [rows(el)[0]!.dataset['id']!];
    await settle(el);
    const all = el.shadowRoot!.querySelector<HTMLInputElement>('[part="select-all"]')!;
    expect(all.getAttribute('aria-label')).to.equal('Select all dialogs');
    expect(all.indeterminate).to.equal(true);
    all.click();
    await settle(el);
    expect(el.selection.length).to.equal(client.$list.get().length);
    expect(all.checked).to.equal(true);
    const actions = button(el, '[part="actions-button"]');
    expect(text(actions)).to.equal('Actions');
    expect(actions.getAttribute('aria-haspopup')).to.equal('menu');
    actions.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('[role="menuitem"]'), 'the Actions menu (a chunk of its own) opened');
    await settle(el);
    const item = el.shadowRoot!.querySelector<HTMLElement>('[role="menuitem"]')!;
    expect(text(item)).to.equal('Delete');
    expect(el.shadowRoot!.activeElement).to.equal(item);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(el.shadowRoot!.querySelector('[role="menu"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(actions);
    // Cancel selection brings the search box back.
    button(el, `[aria-label="Cancel selection"]`).click();
    await settle(el);
    expect(el.selection).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('input[type="search"]')).not.to.equal(null);
  });

  it('D1: a selection given with the client is kept; ids not in the list are dropped', async () => {
    const backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
    const client = createChatClient({ transport: backend.transport(SEED_IDS.ivan) });
    await client.start();
    current = { backend, client, el: undefined as unknown as DialogList, root: undefined as unknown as ShadowRoot };
    const el = await fixture<DialogList>(html`<dialog-list style="height: 500px" .client=${client} .selection=${[SEED_IDS.ivanDialog, SEED_IDS.waitingDialog]}></dialog-list>`);
    await settle(el);
    // Иван does not see María's dialog: it cannot stay selected (nor be deleted by mistake).
    expect(el.selection).to.deep.equal([SEED_IDS.ivanDialog]);
    expect(text(el.shadowRoot!.querySelector('[part="selected-count"]'))).to.equal('1 selected');
    await expect(el).to.be.accessible();
  });

  it('D1-D3: delete asks for confirmation naming how many dialogs, then deletes them', async () => {
    const { el, client, backend } = await setup();
    const ids = await askToDelete(el, 2);
    const dlg = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!;
    expect(dlg.open).to.equal(true);
    expect(text(dlg.querySelector('h2'))).to.equal('Delete 2 dialogs?');
    await expect(el).to.be.accessible();
    const done = oneEvent(el, 'dialogs-delete');
    button(el, '[data-action="confirm-delete"]').click();
    const { detail } = await done;
    expect((detail as DialogsDeleteDetail).results.map((r) => r.ok)).to.deep.equal([true, true]);
    await settle(el);
    expect(dlg.open).to.equal(false);
    for (const id of ids) {
      expect(client.$dialogs.get().has(id)).to.equal(false);
      expect(await backend.core.handle(SEED_IDS.admin, 'deleteDialogs', { dialogIds: [id] })).to.deep.equal({ results: [{ dialogId: id, ok: false, reason: 'not_found' }] });
    }
    expect(el.selection).to.deep.equal([]);
    expect(text(el.shadowRoot!.querySelector('[part="notice"]'))).to.contain('2 dialogs deleted.');
    await expect(el).to.be.accessible();
  });

  it("D1-D3: after deleting, the result is announced in the list's status region, in the list's language (ru)", async () => {
    await loadLocale('ru');
    const { el } = await setup({ locale: 'ru' });
    await askToDelete(el, 2);
    const done = oneEvent(el, 'dialogs-delete');
    button(el, '[data-action="confirm-delete"]').click();
    await done;
    await waitUntil(() => text(el.shadowRoot!.querySelector('[part="notice"]')) !== '', 'notice');
    const status = el.shadowRoot!.querySelector('[part="notice"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(text(status)).to.equal('Удалено 2 диалога.');
    await expect(el).to.be.accessible();
  });

  it('D1-D3: a failed delete is reported per dialog', async () => {
    const { el, client, backend } = await setup();
    const [a, b] = rows(el)
      .slice(0, 2)
      .map((r) => r.dataset['id']!) as [Id, Id];
    const nameB = client.row(client.$dialogs.get().get(b)!).client?.name ?? b;
    el.selection = [a, b];
    await settle(el);
    await openActions(el);
    button(el, '[data-action="delete"]').click();
    await settle(el);
    // Meanwhile one of them is deleted elsewhere (another tab or another administrator).
    await backend.core.handle(SEED_IDS.admin, 'deleteDialogs', { dialogIds: [b] });
    await waitUntil(() => !client.$dialogs.get().has(b), 'removed by the event');
    button(el, '[data-action="confirm-delete"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="delete-failures"]'), 'report shown');
    const dlg = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!;
    expect(text(dlg.querySelector('h2'))).to.equal('Some dialogs were not deleted');
    expect(text(dlg.querySelector('p'))).to.equal('1 of 2 deleted. These could not be:');
    expect(text(dlg.querySelector('[part="delete-failures"] li'))).to.equal(`${nameB}: It no longer exists or you cannot see it.`);
    // The list's status region says both numbers.
    expect(text(el.shadowRoot!.querySelector('[part="notice"][role="status"]'))).to.equal('1 dialog deleted. 1 could not be deleted.');
    await expect(el).to.be.accessible();
    button(el, 'dialog.confirm .button.primary').click();
    await settle(el);
    expect(dlg.open).to.equal(false);
  });

  it('D4: without the delete right the action is not available, and the list says why', async () => {
    const { el, client } = await setup({ operator: SEED_IDS.ivan });
    const first = rows(el)[0]!;
    first.focus();
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(el.selection).to.deep.equal([first.dataset['id']]);
    await openActions(el);
    const item = el.shadowRoot!.querySelector<HTMLElement>('[data-action="delete"]')!;
    expect(item.getAttribute('aria-disabled')).to.equal('true');
    expect(text(item)).to.contain('your user group does not have the right');
    await expect(el).to.be.accessible();
    item.click();
    await settle(el);
    expect(el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!.open).to.equal(false);
    expect(text(el.shadowRoot!.querySelector('[part="notice"]'))).to.contain('You cannot delete dialogs');
    // The Delete key says the same and deletes nothing.
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="notice"] button')!.click();
    await settle(el);
    row(el, first.dataset['id']!)!.focus();
    await sendKeys({ press: 'Delete' });
    await settle(el);
    expect(text(el.shadowRoot!.querySelector('[part="notice"]'))).to.contain('You cannot delete dialogs');
    expect(client.$dialogs.get().has(first.dataset['id']!)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('live: a message in a dialog that does not match the filter does not bring it into the list', async () => {
    const { el, client, backend } = await setup();
    const outsider = SEED.dialogs.find((d) => d.channelId === SEED_IDS.channels.whatsapp && d.status === 'open')!;
    client.setQuery({ channels: [SEED_IDS.channels.telegram] });
    await client.listSettled();
    await settle(el);
    const before = client.$listState.get().total;
    await backend.core.clientSend(outsider.id, 'Hola, ¿hay alguien?');
    // A matching one, sent after, does move (it is in the list, with the new text); once it is
    // here, the event before it was applied too.
    const insider = client.$list.get().find((d) => d.status === 'open')!;
    await backend.core.clientSend(insider.id, 'Sigo esperando');
    await waitUntil(() => client.$dialogs.get().get(insider.id)?.lastMessage?.text === 'Sigo esperando', 'event applied');
    await settle(el);
    expect(client.$listState.get().total).to.equal(before);
    expect(client.listIndexOf(outsider.id)).to.equal(-1);
    expect(row(el, outsider.id)).to.equal(null);
    const r = await reveal(el, client, insider.id);
    expect(text(r.querySelector('.preview-text'))).to.equal('Sigo esperando');
  });

  it('live: a row that stops matching the filter leaves', async () => {
    const { el, client, backend } = await setup();
    client.setQuery({ status: 'closed' });
    await settle(el);
    const closed = client.$list.get().find((d) => {
      const c = d.clientId ? client.$clients.get().get(d.clientId) : null;
      return c && !c.blocked;
    })!;
    await reveal(el, client, closed.id);
    // The client writes: the dialog reopens (H2) and no longer matches "Closed".
    await backend.core.clientSend(closed.id, 'Una pregunta más');
    await waitUntil(() => !row(el, closed.id), 'row left');
    expect(client.$list.get().some((d) => d.id === closed.id)).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('live: while the pointer is on the list, rows hold still; arrivals are counted as "N new" and shown on request or when the pointer leaves', async () => {
    const { el, client, backend } = await setup();
    client.setQuery({ sort: 'activity' });
    await settle(el);
    const before = orderedIds(el);
    await sendMouse({ type: 'move', position: center(rows(el)[2]!) });
    // A client writes in the 6th dialog (activity order would move it to the top)...
    const mover = before[5]!;
    await backend.core.clientSend(mover, 'Movido arriba');
    // ...and a brand-new dialog arrives.
    const { dialog } = await backend.core.startDialog({ channelId: SEED_IDS.channels.site, name: 'Nueva Visitante', text: '¡Hola!' });
    await waitUntil(() => client.listRow(0)?.id === dialog.id, 'new dialog first in the list');
    await settle(el);
    expect(orderedIds(el)).to.deep.equal(before);
    expect(text(row(el, mover)?.querySelector('.preview-text'))).to.equal('Movido arriba');
    const banner = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="new-items"]')!;
    // The mover kept its place: the banner says so too ("1 updated").
    expect(text(banner.querySelector('span[aria-hidden]'))).to.equal('1 new · 1 updated');
    expect(text(banner.querySelector('.visually-hidden'))).to.equal('Show 1 new dialog; Show the new order: 1 dialog has new activity');
    await expect(el).to.be.accessible();
    // The new arrival is announced politely, once.
    await waitUntil(() => text(el.shadowRoot!.querySelector('[aria-live="polite"]')).startsWith('1 new dialog'), 'announced', { timeout: 5000 });
    // Leaving releases the list.
    await sendMouse({ type: 'move', position: [700, 700] });
    await settle(el);
    expect(orderedIds(el).slice(0, 2)).to.deep.equal([dialog.id, mover]);
    expect(el.shadowRoot!.querySelector('[part~="new-items"]')).to.equal(null);

    // On request: the banner shows them and scrolls to the top.
    await sendMouse({ type: 'move', position: center(rows(el)[3]!) });
    await backend.core.startDialog({ channelId: SEED_IDS.channels.site, name: 'Otra Visitante', text: 'Buenas' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="new-items"]'), 'banner');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="new-items"]')!.click();
    await settle(el);
    expect(
      text(
        rows(el)
          .find((r) => r.dataset['index'] === '0')
          ?.querySelector('.name'),
      ),
    ).to.equal('Otra Visitante');
  });

  it('F3: with the pointer on the list, scrolling past the loaded rows (wheel, scrollbar) loads and draws them, then the list holds still again', async () => {
    const { el, client, backend } = await setup();
    client.setQuery({ sort: 'activity' });
    await settle(el);
    const total = client.$listState.get().total!;
    expect(client.$listState.get().loaded).to.be.below(total);
    await sendMouse({ type: 'move', position: center(rows(el)[1]!) });
    const vp = viewport(el);
    vp.scrollTop = vp.scrollHeight;
    vp.dispatchEvent(new Event('scroll'));
    // Before the fix the held rows ended above the screen and placeholders stayed there for good.
    await waitUntil(() => rows(el).some((r) => Number(r.dataset['index']) >= total - 3), 'the last rows drawn under the pointer', { timeout: 20_000 });
    await settle(el);
    expect(el.shadowRoot!.querySelectorAll('[part~="row-placeholder"]').length).to.equal(0);
    // Holding again: a client writes in a row on screen; activity order would move it to the top.
    const r = rows(el).at(-2)!;
    const [id, index] = [r.dataset['id']!, r.dataset['index']];
    await backend.core.clientSend(id, 'Abajo');
    await waitUntil(() => client.listRow(0)?.id === id, 'the client has the new order');
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="updated-items"]'), 'banner');
    await settle(el);
    expect(row(el, id)?.dataset['index']).to.equal(index);
    expect(text(row(el, id)?.querySelector('.preview-text'))).to.equal('Abajo');
    await expect(el).to.be.accessible();
  });

  it('live: while the pointer is on the list, dialogs with new activity keep their place and the list says "N updated"; pressing it shows the new order', async () => {
    const { el, client, backend } = await setup();
    client.setQuery({ sort: 'activity' });
    await settle(el);
    const before = orderedIds(el);
    await sendMouse({ type: 'move', position: center(rows(el)[1]!) });
    // Two clients write in the 4th and 6th dialogs: activity order would move both to the top.
    const [m1, m2] = [before[3]!, before[5]!];
    await backend.core.clientSend(m1, 'Primero');
    await backend.core.clientSend(m2, 'Segundo');
    await waitUntil(() => client.listRow(0)?.id === m2 && client.listRow(1)?.id === m1, 'the client has the new order');
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="updated-items"]'), 'banner');
    await settle(el);
    // Held: same order, fresh content, and the banner counts the two (no "new": nothing came in).
    expect(orderedIds(el)).to.deep.equal(before);
    expect(text(row(el, m2)?.querySelector('.preview-text'))).to.equal('Segundo');
    const banner = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="updated-items"]')!;
    expect(banner.getAttribute('part')).to.equal('updated-items');
    expect(text(banner.querySelector('span[aria-hidden]'))).to.equal('2 updated');
    expect(text(banner.querySelector('.visually-hidden'))).to.equal('Show the new order: 2 dialogs have new activity');
    await waitUntil(() => text(el.shadowRoot!.querySelector('[aria-live="polite"]')).startsWith('2 dialogs have new activity'), 'announced', { timeout: 5000 });
    await expect(el).to.be.accessible();
    // A reply that does not move a row (the row stays where it is) is not counted.
    await backend.core.clientSend(m2, 'Otra vez');
    await waitUntil(() => text(row(el, m2)?.querySelector('.preview-text')) === 'Otra vez', 'content refreshed');
    expect(text(banner.querySelector('span[aria-hidden]'))).to.equal('2 updated');
    // Pressing it applies the order, at the top: the pointer goes from the rows to the button
    // without the list letting go on the way.
    await sendMouse({ type: 'move', position: center(banner) });
    await settle(el);
    expect(orderedIds(el)).to.deep.equal(before);
    await sendMouse({ type: 'click', position: center(banner) });
    await settle(el);
    expect(orderedIds(el).slice(0, 2)).to.deep.equal([m2, m1]);
    expect(el.shadowRoot!.querySelector('[part~="updated-items"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keyboard: when the focused row leaves the list, its neighbour takes focus', async () => {
    const { el, client, backend } = await setup();
    client.setQuery({ status: 'closed' });
    await settle(el);
    const list = client.$list.get().filter((d) => !client.$clients.get().get(d.clientId ?? '')?.blocked);
    rows(el)
      .find((r) => r.tabIndex === 0)!
      .focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    const active = () => el.shadowRoot!.activeElement as HTMLElement | null;
    const leaving = active()!.dataset['id']!;
    const next = client.$list.get()[2]!.id;
    expect(list.map((d) => d.id)).to.include(leaving);
    // The client writes: the dialog reopens and leaves the "Closed" list under the keyboard focus.
    await backend.core.clientSend(leaving, 'Vuelvo a escribir');
    await waitUntil(() => !row(el, leaving), 'row left');
    await waitUntil(() => active()?.dataset['id'] === next, 'focus moved to the neighbour');
    expect(active()?.getAttribute('tabindex')).to.equal('0');
    await expect(el).to.be.accessible();
  });

  it('keyboard: one tab stop, arrows, Home/End, Enter opens, Space selects', async () => {
    const { el, client } = await setup();
    const list = client.$list.get();
    expect(rows(el).filter((r) => r.tabIndex === 0).length).to.equal(1);
    button(el, '.filter-button').focus();
    await sendKeys({ press: 'Tab' });
    const active = () => el.shadowRoot!.activeElement as HTMLElement | null;
    expect(active()?.dataset['id']).to.equal(list[0]!.id);
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(active()?.dataset['id']).to.equal(list[1]!.id);
    expect(
      rows(el)
        .filter((r) => r.tabIndex === 0)
        .map((r) => r.dataset['id']),
    ).to.deep.equal([list[1]!.id]);
    // End reaches the last dialog of the whole list: the pages down to it load first.
    expect(client.$listState.get().complete).to.equal(false);
    await sendKeys({ press: 'End' });
    const total = client.$listState.get().total!;
    await waitUntil(() => active()?.dataset['id'] === client.listRow(total - 1)?.id, 'last row focused', { timeout: 20_000 });
    expect(active()?.dataset['index']).to.equal(String(total - 1));
    expect(rows(el).length).to.be.at.most(40);
    await sendKeys({ press: 'Home' });
    await settle(el);
    expect(active()?.dataset['id']).to.equal(list[0]!.id);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    const third = list[2]!.id;
    expect(active()?.dataset['id']).to.equal(third);
    // Space selects (selection mode); Enter opens.
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(row(el, third)!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(el.selection).to.deep.equal([third, list[1]!.id]);
    const selected = oneEvent(el, 'dialog-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ dialogId: list[1]!.id });
    await waitUntil(() => client.$activeDialogId.get() === list[1]!.id, 'opened');
    await settle(el);
    expect(row(el, list[1]!.id)!.getAttribute('aria-current')).to.equal('true');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(el.selection).to.deep.equal([]);
    await expect(el).to.be.accessible();
    // Tab leaves the list (one tab stop).
    await sendKeys({ press: 'Tab' });
    expect(active()?.getAttribute('role')).not.to.equal('option');
  });

  it('opening: a click dispatches a cancelable dialog-select, then the client opens the dialog', async () => {
    const { el, client } = await setup();
    const r = rows(el)[1]!;
    const id = r.dataset['id']!;
    el.addEventListener('dialog-select', (e) => e.preventDefault(), { once: true });
    r.click();
    await settle(el);
    expect(client.$activeDialogId.get()).to.equal(null);
    const ev = oneEvent(el, 'dialog-select');
    r.querySelector<HTMLElement>('.name')!.click();
    expect((await ev).detail.dialogId).to.equal(id);
    await waitUntil(() => client.$activeDialogId.get() === id, 'opened');
    await settle(el);
    expect(row(el, id)!.getAttribute('aria-current')).to.equal('true');
    expect(row(el, id)!.getAttribute('part')).to.contain('row-active');
    await expect(el).to.be.accessible();
  });

  it('renders only the rows on screen: at most 40 in the DOM with the 300-dialog seed and with 10,000 dialogs', async () => {
    const { el, client } = await setup();
    expect(client.$listState.get().total).to.equal(300);
    expect(rows(el).length).to.be.within(5, 40);
    current?.client.stop();
    current?.backend.core.dispose();

    const big = await setup({
      seed: (d) => {
        const dialogs: Dialog[] = [];
        const readStates = [];
        for (let k = 0; k < 34; k++) {
          for (const x of d.dialogs) dialogs.push(k === 0 ? x : { ...x, id: `${x.id}-${k}` });
        }
        for (const r of d.readStates) if (r.operatorId === SEED_IDS.admin) readStates.push(r);
        return { ...d, dialogs: dialogs.slice(0, 10_000), readStates };
      },
    });
    // The scrollbar shows every row from the start; only the first page is loaded.
    const state = big.client.$listState.get();
    expect(state.total).to.equal(10_000);
    expect(state.loaded).to.be.below(10_000);
    expect(rows(big.el).length).to.be.within(5, 40);
    const vp = viewport(big.el);
    expect(vp.scrollHeight).to.equal(10_000 * rows(big.el)[0]!.offsetHeight);
    for (const at of [0.5, 1]) {
      vp.scrollTop = vp.scrollHeight * at;
      vp.dispatchEvent(new Event('scroll'));
      // Placeholders until the pages down to there arrive, then rows.
      const want = Math.floor(Math.min(vp.scrollTop, vp.scrollHeight - vp.clientHeight) / rows(big.el)[0]!.offsetHeight);
      await waitUntil(() => rows(big.el).some((r) => Math.abs(Number(r.dataset['index']) - want) <= 3), 'rows loaded where scrolled', { timeout: 20_000 });
      await settle(big.el);
      expect(big.el.shadowRoot!.querySelectorAll('[part~="row-placeholder"]').length).to.equal(0);
      const shown = rows(big.el);
      expect(shown.length).to.be.within(5, 40);
      // The tab-stop row stays in the DOM wherever it is; the window is the rest.
      const first = Math.min(...shown.filter((r) => r.tabIndex !== 0).map((r) => Number(r.dataset['index'])));
      expect(first * shown[0]!.offsetHeight).to.be.closeTo(Math.min(vp.scrollTop, vp.scrollHeight - vp.clientHeight), 5 * shown[0]!.offsetHeight);
    }
    const lastId = big.client.listRow(9_999)!.id;
    expect(row(big.el, lastId)).not.to.equal(null);
  });

  it('F2, issue 13: a scroll moves no row element: rows that stay keep theirs, rows come in at one edge and leave at the other, DOM order is row order', async () => {
    const { el } = await setup();
    const h = rows(el)[0]!.offsetHeight;
    const before = new Map(rows(el).map((r) => [r.dataset['id']!, r]));
    const canvas = el.shadowRoot!.querySelector('.canvas')!;
    const added: Node[] = [];
    const watch = new MutationObserver((records) => records.forEach((m) => added.push(...m.addedNodes)));
    watch.observe(canvas, { childList: true });
    const vp = viewport(el);
    vp.scrollTop = 10 * h;
    vp.dispatchEvent(new Event('scroll'));
    await waitUntil(() => rows(el).some((r) => Number(r.dataset['index']) > Math.max(...[...before.values()].map((b) => Number(b.dataset['index'])))), 'rows below drawn');
    await settle(el);
    watch.disconnect();
    const after = rows(el);
    const stayed = after.filter((r) => before.has(r.dataset['id']!));
    expect(stayed.length).to.be.greaterThan(2);
    expect(after.length - stayed.length, 'rows came in').to.be.greaterThan(2);
    expect([...before.keys()].filter((id) => !after.some((r) => r.dataset['id'] === id)).length, 'rows left').to.be.greaterThan(2);
    for (const r of stayed) expect(r, `row ${r.dataset['id']} kept its element`).to.equal(before.get(r.dataset['id']!));
    // (The row holding the tab stop stays in the DOM after the rows drawn when it is scrolled past: it moves there.)
    const moved = added.filter((n) => [...before.values()].includes(n as HTMLElement) && (n as HTMLElement).tabIndex !== 0);
    expect(
      moved.map((n) => (n as HTMLElement).dataset['id']),
      'no element taken out and put back',
    ).to.deep.equal([]);
    const order = after.filter((r) => r.tabIndex !== 0).map((r) => Number(r.dataset['index']));
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
    await expect(el).to.be.accessible();
  });

  it('F2, issue 13: a jump (no row stays on screen) fills the row elements where they stand: none added, none removed, DOM order is row order', async () => {
    const { el, client } = await setup();
    const h = rows(el)[0]!.offsetHeight;
    // Rows loaded down past the jump, so the rows are there when the list gets there (no placeholders between).
    await client.loadDialogsUntil(120);
    const vp = viewport(el);
    // From the middle (as many rows drawn before the jump as after it).
    vp.scrollTop = 30 * h;
    vp.dispatchEvent(new Event('scroll'));
    await waitUntil(() => rows(el).some((r) => Number(r.dataset['index']) >= 30), 'rows drawn at row 30');
    await settle(el);
    const before = rows(el).filter((r) => r.tabIndex !== 0);
    const beforeIds = before.map((r) => r.dataset['id']!);
    const canvas = el.shadowRoot!.querySelector('.canvas')!;
    const changed: Node[] = [];
    const watch = new MutationObserver((records) => records.forEach((m) => changed.push(...m.addedNodes, ...m.removedNodes)));
    watch.observe(canvas, { childList: true });
    vp.scrollTop = 80 * h;
    vp.dispatchEvent(new Event('scroll'));
    await waitUntil(() => rows(el).some((r) => Number(r.dataset['index']) >= 80), 'rows drawn where the list jumped');
    await settle(el);
    watch.disconnect();
    const after = rows(el).filter((r) => r.tabIndex !== 0);
    expect(
      after.some((r) => beforeIds.includes(r.dataset['id']!)),
      'no row stays',
    ).to.equal(false);
    expect(
      changed.filter((n) => n instanceof HTMLElement && n.getAttribute('role') === 'option' && n.tabIndex !== 0).map((n) => (n as HTMLElement).dataset['id']),
      'no row element added or removed',
    ).to.deep.equal([]);
    for (const r of after) expect(before, `row ${r.dataset['id']} is an element that was there`).to.include(r);
    const order = after.map((r) => Number(r.dataset['index']));
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
    expect(order[0]! * h).to.be.closeTo(vp.scrollTop, 5 * h);
    await expect(el).to.be.accessible();
  });

  it('F3/F5, issue 13: a sort or filter change (a new answer) fills the row elements by position: none moved, added or removed beyond the change in rows drawn, DOM order is row order', async () => {
    const { el, client } = await setup();
    const canvas = el.shadowRoot!.querySelector('.canvas')!;
    for (const q of [{ sort: 'activity' as const }, { channels: [SEED_IDS.channels.whatsapp] }]) {
      const before = rows(el);
      const beforeIds = orderedIds(el);
      const changed: Node[] = [];
      const watch = new MutationObserver((records) => records.forEach((m) => changed.push(...m.addedNodes, ...m.removedNodes)));
      watch.observe(canvas, { childList: true });
      await client.setQuery(q);
      await waitUntil(() => orderedIds(el).join() !== beforeIds.join(), `rows of ${JSON.stringify(q)} drawn`);
      await settle(el);
      watch.disconnect();
      const after = rows(el);
      const options = (n: Node) => n instanceof HTMLElement && n.getAttribute('role') === 'option';
      const added = changed.filter((n) => options(n) && after.includes(n as HTMLElement));
      const removed = changed.filter((n) => options(n) && !after.includes(n as HTMLElement));
      // Only as many elements made or dropped as the count of rows drawn changed by; none taken out and put back.
      expect(added.length, `${JSON.stringify(q)}: elements added`).to.equal(Math.max(0, after.length - before.length));
      expect(removed.length, `${JSON.stringify(q)}: elements removed`).to.equal(Math.max(0, before.length - after.length));
      expect(after.filter((r) => !before.includes(r)).length, 'elements new').to.equal(Math.max(0, after.length - before.length));
      const order = after.map((r) => Number(r.dataset['index']));
      expect(order).to.deep.equal([...order].sort((a, b) => a - b));
      await expect(el).to.be.accessible();
    }
  });

  it('F3/F5, issue 13: in the frame of a new answer only the rows on screen render their content; the rows past the screen are filled then and rendered in the next frame', async () => {
    const { el, client } = await setup();
    await settle(el);
    const vp = el.shadowRoot!.querySelector<HTMLElement>('.viewport')!;
    const canvas = el.shadowRoot!.querySelector('.canvas')!;
    const h = rows(el)[0]!.offsetHeight;
    const past = (r: HTMLElement) => Number(r.dataset['index']) * h >= vp.scrollTop + vp.clientHeight;
    const indexes = (rs: HTMLElement[]) => rs.map((r) => Number(r.dataset['index'])).sort((a, b) => a - b);
    const before = rows(el);
    expect(before.filter(past).length, 'rows drawn past the screen').to.be.greaterThan(0);
    expect(
      before.filter((r) => r.classList.contains('later')),
      'none deferred before the change',
    ).to.deep.equal([]);
    // What each render of the change drew (a MutationObserver runs before the frame's style, layout and paint).
    const seen: Array<{ ids: string; later: number[]; past: number[]; made: number; hidden: string[] }> = [];
    const watch = new MutationObserver((records) => {
      const now = rows(el);
      const made = records.reduce((n, m) => n + [...m.addedNodes].filter((x) => x instanceof HTMLElement && x.getAttribute('role') === 'option').length, 0);
      // Unrendered, a deferred option would have no name: it is hidden from assistive technology until it renders.
      const hidden = now.filter((r) => (r.getAttribute('aria-hidden') === 'true') !== r.classList.contains('later')).map((r) => r.dataset['index']!);
      seen.push({ ids: orderedIds(el).join(), later: indexes(now.filter((r) => r.classList.contains('later'))), past: indexes(now.filter(past)), made, hidden });
    });
    watch.observe(canvas, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'aria-hidden'] });
    await client.setQuery({ sort: 'activity' });
    await settle(el);
    watch.disconnect();
    const deferred = seen.filter((s) => s.later.length > 0);
    expect(deferred.length, 'a render deferred the rows past the screen').to.be.greaterThan(0);
    for (const s of deferred) expect(s.later, 'deferred: exactly the rows past the screen').to.deep.equal(s.past);
    expect(
      seen.reduce((n, s) => n + s.made, 0),
      'no row element made',
    ).to.equal(0);
    expect(
      seen.flatMap((s) => s.hidden),
      'rows aria-hidden while deferred, and only then',
    ).to.deep.equal([]);
    expect(seen.at(-1)!.ids, 'the answer drawn').to.equal(orderedIds(el).join());
    expect(
      rows(el).filter((r) => r.classList.contains('later')),
      'rendered in the next frame',
    ).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('states: loading, empty, not connected', async () => {
    const backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
    const client = createChatClient({ transport: backend.transport(SEED_IDS.admin, { latencyMs: 400 }) });
    const loading = await fixture<DialogList>(html`<dialog-list .client=${client} style="height: 400px"></dialog-list>`);
    void client.start();
    await loading.updateComplete;
    expect(text(loading.shadowRoot!.querySelector('[part~="empty"]'))).to.equal('Loading dialogs…');
    expect(loading.shadowRoot!.querySelector('[aria-busy="true"]')).not.to.equal(null);
    await expect(loading).to.be.accessible();
    await waitUntil(() => rows(loading).length > 0, 'loaded', { timeout: 5000 });
    client.stop();
    backend.core.dispose();

    const { el } = await setup({ seed: (d) => ({ ...d, dialogs: [], messages: [], readStates: [] }) });
    expect(text(el.shadowRoot!.querySelector('[part~="empty"]'))).to.equal('No dialogs yet.');
    await expect(el).to.be.accessible();

    const alone = await fixture<DialogList>(html`<dialog-list></dialog-list>`);
    expect(text(alone.shadowRoot!.querySelector('[part~="empty"]'))).to.equal('Not connected to the chat service.');
    await expect(alone).to.be.accessible();
  });

  it('localized: Spanish and Russian strings', async () => {
    await Promise.all([loadLocale('es'), loadLocale('ru')]); // the shipped languages are lazy chunks
    const { el, client } = await setup({ locale: 'es' });
    expect(el.shadowRoot!.querySelector('input[type="search"]')!.getAttribute('placeholder')).to.equal('Buscar por nombre o mensaje');
    client.setDraft(SEED_IDS.waitingDialog, 'hola');
    const r = await reveal(el, client, SEED_IDS.waitingDialog);
    await waitUntil(() => text(row(el, SEED_IDS.waitingDialog)?.querySelector('.draft-label')) === 'Borrador:', 'es draft');
    expect(spoken(r.querySelector('.wait'))).to.contain('Fuera de plazo');
    el.locale = 'ru';
    el.selection = [SEED_IDS.waitingDialog, SEED_IDS.freshWaitingDialog];
    await settle(el);
    expect(text(el.shadowRoot!.querySelector('[part="selected-count"]'))).to.equal('Выбрано 2');
    expect(text(button(el, '[part="actions-button"]'))).to.equal('Действия');
    await expect(el).to.be.accessible();
  });

  it('announces new dialogs politely, batched, not per message', async () => {
    const { el, backend } = await setup();
    for (let i = 0; i < 3; i++) await backend.core.startDialog({ channelId: SEED_IDS.channels.site, name: `Visitante ${i}`, text: 'Hola' });
    const region = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await waitUntil(() => text(region) !== '', 'announced', { timeout: 5000 });
    expect(text(region)).to.equal('3 new dialogs');
  });
});
