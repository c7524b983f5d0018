/**
 * The feed of `<chat-window>`: system events (L3), safe text, day separators, history paging
 * with a bounded DOM and a still reading position, sticking to the bottom, the "new messages"
 * marker, the polite live log, and the feed keyboard pattern.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, $$, absent, article, frames, root, SEED_IDS, setup, teardown, text } from './chat-window.test-helpers.js';

afterEach(teardown);

const scroller = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('.feed-scroller')!;
const isAtBottom = (el: HTMLElement) => {
  const s = scroller(el);
  // Within a few px: row heights are measured in whole pixels.
  return s.scrollHeight - s.clientHeight - s.scrollTop < 8;
};

/** The first article whose bottom is inside the viewport, and its offset from the feed's top. */
function topVisible(el: HTMLElement): { key: string; y: number } | null {
  const s = scroller(el);
  const box = s.getBoundingClientRect();
  for (const a of el.shadowRoot!.querySelectorAll<HTMLElement>('article[data-key]')) {
    const r = a.getBoundingClientRect();
    if (r.bottom > box.top + 20) return { key: a.dataset['key']!, y: r.top - box.top };
  }
  return null;
}

describe('<chat-window> feed', () => {
  it('L3: reassignment, close, block and detach show as events saying who did what', async () => {
    let h = await setup({ dialogId: SEED_IDS.reassignedDialog });
    expect($$(h.el, 'article.event').map((a) => text(a.querySelector('.event-text')))).to.satisfy((texts: string[]) =>
      texts.some((t) => t.startsWith('Ana García reassigned the dialog from Иван Петров to María López · ')),
    );
    await expect(h.el).to.be.accessible();
    teardown();
    h = await setup({ dialogId: SEED_IDS.closedReassignedDialog });
    const events = $$(h.el, 'article.event').map((a) => text(a));
    expect(events.some((t) => / closed the dialog · /.test(t))).to.equal(true);
    expect(events.some((t) => t.startsWith('Ana García reassigned the dialog from John Carter to Иван Петров'))).to.equal(true);
    teardown();
    h = await setup({ dialogId: SEED_IDS.detachedDialog });
    expect($$(h.el, 'article.event').some((a) => text(a).startsWith('María López detached the client'))).to.equal(true);
  });

  it('L3: an event gets a time and is reachable as an article of the feed', async () => {
    const h = await setup({ dialogId: SEED_IDS.blockedDialog });
    const ev = $$(h.el, 'article.event').find((a) => text(a).startsWith('Ana García blocked the client'))!;
    expect(ev.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(ev.getAttribute('aria-labelledby')).to.equal(ev.querySelector('.event-text')!.id);
  });

  it('text is shown as text: HTML is never interpreted and only http(s)/mailto become safe links', async () => {
    const h = await setup({ dialogId: SEED_IDS.freshWaitingDialog });
    const w = window as unknown as { __xss?: number };
    delete w.__xss;
    const m = await h.backend.core.clientSend(SEED_IDS.freshWaitingDialog, '<img src=x onerror="window.__xss=1"> http://x.test javascript:alert(1) <b>bold</b>');
    await waitUntil(() => !!article(h.el, m.id), 'rendered');
    await frames(2);
    const body = article(h.el, m.id)!.querySelector('.text')!;
    absent(body.querySelector('img, b, script'), 'markup from the message');
    expect(body.textContent).to.equal('<img src=x onerror="window.__xss=1"> http://x.test javascript:alert(1) <b>bold</b>');
    const links = [...body.querySelectorAll('a')];
    expect(links).to.have.length(1);
    expect(links[0]!.getAttribute('href')).to.equal('http://x.test/');
    expect(links[0]!.textContent).to.equal('http://x.test');
    expect(links[0]!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(links[0]!.getAttribute('target')).to.equal('_blank');
    expect(w.__xss).to.equal(undefined);
  });

  it('day separators: one per day, under the last message of the day before', async () => {
    const h = await setup({ dialogId: SEED_IDS.closedDialog });
    const labels = $$(h.el, '.day').map((d) => text(d));
    expect(labels.length).to.be.greaterThan(0);
    expect(new Set(labels).size).to.equal(labels.length);
  });

  it('long history: older pages load as the operator scrolls up, the message under the eye stays put (0 px), and the DOM holds only what is on screen', async function () {
    this.timeout(60_000); // scrolls through ~7 pages frame by frame
    const h = await setup({ dialogId: SEED_IDS.longDialog, height: 600 });
    const s = scroller(h.el);
    let prepends = 0;
    for (let i = 0; i < 120 && prepends < 6; i++) {
      const before = h.client.feed(SEED_IDS.longDialog).messages.length;
      s.scrollTop = Math.max(0, s.scrollTop - 300);
      await frames(2);
      const eye = topVisible(h.el)!;
      await waitUntil(() => !h.client.feed(SEED_IDS.longDialog).loading, 'page loaded', { timeout: 3000 });
      await h.el.updateComplete;
      await frames(3);
      if (h.client.feed(SEED_IDS.longDialog).messages.length > before) {
        prepends++;
        const a = article(h.el, eye.key);
        expect(a, `${eye.key} still rendered after the prepend`).to.not.equal(null);
        const y = a!.getBoundingClientRect().top - s.getBoundingClientRect().top;
        expect(Math.abs(y - eye.y), `shift of ${eye.key}`).to.be.lessThan(1);
      }
    }
    expect(prepends).to.be.at.least(6);
    expect(h.client.feed(SEED_IDS.longDialog).messages.length).to.be.at.least(350);
    const inDom = $$(h.el, 'article').length;
    expect(inDom).to.be.lessThan(45);
    expect(inDom).to.be.greaterThan(3);
    // Articles carry their place in the whole dialog.
    const first = $(h.el, 'article[data-key]')!;
    expect(Number(first.getAttribute('aria-setsize'))).to.equal(h.client.$dialogs.get().get(SEED_IDS.longDialog)!.lastN);
    expect(Number(first.getAttribute('aria-posinset'))).to.be.greaterThan(0);
    await expect(h.el).to.be.accessible();
  });

  it('new messages stick to the bottom when the operator is there', async () => {
    const h = await setup({ dialogId: SEED_IDS.longDialog });
    expect(isAtBottom(h.el)).to.equal(true);
    const m = await h.backend.core.clientSend(SEED_IDS.longDialog, 'Una pregunta más');
    await waitUntil(() => !!article(h.el, m.id), 'rendered');
    await waitUntil(() => isAtBottom(h.el), 'still at the bottom');
    absent($(h.el, '.new-marker'), 'new messages marker');
  });

  it('away from the bottom, new messages do not move the feed; a "new messages" marker appears and takes the operator down', async () => {
    const h = await setup({ dialogId: SEED_IDS.longDialog });
    const s = scroller(h.el);
    s.scrollTop = s.scrollTop - 500;
    await frames(3);
    await waitUntil(() => !!$(h.el, '.new-marker'), 'jump button');
    const eye = topVisible(h.el)!;
    const m1 = await h.backend.core.clientSend(SEED_IDS.longDialog, 'Hola');
    const m2 = await h.backend.core.clientSend(SEED_IDS.longDialog, '¿Hay alguien?');
    await waitUntil(() => h.client.feed(SEED_IDS.longDialog).messages.some((m) => m.id === m2.id), 'arrived');
    await h.el.updateComplete;
    await frames(3);
    expect(text($(h.el, '.new-marker'))).to.equal('2 new messages');
    const y = article(h.el, eye.key)!.getBoundingClientRect().top - s.getBoundingClientRect().top;
    expect(Math.abs(y - eye.y)).to.be.lessThan(1);
    expect(isAtBottom(h.el)).to.equal(false);
    await expect(h.el).to.be.accessible();
    $<HTMLButtonElement>(h.el, '.new-marker')!.click();
    await waitUntil(() => isAtBottom(h.el) && !!article(h.el, m1.id), 'at the bottom');
    await waitUntil(() => !$(h.el, '.new-marker'), 'marker gone');
  });

  it('the feed is a feed with a polite log that announces new incoming messages, never prepended history', async () => {
    const h = await setup({ dialogId: SEED_IDS.longDialog });
    const feed = scroller(h.el);
    expect(feed.getAttribute('role')).to.equal('feed');
    const log = $(h.el, '[role="log"]')!;
    expect(log.getAttribute('aria-live')).to.equal('polite');
    expect(text(log)).to.equal('');
    // Prepending history announces nothing.
    await h.client.loadOlder(SEED_IDS.longDialog);
    await h.el.updateComplete;
    expect(text(log)).to.equal('');
    await h.backend.core.clientSend(SEED_IDS.longDialog, '¿Me llamáis?');
    await waitUntil(() => text(log).length > 0, 'announced');
    expect(text(log)).to.match(/^New message from .+: ¿Me llamáis\?$/);
  });

  it('keyboard: one tab stop in the feed; Page Up / Page Down and arrows move between messages; actions reachable with Tab', async () => {
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.waitingDialog });
    const tabbable = $$(h.el, 'article[tabindex="0"]');
    expect(tabbable).to.have.length(1);
    const messages = h.client.feed(SEED_IDS.waitingDialog).messages;
    const last = messages[messages.length - 1]!;
    expect(tabbable[0]!.dataset['key']).to.equal(last.id);
    tabbable[0]!.focus();
    await sendKeys({ press: 'PageUp' });
    const prev = messages[messages.length - 2]!;
    await waitUntil(() => (root(h.el).activeElement as HTMLElement | null)?.dataset['key'] === prev.id, 'previous message focused');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => (root(h.el).activeElement as HTMLElement | null)?.dataset['key'] === last.id, 'back to the last');
    await h.el.updateComplete;
    expect($$(h.el, 'article[tabindex="0"]').map((a) => a.dataset['key'])).to.deep.equal([last.id]);
    // Tab goes into the focused message's actions (Quote, Create quick reply).
    await sendKeys({ press: 'Tab' });
    const focused = root(h.el).activeElement as HTMLElement;
    expect(['Quote', 'Create quick reply']).to.include(focused.getAttribute('aria-label'));
    expect(focused.closest('article')!.dataset['key']).to.equal(last.id);
  });
});
