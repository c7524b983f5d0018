/** The events of `<chat-window>` and their details. */
import type { Id } from '../../sdk/model.js';

/** A header action that succeeded (the `action` of `dialog-action`). */
export type ChatWindowAction = 'close' | 'reopen' | 'reassign' | 'mark-unread' | 'block' | 'unblock' | 'detach';

/** Detail of `message-send`. */
export interface MessageSendDetail {
  dialogId: Id;
  /** The client-generated id of the queued message (its idempotency key). */
  messageId: Id;
}

/** Detail of `show-attachments`. */
export interface ShowAttachmentsDetail {
  dialogId: Id;
}

/** Detail of `dialog-action`. */
export interface DialogActionDetail {
  dialogId: Id;
  action: ChatWindowAction;
}

/** Detail of `composer-escape`. */
export interface ComposerEscapeDetail {
  dialogId: Id;
}

/** Detail of `quick-reply-create`. */
export interface QuickReplyCreateDetail {
  dialogId: Id;
  quickReplyId: Id;
  /** The message it was created from. */
  messageId: Id;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** `<chat-window>`: the operator sent a message (queued). */
    'message-send': CustomEvent<MessageSendDetail>;
    /** `<chat-window>`: "Show attachments" (H6) was pressed; cancel it to show your own viewer. */
    'show-attachments': CustomEvent<ShowAttachmentsDetail>;
    /** `<chat-window>`: a header action succeeded. */
    'dialog-action': CustomEvent<DialogActionDetail>;
    /** `<chat-window>`: a quick reply was created from a message (M1). */
    'quick-reply-create': CustomEvent<QuickReplyCreateDetail>;
    /** `<chat-window>`: Escape in the message input with no quote to remove. Cancelable. */
    'composer-escape': CustomEvent<ComposerEscapeDetail>;
  }
}
