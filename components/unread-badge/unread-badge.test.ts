import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/chat-unread-badge.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import { countUnreadDialogs, isUnread } from '../../sdk/rules/unread.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { ChatUnreadBadge } from './unread-badge.js';
import { loadLocale } from '../i18n.js';

const SEED = createSeed({ now: Date.now() });

describe('chat-unread-badge', function () {
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

  const count = (el: ChatUnreadBadge) => el.shadowRoot!.querySelector('[part="count"]')?.textContent?.trim() ?? null;
  const label = (el: ChatUnreadBadge) => el.shadowRoot!.querySelector('.visually-hidden')?.textContent?.trim();

  it('N2: shows the number of unread dialogs, from the same read positions as the list', async () => {
    const el = await fixture<ChatUnreadBadge>(html`<chat-unread-badge .client=${client}></chat-unread-badge>`);
    // N2 counts every dialog in storage, loaded or not: a full scan of the seed (the admin sees all).
    const seedReads = new Map(SEED.readStates.filter((r) => r.operatorId === SEED_IDS.admin).map((r) => [r.dialogId, r]));
    const expected = countUnreadDialogs(SEED.dialogs, seedReads);
    expect(expected).to.be.greaterThan(1);
    // The client holds only a window of them (its first page), fewer than storage has.
    expect(client.$dialogs.get().size).to.be.lessThan(SEED.dialogs.length);
    expect(count(el)).to.equal(String(expected));
    expect(el.count).to.equal(expected);
    expect(label(el)).to.equal(`${expected} unread dialogs`);
    await expect(el).to.be.accessible();
  });

  it('N2: follows reads, marks and new client messages live', async () => {
    const el = await fixture<ChatUnreadBadge>(html`<chat-unread-badge .client=${client}></chat-unread-badge>`);
    const start = el.count;
    const reads = client.$readStates.get();
    const unread = [...client.$dialogs.get().values()].find((d) => isUnread(d, reads.get(d.id)) && !reads.get(d.id)?.markedUnread)!;
    await client.markRead(unread.id);
    await el.updateComplete;
    expect(count(el)).to.equal(String(start - 1));
    await client.markUnread(unread.id);
    await el.updateComplete;
    expect(count(el)).to.equal(String(start));
    // A client writes in a dialog that was read: one more unread dialog.
    const read = [...client.$dialogs.get().values()].find((d) => !isUnread(d, client.$readStates.get().get(d.id)) && d.status === 'open' && !client.$clients.get().get(d.clientId ?? '')?.blocked)!;
    await backend.core.clientSend(read.id, 'Hola de nuevo');
    await waitUntil(() => el.count === start + 1, 'counted');
    await el.updateComplete;
    expect(count(el)).to.equal(String(start + 1));
  });

  it('N2: caps at max, hides zero unless asked, localized', async () => {
    await Promise.all([loadLocale('es'), loadLocale('ru')]); // the shipped languages are lazy chunks
    const el = await fixture<ChatUnreadBadge>(html`<chat-unread-badge .client=${client} max="3" locale="es"></chat-unread-badge>`);
    expect(count(el)).to.equal('3+');
    expect(label(el)).to.equal(`${el.count} diálogos sin leer`);
    const empty = await fixture<ChatUnreadBadge>(html`<chat-unread-badge locale="ru"></chat-unread-badge>`);
    expect(count(empty)).to.equal(null);
    expect(label(empty)).to.equal('Нет непрочитанных диалогов');
    empty.showZero = true;
    await empty.updateComplete;
    expect(count(empty)).to.equal('0');
    await expect(el).to.be.accessible();
    await expect(empty).to.be.accessible();
  });
});
