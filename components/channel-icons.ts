/**
 * L2: one recognisable icon per channel kind.
 *
 * Brand marks (Telegram, WhatsApp, Viber, VK, Instagram, Facebook Messenger) are the path data
 * of Simple Icons 16.37.0 (https://simpleicons.org, npm `simple-icons`), released under
 * CC0 1.0 Universal (public domain dedication): copied here with the coordinates rounded to one
 * decimal (invisible at icon size, 40% smaller). The marks themselves are trademarks of their
 * owners, shown only to say which messenger a client writes from, as their brand guidelines
 * allow; see the `source`/`guidelines` links in the Simple Icons data.
 * Site chat, e-mail, SMS and other channels are our own line icons, drawn like `icons.ts`.
 *
 * Colours come from tokens (`--chatdesk-color-channel-<kind>`), defaulting to the brand colour.
 */
import { svg, type SVGTemplateResult } from 'lit';
import type { ChannelKind } from '../sdk/model.js';
import { common } from './common.messages.js';
import { translate, type Locale } from './i18n.js';

/** Filled brand marks on a 24-unit grid. */
const BRAND: Partial<Record<ChannelKind, string>> = {
  /** Telegram (Simple Icons `telegram`, brand colour #26A5E4). */
  telegram:
    'M11.9 0A12 12 0 0 0 0 12a12 12 0 0 0 12 12 12 12 0 0 0 12-12A12 12 0 0 0 12 0a12 12 0 0 0-.1 0zm5 7.2c.1 0 .3 0 .5.1a.5.5 0 0 1 .2.3c0 .1 0 .3 0 .5-.2 1.9-1 6.5-1.4 8.6-.2.9-.5 1.2-.8 1.2-.7.1-1.2-.5-1.9-.9-1.1-.7-1.7-1.1-2.7-1.8-1.2-.8-.4-1.2.3-1.9.2-.2 3.2-3 3.3-3.2 0 0 0-.1-.1-.2s-.2 0-.2 0c-.1 0-1.8 1.1-5.1 3.3-.5.3-.9.5-1.3.5-.4 0-1.3-.2-1.9-.4-.8-.2-1.3-.4-1.3-.8 0-.2.3-.4.9-.7 3.5-1.5 5.8-2.5 7-3 3.3-1.4 4-1.6 4.5-1.6z',
  /** WhatsApp (Simple Icons `whatsapp`, brand colour #25D366). */
  whatsapp:
    'M17.5 14.4c-.3-.1-1.8-.9-2-1-.3-.1-.5-.1-.7.1-.2.3-.8 1-.9 1.2-.2.2-.3.2-.6.1-.3-.1-1.3-.5-2.4-1.5-.9-.8-1.5-1.8-1.7-2.1-.2-.3 0-.5.1-.6.1-.1.3-.3.4-.5.1-.2.2-.3.3-.5.1-.2.1-.4 0-.5-.1-.1-.7-1.6-.9-2.2-.2-.6-.5-.5-.7-.5-.2 0-.4 0-.6 0-.2 0-.5.1-.8.4-.3.3-1 1-1 2.5 0 1.5 1.1 2.9 1.2 3.1.1.2 2.1 3.2 5.1 4.5.7.3 1.3.5 1.7.6.7.2 1.4.2 1.9.1.6-.1 1.8-.7 2-1.4.2-.7.2-1.3.2-1.4-.1-.1-.3-.2-.6-.3m-5.4 7.4h0a9.9 9.9 0 0 1-5-1.4l-.4-.2-3.7 1 1-3.6-.2-.4a9.9 9.9 0 0 1-1.5-5.3c0-5.5 4.4-9.9 9.9-9.9 2.6 0 5.1 1 7 2.9a9.8 9.8 0 0 1 2.9 7c0 5.5-4.4 9.9-9.9 9.9m8.4-18.3A11.8 11.8 0 0 0 12.1 0C5.5 0 .2 5.3.2 11.9c0 2.1.5 4.1 1.6 5.9L.1 24l6.3-1.7a11.9 11.9 0 0 0 5.7 1.4h0c6.6 0 11.9-5.3 11.9-11.9a11.8 11.8 0 0 0-3.5-8.4Z',
  /** Viber (Simple Icons `viber`, brand colour #7360F2). */
  viber:
    'M11.4 0C9.5 0 5.3.3 3 2.5 1.3 4.2.7 6.7.6 9.8.6 12.9.5 18.8 6.1 20.4h0l0 2.4s0 1 .6 1.2c.8.2 1.2-.5 2-1.3.4-.4 1-1.1 1.4-1.6 3.9.3 6.8-.4 7.2-.5.8-.3 5.2-.8 5.9-6.7.7-6-.4-9.8-2.3-11.5-.6-.6-3-2.3-8.4-2.3 0 0-.4 0-1 0zm.1 1.7c.5 0 .9 0 .9 0 4.5 0 6.7 1.4 7.2 1.8 1.7 1.4 2.5 4.9 1.9 9.9v0c-.6 4.9-4.2 5.2-4.8 5.4-.3.1-2.9.7-6.2.5 0 0-2.4 2.9-3.2 3.7-.1.1-.3.2-.4.1-.1 0-.2-.2-.2-.4l0-4c-4.8-1.3-4.5-6.3-4.4-8.9.1-2.6.5-4.7 2-6.2 2-1.8 5.5-2 7.1-2zm.4 2.6c-.2 0-.3.1-.3.3 0 .2.1.3.3.3 1.6 0 2.9.5 4 1.6 1.1 1 1.6 2.5 1.6 4.3 0 .2.1.3.3.3.2 0 .3-.1.3-.3 0-2-.6-3.6-1.8-4.8-1.2-1.2-2.7-1.8-4.4-1.8zm-4 .7c-.2 0-.4 0-.6.1l0 0c-.4.2-.8.6-1.1.9 0 0 0 0 0 0-.3.3-.4.6-.5.9 0 0 0 .1 0 .1 0 .1 0 .3.1.4l0 0c.1.5.5 1.3 1.2 2.6.4.8.9 1.5 1.4 2.2.3.3.6.7.9 1l.1.1c.3.3.6.6 1 .9.7.5 1.4 1 2.2 1.4 1.3.7 2.1 1.1 2.6 1.2l0 0c.1 0 .3.1.4.1 0 0 .1 0 .1 0 .3 0 .6-.2.9-.5 0 0 0 0 0 0 .4-.3.7-.7.9-1.1l0 0c.2-.4.1-.8-.2-1.1 0 0-.7-.6-1-.8-.4-.3-.7-.5-1.1-.7-.5-.3-1-.1-1.2.2l-.4.6c-.2.3-.7.2-.7.2-3.1-.8-4-4-4-4s0-.4.2-.7l.6-.4c.3-.2.5-.7.2-1.2-.2-.4-.5-.8-.7-1.1-.3-.3-.8-1-.8-1-.1-.2-.3-.3-.5-.3zm4.5.9c-.2 0-.3.1-.3.3 0 .2.1.3.3.3 1.2.1 2 .5 2.6 1.1.6.7.9 1.5.9 2.6 0 .2.1.3.3.3.2 0 .3-.1.3-.3 0-1.2-.3-2.2-1.1-3-.7-.8-1.8-1.3-3-1.3h0zm.5 1.6c-.2 0-.3.1-.3.3 0 .2.1.3.3.3.5 0 .9.2 1.1.4.2.2.4.6.4 1.2 0 .2.1.3.3.3.2 0 .3-.1.3-.3 0-.6-.2-1.2-.6-1.6-.4-.4-.9-.6-1.5-.6h0z',
  /** VK (Simple Icons `vk`, brand colour #0077FF). */
  vk: 'm9.5 0 .7 0h3.6l.7 0 .9 0 .4 0 .4 0 .4 0 .4 0 .4 0 .4 0 .3 0 .3 0c1.7.2 2.9.6 3.8 1.5.9.9 1.3 2.1 1.5 3.8l0 .3 0 .3 0 .4 0 .4 0 .6 0 .4 0 .6 0 .9 0 1 0 3.3 0 .7 0 .9 0 .4 0 .4 0 .4 0 .4 0 .4 0 .4 0 .3 0 .3c-.2 1.7-.6 2.9-1.5 3.8-.9.9-2.1 1.3-3.8 1.5l-.3 0-.3 0-.4 0-.4 0-.6 0-.4 0-.6 0-.9 0-1 0-3.3 0-.7 0-.9 0-.4 0-.4 0-.4 0-.4 0-.4 0-.4 0-.3 0-.3 0c-1.7-.2-2.9-.6-3.8-1.5-.9-.9-1.3-2.1-1.5-3.8l0-.3 0-.3 0-.4 0-.4 0-.6 0-.4 0-.6 0-.9 0-1 0-3.3 0-.7 0-.9 0-.4 0-.4 0-.4 0-.4 0-.4 0-.4 0-.3 0-.3c.2-1.7.6-2.9 1.5-3.8.9-.9 2.1-1.3 3.8-1.5l.3 0 .3 0 .4 0 .4 0 .6 0 .4 0 .6 0 .9 0ZM6.8 7.3H4c.1 6.2 3.3 10 8.7 10h.3v-3.6c2 .2 3.5 1.7 4.1 3.6h2.8c-.8-2.8-2.8-4.4-4.1-5 1.3-.7 3.1-2.5 3.5-5h-2.6c-.6 2-2.2 3.8-3.8 4V7.3H10.5v6.9c-1.6-.4-3.6-2.3-3.7-6.9Z',
  /** Instagram (Simple Icons `instagram`, brand colour #FF0069). */
  instagram:
    'M7 .1c-1.3.1-2.1.3-2.9.6-.8.3-1.5.7-2.1 1.4-.7.7-1.1 1.3-1.4 2.1-.3.8-.5 1.6-.6 2.9-.1 1.3-.1 1.7-.1 4.9 0 3.3 0 3.7.1 4.9.1 1.3.3 2.1.6 2.9.3.8.7 1.5 1.4 2.1.7.7 1.3 1.1 2.1 1.4.8.3 1.6.5 2.9.6 1.3.1 1.7.1 4.9.1 3.3 0 3.7 0 4.9-.1 1.3-.1 2.1-.3 2.9-.6.8-.3 1.5-.7 2.1-1.4.7-.7 1.1-1.3 1.4-2.1.3-.8.5-1.6.6-2.9.1-1.3.1-1.7.1-4.9 0-3.3 0-3.7-.1-4.9-.1-1.3-.3-2.1-.6-2.9-.3-.8-.7-1.5-1.4-2.1C21.3 1.3 20.6.9 19.8.6 19.1.3 18.2.1 16.9.1 15.6 0 15.2 0 12 0 8.7 0 8.3 0 7 .1m.1 21.7c-1.2-.1-1.8-.2-2.2-.4-.6-.2-1-.5-1.4-.9-.4-.4-.7-.8-.9-1.4-.2-.4-.4-1.1-.4-2.2-.1-1.3-.1-1.6-.1-4.8 0-3.2 0-3.6.1-4.8.1-1.2.2-1.8.4-2.2.2-.6.5-1 .9-1.4.4-.4.8-.7 1.4-.9.4-.2 1.1-.4 2.2-.4 1.3-.1 1.6-.1 4.8-.1 3.2 0 3.6 0 4.8.1 1.2.1 1.8.2 2.2.4.6.2 1 .5 1.4.9.4.4.7.8.9 1.4.2.4.4 1.1.4 2.2.1 1.3.1 1.6.1 4.8 0 3.2 0 3.6-.1 4.8-.1 1.2-.2 1.8-.4 2.2-.2.6-.5 1-.9 1.4-.4.4-.8.7-1.4.9-.4.2-1.1.4-2.2.4-1.3.1-1.6.1-4.8.1-3.2 0-3.6 0-4.8-.1M17 5.6A1.4 1.4 0 1 0 18.4 4.1a1.4 1.4 0 0 0-1.4 1.4M5.8 12c0 3.4 2.8 6.2 6.2 6.1 3.4 0 6.2-2.8 6.2-6.2 0-3.4-2.8-6.2-6.2-6.1-3.4 0-6.2 2.8-6.1 6.2M8 12a4 4 0 1 1 4 4A4 4 0 0 1 8 12',
  /** Messenger (Simple Icons `messenger`, brand colour #0866FF). */
  facebook:
    'M12 0C5.2 0 0 5 0 11.6c0 3.5 1.4 6.5 3.8 8.6a1 1 0 0 1 .3.7l.1 2.1a1 1 0 0 0 1.3.8l2.4-1.1a1 1 0 0 1 .6 0A13 13 0 0 0 12 23.3c6.8 0 12-5 12-11.6S18.8 0 12 0m6.8 7.4c.5 0 1 .6.6 1.1l-4.2 6.5a.7.7 0 0 1-1 .2l-3.9-2.5a.4.4 0 0 0-.5 0l-4.4 3c-.6.4-1.4-.3-1-1l4.2-6.5a.7.7 0 0 1 1-.2l3.9 2.5c.1.1.3.1.5 0l4.4-3a.7.7 0 0 1 .4-.1',
};

