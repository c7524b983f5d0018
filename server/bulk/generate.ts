/**
 * The rows of the bulk seed (`npm run seed`, `server/seed-bulk.ts`), generated a batch of dialogs
 * at a time, oldest first: distinct clients (some come back in another channel), tags with pinned
 * ones, several channels and operators, mostly short histories and some long ones, read positions.
 * The same seed gives the same rows.
 */
import type { Assignee, Attachment, Author, Client, ClientTag, Dialog, Id, MessageStatus, SystemEvent } from '../../sdk/model.js';
import { canSeeDialog } from '../../sdk/rules/permissions.js';
import { clientSearchText, foldText } from '../../sdk/rules/text.js';
import { applyMessage, type DerivedDialogFields } from '../core/derive.js';
import { Rng } from '../demo-data/random.js';
import { createSeed, pngDataUrl } from '../demo-data/seed.js';
import type { SeedData } from '../core/storage.js';
import { type Lang, MIN, HOUR, DAY, YEAR, FIRST, LAST, CLIENT_LINES, OPERATOR_LINES, CITIES, DEVICES, CAMPAIGNS, FILE_NAMES, SYSTEM, EXTRA_OPERATORS } from './words.js';
import type { BulkCounts } from './counts.js';
import type { TableName, Value } from './tables.js';

/** Options of {@link generateBulk}. */
export interface BulkOptions {
  dialogs: number;
  /** How many of the newest dialogs are open; the rest are closed history. */
  open: number;
  seed?: number;
  now?: number;
}

/** Texts come from small pools: each is folded for search once. */
const foldedCache = new Map<string, string>();
function folded(text: string): string {
  let f = foldedCache.get(text);
  if (f === undefined) {
    f = foldText(text);
    if (foldedCache.size < 100_000) foldedCache.set(text, f);
  }
  return f;
}

/**
 * A message line with its order number `{o}` filled in, and its folded form: the line's folded
 * form with the same number (folding leaves `#` and digits as they are), so the millions of
 * distinct texts do not each go through `foldText`.
 */
function line(template: string, order: string): [text: string, search: string] {
  return [template.replace('{o}', order), folded(template).replace('{o}', order)];
}

/** What one batch of dialogs adds, per table. */
export type Batch = Record<TableName, Value[][]>;

interface PlannedClient {
  id: Id;
  lang: Lang;
  name: string;
  blocked: boolean;
  tags: ClientTag[];
}

/** The reference data: the demo's small tables plus the extra operators. */
export function referenceData(now: number): SeedData {
  const base = createSeed({ now, dialogs: 0 });
  return { ...base, operators: [...base.operators, ...EXTRA_OPERATORS] };
}

/**
 * Generates the data set as batches of rows, oldest dialogs first. Memory stays bounded: only
 * clients due to come back later are remembered.
 */
