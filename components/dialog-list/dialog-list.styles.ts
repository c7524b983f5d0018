/** Styles of `<dialog-list>`. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';
import { stylesRows } from './dialog-list.rows.styles.js';
import { stylesPanels } from './dialog-list.panels.styles.js';

const stylesBase = css`
  :host {
    --dialog-list-row-height: 88px;
    --dialog-list-avatar-size: 40px;
    --_row-bg-hover: var(--dialog-list-row-bg-hover, var(--_color-surface-hover));
    --_row-bg-active: var(--dialog-list-row-bg-active, var(--_color-surface-selected));
    --_overdue: var(--dialog-list-overdue-color, var(--_color-danger));
    display: flex;
    flex-direction: column;
    position: relative;
    block-size: 100%;
    min-block-size: var(--dialog-list-min-height, 320px);
    min-inline-size: 0;
    background: var(--_color-bg);
    overflow: hidden;
  }

  /* ------------------------------------------------------------ toolbar */
  .toolbar {
    position: relative;
    display: flex;
    align-items: center;
    gap: 4px;
    min-block-size: 52px;
    padding: 8px;
    border-block-end: 1px solid var(--_color-border);
    flex: none;
  }
  .search {
    flex: 1;
    min-inline-size: 0;
    block-size: 36px;
  }
  .filter-button {
    position: relative;
    flex: none;
    inline-size: 36px;
    block-size: 36px;
  }
  .filter-button.on {
    color: var(--_color-accent);
  }
  .filter-count {
    position: absolute;
    inset-block-start: 1px;
    inset-inline-end: 1px;
    min-inline-size: 16px;
    block-size: 16px;
    padding-inline: 4px;
    border-radius: 8px;
    background: var(--_color-badge);
    color: var(--_color-badge-text);
    font-size: 11px;
    line-height: 16px;
    font-weight: 600;
  }
  .selection-bar {
    display: flex;
    align-items: center;
    gap: 8px;
    flex: 1;
    min-inline-size: 0;
  }
  .select-all {
    inline-size: 18px;
    block-size: 18px;
    margin: 0 9px;
    accent-color: var(--_color-accent);
  }
  .selected-count {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    min-inline-size: 0;
    font-weight: 600;
  }
  .spacer {
    flex: 1;
  }
  /* The menu spans the toolbar, so it never leaves a narrow column. */
  .menu-wrap {
    position: static;
  }
  .actions-button .icon {
    inline-size: 16px;
    block-size: 16px;
  }
  /* ------------------------------------------------------------ active filters, notice */
  .active-filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    padding: 6px 8px;
    border-block-end: 1px solid var(--_color-border);
    flex: none;
    max-block-size: 76px;
    overflow-y: auto;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    max-inline-size: 100%;
    padding: 2px 4px 2px 8px;
    border: 1px solid var(--_color-border);
    border-radius: 999px;
    background: var(--_color-surface-selected);
    color: var(--_color-text);
    font-size: var(--_font-size-small);
    cursor: pointer;
  }
  .chip .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .chip-label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-inline-size: 200px;
  }
  .link-button {
    border: 0;
    background: none;
    padding: 2px 4px;
    color: var(--_color-link);
    font-size: var(--_font-size-small);
    text-decoration: underline;
    cursor: pointer;
  }
  .notice-area:empty {
    display: none;
  }
  .notice {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0;
    padding: 6px 8px;
    background: var(--_color-warning-bg);
    color: var(--_color-text);
    font-size: var(--_font-size-small);
    border-block-end: 1px solid var(--_color-border);
  }
  .notice span {
    flex: 1;
  }
  .icon-button.small {
    inline-size: 24px;
    block-size: 24px;
  }
`;

/** Every rule, in cascade order (the parts live in `dialog-list.*.styles.ts`). */
export const styles = [stylesBase, stylesRows, stylesPanels];
