/**
 * File names, types and addresses as `<attachment-viewer>` shows and saves them. Names and
 * types come from the client: they are only ever shown as text, and an address is used only
 * when its scheme is one a browser cannot run script from.
 */
import type { Attachment } from '../../sdk/model.js';
import { isPreviewableImage, mimeEssence } from '../../sdk/rules/attachments.js';
import type { AttachmentViewerKey } from './attachment-viewer.messages.js';

/**
 * Keeps a file name safe to save: no folders, no control or reserved characters, no leading
 * dots (hidden files), bounded length. The same rule as the reference server applies on upload
 * (server code is not imported by elements).
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return (clean || 'file').slice(0, 180);
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'blob:']);

function parse(url: string): URL | null {
  try {
    return new URL(url, typeof document !== 'undefined' ? document.baseURI : 'http://localhost/');
  } catch {
    return null;
  }
}

/**
 * An address fit for a download link: http(s), blob, or a `data:` URL. Anything else
 * (`javascript:`, empty...) gives `null`, and no link is rendered.
 */
export function downloadUrl(url: string | undefined): string | null {
  if (!url) return null;
  const u = parse(url.trim());
  if (!u) return null;
  if (SAFE_SCHEMES.has(u.protocol) || u.protocol === 'data:') return u.href;
  return null;
}

/**
 * An address fit for an `<img>` of a previewable image: http(s), blob, or a `data:image/...`
 * URL of a raster type (never SVG). `null` otherwise.
 */
export function imageUrl(url: string | undefined): string | null {
  if (!url) return null;
  const u = parse(url.trim());
  if (!u) return null;
  if (SAFE_SCHEMES.has(u.protocol)) return u.href;
  if (u.protocol === 'data:') {
    const type = u.href.slice(5).split(/[;,]/)[0] ?? '';
    return isPreviewableImage(type) ? u.href : null;
  }
  return null;
}

/**
 * Whether a download link to `url` keeps its `download` name: browsers honour the attribute for
 * same-origin, `blob:` and `data:` addresses only (a cross-origin server names the file through
 * its `Content-Disposition` header).
 */
export function keepsDownloadName(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return typeof location !== 'undefined' && u.origin === location.origin;
}

/** Whether an attachment is shown as a picture (P2): an available raster image with a usable address. */
export function isShownAsImage(a: Attachment): boolean {
  return a.kind === 'image' && a.available && isPreviewableImage(a.mime) && imageUrl(a.thumbUrl ?? a.url) !== null;
}

/** The extension of a file name, upper case without the dot ("PDF"), or "". */
export function extensionOf(name: string): string {
  const m = /\.([\p{L}\p{N}]{1,8})$/u.exec(name.trim());
  return m ? m[1]!.toUpperCase() : '';
}

/** A readable type for a file: a message key and its parameters ("PDF document", "PNG image"...). */
export function fileTypeKey(a: Pick<Attachment, 'mime' | 'name'>): { key: AttachmentViewerKey; params?: Record<string, string> } {
  const mime = mimeEssence(a.mime);
  const ext = extensionOf(a.name);
  const [top = '', sub = ''] = mime.split('/');
  if (top === 'image') return { key: 'type.image', params: { format: (sub.replace(/^x-/, '').split('+')[0] ?? '').toUpperCase() || ext } };
  if (mime === 'application/pdf') return { key: 'type.pdf' };
  if (mime === 'application/zip' || mime === 'application/x-zip-compressed') return { key: 'type.zip' };
  if (/(x-7z|x-rar|x-tar|gzip|x-bzip)/.test(mime)) return { key: 'type.archive' };
  if (mime === 'text/csv') return { key: 'type.csv' };
  if (mime === 'text/plain') return { key: 'type.text' };
  if (/(msword|wordprocessingml|opendocument\.text|rtf)/.test(mime)) return { key: 'type.document' };
  if (/(ms-excel|spreadsheetml|opendocument\.spreadsheet)/.test(mime)) return { key: 'type.spreadsheet' };
  if (/(ms-powerpoint|presentationml|opendocument\.presentation)/.test(mime)) return { key: 'type.presentation' };
  if (top === 'audio') return { key: 'type.audio' };
  if (top === 'video') return { key: 'type.video' };
  if (ext) return { key: 'type.ext', params: { ext } };
  return { key: 'type.unknown' };
}
