/**
 * `<client-widget>`: the client block to the right of the chat (W1, W2, C1, C2, H5, L5/T6 tags),
 * and what a CRM places into its client card and order card.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Client, ClientTag, Dialog, Id, Operator, Order } from '../../sdk/model.js';
import { isFullClient } from '../../sdk/rules/clients.js';
import { dialogActions } from '../../sdk/rules/permissions.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { LatestCall } from '../internal/latest-call.js';
import { ModalController } from '../internal/modal.js';
import { baseStyles } from '../styles.js';
import { tagChipStyles } from '../tag-chip.js';
import { clientWidgetMessages as m, type ClientWidgetKey } from './client-widget.messages.js';
import { clientWidgetStyles } from './client-widget.styles.js';
import { ClientTags } from './client-tags.js';
import {
  hostTitle,
  slottedSections,
  widgetRegistry,
  type ClientWidgetDefinition,
  type ClientWidgetRenderContext,
  type HostSection,
} from './host-widgets.js';
import { channelLabel, renderAnalytics, renderOrders, renderProfile, renderSource, type SectionContext } from './sections.js';
import {
  BUILT_IN_SECTIONS,
  defaultLayout,
  defaultWidgetSettingsStore,
  moveSection,
  normalizeLayout,
  presentSections,
  sameLayout,
  setSectionVisible,
  type SectionId,
  type WidgetLayout,
  type WidgetSettingsStore,
} from './widget-settings.js';

export type { ClientWidgetContent, ClientWidgetDefinition, ClientWidgetRenderContext } from './host-widgets.js';
export type { SectionId, WidgetLayout, WidgetLayoutEntry, WidgetSettingsStore } from './widget-settings.js';

/** What the block shows: everything (`full`), or the source and orders alone for an order card (`order`). */
export type ClientWidgetMode = 'full' | 'order';

/** Supplies a client's orders from the CRM (C2). */
export type OrderProvider = (client: Client) => Promise<Order[]>;

/** Detail of `client-detach`. */
export interface ClientDetachDetail {
  dialogId: Id;
  clientId: Id;
}

/** Detail of `client-tags-change`. */
export interface ClientTagsChangeDetail {
  clientId: Id;
  /** The client's tags after the change. */
  tags: ClientTag[];
  /** What the operator did. */
  action: 'add' | 'remove' | 'pin' | 'unpin';
  tagId: Id;
}

type BuiltIn = (typeof BUILT_IN_SECTIONS)[number];

/** What the block is showing, resolved from the attributes and the stores. */
type View =
  | { kind: 'no-sdk' }
  | { kind: 'not-ready' }
  | { kind: 'no-dialog' }
  | { kind: 'dialog-missing' }
  | { kind: 'client-missing' }
  | { kind: 'no-client'; dialog: Dialog }
  | { kind: 'client'; client: Client; dialog: Dialog | null };

type OrdersState = { key: string; status: 'loading' } | { key: string; status: 'ok'; orders: Order[] } | { key: string; status: 'error'; error: unknown };

