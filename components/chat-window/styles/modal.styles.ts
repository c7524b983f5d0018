/** `<chat-window>`: the modal dialogs (reassign, detach, quick reply, image, attachments). Colours only through the `--_*` aliases of the `--chatdesk-*` tokens. */
import { css } from 'lit';

/** `<chat-window>`: the frame of its modal dialogs (the attachments window's whole; the others' content brings its own). */
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
  .modal-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-block-start: 12px;
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
  .modal-failed {
    color: var(--_color-danger);
  }
`;
