/** In-memory {@link Storage}: for Storybook, element tests and the SDK's own tests. */
import type { ChatEvent } from '../../sdk/protocol.js';
import type { Attachment, ChatSettings, Client, CountName, Dialog, Id, Message, Operator, QuickReply, ReadState, Tag } from '../../sdk/model.js';
import type { DialogQuery, SortKey } from '../../sdk/rules/query.js';
import { foldText } from '../../sdk/rules/text.js';
import { clientSummary } from '../../sdk/rules/clients.js';
import type { ChannelSimulation, SeedData, Storage, UnnumberedEvent } from './storage.js';
import { cloneData } from './clone.js';

const clone = <T>(v: T): T => cloneData(v);

import { listCounts, listPage, textMatches, type MemoryState, type Upload } from './memory-lists.js';

/** What a transaction's view shares with its storage. */
interface TxLink {
  state: MemoryState;
  /** Undo steps of the writes made so far, oldest first. */
  journal: Array<() => void>;
}

/** Restores a map entry to what it was (absent when it was absent). */
function restore<K, V>(map: Map<K, V>, key: K, before: V | undefined): () => void {
  return () => {
    if (before === undefined) map.delete(key);
    else map.set(key, before);
  };
}

/**
 * Keeps everything in maps; events are kept up to `eventLimit` per operator.
 *
 * {@link MemoryStorage.transaction} gives real rollback: each write made through the
 * transaction's view records how to undo itself (an undo journal), and a transaction that throws
 * is undone step by step, newest first. Transactions run one at a time. Reads made outside a
 * transaction while one runs see its writes before it commits (no isolation): the core never
 * depends on that, and the memory storage serves one process's tests and Storybook.
 */
export class MemoryStorage implements Storage {
  private readonly st: MemoryState;
  /** Set on a transaction's view: writes are journaled. */
  private readonly tx: TxLink | null;

  constructor(
    private readonly eventLimit = 5000,
    link?: TxLink,
  ) {
    this.tx = link ?? null;
    this.st = link?.state ?? {
      ops: new Map(),
      botList: [],
      channelList: [],
      sim: {},
      tagMap: new Map(),
      settings: { responseTimeLimitMs: null },
      clientMap: new Map(),
      dialogMap: new Map(),
      left: new Set(),
      readDue: new Map(),
      feed: new Map(),
      byId: new Map(),
      uploads: new Map(),
      reads: new Map(),
      replies: new Map(),
      events: new Map(),
      initialized: false,
      turn: Promise.resolve(),
      version: 0,
      sorted: new Map(),
    };
  }

