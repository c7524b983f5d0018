/**
 * `<attachment-viewer>`: the attachments of one dialog (H6), images and files on two tabs, with
 * a large view of each image (P2), saving to the computer and forwarding into a chat.
 */
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Id } from '../../sdk/model.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { enclosingDialog } from '../internal/focus.js';
import { OnDemandChunk } from '../internal/on-demand.js';
import { RetainedDialog } from '../internal/retained-dialog.js';
import { baseStyles } from '../styles.js';
import { attachmentViewerMessages as m } from './attachment-viewer.messages.js';
import { attachmentViewerStyles } from './attachment-viewer.styles.js';
import { bodySlot } from './body-slot.js';
import type { ViewerAccess, ViewerBody } from './viewer-body.js';

/** Which tab: images or files (H6). */
export type AttachmentTab = 'image' | 'file';

/** Detail of `attachment-forward`. */
export interface AttachmentForwardDetail {
  /** The attachment forwarded. */
  attachmentId: Id;
  /** The dialog it went into. */
  toDialogId: Id;
  /** The new message that carries it. */
  messageId: Id;
}

/** Detail of `attachment-save`. */
export interface AttachmentSaveDetail {
  attachmentId: Id;
  /** The sanitized file name the browser saves it under. */
  fileName: string;
}

/** Detail of `attachment-viewer-close`. */
export interface AttachmentViewerCloseDetail {
  /** The dialog whose attachments were shown. */
  dialogId: Id | null;
}

/**
 * The attachments of a dialog (H6): images and files on separate tabs, each with its count.
 *
 * - **Images**: a grid of thumbnails with reserved sizes that load lazily. Opening one shows it
 *   large (P2) in a modal window: previous and next (buttons, arrow keys, swipe), its name,
 *   sender and date, zoom to fit or to actual size.
 * - **Files**: a table with name, type, size, date and sender.
 * - **Save** is a real download of the original file under its sanitized name; **Forward** sends
 *   it into this dialog or another one picked from a searchable list. Dialogs whose channel would
 *   refuse the file (or where the operator may not write) are disabled with the reason; a refusal
 *   from the backend is shown in words.
 * - Attachments load page by page (`page-size`) as the list scrolls, so dialogs with hundreds of
 *   them open at once; new attachments of the dialog appear while the viewer is open.
 * - What the server marks unavailable (expired, removed, withheld from a blocked client) is shown
 *   as such, never as a broken image. File names and types are shown as text only; SVG and other
 *   non-raster files are never rendered inline.
 *
 * Keyboard: the tabs follow the WAI-ARIA tabs pattern (arrows, Home, End); the image grid is one
 * tab stop (arrows, Home, End move between thumbnails, Enter opens); the large view and the
 * forward window are modal `<dialog>`s that keep focus inside and return it on close.
 *
 * Used inside `<chat-window>` ("Show attachments") or alone:
 * `<attachment-viewer dialog-id="dlg-0015"></attachment-viewer>` inside a `<chat-provider>`.
 *
 * @summary Images and files of a dialog: tabs, large view, save and forward.
 *
 * @fires {CustomEvent<AttachmentViewerCloseDetail>} attachment-viewer-close - The "Close" button was pressed; the host closes its window. `detail.dialogId`.
 * @fires {CustomEvent<AttachmentForwardDetail>} attachment-forward - An attachment was forwarded. `detail`: `{ attachmentId, toDialogId, messageId }`.
 * @fires {CustomEvent<AttachmentSaveDetail>} attachment-save - A "Save" link was followed (the browser downloads the file). `detail`: `{ attachmentId, fileName }`.
 *
 * @csspart base - The whole element.
 * @csspart header - The title bar.
 * @csspart close - The "Close" button.
 * @csspart tabs - The tab list.
 * @csspart tab - One tab ("Images", "Files").
 * @csspart count - A tab's count.
 * @csspart panel - One tab panel (scrolls).
 * @csspart grid - The image grid.
 * @csspart thumbnail - One image tile (also `thumbnail-unavailable` for unavailable ones).
 * @csspart thumbnail-unavailable - A tile of an image that can no longer be shown, besides `thumbnail`.
 * @csspart files - The file table.
 * @csspart file - One file row (also `file-unavailable`).
 * @csspart file-unavailable - The row of a file that can no longer be downloaded, besides `file`.
 * @csspart save - A "Save" link.
 * @csspart forward - A "Forward" button.
 * @csspart empty - An empty or explanatory state.
 * @csspart status - The line announcing a finished forward.
 * @csspart lightbox - The large image view (`<dialog>`).
 * @csspart lightbox-bar - Its top bar (name, sender, date, tools).
 * @csspart lightbox-stage - The area holding the large image.
 * @csspart lightbox-image - The large image.
 * @csspart lightbox-placeholder - Shown instead of an image that cannot be displayed.
 * @csspart forward-dialog - The forward window (`<dialog>`).
 * @csspart forward-list - Its list of dialogs.
 * @csspart forward-target - One dialog in it.
 * @csspart forward-error - Its refusal message.
 * @csspart on-demand - The line shown while the large view or the forward window loads on first open ("Loading…"), or why it (or the tabs, which load when a dialog is first shown) did not, with "Retry".
 *
 * @cssprop [--attachment-viewer-block-size=560px] - Height of the element (the panels scroll inside).
 * @cssprop [--attachment-viewer-thumb-size=112px] - Smallest width of a thumbnail column.
 * @cssprop [--attachment-viewer-gap=var(--chatdesk-space, 8px)] - Space between thumbnails and parts.
 * @cssprop [--attachment-viewer-radius=var(--chatdesk-radius, 8px)] - Corner radius of thumbnails and windows.
 * @cssprop [--attachment-viewer-background=var(--chatdesk-color-bg)] - Background of the element.
 * @cssprop [--attachment-viewer-lightbox-background=var(--chatdesk-color-bg)] - Background of the large view.
 */
