/** Styles of `<dialog-list>`. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const styles = css`
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
  .menu {
    position: absolute;
    inset-block-start: calc(100% - 4px);
    inset-inline-start: 8px;
    min-inline-size: min(220px, calc(100% - 16px));
    max-inline-size: calc(100% - 16px);
    z-index: 5;
    padding: 4px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    box-shadow: 0 8px 24px var(--_color-shadow);
  }
  .menu-item {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    inline-size: 100%;
    padding: 8px 10px;
    border: 0;
    border-radius: calc(var(--_radius) - 2px);
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .menu-item:hover,
  .menu-item:focus-visible {
    background: var(--_color-surface-hover);
  }
  .menu-item.danger {
    color: var(--_color-danger);
  }
  .menu-item[aria-disabled='true'] {
    color: var(--_color-text-muted);
    cursor: not-allowed;
  }
  .menu-hint {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
    white-space: normal;
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

  /* ------------------------------------------------------------ list */
  .body {
    position: relative;
    flex: 1 1 0;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
  }
  .viewport {
    flex: 1 1 0;
    min-block-size: 0;
    overflow-x: hidden;
    overflow-y: auto;
    overscroll-behavior: contain;
    contain: strict;
  }
  .canvas {
    position: relative;
    inline-size: 100%;
  }
  .canvas:focus {
    outline: none;
  }
  .row {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
    block-size: var(--dialog-list-row-height);
    display: flex;
    gap: 10px;
    padding: 8px 10px 8px 8px;
    border-block-end: 1px solid var(--_color-border);
    background: var(--_color-bg);
    cursor: pointer;
    overflow: hidden;
    contain: strict;
    outline-offset: -2px;
  }
  .row:hover {
    background: var(--_row-bg-hover);
  }
  /* A row whose page is on its way: the scrollbar already counts it. */
  .row.placeholder {
    cursor: default;
  }
  .row.placeholder::before,
  .row.placeholder::after {
    content: '';
    border-radius: 6px;
    background: var(--_color-border);
  }
  .row.placeholder::before {
    flex: none;
    inline-size: 40px;
    block-size: 40px;
    border-radius: 50%;
  }
  .row.placeholder::after {
    flex: 1;
    margin-block: 4px 12px;
  }
  .row.active {
    background: var(--_row-bg-active);
  }
  /* The open dialog's bar: a box of its own (not a shadow) so forced colours keep it. */
  .row.active::before {
    content: '';
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    inline-size: 3px;
    background: var(--_color-accent);
  }
  .row.selected {
    background: var(--_color-surface-selected);
  }
  .avatar {
    position: relative;
    flex: none;
    inline-size: var(--dialog-list-avatar-size);
    block-size: var(--dialog-list-avatar-size);
    border-radius: 50%;
    cursor: pointer;
  }
  .picture {
    display: flex;
    align-items: center;
    justify-content: center;
    inline-size: 100%;
    block-size: 100%;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_color-surface-selected);
    color: var(--_color-accent);
    font-weight: 600;
    font-size: 15px;
    user-select: none;
  }
  .check {
    position: absolute;
    inset: 0;
    display: none;
    align-items: center;
    justify-content: center;
    border-radius: 50%;
    border: 2px solid var(--_color-text-muted);
    background: var(--_color-bg);
    color: transparent;
  }
  .check .icon {
    inline-size: 20px;
    block-size: 20px;
  }
  /* D1: hovering the avatar, focusing the row, or any selection turns avatars into checkboxes. */
  .avatar:hover .check,
  .row:focus-visible .check,
  :host([selecting]) .check,
  .row.selected .check {
    display: flex;
  }
  .row.selected .check {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-text);
  }
  .body-col,
  .row > .body {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
    justify-content: space-between;
  }
  .line {
    display: flex;
    align-items: center;
    gap: 6px;
    min-inline-size: 0;
    block-size: 18px;
    line-height: 18px;
    white-space: nowrap;
    overflow: hidden;
  }
  .name {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    font-weight: 500;
  }
  .row.unread .name {
    font-weight: 700;
  }
  .time,
  .wait {
    flex: none;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
    display: inline-flex;
    align-items: center;
    gap: 3px;
  }
  .wait .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .wait.overdue {
    color: var(--_overdue);
    font-weight: 700;
  }
  .tags {
    gap: 4px;
  }
  .tag {
    flex: none;
    max-inline-size: 110px;
    overflow: hidden;
    text-overflow: ellipsis;
    padding: 0 6px;
    border-radius: 4px;
    font-size: 11px;
    line-height: 16px;
    block-size: 16px;
    font-weight: 600;
  }
  .tag.more {
    background: var(--_color-surface);
    color: var(--_color-text-muted);
    border: 1px solid var(--_color-border);
  }
  .preview {
    color: var(--_color-text-muted);
    font-size: 13px;
    gap: 4px;
  }
  .row.unread .preview {
    color: var(--_color-text);
  }
  .preview-text {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .preview.event .preview-text {
    font-style: italic;
  }
  .preview.hit mark {
    background: var(--_color-warning-bg);
    color: inherit;
    border-radius: 2px;
    font-weight: 600;
  }
  .author {
    flex: none;
    max-inline-size: 40%;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_color-text);
  }
  .draft-label {
    flex: none;
    color: var(--_color-danger);
    font-weight: 600;
  }
  .clip {
    display: inline-flex;
    flex: none;
  }
  .clip .icon {
    inline-size: 13px;
    block-size: 13px;
  }
  .meta {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
    gap: 4px;
  }
  .channel {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-inline-size: 0;
    flex: 0 1 auto;
    overflow: hidden;
  }
  .channel .icon {
    inline-size: 16px;
    block-size: 16px;
    color: var(--_color-accent);
  }
  .channel-name,
  .assignee {
    overflow: hidden;
    text-overflow: ellipsis;
    min-inline-size: 0;
  }
  .assignee {
    flex: 0 1 auto;
  }
  .assignee.none {
    font-style: italic;
  }
  .bot-mark {
    padding: 0 4px;
    border-radius: 3px;
    border: 1px solid var(--_color-border);
    font-size: 10px;
  }
  .status-closed {
    flex: none;
    margin-inline-start: auto;
    padding: 0 6px;
    border-radius: 4px;
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    font-size: 11px;
    line-height: 16px;
  }

  .new-items {
    position: absolute;
    z-index: 3;
    inset-block-start: 8px;
    inset-inline-start: 50%;
    transform: translateX(-50%);
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 12px 4px 8px;
    border: 0;
    border-radius: 999px;
    background: var(--_color-accent);
    color: var(--_color-accent-text);
    box-shadow: 0 4px 12px var(--_color-shadow);
    font-weight: 600;
    cursor: pointer;
  }
  .new-items .icon {
    inline-size: 16px;
    block-size: 16px;
  }

  /* ------------------------------------------------------------ states */
  .state {
    padding: 24px 16px;
    text-align: center;
    color: var(--_color-text-muted);
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
  }
  .state p {
    margin: 0;
  }
  .skeleton {
    display: flex;
    gap: 10px;
    block-size: var(--dialog-list-row-height);
    padding: 8px;
    border-block-end: 1px solid var(--_color-border);
  }
  .skeleton .avatar {
    background: var(--_color-surface-hover);
  }
  .skeleton .bars {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 10px;
    padding-block: 4px;
  }
  .skeleton .bars span {
    block-size: 10px;
    border-radius: 5px;
    background: var(--_color-surface-hover);
  }
  .skeleton .bars span:nth-child(1) {
    inline-size: 55%;
  }
  .skeleton .bars span:nth-child(3) {
    inline-size: 80%;
  }
  .viewport.loading {
    contain: none;
    overflow: hidden;
  }

  /* ------------------------------------------------------------ filter panel */
  .panel-wrap {
    position: absolute;
    inset: 0;
    z-index: 4;
    display: flex;
    background: var(--_color-bg);
  }
  .panel {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-inline-size: 0;
  }
  .panel-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 8px 8px 4px 12px;
  }
  .panel-head h2 {
    margin: 0;
    font-size: 15px;
  }
  .panel-body {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    padding: 0 12px 12px;
  }
  .group {
    border: 0;
    border-block-end: 1px solid var(--_color-border);
    margin: 0;
    padding: 10px 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-inline-size: 0;
  }
  .group legend {
    padding: 0;
    margin-block-end: 4px;
    font-weight: 600;
    font-size: var(--_font-size-small);
    letter-spacing: 0.02em;
    color: var(--_color-text-muted);
    float: left;
    inline-size: 100%;
  }
  .group.segmented {
    flex-direction: row;
    flex-wrap: wrap;
    gap: 4px 14px;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 8px;
    min-inline-size: 0;
    cursor: pointer;
    padding-block: 2px;
  }
  .choice input {
    accent-color: var(--_color-accent);
    margin: 0;
    flex: none;
  }
  .choice .icon {
    color: var(--_color-accent);
  }
  .choice-text {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .choice.unavailable {
    color: var(--_color-text-muted);
    cursor: not-allowed;
  }
  .muted {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .hint {
    margin: 0 0 4px 26px;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .hint.warning {
    display: flex;
    gap: 6px;
    align-items: flex-start;
    padding: 6px 8px;
    margin-inline-start: 0;
    border-radius: var(--_radius);
    background: var(--_color-warning-bg);
    color: var(--_color-text);
  }
  .hint.warning .icon {
    inline-size: 16px;
    block-size: 16px;
    color: var(--_color-warning);
    flex: none;
  }
  tag-filter {
    display: block;
    --tag-filter-background: transparent;
  }
  /* T1: no tags, no tag section. */
  .group:has(> tag-filter[empty]) {
    display: none;
  }
  .panel-foot {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 8px 12px;
    border-block-start: 1px solid var(--_color-border);
  }

  /* ------------------------------------------------------------ confirm */
  dialog.confirm {
    inline-size: min(420px, calc(100vw - 32px));
  }
  dialog.confirm h2 {
    margin: 0 0 8px;
    font-size: 17px;
  }
  dialog.confirm p {
    margin: 0 0 8px;
  }
  .names,
  .failures {
    margin: 0 0 12px;
    padding-inline-start: 20px;
    max-block-size: 160px;
    overflow-y: auto;
  }
  .error {
    color: var(--_color-danger);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
  }

  @media (prefers-reduced-motion: no-preference) {
    .row {
      transition: background-color 120ms;
    }
  }

  /*
   * Forced colours (Windows high contrast): backgrounds are flattened to Canvas, so every state
   * that was a background gets a system colour of its own.
   */
  @media (forced-colors: active) {
    .row.active::before {
      forced-color-adjust: none;
      inline-size: 6px;
      background: Highlight;
    }
    .row.selected {
      outline: 2px solid Highlight;
      outline-offset: -3px;
    }
    .row.selected:focus-visible {
      outline: 3px double Highlight;
    }
    /* The avatar checkbox: an empty ring when not ticked, a filled Highlight disc with a check when ticked. */
    .check {
      forced-color-adjust: none;
      background: Canvas;
      border-color: CanvasText;
      color: Canvas;
    }
    .check .icon {
      visibility: hidden;
    }
    .row.selected .check {
      background: Highlight;
      border-color: Highlight;
      color: HighlightText;
    }
    .row.selected .check .icon {
      visibility: visible;
    }
    /* Unread counts stay a badge, apart from the name. */
    .filter-count {
      forced-color-adjust: none;
      background: Mark;
      color: MarkText;
      outline: 1px solid CanvasText;
    }
    .wait.overdue,
    .draft-label {
      color: CanvasText;
      text-decoration: underline;
    }
  }
`;
