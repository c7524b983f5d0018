/**
 * The demo's fixed world: operators, the bot, channels with their capabilities and simulated
 * delays, tags with their weights, photo colours and sizes. Browser-safe.
 */
import type { Bot, Channel, ChannelCapabilities, Id, Operator, Tag } from '../../sdk/model.js';
import type { ChannelSimulation } from '../core/storage.js';

// ---------------------------------------------------------------------------------------------
// Static dictionaries
// ---------------------------------------------------------------------------------------------

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const MB = 1024 * 1024;

/** The failing integration broke this long ago: its outgoing messages since then failed (S5). */
export const BROKEN_SINCE_MS = 3 * HOUR;

export const OPERATORS: Operator[] = [
  { id: 'op-admin', name: 'Ana García', role: 'administrator', rights: { deleteDialogs: true }, online: true },
  { id: 'op-maria', name: 'María López', role: 'operator', rights: { deleteDialogs: true }, online: true },
  { id: 'op-ivan', name: 'Иван Петров', role: 'operator', rights: { deleteDialogs: false }, online: true },
  { id: 'op-john', name: 'John Carter', role: 'operator', rights: { deleteDialogs: false }, online: false },
];

export const BOTS: Bot[] = [{ id: 'bot-sales', name: 'Sales bot' }];

export function caps(
  readReceipts: boolean,
  quoting: boolean,
  types: string[],
  maxBytes: number,
  extra: Partial<Pick<ChannelCapabilities, 'maxLength' | 'clientCanLeave'>> & { maxCount?: number } = {},
): ChannelCapabilities {
  const allowed = types.length > 0;
  return {
    readReceipts,
    quoting,
    attachments: { allowed, types, maxBytes: allowed ? maxBytes : 0, maxCount: allowed ? (extra.maxCount ?? 10) : 0 },
    maxLength: extra.maxLength ?? 2000,
    clientCanLeave: extra.clientCanLeave ?? false,
  };
}

export const CHANNELS: Channel[] = [
  {
    id: 'ch-site',
    kind: 'webchat',
    name: 'Site chat',
    capabilities: caps(true, true, ['image/*', 'application/pdf'], 10 * MB, { clientCanLeave: true }),
  },
  {
    id: 'ch-landing',
    kind: 'webchat',
    name: 'Landing chat',
    capabilities: caps(false, false, ['image/*'], 5 * MB, { clientCanLeave: true, maxLength: 1000, maxCount: 5 }),
  },
  {
    id: 'ch-telegram',
    kind: 'telegram',
    name: 'Telegram · Shop bot',
    capabilities: caps(true, true, ['image/*', 'application/pdf', 'application/zip', 'text/plain'], 20 * MB, { maxCount: 10 }),
  },
  {
    id: 'ch-whatsapp',
    kind: 'whatsapp',
    name: 'WhatsApp Business',
    capabilities: caps(true, true, ['image/*', 'application/pdf'], 16 * MB),
  },
  { id: 'ch-vk', kind: 'vk', name: 'VK community', capabilities: caps(false, false, [], 0) },
  {
    id: 'ch-broken',
    kind: 'viber',
    name: 'Viber (failing integration)',
    capabilities: caps(false, false, ['image/*'], 5 * MB),
  },
  // L2: one channel of every other kind. Instagram and Messenger report reads like WhatsApp;
  // e-mail, SMS and the other integration take text only, like VK (see REMAP below).
  { id: 'ch-instagram', kind: 'instagram', name: 'Instagram @shop', capabilities: caps(true, true, ['image/*', 'application/pdf'], 16 * MB) },
  { id: 'ch-messenger', kind: 'facebook', name: 'Facebook page', capabilities: caps(true, true, ['image/*', 'application/pdf'], 16 * MB) },
  { id: 'ch-email', kind: 'email', name: 'support@shop.example', capabilities: caps(false, false, [], 0) },
  { id: 'ch-sms', kind: 'sms', name: 'SMS gateway', capabilities: caps(false, false, [], 0) },
  { id: 'ch-other', kind: 'other', name: 'Marketplace chat', capabilities: caps(false, false, [], 0) },
];

