import { expect } from '@open-wc/testing';
import type { ChatEvent } from '../protocol.js';
import type { Client, Dialog, Id, ListRow, Message, ReadState } from '../model.js';
import { clientSummary } from '../rules/clients.js';
import { admin, client, dialog, operator, tag } from '../rules/test-fixtures.js';
import { reduceEvent, type ReducerView } from './reducer.js';
import { alertFor } from './alerts.js';

/** A view over plain data: what the client holds, without a transport. */
function view(rows: ListRow[] = [], messages: Message[] = []): ReducerView {
  const byId = new Map(rows.map((r) => [r.dialog.id, r]));
  return {
    row: (id) => byId.get(id),
    read: (id) => byId.get(id)?.read ?? undefined,
    client: (id) => rows.find((r) => r.client?.id === id)?.client ?? undefined,
    dialogs: () => rows.map((r) => r.dialog),
    message: (dialogId, id) => messages.find((m) => m.dialogId === dialogId && m.id === id),
    tags: () => [tag('t1', 'VIP')],
    operators: () => [admin, operator('maria')],
    me: () => operator('maria'),
  };
}

const read = (dialogId: Id, readClientCount: number): ReadState => ({ dialogId, readClientCount, markedUnread: false });
const rowOf = (d: Dialog, c: Client | null, r: ReadState | null = null): ListRow => ({ dialog: d, client: c && clientSummary(c), read: r });
const message = (id: Id, dialogId: Id, patch: Partial<Message> = {}): Message => ({
  id,
  dialogId,
  n: 1,
  kind: 'text',
  author: { kind: 'client', id: `cl-${dialogId}` },
  text: 'Hola',
  attachments: [],
  createdAt: 1,
  ...patch,
});

describe('client/reducer: what an event changes (pure)', () => {
  it('N1, L1: a new client message: the send is acknowledged, it may alert, the row moves keeping the held client and read position, the message is placed', () => {
    const d = dialog('d1', { clientMessageCount: 1 });
    const c = client('cl-d1', { name: 'Lucía' });
    const held = rowOf(d, c, read('d1', 1));
    const after = { ...d, clientMessageCount: 2 };
    const m = message('m1', 'd1', { n: 2 });
    const fx = reduceEvent(view([held]), { seq: 5, type: 'message.created', message: m, dialog: after });
    expect(fx.acknowledged).to.equal('m1');
    expect(fx.alert?.client?.name).to.equal('Lucía');
    expect(fx.rows).to.have.length(1);
    expect(fx.rows[0]!.change).to.deep.include({ id: 'd1', text: 'Hola', message: { id: 'm1', n: 2 } });
    expect(fx.rows[0]!.place?.row).to.deep.equal({ dialog: after, client: held.client, read: held.read });
    expect(fx.message).to.equal(m);
  });

  it('S2-S4: a status event advances the held message, never back (read stays read)', () => {
    const queued = message('m1', 'd1', { author: { kind: 'operator', id: 'maria' }, status: { state: 'queued' } });
    const fx = reduceEvent(view([], [queued]), { seq: 2, type: 'message.status', dialogId: 'd1', messageId: 'm1', status: { state: 'delivered' } });
    expect(fx.updated?.status).to.deep.equal({ state: 'delivered' });
    const seen = { ...queued, status: { state: 'read' as const } };
    const back = reduceEvent(view([], [seen]), { seq: 3, type: 'message.status', dialogId: 'd1', messageId: 'm1', status: { state: 'delivered' } });
    expect(back.updated?.status).to.deep.equal({ state: 'read' });
    expect(reduceEvent(view(), { seq: 4, type: 'message.status', dialogId: 'd1', messageId: 'm1', status: { state: 'sent' } }).updated).to.equal(undefined);
  });

  it('H1: a dialog removed (access lost) leaves the list and the client everywhere', () => {
    const fx = reduceEvent(view(), { seq: 7, type: 'dialog.removed', dialogId: 'd1', reason: 'access_lost' });
    expect(fx.rows).to.deep.equal([{ change: { id: 'd1', was: undefined, now: null } }]);
    expect(fx.removed).to.equal('d1');
  });

  it('T6, L6: a client renamed moves every held dialog of theirs when the event does not list them', () => {
    const c = client('cl-a', { name: 'Old' });
    const d1 = dialog('d1', { clientId: 'cl-a' });
    const d2 = dialog('d2', { clientId: 'cl-b' });
    const renamed = { ...c, name: 'New' };
    const fx = reduceEvent(view([rowOf(d1, c, read('d1', 0)), rowOf(d2, client('cl-b'))]), { seq: 9, type: 'client.updated', client: renamed });
    expect(fx.rows.map((r) => r.change.id)).to.deep.equal(['d1']);
    expect(fx.rows[0]!.place?.row.client?.name).to.equal('New');
    expect(fx.rows[0]!.place?.row.read).to.deep.equal(read('d1', 0));
    expect(fx.client).to.equal(renamed);
  });

  it('L1, H3: a read position of a dialog not held moves the counts only (read-only change, nothing held)', () => {
    const fx = reduceEvent(view(), { seq: 3, type: 'read.updated', readState: read('dx', 4) });
    expect(fx.rows).to.deep.equal([{ change: { id: 'dx', was: undefined, now: null, readOnly: true } }]);
  });

  it('M1, F2: dictionaries: a tag replaced in place of its old version, the signed-in operator updated, a quick reply, the settings', () => {
    const events: ChatEvent[] = [
      { seq: 1, type: 'tag.upserted', tag: tag('t1', 'VIP clients') },
      { seq: 2, type: 'operator.updated', operator: operator('maria', { name: 'María José' }) },
      { seq: 3, type: 'quickreply.created', quickReply: { id: 'q1', title: 'Hola', text: 'Hola, ¿en qué podemos ayudarle?', createdBy: 'maria', createdAt: 1 } },
      { seq: 4, type: 'settings.updated', settings: { responseTimeLimitMs: 60_000 } },
    ];
    const [t, o, q, s] = events.map((e) => reduceEvent(view(), e));
    expect(t!.tags).to.deep.equal([tag('t1', 'VIP clients')]);
    expect(o!.operators?.me?.name).to.equal('María José');
    expect(o!.operators?.operators.map((x) => x.name)).to.include('María José');
    expect(q!.quickReply?.id).to.equal('q1');
    expect(s!.settings).to.deep.equal({ responseTimeLimitMs: 60_000 });
  });

  it('N1: alertFor: a client text alerts once, not when muted, not for the dialog open on a visible page, not for operator messages', () => {
    const d = dialog('d1');
    const m = message('m1', 'd1');
    const base = { muted: false, activeDialogId: null, visible: true, alerts: [] };
    const a = alertFor(m, d, client('cl-d1', { name: 'Lucía' }), base);
    expect(a).to.deep.include({ id: 'm1', dialogId: 'd1', clientName: 'Lucía', text: 'Hola' });
    expect(alertFor(m, d, null, { ...base, alerts: [a!] })).to.equal(null);
    expect(alertFor(m, d, null, { ...base, muted: true })).to.equal(null);
    expect(alertFor(m, d, null, { ...base, activeDialogId: 'd1' })).to.equal(null);
    expect(alertFor(m, d, null, { ...base, activeDialogId: 'd1', visible: false })?.clientName).to.equal(d.title);
    expect(alertFor({ ...m, author: { kind: 'operator', id: 'maria' } }, d, null, base)).to.equal(null);
  });
});
