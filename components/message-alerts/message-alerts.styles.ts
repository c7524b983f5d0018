/** Styles of `<chat-alerts>`. */
import { css } from 'lit';

export const styles = css`
  :host {
    --_alerts-width: var(--chat-alerts-width, 340px);
    --_alerts-offset: var(--chat-alerts-offset, 16px);
    --_alerts-offset-inline: var(--chat-alerts-offset-inline, var(--_alerts-offset));
    --_alerts-offset-block: var(--chat-alerts-offset-block, var(--_alerts-offset));
    --_alerts-z: var(--chat-alerts-z-index, 1000);
    position: fixed;
    z-index: var(--_alerts-z);
    inset-block-end: var(--_alerts-offset-block);
    inset-inline-end: var(--_alerts-offset-inline);
    display: block;
    inline-size: min(var(--_alerts-width), calc(100vw - var(--_alerts-offset-inline) - var(--_alerts-offset)));
    pointer-events: none;
  }
  :host([position='top-end']) {
    inset-block-end: auto;
    inset-block-start: var(--_alerts-offset-block);
  }
  :host([position='top-start']) {
    inset-block-end: auto;
    inset-block-start: var(--_alerts-offset-block);
    inset-inline-end: auto;
    inset-inline-start: var(--_alerts-offset-inline);
  }
  :host([position='bottom-start']) {
    inset-inline-end: auto;
    inset-inline-start: var(--_alerts-offset-inline);
  }
  :host([position='inline']) {
    position: static;
    inline-size: auto;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  :host([position^='top']) .stack {
    flex-direction: column-reverse;
  }
  .toast {
    pointer-events: auto;
    position: relative;
    display: flex;
    align-items: flex-start;
    border: 1px solid var(--_color-border);
    border-inline-start: 4px solid var(--_color-accent);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    box-shadow: 0 8px 24px var(--_color-shadow);
    overflow: hidden;
  }
  .open {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 10px 4px 10px 12px;
    border: 0;
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .open:hover {
    background: var(--_color-surface-hover);
  }
  .top {
    display: flex;
    align-items: center;
    gap: 6px;
    min-inline-size: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .top .icon {
    inline-size: 14px;
    block-size: 14px;
    color: var(--_color-accent);
  }
  .channel {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .name {
    font-weight: 700;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .text {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
    overflow-wrap: anywhere;
    white-space: pre-line;
    color: var(--_color-text);
  }
  .dismiss {
    flex: none;
    margin: 4px;
  }
  .footer {
    pointer-events: auto;
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
    padding: 4px 8px;
    border-radius: var(--_radius);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .link-button {
    border: 0;
    background: none;
    color: var(--_color-link);
    text-decoration: underline;
    cursor: pointer;
    font-size: inherit;
  }
  @media (prefers-reduced-motion: no-preference) {
    .toast {
      animation: enter 160ms ease-out;
    }
    @keyframes enter {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
  }
`;
