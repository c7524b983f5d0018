/**
 * The read commands: the first snapshot, list pages with counts and search hits (L6), one dialog
 * or client, history pages, attachments, and the replay of missed events with H1 applied.
 * Browser-safe.
 */
import type { DialogPage, Id, Message, Operator, ReadState, SearchHit } from '../../../sdk/model.js';
import { ChatCommandError, type ChatEvent, type CommandInput, type CommandResult } from '../../../sdk/protocol.js';
import { clientSummary } from '../../../sdk/rules/clients.js';
import { canSeeDialog } from '../../../sdk/rules/permissions.js';
import { decodeCursor, defaultQuery, encodeCursor, sortKey, type DialogQuery } from '../../../sdk/rules/query.js';
import { cutText, searchSnippet, SNIPPET_AFTER, textProblem } from '../../../sdk/rules/text.js';
import { visibleDialog, clientOf } from '../access.js';
import type { Storage } from '../storage.js';

/** Rows of a list page unless asked otherwise. */
const DEFAULT_PAGE = 50;

/**
 * L6: the rows' matched messages as excerpts. Where the match cannot be placed again in the
 * message's own characters (a storage folding otherwise), the excerpt is the message's start.
 */
function searchHits(matched: Map<Id, Message>, search: string): SearchHit[] {
  const out: SearchHit[] = [];
  for (const [dialogId, m] of matched) {
    const sn = searchSnippet(m.text, search) ?? { text: cutText(m.text, SNIPPET_AFTER), match: [0, 0] as [number, number] };
    out.push({ dialogId, messageId: m.id, n: m.n, snippet: sn.text, match: sn.match });
  }
  return out;
}

/**
 * The operator's events after `since`. H1 holds for the replay too: an event about a dialog the
 * operator may no longer see (reassigned away, deleted) is replayed as what its end state says,
 * `dialog.removed`, under the same `seq`, never with the messages it carried then.
 */
export async function eventsSince(storage: Storage, op: Operator, since: number): Promise<CommandResult<'eventsSince'>> {
  const seq = await storage.lastSeq(op.id);
  const events = await storage.eventsSince(op.id, since);
  if (!events) return { gap: true, seq };
  const about = (e: ChatEvent): Id | null =>
    e.type === 'message.created'
      ? e.message.dialogId
      : e.type === 'message.status' || e.type === 'dialog.removed'
        ? e.dialogId
        : e.type === 'dialog.upserted'
          ? e.dialog.id
          : e.type === 'read.updated'
            ? e.readState.dialogId
            : null;
  const hidden = new Map<Id, 'deleted' | 'access_lost'>();
  const ids = new Set(events.map(about).filter((x): x is Id => x !== null));
  for (const e of events) if (e.type === 'client.updated') for (const d of e.dialogs ?? []) ids.add(d.id);
  for (const id of ids) {
    const d = await storage.dialog(id);
    if (!d) hidden.set(id, 'deleted');
    else if (!canSeeDialog(op, d)) hidden.set(id, 'access_lost');
  }
  // What the operator no longer sees replays as its removal; rows before and after of it are
  // left out (they would show its last message), so the SDK counts that list again.
  const replayed = events.map((e): ChatEvent => {
    const id = about(e);
    const reason = id === null ? undefined : hidden.get(id);
    if (!reason || id === null) {
      if (e.type !== 'client.updated' || !e.dialogs?.some((d) => hidden.has(d.id))) return e;
      return { ...e, dialogs: e.dialogs.filter((d) => !hidden.has(d.id)), readStates: e.readStates?.filter((r) => !hidden.has(r.dialogId)) };
    }
    // Her own read position stays hers (H3); only the dialog it was about is left out.
    if (e.type === 'read.updated') return { seq: e.seq, type: 'read.updated', readState: e.readState };
    return { seq: e.seq, type: 'dialog.removed', dialogId: id, reason };
  });
  return { gap: false, events: replayed, seq };
}

export async function bootstrap(s: Storage, op: Operator, input: CommandInput<'bootstrap'>): Promise<CommandResult<'bootstrap'>> {
  const list = await page(s, op, { query: input.query ?? defaultQuery(), limit: input.limit ?? DEFAULT_PAGE, counts: ['total', 'unread'] });
  return {
    me: op,
    operators: await s.operators(),
    bots: await s.bots(),
    channels: await s.channels(),
    tags: await s.tags(),
    quickReplies: await s.quickReplies(),
    settings: await s.settings(),
    list,
    seq: list.seq,
  };
}

