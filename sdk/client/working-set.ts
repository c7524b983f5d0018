/**
 * The working set: the dialogs, clients and read positions the client holds (the list's loaded
 * rows, and what something pins: the open dialog, a history, an alert, {@link WorkingSet.retainDialog}),
 * the list model over them, and the local (optimistic) changes of rows.
 */
import type { ReadableAtom } from 'nanostores';
import type { Client, ClientRecord, Dialog, DialogPage, Id, ListRow, ReadState } from '../model.js';
import { clientSummary, isFullClient } from '../rules/clients.js';
import type { DialogQuery } from '../rules/query.js';
import { ListModel } from '../list/list-model.js';
import type { SortSettings } from '../list/membership.js';
import { LiveMap } from '../list/live-map.js';
import type { ClientContext } from './context.js';

/** What the working set asks of the rest of the client. */
export interface WorkingSetHost {
  /** The last event number the client applied. */
  lastSeq(): number;
  /** Asks for missed events now. */
  catchUp(): void;
  settings(): SortSettings;
  /** Whether something outside the list keeps the dialog: open, with a history, or alerted. */
  pinnedElsewhere(id: Id): boolean;
}

/** Whether a client summary says what the held record says of it (the list's fields). */
function sameSummary(had: ClientRecord, c: ClientRecord): boolean {
  if (had.name !== c.name || had.blocked !== c.blocked || had.avatarUrl !== c.avatarUrl || had.tags.length !== c.tags.length) return false;
  for (let i = 0; i < c.tags.length; i++) if (had.tags[i]!.tagId !== c.tags[i]!.tagId || had.tags[i]!.pinned !== c.tags[i]!.pinned) return false;
  return true;
}

/** The dialogs, clients and read positions a client holds, and its list. */
export class WorkingSet {
  private readonly dialogMap = new LiveMap<Id, Dialog>();
  private readonly clientMap = new LiveMap<Id, ClientRecord>();
  private readonly readMap = new LiveMap<Id, ReadState>();
  /** Per client, how many held dialogs use it (so letting a dialog go never scans the others). */
  private readonly clientRefs = new Map<Id, number>();
  /** Dialogs kept by {@link retainDialog}, with how many holders each. */
  private readonly retained = new Map<Id, number>();
  readonly $dialogs: ReadableAtom<ReadonlyMap<Id, Dialog>> = this.dialogMap.$store;
  readonly $clients: ReadableAtom<ReadonlyMap<Id, ClientRecord>> = this.clientMap.$store;
  readonly $readStates: ReadableAtom<ReadonlyMap<Id, ReadState>> = this.readMap.$store;
  readonly list: ListModel;

  constructor(
    ctx: ClientContext,
    private readonly host: WorkingSetHost,
    query: DialogQuery,
  ) {
    this.list = new ListModel(
      {
        request: (input) => ctx.call('listDialogs', input),
        lastSeq: () => host.lastSeq(),
        catchUp: () => host.catchUp(),
        settings: () => host.settings(),
        client: (id) => this.clientMap.get(id),
        hold: (rows) => {
          for (const r of rows) this.hold(r);
        },
        released: (ids) => {
          for (const id of ids) if (!this.pinned(id)) this.forget(id);
        },
        report: (e, context) => ctx.report(e, context),
      },
      query,
      { pageSize: ctx.options.listPageSize },
    );
  }

  dialog(id: Id): Dialog | undefined {
    return this.dialogMap.get(id);
  }

  client(id: Id | null | undefined): ClientRecord | undefined {
    return id ? this.clientMap.get(id) : undefined;
  }

  read(id: Id): ReadState | undefined {
    return this.readMap.get(id);
  }

  /** The dialogs held (a copy). */
  dialogs(): Dialog[] {
    return [...this.dialogMap.values()];
  }

  /** The row of a dialog the client holds. */
  row(id: Id): ListRow | undefined {
    const dialog = this.dialogMap.get(id);
    if (!dialog) return undefined;
    const c = dialog.clientId ? this.clientMap.get(dialog.clientId) : undefined;
    return { dialog, client: c ? clientSummary(c) : null, read: this.readMap.get(id) ?? null };
  }

