/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import * as v from 'valibot';
import type { Assignee, Attachment, Channel, Client, Dialog, Message, SystemEvent } from '../../sdk/model.js';
import { mimeMatches } from '../../sdk/rules/attachments.js';
import { countChars } from '../../sdk/rules/length.js';
import { canSeeDialog, sameAssignee } from '../../sdk/rules/permissions.js';
import { isOverdue } from '../../sdk/rules/query.js';
import { isRetryable } from '../../sdk/rules/status.js';
import { tagCounts } from '../../sdk/rules/tags.js';
import { cutText, LIST_PREVIEW_LENGTH } from '../../sdk/rules/text.js';
import { BotSchema, ChannelSchema, ClientSchema, DialogSchema, MessageSchema, OperatorSchema, QuickReplySchema, ReadStateSchema, TagSchema } from '../../sdk/schema.js';
import { deriveDialog } from '../core/derive.js';
import { createSeed, pngDataUrl, SEED_IDS, SEED_SPECIAL_DIALOGS } from './seed.js';
import type { SeedData } from '../core/storage.js';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const seed: SeedData = createSeed({ now: NOW });

function index(data: SeedData) {
  const byDialog = new Map<string, Message[]>();
  for (const m of data.messages) {
    const list = byDialog.get(m.dialogId) ?? [];
    list.push(m);
    byDialog.set(m.dialogId, list);
  }
  const dialogs = new Map<string, Dialog>(data.dialogs.map((d) => [d.id, d]));
  const msgs = (id: string): Message[] => byDialog.get(id) ?? [];
  return {
    seed: data,
    channels: new Map<string, Channel>(data.channels.map((c) => [c.id, c])),
    clients: new Map<string, Client>(data.clients.map((c) => [c.id, c])),
    dialogs,
    msgs,
    dialog: (id: string): Dialog => {
      const d = dialogs.get(id);
      if (!d) throw new Error(`no dialog ${id}`);
      return d;
    },
    events: (id: string, type: SystemEvent['type']): Message[] => msgs(id).filter((m) => m.event?.type === type),
    allAttachments: (): Array<{ a: Attachment; m: Message }> => data.messages.flatMap((m) => m.attachments.map((a) => ({ a, m }))),
  };
}

const { channels, clients, msgs, dialog, events, allAttachments } = index(seed);
const isText = (m: Message): boolean => m.kind !== 'event';
const isOutgoing = (m: Message): boolean => isText(m) && (m.author.kind === 'operator' || m.author.kind === 'bot');
const isClientMsg = (m: Message): boolean => isText(m) && m.author.kind === 'client';

/** F2/F4 as the brief defines it, written independently of the seed. */
function expectedWaitingSince(d: Dialog, ms: Message[]): number | null {
  if (d.status !== 'open') return null;
  const lastText = [...ms].reverse().find(isText);
  if (!lastText || lastText.author.kind !== 'client') return null;
  let opened = -1;
  ms.forEach((m, i) => {
    if (m.event?.type === 'opened' || m.event?.type === 'reopened') opened = i;
  });
  let answered = -1;
  ms.forEach((m, i) => {
    if (i > opened && isOutgoing(m)) answered = i;
  });
  const start = Math.max(opened, answered);
  const first = ms.find((m, i) => i > start && isClientMsg(m));
  return first ? first.createdAt : null;
}

