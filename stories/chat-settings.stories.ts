/**
 * `<chat-settings>` (F2): the response-time limit an administrator sets or clears; without a
 * limit, processing order is unavailable and lists sort by last activity.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { createStoryBackend, type StoryBackend, type StoryRole } from './support/backend.js';
import { allUpdated, deepQuery } from './support/dom.js';

const roleOf = (v: unknown): StoryRole => (v === 'operator' ? 'operator' : 'administrator');

const meta = {
  title: 'Elements/chat-settings',
  component: 'chat-settings',
  parameters: {
    docs: {
      description: {
        component:
          'The chat settings an administrator edits (F2): "No time limit" or a response-time limit in minutes, saved through `client.updateSettings`. Every operator\'s list re-sorts when the server announces the change; without a limit, processing order is unavailable. Operators who are not administrators see the values read-only, and why (switch the toolbar\'s role).',
      },
    },
  },
  render: () => html`<chat-settings style="max-inline-size: 460px"></chat-settings>`,
} satisfies Meta;

export default meta;
type Story = StoryObj;

/** The demo data's 15-minute limit. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    await waitFor(() => expect(deepQuery<HTMLInputElement>(canvasElement, 'input[type="number"]')?.value).toBe('15'));
  },
};

/** No time limit set: processing order unavailable. */
export const NoTimeLimit: Story = {
  name: 'No time limit',
  loaders: [async (context: StoryContext): Promise<StoryBackend> => createStoryBackend({ role: roleOf(context.globals['role']), seed: (d) => ({ ...d, settings: { responseTimeLimitMs: null } }) })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    await waitFor(() => expect(deepQuery<HTMLInputElement>(canvasElement, 'input[value="none"]')?.checked).toBe(true));
  },
};
