import { expect } from '@open-wc/testing';
import type { Dialog, DialogPage, Id } from '../../sdk/model.js';
import { ChatCommandError, type ChatEvent, type CommandName, type ErrorCode } from '../../sdk/protocol.js';
import { defaultQuery } from '../../sdk/rules/query.js';
import { sanitizeFileName } from './core.js';
import { MemoryStorage } from './memory-storage.js';
import type { Storage } from './storage.js';
import { createTestBackend, failingStorage, SEED_IDS, settle, TEST_NOW, type TestBackend } from './test-support.js';

const ID = SEED_IDS;

/** Runs a command and returns the refusal it must end in. */
async function refusal(b: TestBackend, op: Id, name: CommandName, input: unknown): Promise<ChatCommandError> {
  try {
    await b.core.handle(op, name, input);
  } catch (e) {
    expect(e).to.be.instanceOf(ChatCommandError);
    return e as ChatCommandError;
  }
  throw new Error(`${name} was expected to be refused`);
}

/** The error a promise ends in. */
async function refusalOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

/** Collects every event an operator receives. */
function listen(b: TestBackend, op: Id): ChatEvent[] {
  const out: ChatEvent[] = [];
  b.core.subscribe(op, (e) => out.push(e));
  return out;
}

const mentions = (e: ChatEvent, dialogId: Id): boolean => JSON.stringify(e).includes(`"${dialogId}"`);

