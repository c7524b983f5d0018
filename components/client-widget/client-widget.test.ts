import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import '../../src/define/client-widget.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Client, Dialog, Id, Order } from '../../sdk/model.js';
import { ChatCommandError, type Transport } from '../../sdk/protocol.js';
import { contrastRatio } from '../../sdk/rules/tags.js';
import { isFullClient } from '../../sdk/rules/clients.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, pngDataUrl, SEED_IDS } from '../../server/demo-data/seed.js';
import type { SeedData } from '../../server/core/storage.js';
import type { Locale } from '../i18n.js';
import { ClientWidget, type ClientDetachDetail, type ClientTagsChangeDetail } from './client-widget.js';
import { defaultWidgetSettingsStore, LAYOUT_KEY_PREFIX, type WidgetLayout, type WidgetSettingsStore } from './widget-settings.js';
import { loadLocale } from '../i18n.js';
import { hex } from '../internal/colors.test-helpers.js';

const NOW = Date.UTC(2025, 2, 14, 12, 0, 0);

let backend: InProcessBackend | undefined;
const clients: ChatClient[] = [];

async function start(opts: { seed?: (d: SeedData) => SeedData } = {}): Promise<InProcessBackend> {
  const base = () => createSeed({ now: NOW, dialogs: 40, messagesPerDialog: [2, 4] });
  backend = await createInProcessBackend(opts.seed ? () => opts.seed!(base()) : base, { delayFactor: 0, now: () => NOW });
  return backend;
}

async function signIn(operatorId: Id = SEED_IDS.admin, options: { latencyMs?: number } = {}): Promise<ChatClient> {
  const c = createChatClient({ transport: backend!.transport(operatorId, options), now: () => NOW });
  await c.start();
  clients.push(c);
  await loadWhole(c);
  return c;
}

/** The list holds client summaries; the tests pick examples by whole records, as opening a dialog loads them. */
async function loadWhole(c: ChatClient): Promise<void> {
  await Promise.all([...c.$dialogs.get().values()].filter((d) => d.clientId).map((d) => c.getDialog(d.id)));
}

/** The whole record of a client the test loaded. */
function wholeClient(c: ChatClient, id: Id): Client {
  const record = c.$clients.get().get(id);
  if (!isFullClient(record)) throw new Error(`client ${id} is not loaded whole`);
  return record;
}

/** T6: whether the client's link to the tag is pinned, as the client holds it. */
function pinnedIn(c: ChatClient, clientId: Id, tagId: Id): boolean | undefined {
  return c.$clients
    .get()
    .get(clientId)
    ?.tags.find((t) => t.tagId === tagId)?.pinned;
}

function clearLayouts(): void {
  for (const k of Object.keys(localStorage)) if (k.startsWith(LAYOUT_KEY_PREFIX)) localStorage.removeItem(k);
}

beforeEach(() => clearLayouts());

afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
  backend?.core.dispose();
  backend = undefined;
  clearLayouts();
});

// ------------------------------------------------------------------------------------------------ helpers

const root = (el: ClientWidget) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: ClientWidget, sel: string) => root(el).querySelector<T & HTMLElement>(sel);
const $$ = <T extends Element = HTMLElement>(el: ClientWidget, sel: string) => [...root(el).querySelectorAll<T & HTMLElement>(sel)];
/** The text shown in `n` (icons' SVG glyphs left out). */
function text(n: Element | null | undefined): string {
  if (!n) return '';
  let out = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.textContent ?? '';
      else if (child instanceof Element && child.localName !== 'svg') walk(child);
    }
  };
  walk(n);
  return out.replace(/\s+/g, ' ').trim();
}
const sectionIds = (el: ClientWidget) => $$(el, 'section.section').map((s) => s.dataset['section']!);
const section = (el: ClientWidget, id: string) => $$(el, 'section.section').find((s) => s.dataset['section'] === id) ?? null;
const button = (el: ClientWidget, name: string) => $$<HTMLButtonElement>(el, 'button').find((b) => (b.getAttribute('aria-label') ?? text(b)) === name) ?? null;

/** "Widget settings": the panel (loaded on demand the first time). */
async function openSettings(el: ClientWidget): Promise<void> {
  button(el, 'Widget settings')!.click();
  await waitUntil(() => $(el, '.settings'), 'the settings panel');
  await el.updateComplete;
}

/** "Detach client": the confirmation (loaded on demand the first time). */
async function openDetach(el: ClientWidget): Promise<void> {
  button(el, 'Detach client')!.click();
  await waitUntil(() => $(el, 'dialog.confirm[open]'), 'the detach confirmation');
  await el.updateComplete;
}
const focused = (el: ClientWidget) => root(el).activeElement as HTMLElement | null;
/** `dt` → `dd` text of a section's facts. */
function facts(scope: Element | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of scope?.querySelectorAll(':scope .fact') ?? []) out[text(f.querySelector('dt'))] = text(f.querySelector('dd'));
  return out;
}

async function mount(
  c: ChatClient | undefined,
  attrs: { dialogId?: Id; clientId?: Id; mode?: 'full' | 'order'; orderId?: Id; locale?: Locale; store?: WidgetSettingsStore } = {},
  children: unknown = '',
): Promise<ClientWidget> {
  const el = await fixture<ClientWidget>(html`<client-widget
    .client=${c}
    dialog-id=${attrs.dialogId ?? ''}
    client-id=${attrs.clientId ?? ''}
    mode=${attrs.mode ?? 'full'}
    order-id=${attrs.orderId ?? ''}
    locale=${attrs.locale ?? 'en'}
    .settingsStore=${attrs.store ?? defaultWidgetSettingsStore}
    >${children}</client-widget
  >`);
  await ready(el);
  return el;
}

/** Waits until the operator's layout is loaded (the sections render). */
async function ready(el: ClientWidget): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => $(el, '.base')?.getAttribute('aria-busy') !== 'true', 'layout loaded');
  await el.updateComplete;
}

