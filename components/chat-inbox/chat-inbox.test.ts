/**
 * `<chat-inbox>`: the layout by width (three panes, two with a drawer, one with Back) and the
 * keyboard model (skip link, F6, Alt+arrows, Mod+K, ?, Escape), walked with real key presses; after
 * every step the test asserts where focus is, through shadow roots, and that it is visible.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/define/chat-inbox.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import { isUnread } from '../../sdk/rules/unread.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { ChatWindow } from '../chat-window/chat-window.js';
import type { ClientWidget } from '../client-widget/client-widget.js';
import type { DialogList } from '../dialog-list/dialog-list.js';
import { deepActiveElement, expectFocus, press, type } from '../internal/keyboard.test-helpers.js';
import { setShortcuts } from '../internal/shortcuts.js';
import type { ChatInbox, InboxPaneChangeDetail } from './chat-inbox.js';
import { findDialogs } from './jump-search.js';

const SEED = createSeed({ now: Date.now(), dialogs: 40 });

let current: { backend: InProcessBackend; client: ChatClient } | undefined;

afterEach(async () => {
  current?.client.stop();
  current?.backend.core.dispose();
  current = undefined;
  setShortcuts(undefined);
  await setViewport({ width: 800, height: 600 });
});

interface Inbox {
  el: ChatInbox;
  client: ChatClient;
  list: DialogList;
  chat: ChatWindow;
  widget: ClientWidget;
}

/** A started client and an inbox `width` px wide filling the viewport's height. */
async function setup(width: number, opts: { height?: number; operator?: Id; listPageSize?: number; seed?: typeof SEED } = {}): Promise<Inbox> {
  const backend = await createInProcessBackend(() => opts.seed ?? SEED, { delayFactor: 0 });
  const client = createChatClient({ transport: backend.transport(opts.operator ?? SEED_IDS.admin), listPageSize: opts.listPageSize });
  await client.start();
  current = { backend, client };
  await setViewport({ width: Math.max(width, 320), height: opts.height ?? 720 });
  document.body.style.margin = '0';
  const wrap = await fixture<HTMLElement>(html`<div style=${`inline-size: ${width}px; block-size: ${opts.height ?? 720}px`}>
    <chat-inbox .client=${client} locale="en"></chat-inbox>
  </div>`);
  const el = wrap.querySelector('chat-inbox')!;
  await el.updateComplete;
  const sr = el.shadowRoot!;
  const list = sr.querySelector('dialog-list')!;
  const chat = sr.querySelector('chat-window')!;
  const widget = sr.querySelector('client-widget')!;
  await waitUntil(() => list.shadowRoot?.querySelector('[role="option"]'), 'list rows');
  return { el, client, list, chat, widget };
}

const inside = (host: Element) => (el: Element) => host.shadowRoot!.contains(el);
const section = (i: Inbox, pane: string) => i.el.shadowRoot!.querySelector<HTMLElement>(`#${pane}-pane`)!;
const shown = (i: Inbox, pane: string) => !section(i, pane).hidden && section(i, pane).getClientRects().length > 0;
const rowOf = (list: DialogList, id: Id) => (el: Element) => el.getAttribute('role') === 'option' && (el as HTMLElement).dataset['id'] === id && list.shadowRoot!.contains(el);

/** Every scroll container under `root` (shadow roots included) that scrolls sideways. */
function sidewaysScrollers(root: Element): string[] {
  const out: string[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        const s = getComputedStyle(el);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll') out.push(`<${el.localName} class="${el.getAttribute('class') ?? ''}"> ${el.scrollWidth}>${el.clientWidth}`);
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root.shadowRoot ?? root);
  return out;
}

