/**
 * The visitor page (`/visitor`): a shop's site with its web-chat widget, played by a person. It
 * starts a chat in the site web chat, sends and receives messages live over its own socket,
 * reports reads (S4) while the page is visible, and tells the server when the visitor closes the
 * chat or leaves the page (S5: the operator's next message then fails with "client left").
 */
import { countChars } from '../sdk/rules/length.js';
import { formatTime } from '../components/i18n.js';
import { applyTheme, errorText, h } from './common.js';
import { pageLocale, t } from './strings.js';

interface VisitorMessage {
  id: string;
  author: 'client' | 'operator' | 'bot';
  authorName?: string;
  text: string;
  createdAt: number;
  attachments: Array<{ name: string; url: string; kind: 'image' | 'file'; mime: string }>;
}
interface Channel {
  id: string;
  name: string;
  maxLength: number;
}

const VISITOR_API = `${location.origin}/api/visitor`;
const KEY = 'chatdesk-visitor-token';
const locale = pageLocale();
document.documentElement.lang = locale;
applyTheme();

const messages = new Map<string, VisitorMessage & { pending?: boolean; error?: string }>();
let token: string | null = sessionStorage.getItem(KEY);
let channel: Channel = { id: '', name: '', maxLength: 2000 };
let socket: WebSocket | null = null;
let attempt = 0;
let readTimer: ReturnType<typeof setTimeout> | null = null;

const widget = h('section', { class: 'widget', 'aria-label': t(locale, 'visitorTitle') });
// A log region holding a list (an <ol role="log"> would leave its <li>s outside any list).
const feedList = h('ol', { class: 'feed-list' });
const feed = h('div', { class: 'feed', role: 'log', 'aria-live': 'polite' }, feedList);
const status = h('p', { class: 'status', role: 'status', hidden: true });

async function api(path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`${VISITOR_API}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = new Error((body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${res.status}`);
    (e as Error & { status?: number }).status = res.status;
    throw e;
  }
  return body;
}

function renderFeed(): void {
  const near = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
  // Stored messages by the server's time (which never goes back within a dialog), then those not
  // stored yet in the order typed: the browser's clock may disagree with the server's.
  const unsent = (m: { pending?: boolean; error?: string }) => (m.pending || m.error ? 1 : 0);
  const list = [...messages.values()].sort((a, b) => unsent(a) - unsent(b) || (unsent(a) ? 0 : a.createdAt - b.createdAt));
  feedList.replaceChildren(
    ...list.map((m) => {
      const mine = m.author === 'client';
      return h(
        'li',
        { class: mine ? 'mine' : 'theirs', 'data-message-id': m.id },
        mine ? null : h('div', { class: 'who', dir: 'auto' }, m.authorName ?? t(locale, 'operatorName')),
        h(
          'div',
          { class: 'bubble', dir: 'auto' },
          m.text,
          ...m.attachments.map((a) => h('div', {}, a.kind === 'image' ? h('img', { src: a.url, alt: a.name, style: 'max-width:100%' }) : h('a', { href: a.url, download: a.name }, `📎 ${a.name}`))),
        ),
        h(
          'div',
          { class: 'when' },
          m.error ? t(locale, 'notSent', { error: m.error }) : m.pending ? t(locale, 'sending') : formatTime(locale, m.createdAt),
          m.error ? h('button', { type: 'button', class: 'retry', onclick: () => retry(m.id) }, t(locale, 'retry')) : null,
        ),
      );
    }),
  );
  if (near) feed.scrollTop = feed.scrollHeight;
}

function add(list: VisitorMessage[]): void {
  for (const m of list) messages.set(m.id, m);
  renderFeed();
  scheduleRead();
}

/** S4: while the page is visible, what the operators wrote counts as read. */
function scheduleRead(): void {
  if (!token || document.visibilityState !== 'visible' || readTimer) return;
  readTimer = setTimeout(() => {
    readTimer = null;
    if (token && document.visibilityState === 'visible') void api('/read', { method: 'POST' }).catch(() => undefined);
  }, 400);
}

function connect(): void {
  if (!token || socket) return;
  const url = new URL('/api/visitor/ws', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token }));
  ws.onmessage = (e) => {
    const frame = JSON.parse(String(e.data)) as { type: string; messages?: VisitorMessage[]; channel?: Channel };
    if (frame.type === 'ready') {
      attempt = 0;
      status.hidden = true;
      if (frame.channel) channel = frame.channel;
      add(frame.messages ?? []);
    } else if (frame.type === 'messages') add(frame.messages ?? []);
    else if (frame.type === 'closed') ended();
  };
  ws.onclose = (e) => {
    if (socket !== ws) return;
    socket = null;
    if (!token) return;
    if (e.code === 4401) {
      forget();
      return;
    }
    status.hidden = false;
    status.textContent = t(locale, 'reconnecting');
    const delay = Math.random() * Math.min(15_000, 500 * 2 ** attempt++);
    setTimeout(connect, delay);
  };
}

function forget(): void {
  token = null;
  sessionStorage.removeItem(KEY);
  messages.clear();
  socket?.close();
  socket = null;
  showStart();
}

