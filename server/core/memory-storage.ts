/** In-memory {@link Storage}: for Storybook, element tests and the SDK's own tests. */
import type { ChatEvent } from '../../sdk/protocol.js';
import type {
  Attachment,
  Bot,
  Channel,
  ChatSettings,
  Client,
  Dialog,
  Id,
  Message,
  Operator,
  QuickReply,
  ReadState,
  Tag,
} from '../../sdk/model.js';
import { foldText } from '../../sdk/rules/text.js';
import type { ChannelSimulation, SeedData, Storage, UnnumberedEvent } from './storage.js';

const clone = <T>(v: T): T => structuredClone(v);

type Upload = Attachment & { operatorId: Id; dialogId: Id };

/** Keeps everything in maps; events are kept up to `eventLimit` per operator. */
export class MemoryStorage implements Storage {
  private ops = new Map<Id, Operator>();
  private botList: Bot[] = [];
  private channelList: Channel[] = [];
  private sim: Record<Id, ChannelSimulation> = {};
  private tagMap = new Map<Id, Tag>();
  private settingsValue: ChatSettings = { responseTimeLimitMs: null };
  private clientMap = new Map<Id, Client>();
  private dialogMap = new Map<Id, Dialog>();
  private left = new Set<Id>();
  /** Messages per dialog, ascending n; plus an index by id. */
  private feed = new Map<Id, Message[]>();
  private byId = new Map<Id, Message>();
  private uploads = new Map<Id, Upload>();
  private reads = new Map<Id, Map<Id, ReadState>>();
  private replies = new Map<Id, QuickReply>();
  private events = new Map<Id, { seq: number; log: ChatEvent[] }>();
  private initialized = false;

  constructor(private readonly eventLimit = 5000) {}

  async init(seed: () => SeedData): Promise<boolean> {
    if (this.initialized) return false;
    this.initialized = true;
    const s = seed();
    for (const o of s.operators) this.ops.set(o.id, clone(o));
    this.botList = clone(s.bots);
    this.channelList = clone(s.channels);
    this.sim = clone(s.simulation);
    for (const t of s.tags) this.tagMap.set(t.id, clone(t));
    for (const c of s.clients) this.clientMap.set(c.id, clone(c));
    for (const d of s.dialogs) this.dialogMap.set(d.id, clone(d));
    for (const m of s.messages) this.insertMessage(clone(m));
    for (const r of s.readStates) {
      const { operatorId, ...state } = r;
      await this.putReadState(operatorId, state);
    }
    for (const q of s.quickReplies) this.replies.set(q.id, clone(q));
    this.settingsValue = clone(s.settings);
    for (const id of s.leftDialogs) this.left.add(id);
    return true;
  }

  private insertMessage(m: Message): void {
    this.byId.set(m.id, m);
    let list = this.feed.get(m.dialogId);
    if (!list) this.feed.set(m.dialogId, (list = []));
    const last = list[list.length - 1];
    if (!last || last.n < m.n) list.push(m);
    else {
      const i = list.findIndex((x) => x.n >= m.n);
      if (list[i]?.n === m.n) list[i] = m;
      else list.splice(i, 0, m);
    }
  }

  async operators() { return [...this.ops.values()].map(clone); }
  async bots() { return clone(this.botList); }
  async channels() { return clone(this.channelList); }
  async simulation() { return clone(this.sim); }
  async putSimulation(channelId: Id, sim: ChannelSimulation) { this.sim[channelId] = clone(sim); }
  async tags() { return [...this.tagMap.values()].map(clone); }
  async putTag(tag: Tag) { this.tagMap.set(tag.id, clone(tag)); }
  async settings() { return clone(this.settingsValue); }
  async putSettings(settings: ChatSettings) { this.settingsValue = clone(settings); }

  async client(id: Id) { const c = this.clientMap.get(id); return c && clone(c); }
  async clients(ids?: Id[]) {
    if (!ids) return [...this.clientMap.values()].map(clone);
    return ids.flatMap((id) => { const c = this.clientMap.get(id); return c ? [clone(c)] : []; });
  }
  async putClient(client: Client) { this.clientMap.set(client.id, clone(client)); }

