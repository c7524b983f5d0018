/**
 * The dialog list in SQL: a page by keyset in the sort's order, the counts (from the facet
 * aggregates, or a scan under a search), the candidates of a search (L6) from the trigram
 * indexes, and the query's predicates.
 */
import type { ChatSettings, ClientSummary, ClientTag, CountName, Dialog, Id, ListCounts, Message, Operator } from '../../sdk/model.js';
import { effectiveSort, withoutTags, type DialogQuery, type SortKey } from '../../sdk/rules/query.js';
import { tagCounts } from '../../sdk/rules/tags.js';
import { foldText } from '../../sdk/rules/text.js';
import { SEARCH_TOTAL_CAP } from '../core/storage.js';
import { type DialogRow, DIALOG_COLUMNS, MESSAGE_COLUMNS, type MessageRow, toDialog, toMessage, type SqlContext } from './sql-rows.js';

/**
 * L6: the ids of the dialogs whose title, client text or any message contains the (folded)
 * needle, from the trigram indexes, when there are few enough to filter by; `null` for a
 * needle too short for trigrams or too common (more than {@link SEARCH_ID_CAP} matching rows):
 * then the query walks the list's order and tests each dialog, which finds the first rows of a
 * common word soonest. The candidate rows are read with UNION ALL under a LIMIT, so a common
 * word stops early instead of collecting every match.
 */
export async function searchIds(c: SqlContext, memos: Map<string, readonly string[] | null>, query: DialogQuery): Promise<readonly string[] | null> {
  const n = foldText(query.search.trim());
  if ([...n].length < 3) return null;
  const memo = c.link ? memos.get(n) : undefined;
  if (memo !== undefined) return memo;
  const r = await c.q.query<{ id: string }>(
    `(SELECT dialog_id AS id FROM messages WHERE search_text LIKE $1
      UNION ALL SELECT id FROM dialogs WHERE search_title LIKE $1
      UNION ALL SELECT d.id FROM clients c JOIN dialogs d ON d.client_id = c.id WHERE c.search_name LIKE $1)
     LIMIT $2`,
    [likePattern(n), SEARCH_ID_CAP + 1],
  );
  const ids = r.rows.length > SEARCH_ID_CAP ? null : [...new Set(r.rows.map((x) => x.id))];
  if (c.link) memos.set(n, ids);
  return ids;
}

/** A page of the list (keyset, in the sort's order): the dialogs after `after`. */
export async function listPage(
  c: SqlContext,
  memo: Map<string, readonly string[] | null>,
  settings: ChatSettings,
  viewer: Operator,
  query: DialogQuery,
  after: SortKey | null,
  limit: number,
): Promise<Dialog[]> {
  const ids = await searchIds(c, memo, query);
  const processing = effectiveSort(query.sort, settings) === 'processing';
  const out: Dialog[] = [];
  const cols = DIALOG_COLUMNS.split(', ')
    .map((c) => `d.${c}`)
    .join(', ');
  const run = async (group: 0 | 1, from: SortKey | null, n: number) => {
    const w = new SqlWhere();
    dialogPredicate(w, viewer, query, ids);
    if (group === 0) {
      w.add(`d.status = 'open' AND d.waiting_since IS NOT NULL`);
      if (from) w.add(`(d.waiting_since > ${w.param(from[1])} OR (d.waiting_since = ${w.param(from[1])} AND d.id COLLATE "C" > ${w.param(from[2])}))`);
    } else {
      if (processing) w.add(`NOT (d.status = 'open' AND d.waiting_since IS NOT NULL)`);
      if (from) w.add(`(d.last_activity_at < ${w.param(-from[1])} OR (d.last_activity_at = ${w.param(-from[1])} AND d.id COLLATE "C" > ${w.param(from[2])}))`);
    }
    // One channel (F5): the channel leads the order (a constant, so the same rows in the same
    // order) so that the page is a range of the channel's index (migration 008); PostgreSQL
    // otherwise walked the activity index and skipped the other channels' dialogs (it believes
    // that walk reads the heap in order): ten times the pages for a large channel, all of them for
    // a channel with few dialogs.
    const byChannel = query.channels.length === 1 ? 'd.channel_id, ' : '';
    const order = group === 0 ? `d.waiting_since, d.id COLLATE "C"` : `${byChannel}d.last_activity_at DESC, d.id COLLATE "C"`;
    const r = await c.q.query<DialogRow>(`SELECT ${cols} FROM dialogs d LEFT JOIN clients c ON c.id = d.client_id WHERE ${w.sql()} ORDER BY ${order} LIMIT ${w.param(n)}`, w.params);
    for (const row of r.rows) out.push(toDialog(row));
  };
  if (processing && (!after || after[0] === 0)) await run(0, after, limit);
  if (out.length < limit) await run(1, after && after[0] === 1 ? after : null, limit - out.length);
  return out;
}

