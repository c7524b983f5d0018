/** What the sub-parts of `<chat-window>` need from it to render: language, names, capabilities. */
import type { Assignee, Author, Channel, ClientRecord, Dialog, Operator } from '../../sdk/model.js';
import type { DisplayName } from '../../sdk/session/names.js';
import type { common } from '../common.messages.js';
import type { Locale } from '../i18n.js';
import type { ShortcutAction } from '../internal/shortcuts.js';
import type { ChatWindowKey } from './chat-window.messages.js';

/** A shared string key. */
export type CommonKey = keyof typeof common.en;

/** The rendering context handed to the sub-part templates. */
export interface ChatView {
  locale: Locale;
  /** A `<chat-window>` string. */
  t(key: ChatWindowKey, params?: Record<string, string | number>): string;
  /** A shared string. */
  tc(key: CommonKey, params?: Record<string, string | number>): string;
  me: Operator | null;
  dialog: Dialog;
  client: ClientRecord | null;
  channel: Channel | undefined;
  /** The display name of a message author. */
  authorName(author: Author): string;
  /** The display name of an assignee (operator or bot); "nobody" for `null`. */
  assigneeName(assignee: Assignee | null | undefined): string;
  /** A button's tooltip with the key of its shortcut: "Quote (R)" (the label alone when the key is off). */
  tooltip(label: string, action: ShortcutAction): string;
  /** The `aria-keyshortcuts` value of an action, when it has keys. */
  ariaKeys(action: ShortcutAction): string | undefined;
}

/** A display name in words: the SDK's one fallback rule (`DisplayName`), localized. */
export function nameText(view: Pick<ChatView, 't' | 'tc'>, n: DisplayName): string {
  if (n.name !== undefined) return n.name;
  switch (n.fallback) {
    case 'former_operator':
      return view.t('author.formerOperator');
    case 'bot':
      return view.tc('bot');
    case 'client':
      return view.t('author.client');
    case 'system':
      return view.tc('system');
    case 'nobody':
      return view.t('event.nobody');
  }
}

/** A DOM-safe id fragment from any message id. */
export function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^\w-]/g, '_')}`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(locale: Locale, kind: 'time' | 'full'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, kind === 'time' ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' });
    timeFormats.set(key, f);
  }
  return f;
}

const formatted = new Map<string, string>();

function cachedString(locale: Locale, kind: 'time' | 'full', ts: number): string {
  const key = `${locale}${kind}${ts}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = cachedFormat(locale, kind).format(ts);
    if (formatted.size > 20_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** A time of day ("14:05"), with formatters and results kept (the feed formats many times per frame). */
export function timeOfDay(locale: Locale, ts: number): string {
  return cachedString(locale, 'time', ts);
}

/** A full date and time, for titles and screen readers. */
export function fullDateTime(locale: Locale, ts: number): string {
  return cachedString(locale, 'full', ts);
}
