/** Styles of `<tag-filter>`. Colours come from tokens; tag colours are data (set inline per chip). */
import { css } from 'lit';

export const tagFilterStyles = css`
  :host {
    --tag-filter-gap: var(--chatdesk-space, 8px);
    --tag-filter-radius: var(--chatdesk-radius, 8px);
    --tag-filter-chip-radius: var(--chatdesk-radius, 8px);
    --tag-filter-list-max-height: 320px;
    display: block;
    background: var(--tag-filter-background, var(--_color-bg));
    min-inline-size: 0;
  }
  /* T1: embedded in a host (no auto-apply) and no tag exists: the host sees nothing. */
  :host([empty]:not([auto-apply])) {
    display: none;
  }

  .root {
    display: flex;
    flex-direction: column;
    gap: var(--tag-filter-gap);
  }

  .heading {
    font-weight: 600;
    font-size: var(--_font-size);
    margin: 0;
  }

  /* T2-T4: the three modes as a segmented radio group. */
  .modes {
    display: flex;
    padding: 2px;
    gap: 2px;
    border: 1px solid var(--_color-border);
    border-radius: var(--tag-filter-radius);
    background: var(--_color-surface);
  }
  .mode {
    flex: 1 1 auto;
    min-inline-size: min-content;
    padding: 5px 8px;
    border: 0;
    border-radius: calc(var(--tag-filter-radius) - 2px);
    background: transparent;
    color: var(--_color-text-muted);
    cursor: pointer;
    /* Longer labels (es, ru, de...) wrap between words in a narrow panel rather than being cut. */
    line-height: 1.25;
    text-align: center;
  }
  .mode:hover {
    background: var(--_color-surface-hover);
    color: var(--_color-text);
  }
  .mode[aria-checked='true'] {
    background: var(--_color-bg);
    color: var(--_color-text);
    font-weight: 600;
    box-shadow: 0 1px 2px var(--_color-shadow);
  }

  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--tag-filter-gap);
  }

  /* T5 */
  .search {
    flex: 1 1 160px;
    display: flex;
    align-items: center;
    gap: 6px;
    min-inline-size: 0;
    padding: 0 8px;
    border: 1px solid var(--_color-border);
    border-radius: var(--tag-filter-radius);
    background: var(--_color-bg);
    color: var(--_color-text-muted);
  }
  .search:focus-within {
    outline: 2px solid var(--_color-focus);
    outline-offset: 1px;
  }
  .search input {
    flex: 1;
    min-inline-size: 0;
    padding: 6px 0;
    border: 0;
    outline: none;
    background: transparent;
    color: var(--_color-text);
    font: inherit;
  }
  .search input::placeholder {
    color: var(--_color-text-muted);
    opacity: 1;
  }
  .search .icon {
    inline-size: 16px;
    block-size: 16px;
  }

  /* T6: the pinned switch. */
  .switch {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 6px;
    border: 0;
    border-radius: var(--tag-filter-radius);
    background: transparent;
    color: var(--_color-text);
    cursor: pointer;
    white-space: nowrap;
  }
  .switch:hover {
    background: var(--_color-surface-hover);
  }
  .switch .icon {
    inline-size: 16px;
    block-size: 16px;
    color: var(--_color-text-muted);
  }
  .switch[aria-checked='true'] .icon {
    color: var(--_color-accent);
  }
  .track {
    position: relative;
    inline-size: 30px;
    block-size: 18px;
    flex: none;
    border-radius: 9px;
    border: 1px solid var(--_color-text-muted);
    background: var(--_color-surface);
    transition: background-color 0.15s;
  }
  .thumb {
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: 12px;
    block-size: 12px;
    border-radius: 50%;
    background: var(--_color-text-muted);
    transition: transform 0.15s;
  }
  .switch[aria-checked='true'] .track {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
  }
  .switch[aria-checked='true'] .thumb {
    background: var(--_color-accent-text);
    transform: translateX(12px);
  }
  :host(:dir(rtl)) .switch[aria-checked='true'] .thumb {
    transform: translateX(-12px);
  }
  .switch:disabled,
  .search.disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .hint {
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .hint .icon {
    inline-size: 14px;
    block-size: 14px;
    vertical-align: -2px;
    margin-inline-end: 4px;
  }
  .summary {
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-text);
  }
  .summary strong {
    font-weight: 600;
  }

  /* T4, T7: the tag list. */
  .list {
    display: flex;
    flex-direction: column;
    gap: 1px;
    max-block-size: var(--tag-filter-list-max-height);
    overflow-y: auto;
    overscroll-behavior: contain;
    margin: 0;
    padding: 2px;
    border: 1px solid var(--_color-border);
    border-radius: var(--tag-filter-radius);
    background: var(--_color-bg);
  }
  /* T3: locked while "No tags" is chosen. */
  .list[aria-disabled='true'] {
    opacity: 0.45;
    filter: grayscale(0.6);
    cursor: not-allowed;
  }
  .list[aria-disabled='true'] .option {
    pointer-events: none;
  }

  .option {
    display: flex;
    align-items: center;
    gap: 8px;
    min-block-size: 32px;
    padding: 3px 8px;
    /* Rows scrolled out of view skip style and layout (long lists, T7 at scale). */
    content-visibility: auto;
    contain-intrinsic-size: auto 32px;
    border-radius: calc(var(--tag-filter-radius) - 2px);
    cursor: pointer;
    user-select: none;
  }
  .option:hover {
    background: var(--_color-surface-hover);
  }
  .option[aria-selected='true'] {
    background: var(--_color-surface-selected);
  }
  .option:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: -2px;
  }
  .check {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    inline-size: 16px;
    block-size: 16px;
    flex: none;
    border: 1.5px solid var(--_color-text-muted);
    border-radius: 4px;
    background: var(--_color-bg);
    color: var(--_color-accent-text);
  }
  .option[aria-selected='true'] .check {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
  }
  .check .icon {
    inline-size: 12px;
    block-size: 12px;
    stroke-width: 3;
  }

  /* T7: the tag in its colour; the text colour keeps WCAG AA contrast. */
  .chip {
    min-inline-size: 0;
    max-inline-size: 100%;
    padding: 2px 8px;
    border-radius: var(--tag-filter-chip-radius);
    background: var(--tag-color);
    color: var(--_color-tag-text-dark);
    font-size: var(--_font-size-small);
    font-weight: 600;
    line-height: 18px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .count {
    margin-inline-start: auto;
    padding-inline-start: 8px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-variant-numeric: tabular-nums;
  }

  .message {
    margin: 0;
    padding: 12px 8px;
    border: 1px dashed var(--_color-border);
    border-radius: var(--tag-filter-radius);
    color: var(--_color-text-muted);
    text-align: center;
    font-size: var(--_font-size-small);
  }

  .more {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--tag-filter-gap);
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .more .button {
    padding: 4px 10px;
    font-size: var(--_font-size-small);
  }

  @media (prefers-reduced-motion: reduce) {
    .track,
    .thumb {
      transition: none;
    }
  }

  /* Forced colours: the switch's thumb and its on state in system colours (issue 15). */
  @media (forced-colors: active) {
    .track,
    .thumb {
      forced-color-adjust: none;
      transition: none;
    }
    .track {
      background: Canvas;
      border-color: ButtonText;
    }
    .thumb {
      background: ButtonText;
    }
    .switch[aria-checked='true'] .track {
      background: Highlight;
      border-color: Highlight;
    }
    .switch[aria-checked='true'] .thumb {
      background: HighlightText;
    }
  }
`;
