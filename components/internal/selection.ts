/**
 * Multiple selection over ordered rows (listbox pattern): toggle one, Shift extends from the last
 * toggled row (the anchor), select all. The host owns the selection (a public property) and is
 * told every change; this keeps the set for lookups and the anchor.
 */
import type { Id } from '../../sdk/model.js';

/** Rows by index, as a list shows them. */
export interface OrderedRows {
  readonly length: number;
  at(i: number): { id: Id } | undefined;
  indexOf(id: Id): number;
}

export class SelectionModel {
  private set: ReadonlySet<Id> = new Set();
  private anchor: Id | null = null;

  constructor(private readonly change: (ids: readonly Id[]) => void) {}

  /** Call when the host's selection changed (set from outside, or after {@link change}). */
  sync(ids: readonly Id[]): void {
    this.set = new Set(ids);
  }

  has(id: Id): boolean {
    return this.set.has(id);
  }

  /** The set of selected ids (for rendering). */
  get ids(): ReadonlySet<Id> {
    return this.set;
  }

  /** Toggles `id`; with `range`, selects every row between the anchor and `id` instead. */
  toggle(current: readonly Id[], rows: OrderedRows, id: Id, range = false): void {
    if (range && this.anchor) {
      const a = rows.indexOf(this.anchor);
      const b = rows.indexOf(id);
      if (a >= 0 && b >= 0) {
        const [from, to] = a < b ? [a, b] : [b, a];
        const ids = new Set(current);
        for (let i = from; i <= to; i++) ids.add(rows.at(i)!.id);
        this.change([...ids]);
        return;
      }
    }
    this.anchor = id;
    this.change(this.set.has(id) ? current.filter((x) => x !== id) : [...current, id]);
  }
}
