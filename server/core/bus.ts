/**
 * Where a command's events go once it commits: the {@link EventBus} contract and the in-process
 * bus. Browser-safe.
 */
import type { Id } from '../../sdk/model.js';
import type { ChatEvent } from '../../sdk/protocol.js';

/** Where committed events go, and who hears them. */
export interface EventBus {
  /** Listens to an operator's events, in `seq` order; returns a function that stops it. */
  subscribe(operatorId: Id, listener: (event: ChatEvent) => void): () => void;
  /** The events of one committed command, in order. */
  publish(events: ReadonlyArray<{ operatorId: Id; event: ChatEvent }>): void;
  /** Forgets every listener. */
  close(): void;
}

/** The default {@link EventBus}: listeners in this process. */
export class LocalEventBus implements EventBus {
  private readonly listeners = new Map<Id, Set<(event: ChatEvent) => void>>();

  subscribe(operatorId: Id, listener: (event: ChatEvent) => void): () => void {
    let set = this.listeners.get(operatorId);
    if (!set) this.listeners.set(operatorId, (set = new Set()));
    set.add(listener);
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
      for (const l of this.listeners.get(operatorId) ?? []) {
        try {
          l(structuredClone(event));
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
