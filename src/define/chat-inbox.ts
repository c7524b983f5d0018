/**
 * Registers `<chat-inbox>` and the elements its panes hold by default: `<dialog-list>` (with
 * `<tag-filter>`), `<chat-window>`, `<client-widget>` and `<attachment-viewer>`.
 */
import { ChatInbox } from '../../components/chat-inbox/chat-inbox.js';
import { defineElement } from '../../components/define-element.js';
import './dialog-list.js';
import './chat-window.js';
import './client-widget.js';
import './attachment-viewer.js';

defineElement('chat-inbox', ChatInbox);
