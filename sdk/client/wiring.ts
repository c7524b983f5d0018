/**
 * The modules behind {@link ChatClient} and how they are wired to each other: the connection
 * (`sync`), the working set (`ws`), feeds, drafts, the outbox, uploads, alerts, the catalog and
 * the commands. `ChatClient` extends it with the public stores and methods.
 */
import { atom } from 'nanostores';
import type { Dialog, Id, ReadState } from '../model.js';
import type { ChatEvent } from '../protocol.js';
import { normalizeQuery, type DialogQuery } from '../rules/query.js';
import { Alerts } from './alerts.js';
import { Catalog } from './catalog.js';
import { Commands } from './commands.js';
import { createContext, type ClientContext } from './context.js';
import { Dialogs } from './dialogs.js';
import { Drafts } from './drafts.js';
import { Feeds } from './feeds.js';
import { Outbox } from './outbox.js';
import { Sync } from './sync.js';
import type { ChatClientOptions } from './types.js';
import { Uploads } from './uploads.js';
import { WorkingSet } from './working-set.js';

/** The client's modules, wired; the public surface is {@link ChatClient}'s. */
export abstract class ClientWiring {
  protected readonly alertsPart: Alerts = new Alerts(this.options.now ?? (() => Date.now()), this.options.onError);
  protected readonly ctx: ClientContext = createContext(this.options, (e, context) => this.alertsPart.report(e, context));
  protected readonly query = atom<DialogQuery>(normalizeQuery(undefined));
  protected readonly catalog: Catalog = new Catalog(() => {
    if (this.sync.$ready.get()) void this.ws.list.resort().catch((e: unknown) => this.ctx.report(e, 'list'));
  });
  protected readonly feeds: Feeds = new Feeds(this.ctx, (id) => this.outbox.has(id));
  protected readonly ws: WorkingSet = new WorkingSet(
    this.ctx,
    { lastSeq: () => this.sync.lastSeq, catchUp: () => void this.resync(), settings: () => this.catalog.$settings.get(), pinnedElsewhere: (id) => this.dialogs.pinned(id) },
    this.query.get(),
  );
  protected readonly drafts: Drafts = new Drafts(this.ctx, this.catalog.$me);
  protected readonly sync: Sync = new Sync(this.ctx, {
    query: () => this.query.get(),
    snapshot: (snap, query, again) => {
      this.catalog.fromSnapshot(snap);
      // The working set starts again from the first page; pinned dialogs are kept and checked.
      const missing = this.ws.restart(snap.list, query);
      if (again) for (const id of missing) void this.getDialog(id, true).catch(() => undefined);
      if (snap.me && this.options.persistDrafts) this.drafts.restore();
    },
    apply: (event) => this.apply(event),
    afterEvents: () => this.ws.list.afterEvents(),
    reloadFeeds: () => {
      for (const id of this.feeds.ids()) void this.feeds.reload(id);
    },
    online: () => void this.flushOutbox(),
  });
  protected readonly outbox: Outbox = new Outbox(
    this.ctx,
    { $me: this.catalog.$me, $dialogs: this.ws.$dialogs, $channelsById: this.catalog.$channelsById, online: () => this.sync.$connection.get() === 'online' },
    this.feeds,
    this.drafts,
  );
  protected readonly dialogs: Dialogs = new Dialogs(this.ctx, {
    ws: this.ws,
    feeds: this.feeds,
    alerts: this.alertsPart,
    catalog: this.catalog,
    outbox: this.outbox,
    markRead: (id) => this.markRead(id),
  });
  protected readonly commands: Commands = new Commands(this.ctx, this.ws, this.catalog, this.dialogs, this.feeds);
  protected readonly uploads: Uploads = new Uploads(this.ctx, this.ws.$dialogs, this.catalog.$channelsById);

  constructor(protected readonly options: ChatClientOptions) {}

  /** Catches up after a reconnect or a gap (see `ChatClient.resync`). */
  abstract resync(): Promise<void>;
  /** A dialog, from the working set or the server (see `ChatClient.getDialog`). */
  abstract getDialog(dialogId: Id, fresh?: boolean): Promise<Dialog>;
  /** Applies a validated event (see `ChatClient.apply`). */
  abstract apply(event: ChatEvent): void;
  /** Sends what the backend has not acknowledged (see `ChatClient.flushOutbox`). */
  abstract flushOutbox(): Promise<void>;
  /** Marks a dialog read (see `ChatClient.markRead`). */
  abstract markRead(dialogId: Id): Promise<ReadState>;
}
