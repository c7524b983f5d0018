/** `<chat-window>`: the compose area and the notice that replaces it (the attached files' chips: uploads.styles.ts). Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** `<chat-window>`: the compose area, uploads and the notice that replaces it. */
export const composerStyles = css`
  /* ------------------------------------------------------------ composer */
  .offline {
    padding: 6px 14px;
    border-block-start: 1px solid var(--_color-border);
    background: var(--_color-warning-bg);
    color: var(--_color-text);
    font-size: var(--_font-size-small);
  }
  .composer {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 8px 12px 10px;
    border-block-start: 1px solid var(--_color-border);
    background: var(--_color-bg);
  }
  .composer-note {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .composer-quote {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 4px 4px 8px;
    border-inline-start: 3px solid var(--_color-accent);
    border-radius: 4px;
    background: var(--_color-surface);
  }
  .composer-quote > .icon {
    color: var(--_color-accent);
  }
  .composer-quote-body {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
  }
  .input-row {
    display: flex;
    align-items: flex-end;
    gap: 6px;
  }
  .input {
    flex: 1;
    min-inline-size: 0;
    min-block-size: 40px;
    max-block-size: var(--chat-window-input-max-height);
    field-sizing: content;
    resize: none;
    padding: 9px 10px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    color: var(--_color-text);
    font: inherit;
    line-height: 1.4;
  }
  .input::placeholder {
    color: var(--_color-text-muted);
    opacity: 1;
  }
  .input:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 0;
    border-color: var(--_color-focus);
  }
  .input[aria-invalid='true'] {
    border-color: var(--_color-danger);
  }
  .icon-button.send {
    inline-size: 40px;
    block-size: 40px;
    background: var(--_color-accent);
    color: var(--_color-accent-text);
  }
  .icon-button.send:hover {
    background: var(--_color-accent);
    color: var(--_color-accent-text);
    opacity: 0.9;
  }
  .icon-button.attach {
    inline-size: 40px;
    block-size: 40px;
  }
  .composer-footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 2px 12px;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .counter {
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
    color: var(--_color-text-muted);
  }
  .counter.over {
    color: var(--_color-danger);
    font-weight: 600;
  }
  .over-limit,
  .error {
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }
  .alerts:empty {
    display: none;
  }
  .button.dismiss {
    align-self: flex-start;
    padding: 2px 10px;
    font-size: var(--_font-size-small);
  }
  .composer-notice {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 12px 14px;
    border-block-start: 1px solid var(--_color-border);
    background: var(--_color-warning-bg);
    color: var(--_color-text);
  }
  .composer-notice > .icon {
    color: var(--_color-warning);
  }
  .composer-notice p {
    flex: 1;
  }
  .composer-notice.blocked {
    background: var(--_color-danger-bg);
  }
  .composer-notice.blocked > .icon {
    color: var(--_color-danger);
  }
  .drop-overlay {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    background: var(--_color-overlay);
    pointer-events: none;
    z-index: 2;
  }
  .drop-overlay span {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    padding: 16px 24px;
    border: 2px dashed var(--_color-accent);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    color: var(--_color-text);
    font-weight: 600;
  }

`;
