/**
 * The demo's sign-in page: lists the seeded operators (administrator and operators) and signs in
 * as one of them, which gives this tab a bearer token for the inbox.
 */
import type { Operator } from '../sdk/model.js';
import { API, applyTheme, errorText, h, setToken } from './common.js';
import { pageLocale, t } from './strings.js';

const locale = pageLocale();
document.documentElement.lang = locale;
applyTheme();

type Listed = Pick<Operator, 'id' | 'name' | 'role' | 'online'>;

async function main(): Promise<void> {
  const status = h('p', { role: 'status', class: 'muted' });
  const list = h('ul', { class: 'operators' });
  const expired = new URLSearchParams(location.search).has('expired');
  document.body.append(
    h(
      'main',
      { class: 'center-page' },
      h(
        'div',
        { class: 'card' },
        h('h1', {}, t(locale, 'signInTitle')),
        expired ? h('p', { class: 'error', role: 'alert' }, t(locale, 'expired')) : null,
        h('p', { class: 'muted' }, t(locale, 'signInLead')),
        list,
        status,
        h('p', {}, h('a', { href: '/visitor', target: '_blank', rel: 'noopener' }, t(locale, 'visitorLink'))),
      ),
    ),
  );
  let operators: Listed[];
  try {
    const res = await fetch(`${API}/auth/operators`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    operators = ((await res.json()) as { operators: Listed[] }).operators;
  } catch (e) {
    status.className = 'error';
    status.textContent = t(locale, 'loadFailed', { error: errorText(e) });
    return;
  }
  for (const op of operators) {
    const button = h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          for (const b of list.querySelectorAll('button')) b.disabled = true;
          status.className = 'muted';
          status.textContent = t(locale, 'signingIn');
          try {
            const res = await fetch(`${API}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId: op.id }) });
            const body = (await res.json()) as { token?: string; error?: { message: string } };
            if (!res.ok || !body.token) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
            setToken(body.token);
            // Back to the card that sent here (a path on this site only).
            const next = new URLSearchParams(location.search).get('next') ?? '/';
            location.assign(/^\/(?![/\\])/.test(next) ? next : '/');
          } catch (e) {
            for (const b of list.querySelectorAll('button')) b.disabled = false;
            status.className = 'error';
            status.textContent = t(locale, 'signInFailed', { error: errorText(e) });
          }
        },
      },
      h('span', {}, h('strong', {}, op.name), ' ', h('span', { class: 'muted' }, `· ${t(locale, op.online ? 'online' : 'offline')}`)),
      h('span', { class: `role${op.role === 'administrator' ? ' admin' : ''}` }, t(locale, op.role === 'administrator' ? 'administrator' : 'operator')),
    );
    list.append(h('li', {}, button));
  }
  list.querySelector('button')?.focus();
}

void main();
