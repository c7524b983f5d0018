/**
 * One row of `<dialog-list>` (L1-L5, F2), rendered as a template (not an element) so a window of
 * rows costs as little as possible. Everything a row shows is derived from client stores and
 * `sdk/rules`; nothing is computed here that a rule already decides.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Draft } from '../../sdk/client.js';
import type { Assignee, Author, Bot, Channel, ChatSettings, ClientRecord, Dialog, Id, Operator, ReadState, SearchHit, SystemEvent, Tag } from '../../sdk/model.js';
import { isOverdue, waitedMs } from '../../sdk/rules/query.js';
import { pinnedTags } from '../../sdk/rules/tags.js';
import { tagChipClass } from '../tag-chip.js';
import { isUnread, unreadCount } from '../../sdk/rules/unread.js';
import { clientDisplayName, displayName, displayNameText, type NameFallback } from '../../sdk/session/names.js';
import { common } from '../common.messages.js';
import { formatDuration, translate, type Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { namedChannelIcon } from '../channel-icons.js';
import type { messages } from './dialog-list.messages.js';

/** A key of the list's string bundle. */
export type ListKey = keyof typeof messages.en;

/** Everything a row needs besides its dialog: lookups, the clock and the list's state. */
export interface RowContext {
  locale: Locale;
  tr: (key: ListKey, params?: Record<string, string | number>) => string;
  me: Operator | null;
  operators: ReadonlyMap<Id, Operator>;
  bots: ReadonlyMap<Id, Bot>;
  channels: ReadonlyMap<Id, Channel>;
  clients: ReadonlyMap<Id, ClientRecord>;
  tags: ReadonlyMap<Id, Tag>;
  reads: ReadonlyMap<Id, ReadState>;
  drafts: Readonly<Record<Id, Draft>>;
  /** L6: the message a search matched in a row, if any. */
  hit(dialogId: Id): SearchHit | undefined;
  settings: ChatSettings;
  /** F2: whether the effective sort is processing order (waits are shown). */
  processing: boolean;
  now: number;
  activeId: Id | null;
  selected: ReadonlySet<Id>;
  tabStopId: Id | null;
  setSize: number;
  rowHeight: number;
}

/** At most this many pinned tags are drawn; the rest are counted ("+2"). */
const MAX_TAGS = 3;

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: Locale, kind: 'time' | 'weekday' | 'day' | 'date'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let f = timeFormats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : kind === 'weekday'
          ? { weekday: 'short' }
          : kind === 'day'
            ? { day: 'numeric', month: 'short' }
            : { day: '2-digit', month: '2-digit', year: '2-digit' };
    f = new Intl.DateTimeFormat(locale, opts);
    timeFormats.set(key, f);
  }
  return f;
}

/** A text kept per key, up to 5,000 (rows format the same times and names again as they scroll). */
function kept(cache: Map<string, string>, key: string, make: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size > 5000) cache.clear();
    cache.set(key, (text = make()));
  }
  return text;
}

const durations = new Map<string, string>();
/**
 * F2: a wait as text, per whole minute. `formatDuration` builds `Intl.NumberFormat`s on every
 * call (~0.1 ms each), too slow for rows redrawn on every scroll frame: results are kept.
 */
export function duration(locale: Locale, ms: number): string {
  // The text shows minutes under a day, then whole days: one key per text.
  const min = Math.floor(ms / 60_000);
  return kept(durations, `${locale}:${min < 1440 ? min : `d${Math.floor(min / 1440)}`}`, () => formatDuration(locale, ms));
}

/** The local day of `now`: its start and the next day's (one `Date` per minute, not per row). */
let today: { minute: number; start: number; end: number; year: number } | undefined;
function dayOf(now: number): NonNullable<typeof today> {
  const minute = Math.floor(now / 60_000);
  if (today?.minute !== minute) {
    const d = new Date(now);
    const year = d.getFullYear();
    d.setHours(0, 0, 0, 0);
    const start = d.getTime();
    d.setDate(d.getDate() + 1);
    today = { minute, start, end: d.getTime(), year };
  }
  return today;
}

const shortTimes = new Map<string, string>();
/** A compact time for the list: today a time, this week a weekday, then a date. */
export function shortTime(locale: Locale, ts: number, now: number): string {
  const day = dayOf(now);
  const kind = ts >= day.start && ts < day.end ? 'time' : now - ts < 6 * 86_400_000 && ts <= now ? 'weekday' : new Date(ts).getFullYear() === day.year ? 'day' : 'date';
  return kept(shortTimes, `${locale}:${kind}:${ts}`, () => fmt(locale, kind).format(ts));
}

