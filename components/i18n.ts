/**
 * The localization layer. Every visible string goes through {@link translate}; each element keeps
 * its English strings beside it in a named bundle (`x.messages.ts`, {@link defineBundle}). The
 * other shipped languages (es, ru) are not in the bundle: each is one module in `locales/`, loaded
 * as a lazy chunk the first time a string is asked for in that language ({@link loadLocale}); the
 * English strings show until it arrives, then the elements re-render. Any BCP 47 locale can be added with
 * {@link registerLocale} (at start-up or later, e.g. from a lazily loaded chunk: elements
 * re-render when strings arrive); hosts override single strings with {@link setTranslations}.
 * Plural forms follow `Intl.PluralRules` of the locale; dates and numbers go through `Intl`.
 */
import { retryingImport } from './internal/retrying-import.js';

/**
 * A BCP 47 language tag (`en`, `es`, `ru`, `pt-BR`, `ar`...). An element shows the best
 * registered match of the tag it is given (`pt-BR` falls back to `pt`, then to English).
 */
export type Locale = 'en' | 'es' | 'ru' | (string & {});

/** Languages chatdesk ships. */
export const LOCALES: readonly Locale[] = ['en', 'es', 'ru'];

/** A string table; values may hold `{name}` placeholders. */
export type Strings = Record<string, string>;

/** The plural categories of `Intl.PluralRules`. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
const PLURAL_CATEGORIES: readonly PluralCategory[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * One element's strings. English is the reference (every key); the shipped translations sit
 * beside it; a named bundle ({@link defineBundle}) can also be translated by
 * {@link registerLocale} and {@link setTranslations} under its name. Plural forms are separate keys
 * `key_one`, `key_few`, `key_many`, `key_other`... chosen by `Intl.PluralRules` when
 * `params.count` is a number.
 */
export interface Bundle<K extends string = string> {
  /** The bundle's namespace in a locale's strings (`'tag-filter'`, `'common'`...). */
  readonly name?: string;
  readonly en: Readonly<Record<K, string>>;
  readonly es?: Readonly<LocaleBundle<K>>;
  readonly ru?: Readonly<LocaleBundle<K>>;
}

/** The keys of a bundle. */
export type BundleKey<B extends Bundle> = keyof B['en'] & string;

type PluralBase<K extends string> = K extends `${infer Base}_other` ? Base : never;
type PluralKey<K extends string> = PluralBase<K> | `${PluralBase<K>}_${PluralCategory}`;

/**
 * What a locale provides for a bundle with keys `K`: every plain key, `key_other` of every
 * plural, and the other plural forms its `Intl.PluralRules` needs (`key_one`, `key_few`,
 * `key_many`... : {@link missingStrings} lists the ones a locale lacks).
 */
export type LocaleBundle<K extends string> = { [P in Exclude<K, PluralKey<K>>]: string } & { [P in `${PluralBase<K>}_other`]: string } & {
  [P in PluralBase<K> | `${PluralBase<K>}_${Exclude<PluralCategory, 'other'>}`]?: string;
};

/** Options of {@link registerLocale}. */
export interface LocaleOptions {
  /** Text direction; by default from the locale's script (`ar`, `he`, `fa`... are right-to-left). */
  dir?: 'ltr' | 'rtl';
}

/** Named bundles, by name. */
const bundles = new Map<string, Bundle>();
/**
 * The shipped languages besides English, each a lazy chunk: locale -> its module. A failed download
 * is tried again the next time an element shows that language, from a new address if the browser
 * keeps the failure ({@link retryingImport}).
 */
const SHIPPED: Readonly<Record<string, () => Promise<{ default: object }>>> = {
  es: retryingImport(() => import('./locales/es.js')),
  ru: retryingImport(() => import('./locales/ru.js')),
};
/** Shipped strings loaded so far: locale -> bundle name -> strings. */
const shipped = new Map<string, Map<string, Strings>>();
/** Loads of shipped languages started (and not failed). */
const loading = new Map<string, Promise<void>>();
/** Registered strings: locale -> bundle name -> strings. */
const registered = new Map<string, Map<string, Strings>>();
/** Host overrides: locale -> bundle name (or `*` for every bundle) -> strings. */
const overrides = new Map<string, Map<string, Strings>>();
const directions = new Map<string, 'ltr' | 'rtl'>();
const listeners = new Set<() => void>();
let revision = 0;

