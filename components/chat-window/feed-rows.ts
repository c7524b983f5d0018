/**
 * The rows of `<chat-window>`'s feed as data: messages with the day separators that follow them,
 * the top row, the day labels and the height estimates the virtualized feed starts from.
 */
import type { Message } from '../../sdk/model.js';
import { isPreviewableImage } from '../../sdk/rules/attachments.js';
import { formatDate, type Locale } from '../i18n.js';
import { imageBox } from './message-bubble.js';

/** A row of the feed: the top row (history start or loading), or a message with the day that follows it. */
export type FeedRow =
  | { kind: 'top'; key: 'top'; firstAt: number | null }
  | {
      kind: 'message';
      key: string;
      message: Message;
      /** When the next message starts a new day: its time (the separator is drawn under this row). */
      dayAfter: number | null;
    };

/** Rows appended to or prepended to the previous rows, found by {@link FeedController.sync}. */
export interface FeedChange {
  /** Messages new at the end (not prepended history). */
  appended: Message[];
  /** Outgoing messages that turned failed since the previous sync. */
  newlyFailed: Message[];
  /** Whether this sync loaded the first page of a dialog. */
  initial: boolean;
}

const days = new WeakMap<Message, number>();

/** The local day of a message's time, as a number comparable between messages (cached per message). */
function dayOf(m: Message): number {
  let day = days.get(m);
  if (day === undefined) days.set(m, (day = dayNumber(m.createdAt)));
  return day;
}

const HOUR = 3_600_000;
const offsets = new Map<number, number>();

/**
 * The local day of `ts`, as a number comparable between times. The time-zone offset is looked
 * up once per hour (it only changes on the hour), so a 10,000-message history costs a few
 * hundred `Date` objects, not 10,000.
 */
function dayNumber(ts: number): number {
  const hour = Math.floor(ts / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = new Date(ts).getTimezoneOffset() * 60_000;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return Math.floor((ts - offset) / 86_400_000);
}

const rowsByMessage = new WeakMap<Message, Extract<FeedRow, { kind: 'message' }>>();

/**
 * Builds the rows of a feed. Day separators hang under the last message of a day, so
 * prepending older messages never changes a row already on screen (0 px shift); the day of
 * the first loaded message is drawn by the top row. Rows are reused per message object, so a
 * new message costs a walk over the array, not new rows for the whole history.
 */
export function buildRows(messages: readonly Message[]): FeedRow[] {
  const rows: FeedRow[] = new Array<FeedRow>(messages.length + 1);
  rows[0] = { kind: 'top', key: 'top', firstAt: messages[0]?.createdAt ?? null };
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const next = messages[i + 1];
    const dayAfter = next && dayOf(next) !== dayOf(m) ? next.createdAt : null;
    let row = rowsByMessage.get(m);
    if (!row || row.dayAfter !== dayAfter) rowsByMessage.set(m, (row = { kind: 'message', key: m.id, message: m, dayAfter }));
    rows[i + 1] = row;
  }
  return rows;
}

/** The label of a day separator: "Today", "Yesterday" or the date. */
export function dayLabel(locale: Locale, ts: number, words: { today: string; yesterday: string }, now = Date.now()): string {
  const day = dayNumber(ts);
  const today = dayNumber(now);
  if (day === today) return words.today;
  if (day === today - 1) return words.yesterday;
  return formatDate(locale, ts, now);
}

/** Height of the top row (history start / loading / first day), fixed so its changes never move the feed. */
export const TOP_ROW_HEIGHT = 76;

/** The index of a message id, searching from the newest (where the window and new messages are). */
export function lastIndexOf(messages: readonly Message[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.id === id) return i;
  return -1;
}

const estimates = new WeakMap<Message, number>();

/** An estimate of a row's height before it is measured. */
export function estimateRow(row: FeedRow | undefined, bubbleWidth: number): number {
  if (!row) return 60;
  if (row.kind === 'top') return TOP_ROW_HEIGHT;
  const m = row.message;
  let h = estimates.get(m);
  if (h === undefined) {
    if (m.kind === 'event') h = 34;
    else {
      // Cheap on purpose (it runs for every message of a long history): length and line breaks.
      const perLine = Math.max(16, Math.floor((bubbleWidth - 24) / 7.6));
      let lines = m.text ? Math.ceil(m.text.length / perLine) : 0;
      for (let i = m.text.indexOf('\n'); i >= 0 && lines < 200; i = m.text.indexOf('\n', i + 1)) lines++;
      h = 58 + lines * 20;
      if (m.quote) h += 50;
      for (const a of m.attachments) h += a.kind === 'image' && a.available && isPreviewableImage(a.mime) ? imageBox(a).height + 8 : 52;
      if (m.status?.state === 'failed') h += 34;
    }
    estimates.set(m, h);
  }
  return h + (row.dayAfter !== null ? 36 : 0);
}

/** How the top row reads: more history to load, loading it, or the start reached. */
export type TopState = 'more' | 'loading' | 'start' | 'error';
