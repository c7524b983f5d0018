/**
 * `<attachment-viewer>`: the attachments of one dialog (H6), images and files on two tabs, with
 * a large view of each image (P2), saving to the computer and forwarding into a chat.
 */
import { enclosingDialog } from '../internal/focus.js';
import { RetainedDialog } from '../internal/retained-dialog.js';
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Author, Id } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import { directoryOf, displayName, displayNameText } from '../../sdk/session/names.js';
import { ChatdeskElement } from '../base.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n.js';
import { icons } from '../icons.js';
import { baseStyles } from '../styles.js';
import { attachmentViewerMessages as m, type AttachmentViewerKey } from './attachment-viewer.messages.js';
import { attachmentViewerStyles } from './attachment-viewer.styles.js';
import { sanitizeFileName } from './files.js';
import { AttachmentPages, TABS, type TabData } from './pages.js';
import { renderFileTable, renderTile, tileFocusable, type TileActions } from './panels.js';
import type { AttachmentView } from './view.js';
import { ViewerWindows } from './windows.js';

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
 * @csspart on-demand - The line shown while the large view or the forward window loads on first open ("Loading…"), or why it did not, with "Retry".
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
      activeTile: { state: true, attribute: false },
      brokenThumbs: { state: true, attribute: false },
    };
  }

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
  /** The thumbnail holding the grid's tab stop. */
  private activeTile: Id | null = null;
  private brokenThumbs: ReadonlySet<Id> = new Set();
  private readonly tileActions: TileActions = {
    isBroken: (id) => this.brokenThumbs.has(id),
    focused: (id) => (this.activeTile = id),
    open: (id, trigger) => this.openImage(id, trigger),
    brokenImage: (id) => (this.brokenThumbs = new Set([...this.brokenThumbs, id])),
  };

  private readonly pages: AttachmentPages = new AttachmentPages(this, {
    pageSize: () => this.pageSize,
    reset: () => {
      this.activeTile = null;
      this.brokenThumbs = new Set();
      this.windows.reset();
    },
  });
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private view: AttachmentView | null = null;

  /** The large view and the forward window, each loaded on first open (its own chunk). */
  private readonly windows = new ViewerWindows(this, {
    items: () => this.pages.data.image.items,
    total: () => this.pages.data.image.total,
    hasMore: () => this.pages.data.image.cursor !== null,
    loadMore: async () => {
      await this.pages.loadMore('image');
      return !this.pages.data.image.moreError;
    },
    closed: (lastId, trigger) => this.returnFocus(lastId, trigger),
    forward: (item, to) => this.forward(item, to),
  });

  /** The dialog shown stays loaded (the forward window checks it) even when the list has not loaded it. */
  private readonly retained = new RetainedDialog(this, () => (this.client && this.dialogId ? { client: this.client, dialogId: this.dialogId } : null));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.statusTimer);
  }

  /** The number of images and files, once their first pages loaded (`null` before). */
  get counts(): { image: number | null; file: number | null } {
    const n = (t: AttachmentTab) => (this.pages.data[t].phase === 'ready' ? this.pages.data[t].total : null);
    return { image: n('image'), file: n('file') };
  }

  /** Loads both tabs again from their first page. */
  reload(): void {
    this.pages.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.pages.sync(this.client, this.dialogId);
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    // A host that opened a modal window around the viewer before it rendered leaves focus on the
    // window itself: move it to the viewer's first control (the selected tab, else "Close").
    const dialog = enclosingDialog(this);
    if (dialog?.matches(':modal') && (dialog.getRootNode() as Document | ShadowRoot).activeElement === dialog) {
      const tab = this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
      if (tab) tab.focus();
      else this.focus();
    }
  }

  private async forward(item: AttachmentItem, toDialogId: Id): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('No chat client.');
    const message = await client.forwardAttachment(item.attachment.id, toDialogId);
    const title = client.$dialogs.get().get(toDialogId)?.title ?? toDialogId;
    this.announce(this.tr(m, 'forward.done', { name: item.attachment.name, title }));
    this.emit<AttachmentForwardDetail>('attachment-forward', { attachmentId: item.attachment.id, toDialogId, messageId: message.id });
  }

  private announce(text: string): void {
    this.status = text;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => (this.status = ''), 10_000);
  }

  private close(): void {
    this.emit<AttachmentViewerCloseDetail>('attachment-viewer-close', { dialogId: this.dialogId ?? null });
  }

  private openImage(id: Id, trigger: HTMLElement): void {
    this.activeTile = id;
    this.windows.openImage(id, trigger);
  }

  private returnFocus(lastId: Id | null, trigger: HTMLElement | null): void {
    if (lastId) {
      const tile = this.renderRoot.querySelector<HTMLElement>(`.thumb[data-id="${CSS.escape(lastId)}"]`);
      if (tile) {
        this.activeTile = lastId;
        tile.focus();
        return;
      }
    }
    if (trigger?.isConnected) trigger.focus();
  }

  private selectTab(t: AttachmentTab, focus: boolean): void {
    this.tab = t;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${t}`)?.focus());
  }

  /** WAI-ARIA tabs: arrows, Home and End move between the tabs and select them. */
  private onTabKeydown(e: KeyboardEvent): void {
    const i = TABS.indexOf(this.tab);
    let next: AttachmentTab | undefined;
    const rtl = getComputedStyle(this).direction === 'rtl';
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') next = TABS[(i + ((e.key === 'ArrowRight') !== rtl ? 1 : TABS.length - 1)) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    this.selectTab(next, true);
  }

  /** The grid's thumbnails that take focus, in order. */
  private tiles(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('#panel-image .thumb')];
  }

  /** Image grid: one tab stop; arrows, Home and End move between thumbnails. */
  private onGridKeydown(e: KeyboardEvent): void {
    const tiles = this.tiles();
    const current = (e.composedPath()[0] as HTMLElement).closest<HTMLElement>('.thumb');
    const i = current ? tiles.indexOf(current) : -1;
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const top = current!.offsetTop;
    const perRow = Math.max(1, tiles.findIndex((t) => t.offsetTop !== tiles[0]!.offsetTop) === -1 ? tiles.length : tiles.findIndex((t) => t.offsetTop !== tiles[0]!.offsetTop));
    const rtl = getComputedStyle(this).direction === 'rtl';
    let j = i;
    switch (e.key) {
      case 'ArrowRight':
        j = rtl ? i - 1 : i + 1;
        break;
      case 'ArrowLeft':
        j = rtl ? i + 1 : i - 1;
        break;
      case 'ArrowDown':
        j = i + perRow;
        break;
      case 'ArrowUp':
        j = i - perRow;
        break;
      case 'Home':
        j = 0;
        break;
      case 'End':
        j = tiles.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (e.key === 'ArrowDown' && j >= tiles.length && tiles[tiles.length - 1]!.offsetTop > top) j = tiles.length - 1;
    const target = tiles[Math.max(0, Math.min(tiles.length - 1, j))];
    if (!target || target === current) return;
    this.activeTile = target.dataset['id'] ?? null;
    target.focus();
  }

  /** Who sent a file, by the SDK's one name rule; the signed-in operator is "You". */
  private senderName(author: Author): string {
    const client = this.client;
    if (!client) return this.tc('unknown');
    if (author.kind === 'operator' && this.use(client.$me)?.id === author.id) return this.tc('you');
    const context = author.kind === 'client' ? { client: this.use(client.$clients).get(author.id), dialog: this.dialogId ? this.use(client.$dialogs).get(this.dialogId) : undefined } : {};
    const n = displayName(author, this.use(directoryOf(client).$names), context);
    return displayNameText(n, (f) => this.tc(f === 'bot' || f === 'system' ? f : f === 'former_operator' ? 'formerOperator' : 'unknown'));
  }

  private t(key: AttachmentViewerKey, params?: Record<string, string | number>): string {
    return this.tr(m, key, params);
  }

  private makeView(client: ChatClient, dialogId: Id): AttachmentView {
    const locale = this.currentLocale;
    return {
      locale,
      t: (k, p) => this.t(k, p),
      tc: (k, p) => this.tc(k, p),
      errorText: (e) => this.errorText(e),
      senderName: (item) => this.senderName(item.author),
      date: (ts) => formatDate(locale, ts, client.now()),
      dateTime: (ts) => formatDateTime(locale, ts),
      client,
      dialogId,
      me: this.use(client.$me),
      dialogs: this.use(client.$dialogs),
      clients: this.use(client.$clients),
      channels: this.use(client.$channelsById),
      saved: (item) => this.emit<AttachmentSaveDetail>('attachment-save', { attachmentId: item.attachment.id, fileName: sanitizeFileName(item.attachment.name) }),
      openForward: (item, trigger) => {
        this.windows.openForward(() => this.view, item, trigger);
      },
    };
  }

  protected override render(): TemplateResult {
    const client = this.client;
    const dialogId = this.dialogId;
    const ready = client ? this.use(client.$ready) : false;
    const dialog = client && dialogId ? this.use(client.$dialogs).get(dialogId) : undefined;
    const channel = client && dialog ? this.use(client.$channelsById).get(dialog.channelId) : undefined;
    this.view = client && dialogId ? this.makeView(client, dialogId) : null;
    const subtitle = dialog ? [dialog.title, channel?.name].filter(Boolean).join(' · ') : '';
    return html`<section class="root" part="base" aria-labelledby="av-title">
      <header class="head" part="header">
        <div class="head-text">
          <h2 id="av-title" class="title">${this.t('title')}</h2>
          ${subtitle ? html`<p class="subtitle" dir="auto">${subtitle}</p>` : nothing}
        </div>
        ${
          this.hideClose
            ? nothing
            : html`<button type="button" class="icon-button" part="close" aria-label=${this.t('close')} title=${this.t('close')} data-action="close" @click=${() => this.close()}>
              ${icons.x}
            </button>`
        }
      </header>
      ${
        !dialogId
          ? this.renderExplain(this.t('noDialog'), this.t('noDialogHint'))
          : !client
            ? this.renderExplain(this.tc('notConnected'), '')
            : !ready
              ? html`<p class="state" role="status">${this.tc('loading')}</p>`
              : this.renderTabs()
      }
      <p class="status" role="status" part="status">${this.status}</p>
      ${this.view ? this.windows.render(this.view, { loading: this.tc('loading'), failed: this.tc('error.unavailable'), retry: this.tc('retry') }) : nothing}
    </section>`;
  }

  private renderExplain(title: string, hint: string): TemplateResult {
    return html`<div class="empty" part="empty">
      ${icons.attachments}
      <p class="empty-title">${title}</p>
      ${hint ? html`<p class="empty-hint">${hint}</p>` : nothing}
    </div>`;
  }

  private renderTabs(): TemplateResult {
    return html`<div class="tabs" role="tablist" aria-label=${this.t('tabs')} part="tabs" @keydown=${(e: KeyboardEvent) => this.onTabKeydown(e)}>
        ${TABS.map((t) => {
          const selected = this.tab === t;
          const d = this.pages.data[t];
          return html`<button
            type="button"
            role="tab"
            id=${`tab-${t}`}
            class="tab"
            part="tab"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls=${`panel-${t}`}
            tabindex=${selected ? '0' : '-1'}
            @click=${() => this.selectTab(t, false)}
          >
            ${t === 'image' ? icons.attachments : icons.file}
            <span>${this.t(`tab.${t}`)}</span>
            <span class="count" part="count">${d.phase === 'ready' ? formatNumber(this.currentLocale, d.total) : d.phase === 'loading' ? '…' : ''}</span>
          </button>`;
        })}
      </div>
      ${TABS.map((t) => this.renderPanel(t))}`;
  }

  private renderPanel(t: AttachmentTab): TemplateResult {
    const d = this.pages.data[t];
    const selected = this.tab === t;
    let body: TemplateResult;
    if (d.phase === 'error') {
      body = html`<div class="empty error" part="empty" role="alert">
        ${icons.warning}
        <p class="empty-title">${this.t('loadError')}</p>
        <p class="empty-hint">${this.errorText(d.error)}</p>
        <button type="button" class="button" @click=${() => void this.pages.loadFirst(t)}>${this.tc('retry')}</button>
      </div>`;
    } else if (d.phase !== 'ready') {
      body = html`<p class="state" role="status">${this.tc('loading')}</p>`;
    } else if (d.items.length === 0) {
      body = this.renderExplain(this.t(`empty.${t}`), this.t('emptyHint'));
    } else {
      body = html`${t === 'image' ? this.renderGrid(d) : this.renderFiles(d)} ${this.renderFooter(t, d)}`;
    }
    return html`<div
      class="panel"
      part="panel"
      role="tabpanel"
      id=${`panel-${t}`}
      aria-labelledby=${`tab-${t}`}
      aria-busy=${d.phase === 'loading' || d.loadingMore ? 'true' : 'false'}
      tabindex="0"
      ?hidden=${!selected}
    >
      ${body}
    </div>`;
  }

  private renderFooter(t: AttachmentTab, d: TabData): TemplateResult {
    if (d.moreError) {
      return html`<div class="more" role="alert">
        <span>${this.errorText(d.moreError)}</span>
        <button type="button" class="button" @click=${() => void this.pages.loadMore(t)}>${this.tc('retry')}</button>
      </div>`;
    }
    if (d.cursor !== null) {
      return html`<div class="more sentinel" aria-hidden=${d.loadingMore ? 'false' : 'true'}>${d.loadingMore ? this.t('loadingMore') : ''}</div>`;
    }
    return html`<p class="more done">${this.t('allShown', { count: d.items.length })}</p>`;
  }

  private renderGrid(d: TabData): TemplateResult {
    const view = this.view!;
    const focusable = d.items.filter((i) => tileFocusable(i));
    const active = focusable.some((i) => i.attachment.id === this.activeTile) ? this.activeTile : (focusable[0]?.attachment.id ?? null);
    return html`<ul class="grid" part="grid" role="list" aria-label=${this.t('imagesList')} @keydown=${(e: KeyboardEvent) => this.onGridKeydown(e)}>
      ${repeat(
        d.items,
        (i) => i.attachment.id,
        (i) => renderTile(view, this.tileActions, i, i.attachment.id === active),
      )}
    </ul>`;
  }

  private renderFiles(d: TabData): TemplateResult {
    return renderFileTable(this.view!, d.items);
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
