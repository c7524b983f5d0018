/**
 * The CRM cards of the demo, as a vendor would build them around chatdesk elements:
 * - `/order-card?order=<id>`: an order card. The order's chat (`<chat-window dialog-id>`) beside
 *   `<client-widget mode="order" order-id>`: where the client came from (C1) and this order, with
 *   its source when the bot created it (C2).
 * - `/client-card?client=<id>`: a client card. `<client-widget client-id>` and the client's linked
 *   chats; the open chat's "Detach client" (H5) leaves the client in place and only drops the
 *   chat's link from the card.
 */
import type { ChatClient } from '../sdk/client.js';
import { isFullClient } from '../sdk/rules/clients.js';
import type { Client, Dialog, Id, Order } from '../sdk/model.js';
import { applyTheme, demoClient, getToken, h, savedDark } from './common.js';
import { pageLocale, t } from './strings.js';

type Locale = ReturnType<typeof pageLocale>;

async function start(): Promise<{ client: ChatClient; locale: Locale; provider: HTMLElement } | null> {
  const token = getToken();
  if (!token) {
    location.replace(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
    return null;
  }
  const locale = pageLocale();
  document.documentElement.lang = locale;
  applyTheme();
  await Promise.all([import('../src/define/chat-provider.js'), import('../src/define/chat-window.js'), import('../src/define/client-widget.js')]);
  const client = demoClient(token);
  const provider = document.createElement('chat-provider');
  provider.setAttribute('locale', locale);
  provider.setAttribute('theme', savedDark() ? 'dark' : 'light');
  provider.client = client;
  await new Promise<void>((resolve) => {
    const off = client.$ready.subscribe((ready) => {
      if (!ready) return;
      queueMicrotask(() => off());
      resolve();
    });
    document.body.append(provider);
  });
  return { client, locale, provider };
}

const page = (locale: Locale, title: string, lead: string, ...body: HTMLElement[]) =>
  h(
    'main',
    { class: 'card-page' },
    h('nav', { class: 'card-nav' }, h('a', { href: '/' }, t(locale, 'backToInbox'))),
    h('header', { class: 'card-head' }, h('h1', {}, title), h('p', { class: 'muted' }, lead)),
    ...body,
  );

function money(locale: Locale, o: Order): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: o.currency }).format(o.total);
  } catch {
    return `${o.total} ${o.currency}`;
  }
}

/** The dialog an order's chat is: the client's dialog in the order's source channel, else their latest. */
function orderDialog(client: ChatClient, customer: Client, order: Order): Dialog | undefined {
  const mine = [...client.$dialogs.get().values()].filter((d) => d.clientId === customer.id).sort((a, b) => b.lastActivityAt - a.lastActivityAt);
  return mine.find((d) => d.channelId === order.source?.channelId) ?? mine[0];
}

/**
 * A CRM's order card knows its order's client; this demo has no CRM database, so it finds the order
 * by loading the operator's whole list once (the demo seed's few hundred dialogs: the SDK otherwise
 * holds only the pages on screen) and the full client records of the dialogs it needs. The client
 * card needs none of this: it asks for its client by id (`retainClient`).
 */
async function loadWholeList(client: ChatClient): Promise<void> {
  await client.setQuery({ status: 'all' });
  await client.listSettled();
  await client.loadDialogsUntil(client.$listState.get().total ?? 1000);
}

/** The first client the operator sees for whom `test` holds, loading clients whole 16 at a time. */
async function findClient(client: ChatClient, test: (c: Client) => boolean): Promise<Client | undefined> {
  const byClient = new Map<Id, Id>();
  for (const d of client.$dialogs.get().values()) if (d.clientId && !byClient.has(d.clientId)) byClient.set(d.clientId, d.id);
  const ids = [...byClient.keys()];
  for (let i = 0; i < ids.length; i += 16) {
    const batch = ids.slice(i, i + 16);
    await Promise.all(batch.map((id) => client.getDialog(byClient.get(id)!).catch(() => undefined)));
    for (const id of batch) {
      const c = client.$clients.get().get(id);
      if (isFullClient(c) && test(c)) return c;
    }
  }
  return undefined;
}

