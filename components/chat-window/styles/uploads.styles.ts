/** `<chat-window>`: the attached files' chips (in the on-demand chunk, chat-window.modals.ts). Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** The attached files' chips: preview or icon, name, size, progress, failure, remove button (P1, P2). */
export const uploadsStyles = css`
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
`;
