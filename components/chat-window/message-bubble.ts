/**
 * One row of the feed: a message (client, operator, bot) with its quote, text, attachments,
 * status and actions, or a system event (L3). Rows never interpret message content as HTML:
 * text goes through lit text bindings, links through {@link linkify}.
 */
import { html, nothing, type SVGTemplateResult, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Attachment, Message, SystemEvent } from '../../sdk/model.js';
import { isPreviewableImage } from '../../sdk/rules/attachments.js';
import { formatBytes } from '../i18n.js';
import { icons } from '../icons.js';
import { linkify } from './linkify.js';
import { failureText, renderStatusIcon } from './status-icon.js';
import { domId, fullDateTime, timeOfDay, type ChatView } from './view.js';

/** What a message row may offer (M1, M2, S5), decided by the window from channel and rights. */
export interface MessageOffers {
  quote: boolean;
  quickReply: boolean;
  retry: boolean;
  /** S5: why Retry is not offered on the operator's own failed message, when it could be later. */
  retryLater?: string | undefined;
}

/** Per-row flags the feed decides. */
export interface RowState {
  /** The article takes part in the tab order (roving tabindex). */
  tabbable: boolean;
  /** Briefly highlighted (reached from a quote). */
  highlighted: boolean;
  /** Position in the whole dialog (aria-posinset) and the dialog size (aria-setsize). */
  pos: number;
  size: number;
  /** Attachments that failed to load in this session. */
  broken: ReadonlySet<string>;
}

/** The largest box an image preview takes in the feed, in CSS pixels. */
export const IMAGE_BOX = { width: 260, height: 220 } as const;

/** P2: the reserved size of an image preview, so the feed does not move when it loads. */
export function imageBox(a: Pick<Attachment, 'width' | 'height'>): { width: number; height: number } {
  const w = a.width && a.width > 0 ? a.width : 0;
  const h = a.height && a.height > 0 ? a.height : 0;
  if (!w || !h) return { width: IMAGE_BOX.width, height: Math.round(IMAGE_BOX.width * 0.66) };
  const scale = Math.min(1, IMAGE_BOX.width / w, IMAGE_BOX.height / h);
  return { width: Math.max(48, Math.round(w * scale)), height: Math.max(48, Math.round(h * scale)) };
}

/** A short type label for a file: `PDF`, `ZIP`, `TXT`... from the name or the MIME type. */
export function fileTypeLabel(a: Pick<Attachment, 'name' | 'mime'>): string {
  const ext = /\.([a-z0-9]{1,6})$/iu.exec(a.name)?.[1];
  if (ext) return ext.toUpperCase();
  const sub = a.mime.split('/')[1] ?? '';
  return (sub.split(/[.+-]/u).pop() ?? sub).toUpperCase() || a.mime;
}

/** The sentence of a system event (L3): who did what, from whom to whom. */
export function eventText(view: ChatView, event: SystemEvent): string {
  const by = event.by ? view.authorName(event.by) : null;
  switch (event.type) {
    case 'opened':
      return by ? view.t('event.opened', { by }) : view.t('event.openedSystem');
    case 'closed':
      return by ? view.t('event.closed', { by }) : view.t('event.closedSystem');
    case 'reopened':
      return by ? view.t('event.reopened', { by }) : view.t('event.reopenedSystem');
    case 'reassigned': {
      const who = by ?? view.t('event.system');
      const to = view.assigneeName(event.to);
      return event.from ? view.t('event.reassigned', { by: who, from: view.assigneeName(event.from), to }) : view.t('event.assigned', { by: who, to });
    }
    case 'client_blocked':
    case 'client_unblocked':
    case 'client_detached':
      return view.t(`event.${event.type}`, { by: by ?? view.t('event.system') });
  }
}

function renderText(text: string, tab: number): TemplateResult | typeof nothing {
  if (!text) return nothing;
  const parts = linkify(text).map((s) => (s.kind === 'link' ? html`<a href=${s.href} target="_blank" rel="noopener noreferrer" part="link" tabindex=${tab}>${s.text}</a>` : s.text));
  return html`<p class="text" part="text" dir="auto">${parts}</p>`;
}

function renderAttachment(view: ChatView, a: Attachment, broken: ReadonlySet<string>, tab: number): TemplateResult {
  if (!a.available || broken.has(a.id)) {
    const reason = !a.available ? view.t(`att.unavailable.${a.unavailableReason ?? 'removed'}`, { name: a.name }) : view.t('att.broken', { name: a.name });
    const box = a.kind === 'image' && isPreviewableImage(a.mime) ? imageBox(a) : null;
    return html`<li class="attachment unavailable" part="attachment attachment-unavailable" style=${box ? `inline-size:${box.width}px;block-size:${box.height}px` : ''}>
      ${icons.warning}<span>${reason}</span>
    </li>`;
  }
  if (a.kind === 'image' && isPreviewableImage(a.mime)) {
    const box = imageBox(a);
    return html`<li class="attachment image" part="attachment attachment-image">
      <button
        type="button"
        class="image-button"
        data-action="open-image"
        data-attachment=${a.id}
        style=${`inline-size:${box.width}px;aspect-ratio:${box.width} / ${box.height}`}
        aria-label=${view.t('image.open', { name: a.name })}
        tabindex=${tab}
      >
        <img src=${a.thumbUrl ?? a.url} alt="" width=${box.width} height=${box.height} decoding="async" data-attachment=${a.id} />
      </button>
    </li>`;
  }
  return html`<li class="attachment file" part="attachment attachment-file">
    <a class="file-link" href=${a.url} download=${a.name} title=${view.t('att.download', { name: a.name })} tabindex=${tab}>
      ${icons.file}
      <span class="file-name" dir="auto">${a.name}</span>
      <span class="file-meta">${fileTypeLabel(a)} · ${formatBytes(view.locale, a.size)}</span>
    </a>
  </li>`;
}