export class AttachmentViewer extends ChatdeskElement {
  static override styles = [baseStyles, attachmentViewerStyles];
  static override get properties(): PropertyDeclarations {
    return {
      dialogId: { attribute: 'dialog-id', reflect: true },
      tab: { reflect: true },
      pageSize: { type: Number, attribute: 'page-size' },
      hideClose: { type: Boolean, attribute: 'hide-close' },
      status: { state: true, attribute: false },
    };
  }

  /** The tabs, panels and windows: one chunk for the page, loaded when a viewer first has a dialog to show. */
  private static readonly bodyChunk = new OnDemandChunk(() => import('./viewer-body.js'));

  /** Focus given to the element (or to a window around it) goes to its first control. */
  static override shadowRootOptions: ShadowRootInit = { ...ChatdeskElement.shadowRootOptions, delegatesFocus: true };

  /** The dialog whose attachments are shown (required: without it the element explains what it needs). */
  declare dialogId?: Id;

  /** The tab shown: `image` or `file`. Follows the user's choice. */
  tab: AttachmentTab = 'image';

  /** Attachments fetched per page (each tab loads its first page at once, more while scrolling). */
  pageSize = 40;

  /** Hides the "Close" button (for a viewer placed in a page rather than in a window). */
  hideClose = false;

  private status = '';
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** The tabs and panels, once their chunk is there. */
  private body: ViewerBody | null = null;
  private bodyRequested = false;
  /** A host window opened around the viewer before its tabs were there: the selected tab takes focus when they come. */
  private focusTab = false;

