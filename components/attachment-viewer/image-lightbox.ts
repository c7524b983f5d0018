/**
 * P2, H6: the large view of an image in `<attachment-viewer>`: a modal `<dialog>` in the
 * element's shadow root with the image, its name, sender and date, previous and next (buttons,
 * arrow keys, swipe), zoom to fit and to actual size, save and forward. Focus stays inside
 * while it is open and returns to the thumbnail afterwards.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Id } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import { icons } from '../icons.js';
import { adoptChunkStyles } from '../internal/on-demand.js';
import { attachmentViewerStylesLightbox } from './attachment-viewer.lightbox.styles.js';
import type { imageUrl, isShownAsImage } from './files.js';
import type { AttachmentView, forwardButton, saveLink, trapTab } from './view.js';

/**
 * What the large view takes from the viewer's body (handed over by `windows.ts`, in the body's
 * chunk), so that this chunk imports nothing from the body's: when the body's chunk came from a
 * retry's address (the browser kept its first failure), a static import of its first address
 * would fail again (issue 17).
 */
export interface LightboxKit {
  imageUrl: typeof imageUrl;
  isShownAsImage: typeof isShownAsImage;
  saveLink: typeof saveLink;
  forwardButton: typeof forwardButton;
  trapTab: typeof trapTab;
}

/** How the large image is scaled. */
export type LightboxZoom = 'fit' | 'actual';

/** Where the large view takes its images from (the element's image tab). */
export interface LightboxSource {
  /** The image tab's loaded items, newest first (unavailable ones included). */
  items(): readonly AttachmentItem[];
  /** The number of images of the dialog. */
  total(): number;
  /** Whether more pages can be loaded. */
  hasMore(): boolean;
  /** Loads the next page of images; resolves with whether it succeeded. */
  loadMore(): Promise<boolean>;
  /** The view closed; `lastId` is the image it showed last. Return focus from here. */
  closed(lastId: Id | null, trigger: HTMLElement | null): void;
}

type Host = ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };

/** Movement (px) a swipe needs before it turns the page. */
const SWIPE_PX = 48;

/** The large view's state and template; the host renders {@link ImageLightbox.render} in its shadow root. */
export class ImageLightbox implements ReactiveController {
  /** The image shown, while open. */
  currentId: Id | null = null;
  zoom: LightboxZoom = 'fit';
  private trigger: HTMLElement | null = null;
  private stage = { w: 0, h: 0 };
  private readonly natural = new Map<Id, { w: number; h: number }>();
  private readonly broken = new Set<Id>();
  private resize: ResizeObserver | null = null;
  private pointer: { id: number; x: number; y: number } | null = null;
  private loading = false;
  /** What the live regions say: navigation (polite) and failures (assertive). */
  private said = { polite: '', urgent: '' };
  private view: AttachmentView | null = null;

  constructor(
    private readonly host: Host,
    private readonly source: LightboxSource,
    private readonly kit: LightboxKit,
  ) {
    host.addController(this);
    // Loaded on first open (windows.ts): its styles come with it.
    adoptChunkStyles(host, attachmentViewerStylesLightbox);
  }

  hostDisconnected(): void {
    this.resize?.disconnect();
    this.resize = null;
  }

  hostUpdated(): void {
    const stage = this.stageEl();
    if (!stage || !this.resize) return;
    this.resize.disconnect();
    this.resize.observe(stage);
  }

  /** Whether the large view is open. */
  get isOpen(): boolean {
    return this.dialogEl()?.open ?? false;
  }

  private dialogEl(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.lightbox');
  }

  private stageEl(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.lb-stage');
  }

  /** The images the view can show (available raster images), in the tab's order. */
  private shown(): AttachmentItem[] {
    return this.source.items().filter((i) => this.kit.isShownAsImage(i.attachment) && !this.broken.has(i.attachment.id));
  }

