/** Text matching shared by search (L6) and tag search (T5): case- and accent-insensitive. */

/** Lower-cases and strips diacritics, so "Envío" and "envio" compare equal. */
export function foldText(text: string): string {
  let f = folded.get(text);
  if (f === undefined) {
    f = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    // Titles and names recur on every keystroke of a search: keep a bounded cache.
    if (folded.size >= FOLD_CACHE_LIMIT) folded.clear();
    folded.set(text, f);
  }
  return f;
}

const FOLD_CACHE_LIMIT = 50_000;
const folded = new Map<string, string>();

/** Whether `haystack` contains `needle`, ignoring case and accents. An empty needle matches. */
export function includesFolded(haystack: string, needle: string): boolean {
  const n = foldText(needle.trim());
  return n === '' || foldText(haystack).includes(n);
}

/**
 * Where the search `needle` occurs in `text`, ignoring case and accents as {@link foldText} does,
 * in `text`'s own UTF-16 offsets: `[start, end)`, or `null` (also for an empty needle). Each
 * character is folded on its own, so a match maps back to the characters it came from.
 */
export function findFolded(text: string, needle: string): [number, number] | null {
  const n = foldText(needle.trim());
  if (!n) return null;
  let folded = '';
  // at[i]: the offset in `text` of the character folded[i] came from.
  const at: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const f = foldText(text.slice(i, i + size));
    for (let k = 0; k < f.length; k++) at.push(i);
    folded += f;
    i += size;
  }
  const found = folded.indexOf(n);
  if (found < 0) return null;
  const last = at[found + n.length - 1]!;
  const end = last + (text.codePointAt(last)! > 0xffff ? 2 : 1);
  // Marks that followed the last matched character (stripped by folding) belong to it.
  let stop = end;
  while (stop < text.length && /\p{M}/u.test(text[stop]!)) stop++;
  return [at[found]!, stop];
}

/** A short excerpt of a message around a search match: what a list row shows (L6). */
export interface Snippet {
  /** The excerpt, line breaks as spaces, "…" where it was cut. */
  text: string;
  /** Where the match is in `text`: `[start, end)` in UTF-16 code units. */
  match: [number, number];
}

/** Characters of context kept before the match and after it in a {@link searchSnippet}. */
export const SNIPPET_BEFORE = 24;
export const SNIPPET_AFTER = 96;

/**
 * The excerpt of `text` around the first match of `needle` (case and accents ignored), or `null`
 * when it does not occur: a few words before the match, so a narrow row still shows it, and the
 * rest of the line after it. Cuts fall between words where one is near, never inside a
 * surrogate pair.
 */
export function searchSnippet(text: string, needle: string): Snippet | null {
  const m = findFolded(text, needle);
  if (!m) return null;
  let from = Math.max(0, m[0] - SNIPPET_BEFORE);
  let to = Math.min(text.length, m[1] + SNIPPET_AFTER);
  if (from > 0) {
    const space = text.slice(from, m[0]).search(/\s/u);
    if (space >= 0 && from + space + 1 <= m[0]) from += space + 1;
    else if (isLowSurrogate(text.charCodeAt(from))) from++;
  }
  if (to < text.length) {
    const space = text.slice(m[1], to).search(/\s\S*$/u);
    if (space > 0) to = m[1] + space;
    else if (isLowSurrogate(text.charCodeAt(to))) to--;
  }
  const head = from > 0 ? '…' : '';
  const body = text.slice(from, to).replace(/[\r\n\t]/g, ' ');
  return { text: head + body + (to < text.length ? '…' : ''), match: [m[0] - from + head.length, m[1] - from + head.length] };
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * What search (L6) matches in a client, folded: the name, then each contact's handle (phone,
 * e-mail, messenger handle) and, for a handle with five digits or more, its digits alone, so
 * "9161234567" finds "+7 (916) 123-45-67". Parts are joined by U+001F, a character no search text
 * can contain (`storableText`), so a match never spans two parts.
 */
