/**
 * One command's work ({@link Unit}): the transaction it reads and writes through, the events it
 * emits (their audience and fan-out per operator), and what waits for the commit. The helpers
 * every write shares live here: appending a message, closing and reopening, publishing a dialog
 * or a client to those who see it, read positions, message statuses. Browser-safe.
 */
import type { Author, Client, ClientSummary, Dialog, Id, ListRow, Message, MessageStatus, ReadState, SystemEvent } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import { clientSummary } from '../../sdk/rules/clients.js';
import { canSeeDialog, sameAssignee } from '../../sdk/rules/permissions.js';
import { advanceStatus } from '../../sdk/rules/status.js';
import { audience, clientOf, conflict, summaryOf } from './access.js';
import { cloneData } from './clone.js';
import { applyMessage } from './derive.js';
import type { DeliveryPlace } from './simulation.js';
import type { Storage, UnnumberedEvent } from './storage.js';

/** What a unit needs of the core that runs it. */
export interface UnitDeps {
  now(): number;
  /** Generates server-side ids. */
  newId(): Id;
  /**
   * Starts delivering a message (after the commit): simulated here or handed to the simulating
   * server. `where`: its dialog and channel, when the caller has them (saves reading them again).
   */
  handOver(messageId: Id, where?: DeliveryPlace): void;
  /** Tells of a message to deliver inside the transaction `tx`, where it can; answers whether it did. */
  handOverInTransaction?(tx: Storage, messageId: Id, where: DeliveryPlace): Promise<boolean>;
}

/**
 * A storage that can store a message's new status alone (one column, not the whole row). Optional,
 * as `DialogPrefetch` (`commands/messages.ts`): the SQL storage has it; nothing changes in what is stored.
 */
export interface StatusWrite {
  /**
   * Stores `message`, whose only change since it was read in this transaction is its status, and
   * when the simulated client will read it (`readDue`, ms since the epoch; null or omitted: no read
   * to come). A `delivered` message with a read to come is among `pendingDeliveries()`.
   */
  putMessageStatus(message: Message, readDue?: number | null): Promise<void>;
}

/** An event of a unit, numbered at the end of the unit. */
export interface PendingEvent {
  operatorId: Id;
  event: UnnumberedEvent;
}

/**
 * One command's work. Nothing leaves a command before its transaction commits: events are
 * numbered inside it and told to listeners after, and simulated deliveries start after.
 */
export class Unit {
  /**
   * Events of the command, in order: numbered together at the end of the transaction (each
   * operator's counter is then held only until the commit), told to listeners once it commits.
   */
  readonly events: PendingEvent[] = [];
  /** Work started once it commits. */
  readonly after: Array<() => void> = [];
  /** The command answered what an earlier request with the same id created (idempotent replay). */
  replayed = false;

  constructor(
    /** The transaction. */
    readonly s: Storage,
    readonly deps: UnitDeps,
  ) {}

  /**
   * Starts delivering a message once the unit commits: told to the server that simulates inside
   * this transaction where the core can (it hears only if the unit commits), else after the commit.
   */
  async deliverAfterCommit(messageId: Id, where: DeliveryPlace): Promise<void> {
    if (await this.deps.handOverInTransaction?.(this.s, messageId, where)) return;
    this.after.push(() => this.deps.handOver(messageId, where));
  }

  /** Adds `event` for each operator; it is numbered at the unit's end and heard after the commit. */
  emit(operatorIds: Iterable<Id>, event: UnnumberedEvent): void {
    this.emitEach(operatorIds, () => event);
  }

  /**
   * {@link emit} with each operator's own event (their rows, their read positions). The event is
   * copied now: the unit may change the dialog after, and the event says what it was here. The
   * operators' events are copied together, so what they share (the message, the dialog) is copied
   * once; nothing changes an event once emitted (the bus gives each listener its own copy).
   */
  emitEach(operatorIds: Iterable<Id>, event: (operatorId: Id) => UnnumberedEvent): void {
    const ops = [...new Set(operatorIds)];
    const copies = cloneData(ops.map(event), new Map());
    ops.forEach((operatorId, i) => this.events.push({ operatorId, event: copies[i]! }));
  }