const fullFormats = new Map<string, Intl.DateTimeFormat>();
const fullTimes = new Map<string, string>();
/** A full date and time for titles. */
export function fullTime(locale: Locale, ts: number): string {
  return kept(fullTimes, `${locale}:${ts}`, () => {
    let f = fullFormats.get(locale);
    if (!f) fullFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })));
    return f.format(ts);
  });
}

/**
 * Builds the list's time formats for `locale` (and the day of `now`) before a row needs them: a
 * sort by activity turns every wait into a time, and building the `Intl.DateTimeFormat`s and the
 * time zone in that frame made the first such sort one frame longer (issue 13, sort profile).
 */
export function warmTimes(locale: Locale, now: number): void {
  for (const kind of ['time', 'weekday', 'day', 'date'] as const) fmt(locale, kind).format(now);
  dayOf(now);
  fullTime(locale, now);
}

const initialsOf = new Map<string, string>();
/** Initials for an avatar without a picture. */
export function initials(name: string): string {
  return kept(initialsOf, name, () => {
    const words = name.trim().split(/\s+/).filter(Boolean);
    const letters = words.slice(0, 2).map((w) => [...w][0] ?? '');
    return letters.join('').toLocaleUpperCase() || '?';
  });
}

/** The list's words for the fallbacks of the SDK's one name rule (`sdk/session/names.ts`). */
export function fallbackWord(ctx: Pick<RowContext, 'tr' | 'locale'>, fallback: NameFallback): string {
  switch (fallback) {
    case 'former_operator':
      return translate(common, ctx.locale, 'formerOperator');
    case 'bot':
      return ctx.tr('botLabel');
    case 'client':
      return ctx.tr('noClientName');
    case 'system':
      return translate(common, ctx.locale, 'system');
    case 'nobody':
      return ctx.tr('unassigned');
  }
}

/** A name by the one rule; the signed-in operator is "You". */
function nameOf(ctx: RowContext, who: Author | Assignee | null | undefined, d?: Dialog): string {
  if (who?.kind === 'operator' && ctx.me?.id === who.id) return ctx.tr('you');
  const client = d?.clientId ? ctx.clients.get(d.clientId) : undefined;
  return displayNameText(displayName(who, ctx, { dialog: d, client }), (f) => fallbackWord(ctx, f));
}

/** The display name of an operator (or "You"). */
export function operatorName(ctx: RowContext, id: Id): string {
  return nameOf(ctx, { kind: 'operator', id });
}

/** The display name of who is responsible for a dialog (L3); "Unassigned" for nobody. */
export function assigneeName(ctx: RowContext, a: Assignee | null | undefined): string {
  return nameOf(ctx, a);
}

/** Who did a system event; empty for the system itself or nobody (the sentence then names no one). */
function authorName(ctx: RowContext, a: Author | null, d: Dialog): string {
  return !a || a.kind === 'system' ? '' : nameOf(ctx, a, d);
}

/** The client's name as the list shows it (the contact title when detached). */
export function clientName(ctx: RowContext, d: Dialog): string {
  const client = d.clientId ? ctx.clients.get(d.clientId) : undefined;
  return displayNameText(clientDisplayName({ client, dialog: d }), (f) => fallbackWord(ctx, f));
}