/**
 * L2: some dialogs drawn for WhatsApp or VK move to a channel with the same capabilities, so the
 * random stream (and every other seeded fact) stays as it was before these channels existed.
 */
export const REMAP: Readonly<Record<Id, ReadonlyArray<Id | null>>> = {
  'ch-whatsapp': ['ch-instagram', null, 'ch-messenger', 'ch-instagram', null, 'ch-messenger', 'ch-instagram', null, null, null],
  'ch-vk': ['ch-email', 'ch-other', null, 'ch-sms', 'ch-email', null, 'ch-other', 'ch-sms', null, null],
};

export const SIMULATION: Record<Id, ChannelSimulation> = {
  // The site visitor's widget reports reads itself: no timer.
  'ch-site': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: null, failing: false },
  'ch-landing': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: null, failing: false },
  'ch-telegram': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: 2500, failing: false },
  'ch-whatsapp': { sendDelayMs: 400, deliverDelayMs: 900, readDelayMs: 2500, failing: false },
  'ch-vk': { sendDelayMs: 300, deliverDelayMs: 800, readDelayMs: null, failing: false },
  'ch-broken': { sendDelayMs: 300, deliverDelayMs: 700, readDelayMs: null, failing: true },
  'ch-instagram': { sendDelayMs: 400, deliverDelayMs: 900, readDelayMs: 2500, failing: false },
  'ch-messenger': { sendDelayMs: 400, deliverDelayMs: 900, readDelayMs: 2500, failing: false },
  'ch-email': { sendDelayMs: 600, deliverDelayMs: 1200, readDelayMs: null, failing: false },
  'ch-sms': { sendDelayMs: 300, deliverDelayMs: 1500, readDelayMs: null, failing: false },
  'ch-other': { sendDelayMs: 300, deliverDelayMs: 800, readDelayMs: null, failing: false },
};

/** Tags with their weight: how often clients get them, so counts differ (T7). */
export const TAGS: Array<readonly [Tag, number]> = [
  [{ id: 'tag-new', name: 'New', color: '#22c55e' }, 30],
  [{ id: 'tag-vip', name: 'VIP', color: '#7c3aed' }, 18],
  [{ id: 'tag-urgent', name: 'Envío urgente', color: '#fde68a' }, 14],
  [{ id: 'tag-return', name: 'Return', color: '#fecaca' }, 11],
  [{ id: 'tag-discount', name: 'Descuento', color: '#f9a8d4' }, 9],
  [{ id: 'tag-delivery', name: 'Доставка', color: '#0ea5e9' }, 8],
  [{ id: 'tag-wholesale', name: 'Mayorista', color: '#1e3a8a' }, 6],
  [{ id: 'tag-complaint', name: 'Complaint', color: '#b91c1c' }, 5],
  [{ id: 'tag-b2b', name: 'B2B', color: '#0f766e' }, 4],
  [{ id: 'tag-opt', name: 'Оптовик', color: '#bbf7d0' }, 3],
  [{ id: 'tag-loyal', name: 'Cliente fiel', color: '#92400e' }, 2],
  [{ id: 'tag-callback', name: 'Перезвонить', color: '#e5e7eb' }, 1],
];

/** Colours of the generated photos. */
export const PHOTO_COLORS = ['#c2410c', '#0369a1', '#15803d', '#a16207', '#6d28d9', '#be123c', '#475569', '#0f766e', '#e7e5e4', '#fcd34d'];
export const PHOTO_SIZES: ReadonlyArray<readonly [number, number]> = [
  [1200, 800],
  [800, 1200],
  [1600, 900],
  [1080, 1080],
  [1280, 960],
  [750, 1334],
];
