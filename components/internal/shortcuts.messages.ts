/** Strings of the keyboard shortcuts (help window, tooltips, pane navigation). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  'help.title': 'Keyboard shortcuts',
  'help.intro': 'Keys that work in the chat. Single letters work while a message has focus, never while you type.',
  'help.disabled': 'Off in this page',
  'group.panes': 'Moving around',
  'group.dialogs': 'Dialogs',
  'group.list': 'Dialog list',
  'group.messages': 'Messages',
  'group.composer': 'Reply',
  'group.help': 'Help',
  'action.nextPane': 'Next area: list, chat, client',
  'action.previousPane': 'Previous area',
  'action.nextDialog': 'Open the next dialog in the list',
  'action.previousDialog': 'Open the previous dialog in the list',
  'action.nextUnread': 'Open the next unread dialog',
  'action.previousUnread': 'Open the previous unread dialog',
  'action.jumpToDialog': 'Go to a dialog by name',
  'action.help': 'Show these shortcuts',
  'action.quote': 'Quote the message in your reply',
  'action.quickReply': 'Create a quick reply from the message',
  'fixed.skip': 'Skip link at the start: go to the message input',
  'fixed.listMove': 'Move between dialogs',
  'fixed.listEnds': 'First or last dialog',
  'fixed.listOpen': 'Open the dialog',
  'fixed.listSelect': 'Select the dialog (for bulk actions)',
  'fixed.listTypeahead': 'Go to the next dialog whose name starts with the letters typed',
  'fixed.listDelete': 'Delete the selected dialogs',
  'fixed.listSelectAll': 'Select every dialog',
  'fixed.feedMove': 'Move between messages',
  'fixed.feedEnds': 'First or last loaded message',
  'fixed.feedLeave': 'Leave the messages: to the header or to the reply',
  'fixed.send': 'Send the reply',
  'fixed.newline': 'New line',
  'fixed.escape': 'Remove the quote; pressed again, back to the dialog list',
  'key.or': 'or',
  'key.letters': 'Letters',
  tooltip: '{label} ({keys})',
} as const;

export const shortcutStrings: Bundle<keyof typeof en> = defineBundle('shortcuts', { en });

export type ShortcutKey = keyof typeof en;
