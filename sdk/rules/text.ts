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
