import { expect } from '@open-wc/testing';
import type { Attachment, Message } from '../../sdk/model.js';
import { MemoryStorage } from './memory-storage.js';
import type { SeedData } from './storage.js';

const T = 1_700_000_000_000;

function att(id: string, kind: 'image' | 'file'): Attachment {
  return { id, name: `${id}.bin`, mime: kind === 'image' ? 'image/png' : 'application/pdf', size: 10, kind, url: `blob:${id}`, available: true };
}

function msg(dialogId: string, n: number, text: string, attachments: Attachment[] = []): Message {
  return { id: `${dialogId}-m${n}`, dialogId, n, kind: 'text', author: { kind: 'client', id: 'c' }, text, attachments, createdAt: T + n };
}

/** A tiny hand-built seed: two dialogs, a few messages, read states. */
function seed(): SeedData {
  return {
    operators: [
      { id: 'op-a', name: 'A', role: 'administrator', rights: { deleteDialogs: true }, online: true },
      { id: 'op-b', name: 'B', role: 'operator', rights: { deleteDialogs: false }, online: true },
    ],
    bots: [],
    channels: [],
    simulation: {},
    tags: [{ id: 't', name: 'T', color: '#000000' }],
    clients: [{ id: 'c', name: 'C', contacts: [], tags: [], source: null, analytics: null, blocked: false, orders: [] }],
    dialogs: ['d1', 'd2'].map((id) => ({
      id,
      channelId: 'ch',
      clientId: 'c',
      title: id,
      status: 'open' as const,
      assignee: null,
      createdAt: T,
      openedAt: T,
      lastActivityAt: T,
      waitingSince: null,
      lastMessage: null,
      clientMessageCount: 0,
      lastN: 5,
    })),
    messages: [
      msg('d1', 1, 'Hola'),
      msg('d1', 2, 'Envío urgente', [att('a1', 'image')]),
      msg('d1', 3, 'factura', [att('a2', 'file'), att('a3', 'image')]),
      msg('d1', 4, 'gracias'),
      msg('d1', 5, 'adiós'),
      msg('d2', 1, 'ПРИВЕТ'),
    ],
    readStates: [{ operatorId: 'op-a', dialogId: 'd1', readClientCount: 3, markedUnread: false }],
    quickReplies: [],
    settings: { responseTimeLimitMs: 60_000 },
    leftDialogs: ['d2'],
  };
}

