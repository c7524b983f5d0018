/** Styles of `<chat-window>`. Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

export const chatWindowStyles = css`
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
  .uploads {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .upload {
    display: flex;
    align-items: center;
    gap: 8px;
    max-inline-size: 280px;
    padding: 4px 4px 4px 6px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }
  .upload.failed {
    border-color: var(--_color-danger);
  }
  .upload-thumb {
    inline-size: 40px;
    block-size: 40px;
    object-fit: cover;
    border-radius: 4px;
  }
  .upload-icon .icon {
    inline-size: 28px;
    block-size: 28px;
    color: var(--_color-accent);
  }
  .upload-text {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    flex: 1;
  }
  .upload-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .upload-meta,
  .upload-error {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .upload-error {
    color: var(--_color-danger);
  }
  .upload-progress {
    inline-size: 100%;
    block-size: 4px;
    accent-color: var(--_color-accent);
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

  /* ------------------------------------------------------------ modals */
  .modal {
    inline-size: min(460px, 92vw);
    max-block-size: 86vh;
  }
  .modal-title {
    margin: 0 0 10px;
    font-size: calc(var(--_font-size) * 1.15);
  }
  .modal-form {
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .modal-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-block-start: 12px;
  }
  a.button {
    text-decoration: none;
  }
  .note {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .field input,
  .field textarea,
  .search {
    padding: 6px 8px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    color: var(--_color-text);
    font: inherit;
  }
  .field textarea {
    resize: vertical;
  }
  .search-field {
    display: flex;
    align-items: center;
    gap: 6px;
    color: var(--_color-text-muted);
  }
  .search {
    flex: 1;
  }
  .choices {
    max-block-size: 46vh;
    overflow-y: auto;
  }
  .choices fieldset {
    margin: 0 0 8px;
    padding: 0;
    border: 0;
  }
  .choices legend {
    padding: 0;
    margin-block-end: 4px;
    font-size: var(--_font-size-small);
    font-weight: 600;
    color: var(--_color-text-muted);
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 8px;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .choice:hover {
    background: var(--_color-surface-hover);
  }
  .choice.disabled {
    cursor: default;
    color: var(--_color-text-muted);
  }
  .choice-name {
    flex: 1;
  }
  .choice-note {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .presence {
    inline-size: 8px;
    block-size: 8px;
    border-radius: 50%;
    background: var(--_color-border);
  }
  .presence.online {
    background: var(--_color-success);
  }
  .presence.bot {
    background: var(--_color-bubble-bot);
    box-shadow: inset 0 0 0 1px var(--_color-text-muted);
  }
  .image-modal {
    inline-size: min(900px, 94vw);
  }
  .image-full {
    display: block;
    max-inline-size: 100%;
    max-block-size: 70vh;
    margin-inline: auto;
    border-radius: 6px;
  }
  .attachments-modal {
    inline-size: min(900px, 94vw);
    block-size: min(720px, 90vh);
    padding: 0;
  }
  .attachments-modal attachment-viewer {
    display: block;
    block-size: 100%;
  }

  /* Narrow windows (a phone, a side panel of an order card): actions under the title, wider bubbles. */
  @container (max-width: 520px) {
    .header {
      grid-template-columns: minmax(0, 1fr);
    }
    .actions {
      justify-content: flex-start;
      margin-block-start: 6px;
      margin-inline-start: -6px;
    }
    .message {
      max-inline-size: max(var(--chat-window-bubble-max-width), 86%);
    }
    .feed-scroller {
      padding-inline: 8px;
    }
    /*
     * No room beside the bubble: the message's actions float over its top edge, anchored on the
     * side that faces the open space (start for incoming, end for outgoing), so however short the
     * bubble they never reach past the feed.
     */
    .message-actions,
    .message.out .message-actions {
      inset-block-start: -10px;
      inset-inline-start: 0;
      inset-inline-end: auto;
      z-index: 1;
      box-shadow: 0 2px 6px var(--_color-shadow);
    }
    .message.out .message-actions {
      inset-inline-start: auto;
      inset-inline-end: 0;
    }
  }
  /* Touch screens without hover, narrow: the actions stay in the flow under the bubble. */
  @media (hover: none) {
    @container (max-width: 520px) {
      .message-actions,
      .message.out .message-actions {
        position: static;
        margin-block-start: 2px;
        box-shadow: none;
      }
    }
  }

  /* Forced colours (Windows high contrast): backgrounds and shadows are gone; borders carry the shapes. */
  @media (forced-colors: active) {
    .bubble,
    .event,
    .composer-quote,
    .upload {
      border: 1px solid CanvasText;
    }
    .message.out .bubble {
      border-inline-end-width: 4px;
    }
    .message.highlighted .bubble,
    .message.failed .bubble {
      outline: 2px solid Highlight;
    }
    .badge,
    .new-marker {
      border-color: CanvasText;
    }
    .actions .icon-button[aria-disabled='true'] {
      color: GrayText;
    }
    .status-failed,
    .failure,
    .error,
    .over-limit {
      color: CanvasText;
    }
    .drop-overlay span {
      border-color: Highlight;
    }
  }
`;
