import { expect } from '@open-wc/testing';
import { createChatClient, type ChatClient } from './client.js';
import type { Dialog, Id, MessageState } from './model.js';
import { isFullClient } from './rules/clients.js';
import { ChatCommandError, ChatProtocolError, type ErrorCode } from './protocol.js';
import { ControlledTransport, createTestBackend, SEED_IDS, settle, type TestBackend } from '../server/core/test-support.js';

const ID = SEED_IDS;

const byId = <T>(m: ReadonlyMap<Id, T>): Array<[Id, T]> => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
/** As the network carries it (no undefined fields). */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Everything a client holds except its error list. */
function stores(c: ChatClient): string {
  return JSON.stringify({
    me: c.$me.get(),
    operators: c.$operators.get(),
    bots: c.$bots.get(),
    channels: c.$channels.get(),
    tags: c.$tags.get(),
    settings: c.$settings.get(),
    // Map order is not meaning: compared sorted by id.
    quickReplies: c.$quickReplies.get(),
    dialogs: byId(c.$dialogs.get()),
    clients: byId(c.$clients.get()),
    reads: byId(c.$readStates.get()),
    feeds: c.$feeds.get(),
    drafts: c.$drafts.get(),
    uploads: c.$uploads.get(),
    query: c.$query.get(),
    active: c.$activeDialogId.get(),
    alerts: c.$alerts.get(),
    list: c.$list.get().map((d) => d.id),
  });
}

const lastError = (c: ChatClient) => c.$errors.get().at(-1);
const codeOf = (c: ChatClient): ErrorCode | undefined => {
  const e = lastError(c)?.error;
  return e instanceof ChatCommandError ? e.code : undefined;
};
const dialogOf = (c: ChatClient, id: Id): Dialog | undefined => c.$dialogs.get().get(id);
const serverCopies = async (b: TestBackend, dialogId: Id, messageId: Id) => (await b.storage.messages(dialogId, undefined, 5000)).filter((m) => m.id === messageId).length;
const stateOf = (c: ChatClient, dialogId: Id, id: Id): MessageState | undefined => c.statusOf(dialogId, id)?.state;

/** Records every state a message goes through in the client's feed. */
function watchStatus(c: ChatClient, dialogId: Id, id: Id): MessageState[] {
  const seen: MessageState[] = [];
  c.$feeds.subscribe(() => {
    const s = stateOf(c, dialogId, id);
    if (s && seen.at(-1) !== s) seen.push(s);
  });
  return seen;
}

/** Expects a promise to reject with a command error of `code`. */
async function rejects(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ChatCommandError);
    expect((e as ChatCommandError).code).to.equal(code);
    return;
  }
  throw new Error(`expected a refusal with ${code}`);
}

