/**
 * The localization layer. Every visible string goes through {@link translate}; each element keeps
 * its strings beside it (`x.messages.ts`) in es, en and ru; hosts may override any string with
 * {@link setTranslations}. Dates and numbers go through `Intl`.
 */

/** Languages chatdesk ships. */
export type Locale = 'en' | 'es' | 'ru';

/** Every shipped locale. */
export const LOCALES: readonly Locale[] = ['en', 'es', 'ru'];

/** A string table; values may hold `{name}` placeholders. */
export type Strings = Record<string, string>;

/** One element's strings in every shipped language. English is the reference. */
export type Bundle<K extends string = string> = { en: Record<K, string>; es: Record<K, string>; ru: Record<K, string> };

const overrides: Partial<Record<Locale, Strings>> = {};

/** Lets a host replace any string (by key) for a language. */
export function setTranslations(locale: Locale, strings: Strings): void {
  overrides[locale] = { ...overrides[locale], ...strings };
}

/** Whether `value` is a shipped locale. */
export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'es' || value === 'ru';
}

/** Picks a shipped locale from a BCP 47 tag such as `es-MX`; English otherwise. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : 'en';
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
/** One cached `Intl.NumberFormat` per locale (creating one costs ~0.1 ms). */
function numberFormat(locale: Locale): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f;
}

/** Plural categories via Intl.PluralRules, cached per locale. */
const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * Looks up `key` in `bundle` for `locale` (host overrides first, English as fallback) and fills
 * `{name}` placeholders. A placeholder `{count|one|few|many|other}`-style is not used; plural
 * forms are separate keys with suffixes `_one`, `_few`, `_many`, `_other` chosen by `Intl.PluralRules`
 * when `params.count` is a number.
 */
export function translate<K extends string>(bundle: Bundle<K>, locale: Locale, key: K, params?: Record<string, string | number>): string {
  let k: string = key;
  const count = params?.['count'];
  if (typeof count === 'number') {
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    const form = `${key}_${rules.select(count)}`;
    if (overrides[locale]?.[form] ?? (bundle[locale] as Strings)[form] ?? (bundle.en as Strings)[form]) k = form;
    else if ((bundle.en as Strings)[`${key}_other`]) k = `${key}_other`;
  }
  const text = overrides[locale]?.[k] ?? (bundle[locale] as Strings)[k] ?? (bundle.en as Strings)[k] ?? k;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? numberFormat(locale).format(v) : v;
  });
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** One cached `Intl.DateTimeFormat` per locale and options. */
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Formats a time of day. */
export function formatTime(locale: Locale, ts: number): string {
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(ts);
}

/** Formats a date (day separators, file dates). */
export function formatDate(locale: Locale, ts: number, now = Date.now()): string {
  const d = new Date(ts);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return dateFormat(locale, sameYear ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }).format(ts);
}

/** Formats a date and time in full, for titles and assistive technology. */
export function formatDateTime(locale: Locale, ts: number): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ts);
}

/** Formats "5 min ago"-style relative times. */
export function formatRelative(locale: Locale, ts: number, now = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const s = Math.round((ts - now) / 1000);
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, 'second');
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

const unitFormats = new Map<string, Intl.NumberFormat>();
function unitFormat(locale: Locale, unit: string, maximumFractionDigits = 0): Intl.NumberFormat {
  const key = `${locale}|${unit}|${maximumFractionDigits}`;
  let f = unitFormats.get(key);
  if (!f) unitFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits })));
  return f;
}

/** Formats a duration such as a wait (F2): "12 min", "3 h 5 min". */
export function formatDuration(locale: Locale, ms: number): string {
  const min = Math.floor(ms / 60000);
  const nf = (v: number, unit: 'minute' | 'hour' | 'day') => unitFormat(locale, unit).format(v);
  if (min < 60) return nf(Math.max(0, min), 'minute');
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${nf(h, 'hour')} ${nf(min % 60, 'minute')}` : nf(h, 'hour');
  return nf(Math.floor(h / 24), 'day');
}

/** Formats a byte size: "1.2 MB". */
export function formatBytes(locale: Locale, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return unitFormat(locale, units[i]!, v < 10 && i > 0 ? 1 : 0).format(v);
}

/** Formats a number. */
export function formatNumber(locale: Locale, n: number): string {
  return numberFormat(locale).format(n);
}