  async transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.tx) return fn(this);
    const st = this.st;
    const run = async (): Promise<T> => {
      const link: TxLink = { state: st, journal: [] };
      const view = new MemoryStorage(this.eventLimit, link);
      try {
        return await fn(view);
      } catch (e) {
        for (let i = link.journal.length - 1; i >= 0; i--) link.journal[i]!();
        throw e;
      }
    };
    const result = st.turn.then(run, run);
    st.turn = result.catch(() => undefined);
    return result;
  }

  /** Records how to undo a write made in a transaction (every write goes through here). */
  private undo(step: () => void): void {
    this.st.version++;
    this.tx?.journal.push(() => {
      this.st.version++;
      step();
    });
  }

  snapshot<T>(fn: (view: Storage) => Promise<T>): Promise<T> {
    // Transactions run one at a time: nothing is written while one reads.
    return this.transaction(fn);
  }

  async init(seed: () => SeedData): Promise<boolean> {
    const st = this.st;
    if (st.initialized) return false;
    st.initialized = true;
    st.version++;
    const s = seed();
    for (const o of s.operators) st.ops.set(o.id, clone(o));
    st.botList = clone(s.bots);
    st.channelList = clone(s.channels);
    st.sim = clone(s.simulation);
    for (const t of s.tags) st.tagMap.set(t.id, clone(t));
    for (const c of s.clients) st.clientMap.set(c.id, clone(c));
    for (const d of s.dialogs) st.dialogMap.set(d.id, clone(d));
    for (const m of s.messages) this.insertMessage(clone(m));
    for (const r of s.readStates) {
      const { operatorId, ...state } = r;
      await this.putReadState(operatorId, state);
    }
    for (const q of s.quickReplies) st.replies.set(q.id, clone(q));
    st.settings = clone(s.settings);
    for (const id of s.leftDialogs) st.left.add(id);
    return true;
  }

  /** Puts `m` in its dialog's feed by `n` (replacing the message with its id); returns how to undo it. */
  private insertMessage(m: Message): () => void {
    const { byId, feed } = this.st;
    const before = byId.get(m.id);
    let list = feed.get(m.dialogId);
    const hadList = !!list;
    if (!list) feed.set(m.dialogId, (list = []));
    const i = lowerBound(list, m.n);
    const at = list[i];
    if (at && at.n === m.n && at.id !== m.id) {
      // The memory twin of the SQL schema's UNIQUE (dialog_id, n).
      if (!hadList) feed.delete(m.dialogId);
      throw new Error(`message ${m.id}: dialog ${m.dialogId} already has a message number ${m.n} (${at.id})`);
    }
    if (before && before.dialogId !== m.dialogId) throw new Error(`message ${m.id}: already stored in dialog ${before.dialogId}`);
    if (before && before.n !== m.n) {
      const old = list.indexOf(before);
      if (old >= 0) list.splice(old, 1);
    }
    const j = lowerBound(list, m.n);
    const replaced = list[j]?.id === m.id;
    if (replaced) list[j] = m;
    else list.splice(j, 0, m);
    byId.set(m.id, m);
    return () => {
      const l = feed.get(m.dialogId);
      if (l) {
        const k = l.indexOf(m);
        if (k >= 0) l.splice(k, 1);
        if (before) l.splice(lowerBound(l, before.n), 0, before);
        if (!hadList && l.length === 0) feed.delete(m.dialogId);
      }
      if (before) byId.set(m.id, before);
      else byId.delete(m.id);
    };
  }

  async operators() {
    return [...this.st.ops.values()].map(clone);
  }
  async bots() {
    return clone(this.st.botList);
  }
  async channels() {
    return clone(this.st.channelList);
  }
  async simulation() {
    return clone(this.st.sim);
  }
  async putSimulation(channelId: Id, sim: ChannelSimulation) {
    const before = this.st.sim;
    this.st.sim = { ...before, [channelId]: clone(sim) };
    this.undo(() => (this.st.sim = before));
  }
  async tags() {
    return [...this.st.tagMap.values()].map(clone);
  }
  async putTag(tag: Tag) {
    this.undo(restore(this.st.tagMap, tag.id, this.st.tagMap.get(tag.id)));
    this.st.tagMap.set(tag.id, clone(tag));
  }
  async settings() {
    return clone(this.st.settings);
  }
  async putSettings(settings: ChatSettings) {
    const before = this.st.settings;
    this.st.settings = clone(settings);
    this.undo(() => (this.st.settings = before));
  }

  async client(id: Id) {
    const c = this.st.clientMap.get(id);
    return c && clone(c);
  }
  async clients(ids?: Id[]) {
    const map = this.st.clientMap;
    if (!ids) return [...map.values()].map(clone);
    return ids.flatMap((id) => {
      const c = map.get(id);
      return c ? [clone(c)] : [];
    });
  }
  async clientSummaries(ids: Id[]) {
    return ids.flatMap((id) => {
      const c = this.st.clientMap.get(id);
      return c ? [clone(clientSummary(c))] : [];
    });
  }
  async putClient(client: Client) {
    this.undo(restore(this.st.clientMap, client.id, this.st.clientMap.get(client.id)));
    this.st.clientMap.set(client.id, clone(client));
  }

  async dialog(id: Id) {
    const d = this.st.dialogMap.get(id);
    return d && clone(d);
  }
  async dialogs() {
    return [...this.st.dialogMap.values()].map(clone);
  }
  async dialogsOfClient(clientId: Id) {
    const out: Dialog[] = [];
    for (const d of this.st.dialogMap.values()) if (d.clientId === clientId) out.push(clone(d));
    return out;
  }

  /** The predicate's context over the stored clients and messages (L6 searches every message). */
  async listPage(viewer: Operator, query: DialogQuery, after: SortKey | null, limit: number) {
    return listPage(this.st, viewer, query, after, limit).map(clone);
  }
  /** A full scan with the shared predicate: the memory storage is the reference the SQL storage is checked against. */
  async listCounts(viewer: Operator, query: DialogQuery, what: readonly CountName[]) {
    return listCounts(this.st, viewer, query, what);
  }
  async putDialog(dialog: Dialog) {
    this.undo(restore(this.st.dialogMap, dialog.id, this.st.dialogMap.get(dialog.id)));
    this.st.dialogMap.set(dialog.id, clone(dialog));
  }
  async deleteDialog(id: Id) {
    const st = this.st;
    const dialog = st.dialogMap.get(id);
    const feed = st.feed.get(id);
    const wasLeft = st.left.has(id);
    const reads = [...st.reads].flatMap(([op, m]) => (m.has(id) ? [[op, m.get(id)!] as const] : []));
    st.dialogMap.delete(id);
    for (const m of feed ?? []) st.byId.delete(m.id);
    st.feed.delete(id);
    st.left.delete(id);
    for (const r of st.reads.values()) r.delete(id);
    this.undo(() => {
      if (dialog) st.dialogMap.set(id, dialog);
      if (feed) {
        st.feed.set(id, feed);
        for (const m of feed) st.byId.set(m.id, m);
      }
      if (wasLeft) st.left.add(id);
      for (const [op, r] of reads) st.reads.get(op)?.set(id, r);
    });
  }
  async clientLeft(dialogId: Id) {
    return this.st.left.has(dialogId);
  }
  async setLeft(dialogId: Id, left: boolean) {
    const st = this.st;
    const was = st.left.has(dialogId);
    if (left) st.left.add(dialogId);
    else st.left.delete(dialogId);
    this.undo(() => (was ? st.left.add(dialogId) : st.left.delete(dialogId)));
  }

  async messages(dialogId: Id, before: number | undefined, limit: number) {
    const list = this.st.feed.get(dialogId) ?? [];
    const end = before === undefined ? list.length : lowerBound(list, before);
    return list.slice(Math.max(0, end - limit), end).map(clone);
  }
  async message(id: Id) {
    const m = this.st.byId.get(id);
    return m && clone(m);
  }
  async putMessage(message: Message) {
    this.undo(this.insertMessage(clone(message)));
  }
  async pendingDeliveries() {
    const out: Id[] = [];
    for (const m of this.st.byId.values()) {
      const state = m.status?.state;
      if (state === 'queued' || state === 'sent' || (state === 'delivered' && this.st.readDue.has(m.id))) out.push(m.id);
    }
    return out;
  }
  async putMessageStatus(message: Message, readDue: number | null = null) {
    await this.putMessage(message);
    const st = this.st;
    const before = st.readDue.get(message.id);
    this.undo(() => (before === undefined ? st.readDue.delete(message.id) : st.readDue.set(message.id, before)));
    if (readDue === null) st.readDue.delete(message.id);
    else st.readDue.set(message.id, readDue);
  }
  async dialogsWithText(needle: string) {
    return textMatches(this.st, needle);
  }
  async matchedMessages(dialogIds: readonly Id[], needle: string) {
    const n = foldText(needle.trim());
    const out = new Map<Id, Message>();
    if (!n) return out;
    for (const id of dialogIds) {
      const list = this.st.feed.get(id) ?? [];
      for (let i = list.length - 1; i >= 0; i--) {
        const m = list[i]!;
        if (m.text && foldText(m.text).includes(n)) {
          out.set(id, clone(m));
          break;
        }
      }
    }
    return out;
  }
  async attachments(dialogId: Id, kind: 'image' | 'file') {
    const out: Array<{ attachment: Attachment; message: Message }> = [];
    const list = this.st.feed.get(dialogId) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      for (const a of m.attachments) if (a.kind === kind) out.push({ attachment: clone(a), message: clone(m) });
    }
    return out;
  }
  async attachment(id: Id) {
    for (const m of this.st.byId.values()) {
      const a = m.attachments.find((x) => x.id === id);
      if (a) return { attachment: clone(a), message: clone(m) };
    }
    return undefined;
  }

  async upload(id: Id) {
    const u = this.st.uploads.get(id);
    return u && clone(u);
  }
  async putUpload(upload: Upload) {
    this.undo(restore(this.st.uploads, upload.id, this.st.uploads.get(upload.id)));
    this.st.uploads.set(upload.id, clone(upload));
  }

  async readState(operatorId: Id, dialogId: Id) {
    const r = this.st.reads.get(operatorId)?.get(dialogId);
    return r && clone(r);
  }
  async readStates(operatorId: Id) {
    return [...(this.st.reads.get(operatorId)?.values() ?? [])].map(clone);
  }
  async readStatesOf(operatorId: Id, dialogIds: readonly Id[]) {
    const m = this.st.reads.get(operatorId);
    return dialogIds.flatMap((id) => {
      const r = m?.get(id);
      return r ? [clone(r)] : [];
    });
  }
  async dialogReadStates(dialogId: Id) {
    const out = new Map<Id, ReadState>();
    for (const [op, m] of this.st.reads) {
      const r = m.get(dialogId);
      if (r) out.set(op, clone(r));
    }
    return out;
  }
  async putReadState(operatorId: Id, state: ReadState) {
    let m = this.st.reads.get(operatorId);
    if (!m) this.st.reads.set(operatorId, (m = new Map()));
    this.undo(restore(m, state.dialogId, m.get(state.dialogId)));
    m.set(state.dialogId, clone(state));
  }

  async quickReplies() {
    return [...this.st.replies.values()].map(clone);
  }
  async quickReply(id: Id) {
    const q = this.st.replies.get(id);
    return q && clone(q);
  }
  async putQuickReply(reply: QuickReply) {
    this.undo(restore(this.st.replies, reply.id, this.st.replies.get(reply.id)));
    this.st.replies.set(reply.id, clone(reply));
  }

  async appendEvent(operatorId: Id, event: UnnumberedEvent): Promise<ChatEvent> {
    const events = this.st.events;
    let e = events.get(operatorId);
    const created = !e;
    if (!e) events.set(operatorId, (e = { seq: 0, log: [] }));
    const head = e;
    const numbered = { ...clone(event), seq: ++head.seq } as ChatEvent;
    head.log.push(numbered);
    const pruned = head.log.length > this.eventLimit ? head.log.splice(0, head.log.length - this.eventLimit) : [];
    this.undo(() => {
      head.log.pop();
      head.log.unshift(...pruned);
      head.seq--;
      if (created) events.delete(operatorId);
    });
    return clone(numbered);
  }
  async lastSeq(operatorId: Id) {
    return this.st.events.get(operatorId)?.seq ?? 0;
  }
  async eventsSince(operatorId: Id, since: number) {
    const e = this.st.events.get(operatorId);
    if (!e) return since === 0 ? [] : null;
    if (since > e.seq) return null;
    const first = e.log[0]?.seq ?? e.seq + 1;
    if (since + 1 < first) return null;
    return e.log.filter((x) => x.seq > since).map(clone);
  }
}

/** Index of the first message with `n >= target` in an ascending feed. */
function lowerBound(list: Message[], target: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.n < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
