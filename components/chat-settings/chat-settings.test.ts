import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/chat-settings.js';
import '../../src/define/dialog-list.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import { compareByActivity, compareByProcessing } from '../../sdk/rules/query.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { DialogList } from '../dialog-list/dialog-list.js';
import { loadLocale, type Locale } from '../i18n.js';
import type { ChatSettingsPanel } from './chat-settings.js';

const NOW = Date.now();
const SEED = createSeed({ now: NOW, dialogs: 40 });

let backend: InProcessBackend | undefined;
const clients: ChatClient[] = [];

afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
  backend?.core.dispose();
  backend = undefined;
});

async function signIn(op: Id): Promise<ChatClient> {
  backend ??= await createInProcessBackend(() => SEED, { delayFactor: 0 });
  const c = createChatClient({ transport: backend.transport(op) });
  await c.start();
  clients.push(c);
  return c;
}

async function mount(client: ChatClient, locale: Locale = 'en'): Promise<ChatSettingsPanel> {
  const el = await fixture<ChatSettingsPanel>(html`<chat-settings .client=${client} locale=${locale} style="width: 420px"></chat-settings>`);
  await el.updateComplete;
  return el;
}

const $ = <T extends HTMLElement>(el: ChatSettingsPanel, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const statusText = (el: ChatSettingsPanel) => $(el, '[part="status"]').textContent!.trim();

describe('chat-settings (F2)', function () {
  this.timeout(60_000);

  it('F2: an administrator clears the limit ("no time limit"): processing order becomes unavailable and the list re-sorts at once', async () => {
    const admin = await signIn(SEED_IDS.admin);
    const el = await mount(admin);
    const list = await fixture<DialogList>(html`<dialog-list .client=${admin} locale="en" style="display: flex; height: 500px; width: 380px"></dialog-list>`);
    await waitUntil(() => list.shadowRoot!.querySelector('[role="option"]'), 'list rendered');
    expect($<HTMLInputElement>(el, 'input[value="limit"]').checked).to.equal(true);
    expect($<HTMLInputElement>(el, 'input[type="number"]').value).to.equal('15');
    expect($(el, '[part="current"]').textContent).to.contain('15');
    await expect(el).to.be.accessible();

    $<HTMLInputElement>(el, 'input[value="none"]').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, 'input[type="number"]').disabled, 'minutes off without a limit').to.equal(true);
    const changed = oneEvent(el, 'settings-change');
    $<HTMLButtonElement>(el, '[part="save"]').click();
    expect((await changed).detail).to.deep.equal({ responseTimeLimitMs: null });
    await el.updateComplete;
    expect(statusText(el)).to.equal('Saved.');
    expect($(el, '[part="current"]').textContent).to.contain('no time limit');
    // The list: asked again from the server, sorted by last activity, and the filter panel says why processing order is off.
    await admin.listSettled();
    const order = admin.$list.get();
    expect(order.map((d) => d.id)).to.deep.equal([...order].sort(compareByActivity).map((d) => d.id));
    list.shadowRoot!.querySelector<HTMLButtonElement>('.filter-button')!.click();
    await waitUntil(() => list.shadowRoot!.querySelector('[part="sort-unavailable"]'), 'processing order marked unavailable');
    expect(list.shadowRoot!.querySelector<HTMLInputElement>('input[value="processing"]')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
    await expect(list).to.be.accessible();

    // Set it again: 20 minutes, typed.
    $<HTMLInputElement>(el, 'input[value="limit"]').click();
    await el.updateComplete;
    const minutes = $<HTMLInputElement>(el, 'input[type="number"]');
    minutes.focus();
    minutes.select();
    await sendKeys({ type: '20' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => admin.$settings.get().responseTimeLimitMs === 20 * 60_000, 'saved by Enter');
    await el.updateComplete;
    expect(statusText(el)).to.equal('Saved.');
    await admin.listSettled();
    const again = admin.$list.get();
    expect(again.map((d) => d.id)).to.deep.equal([...again].sort(compareByProcessing).map((d) => d.id));
    await waitUntil(() => !list.shadowRoot!.querySelector('[part="sort-unavailable"]'), 'processing order available again');
    await expect(el).to.be.accessible();
  });

  it('F2: minutes out of range are refused in the form with the reason; nothing is saved', async () => {
    const admin = await signIn(SEED_IDS.admin);
    const el = await mount(admin);
    for (const typed of ['0', '10081', '2.5', '']) {
      const minutes = $<HTMLInputElement>(el, 'input[type="number"]');
      minutes.value = typed;
      minutes.dispatchEvent(new Event('input'));
      $<HTMLButtonElement>(el, '[part="save"]').click();
      await el.updateComplete;
      expect(statusText(el), typed).to.equal('Enter whole minutes from 1 to 10,080.');
      expect(minutes.getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal(minutes);
      await expect(el).to.be.accessible();
    }
    expect(admin.$settings.get().responseTimeLimitMs).to.equal(15 * 60_000);
  });

  it('F2: an operator sees the settings read-only, and a change another administrator makes shows at once', async () => {
    const maria = await signIn(SEED_IDS.maria);
    const admin = await signIn(SEED_IDS.admin);
    const el = await mount(maria);
    expect(statusText(el)).to.equal('Only an administrator can change the chat settings.');
    expect(el.shadowRoot!.querySelector('[part="save"]')).to.equal(null);
    for (const input of el.shadowRoot!.querySelectorAll('input')) expect(input.disabled).to.equal(true);
    await expect(el).to.be.accessible();

    await admin.updateSettings({ responseTimeLimitMs: null });
    await waitUntil(() => $<HTMLInputElement>(el, 'input[value="none"]').checked, 'the form follows the stored settings');
    expect($(el, '[part="current"]').textContent).to.contain('no time limit');
    await expect(el).to.be.accessible();
  });

  it('F2: strings in Spanish and Russian', async () => {
    const admin = await signIn(SEED_IDS.admin);
    for (const [locale, legend] of [
      ['es', 'Tiempo límite de respuesta'],
      ['ru', 'Лимит времени ответа'],
    ] as const) {
      await loadLocale(locale); // the shipped languages are lazy chunks
      const el = await mount(admin, locale);
      expect($(el, 'legend').textContent).to.equal(legend);
      await expect(el).to.be.accessible();
    }
  });
});
