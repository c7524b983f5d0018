/** L4: drafts per dialog, optionally kept in web storage across reloads. */
import { atom, type ReadableAtom } from 'nanostores';
import type { Id, Operator } from '../model.js';
import type { ClientContext } from './context.js';
import type { Draft } from './types.js';

type DraftStorage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The drafts of a client. */
export class Drafts {
  private readonly drafts = atom<Readonly<Record<Id, Draft>>>({});
  readonly $drafts: ReadableAtom<Readonly<Record<Id, Draft>>> = this.drafts;

  constructor(
    private readonly ctx: ClientContext,
    private readonly $me: ReadableAtom<Operator | null>,
  ) {}

  get(dialogId: Id): Draft | undefined {
    return this.drafts.get()[dialogId];
  }

  private key(): string | null {
    const me = this.$me.get();
    return me ? `chatdesk:drafts:${me.id}` : null;
  }

  private storage(): DraftStorage | null {
    const { draftStorage, persistDrafts } = this.ctx.options;
    if (draftStorage) return draftStorage;
    try {
      if (persistDrafts === 'local') return globalThis.localStorage ?? null;
      if (persistDrafts === 'session') return globalThis.sessionStorage ?? null;
    } catch {
      return null;
    }
    return null;
  }

  /** Reads the saved drafts of the signed-in operator (those typed since stay). */
  restore(): void {
    if (!this.ctx.options.persistDrafts) return;
    const key = this.key();
    const store = this.storage();
    if (!key || !store) return;
    try {
      const raw = store.getItem(key);
      if (!raw) return;
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === 'object') {
        const drafts: Record<Id, Draft> = {};
        for (const [id, d] of Object.entries(parsed as Record<string, unknown>)) {
          if (d && typeof d === 'object' && typeof (d as Draft).text === 'string')
            drafts[id] = { text: (d as Draft).text, quoteId: (d as Draft).quoteId, updatedAt: Number((d as Draft).updatedAt) || 0 };
        }
        this.drafts.set({ ...drafts, ...this.drafts.get() });
      }
    } catch {
      /* a corrupt saved draft is ignored, not fatal */
    }
  }

  private save(): void {
    const key = this.key();
    const store = this.storage();
    if (!this.ctx.options.persistDrafts || !key || !store) return;
    try {
      store.setItem(key, JSON.stringify(this.drafts.get()));
    } catch {
      /* storage full or denied: drafts stay in memory */
    }
  }

  /** Keeps what the operator typed for a dialog; an empty draft is removed. `quoteId` `undefined` keeps the quote. */
  set(dialogId: Id, text: string, quoteId?: Id | null): void {
    const current = this.drafts.get()[dialogId];
    const q = quoteId === undefined ? current?.quoteId : (quoteId ?? undefined);
    const drafts = { ...this.drafts.get() };
    if (!text && !q) delete drafts[dialogId];
    else drafts[dialogId] = { text, quoteId: q, updatedAt: this.ctx.now() };
    this.drafts.set(drafts);
    this.save();
  }
}