function changed(): void {
  revision++;
  for (const listener of [...listeners]) listener();
}

function put(target: Map<string, Map<string, Strings>>, locale: string, name: string, strings: Strings, replace: boolean): void {
  let byName = target.get(locale);
  if (!byName) target.set(locale, (byName = new Map()));
  byName.set(name, replace ? { ...strings } : { ...byName.get(name), ...strings });
}

/**
 * Names a bundle of shipped strings, so locales registered later can translate it. Returns the
 * bundle.
 */
export function defineBundle<K extends string>(
  name: string,
  bundle: { readonly en: Readonly<Record<K, string>>; readonly es?: Readonly<LocaleBundle<NoInfer<K>>>; readonly ru?: Readonly<LocaleBundle<NoInfer<K>>> },
): Bundle<K> {
  const named: Bundle<K> = { ...bundle, name };
  bundles.set(name, named);
  return named;
}

/** Loaders of the on-demand parts that add English strings to a bundle when they arrive ({@link stringPart}). */
const stringParts = new Set<() => Promise<unknown>>();

/**
 * Names an on-demand part (a chunk loaded on first use) that adds keys to a bundle's English when
 * it arrives, so {@link loadAllStrings} can load it. Called by the element modules, once each.
 * @internal
 */
export function stringPart(load: () => Promise<unknown>): void {
  stringParts.add(load);
}

/**
 * Loads what {@link missingStrings} needs to see every key of the elements on the page: their
 * parts loaded on first use that bring strings of their own (`<chat-window>`'s windows,
 * `<dialog-list>`'s filter panel and bulk actions), and the shipped strings of `locale` when given.
 * Rejects when a chunk fails to load (a later call tries again).
 */
export async function loadAllStrings(locale?: Locale): Promise<void> {
  await Promise.all([...[...stringParts].map((load) => load()), locale ? loadLocale(locale) : undefined]);
}

/** The names of the bundles defined so far (the elements' modules loaded on the page). */
export function bundleNames(): string[] {
  return [...bundles.keys()];
}

const canonicalTags = new Map<string, string | null>();
/** The canonical form of a tag (cached), or `null` when it is not a well-formed BCP 47 tag. */
function canonical(tag: string): string | null {
  let value = canonicalTags.get(tag);
  if (value === undefined) {
    try {
      value = Intl.getCanonicalLocales(tag)[0] ?? null;
    } catch {
      value = null;
    }
    if (canonicalTags.size > 500) canonicalTags.clear();
    canonicalTags.set(tag, value);
  }
  return value;
}

/** Whether `value` is a well-formed BCP 47 language tag (registered or not). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && value !== '' && canonical(value) !== null;
}

/**
 * Adds (or replaces) a language: `strings` holds every bundle's strings under the bundle's name
 * (`{ common: {...}, 'tag-filter': {...}, ... }`). Typed through `ChatdeskStrings` in the package
 * entry, so a missing key is a type error; at run time a missing string falls back to the
 * locale's parent (`pt-BR` -> `pt`) and then to English, and {@link missingStrings} lists them.
 * Elements showing this locale re-render.
 */
export function registerLocale(tag: Locale, strings: Readonly<Record<string, Readonly<Strings> | undefined>>, options: LocaleOptions = {}): void {
  const locale = canonical(tag);
  if (!locale) throw new RangeError(`chatdesk: "${tag}" is not a BCP 47 language tag`);
  const byName = new Map<string, Strings>();
  for (const [name, table] of Object.entries(strings)) if (table) byName.set(name, { ...table });
  registered.set(locale, byName);
  if (options.dir) directions.set(locale, options.dir);
  else directions.delete(locale);
  changed();
}

/**
 * Replaces single strings for a language, keeping the rest: `{ 'tag-filter': { heading: 'Labels' } }`
 * changes one bundle; a flat table (`{ heading: 'Labels' }`) changes that key in every bundle.
 */
export function setTranslations(locale: Locale, strings: Readonly<Record<string, string | Readonly<Strings> | undefined>>): void {
  const tag = canonical(locale);
  if (!tag) throw new RangeError(`chatdesk: "${locale}" is not a BCP 47 language tag`);
  const flat: Strings = {};
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === 'string') flat[key] = value;
    else if (value) put(overrides, tag, key, value, false);
  }
  if (Object.keys(flat).length) put(overrides, tag, '*', flat, false);
  changed();
}

