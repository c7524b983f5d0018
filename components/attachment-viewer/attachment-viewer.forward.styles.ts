/** Styles of `<attachment-viewer>`: the forward window (in its on-demand chunk, with forward-dialog.ts). Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const attachmentViewerStylesForward = css`
  /* H6: the forward window */
  dialog.forward {
    inline-size: min(520px, calc(100vw - 32px));
    max-block-size: calc(100vh - 32px);
    padding: 0;
  }
  .fwd-form {
    display: flex;
    flex-direction: column;
    gap: var(--attachment-viewer-gap);
    padding: calc(var(--attachment-viewer-gap) * 2);
    max-block-size: calc(100vh - 34px);
  }
  .fwd-head {
    display: flex;
    align-items: flex-start;
    gap: var(--attachment-viewer-gap);
  }
  .fwd-heading {
    flex: 1 1 auto;
    min-inline-size: 0;
    margin: 0;
    font-size: calc(var(--_font-size) * 1.1);
    overflow-wrap: anywhere;
  }
  .fwd-targets {
    display: flex;
    flex-direction: column;
    gap: var(--attachment-viewer-gap);
    min-block-size: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .fwd-targets legend {
    padding: 0;
    margin-block-end: 4px;
    font-weight: 600;
  }
  .fwd-search {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .fwd-search-box {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 0 8px;
    border: 1px solid var(--_color-border);
    border-radius: var(--attachment-viewer-radius);
    background: var(--_color-bg);
    color: var(--_color-text-muted);
  }
  .fwd-search-box:focus-within {
    border-color: var(--_color-focus);
  }
  .fwd-search-box input {
    flex: 1 1 auto;
    min-inline-size: 0;
    padding: 7px 0;
    border: 0;
    outline: 0;
    background: transparent;
    color: var(--_color-text);
    font: inherit;
  }
  .fwd-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  #fwd-list {
    max-block-size: min(320px, 45vh);
    overflow: auto;
    border: 1px solid var(--_color-border);
    border-radius: var(--attachment-viewer-radius);
    padding: 4px;
  }
  .fwd-target {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    padding: 6px 8px;
    border-radius: calc(var(--attachment-viewer-radius) - 2px);
    cursor: pointer;
  }
  .fwd-target:hover {
    background: var(--_color-surface-hover);
  }
  .fwd-target:has(input:checked) {
    background: var(--_color-surface-selected);
  }
  .fwd-target.refused {
    cursor: default;
  }
  .fwd-target input {
    margin: 3px 0 0;
    accent-color: var(--_color-accent);
  }
  .fwd-text {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
  }
  .fwd-name {
    overflow-wrap: anywhere;
  }
  .fwd-target.refused .fwd-name {
    color: var(--_color-text-muted);
  }
  .fwd-reason {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_color-warning);
    font-size: var(--_font-size-small);
  }
  .fwd-reason .icon,
  .fwd-error .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  .fwd-error {
    display: flex;
    align-items: center;
    gap: 6px;
    color: var(--_color-danger);
  }
  .fwd-error:not(:empty) {
    padding: 8px;
    border-radius: var(--attachment-viewer-radius);
    background: var(--_color-danger-bg);
  }
  .fwd-actions {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: var(--attachment-viewer-gap);
  }
  .fwd-progress {
    flex: 1 1 auto;
    color: var(--_color-text-muted);
  }
  /* Muted small text; parts shown only when they have something to say. */
  .fwd-search label,
  .fwd-channel,
  .fwd-note {
    margin: 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  #fwd-list:empty,
  .fwd-note:empty,
  .fwd-error:empty {
    display: none;
  }
`;
