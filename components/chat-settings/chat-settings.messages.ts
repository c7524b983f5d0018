/** Strings of `<chat-settings>` (F2). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  title: 'Chat settings',
  limitLegend: 'Response-time limit',
  limitHint:
    'A client waiting longer than this for an answer is overdue. Processing order sorts the dialog list by it; with no time limit, processing order is unavailable and the list sorts by last activity.',
  noLimit: 'No time limit',
  withLimit: 'Limit',
  minutes: 'minutes',
  minutesLabel: 'Response-time limit in minutes',
  invalidMinutes: 'Enter whole minutes from {min} to {max}.',
  saving: 'Saving…',
  saved: 'Saved.',
  current: 'Current limit: {value}',
  currentNone: 'Current limit: no time limit (processing order unavailable)',
  readOnly: 'Only an administrator can change the chat settings.',
};

/** `<chat-settings>` strings. */
export const messages: Bundle<keyof typeof en> = defineBundle('chat-settings', { en });
