/**
 * `<chat-window>`: one dialog with its header actions (H1-H6), the message feed (statuses S1-S6,
 * quotes, attachments, system events L3) and the composer (P1-P4, L4). Every story runs on the
 * real backend core in-process with the demo data; special states bring their own backend or
 * prepare the data through a story loader.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { ChatWindow } from '../components/chat-window/chat-window.js';
import { holdParts } from '../components/internal/on-demand.js';
import { createChatClient } from '../sdk/client.js';
import type { Dialog, Id, Message, MessageStatus } from '../sdk/model.js';
import { failed } from '../sdk/rules/status.js';
import type { Transport } from '../sdk/protocol.js';
import type { SeedData } from '../server/core/storage.js';
import { SEED_IDS, storyBackend, type StoryBackend, type StoryBackendOptions, type StoryLoaderContext } from './support/backend.js';
import { allUpdated, deepQuery, deepQueryAll, deepText } from './support/dom.js';

interface ChatWindowArgs {
  /** The dialog shown (`dialog-id`); empty follows the active dialog. */
  dialogId: string;
  /** `enter` or `mod-enter`. */
  sendOn: 'enter' | 'mod-enter';
}

const windowIn = (canvas: HTMLElement): ChatWindow => {
  const el = canvas.querySelector('chat-window') ?? deepQuery<ChatWindow>(canvas, 'chat-window');
  if (!el) throw new Error('<chat-window> not rendered');
  return el;
};

/** Waits until the window shows its dialog's messages. */
async function ready(canvas: HTMLElement): Promise<ChatWindow> {
  await allUpdated(canvas);
  const el = windowIn(canvas);
  await waitFor(() => expect(deepQueryAll(el, 'article').length).toBeGreaterThan(0), { timeout: 8000 });
  return el;
}

/** Messages appended at the end of a dialog (statuses and failures to show). */
function appendTo(dialogId: Id, make: (d: Dialog, at: number) => Array<Omit<Message, 'n' | 'dialogId' | 'createdAt'>>) {
  return (data: SeedData): SeedData => {
    const dialog = data.dialogs.find((d) => d.id === dialogId);
    if (!dialog) return data;
    const last = data.messages.filter((m) => m.dialogId === dialogId).reduce((a, m) => Math.max(a, m.createdAt), 0);
    const added = make(dialog, last).map((m, i): Message => ({ ...m, dialogId, n: dialog.lastN + i + 1, createdAt: last + (i + 1) * 45_000 }));
    const lastAdded = added[added.length - 1];
    const updated: Dialog = lastAdded
      ? {
          ...dialog,
          lastN: dialog.lastN + added.length,
          lastActivityAt: lastAdded.createdAt,
          waitingSince: null,
          lastMessage: { id: lastAdded.id, author: lastAdded.author, text: lastAdded.text, kind: lastAdded.kind, attachmentCount: 0, createdAt: lastAdded.createdAt },
        }
      : dialog;
    return { ...data, dialogs: data.dialogs.map((d) => (d.id === dialogId ? updated : d)), messages: [...data.messages, ...added] };
  };
}

const reply = (id: string, text: string, status: MessageStatus, operatorId: Id = SEED_IDS.admin): Omit<Message, 'n' | 'dialogId' | 'createdAt'> => ({
  id,
  kind: 'text',
  author: { kind: 'operator', id: operatorId },
  text,
  attachments: [],
  status,
});

/** A story backend signed in as `operatorId` (not the toolbar's role: the state depends on who looks). */
const as = (operatorId: Id, options: StoryBackendOptions = {}) => storyBackend({ operatorId, ...options });

/** A loader that runs `prepare` on the story's client once it is ready. */
const preparing =
  (load: (context: StoryLoaderContext) => Promise<StoryBackend>, prepare: (sb: StoryBackend) => void | Promise<void>) =>
  async (context: StoryLoaderContext): Promise<StoryBackend> => {
    const sb = await load(context);
    await prepare(sb);
    return sb;
  };

const slowClients = new WeakMap<StoryBackend['backend'], Promise<StoryBackend>>();

