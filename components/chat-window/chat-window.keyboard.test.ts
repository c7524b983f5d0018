/**
 * `<chat-window>` by keyboard alone: header actions (H2, H3, H4) keep focus while they run and
 * when the button turns into another one; the feed follows the WAI-ARIA feed pattern (arrows, Home
 * / End, Ctrl+Home / Ctrl+End leave it); R and Q act on the focused message (M1); Escape in the
 * input; removing an attached file (P1); `?`. After every step: where focus is, and that it shows.
 * Also the live regions: a new message announced once, prepended history never, failures always.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { Id } from '../../sdk/model.js';
import { deepActiveElement, expectFocus, focusIndicatorVisible, press } from '../internal/keyboard.test-helpers.js';
import type { ComposerEscapeDetail } from './chat-window.js';
import { $, $$, article, input, pickFiles, pngFile, root, SEED_IDS, setup, teardown, text } from './chat-window.test-helpers.js';

afterEach(teardown);

const inWindow = (el: HTMLElement) => (node: Element) => root(el as never).contains(node);
/** A header action button, ready (not busy). */
const action = (name: string) => (node: Element) => node.matches(`.actions [data-action="${name}"][aria-disabled="false"]`);
const T = { timeout: 4000 };
const articleFocus = (id?: Id) => (node: Element) => node.matches('article[data-key]') && (!id || (node as HTMLElement).dataset['key'] === id);

/** Presses Tab (or Shift+Tab) until `match` has focus, checking that focus is visible at each stop. */
async function tabTo(match: (el: Element) => boolean, step: string, back = false, max = 12): Promise<HTMLElement> {
  for (let i = 0; i < max; i++) {
    await press(back ? 'Shift+Tab' : 'Tab');
    const el = await expectFocus(() => true, `${step} (Tab stop ${i + 1})`);
    if (match(el)) return el;
  }
  return expect.fail(`${step}: not reached in ${max} Tabs`);
}

