/**
 * Deterministic demo data: operators, a bot, channels with different capabilities, tags,
 * clients and (by default) 300 dialogs with their whole message history, read positions,
 * quick replies and settings. The memory storage, Storybook stories and tests start from it.
 *
 * This is demo and test data, not part of the production core: the entry point of
 * `server/demo-data/` (split by concern: `world.ts`, `dictionaries.ts`, `clients.ts`,
 * `dialogs.ts`, `png.ts`, `random.ts`).
 *
 * Browser-safe (no Node imports). Randomness comes from a seeded PRNG (mulberry32), so the
 * same options always give the same data; the only clock read is `Date.now()` when `now` is
 * omitted. Requirement IDs (H1, S5, T6...) refer to REQUIREMENTS.md.
 */
import type { Assignee, Attachment, Author, Dialog, DialogStatus, Id, Message, QuickReply, ReadState } from '../../sdk/model.js';
import { canSeeDialog } from '../../sdk/rules/permissions.js';
import type { SeedData } from '../core/storage.js';
import { Rng } from './random.js';
import { finishClient, newClient } from './clients.js';
import { type ClientDraft, type Ctx, type DialogSpec, type Ending, generateDialog } from './dialogs.js';
import { BOT, type Lang, TOPICS, authorOf, channelById, op } from './dictionaries.js';
import { BOTS, CHANNELS, DAY, HOUR, MIN, OPERATORS, REMAP, SIMULATION, TAGS } from './world.js';

export { pngDataUrl } from './png.js';
export { SEED_IDS, SEED_SPECIAL_DIALOGS, SPECIALS, type SpecInput } from './specials.js';
import { SEED_IDS, SPECIALS } from './specials.js';

// ---------------------------------------------------------------------------------------------
// Options and well-known ids
// ---------------------------------------------------------------------------------------------

/** Options of {@link createSeed}. */
export interface SeedOptions {
  /** The current time; every timestamp is at most this. Default: `Date.now()` (read once). */
  now?: number;
  /** Number of dialogs (default 300). The well-known dialogs come first. */
  dialogs?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Message count range of ordinary dialogs, inclusive (default [3, 40]). */
  messagesPerDialog?: [min: number, max: number];
}

/** The default number of dialogs. */
export const SEED_DEFAULT_DIALOGS = 300;

export const CHANNEL_WEIGHTS: ReadonlyArray<readonly [Id, number]> = [
  ['ch-site', 25],
  ['ch-landing', 10],
  ['ch-telegram', 22],
  ['ch-whatsapp', 20],
  ['ch-vk', 14],
  ['ch-broken', 9],
];
export const OPERATOR_WEIGHTS: ReadonlyArray<readonly [Id, number]> = [
  ['op-admin', 20],
  ['op-maria', 28],
  ['op-ivan', 28],
  ['op-john', 24],
];

export function waitTime(rng: Rng): number {
  const r = rng.next();
  if (r < 0.3) return rng.int(2 * MIN, 14 * MIN);
  if (r < 0.75) return rng.int(16 * MIN, 4 * HOUR);
  return rng.int(4 * HOUR, 3 * DAY);
}

/**
 * Creates the demo data. Deterministic: the same options give deep-equal results.
 * Default: 300 dialogs (~9,000 messages), seed 1, `now` = `Date.now()`.
 */
