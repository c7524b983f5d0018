/**
 * The inbox as a CRM shows it: `<chat-inbox>` holding the dialog list, the chat window and the
 * client card, on the live backend core with the demo data, while clients keep writing in.
 *
 * Everything is live: pick a dialog, reply (watch the status go queued → sent → delivered → read),
 * filter, close, reassign, delete; move by keyboard (F6, Alt+↑/↓, Ctrl+K, ?). The toolbar's role
 * signs in as the administrator (every dialog) or as María (her dialogs only). The width stories
 * show the layout a phone (320, 390 px), a tablet (768 px) and a desktop (1280 px) get; the stories
 * test opens each at that viewport width and saves a screenshot.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { isLocale, translate, type Bundle, type Locale } from '../components/i18n.js';
import type { ChatInbox, InboxPane } from '../components/chat-inbox/chat-inbox.js';
import { holdParts } from '../components/internal/on-demand.js';
import type { ShortcutConfig } from '../components/internal/shortcuts.js';
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

/** The three elements side by side without `<chat-inbox>` (a page that has not registered it). */
function manualGrid(locale: Locale, height: string): TemplateResult {
  const t = (key: keyof typeof en) => translate(strings, locale, key);
  const column = 'min-block-size: 0; min-inline-size: 0; display: flex; flex-direction: column;';
  return html`<div style="display: grid; grid-template-columns: minmax(260px, 340px) minmax(360px, 1fr) minmax(240px, 320px); block-size: ${height};">
    <section aria-label=${t('dialogs')} style="${column} border-inline-end: 1px solid var(--chatdesk-color-border);">
      ${defined('dialog-list') ? html`<dialog-list style="flex: 1; min-block-size: 0;"></dialog-list>` : missing('dialog-list', locale)}
    </section>
    <section aria-label=${t('conversation')} style=${column}>
      ${defined('chat-window') ? html`<chat-window style="flex: 1; min-block-size: 0;"></chat-window>` : missing('chat-window', locale)}
    </section>
    <section aria-label=${t('client')} style="${column} border-inline-start: 1px solid var(--chatdesk-color-border); overflow: auto;">
      ${defined('client-widget') ? html`<client-widget style="flex: 1; min-block-size: 0;"></client-widget>` : missing('client-widget', locale)}
    </section>
  </div>`;
}

/** The page: a header with the unread count, then the inbox (`width` px wide when given, centred). */
function page(locale: Locale, height: string, options: { width?: number; shortcuts?: ShortcutConfig } = {}): TemplateResult {
  const t = (key: keyof typeof en) => translate(strings, locale, key);
  const frame = options.width ? `inline-size: ${options.width}px; max-inline-size: 100%; margin-inline: auto;` : '';
  return html`<div
    class="chatdesk-inbox"
    style="display: grid; grid-template-rows: auto minmax(0, 1fr); block-size: ${height}; ${frame} background: var(--chatdesk-color-bg); color: var(--chatdesk-color-text); font-family: var(--chatdesk-font-family);"
  >
    <header
      style="display: flex; align-items: center; gap: var(--chatdesk-space); padding: 6px 16px;
        background: var(--chatdesk-color-surface); border-block-end: 1px solid var(--chatdesk-color-border);"
    >
      <h1 style="margin: 0; font-size: 1.15em; font-weight: 600;">${t('inbox')}</h1>
      ${defined('chat-unread-badge') ? html`<chat-unread-badge></chat-unread-badge>` : nothing}
    </header>
    <main style="min-block-size: 0; min-inline-size: 0; display: flex;">
      ${defined('chat-inbox') ? html`<chat-inbox style="flex: 1; min-inline-size: 0;" .shortcuts=${options.shortcuts}></chat-inbox>` : manualGrid(locale, '100%')}
    </main>
    ${defined('chat-alerts') ? html`<chat-alerts position="top-end" style="--chat-alerts-width: 300px"></chat-alerts>` : nothing}
  </div>`;
}

