/**
 * `<attachment-viewer>`: the images and files of a dialog (H6), the large view of an image (P2),
 * saving and forwarding. Every story runs on the real backend core with the demo data; the
 * attachments dialog (`dlg-0015`, ~150 attachments, one expired) is the administrator's, so these
 * stories sign in as her whatever the toolbar's role. Theme and language follow the toolbar, except
 * in the stories that pin them.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { AttachmentViewer } from '../components/attachment-viewer/attachment-viewer.js';
import { holdParts } from '../components/internal/on-demand.js';
import { createChatClient } from '../sdk/client.js';
import type { Attachment, Id, Message } from '../sdk/model.js';
import type { Transport } from '../sdk/protocol.js';
import { createInProcessBackend } from '../server/core/in-process.js';
import { createSeed } from '../server/demo-data/seed.js';
import type { SeedData } from '../server/core/storage.js';
import { createStoryBackend, SEED_IDS, type StoryBackend } from './support/backend.js';

interface ViewerArgs {
  /** The dialog whose attachments are shown. */
  dialogId: string;
  /** The tab shown first. */
  tab: 'image' | 'file';
  /** Attachments per page. */
  pageSize: number;
  /** Hide the "Close" button. */
  hideClose: boolean;
}

const DLG = SEED_IDS.attachmentsDialog;

// ------------------------------------------------------------------------------------------------
// Backends

/** The attachments dialog's messages, newest first. */
function dialogMessages(d: SeedData, dialogId: Id = DLG): Message[] {
  return d.messages.filter((m) => m.dialogId === dialogId).sort((a, b) => b.createdAt - a.createdAt || b.n - a.n);
}

/** Keeps only one kind of attachment in the attachments dialog (a message left empty gets a caption). */
const onlyKind =
  (kind: Attachment['kind']) =>
  (d: SeedData): SeedData => {
    for (const m of dialogMessages(d)) {
      if (m.attachments.length === 0) continue;
      m.attachments = m.attachments.filter((a) => a.kind === kind);
      if (m.attachments.length === 0 && !m.text.trim()) m.text = kind === 'image' ? 'The file is on its way by email.' : 'Photo to follow.';
    }
    return d;
  };

/** Gives every attachment of the attachments dialog `copies` more siblings: hundreds of each kind. */
const hundreds =
  (copies: number) =>
  (d: SeedData): SeedData => {
    for (const m of dialogMessages(d)) {
      const extra: Attachment[] = [];
      for (const a of m.attachments) {
        for (let k = 1; k <= copies; k++) {
          const name = a.name.replace(/(\.[^.]+)?$/, (ext) => ` (${k + 1})${ext}`);
          extra.push({ ...a, id: `${a.id}-copy${k}`, name, available: a.available });
        }
      }
      m.attachments = [...m.attachments, ...extra];
    }
    return d;
  };

/** Marks the newest attachments of each kind unavailable, one per reason. */
function unavailable(d: SeedData): SeedData {
  const byKind = (kind: Attachment['kind']) => dialogMessages(d).flatMap((m) => m.attachments.filter((a) => a.kind === kind));
  const reasons = ['expired', 'removed', 'client_blocked'] as const;
  for (const kind of ['image', 'file'] as const) {
    byKind(kind)
      .slice(0, 5)
      .forEach((a, i) => {
        if (i % 2 === 1) return;
        Object.assign(a, { available: false, unavailableReason: reasons[(i / 2) % 3], url: '' });
        delete a.thumbUrl;
      });
  }
  return d;
}

/** Names and types a client might send to try to break the page: shown as text, never run. */
function hostileNames(d: SeedData): SeedData {
  const files = dialogMessages(d).flatMap((m) => m.attachments.filter((a) => a.kind === 'file'));
  const images = dialogMessages(d).flatMap((m) => m.attachments.filter((a) => a.kind === 'image'));
  if (files[0]) files[0].name = '<img src=x onerror=alert(1)>.pdf';
  if (files[1]) Object.assign(files[1], { name: '<svg onload=alert(1)>.svg', mime: 'image/svg+xml', url: 'data:image/svg+xml;base64,PHN2Zy8+' });
  if (files[2]) files[2].name = '../../../etc/passwd';
  if (images[0]) Object.assign(images[0], { name: 'logo.svg', mime: 'image/svg+xml', url: 'data:image/svg+xml;base64,PHN2Zy8+', thumbUrl: 'data:image/svg+xml;base64,PHN2Zy8+' });
  return d;
}

