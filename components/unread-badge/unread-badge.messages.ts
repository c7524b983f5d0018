/** Strings of `<chat-unread-badge>` (N2). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  unread: '{count} unread dialogs',
  unread_one: '{count} unread dialog',
  unread_other: '{count} unread dialogs',
  none: 'No unread dialogs',
};

const es: Record<keyof typeof en, string> = {
  unread: '{count} diálogos sin leer',
  unread_one: '{count} diálogo sin leer',
  unread_other: '{count} diálogos sin leer',
  none: 'No hay diálogos sin leer',
};

// Russian adds the `_few` / `_many` plural forms.
const ru = {
  unread: '{count} непрочитанного диалога',
  unread_one: '{count} непрочитанный диалог',
  unread_few: '{count} непрочитанных диалога',
  unread_many: '{count} непрочитанных диалогов',
  unread_other: '{count} непрочитанного диалога',
  none: 'Нет непрочитанных диалогов',
};

/** `<chat-unread-badge>` strings. */
export const messages: Bundle<keyof typeof en> = defineBundle('chat-unread-badge', { en, es, ru });
