/** Styles of `<attachment-viewer>`: the large view (in its on-demand chunk, with image-lightbox.ts). Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const attachmentViewerStylesLightbox = css`
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

  /* Forced colours: the chosen zoom keeps a mark of its own (borders and backgrounds are flattened). */
  @media (forced-colors: active) {
    .lb-zoom .button[aria-pressed='true'] {
      outline: 2px solid Highlight;
      outline-offset: 1px;
    }
  }
`;
