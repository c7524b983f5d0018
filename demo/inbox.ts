/**
 * The demo inbox (`/`): a `ChatClient` over the HTTP + WebSocket transport, in a `<chat-provider>`,
 * composed of whichever chatdesk elements are registered. Each define module is loaded on its own,
 * so one missing or failing element leaves the rest working; where an element is not available
 * the page shows a plain view of what the SDK knows instead (`plain.ts`).
 */
import type { ChatClient } from '../sdk/client.js';
import { LOCALES, type Locale } from '../components/i18n.js';
import { API, applyTheme, demoClient, getToken, h, saveDark, savedDark, setToken } from './common.js';
import { plainChat, plainClient, plainList } from './plain.js';
import { pageLocale, saveLocale, t } from './strings.js';

/** Define modules the page tries, in order (`src/define/<name>.ts`). */
const DEFINES = ['chat-provider', 'tag-filter', 'dialog-list', 'chat-window', 'client-widget', 'attachment-viewer', 'chat-inbox', 'chat-unread-badge', 'chat-alerts', 'chat-settings'];

async function defineElements(): Promise<void> {
  await Promise.all(
    DEFINES.map((name) =>
      // (esbuild's bundled glob import throws synchronously for a missing file: start from a promise.)
      Promise.resolve()
        .then(() => import(`../src/define/${name}.ts`))
        .catch((e: unknown) => {
          console.info(`chatdesk demo: <${name}> not available (${e instanceof Error ? e.message : String(e)}); using the plain view where there is one.`);
        }),
    ),
  );
}

const has = (tag: string) => !!customElements.get(tag);

/** An element when registered, else the plain fallback (with a note), else nothing. */
function part(tag: string, fallback: (() => HTMLElement) | null, setup?: (el: HTMLElement) => void): HTMLElement[] {
  if (has(tag)) {
    const el = document.createElement(tag);
    setup?.(el);
    return [el];
  }
  return fallback ? [fallback()] : [];
}

/** F2: "Chat settings" opens `<chat-settings>` in a modal window (read-only for operators). */
function settingsButton(locale: Locale): HTMLElement | null {
  if (!has('chat-settings')) return null;
  const button = h('button', { type: 'button', class: 'settings-button', 'aria-haspopup': 'dialog' }, t(locale, 'chatSettings'));
  const title = h('h2', { id: 'chat-settings-title' }, t(locale, 'chatSettings'));
  const close = h('button', { type: 'button', class: 'close-settings', onclick: () => win.close() }, t(locale, 'close'));
  const win = h('dialog', { class: 'settings-window', 'aria-labelledby': 'chat-settings-title' }, title, document.createElement('chat-settings'), h('div', { class: 'settings-actions' }, close));
  win.addEventListener('close', () => button.focus());
  button.addEventListener('click', () => win.showModal());
  return h('span', { style: 'display: contents' }, button, win);
}

