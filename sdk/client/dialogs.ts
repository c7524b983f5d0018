/**
 * Dialogs as the inbox uses them: the one open (`$activeDialogId`), getting one from the server,
 * opening one (and the mark-read policy), letting one go everywhere, and applying an event's
 * effects ({@link reduceEvent}) to the working set, the feeds, the alerts and the dictionaries.
 */
import { atom, type ReadableAtom } from 'nanostores';
import type { Dialog, Id, ListRow } from '../model.js';
import { isCommandError, type ChatEvent } from '../protocol.js';
import { clientSummary, isFullClient } from '../rules/clients.js';
import { shouldMarkRead } from '../rules/unread.js';
import type { Alerts } from './alerts.js';
import type { Catalog } from './catalog.js';
import type { ClientContext } from './context.js';
import type { Feeds } from './feeds.js';
import type { Outbox } from './outbox.js';
import { reduceEvent, type ReducerView } from './reducer.js';
import type { WorkingSet } from './working-set.js';

/** The parts of a client the dialogs coordinate. */
export interface DialogParts {
  ws: WorkingSet;
  feeds: Feeds;
  alerts: Alerts;
  catalog: Catalog;
  outbox: Outbox;
  markRead(dialogId: Id): Promise<unknown>;
}

/** The open dialog, and the coordination of the parts around a dialog. */
export class Dialogs {
  private readonly active = atom<Id | null>(null);
  readonly $activeDialogId: ReadableAtom<Id | null> = this.active;
  private readonly view: ReducerView;

  constructor(
    private readonly ctx: ClientContext,
    private readonly p: DialogParts,
  ) {
    const { ws, feeds, catalog } = p;
    this.view = {
      row: (id) => ws.row(id),
      read: (id) => ws.read(id),
      client: (id) => ws.client(id),
      dialogs: () => ws.dialogs(),
      message: (dialogId, id) => feeds.find(dialogId, id),
      tags: () => catalog.$tags.get(),
      operators: () => catalog.$operators.get(),
      me: () => catalog.$me.get(),
    };
  }

  /** Applies a validated event. Applying the same event twice changes nothing. */
  apply(event: ChatEvent): void {
    const { ws, feeds, alerts, catalog, outbox } = this.p;
    const fx = reduceEvent(this.view, event);
    if (fx.acknowledged) outbox.acknowledged(fx.acknowledged);
    if (fx.alert) alerts.raise(fx.alert.message, fx.alert.dialog, fx.alert.client, this.active.get());
    for (const r of fx.rows) {
      const shown = ws.list.change(event.seq, r.change);
      if (r.place) ws.place(r.place.row, shown, r.place.fullClient);
    }
    if (fx.removed) this.remove(fx.removed, false);
    if (fx.message) feeds.place(fx.message);
    if (fx.updated) {
      const next = fx.updated;
      feeds.update(next.dialogId, next.id, () => next);
    }
    if (fx.client) ws.clientChanged(fx.client);
    if (fx.tags) catalog.setTags(fx.tags);
    if (fx.operators) catalog.setOperators(fx.operators.operators, fx.operators.me);
    if (fx.quickReply) catalog.addQuickReply(fx.quickReply);
    if (fx.settings) catalog.settingsApplied(fx.settings);
  }

  /** Whether something besides the list keeps the dialog: open, with a history loaded, or alerted. */
  pinned(id: Id): boolean {
    return this.active.get() === id || this.p.feeds.has(id) || this.p.alerts.has(id);
  }

  /** Lets a dialog go everywhere; `local`: the list moves too (an event already moved it otherwise). */
  remove(id: Id, local = true): void {
    const { ws, feeds, alerts } = this.p;
    const was = local ? ws.row(id) : undefined;
    if (was) ws.list.local(id, was, null);
    feeds.drop(id);
    if (this.active.get() === id) this.active.set(null);
    // N1: no alert leads to a dialog that is gone (deleted, or handed away: H1).
    alerts.dropDialog(id);
    ws.forget(id);
  }

  /** See `ChatClient.getDialog`. */
  async get(dialogId: Id, fresh = false): Promise<Dialog> {
    const { ws } = this.p;
    const held = ws.dialog(dialogId);
    if (held && !fresh && (!held.clientId || isFullClient(ws.client(held.clientId)))) return held;
    try {
      const r = await this.ctx.call('getDialog', { dialogId });
      const row: ListRow = { dialog: r.dialog, client: r.client && clientSummary(r.client), read: r.readState };
      ws.place(row, ws.list.local(dialogId, ws.row(dialogId), row), r.client);
      return ws.dialog(dialogId) ?? r.dialog;
    } catch (e) {
      if (isCommandError(e) && e.code === 'not_found') this.remove(dialogId);
      throw e;
    }
  }

  /** See `ChatClient.openDialog`. */
  async open(dialogId: Id | null): Promise<void> {
    this.active.set(dialogId);
    if (!dialogId) return;
    const dialog = this.get(dialogId).catch((e: unknown) => {
      this.ctx.report(e, 'getDialog');
      return undefined;
    });
    const feed = this.p.feeds.get(dialogId);
    if (!feed.loaded && !feed.loading) await this.p.feeds.reload(dialogId);
    const d = await dialog;
    if (d && this.active.get() === dialogId && shouldMarkRead(d, this.p.ws.read(dialogId))) await this.p.markRead(dialogId);
  }
}