class FakeStorage {
  readonly data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

describe('sdk ChatClient over the in-process core', () => {
  let b: TestBackend;
  beforeEach(async () => {
    b = await createTestBackend();
  });
  afterEach(() => b.dispose());

  describe('start', () => {
    it('H1: bootstraps what the operator may see; N2 equals the rows with unread (L1, H3)', async () => {
      const { client } = await b.client(ID.maria);
      expect(client.$ready.get()).to.equal(true);
      expect(client.$connection.get()).to.equal('online');
      expect(client.$me.get()?.id).to.equal(ID.maria);
      const ids = [...client.$dialogs.get().keys()];
      expect(ids).to.include(ID.waitingDialog);
      expect(ids).to.not.include(ID.ivanDialog);
      const rows = client.$list.get().map((d) => client.row(d));
      expect(rows.length).to.equal(client.$dialogs.get().size);
      const unreadRows = rows.filter((r) => r.isUnread);
      expect(unreadRows.length).to.be.above(0);
      expect(client.$unreadDialogCount.get()).to.equal(unreadRows.length);
      for (const r of rows) expect(r.unread).to.equal(client.$unreadCounts.get().get(r.dialog.id));
    });

    it('C1/C2/H1: retainDialog keeps a dialog outside the list window loaded, with its whole client, until released; a dialog not visible is refused and not kept', async () => {
      const { client } = await b.client(ID.maria, { listPageSize: 1 });
      expect(client.$dialogs.get().size).to.equal(1);
      const visible = (await b.storage.dialogs()).filter((d) => d.id !== [...client.$dialogs.get().keys()][0] && d.clientId && d.assignee?.kind === 'operator' && d.assignee.id === ID.maria);
      const target = visible[0]!;
      expect(client.$dialogs.get().has(target.id)).to.equal(false);
      const kept = client.retainDialog(target.id);
      const twice = client.retainDialog(target.id);
      expect((await kept.loaded).id).to.equal(target.id);
      expect(client.$dialogs.get().has(target.id)).to.equal(true);
      expect(isFullClient(client.$clients.get().get(target.clientId!))).to.equal(true);
      // The list moves to another answer and back: the retained dialog stays.
      await client.setQuery({ status: 'closed' });
      await client.setQuery({ status: 'open' });
      expect(client.$dialogs.get().has(target.id)).to.equal(true);
      kept.release();
      kept.release();
      expect(client.$dialogs.get().has(target.id), 'another holder keeps it').to.equal(true);
      twice.release();
      expect(client.$dialogs.get().has(target.id), 'let go once nobody holds it').to.equal(client.$list.get().some((d) => d.id === target.id));
      // Ivan's dialog is not Maria's to see.
      const refused = client.retainDialog(ID.ivanDialog);
      await refused.loaded.then(
        () => expect.fail('retained a dialog the operator may not see'),
        (e: unknown) => expect((e as ChatCommandError).code).to.be.oneOf(['forbidden', 'not_found']),
      );
      refused.release();
      expect(client.$dialogs.get().has(ID.ivanDialog)).to.equal(false);

      // A client by id (a CRM's client card): kept whole while retained, with no dialog of theirs loaded.
      const other = (await b.storage.dialogs()).find((d) => d.clientId && d.assignee?.kind === 'operator' && d.assignee.id === ID.maria && !client.$dialogs.get().has(d.id))!;
      const card = client.retainClient(other.clientId!);
      expect((await card.loaded).id).to.equal(other.clientId);
      expect(isFullClient(client.$clients.get().get(other.clientId!))).to.equal(true);
      const detail = await client.getClient(other.clientId!);
      expect(detail.dialogs.map((d) => d.id)).to.include(other.id);
      card.release();
      expect(client.$clients.get().has(other.clientId!)).to.equal(client.$list.get().some((d) => d.clientId === other.clientId));
      // Ivan's client is not Maria's to see.
      const ivans = (await b.storage.dialog(ID.ivanDialog))!.clientId!;
      const no = client.retainClient(ivans);
      await no.loaded.then(
        () => expect.fail('retained a client the operator may not see'),
        (e: unknown) => expect((e as ChatCommandError).code).to.equal('not_found'),
      );
      no.release();
      expect(client.$clients.get().has(ivans)).to.equal(false);
    });

    it('a failed start can be tried again', async () => {
      const t = new ControlledTransport(b.transport(ID.admin));
      t.loseAnswer('bootstrap');
      const c = createChatClient({ transport: t });
      await rejects(c.start(), 'unavailable');
      expect(c.$ready.get()).to.equal(false);
      await c.start();
      expect(c.$ready.get()).to.equal(true);
      c.stop();
    });
  });

  describe('commands: optimistic, confirmed, rolled back', () => {
    it('S2: send shows the message queued at once (before the answer), then numbered; the server stores it once', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      client.setDraft(ID.waitingDialog, 'Hola, ya lo reviso');
      const gate = transport.hold('sendMessage');
      const sending = client.send(ID.waitingDialog, { text: 'Hola, ya lo reviso' }, 'm-opt');
      await gate.reached;
      const local = client.feed(ID.waitingDialog).messages.at(-1)!;
      expect(local).to.include({ id: 'm-opt', n: 0, text: 'Hola, ya lo reviso' });
      expect(local.status).to.deep.equal({ state: 'queued' });
      expect(client.$drafts.get()[ID.waitingDialog], 'L4: the draft goes once sent').to.equal(undefined);
      expect(await serverCopies(b, ID.waitingDialog, 'm-opt')).to.equal(0);
      gate.release();
      const m = await sending;
      await settle();
      expect(m.n).to.be.above(0);
      expect(client.feed(ID.waitingDialog).messages.filter((x) => x.id === 'm-opt').length).to.equal(1);
      expect(await serverCopies(b, ID.waitingDialog, 'm-opt')).to.equal(1);
      expect(dialogOf(client, ID.waitingDialog)?.waitingSince, 'F2: answered').to.equal(null);
    });

    it('S2 (issue 12): a dialog’s sends reach the backend in the order typed: a later one waits for the earlier; another dialog does not wait', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const gate = transport.hold('sendMessage');
      const first = client.send(ID.waitingDialog, { text: 'uno' }, 'o-1');
      await gate.reached;
      const second = client.send(ID.waitingDialog, { text: 'dos' }, 'o-2');
      const other = await client.send(ID.unassignedDialog, { text: 'otro diálogo' }, 'o-3');
      expect(other.n, 'another dialog went ahead').to.be.above(0);
      await settle();
      expect(transport.requests.filter((r) => r === 'sendMessage').length, 'o-2 waits for o-1').to.equal(2);
      expect(await serverCopies(b, ID.waitingDialog, 'o-2')).to.equal(0);
      gate.release();
      const [a, c] = await Promise.all([first, second]);
      expect(c.n).to.equal(a.n + 1);
    });

    it('S2 (issue 12): behind a send that could not reach the backend, later ones of the dialog are held too, and all go in order when it is back', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      transport.disconnect();
      transport.failNext('sendMessage');
      const texts = ['uno', 'dos', 'tres'];
      const sent = await Promise.all(texts.map((text, i) => client.send(ID.waitingDialog, { text }, `h-${i}`)));
      expect(sent.map((m) => m.status?.state)).to.deep.equal(['queued', 'queued', 'queued']);
      expect(transport.requests.filter((r) => r === 'sendMessage').length, 'only the first tried; the others wait behind it').to.equal(1);
      transport.reconnect();
      for (let i = 0; i < 10 && (await serverCopies(b, ID.waitingDialog, 'h-2')) === 0; i++) await settle();
      const feed = await b.storage.messages(ID.waitingDialog, undefined, 5);
      expect(
        feed.slice(-3).map((m) => m.text),
        'stored in the order typed',
      ).to.deep.equal(texts);
    });

    it('issue 12: text that cannot be stored (NUL, half a surrogate pair) is refused before sending, naming the field; nothing is sent or shown', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const before = client.feed(ID.waitingDialog).messages.length;
      for (const text of ['a\u0000b', 'a\uD83Db']) {
        let error: unknown;
        await client.send(ID.waitingDialog, { text }).catch((e: unknown) => (error = e));
        expect(error).to.be.instanceOf(ChatCommandError);
        expect(error).to.include({ code: 'validation', field: 'text' });
      }
      expect(transport.requests.filter((r) => r === 'sendMessage')).to.deep.equal([]);
      expect(client.feed(ID.waitingDialog).messages.length).to.equal(before);
    });

    it('L3: sending into a dialog whose history was never loaded shows the message at once, and opening it later loads the whole history', async () => {
      const { client, transport } = await b.client(ID.maria, { pageSize: 5 });
      const gate = transport.hold('sendMessage');
      const sending = client.send(ID.closedDialog, { text: 'Hola otra vez' }, 'm-cold');
      await gate.reached;
      expect(client.feed(ID.closedDialog).messages.map((m) => m.id)).to.deep.equal(['m-cold']);
      gate.release();
      await sending;
      await b.scheduler.runAll();
      await settle();
      await client.openDialog(ID.closedDialog);
      const feed = client.feed(ID.closedDialog);
      expect(feed.messages.length).to.equal(5);
      expect(feed.messages.filter((m) => m.id === 'm-cold').length).to.equal(1);
      const mine = feed.messages.at(-1)!;
      expect(mine.id).to.equal('m-cold');
      expect(mine.n).to.equal(dialogOf(client, ID.closedDialog)!.lastN);
      expect(mine.status?.state).to.equal('read');
      expect(feed.cursor).to.not.equal(null);
      expect(await client.loadOlder(ID.closedDialog)).to.equal(5);
    });

    it('M1: send with a quote carries the quoted message', async () => {
      const { client } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const quoted = client
        .feed(ID.waitingDialog)
        .messages.filter((m) => m.kind === 'text')
        .at(-1)!;
      const m = await client.send(ID.waitingDialog, { text: 'Sobre esto', quoteId: quoted.id });
      expect(m.quote?.messageId).to.equal(quoted.id);
      expect((await b.storage.message(m.id))?.quote?.text).to.equal(quoted.text.slice(0, 500));
    });