function renderAttachments(view: ChatView, m: Message, broken: ReadonlySet<string>, tab: number): TemplateResult | typeof nothing {
  if (m.attachments.length === 0) return nothing;
  return html`<ul class="attachments" aria-label=${view.t('att.files')}>
    ${m.attachments.map((a) => renderAttachment(view, a, broken, tab))}
  </ul>`;
}

function renderActions(view: ChatView, m: Message, offers: MessageOffers, tabbable: boolean): TemplateResult | typeof nothing {
  if (!offers.quote && !offers.quickReply) return nothing;
  const tab = tabbable ? 0 : -1;
  // The keys work on the focused message (R, Q by default): the tooltips say so.
  const button = (action: 'quote' | 'quick-reply', label: string, icon: SVGTemplateResult) => {
    const key = action === 'quote' ? 'quote' : 'quickReply';
    return html`<button
      type="button"
      class="icon-button"
      data-action=${action}
      data-id=${m.id}
      aria-label=${label}
      aria-keyshortcuts=${ifDefined(view.ariaKeys(key))}
      title=${view.tooltip(label, key)}
      tabindex=${tab}
    >
      ${icon}
    </button>`;
  };
  return html`<div class="message-actions" part="message-actions" role="group" aria-label=${view.t('msg.actions')}>
    ${offers.quote ? button('quote', view.t('msg.quote'), icons.quote) : nothing} ${offers.quickReply ? button('quick-reply', view.t('msg.quickReply'), icons.lightning) : nothing}
  </div>`;
}

/** Renders a system event row (L3). */
export function renderEvent(view: ChatView, m: Message, row: RowState): TemplateResult {
  const id = domId('ev', m.id);
  const text = m.event ? eventText(view, m.event) : m.text;
  return html`<article
    class="event"
    part="event"
    data-key=${m.id}
    tabindex=${row.tabbable ? 0 : -1}
    aria-posinset=${row.pos}
    aria-setsize=${row.size}
    aria-labelledby=${id}
  >
    <p class="event-text" id=${id}>${text} · <time datetime=${new Date(m.createdAt).toISOString()} title=${fullDateTime(view.locale, m.createdAt)}>${timeOfDay(view.locale, m.createdAt)}</time></p>
  </article>`;
}

/** Renders a message row: bubble, status (S1-S6), failure reason and retry (S5), actions (M1, M2). */
export function renderMessage(view: ChatView, m: Message, offers: MessageOffers, row: RowState): TemplateResult {
  if (m.kind === 'event') return renderEvent(view, m, row);
  const outgoing = m.author.kind !== 'client';
  const author = view.authorName(m.author);
  const bylineId = domId('by', m.id);
  const failed = m.status?.state === 'failed' ? m.status : null;
  const failId = domId('fail', m.id);
  const quote = m.quote;
  const tab = row.tabbable ? 0 : -1;
  return html`<article
    class="message ${outgoing ? 'out' : 'in'} author-${m.author.kind} ${row.highlighted ? 'highlighted' : ''} ${failed ? 'failed' : ''}"
    part="message message-${outgoing ? 'out' : 'in'}"
    data-key=${m.id}
    tabindex=${row.tabbable ? 0 : -1}
    aria-posinset=${row.pos}
    aria-setsize=${row.size}
    aria-labelledby=${bylineId}
    aria-describedby=${failed ? failId : nothing}
  >
    <div class="bubble" part="bubble">
      <p class="byline" id=${bylineId}>
        <span class="author" dir="auto">${author}</span><span class="visually-hidden">, ${fullDateTime(view.locale, m.createdAt)}</span>
      </p>
      ${
        quote
          ? html`<button type="button" class="quote" part="quote" data-action="goto-quote" data-id=${quote.messageId} tabindex=${tab}>
            <span class="visually-hidden">${view.t('msg.quoted', { name: view.authorName(quote.author) })}:</span>
            <span class="quote-author" aria-hidden="true" dir="auto">${view.authorName(quote.author)}</span>
            <span class="quote-text" dir="auto">${quote.text}</span>
          </button>`
          : nothing
      }
      ${renderText(m.text, tab)} ${renderAttachments(view, m, row.broken, tab)}
      <p class="meta">
        <time datetime=${new Date(m.createdAt).toISOString()} title=${fullDateTime(view.locale, m.createdAt)}>${timeOfDay(view.locale, m.createdAt)}</time>
        ${renderStatusIcon(view, m.status)}
      </p>
    </div>
    ${
      failed
        ? html`<p class="failure" part="failure" id=${failId}>
          <span>${view.t('msg.notSent')} ${failureText(view, failed)}</span>
          ${
            offers.retry
              ? html`<button type="button" class="button retry" data-action="retry" data-id=${m.id} tabindex=${tab}>${view.tc('retry')}</button>`
              : offers.retryLater
                ? html`<span class="retry-later" part="retry-later">${offers.retryLater}</span>`
                : nothing
          }
        </p>`
        : nothing
    }
    ${renderActions(view, m, offers, row.tabbable)}
  </article>`;
}
