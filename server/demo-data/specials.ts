/**
 * The demo's well-known dialogs: their ids (`SEED_IDS`, which stories and tests rely on) and
 * their specs (`SPECIALS`), generated first and in this order by `createSeed`.
 */
import type { Assignee, ClientTag, Id } from '../../sdk/model.js';
import type { DialogSpec } from './dialogs.js';
import { BOT, authorOf, op } from './dictionaries.js';
import { DAY, HOUR, MIN } from './world.js';

/**
 * Ids the stories and tests can rely on. The dialogs exist when `dialogs` is at least
 * {@link SEED_SPECIAL_DIALOGS} (they are the first ones, in this order).
 */
export const SEED_IDS = {
  admin: 'op-admin',
  maria: 'op-maria',
  ivan: 'op-ivan',
  john: 'op-john',
  bot: 'bot-sales',
  channels: {
    site: 'ch-site',
    landing: 'ch-landing',
    telegram: 'ch-telegram',
    whatsapp: 'ch-whatsapp',
    vk: 'ch-vk',
    broken: 'ch-broken',
    instagram: 'ch-instagram',
    messenger: 'ch-messenger',
    email: 'ch-email',
    sms: 'ch-sms',
    other: 'ch-other',
  },
  /** Open, maria, the client waits ~47 minutes: overdue against the 15-minute limit (F2). */
  waitingDialog: 'dlg-0001',
  /** Open, admin, the client waits ~4 minutes: waiting but not overdue. */
  freshWaitingDialog: 'dlg-0002',
  /** Closed by maria after the client thanked her; holds a ~1,450-character message (~1,180 without spaces, P4). */
  closedDialog: 'dlg-0003',
  /** Open, ivan, answered. The administrator marked it unread for herself only (H3). */
  ivanDialog: 'dlg-0004',
  /** Open, reassigned from ivan to maria by the administrator (H1, L3). */
  reassignedDialog: 'dlg-0005',
  /** Closed by john, then reassigned to ivan while closed: it stays closed (H1). */
  closedReassignedDialog: 'dlg-0006',
  /** The client is blocked (H4). */
  blockedDialog: 'dlg-0007',
  blockedClient: 'cl-0007',
  /** The client was detached (H5): `clientId` is null; the client still exists. */
  detachedDialog: 'dlg-0008',
  detachedClient: 'cl-0008',
  /** Site web chat whose client left: the last replies failed with `client_left` (S5). */
  leftDialog: 'dlg-0009',
  /** On the failing integration: the recent replies failed with `integration_error` (S5). */
  brokenDialog: 'dlg-0010',
  /** Held by the sales bot (F6). */
  botDialog: 'dlg-0011',
  /** Nobody assigned; the client waits ~9 minutes. */
  unassignedDialog: 'dlg-0012',
  /** Assigned to john (offline); the client waits ~5 hours. */
  johnDialog: 'dlg-0013',
  /** ~3,000 messages (history paging, virtualization). */
  longDialog: 'dlg-0014',
  /** ~150 attachments, images and files (H6). */
  attachmentsDialog: 'dlg-0015',
  /** H3: marked unread by the administrator (see `ivanDialog`). */
  markedUnreadDialog: 'dlg-0004',
  /** A client with two dialogs in two channels. */
  multiDialogClient: 'cl-0016',
  multiDialogs: ['dlg-0016', 'dlg-0017'],
} as const;

// ---------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------

export type SpecInput = Omit<DialogSpec, 'num' | 'id' | 'client' | 'channel' | 'attachRate' | 'attachMax' | 'initial' | 'waitMs' | 'endAgoMs' | 'sessions'> & {
  channel: Id;
  initial?: Assignee | null;
  waitMs?: number;
  endAgoMs?: number;
  sessions?: number;
  attachRate?: number;
  attachMax?: number;
  clientTags?: ClientTag[];
  /** Reuse the client of this earlier special dialog number. */
  sameClientAs?: number;
};