    it('P1/P2: files are uploaded with progress, then sent; a type the channel refuses fails before any upload', async () => {
      const { client } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const pdf = new File([new Uint8Array(2048)], 'factura.pdf', { type: 'application/pdf' });
      const up = await client.upload(ID.waitingDialog, pdf);
      expect(up).to.include({ state: 'done', progress: 1, name: 'factura.pdf' });
      expect(up.previewUrl, 'P2: only images get a local preview').to.equal(undefined);
      const m = await client.send(ID.waitingDialog, { text: '', attachments: [up.attachment!] });
      expect(m.attachments.map((a) => a.name)).to.deep.equal(['factura.pdf']);
      expect((await b.storage.message(m.id))?.attachments.length).to.equal(1);
      const video = new File([new Uint8Array(10)], 'a.mp4', { type: 'video/mp4' });
      const refused = await client.upload(ID.waitingDialog, video);
      expect(refused).to.include({ state: 'failed', error: 'attachment_type' });
      expect(client.checkFile(ID.johnDialog, video)).to.equal('not_allowed');
      const svg = await client.upload(ID.waitingDialog, new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' }));
      expect(svg.previewUrl, 'P2: SVG never previewed').to.equal(undefined);
      expect(svg.attachment?.kind).to.equal('file');
      client.removeUpload(up.key);
      expect(client.$uploads.get()[up.key]).to.equal(undefined);
    });

    it('P4: an over-long message is refused locally with the count, and nothing is queued', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const before = client.feed(ID.waitingDialog).messages.length;
      const sent = transport.requests.length;
      await rejects(client.send(ID.waitingDialog, { text: 'x '.repeat(2001) }), 'too_long');
      expect(client.feed(ID.waitingDialog).messages.length).to.equal(before);
      expect(transport.requests.length).to.equal(sent);
    });

    it('a send the server refuses as invalid loses nothing: the text and quote go back to the draft', async () => {
      const { client } = await b.client(ID.admin);
      await client.openDialog(ID.unassignedDialog);
      const quoted = client.feed(ID.unassignedDialog).messages.at(-1)!;
      await rejects(client.send(ID.unassignedDialog, { text: 'Mi respuesta', quoteId: quoted.id }), 'validation');
      expect(client.feed(ID.unassignedDialog).messages.some((m) => m.text === 'Mi respuesta')).to.equal(false);
      expect(client.$drafts.get()[ID.unassignedDialog]).to.include({ text: 'Mi respuesta', quoteId: quoted.id });
      expect(codeOf(client)).to.equal('validation');
    });

    it('history paging: loadOlder prepends the page before the oldest loaded message until the start', async () => {
      const { client } = await b.client(ID.maria, { pageSize: 500 });
      await client.openDialog(ID.longDialog);
      const first = client.feed(ID.longDialog);
      expect(first.messages.length).to.equal(500);
      const lastN = dialogOf(client, ID.longDialog)!.lastN;
      expect(first.messages.at(-1)!.n).to.equal(lastN);
      let pages = 1;
      while (client.feed(ID.longDialog).cursor !== null) {
        const added = await client.loadOlder(ID.longDialog);
        expect(added).to.be.above(0);
        pages++;
      }
      const all = client.feed(ID.longDialog).messages.map((m) => m.n);
      expect(all).to.deep.equal(Array.from({ length: lastN }, (_, i) => i + 1));
      expect(pages).to.equal(Math.ceil(lastN / 500));
      expect(await client.loadOlder(ID.longDialog)).to.equal(0);
    });

    it('H2: close and reopen change the store before the answer and agree with the server after', async () => {
      const { client, transport } = await b.client(ID.maria);
      const gate = transport.hold('closeDialog');
      const closing = client.close(ID.waitingDialog);
      await gate.reached;
      expect(dialogOf(client, ID.waitingDialog)?.status).to.equal('closed');
      expect((await b.storage.dialog(ID.waitingDialog))?.status).to.equal('open');
      gate.release();
      await closing;
      expect((await b.storage.dialog(ID.waitingDialog))?.status).to.equal('closed');
      const gate2 = transport.hold('reopenDialog');
      const reopening = client.reopen(ID.waitingDialog);
      await gate2.reached;
      expect(dialogOf(client, ID.waitingDialog)?.status).to.equal('open');
      gate2.release();
      await reopening;
      await settle();
      expect((await b.storage.dialog(ID.waitingDialog))?.status).to.equal('open');
      expect(dialogOf(client, ID.waitingDialog)).to.deep.equal(wire(await b.storage.dialog(ID.waitingDialog)));
    });

    it('a refused command rolls the store back and reports the code (close by an operator who may not)', async () => {
      const { client, transport } = await b.client(ID.john);
      const before = stores(client);
      const gate = transport.hold('closeDialog');
      const closing = client.close(ID.botDialog);
      await gate.reached;
      expect(dialogOf(client, ID.botDialog)?.status).to.equal('closed');
      gate.release();
      await rejects(closing, 'forbidden');
      expect(stores(client)).to.equal(before);
      expect(lastError(client)?.context).to.equal('closeDialog');
      expect(codeOf(client)).to.equal('forbidden');
    });

    it('H1: reassign to an operator: the administrator keeps it; the previous operator loses it and hears nothing more of it', async () => {
      const { client: admin } = await b.client(ID.admin);
      const { client: maria, transport: mariaT } = await b.client(ID.maria);
      await maria.openDialog(ID.waitingDialog);
      const d = await admin.reassign(ID.waitingDialog, { kind: 'operator', id: ID.ivan });
      expect(d.assignee).to.deep.equal({ kind: 'operator', id: ID.ivan });
      await settle();
      expect(dialogOf(admin, ID.waitingDialog)?.assignee).to.deep.equal({ kind: 'operator', id: ID.ivan });
      expect(dialogOf(maria, ID.waitingDialog)).to.equal(undefined);
      expect(maria.feed(ID.waitingDialog).messages, 'H1: the history goes too').to.deep.equal([]);
      expect(maria.$activeDialogId.get()).to.equal(null);
      const removedAt = mariaT.passed.findIndex((e) => (e as { type: string }).type === 'dialog.removed');
      expect(removedAt).to.be.at.least(0);
      await b.core.clientSend(ID.waitingDialog, '¿Hola?');
      await b.core.handle(ID.ivan, 'sendMessage', { id: 'm-ivan', dialogId: ID.waitingDialog, text: 'Aquí estoy' });
      await b.scheduler.runAll();
      await settle();
      const later = mariaT.passed.slice(removedAt + 1).filter((e) => JSON.stringify(e).includes(ID.waitingDialog));
      expect(later).to.deep.equal([]);
      expect(dialogOf(maria, ID.waitingDialog)).to.equal(undefined);
      expect(
        maria.$alerts.get().some((a) => a.dialogId === ID.waitingDialog),
        'N1: no alert from a dialog no longer hers',
      ).to.equal(false);
      await admin.openDialog(ID.waitingDialog);
      expect(admin.feed(ID.waitingDialog).messages.length, 'H1: the administrator still sees the history').to.be.above(5);
    });

