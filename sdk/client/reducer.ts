/**
 * The event reducer: what one validated {@link ChatEvent} changes, computed from a read-only view
 * of the client's state. Pure: it changes nothing and talks to no one; the client applies the
 * answer (`ChatClient.apply`), so every rule of "an event moves this row, that message, this
 * dictionary" is unit-testable without a transport (`reducer.test.ts`).
 */
import type { Client, ClientRecord, ChatSettings, Dialog, Id, ListRow, Message, Operator, QuickReply, ReadState, Tag } from '../model.js';
import type { ChatEvent } from '../protocol.js';
import type { RowChange } from '../list/membership.js';
import { clientSummary } from '../rules/clients.js';
import { advanceStatus } from '../rules/status.js';

/** What the reducer reads of the client's state. */
export interface ReducerView {
  /** The row of a dialog the client holds. */
  row(id: Id): ListRow | undefined;
  /** The read position of a dialog the client holds. */
  read(id: Id): ReadState | undefined;
  /** A client record the client holds. */
  client(id: Id | null): ClientRecord | undefined;
  /** Every dialog the client holds. */
  dialogs(): Iterable<Dialog>;
  /** A message of a loaded feed. */
  message(dialogId: Id, id: Id): Message | undefined;
  tags(): readonly Tag[];
  operators(): readonly Operator[];
  me(): Operator | null;
}

/** A row the list moves (`change`), and then holds or lets go (`place`, when given). */
export interface RowEffect {
  change: RowChange;
  place?: { row: ListRow; fullClient?: Client | null | undefined } | undefined;
}

/** What an event changes, in the order the client applies it. */
export interface EventEffects {
  /** A send the backend has: it leaves the outbox. */
  acknowledged?: Id | undefined;
  /** N1: a new message that may alert (decided before its row is held or let go: an alert pins it). */
  alert?: { message: Message; dialog: Dialog; client: ClientRecord | null | undefined } | undefined;
  /** Rows of the list, in order. */
  rows: RowEffect[];
  /** A dialog let go everywhere (feed, alerts, active dialog). */
  removed?: Id | undefined;
  /** A message placed in its feed. */
  message?: Message | undefined;
  /** A message's new version (its status moved). */
  updated?: Message | undefined;
  /** A client's full record, where held. */
  client?: Client | undefined;
  tags?: Tag[] | undefined;
  operators?: { operators: Operator[]; me: Operator | null } | undefined;
  quickReply?: QuickReply | undefined;
  settings?: ChatSettings | undefined;
}

/** What `event` changes, given the state seen through `view`. Applying the same event twice changes nothing more. */
export function reduceEvent(view: ReducerView, event: ChatEvent): EventEffects {
  switch (event.type) {
    case 'message.created': {
      // The row held is looked up only for what the event does not carry (it makes a client summary).
      const known = event.client === undefined || event.read === undefined ? view.row(event.dialog.id) : undefined;
      const now: ListRow = {
        dialog: event.dialog,
        client: event.client !== undefined ? event.client : (known?.client ?? null),
        read: event.read !== undefined ? event.read : (known?.read ?? null),
      };
      const text = event.message.kind === 'text' ? event.message.text : undefined;
      const message = { id: event.message.id, n: event.message.n };
      return {
        // The backend has it: no need to send it again after a reconnect.
        acknowledged: event.message.id,
        alert: { message: event.message, dialog: event.dialog, client: now.client ?? view.client(event.dialog.clientId) },
        rows: [{ change: { id: event.dialog.id, was: event.was, now, text, message }, place: { row: now } }],
        message: event.message,
      };
    }
    case 'message.status': {
      const m = view.message(event.dialogId, event.messageId);
      const updated = m && { ...m, status: advanceStatus(m.status, event.status, { retry: event.status.state === 'queued' }) };
      return { rows: [], updated };
    }
    case 'dialog.upserted': {
      const known = view.row(event.dialog.id);
      const now: ListRow = { dialog: event.dialog, client: event.client && clientSummary(event.client), read: event.read !== undefined ? event.read : (known?.read ?? null) };
      return { rows: [{ change: { id: event.dialog.id, was: event.was, now }, place: { row: now, fullClient: event.client } }] };
    }
    case 'dialog.removed':
      return { rows: [{ change: { id: event.dialogId, was: event.was, now: null } }], removed: event.dialogId };
    case 'client.updated': {
      const c = event.client;
      const summary = clientSummary(c);
      const rows: RowEffect[] = [];
      if (event.dialogs) {
        const reads = new Map((event.readStates ?? []).map((r) => [r.dialogId, r]));
        for (const d of event.dialogs) {
          const read = reads.get(d.id) ?? view.read(d.id) ?? null;
          const was = event.was === undefined ? undefined : { dialog: d, client: event.was, read };
          const row = { dialog: d, client: summary, read };
          rows.push({ change: { id: d.id, was, now: row, renamed: event.was !== undefined && event.was.name !== c.name }, place: { row } });
        }
      } else {
        // The backend did not say which dialogs: those held move, and the counts are asked again.
        for (const d of view.dialogs()) {
          if (d.clientId !== c.id) continue;
          const row = { dialog: d, client: summary, read: view.read(d.id) ?? null };
          rows.push({ change: { id: d.id, was: undefined, now: row }, place: { row } });
        }
      }
      return { rows, client: c };
    }
    case 'read.updated': {
      const r = event.readState;
      const known = view.row(r.dialogId);
      const dialog = event.dialog ?? known?.dialog;
      if (!dialog) return { rows: [{ change: { id: r.dialogId, was: undefined, now: null, readOnly: true } }] };
      const client = known?.client ?? null;
      const was = event.was === undefined ? undefined : { dialog, client, read: event.was };
      const now: ListRow = { dialog, client, read: r };
      return { rows: [{ change: { id: r.dialogId, was, now, readOnly: true }, place: { row: now } }] };
    }
    case 'tag.upserted':
      return { rows: [], tags: [...view.tags().filter((t) => t.id !== event.tag.id), event.tag] };
    case 'operator.updated': {
      const me = view.me();
      return {
        rows: [],
        operators: { operators: view.operators().map((o) => (o.id === event.operator.id ? event.operator : o)), me: me?.id === event.operator.id ? event.operator : me },
      };
    }
    case 'quickreply.created':
      return { rows: [], quickReply: event.quickReply };
    case 'settings.updated':
      return { rows: [], settings: event.settings };
  }
}