describe('<chat-inbox> layout by width', () => {
  for (const [width, layout] of [
    [1280, 'three'],
    [768, 'two'],
    [390, 'one'],
    [320, 'one'],
  ] as const) {
    it(`${width} px: ${layout} pane(s), no horizontal scroll, every pane reachable`, async function () {
      this.timeout(30_000);
      const i = await setup(width);
      await waitUntil(() => i.el.getAttribute('layout') === layout, `layout ${layout}`);
      await i.client.openDialog(SEED_IDS.freshWaitingDialog);
      // The shortest bubbles (their actions float beside or over them) must fit too.
      await i.client.send(SEED_IDS.freshWaitingDialog, { text: 'Ok' });
      await i.el.updateComplete;
      for (const pane of ['list', 'chat', 'client'] as const) {
        if (layout === 'one' || (layout === 'two' && pane === 'client')) await i.el.showPane(pane);
        await waitUntil(() => shown(i, pane), `${pane} shown`);
        const box = section(i, pane).getBoundingClientRect();
        expect(box.width, `${pane} pane width`).to.be.greaterThan(Math.min(200, width * 0.6));
        expect(box.right, `${pane} pane inside the inbox`).to.be.at.most(width + 1);
        await waitUntil(() => sidewaysScrollers(i.el).length === 0, `no sideways scroll with the ${pane} pane: ${sidewaysScrollers(i.el).join(', ')}`, { timeout: 3000 });
        expect(document.documentElement.scrollWidth, 'page scroll width').to.be.at.most(innerWidth);
      }
      await expect(i.el).to.be.accessible();
    });
  }

  it('one pane: picking a dialog shows the chat with focus on its heading; Back returns to the list heading', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const i = await setup(390);
    expect(shown(i, 'list')).to.equal(true);
    expect(shown(i, 'chat')).to.equal(false);
    const row = i.list.shadowRoot!.querySelector<HTMLElement>('[role="option"]')!;
    const id = row.dataset['id']!;
    row.focus();
    const change = oneEvent(i.el, 'inbox-pane-change') as Promise<CustomEvent<InboxPaneChangeDetail>>;
    await press('Enter');
    expect((await change).detail).to.deep.equal({ layout: 'one', pane: 'chat' });
    await expectFocus((el) => el.id === 'chat-title' && inside(i.chat)(el), 'chat heading after Enter on a row');
    expect(i.client.$activeDialogId.get()).to.equal(id);
    expect(shown(i, 'list')).to.equal(false);
    await expect(i.el).to.be.accessible();
    const back = i.el.shadowRoot!.querySelector<HTMLElement>('[part="back-button"]')!;
    back.focus();
    await press('Enter');
    await expectFocus('#list-heading', 'list heading after Back');
    expect(shown(i, 'chat')).to.equal(false);
  });

  it('two panes: "Client details" opens the client block as a drawer (focus on its heading); Escape closes it, focus back on the button', async () => {
    const i = await setup(768);
    await i.client.openDialog(SEED_IDS.freshWaitingDialog);
    expect(shown(i, 'client')).to.equal(false);
    const toggle = i.el.shadowRoot!.querySelector<HTMLElement>('[part="client-button"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await press('Enter');
    await expectFocus((el) => el.classList.contains('title') && inside(i.widget)(el), 'client heading in the drawer');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    await expect(i.el).to.be.accessible();
    await press('Escape');
    await expectFocus('[part="client-button"]', 'the toggle after Escape');
    expect(shown(i, 'client')).to.equal(false);
  });
});