/**
 * The client block of the inbox (right of `<chat-window>`), and the client or order card a CRM
 * embeds.
 *
 * - **Sections** (W1): Profile (name, avatar, contacts per channel, blocked state), Source (C1:
 *   channel, campaign, UTM, referrer, landing page, first contact), Orders (C2: number, status,
 *   total, date; orders the bot created show their source), Tags (add, remove, pin, unpin; pinned
 *   ones show under the name in the dialog list, L5/T6), Analytics (visits, pages viewed... where
 *   the channel supplies them; unavailable after a detach, H5), and host widgets. "Widget settings"
 *   shows, hides and reorders them (checkboxes, Move up / Move down: keyboard first); the choice is
 *   kept per operator in `settingsStore` (`localStorage` by default).
 * - **Detach client** (W2, H5): after a modal confirmation the dialog loses its client (the
 *   client is not deleted); the block then says the dialog has no client, and the analytics are
 *   gone. Offered only to who may manage the dialog, with the reason otherwise.
 * - **What it shows**: the client of `dialog-id`; or of the dialog open in the inbox
 *   (`client.$activeDialogId`) when neither `dialog-id` nor `client-id` is given; or the client
 *   `client-id` directly (a CRM client card). `mode="order"` shows the source and the orders alone,
 *   for an order card (`order-id` narrows the orders to one).
 * - **Host widgets**: `ClientWidget.registerWidget({ id, title, render })` (page-wide) or the
 *   `widgets` property (this element) add sections rendered from the client and dialog; children
 *   with `slot="widget:<id>"` and `data-title` become sections too. Both take part in the settings.
 *
 * @summary The client block: profile, source, orders, tags, analytics, host widgets; settings and detach.
 *
 * @fires {CustomEvent<ClientDetachDetail>} client-detach - The client was detached from the dialog (W2/H5). Detail: `{ dialogId, clientId }`.
 * @fires {CustomEvent<ClientTagsChangeDetail>} client-tags-change - The operator changed the client's tags and the backend accepted. Detail: `{ clientId, tags, action, tagId }`.
 * @fires {CustomEvent<WidgetLayout>} widget-settings-change - The operator changed which sections show or their order (W1). Detail: the new `WidgetLayout`.
 *
 * @slot widget:<id> - A host widget: each child with `slot="widget:<id>"` becomes the section `<id>`, titled by its `data-title` (`data-title-es`, `data-title-ru`... per language).
 *
 * Keyboard: every control is in the Tab order; `focusHeading()` puts focus on the block's title
 * (what `<chat-inbox>` does when F6 or "Client" brings the block up).
 *
 * @csspart base - The whole block.
 * @csspart header - The title bar with the "Detach client" and "Widget settings" buttons.
 * @csspart title - The block's title.
 * @csspart detach-button - The "Detach client" button.
 * @csspart settings-button - The "Widget settings" button.
 * @csspart detach-reason - Why "Detach client" is not offered.
 * @csspart settings - The settings panel.
 * @csspart notice - A state message (no dialog, no client, not available...).
 * @csspart sections - The list of sections.
 * @csspart section - Every section (also `section-<id>`).
 * @csspart section-heading - A section's heading.
 * @csspart section-body - A section's content.
 * @csspart avatar - The client's photo or initials.
 * @csspart name - The client's name.
 * @csspart blocked - The "Blocked" badge (H4).
 * @csspart contacts - The contacts list.
 * @csspart source - The source's fields (C1).
 * @csspart orders - The orders list.
 * @csspart order - One order.
 * @csspart order-source - The source of a bot-created order (C2).
 * @csspart tags - The tag list.
 * @csspart tag - A tag chip in its colour.
 * @csspart analytics - The analytics' fields.
 * @csspart dialog - The detach confirmation (`<dialog>`).
 *
 * @cssprop [--client-widget-padding=12px] - Inner padding of the header and the sections.
 * @cssprop [--client-widget-gap=var(--chatdesk-space, 8px)] - Space between the sections.
 * @cssprop [--client-widget-radius=var(--chatdesk-radius, 8px)] - Corner radius of sections, panels and chips.
 * @cssprop [--client-widget-section-background=var(--chatdesk-color-bg)] - Background of a section.
 * @cssprop [--client-widget-background=var(--chatdesk-color-surface)] - Background of the block behind the sections.
 * @cssprop [--client-widget-avatar-size=48px] - Size of the client's avatar.
 * @cssprop --chatdesk-color-tag-text-dark - Text on light tag colours.
 * @cssprop --chatdesk-color-tag-text-light - Text on dark tag colours.
 */
export class ClientWidget extends ChatdeskElement {
  static override styles = [baseStyles, tagChipStyles, clientWidgetStyles];

  /**
   * Adds a host widget to every client block on the page (W1: it takes part in show, hide and
   * reorder). Registering an id again replaces the widget. Returns a function that removes it.
   *
   * ```js
   * ClientWidget.registerWidget({
   *   id: 'crm-notes',
   *   title: (locale) => ({ en: 'Notes', es: 'Notas', ru: 'Заметки' })[locale],
   *   render: ({ client }) => html`<p>${client?.name}</p>`,
   * });
   * ```
   */
  static registerWidget(definition: ClientWidgetDefinition): () => void {
    return widgetRegistry.register(definition);
  }

  /** The host widgets registered with {@link ClientWidget.registerWidget}, in order. */
  static get registeredWidgets(): readonly ClientWidgetDefinition[] {
    return widgetRegistry.all;
  }

  /**
   * The dialog whose client to show. When neither this nor `client-id` is given, the block
   * follows the dialog open in the inbox (`client.$activeDialogId`, set by `<dialog-list>`).
   */
  @property({ attribute: 'dialog-id' })
  dialogId?: Id;

  /**
   * Show this client directly (a CRM client card); it must be among `client.$clients`. With
   * `dialog-id` too, "Detach client" acts on that dialog.
   */
  @property({ attribute: 'client-id' })
  clientId?: Id;

  /** `full` (default): every section and the settings. `order`: the source and the orders alone, for an order card. */
  @property({ reflect: true })
  mode: ClientWidgetMode = 'full';

  /** In `order` mode, show only this order (the order card's own). */
  @property({ attribute: 'order-id' })
  orderId?: Id;