describe('server/core MemoryStorage', () => {
  let s: MemoryStorage;
  beforeEach(async () => {
    s = new MemoryStorage(4);
    expect(await s.init(seed)).to.equal(true);
  });

  it('seeds once: a second init keeps the data', async () => {
    expect(await s.init(() => ({ ...seed(), operators: [] }))).to.equal(false);
    expect((await s.operators()).length).to.equal(2);
    expect(await s.settings()).to.deep.equal({ responseTimeLimitMs: 60_000 });
    expect([await s.clientLeft('d1'), await s.clientLeft('d2'), await s.clientLeft('nope')]).to.deep.equal([false, true, false]);
  });

  it('hands out copies: changing what it returned changes nothing stored', async () => {
    const d = (await s.dialog('d1'))!;
    d.status = 'closed';
    (await s.clients())[0]!.blocked = true;
    (await s.messages('d1', undefined, 1))[0]!.text = 'changed';
    expect((await s.dialog('d1'))!.status).to.equal('open');
    expect((await s.client('c'))!.blocked).to.equal(false);
    expect((await s.message('d1-m5'))!.text).to.equal('adiós');
  });

  it('pages messages: the last `limit` before `before`, ascending', async () => {
    expect((await s.messages('d1', undefined, 2)).map((m) => m.n)).to.deep.equal([4, 5]);
    expect((await s.messages('d1', 4, 2)).map((m) => m.n)).to.deep.equal([2, 3]);
    expect((await s.messages('d1', 2, 10)).map((m) => m.n)).to.deep.equal([1]);
    expect((await s.messages('d1', 1, 10)).map((m) => m.n)).to.deep.equal([]);
    expect(await s.messages('nope', undefined, 10)).to.deep.equal([]);
  });

  it('keeps a dialog feed in n order whatever order messages are put, and replaces by n', async () => {
    await s.putMessage(msg('d3', 3, 'c'));
    await s.putMessage(msg('d3', 1, 'a'));
    await s.putMessage(msg('d3', 2, 'b'));
    await s.putMessage({ ...msg('d3', 2, 'b'), status: { state: 'sent' } });
    const feed = await s.messages('d3', undefined, 10);
    expect(feed.map((m) => m.text)).to.deep.equal(['a', 'b', 'c']);
    expect(feed[1]!.status).to.deep.equal({ state: 'sent' });
  });

  it('L6: finds dialogs by message text ignoring case and accents', async () => {
    expect([...(await s.dialogsWithText('ENVIO'))]).to.deep.equal(['d1']);
    expect([...(await s.dialogsWithText('привет'))]).to.deep.equal(['d2']);
    expect([...(await s.dialogsWithText('   '))]).to.deep.equal([]);
  });

  it('H6: lists attachments by kind, newest first, and finds one anywhere', async () => {
    expect((await s.attachments('d1', 'image')).map((x) => x.attachment.id)).to.deep.equal(['a3', 'a1']);
    expect((await s.attachments('d1', 'file')).map((x) => x.attachment.id)).to.deep.equal(['a2']);
    const found = await s.attachment('a2');
    expect(found?.message.id).to.equal('d1-m3');
    expect(await s.attachment('zzz')).to.equal(undefined);
  });

  it('D1: deleting a dialog removes its messages, read states and left mark', async () => {
    await s.deleteDialog('d1');
    expect(await s.dialog('d1')).to.equal(undefined);
    expect(await s.message('d1-m1')).to.equal(undefined);
    expect(await s.messages('d1', undefined, 10)).to.deep.equal([]);
    expect(await s.readState('op-a', 'd1')).to.equal(undefined);
    expect(await s.attachment('a1')).to.equal(undefined);
    await s.deleteDialog('d2');
    expect(await s.clientLeft('d2'), 'a deleted dialog has no client who left').to.equal(false);
  });

  it('L1/H3: read states are per operator', async () => {
    expect(await s.readState('op-a', 'd1')).to.deep.equal({ dialogId: 'd1', readClientCount: 3, markedUnread: false });
    expect(await s.readState('op-b', 'd1')).to.equal(undefined);
    await s.putReadState('op-b', { dialogId: 'd1', readClientCount: 0, markedUnread: true });
    expect((await s.readStates('op-b')).length).to.equal(1);
    expect((await s.readStates('op-a'))[0]!.markedUnread).to.equal(false);
  });

  it('numbers events per operator from 1 and keeps at most eventLimit of them', async () => {
    const e = { type: 'dialog.removed', dialogId: 'd1', reason: 'deleted' } as const;
    for (let i = 0; i < 6; i++) expect((await s.appendEvent('op-a', e)).seq).to.equal(i + 1);
    expect((await s.appendEvent('op-b', e)).seq).to.equal(1);
    expect(await s.lastSeq('op-a')).to.equal(6);
    expect(await s.lastSeq('op-x')).to.equal(0);
    expect(await s.eventsSince('op-a', 0), 'events 1-2 are gone').to.equal(null);
    expect(await s.eventsSince('op-a', 1)).to.equal(null);
    expect((await s.eventsSince('op-a', 2))!.map((x) => x.seq)).to.deep.equal([3, 4, 5, 6]);
    expect(await s.eventsSince('op-a', 6)).to.deep.equal([]);
    expect(await s.eventsSince('op-a', 7), 'from the future: a gap').to.equal(null);
    expect(await s.eventsSince('op-x', 0), 'no events yet').to.deep.equal([]);
    expect(await s.eventsSince('op-x', 3)).to.equal(null);
  });

  it('uploads and quick replies are kept by id', async () => {
    await s.putUpload({ ...att('u1', 'file'), operatorId: 'op-a', dialogId: 'd1' });
    expect((await s.upload('u1'))?.operatorId).to.equal('op-a');
    await s.putQuickReply({ id: 'q', title: 'Q', text: 'q', createdBy: 'op-a', createdAt: T });
    expect((await s.quickReply('q'))?.title).to.equal('Q');
    expect((await s.quickReplies()).length).to.equal(1);
  });
});