/** Every language with strings: English, the shipped ones and the registered ones. */
export function registeredLocales(): Locale[] {
  return [...new Set<string>([...LOCALES, ...registered.keys()])];
}

/**
 * Loads the strings chatdesk ships for `tag` (and its parents: `es-MX` loads `es`) if they are not
 * loaded yet, and re-renders the elements showing it. Elements call it themselves the first time
 * they show a language; await it before the first render to skip the English frame, or to read
 * {@link missingStrings}. Resolves at once for English and for a language without shipped
 * strings; rejects when the chunk fails to load (a later
 * call tries again).
 */
export function loadLocale(tag: Locale): Promise<void> {
  const locale = canonical(tag);
  return Promise.all((locale ? parents(locale) : []).map(loadShipped)).then(() => undefined);
}

function loadShipped(locale: string): Promise<void> {
  const load = SHIPPED[locale];
  if (!load || shipped.has(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = load().then(
      (module) => {
        shipped.set(locale, new Map(Object.entries(module.default as Record<string, Strings>)));
        changed();
      },
      (error: unknown) => {
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** Starts loading a shipped language the first time a string is asked for in it (English shows meanwhile). */
function requestShipped(locale: string): void {
  if (!shipped.has(locale) && !loading.has(locale) && SHIPPED[locale]) {
    loadShipped(locale).catch((error: unknown) => console.warn(`chatdesk: the "${locale}" strings did not load; showing English`, error));
  }
}

/** Whether a language has strings of its own: shipped, registered or given overrides. */
function hasStrings(locale: string): boolean {
  return LOCALES.includes(locale) || registered.has(locale) || overrides.has(locale);
}

const chains = new Map<string, readonly string[]>();
/** `pt-BR` -> [`pt-BR`, `pt`]: a canonical tag and its parents (cached). */
function parents(locale: string): readonly string[] {
  let out = chains.get(locale);
  if (!out) {
    const parts = locale.split('-');
    out = parts.map((_, i) => parts.slice(0, parts.length - i).join('-'));
    if (chains.size > 500) chains.clear();
    chains.set(locale, out);
  }
  return out;
}

/**
 * The registered locale that shows for a BCP 47 tag (`es-MX` -> `es`, `pt-BR` -> `pt-BR` or
 * `pt`); English when none matches.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  const locale = tag ? canonical(tag.replace(/_/g, '-')) : null;
  if (!locale) return 'en';
  return parents(locale).find(hasStrings) ?? 'en';
}

const scriptDirections = new Map<string, 'ltr' | 'rtl'>();
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Mend', 'Yezi']);

/** Text direction of a locale: as registered, else from its script (`ar`, `he`, `fa`, `ur`... are `rtl`). */
export function localeDirection(locale: Locale): 'ltr' | 'rtl' {
  const tag = canonical(locale);
  if (!tag) return 'ltr';
  for (const parent of parents(tag)) {
    const dir = directions.get(parent);
    if (dir) return dir;
  }
  let dir = scriptDirections.get(tag);
  if (!dir) {
    try {
      dir = RTL_SCRIPTS.has(new Intl.Locale(tag).maximize().script ?? '') ? 'rtl' : 'ltr';
    } catch {
      dir = 'ltr';
    }
    scriptDirections.set(tag, dir);
  }
  return dir;
}

/**
 * Calls `listener` whenever strings are registered or overridden (elements re-render). Returns a
 * function that stops it.
 */
export function onTranslationsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A number that grows with every change of strings: part of cache keys of translated text. */
export function translationsRevision(): number {
  return revision;
}

/** The value of `key` in `cache`, made once (an `Intl` formatter costs ~0.1 ms to build). */
function cached<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

const pluralRules = new Map<string, Intl.PluralRules>();
/** One cached `Intl.PluralRules` per locale. */
function pluralRulesFor(locale: string): Intl.PluralRules {
  return cached(pluralRules, locale, () => new Intl.PluralRules(locale));
}

/** The plural categories a locale distinguishes (`ru`: one, few, many, other). */
export function pluralCategories(locale: Locale): PluralCategory[] {
  return pluralRulesFor(locale).resolvedOptions().pluralCategories as PluralCategory[];
}

/**
 * The plural forms a locale's strings need: `other` and every category of a whole number up to
 * 10,000 (`ru`: one, few, many; `ar`: zero, one, two, few, many). Categories reached only by
 * millions (`many` in es, fr, it, pt) fall back to `other`.
 */
function neededCategories(locale: string): PluralCategory[] {
  const rules = pluralRulesFor(locale);
  const found = new Set<PluralCategory>(['other']);
  for (let n = 0; n <= 10_000; n++) found.add(rules.select(n) as PluralCategory);
  return PLURAL_CATEGORIES.filter((c) => found.has(c));
}

/** The text of `key` in one locale's tables (host overrides first), or undefined. */
function lookup(bundle: Bundle, locale: string, key: string): string | undefined {
  const name = bundle.name;
  const own = overrides.get(locale);
  return (
    (name !== undefined ? own?.get(name)?.[key] : undefined) ??
    own?.get('*')?.[key] ??
    (name !== undefined ? (registered.get(locale)?.get(name)?.[key] ?? shipped.get(locale)?.get(name)?.[key]) : undefined) ??
    (bundle as unknown as Record<string, Strings | undefined>)[locale]?.[key]
  );
}

/**
 * `key` for `count` in one locale: its plural form, else `key_other`, else `key`. Without a count,
 * `key`, else `key_other` (a translation need not repeat a plural's general form under the bare key).
 */
function lookupCounted(bundle: Bundle, locale: string, key: string, count: number | undefined): string | undefined {
  if (count === undefined) return lookup(bundle, locale, key) ?? lookup(bundle, locale, `${key}_other`);
  return lookup(bundle, locale, `${key}_${pluralRulesFor(locale).select(count)}`) ?? lookup(bundle, locale, `${key}_other`) ?? lookup(bundle, locale, key);
}

/**
 * Looks up `key` in `bundle` for `locale` (host overrides first, then the locale's parents, then
 * English) and fills `{name}` placeholders (numbers formatted for the locale). With a numeric
 * `params.count`, the plural form `key_<category>` of `Intl.PluralRules` is used.
 */
export function translate<K extends string>(bundle: Bundle<K>, locale: Locale, key: K, params?: Record<string, string | number>): string {
  const count = typeof params?.['count'] === 'number' ? params['count'] : undefined;
  const tag = canonical(locale) ?? 'en';
  let text: string | undefined;
  for (const parent of parents(tag)) {
    requestShipped(parent);
    text = lookupCounted(bundle, parent, key, count);
    if (text !== undefined) break;
  }
  text ??= lookupCounted(bundle, 'en', key, count) ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? numberFormat(tag).format(v) : v;
  });
}

/**
 * The strings `locale` lacks (`'tag-filter: dialogs_few'`), among the bundles loaded on the page:
 * plain keys and the plural forms its `Intl.PluralRules` gives whole numbers (up to 10,000). English parents do not
 * count: a locale registered as a region of another (`pt-BR` over `pt`) lacks only what both lack.
 * A shipped language counts once loaded, and the keys of parts loaded on first use once they
 * arrived: `await loadAllStrings('es')` first.
 */
export function missingStrings(locale: Locale): string[] {
  const tag = canonical(locale);
  if (!tag) return [];
  const chain = parents(tag).filter((p) => p !== 'en' || tag === 'en');
  const categories = neededCategories(tag);
  const missing: string[] = [];
  for (const bundle of bundles.values()) {
    const keys = Object.keys(bundle.en);
    const plurals = new Set(keys.filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -'_other'.length)));
    const pluralForm = (k: string) => PLURAL_CATEGORIES.some((c) => k.endsWith(`_${c}`) && plurals.has(k.slice(0, -(c.length + 1))));
    const required = [...keys.filter((k) => !plurals.has(k) && !pluralForm(k)), ...[...plurals].flatMap((base) => categories.map((c) => `${base}_${c}`))];
    for (const key of required) {
      if (!chain.some((p) => lookup(bundle, p, key) !== undefined)) missing.push(`${bundle.name}: ${key}`);
    }
  }
  return missing;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** One cached `Intl.NumberFormat` per locale. */
function numberFormat(locale: Locale): Intl.NumberFormat {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** One cached `Intl.DateTimeFormat` per locale and options. */
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
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
  return cached(unitFormats, `${locale}|${unit}|${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits }));
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
