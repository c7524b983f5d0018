/**
 * The pages of `<attachment-viewer>`'s two tabs (H6) as a reactive controller: the first page of
 * each when the dialog is shown, the next as the panel scrolls near its end (an observed
 * sentinel), new attachments at the top when the dialog gets messages. Answers for a dialog no
 * longer shown are dropped (a generation count: both tabs load at once).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import type { AttachmentTab } from './attachment-viewer.js';

/** One tab's loaded pages. */
export interface TabData {
  items: AttachmentItem[];
  total: number;
  /** Cursor of the next page; `null` when everything is loaded. */
  cursor: number | null;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  loadingMore: boolean;
  moreError: unknown;
}

/** The tabs, in order. */
export const TABS: readonly AttachmentTab[] = ['image', 'file'];
const emptyTab = (): TabData => ({ items: [], total: 0, cursor: null, phase: 'idle', error: null, loadingMore: false, moreError: null });

/** What the pages need from the viewer. */
export interface PagesDeps {
  pageSize(): number;
  /** Everything shown was dropped (another dialog): the viewer resets what it shows besides. */
  reset(): void;
}

export class AttachmentPages implements ReactiveController {
  /** Each tab's loaded pages. */
  data: Record<AttachmentTab, TabData> = { image: emptyTab(), file: emptyTab() };
  private loadedFor: { client: ChatClient; dialogId: Id } | null = null;
  private generation = 0;
  private seenLastN: number | null = null;
  private observers = new Map<AttachmentTab, { io: IntersectionObserver; target: Element | null }>();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly deps: PagesDeps,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    this.observeSentinels();
  }

  hostDisconnected(): void {
    for (const o of this.observers.values()) o.io.disconnect();
    this.observers.clear();
    // Loading starts again if the element comes back.
    this.loadedFor = null;
    this.generation++;
  }

  /** Loads both tabs again from their first page (at the next update). */
  reload(): void {
    this.loadedFor = null;
    this.host.requestUpdate();
  }

  /** Before each update: starts loading another dialog, or looks for new attachments. */
  sync(client: ChatClient | undefined, dialogId: Id | null | undefined): void {
    const ready = client ? client.$ready.get() : false;
    if (client && ready && dialogId) {
      if (this.loadedFor?.client !== client || this.loadedFor.dialogId !== dialogId) this.startLoading(client, dialogId);
      else this.checkNewAttachments(client, dialogId);
    } else if (this.loadedFor && (!client || !dialogId)) {
      this.reset();
    }
  }

  private reset(): void {
    this.loadedFor = null;
    this.generation++;
    this.data = { image: emptyTab(), file: emptyTab() };
    this.seenLastN = null;
    this.host.requestUpdate();
    this.deps.reset();
  }

  private startLoading(client: ChatClient, dialogId: Id): void {
    this.reset();
    this.loadedFor = { client, dialogId };
    this.seenLastN = client.$dialogs.get().get(dialogId)?.lastN ?? null;
    for (const t of TABS) void this.loadFirst(t);
  }

  private setTab(t: AttachmentTab, patch: Partial<TabData>): void {
    this.data = { ...this.data, [t]: { ...this.data[t], ...patch } };
    this.host.requestUpdate();
  }

  /** Loads the first page of a tab (again, after an error). */
  async loadFirst(t: AttachmentTab): Promise<void> {
    const from = this.loadedFor;
    if (!from) return;
    const gen = this.generation;
    this.setTab(t, { phase: 'loading', error: null });
    try {
      const page = await from.client.listAttachments(from.dialogId, t, undefined, this.deps.pageSize());
      if (gen !== this.generation) return;
      this.setTab(t, { items: page.items, total: page.total, cursor: page.cursor, phase: 'ready', moreError: null });
    } catch (e) {
      if (gen !== this.generation) return;
      this.setTab(t, { phase: 'error', error: e });
    }
  }

  /** Loads the next page of a tab (scrolling, the large view's "next"). */
  async loadMore(t: AttachmentTab): Promise<void> {
    const from = this.loadedFor;
    const d = this.data[t];
    if (!from || d.phase !== 'ready' || d.cursor === null || d.loadingMore) return;
    const gen = this.generation;
    this.setTab(t, { loadingMore: true, moreError: null });
    try {
      const page = await from.client.listAttachments(from.dialogId, t, d.cursor, this.deps.pageSize());
      if (gen !== this.generation) return;
      const cur = this.data[t];
      const known = new Set(cur.items.map((i) => i.attachment.id));
      const added = page.items.filter((i) => !known.has(i.attachment.id));
      this.setTab(t, { items: [...cur.items, ...added], total: page.total, cursor: page.cursor, loadingMore: false });
      await this.host.updateComplete;
      // The sentinel may still be in view (short pages, tall panel): ask the observer again.
      this.observeSentinels(true);
    } catch (e) {
      if (gen !== this.generation) return;
      this.setTab(t, { loadingMore: false, moreError: e });
    }
  }

  /** New messages in the dialog: their attachments are added at the top of the tabs. */
  private checkNewAttachments(client: ChatClient, dialogId: Id): void {
    const dialog = client.$dialogs.get().get(dialogId);
    if (!dialog) return;
    const before = this.seenLastN;
    this.seenLastN = dialog.lastN;
    if (before === null || dialog.lastN <= before) return;
    if (dialog.lastN - before === 1 && !dialog.lastMessage?.attachmentCount) return;
    for (const t of TABS) if (this.data[t].phase === 'ready') void this.refreshHead(t);
  }

  private async refreshHead(t: AttachmentTab): Promise<void> {
    const from = this.loadedFor;
    if (!from) return;
    const gen = this.generation;
    try {
      const page = await from.client.listAttachments(from.dialogId, t, undefined, this.deps.pageSize());
      if (gen !== this.generation) return;
      const cur = this.data[t];
      const known = new Set(cur.items.map((i) => i.attachment.id));
      const added = page.items.filter((i) => !known.has(i.attachment.id));
      if (added.length === 0) {
        this.setTab(t, { total: page.total });
      } else if (added.length >= page.items.length && cur.items.length > 0) {
        // More new ones than a page: start over from the top.
        this.setTab(t, { items: page.items, total: page.total, cursor: page.cursor });
      } else {
        this.setTab(t, { items: [...added, ...cur.items], total: page.total, cursor: cur.cursor === null ? null : cur.cursor + added.length });
      }
    } catch {
      // The next change or a reopen brings them; the list shown stays valid.
    }
  }

  /** Watches each panel's sentinel: in view (or near), the next page loads. */
  private observeSentinels(fresh = false): void {
    if (typeof IntersectionObserver === 'undefined') return;
    for (const t of TABS) {
      const panel = this.host.renderRoot.querySelector<HTMLElement>(`#panel-${t}`);
      const sentinel = panel?.querySelector('.sentinel') ?? null;
      let o = this.observers.get(t);
      if (o && (!panel || o.io.root !== panel)) {
        o.io.disconnect();
        this.observers.delete(t);
        o = undefined;
      }
      if (!panel) continue;
      if (!o) {
        const io = new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.isIntersecting)) void this.loadMore(t);
          },
          { root: panel, rootMargin: '0px 0px 240px 0px' },
        );
        o = { io, target: null };
        this.observers.set(t, o);
      }
      if (o.target !== sentinel || fresh) {
        if (o.target) o.io.unobserve(o.target);
        o.target = sentinel;
        if (sentinel) o.io.observe(sentinel);
      }
    }
  }
}
