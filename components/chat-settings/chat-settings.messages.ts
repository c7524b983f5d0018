/** Strings of `<chat-settings>` (F2). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  title: 'Chat settings',
  limitLegend: 'Response-time limit',
  limitHint: 'A client waiting longer than this for an answer is overdue. Processing order sorts the dialog list by it; with no time limit, processing order is unavailable and the list sorts by last activity.',
  noLimit: 'No time limit',
  withLimit: 'Limit',
  minutes: 'minutes',
  minutesLabel: 'Response-time limit in minutes',
  invalidMinutes: 'Enter whole minutes from {min} to {max}.',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved.',
  current: 'Current limit: {value}',
  currentNone: 'Current limit: no time limit (processing order unavailable)',
  readOnly: 'Only an administrator can change the chat settings.',
};

const es: Record<keyof typeof en, string> = {
  title: 'Configuración del chat',
  limitLegend: 'Tiempo límite de respuesta',
  limitHint: 'Un cliente que espera respuesta más que este tiempo va con retraso. El orden de atención ordena la lista de diálogos según este límite; sin límite de tiempo, el orden de atención no está disponible y la lista se ordena por última actividad.',
  noLimit: 'Sin límite de tiempo',
  withLimit: 'Límite',
  minutes: 'minutos',
  minutesLabel: 'Tiempo límite de respuesta en minutos',
  invalidMinutes: 'Indique minutos enteros de {min} a {max}.',
  save: 'Guardar',
  saving: 'Guardando…',
  saved: 'Guardado.',
  current: 'Límite actual: {value}',
  currentNone: 'Límite actual: sin límite de tiempo (orden de atención no disponible)',
  readOnly: 'Solo un administrador puede cambiar la configuración del chat.',
};

const ru: Record<keyof typeof en, string> = {
  title: 'Настройки чата',
  limitLegend: 'Лимит времени ответа',
  limitHint: 'Клиент, который ждёт ответа дольше этого времени, считается просроченным. По нему строится очередь обработки в списке диалогов; без лимита очередь обработки недоступна, и список сортируется по последней активности.',
  noLimit: 'Без лимита времени',
  withLimit: 'Лимит',
  minutes: 'минут',
  minutesLabel: 'Лимит времени ответа в минутах',
  invalidMinutes: 'Укажите целое число минут от {min} до {max}.',
  save: 'Сохранить',
  saving: 'Сохранение…',
  saved: 'Сохранено.',
  current: 'Текущий лимит: {value}',
  currentNone: 'Текущий лимит: без лимита (очередь обработки недоступна)',
  readOnly: 'Менять настройки чата может только администратор.',
};

/** `<chat-settings>` strings. */
export const messages: Bundle<keyof typeof en> = defineBundle('chat-settings', { en, es, ru });