export function clientSearchText(client: { name: string; contacts?: ReadonlyArray<{ handle: string }> | undefined }): string {
  const parts = [client.name];
  for (const c of client.contacts ?? []) {
    parts.push(c.handle);
    const digits = c.handle.replace(/\D/g, '');
    if (digits.length >= 5 && digits !== c.handle) parts.push(digits);
  }
  return foldText(parts.join(SEARCH_PART_SEPARATOR));
}

/** Joins the parts of {@link clientSearchText}. */
export const SEARCH_PART_SEPARATOR = '\u001f';

// ------------------------------------------------------------------ text that can be stored

/**
 * Why `text` cannot be stored and shown as it was typed, or `null` when it can. One rule for every
 * text a backend stores (messages, quick replies, names, search text), applied by the input
 * schemas (`sdk/schema.ts`) on both sides: the SDK refuses before sending, the server refuses with
 * `400 validation` naming the field. Refused:
 *
 * - **lone surrogates** (half of a UTF-16 pair): not a character at all; they cannot be encoded
 *   as UTF-8, so no database or other client can receive them;
 * - **control characters** (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) except tab, line
 *   feed and carriage return. NUL cannot be stored in PostgreSQL text at all; the others cannot
 *   be typed in a composer, render as nothing (or as boxes), break XML exports, and in logs and
 *   terminals can carry escape sequences (ESC, U+001B). A user never means them.
 *
 * Everything else is kept exactly: emoji, combining marks, bidirectional marks (which right-to-left
 * text needs), zero-width joiners, private-use characters.
 *
 * With `singleLine`, tab, line feed and carriage return are refused as well (identifiers).
 */
export function textProblem(text: string, options: { singleLine?: boolean } = {}): string | null {
  const re = options.singleLine ? UNSTORABLE_SINGLE_LINE : UNSTORABLE;
  re.lastIndex = 0;
  const m = re.exec(text);
  if (!m) return null;
  const unit = m[0].charCodeAt(0);
  const code = `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
  const at = [...text.slice(0, m.index)].length + 1;
  if (unit >= 0xd800 && unit <= 0xdfff) return `contains half of a surrogate pair (${code}) at character ${at}, which is not text`;
  if (unit === 0) return `contains a NUL character (U+0000) at character ${at}, which cannot be stored`;
  return `contains the control character ${code} at character ${at}; only tab, line feed and carriage return are allowed`;
}

// Without the `u` flag, so that each half of a surrogate pair is seen on its own.
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSTORABLE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]|${LONE_SURROGATE}`, 'g');
const UNSTORABLE_SINGLE_LINE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F]|${LONE_SURROGATE}`, 'g');

// ------------------------------------------------------------------ cutting text

/** Code points a dialog's last-message preview keeps (the dialog list, L4). */
export const LIST_PREVIEW_LENGTH = 300;
/** Code points a quote keeps of the quoted message (M1). */
export const QUOTE_PREVIEW_LENGTH = 500;

let graphemes: Intl.Segmenter | null | undefined;

/**
 * Shortens `text` to at most `max` code points without breaking a character: never between the
 * two halves of a surrogate pair (an emoji), and never inside a grapheme cluster (an emoji with
 * its skin tone or ZWJ sequence, a letter with its combining marks, a flag) unless that one cluster
 * is longer than `max` by itself, where it is cut between code points. Text within the limit is
 * returned as it is. The one function for every shortened text (previews, quotes, titles, names).
 */
export function cutText(text: string, max: number): string {
  if (max <= 0) return '';
  // At most `max` UTF-16 units: at most `max` code points.
  if (text.length <= max) return text;
  let end = 0;
  for (let count = 0; count < max && end < text.length; count++) {
    const c = text.charCodeAt(end);
    const pair = c >= 0xd800 && c <= 0xdbff && end + 1 < text.length && (text.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
    end += pair ? 2 : 1;
  }
  if (end >= text.length) return text;
  if (graphemes === undefined) graphemes = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (!graphemes) return text.slice(0, end);
  // The start of the cluster that `end` falls in (or `end` itself, at a boundary).
  let boundary = 0;
  for (const { index } of graphemes.segment(text)) {
    if (index > end) break;
    boundary = index;
  }
  return text.slice(0, boundary > 0 ? boundary : end);
}
