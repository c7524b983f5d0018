import { ContextProvider } from '@lit/context';
import { css, html, LitElement, unsafeCSS, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { HttpTransport } from '../../sdk/transport/http.js';
import { chatClientContext, localeContext } from '../context.js';
import { isLocale, type Locale } from '../i18n.js';
import { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations } from '../styles.js';

/** A colour theme of `<chat-provider>`: `auto` follows the system's `prefers-color-scheme`. */
export type ChatdeskTheme = 'light' | 'dark' | 'auto';

/**
 * Provides a `ChatClient`, a language and a theme to every chatdesk element inside it.
 *
 * Give it a client (`.client`), or let it build one over HTTP + WebSocket from attributes, so
 * plain HTML needs no script of its own:
 * `<chat-provider endpoint="https://crm.example.com/chat/api/v1" token="…">`.
 *
 * Every `--chatdesk-*` token set on the provider (or any ancestor) reaches the elements inside;
 * `theme="dark"` sets the dark values, `theme="auto"` follows `prefers-color-scheme`.
 *
 * @summary Context provider for chatdesk elements.
 * @slot - Any chatdesk elements (or markup containing them).
 * @fires {CustomEvent<{ error: unknown }>} chat-error - The client failed to start. Detail: `{ error }`.
 * @fires {CustomEvent<{ endpoint: string }>} chat-unauthorized - The backend refused the `token` (expired or revoked). Set a new `token` to reconnect with it.
 */
export class ChatProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    :host([theme='light']) {
      ${unsafeCSS(tokenDeclarations(LIGHT_TOKENS))}
      color-scheme: light;
    }
    :host([theme='dark']) {
      ${unsafeCSS(tokenDeclarations(DARK_TOKENS))}
      color-scheme: dark;
    }
    :host([theme='auto']) {
      ${unsafeCSS(tokenDeclarations(LIGHT_TOKENS))}
      color-scheme: light dark;
    }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) {
        ${unsafeCSS(tokenDeclarations(DARK_TOKENS))}
      }
    }
  `;
  static override get properties(): PropertyDeclarations {
    return {
      client: { attribute: false },
      locale: { reflect: true },
      theme: { reflect: true },
      noAutostart: { type: Boolean, attribute: 'no-autostart' },
      endpoint: {},
      token: {},
    };
  }

  private readonly clientProvider = new ContextProvider(this, { context: chatClientContext });
  private readonly localeProvider = new ContextProvider(this, { context: localeContext });

  /** The chat client given to the elements inside. The provider starts it when connected. */
  get client(): ChatClient | undefined {
    return this.clientProvider.value;
  }
  set client(client: ChatClient | undefined) {
    this.clientProvider.setValue(client);
  }

  /**
   * UI language of the elements inside: a BCP 47 tag (`es`, `en`, `ru` ship; others once
   * registered with `registerLocale`).
   */
  get locale(): Locale | undefined {
    return this.localeProvider.value;
  }
  set locale(locale: Locale | undefined) {
    this.localeProvider.setValue(locale);
  }

  /** Colour theme: `light` (default), `dark`, or `auto` (follows the system's `prefers-color-scheme`). */
  theme: ChatdeskTheme = 'light';

  /** Whether to start the client (bootstrap and connect) automatically. */
  noAutostart = false;

  /**
   * The API base URL of a chatdesk backend (e.g. `https://crm.example.com/chat/api/v1`). With
   * `token`, and no `client` given, the provider creates its own client over HTTP + WebSocket.
   */
  declare endpoint?: string;

  /** The operator's bearer token for `endpoint`. Changing it reconnects with the new one. */
  declare token?: string;

  /** The client built from `endpoint` and `token`, if any. */
  private ownClient?: { client: ChatClient; transport: HttpTransport; endpoint: string };
  private building = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') && this.locale !== undefined && !isLocale(this.locale)) this.locale = undefined;
    if (changed.has('endpoint') || changed.has('token')) void this.buildClient();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownClient?.client.stop();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a move: the client built here listens again.
    if (this.ownClient && this.client === this.ownClient.client) void this.ownClient.client.start();
  }

  /** Builds (or re-keys) the client from `endpoint` and `token`; a given `client` always wins. */
  private async buildClient(): Promise<void> {
    const own = this.ownClient;
    if (this.client && this.client !== own?.client) return;
    if (!this.endpoint || !this.token) return;
    if (own && own.endpoint === this.endpoint) {
      own.transport.setToken(this.token);
      own.transport.reconnect();
      return;
    }
    const ticket = ++this.building;
    // Loaded on demand: pages that pass `.client` never pay for the HTTP transport.
    const [{ createHttpTransport }, { createChatClient }] = await Promise.all([import('../../sdk/transport/http.js'), import('../../sdk/client.js')]);
    if (ticket !== this.building || !this.endpoint || !this.token) return;
    own?.client.stop();
    const transport = createHttpTransport({
      endpoint: this.endpoint,
      token: this.token,
      onUnauthorized: () => {
        this.dispatchEvent(new CustomEvent('chat-unauthorized', { detail: { endpoint: this.endpoint ?? '' }, bubbles: true, composed: true }));
        return null;
      },
    });
    const client = createChatClient({ transport });
    this.ownClient = { client, transport, endpoint: this.endpoint };
    this.client = client;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('client') || changed.has('noAutostart')) && this.client && !this.noAutostart && this.isConnected) {
      void this.client.start().catch((e: unknown) => {
        this.dispatchEvent(new CustomEvent('chat-error', { detail: { error: e }, bubbles: true, composed: true }));
      });
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-provider': ChatProvider;
  }
  interface GlobalEventHandlersEventMap {
    /** The provider's client failed to start. */
    'chat-error': CustomEvent<{ error: unknown }>;
    /** The backend refused the provider's `token`: set a new one. */
    'chat-unauthorized': CustomEvent<{ endpoint: string }>;
  }
}