    it('H1: the responsible operator hands a dialog to another operator and it leaves their list at once', async () => {
      const { client: maria } = await b.client(ID.maria);
      await maria.reassign(ID.waitingDialog, { kind: 'operator', id: ID.ivan });
      expect(dialogOf(maria, ID.waitingDialog)).to.equal(undefined);
      const { client: ivan } = await b.client(ID.ivan);
      expect(dialogOf(ivan, ID.waitingDialog)?.assignee).to.deep.equal({ kind: 'operator', id: ID.ivan });
    });

    it('H1/P3: reassign to a bot keeps the dialog visible, but the previous operator may no longer write: failed not_assigned, nothing stored', async () => {
      const { client: maria } = await b.client(ID.maria);
      await maria.openDialog(ID.waitingDialog);
      await maria.reassign(ID.waitingDialog, { kind: 'bot', id: ID.bot });
      await settle();
      expect(dialogOf(maria, ID.waitingDialog)?.assignee).to.deep.equal({ kind: 'bot', id: ID.bot });
      expect(maria.actions(ID.waitingDialog)?.write).to.deep.equal({ ok: false, reason: 'not_assigned' });
      await rejects(maria.send(ID.waitingDialog, { text: 'Una cosa más' }, 'm-late'), 'not_assigned');
      const m = maria.feed(ID.waitingDialog).messages.find((x) => x.id === 'm-late');
      expect(m?.status).to.deep.equal({ state: 'failed', reason: 'not_assigned', retryable: false });
      expect(await b.storage.message('m-late')).to.equal(undefined);
      expect(codeOf(maria)).to.equal('not_assigned');
      expect(await maria.retry(ID.waitingDialog, 'm-late'), 'S5: no retry where it cannot succeed').to.equal(m);
    });

    it('P3: a reassignment the client has not heard of yet still refuses the send on the server', async () => {
      const { client: maria, transport } = await b.client(ID.maria);
      await maria.openDialog(ID.waitingDialog);
      transport.disconnect(); // maria does not hear of the reassignment
      await b.core.handle(ID.admin, 'reassignDialog', { dialogId: ID.waitingDialog, to: { kind: 'bot', id: ID.bot } });
      await rejects(maria.send(ID.waitingDialog, { text: 'hola' }, 'm-race'), 'not_assigned');
      expect(stateOf(maria, ID.waitingDialog, 'm-race')).to.equal('failed');
      expect(await b.storage.message('m-race')).to.equal(undefined);
    });

    it('H3/L1/N2: markUnread and markRead change the row and the header count at once', async () => {
      const { client, transport } = await b.client(ID.admin);
      await client.markRead(ID.freshWaitingDialog);
      const count = client.$unreadDialogCount.get();
      const gate = transport.hold('markUnread');
      const marking = client.markUnread(ID.freshWaitingDialog);
      await gate.reached;
      expect(client.row(dialogOf(client, ID.freshWaitingDialog)!).isUnread).to.equal(true);
      expect(client.$unreadDialogCount.get()).to.equal(count + 1);
      gate.release();
      await marking;
      expect((await b.storage.readState(ID.admin, ID.freshWaitingDialog))?.markedUnread).to.equal(true);
      expect((await b.storage.readState(ID.maria, ID.freshWaitingDialog))?.markedUnread ?? false, 'H3: for this operator only').to.equal(false);
      await client.markRead(ID.freshWaitingDialog);
      expect(client.$unreadDialogCount.get()).to.equal(count);
      expect(client.row(dialogOf(client, ID.freshWaitingDialog)!)).to.include({ unread: 0, isUnread: false });
    });

    it('H4: block and unblock are optimistic; the composer is told why it cannot write', async () => {
      const { client, transport } = await b.client(ID.maria);
      const gate = transport.hold('blockClient');
      const blocking = client.block('cl-0001');
      await gate.reached;
      expect(client.$clients.get().get('cl-0001')?.blocked).to.equal(true);
      expect(client.actions(ID.waitingDialog)?.write).to.deep.equal({ ok: false, reason: 'client_blocked' });
      gate.release();
      await blocking;
      expect((await b.storage.client('cl-0001'))?.blocked).to.equal(true);
      await client.unblock('cl-0001');
      expect(client.$clients.get().get('cl-0001')?.blocked).to.equal(false);
      expect(client.actions(ID.waitingDialog)?.write).to.deep.equal({ ok: true });
    });

    it('H4: a refused block rolls back and reports forbidden', async () => {
      const { client } = await b.client(ID.john);
      const clientId = dialogOf(client, ID.botDialog)!.clientId!;
      const before = stores(client);
      await rejects(client.block(clientId), 'forbidden');
      expect(stores(client)).to.equal(before);
      expect(codeOf(client)).to.equal('forbidden');
    });

    it('H5: detach unlinks the client in the store and on the server; the client still exists', async () => {
      const { client } = await b.client(ID.maria);
      const d = await client.detach(ID.waitingDialog);
      expect(d.clientId).to.equal(null);
      expect(dialogOf(client, ID.waitingDialog)?.clientId).to.equal(null);
      expect(client.actions(ID.waitingDialog)?.detach).to.equal(false);
      expect(await b.storage.client('cl-0001')).to.not.equal(undefined);
    });

    it('D1-D4: bulk delete answers per dialog; an operator without the right gets everything back', async () => {
      const { client: ivan, transport } = await b.client(ID.ivan);
      const before = stores(ivan);
      const gate = transport.hold('deleteDialogs');
      const deleting = ivan.deleteDialogs([ID.ivanDialog, ID.leftDialog]);
      await gate.reached;
      expect(dialogOf(ivan, ID.ivanDialog), 'gone at once').to.equal(undefined);
      gate.release();
      const results = await deleting;
      expect(results).to.deep.equal([
        { dialogId: ID.ivanDialog, ok: false, reason: 'forbidden' },
        { dialogId: ID.leftDialog, ok: false, reason: 'forbidden' },
      ]);
      expect(stores(ivan)).to.equal(before);
      const { client: admin } = await b.client(ID.admin);
      const ok = await admin.deleteDialogs([ID.ivanDialog, 'dlg-none']);
      expect(ok).to.deep.equal([
        { dialogId: ID.ivanDialog, ok: true },
        { dialogId: 'dlg-none', ok: false, reason: 'not_found' },
      ]);
      await settle();
      expect(dialogOf(admin, ID.ivanDialog)).to.equal(undefined);
      expect(dialogOf(ivan, ID.ivanDialog), 'the others hear of it').to.equal(undefined);
    });

    it('M1: a quick reply created from a message reaches every operator once', async () => {
      const { client: maria } = await b.client(ID.maria);
      const { client: ivan } = await b.client(ID.ivan);
      await maria.openDialog(ID.waitingDialog);
      const m = maria
        .feed(ID.waitingDialog)
        .messages.filter((x) => x.kind === 'text')
        .at(-1)!;
      const q = await maria.createQuickReply(m.text, { messageId: m.id, title: 'Entrega' });
      await settle();
      expect(q).to.include({ title: 'Entrega', text: m.text.trim(), createdBy: ID.maria });
      expect(maria.$quickReplies.get().filter((x) => x.id === q.id).length).to.equal(1);
      expect(ivan.$quickReplies.get().filter((x) => x.id === q.id).length).to.equal(1);
    });

