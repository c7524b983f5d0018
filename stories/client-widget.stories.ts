/**
 * `<client-widget>`: the client block right of the chat (W1, W2, C1, C2, H5, tags of L5/T6), and
 * what a CRM places into its client card and order card. Every story runs on the real backend core
 * with the demo data (toolbar: theme, language, role); the dialogs shown are picked from what the
 * signed-in operator sees, except where a story pins an operator (the blocked client is the
 * administrator's; Iván shows an operator who may not detach).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { ClientWidget, ClientWidgetDefinition, OrderProvider } from '../components/client-widget/client-widget.js';
import type { Locale } from '../components/i18n.js';
import { holdParts } from '../components/internal/on-demand.js';
import { canSeeDialog } from '../sdk/rules/permissions.js';
import type { Client, Dialog, Order } from '../sdk/model.js';
import { SEED_IDS, storyBackend, type StoryBackend } from './support/backend.js';
import { allUpdated, deepQuery, deepQueryAll, deepText } from './support/dom.js';

interface WidgetArgs {
  /** `full`: every section and the settings; `order`: the source and the orders alone. */
  mode: 'full' | 'order';
  /** Heading level of the block's title. */
  headingLevel: number;
}

// ------------------------------------------------------------------------------------------------
// Data

type Picker = (sb: StoryBackend) => { dialog: Dialog | null; customer: Client | null };

/** The dialogs the signed-in operator sees, with their whole clients, from the data the backend started with. */
const entries = ({ client: c, data }: StoryBackend) => {
  const me = c.$me.get();
  if (!data) return [];
  const clients = new Map(data.clients.map((x) => [x.id, x]));
  return data.dialogs.filter((dialog) => me && canSeeDialog(me, dialog)).map((dialog) => ({ dialog, customer: dialog.clientId ? (clients.get(dialog.clientId) ?? null) : null }));
};

/** A client with everything: source with UTM and referrer, analytics, orders (one by the bot), tags. */
const fullClient: Picker = (c) =>
  entries(c).find(({ customer: cl }) => !!cl?.source?.utm && !!cl.source.referrer && !!cl.analytics && cl.orders.some((o) => o.createdByBot && o.source) && cl.tags.length > 0) ??
  entries(c).find(({ customer }) => !!customer) ?? { dialog: null, customer: null };

/** A client nobody knows the source of (C1). */
const noSource: Picker = (c) => entries(c).find(({ customer }) => customer?.source === null) ?? { dialog: null, customer: null };

const byDialog =
  (id: string): Picker =>
  (sb) =>
    entries(sb).find(({ dialog }) => dialog.id === id) ?? { dialog: null, customer: null };

const loadedOf = (loaded: Record<string, unknown>): StoryBackend => loaded as unknown as StoryBackend;

// ------------------------------------------------------------------------------------------------
// Host widgets (per element: a page-wide `ClientWidget.registerWidget` would reach every story)

const DEALS_TITLE: Record<Locale, string> = { en: 'Deals', es: 'Negocios', ru: 'Сделки' };
const NOTES: Record<Locale, { title: string; text: string }> = {
  en: { title: 'CRM notes', text: 'Prefers a call after 5 pm. Asked about wholesale prices last month.' },
  es: { title: 'Notas del CRM', text: 'Prefiere una llamada después de las 17:00. Preguntó por precios mayoristas el mes pasado.' },
  ru: { title: 'Заметки CRM', text: 'Просит звонить после 17:00. В прошлом месяце спрашивал об оптовых ценах.' },
};

/** A registered host widget: the client's open deals, from the CRM (here, made up from the orders). */
const dealsWidget: ClientWidgetDefinition = {
  id: 'crm-deals',
  title: (locale) => DEALS_TITLE[locale] ?? DEALS_TITLE.en,
  render: ({ client, locale }) => {
    const n = client?.orders.length ?? 0;
    const words: Record<Locale, string> = { en: `${n} open deal(s) in the CRM.`, es: `${n} negocio(s) abierto(s) en el CRM.`, ru: `Открытых сделок в CRM: ${n}.` };
    return html`<p style="margin: 0">${words[locale]}</p>`;
  },
};

// ------------------------------------------------------------------------------------------------
// Play helpers

async function widgetIn(canvas: HTMLElement): Promise<ClientWidget> {
  await allUpdated(canvas);
  let el: ClientWidget | null = null;
  await waitFor(() => {
    el = deepQuery<ClientWidget>(canvas, 'client-widget');
    expect(el).not.toBeNull();
  });
  await waitFor(() => expect(deepQuery(el!, '.base')?.getAttribute('aria-busy')).not.toBe('true'));
  await el!.updateComplete;
  return el!;
}