  /**
   * Supplies the client's orders from the CRM (C2), since orders live there. Default: the
   * `orders` of the client record the backend sends. The block shows a loading state while it
   * runs and the error (with Retry) when it rejects; it runs again when the client changes.
   */
  @property({ attribute: false })
  orderProvider?: OrderProvider;

  /**
   * Where each operator's section layout is kept (W1). Default: `localStorage`, keyed by
   * operator id. Give your own to keep it in the CRM.
   */
  @property({ attribute: false })
  settingsStore: WidgetSettingsStore = defaultWidgetSettingsStore;

  /** Host widgets of this element only (besides those of `ClientWidget.registerWidget`; same id: this one wins). */
  @property({ attribute: false })
  widgets: ClientWidgetDefinition[] = [];

  /** The heading level of the block's title (2 by default); section headings are one level below. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** The stored layout of the signed-in operator (`null`: the defaults). */
  @state() private stored: WidgetLayout | null = null;
  /** Whose layout `stored` is; `undefined` until loaded. */
  @state() private layoutOwner: Id | undefined;
  @state() private settingsOpen = false;
  @state() private settingsError = '';
  @state() private announcement = '';
  /** The dialog and client the detach confirmation is about, while it is open. */
  @state() private confirmFor: { dialog: Dialog; customer: Client } | null = null;
  @state() private detachBusy = false;
  @state() private detachError = '';
  /** A detach that failed after its confirmation was closed. */
  @state() private actionError = '';
  @state() private ordersState: OrdersState | null = null;
  @state() private slotted: HostSection[] = [];
  @state() private registryVersion = 0;

  private view: View = { kind: 'no-sdk' };
  private loadingFor: { operatorId: Id; store: WidgetSettingsStore } | null = null;
  private readonly layoutCall = new LatestCall();
  private unsubscribeStore: (() => void) | null = null;
  private readonly ordersCall = new LatestCall();
  private ordersFor: { key: string; provider: OrderProvider } | null = null;
  /** After a reorder: the row and button to keep focus on. */
  private refocus: { id: SectionId; dir: 'up' | 'down' } | null = null;
  /** The detach confirmation (H5): `showModal`, then focus back to its trigger. */
  private readonly modal = new ModalController(this, () => this.renderRoot?.querySelector<HTMLDialogElement>('dialog.confirm'));
  private readonly tags: ClientTags = new ClientTags(this, {
    t: (key, params) => this.t(key, params),
    errorText: (e) => this.errorText(e),
    say: (text) => this.say(text),
    changed: (detail) => this.emit<ClientTagsChangeDetail>('client-tags-change', detail),
  });
  private observer: MutationObserver | null = null;
  private readonly onRegistry = () => {
    this.registryVersion++;
  };

  /** The section layout in use: the operator's, fitted to the sections present. */
  get layout(): WidgetLayout {
    return normalizeLayout(this.stored, this.knownSections());
  }

  /**
   * Applies a layout as if the operator had chosen it in the settings: it is kept in
   * `settingsStore` and `widget-settings-change` fires.
   */
  setLayout(layout: WidgetLayout): void {
    this.commit(normalizeLayout(layout, this.knownSections()));
  }

  /**
   * Moves focus to the block's heading (or, in an order card, to its first section or notice), as
   * `<chat-inbox>` does when the block opens as a pane or a drawer. Returns whether focus moved.
   */
  focusHeading(): boolean {
    const target = this.renderRoot.querySelector<HTMLElement>('.header .title, .section-heading, .notice');
    if (!target) return false;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    return this.shadowRoot?.activeElement === target;
  }

  /** Runs `orderProvider` again (e.g. after the CRM changed an order). */
  reloadOrders(): void {
    this.ordersFor = null;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    widgetRegistry.addEventListener('change', this.onRegistry);
    this.observer = new MutationObserver(() => this.readSlotted());
    this.observer.observe(this, { childList: true, subtree: true, attributes: true, attributeFilter: ['slot', 'data-title', 'data-title-en', 'data-title-es', 'data-title-ru'] });
    this.readSlotted();
    // Back in the page: listen to the layout again.
    if (this.loadingFor === null && this.layoutOwner !== undefined) this.layoutOwner = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    widgetRegistry.removeEventListener('change', this.onRegistry);
    this.observer?.disconnect();
    this.observer = null;
    this.unsubscribeStore?.();
    this.unsubscribeStore = null;
    this.loadingFor = null;
    this.held?.release();
    this.held = null;
    this.asked.clear();
  }

  private readSlotted(): void {
    const next = slottedSections(this);
    const same = next.length === this.slotted.length && next.every((s, i) => JSON.stringify(s) === JSON.stringify(this.slotted[i]));
    if (!same) this.slotted = next;
  }

