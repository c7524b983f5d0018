/** Strings of `<chat-inbox>` (English; es and ru are in components/locales/). Plural forms use `_one` / `_few` / `_many` / `_other`. */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  label: 'Chat inbox',
  'pane.list': 'Dialogs',
  'pane.chat': 'Conversation',
  'pane.client': 'Client',
  skip: 'Skip to the message input',
  'back.list': 'Back to dialogs',
  'back.chat': 'Back to the conversation',
  'client.show': 'Client details',
  'drawer.close': 'Close client details',
  'announce.opened': 'Opened: {name}',
  'announce.noNext': 'No next dialog in the list.',
  'announce.noPrevious': 'No previous dialog in the list.',
  'announce.noNextUnread': 'No unread dialog below this one.',
  'announce.noPreviousUnread': 'No unread dialog above this one.',
  'jump.title': 'Go to a dialog',
  'jump.label': 'Client or dialog name',
  'jump.placeholder': 'Type a name…',
  'jump.results': 'Dialogs found',
  'jump.count': '{count} dialogs found',
  'jump.count_one': '{count} dialog found',
  'jump.count_other': '{count} dialogs found',
  'jump.recent': 'Recent dialogs: {count}',
  'jump.more': '{count} dialogs match; the first {shown} are shown: type more of the name.',
  'jump.none': 'No dialog matches “{query}”.',
  'jump.unread': '{count} unread',
  'jump.closed': 'Closed',
  'jump.hint': '↑ ↓ to choose, Enter to open, Esc to close.',
};

export const inboxStrings: Bundle<keyof typeof en> = defineBundle('chat-inbox', { en });

/** A string key of `<chat-inbox>`. */
export type InboxKey = keyof typeof en;
