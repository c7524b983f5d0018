/**
 * Issue 17: the part of `<chat-window>` loaded on first use (later.ts -> chat-window.modals.ts:
 * the attached files' chips and the modal windows). Its own file: the chunk is loaded once per
 * page, so these tests start without it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { later } from './later.js';
import { $, $$, button, pickFiles, SEED_IDS, setup, teardown, text } from './chat-window.test-helpers.js';

afterEach(teardown);

/**
 * Makes the part's next load fail once, as a lost connection would, after `release()` (requests
 * made while one is on its way share it, as the real loader's do); the next attempt loads it.
 * The part counts as not loaded until then.
 */
function failingFirst(): { calls: number; release(): void } {
  const part = later as unknown as { load: () => Promise<unknown>; value: unknown };
  const load = part.load;
  part.value = null;
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const state = { calls: 0, release: () => release() };
  let attempt: Promise<unknown> | null = null;
  part.load = () =>
    (attempt ??= (async () => {
      state.calls++;
      if (state.calls === 1) {
        await gate;
        throw new TypeError('Failed to fetch dynamically imported module');
      }
      return load();
    })().finally(() => (attempt = null)));
  return state;
}

describe('<chat-window> part loaded on first use (issue 17)', () => {
  it('P1: the files chips load when files are first attached; a failed load says why with Retry (the files upload meanwhile); Retry shows them, styled', async () => {
    expect(later.value, 'not loaded before files are attached').to.equal(null);
    const loader = failingFirst();
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.waitingDialog });
    expect(loader.calls, 'nothing asked for at first paint').to.equal(0);
    await pickFiles(h.el, [new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' })]);
    expect(loader.calls, 'asked for when files are attached').to.equal(1);
    await waitUntil(() => Object.values(h.client.$uploads.get()).length === 1, 'the file is uploading');
    expect($(h.el, '.uploads'), 'no chips while the chunk loads').to.equal(null);
    loader.release();
    await waitUntil(() => $(h.el, '.composer [role="alert"][part="on-demand"]'), 'the failure is shown');
    expect(text($(h.el, '.composer [part="on-demand"]'))).to.equal('The chat service is unavailable. Try again later. Retry');
    await expect(h.el).to.be.accessible();
    button(h.el, 'Retry')!.click();
    await waitUntil(() => $(h.el, '.upload.done'), 'the chip shows once the chunk is there');
    expect(loader.calls).to.equal(2);
    expect($(h.el, '[part="on-demand"]')).to.equal(null);
    expect($$(h.el, '.upload-name').map((n) => text(n))).to.deep.equal(['invoice.pdf']);
    // Its styles came with it: a chip is a flex row.
    expect(getComputedStyle($(h.el, '.upload')!).display).to.equal('flex');
    await expect(h.el).to.be.accessible();
    button(h.el, 'Remove invoice.pdf')!.click();
    await waitUntil(() => $$(h.el, '.upload').length === 0, 'removed');
  });

  it('D1: "?" before the part is there: a failed load opens a window saying why with Retry; Retry opens the "Keyboard shortcuts" window, styled; closing it returns focus', async () => {
    const loader = failingFirst();
    const h = await setup({ dialogId: SEED_IDS.waitingDialog });
    const heading = $(h.el, '#chat-title')!;
    heading.focus();
    h.el.showShortcutHelp();
    expect(loader.calls).to.equal(1);
    loader.release();
    await waitUntil(() => $(h.el, 'dialog[data-modal="help"][open]'), 'the failure window opens');
    const failed = $<HTMLDialogElement>(h.el, 'dialog[data-modal="help"]')!;
    expect(text(failed.querySelector('[role="alert"]'))).to.equal('The chat service is unavailable. Try again later.');
    expect($(h.el, 'dialog.shortcut-help')).to.equal(null);
    await expect(h.el).to.be.accessible();
    button(h.el, 'Retry')!.click();
    await waitUntil(() => $(h.el, 'dialog.shortcut-help[open] .sh-groups'), 'the shortcuts window opens');
    const help = $<HTMLDialogElement>(h.el, 'dialog.shortcut-help')!;
    expect(loader.calls).to.equal(2);
    expect($(h.el, 'dialog[data-modal="help"]'), 'the failure window is gone').to.equal(null);
    expect(text(help)).to.contain('Quote the message in your reply');
    // The frame's styles came with the part (the heading row is a flex row).
    expect(getComputedStyle(help.querySelector('.sh-head')!).display).to.equal('flex');
    await waitUntil(() => help.contains(h.el.shadowRoot!.activeElement), 'focus inside the window');
    help.close();
    await waitUntil(() => h.el.shadowRoot!.activeElement === heading, 'focus back on the heading');
  });

  it('H5: with the part loaded, a modal window opens at once with its English strings (they travel in the chunk)', async () => {
    expect(later.value, 'loaded by the test before').to.not.equal(null);
    const h = await setup({ dialogId: SEED_IDS.waitingDialog });
    button(h.el, 'Detach client')!.click();
    await h.el.updateComplete;
    const dlg = $<HTMLDialogElement>(h.el, 'dialog[data-modal="detach"]')!;
    await waitUntil(() => dlg.open, 'open');
    expect(text(dlg.querySelector('h2'))).to.equal('Detach the client?');
    expect(text(dlg.querySelector('.button.danger'))).to.equal('Detach client');
  });
});
