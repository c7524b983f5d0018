/** Styles of `<chat-window>`, by part. Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css, type CSSResult } from 'lit';
import { composerStyles } from './styles/composer.styles.js';
import { messageStyles } from './styles/message.styles.js';
import { modalStyles } from './styles/modal.styles.js';
import { responsiveStyles } from './styles/responsive.styles.js';

/** The window, its empty states, the header and the feed's frame. */
export const frameStyles = css`
  :host {
    --chat-window-bubble-radius: var(--chatdesk-radius, 8px);
    --chat-window-bubble-max-width: 72%;
    --chat-window-header-padding: 10px 14px;
    --chat-window-feed-padding: 14px;
    --chat-window-input-max-height: 200px;
    --chat-window-min-height: 320px;
    display: flex;
    flex-direction: column;
    position: relative;
    block-size: 100%;
    min-block-size: var(--chat-window-min-height);
    background: var(--_color-bg);
    overflow: hidden;
    line-height: 1.4;
  }
  p {
    margin: 0;
  }
  .window {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-block-size: 0;
    position: relative;
    container-type: inline-size;
  }
  /* ------------------------------------------------------------ empty states */
  .empty {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 12px;
    padding: 24px;
    text-align: center;
    color: var(--_color-text-muted);
  }
  .empty-icon .icon {
    inline-size: 40px;
    block-size: 40px;
    opacity: 0.5;
  }
  .spinner {
    display: inline-block;
    inline-size: 16px;
    block-size: 16px;
    border: 2px solid var(--_color-border);
    border-block-start-color: var(--_color-accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .empty .spinner {
    inline-size: 32px;
    block-size: 32px;
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
    column-gap: 12px;
    padding: var(--chat-window-header-padding);
    border-block-end: 1px solid var(--_color-border);
    background: var(--_color-bg);
  }
  .who {
    min-inline-size: 0;
  }
  .title {
    margin: 0;
    font-size: calc(var(--_font-size) * 1.15);
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 10px;
    margin-block-start: 2px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .channel {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .channel .icon {
    inline-size: 16px;
    block-size: 16px;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    padding: 0 8px;
    border-radius: 999px;
    border: 1px solid var(--_color-border);
    background: var(--_color-surface);
    color: var(--_color-text);
    line-height: 18px;
  }
  .badge.closed {
    background: var(--_color-surface-selected);
  }
  .badge.danger {
    background: var(--_color-danger-bg);
    border-color: var(--_color-danger);
    color: var(--_color-danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 2px;
  }
  .actions .block,
  .actions .detach {
    color: var(--_color-text-muted);
  }
  .actions .unblock {
    color: var(--_color-danger);
  }
  /* An action runs: the buttons keep focus (never disabled) and say they are busy. */
  .actions .icon-button[aria-disabled='true'] {
    opacity: 0.45;
    cursor: progress;
  }
  .title:focus-visible {
    outline-offset: 0;
  }
  .why,
  .header-status,
  .header-error {
    grid-column: 1 / -1;
    font-size: var(--_font-size-small);
  }
  .why {
    margin-block-start: 6px;
    color: var(--_color-text-muted);
  }
  .header-status:empty,
  .header-error:empty {
    display: none;
  }
  .header-status {
    margin-block-start: 6px;
    color: var(--_color-success);
  }
  .header-error {
    margin-block-start: 6px;
    color: var(--_color-danger);
  }

  /* ------------------------------------------------------------ feed */
  .feed-area {
    position: relative;
    flex: 1;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
    background: var(--_color-surface);
  }
  .feed-scroller {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    overflow-anchor: none;
    overscroll-behavior: contain;
    position: relative;
    padding-inline: var(--chat-window-feed-padding);
    contain: strict;
  }
  .feed-scroller:focus-visible {
    outline-offset: -2px;
  }
  .feed-sizer {
    position: relative;
    inline-size: 100%;
  }
  .feed-window {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
  }
  .feed-loading {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    color: var(--_color-text-muted);
    pointer-events: none;
  }
  .row {
    display: flex;
    flex-direction: column;
    padding-block: 4px;
  }
  .row-in {
    align-items: flex-start;
  }
  .row-out {
    align-items: flex-end;
  }
  .row-event {
    align-items: center;
  }
  .top-row {
    block-size: 68px;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: flex-end;
    gap: 4px;
  }
  .top-status {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .feed-error {
    position: absolute;
    inset-block-start: 8px;
    inset-inline: 16px;
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 10px;
    padding: 6px 12px;
    border-radius: var(--_radius);
    border: 1px solid var(--_color-danger);
    background: var(--_color-danger-bg);
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
    z-index: 1;
  }
  .button.small {
    padding: 2px 10px;
    font-size: var(--_font-size-small);
  }
  .day {
    display: flex;
    justify-content: center;
    align-self: stretch;
    block-size: 28px;
    align-items: center;
    margin-block-start: 8px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .day span {
    padding: 2px 10px;
    border-radius: 999px;
    background: var(--_color-bg);
    border: 1px solid var(--_color-border);
  }

`;

/** Every style of `<chat-window>`, in cascade order (the responsive rules last). */
export const chatWindowStyles: CSSResult[] = [frameStyles, messageStyles, composerStyles, modalStyles, responsiveStyles];
