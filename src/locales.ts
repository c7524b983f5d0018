/** Localization: es, en and ru ship; hosts may override any string. */
export {
  LOCALES,
  setTranslations,
  resolveLocale,
  isLocale,
  translate,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRelative,
  formatTime,
  type Bundle,
  type Locale,
  type Strings,
} from '../components/i18n.js';
export { common as commonStrings } from '../components/common.messages.js';
