/** L1, N2, H3: unread counts derived from per-operator read positions. */
import type { Dialog, ReadState } from '../model.js';

/** L1: unread client messages of a dialog for the operator whose read state is given. */
export function unreadCount(dialog: Pick<Dialog, 'clientMessageCount'>, read: ReadState | undefined): number {
  return Math.max(0, dialog.clientMessageCount - (read?.readClientCount ?? 0));
}

/** H3: a dialog is unread when it has unread client messages or the operator marked it unread. */
export function isUnread(dialog: Pick<Dialog, 'clientMessageCount'>, read: ReadState | undefined): boolean {
  return unreadCount(dialog, read) > 0 || (read?.markedUnread ?? false);
}

/** N2: the number of unread dialogs. */
export function countUnreadDialogs(dialogs: Iterable<Dialog>, reads: ReadonlyMap<string, ReadState> | Readonly<Record<string, ReadState | undefined>>): number {
  const get = isMap(reads) ? (id: string) => reads.get(id) : (id: string) => (reads as Record<string, ReadState | undefined>)[id];
  let n = 0;
  for (const d of dialogs) if (isUnread(d, get(d.id))) n++;
  return n;
}

function isMap<V>(m: ReadonlyMap<string, V> | Readonly<Record<string, V | undefined>>): m is ReadonlyMap<string, V> {
  return typeof (m as ReadonlyMap<string, V>).get === 'function' && typeof (m as ReadonlyMap<string, V>).has === 'function';
}

/**
 * L1, H3: the mark-read policy. When the operator sees a dialog's newest messages (opening it, or
 * new ones arriving while it is shown), it is marked read if it has anything unread, unless the
 * operator marked it unread themselves (that mark stays until they read it on purpose).
 */
export function shouldMarkRead(dialog: Pick<Dialog, 'clientMessageCount'>, read: ReadState | undefined): boolean {
  return isUnread(dialog, read) && !read?.markedUnread;
}