/** A client whose uploads stay in progress (40%) so the composer shows them uploading. */
const slowUploads =
  (base: (context: StoryLoaderContext) => Promise<StoryBackend>) =>
  async (context: StoryLoaderContext): Promise<StoryBackend> => {
    const sb = await base(context);
    let made = slowClients.get(sb.backend);
    if (!made) {
      made = (async () => {
        const inner = sb.backend.transport(SEED_IDS.maria);
        const transport: Transport = {
          request: (name, input, opts) => inner.request(name, input, opts),
          connect: (listener) => inner.connect(listener),
          upload: (_dialogId, file, _name, opts) => {
            opts?.onProgress?.({ loaded: Math.round(file.size * 0.4), total: file.size });
            return new Promise(() => undefined);
          },
        };
        sb.client.stop();
        const client = createChatClient({ transport });
        await client.start();
        const canvas = document.createElement('canvas');
        canvas.width = 320;
        canvas.height = 200;
        const g = canvas.getContext('2d')!;
        g.fillStyle = '#3b82f6';
        g.fillRect(0, 0, 320, 200);
        const png = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
        void client.upload(SEED_IDS.waitingDialog, new File([png], 'parcel-photo.png', { type: 'image/png' }));
        void client.upload(SEED_IDS.waitingDialog, new File(['%PDF-1.4 demo'], 'invoice-10674.pdf', { type: 'application/pdf' }));
        return { client, backend: sb.backend };
      })();
      slowClients.set(sb.backend, made);
    }
    return made;
  };

const meta = {
  title: 'Elements/chat-window',
  component: 'chat-window',
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'The centre of the inbox, and the element a CRM embeds alone in an order card (`<chat-window dialog-id="...">`). The header names the client, channel and responsible operator and offers the actions the operator may take (reassign, close/reopen, mark as unread, block/unblock, detach, show attachments: H1-H6), saying why others are missing. The feed is virtualized and end-anchored: older pages load as the operator scrolls up without moving what they read; new messages follow the bottom only when the operator is there. Operator messages show their status (clock, one check, two checks where the channel reports reads, red cross with the reason and a retry: S1-S6). Hover or focus a message to quote it or create a quick reply (M1, M2). The composer keeps a draft per dialog (L4), counts toward the 2000-character limit (P4), attaches files checked against the channel (P1) with previews (P2), and says when the operator can no longer write (P3, H4).',
      },
    },
  },
  args: { dialogId: SEED_IDS.freshWaitingDialog, sendOn: 'enter' },
  render: (args) => html`<div style="block-size: 680px; max-inline-size: 820px; border: 1px solid var(--chatdesk-color-border); display: flex; flex-direction: column">
    <chat-window dialog-id=${args.dialogId} send-on=${args.sendOn}></chat-window>
  </div>`,
} satisfies Meta<ChatWindowArgs>;

export default meta;
type Story = StoryObj<ChatWindowArgs>;

/** A dialog the signed-in operator handles: the administrator's own, or María's when the toolbar says operator. */
export const Default: Story = {
  render: (args, context: StoryContext<ChatWindowArgs>) => meta.render({ ...args, dialogId: context.globals['role'] === 'operator' ? SEED_IDS.waitingDialog : args.dialogId }),
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, 'textarea')).not.toBeNull();
  },
};

/** S1-S4: queued (clock), sent and delivered (one check), read (two checks), each with a text alternative. */
export const Statuses: Story = {
  name: 'Statuses: queued, sent, delivered, read',
  loaders: [
    as(SEED_IDS.admin, {
      // The simulated channel never advances: the statuses stay as seeded.
      core: { scheduler: () => () => undefined },
      seed: appendTo(SEED_IDS.freshWaitingDialog, () => [
        reply('story-read', 'Read: the client has seen this (two checks).', { state: 'read' }),
        reply('story-delivered', 'Delivered, not read yet (one check).', { state: 'delivered' }),
        reply('story-sent', 'Sent to the messenger (one check, muted).', { state: 'sent' }),
        reply('story-queued', 'Queued for sending (clock).', { state: 'queued' }),
      ]),
    }),
  ],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-status="queued"]')).not.toBeNull());
    for (const s of ['read', 'delivered', 'sent']) expect(deepQuery(el, `[data-status="${s}"]`)).not.toBeNull();
  },
};

