/**
 * Issue 17: the part of `<chat-window>` loaded on first use (later.ts -> chat-window.modals.ts:
 * the attached files' chips and the modal windows). Its own file: the chunk is loaded once per
 * page, so these tests start without it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { later } from './later.js';
import { $, $$, button, pickFiles, SEED_IDS, setup, teardown, text } from './chat-window.test-helpers.js';

afterEach(teardown);

describe('<chat-window> part loaded on first use (issue 17)', () => {
  it('P1: the files chips load when files are first attached; a failed load says why with Retry (the files upload meanwhile); Retry shows them, styled', async () => {
    expect(later.value, 'not loaded before files are attached').to.equal(null);
    const part = later as unknown as { load: () => Promise<unknown> };
    const load = part.load;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Its loader, held until the test looked; the first attempt fails as a lost connection would
    // (requests made while one is on its way share it, as the real loader's do).
    let calls = 0;
    let attempt: Promise<unknown> | null = null;
    part.load = () =>
      (attempt ??= (async () => {
        calls++;
        if (calls === 1) {
          await gate;
          throw new TypeError('Failed to fetch dynamically imported module');
        }
        return load();
      })().finally(() => (attempt = null)));
    const h = await setup({ operatorId: SEED_IDS.maria, dialogId: SEED_IDS.waitingDialog });
    expect(calls, 'nothing asked for at first paint').to.equal(0);
    await pickFiles(h.el, [new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' })]);
    expect(calls, 'asked for when files are attached').to.equal(1);
    await waitUntil(() => Object.values(h.client.$uploads.get()).length === 1, 'the file is uploading');
    expect($(h.el, '.uploads'), 'no chips while the chunk loads').to.equal(null);
    release();
    await waitUntil(() => $(h.el, '.composer [role="alert"][part="on-demand"]'), 'the failure is shown');
    expect(text($(h.el, '.composer [part="on-demand"]'))).to.equal('The chat service is unavailable. Try again later. Retry');
    await expect(h.el).to.be.accessible();
    button(h.el, 'Retry')!.click();
    await waitUntil(() => $(h.el, '.upload.done'), 'the chip shows once the chunk is there');
    expect(calls).to.equal(2);
    expect($(h.el, '[part="on-demand"]')).to.equal(null);
    expect($$(h.el, '.upload-name').map((n) => text(n))).to.deep.equal(['invoice.pdf']);
    // Its styles came with it: a chip is a flex row.
    expect(getComputedStyle($(h.el, '.upload')!).display).to.equal('flex');
    await expect(h.el).to.be.accessible();
    button(h.el, 'Remove invoice.pdf')!.click();
    await waitUntil(() => $$(h.el, '.upload').length === 0, 'removed');
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
