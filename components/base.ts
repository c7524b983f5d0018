/**
 * The base of every chatdesk element: reaches the `ChatClient` through context (or a `.client`
 * property), resolves the UI language, and re-renders when a store it read changes.
 */
import { ContextConsumer } from '@lit/context';
import { LitElement, type PropertyDeclarations, type PropertyValues, type ReactiveController } from 'lit';
import type { ReadableAtom } from 'nanostores';
import type { ChatClient, ChatErrorReport } from '../sdk/client.js';
import { ChatCommandError, ChatProtocolError, isCommandError } from '../sdk/protocol.js';
import { common } from './common.messages.js';
import { chatClientContext, localeContext } from './context.js';
import { isLocale, localeDirection, onTranslationsChange, resolveLocale, translate, translationsRevision, type Bundle, type Locale } from './i18n.js';

/**
 * Subscribes its host to the nanostores it reads during render; unsubscribes when the host
 * disconnects or its client changes. One controller per element.
 */
export class StoreWatcher implements ReactiveController {
  private subs = new Map<ReadableAtom<unknown>, () => void>();
  constructor(private readonly host: LitElement & { requestUpdate(): void }) {
    host.addController(this);
  }
  /** Reads a store's value and re-renders the host when it changes. */
  get<T>(store: ReadableAtom<T>): T {
    if (!this.subs.has(store)) {
      this.subs.set(
        store,
        store.listen(() => this.host.requestUpdate()),
      );
    }
    return store.get();
  }
  /** Drops every subscription. */
  reset(): void {
    for (const off of this.subs.values()) off();
    this.subs.clear();
  }
  hostDisconnected(): void {
    this.reset();
  }
}

/** Base class of chatdesk elements. */
export class ChatdeskElement extends LitElement {
  static override get properties(): PropertyDeclarations {
    return {
      client: { attribute: false },
      locale: { reflect: true },
      providedLocale: { state: true, attribute: false },
    };
  }

  /**
   * The chat client. Provided by an enclosing `<chat-provider>` (or any host providing the
   * chatdesk context); set it directly to use the element alone.
   */
  declare client?: ChatClient;

  /**
   * UI language: a BCP 47 tag (`es`, `en`, `ru` ship; others once registered with
   * `registerLocale`). Defaults to the provider's, then the page's `lang`, then English. A
   * right-to-left language (`ar`, `he`...) sets `dir="rtl"` on the element unless it has a `dir` of
   * its own.
   */
  declare locale?: Locale;

  declare private providedLocale?: Locale;

  constructor() {
    super();
    // The client and the language from an enclosing provider, kept up to date.
    new ContextConsumer(this, { context: chatClientContext, subscribe: true, callback: (client) => (this.client = client) });
    new ContextConsumer(this, { context: localeContext, subscribe: true, callback: (locale) => (this.providedLocale = locale) });
  }

  /** Store subscriptions made during render. */
  protected readonly stores = new StoreWatcher(this);

  /** The `dir` this element set for its locale (an author's own `dir` is left alone). */
  private localeDir: string | null = null;
  private stopTranslations?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    // Strings registered or overridden later (a locale chunk loaded on demand): render again.
    this.stopTranslations ??= onTranslationsChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTranslations?.();
    this.stopTranslations = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('client')) this.stores.reset();
    this.applyDirection();
    super.willUpdate(changed);
  }

  /** `dir="rtl"` for a right-to-left locale, unless the author gave the element a `dir`. */
  private applyDirection(): void {
    const own = this.getAttribute('dir');
    if (own !== null && own !== this.localeDir) return;
    const dir = localeDirection(this.currentLocale) === 'rtl' ? 'rtl' : null;
    if (dir === own) return;
    if (dir) this.setAttribute('dir', dir);
    else this.removeAttribute('dir');
    this.localeDir = dir;
  }

  /**
   * The language in use: the best registered match of `locale`, the provider's, or the page's
   * `lang` (`es-MX` shows `es`); English when none matches.
   */
  get currentLocale(): Locale {
    const requested = isLocale(this.locale)
      ? this.locale
      : (this.providedLocale ?? this.closest('[lang]')?.getAttribute('lang') ?? (typeof document !== 'undefined' ? document.documentElement.lang : ''));
    return resolveLocale(requested);
  }

  /**
   * Changes whenever the text of a string may change: another language, or strings registered or
   * overridden for it. Key caches of translated text on it.
   */
  protected get stringsKey(): string {
    return `${this.currentLocale}#${translationsRevision()}`;
  }

  /** Reads a store of the client and re-renders when it changes. */
  protected use<T>(store: ReadableAtom<T>): T {
    return this.stores.get(store);
  }

  /** Translates a string of `bundle`. */
  protected tr<K extends string>(bundle: Bundle<K>, key: K, params?: Record<string, string | number>): string {
    return translate(bundle, this.currentLocale, key, params);
  }

  /** Translates a shared string. */
  protected tc(key: keyof typeof common.en, params?: Record<string, string | number>): string {
    return translate(common, this.currentLocale, key, params);
  }

  /** A readable, localized sentence for an error (refused command, malformed payload...). */
  protected errorText(error: ChatErrorReport['error'] | unknown): string {
    if (isCommandError(error)) {
      const code = (error as ChatCommandError).code;
      const key = `error.${code}` as keyof typeof common.en;
      return key in common.en ? this.tc(key) : error.message;
    }
    if (error instanceof ChatProtocolError) return this.tc('error.internal');
    return this.tc('error.unavailable');
  }

  /**
   * Dispatches a typed, bubbling, composed event. Returns false if it was cancelled.
   * @internal
   * @ignore
   */
  protected emit<T>(type: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}