export function* generateBulk(options: BulkOptions, reference: SeedData, batchSize = 2000, counts?: BulkCounts): Generator<Batch> {
  const rng = new Rng(options.seed ?? 1);
  const now = options.now ?? Date.now();
  const total = Math.max(0, Math.floor(options.dialogs));
  const openCount = Math.min(total, Math.max(0, Math.floor(options.open)));
  const operators = reference.operators;
  const workers = operators.filter((o) => o.role === 'operator');
  const admin = operators.find((o) => o.role === 'administrator')!;
  const channels = reference.channels;
  const channelWeights = channels.map((c) => [c, c.id === 'ch-broken' ? 1 : c.kind === 'webchat' ? 30 : 20] as const);
  const tagWeights = reference.tags.map((t, i) => [t.id, Math.max(1, 30 - i * 3)] as const);
  const bot = reference.bots[0];
  /** Returning clients, by the dialog number they come back at. */
  const returning = new Map<number, { client: PlannedClient; channelId: Id }>();
  let clientCount = 0;
  let orderNo = 100_000;

  const historyStart = now - 3 * YEAR;
  const openStart = now - 4 * DAY;

  let batch: Batch = { clients: [], dialogs: [], messages: [], read_states: [] };
  for (let num = 1; num <= total; num++) {
    const isOpen = num > total - openCount;
    // Time: history spread over three years, open dialogs over the last four days.
    const start = Math.floor(
      isOpen
        ? openStart + ((num - (total - openCount)) / Math.max(1, openCount)) * (4 * DAY - 2 * HOUR) + rng.int(0, 30 * MIN)
        : historyStart + ((num - 1) / Math.max(1, total - openCount)) * (3 * YEAR - 5 * DAY) + rng.int(0, 6 * HOUR),
    );

    // Channel and client: most are new people; some come back, in another channel.
    const back = returning.get(num);
    returning.delete(num);
    const channel = back ? channels.find((c) => c.id === back.channelId)! : rng.weighted(channelWeights);
    let client: PlannedClient;
    if (back) client = back.client;
    else {
      const lang: Lang =
        channel.kind === 'vk'
          ? 'ru'
          : rng.weighted([
              ['es', 45],
              ['en', 30],
              ['ru', 25],
            ] as const);
      const id = `cl-${String(++clientCount).padStart(7, '0')}`;
      client = { id, lang, name: `${rng.pick(FIRST[lang])} ${rng.pick(LAST[lang])}`, blocked: rng.chance(0.002), tags: [] };
      const contacts = [{ channelId: channel.id, handle: channel.kind === 'email' ? `${id}@example.com` : channel.kind === 'webchat' ? client.name : `@${id.replace('cl-', 'user')}` }];
      // ~10% come back later, in another channel: their contact there is known from the start.
      if (rng.chance(0.1) && num < total) {
        const other = rng.pick(channels.filter((c) => c.id !== channel.id && c.id !== 'ch-broken'));
        const at = Math.min(total, num + rng.int(1, 40_000));
        if (!returning.has(at)) {
          returning.set(at, { client, channelId: other.id });
          contacts.push({ channelId: other.id, handle: other.kind === 'webchat' ? client.name : `@${id.replace('cl-', 'user')}` });
        }
      }
      const tags = client.tags;
      const tagCount = rng.weighted([
        [0, 45],
        [1, 35],
        [2, 15],
        [3, 5],
      ] as const);
      for (let i = 0; i < tagCount; i++) {
        const tagId = rng.weighted(tagWeights);
        if (!tags.some((t) => t.tagId === tagId)) tags.push({ tagId, pinned: rng.chance(0.35) });
      }
      const source: Client['source'] = { channelId: channel.id, firstContactAt: start };
      if (rng.chance(0.3)) {
        const campaign = rng.pick(CAMPAIGNS);
        source.campaign = campaign;
        source.utm = { source: rng.pick(['google', 'instagram', 'facebook', 'newsletter']), medium: 'cpc', campaign };
      }
      const webchat = channel.kind === 'webchat';
      const analytics: Client['analytics'] = webchat ? { visits: rng.int(1, 30), pageViews: rng.int(1, 120), lastVisitAt: start, device: rng.pick(DEVICES), location: rng.pick(CITIES[lang]) } : null;
      const orders: Client['orders'] = [];
      for (
        let i = rng.weighted([
          [0, 50],
          [1, 35],
          [2, 10],
          [3, 5],
        ] as const);
        i > 0;
        i--
      ) {
        const n = ++orderNo;
        orders.push({
          id: `ord-${n}`,
          number: `#${n}`,
          status: rng.pick(['new', 'paid', 'shipped', 'complete']),
          total: rng.int(900, 45_000) / 100,
          currency: lang === 'ru' ? 'RUB' : lang === 'en' ? 'USD' : 'EUR',
          createdAt: start - rng.int(0, 60 * DAY),
          createdByBot: rng.chance(0.1),
        });
      }
      batch.clients.push([id, client.name, null, contacts, tags, source, analytics, client.blocked, orders, clientSearchText({ name: client.name, contacts })]);
    }

    // Who holds it.
    const r = rng.next();
    let assignee: Assignee | null;
    if (isOpen) assignee = r < 0.1 ? null : r < 0.2 && bot ? { kind: 'bot', id: bot.id } : { kind: 'operator', id: rng.pick(workers).id };
    else assignee = r < 0.03 && bot ? { kind: 'bot', id: bot.id } : { kind: 'operator', id: (rng.chance(0.12) ? admin : rng.pick(workers)).id };
    if (assignee === null && client.blocked) assignee = { kind: 'operator', id: admin.id };

    // The history: mostly short, some long.
    const h = rng.next();
    let size = h < 0.62 ? rng.int(1, 3) : h < 0.9 ? rng.int(4, 7) : h < 0.995 ? rng.int(8, 25) : rng.int(60, 220);
    if (assignee === null) size = Math.min(size, 3);
    const waiting = isOpen && (assignee === null || rng.chance(assignee.kind === 'bot' ? 0.05 : 0.3));

    const dialogId = `dlg-${String(num).padStart(7, '0')}`;
    const lines = CLIENT_LINES[client.lang];
    const answers = OPERATOR_LINES[client.lang];
    const responder: Author = assignee ? { kind: assignee.kind, id: assignee.id } : { kind: 'operator', id: admin.id };
    let t = start;
    let n = 0;
    /** The fields that derive from the history, folded message by message (`derive.ts`). */
    const derived: DerivedDialogFields & Pick<Dialog, 'status' | 'createdAt'> = {
      status: 'open',
      createdAt: start,
      lastN: 0,
      lastMessage: null,
      lastActivityAt: start,
      clientMessageCount: 0,
      openedAt: start,
      waitingSince: null,
    };
    const order = `#${orderNo - rng.int(0, 50)}`;
    const add = (author: Author, [text, search]: [string, string], attachments: Attachment[], createdAt: number, status: MessageStatus | null, event: SystemEvent | null): void => {
      n++;
      const id = `${dialogId}-m${n}`;
      const kind = event ? 'event' : 'text';
      batch.messages.push([id, dialogId, n, kind, author.kind, author.id, text, search, null, attachments, event, status, createdAt]);
      applyMessage(derived, { id, n, kind, author, text, attachments, event: event ?? undefined, createdAt });
    };
    for (let i = 0; i < size; i++) {
      // The client opens; then turns mostly alternate. A waiting dialog ends with the client.
      const fromClient = i === 0 || (waiting && i === size - 1) || (!(waiting && i === size - 2) && rng.chance(0.45));
      t += rng.int(20_000, fromClient ? 40 * MIN : 8 * MIN);
      const attachments: Attachment[] = [];
      if (rng.chance(0.03)) {
        const name = rng.pick(FILE_NAMES);
        const image = /\.(png|jpg)$/.test(name);
        const id = `${dialogId}-m${n + 1}-a1`;
        const url = image ? pngDataUrl(rng.pick(['#0369a1', '#15803d', '#be123c', '#a16207'])) : 'data:application/pdf;base64,JVBERi0xLjQK';
        attachments.push({
          id,
          name,
          mime: image ? 'image/png' : 'application/pdf',
          size: rng.int(20_000, 900_000),
          kind: image ? 'image' : 'file',
          url,
          ...(image ? { thumbUrl: url, width: 640, height: 480 } : {}),
          available: true,
        });
      }
      if (fromClient) {
        add({ kind: 'client', id: client.id }, line(rng.pick(lines), order), attachments, t, null, null);
      } else {
        const status = isOpen && t > now - 10 * MIN ? { state: 'delivered' as const } : { state: 'read' as const };
        add(responder, line(rng.pick(answers), order), attachments, t, status, null);
      }
    }
    if (!isOpen) {
      t += rng.int(MIN, 2 * HOUR);
      const by: Author = assignee?.kind === 'operator' ? { kind: 'operator', id: assignee.id } : { kind: 'operator', id: admin.id };
      const event: SystemEvent = { type: 'closed', by };
      add(SYSTEM, ['', ''], [], t, null, event);
    }
    derived.status = isOpen ? 'open' : 'closed';
    const clientMessages = derived.clientMessageCount;
    const dialog: Dialog = {
      id: dialogId,
      channelId: channel.id,
      clientId: client.id,
      title: client.name,
      status: isOpen ? 'open' : 'closed',
      assignee,
      createdAt: start,
      openedAt: derived.openedAt,
      lastActivityAt: derived.lastActivityAt,
      waitingSince: derived.waitingSince,
      lastMessage: derived.lastMessage,
      clientMessageCount: derived.clientMessageCount,
      lastN: derived.lastN,
    };
    batch.dialogs.push([
      dialog.id,
      dialog.channelId,
      dialog.clientId,
      dialog.title,
      dialog.status,
      dialog.assignee,
      dialog.createdAt,
      dialog.openedAt,
      dialog.lastActivityAt,
      dialog.waitingSince,
      dialog.lastMessage,
      dialog.clientMessageCount,
      dialog.lastN,
      false,
      folded(dialog.title),
    ]);
    // Read positions: history is read; open dialogs are sometimes unread (more so when waiting).
    const unreadFor: string[] = [];
    for (const o of operators) {
      if (!canSeeDialog(o, dialog)) continue;
      const unread = !isOpen ? 0 : waiting ? (rng.chance(0.6) ? Math.min(clientMessages, rng.int(1, 3)) : 0) : rng.chance(0.05) ? Math.min(clientMessages, 1) : 0;
      batch.read_states.push([o.id, dialogId, clientMessages - unread, false]);
      if (unread > 0) unreadFor.push(o.id);
    }
    counts?.add(dialog, client.tags, unreadFor);

    if (num % batchSize === 0 || num === total) {
      yield batch;
      batch = { clients: [], dialogs: [], messages: [], read_states: [] };
    }
  }
}
