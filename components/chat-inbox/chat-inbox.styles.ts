/** Styles of `<chat-inbox>`. Colours only through tokens (`--_*` aliases of `--chatdesk-*`). */
import { css } from 'lit';

export const inboxStyles = css`
  :host {
    --_divider: var(--chat-inbox-divider, var(--_color-border));
    display: block;
    position: relative;
    block-size: 100%;
    min-block-size: 0;
    min-inline-size: 0;
    overflow: hidden;
    background: var(--_color-bg);
  }
  .panes {
    position: relative;
    display: grid;
    block-size: 100%;
    grid-template-columns: var(--chat-inbox-list-width, clamp(260px, 28%, 360px)) minmax(0, 1fr) var(--chat-inbox-client-width, clamp(240px, 24%, 320px));
    grid-template-rows: minmax(0, 1fr);
  }
  :host([layout='two']) .panes {
    grid-template-columns: var(--chat-inbox-list-width, clamp(240px, 36%, 340px)) minmax(0, 1fr);
  }
  :host([layout='one']) .panes {
    grid-template-columns: minmax(0, 1fr);
  }
  .pane {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    min-block-size: 0;
    overflow: hidden;
    background: var(--_color-bg);
  }
  .pane[hidden] {
    display: none;
  }
  .pane:focus {
    outline: none;
  }
  .pane:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: -2px;
  }
  :host(:not([layout='one'])) .list-pane {
    border-inline-end: 1px solid var(--_divider);
  }
  :host([layout='three']) .client-pane {
    border-inline-start: 1px solid var(--_divider);
  }
  .pane > slot > *,
  ::slotted(*) {
    flex: 1 1 auto;
    min-block-size: 0;
    min-inline-size: 0;
  }
  .client-pane > slot > *,
  .client-pane ::slotted(*) {
    overflow: auto;
  }

  /* Two panes: the client block is a drawer over the chat. */
  .client-pane.drawer {
    position: absolute;
    inset-block: 0;
    inset-inline-end: 0;
    z-index: 3;
    inline-size: min(var(--chat-inbox-drawer-width, 340px), 90%);
    border-inline-start: 1px solid var(--_divider);
    box-shadow: -8px 0 24px var(--_color-shadow);
  }
  :host(:dir(rtl)) .client-pane.drawer {
    box-shadow: 8px 0 24px var(--_color-shadow);
  }

  /* Headings and bars */
  .pane-heading {
    margin: 0;
    padding: 10px 14px 6px;
    font-size: calc(var(--_font-size) * 1.15);
    font-weight: 600;
  }
  .pane-heading:focus {
    outline: none;
  }
  .pane-heading:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: -2px;
  }
  .pane-bar {
    display: flex;
    align-items: center;
    gap: 4px;
    flex: none;
    min-block-size: 44px;
    padding: 4px 6px;
    border-block-end: 1px solid var(--_divider);
    background: var(--_color-surface);
  }
  .spacer {
    flex: 1;
  }
  .bar-button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-block-size: 36px;
    padding: 4px 10px;
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_color-text);
    cursor: pointer;
    white-space: nowrap;
  }
  .bar-button:hover {
    background: var(--_color-surface-hover);
  }
  .bar-button[aria-expanded='true'] {
    background: var(--_color-surface-selected);
    border-color: var(--_color-accent);
  }
  :host(:dir(rtl)) .bar-button .icon {
    transform: scaleX(-1);
  }

  /* The skip link: out of sight until it has focus. */
  .skip-link {
    position: absolute;
    inset-block-start: 8px;
    inset-inline-start: 8px;
    z-index: 10;
    padding: 8px 14px;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_color-accent);
    color: var(--_color-accent-text);
    font-weight: 600;
    cursor: pointer;
    transform: translateY(-200%);
  }
  .skip-link:focus {
    transform: none;
  }

  /* Go to a dialog */
  dialog.jump {
    inline-size: min(520px, calc(100vw - 24px));
    padding: 0;
    margin-block-start: 12vh;
  }
  .jump-title {
    margin: 0;
    padding: 14px 16px 6px;
    font-size: calc(var(--_font-size) * 1.15);
  }
  .jump-count,
  .jump-hint {
    margin: 0;
    padding: 6px 16px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .jump-hint {
    padding-block-end: 14px;
  }
  .jump-hint[role='alert'] {
    color: var(--_color-danger);
  }

  @media (forced-colors: active) {
    .bar-button[aria-expanded='true'] {
      border-color: Highlight;
    }
    .client-pane.drawer {
      border-inline-start: 2px solid CanvasText;
    }
    .skip-link {
      border: 2px solid CanvasText;
    }
  }
`;
