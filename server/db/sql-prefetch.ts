/**
 * What a command on one dialog reads, read at its start in one round trip where the driver can
 * (`BatchExecutor.queryBatch` of `sql-rows.ts`): the dialog (locked), the message and quick reply an
 * idempotency id names (the message locked), the dialog's client and its read positions. They go
 * into the transaction's link, so the reads the command makes next are answered from there
 * (`sql-storage.ts`). The statements run in the order a command reads them one by one (dialog
 * lock before message lock, the lock order of every command), each seeing what committed before
 * it started, as one by one.
 */
import type { Id, QuickReply } from '../../sdk/model.js';
import {
  CLIENT_COLUMNS,
  DIALOG_COLUMNS,
  MESSAGE_COLUMNS,
  runStatements,
  toClient,
  toDialog,
  toMessage,
  type ClientRow,
  type DialogRow,
  type MessageRow,
  type Statement,
  type TxLink,
} from './sql-rows.js';

export type { BatchExecutor, Statement } from './sql-rows.js';

/** A transaction's link with what {@link prefetchDialog} also keeps: what is known absent. */
export interface PrefetchLink extends TxLink {
  /** Message ids known not to exist in this transaction (a write removes its id). */
  noMessage?: Set<Id>;
  /** Quick replies read in this transaction by id (`null`: none). */
  replies?: Map<Id, QuickReply | null>;
}

interface ReplyRow {
  id: string;
  title: string;
  text: string;
  created_by: string;
  created_at: number;
}
/** A quick reply's row as the model has it. */
export const toReply = (q: ReplyRow): QuickReply => ({ id: q.id, title: q.title, text: q.text, createdBy: q.created_by, createdAt: q.created_at });
export const REPLY_COLUMNS = 'id, title, text, created_by, created_at';

/**
 * Locks and reads a dialog and what a command on it reads next (see the file's comment); `id`: the
 * command's idempotency id. Does nothing once the dialog was read in this transaction.
 */
export async function prefetchDialog(link: PrefetchLink, dialogId: Id, id?: Id): Promise<void> {
  if (link.dialogs?.has(dialogId)) return;
  const statements: Statement[] = [
    { sql: `SELECT ${DIALOG_COLUMNS} FROM dialogs WHERE id = $1 FOR UPDATE`, params: [dialogId] },
    { sql: `SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = (SELECT client_id FROM dialogs WHERE id = $1)`, params: [dialogId] },
    { sql: 'SELECT operator_id, read_client_count, marked_unread FROM read_states WHERE dialog_id = $1', params: [dialogId] },
  ];
  if (id !== undefined) {
    statements.splice(1, 0, { sql: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1 FOR UPDATE`, params: [id] });
    statements.push({ sql: `SELECT ${REPLY_COLUMNS} FROM quick_replies WHERE id = $1`, params: [id] });
  }
  const [dialogs, ...rest] = await runStatements(link.tx, statements);
  const dialogRow = (dialogs as DialogRow[])[0];
  // No such dialog: nothing to keep (the command answers not found, reading it again).
  if (!dialogRow) return;
  const dialog = toDialog(dialogRow);
  (link.dialogs ??= new Map()).set(dialogId, dialog);
  if (id !== undefined) {
    const m = (rest.shift() as MessageRow[])[0];
    if (m) (link.messages ??= new Map()).set(m.id, toMessage(m));
    else if (!link.messages?.has(id)) (link.noMessage ??= new Set()).add(id);
  }
  const client = (rest.shift() as ClientRow[])[0];
  if (client && !link.clients?.has(client.id)) (link.clients ??= new Map()).set(client.id, toClient(client));
  const reads = rest.shift() as Array<{ operator_id: string; read_client_count: number; marked_unread: boolean }>;
  (link.reads ??= new Map()).set(dialogId, new Map(reads.map((r) => [r.operator_id, { dialogId, readClientCount: r.read_client_count, markedUnread: r.marked_unread }])));
  if (id !== undefined) {
    const reply = (rest.shift() as ReplyRow[])[0];
    (link.replies ??= new Map()).set(id, reply ? toReply(reply) : null);
  }
}
