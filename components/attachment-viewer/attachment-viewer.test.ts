import { expect, fixture, html, oneEvent, unsafeStatic, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/define/attachment-viewer.js';
import { createChatClient, type ChatClient } from '../../sdk/client.js';
import type { Attachment, Dialog, Id } from '../../sdk/model.js';
import type { AttachmentItem, AttachmentPage, Transport } from '../../sdk/protocol.js';
import { checkAttachment } from '../../sdk/rules/attachments.js';
import { canWrite } from '../../sdk/rules/permissions.js';
import { createInProcessBackend, type InProcessBackend } from '../../server/core/in-process.js';
import { createSeed, SEED_IDS } from '../../server/demo-data/seed.js';
import type { SeedData } from '../../server/core/storage.js';
import { formatBytes, formatDate, type Locale } from '../i18n.js';
import type { AttachmentForwardDetail, AttachmentSaveDetail, AttachmentViewer } from './attachment-viewer.js';
import { sanitizeFileName } from './files.js';
import { loadLocale } from '../i18n.js';

// The tag through unsafeStatic: chat-window's test registers a stand-in <attachment-viewer>, and
// lit-analyzer would check these bindings against that one instead of the element.
const viewerTag = unsafeStatic('attachment-viewer');

const NOW = Date.UTC(2025, 2, 14, 12, 0, 0);
const DLG = SEED_IDS.attachmentsDialog;

let backend: InProcessBackend | undefined;
let client: ChatClient | undefined;
/** Every `listAttachments` request the client made. */
let listCalls: Array<{ kind: string; cursor: number | undefined }> = [];

async function start(change?: (d: SeedData) => SeedData): Promise<ChatClient> {
  const base = () => createSeed({ now: NOW, dialogs: 60, messagesPerDialog: [2, 4] });
  backend = await createInProcessBackend(change ? () => change(base()) : base, { delayFactor: 0, now: () => NOW });
  const inner = backend.transport(SEED_IDS.admin);
  // The real in-process transport, counting the attachment pages asked for.
  const transport: Transport = {
    request: (name, input, opts) => {
      if (name === 'listAttachments') {
        const i = input as { kind: string; cursor?: number };
        listCalls.push({ kind: i.kind, cursor: i.cursor });
      }
      return inner.request(name, input, opts);
    },
    upload: (dialogId, file, name, opts) => inner.upload(dialogId, file, name, { onProgress: opts?.onProgress }),
    connect: (listener) => inner.connect(listener),
  };
  client = createChatClient({ transport, now: () => NOW });
  await client.start();
  return client;
}

beforeEach(async () => {
  listCalls = [];
  await setViewport({ width: 1100, height: 800 });
});

afterEach(() => {
  client?.stop();
  backend?.core.dispose();
  client = undefined;
  backend = undefined;
});

/** What the backend itself answers (the truth the element must show). */
function page(kind: 'image' | 'file', limit = 500): Promise<AttachmentPage> {
  return backend!.core.handle(SEED_IDS.admin, 'listAttachments', { dialogId: DLG, kind, limit }) as Promise<AttachmentPage>;
}

/** Changes attachments of the attachments dialog in the seed (newest first, per kind). */
function editAttachments(kind: 'image' | 'file', edit: (a: Attachment, index: number) => void): (d: SeedData) => SeedData {
  return (d) => {
    const list = d.messages
      .filter((m) => m.dialogId === DLG)
      .sort((a, b) => b.createdAt - a.createdAt || b.n - a.n)
      .flatMap((m) => m.attachments.filter((a) => a.kind === kind));
    list.forEach((a, i) => edit(a, i));
    return d;
  };
}

const root = (el: AttachmentViewer) => el.shadowRoot!;
const q = <T extends HTMLElement = HTMLElement>(el: AttachmentViewer, sel: string) => root(el).querySelector<T>(sel);
const qa = <T extends HTMLElement = HTMLElement>(el: AttachmentViewer, sel: string) => [...root(el).querySelectorAll<T>(sel)];
const tab = (el: AttachmentViewer, kind: 'image' | 'file') => q(el, `#tab-${kind}`)!;
const panel = (el: AttachmentViewer, kind: 'image' | 'file') => q(el, `#panel-${kind}`)!;
const tiles = (el: AttachmentViewer) => qa(el, '#panel-image .tile');
const thumbs = (el: AttachmentViewer) => qa<HTMLButtonElement>(el, '#panel-image button.thumb');
const rows = (el: AttachmentViewer) => qa<HTMLTableRowElement>(el, '#panel-file tbody tr');
const lightbox = (el: AttachmentViewer) => q<HTMLDialogElement>(el, 'dialog.lightbox')!;
const forwardDialog = (el: AttachmentViewer) => q<HTMLDialogElement>(el, 'dialog.forward')!;
const focused = (el: AttachmentViewer) => root(el).activeElement as HTMLElement | null;
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/* eslint-disable lit/binding-positions, lit/no-invalid-html -- a static tag (see viewerTag), which lit's ESLint rules cannot read */
async function mount(c: ChatClient | undefined, opts: { dialogId?: Id | null; pageSize?: number; locale?: Locale; height?: number } = {}): Promise<AttachmentViewer> {
  const dialogId = opts.dialogId === undefined ? DLG : opts.dialogId;
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${`block-size:${opts.height ?? 640}px;inline-size:900px;display:flex;flex-direction:column`}>
    <${viewerTag}
      style="--attachment-viewer-block-size:100%"
      .client=${c}
      dialog-id=${dialogId ?? ''}
      locale=${opts.locale ?? 'en'}
      page-size=${opts.pageSize ?? 40}
    ></${viewerTag}>
  </div>`);
  const el = wrapper.querySelector('attachment-viewer')!;
  if (dialogId === null) el.removeAttribute('dialog-id');
  await el.updateComplete;
  if (c && dialogId) await waitUntil(() => el.counts.image !== null && el.counts.file !== null, 'both tabs loaded');
  await el.updateComplete;
  return el;
}
/* eslint-enable lit/binding-positions, lit/no-invalid-html */

async function openFirstImage(el: AttachmentViewer, index = 0): Promise<void> {
  thumbs(el)[index]!.click();
  await waitUntil(() => q(el, 'dialog.lightbox[open] #lb-title'), 'large view open');
  await el.updateComplete;
}

/** Opens the forward window from the first available file row. */
async function openForwardForFirstFile(el: AttachmentViewer, mime = 'application/pdf'): Promise<{ item: AttachmentItem; button: HTMLButtonElement }> {
  tab(el, 'file').click();
  await el.updateComplete;
  const items = (await page('file', el.pageSize)).items;
  const item = items.find((i) => i.attachment.available && i.attachment.mime === mime)!;
  const row = rows(el).find((r) => r.dataset['id'] === item.attachment.id)!;
  const button = row.querySelector<HTMLButtonElement>('[data-action="forward"]')!;
  button.click();
  await waitUntil(() => q(el, 'dialog.forward[open] #fwd-title'), 'forward window open');
  await el.updateComplete;
  return { item, button };
}

function radioFor(el: AttachmentViewer, dialogId: Id): HTMLInputElement | undefined {
  return qa<HTMLInputElement>(el, 'input[name="fwd-target"]').find((r) => r.value === dialogId);
}

async function search(el: AttachmentViewer, value: string): Promise<void> {
  const input = q<HTMLInputElement>(el, '#fwd-search')!;
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** A dialog (other than the attachments dialog) the admin may forward `a` into, by the SDK's own rules. */
function acceptingDialog(c: ChatClient, a: Attachment, accept: boolean, channelId?: Id): Dialog {
  const me = c.$me.get()!;
  const found = [...c.$dialogs.get().values()].find((d) => {
    if (d.id === DLG || (channelId && d.channelId !== channelId)) return false;
    const ch = c.$channelsById.get().get(d.channelId)!;
    const client = d.clientId ? c.$clients.get().get(d.clientId) : null;
    const ok = !checkAttachment(ch, { name: a.name, type: a.mime, size: a.size }) && canWrite(me, d, client).ok;
    return ok === accept;
  });
  if (!found) throw new Error('no such dialog in the seed');
  return found;
}

describe('<attachment-viewer>', function () {
  // Each test seeds 60 dialogs and walks windows: slow on a loaded machine (no timing is asserted).
  this.timeout(30_000);
  describe('H6 states', () => {
    it('H6: without dialog-id it shows an explanatory empty state and no tabs', async () => {
      const c = await start();
      const el = await mount(c, { dialogId: null });
      expect(q(el, '[role="tablist"]')).to.equal(null);
      expect(text(q(el, '[part="empty"]'))).to.contain('No dialog chosen');
      expect(text(q(el, '[part="empty"]'))).to.contain('dialog-id');
      expect(listCalls).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('H6: a dialog without attachments says so on both tabs, with zero counts', async () => {
      const c = await start();
      const { dialog } = await backend!.core.startDialog({ channelId: SEED_IDS.channels.site, name: 'Empty Visitor', text: 'Hello' });
      await waitUntil(() => c.$dialogs.get().has(dialog.id), 'new dialog known');
      const el = await mount(c, { dialogId: dialog.id });
      expect(el.counts).to.deep.equal({ image: 0, file: 0 });
      expect(text(tab(el, 'image'))).to.equal('Images 0');
      expect(text(panel(el, 'image'))).to.contain('No images in this dialog yet');
      await expect(el).to.be.accessible();
      tab(el, 'file').click();
      await el.updateComplete;
      expect(text(panel(el, 'file'))).to.contain('No files in this dialog yet');
      await expect(el).to.be.accessible();
    });

    it('H6: a dialog the operator cannot see gives a readable error and a retry', async () => {
      const c = await start();
      const el = await mount(c, { dialogId: 'dlg-does-not-exist' }).catch(() => null);
      const viewer = el ?? document.querySelector('attachment-viewer')!;
      await waitUntil(() => q(viewer, '#panel-image [role="alert"]'), 'error shown');
      expect(text(q(viewer, '#panel-image [role="alert"]'))).to.contain('The attachments could not be loaded.');
      expect(text(q(viewer, '#panel-image [role="alert"]'))).to.contain('It no longer exists or you cannot see it.');
      expect(q(viewer, '#panel-image [role="alert"] button')!.textContent).to.contain('Retry');
      await expect(viewer).to.be.accessible();
    });

    it('H6: the "Close" button asks the host to close the viewer', async () => {
      const c = await start();
      const el = await mount(c);
      const close = q<HTMLButtonElement>(el, '[part="close"]')!;
      expect(close.getAttribute('aria-label')).to.equal('Close');
      setTimeout(() => close.click());
      const ev = await oneEvent(el, 'attachment-viewer-close');
      expect(ev.detail).to.deep.equal({ dialogId: DLG });
      expect(ev.bubbles && ev.composed).to.equal(true);
      el.hideClose = true;
      await el.updateComplete;
      expect(q(el, '[part="close"]')).to.equal(null);
    });
  });

  describe('H6 in a host window', () => {
    it("H6: opened in a host's modal <dialog> (as <chat-window> does), focus goes to its selected tab", async () => {
      const c = await start();
      const host = await fixture<HTMLDialogElement>(html`<dialog style="inline-size:900px;block-size:640px;padding:0"></dialog>`);
      // The host opens its window in the same update that creates the viewer, before it renders.
      const viewer = document.createElement('attachment-viewer');
      viewer.client = c;
      viewer.dialogId = DLG;
      viewer.locale = 'en';
      viewer.style.blockSize = '100%';
      host.append(viewer);
      host.showModal();
      await viewer.updateComplete;
      expect(document.activeElement).to.equal(viewer);
      // The tabs come with the viewer's on-demand body: focus goes to the selected one when it is there.
      await waitUntil(() => viewer.shadowRoot!.activeElement?.id === 'tab-image', 'focus on the selected tab');
      await waitUntil(() => viewer.counts.image !== null && viewer.counts.file !== null);
      // Its "Close" event is what the host listens to.
      const closed = oneEvent(host, 'attachment-viewer-close');
      viewer.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]')!.click();
      await closed;
      host.close();
    });
  });

  describe('issue 17: the tabs on demand', () => {
    it('H6: the tabs load on demand when a dialog is first shown ("Loading…" meanwhile, the same height); a failed load says why, and Retry loads them', async () => {
      const c = await start();
      // The page-wide loader of the body's chunk, held and failing once as a lost connection would.
      const chunk = (customElements.get('attachment-viewer') as unknown as { bodyChunk: { value: unknown; load: () => Promise<unknown> } }).bodyChunk;
      const { value, load } = chunk;
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      chunk.value = null;
      chunk.load = async () => {
        calls++;
        await gate;
        if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
        return load();
      };
      try {
        const wrapper = await fixture<HTMLDivElement>(html`<div style="block-size:640px;inline-size:900px;display:flex;flex-direction:column"></div>`);
        const el = document.createElement('attachment-viewer');
        el.client = c;
        el.dialogId = DLG;
        el.locale = 'en';
        el.style.setProperty('--attachment-viewer-block-size', '100%');
        wrapper.append(el);
        await el.updateComplete;
        const height = el.getBoundingClientRect().height;
        expect(text(q(el, '.state[role="status"]'))).to.equal('Loading…');
        expect(q(el, '[role="tab"]')).to.equal(null);
        expect(el.counts).to.deep.equal({ image: null, file: null });
        await expect(el).to.be.accessible();
        release();
        await waitUntil(() => q(el, '[part~="on-demand"][role="alert"]'), 'the failure is shown');
        expect(text(q(el, '[part~="on-demand"]'))).to.equal('The chat service is unavailable. Try again later. Retry');
        expect(q(el, '[role="tab"]')).to.equal(null);
        expect(el.getBoundingClientRect().height).to.equal(height);
        await expect(el).to.be.accessible();
        q<HTMLButtonElement>(el, '[part~="on-demand"] button')!.click();
        await waitUntil(() => el.counts.image !== null && el.counts.file !== null, 'the tabs load on Retry');
        await el.updateComplete;
        expect(calls).to.equal(2);
        expect(q(el, '[part~="on-demand"]')).to.equal(null);
        expect(text(tab(el, 'image'))).to.contain('Images');
        expect(thumbs(el).length).to.be.greaterThan(0);
        expect(el.getBoundingClientRect().height).to.equal(height);
        // Its styles came with the chunk: the tab list is a flex row.
        expect(getComputedStyle(q(el, '.tabs')!).display).to.equal('flex');
        await expect(el).to.be.accessible();
      } finally {
        chunk.value = value;
        chunk.load = load;
      }
    });
  });

  describe('H6 tabs', () => {
    it('H6: two tabs, "Images" and "Files", each with its count from the server', async () => {
      const c = await start();
      const el = await mount(c);
      const [images, files] = await Promise.all([page('image'), page('file')]);
      expect(images.total).to.be.greaterThan(40);
      expect(files.total).to.be.greaterThan(20);
      const tabs = qa(el, '[role="tablist"] [role="tab"]');
      expect(tabs.map(text)).to.deep.equal([`Images ${images.total}`, `Files ${files.total}`]);
      expect(el.counts).to.deep.equal({ image: images.total, file: files.total });
      // Both first pages were asked for at once, nothing more.
      expect(listCalls.map((x) => x.kind).sort()).to.deep.equal(['file', 'image']);
      await expect(el).to.be.accessible();
    });

    it('H6: the tabs follow the WAI-ARIA tabs pattern (roles, relations, arrows, Home, End)', async () => {
      const c = await start();
      const el = await mount(c);
      const list = q(el, '[role="tablist"]')!;
      expect(list.getAttribute('aria-label')).to.equal('Attachment types');
      for (const kind of ['image', 'file'] as const) {
        expect(tab(el, kind).getAttribute('aria-controls')).to.equal(`panel-${kind}`);
        expect(panel(el, kind).getAttribute('role')).to.equal('tabpanel');
        expect(panel(el, kind).getAttribute('aria-labelledby')).to.equal(`tab-${kind}`);
      }
      const state = () => ({
        selected: qa(el, '[role="tab"]')
          .filter((t) => t.getAttribute('aria-selected') === 'true')
          .map((t) => t.id),
        tabStops: qa(el, '[role="tab"]')
          .filter((t) => t.tabIndex === 0)
          .map((t) => t.id),
        visible: qa(el, '[role="tabpanel"]')
          .filter((p) => !p.hidden)
          .map((p) => p.id),
        focus: focused(el)?.id,
      });
      tab(el, 'image').focus();
      expect(state()).to.deep.equal({ selected: ['tab-image'], tabStops: ['tab-image'], visible: ['panel-image'], focus: 'tab-image' });
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(state()).to.deep.equal({ selected: ['tab-file'], tabStops: ['tab-file'], visible: ['panel-file'], focus: 'tab-file' });
      expect(el.tab).to.equal('file');
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(state().focus).to.equal('tab-image');
      await sendKeys({ press: 'End' });
      await el.updateComplete;
      expect(state()).to.deep.equal({ selected: ['tab-file'], tabStops: ['tab-file'], visible: ['panel-file'], focus: 'tab-file' });
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(state()).to.deep.equal({ selected: ['tab-image'], tabStops: ['tab-image'], visible: ['panel-image'], focus: 'tab-image' });
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(state().selected).to.deep.equal(['tab-file']);
      // Tab leaves the tab list for the panel.
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.id).to.equal('panel-file');
      await expect(el).to.be.accessible();
    });
  });

  describe('H6 images and files', () => {
    it('H6/P2: the image tab is a grid of thumbnails with reserved sizes that load lazily', async () => {
      const c = await start();
      const el = await mount(c, { pageSize: 30 });
      const images = (await page('image', 30)).items;
      expect(tiles(el)).to.have.length(30);
      expect(tiles(el).map((t) => t.dataset['id'])).to.deep.equal(images.map((i) => i.attachment.id));
      const imgs = qa<HTMLImageElement>(el, '#panel-image .thumb img');
      expect(imgs.length).to.equal(images.filter((i) => i.attachment.available).length);
      for (const img of imgs) {
        expect(img.getAttribute('loading')).to.equal('lazy');
        expect(Number(img.getAttribute('width'))).to.be.greaterThan(0);
        expect(Number(img.getAttribute('height'))).to.be.greaterThan(0);
      }
      // Every tile's box has its size before any image arrives: square, as wide as its column.
      for (const box of qa(el, '#panel-image .thumb-box')) {
        const r = box.getBoundingClientRect();
        expect(r.width).to.be.greaterThan(80);
        expect(Math.abs(r.width - r.height)).to.be.lessThan(1.5);
      }
      // Text alternatives: the file name and who sent it.
      const first = images[0]!;
      const alt = imgs[0]!.alt;
      expect(alt).to.contain(first.attachment.name);
      expect(alt).to.match(/, sent by .+/);
      await expect(el).to.be.accessible();
    });

    it('H6: the image grid is one tab stop; arrows, Home and End move between thumbnails', async () => {
      const c = await start();
      const el = await mount(c, { pageSize: 30 });
      const t = thumbs(el);
      expect(t.filter((b) => b.tabIndex === 0)).to.have.length(1);
      t[0]!.focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(focused(el)).to.equal(t[1]);
      expect(thumbs(el).filter((b) => b.tabIndex === 0)).to.deep.equal([t[1]]);
      const perRow = t.filter((b) => b.offsetTop === t[0]!.offsetTop).length;
      expect(perRow).to.be.greaterThan(1);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal(t[1 + perRow]);
      await sendKeys({ press: 'End' });
      expect(focused(el)).to.equal(t[t.length - 1]);
      await sendKeys({ press: 'Home' });
      expect(focused(el)).to.equal(t[0]);
    });

    it('H6: the file tab lists name, type, size, date and sender', async () => {
      const c = await start();
      const el = await mount(c);
      tab(el, 'file').click();
      await el.updateComplete;
      const headers = qa(el, '#panel-file thead th').map(text);
      expect(headers).to.deep.equal(['Name', 'Type', 'Size', 'Date', 'Sent by', 'Actions']);
      const items = (await page('file', 40)).items;
      expect(rows(el)).to.have.length(items.length);
      const names = new Map([...c.$operators.get().map((o) => [o.id, o.name] as const), ...[...c.$clients.get().values()].map((x) => [x.id, x.name] as const)]);
      for (const [i, item] of items.entries()) {
        const cells = [...rows(el)[i]!.querySelectorAll('th, td')].map(text);
        const a = item.attachment;
        expect(cells[0]).to.equal(a.name);
        const type = a.mime === 'application/pdf' ? 'PDF document' : a.mime === 'application/zip' ? 'ZIP archive' : a.mime === 'text/plain' ? 'Text file' : null;
        if (type) expect(cells[1]).to.equal(type);
        expect(cells[2]).to.equal(formatBytes('en', a.size));
        expect(cells[3]).to.equal(formatDate('en', item.createdAt, NOW));
        const sender = item.author.id === SEED_IDS.admin ? 'You' : names.get(item.author.id);
        expect(cells[4]).to.equal(sender);
      }
      await expect(el).to.be.accessible();
    });

    it('H6: attachments load page by page while scrolling, and stop once the total is reached', async () => {
      const c = await start();
      const el = await mount(c, { pageSize: 24, height: 520 });
      const total = el.counts.image!;
      expect(tiles(el)).to.have.length(24);
      const scroller = panel(el, 'image');
      expect(scroller.scrollHeight).to.be.greaterThan(scroller.clientHeight);
      let shown = 24;
      while (shown < total) {
        scroller.scrollTop = scroller.scrollHeight;
        const want = Math.min(total, shown + 24);
        await waitUntil(() => tiles(el).length === want, `page after ${shown} loaded`);
        shown = want;
      }
      expect(tiles(el).map((t) => t.dataset['id'])).to.deep.equal((await page('image')).items.map((i) => i.attachment.id));
      expect(text(q(el, '#panel-image .more.done'))).to.equal(`All ${total} shown`);
      expect(q(el, '#panel-image .sentinel')).to.equal(null);
      const asked = listCalls.filter((x) => x.kind === 'image').length;
      expect(asked).to.equal(Math.ceil(total / 24));
      // Nothing more is asked for once everything is there.
      scroller.scrollTop = 0;
      scroller.scrollTop = scroller.scrollHeight;
      // Intersection observers report in a frame's rendering steps: two frames later, a request
      // they would have made has been made.
      for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(r));
      await el.updateComplete;
      expect(listCalls.filter((x) => x.kind === 'image').length).to.equal(asked);
      // The file tab pages on its own.
      expect(listCalls.filter((x) => x.kind === 'file')).to.have.length(1);
      await expect(el).to.be.accessible();
    });
  });

  describe('P2 large view', () => {
    it('P2: opening an image shows it large with its name, sender and date in a modal dialog', async () => {
      const c = await start();
      const el = await mount(c);
      const items = (await page('image', 40)).items;
      await openFirstImage(el);
      const dlg = lightbox(el);
      expect(dlg.open).to.equal(true);
      expect(dlg.matches(':modal')).to.equal(true);
      const first = items[0]!;
      expect(text(q(el, '#lb-title'))).to.equal(first.attachment.name);
      expect(text(q(el, '.lb-meta'))).to.contain('You');
      expect(text(q(el, '.lb-position'))).to.equal(`1 of ${el.counts.image}`);
      const img = q<HTMLImageElement>(el, '.lb-image')!;
      expect(img.getAttribute('src')).to.equal(first.attachment.url);
      expect(img.alt).to.equal(`${first.attachment.name}, sent by You`);
      expect(dlg.getAttribute('aria-labelledby')).to.equal('lb-title');
      await expect(el).to.be.accessible();
    });

    it('P2: previous and next with the arrow keys and the buttons', async () => {
      const c = await start();
      const el = await mount(c);
      const items = (await page('image', 40)).items.filter((i) => i.attachment.available);
      await openFirstImage(el);
      const title = () => text(q(el, '#lb-title'));
      expect(q<HTMLButtonElement>(el, '[data-action="prev"]')!.disabled).to.equal(true);
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(title()).to.equal(items[1]!.attachment.name);
      expect(text(q(el, '.lb-position'))).to.equal(`2 of ${el.counts.image}`);
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(title()).to.equal(items[2]!.attachment.name);
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(title()).to.equal(items[1]!.attachment.name);
      q<HTMLButtonElement>(el, '[data-action="next"]')!.click();
      await el.updateComplete;
      expect(title()).to.equal(items[2]!.attachment.name);
      q<HTMLButtonElement>(el, '[data-action="prev"]')!.click();
      await el.updateComplete;
      expect(title()).to.equal(items[1]!.attachment.name);
      await expect(el).to.be.accessible();
    });

    it('P2: swiping left and right turns to the next and previous image', async () => {
      const c = await start();
      const el = await mount(c);
      const items = (await page('image', 40)).items.filter((i) => i.attachment.available);
      await openFirstImage(el);
      const stage = q(el, '.lb-stage')!;
      const swipe = async (from: number, to: number) => {
        const r = stage.getBoundingClientRect();
        const y = r.top + r.height / 2;
        stage.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 7, pointerType: 'touch', clientX: r.left + from, clientY: y, bubbles: true, composed: true }));
        stage.dispatchEvent(new PointerEvent('pointerup', { pointerId: 7, pointerType: 'touch', clientX: r.left + to, clientY: y + 4, bubbles: true, composed: true }));
        await el.updateComplete;
      };
      await swipe(400, 200);
      expect(text(q(el, '#lb-title'))).to.equal(items[1]!.attachment.name);
      await swipe(200, 400);
      expect(text(q(el, '#lb-title'))).to.equal(items[0]!.attachment.name);
      // A small movement is a tap, not a swipe.
      await swipe(300, 290);
      expect(text(q(el, '#lb-title'))).to.equal(items[0]!.attachment.name);
    });

    it('P2: next goes on into the next page of images', async () => {
      const c = await start();
      const el = await mount(c, { pageSize: 3 });
      const items = (await page('image')).items.filter((i) => i.attachment.available);
      await openFirstImage(el, 2);
      expect(text(q(el, '#lb-title'))).to.equal(items[2]!.attachment.name);
      await sendKeys({ press: 'ArrowRight' });
      await waitUntil(() => text(q(el, '#lb-title')) === items[3]!.attachment.name, 'next page image shown');
      expect(tiles(el).length).to.be.greaterThan(3);
    });

    it('P2: zoom to fit the screen and to actual size', async () => {
      const c = await start();
      const el = await mount(c);
      const items = (await page('image', 40)).items;
      const big = items.findIndex((i) => i.attachment.available && (i.attachment.width ?? 0) >= 1200);
      expect(big).to.be.greaterThan(-1);
      const a = items[big]!.attachment;
      await setViewport({ width: 900, height: 600 });
      await openFirstImage(
        el,
        thumbs(el).findIndex((t) => t.dataset['id'] === a.id),
      );
      await waitUntil(() => (q(el, '.lb-stage')?.clientWidth ?? 0) > 0);
      await el.updateComplete;
      const fit = q(el, '[data-action="zoom-fit"]')!;
      const actual = q(el, '[data-action="zoom-actual"]')!;
      expect(fit.getAttribute('aria-pressed')).to.equal('true');
      const stage = q(el, '.lb-stage')!;
      let img = q<HTMLImageElement>(el, '.lb-image')!.getBoundingClientRect();
      expect(img.width).to.be.at.most(stage.clientWidth + 1);
      expect(img.height).to.be.at.most(stage.clientHeight + 1);
      expect(img.width).to.be.lessThan(a.width!);
      // The aspect ratio is kept.
      expect(Math.abs(img.width / img.height - a.width! / a.height!)).to.be.lessThan(0.02);
      expect(Number(text(q(el, '.lb-percent')).replace(/\D/g, ''))).to.be.lessThan(100);
      actual.click();
      await el.updateComplete;
      expect(actual.getAttribute('aria-pressed')).to.equal('true');
      expect(fit.getAttribute('aria-pressed')).to.equal('false');
      img = q<HTMLImageElement>(el, '.lb-image')!.getBoundingClientRect();
      expect(Math.round(img.width)).to.equal(a.width);
      expect(Math.round(img.height)).to.equal(a.height);
      expect(text(q(el, '.lb-percent'))).to.equal('100%');
      expect(stage.scrollWidth).to.be.greaterThan(stage.clientWidth);
      // The scrollable picture can be reached with the keyboard.
      expect(stage.tabIndex).to.equal(0);
      await expect(el).to.be.accessible();
      fit.click();
      await el.updateComplete;
      expect(q<HTMLImageElement>(el, '.lb-image')!.getBoundingClientRect().width).to.be.lessThan(a.width!);
    });

    it('P2: the large view is loaded on first open; a slow load is announced, a failed one says why and can be retried, then it opens focused', async () => {
      const c = await start();
      const el = await mount(c);
      // Nothing of the large view is in the page before it is first opened.
      expect(q(el, 'dialog.lightbox')).to.equal(null);
      // Its loader, held until the busy line shows; the first load fails as a lost connection would.
      const part = (el as unknown as { body: { windows: { lightbox: { load: () => Promise<unknown> } } } }).body.windows.lightbox;
      const load = part.load;
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      part.load = async () => {
        calls++;
        await gate;
        if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
        return load();
      };
      thumbs(el)[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q(el, '.on-demand[role="status"][aria-busy="true"]'), 'busy line while the window loads');
      expect(text(q(el, '.on-demand'))).to.equal('Loading…');
      await expect(el).to.be.accessible();
      release();
      await waitUntil(() => q(el, '.on-demand[role="alert"]'), 'the failure is shown');
      expect(text(q(el, '.on-demand[role="alert"]'))).to.equal('The chat service is unavailable. Try again later. Retry');
      expect(q(el, 'dialog.lightbox')).to.equal(null);
      await expect(el).to.be.accessible();
      q<HTMLButtonElement>(el, '.on-demand button')!.click();
      await waitUntil(() => q(el, 'dialog.lightbox[open] #lb-title'), 'the large view opens on retry');
      await waitUntil(() => focused(el)?.dataset['action'] === 'close-viewer', 'focus in the large view, on its close button');
      expect(lightbox(el).contains(focused(el))).to.equal(true);
      expect(q(el, '.on-demand')).to.equal(null);
      expect(calls).to.equal(2);
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !lightbox(el).open, 'Escape closes it');
      await waitUntil(() => focused(el)?.dataset['id'] === thumbs(el)[0]!.dataset['id'], 'focus back on the thumbnail');
    });

    it('P2: the large view keeps focus inside and returns it to the thumbnail on close', async () => {
      const c = await start();
      const el = await mount(c);
      thumbs(el)[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q(el, 'dialog.lightbox[open] #lb-title'));
      await el.updateComplete;
      const dlg = lightbox(el);
      expect(dlg.contains(focused(el))).to.equal(true);
      for (let i = 0; i < 14; i++) {
        await sendKeys({ press: 'Tab' });
        expect(dlg.contains(focused(el)), `Tab ${i + 1} stays inside`).to.equal(true);
      }
      for (let i = 0; i < 5; i++) {
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Tab' });
        await sendKeys({ up: 'Shift' });
        expect(dlg.contains(focused(el)), `Shift+Tab ${i + 1} stays inside`).to.equal(true);
      }
      // Move to the second image, then close with Escape: focus lands on that image's thumbnail.
      q<HTMLButtonElement>(el, '[data-action="next"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      const shownId = thumbs(el)[1]!.dataset['id'];
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !lightbox(el).open, 'closed');
      // The dialog's close event comes a task later; focus follows it.
      await waitUntil(() => focused(el)?.dataset['id'] === shownId, 'focus on the thumbnail of the image shown last');
      await el.updateComplete;
      expect(focused(el)?.tabIndex).to.equal(0);
      // The close button works too.
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => q(el, 'dialog.lightbox[open] #lb-title'));
      q<HTMLButtonElement>(el, '[data-action="close-viewer"]')!.click();
      await waitUntil(() => !lightbox(el).open);
      await waitUntil(() => focused(el)?.dataset['id'] === shownId, 'focus back on the thumbnail');
      await expect(el).to.be.accessible();
    });

    it('P2: Escape in the large view closes it only, not the window around the viewer', async () => {
      const c = await start();
      const el = await mount(c);
      let outerKeys = 0;
      el.parentElement!.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') outerKeys++;
      });
      await openFirstImage(el);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !lightbox(el).open);
      expect(outerKeys).to.equal(0);
    });
  });

  describe('H6 save', () => {
    it('H6: "Save" is a real download link with the original name, sanitized', async () => {
      const c = await start(
        editAttachments('file', (a, i) => {
          if (i === 0) a.name = '../../etc/pa<ss>wd?.txt';
        }),
      );
      const el = await mount(c);
      tab(el, 'file').click();
      await el.updateComplete;
      const items = (await page('file', 40)).items;
      const first = items[0]!.attachment;
      expect(first.name).to.equal('../../etc/pa<ss>wd?.txt');
      const link = rows(el)[0]!.querySelector<HTMLAnchorElement>('a[data-action="save"]')!;
      expect(link.getAttribute('href')).to.equal(first.url);
      expect(link.getAttribute('download')).to.equal('pa_ss_wd_.txt');
      expect(link.getAttribute('download')).to.equal(sanitizeFileName(first.name));
      expect(link.getAttribute('aria-label')).to.equal('Save pa_ss_wd_.txt');
      // The name is shown as it came, as text.
      expect(text(rows(el)[0]!.querySelector('th'))).to.equal('../../etc/pa<ss>wd?.txt');
      const saves: AttachmentSaveDetail[] = [];
      el.addEventListener('attachment-save', (e) => saves.push(e.detail));
      // Keep the test browser from actually downloading.
      const stop = (e: Event) => e.preventDefault();
      document.addEventListener('click', stop, { once: true, capture: true });
      link.click();
      expect(saves).to.deep.equal([{ attachmentId: first.id, fileName: 'pa_ss_wd_.txt' }]);
      // The large view saves an image the same way.
      tab(el, 'image').click();
      await el.updateComplete;
      await openFirstImage(el);
      const image = (await page('image', 1)).items[0]!.attachment;
      const imageLink = q<HTMLAnchorElement>(el, 'dialog.lightbox a[data-action="save"]')!;
      expect(imageLink.getAttribute('download')).to.equal(sanitizeFileName(image.name));
      expect(imageLink.getAttribute('href')).to.equal(image.url);
      expect(text(imageLink)).to.equal('Save');
    });

    it('H6: a file address that is not a plain download (javascript:) gets no link', async () => {
      const c = await start(
        editAttachments('file', (a, i) => {
          if (i === 0) a.url = 'javascript:alert(1)';
        }),
      );
      const el = await mount(c);
      tab(el, 'file').click();
      await el.updateComplete;
      expect(rows(el)[0]!.querySelector('a')).to.equal(null);
      expect(qa<HTMLAnchorElement>(el, 'a').some((a) => a.getAttribute('href')?.startsWith('javascript:'))).to.equal(false);
    });
  });

  describe('H6 forward', () => {
    it('H6: forwards a file into the current dialog: a new message appears in its feed', async () => {
      const c = await start();
      await c.openDialog(DLG);
      const el = await mount(c);
      const filesBefore = el.counts.file!;
      const { item, button } = await openForwardForFirstFile(el);
      const here = radioFor(el, DLG)!;
      expect(here.checked, 'this dialog is preselected').to.equal(true);
      expect(text(here.closest('label'))).to.contain('This dialog');
      await expect(el).to.be.accessible();
      const events: AttachmentForwardDetail[] = [];
      el.addEventListener('attachment-forward', (e) => events.push(e.detail));
      q<HTMLButtonElement>(el, 'dialog.forward button[type="submit"]')!.click();
      await waitUntil(() => !forwardDialog(el).open, 'window closed after the forward');
      expect(events).to.have.length(1);
      expect(events[0]!.attachmentId).to.equal(item.attachment.id);
      expect(events[0]!.toDialogId).to.equal(DLG);
      const feed = c.$feeds.get()[DLG]!.messages;
      const message = feed.find((x) => x.id === events[0]!.messageId)!;
      expect(message.author).to.deep.equal({ kind: 'operator', id: SEED_IDS.admin });
      expect(message.attachments.map((a) => a.name)).to.deep.equal([item.attachment.name]);
      expect(text(q(el, '[part="status"]'))).to.equal(`“${item.attachment.name}” forwarded to ${c.$dialogs.get().get(DLG)!.title}.`);
      // Focus went back to the button that opened the window.
      await waitUntil(() => focused(el) === button, 'focus back on the button that opened the window');
      // The new attachment shows up in the open viewer.
      await waitUntil(() => el.counts.file === filesBefore + 1, 'file count updated');
      expect(rows(el)[0]!.dataset['id']).to.equal(message.attachments[0]!.id);
      await expect(el).to.be.accessible();
    });

    it('H6: forwards into another dialog picked from a searchable list', async () => {
      const c = await start();
      const el = await mount(c);
      const { item } = await openForwardForFirstFile(el);
      const target = acceptingDialog(c, item.attachment, true);
      const others = qa<HTMLInputElement>(el, '#fwd-list input[name="fwd-target"]');
      expect(others.length).to.be.greaterThan(5);
      await search(el, target.title.slice(0, 6).toUpperCase());
      const shown = qa<HTMLInputElement>(el, '#fwd-list input[name="fwd-target"]');
      expect(shown.length).to.be.lessThan(others.length);
      for (const r of shown) {
        const label = text(r.closest('label')).toLowerCase();
        expect(label).to.contain(target.title.slice(0, 6).toLowerCase());
      }
      const radio = radioFor(el, target.id)!;
      expect(radio.disabled).to.equal(false);
      radio.click();
      await el.updateComplete;
      const done = oneEvent(el, 'attachment-forward');
      q<HTMLButtonElement>(el, 'dialog.forward button[type="submit"]')!.click();
      const ev = await done;
      expect(ev.detail.toDialogId).to.equal(target.id);
      await waitUntil(() => !forwardDialog(el).open);
      const history = (await backend!.core.handle(SEED_IDS.admin, 'loadMessages', { dialogId: target.id })) as { messages: Array<{ id: Id; attachments: Attachment[] }> };
      const last = history.messages[history.messages.length - 1]!;
      expect(last.id).to.equal(ev.detail.messageId);
      expect(last.attachments[0]!.name).to.equal(item.attachment.name);
      // Nothing matches: said so.
      await openForwardForFirstFile(el);
      await search(el, 'zzz-no-such-dialog');
      expect(qa(el, '#fwd-list input')).to.have.length(0);
      expect(text(q(el, '.fwd-note'))).to.equal('No dialog matches “zzz-no-such-dialog”.');
      await expect(el).to.be.accessible();
    });

    it('H6: a dialog whose channel refuses the file is disabled and says why (VK accepts no files)', async () => {
      const c = await start();
      const el = await mount(c);
      const { item } = await openForwardForFirstFile(el);
      const vk = [...c.$dialogs.get().values()].find((d) => d.channelId === SEED_IDS.channels.vk && d.id !== DLG)!;
      await search(el, vk.title);
      const radio = radioFor(el, vk.id)!;
      expect(radio.disabled).to.equal(true);
      const reason = root(el).getElementById(radio.getAttribute('aria-describedby')!)!;
      expect(text(reason)).to.equal('VK community does not accept files.');
      // An image too large for the landing chat (5 MB) is refused there, with the limit.
      expect(item.attachment.name).to.be.a('string');
      await expect(el).to.be.accessible();
    });

    it('H6: a refusal from the backend is shown in words and the window stays open', async () => {
      // The administrator holds a VK dialog (VK accepts no files).
      const c = await start((d) => {
        const vk = d.dialogs.find((x) => x.channelId === SEED_IDS.channels.vk && x.id !== SEED_IDS.blockedDialog)!;
        vk.assignee = { kind: 'operator', id: SEED_IDS.admin };
        return d;
      });
      const el = await mount(c);
      const { item } = await openForwardForFirstFile(el);
      // The inbox still believes VK accepts files (its settings changed after it loaded).
      c.$channels.set(
        c.$channels
          .get()
          .map((ch) => (ch.id === SEED_IDS.channels.vk ? { ...ch, capabilities: { ...ch.capabilities, attachments: { allowed: true, types: ['*/*'], maxBytes: 1e9, maxCount: 10 } } } : ch)),
      );
      const me = c.$me.get()!;
      const vk = [...c.$dialogs.get().values()].find((d) => {
        const client = d.clientId ? c.$clients.get().get(d.clientId) : null;
        return d.channelId === SEED_IDS.channels.vk && canWrite(me, d, client).ok;
      })!;
      expect(vk, 'a VK dialog the administrator may write in').to.not.equal(undefined);
      await search(el, vk.title);
      const radio = radioFor(el, vk.id)!;
      expect(radio.disabled).to.equal(false);
      radio.click();
      await el.updateComplete;
      let forwarded = 0;
      el.addEventListener('attachment-forward', () => forwarded++);
      q<HTMLButtonElement>(el, 'dialog.forward button[type="submit"]')!.click();
      await waitUntil(() => text(q(el, '[part="forward-error"]')) !== '', 'refusal shown');
      expect(text(q(el, '[part="forward-error"]'))).to.equal('Not forwarded: This channel does not accept files.');
      expect(q(el, '[part="forward-error"]')!.getAttribute('role')).to.equal('alert');
      expect(forwardDialog(el).open).to.equal(true);
      expect(forwarded).to.equal(0);
      expect(item.attachment.available).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('H6: while forwarding, the window says so and cannot be sent twice', async () => {
      const c = await start();
      const el = await mount(c);
      await openForwardForFirstFile(el);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const original = c.forwardAttachment.bind(c);
      let calls = 0;
      c.forwardAttachment = async (id, to) => {
        calls++;
        await gate;
        return original(id, to);
      };
      const submit = q<HTMLButtonElement>(el, 'dialog.forward button[type="submit"]')!;
      submit.click();
      await el.updateComplete;
      expect(text(q(el, '.fwd-progress'))).to.equal('Forwarding…');
      expect(q(el, '.fwd-form')!.getAttribute('aria-busy')).to.equal('true');
      expect(submit.disabled).to.equal(true);
      submit.click();
      await expect(el).to.be.accessible();
      release();
      await waitUntil(() => !forwardDialog(el).open);
      expect(calls).to.equal(1);
    });

    it('H6: images are forwarded from the large view; focus returns there', async () => {
      const c = await start();
      const el = await mount(c);
      await openFirstImage(el);
      const fwd = q<HTMLButtonElement>(el, 'dialog.lightbox [data-action="forward"]')!;
      fwd.click();
      await waitUntil(() => q(el, 'dialog.forward[open] #fwd-title'));
      expect(lightbox(el).open).to.equal(true);
      const dlg = forwardDialog(el);
      for (let i = 0; i < 8; i++) {
        await sendKeys({ press: 'Tab' });
        expect(dlg.contains(focused(el)), `Tab ${i + 1} stays in the forward window`).to.equal(true);
      }
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !forwardDialog(el).open);
      expect(lightbox(el).open).to.equal(true);
      await waitUntil(() => focused(el) === fwd, "focus back on the large view's Forward button");
    });
  });

  describe('H6 unavailable and untrusted', () => {
    it('H6: unavailable attachments show as such (expired, removed, withheld), never as a broken image', async () => {
      const c = await start((d) => {
        editAttachments('image', (a, i) => {
          if (i === 1) Object.assign(a, { available: false, unavailableReason: 'client_blocked', url: '', thumbUrl: undefined });
          if (i === 4) Object.assign(a, { available: false, unavailableReason: 'expired', url: '', thumbUrl: undefined });
        })(d);
        return editAttachments('file', (a, i) => {
          if (i === 0) Object.assign(a, { available: false, unavailableReason: 'removed', url: '' });
        })(d);
      });
      const el = await mount(c, { pageSize: 200 });
      const images = (await page('image')).items;
      const files = (await page('file')).items;
      // The seed's own expired attachment (an old one of this dialog) is among them.
      expect([...images, ...files].filter((i) => i.attachment.unavailableReason === 'expired').length).to.be.at.least(2);
      const expired = images[4]!;
      const tileOf = (id: Id) => tiles(el).find((t) => t.dataset['id'] === id)!;
      const e = tileOf(expired.attachment.id);
      expect(e.querySelector('img')).to.equal(null);
      expect(e.querySelector('button')).to.equal(null);
      expect(text(e)).to.contain('Expired');
      expect(text(e)).to.contain('The file is no longer stored.');
      expect(text(e)).to.contain(expired.attachment.name);
      const w = tileOf(images[1]!.attachment.id);
      expect(w.querySelector('img')).to.equal(null);
      expect(text(w)).to.contain('Withheld');
      // The grid's arrows skip what cannot be opened.
      expect(thumbs(el).some((b) => b.dataset['id'] === images[1]!.attachment.id)).to.equal(false);
      await expect(el).to.be.accessible();
      tab(el, 'file').click();
      await el.updateComplete;
      const row = rows(el)[0]!;
      expect(row.classList.contains('unavailable')).to.equal(true);
      expect(text(row.querySelector('.f-actions'))).to.contain('Removed');
      expect(row.querySelector('a, [data-action="forward"]')).to.equal(null);
      for (const f of files.filter((i) => !i.attachment.available)) {
        const r = rows(el).find((x) => x.dataset['id'] === f.attachment.id)!;
        expect(text(r.querySelector('.f-actions'))).to.contain(f.attachment.unavailableReason === 'expired' ? 'Expired' : 'Removed');
        expect(r.querySelector('a')).to.equal(null);
      }
      await expect(el).to.be.accessible();
    });

    it('H6: a thumbnail that fails to load is replaced by a message, not a broken image', async () => {
      const c = await start(
        editAttachments('image', (a, i) => {
          if (i === 0) {
            a.thumbUrl = 'data:image/png;base64,AAAA';
            a.url = 'data:image/png;base64,AAAA';
          }
        }),
      );
      const el = await mount(c);
      const first = tiles(el)[0]!;
      await waitUntil(() => first.querySelector('img') === null, 'broken thumbnail replaced');
      expect(text(first)).to.contain('The image could not be shown');
      await expect(el).to.be.accessible();
    });

    it('H6: file names and types with HTML or script are shown as text; SVG is never rendered', async () => {
      const c = await start((d) => {
        editAttachments('file', (a, i) => {
          if (i === 0) a.name = '<img src=x onerror="window.__pwned=1">.pdf';
          if (i === 1) Object.assign(a, { name: '<script>window.__pwned=1</script>.svg', mime: 'image/svg+xml', url: 'data:image/svg+xml;base64,PHN2Zy8+' });
        })(d);
        return editAttachments('image', (a, i) => {
          if (i === 0) Object.assign(a, { name: 'logo<b>bold</b>.svg', mime: 'image/svg+xml', url: 'data:image/svg+xml;base64,PHN2Zy8+', thumbUrl: 'data:image/svg+xml;base64,PHN2Zy8+' });
        })(d);
      });
      const el = await mount(c);
      expect(root(el).querySelector('script, b, img[src="x"]')).to.equal(null);
      expect(qa<HTMLImageElement>(el, 'img').some((i) => i.src.startsWith('data:image/svg'))).to.equal(false);
      const svgTile = tiles(el)[0]!;
      expect(svgTile.querySelector('img')).to.equal(null);
      expect(text(svgTile)).to.contain('logo<b>bold</b>.svg');
      tab(el, 'file').click();
      await el.updateComplete;
      expect(text(rows(el)[0]!.querySelector('th'))).to.equal('<img src=x onerror="window.__pwned=1">.pdf');
      expect(text(rows(el)[1]!.querySelector('th'))).to.equal('<script>window.__pwned=1</script>.svg');
      expect(root(el).querySelector('script, img[src="x"]')).to.equal(null);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
      await expect(el).to.be.accessible();
    });
  });

  describe('H6 localized', () => {
    it('H6: strings, counts and dates follow the language (es, ru)', async () => {
      await Promise.all([loadLocale('es'), loadLocale('ru')]); // the shipped languages are lazy chunks
      const c = await start();
      const es = await mount(c, { locale: 'es' });
      expect(text(tab(es, 'image'))).to.match(/^Imágenes \d+$/);
      expect(text(tab(es, 'file'))).to.match(/^Archivos \d+$/);
      expect(q(es, '[part="close"]')!.getAttribute('aria-label')).to.equal('Cerrar');
      await expect(es).to.be.accessible();
      es.locale = 'ru';
      await es.updateComplete;
      expect(text(tab(es, 'image'))).to.match(/^Изображения \d+$/);
      tab(es, 'file').click();
      await es.updateComplete;
      expect(qa(es, '#panel-file thead th').map(text).slice(0, 5)).to.deep.equal(['Имя', 'Тип', 'Размер', 'Дата', 'Отправитель']);
      await expect(es).to.be.accessible();
    });
  });
});
