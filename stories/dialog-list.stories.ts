/**
 * `<dialog-list>`: the inbox's left column (L1-L6, D1-D4, F1-F6). Every story runs on the real
 * backend core in-process with the demo data (toolbar: theme, language, role); special states
 * bring their own backend through a story loader.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { DialogList } from '../components/dialog-list/dialog-list.js';
import { holdParts } from '../components/internal/on-demand.js';
import type { Dialog, Id } from '../sdk/model.js';
import type { DialogQuery } from '../sdk/rules/query.js';
import type { SeedData } from '../server/core/storage.js';
import { createStoryBackend, SEED_IDS, type StoryBackend, type StoryBackendOptions, type StoryRole } from './support/backend.js';
import { allUpdated, deepQuery, deepQueryAll, deepText } from './support/dom.js';

interface DialogListArgs {
  /** Dialogs selected (D1-D3), by id. */
  selection: Id[];
}

const roleOf = (v: unknown): StoryRole => (v === 'operator' ? 'operator' : 'administrator');

/** A story's own backend (role from the toolbar unless given), with an optional query already set. */
const backendWith =
  (options: StoryBackendOptions & { query?: Partial<DialogQuery> } = {}) =>
  async (context: StoryContext<DialogListArgs>): Promise<StoryBackend> => {
    const { query, ...rest } = options;
    const sb = await createStoryBackend({ role: roleOf(context.globals['role']), ...rest });
    if (query) sb.client.setQuery(query);
    return sb;
  };

/** The demo data grown to `n` dialogs (copies of the 300 with new ids and shifted times). */
const grow =
  (n: number) =>
  (d: SeedData): SeedData => {
    const dialogs: Dialog[] = [];
    const readStates: SeedData['readStates'] = [];
    for (let k = 0; dialogs.length < n; k++) {
      for (const x of d.dialogs) {
        if (dialogs.length >= n) break;
        const shift = k * 41_000;
        const id = k === 0 ? x.id : `${x.id}-${k}`;
        dialogs.push({ ...x, id, lastActivityAt: x.lastActivityAt - shift, waitingSince: x.waitingSince === null ? null : x.waitingSince - shift });
      }
    }
    const byDialog = new Map<Id, SeedData['readStates']>();
    for (const r of d.readStates) byDialog.set(r.dialogId, [...(byDialog.get(r.dialogId) ?? []), r]);
    for (const x of dialogs) for (const r of byDialog.get(x.id.split('-').slice(0, 2).join('-')) ?? []) readStates.push({ ...r, dialogId: x.id });
    return { ...d, dialogs, readStates };
  };

const listIn = (canvas: HTMLElement): DialogList => {
  const el = canvas.querySelector('dialog-list') ?? deepQuery<DialogList>(canvas, 'dialog-list');
  if (!el) throw new Error('<dialog-list> not rendered');
  return el;
};

const rowsOf = (el: DialogList) => deepQueryAll(el, '[role="option"]');

/** Waits for the list's rows, returns the element. */
async function ready(canvas: HTMLElement): Promise<DialogList> {
  await allUpdated(canvas);
  const el = listIn(canvas);
  await waitFor(() => expect(rowsOf(el).length).toBeGreaterThan(0), { timeout: 5000 });
  return el;
}

async function openPanel(canvas: HTMLElement): Promise<DialogList> {
  const el = await ready(canvas);
  deepQuery<HTMLButtonElement>(el, '[part="filter-button"]')!.click();
  // The panel's heading shows at once; its content is a chunk of its own, loaded on first open.
  await waitFor(() => expect(deepQuery(el, '#filter-panel .panel-body')).not.toBeNull());
  return el;
}

const meta = {
  title: 'Elements/dialog-list',
  component: 'dialog-list',
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'The dialog list of the inbox. Rows show the client with the unread count (L1), the messenger and channel name (L2), who handles the dialog (L3), pinned tags (L5) and the latest communication: message, system event or the operator\'s draft (L3, L4). In processing order (F2, the default) waiting dialogs show their wait against the response-time limit and overdue ones are marked. Above the list: search (L6) and the sort-and-filter panel (F1-F6), with active filters as removable chips. Hover or focus an avatar to select (D1); with a selection, "Actions → Delete" replaces the search (D2, D3), if the operator has the right (D4). Live events add, move and remove rows by the current filter, and rows hold still under the pointer ("N new"). Only the rows on screen are in the DOM.',
      },
    },
  },
  args: { selection: [] },
  render: (args) => html`<div style="block-size: 640px; max-inline-size: 380px; border: 1px solid var(--chatdesk-color-border); display: flex; flex-direction: column">
    <dialog-list .selection=${args.selection}></dialog-list>
  </div>`,
} satisfies Meta<DialogListArgs>;

