/**
 * The body of `<attachment-viewer>` (H6): the two tabs with their pages, the image grid and the
 * file table, and the windows they open. Loaded on demand (its own chunk, with its styles) when a
 * viewer first has a dialog to show: a page that never opens "Show attachments" does not pay for it.
 * The element keeps its title bar, its explanations and the "Close" button (attachment-viewer.ts).
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ReadableAtom } from 'nanostores';
import type { ChatClient } from '../../sdk/client.js';
import type { Author, Id } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import { directoryOf, displayName, displayNameText } from '../../sdk/session/names.js';
import { formatDate, formatDateTime, formatNumber, type Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { adoptChunkStyles } from '../internal/on-demand.js';
import type { AttachmentForwardDetail, AttachmentSaveDetail, AttachmentTab } from './attachment-viewer.js';
import type { AttachmentViewerKey } from './attachment-viewer.messages.js';
import { attachmentViewerStylesFiles } from './attachment-viewer.files.styles.js';
import { bodySlot } from './body-slot.js';
import { sanitizeFileName } from './files.js';
import { AttachmentPages, TABS, type TabData } from './pages.js';
import { renderFileTable, renderTile, tileFocusable, type TileActions } from './panels.js';
import { trapTab, type AttachmentView, type CommonKey } from './view.js';
import { ViewerWindows } from './windows.js';

type Params = Record<string, string | number>;

/** The element as the body sees it: its properties, and its protected helpers handed over. */
export interface ViewerHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client?: ChatClient | undefined;
  readonly dialogId?: Id | undefined;
  readonly pageSize: number;
  readonly currentLocale: Locale;
  tab: AttachmentTab;
}

/** The element's protected helpers (`use`, `tr`, `tc`, `errorText`, `emit`) and its status line. */
export interface ViewerAccess {
  use<T>(store: ReadableAtom<T>): T;
  t(key: AttachmentViewerKey, params?: Params): string;
  tc(key: CommonKey, params?: Params): string;
  errorText(error: unknown): string;
  emit<T>(type: string, detail: T): void;
  announce(text: string): void;
}

export class ViewerBody {
  /** The thumbnail holding the grid's tab stop. */
  private activeTile: Id | null = null;
  private brokenThumbs: ReadonlySet<Id> = new Set();
  private view: AttachmentView | null = null;
  private readonly pages: AttachmentPages;
  /** The large view and the forward window, each loaded on first open (its own chunk). */
  readonly windows: ViewerWindows;
  private readonly tileActions: TileActions = {
    isBroken: (id) => this.brokenThumbs.has(id),
    focused: (id) => this.setActive(id),
    open: (id, trigger) => {
      this.setActive(id);
      this.windows.openImage(id, trigger);
    },
    brokenImage: (id) => {
      this.brokenThumbs = new Set([...this.brokenThumbs, id]);
      this.host.requestUpdate();
    },
  };

