/**
 * `<client-widget>`: the client block to the right of the chat (W1, W2, C1, C2, H5, L5/T6 tags),
 * and what a CRM places into its client card and order card.
 */
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Client, ClientTag, Dialog, Id, Order } from '../../sdk/model.js';
import { dialogActions } from '../../sdk/rules/permissions.js';
import { directoryOf, displayName, displayNameText } from '../../sdk/session/names.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { OnDemand, retryingImport } from '../internal/on-demand.js';
import { baseStyles } from '../styles.js';
import { tagChipStyles } from '../tag-chip.js';
import { clientWidgetMessages as m, type ClientWidgetKey } from './client-widget.messages.js';
import { clientWidgetStyles } from './client-widget.styles.js';
import { ClientOrders } from './client-orders.js';
import { ClientTags } from './client-tags.js';
import { HostSections } from './host-sections.js';
import { ShownClient, type View } from './shown-client.js';
import type { DetachConfirm } from './detach-confirm.js';
import { hostTitle, widgetRegistry, type ClientWidgetDefinition, type ClientWidgetRenderContext, type HostSection } from './host-widgets.js';
import { LayoutSettings } from './layout-settings.js';
import type { SettingsPanel } from './settings-panel.js';
import { renderAnalytics, renderProfile, renderSource, type SectionContext } from './sections.js';
import { BUILT_IN_SECTIONS, defaultWidgetSettingsStore, presentSections, type SectionId, type WidgetLayout, type WidgetSettingsStore } from './widget-settings.js';

export type { ClientWidgetContent, ClientWidgetDefinition, ClientWidgetRenderContext } from './host-widgets.js';
export type { SectionId, WidgetLayout, WidgetLayoutEntry, WidgetSettingsStore } from './widget-settings.js';

/** What the block shows: everything (`full`), or the source and orders alone for an order card (`order`). */
export type ClientWidgetMode = 'full' | 'order';

/** Supplies a client's orders from the CRM (C2). */
export type OrderProvider = (client: Client) => Promise<Order[]>;

