/**
 * Uploaded files (P1, P3): where their bytes go ({@link FileStore}), safe file names, and the
 * checks an upload passes before it is stored for a dialog. Browser-safe.
 */
import type { Attachment, Id, Operator } from '../../sdk/model.js';
import { ChatCommandError } from '../../sdk/protocol.js';
import { checkAttachment, isPreviewableImage, refusalCode, REFUSAL_TEXT } from '../../sdk/rules/attachments.js';
import { canWrite } from '../../sdk/rules/permissions.js';
import { cutText } from '../../sdk/rules/text.js';
import { channelOf, clientOf, visibleDialog } from './access.js';
import type { Storage } from './storage.js';

/** Stores uploaded bytes and tells where they can be fetched. */
export interface FileStore {
  put(id: Id, data: Blob, mime: string): Promise<{ url: string; thumbUrl?: string }>;
}

/** In-memory files: object URLs in a browser, data URLs elsewhere. */
export const memoryFiles: FileStore = {
  async put(_id, data, mime) {
    if (typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function' && typeof document !== 'undefined') {
      return { url: URL.createObjectURL(data) };
    }
    const bytes = new Uint8Array(await data.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return { url: `data:${mime};base64,${btoa(s)}` };
  },
};

/** A file an operator uploads. */
export interface UploadedFile {
  name: string;
  type: string;
  data: Blob;
  width?: number;
  height?: number;
}

/**
 * Checks an upload for a dialog against the channel (P1) and the operator's right to write there
 * (P3, H4), stores its bytes in `files` under a new id, and answers the attachment (not yet stored
 * as an upload: the caller does that in a unit).
 */
export async function storeUpload(s: Storage, files: FileStore, op: Operator, dialogId: Id, file: UploadedFile, newId: () => Id): Promise<Attachment> {
  const dialog = await visibleDialog(s, op, dialogId);
  const channel = await channelOf(s, dialog.channelId);
  const name = sanitizeFileName(file.name);
  const mime = (file.type || 'application/octet-stream').toLowerCase();
  const r = checkAttachment(channel, { name, type: mime, size: file.data.size });
  if (r) throw new ChatCommandError(refusalCode(r), `${name}: ${REFUSAL_TEXT[r]}.`, 'file');
  // P3, H4: a file is uploaded to be sent; only who may write in the dialog may upload to it.
  const write = canWrite(op, dialog, await clientOf(s, dialog));
  if (!write.ok)
    throw new ChatCommandError(
      write.reason,
      write.reason === 'client_blocked' ? 'The client is blocked: files can be neither sent nor received.' : 'The dialog is not assigned to you.',
      undefined,
      403,
    );
  const id = newId();
  const stored = await files.put(id, file.data, mime);
  const kind = isPreviewableImage(mime) ? 'image' : 'file';
  return {
    id,
    name,
    mime,
    size: file.data.size,
    kind,
    url: stored.url,
    thumbUrl: stored.thumbUrl ?? (kind === 'image' ? stored.url : undefined),
    width: file.width,
    height: file.height,
    available: true,
  };
}

/**
 * Keeps a file name safe to show and to save: no paths, no control characters, no bidirectional
 * overrides (which make `invoice\u202Egpj.exe` look like `invoiceexe.jpg`), bounded length (cut
 * between characters, never inside one).
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '_')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return cutText(clean || 'file', 180);
}