/** Dialog list | chat window | client card (`<chat-inbox>`), with clients writing in. */
export const Inbox: Story = {
  render: (_args, { globals, viewMode }) => page(localeOf(globals['locale']), viewMode === 'docs' ? '680px' : '100vh'),
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
      await check('the dialog list shows rows (not a blank viewport)', () => waitFor(() => expect(visibleRows(list)).toBeGreaterThan(0), { timeout: 10_000, interval: 200 }));
    }
    if (args.simulateClients) {
      // The first two scripted lines arrive together: one in the dialog on screen, one in another
      // dialog (an alert). Then nothing arrives for `intervalSeconds`.
      const [inOpenDialog, elsewhere] = clientScript(inboxDialog(globals['role']));
      const chat = deepQuery(canvasElement, 'chat-window');
      if (chat) {
        await check("the client's message arrives in the chat window", () => waitFor(() => expect(deepText(chat)).toContain(inOpenDialog!.text), { timeout: 20_000, interval: 200 }));
      }
      const alerts = deepQuery(canvasElement, 'chat-alerts');
      if (alerts) {
        await check('a message in another dialog shows an alert', () => waitFor(() => expect(deepText(alerts)).toContain(elsewhere!.text), { timeout: 20_000, interval: 200 }));
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

// ------------------------------------------------------------------------------------------------
// Widths

/** Scroll containers that scroll sideways (shadow roots included), and the page itself. */
function sidewaysScroll(root: Element): string[] {
  const out = deepQueryAll<HTMLElement>(root, '*')
    .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
    .map((el) => `<${el.localName} class="${el.getAttribute('class') ?? ''}"> ${el.scrollWidth} > ${el.clientWidth}`);
  if (document.documentElement.scrollWidth > innerWidth) out.push(`the page: ${document.documentElement.scrollWidth} > ${innerWidth}`);
  return out;
}

/**
 * A width story: the inbox `width` px wide. Its play function visits every pane (showing it where
 * it is hidden: a drawer at two panes, one pane at a time below), checks that it is on screen with
 * no sideways scroll, and leaves `finalPane` showing.
 */
function widthStory(width: number, layout: 'one' | 'two' | 'three', finalPane: InboxPane): Story {
  return {
    args: { simulateClients: false },
    parameters: {
      docs: {
        description: {
          story: `${layout === 'three' ? 'Three panes' : layout === 'two' ? 'Two panes: "Client details" opens the client block as a drawer' : 'One pane at a time: picking a dialog shows the chat; Back returns'}. The stories test opens it at ${width} px.`,
        },
      },
    },
    render: (_args, { globals, viewMode }) => page(localeOf(globals['locale']), viewMode === 'docs' ? '640px' : '100vh', { width }),
    play: async ({ canvasElement }) => {
      await allUpdated(canvasElement);
      const inbox = deepQuery<ChatInbox>(canvasElement, 'chat-inbox');
      if (!inbox) return;
      const list = deepQuery(canvasElement, 'dialog-list')!;
      await waitFor(() => expect(visibleRows(list)).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
      await waitFor(() => expect(inbox.getAttribute('layout')).toBe(layout));
      for (const pane of ['list', 'chat', 'client', finalPane] as const) {
        if (layout !== 'three') await inbox.showPane(pane);
        const section = inbox.shadowRoot!.querySelector<HTMLElement>(`#${pane}-pane`)!;
        await waitFor(() => expect(section.getBoundingClientRect().width).toBeGreaterThan(Math.min(200, width * 0.6)));
        await allUpdated(canvasElement);
        await waitFor(() => expect(sidewaysScroll(canvasElement)).toEqual([]), { timeout: 5000 });
      }
      if (layout === 'two' && finalPane !== 'client') await inbox.showPane('chat');
    },
  };
}

// (The name and tags are written out: Storybook's index reads them from the source.)

/** A small phone: one pane at a time (here the chat, after picking a dialog). */
export const Width320: Story = { ...widthStory(320, 'one', 'chat'), name: 'Inbox at 320 px', tags: ['width:320', 'play-fn'] };
/** A phone: one pane at a time (here the list). */
export const Width390: Story = { ...widthStory(390, 'one', 'list'), name: 'Inbox at 390 px', tags: ['width:390', 'play-fn'] };
/** A tablet: list and chat; the client block is a drawer (here open). */
export const Width768: Story = { ...widthStory(768, 'two', 'client'), name: 'Inbox at 768 px', tags: ['width:768', 'play-fn'] };
/** A desktop: list, chat and client block. */
export const Width1280: Story = { ...widthStory(1280, 'three', 'chat'), name: 'Inbox at 1280 px', tags: ['width:1280', 'play-fn'] };

// ------------------------------------------------------------------------------------------------
// Keyboard shortcuts

/** Opens the "Keyboard shortcuts" window (what `?` does) and checks what it lists. */
async function openHelp(canvasElement: HTMLElement, expected: RegExp[]): Promise<void> {
  await allUpdated(canvasElement);
  const inbox = deepQuery<ChatInbox>(canvasElement, 'chat-inbox');
  if (!inbox) return;
  inbox.showShortcutHelp();
  await waitFor(() => expect(inbox.shadowRoot!.querySelector<HTMLDialogElement>('dialog.shortcut-help')?.open).toBe(true));
  const text = deepText(inbox.shadowRoot!.querySelector('dialog.shortcut-help')!);
  for (const e of expected) expect(text).toMatch(e);
}

/** The shortcut help (`?`): every key of the inbox, grouped, as configured. */
export const ShortcutHelp: Story = {
  name: 'Keyboard shortcuts (?)',
  args: { simulateClients: false },
  render: Inbox.render!,
  play: ({ canvasElement }) => openHelp(canvasElement, [/F6/, /Alt/, /Ctrl|⌘/, /Open the next unread dialog|Abrir el siguiente diálogo no leído|Открыть следующий непрочитанный диалог/]),
};

/** A host with shortcuts of its own: "Go to a dialog" moved to Mod+J, F6 turned off (`shortcuts` property). */
export const ShortcutHelpRemapped: Story = {
  name: 'Keyboard shortcuts, remapped by the host',
  args: { simulateClients: false },
  render: (_args, { globals, viewMode }) => page(localeOf(globals['locale']), viewMode === 'docs' ? '680px' : '100vh', { shortcuts: { jumpToDialog: 'Mod+J', nextPane: null, previousPane: null } }),
  play: ({ canvasElement }) => openHelp(canvasElement, [/J/, /Off in this page|Desactivado en esta página|Отключено на этой странице/]),
};

/**
 * Opens one of the inbox's windows whose content is a part loaded on first use, with every such
 * download failing (holdParts), and checks that the window says why and offers "Retry".
 */
async function failedWindow(canvasElement: HTMLElement, open: (inbox: ChatInbox) => void, dialog: string): Promise<void> {
  await allUpdated(canvasElement);
  const inbox = deepQuery<ChatInbox>(canvasElement, 'chat-inbox')!;
  open(inbox);
  await waitFor(() => expect(inbox.shadowRoot!.querySelector<HTMLDialogElement>(dialog)?.open).toBe(true));
  await waitFor(() => expect(inbox.shadowRoot!.querySelector(`${dialog} [role="alert"]`)?.textContent?.replace(/\s+/g, ' ')).toMatch(/Retry|Reintentar|Повторить/));
}

/** Issue 17: "Go to a dialog" (Mod+K) is a part loaded when first opened; when its download fails the window opens with why, and "Retry". */
export const JumpFailed: Story = {
  name: 'Go to a dialog, failed to download',
  args: { simulateClients: false },
  render: Inbox.render!,
  beforeEach: () => holdParts('failed'),
  play: ({ canvasElement }) => failedWindow(canvasElement, (inbox) => inbox.showJumpToDialog(), 'dialog.jump'),
};

/** Issue 17: the "Keyboard shortcuts" window is a part loaded when first opened; when its download fails it opens with why, and "Retry". */
export const ShortcutHelpFailed: Story = {
  name: 'Keyboard shortcuts, failed to download',
  args: { simulateClients: false },
  render: Inbox.render!,
  beforeEach: () => holdParts('failed'),
  play: ({ canvasElement }) => failedWindow(canvasElement, (inbox) => inbox.showShortcutHelp(), 'dialog.shortcut-help'),
};