/** Our own line icons (stroke, 24-unit grid) for the kinds without a brand. */
const LINE: Partial<Record<ChannelKind, SVGTemplateResult>> = {
  /** Site web chat: a speech bubble on a browser window. */
  webchat: svg`<rect x="2" y="3" width="20" height="15" rx="2"/><path d="M2 7 22 7M7 11h10M7 14h6M9 18l-2 3.5"/>`,
  /** E-mail: an envelope. */
  email: svg`<rect x="2" y="4.5" width="20" height="15" rx="2"/><path d="m3 6 9 7 9-7"/>`,
  /** SMS: a phone with a message. */
  sms: svg`<rect x="5" y="2" width="14" height="20" rx="2.5"/><path d="M9 8h6M9 11.5h4M11 18 13 18"/>`,
  /** Any other channel: a generic speech bubble. */
  other: svg`<path d="M21 12a8 8 0 0 1-11.8 7L3 21l2-5.6A8 8 0 1 1 21 12z"/>`,
};

/** The channel kinds that have an icon of their own; anything else shows `other`. */
export const CHANNEL_KINDS: readonly ChannelKind[] = ['webchat', 'telegram', 'whatsapp', 'viber', 'vk', 'instagram', 'facebook', 'email', 'sms', 'other'];

/** A kind as the icon set knows it (an unknown kind from a newer backend shows as `other`). */
export function iconKind(kind: string): ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(kind) ? (kind as ChannelKind) : 'other';
}

/**
 * L2: the icon of a channel kind. With `label` (the kind's name: "Telegram", "Site chat") it is
 * an image with that accessible name; without, it is decorative (`aria-hidden`).
 */
export function channelIcon(kind: string, label?: string): SVGTemplateResult {
  const k = iconKind(kind);
  const brand = BRAND[k];
  const body = brand
    ? svg`<path fill="currentColor" d=${brand}/>`
    : svg`<g fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${LINE[k] ?? LINE.other}</g>`;
  return label
    ? svg`<svg class="icon channel-icon channel-${k}" viewBox="0 0 24 24" role="img" aria-label=${label} focusable="false">${body}</svg>`
    : svg`<svg class="icon channel-icon channel-${k}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;
}

/** The localized name of a channel kind ("Telegram", "Site chat", "E-mail"...). */
export function channelKindName(kind: string, locale: Locale): string {
  return translate(common, locale, `channel.${iconKind(kind)}`);
}

/** L2: the icon of a channel kind, named for assistive technology in `locale`. */
export function namedChannelIcon(kind: string, locale: Locale): SVGTemplateResult {
  return channelIcon(kind, channelKindName(kind, locale));
}
