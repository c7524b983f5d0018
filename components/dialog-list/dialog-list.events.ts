/** The events of `<dialog-list>`: their details, and their place in `GlobalEventHandlersEventMap`. */
import type { Id } from '../../sdk/model.js';
import type { DeleteResult } from '../../sdk/protocol.js';

/** Detail of `dialog-select`. */
export interface DialogSelectDetail {
  dialogId: Id;
  /**
   * L6: opened from a search result, the message the search matched in it (the row showed it): a
   * host may scroll the chat to it (`<chat-window>.scrollToMessage`).
   */
  messageId?: Id | undefined;
}

/** Detail of `dialog-selection-change`. */
export interface DialogSelectionChangeDetail {
  selection: Id[];
}

/** Detail of `dialogs-delete`. */
export interface DialogsDeleteDetail {
  results: DeleteResult[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** `<dialog-list>`/`<chat-alerts>`: a dialog was opened. Cancelable. */
    'dialog-select': CustomEvent<DialogSelectDetail>;
    /** `<dialog-list>`: the selection changed (D1-D3). */
    'dialog-selection-change': CustomEvent<DialogSelectionChangeDetail>;
    /** `<dialog-list>`: a confirmed delete finished (D1-D4). */
    'dialogs-delete': CustomEvent<DialogsDeleteDetail>;
  }
}
