/**
 * `<client-widget>` by keyboard alone: the heading (where `<chat-inbox>` puts focus), Detach's
 * confirmation (W2/H5), the widget settings (W1), pinning and removing a tag (L5/T6). After every
 * step: where focus is, through the shadow root, and that it shows.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/client-widget.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import { expectFocus, press } from '../internal/keyboard.test-helpers.js';
import type { ClientWidget } from './client-widget.js';
import { LAYOUT_KEY_PREFIX } from './widget-settings.js';

let current: { backend: InProcessBackend; client: ChatClient } | undefined;

afterEach(() => {
  current?.client.stop();
  current?.backend.core.dispose();
  current = undefined;
  for (const k of Object.keys(localStorage)) if (k.startsWith(LAYOUT_KEY_PREFIX)) localStorage.removeItem(k);
});

/** Tab (or Shift+Tab) until `match` has focus; every stop must show its focus. */
async function tabTo(match: (el: Element) => boolean, step: string, max = 30): Promise<HTMLElement> {
  for (let i = 0; i < max; i++) {
    await press('Tab');
    const el = await expectFocus(() => true, `${step} (Tab stop ${i + 1})`);
    if (match(el)) return el;
  }
  return expect.fail(`${step}: not reached in ${max} Tabs`);
}

describe('<client-widget> keyboard script', () => {
  it('heading, Detach (Escape returns), settings (Escape returns), pin and remove a tag', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const backend = await createInProcessBackend(() => createSeed({ now: Date.now(), dialogs: 20 }), { delayFactor: 0 });
    const client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
    await client.start();
    current = { backend, client };
    const el = await fixture<ClientWidget>(html`<client-widget .client=${client} dialog-id=${SEED_IDS.waitingDialog} locale="en"></client-widget>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.base')?.getAttribute('aria-busy') === 'false', 'layout', { timeout: 4000 });

    const clientId = client.$dialogs.get().get(SEED_IDS.waitingDialog)!.clientId!;
    expect(el.focusHeading()).to.equal(true);
    await expectFocus('.header .title', 'focusHeading(): the block’s title');
    await press('Tab');
    await expectFocus('.detach', 'Tab: Detach client');
    await press('Enter');
    await expectFocus((e) => !!e.closest('dialog.confirm') && e.matches('button'), 'Enter: the confirmation');
    await expect(el).to.be.accessible();
    await press('Escape');
    await expectFocus('.detach', 'Escape: back on Detach client');

    await press('Tab');
    await expectFocus('.settings-button', 'Tab: Widget settings');
    await press('Enter');
    await expectFocus((e) => !!e.closest('.settings') && e.matches('input'), 'the settings panel');
    await press('Escape');
    await expectFocus('.settings-button', 'Escape: back on Widget settings');

    // Pin a tag (L5/T6): focus stays on the pin, which says it is pressed.
    const pin = await tabTo((e) => e.matches('button.pin[aria-pressed="false"]'), 'Tab to an unpinned tag’s pin');
    const tagId = pin.closest<HTMLElement>('.tag')!.dataset['tag']!;
    await press('Enter');
    await waitUntil(
      () =>
        client.$clients
          .get()
          .get(clientId)
          ?.tags.find((t) => t.tagId === tagId)?.pinned === true,
      'pinned',
      { timeout: 4000 },
    );
    await expectFocus((e) => e.matches('button.pin[aria-pressed="true"]') && e.closest<HTMLElement>('.tag')!.dataset['tag'] === tagId, 'Enter: focus stays on the pin, now pressed');
    // Remove it: focus moves on (the next tag, or the tag picker), never to the page.
    await press('Tab');
    await expectFocus('button.remove', 'Tab: Remove');
    await press('Enter');
    await waitUntil(
      () =>
        !client.$clients
          .get()
          .get(clientId)
          ?.tags.some((t) => t.tagId === tagId),
      'removed',
      { timeout: 4000 },
    );
    await expectFocus((e) => e.matches('button.remove, button.pin, select.add-select'), 'removed: focus on the next tag or the picker');
  });
});
