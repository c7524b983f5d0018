/**
 * Bad input to the reference server: each gets a 4xx with a JSON error that names the problem
 * (`{ error: { code, message, field } }`), and nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

interface ErrorAnswer {
  status: number;
  error: { code: string; message: string; field?: string };
}

describe('bad input: a named 4xx, nothing stored', () => {
  let server: TestServer;
  let token: string;

  /** Rows that any accepted request would add. */
  const counts = async () => {
    const q = async (sql: string) => (await server.storage.db.query<{ n: number }>(sql)).rows[0]!.n;
    return {
      messages: await q('SELECT count(*)::int AS n FROM messages'),
      uploads: await q('SELECT count(*)::int AS n FROM uploads'),
      events: await q('SELECT count(*)::int AS n FROM events'),
      dialogs: await q('SELECT count(*)::int AS n FROM dialogs'),
    };
  };

  /** Sends a request and expects a refusal; checks the error shape and that nothing changed. */
  async function refused(path: string, init: RequestInit & { auth?: string | null }, expect: { status: number; code: string; field?: string; message?: RegExp }): Promise<ErrorAnswer> {
    const before = await counts();
    const headers = new Headers(init.headers);
    const auth = init.auth === undefined ? `Bearer ${token}` : init.auth;
    if (auth) headers.set('authorization', auth);
    const res = await fetch(`${server.url}${path}`, { ...init, headers });
    const text = await res.text();
    assert.equal(res.status, expect.status, text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = JSON.parse(text) as { error: ErrorAnswer['error'] };
    assert.equal(body.error.code, expect.code, text);
    assert.ok(body.error.message.length > 5, 'a readable message');
    if (expect.field !== undefined) assert.equal(body.error.field, expect.field, text);
    if (expect.message) assert.match(body.error.message, expect.message);
    assert.deepEqual(await counts(), before, 'nothing stored');
    return { status: res.status, error: body.error };
  }

  const json = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const upload = (file: Blob, name: string, field = 'file'): RequestInit => {
    const form = new FormData();
    form.append(field, file, name);
    return { method: 'POST', body: form };
  };
  const send = (dialogId: string) => `/api/v1/dialogs/${dialogId}/messages`;

  before(async () => {
    server = await startTestServer();
    token = await server.tokenFor(SEED_IDS.admin);
  });
  after(() => server.dispose());

  it('malformed JSON: 400 validation naming the body', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json('{"id": "m-1", "text": "hola"'), { status: 400, code: 'validation', field: 'body', message: /malformed JSON/ });
  });

  it('a body that is not a JSON object: 400', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json('["m-1", "hola"]'), { status: 400, code: 'validation', field: 'body' });
  });

  it('JSON sent with another content type: 400', async () => {
    await refused(
      send(SEED_IDS.freshWaitingDialog),
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'id=m-1&text=hola' },
      { status: 400, code: 'validation', field: 'body' },
    );
  });

  it('an unknown field: 400 naming it', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-unknown', text: 'hola', colour: 'red' }), { status: 400, code: 'validation', field: 'colour' });
  });

  it('a wrong type: 400 naming the field', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-type', text: 5 }), { status: 400, code: 'validation', field: 'text', message: /text: .*string/i });
  });

  it('a missing field: 400 naming it', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ text: 'sin id' }), { status: 400, code: 'validation', field: 'id' });
  });

  it('a path parameter repeated in the body: 400 naming it', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-dup', dialogId: SEED_IDS.freshWaitingDialog, text: 'hola' }), { status: 400, code: 'validation', field: 'dialogId' });
  });

  it('a wrong query type: 400 naming the parameter', async () => {
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/messages?limit=many`, { method: 'GET' }, { status: 400, code: 'validation', field: 'limit' });
    await refused('/api/v1/events?since=1&since=2', { method: 'GET' }, { status: 400, code: 'validation', field: 'since' });
  });

  it('an empty message (only white space): 400 naming the text', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-empty', text: '   \n ' }), { status: 400, code: 'validation', field: 'text' });
  });

  it('P4: a message over 2000 characters (white space not counted): 400 too_long', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-long', text: 'x'.repeat(2001) }), {
      status: 400,
      code: 'too_long',
      field: 'text',
      message: /2001 characters without spaces; at most 2000/,
    });
    // The same length with spaces in it is within the limit.
    const res = await fetch(`${server.url}${send(SEED_IDS.freshWaitingDialog)}`, {
      ...json({ id: 'm-long-ok', text: `${'x'.repeat(2000)}${' '.repeat(300)}` }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 201);
    // Let its simulated delivery finish, so later checks count only their own rows.
    await until(async () => (await server.storage.message('m-long-ok'))?.status?.state === 'read', 'delivery of the accepted message');
  });

  it('P4: a channel with a lower limit refuses above its own limit', async () => {
    // The landing chat allows 1000 characters.
    await refused(send(SEED_IDS.unassignedDialog), json({ id: 'm-landing-long', text: 'y'.repeat(1001) }), { status: 400, code: 'too_long', field: 'text' });
  });

  it('an unknown dialog id: 404 naming the dialog', async () => {
    await refused(send('dlg-nope'), json({ id: 'm-nodialog', text: 'hola' }), { status: 404, code: 'not_found', field: 'dialogId' });
  });

  it('an unknown quoted message: 404 naming quoteId', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-noquote', text: 'hola', quoteId: 'msg-nope' }), { status: 404, code: 'not_found', field: 'quoteId' });
  });

  it('an unknown upload in a send: 404 naming the attachment', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), json({ id: 'm-noupload', text: '', attachments: [{ id: 'up-nope' }] }), { status: 404, code: 'not_found', field: 'attachments.0.id' });
  });

  it('an unknown client, operator or tag: 404 naming it', async () => {
    await refused('/api/v1/clients/cl-nope/block', json({}), { status: 404, code: 'not_found', field: 'clientId' });
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/reassign`, json({ to: { kind: 'operator', id: 'op-nope' } }), { status: 404, code: 'not_found', field: 'to.id' });
    await refused('/api/v1/clients/cl-0002/tags', json({ tags: [{ tagId: 'tag-nope', pinned: false }] }, 'PUT'), { status: 404, code: 'not_found', field: 'tags' });
  });

  it('an unknown route: 404 JSON', async () => {
    await refused('/api/v1/dialogs/x/teleport', json({}), { status: 404, code: 'not_found' });
  });

  it('missing token: 401 with WWW-Authenticate', async () => {
    const r = await refused('/api/v1/bootstrap', { method: 'GET', auth: null }, { status: 401, code: 'unauthorized', field: 'authorization' });
    assert.match(r.error.message, /bearer token/i);
    const res = await fetch(`${server.url}/api/v1/bootstrap`);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
  });

  it('an unknown or revoked token: 401', async () => {
    await refused(send(SEED_IDS.freshWaitingDialog), { ...json({ id: 'm-badtoken', text: 'hola' }), auth: 'Bearer cdk_not-a-token' }, { status: 401, code: 'unauthorized' });
    await refused('/api/v1/bootstrap', { method: 'GET', auth: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }, { status: 401, code: 'unauthorized', field: 'authorization' });
    const t = await server.tokenFor(SEED_IDS.maria);
    const out = await fetch(`${server.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
    assert.equal(out.status, 204);
    await refused('/api/v1/bootstrap', { method: 'GET', auth: `Bearer ${t}` }, { status: 401, code: 'unauthorized' });
  });

  it('P1: a file larger than the channel accepts: 413 attachment_size', async () => {
    // The landing chat takes images up to 5 MB.
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG_1x1);
    await refused(`/api/v1/dialogs/${SEED_IDS.unassignedDialog}/uploads`, upload(new Blob([big], { type: 'image/png' }), 'big.png'), { status: 413, code: 'attachment_size', field: 'file' });
  });

  it('P1: a file larger than any channel accepts is cut off early: 413 attachment_size', async () => {
    const huge = new Uint8Array(21 * 1024 * 1024);
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, upload(new Blob([huge], { type: 'application/pdf' }), 'huge.pdf'), { status: 413, code: 'attachment_size', field: 'file' });
  });

  it('P1: a type the channel does not accept: 415 attachment_type', async () => {
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, upload(new Blob(['PK\u0003\u0004'], { type: 'application/zip' }), 'docs.zip'), {
      status: 415,
      code: 'attachment_type',
      field: 'file',
    });
  });

  it('P1: a channel that takes no files: 415 attachment_not_allowed', async () => {
    await refused(`/api/v1/dialogs/${SEED_IDS.blockedDialog}/uploads`, upload(new Blob([PNG_1x1], { type: 'image/png' }), 'a.png'), { status: 415, code: 'attachment_not_allowed', field: 'file' });
  });

  it('P2: a file claiming to be an image that is not one (HTML as PNG): 415, never stored', async () => {
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, upload(new Blob(['<html><script>alert(1)</script></html>'], { type: 'image/png' }), 'cat.png'), {
      status: 415,
      code: 'attachment_type',
      field: 'file',
      message: /not a PNG image/,
    });
  });

  it('an upload without a file part, or with another field: 400 naming it', async () => {
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, upload(new Blob([PNG_1x1], { type: 'image/png' }), 'a.png', 'photo'), { status: 400, code: 'validation', field: 'photo' });
    await refused(`/api/v1/dialogs/${SEED_IDS.freshWaitingDialog}/uploads`, json({ file: 'a.png' }), { status: 400, code: 'validation', field: 'body' });
  });

  it('an upload to an unknown dialog: 404', async () => {
    await refused('/api/v1/dialogs/dlg-nope/uploads', upload(new Blob([PNG_1x1], { type: 'image/png' }), 'a.png'), { status: 404, code: 'not_found', field: 'dialogId' });
  });

  it('H1: a dialog the operator may not see answers as unknown (404), not forbidden', async () => {
    const ivan = await server.tokenFor(SEED_IDS.ivan);
    await refused(send(SEED_IDS.freshWaitingDialog), { ...json({ id: 'm-ivan', text: 'hola' }), auth: `Bearer ${ivan}` }, { status: 404, code: 'not_found', field: 'dialogId' });
  });

  it('event socket: a first frame that is not a valid hello closes with 4400 and a named error; a bad token with 4401', async () => {
    const url = `${server.endpoint.replace('http', 'ws')}/ws`;
    const attempt = (frame: string) =>
      new Promise<{ code: number; frames: string[] }>((resolve) => {
        const ws = new WebSocket(url);
        const frames: string[] = [];
        ws.on('open', () => ws.send(frame));
        ws.on('message', (d) => frames.push(String(d)));
        ws.on('close', (code) => resolve({ code, frames }));
      });
    const bad = await attempt(JSON.stringify({ type: 'hello', token: 'x', since: 'yesterday' }));
    assert.equal(bad.code, 4400);
    assert.match(bad.frames[0] ?? '', /"field"|since/);
    const junk = await attempt('not json');
    assert.equal(junk.code, 4400);
    const unknown = await attempt(JSON.stringify({ type: 'hello', token: 'cdk_nope' }));
    assert.equal(unknown.code, 4401);
    assert.match(unknown.frames[0] ?? '', /unauthorized/);
  });

  it('visitor endpoints: a missing name, an unknown visitor token: named 4xx', async () => {
    await refused('/api/visitor/chats', { ...json({ text: 'hola' }), auth: null }, { status: 400, code: 'validation', field: 'name' });
    await refused('/api/visitor/messages', { ...json({ id: 'v-1', text: 'hola' }), auth: 'Bearer cdv_nope' }, { status: 401, code: 'unauthorized' });
  });
});