/** A reply the operator sent that waits (clock): what the connection note is about. */
const waitingReply = as(SEED_IDS.admin, {
  core: { scheduler: () => () => undefined },
  seed: appendTo(SEED_IDS.freshWaitingDialog, () => [reply('story-waiting', 'Your parcel leaves the warehouse today.', { state: 'queued' })]),
});

/** S1: offline: the reply waits (clock) and the note above the composer says it will be sent when the connection returns. */
export const Offline: Story = {
  name: 'Offline',
  loaders: [waitingReply],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    el.client!.$connection.set('offline');
    await waitFor(() => expect(deepText(deepQuery(el, '.offline')!)).toBe('Offline: messages will be sent when the connection returns.'));
  },
};

/**
 * S1: reconnecting after having been online (the SDK is `connecting` while the server holds the
 * socket, as when its database restarts): the same note as offline. The first connect says nothing.
 */
export const Reconnecting: Story = {
  name: 'Reconnecting after having been online',
  loaders: [waitingReply],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(el.client!.$connection.get()).toBe('online'));
    el.client!.$connection.set('connecting');
    await waitFor(() => expect(deepText(deepQuery(el, '.offline')!)).toBe('Offline: messages will be sent when the connection returns.'));
  },
};

/** S6: a channel without read receipts (Landing chat) never shows two checks, even when the data says read. */
export const NoReadReceipts: Story = {
  name: 'Channel without read receipts',
  args: { dialogId: SEED_IDS.closedReassignedDialog },
  loaders: [
    as(SEED_IDS.ivan, {
      seed: appendTo(SEED_IDS.closedReassignedDialog, () => [reply('story-noreceipt', 'Спасибо, доставили?', { state: 'read' }, SEED_IDS.ivan)]),
    }),
  ],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[data-key="story-noreceipt"] [data-status="delivered"]')).not.toBeNull());
    expect(deepQuery(el, '[data-status="read"]')).toBeNull();
  },
};

const failure = (reason: Parameters<typeof failed>[0], text: string) =>
  as(SEED_IDS.admin, { seed: appendTo(SEED_IDS.freshWaitingDialog, () => [reply(`story-failed-${reason}`, text, failed(reason))]) });

/** S5: the messenger integration returned an error: the reason in words, and a retry. */
export const FailedIntegrationError: Story = {
  name: 'Failed: integration error',
  loaders: [failure('integration_error', 'The tracking number is ES4792713421.')],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepText(deepQuery(el, '[part="failure"]')!)).toContain('integration'));
    expect(deepQuery(el, 'button.retry')).not.toBeNull();
  },
};

/** S5: not sent because the dialog is not assigned to the operator (lack of rights): no retry, it could not succeed. */
export const FailedNotAssigned: Story = {
  name: 'Failed: not assigned to you',
  loaders: [failure('not_assigned', 'I will check it right away.')],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="failure"]')).not.toBeNull());
    expect(deepQuery(el, 'button.retry')).toBeNull();
  },
};

/** S5: the client is blocked: no retry. */
export const FailedClientBlocked: Story = {
  name: 'Failed: client blocked',
  loaders: [failure('client_blocked', 'Please keep it respectful.')],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="failure"]')).not.toBeNull());
  },
};

/** S5: the site visitor closed the chat window or left the site (the seed's left web chat): no Retry until they write again, and the row says so. */
export const FailedClientLeft: Story = {
  name: 'Failed: client left the site',
  args: { dialogId: SEED_IDS.leftDialog },
  loaders: [as(SEED_IDS.ivan)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    // S5: no Retry while the client is away (it would fail again); the row says when it will be offered.
    await waitFor(() => expect(deepQueryAll(el, '[part="retry-later"]').length).toBeGreaterThan(0));
    expect(deepQueryAll(el, 'button.retry').length).toBe(0);
  },
};