  /** Numbers the unit's events in its transaction, all at once where the storage can. */
  async numberEvents(): Promise<Array<{ operatorId: Id; event: ChatEvent }>> {
    const { events, s } = this;
    if (events.length === 0) return [];
    let numbered: ChatEvent[];
    // The unit's last statement: a storage may commit with it.
    if (s.appendEvents) numbered = await s.appendEvents(events, { last: true });
    else {
      numbered = [];
      for (const e of events) numbered.push(await s.appendEvent(e.operatorId, e.event));
    }
    return events.map((e, i) => ({ operatorId: e.operatorId, event: numbered[i]! }));
  }

  /**
   * Refuses an id an earlier request used for anything else than `same` accepts (another dialog,
   * sender or kind of object: `409 conflict`); answers the message it names when `same` accepts it.
   */
  async replayable(id: Id, same: (m: Message) => boolean): Promise<Message | undefined> {
    const existing = await this.s.message(id);
    if (existing) {
      if (!same(existing)) throw conflict(id);
      this.replayed = true;
      return existing;
    }
    if (await this.s.quickReply(id)) throw conflict(id);
    return undefined;
  }

  /**
   * Appends a message to a dialog, updating the dialog's derived fields (`derive.ts`). Its time is
   * never earlier than the dialog's latest message: instances whose clocks disagree (or a clock set
   * back) keep a dialog's times in the order of its messages, so the feed never shows a reply
   * timed before what it answers, nor a day's separator twice.
   */
  async append(dialog: Dialog, m: Omit<Message, 'n' | 'dialogId'>): Promise<Message> {
    const createdAt = Math.max(m.createdAt, dialog.lastMessage?.createdAt ?? dialog.createdAt);
    const msg: Message = { ...m, createdAt, dialogId: dialog.id, n: dialog.lastN + 1 };
    applyMessage(dialog, msg);
    await this.s.putMessage(msg);
    return msg;
  }

  /** A system event for a dialog's feed, made now. */
  systemMessage(event: SystemEvent): Omit<Message, 'n' | 'dialogId'> {
    return { id: this.deps.newId(), kind: 'event', author: { kind: 'system', id: '' }, text: '', attachments: [], event, createdAt: this.deps.now() };
  }

  /**
   * Closes or reopens a dialog, with the `closed` or `reopened` event in its feed (which also moves
   * `openedAt` and ends a wait: `derive.ts`). `by` is `null` when the system reopens it (H2).
   */
  changeStatus(dialog: Dialog, status: 'open' | 'closed', by: Author | null): Promise<Message> {
    dialog.status = status;
    return this.append(dialog, this.systemMessage({ type: status === 'closed' ? 'closed' : 'reopened', by }));
  }

  /** H2: a new message (from the client or an operator) reopens a closed dialog, with a `reopened` event in the feed first. */
  async reopenForMessage(dialog: Dialog): Promise<Message[]> {
    return dialog.status === 'closed' ? [await this.changeStatus(dialog, 'open', null)] : [];
  }