describe('createSeed', () => {
  describe('determinism and options', () => {
    it('gives the same data for the same options', () => {
      const a = createSeed({ now: NOW, dialogs: 40, seed: 7 });
      const b = createSeed({ now: NOW, dialogs: 40, seed: 7 });
      expect(a).to.deep.equal(b);
      expect(JSON.stringify(createSeed({ now: NOW }))).to.equal(JSON.stringify(seed));
    });

    it('gives different data for another seed', () => {
      const other = createSeed({ now: NOW, seed: 2 });
      expect(JSON.stringify(other.dialogs)).not.to.equal(JSON.stringify(seed.dialogs));
    });

    it('honours `dialogs` and `messagesPerDialog`', () => {
      expect(seed.dialogs).to.have.length(300);
      expect(createSeed({ now: NOW, dialogs: 5 }).dialogs.map((d) => d.id)).to.deep.equal([
        SEED_IDS.waitingDialog,
        SEED_IDS.freshWaitingDialog,
        SEED_IDS.closedDialog,
        SEED_IDS.ivanDialog,
        SEED_IDS.reassignedDialog,
      ]);
      const empty = createSeed({ now: NOW, dialogs: 0 });
      expect(empty.dialogs).to.deep.equal([]);
      expect(empty.messages).to.deep.equal([]);
      const small = createSeed({ now: NOW, dialogs: 120, messagesPerDialog: [2, 5] });
      expect(small.dialogs).to.have.length(120);
      const sizes = small.dialogs
        .slice(SEED_SPECIAL_DIALOGS)
        .map((d) => small.messages.filter((m) => m.dialogId === d.id && m.kind === 'text').length)
        .sort((x, y) => x - y);
      expect(sizes[Math.floor(sizes.length / 2)]).to.be.at.most(7);
    });

    it('uses Date.now() when `now` is omitted', () => {
      const before = Date.now();
      const s = createSeed({ dialogs: 20 });
      const after = Date.now();
      const latest = Math.max(...s.messages.map((m) => m.createdAt));
      expect(latest).to.be.at.most(after);
      expect(latest).to.be.above(before - DAY);
    });

    it('stays between 5,000 and 25,000 messages (its time is printed, not asserted)', () => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        createSeed({ now: NOW });
        times.push(performance.now() - t);
      }
      times.sort((x, y) => x - y);
      console.log(`createSeed(): ${times.map((t) => t.toFixed(0)).join(' / ')} ms, ${seed.messages.length} messages`);
      expect(seed.messages.length).to.be.below(25_000);
      expect(seed.messages.length).to.be.above(5_000);
    });
  });

  describe('shape', () => {
    it('matches the protocol schemas', () => {
      const check = (schema: v.GenericSchema, items: readonly unknown[], what: string) => {
        for (const item of items) {
          const r = v.safeParse(schema, item);
          if (!r.success) throw new Error(`${what}: ${JSON.stringify(item).slice(0, 200)}: ${r.issues[0]?.message}`);
        }
      };
      check(OperatorSchema, seed.operators, 'operator');
      check(BotSchema, seed.bots, 'bot');
      check(ChannelSchema, seed.channels, 'channel');
      check(TagSchema, seed.tags, 'tag');
      check(ClientSchema, seed.clients, 'client');
      check(DialogSchema, seed.dialogs, 'dialog');
      check(MessageSchema, seed.messages, 'message');
      check(ReadStateSchema, seed.readStates, 'read state');
      check(QuickReplySchema, seed.quickReplies, 'quick reply');
    });

    it('has the operators, the bot, the channels and the settings', () => {
      const ops = new Map(seed.operators.map((o) => [o.id, o]));
      expect(ops.get(SEED_IDS.admin)).to.include({ role: 'administrator' });
      expect(ops.get(SEED_IDS.admin)?.rights.deleteDialogs).to.equal(true);
      expect(ops.get(SEED_IDS.maria)?.rights.deleteDialogs).to.equal(true);
      expect(ops.get(SEED_IDS.ivan)?.rights.deleteDialogs).to.equal(false);
      expect(ops.get(SEED_IDS.john)).to.include({ role: 'operator', online: false });
      expect(seed.bots.map((b) => b.id)).to.deep.equal([SEED_IDS.bot]);
      expect(seed.channels.map((c) => c.id)).to.have.members(Object.values(SEED_IDS.channels));
      expect(channels.get(SEED_IDS.channels.site)?.capabilities).to.include({ readReceipts: true, quoting: true, clientCanLeave: true, maxLength: 2000 });
      expect(channels.get(SEED_IDS.channels.landing)?.capabilities.readReceipts).to.equal(false);
      expect(channels.get(SEED_IDS.channels.vk)?.capabilities.attachments.allowed).to.equal(false);
      expect(channels.get(SEED_IDS.channels.telegram)?.capabilities.attachments.types).to.include('application/zip');
      expect(seed.simulation[SEED_IDS.channels.broken]?.failing).to.equal(true);
      expect(
        Object.entries(seed.simulation)
          .filter(([, s]) => s.failing)
          .map(([id]) => id),
      ).to.deep.equal([SEED_IDS.channels.broken]);
      expect(seed.simulation[SEED_IDS.channels.site]?.readDelayMs).to.equal(null);
      // L2: one channel of every kind, so every icon shows in the demo.
      expect(new Set(seed.channels.map((c) => c.kind))).to.deep.equal(new Set(['webchat', 'telegram', 'whatsapp', 'viber', 'vk', 'instagram', 'facebook', 'email', 'sms', 'other']));
      for (const c of seed.channels) expect(seed.simulation[c.id], c.id).not.to.equal(undefined);
      expect(seed.settings).to.deep.equal({ responseTimeLimitMs: 15 * 60 * 1000 });
      expect(seed.quickReplies).to.have.length(5);
    });
  });

  integritySuites('default seed', seed, true);
  integritySuites('seed 99, 120 short dialogs', createSeed({ now: NOW, seed: 99, dialogs: 120, messagesPerDialog: [1, 12] }), false);

  describe('content', () => {
    it('keeps texts plain and within the channel limit (P4)', () => {
      let longest = 0;
      for (const m of seed.messages) {
        expect(/<\/?[a-z][^>]*>/i.test(m.text), m.id).to.equal(false);
        const limit = channels.get(dialog(m.dialogId).channelId)!.capabilities.maxLength;
        const n = countChars(m.text);
        longest = Math.max(longest, n);
        expect(n, m.id).to.be.at.most(limit);
      }
      expect(longest).to.be.above(1000);
    });

    it('quotes earlier messages of the same dialog, only where the channel supports quoting', () => {
      const quoted = seed.messages.filter((m) => m.quote);
      expect(quoted.length).to.be.above(20);
      for (const m of quoted) {
        const ch = channels.get(dialog(m.dialogId).channelId)!;
        expect(ch.capabilities.quoting, m.id).to.equal(true);
        const q = msgs(m.dialogId).find((x) => x.id === m.quote?.messageId);
        expect(q, m.id).not.to.equal(undefined);
        expect(q!.n).to.be.below(m.n);
        expect(q!.author).to.deep.equal(m.quote?.author);
        expect(q!.text.startsWith(m.quote!.text.replace(/…$/, '')), m.id).to.equal(true);
      }
    });

    it('attaches only what the channel accepts, with unique ids', () => {
      const ids = new Set<string>();
      const all = allAttachments();
      expect(all.length).to.be.above(200);
      for (const { a, m } of all) {
        expect(ids.has(a.id), a.id).to.equal(false);
        ids.add(a.id);
        const caps = channels.get(dialog(m.dialogId).channelId)!.capabilities.attachments;
        expect(caps.allowed, a.id).to.equal(true);
        expect(
          caps.types.some((t) => mimeMatches(t, a.mime)),
          `${a.id} ${a.mime}`,
        ).to.equal(true);
        expect(a.size, a.id).to.be.within(1, caps.maxBytes);
        expect(m.attachments.length, m.id).to.be.at.most(caps.maxCount);
        expect(a.mime).not.to.equal('image/svg+xml');
        if (a.kind === 'image') {
          expect(a.mime, a.id).to.match(/^image\/(png|jpeg)$/);
          expect(a.width, a.id).to.be.above(100);
          expect(a.height, a.id).to.be.above(100);
        }
        if (a.available) {
          expect(a.url, a.id).to.match(a.kind === 'image' ? /^data:image\/png;base64,/ : /^data:application\/octet-stream;base64,/);
          if (a.kind === 'image') expect(a.thumbUrl, a.id).to.equal(a.url);
        } else {
          expect(a.unavailableReason, a.id).to.equal('expired');
        }
      }
      const expired = all.filter(({ a }) => !a.available);
      expect(expired.length).to.be.within(2, 3);
    });

    it('generates images the browser can decode', async () => {
      const urls = [
        ...new Set(
          allAttachments()
            .filter(({ a }) => a.kind === 'image' && a.available)
            .map(({ a }) => a.url),
        ),
      ];
      expect(urls.length).to.be.above(3);
      for (const url of [...urls, pngDataUrl('#123456')]) {
        const img = new Image();
        img.src = url;
        await img.decode();
        expect(img.naturalWidth).to.equal(1);
        expect(img.naturalHeight).to.equal(1);
      }
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      const g = canvas.getContext('2d')!;
      const img = new Image();
      img.src = pngDataUrl('#1e3a8a');
      await img.decode();
      g.drawImage(img, 0, 0);
      expect([...g.getImageData(0, 0, 1, 1).data]).to.deep.equal([0x1e, 0x3a, 0x8a, 255]);
    });

    it('has tags with distinct colours and uneven usage (T7), untagged clients (T3) and pinned tags (L5, T6)', () => {
      const tagIds = new Set(seed.tags.map((t) => t.id));
      expect(seed.tags.length).to.be.within(10, 14);
      expect(new Set(seed.tags.map((t) => t.color.toLowerCase())).size).to.equal(seed.tags.length);
      for (const t of seed.tags) expect(t.color).to.match(/^#[0-9a-f]{6}$/i);
      for (const c of seed.clients) {
        expect(c.tags.length, c.id).to.be.at.most(3);
        expect(new Set(c.tags.map((t) => t.tagId)).size, c.id).to.equal(c.tags.length);
        for (const t of c.tags) expect(tagIds.has(t.tagId), c.id).to.equal(true);
      }
      const untagged = seed.clients.filter((c) => c.tags.length === 0).length / seed.clients.length;
      expect(untagged).to.be.within(0.15, 0.4);
      expect(seed.clients.filter((c) => c.tags.some((t) => t.pinned)).length).to.be.above(20);
      expect(seed.clients.filter((c) => c.tags.filter((t) => t.pinned).length >= 2).length).to.be.above(2);
      const counts = tagCounts(seed.dialogs, clients);
      for (const t of seed.tags) expect(counts.get(t.id) ?? 0, t.id).to.be.above(0);
      expect(new Set(counts.values()).size).to.be.at.least(8);
      expect(tagCounts(seed.dialogs, clients, true).size).to.be.at.least(6);
    });

    it('describes clients: contacts, source (C1), analytics, orders (C2)', () => {
      const noSource = seed.clients.filter((c) => c.source === null).length / seed.clients.length;
      expect(noSource).to.be.within(0.05, 0.3);
      for (const c of seed.clients) {
        if (c.source) expect(channels.has(c.source.channelId), c.id).to.equal(true);
        for (const x of c.contacts) expect(channels.has(x.channelId), c.id).to.equal(true);
        const own = seed.dialogs.filter((d) => d.clientId === c.id);
        for (const d of own)
          expect(
            c.contacts.some((x) => x.channelId === d.channelId),
            `${c.id} ${d.id}`,
          ).to.equal(true);
        if (own.some((d) => channels.get(d.channelId)?.kind === 'webchat')) expect(c.analytics, c.id).not.to.equal(null);
      }
      expect(seed.clients.filter((c) => c.analytics === null).length).to.be.above(20);
      expect(seed.clients.some((c) => c.source?.utm?.campaign && c.source.referrer && c.source.landingPage)).to.equal(true);
      const orders = seed.clients.flatMap((c) => c.orders);
      expect(orders.length).to.be.above(50);
      expect(new Set(orders.map((o) => o.number)).size).to.equal(orders.length);
      for (const o of orders) {
        expect(o.number).to.match(/^\d{5}A$/);
        expect(['EUR', 'RUB', 'USD']).to.include(o.currency);
        expect(o.createdAt).to.be.at.most(NOW);
        if (o.createdByBot) expect(o.source, o.id).not.to.equal(undefined);
      }
      expect(orders.filter((o) => o.createdByBot).length).to.be.above(5);
      for (const c of seed.clients) expect(c.orders.length, c.id).to.be.at.most(3);
    });

    it('gives some clients dialogs in two channels', () => {
      const perClient = new Map<string, Dialog[]>();
      for (const d of seed.dialogs) if (d.clientId) perClient.set(d.clientId, [...(perClient.get(d.clientId) ?? []), d]);
      const multi = [...perClient.values()].filter((ds) => ds.length > 1);
      expect(multi.length).to.be.at.least(5);
      for (const ds of multi) expect(new Set(ds.map((d) => d.channelId)).size).to.equal(ds.length);
      expect(perClient.get(SEED_IDS.multiDialogClient)?.map((d) => d.id)).to.have.members([...SEED_IDS.multiDialogs]);
    });
  });

  describe('coverage', () => {
    it('spreads dialogs over channels, statuses and assignees', () => {
      const n = seed.dialogs.length;
      // L2: the channels added to show every kind's icon hold fewer dialogs (at least 5 each).
      const showcase = new Set(['ch-instagram', 'ch-messenger', 'ch-email', 'ch-sms', 'ch-other']);
      for (const c of seed.channels) expect(seed.dialogs.filter((d) => d.channelId === c.id).length, c.id).to.be.above(showcase.has(c.id) ? 4 : 10);
      const closed = seed.dialogs.filter((d) => d.status === 'closed').length / n;
      expect(closed).to.be.within(0.15, 0.35);
      const bot = seed.dialogs.filter((d) => d.assignee?.kind === 'bot').length / n;
      expect(bot).to.be.within(0.05, 0.15);
      const none = seed.dialogs.filter((d) => d.assignee === null).length / n;
      expect(none).to.be.within(0.05, 0.15);
      for (const o of seed.operators) expect(seed.dialogs.filter((d) => d.assignee?.id === o.id).length, o.id).to.be.above(20);
      expect(seed.messages.filter((m) => m.event?.type === 'reassigned').length).to.be.above(10);
      expect(seed.messages.filter((m) => m.event?.type === 'reassigned' && m.event.by?.kind === 'bot').length).to.be.above(3);
    });

    it('has waiting dialogs, some overdue and some not (F2)', () => {
      const waiting = seed.dialogs.filter((d) => d.waitingSince !== null);
      const overdue = waiting.filter((d) => isOverdue(d, NOW, seed.settings));
      expect(overdue.length).to.be.above(10);
      expect(waiting.length - overdue.length).to.be.above(5);
      expect(isOverdue(dialog(SEED_IDS.waitingDialog), NOW, seed.settings)).to.equal(true);
      expect(isOverdue(dialog(SEED_IDS.johnDialog), NOW, seed.settings)).to.equal(true);
      const fresh = dialog(SEED_IDS.freshWaitingDialog);
      expect(fresh.waitingSince).not.to.equal(null);
      expect(isOverdue(fresh, NOW, seed.settings)).to.equal(false);
      expect(dialog(SEED_IDS.unassignedDialog).waitingSince).not.to.equal(null);
    });

    it('has blocked clients (H4) who write nothing after the block', () => {
      const blocked = seed.clients.filter((c) => c.blocked);
      expect(blocked.length).to.be.within(2, 4);
      expect(clients.get(SEED_IDS.blockedClient)?.blocked).to.equal(true);
      expect(dialog(SEED_IDS.blockedDialog).clientId).to.equal(SEED_IDS.blockedClient);
      for (const c of blocked) {
        const ds = seed.dialogs.filter((d) => d.clientId === c.id);
        expect(ds.length, c.id).to.be.above(0);
        for (const d of ds) {
          const ms = msgs(d.id);
          const at = ms.findIndex((m) => m.event?.type === 'client_blocked');
          expect(at, d.id).to.be.at.least(0);
          expect(ms.slice(at).some(isClientMsg), d.id).to.equal(false);
        }
      }
    });

    it('has detached dialogs (H5): no client, a detach event, the client still exists', () => {
      const detached = seed.dialogs.filter((d) => d.clientId === null);
      expect(detached.length).to.be.within(2, 5);
      expect(dialog(SEED_IDS.detachedDialog).clientId).to.equal(null);
      expect(clients.has(SEED_IDS.detachedClient)).to.equal(true);
      expect(clients.get(SEED_IDS.detachedClient)?.contacts.some((x) => x.channelId === dialog(SEED_IDS.detachedDialog).channelId)).to.equal(false);
      for (const d of detached) {
        const ms = msgs(d.id);
        const at = ms.findIndex((m) => m.event?.type === 'client_detached');
        expect(at, d.id).to.be.at.least(0);
        expect(ms.slice(at).some(isClientMsg), d.id).to.equal(false);
        expect(d.title).to.equal(clients.get(ms.find(isClientMsg)!.author.id)?.name);
      }
    });

    it('has the well-known dialogs', () => {
      const w = dialog(SEED_IDS.waitingDialog);
      expect(w.assignee).to.deep.equal({ kind: 'operator', id: SEED_IDS.maria });
      const closed = dialog(SEED_IDS.closedDialog);
      expect(closed.status).to.equal('closed');
      expect(closed.assignee).to.deep.equal({ kind: 'operator', id: SEED_IDS.maria });
      expect(events(SEED_IDS.closedDialog, 'closed').pop()?.event?.by).to.deep.equal({ kind: 'operator', id: SEED_IDS.maria });
      expect(dialog(SEED_IDS.ivanDialog).assignee).to.deep.equal({ kind: 'operator', id: SEED_IDS.ivan });
      expect(dialog(SEED_IDS.ivanDialog).status).to.equal('open');

      const re = events(SEED_IDS.reassignedDialog, 'reassigned');
      expect(re).to.have.length(1);
      expect(re[0]?.event).to.deep.include({ from: { kind: 'operator', id: SEED_IDS.ivan }, to: { kind: 'operator', id: SEED_IDS.maria } });
      expect(re[0]?.event?.by).to.deep.equal({ kind: 'operator', id: SEED_IDS.admin });

      const cr = dialog(SEED_IDS.closedReassignedDialog);
      expect(cr.status).to.equal('closed');
      expect(cr.assignee).to.deep.equal({ kind: 'operator', id: SEED_IDS.ivan });
      expect(cr.lastMessage?.event?.type).to.equal('reassigned');

      expect(dialog(SEED_IDS.botDialog).assignee).to.deep.equal({ kind: 'bot', id: SEED_IDS.bot });
      expect(dialog(SEED_IDS.unassignedDialog).assignee).to.equal(null);
      expect(dialog(SEED_IDS.johnDialog).assignee).to.deep.equal({ kind: 'operator', id: SEED_IDS.john });

      const broken = dialog(SEED_IDS.brokenDialog);
      expect(broken.channelId).to.equal(SEED_IDS.channels.broken);
      expect(msgs(broken.id).filter(isText).pop()?.status).to.deep.equal({ state: 'failed', reason: 'integration_error', retryable: true });

      const left = dialog(SEED_IDS.leftDialog);
      expect(channels.get(left.channelId)?.kind).to.equal('webchat');

      expect(msgs(SEED_IDS.longDialog).length).to.be.within(2500, 3500);
      const att = msgs(SEED_IDS.attachmentsDialog).flatMap((m) => m.attachments);
      expect(att.length).to.be.within(120, 200);
      expect(att.filter((a) => a.kind === 'image').length).to.be.above(50);
      expect(att.filter((a) => a.kind === 'file').length).to.be.above(30);
    });

    it('keeps read positions per operator for the dialogs they see (L1, H3)', () => {
      const ops = new Map(seed.operators.map((o) => [o.id, o]));
      const seen = new Set<string>();
      let unread = 0;
      for (const r of seed.readStates) {
        const key = `${r.operatorId}/${r.dialogId}`;
        expect(seen.has(key), key).to.equal(false);
        seen.add(key);
        const d = dialog(r.dialogId);
        expect(canSeeDialog(ops.get(r.operatorId)!, d), key).to.equal(true);
        expect(r.readClientCount, key).to.be.within(0, d.clientMessageCount);
        if (r.readClientCount < d.clientMessageCount) unread++;
      }
      for (const o of seed.operators) {
        for (const d of seed.dialogs) if (canSeeDialog(o, d)) expect(seen.has(`${o.id}/${d.id}`), `${o.id}/${d.id}`).to.equal(true);
      }
      expect(unread).to.be.above(10);
      expect(unread / seed.readStates.length).to.be.below(0.4);
      const marked = seed.readStates.filter((r) => r.markedUnread);
      expect(marked.length).to.be.within(1, 4);
      const state = (opId: string, dId: string) => seed.readStates.find((r) => r.operatorId === opId && r.dialogId === dId);
      expect(state(SEED_IDS.admin, SEED_IDS.markedUnreadDialog)?.markedUnread).to.equal(true);
      expect(state(SEED_IDS.ivan, SEED_IDS.markedUnreadDialog)?.markedUnread).to.equal(false);
    });
  });
});