/** H4: the client is blocked: the composer is replaced by a warning (with Unblock). */
export const Blocked: Story = {
  name: 'Client blocked',
  args: { dialogId: SEED_IDS.blockedDialog },
  loaders: [as(SEED_IDS.admin)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[part="composer-notice"]')).not.toBeNull();
    expect(deepQuery(el, 'textarea')).toBeNull();
  },
};

/** H5: the client was detached: no Block or Detach, and the header says why. */
export const Detached: Story = {
  name: 'Client detached',
  args: { dialogId: SEED_IDS.detachedDialog },
  loaders: [as(SEED_IDS.maria)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[part="explanation"]')).not.toBeNull();
    expect(deepQuery(el, 'button[aria-label="Detach client"]')).toBeNull();
  },
};

/** H2/P3: a closed dialog: Reopen in the header; writing reopens it. */
export const Closed: Story = {
  name: 'Closed dialog',
  args: { dialogId: SEED_IDS.closedDialog },
  loaders: [as(SEED_IDS.maria)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[part="composer-note"]')).not.toBeNull();
  },
};

/** P3: the dialog was handed to the bot: the operator can no longer write, and is not offered what would fail. */
export const ReassignedToBot: Story = {
  name: 'Reassigned away (to the bot)',
  args: { dialogId: SEED_IDS.botDialog },
  loaders: [as(SEED_IDS.ivan)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[part="composer-notice"]')).not.toBeNull();
    expect(deepQuery(el, 'button[aria-label="Reassign dialog"]')).toBeNull();
  },
};

/** L3/P3: another operator's dialog, seen by the administrator: the reassignment in the feed, and only they may write. */
export const ReassignedToOperator: Story = {
  name: 'Reassigned (another operator responsible)',
  args: { dialogId: SEED_IDS.reassignedDialog },
  loaders: [as(SEED_IDS.admin)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, 'article.event').length).toBeGreaterThan(0));
  },
};

/** H1: the reassign window, open: operators (online first) and bots, searchable. */
export const ReassignWindow: Story = {
  name: 'Reassign window',
  args: { dialogId: SEED_IDS.closedDialog },
  loaders: [as(SEED_IDS.admin)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    deepQuery<HTMLButtonElement>(el, 'button[aria-label="Reassign dialog"]')!.click();
    await waitFor(() => expect(deepQuery<HTMLDialogElement>(el, 'dialog[data-modal="reassign"]')?.open).toBe(true));
  },
};

/** H1, issue 17: the windows are a part loaded when one first opens; when its download fails the window opens with why, Cancel and "Retry" (focused). */
export const WindowFailed: Story = {
  name: 'Window failed to download',
  args: { dialogId: SEED_IDS.closedDialog },
  loaders: [as(SEED_IDS.admin)],
  beforeEach: () => holdParts('failed'),
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    deepQuery<HTMLButtonElement>(el, 'button[aria-label="Reassign dialog"]')!.click();
    await waitFor(() => expect(deepQuery<HTMLDialogElement>(el, 'dialog[data-modal="reassign"]')?.open).toBe(true));
    await expect(deepQuery(el, 'dialog[data-modal="reassign"] [role="alert"]')?.textContent?.trim()).toBe('The chat service is unavailable. Try again later.');
    await expect(deepQueryAll(el, 'dialog[data-modal="reassign"] button').map((b) => b.textContent!.trim())).toEqual(['Cancel', 'Retry']);
  },
};

/** M1: replying with a quote: the composer shows the quoted message, removable. */
export const Quoting: Story = {
  args: { dialogId: SEED_IDS.waitingDialog },
  loaders: [
    preparing(as(SEED_IDS.maria), ({ client }) => {
      client.setDraft(SEED_IDS.waitingDialog, 'Sí, te confirmo: sale hoy.', 'dlg-0001-m9');
    }),
  ],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="composer-quote"]')).not.toBeNull());
  },
};

/** P1/P2: files being attached: an image preview and a file chip, with upload progress, removable. */
export const Uploading: Story = {
  args: { dialogId: SEED_IDS.waitingDialog },
  loaders: [slowUploads(as(SEED_IDS.maria))],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[part="upload"]').length).toBe(2));
  },
};

