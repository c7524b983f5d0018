/** P1, H6: whether a channel accepts a file. */
import type { Channel } from '../model.js';

/** Why a file is refused. */
export type AttachmentRefusal = 'not_allowed' | 'type' | 'size' | 'count' | 'empty';

/**
 * The error code a refused file is answered with, the same in the SDK (before sending) and the
 * backend: a channel rule has its own code; an empty file is bad input (`validation`).
 */
export function refusalCode(r: AttachmentRefusal): 'attachment_not_allowed' | 'attachment_type' | 'attachment_size' | 'attachment_count' | 'validation' {
  return r === 'not_allowed' ? 'attachment_not_allowed' : r === 'type' ? 'attachment_type' : r === 'size' ? 'attachment_size' : r === 'count' ? 'attachment_count' : 'validation';
}

/** Why a file is refused, in the API's words (elements show their localized text instead). */
export const REFUSAL_TEXT: Readonly<Record<AttachmentRefusal, string>> = {
  not_allowed: 'this channel does not accept files',
  type: 'this channel does not accept files of this type',
  size: 'the file is larger than this channel accepts',
  count: 'too many files for one message in this channel',
  empty: 'the file is empty',
};

/** A file about to be attached (a `File` fits). */
export interface FileLike {
  name: string;
  type: string;
  size: number;
}

/**
 * The essence of a MIME type: lower case, without white space or parameters
 * (`"Image/SVG+XML; charset=utf-8"` gives `"image/svg+xml"`).
 */
export function mimeEssence(mime: string): string {
  return (mime.split(';')[0] ?? '').trim().toLowerCase();
}

/** Whether `mime` matches a pattern such as `image/*`, `application/pdf` or `*`. Parameters are ignored. */
export function mimeMatches(pattern: string, mime: string): boolean {
  const p = mimeEssence(pattern);
  const m = mimeEssence(mime);
  if (p === '*' || p === '*/*') return true;
  if (p.endsWith('/*')) return m.startsWith(p.slice(0, -1));
  return p === m;
}

/** P1: checks one file against the channel's capabilities. `null` means accepted. */
export function checkAttachment(channel: Pick<Channel, 'capabilities'>, file: FileLike, alreadyAttached = 0): AttachmentRefusal | null {
  const caps = channel.capabilities.attachments;
  if (!caps.allowed) return 'not_allowed';
  if (alreadyAttached >= caps.maxCount) return 'count';
  if (file.size <= 0) return 'empty';
  if (!caps.types.some((t) => mimeMatches(t, file.type || 'application/octet-stream'))) return 'type';
  if (file.size > caps.maxBytes) return 'size';
  return null;
}

/** Whether a MIME type is shown as an image preview (P2). SVG never is: it could carry script. */
export function isPreviewableImage(mime: string): boolean {
  const m = mimeEssence(mime);
  return m.startsWith('image/') && m !== 'image/svg+xml';
}