  /**
   * Saves a dialog and tells everyone who sees it; those who no longer do are told it is gone.
   * Each operator's event carries their row before (`was`: the dialog as stored until now, or
   * `null` when they did not see it) and after (the dialog, its client's summary, their read
   * position), so their lists and counts move exactly (docs/lists-at-scale.md).
   */
  async publishDialog(dialog: Dialog, messages: Message[] = []): Promise<void> {
    const { s } = this;
    const stored = await s.dialog(dialog.id);
    await s.putDialog(dialog);
    const ops = await s.operators();
    const reads = await s.dialogReadStates(dialog.id);
    const client = await clientOf(s, dialog);
    const summary = client && clientSummary(client);
    const storedClient = !stored ? null : stored.clientId === dialog.clientId ? summary : await summaryOf(s, stored.clientId);
    const now = ops.filter((o) => canSeeDialog(o, dialog));
    const wasRow = (op: Id): ListRow | null => {
      const o = ops.find((x) => x.id === op);
      return stored && o && canSeeDialog(o, stored) ? { dialog: stored, client: storedClient, read: reads.get(op) ?? null } : null;
    };
    const afterRow = (op: Id): ListRow => ({ dialog, client: summary, read: reads.get(op) ?? null });
    const lost = stored ? ops.filter((o) => canSeeDialog(o, stored) && !now.includes(o)) : [];
    this.emitEach(
      lost.map((o) => o.id),
      (op) => ({ type: 'dialog.removed', dialogId: dialog.id, reason: 'access_lost', was: wasRow(op) }),
    );
    const ids = now.map((o) => o.id);
    if (messages.length === 0) {
      this.emitEach(ids, (op) => ({ type: 'dialog.upserted', dialog, client, read: reads.get(op) ?? null, was: wasRow(op) }));
      return;
    }
    let first = true;
    if (stored && !sameAssignee(stored.assignee, dialog.assignee)) {
      // Newcomers need the dialog and its client before its messages.
      this.emitEach(ids, (op) => ({ type: 'dialog.upserted', dialog, client, read: reads.get(op) ?? null, was: wasRow(op) }));
      first = false;
    }
    for (const m of messages) {
      const was = first ? wasRow : afterRow;
      this.emitEach(ids, (op) => ({ type: 'message.created', message: m, dialog, client: summary, read: reads.get(op) ?? null, was: was(op) }));
      first = false;
    }
  }

  /**
   * Tells everyone who sees one of a client's dialogs that the client changed, with the client as
   * the list showed it and, per operator, the client's dialogs they see (T7 and the list move for
   * each of them).
   */
  async publishClient(client: Client, was: ClientSummary, all: Dialog[]): Promise<void> {
    const ops = await this.s.operators();
    const readsOf = new Map<Id, Map<Id, ReadState>>();
    for (const d of all) readsOf.set(d.id, await this.s.dialogReadStates(d.id));
    const seeing = ops.filter((o) => all.some((d) => canSeeDialog(o, d)));
    this.emitEach(
      seeing.map((o) => o.id),
      (opId) => {
        const o = seeing.find((x) => x.id === opId)!;
        const dialogs = all.filter((d) => canSeeDialog(o, d));
        const readStates = dialogs.flatMap((d) => {
          const r = readsOf.get(d.id)?.get(opId);
          return r ? [r] : [];
        });
        return { type: 'client.updated', client, was, dialogs, readStates };
      },
    );
  }

  /** Stores an operator's read position and tells them, with the one it replaces (N2 moves by the difference). */
  async putRead(operatorId: Id, dialog: Dialog, next: ReadState): Promise<void> {
    const was = (await this.s.readState(operatorId, dialog.id)) ?? null;
    // A send by one who had read everything leaves the position as it was: nothing to write (the event still says it).
    if (!was || was.readClientCount !== next.readClientCount || was.markedUnread !== next.markedUnread) await this.s.putReadState(operatorId, next);
    this.emit([operatorId], { type: 'read.updated', readState: next, dialog, was });
  }

  /** Moves a message's status forward (S1-S5) and tells who sees its dialog; a step back is ignored. */
  async setMessageStatus(messageId: Id, next: MessageStatus, readDue: number | null = null): Promise<void> {
    const m = await this.s.message(messageId);
    if (!m?.status) return;
    const status = advanceStatus(m.status, next);
    if (status === m.status) return;
    const s = this.s as Storage & Partial<StatusWrite>;
    await (s.putMessageStatus ? s.putMessageStatus({ ...m, status }, readDue) : s.putMessage({ ...m, status }));
    const d = await this.s.dialog(m.dialogId);
    if (!d) return;
    this.emit(await audience(this.s, d), { type: 'message.status', dialogId: m.dialogId, messageId, status });
  }
}
