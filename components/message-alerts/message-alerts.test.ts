import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define/chat-alerts.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Dialog } from '../../sdk/model.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { ChatAlerts } from './message-alerts.js';
import { loadLocale } from '../i18n.js';

const SEED = createSeed({ now: Date.now() });

describe('chat-alerts', function () {
  this.timeout(30_000);
  let backend: InProcessBackend;
  let client: ChatClient;

  beforeEach(async () => {
    backend = await createInProcessBackend(() => SEED, { delayFactor: 0 });
    client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
    await client.start();
  });

  afterEach(() => {
    client.stop();
    backend.core.dispose();
  });

  const toasts = (el: ChatAlerts) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="alert"]')];
  const text = (n: Element | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
  /** An open dialog whose client can write. */
  const writable = (skip: string[] = []): Dialog =>
    [...client.$dialogs.get().values()].find((d) => d.status === 'open' && d.clientId && !client.$clients.get().get(d.clientId)?.blocked && !skip.includes(d.id))!;

  it('N1: a new client message shows an alert with the client name and the text', async () => {
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} position="inline"></chat-alerts>`);
    const d = writable();
    const name = client.$clients.get().get(d.clientId!)!.name;
    await backend.core.clientSend(d.id, '¿Me podéis llamar? Es urgente.');
    await waitUntil(() => toasts(el).length === 1, 'alert shown');
    const t = toasts(el)[0]!;
    expect(text(t.querySelector('[part="name"]'))).to.equal(name);
    expect(text(t.querySelector('[part="text"]'))).to.equal('¿Me podéis llamar? Es urgente.');
    expect(text(t.querySelector('[part="channel"] .channel'))).to.equal(client.$channelsById.get().get(d.channelId)!.name);
    await waitUntil(() => text(el.shadowRoot!.querySelector('[role="status"]')).startsWith('New message from'), 'announced');
    expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.equal(`New message from ${name}: ¿Me podéis llamar? Es urgente.`);
    await expect(el).to.be.accessible();
  });

  it('N1: clicking an alert opens the dialog (dialog-select, then client.openDialog) and removes it', async () => {
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} position="inline"></chat-alerts>`);
    const d = writable();
    await backend.core.clientSend(d.id, 'Hola');
    await waitUntil(() => toasts(el).length === 1, 'alert shown');
    const ev = oneEvent(el, 'dialog-select');
    toasts(el)[0]!.click();
    expect((await ev).detail).to.deep.equal({ dialogId: d.id });
    await waitUntil(() => client.$activeDialogId.get() === d.id, 'opened');
    await el.updateComplete;
    expect(toasts(el).length).to.equal(0);
    expect(client.$alerts.get().length).to.equal(0);
  });

  it('N1: no alert for the dialog already open and visible', async () => {
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} position="inline"></chat-alerts>`);
    const open = writable();
    await client.openDialog(open.id);
    await backend.core.clientSend(open.id, 'Estoy aquí');
    const other = writable([open.id]);
    await backend.core.clientSend(other.id, 'Y yo aquí');
    // Events come in order: the alert for the second dialog means the first message was handled.
    await waitUntil(() => toasts(el).length === 1, 'one alert');
    await el.updateComplete;
    expect(toasts(el).map((t) => t.dataset['dialog'])).to.deep.equal([other.id]);
  });

  it('N1: nothing while the operator is muted; existing alerts go when muting', async () => {
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} position="inline"></chat-alerts>`);
    const d = writable();
    await backend.core.clientSend(d.id, 'Primero');
    await waitUntil(() => toasts(el).length === 1, 'alert shown');
    client.setMuted(true);
    await el.updateComplete;
    expect(toasts(el).length).to.equal(0);
    await backend.core.clientSend(d.id, 'Segundo');
    await waitUntil(() => client.$dialogs.get().get(d.id)?.lastMessage?.text === 'Segundo', 'message arrived');
    await el.updateComplete;
    expect(toasts(el).length).to.equal(0);
    expect(client.$alerts.get().length).to.equal(0);
    client.setMuted(false);
    await backend.core.clientSend(d.id, 'Tercero');
    await waitUntil(() => toasts(el).length === 1, 'alerts again after unmuting');
    expect(text(toasts(el)[0]!.querySelector('[part="text"]'))).to.equal('Tercero');
  });

  it('N1: alerts hide after their duration, can be dismissed, and a burst shows the newest few with one announcement', async () => {
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} position="inline" duration="0" max="2"></chat-alerts>`);
    const a = writable();
    const b = writable([a.id]);
    const c = writable([a.id, b.id]);
    await backend.core.clientSend(a.id, 'uno');
    await backend.core.clientSend(b.id, 'dos');
    await backend.core.clientSend(c.id, 'tres');
    await waitUntil(() => client.$alerts.get().length === 3, 'three alerts');
    await el.updateComplete;
    expect(toasts(el).map((t) => text(t.querySelector('[part="text"]')))).to.deep.equal(['tres', 'dos']);
    expect(text(el.shadowRoot!.querySelector('[part="footer"]'))).to.contain('+1 more');
    await waitUntil(() => text(el.shadowRoot!.querySelector('[role="status"]')) === '3 new messages', 'one announcement');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="dismiss"]')!.click();
    await el.updateComplete;
    expect(toasts(el).map((t) => text(t.querySelector('[part="text"]')))).to.deep.equal(['dos', 'uno']);
    el.duration = 30;
    await waitUntil(() => toasts(el).length === 0, 'hidden by themselves');
  });

  it('N1: a host keeps the stack off a side block: --chat-alerts-offset-inline and --chat-alerts-offset-block move it (issue 19: it covered the client block at 1280 px)', async () => {
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} style="--chat-alerts-offset-inline: 320px; --chat-alerts-offset-block: 112px"></chat-alerts>`);
    await backend.core.clientSend(writable().id, 'Hola');
    await waitUntil(() => toasts(el).length === 1, 'alert shown');
    const box = el.getBoundingClientRect();
    expect(Math.round(innerWidth - box.right)).to.equal(320);
    expect(Math.round(innerHeight - box.bottom)).to.equal(112);
    // Without them, the single offset as before.
    el.style.cssText = '--chat-alerts-offset: 24px';
    const moved = el.getBoundingClientRect();
    expect(Math.round(innerWidth - moved.right)).to.equal(24);
    expect(Math.round(innerHeight - moved.bottom)).to.equal(24);
    await expect(el).to.be.accessible();
  });

  it('N1: localized', async () => {
    await Promise.all([loadLocale('es'), loadLocale('ru')]); // the shipped languages are lazy chunks
    const el = await fixture<ChatAlerts>(html`<chat-alerts .client=${client} position="inline" locale="ru"></chat-alerts>`);
    await backend.core.clientSend(writable().id, 'Привет');
    await waitUntil(() => toasts(el).length === 1, 'alert shown');
    expect(el.shadowRoot!.querySelector('[part="dismiss"]')!.getAttribute('aria-label')).to.equal('Скрыть');
    expect(el.shadowRoot!.querySelector('section')!.getAttribute('aria-label')).to.equal('Новые сообщения');
  });
});
