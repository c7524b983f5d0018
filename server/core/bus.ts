/**
 * Where a command's events go once it commits: the {@link EventBus} contract and the in-process
 * bus. Browser-safe.
 */
import type { Id } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';
import { cloneData } from './clone.js';

/** Options of {@link EventBus.subscribe}. */
export interface SubscribeOptions {
  /**
   * The listener only reads the events it is given, and not after it returns unless it keeps them
   * as they are (a socket that serialises them): it is given the published event itself, shared
   * with every other such listener, instead of a copy of its own. Default false.
   */
  readonly?: boolean;
}

/** Where committed events go, and who hears them. */
export interface EventBus {
  /** Listens to an operator's events, in `seq` order; returns a function that stops it. */
  subscribe(operatorId: Id, listener: (event: ChatEvent) => void, options?: SubscribeOptions): () => void;
  /** The events of one committed command, in order. */
  publish(events: ReadonlyArray<{ operatorId: Id; event: ChatEvent }>): void;
  /** Forgets every listener. */
  close(): void;
}

/** The default {@link EventBus}: listeners in this process. */
export class LocalEventBus implements EventBus {
  /** Each operator's listeners, with whether they only read (see {@link SubscribeOptions.readonly}). */
  private readonly listeners = new Map<Id, Map<(event: ChatEvent) => void, boolean>>();

  subscribe(operatorId: Id, listener: (event: ChatEvent) => void, options: SubscribeOptions = {}): () => void {
    let set = this.listeners.get(operatorId);
    if (!set) this.listeners.set(operatorId, (set = new Map()));
    set.set(listener, options.readonly ?? false);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(operatorId) === set) this.listeners.delete(operatorId);
    };
  }

  /** Whether anyone here listens to the operator. */
  has(operatorId: Id): boolean {
    return this.listeners.has(operatorId);
  }

  publish(events: ReadonlyArray<{ operatorId: Id; event: ChatEvent }>): void {
    for (const { operatorId, event } of events) {
      for (const [l, readonly] of this.listeners.get(operatorId) ?? []) {
        try {
          // A listener that may change what it is given gets its own copy.
          l(readonly ? event : cloneData(event));
        } catch {
          /* a listener's failure is not the bus's */
        }
      }
    }
  }

  close(): void {
    this.listeners.clear();
  }
}
