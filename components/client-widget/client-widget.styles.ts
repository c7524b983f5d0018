/** Styles of `<client-widget>`. Colours only through the `--_*` aliases of the `--chatdesk-*` tokens; tag colours are data (set per chip). */
import { css } from 'lit';
import { clientWidgetStylesSections } from './client-widget.sections.styles.js';

const clientWidgetStylesBase = css`
  :host {
    --client-widget-padding: 12px;
    --client-widget-gap: var(--chatdesk-space, 8px);
    --client-widget-radius: var(--chatdesk-radius, 8px);
    --client-widget-section-background: var(--_color-bg);
    --client-widget-background: var(--_color-surface);
    --client-widget-avatar-size: 48px;
    display: block;
    min-inline-size: 0;
    background: var(--client-widget-background);
    line-height: 1.4;
    overflow: auto;
  }
  p {
    margin: 0;
  }
  .base {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: var(--client-widget-gap);
    padding: var(--client-widget-gap);
    min-block-size: 100%;
  }
  .muted {
    color: var(--_color-text-muted);
  }
  .small {
    font-size: var(--_font-size-small);
  }
  .error {
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }
  .spinner {
    display: inline-block;
    inline-size: 14px;
    block-size: 14px;
    margin-inline-end: 8px;
    vertical-align: -2px;
    border: 2px solid var(--_color-border);
    border-block-start-color: var(--_color-accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }

  /* ------------------------------------------------------------ header */
  .header {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    column-gap: 8px;
    padding-inline: 4px;
  }
  .title {
    font-size: calc(var(--_font-size) * 1.15);
    font-weight: 600;
  }
  .toolbar {
    display: flex;
    gap: 2px;
  }
  .why {
    grid-column: 1 / -1;
    margin-block-start: 2px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }

  /* ------------------------------------------------------------ states */
  .notice {
    padding: var(--client-widget-padding);
    border-radius: var(--client-widget-radius);
    background: var(--client-widget-section-background);
    border: 1px dashed var(--_color-border);
    display: grid;
    gap: 4px;
  }
  .notice:focus {
    outline: none;
  }
  .notice:focus-visible {
    outline: 2px solid var(--_color-focus);
  }
  .notice-title {
    font-weight: 600;
  }
  .loading-line,
  .notice-line {
    padding: 4px;
  }
  .content {
    display: flex;
    flex-direction: column;
    gap: var(--client-widget-gap);
  }

  .on-demand {
    margin: 4px 0 0;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .on-demand[role='alert'] {
    color: var(--_color-danger);
  }
`;

/** Every rule, in cascade order (the parts live in `client-widget.*.styles.ts`); the settings panel's and the detach confirmation's come with their on-demand chunk (client-widget.windows.ts). */
export const clientWidgetStyles = [clientWidgetStylesBase, clientWidgetStylesSections];