function ended(): void {
  const t0 = token;
  forget();
  if (t0) widget.prepend(h('p', { class: 'status', role: 'status' }, t(locale, 'chatEnded')));
}

function header(withLeave: boolean): HTMLElement {
  return h(
    'header',
    {},
    h('h2', {}, t(locale, 'visitorTitle')),
    withLeave
      ? h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              await api('/leave', { method: 'POST' }).catch(() => undefined);
              const ws = socket;
              socket = null;
              ws?.close();
              token = null;
              sessionStorage.removeItem(KEY);
              messages.clear();
              widget.replaceChildren(
                header(false),
                h('div', { class: 'notice' }, h('p', { role: 'status' }, t(locale, 'left')), h('button', { type: 'button', class: 'primary', onclick: showStart }, t(locale, 'newChat'))),
              );
            },
          },
          t(locale, 'leave'),
        )
      : null,
  );
}

function showStart(): void {
  const name = h('input', { name: 'name', required: true, maxLength: 80, autocomplete: 'name' });
  const text = h('textarea', { name: 'text', rows: 3 });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'start',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        try {
          const r = (await api('/chats', {
            method: 'POST',
            body: JSON.stringify({ name: name.value, text: text.value || undefined, page: location.href, referrer: document.referrer || undefined }),
          })) as { token: string; channel: Channel; messages: VisitorMessage[] };
          token = r.token;
          sessionStorage.setItem(KEY, r.token);
          channel = r.channel;
          showChat();
          add(r.messages);
        } catch (err) {
          error.textContent = errorText(err);
        }
      },
    },
    h('p', { class: 'muted' }, t(locale, 'visitorLead')),
    h('label', {}, t(locale, 'yourName'), name),
    h('label', {}, t(locale, 'firstMessage'), text),
    error,
    h('button', { type: 'submit', class: 'primary' }, t(locale, 'startChat')),
  );
  widget.replaceChildren(header(false), form);
}

/** Whether a failed request may be sent again with the same id (the server stores an id once). */
function retryable(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  return status === undefined || status === 408 || status === 429 || status === 502 || status === 503 || status === 504;
}

/** For how long a message is sent again (a restart or a deploy behind a load balancer) before it shows as not sent. */
const RETRY_FOR_MS = 60_000;
let sending: Promise<void> = Promise.resolve();

/**
 * Sends the visitor's messages one after another, in the order typed (S1). A message whose request
 * fails on the way (no answer, 502/503/504, 408, 429) is sent again with its id, waiting 0.5 s,
 * doubling up to 5 s, for a minute; a refusal, or a minute of failures, shows it as not sent with
 * a Retry button.
 */
function enqueue(id: string, text: string): void {
  sending = sending.then(async () => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (!token) return;
      try {
        const m = (await api('/messages', { method: 'POST', body: JSON.stringify({ id, text }) })) as VisitorMessage;
        messages.set(id, m);
        break;
      } catch (err) {
        const wait = Math.min(5000, 500 * 2 ** attempt);
        if (!retryable(err) || Date.now() - started + wait > RETRY_FOR_MS) {
          messages.set(id, { ...messages.get(id)!, pending: false, error: errorText(err) });
          break;
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    renderFeed();
  });
}

function retry(id: string): void {
  const m = messages.get(id);
  if (!m) return;
  messages.set(id, { ...m, pending: true, error: undefined });
  renderFeed();
  enqueue(id, m.text);
}

function showChat(): void {
  const input = h('textarea', { 'aria-label': t(locale, 'message'), rows: 2 });
  const counter = h('span', { class: 'counter', 'aria-live': 'polite' });
  const updateCounter = () => {
    const left = channel.maxLength - countChars(input.value);
    counter.classList.toggle('over', left < 0);
    counter.textContent = left < 0 ? t(locale, 'tooLong', { count: -left }) : left < 200 ? t(locale, 'charsLeft', { count: left }) : '';
  };
  input.addEventListener('input', updateCounter);
  const form = h(
    'form',
    {
      class: 'compose',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const text = input.value;
        if (!text.trim() || countChars(text) > channel.maxLength) return;
        const id = crypto.randomUUID();
        messages.set(id, { id, author: 'client', text, createdAt: Date.now(), attachments: [], pending: true });
        input.value = '';
        updateCounter();
        renderFeed();
        enqueue(id, text);
      },
    },
    h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary' }, t(locale, 'send'))),
    counter,
  );
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  widget.replaceChildren(header(true), status, feed, form);
  connect();
  input.focus();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') scheduleRead();
});
// S5: closing the tab or leaving the site: the operators' next message fails with "client left".
addEventListener('pagehide', () => {
  if (token) navigator.sendBeacon(`${VISITOR_API}/leave`, new Blob([JSON.stringify({ token })], { type: 'text/plain;charset=UTF-8' }));
});

document.body.append(h('main', { class: 'site' }, h('div', { class: 'hero' }, h('h1', {}, 'Tienda Demo · Shop'), h('p', { class: 'muted' }, t(locale, 'visitorLead'))), widget));

if (token) {
  showChat();
} else showStart();
