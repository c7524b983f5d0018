/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import type { Author, Dialog, DialogStatus, Message, SystemEvent } from '../../sdk/model.js';
import { LIST_PREVIEW_LENGTH, QUOTE_PREVIEW_LENGTH } from '../../sdk/rules/text.js';
import { applyMessage, deriveDialog, messagePreview, quoteOf, type DerivedDialogFields } from './derive.js';

const T = Date.UTC(2025, 5, 15, 12, 0, 0);
const CLIENT: Author = { kind: 'client', id: 'c1' };
const OP: Author = { kind: 'operator', id: 'op-1' };
const BOT: Author = { kind: 'bot', id: 'bot-1' };
const SYSTEM: Author = { kind: 'system', id: '' };

type Fields = DerivedDialogFields & Pick<Dialog, 'status' | 'createdAt'>;

function fresh(status: DialogStatus = 'open'): Fields {
  return { status, createdAt: T, lastN: 0, lastMessage: null, lastActivityAt: T, clientMessageCount: 0, openedAt: T, waitingSince: null };
}

/** A history built in order: each message a minute after the previous. */
function history(...items: Array<[Author, string] | SystemEvent['type']>): Message[] {
  return items.map((it, i) => {
    const base = { id: `m${i + 1}`, dialogId: 'd', n: i + 1, attachments: [], createdAt: T + (i + 1) * 60_000 };
    if (typeof it === 'string') return { ...base, kind: 'event', author: SYSTEM, text: '', event: { type: it, by: null } };
    return { ...base, kind: 'text', author: it[0], text: it[1] };
  });
}

function derived(messages: Message[], status: DialogStatus = 'open'): Fields {
  const d = fresh(status);
  deriveDialog(d, messages);
  return d;
}

describe('derived dialog fields (derive.ts)', () => {
  describe('messagePreview', () => {
    it('L3, L4: previews a message with its author, kind, files and time; copies what it keeps', () => {
      const m: Message = { id: 'm1', dialogId: 'd', n: 1, kind: 'text', author: { ...OP }, text: 'Hola', attachments: [], createdAt: T };
      const p = messagePreview(m);
      expect(p).to.deep.equal({ id: 'm1', author: OP, text: 'Hola', kind: 'text', attachmentCount: 0, createdAt: T });
      expect('event' in p).to.equal(false);
      expect(p.author).not.to.equal(m.author);
      const e = history('closed')[0]!;
      const pe = messagePreview(e);
      expect(pe.event).to.deep.equal(e.event);
      expect(pe.event).not.to.equal(e.event);
    });

    it('L4: cuts a long text at the preview length without a lone surrogate or a split grapheme', () => {
      const long = `${'a'.repeat(LIST_PREVIEW_LENGTH - 1)}😀😀😀`;
      const cut = messagePreview({ ...history([CLIENT, long])[0]! }).text;
      expect(cut).to.equal(`${'a'.repeat(LIST_PREVIEW_LENGTH - 1)}😀`);
      const family = '👨‍👩‍👧';
      const text = `${'b'.repeat(LIST_PREVIEW_LENGTH - 2)}${family}tail`;
      const cut2 = messagePreview(history([CLIENT, text])[0]!).text;
      expect(cut2).to.equal('b'.repeat(LIST_PREVIEW_LENGTH - 2));
      for (const s of [cut, cut2]) expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)).to.equal(false);
      const short = 'x'.repeat(LIST_PREVIEW_LENGTH);
      expect(messagePreview(history([CLIENT, short])[0]!).text).to.equal(short);
    });
  });

  describe('quoteOf', () => {
    it("M1: a quote keeps the quoted message's id and author and cuts its text at the quote length, grapheme-safe (the core and the demo data alike)", () => {
      const text = `${'q'.repeat(QUOTE_PREVIEW_LENGTH - 1)}😀😀`;
      const q = quoteOf({ id: 'm7', author: { ...CLIENT }, text });
      expect(q).to.deep.equal({ messageId: 'm7', author: CLIENT, text: `${'q'.repeat(QUOTE_PREVIEW_LENGTH - 1)}😀` });
      expect(quoteOf({ id: 'm8', author: OP, text: 'corto' }).text).to.equal('corto');
    });
  });

  describe('deriveDialog and applyMessage', () => {
    it('has the creation as activity and opening, and nothing else, before any message', () => {
      expect(derived([])).to.deep.equal(fresh());
    });

    it('F3: last activity is the latest message of a person (client, operator, bot), not a system event', () => {
      const ms = history([CLIENT, 'hi'], [OP, 'hello'], 'reassigned', [BOT, 'bot here'], 'client_blocked', 'closed');
      const d = derived(ms, 'closed');
      expect(d.lastActivityAt).to.equal(ms[3]!.createdAt);
      expect(d.lastMessage?.event?.type, 'the preview is the latest message, an event too').to.equal('closed');
      expect(d.lastN).to.equal(6);
    });

    it('L1, N2: counts the client messages ever received', () => {
      const ms = history([CLIENT, 'a'], [OP, 'b'], [CLIENT, 'c'], 'closed', 'reopened', [CLIENT, 'd']);
      expect(derived(ms).clientMessageCount).to.equal(3);
    });

    it('F2, F4: waits from the first client message not answered since the dialog was (re)opened', () => {
      const ms = history([CLIENT, 'a'], [CLIENT, 'b'], [OP, 'answer'], [CLIENT, 'c'], [CLIENT, 'd']);
      expect(derived(ms).waitingSince).to.equal(ms[3]!.createdAt);
      expect(derived(ms.slice(0, 3)).waitingSince, 'an operator answers').to.equal(null);
      expect(derived(history([CLIENT, 'a'], [BOT, 'auto'])).waitingSince, 'the bot answers too').to.equal(null);
      const reopened = history([CLIENT, 'a'], 'closed', 'reopened', [CLIENT, 'b']);
      const d = derived(reopened);
      expect(d.openedAt, 'F4: opened at the reopen').to.equal(reopened[2]!.createdAt);
      expect(d.waitingSince, 'F4: counted from after the reopen').to.equal(reopened[3]!.createdAt);
    });

    it('F2: a closed dialog does not wait; closing ends the wait and reopening does not restore it', () => {
      const ms = history([CLIENT, 'a'], 'closed');
      expect(derived(ms, 'closed').waitingSince).to.equal(null);
      expect(derived([...ms, ...history('reopened').map((m) => ({ ...m, n: 3, createdAt: T + 10 * 60_000 }))]).waitingSince).to.equal(null);
      const d = fresh('closed');
      applyMessage(d, history([CLIENT, 'late'])[0]!);
      expect(d.waitingSince, 'a message folded into a closed dialog starts no wait').to.equal(null);
    });

    it('gives the same fields folding message by message as deriving from the whole history', () => {
      const ms = history([CLIENT, 'a'], [OP, 'b'], [CLIENT, 'c'], 'closed', 'reopened', [CLIENT, 'd'], 'reassigned', [BOT, 'e'], [CLIENT, 'f']);
      const folded = fresh();
      for (const m of ms) applyMessage(folded, m);
      expect(folded).to.deep.equal(derived(ms));
    });
  });
});
