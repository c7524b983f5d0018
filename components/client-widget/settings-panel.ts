/**
 * W1: the settings panel of `<client-widget>` (show, hide, Move up / Move down, reset) with its
 * keyboard and focus, over the layout that layout-settings.ts keeps. Loaded on demand (in the chunk
 * of client-widget.windows.ts) when the panel is first opened.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { icons } from '../icons.js';
import { hostTitle } from './host-widgets.js';
import type { Host, LayoutSettings } from './layout-settings.js';
import { BUILT_IN_SECTIONS, defaultLayout, moveSection, presentSections, setSectionVisible, type BuiltInSectionId, type SectionId } from './widget-settings.js';

/** The settings panel: its template and what its controls do to the layout. */
export class SettingsPanel implements ReactiveController {
  /** After a reorder: the row and button to keep focus on. */
  private refocus: { id: SectionId; dir: 'up' | 'down' } | null = null;

  constructor(
    private readonly host: Host,
    private readonly settings: LayoutSettings,
  ) {
    host.addController(this);
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

  /** Closes the panel. */
  close(): void {
    this.settings.toggle(false);
  }

  private sectionTitle(id: SectionId): string {
    if ((BUILT_IN_SECTIONS as readonly string[]).includes(id)) return this.settings.deps.t(`section.${id as BuiltInSectionId}`);
    const host = this.settings.deps.hosts().find((s) => s.id === id);
    return host ? hostTitle(host, this.host.currentLocale) : id;
  }

  private onMove(id: SectionId, dir: 'up' | 'down'): void {
    const known = this.settings.known();
    const before = this.settings.layout;
    const next = moveSection(before, id, dir === 'up' ? -1 : 1, known);
    if (next === before) return;
    const present = presentSections(next, known);
    const position = present.findIndex((s) => s.id === id) + 1;
    this.refocus = { id, dir };
    this.settings.commit(next, this.settings.deps.t('settings.moved', { name: this.sectionTitle(id), position, count: present.length }));
  }

  private onToggleSection(id: SectionId, visible: boolean): void {
    const next = setSectionVisible(this.settings.layout, id, visible);
    this.settings.commit(next, this.settings.deps.t(visible ? 'settings.shown' : 'settings.hidden', { name: this.sectionTitle(id) }));
  }

  private onReset(): void {
    const known = this.settings.known();
    // Sections of other pages keep their entries (shown), at the end.
    const absent = this.settings.layout.sections.filter((s) => !known.includes(s.id)).map((s) => ({ id: s.id, visible: true }));
    this.settings.commit({ sections: [...defaultLayout(known).sections, ...absent] }, this.settings.deps.t('settings.resetDone'));
  }

  private readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.close();
    }
  };

  /** The settings panel. */
  render(): TemplateResult {
    const t = this.settings.deps.t;
    const rows = presentSections(this.settings.layout, this.settings.known());
    const hosts = new Set(this.settings.deps.hosts().map((s) => s.id));
    return html`<section class="settings" part="settings" id="settings-panel" aria-labelledby="settings-title" @keydown=${this.onKeydown}>
      <div class="settings-title" role="heading" aria-level=${this.settings.deps.level()} id="settings-title">${t('settings.title')}</div>
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
      ${this.settings.error ? html`<p class="error" role="alert">${this.settings.error}</p>` : nothing}
      <div class="settings-actions">
        <button type="button" class="button reset" @click=${() => this.onReset()}>${t('settings.reset')}</button>
        <button type="button" class="button primary done" @click=${() => this.close()}>${t('settings.done')}</button>
      </div>
    </section>`;
  }
}
