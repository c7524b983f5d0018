/** One row of `<tag-filter>`'s tag list (T7): the tag in its colour and its count ("1,000+" for a lower bound, L6). */
import { html, nothing, type TemplateResult } from 'lit';
import type { TagEntry } from '../../sdk/rules/tags.js';
import { icons } from '../icons.js';
import { tagChipClass } from '../tag-chip.js';
import type { TagEntries } from './tag-entries.js';

/** A tag row (`role="option"`); `atLeast`: the count is a lower bound, read as "at least N dialogs". */
export function renderOption(entries: TagEntries, e: TagEntry, tabStop: boolean, locked: boolean, atLeast: boolean): TemplateResult {
  const { tag, count, selected } = e;
  const cls = tagChipClass(tag.color);
  return html`<div
    class="option"
    part="option"
    role="option"
    data-id=${tag.id}
    aria-label=${`${tag.name}, ${entries.dialogsText(count, atLeast)}`}
    aria-selected=${selected ? 'true' : 'false'}
    aria-disabled=${locked ? 'true' : 'false'}
    tabindex=${tabStop ? 0 : -1}
  >
    <span class="check" aria-hidden="true">${selected ? icons.check : nothing}</span>
    <span class="chip ${cls}" part="chip" style=${cls === 'no-color' ? '' : `--tag-color: ${tag.color.trim()}`}>${tag.name}</span>
    <span class="count" part="count" aria-hidden="true">${entries.countText(count, atLeast)}</span>
  </div>`;
}
