/** Strings shared by several elements (error reasons, statuses, generic words). */
import { defineBundle, type Bundle } from './i18n.js';

/** L2: brand names are the same in every language. */
const brands = {
  'channel.telegram': 'Telegram',
  'channel.whatsapp': 'WhatsApp',
  'channel.viber': 'Viber',
  'channel.vk': 'VK',
  'channel.instagram': 'Instagram',
  'channel.facebook': 'Facebook Messenger',
};

const en = {
  loading: 'Loading…',
  retry: 'Retry',
  cancel: 'Cancel',
  confirm: 'Confirm',
  close: 'Close',
  save: 'Save',
  search: 'Search',
  noClient: 'No client',
  unknown: 'Unknown',
  formerOperator: 'Former operator',
  you: 'You',
  system: 'System',
  bot: 'Bot',
  unassigned: 'Unassigned',
  notConnected: 'Not connected to the chat service.',
  offline: 'Offline: messages will be sent when the connection returns.',
  'status.queued': 'Queued for sending',
  'status.sent': 'Sent',
  'status.delivered': 'Delivered',
  'status.read': 'Read',
  'status.failed': 'Not sent',
  'reason.integration_error': 'The messenger integration returned an error.',
  'reason.not_assigned': 'The dialog is not assigned to you.',
  'reason.client_blocked': 'The client is blocked.',
  'reason.client_left': 'The client closed the chat window or left the site.',
  'error.validation': 'The request was not valid.',
  'error.not_found': 'It no longer exists or you cannot see it.',
  'error.forbidden': 'You do not have the right to do this.',
  'error.not_assigned': 'The dialog is not assigned to you.',
  'error.client_blocked': 'The client is blocked.',
  'error.too_long': 'The message is too long.',
  'error.attachment_not_allowed': 'This channel does not accept files.',
  'error.attachment_type': 'This channel does not accept files of this type.',
  'error.attachment_size': 'The file is larger than this channel accepts.',
  'error.attachment_count': 'Too many files for one message in this channel.',
  'error.conflict': 'This conflicts with an earlier request.',
  'error.unauthorized': 'Your session has expired. Sign in again.',
  'error.unavailable': 'The chat service is unavailable. Try again later.',
  'error.internal': 'Something went wrong on the server.',
  ...brands,
  'channel.webchat': 'Site chat',
  'channel.email': 'E-mail',
  'channel.sms': 'SMS',
  'channel.other': 'Other channel',
};

/** Shared strings. */
export const common: Bundle<keyof typeof en> = defineBundle('common', { en });