/** A backend signed in as the administrator, with the demo data changed by `seed`. */
const admin = (seed?: (d: SeedData) => SeedData, latencyMs?: number) => (): Promise<StoryBackend> =>
  createStoryBackend({ operatorId: SEED_IDS.admin, ...(seed ? { seed } : {}), ...(latencyMs ? { latencyMs } : {}) });

/** A dialog just started by a site visitor: no attachments yet. */
async function emptyDialog(): Promise<StoryBackend & { dialogId: Id }> {
  const sb = await createStoryBackend({ operatorId: SEED_IDS.admin });
  const { dialog } = await sb.backend.core.startDialog({ channelId: SEED_IDS.channels.site, name: 'Lucía Fernández', text: 'Hola, ¿tienen envío a Canarias?' });
  await waitFor(() => expect(sb.client.$dialogs.get().has(dialog.id)).toBe(true));
  return { ...sb, dialogId: dialog.id };
}

/** The real backend, except that a forward's answer never comes (to show the window while it waits). */
async function slowForward(): Promise<StoryBackend> {
  const backend = await createInProcessBackend(() => createSeed());
  const inner = backend.transport(SEED_IDS.admin);
  const transport: Transport = {
    request: (name, input, opts) => (name === 'forwardAttachment' ? new Promise<never>(() => undefined) : inner.request(name, input, opts)),
    upload: (dialogId, file, name, opts) => inner.upload(dialogId, file, name, { onProgress: opts?.onProgress }),
    connect: (listener) => inner.connect(listener),
  };
  const client = createChatClient({ transport });
  await client.start();
  return { backend, client };
}

/**
 * The administrator holds a VK dialog, and the inbox still believes VK accepts files (its settings
 * changed after the inbox loaded): the forward goes out and the backend refuses it.
 */
async function staleVk(): Promise<StoryBackend & { targetId: Id }> {
  let targetId = '';
  const sb = await createStoryBackend({
    operatorId: SEED_IDS.admin,
    seed: (d) => {
      const vk = d.dialogs.find((x) => x.channelId === SEED_IDS.channels.vk && x.id !== SEED_IDS.blockedDialog)!;
      vk.assignee = { kind: 'operator', id: SEED_IDS.admin };
      targetId = vk.id;
      return d;
    },
  });
  sb.client.$channels.set(
    sb.client.$channels
      .get()
      .map((ch) => (ch.id === SEED_IDS.channels.vk ? { ...ch, capabilities: { ...ch.capabilities, attachments: { allowed: true, types: ['*/*'], maxBytes: 50 * 1024 * 1024, maxCount: 10 } } } : ch)),
  );
  return { ...sb, targetId };
}

// ------------------------------------------------------------------------------------------------
// Play helpers

const viewerIn = async (canvas: HTMLElement): Promise<AttachmentViewer> => {
  let el: AttachmentViewer | null = null;
  await waitFor(() => {
    el = canvas.querySelector('attachment-viewer');
    expect(el).not.toBeNull();
  });
  return el!;
};

/** Waits until both tabs have their first page. */
async function loaded(canvas: HTMLElement): Promise<AttachmentViewer> {
  const el = await viewerIn(canvas);
  await waitFor(() => expect(el.counts.image !== null && el.counts.file !== null).toBe(true), { timeout: 10_000 });
  await el.updateComplete;
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: AttachmentViewer, sel: string): T | null => el.shadowRoot!.querySelector<T>(sel);

async function openImage(el: AttachmentViewer): Promise<void> {
  $<HTMLButtonElement>(el, 'button.thumb')!.click();
  await waitFor(() => expect($(el, '#lb-title')).not.toBeNull(), { timeout: 10_000 });
  await el.updateComplete;
}

/** Opens the forward window for the first available PDF (or any file). */
async function openForward(el: AttachmentViewer): Promise<void> {
  $<HTMLButtonElement>(el, '#tab-file')!.click();
  await el.updateComplete;
  const rows = [...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('#panel-file tbody tr')];
  const row = rows.find((r) => r.querySelector('[data-action="forward"]') && /PDF/.test(r.textContent ?? '')) ?? rows.find((r) => r.querySelector('[data-action="forward"]'))!;
  row.querySelector<HTMLButtonElement>('[data-action="forward"]')!.click();
  await waitFor(() => expect($(el, '#fwd-title')).not.toBeNull(), { timeout: 10_000 });
  await el.updateComplete;
}

