/**
 * The read-only built-in sections of `<client-widget>`: profile, source (C1), orders (C2) and
 * analytics (H5). Plain render functions over the data; the element wraps each in its headed
 * region and owns every interaction.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Channel, Client, ClientAnalytics, ClientSource, Id, Order } from '../../sdk/model.js';
import { formatDateTime, formatNumber, type Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { namedChannelIcon } from '../channel-icons.js';
import type { ClientWidgetKey } from './client-widget.messages.js';

/** What the section renderers need from the element. */
export interface SectionContext {
  locale: Locale;
  t: (key: ClientWidgetKey, params?: Record<string, string | number>) => string;
  channels: ReadonlyMap<Id, Channel>;
}

const UTM_KEYS = ['source', 'medium', 'campaign', 'content', 'term'] as const;
const KNOWN_STATUSES = new Set(['new', 'paid', 'processing', 'shipped', 'complete', 'cancelled', 'returned']);

/** Initials for an avatar without a photo: the first letters of the first two words. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** A channel's icon and configured name (L2). */
export function channelLabel(ctx: SectionContext, channelId: Id): TemplateResult {
  const ch = ctx.channels.get(channelId);
  return html`<span class="channel">${namedChannelIcon(ch?.kind ?? 'other', ctx.locale)}<span>${ch?.name ?? ctx.t('unknownChannel')}</span></span>`;
}

const fact = (label: string, value: unknown) => html`<div class="fact"><dt>${label}</dt><dd>${value}</dd></div>`;

/** A URL's text with line-break opportunities after `/`, `?`, `&`, `=` and `.` (long URLs wrap at their joints). */
function breakable(url: string): unknown[] {
  const out: unknown[] = [];
  for (const piece of url.split(/(?<=[/?&=.])/)) out.push(piece, html`<wbr />`);
  return out.slice(0, -1);
}

/** A URL as a link when it is an http(s) one (data, never trusted as markup), text otherwise. */
function urlValue(url: string): TemplateResult {
  return /^https?:\/\//i.test(url)
    ? html`<a class="url" href=${url} target="_blank" rel="noopener noreferrer" dir="ltr">${breakable(url)}</a>`
    : html`<span class="url" dir="ltr">${breakable(url)}</span>`;
}

function time(ctx: SectionContext, ts: number): TemplateResult {
  return html`<time datetime=${new Date(ts).toISOString()}>${formatDateTime(ctx.locale, ts)}</time>`;
}

/** Profile: avatar, name, blocked state (H4), contacts per channel. */
export function renderProfile(ctx: SectionContext, client: Client): TemplateResult {
  return html`<div class="profile">
      ${
        client.avatarUrl
          ? html`<img class="avatar" part="avatar" src=${client.avatarUrl} alt="" />`
          : html`<span class="avatar initials" part="avatar" aria-hidden="true">${initials(client.name)}</span>`
      }
      <div class="who">
        <p class="name" part="name" dir="auto">${client.name}</p>
        ${
          client.blocked
            ? html`<p class="blocked" part="blocked">${icons.block}<span>${ctx.t('blocked')}</span></p>
              <p class="muted small">${ctx.t('blocked.body')}</p>`
            : nothing
        }
      </div>
    </div>
    <p class="label" id="contacts-label">${ctx.t('contacts')}</p>
    ${
      client.contacts.length
        ? html`<ul class="contacts" part="contacts" aria-labelledby="contacts-label">
          ${client.contacts.map((c) => html`<li class="contact" data-channel=${c.channelId}>${channelLabel(ctx, c.channelId)}<span class="handle" dir="ltr">${c.handle}</span></li>`)}
        </ul>`
        : html`<p class="muted">${ctx.t('noContacts')}</p>`
    }`;
}

