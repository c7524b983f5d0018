/**
 * Plain views of what the SDK knows (dialogs, messages, the client), shown by the demo inbox
 * where the matching element is not available yet. Deliberately simple: each element replaces its
 * part of the page as it lands.
 */
import type { ChatClient } from '../sdk/client.js';
import type { Assignee, Message } from '../sdk/model.js';
import { isFullClient } from '../sdk/rules/clients.js';
import { formatDateTime, type Locale } from '../components/i18n.js';
import { errorText, h } from './common.js';
import { t } from './strings.js';

function assigneeName(client: ChatClient, a: Assignee | null, locale: Locale): string {
  if (!a) return t(locale, 'nobody');
  const list = a.kind === 'operator' ? client.$operators.get() : client.$bots.get();
  return list.find((x) => x.id === a.id)?.name ?? a.id;
}

/** The dialog list: filtered and sorted by the SDK (`$list`), unread counts (L1). */
export function plainList(client: ChatClient, locale: Locale): HTMLElement {
  const list = h('ul', { class: 'plain-list', 'aria-label': t(locale, 'dialogs') });
  const render = () => {
    const rows = client.$list.get().slice(0, 200);
    const unread = client.$unreadCounts.get();
    const active = client.$activeDialogId.get();
    const channels = client.$channelsById.get();
    list.replaceChildren(
      ...(rows.length
        ? rows.map((d) => {
            const count = unread.get(d.id) ?? 0;
            const preview = d.lastMessage ? (d.lastMessage.kind === 'event' ? t(locale, `event-${d.lastMessage.event?.type ?? 'opened'}`) : d.lastMessage.text) : '';
            return h(
              'li',
              {},
              h(
                'button',
                { type: 'button', 'aria-current': d.id === active ? 'true' : 'false', onclick: () => void client.openDialog(d.id) },
                h('span', { class: 'row-title' }, h('span', {}, d.title), count ? h('span', { class: 'badge', 'aria-label': t(locale, 'unread', { count }) }, String(count)) : null),
                h('span', { class: 'row-meta' }, `${channels.get(d.channelId)?.name ?? ''} · ${t(locale, d.status === 'closed' ? 'closed' : 'open')} · ${assigneeName(client, d.assignee, locale)}`),
                h('span', { class: 'row-preview' }, preview),
              ),
            );
          })
        : [h('li', { class: 'plain-empty' }, client.$ready.get() ? t(locale, 'noDialogs') : t(locale, 'loading'))]),
    );
  };
  for (const store of [client.$list, client.$unreadCounts, client.$activeDialogId, client.$ready]) store.listen(render);
  render();
  return list;
}

function statusText(m: Message, locale: Locale): string {
  const s = m.status;
  if (!s) return '';
  if (s.state === 'failed') return t(locale, 'status-failed', { reason: t(locale, `reason-${s.reason}`) });
  return t(locale, `status-${s.state}`);
}

