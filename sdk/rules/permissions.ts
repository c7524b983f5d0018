/** H1, H4, P3, D4: who may do what. The reference server enforces exactly these. */
import type { Assignee, Client, Dialog, FailureReason, Operator } from '../model.js';

/** Whether `assignee` is the operator `op`. */
export function isAssignedTo(assignee: Assignee | null, op: Pick<Operator, 'id'>): boolean {
  return assignee?.kind === 'operator' && assignee.id === op.id;
}

/** Whether two assignees are the same. */
export function sameAssignee(a: Assignee | null | undefined, b: Assignee | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.kind === b.kind && a.id === b.id;
}

/**
 * H1: who sees a dialog and its history. An administrator sees everything; an operator sees
 * dialogs assigned to them, unassigned ones, and those held by a bot. After a reassignment to
 * another operator, the previous responsible operator no longer sees it.
 */
export function canSeeDialog(op: Operator, dialog: Pick<Dialog, 'assignee'>): boolean {
  if (op.role === 'administrator') return true;
  const a = dialog.assignee;
  return a === null || a.kind === 'bot' || a.id === op.id;
}

/** H1: only an administrator and the dialog's responsible operator may reassign (closed dialogs too). */
export function canReassign(op: Operator, dialog: Pick<Dialog, 'assignee'>): boolean {
  return op.role === 'administrator' || isAssignedTo(dialog.assignee, op);
}

/** H2, H4, H5: close, reopen, block, detach: administrator, responsible operator, or anyone on an unassigned dialog. */
export function canManage(op: Operator, dialog: Pick<Dialog, 'assignee'>): boolean {
  return op.role === 'administrator' || dialog.assignee === null || isAssignedTo(dialog.assignee, op);
}

/** F2: only an administrator changes the chat settings (the response-time limit). */
export function canEditSettings(op: Pick<Operator, 'role'>): boolean {
  return op.role === 'administrator';
}

/** D4: deleting dialogs needs the matching right in the operator's group. */
export function canDelete(op: Operator): boolean {
  return op.rights.deleteDialogs;
}

/** Answer of {@link canWrite}. */
export type WriteCheck = { ok: true } | { ok: false; reason: Extract<FailureReason, 'not_assigned' | 'client_blocked'> };

/**
 * P3, H4, S5: whether `op` may send in `dialog`. The responsible operator may write, also
 * after a close (which reopens it, H2); anyone may write in an unassigned dialog (and takes it).
 * Once the dialog was reassigned to another operator or a bot, the previous one may not
 * (`not_assigned`). Nobody may write to a blocked client (`client_blocked`).
 */
export function canWrite(op: Operator, dialog: Pick<Dialog, 'assignee'>, client: Pick<Client, 'blocked'> | null | undefined): WriteCheck {
  if (client?.blocked) return { ok: false, reason: 'client_blocked' };
  if (dialog.assignee === null || isAssignedTo(dialog.assignee, op)) return { ok: true };
  return { ok: false, reason: 'not_assigned' };
}

/** The actions of the chat header (H1-H6) an operator is offered on a dialog. */
export interface DialogActions {
  reassign: boolean;
  close: boolean;
  markUnread: boolean;
  block: boolean;
  detach: boolean;
  showAttachments: boolean;
  write: WriteCheck;
}

/** H1-H6, P3: every header action the operator may take, in one call for the UI. */
export function dialogActions(op: Operator, dialog: Dialog, client: Pick<Client, 'blocked'> | null | undefined): DialogActions {
  const manage = canManage(op, dialog);
  return {
    reassign: canReassign(op, dialog),
    close: manage,
    markUnread: canSeeDialog(op, dialog),
    block: manage && !!client,
    detach: manage && dialog.clientId !== null,
    showAttachments: canSeeDialog(op, dialog),
    write: canWrite(op, dialog, client),
  };
}
