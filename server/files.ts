/**
 * Uploaded files on disk, under the data folder, and how they are served: raster images inline
 * (P2 previews), everything else as a download; never HTML or SVG inline, never sniffed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Id } from '../sdk/model.js';
import type { FileStore } from './core/core.js';
import { INLINE_IMAGE_TYPES } from './image-info.js';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Types never sent with their own type, even as a download: a browser could render them. */
const ACTIVE_TYPES = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/(x-)?javascript|application\/ecmascript|text\/ecmascript|multipart\/.*|message\/.*)$/i;

/** Files in a folder, one per upload id. */
export class DiskFileStore implements FileStore {
  constructor(
    /** Where the bytes go. */
    readonly dir: string,
    /** The URL prefix files are served under, e.g. `/api/v1/files`. */
    readonly urlPrefix: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** The path of a stored file, or `null` for an id that cannot be one. */
  pathOf(id: Id): string | null {
    return SAFE_ID.test(id) ? path.join(this.dir, id) : null;
  }

  /**
   * Stores the bytes durably before answering: written to a temporary file, synced to disk
   * (fsync), renamed into place and the folder synced, so an upload the server acknowledged is
   * whole after a crash or power loss, and a file is never seen half-written.
   */
  async put(id: Id, data: Blob): Promise<{ url: string }> {
    const file = this.pathOf(id);
    if (!file) throw new Error(`unsafe upload id ${id}`);
    const part = `${file}.part`;
    const handle = await open(part, 'w');
    try {
      await handle.writeFile(new Uint8Array(await data.arrayBuffer()));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, file);
    await syncFolder(this.dir);
    return { url: `${this.urlPrefix}/${encodeURIComponent(id)}` };
  }

  /** The bytes of a stored file, or `null`. */
  async read(id: Id): Promise<Uint8Array | null> {
    const file = this.pathOf(id);
    if (!file || !existsSync(file)) return null;
    return new Uint8Array(await readFile(file));
  }

  /** Removes every stored file. */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }
}

/** Makes a folder's entries (a rename into it) durable. Where folders cannot be opened (Windows), nothing. */
async function syncFolder(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    /* not supported here */
  } finally {
    await handle?.close();
  }
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'file';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The headers a stored file is served with. */
export function fileHeaders(mime: string, name: string, size: number): Record<string, string> {
  const type = mime.toLowerCase();
  const inline = INLINE_IMAGE_TYPES.has(type);
  return {
    'content-type': inline ? type : ACTIVE_TYPES.test(type) || !/^[\w.+-]+\/[\w.+-]+$/.test(type) ? 'application/octet-stream' : type,
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', name),
    'content-length': String(size),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'cross-origin',
    'cache-control': 'private, max-age=31536000, immutable',
  };
}