/** One dialog: its feed with statuses (S1-S5) and a composer. */
export function plainChat(client: ChatClient, locale: Locale): HTMLElement {
  const title = h('h2', {});
  const sub = h('p', { class: 'muted', style: 'margin:2px 0 0' });
  const feed = h('ol', { class: 'plain-feed', role: 'log', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', style: 'margin:0 14px' });
  const input = h('textarea', { 'aria-label': t(locale, 'reply'), rows: 2 });
  const sendButton = h('button', { type: 'submit', class: 'primary' }, t(locale, 'send'));
  const older = h('button', { type: 'button', onclick: () => void client.loadOlder(client.$activeDialogId.get() ?? '') }, t(locale, 'loadOlder'));
  const empty = h('p', { class: 'plain-empty' }, t(locale, 'pickDialog'));
  const form = h(
    'form',
    {
      class: 'plain-composer',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const dialogId = client.$activeDialogId.get();
        if (!dialogId || !input.value.trim()) return;
        const text = input.value;
        input.value = '';
        error.textContent = '';
        try {
          await client.send(dialogId, { text });
        } catch (err) {
          if (!input.value) input.value = text;
          error.textContent = t(locale, 'error', { error: errorText(err) });
        }
      },
    },
    input,
    sendButton,
  );
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  const root = h('div', { class: 'plain-chat' }, h('header', {}, title, sub), empty, older, feed, error, form);
  const render = () => {
    const dialogId = client.$activeDialogId.get();
    const dialog = dialogId ? client.$dialogs.get().get(dialogId) : undefined;
    empty.hidden = !!dialog;
    form.hidden = feed.hidden = !dialog;
    title.textContent = dialog?.title ?? '';
    if (!dialog) {
      sub.textContent = '';
      older.hidden = true;
      return;
    }
    sub.textContent = `${client.$channelsById.get().get(dialog.channelId)?.name ?? ''} · ${t(locale, dialog.status === 'closed' ? 'closed' : 'open')} · ${t(locale, 'assignee', { name: assigneeName(client, dialog.assignee, locale) })}`;
    const f = client.feed(dialog.id);
    older.hidden = !f.loaded || f.cursor === null;
    const nearBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
    const me = client.$me.get();
    feed.replaceChildren(
      ...(f.loading && !f.loaded ? [h('li', { class: 'sys' }, t(locale, 'loading'))] : []),
      ...f.messages.map((m) => {
        if (m.kind === 'event') return h('li', { class: 'sys' }, `${t(locale, `event-${m.event?.type ?? 'opened'}`)} · ${formatDateTime(locale, m.createdAt)}`);
        const out = m.author.kind !== 'client';
        const author =
          m.author.kind === 'client'
            ? dialog.title
            : m.author.kind === 'operator'
              ? m.author.id === me?.id
                ? (me?.name ?? '')
                : assigneeName(client, { kind: 'operator', id: m.author.id }, locale)
              : assigneeName(client, { kind: 'bot', id: m.author.id }, locale);
        const failed = m.status?.state === 'failed';
        return h(
          'li',
          { class: out ? 'out' : 'in', 'data-message-id': m.id, 'data-status': m.status?.state ?? '' },
          h('div', { class: 'bubble' }, m.text, ...m.attachments.map((a) => h('div', {}, a.available ? h('a', { href: a.url, target: '_blank', rel: 'noopener' }, `📎 ${a.name}`) : `📎 ${a.name}`))),
          h(
            'div',
            { class: `meta${failed ? ' failed' : ''}` },
            `${author} · ${formatDateTime(locale, m.createdAt)}${m.status ? ` · ${statusText(m, locale)}` : ''} `,
            failed && m.status?.state === 'failed' && m.status.retryable
              ? h(
                  'button',
                  { type: 'button', onclick: () => void client.retry(dialog.id, m.id).catch((e: unknown) => (error.textContent = t(locale, 'error', { error: errorText(e) }))) },
                  t(locale, 'retry'),
                )
              : null,
          ),
        );
      }),
    );
    if (nearBottom) feed.scrollTop = feed.scrollHeight;
  };
  for (const store of [client.$activeDialogId, client.$feeds, client.$dialogs, client.$operators]) store.listen(render);
  render();
  return root;
}

/** The client of the open dialog: name, source (C1), pinned and other tags. */
export function plainClient(client: ChatClient, locale: Locale): HTMLElement {
  const root = h('section', { class: 'plain-client', 'aria-label': t(locale, 'client') });
  const render = () => {
    const dialogId = client.$activeDialogId.get();
    const dialog = dialogId ? client.$dialogs.get().get(dialogId) : undefined;
    const record = dialog?.clientId ? client.$clients.get().get(dialog.clientId) : undefined;
    // The list holds a summary; opening the dialog loads the whole client.
    const c = isFullClient(record) ? record : undefined;
    if (!dialog) {
      root.replaceChildren();
      return;
    }
    if (!c) {
      root.replaceChildren(h('h2', {}, t(locale, 'client')), h('p', { class: 'muted' }, t(locale, 'noClient')));
      return;
    }
    const tags = client.$tagsById.get();
    const channel = c.source ? client.$channelsById.get().get(c.source.channelId)?.name : undefined;
    const parts: HTMLElement[] = [h('h2', {}, c.name)];
    if (channel) parts.push(h('p', {}, t(locale, 'source', { channel })));
    if (c.source?.campaign) parts.push(h('p', {}, t(locale, 'campaign', { campaign: c.source.campaign })));
    if (c.source?.landingPage) parts.push(h('p', { class: 'muted' }, t(locale, 'landing', { url: c.source.landingPage })));
    if (c.tags.length) {
      parts.push(h('p', { 'aria-label': t(locale, 'tags') }, ...c.tags.map((ct) => h('span', { class: 'tag' }, `${ct.pinned ? '📌 ' : ''}${tags.get(ct.tagId)?.name ?? ct.tagId}`))));
    }
    root.replaceChildren(...parts);
  };
  for (const store of [client.$activeDialogId, client.$dialogs, client.$clients]) store.listen(render);
  render();
  return root;
}
