/**
 * Generates one demo dialog from its spec: the drafts of its history, their times, statuses,
 * quotes and files, then the dialog with its derived fields (`server/core/derive.ts`).
 * Browser-safe.
 */
import type { Assignee, Attachment, Author, Channel, ClientTag, Dialog, DialogStatus, FailureReason, Id, Message, MessageKind, MessageStatus, SystemEvent, Timestamp } from '../../sdk/model.js';
import { mimeMatches } from '../../sdk/rules/attachments.js';
import { sameAssignee } from '../../sdk/rules/permissions.js';
import { failed } from '../../sdk/rules/status.js';
import { deriveDialog, quoteOf } from '../core/derive.js';
import { Rng } from './random.js';
import { FILES, type Lang, SYSTEM, TEXT, type Topic, authorOf, copyAssignee, copyEvent, firstName, op } from './dictionaries.js';
import { pngDataUrl, textDataUrl } from './png.js';
import { BROKEN_SINCE_MS, DAY, HOUR, MIN, PHOTO_COLORS, PHOTO_SIZES, SIMULATION } from './world.js';

// ---------------------------------------------------------------------------------------------
// Dialog generation
// ---------------------------------------------------------------------------------------------

export type Gap = 'first' | 'burst' | 'reply' | 'event' | 'tight' | 'pause' | 'session';
export type Ending = 'waiting' | 'answered' | 'thanks';

export interface Draft {
  kind: MessageKind;
  author: Author;
  text: string;
  event?: SystemEvent;
  gap: Gap;
  fail?: FailureReason;
  /** Index of the quoted draft. */
  quote?: number;
  attachments: Attachment[];
}

export interface ClientDraft {
  id: Id;
  name: string;
  lang: Lang;
  tags: ClientTag[];
  blocked: boolean;
  sourceNull: boolean;
  visitor: boolean;
  company: boolean;
  /** Dialogs of this client (including detached ones), filled as they are generated. */
  dialogs: Array<{ dialog: Dialog; detached: boolean }>;
  /** No more dialogs may be added (blocked, detached, or already two). */
  reusable: boolean;
}

export interface DialogSpec {
  num: number;
  id: Id;
  channel: Channel;
  client: ClientDraft;
  lang: Lang;
  topic: Topic;
  initial: Assignee | null;
  final: Assignee | null;
  /** Who reassigns from `initial` to `final` (a bot hands over by itself). */
  reassignBy?: Author;
  /** H1: the reassignment happens after the dialog was closed. */
  reassignAfterClose?: boolean;
  status: DialogStatus;
  ending: Ending;
  /** For `waiting`: how long ago the client's first unanswered message came. */
  waitMs: number;
  /** Otherwise: how long ago the last message came. */
  endAgoMs: number;
  /** Target number of text messages. */
  size: number;
  sessions: number;
  closedBy?: Author;
  blocked?: boolean;
  detached?: boolean;
  left?: boolean;
  longText?: boolean;
  attachRate: number;
  attachMax: number;
}

export interface Ctx {
  rng: Rng;
  now: Timestamp;
  orderSeq: { n: number };
}

export function fill(ctx: Ctx, text: string, spec: DialogSpec, author?: Author): string {
  return text
    .replace('{order}', () => `${10_234 + ctx.rng.int(0, 900)}A`)
    .replace('{track}', () => ctx.rng.digits(10))
    .replace('{op}', () => firstName(author?.kind === 'operator' ? author.id : (spec.final?.id ?? 'op-admin'), spec.lang));
}

export function gapMs(rng: Rng, gap: Gap, author: Author): number {
  switch (gap) {
    case 'first':
      return 0;
    case 'burst':
      return rng.int(4_000, 80_000);
    case 'reply':
      return author.kind === 'bot' ? rng.int(1_000, 4_000) : rng.int(40_000, 12 * MIN);
    case 'event':
      return rng.int(3_000, 3 * MIN);
    case 'tight':
      return rng.int(1, 800);
    case 'pause':
      return rng.int(40 * MIN, 20 * HOUR);
    case 'session':
      return rng.int(8 * HOUR, 6 * DAY);
  }
}

