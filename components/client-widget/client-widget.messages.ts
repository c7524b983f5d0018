/** Strings of `<client-widget>` (English; the other shipped languages are in components/locales/). */
import { defineBundle, type Bundle } from '../i18n.js';

const en = {
  title: 'Client',
  // Toolbar
  settings: 'Widget settings',
  detach: 'Detach client',
  'detach.why.bot': 'The bot {name} holds this dialog: only an administrator can detach the client.',
  'detach.why.operator': 'Only {name} or an administrator can detach the client.',
  // States
  notReady: 'Loading the client…',
  noDialog: 'Open a dialog to see its client here.',
  dialogMissing: 'This dialog is not available to you.',
  clientMissing: 'This client is not available to you.',
  noClient: 'This dialog has no client.',
  'noClient.body': 'No client is linked to “{title}” in {channel}. The client card is not affected; the link to this chat is gone.',
  // Section titles
  'section.profile': 'Profile',
  'section.source': 'Source',
  'section.orders': 'Orders',
  'section.tags': 'Tags',
  'section.analytics': 'Analytics',
  // Profile
  blocked: 'Blocked',
  'blocked.body': 'Messages to and from this client are neither sent nor received.',
  contacts: 'Contacts',
  noContacts: 'No contacts in any channel.',
  unknownChannel: 'Unknown channel',
  // Source (C1)
  'source.channel': 'Channel',
  'source.campaign': 'Campaign',
  'source.utm.source': 'UTM source',
  'source.utm.medium': 'UTM medium',
  'source.utm.campaign': 'UTM campaign',
  'source.utm.content': 'UTM content',
  'source.utm.term': 'UTM term',
  'source.referrer': 'Referrer',
  'source.landingPage': 'Landing page',
  'source.firstContact': 'First contact',
  'source.none': 'Where this client came from is not known.',
  // Orders (C2)
  'orders.none': 'No orders yet.',
  'orders.loading': 'Loading orders…',
  'orders.error': 'The orders could not be loaded: {reason}',
  'orders.number': 'Order {number}',
  'orders.byBot': 'Created by the bot',
  'orders.byBot.title': 'Created automatically by the bot',
  'orders.source': 'Source',
  'orders.total': 'Total',
  'orders.date': 'Date',
  'orders.status': 'Status',
  'orders.notFound': 'Order {id} is not among this client’s orders.',
  'status.new': 'New',
  'status.paid': 'Paid',
  'status.processing': 'Processing',
  'status.shipped': 'Shipped',
  'status.complete': 'Complete',
  'status.cancelled': 'Cancelled',
  'status.returned': 'Returned',
  // Tags (L5, T6)
  'tags.none': 'No tags.',
  'tags.list': 'Tags of {name}',
  'tags.pinned': 'pinned',
  'tags.pin': 'Pin tag {name}',
  'tags.remove': 'Remove tag {name}',
  'tags.add': 'Add tag',
  'tags.addLabel': 'Tag to add',
  'tags.choose': 'Choose a tag…',
  'tags.pick': 'Choose a tag to add.',
  'tags.allAdded': 'Every tag is already on this client.',
  'tags.hint': 'Pinned tags show under the client’s name in the dialog list.',
  'tags.added': 'Tag {name} added.',
  'tags.removed': 'Tag {name} removed.',
  'tags.pinnedDone': 'Tag {name} pinned.',
  'tags.unpinnedDone': 'Tag {name} unpinned.',
  'tags.failed': 'The tags were not changed: {reason}',
  // Analytics (H5)
  'analytics.visits': 'Visits',
  'analytics.pageViews': 'Pages viewed',
  'analytics.lastVisit': 'Last visit',
  'analytics.device': 'Device',
  'analytics.location': 'Location',
  'analytics.none': 'This client’s channels supply no visit analytics.',
  'analytics.detached': 'Analytics unavailable: the client was detached from this dialog.',
  // Settings (W1)
  'settings.title': 'Widget settings',
  'settings.hint': 'Choose the sections to show and their order. Your choice is kept for you.',
  'settings.up': 'Move {name} up',
  'settings.down': 'Move {name} down',
  'settings.moved': '{name} moved to position {position} of {count}.',
  'settings.shown': '{name} shown.',
  'settings.hidden': '{name} hidden.',
  'settings.reset': 'Restore defaults',
  'settings.resetDone': 'Default sections restored.',
  'settings.done': 'Done',
  'settings.saveFailed': 'Your widget settings could not be saved: {reason} They apply until you reload the page.',
  'settings.loadFailed': 'Your widget settings could not be loaded; the default sections are shown.',
  'settings.allHidden': 'Every section is hidden. Open the widget settings to show some.',
  'settings.hostWidget': 'added by the CRM',
  // Detach (W2, H5)
  'detach.title': 'Detach the client?',
  'detach.body': '{name} stays in the CRM: only the link between this chat and the client card goes. The client’s analytics stop being available in this dialog.',
  'detach.confirm': 'Detach client',
  'detach.done': 'Client detached from the dialog.',
  // Host widgets
  'host.failed': 'This section could not be shown.',
};

/** Keys of the `<client-widget>` strings. */
export type ClientWidgetKey = keyof typeof en;

/** `<client-widget>` strings. */
export const clientWidgetMessages: Bundle<ClientWidgetKey> = defineBundle('client-widget', { en });
