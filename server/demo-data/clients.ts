/**
 * Generates the demo's clients: names, contacts, tags, where they came from (C1), analytics and
 * orders. Browser-safe.
 */
import type { Client, ClientAnalytics, ClientContact, ClientSource, ClientTag, Order } from '../../sdk/model.js';
import { Rng } from './random.js';
import type { ClientDraft, Ctx } from './dialogs.js';
import { CAMPAIGNS, COMPANIES, CURRENCY, DEVICES, LANDING_PAGES, LOCATIONS, type Lang, MAIL_DOMAINS, NAMES, ORDER_STATUSES, PHONE, REFERRERS, VISITOR, channelById, slug } from './dictionaries.js';
import { CHANNELS, DAY, MIN, TAGS } from './world.js';

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

export function newClient(ctx: Ctx, num: number, lang: Lang, opts: { webchat?: boolean; tags?: ClientTag[]; blocked?: boolean } = {}): ClientDraft {
  const { rng } = ctx;
  const pool = NAMES[lang];
  const visitor = !!opts.webchat && opts.tags === undefined && rng.chance(0.1);
  const company = !visitor && rng.chance(0.05);
  let name: string;
  if (visitor) name = `${VISITOR[lang]} ${rng.int(1000, 9999)}`;
  else if (company) name = rng.pick(COMPANIES[lang]);
  else {
    const female = rng.chance(0.55);
    const [m, f] = rng.pick(pool.last);
    name = `${rng.pick(female ? pool.female : pool.male)} ${female ? f : m}`;
  }
  let tags = opts.tags;
  if (!tags) {
    tags = [];
    if (!rng.chance(0.25)) {
      const count = rng.weighted([
        [1, 5],
        [2, 3],
        [3, 2],
      ] as const);
      const available = [...TAGS];
      for (let i = 0; i < count; i++) {
        const tag = rng.weighted(available.map((e) => [e[0], e[1]] as const));
        available.splice(
          available.findIndex((e) => e[0] === tag),
          1,
        );
        tags.push({ tagId: tag.id, pinned: rng.chance(tag.id === 'tag-vip' ? 0.85 : 0.3) });
      }
    }
  }
  return {
    id: `cl-${String(num).padStart(4, '0')}`,
    name,
    lang,
    tags,
    blocked: !!opts.blocked,
    sourceNull: rng.chance(0.15),
    visitor,
    company,
    dialogs: [],
    reusable: !opts.blocked,
  };
}

export function copySource(s: ClientSource): ClientSource {
  const out: ClientSource = { ...s };
  if (s.utm) out.utm = { ...s.utm };
  return out;
}

