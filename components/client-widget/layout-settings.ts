/**
 * W1: the section layout of `<client-widget>` as a reactive controller: the signed-in operator's
 * stored layout (loaded when the operator or the store changes, followed through the store's
 * `subscribe`, the newest load winning), whether the settings panel is open, and every change kept
 * in the store. The panel itself (show, hide, Move up / Move down, reset, its keyboard and focus)
 * is loaded on demand when it is first opened: settings-panel.ts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Id, Operator } from '../../sdk/model.js';
import type { Locale } from '../i18n.js';
import { LatestCall } from '../internal/latest-call.js';
import type { ClientWidgetKey } from './client-widget.messages.js';
import type { HostSection } from './host-widgets.js';
import { BUILT_IN_SECTIONS, normalizeLayout, sameLayout, type SectionId, type WidgetLayout, type WidgetSettingsStore } from './widget-settings.js';

/** What the layout and its settings panel need from the widget besides its host API. */
export interface LayoutSettingsDeps {
  t(key: ClientWidgetKey, params?: Record<string, string | number>): string;
  errorText(error: unknown): string;
  /** Says something through the widget's live region. */
  say(text: string): void;
  /** The operator changed the layout: `widget-settings-change`. */
  changed(layout: WidgetLayout): void;
  /** Where layouts are kept (`settingsStore`). */
  store(): WidgetSettingsStore;
  /** Host sections present now. */
  hosts(): HostSection[];
  /** The heading level of the panel's title. */
  level(): number;
}

export type Host = ReactiveControllerHost & {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client?: ChatClient | undefined;
  readonly currentLocale: Locale;
};

/** The operator's section layout and whether its settings panel is open, as a reactive controller. */
export class LayoutSettings implements ReactiveController {
  /** The stored layout of the signed-in operator (`null`: the defaults). */
  private stored: WidgetLayout | null = null;
  /** Whose layout `stored` is; `undefined` until loaded. */
  private owner: Id | undefined;
  private openValue = false;
  /** Why the layout could not be loaded or kept (shown in the panel). */
  error = '';
  private loadingFor: { operatorId: Id; store: WidgetSettingsStore } | null = null;
  private readonly call = new LatestCall();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: Host,
    readonly deps: LayoutSettingsDeps,
  ) {
    host.addController(this);
  }

  /** Whether the settings panel is open. */
  get open(): boolean {
    return this.openValue;
  }

  /** The sections present now: built-in, then the host's. */
  known(): SectionId[] {
    return [...BUILT_IN_SECTIONS, ...this.deps.hosts().map((s) => s.id)];
  }

  /** The section layout in use: the operator's, fitted to the sections present. */
  get layout(): WidgetLayout {
    return normalizeLayout(this.stored, this.known());
  }

  /** Whether the layout of `me` is loaded. */
  readyFor(me: Operator | null): boolean {
    return this.owner !== undefined && this.owner === me?.id;
  }

  /** Applies a layout as the operator's choice (kept, and `widget-settings-change`). */
  set(layout: WidgetLayout): void {
    this.commit(normalizeLayout(layout, this.known()));
  }

  hostConnected(): void {
    // Back in the page: listen to the layout again.
    if (this.loadingFor === null && this.owner !== undefined) this.owner = undefined;
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.loadingFor = null;
  }

  private update(): void {
    this.host.requestUpdate();
  }

  /** Loads the signed-in operator's layout when the operator or the store changes (call from `willUpdate`). */
  sync(me: Operator | null): void {
    const store = this.deps.store();
    if (!me) return;
    if (this.loadingFor?.operatorId === me.id && this.loadingFor.store === store) return;
    this.loadingFor = { operatorId: me.id, store };
    this.unsubscribe?.();
    this.unsubscribe =
      store.subscribe?.(me.id, (layout) => {
        if (this.loadingFor?.operatorId === me.id && this.loadingFor.store === store && !(this.stored && sameLayout(this.stored, layout))) {
          this.stored = layout;
          this.update();
        }
      }) ?? null;
    this.error = '';
    this.call.run(
      () => store.load(me.id),
      (layout) => {
        this.stored = layout;
        this.owner = me.id;
        this.update();
      },
      () => {
        this.stored = null;
        this.owner = me.id;
        this.error = this.deps.t('settings.loadFailed');
        this.update();
      },
    );
  }

  /** Keeps a layout as the operator's choice; `announcement` is said through the live region. */
  commit(next: WidgetLayout, announcement?: string): void {
    const me = this.host.client?.$me.get();
    this.stored = next;
    this.update();
    if (announcement) this.deps.say(announcement);
    this.deps.changed(next);
    if (!me) return;
    const store = this.deps.store();
    this.error = '';
    void Promise.resolve()
      .then(() => store.save(me.id, next))
      .catch((e: unknown) => {
        if (this.stored === next) {
          this.error = this.deps.t('settings.saveFailed', { reason: this.deps.errorText(e) });
          this.update();
        }
      });
  }

  /** Opens or closes the panel (focus goes back to the settings button when it closes; the element moves it into the panel once that is there). */
  toggle(open = !this.openValue): void {
    this.openValue = open;
    this.update();
    if (!open) void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLButtonElement>('button.settings-button')?.focus());
  }
}