async function search(el: AttachmentViewer, text: string): Promise<void> {
  const input = $<HTMLInputElement>(el, '#fwd-search')!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

// ------------------------------------------------------------------------------------------------

const meta = {
  title: 'Elements/attachment-viewer',
  component: 'attachment-viewer',
  parameters: {
    // Every story brings its own backend (the administrator's): no default one is made.
    chatdesk: { backend: false },
    docs: {
      description: {
        component:
          'The attachments of one dialog (H6): images and files on two tabs with their counts. Images open large (P2) with previous / next (arrow keys, swipe) and zoom to fit or to actual size; every attachment can be saved (a real download under its sanitized name) or forwarded into this dialog or another one, where the channel accepts it. Pages load as the list scrolls. `<chat-window>` opens it from "Show attachments"; alone, give it `dialog-id` inside a `<chat-provider>`. Its "Close" button fires `attachment-viewer-close` for the host to close its window.',
      },
    },
  },
  args: { dialogId: DLG, tab: 'image', pageSize: 40, hideClose: false },
  render: (args) => html`<div style="max-inline-size: 960px">
    <attachment-viewer dialog-id=${args.dialogId} tab=${args.tab} page-size=${args.pageSize} ?hide-close=${args.hideClose}></attachment-viewer>
  </div>`,
} satisfies Meta<ViewerArgs>;

export default meta;
type Story = StoryObj<ViewerArgs>;

/** The demo's attachments dialog: images first, with both counts; scrolling loads the next pages. */
export const Images: Story = {
  loaders: [admin()],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.counts.image).toBeGreaterThan(40);
    await expect(el.shadowRoot!.querySelectorAll('#panel-image .tile').length).toBe(40);
  },
};

/** The files tab: name, type, size, date and who sent it, with "Save" and "Forward". */
export const Files: Story = {
  loaders: [admin()],
  args: { tab: 'file' },
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.shadowRoot!.querySelectorAll('#panel-file tbody tr').length).toBeGreaterThan(10);
  },
};

/** Without `dialog-id` the element says what it needs instead of showing nothing. */
export const NoDialog: Story = {
  loaders: [admin()],
  name: 'No dialog chosen',
  args: { dialogId: '' },
  play: async ({ canvasElement }) => {
    const el = await viewerIn(canvasElement);
    await waitFor(() => expect($(el, '[part="empty"]')?.textContent).toContain('dialog-id'));
  },
};

/** A dialog just started by a visitor: both tabs at zero, each explaining what will appear there. */
export const NoAttachments: Story = {
  name: 'No attachments',
  loaders: [emptyDialog],
  render: (args, { loaded: l }: StoryContext<ViewerArgs>) => html`<div style="max-inline-size: 960px">
    <attachment-viewer dialog-id=${(l as { dialogId: Id }).dialogId} page-size=${args.pageSize}></attachment-viewer>
  </div>`,
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.counts).toEqual({ image: 0, file: 0 });
  },
};

/** Only images were sent: the files tab is empty. */
export const OnlyImages: Story = {
  name: 'Only images',
  loaders: [admin(onlyKind('image'))],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.counts.file).toBe(0);
  },
};

/** Only files were sent: the images tab is empty. */
export const OnlyFiles: Story = {
  name: 'Only files',
  args: { tab: 'file' },
  loaders: [admin(onlyKind('file'))],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.counts.image).toBe(0);
  },
};

/** Hundreds of images and of files: 40 at a time, the next page when the list scrolls near its end. */
export const HundredsOfEach: Story = {
  name: 'Hundreds of each',
  loaders: [admin(hundreds(4))],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.counts.image).toBeGreaterThan(300);
    await expect(el.counts.file).toBeGreaterThan(200);
    const panel = $(el, '#panel-image')!;
    panel.scrollTop = panel.scrollHeight;
    await waitFor(() => expect(el.shadowRoot!.querySelectorAll('#panel-image .tile').length).toBeGreaterThanOrEqual(80));
  },
};

/** P2: an image opened large, fitted to the window; arrows or swipe for the others. */
export const LargeView: Story = {
  loaders: [admin()],
  name: 'Large view',
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await openImage(el);
  },
};

/** P2: the large view at actual size (the picture scrolls). */
export const LargeViewActualSize: Story = {
  loaders: [admin()],
  name: 'Large view, actual size',
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await openImage(el);
    $<HTMLButtonElement>(el, '[data-action="zoom-actual"]')!.click();
    await el.updateComplete;
    await expect($(el, '[data-action="zoom-actual"]')!.getAttribute('aria-pressed')).toBe('true');
  },
};

/** H6: the forward window, searching the dialogs: those whose channel refuses the file say why. */
export const Forward: Story = {
  loaders: [admin()],
  name: 'Forward: choose a dialog',
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await openForward(el);
    await search(el, 'telegram');
  },
};