export function finishClient(ctx: Ctx, c: ClientDraft): Client {
  const { rng, now } = ctx;
  const dialogs = [...c.dialogs].sort((a, b) => a.dialog.createdAt - b.dialog.createdAt);
  const first = dialogs[0]?.dialog;
  const firstChannel = first ? channelById(first.channelId) : CHANNELS[0]!;
  const firstContactAt = (first?.createdAt ?? now - 10 * DAY) - (rng.chance(0.3) ? rng.int(1, 60) * DAY : 0);
  const parts = c.name.split(' ');
  const handleBase = c.visitor || c.company ? `${slug(c.name)}${rng.digits(2)}` : `${slug(parts[0] ?? '')}.${slug(parts.slice(1).join(''))}`;

  const contacts: ClientContact[] = [];
  for (const { dialog, detached } of dialogs) {
    // H5: the detached chat is no longer linked from the client card.
    if (detached || contacts.some((x) => x.channelId === dialog.channelId)) continue;
    const ch = channelById(dialog.channelId);
    let handle: string;
    switch (ch.kind) {
      case 'webchat':
        handle = c.visitor ? `visitor-${rng.digits(5)}` : `${handleBase}@${rng.pick(MAIL_DOMAINS[c.lang])}`;
        break;
      case 'telegram':
        handle = `@${handleBase.replace('.', '_')}${rng.chance(0.4) ? rng.digits(2) : ''}`;
        break;
      case 'vk':
        handle = `vk.com/id${rng.int(1_000_000, 899_999_999)}`;
        break;
      // Remapped channels draw what their source channel drew (REMAP), then show their own form.
      case 'email':
      case 'sms':
      case 'other': {
        const n = rng.int(1_000_000, 899_999_999);
        const domains = MAIL_DOMAINS[c.lang];
        handle = ch.kind === 'email' ? `${handleBase}@${domains[n % domains.length]!}` : ch.kind === 'sms' ? PHONE[c.lang](new Rng(n)) : `shop-market/${n}`;
        break;
      }
      default:
        handle = PHONE[c.lang](rng);
        if (ch.kind === 'instagram') handle = `@${handleBase.replace('.', '_')}`;
    }
    contacts.push({ channelId: ch.id, handle });
  }

  let source: ClientSource | null = null;
  if (!c.sourceNull) {
    source = { channelId: firstChannel.id, firstContactAt };
    const camp = rng.chance(0.6) ? rng.pick(CAMPAIGNS[c.lang]) : undefined;
    if (camp) source.campaign = camp.campaign;
    if (firstChannel.kind === 'webchat') {
      const organic = !camp;
      source.utm = organic
        ? { source: 'google', medium: 'organic' }
        : { source: rng.pick(['google', 'instagram', 'newsletter', 'yandex']), medium: rng.pick(['cpc', 'social', 'email']), campaign: camp.utm };
      if (rng.chance(0.3)) source.utm.content = rng.pick(['banner_top', 'story', 'footer_link']);
      source.referrer = rng.pick(REFERRERS);
      source.landingPage = rng.pick(LANDING_PAGES[c.lang]);
    } else if (camp) {
      source.utm = { source: firstChannel.kind, medium: 'messenger', campaign: camp.utm };
    }
  }

  let analytics: ClientAnalytics | null = null;
  const web = dialogs.filter((d) => channelById(d.dialog.channelId).kind === 'webchat');
  if (web.length > 0) {
    const visits = rng.int(1, 25);
    const lastWeb = web[web.length - 1]!.dialog;
    analytics = {
      visits,
      pageViews: visits * rng.int(2, 9),
      lastVisitAt: Math.max(firstContactAt, lastWeb.lastActivityAt - rng.int(1, 30) * MIN),
      device: rng.pick(DEVICES),
      location: rng.pick(LOCATIONS[c.lang]),
    };
  }

  const orders: Order[] = [];
  const orderCount = rng.weighted([
    [0, 4],
    [1, 3],
    [2, 2],
    [3, 1],
  ] as const);
  const hadBot = dialogs.some((d) => d.dialog.assignee?.kind === 'bot');
  for (let i = 0; i < orderCount; i++) {
    const createdAt = rng.int(firstContactAt, now - MIN);
    const age = now - createdAt;
    const status = age > 10 * DAY ? 'complete' : age > 4 * DAY ? rng.pick(['shipped', 'complete']) : rng.pick(ORDER_STATUSES);
    const currency = CURRENCY[c.lang];
    const total = currency === 'RUB' ? rng.int(9, 900) * 100 : rng.int(1_500, 90_000) / 100;
    const byBot = rng.chance(hadBot ? 0.5 : 0.12);
    const order: Order = {
      id: `ord-${ctx.orderSeq.n}`,
      number: `${ctx.orderSeq.n}A`,
      status,
      total,
      currency,
      createdAt,
      createdByBot: byBot,
    };
    ctx.orderSeq.n++;
    // C2: orders the bot created carry the source.
    if (byBot) order.source = source ? copySource(source) : { channelId: firstChannel.id, firstContactAt };
    orders.push(order);
  }
  orders.sort((a, b) => a.createdAt - b.createdAt);

  return { id: c.id, name: c.name, contacts, tags: c.tags, source, analytics, blocked: c.blocked, orders };
}
