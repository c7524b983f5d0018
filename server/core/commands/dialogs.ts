/** Commands on a dialog: close and reopen, reassign (H1), read marks (H3), detach (H5), delete. Browser-safe. */
import type { Assignee, Dialog, Id, Operator } from '../../../sdk/model.js';
import { ChatCommandError, type CommandInput, type CommandResult, type DeleteResult } from '../../../sdk/protocol.js';
import { canDelete, canManage, canReassign, canSeeDialog, sameAssignee } from '../../../sdk/rules/permissions.js';
import { visibleDialog, summaryOf, audience } from '../access.js';
import type { Unit } from '../unit.js';

export async function setStatus(u: Unit, op: Operator, dialogId: Id, status: 'open' | 'closed'): Promise<Dialog> {
  const dialog = await visibleDialog(u.s, op, dialogId);
  if (!canManage(op, dialog)) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may do this.', undefined, 403);
  if (dialog.status === status) return dialog;
  const m = await u.changeStatus(dialog, status, { kind: 'operator', id: op.id });
  await u.publishDialog(dialog, [m]);
  return dialog;
}

export async function reassign(u: Unit, op: Operator, input: CommandInput<'reassignDialog'>): Promise<Dialog> {
  const { s } = u;
  const dialog = await visibleDialog(s, op, input.dialogId);
  if (!canReassign(op, dialog)) throw new ChatCommandError('forbidden', 'Only an administrator or the responsible operator may reassign.', undefined, 403);
  const to: Assignee = input.to;
  const exists = to.kind === 'operator' ? (await s.operators()).some((o) => o.id === to.id) : (await s.bots()).some((b) => b.id === to.id);
  if (!exists) throw new ChatCommandError('not_found', `to.id: no such ${to.kind}.`, 'to.id', 404);
  if (sameAssignee(dialog.assignee, to)) return dialog;
  const m = await u.append(dialog, u.systemMessage({ type: 'reassigned', by: { kind: 'operator', id: op.id }, from: dialog.assignee, to }));
  dialog.assignee = to; // H1: a closed dialog stays closed.
  await u.publishDialog(dialog, [m]);
  return dialog;
}

export async function mark(u: Unit, op: Operator, dialogId: Id, unread: boolean): Promise<CommandResult<'markRead'>> {
  const dialog = await visibleDialog(u.s, op, dialogId);
  const current = (await u.s.readState(op.id, dialogId)) ?? { dialogId, readClientCount: 0, markedUnread: false };
  // H3: only for this operator.
  const next = unread ? { ...current, markedUnread: true } : { dialogId, readClientCount: dialog.clientMessageCount, markedUnread: false };
  await u.putRead(op.id, dialog, next);
  return next;
}

export async function detach(u: Unit, op: Operator, dialogId: Id): Promise<Dialog> {
  const dialog = await visibleDialog(u.s, op, dialogId);
  if (!canManage(op, dialog)) throw new ChatCommandError('forbidden', 'Only the responsible operator or an administrator may detach the client.', undefined, 403);
  if (dialog.clientId === null) return dialog;
  // H5: the client is not deleted; only the link goes.
  dialog.clientId = null;
  const m = await u.append(dialog, u.systemMessage({ type: 'client_detached', by: { kind: 'operator', id: op.id } }));
  await u.publishDialog(dialog, [m]);
  return dialog;
}

export async function deleteDialogs(u: Unit, op: Operator, ids: Id[]): Promise<{ results: DeleteResult[] }> {
  const { s } = u;
  const results: DeleteResult[] = [];
  for (const id of [...new Set(ids)]) {
    const d = await s.dialog(id);
    if (!d || !canSeeDialog(op, d)) {
      results.push({ dialogId: id, ok: false, reason: 'not_found' });
      continue;
    }
    if (!canDelete(op)) {
      results.push({ dialogId: id, ok: false, reason: 'forbidden' });
      continue;
    }
    const seeing = await audience(s, d);
    const reads = await s.dialogReadStates(id);
    const client = await summaryOf(s, d.clientId);
    await s.deleteDialog(id);
    u.emitEach(seeing, (opId) => ({ type: 'dialog.removed', dialogId: id, reason: 'deleted', was: { dialog: d, client, read: reads.get(opId) ?? null } }));
    results.push({ dialogId: id, ok: true });
  }
  return { results };
}
