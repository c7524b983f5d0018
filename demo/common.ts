/** What every demo page shares: tokens on :root, the session token, a tiny DOM helper. */
import { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations } from '../components/styles.js';
import { createChatClient, type ChatClient } from '../sdk/client.js';
import { createHttpTransport } from '../sdk/transport/http.js';

/** The API base of the server that serves the page. */
export const API = `${location.origin}/api/v1`;

const TOKEN_KEY = 'chatdesk-demo-token';
const THEME_KEY = 'chatdesk-demo-theme';

/** The operator's bearer token for this tab (each tab may sign in as someone else). */
export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage denied: the page signs in again next time */
  }
}

/** Puts the chatdesk tokens on :root so the page chrome matches the elements. */
export function applyTheme(dark = savedDark()): void {
  let style = document.getElementById('chatdesk-demo-tokens') as HTMLStyleElement | null;
  if (!style) {
    style = document.createElement('style');
    style.id = 'chatdesk-demo-tokens';
    document.head.append(style);
  }
  style.textContent = `:root {\n${tokenDeclarations(LIGHT_TOKENS)}\ncolor-scheme: light;\n}\n:root.dark {\n${tokenDeclarations(DARK_TOKENS)}\ncolor-scheme: dark;\n}`;
  document.documentElement.classList.toggle('dark', dark);
}

export function savedDark(): boolean {
  try {
    return localStorage.getItem(THEME_KEY) === 'dark';
  } catch {
    return false;
  }
}

export function saveDark(dark: boolean): void {
  try {
    localStorage.setItem(THEME_KEY, dark ? 'dark' : 'light');
  } catch {
    /* storage denied */
  }
}

/** The page's `ChatClient` over HTTP + WebSocket; an expired session goes back to sign-in. Exposed as `window.chatdesk.client`. */
export function demoClient(token: string): ChatClient {
  const client = createChatClient({
    transport: createHttpTransport({
      endpoint: API,
      token,
      onUnauthorized: () => {
        setToken(null);
        location.replace('/sign-in?expired=1');
        return null;
      },
    }),
  });
  (window as unknown as { chatdesk: unknown }).chatdesk = { client };
  return client;
}

type Child = Node | string | null | undefined | false;

/** Creates an element: `h('button', { class: 'x', onclick }, 'Text')`. Text is always text, never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (k in el && typeof v !== 'string') (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** The message of an error, for showing. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