/** L3: a system event as a sentence. */
export function eventText(ctx: RowContext, ev: SystemEvent, d: Dialog): string {
  const by = authorName(ctx, ev.by, d);
  switch (ev.type) {
    case 'opened':
      return by ? ctx.tr('event.openedBy', { by }) : ctx.tr('event.opened');
    case 'closed':
      return by ? ctx.tr('event.closedBy', { by }) : ctx.tr('event.closed');
    case 'reopened':
      return by ? ctx.tr('event.reopenedBy', { by }) : ctx.tr('event.reopened');
    case 'reassigned': {
      const p = { by, from: assigneeName(ctx, ev.from), to: assigneeName(ctx, ev.to) };
      return by ? ctx.tr('event.reassignedBy', p) : ctx.tr('event.reassigned', p);
    }
    case 'client_blocked':
    case 'client_unblocked':
    case 'client_detached':
      return ctx.tr(`event.${ev.type}`, { by: by || ctx.tr('unassigned') });
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** L3/L4: the latest communication: the draft (marked), a system event, or the last message. */
function renderPreview(ctx: RowContext, d: Dialog): TemplateResult {
  const draft = ctx.drafts[d.id];
  if (draft && draft.text.trim()) {
    const text = oneLine(draft.text);
    return html`<span class="line preview" part="preview" title=${text}><span class="draft-label" part="draft">${ctx.tr('draft')}</span> <span class="preview-text" dir="auto">${text}</span></span>`;
  }
  const hit = ctx.hit(d.id);
  if (hit) return renderHit(ctx, hit);
  const m = d.lastMessage;
  if (!m) return html`<span class="line preview" part="preview"></span>`;
  if (m.kind === 'event' && m.event) {
    const text = eventText(ctx, m.event, d);
    return html`<span class="line preview event" part="preview event" title=${text}><span class="preview-text" dir="auto">${text}</span></span>`;
  }
  let text = oneLine(m.text);
  const files = m.attachmentCount > 0 ? ctx.tr('attachment', { count: m.attachmentCount }) : '';
  if (!text) text = files;
  const prefix = m.author.kind === 'operator' || m.author.kind === 'bot' ? authorName(ctx, m.author, d) : '';
  const title = prefix ? `${prefix}: ${text}` : text;
  return html`<span class="line preview" part="preview" title=${title}
    >${prefix ? html`<span class="author"><bdi>${prefix}</bdi>:</span> ` : nothing}${m.attachmentCount > 0 ? html`<span class="clip">${icons.paperclip}</span>` : nothing}<span
      class="preview-text"
      dir="auto"
      >${text}</span
    ></span
  >`;
}

/**
 * L6: the message the search matched, instead of the last one: an excerpt with the match marked
 * (`<mark>`, which assistive technology may not announce, so the line starts with a hidden
 * "Matching message:").
 */
function renderHit(ctx: RowContext, hit: SearchHit): TemplateResult {
  const text = hit.snippet;
  const [a, b] = hit.match;
  return html`<span class="line preview hit" part="preview search-hit" title=${text} data-message-id=${hit.messageId}
    ><span class="visually-hidden">${ctx.tr('searchMatch')} </span><span class="preview-text" dir="auto"
      >${text.slice(0, a)}${b > a ? html`<mark part="search-mark">${text.slice(a, b)}</mark>` : nothing}${text.slice(b)}</span
    ></span
  >`;
}

function renderTags(ctx: RowContext, client: ClientRecord | null | undefined): TemplateResult | typeof nothing {
  const tags = pinnedTags(client, ctx.tags);
  if (tags.length === 0) return nothing;
  const shown = tags.slice(0, MAX_TAGS);
  const rest = tags.length - shown.length;
  return html`${shown.map((t) => {
    const dark = tagChipClass(t.color) !== 'on-dark';
    return html`<span class="tag" part="tag" dir="auto" style=${styleMap({ background: t.color, color: dark ? 'var(--_color-tag-text-dark)' : 'var(--_color-tag-text-light)' })}>${t.name}</span>`;
  })}${
    rest > 0
      ? html`<span class="tag more" part="tag tag-more" title=${tags
          .slice(MAX_TAGS)
          .map((t) => t.name)
          .join(', ')}>+${rest}</span>`
      : nothing
  }`;
}

/**
 * F2: the wait against the limit (processing order only), otherwise the last activity time. Both
 * are one template (the same elements, other values), so a sort change that turns every wait into
 * a time fills the elements that are there instead of replacing them.
 */
function renderWhen(ctx: RowContext, d: Dialog): TemplateResult {
  const waited = ctx.processing ? waitedMs(d, ctx.now) : null;
  const limit = ctx.settings.responseTimeLimitMs;
  const wait = waited !== null && limit !== null;
  const overdue = wait && isOverdue(d, ctx.now, ctx.settings);
  const time = wait ? duration(ctx.locale, waited) : shortTime(ctx.locale, d.lastActivityAt, ctx.now);
  const spoken = wait ? ctx.tr(overdue ? 'overdueLong' : 'waitingLong', { time, limit: duration(ctx.locale, limit) }) : '';
  // The wait is spoken as its sentence (an image's name: no hidden text laid out per row).
  return html`<span
    class=${wait ? `wait${overdue ? ' overdue' : ''}` : 'time'}
    part=${wait ? (overdue ? 'wait wait-overdue' : 'wait') : 'time'}
    role=${ifDefined(wait ? 'img' : undefined)}
    aria-label=${ifDefined(wait ? spoken : undefined)}
    title=${ifDefined(wait ? undefined : fullTime(ctx.locale, d.lastActivityAt))}
    >${wait ? (overdue ? icons.warning : icons.clock) : nothing}<span aria-hidden=${ifDefined(wait ? 'true' : undefined)}>${time}</span></span
  >`;
}

/**
 * Renders the row of `d` at list position `index`; `later`: its content is rendered in the next
 * frame (a row past the screen, in the frame of a new answer), and until then the option is hidden
 * from assistive technology (unrendered, it would be an option without a name).
 */
export function renderRow(ctx: RowContext, d: Dialog, index: number, later = false): TemplateResult {
  const client = d.clientId ? ctx.clients.get(d.clientId) : undefined;
  const name = clientName(ctx, d);
  const read = ctx.reads.get(d.id);
  const unread = unreadCount(d, read);
  const marked = !unread && isUnread(d, read);
  const channel = ctx.channels.get(d.channelId);
  const selected = ctx.selected.has(d.id);
  const active = ctx.activeId === d.id;
  const overdue = ctx.processing && isOverdue(d, ctx.now, ctx.settings);
  const parts = ['row'];
  if (unread || marked) parts.push('row-unread');
  if (active) parts.push('row-active');
  if (selected) parts.push('row-selected');
  if (overdue) parts.push('row-overdue');
  if (d.status === 'closed') parts.push('row-closed');
  const assignee = assigneeName(ctx, d.assignee);
  const handledBy = ctx.tr('handledBy', { name: assignee });
  return html`<div
    role="option"
    class="row${unread || marked ? ' unread' : ''}${active ? ' active' : ''}${selected ? ' selected' : ''}${overdue ? ' overdue' : ''}${later ? ' later' : ''}"
    part=${parts.join(' ')}
    data-id=${d.id}
    data-index=${index}
    aria-selected=${selected ? 'true' : 'false'}
    aria-current=${ifDefined(active ? 'true' : undefined)}
    aria-hidden=${ifDefined(later ? 'true' : undefined)}
    aria-posinset=${index + 1}
    aria-setsize=${ctx.setSize}
    tabindex=${ctx.tabStopId === d.id ? '0' : '-1'}
    style="transform: translateY(${index * ctx.rowHeight}px)"
  >
    <span class="avatar" part="avatar" data-role="select" aria-hidden="true">
      ${client?.avatarUrl ? html`<img class="picture" src=${client.avatarUrl} alt="" />` : html`<span class="picture initials">${initials(name)}</span>`}
      <span class="check" part="checkbox">${icons.check}</span>
    </span>
    <span class="body">
      <span class="line head">
        <span class="name" part="name" title=${name} dir="auto">${name}</span>${active ? html`<span class="visually-hidden">, ${ctx.tr('openNow')}</span>` : nothing}
        ${
          unread > 0
            ? html`<span class="unread-count" part="unread-count" role="img" aria-label=${ctx.tr('unreadMessages', { count: unread })}
                ><span aria-hidden="true">${unread > 999 ? '999+' : unread}</span></span
              >`
            : marked
              ? html`<span class="unread-dot" part="unread-count" role="img" aria-label=${ctx.tr('markedUnread')}></span>`
              : nothing
        }
        ${renderWhen(ctx, d)}
      </span>
      <span class="line tags" part="tags">${renderTags(ctx, client)}</span>
      ${renderPreview(ctx, d)}
      <span class="line meta" part="meta">
        <span class="channel" part="channel" title=${channel?.name ?? ''}>${namedChannelIcon(channel?.kind ?? 'other', ctx.locale)}<span class="channel-name">${channel?.name ?? d.channelId}</span></span>
        <span class="sep" aria-hidden="true">·</span>
        <span class="assignee ${d.assignee ? '' : 'none'}" part="assignee" role="img" aria-label=${handledBy} title=${handledBy}
          >${d.assignee?.kind === 'bot' ? html`<span class="bot-mark" aria-hidden="true">${ctx.tr('botLabel')}</span> ` : nothing}<span aria-hidden="true" dir="auto">${assignee}</span></span
        >
        ${d.status === 'closed' ? html`<span class="status-closed" part="status">${ctx.tr('closedStatus')}</span>` : nothing}
      </span>
    </span>
  </div>`;
}
