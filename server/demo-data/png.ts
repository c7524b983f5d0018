/**
 * Tiny real PNGs and text files as data URLs for the demo data (P2: images must load; SVG is
 * never used). Browser-safe.
 */

// ---------------------------------------------------------------------------------------------
// Tiny real PNGs (P2: images must load; SVG is never used)
// ---------------------------------------------------------------------------------------------

export const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

export function pngChunk(type: string, data: readonly number[]): number[] {
  const body = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) body[i] = type.charCodeAt(i);
  body.set(data, 4);
  return [...u32(data.length), ...body, ...u32(crc32(body))];
}

export function base64(bytes: Uint8Array | readonly number[]): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export const pngCache = new Map<string, string>();

/** A valid 1×1 PNG of `color` (`#rrggbb`) as a `data:image/png;base64,` URL. */
export function pngDataUrl(color: string): string {
  const cached = pngCache.get(color);
  if (cached) return cached;
  const n = Number.parseInt(color.replace(/^#/, '').slice(0, 6), 16) || 0;
  const raw = new Uint8Array([0, (n >> 16) & 255, (n >> 8) & 255, n & 255]); // filter byte + RGB
  // zlib stream with one stored (uncompressed) deflate block.
  const zlib = [0x78, 0x01, 0x01, raw.length, 0, ~raw.length & 255, 0xff, ...raw, ...u32(adler32(raw))];
  const ihdr = [...u32(1), ...u32(1), 8, 2, 0, 0, 0]; // 1×1, 8-bit RGB
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...pngChunk('IHDR', ihdr), ...pngChunk('IDAT', zlib), ...pngChunk('IEND', [])];
  const url = `data:image/png;base64,${base64(png)}`;
  pngCache.set(color, url);
  return url;
}

export function textDataUrl(text: string): string {
  return `data:application/octet-stream;base64,${base64(new TextEncoder().encode(text))}`;
}