  constructor(
    private readonly host: ViewerHost,
    private readonly a: ViewerAccess,
  ) {
    adoptChunkStyles(host, attachmentViewerStylesFiles);
    this.pages = new AttachmentPages(host, {
      pageSize: () => host.pageSize,
      reset: () => {
        this.activeTile = null;
        this.brokenThumbs = new Set();
        this.windows.reset();
      },
    });
    this.windows = new ViewerWindows(host, {
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
  }

  /** The number of images and files, once their first pages loaded (`null` before). */
  counts(): { image: number | null; file: number | null } {
    const n = (t: AttachmentTab) => (this.pages.data[t].phase === 'ready' ? this.pages.data[t].total : null);
    return { image: n('image'), file: n('file') };
  }

  /** Loads both tabs again from their first page. */
  reload(): void {
    this.pages.reload();
  }

  /** Before each update of the element. */
  sync(): void {
    this.pages.sync(this.host.client, this.host.dialogId);
  }

  private setActive(id: Id | null): void {
    this.activeTile = id;
    this.host.requestUpdate();
  }

  private async forward(item: AttachmentItem, toDialogId: Id): Promise<void> {
    const client = this.host.client;
    if (!client) throw new Error('No chat client.');
    const message = await client.forwardAttachment(item.attachment.id, toDialogId);
    const title = client.$dialogs.get().get(toDialogId)?.title ?? toDialogId;
    this.a.announce(this.a.t('forward.done', { name: item.attachment.name, title }));
    this.a.emit<AttachmentForwardDetail>('attachment-forward', { attachmentId: item.attachment.id, toDialogId, messageId: message.id });
  }

  private returnFocus(lastId: Id | null, trigger: HTMLElement | null): void {
    if (lastId) {
      const tile = this.host.renderRoot.querySelector<HTMLElement>(`.thumb[data-id="${CSS.escape(lastId)}"]`);
      if (tile) {
        this.setActive(lastId);
        tile.focus();
        return;
      }
    }
    if (trigger?.isConnected) trigger.focus();
  }

  private selectTab(t: AttachmentTab, focus: boolean): void {
    this.host.tab = t;
    if (focus) void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(`#tab-${t}`)?.focus());
  }

  private rtl(): boolean {
    return getComputedStyle(this.host).direction === 'rtl';
  }

  /** WAI-ARIA tabs: arrows, Home and End move between the tabs and select them. */
  private onTabKeydown(e: KeyboardEvent): void {
    const i = TABS.indexOf(this.host.tab);
    let next: AttachmentTab | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') next = TABS[(i + ((e.key === 'ArrowRight') !== this.rtl() ? 1 : TABS.length - 1)) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    this.selectTab(next, true);
  }

  /** Image grid: one tab stop; arrows, Home and End move between thumbnails. */
  private onGridKeydown(e: KeyboardEvent): void {
    const tiles = [...this.host.renderRoot.querySelectorAll<HTMLElement>('#panel-image .thumb')];
    const current = (e.composedPath()[0] as HTMLElement).closest<HTMLElement>('.thumb');
    const i = current ? tiles.indexOf(current) : -1;
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const top = current!.offsetTop;
    const firstRowEnd = tiles.findIndex((t) => t.offsetTop !== tiles[0]!.offsetTop);
    const perRow = Math.max(1, firstRowEnd === -1 ? tiles.length : firstRowEnd);
    const side = this.rtl() ? -1 : 1;
    const moves: Record<string, number> = { ArrowRight: i + side, ArrowLeft: i - side, ArrowDown: i + perRow, ArrowUp: i - perRow, Home: 0, End: tiles.length - 1 };
    let j = moves[e.key];
    if (j === undefined) return;
    e.preventDefault();
    if (e.key === 'ArrowDown' && j >= tiles.length && tiles[tiles.length - 1]!.offsetTop > top) j = tiles.length - 1;
    const target = tiles[Math.max(0, Math.min(tiles.length - 1, j))];
    if (!target || target === current) return;
    this.setActive(target.dataset['id'] ?? null);
    target.focus();
  }

  /** Who sent a file, by the SDK's one name rule; the signed-in operator is "You". */
  private senderName(client: ChatClient, author: Author): string {
    const { use, tc } = this.a;
    if (author.kind === 'operator' && use(client.$me)?.id === author.id) return tc('you');
    const dialogId = this.host.dialogId;
    const context = author.kind === 'client' ? { client: use(client.$clients).get(author.id), dialog: dialogId ? use(client.$dialogs).get(dialogId) : undefined } : {};
    const n = displayName(author, use(directoryOf(client).$names), context);
    return displayNameText(n, (f) => tc(f === 'bot' || f === 'system' ? f : f === 'former_operator' ? 'formerOperator' : 'unknown'));
  }

  private makeView(client: ChatClient, dialogId: Id): AttachmentView {
    const locale = this.host.currentLocale;
    const { use, t, tc, errorText, emit } = this.a;
    return {
      locale,
      t,
      tc,
      errorText,
      senderName: (item) => this.senderName(client, item.author),
      date: (ts) => formatDate(locale, ts, client.now()),
      dateTime: (ts) => formatDateTime(locale, ts),
      client,
      dialogId,
      me: use(client.$me),
      dialogs: use(client.$dialogs),
      clients: use(client.$clients),
      channels: use(client.$channelsById),
      saved: (item) => emit<AttachmentSaveDetail>('attachment-save', { attachmentId: item.attachment.id, fileName: sanitizeFileName(item.attachment.name) }),
      openForward: (item, trigger) => this.windows.openForward(() => this.view, item, trigger),
      trapTab,
    };
  }

  /** The tabs and their panels. */
  render(client: ChatClient, dialogId: Id): TemplateResult {
    this.view = this.makeView(client, dialogId);
    const { t } = this.a;
    return html`<div class="tabs" role="tablist" aria-label=${t('tabs')} part="tabs" @keydown=${(e: KeyboardEvent) => this.onTabKeydown(e)}>
        ${TABS.map((k) => {
          const selected = this.host.tab === k;
          const d = this.pages.data[k];
          return html`<button
            type="button"
            role="tab"
            id=${`tab-${k}`}
            class="tab"
            part="tab"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls=${`panel-${k}`}
            tabindex=${selected ? '0' : '-1'}
            @click=${() => this.selectTab(k, false)}
          >
            ${k === 'image' ? icons.attachments : icons.file}
            <span>${t(`tab.${k}`)}</span>
            <span class="count" part="count">${d.phase === 'ready' ? formatNumber(this.host.currentLocale, d.total) : d.phase === 'loading' ? '…' : ''}</span>
          </button>`;
        })}
      </div>
      ${TABS.map((k) => this.renderPanel(k))}`;
  }

  /** The windows once loaded, and the busy line or the failure of the one being opened. */
  renderWindows(): TemplateResult | typeof nothing {
    const { tc } = this.a;
    return this.view ? this.windows.render(this.view, { loading: tc('loading'), failed: tc('error.unavailable'), retry: tc('retry') }) : nothing;
  }

  private renderPanel(k: AttachmentTab): TemplateResult {
    const d = this.pages.data[k];
    const { t, tc, errorText } = this.a;
    let body: TemplateResult;
    if (d.phase === 'error') {
      body = html`<div class="empty error" part="empty" role="alert">
        ${icons.warning}
        <p class="empty-title">${t('loadError')}</p>
        <p class="empty-hint">${errorText(d.error)}</p>
        <button type="button" class="button" @click=${() => void this.pages.loadFirst(k)}>${tc('retry')}</button>
      </div>`;
    } else if (d.phase !== 'ready') {
      body = html`<p class="state" role="status">${tc('loading')}</p>`;
    } else if (d.items.length === 0) {
      body = html`<div class="empty" part="empty">
        ${icons.attachments}
        <p class="empty-title">${t(`empty.${k}`)}</p>
        <p class="empty-hint">${t('emptyHint')}</p>
      </div>`;
    } else {
      body = html`${k === 'image' ? this.renderGrid(d) : renderFileTable(this.view!, d.items)} ${this.renderFooter(k, d)}`;
    }
    return html`<div
      class="panel"
      part="panel"
      role="tabpanel"
      id=${`panel-${k}`}
      aria-labelledby=${`tab-${k}`}
      aria-busy=${d.phase === 'loading' || d.loadingMore ? 'true' : 'false'}
      tabindex="0"
      ?hidden=${this.host.tab !== k}
    >
      ${body}
    </div>`;
  }

  private renderFooter(k: AttachmentTab, d: TabData): TemplateResult {
    if (d.moreError) {
      return html`<div class="more" role="alert">
        <span>${this.a.errorText(d.moreError)}</span>
        <button type="button" class="button" @click=${() => void this.pages.loadMore(k)}>${this.a.tc('retry')}</button>
      </div>`;
    }
    if (d.cursor !== null) {
      return html`<div class="more sentinel" aria-hidden=${d.loadingMore ? 'false' : 'true'}>${d.loadingMore ? this.a.t('loadingMore') : ''}</div>`;
    }
    return html`<p class="more done">${this.a.t('allShown', { count: d.items.length })}</p>`;
  }

  private renderGrid(d: TabData): TemplateResult {
    const view = this.view!;
    const focusable = d.items.filter((i) => tileFocusable(i));
    const active = focusable.some((i) => i.attachment.id === this.activeTile) ? this.activeTile : (focusable[0]?.attachment.id ?? null);
    return html`<ul class="grid" part="grid" role="list" aria-label=${this.a.t('imagesList')} @keydown=${(e: KeyboardEvent) => this.onGridKeydown(e)}>
      ${repeat(
        d.items,
        (i) => i.attachment.id,
        (i) => renderTile(view, this.tileActions, i, i.attachment.id === active),
      )}
    </ul>`;
  }
}

bodySlot.ViewerBody = ViewerBody;