const sections = (el: ClientWidget) => deepQueryAll(el, 'section.section').map((s) => s.dataset['section']);

// ------------------------------------------------------------------------------------------------

const widget = (
  args: WidgetArgs,
  pick: Picker,
  loaded: Record<string, unknown>,
  extra: { children?: TemplateResult; widgets?: ClientWidgetDefinition[]; orderProvider?: OrderProvider; useClientId?: boolean } = {},
) => {
  const sb = loadedOf(loaded);
  const { dialog, customer } = sb.client ? pick(sb) : { dialog: null, customer: null };
  return html`<div style="inline-size: 360px; max-inline-size: 100%; block-size: 640px; display: flex; flex-direction: column">
    <client-widget
      style="flex: 1; min-block-size: 0"
      mode=${args.mode}
      heading-level=${args.headingLevel}
      dialog-id=${!extra.useClientId && dialog ? dialog.id : nothing}
      client-id=${extra.useClientId && customer ? customer.id : nothing}
      .widgets=${extra.widgets ?? []}
      .orderProvider=${extra.orderProvider}
      >${extra.children ?? nothing}</client-widget
    >
  </div>`;
};

const meta = {
  title: 'Elements/client-widget',
  component: 'client-widget',
  parameters: {
    docs: {
      description: {
        component:
          'The client block of the inbox, right of `<chat-window>`: profile, source (C1), orders (C2), tags (L5/T6), analytics (H5) and host widgets, each a section the operator shows, hides and reorders in "Widget settings" (W1), kept per operator. "Detach client" (W2/H5) asks in a modal first. `mode="order"` shows the source and orders alone for an order card. Without `dialog-id` or `client-id` it follows the dialog open in the inbox.',
      },
    },
  },
  args: { mode: 'full', headingLevel: 2 },
  render: (args, { loaded }) => widget(args, fullClient, loaded),
} satisfies Meta<WidgetArgs>;

export default meta;
type Story = StoryObj<WidgetArgs>;

/** A client with everything: contacts, source with campaign and UTM, orders (one created by the bot, with its source), tags, analytics. */
export const FullClient: Story = {
  name: 'A full client',
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(sections(el)).toEqual(['profile', 'source', 'orders', 'tags', 'analytics']));
    await expect(deepQuery(el, '.order-source')).not.toBeNull();
  },
};

/** C1: nobody knows where this client came from; the source section says so. */
export const NoSource: Story = {
  name: 'A client with no source',
  render: (args, { loaded }) => widget(args, noSource, loaded),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-empty="source"]')).not.toBeNull());
  },
};

/** H5: the dialog's client was detached: the block says the dialog has no client, and the analytics are gone. */
export const DetachedDialog: Story = {
  name: 'A detached dialog',
  render: (args, { loaded }) => widget(args, byDialog(SEED_IDS.detachedDialog), loaded),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-empty="analytics-detached"]')).not.toBeNull());
  },
};

/** H4: a blocked client (the administrator's dialog). */
export const BlockedClient: Story = {
  name: 'A blocked client',
  loaders: [storyBackend({ operatorId: SEED_IDS.admin })],
  render: (args, { loaded }) => widget(args, byDialog(SEED_IDS.blockedDialog), loaded),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="blocked"]')).not.toBeNull());
  },
};

/** W1: "Widget settings" open: a checkbox per section, Move up / Move down (keyboard operable). */
export const SettingsOpen: Story = {
  name: 'Settings open',
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    deepQuery<HTMLButtonElement>(el, 'button.settings-button')!.click();
    await waitFor(() => expect(deepQueryAll(el, '.settings-row').length).toBe(5));
  },
};

/** W1, issue 17: the settings panel is a part loaded on first use: on a slow connection "Loading…" shows under the header. */
export const SettingsLoading: Story = {
  name: 'Settings loading',
  beforeEach: () => holdParts('loading'),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    deepQuery<HTMLButtonElement>(el, 'button.settings-button')!.click();
    await waitFor(() => expect(deepQuery(el, '#settings-panel [part="on-demand"][role="status"]')?.textContent?.trim()).toBe('Loading…'));
  },
};

/** W1, issue 17: the settings panel failed to download: why, and "Retry"; the sections stay as they are. */
export const SettingsFailed: Story = {
  name: 'Settings failed to download',
  beforeEach: () => holdParts('failed'),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    deepQuery<HTMLButtonElement>(el, 'button.settings-button')!.click();
    await waitFor(() => expect(deepQuery(el, '#settings-panel [part="on-demand"][role="alert"]')).not.toBeNull());
    await expect(deepQuery(el, '#settings-panel [part="on-demand"]')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('The chat service is unavailable. Try again later. Retry');
    await expect(deepQueryAll(el, '.settings-row').length).toBe(0);
  },
};

