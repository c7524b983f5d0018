/**
 * `<tag-filter>`: the tag part of the dialog filter (T1-T8). Every story runs on the real backend
 * core with the demo data (toolbar: theme, language, role), except the 2,000-tag one, which gives
 * the element its data through `.tags` and `.counts`.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { buildCounts, buildTags } from '../bench/tag-filter.data.js';
import type { TagFilter } from '../components/tag-filter/tag-filter.js';
import type { TagFilterValue } from '../sdk/rules/tags.js';
import { createStoryBackend, SEED_IDS, type StoryBackend, type StoryRole } from './support/backend.js';
import { allUpdated, deepQuery, deepQueryAll, deepText } from './support/dom.js';

interface TagFilterArgs {
  /** Apply the filter to the client's query (standalone use). */
  autoApply: boolean;
  /** Tags rendered before "Show more". */
  pageSize: number;
}

const roleOf = (v: unknown): StoryRole => (v === 'operator' ? 'operator' : 'administrator');

/** A story's own backend whose dialog query already holds `tags` (restored as a host would). */
const withQuery =
  (tags: TagFilterValue) =>
  async (context: StoryContext<TagFilterArgs>): Promise<StoryBackend> => {
    const sb = await createStoryBackend({ role: roleOf(context.globals['role']) });
    sb.client.setQuery({ tags });
    return sb;
  };

const filterIn = (canvas: HTMLElement): TagFilter => {
  const el = canvas.querySelector('tag-filter') ?? deepQuery<TagFilter>(canvas, 'tag-filter');
  if (!el) throw new Error('<tag-filter> not rendered');
  return el;
};

const meta = {
  title: 'Elements/tag-filter',
  component: 'tag-filter',
  parameters: {
    docs: {
      description: {
        component:
          'Filters the dialog list by the client\'s tags. "All" (the initial state), "No tags" (locks the list) and "From the list" (any picked tag switches to it) exclude each other; selected tags combine with AND; the "Pinned" switch keeps dialogs whose client has a pinned tag. Tags show in their colours, most used first, with their number of dialogs. Used alone with `auto-apply` it filters the client\'s list itself; inside `<dialog-list>`\'s filter panel the list applies `tag-filter-change`.',
      },
    },
  },
  args: { autoApply: true, pageSize: 30 },
  render: (args) => html`<div style="max-inline-size: 380px">
    <tag-filter ?auto-apply=${args.autoApply} page-size=${args.pageSize}></tag-filter>
  </div>`,
} satisfies Meta<TagFilterArgs>;

export default meta;
type Story = StoryObj<TagFilterArgs>;

/** The demo data's twelve tags: "All", most used first, counts at the right. */
export const FewTags: Story = {
  name: 'A few tags',
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[role="option"]').length).toBeGreaterThan(5));
  },
};

/** No tag exists in the system (T1): used alone, the element says why there is nothing to filter by. */
export const NoTagsInSystem: Story = {
  name: 'No tags in the system',
  loaders: [
    async (context) =>
      createStoryBackend({
        role: roleOf(context.globals['role']),
        seed: (d) => ({ ...d, tags: [], clients: d.clients.map((c) => ({ ...c, tags: [] })) }),
      }),
  ],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(el.hasAttribute('empty')).toBe(true));
    expect(deepQuery(el, '[role="listbox"]')).toBeNull();
  },
};

/** "No tags" chosen (T3): only dialogs whose client has no tag; the tag list is locked. */
export const NoTagsChosen: Story = {
  name: '"No tags" chosen',
  loaders: [withQuery({ mode: 'none', tags: [], pinned: false })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[role="listbox"]')?.getAttribute('aria-disabled')).toBe('true'));
  },
};

/** The pinned switch on (T6): only pinned tags, with their pinned counts. */
export const PinnedOn: Story = {
  name: 'Pinned on',
  loaders: [withQuery({ mode: 'all', tags: [], pinned: true })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[role="switch"]')?.getAttribute('aria-checked')).toBe('true'));
  },
};

/** Several tags selected (T4, T7, T8): they move to the top and combine with AND. */
export const SeveralSelected: Story = {
  name: 'Several selected',
  loaders: [withQuery({ mode: 'list', tags: ['tag-vip', 'tag-urgent', 'tag-new'], pinned: false })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[role="option"][aria-selected="true"]')).toHaveLength(3));
  },
};

/** A search that finds nothing (T5). */
export const SearchNoMatch: Story = {
  name: 'Search with no match',
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, 'input[type="search"]')).not.toBeNull());
    const input = deepQuery<HTMLInputElement>(el, 'input[type="search"]')!;
    input.focus();
    input.value = 'zzz';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: 'zzz' }));
    await el.updateComplete;
    await waitFor(() => expect(deepQuery(el, '[part="message"]')).not.toBeNull());
    expect(deepQueryAll(el, '[role="option"]')).toHaveLength(0);
  },
};

