/** Styles of `<attachment-viewer>`: every colour through the `--chatdesk-*` tokens (private `--_*` aliases). */
import { css } from 'lit';

export const attachmentViewerStyles = css`
  :host {
    --attachment-viewer-block-size: 560px;
    --attachment-viewer-thumb-size: 112px;
    --attachment-viewer-gap: var(--chatdesk-space, 8px);
    --attachment-viewer-radius: var(--chatdesk-radius, 8px);
    display: block;
    block-size: var(--attachment-viewer-block-size);
    max-block-size: 100%;
    min-inline-size: 0;
    background: var(--attachment-viewer-background, var(--_color-bg));
    container-type: inline-size;
  }

  .root {
    display: flex;
    flex-direction: column;
    block-size: 100%;
    min-block-size: 0;
  }

  /* Title bar */
  .head {
    display: flex;
    align-items: flex-start;
    gap: var(--attachment-viewer-gap);
    padding: calc(var(--attachment-viewer-gap) * 1.5) calc(var(--attachment-viewer-gap) * 2) var(--attachment-viewer-gap);
  }
  .head-text {
    flex: 1 1 auto;
    min-inline-size: 0;
  }
  .title {
    margin: 0;
    font-size: calc(var(--_font-size) * 1.15);
    font-weight: 600;
  }
  .subtitle {
    margin: 2px 0 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

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

  /* States */
  .state {
    margin: 0;
    padding: calc(var(--attachment-viewer-gap) * 2);
    color: var(--_color-text-muted);
  }
  .empty {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 6px;
    padding: calc(var(--attachment-viewer-gap) * 4) calc(var(--attachment-viewer-gap) * 2);
    text-align: center;
    color: var(--_color-text-muted);
  }
  .empty .icon {
    inline-size: 36px;
    block-size: 36px;
    stroke-width: 1.5;
  }
  .empty-title {
    margin: 0;
    color: var(--_color-text);
    font-weight: 600;
  }
  .empty-hint {
    margin: 0;
    max-inline-size: 42ch;
  }
  .empty.error .icon {
    color: var(--_color-danger);
  }
  .status {
    margin: 0;
    padding: 0 calc(var(--attachment-viewer-gap) * 2);
    color: var(--_color-success);
    font-size: var(--_font-size-small);
  }
  .status:not(:empty) {
    padding-block: 6px;
    border-block-start: 1px solid var(--_color-border);
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

  /* P2: the large view */
  dialog.lightbox {
    inline-size: min(1200px, calc(100vw - 32px));
    block-size: calc(100vh - 32px);
    max-inline-size: none;
    max-block-size: none;
    padding: 0;
    background: var(--attachment-viewer-lightbox-background, var(--_color-bg));
    border-radius: var(--attachment-viewer-radius);
    overflow: hidden;
  }
  dialog.lightbox[open] {
    display: flex;
    flex-direction: column;
    container-type: inline-size;
  }
  .lb-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--attachment-viewer-gap) calc(var(--attachment-viewer-gap) * 2);
    padding: var(--attachment-viewer-gap) calc(var(--attachment-viewer-gap) * 1.5);
    border-block-end: 1px solid var(--_color-border);
  }
  .lb-info {
    flex: 1 1 240px;
    min-inline-size: 0;
  }
  .lb-name {
    margin: 0;
    font-size: var(--_font-size);
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .lb-meta {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin: 2px 0 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .lb-position {
    font-variant-numeric: tabular-nums;
  }
  .lb-tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .lb-zoom {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .lb-zoom .button[aria-pressed='true'] {
    background: var(--_color-surface-selected);
    border-color: var(--_color-accent);
    font-weight: 600;
  }
  .lb-percent {
    min-inline-size: 4ch;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  .lb-body {
    position: relative;
    flex: 1 1 auto;
    min-block-size: 0;
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: center;
    gap: var(--attachment-viewer-gap);
    padding: var(--attachment-viewer-gap);
    background: var(--_color-surface);
  }
  .lb-nav {
    inline-size: 44px;
    block-size: 44px;
    border-radius: 50%;
    background: var(--_color-bg);
    border: 1px solid var(--_color-border);
    color: var(--_color-text);
  }
  .lb-nav .icon {
    inline-size: 22px;
    block-size: 22px;
  }
  .lb-stage {
    grid-column: 2;
    block-size: 100%;
    min-inline-size: 0;
    overflow: hidden;
    display: grid;
    place-items: center;
    user-select: none;
  }
  .lb-stage.fit {
    touch-action: pan-y pinch-zoom;
  }
  .lb-stage.actual {
    overflow: auto;
    place-items: start;
    cursor: grab;
  }
  .lb-stage.actual > * {
    margin: auto;
  }
  .lb-image {
    display: block;
    max-inline-size: none;
    background: var(--_color-bg);
    box-shadow: 0 4px 16px var(--_color-shadow);
  }
  .lb-placeholder {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    padding: 32px;
    color: var(--_color-text-muted);
  }
  .lb-placeholder .icon {
    inline-size: 36px;
    block-size: 36px;
  }

  /* Narrow large view: the tools keep their icons; their names stay for assistive technology. */
  @container (max-width: 640px) {
    .lb-tools .button > span {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    .lb-tools .button {
      padding: 6px 8px;
    }
    .lb-info {
      flex-basis: 100%;
    }
    /* The picture takes the whole width; previous and next float over its sides. */
    .lb-body {
      grid-template-columns: minmax(0, 1fr);
    }
    .lb-stage {
      grid-column: 1;
    }
    .lb-nav {
      position: absolute;
      z-index: 1;
      inset-block-start: 50%;
      transform: translateY(-50%);
      inline-size: 40px;
      block-size: 40px;
      box-shadow: 0 2px 8px var(--_color-shadow);
    }
    .lb-nav[data-action='prev'] {
      inset-inline-start: 8px;
    }
    .lb-nav[data-action='next'] {
      inset-inline-end: 8px;
    }
    .lb-nav:disabled {
      display: none;
    }
  }
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
  .fwd-search label {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
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
  #fwd-list:empty {
    display: none;
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
  .fwd-channel {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
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
  .fwd-note {
    margin: 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .fwd-note:empty {
    display: none;
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
  .fwd-error:empty {
    display: none;
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

  @media (prefers-reduced-motion: reduce) {
    .thumb-box img {
      transition: none;
    }
  }

  /* Forced colours: the chosen tab and zoom keep a mark of their own (borders and backgrounds are flattened). */
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
    .lb-zoom .button[aria-pressed='true'] {
      outline: 2px solid Highlight;
      outline-offset: 1px;
    }
  }
`;