// One loader for the page: the settings panel and the detach confirmation share one chunk.
const windows = retryingImport(() => import('./client-widget.windows.js'));

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
 * @csspart on-demand - The line shown while the settings panel or the detach confirmation loads on first use ("Loading…"), or why it did not, with "Retry".
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
  static override get properties(): PropertyDeclarations {
    return {
      dialogId: { attribute: 'dialog-id' },
      clientId: { attribute: 'client-id' },
      mode: { reflect: true },
      orderId: { attribute: 'order-id' },
      orderProvider: { attribute: false },
      settingsStore: { attribute: false },
      widgets: { attribute: false },
      headingLevel: { type: Number, attribute: 'heading-level' },
      announcement: { state: true, attribute: false },
    };
  }

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
  declare dialogId?: Id;

  /**
   * Show this client directly (a CRM client card); it must be among `client.$clients`. With
   * `dialog-id` too, "Detach client" acts on that dialog.
   */
  declare clientId?: Id;

  /** `full` (default): every section and the settings. `order`: the source and the orders alone, for an order card. */
  mode: ClientWidgetMode = 'full';

  /** In `order` mode, show only this order (the order card's own). */
  declare orderId?: Id;

  /**
   * Supplies the client's orders from the CRM (C2), since orders live there. Default: the
   * `orders` of the client record the backend sends. The block shows a loading state while it
   * runs and the error (with Retry) when it rejects; it runs again when the client changes.
   */
  declare orderProvider?: OrderProvider;

  /**
   * Where each operator's section layout is kept (W1). Default: `localStorage`, keyed by
   * operator id. Give your own to keep it in the CRM.
   */
  settingsStore: WidgetSettingsStore = defaultWidgetSettingsStore;

  /** Host widgets of this element only (besides those of `ClientWidget.registerWidget`; same id: this one wins). */
  widgets: ClientWidgetDefinition[] = [];

  /** The heading level of the block's title (2 by default); section headings are one level below. */
  headingLevel = 2;

  private announcement = '';

  private view: View = { kind: 'no-sdk' };
  private readonly shown = new ShownClient(this);
  /** Host sections: registered page-wide, this element's `widgets`, slotted children. */
  private readonly hosts = new HostSections(this, () => this.widgets);
  /** The section layout and its settings panel (W1). */
  private readonly settings: LayoutSettings = new LayoutSettings(this, {
    t: (key, params) => this.t(key, params),
    errorText: (e) => this.errorText(e),
    say: (text) => this.say(text),
    changed: (layout) => this.emit<WidgetLayout>('widget-settings-change', layout),
    store: () => this.settingsStore,
    hosts: () => this.hosts.all(),
    level: () => this.level(1),
  });
  /** The orders from `orderProvider` (C2). */
  private readonly orders: ClientOrders = new ClientOrders(this, { t: (key, params) => this.t(key, params), retry: () => this.tc('retry'), errorText: (e) => this.errorText(e) });
  private readonly onDemandText = () => ({ loading: this.tc('loading'), failed: this.tc('error.unavailable'), retry: this.tc('retry') });
  /** The settings panel (W1), loaded when first opened. */
  private readonly panel: OnDemand<SettingsPanel> = new OnDemand(this, async () => (await windows()).settingsPanel(this, this.settings));
  /** The detach confirmation (W2, H5), loaded when first asked for. */
  private readonly detach: OnDemand<DetachConfirm> = new OnDemand(this, async () =>
    (await windows()).detachConfirm(this, {
      t: (key, params) => this.t(key, params),
      cancel: () => this.tc('cancel'),
      errorText: (e) => this.errorText(e),
      say: (text) => this.say(text),
      detached: (detail) => this.emit<ClientDetachDetail>('client-detach', detail),
      sectionContext: (client) => this.sectionContext(client),
    }),
  );
  private readonly tags: ClientTags = new ClientTags(this, {
    t: (key, params) => this.t(key, params),
    errorText: (e) => this.errorText(e),
    say: (text) => this.say(text),
    changed: (detail) => this.emit<ClientTagsChangeDetail>('client-tags-change', detail),
  });
  /** The section layout in use: the operator's, fitted to the sections present. */
  get layout(): WidgetLayout {
    return this.settings.layout;
  }

  /**
   * Applies a layout as if the operator had chosen it in the settings: it is kept in
   * `settingsStore` and `widget-settings-change` fires.
   */
  setLayout(layout: WidgetLayout): void {
    this.settings.set(layout);
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
    this.orders.reload();
  }

  // ------------------------------------------------------------------ what to show

  private t(key: ClientWidgetKey, params?: Record<string, string | number>): string {
    return this.tr(m, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.client;
    const v = (this.view = this.shown.resolve(client, (store) => this.use(store), this.dialogId, this.clientId));
    this.settings.sync(client ? this.use(client.$me) : null);
    const shown = v.kind === 'client' ? v : null;
    this.orders.sync(this.orderProvider, shown?.client ?? null);
    this.detach.value?.follow(shown);
  }

  /** Opens or closes the settings panel; once it is there, focus goes to its first checkbox. */
  private toggleSettings(): void {
    const open = !this.settings.open;
    this.settings.toggle(open);
    if (open)
      void this.panel.use(async () => {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.settings input')?.focus();
      });
  }

  /** "Detach client": the confirmation, once it is there, unless the block moved to another dialog or client meanwhile. */
  private openDetach(trigger: HTMLElement, dialog: Dialog, customer: Client): void {
    const open = (confirm: DetachConfirm) => {
      const v = this.view;
      if (v.kind === 'client' && v.dialog?.id === dialog.id && v.client.id === customer.id) confirm.open(trigger.isConnected ? trigger : null, dialog, customer);
    };
    // Once loaded, at once (in this update).
    if (this.detach.value) open(this.detach.value);
    else void this.detach.use(open);
  }

  // ------------------------------------------------------------------ detach (W2, H5)

  private say(text: string): void {
    // A change of text is what a live region announces: clear it first when the text repeats.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  /** Why detach is not offered (H5: only an administrator, the responsible operator, or anyone on an unassigned dialog). */
  private detachReason(client: ChatClient, dialog: Dialog): string {
    const a = dialog.assignee;
    // The SDK's one name rule; an operator no longer in the directory (or nobody) is "Unknown".
    const name = displayNameText(displayName(a, this.use(directoryOf(client).$names)), (f) => this.tc(f === 'bot' ? 'bot' : f === 'former_operator' ? 'formerOperator' : 'unknown'));
    return this.t(a?.kind === 'bot' ? 'detach.why.bot' : 'detach.why.operator', { name });
  }

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
    const layoutReady = this.settings.readyFor(me);

    const header = full
      ? html`<div class="header" part="header">
          <div class="title" part="title" role="heading" aria-level=${this.level()} tabindex="-1">${this.t('title')}</div>
          <div class="toolbar">
            ${
              canDetach
                ? html`<button type="button" class="icon-button detach" part="detach-button" aria-label=${this.t('detach')} title=${this.t('detach')} @click=${(e: Event) => this.openDetach(e.currentTarget as HTMLElement, dialog!, customer!)}>
                  ${icons.detach}
                </button>`
                : nothing
            }
            <button
              type="button"
              class="icon-button settings-button"
              part="settings-button"
              aria-label=${this.t('settings')}
              title=${this.t('settings')}
              aria-expanded=${this.settings.open ? 'true' : 'false'}
              aria-controls="settings-panel"
              @click=${() => this.toggleSettings()}
            >
              ${icons.settings}
            </button>
          </div>
          ${reason ? html`<p class="why" part="detach-reason">${reason}</p>` : nothing}
          ${this.detach.value?.actionError ? html`<p class="why error" role="alert">${this.detach.value.actionError}</p>` : nothing}
          ${this.detach.renderState(this.onDemandText())}
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
      ${header} ${full && this.settings.open ? (this.panel.value?.render() ?? html`<div id="settings-panel">${this.panel.renderState(this.onDemandText())}</div>`) : nothing}
      <div class="content">${content}</div>
      ${live} ${this.detach.value?.render() ?? nothing}
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
        ${
          customer
            ? html`<div class="sections" part="sections">
              ${this.renderSection('source', this.t('section.source'), renderSource(ctx, customer.source))}
              ${this.renderSection('orders', this.t('section.orders'), this.orders.render(ctx, customer, this.orderProvider, this.mode === 'order' ? this.orderId : undefined))}
            </div>`
            : nothing
        }`;
    }
    if (!layoutReady) return html`<p class="muted loading-line"><span class="spinner" aria-hidden="true"></span>${this.tc('loading')}</p>`;
    const hosts = new Map(this.hosts.all().map((s) => [s.id, s] as const));
    const visible = presentSections(this.layout, this.settings.known()).filter((s) => s.visible);
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
            ? this.renderSection(
                'orders',
                this.t('section.orders'),
                this.orders.render(ctx, customer, this.orderProvider, this.mode === 'order' ? this.orderId : undefined),
                customer && !this.orderProvider ? html` <span class="count">(${customer.orders.length})</span>` : nothing,
              )
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
