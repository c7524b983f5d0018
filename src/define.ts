/** Registers every chatdesk element under its default tag name (skipping tags already defined). */
import './define/chat-provider.js';
import './define/tag-filter.js';
import './define/attachment-viewer.js';
import './define/dialog-list.js';
import './define/chat-unread-badge.js';
import './define/chat-alerts.js';
import './define/chat-window.js';
import './define/client-widget.js';
import './define/chat-inbox.js';
