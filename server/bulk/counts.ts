/**
 * The count aggregates of a bulk load, summed while the rows are generated: what
 * `chatdesk_rebuild_counts()` (migrations 004 and 007) would compute from the tables, without
 * its scans (the rebuild took 29 s of a 100k load on this machine: a tag key per client in SQL,
 * one pass over all dialogs per operator). The seed test compares these rows with a rebuild.
 */
import type { ClientTag, Dialog, Operator } from '../../sdk/model.js';
import type { TableSpec, Value } from './tables.js';

const FACET = 'status:text channel_id:text assignee_kind:text assignee_id:text author_kind:text waiting:boolean';

/** The aggregate tables, with the columns the rows of {@link BulkCounts.rows} give. */
export const COUNT_TABLES = {
  dialog_facets: spec('dialog_facets', `${FACET} tags:jsonb n:integer`),
  dialog_counts: spec('dialog_counts', `${FACET} tagged:boolean pinned:boolean n:integer`),
  dialog_tag_counts: spec('dialog_tag_counts', `tag_id:text pinned:boolean ${FACET} n:integer`),
  operator_counts: spec('operator_counts', 'operator_id:text unread_dialogs:integer'),
};

function spec(name: string, columns: string): TableSpec {
  return { name, columns: columns.split(' ').map((c) => c.split(':') as [string, string]) };
}

/** Sums per key of the aggregate tables, for the dialogs given to {@link BulkCounts.add}. */
export class BulkCounts {
  private readonly facets = new Map<string, Value[]>();
  private readonly plain = new Map<string, Value[]>();
  private readonly perTag = new Map<string, Value[]>();
  private readonly unread = new Map<string, number>();

  constructor(private readonly operators: readonly Operator[]) {
    for (const o of operators) this.unread.set(o.id, 0);
  }

  /**
   * Counts one dialog of a client with `tags`; `unreadFor` lists the operators who see it and
   * for whom it is unread (N2: more client messages than they read, or marked unread).
   */
  add(d: Pick<Dialog, 'status' | 'channelId' | 'assignee' | 'lastMessage' | 'waitingSince'>, tags: readonly ClientTag[], unreadFor: readonly string[]): void {
    // chatdesk_tag_key(): by tag id (byte order), `pinned` always present.
    const key = tags.map((t) => ({ tagId: t.tagId, pinned: t.pinned === true })).sort((a, b) => (a.tagId < b.tagId ? -1 : a.tagId > b.tagId ? 1 : 0));
    const facet: Value[] = [d.status, d.channelId, d.assignee?.kind ?? '', d.assignee?.id ?? '', d.lastMessage?.author.kind ?? '', d.waitingSince !== null];
    const f = facet.join('\u0001');
    const tagged = key.length > 0;
    const pinned = key.some((t) => t.pinned);
    bump(this.facets, `${f}\u0002${key.map((t) => `${t.tagId}\u0003${t.pinned}`).join('\u0002')}`, () => [...facet, key]);
    bump(this.plain, `${f}\u0002${tagged}${pinned}`, () => [...facet, tagged, pinned]);
    for (const t of key) bump(this.perTag, `${f}\u0002${t.tagId}\u0003${t.pinned}`, () => [t.tagId, t.pinned, ...facet]);
    for (const id of unreadFor) this.unread.set(id, (this.unread.get(id) ?? 0) + 1);
  }

  /** The rows of each aggregate table. */
  rows(): Record<keyof typeof COUNT_TABLES, Value[][]> {
    return {
      dialog_facets: [...this.facets.values()],
      dialog_counts: [...this.plain.values()],
      dialog_tag_counts: [...this.perTag.values()],
      operator_counts: this.operators.map((o) => [o.id, this.unread.get(o.id) ?? 0]),
    };
  }
}

/** Adds one to the row of `key` (the row is the key's values, made by `values` the first time, followed by the count). */
function bump(map: Map<string, Value[]>, key: string, values: () => Value[]): void {
  const row = map.get(key);
  if (row) row[row.length - 1] = (row[row.length - 1] as number) + 1;
  else map.set(key, [...values(), 1]);
}