/** The structural checks, for any seed. */
function integritySuites(label: string, data: SeedData, full: boolean): void {
  const { seed, channels, clients, dialogs, msgs, dialog } = index(data);

  describe(`referential integrity (${label})`, () => {
    it('links every dialog to an existing channel, client and assignee', () => {
      const ids = new Set<string>();
      for (const d of seed.dialogs) {
        expect(ids.has(d.id), d.id).to.equal(false);
        ids.add(d.id);
        expect(channels.has(d.channelId), d.id).to.equal(true);
        if (d.clientId !== null) {
          expect(clients.has(d.clientId), d.id).to.equal(true);
          expect(d.title).to.equal(clients.get(d.clientId)?.name);
        }
        if (d.assignee?.kind === 'operator')
          expect(
            seed.operators.some((o) => o.id === d.assignee?.id),
            d.id,
          ).to.equal(true);
        if (d.assignee?.kind === 'bot')
          expect(
            seed.bots.some((b) => b.id === d.assignee?.id),
            d.id,
          ).to.equal(true);
        expect(d.title.trim(), d.id).not.to.equal('');
      }
      const clientIdsWithDialogs = new Set(seed.dialogs.map((d) => d.clientId));
      const authorsOfMessages = new Set(seed.messages.filter(isClientMsg).map((m) => m.author.id));
      for (const c of seed.clients) expect(clientIdsWithDialogs.has(c.id) || authorsOfMessages.has(c.id), c.id).to.equal(true);
    });

    it('numbers messages 1..n per dialog, ascending in time, within the last 30 days', () => {
      const ids = new Set<string>();
      for (const m of seed.messages) {
        expect(dialogs.has(m.dialogId), m.id).to.equal(true);
        expect(ids.has(m.id), m.id).to.equal(false);
        ids.add(m.id);
      }
      for (const d of seed.dialogs) {
        const ms = msgs(d.id);
        expect(ms.length, d.id).to.be.above(0);
        ms.forEach((m, i) => {
          expect(m.n, m.id).to.equal(i + 1);
          if (i > 0) expect(m.createdAt, m.id).to.be.above(ms[i - 1]!.createdAt);
          expect(m.createdAt).to.be.at.most(NOW);
          expect(m.createdAt).to.be.at.least(NOW - 31 * DAY);
        });
        expect(d.createdAt, d.id).to.be.at.most(ms[0]!.createdAt);
      }
    });

    it('authors messages with existing people; system events carry no text', () => {
      for (const m of seed.messages) {
        if (m.kind === 'event') {
          expect(m.author.kind, m.id).to.equal('system');
          expect(m.text).to.equal('');
          expect(m.event, m.id).not.to.equal(undefined);
          expect(m.attachments).to.deep.equal([]);
          continue;
        }
        expect(m.event, m.id).to.equal(undefined);
        if (m.author.kind === 'client') expect(clients.has(m.author.id), m.id).to.equal(true);
        else if (m.author.kind === 'operator')
          expect(
            seed.operators.some((o) => o.id === m.author.id),
            m.id,
          ).to.equal(true);
        else expect(m.author.kind, m.id).to.equal('bot');
        expect(m.text !== '' || m.attachments.length > 0, m.id).to.equal(true);
      }
    });

    it('derives lastN, lastMessage, lastActivityAt, clientMessageCount, openedAt and waitingSince from the messages', () => {
      for (const d of seed.dialogs) {
        const ms = msgs(d.id);
        const last = ms[ms.length - 1]!;
        expect(d.lastN, d.id).to.equal(last.n);
        // F3: the latest message of a person; system events are not activity.
        expect(d.lastActivityAt, d.id).to.equal([...ms].reverse().find(isText)?.createdAt ?? d.createdAt);
        expect(d.clientMessageCount, d.id).to.equal(ms.filter(isClientMsg).length);
        expect(d.lastMessage, d.id).to.deep.equal({
          id: last.id,
          author: last.author,
          text: cutText(last.text, LIST_PREVIEW_LENGTH),
          kind: last.kind,
          attachmentCount: last.attachments.length,
          ...(last.event ? { event: last.event } : {}),
          createdAt: last.createdAt,
        });
        const opened = [...ms].reverse().find((m) => m.event?.type === 'opened' || m.event?.type === 'reopened');
        expect(d.openedAt, d.id).to.equal(opened ? opened.createdAt : d.createdAt);
        expect(d.waitingSince, d.id).to.equal(expectedWaitingSince(d, ms));
        // And the seed computes them with the one rule the core applies (derive.ts).
        const again = structuredClone(d);
        deriveDialog(again, ms);
        expect(again, d.id).to.deep.equal(d);
      }
    });

    it('has the responsible operator of the time write, and reassignments chain up to the assignee', () => {
      for (const d of seed.dialogs) {
        let current: Assignee | null | undefined;
        for (const m of msgs(d.id)) {
          if (m.event?.type === 'reassigned') {
            if (current !== undefined) expect(sameAssignee(m.event.from, current), m.id).to.equal(true);
            current = m.event.to ?? null;
          } else if (isOutgoing(m)) {
            const who: Assignee = { kind: m.author.kind === 'bot' ? 'bot' : 'operator', id: m.author.id };
            if (current === undefined) current = who;
            expect(sameAssignee(current, who), m.id).to.equal(true);
          }
        }
        // Without any reply or reassignment the dialog may still be assigned on arrival.
        if (current !== undefined) expect(sameAssignee(current, d.assignee), d.id).to.equal(true);
        if (d.assignee === null) expect(current ?? null, d.id).to.equal(null);
      }
    });

    it('matches the dialog status with its close and reopen events', () => {
      for (const d of seed.dialogs) {
        const states = msgs(d.id).filter((m) => m.event?.type === 'closed' || m.event?.type === 'reopened' || m.event?.type === 'opened');
        const lastState = states[states.length - 1]?.event?.type;
        expect(d.status, d.id).to.equal(lastState === 'closed' ? 'closed' : 'open');
      }
    });
  });

  describe(`statuses, S1-S6 (${label})`, () => {
    it('puts a status on outgoing messages only; read only where the channel reports reads', () => {
      for (const m of seed.messages) {
        if (!isOutgoing(m)) {
          expect(m.status, m.id).to.equal(undefined);
          continue;
        }
        expect(m.status, m.id).not.to.equal(undefined);
        const ch = channels.get(dialog(m.dialogId).channelId)!;
        if (m.status?.state === 'read') expect(ch.capabilities.readReceipts, m.id).to.equal(true);
      }
    });

    it('fails messages for a reason that fits the channel, retryable as the rules say', () => {
      const reasons = new Map<string, number>();
      for (const m of seed.messages) {
        if (m.status?.state !== 'failed') continue;
        reasons.set(m.status.reason, (reasons.get(m.status.reason) ?? 0) + 1);
        expect(m.status.retryable, m.id).to.equal(isRetryable(m.status.reason));
        const d = dialog(m.dialogId);
        const ch = channels.get(d.channelId)!;
        if (m.status.reason === 'integration_error') expect(seed.simulation[ch.id]?.failing, m.id).to.equal(true);
        if (m.status.reason === 'client_left') {
          expect(ch.capabilities.clientCanLeave, m.id).to.equal(true);
          expect(seed.leftDialogs, m.id).to.include(d.id);
        }
      }
      if (full) {
        expect(reasons.get('integration_error')).to.be.at.least(5);
        expect(reasons.get('client_left')).to.be.at.least(2);
      }
    });

    it('lists 2-3 web-chat dialogs whose client left', () => {
      expect(seed.leftDialogs.length).to.be.within(full ? 2 : 1, 3);
      expect(seed.leftDialogs).to.include(SEED_IDS.leftDialog);
      for (const id of seed.leftDialogs) {
        const d = dialog(id);
        expect(channels.get(d.channelId)?.capabilities.clientCanLeave, id).to.equal(true);
        expect(d.status, id).to.equal('open');
        const last = msgs(id).filter(isText).pop();
        expect(last?.status, id).to.deep.equal({ state: 'failed', reason: 'client_left', retryable: true });
      }
    });
  });
}
