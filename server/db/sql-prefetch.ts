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
  DIALOG_READ,
  keepDialog,
  MESSAGE_COLUMNS,
  runStatements,
  toClient,
  toMessage,
  type ClientRow,
  type DialogRow,
  type MessageRow,
  type BatchExecutor,
  type ReadAhead,
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

/** What {@link prefetchDialog} reads, in order; `skip`: ` SKIP LOCKED` when read ahead. */
function prefetchStatements(dialogId: Id, id: Id | undefined, skip: string): Statement[] {
  const statements: Statement[] = [
    { sql: `SELECT ${DIALOG_READ} FROM dialogs WHERE id = $1 FOR UPDATE${skip}`, params: [dialogId] },
    { sql: `SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = (SELECT client_id FROM dialogs WHERE id = $1)`, params: [dialogId] },
    { sql: 'SELECT operator_id, read_client_count, marked_unread FROM read_states WHERE dialog_id = $1', params: [dialogId] },
  ];
  if (id !== undefined) {
    statements.splice(1, 0, { sql: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1 FOR UPDATE${skip}`, params: [id] });
    statements.push({ sql: `SELECT ${REPLY_COLUMNS} FROM quick_replies WHERE id = $1`, params: [id] });
  }
  return statements;
}

/**
 * What a send reads first, to be read ahead in an earlier command's round trip (`pg-batch.ts`):
 * the same statements, passing over a dialog or message another transaction holds (what a
 * command waits for, it reads itself when it starts), then whether the message exists. The rows
 * are the command's only when its dialog was locked and, if its message exists, that too.
 */
export function readAheadOf(dialogId: Id, id?: Id): ReadAhead {
  const statements = prefetchStatements(dialogId, id, ' SKIP LOCKED');
  const answers = statements.length;
  if (id !== undefined) statements.push({ sql: 'SELECT EXISTS (SELECT 1 FROM messages WHERE id = $1) AS found', params: [id] });
  return {
    key: dialogId,
    statements,
    answers,
    usable: (rows) => rows[0]!.length > 0 && (id === undefined || rows[1]!.length > 0 || !(rows[answers] as Array<{ found: boolean }>)[0]!.found),
  };
}

/**
 * Locks and reads a dialog and what a command on it reads next (see the file's comment); `id`: the
 * command's idempotency id. Does nothing once the dialog was read in this transaction.
 */
export async function prefetchDialog(link: PrefetchLink, dialogId: Id, id?: Id): Promise<void> {
  if (link.dialogs?.has(dialogId)) return;
  const statements = prefetchStatements(dialogId, id, '');
  const tx: BatchExecutor = link.tx;
  const [dialogs, ...rest] = tx.readAhead ? await tx.readAhead(statements) : await runStatements(tx, statements);
  const dialogRow = (dialogs as DialogRow[])[0];
  // No such dialog: nothing to keep (the command answers not found, reading it again).
  if (!dialogRow) return;
  keepDialog(link, dialogRow);
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
