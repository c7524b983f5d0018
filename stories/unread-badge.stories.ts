/**
 * `<chat-unread-badge>` (N2): the number of unread dialogs for a CRM header, from the same store
 * as the list's per-row counts.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { ChatUnreadBadge } from '../components/unread-badge/unread-badge.js';
import { createStoryBackend, type StoryBackend, type StoryRole } from './support/backend.js';
import { allUpdated, deepQuery } from './support/dom.js';

interface BadgeArgs {
  /** Counts above this show as "max+". */
  max: number;
  /** Show 0 too. */
  showZero: boolean;
  /** Only the count, no bell. */
  noIcon: boolean;
}

const roleOf = (v: unknown): StoryRole => (v === 'operator' ? 'operator' : 'administrator');

const badgeIn = (canvas: HTMLElement): ChatUnreadBadge => {
  const el = canvas.querySelector('chat-unread-badge') ?? deepQuery<ChatUnreadBadge>(canvas, 'chat-unread-badge');
  if (!el) throw new Error('<chat-unread-badge> not rendered');
  return el;
};

const meta = {
  title: 'Elements/chat-unread-badge',
  component: 'chat-unread-badge',
  parameters: {
    docs: {
      description: {
        component:
          'The number of unread dialogs (N2) for the CRM header. It reads `client.$unreadDialogCount`, derived from the same read positions as the unread counts of `<dialog-list>` (L1), so the header and the list never disagree. The accessible text says the number in words.',
      },
    },
  },
  args: { max: 99, showZero: false, noIcon: false },
  render: (args) => html`<chat-unread-badge max=${args.max} ?show-zero=${args.showZero} ?no-icon=${args.noIcon}></chat-unread-badge>`,
} satisfies Meta<BadgeArgs>;

export default meta;
type Story = StoryObj<BadgeArgs>;

/** The demo data's unread dialogs. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = badgeIn(canvasElement);
    await waitFor(() => expect(el.count).toBeGreaterThan(0));
  },
};

/** Above `max`: "9+". */
export const Capped: Story = {
  name: 'Capped at 9',
  args: { max: 9 },
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = badgeIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="count"]')?.textContent?.trim()).toBe('9+'));
  },
};

/** Everything read, with `show-zero`. */
export const AllRead: Story = {
  name: 'All read (show-zero)',
  args: { showZero: true },
  loaders: [
    async (context: StoryContext<BadgeArgs>): Promise<StoryBackend> =>
      createStoryBackend({
        role: roleOf(context.globals['role']),
        seed: (d) => ({
          ...d,
          readStates: d.readStates.map((r) => ({ ...r, markedUnread: false, readClientCount: d.dialogs.find((x) => x.id === r.dialogId)?.clientMessageCount ?? 0 })),
        }),
      }),
  ],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = badgeIn(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="count"]')?.textContent?.trim()).toBe('0'));
  },
};

/** Only the number, beside a host's own label in a header. */
export const InAHeader: Story = {
  name: 'In a CRM header',
  args: { noIcon: true },
  render: (args) => html`<nav
    style="display: flex; align-items: center; gap: 8px; padding: 8px 12px; border: 1px solid var(--chatdesk-color-border); border-radius: var(--chatdesk-radius); max-inline-size: 360px"
  >
    <strong style="flex: 1">CRM</strong>
    <a href="#chats" style="color: var(--chatdesk-color-link)">Chats</a>
    <chat-unread-badge max=${args.max} ?no-icon=${args.noIcon}></chat-unread-badge>
  </nav>`,
};

/** The dark theme. */
export const Dark: Story = { globals: { theme: 'dark' } };

/** En español. */
export const Spanish: Story = { name: 'Español', globals: { locale: 'es' } };

/** По-русски. */
export const Russian: Story = { name: 'Русский', globals: { locale: 'ru' } };
