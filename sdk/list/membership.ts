/**
 * Live membership and count deltas: what a change of one dialog does to a list, decided with the
 * query's own predicate (`matchesQuery`) on the row before and the row after
 * (docs/lists-at-scale.md). Pure functions; `ListModel` applies them.
 */
import type { ChatSettings, Id, ListRow } from '../model.js';
import { matchesQuery, withoutTags, type DialogQuery } from '../rules/query.js';
import { effectiveTags } from '../rules/tags.js';
import { includesFolded } from '../rules/text.js';
import { isUnread } from '../rules/unread.js';

/** A three-valued answer: `null` when the list cannot tell without asking the server. */
export type Tri = boolean | null;

/** One dialog's change, as an event tells it. */
export interface RowChange {
  id: Id;
  /** The row before; `null`: the operator did not see the dialog; `undefined`: the backend did not say. */
  was: ListRow | null | undefined;
  /** The row after; `null`: the operator no longer sees it. */
  now: ListRow | null;
  /** The text of the message the change added, if any (L6: it may make a search match). */
  text?: string | undefined;
  /** The message the change added (L6: the row's search hit when its text matches). */
  message?: { id: Id; n: number } | undefined;
  /** The client's name changed (a search may stop matching through it). */
  renamed?: boolean | undefined;
  /**
   * Only the read position changed: the query does not depend on it, so membership, order, the
   * total and T7 stay; only N2 and the row's L1 move (the event may not carry the client).
   */
  readOnly?: boolean | undefined;
}

/** What the list knows of its own state, for search (L6) whose message part it cannot evaluate. */
export interface WindowKnowledge {
  /** Whether the dialog is in the window (so it matched). */
  has(id: Id): boolean;
  /** The window holds the whole answer (so a dialog outside it did not match). */
  complete: boolean;
}

const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === null || b === null ? null : true);

/** Whether the row's own texts (title, client name, last message) contain the search (L6). */
function textual(row: ListRow, search: string): boolean {
  const d = row.dialog;
  return includesFolded(d.title, search) || (row.client ? includesFolded(row.client.name, search) : false) || (d.lastMessage ? includesFolded(d.lastMessage.text, search) : false);
}

/**
 * A query's parts the predicate is evaluated with, made once per query (queries are immutable
 * values): a live event evaluates its change four times against each window's query, and making
 * them anew each time was most of what membership allocated per event (issue 13).
 */
interface QueryParts {
  /** The query without its search part. */
  noSearch: DialogQuery;
  /** Without its tag part (T7's base): the query as given, for `evaluate`. */
  base: DialogQuery;
}
const partsOf = new WeakMap<DialogQuery, QueryParts>();

function parts(q: DialogQuery): QueryParts {
  let p = partsOf.get(q);
  if (!p) partsOf.set(q, (p = { noSearch: q.search ? { ...q, search: '' } : q, base: withoutTags(q) }));
  return p;
}

/** The row `filters` evaluates: one context for every call (no closure per row). */
let filtered: ListRow | null = null;
const rowContext = { clientOf: () => filtered?.client ?? null };

/** The predicate without its search part, exact. */
function filters(row: ListRow, q: DialogQuery): boolean {
  filtered = row;
  try {
    return matchesQuery(row.dialog, parts(q).noSearch, rowContext);
  } finally {
    filtered = null;
  }
}

/** How one change stands against one query. */
export interface Evaluation {
  /** The row before matched the query / the query without its tags (T7's base). */
  was: Tri;
  wasBase: Tri;
  now: Tri;
  nowBase: Tri;
}

/**
 * Evaluates a change against `q`. Without search every answer is exact. With search, the message
 * part is known from the row's texts, from the window (a row in it matched; with the whole answer
 * loaded, a row outside did not), and from the new message; a search part that matched stays
 * matched (messages are only added), unless the client was renamed.
 */
export function evaluate(q: DialogQuery, change: RowChange, know: WindowKnowledge): Evaluation {
  const search = q.search.trim();
  const base = parts(q).base;
  const { was, now } = change;
  if (!search) {
    return {
      was: was === undefined ? null : was ? filters(was, q) : false,
      wasBase: was === undefined ? null : was ? filters(was, base) : false,
      now: now ? filters(now, q) : false,
      nowBase: now ? filters(now, base) : false,
    };
  }
  // The search part of the row before.
  let wasSearch: Tri;
  let wasFull: Tri;
  if (was === undefined) {
    wasSearch = null;
    wasFull = null;
  } else if (was === null) {
    wasSearch = false;
    wasFull = false;
  } else {
    const f = filters(was, q);
    if (textual(was, search) || know.has(change.id)) wasSearch = true;
    else if (was.dialog.lastN === 0 || (know.complete && f)) wasSearch = false;
    else wasSearch = null;
    wasFull = know.has(change.id) ? true : know.complete ? false : and(f, wasSearch);
  }
  let nowSearch: Tri = false;
  if (now) {
    if (textual(now, search) || (change.text !== undefined && includesFolded(change.text, search))) nowSearch = true;
    // A dialog new to the operator: its history is known only when it has none but this message.
    else if (was === null) nowSearch = now.dialog.lastN <= (change.text !== undefined ? 1 : 0) ? false : null;
    else if (change.renamed) nowSearch = null;
    else nowSearch = wasSearch;
  }
  return {
    was: wasFull,
    wasBase: was === undefined ? null : was ? and(filters(was, base), wasSearch) : false,
    now: now ? and(filters(now, q), nowSearch) : false,
    nowBase: now ? and(filters(now, base), nowSearch) : false,
  };
}

/** N2: how the change moves the number of unread dialogs, or `null` when the backend did not say. */
export function unreadDelta(change: Pick<RowChange, 'was' | 'now'>): number | null {
  if (change.was === undefined) return null;
  const before = change.was ? isUnread(change.was.dialog, change.was.read ?? undefined) : false;
  const after = change.now ? isUnread(change.now.dialog, change.now.read ?? undefined) : false;
  return Number(after) - Number(before);
}

/** T7: adds the change's effect on tag counts to `counts` (pinned links only under the pinned switch). Returns false when unknown. */
export function applyTagDelta(counts: Record<Id, number>, q: DialogQuery, change: RowChange, e: Evaluation): boolean {
  if (e.wasBase === null || e.nowBase === null) return false;
  const move = (row: ListRow | null | undefined, sign: number) => {
    if (!row?.client) return;
    for (const t of effectiveTags(row.client.tags, q.tags.pinned)) {
      const n = (counts[t.tagId] ?? 0) + sign;
      if (n > 0) counts[t.tagId] = n;
      else delete counts[t.tagId];
    }
  };
  if (e.wasBase) move(change.was, -1);
  if (e.nowBase) move(change.now, 1);
  return true;
}

/** Settings the sort keys depend on. */
export type SortSettings = Pick<ChatSettings, 'responseTimeLimitMs'>;