/** A search ignoring case and accents (T5): "ENVIO" finds "Envío urgente". */
export const SearchFolded: Story = {
  name: 'Search ignoring case and accents',
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, 'input[type="search"]')).not.toBeNull());
    const input = deepQuery<HTMLInputElement>(el, 'input[type="search"]')!;
    input.focus();
    input.value = 'ENVIO';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: 'ENVIO' }));
    await el.updateComplete;
    await waitFor(() => expect(deepQueryAll(el, '[role="option"]')).toHaveLength(1));
    expect(deepText(deepQuery(el, '[role="option"]')!)).toContain('Envío urgente');
  },
};

const bigTags = buildTags();
const bigCounts = buildCounts(bigTags);

/**
 * 2,000 distinct tags counted over 10,000 dialogs, given through `.tags` and `.counts` (no client
 * needed). The list renders `page-size` tags at a time; search covers them all.
 */
export const TwoThousandTags: Story = {
  name: '2,000 tags',
  parameters: { chatdesk: { backend: false } },
  render: (args) => html`<div style="max-inline-size: 380px">
    <tag-filter .tags=${bigTags} .counts=${bigCounts} page-size=${args.pageSize}></tag-filter>
  </div>`,
  play: async ({ canvasElement, args }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[role="option"]')).toHaveLength(args.pageSize));
  },
};

/**
 * T7 under a common word's search (L6): the server counted its first 1,000 matches only, so each
 * count is a lower bound (`countsAtLeast`, or `client.$tagCountsAtLeast`): "1,000+", read as
 * "1,000 dialogs at least". Under the pinned switch no tag is hidden for a count of 0 (T6): it may be
 * on dialogs past the counted matches.
 */
export const CountsAtLeast: Story = {
  name: 'Counts that are lower bounds',
  parameters: { chatdesk: { backend: false } },
  render: () => html`<div style="max-inline-size: 380px">
    <tag-filter
      .tags=${bigTags.slice(0, 6)}
      .counts=${new Map([
        [bigTags[0]!.id, 1000],
        [bigTags[1]!.id, 212],
        [bigTags[2]!.id, 7],
      ])}
      .countsAtLeast=${true}
      .value=${{ mode: 'all', tags: [], pinned: true }}
    ></tag-filter>
  </div>`,
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[role="option"]')).toHaveLength(6));
    expect(deepText(deepQuery(el, '[role="option"] .count')!)).toBe('1,000+');
    expect(deepQuery(el, '[role="option"]')?.getAttribute('aria-label')).toContain('1,000 dialogs at least');
  },
};

/** The dark theme, with tags selected. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  loaders: [withQuery({ mode: 'list', tags: ['tag-vip', 'tag-wholesale'], pinned: false })],
};

/** In English. */
export const English: Story = {
  globals: { locale: 'en' },
  loaders: [withQuery({ mode: 'list', tags: ['tag-vip', 'tag-new'], pinned: true })],
};

/** En español. */
export const Spanish: Story = {
  name: 'Español',
  globals: { locale: 'es' },
  loaders: [withQuery({ mode: 'list', tags: ['tag-vip', 'tag-new'], pinned: true })],
};

/** По-русски. */
export const Russian: Story = {
  name: 'Русский',
  globals: { locale: 'ru' },
  loaders: [withQuery({ mode: 'list', tags: ['tag-vip', 'tag-new'], pinned: true })],
};

/**
 * Embedded as `<dialog-list>`'s filter panel does: no `auto-apply`; the host restores `.value`
 * and applies each `tag-filter-change` itself (here, to the client's query).
 */
export const EmbeddedInAHost: Story = {
  name: 'Embedded in a host',
  args: { autoApply: false },
  render: (args, { loaded }) => {
    const { client } = loaded as Partial<StoryBackend>;
    return html`<div style="max-inline-size: 380px">
      <tag-filter
        page-size=${args.pageSize}
        .value=${client?.$query.get().tags ?? { mode: 'all', tags: [], pinned: false }}
        @tag-filter-change=${(e: CustomEvent<{ value: TagFilterValue }>) => client?.setQuery({ tags: e.detail.value })}
      ></tag-filter>
    </div>`;
  },
  play: async ({ canvasElement, loaded }) => {
    await allUpdated(canvasElement);
    const el = filterIn(canvasElement);
    const { client } = loaded as Partial<StoryBackend>;
    await waitFor(() => expect(deepQuery(el, `[role="option"][data-id="tag-vip"]`)).not.toBeNull());
    deepQuery<HTMLElement>(el, `[role="option"][data-id="tag-vip"]`)!.click();
    await el.updateComplete;
    await waitFor(() => expect(client?.$query.get().tags.tags).toEqual(['tag-vip']));
    expect(client?.$list.get().some((d) => d.id === SEED_IDS.waitingDialog)).toBe(true);
  },
};