/** W2/H5: the confirmation "Detach client" asks for, a modal `<dialog>`. */
export const DetachConfirmation: Story = {
  name: 'Detach confirmation',
  loaders: [storyBackend({ operatorId: SEED_IDS.admin })],
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, 'button.detach')).not.toBeNull());
    deepQuery<HTMLButtonElement>(el, 'button.detach')!.click();
    await waitFor(() => expect(deepQuery<HTMLDialogElement>(el, 'dialog.confirm')?.open).toBe(true));
  },
};

/** H5: an operator who may not manage the dialog (a bot holds it) is not offered "Detach client", and is told why. */
export const DetachNotAllowed: Story = {
  name: 'Detach not allowed (operator, bot dialog)',
  loaders: [storyBackend({ operatorId: SEED_IDS.ivan })],
  render: (args, { loaded }) => widget(args, byDialog(SEED_IDS.botDialog), loaded),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="detach-reason"]')).not.toBeNull());
    await expect(deepQuery(el, 'button.detach')).toBeNull();
  },
};

/** W1: host widgets: one registered (`widgets`, rendered from the client), one slotted (`slot="widget:crm-notes"`); both take part in the settings. */
export const HostWidget: Story = {
  name: 'Host widgets',
  render: (args, { loaded, globals }) => {
    const locale: Locale = globals['locale'] === 'es' || globals['locale'] === 'ru' ? globals['locale'] : 'en';
    const notes = NOTES[locale] ?? NOTES.en;
    return widget(args, fullClient, loaded, {
      widgets: [dealsWidget],
      children: html`<div slot="widget:crm-notes" data-title=${notes.title}><p style="margin: 0">${notes.text}</p></div>`,
    });
  },
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(sections(el)).toEqual(['profile', 'source', 'orders', 'tags', 'analytics', 'crm-deals', 'crm-notes']));
    deepQuery<HTMLButtonElement>(el, 'button.settings-button')!.click();
    await waitFor(() => expect(deepQueryAll(el, '.settings-row').length).toBe(7));
  },
};

/** C1/C2: `mode="order"` for an order card: the source and the orders alone, the client given by `client-id`. */
export const OrderMode: Story = {
  name: 'Order mode',
  args: { mode: 'order' },
  render: (args, { loaded }) => widget(args, fullClient, loaded, { useClientId: true }),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(sections(el)).toEqual(['source', 'orders']));
  },
};

const crmOrders = (customer: Client): Order[] => [
  {
    id: `${customer.id}-crm-1`,
    number: 'CRM-20931',
    status: 'processing',
    total: 249.9,
    currency: 'EUR',
    createdAt: Date.now() - 26 * 3_600_000,
    createdByBot: true,
    source: customer.source ?? { channelId: SEED_IDS.channels.site, firstContactAt: Date.now() - 30 * 3_600_000 },
  },
  { id: `${customer.id}-crm-2`, number: 'CRM-18874', status: 'cancelled', total: 59, currency: 'EUR', createdAt: Date.now() - 40 * 86_400_000, createdByBot: false },
];

/** C2: orders supplied by the CRM (`orderProvider`), after a moment of loading. */
export const OrdersFromCrm: Story = {
  name: 'Orders from the CRM (provider)',
  render: (args, { loaded }) => widget(args, fullClient, loaded, { orderProvider: (c) => new Promise((resolve) => setTimeout(() => resolve(crmOrders(c)), 600)) }),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepText(el)).toContain('CRM-20931'), { timeout: 5_000 });
  },
};

/** C2: the CRM's order provider is still loading. */
export const OrdersLoading: Story = {
  name: 'Orders loading',
  render: (args, { loaded }) => widget(args, fullClient, loaded, { orderProvider: () => new Promise<Order[]>(() => undefined) }),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-state="loading"]')).not.toBeNull());
  },
};

/** C2: the CRM's order provider failed: the reason and Retry. */
export const OrdersFailed: Story = {
  name: 'Orders failed to load',
  render: (args, { loaded }) => widget(args, fullClient, loaded, { orderProvider: () => Promise.reject(new Error('CRM orders API: 503')) }),
  play: async ({ canvasElement }) => {
    const el = await widgetIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-state="error"]')).not.toBeNull());
  },
};

/** The dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
};

/** The dark theme, settings open. */
export const DarkSettings: Story = {
  name: 'Dark, settings open',
  globals: { theme: 'dark' },
  play: SettingsOpen.play,
};

/** In English. */
export const English: Story = {
  globals: { locale: 'en' },
};

/** En español. */
export const Spanish: Story = {
  name: 'Español',
  globals: { locale: 'es' },
};

/** По-русски. */
export const Russian: Story = {
  name: 'Русский',
  globals: { locale: 'ru' },
};
