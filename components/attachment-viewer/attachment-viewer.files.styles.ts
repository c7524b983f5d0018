/** Styles of `<attachment-viewer>`'s body (in its on-demand chunk, with viewer-body.ts): the tabs, the image grid and the file table. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const attachmentViewerStylesFiles = css`
  /* H6: tabs */
  .tabs {
    display: flex;
    gap: 4px;
    padding: 0 calc(var(--attachment-viewer-gap) * 2);
    border-block-end: 1px solid var(--_color-border);
  }
  .tab {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 8px 12px;
    margin-block-end: -1px;
    border: 0;
    border-block-end: 2px solid transparent;
    background: transparent;
    color: var(--_color-text-muted);
    cursor: pointer;
    border-start-start-radius: var(--attachment-viewer-radius);
    border-start-end-radius: var(--attachment-viewer-radius);
  }
  .tab:hover {
    color: var(--_color-text);
    background: var(--_color-surface-hover);
  }
  .tab[aria-selected='true'] {
    color: var(--_color-text);
    font-weight: 600;
    border-block-end-color: var(--_color-accent);
  }
  .tab:focus-visible {
    outline-offset: -2px;
  }
  .count {
    min-inline-size: 1.6em;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_color-surface);
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-weight: 600;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  .count:empty {
    display: none;
  }
  .tab[aria-selected='true'] .count {
    background: var(--_color-surface-selected);
    color: var(--_color-text);
  }

  .panel {
    flex: 1 1 auto;
    min-block-size: 0;
    overflow: auto;
    overscroll-behavior: contain;
    padding: calc(var(--attachment-viewer-gap) * 1.5) calc(var(--attachment-viewer-gap) * 2);
  }
  .panel[hidden] {
    display: none;
  }
  .panel:focus-visible {
    outline-offset: -2px;
  }

  .more {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--attachment-viewer-gap);
    min-block-size: 32px;
    margin: var(--attachment-viewer-gap) 0 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .more[role='alert'] {
    color: var(--_color-danger);
  }
  /* H6, P2: the image grid. Tiles are square and sized before their image loads. */
  .grid {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--attachment-viewer-thumb-size), 1fr));
    gap: var(--attachment-viewer-gap);
  }
  .tile {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
  }
  .thumb {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 0;
    border: 0;
    background: transparent;
    color: inherit;
    text-align: start;
    text-decoration: none;
    cursor: zoom-in;
    border-radius: var(--attachment-viewer-radius);
  }
  .thumb-file {
    cursor: pointer;
  }
  .thumb-box {
    position: relative;
    display: block;
    inline-size: 100%;
    aspect-ratio: 1;
    overflow: hidden;
    border-radius: var(--attachment-viewer-radius);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
  }
  .thumb-box img {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
    transition: transform 160ms ease;
  }
  .thumb:hover .thumb-box img {
    transform: scale(1.04);
  }
  .thumb:hover .thumb-box {
    border-color: var(--_color-accent);
  }
  .placeholder {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 4px;
    padding: 8px;
    inline-size: 100%;
    block-size: 100%;
    text-align: center;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .thumb-box.placeholder {
    background: var(--_color-surface);
    border-style: dashed;
  }
  .unavailable .thumb-box.placeholder {
    background: var(--_color-warning-bg);
    color: var(--_color-warning);
    border-color: var(--_color-warning);
  }
  .ph-label {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .ph-hint {
    overflow-wrap: anywhere;
  }
  .thumb-caption {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    padding: 0 2px;
    font-size: var(--_font-size-small);
    line-height: 1.3;
  }
  .thumb-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .thumb-date {
    color: var(--_color-text-muted);
  }

  /* H6: the file table */
  .files {
    inline-size: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  .files th,
  .files td {
    padding: 8px;
    text-align: start;
    vertical-align: middle;
    border-block-end: 1px solid var(--_color-border);
  }
  .files thead th {
    position: sticky;
    inset-block-start: calc(var(--attachment-viewer-gap) * -1.5);
    z-index: 1;
    background: var(--attachment-viewer-background, var(--_color-bg));
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-weight: 600;
    white-space: nowrap;
  }
  .files tbody tr:hover {
    background: var(--_color-surface-hover);
  }
  .files tbody th {
    font-weight: 500;
  }
  .f-name-inner {
    display: flex;
    align-items: center;
    gap: 8px;
    min-inline-size: 0;
  }
  .f-name-inner .icon {
    color: var(--_color-text-muted);
  }
  .f-name-text {
    overflow-wrap: anywhere;
  }
  .f-type,
  .f-size,
  .f-date,
  .f-sender {
    color: var(--_color-text-muted);
    white-space: nowrap;
  }
  .f-size {
    text-align: end;
  }
  .files td.f-actions {
    white-space: nowrap;
    text-align: end;
  }
  .files .unavailable .f-name-text {
    color: var(--_color-text-muted);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 8px;
    border-radius: 999px;
    background: var(--_color-warning-bg);
    color: var(--_color-warning);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .badge .icon {
    inline-size: 14px;
    block-size: 14px;
  }
  a.icon-button,
  a.button {
    text-decoration: none;
  }

  /* Narrow: each file becomes a card (name, then type · size · date · sender, actions at the end). */
  @container (max-width: 560px) {
    .files thead {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .files tbody tr {
      position: relative;
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      padding-block: 8px;
      padding-inline-end: 84px;
      border-block-end: 1px solid var(--_color-border);
    }
    .files tbody th,
    .files tbody td {
      display: block;
      padding: 0;
      border: 0;
    }
    .files tbody th {
      flex: 1 0 100%;
      margin-block-end: 2px;
    }
    .files tbody td.f-type,
    .files tbody td.f-size,
    .files tbody td.f-date,
    .files tbody td.f-sender {
      flex: none;
      font-size: var(--_font-size-small);
      text-align: start;
      white-space: nowrap;
    }
    .files tbody td.f-type,
    .files tbody td.f-size,
    .files tbody td.f-date,
    .files tbody td.f-sender {
      padding-inline-start: 26px;
    }
    .files tbody td.f-size,
    .files tbody td.f-date,
    .files tbody td.f-sender {
      padding-inline-start: 0;
    }
    .files tbody td.f-type::after,
    .files tbody td.f-size::after,
    .files tbody td.f-date::after {
      content: ' · ';
    }
    .files tbody td.f-actions {
      position: absolute;
      inset-inline-end: 0;
      inset-block-start: 50%;
      transform: translateY(-50%);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .thumb-box img {
      transition: none;
    }
  }

  /* Forced colours: the chosen tab keeps a mark of its own (borders and backgrounds are flattened). */
  @media (forced-colors: active) {
    .tab {
      forced-color-adjust: none;
      background: Canvas;
      color: CanvasText;
      border-block-end-color: Canvas;
    }
    .tab[aria-selected='true'] {
      border-block-end: 4px solid Highlight;
    }
    .tab:focus-visible {
      outline: 2px solid Highlight;
    }
  }
`;
