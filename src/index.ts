/**
 * chatdesk: an embeddable operator chat inbox. Element classes are exported without registering
 * them; import `chatdesk/define` (or one `chatdesk/define/<tag>`) to register the default tags.
 * @packageDocumentation
 */
export * from '../sdk/index.js';
export * from './locales.js';
export * from './theme.js';
export { eventDetail } from './events.js';
export { chatClientContext, localeContext } from '../components/context.js';
export { ChatdeskElement, StoreWatcher } from '../components/base.js';
export { defineElement } from '../components/define-element.js';
export { ChatProvider } from '../components/chat-provider/chat-provider.js';
export { TagFilter, type TagFilterChangeDetail } from '../components/tag-filter/tag-filter.js';
export { AttachmentViewer, type AttachmentForwardDetail, type AttachmentSaveDetail, type AttachmentTab, type AttachmentViewerCloseDetail } from '../components/attachment-viewer/attachment-viewer.js';
export { DialogList, type DialogSelectDetail, type DialogSelectionChangeDetail, type DialogsDeleteDetail } from '../components/dialog-list/dialog-list.js';
export { ChatUnreadBadge } from '../components/unread-badge/unread-badge.js';
export { ChatAlerts, type AlertsPosition } from '../components/message-alerts/message-alerts.js';
export { ChatSettingsPanel, type ChatSettingsChangeDetail } from '../components/chat-settings/chat-settings.js';
export { ChatWindow } from '../components/chat-window/chat-window.js';
export type { ChatWindowAction, ComposerEscapeDetail, DialogActionDetail, MessageSendDetail, QuickReplyCreateDetail, ShowAttachmentsDetail } from '../components/chat-window/chat-window.js';
export { ClientWidget, type ClientDetachDetail, type ClientTagsChangeDetail, type ClientWidgetMode, type OrderProvider } from '../components/client-widget/client-widget.js';
export type { ClientWidgetContent, ClientWidgetDefinition, ClientWidgetRenderContext } from '../components/client-widget/host-widgets.js';
export {
  createLocalWidgetSettingsStore,
  defaultWidgetSettingsStore,
  type LocalWidgetSettingsOptions,
  type SectionId,
  type WidgetLayout,
  type WidgetLayoutEntry,
  type WidgetSettingsStore,
} from '../components/client-widget/widget-settings.js';
export { ChatInbox, type InboxLayout, type InboxPane, type InboxPaneChangeDetail } from '../components/chat-inbox/chat-inbox.js';
export { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS, setShortcuts, type ShortcutAction, type ShortcutConfig, type ShortcutKeys, type ShortcutMap } from '../components/internal/shortcuts.js';
