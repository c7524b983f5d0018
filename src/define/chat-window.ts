/**
 * Registers `<chat-window>` and exports its class and event details; importing it also brings the
 * `HTMLElementTagNameMap` and event-map declarations into scope.
 */
import { ChatWindow } from '../../components/chat-window/chat-window.js';
import { defineElement } from '../../components/define-element.js';

export {
  ChatWindow,
  type ChatWindowAction,
  type ComposerEscapeDetail,
  type DialogActionDetail,
  type MessageSendDetail,
  type QuickReplyCreateDetail,
  type ShowAttachmentsDetail,
} from '../../components/chat-window/chat-window.js';

defineElement('chat-window', ChatWindow);
