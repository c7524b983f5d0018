/**
 * Localization: en, es and ru ship; any BCP 47 locale can be added with {@link registerLocale}
 * (typed: {@link ChatdeskStrings} lists every key, so a missing one is a type error), single
 * strings overridden with {@link setTranslations}. Plural forms follow `Intl.PluralRules` of the
 * locale; right-to-left locales set `dir="rtl"` on the elements.
 */
import type { attachmentViewerMessages } from '../components/attachment-viewer/attachment-viewer.messages.js';
import type { chatWindowStrings } from '../components/chat-window/chat-window.messages.js';
import type { clientWidgetMessages } from '../components/client-widget/client-widget.messages.js';
import type { common } from '../components/common.messages.js';
import type { inboxStrings } from '../components/chat-inbox/chat-inbox.messages.js';
import type { messages as dialogListMessages } from '../components/dialog-list/dialog-list.messages.js';
import { registerLocale as registerAnyLocale, setTranslations as setAnyTranslations, type BundleKey, type Locale, type LocaleBundle, type LocaleOptions } from '../components/i18n.js';
import type { shortcutStrings } from '../components/internal/shortcuts.messages.js';
import type { messages as alertsMessages } from '../components/message-alerts/message-alerts.messages.js';
import type { tagFilterMessages } from '../components/tag-filter/tag-filter.messages.js';
import type { messages as badgeMessages } from '../components/unread-badge/unread-badge.messages.js';
import type { messages as settingsMessages } from '../components/chat-settings/chat-settings.messages.js';

export {
  LOCALES,
  isLocale,
  loadAllStrings,
  loadLocale,
  localeDirection,
  missingStrings,
  onTranslationsChange,
  pluralCategories,
  registeredLocales,
  resolveLocale,
  translate,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRelative,
  formatTime,
  type Bundle,
  type BundleKey,
  type Locale,
  type LocaleBundle,
  type LocaleOptions,
  type PluralCategory,
  type Strings,
} from '../components/i18n.js';
export { common as commonStrings } from '../components/common.messages.js';

/**
 * Every string of chatdesk for one locale, by bundle: `common` (shared words, statuses, errors)
 * and one bundle per element. Each bundle needs every plain key and `key_other` of each plural;
 * the other plural forms (`key_one`, `key_few`, `key_many`...) as the locale's `Intl.PluralRules`
 * needs them (`missingStrings(tag)` lists what a locale lacks at run time).
 */
export interface ChatdeskStrings {
  common: LocaleBundle<BundleKey<typeof common>>;
  'attachment-viewer': LocaleBundle<BundleKey<typeof attachmentViewerMessages>>;
  'chat-alerts': LocaleBundle<BundleKey<typeof alertsMessages>>;
  'chat-inbox': LocaleBundle<BundleKey<typeof inboxStrings>>;
  'chat-unread-badge': LocaleBundle<BundleKey<typeof badgeMessages>>;
  'chat-settings': LocaleBundle<BundleKey<typeof settingsMessages>>;
  'chat-window': LocaleBundle<BundleKey<typeof chatWindowStrings>>;
  'client-widget': LocaleBundle<BundleKey<typeof clientWidgetMessages>>;
  'dialog-list': LocaleBundle<BundleKey<typeof dialogListMessages>>;
  /** The keyboard shortcuts: help window, tooltips, pane navigation. */
  shortcuts: LocaleBundle<BundleKey<typeof shortcutStrings>>;
  'tag-filter': LocaleBundle<BundleKey<typeof tagFilterMessages>>;
}

/** The names of the bundles in {@link ChatdeskStrings} (a test keeps it equal to the bundles the elements define). */
export const BUNDLE_NAMES = [
  'common',
  'attachment-viewer',
  'chat-alerts',
  'chat-inbox',
  'chat-unread-badge',
  'chat-settings',
  'chat-window',
  'client-widget',
  'dialog-list',
  'shortcuts',
  'tag-filter',
] as const satisfies readonly (keyof ChatdeskStrings)[];

/** Some strings of some bundles: what {@link setTranslations} takes. */
export type ChatdeskStringOverrides = { [B in keyof ChatdeskStrings]?: Partial<ChatdeskStrings[B]> };

/**
 * Adds (or replaces) a language with all of its strings. Elements showing that language (their
 * `locale`, the provider's, or the page's `lang`, `pt-BR` matching `pt`) re-render, so a locale
 * loaded on demand can register itself when it arrives:
 *
 * ```ts
 * import { registerLocale, type ChatdeskStrings } from 'chatdesk';
 * const pt: ChatdeskStrings = { common: { ... }, 'tag-filter': { ... }, ... };
 * registerLocale('pt', pt);
 * ```
 */
export function registerLocale(tag: Locale, strings: ChatdeskStrings, options?: LocaleOptions): void {
  registerAnyLocale(tag, strings as unknown as Record<string, Record<string, string>>, options);
}

/**
 * Replaces single strings of a language, keeping the others:
 * `setTranslations('es', { 'tag-filter': { heading: 'Etiquetas del cliente' } })`.
 * A flat table (`{ close: 'Cerrar' }`) changes that key in every bundle.
 */
export function setTranslations(locale: Locale, strings: ChatdeskStringOverrides | Record<string, string>): void {
  setAnyTranslations(locale, strings as Record<string, string | Record<string, string>>);
}