export default meta;
type Story = StoryObj<DialogListArgs>;

/** The demo data (300 dialogs) in processing order: overdue waits first, then the rest. */
export const Default: Story = {
  name: 'Demo data',
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(rowsOf(el).length).toBeLessThanOrEqual(40);
  },
};

/** F2 with overdue rows: the clients waiting longest first, their wait against the 15-minute limit, overdue ones marked. */
export const ProcessingOrderOverdue: Story = {
  name: 'Processing order, overdue rows',
  loaders: [backendWith({ query: { status: 'open', lastMessage: 'unanswered' } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[part~="row-overdue"]').length).toBeGreaterThan(0));
  },
};

/** F2 without a response-time limit: processing order is unavailable (the panel says why); last activity is used. */
export const NoTimeLimit: Story = {
  name: 'No time limit',
  loaders: [backendWith({ seed: (d) => ({ ...d, settings: { responseTimeLimitMs: null } }) })],
  play: async ({ canvasElement }) => {
    const el = await openPanel(canvasElement);
    expect(deepQuery<HTMLInputElement>(el, 'input[value="processing"]')!.disabled).toBe(true);
    expect(deepQuery(el, '[part="sort-unavailable"]')).not.toBeNull();
  },
};

/** Nothing to show yet. */
export const Empty: Story = {
  loaders: [backendWith({ seed: (d) => ({ ...d, dialogs: [], messages: [], readStates: [] }) })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = listIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part~="empty"]')).not.toBeNull());
    expect(deepText(deepQuery(el, '[part~="empty"]')!).trim().length).toBeGreaterThan(0);
    expect(rowsOf(el)).toHaveLength(0);
  },
};

/** Nothing matches the search: said so, with a way back. */
export const NothingFound: Story = {
  name: 'Nothing found',
  loaders: [backendWith({ query: { search: 'zzqx no such client' } })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = listIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-action="empty-clear-search"]')).not.toBeNull());
  },
};