/** A dialog whose client is "full": source with UTM and referrer, analytics, a bot-created order with its source, another order. */
function fullDialog(c: ChatClient, where: (d: Dialog) => boolean = () => true): { dialog: Dialog; customer: Client } {
  for (const d of c.$dialogs.get().values()) {
    const cl = d.clientId ? wholeClient(c, d.clientId) : undefined;
    if (!cl || !where(d)) continue;
    if (cl.source?.utm && cl.source.referrer && cl.source.landingPage && cl.analytics && cl.orders.some((o) => o.createdByBot && o.source) && cl.orders.some((o) => !o.createdByBot))
      return { dialog: d, customer: cl };
  }
  throw new Error('no full client in the seed');
}

/** A store that records its calls and keeps layouts in a map. */
function recordingStore(initial: Record<Id, WidgetLayout> = {}, failSave = false): WidgetSettingsStore & { saves: Array<[Id, WidgetLayout]>; loads: Id[] } {
  const data = new Map(Object.entries(initial));
  const saves: Array<[Id, WidgetLayout]> = [];
  const loads: Id[] = [];
  return {
    saves,
    loads,
    async load(id) {
      loads.push(id);
      return data.get(id) ?? null;
    },
    async save(id, layout) {
      saves.push([id, layout]);
      if (failSave) throw new Error('CRM preferences service down');
      data.set(id, layout);
    },
  };
}

const DEFAULT_ORDER = ['profile', 'source', 'orders', 'tags', 'analytics'];

// ------------------------------------------------------------------------------------------------