  // ------------------------------------------------------------------ what to show

  private t(key: ClientWidgetKey, params?: Record<string, string | number>): string {
    return this.tr(m, key, params);
  }

  private resolve(client: ChatClient | undefined): View {
    if (!client) return { kind: 'no-sdk' };
    if (!this.use(client.$ready)) return { kind: 'not-ready' };
    const dialogs = this.use(client.$dialogs);
    const clients = this.use(client.$clients);
    const dialogId = this.dialogId || (this.clientId ? null : this.use(client.$activeDialogId));
    const dialog = dialogId ? (dialogs.get(dialogId) ?? null) : null;
    if (this.clientId) {
      const c = clients.get(this.clientId);
      if (isFullClient(c)) return { kind: 'client', client: c, dialog };
      // The list holds a summary of the client at most: the whole record is asked for, and kept while shown.
      return this.load(client, { clientId: this.clientId }) ? { kind: 'not-ready' } : { kind: 'client-missing' };
    }
    if (!dialogId) return { kind: 'no-dialog' };
    if (!dialog) return this.load(client, { dialogId }) ? { kind: 'not-ready' } : { kind: 'dialog-missing' };
    if (dialog.clientId === null) return { kind: 'no-client', dialog };
    const c = clients.get(dialog.clientId);
    if (isFullClient(c)) return { kind: 'client', client: c, dialog };
    return this.load(client, { dialogId: dialog.id }) ? { kind: 'not-ready' } : { kind: 'client-missing' };
  }

  /** Dialogs and clients whose whole record was asked for: once each, so a failure shows instead of looping. */
  private readonly asked = new Set<string>();

  /** What this widget loaded, kept in the SDK's working set while shown (the list may not hold it). */
  private held: { release: () => void } | null = null;

  /**
   * Asks the SDK for a dialog with its whole client (or a client by id), and keeps it loaded while
   * shown; answers whether the answer is still to come.
   */
  private load(client: ChatClient, what: { dialogId: Id } | { clientId: Id }): boolean {
    const key = 'dialogId' in what ? `d:${what.dialogId}` : `c:${what.clientId}`;
    if (this.asked.has(key)) return false;
    this.asked.add(key);
    this.held?.release();
    const { loaded, release } = 'dialogId' in what ? client.retainDialog(what.dialogId) : client.retainClient(what.clientId);
    this.held = { release };
    void loaded.then(
      () => {
        this.asked.delete(key);
        this.requestUpdate();
      },
      () => this.requestUpdate(),
    );
    return true;
  }

  /** Host sections present now: registered page-wide, then this element's, then slotted. */
  private hostSections(): HostSection[] {
    void this.registryVersion;
    const defs = new Map<string, ClientWidgetDefinition>();
    for (const d of widgetRegistry.all) defs.set(d.id, d);
    for (const d of this.widgets) {
      try {
        if (!BUILT_IN_SECTIONS.includes(d.id as BuiltIn) && d.id && typeof d.render === 'function') defs.set(d.id, d);
      } catch {
        // A malformed definition is left out.
      }
    }
    const out: HostSection[] = [...defs.values()].map((def) => ({ kind: 'registered', id: def.id, def }));
    for (const s of this.slotted) if (!defs.has(s.id)) out.push(s);
    return out;
  }

  private knownSections(): SectionId[] {
    return [...BUILT_IN_SECTIONS, ...this.hostSections().map((s) => s.id)];
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.client;
    this.view = this.resolve(client);
    const me = client ? this.use(client.$me) : null;
    this.syncLayout(me);
    this.syncOrders();
    // The block moved to another dialog (or the client went elsewhere) while confirming: drop it.
    const cf = this.confirmFor;
    if (cf && !this.detachBusy && (this.view.kind !== 'client' || this.view.dialog?.id !== cf.dialog.id || this.view.client.id !== cf.customer.id)) this.confirmFor = null;
  }

  /** Loads the signed-in operator's layout when the operator or the store changes. */
  private syncLayout(me: Operator | null): void {
    const store = this.settingsStore;
    if (!me) return;
    if (this.loadingFor?.operatorId === me.id && this.loadingFor.store === store) return;
    this.loadingFor = { operatorId: me.id, store };
    this.unsubscribeStore?.();
    this.unsubscribeStore =
      store.subscribe?.(me.id, (layout) => {
        if (this.loadingFor?.operatorId === me.id && this.loadingFor.store === store && !(this.stored && sameLayout(this.stored, layout))) this.stored = layout;
      }) ?? null;
    this.settingsError = '';
    this.layoutCall.run(
      () => store.load(me.id),
      (layout) => {
        this.stored = layout;
        this.layoutOwner = me.id;
      },
      () => {
        this.stored = null;
        this.layoutOwner = me.id;
        this.settingsError = this.t('settings.loadFailed');
      },
    );
  }