async function orderCard(): Promise<void> {
  const started = await start();
  if (!started) return;
  const { client, locale, provider } = started;
  const wanted = new URLSearchParams(location.search).get('order') ?? 'ord-10245';
  await loadWholeList(client);
  const matches = (o: Order) => o.id === wanted || o.number === wanted;
  const owner = await findClient(client, (c) => c.orders.some(matches));
  const found: { customer: Client; order: Order } | undefined = owner && { customer: owner, order: owner.orders.find(matches)! };
  if (!found) {
    provider.append(page(locale, t(locale, 'orderCard'), t(locale, 'orderMissing', { id: wanted })));
    return;
  }
  const { customer, order } = found;
  document.title = `chatdesk · ${t(locale, 'orderTitle', { number: order.number })}`;
  const dialog = orderDialog(client, customer, order);
  const widget = document.createElement('client-widget');
  widget.setAttribute('mode', 'order');
  widget.setAttribute('client-id', customer.id);
  if (dialog) widget.setAttribute('dialog-id', dialog.id);
  widget.setAttribute('order-id', order.id);
  widget.setAttribute('heading-level', '2');
  const chat = document.createElement('chat-window');
  if (dialog) chat.setAttribute('dialog-id', dialog.id);
  provider.append(
    page(
      locale,
      t(locale, 'orderTitle', { number: order.number }),
      t(locale, 'orderLead'),
      h(
        'ul',
        { class: 'card-facts' },
        h('li', {}, customer.name),
        h('li', {}, t(locale, 'orderStatus', { status: order.status })),
        h('li', {}, t(locale, 'orderTotal', { total: money(locale, order) })),
        h('li', { class: order.createdByBot ? 'by-bot' : '' }, t(locale, order.createdByBot ? 'orderByBot' : 'orderByOperator')),
      ),
      h(
        'div',
        { class: 'card-columns' },
        h('section', { class: 'card-side', 'aria-label': t(locale, 'client') }, widget),
        h('section', { class: 'card-chat', 'aria-label': t(locale, 'dialogs') }, chat),
      ),
    ),
  );
}

async function clientCard(): Promise<void> {
  const started = await start();
  if (!started) return;
  const { client, locale, provider } = started;
  const id = new URLSearchParams(location.search).get('client') ?? 'cl-0016';
  // The client's whole record and their chats, kept loaded while the card is open (the list need not hold them).
  const customer = await client.retainClient(id).loaded.catch(() => undefined);
  const chatIds = customer ? (await client.getClient(id)).dialogs.map((d) => d.id) : [];
  await Promise.all(chatIds.map((d) => client.retainDialog(d).loaded.catch(() => undefined)));
  if (!customer) {
    provider.append(page(locale, t(locale, 'clientCard'), t(locale, 'clientMissing', { id })));
    return;
  }
  document.title = `chatdesk · ${t(locale, 'clientTitle', { name: customer.name })}`;
  const widget = document.createElement('client-widget');
  widget.setAttribute('client-id', customer.id);
  widget.setAttribute('heading-level', '2');
  const chat = document.createElement('chat-window');
  const chats = h('ul', { class: 'linked-chats' });
  const note = h('p', { class: 'detached-note', role: 'status' });
  const channelName = (d: Dialog) => client.$channelsById.get().get(d.channelId)?.name ?? d.channelId;
  let open: Id | null = null;
  const linked = () =>
    chatIds
      .map((d) => client.$dialogs.get().get(d))
      .filter((d): d is Dialog => d?.clientId === customer.id)
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt);
  const show = (dialogId: Id) => {
    open = dialogId;
    chat.setAttribute('dialog-id', dialogId);
    render();
  };
  const render = () => {
    const ds = linked();
    chats.replaceChildren(
      ...(ds.length
        ? ds.map((d) =>
            h(
              'li',
              { 'data-dialog': d.id },
              h(
                'button',
                { type: 'button', class: d.id === open ? 'current' : '', 'aria-pressed': d.id === open ? 'true' : 'false', onclick: () => show(d.id) },
                t(locale, 'openChat', { channel: channelName(d), status: t(locale, d.status) }),
              ),
            ),
          )
        : [h('li', { class: 'muted' }, t(locale, 'noLinkedChats'))]),
    );
    // H5: the chat on screen lost its client: say what that means for the card.
    const current = open ? client.$dialogs.get().get(open) : undefined;
    note.textContent = current && current.clientId === null ? t(locale, 'detachedNote', { name: customer.name, channel: channelName(current) }) : '';
  };
  client.$dialogs.listen(render);
  const first = linked()[0];
  if (first) show(first.id);
  else render();
  provider.append(
    page(
      locale,
      t(locale, 'clientTitle', { name: customer.name }),
      t(locale, 'clientLead'),
      h(
        'div',
        { class: 'card-columns' },
        h('section', { class: 'card-side', 'aria-labelledby': 'linked-chats-title' }, h('h2', { id: 'linked-chats-title', class: 'linked-title' }, t(locale, 'linkedChats')), chats, note, widget),
        h('section', { class: 'card-chat', 'aria-label': t(locale, 'dialogs') }, chat),
      ),
    ),
  );
}

void (document.body.dataset['card'] === 'client' ? clientCard() : orderCard());
