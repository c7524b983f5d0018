/**
 * Uploaded files: stored under the data folder, served inline only as raster images (P2), every
 * other type as a download, never HTML or SVG inline, never sniffed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { contentDisposition, fileHeaders } from '../../server/files.js';
import { imageInfo } from '../../server/image-info.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
const GIF_3x2 = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 3, 0, 2, 0, 0, 0, 0]);
const JPEG_640x480 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0xe0, 0x02, 0x80, 3, 1, 0x22, 0]);

describe('uploads: stored on disk, served safely', () => {
  let server: TestServer;
  let token: string;

  const put = async (dialogId: string, body: BlobPart, type: string, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([body], { type }), name);
    const res = await fetch(`${server.endpoint}/dialogs/${dialogId}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const json = (await res.json()) as { id: string; url: string; kind: string; mime: string; width?: number; height?: number; error?: unknown };
    assert.equal(res.status, 201, JSON.stringify(json));
    return json;
  };
  const get = (url: string) => fetch(new URL(url, server.url));

  before(async () => {
    server = await startTestServer();
    token = await server.tokenFor(SEED_IDS.admin);
  });
  after(() => server.dispose());

  it('P2: a PNG is stored under the data folder and served inline as image/png, unsniffable', async () => {
    const a = await put(SEED_IDS.attachmentsDialog, PNG_1x1, 'image/png', 'foto.png');
    assert.equal(a.kind, 'image');
    assert.ok(existsSync(path.join(server.dataDir, 'uploads', a.id)));
    const res = await get(a.url);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('content-disposition'), `inline; filename="foto.png"; filename*=UTF-8''foto.png`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; sandbox");
  });

  it('a PDF is served as a download (attachment) with its UTF-8 name', async () => {
    const a = await put(SEED_IDS.attachmentsDialog, '%PDF-1.4\n%…', 'application/pdf', 'Factura nº 12 — marzo.pdf');
    assert.equal(a.kind, 'file');
    const res = await get(a.url);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="Factura n_ 12 _ marzo.pdf"; filename\*=UTF-8''Factura%20n%C2%BA%2012%20%E2%80%94%20marzo.pdf$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('an SVG (which can carry script) is never inline: a download of type application/octet-stream', async () => {
    const a = await put(SEED_IDS.attachmentsDialog, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml', 'logo.svg');
    assert.equal(a.kind, 'file');
    const res = await get(a.url);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment;/);
  });

  it('the real type and size of an image come from its bytes: a JPEG declared as PNG is a JPEG; sizes are read', async () => {
    const a = await put(SEED_IDS.attachmentsDialog, JPEG_640x480, 'image/png', 'photo.png');
    assert.equal(a.mime, 'image/jpeg');
    assert.deepEqual([a.width, a.height], [640, 480]);
    const g = await put(SEED_IDS.attachmentsDialog, GIF_3x2, 'image/gif', 'tiny.gif');
    assert.deepEqual([g.width, g.height], [3, 2]);
  });

  it('a file name with a path or control characters is cleaned', async () => {
    const a = await put(SEED_IDS.attachmentsDialog, 'hello', 'text/plain', '../../etc/pass\u0007wd.txt');
    const res = await get(a.url);
    assert.match(res.headers.get('content-disposition') ?? '', /filename="pass_wd.txt"/);
  });

  it('an unknown file id: 404 JSON', async () => {
    const res = await fetch(`${server.endpoint}/files/nope`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  it('header rules, one by one', () => {
    assert.equal(fileHeaders('text/html', 'x.html', 1)['content-type'], 'application/octet-stream');
    assert.equal(fileHeaders('application/xhtml+xml', 'x', 1)['content-type'], 'application/octet-stream');
    assert.equal(fileHeaders('image/svg+xml', 'x.svg', 1)['content-disposition']?.startsWith('attachment'), true);
    assert.equal(fileHeaders('image/webp', 'x.webp', 1)['content-disposition']?.startsWith('inline'), true);
    assert.equal(fileHeaders('weird type', 'x', 1)['content-type'], 'application/octet-stream');
    assert.equal(contentDisposition('attachment', 'a"b\\c.txt'), `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
    assert.equal(imageInfo(new TextEncoder().encode('<html>')), null);
    assert.deepEqual(imageInfo(PNG_1x1), { mime: 'image/png', width: 1, height: 1 });
  });
});