describe('server/core ChatCore', () => {
  let b: TestBackend;
  beforeEach(async () => {
    b = await createTestBackend();
  });
  afterEach(() => b.dispose());

  describe('input validation', () => {
    const cases: Array<[string, CommandName, unknown, ErrorCode, string | undefined]> = [
      ['an unknown field is refused, named', 'closeDialog', { dialogId: ID.waitingDialog, force: true }, 'validation', 'force'],
      ['a wrong type is refused, named', 'closeDialog', { dialogId: 42 }, 'validation', 'dialogId'],
      ['a missing field is refused, named', 'reopenDialog', {}, 'validation', 'dialogId'],
      ['an empty id is refused', 'markRead', { dialogId: '' }, 'validation', 'dialogId'],
      ['a nested unknown field of the query is refused', 'listDialogs', { query: { ...defaultQuery(), hack: 1 } }, 'validation', 'query.hack'],
      ['a wrong enum value is refused', 'listDialogs', { query: { ...defaultQuery(), sort: 'random' } }, 'validation', 'query.sort'],
      ['a wrong assignee kind is refused', 'reassignDialog', { dialogId: ID.waitingDialog, to: { kind: 'robot', id: 'x' } }, 'validation', 'to.kind'],
      ['a limit out of range is refused', 'loadMessages', { dialogId: ID.waitingDialog, limit: 0 }, 'validation', 'limit'],
      ['an empty bulk delete is refused', 'deleteDialogs', { dialogIds: [] }, 'validation', 'dialogIds'],
      ['a non-object input is refused', 'closeDialog', 'dlg-0001', 'validation', undefined],
    ];
    for (const [name, command, input, code, field] of cases) {
      it(`${name} (${command})`, async () => {
        const e = await refusal(b, ID.admin, command, input);
        expect(e.code).to.equal(code);
        expect(e.field).to.equal(field);
        if (field) expect(e.message).to.contain(field);
      });
    }

    it('an unknown command is refused', async () => {
      const e = await refusal(b, ID.admin, 'dropDatabase' as CommandName, {});
      expect(e.code).to.equal('not_found');
    });

    it('an unknown operator is unauthorized', async () => {
      const e = await refusal(b, 'op-nobody', 'bootstrap', {});
      expect(e.code).to.equal('unauthorized');
    });

    const unknownIds: Array<[string, CommandName, unknown, string | undefined]> = [
      ['dialog', 'closeDialog', { dialogId: 'dlg-none' }, 'dialogId'],
      ['dialog to load', 'loadMessages', { dialogId: 'dlg-none' }, 'dialogId'],
      ['operator to reassign to', 'reassignDialog', { dialogId: ID.freshWaitingDialog, to: { kind: 'operator', id: 'op-none' } }, 'to.id'],
      ['bot to reassign to', 'reassignDialog', { dialogId: ID.freshWaitingDialog, to: { kind: 'bot', id: 'bot-none' } }, 'to.id'],
      ['client to block', 'blockClient', { clientId: 'cl-none' }, 'clientId'],
      ['quoted message', 'sendMessage', { id: 'm-q', dialogId: ID.freshWaitingDialog, text: 'hi', quoteId: 'msg-none' }, 'quoteId'],
      ['upload', 'sendMessage', { id: 'm-u', dialogId: ID.freshWaitingDialog, text: '', attachments: [{ id: 'up-none' }] }, 'attachments.0.id'],
      ['attachment to forward', 'forwardAttachment', { id: 'm-f', attachmentId: 'att-none', toDialogId: ID.freshWaitingDialog }, 'attachmentId'],
      ['tag', 'setClientTags', { clientId: 'cl-0002', tags: [{ tagId: 'tag-none', pinned: false }] }, 'tags'],
      ['message of a quick reply', 'createQuickReply', { id: 'qr-x', text: 'x', messageId: 'msg-none' }, 'messageId'],
    ];
    for (const [what, command, input, field] of unknownIds) {
      it(`an unknown ${what} is not_found (${command})`, async () => {
        const e = await refusal(b, ID.admin, command, input);
        expect(e.code).to.equal('not_found');
        expect(e.field).to.equal(field);
      });
    }

    it('H1: a dialog the operator may not see answers not_found, like one that does not exist', async () => {
      const e = await refusal(b, ID.ivan, 'loadMessages', { dialogId: ID.waitingDialog });
      expect(e.code).to.equal('not_found');
    });

    it('P4: 2001 characters without spaces are refused with too_long and nothing is stored or announced', async () => {
      const events = listen(b, ID.admin);
      const e = await refusal(b, ID.admin, 'sendMessage', { id: 'm-long', dialogId: ID.freshWaitingDialog, text: 'x'.repeat(2001) });
      expect(e.code).to.equal('too_long');
      expect(e.field).to.equal('text');
      expect(e.message).to.contain('2001');
      expect(await b.storage.message('m-long')).to.equal(undefined);
      await settle();
      expect(events).to.deep.equal([]);
    });

    it('P4: 2000 characters plus any amount of white space are accepted', async () => {
      const text = 'ab '.repeat(1000) + '\n'.repeat(50);
      const m = await b.core.handle(ID.admin, 'sendMessage', { id: 'm-2000', dialogId: ID.freshWaitingDialog, text });
      expect(m.text).to.equal(text);
    });

    it('P4: a channel with a lower limit (landing chat, 1000) refuses 1001', async () => {
      await b.core.handle(ID.admin, 'sendMessage', { id: 'm-1000', dialogId: ID.unassignedDialog, text: 'y'.repeat(1000) });
      const e = await refusal(b, ID.admin, 'sendMessage', { id: 'm-1001', dialogId: ID.unassignedDialog, text: 'y'.repeat(1001) });
      expect(e.code).to.equal('too_long');
    });

    it('a message needs text or a file', async () => {
      const e = await refusal(b, ID.admin, 'sendMessage', { id: 'm-empty', dialogId: ID.freshWaitingDialog, text: '  \n ' });
      expect(e.code).to.equal('validation');
      expect(e.field).to.equal('text');
    });
  });

  describe('events', () => {
    it('the bus gives a listener that may change an event its own copy, and read-only listeners (sockets) the one event they share', async () => {
      const copies: ChatEvent[] = [];
      const shared: ChatEvent[] = [];
      b.core.subscribe(ID.admin, (e) => copies.push(e));
      b.core.subscribe(ID.admin, (e) => shared.push(e), { readonly: true });
      b.core.subscribe(ID.admin, (e) => shared.push(e), { readonly: true });
      await b.core.handle(ID.maria, 'sendMessage', { id: 'bus-1', dialogId: ID.waitingDialog, text: 'Hola' });
      expect(copies.length).to.be.above(0);
      expect(shared.length).to.equal(2 * copies.length);
      copies.forEach((e, i) => {
        expect(shared[2 * i]).to.equal(shared[2 * i + 1], 'the same object for both read-only listeners');
        expect(e).to.not.equal(shared[2 * i]);
        expect(e).to.deep.equal(shared[2 * i]);
      });
    });

    it('are numbered per operator, contiguous from 1, and eventsSince replays them', async () => {
      const admin = listen(b, ID.admin);
      const maria = listen(b, ID.maria);
      await b.core.handle(ID.maria, 'sendMessage', { id: 'e1', dialogId: ID.waitingDialog, text: 'Hola' });
      await b.core.clientSend(ID.waitingDialog, 'Gracias');
      await b.core.handle(ID.admin, 'markUnread', { dialogId: ID.freshWaitingDialog });
      await b.core.handle(ID.maria, 'closeDialog', { dialogId: ID.waitingDialog });
      await b.scheduler.runAll();
      for (const [op, got] of [
        [ID.admin, admin],
        [ID.maria, maria],
      ] as const) {
        expect(got.length).to.be.above(3);
        expect(got.map((e) => e.seq)).to.deep.equal(got.map((_, i) => i + 1));
        const replay = await b.core.handle(op, 'eventsSince', { since: 0 });
        expect(replay).to.deep.equal({ gap: false, events: got, seq: got.length });
        const tail = await b.core.handle(op, 'eventsSince', { since: 2 });
        expect(tail).to.deep.equal({ gap: false, events: got.slice(2), seq: got.length });
      }
      // H3: marking unread is told to the operator who did it only.
      expect(admin.some((e) => e.type === 'read.updated' && e.readState.dialogId === ID.freshWaitingDialog)).to.equal(true);
      expect(maria.some((e) => e.type === 'read.updated' && e.readState.dialogId === ID.freshWaitingDialog)).to.equal(false);
    });

    it('eventsSince answers a gap when events are no longer kept, or when asked from the future', async () => {
      const small = await createTestBackend({ eventLimit: 3 });
      try {
        for (let i = 0; i < 5; i++) await small.core.clientSend(ID.freshWaitingDialog, `ping ${i}`);
        expect(await small.core.handle(ID.admin, 'eventsSince', { since: 0 })).to.deep.equal({ gap: true, seq: 5 });
        expect(await small.core.handle(ID.admin, 'eventsSince', { since: 1 })).to.deep.equal({ gap: true, seq: 5 });
        const kept = await small.core.handle(ID.admin, 'eventsSince', { since: 2 });
        expect(kept.gap).to.equal(false);
        if (!kept.gap) expect(kept.events.map((e) => e.seq)).to.deep.equal([3, 4, 5]);
        expect(await small.core.handle(ID.admin, 'eventsSince', { since: 5 })).to.deep.equal({ gap: false, events: [], seq: 5 });
        expect(await small.core.handle(ID.admin, 'eventsSince', { since: 9 })).to.deep.equal({ gap: true, seq: 5 });
      } finally {
        small.dispose();
      }
    });

    it('bootstrap carries the latest seq, so events after it continue the numbering', async () => {
      await b.core.clientSend(ID.freshWaitingDialog, 'one');
      const snap = await b.core.handle(ID.admin, 'bootstrap', {});
      expect(snap.seq).to.equal(1);
      const got = listen(b, ID.admin);
      await b.core.clientSend(ID.freshWaitingDialog, 'two');
      expect(got.map((e) => e.seq)).to.deep.equal([2]);
    });
  });

  describe('C1: startDialog', () => {
    it('C1: a new dialog carries where the client came from, and every operator hears of it', async () => {
      const admin = listen(b, ID.admin);
      const ivan = listen(b, ID.ivan);
      const source = {
        channelId: ID.channels.site,
        campaign: 'Black Friday',
        utm: { source: 'google', medium: 'cpc' },
        referrer: 'https://google.com',
        landingPage: '/sale',
        firstContactAt: TEST_NOW,
      };
      const { dialog, client } = await b.core.startDialog({ channelId: ID.channels.site, name: '  Lucía  ', source, text: '¿Tienen envío a Perú?' });
      expect(client.source).to.deep.equal(source);
      expect(client.name).to.equal('Lucía');
      expect(dialog).to.include({ clientId: client.id, assignee: null, status: 'open', channelId: ID.channels.site });
      const upsert = ivan.find((e) => e.type === 'dialog.upserted');
      expect(upsert?.type === 'dialog.upserted' && upsert.client?.source).to.deep.equal(source);
      const created = admin.find((e) => e.type === 'message.created');
      expect(created?.type === 'message.created' && created.dialog.waitingSince).to.be.a('number');
      const detail = await b.core.handle(ID.maria, 'getDialog', { dialogId: dialog.id });
      expect(detail.client?.source).to.deep.equal(source);
      const listed = await b.core.handle(ID.maria, 'listDialogs', { query: { ...defaultQuery(), search: 'lucia' } });
      expect(listed.dialogs.map((d) => d.id)).to.deep.equal([dialog.id]);
    });

    it('C1: without a source the channel and first contact are recorded; a blank name becomes Visitor', async () => {
      const { client } = await b.core.startDialog({ channelId: ID.channels.telegram, name: '   ' });
      expect(client.name).to.equal('Visitor');
      expect(client.source?.channelId).to.equal(ID.channels.telegram);
      expect(client.source?.firstContactAt).to.be.above(TEST_NOW);
    });
  });

  describe('dialog rules', () => {
    it('H2: a client message reopens a closed dialog, with a reopened event by nobody', async () => {
      const before = (await b.storage.dialog(ID.closedDialog))!;
      expect(before.status).to.equal('closed');
      const m = await b.core.clientSend(ID.closedDialog, 'Una cosa más');
      const after = (await b.storage.dialog(ID.closedDialog))!;
      expect(after.status).to.equal('open');
      expect(after.openedAt).to.be.above(before.openedAt);
      const feed = await b.storage.messages(ID.closedDialog, undefined, 2);
      expect(feed.map((x) => x.event?.type ?? x.text)).to.deep.equal(['reopened', 'Una cosa más']);
      expect(feed[0]!.event?.by).to.equal(null);
      expect(m.n).to.equal(before.lastN + 2);
    });

    it('H2/P3: an operator message reopens the dialog they closed', async () => {
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-reopen', dialogId: ID.closedDialog, text: 'Hola de nuevo' });
      expect((await b.storage.dialog(ID.closedDialog))!.status).to.equal('open');
    });

    it('F4: the wait counts from the client first message after the dialog was opened, and an answer ends it', async () => {
      await b.core.handle(ID.maria, 'closeDialog', { dialogId: ID.waitingDialog });
      const closed = (await b.storage.dialog(ID.waitingDialog))!;
      expect(closed.status).to.equal('closed');
      const first = await b.core.clientSend(ID.waitingDialog, 'hola?');
      const reopened = (await b.storage.dialog(ID.waitingDialog))!;
      expect(reopened.waitingSince, 'the old wait does not carry over').to.equal(first.createdAt);
      await b.core.clientSend(ID.waitingDialog, '¿hay alguien?');
      expect((await b.storage.dialog(ID.waitingDialog))!.waitingSince, 'a second message keeps the first time').to.equal(first.createdAt);
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-answer', dialogId: ID.waitingDialog, text: 'Sí, dime' });
      const answered = (await b.storage.dialog(ID.waitingDialog))!;
      expect(answered.waitingSince).to.equal(null);
      expect(answered.lastActivityAt, 'F3: an operator message is activity too').to.be.above(first.createdAt);
    });

    it("issue 14 (F2, F3): a message stamped by a clock behind the dialog's latest message (another instance's) takes that message's time: a dialog's times follow the order of its messages", async () => {
      let clock = TEST_NOW + 3_600_000;
      const t = await createTestBackend({ now: () => clock });
      try {
        const first = await t.core.handle(ID.maria, 'sendMessage', { id: 'm-clock-1', dialogId: ID.waitingDialog, text: 'Primero' });
        expect(first.createdAt).to.equal(clock);
        clock -= 90_000; // the next command runs on an instance whose clock is 90 s behind
        const second = await t.core.clientSend(ID.waitingDialog, 'Segundo');
        const third = await t.core.handle(ID.maria, 'sendMessage', { id: 'm-clock-3', dialogId: ID.waitingDialog, text: 'Tercero' });
        const closed = await t.core.handle(ID.maria, 'closeDialog', { dialogId: ID.waitingDialog });
        expect([second.createdAt, third.createdAt], 'not before the message they follow').to.deep.equal([first.createdAt, first.createdAt]);
        clock += 200_000; // and a clock ahead stamps its own time
        const fifth = await t.core.clientSend(ID.waitingDialog, 'Quinto');
        expect(fifth.createdAt).to.equal(clock);
        const feed = (await t.storage.messages(ID.waitingDialog, undefined, 200)).filter((m) => m.n > first.n);
        expect(feed.map((m) => m.createdAt)).to.deep.equal([first.createdAt, first.createdAt, first.createdAt, clock, clock]);
        const d = (await t.storage.dialog(ID.waitingDialog))!;
        expect(d.lastActivityAt, 'F3').to.equal(clock);
        expect(d.openedAt, 'F4: the reopen before the fifth message').to.equal(clock);
        expect(closed.status).to.equal('closed');
        // A message in another dialog keeps this instance's clock: the rule is per dialog.
        clock -= 500_000;
        const other = await t.core.clientSend(ID.closedDialog, 'Otro diálogo');
        expect(other.createdAt).to.equal(clock);
      } finally {
        t.dispose();
      }
    });

    it('F4: an explicit reopen starts without a wait', async () => {
      await b.core.handle(ID.maria, 'closeDialog', { dialogId: ID.waitingDialog });
      const d = await b.core.handle(ID.maria, 'reopenDialog', { dialogId: ID.waitingDialog });
      expect(d.waitingSince).to.equal(null);
      expect(d.status).to.equal('open');
    });

    it('H1: the previous operator gets dialog.removed and never an event about that dialog afterwards; the administrator keeps the history', async () => {
      const maria = listen(b, ID.maria);
      const admin = listen(b, ID.admin);
      const d = await b.core.handle(ID.maria, 'reassignDialog', { dialogId: ID.waitingDialog, to: { kind: 'operator', id: ID.ivan } });
      expect(d.assignee).to.deep.equal({ kind: 'operator', id: ID.ivan });
      const removedAt = maria.findIndex((e) => e.type === 'dialog.removed' && e.dialogId === ID.waitingDialog);
      expect(removedAt).to.be.at.least(0);
      expect(maria[removedAt]).to.include({ reason: 'access_lost' });
      // Life goes on in the dialog.
      await b.core.clientSend(ID.waitingDialog, '¿Y mi pedido?');
      await b.core.handle(ID.ivan, 'sendMessage', { id: 'm-ivan', dialogId: ID.waitingDialog, text: 'Ya lo reviso' });
      await b.core.handle(ID.ivan, 'closeDialog', { dialogId: ID.waitingDialog });
      await b.scheduler.runAll();
      expect(maria.slice(removedAt + 1).filter((e) => mentions(e, ID.waitingDialog))).to.deep.equal([]);
      expect((await refusal(b, ID.maria, 'loadMessages', { dialogId: ID.waitingDialog })).code).to.equal('not_found');
      const history = await b.core.handle(ID.admin, 'loadMessages', { dialogId: ID.waitingDialog });
      expect(history.messages.at(-1)?.event?.type).to.equal('closed');
      expect(admin.filter((e) => mentions(e, ID.waitingDialog)).length).to.be.above(3);
      const snap = await b.core.handle(ID.maria, 'bootstrap', { limit: 500 });
      expect(snap.list.cursor).to.equal(null);
      expect(snap.list.dialogs.some((x) => x.id === ID.waitingDialog)).to.equal(false);
    });

    it('H1: only the administrator and the responsible operator may reassign; a closed dialog stays closed', async () => {
      expect((await refusal(b, ID.ivan, 'reassignDialog', { dialogId: ID.botDialog, to: { kind: 'operator', id: ID.ivan } })).code).to.equal('forbidden');
      const d = await b.core.handle(ID.admin, 'reassignDialog', { dialogId: ID.closedDialog, to: { kind: 'bot', id: ID.bot } });
      expect(d.status).to.equal('closed');
      expect(d.assignee).to.deep.equal({ kind: 'bot', id: ID.bot });
      const last = (await b.storage.messages(ID.closedDialog, undefined, 1))[0]!;
      expect(last.event).to.deep.equal({ type: 'reassigned', by: { kind: 'operator', id: ID.admin }, from: { kind: 'operator', id: ID.maria }, to: { kind: 'bot', id: ID.bot } });
    });

    it('P3: after reassignment to a bot the previous operator may not write: not_assigned, nothing stored, nothing announced', async () => {
      await b.core.handle(ID.maria, 'reassignDialog', { dialogId: ID.waitingDialog, to: { kind: 'bot', id: ID.bot } });
      const events = listen(b, ID.maria);
      const lastN = (await b.storage.dialog(ID.waitingDialog))!.lastN;
      const e = await refusal(b, ID.maria, 'sendMessage', { id: 'm-late', dialogId: ID.waitingDialog, text: 'Perdón' });
      expect(e.code).to.equal('not_assigned');
      expect(await b.storage.message('m-late')).to.equal(undefined);
      expect((await b.storage.dialog(ID.waitingDialog))!.lastN).to.equal(lastN);
      expect(events).to.deep.equal([]);
    });

    it('P3: writing in an unassigned dialog takes it; the others lose it (H1)', async () => {
      const john = listen(b, ID.john);
      await b.core.handle(ID.ivan, 'sendMessage', { id: 'm-take', dialogId: ID.unassignedDialog, text: 'I can help' });
      expect((await b.storage.dialog(ID.unassignedDialog))!.assignee).to.deep.equal({ kind: 'operator', id: ID.ivan });
      expect(john.some((e) => e.type === 'dialog.removed' && e.dialogId === ID.unassignedDialog)).to.equal(true);
    });

    it('H4: nothing is sent to or received from a blocked client', async () => {
      const send = await refusal(b, ID.admin, 'sendMessage', { id: 'm-blocked', dialogId: ID.blockedDialog, text: 'Hola' });
      expect(send.code).to.equal('client_blocked');
      let received: unknown = null;
      try {
        await b.core.clientSend(ID.blockedDialog, 'Let me in');
      } catch (e) {
        received = e;
      }
      expect((received as ChatCommandError).code).to.equal('client_blocked');
      await b.core.handle(ID.admin, 'unblockClient', { clientId: ID.blockedClient });
      const m = await b.core.handle(ID.admin, 'sendMessage', { id: 'm-unblocked', dialogId: ID.blockedDialog, text: 'Hola' });
      expect(m.id).to.equal('m-unblocked');
    });

    it('H4: blocking a client tells every operator of its dialogs, including dialogs the blocker does not see', async () => {
      const [closedOfIvan, openOfMaria] = ID.multiDialogs;
      const ivan = listen(b, ID.ivan);
      expect((await b.storage.dialog(closedOfIvan))!.assignee).to.deep.equal({ kind: 'operator', id: ID.ivan });
      expect((await b.storage.dialog(openOfMaria))!.assignee).to.deep.equal({ kind: 'operator', id: ID.maria });
      const c = await b.core.handle(ID.maria, 'blockClient', { clientId: ID.multiDialogClient });
      expect(c.blocked).to.equal(true);
      const update = ivan.find((e) => e.type === 'client.updated');
      expect(update?.type === 'client.updated' && update.client.blocked).to.equal(true);
      const ivanFeed = await b.core.handle(ID.ivan, 'loadMessages', { dialogId: closedOfIvan, limit: 1 });
      expect(ivanFeed.messages[0]?.event?.type).to.equal('client_blocked');
      expect((await refusal(b, ID.ivan, 'sendMessage', { id: 'm-ivan-b', dialogId: closedOfIvan, text: 'hi' })).code).to.equal('client_blocked');
    });

    it('H4/H2: only the administrator or the responsible operator may block; others are refused', async () => {
      expect((await refusal(b, ID.john, 'blockClient', { clientId: 'cl-0011' })).code).to.equal('forbidden');
      expect((await refusal(b, ID.john, 'closeDialog', { dialogId: ID.botDialog })).code).to.equal('forbidden');
    });

    it('H5: detaching keeps the client and only unlinks it', async () => {
      const d = await b.core.handle(ID.maria, 'detachClient', { dialogId: ID.waitingDialog });
      expect(d.clientId).to.equal(null);
      expect(await b.storage.client('cl-0001')).to.not.equal(undefined);
      const last = (await b.storage.messages(ID.waitingDialog, undefined, 1))[0]!;
      expect(last.event?.type).to.equal('client_detached');
    });

    it('H3: mark unread is for the operator who used it only', async () => {
      const before = await b.storage.readState(ID.maria, ID.waitingDialog);
      const r = await b.core.handle(ID.admin, 'markUnread', { dialogId: ID.waitingDialog });
      expect(r.markedUnread).to.equal(true);
      expect(await b.storage.readState(ID.maria, ID.waitingDialog)).to.deep.equal(before);
      const read = await b.core.handle(ID.admin, 'markRead', { dialogId: ID.waitingDialog });
      const d = (await b.storage.dialog(ID.waitingDialog))!;
      expect(read).to.deep.equal({ dialogId: ID.waitingDialog, readClientCount: d.clientMessageCount, markedUnread: false });
    });

    it('D4: a bulk delete answers per dialog: deleted, forbidden without the right, not_found when unseen', async () => {
      const ivan = await b.core.handle(ID.ivan, 'deleteDialogs', { dialogIds: [ID.ivanDialog, ID.waitingDialog] });
      expect(ivan.results).to.deep.equal([
        { dialogId: ID.ivanDialog, ok: false, reason: 'forbidden' },
        { dialogId: ID.waitingDialog, ok: false, reason: 'not_found' },
      ]);
      expect(await b.storage.dialog(ID.ivanDialog)).to.not.equal(undefined);
      const admin = listen(b, ID.admin);
      const maria = await b.core.handle(ID.maria, 'deleteDialogs', { dialogIds: [ID.waitingDialog, ID.waitingDialog, 'dlg-none', ID.ivanDialog] });
      expect(maria.results).to.deep.equal([
        { dialogId: ID.waitingDialog, ok: true },
        { dialogId: 'dlg-none', ok: false, reason: 'not_found' },
        { dialogId: ID.ivanDialog, ok: false, reason: 'not_found' },
      ]);
      expect(await b.storage.dialog(ID.waitingDialog)).to.equal(undefined);
      expect(await b.storage.messages(ID.waitingDialog, undefined, 10)).to.deep.equal([]);
      expect(admin.map((e) => ({ ...e, was: undefined }))).to.deep.equal([{ seq: 1, type: 'dialog.removed', dialogId: ID.waitingDialog, reason: 'deleted', was: undefined }]);
      // The row as the administrator's list had it: their counts move by it (docs/lists-at-scale.md).
      const removed = admin[0]!;
      expect(removed.type === 'dialog.removed' && removed.was?.dialog.id).to.equal(ID.waitingDialog);
    });
  });

  describe('sending and status (S1-S6)', () => {
    const statusOf = async (id: Id) => (await b.storage.message(id))?.status;

    it('S1: the same id stores one message; the answer repeats the first; another dialog is a conflict', async () => {
      const events = listen(b, ID.maria);
      const first = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-idem', dialogId: ID.waitingDialog, text: 'Hola' });
      const second = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-idem', dialogId: ID.waitingDialog, text: 'Hola' });
      expect(second).to.deep.equal(first);
      const feed = await b.storage.messages(ID.waitingDialog, undefined, 5);
      expect(feed.filter((m) => m.id === 'm-idem').length).to.equal(1);
      expect(events.filter((e) => e.type === 'message.created' && e.message.id === 'm-idem').length).to.equal(1);
      const e = await refusal(b, ID.maria, 'sendMessage', { id: 'm-idem', dialogId: ID.closedDialog, text: 'Hola' });
      expect(e.code).to.equal('conflict');
    });

    it('S2-S4: a channel with read receipts moves queued -> sent -> delivered -> read, one step at a time', async () => {
      const m = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-tg', dialogId: ID.waitingDialog, text: 'Ya sale' });
      expect(m.status).to.deep.equal({ state: 'queued' });
      const seen: string[] = [(await statusOf('m-tg'))!.state];
      while (b.scheduler.size > 0 || seen.length === 1) {
        if ((await b.scheduler.step()) === 0) break;
        seen.push((await statusOf('m-tg'))!.state);
      }
      expect(seen).to.deep.equal(['queued', 'sent', 'delivered', 'read']);
    });

    it('S6: a channel without read receipts stops at delivered, even when the client reads', async () => {
      await b.core.handle(ID.admin, 'sendMessage', { id: 'm-vk', dialogId: ID.unassignedDialog, text: 'Hello' });
      await b.scheduler.runAll();
      await b.core.clientRead(ID.unassignedDialog);
      expect(await statusOf('m-vk')).to.deep.equal({ state: 'delivered' });
    });

    it('S4: on the site chat (reads reported by the widget) read comes when the client reads', async () => {
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-site', dialogId: ID.reassignedDialog, text: 'Done' });
      await b.scheduler.runAll();
      expect(await statusOf('m-site')).to.deep.equal({ state: 'delivered' });
      await b.core.clientRead(ID.reassignedDialog);
      expect(await statusOf('m-site')).to.deep.equal({ state: 'read' });
    });

    it('S5: a failing integration fails with integration_error (retryable); a retry with the same id succeeds once it works', async () => {
      const events = listen(b, ID.maria);
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-broken', dialogId: ID.brokenDialog, text: 'Привет' });
      await b.scheduler.runAll();
      expect(await statusOf('m-broken')).to.deep.equal({ state: 'failed', reason: 'integration_error', retryable: true });
      await b.core.setChannelFailing(ID.channels.broken, false);
      const retried = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-broken', dialogId: ID.brokenDialog, text: 'Привет' });
      expect(retried.status).to.deep.equal({ state: 'queued' });
      await b.scheduler.runAll();
      expect(await statusOf('m-broken')).to.deep.equal({ state: 'delivered' });
      const states = events.filter((e) => e.type === 'message.status' && e.messageId === 'm-broken').map((e) => (e.type === 'message.status' ? e.status.state : ''));
      expect(states).to.deep.equal(['failed', 'queued', 'sent', 'delivered']);
      const feed = await b.storage.messages(ID.brokenDialog, undefined, 5);
      expect(feed.filter((m) => m.id === 'm-broken').length).to.equal(1);
    });

    it('S5: on the site chat a client who left fails the message with client_left; after they come back a retry succeeds', async () => {
      await b.core.clientLeave(ID.reassignedDialog);
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-left', dialogId: ID.reassignedDialog, text: 'Are you there?' });
      await b.scheduler.runAll();
      expect(await statusOf('m-left')).to.deep.equal({ state: 'failed', reason: 'client_left', retryable: true });
      await b.core.clientLeave(ID.reassignedDialog, false);
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-left', dialogId: ID.reassignedDialog, text: 'Are you there?' });
      await b.scheduler.runAll();
      expect(await statusOf('m-left')).to.deep.equal({ state: 'delivered' });
    });

    it('S5: a client blocked after the message was queued fails it with client_blocked (not retryable)', async () => {
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-then-block', dialogId: ID.waitingDialog, text: 'Hola' });
      await b.core.handle(ID.maria, 'blockClient', { clientId: 'cl-0001' });
      await b.scheduler.runAll();
      expect(await statusOf('m-then-block')).to.deep.equal({ state: 'failed', reason: 'client_blocked', retryable: false });
      const again = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-then-block', dialogId: ID.waitingDialog, text: 'Hola' });
      expect(again.status?.state, 'not retryable: the answer repeats the failure').to.equal('failed');
    });

    it('S1: status never moves backwards: a late delivery after read changes nothing', async () => {
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-fwd', dialogId: ID.reassignedDialog, text: 'x' });
      await b.scheduler.runAll();
      await b.core.clientRead(ID.reassignedDialog);
      await b.core.clientRead(ID.reassignedDialog);
      expect(await statusOf('m-fwd')).to.deep.equal({ state: 'read' });
    });

    it('M1: a quote is stored with the quoted text; a channel without quoting refuses it', async () => {
      const [quoted] = await b.storage.messages(ID.waitingDialog, undefined, 1);
      const m = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-quote', dialogId: ID.waitingDialog, text: 'Sobre esto', quoteId: quoted!.id });
      expect(m.quote).to.deep.equal({ messageId: quoted!.id, author: quoted!.author, text: quoted!.text.slice(0, 500) });
      const [landing] = await b.storage.messages(ID.unassignedDialog, undefined, 1);
      const e = await refusal(b, ID.admin, 'sendMessage', { id: 'm-q2', dialogId: ID.unassignedDialog, text: 'x', quoteId: landing!.id });
      expect(e.code).to.equal('validation');
      expect(e.field).to.equal('quoteId');
    });
  });

  describe('files (P1, P2, H6)', () => {
    const file = (type: string, size = 100) => new Blob([new Uint8Array(size)], { type });

    it('P1: an upload is checked against the channel; an accepted one can be sent once', async () => {
      const a = await b.core.upload(ID.maria, ID.waitingDialog, { name: 'scan.pdf', type: 'application/pdf', data: file('application/pdf') });
      expect(a).to.include({ name: 'scan.pdf', mime: 'application/pdf', kind: 'file', size: 100, available: true });
      const m = await b.core.handle(ID.maria, 'sendMessage', { id: 'm-file', dialogId: ID.waitingDialog, text: '', attachments: [{ id: a.id }] });
      expect(m.attachments.map((x) => x.id)).to.deep.equal([a.id]);
      const other = await refusal(b, ID.maria, 'sendMessage', { id: 'm-file-2', dialogId: ID.closedDialog, text: '', attachments: [{ id: a.id }] });
      expect(other.code, 'an upload belongs to its dialog').to.equal('not_found');
    });

    const refusals: Array<[string, Id, string, number, ErrorCode]> = [
      ['a channel without files (VK)', ID.johnDialog, 'image/png', 10, 'attachment_not_allowed'],
      ['a type the landing chat does not take', ID.unassignedDialog, 'application/pdf', 10, 'attachment_type'],
      ['a file over the landing chat size', ID.unassignedDialog, 'image/png', 5 * 1024 * 1024 + 1, 'attachment_size'],
    ];
    for (const [name, dialogId, type, size, code] of refusals) {
      it(`P1: ${name} is refused with ${code}`, async () => {
        const op = dialogId === ID.johnDialog ? ID.john : ID.admin;
        let err: unknown;
        try {
          await b.core.upload(op, dialogId, { name: 'f', type, data: file(type, size) });
        } catch (e) {
          err = e;
        }
        expect((err as ChatCommandError).code).to.equal(code);
      });
    }

    it('P2: an SVG is accepted as a file but never as a previewable image', async () => {
      const a = await b.core.upload(ID.admin, ID.unassignedDialog, { name: 'logo.svg', type: 'image/svg+xml', data: file('image/svg+xml') });
      expect(a.kind).to.equal('file');
      expect(a.thumbUrl).to.equal(undefined);
      const png = await b.core.upload(ID.admin, ID.unassignedDialog, { name: 'p.png', type: 'image/png', data: file('image/png') });
      expect(png.kind).to.equal('image');
    });

    it('P1: file names are made safe to show and save', () => {
      expect(sanitizeFileName('../../etc/passwd')).to.equal('passwd');
      expect(sanitizeFileName('C:\\Users\\me\\a<b>.txt')).to.equal('a_b_.txt');
      expect(sanitizeFileName('...')).to.equal('file');
      expect(sanitizeFileName('x'.repeat(300)).length).to.equal(180);
      expect(sanitizeFileName('a\u0007b\u0000.txt')).to.equal('a_b_.txt');
      expect(sanitizeFileName('invoice\u202Egpj.exe'), 'no bidi override spoofing').to.equal('invoicegpj.exe');
    });

    it('H6: attachments are listed newest first by kind, and forwarding checks the target channel', async () => {
      const images = await b.core.handle(ID.admin, 'listAttachments', { dialogId: ID.attachmentsDialog, kind: 'image', limit: 5 });
      const files = await b.core.handle(ID.admin, 'listAttachments', { dialogId: ID.attachmentsDialog, kind: 'file', limit: 500 });
      expect(images.items.length).to.equal(5);
      expect(images.items.every((i) => i.attachment.kind === 'image')).to.equal(true);
      const times = images.items.map((i) => i.createdAt);
      expect([...times].sort((x, y) => y - x)).to.deep.equal(times);
      const pdf = files.items.find((i) => i.attachment.mime === 'application/pdf' && i.attachment.available);
      expect(pdf, 'the seed has an available PDF').to.not.equal(undefined);
      const e = await refusal(b, ID.admin, 'forwardAttachment', { id: 'fw-1', attachmentId: pdf!.attachment.id, toDialogId: ID.unassignedDialog });
      expect(e.code).to.equal('attachment_type');
      expect(await b.storage.message('fw-1')).to.equal(undefined);
      const ok = await b.core.handle(ID.admin, 'forwardAttachment', { id: 'fw-2', attachmentId: images.items[0]!.attachment.id, toDialogId: ID.unassignedDialog });
      expect(ok.attachments.length).to.equal(1);
      expect(ok.attachments[0]!.id).to.not.equal(images.items[0]!.attachment.id);
      const again = await b.core.handle(ID.admin, 'forwardAttachment', { id: 'fw-2', attachmentId: images.items[0]!.attachment.id, toDialogId: ID.unassignedDialog });
      expect(again.id, 'idempotent by id').to.equal(ok.id);
    });
  });

  describe('in-process transport', () => {
    it('copies payloads both ways like a network, and an aborted request never reaches the core', async () => {
      const t = b.transport(ID.maria);
      const page = (await t.request('loadMessages', { dialogId: ID.waitingDialog, limit: 1 })) as { messages: Array<{ text: string; id: string }> };
      page.messages[0]!.text = 'changed by the caller';
      expect((await b.storage.message(page.messages[0]!.id))?.text).to.not.equal('changed by the caller');
      const ctrl = new AbortController();
      ctrl.abort();
      let err: unknown;
      try {
        await t.request('closeDialog', { dialogId: ID.waitingDialog }, { signal: ctrl.signal });
      } catch (e) {
        err = e;
      }
      expect((err as Error).name).to.equal('AbortError');
      expect((await b.storage.dialog(ID.waitingDialog))?.status).to.equal('open');
    });
  });

  describe('quick replies and tags', () => {
    it('M1: a quick reply from a message; the same id answers the same reply; every operator hears of it once', async () => {
      const ivan = listen(b, ID.ivan);
      const [m] = await b.storage.messages(ID.waitingDialog, undefined, 1);
      const q = await b.core.handle(ID.maria, 'createQuickReply', { id: 'qr-new', text: '  Gracias por escribirnos  ', messageId: m!.id });
      expect(q).to.include({ id: 'qr-new', text: 'Gracias por escribirnos', title: 'Gracias por escribirnos', createdBy: ID.maria });
      const again = await b.core.handle(ID.maria, 'createQuickReply', { id: 'qr-new', text: 'other' });
      expect(again).to.deep.equal(q);
      expect(ivan.filter((e) => e.type === 'quickreply.created').length).to.equal(1);
      const e = await refusal(b, ID.ivan, 'createQuickReply', { id: 'qr-leak', text: 'x', messageId: m!.id });
      expect(e.code, 'H1: not from a message the operator cannot see').to.equal('not_found');
    });

    it('T6/L5: client tags are replaced (duplicates dropped) and everyone who sees a dialog of the client hears of it', async () => {
      const ivan = listen(b, ID.ivan);
      const c = await b.core.handle(ID.maria, 'setClientTags', {
        clientId: ID.multiDialogClient,
        tags: [
          { tagId: 'tag-vip', pinned: true },
          { tagId: 'tag-vip', pinned: false },
          { tagId: 'tag-new', pinned: false },
        ],
      });
      expect(c.tags).to.deep.equal([
        { tagId: 'tag-vip', pinned: true },
        { tagId: 'tag-new', pinned: false },
      ]);
      const update = ivan.find((e) => e.type === 'client.updated');
      expect(update?.type === 'client.updated' && update.client.tags).to.deep.equal(c.tags);
    });

    it('F5/L6: listDialogs pages the same filtered, sorted list the SDK computes', async () => {
      const query = { ...defaultQuery(), status: 'open' as const };
      const all: Dialog[] = [];
      let cursor: string | undefined;
      do {
        const page: DialogPage = await b.core.handle(ID.admin, 'listDialogs', { query, cursor, limit: 4 });
        all.push(...page.dialogs);
        cursor = page.cursor ?? undefined;
      } while (cursor);
      expect(all.length).to.be.above(4);
      expect(all.every((d) => d.status === 'open')).to.equal(true);
      expect(new Set(all.map((d) => d.id)).size).to.equal(all.length);
      // L6: the server also searches older messages, ignoring case and accents.
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-code', dialogId: ID.waitingDialog, text: 'Su código es ZQX-ÁRBOL' });
      await b.core.clientSend(ID.waitingDialog, 'ok');
      const search = await b.core.handle(ID.admin, 'listDialogs', { query: { ...defaultQuery(), search: 'zqx-arbol' } });
      expect(search.dialogs.map((d) => d.id)).to.deep.equal([ID.waitingDialog]);
      const counted = await b.core.handle(ID.admin, 'listDialogs', { query: { ...defaultQuery(), search: 'zqx-arbol' }, limit: 0, counts: ['total'] });
      expect(counted.counts.total).to.equal(1);
    });
  });

  describe('transactions: every command is one', () => {
    /** A backend whose storage fails at the `skip + 1`-th call of `method` inside a transaction. */
    const faulty = async (method: keyof Storage, skip = 0) => {
      const storage = failingStorage(new MemoryStorage(), method, skip);
      storage.armed = false;
      const backend = await createTestBackend({ storage });
      storage.armed = true;
      return { backend, storage };
    };
    const state = async (t: TestBackend, dialogId: Id) =>
      JSON.stringify({
        dialog: await t.storage.dialog(dialogId),
        feed: await t.storage.messages(dialogId, undefined, 1000),
        seqs: await Promise.all([ID.admin, ID.maria, ID.ivan, ID.john].map((o) => t.storage.lastSeq(o))),
        read: await t.storage.readState(ID.maria, dialogId),
      });

    it('a send whose storage fails midway (after the message, before its last event) leaves nothing and tells no one', async () => {
      const { backend: t, storage } = await faulty('appendEvent', 1);
      try {
        const before = await state(t, ID.waitingDialog);
        const seen = [listen(t, ID.maria), listen(t, ID.admin)];
        let error: unknown;
        await t.core.handle(ID.maria, 'sendMessage', { id: 'm-midway', dialogId: ID.waitingDialog, text: 'Hola' }).catch((e: unknown) => (error = e));
        expect(String(error)).to.match(/injected failure in appendEvent/);
        expect(storage.failures).to.equal(1);
        await settle();
        expect(await state(t, ID.waitingDialog), 'message, dialog row, read state and events all rolled back').to.equal(before);
        expect(await t.storage.message('m-midway')).to.equal(undefined);
        expect(seen.flat().length, 'no event of the failed command reached a listener').to.equal(0);
        expect(t.scheduler.size, 'no delivery started').to.equal(0);
        // The same id goes through once the storage works: a first send, not a replay.
        storage.armed = false;
        const { replayed, result } = await t.core.command(ID.maria, 'sendMessage', { id: 'm-midway', dialogId: ID.waitingDialog, text: 'Hola' });
        expect(replayed).to.equal(false);
        expect(result.n).to.equal(JSON.parse(before).dialog.lastN + 1);
        expect(seen[0]!.map((e) => e.seq)).to.deep.equal(
          [...seen[0]!.keys()].map((i) => seen[0]![0]!.seq + i),
          'seq numbers without a hole',
        );
      } finally {
        t.dispose();
      }
    });

    it('a status change and a reassignment that fail midway roll back too; the next command works', async () => {
      const { backend: t, storage } = await faulty('putDialog');
      try {
        const before = await state(t, ID.waitingDialog);
        const e1 = await refusalOf(t.core.handle(ID.maria, 'closeDialog', { dialogId: ID.waitingDialog }));
        const e2 = await refusalOf(t.core.handle(ID.admin, 'reassignDialog', { dialogId: ID.waitingDialog, to: { kind: 'operator', id: ID.ivan } }));
        expect([e1, e2].map(String)).to.deep.equal(['Error: injected failure in putDialog', 'Error: injected failure in putDialog']);
        expect(await state(t, ID.waitingDialog)).to.equal(before);
        storage.armed = false;
        expect((await t.core.handle(ID.maria, 'closeDialog', { dialogId: ID.waitingDialog })).status).to.equal('closed');
      } finally {
        t.dispose();
      }
    });

    it('a visitor’s new dialog whose first message fails is not created at all', async () => {
      const { backend: t } = await faulty('putMessage');
      try {
        const dialogs = (await t.storage.dialogs()).length;
        const clients = (await t.storage.clients()).length;
        const error = await refusalOf(t.core.startDialog({ channelId: 'ch-site', name: 'Nadie', text: 'Hola' }));
        expect(String(error)).to.match(/injected failure in putMessage/);
        expect((await t.storage.dialogs()).length).to.equal(dialogs);
        expect((await t.storage.clients()).length).to.equal(clients);
      } finally {
        t.dispose();
      }
    });
  });
});
