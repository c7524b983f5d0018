/**
 * Registers `<chat-unread-badge>` (N2) and exports its class; importing it also brings the
 * `HTMLElementTagNameMap` declaration into scope.
 */
import { ChatUnreadBadge } from '../../components/unread-badge/unread-badge.js';
import { defineElement } from '../../components/define-element.js';

export { ChatUnreadBadge } from '../../components/unread-badge/unread-badge.js';

defineElement('chat-unread-badge', ChatUnreadBadge);
