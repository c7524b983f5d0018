/** The memory storage's state, and its dialog list: pages of the sorted answer and the counts, by full scans with the shared predicate. */
import type { ChatEvent } from '../../sdk/protocol.js';
import type { Attachment, Bot, Channel, ChatSettings, Client, CountName, Dialog, Id, ListCounts, Message, Operator, QuickReply, ReadState, Tag } from '../../sdk/model.js';
import { canSeeDialog } from '../../sdk/rules/permissions.js';
import { compareKeys, matchesQuery, sortKey, withoutTags, type DialogQuery, type QueryContext, type SortKey } from '../../sdk/rules/query.js';
import { tagCounts } from '../../sdk/rules/tags.js';
import { clientSearchText, foldText } from '../../sdk/rules/text.js';
import { isUnread } from '../../sdk/rules/unread.js';
import { SEARCH_TOTAL_CAP, type ChannelSimulation } from './storage.js';

/** An upload as stored: the attachment, who uploaded it and for which dialog. */
export type Upload = Attachment & { operatorId: Id; dialogId: Id };

/** Everything stored; shared by a storage and the views its transactions work through. */
export interface MemoryState {
  ops: Map<Id, Operator>;
  botList: Bot[];
  channelList: Channel[];
  sim: Record<Id, ChannelSimulation>;
  tagMap: Map<Id, Tag>;
  settings: ChatSettings;
  clientMap: Map<Id, Client>;
  dialogMap: Map<Id, Dialog>;
  left: Set<Id>;
  /** Delivered messages whose simulated read is still to come, with when it is due. */
  readDue: Map<Id, number>;
  /** Messages per dialog, ascending n; plus an index by id. */
  feed: Map<Id, Message[]>;
  byId: Map<Id, Message>;
  uploads: Map<Id, Upload>;
  reads: Map<Id, Map<Id, ReadState>>;
  replies: Map<Id, QuickReply>;
  events: Map<Id, { seq: number; log: ChatEvent[] }>;
  initialized: boolean;
  /** The tail of the chain transactions wait on: they run one at a time. */
  turn: Promise<unknown>;
  /** Moves on every write: sorted answers kept for paging are valid while it stays. */
  version: number;
  /** The last sorted answers, by viewer and query, for paging through them without sorting again. */
  sorted: Map<string, { version: number; keys: SortKey[]; dialogs: Dialog[] }>;
}

/** The query's context over the stored clients and messages (search included). */
export function queryContext(st: MemoryState, query: DialogQuery): QueryContext {
  const withText = query.search.trim() ? textMatches(st, query.search) : null;
  const needle = foldText(query.search.trim());
  return {
    clientOf: (d) => (d.clientId ? st.clientMap.get(d.clientId) : null),
    // The client's phone and e-mail too, as the SQL storage's folded client text.
    messageMatches: (d) => (withText?.has(d.id) ?? false) || (needle !== '' && clientText(st, d.clientId).includes(needle)),
  };
}

function clientText(st: MemoryState, id: Id | null): string {
  const c = id ? st.clientMap.get(id) : undefined;
  return c ? clientSearchText(c) : '';
}

/** The dialogs with a message containing the (folded) needle. */
export function textMatches(st: MemoryState, needle: string): Set<Id> {
  const n = foldText(needle.trim());
  const out = new Set<Id>();
  if (!n) return out;
  for (const [dialogId, list] of st.feed) if (list.some((m) => m.text && foldText(m.text).includes(n))) out.add(dialogId);
  return out;
}

/** The whole answer of `query` for `viewer`, sorted; kept until the next write. */
function sortedAnswer(st: MemoryState, viewer: Operator, query: DialogQuery): { keys: SortKey[]; dialogs: Dialog[] } {
  const cacheKey = JSON.stringify([viewer.id, viewer.role, query]);
  const hit = st.sorted.get(cacheKey);
  if (hit && hit.version === st.version) return hit;
  const ctx = queryContext(st, query);
  const settings = st.settings;
  const keyed: Array<{ k: SortKey; d: Dialog }> = [];
  for (const d of st.dialogMap.values()) {
    if (canSeeDialog(viewer, d) && matchesQuery(d, query, ctx)) keyed.push({ k: sortKey(d, query.sort, settings), d });
  }
  keyed.sort((a, b) => compareKeys(a.k, b.k));
  const entry = { version: st.version, keys: keyed.map((x) => x.k), dialogs: keyed.map((x) => x.d) };
  if (st.sorted.size >= 8) st.sorted.delete(st.sorted.keys().next().value!);
  st.sorted.set(cacheKey, entry);
  return entry;
}

/** A page of the sorted answer after the key `after` (the stored dialogs themselves: the storage clones them). */
export function listPage(st: MemoryState, viewer: Operator, query: DialogQuery, after: SortKey | null, limit: number): Dialog[] {
  const { keys, dialogs } = sortedAnswer(st, viewer, query);
  let lo = 0;
  if (after) {
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(keys[mid]!, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
  }
  return dialogs.slice(lo, lo + limit);
}

/** The counts by a full scan with the shared predicate (under a search, T7 over the first matches only, as the SQL storage: see SEARCH_TOTAL_CAP). */
export function listCounts(st: MemoryState, viewer: Operator, query: DialogQuery, what: readonly CountName[]): ListCounts {
  const out: ListCounts = {};
  const visible = [...st.dialogMap.values()].filter((d) => canSeeDialog(viewer, d));
  if (what.includes('total')) {
    out.total = sortedAnswer(st, viewer, query).dialogs.length;
    // L6: as the SQL storage, a search's total stops at the cap ("1,000+").
    if (query.search.trim() && out.total > SEARCH_TOTAL_CAP) Object.assign(out, { total: SEARCH_TOTAL_CAP, totalAtLeast: true });
  }
  if (what.includes('unread')) {
    const reads = st.reads.get(viewer.id);
    out.unreadDialogs = visible.filter((d) => isUnread(d, reads?.get(d.id))).length;
  }
  if (what.includes('tags')) {
    const base = withoutTags(query);
    let counted: Dialog[];
    if (query.search.trim()) {
      // L6, T7: as the SQL storage, the first matches of the base in the order of activity, up to
      // the cap; more are flagged (the counts are lower bounds).
      const all = sortedAnswer(st, viewer, { ...base, sort: 'activity' }).dialogs;
      counted = all.length > SEARCH_TOTAL_CAP ? all.slice(0, SEARCH_TOTAL_CAP) : all;
      if (all.length > SEARCH_TOTAL_CAP) out.tagsAtLeast = true;
    } else {
      const ctx = queryContext(st, base);
      counted = visible.filter((d) => matchesQuery(d, base, ctx));
    }
    out.tags = Object.fromEntries(tagCounts(counted, st.clientMap, query.tags.pinned));
  }
  return out;
}