function topbar(client: ChatClient, locale: Locale, provider: HTMLElement, inbox: HTMLElement): HTMLElement {
  const me = h('span', { class: 'me' });
  const conn = h('span', { class: 'conn', role: 'status' });
  const unread = has('chat-unread-badge') ? document.createElement('chat-unread-badge') : h('span', { class: 'muted' });
  const render = () => {
    const op = client.$me.get();
    me.textContent = op ? `${op.name} · ${t(locale, op.role === 'administrator' ? 'administrator' : 'operator')}` : '';
    const state = client.$connection.get();
    conn.dataset.state = state;
    conn.textContent = `${t(locale, 'connection')}: ${t(locale, `state-${state}`)}`;
    if (!has('chat-unread-badge')) unread.textContent = t(locale, 'unreadDialogs', { count: client.$unreadDialogCount.get() });
  };
  for (const s of [client.$me, client.$connection, client.$unreadDialogCount]) s.listen(render);
  render();
  const lang = h(
    'select',
    {
      onchange: (e: Event) => {
        saveLocale((e.target as HTMLSelectElement).value as Locale);
        location.reload();
      },
    },
    ...LOCALES.map((l) => h('option', { value: l, selected: l === locale }, l.toUpperCase())),
  );
  const dark = h('input', {
    type: 'checkbox',
    checked: savedDark(),
    onchange: (e: Event) => {
      const on = (e.target as HTMLInputElement).checked;
      saveDark(on);
      applyTheme(on);
      provider.setAttribute('theme', on ? 'dark' : 'light');
    },
  });
  return h(
    'header',
    { class: 'topbar' },
    h('h1', {}, t(locale, 'title')),
    me,
    unread,
    conn,
    h('span', { class: 'spacer' }),
    // The demo's other pages, in a small menu so the bar stays one line at 1280 px.
    h(
      'details',
      { class: 'demo-pages' },
      h('summary', {}, t(locale, 'demoPages')),
      h(
        'ul',
        {},
        h('li', {}, h('a', { href: '/visitor', target: '_blank', rel: 'noopener' }, t(locale, 'visitorPage'))),
        h('li', {}, h('a', { href: '/order-card' }, t(locale, 'orderCard'))),
        h('li', {}, h('a', { href: '/client-card' }, t(locale, 'clientCard'))),
      ),
    ),
    settingsButton(locale),
    'showShortcutHelp' in inbox
      ? h(
          'button',
          { type: 'button', class: 'shortcuts-button', 'aria-keyshortcuts': '?', onclick: () => (inbox as HTMLElement & { showShortcutHelp(): void }).showShortcutHelp() },
          t(locale, 'shortcuts'),
        )
      : null,
    h('label', {}, h('span', { class: 'language-label' }, t(locale, 'language')), lang),
    h('label', {}, dark, t(locale, 'theme')),
    h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          const token = getToken();
          setToken(null);
          client.stop();
          if (token) await fetch(`${API}/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
          location.assign('/sign-in');
        },
      },
      t(locale, 'signOut'),
    ),
  );
}

async function main(): Promise<void> {
  const token = getToken();
  if (!token) {
    location.replace('/sign-in');
    return;
  }
  const locale = pageLocale();
  document.documentElement.lang = locale;
  applyTheme();
  await defineElements();

  const client = demoClient(token);

  const provider = document.createElement(has('chat-provider') ? 'chat-provider' : 'div');
  provider.setAttribute('locale', locale);
  provider.setAttribute('theme', savedDark() ? 'dark' : 'light');
  (provider as HTMLElement & { client?: ChatClient }).client = client;
  const note = (label: string) => h('p', { class: 'fallback-note' }, `${label} — ${t(locale, 'fallbackNote')}`);
  // <chat-inbox> lays the list, the chat and the client block out for any width (three panes, two
  // with a drawer, one with Back) and brings the keyboard shortcuts. Without it: a plain grid.
  const inbox = has('chat-inbox')
    ? h('main', { class: 'inbox-main', 'aria-label': t(locale, 'inboxLabel') }, document.createElement('chat-inbox'))
    : h(
        'main',
        { class: 'inbox' },
        h('section', { class: 'list-pane', 'aria-label': t(locale, 'dialogs') }, ...part('dialog-list', () => h('div', { style: 'display:contents' }, note('dialog-list'), plainList(client, locale)))),
        h('section', { class: 'chat-pane' }, ...part('chat-window', () => h('div', { style: 'display:contents' }, note('chat-window'), plainChat(client, locale)))),
        h(
          'aside',
          { class: 'client-pane', 'aria-label': t(locale, 'client') },
          ...part('client-widget', () => h('div', { style: 'display:contents' }, note('client-widget'), plainClient(client, locale))),
        ),
      );
  provider.append(topbar(client, locale, provider, inbox.querySelector('chat-inbox') ?? inbox), inbox, ...part('chat-alerts', null));
  provider.style.display = 'contents';
  document.body.append(provider);
  // `<chat-provider>` starts the client itself; without it the page does.
  if (!has('chat-provider')) await client.start();
}

void main();
