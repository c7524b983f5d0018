/**
 * What the snapshot brings besides the list, kept live by events: the operator, operators, bots,
 * channels, tags, chat settings and quick replies.
 */
import { atom, computed, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Bot, Channel, ChatSettings, Id, Operator, QuickReply, Snapshot, Tag } from '../model.js';
import { canEditSettings } from '../rules/permissions.js';

/** The dictionaries of a client. */
export class Catalog {
  private readonly me = atom<Operator | null>(null);
  private readonly operators = atom<Operator[]>([]);
  private readonly bots = atom<Bot[]>([]);
  private readonly channels = atom<Channel[]>([]);
  private readonly tags = atom<Tag[]>([]);
  private readonly settings = atom<ChatSettings>({ responseTimeLimitMs: null });
  private readonly quickReplies = atom<QuickReply[]>([]);
  readonly $me: ReadableAtom<Operator | null> = this.me;
  readonly $operators: ReadableAtom<Operator[]> = this.operators;
  readonly $bots: ReadableAtom<Bot[]> = this.bots;
  /** Writable for the tests and stories that simulate channels changed on the server after loading (the protocol has no channel event). */
  readonly $channels: WritableAtom<Channel[]> = this.channels;
  readonly $tags: ReadableAtom<Tag[]> = this.tags;
  readonly $settings: ReadableAtom<ChatSettings> = this.settings;
  readonly $quickReplies: ReadableAtom<QuickReply[]> = this.quickReplies;
  readonly $tagsById: ReadableAtom<ReadonlyMap<Id, Tag>> = computed(this.tags, (tags) => new Map(tags.map((t) => [t.id, t])));
  readonly $channelsById: ReadableAtom<ReadonlyMap<Id, Channel>> = computed(this.channels, (cs) => new Map(cs.map((c) => [c.id, c])));
  readonly $canEditSettings: ReadableAtom<boolean> = computed(this.me, (me) => !!me && canEditSettings(me));

  /** The response-time limit the server ordered the list's pages with (F2). */
  private orderedWithLimit: number | null | undefined;

  /** @param resort sorts the list again after the response-time limit changed (F2). */
  constructor(private readonly resort: () => void) {}

  fromSnapshot(snap: Snapshot): void {
    this.me.set(snap.me);
    this.operators.set(snap.operators);
    this.bots.set(snap.bots);
    this.channels.set(snap.channels);
    this.tags.set(snap.tags);
    this.settings.set(snap.settings);
    this.orderedWithLimit = snap.settings.responseTimeLimitMs;
    this.quickReplies.set(snap.quickReplies);
  }

  /**
   * F2: the response-time limit is part of the processing order's key: once the server has it (its
   * event, or its answer to our own change), the list sorts again.
   */
  settingsApplied(settings: ChatSettings): void {
    this.settings.set(settings);
    if (this.orderedWithLimit === settings.responseTimeLimitMs) return;
    this.orderedWithLimit = settings.responseTimeLimitMs;
    this.resort();
  }

  /** An optimistic settings change; answers its undo. */
  patchSettings(patch: Partial<ChatSettings>): () => void {
    const before = this.settings.get();
    this.settings.set({ ...before, ...patch });
    return () => this.settings.set(before);
  }

  setTags(tags: Tag[]): void {
    this.tags.set(tags);
  }

  /** Replaces the channels (a channel's capabilities changed). */
  setChannels(channels: Channel[]): void {
    this.channels.set(channels);
  }

  setOperators(operators: Operator[], me: Operator | null): void {
    this.operators.set(operators);
    this.me.set(me);
  }

  addQuickReply(q: QuickReply): void {
    if (!this.quickReplies.get().some((x) => x.id === q.id)) this.quickReplies.set([...this.quickReplies.get(), q]);
  }
}
