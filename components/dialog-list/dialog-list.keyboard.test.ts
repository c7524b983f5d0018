/**
 * `<dialog-list>` by keyboard alone (WAI-ARIA listbox): from the search field into the rows,
 * arrows, Home / End, type-ahead, Space to select (D1), Escape, Enter to open (the open row says
 * so to screen readers), Delete's confirmation (D1-D4), the filter panel (F1) and `?`. After every
 * step: where focus is, through the shadow root, and that it shows.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/dialog-list.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import { foldText } from '../../sdk/rules/text.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import { expectFocus, press, type } from '../internal/keyboard.test-helpers.js';
import type { DialogList } from './dialog-list.js';

const SEED = createSeed({ now: Date.now(), dialogs: 40 });
let current: { backend: InProcessBackend; client: ChatClient } | undefined;

afterEach(() => {
  current?.client.stop();
  current?.backend.core.dispose();
  current = undefined;
});

async function setup(): Promise<{ el: DialogList; client: ChatClient }> {
  const backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
  const client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
  await client.start();
  current = { backend, client };
  const wrap = await fixture<HTMLElement>(html`<div style="display: flex; flex-direction: column; inline-size: 380px; block-size: 640px">
    <dialog-list .client=${client} locale="en"></dialog-list>
  </div>`);
  const el = wrap.querySelector('dialog-list')!;
  await waitUntil(() => el.shadowRoot!.querySelector('[role="option"]'), 'rows', { timeout: 4000 });
  return { el, client };
}

const rowFor = (id: string) => (el: Element) => el.getAttribute('role') === 'option' && (el as HTMLElement).dataset['id'] === id;

describe('<dialog-list> keyboard script', () => {
  it('search → rows, arrows, Home / End, type-ahead, Space, Escape, Enter, Delete, filters, ?', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const { el, client } = await setup();
    const root = el.shadowRoot!;
    const ids = el.dialogIds;
    const name = (id: string) => root.querySelector(`[role="option"][data-id="${id}"] .name`)?.textContent?.trim() ?? '';

    root.querySelector<HTMLInputElement>('.search-input')!.focus();
    await expectFocus('.search-input', 'the search field');
    await press('ArrowDown');
    await expectFocus(rowFor(ids[0]!), '↓ from the search: the first row');
    await press('ArrowDown');
    await expectFocus(rowFor(ids[1]!), '↓: the second row');
    await press('End');
    await expectFocus(rowFor(ids[ids.length - 1]!), 'End: the last row');
    await press('Home');
    await expectFocus(rowFor(ids[0]!), 'Home: the first row');

    // Type-ahead: the letters of a name further down go to it.
    const target = ids.slice(5).find((id) => {
      const n = foldText(name(id) || (client.$dialogs.get().get(id)?.title ?? ''));
      return n.length > 3 && ids.slice(0, ids.indexOf(id)).every((o) => !foldText(client.$clients.get().get(client.$dialogs.get().get(o)!.clientId ?? '')?.name ?? '').startsWith(n.slice(0, 3)));
    });
    expect(target, 'a name to type').to.be.a('string');
    const clientName = client.$clients.get().get(client.$dialogs.get().get(target!)!.clientId!)!.name;
    await type(clientName.slice(0, 3));
    await expectFocus(rowFor(target!), `type-ahead "${clientName.slice(0, 3)}"`);

    // Space selects (D1): every avatar turns into a checkbox; Escape clears the selection.
    await press(' ');
    await waitUntil(() => el.selection.length === 1, 'selected');
    await expectFocus(rowFor(target!), 'Space keeps focus on the row');
    expect(root.activeElement!.getAttribute('aria-selected')).to.equal('true');
    await expect(el).to.be.accessible();
    await press('Escape');
    await waitUntil(() => el.selection.length === 0, 'selection cleared');
    await expectFocus(rowFor(target!), 'Escape keeps focus on the row');

    // Enter opens the dialog; the row says "open in the chat" (aria-selected stays the bulk selection).
    await press('Enter');
    await waitUntil(() => client.$activeDialogId.get() === target, 'opened');
    await el.updateComplete;
    const open = root.activeElement as HTMLElement;
    expect(open.textContent).to.contain('open in the chat');
    expect(open.getAttribute('aria-selected')).to.equal('false');
    expect(root.querySelectorAll('[role="option"] .visually-hidden')).to.satisfy((nodes: NodeListOf<Element>) => [...nodes].filter((n) => n.textContent!.includes('open in the chat')).length === 1);
    await expectFocus(rowFor(target!), 'Enter keeps focus on the row');

    // Delete: the confirmation takes focus (Cancel); Escape returns to the row.
    await press('Delete');
    await expectFocus((e) => !!e.closest('dialog.confirm') && e.matches('button'), 'Delete: the confirmation');
    await expect(el).to.be.accessible();
    await press('Escape');
    await expectFocus(rowFor(target!), 'Escape: back on the row');

    // ?: the shortcuts of the list (no inbox around); Escape returns.
    await press('?');
    await expectFocus((e) => !!e.closest('dialog.shortcut-help'), '?: Keyboard shortcuts');
    // The window's content is its own chunk (loaded on first open): wait for it.
    await waitUntil(() => (root.querySelector('dialog.shortcut-help')?.textContent ?? '').includes('whose name starts with'), 'the shortcuts of the list', { timeout: 5000 });
    await press('Escape');
    await expectFocus(rowFor(target!), 'Escape: back on the row');

    // Shift+Tab to the filter button; Enter opens the panel; Escape closes it, focus back on the button.
    await press('Shift+Tab');
    await expectFocus('.filter-button', 'Shift+Tab: Sort and filter');
    await press('Enter');
    await expectFocus((e) => !!e.closest('#filter-panel'), 'the filter panel');
    await press('Escape');
    await expectFocus('.filter-button', 'Escape: back on Sort and filter');
  });

  it('D1 (keyboard users reach the same): type-ahead ends at another key: letters, then Escape, then ? opens the shortcuts at once (not a letter of the name)', async function () {
    this.timeout(30_000);
    const { el } = await setup();
    const root = el.shadowRoot!;
    root.querySelector<HTMLElement>('[role="option"]')!.focus();
    await expectFocus((e) => e.getAttribute('role') === 'option', 'a row');
    // Typed and followed at once (within the type-ahead's moment): only the other key ends the typing.
    await type('zz');
    await press('Escape');
    await press('?');
    await expectFocus((e) => !!e.closest('dialog.shortcut-help'), '?: Keyboard shortcuts');
  });

  it('L6/8: user text is isolated (dir="auto") and group names are not upper-cased by CSS', async () => {
    const { el } = await setup();
    const root = el.shadowRoot!;
    const row = root.querySelector('[role="option"]')!;
    expect(row.querySelector('.name')!.getAttribute('dir')).to.equal('auto');
    expect(row.querySelector('.preview-text')!.getAttribute('dir')).to.equal('auto');
    root.querySelector<HTMLElement>('.filter-button')!.click();
    await el.updateComplete;
    const legend = root.querySelector('#filter-panel legend')!;
    expect(getComputedStyle(legend).textTransform).to.equal('none');
    expect(legend.textContent!.trim()).to.match(/^[A-Z][a-z]/);
  });
});