  private current(): AttachmentItem | undefined {
    return this.currentId ? this.source.items().find((i) => i.attachment.id === this.currentId) : undefined;
  }

  /** Opens the view on an image; focus returns to `trigger` (or that image's thumbnail) on close. */
  async open(id: Id, trigger: HTMLElement | null): Promise<void> {
    this.currentId = id;
    this.zoom = 'fit';
    this.trigger = trigger;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialogEl();
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    this.resize ??= new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box && (Math.round(box.width) !== this.stage.w || Math.round(box.height) !== this.stage.h)) {
        this.stage = { w: Math.round(box.width), h: Math.round(box.height) };
        this.host.requestUpdate();
      }
    });
    this.measure();
    this.hostUpdated();
    this.host.requestUpdate();
    await this.host.updateComplete;
    dialog.querySelector<HTMLElement>('[data-action="close-viewer"]')?.focus();
  }

  /** Closes the view (focus returns to the thumbnail). */
  close(): void {
    const dialog = this.dialogEl();
    if (dialog?.open) dialog.close();
  }

  private measure(): void {
    const stage = this.stageEl();
    if (!stage) return;
    const r = stage.getBoundingClientRect();
    this.stage = { w: Math.round(r.width), h: Math.round(r.height) };
  }

  private neighbour(step: 1 | -1): AttachmentItem | undefined {
    // Walk the tab's items from the current one (which may itself be one that failed to load).
    const all = this.source.items();
    const shown = new Set(this.shown());
    const i = all.findIndex((x) => x.attachment.id === this.currentId);
    if (i < 0) return step === 1 ? this.shown()[0] : undefined;
    for (let j = i + step; j >= 0 && j < all.length; j += step) if (shown.has(all[j]!)) return all[j];
    return undefined;
  }

  /** P2: shows the previous image. */
  prev(): void {
    const p = this.neighbour(-1);
    if (p) this.go(p.attachment.id);
  }

  /** P2: shows the next image, loading the next page when the loaded ones are done. */
  async next(): Promise<void> {
    let n = this.neighbour(1);
    while (!n && this.source.hasMore() && !this.loading) {
      this.loading = true;
      this.host.requestUpdate();
      let ok = false;
      try {
        ok = await this.source.loadMore();
      } finally {
        this.loading = false;
      }
      if (!ok) {
        this.announce('urgent', (v) => v.t('announce.loadFailed'));
        break;
      }
      n = this.neighbour(1);
    }
    this.host.requestUpdate();
    if (n) this.go(n.attachment.id);
  }

  private go(id: Id): void {
    this.currentId = id;
    this.zoom = 'fit';
    this.host.requestUpdate();
    // The picture and "n of N" change silently for a screen reader: say where the operator is.
    this.announce('polite', (v) => {
      const item = this.current();
      if (!item) return '';
      const index = this.source.items().findIndex((i) => i.attachment.id === id) + 1;
      return v.t('announce.image', { index, total: this.source.total(), name: item.attachment.name });
    });
  }

  /**
   * Puts a sentence in a live region. The region is emptied first, so the same sentence twice
   * (the same failure again) is announced twice.
   */
  private announce(kind: 'polite' | 'urgent', text: (view: AttachmentView) => string): void {
    const view = this.view;
    if (!view) return;
    this.said = { ...this.said, [kind]: '' };
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      this.said = { ...this.said, [kind]: text(view) };
      this.host.requestUpdate();
    });
  }

  /** P2: fit to the screen or show at actual size. */
  setZoom(zoom: LightboxZoom): void {
    this.zoom = zoom;
    this.host.requestUpdate();
  }

  private onKeydown(e: KeyboardEvent): void {
    const dialog = e.currentTarget as HTMLDialogElement;
    if (e.key === 'Tab') {
      this.kit.trapTab(dialog, e);
      return;
    }
    if (e.key === 'Escape') {
      // Closes this view only, not a window the viewer itself sits in.
      e.stopPropagation();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    // At actual size the focused picture scrolls with the arrows.
    if (target?.classList.contains('lb-stage') && this.zoom === 'actual') return;
    if (target instanceof HTMLInputElement) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const rtl = getComputedStyle(dialog).direction === 'rtl';
      if ((e.key === 'ArrowRight') !== rtl) void this.next();
      else this.prev();
    }
  }

  private onClose(): void {
    this.said = { polite: '', urgent: '' };
    const last = this.currentId;
    const trigger = this.trigger;
    this.currentId = null;
    this.trigger = null;
    this.pointer = null;
    this.host.requestUpdate();
    this.source.closed(last, trigger);
  }

  private onPointerDown(e: PointerEvent): void {
    if (this.zoom !== 'fit' || (e.pointerType === 'mouse' && e.button !== 0)) return;
    this.pointer = { id: e.pointerId, x: e.clientX, y: e.clientY };
  }

  private onPointerUp(e: PointerEvent): void {
    const p = this.pointer;
    this.pointer = null;
    if (!p || p.id !== e.pointerId) return;
    const dx = e.clientX - p.x;
    const dy = e.clientY - p.y;
    if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    if (dx < 0) void this.next();
    else this.prev();
  }

  private onImageLoad(id: Id, e: Event): void {
    const img = e.currentTarget as HTMLImageElement;
    const item = this.current();
    if (item && (!item.attachment.width || !item.attachment.height) && img.naturalWidth > 1 && !this.natural.has(id)) {
      this.natural.set(id, { w: img.naturalWidth, h: img.naturalHeight });
      this.host.requestUpdate();
    }
  }

  private onImageError(id: Id): void {
    this.broken.add(id);
    this.host.requestUpdate();
    const name = this.current()?.attachment.name ?? '';
    if (id === this.currentId) this.announce('urgent', (v) => v.t('announce.broken', { name }));
  }

  /** The displayed size and scale of an image. */
  private sizeOf(item: AttachmentItem): { w: number; h: number; scale: number } {
    const a = item.attachment;
    const nat = a.width && a.height ? { w: a.width, h: a.height } : (this.natural.get(a.id) ?? null);
    const stageW = this.stage.w || Math.round(window.innerWidth * 0.8);
    const stageH = this.stage.h || Math.round(window.innerHeight * 0.7);
    const w = nat?.w ?? stageW;
    const h = nat?.h ?? stageH;
    const scale = this.zoom === 'actual' ? 1 : Math.min(1, stageW / w, stageH / h);
    return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)), scale };
  }

  private renderImage(view: AttachmentView, item: AttachmentItem): TemplateResult {
    const a = item.attachment;
    const src = this.kit.imageUrl(a.url) ?? this.kit.imageUrl(a.thumbUrl);
    if (!src || this.broken.has(a.id)) {
      return html`<div class="lb-placeholder" part="lightbox-placeholder" role="img" aria-label=${view.t('unavailableName', { name: a.name, reason: view.t('imageBroken') })}>
        ${icons.warning}<span>${view.t('imageBroken')}</span>
      </div>`;
    }
    const size = this.sizeOf(item);
    return html`<img
      class="lb-image"
      part="lightbox-image"
      src=${src}
      alt=${view.t('imageAlt', { name: a.name, sender: view.senderName(item) })}
      width=${size.w}
      height=${size.h}
      style=${`inline-size:${size.w}px;block-size:${size.h}px`}
      draggable="false"
      decoding="async"
      @load=${(e: Event) => this.onImageLoad(a.id, e)}
      @error=${() => this.onImageError(a.id)}
    />`;
  }

  /** The `<dialog>` (always rendered; its content only while open). */
  render(view: AttachmentView): TemplateResult {
    this.view = view;
    const item = this.current();
    return html`<dialog
      class="lightbox"
      part="lightbox"
      aria-labelledby="lb-title"
      aria-describedby="lb-hint"
      @keydown=${(e: KeyboardEvent) => this.onKeydown(e)}
      @close=${() => this.onClose()}
    >
      ${item ? this.renderContent(view, item) : nothing}
      <p class="visually-hidden lb-announce" role="status" aria-live="polite">${this.said.polite}</p>
      <p class="visually-hidden lb-alert" role="alert">${this.said.urgent}</p>
    </dialog>`;
  }

  private renderContent(view: AttachmentView, item: AttachmentItem): TemplateResult {
    const a = item.attachment;
    const all = this.source.items();
    const index = all.findIndex((i) => i.attachment.id === a.id) + 1;
    const hasPrev = !!this.neighbour(-1);
    const hasNext = !!this.neighbour(1) || this.source.hasMore();
    const size = this.kit.isShownAsImage(a) && !this.broken.has(a.id) ? this.sizeOf(item) : null;
    const percent = size ? Math.round(size.scale * 100) : 100;
    return html`
      <header class="lb-bar" part="lightbox-bar">
        <div class="lb-info">
          <h2 id="lb-title" class="lb-name" dir="auto">${a.name}</h2>
          <p class="lb-meta">
            <span>${view.t('byOn', { sender: view.senderName(item), date: view.dateTime(item.createdAt) })}</span>
            <span class="lb-position">${view.t('position', { index, total: this.source.total() })}</span>
          </p>
        </div>
        <div class="lb-tools">
          <div class="lb-zoom" role="group" aria-label=${view.t('zoom')}>
            <button
              type="button"
              class="button"
              aria-pressed=${this.zoom === 'fit' ? 'true' : 'false'}
              data-action="zoom-fit"
              @click=${() => this.setZoom('fit')}
            >
              ${icons.zoomOut}<span>${view.t('fit')}</span>
            </button>
            <button
              type="button"
              class="button"
              aria-pressed=${this.zoom === 'actual' ? 'true' : 'false'}
              data-action="zoom-actual"
              @click=${() => this.setZoom('actual')}
            >
              ${icons.zoomIn}<span>${view.t('actual')}</span>
            </button>
            <span class="lb-percent" aria-hidden="true">${view.t('zoomLevel', { percent })}</span>
          </div>
          ${this.kit.saveLink(view, item, { label: true, className: 'button' })} ${this.kit.forwardButton(view, item, { label: true, className: 'button' })}
          <button type="button" class="icon-button" aria-label=${view.tc('close')} title=${view.tc('close')} data-action="close-viewer" @click=${() => this.close()}>
            ${icons.x}
          </button>
        </div>
      </header>
      <div class="lb-body">
        <button
          type="button"
          class="icon-button lb-nav"
          aria-label=${view.t('prev')}
          title=${view.t('prev')}
          data-action="prev"
          ?disabled=${!hasPrev}
          @click=${() => this.prev()}
        >
          ${icons.prev}
        </button>
        <div
          class="lb-stage ${this.zoom}"
          part="lightbox-stage"
          tabindex=${this.zoom === 'actual' ? '0' : '-1'}
          aria-label=${this.zoom === 'actual' ? a.name : nothing}
          role=${ifDefined(this.zoom === 'actual' ? 'group' : undefined)}
          @pointerdown=${(e: PointerEvent) => this.onPointerDown(e)}
          @pointerup=${(e: PointerEvent) => this.onPointerUp(e)}
          @pointercancel=${() => (this.pointer = null)}
        >
          ${this.renderImage(view, item)}
        </div>
        <button
          type="button"
          class="icon-button lb-nav"
          aria-label=${view.t('next')}
          title=${view.t('next')}
          data-action="next"
          aria-busy=${this.loading ? 'true' : 'false'}
          ?disabled=${!hasNext}
          @click=${() => void this.next()}
        >
          ${icons.next}
        </button>
      </div>
      <p id="lb-hint" class="visually-hidden">${view.t('swipeHint')}</p>
    `;
  }
}
