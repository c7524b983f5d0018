/** `<chat-window>`: message rows, bubbles, quotes, attachments, statuses, events and markers. Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** `<chat-window>`: message rows, bubbles, quotes, attachments, statuses, events and markers. */
export const messageStyles = css`
  /* messages */
  .message {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    max-inline-size: var(--chat-window-bubble-max-width);
    min-inline-size: 0;
    border-radius: var(--chat-window-bubble-radius);
  }
  .message.out {
    align-items: flex-end;
  }
  .bubble {
    max-inline-size: 100%;
  }
  .message:focus-visible,
  .event:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .bubble {
    padding: 6px 10px 4px;
    border-radius: var(--chat-window-bubble-radius);
    background: var(--_color-bubble-in);
    color: var(--_color-bubble-in-text);
    overflow-wrap: anywhere;
    box-shadow: 0 1px 1px var(--_color-shadow);
  }
  .message.out .bubble {
    background: var(--_color-bubble-out);
    color: var(--_color-bubble-out-text);
  }
  .message.author-bot .bubble {
    background: var(--_color-bubble-bot);
    color: var(--_color-bubble-in-text);
  }
  .message.highlighted .bubble {
    outline: 2px solid var(--_color-accent);
    outline-offset: 2px;
  }
  .message.failed .bubble {
    box-shadow: inset 0 0 0 1px var(--_color-danger);
  }
  .byline {
    font-size: var(--_font-size-small);
    font-weight: 600;
    color: var(--_color-text-muted);
    margin-block-end: 2px;
  }
  .message.out .byline {
    color: inherit;
    opacity: 0.85;
  }
  .text {
    white-space: pre-wrap;
  }
  .text a,
  .modal a:not(.button) {
    color: var(--_color-link);
    text-decoration: underline;
  }
  .meta {
    display: flex;
    justify-content: flex-end;
    align-items: center;
    gap: 4px;
    margin-block-start: 2px;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .message.out .meta {
    color: inherit;
  }
  .status {
    display: inline-flex;
  }
  .status .icon {
    inline-size: 16px;
    block-size: 16px;
  }
  .status-read {
    color: var(--_color-read);
  }
  .status-queued,
  .status-sent {
    opacity: 0.75;
  }
  .status-failed {
    color: var(--_color-danger);
  }
  .quote {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    inline-size: 100%;
    margin-block: 2px 4px;
    padding: 4px 8px;
    border: 0;
    border-inline-start: 3px solid var(--_color-accent);
    border-radius: 4px;
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .quote:hover {
    background: var(--_color-surface-hover);
  }
  .quote-author {
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .quote-text {
    font-size: var(--_font-size-small);
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    opacity: 0.85;
  }
  .attachments {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .image-button {
    display: block;
    max-inline-size: 100%;
    padding: 0;
    border: 0;
    border-radius: 6px;
    overflow: hidden;
    background: var(--_color-surface-hover);
    cursor: zoom-in;
  }
  .image-button img {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  .file-link {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    grid-template-rows: auto auto;
    column-gap: 8px;
    align-items: center;
    padding: 6px 8px;
    border-radius: 6px;
    border: 1px solid var(--_color-border);
    background: var(--_color-bg);
    color: var(--_color-text);
    text-decoration: none;
    min-inline-size: 180px;
  }
  .file-link:hover {
    background: var(--_color-surface-hover);
  }
  .file-link .icon {
    grid-row: 1 / 3;
    inline-size: 24px;
    block-size: 24px;
    color: var(--_color-accent);
  }
  .file-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .file-meta {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .attachment.unavailable {
    display: flex;
    align-items: center;
    gap: 6px;
    max-inline-size: 100%;
    padding: 8px;
    border-radius: 6px;
    border: 1px dashed var(--_color-border);
    background: var(--_color-bg);
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .attachment.unavailable .icon {
    color: var(--_color-warning);
  }
  .failure {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 4px 8px;
    margin-block-start: 4px;
    color: var(--_color-danger);
    font-size: var(--_font-size-small);
  }
  .message.in .failure {
    justify-content: flex-start;
  }
  .retry-later {
    color: var(--_color-text-muted);
  }
  .message-actions {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: calc(100% + 4px);
    display: flex;
    gap: 2px;
    padding: 2px;
    border-radius: var(--_radius);
    background: var(--_color-bg);
    border: 1px solid var(--_color-border);
    opacity: 0;
    pointer-events: none;
    transition: opacity 0.12s;
  }
  .message.out .message-actions {
    inset-inline-start: auto;
    inset-inline-end: calc(100% + 4px);
  }
  .message:hover .message-actions,
  .message:focus-within .message-actions {
    opacity: 1;
    pointer-events: auto;
  }
  @media (hover: none) {
    .message-actions {
      opacity: 1;
      pointer-events: auto;
    }
  }
  .message-actions .icon-button {
    inline-size: 28px;
    block-size: 28px;
  }
  .event {
    max-inline-size: 90%;
    padding: 4px 12px;
    border-radius: 999px;
    background: var(--_color-bg);
    border: 1px solid var(--_color-border);
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
    text-align: center;
  }
  .new-marker {
    position: absolute;
    inset-block-end: 12px;
    inset-inline-end: 18px;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px;
    border-radius: 999px;
    border: 1px solid var(--_color-border);
    background: var(--_color-bg);
    color: var(--_color-text);
    box-shadow: 0 4px 12px var(--_color-shadow);
    cursor: pointer;
  }
  .new-marker.has-new {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-text);
  }

`;
