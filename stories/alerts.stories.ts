/**
 * `<chat-alerts>` (N1): each new client message shown briefly with the client's name, clickable to
 * open the dialog. Clients write in through the backend core, as a messenger would.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { ChatAlerts } from '../components/message-alerts/message-alerts.js';
import type { Id } from '../sdk/model.js';
import { createStoryBackend, SEED_IDS, type StoryBackend, type StoryRole } from './support/backend.js';
import { allUpdated, deepQuery, deepQueryAll } from './support/dom.js';

interface AlertsArgs {
  /** Milliseconds an alert stays; 0 keeps it. */
  duration: number;
  /** Alerts shown at once. */
  max: number;
  /** Where the stack sits. */
  position: 'inline' | 'bottom-end' | 'top-end' | 'bottom-start' | 'top-start';
}

const roleOf = (v: unknown): StoryRole => (v === 'operator' ? 'operator' : 'administrator');

/** Dialogs visible to both toolbar roles, whose clients can write. */
const WRITERS: Array<{ dialogId: Id; text: string }> = [
  { dialogId: SEED_IDS.waitingDialog, text: '¿Hay novedades sobre mi pedido? Lo necesito antes del viernes.' },
  { dialogId: SEED_IDS.reassignedDialog, text: 'Hi again, did the refund go through? I can send a screenshot of the bank statement if that helps.' },
  { dialogId: SEED_IDS.unassignedDialog, text: 'Здравствуйте, подскажите, пожалуйста, сроки доставки.' },
  { dialogId: SEED_IDS.botDialog, text: 'Quiero hablar con una persona, por favor.' },
  { dialogId: SEED_IDS.waitingDialog, text: 'Gracias, quedo atento.' },
];

/** A backend whose clients wrote `count` messages before the story renders. */
const withMessages =
  (count: number, options: { muted?: boolean } = {}) =>
  async (context: StoryContext<AlertsArgs>): Promise<StoryBackend> => {
    const sb = await createStoryBackend({ role: roleOf(context.globals['role']), core: { delayFactor: 0 } });
    if (options.muted) sb.client.setMuted(true);
    for (const line of WRITERS.slice(0, count)) await sb.backend.core.clientSend(line.dialogId, line.text);
    await new Promise((r) => setTimeout(r));
    return sb;
  };

const alertsIn = (canvas: HTMLElement): ChatAlerts => {
  const el = canvas.querySelector('chat-alerts') ?? deepQuery<ChatAlerts>(canvas, 'chat-alerts');
  if (!el) throw new Error('<chat-alerts> not rendered');
  return el;
};

const meta = {
  title: 'Elements/chat-alerts',
  component: 'chat-alerts',
  parameters: {
    docs: {
      description: {
        component:
          "New-message alerts (N1). Each client message shows briefly with the client's name, the channel and the text; clicking opens the dialog (`dialog-select`, then `client.openDialog`). Nothing shows while the operator is muted (`client.$muted`) or for the dialog already open and visible. A burst shows the newest few and is announced once.",
      },
    },
  },
  args: { duration: 0, max: 3, position: 'inline' },
  render: (args) => html`<div style="max-inline-size: 380px">
    <chat-alerts duration=${args.duration} max=${args.max} position=${args.position}></chat-alerts>
  </div>`,
} satisfies Meta<AlertsArgs>;

export default meta;
type Story = StoryObj<AlertsArgs>;

/** One client message. */
export const OneMessage: Story = {
  name: 'One message',
  loaders: [withMessages(1)],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    await waitFor(() => expect(deepQueryAll(alertsIn(canvasElement), '[part="alert"]')).toHaveLength(1));
  },
};

/** A burst: the newest three, "+2 more" and "Dismiss all". */
export const Burst: Story = {
  loaders: [withMessages(5)],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    const el = alertsIn(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[part="alert"]')).toHaveLength(3));
    expect(deepQuery(el, '[part="footer"]')).not.toBeNull();
  },
};

/** A CRM header beside the alerts: the unread counter (N2) shows that messages did arrive. */
const withHeader = (args: AlertsArgs) => html`<div style="max-inline-size: 380px; display: flex; flex-direction: column; gap: 12px">
  <div style="display: flex; align-items: center; gap: 8px; padding: 8px 12px; border: 1px solid var(--chatdesk-color-border); border-radius: var(--chatdesk-radius)">
    <strong style="flex: 1">CRM</strong>
    <chat-unread-badge></chat-unread-badge>
  </div>
  <chat-alerts duration=${args.duration} max=${args.max} position=${args.position}></chat-alerts>
</div>`;

/** Muted: messages arrive (the header counter grows), no alert shows. */
export const Muted: Story = {
  render: withHeader,
  loaders: [withMessages(3, { muted: true })],
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    expect(deepQueryAll(alertsIn(canvasElement), '[part="alert"]')).toHaveLength(0);
  },
};

/** As a CRM page places it: fixed at the bottom-right corner, hiding after eight seconds. */
export const Corner: Story = {
  name: 'Fixed in the corner',
  render: withHeader,
  args: { position: 'bottom-end', duration: 8000 },
  loaders: [withMessages(2)],
};

/** The dark theme. */
export const Dark: Story = { globals: { theme: 'dark' }, loaders: [withMessages(2)] };

/** En español. */
export const Spanish: Story = { name: 'Español', globals: { locale: 'es' }, loaders: [withMessages(2)] };

/** По-русски. */
export const Russian: Story = { name: 'Русский', globals: { locale: 'ru' }, loaders: [withMessages(2)] };