describe('server/core MemoryStorage transactions', () => {
  let s: MemoryStorage;
  const removed = { type: 'dialog.removed', dialogId: 'd1', reason: 'deleted' } as const;
  beforeEach(async () => {
    s = new MemoryStorage(4);
    await s.init(seed);
    for (let i = 0; i < 4; i++) await s.appendEvent('op-a', removed);
  });

  /** Everything the storage holds, as text. */
  const snapshot = async () =>
    JSON.stringify({
      dialogs: await s.dialogs(),
      feeds: [await s.messages('d1', undefined, 100), await s.messages('d2', undefined, 100), await s.messages('d3', undefined, 100)],
      byId: [await s.message('d1-m2'), await s.message('d2-m1'), await s.message('x-1')],
      clients: await s.clients(),
      events: [await s.eventsSince('op-a', 0), await s.eventsSince('op-a', 4), await s.eventsSince('op-new', 0)],
      seqs: [await s.lastSeq('op-a'), await s.lastSeq('op-b'), await s.lastSeq('op-new')],
      reads: [await s.readStates('op-a'), await s.readStates('op-b')],
      left: [await s.clientLeft('d1'), await s.clientLeft('d2'), await s.clientLeft('d3')],
      replies: await s.quickReplies(),
      upload: (await s.upload('u9')) ?? null,
      sim: await s.simulation(),
      tags: await s.tags(),
      settings: await s.settings(),
      search: [...(await s.dialogsWithText('nuevo'))],
    });

  it('a transaction that throws midway leaves everything as it was (undo journal, newest first)', async () => {
    const before = await snapshot();
    const error = await s
      .transaction(async (tx) => {
        await tx.putMessage(msg('d1', 6, 'nuevo'));
        await tx.putMessage({ ...msg('d1', 2, 'changed'), status: { state: 'sent' } });
        await tx.putMessage(msg('d1', 6, 'nuevo otra vez'));
        await tx.putMessage(msg('d3', 1, 'nuevo dialog'));
        await tx.putDialog({ ...(await tx.dialog('d1'))!, lastN: 6, status: 'closed' });
        for (let i = 0; i < 3; i++) await tx.appendEvent('op-a', removed); // prunes the oldest
        await tx.appendEvent('op-new', removed);
        await tx.putReadState('op-b', { dialogId: 'd1', readClientCount: 5, markedUnread: true });
        await tx.putReadState('op-a', { dialogId: 'd1', readClientCount: 0, markedUnread: true });
        await tx.putClient({ ...(await tx.client('c'))!, blocked: true });
        await tx.setLeft('d1', true);
        await tx.setLeft('d2', false);
        await tx.putQuickReply({ id: 'q', title: 'Q', text: 'q', createdBy: 'op-a', createdAt: T });
        await tx.putUpload({ ...att('u9', 'file'), operatorId: 'op-a', dialogId: 'd1' });
        await tx.putSimulation('ch', { sendDelayMs: 1, deliverDelayMs: 1, readDelayMs: null, failing: true });
        await tx.putTag({ id: 't2', name: 'T2', color: '#ffffff' });
        await tx.putSettings({ responseTimeLimitMs: 1 });
        await tx.deleteDialog('d2');
        expect(await tx.dialog('d2'), 'the transaction sees its own writes').to.equal(undefined);
        throw new Error('midway');
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).to.equal('midway');
    expect(await snapshot()).to.equal(before);
  });

  it('a transaction that resolves keeps every write and answers its result', async () => {
    const r = await s.transaction(async (tx) => {
      await tx.putMessage(msg('d1', 6, 'nuevo'));
      return (await tx.appendEvent('op-a', removed)).seq;
    });
    expect(r).to.equal(5);
    expect((await s.message('d1-m6'))?.text).to.equal('nuevo');
    expect(await s.lastSeq('op-a')).to.equal(5);
  });

  it('transactions run one at a time; a transaction inside one joins it', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = s.transaction(async (tx) => {
      order.push('first starts');
      await gate;
      await tx.transaction(async (inner) => {
        expect(inner).to.equal(tx);
        await inner.putMessage(msg('d1', 6, 'uno'));
      });
      order.push('first ends');
    });
    const second = s.transaction(async (tx) => {
      order.push('second starts');
      await tx.putMessage(msg('d1', 7, 'dos'));
    });
    await Promise.resolve();
    release();
    await Promise.all([first, second]);
    expect(order).to.deep.equal(['first starts', 'first ends', 'second starts']);
  });

  it('a message number already taken in the dialog is refused, as the SQL schema refuses it', async () => {
    let error: unknown;
    await s.transaction((tx) => tx.putMessage({ ...msg('d1', 3, 'otra'), id: 'other-3' })).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/already has a message number 3/);
    expect((await s.messages('d1', undefined, 10)).map((m) => m.id)).to.deep.equal(['d1-m1', 'd1-m2', 'd1-m3', 'd1-m4', 'd1-m5']);
  });
});
