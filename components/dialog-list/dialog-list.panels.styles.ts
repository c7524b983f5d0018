/** Styles of `<dialog-list>`: loading and empty states, the filter panel's frame. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const stylesPanels = css`
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
  /* Until a chunk (the panel's content, the bulk actions) is there: a busy line, or why not with "Retry". */
  .on-demand {
    margin: 0;
    padding: 6px 8px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .panel .on-demand {
    padding: 12px;
    font-size: inherit;
  }
  .on-demand[role='alert'] {
    color: var(--_color-danger);
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
