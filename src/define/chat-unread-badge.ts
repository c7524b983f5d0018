/** Registers `<chat-unread-badge>` (N2). */
import { ChatUnreadBadge } from '../../components/unread-badge/unread-badge.js';
import { defineElement } from '../../components/define-element.js';

defineElement('chat-unread-badge', ChatUnreadBadge);