describe('<chat-inbox> keyboard script', () => {
  it('skip link, F6 / Shift+F6, Alt+↓ / Alt+↑, Alt+Shift+↓, Mod+K, ?, Escape: focus is always somewhere visible', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const i = await setup(1280);
    await i.client.openDialog(SEED_IDS.freshWaitingDialog);
    await i.chat.updateComplete;
    await waitUntil(() => i.chat.shadowRoot!.querySelector('textarea.input'), 'composer');

    // The skip link is the inbox's first stop and goes straight to the message input.
    const before = document.createElement('button');
    before.textContent = 'before';
    i.el.parentElement!.before(before);
    before.focus();
    await press('Tab');
    await expectFocus('.skip-link', 'skip link on the first Tab');
    await press('Enter');
    await expectFocus((el) => el.matches('textarea.input') && inside(i.chat)(el), 'message input after the skip link');

    // F6 cycles chat → client → list → chat; Shift+F6 goes back.
    await press('F6');
    await expectFocus((el) => el.classList.contains('title') && inside(i.widget)(el), 'F6: client block heading');
    await press('F6');
    await expectFocus(rowOf(i.list, SEED_IDS.freshWaitingDialog), 'F6: the open dialog’s row in the list');
    await press('F6');
    await expectFocus((el) => el.matches('textarea.input') && inside(i.chat)(el), 'F6: back to the message input (where focus was in the chat)');
    await press('Shift+F6');
    await expectFocus(rowOf(i.list, SEED_IDS.freshWaitingDialog), 'Shift+F6: the list');

    // Alt+↓ from the list opens the next dialog, and the list's focus follows it.
    const ids = i.list.dialogIds;
    const at = ids.indexOf(SEED_IDS.freshWaitingDialog);
    await press('Alt+ArrowDown');
    await waitUntil(() => i.client.$activeDialogId.get() === ids[at + 1], 'next dialog open');
    await expectFocus(rowOf(i.list, ids[at + 1]!), 'Alt+↓: focus on the opened row');
    await press('Alt+ArrowUp');
    await waitUntil(() => i.client.$activeDialogId.get() === ids[at], 'previous dialog open');
    await expectFocus(rowOf(i.list, ids[at]!), 'Alt+↑: focus on the opened row');

    // From the message input too; focus stays there.
    i.chat.focusComposer();
    await press('Alt+ArrowDown');
    await waitUntil(() => i.client.$activeDialogId.get() === ids[at + 1], 'next dialog from the composer');
    // Focus stays in the chat: in the input, or on the heading when this dialog has no input for the operator (P3).
    const inChat = (el: Element) => (el.matches('textarea.input') || el.id === 'chat-title') && inside(i.chat)(el);
    await expectFocus(inChat, 'Alt+↓ in the input keeps focus in the chat');

    // Alt+Shift+↓: the next unread one.
    const reads = i.client.$readStates.get();
    const dialogs = i.client.$dialogs.get();
    const from = ids.indexOf(i.client.$activeDialogId.get()!);
    const nextUnread = ids.slice(from + 1).find((id) => isUnread(dialogs.get(id)!, reads.get(id)));
    await press('Alt+Shift+ArrowDown');
    if (nextUnread) await waitUntil(() => i.client.$activeDialogId.get() === nextUnread, 'next unread open');
    await expectFocus(inChat, 'Alt+Shift+↓ keeps focus in the chat');

    // Mod+K: find a client by name (a dialog far down the list) and open it; focus lands in its chat.
    await press('Control+k');
    await expectFocus((el) => el.matches('input.jump-input') && inside(i.el)(el), 'Ctrl+K: the search field');
    await expect(i.el).to.be.accessible();
    const clients = i.client.$clients.get();
    const nameOf = (id: Id) => clients.get(dialogs.get(id)!.clientId ?? '')?.name ?? '';
    const target = dialogs.get(
      ids
        .slice()
        .reverse()
        .find((id) => nameOf(id) && ids.filter((x) => nameOf(x) === nameOf(id)).length === 1)!,
    )!;
    await type(nameOf(target.id));
    await waitUntil(() => i.el.shadowRoot!.querySelector('.jump-option[aria-selected="true"]')?.getAttribute('data-id') === target.id, `${nameOf(target.id)} first`);
    await press('Enter');
    await waitUntil(() => i.client.$activeDialogId.get() === target.id, 'the dialog found is open');
    await expectFocus((el) => (el.matches('textarea.input') || el.id === 'chat-title') && inside(i.chat)(el), 'after the jump: the chat of the dialog');

    // ?: the shortcut list, from a message (not while typing); Escape closes it and focus comes back.
    // (Once the feed has settled at its newest message: before that its rows are still moving.)
    const feedSettled = () => (i.chat as unknown as { feed: { ready: boolean; dialogId: string | null } }).feed;
    await waitUntil(() => feedSettled().dialogId === target.id && feedSettled().ready, 'the feed of the dialog found, settled', { timeout: 8000 });
    await i.chat.updateComplete;
    i.chat.shadowRoot!.querySelector<HTMLElement>('article[tabindex="0"]')!.focus();
    await press('?');
    await expectFocus((el) => inside(i.el)(el) && !!el.closest('dialog.shortcut-help'), '?: the help window');
    const helpText = i.el.shadowRoot!.querySelector('dialog.shortcut-help')!.textContent!;
    expect(helpText).to.contain('Open the next unread dialog').and.to.contain('Alt');
    await expect(i.el).to.be.accessible();
    await press('Escape');
    await expectFocus((el) => el.matches('article') && inside(i.chat)(el), 'Escape: back on the message');

    // Escape in the input (no quote) returns to the list, on the open dialog's row.
    i.chat.focusComposer();
    await press('Escape');
    await expectFocus(rowOf(i.list, target.id), 'Escape in the input: the open dialog’s row');
  });

  it('issue 17: "Go to a dialog" loads its content on first open; a failed load opens the window with why and Retry, which loads it (focus in the search field)', async () => {
    const i = await setup(1200);
    // The page-wide loader of the window's content, failing once as a lost connection would.
    const chunk = (await import('./jump-dialog.js')).JumpDialog as unknown as { chunk: { value: unknown; load: () => Promise<unknown> } };
    const { value, load } = chunk.chunk;
    let calls = 0;
    chunk.chunk.value = null;
    chunk.chunk.load = async () => {
      if (++calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return load();
    };
    try {
      i.list.shadowRoot!.querySelector<HTMLElement>('[role="option"]')!.focus();
      await press('Control+k');
      const sr = i.el.shadowRoot!;
      await waitUntil(() => sr.querySelector('dialog.jump[open] [role="alert"]'), 'the window opens with why');
      expect(sr.querySelector('dialog.jump')!.matches(':modal')).to.equal(true);
      expect(sr.querySelector('input.jump-input')).to.equal(null);
      expect(sr.querySelector('dialog.jump [role="alert"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('The chat service is unavailable. Try again later. Retry');
      await expectFocus((el) => el.matches('dialog.jump button') && inside(i.el)(el), 'focus on Retry');
      await expect(i.el).to.be.accessible();
      await press('Enter');
      await expectFocus((el) => el.matches('input.jump-input') && inside(i.el)(el), 'after Retry: the search field');
      expect(calls).to.equal(2);
      expect(sr.querySelector('dialog.jump [role="alert"]')).to.equal(null);
      // Its styles came with the chunk: the results are a list without bullets.
      expect(getComputedStyle(sr.querySelector('.jump-results')!).listStyleType).to.equal('none');
      await type('a');
      await waitUntil(() => sr.querySelector('.jump-option'), 'results');
      await press('Escape');
      await waitUntil(() => !sr.querySelector('dialog.jump'), 'Escape closes it');
    } finally {
      chunk.chunk.value = value;
      chunk.chunk.load = load;
    }
  });

  it('L6: "Go to a dialog" finds a dialog the list has not loaded, by the text of an old message, on the server', async () => {
    // A closed dialog (history: the open list does not show it): its first client message gets words
    // no other message has.
    const seed = structuredClone(SEED);
    const oldest = [...seed.dialogs]
      .sort((a, b) => a.lastActivityAt - b.lastActivityAt)
      .find((d) => d.status === 'closed' && seed.messages.filter((m) => m.dialogId === d.id && m.kind === 'text' && m.author.kind === 'client').length >= 2)!;
    const old = seed.messages.find((m) => m.dialogId === oldest.id && m.kind === 'text' && m.author.kind === 'client')!;
    old.text = 'Quisiera tres paraguas amarillos con lunares';
    const i = await setup(1200, { listPageSize: 5, seed });
    // What the client holds cannot answer it (the text is in an old message, not a name, title or last message).
    expect(findDialogs(i.client, 'paraguas amarillos').total).to.equal(0);
    i.list.shadowRoot!.querySelector<HTMLElement>('[role="option"]')!.focus();
    await press('Control+k');
    await waitUntil(() => i.el.shadowRoot!.querySelector('input.jump-input') === i.el.shadowRoot!.activeElement, 'the search field');
    await type('paraguas amarillos');
    await waitUntil(() => i.el.shadowRoot!.querySelector(`.jump-option[data-id="${old.dialogId}"]`), 'the dialog of the old message is offered');
    expect(i.el.shadowRoot!.querySelectorAll('.jump-option').length).to.equal(1);
    await expect(i.el).to.be.accessible();
    await press('Enter');
    await waitUntil(() => i.client.$activeDialogId.get() === old.dialogId, 'the dialog found is open');
  });

  it('L6: a search result row opens the dialog at the message it matched, highlighted', async () => {
    // A long closed dialog: its first client message gets words no other message has.
    const seed = structuredClone(SEED);
    const count = (id: Id) => seed.messages.filter((m) => m.dialogId === id).length;
    const long = [...seed.dialogs].filter((d) => d.status === 'closed').sort((a, b) => count(b.id) - count(a.id))[0]!;
    const old = seed.messages.find((m) => m.dialogId === long.id && m.kind === 'text' && m.author.kind === 'client')!;
    old.text = 'Necesito siete paraguas violetas para la boda';
    const i = await setup(1200, { seed });
    const input = i.list.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.focus();
    await type('paraguas violetas');
    const row = () => i.list.shadowRoot!.querySelector<HTMLElement>(`[role="option"][data-id="${long.id}"]`);
    await waitUntil(() => row()?.querySelector('mark'), 'the matching row with its excerpt');
    row()!.click();
    await waitUntil(() => i.client.$activeDialogId.get() === long.id, 'the dialog opens');
    // The message is revealed: highlighted in the feed (older pages loaded as needed).
    await waitUntil(() => i.chat.shadowRoot!.querySelector(`article.highlighted[data-key="${old.id}"]`), 'the matched message highlighted', { timeout: 10000 });
    await expect(i.el).to.be.accessible();
  });

  it('with focus nowhere (body), F6 and ? still reach the inbox', async () => {
    const i = await setup(1280);
    (document.activeElement as HTMLElement | null)?.blur();
    expect(deepActiveElement()).to.equal(document.body);
    await press('F6');
    await expectFocus((el) => inside(i.list)(el), 'F6 from the page: the list');
  });

  it('one pane: F6 shows the next pane with focus on its heading; Escape in the input goes back to the list pane', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const i = await setup(390);
    await i.client.openDialog(SEED_IDS.freshWaitingDialog);
    i.list.shadowRoot!.querySelector<HTMLElement>('[role="option"]')!.focus();
    await press('F6');
    await expectFocus((el) => el.id === 'chat-title' && inside(i.chat)(el), 'F6: chat heading');
    expect(shown(i, 'list')).to.equal(false);
    await press('F6');
    await expectFocus((el) => el.classList.contains('title') && inside(i.widget)(el), 'F6: client heading');
    expect(shown(i, 'chat')).to.equal(false);
    await press('Escape');
    await expectFocus((el) => el.id === 'chat-title' && inside(i.chat)(el), 'Escape in the client pane: back to the chat');
    i.chat.focusComposer();
    await press('Escape');
    await expectFocus(rowOf(i.list, SEED_IDS.freshWaitingDialog), 'Escape in the input: the list pane, on the open row');
    expect(shown(i, 'list')).to.equal(true);
  });

  it('shortcuts can be remapped or turned off by the host (property, attribute, page-wide)', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const i = await setup(1280);
    await i.client.openDialog(SEED_IDS.freshWaitingDialog);
    i.chat.focusComposer();
    await i.chat.updateComplete;
    // Remapped: Alt+J goes to the next dialog, Alt+↓ no longer does.
    i.el.shortcuts = { nextDialog: 'Alt+J' };
    await i.el.updateComplete;
    await press('Alt+ArrowDown');
    await press('Alt+j');
    const ids = i.list.dialogIds;
    await waitUntil(() => i.client.$activeDialogId.get() === ids[ids.indexOf(SEED_IDS.freshWaitingDialog) + 1], 'Alt+J opened the next one (Alt+↓ did not)');
    // Off (attribute): nothing happens, and the help lists the action as off.
    i.el.setAttribute('shortcuts', 'none');
    await i.el.updateComplete;
    const open = i.client.$activeDialogId.get();
    const was = await expectFocus((el) => inside(i.chat)(el), 'focus in the chat');
    await press('Alt+j');
    await press('F6');
    await expectFocus((el) => el === was, 'keys off: focus did not move');
    expect(i.client.$activeDialogId.get()).to.equal(open);
    i.el.showShortcutHelp();
    // The window's content is its own chunk, loaded on first open: wait for it, not for an earlier test.
    await waitUntil(() => (i.el.shadowRoot!.querySelector('dialog.shortcut-help')?.textContent ?? '').includes('Off in this page'), 'the shortcut help says the keys are off in this page');
    i.el.removeAttribute('shortcuts');
    // Page-wide: setShortcuts(false) turns them off everywhere.
    setShortcuts(false);
    await i.el.updateComplete;
    const quote = i.chat.shadowRoot!.querySelector<HTMLElement>('.message-actions [data-action="quote"]');
    if (quote) expect(quote.getAttribute('title')).to.equal('Quote');
    setShortcuts(undefined);
    await i.chat.updateComplete;
    if (quote) await waitUntil(() => quote.getAttribute('title') === 'Quote (R)', 'tooltip shows the key again');
  });
});
