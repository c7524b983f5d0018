/**
 * Registers `<chat-inbox>` and the elements its panes hold by default: `<dialog-list>` (with
 * `<tag-filter>`), `<chat-window>`, `<client-widget>` and `<attachment-viewer>`, and exports their
 * classes and event details; importing it also brings the `HTMLElementTagNameMap` and event-map
 * declarations into scope.
 */
import { ChatInbox } from '../../components/chat-inbox/chat-inbox.js';
import { defineElement } from '../../components/define-element.js';

export * from './dialog-list.js';
export * from './chat-window.js';
export * from './client-widget.js';
export * from './attachment-viewer.js';
export { ChatInbox, type InboxLayout, type InboxPane, type InboxPaneChangeDetail } from '../../components/chat-inbox/chat-inbox.js';

defineElement('chat-inbox', ChatInbox);