  async dialog(id: Id) { const d = this.dialogMap.get(id); return d && clone(d); }
  async dialogs() { return [...this.dialogMap.values()].map(clone); }
  async putDialog(dialog: Dialog) { this.dialogMap.set(dialog.id, clone(dialog)); }
  async deleteDialog(id: Id) {
    this.dialogMap.delete(id);
    for (const m of this.feed.get(id) ?? []) this.byId.delete(m.id);
    this.feed.delete(id);
    this.left.delete(id);
    for (const r of this.reads.values()) r.delete(id);
  }
  async leftDialogs() { return new Set(this.left); }
  async setLeft(dialogId: Id, left: boolean) { if (left) this.left.add(dialogId); else this.left.delete(dialogId); }

  async messages(dialogId: Id, before: number | undefined, limit: number) {
    const list = this.feed.get(dialogId) ?? [];
    let end = list.length;
    if (before !== undefined) {
      // binary search for the first message with n >= before
      let lo = 0, hi = list.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid]!.n < before) lo = mid + 1; else hi = mid; }
      end = lo;
    }
    return list.slice(Math.max(0, end - limit), end).map(clone);
  }
  async message(id: Id) { const m = this.byId.get(id); return m && clone(m); }
  async putMessage(message: Message) { this.insertMessage(clone(message)); }
  async pendingDeliveries() {
    const out: Id[] = [];
    for (const m of this.byId.values()) if (m.status && (m.status.state === 'queued' || m.status.state === 'sent')) out.push(m.id);
    return out;
  }
  async dialogsWithText(needle: string) {
    const n = foldText(needle.trim());
    const out = new Set<Id>();
    if (!n) return out;
    for (const [dialogId, list] of this.feed) {
      if (list.some((m) => m.text && foldText(m.text).includes(n))) out.add(dialogId);
    }
    return out;
  }
  async attachments(dialogId: Id, kind: 'image' | 'file') {
    const out: Array<{ attachment: Attachment; message: Message }> = [];
    const list = this.feed.get(dialogId) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      for (const a of m.attachments) if (a.kind === kind) out.push({ attachment: clone(a), message: clone(m) });
    }
    return out;
  }
  async attachment(id: Id) {
    for (const m of this.byId.values()) {
      const a = m.attachments.find((x) => x.id === id);
      if (a) return { attachment: clone(a), message: clone(m) };
    }
    return undefined;
  }

  async upload(id: Id) { const u = this.uploads.get(id); return u && clone(u); }
  async putUpload(upload: Upload) { this.uploads.set(upload.id, clone(upload)); }

  async readState(operatorId: Id, dialogId: Id) { const r = this.reads.get(operatorId)?.get(dialogId); return r && clone(r); }
  async readStates(operatorId: Id) { return [...(this.reads.get(operatorId)?.values() ?? [])].map(clone); }
  async putReadState(operatorId: Id, state: ReadState) {
    let m = this.reads.get(operatorId);
    if (!m) this.reads.set(operatorId, (m = new Map()));
    m.set(state.dialogId, clone(state));
  }

  async quickReplies() { return [...this.replies.values()].map(clone); }
  async quickReply(id: Id) { const q = this.replies.get(id); return q && clone(q); }
  async putQuickReply(reply: QuickReply) { this.replies.set(reply.id, clone(reply)); }

  async appendEvent(operatorId: Id, event: UnnumberedEvent): Promise<ChatEvent> {
    let e = this.events.get(operatorId);
    if (!e) this.events.set(operatorId, (e = { seq: 0, log: [] }));
    const numbered = { ...clone(event), seq: ++e.seq } as ChatEvent;
    e.log.push(numbered);
    if (e.log.length > this.eventLimit) e.log.splice(0, e.log.length - this.eventLimit);
    return clone(numbered);
  }
  async lastSeq(operatorId: Id) { return this.events.get(operatorId)?.seq ?? 0; }
  async eventsSince(operatorId: Id, since: number) {
    const e = this.events.get(operatorId);
    if (!e) return since === 0 ? [] : null;
    if (since > e.seq) return null;
    const first = e.log[0]?.seq ?? e.seq + 1;
    if (since + 1 < first) return null;
    return e.log.filter((x) => x.seq > since).map(clone);
  }
}
