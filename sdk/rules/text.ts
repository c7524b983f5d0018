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