/** H6: the forward sent and waiting for the backend's answer. */
export const ForwardInProgress: Story = {
  name: 'Forward in progress',
  loaders: [slowForward],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await openForward(el);
    $<HTMLButtonElement>(el, 'dialog.forward button[type="submit"]')!.click();
    await waitFor(() => expect($(el, '.fwd-progress')?.textContent).toContain('…'));
  },
};

/** H6: VK accepts no files: its dialogs are offered disabled, each saying why. */
export const ForwardNotAccepted: Story = {
  loaders: [admin()],
  name: 'Forward refused: channel accepts no files',
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await openForward(el);
    await search(el, 'VK');
    await waitFor(() => expect($(el, '.fwd-reason')).not.toBeNull());
  },
};

/** H6: the backend refused the forward (VK stopped accepting files after the inbox loaded): the reason is shown, the window stays open. */
export const ForwardRefused: Story = {
  name: 'Forward refused by the backend',
  loaders: [staleVk],
  play: async ({ canvasElement, loaded: l }) => {
    const el = await loaded(canvasElement);
    await openForward(el);
    const targetId = (l as { targetId: Id }).targetId;
    const title = (l as StoryBackend).client.$dialogs.get().get(targetId)!.title;
    await search(el, title);
    const radio = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="fwd-target"]')].find((r) => r.value === targetId)!;
    radio.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'dialog.forward button[type="submit"]')!.click();
    await waitFor(() => expect($(el, '[part="forward-error"]')?.textContent).toContain('does not accept'));
  },
};

/** Expired, removed and withheld attachments: shown as such, never as broken images, and not offered for saving or forwarding. */
export const Unavailable: Story = {
  name: 'Unavailable items',
  loaders: [admin(unavailable)],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.shadowRoot!.querySelectorAll('#panel-image .tile.unavailable').length).toBeGreaterThanOrEqual(3);
  },
};

/** File names with markup, paths and an SVG: shown as text; the SVG is offered as a file, never drawn. */
export const UntrustedNames: Story = {
  name: 'Untrusted file names',
  args: { tab: 'file' },
  loaders: [admin(hostileNames)],
  play: async ({ canvasElement }) => {
    const el = await loaded(canvasElement);
    await expect(el.shadowRoot!.querySelector('img[src="x"], svg[onload]')).toBeNull();
  },
};

/** Loading: each request takes a second and a half. */
export const Loading: Story = {
  loaders: [admin(undefined, 1500)],
};

/** H6, issue 17: the tabs are a part loaded when a viewer first has a dialog; when its download fails the panel keeps its title and Close, says why and offers Retry, at the same height. */
export const TabsFailedToDownload: Story = {
  loaders: [admin()],
  name: 'Tabs failed to download',
  beforeEach: () => holdParts('failed'),
  play: async ({ canvasElement }) => {
    const el = await viewerIn(canvasElement);
    await waitFor(() => expect($(el, '[part~="on-demand"][role="alert"]')).not.toBeNull());
    await expect($(el, '[part~="on-demand"]')!.textContent!.replace(/\s+/g, ' ').trim()).toBe('The chat service is unavailable. Try again later. Retry');
    await expect($(el, '[role="tab"]')).toBeNull();
  },
};

/** The dark theme. */
export const Dark: Story = {
  loaders: [admin()],
  globals: { theme: 'dark' },
};

/** The dark theme, large view. */
export const DarkLargeView: Story = {
  loaders: [admin()],
  name: 'Dark, large view',
  globals: { theme: 'dark' },
  play: LargeView.play!,
};

/** In Spanish. */
export const Spanish: Story = {
  loaders: [admin()],
  name: 'Español',
  globals: { locale: 'es' },
  args: { tab: 'file' },
};

/** In Russian, with the large view. */
export const Russian: Story = {
  loaders: [admin()],
  name: 'Русский',
  globals: { locale: 'ru' },
  play: LargeView.play!,
};

/** English, the forward window. */
export const English: Story = {
  loaders: [admin()],
  name: 'English, forward window',
  globals: { locale: 'en' },
  play: ForwardNotAccepted.play!,
};

/** On a phone: the file table becomes cards, the large view keeps only icons in its toolbar. */
export const Narrow: Story = {
  loaders: [admin()],
  name: 'Narrow (phone)',
  args: { tab: 'file' },
  render: (args) => html`<div style="max-inline-size: 380px">
    <attachment-viewer dialog-id=${args.dialogId} tab=${args.tab} page-size=${args.pageSize}></attachment-viewer>
  </div>`,
};
