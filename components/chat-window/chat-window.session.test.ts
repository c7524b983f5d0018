/**
 * `<chat-window>` renders what its dialog's `DialogSession` says: the header actions it offers
 * (and why not), the message actions, and the composer's verdict in the window's language.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Id } from '../../sdk/model.js';
import type { HeaderOffers } from '../../sdk/session/offered.js';
import { loadLocale, translate } from '../i18n.js';
import { $, $$, absent, article, SEED_IDS, setup, teardown, text, typeText } from './chat-window.test-helpers.js';
import { chatWindowStrings } from './chat-window.messages.js';

afterEach(teardown);

/** The header buttons (their `data-action`) the session's offers call for. */
function expectedButtons(h: HeaderOffers): string[] {
  const out: string[] = [];
  if (h.reassign.ok) out.push('reassign');
  if (h.close.ok) out.push(h.close.action);
  if (h.markUnread.ok) out.push('mark-unread');
  if (h.block.ok) out.push(h.block.action);
  if (h.detach.ok) out.push('detach');
  if (h.showAttachments.ok) out.push('show-attachments');
  return out;
}

describe('<chat-window> renders its DialogSession', () => {
  const cases: Array<[string, Id, Id]> = [
    ['H1: a dialog held by the bot, for an operator who does not manage it', SEED_IDS.ivan, SEED_IDS.botDialog],
    ['H4: a blocked client, for the administrator', SEED_IDS.admin, SEED_IDS.blockedDialog],
    ['H5: a detached client, for the administrator', SEED_IDS.admin, SEED_IDS.detachedDialog],
    ['H2: a closed dialog, for its operator', SEED_IDS.maria, SEED_IDS.closedDialog],
  ];
  for (const [name, operatorId, dialogId] of cases) {
    it(`${name}: the header shows exactly the actions the session offers, and explains the reasons it gives`, async () => {
      const h = await setup({ operatorId, dialogId });
      const offers = h.client.session(dialogId).$offered.get().header;
      const shown = $$(h.el, '.actions button').map((b) => b.dataset['action']);
      expect(shown).to.deep.equal(expectedButtons(offers));
      if (offers.explain.length === 0) absent($(h.el, '[part="explanation"]'), 'explanation');
      else expect(text($(h.el, '[part="explanation"]'))).to.not.equal('');
      // P3, H4: the composer exists exactly when the session lets the operator write.
      expect(!!$(h.el, 'textarea.input')).to.equal(offers.write.ok);
      if (!offers.write.ok) expect($(h.el, '[part="composer-notice"]')!.dataset['reason']).to.equal(offers.write.reason);
      await expect(h.el).to.be.accessible();
    });
  }

  it('S5, M2: each message offers Quote and Retry as the session says, and Retry says when it comes back', async () => {
    const h = await setup({ operatorId: SEED_IDS.ivan, dialogId: SEED_IDS.leftDialog });
    const offered = h.client.session(SEED_IDS.leftDialog).$offered.get();
    const rendered = $$(h.el, 'article[data-key]');
    expect(rendered.length).to.be.above(0);
    let away = 0;
    for (const a of rendered) {
      const m = h.client.feed(SEED_IDS.leftDialog).messages.find((x) => x.id === a.dataset['key']);
      if (!m || m.kind !== 'text') continue;
      const o = offered.message(m);
      expect(!!a.querySelector('[data-action="quote"]'), `quote on ${m.id}`).to.equal(o.quote.ok);
      expect(!!a.querySelector('[data-action="retry"]'), `retry on ${m.id}`).to.equal(o.retry.ok);
      expect(!!a.querySelector('[part="retry-later"]'), `retry-later on ${m.id}`).to.equal(o.retry.reason === 'client_away');
      if (o.retry.reason === 'client_away') away++;
    }
    expect(away, 'the seed has failed replies to a visitor who left').to.be.above(0);
    await expect(h.el).to.be.accessible();
  });

  it('P4: the composer says the session’s verdict in the window’s language, and a send it refuses sends nothing', async () => {
    await loadLocale('es');
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.waitingDialog, locale: 'es' });
    const session = h.client.session(SEED_IDS.waitingDialog);
    const before = h.client.feed(SEED_IDS.waitingDialog).messages.length;
    await typeText(h.el, 'Hola \u0007');
    expect(session.$composer.get().problem).to.equal('unstorable');
    const said = translate(chatWindowStrings, 'es', 'composer.unstorable');
    expect(said).to.not.equal(translate(chatWindowStrings, 'en', 'composer.unstorable'));
    await waitUntil(() => text($(h.el, '#composer-over')) === said, 'the verdict under the input');
    expect($(h.el, 'textarea.input')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(h.el).to.be.accessible();
    let sent = false;
    h.el.addEventListener('message-send', () => (sent = true));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text($(h.el, '#composer-error')) === said, 'the refusal as an alert');
    absent($(h.el, '#composer-over'), 'the same sentence twice');
    expect(sent).to.equal(false);
    expect(h.client.feed(SEED_IDS.waitingDialog).messages.length).to.equal(before);
    await expect(h.el).to.be.accessible();
    // Fixed: the verdict clears and the message goes under the id the session generated.
    await typeText(h.el, 'Hola');
    expect(session.$composer.get().canSend).to.equal(true);
    const sending = new Promise<string>((r) => h.el.addEventListener('message-send', (e) => r(e.detail.messageId), { once: true }));
    await sendKeys({ press: 'Enter' });
    const id = await sending;
    await waitUntil(() => !!article(h.el, id), 'the sent message');
    expect(
      h.client
        .feed(SEED_IDS.waitingDialog)
        .messages.filter((m) => m.id === id)
        .map((m) => m.text),
    ).to.deep.equal(['Hola']);
    await expect(h.el).to.be.accessible();
  });
});
