/**
 * The inbox as a CRM shows it: the dialog list, the chat window and the client card side by side,
 * on the live backend core with the demo data, while clients keep writing in.
 *
 * Everything is live: pick a dialog, reply (watch the status go queued → sent → delivered → read),
 * filter, close, reassign, delete. The toolbar's role signs in as the administrator (every dialog)
 * or as María (her dialogs only).
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { isLocale, translate, type Bundle, type Locale } from '../components/i18n.js';
import { SEED_IDS, type StoryBackend } from './support/backend.js';
import { allUpdated, deepQuery, deepQueryAll, deepText } from './support/dom.js';
import { clientScript, simulateClients } from './support/simulated-client.js';

interface InboxArgs {
  /** Clients write in while the story is open. */
  simulateClients: boolean;
  /** Seconds between two client messages. */
  intervalSeconds: number;
}

const en = {
  inbox: 'Inbox',
  dialogs: 'Dialogs',
  conversation: 'Conversation',
  client: 'Client',
  missing: '<{tag}> is not available in this build yet.',
};
const strings: Bundle<keyof typeof en> = {
  en,
  es: { inbox: 'Bandeja de entrada', dialogs: 'Diálogos', conversation: 'Conversación', client: 'Cliente', missing: '<{tag}> todavía no está disponible en esta versión.' },
  ru: { inbox: 'Входящие', dialogs: 'Диалоги', conversation: 'Переписка', client: 'Клиент', missing: '<{tag}> пока нет в этой сборке.' },
};

const localeOf = (v: unknown): Locale => (isLocale(v) ? v : 'en');

/** Shown in place of an element this build does not register (yet). */
function missing(tag: string, locale: Locale): TemplateResult {
  return html`<p
    role="note"
    style="margin: 0; padding: 16px; color: var(--chatdesk-color-text-muted); border: 1px dashed var(--chatdesk-color-border); border-radius: var(--chatdesk-radius);"
  >
    ${translate(strings, locale, 'missing', { tag })}
  </p>`;
}

const defined = (tag: string): boolean => customElements.get(tag) !== undefined;

/** Rows of a list that are on screen inside it. */
function visibleRows(list: HTMLElement): number {
  const box = list.getBoundingClientRect();
  return deepQueryAll(list, '[role="option"]').filter((row) => {
    const r = row.getBoundingClientRect();
    return r.height > 0 && r.bottom > box.top && r.top < box.bottom;
  }).length;
}

// ------------------------------------------------------------------------------------------------
// The simulated clients live as long as the story (and its backend)

/**
 * The dialog the Inbox opens: one the signed-in operator answers. The administrator's own waiting
 * WhatsApp client, or María's overdue Telegram client.
 */
const inboxDialog = (role: unknown): string => (role === 'operator' ? SEED_IDS.waitingDialog : SEED_IDS.freshWaitingDialog);

interface Simulation {
  backend: StoryBackend['backend'];
  key: string;
  stop: () => void;
}
const simulations = new Map<string, Simulation>();

function startInbox(context: StoryContext<InboxArgs>): () => void {
  const loaded = context.loaded as Partial<StoryBackend>;
  const { backend, client } = loaded;
  if (!backend || !client) return () => undefined;
  const { args } = context;
  const key = `${args.simulateClients}:${args.intervalSeconds}`;
  const current = simulations.get(context.id);
  const openId = inboxDialog(context.globals['role']);
  if (current?.backend !== backend) {
    // A new backend (first render, or another role): open a waiting dialog the signed-in operator
    // may answer, as they would.
    void client.openDialog(openId).catch(() => undefined);
  }
  if (current?.backend !== backend || current.key !== key) {
    current?.stop();
    const stop = args.simulateClients
      ? simulateClients(backend, { script: clientScript(openId), intervalMs: Math.max(1, args.intervalSeconds) * 1000, firstDelayMs: 1500, firstBurst: 2 })
      : () => undefined;
    simulations.set(context.id, { backend, key, stop });
  }
  return () => {
    simulations.get(context.id)?.stop();
    simulations.delete(context.id);
  };
}

// ------------------------------------------------------------------------------------------------

const meta = {
  title: 'Inbox',
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component:
          'The three main elements composed as a CRM places them. They share one `ChatClient` through `<chat-provider>`: picking a dialog in the list opens it in the chat window, and the client card follows. Clients of the demo data write in every few seconds.',
      },
    },
  },
  args: { simulateClients: true, intervalSeconds: 6 },
  argTypes: {
    intervalSeconds: { control: { type: 'range', min: 1, max: 30, step: 1 } },
  },
  beforeEach: startInbox,
} satisfies Meta<InboxArgs>;