  /** Holds a row: its dialog, its client (keeping a full record full) and the read position. */
  hold(r: ListRow, fullClient?: Client | null): void {
    const before = this.dialogMap.get(r.dialog.id)?.clientId;
    if (before !== r.dialog.clientId || !this.dialogMap.has(r.dialog.id)) {
      if (before) this.unrefClient(before);
      if (r.dialog.clientId) this.clientRefs.set(r.dialog.clientId, (this.clientRefs.get(r.dialog.clientId) ?? 0) + 1);
    }
    this.dialogMap.set(r.dialog.id, r.dialog);
    const incoming = fullClient ?? r.client;
    if (incoming) {
      const had = this.clientMap.get(incoming.id);
      // Every message event carries its client's summary: when it says what the held record says,
      // the record stays (no copy kept, no store change; issue 13: what a live event leaves behind).
      if (!had || isFullClient(incoming) || !sameSummary(had, incoming)) this.clientMap.set(incoming.id, had && isFullClient(had) && !isFullClient(incoming) ? { ...had, ...incoming } : incoming);
    }
    const read = this.readMap.get(r.dialog.id);
    if (!r.read) this.readMap.delete(r.dialog.id);
    else if (!read || read.readClientCount !== r.read.readClientCount || read.markedUnread !== r.read.markedUnread) this.readMap.set(r.dialog.id, r.read);
  }

  /** Whether the client keeps a dialog whatever the list shows. */
  pinned(id: Id): boolean {
    return this.retained.has(id) || this.host.pinnedElsewhere(id);
  }

  /** Holds the row after an event: kept when a window shows it or something pins it, let go otherwise. */
  place(r: ListRow, shown: boolean, fullClient?: Client | null): void {
    if (shown || this.pinned(r.dialog.id)) this.hold(r, fullClient);
    else if (this.dialogMap.has(r.dialog.id)) this.forget(r.dialog.id);
  }

  /** Lets a dialog go from the working set (its client stays while another dialog uses it). */
  forget(id: Id): void {
    const d = this.dialogMap.get(id);
    this.readMap.delete(id);
    if (!d) return;
    this.dialogMap.delete(id);
    if (d.clientId && this.unrefClient(d.clientId) === 0) this.clientMap.delete(d.clientId);
  }

  /** One dialog fewer uses the client; answers how many still do (a count, not a scan of the working set). */
  private unrefClient(clientId: Id): number {
    const n = (this.clientRefs.get(clientId) ?? 1) - 1;
    if (n > 0) this.clientRefs.set(clientId, n);
    else this.clientRefs.delete(clientId);
    return n;
  }

  /** Starts again from a snapshot's first page; answers the pinned dialogs the new list does not hold. */
  restart(page: DialogPage, query: DialogQuery): Id[] {
    const pinned = [...this.dialogMap.keys()].filter((id) => this.pinned(id));
    for (const id of [...this.dialogMap.keys()]) if (!pinned.includes(id)) this.forget(id);
    this.list.start(page, query);
    return pinned.filter((id) => !this.list.holds(id));
  }

  /** Keeps a dialog until the returned function is called (see `ChatClient.retainDialog`). */
  retainDialog(dialogId: Id): () => void {
    this.retained.set(dialogId, (this.retained.get(dialogId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.retained.get(dialogId) ?? 1) - 1;
      if (n > 0) {
        this.retained.set(dialogId, n);
        return;
      }
      this.retained.delete(dialogId);
      if (!this.pinned(dialogId) && !this.list.holds(dialogId)) this.forget(dialogId);
    };
  }

  /** Keeps a client's record until the returned function is called (see `ChatClient.retainClient`). */
  retainClient(clientId: Id): () => void {
    this.clientRefs.set(clientId, (this.clientRefs.get(clientId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (this.unrefClient(clientId) === 0) this.clientMap.delete(clientId);
    };
  }

  /** A client's record from the server: kept when something holds the client. */
  clientLoaded(c: Client): void {
    if (this.clientRefs.has(c.id)) this.clientMap.set(c.id, c);
  }

  /** A client changed: its record is replaced where held. */
  clientChanged(c: Client): void {
    if (this.clientMap.has(c.id)) this.clientMap.set(c.id, c);
  }

  /** A local change of a dialog (optimistic, or a command's answer): its row moves in the list; counts wait for the event. */
  upsertDialog(d: Dialog): void {
    const was = this.row(d.id);
    // A dialog the client no longer holds (an event moved it out meanwhile): the events say the rest.
    if (!was) return;
    const now: ListRow = { dialog: d, client: was.client, read: was.read };
    this.place(now, this.list.local(d.id, was, now));
  }

  /** A local change of a client (optimistic, or a command's answer). */
  upsertClient(c: ClientRecord): void {
    const summary = clientSummary(c);
    for (const d of [...this.dialogMap.values()]) {
      if (d.clientId !== c.id) continue;
      const was = this.row(d.id)!;
      this.list.local(d.id, was, { ...was, client: summary });
    }
    this.clientMap.set(c.id, c);
  }

  /** A local read position (optimistic, or a command's answer). */
  setReadLocal(r: ReadState | null, dialogId: Id): void {
    const was = this.row(dialogId);
    if (was) this.list.local(dialogId, was, { ...was, read: r });
    if (r) this.readMap.set(dialogId, r);
    else this.readMap.delete(dialogId);
  }
}
