/** `<chat-window>`: the content of its modal windows. Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** The content of the reassign, detach, quick reply and image windows (in their on-demand chunk, chat-window.modals.ts). */
export const modalWindowStyles = css`
  .modal-form {
    display: flex;
    flex-direction: column;
    gap: 10px;
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
`;