    it('H6: forwarding an attachment; the target channel refusing the type is reported and nothing is added', async () => {
      const { client } = await b.client(ID.admin);
      const files = await client.listAttachments(ID.attachmentsDialog, 'file', 0, 500);
      const pdf = files.items.find((i) => i.attachment.mime === 'application/pdf' && i.attachment.available)!;
      await client.openDialog(ID.unassignedDialog);
      const before = client.feed(ID.unassignedDialog).messages.length;
      await rejects(client.forwardAttachment(pdf.attachment.id, ID.unassignedDialog), 'attachment_type');
      expect(codeOf(client)).to.equal('attachment_type');
      expect(lastError(client)?.context).to.equal('forwardAttachment');
      expect(client.feed(ID.unassignedDialog).messages.length).to.equal(before);
      const images = await client.listAttachments(ID.attachmentsDialog, 'image', 0, 1);
      const m = await client.forwardAttachment(images.items[0]!.attachment.id, ID.unassignedDialog);
      await settle();
      expect(client.feed(ID.unassignedDialog).messages.filter((x) => x.id === m.id).length).to.equal(1);
    });

    it('F5/L6: setQuery filters and sorts the list; partial queries keep the rest', async () => {
      const { client } = await b.client(ID.admin);
      const all = client.$list.get().length;
      await client.setQuery({ status: 'closed' });
      const closed = client.$list.get();
      expect(closed.length).to.be.above(0);
      expect(closed.length).to.be.below(all);
      expect(closed.every((d) => d.status === 'closed')).to.equal(true);
      await client.setQuery({ search: 'MARIA LOPEZ NOBODY' });
      expect(client.$query.get().status, 'kept').to.equal('closed');
      expect(client.$list.get()).to.deep.equal([]);
      await client.setQuery({ search: '', status: 'all', bot: true });
      expect(client.$list.get().map((d) => d.id)).to.include(ID.botDialog);
      expect(client.$list.get().every((d) => d.assignee?.kind === 'bot')).to.equal(true);
    });

    it('T7/T6: tag counts follow the rest of the query, and only pinned links count under the pinned switch', async () => {
      const { client } = await b.client(ID.admin);
      const expected = (pred: (d: Dialog) => boolean, pinnedOnly: boolean) => {
        const m = new Map<Id, number>();
        for (const d of client.$dialogs.get().values()) {
          if (!pred(d) || !d.clientId) continue;
          for (const t of client.$clients.get().get(d.clientId)?.tags ?? []) if (!pinnedOnly || t.pinned) m.set(t.tagId, (m.get(t.tagId) ?? 0) + 1);
        }
        return m;
      };
      expect(client.$tagCounts.get()).to.deep.equal(expected(() => true, false));
      client.setQuery({ status: 'closed' });
      expect(client.$tagCounts.get()).to.deep.equal(expected((d) => d.status === 'closed', false));
      client.setQuery({ status: 'all', tags: { mode: 'list', tags: ['tag-vip'], pinned: true } });
      expect(client.$tagCounts.get(), 'the tag selection itself does not narrow the counts').to.deep.equal(expected(() => true, true));
      expect(client.$list.get().length).to.equal(
        [...client.$dialogs.get().values()].filter(
          (d) =>
            d.clientId &&
            client.$clients
              .get()
              .get(d.clientId)
              ?.tags.some((t) => t.tagId === 'tag-vip' && t.pinned),
        ).length,
      );
    });

