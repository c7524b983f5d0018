/**
 * `/embed?dialog=<id>`: how a CRM drops one chat into an order card with plain HTML: a
 * `<chat-provider endpoint token>` builds its own client (HTTP + WebSocket) and a
 * `<chat-window dialog-id>` inside shows the dialog. No client code on the page beyond setting
 * the token it already has.
 */
import { API, applyTheme, getToken, h } from './common.js';
import { pageLocale } from './strings.js';

async function main(): Promise<void> {
  const token = getToken();
  if (!token) {
    location.replace('/sign-in');
    return;
  }
  const locale = pageLocale();
  document.documentElement.lang = locale;
  applyTheme();
  await Promise.all([import('../src/define/chat-provider.js'), import('../src/define/chat-window.js')]);
  const dialogId = new URLSearchParams(location.search).get('dialog') ?? 'dlg-0002';
  const provider = document.createElement('chat-provider');
  provider.setAttribute('endpoint', API);
  provider.setAttribute('token', token);
  provider.setAttribute('locale', locale);
  provider.addEventListener('chat-unauthorized', () => location.replace('/sign-in?expired=1'));
  const win = document.createElement('chat-window');
  win.setAttribute('dialog-id', dialogId);
  win.style.height = '560px';
  provider.append(win);
  document.body.append(
    h(
      'main',
      { class: 'center-page', style: 'max-width: 760px' },
      h(
        'div',
        { class: 'card' },
        h('h1', { style: 'margin-top:0;font-size:18px' }, `Order 10245A · ${dialogId}`),
        h('p', { class: 'muted' }, '<chat-provider endpoint token> + <chat-window dialog-id>'),
        provider,
      ),
    ),
  );
}

void main();
