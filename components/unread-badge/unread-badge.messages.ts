/** Strings of `<chat-unread-badge>` (N2). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  unread: '{count} unread dialogs',
  unread_one: '{count} unread dialog',
  unread_other: '{count} unread dialogs',
  none: 'No unread dialogs',
};

// Russian adds the `_few` / `_many` plural forms.
/** `<chat-unread-badge>` strings. */
export const messages: Bundle<keyof typeof en> = defineBundle('chat-unread-badge', { en });
