import { expect } from '@open-wc/testing';
import type { Assignee } from '../model.js';
import { canDelete, canManage, canReassign, canSeeDialog, canWrite, dialogActions, isAssignedTo, sameAssignee } from './permissions.js';
import { admin, client, dialog, operator } from './test-fixtures.js';

const maria = operator('maria', { rights: { deleteDialogs: true } });
const ivan = operator('ivan');
const toMaria: Assignee = { kind: 'operator', id: 'maria' };
const toIvan: Assignee = { kind: 'operator', id: 'ivan' };
const toBot: Assignee = { kind: 'bot', id: 'bot1' };
const toAdmin: Assignee = { kind: 'operator', id: 'admin' };

describe('rules/permissions (H1, H4, P3, D4)', () => {
  // [who, assignee, sees, reassigns, manages]
  const table: Array<[string, typeof maria, Assignee | null, boolean, boolean, boolean]> = [
    ['an administrator on a dialog of another operator', admin, toMaria, true, true, true],
    ['an administrator on an unassigned dialog', admin, null, true, true, true],
    ['the responsible operator', maria, toMaria, true, true, true],
    ['another operator', ivan, toMaria, false, false, false],
    ['an operator on an unassigned dialog', ivan, null, true, false, true],
    ['an operator on a dialog held by a bot', ivan, toBot, true, false, false],
    ['an operator on a dialog held by the administrator', maria, toAdmin, false, false, false],
  ];
  for (const [who, op, assignee, sees, reassigns, manages] of table) {
    it(`H1/H2: ${who}: ${sees ? 'sees' : 'does not see'} it, ${reassigns ? 'may' : 'may not'} reassign, ${manages ? 'may' : 'may not'} close/block/detach`, () => {
      const d = dialog('d', { assignee });
      expect(canSeeDialog(op, d)).to.equal(sees);
      expect(canReassign(op, d)).to.equal(reassigns);
      expect(canManage(op, d)).to.equal(manages);
    });
  }

  it('H1: after a reassignment from maria to ivan, the administrator still sees the history and maria does not', () => {
    const before = dialog('d', { assignee: toMaria });
    const after = { ...before, assignee: toIvan };
    expect(canSeeDialog(maria, before)).to.equal(true);
    expect(canSeeDialog(maria, after)).to.equal(false);
    expect(canSeeDialog(admin, after)).to.equal(true);
    expect(canSeeDialog(ivan, after)).to.equal(true);
  });

  it('H1: reassignment works on a closed dialog for the administrator and the responsible operator', () => {
    const closed = dialog('d', { assignee: toMaria, status: 'closed' });
    expect(canReassign(admin, closed)).to.equal(true);
    expect(canReassign(maria, closed)).to.equal(true);
    expect(canReassign(ivan, closed)).to.equal(false);
  });

  it('D4: deleting needs the right in the operator group, whatever the role', () => {
    expect(canDelete(admin)).to.equal(true);
    expect(canDelete(maria)).to.equal(true);
    expect(canDelete(ivan)).to.equal(false);
    expect(canDelete(operator('boss', { role: 'administrator', rights: { deleteDialogs: false } }))).to.equal(false);
  });

  // [case, who, assignee, client blocked, expected]
  const writes: Array<[string, typeof maria, Assignee | null, boolean, ReturnType<typeof canWrite>]> = [
    ['P3: the responsible operator writes in an open dialog', maria, toMaria, false, { ok: true }],
    ['P3: anyone may write in an unassigned dialog (and takes it)', ivan, null, false, { ok: true }],
    ['P3: after reassignment to another operator the previous one may not write', maria, toIvan, false, { ok: false, reason: 'not_assigned' }],
    ['P3: after reassignment to a bot the previous one may not write', maria, toBot, false, { ok: false, reason: 'not_assigned' }],
    ['P3: an administrator may not write in a dialog assigned to someone else', admin, toMaria, false, { ok: false, reason: 'not_assigned' }],
    ['H4: nobody writes to a blocked client, not even the responsible operator', maria, toMaria, true, { ok: false, reason: 'client_blocked' }],
    ['H4: a blocked client wins over not_assigned', ivan, toMaria, true, { ok: false, reason: 'client_blocked' }],
  ];
  for (const [name, op, assignee, blocked, expected] of writes) {
    it(name, () => {
      expect(canWrite(op, dialog('d', { assignee }), client('c', { blocked }))).to.deep.equal(expected);
    });
  }

  it('P3: the responsible operator may still write after closing the dialog (the message reopens it, H2)', () => {
    expect(canWrite(maria, dialog('d', { assignee: toMaria, status: 'closed' }), client('c'))).to.deep.equal({ ok: true });
  });

  it('P3: a detached dialog (no client) can be written to by its operator', () => {
    expect(canWrite(maria, dialog('d', { assignee: toMaria, clientId: null }), null)).to.deep.equal({ ok: true });
  });

  it('H1-H6: dialogActions gathers every header action', () => {
    const d = dialog('d', { assignee: toMaria });
    expect(dialogActions(maria, d, client('c'))).to.deep.equal({
      reassign: true,
      close: true,
      markUnread: true,
      block: true,
      detach: true,
      showAttachments: true,
      write: { ok: true },
    });
    expect(dialogActions(ivan, dialog('d', { assignee: toBot }), client('c'))).to.deep.equal({
      reassign: false,
      close: false,
      markUnread: true,
      block: false,
      detach: false,
      showAttachments: true,
      write: { ok: false, reason: 'not_assigned' },
    });
    const detached = dialog('d', { assignee: toMaria, clientId: null });
    const actions = dialogActions(maria, detached, null);
    expect(actions.detach, 'H5: nothing to detach').to.equal(false);
    expect(actions.block, 'H4: no client to block').to.equal(false);
  });

  it('assignee helpers compare kind and id', () => {
    expect(isAssignedTo(toMaria, maria)).to.equal(true);
    expect(isAssignedTo({ kind: 'bot', id: 'maria' }, maria)).to.equal(false);
    expect(isAssignedTo(null, maria)).to.equal(false);
    expect(sameAssignee(null, undefined)).to.equal(true);
    expect(sameAssignee(toBot, { kind: 'bot', id: 'bot1' })).to.equal(true);
    expect(sameAssignee(toBot, { kind: 'operator', id: 'bot1' })).to.equal(false);
    expect(sameAssignee(toBot, null)).to.equal(false);
  });
});
