/**
 * Strings of `<dialog-list>` (English; es and ru are in components/locales/). Plural forms use
 * `_one` / `_few` / `_many` / `_other`. The English strings of the parts loaded on first use travel
 * with them and join this bundle when they load: `filterPanelStrings` (filter-panel-content.ts) and
 * `bulkActionStrings` (bulk-actions.ts). The bundle's type lists every key.
 */
import { defineBundle, type Bundle } from '../i18n.js';
import type { bulkActionStrings } from './bulk-actions.js';
import type { filterPanelStrings } from './filter-panel-content.js';

const en = {
  listLabel: 'Dialogs',
  listHint: 'Enter opens a dialog; Space selects it; typing letters goes to a name.',
  openNow: 'open in the chat',
  searchLabel: 'Search dialogs',
  searchPlaceholder: 'Search by name or message',
  filters: 'Sort and filter',
  filtersActive_one: 'Sort and filter: {count} filter active',
  filtersActive_other: 'Sort and filter: {count} filters active',
  filtersActive: 'Sort and filter: {count} filters active',
  // Active filters bar
  activeFilters: 'Active filters',
  removeFilter: 'Remove filter: {name}',
  clearFilters: 'Clear filters',
  chipOperator: 'Operator: {name}',
  chipChannel: 'Channel: {name}',
  chipTags: 'Tags: {names}',
  chipNoTags: 'No tags',
  chipPinned: 'Pinned tags',
  chipStatus: 'Status: {name}',
  chipLastMessage: 'Last message: {name}',
  chipBot: 'Held by a bot',
  // Filter panel
  panelTitle: 'Sort and filter',
  statusAll: 'All',
  statusOpen: 'Open',
  statusClosed: 'Closed',
  lastAny: 'Any',
  lastClient: 'From the client',
  lastOperator: 'From an operator or bot',
  lastUnanswered: 'Not answered',
  lastAnswered: 'Answered',
  closePanel: 'Close sort and filter',
  // Rows
  unreadMessages_one: '{count} unread message',
  unreadMessages_other: '{count} unread messages',
  unreadMessages: '{count} unread messages',
  markedUnread: 'Marked as unread',
  draft: 'Draft:',
  searchMatch: 'Matching message:',
  you: 'You',
  unassigned: 'Unassigned',
  botLabel: 'Bot',
  handledBy: 'Handled by {name}',
  attachment_one: '{count} attachment',
  attachment_other: '{count} attachments',
  attachment: '{count} attachments',
  waiting: 'Waiting {time}',
  overdue: 'Overdue: waiting {time}',
  overdueLong: 'Overdue: the client has waited {time}, over the {limit} limit',
  waitingLong: 'The client has waited {time} of the {limit} limit',
  lastActivity: 'Last activity {time}',
  closedStatus: 'Closed',
  noClientName: 'Unknown client',
  // Events (L3)
  'event.opened': 'Dialog opened',
  'event.openedBy': '{by} opened the dialog',
  'event.closed': 'Dialog closed',
  'event.closedBy': '{by} closed the dialog',
  'event.reopened': 'Reopened by a new message',
  'event.reopenedBy': '{by} reopened the dialog',
  'event.reassigned': 'Reassigned from {from} to {to}',
  'event.reassignedBy': '{by} reassigned it from {from} to {to}',
  'event.client_blocked': '{by} blocked the client',
  'event.client_unblocked': '{by} unblocked the client',
  'event.client_detached': '{by} detached the client',
  // States
  loading: 'Loading dialogs…',
  empty: 'No dialogs yet.',
  emptyFiltered: 'No dialogs match the search or filters.',
  clearSearch: 'Clear search',
  // Live
  newItems_one: '{count} new',
  newItems_other: '{count} new',
  newItems: '{count} new',
  showNew_one: 'Show {count} new dialog',
  showNew_other: 'Show {count} new dialogs',
  showNew: 'Show {count} new dialogs',
  announceNew_one: '{count} new dialog',
  announceNew_other: '{count} new dialogs',
  announceNew: '{count} new dialogs',
  updatedItems_one: '{count} updated',
  updatedItems_other: '{count} updated',
  updatedItems: '{count} updated',
  showUpdated_one: 'Show the new order: {count} dialog has new activity',
  showUpdated_other: 'Show the new order: {count} dialogs have new activity',
  showUpdated: 'Show the new order: {count} dialogs have new activity',
  announceUpdated_one: '{count} dialog has new activity; the list keeps its order while you work in it',
  announceUpdated_other: '{count} dialogs have new activity; the list keeps its order while you work in it',
  announceUpdated: '{count} dialogs have new activity; the list keeps its order while you work in it',
  announceCount_one: '{count} dialog',
  announceCount_other: '{count} dialogs',
  announceCount: '{count} dialogs',
  /** L6: a search's count stopped at the server's cap. */
  announceCountAtLeast: 'At least {count} dialogs',
  // Selection (D1-D4)
  selectDialog: 'Select {name}',
  selectAll: 'Select all dialogs',
  selected_one: '{count} selected',
  selected_other: '{count} selected',
  selected: '{count} selected',
  actions: 'Actions',
  cancelSelection: 'Cancel selection',
};

// Russian adds the `_few` / `_many` plural forms.
/** `<dialog-list>` strings. */
export const messages: Bundle<keyof typeof en | keyof typeof filterPanelStrings | keyof typeof bulkActionStrings> = defineBundle('dialog-list', {
  en: en as typeof en & typeof filterPanelStrings & typeof bulkActionStrings,
});
