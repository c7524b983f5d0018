/** Strings of `<chat-alerts>` (N1). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  region: 'New messages',
  newMessage: 'New message',
  open: 'Open the dialog with {name}',
  dismiss: 'Dismiss',
  dismissAll: 'Dismiss all',
  more: '+{count} more',
  announceOne: 'New message from {name}: {text}',
  announceMany: '{count} new messages',
  announceMany_one: '{count} new message',
  announceMany_other: '{count} new messages',
};

// Russian adds the `_few` / `_many` plural forms.
/** `<chat-alerts>` strings. */
export const messages: Bundle<keyof typeof en> = defineBundle('chat-alerts', { en });
