/**
 * W1: the section layout of `<client-widget>` as a reactive controller: the signed-in operator's
 * stored layout (loaded when the operator or the store changes, followed through the store's
 * `subscribe`, the newest load winning), the settings panel (show, hide, Move up / Move down,
 * reset) and its keyboard and focus, and every change kept in the store.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Id, Operator } from '../../sdk/model.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { LatestCall } from '../internal/latest-call.js';
import type { ClientWidgetKey } from './client-widget.messages.js';
import { hostTitle, type HostSection } from './host-widgets.js';
import {
  BUILT_IN_SECTIONS,
  defaultLayout,
  moveSection,
  normalizeLayout,
  presentSections,
  sameLayout,
  setSectionVisible,
  type BuiltInSectionId,
  type SectionId,
  type WidgetLayout,
  type WidgetSettingsStore,
} from './widget-settings.js';

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

type Host = ReactiveControllerHost & {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client?: ChatClient | undefined;
  readonly currentLocale: Locale;
};

/** The operator's section layout and the settings panel, as a reactive controller. */
export class LayoutSettings implements ReactiveController {
  /** The stored layout of the signed-in operator (`null`: the defaults). */
  private stored: WidgetLayout | null = null;
  /** Whose layout `stored` is; `undefined` until loaded. */
  private owner: Id | undefined;
  private openValue = false;
  private error = '';
  private loadingFor: { operatorId: Id; store: WidgetSettingsStore } | null = null;
  private readonly call = new LatestCall();
  private unsubscribe: (() => void) | null = null;
  /** After a reorder: the row and button to keep focus on. */
  private refocus: { id: SectionId; dir: 'up' | 'down' } | null = null;

  constructor(
    private readonly host: Host,
    private readonly deps: LayoutSettingsDeps,
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

  hostUpdated(): void {
    if (!this.refocus) return;
    const { id, dir } = this.refocus;
    this.refocus = null;
    const row = [...this.host.renderRoot.querySelectorAll<HTMLElement>('.settings-row')].find((r) => r.dataset['id'] === id);
    const want = row?.querySelector<HTMLButtonElement>(`button[data-move="${dir}"]`);
    const other = row?.querySelector<HTMLButtonElement>(`button[data-move="${dir === 'up' ? 'down' : 'up'}"]`);
    (want && !want.disabled ? want : other)?.focus();
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

  private commit(next: WidgetLayout, announcement?: string): void {
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

  private sectionTitle(id: SectionId): string {
    if ((BUILT_IN_SECTIONS as readonly string[]).includes(id)) return this.deps.t(`section.${id as BuiltInSectionId}`);
    const host = this.deps.hosts().find((s) => s.id === id);
    return host ? hostTitle(host, this.host.currentLocale) : id;
  }

  private onMove(id: SectionId, dir: 'up' | 'down'): void {
    const known = this.known();
    const before = this.layout;
    const next = moveSection(before, id, dir === 'up' ? -1 : 1, known);
    if (next === before) return;
    const present = presentSections(next, known);
    const position = present.findIndex((s) => s.id === id) + 1;
    this.refocus = { id, dir };
    this.commit(next, this.deps.t('settings.moved', { name: this.sectionTitle(id), position, count: present.length }));
  }

  private onToggleSection(id: SectionId, visible: boolean): void {
    const next = setSectionVisible(this.layout, id, visible);
    this.commit(next, this.deps.t(visible ? 'settings.shown' : 'settings.hidden', { name: this.sectionTitle(id) }));
  }

  private onReset(): void {
    const known = this.known();
    // Sections of other pages keep their entries (shown), at the end.
    const absent = this.layout.sections.filter((s) => !known.includes(s.id)).map((s) => ({ id: s.id, visible: true }));
    this.commit({ sections: [...defaultLayout(known).sections, ...absent] }, this.deps.t('settings.resetDone'));
  }

  /** Opens or closes the panel; focus goes to its first checkbox, or back to the settings button. */
  toggle(open = !this.openValue): void {
    this.openValue = open;
    this.update();
    const root = this.host.renderRoot;
    if (!open) void this.host.updateComplete.then(() => root.querySelector<HTMLButtonElement>('button.settings-button')?.focus());
    else void this.host.updateComplete.then(() => root.querySelector<HTMLElement>('.settings input')?.focus());
  }

  private readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.toggle(false);
    }
  };

  /** The settings panel. */
  render(): TemplateResult {
    const t = this.deps.t;
    const rows = presentSections(this.layout, this.known());
    const hosts = new Set(this.deps.hosts().map((s) => s.id));
    return html`<section class="settings" part="settings" id="settings-panel" aria-labelledby="settings-title" @keydown=${this.onKeydown}>
      <div class="settings-title" role="heading" aria-level=${this.deps.level()} id="settings-title">${t('settings.title')}</div>
      <p class="muted small">${t('settings.hint')}</p>
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
                ${hosts.has(r.id) ? html`<span class="muted small">(${t('settings.hostWidget')})</span>` : nothing}
              </label>
              <button type="button" class="icon-button" data-move="up" aria-label=${t('settings.up', { name })} title=${t('settings.up', { name })} ?disabled=${i === 0} @click=${() => this.onMove(r.id, 'up')}>
                ${icons.up}
              </button>
              <button
                type="button"
                class="icon-button"
                data-move="down"
                aria-label=${t('settings.down', { name })}
                title=${t('settings.down', { name })}
                ?disabled=${i === rows.length - 1}
                @click=${() => this.onMove(r.id, 'down')}
              >
                ${icons.down}
              </button>
            </li>`;
          },
        )}
      </ol>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="settings-actions">
        <button type="button" class="button reset" @click=${() => this.onReset()}>${t('settings.reset')}</button>
        <button type="button" class="button primary done" @click=${() => this.toggle(false)}>${t('settings.done')}</button>
      </div>
    </section>`;
  }
}
