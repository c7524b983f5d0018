/** Styles of `<attachment-viewer>`: every colour through the `--chatdesk-*` tokens (private `--_*` aliases). */
import { css } from 'lit';

const attachmentViewerStylesBase = css`
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
  .on-demand {
    margin: 0;
    padding: 6px calc(var(--attachment-viewer-gap) * 2);
    border-block-start: 1px solid var(--_color-border);
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .on-demand[role='alert'] {
    color: var(--_color-danger);
  }
`;

/**
 * The element's own rules (title bar, explanations, status lines). The tabs, grid and file table come
 * with the body's on-demand chunk (viewer-body.ts adopts attachment-viewer.files.styles.ts), the large
 * view's and the forward window's with theirs (image-lightbox.ts, forward-dialog.ts).
 */
export const attachmentViewerStyles = [attachmentViewerStylesBase];
