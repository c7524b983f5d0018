/**
 * Tag chips in the colour chosen for the tag (T7, L5), with text that stays readable: black or
 * white by the colour's luminance, which reaches WCAG AA (4.5:1) on every colour. Shared by
 * `<tag-filter>`, `<client-widget>` and `<dialog-list>`.
 */
import { css } from 'lit';
import { readableTextColor } from '../sdk/rules/tags.js';
import { LIGHT_TOKENS } from './styles.js';

/** How a chip's text is coloured: dark text, light text, or no usable colour (neutral chip). */
export type TagChipClass = 'on-light' | 'on-dark' | 'no-color';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const TEXT_DARK = LIGHT_TOKENS['--chatdesk-color-tag-text-dark'];
const TEXT_LIGHT = LIGHT_TOKENS['--chatdesk-color-tag-text-light'];
const cache = new Map<string, TagChipClass>();

/** The text class of a chip on `color` (`#rgb` or `#rrggbb`; anything else gets a neutral chip). */
export function tagChipClass(color: string): TagChipClass {
  let c = cache.get(color);
  if (!c) {
    const hex = color.trim();
    c = !HEX.test(hex) ? 'no-color' : readableTextColor(hex, TEXT_DARK, TEXT_LIGHT) === TEXT_LIGHT ? 'on-dark' : 'on-light';
    cache.set(color, c);
  }
  return c;
}

/** Text colours of `.chip.on-light`, `.chip.on-dark` and `.chip.no-color` (the chip sets `--tag-color`). */
export const tagChipStyles = css`
  .chip.on-light {
    color: var(--_color-tag-text-dark);
  }
  .chip.on-dark {
    color: var(--_color-tag-text-light);
  }
  .chip.no-color {
    background: var(--_color-surface);
    color: var(--_color-text);
    box-shadow: inset 0 0 0 1px var(--_color-border);
  }
`;
