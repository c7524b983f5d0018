/**
 * Registers every chatdesk element under its default tag name (skipping tags already defined) and
 * exports their classes and event details, so `import 'chatdesk/define'` also types
 * `document.querySelector('tag-filter')` and `addEventListener('tag-filter-change', ...)`.
 */
export * from './define/chat-provider.js';
export * from './define/tag-filter.js';
export * from './define/attachment-viewer.js';
export * from './define/dialog-list.js';
export * from './define/chat-unread-badge.js';
export * from './define/chat-alerts.js';
export * from './define/chat-window.js';
export * from './define/client-widget.js';
export * from './define/chat-inbox.js';