describe('<chat-window> keyboard script', () => {
  it('H2, H3, H4: header actions keep focus while busy and when Close becomes Reopen, Block becomes Unblock', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    // Requests take a moment, so the busy state can be seen.
    const h = await setup({ dialogId: SEED_IDS.freshWaitingDialog, latencyMs: 150 });
    expect(h.el.focusHeading()).to.equal(true);
    await expectFocus('#chat-title', 'the heading');
    const close = await tabTo(action('close'), 'Tab to Close dialog');
    expect(close.getAttribute('aria-disabled')).to.equal('false');
    await press('Enter');
    await waitUntil(() => h.client.$dialogs.get().get(SEED_IDS.freshWaitingDialog)?.status === 'closed', 'closed', T);
    await expectFocus(action('reopen'), 'Close → focus on Reopen');
    await press('Enter');
    await waitUntil(() => h.client.$dialogs.get().get(SEED_IDS.freshWaitingDialog)?.status === 'open', 'reopened', T);
    await expectFocus(action('close'), 'Reopen → focus on Close');
    await tabTo(action('mark-unread'), 'Tab to Mark as unread');
    await press('Enter');
    await waitUntil(() => h.client.$readStates.get().get(SEED_IDS.freshWaitingDialog)?.markedUnread === true, 'marked unread', T);
    await expectFocus(action('mark-unread'), 'Mark as unread keeps focus');
    const block = await tabTo(action('block'), 'Tab to Block client');
    // While it runs the buttons say busy (aria-disabled, not disabled) and focus stays on the one
    // pressed: recorded the moment the busy state appears, however short it is.
    const whileBusy: Array<{ focused: boolean; seen: boolean; disabled: number }> = [];
    const watch = new MutationObserver(() => {
      if (block.getAttribute('aria-disabled') !== 'true' || whileBusy.length) return;
      whileBusy.push({ focused: deepActiveElement() === block, seen: focusIndicatorVisible(block).ok, disabled: $$(h.el, '.actions button:disabled').length });
    });
    watch.observe(block, { attributes: true, attributeFilter: ['aria-disabled'] });
    await press('Enter');
    await waitUntil(() => whileBusy.length > 0, 'busy', T);
    watch.disconnect();
    expect(whileBusy[0]).to.deep.equal({ focused: true, seen: true, disabled: 0 });
    await waitUntil(() => !!$(h.el, '.composer-notice.blocked'), 'blocked', T);
    await expectFocus(action('unblock'), 'Block → focus on Unblock');
    await expect(h.el).to.be.accessible();
    await press('Enter');
    await waitUntil(() => !$(h.el, '.composer-notice'), 'unblocked', T);
    await expectFocus(action('block'), 'Unblock (keyboard) → focus on Block');
  });

  it('H4: Unblock in the composer notice puts focus in the message input that comes back', async () => {
    const h = await setup({ dialogId: SEED_IDS.blockedDialog });
    const notice = $(h.el, '.composer-notice button')!;
    notice.focus();
    await expectFocus('.composer-notice button', 'Unblock in the notice');
    await press('Enter');
    await expectFocus('textarea.input', 'the input, after Unblock');
  });

  it('feed pattern, R / Q on a message, Escape in the input, ?: focus always visible', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.waitingDialog });
    const messages = h.client.feed(SEED_IDS.waitingDialog).messages;
    const first = messages[0]!;
    const last = messages[messages.length - 1]!;
    h.el.focusHeading();
    await tabTo(articleFocus(last.id), 'Tab into the feed: the newest message');
    await press('ArrowUp');
    await expectFocus(articleFocus(messages[messages.length - 2]!.id), '↑: the message before');
    await press('Home');
    await expectFocus(articleFocus(first.id), 'Home: the first loaded message');
    await press('End');
    await expectFocus(articleFocus(last.id), 'End: the newest message');
    await press('Control+Home');
    await expectFocus((el) => !!el.closest('.actions') && inWindow(h.el)(el), 'Ctrl+Home: out of the feed, to the header');
    await press('Tab');
    await expectFocus(articleFocus(), 'Tab: back into the feed');
    await press('Control+End');
    await expectFocus('textarea.input', 'Ctrl+End: out of the feed, to the reply');

    // R on a client's message quotes it; focus goes to the input.
    const clientMsg = [...messages].reverse().find((m) => m.author.kind === 'client' && m.text)!;
    await tabTo(articleFocus(), 'Shift+Tab back to the feed', true);
    while ((root(h.el).activeElement as HTMLElement).dataset['key'] !== clientMsg.id) {
      await press('ArrowUp');
      await expectFocus(articleFocus(), '↑ to the client’s message');
    }
    const quoteButton = article(h.el, clientMsg.id)!.querySelector('[data-action="quote"]')!;
    expect(quoteButton.getAttribute('title')).to.equal('Quote (R)');
    expect(quoteButton.getAttribute('aria-keyshortcuts')).to.equal('R');
    await press('r');
    await expectFocus('textarea.input', 'R: quoted, focus in the input');
    expect(h.client.$drafts.get()[SEED_IDS.waitingDialog]?.quoteId).to.equal(clientMsg.id);
    await press('Escape');
    await expectFocus('textarea.input', 'Escape: the quote goes, focus stays');
    expect(h.client.$drafts.get()[SEED_IDS.waitingDialog]?.quoteId ?? null).to.equal(null);
    const escaped = oneEvent(h.el, 'composer-escape') as Promise<CustomEvent<ComposerEscapeDetail>>;
    await press('Escape');
    expect((await escaped).detail.dialogId).to.equal(SEED_IDS.waitingDialog);

    // Q on a message: the quick reply window; Escape closes it, focus back on the message's button.
    await tabTo(articleFocus(), 'Shift+Tab back to the feed', true);
    await press('q');
    await expectFocus((el) => el.matches('dialog[data-modal="quick-reply"] textarea'), 'Q: the quick reply form');
    await expect(h.el).to.be.accessible();
    await press('Escape');
    await expectFocus('[data-action="quick-reply"]', 'Escape: back on Create quick reply');

    // ?: the list of shortcuts (this window is on its own, no inbox); Escape returns.
    await press('Shift+Tab');
    await expectFocus((el) => el.matches('[data-action="quote"], article'), 'Shift+Tab');
    await press('?');
    await expectFocus((el) => !!el.closest('dialog.shortcut-help'), '?: Keyboard shortcuts');
    expect(text($(h.el, 'dialog.shortcut-help')))
      .to.contain('Quote the message in your reply')
      .and.to.contain('Ctrl');
    await expect(h.el).to.be.accessible();
    await press('Escape');
    await expectFocus((el) => el.matches('[data-action="quote"], article'), 'Escape: back where it was');
  });

  it('P1: removing an attached file moves focus to the next file, then to the input', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.waitingDialog });
    await pickFiles(h.el, [await pngFile('a.png', 20, 20), await pngFile('b.png', 20, 20)]);
    await waitUntil(() => $$(h.el, 'button.remove-upload').length === 2, 'two chips', T);
    input(h.el).focus();
    await tabTo((el) => el.matches('button.remove-upload'), 'Shift+Tab to the last chip', true);
    const chips = $$(h.el, 'button.remove-upload');
    await tabTo((el) => el === chips[0], 'to the first chip', true);
    await press('Enter');
    await expectFocus((el) => el.matches('button.remove-upload') && el !== chips[0], 'removed: focus on the next file');
    await press('Enter');
    await expectFocus('textarea.input', 'the last one removed: focus in the input');
    expect($$(h.el, 'button.remove-upload')).to.have.length(0);
  });
});

describe('<chat-window> live regions', () => {
  it('a new incoming message is announced once; prepended history never; failures every time', async () => {
    const h = await setup({ dialogId: SEED_IDS.longDialog });
    const log = $(h.el, '[role="log"]')!;
    const said = () => $$(h.el, '[role="log"] p').map((p) => text(p));
    await h.client.loadOlder(SEED_IDS.longDialog);
    await h.el.updateComplete;
    expect(said(), 'history').to.deep.equal([]);
    await h.backend.core.clientSend(SEED_IDS.longDialog, '¿Seguís ahí?');
    await waitUntil(() => said().length === 1, 'announced', T);
    // Later changes (another page of history, the read state) do not announce it again.
    await h.client.loadOlder(SEED_IDS.longDialog);
    await h.client.markRead(SEED_IDS.longDialog).catch(() => undefined);
    await h.el.updateComplete;
    expect(said().filter((t) => t.includes('¿Seguís ahí?'))).to.have.length(1);
    expect(log.getAttribute('aria-relevant')).to.equal('additions');
  });

  it('S5: every failure is announced, the same reason twice included', async () => {
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.brokenDialog, manual: true });
    const said = () => $$(h.el, '[role="log"] p').map((p) => text(p));
    for (const t of ['One', 'Two']) {
      input(h.el).focus();
      input(h.el).value = t;
      input(h.el).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await press('Enter');
      await h.flush();
    }
    await waitUntil(() => said().filter((t) => t.startsWith('Message not sent')).length === 2, `two failures announced: ${said().join(' | ')}`);
  });
});