export default meta;
type Story = StoryObj<InboxArgs>;

/** Dialog list | chat window | client card, with clients writing in. */
export const Inbox: Story = {
  render: (_args, { globals, viewMode }) => {
    const locale = localeOf(globals['locale']);
    const t = (key: keyof typeof en) => translate(strings, locale, key);
    const height = viewMode === 'docs' ? '680px' : '100vh';
    const column = 'min-block-size: 0; min-inline-size: 0; display: flex; flex-direction: column;';
    return html`<div
      class="chatdesk-inbox"
      style="display: grid; grid-template-columns: minmax(260px, 340px) minmax(360px, 1fr) minmax(240px, 320px); grid-template-rows: auto minmax(0, 1fr);
        block-size: ${height}; background: var(--chatdesk-color-bg); color: var(--chatdesk-color-text); font-family: var(--chatdesk-font-family);"
    >
      <header
        style="grid-column: 1 / -1; display: flex; align-items: center; gap: var(--chatdesk-space); padding: 6px 16px;
          background: var(--chatdesk-color-surface); border-block-end: 1px solid var(--chatdesk-color-border);"
      >
        <h1 style="margin: 0; font-size: 1.15em; font-weight: 600;">${t('inbox')}</h1>
        ${defined('chat-unread-badge') ? html`<chat-unread-badge></chat-unread-badge>` : nothing}
      </header>
      <section aria-label=${t('dialogs')} style="${column} border-inline-end: 1px solid var(--chatdesk-color-border);">
        ${defined('dialog-list') ? html`<dialog-list style="flex: 1; min-block-size: 0;"></dialog-list>` : missing('dialog-list', locale)}
      </section>
      <section aria-label=${t('conversation')} style=${column}>
        ${defined('chat-window') ? html`<chat-window style="flex: 1; min-block-size: 0;"></chat-window>` : missing('chat-window', locale)}
      </section>
      <section aria-label=${t('client')} style="${column} border-inline-start: 1px solid var(--chatdesk-color-border); overflow: auto;">
        ${defined('client-widget') ? html`<client-widget style="flex: 1; min-block-size: 0;"></client-widget>` : missing('client-widget', locale)}
      </section>
      ${defined('chat-alerts') ? html`<chat-alerts position="top-end" style="--chat-alerts-width: 300px"></chat-alerts>` : nothing}
    </div>`;
  },
  play: async ({ canvasElement, args, globals }) => {
    await allUpdated(canvasElement);
    // Every check runs; the story fails with all that went wrong.
    const problems: string[] = [];
    const check = async (what: string, assertion: () => Promise<unknown>) => {
      try {
        await assertion();
      } catch (e) {
        problems.push(`${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    };
    const list = deepQuery(canvasElement, 'dialog-list');
    if (list) {
      await check('the dialog list shows rows (not a blank viewport)', () =>
        waitFor(() => expect(visibleRows(list)).toBeGreaterThan(0), { timeout: 10_000, interval: 200 }),
      );
    }
    if (args.simulateClients) {
      // The first two scripted lines arrive together: one in the dialog on screen, one in another
      // dialog (an alert). Then nothing arrives for `intervalSeconds`.
      const [inOpenDialog, elsewhere] = clientScript(inboxDialog(globals['role']));
      const chat = deepQuery(canvasElement, 'chat-window');
      if (chat) {
        await check('the client\'s message arrives in the chat window', () =>
          waitFor(() => expect(deepText(chat)).toContain(inOpenDialog!.text), { timeout: 20_000, interval: 200 }),
        );
      }
      const alerts = deepQuery(canvasElement, 'chat-alerts');
      if (alerts) {
        await check('a message in another dialog shows an alert', () =>
          waitFor(() => expect(deepText(alerts)).toContain(elsewhere!.text), { timeout: 20_000, interval: 200 }),
        );
      }
    }
    await allUpdated(canvasElement);
    if (problems.length) throw new Error(`Inbox: ${problems.join('; ')}`);
  },
};

/** The same inbox without clients writing in: a still picture (for screenshots and reviews). */
export const Still: Story = {
  name: 'Inbox, no clients writing',
  args: { simulateClients: false },
  render: Inbox.render!,
  play: Inbox.play!,
};
