/**
 * Rights at the API, for every command (H1, H2, H4, H5, P3, D4; issue 12): a site visitor's
 * token, the previous operator of a dialog reassigned away, and an operator who is not
 * responsible (on a bot's dialog they see, and on a colleague's they do not). Each refusal
 * answers before anything is read or replayed, names nothing of the dialog, and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandName } from '../../sdk/protocol.js';
import { normalizeQuery } from '../../sdk/rules/query.js';
import { ROUTES } from '../../sdk/transport/routes.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { apiCommand, until } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

/** Maria's WhatsApp dialog, reassigned to Ivan by the administrator in `before`. */
const MOVED = 'dlg-0014';
const MOVED_CLIENT = 'cl-0014';
/** Held by the sales bot: every operator sees it; nobody but an administrator manages it. */
const BOT = 'dlg-0030';
const BOT_CLIENT = 'cl-0029';

interface Answer {
  status: number;
  body: { error?: { code: string; field?: string }; results?: Array<{ ok: boolean; reason?: string }> } & Record<string, unknown>;
  text: string;
}

describe('rights at the API: every command, for those who may not', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let visitorToken = '';
  /** Ids maria used in MOVED while it was hers. */
  const old = { message: 'rights-old-1', attachment: '', quickReply: 'rights-qr-1' };

  const request = (token: string, name: CommandName, input: Record<string, unknown>): Promise<Answer> => apiCommand<Answer['body']>(server, token, name, input);
  const upload = async (token: string, dialogId: string): Promise<Answer> => {
    const form = new FormData();
    form.append('file', new Blob([PNG_1x1], { type: 'image/png' }), 'r.png');
    const res = await fetch(`${server.endpoint}/dialogs/${dialogId}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {}, text };
  };

  /** Everything a refused command could have changed. */
  const state = async () => {
    const q = async (sql: string) => (await server.storage.db.query<Record<string, unknown>>(sql)).rows;
    return JSON.stringify({
      dialogs: await q(`SELECT * FROM dialogs WHERE id IN ('${MOVED}', '${BOT}') ORDER BY id`),
      clients: await q(`SELECT * FROM clients WHERE id IN ('${MOVED_CLIENT}', '${BOT_CLIENT}') ORDER BY id`),
      messages: await q(`SELECT dialog_id, count(*)::int FROM messages WHERE dialog_id IN ('${MOVED}', '${BOT}') GROUP BY dialog_id ORDER BY dialog_id`),
      uploads: await q('SELECT count(*)::int FROM uploads'),
      replies: await q('SELECT count(*)::int FROM quick_replies'),
      heads: await q('SELECT * FROM event_heads ORDER BY operator_id'),
    });
  };

  before(async () => {
    server = await startTestServer();
    for (const op of [SEED_IDS.admin, SEED_IDS.maria, SEED_IDS.ivan, SEED_IDS.john]) tokens[op] = await server.tokenFor(op);
    const chat = await fetch(`${server.url}/api/visitor/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Rights', text: 'hola' }) });
    visitorToken = ((await chat.json()) as { token: string }).token;
    // While MOVED is hers, maria writes, uploads and makes a quick reply from it.
    const maria = tokens[SEED_IDS.maria]!;
    const up = await upload(maria, MOVED);
    assert.equal(up.status, 201, up.text);
    old.attachment = (up.body as { id: string }).id;
    assert.equal((await request(maria, 'sendMessage', { dialogId: MOVED, id: old.message, text: 'Le envío la foto', attachments: [{ id: old.attachment }] })).status, 201);
    assert.equal((await request(maria, 'createQuickReply', { id: old.quickReply, text: 'Plantilla: foto enviada', messageId: old.message })).status, 201);
    const moved = await request(tokens[SEED_IDS.admin]!, 'reassignDialog', { dialogId: MOVED, to: { kind: 'operator', id: SEED_IDS.ivan } });
    assert.equal(moved.status, 200, moved.text);
    // The simulated channel is done with her message (read is its last step here), so "nothing
    // changed" below is not its status moving on a loaded machine.
    await until(async () => (await server.storage.message(old.message))?.status?.state === 'read', 'maria’s message read by the simulated channel');
  });
  after(() => server.dispose());

  /** Every command with an input aimed at `dialogId` (and its client), for an actor with no right to it. */
  const inputs = (dialogId: string, clientId: string, attachmentId: string, tag: string): Array<[CommandName, Record<string, unknown>]> => [
    ['getDialog', { dialogId }],
    ['getClient', { clientId }],
    ['loadMessages', { dialogId }],
    ['sendMessage', { dialogId, id: `rights-new-${tag}`, text: 'hola' }],
    ['closeDialog', { dialogId }],
    ['reopenDialog', { dialogId }],
    ['reassignDialog', { dialogId, to: { kind: 'operator', id: SEED_IDS.john } }],
    ['markRead', { dialogId }],
    ['markUnread', { dialogId }],
    ['detachClient', { dialogId }],
    ['listAttachments', { dialogId, kind: 'image' }],
    ['forwardAttachment', { toDialogId: dialogId, id: `rights-fw-${tag}`, attachmentId }],
    ['blockClient', { clientId }],
    ['unblockClient', { clientId }],
    ['setClientTags', { clientId, tags: [] }],
    ['deleteDialogs', { dialogIds: [dialogId] }],
    ['createQuickReply', { id: `rights-qr-${tag}`, text: 'hola' }],
    ['bootstrap', {}],
    ['eventsSince', { since: 0 }],
    ['listDialogs', { query: normalizeQuery({}) }],
    ['updateSettings', { responseTimeLimitMs: null }],
  ];

  it('a visitor’s token opens no operator command (401), and an operator token opens no visitor route', async () => {
    const before = await state();
    const names = new Set<CommandName>();
    for (const [name, input] of inputs(MOVED, MOVED_CLIENT, old.attachment, 'v')) {
      const r = await request(visitorToken, name, input);
      assert.equal(r.status, 401, `${name}: ${r.text}`);
      assert.equal(r.body.error?.code, 'unauthorized');
      names.add(name);
    }
    assert.deepEqual([...names].sort(), Object.keys(ROUTES).sort(), 'every command was tried');
    assert.equal((await upload(visitorToken, MOVED)).status, 401);
    const v = await fetch(`${server.url}/api/visitor/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[SEED_IDS.admin]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'rights-v', text: 'hola' }),
    });
    assert.equal(v.status, 401);
    assert.equal(await state(), before, 'nothing changed');
  });

  it('H1: the previous operator, after a reassignment away, gets 404 for everything about the dialog (replays of her own ids included)', async () => {
    const maria = tokens[SEED_IDS.maria]!;
    const before = await state();
    const expected: Partial<Record<CommandName, number>> = { deleteDialogs: 200, createQuickReply: 201, bootstrap: 200, eventsSince: 200, listDialogs: 200, updateSettings: 403 };
    for (const [name, input] of inputs(MOVED, MOVED_CLIENT, old.attachment, 'prev')) {
      if (name === 'createQuickReply') continue; // below, with the message it came from
      const r = await request(maria, name, input);
      assert.equal(r.status, expected[name] ?? 404, `${name}: ${r.text}`);
      if (r.status === 404) assert.equal(r.body.error?.code, 'not_found', name);
      if (name === 'updateSettings') assert.equal(r.body.error?.code, 'forbidden', 'F2: only an administrator changes the settings');
      assert.ok(!r.text.includes('Le envío la foto'), `${name} answers nothing of the dialog`);
      if (name === 'deleteDialogs') assert.deepEqual(r.body.results, [{ dialogId: MOVED, ok: false, reason: 'not_found' }]);
      if (name === 'bootstrap') assert.ok(!r.text.includes(`"${MOVED}"`), 'not in her snapshot');
      if (name === 'listDialogs') assert.ok(!r.text.includes(`"${MOVED}"`), 'not in her lists');
    }
    // Her own ids, sent again: the message, a forward into it, a quick reply from it.
    const replay = await request(maria, 'sendMessage', { dialogId: MOVED, id: old.message, text: 'Le envío la foto', attachments: [{ id: old.attachment }] });
    assert.deepEqual([replay.status, replay.body.error?.code], [404, 'not_found'], replay.text);
    const fromIt = await request(maria, 'createQuickReply', { id: 'rights-qr-prev', text: 'x', messageId: old.message });
    assert.deepEqual([fromIt.status, fromIt.body.error?.field], [404, 'messageId'], fromIt.text);
    const forwardOut = await request(maria, 'forwardAttachment', { toDialogId: SEED_IDS.waitingDialog, id: 'rights-fw-out', attachmentId: old.attachment });
    assert.deepEqual([forwardOut.status, forwardOut.body.error?.field], [404, 'attachmentId'], forwardOut.text);
    assert.equal((await upload(maria, MOVED)).status, 404);
    const file = await fetch(`${server.url}/api/v1/files/${old.attachment}`);
    assert.equal(file.status, 200, 'files stay capability URLs: whoever was given the id may fetch it');
    // Her event stream says nothing more about the dialog once she lost it.
    const lost = (await request(maria, 'eventsSince', { since: 0 })).body as unknown as { events: Array<{ seq: number; type: string; dialogId?: string }> };
    const aboutIt = lost.events.filter((e) => JSON.stringify(e).includes(MOVED));
    assert.deepEqual(
      [...new Set(aboutIt.map((e) => e.type))].sort(),
      ['dialog.removed', 'read.updated'],
      'her old events about it replay as its removal, without its messages (her own read position stays)',
    );
    const removal = aboutIt.filter((e) => e.type === 'dialog.removed').at(-1)!;
    const ivan = tokens[SEED_IDS.ivan]!;
    assert.equal((await request(ivan, 'sendMessage', { dialogId: MOVED, id: 'rights-ivan-1', text: 'Ya lo llevo yo' })).status, 201);
    const later = (await request(maria, 'eventsSince', { since: removal.seq })).body as unknown as { events: unknown[] };
    assert.ok(!JSON.stringify(later.events).includes(MOVED), 'no event about it after the removal');
    // Only what ivan did changed (his message); everything maria tried left no trace.
    const afterIvan = JSON.parse(await state()) as { messages: Array<{ count: number }> };
    const was = JSON.parse(before) as { messages: Array<{ count: number }> };
    assert.equal(afterIvan.messages[0]!.count, was.messages[0]!.count + 1);
    assert.equal(afterIvan.messages[1]!.count, was.messages[1]!.count);
  });

  it('P3, H2, H4, H5, H1, D4: an operator who is not responsible for a bot’s dialog may read it but not act in it', async () => {
    const john = tokens[SEED_IDS.john]!;
    const before = await state();
    const allowed = new Set<CommandName>([
      'getDialog',
      'getClient',
      'loadMessages',
      'listAttachments',
      'markRead',
      'markUnread',
      'bootstrap',
      'eventsSince',
      'listDialogs',
      'setClientTags',
      'deleteDialogs',
      'createQuickReply',
    ]);
    const refusedAs: Partial<Record<CommandName, string>> = {
      sendMessage: 'not_assigned',
      forwardAttachment: 'not_assigned',
      closeDialog: 'forbidden',
      reopenDialog: 'forbidden',
      reassignDialog: 'forbidden',
      detachClient: 'forbidden',
      blockClient: 'forbidden',
      unblockClient: 'forbidden',
      updateSettings: 'forbidden',
    };
    const attachmentId = await johnsAttachment();
    for (const [name, input] of inputs(BOT, BOT_CLIENT, attachmentId, 'john')) {
      const r = await request(john, name, input);
      if (allowed.has(name)) {
        assert.ok(r.status === 200 || r.status === 201, `${name}: ${r.text}`);
        if (name === 'deleteDialogs') assert.deepEqual(r.body.results, [{ dialogId: BOT, ok: false, reason: 'forbidden' }], 'D4: john has no delete right');
        continue;
      }
      assert.equal(r.status, 403, `${name}: ${r.text}`);
      assert.equal(r.body.error?.code, refusedAs[name], name);
    }
    assert.equal((await upload(john, BOT)).status, 403, 'P3: no uploads where he may not write');
    // What he may do touched only his own read position, his quick reply and the client's tags.
    const now = JSON.parse(await state()) as Record<string, unknown>;
    const was = JSON.parse(before) as Record<string, unknown>;
    assert.deepEqual([now.dialogs, now.messages, now.uploads], [was.dialogs, was.messages, was.uploads]);
  });

  it('H1: an operator who is not responsible for a colleague’s dialog does not see it: 404 for every command about it', async () => {
    const john = tokens[SEED_IDS.john]!;
    const before = await state();
    for (const [name, input] of inputs(MOVED, MOVED_CLIENT, old.attachment, 'john2')) {
      if (name === 'createQuickReply' || name === 'bootstrap' || name === 'eventsSince' || name === 'listDialogs' || name === 'deleteDialogs') continue;
      const r = await request(john, name, input);
      // F2: the settings concern no dialog: an operator is refused them as such.
      assert.equal(r.status, name === 'updateSettings' ? 403 : 404, `${name}: ${r.text}`);
    }
    const fromIt = await request(john, 'createQuickReply', { id: 'rights-qr-john', text: 'x', messageId: old.message });
    assert.equal(fromIt.status, 404);
    // Someone else's quick-reply id is not his to replay.
    const theirs = await request(john, 'createQuickReply', { id: old.quickReply, text: 'Plantilla: foto enviada' });
    assert.deepEqual([theirs.status, theirs.body.error?.code], [409, 'conflict']);
    assert.equal(await state(), before);
  });

  /** An available attachment in some dialog john sees (to forward into the bot's dialog). */
  async function johnsAttachment(): Promise<string> {
    const john = tokens[SEED_IDS.john]!;
    const snap = (await request(john, 'bootstrap', {})).body as unknown as { list: { dialogs: Array<{ id: string }> } };
    for (const d of snap.list.dialogs) {
      for (const kind of ['image', 'file']) {
        const r = await request(john, 'listAttachments', { dialogId: d.id, kind });
        const found = (r.body as unknown as { items: Array<{ attachment: { id: string; available: boolean } }> }).items.find((i) => i.attachment.available);
        if (found) return found.attachment.id;
      }
    }
    throw new Error('john sees no attachment to forward');
  }
});
