/**
 * The three mutually exclusive modes of `<tag-filter>` (T2: "All", "No tags", "From the list") as
 * a radio group: its template and its keys (arrows, mirrored right-to-left, Home, End).
 */
import { html, type TemplateResult } from 'lit';
import type { TagFilterMode } from '../../sdk/rules/tags.js';

export const MODES: readonly TagFilterMode[] = ['all', 'none', 'list'];

/** The mode a key moves to from `checked` (null: not a radio group key). */
export function modeKeyTarget(e: KeyboardEvent, checked: TagFilterMode, rtl: boolean): TagFilterMode | null {
  const delta = ({ ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 } as Record<string, number>)[e.key];
  const from = MODES.indexOf(checked);
  let i: number;
  if (delta !== undefined) {
    const dir = delta * (rtl && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') ? -1 : 1);
    i = (from + dir + MODES.length) % MODES.length;
  } else if (e.key === 'Home') i = 0;
  else if (e.key === 'End') i = MODES.length - 1;
  else return null;
  return MODES[i]!;
}

/** The radio group: `label(mode)` names a mode, `choose` picks one, `onKey` handles its keys. */
export function renderModes(
  groupLabel: string,
  label: (mode: TagFilterMode) => string,
  shown: TagFilterMode,
  choose: (mode: TagFilterMode) => void,
  onKey: (e: KeyboardEvent) => void,
): TemplateResult {
  return html`<div class="modes" part="modes" role="radiogroup" aria-label=${groupLabel} @keydown=${onKey}>
    ${MODES.map(
      (mode) =>
        html`<button
          type="button"
          class="mode"
          part="mode"
          role="radio"
          data-mode=${mode}
          aria-checked=${shown === mode ? 'true' : 'false'}
          tabindex=${shown === mode ? 0 : -1}
          @click=${() => choose(mode)}
        >
          ${label(mode)}
        </button>`,
    )}
  </div>`;
}