describe('<client-widget>', () => {
  describe('W1 widget settings', () => {
    it('W1: shows the built-in sections as headed regions in the default order', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      expect(sectionIds(el)).to.deep.equal(DEFAULT_ORDER);
      for (const s of $$(el, 'section.section')) {
        const heading = root(el).getElementById(s.getAttribute('aria-labelledby')!);
        expect(heading?.getAttribute('role'), 'heading').to.equal('heading');
        expect(heading?.getAttribute('aria-level')).to.equal('3');
      }
      expect(text($(el, '[role="heading"][aria-level="2"]'))).to.equal('Client');
      await expect(el).to.be.accessible();
    });

    it('W1: the settings hide, show and reorder sections by keyboard, announced politely; Escape closes and returns focus', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      const changes: WidgetLayout[] = [];
      el.addEventListener('widget-settings-change', (e) => changes.push(e.detail));

      const settings = button(el, 'Widget settings')!;
      expect(settings.getAttribute('aria-expanded')).to.equal('false');
      settings.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await waitUntil(() => focused(el)?.matches('.settings input[type="checkbox"]'), 'focus in the panel');
      expect(settings.getAttribute('aria-expanded')).to.equal('true');
      const rows = () => $$(el, '.settings-row').map((r) => r.dataset['id']);
      expect(rows()).to.deep.equal(DEFAULT_ORDER);
      await expect(el).to.be.accessible();

      // Space on the first checkbox hides Profile.
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(sectionIds(el)).to.deep.equal(['source', 'orders', 'tags', 'analytics']);
      expect(text($(el, '[role="status"]'))).to.equal('Profile hidden.');
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(sectionIds(el)).to.deep.equal(DEFAULT_ORDER);

      // Tab skips the disabled "Move Profile up" and reaches "Move Profile down".
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.getAttribute('aria-label')).to.equal('Move Profile down');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(rows()).to.deep.equal(['source', 'profile', 'orders', 'tags', 'analytics']);
      expect(sectionIds(el)).to.deep.equal(['source', 'profile', 'orders', 'tags', 'analytics']);
      expect(text($(el, '[role="status"]'))).to.equal('Profile moved to position 2 of 5.');
      expect(focused(el)?.getAttribute('aria-label'), 'focus stays on the moved row').to.equal('Move Profile down');
      // Down to the end: the button disables, focus moves to "Move Profile up".
      for (let i = 0; i < 3; i++) {
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
      }
      expect(sectionIds(el)).to.deep.equal(['source', 'orders', 'tags', 'analytics', 'profile']);
      expect(focused(el)?.getAttribute('aria-label')).to.equal('Move Profile up');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(sectionIds(el)).to.deep.equal(['source', 'orders', 'tags', 'profile', 'analytics']);
      expect(changes.length).to.equal(7);
      expect(changes.at(-1)!.sections.map((s) => s.id)).to.deep.equal(['source', 'orders', 'tags', 'profile', 'analytics']);

      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect($(el, '.settings')).to.equal(null);
      await waitUntil(() => focused(el) === button(el, 'Widget settings'), 'focus back on the settings button');
      await expect(el).to.be.accessible();
    });

    it('W1: the layout is kept per operator: another element of the same operator reads it (and follows it); another operator has their own', async () => {
      await start();
      const admin = await signIn(SEED_IDS.admin);
      const { dialog } = fullDialog(admin);
      const first = await mount(admin, { dialogId: dialog.id });
      first.setLayout({
        sections: [
          { id: 'tags', visible: true },
          { id: 'profile', visible: true },
          { id: 'source', visible: true },
          { id: 'orders', visible: true },
          { id: 'analytics', visible: false },
        ],
      });
      await first.updateComplete;
      expect(sectionIds(first)).to.deep.equal(['tags', 'profile', 'source', 'orders']);
      await waitUntil(() => localStorage.getItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`) !== null, 'saved in localStorage');

      const second = await mount(admin, { dialogId: dialog.id });
      expect(sectionIds(second)).to.deep.equal(['tags', 'profile', 'source', 'orders']);

      // Maria (another operator, same page) keeps the defaults.
      const maria = await signIn(SEED_IDS.maria);
      const hers = [...maria.$dialogs.get().values()].find((d) => d.clientId !== null)!;
      const third = await mount(maria, { dialogId: hers.id });
      expect(sectionIds(third)).to.deep.equal(DEFAULT_ORDER);
      expect(localStorage.getItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.maria}`)).to.equal(null);

      // A change in one of the admin's blocks reaches the other at once.
      await openSettings(first);
      const analytics = $$<HTMLInputElement>(first, '.settings-row')
        .find((r) => r.dataset['id'] === 'analytics')!
        .querySelector('input')!;
      analytics.click();
      await first.updateComplete;
      await waitUntil(() => sectionIds(second).includes('analytics'), 'the second block follows');
      expect(sectionIds(second)).to.deep.equal(['tags', 'profile', 'source', 'orders', 'analytics']);
      expect(sectionIds(third)).to.deep.equal(DEFAULT_ORDER);
    });

    it('W1: a host-supplied settingsStore is used to load and save; a failing save is said, and the change stays', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const store = recordingStore({
        [SEED_IDS.admin]: {
          sections: [
            { id: 'orders', visible: true },
            { id: 'profile', visible: false },
          ],
        },
      });
      const el = await mount(c, { dialogId: dialog.id, store });
      expect(store.loads).to.deep.equal([SEED_IDS.admin]);
      // Stored entries first, then the sections the layout did not mention, in their default places.
      expect(sectionIds(el)).to.deep.equal(['orders', 'tags', 'analytics', 'source']);
      expect(localStorage.getItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`)).to.equal(null);
      await openSettings(el);
      const event = oneEvent(el, 'widget-settings-change');
      button(el, 'Move Tags up')!.click();
      const detail = ((await event) as CustomEvent<WidgetLayout>).detail;
      expect(detail.sections.map((s) => s.id)).to.deep.equal(['tags', 'orders', 'analytics', 'profile', 'source']);
      await waitUntil(() => store.saves.length === 1, 'saved');
      expect(store.saves[0]![0]).to.equal(SEED_IDS.admin);
      expect(store.saves[0]![1]).to.deep.equal(detail);
      expect(sectionIds(el)).to.deep.equal(['tags', 'orders', 'analytics', 'source']);

      const failing = recordingStore({}, true);
      el.settingsStore = failing;
      await ready(el);
      expect(sectionIds(el)).to.deep.equal(DEFAULT_ORDER);
      button(el, 'Move Source up')!.click();
      await waitUntil(() => $(el, '.settings [role="alert"]'), 'error shown');
      expect(text($(el, '.settings [role="alert"]'))).to.contain('Your widget settings could not be saved');
      expect(sectionIds(el)).to.deep.equal(['source', 'profile', 'orders', 'tags', 'analytics']);
      await expect(el).to.be.accessible();
    });
  });

  describe('W1 stored layouts', () => {
    it('W1: a malformed stored layout counts as none: the defaults show, and the next change replaces it', async () => {
      localStorage.setItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`, '{"sections": "not a list"');
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      expect(sectionIds(el)).to.deep.equal(DEFAULT_ORDER);
      expect($(el, '[role="alert"]')).to.equal(null);
      el.setLayout({ sections: ['analytics', 'profile', 'source', 'orders', 'tags'].map((id) => ({ id, visible: true })) });
      await waitUntil(() => localStorage.getItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`)?.startsWith('{"sections":[{"id":"analytics"'), 'replaced');
      expect(sectionIds(el)[0]).to.equal('analytics');
    });

    it('W1: entries of sections absent from this page (a host widget of another page) are kept through changes', async () => {
      const stored: WidgetLayout = {
        sections: [
          { id: 'crm-elsewhere', visible: false },
          { id: 'tags', visible: true },
          { id: 'profile', visible: true },
        ],
      };
      localStorage.setItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`, JSON.stringify(stored));
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      // Sections the layout does not mention take their place after their default predecessor.
      expect(sectionIds(el)).to.deep.equal(['tags', 'analytics', 'profile', 'source', 'orders']);
      await openSettings(el);
      expect($$(el, '.settings-row').map((r) => r.dataset['id'])).to.not.include('crm-elsewhere');
      button(el, 'Move Profile up')!.click();
      await el.updateComplete;
      await waitUntil(() => JSON.parse(localStorage.getItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`)!).sections[2].id === 'profile', 'saved');
      const saved = JSON.parse(localStorage.getItem(`${LAYOUT_KEY_PREFIX}${SEED_IDS.admin}`)!) as WidgetLayout;
      expect(saved.sections.map((x) => x.id)).to.deep.equal(['crm-elsewhere', 'tags', 'profile', 'analytics', 'source', 'orders']);
      expect(saved.sections[0]).to.deep.equal({ id: 'crm-elsewhere', visible: false });
      // Restore defaults keeps it too (shown, at the end).
      button(el, 'Restore defaults')!.click();
      await el.updateComplete;
      expect(sectionIds(el)).to.deep.equal(DEFAULT_ORDER);
      expect(el.layout.sections.map((x) => x.id)).to.deep.equal([...DEFAULT_ORDER, 'crm-elsewhere']);
    });
  });

  describe('issue 17: the settings panel and the detach confirmation on demand', () => {
    /** Makes the first load of an on-demand part of `el` fail as a lost connection would; returns the loads made. */
    function failFirstLoad(el: ClientWidget, part: 'panel' | 'detach'): { calls: number } {
      const od = (el as unknown as Record<string, { load: () => Promise<unknown> }>)[part]!;
      const load = od.load;
      const seen = { calls: 0 };
      od.load = async () => {
        if (++seen.calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
        return load();
      };
      return seen;
    }

    it('W1: a failed load of the settings panel says why with Retry; Retry loads it and focus goes to its first checkbox', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      const loads = failFirstLoad(el, 'panel');
      button(el, 'Widget settings')!.click();
      await waitUntil(() => $(el, '.on-demand[role="alert"]'), 'the failure is shown');
      expect(text($(el, '.on-demand'))).to.equal('The chat service is unavailable. Try again later. Retry');
      expect($(el, '.settings')).to.equal(null);
      expect(button(el, 'Widget settings')!.getAttribute('aria-expanded')).to.equal('true');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '.on-demand button')!.click();
      await waitUntil(() => $(el, '.settings'), 'the panel on Retry');
      await waitUntil(() => focused(el)?.matches('.settings input[type="checkbox"]'), 'focus on its first checkbox');
      expect(loads.calls).to.equal(2);
      expect($(el, '.on-demand')).to.equal(null);
      // Its styles came with the chunk: the panel is a grid.
      expect(getComputedStyle($(el, '.settings')!).display).to.equal('grid');
      await expect(el).to.be.accessible();
    });

    it('W2/H5: a failed load of the detach confirmation says why with Retry; Retry opens it, modal', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c, (d) => d.assignee === null);
      const el = await mount(c, { dialogId: dialog.id });
      const loads = failFirstLoad(el, 'detach');
      button(el, 'Detach client')!.click();
      await waitUntil(() => $(el, '.on-demand[role="alert"]'), 'the failure is shown');
      expect(text($(el, '.on-demand'))).to.equal('The chat service is unavailable. Try again later. Retry');
      expect($(el, 'dialog.confirm')).to.equal(null);
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '.on-demand button')!.click();
      await waitUntil(() => $(el, 'dialog.confirm[open]'), 'the confirmation on Retry');
      expect($<HTMLDialogElement>(el, 'dialog.confirm')!.matches(':modal')).to.equal(true);
      expect(loads.calls).to.equal(2);
      expect($(el, '.on-demand')).to.equal(null);
      expect(c.$dialogs.get().get(dialog.id)!.clientId).to.not.equal(null);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !$(el, 'dialog.confirm'), 'closed by Escape');
    });
  });

  describe('W2/H5 detach', () => {
    it('W2/H5: "Detach client" asks in a modal first; Cancel keeps the link and returns focus to the button', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c, (d) => d.assignee === null);
      const el = await mount(c, { dialogId: dialog.id });
      const trigger = button(el, 'Detach client')!;
      trigger.focus();
      trigger.click();
      await waitUntil(() => $(el, 'dialog.confirm'), 'the confirmation (its chunk loaded on first use)');
      const dlg = $<HTMLDialogElement>(el, 'dialog.confirm')!;
      expect(dlg.matches(':modal')).to.equal(true);
      expect(text(dlg.querySelector('h2'))).to.equal('Detach the client?');
      await expect(el).to.be.accessible();
      [...dlg.querySelectorAll('button')].find((b) => text(b) === 'Cancel')!.click();
      await waitUntil(() => !$(el, 'dialog.confirm'), 'closed');
      await waitUntil(() => focused(el) === button(el, 'Detach client'), 'focus back on the trigger');
      expect(c.$dialogs.get().get(dialog.id)!.clientId).to.not.equal(null);
      // Escape closes it too.
      await openDetach(el);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !$(el, 'dialog.confirm'), 'closed by Escape');
      expect(c.$dialogs.get().get(dialog.id)!.clientId).to.not.equal(null);
    });

    it('W2/H5: confirming unlinks: the block says the dialog has no client, analytics are gone, the client still exists', async () => {
      await start();
      const c = await signIn();
      const { dialog, customer } = fullDialog(c, (d) => d.assignee === null);
      const el = await mount(c, { dialogId: dialog.id });
      expect(facts(section(el, 'analytics'))['Visits']).to.equal(String(customer.analytics!.visits));
      await openDetach(el);
      const done = oneEvent(el, 'client-detach') as Promise<CustomEvent<ClientDetachDetail>>;
      [...$(el, 'dialog.confirm')!.querySelectorAll('button')].find((b) => text(b) === 'Detach client')!.click();
      expect((await done).detail).to.deep.equal({ dialogId: dialog.id, clientId: customer.id });
      await waitUntil(() => !$(el, 'dialog.confirm'), 'modal closed');
      await el.updateComplete;
      expect(c.$dialogs.get().get(dialog.id)!.clientId).to.equal(null);
      expect(text($(el, '.notice-title'))).to.equal('This dialog has no client.');
      expect(sectionIds(el)).to.deep.equal(['analytics']);
      expect(text(section(el, 'analytics'))).to.contain('Analytics unavailable: the client was detached from this dialog.');
      expect(facts(section(el, 'analytics'))).to.deep.equal({});
      expect(button(el, 'Detach client')).to.equal(null);
      await waitUntil(() => focused(el)?.classList.contains('notice'), 'focus on the notice that replaced the button');
      expect(text($(el, '[role="status"]'))).to.equal('Client detached from the dialog.');
      // H5: the client is not deleted.
      const stored = await backend!.core.storage.client(customer.id);
      expect(stored?.name).to.equal(customer.name);
      expect((await backend!.core.storage.dialog(dialog.id))!.clientId).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('W2/H5: a refused detach keeps the link and says why in the confirmation, which stays open', async () => {
      await start();
      // The real backend, except that this one command is refused as if the service were down.
      const inner = backend!.transport(SEED_IDS.admin);
      const transport: Transport = {
        request: (name, input, opts) => (name === 'detachClient' ? Promise.reject(new ChatCommandError('unavailable', 'down for maintenance')) : inner.request(name, input, opts)),
        upload: (dialogId, file, name, opts) => inner.upload(dialogId, file, name, opts),
        connect: (listener) => inner.connect(listener),
      };
      const c = createChatClient({ transport, now: () => NOW });
      await c.start();
      clients.push(c);
      await loadWhole(c);
      const { dialog, customer } = fullDialog(c, (d) => d.assignee === null);
      const el = await mount(c, { dialogId: dialog.id });
      await openDetach(el);
      const dlg = $<HTMLDialogElement>(el, 'dialog.confirm')!;
      [...dlg.querySelectorAll('button')].find((b) => text(b) === 'Detach client')!.click();
      await waitUntil(() => dlg.querySelector('[role="alert"]'), 'error shown');
      expect(text(dlg.querySelector('[role="alert"]'))).to.equal('The chat service is unavailable. Try again later.');
      expect(dlg.open).to.equal(true);
      expect(c.$dialogs.get().get(dialog.id)!.clientId).to.equal(customer.id);
      expect(sectionIds(el)).to.include('profile');
      expect((await backend!.core.storage.dialog(dialog.id))!.clientId).to.equal(customer.id);
      await expect(el).to.be.accessible();
    });

    it("H5: the seed's detached dialog shows no client and analytics unavailable", async () => {
      await start();
      const c = await signIn();
      const el = await mount(c, { dialogId: SEED_IDS.detachedDialog });
      expect(text($(el, '.notice-title'))).to.equal('This dialog has no client.');
      expect(sectionIds(el)).to.deep.equal(['analytics']);
      expect(text(section(el, 'analytics'))).to.contain('Analytics unavailable');
      expect(button(el, 'Detach client')).to.equal(null);
      expect(await backend!.core.storage.client(SEED_IDS.detachedClient)).to.not.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('H5: detach is not offered to an operator who may not manage the dialog, with a short reason', async () => {
      await start();
      const ivan = await signIn(SEED_IDS.ivan);
      const bot = ivan.$dialogs.get().get(SEED_IDS.botDialog)!;
      expect(bot.assignee?.kind).to.equal('bot');
      const el = await mount(ivan, { dialogId: bot.id });
      expect(sectionIds(el)).to.include('profile');
      expect(button(el, 'Detach client')).to.equal(null);
      const botName = ivan.$bots.get().find((b) => b.id === bot.assignee!.id)!.name;
      expect(text($(el, '.why'))).to.equal(`The bot ${botName} holds this dialog: only an administrator can detach the client.`);
      // On his own dialog he may.
      const own = [...ivan.$dialogs.get().values()].find((d) => d.assignee?.kind === 'operator' && d.assignee.id === SEED_IDS.ivan && d.clientId)!;
      el.dialogId = own.id;
      await el.updateComplete;
      expect(button(el, 'Detach client')).to.not.equal(null);
      expect($(el, '.why')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('C1 source', () => {
    it('C1: shows the channel, campaign, UTM fields, referrer, landing page and first contact time', async () => {
      await start();
      const c = await signIn();
      const { dialog, customer } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      const src = customer.source!;
      const f = facts(section(el, 'source'));
      expect(f['Channel']).to.equal(c.$channelsById.get().get(src.channelId)!.name);
      if (src.campaign) expect(f['Campaign']).to.equal(src.campaign);
      expect(f['UTM source']).to.equal(src.utm!.source);
      if (src.utm!.medium) expect(f['UTM medium']).to.equal(src.utm!.medium);
      expect(f['Referrer']).to.equal(src.referrer);
      expect(f['Landing page']).to.equal(src.landingPage);
      const time = section(el, 'source')!.querySelector('time')!;
      expect(time.getAttribute('datetime')).to.equal(new Date(src.firstContactAt).toISOString());
      expect(f['First contact']).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(src.firstContactAt));
      const link = section(el, 'source')!.querySelector<HTMLAnchorElement>('a.url')!;
      expect(link.rel).to.contain('noopener');
      await expect(el).to.be.accessible();
    });

    it('C1: a client with no source says where they came from is not known', async () => {
      await start();
      const c = await signIn();
      const d = [...c.$dialogs.get().values()].find((x) => x.clientId && wholeClient(c, x.clientId).source === null)!;
      const el = await mount(c, { dialogId: d.id });
      expect(text(section(el, 'source'))).to.contain('Where this client came from is not known.');
      expect(facts(section(el, 'source'))).to.deep.equal({});
      await expect(el).to.be.accessible();
    });

    it("C1: a new dialog's source shows as soon as the dialog arrives, in a block following the active dialog", async () => {
      await start();
      const c = await signIn();
      const el = await mount(c);
      expect(text($(el, '.notice-title'))).to.equal('Open a dialog to see its client here.');
      await expect(el).to.be.accessible();
      // The page opens a dialog the moment it appears (as an inbox may for a new conversation).
      const before = new Set(c.$dialogs.get().keys());
      const off = c.$dialogs.listen((map) => {
        for (const id of map.keys()) if (!before.has(id)) void c.openDialog(id);
      });
      const source = {
        channelId: SEED_IDS.channels.site,
        campaign: 'Spring sale',
        utm: { source: 'newsletter', medium: 'email', campaign: 'spring-25' },
        referrer: 'https://mail.example.com/',
        landingPage: 'https://shop.example.com/spring',
        firstContactAt: NOW - 60_000,
      };
      const { dialog } = await backend!.core.startDialog({ channelId: SEED_IDS.channels.site, name: 'Lucía Romero', source, text: 'Hola' });
      off();
      await waitUntil(() => section(el, 'source') && facts(section(el, 'source'))['Campaign'] === 'Spring sale', 'source shown');
      expect(c.$activeDialogId.get()).to.equal(dialog.id);
      const f = facts(section(el, 'source'));
      expect(f['UTM campaign']).to.equal('spring-25');
      expect(f['Landing page']).to.equal('https://shop.example.com/spring');
      expect(text(section(el, 'profile')!.querySelector('.name'))).to.equal('Lucía Romero');
      await expect(el).to.be.accessible();
    });
  });

  describe('C2 orders', () => {
    it('C2: orders show number, status, total and date, newest first; one the bot created shows its source', async () => {
      await start();
      const c = await signIn();
      const { dialog, customer } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id });
      const items = [...section(el, 'orders')!.querySelectorAll<HTMLElement>('li.order')];
      const sorted = [...customer.orders].sort((a, b) => b.createdAt - a.createdAt);
      expect(items.map((li) => li.dataset['order'])).to.deep.equal(sorted.map((o) => o.id));
      for (const [i, o] of sorted.entries()) {
        const li = items[i]!;
        expect(text(li.querySelector('.order-number'))).to.equal(`Order ${o.number}`);
        expect(text(li.querySelector('.total'))).to.equal(`Total: ${new Intl.NumberFormat('en', { style: 'currency', currency: o.currency }).format(o.total)}`);
        expect(li.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(o.createdAt).toISOString());
        expect(li.querySelector('.status')!.getAttribute('data-status')).to.equal(o.status);
        if (o.createdByBot) {
          expect(text(li.querySelector('.by-bot'))).to.equal('Created by the bot');
          const f = facts(li.querySelector('.order-source'));
          expect(f['Channel']).to.equal(c.$channelsById.get().get(o.source!.channelId)!.name);
          expect(li.querySelector('.order-source')!.getAttribute('aria-label')).to.equal(`Source: Order ${o.number}`);
        } else {
          expect(li.querySelector('.by-bot')).to.equal(null);
          expect(li.querySelector('.order-source')).to.equal(null);
        }
      }
      await expect(el).to.be.accessible();
    });

    it('C2: orders from a host-supplied provider: loading, then its orders; a failure says why and Retry runs it again', async () => {
      await start();
      const c = await signIn();
      const { dialog, customer } = fullDialog(c);
      let release!: (orders: Order[]) => void;
      let fail!: (e: Error) => void;
      const calls: Client[] = [];
      const provider = (cl: Client) => {
        calls.push(cl);
        return new Promise<Order[]>((res, rej) => {
          release = res;
          fail = rej;
        });
      };
      const el = await fixture<ClientWidget>(litHtml`<client-widget .client=${c} dialog-id=${dialog.id} locale="en" .orderProvider=${provider}></client-widget>`);
      await ready(el);
      expect(calls.map((x) => x.id)).to.deep.equal([customer.id]);
      expect(text(section(el, 'orders'))).to.contain('Loading orders…');
      await expect(el).to.be.accessible();
      const crm: Order = {
        id: 'crm-1',
        number: 'CRM-77',
        status: 'processing',
        total: 120.5,
        currency: 'EUR',
        createdAt: NOW - 3_600_000,
        createdByBot: true,
        source: { channelId: SEED_IDS.channels.telegram, campaign: 'Bot promo', firstContactAt: NOW - 7_200_000 },
      };
      release([crm]);
      await waitUntil(() => section(el, 'orders')!.querySelector('li.order'), 'orders shown');
      expect(text(section(el, 'orders')!.querySelector('.order-number'))).to.equal('Order CRM-77');
      expect(text(section(el, 'orders')!.querySelector('.status'))).to.equal('Status: Processing');
      expect(facts(section(el, 'orders')!.querySelector('.order-source'))['Campaign']).to.equal('Bot promo');

      el.reloadOrders();
      await el.updateComplete;
      fail(new Error('CRM down'));
      await waitUntil(() => section(el, 'orders')!.querySelector('[role="alert"]'), 'error shown');
      expect(text(section(el, 'orders')!.querySelector('[role="alert"] p'))).to.equal('The orders could not be loaded: The chat service is unavailable. Try again later.');
      await expect(el).to.be.accessible();
      button(el, 'Retry')!.click();
      await el.updateComplete;
      expect(calls.length).to.equal(3);
      expect(text(section(el, 'orders'))).to.contain('Loading orders…');
      release([]);
      await waitUntil(() => text(section(el, 'orders')).includes('No orders yet.'), 'empty');
    });
  });

  describe('L5/T6 tags', () => {
    it('L5/T6: tags show in their colours with readable text; add, pin, unpin and remove go through setClientTags', async () => {
      await start();
      const c = await signIn();
      const d = c.$dialogs.get().get(SEED_IDS.waitingDialog)!;
      const clientId = d.clientId!;
      const el = await mount(c, { dialogId: d.id });
      const chips = () => $$(el, '.tag').map((t) => ({ id: t.dataset['tag']!, pinned: t.hasAttribute('data-pinned') }));
      expect(chips()).to.deep.equal(
        c.$clients
          .get()
          .get(clientId)!
          .tags.map((t) => ({ id: t.tagId, pinned: t.pinned })),
      );
      // Readable text on every tag colour (WCAG AA).
      for (const chip of $$(el, '.chip')) {
        const style = getComputedStyle(chip);
        expect(contrastRatio(hex(style.backgroundColor), hex(style.color)), chip.textContent!).to.be.at.least(4.5);
      }
      expect(text($(el, '.tag[data-pinned] .chip'))).to.contain('pinned');

      const events: ClientTagsChangeDetail[] = [];
      el.addEventListener('client-tags-change', (e) => events.push(e.detail));
      const tag = c.$tags.get().find(
        (t) =>
          !c.$clients
            .get()
            .get(clientId)!
            .tags.some((x) => x.tagId === t.id),
      )!;
      // Add: pick in the select, then "Add tag".
      const select = $<HTMLSelectElement>(el, 'select.add-select')!;
      select.value = tag.id;
      select.dispatchEvent(new Event('change'));
      button(el, 'Add tag')!.click();
      await waitUntil(() => events.length === 1, 'added');
      expect(events[0]).to.include({ clientId, action: 'add', tagId: tag.id });
      expect(c.$clients.get().get(clientId)!.tags.at(-1)).to.deep.equal({ tagId: tag.id, pinned: false });
      expect((await backend!.core.storage.client(clientId))!.tags.some((t) => t.tagId === tag.id)).to.equal(true);
      await el.updateComplete;
      expect(chips().at(-1)).to.deep.equal({ id: tag.id, pinned: false });
      expect(text($(el, '[role="status"]'))).to.equal(`Tag ${tag.name} added.`);

      // Pin (L5: pinned ones show under the name in the dialog list).
      const pin = button(el, `Pin tag ${tag.name}`)!;
      expect(pin.getAttribute('aria-pressed')).to.equal('false');
      pin.click();
      await waitUntil(() => events.length === 2, 'pinned');
      expect(events[1]!.action).to.equal('pin');
      expect(pinnedIn(c, clientId, tag.id)).to.equal(true);
      await el.updateComplete;
      expect(button(el, `Pin tag ${tag.name}`)!.getAttribute('aria-pressed')).to.equal('true');
      // Unpin.
      button(el, `Pin tag ${tag.name}`)!.click();
      await waitUntil(() => events.length === 3, 'unpinned');
      expect(events[2]!.action).to.equal('unpin');
      expect(pinnedIn(c, clientId, tag.id)).to.equal(false);
      // Remove.
      button(el, `Remove tag ${tag.name}`)!.click();
      await waitUntil(() => events.length === 4, 'removed');
      expect(
        c.$clients
          .get()
          .get(clientId)!
          .tags.some((t) => t.tagId === tag.id),
      ).to.equal(false);
      expect((await backend!.core.storage.client(clientId))!.tags.some((t) => t.tagId === tag.id)).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('L5/T6: a refused tag change is rolled back and the reason shown', async () => {
      await start();
      const c = await signIn();
      const d = c.$dialogs.get().get(SEED_IDS.waitingDialog)!;
      const clientId = d.clientId!;
      const before = c.$clients.get().get(clientId)!.tags;
      // A tag another operator deleted a moment ago: still in this page's dictionary, not on the server.
      c.apply({ seq: 0, type: 'tag.upserted', tag: { id: 'tag-ghost', name: 'Ghost', color: '#334455' } });
      const el = await mount(c, { dialogId: d.id });
      const select = $<HTMLSelectElement>(el, 'select.add-select')!;
      select.value = 'tag-ghost';
      select.dispatchEvent(new Event('change'));
      button(el, 'Add tag')!.click();
      await waitUntil(() => $(el, '.section [role="alert"]'), 'error shown');
      expect(text($(el, '.section [role="alert"]'))).to.equal('The tags were not changed: It no longer exists or you cannot see it.');
      expect(c.$clients.get().get(clientId)!.tags).to.deep.equal(before);
      await el.updateComplete;
      expect($$(el, '.tag').map((t) => t.dataset['tag'])).to.deep.equal(before.map((t) => t.tagId));
      // Nothing picked: a clear message, nothing sent.
      select.value = '';
      select.dispatchEvent(new Event('change'));
      button(el, 'Add tag')!.click();
      await el.updateComplete;
      expect(text($(el, '.section [role="alert"]'))).to.equal('Choose a tag to add.');
      await expect(el).to.be.accessible();
    });
  });

  describe('Profile', () => {
    it('Profile: name, photo, contacts per channel', async () => {
      const photo = pngDataUrl('#0369a1');
      await start({ seed: (d) => ({ ...d, clients: d.clients.map((cl) => (cl.id === SEED_IDS.multiDialogClient ? { ...cl, avatarUrl: photo } : cl)) }) });
      const c = await signIn();
      const customer = wholeClient(c, SEED_IDS.multiDialogClient);
      expect(customer.contacts.length).to.be.at.least(2);
      const el = await mount(c, { dialogId: SEED_IDS.multiDialogs[1] });
      const profile = section(el, 'profile')!;
      expect(text(profile.querySelector('.name'))).to.equal(customer.name);
      expect(profile.querySelector('img.avatar')!.getAttribute('src')).to.equal(photo);
      const contacts = [...profile.querySelectorAll<HTMLElement>('li.contact')];
      expect(contacts.map((li) => li.dataset['channel'])).to.deep.equal(customer.contacts.map((x) => x.channelId));
      for (const [i, x] of customer.contacts.entries()) {
        expect(text(contacts[i]!.querySelector('.handle'))).to.equal(x.handle);
        expect(text(contacts[i]!.querySelector('.channel'))).to.equal(c.$channelsById.get().get(x.channelId)!.name);
      }
      expect(profile.querySelector('.blocked')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('H4: a blocked client shows "Blocked" and what it means; initials stand in for a missing photo', async () => {
      await start();
      const c = await signIn();
      const el = await mount(c, { dialogId: SEED_IDS.blockedDialog });
      const profile = section(el, 'profile')!;
      expect(text(profile.querySelector('.blocked'))).to.equal('Blocked');
      expect(text(profile)).to.contain('Messages to and from this client are neither sent nor received.');
      const name = c.$clients.get().get(SEED_IDS.blockedClient)!.name;
      expect(text(profile.querySelector('.initials'))).to.equal(
        name
          .split(' ')
          .map((w) => w[0])
          .join('')
          .slice(0, 2)
          .toUpperCase(),
      );
      await expect(el).to.be.accessible();
    });
  });

  describe('W1 host widgets', () => {
    it('W1: a host widget registered with ClientWidget.registerWidget renders from the client and takes part in show, hide and reorder', async () => {
      await start();
      const c = await signIn();
      const { dialog, customer } = fullDialog(c);
      const off = ClientWidget.registerWidget({
        id: 'crm-deals',
        title: (locale) => (({ en: 'Deals', es: 'Negocios', ru: 'Сделки' }) as Record<string, string>)[locale] ?? 'Deals',
        render: ({ client, dialog: dl, locale }) => litHtml`<p class="deal">${client?.name} · ${dl?.id} · ${locale}</p>`,
      });
      try {
        const el = await mount(c, { dialogId: dialog.id });
        expect(sectionIds(el)).to.deep.equal([...DEFAULT_ORDER, 'crm-deals']);
        expect(text(section(el, 'crm-deals')!.querySelector('[role="heading"]'))).to.equal('Deals');
        expect(text(section(el, 'crm-deals')!.querySelector('.deal'))).to.equal(`${customer.name} · ${dialog.id} · en`);
        await openSettings(el);
        button(el, 'Move Deals up')!.click();
        await el.updateComplete;
        expect(sectionIds(el)).to.deep.equal(['profile', 'source', 'orders', 'tags', 'crm-deals', 'analytics']);
        $$(el, '.settings-row')
          .find((r) => r.dataset['id'] === 'crm-deals')!
          .querySelector('input')!
          .click();
        await el.updateComplete;
        expect(sectionIds(el)).to.not.include('crm-deals');
        expect(text($(el, '[role="status"]'))).to.equal('Deals hidden.');
        await expect(el).to.be.accessible();
        // Translated with the block.
        el.locale = 'es';
        $$(el, '.settings-row')
          .find((r) => r.dataset['id'] === 'crm-deals')!
          .querySelector('input')!
          .click();
        await el.updateComplete;
        expect(text(section(el, 'crm-deals')!.querySelector('[role="heading"]'))).to.equal('Negocios');
      } finally {
        off();
      }
    });

    it('W1: slotted host widgets (slot="widget:<id>", data-title) become sections in the same settings', async () => {
      await start();
      const c = await signIn();
      const { dialog } = fullDialog(c);
      const el = await mount(c, { dialogId: dialog.id }, litHtml`<div slot="widget:crm-notes" data-title="Notes" data-title-es="Notas"><p>Call back after 5 pm</p></div>`);
      await el.updateComplete;
      expect(sectionIds(el)).to.deep.equal([...DEFAULT_ORDER, 'crm-notes']);
      const slot = section(el, 'crm-notes')!.querySelector('slot')!;
      expect(slot.assignedElements()[0]!.textContent).to.contain('Call back after 5 pm');
      await openSettings(el);
      for (let i = 0; i < 5; i++) {
        button(el, 'Move Notes up')!.click();
        await el.updateComplete;
      }
      expect(sectionIds(el)).to.deep.equal(['crm-notes', ...DEFAULT_ORDER]);
      expect(button(el, 'Move Notes up')!.disabled).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('mode="order" and states', () => {
    it('C1/C2: mode="order" renders the source and orders alone (order-id narrows to the order card\'s own)', async () => {
      await start();
      const c = await signIn();
      const { customer } = fullDialog(c);
      const el = await mount(c, { clientId: customer.id, mode: 'order' });
      expect(sectionIds(el)).to.deep.equal(['source', 'orders']);
      expect(button(el, 'Widget settings')).to.equal(null);
      expect(button(el, 'Detach client')).to.equal(null);
      expect($$(el, 'li.order').length).to.equal(customer.orders.length);
      await expect(el).to.be.accessible();
      const botOrder = customer.orders.find((o) => o.createdByBot)!;
      el.orderId = botOrder.id;
      await el.updateComplete;
      expect($$(el, 'li.order').map((li) => li.dataset['order'])).to.deep.equal([botOrder.id]);
      expect($(el, 'li.order .order-source')).to.not.equal(null);
      // The operator's hidden sections do not matter here.
      el.setLayout({
        sections: [
          { id: 'source', visible: false },
          { id: 'orders', visible: false },
        ],
      });
      await el.updateComplete;
      expect(sectionIds(el)).to.deep.equal(['source', 'orders']);
    });

    it('client-id: shows a client directly (a CRM client card); an unknown one is said to be unavailable', async () => {
      await start();
      const c = await signIn();
      const { customer } = fullDialog(c);
      const el = await mount(c, { clientId: customer.id });
      expect(text(section(el, 'profile')!.querySelector('.name'))).to.equal(customer.name);
      expect(button(el, 'Detach client')).to.equal(null);
      el.clientId = 'cl-nobody';
      await el.updateComplete;
      // Asked of the server, which knows no such client.
      await waitUntil(() => text($(el, '.notice-title')) === 'This client is not available to you.', 'unknown client refused');
      expect(sectionIds(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('states: no dialog open, a dialog not visible, no chat client', async () => {
      await start();
      const maria = await signIn(SEED_IDS.maria);
      const el = await mount(maria);
      expect(text($(el, '.notice-title'))).to.equal('Open a dialog to see its client here.');
      // dlg-0007 is the administrator's: Maria does not see it.
      el.dialogId = SEED_IDS.blockedDialog;
      await el.updateComplete;
      // Not in Maria's list window: the widget asks the server, which refuses it.
      await waitUntil(() => text($(el, '.notice-title')) === 'This dialog is not available to you.', 'refused dialog shown as not available');
      expect(maria.$dialogs.get().has(SEED_IDS.blockedDialog)).to.equal(false);
      await expect(el).to.be.accessible();
      const alone = await fixture<ClientWidget>(litHtml`<client-widget locale="en"></client-widget>`);
      expect(text($(alone, '.notice-title'))).to.equal('Not connected to the chat service.');
      await expect(alone).to.be.accessible();
    });

    it('C1/C2: client-id of a client the list has not loaded: the whole record is asked for and kept while shown; a client Maria may not see is not shown', async () => {
      await start();
      const c = createChatClient({ transport: backend!.transport(SEED_IDS.admin), now: () => NOW, listPageSize: 1 });
      await c.start();
      clients.push(c);
      const inStorage = (await backend!.core.storage.clients()).find((x) => x.orders.length > 0 && !c.$clients.get().has(x.id))!;
      const el = await mount(c, { clientId: inStorage.id });
      await waitUntil(() => section(el, 'profile'), 'profile shown');
      expect(text(section(el, 'profile')!.querySelector('.name'))).to.equal(inStorage.name);
      expect(sectionIds(el)).to.include('orders');
      expect(isFullClient(c.$clients.get().get(inStorage.id))).to.equal(true);
      await expect(el).to.be.accessible();
      // Gone from the page: the record is let go (no dialog of theirs is loaded).
      el.remove();
      expect(c.$clients.get().has(inStorage.id)).to.equal(false);

      // The blocked client's only dialog is the administrator's: Maria may not see the client.
      const maria = await signIn(SEED_IDS.maria);
      const refused = await mount(maria, { clientId: SEED_IDS.blockedClient });
      await waitUntil(() => text($(refused, '.notice-title')) === 'This client is not available to you.', 'refusal shown');
      expect(sectionIds(refused)).to.deep.equal([]);
      await expect(refused).to.be.accessible();
    });

    it('follows the dialog open in the inbox ($activeDialogId) when no dialog-id is given', async () => {
      await start();
      const c = await signIn();
      const el = await mount(c);
      await c.openDialog(SEED_IDS.blockedDialog);
      await el.updateComplete;
      expect(text(section(el, 'profile')!.querySelector('.name'))).to.equal(c.$clients.get().get(SEED_IDS.blockedClient)!.name);
      await c.openDialog(SEED_IDS.detachedDialog);
      await el.updateComplete;
      expect(text($(el, '.notice-title'))).to.equal('This dialog has no client.');
    });
  });

  describe('localization', () => {
    for (const [locale, expected] of [
      ['es', { title: 'Cliente', sections: ['Perfil', 'Origen', 'Pedidos (', 'Etiquetas', 'Analítica'], settings: 'Ajustes de widgets', detach: 'Desvincular cliente' }],
      ['ru', { title: 'Клиент', sections: ['Профиль', 'Источник', 'Заказы (', 'Теги', 'Аналитика'], settings: 'Настройки виджетов', detach: 'Отвязать клиента' }],
    ] as const) {
      it(`speaks ${locale}: titles, sections, button names, dates`, async () => {
        await Promise.all([loadLocale('es'), loadLocale('ru')]); // the shipped languages are lazy chunks
        await start();
        const c = await signIn();
        const { dialog, customer } = fullDialog(c, (d) => d.assignee === null);
        const el = await mount(c, { dialogId: dialog.id, locale });
        await ready(el);
        expect(text($(el, '.title'))).to.equal(expected.title);
        $$(el, '.section-heading').forEach((h, i) => expect(text(h).startsWith(expected.sections[i]!), text(h)).to.equal(true));
        expect(button(el, expected.settings)).to.not.equal(null);
        expect(button(el, expected.detach)).to.not.equal(null);
        const first = section(el, 'source')!.querySelector('time')!;
        expect(text(first)).to.equal(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(customer.source!.firstContactAt));
        await expect(el).to.be.accessible();
      });
    }
  });
});
