/**
 * Test helpers for the rules' suites: a seeded PRNG and builders of small domain values.
 * Not part of the public API (imported by `*.test.ts` only).
 */
import { Rng as Prng } from '../../server/demo-data/random.js';
import type { Client, ClientTag, Dialog, Id, Operator, Tag } from '../model.js';

/** The one seeded PRNG (mulberry32, shared with the demo data), so property tests are reproducible. */
export { Prng };

export const T0 = 1_700_000_000_000;

/** A dialog with sensible defaults. */
export function dialog(id: Id, patch: Partial<Dialog> = {}): Dialog {
  return {
    id,
    channelId: 'ch-a',
    clientId: `cl-${id}`,
    title: `Title ${id}`,
    status: 'open',
    assignee: null,
    createdAt: T0,
    openedAt: T0,
    lastActivityAt: T0,
    waitingSince: null,
    lastMessage: null,
    clientMessageCount: 0,
    lastN: 0,
    ...patch,
  };
}

/** A client with sensible defaults. */
export function client(id: Id, patch: Partial<Client> = {}): Client {
  return { id, name: `Client ${id}`, contacts: [], tags: [], source: null, analytics: null, blocked: false, orders: [], ...patch };
}

export function operator(id: Id, patch: Partial<Operator> = {}): Operator {
  return { id, name: id, role: 'operator', rights: { deleteDialogs: false }, online: true, ...patch };
}

export const admin = operator('admin', { role: 'administrator', rights: { deleteDialogs: true } });

export function tag(id: Id, name = id, color = '#888888'): Tag {
  return { id, name, color };
}

export const TAG_IDS = ['t1', 't2', 't3', 't4', 't5', 't6'] as const;

/** Random client tags over {@link TAG_IDS}. */
export function randomTags(rng: Prng): ClientTag[] {
  return rng.subset(TAG_IDS, 0.35).map((tagId) => ({ tagId, pinned: rng.chance(0.4) }));
}

const OPS = ['op1', 'op2', 'op3'];
const CHANNELS = ['ch-a', 'ch-b', 'ch-c'];
const AUTHORS = ['client', 'operator', 'bot', 'system'] as const;

/**
 * Random dialogs with their clients. Timestamps come from a narrow range so ties happen
 * (they exercise the tie-breaks of the comparators).
 */
export function randomInbox(rng: Prng, n: number): { dialogs: Dialog[]; clients: Map<Id, Client> } {
  const dialogs: Dialog[] = [];
  const clients = new Map<Id, Client>();
  for (let i = 0; i < n; i++) {
    const id = `d${String(i).padStart(3, '0')}-${rng.int(0, 999)}`;
    const hasClient = rng.chance(0.9);
    const clientId = hasClient ? `c${i}` : null;
    if (clientId) clients.set(clientId, client(clientId, { name: rng.pick(['Ana', 'José Núñez', 'Иван', 'Zoë', 'Bob']), tags: randomTags(rng) }));
    const author = rng.pick(AUTHORS);
    const lastActivityAt = T0 + rng.int(0, 20) * 1000;
    const assigneeRoll = rng.int(0, 4);
    dialogs.push(
      dialog(id, {
        clientId,
        channelId: rng.pick(CHANNELS),
        status: rng.chance(0.75) ? 'open' : 'closed',
        assignee: assigneeRoll === 0 ? null : assigneeRoll === 1 ? { kind: 'bot', id: 'bot1' } : { kind: 'operator', id: rng.pick(OPS) },
        lastActivityAt,
        waitingSince: rng.chance(0.5) ? T0 + rng.int(0, 20) * 1000 : null,
        lastMessage: rng.chance(0.9)
          ? { id: `m${i}`, author: { kind: author, id: 'x' }, text: rng.pick(['Hola', 'Envío urgente', 'Где мой заказ?', 'thanks']), kind: 'text', attachmentCount: 0, createdAt: lastActivityAt }
          : null,
      }),
    );
  }
  return { dialogs, clients };
}

/** The sign of a comparator's answer. */
export const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
