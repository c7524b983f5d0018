/**
 * Keyboard of `<dialog-list>`'s listbox (WAI-ARIA listbox with one tab stop): ↑ / ↓ / Home / End
 * / Page Up / Page Down move, Enter opens, Space selects, Shift+↑ / Shift+↓ extend the selection,
 * Delete deletes, Ctrl+A selects all, Escape clears the selection, and letters go to the next
 * dialog whose client's name starts with them (type-ahead).
 */
import type { Id } from '../../sdk/model.js';
import { foldText } from '../../sdk/rules/text.js';
import type { Rows } from './hold-still.js';

/** Type-ahead: letters typed within this time form one search (WAI-ARIA listbox). */
const TYPEAHEAD_MS = 700;

/** What the keys act on. */
export interface ListKeysHost {
  rows(): Rows;
  /** Rows one Page Up / Page Down moves. */
  page(): number;
  selection(): readonly Id[];
  isSelected(id: Id): boolean;
  setFocusId(id: Id): void;
  open(id: Id): void;
  toggle(id: Id, range: boolean): void;
  setSelection(ids: readonly Id[]): void;
  selectAll(on: boolean): void;
  requestDelete(ids: Id[], trigger: HTMLElement): void;
  focusRow(index: number): Promise<void>;
  /** End: the last row (loading the rows below first). */
  focusEnd(): Promise<void>;
  /** A printable key not bound to anything else. */
  typeahead(e: KeyboardEvent, index: number): void;
  /** Any other key: the letters typed so far are done with (a `?` after it opens the help). */
  endTypeahead(): void;
}

/** The listbox's click handler: the checkbox toggles (Shift: a range), the row opens. */
export function listClick(h: ListKeysHost, e: MouseEvent): void {
  const target = e.target as Element;
  const id = target.closest<HTMLElement>('[role="option"]')?.dataset['id'];
  if (!id) return;
  h.setFocusId(id);
  if (target.closest('[data-role="select"]')) h.toggle(id, e.shiftKey);
  else h.open(id);
}

/** The listbox's keydown handler. */
export function listKeydown(h: ListKeysHost, e: KeyboardEvent): void {
  const row = (e.target as Element).closest<HTMLElement>('[role="option"]');
  // Alt+arrows belong to the inbox (previous / next dialog).
  if (!row || e.altKey || e.defaultPrevented) return;
  const id = row.dataset['id']!;
  const rows = h.rows();
  const selection = h.selection();
  const index = rows.indexOf(id);
  const mod = e.ctrlKey || e.metaKey;
  let to: number | null = null;
  if (e.key.length !== 1 || e.key === ' ' || mod) h.endTypeahead();
  switch (e.key) {
    case 'ArrowDown':
      to = index + 1;
      break;
    case 'ArrowUp':
      to = index - 1;
      break;
    case 'Home':
      to = 0;
      break;
    case 'End':
      e.preventDefault();
      void h.focusEnd();
      return;
    case 'PageDown':
      to = index + h.page();
      break;
    case 'PageUp':
      to = index - h.page();
      break;
    case 'Enter':
      e.preventDefault();
      h.open(id);
      return;
    case ' ':
      e.preventDefault();
      h.toggle(id, e.shiftKey);
      return;
    case 'Escape':
      if (selection.length) {
        e.preventDefault();
        h.setSelection([]);
      }
      return;
    case 'Delete':
      e.preventDefault();
      h.requestDelete(selection.length ? [...selection] : [id], row);
      return;
    case 'a':
    case 'A':
      if (mod) {
        e.preventDefault();
        h.selectAll(true);
        return;
      }
      h.typeahead(e, index);
      return;
    default:
      h.typeahead(e, index);
      return;
  }
  e.preventDefault();
  const target = Math.max(0, Math.min(rows.length - 1, to));
  if (e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    const tid = rows.at(target)?.id;
    if (tid && !h.isSelected(tid)) h.setSelection([...selection, tid]);
  }
  void h.focusRow(target);
}

/**
 * Type-ahead (WAI-ARIA listbox): a printable key goes to the next row whose name starts with what
 * was typed in the last moment; the same letter again goes on to the next such row.
 */
export class Typeahead {
  private typed = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Whether letters are being typed (a `?` then is a letter, not the help key). */
  get active(): boolean {
    return this.typed !== '';
  }

  /** The row a printable key goes to from `index` (null: not a type-ahead key, or no match). */
  find(e: KeyboardEvent, index: number, rows: Rows, nameOf: (i: number) => string): number | null {
    if (e.key.length !== 1 || e.key === ' ' || e.ctrlKey || e.metaKey || e.altKey) return null;
    e.preventDefault();
    clearTimeout(this.timer);
    this.typed += e.key;
    this.timer = setTimeout(() => (this.typed = ''), TYPEAHEAD_MS);
    const wanted = foldText(this.typed);
    // "aaa" cycles through the names starting with "a".
    const repeated = [...wanted].every((ch) => ch === wanted[0]);
    const prefix = repeated ? wanted.slice(0, 1) : wanted;
    const start = repeated || this.typed.length === 1 ? index + 1 : index;
    for (let k = 0; k < rows.length; k++) {
      const i = (start + k) % rows.length;
      if (foldText(nameOf(i)).startsWith(prefix)) return i;
    }
    return null;
  }

  /** Ends the typing now (another key was pressed). */
  reset(): void {
    clearTimeout(this.timer);
    this.typed = '';
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
