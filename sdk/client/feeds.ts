/** Loaded histories (`$feeds`): pages of messages per dialog, and placing messages in them. */
import { atom, type ReadableAtom } from 'nanostores';
import type { Id, Message } from '../model.js';
import { advanceStatus } from '../rules/status.js';
import type { ClientContext } from './context.js';
import { EMPTY_FEED, type DialogFeed } from './types.js';

/** Inserts or replaces `m` in an ascending feed; queued local messages stay last. */
export function placeMessage(list: readonly Message[], m: Message): Message[] {
  const out = list.filter((x) => x.id !== m.id);
  if (m.n === 0) return [...out, m];
  let i = out.length;
  while (i > 0 && (out[i - 1]!.n === 0 || out[i - 1]!.n > m.n)) i--;
  out.splice(i, 0, m);
  return out;
}

/** The histories of a client. */
export class Feeds {
  private readonly feeds = atom<Readonly<Record<Id, DialogFeed>>>({});
  readonly $feeds: ReadableAtom<Readonly<Record<Id, DialogFeed>>> = this.feeds;

  /** @param unsent whether a message is still in the outbox (a refused copy the server does not have stays shown). */
  constructor(
    private readonly ctx: ClientContext,
    private readonly unsent: (id: Id) => boolean,
  ) {}

  get(dialogId: Id): DialogFeed {
    return this.feeds.get()[dialogId] ?? EMPTY_FEED;
  }

  has(dialogId: Id): boolean {
    // `.value`: a read on every live event must not mount the store when nothing listens (issue 13).
    return dialogId in this.feeds.value;
  }

  /** Dialogs with a history. */
  ids(): Id[] {
    return Object.keys(this.feeds.get());
  }

  set(dialogId: Id, fn: (f: DialogFeed) => DialogFeed): void {
    const feeds = this.feeds.get();
    this.feeds.set({ ...feeds, [dialogId]: fn(feeds[dialogId] ?? EMPTY_FEED) });
  }

  /** Forgets a dialog's history. */
  drop(dialogId: Id): void {
    if (!this.has(dialogId)) return;
    const feeds = { ...this.feeds.get() };
    delete feeds[dialogId];
    this.feeds.set(feeds);
  }

  find(dialogId: Id, id: Id): Message | undefined {
    return this.feeds.value[dialogId]?.messages.find((m) => m.id === id);
  }

  /** Places a message from the server; a feed not loaded only keeps the messages sent from here. */
  place(m: Message): void {
    const feed = this.feeds.value[m.dialogId];
    const existing = feed?.messages.find((x) => x.id === m.id);
    if (!feed || (!feed.loaded && !existing)) return;
    // Keep the most advanced status when an older copy arrives after a status event.
    const merged = existing?.status && m.status ? { ...m, status: advanceStatus(existing.status, m.status) } : m;
    this.set(m.dialogId, (f) => ({ ...f, messages: placeMessage(f.messages, merged) }));
  }

  /** Places a local message (queued), shown even when the history was never loaded. */
  placeLocal(m: Message): void {
    this.set(m.dialogId, (f) => ({ ...f, messages: placeMessage(f.messages, m) }));
  }

  update(dialogId: Id, id: Id, fn: (m: Message) => Message): void {
    const m = this.find(dialogId, id);
    if (!m) return;
    const next = fn(m);
    if (next === m) return;
    this.set(dialogId, (f) => ({ ...f, messages: f.messages.map((x) => (x.id === id ? next : x)) }));
  }

  removeLocal(m: Message): void {
    this.set(m.dialogId, (f) => ({ ...f, messages: f.messages.filter((x) => x.id !== m.id) }));
  }

  private pageSize(): number {
    return this.ctx.options.pageSize ?? 50;
  }

  /** Loads the newest page, keeping local messages the server does not have (yet). */
  async reload(dialogId: Id): Promise<void> {
    this.set(dialogId, (f) => ({ ...f, loading: true, error: undefined }));
    try {
      const page = await this.ctx.call('loadMessages', { dialogId, limit: this.pageSize() });
      this.set(dialogId, (f) => {
        const fromServer = new Set(page.messages.map((m) => m.id));
        // Local messages the server does not have (yet): queued, or refused before it stored them.
        const local = f.messages.filter((m) => !fromServer.has(m.id) && (m.n === 0 || (m.status?.state === 'failed' && this.unsent(m.id))));
        // The server's copy is authoritative, but a status already seen further along is kept.
        const had = new Map(f.messages.map((m) => [m.id, m] as const));
        let messages = page.messages.map((m) => {
          const seen = had.get(m.id);
          return seen?.status && m.status ? { ...m, status: advanceStatus(seen.status, m.status) } : m;
        });
        for (const m of local) messages = placeMessage(messages, m);
        return { messages, cursor: page.cursor, loading: false, loaded: true };
      });
    } catch (e) {
      this.set(dialogId, (f) => ({ ...f, loading: false, error: e instanceof Error ? e.message : String(e) }));
      this.ctx.report(e, 'loadMessages');
    }
  }

  /** Loads the page before the oldest loaded message. Resolves with how many were added. */
  async loadOlder(dialogId: Id): Promise<number> {
    const feed = this.feeds.get()[dialogId];
    if (!feed?.loaded) {
      await this.reload(dialogId);
      return this.feeds.get()[dialogId]?.messages.length ?? 0;
    }
    if (feed.cursor === null || feed.loading) return 0;
    this.set(dialogId, (f) => ({ ...f, loading: true }));
    try {
      const page = await this.ctx.call('loadMessages', { dialogId, before: feed.cursor, limit: this.pageSize() });
      let added = 0;
      this.set(dialogId, (f) => {
        const have = new Set(f.messages.map((m) => m.id));
        const older = page.messages.filter((m) => !have.has(m.id));
        added = older.length;
        return { ...f, messages: [...older, ...f.messages], cursor: page.cursor, loading: false };
      });
      return added;
    } catch (e) {
      this.set(dialogId, (f) => ({ ...f, loading: false }));
      this.ctx.report(e, 'loadMessages');
      return 0;
    }
  }
}