  /** Runs the order provider when the client (or the provider) changes. */
  private syncOrders(): void {
    const provider = this.orderProvider;
    const v = this.view;
    if (!provider || v.kind !== 'client') {
      this.ordersFor = null;
      if (this.ordersState) this.ordersState = null;
      return;
    }
    const key = v.client.id;
    if (this.ordersFor?.key === key && this.ordersFor.provider === provider) return;
    this.ordersFor = { key, provider };
    this.ordersState = { key, status: 'loading' };
    const record = v.client;
    this.ordersCall.run(
      () => provider(record),
      (orders) => (this.ordersState = { key, status: 'ok', orders: Array.isArray(orders) ? orders : [] }),
      (error) => (this.ordersState = { key, status: 'error', error }),
    );
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.refocus) {
      const { id, dir } = this.refocus;
      this.refocus = null;
      const row = [...this.renderRoot.querySelectorAll<HTMLElement>('.settings-row')].find((r) => r.dataset['id'] === id);
      const want = row?.querySelector<HTMLButtonElement>(`button[data-move="${dir}"]`);
      const other = row?.querySelector<HTMLButtonElement>(`button[data-move="${dir === 'up' ? 'down' : 'up'}"]`);
      (want && !want.disabled ? want : other)?.focus();
    }
  }

  // ------------------------------------------------------------------ settings (W1)

  private commit(next: WidgetLayout, announcement?: string): void {
    const me = this.client?.$me.get();
    this.stored = next;
    if (announcement) this.say(announcement);
    this.emit<WidgetLayout>('widget-settings-change', next);
    if (!me) return;
    const store = this.settingsStore;
    this.settingsError = '';
    void Promise.resolve()
      .then(() => store.save(me.id, next))
      .catch((e: unknown) => {
        if (this.stored === next) this.settingsError = this.t('settings.saveFailed', { reason: this.errorText(e) });
      });
  }

  private say(text: string): void {
    // A change of text is what a live region announces: clear it first when the text repeats.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private sectionTitle(id: SectionId): string {
    if ((BUILT_IN_SECTIONS as readonly string[]).includes(id)) return this.t(`section.${id as BuiltIn}`);
    const host = this.hostSections().find((s) => s.id === id);
    return host ? hostTitle(host, this.currentLocale) : id;
  }

  private onMove(id: SectionId, dir: 'up' | 'down'): void {
    const known = this.knownSections();
    const before = this.layout;
    const next = moveSection(before, id, dir === 'up' ? -1 : 1, known);
    if (next === before) return;
    const present = presentSections(next, known);
    const position = present.findIndex((s) => s.id === id) + 1;
    this.refocus = { id, dir };
    this.commit(next, this.t('settings.moved', { name: this.sectionTitle(id), position, count: present.length }));
  }

  private onToggleSection(id: SectionId, visible: boolean): void {
    const next = setSectionVisible(this.layout, id, visible);
    this.commit(next, this.t(visible ? 'settings.shown' : 'settings.hidden', { name: this.sectionTitle(id) }));
  }

  private onResetLayout(): void {
    const known = this.knownSections();
    // Sections of other pages keep their entries (shown), at the end.
    const absent = this.layout.sections.filter((s) => !known.includes(s.id)).map((s) => ({ id: s.id, visible: true }));
    this.commit({ sections: [...defaultLayout(known).sections, ...absent] }, this.t('settings.resetDone'));
  }

  private toggleSettings(open = !this.settingsOpen): void {
    this.settingsOpen = open;
    if (!open) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button.settings-button')?.focus());
    } else {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.settings input')?.focus());
    }
  }

  private onSettingsKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.toggleSettings(false);
    }
  }

  // ------------------------------------------------------------------ detach (W2, H5)

  private openConfirm(e: Event, dialog: Dialog, customer: Client): void {
    this.detachError = '';
    this.actionError = '';
    this.confirmFor = { dialog, customer };
    void this.modal.show(e.currentTarget instanceof HTMLElement ? e.currentTarget : null);
  }

  private closeConfirm(): void {
    const dlg = this.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm');
    if (dlg?.open) dlg.close();
    this.finishConfirm();
  }

  /** The confirmation closed (Cancel, Escape, or done): focus goes back to the trigger, or to the notice that replaced it. */
  private finishConfirm(): void {
    if (!this.confirmFor) return;
    this.confirmFor = null;
    this.detachError = '';
    this.modal.closed(() => this.renderRoot.querySelector<HTMLElement>('.notice[tabindex]')?.focus());
  }

  private readonly onConfirmClosed = (): void => this.finishConfirm();

  private async onConfirmDetach(): Promise<void> {
    const client = this.client;
    const target = this.confirmFor;
    if (!client || !target || this.detachBusy) return;
    this.detachBusy = true;
    this.detachError = '';
    try {
      await client.detach(target.dialog.id);
      this.say(this.t('detach.done'));
      this.emit<ClientDetachDetail>('client-detach', { dialogId: target.dialog.id, clientId: target.customer.id });
      this.detachBusy = false;
      this.closeConfirm();
    } catch (e) {
      // Said in the confirmation, or under the title when it was closed meanwhile.
      if (this.confirmFor === target) this.detachError = this.errorText(e);
      else this.actionError = this.errorText(e);
    } finally {
      this.detachBusy = false;
    }
  }

  /** Why detach is not offered (H5: only an administrator, the responsible operator, or anyone on an unassigned dialog). */
  private detachReason(client: ChatClient, dialog: Dialog): string {
    const a = dialog.assignee;
    if (a?.kind === 'bot') {
      const name = this.use(client.$bots).find((b) => b.id === a.id)?.name ?? this.tc('bot');
      return this.t('detach.why.bot', { name });
    }
    const name = (a && this.use(client.$operators).find((o) => o.id === a.id)?.name) || this.tc('unknown');
    return this.t('detach.why.operator', { name });
  }

  // ------------------------------------------------------------------ tags (L5, T6)

  // ------------------------------------------------------------------ render

  private sectionContext(client: ChatClient): SectionContext {
    return { locale: this.currentLocale, t: (k, p) => this.t(k, p), channels: this.use(client.$channelsById) };
  }

  private renderSection(id: SectionId, title: string, body: unknown, extra: unknown = nothing): TemplateResult {
    const hid = `section-${id}-title`;
    return html`<section class="section" part="section section-${id}" data-section=${id} aria-labelledby=${hid}>
      <div class="section-heading" part="section-heading" role="heading" aria-level=${this.level(1)} id=${hid}>${title}${extra}</div>
      <div class="section-body" part="section-body">${body}</div>
    </section>`;
  }

  private level(plus = 0): number {
    const base = Number.isFinite(this.headingLevel) ? Math.min(6, Math.max(1, Math.round(this.headingLevel))) : 2;
    return Math.min(6, base + plus);
  }

  private renderOrdersBody(ctx: SectionContext, customer: Client): TemplateResult {
    const st = this.ordersState;
    let orders: Order[];
    if (this.orderProvider) {
      if (!st || st.key !== customer.id || st.status === 'loading')
        return html`<p class="muted loading-line" data-state="loading"><span class="spinner" aria-hidden="true"></span>${this.t('orders.loading')}</p>`;
      if (st.status === 'error')
        return html`<div class="error-box" role="alert" data-state="error">
          <p>${this.t('orders.error', { reason: this.errorText(st.error) })}</p>
          <button type="button" class="button retry" @click=${() => this.reloadOrders()}>${this.tc('retry')}</button>
        </div>`;
      orders = st.orders;
    } else {
      orders = customer.orders;
    }
    if (this.mode === 'order' && this.orderId) {
      const one = orders.filter((o) => o.id === this.orderId || o.number === this.orderId);
      if (one.length === 0) return html`<p class="muted empty-line">${this.t('orders.notFound', { id: this.orderId })}</p>`;
      orders = one;
    }
    return renderOrders(ctx, orders);
  }

  private renderHost(section: HostSection, client: ChatClient, customer: Client | null, dialog: Dialog | null): TemplateResult | typeof nothing {
    const title = hostTitle(section, this.currentLocale);
    if (section.kind === 'slotted') return this.renderSection(section.id, title, html`<slot name=${section.slot}></slot>`);
    if (!customer && !section.def.showWithoutClient) return nothing;
    const ctx: ClientWidgetRenderContext = { client: customer, dialog, locale: this.currentLocale, chat: client };
    let body: unknown;
    try {
      body = section.def.render(ctx);
    } catch (e) {
      console.warn(`client-widget: widget "${section.id}" failed to render`, e);
      body = html`<p class="error">${this.t('host.failed')}</p>`;
    }
    return this.renderSection(section.id, title, body ?? nothing);
  }

  private renderSettings(): TemplateResult {
    const known = this.knownSections();
    const rows = presentSections(this.layout, known);
    const hosts = new Set(this.hostSections().map((s) => s.id));
    return html`<section class="settings" part="settings" id="settings-panel" aria-labelledby="settings-title" @keydown=${this.onSettingsKeydown}>
      <div class="settings-title" role="heading" aria-level=${this.level(1)} id="settings-title">${this.t('settings.title')}</div>
      <p class="muted small">${this.t('settings.hint')}</p>
      <ol class="settings-list">
        ${repeat(
          rows,
          (r) => r.id,
          (r, i) => {
            const name = this.sectionTitle(r.id);
            return html`<li class="settings-row" data-id=${r.id}>
              <label class="settings-label">
                <input type="checkbox" .checked=${r.visible} @change=${(e: Event) => this.onToggleSection(r.id, (e.target as HTMLInputElement).checked)} />
                <span>${name}</span>
                ${hosts.has(r.id) ? html`<span class="muted small">(${this.t('settings.hostWidget')})</span>` : nothing}
              </label>
              <button type="button" class="icon-button" data-move="up" aria-label=${this.t('settings.up', { name })} title=${this.t('settings.up', { name })} ?disabled=${i === 0} @click=${() => this.onMove(r.id, 'up')}>
                ${icons.up}
              </button>
              <button
                type="button"
                class="icon-button"
                data-move="down"
                aria-label=${this.t('settings.down', { name })}
                title=${this.t('settings.down', { name })}
                ?disabled=${i === rows.length - 1}
                @click=${() => this.onMove(r.id, 'down')}
              >
                ${icons.down}
              </button>
            </li>`;
          },
        )}
      </ol>
      ${this.settingsError ? html`<p class="error" role="alert">${this.settingsError}</p>` : nothing}
      <div class="settings-actions">
        <button type="button" class="button reset" @click=${() => this.onResetLayout()}>${this.t('settings.reset')}</button>
        <button type="button" class="button primary done" @click=${() => this.toggleSettings(false)}>${this.t('settings.done')}</button>
      </div>
    </section>`;
  }

  private notice(text: string, body?: string, focusable = false): TemplateResult {
    return html`<div class="notice" part="notice" tabindex=${ifDefined(focusable ? -1 : undefined)}>
      <p class="notice-title">${text}</p>
      ${body ? html`<p class="muted">${body}</p>` : nothing}
    </div>`;
  }

  protected override render(): TemplateResult {
    const client = this.client;
    const v = this.view;
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (!client || v.kind === 'no-sdk') return html`<div class="base" part="base">${this.notice(this.tc('notConnected'))}${live}</div>`;
    if (v.kind === 'not-ready')
      return html`<div class="base" part="base" aria-busy="true">
        <div class="notice" part="notice"><p class="notice-title"><span class="spinner" aria-hidden="true"></span>${this.t('notReady')}</p></div>
        ${live}
      </div>`;
    const full = this.mode !== 'order';
    const customer = v.kind === 'client' ? v.client : null;
    const dialog = v.kind === 'client' ? v.dialog : v.kind === 'no-client' ? v.dialog : null;
    const me = this.use(client.$me);
    const linked = !!(customer && dialog && dialog.clientId === customer.id);
    const canDetach = !!(linked && me && dialog && dialogActions(me, dialog, customer).detach);
    const reason = linked && me && dialog && !canDetach ? this.detachReason(client, dialog) : '';
    const layoutReady = this.layoutOwner !== undefined && this.layoutOwner === me?.id;

    const header = full
      ? html`<div class="header" part="header">
          <div class="title" part="title" role="heading" aria-level=${this.level()} tabindex="-1">${this.t('title')}</div>
          <div class="toolbar">
            ${canDetach
              ? html`<button type="button" class="icon-button detach" part="detach-button" aria-label=${this.t('detach')} title=${this.t('detach')} @click=${(e: Event) => this.openConfirm(e, dialog!, customer!)}>
                  ${icons.detach}
                </button>`
              : nothing}
            <button
              type="button"
              class="icon-button settings-button"
              part="settings-button"
              aria-label=${this.t('settings')}
              title=${this.t('settings')}
              aria-expanded=${this.settingsOpen ? 'true' : 'false'}
              aria-controls="settings-panel"
              @click=${() => this.toggleSettings()}
            >
              ${icons.settings}
            </button>
          </div>
          ${reason ? html`<p class="why" part="detach-reason">${reason}</p>` : nothing}
          ${this.actionError ? html`<p class="why error" role="alert">${this.actionError}</p>` : nothing}
        </div>`
      : nothing;

    let content: unknown;
    switch (v.kind) {
      case 'no-dialog':
        content = this.notice(this.t('noDialog'));
        break;
      case 'dialog-missing':
        content = this.notice(this.t('dialogMissing'));
        break;
      case 'client-missing':
        content = this.notice(this.t('clientMissing'));
        break;
      default:
        content = this.renderSections(client, customer, dialog, full, layoutReady);
    }

    return html`<div class="base" part="base" aria-busy=${full && !layoutReady ? 'true' : 'false'}>
      ${header} ${full && this.settingsOpen ? this.renderSettings() : nothing}
      <div class="content">${content}</div>
      ${live} ${this.renderConfirm()}
    </div>`;
  }

  private renderSections(client: ChatClient, customer: Client | null, dialog: Dialog | null, full: boolean, layoutReady: boolean): TemplateResult {
    const ctx = this.sectionContext(client);
    const noClient =
      !customer && dialog
        ? this.notice(this.t('noClient'), this.t('noClient.body', { title: dialog.title, channel: this.use(client.$channelsById).get(dialog.channelId)?.name ?? this.t('unknownChannel') }), true)
        : nothing;
    if (!full) {
      // An order card: the source and the orders alone, whatever the block's settings.
      return html`${noClient}
        ${customer
          ? html`<div class="sections" part="sections">
              ${this.renderSection('source', this.t('section.source'), renderSource(ctx, customer.source))}
              ${this.renderSection('orders', this.t('section.orders'), this.renderOrdersBody(ctx, customer))}
            </div>`
          : nothing}`;
    }
    if (!layoutReady) return html`<p class="muted loading-line"><span class="spinner" aria-hidden="true"></span>${this.tc('loading')}</p>`;
    const hosts = new Map(this.hostSections().map((s) => [s.id, s] as const));
    const visible = presentSections(this.layout, this.knownSections()).filter((s) => s.visible);
    const sections = visible.map((s) => {
      const host = hosts.get(s.id);
      if (host) return this.renderHost(host, client, customer, dialog);
      switch (s.id as BuiltIn) {
        case 'analytics':
          // H5: after a detach the dialog's analytics are gone; the section says so.
          return this.renderSection('analytics', this.t('section.analytics'), renderAnalytics(ctx, customer?.analytics ?? null, !customer));
        case 'profile':
          return customer ? this.renderSection('profile', this.t('section.profile'), renderProfile(ctx, customer)) : nothing;
        case 'source':
          return customer ? this.renderSection('source', this.t('section.source'), renderSource(ctx, customer.source)) : nothing;
        case 'orders':
          return customer
            ? this.renderSection('orders', this.t('section.orders'), this.renderOrdersBody(ctx, customer), customer && !this.orderProvider ? html` <span class="count">(${customer.orders.length})</span>` : nothing)
            : nothing;
        case 'tags':
          return customer ? this.renderSection('tags', this.t('section.tags'), this.tags.render(this.use(client.$tagsById), this.use(client.$tags), customer)) : nothing;
        default:
          return nothing;
      }
    });
    return html`${noClient}
      ${visible.length === 0 ? html`<p class="muted notice-line">${this.t('settings.allHidden')}</p>` : nothing}
      <div class="sections" part="sections">${sections}</div>`;
  }

  private renderConfirm(): TemplateResult | typeof nothing {
    const target = this.confirmFor;
    if (!target || !this.client) return nothing;
    const { dialog, customer } = target;
    return html`<dialog class="confirm" part="dialog" aria-labelledby="detach-title" aria-describedby="detach-body" @close=${this.onConfirmClosed}>
      <h2 id="detach-title" class="dialog-title">${this.t('detach.title')}</h2>
      <p id="detach-body">${this.t('detach.body', { name: customer.name })}</p>
      <p class="dialog-channel">${channelLabel(this.sectionContext(this.client), dialog.channelId)}<span dir="auto">${dialog.title}</span></p>
      ${this.detachError ? html`<p class="error" role="alert">${this.detachError}</p>` : nothing}
      <div class="dialog-actions">
        <button type="button" class="button cancel" @click=${() => this.closeConfirm()}>${this.tc('cancel')}</button>
        <button type="button" class="button danger confirm-detach" ?disabled=${this.detachBusy} @click=${() => void this.onConfirmDetach()}>${this.t('detach.confirm')}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'client-widget': ClientWidget;
  }
  interface GlobalEventHandlersEventMap {
    /** `<client-widget>`: the client was detached from the dialog (W2/H5). */
    'client-detach': CustomEvent<ClientDetachDetail>;
    /** `<client-widget>`: the client's tags changed (L5/T6). */
    'client-tags-change': CustomEvent<ClientTagsChangeDetail>;
    /** `<client-widget>`: the operator's section layout changed (W1). */
    'widget-settings-change': CustomEvent<WidgetLayout>;
  }
}