/** L6: a search over every message: each row shows the message that matched, with the match marked, instead of its latest one. */
export const SearchHits: Story = {
  name: 'Search: matching messages',
  loaders: [backendWith({ query: { status: 'all', search: 'envio' } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[part~="search-hit"] mark').length).toBeGreaterThan(0));
  },
};

/** D1-D3: after "Actions → Delete" is confirmed, the list says how many dialogs were deleted. */
export const DeleteNotice: Story = {
  name: 'Dialogs deleted',
  loaders: [backendWith({})],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    el.selection = rowsOf(el)
      .slice(0, 2)
      .map((r) => (r as HTMLElement).dataset['id']!);
    await el.updateComplete;
    deepQuery<HTMLButtonElement>(el, '[part="actions-button"]')!.click();
    await waitFor(() => expect(deepQuery(el, '[data-action="delete"]')).not.toBeNull());
    deepQuery<HTMLButtonElement>(el, '[data-action="delete"]')!.click();
    await waitFor(() => expect(deepQuery(el, '[data-action="confirm-delete"]')).not.toBeNull());
    deepQuery<HTMLButtonElement>(el, '[data-action="confirm-delete"]')!.click();
    await waitFor(() => expect(deepText(deepQuery(el, '[part="notice"]')!)).toContain('2'));
  },
};

/**
 * Rows hold still under the pointer: two clients write while the operator points at the list, so
 * by last activity both would move to the top. They keep their place with fresh content, and the
 * button above the rows says "2 updated" (pressing it shows the new order).
 */
export const HeldUpdated: Story = {
  name: 'Holding still: N updated',
  loaders: [backendWith({ query: { sort: 'activity' } })],
  play: async ({ canvasElement, loaded }) => {
    const el = await ready(canvasElement);
    const { client, backend } = loaded as StoryBackend;
    const ids = rowsOf(el).map((r) => (r as HTMLElement).dataset['id']!);
    const [a, b] = [ids[3]!, ids[5]!];
    deepQuery(el, '.body')!.dispatchEvent(new PointerEvent('pointerenter'));
    await backend.core.clientSend(a, 'Primero');
    await backend.core.clientSend(b, 'Segundo');
    await waitFor(() => expect(client.listRow(0)?.id).toBe(b));
    await waitFor(() => expect(deepText(deepQuery(el, '[part~="updated-items"]')!)).toContain('2'));
    expect(rowsOf(el).map((r) => (r as HTMLElement).dataset['id'])).toEqual(ids.slice(0, rowsOf(el).length));
  },
};

/** The first snapshot has not arrived yet (a slow backend). */
export const Loading: Story = {
  loaders: [backendWith({ latencyMs: 10 * 60_000, start: false })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = listIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[aria-busy="true"]')).not.toBeNull());
  },
};

/** 10,000 dialogs: the DOM still holds only the rows on screen. */
export const TenThousand: Story = {
  name: '10,000 dialogs',
  loaders: [backendWith({ seed: grow(10_000) })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(rowsOf(el).length).toBeLessThanOrEqual(40);
    const vp = deepQuery(el, '[part="list"]')!;
    vp.scrollTop = vp.scrollHeight / 2;
    vp.dispatchEvent(new Event('scroll'));
    await allUpdated(canvasElement);
    expect(rowsOf(el).length).toBeLessThanOrEqual(40);
  },
};

/** F1: the sort and filter panel, open. With bots in the system (F6) it offers the bot filter. */
export const FilterPanel: Story = {
  name: 'Filter panel (bots present)',
  play: async ({ canvasElement }) => {
    const el = await openPanel(canvasElement);
    expect(deepQuery(el, '[data-group="bot"]')).not.toBeNull();
  },
};

/** F6: no bot works in the system: no bot filter. */
export const NoBots: Story = {
  name: 'Filter panel (no bots)',
  loaders: [
    backendWith({
      seed: (d) => ({ ...d, bots: [], dialogs: d.dialogs.map((x) => (x.assignee?.kind === 'bot' ? { ...x, assignee: null } : x)) }),
    }),
  ],
  play: async ({ canvasElement }) => {
    const el = await openPanel(canvasElement);
    expect(deepQuery(el, '[data-group="bot"]')).toBeNull();
  },
};

/** F5: by responsible operator (María). */
export const ByOperator: Story = {
  name: 'Filter: operator',
  loaders: [backendWith({ query: { operators: [SEED_IDS.maria] } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="op:op-maria"]')).not.toBeNull();
  },
};

/** F5: by channel (Telegram and WhatsApp). */
export const ByChannel: Story = {
  name: 'Filter: channel',
  loaders: [backendWith({ query: { channels: [SEED_IDS.channels.telegram, SEED_IDS.channels.whatsapp] } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQueryAll(el, '[data-chip^="ch:"]')).toHaveLength(2);
  },
};

/** F5: by client tags, combined with AND (VIP and New). */
export const ByTags: Story = {
  name: 'Filter: tags',
  loaders: [backendWith({ query: { tags: { mode: 'list', tags: ['tag-new'], pinned: false } } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="tags:list"]')).not.toBeNull();
  },
};

/** F5/T3: clients without tags. */
export const ByNoTags: Story = {
  name: 'Filter: no tags',
  loaders: [backendWith({ query: { tags: { mode: 'none', tags: [], pinned: false } } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="tags:none"]')).not.toBeNull();
  },
};

/** F5/T6: only clients with a pinned tag. */
export const ByPinnedTags: Story = {
  name: 'Filter: pinned tags',
  loaders: [backendWith({ query: { tags: { mode: 'all', tags: [], pinned: true } } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="tags:pinned"]')).not.toBeNull();
  },
};

/** F5: closed dialogs only. */
export const ByStatus: Story = {
  name: 'Filter: status',
  loaders: [backendWith({ query: { status: 'closed' } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="status"]')).not.toBeNull();
  },
};

/** F5: the last message came from the client and is not answered yet. */
export const ByLastMessage: Story = {
  name: 'Filter: last message',
  loaders: [backendWith({ query: { lastMessage: 'unanswered' } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="last"]')).not.toBeNull();
  },
};

/** F6: dialogs held by a bot. */
export const ByBot: Story = {
  name: 'Filter: bot',
  loaders: [backendWith({ query: { bot: true } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[data-chip="bot"]')).not.toBeNull();
  },
};

/** Several filters at once, visible at a glance, cleared in one step; sorted by last activity (F3). */
export const SeveralFilters: Story = {
  name: 'Several filters, last activity',
  loaders: [backendWith({ query: { status: 'open', channels: [SEED_IDS.channels.site], lastMessage: 'client', sort: 'activity' } })],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQueryAll(el, '[data-chip]')).toHaveLength(3);
  },
};

/** L4: drafts show as the latest communication, marked. */
export const WithDrafts: Story = {
  name: 'Drafts',
  loaders: [
    async (context: StoryContext<DialogListArgs>) => {
      const sb = await backendWith()(context);
      for (const d of sb.client.$list.get().slice(0, 3)) sb.client.setDraft(d.id, 'Le confirmo el envío en cuanto lo tenga, un momento por favor.');
      return sb;
    },
  ],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[part~="draft"]').length).toBeGreaterThan(0));
  },
};

/** D1-D3: selection mode: checkboxes instead of avatars, select all, "Actions" with "Delete". */
export const SelectionMode: Story = {
  name: 'Selection mode',
  args: { selection: [SEED_IDS.waitingDialog, SEED_IDS.botDialog, SEED_IDS.unassignedDialog] },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="actions-button"]')).not.toBeNull());
    deepQuery<HTMLButtonElement>(el, '[part="actions-button"]')!.click();
    await waitFor(() => expect(deepQuery(el, '[role="menuitem"]')).not.toBeNull());
  },
};

/** D4: Иван has no right to delete: the action is not available and the menu says why. */
export const NoDeleteRight: Story = {
  name: 'No delete right',
  loaders: [backendWith({ operatorId: SEED_IDS.ivan })],
  args: { selection: [SEED_IDS.ivanDialog, SEED_IDS.botDialog] },
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="actions-button"]')).not.toBeNull());
    deepQuery<HTMLButtonElement>(el, '[part="actions-button"]')!.click();
    await waitFor(() => expect(deepQuery(el, '[role="menuitem"]')?.getAttribute('aria-disabled')).toBe('true'));
  },
};

/** The filter panel's content and "Actions" are parts loaded on first use (issue 17): the line they show, by its part. */
const onDemandLine = (el: DialogList, role: 'status' | 'alert') => deepQuery(el, `[part="on-demand"][role="${role}"]`);

/** F1, issue 17: the panel's content is on its way (a slow connection): the heading and Close show at once, then "Loading…". */
export const FilterPanelLoading: Story = {
  name: 'Filter panel loading',
  beforeEach: () => holdParts('loading'),
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    deepQuery<HTMLButtonElement>(el, '[part="filter-button"]')!.click();
    await waitFor(() => expect(onDemandLine(el, 'status')?.textContent?.trim()).toBe('Loading…'));
    await expect(deepQuery(el, '#filter-panel-title')?.textContent?.trim()).toBeTruthy();
    await expect(deepQuery(el, '#filter-panel .panel-body')).toBeNull();
  },
};

/** F1, issue 17: the panel's content failed to download: why, and "Retry" (focused), in the open panel. */
export const FilterPanelFailed: Story = {
  name: 'Filter panel failed to download',
  beforeEach: () => holdParts('failed'),
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    deepQuery<HTMLButtonElement>(el, '[part="filter-button"]')!.click();
    await waitFor(() => expect(onDemandLine(el, 'alert')).not.toBeNull());
    await expect(onDemandLine(el, 'alert')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('The chat service is unavailable. Try again later. Retry');
    await expect(deepQuery(el, '#filter-panel .panel-body')).toBeNull();
  },
};

/** D2, issue 17: "Actions" of a selection failed to download: why, and "Retry", beside the selection. */
export const ActionsFailed: Story = {
  name: 'Actions failed to download',
  args: { selection: [SEED_IDS.waitingDialog, SEED_IDS.botDialog] },
  beforeEach: () => holdParts('failed'),
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="actions-button"]')).not.toBeNull());
    deepQuery<HTMLButtonElement>(el, '[part="actions-button"]')!.click();
    await waitFor(() => expect(onDemandLine(el, 'alert')).not.toBeNull());
    await expect(onDemandLine(el, 'alert')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('The chat service is unavailable. Try again later. Retry');
    await expect(deepQuery(el, '[role="menuitem"]')).toBeNull();
  },
};

/** The dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  loaders: [backendWith({ query: { channels: [SEED_IDS.channels.telegram] } })],
};

/** In English. */
export const English: Story = {
  globals: { locale: 'en' },
};

/** En español. */
export const Spanish: Story = {
  name: 'Español',
  globals: { locale: 'es' },
  loaders: [backendWith({ query: { status: 'open' } })],
};

/** По-русски. */
export const Russian: Story = {
  name: 'Русский',
  globals: { locale: 'ru' },
  loaders: [backendWith({ query: { status: 'open' } })],
};
