/**
 * Uploaded files on disk, under the data folder, and how they are served: raster images inline
 * (P2 previews), everything else as a download; never HTML or SVG inline, never sniffed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Id } from '../sdk/model.js';
import type { FileStore } from './core/core.js';
import type { SqlDriver } from './db/sql-storage.js';
import { INLINE_IMAGE_TYPES } from './image-info.js';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Types never sent with their own type, even as a download: a browser could render them. */
const ACTIVE_TYPES =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/(x-)?javascript|application\/ecmascript|text\/ecmascript|multipart\/.*|message\/.*)$/i;

/** Where the server keeps uploaded bytes, and reads them back to serve them. */
export interface StoredFiles extends FileStore {
  /** Where a file is stored, or `null` for an id that cannot be one (checked before any lookup). */
  pathOf(id: Id): string | null;
  /** The bytes of a stored file, or `null`. */
  read(id: Id): Promise<Uint8Array | null>;
  /** Removes every stored file. */
  clear(): Promise<void>;
}

/** Files in a folder, one per upload id (PGlite: one server, its data folder). */
export class DiskFileStore implements StoredFiles {
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

/**
 * Files in the database (`upload_files`), for a server on PostgreSQL: every instance serves every
 * file with no shared folder to mount, the bytes are as durable as the rest of the data (the
 * answer comes after the commit), and one backup holds everything. The files are bounded by the
 * channels' limits (tens of MB at most), well within what `bytea` holds.
 */
export class DatabaseFileStore implements StoredFiles {
  constructor(
    private readonly db: SqlDriver,
    /** The URL prefix files are served under, e.g. `/api/v1/files`. */
    readonly urlPrefix: string,
  ) {}

  pathOf(id: Id): string | null {
    return SAFE_ID.test(id) ? `upload_files/${id}` : null;
  }

  async put(id: Id, data: Blob, mime: string): Promise<{ url: string }> {
    if (!this.pathOf(id)) throw new Error(`unsafe upload id ${id}`);
    await this.db.query('INSERT INTO upload_files (id, mime, data, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [id, mime, Buffer.from(await data.arrayBuffer()), Date.now()]);
    return { url: `${this.urlPrefix}/${encodeURIComponent(id)}` };
  }

  async read(id: Id): Promise<Uint8Array | null> {
    if (!this.pathOf(id)) return null;
    const r = await this.db.query<{ data: Uint8Array }>('SELECT data FROM upload_files WHERE id = $1', [id]);
    const data = r.rows[0]?.data;
    return data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  }

  async clear(): Promise<void> {
    await this.db.query('DELETE FROM upload_files');
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
