/** `<chat-window>`: the modal dialogs (reassign, detach, quick reply, image, attachments). Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** `<chat-window>`: the modal dialogs (reassign, detach, quick reply, image, attachments). */
export const modalStyles = css`
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

`;
