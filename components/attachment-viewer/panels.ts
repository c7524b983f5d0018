/**
 * The two panels' contents of `<attachment-viewer>` (H6): tiles of the image grid and the file
 * table. Templates over the viewer's {@link AttachmentView}; the viewer owns the state.
 */
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Id } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import { isPreviewableImage } from '../../sdk/rules/attachments.js';
import { formatBytes } from '../i18n.js';
import { icons } from '../icons.js';
import { downloadUrl, fileTypeKey, imageUrl, isShownAsImage, sanitizeFileName } from './files.js';
import { forwardButton, saveLink, unavailableText, type AttachmentView } from './view.js';

/** What a tile reports to the viewer. */
export interface TileActions {
  /** Whether a thumbnail failed to load. */
  isBroken(id: Id): boolean;
  focused(id: Id): void;
  open(id: Id, trigger: HTMLElement): void;
  brokenImage(id: Id): void;
}

/** Whether a tile takes focus (an image to open, or a file to save). */
export function tileFocusable(i: AttachmentItem): boolean {
  return i.attachment.available && (isShownAsImage(i.attachment) || downloadUrl(i.attachment.url) !== null);
}

/** One tile of the image grid (P2: opens the large view; an unavailable or non-raster image says so). */
export function renderTile(view: AttachmentView, tiles: TileActions, item: AttachmentItem, tabStop: boolean): TemplateResult {
  const a = item.attachment;
  const date = view.date(item.createdAt);
  const caption = html`<span class="thumb-caption" aria-hidden="true"><span class="thumb-name" dir="auto">${a.name}</span><span class="thumb-date">${date}</span></span>`;
  if (!a.available) {
    const u = unavailableText(view, a);
    return html`<li class="tile unavailable" part="thumbnail thumbnail-unavailable" data-id=${a.id}>
      <div class="thumb-box placeholder">
        ${icons.warning}
        <span class="ph-label">${u.label}</span>
        <span class="ph-hint">${u.hint}</span>
      </div>
      <span class="thumb-caption"><span class="thumb-name" dir="auto">${a.name}</span><span class="thumb-date">${date}</span></span>
    </li>`;
  }
  const tab = tabStop ? '0' : '-1';
  const sender = view.senderName(item);
  if (!isShownAsImage(a) || !isPreviewableImage(a.mime)) {
    // Not a raster image (SVG...) or no usable address: offered as a file, never rendered.
    const href = downloadUrl(a.url);
    return html`<li class="tile as-file" part="thumbnail" data-id=${a.id}>
      ${
        href
          ? html`<a
            class="thumb thumb-file"
            data-id=${a.id}
            href=${href}
            download=${sanitizeFileName(a.name)}
            rel="noopener noreferrer"
            tabindex=${tab}
            @click=${() => view.saved(item)}
            @focus=${() => tiles.focused(a.id)}
          >
            <span class="thumb-box placeholder">${icons.file}<span class="ph-label">${view.t('saveName', { name: a.name })}</span></span>
          </a>`
          : html`<div class="thumb-box placeholder">${icons.file}<span class="ph-label">${view.t('imageBroken')}</span></div>`
      }
      ${caption}
    </li>`;
  }
  const broken = tiles.isBroken(a.id);
  const src = imageUrl(a.thumbUrl ?? a.url)!;
  return html`<li class="tile" part="thumbnail" data-id=${a.id}>
    <button
      type="button"
      class="thumb"
      data-id=${a.id}
      tabindex=${tab}
      aria-haspopup="dialog"
      @click=${(e: Event) => tiles.open(a.id, e.currentTarget as HTMLElement)}
      @focus=${() => tiles.focused(a.id)}
    >
      <span class="thumb-box">
        ${
          broken
            ? html`<span class="placeholder" role="img" aria-label=${view.t('unavailableName', { name: a.name, reason: view.t('imageBroken') })}>${icons.warning}<span class="ph-label" aria-hidden="true">${view.t('imageBroken')}</span></span>`
            : html`<img
              src=${src}
              alt=${view.t('imageAlt', { name: a.name, sender })}
              width=${a.width ?? 160}
              height=${a.height ?? 160}
              loading="lazy"
              decoding="async"
              draggable="false"
              @error=${() => tiles.brokenImage(a.id)}
            />`
        }
      </span>
      ${caption}
      <span class="visually-hidden">, ${view.t('sentOn', { date })}</span>
    </button>
  </li>`;
}

/** H6: the file table. */
export function renderFileTable(view: AttachmentView, items: readonly AttachmentItem[]): TemplateResult {
  return html`<table class="files" part="files">
    <caption class="visually-hidden">${view.t('filesCaption')}</caption>
    <thead>
      <tr>
        <th scope="col" class="f-name">${view.t('col.name')}</th>
        <th scope="col" class="f-type">${view.t('col.type')}</th>
        <th scope="col" class="f-size">${view.t('col.size')}</th>
        <th scope="col" class="f-date">${view.t('col.date')}</th>
        <th scope="col" class="f-sender">${view.t('col.sender')}</th>
        <th scope="col" class="f-actions"><span class="visually-hidden">${view.t('col.actions')}</span></th>
      </tr>
    </thead>
    <tbody>
      ${repeat(
        items,
        (i) => i.attachment.id,
        (i) => renderFileRow(view, i),
      )}
    </tbody>
  </table>`;
}

function renderFileRow(view: AttachmentView, item: AttachmentItem): TemplateResult {
  const a = item.attachment;
  const type = fileTypeKey(a);
  const u = a.available ? null : unavailableText(view, a);
  return html`<tr class=${u ? 'unavailable' : ''} part=${u ? 'file file-unavailable' : 'file'} data-id=${a.id}>
    <th scope="row" class="f-name">
      <span class="f-name-inner">${icons.file}<span class="f-name-text" dir="auto">${a.name}</span></span>
    </th>
    <td class="f-type" title=${a.mime}>${view.t(type.key, type.params)}</td>
    <td class="f-size">${formatBytes(view.locale, a.size)}</td>
    <td class="f-date"><time datetime=${new Date(item.createdAt).toISOString()} title=${view.dateTime(item.createdAt)}>${view.date(item.createdAt)}</time></td>
    <td class="f-sender" dir="auto">${view.senderName(item)}</td>
    <td class="f-actions">
      ${
        u
          ? html`<span class="badge" title=${u.hint}>${icons.warning}<span>${u.label}</span></span><span class="visually-hidden">${u.hint}</span>`
          : html`${saveLink(view, item)}${forwardButton(view, item)}`
      }
    </td>
  </tr>`;
}
