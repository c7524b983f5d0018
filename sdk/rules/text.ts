/** Text matching shared by search (L6) and tag search (T5): case- and accent-insensitive. */

/** Lower-cases and strips diacritics, so "Envío" and "envio" compare equal. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether `haystack` contains `needle`, ignoring case and accents. An empty needle matches. */
export function includesFolded(haystack: string, needle: string): boolean {
  const n = foldText(needle.trim());
  return n === '' || foldText(haystack).includes(n);
}