export function makeAttachment(ctx: Ctx, spec: DialogSpec, id: Id, author: Author, preferImage: boolean): Attachment | null {
  const { rng } = ctx;
  const a = spec.channel.capabilities.attachments;
  if (!a.allowed) return null;
  const canImage = a.types.some((t) => mimeMatches(t, 'image/jpeg')) && a.types.some((t) => mimeMatches(t, 'image/png'));
  const files = FILES.filter((f) => a.types.some((t) => mimeMatches(t, f.mime)) && f.min <= a.maxBytes);
  const image = canImage && (preferImage || files.length === 0);
  if (image) {
    const png = rng.chance(0.3);
    const [w, h] = rng.pick(PHOTO_SIZES);
    const url = pngDataUrl(rng.pick(PHOTO_COLORS));
    const stamp = `2025${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    const name = png
      ? rng.pick(['screenshot.png', `Captura ${stamp}.png`, `Снимок экрана ${stamp}.png`])
      : author.kind === 'client'
        ? rng.pick([`IMG_${stamp}_${rng.digits(6)}.jpg`, `photo_${stamp}.jpg`, `WhatsApp Image ${stamp}.jpg`])
        : rng.pick(['producto.jpg', 'product-photo.jpg', 'фото-товара.jpg']);
    return {
      id,
      name,
      mime: png ? 'image/png' : 'image/jpeg',
      size: Math.min(a.maxBytes, rng.int(90_000, 4_500_000)),
      kind: 'image',
      url,
      thumbUrl: url,
      width: w,
      height: h,
      available: true,
    };
  }
  if (files.length === 0) return null;
  const f = rng.pick(files);
  const name = fill(ctx, f.name[spec.lang], spec);
  return {
    id,
    name,
    mime: f.mime,
    size: Math.min(a.maxBytes, rng.int(f.min, f.max)),
    kind: 'file',
    url: textDataUrl(`chatdesk demo file: ${name}\n`),
    available: true,
  };
}

/**
 * F2/F4 on drafts, by position: the index of the client's first unanswered message, or -1. The
 * rule is `derive.ts`'s, applied to positions as times.
 */
export function waitingIndex(items: ReadonlyArray<Pick<Draft, 'kind' | 'author' | 'event'>>, status: DialogStatus): number {
  const d = { status, createdAt: -1, lastN: 0, lastMessage: null, lastActivityAt: -1, clientMessageCount: 0, openedAt: -1, waitingSince: null as number | null };
  deriveDialog(
    d,
    items.map((it, i) => ({ id: '', n: i + 1, kind: it.kind, author: it.author, text: '', attachments: [], event: it.event, createdAt: i })),
  );
  return d.waitingSince ?? -1;
}

export function splitSize(rng: Rng, size: number, sessions: number): number[] {
  const sizes = Array.from({ length: sessions }, () => 2);
  let left = Math.max(0, size - 2 * sessions);
  while (left > 0) {
    sizes[rng.int(0, sessions - 1)]! += 1;
    left--;
  }
  return sizes;
}

export function buildDrafts(ctx: Ctx, spec: DialogSpec): Draft[] {
  const { rng } = ctx;
  const T = TEXT[spec.lang];
  const topic = T.topics[spec.topic];
  const drafts: Draft[] = [];
  const clientAuthor: Author = { kind: 'client', id: spec.client.id };
  let assignee = spec.initial;
  let reassigned = sameAssignee(spec.initial, spec.final) || !!spec.reassignAfterClose;
  const reassignAtSession = spec.initial?.kind === 'bot' ? 0 : Math.floor(spec.sessions / 2);
  let clientSaid = 0;
  let respSaid = 0;
  let longDone = !spec.longText;
  const recent: string[] = [];
  /** Picks a line not used in the last few messages, when the pool allows. */
  const fresh = (pool: readonly string[]): string => {
    let text = rng.pick(pool);
    for (let i = 0; i < 4 && recent.includes(text); i++) text = rng.pick(pool);
    recent.push(text);
    if (recent.length > 6) recent.shift();
    return text;
  };

  const push = (d: Omit<Draft, 'attachments'>): void => {
    drafts.push(Object.assign(d, { attachments: [] }));
  };
  const event = (ev: SystemEvent, gap: Gap): void => push({ kind: 'event', author: SYSTEM, text: '', event: ev, gap });
  const clientText = (): string => {
    clientSaid++;
    if (clientSaid === 1) {
      const ask = fill(ctx, fresh(topic.ask), spec);
      const hello = rng.pick(T.hello);
      return rng.chance(0.6) ? `${hello}${/[!?.]$/.test(hello) ? '' : '.'} ${ask}` : ask;
    }
    if (!longDone && clientSaid >= 3) {
      longDone = true;
      return T.longText.repeat(12).trim();
    }
    return fill(ctx, fresh(rng.chance(0.6) ? topic.more : T.followUp), spec);
  };
  const respText = (who: Author): string => {
    respSaid++;
    if (who.kind === 'bot') return respSaid === 1 ? T.bot[0]! : fill(ctx, fresh(T.bot.slice(1)), spec, who);
    if (respSaid === 1 || (drafts.length > 0 && drafts[drafts.length - 1]!.event?.type === 'reassigned')) {
      return `${fill(ctx, rng.pick(T.opHello), spec, who)} ${fill(ctx, fresh(topic.answer), spec, who)}`;
    }
    return fill(ctx, fresh(rng.chance(0.55) ? topic.answer : T.opGeneric), spec, who);
  };
  const runClient = (count: number, gap: Gap): number => {
    for (let i = 0; i < count; i++) push({ kind: 'text', author: clientAuthor, text: clientText(), gap: i === 0 ? gap : 'burst' });
    return count;
  };
  const runResp = (count: number, gap: Gap): number => {
    if (!assignee) return 0;
    const who = authorOf(assignee);
    for (let i = 0; i < count; i++) push({ kind: 'text', author: who, text: respText(who), gap: i === 0 ? gap : 'burst' });
    return count;
  };
  const reassign = (): void => {
    if (reassigned) return;
    reassigned = true;
    let by = spec.reassignBy ?? SYSTEM;
    if (assignee?.kind === 'bot') {
      push({ kind: 'text', author: authorOf(assignee), text: rng.pick(T.botHandoff), gap: 'reply' });
      by = authorOf(assignee);
    }
    event({ type: 'reassigned', by, from: assignee, to: spec.final }, 'event');
    assignee = spec.final;
  };
  const lastText = (): Draft | undefined => {
    for (let i = drafts.length - 1; i >= 0; i--) if (drafts[i]!.kind !== 'event') return drafts[i];
    return undefined;
  };
  const closeBy = (): Author => spec.closedBy ?? (assignee ? authorOf(assignee) : authorOf(op('op-admin')));

  // Unassigned: the client wrote, nobody took it yet.
  if (!spec.initial) {
    for (let i = 0; i < spec.size; i++) runClient(1, i === 0 ? 'first' : rng.chance(0.6) ? 'burst' : 'reply');
    return drafts;
  }

  const sizes = splitSize(rng, spec.size, spec.sessions);
  for (let s = 0; s < spec.sessions; s++) {
    const isLast = s === spec.sessions - 1;
    let budget = sizes[s]!;
    let who: 'client' | 'resp';
    if (s === 0) {
      budget -= runClient(
        rng.weighted([
          [1, 6],
          [2, 3],
        ] as const),
        'first',
      );
      who = 'resp';
    } else if (drafts[drafts.length - 1]?.event?.type === 'closed') {
      if (assignee?.kind === 'operator' && rng.chance(0.2)) {
        // P3/H2: the operator restarts the conversation, which reopens the dialog.
        event({ type: 'reopened', by: authorOf(assignee) }, 'session');
        budget -= runResp(1, 'tight');
        who = 'client';
      } else {
        // H2: a new client message reopens the dialog by itself.
        event({ type: 'reopened', by: null }, 'session');
        budget -= runClient(1, 'tight');
        who = 'resp';
      }
    } else {
      budget -= runClient(1, 'pause');
      who = 'resp';
    }
    while (budget > 0) {
      if (who === 'resp') {
        if (!reassigned && s >= reassignAtSession && respSaid >= (assignee?.kind === 'bot' ? 1 : 2)) reassign();
        budget -= runResp(
          Math.min(
            budget,
            rng.weighted([
              [1, 7],
              [2, 3],
            ] as const),
          ),
          'reply',
        );
        who = 'client';
      } else {
        budget -= runClient(
          Math.min(
            budget,
            rng.weighted([
              [1, 6],
              [2, 3],
              [3, 1],
            ] as const),
          ),
          'reply',
        );
        who = 'resp';
      }
    }
    if (!isLast) {
      // A finished conversation: answered, maybe thanked, often closed.
      if (lastText()?.author.kind === 'client') runResp(1, 'reply');
      if (rng.chance(0.3)) runClient(1, 'reply');
      if (spec.status === 'closed' || rng.chance(0.6)) event({ type: 'closed', by: closeBy() }, 'event');
    }
  }

  if (!reassigned) reassign();

  switch (spec.ending) {
    case 'waiting':
      if (lastText()?.author.kind !== 'client') runClient(rng.int(1, 2), 'reply');
      break;
    case 'answered':
      if (lastText()?.author.kind === 'client') runResp(1, 'reply');
      break;
    case 'thanks':
      if (lastText()?.author.kind === 'client') runResp(1, 'reply');
      push({ kind: 'text', author: clientAuthor, text: rng.pick(T.thanks), gap: 'reply' });
      if (rng.chance(0.5) && assignee?.kind === 'operator') {
        push({ kind: 'text', author: authorOf(assignee), text: rng.pick(T.opBye), gap: 'reply' });
      }
      break;
  }

  if (spec.blocked && assignee) {
    // H4: the client turned abusive and was blocked; nothing comes from them afterwards.
    T.rude.forEach((text, i) => push({ kind: 'text', author: clientAuthor, text, gap: i === 0 ? 'pause' : 'burst' }));
    push({ kind: 'text', author: authorOf(assignee), text: rng.pick(T.opWarn), gap: 'reply' });
    event({ type: 'client_blocked', by: authorOf(assignee) }, 'event');
  }
  if (spec.left && assignee) {
    // S5: the site visitor closed the chat; later replies cannot reach them.
    const who = authorOf(assignee);
    const n = rng.int(1, 2);
    for (let i = 0; i < n; i++) {
      push({ kind: 'text', author: who, text: T.leftOp[i % T.leftOp.length]!, gap: i === 0 ? 'pause' : 'burst', fail: 'client_left' });
    }
  }
  if (spec.detached && assignee) {
    event({ type: 'client_detached', by: authorOf(assignee) }, 'event');
  }
  if (spec.status === 'closed') {
    event({ type: 'closed', by: closeBy() }, 'event');
  }
  if (spec.reassignAfterClose) {
    // H1: reassigned while closed; the dialog stays closed.
    event({ type: 'reassigned', by: authorOf(op('op-admin')), from: assignee, to: spec.final }, 'pause');
    assignee = spec.final;
  }
  return drafts;
}

export function decorate(ctx: Ctx, spec: DialogSpec, drafts: Draft[]): void {
  const { rng } = ctx;
  const caps = spec.channel.capabilities;
  const T = TEXT[spec.lang];
  drafts.forEach((d, i) => {
    if (d.kind === 'event' || i === 0) return;
    // M1/M2: quotes only where the channel supports them.
    if (caps.quoting && d.fail === undefined) {
      const outgoing = d.author.kind !== 'client';
      if (rng.chance(outgoing ? 0.07 : 0.02)) {
        for (let j = i - 1; j >= Math.max(0, i - 6); j--) {
          const q = drafts[j]!;
          if (q.kind === 'text' && q.text !== '' && (outgoing ? q.author.kind === 'client' : q.author.kind !== 'client')) {
            d.quote = j;
            break;
          }
        }
      }
    }
    // P1/P2: attachments only where the channel accepts them.
    if (caps.attachments.allowed && d.author.kind !== 'bot' && d.fail === undefined && rng.chance(spec.attachRate)) {
      const count = Math.min(caps.attachments.maxCount, rng.int(1, spec.attachMax));
      for (let k = 0; k < count; k++) {
        const a = makeAttachment(ctx, spec, `att-${spec.num}-${i + 1}-${k + 1}`, d.author, rng.chance(0.6));
        if (a) d.attachments.push(a);
      }
      if (d.attachments.length > 0 && d.text.length < 120) {
        d.text = rng.chance(0.45) ? '' : rng.pick(d.author.kind === 'client' ? T.captions : T.opCaptions);
      }
    }
  });
}

export function assignTimes(ctx: Ctx, spec: DialogSpec, drafts: Draft[]): number[] {
  const { rng, now } = ctx;
  const rel: number[] = new Array<number>(drafts.length).fill(0);
  for (let i = drafts.length - 1; i > 0; i--) rel[i - 1] = rel[i]! - gapMs(rng, drafts[i]!.gap, drafts[i]!.author);
  const w = spec.ending === 'waiting' ? waitingIndex(drafts, spec.status) : -1;
  const anchor = w >= 0 ? w : drafts.length - 1;
  const anchorTime = now - (w >= 0 ? spec.waitMs : spec.endAgoMs);
  const abs = rel.map((r) => anchorTime + (r - rel[anchor]!));
  // Keep the whole history within the last ~30 days: compress what comes before the anchor.
  const minStart = now - 29.5 * DAY;
  if (abs[0]! < minStart && anchor > 0) {
    const f = (anchorTime - minStart) / (anchorTime - abs[0]!);
    for (let i = 0; i < anchor; i++) abs[i] = anchorTime - (anchorTime - abs[i]!) * f;
  }
  for (let i = 0; i < abs.length; i++) abs[i] = Math.round(abs[i]!);
  for (let i = anchor - 1; i >= 0; i--) abs[i] = Math.min(abs[i]!, abs[i + 1]! - 1);
  for (let i = anchor + 1; i < abs.length; i++) abs[i] = Math.max(abs[i]!, abs[i - 1]! + 1);
  const over = abs[abs.length - 1]! - (now - 1_000);
  if (over > 0) for (let i = 0; i < abs.length; i++) abs[i] = abs[i]! - over;
  return abs;
}

export function outgoingStatus(ctx: Ctx, spec: DialogSpec, d: Draft, t: number, clientLater: boolean): MessageStatus {
  if (d.fail) return failed(d.fail);
  // S5: the failing integration refuses everything sent since it broke (incoming still works).
  if (SIMULATION[spec.channel.id]?.failing && t > ctx.now - BROKEN_SINCE_MS) return failed('integration_error');
  // S6: `read` only where the integration reports reads.
  if (spec.channel.capabilities.readReceipts) {
    if (clientLater) return { state: 'read' };
    if (ctx.now - t > 10 * MIN && ctx.rng.chance(0.75)) return { state: 'read' };
  }
  return { state: 'delivered' };
}

export function generateDialog(ctx: Ctx, spec: DialogSpec): { dialog: Dialog; messages: Message[] } {
  const drafts = buildDrafts(ctx, spec);
  decorate(ctx, spec, drafts);
  const times = assignTimes(ctx, spec, drafts);
  const ids = drafts.map((_, i) => `${spec.id}-m${i + 1}`);
  let clientAfter = false;
  const laterClient: boolean[] = new Array<boolean>(drafts.length).fill(false);
  for (let i = drafts.length - 1; i >= 0; i--) {
    laterClient[i] = clientAfter;
    const d = drafts[i]!;
    if (d.kind !== 'event' && d.author.kind === 'client') clientAfter = true;
  }
  const messages: Message[] = drafts.map((d, i) => {
    const m: Message = {
      id: ids[i]!,
      dialogId: spec.id,
      n: i + 1,
      kind: d.kind,
      author: { ...d.author },
      text: d.text,
      attachments: d.attachments,
      createdAt: times[i]!,
    };
    if (d.event) m.event = copyEvent(d.event);
    if (d.quote !== undefined) {
      const q = drafts[d.quote]!;
      m.quote = quoteOf({ id: ids[d.quote]!, author: q.author, text: q.text });
    }
    if (d.kind === 'text' && (d.author.kind === 'operator' || d.author.kind === 'bot')) {
      m.status = outgoingStatus(ctx, spec, d, times[i]!, laterClient[i]!);
    }
    return m;
  });

  const dialog: Dialog = {
    id: spec.id,
    channelId: spec.channel.id,
    clientId: spec.detached ? null : spec.client.id,
    title: spec.client.name,
    status: spec.status,
    assignee: copyAssignee(spec.final),
    createdAt: messages[0]?.createdAt ?? ctx.now,
    openedAt: 0,
    lastActivityAt: 0,
    waitingSince: null,
    lastMessage: null,
    clientMessageCount: 0,
    lastN: 0,
  };
  deriveDialog(dialog, messages);
  return { dialog, messages };
}