  /** The dialog shown stays loaded (the forward window checks it) even when the list has not loaded it. */
  private readonly retained = new RetainedDialog(this, () => (this.client && this.dialogId ? { client: this.client, dialogId: this.dialogId } : null));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.statusTimer);
  }

  /** The number of images and files, once their first pages loaded (`null` before). */
  get counts(): { image: number | null; file: number | null } {
    return this.body?.counts() ?? { image: null, file: null };
  }

  /** Loads both tabs again from their first page. */
  reload(): void {
    this.body?.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.client;
    if (!this.body && client && this.dialogId && client.$ready.get()) {
      // The class as the chunk registered it (see body-slot.ts), whatever module the import handed back.
      const Body = AttachmentViewer.bodyChunk.value && bodySlot.ViewerBody;
      if (Body) this.body = new Body(this, this.access());
      else if (!this.bodyRequested && !AttachmentViewer.bodyChunk.failed(this)) this.loadBody();
    }
    this.body?.sync();
  }

  private loadBody(): void {
    this.bodyRequested = true;
    void AttachmentViewer.bodyChunk.request(this).then(() => (this.bodyRequested = false));
  }

  private access(): ViewerAccess {
    return {
      use: (store) => this.use(store),
      t: (key, params) => this.tr(m, key, params),
      tc: (key, params) => this.tc(key, params),
      errorText: (e) => this.errorText(e),
      emit: (type, detail) => this.emit(type, detail),
      announce: (text) => {
        this.status = text;
        clearTimeout(this.statusTimer);
        this.statusTimer = setTimeout(() => (this.status = ''), 10_000);
      },
    };
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    // A host that opened a modal window around the viewer before it rendered leaves focus on the
    // window itself: move it to the viewer's first control (the selected tab, else "Close"; the
    // tab once it is there).
    const dialog = enclosingDialog(this);
    if (dialog?.matches(':modal') && (dialog.getRootNode() as Document | ShadowRoot).activeElement === dialog) {
      this.focusTab = !this.focusSelectedTab();
      if (this.focusTab) this.focus();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.focusTab || !this.renderRoot.querySelector('[role="tab"]')) return;
    this.focusTab = false;
    // Only if focus is still where the first update put it (the window, or the viewer's "Close").
    const dialog = enclosingDialog(this);
    const active = dialog && (dialog.getRootNode() as Document | ShadowRoot).activeElement;
    if (active === dialog || active === this) this.focusSelectedTab();
  }

  private focusSelectedTab(): boolean {
    const tab = this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
    tab?.focus();
    return !!tab;
  }

  private close(): void {
    this.emit<AttachmentViewerCloseDetail>('attachment-viewer-close', { dialogId: this.dialogId ?? null });
  }

  protected override render(): TemplateResult {
    const client = this.client;
    const dialogId = this.dialogId;
    const ready = client ? this.use(client.$ready) : false;
    const dialog = client && dialogId ? this.use(client.$dialogs).get(dialogId) : undefined;
    const channel = client && dialog ? this.use(client.$channelsById).get(dialog.channelId) : undefined;
    const subtitle = dialog ? [dialog.title, channel?.name].filter(Boolean).join(' · ') : '';
    const t = (key: 'title' | 'noDialog' | 'noDialogHint') => this.tr(m, key);
    const body = this.body && client && dialogId && ready ? this.body : null;
    return html`<section class="root" part="base" aria-labelledby="av-title">
      <header class="head" part="header">
        <div class="head-text">
          <h2 id="av-title" class="title">${t('title')}</h2>
          ${subtitle ? html`<p class="subtitle" dir="auto">${subtitle}</p>` : nothing}
        </div>
        ${
          this.hideClose
            ? nothing
            : html`<button type="button" class="icon-button" part="close" aria-label=${this.tc('close')} title=${this.tc('close')} data-action="close" @click=${() => this.close()}>
              ${icons.x}
            </button>`
        }
      </header>
      ${
        !dialogId
          ? this.renderExplain(t('noDialog'), t('noDialogHint'))
          : !client
            ? this.renderExplain(this.tc('notConnected'), '')
            : body
              ? body.render(client, dialogId)
              : ready && AttachmentViewer.bodyChunk.failed(this)
                ? this.renderFailed()
                : html`<p class="state" role="status">${this.tc('loading')}</p>`
      }
      <p class="status" role="status" part="status">${this.status}</p>
      ${body ? body.renderWindows() : nothing}
    </section>`;
  }

  private renderExplain(title: string, hint: string): TemplateResult {
    return html`<div class="empty" part="empty">
      ${icons.attachments}
      <p class="empty-title">${title}</p>
      ${hint ? html`<p class="empty-hint">${hint}</p>` : nothing}
    </div>`;
  }

  /** The tabs' chunk did not load: why, and "Retry" (which loads it again). */
  private renderFailed(): TemplateResult {
    return html`<div class="empty error" part="empty on-demand" role="alert">
      ${icons.warning}
      <p class="empty-title">${this.tc('error.unavailable')}</p>
      <button type="button" class="button" @click=${() => this.loadBody()}>${this.tc('retry')}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'attachment-viewer': AttachmentViewer;
  }
  interface GlobalEventHandlersEventMap {
    /** `<attachment-viewer>`: its "Close" button was pressed. */
    'attachment-viewer-close': CustomEvent<AttachmentViewerCloseDetail>;
    /** `<attachment-viewer>`: an attachment was forwarded into a dialog. */
    'attachment-forward': CustomEvent<AttachmentForwardDetail>;
    /** `<attachment-viewer>`: an attachment's "Save" link was followed. */
    'attachment-save': CustomEvent<AttachmentSaveDetail>;
  }
}
