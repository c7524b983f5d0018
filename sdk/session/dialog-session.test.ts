/** `DialogSession` over the in-process core the server runs: composer, offers, mark-read, names. */
import { expect, waitUntil } from '@open-wc/testing';
import { createTestBackend, SEED_IDS as ID, type TestBackend } from '../../server/core/test-support.js';
import type { Message } from '../model.js';
import { displayName } from './names.js';

describe('sdk DialogSession', () => {
  let b: TestBackend;
  beforeEach(async () => {
    b = await createTestBackend();
  });
  afterEach(() => b.dispose());

  it('is one per dialog id', async () => {
    const { client } = await b.client(ID.maria);
    expect(client.session(ID.waitingDialog)).to.equal(client.session(ID.waitingDialog));
    expect(client.session(ID.waitingDialog)).to.not.equal(client.session(ID.closedDialog));
  });

  it('P4, L4: the composer judges the draft in one place: empty, too long (spaces not counted), unstorable; sending nothing then', async () => {
    const { client, transport } = await b.client(ID.maria);
    await client.openDialog(ID.waitingDialog);
    const s = client.session(ID.waitingDialog);
    const requests = transport.requests.length;
    expect(s.$composer.get()).to.include({ problem: 'empty', canSend: false, text: '' });
    expect(s.send()).to.deep.equal({ ok: false, problem: 'empty' });
    s.setText('x '.repeat(2001));
    expect(s.$composer.get().length).to.include({ count: 2001, limit: 2000, ok: false });
    expect(s.send()).to.deep.equal({ ok: false, problem: 'too_long' });
    s.setText(`${'x '.repeat(2000)}   `);
    expect(s.$composer.get().problem, 'white space is not counted').to.equal(null);
    s.setText('bell \u0007');
    expect(s.send()).to.deep.equal({ ok: false, problem: 'unstorable' });
    expect(client.$drafts.get()[ID.waitingDialog]?.text, 'L4: kept as the draft').to.equal('bell \u0007');
    expect(transport.requests.length, 'nothing went to the backend').to.equal(requests);
  });

  it('S2, M1: send() names the message before the backend answers; it shows queued with the quote, and the draft goes', async () => {
    const { client, transport } = await b.client(ID.maria);
    await client.openDialog(ID.waitingDialog);
    const s = client.session(ID.waitingDialog);
    const quoted = client.feed(ID.waitingDialog).messages.at(-1)!;
    s.setText('Ya lo reviso');
    s.setQuote(quoted.id);
    expect(s.$composer.get().quoted?.id).to.equal(quoted.id);
    const gate = transport.hold('sendMessage');
    const attempt = s.send();
    if (!attempt.ok) throw new Error(`refused: ${attempt.problem}`);
    await gate.reached;
    const local = client.feed(ID.waitingDialog).messages.find((m) => m.id === attempt.messageId)!;
    expect(local).to.include({ n: 0, text: 'Ya lo reviso' });
    expect(local.quote?.messageId).to.equal(quoted.id);
    expect(local.status).to.deep.equal({ state: 'queued' });
    expect(s.$composer.get()).to.include({ sending: true, text: '', quoteId: undefined });
    gate.release();
    const outcome = await attempt.done;
    expect(outcome.state).to.equal('sent');
    expect(outcome.state === 'sent' && outcome.message.id).to.equal(attempt.messageId);
    expect(s.$composer.get().sending).to.equal(false);
    expect((await b.storage.message(attempt.messageId))?.text).to.equal('Ya lo reviso');
  });

  it('P1: attach() checks the channel and counts attached files; accepted ones upload with progress, are hidden while sent, then gone', async () => {
    const { client } = await b.client(ID.maria);
    await client.openDialog(ID.waitingDialog);
    const s = client.session(ID.waitingDialog);
    const pdf = new File([new Uint8Array(2048)], 'factura.pdf', { type: 'application/pdf' });
    const video = new File([new Uint8Array(10)], 'a.mp4', { type: 'video/mp4' });
    expect(s.attach([pdf, video])).to.deep.equal([{ name: 'a.mp4', refusal: 'type' }]);
    expect(s.$composer.get()).to.include({ problem: 'uploading', canSend: false });
    await waitUntil(() => s.$composer.get().uploads[0]?.state === 'done', 'uploaded');
    expect(s.$composer.get().uploads.map((u) => [u.name, u.progress])).to.deep.equal([['factura.pdf', 1]]);
    expect(s.$composer.get()).to.include({ problem: null, canSend: true });
    const attempt = s.send();
    if (!attempt.ok) throw new Error(`refused: ${attempt.problem}`);
    expect(s.$composer.get().uploads, 'handed to the send').to.deep.equal([]);
    expect((await attempt.done).state).to.equal('sent');
    expect(Object.values(client.$uploads.get())).to.deep.equal([]);
    const sent = client.feed(ID.waitingDialog).messages.find((m) => m.id === attempt.messageId);
    expect(sent?.attachments.map((a) => a.name)).to.deep.equal(['factura.pdf']);
    // A channel without attachments refuses before any upload (P1).
    expect(client.session(ID.johnDialog).attach([pdf])).to.deep.equal([{ name: 'factura.pdf', refusal: 'not_allowed' }]);
    expect(Object.values(client.$uploads.get())).to.deep.equal([]);
  });

  it('H1, H2, H4, H5, P3: header offers say why an action is not available', async () => {
    const { client } = await b.client(ID.maria);
    await client.getDialog(ID.botDialog);
    const bot = client.session(ID.botDialog).$offered.get().header;
    expect(bot.reassign).to.deep.equal({ ok: false, reason: 'not_manager' });
    expect(bot.close).to.deep.include({ ok: false, reason: 'not_manager' });
    expect(bot.explain).to.deep.equal(['not_manager']);
    expect(bot.write).to.deep.equal({ ok: false, reason: 'not_assigned' });
    expect(bot.markUnread.ok, 'H3: anyone who sees it').to.equal(true);
    expect(client.session(ID.botDialog).$composer.get().problem, 'P3').to.equal('not_assigned');
    const { client: admin } = await b.client(ID.admin);
    await admin.getDialog(ID.blockedDialog);
    await admin.getDialog(ID.detachedDialog);
    const blocked = admin.session(ID.blockedDialog).$offered.get().header;
    expect(blocked.block).to.deep.equal({ ok: true, action: 'unblock' });
    expect(blocked.write).to.deep.equal({ ok: false, reason: 'client_blocked' });
    const detached = admin.session(ID.detachedDialog).$offered.get().header;
    expect(detached.detach).to.deep.equal({ ok: false, reason: 'detached' });
    expect(detached.explain).to.deep.equal(['detached']);
    expect(detached.close.ok).to.equal(true);
  });

  it('M2, S5: message offers: no quote where the channel cannot; retry where it can succeed, else why', async () => {
    const { client } = await b.client(ID.ivan);
    await client.openDialog(ID.leftDialog);
    const left = client.session(ID.leftDialog);
    const failed = client.feed(ID.leftDialog).messages.filter((m) => m.status?.state === 'failed' && m.author.id === ID.ivan);
    expect(failed.length).to.be.above(0);
    for (const m of failed) expect(left.$offered.get().message(m).retry).to.deep.equal({ ok: false, reason: 'client_away' });
    const stored = client.feed(ID.leftDialog).messages.find((m) => m.kind === 'text' && m.n > 0 && m.status?.state !== 'failed')!;
    expect(left.$offered.get().message(stored).quote.ok, 'site chat quotes').to.equal(true);
    expect(left.$offered.get().message(stored).retry).to.deep.equal({ ok: false, reason: 'not_own_failure' });
    const { client: admin } = await b.client(ID.admin);
    await admin.openDialog(ID.unassignedDialog);
    const m: Message = admin.feed(ID.unassignedDialog).messages.find((x) => x.kind === 'text' && x.n > 0)!;
    expect(admin.session(ID.unassignedDialog).$offered.get().message(m).quote).to.deep.equal({ ok: false, reason: 'no_quoting' });
  });

  it('L1, H3: seeing the bottom marks an unread dialog read once; not one the operator marked unread', async () => {
    const { client, transport } = await b.client(ID.admin);
    await client.getDialog(ID.markedUnreadDialog);
    const isUnread = (id: string) => client.row(client.$dialogs.get().get(id)!).isUnread;
    const unreadId = [...client.$dialogs.get().keys()].find((id) => isUnread(id) && !client.$readStates.get().get(id)?.markedUnread)!;
    expect(unreadId, 'a dialog unread for the admin').to.be.a('string');
    expect(isUnread(ID.markedUnreadDialog)).to.equal(true);
    const marked = client.session(ID.markedUnreadDialog);
    const unread = client.session(unreadId);
    marked.bottomSeen();
    for (let i = 0; i < 3; i++) unread.bottomSeen();
    await waitUntil(() => !isUnread(unreadId), 'marked read');
    expect(transport.requests.filter((r) => r === 'markRead').length, 'one request for the burst').to.equal(1);
    expect(client.$readStates.get().get(ID.markedUnreadDialog)?.markedUnread, 'H3 kept').to.equal(true);
  });

  it('names: one fallback rule for authors and assignees; $operatorsById beside $tagsById', async () => {
    const { client } = await b.client(ID.admin);
    await client.getDialog(ID.detachedDialog);
    const s = client.session(ID.detachedDialog);
    expect(s.$operatorsById.get().get(ID.maria)?.id).to.equal(ID.maria);
    expect(s.name({ kind: 'operator', id: ID.maria }).name)
      .to.be.a('string')
      .and.not.equal('');
    expect(s.name({ kind: 'operator', id: 'op-gone' })).to.deep.equal({ fallback: 'former_operator' });
    expect(s.name({ kind: 'bot', id: ID.bot })).to.deep.equal({ name: 'Sales bot' });
    expect(s.name(null)).to.deep.equal({ fallback: 'nobody' });
    expect(s.name({ kind: 'system', id: '' })).to.deep.equal({ fallback: 'system' });
    expect(s.name({ kind: 'client', id: ID.detachedClient }).name, 'H5: the dialog title once detached').to.equal(s.$dialog.get()!.title);
    expect(displayName({ kind: 'client', id: 'x' }, s.$names.get(), { dialog: { title: '' } })).to.deep.equal({ fallback: 'client' });
  });
});
