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

const es: Record<keyof typeof en, string> = {
  region: 'Mensajes nuevos',
  newMessage: 'Mensaje nuevo',
  open: 'Abrir el diálogo con {name}',
  dismiss: 'Descartar',
  dismissAll: 'Descartar todos',
  more: '+{count} más',
  announceOne: 'Mensaje nuevo de {name}: {text}',
  announceMany: '{count} mensajes nuevos',
  announceMany_one: '{count} mensaje nuevo',
  announceMany_other: '{count} mensajes nuevos',
};

// Russian adds the `_few` / `_many` plural forms.
const ru = {
  region: 'Новые сообщения',
  newMessage: 'Новое сообщение',
  open: 'Открыть диалог с клиентом {name}',
  dismiss: 'Скрыть',
  dismissAll: 'Скрыть все',
  more: 'Ещё {count}',
  announceOne: 'Новое сообщение от {name}: {text}',
  announceMany: '{count} новых сообщения',
  announceMany_one: '{count} новое сообщение',
  announceMany_few: '{count} новых сообщения',
  announceMany_many: '{count} новых сообщений',
  announceMany_other: '{count} новых сообщения',
};

/** `<chat-alerts>` strings. */
export const messages: Bundle<keyof typeof en> = defineBundle('chat-alerts', { en, es, ru });