/**
 * A page of the list by keyset cursor (the sort key of the last row given), with the counts
 * asked for and the event head it reflects, all read from one consistent view.
 */
export function page(
  storage: Storage,
  op: Operator,
  input: { query: DialogQuery; cursor?: string | undefined; limit?: number | undefined; counts?: CommandInput<'listDialogs'>['counts'] },
): Promise<DialogPage> {
  const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
  if (input.cursor !== undefined && !after) throw new ChatCommandError('validation', 'cursor: not a cursor this server gave.', 'cursor', 400);
  const limit = input.limit ?? DEFAULT_PAGE;
  return storage.snapshot(async (s) => {
    const seq = await s.lastSeq(op.id);
    const settings = await s.settings();
    const rows = limit > 0 ? await s.listPage(op, input.query, after, limit + 1) : [];
    const more = rows.length > limit;
    const dialogs = more ? rows.slice(0, limit) : rows;
    const last = dialogs[dialogs.length - 1];
    const clientIds = [...new Set(dialogs.flatMap((d) => (d.clientId ? [d.clientId] : [])))];
    const search = input.query.search.trim();
    return {
      dialogs,
      clients: s.clientSummaries ? await s.clientSummaries(clientIds) : (await s.clients(clientIds)).map(clientSummary),
      readStates: await s.readStatesOf(
        op.id,
        dialogs.map((d) => d.id),
      ),
      cursor: more && last ? encodeCursor(sortKey(last, input.query.sort, settings)) : null,
      counts: input.counts?.length ? await s.listCounts(op, input.query, input.counts) : {},
      ...(search
        ? {
            hits: searchHits(
              await s.matchedMessages(
                dialogs.map((d) => d.id),
                search,
              ),
              search,
            ),
          }
        : {}),
      seq,
    };
  });
}

export async function getDialog(s: Storage, op: Operator, dialogId: Id): Promise<CommandResult<'getDialog'>> {
  const dialog = await visibleDialog(s, op, dialogId);
  return { dialog, client: await clientOf(s, dialog), readState: (await s.readState(op.id, dialogId)) ?? null };
}

/**
 * A client's whole record, with the dialogs of theirs the operator sees (a CRM's client card).
 * A client none of whose dialogs the operator sees does not exist for them (H1); an
 * administrator also sees a client with no dialog left (H5: detached).
 */
export async function getClient(s: Storage, op: Operator, clientId: Id): Promise<CommandResult<'getClient'>> {
  const client = textProblem(clientId, { singleLine: true }) ? undefined : await s.client(clientId);
  const dialogs = client ? (await s.dialogsOfClient(clientId)).filter((d) => canSeeDialog(op, d)) : [];
  if (!client || (!dialogs.length && op.role !== 'administrator')) throw new ChatCommandError('not_found', `Client ${clientId} not found.`, 'clientId');
  dialogs.sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shown = dialogs.slice(0, 50);
  const reads = await Promise.all(shown.map((d) => s.readState(op.id, d.id)));
  return { client, dialogs: shown, readStates: reads.filter((r): r is ReadState => !!r) };
}

export async function loadMessages(s: Storage, op: Operator, input: CommandInput<'loadMessages'>): Promise<CommandResult<'loadMessages'>> {
  await visibleDialog(s, op, input.dialogId);
  const limit = input.limit ?? 50;
  const messages = await s.messages(input.dialogId, input.before, limit);
  const first = messages[0];
  return { dialogId: input.dialogId, messages, cursor: first && first.n > 1 ? first.n : null };
}

export async function listAttachments(s: Storage, op: Operator, input: CommandInput<'listAttachments'>): Promise<CommandResult<'listAttachments'>> {
  await visibleDialog(s, op, input.dialogId);
  const all = await s.attachments(input.dialogId, input.kind);
  const start = input.cursor ?? 0;
  const limit = input.limit ?? 60;
  const items = all.slice(start, start + limit).map(({ attachment, message }) => ({ attachment, messageId: message.id, author: message.author, createdAt: message.createdAt }));
  return { dialogId: input.dialogId, items, total: all.length, cursor: start + limit < all.length ? start + limit : null };
}