/**
 * The summaries of a page's clients (Storage.clientSummaries): only the columns a row shows,
 * where reading the whole record (contacts, source, analytics, orders) and parsing its jsonb
 * took most of a page's client read at 1M.
 */
export async function clientSummaries(c: SqlContext, ids: readonly Id[]): Promise<ClientSummary[]> {
  if (ids.length === 0) return [];
  const r = await c.q.query<{ id: string; name: string; avatar_url: string | null; tags: ClientSummary['tags']; blocked: boolean }>(
    'SELECT id, name, avatar_url, tags, blocked FROM clients WHERE id = ANY($1::text[])',
    [ids],
  );
  const byId = new Map(r.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const s: ClientSummary = { id: row.id, name: row.name, tags: row.tags, blocked: row.blocked };
    if (row.avatar_url) s.avatarUrl = row.avatar_url;
    return [s];
  });
}

/** The counts of a list (L1, T7): from the facet aggregates, or a walk bounded by the cap under a search (L6). */
export async function listCounts(c: SqlContext, memo: Map<string, readonly string[] | null>, viewer: Operator, query: DialogQuery, what: readonly CountName[]): Promise<ListCounts> {
  const out: ListCounts = {};
  const search = foldText(query.search.trim());
  const ids = search ? await searchIds(c, memo, query) : null;
  if (what.includes('unread')) {
    const r = await c.q.query<{ n: number }>('SELECT unread_dialogs AS n FROM operator_counts WHERE operator_id = $1', [viewer.id]);
    out.unreadDialogs = r.rows[0]?.n ?? 0;
  }
  const t = query.tags;
  // Under a search, the tags' walk (the query without its tag part) also answers the total when
  // the query has no tag part: one walk for both.
  const walk = search && what.includes('tags') ? await searchWalk(c, viewer, withoutTags(query), ids) : null;
  if (what.includes('total')) {
    const w = new SqlWhere();
    let r;
    if (walk && t.mode === 'all' && !t.pinned) {
      r = { rows: [{ n: String(walk.dialogs.length) }] };
      if (walk.more) out.totalAtLeast = true;
    } else if (search) {
      // Search (L6) is not a facet: the matches are counted up to the cap (a common word's every
      // match would be a scan of all history), and more are flagged "at least" (ListCounts).
      // Without the trigram ids (a common word), in the order of activity: an index walk that
      // meets the matches soon and joins each client by key, where an unordered count made
      // PostgreSQL hash all clients first (4.6 s at 1M, 0.5 s this way).
      dialogPredicate(w, viewer, query, ids);
      const order = ids ? '' : ' ORDER BY d.last_activity_at DESC';
      r = await c.q.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM dialogs d LEFT JOIN clients c ON c.id = d.client_id WHERE ${w.sql()}${order} LIMIT ${SEARCH_TOTAL_CAP + 1}) x`,
        w.params,
      );
      if (Number(r.rows[0]?.n ?? 0) > SEARCH_TOTAL_CAP) {
        r = { rows: [{ n: String(SEARCH_TOTAL_CAP) }] };
        out.totalAtLeast = true;
      }
    } else if (t.mode === 'list' && t.tags.length > 1) {
      // T8: two tags or more (AND): the facets by whole tag set.
      facetPredicate(w, viewer, query);
      r = await c.q.query<{ n: string }>(`SELECT coalesce(sum(f.n), 0) AS n FROM dialog_facets f WHERE ${w.sql()}`, w.params);
    } else if (t.mode === 'list' && t.tags.length === 1) {
      // T4: one tag (pinned by the client under the pinned switch, T6).
      filterPredicate(w, viewer, query, COUNT_QUERY_COLUMNS);
      w.add(`f.tag_id = ${w.param(t.tags[0])}`);
      if (t.pinned) w.add('f.pinned');
      r = await c.q.query<{ n: string }>(`SELECT coalesce(sum(f.n), 0) AS n FROM dialog_tag_counts f WHERE ${w.sql()}`, w.params);
    } else {
      // Any tags, the pinned switch (T6) or no tags (T3).
      filterPredicate(w, viewer, query, COUNT_QUERY_COLUMNS);
      if (t.mode === 'none') w.add('NOT f.tagged');
      else if (t.pinned) w.add('f.pinned');
      r = await c.q.query<{ n: string }>(`SELECT coalesce(sum(f.n), 0) AS n FROM dialog_counts f WHERE ${w.sql()}`, w.params);
    }
    out.total = Number(r.rows[0]?.n ?? 0);
  }
  if (what.includes('tags')) {
    const base = withoutTags(query);
    out.tags = {};
    if (walk) {
      // T7 under a search (L6) is not a facet either: the tags of the first matches of the query
      // without its tag part, in the order of activity (an index walk that stops at the cap, as the
      // total's), counted as the memory storage counts them. More matches than the cap:
      // the counts are lower bounds, flagged `tagsAtLeast` (a common word's every match would be a
      // scan of all history: 127 s at 1M).
      const counts = tagCounts(walk.dialogs, walk.clients, query.tags.pinned);
      for (const [tag, n] of counts) out.tags[tag] = n;
      if (walk.more) out.tagsAtLeast = true;
    } else {
      // T7: per tag, from the per-tag aggregate (only pinned links under the pinned switch).
      const w = new SqlWhere();
      filterPredicate(w, viewer, base, COUNT_QUERY_COLUMNS);
      if (query.tags.pinned) w.add('f.pinned');
      const r = await c.q.query<{ tag: string; n: string }>(`SELECT f.tag_id AS tag, sum(f.n) AS n FROM dialog_tag_counts f WHERE ${w.sql()} GROUP BY 1`, w.params);
      for (const row of r.rows) if (Number(row.n) > 0) out.tags[row.tag] = Number(row.n);
    }
  }
  return out;
}

/**
 * L6, T7: the first {@link SEARCH_TOTAL_CAP} dialogs `query` (with its search) selects, newest
 * activity first then id (the list's activity order), as their clients' tags; `more` when there
 * are more. Without the trigram ids (a common word) an index walk of `dialogs_activity_idx` that
 * stops at the cap; with them, a sort of at most {@link SEARCH_ID_CAP} candidates.
 */
async function searchWalk(
  c: SqlContext,
  viewer: Operator,
  query: DialogQuery,
  ids: readonly string[] | null,
): Promise<{ dialogs: Array<{ clientId: Id | null }>; clients: Map<Id, { tags: ClientTag[] }>; more: boolean }> {
  const w = new SqlWhere();
  dialogPredicate(w, viewer, query, ids);
  const r = await c.q.query<{ client_id: string | null; tags: ClientTag[] | null }>(
    `SELECT d.client_id, c.tags FROM dialogs d LEFT JOIN clients c ON c.id = d.client_id WHERE ${w.sql()} ORDER BY d.last_activity_at DESC, d.id COLLATE "C" LIMIT ${SEARCH_TOTAL_CAP + 1}`,
    w.params,
  );
  const rows = r.rows.slice(0, SEARCH_TOTAL_CAP);
  const clients = new Map<Id, { tags: ClientTag[] }>();
  for (const row of rows) if (row.client_id !== null) clients.set(row.client_id, { tags: row.tags ?? [] });
  return { dialogs: rows.map((row) => ({ clientId: row.client_id })), clients, more: r.rows.length > SEARCH_TOTAL_CAP };
}

// ------------------------------------------------------------------ the query in SQL

/** A WHERE clause being built, with its parameters. */
export class SqlWhere {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  /** A placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(condition: string): void {
    this.parts.push(condition);
  }
  sql(): string {
    return this.parts.length ? this.parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
  }
}

/** Where the columns a query filters on live: a dialog row (`d`, its client `c`) or a facet (`f`). */
export interface QueryColumns {
  status: string;
  channel: string;
  assigneeKind: string;
  assigneeId: string;
  authorKind: string;
  waiting: string;
  /** `null`: the table has no tag column (the caller filters on tags itself). */
  tags: string | null;
}

export const DIALOG_QUERY_COLUMNS: QueryColumns = {
  status: 'd.status',
  channel: 'd.channel_id',
  assigneeKind: `coalesce(d.assignee->>'kind', '')`,
  assigneeId: `coalesce(d.assignee->>'id', '')`,
  authorKind: `coalesce(d.last_message->'author'->>'kind', '')`,
  waiting: 'd.waiting_since IS NOT NULL',
  // A subquery per row, not the joined `c.tags`: the planner cannot estimate jsonb containment
  // (it guessed 42 of 15,835 dialogs with two tags at 1M), so with the join it hashed every
  // client and sorted (6-16 s); as a subplan it walks the sort's index and stops at the page.
  tags: `coalesce((SELECT ct.tags FROM clients ct WHERE ct.id = d.client_id), '[]'::jsonb)`,
};

export const FACET_QUERY_COLUMNS: QueryColumns = {
  status: 'f.status',
  channel: 'f.channel_id',
  assigneeKind: 'f.assignee_kind',
  assigneeId: 'f.assignee_id',
  authorKind: 'f.author_kind',
  waiting: 'f.waiting',
  tags: 'f.tags',
};

/** The columns of `dialog_counts f` and `dialog_tag_counts f` (migration 007): the tag part is the caller's. */
export const COUNT_QUERY_COLUMNS: QueryColumns = { ...FACET_QUERY_COLUMNS, tags: null };

/**
 * `matchesQuery` of `sdk/rules/query.ts` and `canSeeDialog` (H1) in SQL, except the search: a
 * property test checks both agree on random queries (test/server/storage.node.test.ts).
 */
export function filterPredicate(w: SqlWhere, viewer: Operator, q: DialogQuery, col: QueryColumns): void {
  if (viewer.role !== 'administrator') w.add(`${col.assigneeKind} IN ('', 'bot') OR ${col.assigneeId} = ${w.param(viewer.id)}`);
  if (q.status !== 'all') w.add(`${col.status} = ${w.param(q.status)}`);
  if (q.channels.length) w.add(`${col.channel} = ANY(${w.param(q.channels)}::text[])`);
  if (q.operators.length) w.add(`${col.assigneeKind} = 'operator' AND ${col.assigneeId} = ANY(${w.param(q.operators)}::text[])`);
  if (q.bot) w.add(`${col.assigneeKind} = 'bot'`);
  switch (q.lastMessage) {
    case 'client':
      w.add(`${col.authorKind} = 'client'`);
      break;
    case 'operator':
      w.add(`${col.authorKind} IN ('operator', 'bot')`);
      break;
    case 'unanswered':
      w.add(col.waiting);
      break;
    case 'answered':
      w.add(`NOT (${col.waiting})`);
      break;
    case 'any':
      break;
  }
  const t = q.tags;
  if (col.tags === null) return;
  if (t.mode === 'none') {
    w.add(`jsonb_array_length(${col.tags}) = 0`);
    return;
  }
  if (t.pinned) w.add(`${col.tags} @> '[{"pinned": true}]'::jsonb`);
  if (t.mode === 'list') {
    for (const id of t.tags) w.add(`${col.tags} @> ${w.param(JSON.stringify([t.pinned ? { tagId: id, pinned: true } : { tagId: id }]))}::jsonb`);
  }
}

/** The whole predicate on `dialogs d LEFT JOIN clients c`, search included (L6: title, client name, any message). */
export function dialogPredicate(w: SqlWhere, viewer: Operator, q: DialogQuery, ids: readonly string[] | null = null): void {
  filterPredicate(w, viewer, q, DIALOG_QUERY_COLUMNS);
  const n = foldText(q.search.trim());
  if (!n) return;
  if (ids) {
    // The matches, found by the trigram indexes (SqlStorage.searchIds).
    w.add(`d.id = ANY(${w.param(ids)}::text[])`);
    return;
  }
  // LIKE '%…%' on folded text: what the pg_trgm GIN indexes of migration 005 answer.
  const p = w.param(likePattern(n));
  w.add(`d.search_title LIKE ${p} OR c.search_name LIKE ${p} OR EXISTS (SELECT 1 FROM messages m WHERE m.dialog_id = d.id AND m.search_text LIKE ${p})`);
}

/** At most this many candidate rows are collected from the trigram indexes for a search (L6). */
export const SEARCH_ID_CAP = 20_000;

/** `%needle%` for LIKE, with the needle's own `%`, `_` and `\\` taken literally. */
export function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The predicate on `dialog_facets f` (no search: the caller scans instead). */
export function facetPredicate(w: SqlWhere, viewer: Operator, q: DialogQuery): void {
  filterPredicate(w, viewer, q, FACET_QUERY_COLUMNS);
}

/** L6: the dialogs with a message containing the (folded) needle. */
export async function dialogsWithText(c: SqlContext, needle: string): Promise<Set<Id>> {
  const n = foldText(needle.trim());
  if (!n) return new Set();
  const r = await c.q.query<{ dialog_id: string }>(`SELECT DISTINCT dialog_id FROM messages WHERE search_text LIKE $1`, [likePattern(n)]);
  return new Set(r.rows.map((x) => x.dialog_id));
}
/** L6: per dialog, its newest message containing the (folded) needle. */
export async function matchedMessages(c: SqlContext, dialogIds: readonly Id[], needle: string): Promise<Map<Id, Message>> {
  const n = foldText(needle.trim());
  const out = new Map<Id, Message>();
  if (!n || dialogIds.length === 0) return out;
  // Per dialog, its messages newest first (the (dialog_id, n) key), the first that matches.
  const r = await c.q.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS.split(', ')
      .map((col) => `m.${col}`)
      .join(', ')} FROM unnest($1::text[]) AS x(id)
     CROSS JOIN LATERAL (SELECT ${MESSAGE_COLUMNS} FROM messages WHERE dialog_id = x.id AND search_text LIKE $2 ORDER BY n DESC LIMIT 1) m`,
    [dialogIds, likePattern(n)],
  );
  for (const row of r.rows) out.set(row.dialog_id, toMessage(row));
  return out;
}
