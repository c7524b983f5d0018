/**
 * What the sub-parts of `<attachment-viewer>` (the large image view, the forward window) need
 * from it to render: language, names, the client's data, and a few actions.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Attachment, Channel, ClientRecord, Dialog, Id, Operator } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import type { common } from '../common.messages.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import type { AttachmentViewerKey } from './attachment-viewer.messages.js';
import { downloadUrl, keepsDownloadName, sanitizeFileName } from './files.js';

/** A shared string key. */
export type CommonKey = keyof typeof common.en;

/** The rendering context handed to the sub-parts. */
export interface AttachmentView {
  locale: Locale;
  /** An `<attachment-viewer>` string. */
  t(key: AttachmentViewerKey, params?: Record<string, string | number>): string;
  /** A shared string. */
  tc(key: CommonKey, params?: Record<string, string | number>): string;
  /** A readable sentence for a refused command or any error. */
  errorText(error: unknown): string;
  /** Who sent an attachment, by name. */
  senderName(item: AttachmentItem): string;
  /** A date as shown beside an attachment. */
  date(ts: number): string;
  /** A full date and time, for titles and assistive technology. */
  dateTime(ts: number): string;
  client: ChatClient;
  /** The dialog whose attachments are shown. */
  dialogId: Id;
  me: Operator | null;
  dialogs: ReadonlyMap<Id, Dialog>;
  clients: ReadonlyMap<Id, ClientRecord>;
  channels: ReadonlyMap<Id, Channel>;
  /** A file was saved (its link clicked). */
  saved(item: AttachmentItem): void;
  /** Opens the forward window for an attachment; focus returns to `trigger` afterwards. */
  openForward(item: AttachmentItem, trigger: HTMLElement | null): void;
  /** {@link trapTab}, handed over so that the forward window's chunk imports nothing from the body's. */
  trapTab: typeof trapTab;
}

/** The reason an attachment is unavailable, in a word and a sentence. */
export function unavailableText(view: AttachmentView, a: Attachment): { label: string; hint: string } {
  const r = a.unavailableReason ?? 'removed';
  return { label: view.t(`unavailable.${r}`), hint: view.t(`unavailableHint.${r}`) };
}

/**
 * H6: the "Save" link of an attachment: a real download of the original file, under its
 * sanitized name. Renders nothing when the address is not one a link may point at.
 */
export function saveLink(view: AttachmentView, item: AttachmentItem, opts: { label?: boolean; className?: string } = {}): TemplateResult | typeof nothing {
  const a = item.attachment;
  const href = a.available ? downloadUrl(a.url) : null;
  if (!href) return nothing;
  const name = sanitizeFileName(a.name);
  const label = view.t('saveName', { name });
  // Cross-origin addresses ignore `download`: the file opens in a new tab, never in this page.
  const external = !keepsDownloadName(href);
  return html`<a
    class=${opts.className ?? 'icon-button'}
    part="save"
    href=${href}
    download=${name}
    target=${external ? '_blank' : '_self'}
    rel="noopener noreferrer"
    aria-label=${opts.label ? nothing : label}
    title=${label}
    data-action="save"
    @click=${() => view.saved(item)}
    >${icons.download}${opts.label ? html`<span>${view.tc('save')}</span>` : nothing}</a
  >`;
}

/** H6: the "Forward" button of an attachment. */
export function forwardButton(view: AttachmentView, item: AttachmentItem, opts: { label?: boolean; className?: string } = {}): TemplateResult | typeof nothing {
  if (!item.attachment.available) return nothing;
  const label = view.t('forwardName', { name: item.attachment.name });
  return html`<button
    type="button"
    class=${opts.className ?? 'icon-button'}
    part="forward"
    aria-label=${opts.label ? nothing : label}
    title=${label}
    aria-haspopup="dialog"
    data-action="forward"
    @click=${(e: Event) => view.openForward(item, e.currentTarget as HTMLElement)}
  >
    ${icons.forward}${opts.label ? html`<span>${view.t('forward')}</span>` : nothing}
  </button>`;
}

/**
 * Keeps Tab and Shift+Tab inside a modal `<dialog>`: from the last focusable element back to the
 * first and the other way round (the page behind is inert already; this also keeps focus off
 * the browser's own controls).
 */
export function trapTab(dialog: HTMLDialogElement, e: KeyboardEvent): void {
  if (e.key !== 'Tab') return;
  const root = dialog.getRootNode() as Document | ShadowRoot;
  const focusable = [
    ...dialog.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'),
  ].filter((el) => el.tabIndex >= 0 && !el.closest('[hidden]') && el.getClientRects().length > 0);
  // Native radio groups are one tab stop: keep the checked one (or the first) of each group.
  const seen = new Set<string>();
  const stops = focusable.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
    const group = [...dialog.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]:not([disabled])`)];
    const stop = group.find((r) => r.checked) ?? group[0];
    if (seen.has(el.name) || el !== stop) return false;
    seen.add(el.name);
    return true;
  });
  if (stops.length === 0) return;
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  const active = root.activeElement;
  if (e.shiftKey && (active === first || !dialog.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}