/** The well-known dialogs (SEED_IDS), in order; numbers 1..17. */
export const SPECIALS: SpecInput[] = [
  // 1 waitingDialog
  {
    channel: 'ch-telegram',
    lang: 'es',
    topic: 'delivery',
    final: op('op-maria'),
    status: 'open',
    ending: 'waiting',
    waitMs: 47 * MIN,
    size: 9,
    clientTags: [
      { tagId: 'tag-vip', pinned: true },
      { tagId: 'tag-urgent', pinned: false },
    ],
  },
  // 2 freshWaitingDialog
  { channel: 'ch-whatsapp', lang: 'en', topic: 'product', final: op('op-admin'), status: 'open', ending: 'waiting', waitMs: 4 * MIN, size: 5, clientTags: [{ tagId: 'tag-new', pinned: false }] },
  // 3 closedDialog
  {
    channel: 'ch-whatsapp',
    lang: 'es',
    topic: 'return',
    final: op('op-maria'),
    status: 'closed',
    ending: 'thanks',
    endAgoMs: 2 * DAY,
    size: 14,
    sessions: 2,
    longText: true,
    clientTags: [{ tagId: 'tag-return', pinned: true }],
  },
  // 4 ivanDialog (marked unread by the administrator)
  {
    channel: 'ch-telegram',
    lang: 'ru',
    topic: 'wholesale',
    final: op('op-ivan'),
    status: 'open',
    ending: 'answered',
    endAgoMs: 35 * MIN,
    size: 18,
    sessions: 2,
    clientTags: [
      { tagId: 'tag-opt', pinned: true },
      { tagId: 'tag-b2b', pinned: false },
    ],
  },
  // 5 reassignedDialog
  {
    channel: 'ch-site',
    lang: 'en',
    topic: 'payment',
    initial: op('op-ivan'),
    final: op('op-maria'),
    reassignBy: authorOf(op('op-admin')),
    status: 'open',
    ending: 'answered',
    endAgoMs: 3 * HOUR,
    size: 16,
    sessions: 2,
    clientTags: [],
  },
  // 6 closedReassignedDialog
  {
    channel: 'ch-landing',
    lang: 'ru',
    topic: 'delivery',
    initial: op('op-john'),
    final: op('op-ivan'),
    reassignAfterClose: true,
    status: 'closed',
    ending: 'thanks',
    endAgoMs: 26 * HOUR,
    size: 10,
    clientTags: [{ tagId: 'tag-delivery', pinned: false }],
  },
  // 7 blockedDialog
  {
    channel: 'ch-vk',
    lang: 'ru',
    topic: 'payment',
    final: op('op-admin'),
    status: 'open',
    ending: 'answered',
    endAgoMs: 5 * HOUR,
    size: 10,
    blocked: true,
    clientTags: [{ tagId: 'tag-complaint', pinned: true }],
  },
  // 8 detachedDialog
  { channel: 'ch-telegram', lang: 'en', topic: 'product', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 2 * DAY, size: 8, detached: true, clientTags: [] },
  // 9 leftDialog
  {
    channel: 'ch-site',
    lang: 'es',
    topic: 'product',
    final: op('op-ivan'),
    status: 'open',
    ending: 'answered',
    endAgoMs: 12 * MIN,
    size: 7,
    left: true,
    clientTags: [{ tagId: 'tag-discount', pinned: false }],
  },
  // 10 brokenDialog
  { channel: 'ch-broken', lang: 'ru', topic: 'delivery', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 25 * MIN, size: 9, clientTags: [] },
  // 11 botDialog
  { channel: 'ch-site', lang: 'es', topic: 'product', final: BOT, status: 'open', ending: 'answered', endAgoMs: 8 * MIN, size: 6, clientTags: [{ tagId: 'tag-new', pinned: true }] },
  // 12 unassignedDialog
  { channel: 'ch-landing', lang: 'en', topic: 'product', initial: null, final: null, status: 'open', ending: 'waiting', waitMs: 9 * MIN, size: 2, clientTags: [] },
  // 13 johnDialog
  { channel: 'ch-vk', lang: 'ru', topic: 'wholesale', final: op('op-john'), status: 'open', ending: 'waiting', waitMs: 5 * HOUR, size: 7, clientTags: [{ tagId: 'tag-callback', pinned: true }] },
  // 14 longDialog
  {
    channel: 'ch-whatsapp',
    lang: 'es',
    topic: 'wholesale',
    final: op('op-maria'),
    status: 'open',
    ending: 'answered',
    endAgoMs: 50 * MIN,
    size: 2880,
    sessions: 60,
    clientTags: [
      { tagId: 'tag-wholesale', pinned: true },
      { tagId: 'tag-loyal', pinned: true },
      { tagId: 'tag-vip', pinned: false },
    ],
  },
  // 15 attachmentsDialog
  {
    channel: 'ch-telegram',
    lang: 'en',
    topic: 'return',
    final: op('op-admin'),
    status: 'open',
    ending: 'answered',
    endAgoMs: 90 * MIN,
    size: 100,
    sessions: 6,
    attachRate: 0.95,
    attachMax: 2,
    clientTags: [{ tagId: 'tag-return', pinned: false }],
  },
  // 16, 17 multiDialogs: one client, two channels
  {
    channel: 'ch-whatsapp',
    lang: 'en',
    topic: 'wholesale',
    final: op('op-ivan'),
    status: 'closed',
    ending: 'thanks',
    endAgoMs: 9 * DAY,
    size: 8,
    clientTags: [
      { tagId: 'tag-b2b', pinned: true },
      { tagId: 'tag-wholesale', pinned: true },
    ],
  },
  { channel: 'ch-site', lang: 'en', topic: 'wholesale', final: op('op-maria'), status: 'open', ending: 'answered', endAgoMs: 6 * HOUR, size: 6, sameClientAs: 16 },
];

/** How many well-known dialogs come first (17). */
export const SEED_SPECIAL_DIALOGS = SPECIALS.length;