/** P4: past the 2000-character limit (spaces not counted): the counter and the reason; sending is refused, nothing is lost. */
export const OverTheLimit: Story = {
  name: 'Over the limit',
  args: { dialogId: SEED_IDS.waitingDialog },
  loaders: [
    preparing(as(SEED_IDS.maria), ({ client }) => {
      client.setDraft(SEED_IDS.waitingDialog, 'Detalle del pedido: '.repeat(120));
    }),
  ],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, '[part="counter"].over, .counter.over')).not.toBeNull());
  },
};

/** P4: a draft with a character no channel can carry (a control character): the composer says why, and sending is refused. */
export const Unsendable: Story = {
  name: 'Unsendable characters',
  args: { dialogId: SEED_IDS.waitingDialog },
  loaders: [
    preparing(as(SEED_IDS.maria), ({ client }) => {
      client.setDraft(SEED_IDS.waitingDialog, 'Hola \u0007 ¿me confirmas la dirección?');
    }),
  ],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQuery(el, 'textarea.input')?.getAttribute('aria-invalid')).toBe('true'));
    await waitFor(() => expect(deepQuery(el, '#composer-over')?.textContent ?? '').toMatch(/\S/));
  },
};

/** Images and files in the feed, with their size reserved; an expired file says so. */
export const Attachments: Story = {
  args: { dialogId: SEED_IDS.attachmentsDialog },
  loaders: [as(SEED_IDS.admin)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    await waitFor(() => expect(deepQueryAll(el, '[part~="attachment"]').length).toBeGreaterThan(0));
  },
};

/** ~3,000 messages: older pages load as you scroll up; the DOM holds only what is on screen. */
export const LongHistory: Story = {
  name: 'Long history',
  args: { dialogId: SEED_IDS.longDialog },
  loaders: [as(SEED_IDS.maria)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQueryAll(el, 'article').length).toBeLessThanOrEqual(40);
  },
};

/** An operator who is neither administrator nor responsible: the actions they may not take are not offered, and the header says why. */
export const NotResponsible: Story = {
  name: 'Not responsible (read-only)',
  args: { dialogId: SEED_IDS.botDialog },
  loaders: [as(SEED_IDS.maria)],
  play: async ({ canvasElement }) => {
    const el = await ready(canvasElement);
    expect(deepQuery(el, '[part="explanation"]')).not.toBeNull();
  },
};

/** No dialog chosen yet. */
export const Empty: Story = {
  args: { dialogId: '' },
  play: async ({ canvasElement }) => {
    await allUpdated(canvasElement);
    await waitFor(() => expect(deepQuery(windowIn(canvasElement), '[part="empty"]')).not.toBeNull());
  },
};

/** Loading: every request takes two seconds. */
export const Loading: Story = {
  loaders: [as(SEED_IDS.admin, { latencyMs: 2000 })],
};

/** The dark theme. */
export const Dark: Story = {
  args: { dialogId: SEED_IDS.waitingDialog },
  loaders: [as(SEED_IDS.maria)],
  globals: { theme: 'dark' },
};

/** The dark theme with failures and a quote. */
export const DarkFailures: Story = {
  name: 'Dark, failed messages',
  args: { dialogId: SEED_IDS.leftDialog },
  loaders: [as(SEED_IDS.ivan)],
  globals: { theme: 'dark' },
};

/** In Spanish. */
export const Spanish: Story = {
  name: 'Español',
  args: { dialogId: SEED_IDS.closedDialog },
  loaders: [as(SEED_IDS.maria)],
  globals: { locale: 'es' },
};

/** In Russian. */
export const Russian: Story = {
  name: 'Русский',
  args: { dialogId: SEED_IDS.ivanDialog },
  loaders: [as(SEED_IDS.ivan)],
  globals: { locale: 'ru' },
};

/** In English. */
export const English: Story = {
  name: 'English',
  args: { dialogId: SEED_IDS.attachmentsDialog },
  loaders: [as(SEED_IDS.admin)],
  globals: { locale: 'en' },
};
