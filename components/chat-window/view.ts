/** What the sub-parts of `<chat-window>` need from it to render: language, names, capabilities. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Assignee, Author, Channel, ClientRecord, Dialog, Operator } from '../../sdk/model.js';
import { displayName, type DisplayName, type NameDirectory } from '../../sdk/session/names.js';
import type { common } from '../common.messages.js';
import { translate, type Locale } from '../i18n.js';
import type { ShortcutAction, ShortcutsController } from '../internal/shortcuts.js';
import { shortcutStrings } from '../internal/shortcuts.messages.js';
import { icons } from '../icons.js';
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

/** Builds the rendering context; names follow the SDK's one fallback rule ({@link nameText}). */
export function makeView(a: Pick<ChatView, 'locale' | 't' | 'tc' | 'me' | 'dialog' | 'client' | 'channel'> & { names: NameDirectory; keys: ShortcutsController }): ChatView {
  const name = (who: Author | Assignee | null | undefined) => nameText(a, displayName(who, a.names, { dialog: a.dialog, client: a.client }));
  return {
    locale: a.locale,
    t: a.t,
    tc: a.tc,
    me: a.me,
    dialog: a.dialog,
    client: a.client,
    channel: a.channel,
    authorName: name,
    assigneeName: name,
    tooltip: (label, action) => {
      const keys = a.keys.label(action);
      return keys ? translate(shortcutStrings, a.locale, 'tooltip', { label, keys }) : label;
    },
    ariaKeys: (action) => a.keys.aria(action),
  };
}

/** A display name in words: the SDK's one fallback rule (`DisplayName`), localized. */
export function nameText(view: Pick<ChatView, 't' | 'tc'>, n: DisplayName): string {
  if (n.name !== undefined) return n.name;
  switch (n.fallback) {
    case 'former_operator':
      return view.tc('formerOperator');
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

const versions = new WeakMap<object, number>();
let nextVersion = 1;
/** A number that changes when an object's identity changes (for render guards). */
export function versionOf(o: object | null | undefined): number {
  if (!o) return 0;
  let v = versions.get(o);
  if (v === undefined) versions.set(o, (v = nextVersion++));
  return v;
}

/** The window's empty state: no client, loading (`busy`), no dialog, a dialog not visible. */
export function renderEmpty(text: string, busy = false): TemplateResult {
  return html`<div class="empty" part="empty" role="status" aria-busy=${busy ? 'true' : 'false'}>
    <span class="empty-icon" aria-hidden="true">${busy ? html`<span class="spinner"></span>` : icons.send}</span>
    <p>${text}</p>
  </div>`;
}

/** Clients seen online: a `connecting` after that is a reconnect (the first connect says nothing). */
const seenOnline = new WeakSet<object>();

/**
 * The note above the composer while messages cannot go out: offline, or reconnecting after having
 * been online (the server may hold the socket a while, as when its database restarts). Both say
 * the same: for sending, the window is offline until the connection returns.
 */
export function renderConnectionNote(client: object, connection: string, tc: (key: 'offline') => string): TemplateResult | typeof nothing {
  if (connection === 'online') seenOnline.add(client);
  const shown = connection === 'offline' || (connection === 'connecting' && seenOnline.has(client));
  return shown ? html`<p class="offline" role="status">${tc('offline')}</p>` : nothing;
}