/** The fields of a source (C1), those present only. */
function sourceFacts(ctx: SectionContext, s: ClientSource): TemplateResult {
  return html`${fact(ctx.t('source.channel'), channelLabel(ctx, s.channelId))}
  ${s.campaign ? fact(ctx.t('source.campaign'), s.campaign) : nothing}
  ${UTM_KEYS.map((k) => {
    const v = s.utm?.[k];
    return v ? fact(ctx.t(`source.utm.${k}`), html`<span dir="ltr">${v}</span>`) : nothing;
  })}
  ${s.referrer ? fact(ctx.t('source.referrer'), urlValue(s.referrer)) : nothing}
  ${s.landingPage ? fact(ctx.t('source.landingPage'), urlValue(s.landingPage)) : nothing}
  ${fact(ctx.t('source.firstContact'), time(ctx, s.firstContactAt))}`;
}

/** C1: where the client came from. */
export function renderSource(ctx: SectionContext, source: ClientSource | null): TemplateResult {
  if (!source) return html`<p class="muted empty-line" data-empty="source">${ctx.t('source.none')}</p>`;
  return html`<dl class="facts" part="source">${sourceFacts(ctx, source)}</dl>`;
}

/** An order's total in its currency. */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // Not an ISO 4217 code: the number and the code as given.
    return `${formatNumber(locale, amount)} ${currency}`;
  }
}

/** An order status in words where it is a known one; the CRM's own word otherwise. */
export function statusText(ctx: SectionContext, status: string): string {
  return KNOWN_STATUSES.has(status) ? ctx.t(`status.${status}` as ClientWidgetKey) : status;
}

/** C2: the client's orders, newest first; bot-created ones show their source. */
export function renderOrders(ctx: SectionContext, orders: readonly Order[]): TemplateResult {
  if (orders.length === 0) return html`<p class="muted empty-line" data-empty="orders">${ctx.t('orders.none')}</p>`;
  const sorted = [...orders].sort((a, b) => b.createdAt - a.createdAt);
  return html`<ul class="orders" part="orders">
    ${sorted.map(
      (o) => html`<li class="order" part="order" data-order=${o.id}>
        <div class="order-head">
          <span class="order-number">${ctx.t('orders.number', { number: o.number })}</span>
          <span class="status" data-status=${o.status}><span class="visually-hidden">${ctx.t('orders.status')}: </span>${statusText(ctx, o.status)}</span>
        </div>
        <div class="order-meta">
          <span class="total"><span class="visually-hidden">${ctx.t('orders.total')}: </span>${formatMoney(ctx.locale, o.total, o.currency)}</span>
          <span class="date"><span class="visually-hidden">${ctx.t('orders.date')}: </span>${time(ctx, o.createdAt)}</span>
        </div>
        ${
          o.createdByBot
            ? html`<p class="by-bot" title=${ctx.t('orders.byBot.title')}>${icons.lightning}<span>${ctx.t('orders.byBot')}</span></p>
              ${
                o.source
                  ? html`<dl class="facts order-source" part="order-source" aria-label=${`${ctx.t('orders.source')}: ${ctx.t('orders.number', { number: o.number })}`}>
                    ${sourceFacts(ctx, o.source)}
                  </dl>`
                  : nothing
              }`
            : nothing
        }
      </li>`,
    )}
  </ul>`;
}

/** Visit analytics a channel supplies (H5: gone once the client is detached). */
export function renderAnalytics(ctx: SectionContext, analytics: ClientAnalytics | null, detached: boolean): TemplateResult {
  if (detached) return html`<p class="muted empty-line" data-empty="analytics-detached">${ctx.t('analytics.detached')}</p>`;
  if (!analytics) return html`<p class="muted empty-line" data-empty="analytics">${ctx.t('analytics.none')}</p>`;
  return html`<dl class="facts" part="analytics">
    ${fact(ctx.t('analytics.visits'), formatNumber(ctx.locale, analytics.visits))}
    ${fact(ctx.t('analytics.pageViews'), formatNumber(ctx.locale, analytics.pageViews))}
    ${analytics.lastVisitAt !== undefined ? fact(ctx.t('analytics.lastVisit'), time(ctx, analytics.lastVisitAt)) : nothing}
    ${analytics.device ? fact(ctx.t('analytics.device'), analytics.device) : nothing}
    ${analytics.location ? fact(ctx.t('analytics.location'), analytics.location) : nothing}
  </dl>`;
}