export function createSeed(options: SeedOptions = {}): SeedData {
  const now = options.now ?? Date.now();
  const total = Math.max(0, Math.floor(options.dialogs ?? SEED_DEFAULT_DIALOGS));
  const rng = new Rng(options.seed ?? 1);
  const [rawMin, rawMax] = options.messagesPerDialog ?? [3, 40];
  const minSize = Math.max(1, Math.floor(rawMin));
  const maxSize = Math.max(minSize, Math.floor(rawMax));
  const ctx: Ctx = { rng, now, orderSeq: { n: 10_234 } };

  const clients: ClientDraft[] = [];
  const dialogs: Dialog[] = [];
  const messages: Message[] = [];
  const leftDialogs: Id[] = [];
  const clientOfSpecial = new Map<number, ClientDraft>();

  const addClient = (lang: Lang, opts: Parameters<typeof newClient>[3]): ClientDraft => {
    const c = newClient(ctx, clients.length + 1, lang, opts);
    clients.push(c);
    return c;
  };
  const emit = (spec: DialogSpec): void => {
    const { dialog, messages: ms } = generateDialog(ctx, spec);
    dialogs.push(dialog);
    for (const m of ms) messages.push(m);
    spec.client.dialogs.push({ dialog, detached: !!spec.detached });
    if (spec.left) leftDialogs.push(dialog.id);
  };

  // Features of ordinary dialogs, placed at random positions: a second blocked client, two more
  // detached dialogs, two more left web chats and a few long histories.
  const ordinary = Array.from({ length: Math.max(0, total - SPECIALS.length) }, (_, i) => SPECIALS.length + 1 + i);
  const picks = rng.shuffle([...ordinary]);
  const featureOf = new Map<number, 'blocked' | 'detached' | 'left' | 'long'>();
  (['blocked', 'detached', 'detached', 'left', 'left', 'long', 'long', 'long', 'long'] as const).forEach((f, i) => {
    const num = picks[i];
    if (num !== undefined) featureOf.set(num, f);
  });

  for (let num = 1; num <= total; num++) {
    const id = `dlg-${String(num).padStart(4, '0')}`;
    const special = SPECIALS[num - 1];
    if (special) {
      const reuse = special.sameClientAs !== undefined ? clientOfSpecial.get(special.sameClientAs) : undefined;
      const client =
        reuse ??
        addClient(special.lang, {
          webchat: channelById(special.channel).kind === 'webchat',
          ...(special.clientTags ? { tags: special.clientTags.map((t) => ({ ...t })) } : {}),
          blocked: !!special.blocked,
        });
      if (special.detached || special.blocked || special.sameClientAs !== undefined) client.reusable = false;
      clientOfSpecial.set(num, client);
      const initial = special.initial === undefined ? special.final : special.initial;
      emit({
        ...special,
        num,
        id,
        channel: channelById(special.channel),
        client,
        initial,
        waitMs: special.waitMs ?? 0,
        endAgoMs: special.endAgoMs ?? 0,
        sessions: special.sessions ?? 1,
        attachRate: special.attachRate ?? 0.05,
        attachMax: special.attachMax ?? 1,
      });
      continue;
    }

    const feature = featureOf.get(num);
    let channelId = rng.weighted(CHANNEL_WEIGHTS);
    channelId = REMAP[channelId]?.[num % 10] ?? channelId;
    if (feature === 'left') channelId = rng.chance(0.6) ? 'ch-site' : 'ch-landing';
    const channel = channelById(channelId);

    // Assignee: ~10% bot, ~10% nobody, the rest operators.
    const r = rng.next();
    let final: Assignee | null = r < 0.1 ? BOT : r < 0.2 ? null : op(rng.weighted(OPERATOR_WEIGHTS));
    if (feature && final?.kind !== 'operator') final = op(rng.weighted(OPERATOR_WEIGHTS));

    let status: DialogStatus = final === null ? 'open' : rng.chance(0.3) ? 'closed' : 'open';
    if (feature === 'left') status = 'open';
    let ending: Ending;
    if (final === null) ending = 'waiting';
    else if (status === 'closed') ending = rng.chance(0.5) ? 'thanks' : 'answered';
    else ending = rng.chance(final.kind === 'bot' ? 0.05 : 0.27) ? 'waiting' : 'answered';
    if (feature === 'left' || feature === 'blocked' || feature === 'detached') ending = 'answered';

    let size = minSize + Math.floor((maxSize - minSize + 1) * rng.next() ** 1.6);
    if (final === null) size = Math.min(size, rng.int(1, 4));
    if (feature === 'long') size = rng.int(80, 250);
    size = Math.max(1, Math.min(size, feature === 'long' ? 250 : maxSize));
    const sessions = size < 8 ? 1 : 1 + rng.int(0, Math.min(4, Math.floor(size / 8)));

    let initial: Assignee | null = final;
    let reassignBy: Author | undefined;
    if (final?.kind === 'operator' && !feature) {
      const finalId = final.id;
      const p = rng.next();
      if (p < 0.15) initial = BOT;
      else if (p < 0.25) {
        const others = OPERATORS.filter((o) => o.id !== finalId);
        const prev = rng.pick(others).id;
        initial = op(prev);
        reassignBy = authorOf(rng.chance(0.5) ? op('op-admin') : op(prev));
      }
    }

    // Language follows the channel's audience; some clients come back from another channel.
    const lang: Lang =
      channel.id === 'ch-vk'
        ? rng.chance(0.85)
          ? 'ru'
          : 'en'
        : rng.weighted([
            ['es', 45],
            ['en', 30],
            ['ru', 25],
          ] as const);
    let client: ClientDraft | undefined;
    if (!feature && rng.chance(0.09)) {
      const candidates = clients.filter((c) => c.reusable && c.dialogs.length === 1 && c.dialogs[0]!.dialog.channelId !== channel.id);
      if (candidates.length > 0) client = rng.pick(candidates);
    }
    if (client) client.reusable = false;
    else {
      client = addClient(lang, { webchat: channel.kind === 'webchat', blocked: feature === 'blocked' });
      if (feature === 'blocked' || feature === 'detached') client.reusable = false;
    }

    const spec: DialogSpec = {
      num,
      id,
      channel,
      client,
      lang: client.lang,
      topic: rng.pick(TOPICS),
      initial,
      final,
      status,
      ending,
      waitMs: waitTime(rng),
      endAgoMs: status === 'closed' ? rng.int(HOUR, 28 * DAY) : rng.int(5 * MIN, 5 * MIN + Math.floor(4 * DAY * rng.next() ** 2)),
      size,
      sessions,
      attachRate: 0.05,
      attachMax: rng.chance(0.2) ? 3 : 1,
    };
    if (reassignBy) spec.reassignBy = reassignBy;
    if (feature === 'blocked') spec.blocked = true;
    if (feature === 'detached') spec.detached = true;
    if (feature === 'left') {
      spec.left = true;
      spec.endAgoMs = rng.int(5 * MIN, 3 * HOUR);
    }
    if (status === 'closed' && final?.kind === 'operator' && rng.chance(0.15)) spec.closedBy = authorOf(op('op-admin'));
    emit(spec);
  }

  // A few old attachments expired (unavailable), one of them in the attachments dialog.
  const expirable: Attachment[] = [];
  let firstOfAttachmentsDialog: Attachment | undefined;
  for (const m of messages) {
    if (m.attachments.length === 0) continue;
    if (m.dialogId === SEED_IDS.attachmentsDialog) firstOfAttachmentsDialog ??= m.attachments[0];
    else if (m.createdAt < now - 14 * DAY) expirable.push(...m.attachments);
  }
  const expired = rng.shuffle(expirable).slice(0, 2);
  if (firstOfAttachmentsDialog) expired.push(firstOfAttachmentsDialog);
  for (const a of expired) {
    a.available = false;
    a.unavailableReason = 'expired';
    a.url = '';
    delete a.thumbUrl;
  }

  const finishedClients = clients.map((c) => finishClient(ctx, c));

  // L1/H3: what each operator has read of the dialogs they see.
  const readStates: SeedData['readStates'] = [];
  for (const o of OPERATORS) {
    for (const d of dialogs) {
      if (!canSeeDialog(o, d)) continue;
      let unread = 0;
      if (d.assignee === null) unread = rng.chance(0.7) ? d.clientMessageCount : 0;
      else if (d.waitingSince !== null) unread = rng.chance(0.55) ? rng.int(1, 5) : 0;
      else if (rng.chance(0.06)) unread = rng.int(1, 5);
      const state: ReadState & { operatorId: Id } = {
        operatorId: o.id,
        dialogId: d.id,
        readClientCount: Math.max(0, d.clientMessageCount - unread),
        markedUnread: false,
      };
      // H3: marked unread for one operator only.
      if ((o.id === SEED_IDS.admin && d.id === SEED_IDS.markedUnreadDialog) || (o.id === SEED_IDS.maria && d.id === SEED_IDS.botDialog)) {
        state.readClientCount = d.clientMessageCount;
        state.markedUnread = true;
      }
      if (o.id === SEED_IDS.ivan && d.id === SEED_IDS.markedUnreadDialog) state.readClientCount = d.clientMessageCount;
      readStates.push(state);
    }
  }

  const quickReplies: QuickReply[] = [
    { id: 'qr-1', title: 'Saludo', text: '¡Hola! Gracias por escribirnos. ¿En qué podemos ayudarte?', createdBy: 'op-maria', createdAt: now - 20 * DAY },
    { id: 'qr-2', title: 'Greeting', text: 'Hi! Thanks for reaching out. How can I help you today?', createdBy: 'op-admin', createdAt: now - 19 * DAY },
    {
      id: 'qr-3',
      title: 'Plazos de envío',
      text: 'Los pedidos se envían en 24-48 h laborables. Recibirás el número de seguimiento por correo electrónico.',
      createdBy: 'op-maria',
      createdAt: now - 12 * DAY,
    },
    { id: 'qr-4', title: 'Returns policy', text: 'You can return any item within 30 days of delivery. I will email you a prepaid return label.', createdBy: 'op-john', createdAt: now - 8 * DAY },
    { id: 'qr-5', title: 'Despedida', text: 'Gracias por tu paciencia. Si necesitas algo más, aquí estamos. ¡Buen día!', createdBy: 'op-admin', createdAt: now - 3 * DAY },
  ];

  return {
    operators: OPERATORS.map((o) => ({ ...o, rights: { ...o.rights } })),
    bots: BOTS.map((b) => ({ ...b })),
    channels: CHANNELS.map((c) => ({
      ...c,
      capabilities: { ...c.capabilities, attachments: { ...c.capabilities.attachments, types: [...c.capabilities.attachments.types] } },
    })),
    simulation: Object.fromEntries(Object.entries(SIMULATION).map(([k, v]) => [k, { ...v }])),
    tags: TAGS.map(([t]) => ({ ...t })),
    clients: finishedClients,
    dialogs,
    messages,
    readStates,
    quickReplies,
    settings: { responseTimeLimitMs: 15 * MIN },
    leftDialogs,
  };
}
