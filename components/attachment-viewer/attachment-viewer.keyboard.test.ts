/**
 * `<attachment-viewer>` by keyboard alone (H6, P2): the tabs, the image grid, the large view and
 * back. After every step: where focus is, through the shadow root, and that it shows. The large
 * view says where the operator is after every turn, and says when an image cannot be shown.
 */
import { expect, fixture, html, unsafeStatic, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/define/attachment-viewer.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { AttachmentPage } from '../../sdk/protocol.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import { expectFocus, press } from '../internal/keyboard.test-helpers.js';
import type { AttachmentViewer } from './attachment-viewer.js';

// The tag through unsafeStatic: chat-window's test registers a stand-in <attachment-viewer>, and
// lit-analyzer would check these bindings against that one instead of the element.
const viewerTag = unsafeStatic('attachment-viewer');

const DLG = SEED_IDS.attachmentsDialog;
let current: { backend: InProcessBackend; client: ChatClient } | undefined;

afterEach(() => {
  current?.client.stop();
  current?.backend.core.dispose();
  current = undefined;
});

const text = (n: Element | null) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<attachment-viewer> keyboard script', () => {
  it('tabs, grid, large view with announced turns and failures, Escape back to the thumbnail', async function () {
    // A walk of many real key presses: slow on a loaded machine, never a timing assertion.
    this.timeout(60_000);
    await setViewport({ width: 1100, height: 800 });
    // The second image's full-size file is broken (its thumbnail is fine).
    const backend = await createInProcessBackend(
      () => {
        const d = createSeed({ now: Date.now(), dialogs: 30, messagesPerDialog: [2, 4] });
        const images = d.messages
          .filter((m) => m.dialogId === DLG)
          .sort((a, b) => b.createdAt - a.createdAt || b.n - a.n)
          .flatMap((m) => m.attachments.filter((a) => a.kind === 'image' && a.available));
        images[1]!.url = 'data:image/png;base64,AAAA';
        return d;
      },
      { delayFactor: 0 },
    );
    const client = createChatClient({ transport: backend.transport(SEED_IDS.admin) });
    await client.start();
    current = { backend, client };
    /* eslint-disable lit/binding-positions, lit/no-invalid-html -- a static tag (see viewerTag), which lit's ESLint rules cannot read */
    const wrap = await fixture<HTMLElement>(html`<div style="block-size: 640px; inline-size: 900px; display: flex; flex-direction: column">
      <${viewerTag} style="--attachment-viewer-block-size: 100%" .client=${client} dialog-id=${DLG} locale="en"></${viewerTag}>
    </div>`);
    /* eslint-enable lit/binding-positions, lit/no-invalid-html */
    const el = wrap.querySelector<AttachmentViewer>('attachment-viewer')!;
    await waitUntil(() => el.counts.image !== null && el.counts.file !== null, 'loaded', { timeout: 4000 });
    const root = el.shadowRoot!;
    const items = ((await backend.core.handle(SEED_IDS.admin, 'listAttachments', { dialogId: DLG, kind: 'image', limit: 40 })) as AttachmentPage).items.filter((i) => i.attachment.available);
    const total = el.counts.image!;

    root.querySelector<HTMLElement>('#tab-image')!.focus();
    await expectFocus('#tab-image', 'the Images tab');
    await press('ArrowRight');
    await expectFocus('#tab-file', '→: the Files tab');
    await press('ArrowLeft');
    await expectFocus('#tab-image', '←: back to Images');
    await press('Tab');
    await expectFocus('#panel-image', 'Tab: the Images panel (it scrolls)');
    await press('Tab');
    await expectFocus('button.thumb', 'Tab: the first thumbnail');
    await press('Enter');
    await expectFocus((e) => !!e.closest('dialog.lightbox'), 'Enter: the large view');
    await expect(el).to.be.accessible();

    const polite = () => text(root.querySelector('.lb-announce'));
    const alert = () => text(root.querySelector('.lb-alert'));
    const title = () => text(root.querySelector('#lb-title'));
    /** What the view shows, as it should be announced: "Image 2 of 9: name". */
    const shown = () => `Image ${text(root.querySelector('.lb-position'))}: ${title()}`;
    await press('ArrowRight');
    await waitUntil(() => title() === items[1]!.attachment.name && polite() === shown(), `turn announced: "${polite()}" for "${shown()}"`, { timeout: 3000 });
    expect(polite()).to.match(new RegExp(`^Image 2 of ${total}: `));
    await expectFocus((e) => !!e.closest('dialog.lightbox'), '→: focus stays in the large view');
    await waitUntil(() => alert() === `${items[1]!.attachment.name}: the image could not be shown.`, `failure announced: "${alert()}"`, { timeout: 4000 });
    for (const key of ['ArrowRight', 'ArrowLeft']) {
      const before = shown();
      await press(key);
      await waitUntil(() => shown() !== before && polite() === shown(), `${key} announced: "${polite()}" for "${shown()}"`, { timeout: 3000 });
      await expectFocus((e) => !!e.closest('dialog.lightbox'), `${key}: focus stays in the large view`);
    }
    await press('Escape');
    await expectFocus('button.thumb', 'Escape: back on a thumbnail');
  });
});