    it('T6/L5: setClientTags is optimistic and rolls back when a tag is unknown', async () => {
      const { client, transport } = await b.client(ID.maria);
      const tags = [
        { tagId: 'tag-vip', pinned: true },
        { tagId: 'tag-new', pinned: false },
      ];
      const gate = transport.hold('setClientTags');
      const setting = client.setClientTags('cl-0001', tags);
      await gate.reached;
      expect(client.$clients.get().get('cl-0001')?.tags).to.deep.equal(tags);
      gate.release();
      await setting;
      expect((await b.storage.client('cl-0001'))?.tags).to.deep.equal(tags);
      const before = stores(client);
      await rejects(client.setClientTags('cl-0001', [{ tagId: 'tag-ghost', pinned: false }]), 'not_found');
      expect(stores(client)).to.equal(before);
      expect(client.$tagCounts.get().get('tag-vip')).to.be.above(0);
    });
  });

  describe('drafts (L4)', () => {
    it('L4: a draft shows in the row, survives switching dialogs, and an empty draft is removed', async () => {
      const { client } = await b.client(ID.maria);
      client.setDraft(ID.waitingDialog, 'Estimado cliente');
      await client.openDialog(ID.closedDialog);
      const row = client.row(dialogOf(client, ID.waitingDialog)!);
      expect(row.draft?.text).to.equal('Estimado cliente');
      client.setQuote(ID.waitingDialog, 'some-message');
      expect(client.$drafts.get()[ID.waitingDialog]).to.include({ text: 'Estimado cliente', quoteId: 'some-message' });
      client.setDraft(ID.waitingDialog, '', null);
      expect(client.$drafts.get()[ID.waitingDialog]).to.equal(undefined);
    });

    it('L4: by default a reload (a new client) loses drafts; nothing is written to web storage', async () => {
      const storage = new FakeStorage();
      const { client } = await b.client(ID.maria, { draftStorage: storage });
      client.setDraft(ID.waitingDialog, 'borrador');
      expect(storage.data.size).to.equal(0);
      const { client: reloaded } = await b.client(ID.maria, { draftStorage: storage });
      expect(reloaded.$drafts.get()).to.deep.equal({});
    });

    it("L4: with persistDrafts 'session' drafts are kept per operator in the given storage and come back after a reload", async () => {
      const storage = new FakeStorage();
      const { client } = await b.client(ID.maria, { persistDrafts: 'session', draftStorage: storage });
      client.setDraft(ID.waitingDialog, 'borrador guardado');
      expect(JSON.parse(storage.getItem(`chatdesk:drafts:${ID.maria}`)!)[ID.waitingDialog].text).to.equal('borrador guardado');
      const { client: reloaded } = await b.client(ID.maria, { persistDrafts: 'session', draftStorage: storage });
      expect(reloaded.$drafts.get()[ID.waitingDialog]?.text).to.equal('borrador guardado');
      const { client: other } = await b.client(ID.ivan, { persistDrafts: 'session', draftStorage: storage });
      expect(other.$drafts.get(), 'another operator does not get them').to.deep.equal({});
      storage.setItem(`chatdesk:drafts:${ID.john}`, '{not json');
      const { client: corrupt } = await b.client(ID.john, { persistDrafts: 'session', draftStorage: storage });
      expect(corrupt.$drafts.get(), 'a corrupt saved draft is ignored').to.deep.equal({});
    });
  });

  describe('message status (S1-S6)', () => {
    it('S2-S4: a channel with read receipts: queued -> sent -> delivered -> read, never backwards', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const seen = watchStatus(client, ID.waitingDialog, 'm-status');
      await client.send(ID.waitingDialog, { text: 'Ya sale' }, 'm-status');
      await b.scheduler.runAll();
      await settle();
      expect(seen).to.deep.equal(['queued', 'sent', 'delivered', 'read']);
      // A stale status arriving late (next seq) changes nothing.
      const seq = await b.storage.lastSeq(ID.maria);
      transport.inject({ seq: seq + 1, type: 'message.status', dialogId: ID.waitingDialog, messageId: 'm-status', status: { state: 'sent' } });
      await settle();
      expect(stateOf(client, ID.waitingDialog, 'm-status')).to.equal('read');
      expect(client.$errors.get()).to.deep.equal([]);
    });

    it('S6: a channel without read receipts stops at delivered', async () => {
      const { client } = await b.client(ID.maria);
      await client.openDialog(ID.reassignedDialog);
      await client.send(ID.reassignedDialog, { text: 'ok' }, 'm-site');
      await b.scheduler.runAll();
      await settle();
      expect(stateOf(client, ID.reassignedDialog, 'm-site')).to.equal('delivered');
    });

    it('S5: a failing integration fails with integration_error; a retry (same id) succeeds after the channel recovers', async () => {
      const { client } = await b.client(ID.maria);
      await client.openDialog(ID.brokenDialog);
      const seen = watchStatus(client, ID.brokenDialog, 'm-broken');
      await client.send(ID.brokenDialog, { text: 'Привет' }, 'm-broken');
      await b.scheduler.runAll();
      await settle();
      expect(client.statusOf(ID.brokenDialog, 'm-broken')).to.deep.equal({ state: 'failed', reason: 'integration_error', retryable: true });
      await b.core.setChannelFailing(ID.channels.broken, false);
      await client.retry(ID.brokenDialog, 'm-broken');
      await b.scheduler.runAll();
      await settle();
      expect(seen).to.deep.equal(['queued', 'failed', 'queued', 'sent', 'delivered']);
      expect(client.feed(ID.brokenDialog).messages.filter((m) => m.id === 'm-broken').length).to.equal(1);
      expect(await serverCopies(b, ID.brokenDialog, 'm-broken')).to.equal(1);
    });

    it('S5: on the site chat a client who left fails the message with client_left', async () => {
      const { client } = await b.client(ID.maria);
      await client.openDialog(ID.reassignedDialog);
      await b.core.clientLeave(ID.reassignedDialog);
      await client.send(ID.reassignedDialog, { text: '¿Sigues ahí?' }, 'm-left');
      await b.scheduler.runAll();
      await settle();
      expect(client.statusOf(ID.reassignedDialog, 'm-left')).to.deep.equal({ state: 'failed', reason: 'client_left', retryable: true });
    });

    it('S1: sending twice with the same id stores ONE message and the feed shows it once, status kept', async () => {
      const { client } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      await client.send(ID.waitingDialog, { text: 'Hola' }, 'm-twice');
      await b.scheduler.runAll();
      await settle();
      const seen = watchStatus(client, ID.waitingDialog, 'm-twice');
      const numbers = new Set<number>();
      client.$feeds.subscribe(() => {
        const m = client.feed(ID.waitingDialog).messages.find((x) => x.id === 'm-twice');
        if (m) numbers.add(m.n);
      });
      const again = await client.send(ID.waitingDialog, { text: 'Hola' }, 'm-twice');
      await settle();
      expect(again.status?.state).to.equal('read');
      expect(seen, 'never back to queued').to.deep.equal(['read']);
      expect([...numbers], 'keeps its place in the feed (never a local copy again)')
        .to.have.length(1)
        .and.not.include(0);
      expect(client.feed(ID.waitingDialog).messages.filter((m) => m.id === 'm-twice').length).to.equal(1);
      expect(await serverCopies(b, ID.waitingDialog, 'm-twice')).to.equal(1);
    });

    it('S1: an answer lost on the way is sent again with the same id after reconnecting: one message on the server and in the feed', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      transport.disconnect();
      transport.loseAnswer('sendMessage');
      const m = await client.send(ID.waitingDialog, { text: 'Perdón por la espera' }, 'm-lost');
      expect(m.status?.state, 'not reached: stays queued').to.equal('queued');
      expect(await serverCopies(b, ID.waitingDialog, 'm-lost')).to.equal(1);
      expect(transport.requests.filter((r) => r === 'sendMessage').length).to.equal(1);
      transport.reconnect();
      await settle();
      await settle();
      expect(transport.requests).to.include('eventsSince');
      expect(await serverCopies(b, ID.waitingDialog, 'm-lost')).to.equal(1);
      const copies = client.feed(ID.waitingDialog).messages.filter((x) => x.id === 'm-lost');
      expect(copies.length).to.equal(1);
      expect(copies[0]!.n).to.be.above(0);
      await client.flushOutbox();
      expect(await serverCopies(b, ID.waitingDialog, 'm-lost')).to.equal(1);
    });

    it('S1: a lost answer whose events did arrive is not sent again', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      transport.loseAnswer('sendMessage');
      await client.send(ID.waitingDialog, { text: 'Hola' }, 'm-seen');
      await settle();
      const sends = transport.requests.filter((r) => r === 'sendMessage').length;
      await client.flushOutbox();
      expect(transport.requests.filter((r) => r === 'sendMessage').length).to.equal(sends);
      expect(client.feed(ID.waitingDialog).messages.filter((x) => x.id === 'm-seen').length).to.equal(1);
    });
  });

  describe('events', () => {
    it('a malformed event is rejected with a ChatProtocolError naming the field, and no store changes', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      const before = stores(client);
      const seq = await b.storage.lastSeq(ID.maria);
      transport.inject({ seq: seq + 1, type: 'message.status', dialogId: ID.waitingDialog, messageId: 'x', status: { state: 'teleported' } });
      transport.inject({ seq: seq + 1, type: 'dialog.upserted', dialog: { id: ID.waitingDialog, status: 'open' }, client: null });
      transport.inject('not even an object');
      await settle();
      expect(stores(client)).to.equal(before);
      const errors = client.$errors.get();
      expect(errors.length).to.equal(3);
      const [first, second] = errors.map((r) => r.error);
      expect(first).to.be.instanceOf(ChatProtocolError);
      expect(first).to.include({ context: 'event', field: 'status.state' });
      expect(first!.message).to.match(/^Malformed event: status\.state: /);
      expect((second as ChatProtocolError).field).to.equal('dialog.channelId');
      expect(errors[0]!.context).to.equal('event');
      // The client keeps working: the next real event applies.
      await b.core.clientSend(ID.waitingDialog, 'sigo aquí');
      await settle();
      expect(client.feed(ID.waitingDialog).messages.at(-1)?.text).to.equal('sigo aquí');
    });

    it('a replayed event (same seq twice) changes nothing', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      await b.core.clientSend(ID.waitingDialog, 'uno');
      await settle();
      const before = stores(client);
      const unread = client.$unreadCounts.get().get(ID.waitingDialog);
      for (const e of transport.passed) transport.inject(structuredClone(e));
      await settle();
      expect(stores(client)).to.equal(before);
      expect(client.$unreadCounts.get().get(ID.waitingDialog)).to.equal(unread);
      expect(client.$errors.get()).to.deep.equal([]);
    });

    it('a gap in the sequence makes the client ask eventsSince and catch up', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      let dropped = 0;
      transport.eventFilter = (e) => !((e as { type: string }).type === 'message.created' && dropped++ === 0);
      await b.core.clientSend(ID.waitingDialog, 'perdido');
      await settle();
      expect(client.feed(ID.waitingDialog).messages.some((m) => m.text === 'perdido')).to.equal(false);
      transport.eventFilter = null;
      await b.core.clientSend(ID.waitingDialog, 'siguiente');
      await settle();
      await settle();
      expect(transport.requests.filter((r) => r === 'eventsSince').length).to.equal(1);
      expect(transport.requests.filter((r) => r === 'bootstrap').length).to.equal(1);
      const texts = client.feed(ID.waitingDialog).messages.map((m) => m.text);
      expect(texts.slice(-2)).to.deep.equal(['perdido', 'siguiente']);
      expect(dialogOf(client, ID.waitingDialog)).to.deep.equal(wire(await b.storage.dialog(ID.waitingDialog)));
    });

    it('a burst of events after a gap makes ONE catch-up, and every event ends up applied once', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      let dropped = 0;
      transport.eventFilter = (e) => !((e as { type: string }).type === 'message.created' && dropped++ < 2);
      await b.core.clientSend(ID.waitingDialog, 'a');
      await b.core.clientSend(ID.waitingDialog, 'b');
      transport.eventFilter = null;
      const gate = transport.hold('eventsSince'); // the catch-up is slow: more events arrive meanwhile
      await b.core.clientSend(ID.waitingDialog, 'c');
      await gate.reached;
      await b.core.clientSend(ID.waitingDialog, 'd');
      await b.core.clientSend(ID.waitingDialog, 'e');
      await settle();
      gate.release();
      await settle();
      await settle();
      expect(transport.requests.filter((r) => r === 'eventsSince').length).to.equal(1);
      expect(
        client
          .feed(ID.waitingDialog)
          .messages.slice(-5)
          .map((m) => m.text),
      ).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
      expect(client.$unreadCounts.get().get(ID.waitingDialog)).to.equal(5);
    });

    it('a malformed event in the replay is reported once and skipped; the catch-up does not stall on it', async () => {
      const { client, transport } = await b.client(ID.maria);
      await client.openDialog(ID.waitingDialog);
      // The server log holds a broken event the client never got pushed.
      await b.storage.appendEvent(ID.maria, { type: 'message.status', dialogId: ID.waitingDialog, messageId: 'x', status: { state: 'lost' } } as never);
      await b.core.clientSend(ID.waitingDialog, 'después del roto');
      await settle();
      await settle();
      expect(transport.requests.filter((r) => r === 'eventsSince').length).to.equal(1);
      expect(client.$errors.get().map((r) => (r.error as ChatProtocolError).field)).to.deep.equal(['status.state']);
      expect(client.feed(ID.waitingDialog).messages.at(-1)?.text).to.equal('después del roto');
      await b.core.clientSend(ID.waitingDialog, 'y otro');
      await settle();
      expect(client.feed(ID.waitingDialog).messages.at(-1)?.text).to.equal('y otro');
      expect(transport.requests.filter((r) => r === 'eventsSince').length, 'back in sequence').to.equal(1);
    });

    it('a gap too old to replay makes the client fetch a fresh snapshot and reload open feeds', async () => {
      const small = await createTestBackend({ eventLimit: 3 });
      try {
        const { client, transport } = await small.client(ID.maria);
        await client.openDialog(ID.waitingDialog);
        transport.disconnect();
        for (let i = 0; i < 5; i++) await small.core.clientSend(ID.waitingDialog, `mensaje ${i}`);
        await small.core.handle(ID.admin, 'closeDialog', { dialogId: ID.freshWaitingDialog });
        await small.core.handle(ID.admin, 'reassignDialog', { dialogId: ID.closedReassignedDialog, to: { kind: 'operator', id: ID.maria } });
        expect(client.feed(ID.waitingDialog).messages.at(-1)?.text).to.not.equal('mensaje 4');
        transport.reconnect();
        for (let i = 0; i < 4; i++) await settle();
        expect(transport.requests.filter((r) => r === 'eventsSince').length).to.equal(1);
        expect(transport.requests.filter((r) => r === 'bootstrap').length).to.equal(2);
        expect(client.feed(ID.waitingDialog).messages.at(-1)?.text).to.equal('mensaje 4');
        expect(dialogOf(client, ID.closedReassignedDialog), 'a dialog handed to her while away').to.not.equal(undefined);
        expect(dialogOf(client, ID.waitingDialog)).to.deep.equal(wire(await small.storage.dialog(ID.waitingDialog)));
        // Back in sequence: the next event applies directly.
        await small.core.clientSend(ID.waitingDialog, 'después');
        await settle();
        expect(client.feed(ID.waitingDialog).messages.at(-1)?.text).to.equal('después');
      } finally {
        small.dispose();
      }
    });

    it('N1: a client message alerts with its text, except in the dialog open on screen; operator messages never alert', async () => {
      const { client } = await b.client(ID.maria);
      expect(document.visibilityState).to.equal('visible');
      await client.openDialog(ID.waitingDialog);
      await b.core.clientSend(ID.waitingDialog, 'estoy mirando');
      await b.core.clientSend(ID.longDialog, '¿Tienen stock?');
      await b.core.handle(ID.maria, 'sendMessage', { id: 'm-own', dialogId: ID.longDialog, text: 'Sí' });
      await settle();
      const alerts = client.$alerts.get();
      expect(alerts.map((a) => [a.dialogId, a.text])).to.deep.equal([[ID.longDialog, '¿Tienen stock?']]);
      expect(alerts[0]!.clientName).to.equal(client.$clients.get().get(dialogOf(client, ID.longDialog)!.clientId!)!.name);
      client.dismissAlert(alerts[0]!.id);
      expect(client.$alerts.get()).to.deep.equal([]);
      client.setMuted(true);
      await b.core.clientSend(ID.longDialog, 'muted');
      await settle();
      expect(client.$alerts.get()).to.deep.equal([]);
    });

    it('N1/H1: alerts of a dialog handed to someone else go with it, also when learnt from a fresh snapshot', async () => {
      const small = await createTestBackend({ eventLimit: 2 });
      try {
        const { client, transport } = await small.client(ID.maria);
        await small.core.clientSend(ID.longDialog, '¿Tienen stock?');
        await small.core.clientSend(ID.waitingDialog, '¿Hola?');
        await client.openDialog(ID.closedDialog);
        await settle();
        expect(client.$alerts.get().map((a) => a.dialogId)).to.deep.equal([ID.longDialog, ID.waitingDialog]);
        await small.core.handle(ID.admin, 'reassignDialog', { dialogId: ID.longDialog, to: { kind: 'operator', id: ID.ivan } });
        await settle();
        expect(client.$alerts.get().map((a) => a.dialogId)).to.deep.equal([ID.waitingDialog]);
        // Away while the active dialog and the other alert's dialog are handed over: the snapshot clears both.
        transport.disconnect();
        for (const id of [ID.closedDialog, ID.waitingDialog]) await small.core.handle(ID.admin, 'reassignDialog', { dialogId: id, to: { kind: 'operator', id: ID.ivan } });
        await small.core.clientSend(ID.reassignedDialog, 'one event more than kept');
        transport.reconnect();
        for (let i = 0; i < 4; i++) await settle();
        expect(transport.requests.filter((r) => r === 'bootstrap').length).to.equal(2);
        expect(client.$activeDialogId.get()).to.equal(null);
        expect(client.$alerts.get()).to.deep.equal([]);
        expect(client.feed(ID.closedDialog).messages).to.deep.equal([]);
      } finally {
        small.dispose();
      }
    });

    it('N2/L1: the header count follows incoming messages and equals the rows with unread', async () => {
      const { client } = await b.client(ID.maria);
      for (const d of client.$list.get()) if (client.row(d).isUnread) await client.markRead(d.id);
      expect(client.$unreadDialogCount.get()).to.equal(0);
      await b.core.clientSend(ID.waitingDialog, 'uno');
      await b.core.clientSend(ID.waitingDialog, 'dos');
      await b.core.clientSend(ID.longDialog, 'tres');
      await settle();
      const rows = client.$list.get().map((d) => client.row(d));
      expect(client.$unreadDialogCount.get()).to.equal(2);
      expect(rows.filter((r) => r.isUnread).length).to.equal(2);
      expect(client.$unreadCounts.get().get(ID.waitingDialog)).to.equal(2);
      await client.openDialog(ID.waitingDialog);
      expect(client.$unreadDialogCount.get()).to.equal(1);
    });

    it('H2: a client message reopens a closed dialog in the store', async () => {
      const { client } = await b.client(ID.maria);
      expect(dialogOf(client, ID.closedDialog)?.status).to.equal('closed');
      await b.core.clientSend(ID.closedDialog, 'Otra pregunta');
      await settle();
      expect(dialogOf(client, ID.closedDialog)?.status).to.equal('open');
      expect(dialogOf(client, ID.closedDialog)?.lastMessage?.text).to.equal('Otra pregunta');
    });

    it('issue 13: a message event whose client and read position say what the client holds keeps the held records (no copy kept, no store change); a new read position replaces it', async () => {
      const { client } = await b.client(ID.maria);
      const clientId = dialogOf(client, ID.waitingDialog)!.clientId!;
      const heldClient = client.$clients.get().get(clientId);
      const heldRead = client.$readStates.get().get(ID.waitingDialog);
      expect(heldClient).to.not.equal(undefined);
      let clientChanges = 0;
      const stop = client.$clients.listen(() => clientChanges++);
      await b.core.clientSend(ID.waitingDialog, 'uno');
      await settle();
      expect(dialogOf(client, ID.waitingDialog)?.lastMessage?.text).to.equal('uno');
      expect(client.$clients.get().get(clientId)).to.equal(heldClient);
      expect(client.$readStates.get().get(ID.waitingDialog)).to.equal(heldRead);
      expect(clientChanges).to.equal(0);
      stop();
      await client.markRead(ID.waitingDialog);
      await settle();
      const read = client.$readStates.get().get(ID.waitingDialog);
      expect(read).to.not.equal(heldRead);
      expect(read?.readClientCount).to.equal(dialogOf(client, ID.waitingDialog)?.clientMessageCount);
    });

    it('the list stays right: a message in a dialog outside the query does not bring it into $list', async () => {
      const { client } = await b.client(ID.admin);
      client.setQuery({ operators: [ID.ivan] });
      const listed = client.$list.get().map((d) => d.id);
      expect(listed).to.not.include(ID.waitingDialog);
      const changes: string[][] = [];
      client.$list.subscribe((l) => changes.push(l.map((d) => d.id)));
      await b.core.clientSend(ID.waitingDialog, '¡Hola!');
      await settle();
      expect(dialogOf(client, ID.waitingDialog)?.lastMessage?.text).to.equal('¡Hola!');
      expect(client.$list.get().map((d) => d.id)).to.deep.equal(listed);
      for (const c of changes) expect(c).to.not.include(ID.waitingDialog);
      // It does come in once it matches.
      await b.core.handle(ID.admin, 'reassignDialog', { dialogId: ID.waitingDialog, to: { kind: 'operator', id: ID.ivan } });
      await settle();
      expect(client.$list.get().map((d) => d.id)).to.include(ID.waitingDialog);
    });

    it('F2: a new client message moves its dialog in processing order; an answer moves it down', async () => {
      const { client } = await b.client(ID.admin);
      client.setQuery({ operators: [ID.admin] });
      await b.core.handle(ID.admin, 'sendMessage', { id: 'm-ans', dialogId: ID.freshWaitingDialog, text: 'Done' });
      await settle();
      const position = () => client.$list.get().findIndex((d) => d.id === ID.freshWaitingDialog);
      const answered = position();
      await b.core.clientSend(ID.freshWaitingDialog, 'one more thing');
      await settle();
      const waiting = position();
      expect(waiting).to.be.at.most(answered);
      expect(
        client.$list
          .get()
          .slice(0, waiting)
          .every((d) => d.waitingSince !== null && d.status === 'open'),
      ).to.equal(true);
    });
  });
});
