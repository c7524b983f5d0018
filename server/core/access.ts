/**
 * Reading what a command works on, with the operator's rights applied (H1): the dialogs and
 * clients an operator sees, channels, who sees a dialog. Shared by reads and writes. Browser-safe.
 */
import type { Channel, Client, ClientSummary, Dialog, Id, Operator } from '../../sdk/model.js';
import { ChatCommandError } from '../../sdk/protocol.js';
import { clientSummary } from '../../sdk/rules/clients.js';
import { canSeeDialog } from '../../sdk/rules/permissions.js';
import { textProblem } from '../../sdk/rules/text.js';
import type { Storage } from './storage.js';

/** The answer to an id an earlier request used for another message, sender or kind of object. */
export const conflict = (id: Id): ChatCommandError => new ChatCommandError('conflict', `id: ${id} is already used by another message, sender or kind of object.`, 'id', 409);

/** The operator, or `unauthorized`. */
export async function operatorOf(s: Storage, id: Id): Promise<Operator> {
  const op = (await s.operators()).find((o) => o.id === id);
  if (!op) throw new ChatCommandError('unauthorized', 'Unknown operator.');
  return op;
}

/** A dialog the operator sees; any other does not exist for them (H1): same answer, no leak. */
export async function visibleDialog(s: Storage, op: Operator, dialogId: Id): Promise<Dialog> {
  const d = textProblem(dialogId, { singleLine: true }) ? undefined : await s.dialog(dialogId);
  if (!d || !canSeeDialog(op, d)) throw new ChatCommandError('not_found', `Dialog ${dialogId} not found.`, 'dialogId');
  return d;
}

/** A client and its dialogs, when the operator sees at least one of them (404 otherwise: H1). */
export async function visibleClient(s: Storage, op: Operator, clientId: Id): Promise<{ client: Client; all: Dialog[]; visible: Dialog[] }> {
  const client = await s.client(clientId);
  // H4, T6: what concerns the client concerns every dialog it has, also those the operator does not see.
  const all = client ? await s.dialogsOfClient(clientId) : [];
  const visible = all.filter((d) => canSeeDialog(op, d));
  if (!client || visible.length === 0) throw new ChatCommandError('not_found', `Client ${clientId} not found.`, 'clientId', 404);
  return { client, all, visible };
}

/** A dialog's channel (always there: `internal` otherwise). */
export async function channelOf(s: Storage, id: Id): Promise<Channel> {
  const c = (await s.channels()).find((x) => x.id === id);
  if (!c) throw new ChatCommandError('internal', `Channel ${id} is missing.`);
  return c;
}

/** A dialog's client, `null` once detached (H5). */
export async function clientOf(s: Storage, d: Dialog): Promise<Client | null> {
  return d.clientId ? ((await s.client(d.clientId)) ?? null) : null;
}

/** A client as the list shows it, or `null`. */
export async function summaryOf(s: Storage, clientId: Id | null): Promise<ClientSummary | null> {
  const c = clientId ? await s.client(clientId) : undefined;
  return c ? clientSummary(c) : null;
}

/** Operators who may see a dialog in the state given (H1). */
export async function audience(s: Storage, dialog: Pick<Dialog, 'assignee'>): Promise<Id[]> {
  return (await s.operators()).filter((o) => canSeeDialog(o, dialog)).map((o) => o.id);
}
